"""Every GOV.UK component the portal renders must produce the Design System's own markup.

The portal renders components through a community Jinja port of the official Nunjucks macros
(`workwell.govuk.render_component`), so nothing but these tests guarantees that the port, and the
way we call it, matches GOV.UK Frontend. govuk-frontend ships its examples with the expected
HTML (`fixtures.json`); we render each one and compare. The list of components is worked out
from the code at import time, so a component used for the first time is tested automatically.

The comparison parses both sides into tokens (tag, sorted attributes, text with runs of
whitespace collapsed, whitespace-only text dropped): indentation and attribute order differ
between Nunjucks and Jinja output and mean nothing to a browser; anything else is a real
difference and fails.
"""

import json
import re
from html.parser import HTMLParser
from importlib.resources import files
from pathlib import Path

import pytest
from django import forms
from django.core.validators import RegexValidator

from workwell.forms import field_component, render_field
from workwell.govuk import render_component

ROOT = Path(__file__).resolve().parents[2]
FIXTURES_DIR = ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk" / "components"
PROJECT_APPS = ("workwell", "vanguards", "maturity", "learning", "reporting")

# What `workwell.forms.field_component()` can return, plus the error summary of every form and
# what `workwell.tables` renders for django-tables2 tables.
FORM_AND_TABLE_COMPONENTS = {
    "input",
    "textarea",
    "select",
    "checkboxes",
    "radios",
    "date-input",
    "file-upload",
    "error-summary",
    "table",
    "pagination",
}

TEMPLATE_TAG_USE = re.compile(r"""\{%\s*govuk\s+["']([a-z-]+)["']""")
PYTHON_CALL = re.compile(r"""render_component\(\s*["']([a-z-]+)["']""")
MACRO_IMPORT = re.compile(r"""govuk_frontend_jinja/components/([a-z-]+)/macro\.html""")


def _template_files() -> list[Path]:
    app_templates = [ROOT / app / "templates" for app in PROJECT_APPS]
    return [
        path
        for directory in [ROOT / "templates", *app_templates]
        for path in directory.glob("**/*.html")
    ]


def _python_files() -> list[Path]:
    return [path for app in PROJECT_APPS for path in (ROOT / app).glob("**/*.py")]


def _with_nested_components(names: set[str]) -> set[str]:
    """Add the components the port's macros call themselves (input renders label, hint...)."""
    macros = files("govuk_frontend_jinja") / "templates" / "components"
    pending, found = list(names), set()
    while pending:
        name = pending.pop()
        if name in found:
            continue
        found.add(name)
        pending.extend(MACRO_IMPORT.findall((macros / name / "macro.html").read_text()))
    return found


def used_components() -> list[str]:
    names = set(FORM_AND_TABLE_COMPONENTS)
    for path in _template_files():
        names.update(TEMPLATE_TAG_USE.findall(path.read_text()))
    for path in _python_files():
        names.update(PYTHON_CALL.findall(path.read_text()))
    return sorted(_with_nested_components(names))


COMPONENTS = used_components()


def _fixtures(component: str) -> list[dict]:
    return json.loads((FIXTURES_DIR / component / "fixtures.json").read_text())["fixtures"]


def _fixture_params() -> list:
    return [
        pytest.param(component, fixture, id=f"{component}: {fixture['name']}")
        for component in COMPONENTS
        for fixture in _fixtures(component)
    ]


class _CanonicalHTML(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[tuple] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append(("start", tag, tuple(sorted(attrs))))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.tokens.append(("end", tag))

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.tokens.append(("text", re.sub(r"\s+", " ", data)))

    def handle_comment(self, data: str) -> None:
        self.tokens.append(("comment", data.strip()))


def canonical(html: str) -> list[tuple]:
    parser = _CanonicalHTML()
    parser.feed(html)
    parser.close()
    return parser.tokens


def test_the_component_list_covers_what_the_portal_renders():
    assert COMPONENTS
    # Not "footer": its macro always adds the crown and a Crown copyright link, so the
    # brand-free portal draws GOV.UK's footer markup itself (templates/includes/footer.html).
    for name in ("service-navigation", "error-summary", "input", "table", "label"):
        assert name in COMPONENTS
    # A misspelt name in a template would otherwise just skip its fixtures.
    missing = [name for name in COMPONENTS if not (FIXTURES_DIR / name / "fixtures.json").exists()]
    assert missing == []


def test_canonical_form_ignores_layout_but_not_content():
    assert canonical('<div  id="a" class="b">\n  <p>\n    Hi  there\n  </p>\n</div>') == canonical(
        '<div class="b" id="a"><p> Hi there </p></div>'
    )
    assert canonical('<p class="b">Hi</p>') != canonical('<p class="c">Hi</p>')
    assert canonical("<span>Error:</span> Hi") != canonical("<span>Error:</span>Hi")


@pytest.mark.parametrize(("component", "fixture"), _fixture_params())
def test_component_matches_govuk_frontend_fixture(component: str, fixture: dict):
    rendered = render_component(component, fixture["options"])
    assert canonical(rendered) == canonical(fixture["html"])


class NationalInsuranceForm(forms.Form):
    ni_number = forms.CharField(
        label="National Insurance number",
        validators=[
            RegexValidator(
                r"^[A-Z]{2}[0-9]{6}[A-D]$",
                "Enter a National Insurance number in the correct format",
            )
        ],
    )


def test_text_field_with_error_renders_as_the_input_fixture_does():
    form = NationalInsuranceForm(data={"ni_number": "QQ 12"})
    assert not form.is_valid()
    bound_field = form["ni_number"]
    fixture = next(f for f in _fixtures("input") if f["name"] == "with error message")

    assert field_component(bound_field)[0] == "input"
    # The fixture's own options, with our id, name and the submitted value put back.
    expected = render_component(
        "input", {**fixture["options"], "id": "id_ni_number", "name": "ni_number", "value": "QQ 12"}
    )
    html = render_field(bound_field)
    assert canonical(html) == canonical(expected)

    tokens = canonical(html)
    label = next(dict(t[2]) for t in tokens if t[:2] == ("start", "label"))
    field = next(dict(t[2]) for t in tokens if t[:2] == ("start", "input"))
    error = next(dict(t[2]) for t in tokens if t[:2] == ("start", "p"))
    assert label["for"] == field["id"] == "id_ni_number"
    assert field["aria-describedby"] == error["id"] == "id_ni_number-error"
    assert "govuk-error-message" in error["class"]
    assert '<span class="govuk-visually-hidden">Error:</span> Enter a National Insurance' in html


class ChannelForm(forms.Form):
    # As a ModelForm makes a required model field with choices: a blank "---------" first.
    channel = forms.ChoiceField(
        choices=[("", "---------"), ("webinar", "Webinar"), ("coaching", "Coaching")],
        widget=forms.RadioSelect,
    )
    optional = forms.ChoiceField(
        choices=[("", "---------"), ("yes", "Yes")], required=False, widget=forms.RadioSelect
    )
    any_status = forms.ChoiceField(
        choices=[("", "Any status"), ("open", "Open")], required=False, widget=forms.RadioSelect
    )


def test_radios_never_offer_the_blank_select_choice():
    form = ChannelForm()
    values = {
        name: [item["value"] for item in field_component(form[name])[1]["items"]]
        for name in form.fields
    }
    assert values["channel"] == ["webinar", "coaching"]
    assert values["optional"] == ["yes"]  # unanswered already sends the empty value
    assert values["any_status"] == ["", "open"]  # a blank choice with a real label stays
    assert "---------" not in render_field(form["channel"]) + render_field(form["optional"])
