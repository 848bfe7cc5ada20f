"""Signed-in pages kept between requests until the data they could show changes.

A page is a function of who asks (the user and their session), what they ask for (the path
and query string), the time (deadlines and "overdue" count from today, an event has started
or not), the code that renders it, and the data in PostgreSQL. So a page rendered once may be
sent again, as it was, to the same session asking the same address within the same minute of
the clock, for as long as no data has changed (an event starting on the minute shows as
started from that minute on). Five rounds of making the pages cheaper to build left the ORM's
SQL compilation and the template engine's per-row work; a page sent again does neither.

"No data has changed" is one number, the data generation: a PostgreSQL sequence that moves on
after every transaction that wrote anything (an INSERT, UPDATE, DELETE, TRUNCATE or COPY
through any of Django's connections: the ORM, `.update()`, bulk writes and raw SQL alike, in
web processes, Celery workers and management commands; workwell/postgresql is the database
backend that watches them). It moves *after* the commit, so a
request that reads the new number also sees the new data; a page rendered from data older than
the number it is kept under cannot exist. The only writes that do not move it are the session
table's (the idle-expiry slide, once a minute per person), which change no page. Writes made
outside Django (psql by hand) are not seen: run `manage.py clear_page_cache` afterwards
(scripts/restore.sh does the same after restoring a backup).

What is per request in a page is put back when it is sent again: each CSRF token is a new one
(so every sent form is still told apart, workwell/submissions.py). A request with messages to
show is rendered afresh, and a page is not kept when rendering it showed messages, set cookies
or changed the session, or when it is anything but a 200 HTML page (downloads, redirects,
refusals). Sign-in and account pages, the admin and the API are never kept. Inside a
transaction (every test but transactional ones) pages are neither kept nor sent again: what it
sees may not be what others see. Without PostgreSQL and Redis (`make run`'s SQLite default)
nothing is kept. When Redis does not answer, pages are rendered as if nothing were kept.
"""

import hashlib
import logging
import os
import re
import sys
import zlib

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection, connections
from django.db.models import QuerySet
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import resolve
from django.utils import timezone

logger = logging.getLogger(__name__)

SEQUENCE = "workwell_data_generation"
TABLES = "workwell_table_generation"  # each table's last generation (workwell/kept.py)
EVERY_TABLE = "*"  # a write whose table is not known (TRUNCATE may cascade): every table
# Statements that change data. Left out: the session table's (see above; what a session holds
# is part of a page's key instead) and the same-form guard's (workwell/submissions.py), which
# no page shows.
WRITE = re.compile(r"\s*(?:INSERT|UPDATE|DELETE|TRUNCATE|COPY|MERGE)\b", re.IGNORECASE)
# A statement led by common table expressions writes where one of them or its last part does
# (vanguards.services.touchpoints inserts a touchpoint, its rows and its record in one): each
# table after INSERT INTO, MERGE INTO, UPDATE (not a read's FOR [NO KEY] UPDATE, nor an
# insert's ON CONFLICT DO UPDATE) or DELETE FROM.
WITH = re.compile(r"\s*WITH\b", re.IGNORECASE)
WRITES_IN = re.compile(
    r"\b(?:INSERT\s+INTO|MERGE\s+INTO|(?<!FOR )(?<!KEY )(?<!DO )UPDATE|DELETE\s+FROM)\s+(\S+)",
    re.IGNORECASE,
)
QUIET_TABLES = ('"django_session"', '"workwell_formsubmission"')
NEVER_KEPT = ("/accounts/", "/admin/", "/api/", "/healthz", "/static/", "/media/")
KEPT_SECONDS = 60  # the minute in the key has passed by then
CSRF_INPUT = re.compile(rb'(<input type="hidden" name="csrfmiddlewaretoken" value=")[^"]*(")')
TOKEN_HOLE = b"\x00csrf\x00"


# --- The data generation ---------------------------------------------------------------------


# to_regclass: before the migration that makes the sequence has run, nothing is kept.
GENERATION_ADVANCE = f"SELECT nextval(to_regclass('{SEQUENCE}'))"
LEAP = """SELECT setval(seq, greatest(coalesce(pg_sequence_last_value(seq), 0) + 1,
    (extract(epoch FROM clock_timestamp()) * 1000)::bigint))
  FROM (SELECT to_regclass(%s) AS seq) AS generation WHERE seq IS NOT NULL"""


# The table a statement writes, as Django writes them; anything else counts as every table.
WRITTEN = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"(\w+)"', re.IGNORECASE)
QUOTED_TABLE = re.compile(r'"(\w+)"')
# The data generation moved on, and with it the generation of each table written (named
# sorted, so that two writers lock the tables' rows in the same order).
TABLES_ADVANCE = """WITH next AS (SELECT nextval('workwell_data_generation') AS generation)
INSERT INTO workwell_table_generation (name, generation)
SELECT name, generation FROM unnest(%s::text[]) AS name, next
ON CONFLICT (name) DO UPDATE
SET generation = greatest(workwell_table_generation.generation, excluded.generation)"""


# Signing in sets the person's last sign-in (django.contrib.auth's update_last_login; the
# user's save writes its staff flags with it, worked out from the role, which is unchanged),
# which only the admin shows, and the admin is never kept: without this, every sign-in anywhere
# would forget every kept page and every kept result that names people (the users' table).
SIGN_IN_WRITE = re.compile(
    r'UPDATE "workwell_user" SET "last_login" = %s'
    r'(?:, "(?:is_superuser|is_staff)" = %s)* WHERE "workwell_user"\."id" = %s'
)


def writes(sql: str) -> bool:
    """Whether a statement changes data that pages could show."""
    return (
        bool(WRITE.match(sql) or (WITH.match(sql) and WRITES_IN.search(sql)))
        and not any(table in sql for table in QUIET_TABLES)
        and not SIGN_IN_WRITE.fullmatch(sql)
    )


def written_tables(sql: str) -> list[str]:
    """The tables a writing statement changes; EVERY_TABLE for one that is not plain."""
    match = WRITTEN.match(sql)
    if match:
        return [match[1]]
    if not WITH.match(sql):
        return [EVERY_TABLE]
    tables = [QUOTED_TABLE.fullmatch(name) for name in WRITES_IN.findall(sql)]
    return [table[1] if table else EVERY_TABLE for table in tables] or [EVERY_TABLE]


def advance_generation(using: str = "default") -> None:
    with connections[using].cursor() as cursor:
        cursor.execute(GENERATION_ADVANCE)


def leap_generation(using: str = "default") -> None:
    """Move the generation past any number it could have had before, the current time in
    milliseconds (more than one write a millisecond is not to be had): after a backup is
    restored over the database, its older number could meet pages kept since (as
    scripts/restore.sh does)."""
    with connections[using].cursor() as cursor:
        cursor.execute(LEAP, [SEQUENCE])
        cursor.execute(
            "SELECT to_regclass(%s) IS NOT NULL AND to_regclass(%s) IS NOT NULL", [SEQUENCE, TABLES]
        )
        if cursor.fetchone()[0]:  # every kept result worked out afresh
            cursor.execute(TABLES_ADVANCE, [[EVERY_TABLE]])


def generation(using: str = "default") -> int | None:
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT pg_sequence_last_value(to_regclass(%s))", [SEQUENCE])
        return cursor.fetchone()[0]


# --- Counts shared until the data changes ---------------------------------------------------


def kept_count(queryset: QuerySet) -> int:
    """`queryset.count()`, shared by every request counting the same query until the data
    changes. A list's count reads every row it counts (100,000 touchpoints: about 7 ms of
    PostgreSQL a page), while everyone who may see the same rows asks the same query; unlike a
    kept page, a kept count serves other people and their first requests too.

    Kept under the data generation, read before counting (so the count is of data at least as
    new as the number it is kept under, as for pages), the minute (so, as for pages, a count is
    never more than a minute behind when a generation could not be moved on) and the count's
    SQL with its parameters (so two people, lists or filters share a count only when they count
    the same rows). Not kept inside a transaction, which may see what others do not, or without
    workwell.postgresql's data generation (SQLite). A query that can match nothing (a rule
    such as permissions.NOTHING) has no SQL: it counts none."""
    link = connections[queryset.db]
    if not hasattr(link, "tables_written") or link.in_atomic_block:
        return queryset.count()
    now = generation(queryset.db)
    if now is None:
        return queryset.count()
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return 0
    parts = [link.settings_dict["NAME"], str(now), minute(), sql, repr(params)]
    key = "count:" + hashlib.sha256("\0".join(parts).encode()).hexdigest()
    count = _cache_call(cache.get, key)
    if count is None:
        count = queryset.count()
        _cache_call(cache.set, key, count, KEPT_SECONDS)
    return count


# --- Keeping pages ---------------------------------------------------------------------------


def _release() -> str:
    """What the code is: PAGE_CACHE_RELEASE from the environment when a deployment sets one,
    otherwise a digest of every source file's name, size and modification time, so a page kept
    by one version of the code is never sent by another."""
    digest = hashlib.sha256()
    skip = {".git", ".venv", "node_modules", "__pycache__", "media", "bench", "tests"}
    for root, dirs, files in os.walk(settings.BASE_DIR):
        dirs[:] = sorted(name for name in dirs if name not in skip)
        for name in sorted(files):
            if name.endswith((".py", ".html", ".jinja", ".json", ".css", ".js", ".lock")):
                stat = os.stat(os.path.join(root, name))
                digest.update(f"{root}/{name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


RELEASE = os.environ.get("PAGE_CACHE_RELEASE") or _release()
_CONFIGURATIONS: dict[int, tuple[object, str]] = {}


def settings_text() -> str:
    """The settings' names and values, the same in every process run with the same ones."""
    names = sorted(name for name in dir(settings) if name.isupper())
    return repr([(name, getattr(settings, name, None)) for name in names])


def configuration() -> str:
    """The code and the settings it runs with (the environment's): a page kept under one
    configuration is never sent under another. Worked out once per settings object (tests'
    override_settings make new ones)."""
    holder = settings._wrapped
    known = _CONFIGURATIONS.get(id(holder))
    if known is None or known[0] is not holder:
        digest = hashlib.sha256(f"{RELEASE}{settings_text()}".encode()).hexdigest()[:16]
        known = _CONFIGURATIONS[id(holder)] = (holder, digest)
    return known[1]


def enabled() -> bool:
    return settings.PAGE_CACHE and hasattr(connection, "tables_written")  # workwell.postgresql


def minute() -> str:
    return timezone.localtime().isoformat(timespec="minutes")


def page_key(request) -> str | None:
    """The key the request's page is kept under, or None when it may not be kept."""
    if (
        request.method != "GET"
        or not request.user.is_authenticated
        or request.path.startswith(NEVER_KEPT)
        or "_export" in request.GET
        or connection.in_atomic_block
        or len(getattr(request, "_messages", ())) > 0
    ):
        return None
    now = generation()
    if now is None:
        return None
    cookies = sorted(
        (name, value)
        for name, value in request.COOKIES.items()
        if name != settings.CSRF_COOKIE_NAME
    )
    parts = [
        configuration(),
        connection.settings_dict["NAME"],
        str(now),
        minute(),
        str(request.user.pk),
        repr(cookies),
        repr(sorted(request.session.items())),  # e.g. an upload waiting to be confirmed
        request.get_full_path(),
    ]
    return "page:" + hashlib.sha256("\0".join(parts).encode()).hexdigest()


def keepable(request, response, session_modified_before: bool) -> bool:
    messages = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not response.has_header("Content-Disposition")
        and not response.cookies
        and not (messages is not None and (messages.used or messages.added_new))
        and request.session.modified == session_modified_before
    )


def kept_form(response) -> dict:
    content = CSRF_INPUT.sub(rb"\1" + TOKEN_HOLE + rb"\2", response.content)
    # Compressed (HTML shrinks about eightfold): Redis also holds the task queue.
    return {"content": zlib.compress(content, 1), "headers": list(response.headers.items())}


def sent_again(request, kept: dict) -> HttpResponse:
    content = zlib.decompress(kept["content"])
    if TOKEN_HOLE in content:
        pieces = content.split(TOKEN_HOLE)
        content = pieces[0] + b"".join(get_token(request).encode() + piece for piece in pieces[1:])
    response = HttpResponse(content)
    for name, value in kept["headers"]:
        response[name] = value
    return response


def _cache_call(method, *args):
    try:
        return method(*args)
    except Exception:  # Redis down or failing: render as if nothing were kept
        logger.warning("Page cache unavailable: %s", sys.exc_info()[1])
        return None


class PageCacheMiddleware:
    """Sends a kept page again, or renders the page and keeps it (see the module's docstring).
    After the authentication, messages and two-factor middleware, before the view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = page_key(request) if enabled() else None
        if key is None:
            return self.get_response(request)
        kept = _cache_call(cache.get, key)
        if kept is not None:
            request.resolver_match = resolve(request.path_info)  # for the request log
            return sent_again(request, kept)
        modified = request.session.modified
        response = self.get_response(request)
        if keepable(request, response, modified):
            _cache_call(cache.set, key, kept_form(response), KEPT_SECONDS)
        return response
