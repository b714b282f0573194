/*
 * address.c: the address lookup as the site uses it (lib/geocode.c asks
 * PDOK's Locatieserver): the report forms find the point of a typed street
 * and house number and the address of a point, and two small JSON
 * endpoints answer the map script (/adres/zoeken, /adres/bij-punt).
 *
 * Only addresses inside the municipality's own wijk outlines count; their
 * wijk is ours (signal_locate), never the service's. The endpoints are
 * limited per client address (GEOCODE_PER_MINUTE); the forms skip the
 * lookup for a client over that limit, as they do when the service is off,
 * busy or down: the typed text, the map and the buurt list still work.
 */
#include "web.h"

#include "domain/signal.h"
#include "lib/arena.h"
#include "lib/geocode.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int web_address_search(struct req *r, const char *text, struct geo_address *out, size_t max,
                       size_t *n)
{
    *n = 0;
    if (!geocode_enabled())
        return GEOCODE_OFF;
    if (!geocode_client_allowed(r->client_ip, (int64_t)time(NULL), NULL))
        return GEOCODE_UNAVAILABLE;
    struct geo_address all[GEOCODE_MAX_RESULTS];
    size_t m;
    int rc = geocode_search(text, all, GEOCODE_MAX_RESULTS, &m);
    for (size_t i = 0; i < m && *n < max; i++)
        if (signal_locate(all[i].lat, all[i].lon))
            out[(*n)++] = all[i];
    return rc;
}

bool web_address_of_point(struct req *r, double lat, double lon, struct signal_address *out)
{
    memset(out, 0, sizeof *out);
    if (!geocode_enabled() || !geocode_client_allowed(r->client_ip, (int64_t)time(NULL), NULL))
        return false;
    return signal_address_at(r->a, lat, lon, out);
}

/* --- the endpoints ---------------------------------------------------------------- */

static json_t *address_json(const struct geo_address *g)
{
    return json_pack("{s:s,s:s,s:s,s:s,s:s,s:f,s:f}", "label", g->label, "street", g->street,
                     "number", g->number, "postcode", g->postcode, "city", g->city, "lat",
                     round(g->lat * 1e6) / 1e6, "lon", round(g->lon * 1e6) / 1e6);
}

static void answer(struct req *r, unsigned status, json_t *body)
{
    char *s = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    resp_header(r, "Cache-Control", "no-store");
    resp_text(r, status, "application/json", s ? s : "{}");
    free(s);
}

/* Off, or over the client's limit: answers and returns false. */
static bool may_ask(struct req *r)
{
    if (!geocode_enabled()) {
        answer(r, 503, json_pack("{s:s}", "error", "address lookup is not configured"));
        return false;
    }
    int64_t wait = 60;
    if (!geocode_client_allowed(r->client_ip, (int64_t)time(NULL), &wait)) {
        resp_header(r, "Retry-After", arena_printf(r->a, "%lld", (long long)wait));
        answer(r, 429, json_pack("{s:s}", "error", "too many lookups; try again later"));
        return false;
    }
    return true;
}

/* GET /adres/zoeken?q=TEXT: {"addresses": [...]} inside the municipality. */
void page_address_search(struct req *r)
{
    const char *q = req_query(r, "q");
    if (!q || !*q || strlen(q) > 200) {
        answer(r, 400, json_pack("{s:s}", "error", "q: a street and house number, at most 200"));
        return;
    }
    if (!may_ask(r))
        return;
    struct geo_address all[GEOCODE_MAX_RESULTS];
    size_t m;
    if (geocode_search(q, all, GEOCODE_MAX_RESULTS, &m) != GEOCODE_OK) {
        resp_header(r, "Retry-After", "60");
        answer(r, 503, json_pack("{s:s}", "error", "the address service does not answer"));
        return;
    }
    json_t *list = json_array();
    for (size_t i = 0; i < m; i++)
        if (signal_locate(all[i].lat, all[i].lon))
            json_array_append_new(list, address_json(&all[i]));
    answer(r, 200, json_pack("{s:o}", "addresses", list));
}

/* GET /adres/bij-punt?lat=&lon=: {"address": {...} or null}. */
void page_address_reverse(struct req *r)
{
    const char *la = req_query(r, "lat"), *lo = req_query(r, "lon");
    char *e1 = NULL, *e2 = NULL;
    double lat = la ? strtod(la, &e1) : NAN, lon = lo ? strtod(lo, &e2) : NAN;
    if (!la || !lo || !*la || !*lo || *e1 || *e2 || !(lat >= -90 && lat <= 90) ||
        !(lon >= -180 && lon <= 180)) {
        answer(r, 400, json_pack("{s:s}", "error", "lat and lon: a point in degrees"));
        return;
    }
    if (!may_ask(r))
        return;
    struct geo_address g;
    bool found;
    if (geocode_reverse(lat, lon, &g, &found) != GEOCODE_OK) {
        resp_header(r, "Retry-After", "60");
        answer(r, 503, json_pack("{s:s}", "error", "the address service does not answer"));
        return;
    }
    bool ok = found && g.distance_m <= SIGNAL_ADDRESS_MAX_M && signal_locate(lat, lon);
    answer(r, 200, json_pack("{s:o}", "address", ok ? address_json(&g) : json_null()));
}
