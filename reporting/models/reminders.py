"""Return reminders: each vanguard's members are emailed about a quarter's return 5 working
days before it is due, on the day and once when it is overdue. One row per vanguard, quarter
and kind, claimed before the email goes, so a second run (or a second beat at the same moment)
sends nothing."""

from django.db import models
from django.db.models import Q

from vanguards.models import Vanguard
from workwell.dates import Quarter


class ReturnReminder(models.Model):
    class Kind(models.TextChoices):
        BEFORE = "before", "Due in 5 working days"
        DUE = "due", "Due today"
        OVERDUE = "overdue", "Overdue"

    vanguard = models.ForeignKey(Vanguard, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(help_text="The year the financial year starts in.")
    number = models.PositiveSmallIntegerField(help_text="The quarter, 1 to 4.")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    recipients = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["vanguard", "year", "number", "kind"], name="return_reminder_once"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=4), name="return_reminder_quarter_1_to_4"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} reminder to {self.vanguard_id} for {self.quarter}"

    @property
    def quarter(self) -> Quarter:
        return Quarter(self.year, self.number)
