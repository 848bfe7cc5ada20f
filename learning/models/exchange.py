"""The peer exchange (/learning/exchange/): vanguard members, network partners and the NST ask
each other questions, tagged with programme themes; others answer; the asker marks the answer
that helped. Anyone may report a post; the learning team hides one with a reason.

A post carries its author's name and the organisation they wrote for, as words taken when it was
written: the exchange links into nobody's records, so it never shows another vanguard's.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from workwell.models import ProgrammeTheme

from .lessons import Lesson
from .toolkit import ToolkitItem


class ExchangePost(models.Model):
    """What a question and an answer share: the text, who wrote it and the moderation."""

    body = models.TextField(help_text="Formatted text (Markdown).")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # "Alpha Vanguard", "Network Partner ICB" or "National Support Team", when it was written;
    # empty when the author's account was linked to no organisation.
    author_organisation = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    hidden_reason = models.TextField(blank=True)

    class Meta:
        abstract = True

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def byline(self) -> str:
        """ "Mem Alpha, Alpha Vanguard", or the name alone when the post names no organisation
        (an account whose link to one was missing)."""
        if self.author_organisation:
            return f"{self.author}, {self.author_organisation}"
        return str(self.author)


class ExchangeQuestion(ExchangePost):
    title = models.CharField(max_length=200)
    themes = models.ManyToManyField(ProgrammeTheme, related_name="exchange_questions")
    helpful_answer = models.OneToOneField(
        "ExchangeAnswer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The drafts the learning team turned the thread into (each links back to the thread).
    lesson = models.ForeignKey(
        Lesson, on_delete=models.SET_NULL, null=True, blank=True, related_name="exchange_threads"
    )
    toolkit_item = models.ForeignKey(
        ToolkitItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exchange_threads",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""),
                name="exchange_question_hidden_has_reason",
            )
        ]

    def __str__(self):
        return self.title


class ExchangeAnswer(ExchangePost):
    question = models.ForeignKey(ExchangeQuestion, on_delete=models.CASCADE, related_name="answers")

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""),
                name="exchange_answer_hidden_has_reason",
            )
        ]

    def __str__(self):
        return f"Answer to {self.question_id}"


class ExchangeReport(models.Model):
    """Someone asking the learning team to look at a question or an answer, with why."""

    question = models.ForeignKey(
        ExchangeQuestion, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    answer = models.ForeignKey(
        ExchangeAnswer, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exchange_reports"
    )
    reason = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the learning team hid the post or decided to leave it up.
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(question__isnull=True) ^ Q(answer__isnull=True),
                name="exchange_report_one_post",
            ),
            # One open report per person per post: reporting twice adds nothing.
            models.UniqueConstraint(
                fields=["reporter", "question"],
                condition=Q(resolved_at__isnull=True, question__isnull=False),
                name="exchange_report_once_per_question",
            ),
            models.UniqueConstraint(
                fields=["reporter", "answer"],
                condition=Q(resolved_at__isnull=True, answer__isnull=False),
                name="exchange_report_once_per_answer",
            ),
        ]
        indexes = [models.Index(fields=["resolved_at"], name="exchange_report_open_idx")]

    def __str__(self):
        return f"Report by {self.reporter_id}"


class ExchangeFollow(models.Model):
    """A person following a programme theme: new questions in it come in their daily email."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exchange_follows"
    )
    theme = models.ForeignKey(ProgrammeTheme, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "theme"], name="exchange_follow_once")
        ]

    def __str__(self):
        return f"{self.user_id} follows {self.theme_id}"


class ExchangeDigestSent(models.Model):
    """Claimed before a person's daily exchange email is sent: at most one a day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    # The end of the window the email covered: the next one starts here, so a day the worker
    # missed is caught up. Empty on emails sent before it was kept (the next covers a day).
    covered_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "sent_on"], name="exchange_digest_once_a_day")
        ]

    def __str__(self):
        return f"{self.user_id} on {self.sent_on}"
