#!/usr/bin/env python3
"""A stand-in for PDOK's Locatieserver (version 3.1) on a loopback port, for the tests.

Usage:  tests/http/locatieserver_standin.py [PORT]    (0 or none: a free port)

Prints "port N" on its first line of output, then serves until killed. It
answers /free, /reverse, /suggest and /lookup (under any path prefix, as
the real service does under /bzk/locatieserver/search/v3_1) in the
service's own format:

  {"response": {"numFound": N, "start": 0, "maxScore": S, "numFoundExact": true,
                "docs": [{"type": "adres", "weergavenaam": "...", "id": "adr-...",
                          "straatnaam": ..., "huisnummer": 12, "huis_nlt": "12A",
                          "postcode": ..., "woonplaatsnaam": ..., "gemeentenaam": ...,
                          "centroide_ll": "POINT(lon lat)", "wijkcode": ..., ...}]}}

from a small fixture of Zoetermeer addresses (and one in Den Haag). Like the
real service, `fl` chooses the fields (default: id, weergavenaam, type,
score; reverse adds afstand), `fq` filters (type:adres, gemeentenaam:"X"),
`rows` limits, and unknown parameters are refused with 400. The wijkcode
and buurtcode of the fixture are deliberately not ours (the service's CBS
division reuses codes): the program must never read them.

Map tiles for the browser tests: /tiles/{z}/{x}/{y}.png is a small grey PNG.

Test hooks: a q containing "traag" answers after 5 seconds; "storing"
answers 503. Every request is counted: GET /_count answers the number of
requests so far (to show that answers are cached).
"""

import json
import math
import re
import struct
import sys
import threading
import time
import urllib.parse
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def adres(street, number, letter, postcode, lon, lat, city="Zoetermeer", gemeente="Zoetermeer"):
    nlt = "%d%s" % (number, letter)
    slug = re.sub(r"[^a-z0-9]", "", (street + nlt + postcode).lower())
    return {
        "type": "adres",
        "id": "adr-" + slug,
        "weergavenaam": "%s %s, %s %s" % (street, nlt, postcode, city),
        "straatnaam": street,
        "huisnummer": number,
        **({"huisletter": letter} if letter else {}),
        "huis_nlt": nlt,
        "postcode": postcode,
        "woonplaatsnaam": city,
        "gemeentenaam": gemeente,
        "gemeentecode": "0637" if gemeente == "Zoetermeer" else "0518",
        "provincienaam": "Zuid-Holland",
        # a newer CBS division's codes, on purpose not the program's own
        "wijkcode": "WK063799",
        "wijknaam": "Wijk 99 Nergens",
        "buurtcode": "BU06379999",
        "buurtnaam": "Nergensbuurt",
        "centroide_ll": "POINT(%.8f %.8f)" % (lon, lat),
        "centroide_rd": "POINT(94000 451000)",
    }


FIXTURE = [
    adres("Dorpsstraat", 12, "", "2712AJ", 4.4917, 52.0575),
    adres("Dorpsstraat", 12, "A", "2712AJ", 4.49176, 52.05756),
    adres("Stadhuisplein", 1, "", "2711EC", 4.4930, 52.0605),
    adres("Rokkeveenseweg", 40, "", "2712PL", 4.4700, 52.0450),
    adres("Amerikaweg", 5, "", "2717AA", 4.5050, 52.0720),
    adres("Spui", 70, "", "2511BT", 4.3130, 52.0780, city="'s-Gravenhage", gemeente="'s-Gravenhage"),
]

DEFAULT_FL = ["id", "weergavenaam", "type", "score"]
ALLOWED = {
    "free": {"q", "fq", "fl", "rows", "start", "sort", "df", "bq", "lat", "lon", "wt"},
    "suggest": {"q", "fq", "fl", "rows", "start", "sort", "df", "bq", "lat", "lon", "wt"},
    "reverse": {"lat", "lon", "X", "Y", "type", "fq", "fl", "rows", "start", "distance", "wt"},
    "lookup": {"id", "fl", "wt"},
}

def grey_png(size=256):
    raw = b"".join(b"\x00" + b"\xe8" * size for _ in range(size))
    chunk = lambda kind, data: (struct.pack(">I", len(data)) + kind + data
                                + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


TILE = grey_png()
COUNT = 0
LOCK = threading.Lock()


def words(text):
    return [w for w in re.split(r"[\s,]+", text.lower()) if w]


def matches(doc, q):
    have = words(doc["weergavenaam"])
    return all(any(h.startswith(w) for h in have) for w in words(q))


def filtered(docs, fqs):
    for fq in fqs:
        key, _, value = fq.partition(":")
        value = value.strip('"')
        docs = [d for d in docs if str(d.get(key, "")) == value]
    return docs


def point(doc):
    lon, lat = doc["centroide_ll"][6:-1].split(" ")
    return float(lat), float(lon)


def metres(lat1, lon1, lat2, lon2):
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return 6371000.0 * math.hypot(x, y)


def fields(doc, fl, extra=()):
    names = fl.replace(",", " ").split() if fl else DEFAULT_FL + list(extra)
    if "*" in names:
        return dict(doc)
    return {k: doc[k] for k in names if k in doc}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, fmt, *args):
        pass

    def send(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        global COUNT
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/_count":
            self.send(200, {"count": COUNT})
            return
        if url.path.startswith("/tiles/"):
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(TILE)))
            self.end_headers()
            self.wfile.write(TILE)
            return
        with LOCK:
            COUNT += 1
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        service = url.path.rstrip("/").rsplit("/", 1)[-1]
        if service not in ALLOWED:
            self.send(404, {"message": "not found"})
            return
        unknown = set(params) - ALLOWED[service]
        if unknown:
            self.send(400, {"message": "unknown query parameter(s): %s" % ", ".join(sorted(unknown))})
            return
        one = lambda k, d="": params.get(k, [d])[0]
        q = one("q")
        if "traag" in q.lower():
            time.sleep(5)
        if "storing" in q.lower():
            self.send(503, {"message": "service unavailable"})
            return
        rows = int(one("rows", "10") or 10)
        docs = list(FIXTURE)
        if service == "reverse":
            try:
                lat, lon = float(one("lat")), float(one("lon"))
            except ValueError:
                self.send(400, {"message": "lat and lon are required"})
                return
            if one("type"):
                docs = [d for d in docs if d["type"] == one("type")]
            docs = filtered(docs, params.get("fq", []))
            ranked = sorted(((metres(lat, lon, *point(d)), d) for d in docs), key=lambda t: t[0])
            out = []
            for dist, d in ranked[:rows]:
                doc = dict(d)
                doc["afstand"] = round(dist, 1)
                doc["score"] = 1.0
                out.append(fields(doc, one("fl"), ["afstand"]))
        elif service == "lookup":
            out = [fields(d, one("fl") or "*") for d in docs if d["id"] == one("id")]
        else:
            docs = filtered([d for d in docs if matches(d, q)], params.get("fq", []))
            out = []
            for i, d in enumerate(docs[:rows]):
                doc = dict(d)
                doc["score"] = round(10.0 - i, 3)
                out.append(fields(doc, one("fl")))
        self.send(200, {"response": {"numFound": len(out), "start": 0,
                                     "maxScore": out[0].get("score", 1.0) if out else 0.0,
                                     "numFoundExact": True, "docs": out}})


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A browser that leaves a page drops its tile requests half-way:
        # nothing to report.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    srv = Server(("127.0.0.1", port), Handler)
    srv.daemon_threads = True
    print("port %d" % srv.server_address[1], flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    main()
