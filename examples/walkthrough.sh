#!/usr/bin/env bash
# README's walk through the API, start to finish, against a running server: the public
# reads, an account, an application booked, paid and documented, the office's steps on the
# appointment's day (check-in to issuance), and the office's and system's administration.
#
# Run it from the repository's root while the server runs (`cargo run --release -p paspor-api`,
# development mode, its SQLite file ./data/paspor.db and mail file data/outbox.jsonl):
#
#     bash examples/walkthrough.sh
#
# It needs only curl and python3, works on any day of the week at any hour, and may be run
# again and again on the same server (each run has its own accounts and applicant). It ends
# with `walkthrough: done` and status 0; a failure names its step and exits non-zero.
#
# Settings, from the environment:
#   PASPOR_URL        the server (default http://127.0.0.1:8080)
#   PASPOR_MAIL_FILE  the file the server appends email to, as the server reads it
#                     (default data/outbox.jsonl; with PASPOR_SMTP_URL set there is none)
#   PASPOR_BIN        the `paspor` command that creates staff accounts, on the server's
#                     database (default `cargo run -q --release -p paspor-api --`)
#   WALKTHROUGH_MAIL_TIMEOUT  seconds to wait for the verification email (default 30)
#
# README quotes this file's sections verbatim: the block between
# `<!-- walkthrough:begin NAME -->` and `<!-- walkthrough:end NAME -->` there is the text
# between `# walkthrough:begin NAME` and `# walkthrough:end NAME` here; the black-box test
# `readme_walkthrough` fails when they differ.
set -euo pipefail
STEP="start"
WORK=""
trap 'status=$?
[ -z "$WORK" ] || rm -rf "$WORK"
if [ "$status" -ne 0 ]; then echo "walkthrough: FAILED at step: $STEP (exit status $status)" >&2; fi' EXIT

# walkthrough:begin setup
URL=${PASPOR_URL:-http://127.0.0.1:8080}
MAIL_FILE=${PASPOR_MAIL_FILE:-data/outbox.jsonl}
read -r -a PASPOR <<<"${PASPOR_BIN:-cargo run -q --release -p paspor-api --}"
RUN=$(date +%s)$RANDOM   # this run's own addresses
WORK=$(mktemp -d)        # this run's files

# step WHAT: says what comes next (and what failed, if it fails).
step() { STEP=$*; printf '\n==> %s\n' "$*"; }

# fail WHY: says why, and fails.
fail() { echo "$*" >&2; return 1; }

# http METHOD PATH [curl options]: the answer's body, then its status on a line of its own.
http() { curl -sS -X "$1" "$URL$2" -w '\n%{http_code}' "${@:3}"; }

# api STATUS METHOD PATH [curl options]: the answer's body, which must come with STATUS
# (any other fails, showing the answer). Sign-in routes are rate limited: a 429 is retried.
api() {
    local want=$1 answer status tries=0
    shift
    while :; do
        answer=$(http "$@") || { echo "$1 $2: no answer from $URL" >&2; return 1; }
        status=${answer##*$'\n'}
        if [ "$status" != 429 ] || [ $((tries += 1)) -gt 20 ]; then break; fi
        sleep 3
    done
    if [ "$status" != "$want" ]; then
        echo "$1 $2: expected $want, got $status: ${answer%$'\n'*}" >&2
        return 1
    fi
    printf '%s\n' "${answer%$'\n'*}"
}

# get PATH: a value of the JSON on standard input by a dotted path (`booking.billing_code`).
get() {
    python3 -c 'import json, sys
value = json.load(sys.stdin)
for key in sys.argv[1].split("."):
    value = value[int(key)] if isinstance(value, list) else value[key]
print(value if isinstance(value, str) else json.dumps(value))' "$1"
}

# show: the JSON on standard input on one line, cut at 300 characters (nothing if none).
show() {
    python3 -c 'import json, sys
text = sys.stdin.read().strip()
line = json.dumps(json.loads(text), ensure_ascii=False) if text else ""
if line:
    print("   ", line[:300] + (" ..." if len(line) > 300 else ""))'
}

# day ZONE [DAYS]: today's date in an Indonesian time zone (wib, wita, wit), or DAYS on.
day() {
    python3 -c 'import datetime as d, sys
hours = {"wib": 7, "wita": 8, "wit": 9}[sys.argv[1]]
now = d.datetime.now(d.timezone.utc) + d.timedelta(hours=hours, days=int(sys.argv[2]))
print(now.date())' "$1" "${2:-0}"
}

# key: a new Idempotency-Key.
key() { python3 -c 'import uuid; print(uuid.uuid4())'; }

# login EMAIL PASSWORD: an access token.
login() {
    api 200 POST /v1/auth/login -H 'content-type: application/json' \
        -d "{\"email\":\"$1\",\"password\":\"$2\"}" | get access_token
}

# first_bookable CHANNEL: from an availability answer on standard input, the first session
# that takes a booking now (released, not begun) with a place left in CHANNEL, as
# "DATE SESSION_ID STARTS_AT"; nothing when there is none.
first_bookable() {
    python3 -c 'import json, sys
for day in json.load(sys.stdin)["days"]:
    for session in day["sessions"]:
        if session["bookable"] and session["channels"][sys.argv[1]]["remaining"] > 0:
            print(day["date"], session["id"], session["starts_at"])
            sys.exit()' "$1"
}

# wait_for_code EMAIL SINCE: the code of the newest email to EMAIL sent at SINCE (UTC,
# YYYY-MM-DDTHH:MM:SS) or later, from the mail file. The server's outbox job writes it a
# moment after the request is answered, so the file is read until it is there.
wait_for_code() {
    python3 - "$MAIL_FILE" "$1" "$2" "${WALKTHROUGH_MAIL_TIMEOUT:-30}" <<'PY'
import json, sys, time
path, to, since, timeout = sys.argv[1], sys.argv[2].lower(), sys.argv[3], float(sys.argv[4])
deadline = time.monotonic() + timeout
while True:
    codes = []
    try:
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                try:
                    mail = json.loads(line)
                except ValueError:
                    continue  # a line being written
                if mail["to"].lower() == to and mail["code"] and mail["sent_at"][:19] >= since:
                    codes.append(mail["code"])
    except FileNotFoundError:
        pass
    if codes:
        print(codes[-1])
        break
    if time.monotonic() > deadline:
        sys.exit(f"no email with a code to {to} in {path} within {timeout:g} s: is that the "
                 "file the server writes (PASPOR_MAIL_FILE, no PASPOR_SMTP_URL)?")
    time.sleep(0.1)
PY
}
# walkthrough:end setup

# walkthrough:begin public
step "health: the process answers, and the database does"
api 200 GET /health/live | show
api 200 GET /health/ready | show          # {"status":"ok","database":"sqlite"}

step "offices, nearest first from a position (Pangkalpinang), and one office"
PKP=0193a000-0000-7000-8000-000000000001  # the seed office Kantor Imigrasi Pangkalpinang (WIB)
api 200 GET '/v1/offices?lat=-2.13&lng=106.11' | show
api 200 GET "/v1/offices/$PKP" | show

step "Pangkalpinang's sessions of the next two weeks, with places left per channel and release state"
AVAILABILITY=$(api 200 GET "/v1/offices/$PKP/availability?from=$(day wib)&to=$(day wib 14)")
show <<<"$AVAILABILITY"
echo "    first bookable regular place: $(first_bookable regular <<<"$AVAILABILITY")"
# (none while next week is not released: seed offices open Monday to Friday and release
# the following week every Friday at 16:00 WIB)

step "fee quotes: items, total, the tariff schedule they came from, the validity choices and every kind and term priced"
api 200 GET '/v1/quote?passport_kind=electronic&service=regular&application_kind=new' | show
api 200 GET '/v1/quote?passport_kind=non_electronic&service=same_day&application_kind=replacement&replacement_reason=lost&disaster=false' | show

step "the validity of a passport issued on a date"
api 200 GET '/v1/validity?birth_date=2010-02-28&issue_date=2026-11-25' | show
# {"years":5,"term_years":5,"issued_on":"2026-11-25","expires_on":"2031-11-24","rule":"minor","rules":"choice_2024","choices":[5]}
api 200 GET '/v1/validity?birth_date=2009-03-01&issue_date=2026-11-25&dual_citizen_child=true' | show

step "every error is application/problem+json (RFC 9457)"
api 422 GET "/v1/offices/$PKP/availability?from=2026-12-01&to=2026-11-01" | show

step "the contract: the OpenAPI 3.1 document (and Swagger UI at $URL/docs)"
OPENAPI=$(api 200 GET /openapi.json | get openapi)
echo "    openapi $OPENAPI"
# walkthrough:end public

# walkthrough:begin staff
step "a system admin, created by an operator with the password on standard input"
SA_EMAIL=admin.$RUN@imigrasi.example
echo 'a long admin passphrase' | "${PASPOR[@]}" create-user --email "$SA_EMAIL" --role system_admin
SA=$(login "$SA_EMAIL" 'a long admin passphrase')

step "a training office, open round the clock with a session every hour of every day, released at once"
# The office steps happen on the appointment's day, and the seed offices rarely have a
# session today that is released and not begun. The office keeps the time zone where the
# day is youngest now, so that today has sessions ahead whatever the hour.
ZONE=$(python3 -c 'import datetime as d
now = d.datetime.now(d.timezone.utc)
zones = {"wib": 7, "wita": 8, "wit": 9}
print(min(zones, key=lambda zone: (now + d.timedelta(hours=zones[zone])).time()))')
TRAINING=$(api 200 GET '/v1/offices?per_page=100' | python3 -c 'import json, sys
print(next((o["id"] for o in json.load(sys.stdin)["items"] if o["name"] == "Kantor Latihan Paspor"), ""))')
if [ -z "$TRAINING" ]; then
    TRAINING=$(api 201 POST /v1/admin/offices -H "authorization: Bearer $SA" \
        -H "idempotency-key: $(key)" -H 'content-type: application/json' -d "$(python3 -c 'import json, sys
print(json.dumps({
    "name": "Kantor Latihan Paspor", "kind": "immigration_office", "class": "Latihan",
    "address": "Jl. Latihan No. 1", "city": "Jakarta Pusat", "province": "DKI Jakarta",
    "latitude": -6.17, "longitude": 106.82, "time_zone": sys.argv[1],
    "opening_hours": {"opens": "00:00", "closes": "23:59"},
    "e_passport_available": True,
    "release_rule": {"kind": "days_ahead", "days": 0, "time": "00:00"},
    "session_templates": [
        {"weekday": weekday, "starts": f"{hour:02}:00", "ends": f"{hour:02}:59",
         "capacity_regular": 20, "capacity_same_day": 5, "capacity_priority": 5}
        for weekday in range(1, 8) for hour in range(24)],
}))' "$ZONE")" | get id)
else  # made by an earlier run: only its time zone follows the hour
    api 200 PATCH "/v1/admin/offices/$TRAINING" -H "authorization: Bearer $SA" \
        -H 'content-type: application/json' -d "{\"time_zone\":\"$ZONE\"}" >/dev/null
fi
echo "    office $TRAINING, time zone $ZONE, where it is $(day "$ZONE")"

step "its office admin (by an operator) and an officer (by the system admin)"
OA_EMAIL=kepala.$RUN@imigrasi.example
echo 'a long office admin passphrase' | "${PASPOR[@]}" create-user --email "$OA_EMAIL" \
    --role office_admin --office "$TRAINING"
OFFICER_EMAIL=petugas.$RUN@imigrasi.example
api 201 POST /v1/admin/users -H "authorization: Bearer $SA" -H 'content-type: application/json' \
    -d "{\"email\":\"$OFFICER_EMAIL\",\"full_name\":\"Petugas Latihan\",\"password\":\"a long officer passphrase\",\"role\":\"officer\",\"office_id\":\"$TRAINING\"}" | show
OA=$(login "$OA_EMAIL" 'a long office admin passphrase')
OFFICER=$(login "$OFFICER_EMAIL" 'a long officer passphrase')
# walkthrough:end staff

# walkthrough:begin accounts
step "register an account (a new address each run)"
EMAIL=siti.$RUN@example.com
PASSWORD='kopi tubruk di pagi hari'
SINCE=$(date -u +%Y-%m-%dT%H:%M:%S)
api 202 POST /v1/auth/register -H 'content-type: application/json' \
    -d "{\"email\":\"$EMAIL\",\"phone\":\"0812-3456-7890\",\"full_name\":\"Siti Rahayu\",\"password\":\"$PASSWORD\"}" | show

step "wait for the verification email to $EMAIL in $MAIL_FILE"
CODE=$(wait_for_code "$EMAIL" "$SINCE")
echo "    code $CODE"

step "verify the address, sign in (access token 15 minutes, refresh token 30 days), read the account"
api 204 POST /v1/auth/verify-email -H 'content-type: application/json' \
    -d "{\"email\":\"$EMAIL\",\"code\":\"$CODE\"}" >/dev/null
echo "    verified"
ACCESS=$(login "$EMAIL" "$PASSWORD")
api 200 GET /v1/me -H "authorization: Bearer $ACCESS" | show

step "a person to apply for (at most 5 per account); a NIK mismatch comes back in \"warnings\""
NIK=317101550590$(printf %04d $((RANDOM % 9999 + 1)))  # born 15 May 1990, a woman; one live application per NIK
APPLICANT=$(api 201 POST /v1/applicants -H "authorization: Bearer $ACCESS" -H 'content-type: application/json' \
    -d "{\"nik\":\"$NIK\",\"full_name\":\"Siti Rahayu\",\"place_of_birth\":\"Jakarta\",\"birth_date\":\"1990-05-15\",\"sex\":\"female\",\"address\":\"Jl. Merdeka No. 1, Gambir, Jakarta Pusat\",\"father_name\":\"Slamet\",\"mother_name\":\"Sri Wahyuni\",\"marital_status\":\"married\",\"dual_citizen_child\":false}" \
    | get id)
echo "    applicant $APPLICANT, NIK $NIK"
# walkthrough:end accounts

# walkthrough:begin apply
step "a draft application: an electronic passport, new, regular service, a trip to Japan"
APPLICATION=$(api 201 POST /v1/applications -H "authorization: Bearer $ACCESS" \
    -H "idempotency-key: $(key)" -H 'content-type: application/json' \
    -d "{\"applicant_id\":\"$APPLICANT\",\"passport_kind\":\"electronic\",\"application_kind\":\"new\",\"service\":\"regular\",\"travel\":{\"purpose\":\"tourism\",\"destination_country\":\"JP\"}}" \
    | get id)
echo "    application $APPLICATION"

step "book the first session from today on that takes a booking and has a regular place left"
for attempt in 1 2 3; do
    FIRST=$(api 200 GET "/v1/offices/$TRAINING/availability?from=$(day "$ZONE")&to=$(day "$ZONE" 14)" \
        | first_bookable regular)
    [ -n "$FIRST" ] || fail "no bookable session in the next 14 days"
    read -r DATE SESSION STARTS <<<"$FIRST"
    echo "    session $SESSION, $STARTS"
    ANSWER=$(http POST "/v1/applications/$APPLICATION/booking" -H "authorization: Bearer $ACCESS" \
        -H "idempotency-key: $(key)" -H 'content-type: application/json' \
        -d "{\"office_id\":\"$TRAINING\",\"date\":\"$DATE\",\"session_id\":\"$SESSION\"}")
    [ "${ANSWER##*$'\n'}" != 200 ] || break
    # Refused: it may have begun between the two requests (its hour struck); then the next.
    if [ "$attempt" = 3 ] || ! grep -q 'has already started' <<<"$ANSWER"; then
        fail "booking refused: $ANSWER"
    fi
done
show <<<"${ANSWER%$'\n'*}"
BILLING=$(get booking.billing_code <<<"${ANSWER%$'\n'*}")
[ "$DATE" = "$(day "$ZONE")" ] || fail "the appointment is on $DATE, not today"

step "pay (in development POST /v1/dev/payments/{billing_code} plays the payment channel)"
api 200 POST "/v1/dev/payments/$BILLING" | show
STATUS=$(api 200 GET "/v1/applications/$APPLICATION" -H "authorization: Bearer $ACCESS" | get status)
echo "    status: $STATUS"
[ "$STATUS" = paid ] || fail "the application is $STATUS, not paid"
# walkthrough:end apply

# walkthrough:begin receipt
step "the receipt of the paid application: the applicant, items and total, NTPN, appointment"
api 200 GET "/v1/applications/$APPLICATION/receipt" -H "authorization: Bearer $ACCESS" | show
api 200 GET "/v1/applications/$APPLICATION/receipt" -H "authorization: Bearer $ACCESS" \
    -H 'accept-language: en' | get appointment.text

step "the same receipt as a PDF, with the check-in code as a QR code"
STATUS=$(curl -sS -o "$WORK/receipt.pdf" -w '%{http_code}' "$URL/v1/applications/$APPLICATION/receipt" \
    -H "authorization: Bearer $ACCESS" -H 'accept: application/pdf')
[ "$STATUS" = 200 ] && [ "$(head -c 5 "$WORK/receipt.pdf")" = "%PDF-" ] || fail "no PDF receipt ($STATUS)"
echo "    a PDF of $(wc -c <"$WORK/receipt.pdf") bytes"

step "the language: problems follow Accept-Language, what is sent later the account's language"
api 404 GET /v1/applications/no-such-application -H "authorization: Bearer $ACCESS" | get detail
api 404 GET /v1/applications/no-such-application -H "authorization: Bearer $ACCESS" \
    -H 'accept-language: en' | get detail
api 200 PATCH /v1/me -H "authorization: Bearer $ACCESS" -H 'content-type: application/json' \
    -d '{"language": "en"}' | get language
# walkthrough:end receipt

# walkthrough:begin documents
step "what Siti must bring (a married adult's first passport): the checklist, in Indonesian unless asked otherwise"
api 200 GET "/v1/applications/$APPLICATION/document-checklist" -H "authorization: Bearer $ACCESS" | show
api 200 GET "/v1/applications/$APPLICATION/document-checklist" -H "authorization: Bearer $ACCESS" \
    -H 'accept-language: en' | get summary

step "upload the identity card (a 1x1 PNG made here), list the documents, read it back"
python3 -c 'import struct, sys, zlib
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
sys.stdout.buffer.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
    + chunk(b"IDAT", zlib.compress(b"\x00\x80")) + chunk(b"IEND", b""))' >"$WORK/ktp.png"
api 201 PUT "/v1/applications/$APPLICATION/documents/identity_card" \
    -H "authorization: Bearer $ACCESS" --data-binary @"$WORK/ktp.png" | show
api 200 GET "/v1/applications/$APPLICATION/documents" -H "authorization: Bearer $ACCESS" | show
curl -fsS -o "$WORK/ktp-copy.png" "$URL/v1/applications/$APPLICATION/documents/identity_card" \
    -H "authorization: Bearer $ACCESS"
cmp "$WORK/ktp.png" "$WORK/ktp-copy.png" || fail "the document read back differs"
echo "    read back byte for byte"

step "the family card, and the marriage book in place of a birth certificate: nothing required is missing"
for KIND in family_card marriage_book; do
    api 201 PUT "/v1/applications/$APPLICATION/documents/$KIND" \
        -H "authorization: Bearer $ACCESS" --data-binary @"$WORK/ktp.png" >/dev/null
done
COMPLETE=$(api 200 GET "/v1/applications/$APPLICATION/document-checklist" \
    -H "authorization: Bearer $ACCESS" | get complete)
echo "    complete: $COMPLETE"
[ "$COMPLETE" = true ] || fail "the checklist still misses a document"
# walkthrough:end documents

# walkthrough:begin office
step "the check-in code the app shows as a QR code on the appointment's day"
QR_CODE=$(api 200 GET "/v1/applications/$APPLICATION/check-in-code" -H "authorization: Bearer $ACCESS" | get code)
echo "    $QR_CODE"

step "at the office: the day's appointments"
api 200 GET "/v1/office/appointments?date=$DATE" -H "authorization: Bearer $OFFICER" | show

step "check the applicant in by the scanned code"
api 200 POST /v1/office/check-ins -H "authorization: Bearer $OFFICER" \
    -H 'content-type: application/json' -d "{\"code\":\"$QR_CODE\"}" | show

step "the document check (nothing missing: the application goes to review)"
api 200 POST "/v1/office/applications/$APPLICATION/document-check" \
    -H "authorization: Bearer $OFFICER" -H 'content-type: application/json' -d '{"missing":[]}' | show

step "photo and fingerprints, as references to the biometric system"
api 200 POST "/v1/office/applications/$APPLICATION/biometrics" \
    -H "authorization: Bearer $OFFICER" -H 'content-type: application/json' \
    -d '{"photo_reference":"PHOTO-1","fingerprints_reference":"FP-1","station_id":"LATIHAN-1"}' | show

step "what to look at closely: trafficking indicators, NIK warnings, earlier postponements"
api 200 GET "/v1/office/applications/$APPLICATION/indicators" -H "authorization: Bearer $OFFICER" | show

step "the interview"
api 200 POST "/v1/office/applications/$APPLICATION/interview" \
    -H "authorization: Bearer $OFFICER" -H 'content-type: application/json' \
    -d '{"answers":[{"question":"Why Japan?","answer":"A holiday"}],"notes":"Consistent"}' | show

step "the decision: approved"
api 200 POST "/v1/office/applications/$APPLICATION/decision" \
    -H "authorization: Bearer $OFFICER" -H 'content-type: application/json' -d '{"outcome":"approved"}' | show

step "issuance: the passport's number, expiry, and the date it is ready for collection"
PASSPORT=$(api 201 POST "/v1/office/applications/$APPLICATION/issuance" \
    -H "authorization: Bearer $OFFICER" -H 'content-type: application/json' -d '{}')
show <<<"$PASSPORT"
READY=$(get ready_date <<<"$PASSPORT")

step "hand-over: refused until the passport is ready on $READY (4 working days on)"
api 409 POST "/v1/office/applications/$APPLICATION/hand-over" \
    -H "authorization: Bearer $OFFICER" -H 'content-type: application/json' -d '{"recipient":"holder"}' | show
# From $READY on, the same request hands it over and the application is collected.

step "the applicant's passports"
api 200 GET /v1/passports -H "authorization: Bearer $ACCESS" | show
# walkthrough:end office

# walkthrough:begin admin
step "office administration (the office admin): the day's sessions, a capacity, templates"
api 200 GET "/v1/office/sessions?from=$DATE&to=$DATE" -H "authorization: Bearer $OA" | show
api 200 PATCH "/v1/office/sessions/$SESSION" -H "authorization: Bearer $OA" \
    -H 'content-type: application/json' -d '{"capacity_regular": 40}' | show
TEMPLATES=$(api 200 GET /v1/office/session-templates -H "authorization: Bearer $OA" \
    | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["templates"]))')
echo "    $TEMPLATES weekly templates"

step "settings: e-passport books, priority policy, release rule"
api 200 PATCH /v1/office/settings -H "authorization: Bearer $OA" -H 'content-type: application/json' \
    -d '{"release_rule": {"kind": "days_ahead", "days": 0, "time": "00:00"}, "e_passport_available": true}' | show

step "a holiday declared and removed again (the day's sessions close, then reopen)"
HOLIDAY=$(day "$ZONE" 30)
api 201 POST /v1/office/holidays -H "authorization: Bearer $OA" -H 'content-type: application/json' \
    -d "{\"date\": \"$HOLIDAY\", \"name\": \"Hari Latihan\"}" | show
api 204 DELETE "/v1/office/holidays/$HOLIDAY" -H "authorization: Bearer $OA" >/dev/null
echo "    removed"

step "the audit trail of the office"
api 200 GET /v1/office/audit -H "authorization: Bearer $OA" | show

step "system administration: the tariff schedules in force, switched to the same again"
CODES=$(api 200 GET /v1/admin/tariff-schedules -H "authorization: Bearer $SA" \
    | python3 -c 'import json, sys; print(json.dumps([s["code"] for s in json.load(sys.stdin)["items"] if s["enabled"]]))')
api 200 PUT /v1/admin/tariff-schedules/in-force -H "authorization: Bearer $SA" \
    -H 'content-type: application/json' -d "{\"codes\": $CODES}" | show

step "a payment that matched nothing (the same bill paid twice), and its settlement"
EVENT=$(api 200 POST "/v1/dev/payments/$BILLING" | get event_id)   # {"result":"unmatched",...}
TOTAL=$(api 200 GET '/v1/admin/payments?status=unmatched&per_page=1' -H "authorization: Bearer $SA" | get total)
PAYMENT=$(api 200 GET "/v1/admin/payments?status=unmatched&per_page=100&page=$(( (TOTAL + 99) / 100 ))" \
    -H "authorization: Bearer $SA" | python3 -c 'import json, sys  # oldest first: it is on the last page
print(next(p["id"] for p in json.load(sys.stdin)["items"] if p["event_id"] == sys.argv[1]))' "$EVENT")
api 200 POST "/v1/admin/payments/$PAYMENT/settlement" -H "authorization: Bearer $SA" \
    -H 'content-type: application/json' -d '{"resolution": "refunded", "note": "paid twice"}' | show

step "signed notices refused for breaking the contract (kept apart; they changed nothing)"
api 200 GET /v1/admin/rejected-payment-notices -H "authorization: Bearer $SA" | show
# walkthrough:end admin

echo
echo "walkthrough: done"
