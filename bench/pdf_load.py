#!/usr/bin/env python3
"""pdf_load.py: what parallel requests for a council report PDF cost.

Usage: bench/pdf_load.py BINARY [--data DIR] [--requests 6] [--year YYYY]
                         [--wijk SLUG] [--tool PATH] [--retry]

Starts BINARY on a free loopback port (on a copy of DIR, or a fresh
`init --demo`), logs in as the council member and sends --requests parallel
GET /raad/rapport/YEAR.pdf. Meanwhile it asks /healthz every 0.1 s and looks
at the server's process tree every 0.05 s. It prints, as JSON:

  renderers_started   distinct PDF tool processes (weasyprint, chromium and
                      their children) seen under the server
  renderers_at_once   the most seen at the same moment
  peak_rss_mb         the most resident memory of the server and everything
                      under it at one moment
  healthz_worst_s     the slowest /healthz answer during the requests
  statuses            the answers to the parallel requests (200, 503, ...)
  retry_after         the Retry-After values of the 503 answers
  first_answers_within_s  seconds until every client had its first answer
  all_pdf_after_s     with --retry: seconds until every client holds the PDF,
                      retrying after Retry-After when told to

--tool sets WIJKREGIE_PDF_TOOL (e.g. /usr/bin/chromium). Run from the
repository root. Figures, not a test: nothing here passes or fails.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port, path, cookie=None, timeout=300):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        c.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        r = c.getresponse()
        return r.status, r.getheaders(), r.read()
    finally:
        c.close()


def login(port, user, password):
    st, hdrs, body = get(port, "/inloggen")
    csrf = re.search(rb'name="csrf" value="([^"]+)"', body).group(1).decode()
    cookies = {}
    for k, v in hdrs:
        if k.lower() == "set-cookie":
            n, _, rest = v.partition("=")
            cookies[n] = rest.split(";")[0]
    form = urllib.parse.urlencode({"csrf": csrf, "login": user, "password": password})
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    c.request("POST", "/inloggen", body=form, headers={
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": "; ".join("%s=%s" % kv for kv in cookies.items())})
    r = c.getresponse()
    r.read()
    for k, v in r.getheaders():
        if k.lower() == "set-cookie":
            n, _, rest = v.partition("=")
            cookies[n] = rest.split(";")[0]
    c.close()
    return "; ".join("%s=%s" % kv for kv in cookies.items())


def descendants(pid):
    """{pid: (comm, rss_kb)} of pid and every process under it."""
    children = {}
    info = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d) as f:
                st = f.read()
            comm = st[st.index("(") + 1:st.rindex(")")]
            ppid = int(st[st.rindex(")") + 2:].split()[1])
            rss = 0
            with open("/proc/%s/status" % d) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        rss = int(line.split()[1])
            with open("/proc/%s/cmdline" % d, "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode("utf-8", "replace")
        except (OSError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(d))
        info[int(d)] = (comm + " " + cmd, rss)
    out, todo = {}, [pid]
    while todo:
        p = todo.pop()
        if p in info:
            out[p] = info[p]
        todo.extend(children.get(p, []))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--data")
    ap.add_argument("--requests", type=int, default=6)
    ap.add_argument("--year", type=int, default=time.gmtime().tm_year - 1)
    ap.add_argument("--wijk")
    ap.add_argument("--tool")
    ap.add_argument("--retry", action="store_true")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="wr-pdf-bench-")
    data = os.path.join(work, "data")
    env = dict(os.environ)
    env.setdefault("ASAN_OPTIONS", "detect_leaks=0")
    if args.tool:
        env["WIJKREGIE_PDF_TOOL"] = args.tool
    if args.data:
        shutil.copytree(args.data, data)
    else:
        subprocess.run([args.binary, "init", "--data", data, "--demo"], check=True, env=env,
                       stdout=subprocess.DEVNULL)
    port = free_port()
    srv = subprocess.Popen([args.binary, "serve", "--data", data, "--listen",
                            "127.0.0.1:%d" % port, "--quiet"], cwd=ROOT, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                if get(port, "/healthz", timeout=2)[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        cookie = login(port, "raadslid", "wijkregie-demo")
        path = "/raad/rapport/%d.pdf" % args.year + ("?wijk=" + args.wijk if args.wijk else "")
        stop = threading.Event()
        fig = {"renderers": set(), "at_once": 0, "peak_rss_kb": 0, "healthz": []}

        def sample():
            while not stop.is_set():
                procs = descendants(srv.pid)
                tools = [p for p, (c, _) in procs.items()
                         if p != srv.pid and ("weasyprint" in c or "chromium" in c)]
                fig["renderers"].update(tools)
                fig["at_once"] = max(fig["at_once"], len(tools))
                fig["peak_rss_kb"] = max(fig["peak_rss_kb"], sum(r for _, r in procs.values()))
                time.sleep(0.05)

        def health():
            while not stop.is_set():
                t0 = time.monotonic()
                try:
                    get(port, "/healthz", timeout=120)
                except OSError:
                    pass
                fig["healthz"].append(time.monotonic() - t0)
                time.sleep(0.1)

        results = [None] * args.requests
        t_start = time.monotonic()

        first_at = [None] * args.requests

        def client(i):
            got = []
            while True:
                st, hdrs, body = get(port, path, cookie)
                ra = dict((k.lower(), v) for k, v in hdrs).get("retry-after")
                got.append((st, ra))
                if first_at[i] is None:
                    first_at[i] = time.monotonic() - t_start
                if st == 200 or not args.retry or time.monotonic() - t_start > 600:
                    break
                time.sleep(int(ra or 5))
            results[i] = (got, time.monotonic() - t_start)

        threads = [threading.Thread(target=sample), threading.Thread(target=health)]
        for t in threads:
            t.start()
        time.sleep(0.5)
        cl = [threading.Thread(target=client, args=(i,)) for i in range(args.requests)]
        for t in cl:
            t.start()
        for t in cl:
            t.join()
        time.sleep(1)
        stop.set()
        for t in threads:
            t.join()
        first = [r[0][0] for r in results]
        out = {
            "requests": args.requests,
            "tool": args.tool or "default",
            "renderers_started": len(fig["renderers"]),
            "renderers_at_once": fig["at_once"],
            "peak_rss_mb": round(fig["peak_rss_kb"] / 1024, 1),
            "healthz_worst_s": round(max(fig["healthz"] or [0]), 2),
            "statuses": [s for s, _ in first],
            "retry_after": [ra for s, ra in first if s == 503],
            "first_answers_within_s": round(max(first_at), 1),
        }
        if args.retry:
            out["all_pdf_after_s"] = round(max(r[1] for r in results), 1)
            out["all_got_pdf"] = all(r[0][-1][0] == 200 for r in results)
        print(json.dumps(out, indent=1))
    finally:
        srv.send_signal(signal.SIGTERM)
        try:
            srv.wait(timeout=30)
        except subprocess.TimeoutExpired:
            srv.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
