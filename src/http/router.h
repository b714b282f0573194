/*
 * router.h: the route table type and matching.
 *
 * Routes are declared in one table (src/web/routes.c): method, path
 * pattern, handler, the action the permission table must allow, and flags.
 * Patterns are literal segments and {name} parameters ("/wijken/{slug}");
 * a last segment "*" matches the rest of the path as one parameter.
 */
#ifndef WR_ROUTER_H
#define WR_ROUTER_H

#include "http/http.h"

#include <stddef.h>

enum route_flags {
    ROUTE_NO_SESSION = 1 << 0,   /* does not look at the session (static, healthz) */
    ROUTE_NO_CSRF = 1 << 1,      /* POST without CSRF token (APIs with their own keys) */
    ROUTE_UPLOAD = 1 << 2,       /* may carry large multipart bodies */
    ROUTE_SECRET_PATH = 1 << 3,  /* path holds a secret: log the pattern instead */
    ROUTE_PUBLIC_CACHE = 1 << 4, /* anonymous GET answer may be cached in memory */
    ROUTE_CORS = 1 << 5          /* any origin may read the answer (public machine APIs) */
};

struct route {
    unsigned methods; /* HTTP_GET | HTTP_POST ... (GET implies HEAD) */
    const char *pattern;
    http_handler handler;
    int action; /* checked through the server hook "allowed" before the handler */
    unsigned flags;
    /* Query parameters whose values may be longer than the query's usual
     * limit (SERVER_QUERY_VALUE_MAX), such as a list of 1,000 ids; NULL:
     * none. A list ended by {NULL, 0}. */
    const struct form_field_limit *query_limits;
};

void router_set_table(const struct route *routes, size_t n);
const struct route *router_table(size_t *n);

/* The route for path and method. On no match returns NULL and sets
 * *allowed to the methods other routes accept for this path (0: 404). */
const struct route *router_match(arena *a, const char *path, unsigned method,
                                 /* out: */ const char **params, size_t *nparams,
                                 unsigned *allowed);
/* The first route whose pattern matches path, whatever its method, or NULL;
 * *methods gets the methods of every route that matches (for Allow and
 * CORS preflights). */
const struct route *router_match_path(arena *a, const char *path, /* out: */ unsigned *methods);
/* Index of r in the table (for metrics). */
size_t router_index(const struct route *r);

#endif
