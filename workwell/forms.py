"""Django forms rendered as GOV.UK Frontend components, with the error summary and inline
errors the Design System asks for. Every field goes through `field_component()`."""

import datetime
from collections import Counter, OrderedDict
from collections.abc import Iterable

from django import forms
from django.db.models.fields import BLANK_CHOICE_DASH
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue
from django.forms.renderers import TemplatesSetting
from django.utils.choices import BaseChoiceIterator
from django.utils.safestring import SafeString

from .govuk import render_component
from .kept import Drawn


def person_labels(people: Iterable[tuple[str, str, str | None]]) -> list[str]:
    """The labels of people offered as choices, from each one's (full name, email address,
    detail): their name (else their email address), with the detail in brackets (their
    vanguard, their role) and, where the name is someone else's in the same list too, their
    email address, so that two people called Dev Clarke can be told apart:
    "Dev Clarke (dev.clarke2@example.com)", "Dev Clarke (NST, dev.clarke2@example.com)".
    A name that is unique in the list is left as it is."""
    people = [(name or email, email, detail) for name, email, detail in people]
    repeated = Counter([shown for shown, _email, _detail in people])  # a list: no call each
    labels = []
    for shown, email, detail in people:
        brackets = [detail] if detail else []
        if repeated[shown] > 1 and shown != email:
            brackets.append(email)
        labels.append(f"{shown} ({', '.join(brackets)})" if brackets else shown)
    return labels


class PersonChoiceIterator(ModelChoiceIterator):
    """A people field's choices, labelled by `person_labels` over the whole list."""

    def __iter__(self):
        field = self.field
        if field.empty_label is not None:
            yield ("", field.empty_label)
        queryset = self.queryset
        if not queryset._prefetch_related_lookups:
            queryset = queryset.iterator()  # as Django's: the field's queryset is not filled
        people = list(queryset)
        details = (
            (person.full_name, person.email, field.person_detail(person)) for person in people
        )
        for person, label in zip(people, person_labels(details), strict=True):
            yield ModelChoiceIteratorValue(field.prepare_value(person), person), label


class PersonChoices:
    """For a model choice field of people (users): their labels by `person_labels`, so that
    people with the same name are told apart. `person_detail` gives what follows a person's
    name in brackets, if anything."""

    iterator = PersonChoiceIterator

    def person_detail(self, person) -> str | None:
        return None


class PersonChoiceField(PersonChoices, forms.ModelChoiceField):
    pass


class PeopleChoiceField(PersonChoices, forms.ModelMultipleChoiceField):
    pass


class FixedChoices(BaseChoiceIterator):
    """A field's choices that never change (a model's TextChoices), shared by every form's
    copy of the field and its widget: Django deep-copies a list of choices for each form made,
    a few Python calls an option, on every form sent as well as drawn."""

    def __init__(self, choices):
        self.choices = tuple(choices)

    def __iter__(self):
        return iter(self.choices)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


class GovukFormRenderer(TemplatesSetting):
    """Forms and their fields as GOV.UK components. `{{ form }}` and `{{ field.as_field_group }}`
    give what the two templates below give, worked out in Python (one Django template render
    per field was a tenth of a filter panel's cost); a form or field naming a template of its
    own renders through it as usual. tests/workwell/test_form_renderer.py compares the two."""

    form_template_name = "forms/govuk_form.html"
    field_template_name = "forms/govuk_field.html"

    def render(self, template_name, context, request=None):
        if template_name == self.form_template_name and "form" in context:
            form = context["form"]
            hidden = "".join(str(field) for field in form.hidden_fields())
            visible = "".join(f"{field.as_field_group()}\n" for field in form.visible_fields())
            return f"{hidden}\n{visible}".strip()  # marked safe by the caller, as Django's
        if template_name == self.field_template_name and "field" in context:
            return render_field(context["field"]).strip()
        return super().render(template_name, context, request)


class GovukDateWidget(forms.MultiWidget):
    """Day, month and year boxes: the GOV.UK date input pattern."""

    def __init__(self, attrs=None):
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()], attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    widget = GovukDateWidget
    default_error_messages = {
        "invalid": "Enter a real date, for example 27 3 2025",
        "incomplete": "Enter a day, a month and a year, for example 27 3 2025",
    }

    def __init__(self, **kwargs):
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        if not all(data_list):
            raise forms.ValidationError(self.error_messages["incomplete"], code="incomplete")
        try:
            day, month, year = (int(str(part).strip()) for part in data_list)
            if year < 1000:
                raise ValueError
            return datetime.date(year, month, day)
        except ValueError as error:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error


def _error_message(bound_field):
    if not bound_field.errors:
        return None
    return {"text": " ".join(str(error) for error in bound_field.errors)}


def _hint(bound_field):
    return {"text": str(bound_field.help_text)} if bound_field.help_text else None


def _blank_radio(field, value: str, label) -> bool:
    """The empty choice a select starts with ("---------" for a model field with choices) is
    never a real answer as a radio: a required question cannot take it, and leaving an
    optional question unanswered sends the same empty value."""
    return value == "" and (field.required or str(label) == BLANK_CHOICE_DASH[0][1])


def _chosen(bound_field) -> set[str]:
    values = bound_field.value()
    if values is None:
        values = []
    elif not isinstance(values, list | tuple):
        values = [values]
    return {str(value) for value in values}


def _as_rows(choices) -> list[tuple[str, str]]:
    """(value, text) choices as strings."""
    return [
        ("" if value is None else str(getattr(value, "value", value)), str(label))
        for value, label in choices
    ]


def _choice_rows(bound_field, *, radios: bool = False) -> list[tuple[str, str]]:
    """The field's choices as (value, text) strings, a radio's blank choice left out."""
    field = bound_field.field
    rows = _as_rows(field.choices)
    if radios:
        rows = [(value, text) for value, text in rows if not _blank_radio(field, value, text)]
    return rows


def _choice_items(bound_field, selected_key, *, radios: bool = False):
    chosen = _chosen(bound_field)
    return [
        {"value": value, "text": text, selected_key: value in chosen}
        for value, text in _choice_rows(bound_field, radios=radios)
    ]


def field_component(bound_field) -> tuple[str, dict]:
    """The GOV.UK component name and macro params that render one bound Django field."""
    field, widget = bound_field.field, bound_field.field.widget
    label = {"text": str(bound_field.label)}
    common = {"hint": _hint(bound_field), "errorMessage": _error_message(bound_field)}
    classes = widget.attrs.get("class")
    attributes = {
        key: value
        for key, value in widget.attrs.items()
        if key not in {"class", "autocomplete", "placeholder"}
    }
    if isinstance(widget, GovukDateWidget):
        values = bound_field.value()
        if not isinstance(values, list | tuple):
            values = widget.decompress(values)
        error_class = " govuk-input--error" if bound_field.errors else ""
        items = [
            {
                "id": f"{bound_field.auto_id}_{index}",
                "name": f"{bound_field.html_name}_{index}",
                "label": part,
                "value": "" if value is None else str(value),
                "classes": ("govuk-input--width-4" if part == "Year" else "govuk-input--width-2")
                + error_class,
                "inputmode": "numeric",
            }
            for index, (part, value) in enumerate(
                zip(("Day", "Month", "Year"), values, strict=True)
            )
        ]
        return "date-input", {
            "id": bound_field.auto_id,
            "items": items,
            "fieldset": {"legend": {"text": label["text"], "classes": "govuk-fieldset__legend--s"}},
            **common,
        }
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        # CheckboxSelectMultiple is a subclass of RadioSelect, so test for it, not for radios.
        is_radio = not isinstance(widget, forms.CheckboxSelectMultiple)
        return ("radios" if is_radio else "checkboxes"), {
            "idPrefix": bound_field.auto_id,
            "name": bound_field.html_name,
            "items": _choice_items(bound_field, "checked", radios=is_radio),
            "fieldset": {"legend": {"text": label["text"], "classes": "govuk-fieldset__legend--s"}},
            "classes": classes
            or ("govuk-radios--small" if is_radio else "govuk-checkboxes--small"),
            **common,
        }
    if isinstance(widget, forms.CheckboxInput):
        return "checkboxes", {
            "idPrefix": bound_field.auto_id,
            "name": bound_field.html_name,
            "items": [{"value": "on", "text": label["text"], "checked": bool(bound_field.value())}],
            "classes": "govuk-checkboxes--small",
            **common,
        }
    if isinstance(widget, forms.Select):
        return "select", _select_params(_select_key(bound_field), bound_field)
    if isinstance(widget, forms.Textarea):
        value = bound_field.value()
        return "textarea", {
            "id": bound_field.auto_id,
            "name": bound_field.html_name,
            "label": label,
            "value": "" if value is None else str(value),
            "rows": widget.attrs.get("rows", 5),
            "attributes": {k: v for k, v in attributes.items() if k not in {"rows", "cols"}},
            **common,
        }
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file-upload", {
            "id": bound_field.auto_id,
            "name": bound_field.html_name,
            "label": label,
            "attributes": attributes,
            **common,
        }
    value = bound_field.value()
    if isinstance(widget, forms.PasswordInput) and not widget.render_value:
        value = None
    params = {
        "id": bound_field.auto_id,
        "name": bound_field.html_name,
        "type": getattr(widget, "input_type", "text"),
        "label": label,
        "value": "" if value is None else field.prepare_value(value),
        "classes": classes,
        "autocomplete": widget.attrs.get("autocomplete"),
        "spellcheck": False if widget.input_type in {"email", "password"} else None,
        "attributes": attributes,
        **common,
    }
    if isinstance(widget, forms.NumberInput):
        # GOV.UK advises text with a numeric keypad, not type=number.
        decimal = isinstance(field, forms.DecimalField)
        params.update(type="text", inputmode="decimal" if decimal else "numeric")
        params["attributes"] = {
            key: value for key, value in attributes.items() if key not in {"step", "min", "max"}
        }
    return "input", params


def _typed(value):
    """A value with its type, so that a key tells "a" from SafeString("a") (escaped apart)."""
    return None if value is None else (type(value), value)


def _select_key(bound_field) -> tuple:
    """Everything a select's params are made from (`_select_params`), as a hashable key: a
    filter panel's selects (hundreds of vanguards) are the same from request to request but
    for the chosen option, so each is rendered once per process and key (`render_field`).
    Kept options (`workwell.filters.OptionsField.kept_choices`) are named in the key by where
    and when they were read rather than listed, with the chosen values."""
    field = bound_field.field
    widget = field.widget
    hint, error = _hint(bound_field), _error_message(bound_field)
    attributes = tuple(
        (key, _typed(value))
        for key, value in widget.attrs.items()
        if key not in {"class", "autocomplete", "placeholder"}
    )
    chosen = _chosen(bound_field)
    kept = getattr(field, "kept_choices", None)
    kept = kept and kept()
    if kept is None:
        items = tuple(
            [
                (type(value), value, type(text), text, value in chosen)
                for value, text in _choice_rows(bound_field)
            ]
        )
    else:
        options, labels = kept
        labels = tuple((type(value), value, type(text), text) for value, text in _as_rows(labels))
        items = (_KEPT_OPTIONS, options, labels, tuple(sorted(chosen)))
    return (
        _typed(bound_field.auto_id),
        _typed(bound_field.html_name),
        _typed(str(bound_field.label)),
        items,
        _typed(widget.attrs.get("class")),
        attributes,
        hint and _typed(hint["text"]),
        error and _typed(error["text"]),
    )


_KEPT_OPTIONS = "kept options"  # a key's items naming kept options (`_select_key`)


def _select_params(key: tuple, bound_field) -> dict:
    """The GOV.UK select's params from `_select_key`'s key (and, for kept options, from the
    bound field the key was made from: the rows it names)."""

    def thawed(typed):
        return None if typed is None else typed[1]

    auto_id, html_name, label, items, classes, attributes, hint, error = key
    if items[:1] == (_KEPT_OPTIONS,):
        items = _choice_items(bound_field, "selected")
    else:
        items = [
            {"value": value, "text": text, "selected": selected}
            for _, value, _, text, selected in items
        ]
    return {
        "id": thawed(auto_id),
        "name": thawed(html_name),
        "label": {"text": thawed(label)},
        "items": items,
        "classes": thawed(classes),
        "attributes": {name: thawed(value) for name, value in attributes},
        "hint": None if hint is None else {"text": thawed(hint)},
        "errorMessage": None if error is None else {"text": thawed(error)},
    }


def _choices_key(bound_field, kind: str) -> tuple:
    """Everything a checkbox list's or radios' params are made from (`field_component`), as a
    hashable key, as `_select_key` is for a select: the options offered with whether each is
    ticked, the label, hint, error and classes. A form's checkbox lists and radios are the same
    from request to request but for what is offered and ticked, so each is rendered once per
    process and key (`render_field`): a new option, a renamed one or another tick is a new
    key, so the markup is right by construction."""
    chosen = _chosen(bound_field)
    items = tuple(
        [
            (type(value), value, type(text), text, value in chosen)
            for value, text in _choice_rows(bound_field, radios=kind == "radios")
        ]
    )
    hint, error = _hint(bound_field), _error_message(bound_field)
    return (
        kind,
        _typed(bound_field.auto_id),
        _typed(bound_field.html_name),
        _typed(str(bound_field.label)),
        items,
        _typed(bound_field.field.widget.attrs.get("class")),
        hint and _typed(hint["text"]),
        error and _typed(error["text"]),
    )


def _choices_params(key: tuple, bound_field) -> dict:
    """The GOV.UK checkboxes' or radios' params from `_choices_key`'s key, as
    `field_component` gives them."""

    def thawed(typed):
        return None if typed is None else typed[1]

    kind, auto_id, html_name, label, items, classes, hint, error = key
    is_radio = kind == "radios"
    return {
        "idPrefix": thawed(auto_id),
        "name": thawed(html_name),
        "items": [
            {"value": value, "text": text, "checked": checked}
            for _, value, _, text, checked in items
        ],
        "fieldset": {"legend": {"text": thawed(label), "classes": "govuk-fieldset__legend--s"}},
        "classes": thawed(classes)
        or ("govuk-radios--small" if is_radio else "govuk-checkboxes--small"),
        "hint": None if hint is None else {"text": thawed(hint)},
        "errorMessage": None if error is None else {"text": thawed(error)},
    }


# Rendered selects, checkbox lists and radios by (component, key), newest used last.
_RENDERED: OrderedDict[tuple, SafeString] = OrderedDict()
RENDERED_SELECTS = 256  # selects, checkbox lists and radios kept


def _rendered(name: str, key: tuple, params, bound_field) -> SafeString:
    """Component `name` for `key` (made from `bound_field`; `params` gives its params from
    them), rendered once per process and key."""
    try:
        html = _RENDERED[name, key]
        _RENDERED.move_to_end((name, key))
        return html
    except KeyError:  # not rendered yet (or dropped by another thread just now)
        pass
    html = _RENDERED[name, key] = render_component(name, params(key, bound_field))
    while len(_RENDERED) > RENDERED_SELECTS:
        _RENDERED.popitem(last=False)
    return html


def render_field(bound_field) -> SafeString:
    widget = bound_field.field.widget
    if isinstance(widget, forms.Select):
        name, key, params = "select", _select_key(bound_field), _select_params
    elif isinstance(widget, forms.RadioSelect):  # and CheckboxSelectMultiple, its subclass
        name = "checkboxes" if isinstance(widget, forms.CheckboxSelectMultiple) else "radios"
        key, params = _choices_key(bound_field, name), _choices_params
    else:
        name, params = field_component(bound_field)
        return render_component(name, params)
    try:
        return _rendered(name, key, params, bound_field)
    except TypeError:  # a value that cannot be a key (a list): as usual
        return render_component(name, params(key, bound_field))


def error_summary_params(form) -> dict | None:
    """Params for the GOV.UK error summary: each error links to its field."""
    if not form.errors:
        return None
    items = [{"text": str(error)} for error in form.non_field_errors()]
    for bound_field in form:
        if not bound_field.errors:
            continue
        target = bound_field.auto_id
        name, _ = field_component(bound_field)
        if name == "date-input":
            target = f"{bound_field.auto_id}_0"
        elif name in {"checkboxes", "radios"}:
            target = bound_field.auto_id
        for error in bound_field.errors:
            items.append({"text": str(error), "href": f"#{target}"})
    return {"titleText": "There is a problem", "errorList": items}


class Chooser:
    """A GET form that chooses what a page shows (a quarter, a region) as `chooser` keeps it:
    checked, its fields drawn and its error summary's items listed; anything else read of it
    is the form's own."""

    def __init__(self, form: forms.Form):
        self.form = form
        self.html = SafeString(str(form))
        params = error_summary_params(form)
        self.error_items = params["errorList"] if params else []

    def __html__(self) -> SafeString:
        return self.html

    __str__ = __html__

    def __getattr__(self, name):  # not drawn: the form's own
        try:
            form = self.__dict__["form"]
        except KeyError:  # not made yet (a copy being built)
            raise AttributeError(name) from None
        return getattr(form, name)


# The choosers made, for the last addresses and choices offered (`chooser`).
CHOOSERS = Drawn(64)


def chooser(form_class, data=None, **offered) -> Chooser:
    """`form_class(data, **offered)` checked and drawn once a process for each address and
    choices offered, then shared by every request that gives the same: read it, never change
    it. `data`: the request's GET (or None), which is all the form is given; `offered`: the
    choices and defaults it is made with, each hashable or a list of hashable items."""
    key = (data.urlencode() if data is not None else None, *sorted(_hashable(offered)))

    def draw() -> Chooser:
        return Chooser(form_class(data, **offered))

    return CHOOSERS(form_class, key, draw)


def _hashable(offered: dict):
    for name, value in offered.items():
        yield name, tuple(value) if isinstance(value, list) else value
