"""Every route answers with the security headers and without a server error, over HTTP against
gunicorn with production settings (tests/security/checks.py says which headers).

The permission-matrix replay (test_permissions_over_http.py) already checks every route of
MATRIX for every role, and every vanguard record route for the roles that may not see it.
Here, every route addressed by a record (RECORD_ROUTES), filled with real demo ids by
tests/security/targets.py: the vanguard record routes with vanguard A's own records, for the
roles that see them (an admin, vanguard A's member, the North West regional lead); the others
(events, toolkit versions, offers, panels, the framework, ...) for an admin and a member.
"""

import json
import os

import pytest

from tests.security.checks import assert_secure_answer
from tests.security.conftest import fetch_all
from tests.vanguards.test_permission_matrix import RECORD_ROUTES

with open(os.environ["SECURITY_TARGETS"]) as _handle:
    TARGETS = json.load(_handle)

CASES = [
    *(
        (url, role)
        for role in ("admin_user", "member_a", "regional_lead")
        for url in TARGETS["own_records"]
    ),
    *((url, role) for role in ("admin_user", "member_a") for url in TARGETS["other_records"]),
]
# Record routes with no id to fill here, and why (each is tested by its own module).
UNFILLED = {
    # An upload's preview lives in the session of the admin (or plan keeper) who uploaded it.
    "reporting/returns/upload/<str:token>/",
    "plans/vanguards/<slug:slug>/upload/<str:token>/",
    "plans/programme/upload/<str:token>/",
}


@pytest.fixture(scope="module")
def answers(http):
    return dict(
        zip(CASES, fetch_all([(http[role], "GET", url) for url, role in CASES]), strict=True)
    )


@pytest.mark.parametrize(
    ("url", "role"), [pytest.param(*case, id=f"{case[1]}:{case[0]}") for case in CASES]
)
def test_every_record_route_answers_securely(answers, url, role):
    assert_secure_answer(answers[url, role], f"{role} GET {url}")


def test_every_record_route_is_filled():
    filled = {*TARGETS["own_records"].values(), *TARGETS["other_records"].values()}
    missing = set(RECORD_ROUTES) - filled - UNFILLED
    assert not missing, "no demo record for: " + ", ".join(sorted(missing))
