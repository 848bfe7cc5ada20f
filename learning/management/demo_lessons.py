"""The demo lessons-learnt library and two network partners.

A dozen lessons in every state (published, submitted, returned with the learning team's reason,
draft), written by vanguard SROs and the NST in the programme's own words: the Manchester
board paper's MSK pathway Kickstarter, Be Well and culturally competent VCSE strands; the
service delivery model's cohort groups, Maturity Assessment Matrix and Learning and Change
Network. Lessons go through the real services, then their dates are set back in time.

Two non-vanguard ICBs join as network partners (matched to vanguards through the cohort
groups and themes they share), each with a person who signs in as partner@example.com or
partner.lincolnshire@example.com.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from maturity.selectors.framework import framework_current
from vanguards.models import CohortGroup, NetworkPartnerContact, Organisation, SupportOffer
from workwell.models import ProgrammeTheme, Role, User

from ..models import Lesson
from ..selectors.lessons import history_saves
from ..services import lessons as services

P, S, R, D = "published", "submitted", "returned", "draft"
NST = None  # written by the NST about the programme as a whole

# (author email, vanguard slug or NST, state, days ago written, themes, title,
#  problem, tried, happened, takeaways, return reason, support offers it informed)
LESSONS = [
    (
        "sro.greater-manchester@example.com",
        "greater-manchester",
        P,
        300,
        ["health-and-employment-pathways", "service-design-and-delivery"],
        "Work and health coaches inside the MSK pathway",
        "Patients waiting for musculoskeletal treatment were losing their jobs before they "
        "reached a clinic. The hospital saw 90,000 MSK consultations a year but had no route "
        "into employment support.",
        "We turned the North Manchester Kickstarter into a citywide offer: **work and health "
        "coaches co-located in MSK clinics**, designed with the clinicians, offering support in "
        "clinic, in the community, by telephone and online. Patients on waiting lists were "
        "offered it too.",
        "43 referrals in the first months of the Kickstarter, with strong feedback from "
        "clinicians, made the case for WorkWell funding to extend it across the city and into "
        "Trafford.",
        "* Design the offer *with* clinicians, in their clinics, not around them\n"
        "* Include people already on the waiting list: that is where jobs are lost\n"
        "* Start small, evaluate from day one, then scale",
        "",
        ["Work and health coach induction"],
    ),
    (
        "sro.greater-manchester@example.com",
        "greater-manchester",
        P,
        240,
        ["lived-experience-and-engagement", "partnership-and-system-working"],
        "Culturally competent VCSE partners reach residents services miss",
        "Black and Asian residents were under-represented in employability support, and the "
        "provider market for culturally competent services was not developed.",
        "We commissioned two VCSE organisations by grant, one working with Black and one with "
        "Asian residents, to build trust and a WorkWell plan, with a co-ordinated referral "
        "route into the Be Well social prescribing service.",
        "Engagement rose in communities that had not used the service, and the VCSE partners "
        "are now ready to bid as sub-contractors in future years.",
        "Advertising the opportunity openly grew the market as well as the service. Budget "
        "time for the VCSE partners to learn the referral route before the first referrals.",
        "",
        ["Lived experience panel set-up guide"],
    ),
    (
        "sro.cheshire-and-merseyside@example.com",
        "cheshire-and-merseyside",
        P,
        200,
        ["health-and-employment-pathways"],
        "Fit note conversations as the front door",
        "People signed off with common mental health conditions were not offered any work "
        "support until they had been out of work for months.",
        "GP practices added a WorkWell referral option to the fit note conversation, with a "
        "short script for clinicians and a call back from a coach within five working days.",
        "Referrals from primary care tripled in a quarter, and more participants were still in "
        "work when they joined.",
        "Give clinicians one sentence to say and one button to press. Anything longer is lost "
        "in a ten-minute appointment.",
        "",
        [],
    ),
    (
        "sro.south-yorkshire@example.com",
        "south-yorkshire",
        P,
        150,
        ["data-evaluation-and-impact"],
        "One data capture form for three delivery partners",
        "Each delivery partner recorded participants differently, so the quarterly return took "
        "two weeks to reconcile and the numbers still did not agree.",
        "We agreed a single data capture form with the partners, mapped to the standard "
        "dashboard, and a monthly check of the figures instead of a quarterly scramble.",
        "The last quarterly return was submitted on time with no corrections from the NST.",
        "Agree definitions (what counts as a participant, when someone is in work) before the "
        "first referral, not after the first return.",
        "",
        ["Standard dashboard and data capture walkthrough"],
    ),
    (
        "rm1@example.com",
        NST,
        P,
        120,
        ["learning-and-improvement", "partnership-and-system-working"],
        "Cohort sessions work best on one shared problem",
        "Early cohort sessions covered every vanguard's update in turn and left no time for "
        "the peer learning they were meant for.",
        "The musculoskeletal cohort group agreed one shared problem per session (waiting-list "
        "engagement, then employer contact) and sent updates in writing beforehand.",
        "Vanguards rated the sessions more useful, and two of them now run a joint pilot.",
        "Send updates before the session; spend the session on one question everyone has.",
        "",
        ["Cohort peer learning session"],
    ),
    (
        "learning@example.com",
        NST,
        P,
        90,
        ["leadership-and-governance"],
        "Baseline maturity reports land better in person",
        "Vanguards read their first Maturity Assessment Matrix reports as a judgement, and some "
        "boards asked why they were rated emerging.",
        "We ran a dry run of a Learning and Change Network event to share the draft findings "
        "with the core team and regional leads first, then talked each SRO through their "
        "report before it went to their board.",
        "No vanguard challenged its band, and most asked for the support offers linked to their "
        "lowest dimension.",
        "Show the band alongside what would move it. A matrix is a map, not a mark.",
        "",
        ["Collaboration coaching for SROs"],
    ),
    (
        "sro.frimley@example.com",
        "frimley",
        S,
        20,
        ["workforce-and-skills"],
        "Recruiting coaches from the NHS workforce",
        "We could not recruit enough work and health coaches from the employability sector.",
        "We opened the roles to NHS staff on secondment, with a four-week induction.",
        "All six posts were filled and the coaches knew the local pathways from the start.",
        "Look inside the health system for coaches: they already know the pathways.",
        "",
        [],
    ),
    (
        "sro.dorset@example.com",
        "dorset",
        S,
        10,
        ["lived-experience-and-engagement"],
        "Reaching young people in seasonal work",
        "Young people in seasonal hospitality work rarely saw a GP and never heard of WorkWell.",
        "We worked through employers and the colleges, with drop-ins at the start of the season.",
        "Forty young people joined in the first summer, most still in work.",
        "Go where young people already are, at the time of year they are there.",
        "",
        [],
    ),
    (
        "sro.birmingham-and-solihull@example.com",
        "birmingham-and-solihull",
        R,
        40,
        ["partnership-and-system-working"],
        "Sharing data between the council and the ICB",
        "We could not share participant data between the council and the ICB.",
        "A data sharing agreement.",
        "It took a long time.",
        "Start early.",
        "Thank you: this will help others. Please say what held the agreement up, how long it "
        "took and what you would do differently, so another vanguard can follow it.",
        [],
    ),
    (
        "rm2@example.com",
        NST,
        R,
        30,
        ["programme-management"],
        "Two-weekly check-ins by default",
        "Contact with some vanguards lapsed for a month at a time.",
        "A two-week cadence of check-ins for every vanguard, tracked on the RM's home page.",
        "Overdue contact fell.",
        "Keep the cadence.",
        "Please add the figures (how many vanguards were overdue before and after) and name the "
        "dimension of the matrix this helps with.",
        [],
    ),
    (
        "sro.north-east-london@example.com",
        "north-east-london",
        D,
        5,
        ["service-design-and-delivery"],
        "Co-designing the referral form with participants",
        "Our referral form was long and people gave up half way through.",
        "We are testing a shorter form with our lived experience panel.",
        "Too early to say.",
        "To follow once the test is over.",
        "",
        [],
    ),
    (
        "learning@example.com",
        NST,
        D,
        2,
        ["sustainability-and-spread"],
        "Planning spread to fast followers",
        "Vanguards ask how to keep their service after WorkWell funding ends.",
        "Business case support with the HMT Better Business Case approach.",
        "Three vanguards have a draft case.",
        "Start the business case in the first year, not the last.",
        "",
        [],
    ),
]

# (organisation name, ODS code, cohort group slugs, theme slugs, person email, person name)
PARTNERS = [
    (
        "NHS Norfolk and Waveney Integrated Care Board",
        "QMM",
        ["msk"],
        ["workforce-and-skills"],
        "partner@example.com",
        "Lucy Barker",
    ),
    (
        "NHS Lincolnshire Integrated Care Board",
        "QJM",
        ["mental-health"],
        ["lived-experience-and-engagement"],
        "partner.lincolnshire@example.com",
        "Marcus Hale",
    ),
]


def _dimensions(theme_slugs):
    framework = framework_current()
    if framework is None:
        return []
    return list(framework.dimensions.filter(theme__slug__in=theme_slugs))


def _backdate(lesson: Lesson, written: datetime.datetime) -> None:
    """Move the lesson and each save in its history back to `written`, then on up to three
    days apart, the last still in the past (the rows of one save stay together)."""
    saves = history_saves(lesson.history.order_by("history_date", "history_id"))
    gap = min(datetime.timedelta(days=3), (timezone.now() - written) / (len(saves) + 1))
    for step, save in enumerate(saves):
        for row, entry in enumerate(save):
            lesson.history.filter(history_id=entry.history_id).update(
                history_date=written + gap * step + datetime.timedelta(milliseconds=row)
            )
    last = written + gap * max(len(saves) - 1, 0)
    dates = {"created_at": written, "updated_at": last}
    if lesson.submitted_at:
        dates["submitted_at"] = written + datetime.timedelta(days=1)
    if lesson.published_at:
        dates["published_at"] = last
    Lesson.objects.filter(pk=lesson.pk).update(**dates)


def _lesson(row, vanguards, learning) -> Lesson:
    email, slug, state, days_ago, themes, title, problem, tried, happened, takeaways = row[:10]
    reason, offers = row[10:]
    author = User.objects.get(email=email)
    lesson = services.lesson_save(
        actor=author,
        data={
            "title": title,
            "problem": problem,
            "tried": tried,
            "happened": happened,
            "takeaways": takeaways,
        },
        themes=ProgrammeTheme.objects.filter(slug__in=themes),
        dimensions=_dimensions(themes),
        vanguard=vanguards.get(slug),
        submit=state != D,
    )
    if state == R:
        lesson = services.lesson_return(actor=learning, lesson=lesson, reason=reason)
    if state == P:
        lesson = services.lesson_publish(actor=learning, lesson=lesson)
        if offers:
            informed = SupportOffer.objects.filter(title__in=offers)
            lesson = services.lesson_link(actor=learning, lesson=lesson, support_offers=informed)
    _backdate(lesson, timezone.now() - datetime.timedelta(days=days_ago))
    return lesson


def seed_partners() -> list[Organisation]:
    """Two non-vanguard ICBs in the Learning and Change Network, with a person each."""
    partners = []
    for name, ods, groups, themes, email, person in PARTNERS:
        organisation, _ = Organisation.objects.get_or_create(
            name=name,
            defaults={"kind": Organisation.Kind.ICB, "ods_code": ods, "is_network_partner": True},
        )
        organisation.partner_cohort_groups.set(CohortGroup.objects.filter(slug__in=groups))
        organisation.partner_themes.set(ProgrammeTheme.objects.filter(slug__in=themes))
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email=email,
            password=settings.DEMO_PASSWORD,
            full_name=person,
            role=Role.NETWORK_PARTNER,
        )
        NetworkPartnerContact.objects.get_or_create(
            user=user, defaults={"organisation": organisation}
        )
        partners.append(organisation)
    return partners


def seed_lessons(registry: dict) -> dict:
    """The lessons and the network partners; running it again creates nothing new."""
    vanguards = {vanguard.slug: vanguard for vanguard in registry["vanguards"]}
    learning = registry["users"]["learning@example.com"]
    lessons = [
        Lesson.objects.filter(title=row[5]).first() or _lesson(row, vanguards, learning)
        for row in LESSONS
    ]
    return {"lessons": lessons, "partners": seed_partners()}
