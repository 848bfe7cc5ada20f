"""Toolkit versions: draft → consultation → published → superseded, copy-forward, and the
immutability of a published version — refused by the models and through the ORM, not only by
the forms."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from learning.models import ToolkitError, ToolkitItem, ToolkitLocked, ToolkitVersion
from learning.models.toolkit import parse_version_number
from learning.services import toolkit as services
from tests.factories import (
    DimensionFactory,
    SupportOfferFactory,
    ToolkitItemFactory,
    ToolkitVersionFactory,
    publish_toolkit_version,
)
from workwell.dates import Quarter
from workwell.models import ProgrammeTheme

pytestmark = pytest.mark.django_db

Status = ToolkitVersion.Status
Q3 = Quarter(2024, 3)


@pytest.fixture
def published(learning_user):
    """Version 0.1, published, with two items (one tagged with a theme, a dimension, an offer)."""
    version = ToolkitVersionFactory(number="0.1")
    tagged = ToolkitItemFactory(version=version, title="Theory of change template")
    tagged.themes.set(ProgrammeTheme.objects.all()[:2])
    tagged.dimensions.set([DimensionFactory()])
    tagged.support_offers.set([SupportOfferFactory()])
    ToolkitItemFactory(version=version, title="Case study: Greater Manchester")
    return publish_toolkit_version(version)


# --- Numbers and quarters -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "expected"), [("0.1", (0, 1)), ("1.0", (1, 0)), ("2.13", (2, 13))]
)
def test_version_numbers_parse(number, expected):
    assert parse_version_number(number) == expected


@pytest.mark.parametrize("number", ["", "1", "01.2", "1.02", "1.2.3", "v1.0", "-1.0", "1.0 "])
def test_malformed_version_numbers_are_refused(number):
    with pytest.raises(ValidationError):
        ToolkitVersionFactory(number=number)


def test_versions_sort_as_numbers_not_text():
    for number in ("0.10", "1.0", "0.9", "0.2"):
        ToolkitVersionFactory(number=number)
    assert [v.number for v in ToolkitVersion.objects.all()] == ["0.2", "0.9", "0.10", "1.0"]


def test_a_version_knows_its_financial_quarter():
    version = ToolkitVersionFactory(quarter_start=Q3.start)
    assert version.quarter == Q3
    assert str(version.quarter) == "2024/25 Q3"


# --- Moving a version -----------------------------------------------------------------------


def test_a_draft_moves_to_consultation_then_published(learning_user):
    version = ToolkitVersionFactory(number="0.1")
    ToolkitItemFactory(version=version)
    services.toolkit_version_move(actor=learning_user, version=version, to=Status.CONSULTATION)
    version = services.toolkit_version_move(
        actor=learning_user, version=version, to=Status.PUBLISHED
    )
    version.refresh_from_db()
    assert version.status == Status.PUBLISHED
    assert version.published_by == learning_user
    assert version.published_at is not None


def test_publishing_supersedes_the_published_version(learning_user, published):
    draft = services.toolkit_draft_start(actor=learning_user, number="0.2", quarter=Q3.next())
    services.toolkit_version_move(actor=learning_user, version=draft, to=Status.CONSULTATION)
    services.toolkit_version_move(actor=learning_user, version=draft, to=Status.PUBLISHED)
    published.refresh_from_db()
    draft.refresh_from_db()
    assert (published.status, draft.status) == (Status.SUPERSEDED, Status.PUBLISHED)
    assert ToolkitVersion.objects.filter(status=Status.PUBLISHED).count() == 1


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (Status.DRAFT, Status.PUBLISHED),  # consultation comes first
        (Status.CONSULTATION, Status.DRAFT),  # no way back
        (Status.DRAFT, Status.SUPERSEDED),  # only publishing supersedes
    ],
)
def test_a_version_moves_only_one_step_forward(learning_user, start, to):
    version = ToolkitVersionFactory(status=start)
    ToolkitItemFactory(version=version)
    with pytest.raises(ToolkitError):
        services.toolkit_version_move(actor=learning_user, version=version, to=to)
    version.refresh_from_db()
    assert version.status == start


def test_an_empty_version_cannot_be_published(learning_user):
    version = ToolkitVersionFactory(status=Status.CONSULTATION)
    with pytest.raises(ToolkitError, match="at least one item"):
        services.toolkit_version_move(actor=learning_user, version=version, to=Status.PUBLISHED)


@pytest.mark.parametrize("role", ["rm", "rm_lead", "programme_lead", "member_a"])
def test_only_the_learning_team_and_admins_keep_the_toolkit(cast, role):
    version = ToolkitVersionFactory()
    ToolkitItemFactory(version=version)
    with pytest.raises(ToolkitError):
        services.toolkit_version_move(actor=cast[role], version=version, to=Status.CONSULTATION)
    with pytest.raises(ToolkitError):
        services.toolkit_draft_start(actor=cast[role], number="9.0", quarter=Q3)


def test_the_database_holds_one_published_version_at_most(published):
    other = ToolkitVersionFactory(number="0.2")
    other.status = Status.PUBLISHED
    other.published_at = published.published_at
    with pytest.raises(IntegrityError), transaction.atomic():
        other.save()


# --- Copy-forward ---------------------------------------------------------------------------


def test_a_new_draft_copies_every_item_of_the_published_version(learning_user, published):
    draft = services.toolkit_draft_start(
        actor=learning_user, number="0.2", quarter=Q3.next(), release_notes="Spring update"
    )
    assert draft.status == Status.DRAFT
    assert draft.quarter == Q3.next()
    originals = {item.pk: item for item in published.items.all()}
    copies = list(draft.items.all())
    assert sorted(copy.copied_from_id for copy in copies) == sorted(originals)
    for copy in copies:
        original = originals[copy.copied_from_id]
        assert (copy.title, copy.summary, copy.body, copy.kind, copy.lineage) == (
            original.title,
            original.summary,
            original.body,
            original.kind,
            original.lineage,
        )
        for tag in ("themes", "dimensions", "support_offers"):
            assert set(getattr(copy, tag).all()) == set(getattr(original, tag).all())
    # The published version is untouched.
    assert published.items.count() == 2


def test_changing_a_copy_leaves_the_published_item_alone(learning_user, published):
    draft = services.toolkit_draft_start(actor=learning_user, number="0.2", quarter=Q3.next())
    copy = draft.items.get(title="Theory of change template")
    services.toolkit_item_save(
        actor=learning_user,
        version=draft,
        item=copy,
        data={"title": "Theory of change template (revised)"},
        tags={"themes": []},
    )
    original = published.items.get(lineage=copy.lineage)
    assert original.title == "Theory of change template"
    assert original.themes.count() == 2


def test_the_first_draft_starts_empty(learning_user):
    draft = services.toolkit_draft_start(actor=learning_user, number="0.1", quarter=Q3)
    assert draft.items.count() == 0


def test_a_new_draft_needs_a_higher_number(learning_user, published):
    with pytest.raises(ToolkitError, match="already a version 0.1"):
        services.toolkit_draft_start(actor=learning_user, number="0.1", quarter=Q3)
    with pytest.raises(ToolkitError, match="after 0.1"):
        services.toolkit_draft_start(actor=learning_user, number="0.0", quarter=Q3)


def test_only_one_version_is_open_at_a_time(learning_user, published):
    services.toolkit_draft_start(actor=learning_user, number="0.2", quarter=Q3.next())
    with pytest.raises(ToolkitError, match="already being drafted"):
        services.toolkit_draft_start(actor=learning_user, number="0.3", quarter=Q3.next())


# --- Immutability -------------------------------------------------------------------------


def test_a_published_version_refuses_changes(published):
    published.release_notes = "Rewritten after the fact"
    with pytest.raises(ToolkitLocked):
        published.save()
    with pytest.raises(ToolkitLocked):
        published.delete()
    published.refresh_from_db()
    assert published.release_notes == "What is new in this version."


def test_a_superseded_version_refuses_changes_too(published):
    published.status = Status.SUPERSEDED
    published.save()  # the one change a published version allows
    published.status = Status.PUBLISHED
    with pytest.raises(ToolkitLocked):
        published.save()


def test_the_orm_cannot_change_or_delete_a_published_version(published):
    with pytest.raises(ToolkitLocked):
        ToolkitVersion.objects.filter(pk=published.pk).update(release_notes="Changed")
    with pytest.raises(ToolkitLocked):
        ToolkitVersion.objects.all().delete()
    # bulk_update and the related managers run inside an atomic block: keep the test's usable.
    with pytest.raises(ToolkitLocked), transaction.atomic():
        ToolkitVersion.objects.bulk_update([published], ["release_notes"])
    assert ToolkitVersion.objects.filter(pk=published.pk, release_notes__startswith="What").exists()


def test_items_of_a_published_version_refuse_changes(published):
    item = published.items.first()
    item.title = "Changed"
    with pytest.raises(ToolkitLocked):
        item.save()
    with pytest.raises(ToolkitLocked):
        item.delete()
    with pytest.raises(ToolkitLocked):
        ToolkitItemFactory(version=published)
    with pytest.raises(ToolkitLocked):
        ToolkitItem.objects.filter(version=published).update(title="Changed")
    with pytest.raises(ToolkitLocked):
        ToolkitItem.objects.filter(pk=item.pk).delete()
    assert not ToolkitItem.objects.filter(title="Changed").exists()
    assert published.items.count() == 2


def test_a_published_items_tags_cannot_change(published):
    item = published.items.get(title="Theory of change template")
    theme = ProgrammeTheme.objects.last()
    with pytest.raises(ToolkitLocked), transaction.atomic():
        item.themes.add(theme)
    with pytest.raises(ToolkitLocked), transaction.atomic():
        item.dimensions.clear()
    with pytest.raises(ToolkitLocked), transaction.atomic():
        theme.toolkit_items.add(item)  # from the other side of the relation
    assert item.themes.count() == 2


def test_an_item_cannot_be_moved_out_of_a_published_version(published):
    item = published.items.first()
    item.version = ToolkitVersionFactory(number="0.2")
    with pytest.raises(ToolkitLocked):
        item.save()


def test_services_refuse_to_edit_a_published_version(learning_user, published):
    with pytest.raises(ToolkitError):
        services.toolkit_item_save(
            actor=learning_user, version=published, data={"title": "New"}, tags={}
        )
    with pytest.raises(ToolkitError):
        services.toolkit_item_remove(actor=learning_user, item=published.items.first())
    with pytest.raises(ToolkitError):
        services.toolkit_version_update(
            actor=learning_user,
            version=published,
            number="0.1",
            quarter=Q3,
            release_notes="Rewritten",
        )


def test_a_draft_stays_changeable_through_the_orm():
    version = ToolkitVersionFactory()
    item = ToolkitItemFactory(version=version)
    ToolkitItem.objects.filter(pk=item.pk).update(title="Renamed")
    ToolkitVersion.objects.filter(pk=version.pk).update(release_notes="Changed")
    version.delete()
    assert not ToolkitItem.objects.filter(pk=item.pk).exists()
