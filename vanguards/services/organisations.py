"""Writes to the registry's reference data: organisations and cohort groups.

The rules here (ODS codes, unique names) are checked before saving so the admin gets a message
that says how to fix the input; the database constraints in models.py stay as the last guard
against two admins saving at once.
"""

import re

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from workwell.models import User

from .. import permissions
from ..models import CohortGroup, Organisation
from .registry import RegistryError

# ICB codes in the NHS Organisation Data Service are three characters, for example QOP.
ICB_ODS_CODE = re.compile(r"[A-Z0-9]{3}")
# Other bodies' ODS codes are longer (VCSE bodies have five, for example 8JF32).
OTHER_ODS_CODE = re.compile(r"[A-Z0-9]{3,10}")


def normalise_ods_code(value: str) -> str:
    """ODS codes are upper case; accept what people type ("qop ") and store "QOP"."""
    return (value or "").strip().upper()


def ods_code_problem(*, kind: str, ods_code: str) -> str | None:
    """What is wrong with an organisation's ODS code for its kind, or None."""
    if kind == Organisation.Kind.ICB:
        if not ods_code:
            return "Enter the ICB's ODS code, for example QOP"
        if not ICB_ODS_CODE.fullmatch(ods_code):
            return "Enter the ICB's ODS code as 3 letters or numbers, for example QOP"
    elif ods_code and not OTHER_ODS_CODE.fullmatch(ods_code):
        return (
            "Enter an ODS code of 3 to 10 letters or numbers, for example 8JF32, or leave it blank"
        )
    return None


def _check_organisation(organisation_id: int | None, name: str, kind: str, ods_code: str) -> None:
    problem = ods_code_problem(kind=kind, ods_code=ods_code)
    if problem:
        raise RegistryError(problem, "ods_code")
    others = Organisation.objects.exclude(pk=organisation_id)
    if others.filter(name__iexact=name).exists():
        raise RegistryError(
            f"An organisation called {name} already exists. Enter a different name.", "name"
        )
    holder = others.filter(ods_code=ods_code).first() if ods_code else None
    if holder:
        raise RegistryError(
            f"The ODS code {ods_code} is already used by {holder.name}. Check the code.",
            "ods_code",
        )


def _check_network_partner(organisation: Organisation, kind: str) -> None:
    """Network partners are ICBs that do not lead a vanguard."""
    if kind != Organisation.Kind.ICB:
        raise RegistryError("Only an Integrated Care Board can be a network partner", "kind")
    if organisation.pk and organisation.led_vanguards.exists():
        raise RegistryError(
            "This ICB leads a vanguard, so it cannot be a network partner", "is_network_partner"
        )


def organisation_save(
    *, actor: User, organisation: Organisation | None = None, data: dict
) -> Organisation:
    """Create or update an organisation: an ICB (with its ODS code), council, VCSE body…"""
    organisation = organisation or Organisation()
    name = data["name"].strip()
    ods_code = normalise_ods_code(data.get("ods_code", ""))
    _check_organisation(organisation.pk, name, data["kind"], ods_code)
    is_partner = bool(data.get("is_network_partner"))
    if is_partner:
        _check_network_partner(organisation, data["kind"])
    organisation.name, organisation.kind, organisation.ods_code = name, data["kind"], ods_code
    organisation.is_network_partner = is_partner
    organisation._history_user = actor
    try:
        with transaction.atomic():
            organisation.save()
            # Kept when the mark is taken off, so marking it again restores the matches.
            organisation.partner_cohort_groups.set(data.get("partner_cohort_groups") or [])
            organisation.partner_themes.set(data.get("partner_themes") or [])
    except IntegrityError as error:  # a concurrent save took the name or ODS code first
        raise RegistryError(
            "That name or ODS code has just been taken by another organisation. Check and try "
            "again."
        ) from error
    return organisation


COHORT_GROUP_FIELDS = ("name", "slug", "theme", "focus", "relationship_manager")


def _check_cohort_group(cohort_group_id: int | None, data: dict) -> None:
    if not data["slug"]:
        raise RegistryError(
            "Enter a short name for the web address, using letters, numbers and hyphens", "slug"
        )
    if not permissions.can_look_after_cohort_groups(data["relationship_manager"]):
        raise RegistryError(
            "Select a relationship manager or the relationship manager lead",
            "relationship_manager",
        )
    others = CohortGroup.objects.exclude(pk=cohort_group_id)
    if others.filter(name__iexact=data["name"]).exists():
        raise RegistryError(
            f"A cohort group called {data['name']} already exists. Enter a different name.",
            "name",
        )
    if others.filter(slug=data["slug"]).exists():
        raise RegistryError(
            f"The short name {data['slug']} is already used by another cohort group. "
            "Enter a different short name.",
            "slug",
        )


def cohort_group_save(
    *, actor: User, cohort_group: CohortGroup | None = None, data: dict
) -> CohortGroup:
    """Create or update a cohort group (name, theme, focus and its relationship manager)."""
    cohort_group = cohort_group or CohortGroup()
    data = {**data, "name": data["name"].strip()}
    data["slug"] = data.get("slug") or slugify(data["name"])
    _check_cohort_group(cohort_group.pk, data)
    for field in COHORT_GROUP_FIELDS:
        setattr(cohort_group, field, data[field])
    cohort_group._history_user = actor
    try:
        with transaction.atomic():
            cohort_group.save()
    except IntegrityError as error:  # a concurrent save took the name or slug first
        raise RegistryError("That name or short name has just been taken. Try another.") from error
    return cohort_group
