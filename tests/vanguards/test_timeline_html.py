"""The profile timeline's list in Python (`presenters.timeline_list_html`) against its reference
template (templates/vanguards/_timeline_list.html): character for character the same."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from tests.factories import ActionFactory, SupportRequestFactory, TouchpointFactory
from vanguards import presenters
from vanguards.models import RAG, Action, Touchpoint

TODAY = datetime.date.today()


def both_ways(items: list[dict]) -> tuple[str, str]:
    return (
        presenters.timeline_list_html(items),
        render_to_string("vanguards/_timeline_list.html", {"timeline": items}),
    )


def item(**given) -> dict:
    return {
        "kind": "Touchpoint",
        "when": "3 March 2026",
        "title": "Check-in",
        "text": "We talked about referrals.",
        "href": "/touchpoints/7/",
        "tags": SafeString('<strong class="govuk-tag">Green</strong> '),
        "meta": "Video call, logged by Rita RM",
        **given,
    }


HOSTILE = "<script>alert('x') & \"y\"</script>"

CASES = {
    "one entry": [item()],
    "no link, no text": [item(href="", text=None)],
    "empty text is still a paragraph": [item(text="")],
    "no tags": [item(tags=SafeString(""))],
    "several, the last without a rule": [item(), item(kind="Action", text=None), item()],
    "user text escaped": [item(title=HOSTILE, text=HOSTILE, meta=HOSTILE, when=HOSTILE)],
    "a link with characters to escape": [item(href="/touchpoints/7/?a=1&b='2'")],
    "safe text kept as it is": [
        item(title=SafeString("<em>Safe</em>"), text=SafeString("<b>x</b>"))
    ],
}


@pytest.mark.parametrize("items", CASES.values(), ids=CASES.keys())
def test_timeline_list_matches_its_template(items):
    in_python, reference = both_ways(items)
    assert in_python == reference


def test_a_real_timeline_matches_its_template(client, rm, vanguard_a, member_a):
    """Entries of every kind, tag and detail, through the selector and presenter the page uses."""
    day = datetime.timedelta(days=1)
    TouchpointFactory(
        author=rm, vanguards=[vanguard_a], date=TODAY - day, rag=RAG.RED, rag_reason="Slipping"
    )
    TouchpointFactory(
        author=rm,
        vanguards=[vanguard_a],
        date=TODAY - 2 * day,
        rag=RAG.AMBER,
        rag_reason="Watch",
        status=Touchpoint.Status.DRAFT,
        summary="A <long> summary " + "word " * 60,
    )
    ActionFactory(vanguard=vanguard_a, owner=rm, due_date=TODAY - 5 * day)  # overdue
    ActionFactory(vanguard=vanguard_a, owner=rm, status=Action.Status.DONE)
    SupportRequestFactory(vanguard=vanguard_a, raised_by=member_a, need="Help & advice")
    client.force_login(rm)
    context = client.get("/vanguards/alpha/").context
    items = context["timeline"]
    assert len(items) == 5
    assert context["timeline_list"] == both_ways(items)[1]
    assert "…" in context["timeline_list"]  # the summary cut to 40 words
