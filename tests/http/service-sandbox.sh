#!/bin/sh
# service-sandbox.sh DATA COMMAND [ARG...]
#
# Runs COMMAND with the restrictions of deploy/wijkregie.service, as far as
# they can be had without systemd as PID 1 (the tests run on machines without
# it). Needs root (or a user namespace that maps root) for the mount namespace;
# exits 77 when that cannot be made, so the caller can say the test was not run.
#
# Emulated, as the unit asks:
#   ProtectSystem=strict   every mount read-only, apart from /proc, /sys, /dev
#   ReadWritePaths         DATA, seen as /var/lib/wijkregie (the unit's data folder;
#                          the rest of /var/lib is hidden); COMMAND gets that path
#                          wherever it says @DATA@
#   PrivateTmp=yes         an empty, private /tmp and /var/tmp
#   ProtectHome=yes        /root, /home and /run/user empty and not readable
#   User=, Group=          the unprivileged nobody/nogroup, no supplementary groups
#   NoNewPrivileges=yes    setpriv --no-new-privs
#   CapabilityBoundingSet=, AmbientCapabilities=   no capabilities, none inheritable
#   MemoryDenyWriteExecute=yes   prctl(PR_SET_MDWE), what systemd itself uses on
#                          kernels from 6.3 (skipped, with a note, on older ones)
#   UMask=0027, Environment=TZ=Europe/Amsterdam, WorkingDirectory= (the static
#                          files' folder is the repository here, the current
#                          folder; it is seen read-only as /var/lib/wijkregie-app,
#                          as the private /tmp and ProtectHome would hide a
#                          clone under /tmp or /root; COMMAND's arguments under
#                          it are translated) and the clean
#                          environment systemd gives a service (PATH, LANG,
#                          HOME, USER, LOGNAME, SHELL)
# Not emulated: SystemCallFilter=@system-service, RestrictNamespaces,
# RestrictAddressFamilies, PrivateDevices, ProtectKernel*, ProtectClock,
# LockPersonality (seccomp and device filters that need systemd or libseccomp).
set -eu
[ $# -ge 2 ] || { echo "usage: $0 DATA COMMAND [ARG...]" >&2; exit 2; }
DATA=$(cd "$1" && pwd)
shift
APP=$(pwd)
if ! unshare --mount --propagation private true 2>/dev/null; then
    echo "service-sandbox: no mount namespace here (needs root)" >&2
    exit 77
fi
chown -R nobody:nogroup "$DATA"
# the sanitizers' options, a faked clock (tools/check.sh) and the PDF tool's
# setting (which the unit would set with Environment=) pass through; nothing
# else of the caller's environment
ASAN="${ASAN_OPTIONS:-}"
UBSAN="${UBSAN_OPTIONS:-}"
LSAN="${LSAN_OPTIONS:-}"
PRELOAD="${LD_PRELOAD:-}"
FAKE="${FAKETIME:-}"
PDFTOOL="${WIJKREGIE_PDF_TOOL:-}"
export SB_DATA="$DATA" SB_APP="$APP" SB_ASAN="$ASAN" SB_UBSAN="$UBSAN" SB_LSAN="$LSAN" SB_PRELOAD="$PRELOAD" \
    SB_FAKE="$FAKE" SB_PDFTOOL="$PDFTOOL"
exec unshare --mount --propagation private sh -s "$@" <<'INNER'
set -eu
mount -t tmpfs -o mode=0755 tmpfs /var/lib
mkdir /var/lib/wijkregie
mount --bind "$SB_DATA" /var/lib/wijkregie
mkdir /var/lib/wijkregie-app
mount --bind "$SB_APP" /var/lib/wijkregie-app
# ProtectSystem=strict: everything else read-only
awk '{print $2}' /proc/self/mounts | while read -r m; do
    m=$(printf '%b' "$m")
    case "$m" in
    /proc | /proc/* | /sys | /sys/* | /dev | /dev/* | /var/lib/wijkregie) ;;
    *) mount -o remount,bind,ro "$m" 2>/dev/null || true ;;
    esac
done
mount -t tmpfs -o mode=1777 tmpfs /tmp
mount -t tmpfs -o mode=1777 tmpfs /var/tmp
for h in /root /home /run/user; do
    if [ -d "$h" ]; then mount -t tmpfs -o ro,mode=0000 tmpfs "$h"; fi
done
umask 0027
cd /var/lib/wijkregie-app
args=""
for a in "$@"; do
    [ "$a" = "@DATA@" ] && a=/var/lib/wijkregie
    case "$a" in
    "$SB_APP"/*) a="/var/lib/wijkregie-app/${a#"$SB_APP"/}" ;;
    esac
    args="$args '$(printf '%s' "$a" | sed "s/'/'\\\\''/g")'"
done
# MemoryDenyWriteExecute through the kernel's own switch (PR_SET_MDWE = 65,
# PR_MDWE_REFUSE_EXEC_GAIN = 1), set in the last process before the command
mdwe="import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
if libc.prctl(65, 1, 0, 0, 0) != 0:
    print('service-sandbox: no PR_SET_MDWE on this kernel: MemoryDenyWriteExecute not emulated', file=sys.stderr)
os.execvp(sys.argv[1], sys.argv[1:])"
eval "set -- $args"
exec setpriv --reuid=nobody --regid=nogroup --clear-groups --no-new-privs \
    --bounding-set=-all --inh-caps=-all \
    env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin LANG=C.UTF-8 \
    HOME=/nonexistent USER=nobody LOGNAME=nobody SHELL=/usr/sbin/nologin TZ=Europe/Amsterdam \
    "ASAN_OPTIONS=$SB_ASAN" "UBSAN_OPTIONS=$SB_UBSAN" "LSAN_OPTIONS=$SB_LSAN" \
    "LD_PRELOAD=$SB_PRELOAD" "FAKETIME=$SB_FAKE" "WIJKREGIE_PDF_TOOL=$SB_PDFTOOL" \
    python3 -c "$mdwe" "$@"
INNER
