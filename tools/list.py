#!/usr/bin/env python3
"""Print the files under DIR whose names end in SUFFIX, one per line, sorted.

Used by meson.build to embed every template and migration without a
hand-kept list (a file added to templates/ is picked up by the next build).
"""
import os
import sys

root, suffix = sys.argv[1], sys.argv[2]
found = []
for d, _, names in os.walk(root):
    for n in names:
        if n.endswith(suffix):
            found.append(os.path.join(d, n))
print("\n".join(sorted(found)))
