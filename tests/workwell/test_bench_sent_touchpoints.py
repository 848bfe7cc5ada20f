"""benchmarks/sent.py: the bench deletes the touchpoints its sent forms saved, with their
links, actions and history records, and nothing else."""

import datetime

from benchmarks.sent import delete_sent_touchpoints
from tests.factories import touchpoint_form_data
from vanguards.models import Action, Touchpoint

URL = "/touchpoints/new/"


def _send(client, vanguard, owner, summary):
    action = {
        "description": "Send the notes",
        "owner": owner,
        "due": datetime.date.today() + datetime.timedelta(days=7),
        "vanguard": vanguard,
    }
    data = touchpoint_form_data([vanguard], summary=summary, actions=[action])
    assert client.post(URL, data).status_code == 302


def test_only_the_bench_touchpoints_go_with_their_links_actions_and_records(
    rm_client, rm, vanguard_a
):
    _send(rm_client, vanguard_a, rm, "Bench touchpoint 3-17")
    _send(rm_client, vanguard_a, rm, "Profiled touchpoint abc-2")
    _send(rm_client, vanguard_a, rm, "A real check-in about the Bench touchpoint plan")
    history = Touchpoint.history.model
    assert Touchpoint.objects.count() == 3 and Action.objects.count() == 3

    assert delete_sent_touchpoints() == 2

    [kept] = Touchpoint.objects.all()
    assert kept.summary == "A real check-in about the Bench touchpoint plan"
    assert list(kept.vanguards.all()) == [vanguard_a]
    assert [action.touchpoint_id for action in Action.objects.all()] == [kept.pk]
    assert Touchpoint.vanguards.through.objects.count() == 1
    # No record of the deleting, and the records' own rows of vanguards went with them.
    assert set(Touchpoint.history.values_list("summary", flat=True)) == {kept.summary}
    assert not Touchpoint.history.filter(history_type="-").exists()
    assert set(Action.history.values_list("touchpoint_id", flat=True)) == {kept.pk}
    vanguard_rows = history.vanguards.model  # the records' rows of their vanguards
    assert vanguard_rows.objects.count() == 1  # counted, not joined: an orphan would count
    assert vanguard_rows.objects.get().history.summary == kept.summary
    assert delete_sent_touchpoints() == 0
