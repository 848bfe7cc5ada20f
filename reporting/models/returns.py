"""Quarterly returns: once a financial quarter each vanguard reports, per delivery strand, its
referrals, starts, outcomes and spend, with a short narrative. A member fills it in, the SRO
signs it off (which submits it), the RM or an admin accepts it or returns it with a query.
Accepted returns are locked; an admin may correct one with a reason. History keeps every
version."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from vanguards.models import Vanguard
from workwell.dates import Quarter

from .strands import DeliveryStrand


class ReturnPeriod(models.Model):
    """When a quarter's returns are due (admins set it)."""

    year = models.PositiveSmallIntegerField(help_text="The year the financial year starts in.")
    number = models.PositiveSmallIntegerField(help_text="The quarter, 1 to 4.")
    due_on = models.DateField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="return_period_once"),
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=4), name="return_period_quarter_1_to_4"
            ),
        ]

    def __str__(self):
        return f"{self.quarter} returns due {self.due_on}"

    @property
    def quarter(self) -> Quarter:
        return Quarter(self.year, self.number)


class QuarterlyReturn(models.Model):
    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        SUBMITTED = "submitted", "Submitted"  # signed off by the SRO, waiting for the RM
        QUERIED = "queried", "Returned with a query"
        ACCEPTED = "accepted", "Accepted"

    vanguard = models.ForeignKey(Vanguard, on_delete=models.CASCADE, related_name="returns")
    year = models.PositiveSmallIntegerField(help_text="The year the financial year starts in.")
    number = models.PositiveSmallIntegerField(help_text="The quarter, 1 to 4.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)

    progress = models.TextField("progress this quarter", blank=True)
    risks = models.TextField("risks and issues", blank=True)
    what_helped = models.TextField("what helped", blank=True)
    narrative_complete = models.BooleanField(default=False)

    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(  # who accepted it or returned it with a query
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    query = models.TextField(blank=True, help_text="Why the return was sent back.")
    query_answer = models.TextField(blank=True, help_text="The vanguard's answer to the query.")
    correction_reason = models.TextField(
        blank=True, help_text="Why an admin corrected an accepted return."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-number", "vanguard__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["vanguard", "year", "number"], name="quarterly_return_once"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=4), name="quarterly_return_quarter_1_to_4"
            ),
        ]

    def __str__(self):
        return f"{self.vanguard} {self.quarter} return"

    @property
    def quarter(self) -> Quarter:
        return Quarter(self.year, self.number)

    @property
    def is_locked(self) -> bool:
        """Submitted returns wait for the RM; accepted ones change only by an admin's correction."""
        return self.status in {self.Status.SUBMITTED, self.Status.ACCEPTED}


# (field, label) of every figure a strand reports, in the order the form and exports use.
# Counts are whole people; spend is in pounds.
COUNTS = [
    ("referrals", "Referrals"),
    ("starts", "Starts (participants with an agreed WorkWell plan)"),
    ("starts_in_work", "Starts in work"),
    ("starts_out_of_work", "Starts out of work"),
    ("condition_msk", "Starts with a musculoskeletal condition"),
    ("condition_mental_health", "Starts with a mental health condition"),
    ("condition_both", "Starts with both"),
    ("condition_other", "Starts with another condition"),
    ("ethnicity_white", "Starts: White"),
    ("ethnicity_mixed", "Starts: Mixed or multiple ethnic groups"),
    ("ethnicity_asian", "Starts: Asian or Asian British"),
    ("ethnicity_black", "Starts: Black, Black British, Caribbean or African"),
    ("ethnicity_other", "Starts: Other ethnic group"),
    ("ethnicity_not_known", "Starts: ethnic group not known"),
    ("completions", "Completions"),
    ("remained_in_work", "Remained in work"),
    ("entered_work", "Entered work"),
    ("satisfaction_responses", "Participant satisfaction responses"),
    ("satisfied", "Participants satisfied"),
]
CONDITIONS = [field for field, _ in COUNTS if field.startswith("condition_")]
ETHNIC_GROUPS = [field for field, _ in COUNTS if field.startswith("ethnicity_")]
FIGURES = [*COUNTS, ("spend", "Spend (£)")]


class StrandReturn(models.Model):
    """One strand's figures in a quarterly return. Empty means not entered yet: a draft may be
    incomplete, or even wrong (the validation rules are checked at sign-off, not on save)."""

    quarterly_return = models.ForeignKey(
        QuarterlyReturn, on_delete=models.CASCADE, related_name="strand_returns"
    )
    strand = models.ForeignKey(DeliveryStrand, on_delete=models.PROTECT, related_name="returns")
    complete = models.BooleanField(default=False, help_text="The member marked this task done.")

    referrals = models.IntegerField(null=True, blank=True)
    starts = models.IntegerField(null=True, blank=True)
    starts_in_work = models.IntegerField(null=True, blank=True)
    starts_out_of_work = models.IntegerField(null=True, blank=True)
    condition_msk = models.IntegerField(null=True, blank=True)
    condition_mental_health = models.IntegerField(null=True, blank=True)
    condition_both = models.IntegerField(null=True, blank=True)
    condition_other = models.IntegerField(null=True, blank=True)
    ethnicity_white = models.IntegerField(null=True, blank=True)
    ethnicity_mixed = models.IntegerField(null=True, blank=True)
    ethnicity_asian = models.IntegerField(null=True, blank=True)
    ethnicity_black = models.IntegerField(null=True, blank=True)
    ethnicity_other = models.IntegerField(null=True, blank=True)
    ethnicity_not_known = models.IntegerField(null=True, blank=True)
    completions = models.IntegerField(null=True, blank=True)
    remained_in_work = models.IntegerField(null=True, blank=True)
    entered_work = models.IntegerField(null=True, blank=True)
    satisfaction_responses = models.IntegerField(null=True, blank=True)
    satisfied = models.IntegerField(null=True, blank=True)
    spend = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["quarterly_return", "strand__position", "strand__pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["quarterly_return", "strand"], name="strand_return_once"
            ),
        ]

    def __str__(self):
        return f"{self.quarterly_return}: {self.strand}"

    def figures(self) -> dict:
        return {field: getattr(self, field) for field, _ in FIGURES}
