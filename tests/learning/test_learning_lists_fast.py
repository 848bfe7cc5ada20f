"""The toolkit's and the network events' lists written from values (README, "How a new page
should render to stay cheap"): each table's page cells are what django-tables2's own
per-cell rendering gives, and what the pages read once per rule (the comment counts, the
versions) or in one statement (the places at a page's events) is what the ORM's rule gives,
for every role."""

import datetime

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import timezone

from learning.models import ConsultationComment, Event, ToolkitItem, ToolkitVersion
from learning.presenters import toolkit as toolkit_presenters
from learning.selectors import consultation as consultation_selectors
from learning.selectors import events as event_selectors
from learning.selectors import toolkit as toolkit_selectors
from learning.tables.events import EventTable
from learning.tables.toolkit import ToolkitItemTable
from tests.factories import (
    CohortGroupFactory,
    EventFactory,
    RegistrationFactory,
    ToolkitItemFactory,
    ToolkitVersionFactory,
    UserFactory,
    publish_toolkit_version,
)
from tests.learning.conftest import comment
from tests.workwell.test_page_cells import same_cells_in_every_order
from vanguards import permissions
from workwell.models import ProgrammeTheme

pytestmark = pytest.mark.django_db

ODD = '<b>Tom & Jerry\'s "club"</b>'


def _themes(*names):
    return [
        ProgrammeTheme.objects.create(name=name, slug=f"t-{n}", order=n)
        for n, name in enumerate(names, 90)
    ]


def test_toolkit_item_cells(db):
    version = ToolkitVersionFactory()
    late, early, odd = _themes("Zeta theme", "Alpha theme", ODD)
    tagged = ToolkitItemFactory(version=version, title=ODD, summary=ODD, order=2)
    tagged.themes.set([odd, late, early])  # shown in the themes' own order, not by name
    ToolkitItemFactory(version=version, title="Untagged", kind=ToolkitItem.Kind.TEMPLATE, order=1)
    ToolkitItemFactory(version=version, title="Case", kind=ToolkitItem.Kind.CASE_STUDY, order=1)
    ToolkitItemFactory(version=ToolkitVersionFactory(), title="Another version's")

    def make_table():
        return ToolkitItemTable(
            toolkit_selectors.toolkit_items_for_list(version=version), version=version
        )

    same_cells_in_every_order(make_table)


@pytest.mark.parametrize("past", [False, True])
def test_event_cells(cast, past):
    """Every kind of audience, online and in person, full with people waiting, the reader
    registered, waiting or cancelled, for the events list and the past events list."""
    member = cast["member_a"]
    group = CohortGroupFactory(name=ODD)
    start = timezone.now() + datetime.timedelta(days=-30 if past else 7)
    open_to_all = EventFactory(title=ODD, starts_at=start, capacity=2)
    RegistrationFactory(event=open_to_all, person=member)
    RegistrationFactory(event=open_to_all)
    RegistrationFactory(event=open_to_all, status="waiting", waiting_since=timezone.now())
    for_group = EventFactory(
        starts_at=start + datetime.timedelta(hours=1),
        audience=Event.Audience.COHORT_GROUP,
        cohort_group=group,
        kind="cohort_session",
        format="in_person",
        venue=ODD,
        capacity=1500,
    )
    RegistrationFactory(event=for_group, person=member, status="waiting", waiting_since=start)
    for_nst = EventFactory(starts_at=start + datetime.timedelta(hours=2), audience="nst", venue="")
    RegistrationFactory(event=for_nst, person=member, status="cancelled")
    EventFactory(starts_at=start + datetime.timedelta(hours=3), venue="Not shown: online")
    when = event_selectors.PAST if past else event_selectors.UPCOMING
    for name in ("admin_user", "member_a", "rm"):
        user = cast[name]

        def make_table():
            return EventTable(
                event_selectors.events_listed(user=user, when=when),  # noqa: B023
                past=past,
                places=lambda ids: event_selectors.places_at(user=user, event_ids=ids),  # noqa: B023
            )

        same_cells_in_every_order(make_table)


def test_places_at_are_the_annotations_of_one_event(cast):
    """Places taken, people waiting and the reader's own standing, for a page of events, are
    what one event's page reads (`_with_places`), for each reader."""
    events = [EventFactory(capacity=3) for _ in range(4)]
    people = [cast["member_a"], cast["rm"], UserFactory(), UserFactory()]
    statuses = ["registered", "waiting", "cancelled", "registered"]
    for n, event in enumerate(events[:3]):
        for person, status in zip(people[n:], statuses[n:], strict=False):
            waiting_since = timezone.now() if status == "waiting" else None
            RegistrationFactory(
                event=event, person=person, status=status, waiting_since=waiting_since
            )
    ids = [event.pk for event in events]
    for person in people:
        found = event_selectors.places_at(user=person, event_ids=ids)
        annotated = event_selectors._with_places(Event.objects.filter(pk__in=ids), person)
        for event in annotated:
            expected = (event.places_taken, event.waiting_count, event.my_status)
            assert found.get(event.pk, event_selectors.NO_PLACES) == expected
    assert event_selectors.places_at(user=people[0], event_ids=[]) == {}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # as requests: kept
def test_comment_counts_are_the_rule_s_for_every_role(cast, comments, in_consultation):
    """The counts compiled once per rule are those the permission rule lets each role see;
    two members of different vanguards never share a statement, and a new comment counts
    (the counts are kept under their statement until a comment is written)."""
    for user in cast.values():
        rows = permissions.consultation_comments_visible_to(
            user, ConsultationComment.objects.filter(version=in_consultation)
        )
        expected = dict.fromkeys(ConsultationComment.Status.values, 0)
        for status in rows.values_list("status", flat=True):
            expected[status] += 1
        assert consultation_selectors.comment_counts(user=user, version=in_consultation) == expected
    a = consultation_selectors.comment_counts(user=cast["member_a"], version=in_consultation)
    comment(in_consultation, cast["member_a"], text="Another", status="accepted")
    after = consultation_selectors.comment_counts(user=cast["member_a"], version=in_consultation)
    assert sum(after.values()) == sum(a.values()) + 1 and after["accepted"] == a["accepted"] + 1
    b = consultation_selectors.comment_counts(user=cast["member_b"], version=in_consultation)
    assert sum(b.values()) == 1  # Bravo's own, not Alpha's two


def test_toolkit_versions_are_the_rule_s_for_every_role(cast):
    """The versions list compiled once per rule is what the permission rule gives each role,
    newest first, and a version made afterwards is in it."""
    publish_toolkit_version(ToolkitVersionFactory(number="0.1"))
    ToolkitVersionFactory(number="0.2", status=ToolkitVersion.Status.CONSULTATION)
    ToolkitVersionFactory(number="0.10")
    for user in cast.values():
        expected = permissions.toolkit_versions_visible_to(
            user, ToolkitVersion.objects.order_by("-major", "-minor")
        )
        found = toolkit_selectors.toolkit_versions_for(user=user)
        assert [v.number for v in found] == [v.number for v in expected]
        assert all(type(v) is ToolkitVersion for v in found)
    ToolkitVersionFactory(number="0.11")
    numbers = [v.number for v in toolkit_selectors.toolkit_versions_for(user=cast["learning_user"])]
    assert numbers[0] == "0.11"
    assert "0.11" not in [v.number for v in toolkit_selectors.toolkit_versions_for(user=cast["rm"])]


# The loop templates/learning/toolkit/version.html had: `version_list_items` writes the same.
VERSION_LOOP = """<ul class="govuk-list">
  {% for row in versions %}
  <li>{% if row.current %}<strong>{{ row.label }}</strong>{% else %}<a class="govuk-link" \
href="{{ row.url }}">{{ row.label }}</a>{% endif %}: {{ row.status|lower }}</li>
  {% endfor %}
</ul>"""


def test_version_list_items_are_the_template_loop_s(db):
    versions = [
        ToolkitVersionFactory(number="0.1", status=ToolkitVersion.Status.SUPERSEDED),
        ToolkitVersionFactory(number="0.2", status=ToolkitVersion.Status.PUBLISHED),
        ToolkitVersionFactory(number="0.3", status=ToolkitVersion.Status.CONSULTATION),
    ]
    loop = engines["django"].from_string(VERSION_LOOP)
    for shown in [None, *versions]:
        rows = toolkit_presenters.version_list_rows(versions, shown=shown)
        rows.append({"label": ODD, "url": f"/?a=1&b={ODD}", "status": ODD, "current": False})
        expected = loop.render({"versions": rows})
        written = f'<ul class="govuk-list">\n  {toolkit_presenters.version_list_items(rows)}\n</ul>'
        assert written == expected
        for version in versions:
            url = reverse("learning:toolkit_version", args=[version.number])
            assert (f'href="{url}"' in written) == (version != shown)  # the shown one: no link
