import datetime

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from workwell.dates import govuk_date, govuk_datetime
from workwell.govuk import render_component

from ..models import SupportRequest
from ..selectors.support import working_days_open
from .actions import iso_date

Status = SupportRequest.Status
NOBODY_YET = "Nobody yet"

STATUS_TAG_CLASSES = {
    Status.NEW: "govuk-tag--blue",
    Status.TRIAGED: "govuk-tag--light-blue",
    Status.IN_PROGRESS: "govuk-tag--purple",
    Status.DELIVERED: "govuk-tag--turquoise",
    Status.CLOSED: "govuk-tag--grey",
    Status.DECLINED: "govuk-tag--orange",
}


def flag_text(limit: int) -> str:
    return f"Not triaged in {limit} working day{'s' if limit != 1 else ''}"


def support_status_tags(support_request, limit: int) -> SafeString:
    """The status tag, and the red flag when the request waited too long for triage."""
    tags = [
        render_component(
            "tag",
            {
                "text": support_request.get_status_display(),
                "classes": STATUS_TAG_CLASSES[support_request.status],
            },
        )
    ]
    if getattr(support_request, "is_flagged", False):
        tags.append(
            render_component("tag", {"text": flag_text(limit), "classes": "govuk-tag--red"})
        )
    return SafeString(" ".join(tags))


class SupportRequestTable(tables.Table):
    """Columns and their order are the export's documented, stable columns: Reference,
    Vanguard, What they need, Support offer, Urgency, Needed by, Status, Not triaged in time,
    Raised on, Raised by, Working days open, Assigned to, Triaged on, Delivered on, Closed on,
    Rating, Rating comment, Reason for declining, Redirected to."""

    pk = tables.Column(verbose_name="Reference")
    vanguard = tables.Column(verbose_name="Vanguard", accessor="vanguard__name")
    need = tables.Column(verbose_name="What they need")
    offer = tables.Column(
        verbose_name="Support offer", accessor="offer__title", visible=False, default=""
    )
    urgency = tables.Column(verbose_name="Urgency")
    needed_by = tables.Column(verbose_name="Needed by", visible=False, default="")
    status = tables.Column(verbose_name="Status")
    is_flagged = tables.Column(verbose_name="Not triaged in time", visible=False, orderable=False)
    raised_at = tables.Column(verbose_name="Raised on")
    raised_by = tables.Column(
        verbose_name="Raised by", accessor="raised_by__full_name", visible=False
    )
    working_days = tables.Column(
        verbose_name="Working days open", empty_values=(), orderable=False, attrs={"numeric": True}
    )
    # The page says "Nobody yet", as the request's own page does; the export leaves the cell
    # blank (a value for an empty cell is None), so the column filters cleanly.
    assigned_to = tables.Column(
        verbose_name="Assigned to", accessor="assigned_to__full_name", default=NOBODY_YET
    )
    triaged_at = tables.Column(verbose_name="Triaged on", visible=False, default="")
    delivered_at = tables.Column(verbose_name="Delivered on", visible=False, default="")
    closed_at = tables.Column(verbose_name="Closed on", visible=False, default="")
    rating = tables.Column(verbose_name="Rating", visible=False, default="")
    rating_comment = tables.Column(verbose_name="Rating comment", visible=False)
    decline_reason = tables.Column(verbose_name="Reason for declining", visible=False)
    redirect_note = tables.Column(verbose_name="Redirected to", visible=False)

    class Meta:
        model = SupportRequest
        fields = []
        sequence = (
            "pk",
            "vanguard",
            "need",
            "offer",
            "urgency",
            "needed_by",
            "status",
            "is_flagged",
            "raised_at",
            "raised_by",
            "working_days",
            "assigned_to",
            "triaged_at",
            "delivered_at",
            "closed_at",
            "rating",
            "rating_comment",
            "decline_reason",
            "redirect_note",
        )
        order_by = ("-raised_at",)

    def __init__(self, *args, today: datetime.date, limit: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.today, self.limit = today, limit

    def render_pk(self, value):
        return format_html(
            '<a class="govuk-link" href="{}">#{}</a>',
            reverse("support:detail", args=[value]),
            value,
        )

    def render_need(self, value):
        return Truncator(value).chars(90)

    def render_urgency(self, record):
        return record.get_urgency_display().split(":")[0]

    def render_status(self, record):
        return support_status_tags(record, self.limit)

    def render_raised_at(self, value):
        return govuk_date(value)

    def render_working_days(self, record):
        return working_days_open(record, today=self.today)

    def value_pk(self, value):
        return value

    def value_urgency(self, record):
        return record.get_urgency_display()

    def value_status(self, record):
        return record.get_status_display()

    def value_is_flagged(self, value):
        return "Yes" if value else "No"

    def value_needed_by(self, value):
        return iso_date(value)

    def value_raised_at(self, value):
        return iso_date(value)

    def value_triaged_at(self, value):
        return iso_date(value)

    def value_delivered_at(self, value):
        return iso_date(value)

    def value_closed_at(self, value):
        return iso_date(value)


def support_request_summary_rows(support_request, *, limit: int, working_days: int) -> list:
    """The request page's summary list, in the order the vanguard thinks about it."""
    offer = support_request.offer
    rows = [
        ("Status", {"html": support_status_tags(support_request, limit)}),
        ("Vanguard", {"text": support_request.vanguard.name}),
        ("What they need", {"text": support_request.need}),
        (
            "Support offer",
            {
                "html": format_html(
                    '<a class="govuk-link" href="{}">{}</a>',
                    reverse("offers:detail", args=[offer.pk]),
                    offer.title,
                )
            }
            if offer
            else {"text": "None: something not on the support menu"},
        ),
        ("Urgency", {"text": support_request.get_urgency_display()}),
        ("Needed by", {"text": govuk_date(support_request.needed_by) or "No date given"}),
        (
            "Raised",
            {"text": f"{govuk_datetime(support_request.raised_at)} by {support_request.raised_by}"},
        ),
        ("Working days open", {"text": str(working_days)}),
        ("Assigned to", {"text": str(support_request.assigned_to or NOBODY_YET)}),
    ]
    if support_request.decline_reason:
        rows.append(("Reason for declining", {"text": support_request.decline_reason}))
    if support_request.redirect_note:
        rows.append(("Redirected to", {"text": support_request.redirect_note}))
    if support_request.delivery_notes:
        rows.append(("How it was delivered", {"text": support_request.delivery_notes}))
    if support_request.rating is not None:
        comment = support_request.rating_comment or "No comment"
        rows.append(("Rating", {"text": f"{support_request.rating} out of 5. {comment}"}))
    return [{"key": {"text": key}, "value": value} for key, value in rows]


NEXT_STEPS = {
    Status.NEW: "the vanguard's relationship manager triages the request.",
    Status.TRIAGED: "someone from the National Support Team starts work on it.",
    Status.IN_PROGRESS: "the support is delivered.",
    Status.DELIVERED: "the vanguard rates the support, and the request is closed.",
}


def touchpoint_links(touchpoints) -> SafeString:
    return format_html_join(
        "",
        '<li><a class="govuk-link" href="{}">{}</a></li>',
        (
            (reverse("touchpoints:detail", args=[touchpoint.pk]), touchpoint)
            for touchpoint in touchpoints
        ),
    )
