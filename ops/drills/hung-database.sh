#!/usr/bin/env bash
# Drill: PostgreSQL stops answering mid-load without closing anything, then resumes. A
# throwaway cluster of the drill's own (never the shared server), one api process, readers,
# writers (registrations) and a /health/ready poller; after DRILL_BEFORE seconds every
# process of that cluster gets SIGSTOP (the kernel still completes connections and
# acknowledges bytes, so nothing on the wire says the database is gone, and none of its
# own timeouts can fire), DRILL_HANG seconds later SIGCONT, and the load goes on
# DRILL_AFTER seconds. Expected: during the hang every answer is a 503 problem+json within
# 2 s (most at once), readiness fails within 2 s, the outage is logged once, the process
# serves again by itself once the database resumes, every write answered 202 is stored,
# and no account is half written (stored without its verification email).
#
# Usage: bash ops/drills/hung-database.sh     (from anywhere; needs psql, curl, python3, ps)
# Env: DRILL_BEFORE (5), DRILL_HANG (10), DRILL_AFTER (8), DRILL_READERS (8),
#      DRILL_WRITERS (2), DRILL_KEEP=1 keeps the work folder, plus lib.sh's DRILL_PG_PORT
#      and DRILL_BINARY and any PASPOR_* for the api.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT=${DRILL_PORT:-18202}
BASE="http://127.0.0.1:$PORT"
pg_create paspor_drill
PASPOR_AVAILABILITY_CACHE_MS=0 start_server "$PG_URL/paspor_drill" "$PORT"
DATE=$(date -u -d '+7 hours +1 day' +%F)

# The drill's cluster only: the postmaster named in its own data folder's pid file (checked
# to be that folder's), and that postmaster's children. No other process is signalled.
POSTMASTER=$(head -n 1 "$PGDATA_DIR/postmaster.pid")
if ! tr '\0' ' ' <"/proc/$POSTMASTER/cmdline" | grep -qF -- "$PGDATA_DIR"; then
    echo "pid $POSTMASTER is not the drill's postmaster; nothing signalled" >&2
    exit 1
fi
cluster() {
    echo "$POSTMASTER"
    ps -o pid= --ppid "$POSTMASTER"
}
STOPPED=()
resume_cluster() {
    if [ "${#STOPPED[@]}" -gt 0 ]; then
        # The children first, then the postmaster, which might otherwise start new ones.
        local pid
        for pid in "${STOPPED[@]:1}" "${STOPPED[0]}"; do kill -CONT "$pid" 2>/dev/null || true; done
        STOPPED=()
    fi
}
# A drill that ends early still resumes the cluster before lib.sh stops it.
trap 'resume_cluster; drill_cleanup' EXIT

python3 ops/drills/probe.py load --base "$BASE" --out "$WORK/events.jsonl" --stop "$WORK/stop" \
    --date "$DATE" --readers "${DRILL_READERS:-8}" --writers "${DRILL_WRITERS:-2}" &
LOAD=$!
sleep "${DRILL_BEFORE:-5}"
accounts_before=$(sql paspor_drill "SELECT count(*) FROM users WHERE email LIKE 'drill-%'")
# The postmaster first, so that it starts no new backend while its children are stopped.
kill -STOP "$POSTMASTER"
mapfile -t STOPPED < <(cluster | tr -d ' ')
for pid in "${STOPPED[@]:1}"; do kill -STOP "$pid" || true; done
DOWN=$(now)
echo "== database stopped: SIGSTOP to ${#STOPPED[@]} processes of the drill's cluster ($accounts_before drill accounts stored)"
sleep "${DRILL_HANG:-10}"
UP=$(now)
resume_cluster
echo "== database resumed (SIGCONT)"
sleep "${DRILL_AFTER:-8}"
touch "$WORK/stop"
wait "$LOAD"

python3 ops/drills/probe.py report --events "$WORK/events.jsonl" --down "$DOWN" --up "$UP"

# Every write the service accepted (202) must be stored; none is lost. A write answered
# 503 during the hang may have committed once the database resumed (the server logs it).
python3 - "$WORK/events.jsonl" "$WORK" <<'PY'
import json, sys
accepted, refused = open(sys.argv[2] + "/accepted.txt", "w"), open(sys.argv[2] + "/refused.txt", "w")
for line in open(sys.argv[1]):
    event = json.loads(line)
    if event["kind"] == "write":
        if event["status"] == 202:
            print(event["email"], file=accepted)
        elif event["status"] >= 500:
            print(event["email"], file=refused)
PY
sql paspor_drill "SELECT email FROM users WHERE email LIKE 'drill-%'" | sort >"$WORK/stored.txt"
sort -o "$WORK/accepted.txt" "$WORK/accepted.txt"
sort -o "$WORK/refused.txt" "$WORK/refused.txt"
accepted=$(wc -l <"$WORK/accepted.txt")
stored=$(wc -l <"$WORK/stored.txt")
lost=$(comm -23 "$WORK/accepted.txt" "$WORK/stored.txt" | wc -l)
refused=$(wc -l <"$WORK/refused.txt")
refused_stored=$(comm -12 "$WORK/refused.txt" "$WORK/stored.txt" | wc -l)
half=$(sql paspor_drill "SELECT count(*) FROM users u WHERE u.email LIKE 'drill-%'
    AND NOT EXISTS (SELECT 1 FROM outbox_messages o WHERE o.recipient = u.email)")
echo "== writes accepted (202): $accepted; drill accounts stored: $stored; accepted but not stored: $lost"
echo "== writes answered 5xx: $refused, of which stored all the same (committed on resume): $refused_stored"
echo "== accounts stored without their verification email (half written): $half"
echo "== the api process is still the first one: $(kill -0 "$SERVER_PID" && echo yes) (pid $SERVER_PID)"
log="$WORK/server-$PORT.log"
echo "== the api's log: $(wc -l <"$log") lines; 'request failed': $(grep -c 'request failed' "$log" || true);" \
    "background jobs' failed passes: $(grep -c 'failed; \(retrying\|trying at the next poll\)' "$log" || true)"
grep -E 'database failed|answers again|committed when|committing nothing|watchdog' "$log" | cut -c1-300 || true
[ "$lost" = 0 ] && [ "$half" = 0 ]
