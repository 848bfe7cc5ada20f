import datetime

import factory
from django.utils import timezone
from django.utils.text import slugify

from learning.models import Lesson, ToolkitItem, ToolkitVersion
from maturity.models import (
    AssessmentCycle,
    Dimension,
    DimensionScore,
    FrameworkVersion,
    SelfAssessment,
)
from vanguards.models import (
    Action,
    CohortGroup,
    CohortGroupMembership,
    NetworkPartnerContact,
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
    # From the name, so tests can address a named group: "Alpha group" is /groups/alpha-group/.
    slug = factory.LazyAttribute(lambda group: slugify(group.name))
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


def make_network_partner(organisation=None, *, cohort_groups=(), themes=(), **kwargs) -> User:
    """A network partner's account, linked to a partner organisation (a new one if none)."""
    if organisation is None:
        organisation = OrganisationFactory(is_network_partner=True)
        organisation.partner_cohort_groups.set(cohort_groups)
        organisation.partner_themes.set(themes)
    user = UserFactory(role=Role.NETWORK_PARTNER, **kwargs)
    NetworkPartnerContact.objects.create(user=user, organisation=organisation)
    return user


class LessonFactory(factory.django.DjangoModelFactory):
    """A draft lesson; pass `status` and, for published ones, `published_at`."""

    class Meta:
        model = Lesson

    title = factory.Sequence(lambda n: f"Lesson {n}")
    problem = "Referrals from GPs were slow to arrive."
    tried = "An employment adviser sat in each primary care network's weekly huddle."
    happened = "Referrals doubled within a quarter."
    takeaways = "Put advisers where the clinicians already meet."
    author = factory.SubFactory(UserFactory, role=Role.LEARNING)
    status = Lesson.Status.DRAFT
    published_at = factory.LazyAttribute(
        lambda lesson: timezone.now() if lesson.status == Lesson.Status.PUBLISHED else None
    )
    return_reason = factory.LazyAttribute(
        lambda lesson: "Say what happened" if lesson.status == Lesson.Status.RETURNED else ""
    )


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


class ConcernFactory(factory.django.DjangoModelFactory):
    """A concern as stored, whatever its state (tests of the steps raise them through
    feedback.services.concerns instead); `vanguard=None` is one about the region as a whole."""

    class Meta:
        model = "feedback.Concern"

    vanguard = factory.SubFactory(VanguardFactory)
    region = factory.LazyAttribute(lambda o: o.vanguard.region if o.vanguard else region("london"))
    raised_by = factory.SubFactory(UserFactory, role=Role.MEMBER)
    kind = "quality"
    what_happened = "The cohort session was cancelled at short notice."
    happened_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=7))
    wanted_outcome = "A new date."
    stage = "early_resolution"
    acknowledge_by = factory.LazyFunction(datetime.date.today)
    respond_by = factory.LazyFunction(datetime.date.today)


def touchpoint_form_data(vanguards, *, day=None, actions=(), rows=3, **fields) -> dict:
    """POST data for the touchpoint page (/touchpoints/new/ and …/edit/).

    `actions` are dicts with description, owner (a user), due (a date) and vanguard; the page
    has `rows` action rows, the rest left blank. `fields` override the touchpoint's own.
    """
    day = day or datetime.date.today() - datetime.timedelta(days=1)
    data = {
        "date_0": day.day,
        "date_1": day.month,
        "date_2": day.year,
        "kind": Touchpoint.Kind.CHECK_IN,
        "channel": Touchpoint.Channel.VIDEO,
        "duration_minutes": "45",
        "vanguards": [vanguard.pk for vanguard in vanguards],
        "summary": "Reviewed referrals and agreed the employer offer.",
        "internal_notes": "",
        "rag": "green",
        "rag_reason": "",
        "status": "complete",
        "actions-TOTAL_FORMS": str(rows),
        "actions-INITIAL_FORMS": "0",
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "20",
    }
    for index in range(rows):
        action = actions[index] if index < len(actions) else {}
        due = action.get("due")
        owner = action.get("owner")
        vanguard = action.get("vanguard")
        data.update(
            {
                f"actions-{index}-description": action.get("description", ""),
                f"actions-{index}-owner": owner.pk if owner else "",
                f"actions-{index}-due_date_0": due.day if due else "",
                f"actions-{index}-due_date_1": due.month if due else "",
                f"actions-{index}-due_date_2": due.year if due else "",
                f"actions-{index}-vanguard": vanguard.pk if vanguard else "",
            }
        )
    data.update(fields)
    return data


# --- Maturity ---------------------------------------------------------------------------


class FrameworkVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FrameworkVersion

    name = factory.Sequence(lambda n: f"Test framework {n}")
    status = FrameworkVersion.Status.PUBLISHED


class DimensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dimension

    framework = factory.SubFactory(FrameworkVersionFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Dimension {n}")
    description = "How well the partnership does this."
    theme = factory.LazyFunction(lambda: ProgrammeTheme.objects.first())


class AssessmentCycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssessmentCycle

    name = factory.Sequence(lambda n: f"Cycle {n}")
    framework = factory.SubFactory(FrameworkVersionFactory)
    opens_on = datetime.date(2025, 4, 1)
    closes_on = factory.LazyAttribute(lambda cycle: cycle.opens_on + datetime.timedelta(days=42))


def make_assessment(vanguard, cycle, levels, moderated=None, status=SelfAssessment.Status.AGREED):
    """A self-assessment scoring the cycle's dimensions in order: `levels` are the vanguard's,
    `moderated` (same length, None to keep the self level) the RM's."""
    assessment = SelfAssessment.objects.create(vanguard=vanguard, cycle=cycle, status=status)
    moderated = moderated or [None] * len(levels)
    dimensions = cycle.framework.dimensions.order_by("order")
    DimensionScore.objects.bulk_create(
        DimensionScore(
            assessment=assessment,
            dimension=dimension,
            self_level=level,
            evidence="Evidence for this level.",
            moderated_level=moderated_level,
        )
        for dimension, level, moderated_level in zip(dimensions, levels, moderated, strict=True)
    )
    return assessment


def make_framework(dimensions: int = 3, **fields) -> FrameworkVersion:
    """A framework version (published unless `status` says otherwise) with `dimensions`
    dimensions, each with all five level descriptors."""
    from maturity.models import LevelDescriptor

    fields.setdefault("status", FrameworkVersion.Status.PUBLISHED)
    if fields["status"] == FrameworkVersion.Status.PUBLISHED:
        fields.setdefault("published_at", timezone.now())
    framework = FrameworkVersionFactory(**fields)
    for order in range(1, dimensions + 1):
        dimension = DimensionFactory(framework=framework, order=order, name=f"Dimension {order}")
        LevelDescriptor.objects.bulk_create(
            LevelDescriptor(
                dimension=dimension, level=level, descriptor=f"Dimension {order} at level {level}."
            )
            for level in range(1, 6)
        )
    return framework


def assessment_form_data(assessment, answers=None, *, submit=False, revision=None) -> dict:
    """POST data for /maturity/assessments/<id>/: `answers` maps a dimension's order (1, 2, …)
    to the fields to fill in; every other field is posted as the page shows it (blank)."""
    answers = answers or {}
    data = {"revision": assessment.revision if revision is None else revision}
    data["submit" if submit else "save"] = "1"
    for score in assessment.scores.select_related("dimension"):
        given = answers.get(score.dimension.order, {})
        prefix = f"d{score.dimension_id}"
        for name in ("self_level", "evidence", "evidence_links", "target_level"):
            value = given.get(name, getattr(score, name))
            if value not in (None, ""):
                data[f"{prefix}-{name}"] = value
        data[f"{prefix}-improvement_actions"] = given.get(
            "improvement_actions", score.improvement_actions
        )
        if "evidence_file" in given:
            data[f"{prefix}-evidence_file"] = given["evidence_file"]
    return data


def moderation_form_data(assessment, decisions=None, *, agree=False, revision=None) -> dict:
    """POST data for /maturity/assessments/<id>/moderate/: `decisions` maps a dimension's
    order to (moderated level, rationale); others agree with the vanguard's level."""
    decisions = decisions or {}
    data = {"revision": assessment.revision if revision is None else revision}
    data["agree" if agree else "save"] = "1"
    for score in assessment.scores.select_related("dimension"):
        level, rationale = decisions.get(
            score.dimension.order, (score.moderated_level or score.self_level, "")
        )
        prefix = f"d{score.dimension_id}"
        if level is not None:
            data[f"{prefix}-moderated_level"] = level
        data[f"{prefix}-moderation_rationale"] = rationale
    return data


class EventFactory(factory.django.DjangoModelFactory):
    """A network webinar open to everyone, a week from now, online."""

    class Meta:
        model = "learning.Event"

    title = factory.Sequence(lambda n: f"Network webinar {n}")
    kind = "webinar"
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + datetime.timedelta(hours=1))
    format = "online"
    joining_link = "https://teams.example.com/join/secret-room"
    capacity = 20
    audience = "all"
    description = "A webinar on **fit notes**."
    created_by = factory.SubFactory(UserFactory, role=Role.LEARNING)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "learning.Registration"

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(UserFactory)
    status = "registered"


# --- The toolkit (learning) ---------------------------------------------------------------


class ToolkitVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ToolkitVersion

    # 0.1, 0.2 … 0.999, 1.0 …: valid however many versions a test run makes.
    number = factory.Sequence(lambda n: f"{(n + 1) // 1000}.{(n + 1) % 1000}")
    quarter_start = datetime.date(2024, 10, 1)  # 2024/25 Q3, when the first toolkit came out
    release_notes = "What is new in this version."
    status = ToolkitVersion.Status.DRAFT
    published_at = factory.LazyAttribute(
        lambda version: timezone.now() if version.status in ToolkitVersion.LOCKED else None
    )


class ToolkitItemFactory(factory.django.DjangoModelFactory):
    """An item; give `version` a draft (items of a published version cannot be added)."""

    class Meta:
        model = ToolkitItem

    version = factory.SubFactory(ToolkitVersionFactory)
    title = factory.Sequence(lambda n: f"Toolkit item {n}")
    kind = ToolkitItem.Kind.GUIDE
    summary = "A short guide for vanguard teams."
    body = "Read this first."


def publish_toolkit_version(version: ToolkitVersion) -> ToolkitVersion:
    """Mark a version published straight away, for test set-up (the service is tested itself)."""
    version.status = ToolkitVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.save()
    return version


def make_plan_activity(vanguard=None, *, theme_title="Provider development", **fields):
    """An activity in the vanguard's delivery plan (the programme plan's when `vanguard` is
    None), under a theme of that title; a target date of June 2023 unless told otherwise."""
    from plans.models import Activity, Theme
    from plans.services import programme_plan, vanguard_plan

    plan = programme_plan() if vanguard is None else vanguard_plan(vanguard)
    theme = plan.themes.filter(title=theme_title).first()
    if theme is None:
        position = (
            plan.themes.order_by("-position").values_list("position", flat=True).first() or 0
        ) + 1
        theme = Theme.objects.create(plan=plan, position=position, title=theme_title)
    values = {
        "description": "Initial engagement with current providers",
        "lead": "Commissioning",
        "timeline": Activity.Timeline.DATE,
        "target_date": datetime.date(2023, 6, 1),
        "precision": Activity.Precision.MONTH,
        "number": (
            theme.activities.order_by("-number").values_list("number", flat=True).first() or 0
        )
        + 1,
        **fields,
    }
    return Activity.objects.create(theme=theme, **values)
