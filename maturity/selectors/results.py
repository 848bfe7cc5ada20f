"""Reads for maturity results: bands, the national heatmap, a vanguard's trend, recommended
support and peer buddies.

Every selector here runs a fixed number of queries however many cycles or vanguards there are:
the assessments are fetched in one query (with their cycle, framework and level totals), the
scores of the ones that matter in a second, and the rest is worked out in Python. The national
heatmap and the dashboards' bands read only the few assessments a vanguard's row shows, picked
per vanguard in SQL, as plain rows with their levels, and their cycles in a query of their own
(see `_national` and `bands_and_previous`).

Dimensions are matched across framework versions by name: a new version is drafted from the
current one, so "Leadership and governance" in version 2 continues the same row as in version 1.
"""

import functools
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from vanguards import permissions
from vanguards.models import CohortGroupMembership, SupportOffer, Vanguard
from workwell.kept import Drawn, kept, rows_of
from workwell.models import MaturityBand
from workwell.sql import is_any_of

from ..models import LEVELS, AssessmentCycle, Dimension, DimensionScore, SelfAssessment
from .assessments import MODERATED, counted_level, level_basis
from .heatmap import DEFAULT_SORT, HeatmapSort, heatmap_sort, sort_heatmap_rows

NOT_DRAFT = (SelfAssessment.Status.SUBMITTED, SelfAssessment.Status.AGREED)
TOP_LEVEL = max(LEVELS)
# "Its two or three weakest dimensions": we suggest support for up to three.
WEAKEST_COUNT = 3
BUDDIES_PER_DIMENSION = 3


def display_mean(mean: Decimal | None) -> str:
    """A mean level to two places, rounded down so it never shows a band threshold it is below
    (3.749 shows as 3.74, still "maturing", not 3.75)."""
    if mean is None:
        return ""
    return str(mean.quantize(Decimal("0.01"), rounding=ROUND_FLOOR))


# --- Bands -------------------------------------------------------------------------------


@dataclass(frozen=True)
class VanguardBand:
    """A vanguard's band in one cycle and which levels it was worked out from."""

    band: str  # a MaturityBand value
    mean: Decimal
    source: str  # MODERATED once agreed, SELF_ASSESSED while submitted (selectors.assessments)
    cycle: AssessmentCycle

    @property
    def label(self) -> str:
        return MaturityBand(self.band).label

    @property
    def is_moderated(self) -> bool:
        return self.source == MODERATED

    @property
    def source_label(self) -> str:
        return (
            "moderated levels" if self.is_moderated else "self-assessed levels, not yet moderated"
        )

    @property
    def mean_display(self) -> str:
        return display_mean(self.mean)


def _agreed_level(path: str = ""):
    """`DimensionScore.agreed_level` in SQL, on the score at `path`."""
    return Coalesce(f"{path}moderated_level", f"{path}self_level")


def _with_level_totals(queryset: QuerySet) -> list[SelfAssessment]:
    """Assessments newest first per vanguard, each with the sums and counts of its levels."""
    agreed_level = _agreed_level("scores__")
    return list(
        queryset.select_related("cycle__framework")
        .annotate(
            agreed_sum=Sum(agreed_level),
            agreed_count=Count(agreed_level),
            self_sum=Sum("scores__self_level"),
            self_count=Count("scores__self_level"),
        )
        .order_by("vanguard_id", "-cycle__opens_on", "-pk")
    )


def _is_agreed(assessment: SelfAssessment) -> bool:
    return level_basis(assessment) == MODERATED


def _mean(assessment: SelfAssessment) -> Decimal | None:
    """Mean of the moderated levels once agreed, of the self levels before; exact, not float."""
    if _is_agreed(assessment):
        total, count = assessment.agreed_sum, assessment.agreed_count
    else:
        total, count = assessment.self_sum, assessment.self_count
    if not count:
        return None
    return Decimal(total) / Decimal(count)


def _band(assessment: SelfAssessment | None) -> VanguardBand | None:
    mean = _mean(assessment) if assessment else None
    if mean is None:
        return None
    return VanguardBand(
        band=assessment.cycle.framework.band_for(mean),
        mean=mean,
        source=level_basis(assessment),
        cycle=assessment.cycle,
    )


def _chosen(vanguards) -> Q:
    """The filter for `vanguards` (a queryset, or instances or ids) on Vanguard."""
    if isinstance(vanguards, QuerySet):
        return Q(pk__in=vanguards.values("pk"))  # a subquery: no extra round trip
    return is_any_of("pk", [getattr(vanguard, "pk", vanguard) for vanguard in vanguards])


def _with_counted_levels() -> Q:
    """Assessments with a level that counts (`counted_level`: the agreed one once agreed, the
    self level before), as `level_basis` says: without one, `_mean` is None, so no band."""
    scores = DimensionScore.objects.filter(assessment_id=OuterRef("pk"))
    agreed = Q(status=SelfAssessment.Status.AGREED)
    return (
        agreed
        & Exists(scores.filter(Q(moderated_level__isnull=False) | Q(self_level__isnull=False)))
    ) | (~agreed & Exists(scores.filter(self_level__isnull=False)))


def bands_and_previous(*, vanguards, on) -> dict[int, tuple[VanguardBand, VanguardBand | None]]:
    """Each vanguard's band from its latest submitted or agreed assessment in a cycle opened
    by `on`, with the band of the one before it (None if none): the dashboards' bands and
    movement. Four queries however many assessments: the two each vanguard reads, picked in
    SQL (the latest two with a band, as one array: the subquery written out once), then those
    as plain rows (`_read`)."""
    banded = (
        SelfAssessment.objects.filter(
            _with_counted_levels(),
            vanguard_id=OuterRef("pk"),
            status__in=NOT_DRAFT,
            cycle__opens_on__lte=on,
        )
        .order_by(*NEWEST_FIRST)
        .values("pk")
    )
    picked = list(
        Vanguard.objects.filter(_chosen(vanguards))
        .annotate(latest_two=ArraySubquery(banded[:2]))
        .values_list("pk", "latest_two")
        .order_by()
    )
    ids = {pk for _, latest_two in picked for pk in latest_two}
    read = _read(SelfAssessment.objects.all(), ids) if ids else {}
    return {
        pk: (_band(read[latest_two[0]]), _band(read[latest_two[1]]) if latest_two[1:] else None)
        for pk, latest_two in picked
        if latest_two
    }


# --- The national heatmap ----------------------------------------------------------------


@dataclass(frozen=True)
class Movement:
    """How a vanguard's mean agreed level has moved since its baseline."""

    since: AssessmentCycle
    before: Decimal
    now: Decimal

    @property
    def change(self) -> Decimal:
        return self.now - self.before

    @property
    def direction(self) -> str:
        return "up" if self.change > 0 else "down" if self.change < 0 else "same"

    @property
    def change_display(self) -> str:
        return str(abs(self.change).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


@dataclass
class HeatmapRow:
    vanguard: "VanguardName"
    cycle: AssessmentCycle | None  # of its latest agreed assessment
    levels: list[int | None]  # one per heatmap column
    mean: Decimal | None
    band: VanguardBand | None  # latest submitted or agreed, so it says which levels it used
    movement: Movement | None

    @property
    def mean_display(self) -> str:
        return display_mean(self.mean)


@dataclass
class Calibration:
    """Per dimension: how far self levels sit above (+) or below (−) moderated levels."""

    dimension: Dimension
    mean_self: Decimal | None
    mean_moderated: Decimal | None
    count: int

    @property
    def gap(self) -> Decimal | None:
        if self.mean_self is None or self.mean_moderated is None:
            return None
        return self.mean_self - self.mean_moderated


@dataclass
class NationalResults:
    dimensions: list[Dimension]
    rows: list[HeatmapRow]
    calibration: list[Calibration]
    band_counts: dict[str, int] = field(default_factory=dict)  # band value → vanguards
    unbanded: int = 0  # vanguards with nothing submitted yet
    sort: HeatmapSort = DEFAULT_SORT  # the order of `rows`


def _movement(latest: "_Read | None", since: "_Read | None") -> Movement | None:
    if latest is None or since is None or latest.pk == since.pk:
        return None
    before, now = _mean(since), _mean(latest)
    if before is None or now is None:
        return None
    return Movement(since=since.cycle, before=before, now=now)


def _scores_of(assessment_ids) -> dict[int, list[DimensionScore]]:
    scores = defaultdict(list)
    queryset = DimensionScore.objects.filter(assessment_id__in=assessment_ids).select_related(
        "dimension"
    )
    for score in queryset.order_by("dimension__order"):
        scores[score.assessment_id].append(score)
    return scores


def _columns(latest_agreed: list["_Read"]) -> list[Dimension]:
    """The dimensions of the newest framework any of these assessments used."""
    if not latest_agreed:
        return []
    newest = max(latest_agreed, key=lambda assessment: assessment.cycle.opens_on)
    return list(Dimension.objects.filter(framework_id=newest.cycle.framework_id).order_by("order"))


def _calibration(dimensions, latest_agreed: list["_Read"]) -> list[Calibration]:
    """Per dimension (by name, across framework versions): the sums and count of the self and
    agreed levels of the scores that have both, as exact means."""
    sums = defaultdict(lambda: [0, 0, 0])  # self levels, agreed levels, scores
    for assessment in latest_agreed:
        for name, self_level, agreed_level in zip(
            assessment.names, assessment.self_levels, assessment.agreed_levels, strict=True
        ):
            if self_level is not None and agreed_level is not None:
                found = sums[name]
                found[0] += self_level
                found[1] += agreed_level
                found[2] += 1
    calibration = []
    for dimension in dimensions:
        self_sum, agreed_sum, count = sums.get(dimension.name, (0, 0, 0))
        calibration.append(
            Calibration(
                dimension=dimension,
                mean_self=Decimal(self_sum) / Decimal(count) if count else None,
                mean_moderated=Decimal(agreed_sum) / Decimal(count) if count else None,
                count=count,
            )
        )
    return calibration


class _Read(NamedTuple):
    """One assessment the results read, as plain values with its (shared) cycle, the totals of
    its levels (`_mean`, `_band` and `level_basis` read these names as they do those of a
    SelfAssessment from `_with_level_totals`) and its levels, paired with the dimensions'
    names."""

    pk: int
    status: str
    cycle: AssessmentCycle
    agreed_sum: int | None
    agreed_count: int
    self_sum: int | None
    self_count: int
    names: list[str]  # the dimensions' names, in no particular order
    self_levels: list[int | None]
    agreed_levels: list[int | None]


class VanguardName(NamedTuple):
    """What a heatmap row shows of its vanguard."""

    pk: int
    name: str
    slug: str


NEWEST_FIRST = ("-cycle__opens_on", "-pk")
OLDEST_FIRST = ("cycle__opens_on", "pk")


def _first_assessment(order, **conditions) -> Subquery:
    """The id of the outer vanguard's first assessment in `order` meeting `conditions`: looked
    up through the vanguard's own assessments (its index), not by ranking everyone's."""
    return Subquery(
        SelfAssessment.objects.filter(vanguard_id=OuterRef("pk"), **conditions)
        .order_by(*order)
        .values("pk")[:1]
    )


@functools.cache
def _vanguards_and_picks() -> QuerySet:
    """Vanguards by name as plain rows, each with the ids of the assessments its row reads:
    its latest submitted or agreed (its band), its latest agreed (its levels) and the one its
    movement is measured from (the agreed one in the baseline cycle, of which there is only
    one, or else its earliest agreed). Picked without the viewer's rule, which is the same for
    all of a vanguard's submitted and agreed assessments (permissions.assessments_visible_to:
    by vanguard, and drafts apart), so the rule still decides what is read. Nothing of the
    request: built once per process, read through a fresh clone."""
    agreed = SelfAssessment.Status.AGREED
    # Worked out once a query, so that each vanguard's is one look-up in the (vanguard, cycle)
    # index rather than a join of its assessments to the cycles.
    baseline = Subquery(AssessmentCycle.objects.filter(is_baseline=True).order_by().values("pk"))
    return (
        Vanguard.objects.annotate(
            latest_id=_first_assessment(NEWEST_FIRST, status__in=NOT_DRAFT),
            agreed_id=_first_assessment(NEWEST_FIRST, status=agreed),
            since_id=Coalesce(
                _first_assessment((), status=agreed, cycle_id=baseline),
                _first_assessment(OLDEST_FIRST, status=agreed),
            ),
        )
        .order_by("name", "pk")
        .values_list("pk", "name", "slug", "latest_id", "agreed_id", "since_id")
    )


# An assessment with no scores (none in practice: a draft gets one a dimension).
_NO_SCORES = (None, 0, None, 0, [], [], [])


def _read(assessments: QuerySet, ids: set[int]) -> dict[int, _Read]:
    """Of `assessments` (those the viewer may see), the ones with these ids by id, as plain
    rows with their cycles (each with its framework, one object a cycle), the totals of their
    levels and their levels by dimension name. Three queries: the scores apart, so that they
    are found through their assessment's index (joined to the assessments, PostgreSQL read
    every score), and one row an assessment (its levels as arrays), not one a score."""
    rows = list(
        assessments.filter(is_any_of("pk", ids)).values_list("pk", "status", "cycle_id").order_by()
    )
    agreed_level = _agreed_level()
    # The arrays are aggregated over the same rows in the same order, so they line up.
    scores = (
        DimensionScore.objects.filter(is_any_of("assessment_id", [row[0] for row in rows]))
        .values_list("assessment_id")
        .annotate(
            agreed_sum=Sum(agreed_level),
            agreed_count=Count(agreed_level),
            self_sum=Sum("self_level"),
            self_count=Count("self_level"),
            names=ArrayAgg("dimension__name"),
            self_levels=ArrayAgg("self_level"),
            agreed_levels=ArrayAgg(agreed_level),
        )
        .order_by()
    )
    levels = {assessment_id: totals for assessment_id, *totals in scores} if rows else {}
    cycles = AssessmentCycle.objects.select_related("framework").in_bulk({row[2] for row in rows})
    return {
        pk: _Read(pk, status, cycles[cycle_id], *levels.get(pk, _NO_SCORES))
        for pk, status, cycle_id in rows
    }


def _national(vanguards, assessments: QuerySet) -> NationalResults:
    """The heatmap, bands, movement and calibration of `vanguards` (a queryset, or instances
    or ids) from `assessments` (already limited to what the viewer may see). Five queries,
    however many vanguards and cycles: the vanguards with the ids of the (at most three)
    assessments each row reads, those assessments, their levels, their cycles and the
    heatmap's dimensions."""
    picked = list(_vanguards_and_picks().filter(_chosen(vanguards)))
    ids = {pk for row in picked for pk in row[3:] if pk is not None}
    read = _read(assessments, ids) if ids else {}
    latest_agreed = [read[row[4]] for row in picked if row[4] in read]
    dimensions = _columns(latest_agreed)
    names = [dimension.name for dimension in dimensions]
    rows = []
    for pk, name, slug, latest_id, agreed_id, since_id in picked:
        latest, agreed = read.get(latest_id), read.get(agreed_id)
        levels = [None] * len(names)
        if agreed:
            by_name = dict(zip(agreed.names, agreed.agreed_levels, strict=True))
            levels = [by_name.get(name) for name in names]
        rows.append(
            HeatmapRow(
                vanguard=VanguardName(pk, name, slug),
                cycle=agreed.cycle if agreed else None,
                levels=levels,
                mean=_mean(agreed) if agreed else None,
                band=_band(latest),
                movement=_movement(agreed, read.get(since_id)),
            )
        )
    counts = Counter(row.band.band for row in rows if row.band)
    return NationalResults(
        dimensions=dimensions,
        rows=rows,
        calibration=_calibration(dimensions, latest_agreed),
        band_counts={band: counts.get(band, 0) for band in MaturityBand.values},
        unbanded=sum(1 for row in rows if row.band is None),
    )


def vanguards_for_results(*, user) -> QuerySet[Vanguard]:
    """The vanguards whose results the user may see by name, for the heatmap and its filters."""
    return permissions.vanguards_visible_to(user).order_by("name")


# Each kept heatmap's rows in each order asked for (workwell.kept.Drawn): the same list, read
# only, while the heatmap is kept, so what is drawn from a page of it is kept too.
SORTED = Drawn(8)


def national_results(
    *, user, vanguards, sort: str | None = None, narrowed_by: tuple | None = None
) -> NationalResults:
    """The national heatmap of `vanguards` (a queryset, or instances) with their latest agreed
    levels, bands, movement since the baseline and calibration, from the assessments `user`
    may see, rows in the `sort` order (a `?sort=` value, see selectors.heatmap). Five
    queries, or one when kept (workwell/kept.py): shared by everyone who may see the same
    vanguards and assessments until an assessment, score, cycle or vanguard changes.

    Kept under what the assessment rule is made from (`assessment_scope`) and the vanguards:
    for the page, whose vanguards are `vanguards_for_results(user)` narrowed by its filters,
    what that is made from (`vanguard_scope`, and `narrowed_by`, the filters given:
    `FilterSet.given`), since building and compiling the two queries to key it was most of a
    kept page's work; otherwise the vanguards' query or keys (`rows_of`). With `narrowed_by`,
    `vanguards` may be a function giving them, called only when the heatmap is worked out, as
    the assessments' rule is built only then."""

    def depends_on() -> tuple:  # worked out only when the result may be kept
        if narrowed_by is None:
            return (rows_of(vanguards), permissions.assessment_scope(user))
        return (permissions.vanguard_scope(user), narrowed_by, permissions.assessment_scope(user))

    def work_out() -> NationalResults:
        assessments = permissions.assessments_visible_to(user, SelfAssessment.objects.all())
        return _national(vanguards() if callable(vanguards) else vanguards, assessments)

    national = kept("maturity.national", depends_on, work_out)  # shared: read, never changed
    chosen = heatmap_sort(sort, national.dimensions)
    rows = SORTED(
        national,
        (chosen.value,),
        lambda: sort_heatmap_rows(national.rows, national.dimensions, chosen),
    )
    return replace(national, sort=chosen, rows=rows)


# --- A vanguard member's view: their own row against the anonymised distribution ---------


@dataclass
class LevelDistribution:
    """How many vanguards are at each level of one dimension, nationally. No names."""

    dimension: Dimension
    counts: list[int] | None  # counts[0] is level 1; None while too few to compare safely
    own_level: int | None

    @property
    def median(self) -> str:
        if not self.counts:
            return ""
        levels = [level for level, n in zip(LEVELS, self.counts, strict=True) for _ in range(n)]
        return f"{statistics.median(levels):g}" if levels else ""


@dataclass
class AnonymisedResults:
    own: HeatmapRow | None
    distributions: list[LevelDistribution]
    band_counts: dict[str, int]  # empty while too few to compare safely
    vanguards_assessed: int  # with an agreed assessment, the member's own included

    minimum_to_compare: int

    @property
    def comparable(self) -> bool:
        return self.vanguards_assessed >= self.minimum_to_compare


# With only one or two other vanguards assessed, counts would give away their levels.
MIN_VANGUARDS_TO_COMPARE = 3


def anonymised_results(*, vanguard: Vanguard) -> AnonymisedResults:
    """`vanguard`'s own results against every vanguard's latest agreed levels, as counts per
    level. Deliberately reads every vanguard's agreed assessments (a member may not see them),
    so only counts leave this function, never another vanguard or its name; and no counts at
    all until enough vanguards are assessed that they cannot give one away."""
    national = _national(Vanguard.objects.all(), SelfAssessment.objects.all())
    own = next((row for row in national.rows if row.vanguard.pk == vanguard.pk), None)
    assessed = sum(1 for row in national.rows if row.cycle is not None)
    comparable = assessed >= MIN_VANGUARDS_TO_COMPARE
    distributions = []
    for index, dimension in enumerate(national.dimensions):
        levels = Counter(row.levels[index] for row in national.rows)
        distributions.append(
            LevelDistribution(
                dimension=dimension,
                counts=[levels.get(level, 0) for level in LEVELS] if comparable else None,
                own_level=own.levels[index] if own else None,
            )
        )
    return AnonymisedResults(
        own=own,
        distributions=distributions,
        band_counts=national.band_counts if comparable else {},
        vanguards_assessed=assessed,
        minimum_to_compare=MIN_VANGUARDS_TO_COMPARE,
    )


# --- One vanguard's trend across cycles --------------------------------------------------


@dataclass
class TrendRow:
    name: str  # the dimension's name, which carries it across framework versions
    levels: list[int | None]  # one per cycle


@dataclass
class Trend:
    cycles: list[AssessmentCycle]  # oldest first
    bands: list[VanguardBand | None]  # one per cycle; says moderated or self-assessed
    rows: list[TrendRow]
    overall: list[Decimal | None]  # mean level per cycle


def vanguard_trend(*, user, vanguard: Vanguard) -> Trend:
    """`vanguard`'s levels per dimension and overall in every cycle it has submitted, oldest
    first (drafts are not results). Two queries, however many cycles."""
    queryset = permissions.assessments_visible_to(
        user, SelfAssessment.objects.filter(vanguard=vanguard, status__in=NOT_DRAFT)
    )
    assessments = list(reversed(_with_level_totals(queryset)))
    scores = _scores_of([assessment.pk for assessment in assessments])
    # Rows follow the newest framework's order; dimensions only older versions had go last.
    names = []
    for assessment in reversed(assessments):
        for score in scores[assessment.pk]:
            if score.dimension.name not in names:
                names.append(score.dimension.name)
    levels = {
        (assessment.pk, score.dimension.name): counted_level(score, assessment)
        for assessment in assessments
        for score in scores[assessment.pk]
    }
    return Trend(
        cycles=[assessment.cycle for assessment in assessments],
        bands=[_band(assessment) for assessment in assessments],
        rows=[
            TrendRow(name=name, levels=[levels.get((a.pk, name)) for a in assessments])
            for name in names
        ],
        overall=[_mean(assessment) for assessment in assessments],
    )


# --- Recommended support and peer buddies ------------------------------------------------


@dataclass(frozen=True)
class Buddy:
    vanguard: Vanguard
    level: int
    cohort_group_name: str | None
    same_group: bool


@dataclass
class WeakDimension:
    dimension: Dimension
    level: int
    offers: list[SupportOffer]
    buddies: list[Buddy]


@dataclass
class Recommendations:
    cycle: AssessmentCycle | None  # of the agreed assessment they come from
    band: VanguardBand | None
    weak_dimensions: list[WeakDimension]


def weakest_scores(scores: list[DimensionScore]) -> list[DimensionScore]:
    """Up to three scores with the lowest agreed level, ties broken by dimension order. A
    dimension already at the top level has nothing stronger to learn from, so is left out."""
    candidates = [s for s in scores if s.agreed_level is not None and s.agreed_level < TOP_LEVEL]
    candidates.sort(key=lambda score: (score.agreed_level, score.dimension.order))
    return candidates[:WEAKEST_COUNT]


def _latest_agreed_everywhere() -> list[SelfAssessment]:
    """Every vanguard's latest agreed assessment, with its vanguard and current cohort group:
    picked per vanguard in SQL (one look-up in its own assessments), so that only one
    assessment a vanguard is read and built, however many cycles there have been."""
    latest = Vanguard.objects.annotate(
        agreed_id=_first_assessment(NEWEST_FIRST, status=SelfAssessment.Status.AGREED)
    ).values("agreed_id")
    current_group = CohortGroupMembership.objects.filter(
        vanguard=OuterRef("vanguard_id"), ended_on__isnull=True
    )
    return _with_level_totals(
        SelfAssessment.objects.filter(pk__in=latest)
        .select_related("vanguard")
        .annotate(
            group_id=Subquery(current_group.values("cohort_group_id")[:1]),
            group_name=Subquery(current_group.values("cohort_group__name")[:1]),
        )
    )


def _offers_by_theme(theme_ids: set[int], band: str) -> dict[int, list[SupportOffer]]:
    """Active offers from the support menu tagged with these themes and suiting `band`."""
    links = (
        SupportOffer.themes.through.objects.filter(
            programmetheme_id__in=theme_ids,
            supportoffer__is_active=True,
            **{f"supportoffer__for_{band}": True},
        )
        .select_related("supportoffer")
        .order_by("supportoffer__title")
    )
    offers = defaultdict(list)
    for link in links:
        offers[link.programmetheme_id].append(link.supportoffer)
    return offers


def _buddies(vanguard_id, group_id, dimension_name, leaders) -> list[Buddy]:
    """Vanguards leading on a dimension, those in another cohort group first: the reference's
    mentoring by leading vanguards "outside of the cohort group sessions"."""
    buddies = [
        Buddy(
            vanguard=assessment.vanguard,
            level=level,
            cohort_group_name=assessment.group_name,
            same_group=group_id is not None and assessment.group_id == group_id,
        )
        for assessment, level in leaders.get(dimension_name, [])
        if assessment.vanguard_id != vanguard_id
    ]
    buddies.sort(key=lambda buddy: (buddy.same_group, -buddy.level, buddy.vanguard.name))
    return buddies[:BUDDIES_PER_DIMENSION]


def recommendations(*, vanguard: Vanguard) -> Recommendations:
    """For `vanguard`'s weakest dimensions in its latest agreed assessment: the support offers
    tagged with their themes that suit its band, and peer buddies leading on them. Reads every
    vanguard's agreed levels to find the buddies. Three queries."""
    latest = _latest_agreed_everywhere()
    scores = _scores_of([assessment.pk for assessment in latest])
    own = next((a for a in latest if a.vanguard_id == vanguard.pk), None)
    band = _band(own)
    if own is None or band is None:
        return Recommendations(cycle=None, band=None, weak_dimensions=[])
    # Leading on a dimension: a level at or above the framework's leading threshold (4 of 5
    # with the default thresholds). Closed vanguards no longer mentor.
    leaders = defaultdict(list)
    for assessment in latest:
        if assessment.vanguard.status == Vanguard.Status.CLOSED:
            continue
        threshold = assessment.cycle.framework.maturing_below
        for score in scores[assessment.pk]:
            if score.agreed_level is not None and score.agreed_level >= threshold:
                leaders[score.dimension.name].append((assessment, score.agreed_level))
    weakest = weakest_scores(scores[own.pk])
    offers = _offers_by_theme({score.dimension.theme_id for score in weakest}, band.band)
    return Recommendations(
        cycle=own.cycle,
        band=band,
        weak_dimensions=[
            WeakDimension(
                dimension=score.dimension,
                level=score.agreed_level,
                offers=offers.get(score.dimension.theme_id, []),
                buddies=_buddies(vanguard.pk, own.group_id, score.dimension.name, leaders),
            )
            for score in weakest
        ],
    )
