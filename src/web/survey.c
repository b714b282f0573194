/*
 * survey.c: surveys (domain/survey.h). Staff keep them at /werk/enquetes,
 * read the results in full with CSV and XLSX exports (the monitor's tables,
 * lib/table.h) and enter answers collected on paper; residents answer at
 * /enquetes/{id} (without JavaScript, GOV.UK error pattern) and read the
 * published results at /enquetes/{id}/resultaten once the survey has
 * closed; /open-data/enquetes.csv holds every published result.
 */
#include "web.h"

#include "domain/auth.h"
#include "domain/policy.h"
#include "domain/resident.h"
#include "domain/survey.h"
#include "lib/table.h"
#include "store/area_store.h"
#include "store/resident_store.h"
#include "web/render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MINDER_DAN_10 N_("minder dan 10")
#define AFGESCHERMD   N_("afgeschermd")

/* Why a published count is not shown: under 10, or withheld (o: its row or
 * cell) so that such a count cannot be derived from a total. */
static const char *unpublished(json_t *o)
{
    return json_is_true(json_object_get(o, "withheld")) ? AFGESCHERMD : MINDER_DAN_10;
}

/* --- shared -------------------------------------------------------------------------- */

static struct survey_row *survey_of(struct req *r, db *d)
{
    long long id = web_parse_id(req_param(r, 0));
    struct survey_row *s = arena_alloc(r->a, sizeof *s);
    if (!id || !s || survey_get(d, r->a, id, s) != DB_OK) {
        resp_error(r, 404);
        return NULL;
    }
    return s;
}

static const char *state_label(struct req *r, const struct survey_row *s)
{
    switch (survey_state_on(s, web_today(r))) {
    case SURVEY_BEFORE:
        return T(r, "Nog niet open");
    case SURVEY_OPEN:
        return T(r, "Open");
    default:
        return T(r, "Gesloten");
    }
}

static const char *scope_label(struct req *r, const struct survey_row *s)
{
    if (s->area_id)
        return arena_printf(r->a, "%s %s", T(r, "Wijk"), s->scope_name ? s->scope_name : "");
    if (s->region_id)
        return arena_printf(r->a, "%s %s", T(r, "Regio"), s->scope_name ? s->scope_name : "");
    return T(r, "Heel Zoetermeer");
}

static void survey_ctx(struct req *r, json_t *ctx, const struct survey_row *s)
{
    ctx_int(ctx, "id", (long long)s->id);
    ctx_str(ctx, "title", s->title);
    ctx_str(ctx, "intro", s->intro && *s->intro ? s->intro : NULL);
    ctx_str(ctx, "scope", scope_label(r, s));
    ctx_str(ctx, "opens", fmt_date(r, s->opens_on));
    ctx_str(ctx, "closes", fmt_date(r, s->closes_on));
    ctx_str(ctx, "state", state_label(r, s));
    ctx_bool(ctx, "anonymous", strcmp(s->mode, "link") == 0);
    ctx_str(ctx, "mode_label", T(r, survey_label(survey_modes, survey_nmodes, s->mode)));
    ctx_int(ctx, "responses", s->responses);
}

static void problems_ctx(struct req *r, json_t *ctx, const struct survey_problem *p, int n)
{
    json_t *arr = json_array();
    for (int i = 0; i < n && i < SURVEY_MAX_PROBLEMS; i++) {
        const char *msg = T(r, p[i].msgid);
        if (p[i].question)
            msg = arena_printf(r->a, "%s: %s", p[i].question, msg);
        json_array_append_new(arr, json_pack("{s:s,s:s}", "anchor", p[i].field, "message", msg));
        ctx_str(ctx, arena_printf(r->a, "error_%s", p[i].field), msg);
    }
    ctx_bool(ctx, "has_problems", n > 0);
    json_object_set_new(ctx, "problems", arr);
}

/* The wijken for a select, sel selected. */
static json_t *wijk_options(struct req *r, db *d, const char *sel)
{
    struct wijk *w = NULL;
    size_t nw = 0;
    json_t *arr = json_array();
    if (area_list_wijken(d, r->a, web_today(r), 0, &w, &nw) == DB_OK)
        for (size_t i = 0; i < nw; i++)
            json_array_append_new(arr,
                                  json_pack("{s:s,s:s,s:b}", "slug", w[i].slug, "name", w[i].name,
                                            "selected", sel && strcmp(sel, w[i].slug) == 0));
    return arr;
}

/* The questions as form fields, with what was given (NULL: nothing) and
 * the problems' messages (ctx's "error_q<position>"). */
static json_t *question_fields(struct req *r, const struct survey_question_row *q, size_t nq,
                               const struct survey_given *given, json_t *errors)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < nq; i++) {
        json_t *o = json_object();
        const char *name = arena_printf(r->a, "q%d", q[i].position);
        const struct survey_given *g = given ? &given[i] : NULL;
        ctx_str(o, "name", name);
        ctx_int(o, "position", q[i].position);
        ctx_str(o, "text", q[i].text);
        ctx_bool(o, "optional", !q[i].required);
        const char *err =
            errors
                ? json_string_value(json_object_get(errors, arena_printf(r->a, "error_%s", name)))
                : NULL;
        ctx_str(o, "error", err);
        ctx_bool(o, arena_printf(r->a, "is_%s", q[i].kind), 1);
        const char **opts;
        size_t no = survey_options(r->a, &q[i], &opts);
        json_t *choices = json_array();
        long long lo = 1, hi = (long long)no;
        if (strcmp(q[i].kind, "scale") == 0) {
            lo = q[i].min_value;
            hi = q[i].max_value;
            ctx_str(o, "low_label", no > 0 ? opts[0] : NULL);
            ctx_str(o, "high_label", no > 1 ? opts[1] : NULL);
        }
        bool list = strcmp(q[i].kind, "single") == 0 || strcmp(q[i].kind, "multiple") == 0 ||
                    strcmp(q[i].kind, "scale") == 0;
        for (long long c = lo; list && c <= hi; c++) {
            const char *v = arena_printf(r->a, "%lld", c);
            bool checked = false;
            for (size_t k = 0; g && k < g->n; k++)
                checked |= g->values[k] && strcmp(g->values[k], v) == 0;
            const char *label =
                strcmp(q[i].kind, "scale") == 0
                    ? (c == lo && no > 0   ? arena_printf(r->a, "%s – %s", v, opts[0])
                       : c == hi && no > 1 ? arena_printf(r->a, "%s – %s", v, opts[1])
                                           : v)
                    : opts[c - 1];
            json_array_append_new(choices,
                                  json_pack("{s:s,s:s,s:s,s:b}", "id",
                                            c == lo ? name : arena_printf(r->a, "%s-%lld", name, c),
                                            "value", v, "label", label, "checked", checked));
        }
        json_object_set_new(o, "choices", choices);
        if (strcmp(q[i].kind, "number") == 0) {
            if (q[i].has_min && q[i].has_max)
                ctx_str(o, "hint",
                        arena_printf(r->a, T(r, "Een getal van %lld tot en met %lld."),
                                     q[i].min_value, q[i].max_value));
            else if (q[i].has_min)
                ctx_str(o, "hint",
                        arena_printf(r->a, T(r, "Een getal van %lld of meer."), q[i].min_value));
            else if (q[i].has_max)
                ctx_str(o, "hint",
                        arena_printf(r->a, T(r, "Een getal tot en met %lld."), q[i].max_value));
        }
        if (strcmp(q[i].kind, "multiple") == 0)
            ctx_str(o, "hint", T(r, "Kies er een of meer."));
        ctx_str(o, "value", g && g->n > 0 ? g->values[0] : NULL);
        json_array_append_new(arr, o);
    }
    return arr;
}

/* What the form gave for each question. */
static struct survey_given *read_given(struct req *r, const struct survey_question_row *q,
                                       size_t nq)
{
    struct survey_given *g = arena_calloc(r->a, nq ? nq : 1, sizeof *g);
    if (!g)
        return NULL;
    for (size_t i = 0; i < nq; i++) {
        const char *name = arena_printf(r->a, "q%d", q[i].position);
        const struct form_field *f[SURVEY_OPTIONS_MAX + SURVEY_SCALE_MAX + 1];
        size_t max = sizeof f / sizeof f[0];
        size_t n = form_get_all(&r->form, name, f, max);
        size_t k = n > max ? max : n;
        g[i].values = arena_calloc(r->a, k + 1, sizeof *g[i].values);
        for (size_t j = 0; g[i].values && j < k; j++)
            g[i].values[j] = arena_strndup(r->a, f[j]->value, f[j]->value_len);
        g[i].n = g[i].values ? k : 0;
    }
    return g;
}

static int load_questions(struct req *r, db *d, const struct survey_row *s,
                          struct survey_question_row **q, size_t *nq)
{
    *q = NULL;
    *nq = 0;
    if (survey_questions(d, r->a, s->id, q, nq) != DB_OK) {
        resp_error(r, 500);
        return -1;
    }
    return 0;
}

/* --- results as tables --------------------------------------------------------------- */

static const char *row_label(struct req *r, json_t *row)
{
    if (json_is_true(json_object_get(row, "total")))
        return T(r, "Totaal");
    const char *w = json_string_value(json_object_get(row, "wijk"));
    return w ? w : T(r, "Wijk onbekend");
}

static void count_cell(struct req *r, struct table *t, size_t row, size_t col, json_t *v, json_t *o)
{
    if (json_is_null(v) || !v)
        table_set_text(t, row, col, T(r, unpublished(o)));
    else
        table_set_num(t, row, col, json_number_value(v), json_is_integer(v) ? 0 : 1);
}

/* The table of one question's results (NULL for an open question). */
static struct table *question_table(struct req *r, json_t *q, bool published)
{
    const char *kind = json_string_value(json_object_get(q, "kind"));
    if (!kind || strcmp(kind, "open") == 0)
        return NULL;
    json_t *labels = json_object_get(q, "labels");
    size_t nl = json_array_size(labels);
    bool number = strcmp(kind, "number") == 0;
    size_t ncols = number ? (published ? 3 : 5) : 2 + 2 * nl;
    const char **cols = arena_calloc(r->a, ncols, sizeof *cols);
    if (!cols)
        return NULL;
    cols[0] = T(r, "Wijk");
    cols[1] = T(r, "Respondenten");
    if (number) {
        cols[2] = T(r, "Gemiddelde");
        if (!published) {
            cols[3] = T(r, "Laagste");
            cols[4] = T(r, "Hoogste");
        }
    }
    for (size_t k = 0; !number && k < nl; k++) {
        const char *l = json_string_value(json_array_get(labels, k));
        cols[2 + 2 * k] = arena_printf(r->a, "%s: %s", l, T(r, "aantal"));
        cols[3 + 2 * k] = arena_printf(r->a, "%s: %%", l);
    }
    long long pos = json_integer_value(json_object_get(q, "position"));
    struct table *t = table_new(
        r->a, arena_printf(r->a, "vraag-%lld", pos),
        arena_printf(r->a, "%lld. %s", pos, json_string_value(json_object_get(q, "text"))), ncols,
        cols);
    if (!t)
        return NULL;
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(q, "rows"), i, row)
    {
        long ri = table_add_row(t);
        if (ri < 0)
            return NULL;
        size_t k = (size_t)ri;
        table_set_text(t, k, 0, row_label(r, row));
        count_cell(r, t, k, 1, json_object_get(row, "respondents"), row);
        if (number) {
            json_t *mean = json_object_get(row, "mean");
            if (json_is_null(mean))
                table_set_text(
                    t, k, 2,
                    json_is_true(json_object_get(row, "suppressed")) ? T(r, unpublished(row)) : "");
            else
                table_set_num(t, k, 2, json_number_value(mean), 1);
            if (!published) {
                json_t *mn = json_object_get(row, "min"), *mx = json_object_get(row, "max");
                if (json_is_number(mn))
                    table_set_num(t, k, 3, json_number_value(mn), 1);
                if (json_is_number(mx))
                    table_set_num(t, k, 4, json_number_value(mx), 1);
            }
            continue;
        }
        size_t c;
        json_t *cell;
        json_array_foreach(json_object_get(row, "cells"), c, cell)
        {
            if (2 + 2 * c + 1 >= ncols)
                break;
            json_t *n = json_object_get(cell, "n"), *pct = json_object_get(cell, "pct");
            count_cell(r, t, k, 2 + 2 * c, n, cell);
            if (json_is_number(pct))
                table_set_num(t, k, 3 + 2 * c, json_number_value(pct), 1);
            else
                table_set_text(t, k, 3 + 2 * c, json_is_null(n) ? T(r, unpublished(cell)) : "");
        }
    }
    return t;
}

/* The open answers of a question as a table (staff only). */
static struct table *open_table(struct req *r, json_t *q)
{
    json_t *open = json_object_get(q, "open");
    if (!open || strcmp(json_string_value(json_object_get(q, "kind")), "open") != 0)
        return NULL;
    const char *cols[] = {T(r, "Wijk"), T(r, "Antwoord")};
    long long pos = json_integer_value(json_object_get(q, "position"));
    struct table *t = table_new(
        r->a, arena_printf(r->a, "vraag-%lld", pos),
        arena_printf(r->a, "%lld. %s", pos, json_string_value(json_object_get(q, "text"))), 2,
        cols);
    size_t i;
    json_t *x;
    json_array_foreach(open, i, x)
    {
        long ri = t ? table_add_row(t) : -1;
        if (ri < 0)
            return NULL;
        const char *w = json_string_value(json_object_get(x, "wijk"));
        table_set_text(t, (size_t)ri, 0, w ? w : T(r, "Wijk onbekend"));
        table_set_text(t, (size_t)ri, 1, json_string_value(json_object_get(x, "text")));
    }
    return t;
}

/* Every table of the results, in the order of the questions. */
static size_t result_tables(struct req *r, json_t *doc, bool published, struct table ***out)
{
    json_t *qs = json_object_get(doc, "questions");
    size_t n = 0, nq = json_array_size(qs);
    struct table **ts = arena_calloc(r->a, nq + 1, sizeof *ts);
    for (size_t i = 0; ts && i < nq; i++) {
        json_t *q = json_array_get(qs, i);
        struct table *t = question_table(r, q, published);
        if (!t && !published)
            t = open_table(r, q);
        if (t)
            ts[n++] = t;
    }
    *out = ts;
    return ts ? n : 0;
}

static json_t *tables_ctx(struct req *r, struct table **ts, size_t n, const char *export_dir)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, web_table_ctx(r, ts[i], arena_printf(r->a, "t-%s", ts[i]->name),
                                                 export_dir, NULL));
    return arr;
}

/* --- staff: the list, a new survey, its page, questions --------------------------------- */

void page_work_surveys(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct survey_row *s = NULL;
    size_t n = 0;
    if (survey_list(d, r->a, &s, &n) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    json_t *ctx = json_object(), *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        if (!survey_may_enter(r->user, &s[i]))
            continue;
        json_t *o = json_object();
        survey_ctx(r, o, &s[i]);
        json_array_append_new(arr, o);
    }
    ctx_bool(ctx, "empty", json_array_size(arr) == 0);
    json_object_set_new(ctx, "surveys", arr);
    ctx_bool(ctx, "can_create", policy_allows(r->user, ACT_SURVEY_EDIT, NULL));
    render_page(r, "pages/werk_enquetes", ctx);
}

static void new_form(struct req *r, db *d, const struct survey_input *in,
                     const struct survey_problem *p, int np)
{
    json_t *ctx = json_object();
    ctx_str(ctx, "title", in->title);
    ctx_str(ctx, "intro", in->intro);
    ctx_str(ctx, "opens_on", web_date_typed(r, in->opens_on));
    ctx_str(ctx, "closes_on", web_date_typed(r, in->closes_on));
    json_t *scopes = json_array();
    const char *sc = in->scope ? in->scope : "";
    /* only the scopes r's user may keep a survey for (and the one chosen) */
    if (survey_may_keep(r->user, &(struct survey_row){0}))
        json_array_append_new(scopes, json_pack("{s:s,s:s,s:b}", "value", "", "label",
                                                T(r, "Heel Zoetermeer"), "selected", !*sc));
    struct region *rg;
    size_t nrg = 0;
    if (area_list_regions(d, r->a, web_today(r), &rg, &nrg) == DB_OK)
        for (size_t i = 0; i < nrg; i++) {
            const char *v = arena_printf(r->a, "regio:%lld", (long long)rg[i].id);
            if (strcmp(sc, v) != 0 &&
                !survey_may_keep(r->user, &(struct survey_row){.region_id = rg[i].id}))
                continue;
            json_array_append_new(scopes,
                                  json_pack("{s:s,s:s,s:b}", "value", v, "label",
                                            arena_printf(r->a, "%s %s", T(r, "Regio"), rg[i].name),
                                            "selected", strcmp(sc, v) == 0));
        }
    struct wijk *w;
    size_t nw = 0;
    if (area_list_wijken(d, r->a, web_today(r), 0, &w, &nw) == DB_OK)
        for (size_t i = 0; i < nw; i++) {
            const char *v = arena_printf(r->a, "wijk:%s", w[i].slug);
            if (strcmp(sc, v) != 0 &&
                !survey_may_keep(r->user, &(struct survey_row){.area_id = w[i].id,
                                                               .wijk_region_id = w[i].region_id}))
                continue;
            json_array_append_new(scopes,
                                  json_pack("{s:s,s:s,s:b}", "value", v, "label",
                                            arena_printf(r->a, "%s %s", T(r, "Wijk"), w[i].name),
                                            "selected", strcmp(sc, v) == 0));
        }
    json_object_set_new(ctx, "scopes", scopes);
    json_t *modes = json_array();
    for (size_t i = 0; i < survey_nmodes; i++)
        json_array_append_new(modes,
                              json_pack("{s:s,s:s,s:b,s:b}", "value", survey_modes[i].code, "label",
                                        T(r, survey_modes[i].label), "checked",
                                        in->mode && strcmp(in->mode, survey_modes[i].code) == 0,
                                        "first", i == 0));
    json_object_set_new(ctx, "modes", modes);
    ctx_str(ctx, "csrf", req_csrf(r));
    problems_ctx(r, ctx, p, np);
    render_page(r, "pages/werk_enquete_nieuw", ctx);
}

void page_work_survey_new(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct survey_input in = {.mode = "account"};
    new_form(r, d, &in, NULL, 0);
}

void page_work_survey_new_post(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct survey_input in = {.title = req_field(r, "title"),
                              .intro = req_field(r, "intro"),
                              .scope = req_field(r, "scope"),
                              .opens_on = web_date_field(r, "opens_on"),
                              .closes_on = web_date_field(r, "closes_on"),
                              .mode = req_field(r, "mode")};
    struct survey_problem p[SURVEY_MAX_PROBLEMS];
    int64_t id = 0;
    if (db_begin_write(d) != DB_OK) {
        resp_error(r, 503);
        return;
    }
    int64_t now = (int64_t)time(NULL);
    int rc = survey_create(d, r->a, r->user, &in, web_today(r), now, &id, p);
    if (rc != 0) {
        db_rollback(d);
        if (rc < 0) {
            resp_error(r, 500);
            return;
        }
        r->status = 400;
        new_form(r, d, &in, p, rc);
        return;
    }
    web_audit(r, d, "survey.create", "survey", id, NULL,
              json_pack("{s:s,s:s}", "title", in.title, "mode", in.mode));
    web_commit_redirect(r, d, "surveycreated",
                        arena_printf(r->a, "/werk/enquetes/%lld", (long long)id));
}

/* What staff typed to record a result as an indicator's measurement. */
struct measure_input {
    const char *indicator, *question, *counted, *on;
};

/* A small positive number typed in a form field; 0 when it is not one. */
static int atoi_ok(const char *s)
{
    long long v = web_parse_id(s);
    return v > 0 && v < 100000 ? (int)v : 0;
}

static void survey_page(struct req *r, db *d, const struct survey_row *s,
                        const struct survey_question_input *qin, const struct measure_input *m,
                        const struct survey_problem *p, int np)
{
    struct survey_question_row *q;
    size_t nq;
    if (load_questions(r, d, s, &q, &nq) != 0)
        return;
    bool keep = survey_may_keep(r->user, s);
    json_t *ctx = json_object();
    survey_ctx(r, ctx, s);
    ctx_bool(ctx, "can_keep", keep);
    ctx_bool(ctx, "can_enter",
             survey_may_enter(r->user, s) && survey_state_on(s, web_today(r)) == SURVEY_OPEN);
    ctx_bool(ctx, "can_add", keep && s->responses == 0);
    ctx_bool(ctx, "closed", survey_state_on(s, web_today(r)) == SURVEY_AFTER);
    if (s->link_token && keep)
        ctx_str(ctx, "link",
                arena_printf(r->a, "/enquetes/%lld?sleutel=%s", (long long)s->id, s->link_token));
    json_t *ql = json_array();
    for (size_t i = 0; i < nq; i++) {
        const char **opts;
        size_t no = survey_options(r->a, &q[i], &opts);
        const char *detail = NULL;
        if (strcmp(q[i].kind, "scale") == 0)
            detail = arena_printf(r->a, "%lld (%s) – %lld (%s)", q[i].min_value,
                                  no > 0 ? opts[0] : "", q[i].max_value, no > 1 ? opts[1] : "");
        else if (no > 0) {
            detail = opts[0];
            for (size_t k = 1; k < no; k++)
                detail = arena_printf(r->a, "%s; %s", detail, opts[k]);
        }
        json_array_append_new(ql,
                              json_pack("{s:I,s:s,s:s,s:s?,s:b}", "position",
                                        (json_int_t)q[i].position, "text", q[i].text, "kind",
                                        T(r, survey_label(survey_kinds, survey_nkinds, q[i].kind)),
                                        "detail", detail, "optional", !q[i].required));
    }
    json_object_set_new(ctx, "questions", ql);
    ctx_bool(ctx, "no_questions", nq == 0);
    if (keep) {
        json_t *doc = survey_results(d, r->a, s, false);
        if (!doc) {
            json_decref(ctx);
            resp_error(r, 500);
            return;
        }
        struct table **ts;
        size_t nt = result_tables(r, doc, false, &ts);
        json_object_set_new(
            ctx, "tables",
            tables_ctx(r, ts, nt,
                       arena_printf(r->a, "/werk/enquetes/%lld/export", (long long)s->id)));
        ctx_str(ctx, "xlsx_all",
                arena_printf(r->a, "/werk/enquetes/%lld/export/enquete-%lld.xlsx", (long long)s->id,
                             (long long)s->id));
        json_decref(doc);
        /* the question form */
        json_t *kinds = json_array();
        for (size_t i = 0; i < survey_nkinds; i++)
            json_array_append_new(
                kinds, json_pack("{s:s,s:s,s:b}", "value", survey_kinds[i].code, "label",
                                 T(r, survey_kinds[i].label), "selected",
                                 qin && qin->kind && strcmp(qin->kind, survey_kinds[i].code) == 0));
        json_object_set_new(ctx, "kinds", kinds);
        struct survey_indicator_row *ind = NULL;
        size_t nind = 0;
        if (survey_indicators(d, r->a, s->area_id, &ind, &nind) != DB_OK)
            nind = 0;
        json_t *il = json_array();
        for (size_t i = 0; i < nind; i++)
            json_array_append_new(
                il,
                json_pack("{s:I,s:s,s:b}", "id", (json_int_t)ind[i].id, "label",
                          arena_printf(r->a, "%s: %s", ind[i].focus_title, ind[i].name), "selected",
                          m && m->indicator && web_parse_id(m->indicator) == ind[i].id));
        json_object_set_new(ctx, "indicators", il);
        ctx_bool(ctx, "can_measure", nind > 0 && s->responses > 0);
        json_t *cq = json_array();
        for (size_t i = 0; i < nq; i++)
            if (strcmp(q[i].kind, "open") != 0 && strcmp(q[i].kind, "number") != 0)
                json_array_append_new(
                    cq, json_pack("{s:i,s:s,s:b}", "position", q[i].position, "text", q[i].text,
                                  "selected",
                                  m && m->question && atoi_ok(m->question) == q[i].position));
        json_object_set_new(ctx, "choice_questions", cq);
        if (m) {
            ctx_str(ctx, "m_counted", m->counted);
            ctx_str(ctx, "m_on", web_date_typed(r, m->on));
        }
        if (qin) {
            ctx_str(ctx, "q_text", qin->text);
            ctx_str(ctx, "q_options", qin->options);
            ctx_str(ctx, "q_min", qin->min);
            ctx_str(ctx, "q_max", qin->max);
            ctx_bool(ctx, "q_optional", qin->optional);
        }
    }
    ctx_str(ctx, "csrf", req_csrf(r));
    problems_ctx(r, ctx, p, np);
    render_page(r, "pages/werk_enquete", ctx);
}

void page_work_survey(struct req *r)
{
    db *d = web_db(r);
    struct survey_row *s = d ? survey_of(r, d) : NULL;
    if (!s)
        return;
    if (!survey_may_enter(r->user, s)) {
        resp_error(r, 403);
        return;
    }
    survey_page(r, d, s, NULL, NULL, NULL, 0);
}

void page_work_survey_question(struct req *r)
{
    db *d = web_db(r);
    struct survey_row *s = d ? survey_of(r, d) : NULL;
    if (!s)
        return;
    if (!survey_may_keep(r->user, s)) {
        resp_error(r, 403);
        return;
    }
    const char *opt = req_field(r, "optional");
    struct survey_question_input in = {.kind = req_field(r, "kind"),
                                       .text = req_field(r, "text"),
                                       .options = req_field(r, "options"),
                                       .min = req_field(r, "min"),
                                       .max = req_field(r, "max"),
                                       .optional = opt && strcmp(opt, "1") == 0};
    struct survey_problem p[SURVEY_MAX_PROBLEMS];
    if (db_begin_write(d) != DB_OK) {
        resp_error(r, 503);
        return;
    }
    int rc = survey_add_question(d, r->a, s->id, &in, p);
    if (rc == 0) {
        web_audit(r, d, "survey.question", "survey", s->id, NULL,
                  json_pack("{s:s,s:s}", "kind", in.kind, "text", in.text));
        web_commit_redirect(r, d, "questionadded",
                            arena_printf(r->a, "/werk/enquetes/%lld#vragen", (long long)s->id));
        return;
    }
    db_rollback(d);
    if (rc == SURVEY_LOCKED) {
        r->status = 409;
        p[0] = (struct survey_problem){
            "text", N_("Er zijn al antwoorden gegeven: de vragen veranderen niet meer."), NULL};
        rc = 1;
    } else if (rc < 0) {
        resp_error(r, 500);
        return;
    } else {
        r->status = 400;
    }
    survey_page(r, d, s, &in, NULL, p, rc);
}

/* POST /werk/enquetes/{id}/meting: a result as a measurement of a focus
 * point's indicator (domain/survey.c survey_measure). */
void page_work_survey_measure(struct req *r)
{
    db *d = web_db(r);
    struct survey_row *s = d ? survey_of(r, d) : NULL;
    if (!s)
        return;
    if (!survey_may_keep(r->user, s)) {
        resp_error(r, 403);
        return;
    }
    struct measure_input m = {.indicator = req_field(r, "indicator"),
                              .question = req_field(r, "question"),
                              .counted = req_field(r, "counted"),
                              .on = web_date_field(r, "measured_on")};
    struct survey_problem p[SURVEY_MAX_PROBLEMS];
    if (db_begin_write(d) != DB_OK) {
        resp_error(r, 503);
        return;
    }
    double v = 0;
    int rc = survey_measure(d, r->a, r->user, s, m.indicator, m.question, m.counted, m.on,
                            web_today(r), (int64_t)time(NULL), &v, p);
    if (rc == 0) {
        web_audit(r, d, "survey.measurement", "survey", s->id, NULL,
                  json_pack("{s:s,s:s,s:f}", "indicator", m.indicator, "question", m.question,
                            "value", v));
        web_commit_redirect(r, d, "measured",
                            arena_printf(r->a, "/werk/enquetes/%lld", (long long)s->id));
        return;
    }
    db_rollback(d);
    if (rc < 0) {
        resp_error(r, 500);
        return;
    }
    r->status = 400;
    survey_page(r, d, s, NULL, &m, p, rc);
}

/* /werk/enquetes/{id}/export/vraag-N.csv|.xlsx, enquete-ID.xlsx (every table). */
void page_work_survey_export(struct req *r)
{
    db *d = web_db(r);
    struct survey_row *s = d ? survey_of(r, d) : NULL;
    if (!s)
        return;
    if (!survey_may_keep(r->user, s)) {
        resp_error(r, 403);
        return;
    }
    const char *file = req_param(r, 1);
    const char *dot = file ? strrchr(file, '.') : NULL;
    if (!dot || (strcmp(dot, ".csv") != 0 && strcmp(dot, ".xlsx") != 0)) {
        resp_error(r, 404);
        return;
    }
    bool csv = strcmp(dot, ".csv") == 0;
    const char *name = arena_strndup(r->a, file, (size_t)(dot - file));
    const char *all = arena_printf(r->a, "enquete-%lld", (long long)s->id);
    json_t *doc = survey_results(d, r->a, s, false);
    if (!doc) {
        resp_error(r, 500);
        return;
    }
    struct table **ts;
    size_t nt = result_tables(r, doc, false, &ts), k = 0;
    json_decref(doc);
    const struct table **pick = arena_calloc(r->a, nt + 1, sizeof *pick);
    for (size_t i = 0; pick && i < nt; i++)
        if ((!csv && strcmp(name, all) == 0) || strcmp(name, ts[i]->name) == 0)
            pick[k++] = ts[i];
    if (k == 0) {
        resp_error(r, 404);
        return;
    }
    resp_header(r, "Cache-Control", "no-store");
    web_table_send(r, pick, k, csv,
                   arena_printf(r->a, "enquete-%lld-%s%s", (long long)s->id,
                                strcmp(name, all) == 0 ? "alle-vragen" : name, dot));
}

/* --- answering: online and on paper ----------------------------------------------------- */

struct answer_view {
    bool paper;
    const char *token;
    const struct survey_respondent *who;
};

static void answer_form(struct req *r, db *d, const struct survey_row *s,
                        const struct survey_question_row *q, size_t nq,
                        const struct survey_given *given, const struct answer_view *v,
                        const struct survey_problem *p, int np)
{
    json_t *ctx = json_object();
    survey_ctx(r, ctx, s);
    problems_ctx(r, ctx, p, np);
    json_object_set_new(ctx, "fields", question_fields(r, q, nq, given, ctx));
    ctx_str(ctx, "csrf", req_csrf(r));
    ctx_str(ctx, "sleutel", v->token);
    bool ask_wijk = !s->area_id && (v->paper || strcmp(s->mode, "link") == 0);
    ctx_bool(ctx, "ask_wijk", ask_wijk);
    if (ask_wijk)
        json_object_set_new(ctx, "wijken", wijk_options(r, d, v->who ? v->who->wijk_slug : NULL));
    if (v->paper) {
        json_t *ch = json_array();
        for (size_t i = 1; i < survey_nchannels; i++)
            json_array_append_new(
                ch, json_pack("{s:s,s:s,s:b,s:s}", "value", survey_channels[i].code, "label",
                              T(r, survey_channels[i].label), "checked",
                              v->who && v->who->channel &&
                                  strcmp(v->who->channel, survey_channels[i].code) == 0,
                              "id", i == 1 ? "channel" : arena_printf(r->a, "channel-%zu", i)));
        json_object_set_new(ctx, "channels", ch);
        json_t *bands = json_array();
        for (size_t i = 0; i < resident_nage_bands; i++)
            json_array_append_new(
                bands, json_pack("{s:s,s:s,s:b}", "code", resident_age_bands[i].code, "label",
                                 T(r, resident_age_bands[i].label), "selected",
                                 v->who && v->who->age_band &&
                                     strcmp(v->who->age_band, resident_age_bands[i].code) == 0));
        json_object_set_new(ctx, "age_bands", bands);
        ctx_str(ctx, "postcode", v->who ? v->who->postcode : NULL);
        ctx_str(ctx, "huisnummer", v->who ? v->who->house_number : NULL);
        render_page(r, "pages/werk_enquete_papier", ctx);
        return;
    }
    render_page(r, "pages/enquete", ctx);
}

/* The public page when the form is not shown: why not. */
static void answer_notice(struct req *r, const struct survey_row *s, const char *key)
{
    json_t *ctx = json_object();
    survey_ctx(r, ctx, s);
    ctx_bool(ctx, key, 1);
    ctx_bool(ctx, "notice", 1);
    ctx_bool(ctx, "results_open", survey_state_on(s, web_today(r)) == SURVEY_AFTER);
    render_page(r, "pages/enquete", ctx);
}

/* The browser's key for answering by link (survey.h): the cookie's, or a new
 * random one, set as the cookie on this answer (a year: it holds nothing but
 * the random key). */
#define BROWSER_COOKIE "wr_enquete"
static const char *browser_key(struct req *r)
{
    const char *k = cookie_get(&r->cookies, BROWSER_COOKIE);
    if (survey_browser_key_ok(k))
        return k;
    char *t = arena_alloc(r->a, AUTH_TOKEN_CHARS);
    if (!t)
        return NULL;
    auth_random_token(t);
    resp_cookie(r, BROWSER_COOKIE, t, 365L * 24 * 3600);
    return t;
}

/* Who may answer online now: NULL when the form can be shown; else the
 * notice's key (answered with answer_notice). A survey by link: *key is the
 * browser's key. */
static const char *online_gate(struct req *r, db *d, const struct survey_row *s, const char *token,
                               const char **key)
{
    *key = NULL;
    enum survey_state st = survey_state_on(s, web_today(r));
    if (st == SURVEY_BEFORE)
        return "not_yet";
    if (st == SURVEY_AFTER)
        return "closed";
    if (strcmp(s->mode, "link") == 0) {
        if (!token || !s->link_token || !auth_token_equal(token, s->link_token))
            return "need_link";
        *key = browser_key(r);
        const char *p = survey_browser_participant(d, r->a, s->id, *key);
        bool yes = false;
        if (p && survey_has_response(d, s->id, p, &yes) == DB_OK && yes)
            return "answered_browser";
        return NULL;
    }
    if (!user_is_resident(r->user))
        return r->user ? "staff" : "need_login";
    bool yes = false;
    const char *who = arena_printf(r->a, "r:%lld", (long long)r->user->id);
    if (survey_has_response(d, s->id, who, &yes) == DB_OK && yes)
        return "answered";
    return NULL;
}

void page_survey(struct req *r)
{
    db *d = web_db(r);
    struct survey_row *s = d ? survey_of(r, d) : NULL;
    if (!s)
        return;
    if (req_query(r, "ingevuld")) {
        answer_notice(r, s, "thanks");
        return;
    }
    const char *token = req_query(r, "sleutel"), *key;
    const char *gate = online_gate(r, d, s, token, &key);
    if (gate) {
        if (strcmp(gate, "need_link") == 0)
            r->status = 404;
        answer_notice(r, s, gate);
        return;
    }
    struct survey_question_row *q;
    size_t nq;
    if (load_questions(r, d, s, &q, &nq) != 0)
        return;
    struct answer_view v = {.token = token};
    answer_form(r, d, s, q, nq, NULL, &v, NULL, 0);
}

void page_survey_post(struct req *r)
{
    db *d = web_db(r);
    struct survey_row *s = d ? survey_of(r, d) : NULL;
    if (!s)
        return;
    const char *token = req_field(r, "sleutel"), *key;
    const char *gate = online_gate(r, d, s, token, &key);
    if (gate) {
        r->status = strcmp(gate, "need_link") == 0    ? 404
                    : strcmp(gate, "need_login") == 0 ? 403
                                                      : 409;
        answer_notice(r, s, gate);
        return;
    }
    struct survey_question_row *q;
    size_t nq;
    if (load_questions(r, d, s, &q, &nq) != 0)
        return;
    struct survey_given *g = read_given(r, q, nq);
    struct survey_respondent who = {.channel = "online",
                                    .resident = user_is_resident(r->user) ? r->user : NULL,
                                    .wijk_slug = req_field(r, "wijk")};
    if (strcmp(s->mode, "link") == 0) {
        who.resident = NULL;
        who.browser_key = key;
    }
    struct survey_problem p[SURVEY_MAX_PROBLEMS + 4];
    int rc = g ? survey_respond(d, r->a, s, q, nq, g, &who, web_today(r), (int64_t)time(NULL), p)
               : SURVEY_ERROR;
    if (rc == 0) {
        resp_redirect(r, arena_printf(r->a, "/enquetes/%lld?ingevuld=1", (long long)s->id));
        return;
    }
    if (rc == SURVEY_ANSWERED || rc == SURVEY_CLOSED) {
        r->status = 409;
        answer_notice(r, s,
                      rc == SURVEY_CLOSED            ? "closed"
                      : strcmp(s->mode, "link") == 0 ? "answered_browser"
                                                     : "answered");
        return;
    }
    if (rc < 0) {
        resp_error(r, 500);
        return;
    }
    r->status = 400;
    struct answer_view v = {.token = token, .who = &who};
    answer_form(r, d, s, q, nq, g, &v, p, rc);
}

void page_work_survey_paper(struct req *r)
{
    db *d = web_db(r);
    struct survey_row *s = d ? survey_of(r, d) : NULL;
    if (!s)
        return;
    if (!survey_may_enter(r->user, s)) {
        resp_error(r, 403);
        return;
    }
    if (survey_state_on(s, web_today(r)) != SURVEY_OPEN) {
        r->status = 409;
        answer_notice(r, s,
                      survey_state_on(s, web_today(r)) == SURVEY_BEFORE ? "not_yet" : "closed");
        return;
    }
    struct survey_question_row *q;
    size_t nq;
    if (load_questions(r, d, s, &q, &nq) != 0)
        return;
    struct answer_view v = {.paper = true};
    answer_form(r, d, s, q, nq, NULL, &v, NULL, 0);
}

void page_work_survey_paper_post(struct req *r)
{
    db *d = web_db(r);
    struct survey_row *s = d ? survey_of(r, d) : NULL;
    if (!s)
        return;
    if (!survey_may_enter(r->user, s)) {
        resp_error(r, 403);
        return;
    }
    struct survey_question_row *q;
    size_t nq;
    if (load_questions(r, d, s, &q, &nq) != 0)
        return;
    struct survey_given *g = read_given(r, q, nq);
    const char *channel = req_field(r, "channel");
    struct survey_respondent who = {.channel = channel,
                                    .postcode = req_field(r, "postcode"),
                                    .house_number = req_field(r, "huisnummer"),
                                    .wijk_slug = req_field(r, "wijk"),
                                    .age_band = req_field(r, "leeftijd"),
                                    .entered_by = r->user->id};
    struct survey_problem p[SURVEY_MAX_PROBLEMS + 4];
    int rc;
    if (!channel || strcmp(channel, "online") == 0 ||
        !survey_label(survey_channels, survey_nchannels, channel)) {
        /* nothing is stored without the channel; the summary names it first */
        p[0] =
            (struct survey_problem){"channel", N_("Kies hoe de antwoorden zijn verzameld."), NULL};
        rc = 1;
    } else {
        rc = g ? survey_respond(d, r->a, s, q, nq, g, &who, web_today(r), (int64_t)time(NULL), p)
               : SURVEY_ERROR;
    }
    if (rc == 0) {
        flash_set(r, "ok", "surveyentered");
        resp_redirect(r, arena_printf(r->a, "/werk/enquetes/%lld/papier", (long long)s->id));
        return;
    }
    if (rc == SURVEY_CLOSED) {
        r->status = 409;
        answer_notice(r, s, "closed");
        return;
    }
    if (rc == SURVEY_ANSWERED) {
        p[0] = (struct survey_problem){
            "postcode",
            N_("Vanaf dit adres is deze enquête al ingevuld: elk adres telt één keer, op papier "
               "zoals bij een stembiljet op papier."),
            NULL};
        rc = 1;
    }
    if (rc < 0) {
        resp_error(r, 500);
        return;
    }
    r->status = 400;
    struct answer_view v = {.paper = true, .who = &who};
    answer_form(r, d, s, q, nq, g, &v, p, rc);
}

void web_survey_list_for_resident(struct req *r, db *d, json_t *ctx)
{
    struct survey_row *s = NULL;
    size_t n = 0;
    struct wijk w = {0};
    struct resident_row rr;
    if (!user_is_resident(r->user) || resident_row_by_id(d, r->a, r->user->id, &rr) != DB_OK ||
        survey_list(d, r->a, &s, &n) != DB_OK)
        return;
    if (rr.wijk_slug && area_get_wijk(d, r->a, rr.wijk_slug, web_today(r), 0, &w) != DB_OK)
        memset(&w, 0, sizeof w);
    json_t *arr = json_array();
    const char *me = arena_printf(r->a, "r:%lld", (long long)r->user->id);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(s[i].mode, "account") != 0 ||
            survey_state_on(&s[i], web_today(r)) != SURVEY_OPEN)
            continue;
        if ((s[i].area_id && s[i].area_id != w.id) ||
            (s[i].region_id && s[i].region_id != w.region_id))
            continue;
        bool yes = false;
        survey_has_response(d, s[i].id, me, &yes);
        json_array_append_new(arr, json_pack("{s:I,s:s,s:s,s:b}", "id", (json_int_t)s[i].id,
                                             "title", s[i].title, "closes",
                                             fmt_date(r, s[i].closes_on), "answered", yes));
    }
    ctx_bool(ctx, "has_surveys", json_array_size(arr) > 0);
    json_object_set_new(ctx, "surveys", arr);
}

/* --- the public list ------------------------------------------------------------------- */

/* /enquetes (?wijk= for one wijk: its own surveys, its region's and the
 * city's): the open surveys a resident answers with an account, and the
 * published results of the closed ones. A survey answered by link is not
 * listed while open: only who got its link answers it. */
void page_surveys_public(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    json_t *ctx = json_object();
    struct wijk w = {0};
    const char *slug = req_query(r, "wijk");
    if (slug && *slug) {
        if (area_get_wijk(d, r->a, slug, web_today(r), 0, &w) != DB_OK) {
            json_decref(ctx);
            resp_error(r, 404);
            return;
        }
        ctx_str(ctx, "wijk_name", w.name);
        ctx_str(ctx, "wijk_url", arena_printf(r->a, "/wijken/%s", w.slug));
    }
    struct survey_row *s;
    size_t n;
    if (survey_list(d, r->a, &s, &n) != DB_OK) {
        json_decref(ctx);
        resp_error(r, 500);
        return;
    }
    json_t *open = json_array(), *done = json_array();
    for (size_t i = 0; i < n; i++) {
        if (w.id && ((s[i].area_id && s[i].area_id != w.id) ||
                     (s[i].region_id && s[i].region_id != w.region_id)))
            continue;
        enum survey_state st = survey_state_on(&s[i], web_today(r));
        json_t *o = json_object();
        ctx_str(o, "title", s[i].title);
        ctx_str(o, "scope", scope_label(r, &s[i]));
        ctx_str(o, "closes", fmt_date(r, s[i].closes_on));
        if (st == SURVEY_OPEN && strcmp(s[i].mode, "account") == 0) {
            ctx_str(o, "url", arena_printf(r->a, "/enquetes/%lld", (long long)s[i].id));
            json_array_append_new(open, o);
        } else if (st == SURVEY_AFTER) {
            ctx_str(o, "url", arena_printf(r->a, "/enquetes/%lld/resultaten", (long long)s[i].id));
            json_array_append_new(done, o);
        } else {
            json_decref(o);
        }
    }
    ctx_bool(ctx, "has_open", json_array_size(open) > 0);
    json_object_set_new(ctx, "open", open);
    ctx_bool(ctx, "has_results", json_array_size(done) > 0);
    json_object_set_new(ctx, "results", done);
    ctx_bool(ctx, "must_log_in", !r->user);
    ctx_int(ctx, "min_cell", SURVEY_MIN_CELL);
    render_page(r, "pages/enquetes", ctx);
}

/* --- published results ---------------------------------------------------------------- */

void page_survey_results(struct req *r)
{
    db *d = web_db(r);
    struct survey_row *s = d ? survey_of(r, d) : NULL;
    if (!s)
        return;
    json_t *ctx = json_object();
    survey_ctx(r, ctx, s);
    if (survey_state_on(s, web_today(r)) != SURVEY_AFTER) {
        ctx_bool(ctx, "not_closed", 1);
        render_page(r, "pages/enquete_resultaten", ctx);
        return;
    }
    json_t *doc = survey_results(d, r->a, s, true);
    if (!doc) {
        json_decref(ctx);
        resp_error(r, 500);
        return;
    }
    struct table **ts;
    size_t nt = result_tables(r, doc, true, &ts);
    json_t *resp = json_object_get(doc, "respondents");
    ctx_str(ctx, "respondents",
            json_is_integer(resp) ? fmt_number(r, json_integer_value(resp)) : T(r, MINDER_DAN_10));
    json_decref(doc);
    json_object_set_new(ctx, "tables", tables_ctx(r, ts, nt, NULL));
    ctx_int(ctx, "min_cell", SURVEY_MIN_CELL);
    render_page(r, "pages/enquete_resultaten", ctx);
}

/* /open-data/enquetes.csv: the published results of every closed survey,
 * one line per survey, question, wijk and answer, suppressed as published. */
void open_data_surveys(struct req *r, db *d)
{
    struct survey_row *s = NULL;
    size_t n = 0;
    if (survey_list_closed(d, r->a, web_today(r), &s, &n) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    const char *cols[] = {"enquete_id", "enquete",      "gebied", "sluitdatum",
                          "vraag_nr",   "vraag",        "soort",  "wijk",
                          "antwoord",   "respondenten", "aantal", "percentage"};
    struct table *t = table_new(r->a, "enquetes", "enquetes", sizeof cols / sizeof cols[0], cols);
    for (size_t i = 0; t && i < n; i++) {
        json_t *doc = survey_results(d, r->a, &s[i], true);
        if (!doc) {
            resp_error(r, 500);
            return;
        }
        const char *scope = s[i].area_id     ? s[i].scope_name
                            : s[i].region_id ? arena_printf(r->a, "regio %s", s[i].scope_name)
                                             : "Zoetermeer";
        size_t qi;
        json_t *q;
        json_array_foreach(json_object_get(doc, "questions"), qi, q)
        {
            const char *kind = json_string_value(json_object_get(q, "kind"));
            if (!kind || strcmp(kind, "open") == 0)
                continue;
            json_t *labels = json_object_get(q, "labels");
            size_t ri;
            json_t *row;
            json_array_foreach(json_object_get(q, "rows"), ri, row)
            {
                const char *wijk = json_is_true(json_object_get(row, "total"))
                                       ? "totaal"
                                       : json_string_value(json_object_get(row, "wijk"));
                json_t *resp = json_object_get(row, "respondents");
                size_t nc = strcmp(kind, "number") == 0 ? 1 : json_array_size(labels);
                for (size_t c = 0; c < nc; c++) {
                    long k = table_add_row(t);
                    if (k < 0)
                        break;
                    size_t x = (size_t)k;
                    table_set_num(t, x, 0, (double)s[i].id, 0);
                    table_set_text(t, x, 1, s[i].title);
                    table_set_text(t, x, 2, scope);
                    table_set_text(t, x, 3, s[i].closes_on);
                    table_set_num(t, x, 4,
                                  (double)json_integer_value(json_object_get(q, "position")), 0);
                    table_set_text(t, x, 5, json_string_value(json_object_get(q, "text")));
                    table_set_text(t, x, 6, kind);
                    table_set_text(t, x, 7, wijk ? wijk : "onbekend");
                    if (json_is_integer(resp))
                        table_set_num(t, x, 9, (double)json_integer_value(resp), 0);
                    else
                        table_set_text(t, x, 9, unpublished(row));
                    if (strcmp(kind, "number") == 0) {
                        json_t *mean = json_object_get(row, "mean");
                        table_set_text(t, x, 8, "gemiddelde");
                        if (json_is_number(mean))
                            table_set_num(t, x, 10, json_number_value(mean), 1);
                        else
                            table_set_text(t, x, 10, unpublished(row));
                        continue;
                    }
                    table_set_text(t, x, 8, json_string_value(json_array_get(labels, c)));
                    json_t *cell = json_array_get(json_object_get(row, "cells"), c);
                    json_t *cn = json_object_get(cell, "n"), *pct = json_object_get(cell, "pct");
                    if (json_is_integer(cn))
                        table_set_num(t, x, 10, (double)json_integer_value(cn), 0);
                    else
                        table_set_text(t, x, 10, unpublished(cell));
                    if (json_is_number(pct))
                        table_set_num(t, x, 11, json_number_value(pct), 1);
                }
            }
        }
        json_decref(doc);
    }
    buf_reset(&r->body_out);
    if (!t || table_csv(t, &r->body_out) != 0) {
        resp_error(r, 500);
        return;
    }
    r->status = 200;
    r->content_type_out = "text/csv; charset=utf-8";
    resp_header(r, "Content-Disposition", "inline; filename=\"enquetes.csv\"");
}
