"""Writes to the registry: vanguards, cohort-group membership and invitations."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from workwell.errors import ServiceError
from workwell.models import User
from workwell.queueing import queue_after_commit
from workwell.tasks import send_invitation_email

from .. import permissions
from ..models import (
    CohortGroup,
    CohortGroupMembership,
    NetworkPartnerContact,
    Organisation,
    Partnership,
    Region,
    RegionalLead,
    Vanguard,
    VanguardMember,
)


class RegistryError(ServiceError):
    """A rule of the registry was broken; the message is safe to show to the user."""


VANGUARD_FIELDS = (
    "name",
    "slug",
    "region",
    "lead_organisation",
    "target_cohorts",
    "funding_allocation",
    "participant_target",
    "in_work_share_target",
    "start_date",
    "end_date",
    "status",
)


def _check_unique(vanguard_id: int | None, name: str, slug: str) -> None:
    others = Vanguard.objects.exclude(pk=vanguard_id)
    if others.filter(name__iexact=name).exists():
        raise RegistryError(
            f"A vanguard called {name} already exists. Enter a different name.", "name"
        )
    if others.filter(slug=slug).exists():
        raise RegistryError(
            f"The web address /vanguards/{slug}/ is already used. Enter a different short name.",
            "slug",
        )


def _set_partners(vanguard: Vanguard, partners, actor: User) -> None:
    wanted = {organisation.pk for organisation in partners} - {vanguard.lead_organisation_id}
    for partnership in vanguard.partnerships.exclude(organisation_id__in=wanted):
        partnership._history_user = actor
        partnership.delete()
    existing = set(vanguard.partnerships.values_list("organisation_id", flat=True))
    # One save each, not bulk_create: bulk_create sends no signals, so history would miss them.
    for pk in sorted(wanted - existing):
        partnership = Partnership(vanguard=vanguard, organisation_id=pk)
        partnership._history_user = actor
        partnership.save()


def vanguard_save(
    *,
    actor: User,
    vanguard: Vanguard | None = None,
    data: dict,
    partners=(),
    cohort_group: CohortGroup | None = None,
) -> Vanguard:
    """Create or update a vanguard, its partners and its current cohort group."""
    vanguard = vanguard or Vanguard()
    data = dict(data)
    data["slug"] = data.get("slug") or slugify(data["name"])
    _check_unique(vanguard.pk, data["name"], data["slug"])
    for field in VANGUARD_FIELDS:
        setattr(vanguard, field, data[field])
    vanguard._history_user = actor
    try:
        with transaction.atomic():
            vanguard.save()
            _set_partners(vanguard, partners, actor)
            cohort_group_assign(vanguard=vanguard, cohort_group=cohort_group, actor=actor)
    except IntegrityError as error:  # a concurrent save took the name or slug first
        raise RegistryError("That name or short name has just been taken. Try another.") from error
    return vanguard


def cohort_group_assign(
    *,
    vanguard: Vanguard,
    cohort_group: CohortGroup | None,
    actor: User,
    on: datetime.date | None = None,
) -> None:
    """Move a vanguard into `cohort_group` from `on`, ending its current membership."""
    on = on or timezone.localdate()
    with transaction.atomic():
        # Lock the vanguard's current membership so two admins cannot both open a new one.
        current = (
            CohortGroupMembership.objects.select_for_update()
            .filter(vanguard=vanguard, ended_on__isnull=True)
            .first()
        )
        if current and cohort_group and current.cohort_group_id == cohort_group.pk:
            return
        if current:
            current.ended_on = max(on, current.started_on)
            current._history_user = actor
            current.save(update_fields=["ended_on"])
        if cohort_group:
            membership = CohortGroupMembership(
                vanguard=vanguard, cohort_group=cohort_group, started_on=on
            )
            membership._history_user = actor
            membership.save()


def user_invite(
    *,
    invited_by: User,
    email: str,
    full_name: str,
    role: str,
    vanguard: Vanguard | None = None,
    title: str = "",
    region: Region | None = None,
    organisation: Organisation | None = None,
) -> User:
    """Create an account with no password and email its single-use invitation link."""
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise RegistryError(
            f"An account for {email} already exists. Use a different email address.", "email"
        )
    if permissions.needs_vanguard_link(role) and (vanguard is None or not title):
        raise RegistryError("Choose the vanguard and title of a vanguard member.", "vanguard")
    if permissions.needs_region_link(role) and region is None:
        raise RegistryError("Choose the region of a regional lead.", "region")
    if permissions.needs_partner_link(role) and (
        organisation is None or not organisation.is_network_partner
    ):
        raise RegistryError("Choose the network partner this person works for.", "organisation")
    with transaction.atomic():
        # Staff and superuser status follow the role (User.save).
        user = User.objects.create_user(email=email, full_name=full_name, role=role)
        if permissions.needs_vanguard_link(role):
            VanguardMember.objects.create(user=user, vanguard=vanguard, title=title)
        if permissions.needs_region_link(role):
            RegionalLead.objects.create(user=user, region=region)
        if permissions.needs_partner_link(role):
            NetworkPartnerContact.objects.create(user=user, organisation=organisation)
        queue_after_commit(send_invitation_email, user.pk)
    return user


def member_update(
    *,
    actor: User,
    membership: VanguardMember,
    full_name: str,
    title: str,
    vanguard: Vanguard,
    is_active: bool,
) -> VanguardMember:
    """Change a vanguard member's name, title, vanguard, or switch their account off or on.

    A switched-off account cannot sign in and drops off its vanguard's profile; nothing of
    theirs is deleted, so switching it back on restores them as they were.
    """
    user = membership.user
    user.full_name = full_name.strip()
    user.is_active = is_active
    membership.title = title
    membership.vanguard = vanguard
    user._history_user = membership._history_user = actor
    with transaction.atomic():
        user.save(update_fields=["full_name", "is_active"])
        membership.save(update_fields=["title", "vanguard"])
    return membership
