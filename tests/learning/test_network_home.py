"""/learning/, the network's home, and the network's pages the learning team keeps."""

import pytest

from learning.management.demo_events import seed_network_pages
from learning.models import NetworkPage
from tests.factories import EventFactory
from tests.roles import OK, REDIRECT, each_role_gets, everyone

PAGES = {"admin_user": OK, "learning_user": OK}


@pytest.fixture
def pages(learning_user):
    seed_network_pages(learning_user)
    return NetworkPage.objects.all()


@pytest.mark.django_db
def test_the_home_links_every_part_of_the_network(client, member_a, pages):
    EventFactory(title="Fit notes webinar")
    client.force_login(member_a)
    html = client.get("/learning/").content.decode()
    for href in (
        "/learning/toolkit/",
        "/learning/events/",
        "/learning/lessons/",
        "/learning/offers/",
    ):
        assert f'href="{href}"' in html
    assert "Fit notes webinar" in html
    for slug in ("terms-of-reference", "model-agenda", "forward-programme"):
        assert f'href="/learning/network/{slug}/"' in html


@pytest.mark.django_db
def test_learning_is_in_the_navigation_and_current_on_its_pages(client, member_a):
    client.force_login(member_a)
    html = client.get("/learning/offers/").content.decode()
    assert 'href="/learning/"' in html
    assert "govuk-service-navigation__item--active" in html.split('href="/learning/"')[0][-300:]


@pytest.mark.django_db
@each_role_gets(
    {
        "/learning/network/terms-of-reference/": everyone(OK),
        "/learning/network/terms-of-reference/edit/": PAGES,
        "/learning/network/no-such-page/": {},
    }
)
def test_everyone_reads_the_pages_and_the_learning_team_edits_them(
    client, cast, pages, url, role, expected
):
    client.force_login(cast[role])
    assert client.get(url).status_code == expected


@pytest.mark.django_db
@each_role_gets(dict.fromkeys(PAGES, REDIRECT))
def test_an_edit_is_kept_in_the_page_history(client, cast, pages, role, expected):
    client.force_login(cast[role])
    response = client.post(
        "/learning/network/model-agenda/edit/",
        {"title": "Model agenda", "summary": "", "body": "1. **Welcome**\n2. Close"},
    )
    assert response.status_code == expected
    page = NetworkPage.objects.get(slug="model-agenda")
    assert (page.body == "1. **Welcome**\n2. Close") is (expected == REDIRECT)
    if expected == REDIRECT:
        assert page.history.first().history_user == cast[role]
        shown = client.get("/learning/network/model-agenda/").content.decode()
        assert "<strong>Welcome</strong>" in shown
        assert f"Changed by {cast[role].full_name}" in shown


@pytest.mark.django_db
def test_a_page_without_text_is_refused(client, learning_user, pages):
    client.force_login(learning_user)
    response = client.post(
        "/learning/network/model-agenda/edit/", {"title": "Model agenda", "body": ""}
    )
    assert "Enter the text of the page" in response.content.decode()


@pytest.mark.django_db
def test_the_learning_team_starts_a_page_not_written_yet(client, learning_user, member_a):
    client.force_login(member_a)
    assert "Write the terms of reference" not in client.get("/learning/").content.decode()
    assert client.get("/learning/network/terms-of-reference/").status_code == 404
    client.force_login(learning_user)
    assert "Write the terms of reference" in client.get("/learning/").content.decode()
    response = client.post(
        "/learning/network/terms-of-reference/edit/",
        {"title": "Terms of reference", "summary": "", "body": "## Purpose\n\nTo learn."},
    )
    assert response.status_code == 302
    assert client.get("/learning/network/terms-of-reference/").status_code == 200
    assert client.get("/learning/network/not-one-of-ours/edit/").status_code == 404


@pytest.mark.django_db
def test_the_home_query_budget_does_not_grow_with_events(
    client, member_a, pages, django_assert_max_num_queries
):
    client.force_login(member_a)
    for more in (1, 12):
        EventFactory.create_batch(more)
        # 1 session, 2 user, 3 the member's membership (audience rule and navigation), 4 the
        # next three events with their places, 5 the network's pages, 6 the member's vanguard
        # for the navigation.
        with django_assert_max_num_queries(6):
            assert client.get("/learning/").status_code == 200
