"""/vanguards/<slug>/: partners, people, group and RM, group history and the audit line."""

import datetime
import re

import pytest

from tests.factories import CohortGroupFactory, OrganisationFactory, UserFactory, make_member
from vanguards.models import CohortGroupMembership, Organisation, Partnership
from vanguards.services.registry import cohort_group_assign
from workwell.models import Role


def summary(html: str) -> dict[str, str]:
    """The profile's summary list as {key: value}, whitespace collapsed."""
    pairs = re.findall(
        r'<dt class="govuk-summary-list__key">(.*?)</dt>\s*<dd class="govuk-summary-list__value">'
        r"(.*?)</dd>",
        html,
        flags=re.S,
    )
    return {" ".join(key.split()): " ".join(value.split()) for key, value in pairs}


@pytest.fixture
def profile_client(client, rm):
    client.force_login(rm)
    return client


def test_profile_shows_partners_people_group_and_rm(profile_client, vanguard_a, rm):
    council = OrganisationFactory(name="Alpha Council", kind=Organisation.Kind.COUNCIL, ods_code="")
    Partnership.objects.create(vanguard=vanguard_a, organisation=council, role="Employment support")
    make_member(vanguard_a, full_name="Sally Sro", email="sally@example.com")
    html = profile_client.get("/vanguards/alpha/").content.decode()
    assert '<h1 class="govuk-heading-xl">Alpha Vanguard</h1>' in html
    assert "Alpha Council (Council): Employment support" in html
    assert "Sally Sro" in html and "sally@example.com" in html
    assert "Senior responsible owner (SRO)" in html
    rows = summary(html)
    assert rows["Cohort group"].startswith("Alpha group (")
    assert rows["Cohort group"].endswith(", since 1 April 2025")
    assert rows["Relationship manager"] == rm.full_name
    assert rows["Funding allocation"] == "£1,310,012"
    lead = vanguard_a.lead_organisation
    assert rows["Lead organisation"] == f"{lead.name} (ODS code {lead.ods_code})"


def test_profile_of_a_vanguard_in_no_group_says_so(profile_client, vanguard_a, admin_user):
    cohort_group_assign(vanguard=vanguard_a, cohort_group=None, actor=admin_user)
    rows = summary(profile_client.get("/vanguards/alpha/").content.decode())
    assert rows["Cohort group"] == "Not in a cohort group"
    assert rows["Relationship manager"] == "None assigned"


def test_profile_shows_who_last_changed_it(client, admin_user, vanguard_a):
    client.force_login(admin_user)
    vanguard_a.target_cohorts = "Changed"
    vanguard_a._history_user = admin_user
    vanguard_a.save()
    html = client.get("/vanguards/alpha/").content.decode()
    assert f"Last changed by {admin_user.full_name} on" in html


def test_last_changed_time_is_written_the_govuk_way(client, admin_user, vanguard_a):
    client.force_login(admin_user)
    vanguard_a._history_user = admin_user
    vanguard_a.save()
    # 18:39 UTC on 22 November is 6:39pm in London: not "18:39".
    evening = datetime.datetime(2026, 11, 22, 18, 39, tzinfo=datetime.UTC)
    newest = vanguard_a.history.order_by("-history_id").first()
    vanguard_a.history.update(history_date=evening - datetime.timedelta(days=1))
    # The fixture's group membership was recorded just now; move it before the change above.
    CohortGroupMembership.history.filter(vanguard_id=vanguard_a.pk).update(
        history_date=evening - datetime.timedelta(days=1)
    )
    vanguard_a.history.filter(pk=newest.pk).update(history_date=evening)
    html = client.get("/vanguards/alpha/").content.decode()
    assert f"Last changed by {admin_user.full_name} on 22 November 2026 at 6:39pm." in html


def test_profile_keeps_cohort_group_history(profile_client, vanguard_a, admin_user):
    new_group = CohortGroupFactory(name="New group")
    cohort_group_assign(
        vanguard=vanguard_a, cohort_group=new_group, actor=admin_user, on=datetime.date(2026, 1, 5)
    )
    html = profile_client.get("/vanguards/alpha/").content.decode()
    assert "Cohort group history" in html
    assert "Alpha group: 1 April 2025 to 5 January 2026" in html
    assert "New group: 5 January 2026 to now" in html


def test_profile_has_sensible_empty_states(profile_client, vanguard_a):
    html = profile_client.get("/vanguards/alpha/").content.decode()
    assert "No partner organisations recorded yet." in html
    assert "No one from this vanguard has an account yet." in html


def test_profile_query_budget_does_not_grow_with_people(
    profile_client, vanguard_a, django_assert_max_num_queries
):
    make_member(vanguard_a)
    for more in (0, 10):
        for _ in range(more):
            make_member(vanguard_a)
            Partnership.objects.create(
                vanguard=vanguard_a,
                organisation=OrganisationFactory(kind=Organisation.Kind.VCSE, ods_code=""),
            )
        # 1 session, 2 user, 3 the vanguard (region and lead organisation joined), 4 its
        # cohort-group memberships (group, theme and RM joined), 5 its partners (organisation
        # joined), 6 its people, 7 the newest change to the vanguard, its partners or its group
        # moves and who made it (one UNION of their history, user joined, for the "last
        # changed" line), 8 the timeline page's keys, 9 whether the user may log for the
        # vanguard and see its network-partner matches (one query for both, for an RM), 10 the
        # network partners matched with its group or theme (one UNION of the two link tables),
        # 11 its delivery strands, 12 the newest logic-model version the user may see.
        with django_assert_max_num_queries(12):
            assert profile_client.get("/vanguards/alpha/").status_code == 200


def test_last_changed_line_counts_cohort_group_moves(client, rm, admin_user, vanguard_a):
    mover = UserFactory(role=Role.ADMIN, full_name="Moira Mover")
    cohort_group_assign(
        vanguard=vanguard_a, cohort_group=CohortGroupFactory(name="Later group"), actor=mover
    )
    client.force_login(rm)
    html = client.get("/vanguards/alpha/").content.decode()
    assert "Last changed by Moira Mover on" in html


def test_last_changed_line_counts_partner_changes(client, rm, vanguard_a):
    partner_keeper = UserFactory(role=Role.ADMIN, full_name="Petra Partner")
    council = OrganisationFactory(kind=Organisation.Kind.COUNCIL, ods_code="")
    partnership = Partnership(vanguard=vanguard_a, organisation=council)
    partnership._history_user = partner_keeper
    partnership.save()
    client.force_login(rm)
    html = client.get("/vanguards/alpha/").content.decode()
    assert "Last changed by Petra Partner on" in html


def test_a_change_nobody_signed_in_made_is_the_systems(client, rm, admin_user, vanguard_a):
    vanguard_a._history_user = admin_user
    vanguard_a.save()
    # The newest change, made by no one signed in (a task, a management command).
    del vanguard_a._history_user
    vanguard_a.target_cohorts = "Changed overnight"
    vanguard_a.save()
    client.force_login(rm)
    html = client.get("/vanguards/alpha/").content.decode()
    assert "Last changed by the system on" in html
