/*
 * public_signals.c: the public map and list of open signals, and the same
 * as open data (meldingen.json, .csv, .geojson). Only public categories,
 * no sub-tasks, locations rounded to about 10 metres, no personal data, no
 * descriptions; of the handling only the status and its public explanation.
 */
#include "web.h"

#include "domain/calendar.h"
#include "domain/signal.h"
#include "http/server.h"
#include "lib/csv.h"
#include "lib/dualw.h"
#include "store/area_store.h"
#include "store/public_signal_store.h"
#include "store/signal_store.h"
#include "web/render.h"

#include <stdlib.h>
#include <string.h>

#define PUBLIC_PAGE   50
#define OPEN_DATA_MAX 10000

static const char *day(struct req *r, int64_t t)
{
    char d[CAL_DATE_LEN];
    cal_format_date(cal_date_of(t), d);
    return arena_strdup(r->a, d);
}

static const char *status_label(struct req *r, const char *code)
{
    const struct signal_status_info *si = signal_status(code);
    return si ? T(r, si->label) : code;
}

void page_public_signals(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    long long wijk = web_parse_id(req_query(r, "wijk"));
    long long cat = web_parse_id(req_query(r, "categorie"));
    long long after_c = 0, after_id = 0;
    web_parse_keyset(req_query(r, "na"), &after_c, &after_id);
    struct public_signal *s;
    size_t n;
    if (public_signal_list(d, r->a, wijk, cat, after_c, after_id, PUBLIC_PAGE, &s, &n) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    json_t *ctx = json_object(), *rows = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            rows, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s?}", "id", (json_int_t)s[i].id, "created",
                            day(r, s[i].created_at), "category", s[i].category, "main",
                            s[i].main_category, "status", status_label(r, s[i].status), "wijk",
                            s[i].wijk, "explanation", s[i].explanation));
    json_object_set_new(ctx, "rows", rows);
    ctx_bool(ctx, "has_rows", n > 0);
    if (n == PUBLIC_PAGE)
        ctx_str(ctx, "next",
                arena_printf(r->a, "/meldingen?na=%lld-%lld&wijk=%lld&categorie=%lld",
                             (long long)s[n - 1].created_at, (long long)s[n - 1].id, wijk, cat));
    /* filters */
    json_t *wl = json_array();
    json_array_append_new(wl, json_pack("{s:s,s:s}", "value", "", "label", T(r, "Alle wijken")));
    struct wijk *w;
    size_t nw;
    if (area_list_wijken(d, r->a, web_today(r), 0, &w, &nw) == DB_OK)
        for (size_t i = 0; i < nw; i++)
            json_array_append_new(wl, json_pack("{s:s,s:s,s:b}", "value",
                                                arena_printf(r->a, "%lld", (long long)w[i].id),
                                                "label", w[i].name, "selected", w[i].id == wijk));
    json_object_set_new(ctx, "wijken", wl);
    json_t *cl = json_array();
    json_array_append_new(cl,
                          json_pack("{s:s,s:s}", "value", "", "label", T(r, "Alle onderwerpen")));
    struct category *c;
    size_t nc;
    if (category_list(d, r->a, &c, &nc) == DB_OK) {
        int64_t last = 0;
        for (size_t i = 0; i < nc; i++) {
            if (c[i].parent_id == last || !c[i].is_public || c[i].confidential)
                continue;
            last = c[i].parent_id;
            json_array_append_new(
                cl, json_pack("{s:s,s:s,s:b}", "value", arena_printf(r->a, "%lld", (long long)last),
                              "label", c[i].parent_name, "selected", last == cat));
        }
    }
    json_object_set_new(ctx, "categories", cl);
    const struct config *cfg = server_config();
    json_t *m = json_object();
    ctx_str(m, "geojson", "/open-data/wijken.geojson");
    /* without a filter the plain address, which the page cache keeps */
    ctx_str(
        m, "points",
        wijk || cat
            ? arena_printf(r->a, "/open-data/meldingen.geojson?wijk=%lld&categorie=%lld", wijk, cat)
            : "/open-data/meldingen.geojson");
    ctx_str(m, "tiles", cfg ? cfg->tile_url : "");
    ctx_str(m, "attribution", cfg ? cfg->tile_attribution : "");
    json_object_set_new(ctx, "map", m);
    render_page(r, "pages/meldingen", ctx);
}

/* meldingen.json / .csv / .geojson: the open public signals. */
void open_data_signals(struct req *r, db *d, const char *format)
{
    long long wijk = web_parse_id(req_query(r, "wijk"));
    long long cat = web_parse_id(req_query(r, "categorie"));
    struct public_signal *s;
    size_t n;
    if (public_signal_list(d, r->a, wijk, cat, 0, 0, OPEN_DATA_MAX, &s, &n) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    r->status = 200;
    buf_reset(&r->body_out);
    if (strcmp(format, "csv") == 0) {
        r->content_type_out = "text/csv; charset=utf-8";
        static const struct csv_col cols[] = {
            {"id", CSV_NUMBER},     {"created", CSV_TEXT}, {"main_category", CSV_TEXT},
            {"category", CSV_TEXT}, {"status", CSV_TEXT},  {"wijk", CSV_TEXT},
            {"lat", CSV_NUMBER},    {"lon", CSV_NUMBER},   {"explanation", CSV_TEXT},
        };
        const size_t ncols = sizeof cols / sizeof cols[0];
        csv_header(&r->body_out, cols, ncols);
        for (size_t i = 0; i < n; i++) {
            char id[24], lat[32], lon[32];
            snprintf(id, sizeof id, "%lld", (long long)s[i].id);
            snprintf(lat, sizeof lat, "%.4f", s[i].lat);
            snprintf(lon, sizeof lon, "%.4f", s[i].lon);
            csv_row(&r->body_out, cols, ncols, id, day(r, s[i].created_at), s[i].main_category,
                    s[i].category, s[i].status, s[i].wijk_code, lat, lon,
                    s[i].explanation ? s[i].explanation : "");
        }
        return;
    }
    /* Streamed by the checked writer: thousands of small objects through a
     * JSON tree cost more than the query (60 ms for the 6,000 open signals
     * of a million). */
    bool geo = strcmp(format, "geojson") == 0;
    struct dualw w;
    dualw_init(&w, &r->body_out, false);
    if (geo) {
        dualw_object(&w, NULL);
        dualw_str(&w, "type", "FeatureCollection");
        dualw_list(&w, "features", "feature");
    } else {
        dualw_list(&w, NULL, "signal");
    }
    for (size_t i = 0; i < n; i++) {
        dualw_object(&w, NULL);
        if (geo) {
            dualw_str(&w, "type", "Feature");
            dualw_object(&w, "properties");
        }
        dualw_int(&w, "id", (long long)s[i].id);
        dualw_str(&w, "created", day(r, s[i].created_at));
        dualw_str(&w, "main_category", s[i].main_category);
        dualw_str(&w, "category", s[i].category);
        /* the map shows the status in words; the datasets keep the code */
        dualw_str(&w, "status", geo ? status_label(r, s[i].status) : s[i].status);
        dualw_str(&w, "wijk", s[i].wijk_code);
        /* what staff explained publicly with the status; never a message */
        dualw_str(&w, "explanation", s[i].explanation);
        if (geo) {
            dualw_end(&w);
            dualw_object(&w, "geometry");
            dualw_str(&w, "type", "Point");
            dualw_list(&w, "coordinates", "c");
            dualw_real(&w, NULL, s[i].lon);
            dualw_real(&w, NULL, s[i].lat);
            dualw_end(&w);
            dualw_end(&w);
        } else {
            dualw_real(&w, "lat", s[i].lat);
            dualw_real(&w, "lon", s[i].lon);
        }
        dualw_end(&w);
    }
    dualw_end(&w);
    if (geo)
        dualw_end(&w);
    if (dualw_finish(&w) != 0) {
        resp_error(r, 500);
        return;
    }
    r->content_type_out =
        geo ? "application/geo+json; charset=utf-8" : "application/json; charset=utf-8";
}
