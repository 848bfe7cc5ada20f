"""`workwell.forms.chooser`: a page's GET chooser (a quarter, a region) is made, checked and
drawn once a process for each address and choices offered, and shared; what differs in either
gives a form of its own, with its own errors."""

import pytest
from django import forms
from django.http import QueryDict
from django.test import Client

from workwell import forms as workwell_forms
from workwell.dates import Quarter
from workwell.forms import Chooser, chooser


class Picker(forms.Form):
    made = []  # one item each time a Picker is made

    region = forms.ChoiceField(
        label="Region",
        required=False,
        error_messages={"invalid_choice": "Select a region from the list"},
    )

    def __init__(self, data, *, regions: list[tuple[str, str]], default: Quarter):
        super().__init__(data)
        Picker.made.append(1)
        self.default = default
        self.fields["region"].choices = [("", "All regions"), *regions]


REGIONS = [("london", "London"), ("north-west", "North West")]
DEFAULT = Quarter(2026, 2)


@pytest.fixture(autouse=True)
def _nothing_made(monkeypatch):
    monkeypatch.setattr(workwell_forms, "CHOOSERS", workwell_forms.Drawn(64))
    Picker.made.clear()


def test_the_same_address_and_choices_share_one_form_checked_and_drawn():
    first = chooser(Picker, QueryDict("region=london"), regions=list(REGIONS), default=DEFAULT)
    again = chooser(Picker, QueryDict("region=london"), regions=list(REGIONS), default=DEFAULT)
    assert again is first and len(Picker.made) == 1
    assert isinstance(first, Chooser)
    assert first.cleaned_data == {"region": "london"}  # the form's own, read through
    assert first.default == DEFAULT
    assert '<option value="london" selected>London</option>' in str(first)
    assert first.error_items == []


def test_another_address_gives_its_own_form_with_its_errors():
    chosen = chooser(Picker, QueryDict("region=london"), regions=REGIONS, default=DEFAULT)
    wrong = chooser(Picker, QueryDict("region=nowhere"), regions=REGIONS, default=DEFAULT)
    unbound = chooser(Picker, None, regions=REGIONS, default=DEFAULT)
    assert len({id(chosen), id(wrong), id(unbound)}) == 3
    assert wrong.error_items == [{"text": "Select a region from the list", "href": "#id_region"}]
    assert "Select a region from the list" in str(wrong)
    assert not unbound.is_bound and unbound.error_items == []


def test_other_choices_offered_give_a_form_of_their_own():
    before = chooser(Picker, QueryDict(""), regions=REGIONS, default=DEFAULT)
    more = [*REGIONS, ("south-west", "South West")]
    after = chooser(Picker, QueryDict(""), regions=more, default=DEFAULT)
    later = chooser(Picker, QueryDict(""), regions=REGIONS, default=Quarter(2026, 3))
    assert len({id(before), id(after), id(later)}) == 3
    assert "South West" in str(after) and "South West" not in str(before)
    assert later.default == Quarter(2026, 3)


@pytest.mark.django_db
def test_a_dashboard_reads_each_address_its_own_choice(programme_lead, vanguard_a):
    client = Client()
    client.force_login(programme_lead)
    for _ in range(2):  # made once, then shared
        wrong = client.get("/reporting/dashboard/?region=nowhere").content.decode()
        assert "There is a problem" in wrong
        assert 'href="#id_region">Select a region from the list</a>' in wrong
        fine = client.get("/reporting/dashboard/").content.decode()
        assert "There is a problem" not in fine
        assert "Select a region from the list" not in fine
