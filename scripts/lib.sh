# shellcheck shell=bash
# Helpers shared by scripts/test.sh and scripts/run.sh. Source it; don't run it.
# Expects the caller to have `set -euo pipefail` and to be in the repository root.

# The uv version this project was locked with (see `uv --version` on a dev machine).
UV_VERSION="0.13.9"

log() { printf '==> %s\n' "$*" >&2; }

# Make sure `uv` is on PATH, installing it from PyPI with pip if it is missing.
ensure_uv() {
  if command -v uv >/dev/null 2>&1; then
    return
  fi
  log "uv not found: installing uv==${UV_VERSION} with pip"
  # A PEP 668 "externally managed" system Python refuses a plain install;
  # fall back to a --user install there.
  python3 -m pip install --quiet "uv==${UV_VERSION}" ||
    python3 -m pip install --quiet --user --break-system-packages "uv==${UV_VERSION}"
  # pip may have put the script somewhere not on PATH (user base, pyenv version dir).
  local dir
  for dir in "$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')" \
    "$(python3 -m site --user-base)/bin"; do
    case ":$PATH:" in *":$dir:"*) ;; *) PATH="$dir:$PATH" ;; esac
  done
  export PATH
  hash -r
  command -v uv >/dev/null 2>&1 || {
    echo "uv was installed but is not on PATH" >&2
    exit 1
  }
}

# npm ci when node_modules is missing or older than package-lock.json.
# (npm writes node_modules/.package-lock.json on every install, so its mtime is the
# time of the last install.)
ensure_node_modules() {
  if ! command -v npm >/dev/null 2>&1; then
    echo "Node.js (>= 20.19, with npm) is required to build the front-end assets." >&2
    exit 1
  fi
  if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
    log "npm ci"
    npm ci --no-fund --no-audit
  fi
}

# Build static/dist. With "if-stale", skip when nothing the build reads has changed
# since the last build (static/dist/.built is the stamp).
build_assets() {
  local stamp=static/dist/.built
  if [[ "${1:-}" == "if-stale" && -f "$stamp" && -f static/dist/css/main.css ]] &&
    [[ -z "$(find static/src scripts/build-assets.mjs node_modules/.package-lock.json \
      -newer "$stamp" -print -quit)" ]]; then
    log "static/dist is up to date"
    return
  fi
  log "npm run build"
  npm run --silent build
  touch "$stamp"
}
