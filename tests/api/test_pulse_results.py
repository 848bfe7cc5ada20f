"""/api/v1/pulse-results/: a quarter's pulse results as the results page shows them to the
same user (its selector, quarter_results), with the disclosure threshold applied by the same
`disclose`: a group with fewer responses than the threshold is withheld from all but admins.

The data is the results page tests' (tests/feedback/test_pulse_results.py `known`): vanguard A
has three answers (at the threshold of 3), vanguard B one (under it)."""

# ruff: noqa: F811 (the `known` fixture, imported, is each test's argument)
import csv
import datetime
import io
import json

import pytest
from django.utils import timezone

from feedback.models import PulseResponse
from feedback.selectors.results import quarter_results
from tests.api.conftest import bearer, page_query_counts
from tests.conftest import CAST
from tests.feedback.test_pulse_results import known  # noqa: F401 (the results page's data)

pytestmark = pytest.mark.django_db

URL = "/api/v1/pulse-results/"
# Roles with results of their own on the results page; the network partner has none.
WITH_RESULTS = [role for role in CAST if role != "network_partner"]


def _groups(client, user, secret_for, **params) -> dict:
    response = client.get(URL, params, **bearer(secret_for(user)))
    assert response.status_code == 200, response.content
    [record] = response.json()["results"]
    return {(group["breakdown"], group["label"]): group for group in record["groups"]}


@pytest.mark.parametrize("role", CAST)
def test_each_role_gets_the_groups_its_results_page_shows(
    client,
    cast,
    known,
    secret_for,
    role,
):
    user = cast[role]
    if role not in WITH_RESULTS:
        response = client.get(URL, **bearer(secret_for(user)))
        assert response.json()["results"] == []
        assert client.get(f"{URL}{known.pk}/", **bearer(secret_for(user))).status_code == 404
        return
    groups = _groups(client, user, secret_for)
    page = quarter_results(user=user, quarter=known.quarter)
    assert set(groups) == {(row.breakdown, row.label) for row in page.rows}
    for row in page.rows:
        assert groups[row.breakdown, row.label]["withheld"] is bool(
            getattr(row.pulse, "withheld", False)
        )
    assert client.get(f"{URL}{known.pk}/", **bearer(secret_for(user))).status_code == 200


@pytest.mark.parametrize("role", ["programme_lead", "rm_lead", "member_b"])
def test_a_group_under_the_threshold_is_withheld(client, cast, known, secret_for, role):
    bravo = _groups(client, cast[role], secret_for)["vanguard", "Bravo Vanguard"]
    assert bravo["withheld"] is True
    assert bravo["satisfaction"] == {
        "withheld": True,
        "count": None,
        "mean": None,
        "share_satisfied": None,
    }
    assert bravo["asked"] is None and bravo["support_ratings"]["withheld"] is True


def test_admins_see_small_groups_and_the_figures_are_the_pages(client, cast, known, secret_for):
    groups = _groups(client, cast["admin_user"], secret_for)
    bravo = groups["vanguard", "Bravo Vanguard"]
    assert bravo["withheld"] is False and bravo["satisfaction"]["count"] == 1
    alpha = groups["vanguard", "Alpha Vanguard"]
    # Three answers (5, 4 and 2) of four asked; three support ratings (5, 4, 1).
    assert alpha["satisfaction"] == {
        "withheld": False,
        "count": 3,
        "mean": pytest.approx(11 / 3),
        "share_satisfied": pytest.approx(2 / 3),
    }
    assert (alpha["asked"], alpha["response_rate"]) == (4, 0.75)
    assert alpha["support_ratings"]["count"] == 3


def test_a_member_at_the_threshold_sees_their_own(client, cast, known, secret_for):
    groups = _groups(client, cast["member_a"], secret_for)
    assert set(groups) == {("national", "England"), ("vanguard", "Alpha Vanguard")}
    assert groups["vanguard", "Alpha Vanguard"]["satisfaction"]["count"] == 3


def test_filters_and_csv(client, cast, known, secret_for):
    secret = secret_for(cast["rm"])
    slug = f"{known.year}-{str(known.year + 1)[-2:]}-q{known.number}"
    assert len(client.get(URL, {"quarter": slug}, **bearer(secret)).json()["results"]) == 1
    assert client.get(URL, {"quarter": "2019-20-q1"}, **bearer(secret)).json()["results"] == []
    assert client.get(URL, {"quarter": "soon"}, **bearer(secret)).status_code == 400
    response = client.get(URL, {"format": "csv"}, **bearer(secret))
    [row] = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert row["quarter"] == slug
    # The groups, records within records, as JSON.
    as_json = client.get(URL, **bearer(secret)).json()["results"][0]["groups"]
    assert json.loads(row["groups"]) == as_json
    assert "Alpha Vanguard" in {group["label"] for group in as_json}


def test_updated_is_the_latest_answer_while_the_survey_is_open(client, cast, known, secret_for):
    secret = secret_for(cast["rm"])
    [record] = client.get(URL, **bearer(secret)).json()["results"]
    moment = timezone.now()
    assert (
        client.get(URL, {"updated_since": moment.isoformat()}, **bearer(secret)).json()["results"]
        == []
    )
    PulseResponse.objects.filter(survey=known).update(updated_at=moment)
    [again] = client.get(URL, {"updated_since": moment.isoformat()}, **bearer(secret)).json()[
        "results"
    ]
    assert again["id"] == record["id"]
    assert datetime.datetime.fromisoformat(again["updated"]) == moment


@pytest.mark.parametrize("role", ["admin_user", "member_a"])
def test_queries_do_not_grow_with_the_page(client, cast, known, secret_for, role):
    counts = page_query_counts(client, URL, secret_for(cast[role]))
    # token and owner; the default quarter; the page; the results page's own (about eleven).
    assert counts[0] == counts[1] <= 18
