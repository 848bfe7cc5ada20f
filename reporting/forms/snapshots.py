import datetime

from django import forms

from feedback.forms.quality import quarter_from_slug, quarter_slug
from workwell.dates import Quarter

from ..models import ReturnPeriod


def closed_quarters(today: datetime.date) -> list[Quarter]:
    """The quarters returns were due for that have closed, newest first, and always the last
    closed quarter (one query)."""
    quarters = {Quarter.containing(today).previous()}
    quarters |= {
        period.quarter for period in ReturnPeriod.objects.all() if period.quarter.end < today
    }
    return sorted(quarters, key=lambda q: (q.year, q.number), reverse=True)


class QuarterChoiceField(forms.ChoiceField):
    def __init__(self, *, quarters: list[Quarter], **kwargs):
        super().__init__(choices=[(quarter_slug(q), str(q)) for q in quarters], **kwargs)

    def clean(self, value):
        return quarter_from_slug(super().clean(value))


class SnapshotRequestForm(forms.Form):
    def __init__(self, *args, quarters: list[Quarter], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"] = QuarterChoiceField(
            quarters=quarters,
            label="Quarter",
            help_text="A new revision is added; earlier ones are kept.",
            error_messages={"required": "Choose the quarter to snapshot"},
        )
