"""The speed-ups in `workwell.govuk` change no character of the output.

`render_component` replaces parts of the govuk-frontend-jinja port with Python (the
`govukAttributes` macro, Jinja's `indent` filter, dict lookups). Here every govuk-frontend
fixture of every component the portal renders is rendered both ways — through
`render_component` and through the port exactly as published, in a Jinja environment of its own —
and the two strings must be equal, whitespace included. (test_govuk_fixtures.py compares with
govuk-frontend's expected HTML, ignoring layout; this compares byte for byte.)
"""

import jinja2
import pytest
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy
from markupsafe import Markup

from workwell.govuk import _environment, _pagination, govuk_attributes, indent, render_component

from .test_govuk_fixtures import COMPONENTS, _fixtures


def _published_environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PrefixLoader(
            {"govuk_frontend_jinja": jinja2.PackageLoader("govuk_frontend_jinja")}
        ),
        autoescape=True,
    )


PUBLISHED = _published_environment()


def published_macro(name: str):
    macro_name = "govuk" + "".join(part.capitalize() for part in name.split("-"))
    template = PUBLISHED.get_template(f"govuk_frontend_jinja/components/{name}/macro.html")
    return getattr(template.module, macro_name)


def test_the_published_environment_is_not_the_portals():
    published = PUBLISHED.get_template("govuk_frontend_jinja/macros/attributes.html")
    assert published.module.govukAttributes is not govuk_attributes
    assert PUBLISHED.filters["indent"] is not indent


@pytest.mark.parametrize(
    ("component", "fixture"),
    [
        pytest.param(component, fixture, id=f"{component}: {fixture['name']}")
        for component in COMPONENTS
        for fixture in _fixtures(component)
    ],
)
def test_component_output_is_the_published_macros_character_for_character(component, fixture):
    expected = str(published_macro(component)(fixture["options"]))

    assert render_component(component, fixture["options"]) == expected


def test_django_safe_strings_stay_safe_and_plain_strings_are_escaped():
    params = {"rows": [[{"html": mark_safe("<a href='/x'>x</a>")}, {"text": "<b>"}]]}
    published = {"rows": [[{"html": Markup("<a href='/x'>x</a>")}, {"text": "<b>"}]]}

    rendered = render_component("table", params)

    assert isinstance(rendered, SafeString)
    assert rendered == str(published_macro("table")(published))
    assert "<a href='/x'>x</a>" in rendered
    assert "&lt;b&gt;" in rendered


ATTRIBUTE_VALUES = [
    "plain",
    '<quoted & "escaped">',
    Markup("<already> safe"),
    "",
    0,
    1,
    3.5,
    None,
    True,
    False,
    {},
    {"value": "x"},
    {"value": True, "optional": True},
    {"value": False, "optional": True},
    {"value": None, "optional": True},
    {"value": "", "optional": True},
    {"value": 0, "optional": True},
    {"value": "x", "optional": False},
    {"optional": True},
    {"val": "from a safe filter"},
    {"val": None},
    {"val": {"value": True, "optional": True}},
]


@pytest.mark.parametrize("value", ATTRIBUTE_VALUES, ids=repr)
def test_attributes_match_the_published_macro(value):
    published = PUBLISHED.get_template("govuk_frontend_jinja/macros/attributes.html")
    macro = published.module.govukAttributes
    attributes = {"data-x": value}

    assert govuk_attributes(attributes) == str(macro(attributes))
    several = {"a": value, "b<": "two", "c": {"value": True, "optional": True}}
    assert govuk_attributes(several) == str(macro(several))


@pytest.mark.parametrize("attributes", [None, {}, 'data-raw="<x>"', Markup('id="x"'), 5])
def test_attributes_that_are_not_a_mapping_match_the_published_macro(attributes):
    published = PUBLISHED.get_template("govuk_frontend_jinja/macros/attributes.html")

    assert govuk_attributes(attributes) == str(published.module.govukAttributes(attributes))


@pytest.mark.parametrize(
    "text",
    ["", "one line", "two\nlines", "blank\n\nline\n", Markup("<b>safe</b>\n<i>x</i>"), "a\r\nb"],
    ids=repr,
)
@pytest.mark.parametrize(
    ("width", "first", "blank"), [(4, False, False), (2, True, False), ("--", False, True)]
)
def test_indent_matches_jinjas(text, width, first, blank):
    expected = jinja2.filters.do_indent(text, width, first, blank)

    result = indent(text, width, first, blank)

    assert result == expected
    assert type(result) is type(expected)


# Beyond the fixtures: what the portal's own pages pass to the two components rendered in Python.
TABLE_PARAMS = [
    {},
    {"rows": []},
    {"rows": [[], [{"text": "after an empty row"}]]},
    {"caption": "<Caption>", "captionClasses": "govuk-table__caption--m", "classes": "x<"},
    {
        "head": [
            {"html": mark_safe('<a class="govuk-link" href="?o=a&amp;b">A</a>')},
            {"text": "B", "format": "numeric", "attributes": {"aria-sort": "none"}},
            {"text": None, "classes": "c", "colspan": 2, "rowspan": 1},
            {"text": 5, "attributes": {}},
        ],
        "rows": [
            [
                {"html": mark_safe("<b>1</b>"), "format": "numeric"},
                {"text": "<2>", "format": None, "attributes": {"data-x": True}},
                {"text": None},
                {},
            ],
            [{"text": 0}, {"html": "", "text": "fallback"}, {"html": None}, {"colspan": 3}],
        ],
        "firstCellIsHeader": True,
    },
    {
        # Cells with classes and no attributes (the heatmap's), first cell a header or not.
        "rows": [
            [
                {"text": "Row", "classes": "app-x"},
                {"text": "3", "classes": "app-heatmap__cell app-heatmap__cell--3"},
                {"html": mark_safe("<i>n</i>"), "classes": "c<", "format": "numeric"},
                {"text": "none", "classes": None},
                {"text": "empty", "classes": ""},
                {"text": "numeric", "format": "numeric", "classes": "x"},
            ],
            [{"text": "format ignored", "format": "numeric", "classes": "h"}, {"classes": "y"}],
        ],
        "firstCellIsHeader": True,
    },
    {"rows": [[{"text": "1", "classes": "a"}, {"text": "2", "classes": "b"}]]},
    {
        # Plain cells' formats and texts of every kind (the cell written in one step).
        "rows": [
            [
                {"text": "a", "format": ""},
                {"text": "b", "format": "other<"},
                {"text": "c", "format": 0},
                {"text": None, "format": "numeric"},
                {"text": 0},
                {"text": Markup("<m>")},
                {"text": "<&>", "format": "numeric", "classes": "k"},
                {"html": "", "text": 7},
            ]
        ]
    },
    {
        # Spans without attributes (the pulse results' "Too few responses" across a source's
        # columns), on a row header and on cells, with the other plain keys and without.
        "rows": [
            [
                {"text": "<Row>", "colspan": 2, "classes": "h"},
                {"text": "Too few responses", "colspan": 6},
                {"text": "3", "format": "numeric", "rowspan": 2, "classes": "c"},
                {"html": mark_safe("<b>s</b>"), "colspan": "3<", "rowspan": None},
                {"text": "none", "colspan": None, "rowspan": 0},
            ],
            [{"text": "not a header", "rowspan": 2}],
        ],
        "firstCellIsHeader": True,
    },
    {"rows": [[{"text": "no header", "colspan": 2}, {"text": "x", "rowspan": 3}]]},
    {"head": [{"text": "only a head"}], "firstCellIsHeader": False},
    {"rows": [["not a dict"]]},
    {"rows": [({"text": "a tuple row"},)]},
]


@pytest.mark.parametrize("params", TABLE_PARAMS, ids=repr)
def test_table_matches_the_published_macro(params):
    assert render_component("table", params) == str(published_macro("table")(_published(params)))


TAG_PARAMS = [
    {"text": "Overdue", "classes": "govuk-tag--red"},
    {"text": "<Open>"},
    {"text": None},
    {"text": 3},
    {},
    {"html": mark_safe("\n  <span>Two\nlines</span>  \n")},
    {"html": "plain html", "text": "ignored"},
    {"html": "", "text": "empty html falls back"},
    {"text": "x", "attributes": {"id": "tag-1", "data-module": {"value": True, "optional": True}}},
    {"text": "x", "attributes": 'data-raw="1"'},
]


@pytest.mark.parametrize("params", TAG_PARAMS, ids=repr)
def test_tag_matches_the_published_macro(params):
    assert render_component("tag", params) == str(published_macro("tag")(_published(params)))


# What the homes pass (reporting.presenters.home.task_list), and the edges of the macro's shape.
_TASK = {
    "title": {"text": "Complete your quarterly return: 2026-27 Q2"},
    "href": "/reporting/vanguards/alpha/returns/2026-27-q2/",
    "status": {"tag": {"text": "Overdue", "classes": "govuk-tag--red"}},
    "hint": {"text": "It was due on 1 November 2026"},
}
TASK_LIST_PARAMS = [
    {"idPrefix": "tasks-1", "items": [_TASK]},
    {
        "idPrefix": "tasks-2",
        "items": [
            {**_TASK, "hint": {}},
            {
                "title": {"text": "Your concern #4: <a complaint>"},
                "href": "/feedback/concerns/4/?a=1&b=2",
                "status": {
                    "text": "Waiting for the NST",
                    "classes": "govuk-task-list__status--cannot-start-yet",
                },
                "hint": {"text": "Investigating: response due 3 December 2026"},
            },
            {"title": {"text": "Agreed"}, "href": "/x/", "status": {"text": "Completed"}},
        ],
    },
    {"items": [{"title": {"text": "No link", "classes": "app-x"}, "status": {"text": "Done"}}]},
    {"items": [{"title": {"text": "No link"}, "status": {}, "hint": {"text": "a hint"}}]},
    {
        "items": [
            {
                "title": {"html": mark_safe("\n <b>Bold</b>\nnext line  \n")},
                "href": "/y/",
                "status": {"html": mark_safe("<i>done</i>\n<i>twice</i>"), "classes": "z"},
                "hint": {"html": mark_safe("  hint\nlines "), "text": "ignored"},
                "classes": "app-item",
            },
            None,
            {"title": {"text": "after a gap"}, "status": {"tag": {"html": mark_safe("<b>t</b>")}}},
        ],
        "classes": "app-list",
        "attributes": {"data-x": "1"},
    },
    {"items": []},
    {"idPrefix": "", "items": [{**_TASK, "title": {"text": "default prefix"}}]},
    {"idPrefix": 'a"b<c', "items": [{**_TASK, "title": {"text": "escaped prefix"}}]},
    {"idPrefix": mark_safe("safe<id"), "items": [_TASK]},
]


@pytest.mark.parametrize("params", TASK_LIST_PARAMS, ids=repr)
def test_task_list_matches_the_published_macro(params):
    expected = str(published_macro("task-list")(_published(params)))

    assert render_component("task-list", params) == expected


@pytest.mark.parametrize(
    "params",
    [
        {},  # no items
        {"items": [{"title": {"text": "no status"}, "href": "/z/"}]},
        {"items": ["not a mapping", _TASK]},
    ],
    ids=repr,
)
def test_a_task_list_the_published_macro_fails_on_still_fails(params):
    with pytest.raises(Exception) as published:
        published_macro("task-list")(_published(params))

    with pytest.raises(type(published.value)):
        render_component("task-list", params)


# What `workwell.tables.render_pagination` passes, and the edges of the numbered list's shape.
PAGINATION_PARAMS = [
    {
        "items": [
            {"number": 1, "href": "?page=1", "current": False},
            {"ellipsis": True},
            {"number": 7, "href": "?page=7&q=a%26b", "current": True},
            {"number": 8, "href": "?page=8", "current": False},
        ],
        "landmarkLabel": "Pages",
        "previous": {"href": "?page=6"},
        "next": {"href": "?page=8"},
    },
    {"items": [{"number": 1, "href": "?page=1", "current": True}], "landmarkLabel": "Pages"},
    {"items": [], "next": {"href": "<&>"}, "landmarkLabel": ""},
    {"items": [None, {}, {"number": "2", "href": "x"}], "previous": {"href": "p"}},
    {"items": [{"ellipsis": True, "current": True, "number": 3}], "previous": {"href": ""}},
    {"items": [{"href": "no-number"}], "next": None, "classes": "c<", "attributes": {"a": 1}},
    {"items": [{"number": 1, "href": "h"}], "next": {}},
    {"items": [{"number": 1}], "previous": {"href": "p", "attributes": {"data-p": True}}},
]


@pytest.mark.parametrize("params", PAGINATION_PARAMS, ids=repr)
def test_pagination_matches_the_published_macro(params):
    assert _pagination(params) is not None  # rendered in Python, not handed to the macro
    expected = str(published_macro("pagination")(_published(params)))

    assert render_component("pagination", params) == expected


def test_pagination_the_python_leaves_alone_goes_to_the_macro():
    params = {"items": [{"number": 1, "href": "h", "attributes": {"data-x": "<y>"}}]}
    assert _pagination(params) is None
    assert render_component("pagination", params) == str(published_macro("pagination")(params))


def _published(value):
    """What the published macros are given: Django's safe strings as Jinja's Markup."""
    if isinstance(value, SafeString):
        return Markup(value)  # noqa: S704 - safe already
    if isinstance(value, dict):
        return {key: _published(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_published(item) for item in value)
    return value


SELECT_ITEMS = [
    {"value": "", "text": "Any"},
    {"value": "a", "text": "<A>"},
    {"value": 2, "text": "Two"},
    {"text": "text only"},
    {"value": None, "text": "None"},
    {"value": True, "text": "Yes"},
    {"value": "c", "text": "C", "selected": False},
    {"value": "d", "text": "D", "selected": True, "disabled": True},
    {"value": "e", "text": "E", "attributes": {"data-x": "1"}},
    None,
    {},
]
SELECT_PARAMS = [
    {"id": "f", "name": "f", "label": {"text": "F"}, "items": SELECT_ITEMS},
    {"name": "f", "label": {"html": mark_safe("<b>F</b>")}, "items": SELECT_ITEMS, "value": "a"},
    {"name": "f", "label": {}, "items": SELECT_ITEMS, "value": 2},
    {"name": "f", "label": None, "items": SELECT_ITEMS, "value": "text only"},
    {"name": "f", "label": {"text": "F"}, "items": SELECT_ITEMS, "value": "c"},
    {"name": "f", "items": [], "label": {"text": "Empty"}},
    {
        "id": "g",
        "name": "g<",
        "items": SELECT_ITEMS,
        "hint": {"text": "Hint"},
        "errorMessage": {"text": "Wrong", "visuallyHiddenText": ""},
        "describedBy": "other",
        "classes": "govuk-!-width-full",
        "disabled": True,
        "attributes": {"data-module": "x"},
        "formGroup": {
            "classes": "fg",
            "attributes": {"data-fg": "1"},
            "beforeInput": {"html": mark_safe("<i>before</i>")},
            "afterInput": {"text": "<after>"},
        },
        "label": {"text": "G", "isPageHeading": True, "classes": "govuk-label--l"},
    },
    {
        "name": "h",
        "label": {"text": "H"},
        "items": SELECT_ITEMS,
        "hint": {"html": mark_safe("a\nb")},
    },
    {"name": "h", "label": {"text": "H"}, "items": SELECT_ITEMS, "errorMessage": {"html": "<b>"}},
    {"name": "no-items", "label": {"text": "No items"}},
    {"label": {"text": "no name"}, "items": SELECT_ITEMS},
]


@pytest.mark.parametrize("params", SELECT_PARAMS, ids=repr)
def test_select_matches_the_published_macro(params):
    assert render_component("select", params) == str(published_macro("select")(_published(params)))


def test_a_select_without_a_label_fails_as_the_published_macro_does():
    params = {"name": "f", "items": SELECT_ITEMS}

    with pytest.raises(jinja2.UndefinedError):
        published_macro("select")(params)
    with pytest.raises(jinja2.UndefinedError):
        render_component("select", params)


def test_layout_components_rendered_once_still_tell_safe_strings_from_text():
    # The skip link, phase banner and footer are rendered once per process and params; a
    # SafeString and a str with the same characters are different params.
    escaped = render_component("skip-link", {"text": "<b>Skip</b>", "href": "#main"})
    safe = render_component("skip-link", {"text": mark_safe("<b>Skip</b>"), "href": "#main"})

    assert "&lt;b&gt;Skip" in escaped
    assert "<b>Skip</b>" in safe
    assert escaped == render_component("skip-link", {"text": "<b>Skip</b>", "href": "#main"})
    assert escaped == str(published_macro("skip-link")({"text": "<b>Skip</b>", "href": "#main"}))


# The form components in Python: what the portal's fields, filter panels and pages pass, and
# the edge cases where the macro's `{% if %}`, `default` and `!= undefined` decide.
FORM_PART_PARAMS = {
    "label": [
        {"text": "Vanguard", "for": "id_vanguard"},
        {"text": "<Name>", "classes": "govuk-label--s", "attributes": {"data-x": "1"}},
        {"html": mark_safe("  <b>Bold</b>\nline  "), "text": "ignored", "isPageHeading": True},
        {"text": "", "for": "x"},
        {"text": None, "for": "x"},
        {"html": "", "text": 0},
        {"text": 5},
        {},
    ],
    "hint": [
        {"id": "id_date_from-hint", "text": "For example, 1 4 2025"},
        {"text": "<no id>", "classes": "c", "attributes": 'data-raw="1"'},
        {"html": mark_safe("a\nb"), "id": ""},
        {"text": None},
        {},
    ],
    "error-message": [
        {"id": "id_x-error", "text": "Enter a real date"},
        {"text": "<Wrong>", "visuallyHiddenText": ""},
        {"text": "x", "visuallyHiddenText": None},
        {"text": "x", "visuallyHiddenText": "Warning", "classes": "c", "attributes": {"a": 1}},
        {"html": mark_safe("<b>\nbold</b>"), "text": "ignored"},
        {},
    ],
    "fieldset": [
        {"legend": {"text": "From", "classes": "govuk-fieldset__legend--s"}, "html": "<i>x</i>"},
        {"legend": {"html": mark_safe("<b>L</b>\nx"), "isPageHeading": True}, "role": "group"},
        {"legend": {"text": "<L>", "isPageHeading": True}, "describedBy": "a b", "classes": "c"},
        {"legend": {"text": ""}, "html": mark_safe("<p>inside</p>")},
        {"legend": {}, "attributes": {"data-x": True}},
        {"legend": None},
        {"legend": {"text": None}},
    ],
    "input": [
        {
            "id": "id_email",
            "name": "email",
            "type": "email",
            "label": {"text": "Email address"},
            "value": "",
            "classes": None,
            "autocomplete": "email",
            "spellcheck": False,
            "attributes": {},
            "hint": None,
            "errorMessage": None,
        },
        {
            "id": "id_q",
            "name": "q",
            "label": {"text": "Search", "classes": "govuk-label--s"},
            "value": "<x>",
            "classes": mark_safe("govuk-!-width-full"),
            "spellcheck": None,
            "hint": {"text": "Name or ODS code"},
            "errorMessage": {"text": "Too long", "visuallyHiddenText": ""},
            "describedBy": "other",
            "inputmode": "numeric",
            "attributes": {"maxlength": "100"},
        },
        {"name": "n", "label": None, "spellcheck": True, "value": 0, "disabled": True},
        {"name": "n", "label": {}, "type": "", "spellcheck": 1, "formGroup": {"classes": "g"}},
        {"name": "n", "label": {"text": "£"}, "prefix": {"text": "£"}},
        {"name": "n", "label": {"text": "after"}, "formGroup": {"afterInput": {"text": "x"}}},
    ],
    "date-input": [
        {
            "id": "id_date_from",
            "items": [
                {
                    "id": "id_date_from_0",
                    "name": "date_from_0",
                    "label": "Day",
                    "value": "",
                    "classes": "govuk-input--width-2 govuk-input--error",
                    "inputmode": "numeric",
                },
                {"id": "id_date_from_2", "name": "date_from_2", "label": "Year", "value": "<2025>"},
            ],
            "fieldset": {"legend": {"text": "From", "classes": "govuk-fieldset__legend--s"}},
            "hint": {"text": "For example, 1 4 2025"},
            "errorMessage": {"text": "Enter a real date, for example 27 3 2025"},
        },
        {"id": "d", "namePrefix": "when", "items": [], "classes": "c", "attributes": {"a": "b"}},
        {"id": "d", "items": [{"name": "day", "pattern": "[0-9]*", "autocomplete": "bday-day"}]},
        {"items": [{"label": "", "name": "dAY", "classes": mark_safe("x<y")}]},
        {"id": "d", "fieldset": {"legend": {"text": "L"}, "describedBy": "extra"}, "hint": {}},
        {"id": "d", "formGroup": {"beforeInputs": {"text": "before"}}},
    ],
    "checkboxes": [
        {
            "idPrefix": "id_mine",
            "name": "mine",
            "items": [{"value": "on", "text": "Only mine", "checked": False}],
            "classes": "govuk-checkboxes--small",
            "hint": None,
            "errorMessage": None,
        },
        {
            "idPrefix": "id_status",
            "name": "status",
            "items": [
                {"value": "open", "text": "<Open>", "checked": True},
                None,
                {"divider": "or"},
                {"value": "closed", "text": "Closed", "hint": {"text": "Done"}, "name": "other"},
                {"value": "x", "html": mark_safe("<b>X</b>"), "label": {"classes": "l<"}},
                {"value": "y", "text": "Y", "behaviour": "exclusive", "hint": {}},
                {"value": "z", "text": "Z", "checked": False, "disabled": True},
                {"value": "c", "text": "C", "conditional": {"html": mark_safe("<p>c</p>\n")}},
            ],
            "values": ["closed", "z", "c"],
            "fieldset": {"legend": {"text": "Status"}, "describedBy": "fs"},
            "describedBy": "ignored-with-fieldset-describedby",
            "hint": {"text": "Any"},
            "errorMessage": {"text": "Choose"},
            "formGroup": {"classes": "fg", "attributes": {"data-fg": "1"}},
        },
        {"name": "n", "items": [{"value": "a", "text": "A", "hint": {"text": "h"}}], "hint": {}},
        {"name": "n", "describedBy": "d", "items": [{"value": "a", "text": "A"}], "values": "abc"},
        {"items": [{"value": 1, "text": 1, "id": "own-id"}, {"value": None}]},
        {"name": "n", "items": [{"value": "a", "label": "not a dict"}]},
        {"name": "n", "items": [{"value": "a"}], "formGroup": {"afterInputs": {"text": "after"}}},
    ],
    "radios": [
        {
            "idPrefix": "id_mine",
            "name": "mine",
            "items": [{"value": "", "text": "Everyone's", "checked": False}, {"value": "yes"}],
            "fieldset": {"legend": {"text": "Whose", "classes": "govuk-fieldset__legend--s"}},
            "classes": "govuk-radios--small",
            "hint": {"text": "Pick one"},
            "errorMessage": {"text": "Pick"},
        },
        {
            "name": "r",
            "value": "b",
            "describedBy": "ignored-by-radios",
            "items": [
                {"value": "a", "text": "A", "hint": {"html": mark_safe("<i>h</i>")}},
                {"value": "b", "text": "B", "conditional": {"html": "<p>b</p>"}},
                {"divider": "or"},
                {"value": "c", "text": "C", "checked": True, "attributes": {"data-c": "1"}},
            ],
            "fieldset": {"legend": {"text": "R"}, "describedBy": "fs"},
        },
        {"name": "r", "value": "b", "items": [{"value": "b", "text": "B", "checked": False}]},
    ],
    "button": [
        {"text": "Apply filters", "classes": "govuk-button--secondary"},
        {"text": "Save", "preventDoubleClick": True},
        {"text": "Save", "preventDoubleClick": False},
        {"text": "Save", "preventDoubleClick": None},
        {"text": "<Go>", "href": "/x?a=1&b=2", "isStartButton": True, "id": "start"},
        {"html": mark_safe("  <b>Go</b>\nnow "), "type": "button", "value": "v<", "name": "n"},
        {"text": "Off", "disabled": True, "attributes": {"data-x": "1"}, "type": ""},
        {"text": "Start", "isStartButton": True},
        {"href": "", "text": "empty href is a button"},
        {},
    ],
}


@pytest.mark.parametrize(
    ("component", "params"),
    [
        pytest.param(component, params, id=f"{component}: {params!r}")
        for component, cases in FORM_PART_PARAMS.items()
        for params in cases
    ],
)
def test_form_parts_match_the_published_macros(component, params):
    expected = str(published_macro(component)(_published(params)))

    assert render_component(component, params) == expected


def test_macros_call_the_form_parts_in_python_with_the_same_output():
    # Checkboxes, radios, date inputs and selects call label, hint, error message, fieldset
    # and input from inside their macros, which is where most of those calls happen.
    portal = _environment()
    for name in ("label", "hint", "error-message", "fieldset", "input"):
        macro_name = "govuk" + "".join(part.capitalize() for part in name.split("-"))
        template = portal.get_template(f"govuk_frontend_jinja/components/{name}/macro.html")
        assert getattr(template.module, macro_name).__name__ == "call"
    params = {
        "idPrefix": "id_mine",
        "name": "mine",
        "fieldset": {"legend": {"text": "Mine", "classes": "govuk-fieldset__legend--s"}},
        "hint": {"text": "Only yours"},
        "errorMessage": {"text": "Choose"},
        "items": [
            {"value": "on", "text": "<Mine>", "checked": True, "hint": {"text": "Item hint"}},
            {"value": "off", "html": mark_safe("<b>Not</b>"), "label": {"classes": "x"}},
        ],
    }
    date = {
        "id": "id_from",
        "fieldset": {"legend": {"text": "From"}},
        "hint": {"text": "For example, 1 4 2025"},
        "errorMessage": {"text": "Enter a real date"},
        "items": [
            {"id": "id_from_0", "name": "from_0", "label": "Day", "value": "<1>", "classes": "x"},
            {"name": "month", "inputmode": "text", "attributes": {"data-x": "1"}},
        ],
    }
    expected = str(published_macro("date-input")(_published(date)))
    assert render_component("date-input", date) == expected
    for component in ("checkboxes", "radios"):
        expected = str(published_macro(component)(_published(params)))
        assert render_component(component, params) == expected


def test_the_service_navigation_rendered_once_per_variant_still_has_each_requests_slots():
    # Rendered once per navigation and page, with each request's "Sign out" form (its CSRF
    # token differs every time) put where the macro outputs the slot.
    def params(token, current="/touchpoints/"):
        return {
            "serviceName": "Service",
            "serviceUrl": "/",
            "navigation": [
                {"href": "/", "text": "Home", "active": False, "current": current == "/"},
                {"href": "/touchpoints/", "text": "<Touchpoints>", "active": True},
            ],
            "slots": {
                "navigationEnd": mark_safe(f'<li><input value="{token}"></li>'),  # noqa: S308
                "start": "<p>start</p>",
                "end": "",
            },
        }

    for token in ("first", "second", "<!--workwell-slot:start-->"):
        for current in ("/", "/touchpoints/"):
            expected = str(
                published_macro("service-navigation")(_published(params(token, current)))
            )
            assert render_component("service-navigation", params(token, current)) == expected


@pytest.mark.parametrize(
    ("component", "params"),
    [
        ("date-input", {"id": "d", "items": None}),
        ("date-input", {"id": "d", "fieldset": {"classes": "no legend"}}),
        ("input", {"name": "no-label"}),
    ],
    ids=repr,
)
def test_params_the_published_macro_fails_on_still_fail(component, params):
    with pytest.raises((TypeError, jinja2.UndefinedError)) as published:
        published_macro(component)(params)
    with pytest.raises(published.type):
        render_component(component, params)


def test_memoised_form_components_follow_every_param():
    """Form components are rendered once per process and params (`_MEMOISED_COMPONENTS`): a
    new value, or a string marked safe where the same characters were not, is a new render."""

    def select(value, text):
        items = [{"value": "a", "text": text}, {"value": "b", "text": "B"}]
        params = {"name": "s", "id": "s", "label": {"text": "S"}, "items": items, "value": value}
        return str(render_component("select", params))

    assert '<option value="a" selected>' in select("a", "A")
    assert '<option value="b" selected>' in select("b", "A")
    assert ">&lt;b&gt;</option>" in select("a", "<b>")
    assert "><b></option>" in select("a", SafeString("<b>"))
    assert ">&lt;b&gt;</option>" in select("a", "<b>")


def test_memoised_macros_follow_every_param():
    """The back link, summary list and pagination left to their macros are rendered once per
    process and params (`_MEMOISED_MACROS`): each render is the published macro's output, and a
    new value, or a string marked safe where the same characters were not, is a new render."""

    def summary(value):
        params = {"rows": [{"key": {"text": "Status"}, "value": {"text": value}}]}
        html = str(render_component("summary-list", params))
        assert html == str(published_macro("summary-list")(params))
        return html

    assert "Active" in summary("Active")
    assert "Closed" in summary("Closed") and "Active" not in summary("Closed")
    assert "&lt;b&gt;" in summary("<b>")
    assert "<b>" in summary(SafeString("<b>"))
    assert "&lt;b&gt;" in summary("<b>")
    older = {"next": {"href": "?page=2#timeline", "text": "Show older"}, "landmarkLabel": "T"}
    assert render_component("pagination", older) == str(published_macro("pagination")(older))
    back = {"href": "/vanguards/", "text": "All vanguards"}
    assert render_component("back-link", back) == str(published_macro("back-link")(back))
    assert 'href="/x/"' in render_component("back-link", {**back, "href": "/x/"})


# Typed values a date filter's boxes may hold: markup, quotes, line breaks (which `indent`
# would change), blanks, a value that is itself the marker the memoised render puts in its
# place, and one that looks like a marked-up attribute.
TYPED_DATE_VALUES = [
    "1",
    "2025",
    "<script>",
    "\"q\" & 'a'",
    "a\nb",
    "x\u2028y",
    "",
    " ",
    "\ue000date-value-0\ue000",
    'value="\ue000date-value-1\ue000"',
    "£½",
]


@pytest.mark.parametrize("typed", TYPED_DATE_VALUES, ids=repr)
def test_date_inputs_with_typed_values_match_the_published_macro(typed):
    """A date input with values typed in is rendered once per shape, the values put in its
    `value` attributes afterwards (`_date_input_with_values`): the published macro's output,
    whatever the values, the boxes' own and each other's."""

    def date(day, month, year, error=None):
        parts = zip(("Day", "Month", "Year"), (day, month, year), strict=True)
        params = {
            "id": "id_date_from",
            "items": [
                {
                    "id": f"id_date_from_{index}",
                    "name": f"date_from_{index}",
                    "label": label,
                    "value": value,
                    "classes": "govuk-input--width-2",
                    "inputmode": "numeric",
                }
                for index, (label, value) in enumerate(parts)
            ],
            "fieldset": {"legend": {"text": "From", "classes": "govuk-fieldset__legend--s"}},
            "hint": {"text": "For example, 1 4 2025"},
        }
        if error:
            params["errorMessage"] = {"text": error}
        return params

    for params in (
        date(typed, "4", "2025"),
        date("1", typed, typed),
        date(typed, typed, "", error="Enter a real date"),
        date(None, typed, 2025),
    ):
        expected = str(published_macro("date-input")(_published(params)))
        assert render_component("date-input", params) == expected
        assert render_component("date-input", params) == expected  # and from the memo


def test_frozen_params_tell_apart_what_renders_differently():
    """The memo key of a component's params (`_frozen`): a SafeString is not the str of the
    same characters, True is not 1, a str subclass keeps its type, and a value of another
    kind (a date) is refused, so that it renders as usual."""
    import datetime

    from workwell.govuk import _frozen

    assert _frozen({"a": "<b>"}) != _frozen({"a": SafeString("<b>")})
    assert _frozen([True]) != _frozen([1])
    assert _frozen({"items": [{"v": "x"}]}) == _frozen({"items": ({"v": "x"},)})
    assert _frozen({"k": Markup("m")}) == (dict, (("k", (Markup, "m")),))

    class Choice(str):
        pass

    assert _frozen([Choice("x")]) == (list, ((Choice, "x"),))
    with pytest.raises(TypeError):
        _frozen({"items": [{"value": datetime.date(2025, 4, 1)}]})


# Text typed into a textarea: markup, quotes, line breaks, blanks, the marker the memoised
# render puts in its place, text marked safe and lazy text (not memoised: rendered as usual).
TYPED_TEXT = [
    "Reviewed referrals.",
    "<script>alert(1)</script>",
    "\"q\" & 'a'",
    "line one\nline two\n\n  indented",
    "x\u2028y",
    "",
    " ",
    None,
    "\ue000textarea-value\ue000",
    "</textarea><b>",
    "£½",
    SafeString("<b>safe</b>"),
    gettext_lazy("Lazy"),
]


@pytest.mark.parametrize("typed", TYPED_TEXT, ids=repr)
def test_textareas_with_typed_text_match_the_published_macro(typed):
    """A textarea is rendered once per shape, the text typed put in afterwards (`_textarea`):
    the published macro's output whatever the text, with or without a hint and an error."""
    for extra in ({}, {"hint": {"text": "Say <what>"}, "errorMessage": {"text": "Enter it"}}):
        params = {"id": "id_summary", "name": "summary", "label": {"text": "Summary"}, **extra}
        params |= {"value": typed, "rows": 3, "attributes": {}}
        safe = isinstance(typed, SafeString)
        published = {**params, "value": Markup(typed) if safe else typed}  # noqa: S704 - a test
        for _ in range(2):  # rendered, then memoised
            assert render_component("textarea", params) == str(
                published_macro("textarea")(published)
            )
