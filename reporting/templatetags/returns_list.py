"""The quarterly returns list's table, written from its rows' values (ReturnTable.page_html)."""

from django import template
from django.utils.safestring import SafeString

from workwell.tables import render_pagination

register = template.Library()


@register.simple_tag(takes_context=True)
def returns_table(context, table, caption: str) -> SafeString:
    """`{% govuk_table table caption %}` for the returns list: the same markup, its cells
    written straight from the page's rows."""
    return SafeString(table.page_html(caption) + render_pagination(table, context["request"]))
