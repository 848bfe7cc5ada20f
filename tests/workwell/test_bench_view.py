"""The bench's bare baseline view exists only under the bench settings (benchmarks/urls.py)."""

import pytest


@pytest.mark.django_db
def test_the_bare_bench_view_is_not_mounted_by_the_portals_urls(client, rm):
    client.force_login(rm)

    assert client.get("/bench/bare").status_code == 404


@pytest.mark.django_db
def test_the_bench_urls_add_the_bare_view_to_the_portals(client, rm, settings):
    settings.ROOT_URLCONF = "benchmarks.urls"
    client.force_login(rm)

    assert client.get("/bench/bare").content == b"ok"
    assert client.get("/accessibility/").status_code == 200
