"""A complaint about an RM goes straight to the RM lead and is hidden from that RM everywhere:
the concerns list and its count, the exports, the concern's page and thread, "my concerns",
the home page and the digest. One about the RM lead goes to the programme director and is
hidden from the RM lead the same way."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from feedback.models import Concern
from feedback.selectors.concerns import overdue_concerns
from feedback.services.concern_digest import concern_digest_send
from vanguards.models import ProgrammeSettings
from vanguards.services.digest import DigestOutcome

from .conftest import raise_concern

pytestmark = pytest.mark.django_db
LONG_AGO = timezone.localdate() - datetime.timedelta(days=60)
SECRET = "Our RM missed three meetings in a row."


def test_it_goes_straight_to_the_rm_lead(complaint_about_rm, rm_lead):
    assert complaint_about_rm.stage == Concern.Stage.INVESTIGATION
    assert complaint_about_rm.handler == rm_lead


PAGES = [
    "/feedback/concerns/",
    "/feedback/concerns/?overdue=on",
    "/feedback/concerns/?kind=complaint",
    "/feedback/concerns/?_export=csv",
    "/feedback/concerns/?_export=xlsx",
    "/",
]


def _body(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    if url.endswith("xlsx"):
        import io

        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(response.content))
        return "\n".join(
            str(cell) for row in book.active.iter_rows(values_only=True) for cell in row
        )
    return response.content.decode()


@pytest.mark.parametrize("url", PAGES)
def test_the_rm_never_sees_it_but_the_rm_lead_does(client, member_a, rm, rm_lead, url):
    complaint = raise_concern(
        member_a, kind=Concern.Kind.COMPLAINT, what_happened=SECRET, about_rm=rm, today=LONG_AGO
    )
    # A complaint about the service: the RM does see this one.
    raise_concern(
        member_a, kind=Concern.Kind.COMPLAINT, what_happened="An ordinary concern", today=LONG_AGO
    )
    client.force_login(rm)
    body = _body(client, url)
    assert SECRET not in body
    assert f"#{complaint.pk}<" not in body
    if url != "/":
        assert "An ordinary concern" in body
        assert "1 concern" in body or url.endswith(("csv", "xlsx"))
    client.force_login(rm_lead)
    lead_body = _body(client, url)
    assert (SECRET in lead_body) or url == "/"
    assert f"/feedback/concerns/{complaint.pk}/" in lead_body or url.endswith(("csv", "xlsx"))


def test_its_page_and_thread_are_not_found_for_the_rm(client, complaint_about_rm, rm, rm_lead):
    client.force_login(rm)
    url = f"/feedback/concerns/{complaint_about_rm.pk}/"
    assert client.get(url).status_code == 404
    assert client.post(url + "message/", {"message-text": "Let me explain"}).status_code == 404
    assert complaint_about_rm.entries.count() == 1


def test_it_stays_hidden_after_escalation_and_when_the_rm_handles_other_concerns(
    complaint_about_rm, rm, rm_lead, programme_lead
):
    from feedback.services import concerns as services

    ProgrammeSettings.objects.create(pk=1, programme_director=programme_lead)
    services.concern_acknowledge(concern=complaint_about_rm, by=rm_lead)
    services.concern_escalate(concern=complaint_about_rm, by=rm_lead, reason="Serious.")
    qs = Concern.objects.all()
    from vanguards import permissions

    assert not permissions.concerns_visible_to(rm, qs).exists()
    assert permissions.concerns_visible_to(programme_lead, qs).exists()


def test_the_rm_counts_and_digest_leave_it_out(member_a, rm, rm_lead):
    raise_concern(
        member_a, kind=Concern.Kind.COMPLAINT, what_happened=SECRET, about_rm=rm, today=LONG_AGO
    )
    assert overdue_concerns(user=rm) == []
    assert len(overdue_concerns(user=rm_lead)) == 1


def test_a_complaint_about_the_rm_lead_goes_to_the_programme_director_and_not_their_digest(
    client, member_a, rm, rm_lead, programme_lead
):
    ProgrammeSettings.objects.create(pk=1, programme_director=programme_lead)
    complaint = raise_concern(
        member_a,
        kind=Concern.Kind.COMPLAINT,
        what_happened=SECRET,
        about_rm=rm_lead,
        today=LONG_AGO,
    )
    assert (complaint.stage, complaint.handler) == (Concern.Stage.ESCALATION, programme_lead)
    assert concern_digest_send(user=rm_lead) == DigestOutcome.NOTHING_TO_REPORT
    assert mail.outbox == []
    client.force_login(rm_lead)
    assert SECRET not in client.get("/feedback/concerns/").content.decode()
    assert SECRET not in client.get("/").content.decode()
    assert client.get(f"/feedback/concerns/{complaint.pk}/").status_code == 404
    client.force_login(programme_lead)
    assert client.get(f"/feedback/concerns/{complaint.pk}/").status_code == 200


def test_the_programme_director_sees_escalated_concerns_only(client, member_a, rm, learning_user):
    """A director who is not in the leadership (here the learning team) sees escalated ones."""
    ProgrammeSettings.objects.create(pk=1, programme_director=learning_user)
    ordinary = raise_concern(member_a)
    client.force_login(learning_user)
    assert client.get(f"/feedback/concerns/{ordinary.pk}/").status_code == 404
    Concern.objects.filter(pk=ordinary.pk).update(stage=Concern.Stage.ESCALATION)
    assert client.get(f"/feedback/concerns/{ordinary.pk}/").status_code == 200
    assert client.get("/feedback/concerns/").status_code == 200
