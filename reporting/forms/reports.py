from django import forms

from vanguards.models import Vanguard
from workwell.dates import Quarter

from .snapshots import QuarterChoiceField

NATIONAL = "national"


class ReportRequestForm(forms.Form):
    vanguard = forms.ChoiceField(
        label="Report", error_messages={"required": "Choose the national report or a vanguard's"}
    )

    def __init__(self, *args, quarters: list[Quarter], vanguards: list[Vanguard], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"] = QuarterChoiceField(
            quarters=quarters,
            label="Quarter",
            help_text="Only quarters with a snapshot can be reported on.",
            error_messages={"required": "Choose the quarter to report on"},
        )
        self.fields["vanguard"].choices = [
            (NATIONAL, "National quarterly report"),
            *((vanguard.slug, f"{vanguard.name} quarterly report") for vanguard in vanguards),
        ]
        self._vanguards = {vanguard.slug: vanguard for vanguard in vanguards}
        self.order_fields(["quarter", "vanguard"])

    def clean_vanguard(self):
        slug = self.cleaned_data["vanguard"]
        return None if slug == NATIONAL else self._vanguards[slug]
