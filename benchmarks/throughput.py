"""Page throughput: wrk against gunicorn, the way production serves pages.

gunicorn with 2 sync workers and the production settings (benchmarks/settings.py: only HTTPS
and two-factor set-up are off, for loopback), PostgreSQL and Redis from DATABASE_URL and
REDIS_URL, the demo data in a database of its own (`<name>_bench`, dropped and rebuilt each run,
so your own data is never touched), and signed-in sessions for several roles. For each page
(benchmarks/pages.py): requests/s, p50/p95/p99, queries per request, and its ratio to the
lightest signed-in page and to a bare Django view, all from one run; written to
bench/results.json.

    BENCH_DURATION=5 BENCH_CONNECTIONS=8 python -m benchmarks.throughput
    BENCH_PAGES="RM-home touchpoint-list" ...   # only these (the two baselines always run)
    BENCH_REBUILD=0 ...                         # reuse the bench database of the last run
    BENCH_DATA=scale ...                        # the demo data with seed_scale's on top
    PAGE_CACHE=off ...                          # every request renders its page
    PAGE_CACHE=off KEPT_RESULTS=off ...         # ... and works out every kept result too

With BENCH_DATA=scale the same pages are measured against the demo data plus `seed_scale
--vanguards $BENCH_SCALE_VANGUARDS --years $BENCH_SCALE_YEARS` (default 200 and 5) added on top,
in a database of its own (`<name>_bench_scale`), so the demo sign-ins see a national programme
(the RM lead, admins and programme lead every vanguard, 100,000 more touchpoints); the results
go under "at_scale" in bench/results.json, beside the demo data's.

wrk's numbers are wall-clock: on a busy machine they move with everything else that runs. Ratios
within one run are steadier; `python -m benchmarks.profile` gives repeatable in-process numbers.
Each page is followed by the lightest page again ("× beside": the page's requests/s over the
lightest page's measured straight after it), which moves less with the machine's state than
the ratio to the run's one measurement of the lightest page ("× lightest").
"""

import json
import os
import platform
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2

from benchmarks.pages import BARE, LIGHTEST, PAGES, page_named

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
SESSIONS_PER_USER = 8  # one per connection, so requests do not queue on one session row
WORKERS = 2

# wrk: each request takes the next session cookie; at the end, one JSON line of results.
WRK_SCRIPT = """
local cookies = {%s}
local n = 0
request = function()
  n = n + 1
  if #cookies > 0 then
    wrk.headers["Cookie"] = cookies[(n %% #cookies) + 1]
  end
  return wrk.format("GET", "%s")
end
"""
# A form sent filled in: each request's summary is its own (thread and count), so the guard
# against the same form sent twice (workwell/submissions.py) lets every one be saved.
WRK_SEND_SCRIPT = """
local cookies = {%s}
local form = %s
local n = 0
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
request = function()
  n = n + 1
  wrk.headers["Cookie"] = cookies[(n %% #cookies) + 1]
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  local body = form .. "&summary=Bench+touchpoint+" .. tid .. "-" .. n
  return wrk.format("POST", "%s", nil, body)
end
"""
WRK_DONE = """
done = function(summary, latency, requests)
  local s = summary.duration / 1e6
  io.write(string.format(
    '{"requests": %%d, "seconds": %%.3f, "rps": %%.2f, "p50_ms": %%.2f, "p95_ms": %%.2f, ' ..
    '"p99_ms": %%.2f, "max_ms": %%.2f, "non_2xx": %%d, "socket_errors": %%d}\\n',
    summary.requests, s, summary.requests / s, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def at_scale() -> bool:
    data = os.environ.get("BENCH_DATA", "demo")
    if data not in ("demo", "scale"):
        raise SystemExit("BENCH_DATA is demo (the default) or scale.")
    return data == "scale"


def page_cache_off() -> bool:
    """PAGE_CACHE=off: every request renders its page (workwell/page_cache.py), to measure
    what rendering costs; by default pages are kept, as in production."""
    return os.environ.get("PAGE_CACHE", "on").lower() in ("off", "false", "0", "no")


def kept_results_off() -> bool:
    """KEPT_RESULTS=off (with PAGE_CACHE=off): nothing kept, not even the results kept until
    their tables change (workwell/kept.py): every request works out everything."""
    return os.environ.get("KEPT_RESULTS", "on").lower() in ("off", "false", "0", "no")


def scale_size() -> tuple[str, str]:
    return (
        str(max(int(size) for size in os.environ.get("BENCH_SCALE_VANGUARDS", "200").split())),
        os.environ.get("BENCH_SCALE_YEARS", "5"),
    )


def bench_environment() -> dict:
    """The environment gunicorn and manage.py run with: a database of the bench's own."""
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres") or not os.environ.get("REDIS_URL"):
        raise SystemExit("The page bench needs PostgreSQL and Redis: run it with `make bench`.")
    parts = urlsplit(database_url)
    suffix = "_bench_scale" if at_scale() else "_bench"
    bench_url = parts._replace(path=parts.path + suffix).geturl()
    return os.environ | {
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DATABASE_URL": bench_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "REQUIRE_MFA": "false",
        "PYTHONPATH": str(ROOT),
    }


def recreate_database(database_url: str) -> None:
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(parts._replace(path="/postgres").geturl())
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def forget_sent_touchpoints(env: dict) -> None:
    """benchmarks/sent.py: the touchpoints sent forms saved do not pile up run after run."""
    code = "from benchmarks.sent import delete_sent_touchpoints; delete_sent_touchpoints()"
    manage(env, "shell", "--no-imports", "-c", code)


def sessions_and_queries(env: dict, pages) -> dict:
    """Session cookies per demo account and the query count of each page, from a process set
    up like a gunicorn worker (the bench settings, the bench database)."""
    code = """
import datetime, json, sys, django
from urllib.parse import urlencode
django.setup()
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.crypto import get_random_string
from vanguards.models import Vanguard
from workwell.models import User
pages, per_user = json.loads(sys.argv[1]), int(sys.argv[2])
cookies, queries, forms, name = {}, {}, {}, settings.SESSION_COOKIE_NAME
for email in sorted({email for _, email, _ in pages if email}):
    user = User.objects.get(email=email)
    cookies[email] = []
    for _ in range(per_user):
        client = Client()
        client.force_login(user)
        cookies[email].append(name + "=" + client.cookies[name].value)
for path, email, sent in pages:
    client = Client()
    if email:
        client.force_login(User.objects.get(email=email))
    if sent:  # a new touchpoint with the RM's vanguard the profile page shows, for yesterday
        secret = get_random_string(32)
        day = datetime.date.today() - datetime.timedelta(days=1)
        vanguard = Vanguard.objects.get(slug="greater-manchester")
        form = {
            "csrfmiddlewaretoken": secret, "date_0": day.day, "date_1": day.month,
            "date_2": day.year, "kind": "check_in", "channel": "video", "duration_minutes": 30,
            "vanguards": vanguard.pk, "internal_notes": "", "rag": "green", "rag_reason": "",
            "status": "complete", "actions-TOTAL_FORMS": 0, "actions-INITIAL_FORMS": 0,
            "actions-MIN_NUM_FORMS": 0, "actions-MAX_NUM_FORMS": 20,
        }
        forms[path + " " + email] = [urlencode(form), "csrftoken=" + secret]
        client.cookies["csrftoken"] = secret
        with CaptureQueriesContext(connection) as rendered:
            response = client.post(path, form | {"summary": "Bench touchpoint 0"})
        assert response.status_code == 302, (path, email, response.status_code)
        queries[path + " " + email] = [len(rendered), len(rendered)]
        continue
    with CaptureQueriesContext(connection) as rendered:
        client.get(path)
    with CaptureQueriesContext(connection) as kept:
        response = client.get(path)
    assert response.status_code == 200, (path, email, response.status_code)
    queries[path + " " + email] = [len(rendered), len(kept)]
print(json.dumps({"cookies": cookies, "queries": queries, "forms": forms}))
"""
    wanted = json.dumps([[page.path, page.email, page.sent] for page in pages])
    result = subprocess.run(
        [sys.executable, "-c", code, wanted, str(SESSIONS_PER_USER)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env: dict, port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "workwell.wsgi:application",
            "--workers", str(WORKERS), "--worker-class", "sync",
            "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
        ],
        cwd=ROOT,
        env=env,
    )  # fmt: skip
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit("gunicorn did not start") from None
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("gunicorn did not answer /healthz")


def run_wrk(
    port: int, path: str, cookies: list[str], seconds: int, connections: int, form=None
) -> dict:
    """wrk against one page: read (GET), or with `form` (its fields urlencoded, and the CSRF
    cookie that goes with them) sent as a POST."""
    if form:
        fields, csrf_cookie = form
        lua_cookies = ", ".join(json.dumps(f"{cookie}; {csrf_cookie}") for cookie in cookies)
        text = WRK_SEND_SCRIPT % (lua_cookies, json.dumps(fields), path)
    else:
        lua_cookies = ", ".join(json.dumps(cookie) for cookie in cookies)
        text = WRK_SCRIPT % (lua_cookies, path)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(text + WRK_DONE % ())
    try:
        result = subprocess.run(
            [
                "wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds:g}s",
                "--timeout", "10s", "-s", script.name, f"http://127.0.0.1:{port}{path}",
            ],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
    finally:
        os.unlink(script.name)
    return json.loads(result.stdout.strip().splitlines()[-1])


def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "system": platform.platform(),
        "load_average_at_start": os.getloadavg(),
    }


def print_table(rows: list[dict]) -> None:
    header = (
        f"{'page':34} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
        f"{'queries':>7} {'kept':>4} {'× lightest':>10} {'× beside':>8} {'× bare':>7}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        flag = "  (non-2xx or errors!)" if row["non_2xx"] or row["socket_errors"] else ""
        if not row["requests"]:
            flag = "  (no request finished: make BENCH_DURATION longer)"
        print(
            f"{row['page']:34} {row['rps']:7.1f} {row['p50_ms']:7.1f} {row['p95_ms']:7.1f} "
            f"{row['p99_ms']:7.1f} {row['queries']:7d} {row['queries_kept']:4d} "
            f"{row['ratio_to_lightest']:10.2f} {row['ratio_to_lightest_beside']:8.2f} "
            f"{row['ratio_to_bare']:7.2f}{flag}"
        )


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk not found: run scripts/ensure-system-deps.sh")
    seconds = int(os.environ.get("BENCH_DURATION", "5"))
    connections = int(os.environ.get("BENCH_CONNECTIONS", "8"))
    wanted = os.environ.get("BENCH_PAGES", "").split()
    pages = [page_named(key) for key in wanted] if wanted else PAGES
    pages = [page for page in PAGES if page in pages or page in (BARE, LIGHTEST)]

    env = bench_environment()
    started = machine()
    database = urlsplit(env["DATABASE_URL"]).path[1:]
    if os.environ.get("BENCH_REBUILD", "1") == "1":
        print(f"==> page bench: the demo data in a fresh database {database}")
        recreate_database(env["DATABASE_URL"])
        manage(env, "migrate", "--verbosity", "0")
        manage(env, "seed_demo", "--force")
        if at_scale():
            vanguards, years = scale_size()
            print(f"==> and seed_scale --vanguards {vanguards} --years {years} on top")
            manage(env, "seed_scale", "--force", "--vanguards", vanguards, "--years", years)
    else:
        print(f"==> page bench: reusing database {database} (BENCH_REBUILD=0)")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    forget_sent_touchpoints(env)
    setup = sessions_and_queries(env, pages)

    port = free_port()
    gunicorn = start_gunicorn(env, port)
    rows = []
    try:
        for page in pages:
            cookies = setup["cookies"].get(page.email, [])
            form = setup["forms"].get(f"{page.path} {page.email}")
            run_wrk(port, page.path, cookies, 1, connections, form)  # warm both workers up
            result = run_wrk(port, page.path, cookies, seconds, connections, form)
            if page not in (BARE, LIGHTEST):
                # The lightest page again, straight after: a ratio to it moves less with the
                # machine's state than a ratio to the run's one measurement of it.
                lightest_cookies = setup["cookies"].get(LIGHTEST.email, [])
                beside = run_wrk(port, LIGHTEST.path, lightest_cookies, seconds, connections)
                result["lightest_beside_rps"] = beside["rps"]
            result |= {
                "page": page.name,
                "path": page.path,
                "signed_in_as": page.email or None,
                # Queries to render the page, and to send it again while kept (page_cache).
                "queries": setup["queries"][f"{page.path} {page.email}"][0],
                "queries_kept": setup["queries"][f"{page.path} {page.email}"][1],
            }
            rows.append(result)
            print(f"    {page.name}: {result['rps']:.1f} req/s", flush=True)
            if page.sent:
                forget_sent_touchpoints(env)
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)

    by_name = {row["page"]: row for row in rows}
    lightest, bare = by_name[LIGHTEST.name]["rps"], by_name[BARE.name]["rps"]
    for row in rows:
        # No request finished in time (a very busy machine, or too short a BENCH_DURATION).
        row["ratio_to_lightest"] = row["rps"] / lightest if lightest else 0.0
        beside = row.get("lightest_beside_rps", lightest)
        row["ratio_to_lightest_beside"] = row["rps"] / beside if beside else 0.0
        row["ratio_to_bare"] = row["rps"] / bare if bare else 0.0
    print()
    print_table(rows)

    data = "manage.py seed_demo --force"
    if at_scale():
        data += " && manage.py seed_scale --force --vanguards {} --years {}".format(*scale_size())
    run = {
        "taken_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": started | {"load_average_at_end": os.getloadavg()},
        "setup": {
            "server": f"gunicorn, {WORKERS} sync workers, benchmarks.settings",
            "client": f"wrk, 2 threads, {connections} connections, {seconds} s a page",
            "data": data,
            "lightest_signed_in_page": LIGHTEST.name,
            "bare_view": BARE.name,
            "page_cache": "off" if page_cache_off() else "on",
            "kept_results": "off" if kept_results_off() else "on",
        },
        "pages": rows,
    }
    # The demo data's run at the top level, the scale data's under "at_scale", each with the
    # page cache off under "without_page_cache"; each run keeps the others' and the timings'.
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    place = results.setdefault("at_scale", {}) if at_scale() else results
    if kept_results_off():  # nothing kept at all: every page and result worked out
        place["nothing_kept"] = run
    elif page_cache_off():
        place["without_page_cache"] = run
    else:
        kept = ("at_scale", "timings", "without_page_cache", "nothing_kept")
        for key in [key for key in place if key not in kept]:
            del place[key]
        place |= run
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    where = ["at_scale"] * at_scale() + ["without_page_cache"] * page_cache_off()
    where += ["nothing_kept"] * kept_results_off()
    under = f" under {'/'.join(where)}" if where else ""
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}{under}")


if __name__ == "__main__":
    main()
