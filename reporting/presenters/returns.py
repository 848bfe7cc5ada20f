"""GOV.UK component parameters for the delivery strands and quarterly return pages."""

from django.urls import reverse
from django.utils.html import format_html

from workwell.dates import govuk_date, govuk_datetime

from ..models.returns import FIGURES
from ..selectors.returns import NOT_STARTED, narrative_task_status, strand_task_status

# Status tags (GOV.UK task list and list pages): the colour is never the only signal.
STATUS_TAG_CLASSES = {
    NOT_STARTED: "govuk-tag--grey",
    "in_progress": "govuk-tag--light-blue",
    "submitted": "govuk-tag--blue",
    "queried": "govuk-tag--orange",
    "accepted": "govuk-tag--green",
    "late": "govuk-tag--red",
}


def money(value) -> str:
    """£1,310,012 (pence only when there are some)."""
    if value is None:
        return ""
    return f"£{value:,.2f}".removesuffix(".00")


def number(value) -> str:
    return "" if value is None else f"{value:,}"


def strands_table(strands) -> dict:
    """The vanguard profile's delivery plan: one row per strand, numbers right-aligned."""
    head = [
        {"text": "Strand"},
        {"text": "Participant target", "format": "numeric"},
        {"text": "Funding allocation", "format": "numeric"},
        {"text": "In-work share target", "format": "numeric"},
        {"text": "Runs"},
    ]
    rows = []
    for strand in strands:
        share = strand.in_work_share_target
        rows.append(
            [
                {"text": strand.name},
                {"text": number(strand.participant_target) or "None", "format": "numeric"},
                {"text": money(strand.funding_allocation), "format": "numeric"},
                {"text": "" if share is None else f"{share}%", "format": "numeric"},
                {
                    "text": f"{govuk_date(strand.start_date)} to {govuk_date(strand.end_date)}",
                },
            ]
        )
    total = sum(strand.funding_allocation for strand in strands)
    target = sum(strand.participant_target or 0 for strand in strands)
    rows.append(
        [
            {"text": "Total"},
            {"text": number(target), "format": "numeric"},
            {"text": money(total), "format": "numeric"},
            {"text": ""},
            {"text": ""},
        ]
    )
    return {
        "caption": "Delivery strands",
        "captionClasses": "govuk-visually-hidden",
        "head": head,
        "rows": rows,
        "firstCellIsHeader": True,
    }


def status_tag(status: str, label: str) -> str:
    return format_html(
        '<strong class="govuk-tag {}">{}</strong>', STATUS_TAG_CLASSES.get(status, ""), label
    )


def _task_status(text: str) -> dict:
    if text == "Completed":
        return {"text": text}
    classes = "govuk-tag--blue" if text == "Not yet started" else "govuk-tag--light-blue"
    return {"tag": {"text": text, "classes": classes}}


def task_list_params(*, report, strands, rows, urls) -> dict:
    """The return's task list: one task per strand with participants, then the narrative.
    `urls` gives each task's address (None: not a link, before the return is started)."""
    items = []
    for strand in strands:
        status = strand_task_status(rows.get(strand.pk))
        item = {"title": {"text": strand.name}, "status": _task_status(status)}
        href = urls(strand)
        if href:
            item["href"] = href
        if strand.participant_target:
            item["hint"] = {"text": f"Target: {number(strand.participant_target)} participants"}
        items.append(item)
    narrative = {
        "title": {"text": "Narrative"},
        "hint": {"text": "Progress, risks and what helped"},
        "status": _task_status(narrative_task_status(report)),
    }
    href = urls(None)
    if href:
        narrative["href"] = href
    items.append(narrative)
    return {"items": items, "idPrefix": "return-task"}


def figures_summary_rows(row, *, change_url: str | None, strand_name: str) -> list[dict]:
    """A strand's figures as summary list rows, each with a Change link while editable."""
    values = row.figures() if row else {}
    rows = []
    for field, label in FIGURES:
        value = values.get(field)
        text = money(value) if field == "spend" else number(value)
        item = {"key": {"text": label}, "value": {"text": text or "Not entered"}}
        if change_url:
            item["actions"] = {
                "items": [
                    {
                        "href": f"{change_url}#id_{field}",
                        "text": "Change",
                        "visuallyHiddenText": f"{label.lower()} for {strand_name}",
                    }
                ]
            }
        rows.append(item)
    return rows


def check_sections(strands, rows, *, vanguard, quarter, editable: bool, correctable: bool):
    """Check your answers: each strand's figures as a summary card, with Change links while
    the vanguard may edit, or the admin's correction link once accepted."""
    sections = []
    for strand in strands:
        change = correct = None
        if editable:
            change = return_url("return_strand", vanguard, quarter, strand=strand.pk)
        if correctable:
            correct = return_url("return_correct", vanguard, quarter, strand=strand.pk)
        figures = figures_summary_rows(
            rows.get(strand.pk), change_url=change, strand_name=strand.name
        )
        sections.append({"strand": strand, "rows": figures, "correct_url": correct})
    return sections


def narrative_summary_rows(report, *, change_url: str | None) -> list[dict]:
    fields = [
        ("progress", "Progress this quarter"),
        ("risks", "Risks and issues"),
        ("what_helped", "What helped"),
    ]
    if report.query:
        fields += [("query", "Query from the NST"), ("query_answer", "Your answer to the query")]
    rows = []
    for field, label in fields:
        value = getattr(report, field) if report else ""
        item = {"key": {"text": label}, "value": {"text": value or "Not entered"}}
        if change_url and field != "query":
            item["actions"] = {
                "items": [
                    {
                        "href": f"{change_url}#id_{field}",
                        "text": "Change",
                        "visuallyHiddenText": label.lower(),
                    }
                ]
            }
        rows.append(item)
    return rows


def return_summary_rows(report, *, period) -> list[dict]:
    """Who signed it off and decided it, and when it is due."""
    rows = []
    if period:
        rows.append({"key": {"text": "Due"}, "value": {"text": govuk_date(period.due_on)}})
    if report and report.signed_off_at:
        rows.append(
            {
                "key": {"text": "Signed off"},
                "value": {
                    "text": f"{report.signed_off_by} on {govuk_datetime(report.signed_off_at)}"
                },
            }
        )
    decisions = {"accepted": "Accepted", "queried": "Returned with a query"}
    if report and report.decided_at and report.status in decisions:
        # Once resubmitted, the query's decision is history (on the history page).
        rows.append(
            {
                "key": {"text": decisions[report.status]},
                "value": {"text": f"By {report.decided_by} on {govuk_datetime(report.decided_at)}"},
            }
        )
    if report and report.correction_reason:
        rows.append(
            {"key": {"text": "Corrected because"}, "value": {"text": report.correction_reason}}
        )
    return rows


def return_url(name: str, vanguard, quarter, **kwargs) -> str:
    return reverse(
        f"reporting:{name}", kwargs={"slug": vanguard.slug, "quarter": quarter, **kwargs}
    )
