#!/bin/sh
# bench-consult.sh: a consultation's idea list under load (part of `make
# bench`, tools/bench.sh; runs on its own too).
#
# Usage: tools/bench-consult.sh [BUILD_DIR]   (default: build)
#
# It makes a database with plain `init`, fills it (bench/gen_consult.py,
# before the server starts) with one consultation with BENCH_IDEAS (10000)
# ideas and BENCH_SUPPORTS (100000) supports, starts wijkregie on a free
# loopback port and has wrk load /samenspraak/{id} anonymously in every
# order (nieuw, steun, besproken, willekeurig), pages 1 and 50, with
# BENCH_LIST_CONNECTIONS (8) connections for BENCH_SECONDS (10) each. The aim:
# p99 under 20 ms. Figures in bench/results/latest-consult.json.
set -eu

cd "$(dirname "$0")/.."

BUILD=${1:-build}
BIN=$BUILD/wijkregie
DURATION=${BENCH_SECONDS:-10}
CONNS=${BENCH_LIST_CONNECTIONS:-8}
IDEAS=${BENCH_IDEAS:-10000}
SUPPORTS=${BENCH_SUPPORTS:-100000}
RESULTS=bench/results

die() {
    echo "bench-consult: $*" >&2
    exit 1
}
for v in "$DURATION" "$CONNS" "$IDEAS" "$SUPPORTS"; do
    case "$v" in
    '' | *[!0-9]*) die "BENCH_SECONDS, BENCH_LIST_CONNECTIONS, BENCH_IDEAS and BENCH_SUPPORTS are whole numbers" ;;
    esac
done
[ "$DURATION" -gt 0 ] && [ "$CONNS" -gt 0 ] || die "BENCH_SECONDS and BENCH_LIST_CONNECTIONS must be at least 1"
[ -x "$BIN" ] || die "$BIN not found; run make first"
for tool in wrk curl python3 awk; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool not found (make deps installs it)"
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/wijkregie-bench-consult.XXXXXX")
wr_pid=""
wrk_pid=""
stop() {
    [ -n "$1" ] || return 0
    kill -TERM "$1" 2>/dev/null || return 0
    i=0
    while kill -0 "$1" 2>/dev/null && [ "$i" -lt 50 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    kill -KILL "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}
cleanup() {
    status=$?
    trap - EXIT INT TERM HUP
    stop "$wrk_pid"
    stop "$wr_pid"
    rm -rf "$tmp"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

echo "bench-consult: a database with $IDEAS ideas and $SUPPORTS supports"
"$BIN" init --data "$tmp/data" >"$tmp/init.log" 2>&1 || {
    cat "$tmp/init.log" >&2
    die "wijkregie init failed"
}
cid=$(python3 bench/gen_consult.py "$tmp/data/wijkregie.db" "$IDEAS" "$SUPPORTS") ||
    die "gen_consult.py failed"
. tools/bench-serve.sh
serve_bench "$BIN" "$tmp/data"
# page 50 must hold ideas (20 a page), in every order
for o in nieuw steun besproken willekeurig; do
    curl -fsS "$base/samenspraak/$cid?volgorde=$o&pagina=50" | grep -q 'id="idea-' ||
        die "page 50 in order $o shows no ideas"
done
mkdir -p "$RESULTS"
: >"$tmp/figures"
: >"$tmp/wrk.txt"
echo "bench-consult: wrk -t1 -c$CONNS -d${DURATION}s --latency on /samenspraak/$cid"
for o in nieuw steun besproken willekeurig; do
    for p in 1 50; do
        path="/samenspraak/$cid?volgorde=$o&pagina=$p"
        wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency "$base$path" >"$tmp/wrk.one" 2>&1 &
        wrk_pid=$!
        wait "$wrk_pid" || die "wrk failed on $path"
        wrk_pid=""
        {
            echo "=== $path"
            cat "$tmp/wrk.one"
        } >>"$tmp/wrk.txt"
        awk -v order="$o" -v page="$p" '
            function ms(t) {
                if (t ~ /us$/) return (t + 0) / 1000
                if (t ~ /ms$/) return t + 0
                if (t ~ /m$/) return (t + 0) * 60000
                if (t ~ /s$/) return (t + 0) * 1000
                return t + 0
            }
            /^Requests\/sec:/ { rps = $2 }
            $1 == "99%" { p99 = ms($2) }
            /Non-2xx or 3xx responses:/ { bad += $NF }
            /Socket errors:/ { for (i = 3; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) bad += $i + 0 }
            END {
                if (rps == "" || p99 == "") exit 1
                printf "%s %s %.2f %.3f %d\n", order, page, rps, p99, bad
            }' "$tmp/wrk.one" >>"$tmp/figures" || die "could not read wrk's figures for $path"
    done
done
cp "$tmp/wrk.txt" "$RESULTS/latest-consult-wrk.txt"
awk -v ideas="$IDEAS" -v supports="$SUPPORTS" -v conns="$CONNS" -v json="$RESULTS/latest-consult.json" '
    BEGIN {
        printf "\n%-12s %5s %10s %10s %7s\n", "order", "page", "r/s", "p99 ms", "errors"
        printf "{\"ideas\": %d, \"supports\": %d, \"connections\": %d, \"runs\": [", ideas, supports, conns > json
        ok = 1
    }
    {
        printf "%-12s %5s %10.0f %10.2f %7d\n", $1, $2, $3, $4, $5
        printf "%s{\"order\": \"%s\", \"page\": %d, \"rps\": %.2f, \"p99_ms\": %.3f, \"errors\": %d}", (NR > 1 ? ", " : ""), $1, $2, $3, $4, $5 > json
        if ($4 >= 20 || $5 > 0) ok = 0
    }
    END {
        printf "]}\n" > json
        printf "aim: p99 under 20 ms in every order and page: %s\n", ok ? "met" : "NOT met"
    }' "$tmp/figures"
echo "bench-consult: figures in $RESULTS/latest-consult.json"
