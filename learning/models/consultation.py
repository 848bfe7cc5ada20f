"""Consultation on a toolkit version: comments from vanguard members and NST staff, each
answered by the learning team, and an accepted comment linked to the change it led to."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class ConsultationComment(models.Model):
    """A comment on a version in consultation, on one of its items or on the whole version."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for an answer"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        ANSWERED = "answered", "Answered"

    # The answers the learning team gives, and each one's label on the answer form.
    ANSWERS = (Status.ACCEPTED, Status.DECLINED, Status.ANSWERED)

    # PROTECT: a version people commented on is part of the consultation's record.
    version = models.ForeignKey(
        "learning.ToolkitVersion", on_delete=models.PROTECT, related_name="consultation_comments"
    )
    # An item removed from the draft during consultation keeps its comments, under its title.
    item = models.ForeignKey(
        "learning.ToolkitItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultation_comments",
    )
    item_title = models.CharField(max_length=200, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The commenter's vanguard when they wrote it (members); empty for NST staff.
    vanguard = models.ForeignKey(
        "vanguards.Vanguard",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultation_comments",
    )
    text = models.TextField(max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    # The reason for declining, or the answer.
    response = models.TextField(max_length=5000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    # The item in the next version that makes the change an accepted comment asked for.
    led_to = models.ForeignKey(
        "learning.ToolkitItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments_addressed",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["declined", "answered"]) | ~Q(response=""),
                name="consultation_comment_reason_or_answer",
            ),
            models.CheckConstraint(
                condition=Q(led_to__isnull=True) | Q(status="accepted"),
                name="consultation_comment_change_if_accepted",
            ),
        ]
        indexes = [
            models.Index(fields=["version", "status"], name="consultation_version_status"),
        ]

    def __str__(self):
        return f"Comment on {self.item_title or 'the whole version'}"

    @property
    def is_answered(self) -> bool:
        return self.status != self.Status.OPEN

    @property
    def on_whole_version(self) -> bool:
        return self.item_id is None and not self.item_title
