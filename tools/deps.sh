#!/bin/sh
# Installs the Debian packages and npm packages wijkregie needs to build,
# run and test, when they are missing. Quiet when everything is there.
# `tools/deps.sh bench` adds what `make bench` needs (wrk, nginx).
set -eu
cd "$(dirname "$0")/.."

PACKAGES="meson ninja-build pkg-config gcc clang libclang-rt-14-dev clang-format
libmicrohttpd-dev libsqlite3-dev libjansson-dev libsodium-dev zlib1g-dev libcmocka-dev
libcurl4-openssl-dev python3-aiosmtpd libvips-dev libxlsxwriter-dev libcmark-dev poppler-utils weasyprint
python3-feedparser python3-icalendar libxml2-utils
libcrack2-dev cracklib-runtime wdutch
faketime gettext python3 sqlite3 curl chromium nodejs npm"
[ "${1:-}" = bench ] && PACKAGES="$PACKAGES wrk nginx-light"

missing=""
for p in $PACKAGES; do
    # a tool may already be there from elsewhere (node, npm): then its package is not needed
    case "$p" in
    nodejs) command -v node >/dev/null 2>&1 && continue ;;
    npm) command -v npm >/dev/null 2>&1 && continue ;;
    esac
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "installing Debian packages:$missing"
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# npm packages from the committed lockfile, when node_modules is missing or older.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "installing npm packages (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
