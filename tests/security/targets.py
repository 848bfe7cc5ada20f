"""What `make security` aims at, read from the demo database and written to a JSON file that the
live-server tests (tests/security/test_*.py) and the scanners (tests/security/scanners.py) read:

- a signed-in session per role of the test cast, played by the demo accounts (DESIGN.md §4):
  vanguard A is Greater Manchester (North West, the msk group of rm1), vanguard B is Frimley
  (South East, the RM lead's long-term group), as the test cast's Alpha and Bravo are;
- the permission matrix's URLs (tests/vanguards/test_permission_matrix.py MATRIX), with the
  cast's vanguards and group replaced by the demo ones;
- every route addressed by a vanguard's record (RECORD_ROUTES), filled with the ids of a real
  record of vanguard A and of vanguard B, each kind of record.

Sessions are stored as Django stores them (the database session engine), the way the test
client's force_login does: signing in over HTTP would count against the sign-in rate limit that
test_rate_limits.py checks.

    DJANGO_SETTINGS_MODULE=tests.security.settings python -m tests.security.targets OUT.json
"""

import json
import re
import sys

import django

django.setup()

from allauth.mfa.models import Authenticator  # noqa: E402
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.db.models import QuerySet  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402

from api.services import token_create  # noqa: E402
from feedback.models import Concern, PulseResponse, PulseSurvey, YouSaidWeDid  # noqa: E402
from feedback.views.concerns import STEPS as CONCERN_STEPS  # noqa: E402
from learning.models import (  # noqa: E402
    CalendarFeed,
    ConsultationComment,
    Event,
    ExchangeAnswer,
    Lesson,
    NetworkPage,
    PanelMember,
    Registration,
    ToolkitItem,
)
from maturity.models import Dimension, DimensionScore, EvidenceFile, SelfAssessment  # noqa: E402
from plans.models import Activity, Theme  # noqa: E402
from reporting.models import (  # noqa: E402
    DeliveryStrand,
    LogicItem,
    QuarterlyReport,
    QuarterlyReturn,
    QuarterlySnapshot,
    SnapshotBuild,
)
from reporting.models.counterfactual import Area  # noqa: E402
from reporting.services.reports import report_request  # noqa: E402
from tests.conftest import CAST  # noqa: E402
from tests.roles import NOT_FOUND  # noqa: E402
from tests.vanguards.test_permission_matrix import MATRIX, RECORD_ROUTES  # noqa: E402
from vanguards.models import (  # noqa: E402
    Action,
    Organisation,
    SupportOffer,
    SupportRequest,
    Touchpoint,
    Vanguard,
)
from workwell.dates import Quarter  # noqa: E402
from workwell.models import User  # noqa: E402

DEMO_CAST = {
    "admin_user": "admin@example.com",
    "programme_lead": "lead@example.com",
    "regional_lead": "regional.northwest@example.com",
    "rm": "rm1@example.com",
    "rm_lead": "rm.lead@example.com",
    "learning_user": "learning@example.com",
    "member_a": "sro.greater-manchester@example.com",
    "member_b": "sro.frimley@example.com",
    "network_partner": "partner@example.com",
}
assert set(DEMO_CAST) == set(CAST), "the demo cast must play every role of the test cast"
VANGUARD_A, VANGUARD_B = "greater-manchester", "frimley"
# The test cast's names in MATRIX's URLs, and the demo data's.
RENAMED = {"/alpha-group/": "/msk/", "/alpha/": f"/{VANGUARD_A}/", "/bravo/": f"/{VANGUARD_B}/"}


def session_for(user) -> str:
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def demo_url(url: str) -> str:
    for old, new in RENAMED.items():
        url = url.replace(old, new)
    return url


def record_values(vanguards) -> dict[str, dict]:
    """Per route prefix, the values of a real record of one of `vanguards` (a queryset) for
    the route's parameters (None where there is no such record)."""
    values = {}
    others = Vanguard.objects.exclude(pk__in=vanguards.values("pk"))

    def add(prefix, **found):
        values[prefix] = found

    def first(queryset):
        return queryset.order_by("pk").first()

    # A touchpoint may be about several vanguards: one about none of the others.
    touchpoint = first(
        Touchpoint.objects.filter(vanguards__in=vanguards).exclude(vanguards__in=others)
    )
    add("touchpoints/", pk=touchpoint and touchpoint.pk)
    action = first(Action.objects.filter(vanguard__in=vanguards))
    add("actions/", pk=action and action.pk)
    request = first(SupportRequest.objects.filter(vanguard__in=vanguards))
    add("support-requests/", pk=request and request.pk)
    evidence = first(EvidenceFile.objects.filter(score__assessment__vanguard__in=vanguards))
    assessment = evidence.score.assessment if evidence else None
    add("maturity/assessments/", pk=assessment and assessment.pk, file_pk=evidence and evidence.pk)
    comment = first(ConsultationComment.objects.filter(vanguard__in=vanguards))
    add("learning/comments/", pk=comment and comment.pk)
    # Published lessons are for everyone; a vanguard's own are its drafts and submissions.
    lessons = Lesson.objects.filter(vanguard__in=vanguards).exclude(status=Lesson.Status.PUBLISHED)
    lesson = first(lessons)
    add("learning/lessons/", pk=lesson and lesson.pk)
    concern = first(Concern.objects.filter(vanguard__in=vanguards))
    add("feedback/concerns/", pk=concern and concern.pk)
    answer = first(PulseResponse.objects.filter(vanguard__in=vanguards))
    add("feedback/results/answers/", pk=answer and answer.pk)
    activity = first(Activity.objects.filter(theme__plan__vanguard__in=vanguards))
    add(
        "plans/vanguards/<slug:slug>/activities/",
        slug=activity and activity.theme.plan.vanguard.slug,
        pk=activity and activity.pk,
    )
    theme = first(Theme.objects.filter(plan__vanguard__in=vanguards))
    add(
        "plans/vanguards/<slug:slug>/themes/",
        slug=theme and theme.plan.vanguard.slug,
        pk=theme and theme.pk,
    )
    report = first(QuarterlyReturn.objects.filter(vanguard__in=vanguards).exclude(status="draft"))
    strand = report and first(DeliveryStrand.objects.filter(returns__quarterly_return=report))
    add(
        "reporting/returns/<slug:slug>/",
        slug=report and report.vanguard.slug,
        quarter=report and f"{report.year}-q{report.number}",
        strand=strand and strand.pk,
    )
    strand = first(DeliveryStrand.objects.filter(vanguard__in=vanguards))
    add(
        "reporting/vanguards/<slug:slug>/strands/",
        slug=strand and strand.vanguard.slug,
        pk=strand and strand.pk,
    )
    item = first(LogicItem.objects.filter(version__vanguard__in=vanguards))
    add(
        "reporting/vanguards/<slug:slug>/logic-model/",
        slug=item and item.version.vanguard.slug,
        number=item and item.version.number,
        pk=item and item.pk,
        column="outputs",
    )
    document = first(QuarterlyReport.objects.filter(vanguard__in=vanguards))
    add("reporting/reports/", pk=document and document.pk)
    return values


def ensure_every_kind(vanguard, person, admin) -> None:
    """The demo data has no evidence files, and only one vanguard's quarterly report: add them
    (once) so that every kind of record is replayed for both vanguards."""
    if not EvidenceFile.objects.filter(score__assessment__vanguard=vanguard).exists():
        score = DimensionScore.objects.filter(assessment__vanguard=vanguard).order_by("pk").first()
        EvidenceFile.objects.create(
            score=score,
            file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="evidence.pdf"),
            name="evidence.pdf",
            uploaded_by=person,
        )
    if not QuarterlyReport.objects.filter(vanguard=vanguard).exists():
        national = QuarterlyReport.objects.filter(vanguard=None).order_by("pk").first()
        quarter = Quarter(national.year, national.number)
        report_request(quarter=quarter, vanguard=vanguard, by=admin)


def other_values(users) -> dict[str, dict]:
    """Per route prefix, the values of a real record for routes whose records belong to no
    vanguard (events, toolkit versions, offers, panels, the framework, ...)."""

    def first(queryset):
        return queryset.order_by("pk").first()

    event = first(Event.objects.filter(materials__isnull=False, agenda_items__isnull=False))
    event = event or first(Event.objects.filter(materials__isnull=False))
    answer = first(ExchangeAnswer.objects.all())
    item = first(ToolkitItem.objects.exclude(file="")) or first(ToolkitItem.objects.all())
    dimension = first(Dimension.objects.all())
    theme = first(Theme.objects.filter(plan__vanguard=None))
    activity = first(Activity.objects.filter(theme__plan__vanguard=None))
    snapshot = first(QuarterlySnapshot.objects.all())
    feed, _ = CalendarFeed.objects.get_or_create(person=users["admin_user"])
    return {
        "learning/events/<int:pk>/": {
            "pk": event.pk,
            "material_pk": first(event.materials.all()).pk,
            "item_pk": first(event.agenda_items.all()).pk,
        },
        "learning/events/calendar/": {"token": feed.token},
        "learning/exchange/": {"pk": answer.question_id, "answer_pk": answer.pk},
        "learning/toolkit/": {"number": item.version.number, "pk": item.pk},
        "learning/lessons/": {"pk": first(Lesson.objects.all()).pk},
        "learning/offers/": {"pk": first(SupportOffer.objects.all()).pk},
        "learning/panels/": {"pk": first(PanelMember.objects.all()).pk},
        "learning/network/": {"slug": first(NetworkPage.objects.all()).slug},
        "maturity/framework/": {"pk": dimension.framework_id, "dimension_pk": dimension.pk},
        "plans/programme/themes/": {"pk": theme.pk},
        "plans/programme/activities/": {"pk": activity.pk},
        "feedback/you-said-we-did/": {"pk": first(YouSaidWeDid.objects.all()).pk},
        "vanguards/organisations/": {"pk": first(Organisation.objects.all()).pk},
        "vanguards/people/": {"user_id": users["member_a"].pk},
        "reporting/counterfactual/areas/": {"pk": first(Area.objects.all()).pk},
        "reporting/snapshots/builds/": {"pk": first(SnapshotBuild.objects.all()).pk},
        "reporting/snapshots/<str:quarter>/": {
            "quarter": f"{snapshot.year}-{str(snapshot.year + 1)[-2:]}-q{snapshot.number}",
            "revision": snapshot.revision,
        },
        "healthz": {},
    }


def api_values(users) -> dict[str, dict]:
    """The data API's records, of vanguard A where they have a vanguard, walked for the headers
    and server errors as the admin's session reads them. The API is read-only (a POST is 405),
    so it is not in the GET-and-POST replay of hidden records: which role reads which record
    is tested per kind, with each role's token, in tests/api/."""

    def first(queryset):
        return queryset.order_by("pk").first()

    a = Vanguard.objects.get(slug=VANGUARD_A)
    token, _secret = token_create(
        owner=users["admin_user"], name="Security checks", expires_in_days=7
    )
    records = {
        "touchpoints": Touchpoint.objects.filter(vanguards=a),
        "actions": Action.objects.filter(vanguard=a),
        "support-requests": SupportRequest.objects.filter(vanguard=a),
        "strands": DeliveryStrand.objects.filter(vanguard=a),
        "assessments": SelfAssessment.objects.filter(vanguard=a),
        "returns": QuarterlyReturn.objects.filter(vanguard=a).exclude(status="draft"),
        "pulse-results": PulseSurvey.objects.exclude(status=PulseSurvey.Status.SCHEDULED),
        "concerns": Concern.objects.filter(vanguard=a),
        "events": Event.objects.all(),
        "registrations": Registration.objects.all(),
        "snapshots": QuarterlySnapshot.objects.all(),
    }
    values = {
        f"api/v1/{kind}/": {"pk": first(rows) and first(rows).pk} for kind, rows in records.items()
    }
    return {
        **values,
        "api/v1/vanguards/": {"slug": VANGUARD_A},
        "api/v1/funding/": {"slug": VANGUARD_A},
        "api/tokens/": {"pk": token.pk},
    }


PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


def fill(values: dict[str, dict]) -> dict[str, str]:
    """Each RECORD_ROUTES route under one of `values`' prefixes, filled with its values:
    {url: route}. A route whose values are missing (no such record) is left out."""
    urls = {}
    for route in RECORD_ROUTES:
        for prefix, found in values.items():
            if not route.startswith(prefix):
                continue
            steps = list(CONCERN_STEPS) if "<slug:step>" in route else [None]
            for step in steps:
                params = {**found, "step": step}
                if all(params.get(name) is not None for name in PARAMETER.findall(route)):
                    url = "/" + PARAMETER.sub(lambda m, p=params: str(p[m.group(1)]), route)
                    urls[url] = route
    return urls


def record_urls(vanguards) -> dict[str, str]:
    """Each route addressed by a vanguard's record, with a record of one of `vanguards`."""
    return fill(record_values(vanguards))


def vanguard_routes() -> list[str]:
    """The record routes addressed by a vanguard's record (each must be replayed)."""
    prefixes = record_values(Vanguard.objects.none())
    return sorted(route for route in RECORD_ROUTES if route.startswith(tuple(prefixes)))


# Whose records each role must get a 404 for: another vanguard's (a regional lead's: outside
# their region; a network partner's: any vanguard's).
def hidden_from(role: str, users) -> "QuerySet[Vanguard]":
    if role == "regional_lead":
        return Vanguard.objects.exclude(region__slug="north-west")
    if role.startswith("member_"):
        return Vanguard.objects.exclude(members__user=users[role])
    return Vanguard.objects.all()


# Signs in over HTTP in the rate-limit checks; plays no role in the matrix.
MFA_PERSON = "rm3@example.com"


def with_authenticator(email: str) -> str:
    """Give the person a fresh authenticator app (allauth's own TOTP); returns its secret."""
    user = User.objects.get(email=email)
    Authenticator.objects.filter(user=user).delete()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def clear_rate_limits() -> None:
    """Forget allauth's sign-in counters, so a run within 5 minutes of the last starts afresh."""
    client = cache._cache.get_client(write=True)
    for key in client.scan_iter(match="*allauth:rl:*"):
        client.delete(key)


HIDDEN_ROLES = ("member_a", "member_b", "regional_lead", "network_partner")


def main(out: str) -> None:
    users = {role: User.objects.get(email=email) for role, email in DEMO_CAST.items()}
    a = Vanguard.objects.filter(slug=VANGUARD_A)
    b = Vanguard.objects.filter(slug=VANGUARD_B)
    ensure_every_kind(a.get(), users["member_a"], users["admin_user"])
    ensure_every_kind(b.get(), users["member_b"], users["admin_user"])
    clear_rate_limits()
    targets = {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "sessions": {role: session_for(user) for role, user in users.items()},
        "emails": DEMO_CAST,
        "matrix": {
            demo_url(url): {role: answers.get(role, NOT_FOUND) for role in CAST}
            for url, answers in MATRIX.items()
        },
        # Vanguard A's records, for the walk of every route (headers, no server error).
        "own_records": record_urls(a),
        "hidden_records": {role: record_urls(hidden_from(role, users)) for role in HIDDEN_ROLES},
        "vanguard_routes": vanguard_routes(),
        "other_records": fill({**other_values(users), **api_values(users)}),
        "password": settings.DEMO_PASSWORD,
        "mfa": {"email": MFA_PERSON, "secret": with_authenticator(MFA_PERSON)},
    }
    with open(out, "w") as handle:
        json.dump(targets, handle, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
