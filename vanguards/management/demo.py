"""The demo programme's registry: 15 vanguards across the 7 NHS England regions, 4 thematic
cohort groups and their relationship managers. Later layers add their own demo records."""

import datetime
import random

from django.conf import settings
from django.utils import timezone

from vanguards.models import (
    CohortGroup,
    CohortGroupMembership,
    Organisation,
    Region,
    RegionalLead,
    Vanguard,
    VanguardMember,
)
from vanguards.services.registry import cohort_group_assign, vanguard_save
from workwell.models import ProgrammeTheme, Role, User

# (name, slug, region slug, ICB ODS code, council partner, VCSE partner, target cohorts, group)
VANGUARDS = [
    (
        "Greater Manchester",
        "greater-manchester",
        "north-west",
        "QOP",
        "Greater Manchester Combined Authority",
        "Greater Manchester Centre for Voluntary Organisation",
        "People in work or recently out of work with musculoskeletal or mental health conditions",
        "msk",
    ),
    (
        "Cheshire and Merseyside",
        "cheshire-and-merseyside",
        "north-west",
        "QYG",
        "Liverpool City Region Combined Authority",
        "Citizens Advice Liverpool",
        "Working-age adults with mental health conditions at risk of falling out of work",
        "mental-health",
    ),
    (
        "Lancashire and South Cumbria",
        "lancashire-and-south-cumbria",
        "north-west",
        "QE1",
        "Lancashire County Council",
        "Lancashire BME Network",
        "People with long-term conditions in small and medium employers",
        "long-term",
    ),
    (
        "Humber and North Yorkshire",
        "humber-and-north-yorkshire",
        "north-east-and-yorkshire",
        "QOQ",
        "Hull City Council",
        "Humber and Wolds Rural Community Council",
        "Rural and coastal workers with musculoskeletal conditions",
        "msk",
    ),
    (
        "South Yorkshire",
        "south-yorkshire",
        "north-east-and-yorkshire",
        "QF7",
        "South Yorkshire Mayoral Combined Authority",
        "Voluntary Action Sheffield",
        "People with common mental health conditions, including those on fit notes",
        "mental-health",
    ),
    (
        "Birmingham and Solihull",
        "birmingham-and-solihull",
        "midlands",
        "QHL",
        "Birmingham City Council",
        "Birmingham Voluntary Service Council",
        "Young adults aged 18 to 30 with health conditions",
        "young-people",
    ),
    (
        "Leicester, Leicestershire and Rutland",
        "leicester-leicestershire-and-rutland",
        "midlands",
        "QK1",
        "Leicester City Council",
        "Voluntary Action LeicesterShire",
        "People with multiple long-term conditions",
        "long-term",
    ),
    (
        "Cambridgeshire and Peterborough",
        "cambridgeshire-and-peterborough",
        "east-of-england",
        "QUE",
        "Cambridgeshire and Peterborough Combined Authority",
        "Cambridge Council for Voluntary Service",
        "People with musculoskeletal conditions in manual occupations",
        "msk",
    ),
    (
        "Bedfordshire, Luton and Milton Keynes",
        "bedfordshire-luton-and-milton-keynes",
        "east-of-england",
        "QHG",
        "Luton Borough Council",
        "Bedfordshire Rural Communities Charity",
        "Young people not in work with emerging mental health needs",
        "young-people",
    ),
    (
        "Hertfordshire and West Essex",
        "hertfordshire-and-west-essex",
        "east-of-england",
        "QM7",
        "Hertfordshire County Council",
        "Community Action Dacorum",
        "People with long-term conditions managed in primary care",
        "long-term",
    ),
    (
        "Suffolk and North East Essex",
        "suffolk-and-north-east-essex",
        "east-of-england",
        "QJG",
        "Suffolk County Council",
        "Community Action Suffolk",
        "Working people with mental health conditions in rural areas",
        "mental-health",
    ),
    (
        "North Central London",
        "north-central-london",
        "london",
        "QMJ",
        "London Borough of Camden",
        "Voluntary Action Camden",
        "Young Londoners with health conditions starting work",
        "young-people",
    ),
    (
        "North East London",
        "north-east-london",
        "london",
        "QMF",
        "London Borough of Newham",
        "Community Links",
        "Workers with musculoskeletal pain in health and care jobs",
        "msk",
    ),
    (
        "Frimley",
        "frimley",
        "south-east",
        "QNQ",
        "Surrey County Council",
        "Surrey Community Action",
        "People with long-term conditions and caring responsibilities",
        "long-term",
    ),
    (
        "Dorset",
        "dorset",
        "south-west",
        "QVV",
        "Dorset Council",
        "Help and Kindness Dorset",
        "Young people in seasonal work with mental health needs",
        "young-people",
    ),
]

# (slug, name, theme slug, focus, RM email)
GROUPS = [
    (
        "msk",
        "Musculoskeletal conditions",
        "health-and-employment-pathways",
        "People whose musculoskeletal conditions put work at risk",
        "rm1@example.com",
    ),
    (
        "mental-health",
        "Mental health at work",
        "service-design-and-delivery",
        "People with common mental health conditions",
        "rm2@example.com",
    ),
    (
        "long-term",
        "Long-term and multiple conditions",
        "partnership-and-system-working",
        "People managing one or more long-term conditions",
        "rm.lead@example.com",
    ),
    (
        "young-people",
        "Young people and early intervention",
        "lived-experience-and-engagement",
        "Young adults with emerging health conditions",
        "rm3@example.com",
    ),
]

# (email, full name, role)
STAFF = [
    ("admin@example.com", "Alex Morgan", Role.ADMIN),
    ("lead@example.com", "Jordan Hughes", Role.PROGRAMME_LEAD),
    ("regional.northwest@example.com", "Fatima Begum", Role.REGIONAL_LEAD),
    ("rm.lead@example.com", "Sam Okafor", Role.RM_LEAD),
    ("rm1@example.com", "Priya Shah", Role.RM),
    ("rm2@example.com", "Tom Fletcher", Role.RM),
    ("rm3@example.com", "Grace Adeyemi", Role.RM),
    ("learning@example.com", "Chris Doyle", Role.LEARNING),
]

SRO_NAMES = [
    "Helen Carter",
    "David Osei",
    "Rachel Green",
    "Imran Malik",
    "Sophie Turner",
    "Michael Byrne",
    "Aisha Rahman",
    "James Whitaker",
    "Laura Bennett",
    "Owen Price",
    "Nadia Hussain",
    "Peter Lawson",
    "Kate Morrison",
    "Daniel Reid",
    "Emma Walsh",
]


def _user(email, full_name, role) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=settings.DEMO_PASSWORD,
            full_name=full_name,
            role=role,  # staff and superuser status follow the role (User.save)
        )
    return user


def seed_registry() -> dict:
    """Create the demo registry; running it again creates nothing new."""
    users = {email: _user(email, name, role) for email, name, role in STAFF}
    admin = users["admin@example.com"]
    RegionalLead.objects.get_or_create(
        user=users["regional.northwest@example.com"],
        defaults={"region": Region.objects.get(slug="north-west")},
    )
    groups = {}
    for slug, name, theme_slug, focus, rm_email in GROUPS:
        groups[slug], _ = CohortGroup.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "theme": ProgrammeTheme.objects.get(slug=theme_slug),
                "focus": focus,
                "relationship_manager": users[rm_email],
            },
        )
    today = timezone.localdate()
    programme_start = datetime.date(today.year - 1, 4, 1)
    vanguards = []
    for index, (name, slug, region, ods, council, vcse, cohorts, group) in enumerate(VANGUARDS):
        rng = random.Random(slug)  # the same figures on every machine
        vanguard = Vanguard.objects.filter(slug=slug).first()
        if vanguard is None:
            lead = Organisation.objects.get_or_create(
                name=f"NHS {name} Integrated Care Board",
                defaults={"kind": Organisation.Kind.ICB, "ods_code": ods},
            )[0]
            partners = [
                Organisation.objects.get_or_create(
                    name=council,
                    defaults={
                        "kind": Organisation.Kind.COMBINED_AUTHORITY
                        if "Combined Authority" in council
                        else Organisation.Kind.COUNCIL
                    },
                )[0],
                Organisation.objects.get_or_create(
                    name=vcse, defaults={"kind": Organisation.Kind.VCSE}
                )[0],
            ]
            vanguard = vanguard_save(
                actor=admin,
                data={
                    "name": name,
                    "slug": slug,
                    "region": Region.objects.get(slug=region),
                    "lead_organisation": lead,
                    "target_cohorts": cohorts,
                    "funding_allocation": rng.randrange(900_000, 2_400_000),
                    "participant_target": rng.randrange(12, 45) * 100,
                    "in_work_share_target": rng.choice([50, 60, 65, 70, 75]),
                    "start_date": programme_start,
                    "end_date": datetime.date(programme_start.year + 2, 3, 31),
                    "status": Vanguard.Status.LIVE,
                },
                partners=partners,
            )
        if not CohortGroupMembership.objects.filter(vanguard=vanguard).exists():
            cohort_group_assign(
                vanguard=vanguard, cohort_group=groups[group], actor=admin, on=programme_start
            )
        member = _user(f"sro.{slug}@example.com", SRO_NAMES[index], Role.MEMBER)
        VanguardMember.objects.get_or_create(
            user=member, defaults={"vanguard": vanguard, "title": VanguardMember.Title.SRO}
        )
        vanguards.append(vanguard)
    return {"users": users, "groups": groups, "vanguards": vanguards}
