"""A vanguard member's lists offer no filter that chooses among vanguards (issue 13): they see
one vanguard, so a vanguard, region, cohort-group or relationship-manager filter cannot narrow
what they see (at national scale the group and RM filters listed all 54 of each). The rule is
`permissions.sees_one_vanguard`; the filters it drops are each FilterSet's `vanguard_choosers`.
An old address naming a dropped filter is ignored: the same rows, no error, nothing more.
NST staff keep every filter; programme and regional leads keep those choosing among vanguards
(the touchpoint list's "mine" is for the NST only: nobody else logs or takes part in one)."""

import pytest

from tests.conftest import CAST
from tests.factories import (
    ActionFactory,
    SupportRequestFactory,
    TouchpointFactory,
    VanguardFactory,
    region,
)
from tests.pages import rows_of
from vanguards import permissions
from workwell.models import Role

# The list, the filters a member is no longer offered, and the ones they keep.
LISTS = {
    "/touchpoints/": (
        {"vanguard", "cohort_group", "author", "mine"},
        {"kind", "channel", "theme", "rag", "date_from", "date_to"},
    ),
    "/actions/": ({"vanguard"}, {"mine", "overdue", "status", "owner"}),
    "/support-requests/": ({"vanguard"}, {"status", "urgency", "flagged"}),
    "/vanguards/": ({"name", "region", "cohort_group", "status"}, set()),
}
# Every filter each list has for NST staff (the support list's "assigned to me" is theirs).
NST_FILTERS = {route: dropped | kept for route, (dropped, kept) in LISTS.items()}
NST_FILTERS["/support-requests/"] |= {"mine"}


@pytest.fixture
def lists(cast, vanguard_a, vanguard_b, rm, rm_lead, member_a, member_b):
    """Rows in every list for both vanguards, and a cohort session with both."""
    for vanguard, author, member in ((vanguard_a, rm, member_a), (vanguard_b, rm_lead, member_b)):
        TouchpointFactory.create_batch(2, author=author, vanguards=[vanguard])
        ActionFactory(vanguard=vanguard, owner=author)
        ActionFactory(vanguard=vanguard, owner=member)
        SupportRequestFactory.create_batch(2, vanguard=vanguard, raised_by=member)
    TouchpointFactory(author=rm_lead, vanguards=[vanguard_a, vanguard_b])
    return cast


def _filter_fields(response) -> set[str]:
    return set(response.context["filter"].form.fields)


def _stale_queries(route, cast, vanguard_b) -> list[dict]:
    """Addresses a member may still hold for the list's dropped filters: one made for the NST
    (vanguard B's vanguard, region, group and RM), one of nonsense that would be an error on a
    filter the list has."""
    group = vanguard_b.group_memberships.get().cohort_group.slug
    from_nst = {
        "vanguard": vanguard_b.slug,
        "cohort_group": group,
        "author": cast["rm_lead"].pk,
        "mine": "on",
        "region": "london",
        "name": "Bravo",
        "status": "closed",
    }
    nonsense = dict.fromkeys(from_nst, "999999") | {"mine": "maybe", "author": "abc"}
    dropped = LISTS[route][0]
    return [{name: values[name] for name in dropped} for values in (from_nst, nonsense)]


@pytest.mark.parametrize("route", LISTS)
def test_a_member_is_not_offered_filters_that_choose_among_vanguards(login, lists, route):
    dropped, kept = LISTS[route]
    response = login(lists["member_a"]).get(route)
    assert response.status_code == 200
    assert _filter_fields(response) == kept
    html = response.content.decode()
    for name in dropped:
        assert f'id="id_{name}"' not in html
    for name in kept:
        assert f'id="id_{name}"' in html


@pytest.mark.parametrize("route", LISTS)
def test_an_old_address_with_a_dropped_filter_shows_the_members_own_list(
    login, lists, vanguard_b, route
):
    client = login(lists["member_a"])
    plain = client.get(route)
    own_rows = rows_of(client.get(route, {"_export": "csv"}))
    assert own_rows  # the comparison below compares something
    for query in _stale_queries(route, lists, vanguard_b):
        response = client.get(route, query)
        assert response.status_code == 200, query
        html = response.content.decode()
        assert "There is a problem" not in html, query
        assert response.context["table"].paginator.count == plain.context["table"].paginator.count
        # Neither narrower (the dropped filter applied) nor wider (another vanguard's rows).
        assert rows_of(client.get(route, query | {"_export": "csv"})) == own_rows, query


def test_a_stale_vanguard_leaves_the_actions_quick_view_chosen(login, lists, vanguard_b):
    html = login(lists["member_a"]).get(f"/actions/?vanguard={vanguard_b.slug}").content.decode()
    assert '<strong aria-current="page">all actions</strong>' in html


def test_a_members_vanguard_list_has_no_filter_form(login, lists):
    html = login(lists["member_a"]).get("/vanguards/").content.decode()
    assert 'aria-label="Filter vanguards"' not in html
    assert "Apply filters" not in html


@pytest.mark.parametrize("role", ["admin_user", "rm", "rm_lead", "learning_user"])
@pytest.mark.parametrize("route", LISTS)
def test_nst_staff_keep_every_filter(login, lists, role, route):
    response = login(lists[role]).get(route)
    assert _filter_fields(response) == NST_FILTERS[route]
    assert 'aria-label="Filter ' in response.content.decode()


@pytest.mark.parametrize("role", ["programme_lead", "regional_lead"])
@pytest.mark.parametrize("route", LISTS)
def test_leads_keep_the_filters_choosing_among_their_vanguards(login, lists, role, route):
    fields = _filter_fields(login(lists[role]).get(route))
    assert NST_FILTERS[route] - {"mine"} == fields
    # They log no touchpoint and take part in none, own no action and are assigned no request.
    assert "mine" not in fields


@pytest.mark.parametrize("role", ["admin_user", "rm"])
def test_nst_filters_still_narrow(login, lists, vanguard_a, vanguard_b, role):
    """The filters a member loses still work for the NST (their tests: test_touchpoint_list)."""
    client = login(lists[role])
    every = rows_of(client.get("/touchpoints/?_export=csv"))
    alpha = rows_of(client.get(f"/touchpoints/?vanguard={vanguard_a.slug}&_export=csv"))
    assert 0 < len(alpha) < len(every)


def test_the_options_a_member_keeps_name_nobody_of_another_vanguard(login, lists, vanguard_b):
    """The owner filter lists people with an action the member can see: their vanguard's
    people and NST staff, not vanguard B's member (who owns an action of B's)."""
    member_b = lists["member_b"]
    client = login(lists["member_a"])
    for route in LISTS:
        form = client.get(route).context["filter"].form
        for field in form.fields.values():
            values = {str(value) for value, _text in getattr(field, "choices", ())}
            texts = {str(text) for _value, text in getattr(field, "choices", ())}
            assert str(member_b.pk) not in values, route
            assert vanguard_b.slug not in values, route
            assert not any("Bravo" in text for text in texts), route
    owners = client.get("/actions/").context["filter"].form.fields["owner"]
    names = {str(text) for _value, text in owners.choices}
    assert names == {"Anyone", str(lists["rm"]), str(lists["member_a"])}


@pytest.mark.parametrize("role", CAST)
def test_sees_one_vanguard_is_true_exactly_when_one_vanguard_is_visible(cast, role):
    """The rule against the data it stands for, with a second vanguard in the regional lead's
    region (the cast's has one) so that only members see exactly one."""
    VanguardFactory(name="Charlie Vanguard", slug="charlie", region=region("north-west"))
    user = cast[role]
    visible = permissions.vanguards_visible_to(user).count()
    assert permissions.sees_one_vanguard(user) is (visible == 1)
    assert (user.role == Role.MEMBER) is (visible == 1)
