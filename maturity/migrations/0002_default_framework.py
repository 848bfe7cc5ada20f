"""The default Maturity Assessment Matrix, published, drawn from the reference documents.

Ten dimensions, each tied to one programme theme, each with five levels written in plain
English: 1 is "not started yet", 3 is "working and reliable", 5 is "leading: others learn
from us". Vanguards self-assess against it in the discovery baseline and every cycle after.
"""

from decimal import Decimal

from django.db import migrations
from django.utils import timezone

FRAMEWORK_NAME = "WorkWell Maturity Assessment Matrix v1"

# (name, theme slug, description, [level 1 … level 5])
DIMENSIONS = [
    (
        "Leadership and governance",
        "leadership-and-governance",
        "How clearly the vanguard is led: a named SRO with the time and authority to act, a "
        "board that makes decisions, and governance that partners trust.",
        [
            "There is no named SRO yet, or the SRO has no time set aside for WorkWell. "
            "Decisions are made informally, case by case.",
            "An SRO is named and a steering group meets, but roles, decision rights and "
            "escalation routes are not written down. Partners attend unevenly.",
            "The SRO leads a partnership board with agreed terms of reference that meets "
            "regularly, makes and records decisions, and tracks risks and issues.",
            "Governance is joined up with the ICB's and councils' own boards. Decisions are "
            "made quickly at the right level, and WorkWell is reported to the integrated care "
            "partnership.",
            "Leadership is shared across health, employment and the voluntary sector. WorkWell "
            "shapes the system's work and health strategy, and other vanguards ask how the "
            "board works.",
        ],
    ),
    (
        "Partnership and system working",
        "partnership-and-system-working",
        "How well the ICB, councils, combined authorities, Jobcentre Plus, VCSE organisations "
        "and employers work together as one system around the person.",
        [
            "The lead organisation is working largely on its own. Partners have been told "
            "about WorkWell but have not committed to a role.",
            "Key partners have agreed to take part and some joint meetings have happened, but "
            "each still works to its own plans and priorities.",
            "Partners have written roles, share a delivery plan and resolve problems together. "
            "Jobcentre Plus and VCSE partners are active members, not observers.",
            "Partners pool resources and information, and employers are engaged through "
            "established networks. The partnership adapts together when things change.",
            "The partnership operates as one system with shared outcomes and budgets where it "
            "makes sense. It brings in new partners easily and mentors other areas.",
        ],
    ),
    (
        "Service design and delivery",
        "service-design-and-delivery",
        "How well the light-touch work and health service is designed around people's "
        "journeys, and how reliably it is delivered.",
        [
            "The service model is an outline in the funding application. No one has been "
            "supported yet.",
            "A service model and participant journey are drafted and a first strand is "
            "starting, but capacity, eligibility checks or referral handling are not yet "
            "reliable.",
            "Every strand is live. People get an assessment and a work and health plan within "
            "the agreed time, and the service meets most of its monthly targets.",
            "The service is redesigned regularly from participant feedback and data. Waiting "
            "times are short, drop-out is understood and acted on, and in-work and out-of-work "
            "participants get support suited to them.",
            "The service model is exemplary and well evidenced. It is documented so others "
            "could run it, and other vanguards have adopted parts of it.",
        ],
    ),
    (
        "Data, evaluation and impact",
        "data-evaluation-and-impact",
        "How the vanguard collects, shares and uses data to show what difference WorkWell "
        "makes, including the returns the programme asks for.",
        [
            "There is no agreed way to collect participant data yet, and no data-sharing "
            "agreement between partners.",
            "Basic participant numbers are collected, but by hand and late. Outcome measures "
            "are not agreed and data-sharing agreements are still being drafted.",
            "Data-sharing agreements are signed. Quarterly returns are accurate and on time, "
            "and an outcomes framework with baseline measures is agreed.",
            "Dashboards are used at board meetings to steer delivery. Outcomes such as job "
            "retention and return to work are tracked over time, and an evaluation is under "
            "way.",
            "Evidence of impact is robust enough to inform national policy and business "
            "cases. The vanguard shares its methods and data tools with others.",
        ],
    ),
    (
        "PMO and programme management",
        "programme-management",
        "How well the vanguard plans and runs its programme: plans, milestones, risks, "
        "finance and reporting, through a working PMO.",
        [
            "There is no programme plan or PMO. Work is tracked in individual inboxes.",
            "A plan exists but is not kept up to date. Risks and spend are tracked "
            "informally, and reports to the board are written from scratch each time.",
            "A PMO keeps an up-to-date plan with milestones, a risk and issue log and spend "
            "against budget, and reports to the board on a regular cycle.",
            "Programme management is proactive: risks are spotted early, benefits are "
            "tracked, and reporting is quick because it comes from shared tools.",
            "The PMO is a model for others. Its templates and dashboards are shared across "
            "the programme, and it gives assurance to partners as well as the vanguard.",
        ],
    ),
    (
        "Workforce and skills",
        "workforce-and-skills",
        "Whether the vanguard has the people it needs, such as work and health coaches, "
        "clinicians and managers, with the right skills and support.",
        [
            "Roles are not yet defined and recruitment has not started.",
            "Some posts are filled, but there are vacancies or gaps in key skills, and "
            "training is arranged case by case.",
            "The team is in post with clear roles, an induction and a training plan covering "
            "both health and employment support.",
            "Staff have regular supervision and development. Skills are shared across "
            "partner organisations, and turnover is low or well managed.",
            "The workforce model is sustainable and well regarded. Staff train and mentor "
            "colleagues in other vanguards and services.",
        ],
    ),
    (
        "Learning and improvement culture",
        "learning-and-improvement",
        "How the vanguard tests, learns and improves: rapid review cycles, use of the "
        "toolkit, and taking part in the Learning and Change Network.",
        [
            "There is no regular review of what is and is not working, and the team has not "
            "taken part in programme learning events.",
            "The team takes part in some network events and reviews delivery now and then, "
            "but lessons are not written down or acted on consistently.",
            "Regular test-and-learn cycles lead to documented changes. The Learning and "
            "Change Manager takes part in the network and brings ideas back.",
            "Improvement is part of everyday work. Lessons are captured and shared, and the "
            "team contributes content to the WorkWell toolkit.",
            "The vanguard leads learning across the programme: it hosts peer sessions, "
            "publishes lessons learnt and helps other vanguards improve.",
        ],
    ),
    (
        "Lived experience and engagement",
        "lived-experience-and-engagement",
        "How people with lived experience of health conditions and work shape the service, "
        "and how the vanguard engages communities and employers.",
        [
            "People who use the service have not been involved in its design, and there is "
            "no engagement plan.",
            "Some feedback has been gathered, for example through surveys, but it has not "
            "yet changed the service. Engagement reaches few communities.",
            "A lived experience group or panel is in place and has changed how the service "
            "works. There is a plan to reach under-served communities.",
            "People with lived experience help design, deliver and review the service. "
            "Engagement reaches the communities who face the biggest barriers to work.",
            "Co-production is the norm at every stage, from design to evaluation. The "
            "vanguard's approach is recognised as good practice and shared with others.",
        ],
    ),
    (
        "Integration of health and employment pathways",
        "health-and-employment-pathways",
        "How well referral routes join health, employment and skills support, such as GP "
        "practices and fit notes, clinical pathways, Jobcentre Plus and employers, so people "
        "get help early.",
        [
            "Referral routes are not set up. Health and employment services work separately "
            "and do not know about each other.",
            "One or two referral routes are working, for example from GP practices, but "
            "volumes are low and people often have to repeat their story.",
            "Referral routes are in place from primary care, clinical pathways and Jobcentre "
            "Plus, with agreed criteria and a warm hand-off between services.",
            "Pathways are integrated: work is part of the clinical conversation, including "
            "fit note consultations, and people move between health and employment support "
            "without gaps.",
            "Work and health are fully joined up across the local system. Self-referral, "
            "employer referral and clinical routes all work well, and the model is being "
            "spread beyond WorkWell.",
        ],
    ),
    (
        "Sustainability and spread",
        "sustainability-and-spread",
        "How the vanguard plans for life after the pilot funding: mainstreaming what works, "
        "securing future funding and spreading the model.",
        [
            "No one has thought yet about what happens when WorkWell funding ends.",
            "Sustainability has been discussed but there is no plan, and the service depends "
            "entirely on WorkWell funding.",
            "A sustainability plan identifies what to keep, what it costs and who might fund "
            "it, and decision-makers have seen early evidence.",
            "Partners have committed to keeping parts of the service beyond the pilot, and "
            "it is built into commissioning and strategic plans.",
            "The model is mainstreamed and funded locally, and is spreading to neighbouring "
            "areas and fast-follower ICBs with the vanguard's help.",
        ],
    ),
]


def seed(apps, schema_editor):
    FrameworkVersion = apps.get_model("maturity", "FrameworkVersion")
    Dimension = apps.get_model("maturity", "Dimension")
    LevelDescriptor = apps.get_model("maturity", "LevelDescriptor")
    ProgrammeTheme = apps.get_model("workwell", "ProgrammeTheme")
    if FrameworkVersion.objects.filter(name=FRAMEWORK_NAME).exists():
        return
    framework = FrameworkVersion.objects.create(
        name=FRAMEWORK_NAME,
        status="published",
        published_at=timezone.now(),
        emerging_below=Decimal("2.5"),
        maturing_below=Decimal("3.75"),
    )
    for order, (name, theme_slug, description, levels) in enumerate(DIMENSIONS, start=1):
        dimension = Dimension.objects.create(
            framework=framework,
            order=order,
            name=name,
            description=description,
            theme=ProgrammeTheme.objects.get(slug=theme_slug),
        )
        LevelDescriptor.objects.bulk_create(
            LevelDescriptor(dimension=dimension, level=level, descriptor=text)
            for level, text in enumerate(levels, start=1)
        )


def unseed(apps, schema_editor):
    FrameworkVersion = apps.get_model("maturity", "FrameworkVersion")
    framework = FrameworkVersion.objects.filter(name=FRAMEWORK_NAME, cycles__isnull=True).first()
    if framework is not None:
        framework.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("maturity", "0001_initial"),
        ("workwell", "0002_programme_themes"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
