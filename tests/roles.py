"""The one helper for role tests (DESIGN.md §3): say what each role gets; every role not named
gets 404, so a new role or a forgotten one is hidden by default.

    @each_role_gets({"admin_user": REDIRECT, "rm": REDIRECT})
    def test_only_admins_and_the_rm_close(client, cast, role, expected): ...

    @each_role_gets({"/actions/": everyone(OK), "/actions/{a}/": everyone_but(OK, "member_b")})
    def test_pages_answer_each_role(client, cast, url, role, expected): ...

A flat `{role: status}` parametrises `role, expected`; a `{url: {role: status}}` table
parametrises `url, role, expected`. Where a role's answer decides more than the status (a row
saved, a link shown), assert that from `expected` too: `assert saved is (expected == REDIRECT)`.
"""

import pytest

from tests.conftest import CAST

OK, NOT_FOUND, REDIRECT, FORBIDDEN = 200, 404, 302, 403


def everyone(status: int) -> dict[str, int]:
    """Every role in the cast gets `status`."""
    return dict.fromkeys(CAST, status)


def everyone_but(status: int, *roles: str) -> dict[str, int]:
    """Every role gets `status` except `roles`, which get the default 404."""
    unknown = set(roles) - set(CAST)
    assert not unknown, f"not in the cast: {unknown}"
    return {role: status for role in CAST if role not in roles}


def in_the_programme(status: int, *roles: str) -> dict[str, int]:
    """Every role but network partners (who see published material only, nothing about any
    vanguard) and `roles` gets `status`; they get the default 404."""
    return everyone_but(status, "network_partner", *roles)


def _answers(answers: dict[str, int]) -> list[tuple[str, int]]:
    unknown = set(answers) - set(CAST)
    assert not unknown, f"not in the cast: {unknown}"
    return [(role, answers.get(role, NOT_FOUND)) for role in CAST]


def each_role_gets(table: dict):
    """Parametrise over every role (and URL, for a table of URLs) with its expected status."""
    if table and all(isinstance(value, dict) for value in table.values()):
        return pytest.mark.parametrize(
            ("url", "role", "expected"),
            [
                pytest.param(url, role, expected, id=f"{role}:{url}")
                for url, answers in table.items()
                for role, expected in _answers(answers)
            ],
        )
    return pytest.mark.parametrize(
        ("role", "expected"),
        [pytest.param(role, expected, id=role) for role, expected in _answers(table)],
    )
