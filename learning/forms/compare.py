from django import forms

from ..models import ToolkitVersion
from ..selectors.toolkit import toolkit_previous


class ToolkitCompareForm(forms.Form):
    """?from=<number>&to=<number>: two versions the user may see. Without `from`, the version
    before `to`."""

    def __init__(self, *args, versions: list[ToolkitVersion], **kwargs):
        super().__init__(*args, **kwargs)
        self.versions = {version.number: version for version in versions}
        choices = [(version.number, f"Version {version.number}") for version in versions]
        self.fields["from"] = forms.ChoiceField(
            label="Compare version",
            choices=choices,
            required=False,
            error_messages={"invalid_choice": "Select a version to compare from the list"},
        )
        self.fields["to"] = forms.ChoiceField(
            label="with version",
            choices=choices,
            error_messages={
                "required": "Select the version to compare with",
                "invalid_choice": "Select a version to compare with from the list",
            },
        )
        if versions:
            self.initial.setdefault("to", versions[0].number)
            if len(versions) > 1:
                self.initial.setdefault("from", versions[1].number)

    def clean(self):
        cleaned = super().clean()
        to = self.versions.get(cleaned.get("to"))
        if to is None:
            return cleaned
        if cleaned.get("from"):
            old = self.versions[cleaned["from"]]
        else:
            old = toolkit_previous(to, list(self.versions.values()))
            if old is None:
                self.add_error("from", f"Version {to.number} is the first version you can see")
                return cleaned
        if old.pk == to.pk:
            self.add_error("to", "Select two different versions")
        cleaned["from_version"], cleaned["to_version"] = old, to
        return cleaned
