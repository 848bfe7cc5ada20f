"""Each validation rule through the strand form (HTTP): a draft keeps what was typed, the
rule's message is shown in the error summary linked to its field, and a section with a
problem cannot be marked completed. Non-numbers are refused with a message that says how."""

from decimal import Decimal

import pytest

from reporting.models import StrandReturn

from .conftest import QUARTER, as_post, good_figures, make_return, return_url

pytestmark = pytest.mark.django_db

# (rule, figures breaking it, the field the message links to, words of the message)
BROKEN = [
    ("not_negative", {"referrals": -1}, "referrals", "must be 0 or more"),
    ("not_negative", {"spend": Decimal("-5.00")}, "spend", "must be 0 or more"),
    ("starts_within_referrals", {"referrals": 9}, "starts", "must be no more than referrals"),
    ("work_status_adds_up", {"starts_out_of_work": 5}, "starts_in_work", "must add up to starts"),
    ("conditions_add_up", {"condition_other": 2}, "condition_msk", "must add up to starts"),
    ("ethnicity_adds_up", {"ethnicity_white": 6}, "ethnicity_white", "must add up to starts"),
    (
        "remained_within_in_work_starts",
        {"remained_in_work": 7},
        "remained_in_work",
        "no more than the starts in work to date",
    ),
    (
        "entered_within_out_of_work_starts",
        {"entered_work": 5},
        "entered_work",
        "no more than the starts out of work to date",
    ),
    ("satisfied_within_responses", {"satisfied": 9}, "satisfied", "no more than satisfaction"),
]


@pytest.fixture
def strand_url(client, member_a, vanguard_a, strands_a, period):
    make_return(vanguard_a)
    client.force_login(member_a)
    return return_url(vanguard_a, f"strands/{strands_a[0].pk}/")


@pytest.mark.parametrize(("rule", "broken", "field", "words"), BROKEN, ids=[b[0] for b in BROKEN])
def test_each_rule_is_shown_and_the_draft_saved(client, strand_url, rule, broken, field, words):
    figures = good_figures(**broken)
    response = client.post(strand_url, as_post(figures, complete="no"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert f'href="#id_{field}"' in html
    assert words in html
    row = StrandReturn.objects.get()
    saved = {name: getattr(row, name) for name in broken}
    assert {name: str(value) for name, value in saved.items()} == {
        name: str(value) for name, value in broken.items()
    }
    assert row.complete is False


@pytest.mark.parametrize(("rule", "broken", "field", "words"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_section_with_a_problem_cannot_be_completed(
    client, strand_url, rule, broken, field, words
):
    response = client.post(strand_url, as_post(good_figures(**broken), complete="yes"))
    assert response.status_code == 200
    assert "Fix the problems before you mark this section as completed" in response.content.decode()
    assert StrandReturn.objects.get().complete is False


def test_cumulative_rules_count_earlier_quarters(client, strand_url, vanguard_a, strands_a):
    """Remained in work may exceed this quarter's in-work starts when earlier quarters' starts
    cover it."""
    earlier = make_return(vanguard_a, quarter=QUARTER.previous())
    StrandReturn.objects.create(
        quarterly_return=earlier, strand=strands_a[0], **good_figures(starts_in_work=6)
    )
    response = client.post(strand_url, as_post(good_figures(remained_in_work=12)))
    assert response.status_code == 302
    assert StrandReturn.objects.get(quarterly_return__number=QUARTER.number).complete is True


def test_completing_needs_every_figure(client, strand_url):
    response = client.post(strand_url, as_post(good_figures(completions=None)))
    assert response.status_code == 200
    assert "Enter completions" in response.content.decode()
    assert StrandReturn.objects.get().completions is None


def test_a_draft_may_leave_figures_empty(client, strand_url):
    response = client.post(strand_url, as_post({"referrals": 12}, complete="no"))
    assert response.status_code == 302
    row = StrandReturn.objects.get()
    assert (row.referrals, row.starts, row.complete) == (12, None, False)


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("referrals", "ten", "Referrals must be a whole number, like 12"),
        ("starts", "1.5", "must be a whole number, like 12"),
        ("spend", "lots", "Enter spend in pounds as a number, like 12500 or 12500.50"),
    ],
)
def test_non_numbers_are_refused_and_nothing_typed_is_lost(
    client, strand_url, field, typed, message
):
    data = as_post(good_figures(), complete="no")
    data[field] = typed
    data["completions"] = "4"
    response = client.post(strand_url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert f'value="{typed}"' in html  # what was typed is still in the box
    assert 'value="4"' in html
    assert not StrandReturn.objects.exists()


def test_inputs_ask_for_a_numeric_keypad(client, strand_url):
    html = client.get(strand_url).content.decode()
    assert html.count('inputmode="numeric"') == 19
    assert 'inputmode="decimal"' in html
    assert 'type="number"' not in html


def test_pounds_with_a_sign_and_commas_are_understood(client, strand_url):
    data = as_post(good_figures())
    data["spend"] = "£12,500.50"
    assert client.post(strand_url, data).status_code == 302
    assert str(StrandReturn.objects.get().spend) == "12500.50"
