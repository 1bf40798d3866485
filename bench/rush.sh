#!/usr/bin/env bash
# The quota-release rush on PostgreSQL with two api processes: 10,000 booking attempts (one
# per draft, 2,000 accounts x 5 people) from 500 concurrent clients on a session of 100
# places. Needs a PostgreSQL server (BENCH_PG, default postgres://postgres@127.0.0.1:5432),
# python3 with aiohttp (pip install aiohttp), and runs on 127.0.0.1 only.
#
# Usage: bash bench/rush.sh   [BENCH_ACCOUNTS=2000 BENCH_CLIENTS=500 BENCH_PLACES=100]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
DB="paspor_bench_$$"
cargo build --release --locked -p paspor-api
python3 -c 'import aiohttp' 2>/dev/null || pip install aiohttp
psql "$PG/postgres" -XAtc "CREATE DATABASE $DB" >/dev/null
WORK=$(mktemp -d)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    psql "$PG/postgres" -XAtc "DROP DATABASE IF EXISTS $DB" >/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

# Every process must sign and accept the same tokens, as in production.
JWT_SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n')
for port in 18081 18082; do
    PASPOR_JWT_SECRET="$JWT_SECRET" PASPOR_DATABASE_URL="$PG/$DB" PASPOR_LISTEN="127.0.0.1:$port" PASPOR_MAIL_FILE="$WORK/outbox.jsonl" \
    PASPOR_AUTH_RATE_PER_MINUTE=1000000 PASPOR_DB_POOL_SIZE=${BENCH_POOL:-10} RUST_LOG=warn \
        target/release/paspor serve &
    PIDS+=($!)
    sleep 1
done
for port in 18081 18082; do
    for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break; sleep 0.1; done
done
echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(date -u +%F); PostgreSQL $(psql "$PG/postgres" -XAtc 'SHOW server_version')"
python3 bench/rush.py --bases http://127.0.0.1:18081,http://127.0.0.1:18082 --database "$PG/$DB" \
    --accounts "${BENCH_ACCOUNTS:-2000}" --clients "${BENCH_CLIENTS:-500}" --places "${BENCH_PLACES:-100}"
for pid in "${PIDS[@]}"; do
    echo "peak memory of api process $pid (VmHWM): $(grep VmHWM "/proc/$pid/status" | awk '{print $2, $3}')"
done
