"""The count above every filtered list: thousands grouped with commas, as GOV.UK writes
numbers (at national scale the touchpoint list read "100321 touchpoints.")."""

import pytest
from django.template.loader import render_to_string


@pytest.mark.parametrize(
    ("count", "noun", "said"),
    [
        (100321, "touchpoint", "100,321 touchpoints."),
        (1000, "vanguard", "1,000 vanguards."),
        (215, "vanguard", "215 vanguards."),
        (1, "support request", "1 support request."),
        (0, "action", "0 actions."),
    ],
)
def test_the_count_groups_thousands_with_commas(count, noun, said):
    html = render_to_string(
        "includes/result_count_and_downloads.html", {"count": count, "noun": noun, "query": ""}
    )
    assert f'<p class="govuk-body">{said}' in html
