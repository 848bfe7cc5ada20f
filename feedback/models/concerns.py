"""Concerns and complaints: raised by a vanguard member or a regional lead, acknowledged within
3 working days, responded to within the programme's target, closed when the raiser agrees (or
10 working days after the response without a reply), reopened at most once.

The clock dates are stored when the step that starts them happens, so a later change of the
programme's response target does not move a promise already made to the raiser, and the
quality plan can ask "acknowledged within 3 working days?" of the stored dates.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class Concern(models.Model):
    class Kind(models.TextChoices):
        COMPLAINT = "complaint", "Complaint"
        QUALITY = "quality", "Quality standard not met"
        ISSUE = "issue", "Issue"
        SUGGESTION = "suggestion", "Suggestion"

    class State(models.TextChoices):
        RAISED = "raised", "Raised"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        INVESTIGATING = "investigating", "Investigating"
        RESPONDED = "responded", "Responded"
        CLOSED = "closed", "Closed"

    class Stage(models.TextChoices):
        # The PHSO complaint standards' stages.
        EARLY_RESOLUTION = "early_resolution", "Early resolution by the relationship manager"
        INVESTIGATION = "investigation", "Investigation by the relationship manager lead"
        ESCALATION = "escalation", "Escalation to the programme director"

    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="raised_concerns"
    )
    # A member's concern is about their vanguard; a regional lead's about one of their region's
    # vanguards or about the region as a whole (no vanguard).
    vanguard = models.ForeignKey(
        "vanguards.Vanguard",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="concerns",
    )
    region = models.ForeignKey("vanguards.Region", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    what_happened = models.TextField()
    happened_on = models.DateField("when it happened")
    wanted_outcome = models.TextField("what they would like to happen")
    about_rm = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="concerns_about",
        verbose_name="relationship manager it is about",
    )
    about_service = models.CharField("service it is about", max_length=200, blank=True)
    late_reason = models.TextField("why it was not raised sooner", blank=True)

    state = models.CharField(max_length=15, choices=State.choices, default=State.RAISED)
    stage = models.CharField(max_length=20, choices=Stage.choices)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handled_concerns",
    )

    # Programme themes the NST tags it with, for the quarterly review's counts.
    themes = models.ManyToManyField("workwell.ProgrammeTheme", blank=True, related_name="+")
    raised_at = models.DateTimeField(auto_now_add=True)
    acknowledge_by = models.DateField()
    respond_by = models.DateField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    investigating_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    # Set by the response; cleared when the raiser replies (they have not gone quiet).
    auto_close_on = models.DateField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_automatically = models.BooleanField(default=False)
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopen_reason = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reopened_at__isnull=True) | ~Q(reopen_reason=""),
                name="concern_reopen_needs_reason",
            ),
        ]
        indexes = [models.Index(fields=["state", "respond_by"], name="concern_state_respond_idx")]

    def __str__(self):
        return f"Concern #{self.pk}"

    @property
    def was_reopened(self) -> bool:
        return self.reopened_at is not None


class ConcernEntry(models.Model):
    """One step or message in a concern's thread, shown to the raiser in order."""

    class Kind(models.TextChoices):
        RAISED = "raised", "Raised"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        INVESTIGATING = "investigating", "Investigation started"
        ESCALATED = "escalated", "Escalated"
        RESPONDED = "responded", "Final response"
        CLOSED = "closed", "Closed"
        REOPENED = "reopened", "Reopened"
        MESSAGE = "message", "Message"

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=15, choices=Kind.choices)
    # None: the portal itself (closing a concern nobody replied to).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "concern entries"

    def __str__(self):
        return f"{self.get_kind_display()} on concern #{self.concern_id}"


class ConcernDigestSent(models.Model):
    """The RM lead's daily digest of overdue concerns went out: at most once a day each."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "sent_on"], name="concern_digest_once_a_day")
        ]

    def __str__(self):
        return f"Concern digest to {self.user_id} on {self.sent_on}"
