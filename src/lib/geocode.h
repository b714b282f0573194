/*
 * geocode.h: addresses from PDOK's Locatieserver (version 3.1), asked by the
 * server, never by the browser.
 *
 * Two questions: the points of a typed address (free-text search, `free`)
 * and the address nearest to a point (`reverse`). Both ask only for
 * addresses (type adres). The service is optional (geocoder_url in the
 * settings; empty: off) and never needed: every caller has a way on
 * without it (the map, the buurt list, the typed text as it is).
 *
 * Bounds: at most GEOCODE_MAX_INFLIGHT requests at once (a request that finds
 * them busy is not sent: "unavailable"), each at most GEOCODE_TIMEOUT_MS,
 * answers (also "nothing found") kept GEOCODE_CACHE_SECONDS in a cache of
 * GEOCODE_CACHE_ENTRIES. Failures are not cached.
 *
 * What Locatieserver says of wijk and buurt (its wijkcode, buurtcode) is not
 * read: those belong to a newer CBS division that reuses codes; the wijk of
 * a point always comes from our own outlines (decision 0004).
 */
#ifndef WR_GEOCODE_H
#define WR_GEOCODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GEOCODE_MAX_INFLIGHT  2
#define GEOCODE_TIMEOUT_MS    2000
#define GEOCODE_CACHE_ENTRIES 512
#define GEOCODE_CACHE_SECONDS (24 * 3600)
#define GEOCODE_MAX_RESULTS   8
/* our lookup endpoints: requests per client address per minute */
#define GEOCODE_PER_MINUTE 30

struct geo_address {
    char id[64];     /* Locatieserver's id of the address */
    char label[200]; /* weergavenaam: "Dorpsstraat 12, 2712AJ Zoetermeer" */
    char street[100];
    char number[24]; /* house number with letter and addition */
    char postcode[8];
    char city[64];
    double lat, lon;
    double distance_m; /* reverse only: from the point asked; else 0 */
};

enum geocode_result {
    GEOCODE_OK = 0,
    GEOCODE_OFF = -1,         /* no geocoder_url */
    GEOCODE_UNAVAILABLE = -2, /* busy, slow, down or a bad answer */
};

/* At start, before the workers: base is the service's URL up to and
 * without /free (empty or NULL: off). municipality (may be NULL) narrows
 * the search to that gemeentenaam. */
void geocode_init(const char *base, const char *municipality);
bool geocode_enabled(void);

/* The addresses a text may mean, best first, at most max (<=
 * GEOCODE_MAX_RESULTS) in out; *n may be 0. */
int geocode_search(const char *text, struct geo_address *out, size_t max, size_t *n);
/* The address nearest to a point; *found false when there is none. */
int geocode_reverse(double lat, double lon, struct geo_address *out, bool *found);

/* Parses a Locatieserver answer (response.docs[]); 0, or -1 when it is not
 * one. Exposed for the unit tests. */
int geocode_parse(const char *json, size_t len, struct geo_address *out, size_t max, size_t *n);

/* The limit of our own lookup endpoints per client address (IPv6 per
 * /64): true when the client may ask at now; else retry_after seconds. */
bool geocode_client_allowed(const char *client, int64_t now, int64_t *retry_after);

/* Counters for tests and /metrics: requests sent, answered from the cache. */
void geocode_counts(uint64_t *sent, uint64_t *cached);

#endif
