#!/usr/bin/env bash
# Runs every Storyline test:
#   1. the Rust tests of every crate (unit, golden fixtures, property tests, end to end over
#      loopback with real SQLite files), with the LLM path run against a real local model server;
#   2. the browser tests in headless Debian chromium.
# The mail tests send to a real SMTP server on loopback (Python's aiosmtpd, installed here with pip
# when missing).
# Environment:
#   STORYLINE_SKIP_LLM=1      don't install/start the local model server (LLM real-model tests skip)
#   STORYLINE_SKIP_BROWSER=1  don't run the browser tests
#   STORYLINE_LLM_BASE_URL    use an already running OpenAI-compatible server instead
#   STORYLINE_TEST_PG_URL     use an already running PostgreSQL server instead of starting one
#                             (scripts/pg-server.sh, when Debian's postgresql package is installed)
#   STORYLINE_TEST_PG_CA      the CA file of that server's TLS certificate (scripts/pg-server.sh
#                             makes one and this script sets it); unset, the TLS tests skip
set -euo pipefail
cd "$(dirname "$0")"

# Everything to stop on exit: servers this run started.
cleanups=()
on_exit() { for c in "${cleanups[@]}"; do eval "$c" || true; done; }
trap on_exit EXIT

# PostgreSQL: a throw-away server for the PostgreSQL store's tests. With the package installed the
# server must start: a silent skip would hide a broken PostgreSQL store.
if [ -z "${STORYLINE_TEST_PG_URL:-}" ]; then
  if ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
    pg_already=0
    scripts/pg-server.sh status >/dev/null 2>&1 && pg_already=1
    if ! pg_url="$(scripts/pg-server.sh start | tail -n 1)" || [ -z "$pg_url" ]; then
      echo "error: PostgreSQL is installed but the test server did not start (scripts/pg-server.sh start)" >&2
      exit 1
    fi
    export STORYLINE_TEST_PG_URL="$pg_url"
    # The server's TLS CA, for the TLS tests (none when openssl is missing: those tests skip).
    if pg_ca="$(scripts/pg-server.sh ca 2>/dev/null)"; then
      export STORYLINE_TEST_PG_CA="$pg_ca"
    else
      echo "warning: the PostgreSQL test server has no TLS (openssl missing?); its TLS tests will skip" >&2
    fi
    if [ "$pg_already" = 0 ]; then
      cleanups+=("scripts/pg-server.sh stop >/dev/null 2>&1")
    fi
    echo "PostgreSQL test server: $STORYLINE_TEST_PG_URL" >&2
  else
    echo "warning: PostgreSQL is not installed (apt-get install postgresql); its tests will skip" >&2
  fi
fi

if [ -z "${STORYLINE_LLM_BASE_URL:-}" ] && [ "${STORYLINE_SKIP_LLM:-0}" != 1 ]; then
  already=0
  scripts/llm-server.sh status >/dev/null 2>&1 && already=1
  if url="$(scripts/llm-server.sh start | tail -n 1)"; then
    export STORYLINE_LLM_BASE_URL="$url"
    # Stop the server only if this run started it.
    if [ "$already" = 0 ]; then
      cleanups+=("scripts/llm-server.sh stop >/dev/null 2>&1")
    fi
    echo "local model server: $STORYLINE_LLM_BASE_URL" >&2
  else
    echo "warning: the local model server did not start; real-model tests will skip" >&2
  fi
fi

if ! python3 -c 'import aiosmtpd' >/dev/null 2>&1; then
  echo "installing aiosmtpd (the mail tests' SMTP server)" >&2
  python3 -m pip install -q --root-user-action=ignore aiosmtpd \
    || python3 -m pip install -q --root-user-action=ignore --break-system-packages aiosmtpd \
    || echo "warning: could not install aiosmtpd; the mail tests will fail (pip install aiosmtpd)" >&2
fi

if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --all-targets --no-fail-fast
  cargo test --workspace --doc
else
  cargo test --workspace --all-targets
fi

if [ "${STORYLINE_SKIP_BROWSER:-0}" != 1 ]; then
  # The browser tests against the web front's fixture data ...
  bash browser-tests/ci.sh
  # ... and against the real demo: the demo corpus through the whole pipeline.
  cargo build -q --bin storyline
  port="${STORYLINE_DEMO_TEST_PORT:-18091}"
  "${CARGO_TARGET_DIR:-target}/debug/storyline" demo --listen "127.0.0.1:$port" --origin-port 0 \
    > "${TMPDIR:-/tmp}/storyline-demo-test.log" 2>&1 &
  demo_pid=$!
  for _ in $(seq 1 600); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break
    sleep 0.2
  done
  BASE_URL="http://127.0.0.1:$port" SCREENSHOT_DIR="$PWD/browser-tests/screenshots/demo" \
    bash browser-tests/ci.sh || { kill "$demo_pid" 2>/dev/null; exit 1; }
  kill -INT "$demo_pid" 2>/dev/null || true
  wait "$demo_pid" 2>/dev/null || true
fi
echo "all tests passed"
