#!/bin/sh
# bench.sh: `make bench`, how fast wijkregie answers next to nginx.
#
# Usage: tools/bench.sh [BUILD_DIR]   (default: build)
#
# It creates a demo database in a temporary folder, starts wijkregie on a
# free loopback port, fetches the home page, a wijk page and /healthz, and
# has nginx (Debian's, from bench/nginx.conf.in) serve those same bytes as
# static files on another free port. wrk then loads each page on both
# servers in turn; the table shows requests per second, the 99th percentile
# latency and the ratio wijkregie/nginx, followed by the peak resident
# memory (VmHWM) of the wijkregie process: overall, and apart the peak of
# start-up and the peak under load. The figures are also written to
# bench/results/latest.json (and wrk's own output to latest-wrk.txt).
# The issue's aims: at least half of nginx's throughput on the dynamic pages,
# p99 under 10 ms at 64 connections, under 30 MB resident memory.
#
# Settings (environment): BENCH_SECONDS (10) length of each run,
# BENCH_CONNECTIONS (64), BENCH_THREADS (2) wrk threads, BENCH_WARMUP (2)
# seconds of unmeasured load before each run (0: none), NGINX (nginx binary).
# wrk, the servers and this script share the machine's cores; on a small
# machine the absolute figures say as much about wrk as about the servers,
# the ratio is the figure to watch.
#
# The second part loads the work list with many signals in the database:
# bench/gen-signals (bench/gen_signals.c, compiled here against the build's
# libwrcore.a) fills a database with BENCH_SIGNALS (1000000) generated
# signals over five years, with the demo generator's spread over wijken,
# categories, seasons and statuses. That database is kept in bench/results/
# (keyed by the count and the generator's sources) so that later runs only
# copy it. wijkregie serves the copy; afdeling-beheer (a department's queue)
# and regisseur-oost (every open signal) log in with the demo password, and
# wrk loads /werk/meldingen, a search (?zoek=lantaarnpaal) and a wijk
# (?wijk=<Oosterheem>) with BENCH_LIST_CONNECTIONS (8) connections: the aim is
# a work-list page under 20 ms (p99) at a million signals. The public map's
# points (/open-data/meldingen.geojson, unfiltered and for one wijk) and
# list (/meldingen) are loaded the same way, anonymously, and so is the
# Open311 list GET /open311/v2/requests.json: its default window (the last
# 90 days, at most 1,000 requests), which the page cache keeps between
# changes, and one computed on each request (?status=open). Figures in
# bench/results/latest-signals.json.
#
# The third part, on the same database, loads the monitor and the council
# report as raadslid with BENCH_MONITOR_CONNECTIONS (2) connections: the city
# dashboard (by month, and by year over five years), a region's (Oosterheem's)
# and a wijk's dashboard and
# last year's report of the city and every wijk. The aims: a dashboard under
# 100 ms and the report under 2 s (p99). Figures in
# bench/results/latest-monitor.json.
#
# Between the first and the second part the counter's till is loaded: the
# clerk's one press that counts a contact (POST /werk/balie), figures in
# bench/results/latest-counter.json (runs also with BENCH_SIGNALS=0).
#
# After the counter, tools/bench-consult.sh loads a consultation's idea list
# (BENCH_IDEAS, 10,000 ideas, and BENCH_SUPPORTS, 100,000 supports) in every
# order, pages 1 and 50: the aim is p99 under 20 ms. Figures in
# bench/results/latest-consult.json (runs also with BENCH_SIGNALS=0).
#
# The fourth part submits reports through the public form (POST /melden)
# into that database with synchronous=FULL and prints the signals stored
# per second, the p99 and the aim (at least 1,000 a second, p99 under
# 50 ms at BENCH_LIST_CONNECTIONS submitters). BENCH_SIGNALS=0 skips the
# second, third, fourth and fifth part.
#
# The second part also prints the time from start to the first answer
# (/healthz, and the first home page) with that database, and its resident
# memory after parts 2 to 4. The fifth part loads a mix (the public pages and
# map, Open311 lists, the work list, submissions) for BENCH_SOAK_SECONDS
# (3600; 0 skips it) with BENCH_LIST_CONNECTIONS connections on Zoetermeer's
# data (the demo database of part 1) and prints the resident memory (VmRSS)
# after it, at rest 11 s later (the aim, under 30 MB; beside it the moment
# the load stopped and the peak under it), with the parts /metrics names. Figures
# of parts 2, 4 and 5 in bench/results/latest-intake.json.
#
# Every process started here is stopped, and the temporary folder removed,
# however the script ends.
set -eu

cd "$(dirname "$0")/.."

BUILD=${1:-build}
BIN=$BUILD/wijkregie
DURATION=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
WARMUP=${BENCH_WARMUP:-2}
SIGNALS=${BENCH_SIGNALS:-1000000}
LIST_CONNS=${BENCH_LIST_CONNECTIONS:-8}
SOAK=${BENCH_SOAK_SECONDS:-3600}
NGINX=${NGINX:-/usr/sbin/nginx}
PAGES="/ /wijken/oosterheem /healthz"
DYNAMIC="/ /wijken/oosterheem"
RESULTS=bench/results

die() {
    echo "bench: $*" >&2
    exit 1
}

for v in "$DURATION" "$CONNS" "$THREADS" "$WARMUP" "$SIGNALS" "$LIST_CONNS" "$SOAK"; do
    case "$v" in
    '' | *[!0-9]*) die "BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_THREADS, BENCH_WARMUP, BENCH_SIGNALS, BENCH_LIST_CONNECTIONS and BENCH_SOAK_SECONDS are whole numbers" ;;
    esac
done
[ "$DURATION" -gt 0 ] || die "BENCH_SECONDS must be at least 1"
[ -x "$BIN" ] || die "$BIN not found; run make first"
for tool in wrk curl python3 awk; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool not found (tools/deps.sh bench installs it)"
done
[ -x "$NGINX" ] || NGINX=$(command -v nginx 2>/dev/null) || die "nginx not found (tools/deps.sh bench installs it)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/wijkregie-bench.XXXXXX")
wr_pid=""
ng_pid=""
wrk_pid=""

# stop PID: SIGTERM, up to 5 s for a graceful stop, then SIGKILL.
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
    stop "$ng_pid"
    rm -rf "$tmp"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# Two distinct free loopback ports (both sockets are held while asking).
ports=$(python3 -c '
import socket
a, b = socket.socket(), socket.socket()
a.bind(("127.0.0.1", 0)); b.bind(("127.0.0.1", 0))
print(a.getsockname()[1], b.getsockname()[1])')
wr_port=${ports% *}
ng_port=${ports#* }
wr_base=http://127.0.0.1:$wr_port
ng_base=http://127.0.0.1:$ng_port

# show_logs FILE...: the ones that exist, on standard error.
show_logs() {
    for f in "$@"; do
        [ ! -s "$f" ] || cat "$f" >&2
    done
}

# wait_up URL PID NAME LOG...: until URL answers, or PID dies, or 15 s pass.
wait_up() {
    up_url=$1
    up_pid=$2
    up_name=$3
    shift 3
    i=0
    until curl -fsS -o /dev/null "$up_url" 2>/dev/null; do
        kill -0 "$up_pid" 2>/dev/null || {
            show_logs "$@"
            die "$up_name stopped at start-up"
        }
        [ "$i" -lt 150 ] || {
            show_logs "$@"
            die "$up_name did not answer $up_url within 15 s"
        }
        sleep 0.1
        i=$((i + 1))
    done
}

# The file nginx serves for a path.
page_file() {
    case "$1" in
    /) echo "$tmp/www/index.html" ;;
    *) echo "$tmp/www$1" ;;
    esac
}

echo "bench: creating a demo database"
"$BIN" init --data "$tmp/data" --demo >"$tmp/init.log" 2>&1 || {
    cat "$tmp/init.log" >&2
    die "wijkregie init failed"
}

"$BIN" serve --data "$tmp/data" --listen "127.0.0.1:$wr_port" --quiet >"$tmp/wijkregie.log" 2>&1 &
wr_pid=$!
wait_up "$wr_base/healthz" "$wr_pid" wijkregie "$tmp/wijkregie.log"
# Start-up is more than the first answer: the background passes take their
# first turn then (the category suggestion learns from every signal). Wait
# until the process has used no CPU for a second (at most 30 s).
cpu_of() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
i=0
last=$(cpu_of "$wr_pid")
still=0
while [ "$still" -lt 5 ] && [ "$i" -lt 150 ]; do
    sleep 0.2
    now=$(cpu_of "$wr_pid")
    if [ "$now" = "$last" ]; then still=$((still + 1)); else still=0; fi
    last=$now
    i=$((i + 1))
done
rss_start=$(awk '/^VmRSS:/ { print $2 }' "/proc/$wr_pid/status")
# The peak so far belongs to start-up. Writing 5 to clear_refs resets the
# high-water mark (Linux 4.0+), so that the peak under load is seen apart.
hwm_start=$(awk '/^VmHWM:/ { print $2 }' "/proc/$wr_pid/status")
hwm_reset=0
if (echo 5 >"/proc/$wr_pid/clear_refs") 2>/dev/null; then hwm_reset=1; fi

# The same bytes for nginx. The temporary folder is made readable for nginx's
# workers, which run as nobody when the script runs as root.
chmod 755 "$tmp"
mkdir -p "$tmp/www"
for p in $PAGES; do
    f=$(page_file "$p")
    mkdir -p "$(dirname "$f")"
    curl -fsS -o "$f" "$wr_base$p" || die "wijkregie did not serve $p"
done
chmod -R a+rX "$tmp/www"

sed -e "s|@TMP@|$tmp|g" -e "s|@LISTEN@|127.0.0.1:$ng_port|g" \
    -e "s|@WORKERS@|$(nproc)|g" bench/nginx.conf.in >"$tmp/nginx.conf"
"$NGINX" -p "$tmp/" -e "$tmp/nginx-error.log" -c "$tmp/nginx.conf" >"$tmp/nginx.out" 2>&1 &
ng_pid=$!
wait_up "$ng_base/healthz" "$ng_pid" nginx "$tmp/nginx.out" "$tmp/nginx-error.log"
for p in $PAGES; do
    curl -fsS -o "$tmp/check" "$ng_base$p" || die "nginx did not serve $p"
    cmp -s "$tmp/check" "$(page_file "$p")" || die "nginx serves other bytes for $p"
done

echo "bench: wrk -t$THREADS -c$CONNS -d${DURATION}s --latency, ${WARMUP}s warm-up, $(nproc) cores shared by wrk and server"
mkdir -p "$RESULTS"
: >"$tmp/wrk.txt"
: >"$tmp/figures"

# load WRK_ARGS...: wrk into $tmp/wrk.one. It runs in the background so that
# a signal to this script is handled at once, not after the run.
load() {
    wrk -t"$THREADS" -c"$CONNS" "$@" >"$tmp/wrk.one" 2>&1 &
    wrk_pid=$!
    wait "$wrk_pid" || {
        wrk_pid=""
        return 1
    }
    wrk_pid=""
}

# run NAME BASE PATH [WRK_ARGS...]: warm up, measure, append "name path rps
# p99_ms bad" to figures. WRK_ARGS (a header, say) go to wrk before the URL.
run() {
    run_name=$1
    run_url=$2$3
    run_path=$3
    shift 3
    if [ "$WARMUP" -gt 0 ]; then
        load -d"${WARMUP}s" "$@" "$run_url" || die "wrk failed on $run_name $run_path"
    fi
    load -d"${DURATION}s" --latency "$@" "$run_url" || {
        cat "$tmp/wrk.one" >&2
        die "wrk failed on $run_name $run_path"
    }
    {
        echo "=== $run_name $run_path"
        cat "$tmp/wrk.one"
    } >>"$tmp/wrk.txt"
    # wrk prints times as 812.00us, 1.23ms, 1.05s or 1.00m.
    awk -v name="$run_name" -v path="$run_path" '
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
            printf "%s %s %.2f %.3f %d\n", name, path, rps, p99, bad
        }' "$tmp/wrk.one" >>"$tmp/figures" || die "could not read wrk's figures for $run_name $run_path"
}

for p in $PAGES; do
    run wijkregie "$wr_base" "$p"
    run nginx "$ng_base" "$p"
done

kill -0 "$wr_pid" 2>/dev/null || die "wijkregie stopped during the benchmark"
hwm_load=$(awk '/^VmHWM:/ { print $2 }' "/proc/$wr_pid/status")
hwm=$hwm_load
[ "$hwm_start" -le "$hwm" ] || hwm=$hwm_start
[ "$hwm_reset" = 1 ] || hwm_load=-1
rss_end=$(awk '/^VmRSS:/ { print $2 }' "/proc/$wr_pid/status")
threads=$(awk '/^Threads:/ { print $2 }' "/proc/$wr_pid/status")
cp "$tmp/wrk.txt" "$RESULTS/latest-wrk.txt"

# The table, the verdict on the aims and the JSON, from the figures file.
awk -v hwm="$hwm" -v hwm_start="$hwm_start" -v hwm_load="$hwm_load" -v rss_start="$rss_start" -v rss_end="$rss_end" -v threads="$threads" \
    -v dynamic=" $DYNAMIC " -v pages="$PAGES" -v json="$tmp/latest.json" \
    -v date="$(date -u +%Y-%m-%dT%H:%M:%SZ)" -v cores="$(nproc)" \
    -v commit="$(git rev-parse --short HEAD 2>/dev/null || echo none)" \
    -v duration="$DURATION" -v conns="$CONNS" -v wthreads="$THREADS" -v warmup="$WARMUP" '
    { rps[$1, $2] = $3; p99[$1, $2] = $4; bad[$1, $2] = $5 }
    END {
        n = split(pages, page, " ")
        line = "------------------------------------------------------------------------------"
        printf "\n%-20s %14s %9s %14s %9s %9s\n", "page", "wijkregie r/s", "p99", "nginx r/s", "p99", "ratio"
        print line
        ok_ratio = 1; ok_p99 = 1; errors = 0
        for (i = 1; i <= n; i++) {
            p = page[i]
            ratio[p] = rps["nginx", p] > 0 ? rps["wijkregie", p] / rps["nginx", p] : 0
            printf "%-20s %14.0f %7.2fms %14.0f %7.2fms %9.2f\n", p, rps["wijkregie", p], \
                p99["wijkregie", p], rps["nginx", p], p99["nginx", p], ratio[p]
            if (index(dynamic, " " p " ") && ratio[p] < 0.5) ok_ratio = 0
            if (p99["wijkregie", p] >= 10) ok_p99 = 0
            errors += bad["wijkregie", p] + bad["nginx", p]
        }
        print line
        printf "wijkregie resident memory: peak (VmHWM) %.1f MB; start-up peak %.1f MB, ", hwm / 1024, hwm_start / 1024
        if (hwm_load >= 0) printf "peak under load %.1f MB, ", hwm_load / 1024
        printf "%.1f MB after start-up, %.1f MB after the runs; %d threads\n", rss_start / 1024, rss_end / 1024, threads
        ok_rss = hwm < 30 * 1024
        printf "aims: throughput >= 0.5 x nginx on dynamic pages: %s; p99 < 10 ms: %s; memory < 30 MB: %s\n", \
            ok_ratio ? "met" : "MISSED", ok_p99 ? "met" : "MISSED", ok_rss ? "met" : "MISSED"
        if (errors) printf "warning: %d non-2xx responses or socket errors (see bench/results/latest-wrk.txt)\n", errors

        printf "{\n" > json
        printf "  \"date\": \"%s\",\n  \"commit\": \"%s\",\n  \"cores\": %d,\n", date, commit, cores > json
        printf "  \"wrk\": {\"threads\": %d, \"connections\": %d, \"seconds\": %d, \"warmup_seconds\": %d},\n", \
            wthreads, conns, duration, warmup > json
        printf "  \"pages\": [\n" > json
        for (i = 1; i <= n; i++) {
            p = page[i]
            printf "    {\"path\": \"%s\", \"dynamic\": %s,\n", p, index(dynamic, " " p " ") ? "true" : "false" > json
            printf "     \"wijkregie\": {\"requests_per_second\": %.2f, \"p99_ms\": %.3f, \"errors\": %d},\n", \
                rps["wijkregie", p], p99["wijkregie", p], bad["wijkregie", p] > json
            printf "     \"nginx\": {\"requests_per_second\": %.2f, \"p99_ms\": %.3f, \"errors\": %d},\n", \
                rps["nginx", p], p99["nginx", p], bad["nginx", p] > json
            printf "     \"ratio\": %.3f}%s\n", ratio[p], i < n ? "," : "" > json
        }
        printf "  ],\n" > json
        printf "  \"memory_kb\": {\"peak_vmhwm\": %d, \"startup_vmhwm\": %d, \"load_vmhwm\": %s,", \
            hwm, hwm_start, (hwm_load >= 0 ? hwm_load : "null") > json
        printf " \"start_vmrss\": %d, \"end_vmrss\": %d},\n", rss_start, rss_end > json
        printf "  \"threads\": %d,\n", threads > json
        printf "  \"aims\": {\"half_of_nginx_on_dynamic_pages\": %s, \"p99_under_10ms\": %s, \"rss_under_30mb\": %s}\n", \
            ok_ratio ? "true" : "false", ok_p99 ? "true" : "false", ok_rss ? "true" : "false" > json
        printf "}\n" > json
    }' "$tmp/figures"
mv "$tmp/latest.json" "$RESULTS/latest.json"
echo "bench: figures in $RESULTS/latest.json"

# --- part 1b: counting contacts at the counter's till --------------------------
# The clerk's one press (POST /werk/balie, a question at the demo's first
# counter location) on the demo database, with synchronous=FULL: every 303
# is a contact on disk. A counter has a few clerks: BENCH_COUNTER_CONNECTIONS
# (2) connections. Figures in bench/results/latest-counter.json.
COUNTER_CONNS=${BENCH_COUNTER_CONNECTIONS:-2}
case "$COUNTER_CONNS" in '' | *[!0-9]*) die "BENCH_COUNTER_CONNECTIONS is a whole number" ;; esac
jar="$tmp/jar-balie"
form=$(curl -fsS -c "$jar" "$wr_base/inloggen") || die "GET /inloggen failed"
csrf=$(printf '%s' "$form" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
curl -fsS -o /dev/null -b "$jar" -c "$jar" --data-urlencode "csrf=$csrf" \
    --data-urlencode "login=balie" --data-urlencode "password=wijkregie-demo" \
    "$wr_base/inloggen" || die "POST /inloggen as balie failed"
session=$(awk '$6 == "wr_session" { print "wr_session=" $7 }' "$jar")
till=$(curl -fsS -b "$jar" "$wr_base/werk/balie") || die "GET /werk/balie failed"
csrf=$(printf '%s' "$till" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
location=$(printf '%s' "$till" | sed -n 's/.*<option value="\([0-9][0-9]*\)">.*/\1/p' | head -1)
[ -n "$session" ] && [ -n "$csrf" ] && [ -n "$location" ] || die "no session, token or location for the till"
body="csrf=$csrf&location=$location&channel=balie&type=vraag"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $session" --data "$body" "$wr_base/werk/balie")
[ "$code" = 303 ] || die "POST /werk/balie answered $code, not 303"
cat >"$tmp/till.lua" <<LUA
wrk.method = "POST"
wrk.body = "$body"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "$session"
LUA
saved_conns=$CONNS
saved_warmup=$WARMUP
CONNS=$COUNTER_CONNS
WARMUP=0
echo "bench: counting contacts (POST /werk/balie, synchronous=FULL), wrk -t1 -c$CONNS -d${DURATION}s"
: >"$tmp/figures"
: >"$tmp/wrk.txt"
saved_threads=$THREADS
THREADS=1
run balie "$wr_base" /werk/balie -s "$tmp/till.lua"
THREADS=$saved_threads
CONNS=$saved_conns
WARMUP=$saved_warmup
cat "$tmp/wrk.txt" >"$RESULTS/latest-counter-wrk.txt"
awk -v conns="$COUNTER_CONNS" -v seconds="$DURATION" -v json="$RESULTS/latest-counter.json" '
    {
        per = 0
        if ($3 > 0) per = 1000 * conns / $3
        printf "\ncounter: %.0f contacts/s counted, %.2f ms per contact (%d connections), p99 %.2f ms, %d errors\n", $3, per, conns, $4, $5
        printf "{\"path\": \"/werk/balie\", \"connections\": %d, \"seconds\": %d, \"contacts_per_second\": %.2f, \"ms_per_contact\": %.3f, \"p99_ms\": %.3f, \"errors\": %d}\n", conns, seconds, $3, per, $4, $5 > json
    }' "$tmp/figures"
echo "bench: figures in $RESULTS/latest-counter.json"

# --- a consultation's idea list (10,000 ideas, 100,000 supports) ---------------------

BENCH_SECONDS=$DURATION BENCH_LIST_CONNECTIONS=$LIST_CONNS tools/bench-consult.sh "$BUILD" ||
    die "the consultation benchmark failed"

# --- part 2: the work list with many signals ------------------------------------

[ "$SIGNALS" -gt 0 ] || exit 0
[ "$LIST_CONNS" -gt 0 ] || die "BENCH_LIST_CONNECTIONS must be at least 1"
stop "$wr_pid"
wr_pid=""
stop "$ng_pid"
ng_pid=""

# The generator, built against this build's core library (a second).
GEN=$tmp/gen-signals
LIB=$BUILD/src/libwrcore.a
[ -f "$LIB" ] || die "$LIB not found; run make first"
# shellcheck disable=SC2046
${CC:-cc} -std=c17 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
    -Wmissing-prototypes -Wno-unused-parameter -Isrc bench/gen_signals.c "$LIB" \
    $(pkg-config --cflags --libs libmicrohttpd sqlite3 jansson libsodium zlib libcurl xlsxwriter) -lcrack \
    -lpthread -lm -o "$GEN" || die "cannot compile bench/gen_signals.c"

# The database, cached by count and by the sources that shape it (wijkregie
# migrates a copy to its schema when it opens it).
key=$(cat bench/gen_signals.c src/domain/demo.c src/domain/demo_focus.c src/domain/seed.c | cksum | cut -d' ' -f1)
cached=$RESULTS/signals-$SIGNALS-$key.db
if [ ! -f "$cached" ]; then
    rm -f "$RESULTS"/signals-"$SIGNALS"-*.db
    echo "bench: generating $SIGNALS signals (once; kept as $cached)"
    "$GEN" --data "$tmp/gen" --count "$SIGNALS" >"$tmp/gen.log" 2>&1 || {
        cat "$tmp/gen.log" >&2
        die "gen-signals failed"
    }
    tail -1 "$tmp/gen.log"
    mv "$tmp/gen/wijkregie.db" "$cached.part"
    mv "$cached.part" "$cached"
    rm -rf "$tmp/gen"
fi
mkdir -p "$tmp/sig"
cp "$cached" "$tmp/sig/wijkregie.db"
"$BIN" migrate --data "$tmp/sig" >/dev/null || die "cannot migrate the generated database"
# --reports-per-hour 0: part 4 submits thousands of reports from one address.
# The time from start to the first answer (/healthz, then the home page) is
# measured here, on a database that is already migrated.
ms_now() { date +%s%3N; }
t_start=$(ms_now)
"$BIN" serve --data "$tmp/sig" --listen "127.0.0.1:$wr_port" --quiet --reports-per-hour 0 \
    >"$tmp/wijkregie-sig.log" 2>&1 &
wr_pid=$!
i=0
until curl -fsS -o /dev/null "$wr_base/healthz" 2>/dev/null; do
    kill -0 "$wr_pid" 2>/dev/null || {
        show_logs "$tmp/wijkregie-sig.log"
        die "wijkregie stopped at start-up"
    }
    [ "$i" -lt 3000 ] || die "wijkregie did not answer within 60 s with $SIGNALS signals"
    sleep 0.02
    i=$((i + 1))
done
t_health=$(ms_now)
curl -fsS -o /dev/null "$wr_base/" || die "the home page did not answer"
t_home=$(ms_now)
echo "bench: start to first answer with $SIGNALS signals: $((t_health - t_start)) ms (/healthz), first home page $((t_home - t_start)) ms"

# login LOGIN: the session cookie ("wr_session=...") of LOGIN, through the
# form with its csrf field and the wr_csrf cookie.
login() {
    jar="$tmp/jar-$1"
    form=$(curl -fsS -c "$jar" "$wr_base/inloggen") || die "GET /inloggen failed"
    csrf=$(printf '%s' "$form" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
    [ -n "$csrf" ] || die "no csrf field on /inloggen"
    curl -fsS -o /dev/null -b "$jar" -c "$jar" --data-urlencode "csrf=$csrf" \
        --data-urlencode "login=$1" --data-urlencode "password=wijkregie-demo" \
        "$wr_base/inloggen" || die "POST /inloggen as $1 failed"
    cookie=$(awk '$6 == "wr_session" { print "wr_session=" $7 }' "$jar")
    [ -n "$cookie" ] || die "login as $1 gave no session"
    echo "$cookie"
}

wijk=$(python3 -c '
import sqlite3, sys
c = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
print(c.execute("SELECT id FROM area WHERE kind = '"'wijk'"' AND name = '"'Oosterheem'"'").fetchone()[0])' \
    "$tmp/sig/wijkregie.db") || die "no wijk Oosterheem in the generated database"
LISTS="/werk/meldingen /werk/meldingen?zoek=lantaarnpaal /werk/meldingen?wijk=$wijk /werk/meldingen?volgorde=termijn"
PUBLIC="/open-data/meldingen.geojson /open-data/meldingen.geojson?wijk=$wijk /meldingen"

echo "bench: work list with $SIGNALS signals, wrk -t$THREADS -c$LIST_CONNS -d${DURATION}s --latency"
: >"$tmp/figures"
CONNS=$LIST_CONNS
for who in afdeling-beheer regisseur-oost; do
    cookie=$(login "$who")
    for p in $LISTS; do
        code=$(curl -s -o "$tmp/page" -w '%{http_code}' -H "Cookie: $cookie" "$wr_base$p")
        if [ "$code" != 200 ] || ! grep -q 'werk/meldingen' "$tmp/page"; then
            die "$p as $who answered $code, not the work list"
        fi
        run "$who" "$wr_base" "$p" -H "Cookie: $cookie"
    done
done
# The public map's points (the unfiltered set from the page cache between
# changes, one wijk's computed) and the public list, anonymous.
for p in $PUBLIC; do
    code=$(curl -s -o "$tmp/page" -w '%{http_code}' "$wr_base$p")
    [ "$code" = 200 ] || die "$p answered $code"
    run anonymous "$wr_base" "$p"
done
# Open311: the default window of GET requests.json, as a report app asks
# it, and a list that is computed on every request.
for O311 in /open311/v2/requests.json "/open311/v2/requests.json?status=open"; do
    code=$(curl -s -o "$tmp/page" -w '%{http_code}' "$wr_base$O311")
    if [ "$code" != 200 ] || ! grep -q '"service_request_id"' "$tmp/page"; then
        die "$O311 answered $code, not a list of requests"
    fi
    run open311 "$wr_base" "$O311"
done
kill -0 "$wr_pid" 2>/dev/null || die "wijkregie stopped during the work-list benchmark"
cat "$tmp/wrk.txt" >"$RESULTS/latest-signals-wrk.txt"

awk -v json="$tmp/latest-signals.json" -v signals="$SIGNALS" -v conns="$LIST_CONNS" \
    -v date="$(date -u +%Y-%m-%dT%H:%M:%SZ)" -v cores="$(nproc)" \
    -v commit="$(git rev-parse --short HEAD 2>/dev/null || echo none)" '
    { who[NR] = $1; path[NR] = $2; rps[NR] = $3; p99[NR] = $4; bad[NR] = $5 }
    END {
        line = "------------------------------------------------------------------------------"
        printf "\n%-16s %-36s %10s %9s %6s\n", "login", "page (" signals " signals)", "r/s", "p99", "aim"
        print line
        ok = 1; errors = 0
        for (i = 1; i <= NR; i++) {
            met = p99[i] < 20
            if (!met) ok = 0
            errors += bad[i]
            printf "%-16s %-36s %10.0f %7.2fms %6s\n", who[i], path[i], rps[i], p99[i], met ? "met" : "MISSED"
        }
        print line
        printf "aim: work list, public map and requests.json p99 < 20 ms at %d signals with %d connections: %s\n", signals, conns, ok ? "met" : "MISSED"
        if (errors) printf "warning: %d non-2xx responses or socket errors (see bench/results/latest-signals-wrk.txt)\n", errors
        printf "{\n  \"date\": \"%s\",\n  \"commit\": \"%s\",\n  \"cores\": %d,\n", date, commit, cores > json
        printf "  \"signals\": %d,\n  \"connections\": %d,\n  \"pages\": [\n", signals, conns > json
        for (i = 1; i <= NR; i++)
            printf "    {\"login\": \"%s\", \"path\": \"%s\", \"requests_per_second\": %.2f, \"p99_ms\": %.3f, \"errors\": %d}%s\n", \
                who[i], path[i], rps[i], p99[i], bad[i], i < NR ? "," : "" > json
        printf "  ],\n  \"aims\": {\"work_list_p99_under_20ms\": %s}\n}\n", ok ? "true" : "false" > json
    }' "$tmp/figures"
mv "$tmp/latest-signals.json" "$RESULTS/latest-signals.json"
echo "bench: figures in $RESULTS/latest-signals.json"

# --- part 3: the monitor and the council report at a million signals -----------

MON_CONNS=${BENCH_MONITOR_CONNECTIONS:-2}
case "$MON_CONNS" in '' | *[!0-9]*) die "BENCH_MONITOR_CONNECTIONS is a whole number" ;; esac
[ "$MON_CONNS" -ge "$THREADS" ] || MON_CONNS=$THREADS
CONNS=$MON_CONNS
year=$(($(date +%Y) - 1))
region=$(python3 -c '
import sqlite3, sys
c = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
print(c.execute("SELECT r.region_id FROM area_region r JOIN area a ON a.id = r.area_id WHERE a.slug = '"'oosterheem'"' ORDER BY r.valid_from DESC LIMIT 1").fetchone()[0])' \
    "$tmp/sig/wijkregie.db") || die "no region of Oosterheem in the generated database"
MONITOR_PAGES="/monitor /monitor?periode=jaar /monitor/regio/$region /monitor/wijk/oosterheem /raad/rapport/$year"
echo "bench: monitor and council report with $SIGNALS signals, wrk -t$THREADS -c$CONNS -d${DURATION}s --latency"
: >"$tmp/figures"
: >"$tmp/wrk.txt"
cookie=$(login raadslid)
for p in $MONITOR_PAGES; do
    code=$(curl -s -o "$tmp/page" -w '%{http_code}' -H "Cookie: $cookie" "$wr_base$p")
    if [ "$code" != 200 ] || ! grep -q 'Meldingen per' "$tmp/page"; then
        die "$p as raadslid answered $code, not the monitor or the report"
    fi
    run raadslid "$wr_base" "$p" -H "Cookie: $cookie"
done
kill -0 "$wr_pid" 2>/dev/null || die "wijkregie stopped during the monitor benchmark"
cat "$tmp/wrk.txt" >"$RESULTS/latest-monitor-wrk.txt"

awk -v json="$tmp/latest-monitor.json" -v signals="$SIGNALS" -v conns="$MON_CONNS" \
    -v date="$(date -u +%Y-%m-%dT%H:%M:%SZ)" -v cores="$(nproc)" \
    -v commit="$(git rev-parse --short HEAD 2>/dev/null || echo none)" '
    { who[NR] = $1; path[NR] = $2; rps[NR] = $3; p99[NR] = $4; bad[NR] = $5 }
    END {
        line = "------------------------------------------------------------------------------"
        printf "\n%-40s %10s %10s %9s %6s\n", "page (" signals " signals)", "r/s", "p99", "aim", "met"
        print line
        ok = 1; errors = 0
        for (i = 1; i <= NR; i++) {
            aim[i] = path[i] ~ /^\/raad\/rapport/ ? 2000 : 100
            met = p99[i] < aim[i]
            if (!met) ok = 0
            errors += bad[i]
            printf "%-40s %10.1f %8.2fms %7dms %6s\n", path[i], rps[i], p99[i], aim[i], met ? "met" : "MISSED"
        }
        print line
        printf "aims: dashboard p99 < 100 ms, yearly report p99 < 2 s at %d signals: %s\n", signals, ok ? "met" : "MISSED"
        if (errors) printf "warning: %d non-2xx responses or socket errors (see bench/results/latest-monitor-wrk.txt)\n", errors
        printf "{\n  \"date\": \"%s\",\n  \"commit\": \"%s\",\n  \"cores\": %d,\n", date, commit, cores > json
        printf "  \"signals\": %d,\n  \"connections\": %d,\n  \"pages\": [\n", signals, conns > json
        for (i = 1; i <= NR; i++)
            printf "    {\"path\": \"%s\", \"requests_per_second\": %.2f, \"p99_ms\": %.3f, \"aim_ms\": %d, \"errors\": %d}%s\n", \
                path[i], rps[i], p99[i], aim[i], bad[i], i < NR ? "," : "" > json
        printf "  ],\n  \"aims\": {\"dashboard_under_100ms_report_under_2s\": %s}\n}\n", ok ? "true" : "false" > json
    }' "$tmp/figures"
mv "$tmp/latest-monitor.json" "$RESULTS/latest-monitor.json"
echo "bench: figures in $RESULTS/latest-monitor.json"

# --- part 4: submitting signals -------------------------------------------------
# Residents' reports through the public form (POST /melden, no photo) into
# the same database of a million signals, with synchronous=FULL: every 303
# is a signal on disk. The wr_csrf cookie and field come from one GET; the
# category is a public sub category without required questions, the place a
# buurt's label point; "toch_versturen" skips the offer to follow a nearby
# signal (every report lands on the same point).
# submit_form DB: sets csrf and body, a submission for the server at
# $wr_base (whose database is DB).
submit_form() {
    form=$(python3 -c '
import sqlite3, sys
c = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
cat = c.execute("SELECT id FROM category WHERE parent_id IS NOT NULL AND is_public AND NOT confidential AND active AND NOT EXISTS (SELECT 1 FROM category_question q WHERE q.category_id = category.id AND q.required) ORDER BY id LIMIT 1").fetchone()[0]
bu = c.execute("SELECT code FROM area WHERE kind = '"'buurt'"' ORDER BY code LIMIT 1").fetchone()[0]
print(cat, bu)' "$1") || die "no category or buurt for the submission benchmark"
    jar="$tmp/jar-anon"
    curl -fsS -o /dev/null -c "$jar" "$wr_base/melden" || die "GET /melden failed"
    csrf=$(awk '$6 == "wr_csrf" { print $7 }' "$jar")
    [ -n "$csrf" ] || die "no wr_csrf cookie from /melden"
    body="csrf=$csrf&category=${form% *}&type=melding&buurt=${form#* }&address=Benchstraat+1&toch_versturen=1&description=Losliggende+stoeptegel+voor+de+deur"
}
submit_form "$tmp/sig/wijkregie.db"
before=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM signal").fetchone()[0])' "$tmp/sig/wijkregie.db")
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: wr_csrf=$csrf" --data "$body" "$wr_base/melden")
[ "$code" = 303 ] || die "POST /melden answered $code, not 303"
cat >"$tmp/submit.lua" <<LUA
wrk.method = "POST"
wrk.body = "$body"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "wr_csrf=$csrf"
LUA
CONNS=$LIST_CONNS
echo "bench: submitting signals (POST /melden, synchronous=FULL), wrk -t$THREADS -c$LIST_CONNS -d${DURATION}s"
: >"$tmp/figures"
: >"$tmp/wrk.txt"
WARMUP=0
run anonymous "$wr_base" /melden -s "$tmp/submit.lua"
after=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM signal").fetchone()[0])' "$tmp/sig/wijkregie.db")
cat "$tmp/wrk.txt" >>"$RESULTS/latest-signals-wrk.txt"
sub_line=$(cat "$tmp/figures")
awk -v stored=$((after - before)) -v seconds="$DURATION" -v conns="$LIST_CONNS" '
    { met = $3 >= 1000 && $4 < 50
      printf "\nsubmissions: %.0f signals/s stored (%d in %d s), p99 %.2f ms, %d errors\n", $3, stored, seconds, $4, $5
      printf "aim: >= 1000 signals/s stored with p99 < 50 ms at %d submitters: %s\n", conns, met ? "met" : "MISSED" }' "$tmp/figures"

# --- part 5: resident memory after a period of mixed load -----------------------
# The aim (under 30 MB) is for Zoetermeer's data: the demo database of part
# 1, three years of the city's signals. The server of the million signals
# is stopped first; its resident memory after parts 2 to 4 is printed too.
# Every connection walks the same mix in turn: the home page and a wijk
# page, the public map (all, one wijk), the public list, the Open311 lists,
# the work list of a department (logged in) and one submission in eight.
rss_million=$(awk '/^VmRSS:/ { print $2 }' "/proc/$wr_pid/status")
awk -v kb="$rss_million" -v n="$SIGNALS" 'BEGIN {
    printf "resident memory with %d signals after the runs above: %.1f MB\n", n, kb / 1024 }'
rss_soak=-1
if [ "$SOAK" -gt 0 ]; then
    stop "$wr_pid"
    wr_pid=""
    mkdir -p "$tmp/zm"
    cp "$tmp/data/wijkregie.db" "$tmp/zm/wijkregie.db"
    "$BIN" serve --data "$tmp/zm" --listen "127.0.0.1:$wr_port" --quiet --reports-per-hour 0 \
        >"$tmp/wijkregie-zm.log" 2>&1 &
    wr_pid=$!
    wait_up "$wr_base/healthz" "$wr_pid" wijkregie "$tmp/wijkregie-zm.log"
    zm_signals=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM signal").fetchone()[0])' "$tmp/zm/wijkregie.db")
    wijk=$(python3 -c '
import sqlite3, sys
c = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
print(c.execute("SELECT id FROM area WHERE kind = '"'wijk'"' AND name = '"'Oosterheem'"'").fetchone()[0])' \
        "$tmp/zm/wijkregie.db") || die "no wijk Oosterheem in the demo database"
    submit_form "$tmp/zm/wijkregie.db"
    cookie=$(login afdeling-beheer)
    cat >"$tmp/soak.lua" <<LUA
local n = 0
local paths = {"/", "/wijken/oosterheem", "/open-data/meldingen.geojson",
  "/open-data/meldingen.geojson?wijk=$wijk", "/meldingen", "/open311/v2/requests.json",
  "/open311/v2/requests.json?status=open"}
request = function()
  n = n + 1
  local k = n % 10
  if k == 8 then
    return wrk.format("POST", "/melden", {["Content-Type"] = "application/x-www-form-urlencoded",
      ["Cookie"] = "wr_csrf=$csrf"}, "$body")
  elseif k == 9 then
    return wrk.format("GET", "/werk/meldingen", {["Cookie"] = "$cookie"})
  end
  return wrk.format("GET", paths[(k % #paths) + 1])
end
LUA
    echo "bench: mixed load for ${SOAK}s (BENCH_SOAK_SECONDS) on the demo database ($zm_signals signals), wrk -t$THREADS -c$LIST_CONNS"
    # the peak under the mixed load alone (see part 1 for clear_refs)
    echo 5 >"/proc/$wr_pid/clear_refs" 2>/dev/null || true
    load -d"${SOAK}s" -s "$tmp/soak.lua" "$wr_base/" || die "wrk failed on the mixed load"
    kill -0 "$wr_pid" 2>/dev/null || die "wijkregie stopped during the mixed load"
    # At the load's end some answers may still be built (the map of every
    # open signal is megabytes by then); the aim is judged once they are
    # answered and the next checkpoint turn (every 10 s) has given freed
    # memory back. The moment the load stopped and the peak under it are
    # printed beside it.
    rss_soak_end=$(awk '/^VmRSS:/ { print $2 }' "/proc/$wr_pid/status")
    hwm_soak=$(awk '/^VmHWM:/ { print $2 }' "/proc/$wr_pid/status")
    sleep 11
    rss_soak=$(awk '/^VmRSS:/ { print $2 }' "/proc/$wr_pid/status")
    soak_rps=$(awk '/^Requests\/sec:/ { print $2 }' "$tmp/wrk.one")
    curl -fsS "$wr_base/metrics" | grep '^wijkregie_memory_bytes' || true
    awk -v kb="$rss_soak" -v end="$rss_soak_end" -v hwm="$hwm_soak" -v s="$SOAK" -v rps="$soak_rps" 'BEGIN {
        printf "resident memory after %d s of mixed load (%.0f requests/s): %.1f MB at rest 11 s later (aim < 30 MB: %s); %.1f MB the moment the load stopped, peak %.1f MB under it\n", s, rps, kb / 1024, kb < 30 * 1024 ? "met" : "MISSED", end / 1024, hwm / 1024 }'
fi

printf '%s\n' "$sub_line" | awk -v json="$tmp/latest-intake.json" -v signals="$SIGNALS" \
    -v conns="$LIST_CONNS" -v first="$((t_health - t_start))" -v home="$((t_home - t_start))" \
    -v soak="$SOAK" -v rss="$rss_soak" -v end="${rss_soak_end:--1}" -v hwm="${hwm_soak:--1}" -v million="$rss_million" -v date="$(date -u +%Y-%m-%dT%H:%M:%SZ)" -v cores="$(nproc)" \
    -v commit="$(git rev-parse --short HEAD 2>/dev/null || echo none)" '
    { printf "{\n  \"date\": \"%s\",\n  \"commit\": \"%s\",\n  \"cores\": %d,\n  \"signals\": %d,\n", date, commit, cores, signals > json
      printf "  \"start_to_first_answer_ms\": %d,\n  \"start_to_first_home_page_ms\": %d,\n", first, home > json
      printf "  \"submissions\": {\"connections\": %d, \"signals_per_second\": %.2f, \"p99_ms\": %.3f, \"errors\": %d},\n", conns, $3, $4, $5 > json
      printf "  \"rss_million_after_runs_kb\": %d,\n", million > json
      printf "  \"soak_seconds\": %d,\n  \"rss_after_soak_kb\": %d,\n", soak, rss > json
      printf "  \"rss_when_soak_stopped_kb\": %d,\n  \"peak_rss_under_soak_kb\": %d\n}\n", end, hwm > json }'
mv "$tmp/latest-intake.json" "$RESULTS/latest-intake.json"
echo "bench: figures in $RESULTS/latest-intake.json"
