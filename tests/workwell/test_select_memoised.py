"""A select field is rendered once per process and key (`workwell.forms.render_field`): it
must give what the params it was rendered from before give, unmemoised, for selects of every
kind of label, hint, error, attribute, choice and chosen value, including text that needs
escaping, marked-safe text, lazy text, a multiple select and the same field rendered twice."""

import itertools

from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from workwell.forms import _choice_items, _error_message, _hint, render_field
from workwell.govuk import _IN_PYTHON


def unmemoised(bound_field) -> str:
    """The select as rendered before: the params built from the field as they were, rendered
    by the component's Python rendering itself (no memoising)."""
    widget = bound_field.field.widget
    params = {
        "id": bound_field.auto_id,
        "name": bound_field.html_name,
        "label": {"text": str(bound_field.label)},
        "items": _choice_items(bound_field, "selected"),
        "classes": widget.attrs.get("class"),
        "attributes": {
            key: value
            for key, value in widget.attrs.items()
            if key not in {"class", "autocomplete", "placeholder"}
        },
        "hint": _hint(bound_field),
        "errorMessage": _error_message(bound_field),
    }
    return _IN_PYTHON["select"](params)


LABELS = [
    "Vanguard",
    'Tom & "Jerry" <b>',
    mark_safe("<b>Bold</b> &amp; safe"),
    gettext_lazy("Kind"),
]
HINTS = ["", "For example, <none> & 'some'", mark_safe("<i>safe</i>")]
CHOICES = [
    [("", "Any"), ("a", "A & B"), ("b", "<script>x</script>"), ("c", mark_safe("<em>C</em>"))],
    [(None, "---------"), (1, "One"), (2, 'Two "quoted"'), (3, gettext_lazy("Three"))],
    [("x'y", "Apostrophe value"), ("<v>", "Angle value"), ("&", "Ampersand value")],
]
ATTRS = [{}, {"class": "govuk-!-width-full"}, {"data-module": "x&y", "aria-describedby": "a<b"}]
DATA = [None, {}, {"f": "a"}, {"f": "1"}, {"f": "<v>"}, {"f": "x'y"}, {"f": "nope"}, {"f": ""}]


def _form(label, hint, choices, attrs, data, *, multiple=False, required=False):
    field_class = forms.MultipleChoiceField if multiple else forms.ChoiceField
    widget = (forms.SelectMultiple if multiple else forms.Select)(attrs=dict(attrs))
    field = field_class(
        label=label, help_text=hint, choices=choices, widget=widget, required=required
    )
    form_class = type("F", (forms.Form,), {"f": field})
    if data is None:
        return form_class()
    if multiple and "f" in data:
        from django.http import QueryDict

        query = QueryDict(mutable=True)
        query.setlist("f", [data["f"], "b"])
        data = query
    form = form_class(data)
    form.is_valid()  # errors for a choice not offered, or a required one left empty
    return form


def test_selects_render_as_their_params_did_before():
    compared = 0
    for label, hint, choices, attrs, data, multiple, required in itertools.product(
        LABELS, HINTS, CHOICES, ATTRS, DATA, (False, True), (False, True)
    ):
        form = _form(label, hint, choices, attrs, data, multiple=multiple, required=required)
        for _ in range(2):  # rendered, then memoised
            assert str(render_field(form["f"])) == unmemoised(form["f"]), (
                label, hint, choices, attrs, data, multiple, required
            )  # fmt: skip
            compared += 1
    assert compared > 3000


def test_a_marked_safe_label_is_not_taken_for_the_same_plain_text():
    plain = _form("<b>x</b>", "", CHOICES[0], {}, None)
    safe = _form(mark_safe("<b>x</b>"), "", CHOICES[0], {}, None)
    assert "&lt;b&gt;x&lt;/b&gt;" in str(render_field(plain["f"]))
    assert "<b>x</b>" in str(render_field(safe["f"]))
    assert "&lt;b&gt;x&lt;/b&gt;" in str(render_field(plain["f"]))


def test_the_chosen_option_is_not_memoised_with_another():
    first = str(render_field(_form("V", "", CHOICES[0], {}, {"f": "a"})["f"]))
    second = str(render_field(_form("V", "", CHOICES[0], {}, {"f": "b"})["f"]))
    assert '<option value="a" selected>' in first and '<option value="a" selected>' not in second
    assert '<option value="b" selected>' in second


def test_an_attribute_that_cannot_be_a_key_renders_as_usual():
    form = _form("V", "", CHOICES[0], {"data-x": ["not", "hashable"]}, None)
    assert str(render_field(form["f"])) == unmemoised(form["f"])
