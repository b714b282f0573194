#!/bin/sh
# Starts a fresh demo server on a free loopback port, with its e-mail going
# to an SMTP sink on loopback (tests/unit/smtp_sink.py; the steps that follow
# a link from an e-mail read the sink's folder, MAIL_DIR), and runs the
# browser tests (tests/browser/run.mjs: Chromium, axe-core, 360 px, no
# JavaScript). Its map tiles and address lookup come from the Locatieserver
# stand-in on loopback (tests/http/locatieserver_standin.py), so that the
# browser and the server reach no other network.
#
# Usage: tools/browser-test.sh [BINARY [STEP-NAME ...]]: with step names,
# only those steps of tests/browser/pages.json run.
set -eu
cd "$(dirname "$0")/.."
BIN="${1:-build/wijkregie}"
PY="${WR_PYTHON:-/usr/bin/python3}"
[ -x "$PY" ] || PY=python3
tmp=$(mktemp -d /tmp/wr-browser.XXXXXX)
pid=""
sink=""
standin=""
# Stops what was started. Not under set -e: a helper ended by SIGTERM
# makes `wait` return 143, which would end the cleanup there (and set the
# script's exit status) with the rest still running.
cleanup() {
    set +e
    for p in "$pid" "$standin" "$sink"; do
        [ -n "$p" ] || continue
        kill "$p" 2>/dev/null
        wait "$p" 2>/dev/null
    done
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
mkdir "$tmp/mail"
"$PY" tests/unit/smtp_sink.py "$tmp/mail" "$tmp/mail.port" 0 &
sink=$!
for _ in $(seq 1 100); do
    [ -s "$tmp/mail.port" ] && break
    sleep 0.1
done
[ -s "$tmp/mail.port" ] || { echo "FAIL browser: the SMTP sink did not start (python3-aiosmtpd)"; exit 1; }
"$PY" tests/http/locatieserver_standin.py 0 >"$tmp/standin.out" &
standin=$!
for _ in $(seq 1 100); do
    grep -q '^port ' "$tmp/standin.out" 2>/dev/null && break
    sleep 0.1
done
standin_port=$(sed -n 's/^port //p' "$tmp/standin.out")
[ -n "$standin_port" ] || { echo "FAIL browser: the Locatieserver stand-in did not start"; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# WR_DEMO_TEMPLATE: a data folder made by `init --demo` (make check makes
# one for all its tests), copied instead of making one here.
if [ -n "${WR_DEMO_TEMPLATE:-}" ] && [ -f "$WR_DEMO_TEMPLATE/wijkregie.db" ]; then
    cp -R "$WR_DEMO_TEMPLATE" "$tmp/data"
else
    "$BIN" init --data "$tmp/data" --demo >/dev/null
fi
# Every public form of the suite comes from this one address; the limit per
# address (--reports-per-hour) has its own HTTP cases, so here it is off.
"$BIN" serve --data "$tmp/data" --listen "127.0.0.1:$port" --quiet --reports-per-hour 0 \
    --smtp-url "smtp://127.0.0.1:$(cat "$tmp/mail.port")" --smtp-from wijkregie@zoetermeer.example \
    --geocoder-url "http://127.0.0.1:$standin_port/bzk/locatieserver/search/v3_1" \
    --tile-url "http://127.0.0.1:$standin_port/tiles/{z}/{x}/{y}.png" \
    --tile-attribution "Kaartgegevens © Kadaster" \
    2>"$tmp/server.log" &
pid=$!
for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.1
done
rc=0
if [ $# -gt 0 ]; then shift; fi
MAIL_DIR="$tmp/mail" BASE_URL="http://127.0.0.1:$port" node tests/browser/run.mjs "$@" || rc=$?
kill "$pid"
wait "$pid" || true
pid=""
if grep -qE "AddressSanitizer|runtime error:|LeakSanitizer" "$tmp/server.log"; then
    cat "$tmp/server.log"
    echo "FAIL browser: the server reported a sanitizer error"
    rc=1
fi
exit "$rc"
