#!/usr/bin/env bash
# `make security`: the portal tested from outside, as an attacker would meet it. Serves the
# portal with gunicorn on loopback (tests/security/settings.py: production settings minus
# the TLS-only bits) with the demo data, then runs every check, and fails if any finds anything:
#
#   1. check --deploy   production settings pass `manage.py check --deploy --fail-level WARNING`
#                       (tests/workwell/test_check_deploy.py, the one copy of that rule)
#   2. live checks      pytest tests/security/ against the server (see each module's docstring):
#                       the permission matrix replayed over HTTP for every role, every route
#                       addressed by a record with real demo ids (another vanguard's: 404, by
#                       GET and POST), the security headers (CSP without unsafe-inline, HSTS,
#                       X-Frame-Options, nosniff, Referrer-Policy) on every answer, the sign-in
#                       and two-factor rate limits, disguised and oversized uploads refused
#   3. scanners         wapiti signed in as each role, sqlmap on every list page's filter and
#                       sort/page parameters (tests/security/scanners.py: scope and time limits)
#
# Needs PostgreSQL and Redis: uses DATABASE_URL/REDIS_URL when set, else starts throwaway ones
# (scripts/with-services.sh). The demo data goes into a database of its own,
# SECURITY_DATABASE_URL (default: DATABASE_URL's name + "_security"), dropped and rebuilt each
# run (SECURITY_REBUILD=0 reuses the last one); allauth's rate-limit counters in REDIS_URL's
# database are cleared. SECURITY_PORT (default: a free one) is where gunicorn listens.
# Output: each step's result, then a summary; the details are in .tmp/security/
# (gunicorn.log, wapiti/<role>.json and .log, sqlmap/<page>.log).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib.sh

# wapiti, sqlmap (and curl) from Debian, the way scripts/ensure-system-deps.sh installs the rest.
ensure_scanners() {
  local missing=()
  command -v wapiti >/dev/null || missing+=(wapiti)
  command -v sqlmap >/dev/null || missing+=(sqlmap)
  command -v curl >/dev/null || missing+=(curl)
  [[ ${#missing[@]} -eq 0 ]] && return
  if [[ "$EUID" -ne 0 ]]; then
    echo "Missing system packages: ${missing[*]}" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  log "Installing system packages: ${missing[*]}"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}

if [[ "${1:-}" != "--inside" ]]; then
  started=$SECONDS
  ensure_uv
  uv sync --frozen --quiet
  # The scan only needs some built assets to serve. Where static/dist is built already, leave
  # node_modules alone: in a git worktree it may be a symlink to another checkout's, which
  # `npm ci` (run when package-lock.json looks newer) would empty.
  if [[ -f static/dist/.built && -f static/dist/css/main.css ]]; then
    log "using the assets built in static/dist"
  else
    ensure_node_modules
    build_assets
  fi
  scripts/ensure-system-deps.sh
  ensure_scanners
  rc=0
  scripts/with-services.sh "$0" --inside || rc=$?
  log "make security took $((SECONDS - started))s"
  exit "$rc"
fi

# --- Inside with-services.sh: DATABASE_URL and REDIS_URL are set. ---------------------------
OUT=.tmp/security
mkdir -p "$OUT"
SCAN_DB="${SECURITY_DATABASE_URL:-${DATABASE_URL}_security}"
PORT="${SECURITY_PORT:-$(uv run python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
BASE="http://127.0.0.1:$PORT"
TEST_DATABASE_URL="$DATABASE_URL"

SCAN_SECRET="$(uv run python -c 'import secrets; print(secrets.token_urlsafe(50))')"
# What every process of the scanned portal runs with (manage.py, gunicorn, targets, scanners).
SCAN_ENV=(
  DATABASE_URL="$SCAN_DB" DJANGO_SETTINGS_MODULE=tests.security.settings
  MEDIA_ROOT="$PWD/$OUT/media" SECRET_KEY="$SCAN_SECRET" ALLOWED_HOSTS=127.0.0.1,localhost
)
scan_env() { env "${SCAN_ENV[@]}" "$@"; }

if [[ "${SECURITY_REBUILD:-1}" != 0 ]]; then
  log "rebuilding ${SCAN_DB##*/} with the demo data"
  uv run python - "$SCAN_DB" <<'EOF'
import sys
from urllib.parse import urlsplit

import psycopg2

parts = urlsplit(sys.argv[1])
name = parts.path.lstrip("/")
admin = psycopg2.connect(parts._replace(path="/postgres").geturl())
admin.autocommit = True
with admin.cursor() as cursor:
    cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    cursor.execute(f'CREATE DATABASE "{name}"')
EOF
  rm -rf "$OUT/media"
  scan_env uv run python manage.py migrate --verbosity 0
  scan_env uv run python manage.py seed_demo --force >/dev/null
fi
log "collecting static files"
scan_env uv run python manage.py collectstatic --noinput --verbosity 0

if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  echo "Something already listens on 127.0.0.1:$PORT: stop it, or set SECURITY_PORT" >&2
  exit 1
fi
log "serving the portal on $BASE (gunicorn, 3 workers)"
# The virtualenv's Python itself, not `uv run` (which does not pass on SIGTERM): the pid must
# be gunicorn's, to stop it after.
PYTHON="$(uv run python -c 'import sys; print(sys.executable)')"
# A plain command (a function would run in a subshell), so $! is gunicorn's master (env
# execs it).
env "${SCAN_ENV[@]}" "$PYTHON" -m gunicorn workwell.wsgi --bind "127.0.0.1:$PORT" --workers 3 --timeout 60 \
  --graceful-timeout 5 --access-logfile - >"$OUT/gunicorn.log" 2>&1 &
GUNICORN=$!
stop_gunicorn() {
  kill "$GUNICORN" 2>/dev/null || return 0
  # gunicorn waits --graceful-timeout for its workers; past that, it is killed.
  { sleep 15 && kill -9 "$GUNICORN" 2>/dev/null; } &
  local watchdog=$!
  wait "$GUNICORN" 2>/dev/null || true
  kill "$watchdog" 2>/dev/null || true
}
trap stop_gunicorn EXIT
for _ in $(seq 120); do
  curl -fso /dev/null "$BASE/accessibility/" && break
  kill -0 "$GUNICORN" 2>/dev/null || {
    cat "$OUT/gunicorn.log" >&2
    exit 1
  }
  sleep 0.5
done
curl -fso /dev/null "$BASE/accessibility/"

log "sessions and demo record ids for each role"
scan_env uv run python -m tests.security.targets "$OUT/targets.json"

declare -A RESULT
run_step() {
  local name=$1
  shift
  log "$name"
  local begun=$SECONDS
  if "$@"; then
    RESULT[$name]="passed ($((SECONDS - begun))s)"
  else
    RESULT[$name]="FAILED ($((SECONDS - begun))s)"
  fi
}

run_step "1. check --deploy" env DATABASE_URL="$TEST_DATABASE_URL" uv run pytest -q -rf \
  "tests/workwell/test_check_deploy.py::test_production_settings_pass_check_deploy"
run_step "2. live checks" env DATABASE_URL="$TEST_DATABASE_URL" SECURITY_BASE_URL="$BASE" \
  SECURITY_TARGETS="$PWD/$OUT/targets.json" SECURITY_REDIS_URL="$REDIS_URL" \
  uv run pytest -q -rf --tb=line tests/security
run_step "3. scanners" scan_env uv run python -m tests.security.scanners "$BASE" \
  "$OUT/targets.json" "$OUT"

echo
echo "Security checks (details in $OUT/):"
failed=0
for name in "1. check --deploy" "2. live checks" "3. scanners"; do
  echo "  $name: ${RESULT[$name]}"
  [[ "${RESULT[$name]}" == passed* ]] || failed=1
done
exit "$failed"
