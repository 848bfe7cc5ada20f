""" "You said, we did": the NST records changes, everyone in the programme reads the published
ones (newest first), a linked concern's raiser sees "this led to a change", and the home costs
the same whatever the number of entries."""

import datetime

import pytest

from feedback.models import YouSaidWeDid
from feedback.services.yousaid import YouSaidError, you_said_save
from tests.roles import OK, each_role_gets
from workwell.models import ProgrammeTheme

pytestmark = pytest.mark.django_db


def _entry(by, title, *, published=True, **links):
    data = {
        "title": title,
        "you_said": f"You said: {title}",
        "we_did": f"We did: {title}",
        "year": 2026,
        "number": 2,
    }
    return you_said_save(by=by, published=published, **data, **links)


def test_the_home_shows_published_entries_newest_first(client, admin_user, member_a):
    older = _entry(admin_user, "Older change")
    YouSaidWeDid.objects.filter(pk=older.pk).update(published_on=datetime.date(2026, 4, 1))
    _entry(admin_user, "Newer change")
    _entry(admin_user, "Draft change", published=False)
    client.force_login(member_a)
    html = client.get("/feedback/").content.decode()
    assert html.index("Newer change") < html.index("Older change")
    assert "Draft change" not in html


@each_role_gets({"admin_user": OK, "rm_lead": OK, "learning_user": OK})
def test_only_the_keepers_see_and_change_drafts(client, cast, role, expected, admin_user):
    draft = _entry(admin_user, "Draft change", published=False)
    client.force_login(cast[role])
    assert client.get(f"/feedback/you-said-we-did/{draft.pk}/edit/").status_code == expected
    assert ("Draft change" in client.get("/feedback/").content.decode()) is (expected == OK)


def test_the_nst_records_and_publishes_an_entry_linked_by_theme(client, rm_lead, member_a):
    theme = ProgrammeTheme.objects.create(name="Line managers", slug="line-managers")
    client.force_login(rm_lead)
    data = {
        "title": "Shorter check-ins",
        "you_said": "Check-ins ran long",
        "we_did": "We cut them to 30 minutes",
        "quarter": "2026-2",
        "published": "on",
        "pulse_themes": [theme.pk],
    }
    assert client.post("/feedback/you-said-we-did/new/", data).status_code == 302
    entry = YouSaidWeDid.objects.get()
    assert entry.published_on is not None
    assert list(entry.pulse_themes.all()) == [theme]
    client.force_login(member_a)
    assert "We cut them to 30 minutes" in client.get("/feedback/").content.decode()


def test_a_missing_answer_is_refused_and_nothing_typed_is_lost(client, rm_lead):
    client.force_login(rm_lead)
    data = {"title": "", "you_said": "Typed before the mistake", "we_did": "", "quarter": "2026-2"}
    html = client.post("/feedback/you-said-we-did/new/", data).content.decode()
    assert "Enter a title" in html and "Typed before the mistake" in html
    assert not YouSaidWeDid.objects.exists()


def test_only_the_nst_keepers_record_entries(member_a):
    with pytest.raises(YouSaidError):
        _entry(member_a, "Not theirs")


def test_the_raiser_of_a_linked_concern_sees_this_led_to_a_change(
    client, admin_user, concern_a, member_a, rm_lead
):
    _entry(admin_user, "Fewer cancelled check-ins", concerns=[concern_a])
    _entry(admin_user, "An unpublished change", published=False, concerns=[concern_a])
    client.force_login(member_a)
    html = client.get(f"/feedback/concerns/{concern_a.pk}/").content.decode()
    assert "This led to a change" in html
    assert "Fewer cancelled check-ins" in html and "An unpublished change" not in html
    client.force_login(rm_lead)  # not the raiser
    assert (
        "This led to a change"
        not in client.get(f"/feedback/concerns/{concern_a.pk}/").content.decode()
    )


def test_no_banner_when_the_concern_led_to_nothing_published(client, concern_a, member_a):
    client.force_login(member_a)
    html = client.get(f"/feedback/concerns/{concern_a.pk}/").content.decode()
    assert "This led to a change" not in html


@pytest.mark.parametrize("count", [1, 8])
def test_the_home_costs_the_same_whatever_the_number_of_entries(
    client, admin_user, member_a, count, django_assert_max_num_queries
):
    theme = ProgrammeTheme.objects.create(name="Line managers", slug="line-managers")
    for index in range(count):
        _entry(admin_user, f"Change {index}", pulse_themes=[theme])
    client.force_login(member_a)
    # Session, user, the member's vanguard link (pulse survey link), the published entries,
    # their themes.
    with django_assert_max_num_queries(5):
        page = client.get("/feedback/")
    assert page.content.decode().count('class="govuk-summary-card__title"') == count
