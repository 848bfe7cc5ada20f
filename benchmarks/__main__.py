"""`make bench`: measured ratios, each pair timed in the same run on the same machine.

1. The vanguard list with 10x the vanguards (each time one full page is shown): pagination
   and the fixed query budget should keep the ratio near 1.
2. Rendering a GOV.UK component through the portal's cached Jinja macros versus building a
   fresh Jinja environment per render (what a naive integration does).
3. Page throughput (benchmarks/throughput.py): wrk against gunicorn with production settings,
   each page's requests/s, latency and queries, and its ratio to the lightest signed-in page and
   to a bare Django view; written to bench/results.json. BENCH_DURATION (seconds a page,
   default 5) and BENCH_CONNECTIONS (default 8) tune it; BENCH_PAGES picks pages. On the demo
   data and at national scale, each with the page cache on (as in production) and off.

`make bench` then runs the national-scale timings (PDFs, snapshots, exports on seed_scale
data): `python -m benchmarks.timings`, see its docstring.
"""

import os
import statistics
import subprocess
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workwell.settings.test")

import django  # noqa: E402

django.setup()

import jinja2  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def median_seconds(function, repeat: int) -> float:
    function()  # warm up caches and connections
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def bench_vanguard_list() -> None:
    from tests.factories import CohortGroupFactory, UserFactory, VanguardFactory, join_group
    from workwell.models import Role

    rm = UserFactory(role=Role.RM, email="bench-rm@example.com")
    group = CohortGroupFactory(relationship_manager=rm)
    client = Client()
    client.force_login(rm)

    def add(count):
        for _ in range(count):
            join_group(VanguardFactory(), group)

    def page():
        assert client.get("/vanguards/").status_code == 200

    add(25)  # one full page
    small = median_seconds(page, 30)
    add(225)  # ten pages: the page shown still has 25 rows
    large = median_seconds(page, 30)
    print(
        f"vanguard list, 250 vs 25 vanguards: {large * 1000:.1f} ms vs {small * 1000:.1f} ms, "
        f"ratio {large / small:.2f} (pagination keeps this near 1)"
    )


def bench_component_rendering() -> None:
    from workwell.govuk import render_component

    params = {"text": "Save and continue", "classes": "govuk-button--secondary"}

    def cached():
        render_component("button", params)

    def fresh_environment():
        environment = jinja2.Environment(
            loader=jinja2.PrefixLoader(
                {"govuk_frontend_jinja": jinja2.PackageLoader("govuk_frontend_jinja")}
            ),
            autoescape=True,
        )
        template = environment.get_template("govuk_frontend_jinja/components/button/macro.html")
        template.module.govukButton(params)

    fast = median_seconds(cached, 200)
    slow = median_seconds(fresh_environment, 50)
    print(
        f"GOV.UK button render, fresh Jinja environment vs cached macro: "
        f"{slow * 1e6:.0f} µs vs {fast * 1e6:.0f} µs, ratio {slow / fast:.1f}x"
    )


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    # Everything the benchmark creates is rolled back, so it can run against any database.
    with transaction.atomic():
        bench_vanguard_list()
        transaction.set_rollback(True)
    bench_component_rendering()
    # Its own process: other settings (production's) and a database of its own. Each data set
    # as production serves it (pages kept until the data changes), then with every page
    # rendered (PAGE_CACHE=off, on the same database): what the first request after a change
    # costs.
    for data in ("demo", "scale"):
        env = os.environ | {"BENCH_DATA": data}
        subprocess.run([sys.executable, "-m", "benchmarks.throughput"], check=True, env=env)
        rendered = env | {"PAGE_CACHE": "off", "BENCH_REBUILD": "0"}
        subprocess.run([sys.executable, "-m", "benchmarks.throughput"], check=True, env=rendered)


if __name__ == "__main__":
    main()
