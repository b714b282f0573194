#!/usr/bin/env python3
"""Open311 GeoReport v2 conformance suite for wijkregie, driven by the specification.

Usage:  tests/open311/conformance.py BINARY [-k SUBSTRING] [-v]

Run from the repository root. It creates a demo database in a temporary folder, makes two
API keys with `wijkregie apikey create`, starts `wijkregie serve` on a free loopback port and
checks every endpoint under /open311/v2/ in both formats against the rules of the
specification text (tests/spec/open311/GeoReport_v2_spec.md) and of EXTENSIONS.md: element and
field names, top-level arrays, the XML declaration, content types, W3C datetimes with the
Europe/Amsterdam offset, every filter and every error status (400, 403, 404, 429) with the
error list. The same checker functions first read the specification's own example responses
(tests/spec/open311/georeport_v2_examples): every example that is well-formed must pass them,
so the checks say what the specification says, not what our server happens to do. The
examples that are not well-formed (JSON numbers with leading zeros such as 001) are named in
NOT_WELL_FORMED and must indeed fail to parse.

Then tests/open311/app-flow.sh walks a report app's flow with curl, and the resident's e-mail
through an SMTP sink on loopback (tests/unit/smtp_sink.py). Finally the server is
stopped with SIGTERM; it must exit 0 without a sanitizer report. One line per check
("ok NAME" / "FAIL NAME: reason"), then "N passed, M failed"; exit 1 on any failure.
Only Python's standard library.
"""

import argparse
import datetime
import hashlib
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import secrets
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
EXAMPLES = os.path.join(ROOT, "tests", "spec", "open311", "georeport_v2_examples")
IMAGES = os.path.join(ROOT, "tests", "unit", "data", "img")
NOT_WELL_FORMED = {"json-service-list.json", "json-service-request.json",
                   "json-service-requests.json"}
SANITIZER_MARKS = ["ERROR: AddressSanitizer", "runtime error:", "LeakSanitizer",
                   "SUMMARY: UndefinedBehaviorSanitizer"]
SERVER_ENV = {
    "ASAN_OPTIONS": "detect_leaks=1:abort_on_error=0:halt_on_error=0:exitcode=23",
    "UBSAN_OPTIONS": "print_stacktrace=1:halt_on_error=0",
    "LSAN_OPTIONS": "exitcode=23",
}
JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"
W3C = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")
AMSTERDAM = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$")
DATATYPES = {"string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"}
# what the spec lists for a request (GET Service Requests)
REQUEST_FIELDS = ["service_request_id", "status", "status_notes", "service_name", "service_code",
                  "description", "agency_responsible", "service_notice", "requested_datetime",
                  "updated_datetime", "expected_datetime", "address", "address_id", "zipcode",
                  "lat", "long", "media_url"]
SERVICE_FIELDS = ["service_code", "service_name", "description", "metadata", "type", "keywords",
                  "group"]
# personal data the suite posts; none of it may come back from any endpoint
PERSONAL = {"email": "conformance-melder@example.org", "first_name": "Zorgvuldig",
            "last_name": "Testpersoon", "phone": "0687654321",
            "description": "Privetekst over de buurman Kees op nummer 12",
            "address_string": "Thuisadres Klaverweide 8, bel Zorgvuldig"}


# FixMyStreet's default state table, as its Open311 client reads the servicerequestupdates
# extension (mysociety/fixmystreet, commit 84d7c80c5d9a, August 2026):
# - perllib/Open311.pm, map_state: the incoming word in lower case with "_" as " ", then
#   fixed -> "fixed - council", not councils responsibility -> "not responsible",
#   no further action -> "unable to fix", open -> "confirmed", closed -> "fixed - council"
#   (unless the body sets extended_statuses, off by default); any other word stays as it is;
# - db/schema_0054-add-state-table.sql: the default states and their type, plus the two that
#   perllib/FixMyStreet/DB/ResultSet/State.pm (_hardcoded_states) adds, "confirmed" (open) and
#   "closed" (closed), and "fixed - council"/"fixed - user" (fixed) of
#   perllib/FixMyStreet/DB/Result/Problem.pm (all_states, fixed_states);
# - perllib/Open311/UpdatesBase.pm (_process_update): a state that is not one of these
#   (visible_states) leaves the report as it was, and a fixed report does not move to
#   another fixed state.
FMS_MAP_STATE = {"fixed": "fixed - council", "not councils responsibility": "not responsible",
                 "no further action": "unable to fix", "open": "confirmed",
                 "closed": "fixed - council"}
FMS_STATE_TYPE = {"confirmed": "open", "investigating": "open", "in progress": "open",
                  "planned": "open", "action scheduled": "open", "unable to fix": "closed",
                  "not responsible": "closed", "duplicate": "closed",
                  "internal referral": "closed", "closed": "closed", "fixed": "fixed",
                  "fixed - council": "fixed", "fixed - user": "fixed"}


def fms_state(word):
    """The state FixMyStreet gives a report for an update's status word (None: unknown,
    the report stays as it was)."""
    w = word.lower().replace("_", " ")
    w = FMS_MAP_STATE.get(w, w)
    return w if w in FMS_STATE_TYPE else None


def fms_apply(state, word):
    """A report's state in FixMyStreet after an update with this status word."""
    new = fms_state(word)
    if new is None or (FMS_STATE_TYPE.get(state) == "fixed" and FMS_STATE_TYPE[new] == "fixed"):
        return state
    return new


class Failure(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Failure(msg)


# --- checkers: the specification's rules, applied to examples and to our answers ------------

def parse_example(path):
    """The body of an example file: without the 'HTTP/1.1 ...' status line some carry."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if text.startswith("HTTP/"):
        text = text.split("\n", 1)[1]
    return text.strip()


def is_datetime(v, strict):
    return isinstance(v, str) and (AMSTERDAM if strict else W3C).match(v) is not None


def is_id(v):
    return (isinstance(v, int) and not isinstance(v, bool)) or \
        (isinstance(v, str) and v.strip() != "")


def check_errors_json(d):
    check(isinstance(d, list) and d, "errors: not a non-empty top-level array")
    for e in d:
        check(isinstance(e, dict) and isinstance(e.get("code"), int), "error without integer code")
        check(isinstance(e.get("description"), str) and e["description"], "error without description")


def check_errors_xml(root):
    check(root.tag == "errors", "root is %s, not errors" % root.tag)
    errs = root.findall("error")
    check(errs and len(errs) == len(list(root)), "errors holds something else than error")
    for e in errs:
        check(re.match(r"^\d+$", e.findtext("code") or ""), "error code not a number")
        check((e.findtext("description") or "").strip(), "error without description")


def check_services_json(d):
    check(isinstance(d, list), "services: not a top-level array")
    for s in d:
        for k in ("service_code", "service_name", "metadata", "type"):
            check(k in s, "service lacks %s" % k)
        check(isinstance(s["metadata"], bool), "metadata not true/false")
        check(s["type"] in ("realtime", "batch", "blackbox"), "bad type %r" % s["type"])


def check_services_xml(root):
    check(root.tag == "services", "root is %s" % root.tag)
    for s in root.findall("service"):
        for k in ("service_code", "service_name", "metadata", "type"):
            check(s.find(k) is not None, "service lacks %s" % k)
        check(s.findtext("metadata") in ("true", "false"), "metadata not true/false")
        check(s.findtext("type") in ("realtime", "batch", "blackbox"), "bad type")


def check_definition_json(d):
    check(isinstance(d, dict) and "service_code" in d, "definition lacks service_code")
    check(isinstance(d.get("attributes"), list), "definition lacks attributes")
    for a in d["attributes"]:
        for k in ("variable", "code", "datatype", "required", "order", "description"):
            check(k in a, "attribute lacks %s" % k)
        check(a["datatype"] in DATATYPES, "bad datatype %r" % a["datatype"])
        if a["datatype"].endswith("valuelist"):
            check(a.get("values"), "list attribute without values")
            for v in a["values"]:
                check("key" in v and "name" in v, "value without key or name")


def check_definition_xml(root):
    check(root.tag == "service_definition", "root is %s" % root.tag)
    check(root.find("service_code") is not None, "no service_code")
    attrs = root.find("attributes")
    check(attrs is not None, "no attributes")
    for a in attrs.findall("attribute"):
        for k in ("variable", "code", "datatype", "required", "order", "description"):
            check(a.find(k) is not None, "attribute lacks %s" % k)
        check(a.findtext("datatype") in DATATYPES, "bad datatype")
        if a.findtext("datatype").endswith("valuelist"):
            vals = a.findall("values/value")
            check(vals, "list attribute without values")
            for v in vals:
                check(v.find("key") is not None and v.find("name") is not None, "bad value")


def check_post_json(d):
    check(isinstance(d, list) and len(d) == 1, "post answer: not an array of one")
    r = d[0]
    check(("service_request_id" in r) != ("token" in r),
          "exactly one of service_request_id and token")


def check_post_xml(root):
    check(root.tag == "service_requests", "root is %s" % root.tag)
    rs = root.findall("request")
    check(len(rs) == 1, "not one request")
    check((rs[0].find("service_request_id") is None) != (rs[0].find("token") is None),
          "exactly one of service_request_id and token")


def check_token_json(d):
    check(isinstance(d, list) and d, "token answer: not a non-empty array")
    for r in d:
        check(is_id(r.get("service_request_id")) and "token" in r, "lacks service_request_id/token")


def check_token_xml(root):
    check(root.tag == "service_requests", "root is %s" % root.tag)
    for r in root.findall("request"):
        check(r.findtext("service_request_id") and r.find("token") is not None, "lacks fields")


def check_requests_json(d, strict=False):
    check(isinstance(d, list), "requests: not a top-level array")
    for r in d:
        for k in REQUEST_FIELDS:
            check(k in r, "request lacks %s" % k)
        check(is_id(r["service_request_id"]), "bad service_request_id")
        check(r["status"] in ("open", "closed"), "status %r is not open or closed" % r["status"])
        check(is_datetime(r["requested_datetime"], strict), "requested_datetime %r"
              % r["requested_datetime"])
        for k in ("updated_datetime", "expected_datetime"):
            check(r[k] is None or is_datetime(r[k], strict), "%s %r" % (k, r[k]))
        for k in ("lat", "long"):
            check(r[k] is None or isinstance(r[k], (int, float)), "%s not a number" % k)
        if strict:
            check(isinstance(r["service_code"], str) and r["service_code"], "no service_code")


def check_requests_xml(root, strict=False):
    check(root.tag == "service_requests", "root is %s" % root.tag)
    for r in root.findall("request"):
        for k in REQUEST_FIELDS:
            check(r.find(k) is not None, "request lacks %s" % k)
        check(r.findtext("status") in ("open", "closed"), "status not open/closed")
        check(is_datetime(r.findtext("requested_datetime"), strict), "bad requested_datetime")
        for k in ("lat", "long"):
            t = (r.findtext(k) or "").strip()
            if t:
                float(t)


def check_discovery_json(d):
    for k in ("changeset", "contact", "key_service", "endpoints"):
        check(k in d, "discovery lacks %s" % k)
    check(is_datetime(d["changeset"], False), "changeset not W3C")
    check(d["endpoints"], "no endpoints")
    for e in d["endpoints"]:
        for k in ("specification", "url", "changeset", "type", "formats"):
            check(k in e, "endpoint lacks %s" % k)
        check(e["type"] in ("production", "test"), "bad endpoint type")
    check(any(e["specification"] == "http://wiki.open311.org/GeoReport_v2"
              for e in d["endpoints"]), "no GeoReport_v2 endpoint")


def check_discovery_xml(root):
    check(root.tag == "discovery", "root is %s" % root.tag)
    for k in ("changeset", "contact", "key_service", "endpoints"):
        check(root.find(k) is not None, "discovery lacks %s" % k)
    eps = root.findall("endpoints/endpoint")
    check(eps, "no endpoint elements")
    for e in eps:
        check([f.text for f in e.findall("formats/format")], "no format elements")


def check_updates_json(d):
    check(isinstance(d, list), "updates: not a top-level array")
    for u in d:
        for k in ("update_id", "service_request_id", "status", "updated_datetime",
                  "description", "media_url"):
            check(k in u, "update lacks %s" % k)
        check(is_datetime(u["updated_datetime"], True), "bad updated_datetime")
        check(u["status"] in ("open", "closed", "fixed", "in_progress", "planned",
                              "action_scheduled", "investigating", "duplicate",
                              "not_councils_responsibility", "no_further_action",
                              "internal_referral", "cancelled", "reopen", "for_triage"),
              "bad update status %r" % u["status"])


def check_updates_xml(root):
    check(root.tag == "service_request_updates", "root is %s" % root.tag)
    for u in root.findall("request_update"):
        check(u.findtext("update_id") and u.findtext("service_request_id"), "update lacks ids")


EXAMPLE_CHECKS = {
    "errors": (check_errors_json, check_errors_xml),
    "request-from-token": (check_token_json, check_token_xml),
    "service-definition": (check_definition_json, check_definition_xml),
    "service-list": (check_services_json, check_services_xml),
    "service-request-post": (check_post_json, check_post_xml),
    "service-request": (check_requests_json, check_requests_xml),
    "service-requests": (check_requests_json, check_requests_xml),
}


# --- the server ------------------------------------------------------------------------------

def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


class Resp:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body
        self.text = body.decode("utf-8", errors="replace")

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def json(self):
        check(self.header("Access-Control-Allow-Origin") == "*", "no Access-Control-Allow-Origin")
        check(self.header("Set-Cookie") is None, "the API set a cookie")
        check(self.header("Content-Type") == JSON_TYPE, "Content-Type %r"
              % self.header("Content-Type"))
        return json.loads(self.text)

    def xml(self):
        check(self.header("Access-Control-Allow-Origin") == "*", "no Access-Control-Allow-Origin")
        check(self.header("Set-Cookie") is None, "the API set a cookie")
        check(self.header("Content-Type") == XML_TYPE, "Content-Type %r"
              % self.header("Content-Type"))
        check(self.text.startswith('<?xml version="1.0" encoding="utf-8"?>'),
              "no XML declaration")
        return ET.fromstring(self.body)


class Env:
    def __init__(self, binary, work):
        self.binary, self.work = binary, work
        self.data = os.path.join(work, "data")
        self.seen = []  # every body answered, for the personal data check

    def cli(self, *args):
        env = dict(os.environ)
        env.update(SERVER_ENV)
        r = subprocess.run([self.binary] + list(args), capture_output=True, text=True,
                           env=env, cwd=ROOT, timeout=300)
        if r.returncode != 0:
            raise Failure("%s: exit %d: %s" % (" ".join(args), r.returncode, r.stderr[-500:]))
        return r.stdout

    def start_sink(self):
        """tests/unit/smtp_sink.py receives the server's mail (for app-flow.sh)."""
        self.mail_dir = os.path.join(self.work, "mail")
        os.makedirs(self.mail_dir)
        port_file = os.path.join(self.work, "mail.port")
        python = os.environ.get("WR_PYTHON") or (
            "/usr/bin/python3" if os.access("/usr/bin/python3", os.X_OK) else sys.executable)
        self.sink = subprocess.Popen([python, os.path.join(ROOT, "tests", "unit", "smtp_sink.py"),
                                      self.mail_dir, port_file, "0"])
        for _ in range(300):
            if os.path.exists(port_file):
                with open(port_file) as f:
                    return int(f.read().strip())
            if self.sink.poll() is not None:
                break
            time.sleep(0.1)
        raise Failure("the SMTP sink did not start (python3-aiosmtpd)")

    def start(self):
        smtp_port = self.start_sink()
        # make check makes one demo database for all its suites (WR_DEMO_TEMPLATE):
        # `init --demo` is deterministic and, under the sanitizers, slow
        given = os.environ.get("WR_DEMO_TEMPLATE", "")
        if given and os.path.exists(os.path.join(given, "wijkregie.db")):
            shutil.copytree(given, self.data)
        else:
            self.cli("init", "--data", self.data, "--demo")
        self.key = self.cli("apikey", "create", "--data", self.data, "--name", "conformance",
                            "--rate", "1000").strip()
        self.slow_key = self.cli("apikey", "create", "--data", self.data, "--name", "traag",
                                 "--rate", "3").strip()
        self.port = free_port()
        self.base = "http://127.0.0.1:%d" % self.port
        self.errf = open(os.path.join(self.work, "server.err"), "wb")
        env = dict(os.environ)
        env.update(SERVER_ENV)
        self.proc = subprocess.Popen([self.binary, "serve", "--data", self.data, "--listen",
                                      "127.0.0.1:%d" % self.port, "--smtp-url",
                                      "smtp://127.0.0.1:%d" % smtp_port, "--smtp-from",
                                      "wijkregie@zoetermeer.example"], stdout=self.errf,
                                     stderr=self.errf, env=env, cwd=ROOT)
        for _ in range(300):
            try:
                if self.get("/healthz").status == 200:
                    return
            except OSError:
                pass
            if self.proc.poll() is not None:
                raise Failure("server stopped at start-up")
            time.sleep(0.1)
        raise Failure("server did not start")

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        rc = self.proc.wait(timeout=60)
        self.errf.close()
        with open(os.path.join(self.work, "server.err"), encoding="utf-8",
                  errors="replace") as f:
            err = f.read()
        return rc, err

    def request(self, method, path, fields=None, headers=None, raw=None):
        body = raw
        if fields is not None:
            body = urllib.parse.urlencode(fields).encode()
        req = urllib.request.Request(self.base + path, data=body, method=method)
        if body is not None and not (headers and "Content-Type" in headers):
            req.add_header("Content-Type", "application/x-www-form-urlencoded")
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                resp = Resp(r.status, list(r.getheaders()), r.read())
        except urllib.error.HTTPError as e:
            resp = Resp(e.code, list(e.headers.items()), e.read())
        if path.startswith("/open311/"):
            self.seen.append((path, resp.text))
        return resp

    def get(self, path):
        return self.request("GET", path)

    def post(self, fmt, fields, headers=None):
        return self.request("POST", "/open311/v2/requests.%s" % fmt, fields, headers)

    def db(self):
        return sqlite3.connect("file:%s?mode=ro" % os.path.join(self.data, "wijkregie.db"),
                               uri=True)

    def sql(self, q, *args):
        con = self.db()
        try:
            return con.execute(q, args).fetchall()
        finally:
            con.close()


API = "/open311/v2"


def expect_error(resp, status, fmt):
    check(resp.status == status, "status %d, expected %d: %s" % (resp.status, status,
                                                                 resp.text[:200]))
    if fmt == "json":
        check_errors_json(resp.json())
        check(resp.json()[0]["code"] == status, "error code is not the HTTP status")
    else:
        root = resp.xml()
        check_errors_xml(root)
        check(root.findtext("error/code") == str(status), "error code is not the HTTP status")


def good_post(env, **extra):
    f = {"api_key": env.key, "service_code": "afval.container-is-vol", "lat": "52.0601",
         "long": "4.4943", "attribute[soort]": "glas"}
    f.update(extra)
    return f


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Staff:
    """A member of staff in the back office, as a browser would be: the login form, then
    forms with the session's CSRF token."""

    def __init__(self, env, login, password="wijkregie-demo"):
        self.env = env
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar),
                                                  _NoRedirect)
        page = self.get("/inloggen")
        r = self.post("/inloggen", {"login": login, "password": password,
                                    "csrf": self.csrf(page.text)})
        check(r.status == 303, "login of %s: %d" % (login, r.status))

    @staticmethod
    def csrf(html):
        m = re.search(r'name="csrf" value="([^"]+)"', html)
        check(m, "no csrf field")
        return m.group(1)

    def open(self, method, path, body=None, ctype=None):
        req = urllib.request.Request(self.env.base + path, data=body, method=method)
        if ctype:
            req.add_header("Content-Type", ctype)
        try:
            with self.opener.open(req, timeout=60) as r:
                return Resp(r.status, list(r.getheaders()), r.read())
        except urllib.error.HTTPError as e:
            return Resp(e.code, list(e.headers.items()), e.read())

    def get(self, path):
        return self.open("GET", path)

    def post(self, path, fields):
        return self.open("POST", path, urllib.parse.urlencode(fields).encode(),
                         "application/x-www-form-urlencoded")

    def form(self, path, fields):
        """Posts a form of the signal page at path's signal, with the page's token."""
        sid = re.match(r"^/werk/meldingen/(\d+)/", path).group(1)
        page = self.get("/werk/meldingen/%s" % sid)
        check(page.status == 200, "signal page %s: %d" % (sid, page.status))
        f = dict(fields)
        f["csrf"] = self.csrf(page.text)
        return self.post(path, f)

    def status(self, sid, to, message="", explanation=""):
        r = self.form("/werk/meldingen/%d/status" % sid,
                      {"status": to, "message": message, "uitleg": explanation})
        check(r.status == 303, "status %s of %d: %d %s" % (to, sid, r.status, r.text[:300]))


def multipart(fields, files):
    """(body, Content-Type): fields and files [(name, filename, type, bytes)] as
    multipart/form-data, as a report app's HTTP library sends them."""
    boundary = "----o311" + secrets.token_hex(12)
    out = []
    for n, v in fields.items():
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n"
                    % (boundary, n)).encode() + v.encode("utf-8") + b"\r\n")
    for n, fn, ct, data in files:
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                    "Content-Type: %s\r\n\r\n" % (boundary, n, fn, ct)).encode() + data + b"\r\n")
    out.append(("--%s--\r\n" % boundary).encode())
    return b"".join(out), "multipart/form-data; boundary=" + boundary


def updates_xml(env, query=""):
    """The updates as FixMyStreet reads them: servicerequestupdates.xml, as dicts."""
    r = env.get(API + "/servicerequestupdates.xml" + query)
    check(r.status == 200, "updates: %d %s" % (r.status, r.text[:200]))
    root = r.xml()
    check_updates_xml(root)
    return [{c.tag: (c.text or "") for c in u} for u in root.findall("request_update")], r


# --- the checks ------------------------------------------------------------------------------

def t_examples(env):
    parsed = 0
    for name in sorted(os.listdir(EXAMPLES)):
        kind = re.sub(r"^(json|xml)-|\.(json|xml)$", "", name)
        cj, cx = EXAMPLE_CHECKS[kind]
        text = parse_example(os.path.join(EXAMPLES, name))
        if name in NOT_WELL_FORMED:
            try:
                json.loads(text)
            except ValueError:
                continue
            raise Failure("%s is listed as not well-formed but parses" % name)
        try:
            if name.endswith(".json"):
                cj(json.loads(text))
            else:
                cx(ET.fromstring(text.encode()))
        except Failure as e:
            raise Failure("example %s: %s" % (name, e))
        parsed += 1
    check(parsed == 11, "expected 11 well-formed examples, checked %d" % parsed)


def t_discovery(env):
    d = env.get(API + "/discovery.json")
    check(d.status == 200, "status %d" % d.status)
    j = d.json()
    check_discovery_json(j)
    ep = j["endpoints"][0]
    # no base_url is configured: the address comes from --listen, port included
    check(ep["url"] == env.base + "/open311/v2", "endpoint url %r, served on %s"
          % (ep["url"], env.base))
    check(env.base + "/" in j["contact"], "contact %r does not name %s" % (j["contact"], env.base))
    check(set(ep["formats"]) == {"text/xml", "application/json"}, "formats %r" % ep["formats"])
    check_discovery_xml(env.get(API + "/discovery.xml").xml())


def t_services(env):
    j = env.get(API + "/services.json").json()
    check_services_json(j)
    x = env.get(API + "/services.xml").xml()
    check_services_xml(x)
    check([s["service_code"] for s in j] == [s.findtext("service_code")
                                              for s in x.findall("service")],
          "JSON and XML list different services")
    for s in j:
        for k in SERVICE_FIELDS:
            check(k in s, "service lacks %s" % k)
    codes = {s["service_code"] for s in j}
    check("afval.container-is-vol" in codes, "public service missing")
    # only public, not confidential sub categories: none of those appear
    hidden = env.sql("SELECT p.slug || '.' || c.slug FROM category c JOIN category p ON"
                     " p.id = c.parent_id WHERE NOT c.is_public OR c.confidential"
                     " OR NOT p.is_public OR p.confidential")
    check(hidden, "the demo has no hidden categories to test with")
    for (h,) in hidden:
        check(h not in codes, "hidden category %s listed" % h)
    check(len(codes) == len(j), "service codes are not unique")
    again = env.get(API + "/services.json").json()
    check([s["service_code"] for s in again] == [s["service_code"] for s in j],
          "service codes not stable")


def t_definitions(env):
    j = env.get(API + "/services.json").json()
    seen = set()
    for s in j:
        if not s["metadata"]:
            continue
        code = s["service_code"]
        d = env.get(API + "/services/%s.json" % code).json()
        check_definition_json(d)
        check(d["service_code"] == code, "definition of another code")
        x = env.get(API + "/services/%s.xml" % code).xml()
        check_definition_xml(x)
        check(len(x.findall("attributes/attribute")) == len(d["attributes"]),
              "JSON and XML definitions differ")
        seen |= {a["datatype"] for a in d["attributes"]}
    check(seen == DATATYPES, "datatypes seen: %s" % sorted(seen))
    for fmt in ("json", "xml"):
        expect_error(env.get(API + "/services/geen.dienst.%s" % fmt), 404, fmt)


def t_post_errors(env):
    for fmt in ("json", "xml"):
        f = good_post(env)
        del f["api_key"]
        expect_error(env.post(fmt, f), 403, fmt)
        expect_error(env.post(fmt, good_post(env, api_key="verkeerd")), 403, fmt)
        f = good_post(env)
        del f["service_code"]
        expect_error(env.post(fmt, f), 400, fmt)
        expect_error(env.post(fmt, good_post(env, service_code="geen.dienst")), 404, fmt)
        f = good_post(env)
        del f["long"]
        expect_error(env.post(fmt, f), 400, fmt)  # lat without long
        expect_error(env.post(fmt, good_post(env, lat="noord")), 400, fmt)
        f = good_post(env)
        del f["lat"], f["long"]
        expect_error(env.post(fmt, f), 400, fmt)  # no location at all
        expect_error(env.post(fmt, good_post(env, lat="52.37", long="4.89")), 400, fmt)
        expect_error(env.post(fmt, good_post(env, description="x" * 4001)), 400, fmt)
        f = good_post(env)
        del f["attribute[soort]"]
        r = env.post(fmt, f)
        expect_error(r, 400, fmt)
        check("attribute[soort]" in r.text, "the error does not name the attribute")
        expect_error(env.post(fmt, good_post(env, **{"attribute[soort]": "goud"})), 400, fmt)
        expect_error(env.post(fmt, good_post(env, media_url="javascript:alert(1)")), 400, fmt)
        expect_error(env.post(fmt, good_post(env, jurisdiction_id="delft.nl")), 404, fmt)
    check(env.post("json", good_post(env, description="ok " * 1333 + "a")).status == 200,
          "4,000 characters refused")
    # a revoked key is refused at once
    gone = env.cli("apikey", "create", "--data", env.data, "--name", "ingetrokken").strip()
    check(env.post("json", good_post(env, api_key=gone)).status == 200, "new key refused")
    env.cli("apikey", "revoke", "--data", env.data, "--name", "ingetrokken")
    expect_error(env.post("xml", good_post(env, api_key=gone)), 403, "xml")


def t_post(env):
    f = good_post(env, media_url="https://app.example.org/foto/1.jpg", device_id="dev-9",
                  account_id="acc-9", jurisdiction_id="zoetermeer.nl", **PERSONAL)
    r = env.post("json", f, headers={"Cookie": "wr_session=bogus; wr_csrf=bogus"})
    check(r.status == 200, "status %d: %s" % (r.status, r.text))
    check(r.header("Set-Cookie") is None, "the API set a cookie")
    j = r.json()
    check_post_json(j)
    sid = j[0]["service_request_id"]
    check(isinstance(sid, int), "service_request_id not an integer")
    row = env.sql("SELECT channel, channel_detail, status, media_url, location_known"
                  " FROM signal WHERE id = ?", sid)
    check(row == [("api", "conformance", "gemeld", "https://app.example.org/foto/1.jpg", 1)],
          "stored as %r" % row)
    check(env.sql("SELECT name, email, phone FROM signal_contact WHERE signal_id = ?", sid) ==
          [("Zorgvuldig Testpersoon", PERSONAL["email"], PERSONAL["phone"])], "contact not kept")
    check(env.sql("SELECT code, value FROM signal_answer WHERE signal_id = ?", sid) ==
          [("soort", "glas")], "attribute not kept")
    # a new address: the request to confirm it is queued, the receipt waits for that
    rows = env.sql("SELECT kind, status FROM outbox WHERE to_addr = ? ORDER BY id",
                   PERSONAL["email"])
    check([k for k, _ in rows] == ["confirm_address", "confirmation"] and rows[1][1] == "held",
          "not the request to confirm the address followed by the held receipt: %r" % rows)
    x = env.post("xml", good_post(env, **{"attribute[toestellen][]": "x"}))
    check(x.status == 200, "xml post: %d %s" % (x.status, x.text))
    check_post_xml(x.xml())
    env.posted = sid
    # multivaluelist as attribute[code][]=a&attribute[code][]=b
    services = {s["service_code"] for s in env.get(API + "/services.json").json()}
    code = [c for c in services if c.endswith(".speelplaats")]
    check(code, "no speelplaats service")
    body = urllib.parse.urlencode([("api_key", env.key), ("service_code", code[0]),
                                   ("lat", "52.06"), ("long", "4.49"),
                                   ("attribute[toestellen][]", "schommel"),
                                   ("attribute[toestellen][]", "glijbaan")]).encode()
    m = env.request("POST", API + "/requests.json", raw=body)
    check(m.status == 200, "multivaluelist post: %d %s" % (m.status, m.text))
    mid = m.json()[0]["service_request_id"]
    check(env.sql("SELECT value FROM signal_answer WHERE signal_id = ?", mid) ==
          [("schommel,glijbaan",)], "multivaluelist not kept")


def t_location_unknown(env):
    for field, value in (("address_string", "Dorpsstraat 12, Zoetermeer"), ("address_id", "0637200000012345")):
        f = good_post(env, **{field: value})
        del f["lat"], f["long"]
        r = env.post("json", f)
        check(r.status == 200, "%s only: %d %s" % (field, r.status, r.text))
        sid = r.json()[0]["service_request_id"]
        check(env.sql("SELECT location_known, lat FROM signal WHERE id = ?", sid) == [(0, None)],
              "not stored as location unknown")
        g = env.get(API + "/requests/%d.json" % sid).json()[0]
        check(g["lat"] is None and g["long"] is None, "a location was invented")
        # without a place there is no wijk: no public address, and never the typed text
        check(g["address"] is None, "address %r for a request without a place" % g["address"])
        check(value not in env.get(API + "/requests/%d.xml" % sid).text, "typed address shown")


def t_requests_default(env):
    r = env.get(API + "/requests.json")
    j = r.json()
    check_requests_json(j, strict=True)
    check(0 < len(j) <= 1000, "%d requests" % len(j))
    now = time.time()
    for q in j:
        t = time.mktime(time.strptime(q["requested_datetime"][:19], "%Y-%m-%dT%H:%M:%S"))
        check(now - t < 91 * 86400, "request older than 90 days in the default window")
    x = env.get(API + "/requests.xml").xml()
    check_requests_xml(x, strict=True)
    check([q["service_request_id"] for q in j] ==
          [int(e.findtext("service_request_id")) for e in x.findall("request")],
          "JSON and XML lists differ")
    check(env.get(API + "/requests.json?jurisdiction_id=zoetermeer.nl").status == 200,
          "our jurisdiction_id refused")
    for fmt in ("json", "xml"):
        expect_error(env.get(API + "/requests.%s?jurisdiction_id=delft.nl" % fmt), 404, fmt)


def t_filters(env):
    ids = env.sql("SELECT s.id FROM signal s JOIN category c ON c.id = s.category_id"
                  " JOIN category p ON p.id = c.parent_id WHERE c.is_public AND p.is_public"
                  " AND NOT c.confidential AND NOT p.confidential AND NOT s.confidential"
                  " AND s.parent_id IS NULL AND s.closed_at IS NOT NULL ORDER BY s.id LIMIT 3")
    ids = [i for (i,) in ids]
    check(len(ids) == 3, "no old closed public signals in the demo")
    # service_request_id overrides the others (status=open would drop closed ones,
    # the default window old ones)
    j = env.get(API + "/requests.json?service_request_id=%s&status=open&start_date=2030-01-01"
                % ",".join(map(str, ids))).json()
    check(sorted(q["service_request_id"] for q in j) == ids, "id list: %r" % j)
    check(all(q["status"] == "closed" for q in j), "status wrong")
    x = env.get(API + "/requests.xml?service_request_id=%d" % ids[0]).xml()
    check(x.findtext("request/service_request_id") == str(ids[0]), "xml id list")
    # service_code list
    codes = "afval.container-is-vol,afval.grofvuil"
    j = env.get(API + "/requests.json?service_code=" + codes).json()
    check(j and all(q["service_code"] in codes.split(",") for q in j), "service_code filter")
    expect_error(env.get(API + "/requests.json?service_code=afval.grofvuil,geen.dienst"), 404,
                 "json")
    # status
    for st in ("open", "closed"):
        j = env.get(API + "/requests.json?status=" + st).json()
        check(j and all(q["status"] == st for q in j), "status=%s filter" % st)
    both = env.get(API + "/requests.json?status=open,closed").json()
    check(len(both) >= len(env.get(API + "/requests.json?status=open").json()), "open,closed")
    # dates: a 10-day window in the demo's past
    j = env.get(API + "/requests.json?start_date=2025-03-01T00:00:00Z"
                      "&end_date=2025-03-11T00:00:00%2B01:00").json()
    check(j, "nothing in March 2025")
    for q in j:
        check("2025-03-01" <= q["requested_datetime"][:10] <= "2025-03-11", "outside the window")
    # at most 1,000
    j = env.get(API + "/requests.json?start_date=2025-01-01&end_date=2025-03-31").json()
    check(len(j) == 1000, "a full quarter gives %d, not 1000" % len(j))
    for fmt in ("json", "xml"):
        for q in ("start_date=gisteren", "end_date=2025-13-01", "start_date=2025-01-01T10:00:00",
                  "start_date=2025-01-01&end_date=2025-06-01",
                  "start_date=2025-03-01&end_date=2025-02-01", "status=half",
                  "service_request_id=1,x", "page_size=0", "page_size=1001"):
            expect_error(env.get(API + "/requests.%s?%s" % (fmt, q)), 400, fmt)


def t_many_ids(env):
    """A FixMyStreet-style status poll: 1,000 ids in one query, public ones and ids that do
    not exist (among them the longest a request can have), in both formats."""
    public = [i for (i,) in env.sql(
        "SELECT s.id FROM signal s JOIN category c ON c.id = s.category_id"
        " JOIN category p ON p.id = c.parent_id JOIN organisation o ON o.id = s.owner_org_id"
        " WHERE c.is_public AND p.is_public AND NOT c.confidential AND NOT p.confidential"
        " AND NOT s.confidential AND s.parent_id IS NULL ORDER BY s.id DESC LIMIT 700")]
    check(len(public) == 700, "the demo has too few public signals")
    (top,) = env.sql("SELECT max(id) FROM signal")[0]
    missing = [top + 1 + k for k in range(250)] + [9223372036854775807 - k for k in range(50)]
    ids = public + missing
    check(len(ids) == 1000, "built %d ids" % len(ids))
    query = "service_request_id=" + ",".join(map(str, ids))
    check(len(query) > 4096, "the query is only %d bytes" % len(query))
    r = env.get(API + "/requests.xml?" + query)
    check(r.status == 200, "1,000 ids: status %d: %s" % (r.status, r.text[:200]))
    x = r.xml()
    check_requests_xml(x)
    got = sorted(int(e.findtext("service_request_id")) for e in x.findall("request"))
    check(got == sorted(public), "xml: %d requests back for %d public ids" % (len(got),
                                                                            len(public)))
    j = env.get(API + "/requests.json?" + query).json()
    check(sorted(q["service_request_id"] for q in j) == sorted(public), "json ids differ")
    expect_error(env.get(API + "/requests.json?" + query + ",1"), 400, "json")


def t_cors_preflight(env):
    """A browser app on another origin asks before it posts."""
    for path in ("/requests.json", "/requests.xml", "/discovery.json", "/services/x.json"):
        r = env.request("OPTIONS", API + path, headers={
            "Origin": "https://app.example.org", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type"})
        check(r.status == 204, "%s: status %d" % (path, r.status))
        check(r.header("Access-Control-Allow-Origin") == "*", "%s: no Allow-Origin" % path)
        methods = [m.strip() for m in (r.header("Access-Control-Allow-Methods") or "").split(",")]
        for m in ("GET", "POST", "OPTIONS"):
            check(m in methods, "%s: Allow-Methods %r lacks %s" % (path, methods, m))
        allowed = [h.strip().lower() for h in
                   (r.header("Access-Control-Allow-Headers") or "").split(",")]
        check("content-type" in allowed, "%s: Allow-Headers %r" % (path, allowed))
        check(re.match(r"^[1-9]\d*$", r.header("Access-Control-Max-Age") or ""),
              "%s: no Max-Age" % path)
        check(r.body == b"", "%s: a body" % path)
        check(r.header("Set-Cookie") is None, "%s: a cookie" % path)
    r = env.request("OPTIONS", "/inloggen", headers={"Origin": "https://app.example.org"})
    check(r.status == 405 and r.header("Access-Control-Allow-Origin") is None,
          "OPTIONS outside the API: %d" % r.status)


def t_one_request(env):
    sid = env.posted
    for fmt in ("json", "xml"):
        r = env.get(API + "/requests/%d.%s" % (sid, fmt))
        check(r.status == 200, "status %d" % r.status)
        if fmt == "json":
            j = r.json()
            check_requests_json(j, strict=True)
            q = j[0]
            check(q["service_code"] == "afval.container-is-vol" and q["status"] == "open",
                  "fields %r" % q)
            check(q["agency_responsible"], "no agency_responsible")
            check(q["media_url"] == "https://app.example.org/foto/1.jpg", "media_url")
            check(q["lat"] == 52.0601 and q["long"] == 4.4943, "location")
            # the public address is the name of the wijk from our own polygons
            wijk = env.sql("SELECT a.name FROM signal s JOIN area a ON a.id = s.wijk_id"
                           " WHERE s.id = ?", sid)
            check(wijk and q["address"] == wijk[0][0], "address %r, not the wijk %r"
                  % (q["address"], wijk))
            check(q["status_notes"] is None, "status_notes %r before any change"
                  % q["status_notes"])
        else:
            check_requests_xml(r.xml(), strict=True)
        expect_error(env.get(API + "/requests/99999999.%s" % fmt), 404, fmt)
        expect_error(env.get(API + "/requests/abc.%s" % fmt), 404, fmt)
    # confidential and not public signals do not exist for the API
    conf = env.sql("SELECT id FROM signal WHERE confidential LIMIT 1")
    hidden = env.sql("SELECT s.id FROM signal s JOIN category c ON c.id = s.category_id"
                     " WHERE NOT c.is_public AND NOT s.confidential LIMIT 1")
    check(conf and hidden, "the demo lacks confidential or not public signals")
    for (i,) in conf + hidden:
        expect_error(env.get(API + "/requests/%d.json" % i), 404, "json")
        j = env.get(API + "/requests.json?service_request_id=%d" % i).json()
        check(j == [], "hidden signal %d listed" % i)


def t_tokens(env):
    (token,) = env.sql("SELECT token FROM signal WHERE id = ?", env.posted)[0]
    j = env.get(API + "/tokens/%s.json" % token).json()
    check_token_json(j)
    check(j[0]["service_request_id"] == env.posted, "token gives another id")
    check_token_xml(env.get(API + "/tokens/%s.xml" % token).xml())
    for fmt in ("json", "xml"):
        expect_error(env.get(API + "/tokens/onbekend.%s" % fmt), 404, fmt)
    (ctoken,) = env.sql("SELECT token FROM signal WHERE confidential LIMIT 1")[0]
    expect_error(env.get(API + "/tokens/%s.json" % ctoken), 404, "json")


def t_extensions(env):
    j = env.get(API + "/requests.json?extensions=true&page_size=20&status=closed").json()
    check(len(j) == 20, "page_size 20 gave %d" % len(j))
    for q in j:
        check(isinstance(q.get("notes"), list) and q["notes"], "no notes")
        check(q["extended_attributes"]["detailed_status"], "no detailed status")
        for n in q["notes"]:
            check(is_datetime(n["datetime"], True) and "description" in n and "type" in n,
                  "bad note %r" % n)
    p1 = env.get(API + "/requests.json?page_size=5&page=1").json()
    p2 = env.get(API + "/requests.json?page_size=5&page=2").json()
    check(len(p1) == 5 and len(p2) == 5, "paging sizes")
    check(not set(q["service_request_id"] for q in p1) & set(q["service_request_id"]
                                                              for q in p2), "pages overlap")
    x = env.get(API + "/requests.xml?extensions=true&page_size=2").xml()
    check(x.findall("request/notes/note"), "no note elements in XML")
    # updated_after / updated_before
    j = env.get(API + "/requests.json?updated_after=2025-05-01T00:00:00Z"
                      "&updated_before=2025-05-10T00:00:00Z").json()
    check(j, "nothing updated in early May 2025")
    for q in j:
        check("2025-05-01" <= q["updated_datetime"][:10] <= "2025-05-10", "updated outside")
    # servicerequestupdates
    u = env.get(API + "/servicerequestupdates.json?start_date=2025-05-01T00:00:00Z"
                      "&end_date=2025-05-03T00:00:00Z").json()
    check_updates_json(u)
    check(u, "no updates in two days of May 2025")
    ux = env.get(API + "/servicerequestupdates.xml?start_date=2025-05-01T00:00:00Z"
                       "&end_date=2025-05-03T00:00:00Z").xml()
    check_updates_xml(ux)
    check(len(ux.findall("request_update")) == len(u), "JSON and XML updates differ")
    expect_error(env.get(API + "/servicerequestupdates.xml?start_date=nooit"), 400, "xml")


def t_update_states(env):
    """Every status of ours reaches FixMyStreet as the state that means the same there, and
    requests.xml says open exactly when that state is an open one."""
    staff = Staff(env, "afdeling-beheer")
    a = env.post("json", good_post(env)).json()[0]["service_request_id"]
    steps = ["in_behandeling", "ingepland", "wacht_op_melder", "in_behandeling", "doorgezet",
             "afgehandeld", "heropend", "geannuleerd"]
    closing = {"afgehandeld", "geannuleerd"}
    said = []  # requests.xml's status after each step
    for st in steps:
        staff.status(a, st, message="Bericht bij %s." % st if st in closing else "")
        said.append(env.get(API + "/requests.xml?service_request_id=%d" % a).xml()
                    .findtext("request/status"))
    # a duplicate: b merged into c
    b = env.post("json", good_post(env)).json()[0]["service_request_id"]
    c = env.post("json", good_post(env)).json()[0]["service_request_id"]
    r = staff.form("/werk/meldingen/%d/samenvoegen" % b, {"met": str(c)})
    check(r.status == 303, "merge: %d %s" % (r.status, r.text[:200]))
    ups, _ = updates_xml(env)  # without dates, as some FixMyStreet bodies poll
    mine = sorted((u for u in ups if u["service_request_id"] == str(a)),
                  key=lambda u: int(u["update_id"]))
    check([u["external_status_code"] for u in mine] == steps,
          "updates of %d: %r" % (a, [u["external_status_code"] for u in mine]))
    report = "confirmed"  # the report in FixMyStreet, updated as its client does
    for u, open_or_closed in zip(mine, said):
        code, word = u["external_status_code"], u["status"]
        state = fms_state(word)
        check(state is not None, "%s is sent as %r: FixMyStreet knows no such state" % (code, word))
        kind = FMS_STATE_TYPE[state]
        check((kind == "open") == (open_or_closed == "open"),
              "%s: FixMyStreet's %r is %s, requests.xml says %s" % (code, state, kind,
                                                                   open_or_closed))
        report = fms_apply(report, word)
        check(report == state, "after %s FixMyStreet's report is %r, not %r" % (code, report, state))
    by_code = {u["external_status_code"]: fms_state(u["status"]) for u in mine}
    check(by_code["afgehandeld"] == "fixed - council", "afgehandeld: %r" % by_code["afgehandeld"])
    check(FMS_STATE_TYPE[by_code["geannuleerd"]] == "closed",
          "geannuleerd: %r, shown as fixed" % by_code["geannuleerd"])
    check(by_code["heropend"] == "confirmed", "heropend: %r" % by_code["heropend"])
    check(FMS_STATE_TYPE[by_code["doorgezet"]] == "open", "doorgezet: %r" % by_code["doorgezet"])
    dup = [u for u in ups if u["service_request_id"] == str(b)]
    check(len(dup) == 1 and fms_state(dup[0]["status"]) == "duplicate",
          "the merged request: %r" % dup)
    check(str(c) in dup[0]["description"], "the duplicate does not name %d" % c)
    # JSON says the same as XML
    j = env.get(API + "/servicerequestupdates.json").json()
    check_updates_json(j)
    check([(u["update_id"], u["status"]) for u in j if u["service_request_id"] == a] ==
          [(u["update_id"], u["status"]) for u in sorted(
              mine, key=lambda u: -int(u["update_id"]))], "JSON and XML updates differ")


def instant(update):
    return datetime.datetime.fromisoformat(update["updated_datetime"])


def t_no_creation_update(env):
    """An update is a change after creation: a new request has none."""
    a = env.post("json", good_post(env)).json()[0]["service_request_id"]
    for fmt in ("json", "xml"):
        r = env.get(API + "/servicerequestupdates.%s" % fmt)
        check(r.status == 200, "updates: %d" % r.status)
        check(not re.search(r'"service_request_id":%d\b|<service_request_id>%d<' % (a, a), r.text),
              "an update for the creation of %d" % a)
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 60))
    start = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 600))
    j = env.get(API + "/servicerequestupdates.json?start_date=%s&end_date=%s"
                % (start, now)).json()
    check(all(u["service_request_id"] != a for u in j), "an update for the creation (dated)")
    check(env.sql("SELECT count(*) FROM signal_event WHERE signal_id = ? AND kind = 'created'",
                  a) == [(1,)], "the creation is not recorded")


def t_updates_recent(env):
    """Without dates the most recent updates, newest first; a full page says where the next
    one is, and the pages join without a gap."""
    staff = Staff(env, "afdeling-beheer")
    a = env.post("json", good_post(env)).json()[0]["service_request_id"]
    staff.status(a, "in_behandeling")
    p1, r = updates_xml(env)
    check(len(p1) == 1000, "page 1 holds %d updates" % len(p1))
    check(p1[0]["service_request_id"] == str(a), "the newest update is not first: %r" % p1[0])
    check(all(is_datetime(u["updated_datetime"], True) for u in p1), "bad datetimes")
    stamps = [instant(u) for u in p1]
    check(all(x >= y for x, y in zip(stamps, stamps[1:])), "not newest first")
    link = r.header("Link") or ""
    m = re.match(r'^<([^>]+)>; rel="next"$', link)
    check(m, "no Link to the next page: %r" % link)
    nxt = urllib.parse.urlsplit(m.group(1))
    check(nxt.path.endswith("/servicerequestupdates.xml") and "page=2" in nxt.query,
          "next page %r" % m.group(1))
    p2, r2 = updates_xml(env, "?" + nxt.query)
    check(p2, "page 2 is empty")
    ids1 = {u["update_id"] for u in p1}
    check(not ids1 & {u["update_id"] for u in p2}, "pages overlap")
    check(instant(p2[0]) <= instant(p1[-1]), "page 2 is not older")
    # the same paging in JSON, and page_size
    j = env.get(API + "/servicerequestupdates.json?page_size=5")
    check([u["update_id"] for u in j.json()] == [u["update_id"] for u in p1[:5]],
          "JSON page of 5 differs from XML")
    check("page=2" in (j.header("Link") or "") and "page_size=5" in j.header("Link"),
          "JSON Link %r" % j.header("Link"))
    # with dates: that window, oldest first, as before
    d = env.get(API + "/servicerequestupdates.json?start_date=2025-05-01T00:00:00Z"
                      "&end_date=2025-05-03T00:00:00Z").json()
    check(d and [instant(u) for u in d] == sorted(instant(u) for u in d),
          "a dated window is not oldest first")


def t_public_texts(env):
    """Messages to the reporter stay with the reporter; only the public explanation (or the
    status's label) is published, in Open311 and open data alike."""
    staff = Staff(env, "afdeling-beheer")
    a = env.post("json", good_post(env)).json()[0]["service_request_id"]
    secret = "Privebericht aan melder Jansen: bel 0611112222 over de buurman."
    public = "Een ploeg leegt de container deze week."
    staff.status(a, "in_behandeling", message=secret, explanation=public)
    check(env.sql("SELECT text, public, public_explanation FROM signal_event WHERE signal_id = ?"
                  " AND kind = 'status'", a) == [(secret, 1, public)], "not stored apart")
    q = env.get(API + "/requests/%d.json?extensions=true" % a).json()[0]
    check(q["status_notes"] == public, "status_notes %r" % q["status_notes"])
    check([n["description"] for n in q["notes"]] == ["Gemeld", public], "notes %r" % q["notes"])
    u = [x for x in env.get(API + "/servicerequestupdates.json").json()
         if x["service_request_id"] == a]
    check([x["description"] for x in u] == [public], "update descriptions %r" % u)
    od = [x for x in env.get("/open-data/meldingen.json").json() if x["id"] == a]
    check(od and od[0]["explanation"] == public, "open data: %r" % od)
    check(public in env.get("/open-data/meldingen.csv").text, "not in meldingen.csv")
    pages = [env.get(API + "/requests/%d.xml?extensions=true" % a).text,
             env.get(API + "/servicerequestupdates.xml").text,
             env.get("/open-data/meldingen.json").text, env.get("/open-data/meldingen.csv").text,
             env.get("/open-data/meldingen.geojson").text, env.get("/meldingen").text,
             json.dumps(q)]
    for text in pages:
        check("Jansen" not in text and "0611112222" not in text, "the message was published")
    # the reporter reads the message on the status page behind the secret link
    (token,) = env.sql("SELECT token FROM signal WHERE id = ?", a)[0]
    check("Jansen" in env.get("/melding/%s" % token).text, "the reporter does not see it")
    # without an explanation: the status's label
    staff.status(a, "ingepland", message="Nog een privebericht voor Jansen.")
    q = env.get(API + "/requests/%d.json" % a).json()[0]
    check(q["status_notes"] == "Ingepland", "status_notes %r" % q["status_notes"])
    od = [x for x in env.get("/open-data/meldingen.json").json() if x["id"] == a]
    check(od and od[0]["explanation"] is None, "open data keeps an old explanation: %r" % od)
    # the explanation has a limit: 200 characters
    r = staff.form("/werk/meldingen/%d/status" % a,
                   {"status": "in_behandeling", "message": "", "uitleg": "x" * 201})
    check(r.status == 400 and "hoogstens 200 tekens" in r.text and 'href="#explanation"' in r.text
          and "x" * 201 in r.text, "a too long explanation: %d" % r.status)
    check(env.sql("SELECT status FROM signal WHERE id = ?", a) == [("ingepland",)],
          "changed despite the error")


def t_migration_private(env):
    """Migration 0012 on a database of version 9: every stored message to a reporter becomes
    private (no public explanation), only the program's own merge text stays public."""
    work = os.path.join(env.work, "v9")
    os.makedirs(work)
    con = sqlite3.connect(os.path.join(work, "wijkregie.db"))
    mig = os.path.join(ROOT, "migrations")
    for name in sorted(os.listdir(mig)):
        if name.endswith(".sql") and int(name[:4]) <= 9:
            with open(os.path.join(mig, name), encoding="utf-8") as f:
                con.executescript(f.read())
    con.executescript("""
        PRAGMA user_version = 9;
        INSERT INTO organisation (id, code, name, kind) VALUES (1, 'SB', 'Stadsbeheer', 'department');
        INSERT INTO category (id, parent_id, slug, name, valid_from) VALUES
            (1, NULL, 'afval', 'Afval', '2020-01-01'), (2, 1, 'vol', 'Vol', '2020-01-01');
        INSERT INTO signal (id, token, type, channel, category_id, description, status,
            owner_org_id, created_at, updated_at, deadline_at, merged_into) VALUES
            (1, 't1', 'melding', 'web', 2, 'x', 'afgehandeld', 1, 1, 3, 9, NULL),
            (2, 't2', 'melding', 'web', 2, 'x', 'geannuleerd', 1, 1, 3, 9, 1);
        INSERT INTO signal_event (signal_id, at, kind, from_status, to_status, text, public) VALUES
            (1, 1, 'created', NULL, 'gemeld', NULL, 1),
            (1, 2, 'status', 'gemeld', 'afgehandeld', 'Beste mevrouw Jansen, opgelost.', 1),
            (1, 3, 'note', NULL, NULL, 'Intern', 0),
            (2, 2, 'merge', 'gemeld', 'geannuleerd', 'Samengevoegd met melding 1 over hetzelfde probleem.', 1);
    """)
    con.commit()
    con.close()
    env.cli("migrate", "--data", work)
    con = sqlite3.connect(os.path.join(work, "wijkregie.db"))
    try:
        rows = con.execute("SELECT signal_id, kind, public_explanation FROM signal_event"
                           " ORDER BY id").fetchall()
        pub = con.execute("SELECT signal_id, status, explanation FROM signal_public_update"
                          " ORDER BY id").fetchall()
    finally:
        con.close()
    check(rows == [(1, "created", None), (1, "status", None), (1, "note", None),
                   (2, "merge", "Samengevoegd met melding 1.")], "after migrating: %r" % rows)
    check(pub == [(1, "afgehandeld", None), (2, "geannuleerd", "Samengevoegd met melding 1.")],
          "public updates: %r" % pub)


def t_media_file(env):
    """A photo sent as a file (multipart, field media) is taken in like one from the web form:
    stored re-encoded, shown to staff, never published; a file that is no photo is a 400."""
    staff = Staff(env, "afdeling-beheer")
    with open(os.path.join(IMAGES, "photo-gps.jpg"), "rb") as f:
        jpeg = f.read()
    fields = {k: v for k, v in good_post(env).items()}
    for fmt in ("json", "xml"):
        body, ct = multipart(fields, [("media", "foto.jpg", "image/jpeg", jpeg)])
        r = env.request("POST", API + "/requests.%s" % fmt, raw=body,
                        headers={"Content-Type": ct})
        check(r.status == 200, "%s: %d %s" % (fmt, r.status, r.text[:300]))
        if fmt == "json":
            sid = r.json()[0]["service_request_id"]
        else:
            sid = int(r.xml().findtext("request/service_request_id"))
        # stored as on the web form: turned upright (EXIF orientation 6), metadata gone
        check(env.sql("SELECT width, height FROM signal_photo WHERE signal_id = ?", sid) ==
              [(40, 80)], "photo rows %r" % env.sql("SELECT * FROM signal_photo WHERE"
                                                    " signal_id = ?", sid))
        q = env.get(API + "/requests/%d.json" % sid).json()[0]
        check(q["media_url"] is None, "media_url %r for an uploaded photo" % q["media_url"])
        p = staff.get("/werk/meldingen/%d/foto/1" % sid)
        check(p.status == 200 and p.header("Content-Type") == "image/jpeg", "staff: %d" % p.status)
        check(p.header("Cache-Control") == "no-store", "Cache-Control %r"
              % p.header("Cache-Control"))
        check(p.body[:2] == b"\xff\xd8" and b"Exif" not in p.body and b"TestCam" not in p.body,
              "not re-encoded without metadata")
        check('/werk/meldingen/%d/foto/1' % sid in staff.get("/werk/meldingen/%d" % sid).text,
              "not shown on the signal's page")
    # FixMyStreet's photo1: any file part is a photo
    body, ct = multipart(fields, [("photo1", "1.full.jpeg", "image/jpeg", jpeg)])
    r = env.request("POST", API + "/requests.xml", raw=body, headers={"Content-Type": ct})
    check(r.status == 200, "photo1: %d" % r.status)
    sid = int(r.xml().findtext("request/service_request_id"))
    check(env.sql("SELECT count(*) FROM signal_photo WHERE signal_id = ?", sid) == [(1,)],
          "photo1 dropped")
    # no photo: 400 in the path's format, and nothing stored
    before = env.sql("SELECT count(*) FROM signal")[0][0]
    with open(os.path.join(IMAGES, "text.jpg"), "rb") as f:
        text = f.read()
    for fmt in ("json", "xml"):
        for name, data in (("text.jpg", text), ("leeg.jpg", b"")):
            body, ct = multipart(fields, [("media", name, "image/jpeg", data)])
            r = env.request("POST", API + "/requests.%s" % fmt, raw=body,
                            headers={"Content-Type": ct})
            expect_error(r, 400, fmt)
            check("media" in r.text, "the error does not name media: %s" % r.text)
    check(env.sql("SELECT count(*) FROM signal")[0][0] == before, "a refused request was stored")


def t_rate_limit(env):
    f = good_post(env, api_key=env.slow_key)
    # The count starts anew with each minute of the clock. A run that straddles
    # one (the machine paused, or its clock stepped) proves nothing either way:
    # it is run again from the start of the next minute, once.
    for attempt in (1, 2):
        left = 60 - time.time() % 60
        if left < 15 or attempt == 2:
            time.sleep(left + 0.5)
        started = time.time() // 60
        codes = [env.post("json", f).status for _ in range(3)]
        r = env.post("json", f)
        if time.time() // 60 == started:
            break
    check(codes == [200, 200, 200], "first three: %r" % codes)
    expect_error(r, 429, "json")
    check(re.match(r"^\d+$", r.header("Retry-After") or ""), "no Retry-After")
    expect_error(env.post("xml", f), 429, "xml")


def t_http_errors(env):
    expect_error(env.get(API + "/geen.json"), 404, "json")
    expect_error(env.get(API + "/geen.xml"), 404, "xml")
    r = env.request("POST", API + "/services.xml", {"a": "b"})
    expect_error(r, 405, "xml")
    r = env.request("PUT", API + "/requests.json", raw=b"")
    expect_error(r, 405, "json")
    r = env.request("POST", API + "/requests.json", raw=b"{}",
                    headers={"Content-Type": "application/json"})
    expect_error(r, 415, "json")
    r = env.request("POST", API + "/requests.json", raw=b"a=%zz")
    expect_error(r, 400, "json")
    expect_error(env.get(API + "/requests.xml?a=%zz"), 400, "xml")  # refused before routing
    # a body over the limit: the server answers from the headers alone
    with socket.create_connection(("127.0.0.1", env.port), timeout=30) as so:
        so.sendall(("POST %s/requests.xml HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    "Content-Type: application/x-www-form-urlencoded\r\n"
                    "Content-Length: 67108864\r\n\r\n" % API).encode())
        raw = b""
        while True:
            chunk = so.recv(65536)
            if not chunk:
                break
            raw += chunk
    head, _, body = raw.partition(b"\r\n\r\n")
    check(head.startswith(b"HTTP/1.1 413"), "too large: %r" % head[:40])
    check_errors_xml(ET.fromstring(body))


def t_no_personal_data(env):
    check(len(env.seen) > 50, "too few answers seen")
    emails = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[a-z]{2,}")
    for path, text in env.seen:
        for v in PERSONAL.values():
            check(v not in text, "%s shows %r" % (path, v))
        check(not emails.search(text), "%s shows an e-mail address" % path)
    # no contact of any signal, in any answer
    contacts = env.sql("SELECT DISTINCT email FROM signal_contact WHERE email IS NOT NULL"
                       " LIMIT 200")
    allbody = "\n".join(t for _, t in env.seen)
    for (e,) in contacts:
        check(e not in allbody, "contact %s shown" % e)


def t_app_flow(env):
    r = subprocess.run(["sh", os.path.join(HERE, "app-flow.sh"), env.base, env.key],
                       capture_output=True, text=True, timeout=300,
                       env=dict(os.environ, MAIL_DIR=env.mail_dir))
    check(r.returncode == 0, "app-flow.sh: %s%s" % (r.stdout, r.stderr))


CHECKS = [
    ("spec examples pass the checkers", t_examples),
    ("discovery", t_discovery),
    ("services", t_services),
    ("service definitions and datatypes", t_definitions),
    ("POST errors 400 403 404", t_post_errors),
    ("POST a request", t_post),
    ("POST with only an address: location unknown", t_location_unknown),
    ("GET requests default window", t_requests_default),
    ("GET requests filters", t_filters),
    ("GET requests with 1,000 ids in one query", t_many_ids),
    ("CORS preflight (OPTIONS)", t_cors_preflight),
    ("GET one request", t_one_request),
    ("tokens", t_tokens),
    ("extensions", t_extensions),
    ("update states as FixMyStreet reads them", t_update_states),
    ("no update for the creation", t_no_creation_update),
    ("updates without dates: the most recent, with a next page", t_updates_recent),
    ("only public explanations are published", t_public_texts),
    ("migration: stored messages become private", t_migration_private),
    ("a photo sent as a multipart file", t_media_file),
    ("rate limit 429", t_rate_limit),
    ("HTTP errors in the API's format", t_http_errors),
    ("no personal data in any answer", t_no_personal_data),
    ("app flow (curl)", t_app_flow),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary")
    ap.add_argument("-k", dest="filter")
    ap.add_argument("-v", action="store_true")
    args = ap.parse_args()
    os.chdir(ROOT)
    work = tempfile.mkdtemp(prefix="wr-open311-")
    env = Env(os.path.abspath(args.binary), work)
    passed = failed = 0
    try:
        env.start()
        env.posted = None
        for name, fn in CHECKS:
            if args.filter and args.filter not in name and fn not in (t_post,):
                continue
            try:
                fn(env)
                print("ok open311: %s" % name)
                passed += 1
            except Exception as e:  # a crash in a check is a failure of that check
                print("FAIL open311: %s: %s" % (name, e))
                failed += 1
        rc, err = env.stop()
        problems = [m for m in SANITIZER_MARKS if m in err]
        if rc != 0 or problems:
            print("FAIL open311: server exit %d %s" % (rc, err[-2000:]))
            failed += 1
        elif args.v:
            print(err)
    except Failure as e:
        print("FAIL open311: setup: %s" % e)
        failed += 1
    finally:
        if env.__dict__.get("proc") and env.proc.poll() is None:
            env.proc.kill()
        if env.__dict__.get("sink") and env.sink.poll() is None:
            env.sink.terminate()
            env.sink.wait()
        shutil.rmtree(work, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
