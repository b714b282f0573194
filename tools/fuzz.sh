#!/bin/sh
# Builds every fuzz target (libFuzzer, clang, ASan + UBSan) into BUILD and
# either replays the committed corpora (SECONDS=0, as in make check) or
# fuzzes each target for SECONDS seconds (make fuzz), writing new inputs
# into a scratch copy of the corpus.
set -eu
cd "$(dirname "$0")/.."
BUILD="${1:-build-fuzz}"
SECONDS_EACH="${2:-60}"
mkdir -p "$BUILD"

LIBS="src/lib/arena.c src/lib/buf.c src/lib/civil.c src/lib/utf8.c src/lib/csv.c src/lib/i18n.c src/lib/ini.c
src/lib/markdown.c src/lib/mdlink.c src/lib/money.c src/lib/iban.c src/lib/mustache.c src/lib/nbayes.c src/lib/w3cdate.c src/lib/xmlw.c src/lib/geo.c src/lib/geojson.c src/lib/imgclient.c src/http/form.c src/http/cookie.c
src/domain/calendar.c src/domain/focus.c src/store/fts.c"
CFLAGS="-g -O1 -std=c17 -D_GNU_SOURCE -Isrc -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined"

# One object archive for the library code, rebuilt when a source changes.
objs=""
for s in $LIBS; do
    o="$BUILD/$(echo "$s" | tr '/' '_').o"
    if [ ! -f "$o" ] || [ "$s" -nt "$o" ] || [ -n "$(find src -name '*.h' -newer "$o" | head -1)" ]; then
        clang $CFLAGS -fsanitize=fuzzer-no-link -c "$s" -o "$o"
    fi
    objs="$objs $o"
done

fail=0
total=0
for t in tests/fuzz/fuzz_*.c; do
    name=$(basename "$t" .c)
    corpus="tests/fuzz/corpus/${name#fuzz_}"
    bin="$BUILD/$name"
    if [ ! -x "$bin" ] || [ "$t" -nt "$bin" ] || [ -n "$(find $objs -newer "$bin" | head -1)" ]; then
        # shellcheck disable=SC2086
        clang $CFLAGS "$t" $objs -ljansson -lsqlite3 -lcmark -lm -o "$bin"
    fi
    total=$((total + 1))
    if [ "$SECONDS_EACH" = 0 ]; then
        if "$bin" -runs=0 "$corpus" >"$BUILD/$name.log" 2>&1; then
            echo "ok fuzz replay $name ($(ls "$corpus" | wc -l) inputs)"
        else
            echo "FAIL fuzz replay $name: see $BUILD/$name.log"
            fail=$((fail + 1))
        fi
    else
        work="$BUILD/corpus-$name"
        rm -rf "$work"
        cp -r "$corpus" "$work"
        echo "fuzzing $name for ${SECONDS_EACH}s"
        if ! "$bin" -max_total_time="$SECONDS_EACH" -print_final_stats=1 "$work" >"$BUILD/$name.log" 2>&1; then
            echo "FAIL $name: see $BUILD/$name.log"
            fail=$((fail + 1))
        else
            grep -E "stat::number_of_executed_units" "$BUILD/$name.log" || true
        fi
    fi
done
echo "$((total - fail)) passed, $fail failed"
[ "$fail" = 0 ]
