from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from vanguards.models import Action, Vanguard
from workwell.models import MaturityBand, ProgrammeTheme
from workwell.uploads import generated_name

LEVELS = range(1, 6)
level_validators = [MinValueValidator(1), MaxValueValidator(5)]


class FrameworkVersion(models.Model):
    """A version of the Maturity Assessment Matrix. Published versions never change."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    name = models.CharField(max_length=100, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    based_on = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Band thresholds on the mean level: below `emerging_below` is emerging, below
    # `maturing_below` maturing, otherwise leading.
    emerging_below = models.DecimalField(max_digits=3, decimal_places=2, default=Decimal("2.5"))
    maturing_below = models.DecimalField(max_digits=3, decimal_places=2, default=Decimal("3.75"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(emerging_below__gt=1)
                & Q(maturing_below__gt=F("emerging_below"))
                & Q(maturing_below__lte=5),
                name="framework_thresholds_increase",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    def band_for(self, mean_level) -> str | None:
        """The band for a mean level, or None when there is nothing to band."""
        if mean_level is None:
            return None
        mean_level = Decimal(str(mean_level))
        if mean_level < self.emerging_below:
            return MaturityBand.EMERGING
        if mean_level < self.maturing_below:
            return MaturityBand.MATURING
        return MaturityBand.LEADING


class Dimension(models.Model):
    framework = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="dimensions"
    )
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=120)
    description = models.TextField()
    theme = models.ForeignKey(ProgrammeTheme, on_delete=models.PROTECT, related_name="dimensions")

    class Meta:
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "order"], name="dimension_unique_order"),
            models.UniqueConstraint(fields=["framework", "name"], name="dimension_unique_name"),
        ]

    def __str__(self):
        return self.name


class LevelDescriptor(models.Model):
    """What level 1 to 5 of a dimension looks like, in plain English."""

    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(validators=level_validators)
    descriptor = models.TextField()

    class Meta:
        ordering = ["dimension", "level"]
        constraints = [
            models.UniqueConstraint(fields=["dimension", "level"], name="descriptor_unique_level"),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=5), name="descriptor_level_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.dimension} level {self.level}"


class AssessmentCycle(models.Model):
    """A round of self-assessment against one framework version; the first is the baseline."""

    name = models.CharField(max_length=100, unique=True)
    framework = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="cycles")
    opens_on = models.DateField()
    closes_on = models.DateField()
    is_baseline = models.BooleanField("discovery baseline", default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-opens_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gt=F("opens_on")), name="cycle_closes_after_opening"
            ),
            models.UniqueConstraint(
                fields=["is_baseline"], condition=Q(is_baseline=True), name="cycle_one_baseline"
            ),
        ]

    def __str__(self):
        return self.name


class SelfAssessment(models.Model):
    """A vanguard's self-assessment in one cycle: draft → submitted → agreed."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        AGREED = "agreed", "Agreed"

    vanguard = models.ForeignKey(
        Vanguard, on_delete=models.CASCADE, related_name="self_assessments"
    )
    cycle = models.ForeignKey(
        AssessmentCycle, on_delete=models.PROTECT, related_name="self_assessments"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Bumped on every save of the draft, so a second editor working from an older copy is told
    # the draft changed instead of silently overwriting it.
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agreed_at = models.DateTimeField(null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reopen_reason = models.CharField(max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-cycle__opens_on", "vanguard__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["vanguard", "cycle"], name="assessment_one_per_vanguard_per_cycle"
            )
        ]

    def __str__(self):
        return f"{self.vanguard} – {self.cycle}"


class DimensionScore(models.Model):
    """One dimension of a self-assessment: the vanguard's level and evidence, then moderation."""

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="scores")
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="scores")
    self_level = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=level_validators
    )
    evidence = models.TextField(blank=True)
    evidence_links = models.TextField(blank=True, help_text="One web address per line.")
    target_level = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=level_validators
    )
    improvement_actions = models.TextField(blank=True)
    moderated_level = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=level_validators
    )
    moderation_rationale = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "dimension__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "dimension"], name="score_one_per_dimension"
            ),
            models.CheckConstraint(
                condition=(Q(self_level__isnull=True) | Q(self_level__gte=1) & Q(self_level__lte=5))
                & (Q(target_level__isnull=True) | Q(target_level__gte=1) & Q(target_level__lte=5))
                & (
                    Q(moderated_level__isnull=True)
                    | Q(moderated_level__gte=1) & Q(moderated_level__lte=5)
                ),
                name="score_levels_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.assessment}: {self.dimension}"

    @property
    def agreed_level(self):
        return self.moderated_level or self.self_level


class EvidenceFile(models.Model):
    score = models.ForeignKey(DimensionScore, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=generated_name)
    name = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.name


class AssessmentAction(models.Model):
    """Links the tracked actions created when an assessment is agreed to their dimension."""

    score = models.ForeignKey(DimensionScore, on_delete=models.CASCADE, related_name="actions")
    action = models.OneToOneField(Action, on_delete=models.CASCADE, related_name="+")

    def __str__(self):
        return f"{self.action} ({self.score.dimension})"


class ReminderSent(models.Model):
    """A draft-assessment reminder that went out, so each goes at most once."""

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="+")
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "days_before"], name="reminder_once_per_assessment"
            )
        ]

    def __str__(self):
        return f"{self.days_before}-day reminder for {self.assessment}"
