import datetime

import factory
from django.utils import timezone

from vanguards.models import (
    Action,
    CohortGroup,
    CohortGroupMembership,
    Organisation,
    Region,
    RegionalLead,
    SupportOffer,
    SupportRequest,
    Touchpoint,
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


class TouchpointFactory(factory.django.DjangoModelFactory):
    """A completed check-in; pass `vanguards=[...]` to link vanguards."""

    class Meta:
        model = Touchpoint
        skip_postgeneration_save = True

    date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=3))
    kind = Touchpoint.Kind.CHECK_IN
    channel = Touchpoint.Channel.VIDEO
    duration_minutes = 45
    author = factory.SubFactory(UserFactory, role=Role.RM)
    summary = "Discussed referral numbers and the employer engagement plan."
    internal_notes = "SRO stretched; watch capacity."
    status = Touchpoint.Status.COMPLETE
    completed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def vanguards(self, create, extracted, **kwargs):
        if create and extracted:
            self.vanguards.set(extracted)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    description = factory.Sequence(lambda n: f"Follow-up action {n}")
    vanguard = factory.SubFactory(VanguardFactory)
    owner = factory.SubFactory(UserFactory, role=Role.RM)
    created_by = factory.SelfAttribute("owner")
    due_date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=7))


class SupportOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportOffer

    title = factory.Sequence(lambda n: f"Support offer {n}")
    description = "Coaching on building an outcomes framework."
    channel = SupportOffer.Channel.COACHING
    delivered_by = "Collaborate"


class SupportRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportRequest

    vanguard = factory.SubFactory(VanguardFactory)
    raised_by = factory.SubFactory(UserFactory, role=Role.MEMBER)
    need = "Help designing our employer engagement offer."
