#!/usr/bin/env python3
"""Builds the CrackLib dictionary that passwords are checked against.

Usage: tools/password-dict.py OUT_PREFIX SOURCE_ROOT [WORDS_OUT]

Writes OUT_PREFIX.pwd, .pwi and .hwm with create-cracklib-dict (Debian's
cracklib-runtime) from three word lists: CrackLib's own cracklib-small,
Debian's Dutch word list (wdutch, /usr/share/dict/dutch) and the words of
this installation: the names of the wijken, buurten and regions of the
reference data, and the site's name. WORDS_OUT, when given, keeps the last
list (for reading). The person's own login and name are not here: they are
checked per person when a password is set.
"""

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

SYSTEM_LISTS = ["/usr/share/dict/cracklib-small", "/usr/share/dict/dutch"]
# The site's name (the default of site_name) and words every visitor sees.
FIXED = ["Wijkregie Zoetermeer", "wijkregie", "Zoetermeer", "gemeente Zoetermeer",
         "wijkzorgnetwerk", "wijkregisseur", "wijkwethouder", "wijkpost"]


def own_words(root):
    names = list(FIXED)
    data = os.path.join(root, "data", "zoetermeer")
    with open(os.path.join(data, "wijken-2022.csv"), encoding="utf-8") as f:
        names += [row["wijknaam"] for row in csv.DictReader(f)]
    with open(os.path.join(data, "buurten-2014.csv"), encoding="utf-8") as f:
        names += [row["buurtnaam"] for row in csv.DictReader(f)]
    with open(os.path.join(data, "organisation.json"), encoding="utf-8") as f:
        org = json.load(f)
    for region in org.get("regions", []):
        names += [region.get("slug", ""), region.get("name", "")]
    words = set()
    for name in names:
        parts = [p for p in re.split(r"[^0-9A-Za-zÀ-ÿ]+", name) if p]
        if parts:
            words.add("".join(parts).lower())  # "Buytenwegh de Leyens" as one word
        words.update(p.lower() for p in parts if len(p) >= 4)
    return sorted(words)


def main():
    if len(sys.argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    out, root = sys.argv[1], sys.argv[2]
    tool = shutil.which("create-cracklib-dict", path=os.environ.get("PATH", "") +
                        ":/usr/sbin:/sbin")
    missing = [p for p in SYSTEM_LISTS if not os.path.exists(p)]
    if not tool or missing:
        print("password-dict: needs create-cracklib-dict and %s (Debian packages "
              "cracklib-runtime and wdutch; tools/deps.sh installs them)"
              % " ".join(SYSTEM_LISTS), file=sys.stderr)
        return 1
    words = own_words(root)
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".words",
                                     delete=False) as f:
        f.write("\n".join(words) + "\n")
        own = f.name
    try:
        env = dict(os.environ)
        env["PATH"] = env.get("PATH", "") + ":/usr/sbin:/sbin"
        # create-cracklib-dict: cracklib-format (lower case, sorted) | cracklib-packer OUT
        r = subprocess.run([tool, "-o", out] + SYSTEM_LISTS + [own], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            print("password-dict: create-cracklib-dict failed: %s" % r.stderr.strip(),
                  file=sys.stderr)
            return 1
        if len(sys.argv) == 4:
            shutil.copyfile(own, sys.argv[3])
    finally:
        os.unlink(own)
    for ext in (".pwd", ".pwi", ".hwm"):
        if not os.path.exists(out + ext):
            print("password-dict: %s%s was not written" % (out, ext), file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
