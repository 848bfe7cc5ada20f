"""/maturity/vanguards/<slug>/: a vanguard's band and trend across cycles, drawn as SVG charts
with the same data in a table; who may see it; a query budget that does not grow with cycles."""

import datetime
import re

import pytest

from maturity.models import SelfAssessment
from tests.factories import (
    AssessmentCycleFactory,
    DimensionFactory,
    FrameworkVersionFactory,
    make_assessment,
)

from .results_html import by_first_column, charts, table

AGREED = SelfAssessment.Status.AGREED
SUBMITTED = SelfAssessment.Status.SUBMITTED
DRAFT = SelfAssessment.Status.DRAFT
TREND = "Maturity levels of Alpha Vanguard by cycle"
OVERALL_CHART = "Mean maturity level of Alpha Vanguard by cycle"


@pytest.fixture
def framework(db):
    framework = FrameworkVersionFactory(name="Matrix v1")
    for order, name in enumerate(["Leadership", "Partnership", "Data"], start=1):
        DimensionFactory(framework=framework, order=order, name=name)
    return framework


def cycle(framework, name, opens_on, **kwargs):
    return AssessmentCycleFactory(name=name, framework=framework, opens_on=opens_on, **kwargs)


@pytest.fixture
def history(framework, vanguard_a, vanguard_b):
    """A: agreed baseline and autumn, a spring assessment submitted but not yet moderated, and a
    draft in summer that is not a result yet."""
    baseline = cycle(framework, "Baseline", datetime.date(2025, 4, 1), is_baseline=True)
    autumn = cycle(framework, "Autumn 2025", datetime.date(2025, 10, 1))
    spring = cycle(framework, "Spring 2026", datetime.date(2026, 2, 1))
    summer = cycle(framework, "Summer 2026", datetime.date(2026, 6, 1))
    make_assessment(vanguard_a, baseline, [1, 2, 2])
    make_assessment(vanguard_a, autumn, [3, 3, 2], moderated=[2, None, 3])
    make_assessment(vanguard_a, spring, [4, 4, 4], status=SUBMITTED)
    make_assessment(vanguard_a, summer, [5, 5, 5], status=DRAFT)
    make_assessment(vanguard_b, autumn, [5, 5, 5])


def page(client, user, slug="alpha"):
    client.force_login(user)
    response = client.get(f"/maturity/vanguards/{slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_trend_table_has_every_submitted_cycle_and_not_drafts(client, rm, history):
    rows = table(page(client, rm), TREND)
    assert rows[0] == ["Dimension", "Baseline", "Autumn 2025", "Spring 2026"]
    trend = by_first_column(rows)
    assert trend["Leadership"] == ["1", "2", "4"]  # autumn: the moderated 2
    assert trend["Data"] == ["2", "3", "4"]
    assert trend["Overall (mean level)"] == ["1.66", "2.66", "4.00"]
    assert trend["Band"] == ["Emerging", "Maturing", "Leading"]
    assert trend["Levels from"] == ["Moderation", "Moderation", "Self-assessment"]


def test_band_says_it_comes_from_self_levels_until_moderated(client, rm, history):
    html = page(client, rm)
    assert (
        "<strong>Leading</strong>: mean level 4.00, from self-assessed levels, not yet moderated "
        "in Spring 2026." in html
    )


def test_overall_chart_and_table_show_the_same_data(client, rm, history):
    html = page(client, rm)
    trend = by_first_column(table(html, TREND))
    cycles = table(html, TREND)[0][1:]
    overall = charts(html)[OVERALL_CHART]
    assert overall["points"] == dict(zip(cycles, trend["Overall (mean level)"], strict=True))


def test_each_dimension_chart_matches_its_table_row(client, rm, history):
    html = page(client, rm)
    rows = table(html, TREND)
    cycles = rows[0][1:]
    found = charts(html)
    for name in ("Leadership", "Partnership", "Data"):
        expected = dict(zip(cycles, by_first_column(rows)[name], strict=True))
        assert found[f"{name}: level by cycle"]["points"] == expected


def test_charts_are_accessible_svg_without_inline_styles_or_scripts(client, rm, history):
    html = page(client, rm)
    svg = html[html.index("<svg") : html.rindex("</svg>")]
    chart = charts(html)[OVERALL_CHART]["attrs"]
    assert chart["role"] == "img"
    assert chart["aria-labelledby"] == "trend-overall-title"
    assert '<title id="trend-overall-title">Mean maturity level of Alpha Vanguard' in svg
    assert '<desc id="trend-overall-desc">Level from 1 to 5 in each cycle. Baseline: 1.66;' in svg
    assert not re.search(r"\sstyle=|<style|<script|\son[a-z]+=", svg)
    # The band thresholds are drawn and labelled.
    assert "Maturing from 2.50" in svg and "Leading from 3.75" in svg


def test_a_missing_level_leaves_a_gap_not_a_zero(client, rm, framework, vanguard_a):
    """A dimension added in a later framework version has no level in earlier cycles."""
    first = cycle(framework, "Baseline", datetime.date(2025, 4, 1))
    make_assessment(vanguard_a, first, [2, 2, 2])
    version_two = FrameworkVersionFactory(name="Matrix v2")
    for order, name in enumerate(["Leadership", "Partnership", "Data", "Lived experience"], 1):
        DimensionFactory(framework=version_two, order=order, name=name)
    make_assessment(vanguard_a, cycle(version_two, "Autumn", datetime.date(2025, 10, 1)), [3] * 4)
    html = page(client, rm)
    assert by_first_column(table(html, TREND))["Lived experience"] == ["–", "3"]
    assert charts(html)["Lived experience: level by cycle"]["points"] == {"Autumn": "3"}
    assert "Baseline: not assessed" in html


def test_nothing_submitted_yet(client, rm, vanguard_a, framework):
    make_assessment(
        vanguard_a, cycle(framework, "Baseline", datetime.date(2025, 4, 1)), [2] * 3, status=DRAFT
    )
    html = page(client, rm)
    assert "No self-assessment has been submitted yet." in html
    assert "No band yet." in html
    assert OVERALL_CHART not in charts(html)


# Who may open a vanguard's results: as its profile (members their own only), 404 otherwise.
VISIBILITY = [
    ("admin_user", "alpha", 200),
    ("programme_lead", "alpha", 200),
    ("regional_lead", "alpha", 200),
    ("regional_lead", "bravo", 404),
    ("rm", "alpha", 200),
    ("rm", "bravo", 200),
    ("rm_lead", "bravo", 200),
    ("learning_user", "bravo", 200),
    ("member_a", "alpha", 200),
    ("member_a", "bravo", 404),
    ("member_b", "alpha", 404),
    ("member_b", "bravo", 200),
]


@pytest.mark.parametrize(("viewer", "slug", "status"), VISIBILITY)
def test_who_may_see_a_vanguards_results(client, cast, history, viewer, slug, status):
    client.force_login(cast[viewer])
    assert client.get(f"/maturity/vanguards/{slug}/").status_code == status


def test_unknown_vanguard_is_404(client, rm, history):
    client.force_login(rm)
    assert client.get("/maturity/vanguards/nowhere/").status_code == 404


def test_anonymous_users_are_sent_to_sign_in(client, history):
    response = client.get("/maturity/vanguards/alpha/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# 1 session, 2 user, 3 the vanguard, 4 its submitted and agreed assessments with level
# totals, 5 their scores: 5 for a programme lead. Those who see suggestions add every
# vanguard's latest agreed assessment, their scores and the matching offers (3), and staff
# whether they may raise a request for it: 9 for the RM. A member adds their membership and
# the navigation's "Our vanguard" link instead: 10.
@pytest.mark.parametrize(("viewer", "budget"), [("rm", 9), ("member_a", 10), ("programme_lead", 5)])
def test_trend_query_budget_does_not_grow_with_cycles(
    client, cast, framework, history, viewer, budget, django_assert_max_num_queries
):
    client.force_login(cast[viewer])
    vanguard = cast["member_a"].vanguard_membership.vanguard
    for more_cycles in (0, 6):
        for number in range(more_cycles):
            later = cycle(
                framework,
                f"Cycle {number}",
                datetime.date(2027, 1, 1) + datetime.timedelta(60 * number),
            )
            make_assessment(vanguard, later, [3, 4, 2], moderated=[2, None, None])
            make_assessment(cast["member_b"].vanguard_membership.vanguard, later, [4, 4, 4])
        with django_assert_max_num_queries(budget):
            assert client.get("/maturity/vanguards/alpha/").status_code == 200
