#!/usr/bin/env bash
# Schemathesis (pinned, from PyPI) against the live server, on SQLite and on PostgreSQL,
# authenticated as every role, with every check; fails on any failure, and on a stateful
# phase that follows too few of the contract's links (.ci/schemathesis.py).
#
#   bash .ci/schemathesis.sh            # both databases
#   bash .ci/schemathesis.sh sqlite     # one of them
#
# Builds the `paspor` binary (debug, as the tests do: the build is shared), then runs
# .ci/schemathesis.py once per database. PostgreSQL is the server at $PG_HOST:$PG_PORT
# (default 127.0.0.1:5432, user postgres, as .ci/run prepares it): a fresh database is
# created for the run and dropped afterwards. Knobs: SCHEMATHESIS_MAX_EXAMPLES (default 50
# per operation and phase), SCHEMATHESIS_SEED (default fixed, so that CI is repeatable),
# SCHEMATHESIS_STATEFUL_SECONDS (default 45: each role's stateful run).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=.ci/tools.sh
. .ci/tools.sh

PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}
if [ "$#" -eq 0 ]; then
    set -- sqlite postgres
fi

cargo build --locked -p paspor-api --bin paspor
BINARY=target/debug/paspor
venv=$(python_tool schemathesis "$SCHEMATHESIS_VERSION")
echo "schemathesis $("$venv/bin/schemathesis" --version | awk '{print $NF}')"

DATABASE=""
drop_database() {
    if [ -n "$DATABASE" ]; then
        dropdb -h "$PG_HOST" -p "$PG_PORT" -U postgres --if-exists "$DATABASE" || true
    fi
}
trap drop_database EXIT

for backend in "$@"; do
    started=$SECONDS
    case "$backend" in
        sqlite)
            url=sqlite
            ;;
        postgres)
            DATABASE="paspor_schemathesis_$$"
            createdb -h "$PG_HOST" -p "$PG_PORT" -U postgres "$DATABASE"
            url="postgres://postgres@$PG_HOST:$PG_PORT/$DATABASE"
            ;;
        *)
            echo "unknown backend $backend: sqlite or postgres" >&2
            exit 2
            ;;
    esac
    echo "==> schemathesis on $backend"
    python3 .ci/schemathesis.py --binary "$BINARY" --schemathesis "$venv/bin/schemathesis" --database "$url"
    drop_database
    DATABASE=""
    echo "schemathesis on $backend: no failures in $((SECONDS - started)) s"
done
