#!/bin/sh
# update-po.sh: refresh the translation catalogues from the sources.
#
# The msgids are the Dutch text in the C sources (marked with _(), N_(),
# T(r, ...) or passed to i18n_get/i18n_pget/i18n_nget/i18n_npget) and in the mustache
# templates (extracted by tools/extract-template-strings.py). Both lists are
# joined into locale/wijkregie.pot, and every locale/LANG.po is merged with
# it so that translators see the new and changed strings (with
# --no-fuzzy-matching: a new string is never pre-filled with a guess).
# Run it from anywhere; it works in the repository root. Needs gettext (xgettext,
# msgmerge, msgfmt) and python3. locale/wijkregie-c.pot and
# locale/templates.pot are intermediate files.
set -eu

cd "$(dirname "$0")/.."

for tool in xgettext msgmerge msgfmt; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "update-po.sh: $tool not found (apt-get install gettext)" >&2
        exit 1
    }
done

# 1. Strings in the C sources (sorted file list, so the output is stable).
find src -name '*.c' | LC_ALL=C sort > locale/.c-files
xgettext --language=C --from-code=UTF-8 --force-po \
    --keyword=_ --keyword=N_ --keyword=T:2 --keyword=add_problem:4 \
    --keyword=i18n_get:2 --keyword=i18n_pget:2c,3 \
    --keyword=i18n_nget:2,3 --keyword=i18n_npget:2c,3,4 \
    --add-comments=TRANSLATORS: \
    --package-name=wijkregie --msgid-bugs-address="the wijkregie maintainers" \
    --files-from=locale/.c-files -o locale/wijkregie-c.pot
rm -f locale/.c-files
pots=locale/wijkregie-c.pot

# 2. Strings in the templates, when the extractor exists.
if [ -f tools/extract-template-strings.py ]; then
    python3 tools/extract-template-strings.py > locale/templates.pot.tmp
    mv locale/templates.pot.tmp locale/templates.pot
    pots="$pots locale/templates.pot"
else
    echo "update-po.sh: tools/extract-template-strings.py not found; C strings only" >&2
fi

# 3. One template for all. xgettext reading the .pot files joins them like
# msgcat, but writes one fresh header and keeps the references of both for
# a msgid used in C and in a template (msgcat would either mark the header
# as a conflict or, with --use-first, drop the second file's references).
# shellcheck disable=SC2086 # $pots is a list of plain file names
xgettext --from-code=UTF-8 --force-po \
    --package-name=wijkregie --msgid-bugs-address="the wijkregie maintainers" \
    -o locale/wijkregie.pot $pots

# 4. Merge every catalogue; new strings come in untranslated, never guessed.
for po in locale/*.po; do
    [ -f "$po" ] || continue
    msgmerge --quiet --update --no-fuzzy-matching --backup=off "$po" locale/wijkregie.pot
    printf '%s: ' "$po"
    msgfmt --check --statistics -o /dev/null "$po" 2>&1
done
