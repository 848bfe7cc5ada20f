"""Regional-lead feedback: once a quarter a regional lead rates the NST's delivery in their
region on the pulse survey's five-point satisfaction scale, optionally each of the region's
vanguards, and adds observations. One per lead per quarter; a second submission changes it
until the quarter ends."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from workwell.dates import Quarter

from .pulse import SATISFACTION_SCALE


class RegionalFeedback(models.Model):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="regional_feedback"
    )
    region = models.ForeignKey("vanguards.Region", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(help_text="The year the financial year starts in.")
    number = models.PositiveSmallIntegerField(help_text="The quarter, 1 to 4.")
    rating = models.PositiveSmallIntegerField(choices=SATISFACTION_SCALE)
    observations = models.TextField(blank=True)
    submitted_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-year", "-number", "region__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "year", "number"], name="regional_feedback_once_a_quarter"
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="regional_feedback_rating_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=4), name="regional_feedback_quarter_1_to_4"
            ),
        ]

    def __str__(self):
        return f"{self.region} feedback {self.quarter}"

    @property
    def quarter(self) -> Quarter:
        return Quarter(self.year, self.number)


class RegionalVanguardRating(models.Model):
    """The optional rating of one vanguard of the region, with a comment."""

    feedback = models.ForeignKey(
        RegionalFeedback, on_delete=models.CASCADE, related_name="vanguard_ratings"
    )
    vanguard = models.ForeignKey("vanguards.Vanguard", on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField(choices=SATISFACTION_SCALE)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["vanguard__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["feedback", "vanguard"], name="regional_vanguard_rating_once"
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5),
                name="regional_vanguard_rating_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.vanguard} in {self.feedback}"
