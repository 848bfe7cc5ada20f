import datetime

import pytest
from django.utils import timezone

from reporting.management.demo_funding import seed_funding
from reporting.management.demo_returns import seed_returns
from reporting.models import ReturnPeriod
from tests.browser.test_pages_accessibility import ADMIN
from tests.browser.test_sro_self_assessment_journey import sign_in
from tests.factories import VanguardFactory
from tests.reporting.upload import ENDED
from vanguards.management.demo import seed_registry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_shots(live_server, page):
    registry = seed_registry()
    seed_returns(registry)
    seed_funding(registry)
    for index in range(15):
        VanguardFactory(name=f"Vanguard {index:02}", slug=f"vanguard-{index:02}")
    ReturnPeriod.objects.filter(year=ENDED.year, number=ENDED.number).delete()
    ReturnPeriod.objects.create(year=ENDED.year, number=ENDED.number, due_on=timezone.localdate() + datetime.timedelta(days=3))
    sign_in(page, live_server, ADMIN)
    for width, height in ((1280, 900), (320, 640)):
        page.set_viewport_size({"width": width, "height": height})
        for name, url in (("funding", "/reporting/funding/"), ("funding-p2", "/reporting/funding/?page=2"), ("home", "/"), ("returns", "/reporting/returns/?show=outstanding")):
            page.goto(live_server.url + url)
            page.screenshot(path=f"/tmp/money-shots/{name}-{width}.png", full_page=True)
