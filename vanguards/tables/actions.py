import datetime

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from workwell.dates import govuk_date, govuk_datetime
from workwell.govuk import render_component

from ..models import Action

STATUS_TAG_CLASSES = {
    Action.Status.OPEN: "govuk-tag--blue",
    Action.Status.DONE: "govuk-tag--green",
    Action.Status.CANCELLED: "govuk-tag--grey",
}


def iso_date(value) -> str:
    """Exports carry dates as YYYY-MM-DD so spreadsheets sort and filter them as dates."""
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value)
    return value.isoformat() if value else ""


def action_status_tags(action) -> SafeString:
    tags = [
        render_component(
            "tag",
            {"text": action.get_status_display(), "classes": STATUS_TAG_CLASSES[action.status]},
        )
    ]
    if getattr(action, "is_overdue", False):
        tags.append(render_component("tag", {"text": "Overdue", "classes": "govuk-tag--red"}))
    return SafeString(" ".join(tags))


class ActionTable(tables.Table):
    """Columns and their order are the export's documented, stable columns:
    Action, Vanguard, Owner, Due date, Status, Overdue, From touchpoint, Created by, Created on,
    Closed by, Closed on, Reason for cancelling."""

    description = tables.Column(verbose_name="Action")
    vanguard = tables.Column(verbose_name="Vanguard", accessor="vanguard__name")
    owner = tables.Column(verbose_name="Owner", accessor="owner__full_name")
    due_date = tables.Column(verbose_name="Due date")
    status = tables.Column(verbose_name="Status")
    # The rest are in the export only; the detail page shows them.
    is_overdue = tables.Column(verbose_name="Overdue", visible=False, orderable=False)
    touchpoint = tables.Column(verbose_name="From touchpoint", visible=False, default="")
    created_by = tables.Column(
        verbose_name="Created by", accessor="created_by__full_name", visible=False
    )
    created_at = tables.Column(verbose_name="Created on", visible=False)
    closed_by = tables.Column(
        verbose_name="Closed by", accessor="closed_by__full_name", visible=False, default=""
    )
    closed_at = tables.Column(verbose_name="Closed on", visible=False, default="")
    cancel_reason = tables.Column(verbose_name="Reason for cancelling", visible=False)

    class Meta:
        model = Action
        fields = []
        sequence = (
            "description",
            "vanguard",
            "owner",
            "due_date",
            "status",
            "is_overdue",
            "touchpoint",
            "created_by",
            "created_at",
            "closed_by",
            "closed_at",
            "cancel_reason",
        )
        order_by = ("due_date",)

    def render_description(self, value, record):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>',
            reverse("actions:detail", args=[record.pk]),
            value,
        )

    def render_due_date(self, value):
        return govuk_date(value)

    def render_status(self, record):
        return action_status_tags(record)

    def value_description(self, value):
        return value

    def value_due_date(self, value):
        return iso_date(value)

    def value_status(self, record):
        return record.get_status_display()

    def value_is_overdue(self, value):
        return "Yes" if value else "No"

    def value_touchpoint(self, value):
        return str(value) if value else ""

    def value_created_at(self, value):
        return iso_date(value)

    def value_closed_at(self, value):
        return iso_date(value)


def _person_and_time(person, when) -> str:
    return f"{person} on {govuk_datetime(when)}"


def action_summary_rows(action, *, show_touchpoint: bool) -> list[dict]:
    """The detail page's summary list: what, whose, when due, and who created and closed it."""
    rows = [
        ("Status", {"html": action_status_tags(action)}),
        ("Vanguard", {"text": action.vanguard.name}),
        ("Owner", {"text": str(action.owner)}),
        ("Due date", {"text": govuk_date(action.due_date)}),
    ]
    if action.touchpoint_id and show_touchpoint:
        link = format_html(
            '<a class="govuk-link" href="{}">{}</a>',
            reverse("touchpoints:detail", args=[action.touchpoint_id]),
            action.touchpoint,
        )
        rows.append(("From touchpoint", {"html": link}))
    rows.append(("Created by", {"text": _person_and_time(action.created_by, action.created_at)}))
    if action.status == Action.Status.DONE:
        rows.append(("Done by", {"text": _person_and_time(action.closed_by, action.closed_at)}))
    if action.status == Action.Status.CANCELLED:
        rows.append(
            ("Cancelled by", {"text": _person_and_time(action.closed_by, action.closed_at)})
        )
        rows.append(("Reason for cancelling", {"text": action.cancel_reason}))
    return [{"key": {"text": key}, "value": value} for key, value in rows]
