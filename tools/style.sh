#!/bin/sh
# The style check: clang-format layout on every C file, and no banned call
# (sprintf strcpy strcat gets atoi strtok) unless its line says "checksrc".
set -eu
cd "$(dirname "$0")/.."
files=$(find src tests/unit tests/fuzz -name '*.[ch]' | sort)
fail=0
# shellcheck disable=SC2086
if ! clang-format --dry-run -Werror $files >/tmp/wr-style.$$ 2>&1; then
    head -40 /tmp/wr-style.$$
    echo "FAIL style: run 'clang-format -i' on the files above"
    fail=1
fi
rm -f /tmp/wr-style.$$
# shellcheck disable=SC2086
banned=$(grep -nE '(^|[^_a-zA-Z0-9])(sprintf|strcpy|strcat|gets|atoi|strtok)\(' $files | grep -v checksrc || true)
if [ -n "$banned" ]; then
    echo "$banned"
    echo "FAIL style: banned calls (use snprintf, memcpy, strtol, a bounded loop)"
    fail=1
fi
# A template comment ends at the first "}}": one that names a tag ends early,
# and the rest of it is shown on the page.
nested=$(grep -rnE '\{\{![^}]*\{\{' templates || true)
if [ -n "$nested" ]; then
    echo "$nested"
    echo "FAIL style: a template comment holds a tag; its first '}}' ends the comment"
    fail=1
fi
if [ "$fail" = 0 ]; then
    echo "ok style ($(echo "$files" | wc -l) files)"
fi
exit "$fail"
