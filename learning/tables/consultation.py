from functools import cached_property

import django_tables2 as tables
from django.utils.html import format_html

from workwell.dates import govuk_date
from workwell.tables import row_urls

from ..models import ConsultationComment
from ..presenters.consultation import comment_about, comment_from, comment_tag_html

EXCERPT = 100  # characters of a comment shown in the list


class CommentTable(tables.Table):
    """Comments on a version at /learning/toolkit/<number>/comments/."""

    text = tables.Column(verbose_name="Comment", orderable=False)
    item_title = tables.Column(verbose_name="About", empty_values=())
    author = tables.Column(verbose_name="From", empty_values=(), orderable=False)
    created_at = tables.Column(verbose_name="Sent")
    status = tables.Column(verbose_name="Status")

    class Meta:
        model = ConsultationComment
        fields = []
        sequence = ("text", "item_title", "author", "created_at", "status")
        order_by = ("-created_at",)

    @cached_property
    def detail_url(self):
        return row_urls("learning:comment_detail")

    def render_text(self, value, record):
        excerpt = value if len(value) <= EXCERPT else value[: EXCERPT - 1].rstrip() + "…"
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>', self.detail_url(record.pk), excerpt
        )

    def render_item_title(self, record):
        return comment_about(record)

    def render_author(self, record):
        return comment_from(record)

    def render_created_at(self, value):
        return govuk_date(value)

    def render_status(self, record):
        if record.led_to_id:
            return format_html("{} Led to a change", comment_tag_html(record))
        return comment_tag_html(record)
