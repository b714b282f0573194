#!/usr/bin/env python3
"""HTTP tests for wijkregie, run against real servers on free loopback ports.

Usage:  tests/http/run.py BINARY [-k SUBSTRING]... [-v]

Run from the repository root (static files come from ./static). The runner
creates fresh data folders, starts the servers itself, runs every test,
stops the servers with SIGTERM and checks that they exit with 0 and left no
sanitizer report on stderr. One line per test ("ok NAME" or "FAIL NAME:
reason"), then "N passed, M failed"; the exit code is 1 on any failure.
-k runs only the tests whose name contains SUBSTRING (repeated: any of them;
a server is started only when a test that runs needs it); -v prints the server
stderr at the end.

Servers (each with its own data folder; a demo database is made by one
`init --demo` per run and copied for every server that uses one)
  main    the demo database, no trusted proxies, no limit on the public
          form (--reports-per-hour 0); most cases run here.
  proxy   its own demo database, --trusted-proxies 127.0.0.2: requests sent
          from source address 127.0.0.2 come "via the proxy", requests from
          127.0.0.1 are from an untrusted peer. Throttling and the public
          form's limit (the default, 10 an hour) run here, so locked
          accounts and addresses never disturb the main server.
  restore a server started on a backup copy (the backup test).
  geo     its own demo database, started with --config wijkregie.conf.example
          (PDOK's background map and address lookup, as `make run`) but with
          the address lookup pointed at a stand-in for PDOK's Locatieserver
          on loopback (tests/http/locatieserver_standin.py), so that no test
          reaches the network; no limit on the public form.
  raw     malformed requests on the wire, request smuggling, and slow
          clients (small limits: 10 connections per client address, 3 s for a
          head or a body; 127.0.0.3 is its trusted proxy).
  crash   a fresh database (init without --demo), no limit on the public
          form: 4 clients submit signals
          through /melden (half with a photo) for 2 s, the server is killed
          with SIGKILL mid-traffic and restarted on the same data; every
          signal answered 303 must be there with its photo files. The
          figures go to stderr.
  stop    the same, but the server gets SIGTERM mid-traffic: it must exit
          with 0 within 5 s without a sanitizer report, every signal
          answered 303 stored.

Test cases are data: tests/http/cases/*.test, run in name order. A file
holds one or more cases separated by a line "---"; its cases run in order
and share captured variables and named cookie jars. Blank lines and lines
starting with "#" are ignored, except "# name: TEXT", which names the case
(otherwise it is called FILE:LINE). Before the first case a file may say
"server: proxy" to run against the proxy server ("server: geo": the geo server).

Request lines (the first line of a case is the request itself):
  METHOD PATH          any method token; PATH may use ${var} and \\xNN (a raw
                       byte, sent as is: for invalid UTF-8 on the wire)
  as: anonymous        (default) no session
  as: LOGIN [PASSWORD] a logged-in session of LOGIN (demo password unless
                       given). The runner logs in once through the login
                       form and keeps the cookies in a jar named after the
                       login, shared by all files; when a response deletes
                       the session cookie (logout) it logs in again next time.
  jar: NAME            use a cookie jar of this file called NAME instead: for
                       anonymous, cookies persist between cases (language
                       cookie); for a login, a session of its own.
  from: ADDRESS        client source address (default 127.0.0.1)
  header NAME: VALUE   request header (repeatable)
  cookie NAME=VALUE    extra cookie on this request
  form NAME=VALUE      form field, URL-encoded by the runner (repeatable)
  form-repeat N NAME=TEXT   form field whose value is TEXT repeated N times
  form-raw NAME=VALUE  form field whose value may hold \\t, \\n, \\r and \\xNN
                       (control characters), URL-encoded by the runner
  query-repeat N NAME=TEXT  appends NAME=(TEXT repeated N times), URL-encoded,
                       to the query of the path (TEXT may hold \\xNN escapes)
  query-range NAME FIRST LAST  appends NAME=FIRST,FIRST+1,...,LAST to the query
  multipart            send the form fields (and csrf) as multipart/form-data
  file NAME=PATH [TYPE]  with multipart: a file part NAME holding the file PATH
                       (relative to the repository root), Content-Type TYPE
                       (default application/octet-stream); repeatable
  sql-exec: STATEMENT  run STATEMENT on the server's database file before the
                       request (repeatable, in order; ${var} allowed)
  csrf: auto|none|wrong  the csrf form field of a POST: auto (default) is the
                       session's token, or for anonymous the wr_csrf cookie
                       (fetched first from /inloggen when the jar has none)
  body TEXT            raw body instead of form fields (\\n, \\xNN escapes)
  body-size N          a form body of N bytes (fields f1=xxx..., each < 60000)
  body-field-size N    a form body of N bytes that is one field a=xxx...
  content-type VALUE   Content-Type of the body (default form-urlencoded)
  repeat N             send the request N times; ${i} is 1..N (in the path,
                       headers and fields; 1 for the login); every
                       answer must meet the expectations
  retry: SECONDS       while the answer is 503 with Retry-After, send the
                       request again after that many seconds, for at most
                       SECONDS in all; the last answer is checked
  wait-for: SECONDS TEXT  while the body lacks TEXT, send the request again
                       each second, for at most SECONDS in all (for what a
                       background thread makes after the start, such as the
                       category suggestion's model); the last answer is checked

Expectations (on every response the runner also checks the security
headers: CSP without unsafe-inline and with frame-ancestors 'none',
X-Content-Type-Options nosniff, Referrer-Policy same-origin; and that the
status is not 5xx unless a 5xx status is expected):
  status N
  location TARGET      the Location header equals TARGET
  header-has NAME: TEXT     some NAME header contains TEXT
  header-lacks NAME: TEXT   no NAME header contains TEXT
  header-lacks NAME         no NAME header at all
  header-matches NAME: RE   some NAME header matches the regular expression
  body-has TEXT        (the body is gunzipped first when Content-Encoding is
  body-lacks TEXT       gzip; a body that does not gunzip is a failure)
  body-matches RE      (multi-line regular expression)
  body-is TEXT         the whole body equals TEXT
  body-count N TEXT    TEXT occurs exactly N times in the body
  body-empty           no body at all
  atom-feed N          the body is well-formed XML (xmllint --noout) and Debian's
                       python3-feedparser (/usr/bin/python3) reads it as an Atom
                       feed with N entries and no bozo flag
  ical N               the body is iCalendar: CRLF lines of at most 75 octets that
                       split no UTF-8 character, which Debian's python3-icalendar
                       reads with the VTIMEZONE Europe/Amsterdam and N VEVENTs
                       whose DTSTART has TZID=Europe/Amsterdam
  gzip                 the answer is Content-Encoding: gzip
  json-count PATH N    PATH: "." is the document, "a.b" goes into objects
  json-each PATH has KEY...     every element of the array at PATH has KEYs
  json-each PATH lacks KEY...   ... has none of the KEYs
  json-each PATH nonnull KEY... ... has KEYs that are not null
  json-value PATH VALUE         the value at PATH, as JSON text
  lines N              the body has N non-empty lines
Captures (for the following cases of the file; ${var} in any line; ${port}
is the port of the file's server from the start):
  capture NAME RE      group 1 (or the whole match) of RE in the body
  capture-header NAME HEADER [RE]   the header's value, or group 1 of RE in it
  capture-cookie NAME COOKIE    the cookie's value in the jar after the request
E-mail (main and proxy send their mail to an SMTP sink of their own on
loopback, tests/unit/smtp_sink.py): first the runner waits until the
server's outbox has nothing due (at most 30 s), then
  mail-count TO N [SUBJECT]    N messages were received for TO (the exact
                       envelope recipient) whose subject contains SUBJECT
  capture-mail NAME TO RE      group 1 of RE in the body of the last message
                       received for TO
  mail-header NAME TO HEADER RE   the last message for TO has exactly one
                       header HEADER, whose whole value matches RE; group 1
                       (or the value) is captured as NAME
SQL checks (after the request, on the server's database file, read-only):
  sql: SELECT ... => EXPECTED   the rows, columns joined by "|", rows by "; ",
                       NULL as NULL, equal EXPECTED (empty result: nothing
                       after "=>")

Besides the cases: the permission walk (tests/http/permissions.tsv against
src/web/routes.c), the grant walk (tests/http/grants.tsv: every demo account tries
to give roles and reset passwords by hand, checked in the database), the command
line, the online backup, malformed requests, the crash (SIGKILL and restart), and
the shutdown.
"""

import argparse
import codecs
import datetime
import gzip
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DEMO_PASSWORD = "wijkregie-demo"
DEMO_LOGINS = ["admin", "balie", "regisseur-noord", "regisseur-oost", "regisseur-centrum",
               "afdeling-beheer", "aanvoerder-wzn", "wethouder", "raadslid", "ondersteuner-noord",
               "bewoner-oosterheem@example.nl", "partner-goede-woning", "netwerkregisseur",
               "afdelingshoofd-sb"]
# A demo resident logs in without a password: the runner asks for a link at
# /deelnemen/inloggen, reads it from the server's SMTP sink and presses the
# button on the link's page (the path every resident takes).
SANITIZER_MARKS = ["ERROR: AddressSanitizer", "runtime error:", "LeakSanitizer",
                   "ERROR: ThreadSanitizer", "SUMMARY: UndefinedBehaviorSanitizer"]
# verify_asan_link_order=0 passes through: a preloaded library (faketime)
# comes before the sanitizer runtime then.
SERVER_ENV = {
    "ASAN_OPTIONS": "detect_leaks=1:abort_on_error=0:halt_on_error=0:exitcode=23"
    + (":verify_asan_link_order=0"
       if "verify_asan_link_order=0" in os.environ.get("ASAN_OPTIONS", "") else ""),
    "UBSAN_OPTIONS": "print_stacktrace=1:halt_on_error=0",
    "LSAN_OPTIONS": "exitcode=23",
}


EARLY_ANSWER_SIZE = 1024 * 1024


class Failure(Exception):
    pass


# --- results --------------------------------------------------------------

class Results:
    def __init__(self, only=None):
        self.passed = 0
        self.failed = 0
        self.only = only
        self.lock = threading.Lock()

    def wanted(self, name):
        return not self.only or any(k in name for k in self.only)

    def ok(self, name):
        with self.lock:
            self.passed += 1
            print("ok " + name, flush=True)

    def fail(self, name, reason):
        with self.lock:
            self.failed += 1
            reason = " ".join(str(reason).split())
            if len(reason) > 600:
                reason = reason[:600] + "..."
            print("FAIL %s: %s" % (name, reason), flush=True)

    def run(self, name, fn, *args):
        """Runs fn; a Failure or any exception fails the test."""
        if not self.wanted(name):
            return None
        try:
            v = fn(*args)
        except Failure as e:
            self.fail(name, e)
            return None
        except Exception as e:  # a bug in a test is a failure too
            self.fail(name, "%s: %s" % (type(e).__name__, e))
            return None
        self.ok(name)
        return v


# --- HTTP ----------------------------------------------------------------

class RawConnection(http.client.HTTPConnection):
    """Sends the request line as latin-1 bytes without validation, so that a
    test can put any byte in the path."""

    def _encode_request(self, request):
        return request.encode("latin-1")

    def _validate_path(self, url):
        pass


class Response:
    def __init__(self, status, headers, raw):
        self.status = status
        self.headers = headers  # list of (name, value)
        self.raw = raw
        self.gunzip_error = None
        self.body = raw
        if self.header("Content-Encoding", "").lower() == "gzip":
            try:
                self.body = gzip.decompress(raw)
            except Exception as e:
                self.gunzip_error = str(e)
        self.text = self.body.decode("utf-8", "replace")

    def header(self, name, default=None):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return default

    def header_all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]


def http_request(port, method, path, headers=None, body=None, source="127.0.0.1", timeout=30):
    conn = RawConnection("127.0.0.1", port, timeout=timeout,
                         source_address=(source, 0) if source else None)
    try:
        conn.putrequest(method, path, skip_host=False, skip_accept_encoding=True)
        hdrs = list(headers or [])
        if body is not None and not any(k.lower() == "content-length" for k, _ in hdrs):
            hdrs.append(("Content-Length", str(len(body))))
        for k, v in hdrs:
            conn.putheader(k, v)
        conn.endheaders()
        if body and len(body) > EARLY_ANSWER_SIZE:
            # A large body: the server should refuse it (413) from Content-Length
            # alone. Give it the chance to answer before the body is sent, so
            # that the answer is not lost in a connection reset.
            import select
            readable, _, _ = select.select([conn.sock], [], [], 2.0)
            if readable:
                body = None
        if body:
            try:
                conn.send(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server may answer (413) before reading everything
        r = conn.getresponse()
        raw = r.read()
        return Response(r.status, r.getheaders(), raw)
    finally:
        conn.close()


def check_security_headers(resp):
    """The headers every answer must carry; returns a problem or None."""
    csp = resp.header("Content-Security-Policy")
    if not csp:
        return "no Content-Security-Policy"
    if "unsafe-inline" in csp:
        return "CSP allows unsafe-inline"
    if "frame-ancestors 'none'" not in csp:
        return "CSP lacks frame-ancestors 'none'"
    if (resp.header("X-Content-Type-Options") or "").lower() != "nosniff":
        return "X-Content-Type-Options is not nosniff"
    if resp.header("Referrer-Policy") != "same-origin":
        return "Referrer-Policy is not same-origin"
    return None


# --- cookies and sessions ------------------------------------------------------

class Jar:
    def __init__(self, login=None, password=None):
        self.cookies = {}
        self.login = login
        self.password = password
        self.csrf_for = {}  # session cookie value -> csrf token

    def header(self, extra=None):
        c = dict(self.cookies)
        c.update(extra or {})
        return "; ".join("%s=%s" % kv for kv in c.items()) if c else None

    def update(self, resp):
        for sc in resp.header_all("Set-Cookie"):
            first, _, attrs = sc.partition(";")
            name, _, value = first.strip().partition("=")
            attrs = attrs.lower()
            m = re.search(r"max-age=(-?\d+)", attrs)
            if m and int(m.group(1)) <= 0:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value


class LocatieStandIn:
    """tests/http/locatieserver_standin.py on a free loopback port."""

    def __init__(self):
        self.proc = None
        self.port = None

    def start(self):
        self.proc = subprocess.Popen(
            [sys.executable, os.path.join(HERE, "locatieserver_standin.py"), "0"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        if not line.startswith("port "):
            raise Failure("the Locatieserver stand-in did not start")
        self.port = int(line.split()[1])

    def url(self):
        return "http://127.0.0.1:%d/bzk/locatieserver/search/v3_1" % self.port

    def count(self):
        r = http_request(self.port, "GET", "/_count", timeout=10)
        return json.loads(r.body)["count"]

    def stop(self):
        if self.proc:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            self.proc.stdout.close()
            self.proc = None


class MailSink:
    """tests/unit/smtp_sink.py on a free loopback port: every message it
    accepts becomes NNNN.json in its folder (envelope, subject, body)."""

    def __init__(self, name, workdir):
        self.dir = os.path.join(workdir, name + "-mail")
        self.port_file = os.path.join(workdir, name + "-mail.port")
        self.proc = None
        self.port = None

    def start(self):
        os.makedirs(self.dir, exist_ok=True)
        # Debian's python3 has python3-aiosmtpd; WR_PYTHON overrides (as in test_mail)
        python = os.environ.get("WR_PYTHON") or (
            "/usr/bin/python3" if os.access("/usr/bin/python3", os.X_OK) else sys.executable)
        self.proc = subprocess.Popen(
            [python, os.path.join(ROOT, "tests", "unit", "smtp_sink.py"), self.dir,
             self.port_file, "0"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                with open(self.port_file) as f:
                    self.port = int(f.read().strip())
                return
            except (OSError, ValueError):
                pass
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        raise Failure("the SMTP sink did not start (python3-aiosmtpd installed?)")

    def stop(self):
        if self.proc:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            self.proc = None

    def messages(self):
        out = []
        for name in sorted(os.listdir(self.dir)):
            if name.endswith(".json"):
                with open(os.path.join(self.dir, name), encoding="utf-8") as f:
                    out.append(json.load(f))
        return out
_DEMO_TEMPLATES = set()


def demo_template(binary, workdir):
    """The data folder of one `init --demo`, made once per run and copied for
    every server that wants a demo database: init is deterministic, and it is
    the slowest step of the suite under the sanitizers."""
    path = os.path.join(workdir, "demo-template")
    given = os.environ.get("WR_DEMO_TEMPLATE", "")
    if path not in _DEMO_TEMPLATES and given and os.path.exists(os.path.join(given, "wijkregie.db")):
        # make check makes one for the HTTP and the browser tests together
        shutil.copytree(given, path)
        _DEMO_TEMPLATES.add(path)
    if path not in _DEMO_TEMPLATES:
        env = dict(os.environ)
        env.update(SERVER_ENV)
        r = subprocess.run([binary, "init", "--data", path, "--demo"], env=env,
                           capture_output=True, text=True, timeout=600)
        if r.returncode != 0:
            raise Failure("init failed (%d): %s" % (r.returncode, r.stderr))
        _DEMO_TEMPLATES.add(path)
    return path


class Server:
    def __init__(self, name, binary, workdir, extra_args=(), data=None, init=True, quiet=True,
                 env=None, prefix=None):
        self.name = name
        self.binary = binary
        self.workdir = workdir
        self.env = dict(env or {})
        # a command the server runs under (service-sandbox.sh DATA), which
        # shows the data folder at a path of its own: the server is given @DATA@
        self.prefix = list(prefix or [])
        self.data = data or os.path.join(workdir, name + "-data")
        self.err_path = os.path.join(workdir, name + ".stderr")
        self.extra = list(extra_args) + (["--quiet"] if quiet else [])
        self.proc = None
        self.port = None
        self.init = init
        self.requests = 0  # answered requests sent by the tests (for the access log)
        self.sink = None  # a MailSink when the server sends mail

    def start(self):
        if getattr(self, "standin", None) is not None and self.standin.proc is None:
            self.standin.start()
            self.extra += ["--geocoder-url", self.standin.url()]
        env = dict(os.environ)
        env.update(SERVER_ENV)
        env.update(self.env)
        if self.init and not os.path.exists(self.data):
            shutil.copytree(demo_template(self.binary, self.workdir), self.data)
        if self.sink is not None and self.sink.proc is None:
            self.sink.start()
            self.extra += ["--smtp-url", "smtp://127.0.0.1:%d" % self.sink.port,
                           "--smtp-from", "wijkregie@zoetermeer.example"]
        for attempt in range(5):
            self.port = free_port()
            self.errf = open(self.err_path, "ab")
            self.proc = subprocess.Popen(
                self.prefix
                + [self.binary, "serve", "--data", "@DATA@" if self.prefix else self.data,
                   "--listen", "127.0.0.1:%d" % self.port, "--static",
                   os.path.join(ROOT, "static")]
                + self.extra,
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=self.errf)
            deadline = time.time() + 30
            while time.time() < deadline:
                if self.proc.poll() is not None:
                    break
                try:
                    # a refused connection returns at once; once accepted, the
                    # answer is awaited (a slow answer that the probe gave up on
                    # would still be in the access log, uncounted)
                    r = http_request(self.port, "GET", "/healthz",
                                     timeout=max(1.0, deadline - time.time()))
                    self.requests += 1
                    if r.status == 200:
                        return
                except (OSError, http.client.HTTPException):
                    pass  # not listening yet, or another program's port (then ours exits)
                time.sleep(0.05)
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
                raise Failure("server %s did not answer /healthz within 30 s" % self.name)
            self.errf.close()  # exited: port taken between probe and bind? retry
        raise Failure("server %s would not start: %s" % (self.name, self.stderr()[-2000:]))

    def stop(self, timeout=5):
        """SIGTERM; returns the exit code (None when it had to be killed)."""
        if not self.proc:
            return None
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            rc = None
        self.errf.close()
        self.proc = None
        return rc

    def stderr(self):
        try:
            with open(self.err_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def sanitizer_report(self):
        text = self.stderr()
        for mark in SANITIZER_MARKS:
            i = text.find(mark)
            if i >= 0:
                return text[max(0, i - 200):i + 1500]
        return None


def stop_clean(srv):
    """SIGTERM: the server must exit with 0 within 5 s, without a sanitizer report."""
    rc = srv.stop()
    if rc is None:
        raise Failure("did not stop within 5 s of SIGTERM")
    rep = srv.sanitizer_report()
    if rep:
        raise Failure("sanitizer report on stderr: " + rep)
    if rc != 0:
        raise Failure("exit code %d; stderr: %s" % (rc, srv.stderr()[-1000:]))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Env:
    """Servers and cookie jars shared by all tests. A server is started when a
    test first needs it (-k may leave some unused)."""

    def __init__(self, binary, workdir):
        self.binary = binary
        self.workdir = workdir
        self.servers = {}
        self.started = set()
        self.start_failed = {}  # name -> why, so that later tests say so at once
        self.jars = {}  # (server, key) -> Jar

    def server(self, name):
        srv = self.servers[name]
        if name in self.start_failed:
            raise Failure("server %s did not start: %s" % (name, self.start_failed[name]))
        if name not in self.started:
            self.started.add(name)
            if srv.proc is None:
                try:
                    srv.start()
                except (Failure, OSError, subprocess.SubprocessError,
                        http.client.HTTPException) as e:
                    self.start_failed[name] = e
                    raise Failure("server %s did not start: %s" % (name, e))
        return srv

    def send(self, server, method, path, jar=None, headers=(), cookies=None, body=None,
             source="127.0.0.1"):
        hdrs = list(headers)
        if jar is not None or cookies:
            ch = (jar or Jar()).header(cookies)
            if ch:
                hdrs.append(("Cookie", ch))
        srv = self.server(server)
        resp = http_request(srv.port, method, path, hdrs, body, source)
        srv.requests += 1
        if jar is not None:
            jar.update(resp)
        return resp

    def login_resident(self, server, jar, source="127.0.0.1", headers=()):
        """Logs a demo resident (jar.login is the e-mail address) in with a link."""
        srv = self.server(server)
        if srv.sink is None:
            raise Failure("a resident logs in with an e-mail link: this server sends no mail")
        anon = Jar()
        r = self.send(server, "GET", "/deelnemen/inloggen", anon, headers, source=source)
        m = re.search(r'name="csrf" value="([^"]+)"', r.text)
        if r.status != 200 or not m:
            raise Failure("GET /deelnemen/inloggen gave %d" % r.status)
        before = len([x for x in srv.sink.messages() if x["rcpt_tos"] == [jar.login]])
        body = urllib.parse.urlencode({"csrf": m.group(1), "email": jar.login}).encode()
        r = self.send(server, "POST", "/deelnemen/inloggen", anon,
                      list(headers) + [("Content-Type", "application/x-www-form-urlencoded")],
                      body=body, source=source)
        if r.status != 200:
            raise Failure("asking a link for %s gave %d" % (jar.login, r.status))
        mail_drained(db_path(self, server))
        got = [x for x in srv.sink.messages() if x["rcpt_tos"] == [jar.login]]
        link = re.search(r"(/deelnemen/link/[A-Za-z0-9_-]+)", got[-1]["body"] or "") \
            if len(got) > before else None
        if not link:
            raise Failure("no login link for %s in the mail" % jar.login)
        r = self.send(server, "GET", link.group(1), jar, headers, source=source)
        m = re.search(r'name="csrf" value="([^"]+)"', r.text)
        if r.status != 200 or not m:
            raise Failure("GET of the login link gave %d" % r.status)
        body = urllib.parse.urlencode({"csrf": m.group(1)}).encode()
        r = self.send(server, "POST", link.group(1), jar,
                      list(headers) + [("Content-Type", "application/x-www-form-urlencoded")],
                      body=body, source=source)
        if r.status != 303 or "wr_session" not in jar.cookies:
            raise Failure("login of %s by link failed: %d" % (jar.login, r.status))

    def login(self, server, jar, source="127.0.0.1", headers=()):
        """Logs jar's user in through the form."""
        if "@" in jar.login:
            return self.login_resident(server, jar, source, headers)
        r = self.send(server, "GET", "/inloggen", jar, headers, source=source)
        if r.status != 200:
            raise Failure("GET /inloggen gave %d" % r.status)
        m = re.search(r'name="csrf" value="([^"]+)"', r.text)
        if not m:
            raise Failure("no csrf field on /inloggen")
        body = urllib.parse.urlencode({"csrf": m.group(1), "login": jar.login,
                                       "password": jar.password}).encode()
        r = self.send(server, "POST", "/inloggen", jar,
                      list(headers) + [("Content-Type", "application/x-www-form-urlencoded")],
                      body=body, source=source)
        if r.status != 303 or "wr_session" not in jar.cookies:
            raise Failure("login as %s failed: %d %s" % (jar.login, r.status,
                                                         error_text(r.text)))

    def login_jar(self, server, login, password=None, name=None):
        key = (server, name or "login:" + login)
        jar = self.jars.get(key)
        if jar is None:
            jar = self.jars[key] = Jar(login, password or DEMO_PASSWORD)
        if password:
            jar.password = password
        return jar

    def ensure_session(self, server, jar, source="127.0.0.1", headers=()):
        if jar.login and "wr_session" not in jar.cookies:
            self.login(server, jar, source, headers)

    def csrf(self, server, jar, source="127.0.0.1", headers=()):
        """The token a form of this jar's session (or anonymous jar) carries."""
        if jar.login:
            sess = jar.cookies.get("wr_session")
            if sess in jar.csrf_for:
                return jar.csrf_for[sess]
            page = "/mijn-gegevens" if "@" in jar.login else "/account/wachtwoord"
            r = self.send(server, "GET", page, jar, headers, source=source)
            m = re.search(r'name="csrf" value="([^"]+)"', r.text)
            if r.status != 200 or not m:
                # the session is gone (logged out, disabled): no token to give
                return "no-session-token"
            jar.csrf_for[sess] = m.group(1)
            return m.group(1)
        if "wr_csrf" not in jar.cookies:
            self.send(server, "GET", "/inloggen", jar, headers, source=source)
        return jar.cookies.get("wr_csrf", "no-cookie-token")


def error_text(html):
    m = re.search(r'role="alert".*?<p[^>]*>(.*?)</p>', html, re.S)
    return m.group(1) if m else ""


# --- case files -------------------------------------------------------------------

REQUEST_KEYS = ("as:", "jar:", "from:", "header ", "cookie ", "form ", "csrf:", "body ",
                "body-size ", "body-field-size ", "content-type ", "repeat ", "form-repeat ",
                "form-raw ", "query-repeat ", "query-range ", "multipart", "sql-exec:", "file ",
                "retry:", "wait-for:")
EXPECT_KEYS = ("status ", "location ", "header-has ", "header-lacks ", "header-matches ",
               "body-has ", "body-lacks ", "body-matches ", "body-is ", "body-count ", "body-empty", "gzip", "atom-feed ", "ical ", "json-count ",
               "json-each ", "json-value ", "lines ", "capture ", "capture-header ",
               "capture-cookie ", "sql:", "mail-count ", "capture-mail ", "mail-header ")


class Case:
    def __init__(self, file, line):
        self.file = file
        self.line = line
        self.name = None
        self.request = None
        self.lines = []  # (lineno, text)


def parse_case_file(path):
    server = "main"
    cases = []
    cur = None
    with open(path, encoding="utf-8") as f:
        for no, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            s = line.strip()
            if s == "---":
                cur = None
                continue
            if s.startswith("# name:"):
                if cur is None or cur.request is not None:
                    cur = Case(path, no)
                    cases.append(cur)
                cur.name = s[len("# name:"):].strip()
                continue
            if not s or s.startswith("#"):
                continue
            if cur is None and not cases and s.startswith("server:"):
                server = s.split(":", 1)[1].strip()
                continue
            if cur is None:
                cur = Case(path, no)
                cases.append(cur)
            if cur.request is None:
                parts = s.split(" ", 1)
                if len(parts) != 2 or not re.fullmatch(r"[A-Za-z!#$%&'*+.^_`|~0-9-]+", parts[0]):
                    raise ValueError("%s:%d: expected METHOD PATH, got %r" % (path, no, s))
                cur.request = (parts[0], parts[1].strip())
                cur.line = no
                continue
            if not (s.startswith(REQUEST_KEYS) or s.startswith(EXPECT_KEYS)):
                raise ValueError("%s:%d: unknown line %r" % (path, no, s))
            cur.lines.append((no, s))
    for c in cases:
        if c.request is None:
            raise ValueError("%s:%d: a case without a request" % (path, c.line))
    return server, cases


def unescape(s):
    """\\n, \\t, \\xNN -> characters (latin-1 range for bytes)."""
    return codecs.decode(s.encode("latin-1", "backslashreplace"), "unicode_escape")


def sized_body(n):
    """A form body of exactly n bytes: fields f1=xxx&f2=xxx... of at most 60000
    bytes each (one field over 64 KiB is refused on its own)."""
    if n < 8:
        return "x" * n
    parts, size, i = [], 0, 0
    while size < n:
        i += 1
        head = "f%d=" % i
        sep = 1 if parts else 0
        room = n - size - sep - len(head)
        if room < 0:
            parts[-1] += "x" * (n - size)  # pad the previous field
            size = n
            break
        take = min(room, 60000)
        parts.append(head + "x" * take)
        size += sep + len(head) + take
    return "&".join(parts)


def municipal_time(t=None):
    """Unix time t (default now) as the municipality's wall-clock time, a naive
    datetime in Europe/Amsterdam: CEST (+2) from 01:00 UTC on the last Sunday
    of March to 01:00 UTC on the last Sunday of October, CET (+1) otherwise.
    Written out here, not read from the program, so the tests check it."""
    t = time.time() if t is None else t
    year = time.gmtime(t).tm_year

    def last_sunday_1am(month):  # March and October have 31 days
        d = datetime.datetime(year, month, 31, 1, tzinfo=datetime.timezone.utc)
        return (d - datetime.timedelta(days=(d.weekday() + 1) % 7)).timestamp()
    summer = last_sunday_1am(3) <= t < last_sunday_1am(10)
    return datetime.datetime.fromtimestamp(t + (7200 if summer else 3600),
                                           datetime.timezone.utc).replace(tzinfo=None)


# Variables every case may use: the municipality's day, month and year now
# (never the machine's: a case must pass at any hour, also at 23:30 UTC).
BUILTIN_VARS = {
    "today": lambda: municipal_time().strftime("%Y-%m-%d"),
    "today_dmy": lambda: municipal_time().strftime("%d-%m-%Y"),
    "this_year": lambda: str(municipal_time().year),
    "last_year": lambda: str(municipal_time().year - 1),
    "this_month": lambda: str(municipal_time().month),
}


def substitute(s, vars):
    def rep(m):
        if m.group(1) not in vars and m.group(1) in BUILTIN_VARS:
            return BUILTIN_VARS[m.group(1)]()
        if m.group(1) not in vars:
            raise Failure("undefined variable ${%s}" % m.group(1))
        return vars[m.group(1)]
    return re.sub(r"\$\{([A-Za-z0-9_]+)\}", rep, s)


def multipart_body(fields, files=()):
    """(body bytes, Content-Type) of fields, and files (name, path, type), as
    multipart/form-data."""
    boundary = "----wrtest" + secrets.token_hex(12)
    out = []
    for n, v in fields:
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n"
                    % (boundary, n)).encode() + v.encode("utf-8") + b"\r\n")
    for n, path, ctype in files:
        with open(os.path.join(ROOT, path), "rb") as f:
            data = f.read()
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                    "Content-Type: %s\r\n\r\n" % (boundary, n, os.path.basename(path), ctype)
                    ).encode() + data + b"\r\n")
    out.append(("--%s--\r\n" % boundary).encode())
    return b"".join(out), "multipart/form-data; boundary=" + boundary


def db_path(env, server):
    return os.path.join(env.server(server).data, "wijkregie.db")


def sql_exec(dbpath, statement):
    con = sqlite3.connect(dbpath, timeout=30)
    try:
        con.execute(statement)
        con.commit()
    except sqlite3.Error as e:
        raise Failure("sql-exec %r: %s" % (statement, e))
    finally:
        con.close()


def sql_rows(dbpath, query):
    """The rows of query as text: columns joined by |, rows by "; "."""
    con = sqlite3.connect("file:%s?mode=ro" % dbpath, uri=True, timeout=30)
    try:
        rows = con.execute(query).fetchall()
    except sqlite3.Error as e:
        raise Failure("sql %r: %s" % (query, e))
    finally:
        con.close()
    return "; ".join("|".join("NULL" if c is None else str(c) for c in r) for r in rows)


def json_at(doc, path):
    if path == ".":
        return doc
    for part in path.split("."):
        if isinstance(doc, list):
            doc = doc[int(part)]
        elif isinstance(doc, dict):
            if part not in doc:
                raise Failure("JSON has no %s" % path)
            doc = doc[part]
        else:
            raise Failure("JSON has no %s" % path)
    return doc


def run_case(env, server, case, vars, file_jars):
    method, target = case.request
    req = {"as": "anonymous", "jar": None, "from": "127.0.0.1", "headers": [], "cookies": {},
           "form": [], "csrf": "auto" if method == "POST" else "none", "body": None,
           "content_type": None, "repeat": 1, "multipart": False, "sql": [], "files": [],
           "query": [], "retry": 0, "wait_for": None}
    expects = []
    for no, s in case.lines:
        if s.startswith(EXPECT_KEYS) and not s.startswith(REQUEST_KEYS):
            expects.append((no, s))
            continue
        key, _, val = s.partition(" ")
        if key.endswith(":"):
            key = key[:-1]
        val = val.strip()
        if key == "as":
            req["as"] = val
        elif key == "jar":
            req["jar"] = val
        elif key == "from":
            req["from"] = val
        elif key == "header":
            n, _, v = val.partition(":")
            req["headers"].append((n.strip(), v.strip()))
        elif key == "cookie":
            n, _, v = val.partition("=")
            req["cookies"][n.strip()] = v.strip()
        elif key == "form":
            n, _, v = val.partition("=")
            req["form"].append((n, v))
        elif key == "form-repeat":
            count, _, nv = val.partition(" ")
            n, _, v = nv.strip().partition("=")
            req["form"].append((n, v * int(count)))
        elif key == "form-raw":
            n, _, v = val.partition("=")
            req["form"].append((n, unescape(v)))
        elif key == "query-repeat":
            count, _, nv = val.partition(" ")
            n, _, v = nv.strip().partition("=")
            req["query"].append("%s=%s" % (urllib.parse.quote(n), urllib.parse.quote(
                unescape(v) * int(count), safe="")))
        elif key == "query-range":
            n, first, last = val.split()
            req["query"].append("%s=%s" % (urllib.parse.quote(n), ",".join(
                str(x) for x in range(int(first), int(last) + 1))))
        elif key == "multipart":
            req["multipart"] = True
        elif key == "file":
            n, _, rest = val.partition("=")
            path, _, ctype = rest.strip().partition(" ")
            req["files"].append((n.strip(), path, ctype.strip() or "application/octet-stream"))
        elif key == "sql-exec":
            req["sql"].append(val)
        elif key == "csrf":
            req["csrf"] = val
        elif key == "body":
            req["body"] = val
        elif key == "body-size":
            req["body"] = sized_body(int(val))
        elif key == "body-field-size":
            req["body"] = "a=" + "x" * (int(val) - 2)
        elif key == "content-type":
            req["content_type"] = val
        elif key == "repeat":
            req["repeat"] = int(val)
        elif key == "retry":
            req["retry"] = int(val)
        elif key == "wait-for":
            secs, text = val.split(" ", 1)
            req["wait_for"] = (int(secs), text)

    # the cookie jar
    who = req["as"].split()
    if who[0] == "anonymous":
        if req["jar"]:
            jar = file_jars.setdefault(req["jar"], Jar())
        else:
            jar = Jar()
    else:
        login = substitute(who[0], vars)
        pw = substitute(who[1], vars) if len(who) > 1 else None
        if req["jar"]:
            jar = file_jars.get(req["jar"])
            if jar is None:
                jar = file_jars[req["jar"]] = Jar(login, pw or DEMO_PASSWORD)
        else:
            jar = env.login_jar(server, login, pw)
    src = req["from"]
    vars["i"] = "1"
    base_headers = [(n, substitute(v, vars)) for n, v in req["headers"]]
    proxy_headers = [(n, v) for n, v in base_headers if n.lower().startswith("x-forwarded")]
    env.ensure_session(server, jar, src, proxy_headers)
    for statement in req["sql"]:
        sql_exec(db_path(env, server), substitute(statement, vars))

    for i in range(1, req["repeat"] + 1):
        vars["i"] = str(i)
        path = unescape(substitute(target, vars))
        for q in req["query"]:
            path += ("&" if "?" in path else "?") + q
        # ${i} in a header differs per request (X-Forwarded-For from many addresses)
        headers = [(n, substitute(v, vars)) for n, v in req["headers"]]
        cookies = {n: substitute(v, vars) for n, v in req["cookies"].items()}
        body = None
        ctype = "application/x-www-form-urlencoded"
        if req["body"] is not None:
            body = unescape(substitute(req["body"], vars)).encode("latin-1")
        elif method == "POST" or req["form"]:
            fields = [(n, substitute(v, vars)) for n, v in req["form"]]
            if req["csrf"] == "auto":
                fields.insert(0, ("csrf", env.csrf(server, jar, src, proxy_headers)))
            elif req["csrf"] == "wrong":
                fields.insert(0, ("csrf", secrets.token_urlsafe(32)))
            elif req["csrf"] != "none":
                fields.insert(0, ("csrf", substitute(req["csrf"], vars)))
            if req["multipart"]:
                body, ctype = multipart_body(fields, req["files"])
            else:
                body = urllib.parse.urlencode(fields).encode()
        if body is not None:
            headers.append(("Content-Type", req["content_type"] or ctype))
        resp = env.send(server, method, path, jar, headers, cookies, body, src)
        until = time.monotonic() + req["retry"]
        while resp.status == 503 and (resp.header("Retry-After") or "").isdigit():
            wait = int(resp.header("Retry-After"))
            if time.monotonic() + wait > until:
                break
            time.sleep(wait)
            resp = env.send(server, method, path, jar, headers, cookies, body, src)
        if req["wait_for"]:
            until = time.monotonic() + req["wait_for"][0]
            while req["wait_for"][1] not in resp.text and time.monotonic() < until:
                time.sleep(1)
                resp = env.send(server, method, path, jar, headers, cookies, body, src)
        where = "" if req["repeat"] == 1 else " (request %d of %d)" % (i, req["repeat"])
        try:
            check_response(resp, expects, vars, jar, db_path(env, server),
                           env.servers[server].sink)
        except Failure as e:
            raise Failure(str(e) + where)


def mail_drained(dbpath):
    """Waits until the outbox has nothing due or in flight (the mailer is woken
    after every change that queues mail), so the sink holds all that was
    sent. A claimed message is still 'queued' with 0 attempts until the
    relay accepted it."""
    deadline = time.time() + 30
    while time.time() < deadline:
        # news for residents becomes mail in a background pass, woken when it is recorded
        pending = sql_rows(dbpath, "SELECT count(*) FROM sqlite_master WHERE name = 'notify_event'"
                           " AND EXISTS (SELECT 1 FROM notify_event WHERE dispatched_at IS NULL)")
        if pending == "0" and sql_rows(
                dbpath, "SELECT count(*) FROM outbox WHERE status = 'queued' AND (attempts = 0"
                " OR next_attempt_at <= CAST(strftime('%s', 'now') AS INTEGER))") == "0":
            return
        time.sleep(0.1)
    raise Failure("mail: the outbox still has messages due after 30 s")


ATOM_READER = r"""
import sys, feedparser
f = feedparser.parse(sys.stdin.buffer.read())
print("%d %s %d %s" % (f.bozo, f.version, len(f.entries), f.get("bozo_exception", "")))
"""


def check_atom(raw, entries, at):
    """The body as a feed reader sees it: xmllint, then Debian's feedparser."""
    lint = subprocess.run(["xmllint", "--noout", "-"], input=raw, capture_output=True)
    if lint.returncode != 0:
        raise Failure("%sxmllint: %s" % (at, lint.stderr.decode(errors="replace")[:300]))
    fp = subprocess.run(["/usr/bin/python3", "-c", ATOM_READER], input=raw, capture_output=True)
    if fp.returncode != 0:
        raise Failure("%sfeedparser: %s" % (at, fp.stderr.decode(errors="replace")[-300:]))
    bozo, version, n, why = (fp.stdout.decode().strip().split(" ", 3) + [""])[:4]
    if bozo != "0" or version != "atom10" or int(n) != entries:
        raise Failure("%sfeedparser: bozo %s, version %s, %s entries (expected %d) %s"
                      % (at, bozo, version, n, entries, why))


ICAL_READER = r"""
import sys, icalendar
cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
tz = [c for c in cal.walk("VTIMEZONE") if str(c.get("TZID")) == "Europe/Amsterdam"]
events = cal.walk("VEVENT")
for e in events:
    start, end = e.decoded("DTSTART"), e.decoded("DTEND")
    assert e.get("UID") and e.get("DTSTAMP") and e.get("SUMMARY") is not None, "UID, DTSTAMP, SUMMARY"
    assert str(e["DTSTART"].params.get("TZID")) == "Europe/Amsterdam", "DTSTART without TZID"
    assert start.tzinfo is not None and end > start, "DTSTART/DTEND"
print("%d %d" % (len(tz), len(events)))
"""


def check_ical(raw, events, at):
    """The body as a calendar program sees it: RFC 5545 lines (CRLF, at most
    75 octets, folds starting with a space), then Debian's python3-icalendar:
    the VTIMEZONE of Europe/Amsterdam and N events with TZID times."""
    if not raw.endswith(b"\r\n"):
        raise Failure("%siCalendar: the last line does not end with CRLF" % at)
    for i, line in enumerate(raw.split(b"\r\n")[:-1]):
        if b"\n" in line or b"\r" in line:
            raise Failure("%siCalendar: line %d has a bare LF or CR" % (at, i + 1))
        if len(line) > 75:
            raise Failure("%siCalendar: line %d has %d octets" % (at, i + 1, len(line)))
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            raise Failure("%siCalendar: line %d splits a UTF-8 character" % (at, i + 1))
    p = subprocess.run(["/usr/bin/python3", "-c", ICAL_READER], input=raw, capture_output=True)
    if p.returncode != 0:
        raise Failure("%sicalendar: %s" % (at, p.stderr.decode(errors="replace")[-300:]))
    tz, n = p.stdout.decode().split()
    if tz != "1" or int(n) != events:
        raise Failure("%sicalendar: %s VTIMEZONE Europe/Amsterdam, %s events (expected %d)"
                      % (at, tz, n, events))


def check_response(resp, expects, vars, jar, dbpath=None, sink=None):
    status_expected = None
    for no, s in expects:
        if s.startswith("status "):
            status_expected = s.split()[1]
    problem = check_security_headers(resp)
    if problem:
        raise Failure("status %d: %s" % (resp.status, problem))
    if resp.status >= 500 and not (status_expected or "").startswith("5"):
        raise Failure("server error %d" % resp.status)
    if resp.gunzip_error:
        raise Failure("Content-Encoding gzip, but the body does not gunzip: %s"
                      % resp.gunzip_error)
    doc = None
    for no, s in expects:
        key, _, val = s.partition(" ")
        val = substitute(val, vars) if not key.startswith("capture") else val
        at = "line %d: " % no
        if key == "status":
            if str(resp.status) != val:
                raise Failure("%sstatus %d, expected %s%s" % (
                    at, resp.status, val, (" (" + error_text(resp.text) + ")")
                    if error_text(resp.text) else ""))
        elif key == "location":
            if resp.header("Location") != val:
                raise Failure("%sLocation %r, expected %r" % (at, resp.header("Location"), val))
        elif key in ("header-has", "header-lacks", "header-matches"):
            name, sep, text = val.partition(":")
            name, text = name.strip(), text.strip()
            values = resp.header_all(name)
            if key == "header-has" and not any(text in v for v in values):
                raise Failure("%sno %s header containing %r (got %r)" % (at, name, text, values))
            if key == "header-lacks" and ((not sep and values) or
                                          (sep and any(text in v for v in values))):
                raise Failure("%sunexpected %s header %r" % (at, name, values))
            if key == "header-matches" and not any(re.search(text, v) for v in values):
                raise Failure("%sno %s header matching %r (got %r)" % (at, name, text, values))
        elif key == "body-has":
            if unescape(val) not in resp.text:
                raise Failure("%sbody lacks %r" % (at, val))
        elif key == "body-lacks":
            if unescape(val) in resp.text:
                raise Failure("%sbody contains %r" % (at, val))
        elif key == "body-matches":
            if not re.search(val, resp.text, re.M | re.S):
                raise Failure("%sbody does not match %r" % (at, val))
        elif key == "body-is":
            if resp.text != unescape(val):
                raise Failure("%sbody is %r, expected %r" % (at, resp.text[:200], val))
        elif key == "body-count":
            count, _, text = val.partition(" ")
            got = resp.text.count(unescape(text))
            if got != int(count):
                raise Failure("%s%r occurs %d times, expected %s" % (at, text, got, count))
        elif key == "body-empty":
            if resp.raw:
                raise Failure("%sbody is not empty: %r" % (at, resp.raw[:100]))
        elif key == "atom-feed":
            check_atom(resp.body, int(val), at)
        elif key == "ical":
            check_ical(resp.body, int(val), at)
        elif key == "gzip":
            if (resp.header("Content-Encoding") or "").lower() != "gzip":
                raise Failure("%snot gzip-encoded (Content-Encoding %r)" % (
                    at, resp.header("Content-Encoding")))
        elif key == "lines":
            n = len([ln for ln in resp.text.splitlines() if ln.strip()])
            if n != int(val):
                raise Failure("%s%d lines, expected %s" % (at, n, val))
        elif key.startswith("json-"):
            if doc is None:
                try:
                    doc = json.loads(resp.text)
                except ValueError as e:
                    raise Failure("%sbody is not JSON: %s" % (at, e))
            parts = val.split()
            if key == "json-count":
                v = json_at(doc, parts[0])
                if not isinstance(v, (list, dict)) or len(v) != int(parts[1]):
                    raise Failure("%s%s has %s elements, expected %s" % (
                        at, parts[0], len(v) if isinstance(v, (list, dict)) else "no",
                        parts[1]))
            elif key == "json-value":
                v = json_at(doc, parts[0])
                want = json.loads(val.split(None, 1)[1])
                if v != want:
                    raise Failure("%s%s is %r, expected %r" % (at, parts[0], v, want))
            elif key == "json-each":
                arr = json_at(doc, parts[0])
                mode, keys = parts[1], parts[2:]
                if not isinstance(arr, list):
                    raise Failure("%s%s is not an array" % (at, parts[0]))
                for k_i, el in enumerate(arr):
                    for k in keys:
                        present = isinstance(el, dict) and k in el
                        if mode == "has" and not present:
                            raise Failure("%selement %d lacks %s" % (at, k_i, k))
                        if mode == "lacks" and present:
                            raise Failure("%selement %d has %s" % (at, k_i, k))
                        if mode == "nonnull" and (not present or el[k] is None):
                            raise Failure("%selement %d has no %s" % (at, k_i, k))
        elif key == "capture":
            name, _, rx = val.partition(" ")
            m = re.search(rx, resp.text, re.M | re.S)
            if not m:
                raise Failure("%scapture %s: no match for %r" % (at, name, rx))
            vars[name] = m.group(1) if m.groups() else m.group(0)
        elif key == "capture-header":
            name, _, rest = val.partition(" ")
            h, _, rx = rest.strip().partition(" ")
            v = resp.header(h)
            if v is None:
                raise Failure("%scapture-header: no %s header" % (at, h))
            if rx:
                m = re.search(rx, v)
                if not m:
                    raise Failure("%scapture-header %s: %r does not match %r" % (at, name, v, rx))
                v = m.group(1) if m.groups() else m.group(0)
            vars[name] = v
        elif key == "capture-cookie":
            name, _, c = val.partition(" ")
            if c.strip() not in jar.cookies:
                raise Failure("%scapture-cookie: no cookie %s in the jar" % (at, c))
            vars[name] = jar.cookies[c.strip()]
        elif key == "mail-header":
            if sink is None:
                raise Failure("%sthis server sends no mail to a sink" % at)
            mail_drained(dbpath)
            name, to, header, rx = val.split(None, 3)
            got = [m for m in sink.messages() if m["rcpt_tos"] == [to]]
            if not got:
                raise Failure("%smail-header: no message for %s" % (at, to))
            values = [v for k, v in got[-1].get("headers", []) if k.lower() == header.lower()]
            if len(values) != 1:
                raise Failure("%smail-header: %d %s headers in the last message for %s"
                              % (at, len(values), header, to))
            m = re.fullmatch(rx, values[0])
            if not m:
                raise Failure("%smail-header: %s is %r, which does not match %r"
                              % (at, header, values[0], rx))
            vars[name] = m.group(1) if m.groups() else m.group(0)
        elif key in ("mail-count", "capture-mail"):
            if sink is None:
                raise Failure("%sthis server sends no mail to a sink" % at)
            mail_drained(dbpath)
            if key == "mail-count":
                parts = val.split(None, 2)
                to, n = parts[0], int(parts[1])
                subject = parts[2] if len(parts) > 2 else ""
                got = [m for m in sink.messages()
                       if m["rcpt_tos"] == [to] and subject in (m["subject"] or "")]
                if len(got) != n:
                    raise Failure("%s%d messages for %s%s, expected %d" % (
                        at, len(got), to, " about %r" % subject if subject else "", n))
            else:
                name, to, rx = val.split(None, 2)
                got = [m for m in sink.messages() if m["rcpt_tos"] == [to]]
                if not got:
                    raise Failure("%scapture-mail: no message for %s" % (at, to))
                m = re.search(rx, got[-1]["body"] or "", re.M | re.S)
                if not m:
                    raise Failure("%scapture-mail %s: the last message for %s does not match %r"
                                  % (at, name, to, rx))
                vars[name] = m.group(1) if m.groups() else m.group(0)
        elif key == "sql:":
            query, sep, want = val.partition("=>")
            if not sep:
                raise Failure("%ssql: needs 'QUERY => EXPECTED'" % at)
            got = sql_rows(dbpath, query.strip())
            if got != want.strip():
                raise Failure("%ssql %r gave %r, expected %r" % (at, query.strip(), got,
                                                                 want.strip()))
        else:
            raise Failure("%sunknown expectation %r" % (at, s))


def run_case_files(env, results):
    files = sorted(f for f in os.listdir(os.path.join(HERE, "cases")) if f.endswith(".test"))
    for fname in files:
        path = os.path.join(HERE, "cases", fname)
        try:
            server, cases = parse_case_file(path)
        except (ValueError, OSError) as e:
            results.fail(fname, e)
            continue
        names = ["%s: %s" % (fname[:-5], c.name or "line %d" % c.line) for c in cases]
        # ${port} is the file's server's: started here when a case of the
        # file runs (with -k it may be the first to need it)
        port = env.servers[server].port
        if port is None and any(results.wanted(n) for n in names):
            try:
                port = env.server(server).port
            except Failure:
                pass  # each case then says that the server did not start
        vars, file_jars = {"port": str(port)}, {}
        file_started = time.time()
        for name, c in zip(names, cases):
            results.run(name, run_case, env, server, c, vars, file_jars)
        if any(results.wanted(n) for n in names):
            FILE_SECONDS[fname[:-5]] = time.time() - file_started


# Seconds per case file that ran (for the time budget of a feature's tests).
FILE_SECONDS = {}


# --- the permission walk ------------------------------------------------------------

ROLES = ["anonymous"] + DEMO_LOGINS


def routes_from_source():
    """(METHOD, PATTERN) for every route of src/web/routes.c."""
    with open(os.path.join(ROOT, "src", "web", "routes.c"), encoding="utf-8") as f:
        src = f.read()
    m = re.search(r"g_routes\[\]\s*=\s*\{(.*?)\n\};", src, re.S)
    if not m:
        raise Failure("no route table found in src/web/routes.c")
    body = re.sub(r"/\*.*?\*/", "", m.group(1), flags=re.S)
    routes = []
    for rm in re.finditer(r'\{\s*(\w+)\s*,\s*"([^"]*)"', body):
        meth = {"G": "GET", "P": "POST", "HTTP_GET": "GET", "HTTP_POST": "POST"}.get(rm.group(1))
        if not meth:
            raise Failure("route %s has an unknown method %s" % (rm.group(2), rm.group(1)))
        routes.append((meth, rm.group(2)))
    if not routes:
        raise Failure("no routes parsed from src/web/routes.c")
    return routes


def read_matrix():
    path = os.path.join(HERE, "permissions.tsv")
    rows = []
    header = None
    with open(path, encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if header is None:
                header = cols
                if header[:3] != ["method", "pattern", "example"] or header[3:] != ROLES:
                    raise Failure("permissions.tsv header must be method, pattern, example, "
                                  + ", ".join(ROLES))
                continue
            if len(cols) != len(header):
                raise Failure("permissions.tsv line %d has %d columns, expected %d"
                              % (no, len(cols), len(header)))
            for v in cols[3:]:
                if v not in ("allow", "deny"):
                    raise Failure("permissions.tsv line %d: %r is not allow or deny" % (no, v))
            rows.append({"method": cols[0], "pattern": cols[1], "example": cols[2],
                         "perm": dict(zip(ROLES, cols[3:]))})
    return rows


def test_matrix_complete():
    routes = routes_from_source()
    rows = read_matrix()
    have = [(r["method"], r["pattern"]) for r in rows]
    missing = [r for r in routes if r not in have]
    extra = [r for r in have if r not in routes]
    dups = set(r for r in have if have.count(r) > 1)
    problems = []
    if missing:
        problems.append("routes missing from permissions.tsv: " +
                        ", ".join("%s %s" % r for r in missing))
    if extra:
        problems.append("permissions.tsv has routes the code lacks: " +
                        ", ".join("%s %s" % r for r in extra))
    if dups:
        problems.append("duplicate rows: " + ", ".join("%s %s" % r for r in dups))
    for r in rows:
        pat = "^" + re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(r["pattern"])) + "$"
        pat = pat.replace(r"\*", ".+")
        if not re.match(pat, r["example"].split("?")[0]):
            problems.append("example %s does not match %s" % (r["example"], r["pattern"]))
    if problems:
        raise Failure("; ".join(problems))


def walk_one(env, row, role):
    server = "main"
    if role == "anonymous":
        jar = Jar()
    else:
        jar = env.login_jar(server, role)
        env.ensure_session(server, jar)
    body, headers = None, []
    if row["method"] == "POST":
        body = urllib.parse.urlencode({"csrf": env.csrf(server, jar)}).encode()
        headers.append(("Content-Type", "application/x-www-form-urlencoded"))
    r = env.send(server, row["method"], row["example"], jar, headers, body=body)
    problem = check_security_headers(r)
    if problem:
        raise Failure(problem)
    loc = r.header("Location") or ""
    to_login = r.status in (301, 302, 303, 307) and loc.startswith("/inloggen")
    if r.status >= 500:
        raise Failure("server error %d" % r.status)
    if row["perm"][role] == "allow":
        if r.status == 403 or to_login:
            raise Failure("expected allow, got %d %s" % (r.status, loc))
    else:
        if role != "anonymous" or row["method"] == "POST":
            if r.status != 403:
                raise Failure("expected 403, got %d %s" % (r.status, loc))
        elif not (r.status == 303 and loc == "/inloggen?terug=" + row["example"].split("?")[0]):
            raise Failure("expected 303 to /inloggen?terug=..., got %d %s" % (r.status, loc))


def run_geocoder_tests(env, results):
    """The address lookup's bounds on the geo server (its case files, 60-*,
    run before): the cache, the limit per client address, the timeout and a
    service that is down. No timing assertions: a slow service must give an
    answer that says so, whenever it comes."""
    if not any(results.wanted("geocoder: " + n) for n in ("cache", "limit", "slow", "down")):
        return

    def get(path, source="127.0.0.1"):
        srv = env.server("geo")
        r = http_request(srv.port, "GET", path, source=source, timeout=30)
        return r, (json.loads(r.body) if r.body else None)

    def cache():
        standin = env.server("geo").standin
        before = standin.count()
        for _ in range(3):
            r, j = get("/adres/zoeken?q=Amerikaweg%205", source="127.0.0.6")
            if r.status != 200 or [a["label"] for a in j["addresses"]] != [
                    "Amerikaweg 5, 2717AA Zoetermeer"]:
                raise Failure("search answered %d %r" % (r.status, j))
        if standin.count() != before + 1:
            raise Failure("three equal searches asked the service %d times"
                          % (standin.count() - before))

    def limit():
        for i in range(GEOCODE_PER_MINUTE + 1):
            r, j = get("/adres/bij-punt?lat=52.0605&lon=4.4930", source="127.0.0.7")
            if r.status == 429:
                if i < GEOCODE_PER_MINUTE - 1:
                    # a minute may turn between two requests: never before the limit
                    raise Failure("429 after %d lookups" % i)
                if not r.header("Retry-After"):
                    raise Failure("429 without Retry-After")
                break
            if r.status != 200 or j["address"]["street"] != "Stadhuisplein":
                raise Failure("reverse answered %d %r" % (r.status, j))
        else:
            raise Failure("%d lookups in a row were all answered" % (GEOCODE_PER_MINUTE + 1))
        # another client is not limited
        r, _ = get("/adres/bij-punt?lat=52.0605&lon=4.4930", source="127.0.0.8")
        if r.status != 200:
            raise Failure("another client got %d" % r.status)

    def slow():
        r, j = get("/adres/zoeken?q=traag%201", source="127.0.0.9")
        if r.status != 503 or "error" not in j:
            raise Failure("a service slower than the timeout: %d %r" % (r.status, j))

    def down():
        srv = env.server("geo")
        srv.standin.stop()
        r, j = get("/adres/zoeken?q=Rokkeveenseweg%2040", source="127.0.0.10")
        if r.status != 503 or not r.header("Retry-After"):
            raise Failure("a service that is down: %d %r" % (r.status, j))
        r, j = get("/adres/bij-punt?lat=52.0450&lon=4.4700", source="127.0.0.10")
        if r.status != 503:
            raise Failure("reverse while down: %d %r" % (r.status, j))
        # what was cached before still answers
        r, j = get("/adres/zoeken?q=Amerikaweg%205", source="127.0.0.10")
        if r.status != 200 or len(j["addresses"]) != 1:
            raise Failure("a cached answer while down: %d %r" % (r.status, j))
        r = http_request(srv.port, "GET", "/melden", timeout=30)
        if r.status != 200:
            raise Failure("/melden while the service is down: %d" % r.status)

    results.run("geocoder: cache: equal searches ask the service once", cache)
    results.run("geocoder: limit: lookups per client address per minute, then 429", limit)
    results.run("geocoder: slow: a service past the timeout gives 503, not a hang", slow)
    results.run("geocoder: down: 503 with Retry-After, cached answers and the form still work",
                down)


GEOCODE_PER_MINUTE = 30  # src/lib/geocode.h


def run_permission_walk(env, results):
    results.run("permissions: matrix lists every route of routes.c", test_matrix_complete)
    try:
        rows = read_matrix()
    except Failure as e:
        results.fail("permissions: read matrix", e)
        return
    for row in rows:
        for role in ROLES:
            name = "permissions: %s %s as %s (%s)" % (row["method"], row["example"], role,
                                                      row["perm"][role])
            results.run(name, walk_one, env, row, role)


# --- the grant walk -------------------------------------------------------------------

WALK_PW = "Walk-Qz90-sterk-wachtwoord"
WALK_PW2 = "Walk-Qz91-ander-wachtwoord"
WALK_LOGINS = ("walk-doel", "walk-lid", "walk-nieuw")


def walk_roles(dbpath, login):
    """(role, scope field value) of each role of login, in the order given."""
    con = sqlite3.connect("file:%s?mode=ro" % dbpath, uri=True, timeout=30)
    try:
        rows = con.execute(
            "SELECT r.role, r.region_id, r.org_id FROM user_role r JOIN user u ON u.id = "
            "r.user_id WHERE u.login = ? ORDER BY r.id", (login,)).fetchall()
    finally:
        con.close()
    return [(role, "region:%d" % reg if reg else "org:%d" % org if org else "")
            for role, reg, org in rows]


def role_fields(roles):
    fields = []
    for n, (role, scope) in enumerate(roles, 1):
        fields += [("role%d" % n, role), ("scope%d" % n, scope)]
    return fields


def walk_state(dbpath, logins):
    """Everything an attempt could change, per account: disabled, e-mail, password
    hash and roles."""
    con = sqlite3.connect("file:%s?mode=ro" % dbpath, uri=True, timeout=30)
    try:
        out = {}
        for login in logins:
            row = con.execute("SELECT id, disabled, email, password_hash FROM user WHERE login = ?",
                              (login,)).fetchone()
            if row is None:
                out[login] = None
                continue
            roles = con.execute("SELECT role, region_id, area_id, org_id FROM user_role WHERE "
                                "user_id = ? ORDER BY id", (row[0],)).fetchall()
            out[login] = (row, tuple(roles))
        return out
    finally:
        con.close()


def walk_restore(dbpath, before, after):
    """Puts every account that changed back as it was (a new one goes)."""
    con = sqlite3.connect(dbpath, timeout=30)
    try:
        for login, was in before.items():
            if was == after.get(login):
                continue
            if was is None:
                con.execute("DELETE FROM session WHERE user_id IN (SELECT id FROM user WHERE "
                            "login = ?)", (login,))
                con.execute("DELETE FROM user WHERE login = ?", (login,))
                continue
            (uid, disabled, email, pwhash), roles = was
            con.execute("UPDATE user SET disabled = ?, email = ?, password_hash = ? WHERE id = ?",
                        (disabled, email, pwhash, uid))
            con.execute("DELETE FROM user_role WHERE user_id = ?", (uid,))
            for role, region, area, org in roles:
                con.execute("INSERT INTO user_role (user_id, role, region_id, area_id, org_id) "
                            "VALUES (?, ?, ?, ?, ?)", (uid, role, region, area, org))
        con.commit()
    finally:
        con.close()


def grant_attempts(ids, wzn, own):
    """name -> (path, form fields) for the one trying (own: login, id, name, roles)."""
    lid_role = [("aanvoerder-wzn", "org:%d" % wzn)]
    new_account = [("login", "walk-nieuw"), ("name", "Walk Nieuw"), ("email", ""),
                   ("password", WALK_PW)]
    doel = "/beheer/gebruikers/%d" % ids["walk-doel"]
    lid = "/beheer/gebruikers/%d" % ids["walk-lid"]
    mine = "/beheer/gebruikers/%d" % own["id"]
    net_lid = "/werk/wijkzorgnetwerk/%d" % ids["walk-lid"]
    me = [("name", own["name"]), ("email", "")]
    return {
        "admin-form: give aanvoerder-wzn to walk-doel":
            (doel, [("name", "Walk Doel"), ("email", "")]
             + role_fields([("raadslid", ""), ("aanvoerder-wzn", "org:%d" % wzn)])),
        "admin-form: give wijkbeheerder to walk-doel":
            (doel, [("name", "Walk Doel"), ("email", "")]
             + role_fields([("raadslid", ""), ("wijkbeheerder", "")])),
        "admin-form: new account with aanvoerder-wzn":
            ("/beheer/gebruikers/nieuw", new_account + role_fields(lid_role)),
        "admin-form: give oneself aanvoerder-wzn":
            (mine, me + role_fields(own["roles"][:2] + lid_role)),
        "admin-form: give oneself raadslid":
            (mine, me + role_fields(own["roles"][:2] + [("raadslid", "")])),
        "admin-form: give oneself wijkregisseur":
            (mine, me + role_fields(own["roles"][:2] + [("wijkregisseur", "")])),
        "admin-form: reset the password of walk-lid":
            (lid, [("name", "Walk Lid"), ("email", ""), ("password", WALK_PW2)]),
        "admin-form: set the e-mail address of walk-lid":
            (lid, [("name", "Walk Lid"), ("email", "walk@example.org")]),
        "admin-form: reset the password of walk-doel":
            (doel, [("name", "Walk Doel"), ("email", ""), ("password", WALK_PW2)]
             + role_fields([("raadslid", "")])),
        "admin-form: disable walk-lid": (lid + "/uitschakelen", []),
        "network: give aanvoerder-wzn to walk-doel":
            ("/werk/wijkzorgnetwerk/lid", [("login", "walk-doel"), ("role", "aanvoerder-wzn"),
                                           ("scope", "org:%d" % wzn)]),
        "network: give beheerder to walk-lid":
            ("/werk/wijkzorgnetwerk/lid", [("login", "walk-lid"), ("role", "beheerder"),
                                           ("scope", "")]),
        "network: give oneself aanvoerder-wzn":
            ("/werk/wijkzorgnetwerk/lid", [("login", own["login"]), ("role", "aanvoerder-wzn"),
                                           ("scope", "")]),
        "network: new account with aanvoerder-wzn":
            ("/werk/wijkzorgnetwerk/nieuw", new_account + role_fields(lid_role)),
        "network: remove aanvoerder-wzn from walk-lid":
            (net_lid, [("name", "Walk Lid"), ("email", ""), ("role1", ""), ("scope1", "")]),
        "network: reset the password of walk-lid":
            (net_lid, [("name", "Walk Lid"), ("email", ""), ("password", WALK_PW2)]
             + role_fields(lid_role)),
        "network: set the e-mail address of walk-lid":
            (net_lid, [("name", "Walk Lid"), ("email", "walk@example.org")]
             + role_fields(lid_role)),
        "network: reset the password of walk-doel":
            ("/werk/wijkzorgnetwerk/%d" % ids["walk-doel"],
             [("name", "Walk Doel"), ("email", ""), ("password", WALK_PW2)]
             + role_fields(lid_role)),
    }


def read_grant_table():
    rows = []
    header = None
    with open(os.path.join(HERE, "grants.tsv"), encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if header is None:
                if cols[0] != "attempt" or cols[1:] != ROLES:
                    raise Failure("grants.tsv header must be attempt, " + ", ".join(ROLES))
                header = cols
                continue
            if len(cols) != len(header) or any(v not in ("allow", "deny") for v in cols[1:]):
                raise Failure("grants.tsv line %d: expected an attempt and allow/deny per role"
                              % no)
            rows.append((cols[0], dict(zip(ROLES, cols[1:]))))
    return rows


def grant_one(env, ctx, attempt, role, want):
    dbpath = db_path(env, "main")
    if role == "anonymous":
        jar = Jar()
        own = {"login": "anonymous", "id": ctx["ids"]["walk-doel"], "name": "x", "roles": []}
    else:
        jar = env.login_jar("main", role)
        env.ensure_session("main", jar)
        own = ctx["own"][role]
    path, fields = grant_attempts(ctx["ids"], ctx["wzn"], own)[attempt]
    logins = list(WALK_LOGINS) + ([own["login"]] if role != "anonymous" else [])
    before = walk_state(dbpath, logins)
    body = urllib.parse.urlencode([("csrf", env.csrf("main", jar))] + fields).encode()
    r = env.send("main", "POST", path, jar,
                 [("Content-Type", "application/x-www-form-urlencoded")], body=body)
    after = walk_state(dbpath, logins)
    changed = before != after
    if changed:
        walk_restore(dbpath, before, after)
    if r.status >= 500:
        raise Failure("server error %d" % r.status)
    if want == "allow":
        if r.status != 303 or not changed:
            raise Failure("expected the change, got %d (%s), %s" % (
                r.status, error_text(r.text), "changed" if changed else "nothing changed"))
    else:
        if changed:
            raise Failure("expected a refusal, but the account changed (status %d)" % r.status)
        if r.status not in (403, 404):
            raise Failure("expected 403 or 404, got %d (%s)" % (r.status, error_text(r.text)))


def run_grant_walk(env, results):
    state = {}

    def prepare():
        data = env.servers["main"].data
        for login, name, role in (("walk-doel", "Walk Doel", "raadslid"),
                                  ("walk-lid", "Walk Lid", "aanvoerder-wzn:WZN")):
            r = cli(env.binary, "user", "add", "--data", data, "--login", login, "--name", name,
                    "--role", role, "--password-stdin", input=WALK_PW + "\n")
            expect_rc(r, 0, "user add " + login)
        dbpath = db_path(env, "main")
        ids = {}
        for login in ("walk-doel", "walk-lid"):
            ids[login] = int(sql_rows(dbpath, "SELECT id FROM user WHERE login = '%s'" % login))
        own = {}
        for login in DEMO_LOGINS:
            # a demo resident is known by the e-mail address it logs in with
            where = ("u.id = (SELECT user_id FROM resident WHERE email = '%s')" % login
                     if "@" in login else "u.login = '%s'" % login)
            uid, real, name = sql_rows(dbpath, "SELECT u.id, u.login, u.name FROM user u WHERE "
                                       + where).split("|", 2)
            own[login] = {"login": real, "id": int(uid), "name": name,
                          "roles": walk_roles(dbpath, real)}
        state["ctx"] = {"ids": ids, "own": own,
                        "wzn": int(sql_rows(dbpath, "SELECT id FROM organisation WHERE code = "
                                                    "'WZN'"))}
        state["rows"] = read_grant_table()
        names = set(grant_attempts(ids, state["ctx"]["wzn"], own["admin"]))
        listed = set(a for a, _ in state["rows"])
        if names != listed:
            raise Failure("grants.tsv and run.py differ: %r" % sorted(names ^ listed))

    results.run("grants: the walk's accounts and the table", prepare)
    if "rows" not in state:
        return
    for attempt, perm in state["rows"]:
        for role in ROLES:
            results.run("grants: %s as %s (%s)" % (attempt, role, perm[role]), grant_one, env,
                        state["ctx"], attempt, role, perm[role])


# --- command line -----------------------------------------------------------------------

def cli(binary, *args, input=None, timeout=300):
    env = dict(os.environ)
    env.update(SERVER_ENV)
    return subprocess.run([binary] + list(args), capture_output=True, text=True, input=input,
                          timeout=timeout, env=env, cwd=ROOT)


def expect_rc(r, rc, what):
    if r.returncode != rc:
        raise Failure("%s: exit %d, expected %d; stderr: %s" % (what, r.returncode, rc,
                                                               r.stderr[-500:]))
    for mark in SANITIZER_MARKS:
        if mark in r.stderr:
            raise Failure("%s: sanitizer report: %s" % (what, r.stderr[-1500:]))


def table_counts(dbpath):
    con = sqlite3.connect("file:%s?mode=ro" % dbpath, uri=True)
    try:
        names = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        return {n: con.execute('SELECT count(*) FROM "%s"' % n).fetchone()[0] for n in names}
    finally:
        con.close()


def run_cli_tests(binary, workdir, results):
    d = os.path.join(workdir, "cli-data")

    def help_ok():
        for args in (["--help"], ["init", "--help"], ["serve", "--help"], ["user", "--help"],
                     ["apikey", "--help"], ["backup", "--help"], ["migrate", "--help"],
                     ["report", "--help"]):
            r = cli(binary, *args)
            expect_rc(r, 0, " ".join(args))
            if "usage" not in r.stdout.lower():
                raise Failure("%s: no usage text on stdout" % " ".join(args))

    def bogus_option():
        r = cli(binary, "init", "--bogus")
        expect_rc(r, 2, "init --bogus")
        if "usage" not in r.stderr.lower() or "--bogus" not in r.stderr:
            raise Failure("init --bogus: no usage message naming the option: %r" % r.stderr)

    def unknown_command():
        r = cli(binary, "nosuch")
        expect_rc(r, 2, "nosuch")
        if "usage" not in r.stderr.lower():
            raise Failure("nosuch: no usage message: %r" % r.stderr)
        expect_rc(cli(binary), 2, "no command")

    def init_twice():
        # the first init is the run's demo template (made by `init --demo`)
        shutil.copytree(demo_template(binary, workdir), d, dirs_exist_ok=True)
        first = table_counts(os.path.join(d, "wijkregie.db"))
        r = cli(binary, "init", "--data", d, "--demo", timeout=600)
        expect_rc(r, 0, "second init --demo")
        second = table_counts(os.path.join(d, "wijkregie.db"))
        diff = {k: (first.get(k), second.get(k)) for k in set(first) | set(second)
                if first.get(k) != second.get(k)}
        if diff:
            raise Failure("row counts changed by a second init --demo: %r" % diff)
        # thirteen staff accounts and three residents who take part
        if first.get("user") != 16 or first.get("resident") != 3:
            raise Failure("expected 16 demo users (3 residents), found %r (%r)"
                          % (first.get("user"), first.get("resident")))

    def report():
        # HTML: the city and every wijk, stand-alone (styles inline, no scripts)
        if not os.path.exists(os.path.join(d, "wijkregie.db")):
            expect_rc(cli(binary, "init", "--data", d, "--demo", timeout=600), 0, "init --demo")
        html = os.path.join(workdir, "rapport-2025.html")
        r = cli(binary, "report", "--data", d, "--year", "2025", "--out", html)
        expect_rc(r, 0, "report --out .html")
        with open(html, encoding="utf-8") as f:
            text = f.read()
        for want in ("Raadsrapport wijkgericht werken 2025", 'id="stad"', 'id="wijk-oosterheem"',
                     "<style>", 'role="img"', "kwamen er",
                     "Besluiten van het college over focuspunten", ">11-02-2025</td>"):
            if want not in text:
                raise Failure("report HTML lacks %r" % want)
        if "<script" in text:
            raise Failure("report HTML has a script")
        for args, rc in ((["--year", "1899", "--out", html], 2), (["--year", "2025"], 2),
                         (["--year", "2025", "--out", os.path.join(workdir, "x.txt")], 2),
                         (["--year", "2025", "--out", html, "--wijk", "nergens"], 1)):
            expect_rc(cli(binary, "report", "--data", d, *args), rc, "report %s" % args)
        # PDF: converted back to text with pdftotext (poppler-utils)
        tool = shutil.which("weasyprint") or shutil.which("chromium")
        if not tool or not shutil.which("pdftotext"):
            print("skip: report PDF: no weasyprint/chromium or no pdftotext (tools/deps.sh installs"
                  " them)", file=sys.stderr)
            return
        pdf = os.path.join(workdir, "rapport-2025-oosterheem.pdf")
        r = cli(binary, "report", "--data", d, "--year", "2025", "--wijk", "oosterheem", "--out",
                pdf, timeout=180)
        expect_rc(r, 0, "report --out .pdf")
        t = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True,
                           timeout=60)
        if t.returncode != 0:
            raise Failure("pdftotext failed: %s" % t.stderr)
        flat = " ".join(t.stdout.split())
        for want in ("Raadsrapport wijkgericht werken 2025: Oosterheem", "Oosterheem heeft",
                     "meldingen binnen", "Figuur 1: Meldingen per maand in 2025, Oosterheem",
                     "Tabel 1: Meldingen per periode, Oosterheem", "Kerncijfers Oosterheem 2025",
                     "Focuspunten", "Bereik, Oosterheem 2025",
                     "Besluiten van het college over focuspunten, Oosterheem 2025"):
            if want not in flat:
                raise Failure("report PDF text lacks %r" % want)
        if "De hele stad" in flat:
            raise Failure("the wijk's PDF has the city's chapter")

    def apikey():
        r = cli(binary, "apikey", "create", "--data", d, "--name", "test")
        expect_rc(r, 0, "apikey create")
        key = r.stdout.strip()
        if not re.fullmatch(r"[A-Za-z0-9_-]{32,}", key):
            raise Failure("apikey create printed %r, not a key" % r.stdout)
        r = cli(binary, "apikey", "create", "--data", d, "--name", "test")
        if r.returncode == 0:
            raise Failure("a second key with the same name was accepted")
        r = cli(binary, "apikey", "list", "--data", d)
        expect_rc(r, 0, "apikey list")
        if "test" not in r.stdout or key in r.stdout:
            raise Failure("apikey list: %r (should name the key, never show it)" % r.stdout)
        con = sqlite3.connect(os.path.join(d, "wijkregie.db"))
        try:
            dump = "\n".join(con.iterdump())
        finally:
            con.close()
        if key in dump:
            raise Failure("the API key is stored in the clear")

    def users():
        r = cli(binary, "user", "add", "--data", d, "--login", "cli-test", "--name", "CLI Test",
                "--role", "wijkregisseur:noord", "--password-stdin",
                input="Cli-wachtwoord-4411\n")
        expect_rc(r, 0, "user add")
        r = cli(binary, "user", "add", "--data", d, "--login", "cli-test", "--name", "Again",
                "--password-stdin", input="Cli-wachtwoord-4411\n")
        if r.returncode == 0:
            raise Failure("user add accepted a duplicate login")
        r = cli(binary, "user", "add", "--data", d, "--login", "cli-kort", "--name", "Kort",
                "--password-stdin", input="kort\n")
        if r.returncode == 0:
            raise Failure("user add accepted a 4-character password")
        r = cli(binary, "user", "add", "--data", d, "--login", "cli-gen", "--name", "Gen")
        expect_rc(r, 0, "user add with a generated password")
        if not re.search(r"password: \S{10,}", r.stdout):
            raise Failure("user add did not print the generated password: %r" % r.stdout)
        r = cli(binary, "user", "list", "--data", d)
        expect_rc(r, 0, "user list")
        line = [ln for ln in r.stdout.splitlines() if ln.startswith("cli-test ")]
        if not line or "wijkregisseur" not in line[0] or "disabled" in line[0]:
            raise Failure("user list: %r" % r.stdout)
        if "cli-kort" in r.stdout:
            raise Failure("the refused user cli-kort was stored")
        r = cli(binary, "user", "disable", "--data", d, "--login", "cli-test")
        expect_rc(r, 0, "user disable")
        r = cli(binary, "user", "list", "--data", d)
        line = [ln for ln in r.stdout.splitlines() if ln.startswith("cli-test ")]
        if not line or "disabled" not in line[0]:
            raise Failure("after disable, user list shows %r" % line)
        r = cli(binary, "user", "disable", "--data", d, "--login", "nobody-here")
        if r.returncode == 0:
            raise Failure("user disable of an unknown login succeeded")
        r = cli(binary, "user", "frobnicate", "--data", d)
        expect_rc(r, 2, "user frobnicate")

    def user_passwords():
        # Debian's stock CrackLib accepts these three; the installation's dictionary and
        # the check of the word inside do not, with the reason in Dutch
        for pw, reason in (("welkom123!", "bekend woord met alleen wat cijfers"),
                           ("Zoetermeer2026", "de naam van deze site"),
                           ("wachtwoord12", "woord uit het woordenboek")):
            for args in (["add", "--login", "cli-zwak", "--name", "Cli Zwak"],
                         ["passwd", "--login", "cli-test"]):
                r = cli(binary, "user", *args, "--data", d, "--password-stdin", input=pw + "\n")
                expect_rc(r, 1, "user %s with %s" % (args[0], pw))
                if reason not in r.stderr:
                    raise Failure("user %s with %s: %r, not the reason" % (args[0], pw, r.stderr))
        r = cli(binary, "user", "list", "--data", d)
        if "cli-zwak" in r.stdout:
            raise Failure("an account with a weak password was stored")
        # the person's own name
        r = cli(binary, "user", "add", "--data", d, "--login", "g.oudbroekhuis", "--name",
                "Gerrit Oudbroekhuis", "--password-stdin", input="Oudbroekhuis1970!\n")
        expect_rc(r, 1, "user add with the person's name as password")
        r = cli(binary, "user", "passwd", "--data", d, "--login", "cli-test", "--password-stdin",
                input="Sterker-Qz92-wachtwoord\n")
        expect_rc(r, 0, "user passwd with a strong password")

    def user_roles():
        # the operator decides the care network's membership on the command line
        r = cli(binary, "user", "grant", "--data", d, "--login", "cli-test", "--role",
                "aanvoerder-wzn:WZN")
        expect_rc(r, 0, "user grant aanvoerder-wzn")
        r = cli(binary, "user", "list", "--data", d)
        line = [ln for ln in r.stdout.splitlines() if ln.startswith("cli-test ")]
        if not line or "aanvoerder-wzn" not in line[0] or "wijkregisseur" not in line[0]:
            raise Failure("after grant, user list shows %r" % line)
        r = cli(binary, "user", "edit", "--data", d, "--login", "cli-test", "--email",
                "cli@example.org")
        expect_rc(r, 0, "user edit --email")
        r = cli(binary, "user", "revoke", "--data", d, "--login", "cli-test", "--role",
                "aanvoerder-wzn:WZN")
        expect_rc(r, 0, "user revoke aanvoerder-wzn")
        r = cli(binary, "user", "list", "--data", d)
        line = [ln for ln in r.stdout.splitlines() if ln.startswith("cli-test ")]
        if not line or "aanvoerder-wzn" in line[0]:
            raise Failure("after revoke, user list shows %r" % line)
        # ... but not even the operator makes an administrator decide money or cases
        r = cli(binary, "user", "grant", "--data", d, "--login", "admin", "--role",
                "aanvoerder-wzn:WZN")
        expect_rc(r, 1, "user grant aanvoerder-wzn to the administrator")
        if "Een beheerder kan niet ook een rol hebben" not in r.stderr:
            raise Failure("grant to the administrator: %r" % r.stderr)
        r = cli(binary, "user", "add", "--data", d, "--login", "cli-dubbel", "--name", "Dubbel",
                "--role", "beheerder", "--role", "wijkwethouder", "--password-stdin",
                input="Dubbel-Qz93-wachtwoord\n")
        expect_rc(r, 1, "user add beheerder with wijkwethouder")
        r = cli(binary, "user", "revoke", "--data", d, "--login", "cli-test", "--role", "raadslid")
        expect_rc(r, 1, "user revoke of a role the account lacks")
        con = sqlite3.connect(os.path.join(d, "wijkregie.db"))
        try:
            n = con.execute("SELECT count(*) FROM audit WHERE actor = 'system' AND entity = 'user'"
                            " AND action = 'update' AND after LIKE '%aanvoerder-wzn%'").fetchone()
        finally:
            con.close()
        if n[0] < 1:
            raise Failure("the operator's grant is not in the audit trail")

    def serve_without_dictionary():
        r = cli(binary, "serve", "--data", d, "--listen", "127.0.0.1:%d" % free_port(),
                "--password-dictionary", os.path.join(workdir, "geen", "woorden"), timeout=60)
        expect_rc(r, 1, "serve without the password dictionary")
        if "password dictionary" not in r.stderr or "geen/woorden" not in r.stderr:
            raise Failure("serve without the dictionary said: %r" % r.stderr)

    def backup_usage():
        r = cli(binary, "backup", "--data", d)
        expect_rc(r, 2, "backup without --to")

    results.run("cli: --help of every command exits 0", help_ok)
    results.run("cli: init --bogus exits 2 with usage", bogus_option)
    results.run("cli: unknown command exits 2", unknown_command)
    results.run("cli: init --demo twice leaves the same row counts", init_twice)
    results.run("cli: apikey create prints a key, stores only its hash", apikey)
    results.run("cli: user add, list, disable", users)
    results.run("cli: user add and passwd refuse weak passwords with the reason in Dutch",
                user_passwords)
    results.run("cli: user grant, revoke, edit; no deciding role for an administrator",
                user_roles)
    results.run("cli: serve stops with a clear message when the password dictionary is missing",
                serve_without_dictionary)
    results.run("cli: backup without --to exits 2", backup_usage)
    results.run("cli: report writes the council report as HTML and as PDF", report)


# --- backup ----------------------------------------------------------------------------

# Columns that change on reads (a session's last use); left out of the comparison.
VOLATILE = {"session": {"last_seen"}}


def snapshot(dbpath):
    """Every table's rows (as sets of tuples, volatile columns left out)."""
    con = sqlite3.connect("file:%s?mode=ro" % dbpath, uri=True, timeout=30)
    try:
        con.execute("BEGIN")
        out = {}
        names = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        for n in names:
            cols = [r[1] for r in con.execute('PRAGMA table_info("%s")' % n)
                    if r[1] not in VOLATILE.get(n, ())]
            q = "SELECT %s FROM \"%s\"" % (", ".join('"%s"' % c for c in cols), n)
            out[n] = set(con.execute(q).fetchall())
        con.execute("COMMIT")
        return out
    finally:
        con.close()


def test_backup(env, workdir):
    main = env.server("main")
    src_db = os.path.join(main.data, "wijkregie.db")
    admin = env.login_jar("main", "admin")
    env.ensure_session("main", admin)
    stop = threading.Event()
    errors = []
    created = []

    def changes():
        n = 0
        regions = ["oost", ""]
        while not stop.is_set() and n < 200:
            n += 1
            login = "backup-%d" % n
            fields = {"csrf": env.csrf("main", admin), "login": login, "name": "Backup %d" % n,
                      "email": "", "password": "Backup-wachtwoord-%d" % n,
                      "role1": "raadslid", "scope1": ""}
            r = env.send("main", "POST", "/beheer/gebruikers/nieuw", admin,
                         [("Content-Type", "application/x-www-form-urlencoded")],
                         body=urllib.parse.urlencode(fields).encode())
            if r.status != 303:
                errors.append("creating %s: %d %s" % (login, r.status, error_text(r.text)))
                return
            created.append(login)
            fields = {"csrf": env.csrf("main", admin), "wijk": "WK063709",
                      "region": regions[n % 2]}
            r = env.send("main", "POST", "/beheer/wijken", admin,
                         [("Content-Type", "application/x-www-form-urlencoded")],
                         body=urllib.parse.urlencode(fields).encode())
            if r.status != 303:
                errors.append("assigning a region: %d" % r.status)
                return

    t = threading.Thread(target=changes)
    t.start()
    try:
        deadline = time.time() + 20
        while len(created) < 3 and time.time() < deadline and not errors:
            time.sleep(0.02)
        before = snapshot(src_db)
        n_before = len(created)
        to = os.path.join(workdir, "backup-copy")
        r = cli(env.binary, "backup", "--data", main.data, "--to", to)
        expect_rc(r, 0, "backup")
        after = snapshot(src_db)
        time.sleep(0.3)  # a few more changes after the backup
    finally:
        stop.set()
        t.join()
        # leave Buitengebied as it was: in no region
        fields = {"csrf": env.csrf("main", admin), "wijk": "WK063709", "region": ""}
        env.send("main", "POST", "/beheer/wijken", admin,
                 [("Content-Type", "application/x-www-form-urlencoded")],
                 body=urllib.parse.urlencode(fields).encode())
    if errors:
        raise Failure("the change loop failed: " + "; ".join(errors))
    if not created:
        raise Failure("no changes were made during the backup")
    copy_db = os.path.join(to, "wijkregie.db")
    con = sqlite3.connect(copy_db)
    try:
        ic = con.execute("PRAGMA integrity_check").fetchall()
        fk = con.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        con.close()
    if ic != [("ok",)]:
        raise Failure("integrity_check of the copy: %r" % ic)
    if fk:
        raise Failure("foreign_key_check of the copy: %r" % fk[:5])
    copy = snapshot(copy_db)
    problems = []
    if set(copy) != set(before):
        problems.append("tables differ: %r vs %r" % (sorted(copy), sorted(before)))
    for t_name in before:
        cp = copy.get(t_name, set())
        if t_name == "area_region":
            # the loop moves Buitengebied between regions, which updates and deletes
            # rows (a same-day assignment is dropped): checked against the audit below
            continue
        missing = before[t_name] - cp
        if missing:
            problems.append("%s: %d rows of before the backup are missing from the copy, "
                            "e.g. %r" % (t_name, len(missing), sorted(missing)[:1]))
        if t_name not in ("session", "login_throttle"):
            alien = cp - after[t_name]
            if alien:
                problems.append("%s: %d rows in the copy never were in the source, e.g. %r"
                                % (t_name, len(alien), sorted(alien)[:1]))
    # consistency: a user is in the copy exactly when its audit entry is
    con = sqlite3.connect(copy_db)
    try:
        users_c = set(r[0] for r in con.execute("SELECT login FROM user WHERE login LIKE "
                                                "'backup-%'"))
        audit_c = set(r[0] for r in con.execute(
            "SELECT json_extract(after, '$.login') FROM audit WHERE action='create' AND "
            "entity='user' AND json_extract(after, '$.login') LIKE 'backup-%'"))
    finally:
        con.close()
    if len(users_c) < n_before or len(users_c) > len(created):
        problems.append("the copy has %d of the loop's users; %d existed before the backup, "
                        "%d in the end" % (len(users_c), n_before, len(created)))
    # consistency: Buitengebied's region in the copy is the one its last audit entry says
    con = sqlite3.connect(copy_db)
    try:
        cur = con.execute(
            "SELECT r.slug FROM area_region ar JOIN area a ON a.id = ar.area_id "
            "JOIN region r ON r.id = ar.region_id WHERE a.code = 'WK063709' "
            "AND ar.valid_to IS NULL").fetchall()
        last = con.execute(
            "SELECT json_extract(au.after, '$.region') FROM audit au JOIN area a "
            "ON a.id = au.entity_id WHERE au.action = 'assign_region' AND au.entity = 'area' "
            "AND a.code = 'WK063709' ORDER BY au.id DESC LIMIT 1").fetchall()
    finally:
        con.close()
    region_now = cur[0][0] if cur else None
    region_audit = last[0][0] if last else None
    if len(cur) > 1 or region_now != region_audit:
        problems.append("in the copy Buitengebied is in region %r, its last audit entry says %r"
                        % ([c[0] for c in cur], region_audit))
    if users_c != audit_c:
        problems.append("users and their audit entries disagree in the copy: %r"
                        % sorted(users_c ^ audit_c))
    if problems:
        raise Failure("; ".join(problems))

    # restore: serve the copy and look at it over HTTP
    restore = Server("restore", env.binary, workdir, data=to, init=False)
    env.servers["restore"] = restore
    restore.start()
    try:
        jar = Jar("admin", DEMO_PASSWORD)
        env.login("restore", jar)
        r = env.send("restore", "GET", "/beheer/gebruikers", jar)
        if r.status != 200:
            raise Failure("restored server: /beheer/gebruikers gave %d" % r.status)
        shown = set(re.findall(r'href="/beheer/gebruikers/\d+">([^<]+)</a>', r.text))
        con = sqlite3.connect("file:%s?mode=ro" % copy_db, uri=True)
        try:
            # the staff accounts: residents' accounts are not in the administrator's list
            logins = set(x[0] for x in con.execute(
                "SELECT login FROM user WHERE id NOT IN (SELECT user_id FROM resident)"))
        finally:
            con.close()
        if shown != logins:
            raise Failure("restored server and the copy differ in users: %r"
                          % sorted(shown ^ logins))
        for u in sorted(users_c)[:1]:
            j2 = Jar(u, "Backup-wachtwoord-%s" % u.split("-")[1])
            env.login("restore", j2)
        r = env.send("restore", "GET", "/beheer/audit", jar)
        if r.status != 200 or "backup-1" not in r.text:
            raise Failure("restored server: the audit log lacks the backup-1 entry")
    finally:
        rc = restore.stop()
        rep = restore.sanitizer_report()
        if rep:
            raise Failure("restore server sanitizer report: " + rep)
        if rc != 0:
            raise Failure("restore server exited with %r" % rc)
    return len(created)


def test_audit_has_no_secrets(env):
    """The audit table never holds a password or a password hash."""
    con = sqlite3.connect("file:%s?mode=ro" % os.path.join(env.server("main").data,
                                                        "wijkregie.db"), uri=True)
    try:
        rows = con.execute("SELECT before, after FROM audit").fetchall()
        hashes = [r[0] for r in con.execute("SELECT password_hash FROM user")]
    finally:
        con.close()
    text = "\n".join("%s %s" % r for r in rows)
    for bad in ["$argon2", "password_hash", DEMO_PASSWORD] + hashes:
        if bad and bad in text:
            raise Failure("the audit table contains %r" % bad[:20])
    # every password the cases typed has "wachtwoord" in it
    for m in re.finditer(r"[A-Za-z-]*[Ww]achtwoord-[0-9]+", text):
        raise Failure("the audit table contains a password-like value %r" % m.group(0))
    if not rows:
        raise Failure("the audit table is empty")


def test_access_log(server):
    """One line per request: time, method, path without query, status, bytes,
    microseconds; no addresses, no passwords, no query strings."""
    lines = [ln for ln in server.stderr().splitlines() if " access " in ln]
    bad = [ln for ln in lines if not re.fullmatch(
        r"\S+ access [A-Z]+ (/\S*|-) \d{3} \d+ \d+", ln)]
    if bad:
        raise Failure("malformed access log lines: %r" % bad[:3])
    for ln in lines:
        for secret in ("?", "wijkregie-demo", "wachtwoord-", "203.0.113.", "198.51.100.",
                       "192.0.2.", "127.0.0."):
            if secret in ln:
                raise Failure("the access log holds %r: %r" % (secret, ln))
    if len(lines) != server.requests:
        raise Failure("%d access log lines for %d requests" % (len(lines), server.requests))


# --- malformed requests on the wire ------------------------------------------------

RAW_CASES = [
    # (name, bytes, statuses that are fine; None: the server may just close)
    ("header of 100 KB", b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 100000 + b"\r\n\r\n",
     {413, 431}),
    ("3000 header lines", b"GET / HTTP/1.1\r\n" +
     b"".join(b"X-H%d: v\r\n" % i for i in range(3000)) + b"Host: x\r\n\r\n", {413, 431}),
    ("garbage request line", b"GARBAGE\r\n\r\n", None),
    ("unknown HTTP version", b"GET / HTTP/9.9\r\nHost: x\r\n\r\n", {400, 505}),
    ("bad chunk size", b"POST /inloggen HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
     b"Content-Type: application/x-www-form-urlencoded\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", {400}),
    ("negative Content-Length", b"POST /inloggen HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
     {400}),
    ("huge Content-Length", b"POST /inloggen HTTP/1.1\r\nHost: x\r\n"
     b"Content-Length: 99999999999999999999999\r\n\r\n", {400, 413}),
    ("path of 5000 characters", b"GET /" + b"a" * 5000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
     {400, 404, 414}),
    ("query with 400 parameters", b"GET /?" + b"a=1&" * 400 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
     {400, 414, 431}),
    # libmicrohttpd 0.9.75 runs out of its connection pool while parsing this
    # many arguments and then cannot send its own 431; the connection is
    # dropped at the timeout. What we require: no 5xx, no leak (checked at
    # shutdown) and a server that keeps answering (checked after the cases).
    ("query with 2000 parameters", b"GET /?" + b"a=1&" * 2000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
     None),
    ("2000 cookies", b"GET / HTTP/1.1\r\nHost: x\r\nCookie: " + b"a=b; " * 2000 + b"\r\n\r\n",
     {200, 400, 431}),
    ("long Accept-Language", b"GET / HTTP/1.1\r\nHost: x\r\nAccept-Language: " +
     b"en;q=0.5," * 500 + b"\r\n\r\n", {200, 400, 431}),
    ("multipart without boundary", b"POST /inloggen HTTP/1.1\r\nHost: x\r\n"
     b"Content-Type: multipart/form-data\r\nContent-Length: 5\r\n\r\nhello", {400, 403}),
    ("multipart with a broken part", b"POST /inloggen HTTP/1.1\r\nHost: x\r\n"
     b"Content-Type: multipart/form-data; boundary=B\r\nContent-Length: 18\r\n\r\n"
     b"--B\r\nbroken\r\n--B--", {400, 403}),
    ("NUL in a header", b"GET / HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n", {200, 400}),
    ("bare LF line ends", b"GET / HTTP/1.1\nHost: x\nConnection: close\n\n", {200, 400}),
]


def raw_exchange(port, data, timeout=3.0):
    """Sends data (with Connection: close added), returns (status or None, error)."""
    if b"\r\nHost: x\r\n" in data:
        data = data.replace(b"\r\nHost: x\r\n", b"\r\nHost: x\r\nConnection: close\r\n", 1)
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        try:
            s.sendall(data)
        except OSError:
            pass
        out = b""
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                d = s.recv(65536)
            except socket.timeout:
                if out:
                    break
                return None, "no answer within %.0f s" % timeout
            except OSError as e:
                return None, "closed: %s" % e
            if not d:
                break
            out += d
        else:
            if not out:
                return None, "no answer within %.0f s" % timeout
        m = re.match(rb"HTTP/1\.[01] (\d{3}) ", out)
        return (int(m.group(1)) if m else None), ("" if m else "closed without an answer")
    finally:
        s.close()


# The raw server: small limits against slow clients, so that their tests take
# seconds; 127.0.0.3 is its trusted proxy (exempt from the limits).
RAW_PER_CLIENT = 10
RAW_SERVER_ARGS = ["--max-connections-per-client", str(RAW_PER_CLIENT),
                   "--request-head-seconds", "3", "--request-body-seconds", "3",
                   "--request-body-min-rate", "1000", "--trusted-proxies", "127.0.0.3"]

# Requests whose length a proxy and the server could read differently. Each must
# be answered 400 and its connection closed (no "Connection: close" is added).
SMUGGLING_CASES = [
    ("Content-Length and Transfer-Encoding",
     b"POST /inloggen HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n"
     b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nX"),
    ("Transfer-Encoding before Content-Length",
     b"POST /inloggen HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
     b"Content-Length: 3\r\n\r\n0\r\n\r\n"),
    ("two different Content-Length values",
     b"POST /inloggen HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
     b"Content-Length: 6\r\n\r\nhello!"),
    ("a Content-Length list", b"POST /inloggen HTTP/1.1\r\nHost: x\r\n"
     b"Content-Length: 5, 6\r\n\r\nhello!"),
    ("an unknown transfer coding (gzip)",
     b"POST /inloggen HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\nabc"),
    ("identity as transfer coding",
     b"POST /inloggen HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: identity\r\n\r\nabc"),
    ("gzip, chunked", b"POST /inloggen HTTP/1.1\r\nHost: x\r\n"
     b"Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"),
    ("two Transfer-Encoding headers", b"POST /inloggen HTTP/1.1\r\nHost: x\r\n"
     b"Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
    ("white space before the colon of Transfer-Encoding",
     b"POST /inloggen HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n"
     b"Content-Length: 3\r\n\r\nabc"),
    ("chunked with a trailing space",
     b"POST /inloggen HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked \r\n\r\n0\r\n\r\n"),
    ("Transfer-Encoding in HTTP/1.0", b"POST /inloggen HTTP/1.0\r\nHost: x\r\n"
     b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
    ("Content-Length and Transfer-Encoding on a GET",
     b"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
     b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
]


def read_until_closed(sock, timeout):
    """Everything the server sends until it closes (b"" data, True) or the
    timeout passes (data, False)."""
    out = b""
    deadline = time.time() + timeout
    while time.time() < deadline:
        sock.settimeout(max(0.05, deadline - time.time()))
        try:
            d = sock.recv(65536)
        except socket.timeout:
            break
        except OSError:
            return out, True
        if not d:
            return out, True
        out += d
    return out, False


def smuggling_refused(srv, data):
    with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as s:
        s.sendall(data)
        out, closed = read_until_closed(s, 10)
    m = re.match(rb"HTTP/1\.[01] (\d{3}) ", out)
    if not m:
        raise Failure("no answer (%s)" % ("closed" if closed else "left hanging"))
    if m.group(1) != b"400":
        raise Failure("answered %s" % m.group(1).decode())
    if not closed:
        raise Failure("400, but the connection stays open")


def smuggled_request_not_answered(srv):
    hidden = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
    body = b"0\r\n\r\n" + hidden
    data = (b"POST /inloggen HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
            b"Content-Length: %d\r\n\r\n" % len(body)) + body
    with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as s:
        s.sendall(data)
        out, closed = read_until_closed(s, 10)
    answers = re.findall(rb"HTTP/1\.[01] \d{3} ", out)
    if len(answers) != 1 or not closed:
        raise Failure("%d answers, connection %s" % (len(answers), "closed" if closed else "open"))


def smuggling_api_format(srv):
    data = (b"POST /open311/v2/requests.json HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
    with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as s:
        s.sendall(data)
        out, closed = read_until_closed(s, 10)
    head, _, body = out.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 400") or not closed:
        raise Failure("answered %r, %s" % (head[:20], "closed" if closed else "open"))
    if b"chunked" in head.lower():
        body = b""  # not expected: the glue answers with Content-Length
    try:
        doc = json.loads(body)
    except ValueError:
        raise Failure("not the API's JSON error list: %r" % body[:100])
    if not (isinstance(doc, list) and doc and doc[0].get("code") == 400):
        raise Failure("not the API's error list: %r" % doc)


def plain_framing_passes(srv):
    """Only ambiguous framing is refused: chunked alone and a repeated equal
    Content-Length reach the route (403: no CSRF token)."""
    for data in (b"POST /inloggen HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                 b"Transfer-Encoding: chunked\r\n\r\n3\r\na=b\r\n0\r\n\r\n",
                 b"POST /inloggen HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                 b"Content-Length: 3\r\nContent-Length: 3\r\n\r\na=b"):
        with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as s:
            s.sendall(data)
            out, _ = read_until_closed(s, 10)
        if not out.startswith(b"HTTP/1.1 403"):
            raise Failure("answered %r" % out[:20])


def closed_metric(srv, reason):
    r = http_request(srv.port, "GET", "/metrics", timeout=30)
    m = re.search(r'^wijkregie_http_connections_closed_total\{reason="%s"\} (\d+)$' % reason,
                  r.text, re.M)
    if r.status != 200 or not m:
        raise Failure("/metrics has no wijkregie_http_connections_closed_total{reason=%s}" % reason)
    return int(m.group(1))


def poll_closed(socks, timeout):
    """Waits until every socket in socks is closed by the server; returns the
    ones still open after timeout."""
    import select
    open_ = {s.fileno(): s for s in socks}
    deadline = time.time() + timeout
    while open_ and time.time() < deadline:
        p = select.poll()
        for fd in open_:
            p.register(fd, select.POLLIN | select.POLLHUP | select.POLLERR)
        for fd, _ in p.poll(200):
            s = open_[fd]
            try:
                if not s.recv(4096):
                    del open_[fd]
            except BlockingIOError:
                pass
            except OSError:
                del open_[fd]
    return list(open_.values())


SLOW_SOCKETS = 1020


def slow_heads(srv):
    """1,020 clients from 127.0.0.2 that send a header line every second: the
    server keeps answering others, and every slow socket is closed (past the
    per-client limit at once, the rest at the head deadline). Ceilings are
    generous: they tell a stuck server from a working one, they time nothing."""
    socks = []
    try:
        for _ in range(SLOW_SOCKETS):
            s = socket.socket()
            s.bind(("127.0.0.2", 0))
            s.settimeout(5)
            try:
                s.connect(("127.0.0.1", srv.port))
                s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
            except OSError:
                s.close()
                continue
            s.setblocking(False)
            socks.append(s)
        stop = threading.Event()

        def trickle():
            while not stop.wait(1.0):
                for s in socks:
                    try:
                        s.send(b"X-Slow: 1\r\n")
                    except OSError:
                        pass
        t = threading.Thread(target=trickle)
        t.start()
        try:
            try:
                r = http_request(srv.port, "GET", "/healthz", timeout=30)
            except OSError as e:
                raise Failure("/healthz from 127.0.0.1 did not answer within 30 s (%s)" % e)
            if r.status != 200:
                raise Failure("/healthz answered %d" % r.status)
            left = poll_closed(socks, 60)
        finally:
            stop.set()
            t.join()
        if left:
            raise Failure("%d of %d slow sockets still open after 60 s" % (len(left), len(socks)))
    finally:
        for s in socks:
            s.close()
    if closed_metric(srv, "head_deadline") < 1:
        raise Failure("no connection counted as closed at the head deadline")


def slow_body(srv):
    """A body that trickles in (10 bytes a second, far below the minimum rate)
    is closed at the body deadline."""
    before = closed_metric(srv, "body_deadline")
    (s,) = connect_from("127.0.0.2", srv.port, 1, 5)
    try:
        s.sendall(b"POST /inloggen HTTP/1.1\r\nHost: x\r\nContent-Type: "
                  b"application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n")
        s.setblocking(False)
        deadline = time.time() + 60
        closed = False
        while time.time() < deadline and not closed:
            try:
                s.send(b"a=bbbbbbbb")
            except OSError:
                closed = True
                break
            closed = not poll_closed([s], 1.0)
        if not closed:
            raise Failure("the trickling body is still open after 60 s")
    finally:
        s.close()
    if closed_metric(srv, "body_deadline") <= before:
        raise Failure("not counted as closed at the body deadline")


def connect_from(source, port, n, timeout):
    """n connections to the server from source address (nothing sent yet)."""
    socks = []
    try:
        for _ in range(n):
            s = socket.socket()
            socks.append(s)
            s.bind((source, 0))
            s.settimeout(timeout)
            s.connect(("127.0.0.1", port))
    except OSError:
        for s in socks:
            s.close()
        raise
    return socks


def per_client_limit(srv):
    """25 idle connections from 127.0.0.4: the 15 past the limit of 10 are
    refused as they come (counted in /metrics); 25 from the trusted proxy
    127.0.0.3 are all served, however long they wait."""
    before = closed_metric(srv, "per_client_limit")
    socks = connect_from("127.0.0.4", srv.port, RAW_PER_CLIENT + 15, 5)
    try:
        for s in socks:
            s.setblocking(False)
        left = poll_closed(socks, 60)
        if left:
            raise Failure("%d idle connections still open after 60 s" % len(left))
    finally:
        for s in socks:
            s.close()
    refused = closed_metric(srv, "per_client_limit") - before
    if refused < 15:
        raise Failure("%d connections refused for the per-client limit, expected 15" % refused)
    before = closed_metric(srv, "per_client_limit")
    proxies = connect_from("127.0.0.3", srv.port, RAW_PER_CLIENT + 15, 30)
    try:
        time.sleep(4)  # past the head deadline: a trusted proxy's connections wait as they like
        for s in proxies:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        for i, s in enumerate(proxies):
            out, _ = read_until_closed(s, 30)
            if not out.startswith(b"HTTP/1.1 200"):
                raise Failure("proxy connection %d answered %r" % (i + 1, out[:20]))
    finally:
        for s in proxies:
            s.close()
    if closed_metric(srv, "per_client_limit") != before:
        raise Failure("a trusted proxy's connection was refused")


def run_raw_tests(env, results):
    """Malformed requests against a server of their own; it must answer each
    (or close), stay healthy, and stop cleanly without sanitizer reports."""
    if not results.wanted("raw:"):
        return
    srv = Server("raw", env.binary, env.workdir, RAW_SERVER_ARGS)
    env.servers["raw"] = srv
    try:
        srv.start()
    except Failure as e:
        results.fail("raw: start", e)
        return
    for name, data, ok in RAW_CASES:
        def one(data=data, ok=ok):
            status, err = raw_exchange(srv.port, data)
            if ok is None:
                if status is not None and status >= 500:
                    raise Failure("answered %d" % status)
                return
            if status is None:
                raise Failure(err)
            if status not in ok:
                raise Failure("answered %d, expected one of %s" % (status, sorted(ok)))
        results.run("raw: %s" % name, one)

    for name, data in SMUGGLING_CASES:
        results.run("raw: smuggling: %s is 400 and closed" % name, smuggling_refused, srv, data)
    results.run("raw: smuggling: the request hidden behind CL and TE is never answered",
                smuggled_request_not_answered, srv)
    results.run("raw: smuggling: CL and TE under /open311/ is 400 in the API's format",
                smuggling_api_format, srv)
    results.run("raw: a plain chunked body and a repeated equal Content-Length still pass",
                plain_framing_passes, srv)

    results.run("raw: slow clients: 1,020 slow heads from 127.0.0.2, /healthz from 127.0.0.1 "
                "answers and the slow sockets get closed", slow_heads, srv)
    results.run("raw: slow clients: a body trickling in is closed", slow_body, srv)
    results.run("raw: slow clients: connections past the per-client limit are closed at once, "
                "a trusted proxy's are not", per_client_limit, srv)

    def healthy():
        r = http_request(srv.port, "GET", "/healthz")
        if r.status != 200 or r.text != "ok":
            raise Failure("healthz after the malformed requests: %d" % r.status)
    results.run("raw: the server is healthy afterwards", healthy)

    def stop():
        rc = srv.stop()
        rep = srv.sanitizer_report()
        if rep:
            raise Failure("sanitizer report: " + rep)
        if rc != 0:
            raise Failure("exit code %r" % rc)
    results.run("raw: the server stops cleanly, no sanitizer report (no leaked requests)", stop)


# --- a crash mid-traffic ----------------------------------------------------------------

CRASH_CLIENTS = 4
CRASH_SUBMIT_SECONDS = 2.0


def png_image(n):
    """A 64x64 PNG of 8x8 black and white blocks spelling the bits of n: every
    n gives different pixels, so that every photo (after the server
    re-encodes it) is a file of its own under DATA/files."""
    size, block = 64, 8
    rows = []
    for y in range(size):
        row = bytearray([0])  # filter: none
        for x in range(size):
            bit = (y // block) * (size // block) + x // block
            v = 255 if (n >> (bit % 48)) & 1 else 0
            if bit >= 48:
                v = (bit * 37) % 256
            row += bytes([v, 255 - v, v // 2])
        rows.append(bytes(row))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0,
                                                                  0, 0))
            + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b""))


def multipart_with_file(fields, file_field=None, file_name=None, file_data=None,
                        file_type="image/png"):
    """(body bytes, Content-Type): fields as multipart/form-data, plus a file part."""
    boundary = "----wrcrash" + secrets.token_hex(12)
    body, ctype = [], "multipart/form-data; boundary=" + boundary
    for n, v in fields:
        body.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n"
                     % (boundary, n)).encode() + v.encode("utf-8") + b"\r\n")
    if file_field:
        body.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                     "Content-Type: %s\r\n\r\n" % (boundary, file_field, file_name, file_type)
                     ).encode() + file_data + b"\r\n")
    body.append(("--%s--\r\n" % boundary).encode())
    return b"".join(body), ctype


def crash_submitters(srv, category, stop, killed):
    """Runs CRASH_CLIENTS threads that submit signals until stop is set or
    a request fails after killed was set; returns (threads, log). The log
    gets one entry per submission: [token or None, photo number or None,
    outcome]. A request that fails before killed is set stops everything."""
    log = []
    lock = threading.Lock()
    seq = [0]

    def client(k):
        jar = Jar()
        try:
            r = http_request(srv.port, "GET", "/melden?categorie=%s" % category, timeout=10)
        except OSError as e:
            with lock:
                log.append([None, None, "form: %s" % e])
            return
        jar.update(r)
        m = re.search(r'name="csrf" value="([^"]+)"', r.text)
        if r.status != 200 or not m or "wr_csrf" not in jar.cookies:
            with lock:
                log.append([None, None, "form: status %d, no csrf" % r.status])
            return
        csrf = m.group(1)
        n = 0
        while not stop.is_set():
            n += 1
            with lock:
                seq[0] += 1
                i = seq[0]
            photo = i if k % 2 == 0 else None  # clients 0 and 2 send a photo
            fields = [("csrf", csrf), ("category", category), ("type", "melding"),
                      ("description", "Crashtest %d van client %d: de glasbak zit vol." % (n, k)),
                      ("q_soort", "glas"), ("buurt", "BU06370600")]
            if photo:
                body, ctype = multipart_with_file(fields, "photo", "foto-%d.png" % i,
                                                  png_image(photo))
            else:
                body, ctype = multipart_with_file(fields)
            entry = [None, photo, "sent"]
            with lock:
                log.append(entry)
            sent_before_kill = not killed.is_set()
            try:
                r = http_request(srv.port, "POST", "/melden",
                                 [("Content-Type", ctype), ("Cookie", jar.header())], body,
                                 timeout=10)
            except (OSError, http.client.HTTPException) as e:
                if killed.is_set():
                    # the server is gone: in flight at the kill, or sent after it
                    entry[2] = "in flight" if sent_before_kill else "refused"
                else:
                    entry[2] = "error: %s: %s (client %d, its request %d, %s a photo, " \
                        "%.2f s after the start)" % (type(e).__name__, e, k, n,
                                                     "with" if photo else "without",
                                                     time.time() - t0)
                    stop.set()
                return
            loc = r.header("Location") or ""
            m = re.fullmatch(r"/melding/([A-Za-z0-9_-]+)\?nieuw=1", loc)
            if r.status == 303 and m:
                entry[0] = m.group(1)
                entry[2] = "acknowledged"
            else:
                entry[2] = "answered %d %s" % (r.status, error_text(r.text))
                # an answer other than 303 before the kill is a failure of its own
                stop.set()
                return

    t0 = time.time()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(CRASH_CLIENTS)]
    for t in threads:
        t.start()
    return threads, log


def is_jpeg_file(path):
    try:
        with open(path, "rb") as f:
            head = f.read(2)
            f.seek(0, os.SEEK_END)
            return head == b"\xff\xd8" and f.tell() > 2
    except OSError:
        return False


def crash_check_acknowledged(srv, acked):
    """Every acknowledged signal is in the database with its photo row, and
    the photo and thumbnail it names are JPEG files on disk; its status page
    answers 200. Returns the number found complete."""
    dbfile = os.path.join(srv.data, "wijkregie.db")
    con = sqlite3.connect("file:%s?mode=ro" % dbfile, uri=True, timeout=30)
    problems = []
    found = 0
    try:
        for token, photo in acked:
            row = con.execute("SELECT id FROM signal WHERE token = ?", (token,)).fetchone()
            if not row:
                problems.append("signal %s is missing" % token)
                continue
            photos = con.execute("SELECT file, thumb FROM signal_photo WHERE signal_id = ?",
                                 (row[0],)).fetchall()
            if len(photos) != (1 if photo else 0):
                problems.append("signal %s has %d photo rows, expected %d"
                                % (token, len(photos), 1 if photo else 0))
                continue
            bad = [f for p in photos for f in p
                   if not f or not is_jpeg_file(os.path.join(srv.data, "files", f))]
            if bad:
                problems.append("signal %s: photo file %s missing, empty or not a JPEG"
                                % (token, bad[0]))
                continue
            r = http_request(srv.port, "GET", "/melding/%s" % token)
            if r.status != 200:
                problems.append("GET /melding/%s gave %d" % (token, r.status))
                continue
            found += 1
        files = [p[0] for p in con.execute("SELECT file FROM signal_photo")]
        if len(set(files)) != len(files):
            problems.append("photo files are shared between signals: the photos were "
                            "meant to differ")
    finally:
        con.close()
    if problems:
        raise Failure("%d of %d acknowledged signals are incomplete after the restart: %s"
                      % (len(problems), len(acked), "; ".join(problems[:5])))
    return found


def sleep_until(done, seconds):
    """Waits until done() or seconds have passed, in short sleeps. Not
    Event.wait(timeout) or Thread.join(timeout): Python's timed lock waits end
    at a deadline on CLOCK_MONOTONIC through sem_clockwait(), which libfaketime
    does not translate while it moves CLOCK_MONOTONIC to the faked date, so
    under faketime (tools/check.sh) such a wait would last for decades.
    time.sleep() goes through clock_nanosleep(), which libfaketime translates."""
    end = time.monotonic() + seconds
    while not done() and time.monotonic() < end:
        time.sleep(0.02)


def public_category(port, name):
    """The id of the public form's category NAME, as a resident reaches the
    list: step 1 (the description), then the category step."""
    r = http_request(port, "GET", "/melden")
    jar = Jar()
    jar.update(r)
    t = re.search(r'name="csrf" value="([^"]+)"', r.text)
    if r.status != 200 or not t or "wr_csrf" not in jar.cookies:
        raise Failure("GET /melden: %d, no csrf" % r.status)
    body = urllib.parse.urlencode({"csrf": t.group(1), "stap": "beschrijving",
                                   "description": "De container zit vol"}).encode()
    r = http_request(port, "POST", "/melden", headers=[
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("Cookie", "wr_csrf=" + jar.cookies["wr_csrf"])], body=body)
    m = re.search(r'<option value="(\d+)"[^>]*>%s</option>' % re.escape(name), r.text)
    if r.status != 200 or not m:
        raise Failure("POST /melden (step 1): %d, no category %s" % (r.status, name))
    return m.group(1)


def run_crash_test(env, results):
    """Signals submitted by 4 clients (half with a photo) while the server is
    killed with SIGKILL; after a restart on the same data every signal that
    was answered 303 is there, with its photo files."""
    if not results.wanted("crash:"):
        return
    # not --quiet: the server's own messages (and the access log) are kept in
    # crash.stderr, and a failure quotes the messages
    srv = Server("crash", env.binary, env.workdir, ["--reports-per-hour", "0"], init=False,
                 quiet=False)
    env.servers["crash"] = srv
    state = {}
    started = time.time()

    def kill_mid_traffic():
        expect_rc(cli(env.binary, "init", "--data", srv.data), 0, "init")
        srv.start()
        # the category list is the form's second step, after a description
        cat = public_category(srv.port, "Container is vol")
        stop, killed = threading.Event(), threading.Event()
        threads, log = crash_submitters(srv, cat, stop, killed)
        def enough():
            # at least CRASH_SUBMIT_SECONDS, and then until the traffic means
            # something (a loaded machine answers slowly), at most a minute
            acked = [e for e in list(log) if e[2] == "acknowledged"]
            return (time.time() - submitting >= CRASH_SUBMIT_SECONDS and
                    len(acked) >= CRASH_CLIENTS and sum(1 for e in acked if e[1]) >= 2)

        submitting = time.time()
        try:
            sleep_until(lambda: stop.is_set() or enough(), 60)
            killed.set()
            srv.proc.kill()
            srv.proc.wait()
            killed_at = time.time()
        finally:
            stop.set()
            for t in threads:
                sleep_until(lambda: not t.is_alive(), 20)
        srv.errf.close()
        srv.proc = None
        # every failure after killed was set is "in flight" or "refused"
        failed_early = [e[2] for e in log
                        if e[2] not in ("acknowledged", "in flight", "refused")]
        if failed_early:
            said = [ln for ln in srv.stderr().splitlines() if " access " not in ln]
            raise Failure("before the kill, %d acknowledged: %s; the server said: %s"
                          % (sum(1 for e in log if e[2] == "acknowledged"), failed_early[0],
                             " | ".join(said[-8:]) or "nothing"))
        acked = [(e[0], e[1]) for e in log if e[2] == "acknowledged"]
        state["acked"] = acked
        with_photo = sum(1 for _, p in acked if p)
        state["figures"] = "%d submitted, %d acknowledged (%d with a photo), %d in flight " \
            "at the kill" % (len([e for e in log if e[2] != "refused"]), len(acked), with_photo,
                             sum(1 for e in log if e[2] == "in flight"))
        if len(acked) < CRASH_CLIENTS or with_photo < 2:
            raise Failure("too little traffic to mean anything: " + state["figures"])
        # restart on the same data: the WAL of the killed process is recovered
        srv.start()
        state["restart"] = time.time() - killed_at

    results.run("crash: a server killed with SIGKILL while signals come in restarts on its data",
                kill_mid_traffic)
    if "restart" not in state:
        if srv.proc:
            srv.stop()
        return

    def acknowledged_present():
        state["found"] = crash_check_acknowledged(srv, state["acked"])
    results.run("crash: every signal answered 303 is there, with its photo and thumbnail files",
                acknowledged_present)

    def integrity():
        con = sqlite3.connect("file:%s?mode=ro" % os.path.join(srv.data, "wijkregie.db"),
                              uri=True, timeout=30)
        try:
            ic = con.execute("PRAGMA integrity_check").fetchall()
            fk = con.execute("PRAGMA foreign_key_check").fetchall()
            state["in_db"] = con.execute("SELECT count(*) FROM signal").fetchone()[0]
        finally:
            con.close()
        if ic != [("ok",)]:
            raise Failure("integrity_check: %r" % ic[:5])
        if fk:
            raise Failure("foreign_key_check: %r" % fk[:5])
        leftovers = [os.path.join(d, f) for d, _, fs in os.walk(os.path.join(srv.data, "files"))
                     for f in fs if not f.endswith(".jpg") and ".tmp-" not in f]
        if leftovers:
            raise Failure("unexpected files under files/: %r" % leftovers[:3])
    results.run("crash: the database passes integrity_check and foreign_key_check after the "
                "restart", integrity)

    def new_signal():
        cat = public_category(srv.port, "Container is vol")
        jar = Jar()
        r = http_request(srv.port, "GET", "/melden?categorie=%s" % cat)
        jar.update(r)
        csrf = re.search(r'name="csrf" value="([^"]+)"', r.text)
        if not csrf:
            raise Failure("no csrf field on the form after the restart")
        body, ctype = multipart_with_file(
            [("csrf", csrf.group(1)), ("category", cat), ("type", "melding"),
             ("description", "Na de herstart: de glasbak zit nog steeds vol."),
             ("q_soort", "glas"), ("buurt", "BU06370600")],
            "photo", "na.png", png_image(1 << 47))
        r = http_request(srv.port, "POST", "/melden",
                         [("Content-Type", ctype), ("Cookie", jar.header())], body)
        if r.status != 303:
            raise Failure("a new signal after the restart: %d %s" % (r.status,
                                                                     error_text(r.text)))
    results.run("crash: the restarted server takes a new signal with a photo", new_signal)

    results.run("crash: the restarted server stops on SIGTERM with 0, no sanitizer report",
                stop_clean, srv)
    if "figures" in state:
        print("(crash: %s; %s found complete after the restart, %s signals in the database; "
              "restart took %.2f s, the crash group %.1f s)"
              % (state["figures"], state.get("found", "?"), state.get("in_db", "?"),
                 state.get("restart", 0), time.time() - started),
              file=sys.stderr, flush=True)


def run_stop_under_load_test(env, results):
    """The graceful stop while signals come in: 4 clients (half with a photo)
    submit on kept-alive connections, the server gets SIGTERM mid-traffic and
    must exit with 0 within 5 s (every thread it started stopped), without a
    sanitizer report; every signal answered 303 is in the database."""
    if not results.wanted("stop:"):
        return
    srv = Server("stop", env.binary, env.workdir, ["--reports-per-hour", "0"], init=False)
    env.servers["stop"] = srv
    state = {}

    def stop_mid_traffic():
        expect_rc(cli(env.binary, "init", "--data", srv.data), 0, "init")
        srv.start()
        cat = public_category(srv.port, "Container is vol")
        stop, killed = threading.Event(), threading.Event()
        threads, log = crash_submitters(srv, cat, stop, killed)

        def keep_alive_reader():
            # one connection for request after request, as a browser or wrk:
            # the stop must not wait for such a client to go away
            conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
            try:
                while not stop.is_set():
                    conn.request("GET", "/melden")
                    conn.getresponse().read()
            except (OSError, http.client.HTTPException):
                if not killed.is_set():
                    log.append([None, None, "a kept-alive reader failed before the stop"])
            finally:
                conn.close()
        readers = [threading.Thread(target=keep_alive_reader) for _ in range(2)]
        for t in readers:
            t.start()
        threads += readers
        try:
            sleep_until(stop.is_set, CRASH_SUBMIT_SECONDS)
            # after this a failed request is one the stop cut off or refused
            killed.set()
            stop_clean(srv)
        finally:
            stop.set()
            for t in threads:
                sleep_until(lambda: not t.is_alive(), 20)
        failed_early = [e[2] for e in log
                        if e[2] not in ("acknowledged", "in flight", "refused", "sent")]
        if failed_early:
            raise Failure("a submission failed before the stop: %s" % failed_early[0])
        state["acked"] = [e[0] for e in log if e[2] == "acknowledged"]
        if len(state["acked"]) < CRASH_CLIENTS:
            raise Failure("too little traffic to mean anything: %d acknowledged"
                          % len(state["acked"]))
    results.run("stop: a server taking signals stops on SIGTERM with 0 within 5 s, "
                "no sanitizer report", stop_mid_traffic)
    if "acked" not in state:
        return

    def acknowledged_stored():
        con = sqlite3.connect("file:%s?mode=ro" % os.path.join(srv.data, "wijkregie.db"),
                              uri=True, timeout=30)
        try:
            missing = [t for t in state["acked"]
                       if not con.execute("SELECT 1 FROM signal WHERE token = ?",
                                          (t,)).fetchone()]
        finally:
            con.close()
        if missing:
            raise Failure("%d of %d signals answered 303 are not in the database"
                          % (len(missing), len(state["acked"])))
    results.run("stop: every signal answered 303 before the stop is in the database",
                acknowledged_stored)


# --- the council report as PDF under load ----------------------------------------------

PDF_CLIENTS = 6
PDF_TOOL_WRAPPER = """#!/bin/sh
# WeasyPrint, with the start and end of every run logged beside this script
log="$(dirname "$0")/renders.log"
echo "start $$ $(date +%s%N)" >> "$log"
/usr/bin/weasyprint "$@"
rc=$?
echo "end $$ $(date +%s%N) $rc" >> "$log"
exit $rc
"""


def pdf_renders(data):
    """[(start_ns, end_ns or None, exit code or None)] from renders.log."""
    runs = {}
    try:
        with open(os.path.join(data, "renders.log")) as f:
            for line in f:
                w = line.split()
                if w[0] == "start":
                    runs[w[1]] = [int(w[2]), None, None]
                elif w[0] == "end" and w[1] in runs:
                    runs[w[1]][1], runs[w[1]][2] = int(w[2]), int(w[3])
    except OSError:
        pass
    return sorted(tuple(r) for r in runs.values())


def pdf_overlaps(runs):
    """The pairs of renders that ran at the same time."""
    bad = []
    for a, b in zip(runs, runs[1:]):
        if a[1] is None or b[0] < a[1]:
            bad.append((a, b))
    return bad


def run_pdf_tests(env, results):
    """Six parallel requests for one report's PDF, on a server that runs under
    the restrictions of deploy/wijkregie.service (tests/http/service-sandbox.sh:
    read-only system, private /tmp, the data folder as /var/lib/wijkregie, an
    unprivileged user, no new privileges, no capabilities, no writable and
    executable memory) with WeasyPrint behind a wrapper that logs every run."""
    if not results.wanted("pdf:"):
        return
    if not shutil.which("weasyprint") or not os.path.exists("/usr/bin/weasyprint"):
        print("skip: pdf: no /usr/bin/weasyprint (tools/deps.sh installs it)", file=sys.stderr)
        return
    data = os.path.join(env.workdir, "pdf-data")
    shutil.copytree(demo_template(env.binary, env.workdir), data)
    wrapper = os.path.join(data, "weasyprint-logged")
    with open(wrapper, "w") as f:
        f.write(PDF_TOOL_WRAPPER)
    os.chmod(wrapper, 0o755)
    sandbox = [os.path.join(HERE, "service-sandbox.sh"), data]
    probe = subprocess.run(sandbox + ["true"], capture_output=True, text=True)
    if probe.returncode == 77:
        print("skip: pdf: the service's restrictions (a mount namespace needs root); the PDF "
              "tests run without them", file=sys.stderr)
        sandbox, tool = None, wrapper
    elif probe.returncode != 0:
        results.fail("pdf: the service sandbox", probe.stderr[-500:])
        return
    else:
        tool = "/var/lib/wijkregie/weasyprint-logged"
    srv = Server("pdf", env.binary, env.workdir, data=data, init=False,
                 env={"WIJKREGIE_PDF_TOOL": tool}, prefix=sandbox)
    env.servers["pdf"] = srv
    try:
        env.server("pdf")
    except Failure as e:
        results.fail("pdf: start", e)
        return
    year = municipal_time().year - 1
    path = "/raad/rapport/%d.pdf?wijk=oosterheem" % year
    stored = os.path.join(data, "files", "rapporten", "raadsrapport-%d-oosterheem-nl.pdf" % year)
    state = {}

    def get_pdf(jar):
        """GET path until 200, after each Retry-After; [(status, retry-after)], last response."""
        seen = []
        until = time.monotonic() + 600
        while True:
            r = env.send("pdf", "GET", path, jar)
            ra = r.header("Retry-After")
            seen.append((r.status, ra))
            if r.status != 503 or not (ra or "").isdigit() or time.monotonic() > until:
                return seen, r
            time.sleep(int(ra))

    def parallel():
        jars = []
        for k in range(PDF_CLIENTS):
            jar = env.login_jar("pdf", "raadslid", name="pdf-client-%d" % k)
            env.ensure_session("pdf", jar)
            jars.append(jar)
        stop = threading.Event()
        health = []

        def poll():
            while not stop.is_set():
                t0 = time.monotonic()
                try:
                    r = http_request(srv.port, "GET", "/healthz", timeout=30)
                    health.append((r.status, time.monotonic() - t0))
                except OSError as e:
                    health.append((str(e), time.monotonic() - t0))
                time.sleep(0.1)
        answers = [None] * PDF_CLIENTS

        def client(k):
            try:
                answers[k] = get_pdf(jars[k])
            except (OSError, Failure) as e:
                answers[k] = ([(str(e), None)], None)
        poller = threading.Thread(target=poll)
        poller.start()
        clients = [threading.Thread(target=client, args=(k,)) for k in range(PDF_CLIENTS)]
        for t in clients:
            t.start()
        for t in clients:
            sleep_until(lambda: not t.is_alive(), 900)
        stop.set()
        sleep_until(lambda: not poller.is_alive(), 60)
        runs = pdf_renders(data)
        state["runs"] = len(runs)
        state["healthz_worst"] = max((s for _, s in health), default=0)
        state["first"] = [a[0][0][0] for a in answers]
        for seen, r in answers:
            for status, ra in seen[:-1]:
                if status != 503 or not (ra or "").isdigit():
                    raise Failure("an answer before the PDF was %r with Retry-After %r; "
                                  "expected 503 with a number of seconds" % (status, ra))
            if not r or r.status != 200 or r.header("Content-Type") != "application/pdf" \
                    or not r.body.startswith(b"%PDF-"):
                raise Failure("a client did not get the PDF: %r" % (seen[-1],))
        bad = [h for h in health if h[0] != 200]
        if bad or not health:
            raise Failure("/healthz during the renders: %d of %d answers not 200: %r"
                          % (len(bad), len(health), bad[:3]))
        if pdf_overlaps(runs):
            raise Failure("renders ran at the same time: %r" % pdf_overlaps(runs)[:2])
        if len(runs) != 1:
            raise Failure("%d renders for one report asked %d times, expected 1"
                          % (len(runs), PDF_CLIENTS))
        state["pdf"] = answers[0][1].body
    results.run("pdf: six parallel requests for one report start one render, one at a time; "
                "the others get 503 with Retry-After until it is ready; /healthz answers "
                "meanwhile", parallel)

    def kept():
        jar = env.login_jar("pdf", "raadslid", name="pdf-client-0")
        r = env.send("pdf", "GET", path, jar)
        if r.status != 200 or r.body != state.get("pdf"):
            raise Failure("asked again: %d, %s" % (r.status, "the same PDF" if r.body ==
                                                  state.get("pdf") else "another body"))
        if len(pdf_renders(data)) != 1:
            raise Failure("asked again, it was rendered again")
    results.run("pdf: a rendered PDF is kept: asked again, it comes without a new render", kept)

    def closed_once():
        admin = env.login_jar("pdf", "admin")
        env.ensure_session("pdf", admin)
        r = env.send("pdf", "POST", "/raad/rapport/%d/afsluiten" % year, admin,
                     [("Content-Type", "application/x-www-form-urlencoded")],
                     body=urllib.parse.urlencode({"csrf": env.csrf("pdf", admin)}).encode())
        if r.status != 303:
            raise Failure("closing %d: %d" % (year, r.status))
        seen, r = get_pdf(env.login_jar("pdf", "raadslid", name="pdf-client-1"))
        if r.status != 200:
            raise Failure("the closed year's PDF: %r" % (seen[-1],))
        if shutil.which("pdftotext") and "afgesloten" not in pdftext(r.body):
            raise Failure("the PDF after closing the year does not say it is closed")
        runs = pdf_renders(data)
        if len(runs) != 2 or pdf_overlaps(runs):
            raise Failure("%d renders after closing the year (expected 2, one at a time)"
                          % len(runs))
        try:
            with open(stored, "rb") as f:
                on_disk = f.read()
        except OSError as e:
            raise Failure("the closed year's PDF is not kept under files/rapporten: %s" % e)
        if on_disk != r.body:
            raise Failure("the PDF kept under files/rapporten differs from the one sent")
        # another change of the data: the PDF still comes from its file
        r = env.send("pdf", "POST", "/raad/rapport/%d/afsluiten" % (year - 1), admin,
                     [("Content-Type", "application/x-www-form-urlencoded")],
                     body=urllib.parse.urlencode({"csrf": env.csrf("pdf", admin)}).encode())
        if r.status != 303:
            raise Failure("closing %d: %d" % (year - 1, r.status))
        r = env.send("pdf", "GET", path, env.login_jar("pdf", "raadslid", name="pdf-client-2"))
        if r.status != 200 or r.body != on_disk or len(pdf_renders(data)) != 2:
            raise Failure("after a later change the closed year's PDF: %d, %d renders"
                          % (r.status, len(pdf_renders(data))))
    results.run("pdf: closing the year makes its PDF once more, kept under "
                "files/rapporten and sent from there after later changes", closed_once)

    results.run("pdf: the server stops on SIGTERM with 0, no sanitizer report", stop_clean, srv)
    if "runs" in state:
        print("(pdf: %s; first answers %r; /healthz slowest %.2f s; %s renders)"
              % ("under the service's restrictions" if sandbox else "without the sandbox",
                 state["first"], state["healthz_worst"], len(pdf_renders(data))),
              file=sys.stderr, flush=True)


def pdftext(pdf):
    """The text of a PDF, by pdftotext (poppler-utils)."""
    r = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, timeout=60)
    return " ".join(r.stdout.decode("utf-8", "replace").split())


# --- main -----------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description="wijkregie HTTP tests")
    ap.add_argument("binary")
    ap.add_argument("-k", dest="only", action="append",
                    help="run only tests whose name contains this (repeatable: any of them)")
    ap.add_argument("-v", dest="verbose", action="store_true")
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        print("not an executable: %s" % binary, file=sys.stderr)
        return 2
    os.chdir(ROOT)
    # the slow-client test holds over a thousand sockets (servers inherit this)
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = 8192 if hard == resource.RLIM_INFINITY else min(hard, 8192)
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    results = Results(args.only)
    started = time.time()
    workdir = tempfile.mkdtemp(prefix="wijkregie-http-")
    env = Env(binary, workdir)
    try:
        run_cli_tests(binary, workdir, results)
        # the public form's limit per client address is tested on the proxy
        # server; here every case comes from 127.0.0.1
        env.servers["main"] = Server("main", binary, workdir, ["--reports-per-hour", "0"])
        # the proxy server keeps its access log (on stderr) for test_access_log
        env.servers["proxy"] = Server("proxy", binary, workdir,
                                      ["--trusted-proxies", "127.0.0.2"], quiet=False)
        # the example settings (PDOK's map and address lookup), the lookup
        # pointed at a stand-in on loopback
        env.servers["geo"] = Server("geo", binary, workdir,
                                    ["--config", os.path.join(ROOT, "wijkregie.conf.example"),
                                     "--reports-per-hour", "0"])
        env.servers["geo"].standin = LocatieStandIn()
        # each sends its e-mail to an SMTP sink of its own, started with the server
        for s in env.servers.values():
            s.sink = MailSink(s.name, workdir)
        run_case_files(env, results)
        run_geocoder_tests(env, results)
        run_permission_walk(env, results)
        run_grant_walk(env, results)
        run_raw_tests(env, results)
        run_crash_test(env, results)
        run_stop_under_load_test(env, results)
        run_pdf_tests(env, results)
        results.run("audit: never holds a password or hash", test_audit_has_no_secrets, env)
        results.run("access log: a line per request, no query strings, addresses or passwords",
                    lambda: test_access_log(env.server("proxy")))
        results.run("backup: online copy during changes, restore and compare", test_backup,
                    env, workdir)
        # the graceful stop: exit code 0 within 5 s, no sanitizer report
        for name in ("main", "proxy", "geo"):
            if name not in env.started:
                continue
            results.run("shutdown: %s server stops on SIGTERM with 0, no sanitizer report"
                        % name, stop_clean, env.servers[name])
    except Failure as e:
        results.fail("setup", e)
    finally:
        for s in env.servers.values():
            if s.proc:
                s.stop()
            if s.sink:
                s.sink.stop()
            if getattr(s, "standin", None):
                s.standin.stop()
        if args.verbose:
            for s in env.servers.values():
                print("--- stderr of %s ---\n%s" % (s.name, s.stderr()))
        if results.failed == 0 and not args.verbose:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print("(server data and stderr kept in %s)" % workdir, file=sys.stderr)
    if FILE_SECONDS:
        print("(case files: %s)" % ", ".join(
            "%s %.1f s" % (f, t) for f, t in sorted(FILE_SECONDS.items())), file=sys.stderr)
    print("(%.1f s)" % (time.time() - started), file=sys.stderr)
    print("%d passed, %d failed" % (results.passed, results.failed))
    return 1 if results.failed else 0


if __name__ == "__main__":
    sys.exit(main())
