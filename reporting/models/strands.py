"""A vanguard's delivery plan: the strands its funding is split into (Manchester's three
services plus contingency and management are the model). Kept by admins."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from vanguards.models import Vanguard


class DeliveryStrand(models.Model):
    vanguard = models.ForeignKey(Vanguard, on_delete=models.CASCADE, related_name="strands")
    name = models.CharField(max_length=200)
    participant_target = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Leave empty for a strand with no participants, such as contingency.",
    )
    funding_allocation = models.DecimalField(max_digits=12, decimal_places=2)
    in_work_share_target = models.PositiveSmallIntegerField(
        "in-work share target",
        null=True,
        blank=True,
        help_text="Percentage of starts who are in work when they start.",
    )
    start_date = models.DateField()
    end_date = models.DateField()
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["vanguard", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["vanguard", "name"], name="strand_name_once"),
            models.CheckConstraint(
                condition=Q(in_work_share_target__lte=100), name="strand_in_work_share_percent"
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="strand_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def has_participants(self) -> bool:
        """Only strands with participants have a part in the quarterly return."""
        return self.participant_target is not None


class FundingRule(models.Model):
    """How a vanguard's allocation is paid; one row (pk=1), kept by admins. The default is the
    programme's: 60% guaranteed and 40% performance-related, earned per participant started
    pro rata to the participant target and capped at it, paid quarterly in arrears."""

    guaranteed_percent = models.PositiveSmallIntegerField(
        default=60, help_text="The share of the allocation paid whatever the starts."
    )
    arrears_quarters = models.PositiveSmallIntegerField(
        default=1, help_text="How many quarters after it is earned a payment is made."
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="funding_rule_singleton"),
            models.CheckConstraint(
                condition=Q(guaranteed_percent__lte=100), name="funding_rule_percent"
            ),
        ]

    def __str__(self):
        return f"{self.guaranteed_percent}% guaranteed, paid {self.arrears_quarters} in arrears"

    @property
    def performance_percent(self) -> int:
        return 100 - self.guaranteed_percent
