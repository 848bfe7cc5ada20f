"""The roles-and-visibility contract replayed over HTTP against gunicorn with the demo data:

- the permission matrix (tests/vanguards/test_permission_matrix.py MATRIX, its vanguards and
  group renamed to the demo ones by tests/security/targets.py), each role's own session;
- every route addressed by a vanguard's record (RECORD_ROUTES), for each role that sees only
  some vanguards, with a real record of a vanguard it may not see, of every kind: 404, by GET
  and by POST (with a valid CSRF token, so the view itself answers). A POST-only view may answer
  405 to GET, and a GET-only one 405 to POST, for every id alike: that does not tell whether the
  record exists.

Every answer also carries the security headers (tests/security/checks.py).
"""

import json
import os

import pytest

from tests.security.checks import assert_secure_answer
from tests.security.conftest import fetch_all

with open(os.environ["SECURITY_TARGETS"]) as _handle:
    TARGETS = json.load(_handle)

MATRIX_CASES = [
    (url, role, expected)
    for url, answers in TARGETS["matrix"].items()
    for role, expected in answers.items()
]
HIDDEN_CASES = [(url, role) for role, urls in TARGETS["hidden_records"].items() for url in urls]


def _follow(client, url, answer):
    # The Django admin hands a signed-in non-admin to its own login page, which then refuses
    # them: the matrix (like the test client's follow=True) counts where the redirects end.
    for _ in range(5):
        if answer.status not in (301, 302) or not url.startswith("/admin/"):
            return answer
        answer = client.get(answer.header("Location").removeprefix(client.base))
    return answer


@pytest.fixture(scope="module")
def matrix_answers(http):
    cases = [(http[role], "GET", url) for url, role, _expected in MATRIX_CASES]
    answers = fetch_all(cases)
    return {
        (url, role): _follow(http[role], url, answer)
        for (url, role, _expected), answer in zip(MATRIX_CASES, answers, strict=True)
    }


@pytest.mark.parametrize(
    ("url", "role", "expected"),
    [pytest.param(*case, id=f"{case[1]}:{case[0]}") for case in MATRIX_CASES],
)
def test_matrix_over_http(matrix_answers, url, role, expected):
    answer = matrix_answers[url, role]
    assert answer.status == expected, f"{role} GET {url}: {answer.status}, expected {expected}"
    assert_secure_answer(answer, f"{role} GET {url}")


@pytest.fixture(scope="module")
def hidden_answers(http):
    tokens = {role: http[role].token("/accessibility/") for role in TARGETS["hidden_records"]}
    gets = fetch_all([(http[role], "GET", url) for url, role in HIDDEN_CASES])
    posts = [
        http[role].request("POST", url, {"csrfmiddlewaretoken": tokens[role]})
        for url, role in HIDDEN_CASES
    ]
    return {case: (get, post) for case, get, post in zip(HIDDEN_CASES, gets, posts, strict=True)}


@pytest.mark.parametrize(
    ("url", "role"), [pytest.param(*case, id=f"{case[1]}:{case[0]}") for case in HIDDEN_CASES]
)
def test_another_vanguards_records_are_not_found(hidden_answers, url, role):
    get, post = hidden_answers[url, role]
    statuses = (get.status, post.status)
    assert set(statuses) <= {404, 405} and 404 in statuses, (
        f"{role}: GET {url} answered {get.status}, POST {post.status}; expected 404"
    )
    assert_secure_answer(get, f"{role} GET {url}")
    assert_secure_answer(post, f"{role} POST {url}")


@pytest.mark.parametrize("role", TARGETS["hidden_records"])
def test_every_kind_of_vanguard_record_is_replayed(role):
    replayed = set(TARGETS["hidden_records"][role].values())
    assert set(TARGETS["vanguard_routes"]) - replayed == set()
