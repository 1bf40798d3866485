#!/usr/bin/env bash
# README's walk through the API (examples/walkthrough.sh) against a fresh server: a
# temporary folder of its own for the SQLite database, the uploaded documents and the mail
# file, a free port on 127.0.0.1, development mode with the seed offices. Exits with the
# walkthrough's status; prints the server's log when it fails.
#
#   bash .ci/walkthrough.sh
#
# WALKTHROUGH_SERVER: the `paspor` binary to run, debug or release (default
# target/debug/paspor, built first with `cargo build -p paspor-api --locked`). The
# walkthrough creates its staff accounts with the same binary, on the same database.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SERVER=${WALKTHROUGH_SERVER:-target/debug/paspor}
if [ -z "${WALKTHROUGH_SERVER:-}" ]; then
    # The default binary is built from this checkout (a no-op when it is up to date), so
    # that a stale one is never walked through.
    cargo build -p paspor-api --locked --bin paspor
elif [ ! -x "$SERVER" ]; then
    echo "walkthrough: no server binary at $SERVER" >&2
    exit 2
fi
SERVER=$(cd "$(dirname "$SERVER")" && pwd)/$(basename "$SERVER")

WORK=$(mktemp -d "${TMPDIR:-/tmp}/paspor-walkthrough.XXXXXX")
LOG="$WORK/server.log"
SERVER_PID=""

stop_server() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 100); do
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}

finish() {
    local status=$?
    stop_server
    if [ "$status" -ne 0 ]; then
        echo "walkthrough: failed (exit status $status); the server's log:" >&2
        cat "$LOG" >&2 2>/dev/null || true
    fi
    rm -rf "$WORK"
    exit "$status"
}
trap finish EXIT

PORT=$(python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')

# The server's settings, and only these (none of the caller's PASPOR_* variables), exported:
# the walkthrough's `create-user` runs on the same database, and it reads the same mail file.
while read -r name; do unset "$name"; done < <(compgen -e | grep '^PASPOR_' || true)
export PASPOR_ENV=development
export PASPOR_DATABASE_URL="sqlite://$WORK/paspor.db"
export PASPOR_LISTEN="127.0.0.1:$PORT"
export PASPOR_MAIL_FILE="$WORK/outbox.jsonl"
export PASPOR_STORAGE_DIR="$WORK/documents"
export PASPOR_SEED=true
export RUST_LOG=${RUST_LOG:-info}

echo "walkthrough: starting $SERVER on 127.0.0.1:$PORT in $WORK"
"$SERVER" serve >"$LOG" 2>&1 &
SERVER_PID=$!
ready=0
for _ in $(seq 1 300); do
    if curl -fsS "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1; then
        ready=1
        break
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
done
if [ "$ready" -ne 1 ]; then
    echo "walkthrough: the server did not become ready" >&2
    exit 1
fi

status=0
PASPOR_URL="http://127.0.0.1:$PORT" PASPOR_BIN="$SERVER" bash examples/walkthrough.sh || status=$?
exit "$status"
