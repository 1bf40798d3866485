#!/usr/bin/env bash
# A contract generated clients can use: a Python client generated from openapi/openapi.json
# by openapi-python-client (pinned, from PyPI; settings in .ci/generated_client.yaml; every
# generator warning fails but the few listed below, which are the generator's limits),
# installed into a virtualenv of its own, runs an applicant's journey
# (.ci/generated_client_journey.py) against a fresh development server on SQLite.
#
#   bash .ci/generated_client.sh
#
# Builds the `paspor` binary (debug, as the tests do: the build is shared), serves it on a
# free port of 127.0.0.1 with its database, documents and mail file in a temporary folder,
# and removes the folder afterwards (PASPOR_KEEP_WORK=1 keeps it). The server's log is
# printed when anything fails. PASPOR_CLIENT_DOCUMENT generates the client from another
# document than the committed one (to try a contract change before regenerating it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=.ci/tools.sh
. .ci/tools.sh

DOCUMENT=${PASPOR_CLIENT_DOCUMENT:-openapi/openapi.json}
READY_WAIT_SECONDS=120

cargo build --locked -p paspor-api --bin paspor
BINARY=$PWD/target/debug/paspor
generator=$(python_tool openapi-python-client "$OPENAPI_PYTHON_CLIENT_VERSION")

WORK=$(mktemp -d "${TMPDIR:-/tmp}/paspor-generated-client.XXXXXX")
SERVER_PID=""
SERVER_LOG="$WORK/server.log"
PASSED=0

stop_server() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        local waited=0
        while kill -0 "$SERVER_PID" 2>/dev/null && [ "$waited" -lt 400 ]; do
            sleep 0.1
            waited=$((waited + 1))
        done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}

finish() {
    local status=$?
    stop_server
    if [ "$PASSED" -ne 1 ] && [ -s "$SERVER_LOG" ]; then
        echo "---- the server's log ($SERVER_LOG) ----" >&2
        cat "$SERVER_LOG" >&2
        echo "---- end of the server's log ----" >&2
    fi
    if [ "${PASPOR_KEEP_WORK:-0}" = 1 ]; then
        echo "kept $WORK" >&2
    else
        rm -rf "$WORK"
    fi
    exit "$status"
}
trap finish EXIT

echo "openapi-python-client $OPENAPI_PYTHON_CLIENT_VERSION: a client from $DOCUMENT"
"$generator/bin/openapi-python-client" generate --path "$DOCUMENT" --config .ci/generated_client.yaml \
    --meta setup --output-path "$WORK/client" >"$WORK/generator.log" 2>&1 || {
    cat "$WORK/generator.log" >&2
    echo "openapi-python-client failed" >&2
    exit 1
}
# Every warning fails the test (an operation left out, a body or answer without a type)
# except these, which are the generator's limits and not the document's: openapi-python-client
# 0.29 knows binary bodies and answers only as `application/octet-stream`, so the document
# upload is generated from that entry of its request body (the server takes any of the
# types listed: it recognises a file by its content) with a warning for each of JPEG, PNG
# and PDF, and the download's file answer (JPEG, PNG or PDF) is left unparsed: its bytes
# are the response's `content` (the journey checks both). The same holds for the settlement
# report's upload (generated from its `application/octet-stream` entry, with a warning for
# `text/csv`) and the export's ZIP archive (its bytes are the response's `content`). An
# operation that "will not be generated" is never accepted.
python3 - "$WORK/generator.log" <<'PY' || { cat "$WORK/generator.log" >&2; exit 1; }
import re, sys
DOCUMENT = r"/v1/applications/\{id\}/documents/\{kind\}"
# (the warning's first line, its detail), both matched whole
SETTLEMENT = r"/v1/admin/settlement-reports"
ARCHIVE = r"/v1/me/exports/\{id\}/archive"
ACCEPTED = [
    (
        rf"WARNING parsing POST {SETTLEMENT} within admin\.",
        r"Unsupported content type text/csv",
    ),
    (
        rf"WARNING parsing GET {ARCHIVE} within me\.",
        r"Cannot parse response for status code .* \(Unsupported content_type application/zip\), "
        r"response will be omitted from generated client",
    ),
    (
        rf"WARNING parsing PUT {DOCUMENT} within documents\.",
        r"Unsupported content type (image/jpeg|image/png|application/pdf)",
    ),
    (
        rf"WARNING parsing GET {DOCUMENT} within documents\.",
        r"Cannot parse response for status code .* \(Unsupported content_type image/jpeg, image/png, "
        r"application/pdf\), response will be omitted from generated client",
    ),
]
blocks, block = [], None
for line in open(sys.argv[1], encoding="utf-8").read().splitlines():
    if re.match(r"(WARNING|ERROR)\b", line):
        block = [line]
        blocks.append(block)
    elif block is not None and line.strip():
        block.append(line)
refused = [
    block for block in blocks
    if not any(
        re.fullmatch(header, block[0]) and len(block) > 1 and re.fullmatch(detail, block[1])
        for header, detail in ACCEPTED
    )
]
for block in blocks:
    print("accepted" if block not in refused else "NOT ACCEPTED", *block[:2], sep="\n    ")
sys.exit(f"openapi-python-client: {len(refused)} warning(s) not accepted" if refused else 0)
PY

echo "installing the generated client into $WORK/venv"
python3 -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install --quiet --disable-pip-version-check \
    "httpx==$GENERATED_CLIENT_HTTPX_VERSION" "attrs==$GENERATED_CLIENT_ATTRS_VERSION" "$WORK/client"

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE_URL="http://127.0.0.1:$PORT"
echo "starting $BINARY on $BASE_URL (SQLite in $WORK)"
PASPOR_ENV=development \
    PASPOR_DATABASE_URL="sqlite://$WORK/paspor.db" \
    PASPOR_LISTEN="127.0.0.1:$PORT" \
    PASPOR_MAIL_FILE="$WORK/outbox.jsonl" \
    PASPOR_STORAGE_DIR="$WORK/documents" \
    PASPOR_JWT_SECRET="generated-client-secret-that-is-at-least-32-bytes" \
    PASPOR_PAYMENT_WEBHOOK_SECRET="generated-client-payment-secret-of-32-bytes" \
    RUST_LOG="${RUST_LOG:-info}" \
    "$BINARY" serve >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!

python3 - "$BASE_URL/health/ready" "$READY_WAIT_SECONDS" "$SERVER_PID" <<'PY'
import os, sys, time, urllib.request
url, wait, pid = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
deadline = time.monotonic() + wait
while time.monotonic() < deadline:
    try:
        os.kill(pid, 0)
    except OSError:
        sys.exit("the server stopped at start")
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            if answer.status == 200:
                sys.exit(0)
    except OSError:
        pass
    time.sleep(0.2)
sys.exit(f"the server was not ready in {wait:.0f} s")
PY

"$WORK/venv/bin/python" .ci/generated_client_journey.py --base-url "$BASE_URL" --mail-file "$WORK/outbox.jsonl"
stop_server

# The journey is every-day use: the server has nothing to log as an error about it.
if grep -q "ERROR" "$SERVER_LOG"; then
    echo "the server logged errors during the journey:" >&2
    grep "ERROR" "$SERVER_LOG" >&2
    exit 1
fi
PASSED=1
echo "generated client: the journey passed"
