"""Reads for vanguards' logic models: the versions a user may see, one version with its items
and comments, its history, and the version the dashboard, profile and report show."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, Prefetch, QuerySet, Subquery, When
from django.http import Http404

from vanguards import permissions
from vanguards.models import Vanguard
from workwell.kept import kept

from ..models import LogicComment, LogicItem, LogicModelVersion


def _versions(user, vanguard: Vanguard) -> QuerySet:
    return permissions.logic_models_visible_to(
        user, LogicModelVersion.objects.filter(vanguard=vanguard)
    )


def _with_items(queryset: QuerySet) -> QuerySet:
    return queryset.prefetch_related(
        Prefetch("items", queryset=LogicItem.objects.order_by("position", "pk"))
    )


def logic_versions(*, user, vanguard: Vanguard) -> list[LogicModelVersion]:
    """The vanguard's versions the user may see, newest first, with their authors (one query)."""
    return list(_versions(user, vanguard).select_related("created_by", "agreed_by"))


def _kept_for(user, vanguard: Vanguard) -> tuple:
    """What a read of the vanguard's versions under the user's rule is made from: the
    vanguard, and the records' scope (`permissions.records_scope`), which the logic model
    rule is made from alone."""
    return (vanguard.pk, permissions.records_scope(user))


def newest_logic_version(*, user, vanguard: Vanguard) -> LogicModelVersion | None:
    """The newest version the user may see, without its items (one query; by number alone,
    not the model's ordering, which leads with the vanguard's name through a join). Shared,
    read only, until a version changes (workwell/kept.py)."""
    return kept(
        "logic.newest_version",
        _kept_for(user, vanguard),
        lambda: _versions(user, vanguard).order_by("-number").first(),
    )


def open_draft(*, user, vanguard: Vanguard) -> LogicModelVersion | None:
    """The vanguard's draft, if there is one and the user may see it (one query)."""
    return _versions(user, vanguard).filter(status=LogicModelVersion.Status.DRAFT).first()


def current_logic_model(*, user, vanguard: Vanguard) -> LogicModelVersion | None:
    """The newest version the user may see (a draft for the NST and the vanguard, else the
    latest agreed), with its items: two queries, or one when there is none."""
    return _with_items(_versions(user, vanguard)).first()


def dashboard_logic_outcomes(*, user, vanguard: Vanguard) -> list[LogicItem]:
    """The outcomes of the version the vanguard dashboard shows (the latest agreed one, or,
    before any is agreed, the draft for those who may see it, labelled so), in order, each
    with its version: one query (the version picked in a subquery), empty when there is no
    version or it has no outcomes. Shared, read only, until a version or an item changes
    (workwell/kept.py)."""

    def outcomes() -> list[LogicItem]:
        drafts_last = Case(When(status=LogicModelVersion.Status.AGREED, then=0), default=1)
        shown = _versions(user, vanguard).order_by(drafts_last, "-number").values("pk")[:1]
        return list(
            LogicItem.objects.filter(version=Subquery(shown), column=LogicItem.Column.OUTCOMES)
            .select_related("version")
            .order_by("position", "pk")
        )

    return kept("logic.dashboard_outcomes", _kept_for(user, vanguard), outcomes)


def agreed_logic_model(
    *, vanguard: Vanguard, as_of: datetime.datetime | None = None
) -> LogicModelVersion | None:
    """The vanguard's latest version agreed by `as_of` (a report's snapshot time; default
    now) with its items, for its report (two queries)."""
    versions = LogicModelVersion.objects.filter(
        vanguard=vanguard, status=LogicModelVersion.Status.AGREED
    )
    if as_of is not None:
        versions = versions.filter(agreed_at__lte=as_of)
    return _with_items(versions.select_related("agreed_by")).first()


def logic_version_or_404(*, user, vanguard: Vanguard, number: int) -> LogicModelVersion:
    """One version with its items, authors and comments (three queries), or 404."""
    comments = LogicComment.objects.select_related("author")
    version = (
        _with_items(_versions(user, vanguard))
        .select_related("created_by", "agreed_by", "based_on")
        .prefetch_related(Prefetch("comments", queryset=comments))
        .filter(number=number)
        .first()
    )
    if version is None:
        raise Http404
    return version


def logic_item_or_404(*, version: LogicModelVersion, pk: int) -> LogicItem:
    item = LogicItem.objects.filter(version=version, pk=pk).first()
    if item is None:
        raise Http404
    item.version = version  # the caller's, already checked
    return item


@dataclass(frozen=True)
class HistoryEntry:
    when: object
    who: object
    what: str


def logic_history(*, version: LogicModelVersion) -> list[HistoryEntry]:
    """Every change to the version and its items, newest first (two queries)."""
    entries = []
    for record in version.history.select_related("history_user"):
        if record.history_type == "+":
            based = f" from version {version.based_on.number}" if version.based_on_id else ""
            what = f"Started the draft{based}"
        elif record.status == LogicModelVersion.Status.AGREED:
            what = "Agreed this version"
        else:
            continue
        entries.append(HistoryEntry(record.history_date, record.history_user, what))
    items = LogicItem.history.filter(version_id=version.pk).select_related("history_user")
    verbs = {"+": "Added", "~": "Changed", "-": "Removed"}
    for record in items:
        column = LogicItem.Column(record.column).label.lower()
        text = f"{verbs[record.history_type]} “{record.text}” in {column}"
        if record.measure_key and record.history_type != "-":
            text += f", linked to {LogicItem(measure_key=record.measure_key).measure.label}"
        entries.append(HistoryEntry(record.history_date, record.history_user, text))
    # A copied draft's items were bulk-created (no history of their own): its start says so.
    return sorted(entries, key=lambda entry: entry.when, reverse=True)
