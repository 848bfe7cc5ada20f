"""Recommended support: a vanguard's weakest agreed dimensions and the active support offers
tagged with their themes that suit its band, with "Request this support" beside each."""

import datetime

import pytest

from maturity.models import SelfAssessment
from maturity.selectors.results import recommendations
from tests.factories import (
    AssessmentCycleFactory,
    DimensionFactory,
    FrameworkVersionFactory,
    SupportOfferFactory,
    make_assessment,
)
from workwell.models import MaturityBand, ProgrammeTheme

DIMENSIONS = [
    ("Leadership", "leadership-and-governance"),
    ("Partnership", "partnership-and-system-working"),
    ("Data", "data-evaluation-and-impact"),
    ("Workforce", "workforce-and-skills"),
]


def theme(slug):
    return ProgrammeTheme.objects.get(slug=slug)


@pytest.fixture
def cycles(db):
    framework = FrameworkVersionFactory(name="Matrix v1")
    for order, (name, slug) in enumerate(DIMENSIONS, start=1):
        DimensionFactory(framework=framework, order=order, name=name, theme=theme(slug))
    first = AssessmentCycleFactory(
        name="Baseline", framework=framework, opens_on=datetime.date(2025, 4, 1)
    )
    second = AssessmentCycleFactory(
        name="Autumn 2025", framework=framework, opens_on=datetime.date(2025, 10, 1)
    )
    return first, second


def offer(title, *slugs, **kwargs):
    made = SupportOfferFactory(title=title, **kwargs)
    made.themes.set([theme(slug) for slug in slugs])
    return made


@pytest.fixture
def menu(db):
    return {
        "data_coaching": offer("Data coaching", "data-evaluation-and-impact"),
        "data_masterclass": offer(
            "Data masterclass for leaders", "data-evaluation-and-impact", for_emerging=False
        ),
        "retired": offer("Retired data offer", "data-evaluation-and-impact", is_active=False),
        "clinic": offer("Governance clinic", "leadership-and-governance"),
        "workforce": offer("Workforce planning", "workforce-and-skills"),
        "system": offer(
            "System leadership programme",
            "leadership-and-governance",
            "partnership-and-system-working",
        ),
    }


def summary(result):
    return [
        (weak.dimension.name, weak.level, [o.title for o in weak.offers])
        for weak in result.weak_dimensions
    ]


def test_weakest_three_dimensions_with_offers_for_their_themes_and_band(cycles, menu, vanguard_a):
    make_assessment(vanguard_a, cycles[1], [2, 2, 1, 3])  # mean 2.00: emerging
    result = recommendations(vanguard=vanguard_a)
    assert result.band.band == MaturityBand.EMERGING
    # Data is weakest; Leadership and Partnership tie on 2 and keep the framework's order.
    # Not offered: one not for emerging vanguards, a retired one, Workforce (not weak).
    assert summary(result) == [
        ("Data", 1, ["Data coaching"]),
        ("Leadership", 2, ["Governance clinic", "System leadership programme"]),
        ("Partnership", 2, ["System leadership programme"]),
    ]


def test_ties_are_broken_by_dimension_order(cycles, menu, vanguard_a):
    make_assessment(vanguard_a, cycles[1], [3, 3, 3, 3])
    assert [name for name, *_ in summary(recommendations(vanguard=vanguard_a))] == [
        "Leadership",
        "Partnership",
        "Data",
    ]


def test_moderated_levels_decide_which_dimensions_are_weakest(cycles, menu, vanguard_a):
    make_assessment(vanguard_a, cycles[1], [4, 4, 4, 4], moderated=[None, None, None, 2])
    assert summary(recommendations(vanguard=vanguard_a))[0] == (
        "Workforce",
        2,
        ["Workforce planning"],
    )


def test_dimensions_already_at_the_top_level_are_not_weak(cycles, menu, vanguard_a):
    make_assessment(vanguard_a, cycles[1], [5, 5, 5, 4])
    assert [name for name, *_ in summary(recommendations(vanguard=vanguard_a))] == ["Workforce"]


def test_offers_must_suit_the_vanguards_band(cycles, menu, vanguard_a):
    make_assessment(vanguard_a, cycles[1], [3, 4, 4, 5])  # mean 4.00: leading
    menu["clinic"].for_leading = False
    menu["clinic"].save()
    result = recommendations(vanguard=vanguard_a)
    assert result.band.band == MaturityBand.LEADING
    assert summary(result)[0] == ("Leadership", 3, ["System leadership programme"])


def test_only_the_latest_agreed_assessment_counts(cycles, menu, vanguard_a):
    """A newer assessment still waiting for moderation does not change recommendations."""
    make_assessment(vanguard_a, cycles[0], [2, 2, 1, 3])
    make_assessment(vanguard_a, cycles[1], [1, 5, 5, 5], status=SelfAssessment.Status.SUBMITTED)
    result = recommendations(vanguard=vanguard_a)
    assert result.cycle == cycles[0]
    assert summary(result)[0][0] == "Data"


def test_nothing_agreed_means_no_recommendations_yet(client, rm, cycles, menu, vanguard_a):
    make_assessment(vanguard_a, cycles[1], [1, 1, 1, 1], status=SelfAssessment.Status.SUBMITTED)
    assert recommendations(vanguard=vanguard_a).weak_dimensions == []
    client.force_login(rm)
    html = client.get("/maturity/vanguards/alpha/").content.decode()
    assert "Recommendations appear once a self-assessment has been agreed" in html


@pytest.mark.parametrize("viewer", ["member_a", "rm", "rm_lead", "admin_user"])
def test_vanguard_and_its_rm_can_request_the_support(client, cast, cycles, menu, viewer):
    make_assessment(cast["member_a"].vanguard_membership.vanguard, cycles[1], [2, 2, 1, 3])
    client.force_login(cast[viewer])
    html = client.get("/maturity/vanguards/alpha/").content.decode()
    assert "Recommended support" in html
    assert (
        f'<a class="govuk-link" href="/support-requests/new/?offer={menu["data_coaching"].pk}">'
        'Request this support<span class="govuk-visually-hidden">: Data coaching</span></a>'
    ) in html
    assert "Workforce planning" not in html


def test_learning_team_sees_the_recommendations_but_cannot_raise_requests(
    client, learning_user, cycles, menu, vanguard_a
):
    make_assessment(vanguard_a, cycles[1], [2, 2, 1, 3])
    client.force_login(learning_user)
    html = client.get("/maturity/vanguards/alpha/").content.decode()
    assert "Data coaching" in html
    assert "Request this support" not in html


@pytest.mark.parametrize("viewer", ["programme_lead", "regional_lead"])
def test_programme_and_regional_leads_do_not_see_recommendations(
    client, cast, cycles, menu, viewer
):
    make_assessment(cast["member_a"].vanguard_membership.vanguard, cycles[1], [2, 2, 1, 3])
    client.force_login(cast[viewer])
    html = client.get("/maturity/vanguards/alpha/").content.decode()
    assert "Recommended support" not in html and "Data coaching" not in html
    assert "Peer buddies" not in html


def test_a_weak_dimension_with_nothing_on_the_menu_says_so(client, rm, cycles, vanguard_a):
    make_assessment(vanguard_a, cycles[1], [2, 2, 1, 3])
    client.force_login(rm)
    html = client.get("/maturity/vanguards/alpha/").content.decode()
    assert "Nothing on the support menu covers this dimension for emerging vanguards" in html
