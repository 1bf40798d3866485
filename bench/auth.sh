#!/usr/bin/env bash
# Benchmark of sign-in: logins per second at the argon2id parameters in force (m=19 MiB,
# t=2, p=1), and the latency of GET /v1/offices alone and during a login storm.
#
# Usage: bash bench/auth.sh   (from the repository root; needs wrk: apt-get install wrk)
# Runs a release build on SQLite in a temporary folder, on 127.0.0.1 only, for about a
# minute and a half, and prints wrk's reports. Results are written down in
# docs/PERFORMANCE.md by hand, with the machine and the date.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PORT=${BENCH_PORT:-18080}
DURATION=${BENCH_DURATION:-20s}
BASE="http://127.0.0.1:$PORT"
EMAIL="bench@example.com"
PASSWORD="kopi tubruk di pagi hari"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
cargo build --release --locked -p paspor-api

WORK=$(mktemp -d)
trap 'kill "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT
PASPOR_DATABASE_URL="sqlite://$WORK/paspor.db" \
PASPOR_LISTEN="127.0.0.1:$PORT" \
PASPOR_MAIL_FILE="$WORK/outbox.jsonl" \
PASPOR_AUTH_RATE_PER_MINUTE=1000000 \
RUST_LOG=warn \
    target/release/paspor serve &
SERVER=$!
for _ in $(seq 1 100); do
    curl -fsS "$BASE/health/ready" >/dev/null 2>&1 && break
    sleep 0.1
done

# One verified account to sign in with.
curl -fsS -X POST "$BASE/v1/auth/register" -H 'content-type: application/json' \
    -d "{\"email\":\"$EMAIL\",\"phone\":\"081234567890\",\"full_name\":\"Bench\",\"password\":\"$PASSWORD\"}" >/dev/null
for _ in $(seq 1 100); do
    [ -s "$WORK/outbox.jsonl" ] && break
    sleep 0.1
done
CODE=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["code"])' "$WORK/outbox.jsonl")
curl -fsS -X POST "$BASE/v1/auth/verify-email" -H 'content-type: application/json' \
    -d "{\"email\":\"$EMAIL\",\"code\":\"$CODE\"}"

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(date -u +%F)"
echo "== 1. logins alone (wrk -t2 -c8 -d$DURATION)"
wrk -t2 -c8 -d"$DURATION" --latency -s bench/login.lua "$BASE/v1/auth/login"
echo "== 2. GET /v1/offices alone (wrk -t1 -c8 -d$DURATION)"
wrk -t1 -c8 -d"$DURATION" --latency "$BASE/v1/offices"
echo "== 3. GET /v1/offices during a login storm (64 connections signing in)"
wrk -t1 -c64 -d"$DURATION" -s bench/login.lua "$BASE/v1/auth/login" >"$WORK/storm.txt" &
STORM=$!
sleep 2
wrk -t1 -c8 -d"$DURATION" --latency "$BASE/v1/offices"
wait "$STORM"
echo "-- the storm itself:"
cat "$WORK/storm.txt"
echo "peak memory of the server (VmHWM): $(grep VmHWM "/proc/$SERVER/status" | awk '{print $2, $3}')"
