"""The base of every list page's filters (django-filter).

A filter value that is not in the list, from an old bookmark or an edited address such as
`/touchpoints/?vanguard=999999`, is reported in the error summary. Django's own message for it
("Select a valid choice. That choice is not one of the available choices.") says neither which
filter nor how to fix it, so every choice filter says "Select a vanguard from the list" instead,
unless the filter gives a message of its own (`error_messages={"invalid_choice": …}`).
"""

import copy
from collections import OrderedDict

import django_filters
from django import forms
from django_filters.fields import ModelChoiceField as FilterModelChoiceField
from django_filters.fields import ModelChoiceIterator as FilterModelChoiceIterator
from django_filters.filters import FilterMethod


def invalid_choice_message(label) -> str:
    """ "Select a cohort group from the list", from the filter's label "Cohort group"."""
    noun = str(label)
    if not noun[1:2].isupper():  # keep "RAG status" as it is
        noun = noun[:1].lower() + noun[1:]
    article = "an" if noun[:1].lower() in "aeiou" else "a"
    return f"Select {article} {noun} from the list"  # noqa: S608 - not SQL


class OptionsIterator(FilterModelChoiceIterator):
    """A model choice list read as (key, text) pairs with `values_list`, where Django makes a
    model instance, a ModelChoiceIteratorValue and a str() of the instance for each option.
    The text is the first of the field's `option_text` columns that is not empty, else the
    last: what the model's `__str__` gives (tests/workwell/test_filter_options.py compares
    every filter's options with Django's)."""

    def __iter__(self):
        field = self.field
        if field.empty_label is not None:
            yield ("", field.empty_label)
        if field.null_label is not None:
            yield (field.null_value, field.null_label)
        key = field.to_field_name or "pk"
        for value, *texts in self.queryset.values_list(key, *field.option_text):
            yield value, str(next((text for text in texts[:-1] if text), texts[-1]))


class OptionsField(FilterModelChoiceField):
    iterator = OptionsIterator

    def __init__(self, *args, option_text=("name",), **kwargs):
        self.option_text = option_text
        super().__init__(*args, **kwargs)


# A person's option text, as User.__str__ gives it: their name, else their email address.
PERSON_TEXT = ("full_name", "email")


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    """django-filter's ModelChoiceFilter with its options listed cheaply (`OptionsIterator`).
    `option_text`: the columns that make an option's text as the model's `__str__` makes it,
    `("name",)` unless given (`PERSON_TEXT` for people)."""

    field_class = OptionsField


def _filter_copy(filter_):
    """What `copy.deepcopy` of a filter gives a FilterSet, at a fraction of the cost (deep
    copies of each filter's querysets were a third of a list page's filter set-up): the filter
    and its `extra` copied, what they hold shared. Shared is safe: a field clones the queryset
    it is given, copies a widget instance, and normalises choices into a list of its own."""
    copied = copy.copy(filter_)
    copied.extra = dict(filter_.extra)
    copied.__dict__.pop("_field", None)
    if isinstance(filter_.__dict__.get("filter"), FilterMethod):
        copied.filter = FilterMethod(copied)  # bound to this copy, for its parent's method
    return copied


class _Filters(OrderedDict):
    """A FilterSet class's `base_filters`: each request's FilterSet copies them (django-filter
    deep-copies), so the copy is made cheap."""

    def __deepcopy__(self, memo):
        return OrderedDict((name, _filter_copy(filter_)) for name, filter_ in self.items())


class _FreshFields(dict):
    """The fields of a form class made for one FilterSet (built from its own filters, once):
    nothing else shares them, so the form's usual deep copy of its base fields is skipped."""

    def __deepcopy__(self, memo):
        return dict(self)


class FilterSet(django_filters.FilterSet):
    @classmethod
    def get_filters(cls):
        return _Filters(super().get_filters())

    def get_form_class(self):
        form_class = super().get_form_class()
        form_class.base_fields = _FreshFields(form_class.base_fields)
        return form_class

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
