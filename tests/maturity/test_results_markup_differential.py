"""The movement table's cells and the heatmap's vanguard links are written with f-strings and
one-step escaping, as they are on every row. Checked here against the format_html versions
they replaced, with names that need escaping, every direction of movement and both sources of
a band."""

import itertools
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils.html import format_html

from maturity.presenters import results as presenters
from maturity.selectors.assessments import MODERATED, SELF_ASSESSED
from maturity.selectors.results import Movement, VanguardBand, VanguardName, display_mean
from workwell.models import MaturityBand

NAMES = ["Cycle 3", "Q1 <2026> & \"Q2\" 'spring'", "Ünïcode – cycle"]
MEANS = [Decimal("2.5"), Decimal("3.74999"), Decimal(10) / Decimal(3), Decimal("1")]


def reference_movement_html(movement):
    if movement is None:
        return format_html("{}", "No earlier agreed assessment")
    means = format_html(
        "(mean level {} then, {} now)", display_mean(movement.before), display_mean(movement.now)
    )
    if movement.direction == "same":
        return format_html("No change since {} {}", movement.since.name, means)
    arrow, word = ("↑", "Up") if movement.direction == "up" else ("↓", "Down")
    return format_html(
        '<span aria-hidden="true">{} </span>{} {} since {} {}',
        arrow,
        word,
        movement.change_display,
        movement.since.name,
        means,
    )


def reference_band_html(band):
    if band is None:
        return format_html("{}", "Not yet assessed")
    return format_html(
        "<strong>{}</strong> (mean {}, from {} in {})",
        band.label,
        band.mean_display,
        band.source_label,
        band.cycle.name,
    )


@pytest.mark.parametrize("name", NAMES)
def test_movement_html_matches_format_html(name):
    cycle = SimpleNamespace(name=name)
    movements = [None] + [
        Movement(since=cycle, before=before, now=now)
        for before, now in itertools.product(MEANS, MEANS)
    ]
    assert {m.direction for m in movements if m} == {"up", "down", "same"}
    for movement in movements:
        assert presenters.movement_html(movement) == reference_movement_html(movement)


@pytest.mark.parametrize("name", NAMES)
def test_band_html_matches_format_html(name):
    cycle = SimpleNamespace(name=name)
    bands = [None] + [
        VanguardBand(band=band, mean=mean, source=source, cycle=cycle)
        for band, mean, source in itertools.product(
            MaturityBand.values, MEANS, [MODERATED, SELF_ASSESSED]
        )
    ]
    for band in bands:
        assert presenters.band_html(band) == reference_band_html(band)


def test_vanguard_links_match_format_html(rf):
    link = presenters._vanguard_links()
    for slug, name in [("north-east", NAMES[1]), ("a-b_c9", "Plain"), ("x", "<b>&amp;</b>")]:
        expected = format_html(
            '<a class="govuk-link" href="{}">{}</a>', f"/maturity/vanguards/{slug}/", name
        )
        assert link(VanguardName(1, name, slug)) == expected
