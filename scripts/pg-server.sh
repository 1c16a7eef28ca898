#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server for Storyline's tests (Debian's `postgresql` package).
#
# The cluster lives in a fresh directory owned by the `postgres` OS user (PostgreSQL refuses to
# run as root), listens on 127.0.0.1 only, on a free port, with its unix socket inside that
# directory, and trusts loopback connections (it is for tests: nothing else can reach it).
# Prints the server URL (postgres://postgres@127.0.0.1:PORT/postgres) as the last line of
# standard output; the tests create a database of their own on it for each test.
#
# TLS: when the `openssl` command is there, the server also speaks TLS (ssl=on), with a
# certificate for 127.0.0.1 and localhost signed by a throw-away CA made here (its key is deleted
# once it has signed). `scripts/pg-server.sh ca` prints the CA's path ($STORYLINE_PG_HOME/ca.pem);
# the TLS tests trust it with `sslrootcert=`. Plain connections still work, except for members of
# the role `storyline_tls_only` (pg_hba.conf `hostnossl ... reject`), and members of
# `storyline_scram` authenticate with SCRAM over TLS only (for the channel-binding test): both
# groups are created empty, and the tests add roles of their own to them.
#
# Idempotent: `start` reuses a server that is already running from the same state directory.
#
# Environment:
#   STORYLINE_PG_HOME  where the cluster's state (data dir, pid, port, log) lives
#                      (default ${TMPDIR:-/tmp}/storyline-pg)
#   STORYLINE_PG_BIN   directory of initdb/pg_ctl (default: the newest /usr/lib/postgresql/*/bin)
#
# Usage: scripts/pg-server.sh [start|stop|status|url|ca]   (default: start)
set -euo pipefail

HOME_DIR="${STORYLINE_PG_HOME:-${TMPDIR:-/tmp}/storyline-pg}"
DATA="$HOME_DIR/data"
PORTFILE="$HOME_DIR/port"
LOG="$HOME_DIR/server.log"
CA="$HOME_DIR/ca.pem"

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

# A throw-away CA and a server certificate it signs, installed in the data directory (the key
# owned by postgres, mode 0600, as the server demands); the server set to use them.
make_tls() {
    if ! command -v openssl >/dev/null 2>&1; then
        log "openssl not found: the server will speak plain connections only"
        return 0
    fi
    local t="$HOME_DIR/tls"
    mkdir -p "$t"
    local ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
    printf '%s\n' "subjectAltName=IP:127.0.0.1,DNS:localhost" "basicConstraints=CA:FALSE" \
        "keyUsage=digitalSignature,keyEncipherment" "extendedKeyUsage=serverAuth" >"$t/server.ext"
    {
        openssl req -x509 "${ec[@]}" -days 7 -subj "/CN=Storyline test CA" \
            -keyout "$t/ca.key" -out "$t/ca.pem" &&
        openssl req "${ec[@]}" -subj "/CN=localhost" -keyout "$t/server.key" -out "$t/server.csr" &&
        openssl x509 -req -days 7 -in "$t/server.csr" -CA "$t/ca.pem" -CAkey "$t/ca.key" \
            -CAcreateserial -extfile "$t/server.ext" -out "$t/server.crt"
    } >>"$LOG" 2>&1 || { cat "$LOG" >&2; log "could not make the test certificates"; exit 1; }
    cp "$t/server.crt" "$DATA/server.crt"
    cp "$t/server.key" "$DATA/server.key"
    cp "$t/ca.pem" "$CA"
    rm -rf "$t"
    if [ "$(id -u)" = 0 ]; then
        chown postgres: "$DATA/server.crt" "$DATA/server.key" "$CA"
    fi
    chmod 0600 "$DATA/server.key"
    chmod 0644 "$CA"
    as_pg sh -c "cat >>'$DATA/postgresql.conf'" <<'CONF'
# Storyline's test server: TLS (scripts/pg-server.sh)
ssl = on
ssl_cert_file = 'server.crt'
ssl_key_file = 'server.key'
CONF
    # First match wins: these come before initdb's `trust` lines.
    as_pg sh -c "cat - '$DATA/pg_hba.conf' >'$DATA/pg_hba.new' && mv '$DATA/pg_hba.new' '$DATA/pg_hba.conf'" <<'HBA'
# Storyline's TLS tests (scripts/pg-server.sh): members of storyline_tls_only must use TLS;
# members of storyline_scram use SCRAM passwords, over TLS only.
hostnossl all +storyline_tls_only 127.0.0.1/32 reject
hostnossl all +storyline_scram 127.0.0.1/32 reject
hostssl all +storyline_scram 127.0.0.1/32 scram-sha-256
HBA
}

# The (empty) groups the pg_hba.conf rules above name.
make_roles() {
    local bin="$1" port="$2"
    as_pg "$bin/psql" -q -h "$DATA" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
        -c "CREATE ROLE storyline_tls_only NOLOGIN" -c "CREATE ROLE storyline_scram NOLOGIN" \
        >>"$LOG" 2>&1 || { cat "$LOG" >&2; log "could not create the test roles"; exit 1; }
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
    make_tls
    local port
    port="$(free_port)"
    echo "$port" >"$PORTFILE"
    as_pg "$bin/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $DATA -c max_connections=200 -c shared_buffers=32MB" \
        start >>"$LOG" 2>&1 || { cat "$LOG" "$DATA/server.log" >&2 2>/dev/null; log "server did not start"; exit 1; }
    make_roles "$bin" "$port"
    if [ -f "$CA" ]; then
        log "ready on 127.0.0.1:$port, plain and TLS (CA: $CA; data: $DATA)"
    else
        log "ready on 127.0.0.1:$port (data: $DATA)"
    fi
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
    ca) if [ -f "$CA" ]; then echo "$CA"; else log "no TLS CA (not started, or no openssl)"; exit 1; fi ;;
    *) echo "usage: $0 [start|stop|status|url|ca]" >&2; exit 2 ;;
esac
