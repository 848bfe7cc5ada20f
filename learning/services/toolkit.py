"""Writing the WorkWell toolkit: start a draft (a copy of the published version), edit its
details and items while it is open, and move it draft → consultation → published, which
supersedes the version published before it.

Every service re-checks the actor's right to keep the toolkit and the version's state, and
locks the version's row first, so two people moving or editing the same version at once
change it once. The models refuse any change to a published version as a last line.
"""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from vanguards import permissions
from workwell.dates import Quarter
from workwell.models import User

from ..models import ToolkitError, ToolkitItem, ToolkitVersion
from ..models.toolkit import parse_version_number

Status = ToolkitVersion.Status

# The next status of each status a keeper may move a version to (superseding is automatic).
NEXT_STATUS = {Status.DRAFT: Status.CONSULTATION, Status.CONSULTATION: Status.PUBLISHED}

ITEM_FIELDS = (
    "title",
    "kind",
    "summary",
    "body",
    "for_emerging",
    "for_maturing",
    "for_leading",
    "link_url",
    "link_text",
)
ITEM_TAGS = ("themes", "dimensions", "support_offers")


def _require_keeper(actor: User) -> None:
    if not permissions.can_manage_toolkit(actor):
        raise ToolkitError("Only the learning team can change the toolkit.")


def _locked_open_version(version: ToolkitVersion) -> ToolkitVersion:
    """The version's row, locked for this transaction, if items may still change in it."""
    locked = ToolkitVersion.objects.select_for_update().get(pk=version.pk)
    if not locked.is_open:
        raise ToolkitError(
            f"Version {locked.number} is {locked.get_status_display().lower()}: "
            "it can no longer be changed."
        )
    return locked


def _check_new_number(number: str, *, exclude_pk=None) -> tuple[int, int]:
    major, minor = parse_version_number(number)
    others = ToolkitVersion.objects.exclude(pk=exclude_pk)
    if others.filter(number=number).exists():
        raise ToolkitError(
            f"There is already a version {number}. Enter a different number.", "number"
        )
    return major, minor


def toolkit_draft_start(
    *, actor: User, number: str, quarter: Quarter, release_notes: str = ""
) -> ToolkitVersion:
    """A new draft, numbered above every version so far, holding a copy of every item of the
    published version (each copy remembers the item it came from)."""
    _require_keeper(actor)
    with transaction.atomic():
        # Locking the published version serialises two drafts started at once.
        published = (
            ToolkitVersion.objects.select_for_update().filter(status=Status.PUBLISHED).first()
        )
        if ToolkitVersion.objects.filter(status__in=ToolkitVersion.OPEN).exists():
            raise ToolkitError(
                "A version is already being drafted or consulted on. Publish it before "
                "starting the next."
            )
        major, minor = _check_new_number(number)
        latest = ToolkitVersion.objects.order_by("-major", "-minor").first()
        if latest and (major, minor) <= (latest.major, latest.minor):
            raise ToolkitError(
                f"Enter a version number after {latest.number}, the latest version", "number"
            )
        version = ToolkitVersion(
            number=number,
            quarter_start=quarter.start,
            release_notes=release_notes,
            created_by=actor,
        )
        version._history_user = actor
        version.save()
        if published:
            _copy_items(published, version)
    return version


def _copy_items(source: ToolkitVersion, target: ToolkitVersion) -> None:
    items = list(
        source.items.prefetch_related("themes", "dimensions", "support_offers").order_by("pk")
    )
    for item in items:
        copy = ToolkitItem(
            version=target,
            lineage=item.lineage,
            copied_from=item,
            order=item.order,
            file=item.file.name,
            file_name=item.file_name,
            **{field: getattr(item, field) for field in ITEM_FIELDS},
        )
        copy.save()
        for tag in ITEM_TAGS:
            getattr(copy, tag).set(getattr(item, tag).all())


def toolkit_version_update(
    *, actor: User, version: ToolkitVersion, number: str, quarter: Quarter, release_notes: str
) -> ToolkitVersion:
    """Change an open version's number, quarter and release notes."""
    _require_keeper(actor)
    with transaction.atomic():
        locked = _locked_open_version(version)
        major, minor = _check_new_number(number, exclude_pk=locked.pk)
        newest_other = (
            ToolkitVersion.objects.exclude(pk=locked.pk).order_by("-major", "-minor").first()
        )
        if newest_other and (major, minor) <= (newest_other.major, newest_other.minor):
            raise ToolkitError(
                f"Enter a version number after {newest_other.number}, the version before it",
                "number",
            )
        locked.number = number
        locked.quarter_start = quarter.start
        locked.release_notes = release_notes
        locked._history_user = actor
        locked.save()
    return locked


def toolkit_version_move(
    *, actor: User, version: ToolkitVersion, to: str, at: datetime.datetime | None = None
) -> ToolkitVersion:
    """Draft → consultation → published. Publishing supersedes the published version.
    `at` is when it was published (now, unless demo data is being built)."""
    _require_keeper(actor)
    with transaction.atomic():
        locked = _locked_open_version(version)
        if NEXT_STATUS.get(locked.status) != to:
            raise ToolkitError(
                f"Version {locked.number} is {locked.get_status_display().lower()}: "
                "it cannot move to that status."
            )
        if to == Status.PUBLISHED:
            if not locked.items.exists():
                raise ToolkitError(
                    f"Add at least one item before publishing version {locked.number}."
                )
            for previous in ToolkitVersion.objects.select_for_update().filter(
                status=Status.PUBLISHED
            ):
                previous.status = Status.SUPERSEDED
                previous._history_user = actor
                previous.save()
            locked.published_at = at or timezone.now()
            locked.published_by = actor
        locked.status = to
        locked._history_user = actor
        locked.save()
    return locked


def toolkit_version_delete(*, actor: User, version: ToolkitVersion) -> None:
    """Throw away a draft (never a version that has been consulted on or published)."""
    _require_keeper(actor)
    with transaction.atomic():
        locked = _locked_open_version(version)
        if locked.status != Status.DRAFT:
            raise ToolkitError("Only a draft can be deleted.")
        locked.delete()


def toolkit_item_save(
    *,
    actor: User,
    version: ToolkitVersion,
    data: dict,
    tags: dict[str, Iterable],
    upload=None,
    remove_file: bool = False,
    item: ToolkitItem | None = None,
) -> ToolkitItem:
    """Add an item to an open version or change one of its items. An item has a file or a
    link, not both: a new file replaces the link, a link replaces the file."""
    _require_keeper(actor)
    if item is not None and item.version_id != version.pk:
        raise ToolkitError("That item is not in this version.")
    with transaction.atomic():
        locked = _locked_open_version(version)
        item = item or ToolkitItem(version=locked)
        for field in ITEM_FIELDS:
            if field in data:
                setattr(item, field, data[field])
        if upload is not None:
            item.file = upload
            item.file_name = upload.name[:200]
            item.link_url = item.link_text = ""
        elif remove_file or item.link_url:
            item.file = ""
            item.file_name = ""
        if not item.link_url:
            item.link_text = ""
        if item.pk is None:
            last = locked.items.aggregate(last=Max("order"))["last"]
            item.order = 0 if last is None else last + 1
        item._history_user = actor
        item.save()
        for tag in ITEM_TAGS:
            if tag in tags:
                getattr(item, tag).set(tags[tag])
    return item


def toolkit_item_remove(*, actor: User, item: ToolkitItem) -> None:
    """Take an item out of an open version."""
    _require_keeper(actor)
    with transaction.atomic():
        _locked_open_version(item.version)
        item._history_user = actor
        item.delete()
