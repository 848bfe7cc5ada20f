#!/usr/bin/env bash
# Usage: scripts/with-services.sh CMD [ARGS...]
#
# Runs CMD with a throwaway PostgreSQL and Redis, unless the caller already
# provides them:
#   - DATABASE_URL unset: start a PostgreSQL cluster in .tmp/pg (127.0.0.1, trust
#     auth, port 54329 or the next free one; PG_PORT overrides), create database
#     "workwell", export DATABASE_URL=postgres://postgres@127.0.0.1:PORT/workwell
#   - REDIS_URL unset: start redis-server (127.0.0.1, port 63799 or the next free
#     one; REDIS_PORT overrides, no persistence), export REDIS_URL=redis://127.0.0.1:PORT/0
#   - WITHOUT_REDIS=1: no Redis (Django's local-memory cache, Celery tasks run eagerly)
# Whatever it started is stopped on exit (also on failure or Ctrl-C), and it exits
# with CMD's exit code. Leftovers from a crashed earlier run are cleaned up first.
# SERVICES_NAME keeps a run's files apart (.tmp/NAME/; scripts/run.sh's is "run"), so that
# `make run` and `make test` can run at once; two runs with one name are not supported.
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TMP="$ROOT/.tmp${SERVICES_NAME:+/$SERVICES_NAME}"
mkdir -p "$TMP"

log() { printf '==> %s\n' "$*" >&2; }

# True when something already listens on 127.0.0.1:$1.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# First free port from $1 on (tries 20).
free_port() {
  local port=$1
  for _ in $(seq 20); do
    if ! port_in_use "$port"; then
      echo "$port"
      return
    fi
    port=$((port + 1))
  done
  echo "no free port found from $1" >&2
  return 1
}

PG_STARTED=""
PG_BIN=""
PG_DATA=""
PG_DIR=""
REDIS_STARTED=""
REDIS_PID_FILE="$TMP/redis.pid"

# initdb and postgres refuse to run as root: as root, run them as "postgres".
as_pg() {
  if [[ $EUID -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

stop_postgres() {
  # $1: data directory. Fast shutdown; give up after 30 s and kill it.
  if [[ -f "$1/postmaster.pid" ]]; then
    as_pg "$PG_BIN/pg_ctl" -D "$1" -m fast -w -t 30 stop >/dev/null 2>&1 ||
      as_pg "$PG_BIN/pg_ctl" -D "$1" -m immediate -w -t 10 stop >/dev/null 2>&1 || true
  fi
}

stop_redis() {
  local pid
  [[ -f "$REDIS_PID_FILE" ]] || return 0
  pid="$(cat "$REDIS_PID_FILE" 2>/dev/null || true)"
  # Only signal the pid if it is still a redis-server (pids get reused).
  if [[ -n "$pid" ]] && grep -qs redis-server "/proc/$pid/cmdline"; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$REDIS_PID_FILE"
}

cleanup() {
  if [[ -n "$PG_STARTED" ]]; then
    log "stopping PostgreSQL"
    stop_postgres "$PG_DATA"
    rm -rf "$PG_DIR"
  fi
  if [[ -n "$REDIS_STARTED" ]]; then
    log "stopping Redis"
    stop_redis
  fi
}
trap cleanup EXIT
# Turn signals into a normal exit so the EXIT trap runs.
trap 'exit 130' INT
trap 'exit 143' TERM

# --- PostgreSQL ---------------------------------------------------------------
if [[ -z "${DATABASE_URL:-}" ]]; then
  # Newest Debian server install, else whatever initdb is on PATH. PG_BIN overrides.
  PG_BIN="${PG_BIN:-}"
  if [[ -z "$PG_BIN" ]]; then
    PG_BIN="$(find /usr/lib/postgresql -path '*/bin/initdb' 2>/dev/null | sort -V | tail -n 1 | xargs -r dirname)"
  fi
  if [[ -z "$PG_BIN" ]] && command -v initdb >/dev/null; then
    PG_BIN="$(dirname "$(command -v initdb)")"
  fi
  if [[ -z "$PG_BIN" ]]; then
    echo "PostgreSQL server binaries not found: run scripts/ensure-system-deps.sh" >&2
    exit 1
  fi

  PG_DIR="$TMP/pg"
  if [[ $EUID -eq 0 ]]; then
    id -u postgres >/dev/null 2>&1 ||
      useradd --system --user-group --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin postgres
    # The postgres user must be able to reach .tmp/ (a checkout under /root is not).
    if ! runuser -u postgres -- test -x "$TMP"; then
      PG_DIR="/tmp/workwell-${SERVICES_NAME:-test}-pg"
    fi
  fi
  PG_DATA="$PG_DIR/data"

  # A previous run that was killed may have left a server and its files behind.
  if [[ -d "$PG_DIR" ]]; then
    log "removing stale $PG_DIR"
    stop_postgres "$PG_DATA"
    rm -rf "$PG_DIR"
  fi
  mkdir -p "$PG_DIR/run"
  if [[ $EUID -eq 0 ]]; then
    chown -R postgres: "$PG_DIR"
  fi

  PG_PORT="$(free_port "${PG_PORT:-54329}")"
  log "starting PostgreSQL ($PG_BIN) on 127.0.0.1:$PG_PORT, data in $PG_DATA"
  as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust --encoding=UTF8 \
    --locale=C.UTF-8 --no-sync >"$PG_DIR/initdb.log" 2>&1 || {
    cat "$PG_DIR/initdb.log" >&2
    exit 1
  }
  # Local connections only; trust auth is fine for a throwaway test cluster.
  cat >"$PG_DATA/pg_hba.conf" <<EOF
local all all trust
host  all all 127.0.0.1/32 trust
EOF
  # Speed over durability: the cluster is deleted afterwards anyway.
  cat >>"$PG_DATA/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_DIR/run'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
  PG_STARTED=1
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DIR/postgres.log" -w -t 60 start >/dev/null || {
    cat "$PG_DIR/postgres.log" >&2
    exit 1
  }
  "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres workwell
  export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/workwell"
fi

# --- Redis --------------------------------------------------------------------
if [[ -z "${REDIS_URL:-}" && -z "${WITHOUT_REDIS:-}" ]]; then
  if ! command -v redis-server >/dev/null; then
    echo "redis-server not found: run scripts/ensure-system-deps.sh" >&2
    exit 1
  fi
  stop_redis # a stale one from a crashed run
  REDIS_PORT="$(free_port "${REDIS_PORT:-63799}")"
  log "starting Redis on 127.0.0.1:$REDIS_PORT"
  REDIS_STARTED=1
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
    --daemonize yes --pidfile "$REDIS_PID_FILE" --logfile "$TMP/redis.log" --dir "$TMP"
  for _ in $(seq 100); do
    if redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; then
      break
    fi
    sleep 0.1
  done
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null
  export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
fi

# --- The command ----------------------------------------------------------------
# Not exec'd, so the EXIT trap still stops the services afterwards.
set +e
"$@"
rc=$?
set -e
exit "$rc"
