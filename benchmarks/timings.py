"""`make bench`'s timings at national scale: documents, snapshots and exports.

On `seed_scale` data (a database of its own per size, `<name>_scale<N>`, built when missing or
when its size differs, so your own data is never touched), with the production settings the
page bench uses (benchmarks/settings.py):

- the national quarterly PDF for each size, one vanguard's PDF and the toolkit PDF: seconds,
  pages and seconds per page, through the builders the document pipeline's worker calls;
- a quarter's snapshot for each size, through the service the Celery task calls;
- exporting every touchpoint of the largest size to CSV and XLSX through the list's HTTP route
  (`/touchpoints/?_export=…`, Django's test client, signed in as the admin): time to the first
  byte, total time and bytes, so whatever the export does (built in memory or streamed) is
  what is measured.

Times are wall-clock seconds and the process's CPU seconds (on a machine shared with other
work, the CPU time is the steadier of the two). Each measurement runs in a fresh process, so
its peak memory is its own: the process's peak resident set (getrusage's ru_maxrss) and, for
the operation, the rise of that peak over the process's size just before the operation
started. Results are printed as a table and merged
into bench/results.json under "timings" (the page bench's results are kept).

Each PDF is measured twice, each time in a fresh process: "cold", the first document that
process builds (what the first document after a worker starts costs: WeasyPrint's modules
loaded on first use, the templates compiled, fonts looked up, the heap grown), and "warm",
built after one vanguard's quarterly report (another vanguard's, for the vanguard PDF) has been
built in the same process, untimed, as a Celery worker that has been running has. Documents are
built by long-running workers (no `max_tasks_per_child`), so issue 13's targets for the PDFs
(national report for 15 vanguards under 5 s and 0.1 s a page) are judged on the warm figure;
the cold one is reported beside it, in the table and in results.json (`"start"`). A warm
row's peak is the process's, the warm-up's included; its rise is what the measured build added
above that (nothing, for a document smaller than the warm-up).

    BENCH_SCALE_VANGUARDS="15 200"   # the sizes (the largest is used for the single-vanguard
                                     # PDF, the toolkit PDF and the exports)
    BENCH_SCALE_YEARS=5              # years of history: 100 touchpoints per vanguard a year
    BENCH_SCALE_REBUILD=1            # rebuild the scale databases even if they fit
    BENCH_SCALE_VANGUARDS=3 BENCH_SCALE_YEARS=1 python -m benchmarks.timings   # a quick check
"""

import json
import os
import re
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime
from urllib.parse import urlsplit

import psycopg2

from benchmarks.throughput import RESULTS, ROOT, bench_environment, machine, recreate_database

# (measurement, sizes it runs for: "each" or "largest"); the PDFs are measured cold and warm
MEASUREMENTS = [
    ("snapshot", "each"),
    ("national-pdf", "each"),
    ("vanguard-pdf", "largest"),
    ("toolkit-pdf", "largest"),
    ("export-csv", "largest"),
    ("export-xlsx", "largest"),
]


def sizes() -> list[int]:
    return sorted({int(size) for size in os.environ.get("BENCH_SCALE_VANGUARDS", "15 200").split()})


def years() -> int:
    return int(os.environ.get("BENCH_SCALE_YEARS", "5"))


def scale_environment(size: int) -> dict:
    env = bench_environment()
    parts = urlsplit(env["DATABASE_URL"])
    name = parts.path.removesuffix("_bench") + f"_scale{size}"
    return env | {"DATABASE_URL": parts._replace(path=name).geturl()}


def _vanguards_and_years(database_url: str) -> tuple[int, int] | None:
    """How many vanguards and years of touchpoints the database holds, or None if it cannot
    say (missing, or not migrated)."""
    try:
        connection = psycopg2.connect(database_url)
    except psycopg2.OperationalError:
        return None
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT (SELECT count(*) FROM vanguards_vanguard), "
                "(SELECT count(*) FROM vanguards_touchpoint)"
            )
            vanguards, touchpoints = cursor.fetchone()
    except psycopg2.Error:
        return None
    finally:
        connection.close()
    return vanguards, touchpoints // max(vanguards * 100, 1)


def ensure_scale_database(size: int) -> None:
    env = scale_environment(size)
    wanted = (size, years())
    rebuild = os.environ.get("BENCH_SCALE_REBUILD") == "1"
    if not rebuild and _vanguards_and_years(env["DATABASE_URL"]) == wanted:
        print(f"    reusing {urlsplit(env['DATABASE_URL']).path[1:]} ({size} vanguards)")
        return
    print(f"    seed_scale --vanguards {size} --years {years()} (a fresh database)", flush=True)
    recreate_database(env["DATABASE_URL"])
    for args in (
        ["migrate", "--verbosity", "0"],
        ["seed_scale", "--vanguards", str(size), "--years", str(years()), "--force"],
    ):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def measure(what: str, size: int, *, warm: bool = False) -> dict:
    """Run one measurement in a fresh process and return what it printed (a JSON line)."""
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.timings", "measure", what, *(["warm"] if warm else [])],
        cwd=ROOT,
        env=scale_environment(size),
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


# ---- inside the measuring process ----------------------------------------------------------


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _timed(operation) -> dict:
    before = _rss_mb()
    start, cpu_start = time.perf_counter(), time.process_time()
    extra = operation() or {}
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    peak = _rss_mb()
    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "peak_rss_mb": peak,
        "rise_mb": peak - before,
    } | extra


def _last_quarter():
    from django.utils import timezone

    from workwell.dates import Quarter

    return Quarter.containing(timezone.localdate()).previous()


def _admin():
    from workwell.models import User

    return User.objects.get(email="admin@example.com")


def _snapshot():
    """The last closed quarter's latest snapshot, built (untimed) if there is none."""
    from reporting.models import SnapshotBuild
    from reporting.selectors.snapshots import latest_snapshot
    from reporting.services.snapshots import snapshot_build

    quarter = _last_quarter()
    snapshot = latest_snapshot(quarter)
    if snapshot is None:
        build = SnapshotBuild.objects.create(
            year=quarter.year, number=quarter.number, requested_by=_admin()
        )
        snapshot = snapshot_build(build.pk)
    return snapshot


def _pdf(builder, key) -> dict:
    import weasyprint  # noqa: F401 - imported before the clock starts, as a worker has it

    steps = []
    document = _timed(
        lambda: {"bytes": len(builder(str(key), lambda _, s: steps.append(s)).content)}
    )
    # The builders report "Writing N pages" on the way (workwell/documents.py's progress).
    pages = next((int(m[1]) for s in steps if (m := re.search(r"Writing (\d+) pages", s))), 0)
    return document | {
        "pages": pages,
        "seconds_per_page": document["seconds"] / max(pages, 1),
        "cpu_seconds_per_page": document["cpu_seconds"] / max(pages, 1),
    }


def _report(vanguard=None):
    from django.db.models import Max

    from reporting.models import QuarterlyReport

    snapshot = _snapshot()
    revisions = QuarterlyReport.objects.filter(
        year=snapshot.year, number=snapshot.number, vanguard=vanguard
    )
    # The row report_request would make, without queueing its files on a worker: the builder
    # is timed here, in this process.
    return QuarterlyReport.objects.create(
        year=snapshot.year,
        number=snapshot.number,
        vanguard=vanguard,
        revision=(revisions.aggregate(latest=Max("revision"))["latest"] or 0) + 1,
        snapshot=snapshot,
        requested_by=_admin(),
    )


def _measure_snapshot() -> dict:
    from reporting.models import SnapshotBuild
    from reporting.services.snapshots import snapshot_build

    quarter = _last_quarter()
    build = SnapshotBuild.objects.create(
        year=quarter.year, number=quarter.number, requested_by=_admin()
    )

    def run():
        assert snapshot_build(build.pk) is not None, "the snapshot build failed"

    return _timed(run)


def _snapshot_vanguards():
    from vanguards.models import Vanguard

    return Vanguard.objects.filter(slug__in=list(_snapshot().figures["vanguards"]))


def warm_up() -> None:
    """Build one vanguard's quarterly report (the last vanguard's: the vanguard PDF measures the
    first's), untimed, as a worker that has been running has built documents before."""
    from reporting.documents import build_report_pdf

    build_report_pdf(str(_report(_snapshot_vanguards().last()).pk), lambda *_: None)


def _measure_national_pdf() -> dict:
    from reporting.documents import build_report_pdf

    return _pdf(build_report_pdf, _report().pk)


def _measure_vanguard_pdf() -> dict:
    from reporting.documents import build_report_pdf

    return _pdf(build_report_pdf, _report(_snapshot_vanguards().first()).pk)


def _measure_toolkit_pdf() -> dict:
    from learning.documents import build_toolkit_pdf
    from learning.models import ToolkitVersion

    version = ToolkitVersion.objects.filter(status__in=ToolkitVersion.LOCKED).latest("pk")
    return _pdf(build_toolkit_pdf, version.pk)


def _measure_export(export_format: str) -> dict:
    from django.test import Client

    from vanguards.models import Touchpoint

    client = Client()
    client.force_login(_admin())
    client.get("/touchpoints/")  # warm up: templates, the session, the connection

    def run():
        start = time.perf_counter()
        response = client.get(f"/touchpoints/?_export={export_format}")
        assert response.status_code == 200, response.status_code
        if response.streaming:
            chunks = iter(response.streaming_content)
            first = next(chunks, b"")
            first_byte = time.perf_counter() - start
            size = len(first) + sum(len(chunk) for chunk in chunks)
        else:
            first_byte = time.perf_counter() - start
            size = len(response.content)
        return {"first_byte_seconds": first_byte, "bytes": size, "streamed": response.streaming}

    return _timed(run) | {"rows": Touchpoint.objects.count()}


def measure_here(what: str, *, warm: bool = False) -> None:
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host, without touching the database
    operations = {
        "snapshot": _measure_snapshot,
        "national-pdf": _measure_national_pdf,
        "vanguard-pdf": _measure_vanguard_pdf,
        "toolkit-pdf": _measure_toolkit_pdf,
        "export-csv": lambda: _measure_export("csv"),
        "export-xlsx": lambda: _measure_export("xlsx"),
    }
    if warm:
        warm_up()
    print(json.dumps(operations[what]()))


# ---- the runner -----------------------------------------------------------------------------


def print_table(rows: list[dict]) -> None:
    header = (
        f"{'measurement':14} {'start':5} {'vanguards':>9} {'seconds':>8} {'cpu s':>6} {'pages':>6} "
        f"{'s/page':>7} {'cpu s/p':>7} "
        f"{'1st byte s':>10} {'rows':>7} {'peak MB':>8} {'rise MB':>8}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:

        def cell(key, width, spec, row=row):
            return f"{row[key]:{width}{spec}}" if key in row else " " * (width - 1) + "-"

        print(
            f"{row['measurement']:14} {row.get('start', '-'):5} {row['vanguards']:9d} "
            f"{row['seconds']:8.2f} "
            f"{cell('cpu_seconds', 6, '.2f')} "
            f"{cell('pages', 6, 'd')} {cell('seconds_per_page', 7, '.3f')} "
            f"{cell('cpu_seconds_per_page', 7, '.3f')} "
            f"{cell('first_byte_seconds', 10, '.2f')} {cell('rows', 7, 'd')} "
            f"{row['peak_rss_mb']:8.0f} {row['rise_mb']:8.0f}"
        )


def main() -> None:
    wanted = sizes()
    print(f"==> timings: seed_scale data for {', '.join(map(str, wanted))} vanguards")
    for size in wanted:
        ensure_scale_database(size)
    # The pages the export warms up with need the static files' manifest (production storage).
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=scale_environment(wanted[-1]),
        check=True,
    )
    started = machine()
    rows = []
    for what, which in MEASUREMENTS:
        for size in wanted if which == "each" else wanted[-1:]:
            for start in ("cold", "warm") if what.endswith("-pdf") else (None,):
                row = {"measurement": what, "vanguards": size}
                if start:
                    row["start"] = start
                row |= measure(what, size, warm=start == "warm")
                rows.append(row)
                print(
                    f"    {what} ({size} vanguards{f', {start}' if start else ''}): "
                    f"{row['seconds']:.2f} s, {row['cpu_seconds']:.2f} s CPU",
                    flush=True,
                )
    print()
    print_table(rows)

    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["timings"] = {
        "taken_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": started | {"load_average_at_end": os.getloadavg()},
        "setup": {
            "data": f"manage.py seed_scale --vanguards N --years {years()}",
            "settings": "benchmarks.settings (production), one fresh process a measurement",
            "memory": "peak_rss_mb: the process's peak RSS; rise_mb: its rise during the operation",
            "start": "PDFs: cold, the process's first document; warm, after one vanguard's report "
            "built untimed in the same process (the targets are judged warm)",
        },
        "rows": rows,
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nmerged into {RESULTS.relative_to(ROOT)} under 'timings'")


if __name__ == "__main__":
    if sys.argv[1:2] == ["measure"]:
        measure_here(sys.argv[2], warm=sys.argv[3:4] == ["warm"])
    else:
        main()
