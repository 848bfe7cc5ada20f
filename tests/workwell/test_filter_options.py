"""Every list page's model choice filters list the options Django's own ModelChoiceField would:
the same values, texts and order. The portal's ModelChoiceFilter (workwell/filters.py) reads
them with `values_list` and makes each option's text from `option_text` columns instead of
str() of a model instance, so a model whose __str__ says something else shows up here."""

import pytest
from django import forms

from tests.factories import ActionFactory, TouchpointFactory, UserFactory
from tests.workwell.test_hostile_query_strings import ROUTES, records  # noqa: F401 - fixture
from workwell.filters import PERSON_TEXT, OptionsField
from workwell.forms import PersonChoiceField
from workwell.models import Role

LIST_ROUTES = [route for route in ROUTES if "new" not in route]


def _django_options(field) -> list[tuple[str, str]]:
    """The options as Django's ModelChoiceField lists them, with the field's empty choice;
    people's as the portal's forms list them from model instances (PersonChoiceField: names
    that repeat told apart)."""
    people = field.option_text == PERSON_TEXT
    django_field = (PersonChoiceField if people else forms.ModelChoiceField)(
        queryset=field.queryset,
        to_field_name=field.to_field_name,
        empty_label=field.empty_label,
        required=False,
    )
    choices = django_field.choices
    return [(str(getattr(value, "value", value)), str(text)) for value, text in choices]


def _portal_options(field) -> list[tuple[str, str]]:
    return [(str(value), str(text)) for value, text in field.choices]


@pytest.mark.parametrize("role", ["admin_user", "rm", "member_a", "regional_lead"])
def test_every_model_choice_filter_lists_what_django_would(client, records, role):  # noqa: F811
    # People with no name are listed by their email address, as User.__str__ shows them; two
    # with one name, with their email addresses too.
    vanguard = records["member_a"].vanguard_membership.vanguard
    nameless = UserFactory(role=Role.RM, full_name="")
    namesakes = UserFactory.create_batch(2, role=Role.RM, full_name="Dev Clarke")
    for person in (nameless, *namesakes):
        TouchpointFactory(author=person, vanguards=[vanguard])
        ActionFactory(owner=person, vanguard=vanguard)
    client.force_login(records[role])
    checked = 0
    for route in LIST_ROUTES:
        filterset = (client.get(route).context or {}).get("filter")
        for field in filterset.form.fields.values() if filterset is not None else ():
            if isinstance(field, forms.ModelChoiceField):
                assert isinstance(field, OptionsField), route  # the cheap listing, everywhere
                assert _portal_options(field) == _django_options(field), route
                checked += 1
    assert checked >= 3  # the check saw the pages' choice filters


def test_an_option_text_that_differs_from_str_is_caught(client, records):  # noqa: F811
    """The comparison above can fail: a filter naming a person by email only does not match."""
    client.force_login(records["admin_user"])
    field = client.get("/touchpoints/").context["filter"].form.fields["author"]
    field.option_text = ("email",)
    assert _portal_options(field) != _django_options(field)
