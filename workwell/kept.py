"""Results kept until the tables they read change.

A page's heavy part is often the same for everyone who may see the same rows, and changes far
less often than anything at all is written: the maturity heatmap reads assessments, which
change a few times a quarter, while touchpoints are written every few seconds. A kept page
(workwell/page_cache.py) is forgotten at any write; a kept result is forgotten only when one of
the tables it read is written.

Each table has a generation: the data generation of the last transaction that wrote to it,
moved on after the commit by the database backend (workwell/postgresql) in the same round trip
as the data generation. A result is kept in the cache under the highest generation of the
tables it reads (any write to one of them takes a number higher than every earlier one), the
minute (so, as for pages, nothing is kept more than a minute: "today", a deadline passing, and
a generation that could not move on), the code and settings, and what the caller says the
result depends on (the SQL of the querysets it reads, say, so that two people share a result
only when they may see the same rows). The generation is read before the result is worked out,
so a result is never older than the number it is kept under.

Which tables a result reads is learned, not declared: the first time a process works a result
out, the tables named in its queries' FROM and JOIN clauses are noted, and that result is not
kept. A result whose queries later name a table not yet noted (a branch not taken before) is
not kept either, and the table is noted from then on. So a forgotten table cannot leave a
result stale.

A process also keeps the last few results it used (unpickling the maturity heatmap's rows
from the cache costs about 3 ms): the same key, so the same rule for how long. So a kept
result is shared between requests, and must be read, never changed.

Not kept with KEPT_RESULTS=off, inside a transaction (it may see what others do not), without
PostgreSQL's generations (SQLite: `make run`'s default), or when the cache does not answer.
"""

import hashlib
import operator
import re
import threading
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import ProgrammingError, connection
from django.db.models import QuerySet

from workwell import page_cache

READS = re.compile(r'\b(?:FROM|JOIN)\s+"(\w+)"', re.IGNORECASE)
GENERATION = (
    "SELECT coalesce(max(generation), 0) FROM workwell_table_generation WHERE name = ANY(%s)"
)
GENERATIONS = "SELECT name, generation FROM workwell_table_generation"
_TABLES_READ: dict[str, frozenset[str]] = {}  # a result's name: the tables its queries name
_IN_PROCESS: OrderedDict[str, object] = OrderedDict()  # key: result, the newest used last
IN_PROCESS = 32
_WORKING_OUT: list[set[str]] = []  # the tables read so far by each result being worked out


class _Request(threading.local):
    """While a request is served (the request_started and request_finished signals): every
    table's generation, read at its first kept result. Read before any result that uses them
    is worked out, so no result is older than the number it is kept under; read again after
    the request writes (the backend drops them), so it sees its own writes."""

    serving = False
    generations: dict[str, int] | None = None


_REQUEST = _Request()


def request_started(**kwargs) -> None:
    _REQUEST.serving, _REQUEST.generations = True, None


def request_finished(**kwargs) -> None:
    _REQUEST.serving, _REQUEST.generations = False, None


def writing() -> None:
    """This thread's connection wrote: the generations read for the request are behind."""
    _REQUEST.generations = None


def tables_generation(tables) -> int | None:
    """The highest generation of `tables` (or of a write to an unknown table), 0 when none has
    been written since the generations began; None before they exist. In a request, one query
    reads them all for every result it keeps (a page keeps up to six)."""
    names = {*tables, page_cache.EVERY_TABLE}
    try:
        if not _REQUEST.serving:
            with connection.cursor() as cursor:
                cursor.execute(GENERATION, [sorted(names)])
                return cursor.fetchone()[0]
        if _REQUEST.generations is None:
            with connection.cursor() as cursor:
                cursor.execute(GENERATIONS)
                _REQUEST.generations = dict(cursor.fetchall())
    except ProgrammingError:  # not migrated yet (outside a transaction: nothing to roll back)
        return None
    return max(_REQUEST.generations.get(name, 0) for name in names)


def _worked_out(compute):
    """compute()'s result and the tables its queries named, or that the kept results it used
    read (a kept result used inside another sends no query)."""
    read = set()

    def note(execute, sql, params, many, context):
        read.update(READS.findall(sql))
        return execute(sql, params, many, context)

    _WORKING_OUT.append(read)
    try:
        with connection.execute_wrapper(note):
            value = compute()
    finally:
        _WORKING_OUT.pop()
    return value, frozenset(read)


def _used(tables: frozenset[str]) -> None:
    """A kept result was used: whatever is being worked out around it read its tables."""
    for read in _WORKING_OUT:
        read.update(tables)


def kept(name: str, depends_on, compute):
    """compute(), shared by every request asking for the result `name` with the same
    `depends_on` (a string, or anything whose repr is the same in every process) until a table
    it reads is written, or the minute passes. `depends_on` may also be a function giving it,
    called only when the result may be kept (compiling a query to key a result is wasted work
    when nothing is kept)."""
    if (
        not settings.KEPT_RESULTS
        or not hasattr(connection, "tables_written")
        or connection.in_atomic_block
    ):
        return compute()
    tables = _TABLES_READ.get(name)
    now = tables_generation(tables) if tables is not None else None
    if now is None:
        value, read = _worked_out(compute)
        _TABLES_READ[name] = read | (tables or frozenset())
        return value
    if callable(depends_on):
        depends_on = depends_on()
    parts = [
        page_cache.configuration(),
        connection.settings_dict["NAME"],
        name,
        ",".join(sorted(tables)),
        str(now),
        page_cache.minute(),
        repr(depends_on),
    ]
    key = "kept:" + hashlib.sha256("\0".join(parts).encode()).hexdigest()
    if key in _IN_PROCESS:
        _IN_PROCESS.move_to_end(key)
        _used(tables)
        return _IN_PROCESS[key]
    found = page_cache._cache_call(cache.get, key)
    if found is not None:
        value = found[0]  # kept in a tuple: a result may be None
        _used(tables)
    else:
        value, read = _worked_out(compute)
        if not read <= tables:
            _TABLES_READ[name] = tables | read
            return value
        page_cache._cache_call(cache.set, key, (value,), page_cache.KEPT_SECONDS)
    _IN_PROCESS[key] = value
    if len(_IN_PROCESS) > IN_PROCESS:
        _IN_PROCESS.popitem(last=False)
    return value


def forget() -> None:
    """Drop what this process keeps (tests: each starts with nothing kept)."""
    _IN_PROCESS.clear()


def rows_of(rows):
    """What a result worked out from `rows` depends on, for `kept`: a queryset's SQL with its
    parameters (which carry the viewer's rule), or a list's primary keys."""
    if isinstance(rows, QuerySet):
        try:
            return rows.query.sql_with_params()
        except EmptyResultSet:  # a rule that can match nothing has no SQL
            return "nothing"
    return [getattr(row, "pk", row) for row in rows]


class Drawn:
    """Markup drawn from a kept result, kept in the process for the last `size` results and
    keys: a kept result is the same object until a table it read changes or the minute passes
    (a new one is a new object), so what is drawn from it alone is keyed by its identity and
    whatever else the drawing reads. An entry holds its result, so no other object can take
    its id while the entry is kept. With nothing kept (KEPT_RESULTS=off) every result is new
    and every request draws afresh, but for a result that is always the same object (None, a
    class, an empty tuple): its drawing is kept under the key alone, which must then hold all
    that the drawing reads. The entries are read and written under a lock (a threaded server
    shares them); drawing is not."""

    def __init__(self, size: int):
        self.size = size
        self._drawn: OrderedDict[tuple, tuple] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, result, key: tuple, draw):
        """draw()'s markup for `result` and `key`, drawn once while both are kept."""
        return self.of_each((result,), key, draw)

    def of_each(self, results: tuple, key: tuple, draw):
        """draw()'s markup for all of `results` (kept results) and `key`, drawn once while all
        of them are kept."""
        full = (tuple(map(id, results)), key)
        with self._lock:
            found = self._drawn.get(full)
            if found is not None and all(map(operator.is_, found[0], results)):
                self._drawn.move_to_end(full)
                return found[1]
        drawn = draw()
        with self._lock:
            self._drawn[full] = (results, drawn)
            if len(self._drawn) > self.size:
                self._drawn.popitem(last=False)
        return drawn

    def clear(self) -> None:
        with self._lock:
            self._drawn.clear()
