#!/usr/bin/env bash
# Drill: `kill -9` of an api process during the booking rush, then during payment notices.
# A throwaway PostgreSQL cluster, two api processes (A and B) on it. The benchmark's rush
# (bench/loadgen: DRILL_ACCOUNTS x 5 booking attempts on DRILL_PLACES places, spread over
# both) runs, and A is killed DRILL_KILL_AFTER seconds into the attempts, then restarted.
# Then one signed notice per booking held is sent, spread over both, B is killed after a
# third of them have been answered and restarted, and every notice is sent again (as a
# payment channel resends what it got no answer for). Checked with SQL afterwards: no
# session holds more places than it has, no application holds two places, each billing code
# is paid once and each notice recorded once, no outbox message or webhook delivery stays
# claimed by a dead process, and no idempotency key stays "in flight".
#
# Usage: bash ops/drills/kill9.sh     (needs psql, curl, python3; builds bench/loadgen)
# Env: DRILL_ACCOUNTS (200), DRILL_CLIENTS (200), DRILL_PLACES (100), DRILL_KILL_AFTER
#      (0.3), DRILL_KEEP=1, plus lib.sh's.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

LOADGEN=bench/loadgen/target/release/paspor-loadgen
[ -x "$LOADGEN" ] || (cd bench/loadgen && nice -n 10 cargo build --release --locked)
PORT_A=18211
PORT_B=18212
A="http://127.0.0.1:$PORT_A"
B="http://127.0.0.1:$PORT_B"
ADMIN_EMAIL=drill-admin@imigrasi.example
ADMIN_PASSWORD="kopi tubruk di pagi hari"
OFFICE=0193a000-0000-7000-8000-000000000001
export PASPOR_JWT_SECRET
PASPOR_JWT_SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n')
URL="$PG_URL/paspor_drill"

pg_create paspor_drill
start_server "$URL" "$PORT_A"
PID_A=$SERVER_PID
start_server "$URL" "$PORT_B"
PID_B=$SERVER_PID
printf '%s\n' "$ADMIN_PASSWORD" | PASPOR_DATABASE_URL="$URL" RUST_LOG=warn \
    "$DRILL_BINARY" create-user --email "$ADMIN_EMAIL" --role office_admin --office "$OFFICE" >/dev/null

echo "== the rush; A (pid $PID_A) is killed ${DRILL_KILL_AFTER:-0.3} s into the attempts"
"$LOADGEN" rush --bases "$A,$B" --mail-file "$WORK/outbox.jsonl" \
    --from "$(date -u -d '+7 hours +1 day' +%F)" --to "$(date -u -d '+7 hours +31 days' +%F)" \
    --connections 64 --seconds 15 --tag "k$RANDOM" --accounts "${DRILL_ACCOUNTS:-200}" \
    --clients "${DRILL_CLIENTS:-200}" --places "${DRILL_PLACES:-100}" \
    --admin-email "$ADMIN_EMAIL" --admin-password "$ADMIN_PASSWORD" \
    >"$WORK/rush.json" 2>"$WORK/rush.err" &
RUSH=$!
until grep -q 'attempts begin' "$WORK/rush.err" 2>/dev/null; do
    kill -0 "$RUSH" 2>/dev/null || { cat "$WORK/rush.err"; exit 1; }
    sleep 0.05
done
sleep "${DRILL_KILL_AFTER:-0.3}"
kill -KILL "$PID_A"
killed=$(now)
start_server "$URL" "$PORT_A"
PID_A=$SERVER_PID
echo "== A restarted and ready $(python3 -c "print(round($(now) - $killed, 2))") s after the kill"
wait "$RUSH" || true
echo "== rush: $(cat "$WORK/rush.json")"

LIVE="b.released_at IS NULL AND (b.hold_deadline IS NULL OR b.hold_deadline > (now() AT TIME ZONE 'utc'))"
echo "== after the rush"
echo "places held (live bookings): $(sql paspor_drill "SELECT count(*) FROM bookings b WHERE $LIVE")"
echo "sessions holding more than their capacity: $(sql paspor_drill "
    SELECT count(*) FROM (SELECT s.id FROM office_sessions s JOIN bookings b ON b.session_id = s.id
    WHERE $LIVE GROUP BY s.id, b.channel, s.capacity_regular, s.capacity_same_day, s.capacity_priority
    HAVING count(*) > CASE b.channel WHEN 'regular' THEN s.capacity_regular
        WHEN 'same_day' THEN s.capacity_same_day ELSE s.capacity_priority END) over")"
echo "applications holding two places: $(sql paspor_drill "
    SELECT count(*) FROM (SELECT b.application_id FROM bookings b WHERE $LIVE AND b.application_id IS NOT NULL
    GROUP BY b.application_id HAVING count(*) > 1) two")"
echo "bookings whose application is not awaiting payment: $(sql paspor_drill "
    SELECT count(*) FROM bookings b JOIN applications a ON a.id = b.application_id
    WHERE $LIVE AND a.status <> 'awaiting_payment'")"

sql paspor_drill "SELECT b.billing_code, b.amount FROM bookings b
    WHERE $LIVE AND b.application_id IS NOT NULL AND b.hold_deadline IS NOT NULL ORDER BY b.created_at" \
    | tr '|' ' ' >"$WORK/codes.txt"
held=$(wc -l <"$WORK/codes.txt")
echo "== $held payment notices; B (pid $PID_B) is killed after $((held / 3)) answers"
python3 ops/drills/notices.py --bases "$A,$B" --codes "$WORK/codes.txt" --out "$WORK/notices-1.jsonl" \
    --kill-pid "$PID_B" --kill-after $((held / 3))
start_server "$URL" "$PORT_B"
echo "== B restarted; every notice is sent again"
python3 ops/drills/notices.py --bases "$A,$B" --codes "$WORK/codes.txt" --out "$WORK/notices-2.jsonl"

sleep 3   # the outbox delivers the paid notices
echo "== after the payments"
echo "payments recorded: $(sql paspor_drill "SELECT count(*) FROM payments WHERE event_id LIKE 'drill-%'")," \
     "distinct notices: $(sql paspor_drill "SELECT count(DISTINCT event_id) FROM payments WHERE event_id LIKE 'drill-%'")," \
     "by status: $(sql paspor_drill "SELECT string_agg(status || '=' || n, ' ') FROM (SELECT status, count(*) n FROM payments GROUP BY status) s")"
echo "billing codes paid more than once: $(sql paspor_drill "
    SELECT count(*) FROM (SELECT billing_code FROM payments WHERE status = 'applied' GROUP BY billing_code HAVING count(*) > 1) twice")"
echo "codes sent but not paid: $(sql paspor_drill "
    SELECT count(*) FROM bookings b JOIN applications a ON a.id = b.application_id
    WHERE b.billing_code IN ($(awk '{printf "%s'\''%s'\''", (NR>1?",":""), $1}' "$WORK/codes.txt")) AND a.status <> 'paid'")"
echo "applications paid: $(sql paspor_drill "SELECT count(*) FROM applications WHERE status = 'paid'")," \
     "paid history entries: $(sql paspor_drill "SELECT count(*) FROM application_history WHERE status = 'paid'")"
echo "outbox: $(sql paspor_drill "SELECT string_agg(status || '=' || n, ' ') FROM (SELECT status, count(*) n FROM outbox_messages GROUP BY status) s");" \
     "claimed by no live worker (claimed_until in the future, pending): $(sql paspor_drill "
        SELECT count(*) || ', lease left up to ' || coalesce(round(extract(epoch FROM max(claimed_until) - (now() AT TIME ZONE 'utc'))), 0) || ' s'
        FROM outbox_messages WHERE status = 'pending' AND claimed_until > (now() AT TIME ZONE 'utc')")"
echo "webhook deliveries claimed: $(sql paspor_drill "SELECT count(*) FROM webhook_deliveries WHERE claimed_until > (now() AT TIME ZONE 'utc')")"
echo "idempotency keys still in flight: $(sql paspor_drill "SELECT count(*) FROM idempotency_keys WHERE status IS NULL")"
