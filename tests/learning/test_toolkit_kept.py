"""What a toolkit version's page keeps between requests: its panel reviews, read and drawn,
until their tables change (workwell/kept.py), and its theme and dimension choice lists until
a theme, dimension or framework is saved (workwell/filters.py `kept_on`). These run outside a
test transaction (`transaction=True`), as requests do: inside one nothing is kept."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learning.models import Panel, PanelMember
from learning.services import panels as panel_services
from tests.factories import ToolkitVersionFactory, make_framework, publish_toolkit_version
from tests.workwell.test_kept_results import _fresh  # noqa: F401 (autouse: nothing kept yet)
from workwell import kept
from workwell.models import ProgrammeTheme

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

REVIEWS = 'FROM "learning_panelreview"'


def _get(client, user, path="/learning/toolkit/"):
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in queries]


def _review(version, actor, reviewer, summary):
    return panel_services.panel_review_record(
        actor=actor,
        version=version,
        panel=Panel.EXPERT,
        reviewers=[reviewer],
        reviewed_on=datetime.date(2025, 3, 2),
        summary=summary,
    )


def test_panel_reviews_are_kept_until_one_is_recorded(client, learning_user, member_a):
    version = publish_toolkit_version(ToolkitVersionFactory(number="0.1"))
    expert = PanelMember.objects.create(panel=Panel.EXPERT, full_name="Dr Ama Osei")
    _review(version, learning_user, expert, "Clear and practical.")
    _get(client, learning_user)  # the first in a process learns the tables the reviews read
    _get(client, learning_user)  # the next keeps them
    html, sqls = _get(client, learning_user)
    assert "Clear and practical." in html and "Reviewed by Dr Ama Osei" in html
    assert not any(REVIEWS in sql for sql in sqls)  # kept

    # Shared with a member, who is not shown who reviewed (the page asks, per viewer).
    html, sqls = _get(client, member_a)
    assert "Clear and practical." in html and "Dr Ama Osei" not in html
    assert not any(REVIEWS in sql for sql in sqls)

    # As another process: the drawn reviews come from the cache, still markup.
    kept._IN_PROCESS.clear()
    html, sqls = _get(client, member_a)
    assert '<div class="app-panel-review' in html and "Dr Ama Osei" not in html
    assert not any(REVIEWS in sql for sql in sqls)

    _review(version, learning_user, expert, "Now with a checklist.")
    html, sqls = _get(client, member_a)
    assert "Now with a checklist." in html and "Clear and practical." in html
    assert any(REVIEWS in sql for sql in sqls)

    expert.full_name = "Professor Ama Osei"
    expert.save()
    html, _sqls = _get(client, learning_user)
    assert "Reviewed by Professor Ama Osei" in html


def test_theme_and_dimension_choices_change_with_their_rows(client, member_a):
    publish_toolkit_version(ToolkitVersionFactory(number="0.1"))
    ProgrammeTheme.objects.create(name="Kestrel theme", slug="kestrel", order=99)
    html, _sqls = _get(client, member_a)
    assert '<option value="kestrel">Kestrel theme</option>' in html
    theme = ProgrammeTheme.objects.get(slug="kestrel")
    theme.name = "Merlin theme"
    theme.save()
    html, _sqls = _get(client, member_a)
    assert ">Merlin theme</option>" in html and "Kestrel theme" not in html

    framework = make_framework(
        dimensions=1, published_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
    )  # the newest published: its dimensions are the list's
    dimension = framework.dimensions.get()
    html, _sqls = _get(client, member_a)
    assert f'<option value="{dimension.pk}">Dimension 1</option>' in html
    dimension.name = "Harrier dimension"
    dimension.save()
    html, _sqls = _get(client, member_a)
    assert f'<option value="{dimension.pk}">Harrier dimension</option>' in html
