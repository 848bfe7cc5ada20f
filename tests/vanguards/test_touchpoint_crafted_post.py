"""/touchpoints/new/ posted without the action rows' hidden counts (a crafted post, or one cut
short): the person is told something they can act on, keeps what they typed, gets rows that
post back whole, and nothing is saved."""

import pytest

from tests.factories import touchpoint_form_data
from vanguards.models import Action, Touchpoint

URL = "/touchpoints/new/"
MANAGEMENT_FIELDS = ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")
UNREAD = "The follow-up actions could not be read. Enter them again and save the touchpoint."


def crafted_post(vanguard, **fields) -> dict:
    data = touchpoint_form_data(
        [vanguard], summary="Agreed the employer offer with the SRO.", **fields
    )
    for name in MANAGEMENT_FIELDS:
        del data[f"actions-{name}"]
    return data


@pytest.mark.parametrize("button", [{}, {"add_action": "1"}], ids=["save", "add-row"])
def test_a_post_without_the_rows_counts_says_what_to_do_and_keeps_the_input(
    client, rm, vanguard_a, button
):
    client.force_login(rm)

    response = client.post(URL, crafted_post(vanguard_a, **button))

    assert response.status_code == 200
    html = response.content.decode()
    summary = html[
        html.find("govuk-error-summary") : html.find("</ul>", html.find("govuk-error-summary"))
    ]
    assert UNREAD in summary
    assert 'href="#follow-up-actions"' in summary
    assert "ManagementForm" not in html
    assert "bug report" not in html
    # What they typed is still there, and the new rows post back with their counts.
    assert "Agreed the employer offer with the SRO." in html
    assert 'name="actions-TOTAL_FORMS" value="3"' in html
    assert 'name="actions-0-description"' in html
    assert not Touchpoint.objects.exists()
    assert not Action.objects.exists()
