"""Profile pages in-process through Django's test client, under the bench settings.

    DATABASE_URL=... REDIS_URL=... uv run python -m benchmarks.profile touchpoint-list [-n 200]
        [--profile] [--sort tottime] [--limit 40]

Needs a database with the demo data (`manage.py seed_demo --force` under benchmarks.settings).
Prints requests/s over n requests after a warm-up; with --profile, cProfile's top functions.
In-process numbers do not depend on how busy the machine's other cores are, so they are the
ones to compare before and after a change.
"""

import argparse
import cProfile
import os
import pstats
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from benchmarks.pages import PAGES, page_named  # noqa: E402
from workwell.models import User  # noqa: E402


def client_for(page) -> Client:
    client = Client()
    if page.email:
        client.force_login(User.objects.get(email=page.email))
    return client


def requests_per_second(page, count: int) -> tuple[float, float, int]:
    """Requests/s by the wall clock and by this process's CPU time (which leaves out waiting
    for PostgreSQL and for other processes on a busy machine), and the page's query count."""
    client = client_for(page)
    for _ in range(5):  # compile templates, open the connection
        assert client.get(page.path).status_code == 200, page
    with CaptureQueriesContext(connection) as queries:
        client.get(page.path)
    query_count = len(queries)  # now: the next request's reset_queries empties the log
    start, cpu_start = time.perf_counter(), time.process_time()
    for _ in range(count):
        client.get(page.path)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    return count / wall, count / cpu, query_count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("pages", nargs="*", help="page keys; all pages when none")
    parser.add_argument("-n", type=int, default=200, help="requests per page")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("--dump", help="also write the profile to this file (pstats format)")
    args = parser.parse_args()
    pages = [page_named(name) for name in args.pages] or PAGES
    pages = [page for page in pages if not page.sent]  # forms sent: the wrk bench only
    for page in pages:
        if args.profile:
            client = client_for(page)
            client.get(page.path)
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.n):
                client.get(page.path)
            profiler.disable()
            if args.dump:
                profiler.dump_stats(args.dump)
            pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.limit)
        else:
            rate, cpu_rate, queries = requests_per_second(page, args.n)
            print(
                f"{page.name:36} {rate:7.1f} req/s {1000 / rate:7.2f} ms wall "
                f"{cpu_rate:7.1f} req/s {1000 / cpu_rate:7.2f} ms CPU  {queries:3} queries"
            )


if __name__ == "__main__":
    main()
