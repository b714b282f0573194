/*
 * http.h: the request and response as handlers see them.
 *
 * The server glue (server.c) turns a libmicrohttpd connection into a
 * struct req: raw URI split and decoded, query and body parsed, cookies,
 * language, client address (trusting X-Forwarded-* only from configured
 * proxies), and the session's user. Handlers fill in the response part and
 * never talk to libmicrohttpd themselves, so they can be tested and the
 * glue can be swapped.
 */
#ifndef WR_HTTP_H
#define WR_HTTP_H

#include "http/cookie.h"
#include "http/form.h"
#include "lib/arena.h"
#include "lib/buf.h"

#include <stdbool.h>
#include <stdint.h>

enum http_method { HTTP_GET = 1, HTTP_HEAD = 2, HTTP_POST = 4, HTTP_OTHER = 8, HTTP_OPTIONS = 16 };

struct user; /* domain/user.h */
struct route;

#define REQ_MAX_PARAMS  4
#define REQ_MAX_HEADERS 16

struct resp_header {
    const char *name;
    const char *value;
};

struct req {
    arena *a;
    void *conn; /* struct MHD_Connection *, for the glue only */

    /* request */
    enum http_method method;
    const char *method_name;
    const char *raw_uri;   /* as received */
    const char *path;      /* percent-decoded, valid UTF-8, no NUL */
    const char *query_raw; /* after '?', or "" */
    struct form query;
    struct form form; /* urlencoded or multipart body */
    const char *content_type;
    const char *body;
    size_t body_len;
    struct cookie_list cookies;
    const char *client_ip;
    bool https;
    bool accept_gzip;
    const char *lang; /* "nl" or "en" */
    const char *params[REQ_MAX_PARAMS];
    size_t nparams;
    const struct route *route;
    struct user *user;    /* NULL when anonymous */
    const char *csrf;     /* the token forms must carry */
    bool csrf_new_cookie; /* anonymous visitor gets a fresh wr_csrf cookie */

    /* response */
    unsigned status;
    const char *content_type_out;
    buf body_out;
    struct resp_header headers[REQ_MAX_HEADERS];
    size_t nheaders;
    bool cacheable_public; /* may be cached for anonymous visitors */
    /* An answer from the page cache: its bodies, held (sent without a copy);
     * body_out is then unused. */
    struct page_body *cached_body, *cached_gz;
    size_t cached_len, cached_gz_len;
    bool no_compress;
    bool close_connection; /* the glue closes the connection after the answer */

    /* req_defer's (private to the glue) */
    void (*defer_then)(struct req *r, void *ctx);
    void *defer_ctx;
    int defer_state;
};

typedef void (*http_handler)(struct req *r);

/*
 * An answer that waits for another thread (a write queued for the group
 * commit): the handler calls req_defer and returns without an answer; the
 * worker thread goes on with other connections meanwhile. Once the other
 * thread calls req_wake(r), then(r, ctx) runs on a worker thread and gives
 * the answer as a handler would. req_wake may come before req_defer, or
 * before the handler has returned. Until then nothing else may touch r (its
 * arena included). Only for POST requests (they are never cached).
 */
void req_defer(struct req *r, void (*then)(struct req *r, void *ctx), void *ctx);
/* From any thread; r is a struct req * (a void * to serve as a callback). */
void req_wake(void *r);

/* Response helpers. */
void resp_header(struct req *r, const char *name, const char *value);
void resp_text(struct req *r, unsigned status, const char *content_type, const char *text);
void resp_redirect(struct req *r, const char *location); /* 303 See Other */
/* Sets an HttpOnly, SameSite=Lax cookie on path /, Secure over HTTPS;
 * max_age 0: until the browser closes, < 0: delete. */
void resp_cookie(struct req *r, const char *name, const char *value, long max_age);
/* An error page in the visitor's language (400, 403, 404, 405, 413, 500...). */
void resp_error(struct req *r, unsigned status);

/*
 * Return targets taken from input (redirect.c). A local path is exactly
 * "/", or "/" followed by a character that is neither '/' nor '\\', and it
 * holds only printable ASCII: no control character, no white space, no byte
 * above 0x7e anywhere (a browser drops tabs and newlines from a Location and
 * reads "/\\host" as "//host", another site). Build targets with
 * http_query_value() so that what the program makes itself always passes.
 */
bool http_local_path(const char *s);
/* s when it is a local path, otherwise fallback (which must be one). */
const char *http_return_target(const char *s, const char *fallback);
/* s percent-encoded for a query value (unreserved characters and '/' kept),
 * in the arena; NULL when it is exhausted. */
char *http_query_value(arena *a, const char *s);

/* This request's path as received, as a return target ready for a query
 * value ("terug=..."); "/" when it is not a local path. */
const char *req_return_here(struct req *r);

/* The CSRF token for a form on this page; for an anonymous visitor without
 * one, a new token that is also set as the wr_csrf cookie. */
const char *req_csrf(struct req *r);

/* Request helpers. */
const char *req_header(struct req *r, const char *name);
const char *req_param(struct req *r, size_t i);
/* First value of a query or body field, or NULL. */
const char *req_query(struct req *r, const char *name);
const char *req_field(struct req *r, const char *name);

#endif
