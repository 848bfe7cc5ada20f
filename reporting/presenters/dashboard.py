"""The dashboards as GOV.UK components, charts and downloadable tables, built from the
figures of `dashboard_figures` alone (a live quarter's or a stored snapshot's) and what is
known of who is looking: which vanguards they may see, whether peers are named, and whether
they see small numbers (the disclosure rule for satisfaction, feedback.selectors.disclosure,
applied here to every satisfaction figure). They never take the user, so that what they
give may be shared by every viewer given the same."""

import datetime
import html
import statistics
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from string import ascii_uppercase

import django_tables2 as tables
from django.template.defaultfilters import pluralize
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from feedback.selectors.disclosure import TOO_FEW, Withheld, disclosed
from feedback.selectors.quality import DISCLOSED, Share
from vanguards import permissions
from workwell.dates import govuk_date, govuk_datetime
from workwell.govuk import table_from_cells
from workwell.kept import Drawn
from workwell.tables import ESCAPES

from .. import charts, rag
from ..measures import share
from ..selectors.dashboard import (
    BAND_ORDER,
    MOVEMENTS,
    NOT_ASSESSED,
    RETURN_COUNTS,
    RETURN_STATES,
    dashboard_slugs,
    stored_comparison_of,
    totals,
)
from . import counterfactual
from .home import stats_html

TAG_COLOURS = {rag.GREEN: "green", rag.AMBER: "yellow", rag.RED: "red", rag.NO_DATA: "grey"}
BAND_LABELS = {"emerging": "Emerging", "maturing": "Maturing", "leading": "Leading"}


# --- Tables: one definition for the page (GOV.UK table) and the downloads (CSV, XLSX) ------


@dataclass(frozen=True, slots=True)
class Cell:
    text: str  # what a download holds, and the page unless `html` is given
    html: str | None = None  # markup


@dataclass
class DataTable:
    key: str  # `?table=<key>&_export=csv`
    caption: str
    head: list[tuple[str, bool]]  # (header, numeric)
    rows: list[list[Cell]] = field(default_factory=list)

    def add(self, *cells) -> None:
        self.rows.append([cell if isinstance(cell, Cell) else Cell(str(cell)) for cell in cells])

    @cached_property
    def html(self) -> SafeString:
        """The GOV.UK table, written straight from the cells (workwell.govuk.table_from_cells),
        once: a table is complete when a presenter returns it."""
        return table_from_cells(
            self.caption,
            self.head,
            # A cell's html is markup made by this module (tags, links), written as it is.
            [
                [SafeString(cell.html) if cell.html else cell.text for cell in row]
                for row in self.rows
            ],
            caption_classes="govuk-table__caption--s",
            # Beside a chart, or on a phone, a table's text at full size squeezes its columns.
            classes="govuk-table--small-text-until-tablet",
        )

    def for_export(self) -> tables.Table:
        """A django-tables2 table of the same cells, for workwell.tables.export_response."""
        columns = [
            (f"c{index}", tables.Column(verbose_name=text))
            for index, (text, _) in enumerate(self.head)
        ]
        data = [{f"c{index}": cell.text for index, cell in enumerate(row)} for row in self.rows]
        return tables.Table(data, extra_columns=columns, orderable=False)


@dataclass(frozen=True)
class ChartSection:
    key: str
    heading: str
    svg: str
    summary: str
    table: DataTable
    intro: str = ""  # a sentence before the chart, e.g. what is withheld


# A dashboard's sections and download links, written in Python: the templates
# reporting/dashboard/_section.html and _downloads.html stay the reference (a Django template
# include costs tens of calls a variable; tests/reporting/test_dashboard_sections_html.py
# renders both ways and compares them).
def _escaped(value) -> str:
    """`{{ value }}` in a Django template: markup as it is, anything else escaped."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return str(value).translate(ESCAPES)


def downloads_html(table: DataTable, query: str) -> SafeString:
    """_downloads.html: the table's CSV and XLSX links, keeping the page's query string."""
    key, caption = _escaped(table.key), _escaped(table.caption)
    prefix = f"?{_escaped(query)}&amp;" if query else "?"
    return SafeString(
        '<p class="govuk-body-s">Download this table as <a class="govuk-link" '
        f'href="{prefix}table={key}&amp;_export=csv">CSV<span class="govuk-visually-hidden">: '
        f'{caption}</span></a> or <a class="govuk-link" href="{prefix}table={key}&amp;'
        '_export=xlsx">Excel (XLSX)<span class="govuk-visually-hidden">: '
        f"{caption}</span></a>.</p>\n"
    )


def section_html(section: ChartSection, query: str, drawn: str | None = None) -> SafeString:
    """_section.html: a chart beside its table (`drawn`: its html, when already drawn), with the
    table's download links."""
    key, table = _escaped(section.key), section.table
    intro = f'<p class="govuk-body">{_escaped(section.intro)}</p>' if section.intro else ""
    return SafeString(
        f'<section class="app-chart-section" aria-labelledby="{key}-heading">\n'
        f'  <h2 class="govuk-heading-l" id="{key}-heading">{_escaped(section.heading)}</h2>\n'
        f"  {intro}\n"
        '  <div class="govuk-grid-row">\n'
        '    <div class="govuk-grid-column-one-half">\n'
        '      <figure class="app-chart">\n'
        f"        {_escaped(section.svg)}\n"
        f'        <figcaption class="govuk-body">{_escaped(section.summary)}</figcaption>\n'
        "      </figure>\n"
        "    </div>\n"
        '    <div class="govuk-grid-column-one-half">\n'
        '      <div class="app-table-wrapper" role="region" '
        f'aria-label="{_escaped(table.caption)}" tabindex="0">{drawn or table.html}</div>\n'
        f"      {downloads_html(table, query)}\n"
        "    </div>\n"
        "  </div>\n"
        "</section>\n"
    )


def headlines_html(headlines: list[dict]) -> SafeString:
    """_headlines.html (as `stats_html` writes it, with the newline that ends the file)."""
    figures = [(card["value"], card["label"]) for card in headlines]
    return SafeString(stats_html("Headline figures", figures) + "\n")


def sections_html(
    sections: list[ChartSection], query: str, drawn: dict | None = None
) -> SafeString:
    """The sections (`drawn`: tables already drawn, by section key)."""
    drawn = drawn or {}
    return SafeString(
        "".join(section_html(section, query, drawn.get(section.key)) for section in sections)
    )


def num(value, unit: str = "count") -> str:
    return charts.number_text(value, unit)


@lru_cache(maxsize=64)
def tag(status: str, text: str | None = None) -> Cell:
    """A RAG rating as words in a tag: the colour is never the only signal. Made once per
    process for each (status, words): the vanguards' table has eight a row."""
    words = text or rag.LABELS[status]
    return Cell(
        words,
        format_html(
            '<strong class="govuk-tag govuk-tag--{}">{}</strong>', TAG_COLOURS[status], words
        ),
    )


# --- Satisfaction through the disclosure rule -------------------------------------------------


@dataclass(frozen=True)
class _Responses:
    count: int


# Figures that count participants' satisfaction answers: shown only where `satisfaction_shown`.
SATISFACTION_MEASURES = {"satisfied_share", "satisfied_to_date"}


def satisfaction_shown(row: dict, small_numbers: bool, threshold: int) -> bool:
    """Whether a row's participant satisfaction may be shown to a viewer who does or does not
    see small numbers (permissions.sees_small_numbers: the one rule)."""
    responses = _Responses(row["satisfaction_responses_to_date"])
    shown = disclosed(responses, small_numbers=small_numbers, threshold=threshold)
    return not isinstance(shown, Withheld)


def satisfaction_text(row: dict, small_numbers: bool, threshold: int) -> str:
    if not satisfaction_shown(row, small_numbers, threshold):
        return TOO_FEW
    if row["satisfied_share"] is None:
        return "No responses"
    satisfied, responses = row["satisfied_to_date"], row["satisfaction_responses_to_date"]
    return f"{num(row['satisfied_share'], 'percent')} ({satisfied:,} of {responses:,})"


def ratings(row: dict, small_numbers: bool, threshold: int) -> dict[str, Cell]:
    """A vanguard's RAG per measure as tags; satisfaction withheld under the threshold."""
    found = rag.ratings(row)
    cells = {key: tag(status) for key, status in found.items()}
    if not satisfaction_shown(row, small_numbers, threshold):
        cells["satisfaction"] = tag(rag.NO_DATA, TOO_FEW)
    return cells


# --- Names: peers named for the NST and leads, anonymised for vanguard members -------------


def peer_names(figures: dict, slugs: list[str], *, own: str | None, named: bool) -> dict[str, str]:
    """slug → the name a chart or table shows. Anonymised peers are lettered in order of
    starts to date, so a letter says nothing about who a vanguard is."""
    rows = figures["vanguards"]
    if named:
        return {slug: rows[slug]["name"] for slug in slugs}
    names = {own: rows[own]["name"]} if own in slugs else {}
    others = sorted(
        (slug for slug in slugs if slug != own),
        key=lambda slug: (-rows[slug]["starts_to_date"], slug),
    )
    for index, slug in enumerate(others):
        letters = ascii_uppercase[index % 26] * (index // 26 + 1)
        names[slug] = f"Vanguard {letters}"
    return names


# --- Headline figures ---------------------------------------------------------------------------


def headlines(total: dict, *, small_numbers: bool, threshold: int) -> list[dict]:
    """The summary cards: value and what it is, for a group of vanguards' totals."""
    received = total["returns_received"] + total["returns_received_late"]
    cards = [
        {
            "value": num(total["starts_to_date"]),
            "label": f"participants started, of a target of {num(total['participant_target'])}",
        },
        {
            "value": num(share(total["starts_to_date"], total["trajectory_to_date"]), "percent"),
            "label": f"of the trajectory ({num(total['trajectory_to_date'])} starts expected)",
        },
        {"value": num(total["in_work_share"], "percent"), "label": "of starts were in work"},
        _satisfaction_card(total, small_numbers, threshold),
        {
            "value": num(total["spend_to_date"], "pounds"),
            "label": f"spent, of {num(total['funding_allocation'], 'pounds')} allocated",
        },
        {
            "value": f"{received} of {total['returns_expected']}",
            "label": f"returns received ({total['returns_overdue']} overdue)",
        },
        {
            "value": f"{total['contacted_in_cadence']} of {total['vanguards']}",
            "label": "vanguards contacted within the cadence",
        },
    ]
    return cards


def _satisfaction_card(total: dict, small_numbers: bool, threshold: int) -> dict:
    if satisfaction_shown(total, small_numbers, threshold) and total["satisfied_share"] is not None:
        return {
            "value": num(total["satisfied_share"], "percent"),
            "label": "of participants satisfied",
        }
    words = "No responses" if satisfaction_shown(total, small_numbers, threshold) else TOO_FEW
    return {"value": words, "label": "to the participant satisfaction question"}


# --- Charts with their tables -------------------------------------------------------------------


def starts_section(figures: dict, total: dict, *, name: str = "") -> ChartSection:
    quarters = figures["quarters"]
    cumulative, running = [], 0
    for started in total["starts_by_quarter"]:
        running += started
        cumulative.append(running)
    trajectory = total["trajectory_by_quarter"]
    now, expected = total["starts_to_date"], total["trajectory_to_date"]
    gap = share(now - expected, expected) if expected else None
    if gap is None:
        title = f"{num(now)} participants started by {figures['quarter']}"
    elif gap >= 0:
        title = f"Starts are {num(gap, 'percent')} ahead of the trajectory"
    else:
        title = f"Starts are {num(-gap, 'percent')} behind the trajectory"
    whose = f"{name}: p" if name else "P"
    subtitle = (
        f"{whose}articipants started to date, by quarter, against the trajectory to the "
        f"target of {num(total['participant_target'])}"
    )
    summary = (
        f"By the end of {figures['quarter']}, {num(now)} participants had started, against "
        f"{num(expected)} expected on the trajectory and a target of "
        f"{num(total['participant_target'])} by the end of delivery."
    )
    table = DataTable(
        "starts",
        "Participants started by quarter",
        [
            ("Quarter", False),
            ("Started in quarter", True),
            ("Started to date", True),
            ("Trajectory", True),
        ],
    )
    for index, label in enumerate(quarters):
        table.add(
            label,
            num(total["starts_by_quarter"][index]),
            num(cumulative[index]),
            num(trajectory[index]),
        )
    svg = charts.trend_chart(
        chart_id="chart-starts",
        title=title,
        subtitle=subtitle,
        summary=summary,
        labels=quarters,
        bars=cumulative,
        bar_label="Started to date",
        line=trajectory,
        line_label="Trajectory",
        target=total["participant_target"],
        target_label="Target",
    )
    return ChartSection("starts", "Participants started", svg, summary, table)


def in_work_section(figures, slugs, names, *, highlight=None, listed=None) -> ChartSection:
    """The in-work share of `slugs`, counted over all of them; the chart's bars and the
    table's rows those of `listed` (a page of them; all by default), by name."""
    rows = figures["vanguards"]
    ordered = sorted(slugs, key=lambda slug: names[slug])
    shown = ordered if listed is None else sorted(listed, key=lambda slug: names[slug])
    met = [s for s in ordered if rag.in_work(rows[s]) == rag.GREEN]
    reported = [s for s in ordered if rows[s]["in_work_share"] is not None]
    title = f"{len(met)} of {len(ordered)} vanguards meet their in-work share target"
    if highlight:
        own = rows[highlight]
        title = (
            f"{names[highlight]}: {num(own['in_work_share'], 'percent')} of starts were in work, "
            f"against a target of {num(own['in_work_share_target'], 'percent')}"
        )
    subtitle = (
        "Share of participants who were in work when they started, to date, with each "
        "vanguard's target"
    )
    summary = (
        f"{len(met)} of {len(ordered)} vanguards have at least their target share of starts in "
        f"work; {len(ordered) - len(reported)} have reported no starts yet."
    )
    table = DataTable(
        "in_work",
        "In-work share of starts against target",
        [
            ("Vanguard", False),
            ("In-work share", True),
            ("Target", True),
            ("Starts in work", True),
            ("Starts", True),
        ],
    )
    for slug in shown:
        row = rows[slug]
        table.add(
            names[slug],
            num(row["in_work_share"], "percent"),
            num(row["in_work_share_target"], "percent"),
            num(row["starts_in_work_to_date"]),
            num(row["starts_to_date"]),
        )
    svg = charts.bar_chart(
        chart_id="chart-in-work",
        title=title,
        subtitle=subtitle,
        summary=summary,
        bars=[(names[slug], rows[slug]["in_work_share"]) for slug in shown],
        unit="percent",
        markers=[rows[slug]["in_work_share_target"] for slug in shown],
        highlight=names.get(highlight) if highlight else None,
        highlight_label="This vanguard",
        scale_max=100,
        bar_label="In-work share",
    )
    return ChartSection("in_work", "In-work share", svg, summary, table)


def trajectory_section(figures, slugs, names, *, highlight, listed=None) -> ChartSection:
    """Each vanguard's starts as a share of its trajectory: a vanguard among its peers, ranked
    over all of `slugs`; the chart's bars and the table's rows those of `listed` (all by
    default: `nearest_peers`)."""
    rows = figures["vanguards"]
    progress = _progress(figures, slugs)
    ordered = sorted(slugs, key=lambda slug: (-(progress[slug] or 0), names[slug]))
    shown = ordered if listed is None else [slug for slug in ordered if slug in set(listed)]
    median = statistics.median([value for value in progress.values() if value is not None] or [0])
    title = (
        f"{names[highlight]} is at {num(progress[highlight], 'percent')} of its trajectory; "
        f"the middle vanguard is at {num(round(median, 1), 'percent')}"
    )
    subtitle = (
        "Participants started to date as a share of the starts expected by now, each vanguard"
    )
    summary = (
        f"{names[highlight]} ranks {ordered.index(highlight) + 1} of {len(ordered)} vanguards "
        "by starts against trajectory. 100% means on the trajectory."
    )
    table = DataTable(
        "trajectory",
        "Starts against trajectory, each vanguard",
        [
            ("Vanguard", False),
            ("Share of trajectory", True),
            ("Started to date", True),
            ("Trajectory", True),
        ],
    )
    for slug in shown:
        table.add(
            names[slug],
            num(progress[slug], "percent"),
            num(rows[slug]["starts_to_date"]),
            num(rows[slug]["trajectory_to_date"]),
        )
    svg = charts.bar_chart(
        chart_id="chart-trajectory",
        title=title,
        subtitle=subtitle,
        summary=summary,
        bars=[(names[slug], progress[slug]) for slug in shown],
        unit="percent",
        markers=[100] * len(shown),
        marker_label="On the trajectory (100%)",
        bar_label="Share of trajectory",
        highlight=names[highlight],
        highlight_label="This vanguard",
    )
    return ChartSection("trajectory", "Starts against trajectory, with peers", svg, summary, table)


def _bar_section(key, heading, *, head, bars, unit="count", extra=(), **chart) -> ChartSection:
    """A bar chart of `bars` with a table of the same (label, value) rows, plus `extra` rows
    that the chart does not draw."""
    table = DataTable(key, heading, head)
    for label, value in bars:
        table.add(label, num(value, unit))
    for row in extra:
        table.add(*row)
    svg = charts.bar_chart(chart_id=f"chart-{key}", bars=bars, unit=unit, **chart)
    return ChartSection(key, heading, svg, chart["summary"], table)


def outcomes_section(total: dict, *, small_numbers: bool, threshold: int) -> ChartSection:
    bars = [
        ("Completed", total["completions_to_date"]),
        ("Remained in work", total["remained_in_work_to_date"]),
        ("Entered work", total["entered_work_to_date"]),
    ]
    title = (
        f"{num(total['entered_work_to_date'])} participants entered work and "
        f"{num(total['remained_in_work_to_date'])} remained in work"
    )
    satisfaction = satisfaction_text(total, small_numbers, threshold)
    summary = (
        f"To date {num(total['completions_to_date'])} participants completed support, "
        f"{num(total['remained_in_work_to_date'])} remained in work and "
        f"{num(total['entered_work_to_date'])} entered work. "
        f"Participants satisfied: {satisfaction}."
    )
    return _bar_section(
        "outcomes",
        "Outcomes",
        head=[("Outcome", False), ("Participants", True)],
        bars=bars,
        extra=[
            ("Satisfaction responses", num(total["satisfaction_responses_to_date"])),
            ("Participants satisfied", satisfaction),
        ],
        title=title,
        subtitle="Participants who completed support, remained in work or entered work, to date",
        summary=summary,
    )


def funding_section(total: dict) -> ChartSection:
    bars = [
        ("Allocation", total["funding_allocation"]),
        ("Spend expected by now (profile)", total["spend_profile_to_date"]),
        ("Spend to date", total["spend_to_date"]),
        ("Paid to date", total["funding_paid_to_date"]),
        ("Guaranteed funding", total["funding_guaranteed"]),
        ("Performance funding earned", total["performance_earned_to_date"]),
        ("Forecast spend at the current rate", total["forecast_spend"]),
    ]
    against = share(total["spend_to_date"], total["spend_profile_to_date"])
    title = (
        f"{num(total['spend_to_date'], 'pounds')} spent, "
        f"{num(against, 'percent')} of the allocation profile"
    )
    summary = (
        f"{num(total['spend_to_date'], 'pounds')} spent to date against "
        f"{num(total['spend_profile_to_date'], 'pounds')} expected by now; "
        f"{num(total['funding_paid_to_date'], 'pounds')} paid, of which performance funding "
        f"earned is {num(total['performance_earned_to_date'], 'pounds')}."
    )
    return _bar_section(
        "funding",
        "Funding",
        head=[("Measure", False), ("Amount", True)],
        bars=bars,
        unit="pounds",
        title=title,
        subtitle="Funding allocated, spent, paid and earned to date, in pounds",
        summary=summary,
    )


def maturity_section(total: dict) -> ChartSection:
    counts = total["maturity_bands"]
    labels = {**BAND_LABELS, NOT_ASSESSED: "Not assessed"}
    bars = [(labels[band], counts[band]) for band in [*BAND_ORDER, NOT_ASSESSED]]
    movements = total["maturity_movements"]
    title = (
        f"{counts['leading']} vanguards are leading, {counts['maturing']} maturing and "
        f"{counts['emerging']} emerging"
    )
    summary = (
        f"Since the previous cycle {movements['up']} moved up a band, {movements['down']} moved "
        f"down and {movements['same']} stayed the same; {movements['first']} had their first "
        f"assessment and {counts[NOT_ASSESSED]} have not been assessed."
    )
    return _bar_section(
        "maturity",
        "Maturity bands and movement",
        head=[("Band or movement", False), ("Vanguards", True)],
        bars=bars,
        extra=[
            (label if movement != "first" else "First assessment", num(movements[movement]))
            for movement, label in MOVEMENTS.items()
        ],
        title=title,
        subtitle="Vanguards in each band of their latest submitted or agreed self-assessment",
        summary=summary,
    )


def returns_section(figures: dict, total: dict) -> ChartSection:
    bars = [(RETURN_STATES[state], total[key]) for state, key in RETURN_COUNTS.items()]
    received = total["returns_received"] + total["returns_received_late"]
    title = (
        f"{received} of {total['returns_expected']} returns received; "
        f"{total['returns_overdue']} overdue"
    )
    summary = (
        f"For {figures['quarter']}, {total['returns_received']} returns were received on time, "
        f"{total['returns_received_late']} late, {total['returns_overdue']} are overdue and "
        f"{total['returns_not_due']} are not yet due."
    )
    return _bar_section(
        "returns",
        f"Returns received and late, {figures['quarter']}",
        head=[("Return", False), ("Vanguards", True)],
        bars=bars,
        title=title,
        subtitle=(
            f"Quarterly returns for {figures['quarter']} by whether they were signed off by "
            "the due date"
        ),
        summary=summary,
    )


def _many(count: int, noun: str) -> str:
    """ "1 vanguard", "2 vanguards" (the charts' titles and summaries are read aloud)."""
    return f"{count} {noun}{pluralize(count)}"


def _was(count: int) -> str:
    return pluralize(count, "was,were")


def cadence_section(figures: dict, slugs: list[str]) -> ChartSection:
    """How many of the vanguards had been contacted within the contact cadence at the
    quarter's end (the contact table's "Contact overdue by" column, counted)."""
    overdue = [figures["vanguards"][slug]["contact_overdue_days"] for slug in slugs]
    within = sum(days == 0 for days in overdue)
    past = sum(days is not None and days > 0 for days in overdue)
    closed = sum(days is None for days in overdue)
    bars = [("Contacted within the cadence", within), ("Past the cadence", past)]
    if closed:
        bars.append(("Closed: contact not needed", closed))
    title = (
        f"{within} of {_many(within + past, 'vanguard')} {_was(within)} contacted within the "
        "cadence"
    )
    summary = (
        f"At the end of {figures['quarter']}, {_many(within, 'vanguard')} had been contacted "
        f"within the contact cadence and {past} {_was(past)} past it"
        + (
            f"; {_many(closed, 'closed vanguard')} need{pluralize(closed, 's,')} no contact."
            if closed
            else "."
        )
    )
    return _bar_section(
        "cadence",
        "Contact cadence",
        head=[("Contact", False), ("Vanguards", True)],
        bars=bars,
        title=title,
        subtitle=(
            "Vanguards by whether the National Support Team had been in touch within the "
            f"contact cadence at the end of {figures['quarter']}"
        ),
        summary=summary,
    )


def support_section(figures: dict, total: dict, *, name: str = "") -> ChartSection:
    """Support requests raised in the quarter, whether they were triaged in time, and how many
    were open at its end (the contact table's support columns, summed)."""
    raised, judged = total["support_raised"], total["support_judged"]
    in_time, still_open = total["support_triaged_in_time"], total["support_open"]
    quarter = figures["quarter"]
    bars = [
        ("Raised in the quarter", raised),
        ("Triaged in time", in_time),
        ("Not triaged in time", judged - in_time),
        ("Not yet due for triage", raised - judged),
        ("Open at the quarter's end", still_open),
    ]
    if judged:
        title = (
            f"{in_time} of {_many(judged, 'support request')} due for triage {_was(in_time)} "
            "triaged in time"
        )
    else:
        title = f"{_many(raised, 'support request')} raised in {quarter}, none yet due for triage"
    late, not_due = judged - in_time, raised - judged
    summary = (
        f"In {quarter}, {_many(raised, 'support request')} {_was(raised)} raised: {in_time} "
        f"{_was(in_time)} triaged in time, {late} {_was(late)} not and {not_due} {_was(not_due)} "
        f"not yet due for triage. {_many(still_open, 'request')} {_was(still_open)} open at "
        "the end of the quarter."
    )
    whose = f"{name}: s" if name else "S"
    return _bar_section(
        "support",
        "Support requests",
        head=[("Support requests", False), ("Requests", True)],
        bars=bars,
        title=title,
        subtitle=(
            f"{whose}upport requests raised in {quarter} by whether they were triaged within "
            "the programme's working days, and requests open at its end"
        ),
        summary=summary,
    )


def quality_section(figures: dict, *, small_numbers: bool, threshold: int) -> ChartSection:
    """Each quality-plan indicator against its target, with the quality table beside it."""
    values = quality_values(figures, small_numbers=small_numbers, threshold=threshold)
    judged = [value for value in values if value.percent is not None]
    met = sum(value.met_target for value in judged)
    title = f"{met} of {len(judged)} quality-plan indicators met their target"
    summary = (
        f"In {figures['quarter']}, {met} of the {len(values)} quality-plan indicators met their "
        f"target and {len(judged) - met} did not; {len(values) - len(judged)} had no cases or "
        "too few responses to show."
    )
    svg = charts.bar_chart(
        chart_id="chart-quality",
        title=title,
        subtitle=(
            f"Each quality-plan indicator in England, {figures['quarter']}, as a percentage, "
            "against its target"
        ),
        summary=summary,
        bars=[(value.label, value.rounded) for value in values],
        unit="percent",
        markers=[value.target for value in values],
        scale_max=100,
        bar_label="Indicator",
        value_texts=[value.chart_text for value in values],
    )
    intro = (
        "How the National Support Team did against its quality plan in England. "
        "Satisfaction, response rate and event figures with fewer responses than the "
        "disclosure threshold are not shown."
    )
    table = quality_table(figures, small_numbers=small_numbers, threshold=threshold, values=values)
    return ChartSection("quality", "Quality-plan indicators", svg, summary, table, intro)


# --- Tables without charts ----------------------------------------------------------------------


def vanguard_table(figures, slugs, names, *, small_numbers, threshold, link=None) -> DataTable:
    """Every vanguard with a RAG per measure, linking to its dashboard (`link(slug)`)."""
    rows = figures["vanguards"]
    table = DataTable(
        "vanguards",
        f"Each vanguard's ratings for {figures['quarter']}",
        [("Vanguard", False), ("Region", False), ("Cohort group", False)]
        + [(label, False) for _, label in rag.MEASURES],
    )
    for slug in sorted(slugs, key=lambda slug: names[slug]):
        row = rows[slug]
        name = Cell(names[slug])
        if link:
            name = Cell(
                names[slug],
                mark_safe(  # noqa: S308 (both values escaped)
                    f'<a class="govuk-link" href="{html.escape(link(slug))}">'
                    f"{html.escape(names[slug])}</a>"
                ),
            )
        found = ratings(row, small_numbers, threshold)
        table.add(
            name,
            row["region"],
            row["cohort_group"] or "None",
            *[found[key] for key, _ in rag.MEASURES],
        )
    return table


def contact_table(figures, slugs, names) -> DataTable:
    rows = figures["vanguards"]
    table = DataTable(
        "contact",
        "Contact cadence and support requests",
        [
            ("Vanguard", False),
            ("Last contact", False),
            ("Contact overdue by", True),
            ("Support requests raised this quarter", True),
            ("Triaged in time", True),
            ("Open at the quarter's end", True),
        ],
    )
    for slug in sorted(slugs, key=lambda slug: names[slug]):
        row = rows[slug]
        last = row["last_contact"]
        days = row["contact_overdue_days"]
        overdue = (
            "Not needed"
            if days is None
            else "On time"
            if days == 0
            else f"{days} day{'s' if days != 1 else ''}"
        )
        triaged = (
            f"{row['support_triaged_in_time']} of {row['support_judged']}"
            if row["support_judged"]
            else "None due"
        )
        table.add(
            names[slug],
            govuk_date(_date(last)) if last else "Never",
            overdue,
            num(row["support_raised"]),
            triaged,
            num(row["support_open"]),
        )
    return table


NO_CASES = "–"


@dataclass(frozen=True)
class QualityValue:
    label: str
    target: int  # percent
    percent: float | None = None  # None: withheld, or no cases
    missing: str = ""  # why there is no percent: TOO_FEW or NO_CASES
    met: int = 0
    count: int = 0

    @property
    def rounded(self) -> int | None:
        return None if self.percent is None else round(self.percent)

    @property
    def met_target(self) -> bool:
        return self.percent is not None and self.percent >= self.target

    @property
    def chart_text(self) -> str:
        if self.percent is None:
            why = "No cases" if self.missing == NO_CASES else self.missing
            return f"{why} (target {self.target}%)"
        return num(self.rounded, "percent")


def quality_values(figures: dict, *, small_numbers: bool, threshold: int) -> list[QualityValue]:
    """The quality plan's indicators nationally, as a viewer who does or does not see small
    numbers may see them: feedback from fewer people than the disclosure threshold is withheld."""
    values = []
    for indicator, value in figures["quality"].items():
        counted = Share(value["met"], value["count"])
        if indicator in DISCLOSED:
            counted = disclosed(counted, small_numbers=small_numbers, threshold=threshold)
        label, target = value["label"], value["target"]
        if isinstance(counted, Withheld):
            values.append(QualityValue(label, target, missing=TOO_FEW))
        elif not counted.count:
            values.append(QualityValue(label, target, missing=NO_CASES))
        else:
            values.append(
                QualityValue(label, target, counted.percent, met=counted.met, count=counted.count)
            )
    return values


def quality_table(figures: dict, *, small_numbers: bool, threshold: int, values=None) -> DataTable:
    """The quality plan's indicators nationally; feedback from people under the disclosure
    threshold reads "Too few responses"."""
    table = DataTable(
        "quality",
        f"Quality-plan indicators in England, {figures['quarter']}",
        [("Indicator", False), ("Value", True), ("Target", True), ("Status", False)],
    )
    for value in values or quality_values(
        figures, small_numbers=small_numbers, threshold=threshold
    ):
        target = f"{value.target}%"
        if value.missing == TOO_FEW:
            table.add(value.label, TOO_FEW, target, tag(rag.NO_DATA, TOO_FEW))
        elif value.missing:
            table.add(value.label, value.missing, target, tag(rag.NO_DATA))
        else:
            met = tag(rag.GREEN, "Met") if value.met_target else tag(rag.RED, "Not met")
            text = f"{num(value.rounded, 'percent')} ({value.met} of {value.count})"
            table.add(value.label, text, target, met)
    return table


def _date(iso: str) -> datetime.date:
    return datetime.date.fromisoformat(iso)


def thresholds() -> list[tuple[str, str]]:
    """(measure, how it is rated) for the details component."""
    return [(label, text) for _, label, text in rag.THRESHOLD_TEXT]


@lru_cache(maxsize=1)
def thresholds_html() -> SafeString:
    """The details of how the ratings are worked out: the same on every page, so drawn once
    per process (from its template)."""
    return render_to_string("reporting/dashboard/_thresholds.html", {"thresholds": thresholds()})


# --- The pages ------------------------------------------------------------------------------------


def national_dashboard(
    figures: dict,
    slugs: list[str],
    *,
    small_numbers: bool,
    threshold: int,
    link,
    listed: list[str] | None = None,
) -> dict:
    """Everything the national dashboard shows for the vanguards `slugs` (already narrowed to
    what the viewer may see and the filters), to a viewer who does or does not see small
    numbers: all it takes of the viewer, so that what it gives may be shared. `listed`: the
    vanguards the in-work share chart and the contact and vanguards tables list, one row or
    bar each (a page of them; all by default); the headlines and other charts count all."""
    listed = slugs if listed is None else listed
    names = peer_names(figures, slugs, own=None, named=True)
    total = totals([figures["vanguards"][slug] for slug in slugs], len(figures["quarters"]))
    sections, contact_sections = [], []
    if slugs:
        sections = [
            starts_section(figures, total),
            in_work_section(figures, slugs, names, listed=listed),
            outcomes_section(total, small_numbers=small_numbers, threshold=threshold),
            funding_section(total),
            maturity_section(total),
            returns_section(figures, total),
        ]
        contact_sections = [cadence_section(figures, slugs), support_section(figures, total)]
    quality = quality_section(figures, small_numbers=small_numbers, threshold=threshold)
    tables_ = {
        "vanguards": vanguard_table(
            figures, listed, names, small_numbers=small_numbers, threshold=threshold, link=link
        ),
        "contact": contact_table(figures, listed, names),
    }
    for section in [*sections, *contact_sections, quality]:
        tables_[section.key] = section.table
    return {
        "headlines": headlines(total, small_numbers=small_numbers, threshold=threshold),
        "sections": sections,
        # Contact cadence and support requests, before the table of each vanguard's.
        "contact_sections": contact_sections,
        "quality": quality,
        "tables": tables_,
        "thresholds": thresholds(),
    }


# A vanguard's sections other than its outcomes (which disclose satisfaction to some viewers
# and not others) read nothing of the viewer but the peers shown and whether they are named:
# drawn once for a quarter's figures as `quarter_figures` gives them (kept: workwell/kept.py),
# the vanguard, the peers and whether they are named.
DRAWN = Drawn(16)


def comparison_html(figures: dict, slug: str) -> SafeString:
    """The vanguard's comparison with similar areas as its dashboard shows it
    (templates/reporting/counterfactual/_comparison.html, from the comparison `figures`
    store), drawn once for a quarter's kept figures and the vanguard: it reads nothing of the
    viewer."""

    def draw() -> SafeString:
        stored = stored_comparison_of(figures, slug)
        context = {"comparison": counterfactual.comparison(stored), "figures": figures}
        return render_to_string("reporting/counterfactual/_comparison.html", context)

    return DRAWN(figures, ("comparison", slug), draw)


# Past this many vanguards (nationally over 200: as many bars a chart), a vanguard's
# dashboard draws it among the peers nearest it by starts against trajectory, this many in all.
NEAREST = 25


def _progress(figures: dict, slugs) -> dict:
    rows = figures["vanguards"]
    return {
        slug: share(rows[slug]["starts_to_date"], rows[slug]["trajectory_to_date"])
        for slug in slugs
    }


def nearest_peers(figures: dict, slug: str, peers, names: dict) -> list[str] | None:
    """`slug` and the peers nearest it in the trajectory chart's order, NEAREST in all; None
    when there are no more than that (every one is drawn)."""
    if len(peers) <= NEAREST:
        return None
    progress = _progress(figures, peers)
    ordered = sorted(peers, key=lambda peer: (-(progress[peer] or 0), names[peer]))
    start = min(max(ordered.index(slug) - NEAREST // 2, 0), len(ordered) - NEAREST)
    return ordered[start : start + NEAREST]


def vanguard_sections(
    figures: dict, slug: str, peers: list[str], *, named: bool, every_peer: bool = False
) -> tuple[list[ChartSection], dict[str, str]]:
    """The vanguard dashboard's sections but the outcomes, in order, and their tables drawn
    (by section key): with many peers, only the nearest drawn (`nearest_peers`) unless
    `every_peer` (a download)."""
    return DRAWN(
        figures,
        (slug, tuple(peers), named, every_peer),
        lambda: _sections(figures, slug, peers, named, every_peer),
    )


def _sections(figures: dict, slug: str, peers: list[str], named: bool, every_peer: bool):
    names = peer_names(figures, peers, own=slug, named=named)
    listed = None if every_peer else nearest_peers(figures, slug, peers, names)
    row = figures["vanguards"][slug]
    total = totals([row], len(figures["quarters"]))
    sections = [
        starts_section(figures, total, name=row["name"]),
        trajectory_section(figures, peers, names, highlight=slug, listed=listed),
        in_work_section(figures, peers, names, highlight=slug, listed=listed),
        funding_section(total),
        support_section(figures, total, name=row["name"]),
    ]
    return sections, {section.key: section.table.html for section in sections}


def vanguard_dashboard(
    figures: dict,
    slug: str,
    peers: list[str],
    *,
    small_numbers: bool,
    threshold: int,
    named: bool,
    every_peer: bool = False,
) -> dict:
    """One vanguard's dashboard: its own figures, and its `peers` (including itself) as
    context, named or lettered; with many, the nearest drawn unless `every_peer`."""
    row = figures["vanguards"][slug]
    total = totals([row], len(figures["quarters"]))
    shared, drawn = vanguard_sections(figures, slug, peers, named=named, every_peer=every_peer)
    outcomes = outcomes_section(total, small_numbers=small_numbers, threshold=threshold)
    sections = [*shared[:3], outcomes, *shared[3:]]
    found = ratings(row, small_numbers, threshold)
    rating_table = DataTable(
        "ratings",
        f"{row['name']}'s ratings for {figures['quarter']}",
        [("Measure", False), ("Rating", False), ("Figure", False)],
    )
    details = {
        "starts": (
            f"{num(row['starts_to_date'])} started of {num(row['trajectory_to_date'])} "
            "expected by now"
        ),
        "in_work": (
            f"{num(row['in_work_share'], 'percent')} against a target of "
            f"{num(row['in_work_share_target'], 'percent')}"
        ),
        "satisfaction": satisfaction_text(row, small_numbers, threshold),
        "spend": (
            f"{num(row['spend_to_date'], 'pounds')} against "
            f"{num(row['spend_profile_to_date'], 'pounds')} expected by now"
        ),
        "return": RETURN_STATES.get(row["return_status"], ""),
        "cadence": (
            f"Last contact {govuk_date(_date(row['last_contact']))}"
            if row["last_contact"]
            else "Never contacted"
        ),
        "maturity": _maturity_text(row),
        "plan": (
            f"{row['plan_overdue']} overdue and {row['plan_at_risk']} at risk of "
            f"{row['plan_activities']} activities"
            if row.get("plan_activities")
            else "No activities in the delivery plan"
        ),
    }
    for key, label in rag.MEASURES:
        rating_table.add(label, found[key], details[key])
    tables_ = {"ratings": rating_table, **{section.key: section.table for section in sections}}
    return {
        "headlines": headlines(total, small_numbers=small_numbers, threshold=threshold)[:5],
        "sections": sections,
        "drawn": drawn,  # the shared sections' tables, drawn
        "tables": tables_,
        "thresholds": thresholds(),
        "peers_named": named,
        "peers_drawn": NEAREST if len(peers) > NEAREST and not every_peer else None,
        "peer_count": len(peers),
    }


def _maturity_text(row: dict) -> str:
    if not row["maturity_band"]:
        return "Not assessed yet"
    text = f"{BAND_LABELS[row['maturity_band']]} (mean level {row['maturity_mean']})"
    if row["maturity_band_previous"]:
        text += f"; {BAND_LABELS[row['maturity_band_previous']].lower()} in the previous cycle"
    return text


def source_text(figures: dict) -> str:
    """Where the figures come from: a closed quarter's snapshot, or the live returns."""
    snapshot = figures.get("snapshot")
    if not snapshot:
        return (
            "These figures are live: they change as returns are signed off, queried or corrected."
        )
    built = govuk_datetime(datetime.datetime.fromisoformat(snapshot["built_at"]))
    return (
        f"These figures are the quarter's snapshot (revision {snapshot['revision']}, taken "
        f"{built}): a return that arrives late or is corrected changes them only in a new "
        "revision."
    )


# --- A snapshot's figures as a user may read them (the data API) -----------------------------

SATISFACTION = ("satisfaction_responses_to_date", "satisfied_to_date", "satisfied_share")
# What a member's dashboard shows of each lettered peer (the trajectory and in-work charts).
PEER_FIGURES = (
    "starts_to_date",
    "trajectory_to_date",
    "starts_in_work_to_date",
    "in_work_share",
    "in_work_share_target",
)


def _disclosed(row: dict, small_numbers: bool, threshold: int) -> dict:
    """`row` with its satisfaction figures nulled (and `satisfaction_withheld` true) where
    they count fewer responses than the disclosure threshold, as the dashboards withhold them."""
    withheld = not satisfaction_shown(row, small_numbers, threshold)
    shown = {**row, "satisfaction_withheld": withheld}
    if withheld:
        shown.update(dict.fromkeys(SATISFACTION))
    return shown


def figures_seen(
    figures: dict, scope, *, threshold: int, vanguard: str = "", region: str = ""
) -> dict:
    """A quarter's stored `figures` as the user of `scope` (selectors.snapshots.figures_scope)
    reads them on the dashboards: the vanguards they may see, by name; `total`, those
    vanguards' figures added up; for a member, every other vanguard lettered with the figures
    its dashboard shows of peers; the national quality indicators for who reads the national
    dashboard; the national totals and the strategic review for who reads the national report.
    Satisfaction under the disclosure threshold is withheld throughout (admins see it).
    `vanguard` and `region` (slugs) narrow the named vanguards and their total, as the
    dashboard's filters do."""
    small_numbers, rows = permissions.sees_small_numbers(scope.user), figures["vanguards"]
    visible = scope.named & {vanguard} if vanguard else scope.named
    named = dashboard_slugs(figures, visible, region=region)
    seen = {
        "quarter": figures["quarter"],
        "as_of": figures["as_of"],
        "quarters": figures["quarters"],
        "vanguards": {slug: _disclosed(rows[slug], small_numbers, threshold) for slug in named},
        "total": _disclosed(
            totals([rows[slug] for slug in named], len(figures["quarters"])),
            small_numbers,
            threshold,
        ),
        "peers": [],
        "counterfactual": {
            slug: found
            for slug, found in figures.get("counterfactual", {}).items()
            if slug in named
        },
    }
    lettered = [slug for slug in rows if slug in scope.lettered]
    if lettered:
        names = peer_names(figures, [scope.own, *lettered], own=scope.own, named=False)
        peers = sorted(lettered, key=lambda slug: (len(names[slug]), names[slug]))
        seen["peers"] = [
            {"name": names[slug], **{key: rows[slug][key] for key in PEER_FIGURES}}
            for slug in peers
        ]
    if scope.quality:
        seen["quality"] = {
            key: {
                "label": value.label,
                "target": value.target,
                "withheld": value.missing == TOO_FEW,
                "met": None if value.missing == TOO_FEW else value.met,
                "count": None if value.missing == TOO_FEW else value.count,
            }
            for key, value in zip(
                figures["quality"],
                quality_values(figures, small_numbers=small_numbers, threshold=threshold),
                strict=True,
            )
        }
    if scope.whole:
        seen["national"] = _disclosed(figures["national"], small_numbers, threshold)
        seen["review"] = figures.get("review", {})
    return seen
