import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from workwell.dates import govuk_date
from workwell.govuk import render_component

from ..models import SelfAssessment
from ..selectors.assessments import assessment_band
from ..selectors.results import display_mean

STATUS_TAG_CLASSES = {
    SelfAssessment.Status.DRAFT: "govuk-tag--grey",
    SelfAssessment.Status.SUBMITTED: "govuk-tag--blue",
    SelfAssessment.Status.AGREED: "govuk-tag--green",
}


def status_tag(assessment: SelfAssessment):
    return render_component(
        "tag",
        {
            "text": assessment.get_status_display(),
            "classes": STATUS_TAG_CLASSES[assessment.status],
        },
    )


def band_text(assessment: SelfAssessment) -> str:
    """ "Maturing (mean 3.12, moderated)", or "Not yet scored". The mean is shown as on the
    results pages, rounded down, so it never shows a threshold it has not reached."""
    band, mean, basis = assessment_band(assessment)
    if band is None:
        return "Not yet scored"
    return f"{band.capitalize()} (mean {display_mean(mean)}, {basis})"


class AssessmentTable(tables.Table):
    vanguard = tables.Column(verbose_name="Vanguard", accessor="vanguard__name")
    cycle = tables.Column(verbose_name="Cycle", accessor="cycle__name", order_by="cycle__opens_on")
    status = tables.Column(verbose_name="Status")
    band = tables.Column(verbose_name="Band so far", empty_values=(), orderable=False)
    updated_at = tables.Column(verbose_name="Last saved")

    class Meta:
        model = SelfAssessment
        fields = []
        sequence = ("vanguard", "cycle", "status", "band", "updated_at")

    def render_vanguard(self, value, record):
        return format_html(
            '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden">: {}</span></a>',
            reverse("maturity:assessment", args=[record.pk]),
            value,
            record.cycle.name,
        )

    def render_status(self, record):
        return status_tag(record)

    def render_band(self, record):
        return band_text(record)

    def render_updated_at(self, value):
        return govuk_date(value)
