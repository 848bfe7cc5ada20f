"""Render GOV.UK Frontend components through the govuk-frontend-jinja port of the official
Nunjucks macros, so the portal's markup is the Design System's own (tests/workwell/
test_govuk_fixtures.py checks each component against the fixtures shipped with govuk-frontend)."""

from functools import cache

import jinja2
from django.utils.safestring import SafeString, mark_safe
from markupsafe import Markup


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PrefixLoader(
            {"govuk_frontend_jinja": jinja2.PackageLoader("govuk_frontend_jinja")}
        ),
        autoescape=True,
        undefined=jinja2.Undefined,
    )


@cache
def _macro(name: str):
    macro_name = "govuk" + "".join(part.capitalize() for part in name.split("-"))
    template = _environment().get_template(f"govuk_frontend_jinja/components/{name}/macro.html")
    return getattr(template.module, macro_name)


def _jinja_safe(value):
    """Django's SafeStrings must stay safe inside Jinja (they arrive as `html` params)."""
    if isinstance(value, SafeString):
        return Markup(value)  # noqa: S704 - already escaped by Django
    if isinstance(value, dict):
        return {key: _jinja_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jinja_safe(item) for item in value]
    return value


def render_component(name: str, params: dict) -> SafeString:
    """Render GOV.UK component `name` (e.g. "error-summary") with the macro's `params`."""
    return mark_safe(str(_macro(name)(_jinja_safe(params))))  # noqa: S308 - Jinja escaped it
