#!/usr/bin/env bash
# Seeds a migrated PostgreSQL database with two years of service (bench/seed/million.sql)
# and prints how long it took. The server must have started on it once (it migrates and
# seeds its offices on start).
#
# Usage: bash bench/seed/million.sh postgres://postgres@127.0.0.1:5432/DB [SCALE]
#   SCALE 1 (default): 1,000,000 applications and bookings, about 5.1 million history rows;
#   0.05 for a quick try. Up to 2 the seeded live places stay within each session's capacity.
set -euo pipefail
url=${1:?usage: million.sh DATABASE_URL [SCALE]}
scale=${2:-1}
started=$(date +%s.%N)
psql -X -q -v ON_ERROR_STOP=1 -v scale="$scale" -f "$(dirname "${BASH_SOURCE[0]}")/million.sql" "$url"
echo "seeded at scale $scale in $(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$started" "$(date +%s.%N)") s"
