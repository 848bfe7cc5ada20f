from functools import cached_property

import django_tables2 as tables
from django.utils.html import format_html, format_html_join

from workwell.dates import govuk_date
from workwell.tables import row_urls

from ..models import ExchangeQuestion
from ..presenters.exchange import author_line, question_tags


class ExchangeQuestionTable(tables.Table):
    """The peer exchange's questions at /learning/exchange/."""

    # The themes and tags go under the question rather than in columns of their own, so the
    # table fits the page beside the filters and on a phone.
    title = tables.Column(verbose_name="Question")
    author = tables.Column(verbose_name="Asked by", order_by=("author_organisation",))
    answer_count = tables.Column(verbose_name="Answers", attrs={"numeric": True})
    created_at = tables.Column(verbose_name="Asked")

    class Meta:
        model = ExchangeQuestion
        fields = []
        sequence = ("title", "author", "answer_count", "created_at")
        order_by = ("-created_at",)

    @cached_property
    def detail_url(self):
        return row_urls("learning:exchange_thread")

    def render_title(self, value, record):
        themes = ", ".join(theme.name for theme in record.theme_list)
        tags = format_html_join(" ", "{}", ((t,) for t in question_tags(record)))
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>'
            '<span class="govuk-!-display-block govuk-!-font-size-16 govuk-!-font-weight-regular">'
            "{}</span>{}",
            self.detail_url(record.pk),
            value,
            themes,
            tags,
        )

    def render_author(self, record):
        return author_line(record)

    def render_created_at(self, value):
        return govuk_date(value)
