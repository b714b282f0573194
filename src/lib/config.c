/*
 * config.c: defaults, the INI file and flag overrides.
 *
 * The INI file has sections [server], [site], [mail], [map]; every key can
 * also be given as a flag --key=value (without the section). Unknown keys are
 * errors, so a typo does not silently leave a default in place.
 */
#include "config.h"

#include "lib/ini.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void config_defaults(struct config *c)
{
    memset(c, 0, sizeof *c);
    snprintf(c->listen_host, sizeof c->listen_host, "127.0.0.1");
    c->listen_port = 8080;
    snprintf(c->data_dir, sizeof c->data_dir, "var");
    snprintf(c->lang_default, sizeof c->lang_default, "nl");
    snprintf(c->static_dir, sizeof c->static_dir, "static");
    snprintf(c->jurisdiction_id, sizeof c->jurisdiction_id, "zoetermeer.nl");
    snprintf(c->site_name, sizeof c->site_name, "Wijkregie Zoetermeer");
    snprintf(c->smtp_from, sizeof c->smtp_from, "wijkregie@localhost");
    c->session_idle_minutes = 60;
    c->retention_days = 365;
    c->reports_per_hour = 10;
    c->grant_accounting_days = 90;
    c->grant_retention_years = 7;
    c->max_connections_per_client = 100;
    c->request_head_seconds = 20;
    c->request_body_seconds = 20;
    c->request_body_min_rate = 500;
}

static int copy(char *dst, size_t cap, const char *v, const char *key, char *err, size_t errlen)
{
    size_t n = strlen(v);
    if (n >= cap) {
        snprintf(err, errlen, "%s: value too long (at most %zu characters)", key, cap - 1);
        return -1;
    }
    memcpy(dst, v, n + 1);
    return 0;
}

static int parse_uint(const char *v, unsigned long max, unsigned *out)
{
    char *end;
    errno = 0;
    unsigned long x = strtoul(v, &end, 10);
    if (errno || end == v || *end || x > max || *v == '-')
        return -1;
    *out = (unsigned)x;
    return 0;
}

int config_set_listen(struct config *c, const char *hostport, char *err, size_t errlen)
{
    const char *colon = strrchr(hostport, ':');
    if (!colon || colon == hostport) {
        snprintf(err, errlen, "listen: expected HOST:PORT, for example 127.0.0.1:8080");
        return -1;
    }
    size_t hl = (size_t)(colon - hostport);
    const char *h = hostport;
    if (h[0] == '[' && hl > 2 && h[hl - 1] == ']') { /* [::1]:8080 */
        h++;
        hl -= 2;
    }
    if (hl >= sizeof c->listen_host) {
        snprintf(err, errlen, "listen: host too long");
        return -1;
    }
    unsigned port;
    if (parse_uint(colon + 1, 65535, &port) != 0) {
        snprintf(err, errlen, "listen: bad port number");
        return -1;
    }
    memcpy(c->listen_host, h, hl);
    c->listen_host[hl] = '\0';
    c->listen_port = port;
    return 0;
}

static int set_proxies(struct config *c, const char *v, char *err, size_t errlen)
{
    c->nproxies = 0;
    const char *p = v;
    while (*p) {
        while (*p == ' ' || *p == ',')
            p++;
        const char *s = p;
        while (*p && *p != ' ' && *p != ',')
            p++;
        size_t n = (size_t)(p - s);
        if (!n)
            continue;
        if (c->nproxies == CONFIG_MAX_PROXIES || n >= sizeof c->trusted_proxies[0]) {
            snprintf(err, errlen, "trusted_proxies: too many or too long");
            return -1;
        }
        memcpy(c->trusted_proxies[c->nproxies], s, n);
        c->trusted_proxies[c->nproxies][n] = '\0';
        c->nproxies++;
    }
    return 0;
}

int config_set(struct config *c, const char *key, const char *v, char *err, size_t errlen)
{
    const char *dot = strchr(key, '.');
    if (dot)
        key = dot + 1;
#define STR(name, field)                                                                           \
    if (strcmp(key, name) == 0)                                                                    \
    return copy(c->field, sizeof c->field, v, key, err, errlen)
    STR("data", data_dir);
    STR("base_url", base_url);
    STR("smtp_url", smtp_url);
    STR("smtp_from", smtp_from);
    STR("tile_url", tile_url);
    STR("tile_attribution", tile_attribution);
    STR("geocoder_url", geocoder_url);
    STR("static", static_dir);
    STR("image_helper", image_helper);
    STR("password_dictionary", password_dictionary);
    STR("jurisdiction_id", jurisdiction_id);
    STR("site_name", site_name);
#undef STR
    if (strcmp(key, "listen") == 0)
        return config_set_listen(c, v, err, errlen);
    if (strcmp(key, "trusted_proxies") == 0)
        return set_proxies(c, v, err, errlen);
    if (strcmp(key, "language") == 0) {
        if (strcmp(v, "nl") != 0 && strcmp(v, "en") != 0) {
            snprintf(err, errlen, "language: nl or en");
            return -1;
        }
        return copy(c->lang_default, sizeof c->lang_default, v, key, err, errlen);
    }
    if (strcmp(key, "workers") == 0) {
        if (parse_uint(v, 256, &c->workers) != 0) {
            snprintf(err, errlen, "workers: a number from 0 to 256");
            return -1;
        }
        return 0;
    }
    if (strcmp(key, "session_idle_minutes") == 0) {
        if (parse_uint(v, 7 * 24 * 60, &c->session_idle_minutes) != 0 ||
            c->session_idle_minutes == 0) {
            snprintf(err, errlen, "session_idle_minutes: a number from 1 to 10080");
            return -1;
        }
        return 0;
    }
    if (strcmp(key, "retention_days") == 0) {
        if (parse_uint(v, 36500, &c->retention_days) != 0 || c->retention_days == 0) {
            snprintf(err, errlen, "retention_days: a number from 1 to 36500");
            return -1;
        }
        return 0;
    }
    static const struct {
        const char *key;
        size_t offset;
        unsigned long min, max;
    } nums[] = {
        {"max_connections_per_client", offsetof(struct config, max_connections_per_client), 1,
         1000},
        {"request_head_seconds", offsetof(struct config, request_head_seconds), 1, 3600},
        {"request_body_seconds", offsetof(struct config, request_body_seconds), 1, 3600},
        {"request_body_min_rate", offsetof(struct config, request_body_min_rate), 1, 1000000000},
        {"reports_per_hour", offsetof(struct config, reports_per_hour), 0, 100000},
        {"grant_accounting_days", offsetof(struct config, grant_accounting_days), 1, 3650},
        {"grant_retention_years", offsetof(struct config, grant_retention_years), 1, 100},
    };
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
        if (strcmp(key, nums[i].key) != 0)
            continue;
        unsigned x;
        if (parse_uint(v, nums[i].max, &x) != 0 || x < nums[i].min) {
            snprintf(err, errlen, "%s: a number from %lu to %lu", key, nums[i].min, nums[i].max);
            return -1;
        }
        *(unsigned *)(void *)((char *)c + nums[i].offset) = x;
        return 0;
    }
    if (strcmp(key, "quiet") == 0) {
        c->quiet = strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || strcmp(v, "yes") == 0;
        return 0;
    }
    snprintf(err, errlen, "unknown setting '%.64s'", key);
    return -1;
}

struct load_ctx {
    struct config *c;
    char *err;
    size_t errlen;
    const char *path;
};

static int on_pair(void *ud, const char *section, const char *key, const char *value, int line)
{
    struct load_ctx *lc = ud;
    char e[256];
    (void)section;
    if (config_set(lc->c, key, value, e, sizeof e) != 0) {
        snprintf(lc->err, lc->errlen, "%s:%d: %s", lc->path, line, e);
        return -1;
    }
    return 0;
}

int config_load_file(struct config *c, const char *path, bool required, char *err, size_t errlen)
{
    if (access(path, F_OK) != 0) {
        if (!required)
            return 0;
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    struct load_ctx lc = {c, err, errlen, path};
    struct ini_error ie;
    err[0] = '\0';
    if (ini_parse_file(path, on_pair, &lc, &ie) != 0) {
        if (!err[0])
            snprintf(err, errlen, "%s:%d: %s", path, ie.line, ie.msg);
        return -1;
    }
    return 0;
}

bool config_is_trusted_proxy(const struct config *c, const char *addr)
{
    for (size_t i = 0; i < c->nproxies; i++)
        if (strcmp(c->trusted_proxies[i], addr) == 0)
            return true;
    return false;
}

bool config_derive_base_url(struct config *c)
{
    if (c->base_url[0])
        return false;
    const char *host = c->listen_host;
    struct in_addr a4;
    struct in6_addr a6;
    bool v6 = inet_pton(AF_INET6, host, &a6) == 1;
    if (inet_pton(AF_INET, host, &a4) == 1 && a4.s_addr == htonl(INADDR_ANY))
        host = "127.0.0.1";
    else if (v6 && IN6_IS_ADDR_UNSPECIFIED(&a6))
        host = "::1";
    snprintf(c->base_url, sizeof c->base_url, v6 ? "http://[%s]:%u" : "http://%s:%u", host,
             c->listen_port);
    return true;
}
