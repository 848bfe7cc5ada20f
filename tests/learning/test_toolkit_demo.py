"""The demo toolkit: a version every quarter since December 2024, the current quarter's in
consultation, the one before it published with about a dozen items, each copied forward."""

import pytest
from django.utils import timezone

from learning.management.demo_toolkit import FIRST_QUARTER, seed_toolkit
from learning.models import ToolkitVersion
from learning.selectors.toolkit import compare_toolkit_versions
from workwell.dates import Quarter

pytestmark = pytest.mark.django_db

Status = ToolkitVersion.Status


def test_the_demo_toolkit_has_a_version_every_quarter(learning_user):
    seed_toolkit({"users": {"learning@example.com": learning_user}})
    versions = list(ToolkitVersion.objects.all())
    quarters = [version.quarter for version in versions]
    assert quarters[0] == FIRST_QUARTER
    assert quarters[-1] == Quarter.containing(timezone.localdate())
    assert all(
        later == earlier.next() for earlier, later in zip(quarters, quarters[1:], strict=False)
    )
    assert [v.status for v in versions] == [Status.SUPERSEDED] * (len(versions) - 2) + [
        Status.PUBLISHED,
        Status.CONSULTATION,
    ]
    published = versions[-2]
    assert published.items.count() >= 12
    assert versions[0].published_at.date().month == 12  # December 2024
    # Every version after the first is a copy forward with something changed.
    for old, new in zip(versions, versions[1:8], strict=False):
        comparison = compare_toolkit_versions(old, new)
        assert comparison.added or comparison.removed or comparison.changed
        assert new.items.filter(copied_from__version=old).exists()
    # Running it again creates nothing new.
    seed_toolkit({"users": {"learning@example.com": learning_user}})
    assert ToolkitVersion.objects.count() == len(versions)
