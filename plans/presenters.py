"""GOV.UK component parameters for plan pages: the timeline's conditional radios, the status
radios, the activity table beside the chart, and the history table."""

import datetime

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from workwell.dates import govuk_datetime
from workwell.forms import field_component, render_field

from .chart import status_words
from .forms import TIMELINE_FIELDS
from .models import ACTIVITY_FIELDS, Activity, Plan, PlanComment, Theme

STATUS_TAGS = {
    Activity.Status.NOT_STARTED: "govuk-tag--grey",
    Activity.Status.IN_PROGRESS: "govuk-tag--blue",
    Activity.Status.DONE: "govuk-tag--green",
    Activity.Status.AT_RISK: "govuk-tag--orange",
    Activity.Status.DROPPED: "govuk-tag--purple",
}


def plan_urls(plan: Plan) -> dict[str, str]:
    """The plan's pages, by the short names the views and templates use."""
    if plan.is_programme:
        return {name: reverse(f"plans:programme_{name}") for name in _PAGES}
    slug = plan.vanguard.slug
    return {name: reverse(f"plans:vanguard_{name}", args=[slug]) for name in _PAGES}


_PAGES = ("plan", "activity_add", "theme_add", "comment", "history", "export", "upload")


def activity_url(plan: Plan, record: Activity | Theme, page: str) -> str:
    """An activity's (or a theme's) page on either kind of plan."""
    if plan.is_programme:
        return reverse(f"plans:programme_{page}", args=[record.pk])
    return reverse(f"plans:vanguard_{page}", args=[plan.vanguard.slug, record.pk])


def _with_conditionals(form, name: str, conditionals: dict) -> dict:
    component, params = field_component(form[name])
    for item in params["items"]:
        fields = conditionals.get(item["value"], ())
        if fields:
            item["conditional"] = {
                "html": mark_safe("".join(render_field(form[field]) for field in fields))  # noqa: S308
            }
    params["classes"] = ""
    return params


def timeline_radios(form) -> dict:
    """The timeline question: each kind's own fields revealed under its radio."""
    return _with_conditionals(form, "timeline", TIMELINE_FIELDS)


def status_radios(form) -> dict:
    return _with_conditionals(form, "status", {Activity.Status.DROPPED: ("dropped_reason",)})


def status_tag(activity: Activity, today: datetime.date):
    classes = STATUS_TAGS[activity.current_status]
    if activity.is_overdue(today):
        classes = "govuk-tag--red"
    words = status_words(activity, today)
    return format_html('<strong class="govuk-tag {}">{}</strong>', classes, words)


def activity_table(activities: list[Activity], *, today: datetime.date, caption: str) -> dict:
    """The same data as the timeline chart, as a GOV.UK table."""
    rows = []
    for activity in activities:
        rows.append(
            [
                {"text": f"{activity.theme.position}.{activity.number}"},
                # Short, so the chart's numbered rows can be read without the cards below.
                {"text": Truncator(activity.description).words(8)},
                {"text": activity.timeline_words},
                {"html": status_tag(activity, today)},
            ]
        )
    return {
        "caption": caption,
        "captionClasses": "govuk-table__caption--s",
        "firstCellIsHeader": True,
        "head": [
            {"text": "No."},
            {"text": "Action"},
            {"text": "Timeline"},
            {"text": "Status"},
        ],
        "rows": rows,
    }


_CHANGE_WORDS = {"+": "Added", "~": "Changed", "-": "Removed"}

# The fields a change is described by (the rest are bookkeeping). An activity's timeline
# fields are described together, as the plan words the timeline.
_TIMELINE_FIELDS = frozenset(
    ("timeline", "precision", "target_date", "starts_on", "ends_on", "quarter_year")
    + ("quarter_number", "condition", "latest_date", "timeline_note")
)
_HISTORY_FIELDS = {
    Theme: ("position", "title"),
    Activity: (
        "theme",
        "status",
        "dropped_reason",
        *(name for name in ACTIVITY_FIELDS if name not in _TIMELINE_FIELDS),
        "timeline",
    ),
    PlanComment: ("text",),
}


def _shown(value) -> str:
    return f"“{Truncator(value).chars(60)}”" if value not in ("", None) else "nothing"


def _field_change(model, name, before, after, *, themes, links) -> tuple[str, str, str] | None:
    """(field, old, new) in the words the plan page uses, or None when it did not change."""
    if name == "timeline":
        old, new = before.instance.timeline_words, after.instance.timeline_words
        return ("timeline", old, new) if old != new else None
    field = model._meta.get_field(name)
    # attname: a link's id, so no query for the linked row
    old, new = getattr(before, field.attname), getattr(after, field.attname)
    if old == new:
        return None
    label = str(field.verbose_name)
    if name == "status":
        return label, Activity.Status(old).label, Activity.Status(new).label
    if name == "theme":
        return label, themes.get(old, "?"), themes.get(new, "?")
    if field.is_relation:
        return label, links.get((name, old), "nothing"), links.get((name, new), "nothing")
    if name == "position":
        return label, str(old), str(new)
    return label, _shown(old), _shown(new)


def history_table(records, *, links: dict | None = None) -> dict:
    """Each change, newest first: who, when, what, and each field's old and new value
    (compared with the record's previous version in memory, not a query per row)."""
    positions, titles, numbers, previous, rows = {}, {}, {}, {}, []
    for record in records:
        model = record.instance_type
        if model is Theme:
            positions[record.id] = record.position
            titles[record.id] = record.title
            what = f"theme {record.position}"
            words = record.title
        elif model is Activity:
            numbers[record.id] = f"{positions.get(record.theme_id, '?')}.{record.number}"
            what = f"activity {numbers[record.id]}"
            words = Truncator(record.description).chars(100)
        else:
            on = numbers.get(record.activity_id) if record.activity_id else None
            what = f"comment on activity {on}" if on else "comment"
            words = Truncator(record.text).chars(100)
        before = previous.get((model, record.id))
        changes = []
        if record.history_type == "~" and before is not None:
            for name in _HISTORY_FIELDS[model]:
                found = _field_change(model, name, before, record, themes=titles, links=links or {})
                if found:
                    changes.append(found)
        previous[(model, record.id)] = record
        rows.append(
            [
                {"text": govuk_datetime(record.history_date)},
                {"text": record.history_user.full_name if record.history_user else "System"},
                {"text": f"{_CHANGE_WORDS[record.history_type]} {what}"},
                {"text": words},
                (
                    {
                        "html": format_html_join(
                            mark_safe("<br>"), "{}: {} → {}", changes
                        )  # each field on its own line
                    }
                    if changes
                    else {"text": "–"}
                ),
            ]
        )
    rows.reverse()
    return {
        "caption": "Changes to themes, activities and comments, newest first",
        "captionClasses": "govuk-table__caption--m",
        "head": [
            {"text": "When"},
            {"text": "Who"},
            {"text": "What"},
            {"text": "Theme, activity or comment"},
            {"text": "What changed"},
        ],
        "rows": rows,
    }


def themes_for_page(page, *, today: datetime.date) -> list[dict]:
    """Each theme with its activities, their status tags, links and comments."""
    comments_by_activity: dict[int, list] = {}
    for comment in page.comments:
        if comment.activity_id:
            comments_by_activity.setdefault(comment.activity_id, []).append(comment)
    return [
        {
            "theme": theme,
            "rename_url": activity_url(page.plan, theme, "theme_edit"),
            # Only an empty theme is removed: its activities are removed or dropped first.
            "remove_url": (
                None if theme.activities.all() else activity_url(page.plan, theme, "theme_remove")
            ),
            "activities": [
                {
                    "activity": activity,
                    "tag": status_tag(activity, today),
                    "edit_url": activity_url(page.plan, activity, "activity_edit"),
                    "status_url": activity_url(page.plan, activity, "activity_status"),
                    "remove_url": activity_url(page.plan, activity, "activity_remove"),
                    "comments": comments_by_activity.get(activity.pk, []),
                }
                for activity in theme.activities.all()
            ],
        }
        for theme in page.themes
    ]


def upload_saved_message(check) -> str:
    return f"Plan uploaded: {len(check.creates)} activities added, {len(check.updates)} changed" + (
        f", {len(check.new_themes)} themes added." if check.new_themes else "."
    )


def upload_preview(check) -> dict:
    """The problems as an error summary and a table; or what will be created and changed."""
    if check.problems:
        return {
            "error_summary": {
                "titleText": "There is a problem with the file",
                "errorList": [
                    {
                        "text": f"Sheet {p.sheet}, row {p.row}"
                        + (f", column {p.column}" if p.column else "")
                        + f": {p.message}"
                    }
                    for p in check.problems
                ],
            },
            "problems_table": {
                "caption": f"{len(check.problems)} problems: nothing has been saved",
                "captionClasses": "govuk-table__caption--m",
                "head": [
                    {"text": "Sheet"},
                    {"text": "Row", "format": "numeric"},
                    {"text": "Column"},
                    {"text": "Problem"},
                ],
                "rows": [
                    [
                        {"text": p.sheet},
                        {"text": str(p.row), "format": "numeric"},
                        {"text": p.column or "–"},
                        {"text": p.message},
                    ]
                    for p in check.problems
                ],
            },
        }

    return {
        "created_table": _row_plans_table(check.creates, "to add", "Lead"),
        "changed_table": _row_plans_table(check.updates, "to change", "What changes"),
    }


def _row_plans_table(plans, doing: str, last: str) -> dict | None:
    """The rows an upload will add (with their lead) or change (with what changes)."""
    if not plans:
        return None
    head = ["Row", "Theme – No.", "Action", "Timeline", last]
    return {
        "caption": f"{len(plans)} activities {doing}",
        "captionClasses": "govuk-table__caption--m",
        "head": [{"text": text} for text in head],
        "rows": [
            [
                {"text": str(row.row)},
                {"text": f"{row.theme_title} – {row.number}"},
                {"text": row.fields["description"][:120]},
                {
                    "text": Activity(**row.fields).timeline_words
                    + f" (read as {Activity.Timeline(row.fields['timeline']).label.lower()})"
                },
                {"text": ", ".join(row.changes) if row.activity else row.fields["lead"]},
            ]
            for row in plans
        ],
    }
