"""The demo support menu and a handful of support requests in every state.

Offers come from the NST's service delivery model (briefings, webinars, coaching, training, peer
sessions, self-directed materials; Collaborate as improvement partner for emerging vanguards;
the Learning and Change Network) and the earlier NHS new care models support package (logic
models, standard dashboards, buddying and mentoring). Requests are moved through the real
services, then their timestamps and history are set back in time so the clocks look lived-in.
"""

import datetime

from django.utils import timezone

from vanguards.models import SupportOffer, SupportRequest, Touchpoint, Vanguard
from vanguards.services import support as services
from workwell.dates import is_working_day
from workwell.models import ProgrammeTheme, User

COLLABORATE = "Collaborate (improvement partner)"
MUTUAL_VENTURES = "Mutual Ventures"
PA = "PA Consulting"
NETWORK = "Learning and Change Network"
E, M, L = "emerging", "maturing", "leading"

# (title, channel, delivered by, bands, scaffolded, theme slugs, description)
OFFERS = [
    (
        "Getting started: WorkWell programme briefing",
        SupportOffer.Channel.BRIEFING,
        PA,
        {E},
        True,
        ["leadership-and-governance", "programme-management"],
        "A one-hour briefing for new SROs and programme teams on what the programme expects in "
        "the first six months: the Maturity Assessment Matrix, quarterly returns, the funding "
        "model and how your relationship manager works with you.",
    ),
    (
        "Partnership and system mapping workshop",
        SupportOffer.Channel.TRAINING,
        COLLABORATE,
        {E, M},
        True,
        ["partnership-and-system-working"],
        "A facilitated half-day session with your ICB, council, combined authority and VCSE "
        "partners to identify the key players, map the local system and agree who does what. "
        "Built from Collaborate's existing tools and templates.",
    ),
    (
        "Collaboration coaching for SROs",
        SupportOffer.Channel.COACHING,
        COLLABORATE,
        {E},
        True,
        ["leadership-and-governance", "partnership-and-system-working"],
        "Six one-to-one coaching conversations for the vanguard SRO, focused on building the "
        "partnership and getting ready to deliver. Offered first to vanguards with lower "
        "maturity, to help them step up to a maturing partnership.",
    ),
    (
        "Logic model and outcomes framework clinic",
        SupportOffer.Channel.COACHING,
        PA,
        {E, M},
        False,
        ["data-evaluation-and-impact"],
        "Intensive one-to-one support to develop and refine your logic model and the outcomes "
        "you will report, so that your quarterly returns show the difference the service makes.",
    ),
    (
        "Standard dashboard and data capture walkthrough",
        SupportOffer.Channel.WEBINAR,
        PA,
        {E, M, L},
        False,
        ["data-evaluation-and-impact", "programme-management"],
        "A recorded walkthrough of the standard quarterly dashboard: what each measure means, "
        "where the data comes from, and how to capture it once for both the dashboard and "
        "the evaluation.",
    ),
    (
        "Monthly policy webinar",
        SupportOffer.Channel.WEBINAR,
        NETWORK,
        {E, M, L},
        False,
        ["health-and-employment-pathways", "learning-and-improvement"],
        "Monthly webinars on topical issues such as fit note reform and changes to employment "
        "support, for people across the programme to come together online.",
    ),
    (
        "Cohort peer learning session",
        SupportOffer.Channel.PEER_SESSION,
        NETWORK,
        {E, M, L},
        False,
        ["learning-and-improvement", "service-design-and-delivery"],
        "A facilitated session for the vanguards in a cohort group to share problems and "
        "solutions about their shared target cohort.",
    ),
    (
        "Mentoring from a leading vanguard",
        SupportOffer.Channel.PEER_SESSION,
        NETWORK,
        {E, M},
        False,
        ["learning-and-improvement", "leadership-and-governance"],
        "We match you with a leading vanguard that has solved a problem you are facing, for "
        "buddying and mentoring outside the cohort group sessions.",
    ),
    (
        "Service design sprint",
        SupportOffer.Channel.TRAINING,
        MUTUAL_VENTURES,
        {M, L},
        False,
        ["service-design-and-delivery", "lived-experience-and-engagement"],
        "A two-week sprint with people who use your service to redesign one part of the "
        "participant journey, from referral to the first work and health conversation.",
    ),
    (
        "Employer engagement toolkit",
        SupportOffer.Channel.SELF_DIRECTED,
        NETWORK,
        {E, M, L},
        True,
        ["health-and-employment-pathways", "partnership-and-system-working"],
        "Self-directed templates and guides for reaching local employers, from first contact "
        "to an agreed referral route. Part of the WorkWell toolkit.",
    ),
    (
        "Work and health coach induction",
        SupportOffer.Channel.TRAINING,
        PA,
        {E, M},
        False,
        ["workforce-and-skills"],
        "Induction training for new work and health coaches: the light-touch model, "
        "motivational conversations and when to refer on.",
    ),
    (
        "Sustainability and business case support",
        SupportOffer.Channel.COACHING,
        MUTUAL_VENTURES,
        {M, L},
        False,
        ["sustainability-and-spread"],
        "Coaching to build the case for funding beyond the pilot, using the HM Treasury Better "
        "Business Case approach, and to plan spread to fast followers.",
    ),
    (
        "Lived experience panel set-up guide",
        SupportOffer.Channel.SELF_DIRECTED,
        COLLABORATE,
        {E, M, L},
        False,
        ["lived-experience-and-engagement"],
        "A step-by-step guide to setting up and paying a lived experience panel that shapes "
        "your service, with example terms of reference.",
    ),
]


def seed_offers(actor: User) -> dict[str, SupportOffer]:
    offers = {}
    for title, channel, delivered_by, bands, scaffolded, theme_slugs, description in OFFERS:
        offer = SupportOffer.objects.filter(title=title).first()
        if offer is None:
            offer = services.support_offer_save(
                actor=actor,
                data={
                    "title": title,
                    "description": description,
                    "channel": channel,
                    "delivered_by": delivered_by,
                    "for_emerging": E in bands,
                    "for_maturing": M in bands,
                    "for_leading": L in bands,
                    "scaffolded": scaffolded,
                },
                themes=ProgrammeTheme.objects.filter(slug__in=theme_slugs),
            )
        offers[title] = offer
    return offers


def _working_days_ago(today: datetime.date, days: int) -> datetime.date:
    day = today
    while days > 0:
        day -= datetime.timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 15)))


def _backdate_last_step(support_request: SupportRequest, when: datetime.datetime) -> None:
    latest = support_request.history.order_by("-history_date", "-history_id").first()
    support_request.history.filter(history_id=latest.history_id).update(history_date=when)


def _rm_for(vanguard: Vanguard) -> User:
    membership = vanguard.group_memberships.filter(ended_on__isnull=True).first()
    return membership.cohort_group.relationship_manager


# (vanguard slug, offer title or None, urgency, working days ago raised, final state, need);
# "redirected" is triage's redirect, which closes the request with a note.
REQUESTS = [
    (
        "south-yorkshire",
        "Logic model and outcomes framework clinic",
        SupportRequest.Urgency.MEDIUM,
        6,
        "new",
        "Our outcomes framework does not yet say how we will count sustained return to work. "
        "We would like help before our next quarterly return.",
    ),
    (
        "frimley",
        None,
        SupportRequest.Urgency.LOW,
        1,
        "new",
        "Advice on data-sharing agreements with the two councils for referrals from social "
        "prescribers.",
    ),
    (
        "dorset",
        "Collaboration coaching for SROs",
        SupportRequest.Urgency.HIGH,
        9,
        "in_progress",
        "Our new SRO starts next month and would value coaching on bringing the partnership "
        "together.",
    ),
    (
        "greater-manchester",
        "Standard dashboard and data capture walkthrough",
        SupportRequest.Urgency.MEDIUM,
        15,
        "delivered",
        "A walkthrough of the dashboard for our new data analyst and our three delivery partners.",
    ),
    (
        "cheshire-and-merseyside",
        "Employer engagement toolkit",
        SupportRequest.Urgency.LOW,
        30,
        "closed",
        "Help using the employer engagement toolkit with small employers in Liverpool city region.",
    ),
    (
        "birmingham-and-solihull",
        None,
        SupportRequest.Urgency.HIGH,
        12,
        "declined",
        "Funding for an additional work and health coach for the summer.",
    ),
    (
        "north-east-london",
        "Service design sprint",
        SupportRequest.Urgency.MEDIUM,
        8,
        "triaged",
        "A design sprint on the referral route from musculoskeletal physiotherapy services.",
    ),
    (
        "leicester-leicestershire-and-rutland",
        None,
        SupportRequest.Urgency.LOW,
        20,
        "redirected",
        "Help choosing a case management system for our work and health coaches.",
    ),
]


def _walk(support_request, *, state, rm, raised_on, today):
    """Move the request to `state` one service call at a time, each step dated after the last."""
    Status = SupportRequest.Status
    if state == Status.NEW:
        return

    def next_day(day):
        following = day + datetime.timedelta(days=1)
        while not is_working_day(following):
            following += datetime.timedelta(days=1)
        return min(following, today)

    step_day = next_day(raised_on)
    triaged_at = _at(step_day, 10)
    request = {"support_request": support_request, "by": rm}
    if state == "redirected":
        services.support_request_redirect(
            **request,
            note="The ICB's own digital team already runs this; we have introduced you to "
            "their lead, who will be in touch.",
        )
    elif state == Status.DECLINED:
        services.support_request_decline(
            **request,
            reason="Vanguard funding cannot be used for extra posts through the NST. Your RM "
            "will talk through the 40% performance element with you at the next check-in.",
        )
    else:
        services.support_request_accept(**request, assigned_to=rm)
    _backdate_last_step(support_request, triaged_at)
    stamps = {"triaged_at": triaged_at}
    if state in ("redirected", Status.DECLINED):  # triage closed it
        stamps["closed_at"] = triaged_at
    SupportRequest.objects.filter(pk=support_request.pk).update(**stamps)
    if state in ("redirected", Status.DECLINED, Status.TRIAGED):
        return
    step_day = next_day(step_day)
    services.support_request_start(support_request=support_request, by=rm)
    _backdate_last_step(support_request, _at(step_day, 11))
    if state == Status.IN_PROGRESS:
        return
    step_day = next_day(next_day(step_day))
    touchpoints = Touchpoint.objects.filter(
        vanguards=support_request.vanguard,
        status=Touchpoint.Status.COMPLETE,
        archived_at__isnull=True,
        date__gte=raised_on,
    )[:1]
    services.support_request_deliver(
        support_request=support_request,
        by=rm,
        notes="Delivered as a 90-minute session on video with the team; slides and the "
        "recording are on the Future NHS workspace.",
        touchpoints=list(touchpoints),
    )
    _backdate_last_step(support_request, _at(step_day, 14))
    SupportRequest.objects.filter(pk=support_request.pk).update(delivered_at=_at(step_day, 14))
    if state == Status.DELIVERED:
        return
    member = support_request.raised_by
    services.support_request_rate(
        support_request=support_request,
        by=member,
        rating=4,
        comment="Practical and well pitched. A follow-up session for partners would help.",
    )
    step_day = next_day(step_day)
    _backdate_last_step(support_request, _at(step_day, 9))
    services.support_request_close(support_request=support_request, by=rm)
    _backdate_last_step(support_request, _at(step_day, 12))
    SupportRequest.objects.filter(pk=support_request.pk).update(closed_at=_at(step_day, 12))


def seed_support(registry: dict) -> dict:
    """The support menu and example requests; running it again creates nothing new."""
    offers = seed_offers(registry["users"]["learning@example.com"])
    today = timezone.localdate()
    vanguards = {vanguard.slug: vanguard for vanguard in registry["vanguards"]}
    requests = []
    for slug, offer_title, urgency, days_ago, state, need in REQUESTS:
        vanguard = vanguards[slug]
        existing = SupportRequest.objects.filter(vanguard=vanguard, need=need).first()
        if existing:
            requests.append(existing)
            continue
        member = User.objects.get(email=f"sro.{slug}@example.com")
        raised_on = _working_days_ago(today, days_ago)
        support_request = services.support_request_raise(
            raised_by=member,
            vanguard=vanguard,
            need=need,
            urgency=urgency,
            offer=offers[offer_title] if offer_title else None,
            today=raised_on,
        )
        # raised_at is set on insert; move it (and its history) back to the demo date.
        SupportRequest.objects.filter(pk=support_request.pk).update(raised_at=_at(raised_on, 9))
        _backdate_last_step(support_request, _at(raised_on, 9))
        support_request.refresh_from_db()
        _walk(
            support_request,
            state=state,
            rm=_rm_for(vanguard),
            raised_on=raised_on,
            today=today,
        )
        requests.append(support_request)
    return {"offers": offers, "support_requests": requests}
