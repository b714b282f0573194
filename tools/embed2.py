#!/usr/bin/env python3
"""Write the embedded-file tables for meson.

Usage: embed2.py OUTDIR SRCROOT FILE...
Files under templates/, migrations/ and data/ go to their own tables
(embedded_templates.c, embedded_migrations.c, embedded_data.c) with names
relative to that folder.
"""
import os
import subprocess
import sys

outdir, src = sys.argv[1], sys.argv[2]
files = [f if os.path.isabs(f) else os.path.abspath(os.path.join(src, f)) for f in sys.argv[3:]]
here = os.path.dirname(os.path.abspath(__file__))
for kind in ("templates", "migrations", "data"):
    root = os.path.join(os.path.abspath(src), kind)
    chosen = [f for f in files if f.startswith(root + os.sep)]
    subprocess.check_call([sys.executable, os.path.join(here, "embed.py"),
                           os.path.join(outdir, "embedded_%s.c" % kind),
                           "embedded_%s" % kind, root] + chosen)
