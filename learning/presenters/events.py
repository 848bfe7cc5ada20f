"""Display-only shaping of network events into GOV.UK component params and short texts (no
queries: callers pass what the selectors fetched). User-typed values go in as `text`."""

from functools import lru_cache

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from workwell.dates import govuk_date_with_weekday, govuk_datetime, govuk_time
from workwell.govuk import render_component
from workwell.markdown import render_markdown

from ..models import Event, Registration


def event_when(event: Event) -> str:
    """3 March 2026, 10am to 11:30am (or with both dates when it spans days)."""
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    if start.date() == end.date():
        return f"{govuk_date_with_weekday(start)}, {govuk_time(start)} to {govuk_time(end)}"
    return f"{govuk_datetime(start)} to {govuk_datetime(end)}"


def places_text(event: Event) -> str:
    """What the reader needs before registering: places left, or the waiting list."""
    return places_left_text(event.capacity, event.places_taken, getattr(event, "waiting_count", 0))


def places_left_text(capacity: int, taken: int, waiting: int) -> str:
    """`places_text` from an event's values (the list page's rows)."""
    left = capacity - taken
    if left > 0:
        return f"{intcomma(left)} place{'s' if left != 1 else ''} left"
    return f"Full: {intcomma(waiting)} on the waiting list" if waiting else "Full"


def where_text(event: Event) -> str:
    return "Online" if event.is_online else event.venue


def kind_and_audience_text(event: Event) -> str:
    """Webinar; Cohort session, for Musculoskeletal conditions; Workshop, for the NST only."""
    group = event.cohort_group.name if event.cohort_group_id else None
    return kind_for_audience(event.get_kind_display(), event.audience, group)


def kind_for_audience(kind: str, audience: str, group_name: str | None) -> str:
    """`kind_and_audience_text` from an event's values: its kind's label, its audience and its
    cohort group's name (None when it has none)."""
    if audience == Event.Audience.COHORT_GROUP and group_name is not None:
        return f"{kind}, for {group_name}"
    if audience == Event.Audience.NST:
        return f"{kind}, for the NST only"
    return kind


def audience_text(event: Event) -> str:
    if event.audience == Event.Audience.COHORT_GROUP and event.cohort_group_id:
        return f"{event.cohort_group.name} (cohort group)"
    return event.get_audience_display()


@lru_cache(maxsize=8)
def _tag(text: str, classes: str) -> SafeString:
    return render_component("tag", {"text": text, "classes": classes})


MY_STATUS_TAGS = {
    Registration.Status.REGISTERED: ("You are registered", "govuk-tag--green"),
    Registration.Status.WAITING: ("You are on the waiting list", "govuk-tag--yellow"),
}


def my_status_tag(status: str | None) -> SafeString:
    """The reader's own standing, as a tag, or nothing."""
    if status not in MY_STATUS_TAGS:
        return SafeString("")
    return _tag(*MY_STATUS_TAGS[status])


def event_summary_rows(event: Event, *, show_joining_link: bool, past: bool) -> list[dict]:
    rows = [
        {"key": {"text": "When"}, "value": {"text": event_when(event)}},
        {"key": {"text": "Kind"}, "value": {"text": event.get_kind_display()}},
        {"key": {"text": "Where"}, "value": {"text": where_text(event)}},
    ]
    if event.is_online and show_joining_link:
        if event.joining_link:
            link = format_html(
                '<a class="govuk-link" href="{}" rel="noopener noreferrer">{}</a>',
                event.joining_link,
                event.joining_link,
            )
            rows.append({"key": {"text": "Joining link"}, "value": {"html": link}})
        else:
            rows.append({"key": {"text": "Joining link"}, "value": {"text": "Not added yet"}})
    rows.append({"key": {"text": "Who it is for"}, "value": {"text": audience_text(event)}})
    places = f"{intcomma(event.capacity)} in total"
    if not past:
        places = f"{places_text(event)} ({places})"
    rows.append({"key": {"text": "Places"}, "value": {"text": places}})
    return rows


def event_description(event: Event) -> SafeString:
    return render_markdown(event.description)


def feedback_summary_text(summary: dict) -> str:
    responses = summary["responses"]
    if not responses:
        return "No feedback yet."
    return (
        f"{responses} response{'s' if responses != 1 else ''}, "
        f"average usefulness {summary['average']:.1f} out of 5."
    )
