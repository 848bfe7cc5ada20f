"""The toolkit pages: the published version's items with search and filters, any visible
version, an item, and the learning team's forms (drafts, items, moving a version)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from learning.models import ToolkitItem, ToolkitVersion
from tests.factories import (
    DimensionFactory,
    ToolkitItemFactory,
    ToolkitVersionFactory,
    publish_toolkit_version,
)
from workwell.models import ProgrammeTheme

pytestmark = pytest.mark.django_db

Status = ToolkitVersion.Status


@pytest.fixture
def toolkit():
    """0.1 superseded, 0.2 published (three items), 0.3 in consultation."""
    first = ToolkitVersionFactory(number="0.1")
    ToolkitItemFactory(version=first, title="Old guide")
    publish_toolkit_version(first)
    first.status = Status.SUPERSEDED
    first.save()
    current = ToolkitVersionFactory(number="0.2")
    leadership, data = ProgrammeTheme.objects.all()[:2]
    guide = ToolkitItemFactory(
        version=current,
        title="Leadership guide",
        summary="How the SRO leads a WorkWell partnership.",
        for_emerging=True,
    )
    guide.themes.set([leadership])
    template = ToolkitItemFactory(
        version=current,
        title="Outcomes dashboard template",
        kind=ToolkitItem.Kind.TEMPLATE,
        summary="A spreadsheet for quarterly outcomes.",
        body="Participants supported, returns to work.",
        for_leading=True,
    )
    template.themes.set([data])
    template.dimensions.set([DimensionFactory(name="Data and evaluation")])
    ToolkitItemFactory(
        version=current,
        title="Podcast: lived experience",
        kind=ToolkitItem.Kind.PODCAST_EPISODE,
        summary="Participants talk about staying in work.",
        link_url="https://future.nhs.uk/WorkWell/view?objectId=1",
        link_text="Listen on FutureNHS",
    )
    publish_toolkit_version(current)
    consultation = ToolkitVersionFactory(number="0.3", status=Status.CONSULTATION)
    ToolkitItemFactory(version=consultation, title="Draft checklist")
    return {"first": first, "current": current, "consultation": consultation}


def _titles(response):
    return [row.record.title for row in response.context["table"].page.object_list]


def test_the_toolkit_shows_the_published_version(client, member_a, toolkit):
    client.force_login(member_a)
    response = client.get("/learning/toolkit/")
    assert response.status_code == 200
    assert response.context["version"] == toolkit["current"]
    assert sorted(_titles(response)) == [
        "Leadership guide",
        "Outcomes dashboard template",
        "Podcast: lived experience",
    ]
    page = response.content.decode()
    assert "Version 0.3 (2024/25 Q3)" in page  # the consultation version is listed for members
    assert "What changed since version 0.1" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "template"}, ["Outcomes dashboard template"]),
        ({"band": "emerging"}, ["Leadership guide"]),
        ({"q": "participants"}, ["Outcomes dashboard template", "Podcast: lived experience"]),
        ({"q": "returns to work"}, ["Outcomes dashboard template"]),
        ({"q": "nothing matches this"}, []),
    ],
)
def test_search_and_filters(client, member_a, toolkit, query, expected):
    client.force_login(member_a)
    response = client.get("/learning/toolkit/", query)
    assert sorted(_titles(response)) == expected


def test_theme_and_dimension_filters(client, member_a, toolkit):
    client.force_login(member_a)
    theme = ProgrammeTheme.objects.all()[1]
    dimension = toolkit["current"].items.get(title__startswith="Outcomes").dimensions.get()
    for query in ({"theme": theme.slug}, {"dimension": dimension.pk}):
        response = client.get("/learning/toolkit/", query)
        assert _titles(response) == ["Outcomes dashboard template"]


def test_an_empty_search_says_so_and_offers_to_clear(client, member_a, toolkit):
    client.force_login(member_a)
    response = client.get("/learning/toolkit/", {"q": "zebra"})
    assert "No items match your search or filters" in response.content.decode()


def test_an_item_page_renders_its_markdown_safely(client, member_a, toolkit):
    item = ToolkitItemFactory(
        version=toolkit["consultation"],
        body="## Steps\n\n* **Agree** the plan\n\n<script>alert(1)</script>",
    )
    client.force_login(member_a)
    response = client.get(f"/learning/toolkit/0.3/items/{item.pk}/")
    page = response.content.decode()
    assert '<h2 class="govuk-heading-m">Steps</h2>' in page
    assert "<strong>Agree</strong>" in page
    assert "<script>alert(1)</script>" not in page


def test_a_futurenhs_link_is_shown_with_its_text(client, member_a, toolkit):
    item = toolkit["current"].items.get(title__startswith="Podcast")
    client.force_login(member_a)
    page = client.get(f"/learning/toolkit/0.2/items/{item.pk}/").content.decode()
    assert 'href="https://future.nhs.uk/WorkWell/view?objectId=1"' in page
    assert "Listen on FutureNHS" in page


def test_an_item_of_another_version_is_404(client, member_a, toolkit):
    item = toolkit["current"].items.first()
    client.force_login(member_a)
    assert client.get(f"/learning/toolkit/0.3/items/{item.pk}/").status_code == 404


# --- The learning team's forms ----------------------------------------------------------------


def test_the_learning_team_adds_an_item_with_a_file(
    client, learning_user, toolkit, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(learning_user)
    upload = SimpleUploadedFile("Theory of change.pdf", b"%PDF-1.4 test", "application/pdf")
    response = client.post(
        "/learning/toolkit/0.3/items/new/",
        {
            "title": "Theory of change",
            "kind": "template",
            "summary": "A template.",
            "body": "",
            "bands": ["emerging", "maturing"],
            "upload": upload,
        },
    )
    item = toolkit["consultation"].items.get(title="Theory of change")
    assert response.status_code == 302
    assert item.file_name == "Theory of change.pdf"
    assert item.bands == ["emerging", "maturing"]
    assert "Theory of change" not in item.file.name  # stored under a generated name
    download = client.get(f"/learning/toolkit/0.3/items/{item.pk}/file/")
    assert download.status_code == 200
    assert 'filename="Theory of change.pdf"' in download["Content-Disposition"]


def test_a_refused_file_keeps_everything_typed(client, learning_user, toolkit):
    client.force_login(learning_user)
    upload = SimpleUploadedFile("tool.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = client.post(
        "/learning/toolkit/0.3/items/new/",
        {"title": "Typed title", "kind": "tool", "summary": "Typed summary", "upload": upload},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "The selected file must be a PDF" in page
    assert 'value="Typed title"' in page
    assert "Typed summary" in page
    assert not ToolkitItem.objects.filter(title="Typed title").exists()


def test_a_link_needs_its_text(client, learning_user, toolkit):
    client.force_login(learning_user)
    response = client.post(
        "/learning/toolkit/0.3/items/new/",
        {"title": "A", "kind": "tool", "summary": "B", "link_url": "https://future.nhs.uk/x"},
    )
    assert "Enter the link text" in response.content.decode()


def test_the_learning_team_starts_a_draft_and_publishes_it(client, learning_user, toolkit):
    client.force_login(learning_user)
    # Only one open version at a time: publish 0.3 first, through the confirmation page.
    assert client.get("/learning/toolkit/0.3/move/").status_code == 200
    assert client.post("/learning/toolkit/0.3/move/").status_code == 302
    toolkit["current"].refresh_from_db()
    assert toolkit["current"].status == Status.SUPERSEDED
    response = client.post(
        "/learning/toolkit/new/", {"number": "0.4", "quarter": "2025-2", "release_notes": "New"}
    )
    assert response.status_code == 302
    draft = ToolkitVersion.objects.get(number="0.4")
    assert [i.title for i in draft.items.all()] == ["Draft checklist"]
    assert str(draft.quarter) == "2025/26 Q2"


def test_a_taken_number_is_refused_in_the_error_summary(client, learning_user, toolkit):
    client.force_login(learning_user)
    response = client.post("/learning/toolkit/0.3/edit/", {"number": "0.2", "quarter": "2024-3"})
    page = response.content.decode()
    assert "There is already a version 0.2" in page
    assert "govuk-error-summary" in page


def test_a_published_version_offers_no_edit_and_refuses_it(client, learning_user, toolkit):
    client.force_login(learning_user)
    page = client.get("/learning/toolkit/0.2/").content.decode()
    assert "Add an item" not in page
    item = toolkit["current"].items.first()
    response = client.post(f"/learning/toolkit/0.2/items/{item.pk}/edit/", {"title": "X"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title != "X"
