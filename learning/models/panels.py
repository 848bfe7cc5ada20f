"""The expert panel and the lived experience panel: people the learning team asks to review
toolkit versions, and the reviews they give."""

from django.conf import settings
from django.db import models


class Panel(models.TextChoices):
    # The value is the panel's address: /learning/panels/<value>/.
    EXPERT = "expert", "Expert panel"
    LIVED_EXPERIENCE = "lived-experience", "Lived experience panel"


class PanelMember(models.Model):
    """Someone on one of the panels, with what they bring to it."""

    panel = models.CharField(max_length=20, choices=Panel.choices)
    full_name = models.CharField(max_length=150)
    expertise = models.TextField(max_length=1000)
    organisation = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    is_active = models.BooleanField("still on the panel", default=True)

    class Meta:
        ordering = ["panel", "-is_active", "full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "full_name"], name="panel_member_once_per_panel"
            ),
        ]

    def __str__(self):
        return self.full_name


class PanelReview(models.Model):
    """A panel's review of a toolkit version, marked on the version as from that panel."""

    # A draft thrown away takes its reviews with it; a consulted or published version is never
    # deleted (learning.services.toolkit).
    version = models.ForeignKey(
        "learning.ToolkitVersion", on_delete=models.CASCADE, related_name="panel_reviews"
    )
    panel = models.CharField(max_length=20, choices=Panel.choices)
    reviewers = models.ManyToManyField(PanelMember, related_name="reviews")
    reviewed_on = models.DateField()
    summary = models.TextField(max_length=5000)
    recommendations = models.TextField(max_length=5000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        indexes = [models.Index(fields=["version", "panel"], name="panel_review_version")]

    def __str__(self):
        return f"{self.get_panel_display()} review of {self.version}"
