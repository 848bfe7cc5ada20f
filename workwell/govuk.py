"""Render GOV.UK Frontend components through the govuk-frontend-jinja port of the official
Nunjucks macros, so the portal's markup is the Design System's own (tests/workwell/
test_govuk_fixtures.py checks each component against the fixtures shipped with govuk-frontend).

Every list row and every tag goes through here, so the per-call cost matters (README,
Performance). The environment and each macro are built once per process; the port's hot spots
are replaced by Python that returns the same characters (tests/workwell/test_govuk_engine.py
compares them with the port's own): the `table`, `tag` and `pagination` components and the
form components of every filter panel and form (`_IN_PYTHON`; those other macros call also
replace their macro inside them), the layout's components once per process (the service
navigation with each request's slots put in), and inside every macro:

- `govukAttributes`, the private macro every component calls (once per table cell), whitespace
  included;
- Jinja's `indent` filter, which did its work on Markup, escaping each line again;
- dict lookups: the macros read `params.text`, and Jinja tries the attribute before the key,
  raising and catching an AttributeError each time; `Params` answers the attribute directly.
"""

import re
from collections.abc import Mapping
from functools import cache, lru_cache

import jinja2
from django.utils.safestring import SafeString, mark_safe
from markupsafe import Markup, escape

ATTRIBUTES_TEMPLATE = "govuk_frontend_jinja/macros/attributes.html"


class Params(dict):
    """A macro's params: `params.text` in a macro finds the key without Jinja first trying an
    attribute and catching the AttributeError. Dict methods (`items`, `get`) still win over
    keys, and a missing key is still undefined, exactly as for a plain dict."""

    __slots__ = ()

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


_MISSING = object()


def _undefined(value) -> bool:
    """Missing, as the macro sees it: an absent key, or a Jinja Undefined passed on by the
    macro that called it (`{'value': params.describedBy}` with no describedBy)."""
    return value is _MISSING or isinstance(value, jinja2.Undefined)


def govuk_attributes(attributes) -> Markup:
    """The port's `govukAttributes` macro in Python, with the same output character for
    character, including the whitespace the macro's own template lines leave behind."""
    if isinstance(attributes, str):
        return Markup(attributes)  # noqa: S704 - the macro outputs a string param `| safe`
    if not isinstance(attributes, Mapping):
        return Markup("")
    parts = ["\n    "]
    html = ""
    for name, value in attributes.items():
        if isinstance(value, Mapping) and not _undefined(value.get("val", _MISSING)):
            # A `safe`-filtered value that came through as {"val": ...} (govuk-frontend#4937).
            value = value["val"]
            parts.append("\n        \n      ")
        if isinstance(value, Mapping):
            option_value = value.get("value", _MISSING)
            optional = value.get("optional", _MISSING)
        else:
            option_value = ("true" if value else "false") if isinstance(value, bool) else value
            optional = False
        if optional is True and option_value is True:
            html = f"{html} {escape(name)}"
            parts.append("\n        ")
        elif optional is not True or not (
            _undefined(option_value) or option_value is None or option_value is False
        ):
            shown = "" if _undefined(option_value) else escape(option_value)
            html = f'{html} {escape(name)}="{shown}"'
            parts.append("\n        \n      ")
        parts.append("\n    ")
    parts.append("\n  ")
    parts.append(html)
    return Markup("".join(parts))  # noqa: S704 - names and values escaped above


def indent(s, width=4, first=False, blank=False):
    """Jinja's `indent` filter, with the same result, working on the plain string: Jinja's own
    escapes every line of Markup again to join them."""
    if not isinstance(s, str):
        return jinja2.filters.do_indent(s, width, first, blank)
    indention = width if isinstance(width, str) else " " * width
    lines = (str(s) + "\n").splitlines()
    if blank:
        result = ("\n" + indention).join(lines)
    else:
        result = lines[0]
        if len(lines) > 1:
            result += "\n" + "\n".join(indention + line if line else line for line in lines[1:])
    if first:
        result = indention + result
    return Markup(result) if isinstance(s, Markup) else result  # noqa: S704 - was Markup


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PrefixLoader(
            {"govuk_frontend_jinja": jinja2.PackageLoader("govuk_frontend_jinja")}
        ),
        autoescape=True,
        undefined=jinja2.Undefined,
        # The macros never change while the process runs: without this, every macro call
        # stat()s the attributes template it imports to see whether it changed on disk.
        auto_reload=False,
        cache_size=-1,
    )
    environment.filters["indent"] = indent
    # Each macro imports govukAttributes when it is called, from this template's module.
    environment.get_template(ATTRIBUTES_TEMPLATE).module.govukAttributes = govuk_attributes
    # The same for the components other macros call (checkboxes call label and hint per item).
    for name in _NESTED_IN_PYTHON:
        module = environment.get_template(_macro_path(name)).module
        macro_name = _macro_name(name)
        setattr(module, macro_name, _python_macro(_IN_PYTHON[name], getattr(module, macro_name)))
    return environment


def _macro_name(name: str) -> str:
    return "govuk" + "".join(part.capitalize() for part in name.split("-"))


def _macro_path(name: str) -> str:
    return f"govuk_frontend_jinja/components/{name}/macro.html"


def _python_macro(in_python, macro):
    """A component's Python version, called by other macros as they called its macro; params
    it leaves to the macro (and a `{% call %}`) still go to the macro."""

    def call(*args, **kwargs):
        if len(args) == 1 and not kwargs and isinstance(args[0], Mapping):
            html = in_python(args[0])
            if html is not None:
                return Markup(html)  # noqa: S704 - every value escaped or marked safe
        return macro(*args, **kwargs)

    return call


@cache
def _macro(name: str):
    return getattr(_environment().get_template(_macro_path(name)).module, _macro_name(name))


def _jinja_safe(value):
    """Django's SafeStrings must stay safe inside Jinja (they arrive as `html` params)."""
    if isinstance(value, SafeString):
        return Markup(value)  # noqa: S704 - already escaped by Django
    if isinstance(value, dict):
        return Params({key: _jinja_safe(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return [_jinja_safe(item) for item in value]
    return value


def _text(value) -> str:
    """`{{ value }}` in a macro: escaped, "" when missing, "None" for None (as Jinja prints)."""
    return "" if value is _MISSING else escape(value)


def _content(item) -> str:
    """`{{ item.html | safe if item.html else item.text }}`."""
    html = item.get("html")
    return str(html) if html else _text(item.get("text", _MISSING))


def _classes(prefix: str, value) -> str:
    """`{%- if value %} {{ prefix }}{{ value }}{% endif %}` inside a class attribute."""
    return f" {prefix}{escape(value)}" if value else ""


def _spans(cell) -> str:
    colspan, rowspan = cell.get("colspan"), cell.get("rowspan")
    return (f' colspan="{escape(colspan)}"' if colspan else "") + (
        f' rowspan="{escape(rowspan)}"' if rowspan else ""
    )


# A body cell with nothing but its content (a numeric format, classes, spans), as the macro
# writes it.
_PLAIN_CELL = frozenset(("html", "text", "format", "classes", "colspan", "rowspan"))
_PLAIN_HEADER_CELL = (
    '\n      \n      \n      <th scope="row" class="govuk-table__header{}"{}>{}</th>\n      \n    '
)
_PLAIN_CELL_HTML = '\n      \n      \n      <td class="govuk-table__cell{}"{}>{}</td>\n      \n    '
# A body cell's `format` as `_classes("govuk-table__cell--", format)` writes it, for the usual.
_CELL_FORMATS = {None: "", "": "", "numeric": " govuk-table__cell--numeric"}


def _table(params) -> str | None:
    """govukTable, character for character. The one component whose work grows with the page
    (every cell of every row), so the one most worth doing in Python."""
    head, rows = params.get("head") or [], params.get("rows", [])
    if not all(isinstance(item, dict) for item in head) or not all(
        isinstance(row, list | tuple) and all(isinstance(cell, dict) for cell in row)
        for row in rows
    ):
        return None  # something the macro would read differently: let the macro do it
    out = [
        '\n<table class="govuk-table',
        _classes("", params.get("classes")),
        '"',
        govuk_attributes(params.get("attributes")),
        ">\n",
    ]
    if params.get("caption"):
        out += [
            '\n  <caption class="govuk-table__caption',
            _classes("", params.get("captionClasses")),
            '">',
            _text(params["caption"]),
            "</caption>\n",
        ]
    out.append("\n")
    if head:
        out.append('\n  <thead class="govuk-table__head">\n    <tr class="govuk-table__row">\n    ')
        for item in head:
            out += [
                '\n      <th scope="col" class="govuk-table__header',
                _classes("govuk-table__header--", item.get("format")),
                _classes("", item.get("classes")),
                '"',
                _spans(item),
                govuk_attributes(item.get("attributes")),
                ">",
                _content(item),
                "</th>\n    ",
            ]
        out.append("\n    </tr>\n  </thead>\n")
    out.append('\n  <tbody class="govuk-table__body">\n')
    first_is_header = params.get("firstCellIsHeader")
    for row in rows:
        out.append("\n  ")
        if row:
            out.append('\n    <tr class="govuk-table__row">\n    ')
            for index, cell in enumerate(row):
                if cell.keys() <= _PLAIN_CELL:
                    # What list pages give: no attributes to write out (and spans only on
                    # some). `_text` and `_classes` written out here: a call each per cell
                    # was a fifth of a table's work.
                    html = cell.get("html")
                    if html:
                        content = str(html)
                    else:
                        text = cell.get("text", _MISSING)
                        content = "" if text is _MISSING else escape(text)
                    classes = cell.get("classes")
                    spans = _spans(cell) if "colspan" in cell or "rowspan" in cell else ""
                    if index == 0 and first_is_header:
                        out.append(_PLAIN_HEADER_CELL.format(_classes("", classes), spans, content))
                    else:
                        cell_format = cell.get("format")
                        if cell_format is None or (
                            type(cell_format) is str and cell_format in _CELL_FORMATS
                        ):
                            cell_format = _CELL_FORMATS[cell_format]
                        else:
                            cell_format = _classes("govuk-table__cell--", cell_format)
                        if classes:
                            cell_format += f" {escape(classes)}"
                        out.append(_PLAIN_CELL_HTML.format(cell_format, spans, content))
                    continue
                common = _spans(cell) + str(govuk_attributes(cell.get("attributes")))
                if index == 0 and first_is_header:
                    out += [
                        '\n      \n      \n      <th scope="row" class="govuk-table__header',
                        _classes("", cell.get("classes")),
                        '"',
                        common,
                        ">",
                        _content(cell),
                        "</th>\n      \n    ",
                    ]
                else:
                    out += [
                        '\n      \n      \n      <td class="govuk-table__cell',
                        _classes("govuk-table__cell--", cell.get("format")),
                        _classes("", cell.get("classes")),
                        '"',
                        common,
                        ">",
                        _content(cell),
                        "</td>\n      \n    ",
                    ]
            out.append("\n    </tr>\n  ")
        out.append("\n")
    out.append("\n  </tbody>\n</table>\n")
    return "".join(out)


def _cell_text(value) -> str:
    """`escape(value)` as a str: markup (anything with `__html__`) as it is, anything else with
    & < > ' " replaced as markupsafe replaces them, without a Markup object per cell."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return (
        str(value)
        .replace("&", "&amp;")
        .replace(">", "&gt;")
        .replace("<", "&lt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )


def _around(template: str, *fill: str) -> tuple[str, str]:
    """A cell template's text before and after its content, with `fill` (classes, spans)."""
    before, _, after = template.format(*fill, "\0").partition("\0")
    return before, after


class NotNumeric(str):
    """A text cell of `table_from_cells` written without its column's numeric format (as a
    `{"text": …}` cell without `"format": "numeric"` is, e.g. "None" in a column of numbers)."""

    __slots__ = ()


def table_from_cells(
    caption: str,
    head: list[tuple[str, bool]],
    rows: list[list],
    *,
    caption_classes: str = "",
    classes: str = "",
    first_cell_is_header: bool = True,
) -> SafeString:
    """govukTable for its commonest shape, written straight from the cells: `head` as (text,
    numeric), each row's cells as text (escaped) or markup (anything with `__html__`, as it
    is), numeric as their column (but a `NotNumeric` cell after the first), the first cell
    of each row its header unless `first_cell_is_header` is false. Character for
    character what `render_component("table", …)` writes from the same cells as params
    (tests/workwell/test_table_from_cells.py), without a dict per cell: the national
    dashboard's tables have about 5,000 cells."""
    plain = _around(_PLAIN_CELL_HTML, "", "")
    cells = [
        _around(_PLAIN_CELL_HTML, _CELL_FORMATS["numeric" if numeric else None], "")
        for _, numeric in head
    ]
    header = _around(_PLAIN_HEADER_CELL, "", "") if first_cell_is_header else cells[0]
    cells = cells[1:]
    out = ['\n<table class="govuk-table', _classes("", classes), '">\n']
    if caption:
        out += [
            '\n  <caption class="govuk-table__caption',
            _classes("", caption_classes),
            '">',
            _cell_text(caption),
            "</caption>\n",
        ]
    out.append("\n")
    if head:
        out.append('\n  <thead class="govuk-table__head">\n    <tr class="govuk-table__row">\n    ')
        for text, numeric in head:
            out += [
                '\n      <th scope="col" class="govuk-table__header',
                " govuk-table__header--numeric" if numeric else "",
                '">',
                _cell_text(text),
                "</th>\n    ",
            ]
        out.append("\n    </tr>\n  </thead>\n")
    out.append('\n  <tbody class="govuk-table__body">\n')
    for row in rows:
        if not row:
            out.append("\n  \n")
            continue
        out += [
            '\n  \n    <tr class="govuk-table__row">\n    ',
            header[0],
            _cell_text(row[0]),
            header[1],
        ]
        for cell, (before, after) in zip(row[1:], cells, strict=True):
            if cell.__class__ is NotNumeric:
                before, after = plain
            out += [before, _cell_text(cell), after]
        out.append("\n    </tr>\n  \n")
    out.append("\n  </tbody>\n</table>\n")
    return mark_safe("".join(out))  # noqa: S308 - every text escaped, markup marked safe


def _tag(params) -> str:
    """govukTag, character for character: on every list row, often several times."""
    html = params.get("html")
    # `html | safe | trim | indent(2)` in the macro: html is the caller's own, already safe.
    safe_html = Markup(str(html or ""))  # noqa: S704
    content = indent(safe_html.strip(), 2) if html else _text(params.get("text", _MISSING))
    return (
        f'\n<strong class="govuk-tag{_classes("", params.get("classes"))}"'
        f"{govuk_attributes(params.get('attributes'))}>\n  {content}\n</strong>\n"
    )


def _pick(params, key: str, *names: str) -> dict:
    """The nested component's params the way the macro builds them: `{'text': params.hint.text,
    ...}`, leaving out what is missing (a missing key reads as undefined, as it did)."""
    given = params.get(key) or {}
    return {name: given[name] for name in names if name in given}


def _nested(name: str, params: dict) -> str:
    """`{{ govukLabel({...}) | trim | indent(2) }}`: a nested component, in Python."""
    html = _IN_PYTHON[name](params)
    if html is None:
        html = _macro(name)(_jinja_safe(params))
    return indent(Markup(html).strip(), 2)  # noqa: S704 - escaped by the component


def _safe_or_text(item) -> str:
    """`{{ item.html | safe | trim | indent(2) if item.html else item.text }}`."""
    html = item.get("html")
    if html:
        return indent(Markup(str(html)).strip(), 2)  # noqa: S704 - `| safe` in the macro
    return _text(item.get("text", _MISSING))


def _form_group_start(out: list, params, field_id: str, described_by: str) -> str:
    """The opening of a select's or input's form group, its label, hint and error message,
    added to `out`; returns the field's aria-describedby with the hint's and error's ids."""
    label = _pick(params, "label", "html", "text", "classes", "isPageHeading", "attributes")
    out += [_form_group_tag(params), "\n  ", _nested("label", {**label, "for": field_id}), "\n"]
    return _hint_and_error(out, params, field_id, described_by)


def _form_group_tag(params) -> str:
    """`<div class="govuk-form-group ...">`, with the error class and `formGroup`'s own."""
    group = params.get("formGroup") or {}
    error = " govuk-form-group--error" if params.get("errorMessage") else ""
    return (
        f'<div class="govuk-form-group{error}{_classes("", group.get("classes"))}"'
        f"{govuk_attributes(group.get('attributes') if group else None)}>"
    )


def _hint_and_error(out: list, params, field_id: str, described_by: str) -> str:
    """A field's hint and error message, as the macros nest them, added to `out`; returns
    aria-describedby with their ids added."""
    if params.get("hint"):
        hint_id = f"{field_id}-hint"
        described_by = f"{described_by} {hint_id}" if described_by else hint_id
        hint = _pick(params, "hint", "classes", "attributes", "html", "text")
        out += ["\n  \n  \n  ", _nested("hint", {"id": hint_id, **hint}), "\n"]
    out.append("\n")
    if params.get("errorMessage"):
        error_id = f"{field_id}-error"
        described_by = f"{described_by} {error_id}" if described_by else error_id
        names = ("classes", "attributes", "html", "text", "visuallyHiddenText")
        message = {"id": error_id, **_pick(params, "errorMessage", *names)}
        out += ["\n  \n  \n  ", _nested("error-message", message), "\n"]
    return described_by


def _option(item, value) -> str:
    has_value = "value" in item
    effective = item["value"] if has_value else item.get("text", _MISSING)
    selected = item.get("selected")
    if not selected:
        selected = effective == value and selected is not False if value else False
    attributes = ""
    if has_value:
        option_value = item["value"]
        if isinstance(option_value, bool):
            option_value = "true" if option_value else "false"
        attributes = f' value="{escape(option_value)}"'
    return (
        f"\n        <option{attributes}{' selected' if selected else ''}"
        f"{' disabled' if item.get('disabled') else ''}{govuk_attributes(item.get('attributes'))}>"
        f"{_text(item.get('text', _MISSING))}</option>\n        "
    )


def _select(params) -> str | None:
    """govukSelect, character for character: on every filter panel, once per option. Its label,
    hint and error message still come from their macros (once per field)."""
    field_id = params.get("id") or params.get("name")
    items = params.get("items")
    if (
        "label" not in params
        or not field_id
        or not isinstance(items, list | tuple)
        or not all(isinstance(item, dict) or not item for item in items)
    ):
        return None
    field_id = str(field_id)
    group = params.get("formGroup") or {}
    error = params.get("errorMessage")
    described_by = params.get("describedBy") or ""
    out = ["\n\n\n\n"]
    described_by = _form_group_start(out, params, field_id, described_by)
    out.append("\n")
    if group and group.get("beforeInput"):
        out += ["\n  ", _safe_or_text(group["beforeInput"]), "\n"]
    out += [
        '\n  <select class="govuk-select',
        _classes("", params.get("classes")),
        " govuk-select--error" if error else "",
        f'" id="{escape(field_id)}" name="{_text(params.get("name", _MISSING))}"',
        " disabled" if params.get("disabled") else "",
        f' aria-describedby="{escape(described_by)}"' if described_by else "",
        govuk_attributes(params.get("attributes")),
        ">\n    ",
    ]
    if items:
        value = params.get("value")
        out.append("\n      ")
        for item in items:
            out.append("\n        ")
            if item:
                out.append(_option(item, value))
            out.append("\n      ")
        out.append("\n    ")
    out.append("\n  </select>\n")
    if group and group.get("afterInput"):
        out += ["\n  ", _safe_or_text(group["afterInput"]), "\n"]
    out.append("\n</div>\n")
    return "".join(out)


def _given(value) -> bool:
    """`{% if value %}` in a macro: missing and Jinja's Undefined are false."""
    return bool(value) and not isinstance(value, jinja2.Undefined)


def _attribute(name: str, value) -> str:
    """`{%- if params.id %} id="{{ params.id }}"{% endif %}`."""
    return f' {name}="{escape(value)}"' if value else ""


def _label(params) -> str | None:
    """govukLabel, character for character: once per field, and once per checkbox or radio."""
    html, text = params.get("html"), params.get("text")
    if not (_given(html) or _given(text)):
        return "\n\n"
    for_id = params.get("for")
    label = (
        f'<label class="govuk-label{_classes("", params.get("classes"))}"'
        f"{govuk_attributes(params.get('attributes'))}"
        f"{_attribute('for', for_id)}>\n  {_safe_or_text(params)}\n</label>"
    )
    if params.get("isPageHeading"):
        label = f'\n<h1 class="govuk-label-wrapper">\n  {indent(label, 2)}\n</h1>\n'
    else:
        label = f"\n{label}\n"
    return f"\n\n{label}\n\n"


def _hint(params) -> str | None:
    """govukHint, character for character."""
    hint_id = params.get("id")
    return (
        f"\n<div{_attribute('id', hint_id)}"
        f' class="govuk-hint{_classes("", params.get("classes"))}"'
        f"{govuk_attributes(params.get('attributes'))}>\n  {_safe_or_text(params)}\n</div>\n"
    )


def _error_message(params) -> str | None:
    """govukErrorMessage, character for character."""
    error_id = params.get("id")
    hidden = params.get("visuallyHiddenText", _MISSING)
    if hidden is _MISSING or isinstance(hidden, jinja2.Undefined):
        hidden = "Error"
    message = _safe_or_text(params)
    if hidden:
        message = f'<span class="govuk-visually-hidden">{escape(hidden)}:</span> {message}'
    return (
        f"\n<p{_attribute('id', error_id)}"
        f' class="govuk-error-message{_classes("", params.get("classes"))}"'
        f"{govuk_attributes(params.get('attributes'))}>\n  \n  {message}\n  \n</p>\n"
    )


def _fieldset(params) -> str | None:
    """govukFieldset without a caller, character for character: around every group of
    checkboxes, radios and date inputs."""
    legend = params.get("legend")
    if legend is not None and not isinstance(legend, Mapping):
        return None  # missing (the macro fails) or something read differently: the macro
    role, described_by = params.get("role"), params.get("describedBy")
    out = [
        '\n<fieldset class="govuk-fieldset',
        _classes("", params.get("classes")),
        '"',
        f' role="{escape(role)}"' if role else "",
        f' aria-describedby="{escape(described_by)}"' if described_by else "",
        govuk_attributes(params.get("attributes")),
        ">\n  ",
    ]
    if legend and (_given(legend.get("html")) or _given(legend.get("text"))):
        html = legend.get("html")
        out += ['\n  <legend class="govuk-fieldset__legend', _classes("", legend.get("classes"))]
        if legend.get("isPageHeading"):
            content = indent(Markup(str(html)).strip(), 6) if html else _text(legend.get("text"))  # noqa: S704
            out += ['">\n  \n    <h1 class="govuk-fieldset__heading">\n      ', content]
            out.append("\n    </h1>\n  ")
        else:
            content = indent(Markup(str(html)).strip(), 4) if html else _text(legend.get("text"))  # noqa: S704
            out += ['">\n  \n    ', content, "\n  "]
        out.append("\n  </legend>\n  ")
    out.append("\n")
    html = params.get("html")
    if html:
        out += ["\n  ", str(html), "\n"]
    out.append("\n</fieldset>\n")
    return "".join(out)


_START_ICON = (
    '\n  <svg class="govuk-button__start-icon" xmlns="http://www.w3.org/2000/svg" width="17.5"'
    ' height="19" viewBox="0 0 33 40" aria-hidden="true" focusable="false">\n    <path'
    ' fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z"/>\n  </svg>'
)


def _button(params) -> str | None:
    """govukButton, character for character: on every filter panel and most forms."""
    classes, start = params.get("classes"), params.get("isStartButton")
    class_names = "govuk-button" + (f" {escape(classes)}" if classes else "")
    class_names += " govuk-button--start" if start else ""
    button_id = params.get("id")
    common = (
        f' class="{class_names}" data-module="govuk-button"'
        f"{govuk_attributes(params.get('attributes'))}"
        f"{_attribute('id', button_id)}"
    )
    content = f"{_safe_or_text(params)}{_START_ICON if start else ''}"
    out = ["\n", "\n  \n" if classes else "", "\n  \n" if start else "", "\n"]
    href = params.get("href")
    if href:
        out.append(f'<a href="{escape(href)}" role="button" draggable="false"{common}>')
        out.append(f"\n  {content}\n</a>")
    else:
        button_type, value, name = params.get("type"), params.get("value"), params.get("name")
        double_click = params.get("preventDoubleClick", _MISSING)
        out += [
            f'<button type="{escape(button_type) if button_type else "submit"}"',
            f' value="{escape(value)}"' if value else "",
            f' name="{escape(name)}"' if name else "",
            ' disabled aria-disabled="true"' if params.get("disabled") else "",
            ""
            if _undefined(double_click)
            else f' data-prevent-double-click="{escape(str(double_click).lower())}"',
            common,
            f">\n  {content}\n</button>",
        ]
    out.append("\n")
    return "".join(out)


def _input(params) -> str | None:
    """govukInput without a prefix, suffix or text before or after it, character for
    character: every text field, and each of a date input's day, month and year."""
    label, group = params.get("label", _MISSING), params.get("formGroup") or {}
    field_id = params.get("id") or params.get("name")
    if (
        not (label is None or isinstance(label, Mapping))
        or not _given(field_id)
        or not isinstance(group, Mapping)
        or any(params.get(key) for key in ("prefix", "suffix", "inputWrapper"))
        or any(group.get(key) for key in ("beforeInput", "afterInput"))
    ):
        return None  # the rarer shapes, and what the macro would fail on: the macro
    classes, error = params.get("classes"), params.get("errorMessage")
    class_names = Markup("govuk-input")
    if classes:
        class_names += Markup(" ") + escape(classes)
    if error:
        class_names += " govuk-input--error"
    described_by = params.get("describedBy") or ""
    out = ["\n\n\n\n", "\n  \n" if classes else "", "\n  \n" if error else ""]
    described_by = _form_group_start(out, params, field_id, described_by)
    spellcheck = params.get("spellcheck", _MISSING)
    if _undefined(spellcheck) or spellcheck not in (True, False):
        spellcheck = False
    else:
        spellcheck = str(spellcheck).lower()

    def optional(key):
        return {"value": params.get(key, _MISSING), "optional": True}

    attributes = {
        "class": class_names,
        "id": field_id,
        "name": params.get("name", _MISSING),
        "type": params.get("type") or "text",
        "spellcheck": {"value": spellcheck, "optional": True},
        "value": optional("value"),
        "disabled": optional("disabled"),
        "aria-describedby": {"value": described_by or _MISSING, "optional": True},
        "autocomplete": optional("autocomplete"),
        "autocapitalize": optional("autocapitalize"),
        "pattern": optional("pattern"),
        "inputmode": optional("inputmode"),
    }
    out += [
        "\n  <input",
        govuk_attributes(attributes),
        govuk_attributes(params.get("attributes")),
        ">\n\n</div>\n",
    ]
    return "".join(out)


_DATE_PARTS = (
    {"name": "day", "classes": "govuk-input--width-2"},
    {"name": "month", "classes": "govuk-input--width-2"},
    {"name": "year", "classes": "govuk-input--width-4"},
)


def _date_part(params, item) -> dict:
    """The params govukDateInput gives govukInput for one of its items (missing stays missing)."""
    name = item.get("name")
    prefix = params.get("namePrefix")
    label = item.get("label") or (_text(name).capitalize() if _given(name) else "")
    part = {
        "label": {"text": label, "classes": "govuk-date-input__label"},
        "id": item.get("id")
        or f"{_text(params.get('id', _MISSING))}-{_text(item.get('name', _MISSING))}",
        "classes": Markup("govuk-date-input__input ")
        + (escape(item["classes"]) if item.get("classes") else ""),
        "name": f"{_text(prefix)}-{_text(item.get('name', _MISSING))}"
        if prefix
        else item.get("name", _MISSING),
        "type": "text",
        "inputmode": item.get("inputmode") or "numeric",
    }
    for key in ("value", "autocomplete", "pattern", "attributes"):
        if key in item:
            part[key] = item[key]
    if part["name"] is _MISSING:
        del part["name"]
    return part


def _date_input(params) -> str | None:
    """govukDateInput, character for character: the day, month and year boxes of every date
    filter and date field."""
    fieldset, group = params.get("fieldset"), params.get("formGroup") or {}
    items = params.get("items") or _DATE_PARTS
    if (
        ("items" in params and not isinstance(params["items"], list | tuple))
        or not isinstance(group, Mapping)
        or group.get("beforeInputs")
        or group.get("afterInputs")
        or (fieldset and not (isinstance(fieldset, Mapping) and "legend" in fieldset))
        or not all(isinstance(item, Mapping) for item in items)
    ):
        return None  # the rarer shapes, and what the macro would fail on: the macro
    fieldset_described_by = fieldset.get("describedBy") if fieldset else None
    described_by = fieldset_described_by or ""
    date_id = _text(params.get("id", _MISSING))
    inner = []
    described_by = _hint_and_error(inner, params, date_id, described_by)
    inner += [
        '\n  <div class="govuk-date-input',
        _classes("", params.get("classes")),
        '"',
        govuk_attributes(params.get("attributes")),
        _attribute("id", params.get("id")),
        ">\n    \n    ",
    ]
    for item in items:
        part = _date_part(params, item)
        html = _input(part)
        if html is None:
            html = _macro("input")(_jinja_safe(part))
        inner += [
            '\n    <div class="govuk-date-input__item">\n      ',
            indent(Markup(html).strip(), 6),  # noqa: S704 - escaped by the component
            "\n    </div>\n    ",
        ]
    inner.append("\n    \n  </div>\n")
    inner_html = Markup("".join(inner)).strip()  # noqa: S704 - escaped above
    out = ["\n\n\n\n\n\n  \n  \n", _form_group_tag(params), "\n\n  "]
    if fieldset:
        legend_params = {
            "describedBy": described_by,
            "role": "group",
            "legend": fieldset["legend"],
            "html": inner_html,
        } | {key: fieldset[key] for key in ("classes", "attributes") if key in fieldset}
        out.append(_nested("fieldset", legend_params))
    else:
        out.append(inner_html)
    out.append("\n\n</div>\n")
    return "".join(out)


_CHOICE_TYPE = {"checkboxes": "checkbox", "radios": "radio"}


def _choice_item(params, item, index: int, kind: str, described_by: str, fieldset) -> str:
    """One checkbox or radio (`_checkboxItem`/`_radioItem` in the macros), or a divider."""
    id_prefix = params.get("idPrefix") or params.get("name", _MISSING)
    item_id = item.get("id") or f"{_text(id_prefix)}{f'-{index}' if index > 1 else ''}"
    conditional_id = f"conditional-{item_id}"
    sets = "\n  \n  " if kind == "checkboxes" else "\n  "
    if item.get("divider"):
        html = f'\n    <div class="govuk-{kind}__divider">{_text(item["divider"])}</div>\n  '
        return f"{sets}{html}\n" if kind == "checkboxes" else f"{sets}{html}"
    checked = item.get("checked")
    if not checked:
        if kind == "checkboxes":
            values = params.get("values")
            checked = bool(values) and item.get("value") in values and checked is not False
        else:
            value = params.get("value")
            checked = bool(value) and item.get("value") == value and checked is not False
    hint = item.get("hint")
    has_hint = bool(hint) and bool(hint.get("text") or hint.get("html"))
    hint_id = f"{item_id}-item-hint"
    if kind == "checkboxes":
        name = item.get("name") or params.get("name", _MISSING)
        item_described_by = ("" if fieldset else described_by) + " " + (hint_id if has_hint else "")
        item_described_by = item_described_by.strip()
        behaviour = item.get("behaviour")
        extra = f' data-behaviour="{escape(behaviour)}"' if behaviour else ""
    else:
        name = params.get("name", _MISSING)
        item_described_by = hint_id if has_hint else ""
        extra = ""
    conditional = item.get("conditional")
    conditional_html = conditional.get("html") if conditional else None
    label = item.get("label")
    label_classes = Markup(f"govuk-{kind}__label")  # noqa: S704 - a fixed class name
    if label and label.get("classes"):
        label_classes += Markup(" ") + escape(label["classes"])
    label_params = {key: item[key] for key in ("html", "text") if key in item}
    label_params |= {"classes": label_classes, "for": item_id}
    if label and "attributes" in label:
        label_params["attributes"] = label["attributes"]
    out = [
        sets,
        "\n    " * (5 if kind == "checkboxes" else 3),
        f'\n    <div class="govuk-{kind}__item">\n      <input class="govuk-{kind}__input"',
        f' id="{escape(item_id)}" name="{_text(name)}" type="{_CHOICE_TYPE[kind]}"',
        f' value="{_text(item.get("value", _MISSING))}"',
        " checked" if checked else "",
        " disabled" if item.get("disabled") else "",
        f' data-aria-controls="{escape(conditional_id)}"' if conditional_html else "",
        extra,
        f' aria-describedby="{escape(item_described_by)}"' if item_described_by else "",
        govuk_attributes(item.get("attributes")),
        ">\n      ",
        indent(Markup(_label(label_params)).strip(), 6),  # noqa: S704 - escaped by _label
        "\n      ",
    ]
    if has_hint:
        hint_classes = Markup(f"govuk-{kind}__hint")  # noqa: S704 - a fixed class name
        if hint.get("classes"):
            hint_classes += Markup(" ") + escape(hint["classes"])
        hint_params = {"id": hint_id, "classes": hint_classes}
        hint_params |= {key: hint[key] for key in ("attributes", "html", "text") if key in hint}
        out += ["\n      ", indent(Markup(_hint(hint_params)).strip(), 6), "\n      "]  # noqa: S704
    out.append("\n    </div>\n    ")
    if conditional_html:
        hidden = "" if checked else f" govuk-{kind}__conditional--hidden"
        out += [
            f'\n    <div class="govuk-{kind}__conditional{hidden}" id="{escape(conditional_id)}">',
            f"\n      {Markup(str(conditional_html)).strip()}\n    </div>\n    ",  # noqa: S704
        ]
    out.append("\n  ")
    if kind == "checkboxes":
        out.append("\n")
    return "".join(out)


def _choices(params, kind: str) -> str | None:
    """govukCheckboxes and govukRadios, character for character: every checkbox and radio
    group of the filter panels and forms."""
    fieldset, group = params.get("fieldset"), params.get("formGroup") or {}
    items = params.get("items", [])
    if (
        not isinstance(items, list | tuple)
        or not isinstance(group, Mapping)
        or group.get("beforeInputs")
        or group.get("afterInputs")
        or (fieldset and not (isinstance(fieldset, Mapping) and "legend" in fieldset))
        or not all(isinstance(item, Mapping) or not item for item in items)
        or any(
            not isinstance(item.get(key), Mapping | None)
            for item in items
            if item
            for key in ("label", "hint", "conditional")
        )
    ):
        return None  # the rarer shapes, and what the macro would fail on: the macro
    fieldset_described_by = fieldset.get("describedBy") if fieldset else None
    if kind == "checkboxes":
        described_by = fieldset_described_by or params.get("describedBy") or ""
    else:
        described_by = fieldset_described_by or ""
    id_prefix = _text(params.get("idPrefix") or params.get("name", _MISSING))
    inner = []
    described_by = _hint_and_error(inner, params, id_prefix, described_by)
    inner += [
        f'\n  <div class="govuk-{kind}',
        _classes("", params.get("classes")),
        '"',
        govuk_attributes(params.get("attributes")),
        f' data-module="govuk-{kind}">\n    \n    ',
    ]
    for index, item in enumerate(items, start=1):
        inner.append("\n      ")
        if item:
            inner.append(_choice_item(params, item, index, kind, described_by, fieldset))
        inner.append("\n    ")
    inner.append("\n    \n  </div>\n")
    inner_html = Markup("".join(inner)).strip()  # noqa: S704 - escaped above
    out = [_CHOICES_START[kind, bool(fieldset_described_by)], _form_group_tag(params), "\n\n  "]
    if fieldset:
        fieldset_params = {"describedBy": described_by, "legend": fieldset["legend"]}
        fieldset_params |= {
            key: fieldset[key] for key in ("classes", "attributes") if key in fieldset
        }
        out.append(_nested("fieldset", fieldset_params | {"html": inner_html}))
    else:
        out.append(inner_html)
    out.append("\n\n</div>\n")
    return "".join(out)


# What the macros output before the form group: their `{% set %}` lines' whitespace.
_CHOICES_START = {
    ("checkboxes", False): "\n" * 8,
    ("checkboxes", True): "\n" * 9 + "  \n",
    ("radios", False): "\n" * 7,
    ("radios", True): "\n" * 7,
}


def _checkboxes(params) -> str | None:
    return _choices(params, "checkboxes")


def _radios(params) -> str | None:
    return _choices(params, "radios")


# Components rendered in Python rather than through their macro (None: use the macro).
_ARROWS = {
    "prev": (
        '<svg class="govuk-pagination__icon govuk-pagination__icon--prev" '
        'xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" '
        'focusable="false" viewBox="0 0 15 13">\n        <path d="m6.5938-0.0078125-6.7266 '
        "6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414"
        '-1.414z"></path>\n      </svg>'
    ),
    "next": (
        '<svg class="govuk-pagination__icon govuk-pagination__icon--next" '
        'xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" '
        'focusable="false" viewBox="0 0 15 13">\n        <path d="m8.107-0.0078125-1.4136 '
        "1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246"
        '-6.7266z"></path>\n      </svg>'
    ),
}
_LINK_TITLES = {
    "prev": 'Previous<span class="govuk-visually-hidden"> page</span>',
    "next": 'Next<span class="govuk-visually-hidden"> page</span>',
}


def _arrow_link(link, kind: str) -> str:
    """`_arrowLink` for a numbered list's previous or next link (never block level)."""
    arrow = f"\n          {_ARROWS[kind]}\n      "
    return "".join(
        [
            f'\n  \n  <div class="govuk-pagination__{kind}">\n',
            f'    <a class="govuk-link govuk-pagination__link" href="{_text(link["href"])}" ',
            f'rel="{kind}"{govuk_attributes(link.get("attributes"))}>',
            arrow if kind == "prev" else "\n      ",
            '\n      <span class="govuk-pagination__link-title">\n        ',
            _LINK_TITLES[kind],
            "\n      </span>\n      ",
            arrow if kind == "next" else "\n      ",
            "\n    </a>\n  </div>\n",
        ]
    )


def _page_item(item) -> str:
    """`_pageItem(item) | indent(2)`: a page number, or the ellipsis between them."""
    classes = " govuk-pagination__item--current" if item.get("current") else ""
    if item.get("ellipsis"):
        classes += " govuk-pagination__item--ellipsis"
        inner = "\n      &ctdot;\n    "
    else:
        number = _text(item.get("number", _MISSING))
        current = ' aria-current="page"' if item.get("current") else ""
        inner = (
            f'\n      <a class="govuk-link govuk-pagination__link" '
            f'href="{_text(item.get("href", _MISSING))}" aria-label="Page {number}"{current}>'
            f"\n        {number}\n      </a>\n    "
        )
    return f'<li class="govuk-pagination__item{classes}">\n    {inner}\n    </li>'


# An item's own attributes are indented with it by the macro: left to the macro.
_PAGE_ITEM_KEYS = {"number", "href", "current", "ellipsis"}


def _pagination(params) -> str | None:
    """govukPagination for a list of page numbers, character for character: below every list
    with more than one page. Block-level links (no `items`) and links with text or labels of
    their own are left to the macro."""
    items = params.get("items", _MISSING)
    links = [params.get(key) for key in ("previous", "next")]
    if (
        not isinstance(items, list | tuple)
        or not all(item is None or isinstance(item, dict) for item in items)
        or any(set(item) - _PAGE_ITEM_KEYS for item in items if item)
        or not all(link is None or isinstance(link, dict) for link in links)
        or any(set(link) - {"href", "attributes"} for link in links if link)
    ):
        return None
    previous, following = links
    out = [
        '\n<nav class="govuk-pagination',
        _classes("", params.get("classes")),
        '" aria-label="',
        _text(params.get("landmarkLabel") or "Pagination"),
        '"',
        govuk_attributes(params.get("attributes")),
        ">\n  \n  ",
    ]
    if previous and previous.get("href"):
        out += ["\n    ", _arrow_link(previous, "prev")]
    out.append('\n  <ul class="govuk-pagination__list">\n  ')
    for item in items:
        out.append("\n    ")
        if item:
            out += ["\n      ", _page_item(item), "\n    "]
        out.append("\n  ")
    out.append("\n  </ul>\n  ")
    if following and following.get("href"):
        out += ["\n    ", _arrow_link(following, "next"), "\n  "]
    out.append("\n</nav>\n")
    return "".join(out)


def _safe_or_text_at(item, width: int) -> str:
    """`{{ item.html | safe | trim | indent(width) if item.html else item.text }}`."""
    html = item.get("html")
    if html:
        return indent(Markup(str(html)).strip(), width)  # noqa: S704 - `| safe` in the macro
    return _text(item.get("text", _MISSING))


def _task_list_item(item, id_prefix: str, index: int) -> str:
    """`_taskListItem` of the task list macro: one task, its hint and its status."""
    hint_id, status_id = f"{id_prefix}-{index}-hint", f"{id_prefix}-{index}-status"
    title, hint, status = item.get("title") or {}, item.get("hint"), item.get("status") or {}
    href = item.get("href")
    out = [
        '\n  <li class="govuk-task-list__item',
        " govuk-task-list__item--with-link" if href else "",
        _classes("", item.get("classes")),
        '">\n    <div class="govuk-task-list__name-and-hint">\n    ',
    ]
    if href:
        described_by = f"{escape(hint_id)} " if hint else ""
        out += [
            '\n      <a class="govuk-link govuk-task-list__link',
            _classes("", title.get("classes")),
            f'" href="{_text(href)}" aria-describedby="{described_by}{escape(status_id)}">',
            f"\n        {_safe_or_text_at(title, 8)}\n      </a>\n    ",
        ]
    else:
        classes = title.get("classes")
        out += [
            "\n      <div",
            f' class="{escape(classes)}"' if classes else "",
            f">\n        {_safe_or_text_at(title, 8)}\n      </div>\n    ",
        ]
    out.append("\n    ")
    if hint:
        out.append(
            f'\n      <div id="{escape(hint_id)}" class="govuk-task-list__hint">\n        '
            f"{_safe_or_text_at(hint, 8)}\n      </div>\n    "
        )
    tag = status.get("tag")
    content = (
        indent(Markup(_tag(tag)).strip(), 6)  # noqa: S704 - escaped by the tag
        if tag
        else _safe_or_text_at(status, 6)
    )
    out += [
        '\n    </div>\n    <div class="govuk-task-list__status',
        _classes("", status.get("classes")),
        f'" id="{escape(status_id)}">\n    \n      {content}\n    \n    </div>\n  </li>',
    ]
    return "".join(out)


def _task_list(params) -> str | None:
    """govukTaskList, character for character: the member's to-do list and the programme
    plan's milestones on the homes, a task per item. Params of a shape the macro would treat
    differently (not a mapping, a safe id prefix, `tag` not a mapping) go to the macro."""
    id_prefix = params.get("idPrefix") or "task-list"
    items = params.get("items")
    if not isinstance(id_prefix, str) or isinstance(id_prefix, SafeString | Markup):
        return None
    if not isinstance(items, list | tuple):
        return None  # missing too: the macro fails on it, and should still
    for item in items:
        if item and not (
            isinstance(item, Mapping)
            and isinstance(item.get("status"), Mapping)  # the macro fails without one
            and all(isinstance(item.get(key) or {}, Mapping) for key in ("title", "hint"))
            and isinstance(item["status"].get("tag") or {}, Mapping)
        ):
            return None
    out = [
        f'\n\n\n\n<ul class="govuk-task-list{_classes("", params.get("classes"))}"',
        f"{govuk_attributes(params.get('attributes'))}>\n  ",
    ]
    for index, item in enumerate(items, start=1):
        out.append(_task_list_item(item, id_prefix, index) if item else "")
        out.append("\n  ")
    out.append("\n</ul>\n")
    return "".join(out)


_IN_PYTHON = {
    "table": _table,
    "task-list": _task_list,
    "tag": _tag,
    "select": _select,
    "label": _label,
    "hint": _hint,
    "error-message": _error_message,
    "fieldset": _fieldset,
    "button": _button,
    "input": _input,
    "date-input": _date_input,
    "checkboxes": _checkboxes,
    "radios": _radios,
    "pagination": _pagination,
}
# Those of them that other macros call.
_NESTED_IN_PYTHON = ("label", "hint", "error-message", "fieldset", "input")


# The layout's components with the same params on every page (base.html): rendered once per
# process and params, not once per request. The service navigation differs by role and page
# (a few hundred variants) and its "Sign out" slot by request (the CSRF token): it is rendered
# once per variant with a marker for each slot, and the request's slots put in its place.
_LAYOUT_COMPONENTS = {"skip-link", "phase-banner", "footer", "service-navigation"}
_SLOT_MARKER = "<!--workwell-slot:{}-->"


# The plain kinds of value params hold, frozen as (type, value) without a call of their own.
_SCALARS = frozenset((str, SafeString, Markup, int, bool, float, type(None)))


def _frozen(value):
    """A hashable copy of params that tells a SafeString from a str (and True from 1).

    A dict's or list's plain items (the options of a select, a table's cells) are frozen in
    the comprehension itself, not by a call each: a filter panel's params are a few hundred
    values, frozen on every request to look up its components."""
    kind = type(value)
    if kind is dict:
        return (
            dict,
            tuple(
                [
                    (key, (type(item), item) if type(item) in _SCALARS else _frozen(item))
                    for key, item in value.items()
                ]
            ),
        )
    if kind is list or kind is tuple:
        return (
            list,
            tuple(
                [(type(item), item) if type(item) in _SCALARS else _frozen(item) for item in value]
            ),
        )
    if kind in _SCALARS:
        return (kind, value)
    return _frozen_other(value)


def _frozen_other(value):
    """`_frozen` for the kinds it does not name (subclasses of dict, list, str, int)."""
    if isinstance(value, dict):
        return (dict, tuple((key, _frozen(item)) for key, item in value.items()))
    if isinstance(value, list | tuple):
        return (list, tuple(_frozen(item) for item in value))
    if value is None or isinstance(value, str | int | float):
        return (type(value), value)
    raise TypeError(f"not memoised: {type(value)}")


@lru_cache(maxsize=512)
def _layout_component(name: str, frozen) -> SafeString:
    return render_component(name, _thawed(frozen), layout=False)


# Form components whose params repeat from request to request (an empty date filter is the
# same on every list page view) and whose Python rendering costs far more than freezing the
# params: each is rendered once per process and params. The output is a function of the
# params alone, so this is memoising, not caching pages: a new value is a new key.
_MEMOISED_COMPONENTS = {"date-input", "select", "input", "checkboxes", "radios"}


@lru_cache(maxsize=512)
def _memoised_component(name: str, frozen) -> str | None:
    return _IN_PYTHON[name](_thawed(frozen))


def _memoised(name: str, params: dict) -> str | None:
    if name == "date-input":
        return _date_input_with_values(params)
    return _memoised_params(name, params)


# Where a date input's typed value goes while its markup is rendered once per shape: a
# private-use character either side, which neither escaping nor indenting changes.
_DATE_VALUE_MARKER = "\ue000date-value-{}\ue000"


def _date_input_with_values(params: dict) -> str | None:
    """A date input whose boxes hold typed values (a date filter in use) rendered from the one
    render of its shape: each value that is a plain one-line string is swapped for a marker,
    the params so made are rendered once per process (`_memoised_params`), and each marker is
    replaced by its value escaped as the input's `value` attribute escapes it. Any other value
    is part of the shape, as before. A marker the markup does not hold once as it is (a value
    the component would not output as typed) renders the params as they are."""
    items = params.get("items")
    if type(items) is not list or not all(type(item) is dict for item in items):
        return _memoised_params("date-input", params)
    values = {
        index: item["value"]
        for index, item in enumerate(items)
        if type(item.get("value")) is str and item["value"].isprintable() and item["value"]
    }
    if not values:
        return _memoised_params("date-input", params)
    markers = {index: _DATE_VALUE_MARKER.format(index) for index in values}
    shape = [
        {**item, "value": markers[index]} if index in markers else item
        for index, item in enumerate(items)
    ]
    html = _memoised_params("date-input", {**params, "items": shape})
    if html is None or any(html.count(f'value="{marker}"') != 1 for marker in markers.values()):
        return _IN_PYTHON["date-input"](params)
    for index, marker in markers.items():
        html = html.replace(f'value="{marker}"', f'value="{escape(values[index])}"')
    return html


def _memoised_params(name: str, params: dict) -> str | None:
    try:
        frozen = _frozen(params)
    except TypeError:  # params of another kind (a lazy string, a date): render as usual
        return _IN_PYTHON[name](params)
    return _memoised_component(name, frozen)


# Components left to their macros whose params are plain values and repeat from request to
# request (the profile's back link and summary list, the timeline's "Show older" links): the
# macro's output is a function of its params alone, so it is rendered once per process and
# params, as the form components are (a summary list's macro is about 1,000 calls; freezing
# its params about 100). Params of another kind render as usual.
_MEMOISED_MACROS = {"back-link", "summary-list", "pagination"}


@lru_cache(maxsize=512)
def _memoised_macro(name: str, frozen) -> str:
    return str(_macro(name)(_jinja_safe(_thawed(frozen))))


# Where a textarea's typed text goes while its markup is rendered once per shape (as a date
# input's values): private-use characters, which neither escaping nor the macro changes.
_TEXTAREA_VALUE_MARKER = "\ue000textarea-value\ue000"


def _textarea(params: dict) -> str:
    """govukTextarea, rendered once per process and shape (every param but a plain string
    value, which is put in afterwards escaped as the macro's `{{ params.value }}` escapes it):
    a form's three textareas are the same on every request but for what was typed, and typed
    text, one-off, is not kept. Params of another kind raise TypeError (`_frozen`)."""
    value = params.get("value")
    if type(value) is not str or not value:
        return _memoised_macro("textarea", _frozen(params))
    shape = {**params, "value": _TEXTAREA_VALUE_MARKER}
    html = _memoised_macro("textarea", _frozen(shape))
    if html.count(_TEXTAREA_VALUE_MARKER) != 1:
        raise TypeError("a value the macro does not output once as it is")
    return html.replace(_TEXTAREA_VALUE_MARKER, escape(value))


def _with_slots(name: str, params: dict) -> SafeString:
    """A layout component whose slots (`params.slots`, output as they are, `| safe`) change
    from request to request: the rest is rendered once, with a marker where each slot goes."""
    slots = params.get("slots")
    if not isinstance(slots, dict):
        return _layout_component(name, _frozen(params))
    # Only non-empty strings: the macro tests a slot's truth before it outputs it.
    filled = {key: value for key, value in slots.items() if isinstance(value, str) and value}
    markers = {key: SafeString(_SLOT_MARKER.format(key)) for key in filled}
    html = _layout_component(name, _frozen({**params, "slots": {**slots, **markers}}))
    if any(html.count(marker) != 1 for marker in markers.values()):
        raise TypeError("a slot the macro does not output once as it is")
    by_marker = {marker: filled[key] for key, marker in markers.items()}
    if by_marker:  # one pass: a slot's own text is never read for markers
        html = re.sub("|".join(map(re.escape, by_marker)), lambda m: by_marker[m[0]], html)
    return mark_safe(html)  # noqa: S308 - the slots are output `| safe` by the macro too


def _thawed(frozen):
    kind, value = frozen
    if kind is dict:
        return {key: _thawed(item) for key, item in value}
    if kind is list:
        return [_thawed(item) for item in value]
    return value


def render_component(name: str, params: dict, *, layout: bool = True) -> SafeString:
    """Render GOV.UK component `name` (e.g. "error-summary") with the macro's `params`."""
    if layout and name in _LAYOUT_COMPONENTS:
        try:
            return _with_slots(name, params)
        except TypeError:
            pass  # params of another kind: render as usual
    in_python = _IN_PYTHON.get(name)
    if in_python is not None and isinstance(params, dict):
        html = _memoised(name, params) if name in _MEMOISED_COMPONENTS else in_python(params)
        if html is not None:
            return mark_safe(html)  # noqa: S308 - every value escaped or marked safe
    if name == "textarea" and isinstance(params, dict):
        try:
            return mark_safe(_textarea(params))  # noqa: S308 - Jinja escaped it, and the value
        except TypeError:
            pass  # params of another kind: render as usual
    if name in _MEMOISED_MACROS:
        try:
            frozen = _frozen(params)
        except TypeError:
            pass  # params of another kind: render as usual
        else:
            return mark_safe(_memoised_macro(name, frozen))  # noqa: S308 - Jinja escaped it
    return mark_safe(str(_macro(name)(_jinja_safe(params))))  # noqa: S308 - Jinja escaped it
