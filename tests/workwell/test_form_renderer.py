"""`{{ form }}` and each field's `as_field_group` are worked out in Python by the portal's form
renderer (workwell.forms.GovukFormRenderer); they must give what the two templates give
(templates/forms/govuk_form.html, govuk_field.html), for every form the portal's pages show:
unbound, bound and valid, and bound with errors."""

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting

from tests.workwell.test_hostile_query_strings import ROUTES, records  # noqa: F401 - fixture
from workwell.forms import GovukFormRenderer

# Filter values that make most filter forms invalid, so their error messages are compared too.
BAD_FILTERS = {
    "vanguard": "999999",
    "cohort_group": "nope",
    "status": "nope",
    "date_from_0": "31",
    "date_from_1": "2",
    "date_from_2": "2025",
}


class TemplatesOnly(TemplatesSetting):
    """The same templates, every one rendered by Django's template engine."""

    form_template_name = GovukFormRenderer.form_template_name
    field_template_name = GovukFormRenderer.field_template_name


def _forms(context) -> list[forms.BaseForm]:
    """The forms in a response's context (one template's, or each of several templates')."""
    found = {}
    contexts = context if isinstance(context, list) else [context] if context else []
    for one in contexts:
        for value in one.flatten().values():
            form = getattr(value, "form", value)  # a FilterSet, or a page of several forms
            if isinstance(form, forms.BaseForm):
                found[id(form)] = form
    return list(found.values())


def _through_templates(form) -> str:
    # Each bound field keeps the renderer its form had when it was made: make them afresh.
    renderer, bound_fields = form.renderer, form._bound_fields_cache
    form.renderer, form._bound_fields_cache = TemplatesOnly(), {}
    try:
        return str(form.render())
    finally:
        form.renderer, form._bound_fields_cache = renderer, bound_fields


@pytest.mark.parametrize("role", ["admin_user", "rm", "member_a"])
def test_forms_render_as_their_templates_do(client, records, role):  # noqa: F811
    client.force_login(records[role])
    compared = 0
    for route in ROUTES:
        responses = [client.get(route), client.get(route, BAD_FILTERS)]
        if "new" in route or "invite" in route:
            responses.append(client.post(route, {}))  # the form again, with its errors
        for response in responses:
            for form in _forms(response.context):
                assert str(form) == _through_templates(form), route
                compared += 1
    assert compared >= 10
