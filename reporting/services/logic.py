"""Writes to vanguards' logic models: starting a draft (the first, or the next from the agreed
version), changing its items, agreeing it, and comments.

An agreed version is what the RM and the vanguard signed up to, so it never changes: every
write to items locks the version's row and refuses an agreed one, so an agreement cannot slip
between the check and the write.
"""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from vanguards import permissions
from vanguards.models import Vanguard
from workwell.models import User

from ..models import LogicComment, LogicItem, LogicModelVersion
from ..models.logic import MEASURED_COLUMNS, LogicModelError

# "Each a short list": a diagram people can read at a glance.
MAX_ITEMS_PER_COLUMN = 8


AGREED_IS_FINAL = (
    "Version {number} is agreed, so it cannot be changed. Start a new draft from it to make "
    "changes."
)


def _locked_draft(version: LogicModelVersion) -> LogicModelVersion:
    """Lock the version's row and refuse an agreed one (see the module docstring)."""
    locked = LogicModelVersion.objects.select_for_update().get(pk=version.pk)
    if not locked.is_draft:
        raise LogicModelError(AGREED_IS_FINAL.format(number=locked.number))
    return locked


def _refuse_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise LogicModelError(message)


def logic_draft_start(*, vanguard: Vanguard, actor: User) -> LogicModelVersion:
    """A new draft: empty for a vanguard's first logic model, else a copy of its latest agreed
    version's items (which stays as it is)."""
    _refuse_unless(
        permissions.can_start_logic_model(actor, vanguard),
        "Only the vanguard's relationship manager can start a logic model draft.",
    )
    try:
        with transaction.atomic():
            # Lock the vanguard so two starts cannot both number the next version.
            Vanguard.objects.select_for_update().filter(pk=vanguard.pk).first()
            versions = LogicModelVersion.objects.filter(vanguard=vanguard)
            if versions.filter(status=LogicModelVersion.Status.DRAFT).exists():
                raise LogicModelError(
                    f"{vanguard.name} already has a draft logic model. Refine and agree it "
                    "before starting another."
                )
            source = versions.filter(status=LogicModelVersion.Status.AGREED).first()
            last = versions.aggregate(last=Max("number"))["last"] or 0
            draft = LogicModelVersion(
                vanguard=vanguard, number=last + 1, based_on=source, created_by=actor
            )
            draft._history_user = actor
            draft.save()
            if source is not None:
                LogicItem.objects.bulk_create(
                    LogicItem(
                        version=draft,
                        column=item.column,
                        position=item.position,
                        text=item.text,
                        measure_key=item.measure_key,
                    )
                    for item in source.items.all()
                )
    except IntegrityError as error:  # a concurrent start made the draft first
        raise LogicModelError(f"{vanguard.name} already has a draft logic model.") from error
    return draft


def _check_item(column: str, text: str, measure_key: str) -> str:
    text = (text or "").strip()
    if column not in LogicItem.Column.values:
        raise LogicModelError("Choose a column: inputs, activities, outputs, outcomes or impact")
    if not text:
        raise LogicModelError("Enter what this item is", "text")
    if measure_key and column not in MEASURED_COLUMNS:
        raise LogicModelError(
            "Only outputs and outcomes can be linked to a measure of the quarterly return",
            "measure_key",
        )
    if measure_key and measure_key not in dict(LogicItem._meta.get_field("measure_key").choices):
        raise LogicModelError("Choose a measure from the list", "measure_key")
    return text


def _refuse_unless_editable(actor: User, version: LogicModelVersion) -> None:
    _refuse_unless(
        permissions.can_edit_logic_model(actor, version),
        "Only the vanguard's relationship manager and its members can change this draft.",
    )


def logic_item_add(
    *, version: LogicModelVersion, actor: User, column: str, text: str, measure_key: str = ""
) -> LogicItem:
    """Add an item at the end of a draft's column."""
    text = _check_item(column, text, measure_key)
    with transaction.atomic():
        version = _locked_draft(version)
        _refuse_unless_editable(actor, version)
        items = version.items.filter(column=column)
        if items.count() >= MAX_ITEMS_PER_COLUMN:
            label = LogicItem.Column(column).label.lower()
            raise LogicModelError(
                f"A logic model keeps each column short: {label} already has "
                f"{MAX_ITEMS_PER_COLUMN} items. Change or remove one instead.",
                "text",
            )
        last = items.aggregate(last=Max("position"))["last"]
        item = LogicItem(
            version=version,
            column=column,
            position=0 if last is None else last + 1,
            text=text,
            measure_key=measure_key,
        )
        item._history_user = actor
        item.save()
    return item


def logic_item_update(
    *, item: LogicItem, actor: User, text: str, measure_key: str = ""
) -> LogicItem:
    """Change a draft's item (its column stays: remove it and add one elsewhere to move it)."""
    text = _check_item(item.column, text, measure_key)
    with transaction.atomic():
        _refuse_unless_editable(actor, _locked_draft(item.version))
        item.text = text
        item.measure_key = measure_key
        item._history_user = actor
        item.save()
    return item


def logic_item_remove(*, item: LogicItem, actor: User) -> None:
    """Take an item out of a draft (its history keeps it)."""
    with transaction.atomic():
        _refuse_unless_editable(actor, _locked_draft(item.version))
        item._history_user = actor
        item.delete()


def logic_version_agree(*, version: LogicModelVersion, actor: User) -> LogicModelVersion:
    """Agree a complete draft (the RM, with the vanguard's SRO): from now on it is final."""
    with transaction.atomic():
        version = _locked_draft(version)
        _refuse_unless(
            permissions.can_agree_logic_model(actor, version),
            "Only the vanguard's relationship manager can agree its logic model.",
        )
        filled = set(version.items.values_list("column", flat=True))
        missing = [column for column in LogicItem.Column if column not in filled]
        if missing:
            raise LogicModelError(
                f"Add at least one item to {missing[0].label.lower()} before agreeing the "
                "logic model."
            )
        version.status = LogicModelVersion.Status.AGREED
        version.agreed_by = actor
        version.agreed_at = timezone.now()
        version._history_user = actor
        version.save()
    return version


def logic_comment_add(*, version: LogicModelVersion, author: User, body: str) -> LogicComment:
    """Comment on a version, draft or agreed."""
    body = (body or "").strip()
    if not body:
        raise LogicModelError("Enter your comment", "body")
    _refuse_unless(
        permissions.can_comment_on_logic_model(author, version),
        "Only the vanguard's relationship manager and its members can comment.",
    )
    return LogicComment.objects.create(version=version, author=author, body=body)
