"""Pulse results: aggregates on known data, the small-numbers rule for every aggregate (pulse,
support ratings, event feedback) and every role on the page and in the exports, who sees which
groups, free-text anonymity, and a query budget that does not grow with responses.

The data: vanguard A (North West, Alpha group, the RM) has four members asked and three
answers (satisfaction 5, 4 and 2), three rated support requests and three event ratings;
vanguard B (London, Bravo group, the RM lead) has one member, one answer, one rated request
and one event rating: under the threshold of 3 everywhere."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.utils import timezone

from feedback.models import PulseInvitation, PulseResponse, PulseSurvey
from feedback.selectors.disclosure import TOO_FEW, WITHHELD, disclose
from feedback.selectors.results import PulseTally, Tally, quarter_results
from learning.models import EventFeedback
from tests.conftest import CAST
from tests.factories import (
    CohortGroupFactory,
    EventFactory,
    SupportRequestFactory,
    VanguardFactory,
    join_group,
    make_member,
)
from tests.roles import OK, each_role_gets, everyone, in_the_programme
from vanguards.models import ProgrammeSettings

from .pulse import answer, open_survey

URL = "/feedback/results/"


def _delivered(vanguard, rating):
    return SupportRequestFactory(
        vanguard=vanguard, status="delivered", delivered_at=timezone.now(), rating=rating
    )


def _event_rating(person, usefulness, event):
    EventFeedback.objects.create(event=event, person=person, usefulness=usefulness)


@pytest.fixture
def known(cast, vanguard_a, vanguard_b):
    survey = open_survey()
    # Fixed names: a generated one may hold an apostrophe, which the page escapes.
    alpha = [
        cast["member_a"],
        *(make_member(vanguard_a, full_name=name) for name in ("Cara Contact", "Al Pha", "Om Ega")),
    ]
    answer(survey, alpha[0], satisfaction=5, rm_support=5, learning_usefulness=4)
    answer(survey, alpha[1], satisfaction=4, rm_support=3, learning_usefulness=4, may_contact=True)
    answer(survey, alpha[2], satisfaction=2, rm_support=4, learning_usefulness=1)
    # The fourth member of A was asked and has not answered.
    PulseInvitation.objects.create(
        survey=survey,
        person=alpha[3],
        vanguard=vanguard_a,
        cohort_group=alpha[0].pulse_responses.get().cohort_group,
        relationship_manager=cast["rm"],
        region=vanguard_a.region,
    )
    answer(survey, cast["member_b"], satisfaction=1, went_well="Bravo said this")
    for rating in (5, 4, 1):
        _delivered(vanguard_a, rating)
    _delivered(vanguard_b, 2)
    event = EventFactory(
        starts_at=timezone.make_aware(
            datetime.datetime.combine(survey.quarter.start, datetime.time(10))
        )
    )
    for person, usefulness in zip(alpha[:3], (5, 5, 3), strict=True):
        _event_rating(person, usefulness, event)
    _event_rating(cast["member_b"], 4, event)
    return survey


def _rows(results):
    return {(row.breakdown, row.label): row for row in results.rows}


@pytest.mark.django_db
def test_aggregates_on_known_data(known, admin_user):
    rows = _rows(quarter_results(user=admin_user, quarter=known.quarter))
    alpha = rows[("vanguard", "Alpha Vanguard")]
    assert alpha.pulse == PulseTally(Tally(3, 11, 2), Tally(3, 12, 2), Tally(3, 9, 2), asked=4)
    assert round(alpha.pulse.satisfaction.mean, 2) == 3.67
    assert alpha.pulse.response_rate == 0.75
    assert alpha.support == Tally(3, 10, 2) and alpha.events == Tally(3, 13, 2)
    # The group, the RM and the region of A hold exactly A's numbers.
    for key in (
        ("cohort_group", "Alpha group"),
        ("relationship_manager", "Rita Manager"),
        ("region", "North West"),
    ):
        assert rows[key].pulse == alpha.pulse and rows[key].support == alpha.support
    national = rows[("national", "England")]
    assert national.pulse.satisfaction == Tally(4, 12, 2) and national.pulse.asked == 5
    assert national.support == Tally(4, 12, 2) and national.events == Tally(4, 17, 3)


@pytest.mark.django_db
@each_role_gets(everyone(True))
def test_disclose_withholds_small_groups_from_all_but_admins(cast, role, expected):
    user = cast[role]
    admin = role == "admin_user"
    for aggregate in (Tally(2, 8, 2), PulseTally(Tally(2, 8, 2), asked=9)):
        assert (disclose(aggregate, user) is WITHHELD) is not admin
    for aggregate in (Tally(3, 8, 2), PulseTally(Tally(3, 8, 2))):
        assert disclose(aggregate, user) == aggregate


@pytest.mark.django_db
def test_the_threshold_is_the_programme_setting(known, programme_lead):
    ProgrammeSettings.objects.create(pk=1, disclosure_threshold=4)
    rows = _rows(quarter_results(user=programme_lead, quarter=known.quarter))
    assert rows[("vanguard", "Alpha Vanguard")].pulse is WITHHELD
    assert rows[("national", "England")].pulse.count == 4


# Which groups each role sees. Every role sees England.
SEES = {
    "admin_user": {"Alpha Vanguard", "Bravo Vanguard", "Alpha group", "Bravo group"},
    "programme_lead": {"Alpha Vanguard", "Bravo Vanguard", "Alpha group", "Bravo group"},
    "rm_lead": {"Alpha Vanguard", "Bravo Vanguard", "Alpha group", "Bravo group"},
    "learning_user": {"Alpha Vanguard", "Bravo Vanguard", "Alpha group", "Bravo group"},
    "rm": {"Alpha Vanguard", "Alpha group"},
    "regional_lead": {"Alpha Vanguard", "North West"},
    "member_a": {"Alpha Vanguard"},
    "member_b": {"Bravo Vanguard"},
}
EVERY_GROUP = {"Alpha Vanguard", "Bravo Vanguard", "Alpha group", "Bravo group"}


def _export(client, quarter):
    response = client.get(URL, {"quarter": f"{quarter.year}-q{quarter.number}", "_export": "csv"})
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.mark.django_db
@each_role_gets(in_the_programme(OK))
def test_each_role_sees_its_groups_and_small_ones_withheld_on_page_and_export(
    client, known, cast, role, expected
):
    client.force_login(cast[role])
    response = client.get(URL)
    assert response.status_code == expected
    if expected != OK:  # network partners: nothing about any vanguard
        return
    html = response.content.decode()
    records = _export(client, known.quarter)
    shown = {record["Group"] for record in records}
    assert "England" in shown
    assert shown & EVERY_GROUP == SEES[role] & EVERY_GROUP
    for name in EVERY_GROUP - SEES[role]:
        assert name not in html
    by_group = {record["Group"]: record for record in records}
    small = by_group.get("Bravo Vanguard")
    if small:
        # One answer, one rating of each kind: the numbers only for admins.
        for column in (
            "Responses",
            "Mean satisfaction (1 to 5)",
            "Support ratings",
            "Event ratings",
        ):
            assert (small[column] == TOO_FEW) is (role != "admin_user")
    if "Alpha Vanguard" in by_group:
        assert by_group["Alpha Vanguard"]["Responses"] == "3"
        assert by_group["Alpha Vanguard"]["Response rate"] == "75% (3 of 4)"
    assert (TOO_FEW in html) is (role != "admin_user" and bool(small))


@pytest.mark.django_db
def test_the_xlsx_export_withholds_too(client, known, member_b):
    client.force_login(member_b)
    response = client.get(URL, {"_export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    (bravo,) = [row for row in values if row[2] == "Bravo Vanguard"]
    assert set(bravo[3:]) == {TOO_FEW}


@pytest.mark.django_db
@pytest.mark.parametrize("role", CAST)
def test_individual_answers_and_free_text(client, known, cast, role):
    client.force_login(cast[role])
    html = client.get(URL).content.decode()
    reads = role in {"admin_user", "rm_lead", "learning_user"}
    assert ("What members said" in html) is reads
    # An RM never sees individual answers, least of all about themselves.
    assert ("Our RM brought the cohort together" in html) is reads
    # The RM lead looks after Bravo group, so does not read Bravo's answer about them.
    assert ("Bravo said this" in html) is (role in {"admin_user", "learning_user"})
    if reads:
        # Named only where the member ticked "you may contact me".
        assert html.count("A member (anonymous)") >= 2
        contact = PulseResponse.objects.get(may_contact=True).person
        assert contact.full_name in html
        assert cast["member_a"].full_name not in html.split("What members said")[1]


@pytest.mark.django_db
def test_an_unknown_quarter_falls_back_with_a_message(client, known, member_a):
    client.force_login(member_a)
    response = client.get(URL, {"quarter": "1999-q9"})
    assert response.status_code == 200
    assert "Select a quarter from the list" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["admin_user", "rm", "member_a"])
def test_query_budget_does_not_grow_with_responses(
    client, known, cast, role, vanguard_a, django_assert_max_num_queries
):
    client.force_login(cast[role])
    # 1 session, 2 user, 3 quarters with an opened survey, 4 programme settings (the
    # threshold), 5 the quarter's survey, 6 the groups the user may see with their names,
    # 7 answers by group, 8 invitations by group, 9 support ratings by vanguard, 10 event
    # ratings by vanguard, 11 how many free-text answers (admins, the RM lead), 12 the page of
    # them, 13 their themes, 14 the programme themes to tag them with. A member's or regional
    # lead's link (for the groups they see) takes the place of the free text they do not
    # read, so no role needs more.
    budget = 14
    with django_assert_max_num_queries(budget):
        client.get(URL)
    for _ in range(6):
        answer(known, make_member(vanguard_a), satisfaction=3)
    with django_assert_max_num_queries(budget):
        client.get(URL)


def _more_vanguards_and_quarters(survey, count: int) -> None:
    """`count` more vanguards, each with two members asked and answering in `survey`'s
    quarter, a support rating and an event rating, and `count` older quarters' surveys."""
    event = EventFactory(
        starts_at=timezone.make_aware(
            datetime.datetime.combine(survey.quarter.start, datetime.time(11))
        )
    )
    for _ in range(count):
        vanguard = VanguardFactory()
        join_group(vanguard, CohortGroupFactory())
        for _ in range(2):
            person = make_member(vanguard)
            answer(survey, person, satisfaction=4)
            _event_rating(person, 4, event)
        _delivered(vanguard, 5)
    quarter = survey.quarter
    for _ in range(count):
        quarter = quarter.previous()
        older = open_survey(quarter)
        PulseSurvey.objects.filter(pk=older.pk).update(status=PulseSurvey.Status.CLOSED)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["admin_user", "programme_lead", "regional_lead", "member_a"])
def test_query_budget_holds_with_more_vanguards_and_quarters(
    client, known, cast, role, django_assert_max_num_queries
):
    """The budget of test_query_budget_does_not_grow_with_responses, with ten more vanguards
    answering (some of them shown, all in the nation's figures) and ten older quarters."""
    client.force_login(cast[role])
    query = {"quarter": f"{known.year}-q{known.number}"}
    before = client.get(URL, query).content.decode()
    _more_vanguards_and_quarters(known, 10)
    with django_assert_max_num_queries(14):
        after = client.get(URL, query).content.decode()
    assert after != before  # the nation's figures count the new answers


@pytest.mark.django_db
def test_the_nation_counts_every_group_and_a_group_only_its_own(known, cast, vanguard_a):
    """Groups the user does not see still count nationally; a group shown adds up only the
    answers, support and event ratings of its own vanguards."""
    _more_vanguards_and_quarters(known, 3)
    member = cast["member_a"]
    rows = _rows(quarter_results(user=member, quarter=known.quarter))
    admin_rows = _rows(quarter_results(user=cast["admin_user"], quarter=known.quarter))
    alpha = rows[("vanguard", vanguard_a.name)]
    assert alpha == admin_rows[("vanguard", vanguard_a.name)]
    assert alpha.pulse.count == 3 and alpha.support.count == 3 and alpha.events.count == 3
    national = rows[("national", "England")]
    assert national.pulse.count == 4 + 3 * 2
    assert national.support.count == 4 + 3
    assert national.events.count == 4 + 3 * 2
    assert [breakdown for breakdown, _ in rows] == ["national", "vanguard"]


def _table_rows(html: str, caption: str) -> list[str]:
    body = html.split(caption)[1].split('<tbody class="govuk-table__body">')[1]
    return body.split("</tbody>")[0].split('<tr class="govuk-table__row">')[1:]


@pytest.mark.django_db
def test_a_breakdown_of_more_than_25_groups_is_shown_a_page_at_a_time(client, known, cast):
    """The vanguard breakdown (2 + 30 vanguards) shows 25 a page, in name order, with GOV.UK
    pagination that keeps the quarter; each long breakdown (cohort groups and RMs too) turns
    its own pages; the nation and the regions stay whole; the download has every row."""
    _more_vanguards_and_quarters(known, 30)
    client.force_login(cast["admin_user"])
    query = {"quarter": f"{known.year}-q{known.number}"}
    first = client.get(URL, query).content.decode()
    second = client.get(URL, {**query, "vanguard_page": "2"}).content.decode()

    def caption(heading):
        return f"Pulse survey answers, {known.quarter}: {heading}</caption>"

    names = [
        row.split('scope="row" class="govuk-table__header">')[1].split("<")[0]
        for html in (first, second)
        for row in _table_rows(html, caption("By vanguard"))
    ]
    assert len(_table_rows(first, caption("By vanguard"))) == 25 and len(names) == 32
    assert names == sorted(names) and len(set(names)) == 32
    assert f'href="?quarter={query["quarter"]}&amp;vanguard_page=2"' in first
    assert f'href="?quarter={query["quarter"]}&amp;cohort_group_page=2"' in first
    # vanguards, groups, RMs and the free-text answers (60 members answered)
    assert first.count('<nav class="govuk-pagination') == 4
    assert 'aria-label="Pages of the results by vanguard"' in first  # landmarks named apart
    assert 'aria-label="Pages of the results by cohort group"' in first
    for heading in ("England", "By region", "By cohort group"):
        assert _table_rows(first, caption(heading)) == _table_rows(second, caption(heading))
    assert len(_table_rows(first, caption("By cohort group"))) == 25
    export = client.get(URL, {**query, "_export": "csv"}).content.decode()
    assert sum(line.split(",")[2] in names for line in export.splitlines()) == 32


@pytest.mark.django_db
def test_results_open_on_the_newest_closed_quarter_and_the_filter_says_so(client, known, member_a):
    older = known.quarter.previous()
    open_survey(older)
    PulseSurvey.objects.filter(number=older.number, year=older.year).update(status="closed")
    client.force_login(member_a)
    html = client.get(URL).content.decode()
    value = f"{older.year}-q{older.number}"
    assert f'<option value="{value}" selected>' in html
    assert f"{older}</span>" in html  # the caption above the heading
