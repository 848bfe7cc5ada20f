""" "You said, we did": what the NST changed because of feedback, linked to what was behind it:
pulse answers by programme theme (never to one person's answers), concerns, consultation
comments and regional feedback. Published entries are shown to everyone in the programme."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from workwell.dates import Quarter


class YouSaidWeDid(models.Model):
    title = models.CharField(max_length=200)
    you_said = models.TextField("what you said")
    we_did = models.TextField("what we did")
    year = models.PositiveSmallIntegerField(help_text="The year the financial year starts in.")
    number = models.PositiveSmallIntegerField(help_text="The quarter, 1 to 4.")
    published_on = models.DateField(
        null=True, blank=True, help_text="Empty while a draft; the day it was published."
    )
    pulse_themes = models.ManyToManyField(
        "workwell.ProgrammeTheme",
        blank=True,
        related_name="+",
        verbose_name="pulse survey answers on these themes",
    )
    concerns = models.ManyToManyField("feedback.Concern", blank=True, related_name="changes_made")
    consultation_comments = models.ManyToManyField(
        "learning.ConsultationComment", blank=True, related_name="+"
    )
    regional_feedback = models.ManyToManyField(
        "feedback.RegionalFeedback", blank=True, related_name="changes_made"
    )
    # The network event whose "what we heard" led to the change (a past event with published
    # key points); the event page lists the changes it led to.
    event = models.ForeignKey(
        "learning.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes_made",
        verbose_name="what we heard at this event",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_on", "-year", "-number", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=4), name="you_said_quarter_1_to_4"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def quarter(self) -> Quarter:
        return Quarter(self.year, self.number)

    @property
    def is_published(self) -> bool:
        return self.published_on is not None
