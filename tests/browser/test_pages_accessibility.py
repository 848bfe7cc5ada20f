"""Every main page, as a relationship manager, a vanguard SRO and an admin, in a real browser:
each passes axe (WCAG 2.2 AA) at desktop width, and reflows at 320 CSS pixels (WCAG 1.4.10):
nothing but a data table may scroll sideways, and a data table scrolls inside its
`.app-table-wrapper`, never the whole page. Create forms are also scanned with their errors
showing, after submitting them empty.

One browser page per role visits many URLs, so the module stays quick: the registry from the
demo seed plus a handful of records, not the whole demo.
"""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from api.services import token_create
from maturity.selectors.framework import framework_current
from maturity.services.assessments import assessment_agree, assessment_submit, cycle_open
from tests.browser.test_sro_self_assessment_journey import sign_in
from tests.factories import (
    ActionFactory,
    LessonFactory,
    OrganisationFactory,
    SupportOfferFactory,
    SupportRequestFactory,
    TouchpointFactory,
    UserFactory,
    make_network_partner,
)
from vanguards.management.demo import seed_registry
from workwell.models import Role

# serialized_rollback: the live server needs a transactional database, whose flush would
# otherwise also remove the regions, themes and framework that data migrations seed.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RM = "rm1@example.com"  # Priya Shah: the Musculoskeletal conditions group
SRO = "sro.greater-manchester@example.com"  # Helen Carter, Greater Manchester (in rm1's group)
ADMIN = "admin@example.com"
RM_LEAD = "rm.lead@example.com"
PARTNER = "partner@example.com"

DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 640}  # 1280px at 400% zoom, the width WCAG 1.4.10 names


def answers(assessment, level: int) -> dict[int, dict]:
    return {
        score.dimension_id: {"self_level": level, "evidence": "Board papers show this level."}
        for score in assessment.scores.all()
    }


def seed() -> dict[str, str]:
    """The registry, a cycle with an SRO's draft, one assessment waiting for rm1 to moderate and
    one agreed (so the results heatmap has levels and "not assessed" cells), and a touchpoint,
    action, support offer and support request for Greater Manchester. Returns their URLs."""
    registry = seed_registry()
    users = registry["users"]
    rm = users[RM]
    vanguards = {vanguard.slug: vanguard for vanguard in registry["vanguards"]}
    greater_manchester = vanguards["greater-manchester"]
    sro = greater_manchester.members.get().user

    today = timezone.localdate()
    cycle = cycle_open(
        actor=users[ADMIN],
        name="Spring cycle",
        framework=framework_current(),
        opens_on=today - datetime.timedelta(days=3),
        closes_on=today + datetime.timedelta(days=25),
    )
    assessments = {a.vanguard.slug: a for a in cycle.self_assessments.select_related("vanguard")}
    submitted = []
    for slug, level in (("humber-and-north-yorkshire", 3), ("north-east-london", 2)):
        assessment = assessments[slug]
        vanguard_sro = assessment.vanguard.members.get().user
        submitted.append(
            assessment_submit(
                assessment=assessment,
                actor=vanguard_sro,
                revision=assessment.revision,
                answers=answers(assessment, level),
            )
        )
    to_moderate, to_agree = submitted
    assessment_agree(assessment=to_agree, actor=rm, revision=to_agree.revision, decisions={})

    touchpoint = TouchpointFactory(vanguards=[greater_manchester], author=rm)
    action = ActionFactory(vanguard=greater_manchester, touchpoint=touchpoint, owner=rm)
    offer = SupportOfferFactory(title="Outcomes framework coaching")
    request = SupportRequestFactory(vanguard=greater_manchester, raised_by=sro, offer=offer)
    # The SRO's to-do list: support to rate and their own actions, enough of them (with the
    # touchpoint and request) to give the profile's timeline a second page.
    SupportRequestFactory(
        vanguard=greater_manchester, raised_by=sro, offer=offer, status="delivered"
    )
    for _ in range(20):
        ActionFactory(vanguard=greater_manchester, owner=sro, created_by=rm)
    # Lessons learnt: one published with a link to the offer, one waiting for review; and a
    # network partner matched with the musculoskeletal group.
    published = LessonFactory(vanguard=greater_manchester, author=sro, status="published")
    published.support_offers.set([offer])
    submitted_lesson = LessonFactory(vanguard=greater_manchester, author=sro, status="submitted")
    partner_icb = OrganisationFactory(name="Partner ICB", is_network_partner=True)
    partner_icb.partner_cohort_groups.set([registry["groups"]["msk"]])
    partner = make_network_partner(partner_icb, email=PARTNER, full_name="Lucy Barker")
    partner.set_password(settings.DEMO_PASSWORD)
    partner.save()
    token_create(owner=sro, name="Power BI", expires_in_days=30)
    return {
        "lesson": reverse("learning:lesson", args=[published.pk]),
        "lesson_review": reverse("learning:lesson_review", args=[submitted_lesson.pk]),
        "vanguard": reverse("vanguards:detail", args=[greater_manchester.slug]),
        "vanguard_older": reverse("vanguards:detail", args=[greater_manchester.slug]) + "?page=2",
        "person": reverse("vanguards:person_edit", args=[sro.pk]),
        "vanguard_edit": reverse("vanguards:edit", args=[greater_manchester.slug]),
        "touchpoint": reverse("touchpoints:detail", args=[touchpoint.pk]),
        "action": reverse("actions:detail", args=[action.pk]),
        "offer": reverse("offers:detail", args=[offer.pk]),
        "support_request": reverse("support:detail", args=[request.pk]),
        "draft": reverse("maturity:assessment", args=[assessments["greater-manchester"].pk]),
        "submitted": reverse("maturity:assessment", args=[to_moderate.pk]),
        "moderate": reverse("maturity:moderate", args=[to_moderate.pk]),
    }


def pages_for(email: str, urls: dict[str, str]) -> list[tuple[str, str | None]]:
    """(URL, the button that submits it empty to show its errors, if it is a form to try)."""
    published_material = [
        ("/", None),
        ("/learning/lessons/", None),
        (urls["lesson"], None),
        ("/learning/offers/", None),
        (urls["offer"], None),
    ]
    if email == PARTNER:
        return published_material
    everyone = published_material + [
        (urls["vanguard"], None),
        ("/touchpoints/", None),
        (urls["touchpoint"], None),
        ("/actions/", None),
        (urls["action"], None),
        ("/support-requests/", None),
        (urls["support_request"], None),
        ("/maturity/", None),
        ("/maturity/?sort=-band", None),
        (urls["vanguard_older"], None),
        ("/maturity/framework/", None),
        ("/maturity/assessments/", None),
    ]
    own = {
        RM: [
            ("/vanguards/", None),
            ("/touchpoints/new/", "Save as complete"),
            ("/actions/new/", "Save action"),
            ("/support-requests/new/", "Send request"),
            (urls["submitted"], None),
            (urls["moderate"], None),
        ],
        SRO: [
            ("/vanguards/", None),  # their one vanguard: no filters to offer
            ("/support-requests/new/", "Send request"),
            ("/learning/lessons/new/", "Submit for review"),
            (urls["draft"], "Submit self-assessment"),
        ],
        ADMIN: [
            ("/vanguards/", None),
            ("/vanguards/new/", "Save vanguard"),
            # Contacts and owners come from the vanguards chosen ("Show their people").
            ("/touchpoints/new/", "Save as complete"),
            ("/actions/new/", "Save action"),
            (urls["vanguard_edit"], None),
            ("/learning/offers/new/", "Save offer"),
            (urls["lesson_review"], "Save decision"),
            ("/learning/partners/", None),
            (urls["submitted"], None),
            (urls["person"], None),
            ("/accounts/password/change/", "Change password"),
            ("/api/tokens/new/", "Create token"),
            ("/api/tokens/all/", None),  # everyone's tokens: the SRO's, with a revoke link
        ],
    }
    return everyone + own[email]


def check_reflow(page, url):
    """At 320px the page itself must not scroll sideways; then back to desktop width."""
    page.set_viewport_size(NARROW)
    width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size(DESKTOP)
    assert width <= NARROW["width"], (
        f"{url} is {width}px wide at {NARROW['width']}px: something other than a data table "
        "scrolls sideways, or a table is not inside an .app-table-wrapper"
    )


def check_page(page, axe, url, submit_button=None):
    """The page answers 200, passes axe and reflows; a form also with its errors showing."""
    response = page.goto(url)
    assert response.status == 200, f"{url} answered {response.status}"
    axe()
    check_reflow(page, url)
    if submit_button:
        page.get_by_role("button", name=submit_button, exact=True).click()
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        assert page.title().startswith("Error: "), f"{url} with errors: {page.title()}"
        axe()
        check_reflow(page, f"{url} with errors")


def scan_pages(page, live_server, axe, pages, email):
    """Check each (URL, submit button) as `email` (see check_page)."""
    for url, submit_button in pages:
        try:
            check_page(page, axe, f"{live_server.url}{url}", submit_button)
        except AssertionError as error:
            raise AssertionError(f"as {email}: {error}") from error


@pytest.mark.parametrize("email", [RM, SRO, ADMIN, PARTNER])
def test_main_pages_pass_axe_and_reflow(live_server, page, axe, console_errors, email):
    urls = seed()
    sign_in(page, live_server, email)

    scan_pages(page, live_server, axe, pages_for(email, urls), email)
    assert console_errors == []


def test_rm_lead_home_and_its_pages_pass_axe_and_reflow(live_server, page, axe, console_errors):
    """The RM lead's home with more RMs than a page of workloads (nationally there are dozens):
    the vanguards overdue for contact, the workloads and their pagination."""
    seed()
    for number in range(25):
        UserFactory(role=Role.RM, full_name=f"Relationship Manager {number:02}")
    sign_in(page, live_server, RM_LEAD)

    scan_pages(page, live_server, axe, [("/", None), ("/?workloads_page=2", None)], RM_LEAD)
    expect(
        page.get_by_role("navigation", name="Relationship managers' workload pages")
    ).to_be_visible()
    assert console_errors == []
