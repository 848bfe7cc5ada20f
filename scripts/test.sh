#!/usr/bin/env bash
# What `make test` (and CI, via .ci/run) runs: installs what is missing, builds the
# assets, then lints and runs pytest against a throwaway PostgreSQL + Redis
# (scripts/with-services.sh). Extra arguments go to pytest: scripts/test.sh -k login
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib.sh

ensure_uv
log "uv sync --frozen"
uv sync --frozen
ensure_node_modules
build_assets # always rebuild: cheap, and tests must see the current sources
log "checking system packages"
scripts/ensure-system-deps.sh

# Playwright cannot download its own browser here: tests use Debian's chromium.
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"

# Runs inside with-services.sh (so DATABASE_URL/REDIS_URL are set). pytest's exit
# code 5 means "no tests collected": a test run that tested nothing is a failure.
# shellcheck disable=SC2016
scripts/with-services.sh bash -euo pipefail -c '
  echo "==> ruff check" >&2
  uv run ruff check .
  echo "==> ruff format --check" >&2
  uv run ruff format --check .
  echo "==> pytest" >&2
  rc=0
  # One pytest process per core (TEST_PROCESSES overrides; 0 runs in this process), each with
  # its own test database and Redis database (workwell/settings/test.py); the slowest tests
  # are listed at the end.
  uv run pytest -n "${TEST_PROCESSES:-auto}" --durations=25 "$@" || rc=$?
  if [[ $rc -eq 5 ]]; then
    echo "pytest collected no tests: failing" >&2
    exit 1
  fi
  exit "$rc"
' test-suite "$@"
