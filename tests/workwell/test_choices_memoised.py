"""Checkbox lists and radios are rendered once per process and key (`workwell.forms.render_field`,
as selects are): each must give what its params gave before, built by `field_component` and
rendered by the component's Python rendering itself, for every kind of label, hint, error,
class, choice and ticked value, including text that needs escaping, marked-safe text and lazy
text; and an option changed, added or ticked must show, never the markup of another key."""

import itertools

from django import forms
from django.http import QueryDict
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from workwell.forms import field_component, render_field
from workwell.govuk import _IN_PYTHON


def unmemoised(bound_field) -> str:
    """The field as rendered before: its params as `field_component` builds them, rendered by
    the component's Python rendering (no memoising)."""
    name, params = field_component(bound_field)
    return _IN_PYTHON[name](params)


LABELS = [
    "Vanguards",
    'Tom & "Jerry" <b>',
    mark_safe("<b>Bold</b> &amp; safe"),
    gettext_lazy("Kind"),
]
HINTS = ["", "For example, <none> & 'some'", mark_safe("<i>safe</i>")]
CHOICES = [
    [("a", "A & B"), ("b", "<script>x</script>"), ("c", mark_safe("<em>C</em>"))],
    [("", "---------"), (1, "One"), (2, 'Two "quoted"'), (3, gettext_lazy("Three"))],
    [("x'y", "Apostrophe value"), ("<v>", "Angle value")],
    [],
]
CLASSES = [None, "govuk-checkboxes--small govuk-!-margin-0", "x&y"]
DATA = [None, [], ["a"], ["1", "2"], ["<v>"], ["x'y", "b"], ["nope"], [""]]


def _form(label, hint, choices, classes, data, *, radios=False, required=False):
    widget_class = forms.RadioSelect if radios else forms.CheckboxSelectMultiple
    widget = widget_class(attrs={"class": classes} if classes else {})
    field_class = forms.ChoiceField if radios else forms.MultipleChoiceField
    field = field_class(
        label=label, help_text=hint, choices=choices, widget=widget, required=required
    )
    form_class = type("F", (forms.Form,), {"f": field})
    if data is None:
        return form_class()
    query = QueryDict(mutable=True)
    query.setlist("f", data[:1] if radios else data)
    form = form_class(query)
    form.is_valid()  # errors for a choice not offered, or a required one left empty
    return form


def test_checkboxes_and_radios_render_as_their_params_did_before():
    cases = list(
        itertools.product(LABELS, HINTS, CHOICES, CLASSES, DATA, (False, True), (False, True))
    )
    for *made_of, radios, required in cases:
        form = _form(*made_of, radios=radios, required=required)
        drawn = [str(render_field(form["f"])) for _ in range(2)]  # rendered, then memoised
        assert drawn == [unmemoised(form["f"])] * 2, (made_of, radios, required)
    assert len(cases) > 2000


def test_a_model_choice_field_renders_as_before(db):
    from workwell.models import ProgrammeTheme

    field = forms.ModelMultipleChoiceField(
        queryset=ProgrammeTheme.objects.all(), widget=forms.CheckboxSelectMultiple
    )
    form_class = type("F", (forms.Form,), {"f": field})
    chosen = list(ProgrammeTheme.objects.values_list("pk", flat=True)[:2])
    for form in (form_class(), form_class({"f": chosen}), form_class({"f": ["0"]})):
        form.is_valid()
        assert str(render_field(form["f"])) == unmemoised(form["f"])


def test_a_marked_safe_label_or_option_is_not_taken_for_the_same_plain_text():
    plain = _form("<b>x</b>", "", [("a", "<i>y</i>")], None, None)
    safe = _form(mark_safe("<b>x</b>"), "", [("a", mark_safe("<i>y</i>"))], None, None)
    assert "&lt;b&gt;x&lt;/b&gt;" in str(render_field(plain["f"]))
    assert "<b>x</b>" in str(render_field(safe["f"]))
    assert "&lt;i&gt;y&lt;/i&gt;" in str(render_field(plain["f"]))
    assert "<i>y</i>" in str(render_field(safe["f"]))


def test_a_ticked_option_is_not_memoised_with_another():
    first = str(render_field(_form("V", "", CHOICES[0], None, ["a"])["f"]))
    second = str(render_field(_form("V", "", CHOICES[0], None, ["b"])["f"]))
    assert 'value="a" checked' in first and 'value="a" checked' not in second
    assert 'value="b" checked' in second and 'value="b" checked' not in first


def test_a_changed_or_added_option_shows():
    before = str(render_field(_form("V", "", [("1", "Alpha")], None, None)["f"]))
    renamed = str(render_field(_form("V", "", [("1", "Alpha renamed")], None, None)["f"]))
    added = str(render_field(_form("V", "", [("1", "Alpha"), ("2", "Bravo")], None, None)["f"]))
    assert "Alpha" in before and "renamed" not in before and "Bravo" not in before
    assert "Alpha renamed" in renamed
    assert 'value="2"' in added and "Bravo" in added


def test_an_error_is_not_memoised_with_the_field_without_it():
    bound = _form("V", "", CHOICES[0], None, ["nope"], required=True)
    unbound = _form("V", "", CHOICES[0], None, None, required=True)
    assert "govuk-error-message" in str(render_field(bound["f"]))
    assert "govuk-error-message" not in str(render_field(unbound["f"]))
