/*
 * open311.c: Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2)
 * and the extensions in wide use; see open311.h and docs/api.md.
 *
 * Each handler parses and checks its parameters, reads through the store's
 * public view (store/open311_store.h) or creates a signal through the same
 * intake as the web form (domain/signal.h), and builds its answer once as a
 * jansson value; that value is written as JSON or, by lib/xmlw, as XML with
 * the specification's element names. Errors are the specification's list of
 * code and description, in the same format, with 400, 403, 404 or 429.
 */
#include "open311.h"

#include "domain/calendar.h"
#include "domain/mailer.h"
#include "domain/signal.h"
#include "http/router.h"
#include "http/server.h"
#include "lib/dualw.h"
#include "lib/imgclient.h"
#include "lib/w3cdate.h"
#include "lib/xmlw.h"
#include "store/apikey_store.h"
#include "store/open311_store.h"
#include "store/signal_store.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define O311_MAX_RESULTS 1000
#define O311_WINDOW      (90 * 86400) /* the longest date range of a list */
#define O311_MAX_IDS     1000
#define O311_MAX_ERRORS  12
/* The longest id a request can have (19 digits: INT64_MAX), with the comma
 * and a space after it. */
#define O311_ID_LIST_ITEM 21

const struct form_field_limit api_open311_list_query[] = {
    {"service_request_id", O311_MAX_IDS *O311_ID_LIST_ITEM},
    {NULL, 0},
};

/* The last change of the discovery document (its changeset). */
#define O311_CHANGESET "2026-11-29T12:00:00+01:00"

enum fmt { FMT_NONE, FMT_JSON, FMT_XML };

/* --- answers ---------------------------------------------------------------- */

static const char *item_name(const char *list)
{
    static const char *const map[][2] = {
        {"services", "service"},
        {"service_requests", "request"},
        {"attributes", "attribute"},
        {"values", "value"},
        {"errors", "error"},
        {"endpoints", "endpoint"},
        {"formats", "format"},
        {"notes", "note"},
        {"service_request_updates", "request_update"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i][0], list) == 0)
            return map[i][1];
    return NULL;
}

/* The format a last path segment asks for, and its name without the suffix
 * (in the arena; NULL when the segment has neither suffix). */
static enum fmt split_format(arena *a, const char *seg, const char **base)
{
    size_t n = seg ? strlen(seg) : 0;
    enum fmt f = FMT_NONE;
    size_t cut = 0;
    if (n > 5 && strcmp(seg + n - 5, ".json") == 0) {
        f = FMT_JSON;
        cut = 5;
    } else if (n > 4 && strcmp(seg + n - 4, ".xml") == 0) {
        f = FMT_XML;
        cut = 4;
    }
    if (base)
        *base = f == FMT_NONE ? NULL : arena_strndup(a, seg, n - cut);
    return f;
}

static enum fmt path_format(struct req *r)
{
    const char *slash = r->path ? strrchr(r->path, '/') : NULL;
    enum fmt f = split_format(r->a, slash ? slash + 1 : NULL, NULL);
    return f;
}

/* Answers of the routes with ROUTE_PUBLIC_CACHE may be kept by the page
 * cache (under their normalised query, within its bound: http/pagecache.h);
 * errors never are. Access-Control-Allow-Origin comes from ROUTE_CORS. */
static void common_headers(struct req *r)
{
    r->cacheable_public = r->route && (r->route->flags & ROUTE_PUBLIC_CACHE);
}

/* Sends v (taking its reference) as the root `root`, in format f. */
static void send_value(struct req *r, unsigned status, enum fmt f, const char *root, json_t *v)
{
    common_headers(r);
    buf_reset(&r->body_out);
    int rc = -1;
    if (v && f == FMT_XML) {
        rc = xmlw_document(&r->body_out, root, v, item_name);
        r->content_type_out = "text/xml; charset=utf-8";
    } else if (v) {
        char *s = json_dumps(v, JSON_COMPACT | JSON_REAL_PRECISION(10));
        if (s) {
            rc = buf_puts(&r->body_out, s) == 0 && buf_putc(&r->body_out, '\n') == 0 ? 0 : -1;
            free(s);
        }
        r->content_type_out = "application/json; charset=utf-8";
    }
    json_decref(v);
    if (rc != 0 || status != 200)
        r->cacheable_public = false;
    if (rc != 0) {
        r->status = 500;
        buf_reset(&r->body_out);
        r->content_type_out = "text/plain; charset=utf-8";
        buf_puts(&r->body_out, "500\n");
        return;
    }
    r->status = status;
}

struct errlist {
    json_t *list;
    unsigned status;
};

static void err_add(struct errlist *e, unsigned status, int code, const char *description)
{
    if (!e->list)
        e->list = json_array();
    if (!e->status)
        e->status = status;
    if (json_array_size(e->list) < O311_MAX_ERRORS)
        json_array_append_new(e->list,
                              json_pack("{s:i,s:s}", "code", code, "description", description));
}

static void err_send(struct req *r, enum fmt f, struct errlist *e)
{
    send_value(r, e->status, f == FMT_NONE ? FMT_JSON : f, "errors", e->list);
    e->list = NULL;
}

static void fail(struct req *r, enum fmt f, unsigned status, const char *description)
{
    struct errlist e = {0};
    err_add(&e, status, (int)status, description);
    err_send(r, f, &e);
}

bool api_open311_error(struct req *r, unsigned status)
{
    if (!r->path || strncmp(r->path, "/open311/", 9) != 0)
        return false;
    const char *d;
    switch (status) {
    case 400:
        d = "The request could not be read.";
        break;
    case 403:
        d = "Forbidden.";
        break;
    case 404:
        d = "No such resource.";
        break;
    case 405:
        d = "Method not allowed.";
        break;
    case 413:
        d = "The request is too large.";
        break;
    case 415:
        d = "Send the fields form-encoded (application/x-www-form-urlencoded) or as "
            "multipart/form-data.";
        break;
    case 503:
        d = "The service is unavailable; try again later.";
        break;
    default:
        d = "Internal error.";
        break;
    }
    if (!r->route || !(r->route->flags & ROUTE_CORS)) /* refused before routing */
        resp_header(r, "Access-Control-Allow-Origin", "*");
    fail(r, path_format(r), status, d);
    return true;
}

/* --- time ------------------------------------------------------------------- */

static json_t *w3c(int64_t t)
{
    char s[CAL_ISO_LEN];
    if (cal_format_iso(t, s) != 0)
        return json_null();
    return json_string(s);
}

/* A W3C datetime parameter; 0 when absent (*present false), -1 when bad. */
static int time_param(struct req *r, const char *name, bool *present, int64_t *out)
{
    const char *v = req_query(r, name);
    *present = v != NULL && *v;
    if (!*present)
        return 0;
    struct w3c_time t;
    if (w3c_parse(v, &t) != 0)
        return -1;
    if (t.has_zone) {
        *out = w3c_to_unix(&t);
        return 0;
    }
    cal_date d = cal_from_ymd(t.year, t.month, t.day);
    return d == CAL_INVALID || cal_to_unix(d, t.sec_of_day, out) != 0 ? -1 : 0;
}

/* A window of at most 90 days from two optional bounds; when neither is
 * given, the 90 days up to now (or unbounded when !dflt). */
static int window(struct req *r, const char *from_name, const char *to_name, bool dflt,
                  struct errlist *e, int64_t now, int64_t *from, int64_t *to, bool *given)
{
    bool hf, ht;
    int64_t f = 0, t = 0;
    if (time_param(r, from_name, &hf, &f) != 0) {
        err_add(e, 400, 400,
                "Bad date: use the W3C format, e.g. 2026-01-01T00:00:00+01:00 or 2026-01-01.");
        return -1;
    }
    if (time_param(r, to_name, &ht, &t) != 0) {
        err_add(e, 400, 400,
                "Bad date: use the W3C format, e.g. 2026-01-01T00:00:00+01:00 or 2026-01-01.");
        return -1;
    }
    *given = hf || ht;
    if (!hf && !ht) {
        if (!dflt) {
            *from = INT64_MIN;
            *to = INT64_MAX;
            return 0;
        }
        t = now;
        f = now - O311_WINDOW;
    } else if (!hf) {
        f = t - O311_WINDOW;
    } else if (!ht) {
        t = f + O311_WINDOW;
    }
    if (t < f) {
        err_add(e, 400, 400, "The end of the date range comes before its start.");
        return -1;
    }
    if (t - f > O311_WINDOW) {
        err_add(e, 400, 400, "A date range may span at most 90 days.");
        return -1;
    }
    *from = f;
    *to = t;
    return 0;
}

/* --- common checks ---------------------------------------------------------- */

static db *api_db(struct req *r, enum fmt f)
{
    db *d = db_thread();
    if (!d)
        fail(r, f, 503, "The service is unavailable; try again later.");
    return d;
}

/* jurisdiction_id is optional (one municipality per server); when given it
 * must be ours. Answers 404 and returns false otherwise. */
static bool jurisdiction_ok(struct req *r, enum fmt f)
{
    const char *j = req_field(r, "jurisdiction_id");
    if (!j)
        j = req_query(r, "jurisdiction_id");
    const struct config *c = server_config();
    if (!j || !*j || (c && strcmp(j, c->jurisdiction_id) == 0))
        return true;
    fail(r, f, 404, "jurisdiction_id not found: this server serves one municipality.");
    return false;
}

/* The common start of an endpoint once its format is known: the
 * jurisdiction check and the database. NULL when answered already. */
static db *api_start(struct req *r, enum fmt f)
{
    return jurisdiction_ok(r, f) ? api_db(r, f) : NULL;
}

/* The same for a path that ends in {param}.json or {param}.xml: the format
 * in *f and the parameter without its extension in *param. */
static db *api_start_param(struct req *r, enum fmt *f, const char **param)
{
    *f = split_format(r->a, req_param(r, 0), param);
    if (*f == FMT_NONE) {
        fail(r, FMT_JSON, 404, "Unknown format: use .json or .xml.");
        return NULL;
    }
    return api_start(r, *f);
}

/* A strictly parsed positive integer (no sign, no spaces); 0 when bad. */
static long long parse_pos(const char *s, long long max)
{
    if (!s || !*s || *s < '0' || *s > '9')
        return 0;
    errno = 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*end || errno || v < 1 || v > max)
        return 0;
    return v;
}

static const char *service_code(arena *a, const char *main_slug, const char *slug)
{
    return arena_printf(a, "%s.%s", main_slug, slug);
}

static const struct o311_service *find_service(const struct o311_service *s, size_t n, arena *a,
                                               const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(service_code(a, s[i].main_slug, s[i].slug), code) == 0)
            return &s[i];
    return NULL;
}

/* --- discovery -------------------------------------------------------------- */

void api_open311_discovery(struct req *r)
{
    enum fmt f = path_format(r);
    const struct config *c = server_config();
    const char *base = c && c->base_url[0] ? c->base_url : "";
    json_t *ep = json_pack("{s:s,s:s,s:s,s:s,s:[s,s]}", "specification",
                           "http://wiki.open311.org/GeoReport_v2", "url",
                           arena_printf(r->a, "%s/open311/v2", base), "changeset", O311_CHANGESET,
                           "type", "production", "formats", "text/xml", "application/json");
    json_t *v =
        json_pack("{s:s,s:s,s:s,s:[o]}", "changeset", O311_CHANGESET, "contact",
                  arena_printf(r->a, "%s (%s): see %s/toegankelijkheid for how to reach us.",
                               c && c->site_name[0] ? c->site_name : "wijkregie",
                               c ? c->jurisdiction_id : "", base),
                  "key_service",
                  "API keys are issued by the municipality's application administrator on request; "
                  "reading needs no key, posting a request does.",
                  "endpoints", ep);
    send_value(r, 200, f, "discovery", v);
}

/* --- services --------------------------------------------------------------- */

void api_open311_services(struct req *r)
{
    enum fmt f = path_format(r);
    db *d = api_start(r, f);
    if (!d)
        return;
    struct o311_service *s;
    size_t n;
    if (o311_services(d, r->a, &s, &n) != DB_OK) {
        fail(r, f, 500, "Internal error.");
        return;
    }
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, json_pack("{s:s,s:s,s:s,s:b,s:s,s:s,s:s}", "service_code",
                                              service_code(r->a, s[i].main_slug, s[i].slug),
                                              "service_name", s[i].name, "description",
                                              s[i].description, "metadata", s[i].nquestions > 0,
                                              "type", "realtime", "keywords",
                                              arena_printf(r->a, "%s, %s", s[i].group, s[i].name),
                                              "group", s[i].group));
    send_value(r, 200, f, "services", list);
}

static bool is_list_type(const char *dt)
{
    return strcmp(dt, "singlevaluelist") == 0 || strcmp(dt, "multivaluelist") == 0;
}

void api_open311_service(struct req *r)
{
    const char *code;
    enum fmt f;
    db *d = api_start_param(r, &f, &code);
    if (!d)
        return;
    struct o311_service *s;
    size_t n;
    if (o311_services(d, r->a, &s, &n) != DB_OK) {
        fail(r, f, 500, "Internal error.");
        return;
    }
    const struct o311_service *sv = find_service(s, n, r->a, code);
    if (!sv) {
        fail(r, f, 404, "service_code not found.");
        return;
    }
    struct category_question *q;
    size_t nq;
    if (category_questions(d, r->a, sv->id, &q, &nq) != DB_OK) {
        fail(r, f, 500, "Internal error.");
        return;
    }
    json_t *attrs = json_array();
    for (size_t i = 0; i < nq; i++) {
        const char *dd = NULL;
        if (strcmp(q[i].datatype, "datetime") == 0)
            dd = "A date (YYYY-MM-DD) or a W3C datetime.";
        else if (strcmp(q[i].datatype, "multivaluelist") == 0)
            dd = "One or more keys: attribute[code][]=key for each.";
        else if (strcmp(q[i].datatype, "number") == 0)
            dd = "A number, e.g. 3 or 2.5.";
        json_t *a =
            json_pack("{s:b,s:s,s:s,s:b,s:s?,s:i,s:s}", "variable", 1, "code", q[i].code,
                      "datatype", q[i].datatype, "required", q[i].required, "datatype_description",
                      dd, "order", (int)i + 1, "description", q[i].description);
        if (is_list_type(q[i].datatype)) {
            json_t *vals = json_array();
            json_t *ch = q[i].choices ? json_loads(q[i].choices, 0, NULL) : NULL;
            size_t k;
            json_t *pair;
            json_array_foreach(ch, k, pair)
            {
                const char *key = json_string_value(json_array_get(pair, 0));
                const char *name = json_string_value(json_array_get(pair, 1));
                if (key && name)
                    json_array_append_new(vals, json_pack("{s:s,s:s}", "key", key, "name", name));
            }
            json_decref(ch);
            json_object_set_new(a, "values", vals);
        }
        json_array_append_new(attrs, a);
    }
    json_t *v = json_pack("{s:s,s:o}", "service_code", code, "attributes", attrs);
    send_value(r, 200, f, "service_definition", v);
}

/* --- requests: reading ------------------------------------------------------- */

/* The state of an update in the servicerequestupdates extension. Its
 * vocabulary is FixMyStreet's: its Open311 client maps the word (map_state
 * in perllib/Open311.pm: open -> confirmed, fixed -> fixed - council,
 * closed -> fixed - council, no_further_action -> unable to fix,
 * not_councils_responsibility -> not responsible, others with "_" as " ")
 * onto its default state table (open: confirmed, investigating, in
 * progress, planned, action scheduled; closed: unable to fix, not
 * responsible, duplicate, internal referral; fixed: fixed). A word it does
 * not know leaves the report as it was. Each of our statuses goes to the
 * word that means the same there, open where requests.xml says open; the
 * table is in docs/api.md and tests/open311/conformance.py checks it
 * against FixMyStreet's table. */
static const char *const g_update_states[][2] = {
    {"gemeld", "open"},
    {"in_behandeling", "in_progress"},
    {"ingepland", "action_scheduled"},
    {"wacht_op_melder", "investigating"},
    /* passed to another party and still open for us; FixMyStreet's
     * internal_referral is a closed state */
    {"doorgezet", "in_progress"},
    {"afgehandeld", "fixed"},
    /* not "closed", which FixMyStreet shows as fixed */
    {"geannuleerd", "no_further_action"},
    /* "reopen" is no state there: the report would stay fixed */
    {"heropend", "open"},
};

/* The state of an update that led to status `code`; a merge makes the
 * request the duplicate of another. */
static const char *update_state(const char *code, const char *kind)
{
    if (kind && strcmp(kind, "merge") == 0)
        return "duplicate";
    for (size_t i = 0; i < sizeof g_update_states / sizeof g_update_states[0]; i++)
        if (code && strcmp(g_update_states[i][0], code) == 0)
            return g_update_states[i][1];
    return "open";
}

/* What everybody reads of an update: its public explanation, or the label
 * of the status it led to. Never a message to the reporter. */
static const char *update_text(const char *explanation, const char *status)
{
    if (explanation && *explanation)
        return explanation;
    const struct signal_status_info *si = signal_status(status);
    return si ? si->label : "";
}

static void put_time(struct dualw *w, const char *name, int64_t t)
{
    char s[CAL_ISO_LEN];
    dualw_str(w, name, cal_format_iso(t, s) == 0 ? s : NULL);
}

/* The status history and the attributes of one request (extensions=true). */
static void write_extensions(struct req *r, db *d, struct dualw *w, const struct o311_request *q)
{
    const struct signal_status_info *si = signal_status(q->status);
    const char *channel = strcmp(q->channel, "api") == 0 && q->channel_detail
                              ? arena_printf(r->a, "api:%s", q->channel_detail)
                              : q->channel;
    dualw_object(w, "extended_attributes");
    dualw_str(w, "channel", channel);
    dualw_str(w, "detailed_status", q->status);
    dualw_str(w, "detailed_status_label", si ? si->label : q->status);
    dualw_end(w);
    /* Answers to list, number and date questions; free text may hold
     * personal data and stays inside. */
    struct o311_answer *an;
    size_t na;
    dualw_list(w, "attributes", "attribute");
    if (o311_answers(d, r->a, q->id, &an, &na) == DB_OK)
        for (size_t i = 0; i < na; i++)
            if (an[i].datatype && strcmp(an[i].datatype, "string") != 0 &&
                strcmp(an[i].datatype, "text") != 0) {
                dualw_object(w, NULL);
                dualw_str(w, "code", an[i].code);
                dualw_str(w, "value", an[i].value);
                dualw_end(w);
            }
    dualw_end(w);
    /* the public history: the creation, then the public updates */
    struct o311_update *ev;
    size_t ne;
    dualw_list(w, "notes", "note");
    if (o311_notes(d, r->a, q->id, &ev, &ne) == DB_OK)
        for (size_t i = 0; i < ne; i++) {
            dualw_object(w, NULL);
            put_time(w, "datetime", ev[i].at);
            dualw_str(w, "description", update_text(ev[i].text, ev[i].status));
            dualw_str(w, "type", ev[i].kind);
            dualw_str(w, "status", ev[i].status);
            dualw_end(w);
        }
    dualw_end(w);
}

/* One request with the specification's fields, in its order. */
static void write_request(struct req *r, db *d, struct dualw *w, const struct o311_request *q,
                          bool ext)
{
    dualw_object(w, NULL);
    dualw_int(w, "service_request_id", q->id);
    dualw_str(w, "status", q->closed ? "closed" : "open");
    /* the public explanation of the last change (or its status), never a
     * message to the reporter; null while nothing has changed */
    dualw_str(w, "status_notes", q->status_notes ? update_text(q->status_notes, q->status) : NULL);
    dualw_str(w, "service_name", q->category_name);
    dualw_str(w, "service_code", service_code(r->a, q->main_slug, q->slug));
    /* The resident's own words may name people: never published. */
    dualw_null(w, "description");
    dualw_str(w, "agency_responsible", q->agency);
    dualw_null(w, "service_notice");
    put_time(w, "requested_datetime", q->created_at);
    put_time(w, "updated_datetime", q->updated_at);
    put_time(w, "expected_datetime", q->deadline_at);
    /* the wijk's name, never the text the reporter typed */
    dualw_str(w, "address", q->address);
    dualw_null(w, "address_id");
    dualw_null(w, "zipcode");
    if (q->location_known) {
        dualw_real(w, "lat", q->lat);
        dualw_real(w, "long", q->lon);
    } else {
        dualw_null(w, "lat");
        dualw_null(w, "long");
    }
    dualw_str(w, "media_url", q->media_url);
    if (ext)
        write_extensions(r, d, w, q);
    dualw_end(w);
}

/* Sends the requests q[0..n) as service_requests/request. */
static void send_requests(struct req *r, db *d, enum fmt f, const struct o311_request *q, size_t n,
                          bool ext)
{
    common_headers(r);
    buf_reset(&r->body_out);
    struct dualw w;
    dualw_init(&w, &r->body_out, f == FMT_XML);
    dualw_list(&w, "service_requests", "request");
    for (size_t i = 0; i < n; i++)
        write_request(r, d, &w, &q[i], ext);
    dualw_end(&w);
    if (dualw_finish(&w) != 0) {
        fail(r, f, 500, "Internal error.");
        return;
    }
    r->status = 200;
    r->content_type_out =
        f == FMT_XML ? "text/xml; charset=utf-8" : "application/json; charset=utf-8";
}

static bool extensions_on(struct req *r)
{
    const char *e = req_query(r, "extensions");
    return e && strcmp(e, "true") == 0;
}

/* page and page_size (extension): 1-based page, size 1..1000 (default
 * 1000). False (answered 400) on bad values. */
static bool paging(struct req *r, struct errlist *e, size_t *limit, size_t *offset)
{
    const char *ps = req_query(r, "page_size"), *pg = req_query(r, "page");
    long long size = O311_MAX_RESULTS, page = 1;
    if (ps && !(size = parse_pos(ps, O311_MAX_RESULTS))) {
        err_add(e, 400, 400, "page_size: a whole number from 1 to 1000.");
        return false;
    }
    if (pg && !(page = parse_pos(pg, 100000))) {
        err_add(e, 400, 400, "page: a whole number from 1.");
        return false;
    }
    *limit = (size_t)size;
    *offset = (size_t)((page - 1) * size);
    return true;
}

/* A comma-separated list; returns the count, or -1 when an item is empty. */
static long split_list(arena *a, const char *s, const char ***out)
{
    size_t cap = 1;
    for (const char *c = s; *c; c++)
        cap += *c == ',';
    const char **v = arena_calloc(a, cap, sizeof *v);
    char *copy = arena_strdup(a, s);
    if (!v || !copy)
        return -1;
    size_t n = 0;
    for (char *p = copy, *c; p; p = c ? c + 1 : NULL) {
        c = strchr(p, ',');
        if (c)
            *c = '\0';
        while (*p == ' ')
            p++;
        size_t l = strlen(p);
        while (l && p[l - 1] == ' ')
            p[--l] = '\0';
        if (!*p)
            return -1;
        v[n++] = p;
    }
    *out = v;
    return (long)n;
}

void api_open311_requests(struct req *r)
{
    enum fmt f = path_format(r);
    db *d = api_start(r, f);
    if (!d)
        return;
    struct errlist e = {0};
    struct o311_filter flt;
    memset(&flt, 0, sizeof flt);
    int64_t now = (int64_t)time(NULL);
    if (!paging(r, &e, &flt.limit, &flt.offset)) {
        err_send(r, f, &e);
        return;
    }
    const char *ids = req_query(r, "service_request_id");
    if (ids && *ids) {
        const char **items;
        long n = split_list(r->a, ids, &items);
        int64_t *v = n > 0 && n <= O311_MAX_IDS ? arena_calloc(r->a, (size_t)n, sizeof *v) : NULL;
        for (long i = 0; v && i < n; i++)
            if (!(v[i] = parse_pos(items[i], INT64_MAX)))
                v = NULL;
        if (!v) {
            fail(r, f, 400, "service_request_id: a comma-separated list of request ids.");
            return;
        }
        flt.ids = v;
        flt.nids = (size_t)n;
    } else {
        const char *codes = req_query(r, "service_code");
        if (codes && *codes) {
            const char **items;
            long n = split_list(r->a, codes, &items);
            struct o311_service *s;
            size_t ns;
            if (n <= 0 || n > 1000) {
                fail(r, f, 400, "service_code: a comma-separated list of service codes.");
                return;
            }
            if (o311_services(d, r->a, &s, &ns) != DB_OK) {
                fail(r, f, 500, "Internal error.");
                return;
            }
            int64_t *v = arena_calloc(r->a, (size_t)n, sizeof *v);
            for (long i = 0; v && i < n; i++) {
                const struct o311_service *sv = find_service(s, ns, r->a, items[i]);
                if (!sv) {
                    fail(r, f, 404, "service_code not found.");
                    return;
                }
                v[i] = sv->id;
            }
            flt.category_ids = v;
            flt.ncategories = (size_t)n;
        }
        const char *st = req_query(r, "status");
        if (st && *st) {
            const char **items;
            long n = split_list(r->a, st, &items);
            int open = 0, closed = 0;
            for (long i = 0; i < n; i++) {
                if (strcmp(items[i], "open") == 0)
                    open = 1;
                else if (strcmp(items[i], "closed") == 0)
                    closed = 1;
                else
                    n = -1;
            }
            if (n <= 0) {
                fail(r, f, 400, "status: open, closed or both (open,closed).");
                return;
            }
            flt.status = open && closed ? 0 : open ? 1 : 2;
        }
        bool upd_given = false, created_given = false;
        int64_t uf, ut;
        if (window(r, "updated_after", "updated_before", false, &e, now, &uf, &ut, &upd_given) !=
            0) {
            err_send(r, f, &e);
            return;
        }
        if (window(r, "start_date", "end_date", !upd_given, &e, now, &flt.from, &flt.to,
                   &created_given) != 0) {
            err_send(r, f, &e);
            return;
        }
        flt.by_updated = upd_given;
        flt.upd_from = uf;
        flt.upd_to = ut;
    }
    struct o311_request *q;
    size_t n;
    if (o311_requests(d, r->a, &flt, &q, &n) != DB_OK) {
        fail(r, f, 500, "Internal error.");
        return;
    }
    send_requests(r, d, f, q, n, extensions_on(r));
}

void api_open311_request(struct req *r)
{
    const char *ids;
    enum fmt f;
    db *d = api_start_param(r, &f, &ids);
    if (!d)
        return;
    long long id = parse_pos(ids, INT64_MAX);
    struct o311_request q;
    int rc = id ? o311_request_get(d, r->a, id, &q) : DB_NOTFOUND;
    if (rc == DB_NOTFOUND) {
        fail(r, f, 404, "service_request_id not found.");
        return;
    }
    if (rc != DB_OK) {
        fail(r, f, 500, "Internal error.");
        return;
    }
    send_requests(r, d, f, &q, 1, extensions_on(r));
}

void api_open311_token(struct req *r)
{
    const char *token;
    enum fmt f;
    db *d = api_start_param(r, &f, &token);
    if (!d)
        return;
    int64_t id = 0;
    int rc =
        strlen(token) < SIGNAL_TOKEN_CHARS ? o311_request_by_token(d, token, &id) : DB_NOTFOUND;
    if (rc == DB_NOTFOUND) {
        fail(r, f, 404, "token not found.");
        return;
    }
    if (rc != DB_OK) {
        fail(r, f, 500, "Internal error.");
        return;
    }
    json_t *list = json_pack("[{s:I,s:s}]", "service_request_id", (json_int_t)id, "token", token);
    send_value(r, 200, f, "service_requests", list);
}

/* The address of the next page of this answer: the request's own path and
 * query as sent (so still encoded) with page set to `page`; NULL when it
 * does not fit. */
static const char *next_page(struct req *r, size_t page)
{
    const char *raw = r->raw_uri ? r->raw_uri : "";
    const char *q = strchr(raw, '?');
    const struct config *c = server_config();
    struct buf b;
    buf_init(&b, 16384);
    int rc = buf_puts(&b, c ? c->base_url : "");
    rc |= buf_append(&b, raw, q ? (size_t)(q - raw) : strlen(raw));
    rc |= buf_putc(&b, '?');
    for (const char *p = q ? q + 1 : NULL; p && *p;) {
        const char *amp = strchr(p, '&');
        size_t len = amp ? (size_t)(amp - p) : strlen(p);
        if (len && strncmp(p, "page=", 5) != 0) {
            rc |= buf_append(&b, p, len);
            rc |= buf_putc(&b, '&');
        }
        p = amp ? amp + 1 : NULL;
    }
    rc |= buf_printf(&b, "page=%zu", page);
    const char *link = rc == 0 ? arena_strdup(r->a, b.data) : NULL;
    buf_free(&b);
    return link;
}

/* servicerequestupdates (FixMyStreet's extension). With start_date or
 * end_date: the updates of that window, oldest first. Without either: the
 * most recent updates (of the last 90 days), newest first, so a client
 * that sends no dates always sees the fresh ones; page=2, 3, ... go further
 * back. A full page says where the next one is in a Link header. */
void api_open311_updates(struct req *r)
{
    enum fmt f = path_format(r);
    db *d = api_start(r, f);
    if (!d)
        return;
    struct errlist e = {0};
    size_t limit, offset;
    int64_t from, to;
    bool given;
    if (!paging(r, &e, &limit, &offset) || window(r, "start_date", "end_date", true, &e,
                                                  (int64_t)time(NULL), &from, &to, &given) != 0) {
        err_send(r, f, &e);
        return;
    }
    struct o311_update *u;
    size_t n;
    bool more;
    if (o311_updates(d, r->a, from, to, !given, limit, offset, &u, &n, &more) != DB_OK) {
        fail(r, f, 500, "Internal error.");
        return;
    }
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, json_pack("{s:s,s:I,s:s,s:o,s:s,s:s,s:s}", "update_id",
                                              arena_printf(r->a, "%lld", (long long)u[i].id),
                                              "service_request_id", (json_int_t)u[i].request_id,
                                              "status", update_state(u[i].status, u[i].kind),
                                              "updated_datetime", w3c(u[i].at), "description",
                                              update_text(u[i].text, u[i].status), "media_url", "",
                                              "external_status_code", u[i].status));
    const char *link = more ? next_page(r, offset / limit + 2) : NULL;
    if (link)
        resp_header(r, "Link", arena_printf(r->a, "<%s>; rel=\"next\"", link));
    send_value(r, 200, f, "service_request_updates", list);
}

void api_open311_unknown(struct req *r)
{
    enum fmt f = path_format(r);
    if (r->method == HTTP_POST) {
        /* a GET endpoint asked with POST: 405, as for any other route */
        const char *params[REQ_MAX_PARAMS];
        size_t np;
        unsigned allowed;
        const struct route *g = router_match(r->a, r->path, HTTP_GET, params, &np, &allowed);
        if (g && g->handler != api_open311_unknown) {
            resp_header(r, "Allow", "GET, HEAD");
            fail(r, f, 405, "Method not allowed: this endpoint only answers GET.");
            return;
        }
    }
    fail(r, f, 404, "No such endpoint under /open311/v2/ (see discovery.json).");
}

/* --- requests: posting ----------------------------------------------------- */

/* Requests per key per minute, counted in memory (per server process). */
#define RATE_SLOTS 64
static struct {
    int64_t key_id, minute;
    int count;
} g_rate[RATE_SLOTS];
static pthread_mutex_t g_rate_lock = PTHREAD_MUTEX_INITIALIZER;

/* 0 when this request is within the key's rate, else the seconds to wait. */
static int rate_wait(const struct api_key *k, int64_t now)
{
    int64_t minute = now / 60;
    int wait = 0;
    pthread_mutex_lock(&g_rate_lock);
    size_t slot = RATE_SLOTS, oldest = 0;
    for (size_t i = 0; i < RATE_SLOTS; i++) {
        if (g_rate[i].key_id == k->id) {
            slot = i;
            break;
        }
        if (g_rate[i].minute < g_rate[oldest].minute)
            oldest = i;
    }
    if (slot == RATE_SLOTS) {
        slot = oldest;
        g_rate[slot].key_id = k->id;
        g_rate[slot].minute = minute;
        g_rate[slot].count = 0;
    }
    if (g_rate[slot].minute != minute) {
        g_rate[slot].minute = minute;
        g_rate[slot].count = 0;
    }
    if (g_rate[slot].count >= k->rate_per_min)
        wait = (int)(60 - now % 60);
    else
        g_rate[slot].count++;
    pthread_mutex_unlock(&g_rate_lock);
    return wait;
}

/* The answers from attribute[code]=v and attribute[code][]=v (several
 * values of a multivaluelist joined by commas, as the web form sends them). */
static void collect_attributes(struct req *r, const struct category_question *q, size_t nq,
                               struct signal_input *in)
{
    const char **codes = arena_calloc(r->a, nq ? nq : 1, sizeof *codes);
    const char **vals = arena_calloc(r->a, nq ? nq : 1, sizeof *vals);
    size_t n = 0;
    for (size_t i = 0; codes && vals && i < nq; i++) {
        const char *one = arena_printf(r->a, "attribute[%s]", q[i].code);
        const char *many = arena_printf(r->a, "attribute[%s][]", q[i].code);
        const char *v = NULL;
        for (size_t k = 0; one && many && k < r->form.n; k++) {
            const struct form_field *ff = &r->form.fields[k];
            if (ff->filename || (strcmp(ff->name, one) != 0 && strcmp(ff->name, many) != 0))
                continue;
            v = v ? arena_printf(r->a, "%s,%s", v, ff->value) : ff->value;
        }
        if (v) {
            codes[n] = q[i].code;
            vals[n] = v;
            n++;
        }
    }
    in->answer_codes = codes;
    in->answer_values = vals;
    in->nanswers = n;
}

/* Every file of a multipart POST is a photo of the request: `media` as
 * report apps send it, FixMyStreet's photo1, photo2, ... as well. Each goes
 * through the same intake as a photo on the web form (decoded and stripped
 * in the sandboxed helper, stored, shown to staff, never published: media_url
 * stays the app's own link). None is dropped: an empty file, or more than
 * the intake takes, is refused. Returns false (answered 400) then. */
static bool collect_photos(struct req *r, enum fmt f, struct signal_input *in)
{
    for (size_t k = 0; k < r->form.n; k++) {
        const struct form_field *ff = &r->form.fields[k];
        if (!form_is_file(ff))
            continue;
        if (ff->value_len == 0) {
            fail(r, f, 400,
                 "media: a file is empty; send a JPEG, PNG, HEIC or WebP photo, or no file.");
            return false;
        }
        if (in->nphotos == SIGNAL_MAX_PHOTOS) {
            in->too_many_photos = true; /* refused by the intake, with its message */
            break;
        }
        in->photo_data[in->nphotos] = ff->value;
        in->photo_len[in->nphotos] = ff->value_len;
        in->nphotos++;
    }
    return true;
}

/* A coordinate: a plain decimal number. */
static bool parse_coord(const char *s, double *out)
{
    if (!s || !*s || strlen(s) > 32)
        return false;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (*end || errno || !isfinite(v))
        return false;
    *out = v;
    return true;
}

/* The English description of what the intake found wrong with a photo (its
 * Dutch message names the reason: imgclient's texts); NULL when the fault
 * was ours (the helper or the disk failed), not the file's. */
static const char *photo_problem_text(const char *msgid)
{
    static const struct {
        enum img_status st;
        const char *text;
    } map[] = {
        {IMG_NOT_AN_IMAGE, "media: the file is not a photo; send a JPEG, PNG, HEIC or WebP photo."},
        {IMG_UNSUPPORTED_TYPE,
         "media: this kind of image is not supported; send a JPEG, PNG, HEIC or WebP photo."},
        {IMG_TOO_LARGE, "media: the photo is too large (at most 20 MB)."},
        {IMG_TOO_MANY_PIXELS, "media: the photo has too many pixels (at most 40 megapixels)."},
        {IMG_DECODE_FAILED, "media: the photo is damaged or incomplete and cannot be read."},
        {IMG_HEIC_UNSUPPORTED, "media: HEIC photos cannot be processed now; send a JPEG, PNG or "
                               "WebP photo."},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(img_msgid(map[i].st), msgid) == 0)
            return map[i].text;
    if (strncmp(msgid, "U kunt hoogstens", 16) == 0)
        return "media: at most 3 photos with one request.";
    return NULL;
}

/* The English description of a problem the intake found. */
static const char *problem_text(arena *a, const struct signal_problem *p)
{
    static const char *const map[][2] = {
        {"location", "lat/long: this place is not in the municipality."},
        {"description", "description: too long; at most 4,000 characters."},
        {"email", "email: not a valid e-mail address."},
        {"phone", "phone: not a valid phone number."},
        {"name", "first_name/last_name: too long."},
        {"address", "address_string: too long; at most 200 characters."},
        {"media_url", "media_url: an http or https link of at most 2,000 characters."},
        {"category", "service_code: this service does not take requests."},
    };
    if (strcmp(p->field, "photos") == 0)
        return photo_problem_text(p->msgid);
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i][0], p->field) == 0)
            return map[i][1];
    if (strncmp(p->field, "q_", 2) == 0) {
        const char *why = strcmp(p->msgid, "Beantwoord deze vraag.") == 0
                              ? "required"
                              : "not a valid value for this attribute (see the service definition)";
        return arena_printf(a, "attribute[%s]: %s.", p->field + 2, why);
    }
    return arena_printf(a, "%s: not valid.", p->field);
}

void api_open311_post(struct req *r)
{
    enum fmt f = path_format(r);
    db *d = api_start(r, f);
    if (!d)
        return;
    const char *key = req_field(r, "api_key");
    if (!key) /* some clients put it in the query string */
        key = req_query(r, "api_key");
    struct api_key k;
    unsigned char h[32];
    if (key)
        crypto_hash_sha256(h, (const unsigned char *)key, strlen(key));
    int krc = key && *key ? apikey_find(d, r->a, h, &k) : DB_NOTFOUND;
    if (krc == DB_NOTFOUND) {
        fail(r, f, 403, "api_key missing or not valid: a key is needed to post a request.");
        return;
    }
    if (krc != DB_OK) {
        fail(r, f, 500, "Internal error.");
        return;
    }
    int64_t now = (int64_t)time(NULL);
    int wait = rate_wait(&k, now);
    if (wait) {
        resp_header(r, "Retry-After", arena_printf(r->a, "%d", wait));
        fail(r, f, 429,
             arena_printf(r->a, "Too many requests for this api_key (at most %d a minute).",
                          k.rate_per_min));
        return;
    }
    const char *code = req_field(r, "service_code");
    if (!code || !*code) {
        fail(r, f, 400, "service_code is required.");
        return;
    }
    struct o311_service *s;
    size_t ns;
    if (o311_services(d, r->a, &s, &ns) != DB_OK) {
        fail(r, f, 500, "Internal error.");
        return;
    }
    const struct o311_service *sv = find_service(s, ns, r->a, code);
    if (!sv) {
        fail(r, f, 404, "service_code not found.");
        return;
    }

    struct signal_input in;
    memset(&in, 0, sizeof in);
    in.type = "melding";
    in.channel = "api";
    in.channel_detail = k.name;
    in.category_id = sv->id;
    const char *lat = req_field(r, "lat"), *lon = req_field(r, "long");
    const char *addr = req_field(r, "address_string"), *addr_id = req_field(r, "address_id");
    bool has_lat = lat && *lat, has_lon = lon && *lon;
    if (has_lat || has_lon) {
        if (!parse_coord(lat, &in.lat) || !parse_coord(lon, &in.lon) || fabs(in.lat) > 90 ||
            fabs(in.lon) > 180) {
            fail(r, f, 400, "lat and long: both needed, as decimal WGS84 degrees.");
            return;
        }
        in.has_point = true;
        /* the handlers see its address; the public its street (decision 0016) */
        signal_address_at(r->a, in.lat, in.lon, &in.addr);
    } else if (!(addr && *addr) && !(addr_id && *addr_id)) {
        fail(r, f, 400, "A location is required: lat and long, address_string or address_id.");
        return;
    }
    if (addr && *addr)
        in.address_text = addr;
    else if (addr_id && *addr_id)
        in.address_text = arena_printf(r->a, "adres-id %.64s", addr_id);
    const char *desc = req_field(r, "description");
    in.description = desc && *desc ? desc : sv->name;
    const char *fn = req_field(r, "first_name"), *ln = req_field(r, "last_name");
    if ((fn && *fn) || (ln && *ln))
        in.name = arena_printf(r->a, "%s%s%s", fn ? fn : "", fn && *fn && ln && *ln ? " " : "",
                               ln ? ln : "");
    in.email = req_field(r, "email");
    in.phone = req_field(r, "phone");
    in.media_url = req_field(r, "media_url");
    struct category_question *q;
    size_t nq;
    if (category_questions(d, r->a, sv->id, &q, &nq) != DB_OK) {
        fail(r, f, 500, "Internal error.");
        return;
    }
    collect_attributes(r, q, nq, &in);
    if (!collect_photos(r, f, &in))
        return;

    struct signal_problem p[SIGNAL_MAX_PROBLEMS];
    struct signal_created out;
    const struct config *c = server_config();
    int rc = signal_create(d, r->a, &in, now, c ? c->base_url : "", &out, p);
    if (rc > 0) {
        struct errlist e = {0};
        for (int i = 0; i < rc && i < SIGNAL_MAX_PROBLEMS; i++) {
            const char *text = problem_text(r->a, &p[i]);
            if (!text) { /* the photo helper or the disk failed: not the client's fault */
                json_decref(e.list);
                fail(r, f, 503, "The photo could not be processed now; try again later.");
                return;
            }
            err_add(&e, 400, 400, text);
        }
        err_send(r, f, &e);
        return;
    }
    if (rc < 0) {
        fail(r, f, 500, "Internal error.");
        return;
    }
    mailer_wake(); /* the confirmation to the reporter, a handler's notice */
    struct category cat;
    const char *notice = NULL;
    if (category_get(d, r->a, sv->id, &cat) == DB_OK)
        notice = signal_plain_text(r->a, cat.handling_message, NULL);
    json_t *list = json_pack("[{s:I,s:s?,s:n}]", "service_request_id", (json_int_t)out.id,
                             "service_notice", notice, "account_id");
    send_value(r, 200, f, "service_requests", list);
}
