"""The quarterly pulse survey: one survey per financial quarter, one invitation per member
(who was asked, and the claims on their two emails) and one response per member."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from workwell.dates import Quarter

# The GOV.UK five-point satisfaction scale, stored 5 (best) to 1 so means and "satisfied"
# (4 or 5) read the same way as the other 1 to 5 ratings.
SATISFACTION_SCALE = [
    (5, "Very satisfied"),
    (4, "Satisfied"),
    (3, "Neither satisfied nor dissatisfied"),
    (2, "Dissatisfied"),
    (1, "Very dissatisfied"),
]
SATISFIED_FROM = 4  # 4 and 5 count as "satisfied" in the results


class PulseSurvey(models.Model):
    """The pulse survey of one financial quarter: opens at the start of the quarter's last
    month, closes at the quarter's end."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Not open yet"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    year = models.PositiveSmallIntegerField(help_text="The year the financial year starts in.")
    number = models.PositiveSmallIntegerField(help_text="The quarter, 1 to 4.")
    opens_on = models.DateField()
    closes_on = models.DateField(help_text="The last day answers are taken or changed.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="pulse_survey_once_a_quarter"),
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=4), name="pulse_survey_quarter_1_to_4"
            ),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="pulse_survey_closes_after_opening",
            ),
        ]

    def __str__(self):
        return f"Pulse survey {self.quarter}"

    @property
    def quarter(self) -> Quarter:
        return Quarter(self.year, self.number)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


def survey_dates(quarter: Quarter) -> tuple[datetime.date, datetime.date]:
    """When a quarter's survey opens (the first day of its last month) and closes (its end)."""
    end = quarter.end
    return end.replace(day=1), end


class GroupsAtTheTime(models.Model):
    """A member's vanguard, its cohort group, that group's RM and its region when they were
    asked or answered: results are counted by these, so they follow the groups of the quarter."""

    vanguard = models.ForeignKey("vanguards.Vanguard", on_delete=models.CASCADE, related_name="+")
    cohort_group = models.ForeignKey(
        "vanguards.CohortGroup", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    relationship_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    region = models.ForeignKey("vanguards.Region", on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True


class PulseInvitation(GroupsAtTheTime):
    """A member asked to answer a quarter's survey, with their groups at the time (the response
    rate's denominator). Each email is claimed on this row before it is sent, so a second run
    or a second beat sends nobody a second one."""

    survey = models.ForeignKey(PulseSurvey, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pulse_invitations"
    )
    invited_at = models.DateTimeField(null=True, blank=True, help_text="Invitation email sent.")
    reminded_at = models.DateTimeField(null=True, blank=True, help_text="Reminder email sent.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "person"], name="pulse_invitation_once_per_person"
            )
        ]

    def __str__(self):
        return f"{self.person} asked for {self.survey}"


class PulseResponse(GroupsAtTheTime):
    """One member's answers to one quarter's survey, with their vanguard, cohort group, RM and
    region when they answered, so results follow the groups of that quarter."""

    survey = models.ForeignKey(PulseSurvey, on_delete=models.PROTECT, related_name="responses")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pulse_responses"
    )
    satisfaction = models.PositiveSmallIntegerField(choices=SATISFACTION_SCALE)
    rm_support = models.PositiveSmallIntegerField(
        help_text="How well their RM's support meets their needs, 1 to 5."
    )
    learning_usefulness = models.PositiveSmallIntegerField(
        help_text="How useful the learning offer is, 1 to 5."
    )
    went_well = models.TextField(blank=True)
    even_better = models.TextField(blank=True)
    may_contact = models.BooleanField(
        default=False, help_text="The member agreed to be contacted about their answers."
    )
    # Programme themes the NST tags it with, for the quarterly review's counts.
    themes = models.ManyToManyField("workwell.ProgrammeTheme", blank=True, related_name="+")
    submitted_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "person"], name="pulse_response_once_per_person"
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                    name=f"pulse_response_{name}_1_to_5",
                )
                for name in ("satisfaction", "rm_support", "learning_usefulness")
            ),
        ]

    def __str__(self):
        return f"{self.person}'s answers to {self.survey}"
