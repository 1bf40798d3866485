#!/usr/bin/env bash
# Drill: back up both databases and the documents folder while the api runs, restore them
# elsewhere, and serve from the copy.
#
# PostgreSQL (a throwaway cluster of the drill's own): `pg_dump -Fc` of the live database,
# then a tar of the documents folder; `pg_restore` into a new database, the tar into a new
# folder, and a second api process on the copy. SQLite: the online backup API
# (`sqlite3 db ".backup copy"`) and `VACUUM INTO` while the api runs, each checked with
# `PRAGMA integrity_check`, then an api process on the copy. Verified each time: the row
# counts of every table equal the original's, the applicant signs in on the copy, and each
# document reads back with the SHA-256 recorded.
#
# Order matters: the database first, then the folder. A file is written before its row, so
# every row of the dump has its file in the later copy; a document replaced between the two
# steps is the exception (its old file is removed), which the check of rows without a file
# shows. Files without a row in the copy are harmless (never served).
#
# Usage: bash ops/drills/backup-restore.sh     (needs psql, pg_dump, pg_restore, sqlite3, python3)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

client() { python3 ops/drills/client.py "$@"; }
field() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }

# Some data through the API: an applicant with a draft and two documents, on base $1.
populate() {
    local base=$1 me
    me=$(client applicant --base "$base" --mail "$WORK/outbox.jsonl" --email "backup-$2@example.com" --nik "$3")
    TOKEN=$(echo "$me" | field token)
    APP=$(echo "$me" | field application)
    client upload --base "$base" --token "$TOKEN" --application "$APP" --kind identity_card --bytes 200000 --fill 1 >/dev/null
    client upload --base "$base" --token "$TOKEN" --application "$APP" --kind family_card --bytes 100000 --fill 2 >/dev/null
}

# Row counts of every table, one "table n" line each, from SQL runner $1 ($2: list tables).
counts() {
    local run=$1 tables=$2 table
    for table in $($run "$tables"); do echo "$table $($run "SELECT count(*) FROM $table")"; done
}

# Signs in on base $1 with the drill's applicant and reads the documents back.
verify_copy() {
    local base=$1 token
    token=$(python3 - "$base" "$2" <<'EOF'
import json, sys
sys.path.insert(0, "ops/drills")
import client
status, _, body = client.call(sys.argv[1], "POST", "/v1/auth/login", {"email": sys.argv[2], "password": client.PASSWORD})
print(json.loads(body)["access_token"] if status == 200 else "")
EOF
)
    echo "   sign-in on the copy: $([ -n "$token" ] && echo ok || echo FAILED)"
    echo "   documents read back: $(client documents --base "$base" --token "$token" --application "$APP")"
}

PGT="SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
SQT="SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1"

echo "== PostgreSQL"
pg_create paspor_drill
PASPOR_STORAGE_DIR="$WORK/pg-documents" start_server "$PG_URL/paspor_drill" 18231
populate http://127.0.0.1:18231 pg 3171015505900002
pg_dump -Fc -f "$WORK/paspor.dump" "$PG_URL/paspor_drill"
tar -C "$WORK/pg-documents" -cf "$WORK/pg-documents.tar" .
echo "   dump: $(du -k "$WORK/paspor.dump" | cut -f1) KiB; documents: $(tar -tf "$WORK/pg-documents.tar" | grep -c '\.jpg$') files"
sql postgres "CREATE DATABASE paspor_restored"
pg_restore --no-owner --exit-on-error -d "$PG_URL/paspor_restored" "$WORK/paspor.dump"
mkdir -m 700 "$WORK/pg-restored-documents"
tar -C "$WORK/pg-restored-documents" -xf "$WORK/pg-documents.tar"
counts "sql paspor_drill" "$PGT" >"$WORK/pg-original.counts"
counts "sql paspor_restored" "$PGT" >"$WORK/pg-restored.counts"
echo "   tables: $(wc -l <"$WORK/pg-original.counts"); counts differing: $(diff "$WORK/pg-original.counts" "$WORK/pg-restored.counts" | grep -c '^>' || true)"
PASPOR_STORAGE_DIR="$WORK/pg-restored-documents" start_server "$PG_URL/paspor_restored" 18232
verify_copy http://127.0.0.1:18232 backup-pg@example.com

echo "== SQLite"
DB="$WORK/paspor.db"
PASPOR_STORAGE_DIR="$WORK/sq-documents" start_server "sqlite://$DB" 18233
populate http://127.0.0.1:18233 sq 3171015505900002
sqlite3 "$DB" ".backup '$WORK/backup.db'"
sqlite3 "$DB" "VACUUM INTO '$WORK/vacuumed.db'"
tar -C "$WORK/sq-documents" -cf "$WORK/sq-documents.tar" .
for copy in backup vacuumed; do
    echo "   $copy.db: integrity $(sqlite3 "$WORK/$copy.db" 'PRAGMA integrity_check'), $(du -k "$WORK/$copy.db" | cut -f1) KiB"
done
counts "sqlite3 $DB" "$SQT" >"$WORK/sq-original.counts"
counts "sqlite3 $WORK/backup.db" "$SQT" >"$WORK/sq-backup.counts"
counts "sqlite3 $WORK/vacuumed.db" "$SQT" >"$WORK/sq-vacuumed.counts"
echo "   tables: $(wc -l <"$WORK/sq-original.counts"); counts differing: .backup $(diff "$WORK/sq-original.counts" "$WORK/sq-backup.counts" | grep -c '^>' || true), VACUUM INTO $(diff "$WORK/sq-original.counts" "$WORK/sq-vacuumed.counts" | grep -c '^>' || true)"
mkdir -m 700 "$WORK/sq-restored-documents"
tar -C "$WORK/sq-restored-documents" -xf "$WORK/sq-documents.tar"
PASPOR_STORAGE_DIR="$WORK/sq-restored-documents" start_server "sqlite://$WORK/backup.db" 18234
verify_copy http://127.0.0.1:18234 backup-sq@example.com
