"""/maturity/assessments/<id>/ for the vanguard's members: save a draft any time, submit when
every dimension has a level and evidence, no edits after submit, evidence files, and the
concurrent-edit rule (a stale save never overwrites; it shows what changed)."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from maturity.models import DimensionScore, EvidenceFile, SelfAssessment
from maturity.services.assessments import (
    AssessmentError,
    AssessmentIncomplete,
    StaleRevision,
    assessment_save_draft,
    assessment_submit,
)
from tests.factories import assessment_form_data, make_member
from tests.uploads import office_bytes

from .workflow import full_answers, submit

DRAFT, SUBMITTED = SelfAssessment.Status.DRAFT, SelfAssessment.Status.SUBMITTED


def url(assessment) -> str:
    return f"/maturity/assessments/{assessment.pk}/"


def score(assessment, order) -> DimensionScore:
    return assessment.scores.get(dimension__order=order)


def complete_answers(**overrides) -> dict:
    answers = {
        order: {"self_level": 3, "evidence": f"Board minutes {order}.", "target_level": 4}
        for order in (1, 2, 3)
    }
    for order, fields in overrides.items():
        answers[int(order.removeprefix("d"))].update(fields)
    return answers


def test_the_draft_shows_every_dimension_with_level_descriptors_beside_each_level(
    client, member_a, draft_a
):
    client.force_login(member_a)
    html = client.get(url(draft_a)).content.decode()
    assert "Your self-assessment" in html
    for order in (1, 2, 3):
        assert f"Dimension {order}</h2>" in html
        for level in range(1, 6):
            assert f"Dimension {order} at level {level}." in html  # the radio's hint
    # Each label names its dimension for screen reader users.
    assert 'Evidence<span class="govuk-visually-hidden"> for Dimension 2' in html
    assert 'enctype="multipart/form-data"' in html
    assert f'name="revision" value="{draft_a.revision}"' in html


def test_a_partial_draft_is_saved_and_shown_again(client, member_a, draft_a):
    client.force_login(member_a)
    data = assessment_form_data(
        draft_a, {1: {"self_level": 2, "evidence": "We have a steering group."}}
    )
    response = client.post(url(draft_a), data, follow=True)
    assert "Your draft has been saved" in response.content.decode()
    first = score(draft_a, 1)
    assert (first.self_level, first.evidence) == (2, "We have a steering group.")
    assert score(draft_a, 2).self_level is None
    draft_a.refresh_from_db()
    assert draft_a.status == DRAFT
    assert draft_a.revision == 1
    assert draft_a.updated_by == member_a
    html = response.content.decode()
    assert "We have a steering group." in html
    assert 'value="2" checked' in html


def test_submit_with_missing_evidence_saves_everything_typed_then_says_what_is_missing(
    client, member_a, draft_a
):
    client.force_login(member_a)
    answers = complete_answers(d2={"evidence": ""}, d3={"self_level": None})
    answers[2]["improvement_actions"] = "Write the data-sharing agreement"
    response = client.post(url(draft_a), assessment_form_data(draft_a, answers, submit=True))
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Enter the evidence for your level in Dimension 2" in html
    assert "Select the current level for Dimension 3" in html
    assert "Enter the evidence for your level in Dimension 1" not in html
    assert "Your answers have been saved as a draft" in html
    # Nothing typed is lost: saved, and still on the page.
    draft_a.refresh_from_db()
    assert draft_a.status == DRAFT
    assert score(draft_a, 2).improvement_actions == "Write the data-sharing agreement"
    assert score(draft_a, 3).evidence == "Board minutes 3."
    assert "Write the data-sharing agreement" in html
    # The page now carries the new revision, so saving again is not a conflict.
    assert f'name="revision" value="{draft_a.revision}"' in html
    assert html.count("<title>Error: ") == 1


def test_a_complete_submit_locks_the_assessment_for_the_vanguard(client, member_a, draft_a):
    client.force_login(member_a)
    response = client.post(
        url(draft_a), assessment_form_data(draft_a, complete_answers(), submit=True), follow=True
    )
    html = response.content.decode()
    assert "Your self-assessment has been submitted" in html
    draft_a.refresh_from_db()
    assert draft_a.status == SUBMITTED
    assert draft_a.submitted_by == member_a
    assert draft_a.submitted_at is not None
    # Read-only from now on: no form, the answers as a summary.
    assert "Save as draft" not in html
    assert "Board minutes 2." in html
    assert "Level 3: Dimension 1 at level 3." in html


def test_editing_after_submit_is_refused_and_changes_nothing(client, member_a, draft_a):
    submitted = submit(draft_a, member_a, level=3)
    client.force_login(member_a)
    data = assessment_form_data(submitted, {1: {"self_level": 5}}, revision=submitted.revision)
    response = client.post(url(submitted), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "has been submitted, so it can no longer be changed" in html
    assert score(submitted, 1).self_level == 3


def test_the_service_refuses_to_save_a_submitted_assessment(member_a, draft_a):
    submitted = submit(draft_a, member_a)
    with pytest.raises(AssessmentError, match="can no longer be changed"):
        assessment_save_draft(
            assessment=submitted,
            actor=member_a,
            revision=submitted.revision,
            answers=full_answers(submitted, level=5),
        )
    with pytest.raises(AssessmentError, match="can no longer be changed"):
        submit(submitted, member_a)


@pytest.mark.parametrize("level", ["0", "6", "7", "-1", "three", "2.5"])
def test_levels_outside_1_to_5_are_refused_and_the_typed_answers_stay(
    client, member_a, draft_a, level
):
    client.force_login(member_a)
    data = assessment_form_data(draft_a, {2: {"evidence": "Partners sign the plan."}})
    data[f"d{score(draft_a, 1).dimension_id}-self_level"] = level
    response = client.post(url(draft_a), data)
    html = response.content.decode()
    assert "Select a level from 1 to 5 for Dimension 1" in html
    assert "Partners sign the plan." in html  # still on the page to save again
    assert score(draft_a, 2).evidence == ""  # nothing half-saved
    draft_a.refresh_from_db()
    assert draft_a.revision == 0


def test_the_service_refuses_levels_outside_1_to_5(member_a, draft_a):
    answers = full_answers(draft_a)
    first = next(iter(answers))
    answers[first]["self_level"] = 6
    with pytest.raises(AssessmentIncomplete) as refused:
        assessment_save_draft(
            assessment=draft_a, actor=member_a, revision=draft_a.revision, answers=answers
        )
    assert refused.value.errors == {first: {"self_level": "Select a level from 1 to 5"}}
    assert not DimensionScore.objects.filter(self_level=6).exists()


def test_the_target_cannot_be_below_the_current_level(client, member_a, draft_a):
    client.force_login(member_a)
    data = assessment_form_data(draft_a, {1: {"self_level": 4, "target_level": 2}})
    html = client.post(url(draft_a), data).content.decode()
    assert (
        "The level you aim for in Dimension 1 must be the same as or higher than your current "
        "level (4)" in html
    )


def test_evidence_links_must_be_web_addresses(client, member_a, draft_a):
    client.force_login(member_a)
    links = "https://example.org/board\nnot a link"
    data = assessment_form_data(draft_a, {1: {"evidence_links": links}})
    html = client.post(url(draft_a), data).content.decode()
    assert "“not a link” is not a web address" in html
    good = assessment_form_data(draft_a, {1: {"evidence_links": " https://example.org/a \n\n"}})
    client.post(url(draft_a), good)
    assert score(draft_a, 1).evidence_links == "https://example.org/a"


# --- Evidence files ----------------------------------------------------------------------

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_a_pdf_is_uploaded_and_only_people_who_may_see_the_assessment_get_it(
    client, member_a, member_b, rm, draft_a
):
    client.force_login(member_a)
    data = assessment_form_data(
        draft_a, {1: {"evidence_file": upload("board paper.pdf", PDF, "application/pdf")}}
    )
    response = client.post(url(draft_a), data, follow=True)
    assert "Your draft has been saved" in response.content.decode()
    evidence = EvidenceFile.objects.get()
    assert (evidence.name, evidence.uploaded_by, evidence.score) == (
        "board paper.pdf",
        member_a,
        score(draft_a, 1),
    )
    file_url = f"{url(draft_a)}files/{evidence.pk}/"
    assert file_url in response.content.decode()
    download = client.get(file_url)
    assert b"".join(download.streaming_content) == PDF
    assert 'filename="board paper.pdf"' in download["Content-Disposition"]
    client.force_login(rm)
    assert client.get(file_url).status_code == 200
    client.force_login(member_b)
    assert client.get(file_url).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "notes.txt",
            b"plain text",
            "The selected file must be a PDF, DOCX, XLSX, PPTX, PNG, JPEG or CSV",
        ),
        (
            "run.exe",
            b"MZ\x90\x00",
            "The selected file must be a PDF, DOCX, XLSX, PPTX, PNG, JPEG or CSV",
        ),
        ("fake.pdf", b"<html>not a pdf</html>", "The selected file must be a PDF, DOCX"),
        ("photo.png", b"\xff\xd8\xff\xe0 jpeg bytes", "The selected file must be a PDF, DOCX"),
        ("empty.pdf", b"", "The selected file is empty"),
    ],
)
def test_files_of_the_wrong_type_are_refused(client, member_a, draft_a, name, content, message):
    client.force_login(member_a)
    data = assessment_form_data(
        draft_a, {1: {"evidence_file": upload(name, content), "evidence": "Kept."}}
    )
    html = client.post(url(draft_a), data).content.decode()
    assert message in html
    assert "Kept." in html
    assert not EvidenceFile.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("plan.docx", office_bytes(".docx")),
        ("budget.XLSX", office_bytes(".xlsx")),
        ("slides.pptx", office_bytes(".pptx")),
        ("chart.png", b"\x89PNG\r\n\x1a\nrest"),
        ("photo.jpg", b"\xff\xd8\xff\xe0rest"),
        ("photo.jpeg", b"\xff\xd8\xff\xdbrest"),
        ("figures.csv", b"vanguard,referrals\nGreater Manchester,12\n"),
    ],
)
def test_every_allowed_type_is_accepted(client, member_a, draft_a, name, content):
    client.force_login(member_a)
    data = assessment_form_data(draft_a, {2: {"evidence_file": upload(name, content)}})
    client.post(url(draft_a), data)
    assert EvidenceFile.objects.get().name == name


def test_files_over_20mb_are_refused(client, member_a, draft_a):
    client.force_login(member_a)
    big = SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * (20 * 1024 * 1024), "application/pdf")
    data = assessment_form_data(draft_a, {1: {"evidence_file": big}})
    html = client.post(url(draft_a), data).content.decode()
    assert "The selected file must be smaller than 20MB" in html
    assert not EvidenceFile.objects.exists()


def test_a_file_of_exactly_20mb_is_accepted(member_a, draft_a):
    content = io.BytesIO(b"%PDF" + b"0" * (20 * 1024 * 1024 - 4))
    exact = SimpleUploadedFile("exact.pdf", content.getvalue(), "application/pdf")
    answers = {score(draft_a, 1).dimension_id: {}}
    assessment_save_draft(
        assessment=draft_a,
        actor=member_a,
        revision=0,
        answers=answers,
        files={score(draft_a, 1).dimension_id: exact},
    )
    assert EvidenceFile.objects.get().file.size == 20 * 1024 * 1024


# --- Two people, one draft ---------------------------------------------------------------


@pytest.fixture
def colleague(vanguard_a):
    return make_member(vanguard_a, full_name="Col League")


def test_a_stale_save_never_overwrites_and_shows_what_changed(client, member_a, colleague, draft_a):
    # Both open the draft at revision 0. The colleague saves first.
    first = assessment_form_data(
        draft_a, {1: {"self_level": 2, "evidence": "Their evidence."}}, revision=0
    )
    client.force_login(colleague)
    client.post(url(draft_a), first)
    # Then Mem saves from the page she loaded before that save.
    second = assessment_form_data(
        draft_a,
        {1: {"self_level": 4, "evidence": "My evidence."}, 2: {"evidence": "Also mine."}},
        revision=0,
    )
    second[f"d{score(draft_a, 1).dimension_id}-evidence"] = "My evidence."
    second[f"d{score(draft_a, 1).dimension_id}-self_level"] = "4"
    client.force_login(member_a)
    response = client.post(url(draft_a), second)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this draft on" in html
    assert "Their changes are shown; your answers are below — check and save again." in html
    # What changed, per dimension: their saved value against hers.
    assert "What changed" in html
    assert "Their evidence." in html and "My evidence." in html
    assert "Level 2" in html and "Level 4" in html
    # The colleague's save stands; nothing of Mem's was written.
    saved = score(draft_a, 1)
    assert (saved.self_level, saved.evidence) == (2, "Their evidence.")
    assert score(draft_a, 2).evidence == ""
    # Her answers are still in the form, now at the new revision: saving again succeeds.
    assert 'value="4" checked' in html
    assert 'name="revision" value="1"' in html
    again = dict(second, revision="1")
    client.post(url(draft_a), again)
    saved.refresh_from_db()
    assert (saved.self_level, saved.evidence) == (4, "My evidence.")


def test_the_service_refuses_a_save_from_an_old_revision(member_a, colleague, draft_a):
    answers = full_answers(draft_a, level=2)
    assessment_save_draft(assessment=draft_a, actor=colleague, revision=0, answers=answers)
    with pytest.raises(StaleRevision) as stale:
        assessment_save_draft(
            assessment=draft_a, actor=member_a, revision=0, answers=full_answers(draft_a, 4)
        )
    assert stale.value.current.revision == 1
    assert stale.value.message.startswith("Someone else saved this draft on ")
    assert set(draft_a.scores.values_list("self_level", flat=True)) == {2}


def test_the_same_person_in_two_windows_is_told_it_was_them(member_a, draft_a):
    assessment_save_draft(
        assessment=draft_a, actor=member_a, revision=0, answers=full_answers(draft_a)
    )
    with pytest.raises(StaleRevision, match="You saved this draft in another window on"):
        assessment_save_draft(
            assessment=draft_a, actor=member_a, revision=0, answers=full_answers(draft_a)
        )


def test_submit_from_an_old_revision_is_refused_too(member_a, colleague, draft_a):
    assessment_save_draft(
        assessment=draft_a, actor=colleague, revision=0, answers=full_answers(draft_a, 2)
    )
    with pytest.raises(StaleRevision):
        assessment_submit(
            assessment=draft_a, actor=member_a, revision=0, answers=full_answers(draft_a, 4)
        )
    draft_a.refresh_from_db()
    assert draft_a.status == DRAFT


def test_the_page_shows_the_history_of_saves_and_submission(client, member_a, draft_a):
    client.force_login(member_a)
    client.post(url(draft_a), assessment_form_data(draft_a, {1: {"self_level": 2}}))
    draft_a.refresh_from_db()
    client.post(url(draft_a), assessment_form_data(draft_a, complete_answers(), submit=True))
    html = client.get(url(draft_a)).content.decode()
    assert "History" in html
    for step in ("Opened for self-assessment", "Saved the draft", "Submitted"):
        assert step in html
    assert "Dimension 1: current level set to 2" in html
    assert "Dimension 1: current level changed from 2 to 3" in html
    assert html.count("Mem Alpha") >= 2


def test_closing_date_is_shown(client, member_a, draft_a):
    client.force_login(member_a)
    closes = draft_a.cycle.closes_on
    html = client.get(url(draft_a)).content.decode()
    assert f"closes on {closes.day} {closes:%B %Y}" in html
    assert isinstance(closes, datetime.date)
