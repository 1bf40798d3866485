# Shared by the fault drills (sourced, not run): a throwaway PostgreSQL cluster of the
# drill's own, api processes of the release build, and clean-up on exit.
#
# Never touches another PostgreSQL server: the cluster is created in a temporary folder,
# listens on 127.0.0.1:$DRILL_PG_PORT (5544) with its socket in that folder, and is the only
# one the drills stop and start. As root, the cluster runs as the `postgres` user.

set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

DRILL_PG_PORT=${DRILL_PG_PORT:-5544}
DRILL_BINARY=${DRILL_BINARY:-target/release/paspor}
PG_BIN=${DRILL_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
WORK=$(mktemp -d /tmp/paspor-drill.XXXXXX)
chmod 755 "$WORK"
PG_DIR="$WORK/pg"          # owned by the cluster's user: its data, socket and log
PGDATA_DIR="$PG_DIR/data"
PG_URL="postgres://postgres@127.0.0.1:$DRILL_PG_PORT"
SERVER_PIDS=()

if [ ! -x "$DRILL_BINARY" ]; then
    nice -n 10 cargo build --release --locked -p paspor-api
fi

# Runs a PostgreSQL tool as the cluster's owner.
as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -w -l "$PG_DIR/pg.log" \
        -o "-p $DRILL_PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1" start >/dev/null
}

# Stops the drill's cluster (mode fast: what a restart or failover does to clients).
pg_stop() {
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -w -m "${1:-fast}" stop >/dev/null
}

# A fresh cluster, started, with database $1.
pg_create() {
    mkdir -p "$PG_DIR"
    if [ "$(id -u)" = 0 ]; then chown postgres "$PG_DIR"; fi
    as_pg "$PG_BIN/initdb" -D "$PGDATA_DIR" -U postgres --auth=trust >"$WORK/initdb.log"
    pg_start
    psql "$PG_URL/postgres" -XAtqc "CREATE DATABASE $1"
}

# SQL on database $1, unaligned, tuples only.
sql() {
    psql "$PG_URL/$1" -XAtqc "$2"
}

# Starts an api process on database URL $1 and port $2 (more PASPOR_* from the caller's
# environment); its pid goes into SERVER_PIDS and SERVER_PID, its log into $WORK/server-$2.log.
start_server() {
    local url=$1 port=$2
    PASPOR_DATABASE_URL="$url" PASPOR_LISTEN="127.0.0.1:$port" \
    PASPOR_MAIL_FILE="${PASPOR_MAIL_FILE:-$WORK/outbox.jsonl}" \
    PASPOR_STORAGE_DIR="${PASPOR_STORAGE_DIR:-$WORK/documents}" \
    PASPOR_AUTH_RATE_PER_MINUTE=1000000 RUST_LOG=${RUST_LOG:-warn} \
        "$DRILL_BINARY" serve >>"$WORK/server-$port.log" 2>&1 &
    SERVER_PID=$!
    SERVER_PIDS+=("$SERVER_PID")
    for _ in $(seq 1 300); do
        curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "the api on port $port did not become ready; its log:" >&2
    tail -n 20 "$WORK/server-$port.log" >&2
    return 1
}

drill_cleanup() {
    local pid
    for pid in "${SERVER_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${SERVER_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    if [ -f "$PGDATA_DIR/postmaster.pid" ]; then pg_stop immediate 2>/dev/null || true; fi
    if [ -n "${DRILL_KEEP:-}" ]; then echo "kept: $WORK"; else rm -rf "$WORK"; fi
}
trap drill_cleanup EXIT

now() { date +%s.%N; }
