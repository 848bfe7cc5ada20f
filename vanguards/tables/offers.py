from functools import cached_property

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from workwell.tables import Table, row_urls

from ..models import SupportOffer
from ..presenters import offer_tags


class SupportOfferTable(Table):
    """The support menu at /learning/offers/."""

    title = tables.Column(verbose_name="Support")
    channel = tables.Column(verbose_name="How it is delivered")
    delivered_by = tables.Column(verbose_name="Delivered by")
    bands = tables.Column(verbose_name="Suits", empty_values=(), orderable=False)
    themes = tables.Column(verbose_name="Themes", empty_values=(), orderable=False)
    # Left out (exclude=["request"]) for people who may not raise support requests.
    request = tables.Column(verbose_name="Ask for it", empty_values=(), orderable=False)

    class Meta:
        model = SupportOffer
        fields = []
        sequence = ("title", "channel", "delivered_by", "bands", "themes", "request")
        order_by = ("title",)

    @cached_property
    def detail_url(self):
        return row_urls("offers:detail")

    @cached_property
    def request_url(self):
        return reverse("support:create")

    def render_title(self, value, record):
        link = format_html(
            '<a class="govuk-link" href="{}">{}</a>',
            self.detail_url(record.pk),
            value,
        )
        tags = offer_tags(record)
        return format_html("{} {}", link, tags) if tags else link

    def render_bands(self, record):
        return ", ".join(band.capitalize() for band in record.bands) or "None"

    def render_themes(self, record):
        return ", ".join(theme.name for theme in record.themes.all()) or "Not tagged"

    def render_request(self, record):
        if not record.is_active:
            return "No longer offered"
        return format_html(
            '<a class="govuk-link" href="{}?offer={}">Request this support'
            '<span class="govuk-visually-hidden"> ({})</span></a>',
            self.request_url,
            record.pk,
            record.title,
        )
