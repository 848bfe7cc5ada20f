"""/maturity/: the national heatmap, bands, movement, calibration, filters, who sees what, and a
query budget that does not grow with cycles or vanguards."""

import datetime
from decimal import Decimal

import pytest

from maturity.models import SelfAssessment
from maturity.selectors.results import bands_and_previous, national_results
from tests.factories import (
    AssessmentCycleFactory,
    CohortGroupFactory,
    DimensionFactory,
    FrameworkVersionFactory,
    VanguardFactory,
    join_group,
    make_assessment,
    make_member,
    region,
)
from vanguards.models import CohortGroup
from workwell.models import MaturityBand

from .results_html import by_first_column, table

AGREED = SelfAssessment.Status.AGREED
SUBMITTED = SelfAssessment.Status.SUBMITTED
DRAFT = SelfAssessment.Status.DRAFT
HEATMAP = "Latest agreed level by dimension"
MOVEMENT = "Bands and movement since the baseline"
CALIBRATION = "Calibration: self-assessed against moderated levels"
DISTRIBUTION = "Your latest agreed levels against every vanguard's"


@pytest.fixture
def framework(db):
    framework = FrameworkVersionFactory(name="Matrix v1")
    for order, name in enumerate(["Leadership", "Partnership", "Data", "Workforce"], start=1):
        DimensionFactory(framework=framework, order=order, name=name)
    return framework


@pytest.fixture
def cycles(framework):
    baseline = AssessmentCycleFactory(
        name="Baseline", framework=framework, opens_on=datetime.date(2025, 4, 1), is_baseline=True
    )
    second = AssessmentCycleFactory(
        name="Autumn 2025", framework=framework, opens_on=datetime.date(2025, 10, 1)
    )
    return baseline, second


@pytest.fixture
def results(cycles, vanguard_a, vanguard_b):
    """A: up from 2.00 to 2.75, its RM moderating one level down. B: down from 5.00 to 4.50.
    Charlie (North West): only submitted, so banded on self levels. Delta: only a draft."""
    baseline, second = cycles
    make_assessment(vanguard_a, baseline, [1, 2, 2, 3])
    make_assessment(vanguard_a, second, [3, 3, 2, 4], moderated=[2, None, None, None])
    make_assessment(vanguard_b, baseline, [5, 5, 5, 5])
    make_assessment(vanguard_b, second, [4, 5, 4, 5])
    charlie = VanguardFactory(name="Charlie Vanguard", slug="charlie", region=region("north-west"))
    make_assessment(charlie, second, [2, 2, 2, 2], status=SUBMITTED)
    delta = VanguardFactory(name="Delta Vanguard", slug="delta", region=region("south-west"))
    make_assessment(delta, second, [5, 5, 5, 5], status=DRAFT)
    return {"charlie": charlie, "delta": delta}


def page(client, user, query=""):
    client.force_login(user)
    response = client.get(f"/maturity/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_heatmap_shows_latest_agreed_levels_as_numbers(client, rm, results):
    rows = table(page(client, rm), HEATMAP)
    # Short headings, with the full name for screen readers (and in the key below the table).
    assert rows[0] == [
        "Vanguard",
        "Lead: Leadership",
        "Part: Partnership",
        "Data: Data",
        "Work: Workforce",
        "Band",
        "Mean level",
        "Agreed in",
    ]
    heatmap = by_first_column(rows)
    # A's Leadership is the RM's moderated 2, not the vanguard's own 3.
    assert heatmap["Alpha Vanguard"] == ["2", "3", "2", "4", "Maturing", "2.75", "Autumn 2025"]
    assert heatmap["Bravo Vanguard"] == ["4", "5", "4", "5", "Leading", "4.50", "Autumn 2025"]
    # Submitted but not agreed, and draft only: no levels in the heatmap.
    not_assessed = ["– not assessed"] * 4
    assert heatmap["Charlie Vanguard"] == [
        *not_assessed,
        "Emerging (own levels)",
        "–",
        "No agreed assessment yet",
    ]
    assert heatmap["Delta Vanguard"] == [*not_assessed, "–", "–", "No agreed assessment yet"]


def test_cells_are_filled_by_level_with_the_number_a_legend_and_headers(client, rm, results):
    html = page(client, rm)
    for level in range(1, 6):
        assert f"app-heatmap__cell--{level}" in html  # the legend shows every level
    assert "How to read the heatmap" in html
    assert '<td class="govuk-table__cell app-heatmap__cell app-heatmap__cell--4">4</td>' in html
    assert '<th scope="row" class="govuk-table__header">' in html


def test_bands_say_whether_from_moderated_or_self_levels(client, rm, results):
    bands = by_first_column(table(page(client, rm), MOVEMENT))
    assert bands["Alpha Vanguard"][0] == (
        "Maturing (mean 2.75, from moderated levels in Autumn 2025)"
    )
    assert bands["Charlie Vanguard"][0] == (
        "Emerging (mean 2.00, from self-assessed levels, not yet moderated in Autumn 2025)"
    )
    assert bands["Delta Vanguard"][0] == "Not yet assessed"


def test_band_counts(client, rm, results):
    html = page(client, rm)
    for count, label in [(1, "Emerging"), (1, "Maturing"), (1, "Leading"), (1, "Not yet")]:
        assert (
            f'<span class="app-stats__value">{count}</span> '
            f'<span class="app-stats__label">{label}' in html
        )


def test_movement_since_the_baseline_in_words_as_well_as_arrows(client, rm, results):
    movement = by_first_column(table(page(client, rm), MOVEMENT))
    assert movement["Alpha Vanguard"][1] == (
        "↑ Up 0.75 since Baseline (mean level 2.00 then, 2.75 now)"
    )
    assert movement["Bravo Vanguard"][1] == (
        "↓ Down 0.50 since Baseline (mean level 5.00 then, 4.50 now)"
    )
    assert movement["Charlie Vanguard"][1] == "No earlier agreed assessment"
    assert '<span aria-hidden="true">↑ </span>Up 0.75' in page(client, rm)


def test_calibration_is_self_minus_moderated_per_dimension(client, rm, results):
    calibration = by_first_column(table(page(client, rm), CALIBRATION))
    # Leadership: A said 3 (moderated 2), B 4 (4): self 3.50, moderated 3.00.
    assert calibration["Leadership"] == ["3.50", "3.00", "+0.50", "2"]
    assert calibration["Partnership"] == ["4.00", "4.00", "0.00", "2"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"Alpha Vanguard", "Bravo Vanguard", "Charlie Vanguard", "Delta Vanguard"}),
        ("?region=north-west", {"Alpha Vanguard", "Charlie Vanguard"}),
        ("?cohort_group={bravo}", {"Bravo Vanguard"}),
        ("?region=london&cohort_group={alpha}", set()),
    ],
)
def test_filters_by_region_and_cohort_group(client, rm, results, query, expected):
    slugs = {group.name.split()[0].lower(): group.slug for group in CohortGroup.objects.all()}
    html = page(client, rm, query.format(**slugs))
    if expected:
        assert set(by_first_column(table(html, HEATMAP))) == expected
    else:
        assert "No vanguards match these filters" in html


def test_unknown_filter_value_is_reported_not_crashed(client, rm, results):
    assert "There is a problem" in page(client, rm, "?region=atlantis")


def test_filtered_band_counts_and_calibration_follow_the_filter(client, rm, results):
    html = page(client, rm, "?region=london")
    assert set(by_first_column(table(html, HEATMAP))) == {"Bravo Vanguard"}
    assert by_first_column(table(html, CALIBRATION))["Leadership"] == ["4.00", "4.00", "0.00", "1"]


def test_regional_lead_sees_only_their_region(client, regional_lead, results):
    html = page(client, regional_lead)
    assert set(by_first_column(table(html, HEATMAP))) == {"Alpha Vanguard", "Charlie Vanguard"}
    assert "Bravo Vanguard" not in html


@pytest.mark.parametrize("viewer", ["admin_user", "programme_lead", "rm_lead", "learning_user"])
def test_nst_and_programme_leads_see_every_vanguard(client, cast, results, viewer):
    rows = by_first_column(table(page(client, cast[viewer]), HEATMAP))
    assert set(rows) == {"Alpha Vanguard", "Bravo Vanguard", "Charlie Vanguard", "Delta Vanguard"}


def test_member_sees_own_results_against_the_anonymised_distribution(
    client, member_a, cycles, results
):
    make_assessment(VanguardFactory(name="Echo Vanguard"), cycles[1], [4, 4, 4, 4])
    html = page(client, member_a)
    assert "Your maturity results" in html
    assert "Alpha Vanguard" in html
    for other in ("Bravo", "Charlie", "charlie", "Delta", "Echo"):
        assert other not in html, f"{other} must not appear on a member's page"
    distribution = by_first_column(table(html, DISTRIBUTION))
    # Own level, then how many vanguards are at levels 1 to 5, then the median.
    assert distribution["Leadership"] == ["2", "0", "1", "0", "2", "0", "4"]
    assert distribution["Partnership"] == ["3", "0", "0", "1", "1", "1", "4"]
    assert "Maturing: mean level 2.75, from moderated levels in Autumn 2025." in html
    assert "Up 0.75 since Baseline" in html
    # Charlie is emerging on self levels; A maturing; B and Echo leading; Delta unbanded.
    assert '<span class="app-stats__value">2</span> <span class="app-stats__label">Leading' in html


def test_no_national_counts_while_too_few_vanguards_could_be_told_apart(client, member_a, results):
    """With only A and B agreed, counts would tell A exactly what B scored."""
    html = page(client, member_a)
    assert "The national comparison appears once at least three vanguards" in html
    assert by_first_column(table(html, "Your latest agreed levels"))["Leadership"] == ["2"]
    assert "Vanguards at level" not in html and "app-stats" not in html


def test_member_page_never_links_to_or_names_other_vanguards(client, member_b, results):
    html = page(client, member_b)
    assert "Alpha" not in html and "/maturity/vanguards/alpha/" not in html
    assert "/maturity/vanguards/bravo/" in html


def test_member_without_a_vanguard_is_told_so(client, db, results):
    from tests.factories import UserFactory

    html = page(client, UserFactory())
    assert "not linked to a vanguard" in html


def test_empty_programme_says_nothing_is_agreed_yet(client, rm, vanguard_a):
    html = page(client, rm)
    assert "No self-assessments have been agreed yet" in html


@pytest.mark.parametrize("viewer", ["member_a", "member_b"])
def test_members_with_nothing_agreed_get_an_empty_state(client, cast, viewer):
    assert "No self-assessments have been agreed yet" in page(client, cast[viewer])


def test_anonymous_users_are_sent_to_sign_in(client, db):
    response = client.get("/maturity/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_dashboard_bands_as_of_a_cycle(cycles, results, vanguard_a, vanguard_b):
    baseline, second = cycles
    vanguards = [vanguard_a, vanguard_b, results["charlie"]]
    bands = bands_and_previous(vanguards=vanguards, on=baseline.opens_on)
    assert {pk: band.band for pk, (band, _previous) in bands.items()} == {
        vanguard_a.pk: MaturityBand.EMERGING,  # mean 2.00
        vanguard_b.pk: MaturityBand.LEADING,
    }
    vanguards = [vanguard_a, results["charlie"], results["delta"]]
    latest = bands_and_previous(vanguards=vanguards, on=second.opens_on)
    assert latest[vanguard_a.pk][0].is_moderated and latest[vanguard_a.pk][0].cycle == second
    assert latest[vanguard_a.pk][1].cycle == baseline
    assert not latest[results["charlie"].pk][0].is_moderated
    assert results["delta"].pk not in latest  # drafts are not results


def _grow(framework, vanguards, cycle_count):
    for number in range(cycle_count):
        cycle = AssessmentCycleFactory(
            framework=framework,
            opens_on=datetime.date(2026, 1, 1) + datetime.timedelta(90 * number),
        )
        for vanguard in vanguards:
            make_assessment(vanguard, cycle, [3, 3, 4, 2], moderated=[2, None, None, None])


# Staff: 1 session, 2 user, 3 the vanguards with the ids of the (at most three) submitted or
# agreed assessments each row reads, 4 those assessments, 5 their scores' totals and levels,
# 6 their cycles (with their frameworks), 7 the heatmap's dimensions, 8-9 the region and
# cohort-group choices of the filter. A member has no filter but their membership (which
# also gives the navigation's "Our vanguard" link), their vanguard and every vanguard
# (counted, never named): 9.
@pytest.mark.parametrize(("viewer", "budget"), [("rm", 9), ("member_a", 9)])
def test_heatmap_query_budget_does_not_grow(
    client, cast, framework, results, viewer, budget, django_assert_max_num_queries
):
    client.force_login(cast[viewer])
    group = CohortGroupFactory()
    vanguards = [cast["member_a"].vanguard_membership.vanguard]
    for more_vanguards, cycles in ((0, 1), (8, 4)):
        for _ in range(more_vanguards):
            vanguard = VanguardFactory()
            join_group(vanguard, group)
            make_member(vanguard)
            vanguards.append(vanguard)
        _grow(framework, vanguards, cycles)
        with django_assert_max_num_queries(budget):
            assert client.get("/maturity/").status_code == 200


def test_a_long_history_reads_the_right_assessments(framework, vanguard_a, vanguard_b, rm):
    """Only three of a vanguard's assessments are read (its latest, latest agreed, and its
    agreed one in the baseline cycle or else its earliest agreed), so cycles before, between
    and after must not change what the heatmap, bands and movement say."""
    cycle = {
        month: AssessmentCycleFactory(
            name=f"Cycle {month:%Y-%m}",
            framework=framework,
            opens_on=month,
            is_baseline=month == datetime.date(2025, 4, 1),
        )
        for month in [datetime.date(2024, 10, 1)]
        + [datetime.date(2025, m, 1) for m in (4, 7, 10)]
        + [datetime.date(2026, m, 1) for m in (1, 4)]
    }
    dates = sorted(cycle)
    # A: agreed before the baseline, at it, twice after (the later is its latest agreed), then
    # one submitted: banded on that one's self levels, moved since the baseline (not earlier).
    for when, levels in zip(dates[:5], ([5] * 4, [1] * 4, [4] * 4, [3] * 4, [2] * 4), strict=True):
        make_assessment(vanguard_a, cycle[when], levels)
    make_assessment(vanguard_a, cycle[dates[5]], [5, 5, 5, 4], status=SUBMITTED)
    # B joined after the baseline: moved since its earliest agreed one, among several.
    for when, levels in zip(dates[2:], ([2] * 4, [3] * 4, [4] * 4, [5] * 4), strict=True):
        make_assessment(vanguard_b, cycle[when], levels)
    rows = {
        row.vanguard.name: row
        for row in national_results(user=rm, vanguards=[vanguard_a, vanguard_b]).rows
    }
    alpha, bravo = rows["Alpha Vanguard"], rows["Bravo Vanguard"]
    assert (alpha.cycle, alpha.levels, alpha.mean) == (cycle[dates[4]], [2] * 4, 2)
    assert (alpha.band.cycle, alpha.band.mean, alpha.band.is_moderated) == (
        cycle[dates[5]],
        Decimal("4.75"),
        False,
    )
    assert (alpha.movement.since, alpha.movement.before, alpha.movement.now) == (
        cycle[dates[1]],
        1,
        2,
    )
    assert (bravo.cycle, bravo.mean, bravo.band.cycle) == (cycle[dates[5]], 5, cycle[dates[5]])
    assert (bravo.movement.since, bravo.movement.before) == (cycle[dates[2]], 2)


def test_the_heatmap_and_movement_show_25_vanguards_a_page_counting_them_all(
    client, rm, cycles, vanguard_a, vanguard_b
):
    baseline, _ = cycles
    for vanguard in [vanguard_a, vanguard_b]:
        make_assessment(vanguard, baseline, [2, 2, 2, 2])
    for number in range(25):  # 27 in all, by name: Alpha, Bravo, then Zulu 00 to Zulu 24
        make_assessment(VanguardFactory(name=f"Zulu {number:02}"), baseline, [2, 2, 2, 2])
    html = page(client, rm)
    names = [name.split(" ", 1)[0] for name in by_first_column(table(html, HEATMAP))]
    assert names == ["Alpha", "Bravo"] + ["Zulu"] * 23
    assert len(by_first_column(table(html, MOVEMENT))) == 25
    assert 'class="govuk-pagination"' in html and 'href="?page=2"' in html
    # Every vanguard is counted (2.00 is emerging), not only the page's.
    assert (
        '<span class="app-stats__value">27</span> <span class="app-stats__label">Emerging' in html
    )
    second = page(client, rm, "?page=2")
    assert [name[:7] for name in by_first_column(table(second, HEATMAP))] == ["Zulu 23", "Zulu 24"]
    # The sort links start a new order at its first page.
    assert "page=2" not in second.split("<table")[1].split("</table>")[0]
