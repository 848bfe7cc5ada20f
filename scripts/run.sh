#!/usr/bin/env bash
# What `make run` runs: a local development server on http://127.0.0.1:8000/ with
# demo data. Uses the Django settings' defaults (SQLite, Celery tasks run eagerly),
# so no PostgreSQL or Redis is needed. Safe to run again: every step is idempotent
# and the asset build is skipped when nothing changed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib.sh

ensure_uv
uv sync --frozen
ensure_node_modules
build_assets if-stale
log "migrate"
uv run python manage.py migrate --noinput
log "seed_demo"
uv run python manage.py seed_demo
log "runserver on http://127.0.0.1:8000/"
exec uv run python manage.py runserver 127.0.0.1:8000
