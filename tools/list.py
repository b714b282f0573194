#!/usr/bin/env python3
"""Print the files under DIR whose names end in one of SUFFIXES (comma list), sorted.

Used by meson.build to embed every template and migration without a
hand-kept list (a file added to templates/ is picked up by the next build).
"""
import os
import sys

root, suffixes = sys.argv[1], tuple(sys.argv[2].split(","))
found = []
for d, _, names in os.walk(root):
    for n in names:
        if n.endswith(suffixes):
            found.append(os.path.join(d, n))
print("\n".join(sorted(found)))
