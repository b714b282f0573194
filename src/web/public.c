/*
 * public.c: the pages everyone sees: the wijken (list and map), a page per
 * wijk, open data, the language switch, health, metrics and static files.
 */
#include "web.h"

#include "domain/policy.h"
#include "http/metrics.h"
#include "http/pagecache.h"
#include "http/router.h"
#include "http/server.h"
#include "http/static.h"
#include "lib/csv.h"
#include "store/area_store.h"
#include "store/org_store.h"
#include "web/render.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static json_t *wijk_json(struct req *r, const struct wijk *w)
{
    json_t *o = json_object();
    ctx_str(o, "code", w->code);
    ctx_str(o, "name", w->name);
    ctx_str(o, "slug", w->slug);
    ctx_str(o, "url", arena_printf(r->a, "/wijken/%s", w->slug));
    if (w->inhabitants >= 0) {
        ctx_int(o, "inhabitants", w->inhabitants);
        ctx_str(o, "inhabitants_fmt", fmt_number(r, w->inhabitants));
    }
    if (w->households >= 0)
        ctx_str(o, "households_fmt", fmt_number(r, w->households));
    ctx_str(o, "population_date", fmt_date(r, w->population_date));
    ctx_str(o, "region_name", w->region_name);
    ctx_str(o, "region_slug", w->region_slug);
    ctx_str(o, "regisseur", w->regisseur);
    ctx_str(o, "wethouder", w->wethouder);
    ctx_int(o, "focus_count", w->focus_count);
    ctx_bool(o, "has_focus", w->focus_count > 0);
    ctx_int(o, "year", w->year);
    return o;
}

static json_t *map_json(void)
{
    const struct config *cfg = server_config();
    json_t *m = json_object();
    ctx_str(m, "geojson", "/open-data/wijken.geojson");
    ctx_str(m, "tiles", cfg ? cfg->tile_url : "");
    ctx_str(m, "attribution", cfg ? cfg->tile_attribution : "");
    return m;
}

void page_home(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct wijk *w;
    size_t n;
    if (area_list_wijken(d, r->a, web_today(r), 0, &w, &n) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    json_t *ctx = json_object();
    json_t *list = json_array();
    long long total = 0;
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(list, wijk_json(r, &w[i]));
        if (w[i].inhabitants > 0)
            total += w[i].inhabitants;
    }
    json_object_set_new(ctx, "wijken", list);
    ctx_int(ctx, "wijk_count", (long long)n);
    ctx_str(ctx, "total_fmt", fmt_number(r, total));
    json_object_set_new(ctx, "map", map_json());
    r->cacheable_public = true;
    render_page(r, "pages/home", ctx);
}

static const char *partner_type_label(const char *t)
{
    static const struct {
        const char *type, *label;
    } m[] = {
        {"police", N_("politie")},
        {"youth work", N_("jongerenwerk")},
        {"welfare", N_("welzijn")},
        {"housing corporation", N_("woningcorporatie")},
        {"care", N_("zorg")},
        {"fund", N_("fonds")},
        {"business", N_("ondernemers")},
        {"residents group", N_("bewonersgroep")},
    };
    for (size_t i = 0; t && i < sizeof m / sizeof m[0]; i++)
        if (strcmp(m[i].type, t) == 0)
            return m[i].label;
    return NULL;
}

void page_wijk(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct wijk w;
    int rc = area_get_wijk(d, r->a, req_param(r, 0), web_today(r), 0, &w);
    if (rc == DB_NOTFOUND) {
        resp_error(r, 404);
        return;
    }
    if (rc != DB_OK) {
        resp_error(r, 500);
        return;
    }
    json_t *ctx = json_object();
    json_object_set_new(ctx, "wijk", wijk_json(r, &w));

    struct buurt *b;
    size_t nb;
    json_t *bl = json_array();
    if (area_list_buurten(d, r->a, w.id, &b, &nb) == DB_OK)
        for (size_t i = 0; i < nb; i++) {
            json_t *o = json_object();
            ctx_str(o, "code", b[i].code);
            ctx_str(o, "name", b[i].name);
            json_array_append_new(bl, o);
        }
    json_object_set_new(ctx, "buurten", bl);
    ctx_bool(ctx, "has_buurten", json_array_size(bl) > 0);

    json_object_set_new(ctx, "functions", web_wijk_functions(r, d, &w));

    json_t *fl = focus_public_list(r, d, w.id);
    json_object_set_new(ctx, "focuspunten", fl);
    ctx_bool(ctx, "has_focuspunten", json_array_size(fl) > 0);

    struct organisation *o;
    size_t no;
    json_t *pl = json_array();
    if (org_list(d, r->a, "partner", &o, &no) == DB_OK)
        for (size_t i = 0; i < no; i++) {
            json_t *p = json_object();
            ctx_str(p, "name", o[i].name);
            const char *tl = partner_type_label(o[i].type);
            if (tl)
                ctx_str(p, "type", T(r, tl));
            json_array_append_new(pl, p);
        }
    json_object_set_new(ctx, "partners", pl);
    /* the partners' people who agreed to be named here */
    json_t *team = web_wijk_partner_people(r, d, w.id);
    ctx_bool(ctx, "has_wijkteam", json_array_size(team) > 0);
    json_object_set_new(ctx, "wijkteam", team);
    json_t *counters = counter_wijk_locations(r, d, w.id);
    ctx_bool(ctx, "has_counters", json_array_size(counters) > 0);
    json_object_set_new(ctx, "counters", counters);
    r->cacheable_public = true;
    initiative_wijk_examples(r, d, w.id, ctx);
    story_wijk_examples(r, d, w.id, ctx);
    ctx_str(ctx, "consult_url", arena_printf(r->a, "/samenspraak?wijk=%s", w.slug));
    ctx_str(ctx, "surveys_url", arena_printf(r->a, "/enquetes?wijk=%s", w.slug));
    meeting_wijk_upcoming(r, d, &w, ctx);
    ctx_str(ctx, "spreekuur_url", arena_printf(r->a, "/wijken/%s/spreekuur", w.slug));
    json_object_set_new(
        ctx, "feed",
        json_pack("{s:s,s:s}", "url", arena_printf(r->a, "/wijken/%s/verhalen.atom", w.slug),
                  "title", arena_printf(r->a, "%s: %s", T(r, "Verhalen uit de wijk"), w.name)));
    render_page(r, "pages/wijk", ctx);
}

void page_language(struct req *r)
{
    const char *l = req_query(r, "lang");
    const char *back = http_return_target(req_query(r, "terug"), "/");
    if (l && (strcmp(l, "nl") == 0 || strcmp(l, "en") == 0))
        resp_cookie(r, "wr_lang", l, 365L * 24 * 3600);
    resp_redirect(r, back);
}

void page_healthz(struct req *r)
{
    /* Healthy means: the database answers and accepts a write. The check
     * takes the write lock, so its result is reused for a second: a busy
     * monitor cannot make writers wait. */
    static _Atomic long long last_ok_ms;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    long long now_ms = ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
    int ok = now_ms - atomic_load(&last_ok_ms) < 1000;
    if (!ok) {
        db *d = db_thread();
        ok = d && db_begin_write(d) == DB_OK;
        if (ok) {
            ok = sqlite3_exec(db_handle(d), "SELECT count(*) FROM setting", NULL, NULL, NULL) ==
                 SQLITE_OK;
            db_rollback(d);
        }
        if (ok)
            atomic_store(&last_ok_ms, now_ms);
    }
    r->no_compress = true;
    resp_text(r, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok" : "unavailable");
}

static const char *route_pattern(size_t i)
{
    size_t n;
    const struct route *t = router_table(&n);
    return i < n ? t[i].pattern : "unmatched";
}

void page_metrics(struct req *r)
{
    /* Operators scrape from the machine itself; elsewhere only the administrator. */
    /* A request relayed by a proxy on the same machine is not local. */
    int local = r->client_ip && !req_header(r, "X-Forwarded-For") &&
                (strcmp(r->client_ip, "127.0.0.1") == 0 || strcmp(r->client_ip, "::1") == 0);
    if (!local && !policy_allows(r->user, ACT_METRICS, NULL)) {
        resp_error(r, r->user ? 403 : 404);
        return;
    }
    r->status = 200;
    r->content_type_out = "text/plain; version=0.0.4; charset=utf-8";
    buf_reset(&r->body_out);
    struct metrics_memory mem = {.sqlite_bytes = db_memory_used(),
                                 .page_cache_bytes = pagecache_bytes()};
    metrics_write(&r->body_out, route_pattern, &mem);
}

/* Answers with static file f (404 when NULL), cached as cache_control says. */
static void serve_static(struct req *r, const struct static_file *f, const char *cache_control)
{
    if (!f) {
        resp_error(r, 404);
        return;
    }
    resp_header(r, "Cache-Control", cache_control);
    resp_header(r, "ETag", f->etag);
    const char *inm = req_header(r, "If-None-Match");
    if (inm && strcmp(inm, f->etag) == 0) {
        r->status = 304;
        r->content_type_out = NULL;
        buf_reset(&r->body_out);
        return;
    }
    r->status = 200;
    r->content_type_out = f->content_type;
    buf_reset(&r->body_out);
    if (f->gz && r->accept_gzip) {
        buf_append(&r->body_out, f->gz, f->gz_len);
        resp_header(r, "Content-Encoding", "gzip");
        resp_header(r, "Vary", "Accept-Encoding");
    } else {
        buf_append(&r->body_out, f->data, f->len);
    }
    r->no_compress = true;
}

void page_static(struct req *r)
{
    /* a hashed name never changes content */
    serve_static(r, static_by_url(r->path), "public, max-age=31536000, immutable");
}

/* Browsers and feed readers ask for /favicon.ico by themselves; the pages
 * name the SVG one. The name does not change with the picture, so it is
 * cached for a week, not for ever. */
void page_favicon(struct req *r)
{
    const char *u = static_url("img/favicon.ico");
    serve_static(r, u ? static_by_url(u) : NULL, "public, max-age=604800");
}

void page_accessibility(struct req *r)
{
    render_page(r, "pages/toegankelijkheid", json_object());
}

void page_privacy(struct req *r)
{
    render_page(r, "pages/privacy", json_object());
}

/* --- open data ------------------------------------------------------------ */

void page_open_data(struct req *r)
{
    r->cacheable_public = true;
    render_page(r, "pages/open_data", json_object());
}

static void wijken_json(struct req *r, db *d)
{
    struct wijk *w;
    size_t n;
    if (area_list_wijken(d, r->a, web_today(r), 0, &w, &n) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        ctx_str(o, "code", w[i].code);
        ctx_str(o, "name", w[i].name);
        ctx_int(o, "year", w[i].year);
        if (w[i].inhabitants >= 0)
            ctx_int(o, "inhabitants", w[i].inhabitants);
        else
            json_object_set_new(o, "inhabitants", json_null());
        if (w[i].households >= 0)
            ctx_int(o, "households", w[i].households);
        ctx_str(o, "population_date", w[i].population_date);
        json_object_set_new(o, "region",
                            w[i].region_slug ? json_string(w[i].region_slug) : json_null());
        json_object_set_new(o, "region_name",
                            w[i].region_name ? json_string(w[i].region_name) : json_null());
        ctx_int(o, "focuspunten", w[i].focus_count);
        ctx_str(o, "url", arena_printf(r->a, "/wijken/%s", w[i].slug));
        json_array_append_new(arr, o);
    }
    char *s = json_dumps(arr, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
    json_decref(arr);
    r->status = 200;
    r->content_type_out = "application/json; charset=utf-8";
    buf_reset(&r->body_out);
    if (s)
        buf_puts(&r->body_out, s);
    free(s);
}

static void wijken_geojson(struct req *r, db *d)
{
    struct wijk *w;
    size_t n;
    if (area_list_wijken(d, r->a, web_today(r), 1, &w, &n) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    json_t *fc = json_object();
    ctx_str(fc, "type", "FeatureCollection");
    json_t *feats = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *f = json_object();
        ctx_str(f, "type", "Feature");
        ctx_str(f, "id", w[i].code);
        json_t *p = json_object();
        ctx_str(p, "code", w[i].code);
        ctx_str(p, "name", w[i].name);
        ctx_int(p, "year", w[i].year);
        if (w[i].inhabitants >= 0)
            ctx_int(p, "inhabitants", w[i].inhabitants);
        json_object_set_new(p, "region",
                            w[i].region_slug ? json_string(w[i].region_slug) : json_null());
        ctx_str(p, "url", arena_printf(r->a, "/wijken/%s", w[i].slug));
        json_object_set_new(f, "properties", p);
        json_t *g = w[i].geometry ? json_loads(w[i].geometry, 0, NULL) : NULL;
        json_object_set_new(f, "geometry", g ? g : json_null());
        json_array_append_new(feats, f);
    }
    json_object_set_new(fc, "features", feats);
    char *s = json_dumps(fc, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    json_decref(fc);
    r->status = 200;
    r->content_type_out = "application/geo+json; charset=utf-8";
    buf_reset(&r->body_out);
    if (s)
        buf_puts(&r->body_out, s);
    free(s);
}

static void wijken_csv(struct req *r, db *d)
{
    struct wijk *w;
    size_t n;
    if (area_list_wijken(d, r->a, web_today(r), 0, &w, &n) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    buf *b = &r->body_out;
    buf_reset(b);
    static const struct csv_col cols[] = {
        {"code", CSV_TEXT},          {"name", CSV_TEXT},          {"year", CSV_NUMBER},
        {"inhabitants", CSV_NUMBER}, {"households", CSV_NUMBER},  {"population_date", CSV_TEXT},
        {"region", CSV_TEXT},        {"focuspunten", CSV_NUMBER},
    };
    const size_t ncols = sizeof cols / sizeof cols[0];
    csv_header(b, cols, ncols);
    for (size_t i = 0; i < n; i++) {
        char year[16], inh[32], hh[32], fc[16];
        snprintf(year, sizeof year, "%d", w[i].year);
        snprintf(inh, sizeof inh, "%lld", (long long)w[i].inhabitants);
        snprintf(hh, sizeof hh, "%lld", (long long)w[i].households);
        snprintf(fc, sizeof fc, "%d", w[i].focus_count);
        csv_row(b, cols, ncols, w[i].code, w[i].name, year, w[i].inhabitants >= 0 ? inh : "",
                w[i].households >= 0 ? hh : "", w[i].population_date ? w[i].population_date : "",
                w[i].region_slug ? w[i].region_slug : "", fc);
    }
    r->status = 200;
    r->content_type_out = "text/csv; charset=utf-8";
    resp_header(r, "Content-Disposition", "inline; filename=\"wijken.csv\"");
}

void page_open_data_file(struct req *r)
{
    const char *name = req_param(r, 0);
    db *d = web_db(r);
    if (!d)
        return;
    resp_header(r, "Access-Control-Allow-Origin", "*");
    r->cacheable_public = true;
    if (strcmp(name, "wijken.json") == 0)
        wijken_json(r, d);
    else if (strcmp(name, "wijken.geojson") == 0)
        wijken_geojson(r, d);
    else if (strcmp(name, "wijken.csv") == 0)
        wijken_csv(r, d);
    else if (strcmp(name, "meldingen.json") == 0)
        open_data_signals(r, d, "json");
    else if (strcmp(name, "meldingen.csv") == 0)
        open_data_signals(r, d, "csv");
    else if (strcmp(name, "meldingen.geojson") == 0)
        open_data_signals(r, d, "geojson");
    else if (strcmp(name, "begroting.json") == 0)
        open_data_budget(r, d, "json");
    else if (strcmp(name, "begroting.csv") == 0)
        open_data_budget(r, d, "csv");
    else if (strcmp(name, "focuspunten.json") == 0 || strcmp(name, "focuspunten.csv") == 0 ||
             strcmp(name, "indicatoren.csv") == 0)
        open_data_focus(r, d, name);
    else if (strcmp(name, "initiatieven.json") == 0 || strcmp(name, "initiatieven.csv") == 0)
        open_data_initiatives(r, d, strcmp(name, "initiatieven.csv") == 0);
    else if (strcmp(name, "enquetes.csv") == 0)
        open_data_surveys(r, d);
    else if (strcmp(name, "consultaties.json") == 0 || strcmp(name, "consultaties.csv") == 0)
        open_data_consults(r, d, strcmp(name, "consultaties.csv") == 0);
    else
        resp_error(r, 404);
}
