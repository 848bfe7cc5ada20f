"""Profile pages in-process through Django's test client, under the bench settings.

    DATABASE_URL=... REDIS_URL=... uv run python -m benchmarks.profile touchpoint-list [-n 200]
        [--profile] [--sort tottime] [--limit 40]

Needs a database with the demo data (`manage.py seed_demo --force` under benchmarks.settings).
Prints requests/s over n requests after a warm-up; with --profile, cProfile's top functions.
A form page (`sent`, e.g. touchpoint-form-submit) is measured the way the wrk bench sends it:
a POST of the filled-in form with its CSRF cookie and token checked, a new record each time.
In-process numbers do not depend on how busy the machine's other cores are, so they are the
ones to compare before and after a change.
"""

import argparse
import cProfile
import datetime
import itertools
import os
import pstats
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils.crypto import get_random_string  # noqa: E402

from benchmarks.pages import PAGES, page_named  # noqa: E402
from vanguards.models import Vanguard  # noqa: E402
from workwell.models import User  # noqa: E402


def client_for(page) -> Client:
    # A sent form has its CSRF token checked, as gunicorn does (the test client skips it).
    client = Client(enforce_csrf_checks=page.sent)
    if page.email:
        client.force_login(User.objects.get(email=page.email))
    return client


def touchpoint_form(client: Client) -> dict:
    """The touchpoint form as benchmarks/throughput.py sends it (a check-in with the RM's
    vanguard yesterday, no follow-up actions), its CSRF cookie set on the client."""
    secret = get_random_string(32)
    client.cookies["csrftoken"] = secret
    day = datetime.date.today() - datetime.timedelta(days=1)
    vanguard = Vanguard.objects.get(slug="greater-manchester")
    return {
        "csrfmiddlewaretoken": secret, "date_0": day.day, "date_1": day.month,
        "date_2": day.year, "kind": "check_in", "channel": "video", "duration_minutes": 30,
        "vanguards": vanguard.pk, "internal_notes": "", "rag": "green", "rag_reason": "",
        "status": "complete", "actions-TOTAL_FORMS": 0, "actions-INITIAL_FORMS": 0,
        "actions-MIN_NUM_FORMS": 0, "actions-MAX_NUM_FORMS": 20,
    }  # fmt: skip


def requester(page):
    """A function making one request to the page: a GET, or for a sent form a POST of it with
    a summary of its own, so the same-form guard (workwell/submissions.py) saves every one."""
    client = client_for(page)
    if not page.sent:
        return lambda: client.get(page.path)
    form, numbers = touchpoint_form(client), itertools.count()
    run = get_random_string(8)
    cookies = client.cookies

    def send():  # urlencoded, as wrk sends it (the test client's default is multipart)
        body = urlencode(form | {"summary": f"Profiled touchpoint {run}-{next(numbers)}"})
        # The same cookies every time, as wrk sends them: the client would otherwise keep
        # each redirect's "saved" message and send them all back, a growing cookie.
        client.cookies = SimpleCookie(cookies)
        return client.post(page.path, body, content_type="application/x-www-form-urlencoded")

    return send


def requests_per_second(page, count: int) -> tuple[float, float, int]:
    """Requests/s by the wall clock and by this process's CPU time (which leaves out waiting
    for PostgreSQL and for other processes on a busy machine), and the page's query count."""
    request = requester(page)
    expected = 302 if page.sent else 200
    for _ in range(5):  # compile templates, open the connection
        assert request().status_code == expected, page
    with CaptureQueriesContext(connection) as queries:
        request()
    query_count = len(queries)  # now: the next request's reset_queries empties the log
    start, cpu_start = time.perf_counter(), time.process_time()
    for _ in range(count):
        request()
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
    for page in pages:
        if args.profile:
            request = requester(page)
            request()
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.n):
                request()
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
