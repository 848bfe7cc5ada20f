"""scripts/backup.sh and scripts/restore.sh, run for real against PostgreSQL: a backup restored
into a fresh database has the rows and the uploaded files, and the portal serves it (issue 13)."""

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2
import pytest
from django.conf import settings
from django.db import connection

from tests.factories import make_member
from tests.worker import _test_database_url
from workwell import page_cache

REPO = Path(settings.BASE_DIR)
TOOLS = ("pg_dump", "pg_restore", "tar", "sha256sum")

pytestmark = [
    pytest.mark.skipif(
        not all(shutil.which(tool) for tool in TOOLS),
        reason="backup/restore needs the PostgreSQL client tools (pg_dump, pg_restore) on PATH",
    ),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres", "psql", "pgsql")),
        reason="backup/restore needs DATABASE_URL to be a PostgreSQL database",
    ),
]


def _run(script, *args, env):
    result = subprocess.run(  # noqa: S603 - our own scripts, arguments built here
        [str(REPO / "scripts" / script), *args], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def _env(database_url, media_root) -> dict:
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    return env | {"DATABASE_URL": database_url, "MEDIA_ROOT": str(media_root)}


@pytest.fixture
def fresh_database():
    """An empty database beside the test database, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restored_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(urlsplit(_test_database_url())._replace(path="/postgres").geturl())
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlsplit(_test_database_url())._replace(path="/" + name).geturl()
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _rows(database_url, sql):
    with psycopg2.connect(database_url) as restored, restored.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


# The rows must be committed for pg_dump to see them; serialized_rollback, so that the flush at
# the end does not take the regions and themes the data migrations seed (and the next
# serialized test does not meet re-created content types).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_restores_into_a_fresh_database_with_its_rows_and_files(
    tmp_path, fresh_database, vanguard_a
):
    member = make_member(vanguard_a, full_name="Mem Alpha")
    media = tmp_path / "media"
    (media / "learning" / "toolkit").mkdir(parents=True)
    (media / "learning" / "toolkit" / "guide.pdf").write_bytes(b"%PDF-1.7 a guide")

    backup = Path(
        _run("backup.sh", str(tmp_path / "backups"), env=_env(_test_database_url(), media))
    )
    assert sorted(p.name for p in backup.iterdir()) == [
        "SHA256SUMS",
        "database.dump",
        "media.tar.gz",
    ]

    restored_media = tmp_path / "restored-media"
    _run("restore.sh", str(backup), env=_env(fresh_database, restored_media))

    assert _rows(fresh_database, "SELECT name, slug FROM vanguards_vanguard") == [
        ("Alpha Vanguard", "alpha")
    ]
    assert _rows(fresh_database, "SELECT email FROM workwell_user ORDER BY id") == [
        (user_email,)
        for user_email in type(member).objects.order_by("id").values_list("email", flat=True)
    ]
    assert (restored_media / "learning" / "toolkit" / "guide.pdf").read_bytes() == (
        b"%PDF-1.7 a guide"
    )
    # The data generation moved past any number it had before the backup (and so past any
    # page kept since): to the time of the restore, in milliseconds.
    started_ms = int(time.time() * 1000) - 60_000
    [(restored_generation,)] = _rows(
        fresh_database, "SELECT last_value FROM workwell_data_generation"
    )
    assert restored_generation > max(started_ms, page_cache.generation())

    # The portal serves the restored database: no migration missing, and the member's
    # vanguard page shows their vanguard.
    served = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", SERVE_CHECK],
        cwd=REPO,
        env=_env(fresh_database, restored_media)
        | {
            "DJANGO_SETTINGS_MODULE": "workwell.settings.test",
            "REDIS_URL": os.environ.get("REDIS_URL", ""),
            "SERVE_AS": member.email,
        },
        capture_output=True,
        text=True,
    )
    assert served.returncode == 0, served.stderr
    assert served.stdout.splitlines()[-1].split() == [
        "unapplied=0",
        "status=200",
        "shows_vanguard=True",
    ]


SERVE_CHECK = """
import os
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from workwell.models import User

executor = MigrationExecutor(connection)
plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
client = Client()
client.force_login(User.objects.get(email=os.environ["SERVE_AS"]))
response = client.get("/vanguards/alpha/")
print(f"unapplied={len(plan)}", f"status={response.status_code}",
      f"shows_vanguard={'Alpha Vanguard' in response.content.decode()}")
"""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_corrupted_backup_is_refused_before_anything_changes(tmp_path, fresh_database):
    media = tmp_path / "media"
    backup = Path(
        _run("backup.sh", str(tmp_path / "backups"), env=_env(_test_database_url(), media))
    )
    with (backup / "database.dump").open("ab") as dump:
        dump.write(b"garbage")

    result = subprocess.run(  # noqa: S603
        [str(REPO / "scripts" / "restore.sh"), str(backup)],
        env=_env(fresh_database, tmp_path / "restored"),
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert _rows(fresh_database, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [
        (0,)
    ]
