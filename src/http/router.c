/*
 * router.c: matching a decoded path against the route table.
 *
 * The table is small (tens of routes) and matching is a linear scan with
 * segment comparison; no allocation except for parameters.
 */
#include "router.h"

#include <string.h>

static const struct route *g_routes;
static size_t g_nroutes;

void router_set_table(const struct route *routes, size_t n)
{
    g_routes = routes;
    g_nroutes = n;
}

const struct route *router_table(size_t *n)
{
    *n = g_nroutes;
    return g_routes;
}

size_t router_index(const struct route *r)
{
    return r ? (size_t)(r - g_routes) : g_nroutes;
}

/* Matches path against pattern; fills params. */
static int match(arena *a, const char *pat, const char *path, const char **params, size_t *np)
{
    size_t n = 0;
    while (*pat && *path) {
        if (*pat != '/' || *path != '/')
            return 0;
        pat++;
        path++;
        const char *pe = strchr(pat, '/');
        size_t pl = pe ? (size_t)(pe - pat) : strlen(pat);
        const char *se = strchr(path, '/');
        size_t sl = se ? (size_t)(se - path) : strlen(path);
        if (pl == 1 && pat[0] == '*') { /* rest of the path */
            if (n == REQ_MAX_PARAMS || !*path)
                return 0;
            params[n++] = arena_strdup(a, path);
            *np = n;
            return 1;
        }
        if (pl >= 2 && pat[0] == '{' && pat[pl - 1] == '}') {
            if (sl == 0 || n == REQ_MAX_PARAMS)
                return 0;
            params[n++] = arena_strndup(a, path, sl);
        } else if (pl != sl || memcmp(pat, path, pl) != 0) {
            return 0;
        }
        pat += pl;
        path += sl;
    }
    if (*pat || *path)
        return 0;
    *np = n;
    return 1;
}

const struct route *router_match(arena *a, const char *path, unsigned method, const char **params,
                                 size_t *nparams, unsigned *allowed)
{
    unsigned want = method == HTTP_HEAD ? HTTP_GET : method;
    *allowed = 0;
    for (size_t i = 0; i < g_nroutes; i++) {
        const struct route *r = &g_routes[i];
        const char *tmp[REQ_MAX_PARAMS];
        size_t n = 0;
        if (!match(a, r->pattern, path, tmp, &n))
            continue;
        if (r->methods & want) {
            memcpy(params, tmp, n * sizeof *tmp);
            *nparams = n;
            return r;
        }
        *allowed |= r->methods;
    }
    return NULL;
}

const struct route *router_match_path(arena *a, const char *path, unsigned *methods)
{
    const struct route *first = NULL;
    *methods = 0;
    for (size_t i = 0; i < g_nroutes; i++) {
        const char *tmp[REQ_MAX_PARAMS];
        size_t n = 0;
        if (!match(a, g_routes[i].pattern, path, tmp, &n))
            continue;
        if (!first)
            first = &g_routes[i];
        *methods |= g_routes[i].methods;
    }
    return first;
}
