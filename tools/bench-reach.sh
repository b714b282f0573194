#!/bin/sh
# bench-reach.sh: the monitor's reach tables with a year of many acts (runs
# on its own; not part of `make bench`).
#
# Usage: tools/bench-reach.sh [BUILD_DIR]   (default: build)
#
# It makes a demo database (`init --demo`), adds one consultation in
# Seghwaert with BENCH_IDEAS (10000) ideas and BENCH_SUPPORTS (100000)
# supports by 1,000 accounts (bench/gen_consult.py, in this year), starts
# wijkregie on a free loopback port and times the city monitor's reach
# tables (their CSV exports, BENCH_RUNS (10) requests each, one at a time) as
# the demo raadslid, for the year in Amsterdam that holds most of the acts.
set -eu

cd "$(dirname "$0")/.."

BUILD=${1:-build}
BIN=$BUILD/wijkregie
IDEAS=${BENCH_IDEAS:-10000}
SUPPORTS=${BENCH_SUPPORTS:-100000}
RUNS=${BENCH_RUNS:-10}

die() {
    echo "bench-reach: $*" >&2
    exit 1
}
for v in "$IDEAS" "$SUPPORTS" "$RUNS"; do
    case "$v" in
    '' | *[!0-9]*) die "BENCH_IDEAS, BENCH_SUPPORTS and BENCH_RUNS are whole numbers" ;;
    esac
done
[ "$RUNS" -gt 0 ] || die "BENCH_RUNS must be at least 1"
[ -x "$BIN" ] || die "$BIN not found; run make first"
for tool in curl python3 sqlite3; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool not found (make deps installs it)"
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/wijkregie-bench-reach.XXXXXX")
wr_pid=""
cleanup() {
    status=$?
    trap - EXIT INT TERM HUP
    if [ -n "$wr_pid" ]; then
        kill -TERM "$wr_pid" 2>/dev/null || true
        wait "$wr_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

echo "bench-reach: a demo database with $IDEAS ideas and $SUPPORTS supports"
"$BIN" init --data "$tmp/data" --demo >"$tmp/init.log" 2>&1 || {
    cat "$tmp/init.log" >&2
    die "wijkregie init failed"
}
python3 bench/gen_consult.py "$tmp/data/wijkregie.db" "$IDEAS" "$SUPPORTS" >/dev/null ||
    die "gen_consult.py failed"
# the year as the view participation_act counts it (Amsterdam's)
year=$(sqlite3 "$tmp/data/wijkregie.db" \
    "SELECT year FROM participation_act GROUP BY year ORDER BY count(*) DESC LIMIT 1")
acts=$(sqlite3 "$tmp/data/wijkregie.db" "SELECT count(*) FROM participation_act WHERE year = $year")
. tools/bench-serve.sh
serve_bench "$BIN" "$tmp/data"
echo "bench-reach: $acts acts in $year; $RUNS requests per table"
python3 bench/time_reach.py "$base" "$year" "$RUNS" || die "time_reach.py failed"
