"""Read the GOV.UK tables and SVG charts of the maturity results pages back into plain data,
so tests compare what a person (or a screen reader) would read."""

from html.parser import HTMLParser


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._rows = self._row = self._cell = self._caption = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._rows, self._caption = [], ""
        elif tag == "caption":
            self._cell = []
        elif tag == "tr" and self._rows is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "caption" and self._cell is not None:
            self._caption, self._cell = " ".join("".join(self._cell).split()), None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self._rows.append(self._row)
            self._row = None
        elif tag == "table" and self._rows is not None:
            self.tables[self._caption] = self._rows
            self._rows = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def tables(html: str) -> dict[str, list[list[str]]]:
    """Every table on the page by caption: rows of cell texts, the header row first."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def table(html: str, caption: str) -> list[list[str]]:
    found = tables(html)
    assert caption in found, f"no table captioned {caption!r}; found {list(found)}"
    return found[caption]


def by_first_column(rows: list[list[str]]) -> dict[str, list[str]]:
    """Body rows keyed by their header cell."""
    return {row[0]: row[1:] for row in rows[1:]}


class _Charts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.charts: dict[str, dict] = {}
        self._chart = None
        self._in_point_title = False
        self._in_circle = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "svg":
            self._chart = {"attrs": attrs, "points": {}}
            self.charts[attrs.get("aria-label", "")] = self._chart
        elif tag == "circle" and self._chart is not None:
            self._in_circle = True
        elif tag == "title" and self._in_circle:
            self._in_point_title = True

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "circle":
            self._in_circle = False

    def handle_endtag(self, tag):
        if tag == "svg":
            self._chart = None
        elif tag == "circle":
            self._in_circle = False
        elif tag == "title":
            self._in_point_title = False

    def handle_data(self, data):
        if self._in_point_title:
            label, _, value = data.rpartition(": ")
            self._chart["points"][label] = value


def charts(html: str) -> dict[str, dict]:
    """Every SVG chart by its aria-label: its attributes and its points as {label: value}."""
    parser = _Charts()
    parser.feed(html)
    return parser.charts
