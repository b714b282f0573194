/*
 * geocode.c: PDOK Locatieserver through libcurl, with a bound on requests in
 * flight, a timeout, a cache and a limit per client address. See geocode.h.
 */
#include "geocode.h"

#include "log.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_ANSWER  (256 * 1024)
#define URL_MAX     1024
#define LIMIT_SLOTS 1024

/* The fields asked for: the address, its point; nothing of wijk or buurt. */
static const char FIELDS[] =
    "id%20weergavenaam%20straatnaam%20huis_nlt%20huisnummer%20postcode%20woonplaatsnaam"
    "%20centroide_ll%20afstand";

static char g_base[512];
static char g_filter[192]; /* &fq=gemeentenaam:... escaped, or empty */
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned g_inflight;
static uint64_t g_sent, g_cached;

struct cache_entry {
    char key[URL_MAX];
    int64_t at; /* 0: empty */
    size_t n;
    struct geo_address a[GEOCODE_MAX_RESULTS];
};
static struct cache_entry *g_cache; /* GEOCODE_CACHE_ENTRIES, allocated at init */

struct limit_slot {
    char client[48];
    int64_t minute;
    unsigned count;
};
static struct limit_slot g_limits[LIMIT_SLOTS];

void geocode_init(const char *base, const char *municipality)
{
    pthread_mutex_lock(&g_lock);
    snprintf(g_base, sizeof g_base, "%s", base ? base : "");
    size_t n = strlen(g_base);
    while (n && g_base[n - 1] == '/')
        g_base[--n] = '\0';
    g_filter[0] = '\0';
    if (n && municipality && *municipality) {
        char *e = curl_easy_escape(NULL, municipality, 0);
        if (e && strlen(e) < 100)
            snprintf(g_filter, sizeof g_filter, "&fq=gemeentenaam:%%22%s%%22", e);
        curl_free(e);
    }
    if (n && !g_cache)
        g_cache = calloc(GEOCODE_CACHE_ENTRIES, sizeof *g_cache);
    if (!g_cache)
        g_base[0] = '\0';
    pthread_mutex_unlock(&g_lock);
}

bool geocode_enabled(void)
{
    return g_base[0] != '\0';
}

void geocode_counts(uint64_t *sent, uint64_t *cached)
{
    pthread_mutex_lock(&g_lock);
    *sent = g_sent;
    *cached = g_cached;
    pthread_mutex_unlock(&g_lock);
}

/* --- parsing ------------------------------------------------------------------ */

static void copy_str(char *dst, size_t size, json_t *doc, const char *key)
{
    const char *v = json_string_value(json_object_get(doc, key));
    snprintf(dst, size, "%s", v ? v : "");
}

/* "POINT(4.49 52.06)": longitude first. */
static bool parse_point(const char *s, double *lat, double *lon)
{
    if (!s || strncmp(s, "POINT(", 6) != 0)
        return false;
    char *e;
    double x = strtod(s + 6, &e);
    if (e == s + 6 || *e != ' ')
        return false;
    char *e2;
    double y = strtod(e + 1, &e2);
    if (e2 == e + 1 || *e2 != ')')
        return false;
    if (!(x >= -180 && x <= 180 && y >= -90 && y <= 90))
        return false;
    *lat = y;
    *lon = x;
    return true;
}

int geocode_parse(const char *text, size_t len, struct geo_address *out, size_t max, size_t *n)
{
    *n = 0;
    json_error_t err;
    json_t *root = json_loadb(text, len, 0, &err);
    json_t *docs = json_object_get(json_object_get(root, "response"), "docs");
    if (!json_is_array(docs)) {
        json_decref(root);
        return -1;
    }
    size_t i;
    json_t *doc;
    json_array_foreach(docs, i, doc)
    {
        if (*n == max)
            break;
        struct geo_address *a = &out[*n];
        memset(a, 0, sizeof *a);
        if (!parse_point(json_string_value(json_object_get(doc, "centroide_ll")), &a->lat, &a->lon))
            continue;
        copy_str(a->id, sizeof a->id, doc, "id");
        copy_str(a->label, sizeof a->label, doc, "weergavenaam");
        copy_str(a->street, sizeof a->street, doc, "straatnaam");
        copy_str(a->number, sizeof a->number, doc, "huis_nlt");
        json_t *hn = json_object_get(doc, "huisnummer");
        if (!a->number[0] && json_is_integer(hn))
            snprintf(a->number, sizeof a->number, "%lld", (long long)json_integer_value(hn));
        copy_str(a->postcode, sizeof a->postcode, doc, "postcode");
        copy_str(a->city, sizeof a->city, doc, "woonplaatsnaam");
        json_t *d = json_object_get(doc, "afstand");
        a->distance_m = json_is_number(d) ? json_number_value(d) : 0;
        if (!a->label[0] && !a->street[0])
            continue;
        (*n)++;
    }
    json_decref(root);
    return 0;
}

/* --- the cache ------------------------------------------------------------------ */

static bool cache_get(const char *key, int64_t now, struct geo_address *out, size_t max, size_t *n)
{
    bool hit = false;
    pthread_mutex_lock(&g_lock);
    for (size_t i = 0; g_cache && i < GEOCODE_CACHE_ENTRIES; i++) {
        struct cache_entry *e = &g_cache[i];
        if (e->at && now - e->at < GEOCODE_CACHE_SECONDS && strcmp(e->key, key) == 0) {
            *n = e->n < max ? e->n : max;
            memcpy(out, e->a, *n * sizeof *out);
            hit = true;
            g_cached++;
            break;
        }
    }
    pthread_mutex_unlock(&g_lock);
    return hit;
}

/* Into an empty or expired entry, else over the oldest. */
static void cache_put(const char *key, int64_t now, const struct geo_address *a, size_t n)
{
    pthread_mutex_lock(&g_lock);
    struct cache_entry *victim = NULL;
    for (size_t i = 0; g_cache && i < GEOCODE_CACHE_ENTRIES; i++) {
        struct cache_entry *e = &g_cache[i];
        if (!e->at || now - e->at >= GEOCODE_CACHE_SECONDS) {
            victim = e;
            break;
        }
        if (!victim || e->at < victim->at)
            victim = e;
    }
    if (victim) {
        snprintf(victim->key, sizeof victim->key, "%s", key);
        victim->at = now;
        victim->n = n < GEOCODE_MAX_RESULTS ? n : GEOCODE_MAX_RESULTS;
        memcpy(victim->a, a, victim->n * sizeof *a);
    }
    pthread_mutex_unlock(&g_lock);
}

/* --- one request ------------------------------------------------------------------ */

struct answer {
    char *data;
    size_t len;
    bool too_big;
};

static size_t collect(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct answer *a = userdata;
    size_t room = size * nmemb;
    if (a->len + room > MAX_ANSWER) {
        a->too_big = true;
        return 0;
    }
    char *p = realloc(a->data, a->len + room + 1);
    if (!p)
        return 0;
    memcpy(p + a->len, ptr, room);
    a->data = p;
    a->len += room;
    a->data[a->len] = '\0';
    return room;
}

/* GET url, parse; cached by url. */
static int ask(const char *url, struct geo_address *out, size_t max, size_t *n)
{
    *n = 0;
    int64_t now = (int64_t)time(NULL);
    if (cache_get(url, now, out, max, n))
        return GEOCODE_OK;
    pthread_mutex_lock(&g_lock);
    bool slot = g_inflight < GEOCODE_MAX_INFLIGHT;
    if (slot) {
        g_inflight++;
        g_sent++;
    }
    pthread_mutex_unlock(&g_lock);
    if (!slot)
        return GEOCODE_UNAVAILABLE; /* the others still wait: do not queue behind them */

    int rc = GEOCODE_UNAVAILABLE;
    struct answer ans = {NULL, 0, false};
    CURL *c = curl_easy_init();
    if (c) {
        curl_easy_setopt(c, CURLOPT_URL, url);
#if LIBCURL_VERSION_NUM >= 0x075500
        curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
#else
        curl_easy_setopt(c, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
        curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)GEOCODE_TIMEOUT_MS);
        curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)GEOCODE_TIMEOUT_MS);
        curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
        curl_easy_setopt(c, CURLOPT_USERAGENT, "wijkregie");
        curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, &ans);
        CURLcode cc = curl_easy_perform(c);
        long status = 0;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
        if (cc != CURLE_OK)
            log_warning("geocoder: %s", curl_easy_strerror(cc));
        else if (status != 200)
            log_warning("geocoder: status %ld", status);
        else if (!ans.data || geocode_parse(ans.data, ans.len, out, max, n) != 0)
            log_warning("geocoder: not a Locatieserver answer");
        else
            rc = GEOCODE_OK;
        curl_easy_cleanup(c);
    }
    free(ans.data);
    pthread_mutex_lock(&g_lock);
    g_inflight--;
    pthread_mutex_unlock(&g_lock);
    if (rc == GEOCODE_OK)
        cache_put(url, now, out, *n);
    else
        *n = 0;
    return rc;
}

int geocode_search(const char *text, struct geo_address *out, size_t max, size_t *n)
{
    *n = 0;
    if (!geocode_enabled())
        return GEOCODE_OFF;
    if (max > GEOCODE_MAX_RESULTS)
        max = GEOCODE_MAX_RESULTS;
    /* one form of a text: trimmed, runs of spaces as one, lower case */
    char norm[201];
    size_t k = 0;
    for (const char *p = text ? text : ""; *p && k < sizeof norm - 1; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == ',') {
            if (k && norm[k - 1] != ' ')
                norm[k++] = ' ';
            continue;
        }
        norm[k++] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
    }
    while (k && norm[k - 1] == ' ')
        k--;
    norm[k] = '\0';
    if (!k)
        return GEOCODE_OK;
    char *q = curl_easy_escape(NULL, norm, 0);
    if (!q)
        return GEOCODE_UNAVAILABLE;
    char url[URL_MAX];
    int len = snprintf(url, sizeof url, "%s/free?q=%s&fq=type:adres%s&rows=%d&fl=%s", g_base, q,
                       g_filter, GEOCODE_MAX_RESULTS, FIELDS);
    curl_free(q);
    if (len < 0 || (size_t)len >= sizeof url)
        return GEOCODE_UNAVAILABLE;
    struct geo_address all[GEOCODE_MAX_RESULTS];
    size_t m;
    int rc = ask(url, all, GEOCODE_MAX_RESULTS, &m);
    *n = m < max ? m : max;
    memcpy(out, all, *n * sizeof *out);
    return rc;
}

int geocode_reverse(double lat, double lon, struct geo_address *out, bool *found)
{
    *found = false;
    if (!geocode_enabled())
        return GEOCODE_OFF;
    if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180))
        return GEOCODE_OK;
    /* five decimals (about a metre): nearby clicks share the cache */
    char url[URL_MAX];
    int len = snprintf(url, sizeof url, "%s/reverse?lat=%.5f&lon=%.5f&type=adres&rows=1&fl=%s",
                       g_base, lat, lon, FIELDS);
    if (len < 0 || (size_t)len >= sizeof url)
        return GEOCODE_UNAVAILABLE;
    size_t n;
    int rc = ask(url, out, 1, &n);
    *found = rc == GEOCODE_OK && n == 1;
    return rc;
}

/* --- the limit per client ------------------------------------------------------------ */

/* IPv4 as it is (also when IPv4-mapped), IPv6 by its first 64 bits. */
static void client_block(const char *client, char *out, size_t size)
{
    unsigned char b[16];
    if (inet_pton(AF_INET6, client, b) == 1) {
        static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        if (memcmp(b, mapped, sizeof mapped) == 0) {
            inet_ntop(AF_INET, b + 12, out, (socklen_t)size);
            return;
        }
        memset(b + 8, 0, 8);
        inet_ntop(AF_INET6, b, out, (socklen_t)size);
        return;
    }
    snprintf(out, size, "%s", client ? client : "");
}

bool geocode_client_allowed(const char *client, int64_t now, int64_t *retry_after)
{
    char key[48];
    client_block(client, key, sizeof key);
    int64_t minute = now / 60;
    bool ok = true;
    pthread_mutex_lock(&g_lock);
    struct limit_slot *slot = NULL, *free_slot = NULL;
    for (size_t i = 0; i < LIMIT_SLOTS; i++) {
        struct limit_slot *s = &g_limits[i];
        if (s->count && s->minute == minute && strcmp(s->client, key) == 0) {
            slot = s;
            break;
        }
        if (!free_slot && (!s->count || s->minute != minute))
            free_slot = s;
    }
    if (!slot && free_slot) {
        slot = free_slot;
        snprintf(slot->client, sizeof slot->client, "%s", key);
        slot->minute = minute;
        slot->count = 0;
    }
    /* every slot taken this minute: more clients than a town's lookups */
    if (!slot || slot->count >= GEOCODE_PER_MINUTE)
        ok = false;
    else
        slot->count++;
    pthread_mutex_unlock(&g_lock);
    if (!ok && retry_after)
        *retry_after = 60 - now % 60;
    return ok;
}
