"""GOV.UK component parameters for lessons learnt."""

from django.utils.safestring import SafeString

from workwell.dates import govuk_date, govuk_datetime
from workwell.govuk import render_component
from workwell.markdown import render_markdown

from ..models import Lesson

STATUS_TAG_CLASSES = {
    Lesson.Status.DRAFT: "govuk-tag--grey",
    Lesson.Status.SUBMITTED: "govuk-tag--blue",
    Lesson.Status.RETURNED: "govuk-tag--orange",
    Lesson.Status.PUBLISHED: "govuk-tag--green",
}
NST_WRITTEN = "National Support Team"
SECTIONS = [
    ("problem", "The problem"),
    ("tried", "What was tried"),
    ("happened", "What happened"),
    ("takeaways", "What others should take from it"),
]

_TAGS: dict[str, SafeString] = {}


def status_tag(status: str) -> SafeString:
    """A lesson status as a GOV.UK tag, rendered once per status per process."""
    if status not in _TAGS:
        label = Lesson.Status(status).label
        _TAGS[status] = render_component(
            "tag", {"text": label, "classes": STATUS_TAG_CLASSES[status]}
        )
    return _TAGS[status]


def lesson_source(lesson: Lesson) -> str:
    return lesson.vanguard.name if lesson.vanguard_id else NST_WRITTEN


def lesson_sections(lesson: Lesson) -> list[tuple[str, SafeString]]:
    """The four parts of a lesson, each heading with its rendered Markdown."""
    return [(heading, render_markdown(getattr(lesson, field))) for field, heading in SECTIONS]


def lesson_summary_rows(lesson: Lesson) -> list[dict]:
    dimensions = ", ".join(dimension.name for dimension in lesson.dimensions.all())
    rows = [
        ("From", {"text": lesson_source(lesson)}),
        ("Written by", {"text": str(lesson.author)}),
        ("Status", {"html": status_tag(lesson.status)}),
        ("Programme themes", {"text": ", ".join(t.name for t in lesson.themes.all()) or "None"}),
        ("Maturity dimensions", {"text": dimensions or "None"}),
    ]
    if lesson.published_at:
        rows.append(("Published", {"text": govuk_date(lesson.published_at)}))
    return [{"key": {"text": key}, "value": value} for key, value in rows]


def lesson_history_table(entries) -> dict:
    """Each saved change of the lesson: when, who, and the status it was left in."""
    rows = [
        [
            {"text": govuk_datetime(entry.history_date)},
            {"text": str(entry.history_user) if entry.history_user else "The system"},
            {"text": Lesson.Status(entry.status).label},
        ]
        for entry in entries
    ]
    return {
        "caption": "History of this lesson",
        "captionClasses": "govuk-visually-hidden",
        "head": [{"text": "When"}, {"text": "Who"}, {"text": "Status after the change"}],
        "rows": rows,
    }
