from functools import cached_property

import django_tables2 as tables
from django.utils.html import format_html

from workwell.dates import govuk_date
from workwell.tables import row_urls

from ..models import Lesson
from ..presenters.lessons import lesson_source, status_tag


class LessonTable(tables.Table):
    """The lessons-learnt library at /learning/lessons/."""

    # The themes go under the title rather than in a column of their own, so the table
    # fits the page beside the filters.
    title = tables.Column(verbose_name="Lesson")
    vanguard = tables.Column(verbose_name="From", order_by=("vanguard__name",), empty_values=())
    # Left out (exclude=["status"]) for people who only ever see published lessons.
    status = tables.Column(verbose_name="Status")
    updated_at = tables.Column(verbose_name="Last changed")

    class Meta:
        model = Lesson
        fields = []
        sequence = ("title", "vanguard", "status", "updated_at")
        order_by = ("-updated_at",)

    @cached_property
    def detail_url(self):
        return row_urls("learning:lesson")

    def render_title(self, value, record):
        themes = ", ".join(theme.name for theme in record.themes.all())
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>'
            '<span class="govuk-!-display-block govuk-!-font-size-16 govuk-!-font-weight-regular">'
            "{}</span>",
            self.detail_url(record.pk),
            value,
            themes,
        )

    def render_vanguard(self, record):
        return lesson_source(record)

    def render_status(self, value, record):
        return status_tag(record.status)

    def render_updated_at(self, value):
        return govuk_date(value)
