"""Lessons learnt: good practice and case studies written by vanguard members or the NST,
reviewed by the learning team, and once published read by everyone signed in."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from maturity.models import Dimension
from vanguards import permissions
from vanguards.models import SupportOffer, Vanguard
from workwell.models import ProgrammeTheme

from .toolkit import ToolkitItem


class Lesson(models.Model):
    class Status(models.TextChoices):
        # The values are the permissions module's (it cannot import this layer).
        DRAFT = permissions.LESSON_DRAFT, "Draft"
        SUBMITTED = permissions.LESSON_SUBMITTED, "Submitted for review"
        RETURNED = permissions.LESSON_RETURNED, "Returned"
        PUBLISHED = permissions.LESSON_PUBLISHED, "Published"

    title = models.CharField(max_length=200)
    problem = models.TextField("the problem", help_text="Formatted text (Markdown).")
    tried = models.TextField("what was tried", help_text="Formatted text (Markdown).")
    happened = models.TextField("what happened", help_text="Formatted text (Markdown).")
    takeaways = models.TextField(
        "what others should take from it", help_text="Formatted text (Markdown)."
    )
    # Empty for a lesson the NST wrote about the programme as a whole.
    vanguard = models.ForeignKey(
        Vanguard, on_delete=models.PROTECT, related_name="lessons", null=True, blank=True
    )
    themes = models.ManyToManyField(ProgrammeTheme, related_name="lessons", blank=True)
    dimensions = models.ManyToManyField(
        Dimension, verbose_name="maturity dimensions", related_name="lessons", blank=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="lessons"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    return_reason = models.TextField("reason for returning", blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reviewed_lessons",
        null=True,
        blank=True,
    )
    published_at = models.DateTimeField(null=True, blank=True)
    # What a published lesson went on to inform (kept by the learning team).
    support_offers = models.ManyToManyField(
        SupportOffer, verbose_name="support offers it informed", related_name="lessons", blank=True
    )
    toolkit_items = models.ManyToManyField(
        ToolkitItem, verbose_name="toolkit items it shaped", related_name="lessons", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[themes, dimensions, support_offers, toolkit_items])

    class Meta:
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""),
                name="lesson_returned_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="lesson_published_has_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "-published_at"], name="lesson_status_idx")]

    def __str__(self):
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED
