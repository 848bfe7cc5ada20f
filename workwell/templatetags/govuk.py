"""`{% govuk "tag" text="Overdue" classes="govuk-tag--red" %}` or `{% govuk "table" params %}`.

Keyword arguments with double underscores build nested params: `hint__text="…"` becomes
`{"hint": {"text": "…"}}`.

Dates and times: `{{ when|govuk_datetime }}` ("22 November 2026 at 6:39pm") and
`{{ day|govuk_date }}` ("22 November 2026"), never `|date:"…"` with a format of its own.
"""

import re

from django import template
from django.utils.safestring import SafeString, mark_safe

from workwell import dates
from workwell.filters import DrawnForm
from workwell.forms import Chooser, error_summary_params, render_field
from workwell.govuk import render_component
from workwell.tables import DrawnTable, render_pagination, render_table

register = template.Library()


@register.simple_tag
def govuk(name: str, params: dict | None = None, **kwargs) -> SafeString:
    merged = dict(params or {})
    for key, value in kwargs.items():
        target = merged
        *parents, leaf = key.split("__")
        for parent in parents:
            target = target.setdefault(parent, {})
        target[leaf] = value
    return render_component(name, merged)


@register.simple_tag
def govuk_field(bound_field) -> SafeString:
    """One Django form field as its GOV.UK component, with its label, hint and inline error."""
    return render_field(bound_field)


@register.simple_tag
def govuk_error_summary(*forms) -> SafeString:
    """The error summary for one or more forms; empty when they are valid."""
    items = []
    for form in forms:
        if isinstance(form, DrawnForm | Chooser):  # drawn and kept with their errors
            items.extend(form.error_items)
            continue
        params = error_summary_params(form) if form is not None else None
        if params:
            items.extend(params["errorList"])
    if not items:
        return SafeString("")
    return render_component(
        "error-summary", {"titleText": "There is a problem", "errorList": items}
    )


@register.simple_tag(takes_context=True)
def govuk_table(context, table, caption="") -> SafeString:
    """A django-tables2 table as the GOV.UK table, with sortable headers, then its pagination
    (for a page kept drawn, `DrawnTable`, as it was drawn with its caption)."""
    if isinstance(table, DrawnTable):
        return table.html
    request = context["request"]
    return SafeString(render_table(table, request, caption) + render_pagination(table, request))


@register.filter
def govuk_date(value) -> str:
    """22 November 2026, in UK time for timestamps."""
    return dates.govuk_date(value)


@register.filter
def govuk_datetime(value) -> str:
    """22 November 2026 at 6:39pm, in UK time."""
    return dates.govuk_datetime(value)


# A word whose first letter alone is a capital ("Password"), so sentence case lowers it;
# acronyms (MFA) and names with inner capitals (WorkWell) keep theirs.
_TITLE_WORD = re.compile(r"(?<=[\s-])([A-Z])([a-z]+)\b")


@register.filter(is_safe=True)
def sentence_case(value):
    """GOV.UK headings, labels and buttons are in sentence case: allauth's "Change Password"
    becomes "Change password". The first word keeps its capital."""
    text = str(value)
    leading = len(text) - len(text.lstrip())
    head, rest = text[: leading + 1], text[leading + 1 :]
    changed = head + _TITLE_WORD.sub(lambda m: m.group(1).lower() + m.group(2), rest)
    return mark_safe(changed) if isinstance(value, SafeString) else changed  # noqa: S308
