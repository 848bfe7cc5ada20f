"""A select field is rendered once per process and key (`workwell.forms.render_field`): it
must give what the params it was rendered from before give, unmemoised, for selects of every
kind of label, hint, error, attribute, choice and chosen value, including text that needs
escaping, marked-safe text, lazy text, a multiple select and the same field rendered twice;
and for kept options (a filter panel's), as the options read afresh from the database."""

import itertools

import pytest
from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from tests.factories import CohortGroupFactory
from vanguards.models import CohortGroup
from workwell import filters
from workwell.filters import OptionsField
from workwell.forms import _choice_items, _error_message, _hint, _select_key, render_field
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


# --- Kept options (workwell/filters.py OptionsField with `versions`) ----------------------------
#
# A field whose options are kept is memoised under which kept options it reads (the filter's,
# their data versions, when they were read), its empty and null labels and the chosen values,
# not under every option: each render is compared with the field read afresh from the database.


def _options_form(data, *, versions, kept_as, empty_label="All groups", null_label=None, **kw):
    field = OptionsField(
        queryset=CohortGroup.objects.order_by("name"),
        to_field_name="slug",
        empty_label=empty_label,
        null_label=null_label,
        required=False,
        kept_on=(CohortGroup,) if versions else (),
        kept_as=kept_as if versions else None,
        **kw,
    )
    field.versions = versions
    form = type("F", (forms.Form,), {"f": field})(data)
    form.is_valid()
    return form


def _fresh(data, **options) -> str:
    """The select as rendered unmemoised from the options read from the database now."""
    return unmemoised(_options_form(data, versions=None, kept_as=None, **options)["f"])


@pytest.mark.django_db
def test_selects_of_kept_options_render_as_the_options_read_afresh():
    groups = [CohortGroupFactory(name=name) for name in ("Avocet & co", "<Bittern>", "Curlew")]
    kept_as = next(filters._KEPT_KEYS)
    datas = [None, {}, {"f": groups[1].slug}, {"f": "nope"}, {"f": "null"}, {"f": ""}]
    labels = [
        {"empty_label": "All groups"},
        {"empty_label": None},
        {"empty_label": mark_safe("<b>All</b>")},
        {"empty_label": "Any", "null_label": "No group <none>", "null_value": "null"},
        {"empty_label": gettext_lazy("Kind"), "null_label": "None"},
    ]
    compared = 0
    for options, data in itertools.product(labels, datas):
        for _ in range(2):  # rendered, then memoised
            form = _options_form(data, versions=("v1",), kept_as=kept_as, **options)
            assert form["f"].field.kept_choices() is not None  # memoised as kept options
            assert str(render_field(form["f"])) == _fresh(data, **options), (options, data)
            compared += 1
    assert compared == 60


@pytest.mark.django_db
def test_a_change_to_kept_options_shows_once_their_versions_change():
    CohortGroupFactory(name="Dunlin")
    kept_as = next(filters._KEPT_KEYS)
    before = str(render_field(_options_form({}, versions=("v1",), kept_as=kept_as)["f"]))
    assert before == _fresh({}) and ">Dunlin</option>" in before

    egret = CohortGroupFactory(name="Egret")
    # Under the same versions the kept options are what was read under them.
    same = str(render_field(_options_form({}, versions=("v1",), kept_as=kept_as)["f"]))
    assert same == before
    # A new version (a save replaced it): the new group is listed, chosen or not.
    for data in ({}, {"f": egret.slug}):
        after = str(render_field(_options_form(data, versions=("v2",), kept_as=kept_as)["f"]))
        assert after == _fresh(data) and ">Egret</option>" in after


@pytest.mark.django_db
def test_kept_options_read_again_after_a_minute_show_a_change(monkeypatch):
    CohortGroupFactory(name="Fulmar")
    kept_as = next(filters._KEPT_KEYS)
    render_field(_options_form({}, versions=("v1",), kept_as=kept_as)["f"])
    CohortGroupFactory(name="Gannet")  # a change whose version never reached the cache
    monkeypatch.setattr(filters, "KEPT_OPTIONS_SECONDS", 0)
    again = str(render_field(_options_form({}, versions=("v1",), kept_as=kept_as)["f"]))
    assert again == _fresh({}) and ">Gannet</option>" in again


@pytest.mark.django_db
def test_two_filters_kept_under_the_same_versions_are_not_taken_for_each_other():
    CohortGroupFactory(name="Heron")
    first = _options_form({}, versions=("v1",), kept_as=next(filters._KEPT_KEYS))
    render_field(first["f"])
    CohortGroupFactory(name="Ibis")
    second = _options_form({}, versions=("v1",), kept_as=next(filters._KEPT_KEYS))
    assert str(render_field(second["f"])) == _fresh({}) and ">Ibis</option>" in _fresh({})


@pytest.mark.django_db
def test_a_kept_select_key_names_its_options_rather_than_listing_them():
    groups = CohortGroupFactory.create_batch(30)
    form = _options_form({"f": groups[3].slug}, versions=("v1",), kept_as=next(filters._KEPT_KEYS))
    key = repr(_select_key(form["f"]))
    assert groups[3].slug in key  # the chosen value
    assert not any(group.slug in key for group in groups[4:])
