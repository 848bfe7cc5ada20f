"""`table_from_cells` writes the GOV.UK table straight from its cells; checked here against the
table component rendered from the same cells as params (`_table`, itself checked against the
govuk-frontend macro in test_govuk_engine.py), with text that needs escaping, markup, empty
and numeric cells, and with and without a caption, classes and a head."""

import itertools
import random

import pytest
from django.utils.safestring import mark_safe

from workwell.govuk import NotNumeric, render_component, table_from_cells

TEXTS = [
    "Greater Manchester",
    "Bravo & Co <ICB>",
    'The "quoted" one',
    "O'Hara's",
    "Ünïcode – café",
    "",
    "1,310,012",
    "61.8%",
]
MARKUP = [
    mark_safe('<a class="govuk-link" href="/v/?a=1&amp;b=2">A &amp; B</a>'),  # noqa: S308
    mark_safe('<strong class="govuk-tag govuk-tag--red">Red</strong>'),  # noqa: S308
    mark_safe(""),  # noqa: S308
]


def as_params(caption, head, rows, caption_classes, classes, first_cell_is_header=True) -> dict:
    """The same table as the component's params: text as text, markup as html."""
    numeric = [is_numeric for _, is_numeric in head]
    params = {
        "caption": caption,
        "captionClasses": caption_classes,
        "firstCellIsHeader": first_cell_is_header,
        "head": [
            {"text": text, "format": "numeric"} if is_numeric else {"text": text}
            for text, is_numeric in head
        ],
        "rows": [
            [
                {
                    ("html" if hasattr(cell, "__html__") else "text"): cell,
                    **(
                        {"format": "numeric"}
                        if numeric[index] and not (index and isinstance(cell, NotNumeric))
                        else {}
                    ),
                }
                for index, cell in enumerate(row)
            ]
            for row in rows
        ],
    }
    if classes:
        params["classes"] = classes
    return params


@pytest.mark.parametrize(
    ("caption", "caption_classes", "classes"),
    [
        ("Each vanguard's ratings for 2026/27 Q2", "govuk-table__caption--s", ""),
        ('Starts & "trajectory" <by quarter>', "", "govuk-table--small-text-until-tablet"),
        ("", "govuk-table__caption--m", "app-table"),
    ],
)
@pytest.mark.parametrize("columns", [1, 2, 5, 11])
@pytest.mark.parametrize("count", [0, 1, 30])
def test_table_from_cells_matches_the_component(caption, caption_classes, classes, columns, count):
    rng = random.Random(columns * 100 + count)
    for _ in range(3):
        head = [(rng.choice(TEXTS) or "Column", rng.random() < 0.5) for _ in range(columns)]
        rows = [[rng.choice(TEXTS + MARKUP) for _ in range(columns)] for _ in range(count)]
        drawn = table_from_cells(
            caption, head, rows, caption_classes=caption_classes, classes=classes
        )
        expected = render_component(
            "table", as_params(caption, head, rows, caption_classes, classes)
        )
        assert drawn == expected


def test_every_kind_of_cell_in_every_column():
    head = [("Vanguard", False), ("Amount", True), ("Rating", False)]
    rows = [list(cells) for cells in itertools.product(TEXTS + MARKUP, repeat=3)]
    drawn = table_from_cells("Caption", head, rows, caption_classes="govuk-table__caption--s")
    assert drawn == render_component(
        "table", as_params("Caption", head, rows, "govuk-table__caption--s", "")
    )
    assert "Bravo &amp; Co &lt;ICB&gt;" in drawn and "A &amp; B</a>" in drawn


@pytest.mark.parametrize("first_cell_is_header", [True, False])
def test_not_numeric_cells_and_a_plain_first_cell(first_cell_is_header):
    """A `NotNumeric` cell in a numeric column is written without the column's format (as a
    text cell without "format" is), and a first cell that is not a header as a cell."""
    rng = random.Random(7)
    head = [("Amount", True), ("Vanguard", False), ("Days", True), ("Count", True)]
    kinds = TEXTS + MARKUP + [NotNumeric(text) for text in TEXTS]
    rows = [[rng.choice(TEXTS + MARKUP)] + rng.choices(kinds, k=3) for _ in range(60)]
    drawn = table_from_cells(
        "Caption",
        head,
        rows,
        caption_classes="govuk-visually-hidden",
        first_cell_is_header=first_cell_is_header,
    )
    expected = render_component(
        "table",
        as_params("Caption", head, rows, "govuk-visually-hidden", "", first_cell_is_header),
    )
    assert drawn == expected
    assert ('<th scope="row"' in drawn) is first_cell_is_header
