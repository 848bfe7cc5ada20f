import datetime

import factory

from vanguards.models import (
    CohortGroup,
    CohortGroupMembership,
    Organisation,
    Region,
    RegionalLead,
    Vanguard,
    VanguardMember,
)
from workwell.models import ProgrammeTheme, Role, User

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    full_name = factory.Faker("name", locale="en_GB")
    role = Role.MEMBER
    password = factory.django.Password(PASSWORD)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.ICB
    ods_code = factory.Sequence(lambda n: f"Q{n:03d}")


def region(slug="north-west") -> Region:
    return Region.objects.get(slug=slug)


class VanguardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vanguard

    name = factory.Sequence(lambda n: f"Vanguard {n}")
    slug = factory.Sequence(lambda n: f"vanguard-{n}")
    region = factory.LazyFunction(region)
    lead_organisation = factory.SubFactory(OrganisationFactory)
    target_cohorts = "People with musculoskeletal conditions"
    funding_allocation = 1_310_012
    participant_target = 2500
    in_work_share_target = 60
    start_date = datetime.date(2025, 4, 1)
    end_date = datetime.date(2027, 3, 31)
    status = Vanguard.Status.LIVE


class CohortGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CohortGroup

    name = factory.Sequence(lambda n: f"Cohort group {n}")
    slug = factory.Sequence(lambda n: f"cohort-group-{n}")
    theme = factory.LazyFunction(lambda: ProgrammeTheme.objects.first())
    relationship_manager = factory.SubFactory(UserFactory, role=Role.RM)


def join_group(vanguard, group, started_on=datetime.date(2025, 4, 1)):
    return CohortGroupMembership.objects.create(
        vanguard=vanguard, cohort_group=group, started_on=started_on
    )


def make_member(vanguard, **kwargs) -> User:
    user = UserFactory(role=Role.MEMBER, **kwargs)
    VanguardMember.objects.create(user=user, vanguard=vanguard, title=VanguardMember.Title.SRO)
    return user


def make_regional_lead(region_slug="north-west", **kwargs) -> User:
    user = UserFactory(role=Role.REGIONAL_LEAD, **kwargs)
    RegionalLead.objects.create(user=user, region=region(region_slug))
    return user
