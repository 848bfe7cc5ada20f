"""The logic-model demo data: Greater Manchester's agreed version from its board paper and
its draft, a draft for every other vanguard, and a second run adds nothing."""

import pytest

from reporting.management.demo_logic import seed_logic_models
from reporting.models import LogicComment, LogicItem, LogicModelVersion
from vanguards.management.demo import seed_registry
from vanguards.models import Vanguard

pytestmark = pytest.mark.django_db


def test_demo_logic_models():
    registry = seed_registry()
    seed_logic_models(registry)
    manchester = LogicModelVersion.objects.filter(vanguard__slug="greater-manchester")
    agreed, draft = manchester.get(number=1), manchester.get(number=2)
    assert (agreed.status, draft.status, draft.based_on) == ("agreed", "draft", agreed)
    assert agreed.items.filter(text__contains="1,620 residents").exists()
    assert set(agreed.items.values_list("column", flat=True)) == set(LogicItem.Column.values)
    assert draft.items.count() == agreed.items.count() + 1  # the SRO's refinement
    assert LogicComment.objects.filter(version=draft).count() == 2
    others = LogicModelVersion.objects.exclude(vanguard__slug="greater-manchester")
    assert others.count() == Vanguard.objects.count() - 1
    assert set(others.values_list("status", flat=True)) == {"draft"}
    assert others.filter(comments__isnull=False).exists()

    before = (LogicModelVersion.objects.count(), LogicItem.objects.count())
    seed_logic_models(registry)
    assert (LogicModelVersion.objects.count(), LogicItem.objects.count()) == before
