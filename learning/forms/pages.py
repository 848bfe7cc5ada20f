from django import forms

from ..models import NetworkPage


class NetworkPageForm(forms.ModelForm):
    class Meta:
        model = NetworkPage
        fields = ["title", "summary", "body"]
        labels = {"summary": "Summary (optional)", "body": "Page text"}
        help_texts = {
            "summary": "One line shown with the link on the Learning and Change home page",
            "body": "You can use Markdown: ## for a heading, * for a bullet, "
            "[text](https://…) for a link",
        }
        widgets = {"body": forms.Textarea(attrs={"rows": 20})}
        error_messages = {
            "title": {"required": "Enter the title of the page"},
            "body": {"required": "Enter the text of the page"},
        }
