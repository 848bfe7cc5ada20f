#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into the configured database and media directory.
#
#   DATABASE_URL=postgres://user:pass@host:5432/workwell_restored MEDIA_ROOT=/app/media \
#     scripts/restore.sh backups/workwell-20261129T050000Z
#
# The database must exist (createdb it first); restore into an empty one. Objects the dump
# holds are dropped first (--clean), so restoring over the same database twice is safe. The
# whole restore is one transaction: on any error nothing is left half-restored. Uploaded files
# are unpacked into MEDIA_ROOT (default ./media), replacing files of the same name.
# Then run `python manage.py migrate` if the code is newer than the backup.
set -euo pipefail

: "${DATABASE_URL:?set DATABASE_URL (the database to restore into)}"
backup="${1:?usage: scripts/restore.sh BACKUP_DIR}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
media_root="${MEDIA_ROOT:-$repo/media}"

db_url="$(printf '%s' "$DATABASE_URL" | sed -E 's#^(postgres|postgresql|psql|pgsql)://#postgresql://#')"
case "$db_url" in
  postgresql://*) ;;
  *) echo "restore.sh: DATABASE_URL is not a PostgreSQL URL" >&2; exit 2 ;;
esac

# A truncated or corrupted copy stops here, before anything is changed.
(cd "$backup" && sha256sum --check --quiet SHA256SUMS)

pg_restore --clean --if-exists --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname="$db_url" "$backup/database.dump"
# Pages kept by the portal (workwell/page_cache.py) must not outlive the data they showed: the
# restored data generation moves past any number it had before (as `manage.py clear_page_cache`).
psql --quiet --no-psqlrc --dbname="$db_url" --command="$(cat <<'SQL'
SELECT setval(seq, greatest(coalesce(pg_sequence_last_value(seq), 0) + 1,
    (extract(epoch FROM clock_timestamp()) * 1000)::bigint))
  FROM (SELECT to_regclass('workwell_data_generation') AS seq) AS generation
  WHERE seq IS NOT NULL
SQL
)" > /dev/null

mkdir -p "$media_root"
tar --extract --gzip --file="$backup/media.tar.gz" --directory="$media_root"
echo "restored $backup"
