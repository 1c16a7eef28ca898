#!/usr/bin/env bash
# CI entry for the browser tests: installs Debian's chromium and playwright-core if missing, starts
# the fixture server (unless BASE_URL is given), runs run.mjs, and stops the server.
# Usage: bash browser-tests/ci.sh            (from the repository root or anywhere)
# Env:   BASE_URL (test a running site instead), SCREENSHOT_DIR (default browser-tests/screenshots),
#        PORT (fixture server port, default 18090), CARGO_TARGET_DIR (cargo's default if unset).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
PORT=${PORT:-18090}
export SCREENSHOT_DIR=${SCREENSHOT_DIR:-$HERE/screenshots}

if ! command -v chromium >/dev/null 2>&1; then
  echo "installing chromium ..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if [ ! -d "$HERE/node_modules/playwright-core" ]; then
  (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error)
fi

SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true; }
trap cleanup EXIT

if [ -z "${BASE_URL:-}" ]; then
  (cd "$ROOT" && cargo build -q -p storyline-web --example fixture_server)
  "${CARGO_TARGET_DIR:-$ROOT/target}/debug/examples/fixture_server" "$PORT" >/dev/null 2>&1 &
  SERVER_PID=$!
  export BASE_URL="http://127.0.0.1:$PORT"
  for _ in $(seq 1 100); do
    curl -sf -o /dev/null "$BASE_URL/healthz" && break
    sleep 0.1
  done
fi
node "$HERE/run.mjs" "$BASE_URL"
