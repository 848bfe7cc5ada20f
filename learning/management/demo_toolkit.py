"""The demo WorkWell toolkit: a version every quarter since December 2024 (0.1 in 2024/25 Q3),
each copied forward from the one before with items added, reworded and removed, the latest
published one holding about a dozen items, and the current quarter's version in consultation.

The items come from the NST's service delivery model (theory of change and logic models,
system mapping, standard quarterly dashboards, the Maturity Assessment Matrix, employer
engagement, fit notes, the podcast series and the lived experience panel, sustainability and
spread) and from what vanguards report (Manchester's three strands, MSK pathways). Files are
kept in the WorkWell FutureNHS workspace, so items link there. Everything goes through the
real services; running it again creates nothing new.
"""

import datetime

from django.utils import timezone

from maturity.models import Dimension
from maturity.selectors.framework import framework_current
from vanguards.models import SupportOffer
from workwell.dates import Quarter
from workwell.models import ProgrammeTheme, User

from ..models import ToolkitItem, ToolkitVersion
from ..services import toolkit as services

Kind = ToolkitItem.Kind
FIRST_QUARTER = Quarter(2024, 3)  # December 2024: the first draft toolkit
FUTURENHS = "https://future.nhs.uk/WorkWellNST/view?objectId="

# key: (title, kind, summary, body, theme slugs, dimension names, bands, offer titles, link id)
ITEMS = {
    "toc": (
        "WorkWell theory of change template",
        Kind.TEMPLATE,
        "A one-page template to set out how your service moves people from referral to "
        "staying in work, and what you will measure on the way.",
        "## How to use it\n\n* Start from the outcomes: people staying in or returning to "
        "work.\n* Work back to the activities of each strand of your service.\n* Agree the "
        "measures with your data lead before the first quarterly return.",
        ["service-design-and-delivery", "data-evaluation-and-impact"],
        ["Service design and delivery", "Data, evaluation and impact"],
        {"emerging", "maturing"},
        ["Logic model and outcomes framework clinic"],
        "1001",
    ),
    "sro": (
        "SRO induction guide",
        Kind.GUIDE,
        "What a WorkWell senior responsible owner does in the first six months.",
        "The SRO leads the partnership and is the relationship manager's main contact.\n\n"
        "* Set up governance with your ICB board.\n* Agree your forward programme with your "
        "relationship manager.\n* Complete the baseline Maturity Assessment Matrix.",
        ["leadership-and-governance", "programme-management"],
        ["Leadership and governance"],
        {"emerging"},
        ["Getting started: WorkWell programme briefing"],
        "1002",
    ),
    "mapping": (
        "System mapping tool",
        Kind.TOOL,
        "Map the key players in your local work and health system and how people move "
        "between them.",
        "Use the tool in a workshop with your partners: councils, combined authorities, VCSE "
        "organisations, Jobcentre Plus and employers.",
        ["partnership-and-system-working"],
        ["Partnership and system working"],
        {"emerging", "maturing"},
        ["Partnership and system mapping workshop"],
        "1003",
    ),
    "dashboard": (
        "Standard quarterly dashboard template",
        Kind.TEMPLATE,
        "The spreadsheet behind the quarterly return: participants, outcomes and spend.",
        "Fill in one sheet a quarter. The dashboard works out starts, completions and "
        "outcomes against your targets.",
        ["data-evaluation-and-impact"],
        ["Data, evaluation and impact"],
        {"emerging", "maturing", "leading"},
        ["Standard dashboard and data capture walkthrough"],
        "1004",
    ),
    "matrix": (
        "Maturity Assessment Matrix self-assessment checklist",
        Kind.CHECKLIST,
        "Check you have the evidence ready before you submit your self-assessment.",
        "* Governance papers for leadership.\n* Partnership agreements.\n* Your latest "
        "quarterly dashboard.\n* Feedback from participants.",
        ["learning-and-improvement"],
        ["Learning and improvement culture"],
        {"emerging", "maturing", "leading"},
        [],
        "",
    ),
    "manchester": (
        "Case study: three strands in Greater Manchester",
        Kind.CASE_STUDY,
        "How one vanguard built employment support into MSK pathways, Be Well and services "
        "for racially minoritised communities.",
        "Greater Manchester runs three strands: employment support in MSK pathways, an "
        "enhanced Be Well service, and culturally competent VCSE support.",
        ["health-and-employment-pathways", "partnership-and-system-working"],
        ["Integration of health and employment pathways"],
        {"maturing", "leading"},
        ["Mentoring from a leading vanguard"],
        "1006",
    ),
    "employers": (
        "Employer engagement playbook",
        Kind.GUIDE,
        "How to bring local employers into your service, from first contact to a return "
        "to work plan.",
        "Start with employers already in your anchor institutions. Offer a named contact and "
        "a simple referral route.",
        ["health-and-employment-pathways"],
        ["Integration of health and employment pathways"],
        {"maturing"},
        ["Employer engagement toolkit"],
        "1007",
    ),
    "fitnote": (
        "Webinar: fit notes and WorkWell referrals",
        Kind.VIDEO,
        "The monthly policy webinar on how fit notes can signpost people to WorkWell.",
        "A recording of the webinar with GPs, a fit note policy lead and two vanguards.",
        ["health-and-employment-pathways"],
        [],
        {"emerging", "maturing", "leading"},
        ["Monthly policy webinar"],
        "1008",
    ),
    "podcast": (
        "Podcast: keeping my job through a health condition",
        Kind.PODCAST_EPISODE,
        "A participant and her work and health coach talk about the support that helped her "
        "stay in work.",
        "Episode 1 of the WorkWell podcast series: stories from those the programme supports.",
        ["lived-experience-and-engagement"],
        ["Lived experience and engagement"],
        {"emerging", "maturing", "leading"},
        [],
        "1009",
    ),
    "coach": (
        "Work and health coach competency framework",
        Kind.TOOL,
        "The skills a work and health coach needs, with a self-check for induction.",
        "Five areas: health conditions, employment law basics, motivational interviewing, "
        "working with employers, and safeguarding.",
        ["workforce-and-skills"],
        ["Workforce and skills"],
        {"emerging", "maturing"},
        ["Work and health coach induction"],
        "1010",
    ),
    "panel": (
        "Lived experience panel terms of reference",
        Kind.TEMPLATE,
        "A template for setting up a local panel of people delivering or receiving support.",
        "Covers membership, payment for time, meeting frequency and how the panel's advice "
        "reaches the partnership board.",
        ["lived-experience-and-engagement"],
        ["Lived experience and engagement"],
        {"maturing", "leading"},
        ["Lived experience panel set-up guide"],
        "1011",
    ),
    "pophealth": (
        "Population health data: finding people at risk of falling out of work",
        Kind.GUIDE,
        "How to use population health management data to reach people before they leave work.",
        "Combine primary care data on long-term conditions with fit note data, under a data "
        "sharing agreement agreed with your information governance lead.",
        ["data-evaluation-and-impact"],
        ["Data, evaluation and impact"],
        {"maturing", "leading"},
        [],
        "1012",
    ),
    "sustain": (
        "Sustainability and spread checklist",
        Kind.CHECKLIST,
        "What to have in place to keep the service going after the programme funding ends.",
        "* A business case using the Better Business Case approach.\n* Evidence of outcomes "
        "from your quarterly dashboards.\n* A plan for fast followers.",
        ["sustainability-and-spread"],
        ["Sustainability and spread"],
        {"leading"},
        ["Sustainability and business case support"],
        "1013",
    ),
    "fitnote2026": (
        "Webinar: what the 2026 fit note changes mean for WorkWell",
        Kind.VIDEO,
        "The policy webinar on the new fit note guidance and referral prompts in GP systems.",
        "A recording with a fit note policy lead and the supplier of a GP clinical system.",
        ["health-and-employment-pathways"],
        [],
        {"emerging", "maturing", "leading"},
        ["Monthly policy webinar"],
        "1014",
    ),
    "sro_handbook": (
        "SRO handbook",
        Kind.GUIDE,
        "Everything a WorkWell senior responsible owner needs, from induction to the end of "
        "the programme.",
        "Replaces the SRO induction guide. Adds a section on sustaining the service and "
        "handing over to business as usual.",
        ["leadership-and-governance", "sustainability-and-spread"],
        ["Leadership and governance"],
        {"emerging", "maturing", "leading"},
        ["Getting started: WorkWell programme briefing"],
        "1015",
    ),
}

# One step a quarter: (release notes, items added, items removed, changes to items).
PLAN = [
    (
        "The first draft toolkit: the tools vanguards asked for during discovery.",
        ["toc", "sro", "mapping", "dashboard", "matrix"],
        [],
        {},
    ),
    (
        "Adds the first case study and tightens the theory of change template.",
        ["manchester"],
        [],
        {
            "toc": {
                "summary": "A one-page template to set out how your service moves people from "
                "referral to staying in or returning to work, and what you will measure."
            }
        },
    ),
    (
        "Adds employer engagement and the first policy webinar, after the spring network event.",
        ["employers", "fitnote"],
        [],
        {"dashboard": {"title": "Standard quarterly dashboard and return template"}},
    ),
    (
        "Adds the first podcast episode and reworks the checklist with vanguards' evidence.",
        ["podcast"],
        [],
        {
            "matrix": {
                "body": "* Governance papers for leadership.\n* Signed partnership "
                "agreements.\n* Your latest two quarterly dashboards.\n* Feedback from "
                "participants and employers."
            }
        },
    ),
    (
        "Adds the coach competency framework asked for at the autumn network event.",
        ["coach"],
        [],
        {},
    ),
    (
        "Adds the lived experience panel template, co-written with the national panel.",
        ["panel"],
        [],
        {
            "employers": {
                "summary": "How to bring local employers into your service, from first "
                "contact to an agreed return to work plan."
            }
        },
    ),
    (
        "Adds population health data guidance; the case study now covers a full year.",
        ["pophealth"],
        [],
        {
            "manchester": {
                "body": "Greater Manchester runs three strands: employment support in MSK "
                "pathways, an enhanced Be Well service, and culturally competent VCSE "
                "support. After a year, the MSK strand reaches people within two weeks of "
                "referral."
            }
        },
    ),
    (
        "Adds the sustainability and spread checklist; replaces the fit notes webinar with "
        "the 2026 update.",
        ["sustain", "fitnote2026"],
        ["fitnote"],
        {"mapping": {"title": "System mapping tool and workshop guide"}},
    ),
    (
        "For consultation: the SRO handbook replaces the induction guide, and the theory of "
        "change template gains a section on outcomes for employers.",
        ["sro_handbook"],
        ["sro"],
        {
            "toc": {
                "body": "## How to use it\n\n* Start from the outcomes: people staying in or "
                "returning to work, and employers keeping their staff.\n* Work back to the "
                "activities of each strand of your service.\n* Agree the measures with your "
                "data lead before the first quarterly return."
            }
        },
    ),
]

# A quarter past the plan: the version is still released, with small corrections.
LATER = ("Small corrections from the quarter's feedback.", [], [], {})


def _tags(key: str) -> dict:
    _, _, _, _, themes, dimensions, _, offers, _ = ITEMS[key]
    framework = framework_current()
    return {
        "themes": ProgrammeTheme.objects.filter(slug__in=themes),
        "dimensions": Dimension.objects.filter(framework=framework, name__in=dimensions),
        "support_offers": SupportOffer.objects.filter(title__in=offers),
    }


def _data(key: str) -> dict:
    title, kind, summary, body, _, _, bands, _, link = ITEMS[key]
    data = {"title": title, "kind": kind, "summary": summary, "body": body}
    data |= {f"for_{band}": band in bands for band in ("emerging", "maturing", "leading")}
    if link:
        data |= {"link_url": FUTURENHS + link, "link_text": f"{title} on FutureNHS"}
    return data


def _published_at(quarter: Quarter) -> datetime.datetime:
    """Ten days before the quarter's last month ends: December 2024 for the first version."""
    day = quarter.end - datetime.timedelta(days=10)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def seed_toolkit(registry: dict) -> list[ToolkitVersion]:
    """Every quarter's version up to today's, the latest in consultation; once only."""
    if ToolkitVersion.objects.exists():
        return list(ToolkitVersion.objects.all())
    learning: User = registry["users"]["learning@example.com"]
    today_quarter = Quarter.containing(timezone.localdate())
    quarters = [FIRST_QUARTER]
    while quarters[-1] < today_quarter:
        quarters.append(quarters[-1].next())
    versions, by_key = [], {}
    for index, quarter in enumerate(quarters):
        notes, added, removed, changed = PLAN[index] if index < len(PLAN) else LATER
        version = services.toolkit_draft_start(
            actor=learning, number=f"0.{index + 1}", quarter=quarter, release_notes=notes
        )
        # Items of the new draft by key, through their lineage.
        lineages = {key: item.lineage for key, item in by_key.items()}
        current = {item.lineage: item for item in version.items.all()}
        by_key = {key: current[lineage] for key, lineage in lineages.items() if lineage in current}
        for key in removed:
            services.toolkit_item_remove(actor=learning, item=by_key.pop(key))
        for key, data in changed.items():
            by_key[key] = services.toolkit_item_save(
                actor=learning, version=version, item=by_key[key], data=data, tags={}
            )
        for key in added:
            by_key[key] = services.toolkit_item_save(
                actor=learning, version=version, data=_data(key), tags=_tags(key)
            )
        services.toolkit_version_move(
            actor=learning, version=version, to=ToolkitVersion.Status.CONSULTATION
        )
        if quarter < today_quarter:
            services.toolkit_version_move(
                actor=learning,
                version=version,
                to=ToolkitVersion.Status.PUBLISHED,
                at=_published_at(quarter),
            )
        versions.append(version)
    return versions
