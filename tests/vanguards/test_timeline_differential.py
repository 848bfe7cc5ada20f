"""The timeline's touchpoints picked by their keys first, then read with their columns
(`timeline._visible_touchpoints`), against the rule it replaced: the columns' query itself
filtered by the user's rule and the vanguard's links, cut to the page. Same rows, in the same
order, for every role and page, on touchpoints that share days and stamps, are on several
vanguards, are drafts or archived."""

import datetime
import itertools
import random

import pytest
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import F
from django.utils import timezone

from tests.factories import ActionFactory, SupportRequestFactory, TouchpointFactory
from vanguards import permissions
from vanguards.models import Touchpoint
from vanguards.selectors import timeline
from vanguards.selectors.timeline import NEWEST_FIRST, TIMELINE_LENGTH, TOUCHPOINT


def old_touchpoints(user, vanguard, end: int):
    """The touchpoint part as it was: the columns' query filtered and cut in one step."""
    on_vanguard = Touchpoint.vanguards.through.objects.filter(vanguard=vanguard)
    touchpoints = permissions.touchpoints_visible_to(user, timeline._parts()[TOUCHPOINT]).filter(
        timeline._AnyOf(F("pk"), ArraySubquery(on_vanguard.values("touchpoint_id")))
    )
    return touchpoints[:end]


def old_page_rows(user, vanguard, number: int) -> list[tuple]:
    """`timeline._page_rows` as it was."""
    start = (number - 1) * TIMELINE_LENGTH
    end = start + TIMELINE_LENGTH + 1
    parts = [
        old_touchpoints(user, vanguard, end),
        timeline._visible_actions(user, vanguard)[:end],
        timeline._visible_support_requests(user, vanguard)[:end],
    ]
    rows = parts[0].union(*parts[1:], all=True)
    return list(rows.order_by(*NEWEST_FIRST)[start:end])


@pytest.fixture
def varied_history(rm, rm_lead, vanguard_a, vanguard_b, member_a):
    """About 70 touchpoints over 6 days on A, B or both, some drafts or archived, many on one
    day, made in an order other than their ids' and some in the same moment (so a page can end
    inside a day, where only the stamp and then the id tell the order); actions and support
    requests among them."""
    draw = random.Random(8)
    moment = timezone.now() - datetime.timedelta(days=1)
    today = datetime.date.today()
    for number in range(70):
        on = draw.choice([[vanguard_a], [vanguard_b], [vanguard_a, vanguard_b]])
        touchpoint = TouchpointFactory(
            author=draw.choice([rm, rm_lead]),
            vanguards=on,
            date=today - datetime.timedelta(days=draw.randrange(6)),
            summary=f"Touchpoint {number}",
            status=draw.choice([Touchpoint.Status.COMPLETE] * 3 + [Touchpoint.Status.DRAFT]),
            archived_at=draw.choice([None] * 4 + [moment]),
        )
        minutes = draw.choice([0, 0, *range(1, 60)])  # 0: the same moment as others
        Touchpoint.objects.filter(pk=touchpoint.pk).update(
            created_at=moment + datetime.timedelta(minutes=minutes)
        )
        # B's timeline is touchpoints alone, so its pages end where its touchpoints are cut.
        if vanguard_a in on and draw.random() < 0.2:
            ActionFactory(vanguard=vanguard_a, touchpoint=touchpoint, owner=rm)
    for _ in range(5):
        SupportRequestFactory(vanguard=vanguard_a, raised_by=member_a)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", ["admin_user", "rm", "rm_lead", "programme_lead", "regional_lead", "member_a"]
)
def test_every_page_holds_the_rows_of_the_old_rule(
    request, role, varied_history, vanguard_a, vanguard_b
):
    user = request.getfixturevalue(role)
    compared = 0
    for vanguard, number in itertools.product([vanguard_a, vanguard_b], range(1, 6)):
        old = old_page_rows(user, vanguard, number)
        assert timeline._page_rows(user, vanguard, number) == old, (vanguard, number)
        compared += len(old)
        end = number * TIMELINE_LENGTH + 1
        new_part = list(timeline._visible_touchpoints(user, vanguard, end))
        assert new_part == list(old_touchpoints(user, vanguard, end)), (vanguard, number)
    if role != "regional_lead":  # in a region of neither vanguard: sees nothing, rightly
        assert compared > 0
