#!/usr/bin/env bash
# What `make run` runs: a local development server on http://127.0.0.1:8000/ with
# demo data, against a PostgreSQL of its own started for the run (Debian's package, in
# .tmp/run/, stopped and deleted when the server stops: each run starts from fresh demo
# data; give DATABASE_URL to keep your own), with Django's local-memory cache and Celery
# tasks run eagerly (no Redis needed). The portal's reports, dashboards and exports use
# PostgreSQL's SQL, so SQLite (the settings' default without DATABASE_URL) does not serve
# them. The asset build is skipped when nothing changed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib.sh

ensure_uv
uv sync --frozen
ensure_node_modules
build_assets if-stale
log "checking system packages"
scripts/ensure-system-deps.sh

# shellcheck disable=SC2016
SERVICES_NAME=run WITHOUT_REDIS=1 scripts/with-services.sh bash -euo pipefail -c '
  echo "==> migrate" >&2
  uv run python manage.py migrate --noinput
  echo "==> seed_demo" >&2
  uv run python manage.py seed_demo
  echo "==> runserver on http://127.0.0.1:8000/ (Ctrl-C stops it and its PostgreSQL)" >&2
  uv run python manage.py runserver 127.0.0.1:8000
'
