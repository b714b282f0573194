/*
 * knowledge.c: a wijk's knowledge page for the counter's staff
 * (/werk/wijken/{slug}/kennis): who is who in the wijkteam, the current
 * focus points, the open initiatives, and what the wijkregisseur writes
 * down (frequent questions with their answers, projects, meetings), with
 * the form to add, change and remove those (domain/knowledge.c has the
 * rules).
 */
#include "web.h"
#include "render.h"

#include "domain/focus.h"
#include "domain/initiative.h"
#include "domain/knowledge.h"
#include "domain/policy.h"
#include "lib/markdown.h"
#include "store/area_store.h"
#include "store/initiative_store.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

const char *web_markdown(struct req *r, const char *text, int heading_base)
{
    buf b;
    buf_init(&b, 1 << 20);
    const char *out = "";
    if (markdown_html(&b, text, text ? strlen(text) : 0, heading_base) == 0 && b.data)
        out = arena_strndup(r->a, b.data, b.len);
    buf_free(&b);
    return out;
}

/* The wijk of the path, or an answer (404/500) and false. */
static bool load_wijk(struct req *r, db *d, struct wijk *w)
{
    int rc = area_get_wijk(d, r->a, req_param(r, 0), web_today(r), 0, w);
    if (rc != DB_OK)
        resp_error(r, rc == DB_NOTFOUND ? 404 : 500);
    return rc == DB_OK;
}

static const char *base_url(struct req *r, const struct wijk *w)
{
    return arena_printf(r->a, "/werk/wijken/%s/kennis", w->slug);
}

static json_t *team_json(struct req *r, db *d, const struct wijk *w)
{
    struct knowledge_member *m;
    size_t n;
    json_t *list = json_array();
    if (knowledge_team_list(d, r->a, w->id, w->region_id, &m, &n) != DB_OK)
        return list;
    for (size_t i = 0; i < n; i++) {
        int role = role_from_string(m[i].role);
        json_t *o = json_object();
        ctx_str(o, "name", m[i].name);
        ctx_str(o, "role", role >= 0 ? T(r, role_label((enum role)role)) : m[i].role);
        ctx_str(o, "email", m[i].email && *m[i].email ? m[i].email : NULL);
        json_array_append_new(list, o);
    }
    return list;
}

static json_t *focus_json(struct req *r, db *d, const struct wijk *w)
{
    struct focuspunt *f;
    size_t n;
    json_t *list = json_array();
    if (area_list_focuspunten(d, r->a, w->id, &f, &n) != DB_OK)
        return list;
    bool staff_view = policy_allows(r->user, ACT_FOCUS_VIEW, NULL);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(f[i].status, "afgerond") == 0 || strcmp(f[i].status, "gestopt") == 0)
            continue;
        json_t *o = json_object();
        ctx_str(o, "code", fmt_focus_code(r, f[i].number, f[i].period_start));
        ctx_str(o, "title", f[i].title);
        const char *label = focus_label(focus_statuses, f[i].status);
        ctx_str(o, "status", label ? T(r, label) : f[i].status);
        ctx_str(o, "url",
                arena_printf(r->a, staff_view ? "/werk/focuspunten/%lld" : "/focuspunten/%lld",
                             (long long)f[i].id));
        json_array_append_new(list, o);
    }
    return list;
}

static json_t *initiatives_json(struct req *r, db *d, const struct wijk *w)
{
    struct initiative_filter f = {.wijk_id = w->id, .on = web_today(r), .open_only = true};
    struct initiative_row *rows;
    size_t n;
    json_t *list = json_array();
    if (initiative_list(d, r->a, &f, 50, &rows, &n) != DB_OK)
        return list;
    struct scope_target t = {.region_id = w->region_id};
    bool may_open = policy_allows(r->user, ACT_INITIATIVE_LIST, &t);
    for (size_t i = 0; i < n; i++) {
        int st = initiative_state_from(rows[i].state);
        json_t *o = json_object();
        ctx_str(o, "title", rows[i].title);
        ctx_str(o, "state",
                st >= 0 ? T(r, initiative_state_label((enum initiative_state)st)) : rows[i].state);
        if (may_open)
            ctx_str(o, "url", arena_printf(r->a, "/initiatieven/%lld", (long long)rows[i].id));
        json_array_append_new(list, o);
    }
    return list;
}

void page_knowledge(struct req *r)
{
    db *d = web_db(r);
    struct wijk w;
    if (!d || !load_wijk(r, d, &w))
        return;
    struct knowledge_row *k;
    size_t nk;
    if (knowledge_list(d, r->a, w.id, &k, &nk) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    const char *today = web_today(r);
    bool can_edit = knowledge_may_edit(r->user, w.region_id);
    const char *base = base_url(r, &w);
    json_t *ctx = json_object();
    ctx_str(ctx, "wijk", w.name);
    ctx_str(ctx, "slug", w.slug);
    ctx_str(ctx, "region", w.region_name);
    ctx_str(ctx, "regisseur", w.regisseur);
    ctx_str(ctx, "base", base);
    ctx_str(ctx, "public_url", arena_printf(r->a, "/wijken/%s", w.slug));
    ctx_bool(ctx, "can_edit", can_edit);

    json_t *team = team_json(r, d, &w);
    ctx_bool(ctx, "has_team", json_array_size(team) > 0);
    json_object_set_new(ctx, "team", team);
    json_object_set_new(ctx, "functions", web_wijk_functions(r, d, &w));
    json_t *focus = focus_json(r, d, &w);
    ctx_bool(ctx, "has_focus", json_array_size(focus) > 0);
    json_object_set_new(ctx, "focus", focus);
    json_t *ini = initiatives_json(r, d, &w);
    ctx_bool(ctx, "has_initiatives", json_array_size(ini) > 0);
    json_object_set_new(ctx, "initiatives", ini);

    json_t *questions = json_array(), *projects = json_array(), *meetings = json_array();
    for (size_t i = 0; i < nk; i++) {
        json_t *o = json_object();
        ctx_int(o, "id", k[i].id);
        ctx_str(o, "title", k[i].title);
        ctx_str(o, "body_trusted", web_markdown(r, k[i].body, 4));
        ctx_str(o, "date", k[i].date ? fmt_date(r, k[i].date) : NULL);
        ctx_bool(o, "past", k[i].date && strcmp(k[i].date, today) < 0);
        ctx_str(o, "by", k[i].updated_by_name);
        if (can_edit)
            ctx_str(o, "edit_url", arena_printf(r->a, "%s/%lld", base, (long long)k[i].id));
        json_t *to = strcmp(k[i].kind, "vraag") == 0     ? questions
                     : strcmp(k[i].kind, "project") == 0 ? projects
                                                         : meetings;
        json_array_append_new(to, o);
    }
    ctx_bool(ctx, "has_questions", json_array_size(questions) > 0);
    ctx_bool(ctx, "has_projects", json_array_size(projects) > 0);
    ctx_bool(ctx, "has_meetings", json_array_size(meetings) > 0);
    json_object_set_new(ctx, "questions", questions);
    json_object_set_new(ctx, "projects", projects);
    json_object_set_new(ctx, "meetings", meetings);
    render_page(r, "pages/werk_kennis", ctx);
}

/* --- the form ---------------------------------------------------------------------------- */

static void read_form(struct req *r, struct knowledge_input *in)
{
    in->kind = req_field(r, "kind");
    in->title = req_field(r, "title");
    in->body = req_field(r, "body");
    in->date = web_date_field(r, "date");
    in->position = req_field(r, "position");
}

static void form_page(struct req *r, const struct wijk *w, int64_t id,
                      const struct knowledge_input *in, const struct knowledge_problem *p,
                      size_t np)
{
    const char *base = base_url(r, w);
    json_t *ctx = json_object();
    ctx_str(ctx, "wijk", w->name);
    ctx_str(ctx, "base", base);
    ctx_str(ctx, "action",
            id ? arena_printf(r->a, "%s/%lld", base, (long long)id)
               : arena_printf(r->a, "%s/nieuw", base));
    if (id)
        ctx_str(ctx, "delete_action",
                arena_printf(r->a, "%s/%lld/verwijderen", base, (long long)id));
    ctx_str(ctx, "title", id ? T(r, "Tekst bewerken") : T(r, "Tekst toevoegen"));
    json_t *kinds = json_array();
    for (size_t i = 0; knowledge_kinds[i].code; i++)
        json_array_append_new(
            kinds, json_pack("{s:s,s:s,s:b}", "code", knowledge_kinds[i].code, "label",
                             T(r, knowledge_kinds[i].label), "selected",
                             in->kind && strcmp(in->kind, knowledge_kinds[i].code) == 0));
    json_object_set_new(ctx, "kinds", kinds);
    json_t *v = json_object();
    ctx_str(v, "title", in->title ? in->title : "");
    ctx_str(v, "body", in->body ? in->body : "");
    ctx_str(v, "date", in->date ? web_date_typed(r, in->date) : "");
    ctx_str(v, "position", in->position ? in->position : "");
    json_object_set_new(ctx, "v", v);
    json_t *problems = json_array(), *err = json_object();
    for (size_t i = 0; i < np; i++) {
        json_array_append_new(problems, json_pack("{s:s,s:s}", "anchor",
                                                  arena_printf(r->a, "k-%s", p[i].field), "message",
                                                  T(r, p[i].msgid)));
        if (!json_object_get(err, p[i].field))
            ctx_str(err, p[i].field, T(r, p[i].msgid));
    }
    ctx_bool(ctx, "has_problems", np > 0);
    json_object_set_new(ctx, "problems", problems);
    json_object_set_new(ctx, "err", err);
    render_page(r, "pages/werk_kennis_form", ctx);
}

/* The wijk, when r's user may edit its page; else an answer and false. */
static bool load_for_edit(struct req *r, db *d, struct wijk *w)
{
    if (!load_wijk(r, d, w))
        return false;
    if (!knowledge_may_edit(r->user, w->region_id)) {
        resp_error(r, 403);
        return false;
    }
    return true;
}

void page_knowledge_new(struct req *r)
{
    db *d = web_db(r);
    struct wijk w;
    if (!d || !load_for_edit(r, d, &w))
        return;
    const char *kind = req_query(r, "soort");
    struct knowledge_input in = {
        .kind = knowledge_kind_label(kind) ? kind : "vraag",
        .date = strcmp(knowledge_kind_label(kind) ? kind : "vraag", "vraag") == 0 ? web_today(r)
                                                                                  : NULL};
    form_page(r, &w, 0, &in, NULL, 0);
}

static void save(struct req *r, int64_t id)
{
    db *d = web_db(r);
    struct wijk w;
    if (!d || !load_for_edit(r, d, &w))
        return;
    struct knowledge_row old;
    if (id && knowledge_get(d, r->a, w.id, id, &old) != DB_OK) {
        resp_error(r, 404);
        return;
    }
    struct knowledge_input in;
    read_form(r, &in);
    const char *today = web_today(r);
    struct knowledge_problem p[KNOWLEDGE_MAX_PROBLEMS];
    size_t np = knowledge_validate(&in, today, p);
    if (np) {
        r->status = 400;
        form_page(r, &w, id, &in, p, np);
        return;
    }
    if (db_begin_write(d) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    char changed[128];
    int64_t saved = 0;
    if (knowledge_save(d, w.id, id, &in, today, r->user->id, (int64_t)time(NULL), &saved, changed,
                       sizeof changed) != DB_OK) {
        db_rollback(d);
        resp_error(r, 500);
        return;
    }
    /* the audit names the wijk, the kind and which fields changed, not their text */
    json_t *after = json_pack("{s:s,s:s}", "wijk", w.slug, "kind", in.kind);
    if (id) {
        json_t *fields = json_array();
        for (char *f = changed, *end; *f; f = *end ? end + 1 : end) {
            end = strchr(f, ',');
            if (!end)
                end = f + strlen(f);
            json_array_append_new(fields, json_stringn(f, (size_t)(end - f)));
        }
        json_object_set_new(after, "changed", fields);
    }
    web_audit(r, d, id ? "update" : "create", "wijk_knowledge", saved, NULL, after);
    web_commit_redirect(r, d, "saved", base_url(r, &w));
}

void page_knowledge_new_post(struct req *r)
{
    save(r, 0);
}

void page_knowledge_edit(struct req *r)
{
    db *d = web_db(r);
    struct wijk w;
    if (!d || !load_for_edit(r, d, &w))
        return;
    long long id = web_parse_id(req_param(r, 1));
    struct knowledge_row k;
    int rc = id > 0 ? knowledge_get(d, r->a, w.id, id, &k) : DB_NOTFOUND;
    if (rc != DB_OK) {
        resp_error(r, rc == DB_NOTFOUND ? 404 : 500);
        return;
    }
    char pos[8];
    snprintf(pos, sizeof pos, "%d", k.position);
    struct knowledge_input in = {.kind = k.kind,
                                 .title = k.title,
                                 .body = k.body,
                                 .date = k.date,
                                 .position = arena_strdup(r->a, pos)};
    form_page(r, &w, k.id, &in, NULL, 0);
}

void page_knowledge_edit_post(struct req *r)
{
    long long id = web_parse_id(req_param(r, 1));
    if (id <= 0) {
        resp_error(r, 404);
        return;
    }
    save(r, id);
}

void page_knowledge_delete_post(struct req *r)
{
    db *d = web_db(r);
    struct wijk w;
    if (!d || !load_for_edit(r, d, &w))
        return;
    long long id = web_parse_id(req_param(r, 1));
    struct knowledge_row k;
    int rc = id > 0 ? knowledge_get(d, r->a, w.id, id, &k) : DB_NOTFOUND;
    if (rc != DB_OK) {
        resp_error(r, rc == DB_NOTFOUND ? 404 : 500);
        return;
    }
    if (db_begin_write(d) != DB_OK || knowledge_delete(d, w.id, k.id) != DB_OK) {
        db_rollback(d);
        resp_error(r, 500);
        return;
    }
    web_audit(r, d, "delete", "wijk_knowledge", k.id, NULL,
              json_pack("{s:s,s:s}", "wijk", w.slug, "kind", k.kind));
    web_commit_redirect(r, d, "deleted", base_url(r, &w));
}
