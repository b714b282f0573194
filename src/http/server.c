/*
 * server.c: the libmicrohttpd glue.
 *
 * libmicrohttpd calls access_handler several times per request: first with
 * the headers, then with pieces of the body, then once more with nothing
 * left. We collect the body (bounded: 413 past the route's limit), then
 * build a struct req and dispatch through the route table. The raw URI
 * comes from the URI log callback, so that path and query are decoded by
 * our own (fuzzed) code and nothing is decoded twice.
 */
#include "server.h"

#include "http/guard.h"
#include "http/metrics.h"
#include "http/pagecache.h"
#include "http/router.h"
#include "http/static.h"
#include "lib/i18n.h"
#include "lib/log.h"
#include "lib/utf8.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static const struct config *g_cfg;
static struct server_hooks g_hooks;
static char g_csp[1024];
static pthread_key_t g_thread_key;
/* Set once the server stops: every answer from then on closes its
 * connection, so that clients that keep sending on a kept-alive connection
 * do not keep the stop waiting for them. */
static atomic_bool g_stopping;

const struct config *server_config(void)
{
    return g_cfg;
}

struct sock_state;

struct conn_state {
    struct sock_state *sock; /* the connection it belongs to */
    arena *a;
    char *raw_uri;
    buf body;
    int phase; /* 0: headers seen, 1: receiving body */
    int too_large;
    int bad_framing; /* the body's length is ambiguous: 400, then close */
    size_t limit;
    struct timespec start;
    struct req *deferred; /* its answer waits (req_defer); the connection is suspended */
};

static unsigned long long usec_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long long us = (t1.tv_sec - t0->tv_sec) * 1000000LL + (t1.tv_nsec - t0->tv_nsec) / 1000;
    return us < 0 ? 0 : (unsigned long long)us;
}

/* --- answers that wait (req_defer) ---------------------------------------- */

enum { DEFER_NONE, DEFER_WAITING, DEFER_SUSPENDED, DEFER_WOKEN };
/* One lock for every deferred request's state: held for moments only. */
static pthread_mutex_t g_defer_mu = PTHREAD_MUTEX_INITIALIZER;

void req_defer(struct req *r, void (*then)(struct req *r, void *ctx), void *ctx)
{
    pthread_mutex_lock(&g_defer_mu);
    r->defer_then = then;
    r->defer_ctx = ctx;
    if (r->defer_state == DEFER_NONE)
        r->defer_state = DEFER_WAITING;
    pthread_mutex_unlock(&g_defer_mu);
}

void req_wake(void *vr)
{
    struct req *r = vr;
    pthread_mutex_lock(&g_defer_mu);
    int was = r->defer_state;
    r->defer_state = DEFER_WOKEN;
    /* the worker may answer (and free r) as soon as it is resumed: r is not
     * touched after this */
    if (was == DEFER_SUSPENDED)
        MHD_resume_connection((struct MHD_Connection *)r->conn);
    pthread_mutex_unlock(&g_defer_mu);
}

static int defer_state(struct req *r)
{
    pthread_mutex_lock(&g_defer_mu);
    int st = r->defer_state;
    pthread_mutex_unlock(&g_defer_mu);
    return st;
}

/* --- request helpers ---------------------------------------------------- */

const char *req_header(struct req *r, const char *name)
{
    return MHD_lookup_connection_value((struct MHD_Connection *)r->conn, MHD_HEADER_KIND, name);
}

const char *req_csrf(struct req *r)
{
    if (!r->csrf) {
        char *t = arena_alloc(r->a, 64);
        if (t) {
            unsigned char raw[32];
            randombytes_buf(raw, sizeof raw);
            sodium_bin2base64(t, 64, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
            r->csrf = t;
            r->csrf_new_cookie = true;
        }
    }
    return r->csrf;
}

const char *req_return_here(struct req *r)
{
    const char *raw = r->raw_uri ? r->raw_uri : "/";
    const char *q = strchr(raw, '?');
    const char *path = arena_strndup(r->a, raw, q ? (size_t)(q - raw) : strlen(raw));
    const char *v = http_query_value(r->a, http_return_target(path, "/"));
    return v ? v : "/";
}

const char *req_param(struct req *r, size_t i)
{
    return i < r->nparams ? r->params[i] : NULL;
}

const char *req_query(struct req *r, const char *name)
{
    return form_get(&r->query, name);
}

const char *req_field(struct req *r, const char *name)
{
    return form_get(&r->form, name);
}

void resp_header(struct req *r, const char *name, const char *value)
{
    if (r->nheaders < REQ_MAX_HEADERS) {
        r->headers[r->nheaders].name = name;
        r->headers[r->nheaders].value = value;
        r->nheaders++;
    }
}

void resp_text(struct req *r, unsigned status, const char *content_type, const char *text)
{
    r->status = status;
    r->content_type_out = content_type;
    buf_reset(&r->body_out);
    buf_puts(&r->body_out, text);
}

void resp_redirect(struct req *r, const char *location)
{
    r->status = 303;
    r->content_type_out = "text/plain; charset=utf-8";
    buf_reset(&r->body_out);
    resp_header(r, "Location", location);
}

void resp_error(struct req *r, unsigned status)
{
    r->status = status;
    buf_reset(&r->body_out);
    if (g_hooks.api_error && g_hooks.api_error(r, status)) {
        r->status = status;
    } else if (g_hooks.error_page) {
        g_hooks.error_page(r, status, NULL);
        r->status = status;
    } else {
        r->content_type_out = "text/plain; charset=utf-8";
        buf_printf(&r->body_out, "%u\n", status);
    }
}

/* --- decoding ------------------------------------------------------------ */

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Percent-decodes a path ('+' stays '+'); NULL when malformed, not UTF-8,
 * holds NUL, or is not absolute. */
static const char *decode_path(arena *a, const char *s, size_t len)
{
    if (len == 0 || s[0] != '/' || len > 2048)
        return NULL;
    char *out = arena_alloc(a, len + 1);
    if (!out)
        return NULL;
    size_t j = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '%') {
            if (i + 2 >= len)
                return NULL;
            int h = hexval(s[i + 1]), l = hexval(s[i + 2]);
            if (h < 0 || l < 0)
                return NULL;
            out[j++] = (char)(h * 16 + l);
            i += 2;
        } else {
            out[j++] = s[i];
        }
    }
    out[j] = '\0';
    if (memchr(out, '\0', j) || !utf8_valid(out, j))
        return NULL;
    for (size_t i = 0; i < j; i++)
        if ((unsigned char)out[i] < 0x20 || out[i] == 0x7f)
            return NULL;
    return out;
}

/* --- connection bookkeeping --------------------------------------------- */

/* Per connection: the request state not yet handed to completed_cb. When
 * libmicrohttpd refuses a request itself (headers too large) it never calls
 * completed_cb, so the connection's close frees what is pending. */
struct sock_state {
    struct conn_state *pending;
    struct guard_conn *guard; /* NULL for a trusted proxy */
};

static void conn_state_free(struct conn_state *cs)
{
    arena_free(cs->a);
    free(cs->raw_uri);
    buf_free(&cs->body);
    free(cs);
}

/* The connection's peer address as text ("" when unknown). */
static void peer_text(struct MHD_Connection *con, char out[INET6_ADDRSTRLEN])
{
    out[0] = '\0';
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!ci || !ci->client_addr)
        return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
                  INET6_ADDRSTRLEN);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
                  INET6_ADDRSTRLEN);
}

static void *uri_log_cb(void *cls, const char *uri, struct MHD_Connection *con)
{
    struct conn_state *cs = calloc(1, sizeof *cs);
    if (!cs)
        return NULL;
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(con, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    struct sock_state *ss = ci ? ci->socket_context : NULL;
    if (ss) {
        if (ss->pending)
            conn_state_free(ss->pending);
        ss->pending = cs;
        cs->sock = ss;
    }
    clock_gettime(CLOCK_MONOTONIC, &cs->start);
    cs->a = arena_new(16 * 1024);
    cs->raw_uri = strdup(uri ? uri : "");
    buf_init(&cs->body, SERVER_MAX_UPLOAD);
    if (!cs->a || !cs->raw_uri) {
        if (cs->sock)
            cs->sock->pending = NULL;
        conn_state_free(cs);
        return NULL;
    }
    return cs;
}

static void completed_cb(void *cls, struct MHD_Connection *con, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct conn_state *cs = *con_cls;
    if (!cs)
        return;
    if (cs->sock) {
        if (cs->sock->pending == cs)
            cs->sock->pending = NULL;
        /* a kept-alive connection waits for its next request head */
        guard_wait_head(cs->sock->guard);
    }
    conn_state_free(cs);
    *con_cls = NULL;
}

static void connection_cb(void *cls, struct MHD_Connection *con, void **socket_ctx,
                          enum MHD_ConnectionNotificationCode toe)
{
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        metrics_connection(1);
        struct sock_state *ss = calloc(1, sizeof *ss);
        *socket_ctx = ss;
        const union MHD_ConnectionInfo *fd =
            MHD_get_connection_info(con, MHD_CONNECTION_INFO_CONNECTION_FD);
        const union MHD_ConnectionInfo *addr =
            MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        char peer[INET6_ADDRSTRLEN];
        peer_text(con, peer);
        struct guard_conn *g = NULL;
        if (fd && addr)
            guard_open(fd->connect_fd, addr->client_addr, config_is_trusted_proxy(g_cfg, peer), &g);
        if (ss)
            ss->guard = g;
        else
            guard_close(g);
    } else {
        metrics_connection(-1);
        struct sock_state *ss = *socket_ctx;
        if (ss) {
            /* before libmicrohttpd closes the socket: see guard.c */
            guard_close(ss->guard);
            if (ss->pending)
                conn_state_free(ss->pending);
            free(ss);
            *socket_ctx = NULL;
        }
    }
    if (pthread_getspecific(g_thread_key) == NULL)
        pthread_setspecific(g_thread_key, (void *)1);
}

static void thread_exit_cb(void *unused)
{
    if (g_hooks.thread_exit)
        g_hooks.thread_exit();
}

/* --- request preparation ------------------------------------------------ */

static unsigned method_of(const char *m)
{
    if (strcmp(m, "GET") == 0)
        return HTTP_GET;
    if (strcmp(m, "HEAD") == 0)
        return HTTP_HEAD;
    if (strcmp(m, "POST") == 0)
        return HTTP_POST;
    if (strcmp(m, "OPTIONS") == 0)
        return HTTP_OPTIONS;
    return HTTP_OTHER;
}

/*
 * Request smuggling: a proxy in front and this server must agree where a
 * request ends. libmicrohttpd 0.9.75 takes the first Content-Length, lets
 * any Transfer-Encoding win over it, decodes only "chunked" and reads any
 * other coding until the connection closes, and keeps white space before a
 * header's colon as part of the name. So a request is refused (400, then
 * the connection closes) when its framing is anything but plain: both
 * Content-Length and Transfer-Encoding, Content-Length values that differ,
 * more than one Transfer-Encoding or one that is not exactly "chunked", a
 * Transfer-Encoding in HTTP/1.0, or a header name that is empty or holds
 * white space.
 */
struct framing {
    const char *content_length; /* the first one */
    int te;
    bool bad;
};

static enum MHD_Result framing_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                      const char *value)
{
    struct framing *fr = cls;
    (void)kind;
    if (!key || !*key || strpbrk(key, " \t")) {
        fr->bad = true;
        return MHD_NO;
    }
    if (strcasecmp(key, "Content-Length") == 0) {
        if (fr->content_length && strcmp(fr->content_length, value ? value : "") != 0)
            fr->bad = true;
        if (!fr->content_length)
            fr->content_length = value ? value : "";
    } else if (strcasecmp(key, "Transfer-Encoding") == 0) {
        if (fr->te++ || !value || strcasecmp(value, "chunked") != 0)
            fr->bad = true;
    }
    return fr->bad ? MHD_NO : MHD_YES;
}

/* True when the request's framing is plain; *has_body tells whether a
 * body follows. */
static bool framing_ok(struct MHD_Connection *con, const char *version, /* out: */ bool *has_body)
{
    struct framing fr = {0};
    MHD_get_connection_values(con, MHD_HEADER_KIND, framing_header, &fr);
    if (fr.te && (fr.content_length || strcmp(version, "HTTP/1.0") == 0))
        fr.bad = true;
    *has_body =
        fr.te || (fr.content_length && strspn(fr.content_length, "0") != strlen(fr.content_length));
    return !fr.bad;
}

static const char *client_address(struct req *r)
{
    char peer[INET6_ADDRSTRLEN];
    peer_text((struct MHD_Connection *)r->conn, peer);
    if (!config_is_trusted_proxy(g_cfg, peer))
        return arena_strdup(r->a, peer);
    /* Behind a trusted proxy: the client is the right-most address in
     * X-Forwarded-For that is not itself a trusted proxy. */
    const char *xff = req_header(r, "X-Forwarded-For");
    const char *xfp = req_header(r, "X-Forwarded-Proto");
    if (xfp && strcasecmp(xfp, "https") == 0)
        r->https = true;
    if (!xff)
        return arena_strdup(r->a, peer);
    char *copy = arena_strdup(r->a, xff);
    if (!copy)
        return arena_strdup(r->a, peer);
    char *end = copy + strlen(copy);
    while (end > copy) {
        char *comma = end;
        while (comma > copy && comma[-1] != ',')
            comma--;
        char *s = comma;
        while (*s == ' ')
            s++;
        char *e = end;
        while (e > s && e[-1] == ' ')
            e--;
        *e = '\0';
        if (*s && !config_is_trusted_proxy(g_cfg, s)) {
            unsigned char tmp[16];
            if (inet_pton(AF_INET, s, tmp) == 1 || inet_pton(AF_INET6, s, tmp) == 1)
                return s;
            break;
        }
        end = comma > copy ? comma - 1 : copy;
    }
    return arena_strdup(r->a, peer);
}

static const char *const g_langs[] = {"nl", "en"};

static void choose_language(struct req *r)
{
    const char *c = cookie_get(&r->cookies, "wr_lang");
    if (c && (strcmp(c, "nl") == 0 || strcmp(c, "en") == 0)) {
        r->lang = strcmp(c, "nl") == 0 ? "nl" : "en";
        return;
    }
    const char *al = req_header(r, "Accept-Language");
    r->lang = al ? i18n_negotiate(al, g_langs, 2, g_cfg->lang_default) : g_cfg->lang_default;
    r->lang = strcmp(r->lang, "en") == 0 ? "en" : "nl";
}

static bool accepts_gzip(struct req *r)
{
    const char *ae = req_header(r, "Accept-Encoding");
    if (!ae)
        return false;
    /* gzip listed and not with q=0 */
    const char *p = strcasestr(ae, "gzip");
    if (!p)
        return false;
    const char *q = p + 4;
    while (*q == ' ')
        q++;
    if (*q == ';') {
        const char *z = strstr(q, "q=0");
        if (z && (z[3] == '\0' || z[3] == ',' ||
                  (z[3] == '.' && strspn(z + 4, "0") > 0 &&
                   (z[4 + strspn(z + 4, "0")] == '\0' || z[4 + strspn(z + 4, "0")] == ','))))
            return false;
    }
    return true;
}

static bool compressible(const char *type)
{
    return type && (strncmp(type, "text/", 5) == 0 || strstr(type, "json") || strstr(type, "xml") ||
                    strstr(type, "javascript") || strstr(type, "svg"));
}

/* --- response ------------------------------------------------------------ */

static enum MHD_Result send_response(struct MHD_Connection *con, struct conn_state *cs,
                                     struct req *r)
{
    const void *data = r->body_out.data ? r->body_out.data : "";
    size_t len = r->body_out.len;
    unsigned char *gz = NULL;
    size_t gz_len = 0;
    bool vary = compressible(r->content_type_out) && !r->no_compress;
    /* A cached answer is sent from the cache's own bytes, held until sent. */
    struct page_body *shared = NULL;
    bool gzipped = false;
    if (r->cached_body) {
        gzipped = r->cached_gz && r->accept_gzip;
        shared = gzipped ? r->cached_gz : r->cached_body;
        len = gzipped ? r->cached_gz_len : r->cached_len;
        if (gzipped)
            r->cached_gz = NULL;
        else
            r->cached_body = NULL;
        data = page_body_data(shared);
    } else if (vary && r->accept_gzip && len > 1024 && r->method != HTTP_HEAD) {
        gz = static_gzip(data, len, &gz_len);
        if (gz) {
            data = gz;
            len = gz_len;
            gzipped = true;
        }
    }
    struct MHD_Response *resp;
    if (shared) {
        resp = MHD_create_response_from_buffer_with_free_callback_cls(len, (void *)(uintptr_t)data,
                                                                      page_body_release, shared);
        if (!resp)
            page_body_release(shared);
    } else if (gz) {
        resp = MHD_create_response_from_buffer(len, gz, MHD_RESPMEM_MUST_FREE);
    } else {
        resp = MHD_create_response_from_buffer(len, (void *)(uintptr_t)data, MHD_RESPMEM_MUST_COPY);
    }
    if (!resp) {
        free(gz);
        return MHD_NO;
    }
    if (gzipped)
        MHD_add_response_header(resp, "Content-Encoding", "gzip");
    if (vary)
        MHD_add_response_header(resp, "Vary", "Accept-Encoding, Cookie");
    if (r->content_type_out)
        MHD_add_response_header(resp, "Content-Type", r->content_type_out);
    MHD_add_response_header(resp, "Content-Security-Policy", g_csp);
    if (r->route && (r->route->flags & ROUTE_CORS)) /* also for answers from the page cache */
        MHD_add_response_header(resp, "Access-Control-Allow-Origin", "*");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
    MHD_add_response_header(resp, "Permissions-Policy",
                            "geolocation=(self), camera=(), microphone=()");
    if (r->https)
        MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
    if (r->close_connection || atomic_load(&g_stopping))
        MHD_add_response_header(resp, "Connection", "close");
    bool has_cache = false;
    for (size_t i = 0; i < r->nheaders; i++) {
        if (strcasecmp(r->headers[i].name, "Cache-Control") == 0)
            has_cache = true;
        MHD_add_response_header(resp, r->headers[i].name, r->headers[i].value);
    }
    if (!has_cache)
        MHD_add_response_header(resp, "Cache-Control", "no-store");
    enum MHD_Result ret = MHD_queue_response(con, r->status, resp);
    MHD_destroy_response(resp);

    unsigned long long us = usec_since(&cs->start);
    metrics_request(router_index(r->route), r->status, us);
    const char *logpath = r->route && (r->route->flags & ROUTE_SECRET_PATH) ? r->route->pattern
                          : r->path                                         ? r->path
                                                                            : "-";
    log_access(r->method_name, logpath, r->status, (unsigned long long)len, us);
    return ret;
}

static void set_cookie(struct req *r, const char *name, const char *value, long max_age,
                       bool http_only)
{
    buf b;
    buf_init(&b, 1024);
    struct cookie_attrs at = {.path = "/",
                              .max_age = max_age,
                              .http_only = http_only,
                              .secure = r->https,
                              .same_site = COOKIE_SAME_SITE_LAX};
    if (cookie_format_set(&b, name, value, &at) == 0 && b.data) {
        resp_header(r, "Set-Cookie", arena_strdup(r->a, b.data));
    }
    buf_free(&b);
}

void resp_cookie(struct req *r, const char *name, const char *value, long max_age)
{
    set_cookie(r, name, value, max_age, true);
}

/* --- dispatch ------------------------------------------------------------ */

/* The Allow header for a set of route methods. */
static const char *allow_list(struct req *r, unsigned methods, bool cors)
{
    return arena_printf(r->a, "%s%s%s%s", (methods & HTTP_GET) ? "GET, HEAD" : "",
                        (methods & HTTP_GET) && (methods & HTTP_POST) ? ", " : "",
                        (methods & HTTP_POST) ? "POST" : "", cors ? ", OPTIONS" : "");
}

/* OPTIONS: a CORS preflight for the routes any origin may use (ROUTE_CORS,
 * the Open311 API), answered without a session; 405 elsewhere. */
static void preflight(struct req *r)
{
    unsigned methods = 0;
    const struct route *rt = router_match_path(r->a, r->path, &methods);
    if (!rt || !(rt->flags & ROUTE_CORS)) {
        if (methods)
            resp_header(r, "Allow", allow_list(r, methods, false));
        else
            resp_header(r, "Allow", "GET, HEAD, POST");
        resp_error(r, 405);
        return;
    }
    r->route = rt; /* for Access-Control-Allow-Origin and the metrics */
    r->status = 204;
    r->content_type_out = NULL;
    resp_header(r, "Access-Control-Allow-Methods", allow_list(r, methods, true));
    resp_header(r, "Access-Control-Allow-Headers", "Content-Type");
    resp_header(r, "Access-Control-Max-Age", "86400");
}

/* The page cache's key for an anonymous GET: language, path and the query
 * normalised (fields sorted by name, fields of one name in their order,
 * every byte outside a safe set percent-encoded), so that ?a=1&b=2 and
 * ?b=2&a=1 share one entry. */
static const char *page_cache_key(struct req *r)
{
    if (!*r->query_raw)
        return arena_printf(r->a, "%s %s", r->lang, r->path);
    size_t n = r->query.n;
    const struct form_field **f = arena_calloc(r->a, n ? n : 1, sizeof *f);
    if (!f)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const struct form_field *x = &r->query.fields[i];
        size_t j = i;
        while (j > 0) {
            const struct form_field *y = f[j - 1];
            size_t m = x->name_len < y->name_len ? x->name_len : y->name_len;
            int c = memcmp(y->name, x->name, m);
            if (c < 0 || (c == 0 && y->name_len <= x->name_len))
                break;
            f[j] = y;
            j--;
        }
        f[j] = x;
    }
    buf k;
    buf_init(&k, 4096);
    int rc = buf_printf(&k, "%s %s?", r->lang, r->path);
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const char *parts[2] = {f[i]->name, f[i]->value};
        size_t lens[2] = {f[i]->name_len, f[i]->value_len};
        if (i)
            rc |= buf_putc(&k, '&');
        for (int p = 0; p < 2; p++) {
            if (p)
                rc |= buf_putc(&k, '=');
            for (size_t b = 0; b < lens[p]; b++) {
                unsigned char ch = (unsigned char)parts[p][b];
                if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                    (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.' || ch == ',') {
                    rc |= buf_putc(&k, (char)ch);
                } else {
                    rc |= buf_putc(&k, '%');
                    rc |= buf_putc(&k, hex[ch >> 4]);
                    rc |= buf_putc(&k, hex[ch & 15]);
                }
            }
        }
    }
    const char *key = rc == 0 && k.data ? arena_strdup(r->a, k.data) : NULL;
    buf_free(&k);
    return key;
}

/* What follows every handler (and a deferred answer's then). */
static void after_handler(struct req *r)
{
    if (r->csrf_new_cookie && r->csrf)
        set_cookie(r, "wr_csrf", r->csrf, 0, true);
    /* after the handler's commit, so that no page computed before it is
     * kept under the new generation */
    if (r->method == HTTP_POST && r->status < 400)
        pagecache_invalidate();
}

static void dispatch(struct req *r, struct conn_state *cs)
{
    const char *q = strchr(cs->raw_uri, '?');
    size_t plen = q ? (size_t)(q - cs->raw_uri) : strlen(cs->raw_uri);
    r->raw_uri = cs->raw_uri;
    r->query_raw = q ? q + 1 : "";
    r->path = decode_path(r->a, cs->raw_uri, plen);
    r->client_ip = client_address(r);
    r->accept_gzip = accepts_gzip(r);

    const char *ch = req_header(r, "Cookie");
    if (ch)
        cookie_parse(r->a, ch, strlen(ch), &r->cookies);
    choose_language(r);

    if (cs->bad_framing) {
        r->close_connection = true;
        resp_error(r, 400);
        return;
    }
    if (!r->path) {
        resp_error(r, 400);
        return;
    }
    if (r->method == HTTP_OPTIONS) {
        preflight(r);
        return;
    }
    if (r->method == HTTP_OTHER) {
        resp_header(r, "Allow", "GET, HEAD, POST");
        resp_error(r, 405);
        return;
    }
    unsigned allowed = 0;
    r->route = router_match(r->a, r->path, r->method, r->params, &r->nparams, &allowed);
    if (!r->route) {
        const struct route *any = router_match_path(r->a, r->path, &allowed);
        if (allowed) {
            resp_header(r, "Allow", allow_list(r, allowed, any && (any->flags & ROUTE_CORS)));
            resp_error(r, 405);
        } else {
            resp_error(r, 404);
        }
        return;
    }
    /* The query, with the limits of this route's parameters. */
    struct form_limits qlim = {.max_fields = 100,
                               .max_name_len = 128,
                               .max_value_len = SERVER_QUERY_VALUE_MAX,
                               .field_limits = r->route->query_limits};
    if (*r->query_raw &&
        form_parse_urlencoded(r->a, r->query_raw, strlen(r->query_raw), &qlim, &r->query) != 0) {
        resp_error(r, 400);
        return;
    }
    if (cs->too_large) {
        resp_error(r, 413);
        return;
    }
    if (!(r->route->flags & ROUTE_NO_SESSION) && g_hooks.load_session)
        g_hooks.load_session(r);

    if (!g_hooks.allowed || !g_hooks.allowed(r, r->route->action)) {
        if (!r->user && r->method != HTTP_POST) {
            char *to = arena_printf(r->a, "/inloggen?terug=%s", req_return_here(r));
            resp_redirect(r, to ? to : "/inloggen");
        } else {
            resp_error(r, 403);
        }
        return;
    }

    /* Public pages for anonymous visitors come from memory when fresh. */
    const char *cache_key = NULL;
    uint64_t cache_gen = pagecache_generation();
    if (r->method != HTTP_POST && (r->route->flags & ROUTE_PUBLIC_CACHE) && !r->user &&
        !cookie_get(&r->cookies, "wr_flash")) {
        cache_key = page_cache_key(r);
        struct cached_page cp;
        if (cache_key && pagecache_get(cache_key, &cp) == 0) {
            r->status = cp.status;
            r->content_type_out = arena_strdup(r->a, cp.content_type);
            buf_reset(&r->body_out);
            r->cached_body = cp.body;
            r->cached_len = cp.len;
            r->cached_gz = cp.gz;
            r->cached_gz_len = cp.gz_len;
            resp_header(r, "Cache-Control", "public, max-age=60");
            return;
        }
    }

    if (r->method == HTTP_POST) {
        r->content_type = req_header(r, "Content-Type");
        r->body = cs->body.data ? cs->body.data : "";
        r->body_len = cs->body.len;
        static const struct form_limits blim = {.max_fields = 1000,
                                                .max_name_len = 128,
                                                .max_value_len = 64 * 1024,
                                                .max_files = 3,
                                                .max_file_len = 10u * 1024 * 1024,
                                                .max_header_len = 1024,
                                                .max_part_headers = 8};
        int frc = 0;
        if (r->content_type && strncasecmp(r->content_type, "multipart/form-data", 19) == 0)
            frc =
                form_parse_multipart(r->a, r->content_type, r->body, r->body_len, &blim, &r->form);
        else if (!r->content_type ||
                 strncasecmp(r->content_type, "application/x-www-form-urlencoded", 33) == 0)
            frc = form_parse_urlencoded(r->a, r->body, r->body_len, &blim, &r->form);
        else {
            resp_error(r, 415);
            return;
        }
        if (frc != 0) {
            resp_error(r, (unsigned)form_err_status(frc));
            return;
        }
        if (!(r->route->flags & ROUTE_NO_CSRF)) {
            const char *sent = req_field(r, "csrf");
            const char *expect = r->user ? r->csrf : cookie_get(&r->cookies, "wr_csrf");
            if (!sent || !expect || strlen(sent) != strlen(expect) ||
                sodium_memcmp(sent, expect, strlen(sent)) != 0) {
                resp_error(r, 403);
                return;
            }
        }
    }
    r->route->handler(r);
    if (defer_state(r) != DEFER_NONE)
        return; /* answered later, and never cached (a POST) */
    after_handler(r);
    if (cache_key && r->cacheable_public && r->status == 200 && r->content_type_out) {
        int sets_cookie = 0;
        for (size_t i = 0; i < r->nheaders; i++)
            sets_cookie |= strcasecmp(r->headers[i].name, "Set-Cookie") == 0;
        if (!sets_cookie)
            resp_header(r, "Cache-Control", "public, max-age=60");
        if (!sets_cookie) {
            /* the cache takes the rendered bytes over, and the answer is
             * sent from the cache's copy and its gzip, as a hit would be */
            size_t blen = 0;
            char *b = buf_detach(&r->body_out, &blen);
            if (b) {
                struct cached_page cp;
                pagecache_put_owned(cache_key, cache_gen, r->status, r->content_type_out, b, blen,
                                    &cp);
                r->cached_body = cp.body;
                r->cached_len = cp.len;
                r->cached_gz = cp.gz;
                r->cached_gz_len = cp.gz_len;
            }
            if (!r->cached_body) /* out of memory: the rendered bytes are gone */
                resp_error(r, 503);
        }
    }
}

/* Sends r's answer, or suspends the connection while it waits (req_defer);
 * once woken, the deferred then runs here and the answer goes out. */
static enum MHD_Result answer_or_wait(struct MHD_Connection *con, struct conn_state *cs,
                                      struct req *r)
{
    for (;;) {
        pthread_mutex_lock(&g_defer_mu);
        int st = r->defer_state;
        if (st == DEFER_WAITING) {
            r->defer_state = DEFER_SUSPENDED;
            cs->deferred = r;
            MHD_suspend_connection(con);
            pthread_mutex_unlock(&g_defer_mu);
            return MHD_YES;
        }
        pthread_mutex_unlock(&g_defer_mu);
        if (st != DEFER_WOKEN || !r->defer_then)
            break;
        void (*then)(struct req *, void *) = r->defer_then;
        r->defer_then = NULL;
        r->defer_state = DEFER_NONE;
        then(r, r->defer_ctx);
        if (defer_state(r) == DEFER_NONE)
            after_handler(r);
    }
    enum MHD_Result ret = send_response(con, cs, r);
    buf_free(&r->body_out);
    page_body_release(r->cached_body);
    page_body_release(r->cached_gz);
    metrics_busy_add(-1);
    return ret;
}

static enum MHD_Result access_handler(void *cls, struct MHD_Connection *con, const char *url,
                                      const char *method, const char *version,
                                      const char *upload_data, size_t *upload_data_size,
                                      void **con_cls)
{
    struct conn_state *cs = *con_cls;
    if (!cs)
        return MHD_NO;
    if (cs->deferred) {
        /* resumed: the answer it waited for is ready */
        struct req *r = cs->deferred;
        cs->deferred = NULL;
        return answer_or_wait(con, cs, r);
    }
    struct guard_conn *guard = cs->sock ? cs->sock->guard : NULL;
    if (cs->phase == 0) {
        cs->phase = 1;
        /* An ambiguous length is answered at once: the body is never read. */
        bool has_body = false;
        if (!framing_ok(con, version, &has_body)) {
            cs->bad_framing = 1;
            goto answer;
        }
        if (has_body)
            guard_body(guard);
        else
            guard_busy(guard);
        /* Decide the body limit from the route before reading any body. */
        const char *q = strchr(cs->raw_uri, '?');
        size_t plen = q ? (size_t)(q - cs->raw_uri) : strlen(cs->raw_uri);
        const char *path = decode_path(cs->a, cs->raw_uri, plen);
        cs->limit = SERVER_MAX_BODY;
        if (path) {
            const char *params[REQ_MAX_PARAMS];
            size_t np;
            unsigned allowed;
            const struct route *rt =
                router_match(cs->a, path, method_of(method), params, &np, &allowed);
            if (rt && (rt->flags & ROUTE_UPLOAD))
                cs->limit = SERVER_MAX_UPLOAD;
        }
        const char *cl = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Content-Length");
        if (cl) {
            char *end;
            unsigned long long n = strtoull(cl, &end, 10);
            if (*end == '\0' && n > cs->limit)
                cs->too_large = 1;
        }
        if (!cs->too_large)
            return MHD_YES;
    }
    if (*upload_data_size > 0) {
        guard_body_bytes(guard, *upload_data_size);
        if (!cs->too_large) {
            if (cs->body.len + *upload_data_size > cs->limit ||
                buf_append(&cs->body, upload_data, *upload_data_size) != 0)
                cs->too_large = 1;
        }
        *upload_data_size = 0;
        return MHD_YES;
    }

answer:
    guard_busy(guard);
    metrics_busy_add(1);
    struct req *r = arena_calloc(cs->a, 1, sizeof *r);
    if (!r) {
        metrics_busy_add(-1);
        return MHD_NO;
    }
    r->a = cs->a;
    r->conn = con;
    r->method = (enum http_method)method_of(method);
    r->method_name = method;
    r->status = 200;
    r->content_type_out = "text/html; charset=utf-8";
    buf_init(&r->body_out, 64u * 1024 * 1024);
    dispatch(r, cs);
    return answer_or_wait(con, cs, r);
}

/* --- start and stop ------------------------------------------------------ */

static void build_csp(void)
{
    char img[600] = "'self' data:";
    if (g_cfg->tile_url[0]) {
        /* allow the tile server's origin (scheme://host[:port]) */
        const char *p = strstr(g_cfg->tile_url, "://");
        if (p) {
            const char *e = strchr(p + 3, '/');
            size_t n = e ? (size_t)(e - g_cfg->tile_url) : strlen(g_cfg->tile_url);
            char origin[512];
            snprintf(origin, sizeof origin, "%.*s", (int)n, g_cfg->tile_url);
            /* {s} subdomain templates become a wildcard */
            char *s = strstr(origin, "{s}");
            if (s)
                s[0] = '*', memmove(s + 1, s + 3, strlen(s + 3) + 1);
            snprintf(img, sizeof img, "'self' data: %s", origin);
        }
    }
    snprintf(g_csp, sizeof g_csp,
             "default-src 'self'; script-src 'self'; style-src 'self'; img-src %s; "
             "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; "
             "base-uri 'none'; object-src 'none'",
             img);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    char line[512];
    vsnprintf(line, sizeof line, fmt, ap);
    size_t n = strlen(line);
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
    log_info("http: %s", line);
}

int server_run(const struct config *cfg, const struct server_hooks *hooks)
{
    g_cfg = cfg;
    g_hooks = *hooks;
    build_csp();
    pthread_key_create(&g_thread_key, thread_exit_cb);
    /* Block the stop signals in every thread (workers inherit the mask), so
     * that only sigwait() below receives them. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    struct addrinfo hints = {0}, *ai = NULL;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    char port[8];
    snprintf(port, sizeof port, "%u", cfg->listen_port);
    int gai = getaddrinfo(cfg->listen_host[0] ? cfg->listen_host : NULL, port, &hints, &ai);
    if (gai != 0 || !ai) {
        log_error("listen %s:%u: %s", cfg->listen_host, cfg->listen_port, gai_strerror(gai));
        return 1;
    }
    /* By default one worker per core: a request that waits for its commit
     * does not hold its worker (req_defer), so a few workers keep many
     * submissions waiting together for one commit (store/writer.h). */
    unsigned workers = cfg->workers;
    if (!workers) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        workers = n > 0 ? (unsigned)n : 1;
    }
    unsigned flags =
        MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME;
    if (ai->ai_family == AF_INET6)
        flags |= MHD_USE_IPv6;

    size_t nroutes;
    router_table(&nroutes);
    metrics_init(nroutes);

    struct guard_limits gl = {.connections = SERVER_MAX_CONNECTIONS,
                              .per_client = cfg->max_connections_per_client,
                              .head_ms = cfg->request_head_seconds * 1000,
                              .body_ms = cfg->request_body_seconds * 1000,
                              .body_min_rate = cfg->request_body_min_rate};
    if (guard_start(&gl) != 0) {
        freeaddrinfo(ai);
        log_error("cannot start the connection watchdog");
        return 1;
    }
    /* The logger comes first so that it also receives messages about the
     * options that follow. */
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, (uint16_t)cfg->listen_port, NULL, NULL, &access_handler, NULL,
        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, MHD_OPTION_SOCK_ADDR, ai->ai_addr,
        MHD_OPTION_THREAD_POOL_SIZE, workers, MHD_OPTION_URI_LOG_CALLBACK, uri_log_cb, NULL,
        MHD_OPTION_NOTIFY_COMPLETED, completed_cb, NULL, MHD_OPTION_NOTIFY_CONNECTION,
        connection_cb, NULL, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32 * 1024,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)SERVER_MAX_CONNECTIONS, MHD_OPTION_END);
    freeaddrinfo(ai);
    if (!d) {
        guard_stop();
        log_error("cannot listen on %s:%u (in use, or no permission)", cfg->listen_host,
                  cfg->listen_port);
        return 1;
    }
    log_info("listening on http://%s:%u with %u workers", cfg->listen_host, cfg->listen_port,
             workers);

    int sig = 0;
    sigwait(&set, &sig);
    log_info("stopping (signal %d): finishing open requests", sig);
    /* Stop accepting, then give requests in progress up to ten seconds to
     * complete before the remaining (idle keep-alive) connections close. */
    atomic_store(&g_stopping, true);
    MHD_socket lsock = MHD_quiesce_daemon(d);
    for (int i = 0; i < 100 && metrics_busy() > 0; i++)
        usleep(100 * 1000);
    MHD_stop_daemon(d);
    guard_stop();
    if (lsock != MHD_INVALID_SOCKET)
        close(lsock);
    log_info("stopped");
    return 0;
}
