"""The quality plan's targets: admins set a target per indicator, for one quarter or from a
quarter onwards. With none set, an indicator's target is its default (DEFAULT_TARGETS)."""

from django.db import models
from django.db.models import Q

from workwell.dates import Quarter


class Indicator(models.TextChoices):
    SATISFIED = "satisfied", "Members satisfied (pulse 4 or 5)"
    RESPONSE_RATE = "response_rate", "Pulse survey response rate"
    CONCERNS_ACKNOWLEDGED = "concerns_acknowledged", "Concerns acknowledged within 3 working days"
    CONCERNS_RESPONDED = "concerns_responded", "Concerns responded to within target"
    SUPPORT_TRIAGED = "support_triaged", "Support requests triaged in time"
    CONTACT_CADENCE = "contact_cadence", "Vanguards contacted within cadence"
    EVENTS_USEFUL = "events_useful", "Events rated useful (4 or 5)"


# Percentages used when admins have set no target for a quarter (documented in the README's
# quality plan section and on the targets page).
DEFAULT_TARGETS = {
    Indicator.SATISFIED: 80,
    Indicator.RESPONSE_RATE: 50,
    Indicator.CONCERNS_ACKNOWLEDGED: 95,
    Indicator.CONCERNS_RESPONDED: 90,
    Indicator.SUPPORT_TRIAGED: 90,
    Indicator.CONTACT_CADENCE: 85,
    Indicator.EVENTS_USEFUL: 80,
}


class QualityTarget(models.Model):
    """An indicator's target (a percentage) for one quarter, or from a quarter onwards until a
    later target replaces it."""

    indicator = models.CharField(max_length=30, choices=Indicator.choices)
    year = models.PositiveSmallIntegerField(help_text="The year the financial year starts in.")
    number = models.PositiveSmallIntegerField(help_text="The quarter, 1 to 4.")
    onwards = models.BooleanField(
        default=True, help_text="Applies from this quarter on, not to this quarter only."
    )
    target = models.PositiveSmallIntegerField(help_text="Percentage, 0 to 100.")

    class Meta:
        ordering = ["indicator", "-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "number"], name="quality_target_once_a_quarter"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=4), name="quality_target_quarter_1_to_4"
            ),
            models.CheckConstraint(condition=Q(target__lte=100), name="quality_target_percent"),
        ]

    def __str__(self):
        when = "from" if self.onwards else "in"
        return f"{self.get_indicator_display()}: {self.target}% {when} {self.quarter}"

    @property
    def quarter(self) -> Quarter:
        return Quarter(self.year, self.number)
