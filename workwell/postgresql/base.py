"""Django's PostgreSQL backend, telling the page cache when data has changed
(workwell/page_cache.py): after a transaction that wrote commits, or straight after a write
outside one, the data generation moves on, and each table written takes it as its own
(workwell/kept.py)."""

import logging

from django.db.backends.postgresql import base
from psycopg2 import errors

from workwell import kept
from workwell.page_cache import GENERATION_ADVANCE, TABLES_ADVANCE, writes, written_tables

logger = logging.getLogger(__name__)


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tables_written: set[str] = set()
        self.execute_wrappers.append(self._note_writes)

    def _note_writes(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if writes(sql):
            kept.writing()
            self.tables_written.update(written_tables(sql))
            if self.get_autocommit():
                self._advance_generation()
        return result

    def _advance_generation(self):
        """On the driver's connection, outside Django's query log and wrappers, in autocommit
        even just after a commit (when Django's is still off): nextval needs no transaction,
        so one round trip rather than BEGIN, SELECT and COMMIT. The data is committed by then,
        so a failure here must not fail the request: it is logged, and kept pages are at most
        a minute behind (the key's minute). Before the tables' generations exist (a database
        being migrated), only the data generation moves on."""
        tables, self.tables_written = sorted(self.tables_written), set()
        driver = self.connection
        autocommit = driver.autocommit
        try:
            driver.autocommit = True  # a flag on the driver: nothing is sent
            with driver.cursor() as cursor:
                try:
                    cursor.execute(TABLES_ADVANCE, [tables])
                except errors.UndefinedTable:
                    cursor.execute(GENERATION_ADVANCE)
        except Exception:
            logger.exception("The data generation did not advance")
        finally:
            if not driver.closed:
                driver.autocommit = autocommit

    def _commit(self):
        super()._commit()
        if self.tables_written:
            self._advance_generation()

    def _rollback(self):
        self.tables_written = set()
        super()._rollback()
