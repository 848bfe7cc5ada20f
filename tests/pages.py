"""Reading what a page or an export answered, for tests that check content."""

import csv
import html as html_module
import io


def page_text(response) -> str:
    """The page's HTML with entities decoded: templates and components escape quotes differently."""
    return html_module.unescape(response.content.decode())


def rows_of(response) -> list[dict]:
    """An exported CSV's rows, keyed by its header."""
    return list(csv.DictReader(io.StringIO(response.content.decode())))
