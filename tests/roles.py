"""Role-by-role answer tables for the permission tests (DESIGN.md §3).

A table maps each URL to the status code each role gets, in `CAST` order:

    PAGES = {"/actions/": [OK] * 8, "/actions/{a}/": [OK, OK, OK, OK, OK, OK, OK, NOT_FOUND]}

    @each_role_gets(PAGES)
    def test_pages_answer_each_role(client, cast, actions, url, role, expected): ...
"""

import pytest

from tests.conftest import CAST

OK, NOT_FOUND, REDIRECT = 200, 404, 302


def each_role_gets(table: dict[str, list[int]]):
    """Parametrise a test over every (url, role, expected status) of `table`."""
    for url, codes in table.items():
        assert len(codes) == len(CAST), f"{url}: one status per role in CAST"
    return pytest.mark.parametrize(
        ("url", "role", "expected"),
        [
            pytest.param(url, role, codes[index], id=f"{role}:{url}")
            for url, codes in table.items()
            for index, role in enumerate(CAST)
        ],
    )
