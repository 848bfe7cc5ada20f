"""/reporting/dashboard/ and /reporting/vanguards/<slug>/: what each role sees, the filters,
peers lettered for members, downloads, the disclosure rule on satisfaction, the homes'
headline figures and query budgets that do not grow with the number of vanguards, of
quarters with returns or of a member's peers, live or read from a snapshot."""

import csv
import io
import re

import openpyxl
import pytest
from django.utils import timezone

from feedback.selectors.disclosure import TOO_FEW
from reporting.models import SnapshotBuild
from reporting.selectors.snapshots import quarter_figures
from reporting.services.snapshots import snapshot_build
from tests.factories import VanguardFactory
from workwell.dates import Quarter

from .dashboard_data import report

pytestmark = pytest.mark.django_db

LAST = Quarter.containing(timezone.localdate()).previous()  # the dashboards' default
SLUG = f"{LAST.year}-{str(LAST.year + 1)[-2:]}-q{LAST.number}"


@pytest.fixture
def returns(vanguard_a, vanguard_b):
    """Alpha: 40 started, 10 answered the satisfaction question (9 satisfied); Bravo: 20
    started, 2 answered (fewer than the disclosure threshold of 3), 1 satisfied."""
    report(
        vanguard_a, LAST, starts=40, in_work=30, spend=1000, satisfaction_responses=10, satisfied=9
    )
    report(vanguard_b, LAST, starts=20, in_work=5, spend=500, satisfaction_responses=2, satisfied=1)


def page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_national_dashboard_has_every_chart_with_its_table(client, cast, returns):
    html = page(client, cast["programme_lead"], "/reporting/dashboard/")
    assert f'<span class="govuk-caption-xl">{LAST}</span>' in html
    for heading in (
        "Participants started",
        "In-work share",
        "Outcomes",
        "Funding",
        "Maturity bands and movement",
        "Contact cadence",
        "Support requests",
        "Quality-plan indicators",
    ):
        assert f">{heading}</h2>" in html
    # starts, in-work, outcomes, funding, maturity, returns, cadence, support, quality
    assert html.count('role="img"') == 9
    assert html.count("<svg") == html.count('class="app-chart"')
    assert "How the ratings are worked out" in html
    assert f'href="/reporting/vanguards/alpha/?quarter={SLUG}">Alpha Vanguard</a>' in html
    assert "Bravo Vanguard" in html
    assert "Showing 2 vanguards." in html
    assert '<span class="app-stats__value">60</span>' in html  # started, Alpha's and Bravo's


def test_regional_leads_see_their_region_only(client, cast, returns):
    html = page(client, cast["regional_lead"], "/reporting/dashboard/")
    assert "Alpha Vanguard" in html
    assert "Bravo Vanguard" not in html
    assert "Showing 1 vanguard." in html


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("?region=london", "Bravo Vanguard", "Alpha Vanguard"),
        ("?cohort_group=alpha-group", "Alpha Vanguard", "Bravo Vanguard"),
        (
            "?region=north-west&cohort_group=bravo-group",
            "No vanguards match these filters",
            "Alpha Vanguard",
        ),
    ],
)
def test_filters_by_region_and_cohort_group(client, cast, returns, query, shown, hidden):
    html = page(client, cast["rm"], f"/reporting/dashboard/{query}")
    assert shown in html
    assert hidden not in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?region=atlantis", "Select a region from the list"),
        ("?cohort_group=%00", "Select a cohort group from the list"),
        ("?quarter=1999-00-q9", "Select a quarter from the list"),
    ],
)
def test_a_bad_filter_is_an_error_and_shows_everything(client, cast, returns, query, message):
    html = page(client, cast["admin_user"], f"/reporting/dashboard/{query}")
    assert message in html
    assert "Alpha Vanguard" in html and "Bravo Vanguard" in html
    assert f'<span class="govuk-caption-xl">{LAST}</span>' in html


def test_an_earlier_quarter_can_be_chosen(client, cast, returns):
    earlier = LAST.previous()
    slug = f"{earlier.year}-{str(earlier.year + 1)[-2:]}-q{earlier.number}"
    html = page(client, cast["admin_user"], f"/reporting/dashboard/?quarter={slug}")
    assert f'<span class="govuk-caption-xl">{earlier}</span>' in html


def test_members_see_their_peers_lettered(client, cast, returns):
    html = page(client, cast["member_a"], "/reporting/vanguards/alpha/")
    assert "Alpha Vanguard dashboard" in html
    assert "Bravo Vanguard" not in html
    assert "bravo" not in html.lower().replace("bravo vanguard", "")
    assert "Vanguard A" in html
    assert "Alpha Vanguard (this vanguard)" in html


@pytest.mark.parametrize("role", ["rm", "member_a", "regional_lead"])
def test_the_vanguard_profile_links_to_its_dashboard(client, cast, role):
    html = page(client, cast[role], "/vanguards/alpha/")
    assert 'href="/reporting/vanguards/alpha/"' in html


def test_the_nst_sees_peers_named(client, cast, returns):
    html = page(client, cast["rm"], "/reporting/vanguards/alpha/")
    assert "Bravo Vanguard" in html
    assert "Vanguard A<" not in html


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_each_table_downloads_as_csv_and_xlsx(client, cast, returns):
    client.force_login(cast["programme_lead"])
    response = client.get("/reporting/dashboard/?table=vanguards&_export=csv")
    assert (
        response["Content-Disposition"] == f'attachment; filename="dashboard-{SLUG}-vanguards.csv"'
    )
    rows = _csv(response)
    assert rows[0][:4] == ["Vanguard", "Region", "Cohort group", "Starts against trajectory"]
    assert [row[0] for row in rows[1:]] == ["Alpha Vanguard", "Bravo Vanguard"]
    assert set(rows[1][3:]) <= {"Green", "Amber", "Red", "No data", TOO_FEW}
    starts = _csv(client.get("/reporting/dashboard/?table=starts&_export=csv"))
    assert starts[-1] == [str(LAST), "60", "60", starts[-1][3]]
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get("/reporting/dashboard/?table=in_work&_export=xlsx").content)
    )
    sheet = list(workbook.active.values)
    assert sheet[0] == ("Vanguard", "In-work share", "Target", "Starts in work", "Starts")
    assert sheet[1] == ("Alpha Vanguard", "75%", "60%", "30", "40")
    assert client.get("/reporting/dashboard/?table=nothing&_export=csv").status_code == 404


def test_a_member_downloads_their_vanguards_tables_with_peers_lettered(client, cast, returns):
    client.force_login(cast["member_a"])
    rows = _csv(client.get("/reporting/vanguards/alpha/?table=in_work&_export=csv"))
    assert {row[0] for row in rows[1:]} == {"Alpha Vanguard", "Vanguard A"}


# --- The disclosure rule: satisfaction from fewer responses than the threshold ------------


def test_satisfaction_under_the_threshold_is_withheld(client, cast, returns):
    html = page(client, cast["rm"], "/reporting/vanguards/bravo/")
    assert TOO_FEW in html
    assert "50%" not in html  # 1 of 2 satisfied
    rows = _csv(client.get("/reporting/vanguards/bravo/?table=ratings&_export=csv"))
    satisfaction = next(row for row in rows if row[0] == "Participant satisfaction")
    assert satisfaction[1:] == [TOO_FEW, TOO_FEW]
    rows = _csv(client.get("/reporting/dashboard/?table=vanguards&_export=csv"))
    column = rows[0].index("Participant satisfaction")
    assert [row[column] for row in rows[1:]] == ["Green", TOO_FEW]


def test_satisfaction_at_the_threshold_is_shown(client, cast, returns):
    html = page(client, cast["rm"], "/reporting/vanguards/alpha/")
    assert "90% (9 of 10)" in html
    assert TOO_FEW not in html


def test_a_withheld_headline_says_so(client, cast, returns):
    html = page(client, cast["rm"], "/reporting/vanguards/bravo/")
    assert (
        f'<span class="app-stats__value">{TOO_FEW}</span> <span class="app-stats__label">'
        "to the participant satisfaction question</span>"
    ) in html


def test_admins_see_small_numbers(client, cast, returns):
    html = page(client, cast["admin_user"], "/reporting/vanguards/bravo/")
    assert "50% (1 of 2)" in html
    assert TOO_FEW not in html


# --- Homes --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["programme_lead", "admin_user"])
def test_the_leads_and_admins_homes_open_with_the_headline_figures(client, cast, returns, role):
    html = page(client, cast[role], "/")
    assert f"The programme in {LAST}" in html
    assert '<span class="app-stats__value">60</span>' in html  # participants started
    assert 'href="/reporting/dashboard/"' in html


@pytest.mark.parametrize(
    ("role", "link"), [("rm", "/reporting/dashboard/"), ("member_a", "/reporting/vanguards/alpha/")]
)
def test_other_homes_link_to_their_dashboard(client, cast, returns, role, link):
    html = page(client, cast[role], "/")
    assert "The programme in" not in html
    assert f'href="{link}"' in html


# --- Query budgets ----------------------------------------------------------------------------
# The national page: 1 session, 2 user, 3-4 regions and cohort groups (filters), 5 the first
# start date (quarters), 6 the quarter's latest snapshot (none while the figures are live),
# 7-35 the figures (tests/reporting/test_dashboard_figures.py; they include every vanguard's
# comparison with similar areas and the strategic review, which a snapshot stores), 36 the
# vanguards the user may see, 37 the disclosure threshold.
NATIONAL_BUDGET = 37
# A vanguard's page: 1 session, 2 user, 3 the member's vanguard (or the user's visibility),
# 4 the vanguard asked for, 5 quarters, 6 the latest snapshot, 7-35 the figures (with its
# comparison with similar areas: no queries of its own since the figures hold it), 36 the
# peers, 37 the disclosure threshold, 38-39 the logic model's newest version the user may see
# and its items.
VANGUARD_BUDGET = 39
# From a snapshot the figures are the snapshot's JSON, read with it (6): none of 7-35.
# National: 1 session, 2 user, 3-4 regions and cohort groups, 5 quarters, 6 the snapshot,
# 7 the vanguards the user may see, 8 the disclosure threshold.
NATIONAL_SNAPSHOT_BUDGET = 8
# A vanguard's: 1 session, 2 user, 3 the member's vanguard, 4 the vanguard asked for,
# 5 quarters, 6 the snapshot (holding the comparison), 7 the peers, 8 the disclosure
# threshold, 9-10 the logic model and its items.
VANGUARD_SNAPSHOT_BUDGET = 10


def _budgets(
    client,
    user,
    vanguard_url,
    django_assert_max_num_queries,
    budgets=(NATIONAL_BUDGET, VANGUARD_BUDGET),
):
    """Both dashboards within their budgets, each page's HTML returned."""
    client.force_login(user)
    with django_assert_max_num_queries(budgets[0]):
        national = client.get("/reporting/dashboard/")
    with django_assert_max_num_queries(budgets[1]):
        vanguard = client.get(vanguard_url)
    assert national.status_code == vanguard.status_code == 200
    return national.content.decode(), vanguard.content.decode()


@pytest.mark.parametrize("extra", [1, 13])
def test_dashboard_query_budgets_do_not_grow(
    client, cast, returns, extra, django_assert_max_num_queries
):
    for _ in range(extra):
        report(VanguardFactory(), LAST, starts=5, in_work=2, spend=100)
    client.force_login(cast["programme_lead"])
    with django_assert_max_num_queries(NATIONAL_BUDGET):
        assert client.get("/reporting/dashboard/").status_code == 200
    client.force_login(cast["member_a"])
    with django_assert_max_num_queries(VANGUARD_BUDGET):
        page = client.get("/reporting/vanguards/alpha/")
    assert "Compared with similar areas" in page.content.decode()


@pytest.mark.parametrize("quarters", [1, 6])
def test_dashboard_query_budgets_do_not_grow_with_quarters(
    client, cast, vanguard_a, vanguard_b, quarters, django_assert_max_num_queries
):
    """Returns in 1 or 6 quarters up to the one shown (figures to date, trajectories and
    series reach back over all of them)."""
    extra = [VanguardFactory() for _ in range(3)]
    quarter = LAST
    for _ in range(quarters):
        for vanguard in (vanguard_a, vanguard_b, *extra):
            report(vanguard, quarter, starts=10, in_work=6, spend=500)
        quarter = quarter.previous()
    national, _ = _budgets(
        client, cast["rm"], "/reporting/vanguards/alpha/", django_assert_max_num_queries
    )
    assert "Showing 5 vanguards." in national
    stats = re.findall(r'<span class="app-stats__value">([^<]+)</span>', national)
    assert str(50 * quarters) in stats or f"{50 * quarters:,}" in stats  # started to date


@pytest.mark.parametrize("peers", [1, 14])
def test_a_members_dashboard_budget_does_not_grow_with_peers(
    client, cast, vanguard_a, peers, django_assert_max_num_queries
):
    """A member's dashboard letters every other vanguard as a peer: 1 or 14 of them."""
    report(vanguard_a, LAST, starts=10, in_work=6, spend=500)
    for _ in range(peers):
        report(VanguardFactory(), LAST, starts=5, in_work=2, spend=100)
    client.force_login(cast["member_a"])
    with django_assert_max_num_queries(VANGUARD_BUDGET):
        html = client.get("/reporting/vanguards/alpha/").content.decode()
    assert f"Vanguard {chr(ord('A') + peers - 1)}" in html  # the last peer's letter


@pytest.mark.parametrize("extra", [1, 13])
def test_dashboard_budgets_from_a_snapshot_do_not_grow(
    client, cast, returns, extra, django_assert_max_num_queries
):
    """A closed quarter read from its snapshot (quarter_figures) costs no more, however many
    vanguards it holds."""
    for _ in range(extra):
        report(VanguardFactory(), LAST, starts=5, in_work=2, spend=100)
    build = SnapshotBuild.objects.create(year=LAST.year, number=LAST.number)
    assert snapshot_build(build.pk) is not None
    assert quarter_figures(LAST)["snapshot"]["revision"] == 1
    national, vanguard = _budgets(
        client,
        cast["programme_lead"],
        "/reporting/vanguards/bravo/",
        django_assert_max_num_queries,
        (NATIONAL_SNAPSHOT_BUDGET, VANGUARD_SNAPSHOT_BUDGET),
    )
    assert "the quarter&#x27;s snapshot (revision 1" in national + vanguard
    client.force_login(cast["member_a"])
    with django_assert_max_num_queries(VANGUARD_SNAPSHOT_BUDGET):
        html = client.get("/reporting/vanguards/alpha/").content.decode()
    assert "the quarter&#x27;s snapshot (revision 1" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "extra"),
    [
        ("admin_user", ["Reports", "Snapshots"]),
        ("programme_lead", ["Reports"]),
        ("rm", ["Reports"]),
    ],
)
def test_the_dashboard_links_the_other_reporting_pages(client, cast, role, extra):
    client.force_login(cast[role])
    html = client.get("/reporting/dashboard/").content.decode()
    nav = html.split('aria-label="Reporting pages"')[1].split("</nav>")[0]
    links = re.findall(r'<a class="govuk-link" href="[^"]+">([^<]+)</a>', nav)
    assert links == ["Quarterly returns", "Funding", *extra]


def test_the_vanguards_are_listed_a_page_at_a_time_and_counted_in_full(client, cast, returns):
    """Past 25 vanguards (nationally over 200), the in-work share chart and the tables of each
    vanguard list 25 a page, by name, with GOV.UK pagination; the headline figures count them
    all, and each table's download lists them all."""
    for number in range(30):
        vanguard = VanguardFactory(name=f"Extra {number:02d}", slug=f"extra-{number:02d}")
        report(vanguard, LAST, starts=1, in_work=1, spend=10)
    client.force_login(cast["programme_lead"])
    first = client.get("/reporting/dashboard/").content.decode()
    assert "Showing 32 vanguards." in first
    assert "list 25 vanguards a page, by name: these are 1 to 25 of 32." in first
    assert 'aria-label="Vanguards pages"' in first and 'href="?page=2"' in first
    listed = [*["Alpha Vanguard", "Bravo Vanguard"], *(f"Extra {n:02d}" for n in range(30))]
    names = sorted(listed)
    assert re.findall(r">(Alpha Vanguard|Bravo Vanguard|Extra \d\d)</a>", first) == names[:25]
    assert "of 32 vanguards meet their in-work share target" in first  # counted in full
    second = client.get("/reporting/dashboard/?page=2").content.decode()
    assert re.findall(r">(Alpha Vanguard|Bravo Vanguard|Extra \d\d)</a>", second) == names[25:]
    assert "these are 26 to 32 of 32." in second
    for nonsense in ("abc", "-1", "0"):  # the first page
        html = client.get(f"/reporting/dashboard/?page={nonsense}").content.decode()
        assert "these are 1 to 25 of 32." in html
    assert (
        "these are 26 to 32 of 32." in client.get("/reporting/dashboard/?page=99").content.decode()
    )
    rows = _csv(client.get("/reporting/dashboard/?page=2&table=vanguards&_export=csv"))
    assert [row[0] for row in rows[1:]] == names
    in_work = _csv(client.get("/reporting/dashboard/?table=in_work&_export=csv"))
    assert len(in_work) == 33


def test_a_vanguard_among_many_is_drawn_with_the_peers_nearest_it(client, cast, returns):
    """Past 25 vanguards, a vanguard's dashboard draws its peer charts and tables with it and
    the 24 nearest it by starts against trajectory; the titles count every peer, and each
    table's download lists them all."""
    for number in range(30):
        vanguard = VanguardFactory(name=f"Extra {number:02d}", slug=f"extra-{number:02d}")
        report(vanguard, LAST, starts=number + 1, in_work=1, spend=10)
    html = page(client, cast["member_a"], "/reporting/vanguards/alpha/")
    assert "among the 24 vanguards nearest it by starts against trajectory" in html
    assert "count all 32" in html
    assert "ranks 1 of 32 vanguards" in html  # ranked over every peer
    chart = html.split('id="chart-trajectory"', 1)[1].split("</svg>", 1)[0]
    assert chart.count("Alpha Vanguard (this vanguard)") == 1
    assert len(re.findall(r">Vanguard [A-Z]+<", chart)) == 24
    in_work = _csv(client.get("/reporting/vanguards/alpha/?table=in_work&_export=csv"))
    trajectory = _csv(client.get("/reporting/vanguards/alpha/?table=trajectory&_export=csv"))
    assert len(in_work) == len(trajectory) == 33  # a heading and every vanguard
