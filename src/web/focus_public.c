/*
 * focus_public.c: the public page of one focus point, /focuspunten/{id},
 * linked from the wijk page. It tells residents in plain words what the
 * focus point is about, what the goals are and how far they have come (a
 * progress bar with the same figure in text), what is being done and by
 * whom, who works on it, and what the wijkregisseur wrote about the last
 * year. Internal notes of actions are not shown. A focus point that is
 * only proposed (voorgesteld) is not public: its page is "not found".
 * Anonymous visitors get the page from the page cache, as the wijk pages.
 */
#include "web.h"
#include "web/focus_web.h"

#include "domain/focus.h"
#include "store/focus_store.h"
#include "web/render.h"

#include <string.h>

/* A sentence in plain words per status (msgids). */
static const char *status_sentence(const char *status)
{
    if (strcmp(status, "vastgesteld") == 0)
        return N_("Het college heeft dit focuspunt gekozen. Het werk begint binnenkort.");
    if (strcmp(status, "lopend") == 0)
        return N_("Het college heeft dit focuspunt gekozen. Het werk is bezig.");
    if (strcmp(status, "afgerond") == 0)
        return N_("Het werk aan dit focuspunt is klaar.");
    return N_("Het werk aan dit focuspunt is gestopt.");
}

void page_focus_public(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    long long id = web_parse_id(req_param(r, 0));
    struct focus_row f;
    int rc = id ? focus_get(d, r->a, id, &f) : DB_NOTFOUND;
    if (rc == DB_OK && !focus_status_public(f.status))
        rc = DB_NOTFOUND;
    if (rc != DB_OK) {
        resp_error(r, rc == DB_NOTFOUND ? 404 : 500);
        return;
    }
    struct focus_web_parts p;
    if (!focus_web_load_parts(r, d, id, &p))
        return;
    json_t *ctx = json_object();
    json_t *fp = focus_web_summary_json(r, &f);
    ctx_str(fp, "status_sentence", T(r, status_sentence(f.status)));
    ctx_str(fp, "start", fmt_date(r, f.period_start));
    ctx_str(fp, "end", fmt_date(r, f.period_end));
    json_object_set_new(ctx, "fp", fp);

    /* the wijken link to their pages; a buurt is named */
    json_t *al = json_array();
    for (size_t i = 0; i < p.nareas; i++) {
        json_t *o = json_object();
        ctx_str(o, "name", p.areas[i].name);
        bool wijk = strcmp(p.areas[i].kind, "wijk") == 0;
        ctx_bool(o, "buurt", !wijk);
        if (wijk && p.areas[i].slug)
            ctx_str(o, "url", arena_printf(r->a, "/wijken/%s", p.areas[i].slug));
        json_array_append_new(al, o);
    }
    json_object_set_new(ctx, "places", al);

    json_t *consults = web_focus_consultations(r, d, id);
    ctx_bool(ctx, "has_consults", json_array_size(consults) > 0);
    json_object_set_new(ctx, "consults", consults);

    json_t *goals = focus_web_goals_json(r, d, id);
    ctx_bool(ctx, "has_goals", json_array_size(goals) > 0);
    json_object_set_new(ctx, "goals", goals);

    const char *today = web_today(r);
    json_t *xl = json_array();
    for (size_t i = 0; i < p.nacts; i++) {
        json_t *o = json_object();
        ctx_str(o, "title", p.acts[i].title);
        ctx_str(o, "owner", p.acts[i].owner_name ? p.acts[i].owner_name : p.acts[i].owner_text);
        const char *ok = focus_label(focus_owner_kinds, p.acts[i].owner_kind);
        ctx_str(o, "owner_kind", ok ? T(r, ok) : p.acts[i].owner_kind);
        ctx_str(o, "due", p.acts[i].due_on ? fmt_date(r, p.acts[i].due_on) : NULL);
        const char *sl = focus_label(focus_action_statuses, p.acts[i].status);
        ctx_str(o, "status_label", sl ? T(r, sl) : p.acts[i].status);
        ctx_bool(o, "overdue", focus_action_overdue(p.acts[i].status, p.acts[i].due_on, today));
        json_array_append_new(xl, o);
    }
    ctx_bool(ctx, "has_actions", p.nacts > 0);
    json_object_set_new(ctx, "actions", xl);

    json_t *pl = json_array();
    for (size_t i = 0; i < p.nparts; i++)
        json_array_append_new(
            pl, json_pack("{s:s,s:s?}", "name", p.parts[i].name, "role", p.parts[i].role));
    ctx_bool(ctx, "has_partners", p.nparts > 0);
    json_object_set_new(ctx, "partners", pl);

    if (p.ntexts > 0)
        json_object_set_new(
            ctx, "report",
            json_pack("{s:i,s:s}", "year", p.texts[0].year, "text", p.texts[0].text));
    r->cacheable_public = true;
    render_page(r, "pages/focuspunt", ctx);
}
