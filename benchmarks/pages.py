"""The pages `make bench` measures, each as one signed-in role sees it with the demo data."""

import datetime
from dataclasses import dataclass

from workwell.dates import Quarter


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    email: str  # the demo account whose session requests it; "" for anonymous
    # A form page measured by sending it filled in (a new record each time), not by reading it.
    sent: bool = False

    @property
    def key(self) -> str:
        return self.name.replace(" ", "-").replace("(", "").replace(")", "")


RM = "rm1@example.com"
MEMBER = "sro.greater-manchester@example.com"


def _slug(quarter: Quarter) -> str:  # as feedback.forms.quality.quarter_slug, e.g. 2026-27-q2
    return f"{quarter.year}-{str(quarter.year + 1)[-2:]}-q{quarter.number}"


# The strategic review of the last closed quarter (the one the demo data fills), and the open
# quarter's: its figures, like the dashboard's, are read live (a closed quarter's dashboard
# reads its snapshot).
_OPEN = Quarter.containing(datetime.date.today())
REVIEW = f"/feedback/review/{_slug(_OPEN.previous())}/"
OPEN_REVIEW = f"/feedback/review/{_slug(_OPEN)}/"
OPEN_DASHBOARD = f"/reporting/dashboard/?quarter={_slug(_OPEN)}"
BARE = Page("bare Django view", "/bench/bare", RM)
LIGHTEST = Page("accessibility statement", "/accessibility/", RM)

PAGES = [
    BARE,
    Page("healthz (anonymous)", "/healthz", ""),
    LIGHTEST,
    Page("RM home", "/", RM),
    Page("RM lead home", "/", "rm.lead@example.com"),
    Page("admin home", "/", "admin@example.com"),
    Page("programme lead home", "/", "lead@example.com"),
    Page("member home", "/", MEMBER),
    Page("learning team home", "/", "learning@example.com"),
    Page("regional lead home", "/", "regional.northwest@example.com"),
    Page("network partner home", "/", "partner@example.com"),
    Page("vanguard list", "/vanguards/", RM),
    Page("vanguard profile", "/vanguards/greater-manchester/", RM),
    Page("vanguard profile (member)", "/vanguards/greater-manchester/", MEMBER),
    Page("touchpoint list", "/touchpoints/", RM),
    Page("touchpoint list (member)", "/touchpoints/", MEMBER),
    Page("actions", "/actions/", RM),
    Page("actions (member)", "/actions/", MEMBER),
    Page("support requests", "/support-requests/", RM),
    Page("maturity results", "/maturity/", RM),
    Page("maturity results (programme lead)", "/maturity/", "lead@example.com"),
    Page("network events", "/learning/events/", MEMBER),
    Page("past network events", "/learning/events/?when=past", RM),
    Page("toolkit list", "/learning/toolkit/", MEMBER),
    Page("toolkit search", "/learning/toolkit/?q=employers+work", MEMBER),
    Page("consultation comments", "/learning/comments/", "learning@example.com"),
    Page("consultation comments (member)", "/learning/comments/", MEMBER),
    Page("lessons learnt", "/learning/lessons/", "learning@example.com"),
    Page("lessons learnt (network partner)", "/learning/lessons/", "partner@example.com"),
    Page("peer exchange", "/learning/exchange/", MEMBER),
    Page("peer exchange (network partner)", "/learning/exchange/", "partner@example.com"),
    Page("peer exchange search", "/learning/exchange/?q=referrals+huddle", MEMBER),
    Page("pulse results", "/feedback/results/", "lead@example.com"),
    Page("pulse results (member)", "/feedback/results/", MEMBER),
    Page("pulse survey", "/feedback/pulse/", MEMBER),
    Page("concerns (RM lead)", "/feedback/concerns/", "rm.lead@example.com"),
    Page("concerns (member)", "/feedback/concerns/", MEMBER),
    Page("quality review (programme lead)", REVIEW, "lead@example.com"),
    Page("quality review open quarter (programme lead)", OPEN_REVIEW, "lead@example.com"),
    Page("feedback home (you said, we did)", "/feedback/", MEMBER),
    Page("regional feedback", "/feedback/regional/", "rm.lead@example.com"),
    Page("dashboard (programme lead)", "/reporting/dashboard/", "lead@example.com"),
    Page("dashboard open quarter (programme lead)", OPEN_DASHBOARD, "lead@example.com"),
    Page("vanguard dashboard (member)", "/reporting/vanguards/greater-manchester/", MEMBER),
    Page("funding (programme lead)", "/reporting/funding/", "lead@example.com"),
    Page("vanguard funding (member)", "/reporting/funding/greater-manchester/", MEMBER),
    Page("quarterly returns", "/reporting/returns/", "admin@example.com"),
    Page("quarterly returns (RM)", "/reporting/returns/", RM),
    Page("quarterly returns (member)", "/reporting/returns/", MEMBER),
    Page("return due dates", "/reporting/returns/due-dates/", "admin@example.com"),
    Page("quarterly reports", "/reporting/reports/", "admin@example.com"),
    Page("quarterly reports (member)", "/reporting/reports/", MEMBER),
    Page("quarterly snapshots", "/reporting/snapshots/", "admin@example.com"),
    Page("logic model (RM)", "/reporting/vanguards/greater-manchester/logic-model/", RM),
    Page(
        "logic model versions (member)",
        "/reporting/vanguards/greater-manchester/logic-model/versions/",
        MEMBER,
    ),
    Page("delivery plan (member)", "/plans/vanguards/greater-manchester/", MEMBER),
    Page("delivery plan (RM)", "/plans/vanguards/greater-manchester/", RM),
    Page("programme plan", "/plans/programme/", "learning@example.com"),
    # Logging a touchpoint: the form sent, checked, saved (with its history) and redirected.
    Page("touchpoint form submit", "/touchpoints/new/", RM, sent=True),
    # The form drawn for the RM lead, who may log for every vanguard (215 at national scale).
    Page("touchpoint form (RM lead)", "/touchpoints/new/", "rm.lead@example.com"),
    # The data API's lists, a full page (500) each. The bench signs in with a session, which
    # the API accepts for GET; a token costs the same one query as the session's row and user
    # (api.authentication), so the numbers stand for token callers too.
    Page("API vanguards", "/api/v1/vanguards/?page_size=500", RM),
    Page("API touchpoints", "/api/v1/touchpoints/?page_size=500", RM),
    Page("API touchpoints (member)", "/api/v1/touchpoints/?page_size=500", MEMBER),
    Page("API touchpoints CSV", "/api/v1/touchpoints/?page_size=500&format=csv", RM),
    Page("API actions", "/api/v1/actions/?page_size=500", RM),
    Page("API support requests", "/api/v1/support-requests/?page_size=500", RM),
    Page("API strands", "/api/v1/strands/?page_size=500", MEMBER),
    Page("API assessments", "/api/v1/assessments/?page_size=500", RM),
    Page("API returns", "/api/v1/returns/?page_size=500", RM),
    Page("API funding", "/api/v1/funding/?page_size=500", RM),
    Page("API pulse results", "/api/v1/pulse-results/", RM),
    Page("API concerns", "/api/v1/concerns/?page_size=500", RM),
    Page("API events", "/api/v1/events/?page_size=500", RM),
    Page("API registrations", "/api/v1/registrations/?page_size=500", MEMBER),
    Page("API snapshots", "/api/v1/snapshots/?page_size=500", "admin@example.com"),
]


def page_named(text: str) -> Page:
    for page in PAGES:
        if page.key == text or page.name == text:
            return page
    raise SystemExit(f"no page {text!r}; pages: {', '.join(page.key for page in PAGES)}")
