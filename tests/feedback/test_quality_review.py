"""The quarterly strategic review page (/feedback/review/<quarter>/) on the known data of
tests/feedback/quality.py: the small-numbers rule on the page and in both downloads for each
role that reads it, the quarter in the address, the picker, the targets page, and a query
budget that does not grow with the data."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import format_html

from feedback.models import Concern, PulseSurvey, QualityTarget
from feedback.models.quality import Indicator
from feedback.presenters.quality import _breakdown_cell, _value_text, status_tag
from feedback.selectors.disclosure import TOO_FEW, WITHHELD
from feedback.selectors.quality import IndicatorValue, Share, last_closed_quarter
from feedback.services.yousaid import you_said_save
from tests.factories import (
    CohortGroupFactory,
    ConcernFactory,
    TouchpointFactory,
    VanguardFactory,
    join_group,
)
from workwell.dates import Quarter
from workwell.models import ProgrammeTheme

from .quality import Q2, build_known_data, event_ratings, pulse, support_request, survey
from .quality import concern as known_concern

URL = "/feedback/review/2025-26-q2/"
READERS = ["admin_user", "programme_lead", "rm_lead"]


@pytest.fixture
def known(cast, vanguard_a, vanguard_b):
    build_known_data(vanguard_a, vanguard_b)
    return cast


def _csv_rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def _xlsx_rows(response):
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.mark.django_db
@pytest.mark.parametrize("role", READERS)
def test_small_groups_withheld_on_the_page_and_downloads_for_all_but_admins(client, known, role):
    client.force_login(known[role])
    html = client.get(URL).content.decode()
    withheld = role != "admin_user"
    assert (TOO_FEW in html) is withheld
    assert "Quality indicators in England, 2025/26 Q2" in html
    assert "Bravo group" in html and "Alpha group" in html
    for rows in (
        _csv_rows(client.get(URL + "?_export=csv")),
        _xlsx_rows(client.get(URL + "?_export=xlsx")),
    ):
        bravo = {row["Indicator"]: row for row in rows if row["Group"] == "Bravo group"}
        satisfied = bravo[Indicator.SATISFIED.label]
        assert (satisfied["Value"] == TOO_FEW) is withheld
        assert (satisfied["Status"] == TOO_FEW) is withheld
        if not withheld:
            assert satisfied["Value"] == "100%" and satisfied["Status"] == "Met"
        # Not a count of responses: shown to every reader.
        assert bravo[Indicator.SUPPORT_TRIAGED.label]["Value"] == "100%"
        england = {row["Indicator"]: row for row in rows if row["Group"] == "England"}
        assert england[Indicator.SATISFIED.label]["Value"] == "75%"
        assert england[Indicator.SATISFIED.label]["Change since last quarter"] == "Down 25 points"
        assert england[Indicator.RESPONSE_RATE.label]["Status"] == "Met"  # 80 against 50


@pytest.mark.django_db
def test_met_and_not_met_are_words_not_colour_alone(client, known):
    client.force_login(known["programme_lead"])
    html = client.get(URL).content.decode()
    assert '<strong class="govuk-tag govuk-tag--green">Met</strong>' in html
    assert '<strong class="govuk-tag govuk-tag--red">Not met</strong>' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "quarter",
    ["nonsense", "2025-27-q2", "2025-26-q5", "2025-26-q0", "2025-26", "1899-00-q1", "2025-26-Q2"],
)
def test_a_quarter_that_is_not_one_is_a_404(client, admin_user, quarter):
    client.force_login(admin_user)
    assert client.get(f"/feedback/review/{quarter}/").status_code == 404


@pytest.mark.django_db
def test_the_picker_goes_to_the_chosen_or_the_last_closed_quarter(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/feedback/review/?quarter=2024-25-q4").url == "/feedback/review/2024-25-q4/"
    last = last_closed_quarter(datetime.date.today())
    slug = f"{last.year}-{str(last.year + 1)[-2:]}-q{last.number}"
    for query in ("", "?quarter=nonsense", "?quarter=2024-25-q9"):
        assert client.get("/feedback/review/" + query).url == f"/feedback/review/{slug}/"


@pytest.mark.django_db
def test_open_concerns_counted_and_listed(client, known, vanguard_a):
    client.force_login(known["rm_lead"])
    open_now = Concern.objects.exclude(state=Concern.State.CLOSED).count()
    html = client.get(URL).content.decode()
    assert f"{open_now} concerns open now." in html
    closed = ConcernFactory(vanguard=vanguard_a, state=Concern.State.CLOSED)
    html = client.get(URL).content.decode()
    assert f"{open_now} concerns open now." in html
    assert f"/feedback/concerns/{closed.pk}/" not in html


@pytest.mark.django_db
def test_themes_counted(client, known, vanguard_a):
    theme = ProgrammeTheme.objects.order_by("pk").first() or ProgrammeTheme.objects.create(
        name="Employer engagement", slug="employer-engagement"
    )
    for concern in Concern.objects.filter(vanguard=vanguard_a):
        concern.themes.add(theme)
    client.force_login(known["admin_user"])
    html = client.get(URL).content.decode()
    assert theme.name in html
    assert "has been tagged with a programme theme" not in html


@pytest.mark.django_db
def test_admin_sets_a_target_and_bad_input_is_refused(client, admin_user):
    client.force_login(admin_user)
    url = "/feedback/review/targets/"
    data = {"indicator": "satisfied", "quarter": "2025-26-q2", "onwards": "on", "target": "72"}
    assert client.post(url, data).status_code == 302
    target = QualityTarget.objects.get()
    assert (target.indicator, target.quarter, target.onwards, target.target) == (
        "satisfied",
        Quarter(2025, 2),
        True,
        72,
    )
    response = client.post(url, {**data, "quarter": "2025-q2", "target": "150"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "like 2026-27-q2" in html and "from 0 to 100" in html
    assert QualityTarget.objects.get().target == 72


@pytest.mark.django_db
@pytest.mark.parametrize("role", READERS)
def test_query_budget_does_not_grow_with_the_data(
    client, known, role, vanguard_a, vanguard_b, django_assert_max_num_queries
):
    client.force_login(known[role])
    # 1 session, 2 user, 3 the disclosure threshold; for each of the two quarters: 4 programme
    # settings, 5 cohort groups at the quarter's end, 6 pulse answers by group, 7 invitations
    # by group, 8 concerns raised, 9 concerns responded, 10 support requests, 11 vanguards and
    # whether contacted within cadence, 12 event ratings (4-12 and 13-21); 22 targets, 23-24
    # names of cohort groups and RMs, 25 open concerns counted, 26 the ten listed, 27-28 theme
    # counts of answers and of concerns, 29 the quarter's "you said, we did" entries.
    budget = 29
    with CaptureQueriesContext(connection) as first:
        client.get(URL)
    assert len(first) <= budget
    pulse(survey(Q2.next()), vanguard_a, [4, 3])
    pulse(PulseSurvey.objects.get(year=Q2.year, number=Q2.number), vanguard_b, [2, 3, 4])
    event_ratings(vanguard_b, [5, 5], day=datetime.date(2025, 9, 2))
    support_request(vanguard_b, raised=datetime.date(2025, 9, 1))
    for _ in range(12):
        ConcernFactory(vanguard=vanguard_a)
    # More vanguards, cohort groups, RMs and contacts (in and out of cadence, both quarters).
    for day in (datetime.date(2025, 6, 20), datetime.date(2025, 9, 25)):
        TouchpointFactory(date=day, vanguards=[vanguard_a, vanguard_b])
    for number in range(3):
        vanguard = VanguardFactory()
        join_group(vanguard, CohortGroupFactory(name=f"Charlie group {number}"))
        TouchpointFactory(date=datetime.date(2025, 8, number + 1), vanguards=[vanguard])
    with django_assert_max_num_queries(len(first)):
        client.get(URL)


@pytest.mark.django_db
def test_the_review_lists_the_quarters_published_you_said_we_did(client, known):
    def entry(title, *, year=2025, number=2, published=True):
        you_said_save(
            by=known["admin_user"],
            published=published,
            title=title,
            you_said="You said",
            we_did="We did",
            year=year,
            number=number,
        )

    entry("Shorter event invitations")
    entry("A draft change", published=False)
    entry("Another quarter's change", number=3)
    client.force_login(known["programme_lead"])
    html = client.get(URL).content.decode()
    assert "Shorter event invitations" in html
    assert "A draft change" not in html
    assert "Another quarter&#x27;s change" not in html and "Another quarter's change" not in html


@pytest.mark.django_db
def test_the_themes_and_changes_download_too(client, known, vanguard_a):
    theme = ProgrammeTheme.objects.create(name="Employer engagement", slug="employers-x")
    made = known_concern(vanguard_a, raised=datetime.date(2025, 8, 4))
    made.themes.set([theme])
    you_said_save(
        by=known["admin_user"],
        published=True,
        title="Shorter event invitations",
        you_said="Invitations were long",
        we_did="We cut them to one page",
        year=2025,
        number=2,
    )
    client.force_login(known["rm_lead"])
    themes = _csv_rows(client.get(URL + "?_export=csv&part=themes"))
    assert {"Quarter": "2025/26 Q2", "Programme theme": "Employer engagement"}.items() <= next(
        row for row in themes if row["Programme theme"] == "Employer engagement"
    ).items()
    assert (
        next(r for r in themes if r["Programme theme"] == "Employer engagement")["Concerns"] == "1"
    )
    changes = _xlsx_rows(client.get(URL + "?_export=xlsx&part=changes"))
    assert [row["Change"] for row in changes] == ["Shorter event invitations"]
    assert changes[0]["We did"] == "We cut them to one page"
    # An unknown part is the indicators.
    assert "Indicator" in _csv_rows(client.get(URL + "?_export=csv&part=nonsense"))[0]


@pytest.mark.parametrize(
    "share",
    [Share(0, 0), Share(0, 3), Share(3, 4), Share(4, 4), Share(2, 3), Share(1, 200), WITHHELD],
)
@pytest.mark.parametrize("target", [0, 50, 75, 100])
def test_a_breakdown_cell_is_written_as_format_html_writes_it(share, target):
    value = IndicatorValue(Indicator.SATISFIED, share, WITHHELD, target)
    expected = (
        TOO_FEW
        if value.withheld
        else format_html("{}<br>{}", _value_text(value), status_tag(value))
    )
    cell = _breakdown_cell(value)
    assert cell == expected
    # Markup as it is, a withheld figure as text (escaped when the table is written).
    assert hasattr(cell, "__html__") is (not value.withheld)
