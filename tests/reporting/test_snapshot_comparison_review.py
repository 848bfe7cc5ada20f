"""What a closed quarter's snapshot freezes beyond the returns' figures: each vanguard's
comparison with similar areas (its dashboard) and the strategic review's themes and "you said,
we did" entries (the national report). Changing indicators, tagging a theme or publishing an
entry afterwards moves nothing reported; a rebuild makes a new revision whose diff names the
moved figures by label; an open quarter reads live; an older revision without them says so
instead of reading live."""

import datetime
from decimal import Decimal

import pytest

from feedback.forms.quality import quarter_slug
from feedback.models import YouSaidWeDid
from reporting.models import (
    Area,
    ComparatorLink,
    Indicator,
    IndicatorValue,
    QuarterlySnapshot,
    SnapshotBuild,
)
from reporting.selectors.dashboard import dashboard_figures
from reporting.selectors.reports import REVIEW_NOT_STORED, report_content
from reporting.selectors.snapshots import snapshot_changes
from reporting.services.reports import report_request
from reporting.services.snapshots import snapshot_build
from tests.factories import ConcernFactory
from tests.reporting.snapshot_data import LATER, QUARTER, make_return
from workwell.dates import Quarter
from workwell.models import ProgrammeTheme

pytestmark = pytest.mark.django_db

INACTIVE = "Economically inactive due to long-term sickness (%)"
LATER_SLUG = quarter_slug(LATER)  # closed long ago; Alpha started in QUARTER
BEFORE_REBUILD = "Economically inactive due to long-term sickness (%): down 0.5 points since"
AFTER_REBUILD = "Economically inactive due to long-term sickness (%): down 1.0 points since"


def _value(area, indicator, quarter: Quarter, value: str) -> None:
    IndicatorValue.objects.update_or_create(
        area=area,
        indicator=indicator,
        year=quarter.year,
        number=quarter.number,
        defaults={"value": Decimal(value)},
    )


def _build(quarter: Quarter, by=None) -> QuarterlySnapshot:
    build = SnapshotBuild.objects.create(year=quarter.year, number=quarter.number, requested_by=by)
    snapshot = snapshot_build(build.pk)
    assert snapshot is not None, SnapshotBuild.objects.get(pk=build.pk).error
    return snapshot


@pytest.fixture
def indicator():
    return Indicator.objects.create(name=INACTIVE)


@pytest.fixture
def alpha_area(vanguard_a, indicator):
    """Alpha's area: 6.0 at its start, 5.5 in LATER (down 0.5); one linked comparator,
    8.0 -> 7.8 (down 0.2)."""
    area = Area.objects.create(name="Alpha area", vanguard=vanguard_a)
    _value(area, indicator, QUARTER, "6.0")
    _value(area, indicator, LATER, "5.5")
    kent = Area.objects.create(name="Kent")
    ComparatorLink.objects.create(area=kent, vanguard=vanguard_a)
    _value(kent, indicator, QUARTER, "8.0")
    _value(kent, indicator, LATER, "7.8")
    return area


def _dashboard(client, user, quarter_slug: str) -> str:
    client.force_login(user)
    response = client.get(f"/reporting/vanguards/alpha/?quarter={quarter_slug}")
    assert response.status_code == 200
    return response.content.decode()


# --- The comparison with similar areas --------------------------------------------------------


def test_a_closed_quarters_comparison_is_read_from_its_snapshot(
    client, cast, vanguard_a, indicator, alpha_area
):
    make_return(vanguard_a, LATER)
    _build(LATER)
    before = _dashboard(client, cast["rm"], LATER_SLUG)
    assert BEFORE_REBUILD in before
    assert "the 1 comparator area moved down 0.2 points on average" in before

    # New figures for Alpha's area and a second comparator, after the snapshot.
    _value(alpha_area, indicator, LATER, "5.0")
    york = Area.objects.create(name="York")
    ComparatorLink.objects.create(area=york, vanguard=vanguard_a)
    _value(york, indicator, QUARTER, "4.0")
    _value(york, indicator, LATER, "3.0")
    # The counterfactual's own page reads live, so the new figures are there ...
    live = client.get(f"/reporting/counterfactual/alpha/?quarter={LATER_SLUG}").content.decode()
    assert AFTER_REBUILD in live
    assert "This page compares today's figures" in live
    # ... but the dashboard reported for the closed quarter has not moved.
    after = _dashboard(client, cast["rm"], LATER_SLUG)
    assert BEFORE_REBUILD in after and AFTER_REBUILD not in after
    assert "Comparator areas: Kent." in after and "York" not in after


def test_a_rebuild_shows_the_new_comparison_and_lists_what_moved(
    client, cast, vanguard_a, indicator, alpha_area, admin_user
):
    make_return(vanguard_a, LATER)
    _build(LATER)
    _value(alpha_area, indicator, LATER, "5.0")
    york = Area.objects.create(name="York")
    ComparatorLink.objects.create(area=york, vanguard=vanguard_a)
    _value(york, indicator, QUARTER, "4.0")
    _value(york, indicator, LATER, "3.0")
    second = _build(LATER, by=admin_user)
    assert second.revision == 2

    assert AFTER_REBUILD in _dashboard(client, cast["rm"], LATER_SLUG)
    changes = snapshot_changes(second)
    moved = {
        change.measure.label: (change.old, change.new)
        for change in changes.figures
        if change.scope == "alpha"
    }
    assert moved == {
        "Counterfactual: comparator areas": ("Kent", "Kent, York"),
        f"{INACTIVE}: latest figure": (5.5, 5.0),
        f"{INACTIVE}: change since the baseline": (-0.5, -1.0),
        # Kent down 0.2 and York down 1.0: a mean of down 0.6.
        f"{INACTIVE}: comparators' mean change": (-0.2, -0.6),
        f"{INACTIVE}: comparator areas counted": (1, 2),
    }
    # No return changed: the diff says what moved them instead.
    assert changes.returns == []
    client.force_login(admin_user)
    page = client.get(f"/reporting/snapshots/{LATER_SLUG}/2/").content.decode()
    assert f"{INACTIVE}: comparators&#39; mean change" in page
    assert f"{INACTIVE}: latest figure" in page
    assert "the area indicators or the comparator areas changed" in page


def test_an_open_quarter_reads_the_comparison_live(client, cast, vanguard_a, indicator):
    current = Quarter.containing(datetime.date.today())
    area = Area.objects.create(name="Alpha area", vanguard=vanguard_a)
    _value(area, indicator, QUARTER, "6.0")
    _value(area, indicator, current, "5.5")
    slug = quarter_slug(current)
    assert "down 0.5 points since 2025/26 Q1" in _dashboard(client, cast["rm"], slug)
    _value(area, indicator, current, "5.2")
    assert "down 0.8 points since 2025/26 Q1" in _dashboard(client, cast["rm"], slug)


def _older_revision(quarter: Quarter) -> QuarterlySnapshot:
    """A revision built before the comparison and the review were stored in snapshots."""
    figures = dashboard_figures(quarter)
    del figures["counterfactual"], figures["review"]
    return QuarterlySnapshot.objects.create(
        year=quarter.year, number=quarter.number, revision=1, figures=figures
    )


def test_an_older_revision_without_the_comparison_says_so_and_does_not_read_live(
    client, cast, vanguard_a, alpha_area
):
    make_return(vanguard_a, LATER)
    _older_revision(LATER)
    page = _dashboard(client, cast["member_a"], LATER_SLUG)
    assert "was built before the comparison with similar areas was stored" in page
    assert "Rebuild the quarter's snapshot to include the comparison" in page
    assert BEFORE_REBUILD not in page  # not read live


def test_a_rebuild_after_an_older_revision_lists_no_phantom_moves(vanguard_a, alpha_area):
    make_return(vanguard_a, LATER)
    _older_revision(LATER)
    second = _build(LATER)
    labels = [change.measure.label for change in snapshot_changes(second).figures]
    assert not [label for label in labels if INACTIVE in label or "Theme" in label]


# --- The strategic review in the national report ---------------------------------------------


@pytest.fixture
def themes():
    return [
        ProgrammeTheme.objects.get_or_create(slug=slug, defaults={"name": name, "order": n})[0]
        for n, (slug, name) in enumerate(
            [("employers", "Employer engagement"), ("data", "Data and evaluation")]
        )
    ]


def _concern_in(quarter: Quarter, vanguard, theme) -> None:
    concern = ConcernFactory(vanguard=vanguard)
    raised = datetime.datetime.combine(quarter.start, datetime.time(10), datetime.UTC)
    type(concern).objects.filter(pk=concern.pk).update(raised_at=raised)
    concern.themes.add(theme)


def _published(title: str, quarter: Quarter, by) -> YouSaidWeDid:
    return YouSaidWeDid.objects.create(
        title=title,
        you_said="Sessions clash with clinics.",
        we_did="We moved them to Thursdays.",
        year=quarter.year,
        number=quarter.number,
        published_on=quarter.end,
        created_by=by,
    )


def _quality(admin_user, capture):
    with capture():  # the report is not built here: its content is read directly
        report = report_request(quarter=LATER, vanguard=None, by=admin_user)
    [section] = [s for s in report_content(report).sections if s.key == "quality"]
    return section


def _theme_rows(section) -> list[list[str]]:
    [table] = [t for t in section.tables if t.key == "review-themes"]
    return [[cell.text for cell in row] for row in table.rows]


def test_the_reports_review_is_read_from_the_snapshot(
    vanguard_a, themes, admin_user, django_capture_on_commit_callbacks
):
    make_return(vanguard_a, LATER)
    _concern_in(LATER, vanguard_a, themes[0])
    _published("Sessions on Thursdays", LATER, admin_user)
    _build(LATER)
    first = _quality(admin_user, django_capture_on_commit_callbacks)
    assert _theme_rows(first) == [["Employer engagement", "0", "1"]]
    assert "You said, we did: Sessions on Thursdays." in first.intro

    # After the snapshot: another theme tagged and another entry published.
    _concern_in(LATER, vanguard_a, themes[1])
    _published("Shorter returns", LATER, admin_user)
    again = _quality(admin_user, django_capture_on_commit_callbacks)
    assert again == first

    second = _build(LATER, by=admin_user)
    rebuilt = _quality(admin_user, django_capture_on_commit_callbacks)
    assert _theme_rows(rebuilt) == [
        ["Data and evaluation", "0", "1"],
        ["Employer engagement", "0", "1"],
    ]
    assert "Shorter returns" in rebuilt.intro
    moved = {
        change.measure.label: (change.old, change.new)
        for change in snapshot_changes(second).figures
        if change.scope == "national" and change.moved_by
    }
    assert moved == {
        '"You said, we did" published': (
            "Sessions on Thursdays",
            "Sessions on Thursdays; Shorter returns",
        ),
        "Theme raised: Data and evaluation (pulse answers)": (None, 0),
        "Theme raised: Data and evaluation (concerns)": (None, 1),
    }


def test_a_report_from_an_older_revision_says_the_review_was_not_stored(
    vanguard_a, themes, admin_user, django_capture_on_commit_callbacks
):
    make_return(vanguard_a, LATER)
    _concern_in(LATER, vanguard_a, themes[0])
    _published("Sessions on Thursdays", LATER, admin_user)
    _older_revision(LATER)
    section = _quality(admin_user, django_capture_on_commit_callbacks)
    assert REVIEW_NOT_STORED in section.intro
    assert "Sessions on Thursdays" not in section.intro  # not read live
    assert [t.key for t in section.tables] == ["quality-indicators"]
