#!/usr/bin/env bash
# Drill: the document store fills up, then turns read-only. One api process on SQLite whose
# PASPOR_STORAGE_DIR is a 1 MiB tmpfs of the drill's own (mounting needs root). An applicant
# uploads 300 KB documents until the store is full, replaces one with a larger file while
# full, then the tmpfs is remounted read-only and an upload tried, then read-write again.
# Expected: 507 problem+json when full, 503 problem+json when unwritable, the earlier
# documents intact (their SHA-256 as recorded), no partial or stray file, every file named
# by a row and every row by a file, and uploads working again without a restart.
#
# Usage: bash ops/drills/storage-full.sh     (as root; needs curl, python3, sqlite3)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ "$(id -u)" = 0 ] || { echo "the drill mounts a tmpfs: run it as root" >&2; exit 2; }
PORT=${DRILL_PORT:-18221}
BASE="http://127.0.0.1:$PORT"
STORE="$WORK/documents"
mkdir -p "$STORE"
mount -t tmpfs -o size=1m,mode=700 drill-documents "$STORE"
unmount() { umount "$STORE" 2>/dev/null || true; drill_cleanup; }
trap unmount EXIT

DB="$WORK/paspor.db"
PASPOR_STORAGE_DIR="$STORE" start_server "sqlite://$DB" "$PORT"
client() { python3 ops/drills/client.py "$@" --base "$BASE"; }
me=$(client applicant --mail "$WORK/outbox.jsonl" --email storage-drill@example.com --nik 3171015505900002)
TOKEN=$(echo "$me" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
APP=$(echo "$me" | python3 -c 'import json,sys; print(json.load(sys.stdin)["application"])')
upload() { client upload --token "$TOKEN" --application "$APP" --kind "$1" --bytes "$2" --fill "$3"; }
state() {
    echo "   documents: $(client documents --token "$TOKEN" --application "$APP")"
    echo "   rows: $(sqlite3 "$DB" 'SELECT count(*) FROM application_documents');" \
         "files: $(find "$STORE" -type f | wc -l) ($(find "$STORE" -type f -name '.*' | wc -l) partial);" \
         "rows without a file: $(sqlite3 "$DB" 'SELECT storage_key FROM application_documents' \
            | while read -r key; do [ -f "$STORE/$key" ] || echo "$key"; done | wc -l);" \
         "store: $(df -k --output=used,size "$STORE" | tail -n 1 | awk '{print $1 " of " $2 " KiB used"}')"
}

echo "== filling the 1 MiB store with 300 KB documents"
n=0
for kind in identity_card family_card birth_certificate diploma; do
    upload "$kind" 300000 $((n += 1))
done
echo "== replacing the identity card with a 400 KB file while full"
upload identity_card 400000 9
state
echo "== the store remounted read-only"
mount -o remount,ro "$STORE"
upload marriage_book 1000 7
state
echo "== the store writable again (no restart)"
mount -o remount,rw "$STORE"
upload marriage_book 1000 7
state
echo "== causes logged"
grep -o 'cause="[^"]*"\|"cause":"[^"]*"' "$WORK/server-$PORT.log" | cut -c1-170 | sort | uniq -c
