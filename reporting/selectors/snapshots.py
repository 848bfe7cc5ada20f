"""Reading quarterly snapshots: the figures of a quarter as the pages should show them
(`quarter_figures`), the snapshots and builds the admins' page lists, and what moved between
two revisions and which returns moved it (`snapshot_changes`)."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from vanguards import permissions
from workwell.dates import Quarter
from workwell.kept import kept

from ..measures import MEASURES, Measure
from ..models import QuarterlySnapshot, SnapshotBuild
from .counterfactual import comparison_figures
from .dashboard import dashboard_figures, stored_comparison_of

NATIONAL = "national"


def latest_snapshot(quarter: Quarter) -> QuarterlySnapshot | None:
    """The quarter's newest revision, or None (one query)."""
    return QuarterlySnapshot.objects.of(quarter).order_by("-revision").first()


def quarter_figures(quarter: Quarter, *, today: datetime.date | None = None) -> dict:
    """The figures the dashboards show for `quarter`: a closed quarter's latest snapshot, so
    figures reported to a board never change silently, else the live `dashboard_figures`.
    "snapshot" says which ({"revision", "built_at"}), or is None for live figures. Shared,
    read only, until a table they were read from changes (workwell/kept.py): a snapshot's
    figures are a large JSON document to read and decode, live figures a dozen queries."""
    today = today or timezone.localdate()
    return kept("reporting.quarter_figures", (quarter, today), lambda: _figures(quarter, today))


def _figures(quarter: Quarter, today: datetime.date) -> dict:
    snapshot = latest_snapshot(quarter) if quarter.end < today else None
    if snapshot is None:
        return {**dashboard_figures(quarter, today=today), "snapshot": None}
    return {
        **snapshot.figures,
        "snapshot": {"revision": snapshot.revision, "built_at": snapshot.built_at.isoformat()},
    }


def snapshots_list() -> list[QuarterlySnapshot]:
    """Every revision of every quarter, newest first, without their figures (one query)."""
    return list(
        QuarterlySnapshot.objects.defer("figures", "returns_read").select_related("built_by")
    )


def recent_builds(limit: int = 10) -> list[SnapshotBuild]:
    """The latest builds (open ones first), for the admins' page (one query)."""
    return list(SnapshotBuild.objects.select_related("requested_by", "snapshot")[:limit])


def snapshot_or_none(quarter: Quarter, revision: int) -> QuarterlySnapshot | None:
    return QuarterlySnapshot.objects.of(quarter).filter(revision=revision).first()


def previous_revision(snapshot: QuarterlySnapshot) -> QuarterlySnapshot | None:
    return (
        QuarterlySnapshot.objects.of(snapshot.quarter)
        .filter(revision__lt=snapshot.revision)
        .order_by("-revision")
        .first()
    )


# --- What moved between two revisions --------------------------------------------------------

LATE = "late"
CORRECTED = "corrected"
CHANGED = "changed"
WITHDRAWN = "withdrawn"
RETURN_CHANGES = {
    LATE: "Late: received after the previous revision",
    CORRECTED: "Corrected after it was accepted",
    CHANGED: "Changed before it was accepted",
    WITHDRAWN: "Returned with a query since the previous revision",
}


@dataclass(frozen=True)
class ReturnChange:
    id: int
    vanguard: str  # slug
    vanguard_name: str
    quarter: str
    kind: str

    @property
    def label(self) -> str:
        return RETURN_CHANGES[self.kind]


@dataclass(frozen=True)
class FigureChange:
    scope: str  # a vanguard's slug, or NATIONAL
    scope_name: str
    measure: Measure
    old: object
    new: object
    returns: list[ReturnChange] = field(default_factory=list)
    # What moved it when no return did (the comparison's indicators, the strategic review).
    moved_by: str = ""


@dataclass(frozen=True)
class SnapshotChanges:
    previous: QuarterlySnapshot | None
    figures: list[FigureChange]
    returns: list[ReturnChange]


def returns_changed(before: list[dict], after: list[dict]) -> list[ReturnChange]:
    """The returns whose figures the later snapshot read differently: new to it (late),
    changed since (corrected, when it had been accepted) or no longer received (withdrawn)."""
    then = {row["id"]: row for row in before}
    now = {row["id"]: row for row in after}
    changes = []
    for pk, row in now.items():
        old = then.get(pk)
        if old is None:
            kind = LATE
        elif old["digest"] != row["digest"]:
            kind = CORRECTED if old["status"] == "accepted" else CHANGED
        else:
            continue
        changes.append(
            ReturnChange(pk, row["vanguard"], row["vanguard_name"], row["quarter"], kind)
        )
    for pk, old in then.items():
        if pk not in now:
            changes.append(
                ReturnChange(pk, old["vanguard"], old["vanguard_name"], old["quarter"], WITHDRAWN)
            )
    return sorted(changes, key=lambda change: (change.vanguard_name, change.quarter, change.id))


def snapshot_changes(snapshot: QuarterlySnapshot) -> SnapshotChanges:
    """Figure by figure (vanguard, measure, old → new), what moved since the previous revision,
    and the late or corrected returns that moved it; with each vanguard's comparison with
    similar areas and the strategic review, figure by figure by label. Two queries."""
    previous = previous_revision(snapshot)
    if previous is None:
        return SnapshotChanges(None, [], [])
    returns = returns_changed(previous.returns_read, snapshot.returns_read)
    by_vanguard: dict[str, list[ReturnChange]] = {}
    for change in returns:
        by_vanguard.setdefault(change.vanguard, []).append(change)
    old_rows, new_rows = (
        previous.figures.get("vanguards", {}),
        snapshot.figures.get("vanguards", {}),
    )
    scopes = [
        (
            NATIONAL,
            "England",
            previous.figures.get(NATIONAL, {}),
            snapshot.figures.get(NATIONAL, {}),
            returns,
        )
    ]
    for slug in sorted(
        set(old_rows) | set(new_rows), key=lambda s: (new_rows.get(s) or old_rows[s])["name"]
    ):
        new = new_rows.get(slug, {})
        old = old_rows.get(slug, {})
        scopes.append((slug, (new or old)["name"], old, new, by_vanguard.get(slug, [])))
    moved = []
    for scope, name, old, new, causes in scopes:
        for measure in MEASURES:
            if measure.key not in old and measure.key not in new:
                continue
            if old.get(measure.key) != new.get(measure.key):
                moved.append(
                    FigureChange(
                        scope, name, measure, old.get(measure.key), new.get(measure.key), causes
                    )
                )
        if scope == NATIONAL:
            moved += _moved(
                scope,
                name,
                review_figures(previous.figures),
                review_figures(snapshot.figures),
                REVIEW_MOVED_BY,
            )
        else:
            moved += _moved(
                scope,
                name,
                comparison_figures(stored_comparison_of(previous.figures, scope)),
                comparison_figures(stored_comparison_of(snapshot.figures, scope)),
                COMPARISON_MOVED_BY,
            )
    return SnapshotChanges(previous, moved, returns)


COMPARISON_MOVED_BY = "Not a return: the area indicators or the comparator areas changed"
REVIEW_MOVED_BY = 'Not a return: themes tagged or "you said, we did" entries published'


def _moved(scope, name, old: dict, new: dict, moved_by: str) -> list[FigureChange]:
    """The figures keyed by label (a comparison's or the review's) that differ, as changes.
    A revision from before they were stored has none: nothing is said to have moved."""
    if not old or not new:
        return []
    return [
        FigureChange(
            scope,
            name,
            Measure(label, label, "text"),
            old.get(label),
            new.get(label),
            moved_by=moved_by,
        )
        for label in [*old, *(label for label in new if label not in old)]
        if old.get(label) != new.get(label)
    ]


def review_figures(figures: dict) -> dict[str, object]:
    """The strategic review's figures by label, for a rebuild's diff ({} when not stored)."""
    review = figures.get("review")
    if review is None:
        return {}
    found: dict[str, object] = {
        '"You said, we did" published': "; ".join(e["title"] for e in review["you_said_we_did"])
        or None
    }
    for row in review["themes"]:
        found[f"Theme raised: {row['theme']} (pulse answers)"] = row["pulse_answers"]
        found[f"Theme raised: {row['theme']} (concerns)"] = row["concerns"]
    return found


@dataclass(frozen=True)
class FiguresScope:
    """What of a quarter's figures a user reads, by the dashboards' rules (read once, then
    applied to any number of snapshots by presenters.dashboard.figures_seen)."""

    user: object
    whole: bool  # everything, as the national quarterly report prints it
    named: frozenset[str]  # vanguards shown by name with all their figures
    lettered: frozenset[str] = frozenset()  # peers beside a member's vanguard, lettered
    own: str | None = None  # a member's vanguard
    quality: bool = False  # the quality plan's indicators nationally


def figures_scope(user) -> FiguresScope:
    """The national dashboard's vanguards for who reads it; a member's own vanguard with
    every other as a lettered peer, as its dashboard shows them (one or two queries)."""
    whole = permissions.reads_national_reports(user)
    named = frozenset(permissions.dashboard_vanguards(user).values_list("slug", flat=True))
    if whole or permissions.may_view_national_dashboard(user):
        return FiguresScope(user, whole, named, quality=True)
    if permissions.member_vanguard_id(user) is None:
        return FiguresScope(user, False, frozenset())
    own = user.vanguard_membership.vanguard
    peers = permissions.dashboard_peers(user, own).values_list("slug", flat=True)
    if permissions.names_dashboard_peers(user):
        return FiguresScope(user, False, named | frozenset(peers), own=own.slug)
    return FiguresScope(user, False, named, frozenset(peers) - named, own=own.slug)
