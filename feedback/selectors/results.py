"""Pulse survey results with the support-request ratings and event feedback of the same
quarter: per region, cohort group, RM and vanguard, and nationally.

Aggregates are reusable building blocks (`Tally`, `PulseTally`, `pulse_tallies`): each source is
counted in one grouped query per quarter, by the finest group (vanguard with the cohort group,
RM and region recorded when the member was asked or answered), and rolled up in Python, so the
number of queries does not grow with responses. Every aggregate leaves here through
`disclose` (selectors/disclosure.py)."""

import datetime
import functools
from dataclasses import dataclass, field
from operator import add

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone

from learning.models import EventFeedback
from vanguards import permissions
from vanguards.models import SupportRequest
from workwell.dates import Quarter
from workwell.kept import kept

from ..models import PulseInvitation, PulseResponse, PulseSurvey
from ..models.pulse import SATISFIED_FROM
from .disclosure import Withheld, disclosed, disclosure_threshold

# The groups results are broken down by, widest first; each is a field recorded on a response
# and an invitation.
BREAKDOWNS = {
    "region": "Region",
    "cohort_group": "Cohort group",
    "relationship_manager": "Relationship manager",
    "vanguard": "Vanguard",
}
GROUP_FIELDS = ("vanguard", "cohort_group", "relationship_manager", "region")
NATIONAL = "national"
# Rows a page of a breakdown's results shows (the national programme has 200 vanguards).
SECTION_PAGE_SIZE = 25


def section_page_field(breakdown: str) -> str:
    """The query string's name for the page of a breakdown's rows."""
    return f"{breakdown}_page"


@dataclass(frozen=True)
class Tally:
    """Ratings from 1 to 5: how many, their sum, and how many were 4 or 5."""

    count: int = 0
    total: int = 0
    satisfied: int = 0

    def __add__(self, other: "Tally") -> "Tally":
        return Tally(
            self.count + other.count, self.total + other.total, self.satisfied + other.satisfied
        )

    @property
    def mean(self) -> float | None:
        return self.total / self.count if self.count else None

    @property
    def share_satisfied(self) -> float | None:
        """The share rating 4 or 5, from 0 to 1."""
        return self.satisfied / self.count if self.count else None


@dataclass(frozen=True)
class PulseTally:
    """A group's pulse survey answers: the three ratings, and how many members were asked."""

    satisfaction: Tally = field(default_factory=Tally)
    rm_support: Tally = field(default_factory=Tally)
    learning: Tally = field(default_factory=Tally)
    asked: int = 0

    def __add__(self, other: "PulseTally") -> "PulseTally":
        return PulseTally(
            self.satisfaction + other.satisfaction,
            self.rm_support + other.rm_support,
            self.learning + other.learning,
            self.asked + other.asked,
        )

    @property
    def count(self) -> int:
        """Responses (the count the disclosure threshold is applied to)."""
        return self.satisfaction.count

    @property
    def response_rate(self) -> float | None:
        return self.count / self.asked if self.asked else None


@dataclass(frozen=True)
class ResultRow:
    """One group's results for a quarter, each source already through `disclose`."""

    breakdown: str  # "national" or a key of BREAKDOWNS
    key: int | None
    label: str
    pulse: PulseTally | Withheld
    support: Tally | Withheld
    events: Tally | Withheld


@dataclass(frozen=True)
class QuarterResults:
    quarter: Quarter
    survey: PulseSurvey | None
    national: ResultRow | None
    sections: list[tuple[str, list[ResultRow]]]  # (breakdown, rows), widest first
    pages: dict[str, Page] = field(default_factory=dict)  # of the breakdowns shown a page

    @property
    def rows(self) -> list[ResultRow]:
        return ([self.national] if self.national else []) + [
            row for _, rows in self.sections for row in rows
        ]


def _tally(prefix: str) -> dict:
    return {
        f"{prefix}_count": Count(prefix),
        f"{prefix}_total": Sum(prefix),
        f"{prefix}_satisfied": Count("pk", filter=Q(**{f"{prefix}__gte": SATISFIED_FROM})),
    }


Groups = tuple[int | None, int | None, int | None, int | None]  # as GROUP_FIELDS

# A group's results are added up as one list of whole numbers, not as Tally objects: the
# pulse survey's three ratings (count, total, satisfied each) and how many were asked, then
# the support ratings and the event feedback (count, total, satisfied each). Tallies are made
# only for the rows shown.
SUPPORT, EVENTS = 10, 13
FIGURES = 16


def _pulse_of(figures: list[int]) -> PulseTally:
    return PulseTally(Tally(*figures[0:3]), Tally(*figures[3:6]), Tally(*figures[6:9]), figures[9])


# The quarter's four aggregate queries (pulse answers and invitations by finest group, support
# and event ratings by vanguard) hold nothing of the request but the quarter, so each is built
# and compiled once per process and quarter, and run as SQL: building and compiling them, and
# Django's converter per value on their few hundred rows, were a quarter of the page's Python
# calls. They read whole numbers only (ids, counts and sums), which the driver gives as they
# are.
Statement = tuple[str, tuple]


def _statement(queryset: QuerySet) -> Statement:
    return queryset.query.sql_with_params()


def _run(statement: Statement) -> list[tuple]:
    sql, params = statement
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@functools.lru_cache(maxsize=8)
def _pulse_statements(quarter: Quarter) -> tuple[Statement, Statement]:
    """The quarter's pulse answers and invitations by finest group."""
    in_quarter = {"survey__year": quarter.year, "survey__number": quarter.number}
    ids = [f"{name}_id" for name in GROUP_FIELDS]
    answers = (
        PulseResponse.objects.filter(**in_quarter)
        .order_by()
        .values_list(*ids)
        .annotate(**_tally("satisfaction"), **_tally("rm_support"))
        .annotate(**_tally("learning_usefulness"))
    )
    asked = (
        PulseInvitation.objects.filter(**in_quarter)
        .order_by()
        .values_list(*ids)
        .annotate(n=Count("pk"))
    )
    return _statement(answers), _statement(asked)


def _pulse_figures(quarter: Quarter) -> dict[Groups, list[int]]:
    """The quarter's pulse figures by finest group: the three ratings' count, total and
    satisfied, then how many were asked (two queries)."""
    answers, asked = _pulse_statements(quarter)
    found = {row[:4]: [*row[4:], 0] for row in _run(answers)}
    for row in _run(asked):
        found.setdefault(row[:4], [0] * 10)[9] = row[4]
    return found


def pulse_tallies(quarter: Quarter) -> dict[Groups, PulseTally]:
    """The quarter's pulse answers and invitations by finest group (two queries)."""
    return {groups: _pulse_of(figures) for groups, figures in _pulse_figures(quarter).items()}


def _quarter_span(quarter: Quarter) -> tuple[datetime.datetime, datetime.datetime]:
    start = datetime.datetime.combine(quarter.start, datetime.time.min)
    end = datetime.datetime.combine(quarter.next().start, datetime.time.min)
    zone = timezone.get_current_timezone()
    return timezone.make_aware(start, zone), timezone.make_aware(end, zone)


@functools.lru_cache(maxsize=8)
def _rating_statements(start: datetime.datetime, end: datetime.datetime) -> tuple[Statement, ...]:
    """Ratings of support delivered between `start` and `end`, by vanguard; usefulness ratings
    of the events starting then, by the vanguard of the person who gave them (None for people
    outside a vanguard: they count nationally)."""
    support = (
        SupportRequest.objects.filter(
            rating__isnull=False, delivered_at__gte=start, delivered_at__lt=end
        )
        .order_by()
        .values_list("vanguard_id")
        .annotate(**_tally("rating"))
    )
    events = (
        EventFeedback.objects.filter(event__starts_at__gte=start, event__starts_at__lt=end)
        .order_by()
        .values_list(F("person__vanguard_membership__vanguard"))
        .annotate(**_tally("usefulness"))
    )
    return _statement(support), _statement(events)


def _rating_figures(quarter: Quarter) -> tuple[dict[int, tuple], dict[int | None, tuple]]:
    """The quarter's support ratings and event feedback by vanguard: count, total and rated 4
    or 5 (two queries)."""
    support, events = _rating_statements(*_quarter_span(quarter))
    return (
        {row[0]: row[1:] for row in _run(support)},
        {row[0]: row[1:] for row in _run(events)},
    )


def _figures(quarter: Quarter) -> tuple[dict, dict, dict]:
    """The quarter's pulse figures, support ratings and event feedback by group: the same for
    everyone (what each person may see of them is decided after), so kept until an answer,
    invitation, rating or membership changes (workwell/kept.py)."""
    return kept(
        "pulse.figures", quarter, lambda: (_pulse_figures(quarter), *_rating_figures(quarter))
    )


def _roll_up(
    pulse: dict[Groups, list[int]],
    support: dict[int, tuple],
    events: dict[int | None, tuple],
    shown: set[tuple[str, int]],
) -> tuple[list[int], dict[tuple[str, int], list[int]]]:
    """The figures of the nation and of each (breakdown, key) in `shown`: every group's add
    up nationally, and into the groups shown only. Support and event feedback follow their
    vanguard into the groups its members were asked in that quarter (the first found)."""
    groups_of: dict[int, Groups] = {}
    for groups in pulse:
        groups_of.setdefault(groups[0], groups)
    found = {groups: [*figures, 0, 0, 0, 0, 0, 0] for groups, figures in pulse.items()}
    for offset, source in ((SUPPORT, support), (EVENTS, events)):
        for vanguard, figures in source.items():
            groups = groups_of.get(vanguard, (vanguard, None, None, None))
            total = found.setdefault(groups, [0] * FIGURES)
            total[offset : offset + 3] = map(add, total[offset : offset + 3], figures)
    columns = zip(*found.values(), strict=True)
    national = [sum(column) for column in columns] if found else [0] * FIGURES
    totals = {key: [0] * FIGURES for key in shown}
    for groups, figures in found.items():
        for key in zip(GROUP_FIELDS, groups, strict=True):
            total = totals.get(key)
            if total is not None:
                total[:] = map(add, total, figures)
    return national, totals


# Each breakdown's name column, read with the groups the user sees.
NAMES = {
    "vanguard": "vanguard__name",
    "cohort_group": "cohort_group__name",
    "relationship_manager": "relationship_manager__full_name",
    "region": "region__name",
}


def _breakdowns_seen(user) -> list[str]:
    """The breakdowns the user sees, widest first."""
    seen = permissions.pulse_result_breakdowns(user)
    return [breakdown for breakdown in BREAKDOWNS if breakdown in seen]


def _groups_query(user, quarter: Quarter, breakdowns) -> QuerySet:
    """The finest groups (as GROUP_FIELDS) whose results the user sees in the quarter, each
    followed by the names of its groups in `breakdowns`: the quarter's invitations the user
    sees results of, with those names joined."""
    invitations = PulseInvitation.objects.filter(
        survey__year=quarter.year, survey__number=quarter.number
    )
    return (
        permissions.pulse_results_visible_to(user, invitations)
        .order_by()
        .values_list(
            *(f"{name}_id" for name in GROUP_FIELDS),
            *(NAMES[breakdown] for breakdown in breakdowns),
        )
        .distinct()
    )


def _groups_seen(user, quarter: Quarter, breakdowns) -> list[tuple]:
    """`_groups_query`'s rows (one query), kept for everyone who may see the same: keyed by
    what the rule is made from (`permissions.pulse_results_scope`), the quarter and the
    breakdowns, not by the query built and compiled."""
    return kept(
        "pulse.groups",
        (permissions.pulse_results_scope(user), quarter, tuple(breakdowns)),
        lambda: list(_groups_query(user, quarter, breakdowns)),
    )


def results_seen_as(*, user, quarter: Quarter, pages: dict | None = None) -> tuple:
    """All that `quarter_results` reads of the user and the request, for keeping what is
    worked out from it (workwell/kept.py): two people share it only when they would see the
    same rows, disclosed the same way, on the same pages."""
    breakdowns = _breakdowns_seen(user)
    return (
        quarter,
        permissions.sees_small_numbers(user),
        tuple(breakdowns),
        permissions.pulse_results_scope(user) if breakdowns else None,
        None if pages is None else sorted(pages.items()),
    )


def _row(small_numbers: bool, threshold, breakdown, key, label, figures: list[int]) -> ResultRow:
    tallies = (
        _pulse_of(figures),
        Tally(*figures[SUPPORT : SUPPORT + 3]),
        Tally(*figures[EVENTS : EVENTS + 3]),
    )
    shown = [disclosed(t, small_numbers=small_numbers, threshold=threshold) for t in tallies]
    return ResultRow(breakdown, key, label, *shown)


def pulse_survey_quarters() -> tuple[list[Quarter], Quarter | None]:
    """Quarters whose survey has opened, newest first, and the one results open on: the newest
    closed survey (final numbers), else the open one (one query). Shared, read only, until a
    survey changes (workwell/kept.py)."""
    return kept("pulse.survey_quarters", "every survey", _survey_quarters)


def _survey_quarters() -> tuple[list[Quarter], Quarter | None]:
    surveys = PulseSurvey.objects.exclude(status=PulseSurvey.Status.SCHEDULED)
    rows = list(surveys.values_list("year", "number", "status"))
    quarters = [Quarter(year, number) for year, number, _ in rows]
    closed = [Quarter(y, n) for y, n, status in rows if status == PulseSurvey.Status.CLOSED]
    return quarters, (closed or quarters or [None])[0]


def quarter_results(*, user, quarter: Quarter, pages: dict | None = None) -> QuarterResults:
    """What the user may see of the quarter's results, each aggregate disclosed to them.
    At most seven queries, however many responses there are.

    `pages`: the page asked for of each breakdown's rows ({breakdown: page number, as typed}):
    a breakdown with more than 25 groups shows 25 a page, and only those are added up (the
    nation always counts every group). None: every row (the downloads and the API)."""
    threshold = disclosure_threshold()
    small_numbers = permissions.sees_small_numbers(user)  # read once, not per row and source
    survey = PulseSurvey.objects.filter(year=quarter.year, number=quarter.number).first()
    breakdowns = _breakdowns_seen(user)
    scope = _groups_seen(user, quarter, breakdowns) if breakdowns else []
    chosen, section_pages = {}, {}  # {breakdown: (its keys shown, in order, their labels)}
    for column, breakdown in enumerate(breakdowns, start=len(GROUP_FIELDS)):
        position = GROUP_FIELDS.index(breakdown)
        labels = {row[position]: row[column] for row in scope if row[position] is not None}
        if not labels:
            continue
        ordered = sorted(labels, key=lambda key: (labels[key], key))  # ids break ties
        if pages is not None and len(ordered) > SECTION_PAGE_SIZE:
            page = Paginator(ordered, SECTION_PAGE_SIZE).get_page(pages.get(breakdown))
            section_pages[breakdown], ordered = page, list(page.object_list)
        chosen[breakdown] = (ordered, labels)
    shown = {(breakdown, key) for breakdown, (keys, _) in chosen.items() for key in keys}
    national, totals = _roll_up(*_figures(quarter), shown)
    sections = [
        (
            breakdown,
            [
                _row(small_numbers, threshold, breakdown, key, labels[key], totals[breakdown, key])
                for key in keys
            ],
        )
        for breakdown, (keys, labels) in chosen.items()
    ]
    row = None
    if permissions.sees_national_results(user):
        row = _row(small_numbers, threshold, NATIONAL, None, "England", national)
    return QuarterResults(quarter, survey, row, sections, section_pages)


@dataclass(frozen=True)
class FreeTextAnswer:
    pk: int
    went_well: str
    even_better: str
    theme_ids: frozenset[int]  # the programme themes the NST tagged it with
    name: str  # empty unless the member agreed to be contacted
    vanguard: str  # likewise
    email: str


FREE_TEXT_PAGE_SIZE = 25
FREE_TEXT_PAGE_FIELD = "answers_page"


def _free_text_answers(user, answers: QuerySet) -> QuerySet:
    """Of `answers`, those with free text `user` may read, oldest first."""
    return (
        permissions.pulse_free_text_visible_to(user, answers)
        .exclude(went_well="", even_better="")
        .order_by("pk")
    )


def pulse_free_text(*, user, quarter: Quarter, page=None) -> Page | None:
    """A page (`page`, as Django's paginator reads `?page=`) of the quarter's free-text answers
    the user may read, 25 a page, without names unless the member ticked "you may contact me
    about this"; None for those who may not read them. Three queries: the count, the answers
    and their themes (a national quarter has hundreds, each drawn with its tagging form)."""
    if not permissions.reads_pulse_free_text(user):
        return None
    answers = _free_text_answers(
        user, PulseResponse.objects.filter(survey__year=quarter.year, survey__number=quarter.number)
    ).select_related("person", "vanguard")
    shown = Paginator(answers, FREE_TEXT_PAGE_SIZE).get_page(page)
    rows = shown.object_list.prefetch_related("themes") if shown.paginator.count else []
    shown.object_list = [
        FreeTextAnswer(
            pk=answer.pk,
            went_well=answer.went_well,
            even_better=answer.even_better,
            theme_ids=frozenset(theme.pk for theme in answer.themes.all()),
            name=answer.person.full_name if answer.may_contact else "",
            vanguard=answer.vanguard.name if answer.may_contact else "",
            email=answer.person.email if answer.may_contact else "",
        )
        for answer in rows
    ]
    return shown


def free_text_page_of(*, user, answer: PulseResponse) -> int:
    """The page of its quarter's free-text answers `answer` is shown on (pulse_free_text)."""
    before = _free_text_answers(
        user, PulseResponse.objects.filter(survey_id=answer.survey_id, pk__lt=answer.pk)
    ).count()
    return before // FREE_TEXT_PAGE_SIZE + 1
