"""`money` writes pounds as whole pounds with thousands commas; checked here against the rule it
replaced (`intcomma` of the amount rounded, which asks the locale for its separator and
grouping) on many generated amounts: negatives, pennies, halves, zero, millions and beyond."""

import random
from decimal import Decimal

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import translation

from vanguards.presenters import money


def old_money(value) -> str:
    return f"£{intcomma(round(value))}"


def amounts() -> list:
    rng = random.Random(20261130)
    found = [Decimal(0), Decimal("-0"), Decimal("0.00"), 0, 1, -1, 999, 1000, -1000, 10**12]
    for digits in range(1, 13):  # pennies to hundreds of billions
        for _ in range(60):
            pence = rng.randrange(10 ** (digits - 1), 10**digits)
            found.append(Decimal(pence).scaleb(-2) * rng.choice((1, -1)))
    for pounds in (0, 1, 2, 999, 1000, 1_310_012, 999_999, -5, -1_234_567):
        for pence in ("49", "5", "50", "51", "499", "500", "501", "995"):
            found.append(Decimal(f"{pounds}.{pence}"))  # halves round to even, as round() does
    found += [Decimal("1E+3"), Decimal("123456.7890"), Decimal("-0.5"), Decimal("0.5")]
    found += [rng.randrange(-(10**9), 10**9) for _ in range(300)]  # whole pounds as int
    return found


# The portal's language is always en-gb (no LocaleMiddleware, nothing activates another);
# "en" groups the same way. (With every translation deactivated intcomma would not group.)
@pytest.mark.parametrize("language", ["en-gb", "en"])
def test_money_is_what_intcomma_gave(language):
    for value in amounts():  # as the portal runs: its LANGUAGE_CODE, nothing activated
        assert money(value) == old_money(value), value
    with translation.override(language):
        for value in amounts():
            assert money(value) == old_money(value), value


def test_money_examples():
    assert money(Decimal("1310012.40")) == "£1,310,012"
    assert money(Decimal("-2500.50")) == "£-2,500"
    assert money(Decimal("0.51")) == "£1"
    assert money(Decimal("0")) == "£0"
