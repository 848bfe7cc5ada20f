#!/usr/bin/env bash
# Back up the portal: the PostgreSQL database (pg_dump custom format) and the uploaded files.
#
#   DATABASE_URL=postgres://user:pass@host:5432/workwell MEDIA_ROOT=/app/media \
#     scripts/backup.sh [BACKUP_ROOT]
#
# Writes BACKUP_ROOT/workwell-<UTC time>/ (default BACKUP_ROOT: ./backups) holding
#   database.dump  pg_dump --format=custom (restore with pg_restore; see scripts/restore.sh)
#   media.tar.gz   everything under MEDIA_ROOT (default: ./media, as in workwell/settings)
#   SHA256SUMS     checksums that restore.sh verifies before it touches anything
# and prints the directory. pg_dump must be the server's major version or newer.
set -euo pipefail

: "${DATABASE_URL:?set DATABASE_URL (the database to back up)}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
media_root="${MEDIA_ROOT:-$repo/media}"
backup_root="${1:-$repo/backups}"

# django-environ accepts postgres://, postgresql://, psql:// and pgsql://; libpq the first two.
db_url="$(printf '%s' "$DATABASE_URL" | sed -E 's#^(postgres|postgresql|psql|pgsql)://#postgresql://#')"
case "$db_url" in
  postgresql://*) ;;
  *) echo "backup.sh: DATABASE_URL is not a PostgreSQL URL" >&2; exit 2 ;;
esac

target="$backup_root/workwell-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$target"
# A half-written backup is removed rather than left to be mistaken for a good one.
trap 'status=$?; [ "$status" -eq 0 ] || rm -rf "$target"' EXIT

# --no-owner/--no-privileges: the dump restores into a database owned by another role
# (a managed service's user, a fresh database on a new machine).
pg_dump --format=custom --no-owner --no-privileges --dbname="$db_url" --file="$target/database.dump"

mkdir -p "$media_root"
tar --create --gzip --file="$target/media.tar.gz" --directory="$media_root" .

(cd "$target" && sha256sum database.dump media.tar.gz >SHA256SUMS)
echo "$target"
