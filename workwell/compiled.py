"""Querysets that hold nothing of the request, compiled once per process.

A queryset kept between requests (built once, read through `.all()`) is still compiled on
every read: for a one-row read such as the programme settings, compiling is most of what the
read costs (about 600 Python calls of the 700). A `Compiled` query keeps the SQL Django wrote
and the converters Django would apply, and makes the model instances as iterating the
queryset would (`Model.from_db`), so a read is the statement and its rows.

Only for querysets whose SQL is fixed for the life of the process (no date, no user in
it: build one per day with `functools.lru_cache` when the day is in it) and which read whole
model instances of one table (no `select_related`, `only`, `values` or annotations).
"""

from django.db import connections
from django.db.models import QuerySet


class Compiled:
    def __init__(self, queryset: QuerySet):
        query = queryset.query
        if (
            query.select_related
            or query.deferred_loading != (frozenset(), True)
            or query.values_select
            or query.annotations
            or query.extra
        ):
            raise ValueError("Compiled reads whole model instances of one table")
        self.model, self.db = queryset.model, queryset.db
        compiler = query.get_compiler(self.db)
        self.sql, self.params = compiler.as_sql()
        columns = [column for column, _, _ in compiler.select]
        self.fields = [column.target.attname for column in columns]
        # (position, converters, column): as results_iter applies them, each called with the
        # connection of the request's thread, not the one compiled with.
        self.converters = [
            (position, converters, column)
            for position, (converters, column) in compiler.get_converters(columns).items()
        ]

    def __call__(self) -> list:
        """The instances the queryset would give, in one query."""
        connection = connections[self.db]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self.params)
            rows = cursor.fetchall()
        if self.converters:
            rows = [self._converted(row, connection) for row in rows]
        from_db = self.model.from_db
        return [from_db(self.db, self.fields, row) for row in rows]

    def _converted(self, row, connection) -> list:
        row = list(row)
        for position, converters, column in self.converters:
            value = row[position]
            for converter in converters:
                value = converter(value, column, connection)
            row[position] = value
        return row
