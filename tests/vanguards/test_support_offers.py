"""/learning/offers/: the support menu everyone signed in can browse and filter, kept by the
learning team and admins, with "Request this support" for people who may raise requests."""

import pytest

from tests.factories import SupportOfferFactory
from tests.roles import OK, REDIRECT, each_role_gets, everyone
from vanguards.models import SupportOffer
from workwell.models import ProgrammeTheme


def theme(slug) -> ProgrammeTheme:
    return ProgrammeTheme.objects.get(slug=slug)


@pytest.fixture
def menu(db):
    coaching = SupportOfferFactory(
        title="Collaboration coaching for SROs",
        channel=SupportOffer.Channel.COACHING,
        delivered_by="Collaborate (improvement partner)",
        for_maturing=False,
        for_leading=False,
        scaffolded=True,
    )
    coaching.themes.set([theme("leadership-and-governance")])
    webinar = SupportOfferFactory(
        title="Monthly policy webinar",
        channel=SupportOffer.Channel.WEBINAR,
        delivered_by="Learning and Change Network",
    )
    webinar.themes.set([theme("health-and-employment-pathways")])
    sprint = SupportOfferFactory(
        title="Service design sprint",
        channel=SupportOffer.Channel.TRAINING,
        delivered_by="Mutual Ventures",
        for_emerging=False,
    )
    retired = SupportOfferFactory(title="Retired briefing", is_active=False)
    return {"coaching": coaching, "webinar": webinar, "sprint": sprint, "retired": retired}


PAGES = {
    "/learning/offers/": everyone(OK),
    "/learning/offers/{coaching}/": everyone(OK),
    "/learning/offers/{retired}/": everyone(OK),
    "/learning/offers/new/": {"admin_user": OK, "learning_user": OK},
    "/learning/offers/{coaching}/edit/": {"admin_user": OK, "learning_user": OK},
    "/learning/offers/999999/": {},
}


@pytest.mark.django_db
@each_role_gets(PAGES)
def test_pages_answer_each_role(client, cast, menu, url, role, expected):
    client.force_login(cast[role])
    ids = {key: offer.pk for key, offer in menu.items()}
    assert client.get(url.format(**ids)).status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/learning/offers/", "/learning/offers/new/", "/learning/offers/{pk}/"]
)
def test_anonymous_visitors_are_sent_to_sign_in(client, menu, url):
    response = client.get(url.format(pk=menu["coaching"].pk))
    assert response.status_code == REDIRECT
    assert response["Location"].startswith("/accounts/login/")


def titles(html) -> set[str]:
    names = ["Collaboration coaching", "Monthly policy webinar", "Service design sprint"]
    return {name for name in names + ["Retired briefing"] if name in html}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"Collaboration coaching", "Monthly policy webinar", "Service design sprint"}),
        ("channel=webinar", {"Monthly policy webinar"}),
        ("theme=leadership-and-governance", {"Collaboration coaching"}),
        ("band=emerging", {"Collaboration coaching", "Monthly policy webinar"}),
        ("band=leading", {"Monthly policy webinar", "Service design sprint"}),
        ("scaffolded=on", {"Collaboration coaching"}),
        ("band=maturing&channel=coaching", set()),
    ],
)
def test_filters(client, member_a, menu, query, expected):
    client.force_login(member_a)
    assert titles(client.get(f"/learning/offers/?{query}").content.decode()) == expected


def test_retired_offers_are_hidden_from_everyone_but_those_who_keep_the_menu(
    client, member_a, learning_user, menu
):
    client.force_login(member_a)
    assert "Retired briefing" not in client.get("/learning/offers/").content.decode()
    client.force_login(learning_user)
    html = client.get("/learning/offers/").content.decode()
    assert "Retired briefing" in html and "No longer offered" in html


def test_request_this_support_links_to_a_prefilled_request(client, member_a, menu):
    client.force_login(member_a)
    pk = menu["coaching"].pk
    link = f'href="/support-requests/new/?offer={pk}"'
    assert link in client.get(f"/learning/offers/{pk}/").content.decode()
    assert link in client.get("/learning/offers/").content.decode()


@pytest.mark.parametrize("role", ["programme_lead", "regional_lead", "learning_user"])
def test_people_who_cannot_raise_requests_are_not_offered_the_link(client, cast, menu, role):
    client.force_login(cast[role])
    pk = menu["coaching"].pk
    assert "Request this support" not in client.get(f"/learning/offers/{pk}/").content.decode()
    assert "Request this support" not in client.get("/learning/offers/").content.decode()


def test_a_retired_offer_page_says_so_and_cannot_be_requested(client, member_a, menu):
    client.force_login(member_a)
    html = client.get(f"/learning/offers/{menu['retired'].pk}/").content.decode()
    assert "no longer on the menu" in html
    assert "Request this support" not in html


def test_detail_shows_channel_provider_bands_and_themes(client, rm, menu):
    client.force_login(rm)
    html = client.get(f"/learning/offers/{menu['coaching'].pk}/").content.decode()
    assert "One-to-one coaching" in html
    assert "Collaborate (improvement partner)" in html
    assert "Emerging" in html and "Maturing" not in html
    assert "Leadership and governance" in html
    assert "Scaffolded support" in html


def offer_data(**overrides) -> dict:
    data = {
        "title": "Logic model clinic",
        "description": "One-to-one support on your logic model.",
        "channel": "coaching",
        "delivered_by": "PA Consulting",
        "themes": [theme("data-evaluation-and-impact").pk],
        "bands": ["emerging", "maturing"],
    }
    data.update(overrides)
    return data


def test_how_is_it_delivered_offers_only_real_channels(client, learning_user, menu):
    client.force_login(learning_user)
    for url in ("/learning/offers/new/", f"/learning/offers/{menu['webinar'].pk}/edit/"):
        html = client.get(url).content.decode()
        assert "How is it delivered?" in html
        assert "---------" not in html
        assert 'name="channel" type="radio" value=""' not in html
        assert html.count('name="channel" type="radio"') == len(SupportOffer.Channel.choices)


def test_learning_team_adds_an_offer(client, learning_user, db):
    client.force_login(learning_user)
    response = client.post("/learning/offers/new/", offer_data(scaffolded="on"))
    offer = SupportOffer.objects.get()
    assert response["Location"] == f"/learning/offers/{offer.pk}/"
    assert (offer.for_emerging, offer.for_maturing, offer.for_leading) == (True, True, False)
    assert offer.scaffolded and offer.is_active
    assert [t.slug for t in offer.themes.all()] == ["data-evaluation-and-impact"]
    assert offer.history.get().history_user == learning_user


@each_role_gets(
    {
        "/learning/offers/new/": {"admin_user": REDIRECT, "learning_user": REDIRECT},
        "/learning/offers/{webinar}/edit/": {"admin_user": REDIRECT, "learning_user": REDIRECT},
    }
)
def test_only_the_learning_team_and_admins_change_the_menu(client, cast, menu, url, role, expected):
    client.force_login(cast[role])
    response = client.post(url.format(webinar=menu["webinar"].pk), offer_data(title="Hijacked"))
    assert response.status_code == expected
    # Neither a new offer nor the webinar renamed, unless by those who keep the menu.
    assert SupportOffer.objects.filter(title="Hijacked").exists() is (expected == REDIRECT)


def test_titles_are_unique_ignoring_case(client, learning_user, menu):
    client.force_login(learning_user)
    response = client.post("/learning/offers/new/", offer_data(title="monthly POLICY webinar"))
    html = response.content.decode()
    assert "The menu already has an offer called monthly POLICY webinar" in html
    assert "One-to-one support on your logic model." in html  # nothing typed is lost
    assert SupportOffer.objects.count() == 4


def test_an_offer_must_suit_at_least_one_band(client, learning_user, db):
    client.force_login(learning_user)
    data = offer_data()
    data.pop("bands")
    html = client.post("/learning/offers/new/", data).content.decode()
    assert "Select at least one maturity band the offer suits" in html
    assert not SupportOffer.objects.exists()


def test_editing_can_take_an_offer_off_the_menu(client, admin_user, menu):
    client.force_login(admin_user)
    offer = menu["webinar"]
    form = client.get(f"/learning/offers/{offer.pk}/edit/").content.decode()
    assert 'value="Monthly policy webinar"' in form
    response = client.post(
        f"/learning/offers/{offer.pk}/edit/",
        offer_data(title="Monthly policy webinar", bands=["leading"]),  # is_active unticked
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert not offer.is_active
    assert offer.bands == ["leading"]
    assert offer.history.count() == 2


def test_the_list_is_paginated(client, rm, db):
    for number in range(25):
        SupportOfferFactory(title=f"Offer {number:02d}")
    client.force_login(rm)
    first = client.get("/learning/offers/").content.decode()
    assert "govuk-pagination" in first and "Offer 00" in first and "Offer 24" not in first
    assert "Offer 24" in client.get("/learning/offers/?page=2").content.decode()


def test_list_query_budget_does_not_grow_with_offers(
    client, member_a, db, django_assert_max_num_queries
):
    client.force_login(member_a)
    for more in (3, 15):
        for _ in range(more):
            SupportOfferFactory().themes.set([theme("workforce-and-skills")])
        # 1 session, 2 user, 3 the member's membership, 4 whether they may raise requests, 5 the
        # paginator's count, 6 the member's vanguard for the navigation, 7 the theme choices of the
        # filter, 8 one page of offers, 9 their themes (one prefetch).
        with django_assert_max_num_queries(9):
            assert client.get("/learning/offers/").status_code == 200
