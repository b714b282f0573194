#!/bin/sh
# make check: everything that must hold before a change lands.
#   1. the style check
#   2. the sanitizer build (AddressSanitizer + UBSan) and its unit tests
#   3. replay of every fuzz corpus
#   4. the HTTP tests against a real server on a free loopback port
#   5. the Open311 conformance suite (tests/open311/conformance.py)
#   6. the browser tests (Chromium + axe-core) against a real server
#   7. the date-sensitive tests again with the clock at 23:30 UTC on
#      31 December of this year, 00:30 on 1 January in Zoetermeer (faketime)
# Every step runs; the summary says which failed.
set -u
cd "$(dirname "$0")/.."
CHECK_BUILD="${1:-build-check}"
FUZZ_BUILD="${2:-build-fuzz}"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1"
# The unit tests and the demo database generate years of history: SQLite
# (not instrumented, but allocating through the sanitizer) allocates and
# frees memory for every trigger it runs. With the default 256 MB
# quarantine and 4 KB filled on every allocation this cost a fifth of their
# time and 680 MB of memory; a 16 MB quarantine still catches a use after
# free unless 16 MB were allocated in between, and the fill only made
# uninitialised reads look alike (which the sanitizers do not report).
LEAN_ASAN="$ASAN_OPTIONS:quarantine_size_mb=16:max_malloc_fill_size=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

failed=""
logs=$(mktemp -d /tmp/wr-check.XXXXXX)
trap 'rm -rf "$logs"' EXIT
# step NAME COMMAND...: runs it, its output shown and kept, so that the
# summary at the end can repeat what failed (a long run's output is often
# read from its end only).
# Each step's duration goes into the summary too: make check has a time
# budget, and this shows where it goes.
timings=""
step() {
    name="$1"
    shift
    echo "== $name"
    started=$(date +%s)
    { "$@"; echo $? >"$logs/$name.rc"; } 2>&1 | tee "$logs/$name.log"
    if [ "$(cat "$logs/$name.rc" 2>/dev/null)" != 0 ]; then failed="$failed $name"; fi
    timings="$timings $name $(($(date +%s) - started))s"
}

unit() {
    ninja -C "$CHECK_BUILD" >/dev/null || { ninja -C "$CHECK_BUILD" | tail -30; return 1; }
    ASAN_OPTIONS="$LEAN_ASAN" meson test -C "$CHECK_BUILD" --print-errorlogs --no-rebuild
}

browser() {
    SCREENSHOTS=failed tools/browser-test.sh "$CHECK_BUILD/wijkregie"
}

# The hour in which the machine's day (UTC) and the municipality's
# (Europe/Amsterdam) differ, on the night their years differ too. Debian's
# faketime preloads libfaketime, which starts the clock at that moment; the
# sanitizer runtime then does not come first among the libraries, hence
# verify_asan_link_order=0. Run again: the unit tests whose code reads the
# clock (meson suite 'clock'), and the HTTP cases about days, months and years
# (the case files below) with the crash test, whose waits once hung under the
# faked clock. Not the browser tests, nor what does not look at the date.
FAKE_AT="$(date -u +%Y)-12-31 23:30:00"
DATE_CASES="05-open-data 13-admin-wijken 20-signals 30-admin-signals 40-focus 40-monitor
41-focus-edit 43-monitor-local-time 45-monitor-period 46-report crash:"
at_new_year() {
    TZ=UTC ASAN_OPTIONS="$ASAN_OPTIONS:verify_asan_link_order=0" faketime -f "@$FAKE_AT" "$@"
}
new_year() {
    k=""
    for c in $DATE_CASES; do k="$k -k $c"; done
    echo "(the clock at $FAKE_AT UTC)"
    # shellcheck disable=SC2086
    at_new_year meson test -C "$CHECK_BUILD" --print-errorlogs --no-rebuild --suite clock &&
        at_new_year python3 tests/http/run.py "$CHECK_BUILD/wijkregie" $k
}

# One demo database for the HTTP and the browser tests: `init --demo` is
# deterministic and under the sanitizers the slowest thing they do.
demo_template() {
    ASAN_OPTIONS="$LEAN_ASAN" "$CHECK_BUILD/wijkregie" init --data "$logs/demo" --demo >/dev/null
}

step style tools/style.sh
step unit unit
step fuzz-replay tools/fuzz.sh "$FUZZ_BUILD" 0
step demo demo_template
export WR_DEMO_TEMPLATE="$logs/demo"
step http python3 tests/http/run.py "$CHECK_BUILD/wijkregie"
step open311 python3 tests/open311/conformance.py "$CHECK_BUILD/wijkregie"
step browser browser
unset WR_DEMO_TEMPLATE
step new-year new_year

echo
echo "steps (seconds):$timings"
if [ -n "$failed" ]; then
    for name in $failed; do
        echo "-- what failed in $name:"
        grep -E '^(FAIL|not ok|ERROR|Summary of Failures)|^[0-9]+/[0-9]+ .*(FAIL|TIMEOUT)|FAIL[: ]|Error' "$logs/$name.log" | head -40
        echo "   (its last lines:)"
        tail -8 "$logs/$name.log" | sed 's/^/   /'
    done
    echo "make check FAILED:$failed"
    exit 1
fi
echo "make check passed"
