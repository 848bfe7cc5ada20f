"""The portal's PostgreSQL sessions (workwell/settings/base.py)."""

from django.db import connection


def test_queries_are_not_jit_compiled(db):
    # At national scale JIT compiling cost a lead's home 15-45 ms a request (settings).
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
