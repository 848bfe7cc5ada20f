"""GOV.UK component parameters for the snapshots page: the revisions, the builds and what a
rebuild moved. Values are written as their measure's unit says (reporting/measures.py)."""

from django.urls import reverse
from django.utils.html import format_html

from feedback.forms.quality import quarter_slug
from workwell.dates import govuk_datetime

from ..measures import MEASURES, measure_text
from ..models import QuarterlySnapshot, SnapshotBuild
from ..selectors.snapshots import SnapshotChanges


def snapshot_url(snapshot: QuarterlySnapshot) -> str:
    return reverse("reporting:snapshot", args=[quarter_slug(snapshot.quarter), snapshot.revision])


def _who(user) -> str:
    return user.full_name or user.email if user else "Scheduled (after the returns due date)"


def snapshots_table(snapshots: list[QuarterlySnapshot]) -> dict:
    rows = [
        [
            {"text": str(snapshot.quarter)},
            {
                "html": format_html(
                    '<a class="govuk-link" href="{}">Revision {}<span class="govuk-visually-'
                    'hidden"> of {}</span></a>',
                    snapshot_url(snapshot),
                    snapshot.revision,
                    snapshot.quarter,
                )
            },
            {"text": govuk_datetime(snapshot.built_at)},
            {"text": _who(snapshot.built_by)},
        ]
        for snapshot in snapshots
    ]
    return {
        "caption": "Snapshots",
        "captionClasses": "govuk-visually-hidden",
        "firstCellIsHeader": True,
        "head": [{"text": "Quarter"}, {"text": "Revision"}, {"text": "Built"}, {"text": "By"}],
        "rows": rows,
    }


BUILD_TAGS = {
    SnapshotBuild.Status.QUEUED: "grey",
    SnapshotBuild.Status.BUILDING: "blue",
    SnapshotBuild.Status.DONE: "green",
    SnapshotBuild.Status.FAILED: "red",
}


def build_tag(build: SnapshotBuild):
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
        BUILD_TAGS[build.status],
        build.get_status_display(),
    )


def builds_table(builds: list[SnapshotBuild]) -> dict:
    rows = [
        [
            {"text": str(build.quarter)},
            {"html": build_tag(build)},
            {"text": govuk_datetime(build.requested_at)},
            {"text": _who(build.requested_by)},
            {
                "html": format_html(
                    '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden"> '
                    "of the {} build</span></a>",
                    reverse("reporting:snapshot_build", args=[build.pk]),
                    "Progress" if build.is_open else "Details",
                    build.quarter,
                )
            },
        ]
        for build in builds
    ]
    return {
        "caption": "Recent builds",
        "captionClasses": "govuk-table__caption--m",
        "firstCellIsHeader": True,
        "head": [
            {"text": "Quarter"},
            {"text": "Status"},
            {"text": "Asked"},
            {"text": "By"},
            {"text": "Build"},
        ],
        "rows": rows,
    }


def figures_table(figures: dict, *, caption: str) -> dict:
    """One scope's measures (national, or a vanguard's row of the figures)."""
    rows = [
        [
            {"text": measure.label},
            {"text": measure_text(measure, figures[measure.key]), "format": "numeric"},
        ]
        for measure in MEASURES
        if measure.key in figures
    ]
    return {
        "caption": caption,
        "captionClasses": "govuk-table__caption--m",
        "firstCellIsHeader": True,
        "head": [{"text": "Measure"}, {"text": "Value", "format": "numeric"}],
        "rows": rows,
    }


def changes_table(changes: SnapshotChanges) -> dict:
    rows = [
        [
            {"text": change.scope_name},
            {"text": change.measure.label},
            {"text": measure_text(change.measure, change.old), "format": "numeric"},
            {"text": measure_text(change.measure, change.new), "format": "numeric"},
            {
                "text": "; ".join(
                    f"{ret.vanguard_name} {ret.quarter} ({ret.label.lower()})"
                    for ret in change.returns
                )
                or change.moved_by
                or "Not a return: the delivery plan or registry changed"
            },
        ]
        for change in changes.figures
    ]
    return {
        "caption": "Figures that moved",
        "captionClasses": "govuk-table__caption--m",
        "firstCellIsHeader": True,
        "head": [
            {"text": "Vanguard"},
            {"text": "Measure"},
            {"text": f"Revision {changes.previous.revision}", "format": "numeric"},
            {"text": "This revision", "format": "numeric"},
            {"text": "Moved by"},
        ],
        "rows": rows,
    }


def returns_changed_table(changes: SnapshotChanges) -> dict:
    rows = [
        [{"text": ret.vanguard_name}, {"text": ret.quarter}, {"text": ret.label}]
        for ret in changes.returns
    ]
    return {
        "caption": "Returns that changed",
        "captionClasses": "govuk-table__caption--m",
        "firstCellIsHeader": True,
        "head": [{"text": "Vanguard"}, {"text": "Quarter"}, {"text": "What happened"}],
        "rows": rows,
    }
