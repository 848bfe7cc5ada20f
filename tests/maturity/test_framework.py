"""The framework: the default matrix from the data migration, the readable matrix page,
drafting, editing and publishing versions (published ones never change, thresholds must
increase), and opening assessment cycles in the portal and the Django admin."""

import datetime
from decimal import Decimal

import pytest

from maturity.models import (
    AssessmentCycle,
    Dimension,
    DimensionScore,
    FrameworkVersion,
    LevelDescriptor,
    SelfAssessment,
)
from maturity.selectors.framework import framework_current
from maturity.services.assessments import AssessmentError, cycle_create_assessments, cycle_open
from maturity.services.framework import (
    FrameworkError,
    dimension_update,
    framework_draft_from,
    framework_publish,
    framework_update,
)
from tests.factories import VanguardFactory, make_framework
from tests.roles import OK, REDIRECT, each_role_gets, in_the_programme
from vanguards.models import Vanguard
from workwell.models import ProgrammeTheme

DEFAULT = "WorkWell Maturity Assessment Matrix v1"
TODAY = datetime.date(2026, 3, 3)


@pytest.fixture
def default(db):
    return FrameworkVersion.objects.get(name=DEFAULT)


# --- The default framework ---------------------------------------------------------------


def test_the_default_framework_is_published_with_ten_dimensions(default):
    assert default.is_published and default.published_at
    assert (default.emerging_below, default.maturing_below) == (Decimal("2.5"), Decimal("3.75"))
    dimensions = list(default.dimensions.select_related("theme").prefetch_related("levels"))
    assert [d.name for d in dimensions] == [
        "Leadership and governance",
        "Partnership and system working",
        "Service design and delivery",
        "Data, evaluation and impact",
        "PMO and programme management",
        "Workforce and skills",
        "Learning and improvement culture",
        "Lived experience and engagement",
        "Integration of health and employment pathways",
        "Sustainability and spread",
    ]
    # Each dimension belongs to its own programme theme, and describes all five levels.
    assert len({d.theme_id for d in dimensions}) == 10 == ProgrammeTheme.objects.count()
    for dimension in dimensions:
        assert len(dimension.description) > 40
        levels = sorted(dimension.levels.all(), key=lambda level: level.level)
        assert [level.level for level in levels] == [1, 2, 3, 4, 5]
        assert all(len(level.descriptor) > 40 for level in levels)
    assert framework_current() == default


@each_role_gets(in_the_programme(OK))  # partners: outside the programme
def test_the_framework_page_shows_the_matrix_to_everyone(client, cast, role, expected):
    client.force_login(cast[role])
    response = client.get("/maturity/framework/")
    assert response.status_code == expected
    html = response.content.decode()
    assert (DEFAULT in html) is (expected == OK)
    if expected != OK:
        return
    assert '<th scope="row" class="govuk-table__header">Leadership and governance' in html
    assert "Level 5" in html
    assert "Mean level below 2.5\n" in html  # 2.5, not 2.55
    assert "Mean level of 3.75 or more" in html


def test_the_framework_page_lists_versions_and_hides_drafts_from_non_admins(
    client, admin_user, rm, default
):
    draft = framework_draft_from(source=default, actor=admin_user)
    client.force_login(rm)
    html = client.get("/maturity/framework/").content.decode()
    assert draft.name not in html
    assert "Draft a new version" not in html
    assert client.get(f"/maturity/framework/{draft.pk}/").status_code == 404
    client.force_login(admin_user)
    html = client.get("/maturity/framework/").content.decode()
    assert draft.name in html
    assert "Draft a new version from this one" in html
    assert client.get(f"/maturity/framework/{draft.pk}/").status_code == 200


# --- Drafting, editing, publishing -------------------------------------------------------


def test_drafting_copies_dimensions_descriptors_and_thresholds(client, admin_user, default):
    client.force_login(admin_user)
    response = client.post(f"/maturity/framework/{default.pk}/draft/", follow=True)
    draft = FrameworkVersion.objects.get(status=FrameworkVersion.Status.DRAFT)
    assert draft.name == "WorkWell Maturity Assessment Matrix v2"
    assert "has been drafted" in response.content.decode()
    assert draft.based_on == default
    assert (draft.emerging_below, draft.maturing_below) == (
        default.emerging_below,
        default.maturing_below,
    )
    original = list(default.dimensions.values_list("order", "name", "theme_id"))
    assert list(draft.dimensions.values_list("order", "name", "theme_id")) == original
    assert LevelDescriptor.objects.filter(dimension__framework=draft).count() == 50
    assert set(
        LevelDescriptor.objects.filter(dimension__framework=draft).values_list("descriptor")
    ) == set(LevelDescriptor.objects.filter(dimension__framework=default).values_list("descriptor"))
    # The copy is independent: the published one is untouched by edits to the draft.
    assert default.dimensions.count() == 10


def test_only_one_draft_at_a_time(admin_user, default):
    framework_draft_from(source=default, actor=admin_user)
    with pytest.raises(FrameworkError, match="is already being drafted"):
        framework_draft_from(source=default, actor=admin_user)


def test_an_admin_edits_a_drafts_thresholds_and_descriptors_then_publishes(
    client, admin_user, default
):
    draft = framework_draft_from(source=default, actor=admin_user)
    client.force_login(admin_user)
    response = client.post(
        f"/maturity/framework/{draft.pk}/edit/",
        {"name": "Matrix v2", "emerging_below": "2.4", "maturing_below": "3.6"},
        follow=True,
    )
    assert "name and thresholds have been saved" in response.content.decode()
    dimension = draft.dimensions.get(order=1)
    theme = ProgrammeTheme.objects.get(slug="programme-management")
    data = {"name": "Leadership", "description": "Who leads.", "theme": theme.pk}
    data |= {f"level_{level}": f"New level {level}." for level in range(1, 6)}
    response = client.post(
        f"/maturity/framework/{draft.pk}/dimensions/{dimension.pk}/", data, follow=True
    )
    assert "Leadership has been saved" in response.content.decode()
    assert "New level 4." in response.content.decode()
    client.post(f"/maturity/framework/{draft.pk}/publish/")
    draft.refresh_from_db()
    assert draft.is_published and draft.published_at
    assert (draft.name, draft.emerging_below, draft.maturing_below) == (
        "Matrix v2",
        Decimal("2.4"),
        Decimal("3.6"),
    )
    assert framework_current() == draft
    html = client.get("/maturity/framework/").content.decode()
    assert "Matrix v2" in html and "New level 4." in html and "Mean level below 2.4" in html


def test_published_versions_are_immutable(client, admin_user, default):
    dimension = default.dimensions.first()
    message = "is published, so it cannot be changed. Draft a new version from it"
    with pytest.raises(FrameworkError, match=message):
        framework_update(
            framework=default,
            actor=admin_user,
            name="Changed",
            emerging_below=Decimal("2"),
            maturing_below=Decimal("3"),
        )
    with pytest.raises(FrameworkError, match=message):
        dimension_update(
            dimension=dimension,
            actor=admin_user,
            name="Changed",
            description="Changed",
            theme=dimension.theme,
            descriptors={level: "Changed" for level in range(1, 6)},
        )
    with pytest.raises(FrameworkError, match=message):
        framework_publish(framework=default, actor=admin_user)
    client.force_login(admin_user)
    for url in (
        f"/maturity/framework/{default.pk}/edit/",
        f"/maturity/framework/{default.pk}/dimensions/{dimension.pk}/",
    ):
        response = client.get(url, follow=True)
        assert message in response.content.decode()
    default.refresh_from_db()
    assert default.name == DEFAULT and default.emerging_below == Decimal("2.5")
    assert not LevelDescriptor.objects.filter(descriptor="Changed").exists()


@pytest.mark.parametrize(
    ("emerging", "maturing", "field", "message"),
    [
        ("2.5", "2.5", "maturing_below", "Leading must start higher than maturing (2.5)"),
        ("3", "2.9", "maturing_below", "Leading must start higher than maturing (3)"),
        ("1", "3", "emerging_below", "Maturing must start above level 1 and below level 5"),
        ("0.5", "3", "emerging_below", "Maturing must start above level 1 and below level 5"),
        ("2.5", "5.5", "maturing_below", "Leading must start at level 5 or below"),
    ],
)
def test_thresholds_that_do_not_increase_are_refused(
    client, admin_user, default, emerging, maturing, field, message
):
    draft = framework_draft_from(source=default, actor=admin_user)
    with pytest.raises(FrameworkError, match=message.replace("(", r"\(").replace(")", r"\)")):
        framework_update(
            framework=draft,
            actor=admin_user,
            name=draft.name,
            emerging_below=Decimal(emerging),
            maturing_below=Decimal(maturing),
        )
    client.force_login(admin_user)
    data = {"name": "Typed name", "emerging_below": emerging, "maturing_below": maturing}
    response = client.post(f"/maturity/framework/{draft.pk}/edit/", data)
    html = response.content.decode()
    assert message in html
    assert f'href="#id_{field}"' in html  # the error summary links to the field
    assert 'value="Typed name"' in html  # nothing typed is lost
    draft.refresh_from_db()
    assert (draft.emerging_below, draft.maturing_below) == (Decimal("2.5"), Decimal("3.75"))


@pytest.mark.parametrize(
    ("value", "message"),
    [("abc", "Enter the threshold as a number"), ("2.555", "up to 2 decimal places")],
)
def test_thresholds_must_be_numbers(client, admin_user, default, value, message):
    draft = framework_draft_from(source=default, actor=admin_user)
    client.force_login(admin_user)
    data = {"name": draft.name, "emerging_below": value, "maturing_below": "3.75"}
    assert message in client.post(f"/maturity/framework/{draft.pk}/edit/", data).content.decode()


def test_every_level_must_be_described(client, admin_user, default):
    draft = framework_draft_from(source=default, actor=admin_user)
    dimension = draft.dimensions.get(order=2)
    client.force_login(admin_user)
    data = {"name": dimension.name, "description": "x", "theme": dimension.theme_id}
    data |= {f"level_{level}": "Described." for level in range(1, 5)}
    html = client.post(
        f"/maturity/framework/{draft.pk}/dimensions/{dimension.pk}/", data
    ).content.decode()
    assert "Describe what level 5 looks like" in html
    # A draft missing a descriptor cannot be published.
    LevelDescriptor.objects.filter(dimension=dimension, level=5).update(descriptor="")
    response = client.post(f"/maturity/framework/{draft.pk}/publish/", follow=True)
    assert f"Describe all five levels of {dimension.name} before publishing" in (
        response.content.decode()
    )
    draft.refresh_from_db()
    assert not draft.is_published


def test_dimension_names_stay_unique_within_a_version(admin_user, default):
    draft = framework_draft_from(source=default, actor=admin_user)
    dimension = draft.dimensions.get(order=1)
    with pytest.raises(FrameworkError, match="already has a dimension called"):
        dimension_update(
            dimension=dimension,
            actor=admin_user,
            name="workforce and skills",
            description="x",
            theme=dimension.theme,
            descriptors={level: "x" for level in range(1, 6)},
        )


@each_role_gets(
    {
        "/maturity/framework/{pk}/edit/": {"admin_user": OK},
        "/maturity/framework/{pk}/dimensions/{dimension}/": {"admin_user": OK},
        "/maturity/cycles/new/": {"admin_user": OK},
    }
)
def test_only_admins_edit_the_framework_or_open_cycles(
    client, cast, admin_user, default, url, role, expected
):
    draft = framework_draft_from(source=default, actor=admin_user)
    client.force_login(cast[role])
    url = url.format(pk=draft.pk, dimension=draft.dimensions.first().pk)
    assert client.get(url).status_code == expected


@each_role_gets({"admin_user": REDIRECT})
def test_only_admins_publish_a_draft(client, cast, admin_user, default, role, expected):
    draft = framework_draft_from(source=default, actor=admin_user)
    client.force_login(cast[role])
    assert client.post(f"/maturity/framework/{draft.pk}/publish/").status_code == expected
    draft.refresh_from_db()
    assert draft.is_published is (expected == REDIRECT)


@each_role_gets({"admin_user": REDIRECT})
def test_only_admins_draft_a_new_version(client, cast, default, role, expected):
    client.force_login(cast[role])
    assert client.post(f"/maturity/framework/{default.pk}/draft/").status_code == expected
    drafted = FrameworkVersion.objects.filter(status=FrameworkVersion.Status.DRAFT).exists()
    assert drafted is (expected == REDIRECT)


# --- Assessment cycles -------------------------------------------------------------------


@pytest.fixture
def live_and_not(db):
    live = [VanguardFactory(status=Vanguard.Status.LIVE) for _ in range(3)]
    VanguardFactory(status=Vanguard.Status.MOBILISING)
    VanguardFactory(status=Vanguard.Status.CLOSED)
    return live


def open_default(actor, name="Discovery baseline", opens_on=TODAY, days=28):
    return cycle_open(
        actor=actor,
        name=name,
        framework=framework_current(),
        opens_on=opens_on,
        closes_on=opens_on + datetime.timedelta(days=days),
    )


def test_opening_a_cycle_gives_every_live_vanguard_a_draft_with_a_score_per_dimension(
    admin_user, live_and_not
):
    cycle = open_default(admin_user)
    assessments = SelfAssessment.objects.filter(cycle=cycle)
    assert {a.vanguard for a in assessments} == set(live_and_not)
    assert {a.status for a in assessments} == {SelfAssessment.Status.DRAFT}
    assert DimensionScore.objects.filter(assessment__cycle=cycle).count() == 3 * 10
    assert cycle.is_baseline  # the first cycle is the discovery baseline
    assert assessments.first().history.first().history_user == admin_user
    # Running it again creates nothing; a vanguard going live later gets its draft.
    assert cycle_create_assessments(cycle=cycle, actor=admin_user) == 0
    late = VanguardFactory(status=Vanguard.Status.LIVE)
    assert cycle_create_assessments(cycle=cycle, actor=admin_user) == 1
    assert late.self_assessments.get().scores.count() == 10
    second = open_default(admin_user, "Second cycle", TODAY + datetime.timedelta(days=100))
    assert not second.is_baseline


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"days": 0}, "closes_on", "The closing date must be after the opening date"),
        ({"days": -3}, "closes_on", "The closing date must be after the opening date"),
        ({"name": "discovery BASELINE"}, "name", "A cycle called discovery BASELINE already"),
        (
            {"name": "Overlap", "opens_on": TODAY + datetime.timedelta(days=27)},
            "opens_on",
            "Discovery baseline runs from 3 March 2026 to 31 March 2026",
        ),
    ],
)
def test_cycle_dates_and_names_are_checked(admin_user, live_and_not, change, field, message):
    open_default(admin_user)
    with pytest.raises(AssessmentError, match=message) as refused:
        open_default(admin_user, **change)
    assert refused.value.field == field
    assert AssessmentCycle.objects.count() == 1


def test_cycles_use_published_versions_only(admin_user, live_and_not):
    draft = make_framework(2, status=FrameworkVersion.Status.DRAFT, name="Unfinished")
    with pytest.raises(AssessmentError, match="Unfinished is still a draft"):
        cycle_open(
            actor=admin_user,
            name="Cycle",
            framework=draft,
            opens_on=TODAY,
            closes_on=TODAY + datetime.timedelta(days=1),
        )
    assert not AssessmentCycle.objects.exists()


def test_an_admin_opens_a_cycle_in_the_portal(client, admin_user, live_and_not):
    client.force_login(admin_user)
    page = client.get("/maturity/cycles/new/").content.decode()
    assert f'<option value="{framework_current().pk}" selected>' in page
    data = {
        "name": "Spring 2026",
        "framework": framework_current().pk,
        "opens_on_0": "3",
        "opens_on_1": "3",
        "opens_on_2": "2026",
        "closes_on_0": "31",
        "closes_on_1": "3",
        "closes_on_2": "2026",
    }
    response = client.post("/maturity/cycles/new/", data, follow=True)
    cycle = AssessmentCycle.objects.get()
    assert response.redirect_chain[-1][0] == f"/maturity/assessments/?cycle={cycle.pk}"
    assert "Spring 2026 is open. 3 vanguards have a draft self-assessment" in (
        response.content.decode()
    )
    assert (cycle.opens_on, cycle.closes_on) == (TODAY, datetime.date(2026, 3, 31))


def test_the_cycle_form_keeps_what_was_typed_and_says_what_is_wrong(
    client, admin_user, live_and_not
):
    draft = make_framework(1, status=FrameworkVersion.Status.DRAFT)
    client.force_login(admin_user)
    data = {
        "name": "Spring 2026",
        "framework": draft.pk,
        "opens_on_0": "31",
        "opens_on_1": "3",
        "opens_on_2": "2026",
        "closes_on_0": "3",
        "closes_on_1": "3",
        "closes_on_2": "2026",
    }
    html = client.post("/maturity/cycles/new/", data).content.decode()
    assert "Select a published framework version" in html
    assert "The closing date must be after the opening date" in html
    assert 'value="Spring 2026"' in html
    assert not AssessmentCycle.objects.exists()


def test_an_admin_opens_a_cycle_in_the_django_admin_through_the_same_rules(
    client, admin_user, live_and_not
):
    client.force_login(admin_user)
    data = {
        "name": "Admin cycle",
        "framework": framework_current().pk,
        "opens_on": "2026-03-03",
        "closes_on": "2026-03-01",
    }
    response = client.post("/admin/maturity/assessmentcycle/add/", data)
    assert "The closing date must be after the opening date" in response.content.decode()
    assert not AssessmentCycle.objects.exists()
    data["closes_on"] = "2026-03-31"
    response = client.post("/admin/maturity/assessmentcycle/add/", data)
    assert response.status_code == 302
    cycle = AssessmentCycle.objects.get()
    assert cycle.is_baseline
    assert cycle.self_assessments.count() == 3


def test_published_versions_are_read_only_in_the_django_admin(client, admin_user, default):
    client.force_login(admin_user)
    url = f"/admin/maturity/frameworkversion/{default.pk}/change/"
    response = client.post(url, {"name": "Hacked", "emerging_below": "2", "maturing_below": "3"})
    assert response.status_code == 403
    default.refresh_from_db()
    assert default.name == DEFAULT
    dimension = Dimension.objects.filter(framework=default).first()
    response = client.post(f"/admin/maturity/dimension/{dimension.pk}/change/", {"name": "X"})
    assert response.status_code == 403
