/*
 * admin_signals.c: the administrator's pages for signals: the category tree
 * (name, public handling message, deadline, public or not, active or not,
 * new sub categories) and the routing rules (conditions, target, order,
 * period).
 *
 * A category's confidential flag is shown but never changed here: it
 * decides who may read a signal's content. Routing rules are never deleted:
 * ending one sets the last day of its period, so what routed a signal in the
 * past stays visible. Every change is written to the audit trail with the
 * values before and after, in the same transaction as the change.
 */
#include "web.h"

#include "domain/category.h"
#include "domain/signal.h"
#include "store/area_store.h"
#include "store/org_store.h"
#include "store/signal_store.h"
#include "store/user_store.h"
#include "web/render.h"

#include <string.h>

#define ENDED_RULES_SHOWN 50

/* --- categories ------------------------------------------------------------ */

static const char *deadline_label(struct req *r, int days, int working)
{
    const char *unit = working ? (days == 1 ? N_("werkdag") : N_("werkdagen"))
                               : (days == 1 ? N_("kalenderdag") : N_("kalenderdagen"));
    return arena_printf(r->a, "%d %s", days, T(r, unit));
}

static json_t *category_json(const struct category *c)
{
    return json_pack("{s:s,s:s?,s:i,s:b,s:b,s:b,s:b,s:i}", "name", c->name, "handling_message",
                     c->handling_message, "deadline_days", c->deadline_days, "deadline_working",
                     c->deadline_working, "is_public", c->is_public, "confidential",
                     c->confidential, "active", c->active, "urgent_days", c->urgent_days);
}

/* The main categories for the "new sub category" select. */
static json_t *main_options(struct req *r, const struct category *c, size_t n, const char *sel)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        if (c[i].parent_id)
            continue;
        json_t *o = json_object();
        ctx_int(o, "id", c[i].id);
        ctx_str(o, "name",
                c[i].active ? c[i].name
                            : arena_printf(r->a, "%s (%s)", c[i].name, T(r, "niet actief")));
        ctx_bool(o, "selected", sel && *sel && web_parse_id(sel) == (long long)c[i].id);
        json_array_append_new(arr, o);
    }
    return arr;
}

/* The tree page; with from_form the "new sub category" form shows what was
 * typed and the error. */
static void categories_page(struct req *r, db *d, int from_form, const char *error)
{
    struct category *c;
    size_t n;
    if (category_list_all(d, r->a, &c, &n) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    json_t *rows = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        ctx_int(o, "id", c[i].id);
        ctx_str(o, "name", c[i].name);
        ctx_bool(o, "is_main", !c[i].parent_id);
        ctx_str(o, "deadline", deadline_label(r, c[i].deadline_days, c[i].deadline_working));
        ctx_bool(o, "is_public", c[i].is_public);
        ctx_bool(o, "confidential", c[i].confidential);
        ctx_bool(o, "active", c[i].active);
        ctx_int(o, "nquestions", c[i].nquestions);
        json_array_append_new(rows, o);
    }
    json_t *ctx = json_object();
    json_object_set_new(ctx, "rows", rows);
    json_object_set_new(ctx, "mains",
                        main_options(r, c, n, from_form ? req_field(r, "parent") : NULL));
    ctx_str(ctx, "new_name", from_form ? req_field(r, "name") : NULL);
    ctx_str(ctx, "new_message", from_form ? req_field(r, "handling_message") : NULL);
    ctx_str(ctx, "new_deadline", from_form ? req_field(r, "deadline_days") : "5");
    const char *w = from_form ? req_field(r, "deadline_working") : "1";
    ctx_bool(ctx, "new_calendar", w && strcmp(w, "0") == 0);
    ctx_str(ctx, "error", error);
    render_page(r, "pages/admin_categories", ctx);
}

void page_admin_categories(struct req *r)
{
    db *d = web_db(r);
    if (d)
        categories_page(r, d, 0, NULL);
}

static const char *datatype_label(const char *t)
{
    static const struct {
        const char *code, *label;
    } m[] = {{"string", N_("Korte tekst")},        {"number", N_("Getal")},
             {"datetime", N_("Datum en tijd")},    {"text", N_("Lange tekst")},
             {"singlevaluelist", N_("Eén keuze")}, {"multivaluelist", N_("Meer keuzes")}};
    for (size_t i = 0; t && i < sizeof m / sizeof m[0]; i++)
        if (strcmp(m[i].code, t) == 0)
            return m[i].label;
    return t ? t : "";
}

/* The choices of a list question ([[key, name], ...]) as "name, name". */
static const char *choice_names(struct req *r, const char *choices)
{
    if (!choices)
        return NULL;
    json_t *j = json_loads(choices, 0, NULL);
    if (!json_is_array(j)) {
        json_decref(j);
        return NULL;
    }
    buf b;
    buf_init(&b, 4096);
    size_t i;
    json_t *c;
    json_array_foreach(j, i, c)
    {
        const char *name = json_string_value(json_array_get(c, 1));
        if (!name)
            continue;
        if (b.len)
            buf_puts(&b, ", ");
        buf_puts(&b, name);
    }
    const char *out = b.data ? arena_strdup(r->a, b.data) : NULL;
    buf_free(&b);
    json_decref(j);
    return out;
}

static void category_form_ctx(struct req *r, db *d, const struct category *c, int from_form,
                              const char *error, json_t *ctx);

static void category_form(struct req *r, db *d, const struct category *c, int from_form,
                          const char *error)
{
    category_form_ctx(r, d, c, from_form, error, json_object());
}

/* The form as typed, with a warning that the message names named days
 * while the deadline is days, and a button to save it anyway. */
static void category_form_warn(struct req *r, db *d, const struct category *c, int named, int days)
{
    json_t *ctx = json_object();
    ctx_str(ctx, "warning",
            arena_printf(r->a,
                         T(r, "Het afhandelbericht noemt %d dagen, maar de termijn wordt %d dagen. "
                              "Pas het bericht aan, of sla toch op."),
                         named, days));
    category_form_ctx(r, d, c, 1, NULL, ctx);
}

static void category_form_ctx(struct req *r, db *d, const struct category *c, int from_form,
                              const char *error, json_t *ctx)
{
    struct category_question *q;
    size_t nq;
    if (category_questions(d, r->a, c->id, &q, &nq) != DB_OK) {
        json_decref(ctx);
        resp_error(r, 500);
        return;
    }
    ctx_int(ctx, "id", c->id);
    ctx_str(ctx, "title_name", c->name);
    ctx_str(ctx, "slug", c->slug);
    ctx_bool(ctx, "is_main", !c->parent_id);
    ctx_str(ctx, "parent_name", c->parent_name);
    ctx_bool(ctx, "confidential", c->confidential);
    ctx_str(ctx, "name_value", from_form ? req_field(r, "name") : c->name);
    ctx_str(ctx, "message_value",
            from_form ? req_field(r, "handling_message") : c->handling_message);
    ctx_str(ctx, "deadline_value",
            from_form ? req_field(r, "deadline_days") : arena_printf(r->a, "%d", c->deadline_days));
    ctx_str(ctx, "urgent_value",
            from_form ? req_field(r, "urgent_days") : arena_printf(r->a, "%d", c->urgent_days));
    const char *w = from_form ? req_field(r, "deadline_working") : NULL;
    ctx_bool(ctx, "calendar", from_form ? w && strcmp(w, "0") == 0 : !c->deadline_working);
    ctx_bool(ctx, "is_public", from_form ? req_field(r, "is_public") != NULL : c->is_public);
    ctx_bool(ctx, "active", from_form ? req_field(r, "active") != NULL : c->active);
    json_t *qs = json_array();
    for (size_t i = 0; i < nq; i++) {
        json_t *o = json_object();
        ctx_str(o, "code", q[i].code);
        ctx_str(o, "description", q[i].description);
        ctx_str(o, "datatype", T(r, datatype_label(q[i].datatype)));
        ctx_bool(o, "required", q[i].required);
        ctx_str(o, "choices", choice_names(r, q[i].choices));
        json_array_append_new(qs, o);
    }
    json_object_set_new(ctx, "questions", qs);
    ctx_bool(ctx, "has_questions", nq > 0);
    ctx_str(ctx, "error", error);
    render_page(r, "pages/admin_category", ctx);
}

void page_admin_category(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct category c;
    long long id = web_parse_id(req_param(r, 0));
    if (!id || category_get(d, r->a, id, &c) != DB_OK) {
        resp_error(r, 404);
        return;
    }
    category_form(r, d, &c, 0, NULL);
}

/* "1" working days, "0" calendar days; -1 when neither. */
static int read_working(struct req *r)
{
    const char *w = req_field(r, "deadline_working");
    if (w && strcmp(w, "1") == 0)
        return 1;
    if (w && strcmp(w, "0") == 0)
        return 0;
    return -1;
}

void page_admin_category_post(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct category c;
    long long id = web_parse_id(req_param(r, 0));
    if (!id || category_get(d, r->a, id, &c) != DB_OK) {
        resp_error(r, 404);
        return;
    }
    const char *name = req_field(r, "name"), *msg = req_field(r, "handling_message");
    int days = 0, urgent = 0, working = read_working(r);
    const char *problem = category_validate(name, msg, req_field(r, "deadline_days"), &days);
    /* a form without the field keeps the urgent deadline (within the new one) */
    const char *urgent_text = req_field(r, "urgent_days");
    if (!problem && urgent_text)
        problem = category_urgent_parse(urgent_text, days, &urgent);
    else if (!problem)
        urgent = c.urgent_days < days ? c.urgent_days : days;
    if (!problem && working < 0)
        problem = N_("Kies of de termijn in werkdagen of kalenderdagen is.");
    if (problem) {
        r->status = 400;
        category_form(r, d, &c, 1, T(r, problem));
        return;
    }
    /* a new deadline that the message to residents contradicts: ask first */
    int named = category_message_days_mismatch(msg, days);
    if (named && !req_field(r, "confirm") &&
        (days != c.deadline_days || !msg || !c.handling_message ||
         strcmp(msg, c.handling_message) != 0)) {
        category_form_warn(r, d, &c, named, days);
        return;
    }
    int is_public = req_field(r, "is_public") != NULL, active = req_field(r, "active") != NULL;
    if (db_begin_write(d) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    struct category after;
    /* read again inside the transaction: the audit's "before" is what was replaced */
    if (category_get(d, r->a, id, &c) != DB_OK ||
        category_update(d, id, name, msg, days, working, is_public, active, urgent) != DB_OK ||
        category_get(d, r->a, id, &after) != DB_OK) {
        db_rollback(d);
        resp_error(r, 500);
        return;
    }
    web_audit(r, d, "update", "category", id, category_json(&c), category_json(&after));
    web_commit_redirect(r, d, "saved", "/beheer/categorieen");
}

void page_admin_category_new_post(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    const char *name = req_field(r, "name"), *msg = req_field(r, "handling_message");
    long long parent_id = web_parse_id(req_field(r, "parent"));
    struct category parent;
    int days = 0, working = read_working(r);
    char slug[CATEGORY_SLUG_MAX + 1];
    const char *problem = NULL;
    if (!parent_id || category_get(d, r->a, parent_id, &parent) != DB_OK || parent.parent_id)
        problem = N_("Kies de hoofdcategorie waar de nieuwe categorie onder valt.");
    if (!problem)
        problem = category_validate(name, msg, req_field(r, "deadline_days"), &days);
    if (!problem && working < 0)
        problem = N_("Kies of de termijn in werkdagen of kalenderdagen is.");
    if (!problem && category_slug(name, slug, sizeof slug) != 0)
        problem = N_("Gebruik in de naam minstens één letter of cijfer.");
    if (!problem) {
        int taken = category_slug_taken(d, parent_id, slug);
        if (taken < 0) {
            resp_error(r, 500);
            return;
        }
        if (taken)
            problem = N_("Onder deze hoofdcategorie is er al een categorie met (bijna) deze naam.");
    }
    if (problem) {
        r->status = 400;
        categories_page(r, d, 1, T(r, problem));
        return;
    }
    if (db_begin_write(d) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    /* public and confidential follow the main category; the administrator
     * can make it public on its own page */
    int64_t id = 0;
    struct category c;
    int rc = category_insert(d, parent_id, slug, name, msg, days, working, parent.is_public,
                             parent.confidential, web_today(r), &id);
    if (rc == DB_CONSTRAINT) {
        db_rollback(d);
        r->status = 400;
        categories_page(
            r, d, 1,
            T(r, "Onder deze hoofdcategorie is er al een categorie met (bijna) deze naam."));
        return;
    }
    if (rc != DB_OK || category_get(d, r->a, id, &c) != DB_OK) {
        db_rollback(d);
        resp_error(r, 500);
        return;
    }
    json_t *after = category_json(&c);
    json_object_set_new(after, "slug", json_string(slug));
    json_object_set_new(after, "parent", json_string(parent.slug));
    web_audit(r, d, "create", "category", id, NULL, after);
    web_commit_redirect(r, d, "saved",
                        arena_printf(r->a, "/beheer/categorieen/%lld", (long long)id));
}

/* --- routing rules --------------------------------------------------------- */

static json_t *rule_json(const struct routing_rule *ru)
{
    json_t *o = json_object();
    json_object_set_new(o, "position", json_integer(ru->position));
    json_object_set_new(o, "category_id",
                        ru->category_id ? json_integer(ru->category_id) : json_null());
    json_object_set_new(o, "category",
                        ru->category_name ? json_string(ru->category_name) : json_null());
    json_object_set_new(o, "area_id", ru->area_id ? json_integer(ru->area_id) : json_null());
    json_object_set_new(o, "region_id", ru->region_id ? json_integer(ru->region_id) : json_null());
    json_object_set_new(o, "type", ru->type ? json_string(ru->type) : json_null());
    json_object_set_new(o, "channel", ru->channel ? json_string(ru->channel) : json_null());
    json_object_set_new(o, "target_kind", json_string(ru->target_kind ? ru->target_kind : ""));
    json_object_set_new(o, "target_org_id",
                        ru->target_org_id ? json_integer(ru->target_org_id) : json_null());
    json_object_set_new(o, "active", json_boolean(ru->active));
    json_object_set_new(o, "valid_from",
                        ru->valid_from ? json_string(ru->valid_from) : json_null());
    json_object_set_new(o, "valid_to", ru->valid_to ? json_string(ru->valid_to) : json_null());
    return o;
}

/* A rule's conditions and target as text for the tables. */
static void rule_row_fields(struct req *r, json_t *o, const struct routing_rule *ru)
{
    ctx_int(o, "id", ru->id);
    ctx_int(o, "position", ru->position);
    const char *cat;
    if (!ru->category_id)
        cat = T(r, "elke categorie");
    else if (!ru->category_name)
        cat = T(r, "(verdwenen categorie)");
    else if (ru->category_parent_name)
        cat = arena_printf(r->a, "%s: %s", ru->category_parent_name, ru->category_name);
    else
        cat = arena_printf(r->a, "%s (%s)", ru->category_name, T(r, "hele hoofdcategorie"));
    ctx_str(o, "category", cat);
    const char *where = T(r, "overal");
    if (ru->area_id)
        where = arena_printf(r->a, "%s %s", T(r, "wijk"),
                             ru->area_name ? ru->area_name : T(r, "(verdwenen)"));
    else if (ru->region_id)
        where = arena_printf(r->a, "%s %s", T(r, "regio"),
                             ru->region_name ? ru->region_name : T(r, "(verdwenen)"));
    ctx_str(o, "where", where);
    ctx_str(o, "type", ru->type ? T(r, signal_type_label(ru->type)) : T(r, "elke soort"));
    ctx_str(o, "channel",
            ru->channel ? T(r, signal_channel_label(ru->channel)) : T(r, "elk kanaal"));
    const char *target;
    if (ru->target_kind && strcmp(ru->target_kind, "wijkregisseur") == 0)
        target = T(r, "wijkregisseur van de regio");
    else
        target = ru->target_name ? ru->target_name : T(r, "(verdwenen afdeling)");
    ctx_str(o, "target", target);
    ctx_bool(o, "active", ru->active);
    ctx_str(o, "valid_from", ru->valid_from ? fmt_date(r, ru->valid_from) : NULL);
    ctx_str(o, "valid_to", ru->valid_to ? fmt_date(r, ru->valid_to) : NULL);
    ctx_bool(o, "broken", ru->broken);
    if (ru->broken)
        ctx_str(o, "broken_reason", T(r, rule_broken_label(ru->broken_reason)));
}

static json_t *option(const char *value, const char *label, int selected)
{
    return json_pack("{s:s,s:s,s:b}", "value", value, "label", label, "selected", selected);
}

static int same(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* The "new rule" form's choices, with the typed values selected. */
static int rule_form_options(struct req *r, db *d, json_t *ctx, int from_form)
{
    const char *today = web_today(r);
    const char *cat_sel = from_form ? req_field(r, "category") : NULL;
    const char *wijk_sel = from_form ? req_field(r, "wijk") : NULL;
    const char *region_sel = from_form ? req_field(r, "region") : NULL;
    const char *type_sel = from_form ? req_field(r, "type") : NULL;
    const char *channel_sel = from_form ? req_field(r, "channel") : NULL;
    const char *target_sel = from_form ? req_field(r, "target") : NULL;

    struct category *c;
    size_t n;
    if (category_list_all(d, r->a, &c, &n) != DB_OK)
        return -1;
    json_t *groups = json_array(), *group = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!c[i].parent_id) {
            group = NULL;
            if (!c[i].active)
                continue;
            group = json_object();
            ctx_str(group, "name", c[i].name);
            json_t *opts = json_array();
            const char *v = arena_printf(r->a, "%lld", (long long)c[i].id);
            json_array_append_new(
                opts,
                option(v, arena_printf(r->a, "%s (%s)", c[i].name, T(r, "hele hoofdcategorie")),
                       same(cat_sel, v)));
            json_object_set_new(group, "options", opts);
            json_array_append_new(groups, group);
        } else if (group && c[i].active) {
            const char *v = arena_printf(r->a, "%lld", (long long)c[i].id);
            json_array_append_new(json_object_get(group, "options"),
                                  option(v, c[i].name, same(cat_sel, v)));
        }
    }
    json_object_set_new(ctx, "category_groups", groups);
    ctx_bool(ctx, "category_any", !cat_sel || !*cat_sel);

    struct wijk *w;
    if (area_list_wijken(d, r->a, today, 0, &w, &n) != DB_OK)
        return -1;
    json_t *wijken = json_array();
    json_array_append_new(wijken, option("", T(r, "elke wijk"), !wijk_sel || !*wijk_sel));
    for (size_t i = 0; i < n; i++) {
        const char *v = arena_printf(r->a, "%lld", (long long)w[i].id);
        json_array_append_new(wijken, option(v, w[i].name, same(wijk_sel, v)));
    }
    json_object_set_new(ctx, "wijken", wijken);

    struct region *rg;
    if (area_list_regions(d, r->a, today, &rg, &n) != DB_OK)
        return -1;
    json_t *regions = json_array();
    json_array_append_new(regions, option("", T(r, "elke regio"), !region_sel || !*region_sel));
    for (size_t i = 0; i < n; i++) {
        const char *v = arena_printf(r->a, "%lld", (long long)rg[i].id);
        json_array_append_new(regions, option(v, rg[i].name, same(region_sel, v)));
    }
    json_object_set_new(ctx, "regions", regions);

    json_t *types = json_array();
    json_array_append_new(types, option("", T(r, "elke soort"), !type_sel || !*type_sel));
    for (size_t i = 0; signal_types[i]; i++)
        json_array_append_new(types,
                              option(signal_types[i], T(r, signal_type_label(signal_types[i])),
                                     same(type_sel, signal_types[i])));
    json_object_set_new(ctx, "types", types);

    json_t *channels = json_array();
    json_array_append_new(channels, option("", T(r, "elk kanaal"), !channel_sel || !*channel_sel));
    for (size_t i = 0; signal_channels[i]; i++)
        json_array_append_new(channels, option(signal_channels[i],
                                               T(r, signal_channel_label(signal_channels[i])),
                                               same(channel_sel, signal_channels[i])));
    json_object_set_new(ctx, "channels", channels);

    struct organisation *og;
    if (org_list(d, r->a, NULL, &og, &n) != DB_OK)
        return -1;
    json_t *targets = json_array();
    json_array_append_new(targets,
                          option("", T(r, "Kies een bestemming"), !target_sel || !*target_sel));
    json_array_append_new(targets, option("wijkregisseur", T(r, "wijkregisseur van de regio"),
                                          same(target_sel, "wijkregisseur")));
    for (size_t i = 0; i < n; i++) {
        if (strcmp(og[i].kind, "partner") == 0)
            continue;
        const char *v = arena_printf(r->a, "org:%lld", (long long)og[i].id);
        json_array_append_new(targets, option(v, og[i].name, same(target_sel, v)));
    }
    json_object_set_new(ctx, "targets", targets);
    return 0;
}

/* The "Waar komt dit terecht?" tester: the GET form's choices as typed, and
 * when all of them are there, where signal_route sends such a signal today
 * and which of the rules decided. Its problems go into problems (GOV.UK
 * summary) and at the fields; returns -1 on a database error. */
static int routing_tester(struct req *r, db *d, json_t *ctx, const struct routing_rule *ru,
                          size_t nru)
{
    const char *today = web_today(r);
    int asked = req_query(r, "test") != NULL;
    const char *cat_sel = req_query(r, "test_category");
    const char *wijk_sel = req_query(r, "test_wijk");
    const char *channel_sel = req_query(r, "test_channel");
    const char *type_sel = req_query(r, "test_type");
    if (!type_sel || !*type_sel)
        type_sel = "melding";

    struct category *c;
    size_t n;
    if (category_list_all(d, r->a, &c, &n) != DB_OK)
        return -1;
    int64_t cat_id = 0;
    json_t *groups = json_array(), *group = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!c[i].parent_id) {
            group = NULL;
            if (!c[i].active)
                continue;
            group = json_pack("{s:s,s:[]}", "name", c[i].name, "options");
            json_array_append_new(groups, group);
        } else if (group && c[i].active) {
            const char *v = arena_printf(r->a, "%lld", (long long)c[i].id);
            json_array_append_new(json_object_get(group, "options"),
                                  option(v, c[i].name, same(cat_sel, v)));
            if (same(cat_sel, v))
                cat_id = c[i].id;
        }
    }
    json_object_set_new(ctx, "test_category_groups", groups);

    struct wijk *w;
    if (area_list_wijken(d, r->a, today, 0, &w, &n) != DB_OK)
        return -1;
    int64_t wijk_id = 0;
    json_t *wijken = json_array();
    json_array_append_new(wijken, option("", T(r, "Kies een wijk"), !wijk_sel || !*wijk_sel));
    for (size_t i = 0; i < n; i++) {
        const char *v = arena_printf(r->a, "%lld", (long long)w[i].id);
        json_array_append_new(wijken, option(v, w[i].name, same(wijk_sel, v)));
        if (same(wijk_sel, v))
            wijk_id = w[i].id;
    }
    json_object_set_new(ctx, "test_wijken", wijken);

    const char *channel = NULL;
    json_t *channels = json_array();
    json_array_append_new(channels,
                          option("", T(r, "Kies een kanaal"), !channel_sel || !*channel_sel));
    for (size_t i = 0; signal_channels[i]; i++) {
        json_array_append_new(channels, option(signal_channels[i],
                                               T(r, signal_channel_label(signal_channels[i])),
                                               same(channel_sel, signal_channels[i])));
        if (same(channel_sel, signal_channels[i]))
            channel = signal_channels[i];
    }
    json_object_set_new(ctx, "test_channels", channels);

    const char *type = NULL;
    json_t *types = json_array();
    for (size_t i = 0; signal_types[i]; i++) {
        json_array_append_new(types,
                              option(signal_types[i], T(r, signal_type_label(signal_types[i])),
                                     same(type_sel, signal_types[i])));
        if (same(type_sel, signal_types[i]))
            type = signal_types[i];
    }
    json_object_set_new(ctx, "test_types", types);
    if (!asked)
        return 0;

    json_t *problems = json_array();
    struct {
        const char *anchor, *key, *message;
        int missing;
    } checks[] = {
        {"test-category", "test_category_error", N_("Kies een categorie."), !cat_id},
        {"test-wijk", "test_wijk_error", N_("Kies een wijk."), !wijk_id},
        {"test-channel", "test_channel_error", N_("Kies een kanaal."), !channel},
        {"test-type", "test_type_error", N_("Kies een soort melding."), !type},
    };
    for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
        if (!checks[i].missing)
            continue;
        const char *msg = T(r, checks[i].message);
        ctx_str(ctx, checks[i].key, msg);
        json_array_append_new(problems,
                              json_pack("{s:s,s:s}", "anchor", checks[i].anchor, "message", msg));
    }
    if (json_array_size(problems)) {
        json_object_set_new(ctx, "test_problems", problems);
        ctx_bool(ctx, "test_has_problems", 1);
        r->status = 400;
        return 0;
    }
    json_decref(problems);

    /* The very decision a new signal gets: same function, same day. */
    struct signal_route route;
    if (signal_route(d, r->a, cat_id, wijk_id, type, channel, today, &route) != 0)
        return -1;
    const char *target = T(r, "(verdwenen afdeling)");
    struct organisation *og;
    if (org_list(d, r->a, NULL, &og, &n) != DB_OK)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (og[i].id == route.org_id)
            target = og[i].name;
    json_t *res = json_object();
    ctx_str(res, "target", target);
    struct user_row u;
    if (route.user_id && user_row_by_id(d, r->a, route.user_id, &u) == DB_OK)
        ctx_str(res, "regisseur", u.name);
    ctx_bool(res, "confidential", route.confidential);
    ctx_bool(res, "default_queue", route.rule_id == 0);
    for (size_t i = 0; i < nru; i++)
        if (ru[i].id == route.rule_id) {
            json_t *o = json_object();
            rule_row_fields(r, o, &ru[i]);
            json_object_set_new(res, "rule", o);
        }
    json_object_set_new(ctx, "test_result", res);
    return 0;
}

/* The routing page: the rules in a compact list, each linking to its own
 * page, the tester and the new rule form. from_form: the new rule form was
 * sent and comes back as typed, with the error. */
static void routing_page(struct req *r, db *d, int from_form, const char *error)
{
    const char *today = web_today(r);
    struct routing_rule *ru, *ended;
    size_t n, nended;
    if (routing_rule_list(d, r->a, today, &ru, &n) != DB_OK ||
        routing_rule_list_ended(d, r->a, today, ENDED_RULES_SHOWN, &ended, &nended) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    json_t *rows = json_array();
    int last = 0, nbroken = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        rule_row_fields(r, o, &ru[i]);
        json_array_append_new(rows, o);
        if (ru[i].position > last)
            last = ru[i].position;
        nbroken += ru[i].broken;
    }
    json_t *old = json_array();
    for (size_t i = 0; i < nended; i++) {
        json_t *o = json_object();
        rule_row_fields(r, o, &ended[i]);
        json_array_append_new(old, o);
    }
    json_t *ctx = json_object();
    json_object_set_new(ctx, "rules", rows);
    json_object_set_new(ctx, "ended", old);
    ctx_bool(ctx, "has_ended", nended > 0);
    ctx_int(ctx, "nbroken", nbroken);
    ctx_bool(ctx, "has_broken", nbroken > 0);
    ctx_str(ctx, "position_value",
            from_form
                ? req_field(r, "position")
                : arena_printf(r->a, "%d",
                               last + 10 > RULE_POSITION_MAX ? RULE_POSITION_MAX : last + 10));
    if (rule_form_options(r, d, ctx, from_form) != 0) {
        json_decref(ctx);
        resp_error(r, 500);
        return;
    }
    if (routing_tester(r, d, ctx, ru, n) != 0) {
        json_decref(ctx);
        resp_error(r, 500);
        return;
    }
    ctx_str(ctx, "error", error);
    render_page(r, "pages/admin_routing", ctx);
}

void page_admin_routing(struct req *r)
{
    db *d = web_db(r);
    if (d)
        routing_page(r, d, 0, NULL);
}

/* Whether the ids of a parsed rule name things that exist and are in use. */
static const char *rule_refs_problem(struct req *r, db *d, const struct rule_values *v)
{
    const char *today = web_today(r);
    if (v->category_id) {
        struct category c, p;
        if (category_get(d, r->a, v->category_id, &c) != DB_OK)
            return N_("Kies een categorie uit de lijst.");
        if (!c.active ||
            (c.parent_id && (category_get(d, r->a, c.parent_id, &p) != DB_OK || !p.active)))
            return N_("Deze categorie is niet actief. Kies een actieve categorie.");
    }
    if (v->area_id) {
        struct wijk *w;
        size_t n;
        int found = 0;
        if (area_list_wijken(d, r->a, today, 0, &w, &n) == DB_OK)
            for (size_t i = 0; i < n && !found; i++)
                found = w[i].id == v->area_id;
        if (!found)
            return N_("Kies een wijk uit de lijst.");
    }
    if (v->region_id) {
        struct region rg;
        if (area_region_by_id(d, r->a, v->region_id, today, &rg) != DB_OK)
            return N_("Kies een regio uit de lijst.");
    }
    if (v->target_org_id) {
        struct organisation *og;
        size_t n;
        int found = 0;
        if (org_list(d, r->a, NULL, &og, &n) == DB_OK)
            for (size_t i = 0; i < n && !found; i++)
                found = og[i].id == v->target_org_id && strcmp(og[i].kind, "partner") != 0;
        if (!found)
            return N_("Kies waar de melding heen gaat.");
    }
    return NULL;
}

void page_admin_routing_new_post(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    const char *today = web_today(r);
    struct rule_form f = {
        .category = req_field(r, "category"),
        .wijk = req_field(r, "wijk"),
        .region = req_field(r, "region"),
        .type = req_field(r, "type"),
        .channel = req_field(r, "channel"),
        .target = req_field(r, "target"),
        .position = req_field(r, "position"),
    };
    struct rule_values v;
    const char *problem = rule_validate(&f, &v);
    if (!problem)
        problem = rule_refs_problem(r, d, &v);
    if (problem) {
        r->status = 400;
        routing_page(r, d, 1, T(r, problem));
        return;
    }
    struct routing_rule nr;
    memset(&nr, 0, sizeof nr);
    nr.position = v.position;
    nr.category_id = v.category_id;
    nr.area_id = v.area_id;
    nr.region_id = v.region_id;
    nr.type = v.type;
    nr.channel = v.channel;
    nr.target_kind = v.target_kind;
    nr.target_org_id = v.target_org_id;
    nr.active = 1;
    int64_t id = 0;
    struct routing_rule after;
    if (db_begin_write(d) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    if (routing_rule_make_room(d, v.position, 0, today) != DB_OK ||
        routing_rule_add(d, &nr, today, &id) != DB_OK ||
        routing_rule_get(d, r->a, id, today, &after) != DB_OK) {
        db_rollback(d);
        resp_error(r, 500);
        return;
    }
    web_audit(r, d, "create", "routing_rule", id, NULL, rule_json(&after));
    web_commit_redirect(r, d, "saved", "/beheer/routering");
}

/* One rule's page: what it decides, its position and whether it is on,
 * and ending it. problem: the position's message (the form comes back as
 * typed, GOV.UK's error pattern). */
static void rule_page(struct req *r, const struct routing_rule *ru, const char *today,
                      const char *problem)
{
    json_t *ctx = json_object(), *o = json_object();
    rule_row_fields(r, o, ru);
    json_object_set_new(ctx, "rule", o);
    ctx_int(ctx, "id", ru->id);
    ctx_int(ctx, "position", ru->position);
    ctx_str(ctx, "csrf", req_csrf(r));
    ctx_bool(ctx, "ended", ru->valid_to && strcmp(ru->valid_to, today) <= 0);
    ctx_str(ctx, "position_value",
            problem ? req_field(r, "position") : arena_printf(r->a, "%d", ru->position));
    ctx_bool(ctx, "active_value", problem ? req_field(r, "active") != NULL : ru->active);
    if (problem) {
        ctx_str(ctx, "error_position", problem);
        json_object_set_new(ctx, "problems",
                            json_pack("[{s:s,s:s}]", "anchor", "position", "message", problem));
        ctx_bool(ctx, "has_problems", 1);
    }
    render_page(r, "pages/admin_routing_rule", ctx);
}

void page_admin_routing_rule(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    const char *today = web_today(r);
    struct routing_rule ru;
    long long id = web_parse_id(req_param(r, 0));
    if (!id || routing_rule_get(d, r->a, id, today, &ru) != DB_OK) {
        resp_error(r, 404);
        return;
    }
    rule_page(r, &ru, today, NULL);
}

void page_admin_routing_rule_post(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    const char *today = web_today(r);
    struct routing_rule ru;
    long long id = web_parse_id(req_param(r, 0));
    if (!id || routing_rule_get(d, r->a, id, today, &ru) != DB_OK) {
        resp_error(r, 404);
        return;
    }
    if (ru.valid_to && strcmp(ru.valid_to, today) <= 0) {
        /* the page says it is ended and offers no form */
        r->status = 400;
        rule_page(r, &ru, today, NULL);
        return;
    }
    const char *act = req_field(r, "action");
    int end = act && strcmp(act, "end") == 0;
    int position = ru.position, active = req_field(r, "active") != NULL;
    if (!end) {
        const char *problem = rule_position_parse(req_field(r, "position"), &position);
        if (problem) {
            r->status = 400;
            rule_page(r, &ru, today, T(r, problem));
            return;
        }
    }
    if (db_begin_write(d) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    struct routing_rule before, after;
    int ok = routing_rule_get(d, r->a, id, today, &before) == DB_OK;
    if (end)
        ok = ok && routing_rule_end(d, id, today) == DB_OK;
    else
        ok = ok &&
             (position == before.position ||
              routing_rule_make_room(d, position, id, today) == DB_OK) &&
             routing_rule_update(d, id, position, active) == DB_OK;
    ok = ok && routing_rule_get(d, r->a, id, today, &after) == DB_OK;
    if (!ok) {
        db_rollback(d);
        resp_error(r, 500);
        return;
    }
    web_audit(r, d, end ? "end" : "update", "routing_rule", id, rule_json(&before),
              rule_json(&after));
    web_commit_redirect(r, d, "saved", "/beheer/routering");
}
