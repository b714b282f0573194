#!/bin/sh
# build-static.sh: copy the front-end files the site serves from node_modules/ into static/vendor/.
#
# Why: the NL Design System CSS and Leaflet come from npm (pinned in package-lock.json) and are used
# at build time only; the C server serves whatever lies under static/ itself, with content-hashed
# names. static/vendor/ is generated (see .gitignore), never edited by hand. The result is exactly:
#   static/vendor/tokens.css    voorbeeld theme tokens (scoped to the body class "voorbeeld-theme")
#   static/vendor/utrecht.css   @utrecht/component-library-css bundle
#   static/vendor/leaflet.css   Leaflet stylesheet
#   static/vendor/leaflet.js    Leaflet script (minified)
#   static/vendor/images/*.png  the images leaflet.css refers to (layers control, default marker)
# Idempotent: a file is only rewritten when its content differs; prints nothing when nothing changed.
# Usage: tools/build-static.sh [--check]   (--check: exit 1 if something is missing or out of date)
set -eu

root=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
nm="$root/node_modules"
out="$root/static/vendor"
check=0
[ "${1:-}" = "--check" ] && check=1

if [ ! -d "$nm/@utrecht/component-library-css" ] || [ ! -d "$nm/leaflet" ] ||
	[ ! -d "$nm/@nl-design-system-unstable/voorbeeld-design-tokens" ]; then
	echo "build-static: node_modules is incomplete; run 'npm ci' in $root first" >&2
	exit 1
fi

stale=0
# put SRC DEST: copy when DEST is missing or differs.
put() {
	src="$nm/$1"
	dst="$out/$2"
	if [ ! -f "$src" ]; then
		echo "build-static: missing $src (package layout changed?)" >&2
		exit 1
	fi
	if [ -f "$dst" ] && cmp -s "$src" "$dst"; then
		return 0
	fi
	if [ "$check" -eq 1 ]; then
		echo "build-static: static/vendor/$2 is missing or out of date" >&2
		stale=1
		return 0
	fi
	mkdir -p "$(dirname -- "$dst")"
	cp "$src" "$dst.tmp.$$"
	mv -f "$dst.tmp.$$" "$dst"
	echo "build-static: static/vendor/$2"
}

put @nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css tokens.css
put @utrecht/component-library-css/dist/index.css utrecht.css
put leaflet/dist/leaflet.css leaflet.css
put leaflet/dist/leaflet.js leaflet.js
put leaflet/dist/images/layers.png images/layers.png
put leaflet/dist/images/layers-2x.png images/layers-2x.png
put leaflet/dist/images/marker-icon.png images/marker-icon.png

exit "$stale"
