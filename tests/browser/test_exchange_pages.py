"""Every peer exchange page, as an SRO, a network partner and the learning team, in a real
browser: each passes axe (WCAG 2.2 AA) and reflows at 320 CSS pixels; the forms also with their
errors showing (the checks of test_pages_accessibility.py)."""

import pytest

from learning.management.demo_exchange import seed_exchange
from learning.management.demo_lessons import seed_partners
from learning.models import ExchangeAnswer, ExchangeQuestion
from tests.browser.test_pages_accessibility import scan_pages
from tests.browser.test_sro_self_assessment_journey import sign_in
from vanguards.management.demo import seed_registry

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SRO = "sro.south-yorkshire@example.com"  # asked several demo threads; one answer was hidden
PARTNER = "partner@example.com"
LEARNING = "learning@example.com"


def pages_for(email: str) -> list[tuple[str, str | None]]:
    helped = ExchangeQuestion.objects.filter(helpful_answer__isnull=False).first()
    hidden = ExchangeAnswer.objects.filter(hidden_at__isnull=False).get()
    reported = ExchangeAnswer.objects.get(reports__reason__isnull=False, reports__resolved_at=None)
    reading = [
        ("/learning/exchange/", None),
        ("/learning/exchange/?q=huddle&answered=yes", None),
        (f"/learning/exchange/{helped.pk}/", "Post your answer"),
        (f"/learning/exchange/{hidden.question_id}/", None),
        ("/learning/exchange/follow/", None),
        (f"/learning/exchange/{reported.question_id}/answers/{reported.pk}/report/", None),
    ]
    own = {
        SRO: [("/learning/exchange/ask/", "Post your question")],
        PARTNER: [("/learning/exchange/ask/", "Post your question")],
        LEARNING: [
            ("/learning/exchange/reports/", None),
            (
                f"/learning/exchange/{reported.question_id}/answers/{reported.pk}/moderate/",
                "Save decision",
            ),
            (f"/learning/exchange/{helped.pk}/convert/", None),
        ],
    }
    if email == LEARNING:
        reading.pop()  # the learning team hides rather than reports
    return reading + own[email]


@pytest.mark.parametrize("email", [SRO, PARTNER, LEARNING])
def test_exchange_pages_pass_axe_and_reflow(live_server, page, axe, console_errors, email):
    registry = seed_registry()
    seed_partners()
    seed_exchange(registry)
    sign_in(page, live_server, email)
    scan_pages(page, live_server, axe, pages_for(email), email)
    assert console_errors == []
