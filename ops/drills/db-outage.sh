#!/usr/bin/env bash
# Drill: PostgreSQL stops mid-load and comes back. A throwaway cluster of the drill's own
# (never the shared server), one api process, readers, writers (registrations) and a
# /health/ready poller; after DRILL_BEFORE seconds the cluster is stopped (`pg_ctl stop -m
# fast`), DRILL_OUTAGE seconds later started again, and the load goes on DRILL_AFTER
# seconds. Expected: during the outage every answer is a quick 503 problem+json, readiness
# fails, the process recovers by itself once the database is back, and every write
# answered 202 before (or after) the outage is in the database.
#
# Usage: bash ops/drills/db-outage.sh     (from anywhere; needs psql, curl, python3)
# Env: DRILL_BEFORE (5), DRILL_OUTAGE (20), DRILL_AFTER (10), DRILL_READERS (8),
#      DRILL_WRITERS (2), DRILL_STOP_MODE (fast), DRILL_KEEP=1 keeps the work folder,
#      plus lib.sh's DRILL_PG_PORT and DRILL_BINARY and any PASPOR_* for the api.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT=${DRILL_PORT:-18201}
BASE="http://127.0.0.1:$PORT"
pg_create paspor_drill
PASPOR_AVAILABILITY_CACHE_MS=0 start_server "$PG_URL/paspor_drill" "$PORT"
DATE=$(date -u -d '+7 hours +1 day' +%F)

python3 ops/drills/probe.py load --base "$BASE" --out "$WORK/events.jsonl" --stop "$WORK/stop" \
    --date "$DATE" --readers "${DRILL_READERS:-8}" --writers "${DRILL_WRITERS:-2}" &
LOAD=$!
sleep "${DRILL_BEFORE:-5}"
accounts_before=$(sql paspor_drill "SELECT count(*) FROM users WHERE email LIKE 'drill-%'")
DOWN=$(now)
pg_stop "${DRILL_STOP_MODE:-fast}"
echo "== database stopped ($accounts_before drill accounts stored)"
sleep "${DRILL_OUTAGE:-20}"
pg_start
UP=$(now)
echo "== database started again"
sleep "${DRILL_AFTER:-10}"
touch "$WORK/stop"
wait "$LOAD"

python3 ops/drills/probe.py report --events "$WORK/events.jsonl" --down "$DOWN" --up "$UP"

# Every write the service accepted (202) must be stored; none is lost.
python3 - "$WORK/events.jsonl" >"$WORK/accepted.txt" <<'EOF'
import json, sys
for line in open(sys.argv[1]):
    event = json.loads(line)
    if event["kind"] == "write" and event["status"] == 202:
        print(event["email"])
EOF
sql paspor_drill "SELECT email FROM users WHERE email LIKE 'drill-%'" | sort >"$WORK/stored.txt"
sort -o "$WORK/accepted.txt" "$WORK/accepted.txt"
accepted=$(wc -l <"$WORK/accepted.txt")
stored=$(wc -l <"$WORK/stored.txt")
lost=$(comm -23 "$WORK/accepted.txt" "$WORK/stored.txt" | wc -l)
echo "== writes accepted (202): $accepted; drill accounts stored: $stored; accepted but not stored: $lost"
echo "== the api process is still the first one: $(kill -0 "$SERVER_PID" && echo yes) (pid $SERVER_PID)"
grep -c 'request failed' "$WORK/server-$PORT.log" | sed 's/^/== failures logged by the api: /'
grep -o '"cause":"[^"]*"\|cause="[^"]*"' "$WORK/server-$PORT.log" | cut -c1-140 | sort | uniq -c | sort -rn | head -n 8
[ "$lost" = 0 ]
