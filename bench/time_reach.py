#!/usr/bin/env python3
"""time_reach.py BASE YEAR RUNS: logs in as the demo raadslid and times the
monitor's reach tables of YEAR (their CSV exports bereik-van-meedoen,
bereik-per-kanaal, bereik-per-leeftijd, each computing the whole city's
reach) RUNS times each, one request at a time. Prints per table the
participants in Seghwaert as the CSV gives them (so that runs compare what
they count), the median and the slowest time in ms."""
import http.cookiejar
import re
import statistics
import sys
import time
import urllib.parse
import urllib.request

base, year, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
jar = http.cookiejar.CookieJar()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
page = op.open(base + "/inloggen").read().decode()
csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
body = urllib.parse.urlencode({"csrf": csrf, "login": "raadslid",
                               "password": "wijkregie-demo"}).encode()
try:
    op.open(base + "/inloggen", body)
except urllib.error.HTTPError as e:
    if e.code != 303:
        raise
if not any(c.name == "wr_session" for c in jar):
    sys.exit("time_reach: login as raadslid failed")
print("%-22s %-14s %10s %10s" % ("table", "Seghwaert", "median ms", "max ms"))
for name in ("bereik-van-meedoen", "bereik-per-kanaal", "bereik-per-leeftijd"):
    url = "%s/monitor/export/%s.csv?jaar=%d" % (base, name, year)
    times, text = [], ""
    for _ in range(runs):
        t0 = time.perf_counter()
        text = op.open(url).read().decode("utf-8-sig")
        times.append(1000 * (time.perf_counter() - t0))
    m = re.search(r"\nSeghwaert;([^\r\n]*)", text)
    print("%-22s %-14s %10.1f %10.1f" % (name, (m.group(1) if m else "?")[:14],
                                         statistics.median(times), max(times)))
