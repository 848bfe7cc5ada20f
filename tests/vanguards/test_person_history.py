"""A person's name and account-status changes are kept in history (DESIGN.md §5) with who made
them, and shown on the person's page; signing in and password changes add nothing."""

import pytest
from django.utils import timezone

from vanguards.models import VanguardMember
from workwell.models import User

pytestmark = pytest.mark.django_db


def edit(client, admin_user, member, vanguard, **changes):
    client.force_login(admin_user)
    data = {
        "full_name": member.full_name,
        "title": VanguardMember.Title.SRO,
        "vanguard": vanguard.pk,
        "is_active": "on",
        **changes,
    }
    data = {key: value for key, value in data.items() if value is not None}
    response = client.post(f"/vanguards/people/{member.pk}/edit/", data)
    assert response.status_code == 302


def test_name_and_active_status_changes_are_recorded_with_who_made_them(
    client, admin_user, member_a, vanguard_a
):
    edit(client, admin_user, member_a, vanguard_a, full_name="Mem Alpha-Smith")
    edit(client, admin_user, member_a, vanguard_a, full_name="Mem Alpha-Smith", is_active=None)
    records = list(User.history.filter(id=member_a.pk).order_by("history_date", "history_id"))
    latest, before = records[-1], records[-2]
    assert (before.full_name, before.is_active) == ("Mem Alpha-Smith", True)
    assert (latest.full_name, latest.is_active) == ("Mem Alpha-Smith", False)
    assert latest.history_user == before.history_user == admin_user


def test_the_persons_page_shows_their_history(client, admin_user, member_a, vanguard_a):
    edit(client, admin_user, member_a, vanguard_a, full_name="Mem Alpha-Smith")
    edit(client, admin_user, member_a, vanguard_a, full_name="Mem Alpha-Smith", is_active=None)
    html = client.get(f"/vanguards/people/{member_a.pk}/edit/").content.decode()
    history = html[html.index(">History<") :]
    assert "Name changed from Mem Alpha to Mem Alpha-Smith" in history
    assert "Account switched off" in history
    assert "by Ada Admin" in history
    assert history.index("Account switched off") < history.index("Name changed")  # newest first


def test_signing_in_and_new_passwords_add_no_history(member_a):
    before = User.history.filter(id=member_a.pk).count()
    member_a.last_login = timezone.now()
    member_a.save(update_fields=["last_login"])
    member_a.set_password("a new long password 123")
    member_a.save(update_fields=["password"])
    assert User.history.filter(id=member_a.pk).count() == before


def test_the_django_admin_shows_a_users_history(client, admin_user, member_a, vanguard_a):
    edit(client, admin_user, member_a, vanguard_a, full_name="Mem Alpha-Smith")
    response = client.get(f"/admin/workwell/user/{member_a.pk}/history/")
    assert response.status_code == 200
    assert "Mem Alpha-Smith" in response.content.decode()
