"""Demo delivery plans: Thurrock's key activities (thurrock-key-activities.txt, with its real
timelines, the conditional ones included) as the plan of the Essex vanguard nearest to it, a
short plan for every other vanguard with some activities overdue or at risk, and the
programme plan with milestones linked to the demo's toolkit versions and network events."""

import datetime

from django.utils import timezone

from learning.models import Event, ToolkitVersion
from vanguards.models import VanguardMember
from workwell.dates import Quarter

from ..models import Activity, Plan, Theme
from ..services import programme_plan, vanguard_plan
from ..timeline import parse_timeline

# The demo has no Mid and South Essex vanguard: Thurrock's plan is given to this one.
THURROCK_PLAN_VANGUARD = "hertfordshire-and-west-essex"

S = Activity.Status
THURROCK = [
    (
        "Provider development / market readiness",
        [
            (
                "Initial engagement with current providers – individual meetings held at the "
                "beginning of the process to understand the current challenges they face and to "
                "seek their expertise in shaping the model.",
                "June 2023",
                "Commissioning",
                S.DONE,
            ),
            (
                "Additional engagement with current providers – a second conversation to discuss "
                "the potential model whilst it is being shaped and what support partners would "
                "need at the beginning of the contract.",
                "October 2023",
                "Commissioning",
                S.DONE,
            ),
            (
                "Support potential providers to understand Thurrock strategic direction – a "
                "Provider Engagement Event with current and potential providers before the tender.",
                "November 2023",
                "Commissioning and Procurement Teams",
                S.DONE,
            ),
            (
                "Rural outliers and difficult to access areas – work in Bulphan and East Tilbury "
                "to "
                "develop a community/micro response to need in these areas.",
                "When post is recruited to.",
                "Micro Enterprise Officer (when vacant post is recruited to)",
                S.NOT_STARTED,
            ),
            (
                "Shape specification and tender process – build in flexibility that lets the "
                "service adapt to learning over the life of the contract.",
                "By March 2023",
                "Commissioning",
                S.DONE,
            ),
        ],
    ),
    (
        "Learning and its application",
        [
            (
                "Wellbeing Pilot Evaluation – the results will feed into and shape the model from "
                "contract award onwards.",
                "September 2024 onwards",
                "Public Health (evaluation results); Commissioning (interpreting the learning)",
                S.IN_PROGRESS,
            ),
            (
                "ToCH/Hospital discharge and avoidance pathway – model developed, tested and then "
                "established; changes embedded with providers between award and commencement.",
                "September 2024 to March 2025",
                "Contracting and Commissioning",
                S.DONE,
            ),
            (
                "Blended Roles – a specialist nurse oversees training and competences in health-"
                "related tasks undertaken by adult social care staff; assess demand and crossover.",
                "End of March 2025 - there should be a robust evaluation of the success and "
                "cost/benefit of this model",
                "Commissioning (adapting the learning to the external market)",
                S.AT_RISK,
            ),
        ],
    ),
    (
        "Post award implementation and Human Learning Systems (HLS) ‘experiments’",
        [
            (
                "Award to contract commencement – work with the successful providers to keep "
                "their mobilisation plan on track; TUPE; revise risk and contingency plans.",
                "September 2024 to March 2025",
                "Contracting and Commissioning Teams",
                S.DONE,
            ),
            (
                "Contract commencement – 0 to 6 months/12 months, dependent on the number of "
                "contracts awarded to existing and new providers.",
                "Between April 2025 and March 2026 (timeframes variable as dependent on profile "
                "of successful providers)",
                "Contracting Team with support from the Commissioning Team",
                S.IN_PROGRESS,
            ),
            (
                "Test model in different localities/with different partners, using providers' "
                "development plans, the learning from theme 2 and service user engagement.",
                "Year 1 to 2 of the contract (see above – dependent on contract commencement).",
                "Commissioning",
                S.IN_PROGRESS,
            ),
            (
                "Finalise Model – a model that works Thurrock wide or at locality level, and "
                "continues to adapt and respond to learning.",
                "Year 2 to 3 (dependent on contract commencement)",
                "Commissioning",
                S.NOT_STARTED,
            ),
        ],
    ),
]


def _month(today: datetime.date, months: int) -> str:
    """A month `months` from today, written as a plan writes it ("June 2026")."""
    index = today.year * 12 + today.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1).strftime("%B %Y")


def _short_plan(today: datetime.date, index: int) -> list:
    """A few activities relative to today; every other plan has one overdue, every third one
    at risk."""
    quarter = Quarter.containing(today).next()
    return [
        (
            "Service design and mobilisation",
            [
                (
                    "Agree the referral pathway with GP practices and the employment service.",
                    _month(today, -8),
                    "Programme manager",
                    S.DONE,
                ),
                (
                    "Recruit the employment advisers and health coaches.",
                    f"{_month(today, -6)} to {_month(today, 2)}",
                    "Workforce lead",
                    S.AT_RISK if index % 3 == 0 else S.IN_PROGRESS,
                ),
                (
                    "Publish the service offer to employers in the area.",
                    _month(today, -2),
                    "Communications team",
                    S.IN_PROGRESS if index % 2 == 0 else S.DONE,
                ),
            ],
        ),
        (
            "Learning and evaluation",
            [
                (
                    "Set up the participant outcomes data flow with the evaluation partner.",
                    str(quarter),
                    "Data and evaluation lead",
                    S.NOT_STARTED,
                ),
                (
                    "Share the first learning at a cohort session.",
                    "When the first 100 participants have finished support",
                    "Senior responsible owner",
                    S.NOT_STARTED,
                ),
            ],
        ),
    ]


def _fill(plan: Plan, themes: list, by, links: dict | None = None) -> None:
    links = links or {}
    for position, (title, activities) in enumerate(themes, start=1):
        theme = Theme(plan=plan, position=position, title=title)
        theme._history_user = by
        theme.save()
        for number, (description, timeline, lead, status) in enumerate(activities, start=1):
            activity = Activity(
                theme=theme,
                number=number,
                description=description,
                lead=lead,
                status=status,
                **parse_timeline(timeline),
                **links.get((position, number), {}),
            )
            activity.full_clean()
            activity._history_user = by
            activity.save()


def _programme_milestones(today: datetime.date) -> tuple[list, dict]:
    versions = list(ToolkitVersion.objects.order_by("major", "minor"))
    events = list(Event.objects.filter(kind=Event.Kind.NETWORK_EVENT).order_by("starts_at"))
    phase_two, phase_three, links = [], [], {}
    for version in versions:
        quarter = Quarter.containing(version.quarter_start)
        phase_three.append(
            (
                f"Publish toolkit version {version.number}.",
                str(quarter),
                "Learning team",
                S.IN_PROGRESS if version.status not in version.LOCKED else S.NOT_STARTED,
            )
        )
        links[(3, len(phase_three))] = {"toolkit_version": version}
    for event in events[:4]:
        phase_three.append(
            (
                f"Run the network event “{event.title}”.",
                event.starts_at.strftime("%-d %B %Y"),
                "Learning team",
                S.IN_PROGRESS,
            )
        )
        links[(3, len(phase_three))] = {"event": event}
    phase_two = [
        (
            "Every vanguard has a relationship manager and a two-weekly check-in.",
            _month(today, -10),
            "RM lead",
            S.DONE,
        ),
        (
            "Quarterly returns received from every vanguard, with the standard dashboard.",
            f"{_month(today, -9)} onwards",
            "NST PMO",
            S.IN_PROGRESS,
        ),
        (
            "Peer matching between vanguards with similar cohorts.",
            _month(today, -1),
            "RM lead",
            S.AT_RISK,
        ),
    ]
    themes = [
        (
            "Strategic planning and service design",
            [
                (
                    "Discovery sessions with every vanguard to agree its support needs.",
                    _month(today, -12),
                    "Relationship managers",
                    S.DONE,
                ),
                (
                    "Maturity Assessment Matrix baseline for every vanguard.",
                    _month(today, -11),
                    "RM lead",
                    S.DONE,
                ),
                (
                    "Evaluation framework agreed with DWP and DHSC.",
                    "When the national evaluation partner is appointed",
                    "NST PMO",
                    S.NOT_STARTED,
                ),
            ],
        ),
        ("Implementation and delivery", phase_two),
        ("Learning and dissemination", phase_three),
    ]
    return themes, links


def seed_plans(registry: dict) -> None:
    today = timezone.localdate()
    admin = registry["users"]["admin@example.com"]
    members = {
        member.vanguard_id: member.user
        for member in VanguardMember.objects.select_related("user").order_by("pk")
    }
    for index, vanguard in enumerate(registry["vanguards"]):
        plan = vanguard_plan(vanguard)
        if plan.themes.exists():
            continue  # seeded by a run before
        themes = THURROCK if vanguard.slug == THURROCK_PLAN_VANGUARD else _short_plan(today, index)
        _fill(plan, themes, members.get(vanguard.pk, admin))
    plan = programme_plan()
    if not Activity.objects.filter(theme__plan=plan).exists():
        themes, links = _programme_milestones(today)
        plan.themes.all().delete()
        _fill(plan, themes, registry["users"]["learning@example.com"], links)
