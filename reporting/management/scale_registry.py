"""seed_scale's registry: N vanguards in thematic cohort groups of four, each group with its own
RM, five members per vanguard, a regional lead per region and the demo's staff sign-ins. Every
fifth vanguard moves group half way through, so "the RM's group at the time" is exercised.

Bulk inserts, no simple-history rows (see seed_scale's docstring). Regions and themes are the
migrations' reference data; the staff are the demo's (vanguards.management.demo.STAFF).
"""

import datetime
import random
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils.text import slugify

from vanguards.management.demo import GROUPS, STAFF, _user
from vanguards.models import (
    CohortGroup,
    CohortGroupMembership,
    Organisation,
    Region,
    RegionalLead,
    Vanguard,
    VanguardMember,
)
from workwell.models import STAFF_ROLES, ProgrammeTheme, Role, User

BATCH = 2000
GROUP_SIZE = 4
MEMBERS_PER_VANGUARD = 5
PLACES = [
    "Ashford", "Barnsley", "Bolton", "Bradford", "Brighton", "Bristol", "Burnley", "Bury",
    "Cannock", "Carlisle", "Chester", "Colchester", "Coventry", "Crawley", "Darlington", "Derby",
    "Doncaster", "Dudley", "Durham", "Exeter", "Gateshead", "Gloucester", "Grimsby", "Halifax",
    "Harlow", "Hastings", "Hereford", "Ipswich", "Kendal", "Kettering", "Lancaster", "Leeds",
    "Lincoln", "Luton", "Maidstone", "Mansfield", "Norwich", "Oldham", "Oxford", "Plymouth",
    "Preston", "Reading", "Rochdale", "Salford", "Slough", "Stockport", "Sunderland", "Swindon",
    "Telford", "Torbay", "Truro", "Wakefield", "Walsall", "Wigan", "Worcester", "York",
]  # fmt: skip
FIRST_NAMES = ["Amir", "Beth", "Carys", "Dev", "Ellie", "Femi", "Gwen", "Hamza", "Isla", "Joel"]
LAST_NAMES = ["Adams", "Bhatt", "Clarke", "Doyle", "Evans", "Farah", "Gill", "Hart", "Iqbal"]
MEMBER_TITLES = [
    VanguardMember.Title.SRO,
    *[choice for choice in VanguardMember.Title if choice != VanguardMember.Title.SRO],
]


@dataclass
class ScaleRegistry:
    start: datetime.date
    end: datetime.date
    admin: User
    vanguards: list[Vanguard]
    groups: list[CohortGroup]
    # vanguard id -> [(started_on, ended_on or None, group)], oldest first
    memberships: dict[int, list] = field(default_factory=dict)
    members: dict[int, list[User]] = field(default_factory=dict)
    themes: list[ProgrammeTheme] = field(default_factory=list)
    staff: dict[str, User] = field(default_factory=dict)  # the demo's sign-ins by email

    def group_on(self, vanguard_id: int, day: datetime.date) -> CohortGroup:
        for started, ended, group in self.memberships[vanguard_id]:
            if started <= day and (ended is None or day <= ended):
                return group
        return self.memberships[vanguard_id][0][2]


def _name(index: int) -> str:
    first, second = divmod(index, len(PLACES))
    place = PLACES[second]
    other = PLACES[(second + first + 1) % len(PLACES)]
    return f"{place} and {other}" if first < len(PLACES) - 1 else f"{place} {first}"


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _users(rows: list[tuple[str, str, str]], password: str) -> list[User]:
    users = [
        User(
            email=email,
            full_name=name,
            role=role,
            password=password,
            is_staff=role in STAFF_ROLES,
            is_superuser=role in STAFF_ROLES,
        )
        for email, name, role in rows
    ]
    return User.objects.bulk_create(users, batch_size=BATCH)


def seed_scale_registry(*, vanguards: int, start: datetime.date, end: datetime.date, rng):
    staff = {email: _user(email, name, role) for email, name, role in STAFF}
    admin = staff["admin@example.com"]
    password = make_password(settings.DEMO_PASSWORD)  # hashed once, shared by every seed user
    tag = f"s{User.objects.count()}"  # keeps emails unique when adding on top (--force)
    themes = list(ProgrammeTheme.objects.order_by("order"))
    regions = list(Region.objects.order_by("name"))

    leads = _users(
        [
            (f"regional.{r.slug}.{tag}@example.com", _person(rng), Role.REGIONAL_LEAD)
            for r in regions
        ],
        password,
    )
    RegionalLead.objects.bulk_create(
        [
            RegionalLead(user=user, region=region)
            for user, region in zip(leads, regions, strict=True)
        ]
    )

    group_count = -(-vanguards // GROUP_SIZE)
    rms = _users(
        [(f"rm{index}.{tag}@example.com", _person(rng), Role.RM) for index in range(group_count)],
        password,
    )
    groups = CohortGroup.objects.bulk_create(
        [
            CohortGroup(
                name=f"{GROUPS[index % len(GROUPS)][1]} {index + 1} ({tag})",
                slug=f"{GROUPS[index % len(GROUPS)][0]}-{index + 1}-{tag}",
                theme=themes[index % len(themes)],
                focus=GROUPS[index % len(GROUPS)][3],
                relationship_manager=rm,
            )
            for index, rm in enumerate(rms)
        ]
    )

    names = [f"{_name(index)} ({tag})" for index in range(vanguards)]
    first_code = Organisation.objects.count()  # seeded ICBs' ODS codes are Z0000 upwards
    icbs = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"NHS {name} Integrated Care Board",
                kind=Organisation.Kind.ICB,
                ods_code=f"Z{first_code + index:04d}",
            )
            for index, name in enumerate(names)
        ],
        batch_size=BATCH,
    )
    created = Vanguard.objects.bulk_create(
        [
            Vanguard(
                name=name,
                slug=slugify(name),
                region=regions[index % len(regions)],
                lead_organisation=icb,
                target_cohorts=GROUPS[(index // GROUP_SIZE) % len(GROUPS)][3],
                funding_allocation=rng.randrange(900_000, 2_400_000),
                participant_target=rng.randrange(12, 45) * 100,
                in_work_share_target=rng.choice([50, 60, 65, 70, 75]),
                start_date=start,
                end_date=end,
                status=Vanguard.Status.LIVE,
            )
            for index, (name, icb) in enumerate(zip(names, icbs, strict=True))
        ],
        batch_size=BATCH,
    )
    registry = ScaleRegistry(
        start=start,
        end=end,
        admin=admin,
        vanguards=created,
        groups=groups,
        themes=themes,
        staff=staff,
    )

    middle = start + (end - start) / 2
    rows = []
    for index, vanguard in enumerate(created):
        group = groups[index // GROUP_SIZE]
        if index % 5 == 4 and len(groups) > 1:  # moves to the next group half way through
            moved_to = groups[(index // GROUP_SIZE + 1) % len(groups)]
            spans = [(start, middle - datetime.timedelta(days=1), group), (middle, None, moved_to)]
        else:
            spans = [(start, None, group)]
        registry.memberships[vanguard.pk] = spans
        rows += [
            CohortGroupMembership(vanguard=vanguard, cohort_group=g, started_on=s, ended_on=e)
            for s, e, g in spans
        ]
    CohortGroupMembership.objects.bulk_create(rows, batch_size=BATCH)

    people = _users(
        [
            (f"member{position}.{vanguard.slug}@example.com", _person(rng), Role.MEMBER)
            for vanguard in created
            for position in range(MEMBERS_PER_VANGUARD)
        ],
        password,
    )
    VanguardMember.objects.bulk_create(
        [
            VanguardMember(
                user=person,
                vanguard=created[number // MEMBERS_PER_VANGUARD],
                title=MEMBER_TITLES[number % MEMBERS_PER_VANGUARD % len(MEMBER_TITLES)],
            )
            for number, person in enumerate(people)
        ],
        batch_size=BATCH,
    )
    for number, person in enumerate(people):
        registry.members.setdefault(created[number // MEMBERS_PER_VANGUARD].pk, []).append(person)
    return registry
