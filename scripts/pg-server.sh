#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server for Storyline's tests (Debian's `postgresql` package).
#
# The cluster lives in a fresh directory owned by the `postgres` OS user (PostgreSQL refuses to
# run as root), listens on 127.0.0.1 only, on a free port, with its unix socket inside that
# directory, and trusts loopback connections (it is for tests: nothing else can reach it).
# Prints the server URL (postgres://postgres@127.0.0.1:PORT/postgres) as the last line of
# standard output; the tests create a database of their own on it for each test.
#
# Idempotent: `start` reuses a server that is already running from the same state directory.
#
# Environment:
#   STORYLINE_PG_HOME  where the cluster's state (data dir, pid, port, log) lives
#                      (default ${TMPDIR:-/tmp}/storyline-pg)
#   STORYLINE_PG_BIN   directory of initdb/pg_ctl (default: the newest /usr/lib/postgresql/*/bin)
#
# Usage: scripts/pg-server.sh [start|stop|status|url]   (default: start)
set -euo pipefail

HOME_DIR="${STORYLINE_PG_HOME:-${TMPDIR:-/tmp}/storyline-pg}"
DATA="$HOME_DIR/data"
PORTFILE="$HOME_DIR/port"
LOG="$HOME_DIR/server.log"

log() { echo "pg-server: $*" >&2; }

bin_dir() {
    if [ -n "${STORYLINE_PG_BIN:-}" ]; then
        echo "$STORYLINE_PG_BIN"
        return
    fi
    local d
    d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    [ -n "$d" ] && [ -x "$d/pg_ctl" ] || { log "PostgreSQL is not installed (apt-get install postgresql)"; exit 2; }
    echo "$d"
}

# Runs a command as the postgres OS user when we are root, as ourselves otherwise.
as_pg() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

url() { echo "postgres://postgres@127.0.0.1:$(cat "$PORTFILE")/postgres"; }

running() {
    [ -f "$PORTFILE" ] && [ -f "$DATA/postmaster.pid" ] || return 1
    as_pg "$(bin_dir)/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

start() {
    local bin
    bin="$(bin_dir)"
    if running; then
        log "already running: $(url)"
        url
        return 0
    fi
    rm -rf "$DATA"
    mkdir -p "$HOME_DIR"
    if [ "$(id -u)" = 0 ]; then
        chown postgres: "$HOME_DIR"
        chmod 700 "$HOME_DIR"
    fi
    as_pg "$bin/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
        >"$LOG" 2>&1 || { cat "$LOG" >&2; log "initdb failed"; exit 1; }
    local port
    port="$(free_port)"
    echo "$port" >"$PORTFILE"
    as_pg "$bin/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $DATA -c max_connections=200 -c shared_buffers=32MB" \
        start >>"$LOG" 2>&1 || { cat "$LOG" "$DATA/server.log" >&2 2>/dev/null; log "server did not start"; exit 1; }
    log "ready on 127.0.0.1:$port (data: $DATA)"
    url
}

stop() {
    if [ -d "$DATA" ]; then
        as_pg "$(bin_dir)/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null 2>&1 || true
        log "stopped"
    fi
    rm -rf "$HOME_DIR"
}

case "${1:-start}" in
    start) start ;;
    stop) stop ;;
    status) if running; then url; else log "not running"; exit 1; fi ;;
    url) url ;;
    *) echo "usage: $0 [start|stop|status|url]" >&2; exit 2 ;;
esac
