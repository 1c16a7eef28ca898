#!/usr/bin/env bash
# Measures the story page's requests/second and p99 latency, beside nginx serving the same bytes
# as a static file, in one run (wrk -t2 -c64 -d10s --latency against both). The two servers are
# measured in alternation for ROUNDS rounds so that load from other processes on the machine hits
# both alike; the medians are reported. With GZIP=1 (default) a second table repeats this with
# `Accept-Encoding: gzip` (what every browser sends) against nginx's gzip_static copy made at the
# same level as ours. Raw wrk outputs are kept when KEEP_DIR is set.
#
# Usage: scripts/bench-web.sh [BASE_URL]
#   Without BASE_URL it builds and starts the fixture server (release) on 127.0.0.1:$APP_PORT.
# Env: STORY_PATH (default /story/1), DURATION (10s), CONNECTIONS (64), THREADS (2), ROUNDS (3), GZIP (1),
#      APP_PORT (18088), NGINX_PORT (18089), CARGO_TARGET_DIR (cargo's default if unset).
# Goal (issue 6): app ≥ 50% of nginx's requests/second and app p99 < 50 ms at 64 connections.
set -euo pipefail
cd "$(dirname "$0")/.."

STORY_PATH=${STORY_PATH:-/story/1}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-3}
GZIP=${GZIP:-1}
APP_PORT=${APP_PORT:-18088}
NGINX_PORT=${NGINX_PORT:-18089}
BASE_URL=${1:-${BASE_URL:-}}
export PATH="$PATH:/usr/sbin:/sbin"

install_if_missing() { # command package
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "installing $2 ..." >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
  fi
}
install_if_missing wrk wrk
install_if_missing nginx nginx-light
install_if_missing curl curl

WORK=$(mktemp -d)
APP_PID=""
cleanup() {
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null || true
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  sleep 0.2
  if [ -n "${KEEP_DIR:-}" ]; then mkdir -p "$KEEP_DIR" && cp "$WORK"/*.txt "$KEEP_DIR"/ 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

wait_for() { # url
  for _ in $(seq 1 100); do
    curl -sf -o /dev/null "$1" && return 0
    sleep 0.1
  done
  echo "timed out waiting for $1" >&2
  return 1
}

if [ -z "$BASE_URL" ]; then
  echo "building the fixture server (release) ..." >&2
  cargo build --release -q -p storyline-web --example fixture_server
  BIN="${CARGO_TARGET_DIR:-target}/release/examples/fixture_server"
  "$BIN" "$APP_PORT" >"$WORK/app.log" 2>&1 &
  APP_PID=$!
  BASE_URL="http://127.0.0.1:$APP_PORT"
  wait_for "$BASE_URL/healthz"
fi
BASE_URL=${BASE_URL%/}

mkdir -p "$WORK/www"
curl -sf "$BASE_URL$STORY_PATH" -o "$WORK/www/story.html"
BYTES=$(wc -c <"$WORK/www/story.html")
gzip -6 -n -k "$WORK/www/story.html"
GZ_BYTES=$(wc -c <"$WORK/www/story.html.gz")
APP_GZ_BYTES=$(curl -sf -H 'Accept-Encoding: gzip' "$BASE_URL$STORY_PATH" | wc -c)
# nginx's workers run as an unprivileged user when started by root: let them read the files.
chmod 755 "$WORK" "$WORK/www"
chmod 644 "$WORK/www/story.html" "$WORK/www/story.html.gz"

cat >"$WORK/nginx.conf" <<CONF
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  open_file_cache max=64 inactive=60s;
  keepalive_requests 1000000;
  gzip_static on;
  gzip_vary on;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/www;
    location / { default_type text/html; }
  }
}
CONF
nginx -c "$WORK/nginx.conf" -p "$WORK"
NGINX_URL="http://127.0.0.1:$NGINX_PORT/story.html"
wait_for "$NGINX_URL"

# Prints "<requests/sec> <p99 in ms> <non-2xx>" for one wrk run.
measure() { # url label [wrk args...]
  local url=$1 label=$2
  shift 2
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$url" >"$WORK/$label.txt"
  awk '
    /Requests\/sec:/ { rps = $2 }
    /^ +99%/ {
      v = $2
      if (v ~ /us$/) { sub(/us$/, "", v); ms = v / 1000 }
      else if (v ~ /ms$/) { sub(/ms$/, "", v); ms = v }
      else if (v ~ /s$/) { sub(/s$/, "", v); ms = v * 1000 }
    }
    /Non-2xx or 3xx responses:/ { bad = $5 }
    END { printf "%s %s %s\n", rps, ms, (bad == "" ? 0 : bad) }
  ' "$WORK/$label.txt"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# One table: warm both up, alternate for ROUNDS rounds, print medians and the verdict.
table() { # tag title [wrk args...]
  local tag=$1 title=$2
  shift 2
  wrk -t"$THREADS" -c"$CONNECTIONS" -d2s "$@" "$BASE_URL$STORY_PATH" >/dev/null 2>&1 || true
  wrk -t"$THREADS" -c"$CONNECTIONS" -d2s "$@" "$NGINX_URL" >/dev/null 2>&1 || true
  : >"$WORK/app-$tag.rounds"
  : >"$WORK/nginx-$tag.rounds"
  echo
  echo "== $title; load $(cut -d' ' -f1-3 /proc/loadavg)"
  printf "%-7s %-10s %12s %10s %8s\n" "round" "server" "req/s" "p99 ms" "non-2xx"
  local r a_rps a_p99 a_bad n_rps n_p99 n_bad
  for r in $(seq 1 "$ROUNDS"); do
    read -r a_rps a_p99 a_bad < <(measure "$BASE_URL$STORY_PATH" "app-$tag-$r" "$@")
    echo "$a_rps $a_p99 $a_bad" >>"$WORK/app-$tag.rounds"
    printf "%-7s %-10s %12.0f %10.2f %8s\n" "$r" "storyline" "$a_rps" "$a_p99" "$a_bad"
    read -r n_rps n_p99 n_bad < <(measure "$NGINX_URL" "nginx-$tag-$r" "$@")
    echo "$n_rps $n_p99 $n_bad" >>"$WORK/nginx-$tag.rounds"
    printf "%-7s %-10s %12.0f %10.2f %8s\n" "$r" "nginx" "$n_rps" "$n_p99" "$n_bad"
  done
  local app_rps app_p99 app_bad ngx_rps ngx_p99 ngx_bad
  app_rps=$(cut -d' ' -f1 "$WORK/app-$tag.rounds" | median)
  app_p99=$(cut -d' ' -f2 "$WORK/app-$tag.rounds" | median)
  app_bad=$(awk '{ s += $3 } END { print s + 0 }' "$WORK/app-$tag.rounds")
  ngx_rps=$(cut -d' ' -f1 "$WORK/nginx-$tag.rounds" | median)
  ngx_p99=$(cut -d' ' -f2 "$WORK/nginx-$tag.rounds" | median)
  ngx_bad=$(awk '{ s += $3 } END { print s + 0 }' "$WORK/nginx-$tag.rounds")
  printf "%-7s %-10s %12.0f %10.2f %8s\n" "median" "storyline" "$app_rps" "$app_p99" "$app_bad"
  printf "%-7s %-10s %12.0f %10.2f %8s\n" "median" "nginx" "$ngx_rps" "$ngx_p99" "$ngx_bad"
  awk -v a="$app_rps" -v n="$ngx_rps" -v p="$app_p99" -v bad="$app_bad" 'BEGIN {
    r = (n > 0) ? a / n : 0
    printf "ratio: storyline/nginx = %.2f (goal >= 0.50: %s); storyline p99 %.2f ms (goal < 50: %s)\n",
      r, (r >= 0.5 ? "met" : "MISSED"), p, (p < 50 ? "met" : "MISSED")
    if (bad > 0) print "warning: storyline answered " bad " non-2xx responses"
  }'
}

echo "story page: $BASE_URL$STORY_PATH ($BYTES bytes; gzip: ours $APP_GZ_BYTES, nginx's $GZ_BYTES)"
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $ROUNDS alternating rounds; $(nproc) cores"
table plain "identity (no Accept-Encoding)"
if [ "$GZIP" = 1 ]; then
  table gzip "Accept-Encoding: gzip" -H "Accept-Encoding: gzip"
fi
