from functools import cached_property

import django_tables2 as tables
from django.utils.html import format_html

from workwell.dates import govuk_date
from workwell.tables import Table, row_urls

from ..models import SelfAssessment
from ..presenters import band_text, status_tag


class AssessmentTable(Table):
    vanguard = tables.Column(verbose_name="Vanguard", accessor="vanguard__name")
    cycle = tables.Column(verbose_name="Cycle", accessor="cycle__name", order_by="cycle__opens_on")
    status = tables.Column(verbose_name="Status")
    band = tables.Column(verbose_name="Band so far", empty_values=(), orderable=False)
    updated_at = tables.Column(verbose_name="Last saved")

    class Meta:
        model = SelfAssessment
        fields = []
        sequence = ("vanguard", "cycle", "status", "band", "updated_at")

    @cached_property
    def detail_url(self):
        return row_urls("maturity:assessment")

    def render_vanguard(self, value, record):
        return format_html(
            '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden">: {}</span></a>',
            self.detail_url(record.pk),
            value,
            record.cycle.name,
        )

    def render_status(self, record):
        return status_tag(record)

    def render_band(self, record):
        return band_text(record)

    def render_updated_at(self, value):
        return govuk_date(value)
