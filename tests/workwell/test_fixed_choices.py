"""workwell.forms.FixedChoices: a field's unchanging choices, shared by every form's copy, and
checked and drawn as the same choices given as a list."""

from django import forms

from vanguards.models import Touchpoint
from workwell.forms import FixedChoices, render_field


class Listed(forms.Form):
    kind = forms.ChoiceField(choices=Touchpoint.Kind.choices, widget=forms.RadioSelect)


class Fixed(forms.Form):
    kind = forms.ChoiceField(
        choices=FixedChoices(Touchpoint.Kind.choices), widget=forms.RadioSelect
    )


def test_every_form_shares_the_fields_choices():
    first, second = Fixed(), Fixed()
    assert first.fields["kind"] is not second.fields["kind"]
    assert first.fields["kind"].choices is second.fields["kind"].choices
    assert first.fields["kind"].widget.choices is Fixed.base_fields["kind"].widget.choices


def test_choices_are_checked_as_a_lists_are():
    for value in ("check_in", "nonsense", ""):
        listed, fixed = Listed({"kind": value}), Fixed({"kind": value})
        assert listed.is_valid() == fixed.is_valid()
        assert listed.errors == fixed.errors
    assert Fixed({"kind": "check_in"}).is_valid()
    assert not Fixed({"kind": "nonsense"}).is_valid()


def test_choices_are_drawn_as_a_lists_are():
    for data in (None, {"kind": "check_in"}, {"kind": "nonsense"}):
        listed, fixed = Listed(data), Fixed(data)
        if data:
            listed.is_valid(), fixed.is_valid()
        drawn = render_field(fixed["kind"])
        assert drawn == render_field(listed["kind"])
        assert fixed["kind"].as_widget() == listed["kind"].as_widget()  # Django's own
        assert 'value="check_in"' in drawn
