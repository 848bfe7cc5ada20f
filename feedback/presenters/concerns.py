"""GOV.UK component parameters for concerns: tags, the summary list and the thread."""

import datetime

from django.utils.html import format_html
from django.utils.safestring import SafeString

from workwell.dates import govuk_date, govuk_datetime

from ..models import Concern
from ..selectors.concerns import is_overdue

STATE_TAG_CLASSES = {
    Concern.State.RAISED: "govuk-tag--blue",
    Concern.State.ACKNOWLEDGED: "govuk-tag--light-blue",
    Concern.State.INVESTIGATING: "govuk-tag--yellow",
    Concern.State.RESPONDED: "govuk-tag--green",
    Concern.State.CLOSED: "govuk-tag--grey",
}


def _tag(text: str, classes: str) -> SafeString:
    return format_html('<strong class="govuk-tag {}">{}</strong>', classes, text)


def concern_tags(concern: Concern, *, today: datetime.date) -> SafeString:
    """The state tag, and a red "Overdue" tag when a clock has run out."""
    overdue = getattr(concern, "is_overdue", None)
    if overdue is None:
        overdue = is_overdue(concern, today=today)
    tags = [_tag(concern.get_state_display(), STATE_TAG_CLASSES[concern.state])]
    if overdue:
        tags.append(_tag("Overdue", "govuk-tag--red"))
    return SafeString(" ".join(tags))


def clock_text(concern: Concern, *, to_raiser: bool = False) -> str:
    """The clock that is running: "Acknowledge by …", "Respond by …" or "Closes on …"."""
    if concern.state == Concern.State.RAISED:
        return f"Acknowledge by {govuk_date(concern.acknowledge_by)}"
    if concern.state in (Concern.State.ACKNOWLEDGED, Concern.State.INVESTIGATING):
        return f"Respond by {govuk_date(concern.respond_by)}"
    if concern.state == Concern.State.RESPONDED and concern.auto_close_on:
        who = "you reply" if to_raiser else "the raiser replies"
        return f"Closes on {govuk_date(concern.auto_close_on)} unless {who}"
    return ""


def about_text(concern: Concern) -> str:
    parts = [str(concern.about_rm)] if concern.about_rm_id else []
    if concern.about_service:
        parts.append(concern.about_service)
    return ", ".join(parts) or "Not said"


def concern_summary_rows(concern: Concern, *, today: datetime.date) -> list[dict]:
    """The concern page's summary list: what was raised, then where it is and its clocks."""
    rows = [
        ("Status", {"html": concern_tags(concern, today=today)}),
        ("Kind", {"text": concern.get_kind_display()}),
        ("Vanguard", {"text": str(concern.vanguard or f"{concern.region} (the region)")}),
        ("Raised", {"text": f"{govuk_datetime(concern.raised_at)} by {concern.raised_by}"}),
        ("What happened", {"text": concern.what_happened}),
        ("When it happened", {"text": govuk_date(concern.happened_on)}),
    ]
    if concern.late_reason:
        rows.append(("Why it was not raised sooner", {"text": concern.late_reason}))
    rows += [
        ("What they would like to happen", {"text": concern.wanted_outcome}),
        ("About", {"text": about_text(concern)}),
        ("Stage", {"text": concern.get_stage_display()}),
        ("Handled by", {"text": str(concern.handler or "Nobody yet")}),
        ("Acknowledge by", {"text": _clock(concern.acknowledge_by, concern.acknowledged_at)}),
        ("Respond by", {"text": _clock(concern.respond_by, concern.responded_at)}),
    ]
    if concern.reopened_at:
        rows.append(
            ("Reopened", {"text": f"{govuk_date(concern.reopened_at)}: {concern.reopen_reason}"})
        )
    return [{"key": {"text": key}, "value": value} for key, value in rows]


def _clock(due: datetime.date, done: datetime.datetime | None) -> str:
    if done is None:
        return govuk_date(due)
    return f"{govuk_date(due)} (done on {govuk_date(done)})"
