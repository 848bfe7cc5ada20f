"""Reads for maturity results: bands, the national heatmap, a vanguard's trend, recommended
support and peer buddies.

Every selector here runs a fixed number of queries however many cycles or vanguards there are:
the assessments are fetched in one query (with their cycle, framework and level totals), the
scores of the ones that matter in a second, and the rest is worked out in Python. The national
heatmap reads only the few assessments a vanguard's row shows, as plain rows, and their cycles
in a query of their own (see `_the_ones_read`).

Dimensions are matched across framework versions by name: a new version is drafted from the
current one, so "Leadership and governance" in version 2 continues the same row as in version 1.
"""

import functools
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum, Window
from django.db.models.functions import Coalesce, RowNumber

from vanguards import permissions
from vanguards.models import CohortGroupMembership, SupportOffer, Vanguard
from workwell.models import MaturityBand

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


def _vanguard_ids(vanguards) -> list[int] | QuerySet:
    if isinstance(vanguards, QuerySet):
        return vanguards.values("pk")  # a subquery: no extra round trip
    return [getattr(vanguard, "pk", vanguard) for vanguard in vanguards]


def _by_vanguard(assessments: list[SelfAssessment]) -> dict[int, list[SelfAssessment]]:
    grouped = defaultdict(list)
    for assessment in assessments:
        grouped[assessment.vanguard_id].append(assessment)
    return grouped


def vanguard_bands(*, vanguards, cycle: AssessmentCycle | None = None) -> dict[int, VanguardBand]:
    """Each vanguard's band, by vanguard id, from its latest submitted or agreed assessment (or
    its one in `cycle`): moderated levels when agreed, self levels otherwise. One query."""
    queryset = SelfAssessment.objects.filter(
        vanguard_id__in=_vanguard_ids(vanguards), status__in=NOT_DRAFT
    )
    if cycle is not None:
        queryset = queryset.filter(cycle=cycle)
    bands = {}
    for vanguard_id, assessments in _by_vanguard(_with_level_totals(queryset)).items():
        band = _band(assessments[0])
        if band:
            bands[vanguard_id] = band
    return bands


def bands_and_previous(*, vanguards, on) -> dict[int, tuple[VanguardBand, VanguardBand | None]]:
    """Each vanguard's band from its latest submitted or agreed assessment in a cycle opened
    by `on`, with the band of the one before it (None if none): the dashboards' bands and
    movement. One query."""
    queryset = SelfAssessment.objects.filter(
        vanguard_id__in=_vanguard_ids(vanguards), status__in=NOT_DRAFT, cycle__opens_on__lte=on
    )
    bands = {}
    for vanguard_id, assessments in _by_vanguard(_with_level_totals(queryset)).items():
        found = [band for band in map(_band, assessments) if band]
        if found:
            bands[vanguard_id] = (found[0], found[1] if len(found) > 1 else None)
    return bands


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
    vanguard: Vanguard
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


def _baseline(assessments: list["_Read"]) -> "_Read | None":
    """The agreed discovery-baseline assessment, or the earliest agreed one for a vanguard that
    joined after the baseline cycle."""
    agreed = [assessment for assessment in assessments if _is_agreed(assessment)]
    flagged = next((assessment for assessment in agreed if assessment.cycle.is_baseline), None)
    return flagged or (agreed[-1] if agreed else None)


def _movement(latest: "_Read | None", baseline: "_Read | None") -> Movement | None:
    if latest is None or baseline is None or latest.pk == baseline.pk:
        return None
    before, now = _mean(baseline), _mean(latest)
    if before is None or now is None:
        return None
    return Movement(since=baseline.cycle, before=before, now=now)


def _scores_of(assessment_ids) -> dict[int, list[DimensionScore]]:
    scores = defaultdict(list)
    queryset = DimensionScore.objects.filter(assessment_id__in=assessment_ids).select_related(
        "dimension"
    )
    for score in queryset.order_by("dimension__order"):
        scores[score.assessment_id].append(score)
    return scores


class Level(NamedTuple):
    """One score of an assessment, as the heatmap and calibration read it."""

    dimension_name: str  # the heatmap's row key, across framework versions
    self_level: int | None
    agreed_level: int | None


def _levels_of(assessment_ids) -> dict[int, list[Level]]:
    """The levels of these assessments' scores, in dimension order: plain rows, as the heatmap
    reads a hundred or more scores and building a score and a dimension object for each (with
    its evidence text) was most of its cost."""
    rows = (
        DimensionScore.objects.filter(assessment_id__in=assessment_ids)
        .order_by("dimension__order")
        .values_list("assessment_id", "dimension__name", "self_level", _agreed_level())
    )
    levels = defaultdict(list)
    for assessment_id, *level in rows:
        levels[assessment_id].append(Level(*level))
    return levels


def _columns(latest_agreed: list[SelfAssessment]) -> list[Dimension]:
    """The dimensions of the newest framework any of these assessments used."""
    if not latest_agreed:
        return []
    newest = max(latest_agreed, key=lambda assessment: assessment.cycle.opens_on)
    return list(Dimension.objects.filter(framework_id=newest.cycle.framework_id).order_by("order"))


def _mean_of(values: list[int]) -> Decimal | None:
    return Decimal(sum(values)) / Decimal(len(values)) if values else None


def _calibration(dimensions, latest_agreed, scores) -> list[Calibration]:
    self_levels, moderated_levels = defaultdict(list), defaultdict(list)
    for assessment in latest_agreed:
        for score in scores[assessment.pk]:
            if score.self_level is not None and score.agreed_level is not None:
                self_levels[score.dimension_name].append(score.self_level)
                moderated_levels[score.dimension_name].append(score.agreed_level)
    return [
        Calibration(
            dimension=dimension,
            mean_self=_mean_of(self_levels[dimension.name]),
            mean_moderated=_mean_of(moderated_levels[dimension.name]),
            count=len(self_levels[dimension.name]),
        )
        for dimension in dimensions
    ]


class _Read(NamedTuple):
    """One assessment the results read, as plain values with its (shared) cycle and the totals
    of its levels: `_mean`, `_band` and `level_basis` read these names as they do those of a
    SelfAssessment from `_with_level_totals`."""

    pk: int
    vanguard_id: int
    status: str
    cycle: AssessmentCycle
    agreed_sum: int | None
    agreed_count: int
    self_sum: int | None
    self_count: int


NEWEST_FIRST = ("-cycle__opens_on", "-pk")


@functools.cache
def _ranked() -> QuerySet:
    """Submitted and agreed assessments ranked newest first within each vanguard's run of one
    status, baseline or not, keeping the first and the last of each run (up to four runs a
    vanguard): that holds its newest, its newest agreed, its newest agreed baseline and its
    earliest agreed. One sort (the count shares the ranking's partition). Nothing of the
    request: built once per process, read through a fresh clone."""
    runs = [F("vanguard_id"), F("status"), F("cycle__is_baseline")]
    return (
        SelfAssessment.objects.filter(status__in=NOT_DRAFT)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=runs,
                order_by=[F("cycle__opens_on").desc(), F("pk").desc()],
            ),
            run=Window(Count("pk"), partition_by=runs),
        )
        .filter(Q(rank=1) | (Q(status=SelfAssessment.Status.AGREED) & Q(rank=F("run"))))
    )


def _the_ones_read(assessments: QuerySet, vanguard_ids: list[int]) -> dict[int, list[_Read]]:
    """Of `assessments` (submitted and agreed ones the viewer may see), only those the results
    read, newest first by vanguard: a vanguard's latest (its band), latest agreed (its levels),
    newest agreed baseline and earliest agreed (what movement is measured from). Four a
    vanguard at most, however many cycles there have been, read as plain rows with their
    level totals, and their few cycles (each with its framework) in a second query, one
    object a cycle: building 3,800 assessments, then 570, each with its own cycle and
    framework objects was most of the page's cost at national scale. They are ranked without
    the viewer's rule, which is the same for all of a vanguard's submitted and agreed
    assessments (permissions.assessments_visible_to: by vanguard, and drafts apart), so the
    ranks are the same and the rule still filters what is read. Two queries."""
    chosen = _ranked().filter(vanguard_id__in=vanguard_ids).values("pk")
    agreed_level = _agreed_level("scores__")
    rows = list(
        assessments.filter(pk__in=chosen)
        .values_list("pk", "vanguard_id", "status", "cycle_id")
        .annotate(
            agreed_sum=Sum(agreed_level),
            agreed_count=Count(agreed_level),
            self_sum=Sum("scores__self_level"),
            self_count=Count("scores__self_level"),
        )
        .order_by("vanguard_id", *NEWEST_FIRST)
    )
    cycles = AssessmentCycle.objects.select_related("framework").in_bulk({row[3] for row in rows})
    by_vanguard = defaultdict(list)
    for pk, vanguard_id, status, cycle_id, *totals in rows:
        by_vanguard[vanguard_id].append(_Read(pk, vanguard_id, status, cycles[cycle_id], *totals))
    return by_vanguard


def _national(vanguards: list[Vanguard], assessments: QuerySet) -> NationalResults:
    """The heatmap, bands, movement and calibration of `vanguards` from `assessments`
    (already limited to what the viewer may see). Four queries."""
    ids = [v.pk for v in vanguards]
    shown = assessments.filter(vanguard_id__in=ids, status__in=NOT_DRAFT)
    by_vanguard = _the_ones_read(shown, ids)
    latest_agreed = {}
    for vanguard_id, assessments_of_vanguard in by_vanguard.items():
        agreed = next((a for a in assessments_of_vanguard if _is_agreed(a)), None)
        if agreed:
            latest_agreed[vanguard_id] = agreed
    scores = _levels_of([assessment.pk for assessment in latest_agreed.values()])
    dimensions = _columns(list(latest_agreed.values()))
    rows = []
    for vanguard in vanguards:
        history = by_vanguard.get(vanguard.pk, [])
        latest = latest_agreed.get(vanguard.pk)
        levels_by_name = {}
        if latest:
            levels_by_name = {s.dimension_name: s.agreed_level for s in scores[latest.pk]}
        rows.append(
            HeatmapRow(
                vanguard=vanguard,
                cycle=latest.cycle if latest else None,
                levels=[levels_by_name.get(dimension.name) for dimension in dimensions],
                mean=_mean(latest) if latest else None,
                band=_band(history[0]) if history else None,
                movement=_movement(latest, _baseline(history)),
            )
        )
    counts = Counter(row.band.band for row in rows if row.band)
    return NationalResults(
        dimensions=dimensions,
        rows=rows,
        calibration=_calibration(dimensions, list(latest_agreed.values()), scores),
        band_counts={band: counts.get(band, 0) for band in MaturityBand.values},
        unbanded=sum(1 for row in rows if row.band is None),
    )


def vanguards_for_results(*, user) -> QuerySet[Vanguard]:
    """The vanguards whose results the user may see by name, for the heatmap and its filters."""
    return permissions.vanguards_visible_to(user).select_related("region").order_by("name")


def national_results(
    *, user, vanguards: list[Vanguard], sort: str | None = None
) -> NationalResults:
    """The national heatmap of `vanguards` (latest agreed levels), bands, movement since the
    baseline and calibration, from the assessments `user` may see, rows in the `sort` order
    (a `?sort=` value, see selectors.heatmap). Four queries."""
    assessments = permissions.assessments_visible_to(user, SelfAssessment.objects.all())
    results = _national(list(vanguards), assessments)
    results.sort = heatmap_sort(sort, results.dimensions)
    results.rows = sort_heatmap_rows(results.rows, results.dimensions, results.sort)
    return results


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
    everyone = list(Vanguard.objects.order_by("pk"))
    national = _national(everyone, SelfAssessment.objects.all())
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
    """Every vanguard's latest agreed assessment, with its vanguard and current cohort group."""
    current_group = CohortGroupMembership.objects.filter(
        vanguard=OuterRef("vanguard_id"), ended_on__isnull=True
    )
    assessments = _with_level_totals(
        SelfAssessment.objects.filter(status=SelfAssessment.Status.AGREED)
        .select_related("vanguard")
        .annotate(
            group_id=Subquery(current_group.values("cohort_group_id")[:1]),
            group_name=Subquery(current_group.values("cohort_group__name")[:1]),
        )
    )
    return [history[0] for history in _by_vanguard(assessments).values()]


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
