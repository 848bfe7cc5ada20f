"""Writes to the Maturity Assessment Matrix: drafting, editing and publishing versions.

A published version is what vanguards assessed themselves against, so it never changes: to
change the matrix, draft a new version from the current one, edit it, and publish it.
"""

import re
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from workwell.errors import ServiceError
from workwell.models import ProgrammeTheme, User

from ..models import LEVELS, Dimension, FrameworkVersion, LevelDescriptor


class FrameworkError(ServiceError):
    """A rule of the framework was broken; the message is safe to show to the user."""


PUBLISHED_IS_FINAL = (
    "{name} is published, so it cannot be changed. Draft a new version from it to make changes."
)


def _refuse_if_published(framework: FrameworkVersion) -> None:
    if framework.is_published:
        raise FrameworkError(PUBLISHED_IS_FINAL.format(name=framework.name))


def _locked(framework: FrameworkVersion) -> FrameworkVersion:
    """Lock the version's row so a publish cannot slip between our check and our write."""
    locked = FrameworkVersion.objects.select_for_update().get(pk=framework.pk)
    _refuse_if_published(locked)
    return locked


def threshold_text(value: Decimal) -> str:
    """2.50 as "2.5", 3.00 as "3": thresholds as people write them."""
    return format(value.normalize(), "f")


def check_thresholds(emerging_below: Decimal, maturing_below: Decimal) -> None:
    """Band thresholds must rise: 1 < maturing starts < leading starts <= 5."""
    if emerging_below is None or not 1 < emerging_below < 5:
        raise FrameworkError(
            "Maturing must start above level 1 and below level 5, for example 2.5",
            "emerging_below",
        )
    if maturing_below is None or maturing_below > 5:
        raise FrameworkError(
            "Leading must start at level 5 or below, for example 3.75", "maturing_below"
        )
    if maturing_below <= emerging_below:
        raise FrameworkError(
            f"Leading must start higher than maturing ({threshold_text(emerging_below)}). The "
            "thresholds must "
            "increase, for example 2.5 then 3.75",
            "maturing_below",
        )


def _name_taken(name: str) -> FrameworkError:
    return FrameworkError(
        f"A version called {name} already exists. Enter a different name.", "name"
    )


def _next_version_name(source: FrameworkVersion) -> str:
    """ "… v1" becomes "… v2", skipping names already taken."""
    match = re.match(r"^(.*?)\s*v(\d+)$", source.name)
    stem, number = (match.group(1), int(match.group(2))) if match else (source.name, 1)
    taken = set(FrameworkVersion.objects.values_list("name", flat=True))
    number += 1
    while f"{stem} v{number}" in taken:
        number += 1
    return f"{stem} v{number}"


def framework_draft_from(
    *, source: FrameworkVersion, actor: User, name: str | None = None
) -> FrameworkVersion:
    """A new DRAFT version copying `source`'s thresholds, dimensions and level descriptors."""
    existing = FrameworkVersion.objects.filter(status=FrameworkVersion.Status.DRAFT).first()
    if existing is not None:
        raise FrameworkError(
            f"{existing.name} is already being drafted. Publish or finish it before drafting "
            "another version."
        )
    draft = FrameworkVersion(
        name=(name or _next_version_name(source)).strip(),
        status=FrameworkVersion.Status.DRAFT,
        based_on=source,
        emerging_below=source.emerging_below,
        maturing_below=source.maturing_below,
    )
    draft._history_user = actor
    try:
        with transaction.atomic():
            draft.save()
            for dimension in source.dimensions.prefetch_related("levels"):
                copy = Dimension.objects.create(
                    framework=draft,
                    order=dimension.order,
                    name=dimension.name,
                    description=dimension.description,
                    theme_id=dimension.theme_id,
                )
                LevelDescriptor.objects.bulk_create(
                    LevelDescriptor(dimension=copy, level=level.level, descriptor=level.descriptor)
                    for level in dimension.levels.all()
                )
    except IntegrityError as error:  # a concurrent draft took the name first
        raise _name_taken(draft.name) from error
    return draft


def framework_update(
    *,
    framework: FrameworkVersion,
    actor: User,
    name: str,
    emerging_below: Decimal,
    maturing_below: Decimal,
) -> FrameworkVersion:
    """Rename a draft version and change its band thresholds."""
    check_thresholds(emerging_below, maturing_below)
    name = name.strip()
    if FrameworkVersion.objects.exclude(pk=framework.pk).filter(name__iexact=name).exists():
        raise _name_taken(name)
    try:
        with transaction.atomic():
            framework = _locked(framework)
            framework.name = name
            framework.emerging_below = emerging_below
            framework.maturing_below = maturing_below
            framework._history_user = actor
            framework.save()
    except IntegrityError as error:  # a concurrent save took the name first
        raise _name_taken(name) from error
    return framework


def dimension_update(
    *,
    dimension: Dimension,
    actor: User,
    name: str,
    description: str,
    theme: ProgrammeTheme,
    descriptors: dict[int, str],
) -> Dimension:
    """Change a draft version's dimension and the descriptors of its five levels."""
    missing = [level for level in LEVELS if not (descriptors.get(level) or "").strip()]
    if missing:
        raise FrameworkError(f"Describe what level {missing[0]} looks like", f"level_{missing[0]}")
    name = name.strip()
    siblings = Dimension.objects.filter(framework_id=dimension.framework_id)
    if siblings.exclude(pk=dimension.pk).filter(name__iexact=name).exists():
        raise FrameworkError(
            f"This version already has a dimension called {name}. Enter a different name.",
            "name",
        )
    with transaction.atomic():
        _locked(dimension.framework)
        dimension.name = name
        dimension.description = description.strip()
        dimension.theme = theme
        dimension.save()
        for level in LEVELS:
            LevelDescriptor.objects.update_or_create(
                dimension=dimension,
                level=level,
                defaults={"descriptor": descriptors[level].strip()},
            )
    return dimension


def framework_publish(*, framework: FrameworkVersion, actor: User) -> FrameworkVersion:
    """Publish a complete draft: from now on it is fixed and cycles can use it."""
    with transaction.atomic():
        framework = _locked(framework)
        dimensions = list(framework.dimensions.prefetch_related("levels"))
        if not dimensions:
            raise FrameworkError(f"{framework.name} has no dimensions. Add one before publishing.")
        for dimension in dimensions:
            described = {level.level for level in dimension.levels.all() if level.descriptor}
            if described != set(LEVELS):
                raise FrameworkError(
                    f"Describe all five levels of {dimension.name} before publishing."
                )
        framework.status = FrameworkVersion.Status.PUBLISHED
        framework.published_at = timezone.now()
        framework._history_user = actor
        framework.save()
    return framework
