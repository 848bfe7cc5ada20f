"""The base of every list page's filters (django-filter).

A filter value that is not in the list, from an old bookmark or an edited address such as
`/touchpoints/?vanguard=999999`, is reported in the error summary. Django's own message for it
("Select a valid choice. That choice is not one of the available choices.") says neither which
filter nor how to fix it, so every choice filter says "Select a vanguard from the list" instead,
unless the filter gives a message of its own (`error_messages={"invalid_choice": …}`).
"""

import contextvars
import copy
import itertools
import logging
import sys
import time
import uuid
from collections import OrderedDict

import django_filters
from django import forms
from django.core.cache import cache
from django.db import connections, transaction
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.safestring import SafeString
from django_filters.fields import ModelChoiceField as FilterModelChoiceField
from django_filters.fields import ModelChoiceIterator as FilterModelChoiceIterator
from django_filters.filters import FilterMethod

from .forms import error_summary_params, person_labels

logger = logging.getLogger(__name__)


def invalid_choice_message(label) -> str:
    """ "Select a cohort group from the list", from the filter's label "Cohort group"."""
    noun = str(label)
    if not noun[1:2].isupper():  # keep "RAG status" as it is
        noun = noun[:1].lower() + noun[1:]
    article = "an" if noun[:1].lower() in "aeiou" else "a"
    return f"Select {article} {noun} from the list"  # noqa: S608 - not SQL


# --- Choice lists kept between requests -------------------------------------------------------
#
# A choice list whose query is the same for everyone (regions, cohort groups, themes, the RMs)
# may be kept in each process between requests, under the data versions of the models it reads:
# a token per model in the shared cache that every save or delete of one of its rows replaces
# (at once, and again when the transaction commits, so a request that read the new token
# before the commit cannot keep the old rows under it). A list is read again from the database
# whenever a token it was kept under has changed (and at least once a minute), so the only cost
# of keeping it is one cache round trip per filter panel. Inside a transaction (every test but
# transactional ones) lists are neither kept nor used: what it sees may not be what others see.

_KEPT: dict[int, tuple[tuple, list, float]] = {}  # key -> (data versions, options, when read)
# A kept list is read again after this long whatever its versions: a save made while Redis did
# not answer replaces its version only when the process that made it next reaches Redis (a
# worker or a command may never), so without this a list could stay stale in other processes.
KEPT_OPTIONS_SECONDS = 60
_KEPT_KEYS = itertools.count(1)
_WATCHED: set = set()  # the models whose saves and deletes replace their data version


def data_version_key(model) -> str:
    return f"data-version:{model._meta.label_lower}"


# Models whose new data version the cache did not take (Redis not answering): replaced as soon
# as it answers again, before any kept list is trusted (data_versions).
_UNSENT: set = set()


def bump_data_version(model) -> None:
    """Give `model` a new data version: every list kept under the old one is read again. A
    random token, not a counter, so a version lost from the cache never comes back. When Redis
    does not answer, the save goes on and the version is replaced once it answers."""
    try:
        cache.set(data_version_key(model), uuid.uuid4().hex, None)
    except Exception:  # Redis down or failing: a save must not fail for a choice list
        logger.warning("Data version of %s not replaced: %s", model._meta.label, sys.exc_info()[1])
        _UNSENT.add(model)


def data_versions(models) -> dict:
    """The models' current data versions, in one cache round trip (more only for a model that
    has none yet, or after Redis did not answer); a model the cache cannot give one is left
    out, and none when Redis does not answer, so the lists are read from the database."""
    keys = {model: data_version_key(model) for model in models}
    try:
        for model in list(_UNSENT):
            cache.set(data_version_key(model), uuid.uuid4().hex, None)
            _UNSENT.discard(model)
        found = cache.get_many(list(keys.values()))
        for key in keys.values():
            if key not in found:
                cache.add(key, uuid.uuid4().hex, None)
                found[key] = cache.get(key)
    except Exception:  # Redis down or failing: read the lists from the database
        logger.warning("Choice lists read from the database: %s", sys.exc_info()[1])
        return {}
    return {model: found[key] for model, key in keys.items() if found[key] is not None}


# Set while a filter panel is drawn to be kept with its list (`drawn_form`): its options are
# read from the database, so that the kept panel is forgotten when a table they read changes.
_DRAWING_TO_KEEP = contextvars.ContextVar("drawing_to_keep", default=False)


def read_kept_versions(fields) -> None:
    """Give each field whose options may be kept the data versions they would be kept under,
    for a whole filter panel in one cache round trip; none inside a transaction (what it sees
    may not be what others see) or while the panel is drawn to be kept (`drawn_form`), so the
    fields read their options from the database."""
    kept = [field for field in fields if isinstance(field, OptionsField) and field.kept_as]
    if (
        not kept
        or _DRAWING_TO_KEEP.get()
        or any(connections[field.queryset.db].in_atomic_block for field in kept)
    ):
        return
    versions = data_versions({model for field in kept for model in field.kept_on})
    for field in kept:
        if all(model in versions for model in field.kept_on):
            field.versions = tuple(versions[model] for model in field.kept_on)


def _data_changed(sender, using=None, **kwargs):
    bump_data_version(sender)
    transaction.on_commit(lambda: bump_data_version(sender), using=using)


def _data_replaced(sender, **kwargs):
    """`migrate` and `flush` (between transactional tests) change rows without saves."""
    for model in _WATCHED:
        bump_data_version(model)


post_migrate.connect(_data_replaced, dispatch_uid="workwell.filters.data_replaced")


def watch_data_version(model) -> None:
    """Replace `model`'s data version on every save and delete of one of its rows. Rows
    changed with QuerySet.update() or raw SQL do not: keep only lists whose rows are changed
    through save() and delete()."""
    if model not in _WATCHED:
        _WATCHED.add(model)
        for signal in (post_save, post_delete):
            signal.connect(_data_changed, sender=model, weak=False)


class OptionsIterator(FilterModelChoiceIterator):
    """A model choice list read as (key, text) pairs with `values_list`, where Django makes a
    model instance, a ModelChoiceIteratorValue and a str() of the instance for each option.
    The text is the first of the field's `option_text` columns that is not empty, else the
    last: what the model's `__str__` gives (tests/workwell/test_filter_options.py compares
    every filter's options with Django's)."""

    def __iter__(self):
        field = self.field
        yield from field.label_choices()
        yield from field.options()

    def __len__(self):
        field = self.field
        return len(field.label_choices()) + len(field.options())

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.options())


class OptionsField(FilterModelChoiceField):
    iterator = OptionsIterator

    def __init__(self, *args, option_text=("name",), kept_on=(), kept_as=None, **kwargs):
        self.option_text = option_text
        self.kept_on, self.kept_as = kept_on, kept_as
        self.versions = None  # the data versions to keep the options under (read_kept_versions)
        self._kept = None  # the kept options this field reads (`_kept_entry`)
        super().__init__(*args, **kwargs)

    def label_choices(self) -> list[tuple]:
        """The choices before the options: the empty label's and the null label's."""
        labels = [("", self.empty_label)] if self.empty_label is not None else []
        if self.null_label is not None:
            labels.append((self.null_value, self.null_label))
        return labels

    def options(self) -> list[tuple]:
        """The (key, text) options: kept ones when the panel read data versions for them."""
        if self.versions is None:
            return self._read_options()
        return self._kept_entry()[1]

    def kept_choices(self) -> tuple | None:
        """When this field's choices are its label choices and kept options, which kept options
        they are (the filter's, their data versions and when they were read) and the label
        choices: what the choices are made of, so a key for them need not hold every option
        (`workwell.forms._select_key`); None otherwise. The field reads the same kept options
        for as long as it lives (one request's filter panel), so the key names its choices."""
        if (
            self.versions is None
            or hasattr(self, "_choices")
            or self.iterator is not OptionsIterator
        ):
            return None
        versions, _options, when = self._kept_entry()
        return (self.kept_as, versions, when), self.label_choices()

    def _kept_entry(self) -> tuple[tuple, list, float]:
        """The kept (data versions, options, when read) this field reads: read once, then the
        same for as long as the field keeps its versions."""
        if self._kept is None or self._kept[0] != self.versions:
            self._kept = self._kept_options(self.versions)
        return self._kept

    def _read_options(self) -> list[tuple]:
        key = self.to_field_name or "pk"
        if self.option_text == PERSON_TEXT:  # people with the same name told apart
            rows = list(self.queryset.values_list(key, *PERSON_TEXT))
            labels = person_labels((name, email, None) for _key, name, email in rows)
            return [(row[0], label) for row, label in zip(rows, labels, strict=True)]
        return [
            (value, str(next((text for text in texts[:-1] if text), texts[-1])))
            for value, *texts in self.queryset.values_list(key, *self.option_text)
        ]

    def _kept_options(self, versions: tuple) -> tuple[tuple, list, float]:
        kept, now = _KEPT.get(self.kept_as), time.monotonic()
        if kept is not None and kept[0] == versions and now - kept[2] < KEPT_OPTIONS_SECONDS:
            return kept
        options = self._read_options()  # after reading the versions: never newer than them
        kept = _KEPT[self.kept_as] = (versions, options, now)
        return kept


# A person's option text, as User.__str__ gives it: their name, else their email address; and
# where two people in the list share a name, with their email address (forms.person_labels).
PERSON_TEXT = ("full_name", "email")


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    """django-filter's ModelChoiceFilter with its options listed cheaply (`OptionsIterator`).
    `option_text`: the columns that make an option's text as the model's `__str__` makes it,
    `("name",)` unless given (`PERSON_TEXT` for people).

    `kept_on=(Model, ...)`: keep the options between requests, read again whenever a row of
    one of these models (every model the queryset reads) is saved or deleted. Only for a
    queryset that is the same for every request and user (not one a FilterSet replaces per
    user), over models changed only through save() and delete(); or, with
    `kept_for=function(request)`, for a queryset (a function of the request) made from what
    that function gives alone: the options are kept apart for each value it gives."""

    field_class = OptionsField

    def __init__(self, *args, kept_on=(), kept_for=None, **kwargs):
        self.kept_for = kept_for
        if kept_on:
            for model in kept_on:
                watch_data_version(model)
            kwargs.update(kept_on=tuple(kept_on), kept_as=next(_KEPT_KEYS))
        self.kept = (kwargs.get("kept_on", ()), kwargs.get("kept_as"))
        super().__init__(*args, **kwargs)

    @property
    def field(self):
        if self.kept_for is not None and not hasattr(self, "_field"):
            # Kept apart for each value `kept_for` gives the request; not kept without one.
            request, (kept_on, kept_as) = self.get_request(), self.kept
            if request is None:
                self.extra.update(kept_on=(), kept_as=None)
            else:
                self.extra.update(kept_on=kept_on, kept_as=(kept_as, self.kept_for(request)))
        return super().field


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


class DrawnForm:
    """A list's filter form as `drawn_form` drew it for keeping (`tables.kept_list_page`): what
    the list's templates read of it (its fields' markup, their names, its error summary's
    items, the data it was given); anything else read of it is the form's own, built then."""

    def __init__(self, filterset, html: SafeString, names: tuple, errors: list):
        self.filterset, self.html, self.names, self.error_items = filterset, html, names, errors

    def __html__(self) -> SafeString:
        return self.html

    __str__ = __html__

    @property
    def fields(self) -> dict:
        """The form's fields when this request built it; else their names (as keys)."""
        if "_form" in self.filterset.__dict__:
            return self.filterset.form.fields
        return dict.fromkeys(self.names)

    @property
    def data(self):
        return self.filterset.data  # what the form is given

    @property
    def errors(self) -> list:
        """The error summary's items: empty (false) when the filters were accepted."""
        return self.error_items

    def __getattr__(self, name):  # not drawn: the form's own
        return getattr(self.__dict__["filterset"].form, name)


def kept_form(request, filterset, *, name: str, kept_for: tuple) -> DrawnForm:
    """The filter form of a page that is not a list (a list's is kept with it by
    `tables.kept_list_page`), drawn once for everyone with the same `kept_for` asking the same
    address, which holds all the filters are given, and kept until a table its options read
    changes (workwell/kept.py). `kept_for`: all that the options offered are made from of the
    viewer (the permissions module's scopes). The template draws it as `filter_form`."""
    from .kept import kept

    key = (kept_for, request.path, request.GET.urlencode())
    return DrawnForm(filterset, *kept(f"filters.{name}", key, lambda: drawn_form(filterset)))


def drawn_form(filterset) -> tuple:
    """The filter form of `filterset` drawn to be kept: its fields' markup, their names and its
    error summary's items, the options read from the database (`read_kept_versions`)."""
    token = _DRAWING_TO_KEEP.set(True)
    try:
        form = filterset.form
        html = SafeString(str(form))
    finally:
        _DRAWING_TO_KEEP.reset(token)
    params = error_summary_params(form)
    return html, tuple(form.fields), params["errorList"] if params else []


class FilterSet(django_filters.FilterSet):
    @classmethod
    def get_filters(cls):
        return _Filters(super().get_filters())

    def get_form_class(self):
        form_class = super().get_form_class()
        form_class.base_fields = _FreshFields(form_class.base_fields)
        return form_class

    def qs_of(self, queryset: QuerySet) -> QuerySet:
        """`qs` for `queryset` rather than the one the filters were made with: a list whose
        query is built only when its page is drawn (`tables.kept_list_page`) makes its
        filters (for their panel) first and its query later."""
        if not self.is_bound:
            return queryset.all()
        self.errors  # noqa: B018 - the form is checked before filtering, as `qs` does
        return self.filter_queryset(queryset.all())

    def given(self) -> tuple:
        """What the address gave this list's filters (each filter's values, as sent), and
        whether it gave any: with the queryset filtered, all that `qs` is made from, so a
        result read from `qs` may be kept under it (and the queryset's own scope)."""
        if not self.is_bound:
            return (False,)
        read = getattr(self.data, "getlist", None) or (lambda name: [self.data.get(name)])
        return (True, *((name, tuple(read(name))) for name in self.filters))

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            read_kept_versions(form.fields.values())
            for name, field in form.fields.items():
                own = self.filters[name].extra.get("error_messages", {})
                if isinstance(field, forms.ChoiceField) and "invalid_choice" not in own:
                    message = invalid_choice_message(field.label or name)
                    field.error_messages["invalid_choice"] = message
        return self._form
