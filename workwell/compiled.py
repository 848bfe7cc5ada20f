"""Querysets that hold nothing of the request, compiled once per process.

A queryset kept between requests (built once, read through `.all()`) is still compiled on
every read: for a one-row read such as the programme settings, compiling is most of what the
read costs (about 600 Python calls of the 700). A `Compiled` query keeps the SQL Django wrote
and the converters Django would apply, and makes the model instances as iterating the
queryset would (`Model.from_db`, and the related instances of `select_related` as Django's
related populators make them), so a read is the statement and its rows.

Only for querysets whose SQL is fixed for the life of the process (no date in it: build one
per day with `functools.lru_cache` when the day is in it) but for `arguments`: values written
into the queryset as stand-ins (`ARGUMENT`, `ARGUMENT + 1`, …, or as text for a text column:
`str(ARGUMENT)`) that each read gives anew (a user's id, a vanguard's slug). Whole model
instances only (no `only`, `values` or annotations).
"""

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import get_related_populators

# Stand-ins for the values a read gives (a primary key is never this, nor a slug its text).
ARGUMENT = -918_273_645


class Compiled:
    def __init__(self, queryset: QuerySet, *, arguments: int = 0):
        query = queryset.query
        if (
            query.deferred_loading != (frozenset(), True)
            or query.values_select
            or query.annotations
            or query.extra
        ):
            raise ValueError("Compiled reads whole model instances")
        self.db = queryset.db
        compiler = query.get_compiler(self.db)
        self.sql, params = compiler.as_sql()
        self.params = list(params)
        # Where each argument's stand-in is among the parameters: once each, or it is not one.
        self.places = []
        for number in range(arguments):
            stand_ins = (ARGUMENT + number, str(ARGUMENT + number))
            places = [i for i, value in enumerate(self.params) if value in stand_ins]
            if len(places) != 1:
                raise ValueError(f"argument {number} is not one parameter of the SQL")
            self.places.append(places[0])
        select, klass_info = compiler.select, compiler.klass_info
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.fields = [column.target.attname for column, _, _ in select[self.start : self.end]]
        self.related = get_related_populators(klass_info, select, self.db)
        # (position, converters, column): as results_iter applies them, each called with the
        # connection of the request's thread, not the one compiled with.
        columns = [column for column, _, _ in select]
        self.converters = [
            (position, converters, column)
            for position, (converters, column) in compiler.get_converters(columns).items()
        ]

    def __call__(self, *arguments) -> list:
        """The instances the queryset would give, in one query; `arguments` in place of the
        stand-ins, in their order."""
        if len(arguments) != len(self.places):
            raise TypeError(f"{len(self.places)} arguments expected, {len(arguments)} given")
        params = self.params
        if arguments:
            params = params.copy()
            for place, value in zip(self.places, arguments, strict=True):
                params[place] = value
        connection = connections[self.db]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.converters:
            rows = [self._converted(row, connection) for row in rows]
        from_db, db, fields, start, end = (
            self.model.from_db,
            self.db,
            self.fields,
            self.start,
            self.end,
        )
        instances = []
        for row in rows:
            instance = from_db(db, fields, row[start:end])
            for populator in self.related:
                populator.populate(row, instance)
            instances.append(instance)
        return instances

    def _converted(self, row, connection) -> list:
        row = list(row)
        for position, converters, column in self.converters:
            value = row[position]
            for converter in converters:
                value = converter(value, column, connection)
            row[position] = value
        return row
