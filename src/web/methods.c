/*
 * methods.c: the menu of participation methods for colleagues
 * (/werk/methoden): faceted search by goal, group reached and effort (a GET
 * form, no JavaScript needed), a method's page, and the form to add or
 * change one (domain/method.c has the rules).
 */
#include "web.h"
#include "render.h"

#include "domain/method.h"
#include "domain/policy.h"
#include "http/form.h"
#include "store/method_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Options of a facet for a select (first: "any") or for checkboxes. */
static json_t *options(struct req *r, const struct method_code *list, size_t n,
                       const char *const *sel, size_t nsel)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        bool on = false;
        for (size_t k = 0; k < nsel; k++)
            on |= sel[k] && strcmp(sel[k], list[i].code) == 0;
        json_array_append_new(arr, json_pack("{s:s,s:s,s:b}", "code", list[i].code, "label",
                                             T(r, list[i].label), "selected", on));
    }
    return arr;
}

/* "a, b" from codes joined by ',' */
static const char *labels(struct req *r, const struct method_code *list, size_t n,
                          const char *joined)
{
    buf b;
    buf_init(&b, 4096);
    const char *p = joined ? joined : "";
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t l = comma ? (size_t)(comma - p) : strlen(p);
        char code[64];
        snprintf(code, sizeof code, "%.*s", (int)(l < 63 ? l : 63), p);
        const char *lab = method_label(list, n, code);
        if (lab) {
            if (b.len)
                buf_puts(&b, ", ");
            buf_puts(&b, T(r, lab));
        }
        p += l + (comma ? 1 : 0);
    }
    buf_putc(&b, '\0');
    const char *s = arena_strdup(r->a, b.data ? b.data : "");
    buf_free(&b);
    return s;
}

static json_t *method_json(struct req *r, const struct method_row *m)
{
    json_t *o = json_object();
    ctx_int(o, "id", m->id);
    ctx_str(o, "url", arena_printf(r->a, "/werk/methoden/%lld", (long long)m->id));
    ctx_str(o, "name", m->name);
    ctx_str(o, "summary", m->summary);
    ctx_str(o, "good_for", m->good_for);
    ctx_str(o, "effort", T(r, method_label(method_efforts, method_nefforts, m->effort)));
    ctx_str(o, "cost", T(r, method_label(method_costs, method_ncosts, m->cost)));
    ctx_str(o, "goals", labels(r, method_goals, method_ngoals, m->goals));
    ctx_str(o, "groups", labels(r, method_groups, method_ngroups, m->groups));
    return o;
}

/* A facet of the query: NULL when absent or empty; *bad when unknown. */
static const char *facet_query(struct req *r, const char *name, const struct method_code *list,
                               size_t n, bool *bad)
{
    const char *v = req_query(r, name);
    if (!v || !*v)
        return NULL;
    if (!method_label(list, n, v)) {
        *bad = true;
        return NULL;
    }
    return v;
}

void page_methods(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    bool bad_goal = false, bad_group = false, bad_effort = false;
    const char *goal = facet_query(r, "doel", method_goals, method_ngoals, &bad_goal);
    const char *group = facet_query(r, "groep", method_groups, method_ngroups, &bad_group);
    const char *effort = facet_query(r, "inspanning", method_efforts, method_nefforts, &bad_effort);
    struct method_row *m;
    size_t n;
    if (method_list(d, r->a, goal, group, effort, &m, &n) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    json_t *ctx = json_object(), *problems = json_array();
    if (bad_goal)
        json_array_append_new(problems, json_pack("{s:s,s:s}", "anchor", "f-doel", "message",
                                                  T(r, "Kies een doel uit de lijst.")));
    if (bad_group)
        json_array_append_new(problems, json_pack("{s:s,s:s}", "anchor", "f-groep", "message",
                                                  T(r, "Kies een groep uit de lijst.")));
    if (bad_effort)
        json_array_append_new(problems, json_pack("{s:s,s:s}", "anchor", "f-inspanning", "message",
                                                  T(r, "Kies een inspanning uit de lijst.")));
    if (json_array_size(problems))
        r->status = 400;
    ctx_bool(ctx, "has_problems", json_array_size(problems) > 0);
    json_object_set_new(ctx, "problems", problems);
    if (bad_goal)
        ctx_str(ctx, "goal_error", T(r, "Kies een doel uit de lijst."));
    if (bad_group)
        ctx_str(ctx, "group_error", T(r, "Kies een groep uit de lijst."));
    if (bad_effort)
        ctx_str(ctx, "effort_error", T(r, "Kies een inspanning uit de lijst."));
    json_object_set_new(ctx, "goal_options", options(r, method_goals, method_ngoals, &goal, 1));
    json_object_set_new(ctx, "group_options", options(r, method_groups, method_ngroups, &group, 1));
    json_object_set_new(ctx, "effort_options",
                        options(r, method_efforts, method_nefforts, &effort, 1));
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, method_json(r, &m[i]));
    json_object_set_new(ctx, "methods", list);
    ctx_int(ctx, "count", (long long)n);
    ctx_bool(ctx, "filtered", goal || group || effort);
    ctx_bool(ctx, "can_edit", policy_allows(r->user, ACT_METHODS_EDIT, NULL));
    render_page(r, "pages/werk_methoden", ctx);
}

/* Paragraphs of a text separated by blank lines. */
static json_t *paragraphs(const char *s)
{
    json_t *arr = json_array();
    const char *p = s ? s : "";
    while (*p) {
        while (*p == '\n' || *p == '\r')
            p++;
        const char *end = strstr(p, "\n\n");
        const char *crlf = strstr(p, "\r\n\r\n");
        if (crlf && (!end || crlf < end))
            end = crlf;
        size_t l = end ? (size_t)(end - p) : strlen(p);
        if (l)
            json_array_append_new(arr, json_stringn(p, l));
        p += l;
    }
    return arr;
}

static int load(struct req *r, db *d, struct method_row *m)
{
    long long id = web_parse_id(req_param(r, 0));
    int rc = id > 0 ? method_get(d, r->a, id, m) : DB_NOTFOUND;
    if (rc != DB_OK)
        resp_error(r, rc == DB_NOTFOUND ? 404 : 500);
    return rc;
}

void page_method(struct req *r)
{
    db *d = web_db(r);
    struct method_row m;
    if (!d || load(r, d, &m) != DB_OK)
        return;
    json_t *ctx = method_json(r, &m);
    ctx_str(ctx, "reach", m.reach);
    ctx_str(ctx, "accessibility", m.accessibility);
    ctx_str(ctx, "used_where", m.used_where);
    ctx_str(ctx, "contact", m.contact);
    json_t *stories = paragraphs(m.stories);
    ctx_bool(ctx, "has_stories", json_array_size(stories) > 0);
    json_object_set_new(ctx, "stories", stories);
    ctx_bool(ctx, "can_edit", policy_allows(r->user, ACT_METHODS_EDIT, NULL));
    story_method_examples(r, d, m.id, ctx);
    render_page(r, "pages/werk_methode", ctx);
}

/* --- the form -------------------------------------------------------------------------- */

static void read_form(struct req *r, struct method_input *in)
{
    memset(in, 0, sizeof *in);
    in->name = req_field(r, "name");
    in->summary = req_field(r, "summary");
    in->good_for = req_field(r, "good_for");
    in->effort = req_field(r, "effort");
    in->cost = req_field(r, "cost");
    in->reach = req_field(r, "reach");
    in->accessibility = req_field(r, "accessibility");
    in->used_where = req_field(r, "used_where");
    in->contact = req_field(r, "contact");
    in->stories = req_field(r, "stories");
    const struct form_field *all[METHOD_MAX_CODES];
    size_t n = form_get_all(&r->form, "doel", all, METHOD_MAX_CODES);
    for (size_t i = 0; i < n && i < METHOD_MAX_CODES; i++)
        in->goals[in->ngoals++] = all[i]->value ? all[i]->value : "";
    n = form_get_all(&r->form, "groep", all, METHOD_MAX_CODES);
    for (size_t i = 0; i < n && i < METHOD_MAX_CODES; i++)
        in->groups[in->ngroups++] = all[i]->value ? all[i]->value : "";
}

static void from_row(arena *a, const struct method_row *m, struct method_input *in)
{
    memset(in, 0, sizeof *in);
    in->name = m->name;
    in->summary = m->summary;
    in->good_for = m->good_for;
    in->effort = m->effort;
    in->cost = m->cost;
    in->reach = m->reach;
    in->accessibility = m->accessibility;
    in->used_where = m->used_where;
    in->contact = m->contact;
    in->stories = m->stories;
    const char *lists[2] = {m->goals, m->groups};
    for (int k = 0; k < 2; k++) {
        const char *p = lists[k];
        while (p && *p) {
            const char *comma = strchr(p, ',');
            size_t l = comma ? (size_t)(comma - p) : strlen(p);
            const char **dst = k ? in->groups : in->goals;
            size_t *nd = k ? &in->ngroups : &in->ngoals;
            if (*nd < METHOD_MAX_CODES)
                dst[(*nd)++] = arena_printf(a, "%.*s", (int)l, p);
            p += l + (comma ? 1 : 0);
        }
    }
}

static void form_page(struct req *r, const char *action, const char *title,
                      const struct method_input *in, const struct method_problem *p, size_t np)
{
    json_t *ctx = json_object();
    ctx_str(ctx, "action", action);
    ctx_str(ctx, "title", title);
    static const char *const fields[] = {"name",          "summary",    "good_for", "reach",
                                         "accessibility", "used_where", "contact",  "stories"};
    const char *values[] = {in->name,          in->summary,    in->good_for, in->reach,
                            in->accessibility, in->used_where, in->contact,  in->stories};
    json_t *v = json_object();
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        ctx_str(v, fields[i], values[i] ? values[i] : "");
    json_object_set_new(ctx, "v", v);
    json_object_set_new(ctx, "goal_options",
                        options(r, method_goals, method_ngoals, in->goals, in->ngoals));
    json_object_set_new(ctx, "group_options",
                        options(r, method_groups, method_ngroups, in->groups, in->ngroups));
    json_object_set_new(ctx, "effort_options",
                        options(r, method_efforts, method_nefforts, &in->effort, 1));
    json_object_set_new(ctx, "cost_options", options(r, method_costs, method_ncosts, &in->cost, 1));
    json_t *problems = json_array(), *err = json_object();
    for (size_t i = 0; i < np; i++) {
        const char *anchor = arena_printf(r->a, "m-%s", p[i].field);
        json_array_append_new(
            problems, json_pack("{s:s,s:s}", "anchor", anchor, "message", T(r, p[i].msgid)));
        if (!json_object_get(err, p[i].field))
            ctx_str(err, p[i].field, T(r, p[i].msgid));
    }
    ctx_bool(ctx, "has_problems", np > 0);
    json_object_set_new(ctx, "problems", problems);
    json_object_set_new(ctx, "err", err);
    render_page(r, "pages/werk_methode_form", ctx);
}

void page_method_new(struct req *r)
{
    struct method_input in = {0};
    form_page(r, "/werk/methoden/nieuw", T(r, "Methode toevoegen"), &in, NULL, 0);
}

static const char *const TAKEN = N_("Er is al een methode met (bijna) deze naam.");

void page_method_new_post(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct method_input in;
    read_form(r, &in);
    struct method_problem p[METHOD_MAX_PROBLEMS];
    size_t np = method_validate(&in, p);
    int64_t id = 0;
    if (!np) {
        if (db_begin_write(d) != DB_OK) {
            resp_error(r, 500);
            return;
        }
        int rc = method_create(d, &in, r->user->id, (int64_t)time(NULL), &id);
        if (rc == DB_OK) {
            web_audit(r, d, "create", "participation_method", id, NULL,
                      json_pack("{s:s}", "name", in.name));
            web_commit_redirect(r, d, "saved",
                                arena_printf(r->a, "/werk/methoden/%lld", (long long)id));
            return;
        }
        db_rollback(d);
        if (rc != DB_CONSTRAINT) {
            resp_error(r, 500);
            return;
        }
        p[np++] = (struct method_problem){"name", TAKEN};
    }
    r->status = 400;
    form_page(r, "/werk/methoden/nieuw", T(r, "Methode toevoegen"), &in, p, np);
}

void page_method_edit(struct req *r)
{
    db *d = web_db(r);
    struct method_row m;
    if (!d || load(r, d, &m) != DB_OK)
        return;
    struct method_input in;
    from_row(r->a, &m, &in);
    form_page(r, arena_printf(r->a, "/werk/methoden/%lld/bewerken", (long long)m.id),
              arena_printf(r->a, "%s: %s", T(r, "Methode bewerken"), m.name), &in, NULL, 0);
}

void page_method_edit_post(struct req *r)
{
    db *d = web_db(r);
    struct method_row m;
    if (!d || load(r, d, &m) != DB_OK)
        return;
    struct method_input in;
    read_form(r, &in);
    struct method_problem p[METHOD_MAX_PROBLEMS];
    size_t np = method_validate(&in, p);
    if (!np) {
        if (db_begin_write(d) != DB_OK) {
            resp_error(r, 500);
            return;
        }
        if (method_change(d, m.id, &in, r->user->id, (int64_t)time(NULL)) != DB_OK) {
            db_rollback(d);
            resp_error(r, 500);
            return;
        }
        /* the audit records which fields changed, not their text */
        json_t *changed = json_array();
        const char *before[] = {m.name,  m.summary,       m.good_for,   m.effort,  m.cost,
                                m.reach, m.accessibility, m.used_where, m.contact, m.stories};
        const char *after[] = {in.name,  in.summary,       in.good_for,   in.effort,  in.cost,
                               in.reach, in.accessibility, in.used_where, in.contact, in.stories};
        static const char *const names[] = {"name",    "summary", "good_for",      "effort",
                                            "cost",    "reach",   "accessibility", "used_where",
                                            "contact", "stories"};
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
            if (strcmp(before[i] ? before[i] : "", after[i] ? after[i] : "") != 0)
                json_array_append_new(changed, json_string(names[i]));
        web_audit(r, d, "update", "participation_method", m.id, NULL,
                  json_pack("{s:o}", "changed", changed));
        web_commit_redirect(r, d, "saved",
                            arena_printf(r->a, "/werk/methoden/%lld", (long long)m.id));
        return;
    }
    r->status = 400;
    form_page(r, arena_printf(r->a, "/werk/methoden/%lld/bewerken", (long long)m.id),
              arena_printf(r->a, "%s: %s", T(r, "Methode bewerken"), m.name), &in, p, np);
}
