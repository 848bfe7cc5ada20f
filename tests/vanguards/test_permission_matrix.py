"""The roles-and-visibility contract of DESIGN.md §3 for every route that exists: each role,
signed in, gets the page (200), a 404 for another vanguard's objects or for pages outside its
role, and anonymous visitors are sent to sign in. Later issues add their routes here, or, for a
route addressed by a record, to RECORD_ROUTES with the module that says what each role gets."""

import pytest
from django.urls import URLResolver, get_resolver, resolve

from api.services import token_create
from tests.factories import ActionFactory, SupportRequestFactory
from tests.roles import (
    FORBIDDEN,
    OK,
    REDIRECT,
    each_role_gets,
    everyone,
    everyone_but,
    in_the_programme,
)

ADMINS_ONLY = {"admin_user": OK}
# Network partners (non-vanguard ICBs) see published material only: every vanguard,
# touchpoint, action, support request and maturity page is 404 to them.
PROGRAMME = in_the_programme(OK)
LOGGERS = {"admin_user": OK, "rm": OK, "rm_lead": OK}  # who logs touchpoints and actions
NST = {"admin_user": OK, "rm": OK, "rm_lead": OK, "learning_user": OK}
QUALITY_REVIEWERS = {"admin_user": OK, "programme_lead": OK, "rm_lead": OK}
TOOLKIT_KEEPERS = {"admin_user": OK, "learning_user": OK}
DASHBOARD_READERS = in_the_programme(OK, "member_a", "member_b")
# Funding: whoever sees every vanguard, a regional lead their region; members are sent on to
# their own vanguard's funding page.
FUNDING_LIST = {**NST, "programme_lead": OK, "regional_lead": OK, "member_a": REDIRECT}
FUNDING_LIST["member_b"] = REDIRECT

# Vanguard A is in the RM's cohort group and the regional lead's region (North West);
# vanguard B is in London, in the RM lead's group. Every role not named gets 404.
MATRIX = {
    "/": everyone(OK),
    "/vanguards/": PROGRAMME,
    "/vanguards/?_export=csv": PROGRAMME,
    "/vanguards/alpha/": in_the_programme(OK, "member_b"),
    "/vanguards/bravo/": in_the_programme(OK, "regional_lead", "member_a"),
    "/vanguards/no-such-vanguard/": {},
    "/vanguards/alpha/edit/": ADMINS_ONLY,
    "/vanguards/bravo/edit/": ADMINS_ONLY,
    "/vanguards/new/": ADMINS_ONLY,
    "/vanguards/invite/": ADMINS_ONLY,
    # Reference data (organisation edit pages are addressed by id: test_organisations.py).
    "/vanguards/organisations/": ADMINS_ONLY,
    "/vanguards/organisations/?_export=csv": ADMINS_ONLY,
    "/vanguards/organisations/new/": ADMINS_ONLY,
    "/vanguards/groups/": ADMINS_ONLY,
    "/vanguards/groups/new/": ADMINS_ONLY,
    "/vanguards/groups/alpha-group/edit/": ADMINS_ONLY,
    "/vanguards/groups/no-such-group/edit/": {},
    "/admin/": {**everyone(FORBIDDEN), "admin_user": OK},
    "/accessibility/": everyone(OK),
    # Relationship management (record-level answers: tests/vanguards/test_*_permissions.py).
    "/touchpoints/": PROGRAMME,
    "/touchpoints/new/": LOGGERS,
    "/actions/": PROGRAMME,
    "/actions/new/": LOGGERS,
    "/support-requests/": PROGRAMME,
    "/support-requests/new/": in_the_programme(
        OK, "programme_lead", "regional_lead", "learning_user"
    ),
    "/learning/offers/": everyone(OK),
    "/learning/offers/new/": {"admin_user": OK, "learning_user": OK},
    # The Learning and Change Network (each audience: tests/learning/test_event_permissions.py).
    "/learning/": everyone(OK),
    "/learning/events/": everyone(OK),
    "/learning/events/?when=past": everyone(OK),
    "/learning/events/new/": {"admin_user": OK, "learning_user": OK},
    "/learning/events/calendar/": everyone(OK),
    # The toolkit (each version's pages: tests/learning/test_toolkit_permissions.py).
    "/learning/toolkit/": everyone(OK),
    "/learning/toolkit/compare/": everyone(OK),
    "/learning/toolkit/new/": {"admin_user": OK, "learning_user": OK},
    # Maturity (record-level answers: tests/maturity/test_assessment_permissions.py).
    "/maturity/": PROGRAMME,
    "/maturity/framework/": PROGRAMME,
    "/maturity/assessments/": PROGRAMME,
    "/maturity/cycles/new/": ADMINS_ONLY,
    # Consultation comments (record-level answers: tests/learning/test_consultation_permissions.py)
    "/learning/comments/": in_the_programme(OK, "regional_lead"),
    # Review panels (member pages are addressed by id: tests/learning/test_panels.py).
    "/learning/panels/": NST,
    "/learning/panels/expert/": NST,
    "/learning/panels/lived-experience/": NST,
    "/learning/panels/no-such-panel/": {},
    "/learning/panels/expert/members/new/": TOOLKIT_KEEPERS,
    "/maturity/vanguards/alpha/": in_the_programme(OK, "member_b"),
    "/maturity/vanguards/bravo/": in_the_programme(OK, "regional_lead", "member_a"),
    # Lessons learnt (record-level answers: tests/learning/test_lesson_permissions.py).
    "/learning/lessons/": everyone(OK),
    "/learning/lessons/?status=draft&theme=no-such-theme&q=%00": everyone(OK),
    "/learning/lessons/new/": in_the_programme(OK, "programme_lead", "regional_lead"),
    # The peer exchange: everyone reads it, network partners included (PARTNER_NAMESPACES has
    # "learning"); members, partners and the NST ask (each thread: test_exchange_permissions.py).
    "/learning/exchange/": everyone(OK),
    "/learning/exchange/?q=fit+note&theme=no-such-theme&answered=maybe": everyone(OK),
    "/learning/exchange/ask/": everyone_but(OK, "programme_lead", "regional_lead"),
    "/learning/exchange/follow/": everyone(OK),
    "/learning/exchange/reports/": TOOLKIT_KEEPERS,
    # Network partners and their matches: the learning team's list.
    "/learning/partners/": {"admin_user": OK, "learning_user": OK},
    # The pulse survey (who sees which groups' results: tests/feedback/test_pulse_results.py).
    "/feedback/pulse/": {"member_a": OK, "member_b": OK},
    "/feedback/pulse/done/": {"member_a": OK, "member_b": OK},
    "/feedback/results/": PROGRAMME,
    "/feedback/results/?_export=csv": PROGRAMME,
    "/feedback/results/?_export=xlsx": PROGRAMME,
    # Concerns and complaints (record-level answers: tests/feedback/test_concern_permissions.py).
    "/feedback/concerns/": in_the_programme(OK, "learning_user"),
    "/feedback/concerns/?_export=csv": in_the_programme(OK, "learning_user"),
    # The quarterly strategic review (disclosure per role: tests/feedback/test_quality_review.py).
    "/feedback/review/": dict.fromkeys(("admin_user", "programme_lead", "rm_lead"), REDIRECT),
    "/feedback/review/2025-26-q2/": QUALITY_REVIEWERS,
    "/feedback/review/2025-26-q2/?_export=csv": QUALITY_REVIEWERS,
    "/feedback/review/2025-26-q2/?_export=xlsx": QUALITY_REVIEWERS,
    "/feedback/review/targets/": ADMINS_ONLY,
    "/feedback/concerns/mine/": {"regional_lead": OK, "member_a": OK, "member_b": OK},
    "/feedback/concerns/new/": {"regional_lead": OK, "member_a": OK, "member_b": OK},
    # Regional feedback (rules: tests/feedback/test_regional_feedback.py).
    "/feedback/regional/": {"admin_user": OK, "programme_lead": OK, "rm_lead": OK},
    "/feedback/regional/?quarter=2026-1&region=1": {
        "admin_user": OK,
        "programme_lead": OK,
        "rm_lead": OK,
    },
    "/feedback/regional/new/": {"regional_lead": OK},
    # You said, we did (published entries only: tests/feedback/test_you_said_we_did.py).
    "/feedback/": in_the_programme(OK),
    "/feedback/you-said-we-did/new/": {"admin_user": OK, "rm_lead": OK, "learning_user": OK},
    # Dashboards (what each role sees on them: tests/reporting/test_dashboard_pages.py).
    "/reporting/dashboard/": DASHBOARD_READERS,
    "/reporting/dashboard/?table=vanguards&_export=csv": DASHBOARD_READERS,
    "/reporting/dashboard/?table=quality&_export=xlsx": DASHBOARD_READERS,
    "/reporting/vanguards/alpha/": in_the_programme(OK, "member_b"),
    "/reporting/vanguards/alpha/?table=ratings&_export=csv": in_the_programme(OK, "member_b"),
    "/reporting/vanguards/bravo/": in_the_programme(OK, "regional_lead", "member_a"),
    "/reporting/vanguards/no-such-vanguard/": {},
    "/reporting/funding/": FUNDING_LIST,
    "/reporting/funding/?_export=csv": FUNDING_LIST,
    "/reporting/funding/?table=schedule&_export=xlsx": FUNDING_LIST,
    "/reporting/funding/alpha/": in_the_programme(OK, "member_b"),
    "/reporting/funding/alpha/?_export=csv": in_the_programme(OK, "member_b"),
    "/reporting/funding/bravo/": in_the_programme(OK, "regional_lead", "member_a"),
    "/reporting/funding/no-such-vanguard/": {},
    "/reporting/funding/rule/": ADMINS_ONLY,
    "/reporting/counterfactual/": ADMINS_ONLY,
    "/reporting/counterfactual/indicators/new/": ADMINS_ONLY,
    "/reporting/counterfactual/areas/new/": ADMINS_ONLY,
    "/reporting/counterfactual/upload/": ADMINS_ONLY,
    "/reporting/counterfactual/upload/confirm/": {"admin_user": REDIRECT},
    "/reporting/counterfactual/template/": ADMINS_ONLY,
    "/reporting/counterfactual/template/?format=csv": ADMINS_ONLY,
    "/reporting/counterfactual/alpha/": NST,
    "/reporting/counterfactual/bravo/": NST,
    "/reporting/counterfactual/no-such-vanguard/": {},
    # Quarterly returns: each return's pages in tests/reporting/test_returns_permissions.py.
    "/reporting/returns/": in_the_programme(OK, "learning_user"),
    "/reporting/returns/?_export=csv": in_the_programme(OK, "learning_user"),
    "/reporting/vanguards/alpha/strands/new/": ADMINS_ONLY,
    "/reporting/vanguards/no-such-vanguard/strands/new/": {},
    # Logic models: each version's pages in tests/reporting/test_logic_pages.py.
    "/reporting/vanguards/alpha/logic-model/": in_the_programme(OK, "member_b"),
    "/reporting/vanguards/bravo/logic-model/": in_the_programme(OK, "regional_lead", "member_a"),
    "/reporting/vanguards/alpha/logic-model/versions/": in_the_programme(OK, "member_b"),
    "/reporting/vanguards/no-such-vanguard/logic-model/": {},
    # Quarterly returns' operations (tests/reporting/test_return_due_dates.py, _upload*.py).
    "/reporting/returns/due-dates/": ADMINS_ONLY,
    "/reporting/returns/due-dates/2026/2/": ADMINS_ONLY,
    "/reporting/returns/due-dates/2026/5/": {},
    "/reporting/returns/upload/": ADMINS_ONLY,
    "/reporting/returns/upload/template.xlsx": ADMINS_ONLY,
    "/reporting/returns/upload/template.csv": ADMINS_ONLY,
    "/reporting/returns/upload/template.pdf": {},
    # Delivery plans: whoever sees the profile sees the plan; its members keep it; the RM of
    # its group, the RM lead, admins and its members comment. The NST keeps the programme plan.
    **{
        f"/plans/vanguards/alpha/{page}": in_the_programme(OK, "member_b")
        for page in ("", "history/", "export.xlsx")
    },
    **{
        f"/plans/vanguards/bravo/{page}": in_the_programme(OK, "regional_lead", "member_a")
        for page in ("", "history/", "export.xlsx")
    },
    **{
        f"/plans/vanguards/alpha/{page}": {"member_a": OK}
        for page in ("activities/new/", "themes/new/", "upload/")
    },
    **{
        f"/plans/vanguards/bravo/{page}": {"member_b": OK}
        for page in ("activities/new/", "themes/new/", "upload/")
    },
    "/plans/vanguards/alpha/comments/": {**LOGGERS, "member_a": OK},
    "/plans/vanguards/bravo/comments/": {"admin_user": OK, "rm_lead": OK, "member_b": OK},
    "/plans/vanguards/no-such-vanguard/": {},
    **{
        f"/plans/programme/{page}": {**NST, "programme_lead": OK}
        for page in ("", "history/", "export.xlsx")
    },
    **{
        f"/plans/programme/{page}": TOOLKIT_KEEPERS
        for page in ("activities/new/", "themes/new/", "upload/")
    },
    "/plans/programme/comments/": NST,
    # Quarterly snapshots and reports (each report's readers: tests/reporting/test_reports.py).
    "/reporting/snapshots/": ADMINS_ONLY,
    "/reporting/reports/": PROGRAMME,
    # Personal API tokens: everyone their own; admins everyone's (tests/api/test_tokens.py).
    "/api/tokens/": everyone(OK),
    "/api/tokens/new/": everyone(OK),
    "/api/tokens/all/": ADMINS_ONLY,
    # The data API's documentation page (the API itself: API_MATRIX below).
    "/api/v1/docs/": everyone(OK),
}


@pytest.mark.django_db
@each_role_gets(MATRIX)
def test_role_gets_expected_answer(client, cast, url, role, expected):
    client.force_login(cast[role])
    response = client.get(url, follow=url == "/admin/")
    assert response.status_code == expected


# The data API, asked with each role's personal token: a list answers everyone (with what
# they may see: tests/api/test_endpoints.py), a record as its portal page does. Anonymous
# callers get 401 (a JSON error), not a sign-in page.
API_MATRIX = {
    "/api/v1/": everyone(OK),
    "/api/v1/schema/": everyone(OK),
    "/api/v1/vanguards/": everyone(OK),
    "/api/v1/vanguards/alpha/": in_the_programme(OK, "member_b"),
    "/api/v1/vanguards/bravo/": in_the_programme(OK, "regional_lead", "member_a"),
    "/api/v1/vanguards/no-such-vanguard/": {},
    "/api/v1/touchpoints/": everyone(OK),
    "/api/v1/actions/": everyone(OK),
    "/api/v1/support-requests/": everyone(OK),
    "/api/v1/strands/": everyone(OK),
    "/api/v1/assessments/": everyone(OK),
    "/api/v1/returns/": everyone(OK),
    "/api/v1/funding/": everyone(OK),
    "/api/v1/pulse-results/": everyone(OK),
    "/api/v1/concerns/": everyone(OK),
    "/api/v1/events/": everyone(OK),
    "/api/v1/registrations/": everyone(OK),
    "/api/v1/snapshots/": everyone(OK),
}


@pytest.mark.django_db
@each_role_gets(API_MATRIX)
def test_role_gets_expected_answer_from_the_api(client, cast, url, role, expected):
    _token, secret = token_create(owner=cast[role], name="Matrix", expires_in_days=7)
    response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize("url", API_MATRIX)
def test_anonymous_api_callers_get_401(client, cast, url):
    response = client.get(url)
    assert response.status_code == 401
    assert b"detail" in response.content  # JSON (the schema: its own YAML)


# Routes addressed by a record: what each role gets there is tested where the record is made.
RECORD_ROUTES = {
    "api/tokens/<int:pk>/revoke/": "tests/api/test_tokens.py",
    "api/v1/assessments/<int:pk>/": "tests/api/test_assessments.py",
    "api/v1/returns/<int:pk>/": "tests/api/test_returns.py",
    "api/v1/funding/<slug:slug>/": "tests/api/test_funding.py",
    "api/v1/pulse-results/<int:pk>/": "tests/api/test_pulse_results.py",
    "api/v1/concerns/<int:pk>/": "tests/api/test_concerns.py",
    "api/v1/events/<int:pk>/": "tests/api/test_events.py",
    "api/v1/registrations/<int:pk>/": "tests/api/test_events.py",
    "api/v1/snapshots/<int:pk>/": "tests/api/test_snapshots.py",
    **dict.fromkeys(
        [
            f"api/v1/{kind}/<int:pk>/"
            for kind in ("touchpoints", "actions", "support-requests", "strands")
        ],
        "tests/api/test_endpoints.py",
    ),
    "feedback/you-said-we-did/<int:pk>/edit/": "tests/feedback/test_you_said_we_did.py",
    **dict.fromkeys(
        ["feedback/results/answers/<int:pk>/themes/", "feedback/concerns/<int:pk>/themes/"],
        "tests/feedback/test_theme_tagging.py",
    ),
    "healthz": "tests/workwell/test_healthz.py",  # public, for the load balancer
    "vanguards/organisations/<int:pk>/edit/": "tests/vanguards/test_organisations.py",
    "vanguards/people/<int:user_id>/edit/": "tests/vanguards/test_person_edit.py",
    # A preview lives in the admin's session that uploaded the file.
    "reporting/returns/upload/<str:token>/": "tests/reporting/test_returns_upload.py",
    **dict.fromkeys(
        [f"touchpoints/<int:pk>/{step}" for step in ("", "edit/", "complete/", "archive/")],
        "tests/vanguards/test_touchpoint_permissions.py",
    ),
    **dict.fromkeys(
        [f"actions/<int:pk>/{step}" for step in ("", "done/", "cancel/")],
        "tests/vanguards/test_action_permissions.py",
    ),
    **dict.fromkeys(
        [
            f"support-requests/<int:pk>/{step}"
            for step in ("", "triage/", "start/", "assign/", "deliver/", "close/", "rate/")
        ],
        "tests/vanguards/test_support_request_permissions.py",
    ),
    **dict.fromkeys(
        [
            f"maturity/framework/<int:pk>/{step}"
            for step in ("", "draft/", "edit/", "dimensions/<int:dimension_pk>/", "publish/")
        ],
        "tests/maturity/test_framework.py",
    ),
    **dict.fromkeys(
        [
            f"maturity/assessments/<int:pk>/{step}"
            for step in ("", "moderate/", "reopen/", "files/<int:file_pk>/")
        ],
        "tests/maturity/test_assessment_permissions.py",
    ),
    **dict.fromkeys(
        [f"learning/toolkit/<str:number>/pdf/{step}" for step in ("", "retry/", "download/")],
        "tests/learning/test_toolkit_pdf_pages.py",
    ),
    **dict.fromkeys(
        [
            "learning/toolkit/<str:number>/comments/new/",
            *(f"learning/comments/<int:pk>/{step}" for step in ("", "answer/", "change/")),
        ],
        "tests/learning/test_consultation_permissions.py",
    ),
    **dict.fromkeys(
        [
            "learning/toolkit/<str:number>/reviews/new/",
            "learning/panels/members/<int:pk>/edit/",
            "learning/panels/members/<int:pk>/remove/",
        ],
        "tests/learning/test_panels.py",
    ),
    **dict.fromkeys(
        [f"learning/lessons/<int:pk>/{step}" for step in ("", "edit/", "review/", "links/")],
        "tests/learning/test_lesson_permissions.py",
    ),
    **dict.fromkeys(
        ["learning/offers/<int:pk>/", "learning/offers/<int:pk>/edit/"],
        "tests/learning/test_support_offers.py",
    ),
    **dict.fromkeys(
        [
            f"learning/events/<int:pk>/{step}"
            for step in (
                "",
                "edit/",
                "register/",
                "cancel/",
                "event.ics",
                "materials/",
                "materials/<int:material_pk>/",
                "materials/<int:material_pk>/remove/",
                "attendance/",
                "feedback/",
            )
        ],
        "tests/learning/test_event_permissions.py",
    ),
    **dict.fromkeys(
        [
            f"learning/events/<int:pk>/{step}"
            for step in (
                "agenda/",
                "agenda/<int:item_pk>/",
                "agenda/<int:item_pk>/remove/",
                "agenda/<int:item_pk>/move/",
                "what-we-heard/",
                "what-we-heard/publish/",
            )
        ],
        "tests/learning/test_what_we_heard.py",
    ),
    **dict.fromkeys(
        ["feedback/concerns/<int:pk>/", "feedback/concerns/<int:pk>/<slug:step>/"],
        "tests/feedback/test_concern_permissions.py",
    ),
    "reporting/counterfactual/areas/<int:pk>/": "tests/reporting/test_counterfactual_pages.py",
    **dict.fromkeys(
        [
            f"plans/{plan}{page}"
            for plan in ("vanguards/<slug:slug>/", "programme/")
            for page in (
                "activities/<int:pk>/",
                "activities/<int:pk>/status/",
                "activities/<int:pk>/remove/",
                "themes/<int:pk>/",
                "themes/<int:pk>/remove/",
                "upload/<str:token>/",
            )
        ],
        "tests/plans/test_plan_permissions.py",
    ),
    **dict.fromkeys(
        [
            f"reporting/returns/<slug:slug>/<quarter:quarter>/{step}"
            for step in (
                "",
                "start/",
                "strands/<int:strand>/",
                "strands/<int:strand>/correct/",
                "narrative/",
                "check/",
                "sign-off/",
                "accept/",
                "query/",
                "history/",
            )
        ],
        "tests/reporting/test_returns_permissions.py",
    ),
    "reporting/vanguards/<slug:slug>/strands/<int:pk>/edit/": (
        "tests/reporting/test_returns_strands.py"
    ),
    **dict.fromkeys(
        [
            "reporting/vanguards/<slug:slug>/logic-model/start/",
            *(
                f"reporting/vanguards/<slug:slug>/logic-model/versions/<int:number>/{step}"
                for step in (
                    "",
                    "comments/",
                    "agree/",
                    "history/",
                    "items/new/<str:column>/",
                    "items/<int:pk>/",
                    "items/<int:pk>/remove/",
                )
            ),
        ],
        "tests/reporting/test_logic_pages.py",
    ),
    **dict.fromkeys(
        [
            "reporting/snapshots/builds/<int:pk>/",
            "reporting/snapshots/<str:quarter>/<int:revision>/",
        ],
        "tests/reporting/test_snapshots.py",
    ),
    **dict.fromkeys(
        [
            f"reporting/reports/<int:pk>/{step}"
            for step in ("", "retry/", "download/", "tables.xlsx")
        ],
        "tests/reporting/test_reports.py",
    ),
    **dict.fromkeys(
        [
            f"learning/exchange/<int:pk>/{step}"
            for step in (
                "",
                "edit/",
                "report/",
                "moderate/",
                "convert/",
                "answers/<int:answer_pk>/helpful/",
                "answers/<int:answer_pk>/edit/",
                "answers/<int:answer_pk>/report/",
                "answers/<int:answer_pk>/moderate/",
            )
        ],
        "tests/learning/test_exchange_permissions.py",
    ),
    # No session: the token is the key.
    "learning/events/calendar/<str:token>.ics": "tests/learning/test_event_calendar.py",
    **dict.fromkeys(
        ["learning/network/<slug:slug>/", "learning/network/<slug:slug>/edit/"],
        "tests/learning/test_network_home.py",
    ),
    **dict.fromkeys(
        [
            f"learning/toolkit/<str:number>/{step}"
            for step in (
                "",
                "edit/",
                "move/",
                "items/new/",
                "items/<int:pk>/",
                "items/<int:pk>/file/",
                "items/<int:pk>/edit/",
                "items/<int:pk>/remove/",
            )
        ],
        "tests/learning/test_toolkit_permissions.py",
    ),
}


def _routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(("admin/", "accounts/")):  # Django's and allauth's own pages
            continue
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        else:
            yield route


def test_every_route_is_in_the_matrix_or_names_where_its_roles_are_tested():
    routes = set(_routes(get_resolver().url_patterns))
    in_matrix = {resolve(url.split("?")[0]).route for url in [*MATRIX, *API_MATRIX]}
    assert routes - in_matrix - set(RECORD_ROUTES) == set()
    assert set(RECORD_ROUTES) - routes == set()  # no route listed that no longer exists


PUBLIC = {"/accessibility/", "/healthz"}


@pytest.mark.django_db
@pytest.mark.parametrize("url", [url for url in MATRIX if url not in PUBLIC])
def test_anonymous_visitors_are_sent_to_sign_in(client, cast, url):
    response = client.get(url, follow=True)
    # The Django admin's own login page hands over to allauth's, so it ends there too.
    final_url, status = response.redirect_chain[-1]
    assert status == 302
    assert final_url.startswith("/accounts/login/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_not_found_page_uses_the_portal_layout(client, cast):
    client.force_login(cast["member_a"])
    response = client.get("/vanguards/bravo/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "WorkWell National Support Portal" in html
    assert "Bravo Vanguard" not in html  # existence does not leak


# Which vanguards' records each role sees in a list and its export (§3): A is in the RM's group
# and the regional lead's region, B in London and the RM lead's group.
SEES = {
    "admin_user": "AB",
    "programme_lead": "AB",
    "rm": "AB",
    "rm_lead": "AB",
    "learning_user": "AB",
    "regional_lead": "A",
    "member_a": "A",
    "member_b": "B",
}


@pytest.fixture
def listed(cast, vanguard_a, vanguard_b):
    """Per list, the text naming vanguard A's record and vanguard B's."""
    for vanguard, owner, key in ((vanguard_a, "rm", "A"), (vanguard_b, "rm_lead", "B")):
        ActionFactory(vanguard=vanguard, owner=cast[owner], description=f"Action for {key}")
        SupportRequestFactory(
            vanguard=vanguard, raised_by=cast[f"member_{key.lower()}"], need=f"Need of {key}"
        )
    return {
        "/vanguards/": {"A": vanguard_a.name, "B": vanguard_b.name},
        "/actions/?mine=no": {"A": "Action for A", "B": "Action for B"},
        "/support-requests/": {"A": "Need of A", "B": "Need of B"},
    }


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/vanguards/", "/actions/?mine=no", "/support-requests/"])
@pytest.mark.parametrize(("role", "sees"), SEES.items())
def test_lists_and_exports_show_only_visible_records(client, cast, listed, url, role, sees):
    client.force_login(cast[role])
    export = f"{url}{'&' if '?' in url else '?'}_export=csv"
    for page in (url, export):
        body = client.get(page).content.decode()
        for vanguard, text in listed[url].items():
            assert (text in body) == (vanguard in sees), (page, text)
