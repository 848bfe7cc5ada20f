"""What changed between two toolkit versions: items matched through the copy they came from,
exact added/removed/changed sets, changed text marked word by word, and a query string that
is checked rather than trusted."""

import pytest

from learning.models import ToolkitItem, ToolkitVersion
from learning.selectors.toolkit import WordChange, compare_toolkit_versions, word_diff
from learning.services import toolkit as services
from tests.factories import ToolkitItemFactory, ToolkitVersionFactory, publish_toolkit_version
from workwell.dates import Quarter
from workwell.models import ProgrammeTheme

pytestmark = pytest.mark.django_db

Status = ToolkitVersion.Status


@pytest.fixture
def versions(learning_user):
    """0.1 published with four items; 0.2 copied forward from it, then: one item renamed and
    reworded, one re-tagged, one removed, one left alone, and two added."""
    first = ToolkitVersionFactory(number="0.1")
    for title, summary in [
        ("Theory of change template", "Map the steps from support to staying in work."),
        ("Case study: Greater Manchester", "How one vanguard set up its service."),
        ("Data checklist", "What to collect each quarter."),
        ("Launch webinar", "The programme launch, recorded."),
    ]:
        ToolkitItemFactory(version=first, title=title, summary=summary)
    publish_toolkit_version(first)
    second = services.toolkit_draft_start(
        actor=learning_user, number="0.2", quarter=Quarter(2025, 1)
    )
    items = {item.title: item for item in second.items.all()}

    services.toolkit_item_save(
        actor=learning_user,
        version=second,
        item=items["Theory of change template"],
        data={
            "title": "Theory of change guide",
            "summary": "Map the steps from early support to staying in good work.",
        },
        tags={},
    )
    services.toolkit_item_save(
        actor=learning_user,
        version=second,
        item=items["Case study: Greater Manchester"],
        data={},
        tags={"themes": ProgrammeTheme.objects.all()[:1]},
    )
    services.toolkit_item_remove(actor=learning_user, item=items["Launch webinar"])
    for title in ("Podcast: employer voices", "Outcomes dashboard template"):
        services.toolkit_item_save(
            actor=learning_user,
            version=second,
            data={"title": title, "kind": ToolkitItem.Kind.TOOL, "summary": "New."},
            tags={},
        )
    services.toolkit_version_move(actor=learning_user, version=second, to=Status.CONSULTATION)
    return first, second


def test_word_diff_marks_words_added_and_removed():
    assert word_diff("Map the steps to work", "Map the early steps to good work") == [
        WordChange("same", "Map the"),
        WordChange("added", "early"),
        WordChange("same", "steps to"),
        WordChange("added", "good"),
        WordChange("same", "work"),
    ]
    assert word_diff("a quick guide", "a short guide") == [
        WordChange("same", "a"),
        WordChange("removed", "quick"),
        WordChange("added", "short"),
        WordChange("same", "guide"),
    ]


def test_whitespace_alone_is_not_a_change():
    assert word_diff("one  two\nthree", "one two three") == [WordChange("same", "one two three")]


def test_comparison_finds_exactly_what_was_added_removed_and_changed(versions):
    first, second = versions
    comparison = compare_toolkit_versions(first, second)
    assert sorted(item.title for item in comparison.added) == [
        "Outcomes dashboard template",
        "Podcast: employer voices",
    ]
    assert [item.title for item in comparison.removed] == ["Launch webinar"]
    changed = {change.new.title: change for change in comparison.changed}
    assert set(changed) == {"Theory of change guide", "Case study: Greater Manchester"}
    assert comparison.unchanged == 1  # the data checklist

    renamed = changed["Theory of change guide"]
    assert renamed.old.title == "Theory of change template"
    fields = {field.name: field.words for field in renamed.fields}
    assert fields["Title"] == [
        WordChange("same", "Theory of change"),
        WordChange("removed", "template"),
        WordChange("added", "guide"),
    ]
    assert [run for run in fields["Summary"] if run.kind != "same"] == [
        WordChange("added", "early"),
        WordChange("added", "good"),
    ]
    assert changed["Case study: Greater Manchester"].fields == []
    assert changed["Case study: Greater Manchester"].other_changes == ["Programme themes"]


def test_comparing_the_other_way_swaps_added_and_removed(versions):
    first, second = versions
    comparison = compare_toolkit_versions(second, first)
    assert [item.title for item in comparison.added] == ["Launch webinar"]
    assert len(comparison.removed) == 2


def test_the_page_gives_a_count_summary_and_marks_words(client, member_a, versions):
    client.force_login(member_a)
    response = client.get("/learning/toolkit/compare/", {"from": "0.1", "to": "0.2"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "2 added, 1 removed, 2 changed (1 unchanged)" in page
    assert (
        '<del class="app-diff__removed"><span class="govuk-visually-hidden">removed: </span>'
        "template</del>" in page
    )
    assert (
        '<ins class="app-diff__added"><span class="govuk-visually-hidden">added: </span>'
        "guide</ins>" in page
    )


def test_the_version_page_links_to_what_changed_since_the_previous_one(client, member_a, versions):
    client.force_login(member_a)
    page = client.get("/learning/toolkit/0.2/").content.decode()
    assert 'href="/learning/toolkit/compare/?from=0.1&amp;to=0.2"' in page


def test_without_from_the_previous_version_is_compared(client, member_a, versions):
    client.force_login(member_a)
    response = client.get("/learning/toolkit/compare/", {"to": "0.2"})
    assert response.context["comparison"].old.number == "0.1"


def test_text_in_items_is_escaped_in_the_marks(client, learning_user, versions):
    first, second = versions
    item = second.items.get(title="Data checklist")
    services.toolkit_item_save(
        actor=learning_user,
        version=second,
        item=item,
        data={"summary": "What to collect <script>alert(1)</script>"},
        tags={},
    )
    client.force_login(learning_user)
    page = client.get("/learning/toolkit/compare/", {"from": "0.1", "to": "0.2"}).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"from": "0.1", "to": "9.9"}, "Select a version to compare with from the list"),
        ({"from": "banana", "to": "0.2"}, "Select a version to compare from the list"),
        ({"from": "0.1", "to": "0.1"}, "Select two different versions"),
        ({"to": "0.1"}, "Version 0.1 is the first version you can see"),
        ({"from": "0.1"}, "Select the version to compare with"),
        ({"from": "' OR 1=1 --", "to": "nul\x00byte"}, "Select a version to compare"),
        ({"from": "x" * 5000, "to": ["0.1", "0.2"]}, "Select a version to compare"),
    ],
)
def test_a_bad_query_string_gets_a_helpful_error(client, member_a, versions, query, message):
    client.force_login(member_a)
    response = client.get("/learning/toolkit/compare/", query)
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert message in page
    assert response.context["comparison"] is None


def test_a_version_the_user_may_not_see_cannot_be_compared(client, programme_lead, versions):
    # 0.2 is in consultation: the programme lead sees only published versions.
    client.force_login(programme_lead)
    response = client.get("/learning/toolkit/compare/", {"from": "0.1", "to": "0.2"})
    assert response.context["comparison"] is None
    assert "Select a version to compare with from the list" in response.content.decode()
