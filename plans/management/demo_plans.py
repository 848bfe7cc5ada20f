"""Demo delivery plans: Thurrock's key activities (thurrock-key-activities.txt, with its real
timelines, the conditional ones included) as the plan of the Essex vanguard nearest to it,
Greater Manchester's from its board paper, a short plan for every other vanguard with some
activities overdue or at risk, and the programme plan with milestones linked to the demo's
toolkit versions and network events."""

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


# Greater Manchester's plan: the Manchester locality's, from its board paper
# (manchester-workwell-board-paper.txt, 22 October 2024): the three strands of section 3.5 with
# their participants and funding, the next steps of section 6.1, the evaluation of section 4.
# Dates are the paper's own ("Oct/Nov 24", "from December 2024 … until 31 March 2026", as
# months); where it gives none, the timeline stays in words.
GREATER_MANCHESTER_PLAN_VANGUARD = "greater-manchester"
GREATER_MANCHESTER = [
    (
        "Governance, commissioning and go live",
        [
            (
                "Planned governance reports: Manchester Partnership Board, MMF Programme Board "
                "and the Health and Wellbeing Board (20 November 2024).",
                "October 2024 to December 2024",
                "Programme Team (Work and Skills Lead, Manchester City Council)",
                S.DONE,
            ),
            (
                "Commissioning: strand specifications finalised and procurement taking place "
                "(MFT to use a waiver for its internal procurement approvals).",
                "October 2024 to November 2024",
                "Manchester City Council legal, procurement and finance; MFT procurement",
                S.DONE,
            ),
            (
                "Continued stakeholder engagement, including patients.",
                "October 2024 to November 2024",
                "Programme Team",
                S.DONE,
            ),
            ("Communications before go live.", "November 2024", "Programme Team", S.DONE),
            (
                "Go live (the GM date was 1 October 2024; Manchester expected early December "
                "2024 because of its model and the short implementation time).",
                "December 2024",
                "Steering Group (NHS GM Manchester and Manchester City Council)",
                S.DONE,
            ),
        ],
    ),
    (
        "Strand 1: Employment support in the MFT MSK pathway (600 participants, £438,048)",
        [
            (
                "Passport the WorkWell funding to MFT through a grant funding agreement; MFT "
                "commissions a provider.",
                "November 2024",
                "Manchester City Council and MFT",
                S.DONE,
            ),
            (
                "Expand the MMF Employment Kickstarter from North Manchester to city wide and "
                "MFT's Trafford MSK footprint, with Work and Health Coaches in the MSK secondary "
                "care pathway (in clinic, in the community, by telephone and virtually).",
                "December 2024 to March 2026",
                "MFT and its commissioned provider",
                S.DONE,
            ),
            (
                "Monitor and develop access to the service by racially minoritised communities "
                "during delivery.",
                "December 2024 to March 2026",
                "MFT and its commissioned provider",
                S.IN_PROGRESS,
            ),
            (
                "Expand the MSK pathway into other clinical services within MFT.",
                "If appropriate and required",
                "MFT",
                S.NOT_STARTED,
            ),
        ],
    ),
    (
        "Strand 2: Enhancement of the Be Well service (708 participants, £516,672)",
        [
            (
                "Vary the 2024-25 Be Well contract and build WorkWell into the 2025-26 contract.",
                "November 2024",
                "Manchester City Council",
                S.DONE,
            ),
            (
                "Adapt the Be Well model: an enhanced employability assessment for residents "
                "presenting to the service and a holistic 12 week service, 75% of it in work.",
                "November 2024 onwards",
                "Big Life (Pathways CIC in work; One Manchester, Manchester City Council and "
                "Wythenshawe Housing Group out of work)",
                S.DONE,
            ),
            (
                "Take co-ordinated referrals from the two VCSE organisations engaging Black and "
                "Asian residents, and work in partnership with them.",
                "When the strand 3 organisations are commissioned",
                "Big Life",
                S.IN_PROGRESS,
            ),
            (
                "Support 708 participants, and increase the share from racially minoritised "
                "communities beyond the current 32%.",
                "By March 2026",
                "Big Life",
                S.AT_RISK,
            ),
        ],
    ),
    (
        "Strand 3: Employment and health support for Racially Minoritised Groups "
        "(312 participants, £228,269)",
        [
            (
                "Advertise the grant opportunity and award grants to two culturally competent "
                "VCSE organisations, one for Black and one for Asian residents.",
                "By December 2024",
                "Manchester City Council",
                S.DONE,
            ),
            (
                "Deliver the service: engage residents, complete a WorkWell plan and refer on to "
                "Be Well or Individual Placement Support in Primary Care where needed.",
                "December 2024 onwards – a quality 18 month service",
                "The two VCSE organisations",
                S.IN_PROGRESS,
            ),
        ],
    ),
    (
        "Evaluation and outcomes",
        [
            (
                "Report the national core outcomes (participant satisfaction, remain in work, "
                "entered into work) under the Grant Funding Agreement.",
                "October 2024 to March 2026",
                "Programme Team",
                S.DONE,
            ),
            (
                "Local measures from the MMF Measuring Inequalities toolkit: confidence in "
                "managing a condition, improvement in health, access to services.",
                "October 2024",
                "Programme Team",
                S.DONE,
            ),
            (
                "Develop the Kickstarter's evaluation approach, informed by MMF.",
                "As the Kickstarter becomes a funded service",
                "Manchester City Council and MFT",
                S.IN_PROGRESS,
            ),
        ],
    ),
]


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


# The vanguards whose demo plan is a real one.
_REAL_PLANS = {
    THURROCK_PLAN_VANGUARD: THURROCK,
    GREATER_MANCHESTER_PLAN_VANGUARD: GREATER_MANCHESTER,
}


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
        themes = _REAL_PLANS.get(vanguard.slug) or _short_plan(today, index)
        _fill(plan, themes, members.get(vanguard.pk, admin))
    plan = programme_plan()
    if not Activity.objects.filter(theme__plan=plan).exists():
        themes, links = _programme_milestones(today)
        plan.themes.all().delete()
        _fill(plan, themes, registry["users"]["learning@example.com"], links)
