#!/usr/bin/env bash
# The benchmark suite (issue 8): every scenario on SQLite and on PostgreSQL against release
# builds on this machine, plus the plain actix-web reference and, on each database, the
# one-row reference (actix-web, Diesel, r2d2, one indexed row) the reads are a ratio of. Prints each result as a JSON
# line, keeps them in bench/results/latest.jsonl, and writes the tables into
# docs/PERFORMANCE.md between its "bench:start" and "bench:end" markers.
#
# Usage: bash bench/run.sh            (7-30 minutes after the build; needs curl, psql, python3)
#   BENCH_SECONDS=15   length of each timed load
#   BENCH_CONNECTIONS=64 concurrent connections of the read loads
#   BENCH_ACCOUNTS=2000 BENCH_CLIENTS=500 BENCH_PLACES=100   the rush (accounts x 5 attempts)
#   BENCH_PG=postgres://postgres@127.0.0.1:5432   the PostgreSQL server
#   BENCH_PG_OPTIONS=sslmode=disable   the query of every database URL given to the servers
#                      (plain TCP, as docker-compose.yml's database is reached; libpq's
#                      default would negotiate TLS with a server that offers it, even on
#                      loopback); empty: libpq's defaults
#   BENCH_ONLY="sqlite postgres"  which databases
#   BENCH_SCENARIOS="reference reads storm mixed rush double-tap release-day million"  which scenarios
#   BENCH_TAP_ACCOUNTS=200 BENCH_TAPS=4   the double tap (accounts x 5 drafts, each booked
#                      that many times at once with fresh keys, on BENCH_PLACES places; 2
#                      api processes on PostgreSQL, 1 on SQLite)
#   BENCH_RUSH_PROCESSES="1 2 3"  api process counts of the rush on PostgreSQL
#   BENCH_RELEASE_ACCOUNTS=4000 BENCH_RELEASE_OFFICES=20 BENCH_RELEASE_WINDOW=60
#                      release day (PostgreSQL only, 2 api processes): that many accounts of
#                      5 people with a draft each (made beforehand, not measured) whose
#                      owners arrive within WINDOW seconds and book at that many offices
#                      (1-20, the three time zones among the first 4), a week of sessions
#                      each, sized so that every session fills; the database is counted
#                      afterwards. Small trial: ACCOUNTS=200 OFFICES=4 WINDOW=10. The week
#                      booked is the one after the WIB today, released at 00:00 of today's
#                      weekday (a weekly rule like Friday 16:00's, at an instant now past).
#   BENCH_LOADGEN_NICE=-10   the niceness release day's generator runs at (negative, ahead
#                      of the servers and PostgreSQL, needs root; 0: as they are)
#   BENCH_MILLION_SCALE=1  million (PostgreSQL only): the reads and the rush again on a
#                      database seeded with two years of service by bench/seed/million.sql
#                      (1: 1,000,000 applications and bookings, ~5.1 million history rows,
#                      about 4 minutes to seed here; 0.05 to try), recorded as "seeded: ..."
#                      with the seeding's time, and compared with the empty database's
#                      figures of the same run (reads, and the rush with as many processes);
#                      a seeded rush that fails is reported as missing, the run goes on
#   BENCH_MILLION_RUSH_PROCESSES=2  api processes of the rush on the seeded database
#   BENCH_REPORT=1     write docs/PERFORMANCE.md (0: keep the JSON lines only, for trying
#                      one scenario); every target is printed with its measured value either way
#   BENCH_FROM=YYYY-MM-DD  first date read and booked (default: the office's tomorrow).
#                      Between Friday 00:00 and 16:00 WIB nothing after today is released
#                      yet (the weekly release is Friday 16:00), so the rush needs the
#                      office's today then; the mixed day cancels its bookings, which
#                      an appointment today refuses.
#   BENCH_BUILD=1      build the release binaries first (0: run the ones in target/, e.g. to
#                      measure a copy kept from before a change)
#   BENCH_SERVER=target/release/paspor   the server binary run (another build's copy, for
#                      an A/B of two builds in one sitting; set BENCH_BUILD=0 with it)
# Runs on 127.0.0.1 only. Each scenario gets fresh server processes and a fresh database, so
# the peak memory reported (VmHWM) is that scenario's.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SECONDS_EACH=${BENCH_SECONDS:-15}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
PG_OPTIONS=${BENCH_PG_OPTIONS-sslmode=disable}
ONLY=${BENCH_ONLY:-sqlite postgres}
SCENARIOS=${BENCH_SCENARIOS:-reference reads storm mixed rush double-tap release-day million}
RUSH_PROCESSES=${BENCH_RUSH_PROCESSES:-1 2 3}
REPORT=${BENCH_REPORT:-1}
RESULTS=bench/results/latest.jsonl
ADMIN_EMAIL=bench-admin@imigrasi.example
ADMIN_PASSWORD="kopi tubruk di pagi hari"
OFFICE=0193a000-0000-7000-8000-000000000001

if [ "${BENCH_BUILD:-1}" != 0 ]; then
    cargo build --release --locked -p paspor-api
    (cd bench/loadgen && cargo build --release --locked)
fi
LOADGEN=bench/loadgen/target/release/paspor-loadgen
SERVER=${BENCH_SERVER:-target/release/paspor}
mkdir -p bench/results
: >"$RESULTS"

WORK=$(mktemp -d)
PIDS=()
stop_servers() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    PIDS=()
}
cleanup() {
    local status=$?
    stop_servers
    # A failed run shows what its servers said last: their folder is removed below.
    if [ "$status" != 0 ]; then
        for log in "$WORK"/server-*.log; do
            [ -f "$log" ] && { echo "== last lines of $(basename "$log")"; tail -n 40 "$log"; }
        done
    fi
    # Listed in a file: fresh_database runs in a subshell ($(...)), whose variables are lost.
    if [ -f "$WORK/databases" ]; then
        while IFS= read -r db; do
            psql "$PG/postgres" -XAtc "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
        done <"$WORK/databases"
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# Every process must sign and accept the same tokens, as in production.
export PASPOR_JWT_SECRET
PASPOR_JWT_SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n')
# Dates in the seed office's calendar (WIB, UTC+7, no DST): from its tomorrow, since today's
# sessions may have started and an appointment today can no longer be cancelled (the
# mixed day cancels every booking it makes).
FROM=${BENCH_FROM:-$(date -u -d '+7 hours +1 day' +%F)}
TO=$(date -u -d '+7 hours +31 days' +%F)
MACHINE="$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(date -u +%F)"
echo "== machine: $MACHINE"

# A fresh database URL for backend $1.
fresh_database() {
    case "$1" in
        sqlite) echo "sqlite://$WORK/paspor-$RANDOM$RANDOM.db" ;;
        postgres)
            local name="paspor_bench_$$_$RANDOM"
            psql "$PG/postgres" -XAtc "CREATE DATABASE $name" >/dev/null
            echo "$name" >>"$WORK/databases"
            echo "$PG/$name${PG_OPTIONS:+?$PG_OPTIONS}" ;;
    esac
}

# Starts $2 api processes on database $1; sets BASES (comma-separated).
start_servers() {
    local url=$1 count=$2 port
    BASES=""
    for n in $(seq 1 "$count"); do
        port=$((18080 + n))
        PASPOR_DATABASE_URL="$url" PASPOR_LISTEN="127.0.0.1:$port" PASPOR_MAIL_FILE="$WORK/outbox.jsonl" \
        PASPOR_STORAGE_DIR="$WORK/documents" PASPOR_AUTH_RATE_PER_MINUTE=1000000 RUST_LOG=warn \
            "$SERVER" serve >"$WORK/server-$n.log" 2>&1 &
        PIDS+=($!)
        for _ in $(seq 1 200); do curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break; sleep 0.1; done
        BASES="${BASES:+$BASES,}http://127.0.0.1:$port"
        # The first process migrates and seeds; the others start after it.
    done
    printf '%s\n' "$ADMIN_PASSWORD" | PASPOR_DATABASE_URL="$url" RUST_LOG=warn \
        "$SERVER" create-user --email "$ADMIN_EMAIL" --role office_admin --office "$OFFICE" >/dev/null
}

# The mixed day books, pays and cancels the same people all day long: the limits that hold
# brokers back (a person cancelling twice in 30 days waits a week) would stop it after two
# rounds. Relaxed through the API by a system admin, as an operator would for a load test.
relax_booking_limits() {
    local url=$1 base=${BASES%%,*} token
    printf '%s\n' "$ADMIN_PASSWORD" | PASPOR_DATABASE_URL="$url" RUST_LOG=warn \
        "$SERVER" create-user --email "bench-root@imigrasi.example" --role system_admin >/dev/null
    token=$(curl -fsS "$base/v1/auth/login" -H 'content-type: application/json' \
        -d "{\"email\":\"bench-root@imigrasi.example\",\"password\":\"$ADMIN_PASSWORD\"}" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
    curl -fsS -X PUT "$base/v1/admin/booking-limits" -H "authorization: Bearer $token" \
        -H 'content-type: application/json' \
        -d '{"lapses_before_cooldown":0,"lapse_window_days":30,"cooldown_days":0,"holds_per_account":100,"bookings_per_release":1000}' >/dev/null
}

# The peak resident memory of each running server, in MB, as a JSON list.
peaks() {
    local out="" pid kb
    for pid in "${PIDS[@]}"; do
        kb=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
        out="${out:+$out,}$((kb / 1024))"
    done
    echo "[$out]"
}

# Runs loadgen scenario $1 (with more options) against $BASES; records each line with the
# backend $BACKEND and the servers' peak memory.
run() {
    local scenario=$1
    shift
    local output
    output=$(${LOADGEN_FIRST:+nice -n "$LOADGEN_FIRST"} "$LOADGEN" "$scenario" --bases "$BASES" --mail-file "$WORK/outbox.jsonl" --from "$FROM" --to "$TO" \
        --connections "$CONNECTIONS" --seconds "$SECONDS_EACH" --tag "b$RANDOM" "$@")
    local memory
    memory=$(peaks)
    while IFS= read -r line; do
        line=$(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); d["backend"]=sys.argv[2]; d["peak_mb"]=json.loads(sys.argv[3]); print(json.dumps(d))' "$line" "$BACKEND" "$memory")
        echo "$line" | tee -a "$RESULTS"
    done <<<"$output"
}

# Whether scenario $1 is among those asked for.
wanted() {
    [[ " $SCENARIOS " == *" $1 "* ]]
}

if wanted reference; then
    echo "== reference: plain actix-web, fixed JSON"
    "$(dirname "$LOADGEN")/reference" 127.0.0.1:18090 &
    PIDS+=($!)
    sleep 0.5
    BACKEND=none BASES=http://127.0.0.1:18090 run plain --name "reference: plain actix-web" --url http://127.0.0.1:18090/reference
    stop_servers
    for BACKEND in $ONLY; do
        echo "== reference: one indexed row through Diesel ($BACKEND)"
        "$(dirname "$LOADGEN")/reference_db" 127.0.0.1:18091 "$(fresh_database "$BACKEND")" &
        PIDS+=($!)
        for _ in $(seq 1 100); do curl -fsS http://127.0.0.1:18091/reference/one >/dev/null 2>&1 && break; sleep 0.1; done
        BASES=http://127.0.0.1:18091 run plain --name "reference: one row" --url http://127.0.0.1:18091/reference/one
        stop_servers
    done
fi

for BACKEND in $ONLY; do
    if wanted reads; then
        echo "== $BACKEND: 1. reads"
        start_servers "$(fresh_database "$BACKEND")" 1
        run reads
        stop_servers
    fi

    if wanted storm; then
        echo "== $BACKEND: 3. reads during a login storm"
        start_servers "$(fresh_database "$BACKEND")" 1
        run storm --storm-connections 64
        stop_servers
    fi

    if wanted mixed; then
        echo "== $BACKEND: 4. a mixed day"
        url=$(fresh_database "$BACKEND")
        start_servers "$url" 1
        relax_booking_limits "$url"
        run mixed
        stop_servers
    fi

    if wanted double-tap; then
        count=1
        [ "$BACKEND" = postgres ] && count=2
        echo "== $BACKEND: 5. the double tap, $count process(es)"
        start_servers "$(fresh_database "$BACKEND")" "$count"
        run double-tap --accounts "${BENCH_TAP_ACCOUNTS:-200}" --taps "${BENCH_TAPS:-4}" \
            --clients "${BENCH_CLIENTS:-500}" --places "${BENCH_PLACES:-100}" \
            --admin-email "$ADMIN_EMAIL" --admin-password "$ADMIN_PASSWORD"
        stop_servers
    fi

    # Release day (issue 23): PostgreSQL with 2 api processes, as in production.
    if wanted release-day && [ "$BACKEND" = postgres ]; then
        echo "== postgres: 6. release day, 2 processes"
        url=$(fresh_database postgres)
        start_servers "$url" 2
        printf '%s\n' "$ADMIN_PASSWORD" | PASPOR_DATABASE_URL="$url" RUST_LOG=warn \
            "$SERVER" create-user --email bench-release@imigrasi.example --role system_admin >/dev/null
        # The week (Monday to Sunday) after the WIB today: its sessions have not begun in any
        # zone, and a weekly release on today's weekday at 00:00 local has passed in all.
        release_weekday=$(date -u -d '+7 hours' +%u)
        monday=$(date -u -d "$(date -u -d '+7 hours' +%F) +$((8 - release_weekday)) days" +%F)
        # The owners arrive on a clock: a generator starved of the 2 cores (it shares them
        # with the servers and PostgreSQL) starts them late and reads their answers late,
        # and counted that lateness as the server's. Ahead of the servers in the queue for
        # the cores, it uses as much of them as before, but when due (root only; else as is).
        LOADGEN_FIRST=${BENCH_LOADGEN_NICE:--10} run release-day --from "$monday" --to "$(date -u -d "$monday +6 days" +%F)" \
            --release-weekday "$release_weekday" --database-url "$url" \
            --accounts "${BENCH_RELEASE_ACCOUNTS:-4000}" --offices "${BENCH_RELEASE_OFFICES:-20}" \
            --window-seconds "${BENCH_RELEASE_WINDOW:-60}" \
            --admin-email bench-release@imigrasi.example --admin-password "$ADMIN_PASSWORD"
        stop_servers
    fi

    wanted rush || continue
    # SQLite is one process's database; PostgreSQL is the scale-out story.
    counts=1
    [ "$BACKEND" = postgres ] && counts=$RUSH_PROCESSES
    for count in $counts; do
        echo "== $BACKEND: 2. the rush, $count process(es)"
        start_servers "$(fresh_database "$BACKEND")" "$count"
        run rush --accounts "${BENCH_ACCOUNTS:-2000}" --clients "${BENCH_CLIENTS:-500}" --places "${BENCH_PLACES:-100}" \
            --admin-email "$ADMIN_EMAIL" --admin-password "$ADMIN_PASSWORD"
        stop_servers
    done
done

# Cost as the data grows (issue 23): the reads and the rush on one PostgreSQL database seeded
# with two years of service, their lines renamed "seeded: <scenario>" and carrying the
# seeding's scale, time and row counts. The server starts once first, to migrate and seed
# its offices; each load then gets fresh server processes on the same seeded database.
if wanted million && [[ " $ONLY " == *" postgres "* ]]; then
    BACKEND=postgres
    million_scale=${BENCH_MILLION_SCALE:-1}
    million_url=$(fresh_database postgres)
    echo "== postgres: 6. the reads and the rush on a seeded database (scale $million_scale)"
    start_servers "$million_url" 1
    stop_servers
    bash bench/seed/million.sh "$million_url" "$million_scale" | tee "$WORK/seed.out"
    million_seconds=$(sed -n 's/^seeded at scale .* in \([0-9.]*\) s$/\1/p' "$WORK/seed.out")
    million_rows=$(psql "$million_url" -XAtc "SELECT json_build_object(
        'applications', (SELECT count(*) FROM applications), 'bookings', (SELECT count(*) FROM bookings),
        'history', (SELECT count(*) FROM application_history), 'sessions', (SELECT count(*) FROM office_sessions),
        'accounts', (SELECT count(*) FROM users), 'database_mb', pg_database_size(current_database()) / 1048576)")
    # Renames the lines recorded from line $1 of the results on, and adds the seeding to them.
    mark_seeded() {
        python3 - "$RESULTS" "$1" "$million_scale" "$million_seconds" "$million_rows" <<'PY'
import json, sys
path, first, scale, seconds, rows = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), json.loads(sys.argv[5])
lines = open(path).read().splitlines()
# A load that failed leaves a blank line (see the rush below): dropped.
lines = lines[:first] + [line for line in lines[first:] if line.strip()]
if len(lines) == first:
    print("== no result from this load on the seeded database (its error is above)")
for n in range(first, len(lines)):
    line = json.loads(lines[n])
    line["scenario"] = "seeded: " + line["scenario"]
    line.update(seed_scale=scale, seed_seconds=seconds, seed_rows=rows)
    lines[n] = json.dumps(line)
    print(lines[n])
open(path, "w").write("\n".join(lines) + "\n")
PY
    }
    # start_servers makes the office admin each time: the one of the first start goes first.
    forget_admin() { psql "$million_url" -XAtc "DELETE FROM users WHERE email = '$ADMIN_EMAIL'" >/dev/null; }
    first=$(wc -l <"$RESULTS")
    forget_admin
    start_servers "$million_url" 1
    run reads >/dev/null
    stop_servers
    mark_seeded "$first"
    first=$(wc -l <"$RESULTS")
    count=${BENCH_MILLION_RUSH_PROCESSES:-2}
    forget_admin
    start_servers "$million_url" "$count"
    # Seeding took minutes: a rush that fails (e.g. a registration of its set-up refused on a
    # busy machine) is reported as missing by the report rather than ending the whole run.
    run rush --accounts "${BENCH_ACCOUNTS:-2000}" --clients "${BENCH_CLIENTS:-500}" --places "${BENCH_PLACES:-100}" \
        --admin-email "$ADMIN_EMAIL" --admin-password "$ADMIN_PASSWORD" >/dev/null || true
    stop_servers
    mark_seeded "$first"
    # The seeded database is gigabytes: dropped at once rather than at the end.
    million_name=${million_url##*/}
    psql "$PG/postgres" -XAtc "DROP DATABASE IF EXISTS ${million_name%%\?*}" >/dev/null
fi

if [ "$REPORT" = 1 ]; then
    python3 bench/report.py "$RESULTS" docs/PERFORMANCE.md "$MACHINE"
    echo "== written to docs/PERFORMANCE.md"
else
    python3 bench/report.py "$RESULTS" - "$MACHINE"
fi
