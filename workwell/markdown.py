"""Formatted text: Markdown written by people, rendered to HTML and sanitised with nh3.

Everything the portal stores as formatted text (toolkit items, lessons, network pages) is shown
through `render_markdown`. Raw HTML typed into the text is removed, links may only be http(s) or
mailto, and the elements get GOV.UK Frontend's typography classes.
"""

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

_TAGS = {"p", "a", "ul", "ol", "li", "strong", "em", "h2", "h3", "h4", "blockquote", "code", "pre"}
_CLASSES = {
    "p": {"class": "govuk-body"},
    "a": {"class": "govuk-link"},
    "ul": {"class": "govuk-list govuk-list--bullet"},
    "ol": {"class": "govuk-list govuk-list--number"},
    "h2": {"class": "govuk-heading-m"},
    "h3": {"class": "govuk-heading-s"},
    "h4": {"class": "govuk-heading-s"},
    "blockquote": {"class": "govuk-inset-text"},
}


def markdown_to_html(text: str) -> str:
    """The sanitised HTML of `text`, as a plain string (for PDFs and tests)."""
    html = markdown_lib.markdown(text or "", extensions=["sane_lists"], output_format="html")
    # A heading level 1 belongs to the page, not to the text: shift it down to level 2.
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        set_tag_attribute_values=_CLASSES,
        link_rel="noopener noreferrer",
    )


def render_markdown(text: str) -> SafeString:
    """Markdown in, safe GOV.UK-styled HTML out."""
    return mark_safe(markdown_to_html(text))  # noqa: S308 - sanitised by nh3 above
