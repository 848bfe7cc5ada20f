"""Contact cadence: when each vanguard was last contacted, when the next contact is due, and
what the relationship managers' daily digest and workloads are made of.

A *contact* is a completed, unarchived touchpoint linked to the vanguard. Drafts are not
contacts yet and archived touchpoints were withdrawn, so neither counts.

Rules (tests/vanguards/test_contact_cadence.py):
- next due = last contact + the programme's cadence days (ProgrammeSettings, default 14), moved
  forward to the next working day when it lands on a weekend or an England-and-Wales bank
  holiday (workwell.dates), because nobody is expected to hold a check-in on Christmas Day;
- a vanguard never contacted is overdue at once, whatever its start date: the NST's plan has
  RMs in touch from onboarding (mobilisation is when support matters most), so "no contact
  yet" is always something to act on;
- contact is overdue the day after it was due; closed vanguards need no contact.
"""

import datetime
import functools
from collections import Counter
from dataclasses import dataclass
from operator import attrgetter

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Window,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from workwell.compiled import Compiled
from workwell.dates import add_working_days, is_working_day
from workwell.kept import kept
from workwell.models import User
from workwell.tables import counted_page

from .. import permissions
from ..models import (
    Action,
    CohortGroupMembership,
    ProgrammeSettings,
    SupportRequest,
    Touchpoint,
    Vanguard,
)

# A support request is open until it is delivered, closed or declined.
SUPPORT_REQUEST_DONE_STATUSES = (
    SupportRequest.Status.DELIVERED,
    SupportRequest.Status.CLOSED,
    SupportRequest.Status.DECLINED,
)
# The digest lists actions due within this many calendar days, and every overdue one.
DIGEST_ACTION_HORIZON_DAYS = 3


def programme_settings() -> ProgrammeSettings:
    """The programme settings row (pk=1), or its defaults until an admin saves one.

    A read never writes: get_or_create here would make the first page view of the day an
    INSERT and give it a different query count from every other view. Kept until the settings
    are saved (workwell/kept.py: a query saved on every home and dashboard), so read only: the
    programme director by `programme_director_id` (a lazy read would be kept with it).
    """
    return kept("programme_settings", "", _read_settings)


def _read_settings() -> ProgrammeSettings:
    found = _settings_row()()
    return found[0] if found else ProgrammeSettings(pk=1)


@functools.cache
def _settings_row() -> Compiled:
    # What .first() asked, built and compiled once per process (workwell/compiled.py).
    return Compiled(ProgrammeSettings.objects.filter(pk=1).order_by("pk")[:1])


def contact_due_on(last_contact: datetime.date, cadence_days: int) -> datetime.date:
    """Last contact plus the cadence, moved on to a working day if it lands on a day off."""
    due = last_contact + datetime.timedelta(days=cadence_days)
    return due if is_working_day(due) else add_working_days(due, 1)


@dataclass(frozen=True)
class CadenceRow:
    """One vanguard's contact cadence on a given day."""

    vanguard: Vanguard
    last_contact: datetime.date | None
    days_since: int | None  # None when never contacted
    next_due: datetime.date | None  # None when never contacted (due now) or closed
    open_actions: int
    open_support_requests: int
    overdue: bool
    relationship_manager_id: int | None
    relationship_manager_name: str
    cohort_group_name: str

    @property
    def never_contacted(self) -> bool:
        return self.last_contact is None

    @property
    def needs_contact(self) -> bool:
        return self.vanguard.status != Vanguard.Status.CLOSED


def _count(queryset: QuerySet, correlated_on: str) -> Coalesce:
    """COUNT(*) of a queryset correlated with the outer row. Counting through joins instead
    would multiply rows once two counts are annotated on the same query."""
    counts = queryset.order_by().values(correlated_on).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def _open_support_requests() -> QuerySet:
    return SupportRequest.objects.exclude(status__in=SUPPORT_REQUEST_DONE_STATUSES)


def _with_cadence_facts(vanguards: QuerySet) -> QuerySet:
    """Annotate open work and the current group and RM: still one query. The last contact is
    read apart (last_contacts): as a subquery a vanguard it cost 75 ms for 215 vanguards on
    100,000 touchpoints, walking the newest touchpoints of every vanguard for each."""
    # The current group and its RM through one join on the current membership (a vanguard
    # has at most one: `membership_one_current_group_per_vanguard`), as vanguards_for_list
    # reads them: three subqueries cost three times the building and the planning.
    current = FilteredRelation(
        "group_memberships", condition=Q(group_memberships__ended_on__isnull=True)
    )
    return vanguards.annotate(
        open_actions=_count(
            Action.objects.filter(vanguard=OuterRef("pk"), status=Action.Status.OPEN), "vanguard"
        ),
        open_support_requests=_count(
            _open_support_requests().filter(vanguard=OuterRef("pk")), "vanguard"
        ),
        current=current,
        cohort_group_name=F("current__cohort_group__name"),
        relationship_manager_id=F("current__cohort_group__relationship_manager"),
        relationship_manager_name=F("current__cohort_group__relationship_manager__full_name"),
    )


# The recent contacts read for everyone reach back this many days past the cadence: a vanguard
# with no contact since then is overdue (a due date moves on by a few days at most, over
# Christmas), so only the vanguards needing contact have their older contacts looked up.
RECENT_CONTACT_SLACK_DAYS = 7
# Up to this many vanguards (an RM's cohort), each one's newest contact is read through its own
# links (about 0.75 ms a vanguard with five years of history): cheaper than reading the whole
# nation's contacts of the last cadence to keep a few (8 ms at 200 vanguards).
FEW_VANGUARDS = 8


def _contacts() -> QuerySet:
    """Touchpoint-vanguard links of contacts: completed, unarchived touchpoints."""
    return Touchpoint.vanguards.through.objects.filter(
        touchpoint__status=Touchpoint.Status.COMPLETE, touchpoint__archived_at__isnull=True
    )


def last_contact_by(as_of: datetime.date) -> Subquery:
    """A vanguard's last completed, unarchived touchpoint on or before `as_of`, as a
    subquery on the vanguard (the dashboards' figures read it for every vanguard)."""
    contacts = (
        Touchpoint.objects.filter(
            vanguards=OuterRef("pk"),
            status=Touchpoint.Status.COMPLETE,
            archived_at__isnull=True,
            date__lte=as_of,
        )
        .order_by()
        .values("vanguards")
        .annotate(last=Max("date"))
        .values("last")
    )
    return Subquery(contacts)


@functools.cache
def _newest_contact_per_vanguard() -> QuerySet:
    # Built once per process (nothing of the request); each use filters a fresh clone.
    return _contacts().values("vanguard_id").annotate(last=Max("touchpoint__date"))


@functools.cache
def _vanguards_with_newest_contact() -> QuerySet:
    # A subquery a vanguard, not a GROUP BY over the links: PostgreSQL would hash-join every
    # touchpoint to find a few vanguards' newest. Built once per process.
    newest = _newest_contact_per_vanguard().filter(vanguard_id=OuterRef("pk")).values("last")
    return Vanguard.objects.annotate(last=Subquery(newest)).values_list("pk", "last")


def _newest_contacts(vanguard_ids, as_of: datetime.date | None) -> dict[int, datetime.date]:
    """Each vanguard's newest contact (on or before `as_of`, when given), each one's read
    through its own links; absent when there is none."""
    if as_of is None:
        newest = _vanguards_with_newest_contact().filter(pk__in=vanguard_ids)
    else:
        newest = (
            Vanguard.objects.filter(pk__in=vanguard_ids)
            .annotate(last=last_contact_by(as_of))
            .values_list("pk", "last")
        )
    return {pk: last for pk, last in newest if last is not None}


def last_contacts(
    vanguard_ids: list[int],
    *,
    today: datetime.date,
    cadence_days: int,
    as_of: datetime.date | None = None,
) -> dict[int, datetime.date]:
    """Each vanguard's last contact date (absent when never contacted), on or before `as_of`
    when given (a dashboard's day: the cadence then ends there): for a few vanguards, one
    query (each one's newest through its own links); for more, one or two queries whose cost
    does not grow with the years of history: the contacts of the last cadence (a range of
    `touchpoint_status_date_idx`, a few hundred rows however long the programme has run),
    then, only for the vanguards with none there, the newest of each one's own contacts
    (through the link table's vanguard index)."""
    if not vanguard_ids:
        return {}
    if len(vanguard_ids) <= FEW_VANGUARDS:
        return _newest_contacts(vanguard_ids, as_of)
    end = as_of or today
    since = end - datetime.timedelta(days=cadence_days + RECENT_CONTACT_SLACK_DAYS)
    # Every vanguard's recent contacts (one row a vanguard), kept for the ones asked about
    # here: given a list of hundreds of ids the planner reads every link of those vanguards
    # (100,000) to join with the few hundred recent touchpoints.
    wanted = set(vanguard_ids)
    recent = _newest_contact_per_vanguard().filter(touchpoint__date__gte=since)
    if as_of is not None:
        recent = recent.filter(touchpoint__date__lte=as_of)
    found = {pk: last for pk, last in recent.values_list("vanguard_id", "last") if pk in wanted}
    rest = [pk for pk in vanguard_ids if pk not in found]
    if rest:
        found.update(_newest_contacts(rest, as_of))
    return found


def _row(
    vanguard: Vanguard, last: datetime.date | None, *, today: datetime.date, cadence_days: int
) -> CadenceRow:
    if vanguard.status == Vanguard.Status.CLOSED:
        next_due, overdue = None, False
    elif last is None:
        next_due, overdue = None, True
    else:
        next_due = contact_due_on(last, cadence_days)
        overdue = today > next_due
    return CadenceRow(
        vanguard=vanguard,
        last_contact=last,
        days_since=None if last is None else (today - last).days,
        next_due=next_due,
        open_actions=vanguard.open_actions,
        open_support_requests=vanguard.open_support_requests,
        overdue=overdue,
        relationship_manager_id=vanguard.relationship_manager_id,
        relationship_manager_name=vanguard.relationship_manager_name or "",
        cohort_group_name=vanguard.cohort_group_name or "",
    )


def _urgency(row: CadenceRow):
    # Overdue first, never contacted first among those, then the earliest due; closed last.
    return (
        not row.overdue,
        not row.needs_contact,
        row.next_due or datetime.date.min,
        row.vanguard.name,
    )


def vanguard_cadence(
    *, vanguards: QuerySet, today: datetime.date | None = None, cadence_days: int | None = None
) -> list[CadenceRow]:
    """Cadence rows for `vanguards`, most urgent first, in two or three queries (the
    vanguards, then last_contacts'), one more when `cadence_days` is not given and the
    programme setting has to be read."""
    today = today or timezone.localdate()
    if cadence_days is None:
        cadence_days = programme_settings().contact_cadence_days
    annotated = list(_with_cadence_facts(vanguards.order_by()))
    return most_urgent_first(_rows(annotated, today=today, cadence_days=cadence_days))


def _rows(vanguards: list, *, today: datetime.date, cadence_days: int) -> list[CadenceRow]:
    last = last_contacts([v.pk for v in vanguards], today=today, cadence_days=cadence_days)
    return [
        _row(vanguard, last.get(vanguard.pk), today=today, cadence_days=cadence_days)
        for vanguard in vanguards
    ]


# What a home reads of each vanguard: its link, its status and its delivery dates (for the
# returns it owes). A deferred column read later is a query a row: the homes' budgets catch it.
HOME_VANGUARD_COLUMNS = ("name", "slug", "status", "start_date", "end_date")


@functools.cache
def _annotated_vanguards() -> QuerySet:
    return _with_cadence_facts(Vanguard.objects.only(*HOME_VANGUARD_COLUMNS).order_by("name"))


def cadence_queryset() -> QuerySet:
    """Every vanguard with its cadence facts annotated, in name order, to be filtered with a
    permission rule (`permissions.cadence_vanguards(user, cadence_queryset())`) and read by
    cadence_by_name. The annotations hold nothing of the request or the day, so they are
    resolved once per process (two subqueries and a join: building them cost more than
    compiling and running the query); each call is a fresh clone, never evaluated in place.
    The last contacts are read apart (cadence_by_name)."""
    return _annotated_vanguards().all()


def cadence_by_name(
    *, vanguards: QuerySet, today: datetime.date, cadence_days: int
) -> list[CadenceRow]:
    """Cadence rows for `vanguards` (a filtered cadence_queryset) in the database's order of
    their names, in two or three queries (the vanguards, then last_contacts'): for a page that
    also lists the same vanguards by name (the homes' returns), so that it reads them once.
    `most_urgent_first` puts them in vanguard_cadence's order."""
    return _rows(list(vanguards), today=today, cadence_days=cadence_days)


def most_urgent_first(rows: list[CadenceRow]) -> list[CadenceRow]:
    return sorted(rows, key=_urgency)


def contact_overdue_vanguards(
    *, vanguards: QuerySet, today: datetime.date | None = None, cadence_days: int | None = None
) -> list[CadenceRow]:
    """The vanguards among `vanguards` whose contact is overdue (or who were never contacted)."""
    rows = vanguard_cadence(vanguards=vanguards, today=today, cadence_days=cadence_days)
    return [row for row in rows if row.overdue]


# --- Every vanguard's cadence, for the RM lead: the overdue ones only ---------------------
# The RM lead's home is about every vanguard (hundreds nationally) but lists only those overdue
# for contact, a page at a time, and counts them for each RM: no row is built for a vanguard
# on time, and only the overdue ones' last contacts are looked up.


def overdue_cutoff(*, today: datetime.date, cadence_days: int) -> datetime.date:
    """The latest last contact that leaves a vanguard overdue today: a vanguard needing contact
    is overdue exactly when it was never contacted or last contacted on or before this day
    (contact_due_on never moves earlier as the contact moves later)."""
    day = today - datetime.timedelta(days=cadence_days + 1)
    while contact_due_on(day, cadence_days) >= today:
        day -= datetime.timedelta(days=1)
    return day


def contacted_between(*, after: datetime.date, until: datetime.date) -> QuerySet:
    """The vanguard ids with a contact after `after` and on or before `until`, as a subquery:
    a range of `touchpoint_status_date_idx` (a cadence's contacts, a few hundred rows however
    long the programme has run), read once for the query as a set."""
    return (
        _contacts()
        .filter(touchpoint__date__gt=after, touchpoint__date__lte=until)
        .values("vanguard_id")
    )


@dataclass(frozen=True)
class OverdueContact:
    """A vanguard overdue for contact: what ordering and counting it need."""

    vanguard_id: int
    name: str
    last_contact: datetime.date | None
    relationship_manager_id: int | None


@functools.lru_cache(maxsize=4)
def _vanguards_contacted_after(cutoff: datetime.date) -> QuerySet:
    # Built once a day per process; each call reads a fresh clone.
    current = FilteredRelation(
        "group_memberships", condition=Q(group_memberships__ended_on__isnull=True)
    )
    recent = _contacts().filter(touchpoint__date__gt=cutoff).values("vanguard_id")
    return (
        Vanguard.objects.annotate(
            current=current,
            relationship_manager_id=F("current__cohort_group__relationship_manager"),
            contacted_lately=ExpressionWrapper(Q(pk__in=recent), output_field=BooleanField()),
        )
        .order_by("name")
        # Named tuples, not model instances: the RM lead's home reads every vanguard
        # (hundreds nationally), and an instance a row cost about 25 Python calls.
        .values_list(
            "pk", *HOME_VANGUARD_COLUMNS, "relationship_manager_id", "contacted_lately", named=True
        )
    )


def vanguards_with_recent_contact(*, today: datetime.date, cadence_days: int) -> QuerySet:
    """Every vanguard in name order, to be filtered with a permission rule, as named rows of
    `pk`, HOME_VANGUARD_COLUMNS, its current RM's id and `contacted_lately`: whether it has a
    contact after overdue_cutoff (the last cadence's contacts, a range of
    `touchpoint_status_date_idx`, read once for the query as a set, whatever the years of
    history). One query."""
    return _vanguards_contacted_after(overdue_cutoff(today=today, cadence_days=cadence_days)).all()


def overdue_contacts(vanguards: list, *, cadence_days: int) -> list[OverdueContact]:
    """The vanguards among `vanguards` (read through vanguards_with_recent_contact) overdue
    for contact, most urgent first (as vanguard_cadence orders them), with their last
    contacts: not closed and not contacted lately. One query, each overdue one's newest contact
    through its own links; none when every vanguard is on time."""
    late = [v for v in vanguards if v.status != Vanguard.Status.CLOSED and not v.contacted_lately]
    if not late:
        return []
    newest = dict(_vanguards_with_newest_contact().filter(pk__in=[v.pk for v in late]))
    found = [
        OverdueContact(v.pk, v.name, newest.get(v.pk), v.relationship_manager_id) for v in late
    ]

    def urgency(row: OverdueContact):  # _urgency's order for rows all overdue
        due = contact_due_on(row.last_contact, cadence_days) if row.last_contact else None
        return (due or datetime.date.min, row.name)

    return sorted(found, key=urgency)


def overdue_cadence_rows(
    overdue: list[OverdueContact], *, today: datetime.date, cadence_days: int
) -> list[CadenceRow]:
    """Cadence rows for some of `overdue_contacts`' vanguards (a page of them), in the same
    order, with their open work, group and RM: one query, none for an empty list."""
    if not overdue:
        return []
    by_id = {
        vanguard.pk: vanguard
        for vanguard in cadence_queryset().filter(pk__in=[row.vanguard_id for row in overdue])
    }
    return [
        _row(by_id[row.vanguard_id], row.last_contact, today=today, cadence_days=cadence_days)
        for row in overdue
    ]


# --- Relationship managers' workload -----------------------------------------------------


@dataclass(frozen=True)
class RmWorkload:
    relationship_manager: User
    vanguards: int
    overdue_contacts: int
    open_actions: int
    open_support_requests: int


@dataclass(frozen=True)
class RmWorkloads:
    """A page of the relationship managers' workloads, by name, and how many RMs there are."""

    rows: list[RmWorkload]
    total: int
    number: int  # the page shown (the last when one past it was asked for)


# The RM lead's home lists this many relationship managers' workloads a page.
WORKLOADS_PAGE_SIZE = 25


@functools.cache
def _relationship_managers_with_open_work() -> QuerySet:
    """The relationship managers (whoever may keep a cohort group, and anyone who still has
    one: someone who has left shows while their groups wait to be handed over), with the
    actions they own and the support requests assigned to them counted, by name (their name
    and email only: what a workload shows), and how many of them there are. Nothing of the
    request is in it, so it is built once per process; each use reads a fresh clone."""
    with_groups = CohortGroupMembership.objects.filter(ended_on__isnull=True).values(
        "cohort_group__relationship_manager"
    )
    return (
        User.objects.filter(Q(pk__in=permissions.cohort_group_keepers()) | Q(pk__in=with_groups))
        .only("full_name", "email")
        .annotate(
            open_actions=_count(
                Action.objects.filter(owner=OuterRef("pk"), status=Action.Status.OPEN), "owner"
            ),
            open_support_requests=_count(
                _open_support_requests().filter(assigned_to=OuterRef("pk")), "assigned_to"
            ),
            total=Window(Count("*")),
        )
        .order_by("full_name", "email")
    )


def rm_workloads(
    *, vanguards: list, overdue: list[OverdueContact], number: int = 1, size: int
) -> RmWorkloads:
    """Page `number` of the RMs by name, each with their caseload (the vanguards among
    `vanguards` now in their groups: given every vanguard, read through
    vanguards_with_recent_contact, for the RM lead, who sees them all), the ones among
    `overdue` (overdue_contacts of those vanguards), the actions they own and the support
    requests assigned to them: one query (two or three for a page past the last)."""
    caseload = Counter(map(attrgetter("relationship_manager_id"), vanguards))
    overdue_by_rm = Counter(map(attrgetter("relationship_manager_id"), overdue))
    people, total, number = counted_page(
        _relationship_managers_with_open_work().all(),
        number=number,
        size=size,
        total=attrgetter("total"),
    )
    rows = [
        RmWorkload(
            relationship_manager=person,
            vanguards=caseload.get(person.pk, 0),
            overdue_contacts=overdue_by_rm.get(person.pk, 0),
            open_actions=person.open_actions,
            open_support_requests=person.open_support_requests,
        )
        for person in people
    ]
    return RmWorkloads(rows=rows, total=total, number=number)


# --- The daily digest --------------------------------------------------------------------


@dataclass(frozen=True)
class RmDigest:
    """What one RM's daily email lists: contacts they owe and actions they own coming due."""

    overdue_contacts: list[CadenceRow]
    actions: list[Action]
    cadence_days: int

    @property
    def is_empty(self) -> bool:
        return not self.overdue_contacts and not self.actions


def _actions_coming_due(today: datetime.date) -> QuerySet:
    horizon = today + datetime.timedelta(days=DIGEST_ACTION_HORIZON_DAYS)
    return Action.objects.filter(status=Action.Status.OPEN, due_date__lte=horizon)


def rm_digest_for(*, user: User, today: datetime.date) -> RmDigest:
    """The digest of `user`: overdue contacts with their own groups' vanguards (the digest is a
    to-do list, so the RM lead gets their own too; everyone's is on their home page) and open
    actions they own that are overdue or due within 3 days."""
    cadence_days = programme_settings().contact_cadence_days
    overdue = contact_overdue_vanguards(
        vanguards=permissions.own_group_vanguards(user), today=today, cadence_days=cadence_days
    )
    actions = list(
        _actions_coming_due(today)
        .filter(owner=user)
        .select_related("vanguard")
        .order_by("due_date", "pk")
    )
    return RmDigest(
        overdue_contacts=overdue,
        actions=actions,
        cadence_days=cadence_days,
    )


def rm_digest_recipient_ids(*, today: datetime.date) -> list[int]:
    """Active RMs and the RM lead with something for the digest, in five or six queries
    (settings, every vanguard's cadence and their last contacts, the RMs, the owners of
    actions coming due)."""
    overdue_rm_ids = {
        row.relationship_manager_id
        for row in contact_overdue_vanguards(vanguards=Vanguard.objects.all(), today=today)
    }
    relationship_managers = permissions.cohort_group_keepers()
    owners = set(
        _actions_coming_due(today)
        .filter(owner__in=relationship_managers)
        .values_list("owner_id", flat=True)
        .distinct()
    )
    active_ids = set(relationship_managers.values_list("pk", flat=True))
    return sorted(active_ids & (overdue_rm_ids | owners))
