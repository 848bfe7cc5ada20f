"""The charts are written with f-strings and one escape per untrusted string; checked here,
byte for byte, against the format_html drawing they replaced (charts_reference.py) on varied
figures: names with <>&"' in them, already-safe and lazy labels, missing values, Decimals,
floats and zeros, one bar or two hundred, with and without markers, a highlight, value
words, a line and a target."""

import itertools
import random
from decimal import Decimal

import pytest
from django.utils.functional import lazy
from django.utils.safestring import SafeString, mark_safe

from reporting import charts

from . import charts_reference as reference

NAMES = [
    "Greater Manchester",
    "Bravo & Co <ICB>",
    'The "quoted" vanguard',
    "O'Hara's place",
    "Ünïcode – naïve café",
    "",
    "A very long vanguard name that goes on and on, well past a line's width",
]
lazy_text = lazy(str, str)


def _bars(count: int, values) -> list[tuple[str, object]]:
    rng = random.Random(count)
    return [(f"{NAMES[index % len(NAMES)]} {index}", rng.choice(values)) for index in range(count)]


VALUES = {
    "count": [0, 1, 7, 1620, 250_000, None],
    "percent": [0, 12.5, 61.8, 99.99, 100, 140, None],
    "pounds": [Decimal("0"), Decimal("1310012.49"), Decimal("709793"), 42, None],
}
TITLES = [
    ("3 of 4 vanguards meet their target", "Share of starts in work, with each target"),
    ('Bravo & Co <ICB>: 61.8% of "starts"', "O'Hara's subtitle & more <b>bold</b>, long enough"),
    (mark_safe("Safe &amp; sound"), mark_safe("<tspan>already markup</tspan>")),  # noqa: S308
    (lazy_text("Lazy & title"), lazy_text("Lazy subtitle <x>")),
]


def both(name: str, **kwargs) -> tuple[str, str]:
    new, old = getattr(charts, name)(**kwargs), getattr(reference, name)(**kwargs)
    assert isinstance(new, SafeString)
    return str(new), str(old)


@pytest.mark.parametrize(("unit", "count"), itertools.product(VALUES, [0, 1, 3, 200]))
@pytest.mark.parametrize("titles", TITLES)
def test_bar_chart_matches_format_html(unit, count, titles):
    bars = _bars(count, VALUES[unit])
    rng = random.Random(count * 7)
    # Amounts are Decimals (or whole numbers), shares floats: the two never mix in a chart.
    targets = [Decimal("80"), 100] if unit == "pounds" else [0, 50, 100, 95.5]
    markers = [rng.choice([None, *targets]) for _ in bars]
    labels = [label for label, _ in bars]
    options = [
        {},
        {"markers": markers, "marker_label": "Target & <limit>"},
        {"markers": [None] * count},
        {"scale_max": 100, "bar_label": "In-work share"},
        {"value_texts": [f"No cases <{index}> & 'why'" for index in range(count)]},
        {"markers": [100] * count, "marker_label": "On the trajectory (100%)"},
    ]
    if labels:
        options += [
            {"highlight": labels[-1], "highlight_label": 'This "vanguard" & <co>'},
            {"highlight": labels[0], "highlight_label": "This vanguard", "markers": markers},
        ]
    title, subtitle = titles
    for option in options:
        for chart_id in ["chart-in-work", "chart-<odd> & 'id'"]:
            new, old = both(
                "bar_chart",
                chart_id=chart_id,
                title=title,
                subtitle=subtitle,
                summary="Summary & <details> \"quoted\" 'too'",
                bars=bars,
                unit=unit,
                **option,
            )
            assert new == old, (chart_id, option)


def test_safe_and_lazy_bar_labels_match_format_html():
    bars = [
        (mark_safe("<b>Safe</b> &amp; bold"), 10),  # noqa: S308
        (lazy_text("Lazy <label>"), 20),
        ("Plain & <label>", None),
    ]
    for highlight in [None, bars[0][0], bars[1][0], bars[2][0]]:
        new, old = both(
            "bar_chart",
            chart_id="c",
            title=mark_safe("Safe <em>title</em>"),  # noqa: S308
            subtitle="Subtitle",
            summary=mark_safe("<b>Safe</b> summary"),  # noqa: S308
            bars=bars,
            highlight=highlight,
            highlight_label=mark_safe("Safe <i>highlight</i>"),  # noqa: S308
            bar_label=lazy_text("Lazy & key"),
        )
        assert new == old


QUARTERS = [
    f"{year}/{str(year + 1)[-2:]} Q{number}"
    for year in range(2024, 2030)
    for number in (1, 2, 3, 4)
]


@pytest.mark.parametrize("count", [0, 1, 2, 5, 12, 20])
@pytest.mark.parametrize("titles", TITLES)
def test_trend_chart_matches_format_html(count, titles):
    rng = random.Random(count)
    bars = sorted(rng.choice([0, 3, 40, 950, 12_345]) for _ in range(count))
    line = [round(rng.uniform(0, 15_000), 2) for _ in range(count)]
    title, subtitle = titles
    options = [
        {},
        {"line": line, "line_label": "Trajectory & <plan>"},
        {"target": 4000, "target_label": 'Target "of" <starts>'},
        {"line": line, "line_label": "Trajectory", "target": 0, "target_label": "Target"},
        {
            "bars": [value * 1.5 for value in bars],
            "line": [value / 3 for value in bars],
            "line_label": "Plan",
            "unit": "pounds",
        },
        {"target": 61.8, "target_label": "Share", "unit": "percent"},
    ]
    label_sets = [QUARTERS[:count], [f"Quarter{index}" for index in range(count)]]
    for option, labels in itertools.product(options, label_sets):
        for chart_id in ["chart-starts", "chart-<odd> & 'id'"]:
            new, old = both(
                "trend_chart",
                chart_id=chart_id,
                title=title,
                subtitle=subtitle,
                summary='By the end of "Q2", 900 & <more> started',
                labels=labels,
                bar_label="Started to date & <so on>",
                **{"bars": bars, **option},
            )
            assert new == old, (chart_id, option)
