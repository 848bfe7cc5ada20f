"""Every page without an id in its address, asked with hostile query strings by every role,
answers as it does without them: never a 5xx, and the same status as the plain page (the page,
its download, or the role's 404). Negative, huge and non-numeric page numbers and page sizes,
unknown and SQL-ish sort keys, and nonsense in every filter the page has (read from the
page's own django-filter FilterSet), each alone and with `_export=csv|xlsx|bogus`.

The routes are found in the URLconf, so a new list page is covered without editing this file.
"""

import datetime
import importlib
import inspect
import itertools
import pkgutil

import pytest
from django.forms import MultiWidget
from django.urls import URLResolver, get_resolver
from django.utils import timezone

from maturity.services.assessments import cycle_open
from tests.conftest import CAST
from tests.factories import (
    ActionFactory,
    EventFactory,
    SupportOfferFactory,
    SupportRequestFactory,
    TouchpointFactory,
    make_framework,
)
from workwell.filters import FilterSet

# Apps whose pages are the portal's own (not allauth, the Django admin or /healthz).
PORTAL_NAMESPACES = {
    "reporting",
    "vanguards",
    "touchpoints",
    "actions",
    "support",
    "maturity",
    "learning",
    "feedback",
    "offers",
    "plans",
    "api_tokens",
}
# Parameters some pages read outside a filter, e.g. /touchpoints/new/?vanguard=alpha.
LOOSE_PARAMETERS = ("vanguard", "offer", "cycle", "status", "theme")

NUMBERS = ("-1", "0", "abc", "1e309", "9" * 400)
SORTS = ("-nonsense", "date,-name", "name;DROP TABLE workwell_user;--", "__class__")
FILTER_VALUES = ("999999", "-1", "' OR '1'='1", "nul\x00byte", "x" * 1000)
# Each hostile query is asked for the page and for one download, the formats taken in turn so
# that every kind of query (page, page size, sort, filter) meets each of them.
EXPORTS = ("csv", "xlsx", "bogus")


def _routes(resolver=None, prefix=""):
    """Paths of the portal's pages that take no id: the lists, the home page, the forms."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace is None or entry.namespace in PORTAL_NAMESPACES:
                yield from _routes(entry, prefix + str(entry.pattern))
        elif resolver.namespace in PORTAL_NAMESPACES and not entry.pattern.converters:
            yield "/" + prefix + str(entry.pattern)


ROUTES = sorted(set(_routes()))


def test_the_list_routes_are_all_found():
    expected = {
        "/",
        "/vanguards/",
        "/vanguards/organisations/",
        "/vanguards/groups/",
        "/touchpoints/",
        "/actions/",
        "/support-requests/",
        "/learning/offers/",
        "/learning/",
        "/learning/events/",
        "/maturity/",
        "/maturity/assessments/",
        "/maturity/framework/",
    }
    assert expected <= set(ROUTES)


def _filtersets() -> set[type]:
    """Every FilterSet in the apps' filters modules (vanguards/filters/, learning/filters.py …),
    but the bases they are built on (FilterSet, VanguardScopedFilterSet: no model of their own)."""
    found = set()
    for app in sorted(PORTAL_NAMESPACES | {"workwell"}):
        try:
            package = importlib.import_module(f"{app}.filters")
        except ModuleNotFoundError:
            continue
        modules = [package]
        for info in pkgutil.iter_modules(getattr(package, "__path__", [])):
            modules.append(importlib.import_module(f"{package.__name__}.{info.name}"))
        for module in modules:
            found |= {
                value
                for value in vars(module).values()
                if inspect.isclass(value)
                and issubclass(value, FilterSet)
                and value._meta.model is not None
            }
    return found


def test_every_filterset_is_on_a_route_the_hostile_test_asks(client, records):
    """So that the filters read from each page below are all the portal's filters."""
    client.force_login(records["admin_user"])
    on_pages = {type((client.get(route).context or {}).get("filter")) for route in ROUTES}
    assert _filtersets() - on_pages == set()


def _parameters(context) -> list[str]:
    """The names the page's filters read (a date filter's day, month and year boxes too)."""
    filterset = context.get("filter")
    names = list(LOOSE_PARAMETERS)
    for name, field in filterset.form.fields.items() if filterset is not None else ():
        if isinstance(field.widget, MultiWidget):
            names += [name + suffix for suffix in field.widget.widgets_names]
        else:
            names.append(name)
    return names


def _hostile_queries(response):
    """Nonsense in every filter the page has; on a list, page numbers, page sizes and sorts."""
    context = response.context or {}  # none on a redirect
    if "table" in context:
        for value in NUMBERS:
            yield {"page": value}
            yield {"per_page": value}
        for value in SORTS:
            yield {"sort": value}
    for value in FILTER_VALUES:
        yield dict.fromkeys(_parameters(context), value)


def _with_downloads(queries):
    for query, export in zip(queries, itertools.cycle(EXPORTS)):
        yield query
        yield {**query, "_export": export}


@pytest.fixture
def records(cast, vanguard_a, vanguard_b, rm, rm_lead, member_a, admin_user):
    """Something in every list, for both vanguards, so pages and downloads have rows."""
    for vanguard, author in ((vanguard_a, rm), (vanguard_b, rm_lead)):
        TouchpointFactory.create_batch(3, author=author, vanguards=[vanguard])
        ActionFactory.create_batch(3, vanguard=vanguard, owner=author)
        SupportRequestFactory.create_batch(2, vanguard=vanguard)
    SupportOfferFactory.create_batch(3)
    EventFactory.create_batch(3)
    today = timezone.localdate()
    cycle_open(
        actor=admin_user,
        name="Spring cycle",
        framework=make_framework(3),
        opens_on=today - datetime.timedelta(days=7),
        closes_on=today + datetime.timedelta(days=21),
    )
    return cast


@pytest.mark.parametrize("role", CAST)
@pytest.mark.parametrize("route", ROUTES)
def test_hostile_query_strings_answer_as_the_plain_page(client, records, route, role):
    client.force_login(records[role])
    client.raise_request_exception = False  # count a 500 as an answer, and carry on
    plain = client.get(route)
    assert plain.status_code < 500
    failures = []
    for query in _with_downloads(_hostile_queries(plain)):
        response = client.get(route, query)
        if response.status_code != plain.status_code:
            failures.append((query, response.status_code))
    assert not failures, f"{route} as {role}, plain {plain.status_code}: {failures[:5]}"
