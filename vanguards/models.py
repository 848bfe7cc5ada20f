from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from workwell.models import ProgrammeTheme


class Region(models.Model):
    """One of the seven NHS England regions."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        ICB = "icb", "Integrated Care Board"
        COUNCIL = "council", "Council"
        COMBINED_AUTHORITY = "combined_authority", "Combined authority"
        VCSE = "vcse", "VCSE organisation"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    ods_code = models.CharField(
        "ODS code",
        max_length=10,
        blank=True,
        help_text="The NHS Organisation Data Service code, for example QOP. Required for ICBs.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ods_code"], condition=~Q(ods_code=""), name="organisation_unique_ods_code"
            ),
            models.CheckConstraint(
                condition=~Q(kind="icb") | ~Q(ods_code=""), name="organisation_icb_has_ods_code"
            ),
        ]

    def __str__(self):
        return self.name


class Vanguard(models.Model):
    """A local WorkWell vanguard: an ICB with its partners."""

    class Status(models.TextChoices):
        MOBILISING = "mobilising", "Mobilising"
        LIVE = "live", "Live"
        CLOSING = "closing", "Closing"
        CLOSED = "closed", "Closed"

    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="vanguards")
    lead_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="led_vanguards"
    )
    partners = models.ManyToManyField(
        Organisation, through="Partnership", related_name="partner_vanguards", blank=True
    )
    target_cohorts = models.TextField(
        help_text="Who the service is for, for example people with musculoskeletal conditions."
    )
    funding_allocation = models.DecimalField(
        "funding allocation (£)", max_digits=12, decimal_places=2
    )
    participant_target = models.PositiveIntegerField()
    in_work_share_target = models.PositiveSmallIntegerField(
        "in-work share target (%)",
        help_text="The share of participants expected to be in work when they join, 0 to 100.",
    )
    start_date = models.DateField()
    end_date = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.MOBILISING)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(in_work_share_target__lte=100), name="vanguard_in_work_share_le_100"
            ),
            models.CheckConstraint(
                condition=Q(end_date__gt=models.F("start_date")), name="vanguard_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(funding_allocation__gte=0), name="vanguard_funding_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["status"], name="vanguard_status_idx")]

    def __str__(self):
        return self.name


class Partnership(models.Model):
    """A partner organisation of a vanguard, other than its lead."""

    vanguard = models.ForeignKey(Vanguard, on_delete=models.CASCADE, related_name="partnerships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="partnerships"
    )
    role = models.CharField(max_length=200, blank=True, help_text="What the partner brings.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["vanguard", "organisation"], name="partnership_unique_vanguard_organisation"
            )
        ]

    def __str__(self):
        return f"{self.organisation} in {self.vanguard}"


class CohortGroup(models.Model):
    """A thematic group of 3 to 5 vanguards with one relationship manager."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    theme = models.ForeignKey(ProgrammeTheme, on_delete=models.PROTECT, related_name="+")
    focus = models.TextField(blank=True, help_text="The target cohort the group shares.")
    relationship_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cohort_groups",
        limit_choices_to={"role__in": ["rm", "rm_lead"]},
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class CohortGroupMembership(models.Model):
    """A vanguard's time in a cohort group. Groups change, so the history is kept as rows."""

    vanguard = models.ForeignKey(
        Vanguard, on_delete=models.CASCADE, related_name="group_memberships"
    )
    cohort_group = models.ForeignKey(
        CohortGroup, on_delete=models.PROTECT, related_name="memberships"
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            # A vanguard is in at most one group at a time.
            models.UniqueConstraint(
                fields=["vanguard"],
                condition=Q(ended_on__isnull=True),
                name="membership_one_current_group_per_vanguard",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="membership_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.vanguard} in {self.cohort_group}"

    @property
    def is_current(self):
        return self.ended_on is None


class VanguardMember(models.Model):
    """Links a vanguard member's account to their vanguard, with their title."""

    class Title(models.TextChoices):
        SRO = "sro", "Senior responsible owner (SRO)"
        LEARNING_AND_CHANGE = "learning_change", "Learning and Change Manager"
        PMO_LEAD = "pmo_lead", "PMO lead"
        OTHER = "other", "Other"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="vanguard_membership"
    )
    vanguard = models.ForeignKey(Vanguard, on_delete=models.CASCADE, related_name="members")
    title = models.CharField(max_length=30, choices=Title.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["title", "user__full_name"]

    def __str__(self):
        return f"{self.user} ({self.get_title_display()}, {self.vanguard})"


class RegionalLead(models.Model):
    """Links a regional lead's account to their NHS England region."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="regional_lead"
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="leads")

    history = HistoricalRecords()

    def __str__(self):
        return f"{self.user} ({self.region})"
