"""`pagination_numbers` against the rule it replaced, which walked every page: the same
numbers and ellipses for every current page of lists of up to 60 pages (and a current page
out of range)."""

import pytest

from workwell.tables import pagination_numbers


def walked(current: int, last: int) -> list[int | None]:
    """The old rule: every page from 1 to `last`, shown if first, last or next to `current`,
    an ellipsis for each run of pages left out."""
    numbers = []
    for number in range(1, last + 1):
        if number in (1, last) or abs(number - current) <= 1:
            numbers.append(number)
        elif numbers and numbers[-1] is not None:
            numbers.append(None)
    return numbers


@pytest.mark.parametrize("last", range(1, 61))
def test_pagination_numbers_match_the_walk_over_every_page(last):
    for current in range(0, last + 3):
        assert pagination_numbers(current, last) == walked(current, last), (current, last)


def test_a_middle_page_of_thousands():
    assert pagination_numbers(2000, 4000) == [1, None, 1999, 2000, 2001, None, 4000]
