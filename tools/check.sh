#!/bin/sh
# make check: everything that must hold before a change lands.
#   1. the style check
#   2. the sanitizer build (AddressSanitizer + UBSan) and its unit tests
#   3. replay of every fuzz corpus
#   4. the HTTP tests against a real server on a free loopback port
#   5. the Open311 conformance suite (tests/open311/conformance.py)
#   6. the browser tests (Chromium + axe-core) against a real server
# Every step runs; the summary says which failed.
set -u
cd "$(dirname "$0")/.."
CHECK_BUILD="${1:-build-check}"
FUZZ_BUILD="${2:-build-fuzz}"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

failed=""
step() {
    name="$1"
    shift
    echo "== $name"
    if "$@"; then :; else failed="$failed $name"; fi
}

unit() {
    ninja -C "$CHECK_BUILD" >/dev/null || { ninja -C "$CHECK_BUILD" | tail -30; return 1; }
    meson test -C "$CHECK_BUILD" --print-errorlogs --no-rebuild
}

browser() {
    tools/browser-test.sh "$CHECK_BUILD/wijkregie"
}

step style tools/style.sh
step unit unit
step fuzz-replay tools/fuzz.sh "$FUZZ_BUILD" 0
step http python3 tests/http/run.py "$CHECK_BUILD/wijkregie"
step open311 python3 tests/open311/conformance.py "$CHECK_BUILD/wijkregie"
step browser browser

echo
if [ -n "$failed" ]; then
    echo "make check FAILED:$failed"
    exit 1
fi
echo "make check passed"
