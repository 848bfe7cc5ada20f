"""The status tiles (mobilising, live, closing, closed) on an RM's home count the vanguards
the page is about: an RM's own cohort groups', and for the RM lead, who oversees every RM,
all of them."""

import re

import pytest

from tests.factories import UserFactory
from vanguards.models import Vanguard
from workwell.models import Role


def tiles(html: str) -> dict[str, str]:
    return dict(
        (label, count)
        for count, label in re.findall(
            r'<span class="app-stats__value">(\d+)</span> <span class="app-stats__label">([^<]+)<',
            html,
        )
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        # Alpha (live) is in the RM's group; Bravo (closing) is in the RM lead's.
        ("rm", {"Mobilising": "0", "Live": "1", "Closing": "0", "Closed": "0"}),
        ("rm_lead", {"Mobilising": "0", "Live": "1", "Closing": "1", "Closed": "0"}),
    ],
)
def test_rm_tiles_count_their_own_vanguards(client, cast, vanguard_b, role, expected):
    vanguard_b.status = Vanguard.Status.CLOSING
    vanguard_b.save()
    client.force_login(cast[role])
    assert tiles(client.get("/").content.decode()) == expected


@pytest.mark.django_db
def test_rm_with_no_groups_counts_nothing(client, rm_lead, vanguard_b):
    client.force_login(UserFactory(role=Role.RM))
    assert set(tiles(client.get("/").content.decode()).values()) == {"0"}
