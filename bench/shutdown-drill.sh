#!/usr/bin/env bash
# The graceful-shutdown drill: the real `paspor` binary on SQLite, a request in flight that
# uploads slowly, SIGTERM (or SIGINT) in the middle of it. Expected: the request is answered,
# a new connection is refused meanwhile, the process exits 0. Outcomes go to
# docs/RELIABILITY.md by hand, with the machine and the date.
#
# Usage: bash bench/shutdown-drill.sh [TERM|INT]   (from the repository root)
# Env: DRILL_BINARY (default: a debug build), DRILL_PORT (18090), DRILL_RATE (curl's
# --limit-rate, 10K: the 60 KB body takes about 6 s).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SIGNAL=${1:-TERM}
PORT=${DRILL_PORT:-18090}
RATE=${DRILL_RATE:-10K}
BASE="http://127.0.0.1:$PORT"
if [ -z "${DRILL_BINARY:-}" ]; then
    cargo build --locked -p paspor-api
    DRILL_BINARY=target/debug/paspor
fi

WORK=$(mktemp -d)
trap 'kill -KILL "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT
PASPOR_DATABASE_URL="sqlite://$WORK/paspor.db" \
PASPOR_LISTEN="127.0.0.1:$PORT" \
PASPOR_MAIL_FILE="$WORK/outbox.jsonl" \
PASPOR_STORAGE_DIR="$WORK/documents" \
PASPOR_SHUTDOWN_TIMEOUT_SECS=${PASPOR_SHUTDOWN_TIMEOUT_SECS:-30} \
RUST_LOG=info \
    "$DRILL_BINARY" serve 2>"$WORK/server.log" &
SERVER=$!
for _ in $(seq 1 200); do
    curl -fsS "$BASE/health/ready" >/dev/null 2>&1 && break
    sleep 0.1
done

# A registration padded with spaces to 60 KB (the API takes at most 64 KiB).
python3 - "$WORK/body.json" <<'EOF'
import json, sys
body = json.dumps({"email": "drill@example.id", "phone": "081234567890",
                   "full_name": "Shutdown Drill", "password": "kopi tubruk di pagi hari"})
open(sys.argv[1], "w").write(body + " " * (60_000 - len(body)))
EOF

started=$(date +%s.%N)
curl -sS -o "$WORK/answer.json" -w '%{http_code} %{time_total}\n' --limit-rate "$RATE" \
    -H 'content-type: application/json' -H 'x-request-id: drill-slow-1' \
    --data-binary @"$WORK/body.json" "$BASE/v1/auth/register" >"$WORK/curl.out" 2>&1 &
CLIENT=$!
sleep 1
kill -"$SIGNAL" "$SERVER"
signalled=$(date +%s.%N)
sleep 0.5
if curl -sS -m 2 "$BASE/health/live" >/dev/null 2>&1; then
    refused="no (a new request was served while stopping)"
else
    refused="yes"
fi
wait "$CLIENT" || true
answered=$(date +%s.%N)
set +e
wait "$SERVER"
status=$?
set -e
exited=$(date +%s.%N)
SERVER=

echo "signal:                        SIG$SIGNAL, 1 s into the upload"
echo "slow request (status, seconds): $(cat "$WORK/curl.out")"
echo "new connection refused:         $refused"
echo "exit status:                    $status"
printf 'signal to answer:              %.2f s\n' "$(echo "$answered - $signalled" | bc)"
printf 'signal to exit:                %.2f s\n' "$(echo "$exited - $signalled" | bc)"
printf 'whole drill:                   %.2f s\n' "$(echo "$exited - $started" | bc)"
echo "--- the server's log from the signal on:"
sed -n '/stopping: no new connections/,$p' "$WORK/server.log"
