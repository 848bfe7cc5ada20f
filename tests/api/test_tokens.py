"""Personal API tokens: made with a name and an expiry, the secret shown once and stored only
as a hash, listed with their status, revoked with a confirmation; admins see and revoke
everyone's."""

import datetime
import hashlib

import pytest
from django.utils import timezone

from api.models import ApiToken
from api.services import ApiTokenError, token_create, token_revoke
from tests.roles import OK, REDIRECT, each_role_gets, everyone

pytestmark = pytest.mark.django_db


def _make(client, name="Power BI", days="90"):
    return client.post("/api/tokens/new/", {"name": name, "expires_in_days": days})


def _secret_on(page) -> str:
    html = page.content.decode()
    start = html.index('value="wwp_') + len('value="')
    return html[start : html.index('"', start)]


@each_role_gets(everyone(OK))
def test_everyone_makes_a_token_and_sees_its_secret_once(client, cast, role, expected):
    user = cast[role]
    client.force_login(user)
    page = _make(client)
    assert page.status_code == expected
    secret = _secret_on(page)
    token = ApiToken.objects.get(owner=user)
    # Only a hash is kept; the prefix is the secret's start, for recognition.
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {token.secret_hash, token.prefix, token.name}
    assert secret.startswith(f"wwp_{token.prefix}")
    assert page["Cache-Control"].startswith("max-age=0")
    # The list shows it by name and prefix, never the secret.
    listing = client.get("/api/tokens/").content.decode()
    assert "Power BI" in listing and f"wwp_{token.prefix}" in listing
    assert secret not in listing
    assert "Active" in listing


def test_the_expiry_is_chosen_from_the_offered_lengths(client, member_a):
    client.force_login(member_a)
    page = _make(client, days="3650")
    assert page.status_code == 200
    assert "Select a valid choice" in page.content.decode() or "Choose" in page.content.decode()
    assert not ApiToken.objects.exists()
    _make(client, days="365")
    token = ApiToken.objects.get()
    assert token.expires_at - token.created_at == datetime.timedelta(days=365)


def test_a_name_is_needed(client, member_a):
    client.force_login(member_a)
    page = _make(client, name="")
    assert "Enter a name for the token" in page.content.decode()
    assert not ApiToken.objects.exists()


def test_the_service_refuses_lengths_it_does_not_offer(member_a):
    with pytest.raises(ApiTokenError):
        token_create(owner=member_a, name="Long", expires_in_days=1000)


def test_the_list_shows_expired_and_revoked_tokens_as_such(client, member_a):
    expired, _ = token_create(owner=member_a, name="Old one", expires_in_days=7)
    ApiToken.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - datetime.timedelta(days=1),
        created_at=timezone.now() - datetime.timedelta(days=8),
    )
    revoked, _ = token_create(owner=member_a, name="Leaked one", expires_in_days=7)
    token_revoke(token=revoked, by=member_a)
    client.force_login(member_a)
    html = client.get("/api/tokens/").content.decode()
    assert "Expired" in html and "Revoked" in html
    assert f"/api/tokens/{expired.pk}/revoke/" not in html  # nothing left to revoke


def test_owners_revoke_their_token_after_confirming(client, member_a):
    token, _ = token_create(owner=member_a, name="Excel", expires_in_days=30)
    client.force_login(member_a)
    confirm = client.get(f"/api/tokens/{token.pk}/revoke/")
    assert confirm.status_code == 200
    assert "Revoke the API token “Excel”" in confirm.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None  # asking is not revoking
    response = client.post(f"/api/tokens/{token.pk}/revoke/")
    assert response.status_code == REDIRECT and response.url == "/api/tokens/"
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == member_a
    again = client.post(f"/api/tokens/{token.pk}/revoke/")
    assert "already been revoked" in again.content.decode()


@each_role_gets({"admin_user": REDIRECT, "member_a": REDIRECT})
def test_only_the_owner_and_admins_revoke_a_token(client, cast, role, expected):
    token, _ = token_create(owner=cast["member_a"], name="Excel", expires_in_days=30)
    client.force_login(cast[role])
    assert client.get(f"/api/tokens/{token.pk}/revoke/").status_code == (
        OK if expected == REDIRECT else expected
    )
    assert client.post(f"/api/tokens/{token.pk}/revoke/").status_code == expected
    token.refresh_from_db()
    assert (token.revoked_at is not None) is (expected == REDIRECT)


def test_the_service_refuses_someone_elses_token(member_a, member_b):
    token, _ = token_create(owner=member_a, name="Excel", expires_in_days=30)
    with pytest.raises(ApiTokenError):
        token_revoke(token=token, by=member_b)


@each_role_gets({"admin_user": OK})
def test_admins_see_everyones_tokens(client, cast, role, expected):
    token_create(owner=cast["member_b"], name="Bravo's R script", expires_in_days=30)
    client.force_login(cast[role])
    response = client.get("/api/tokens/all/")
    assert response.status_code == expected
    if expected == OK:
        html = response.content.decode()
        assert "Bravo&#x27;s R script" in html and "Mem Bravo" in html


def test_an_admin_revoking_someones_token_returns_to_everyones_list(client, admin_user, member_b):
    token, _ = token_create(owner=member_b, name="R", expires_in_days=30)
    client.force_login(admin_user)
    response = client.post(f"/api/tokens/{token.pk}/revoke/")
    assert response.url == "/api/tokens/all/"
    token.refresh_from_db()
    assert token.revoked_by == admin_user


def test_an_admin_revoking_someones_token_is_offered_the_way_back_to_everyones_list(
    client, admin_user, member_b
):
    token, _ = token_create(owner=member_b, name="R", expires_in_days=30)
    own, _ = token_create(owner=admin_user, name="Mine", expires_in_days=30)
    client.force_login(admin_user)
    theirs = client.get(f"/api/tokens/{token.pk}/revoke/").content.decode()
    assert theirs.count('href="/api/tokens/all/"') == 2  # Back and Cancel
    mine = client.get(f"/api/tokens/{own.pk}/revoke/").content.decode()
    assert mine.count('href="/api/tokens/"') == 2


def test_everyones_list_says_whose_token_each_revoke_link_revokes(
    client, admin_user, member_a, member_b
):
    for owner in (member_a, member_b):
        token_create(owner=owner, name="Power BI", expires_in_days=30)
    client.force_login(admin_user)
    html = client.get("/api/tokens/all/").content.decode()
    for owner in (member_a, member_b):
        assert f'visually-hidden"> Power BI of {owner.full_name}</span>' in html


def test_a_person_holds_at_most_ten_live_tokens(client, member_a, settings):
    for number in range(settings.API_TOKENS_PER_PERSON):
        token_create(owner=member_a, name=f"Token {number}", expires_in_days=7)
    client.force_login(member_a)
    page = _make(client, name="One more")
    assert page.status_code == 200
    assert "Revoke one you no longer use" in page.content.decode()
    assert not ApiToken.objects.filter(name="One more").exists()
    # A revoked (or expired) token no longer counts.
    token_revoke(token=ApiToken.objects.filter(owner=member_a).first(), by=member_a)
    assert _make(client, name="One more").status_code == 200
    assert ApiToken.objects.filter(name="One more").exists()


def test_a_list_shows_only_your_own_tokens(client, admin_user, member_b):
    token_create(owner=member_b, name="Bravo's token", expires_in_days=30)
    client.force_login(admin_user)
    assert "Bravo" not in client.get("/api/tokens/").content.decode()


def test_the_admin_home_page_links_to_everyones_tokens(client, admin_user, member_a):
    client.force_login(admin_user)
    assert 'href="/api/tokens/all/"' in client.get("/").content.decode()
    client.force_login(member_a)
    html = client.get("/").content.decode()
    assert 'href="/api/tokens/all/"' not in html
    assert 'href="/api/tokens/"' in html


def test_the_token_lists_cost_the_same_however_many_tokens(
    client, admin_user, member_a, django_assert_max_num_queries
):
    for number in range(12):
        token_create(
            owner=member_a if number % 2 else admin_user, name=f"T{number}", expires_in_days=7
        )
    client.force_login(admin_user)
    # session, user, the tokens (owners joined on the admin's list)
    for url in ("/api/tokens/", "/api/tokens/all/"):
        with django_assert_max_num_queries(3):
            assert client.get(url).status_code == 200
