"""The base of every list page's filters (django-filter).

A filter value that is not in the list, from an old bookmark or an edited address such as
`/touchpoints/?vanguard=999999`, is reported in the error summary. Django's own message for it
("Select a valid choice. That choice is not one of the available choices.") says neither which
filter nor how to fix it, so every choice filter says "Select a vanguard from the list" instead,
unless the filter gives a message of its own (`error_messages={"invalid_choice": …}`).
"""

import django_filters
from django import forms


def invalid_choice_message(label) -> str:
    """ "Select a cohort group from the list", from the filter's label "Cohort group"."""
    noun = str(label)
    if not noun[1:2].isupper():  # keep "RAG status" as it is
        noun = noun[:1].lower() + noun[1:]
    article = "an" if noun[:1].lower() in "aeiou" else "a"
    return f"Select {article} {noun} from the list"  # noqa: S608 - not SQL


class FilterSet(django_filters.FilterSet):
    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            for name, field in form.fields.items():
                own = self.filters[name].extra.get("error_messages", {})
                if isinstance(field, forms.ChoiceField) and "invalid_choice" not in own:
                    message = invalid_choice_message(field.label or name)
                    field.error_messages["invalid_choice"] = message
        return self._form
