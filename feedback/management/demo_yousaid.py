"""Demo regional feedback from two regions over the last two quarters, and four "you said, we
did" entries (three published, one draft) linked to a demo concern, consultation comments,
regional feedback and pulse themes. Running it again creates nothing new."""

import datetime

from django.conf import settings
from django.utils import timezone

from learning.models import ConsultationComment, Event
from vanguards.models import Region, RegionalLead, Vanguard
from workwell.dates import Quarter
from workwell.models import ProgrammeTheme, Role, User

from ..models import Concern, RegionalFeedback, YouSaidWeDid
from ..services.regional import regional_feedback_submit
from ..services.yousaid import you_said_save

SECOND_LEAD = ("regional.east@example.com", "Tom Ashworth", "east-of-england")

# (lead email, quarters back, overall rating, observations, [(vanguard slug, rating, comment)])
FEEDBACK = [
    (
        "regional.northwest@example.com",
        1,
        4,
        "Relationship managers are well known to the ICB leads. The cohort sessions on "
        "musculoskeletal pathways were well attended; the outcomes measures still confuse people.",
        [("greater-manchester", 5, "Strong partnership with the combined authority.")],
    ),
    (
        "regional.northwest@example.com",
        0,
        3,
        "Check-ins were cancelled at short notice twice this quarter, and the toolkit slides "
        "did not match the current version.",
        [("cheshire-and-merseyside", 2, "Wants a steadier rhythm of check-ins.")],
    ),
    (
        "regional.east@example.com",
        1,
        5,
        "The learning events have helped the region's vanguards share their referral routes.",
        [],
    ),
    (
        "regional.east@example.com",
        0,
        4,
        "Good support overall. Vanguards asked for more notice of network events.",
        [],
    ),
]


def _second_lead() -> User:
    email, name, region_slug = SECOND_LEAD
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=settings.DEMO_PASSWORD, full_name=name, role=Role.REGIONAL_LEAD
        )
    RegionalLead.objects.get_or_create(
        user=user, defaults={"region": Region.objects.get(slug=region_slug)}
    )
    return user


def _seed_regional_feedback(today: datetime.date) -> list[RegionalFeedback]:
    _second_lead()
    feedback = []
    for email, back, rating, observations, vanguards in FEEDBACK:
        quarter = Quarter.containing(today)
        for _ in range(back):
            quarter = quarter.previous()
        day = min(quarter.end - datetime.timedelta(days=10), today)
        author = User.objects.get(email=email)
        ratings = {
            Vanguard.objects.get(slug=slug).pk: (value, comment)
            for slug, value, comment in vanguards
        }
        item = regional_feedback_submit(
            author=author,
            rating=rating,
            observations=observations,
            vanguard_ratings=ratings,
            today=day,
        )
        at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
        RegionalFeedback.objects.filter(pk=item.pk).update(submitted_at=at, updated_at=at)
        feedback.append(item)
    return feedback


def seed_you_said_we_did(registry: dict) -> list[YouSaidWeDid]:
    today = timezone.localdate()
    feedback = _seed_regional_feedback(today)
    keeper = registry["users"]["rm.lead@example.com"]
    quarter = Quarter.containing(today).previous()
    concern = Concern.objects.order_by("pk").first()
    comments = list(ConsultationComment.objects.order_by("pk")[:2])
    themes = list(ProgrammeTheme.objects.order_by("order", "pk")[:2])
    heard_at = (
        Event.objects.filter(
            kind=Event.Kind.NETWORK_EVENT,
            ends_at__lte=timezone.now(),
            what_we_heard__published_at__isnull=False,
        )
        .order_by("-starts_at")
        .first()
    )
    entries = [
        {
            "title": "A named back-up for every relationship manager",
            "you_said": "Check-ins were cancelled at short notice and nobody else could help.",
            "we_did": "Every relationship manager now has a named back-up who takes their "
            "check-ins when they are away, and cancellations are agreed with the vanguard.",
            "concerns": [concern] if concern else [],
            "regional_feedback": [feedback[1]],
            "published": True,
        },
        {
            "title": "Toolkit slides that match the version in use",
            "you_said": "Session slides did not match the toolkit version vanguards were using.",
            "we_did": "Slides are now built from the published toolkit version, and each "
            "session names the version it uses.",
            "consultation_comments": comments,
            "published": True,
        },
        {
            "title": "More notice of network events",
            "you_said": "Events were announced too close to the date to plan cover.",
            "we_did": "Network events are now published at least six weeks ahead.",
            "regional_feedback": [feedback[3]],
            "pulse_themes": themes,
            "published": True,
        },
        {
            "title": "One definition of a participant",
            "you_said": "At the network event, vanguards found they counted participants "
            "differently, so their returns could not be compared.",
            "we_did": "We agreed one definition with the vanguards and put it in the "
            "quarterly return's guidance and the toolkit.",
            "event": heard_at,
            "published": True,
        },
        {
            "title": "Plainer guidance on the outcomes measures",
            "you_said": "The outcomes measures in the quarterly return are hard to follow.",
            "we_did": "We are rewriting the guidance with three vanguards; it will be "
            "published with the next return.",
            "regional_feedback": [feedback[0]],
            "pulse_themes": themes[:1],
            "published": False,
        },
    ]
    saved = []
    for data in entries:
        existing = YouSaidWeDid.objects.filter(title=data["title"]).first()
        if existing:
            saved.append(existing)
            continue
        saved.append(
            you_said_save(
                by=keeper,
                year=quarter.year,
                number=quarter.number,
                **{"you_said": "", "we_did": "", **data},
            )
        )
    return saved
