"""The network's own pages on /learning/: terms of reference, model agenda, forward programme."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class NetworkPage(models.Model):
    """A page of the Learning and Change Network that the learning team keeps (Markdown)."""

    slug = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, blank=True)
    body = models.TextField(help_text="Markdown")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title
