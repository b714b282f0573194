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
    struct focus_area *areas;
    size_t nareas;
    struct focus_act *acts;
    size_t nacts;
    struct focus_partner_row *parts;
    size_t nparts;
    struct focus_text *texts;
    size_t ntexts;
    if (focus_areas(d, r->a, id, web_today(r), &areas, &nareas) != DB_OK ||
        focus_actions(d, r->a, id, &acts, &nacts) != DB_OK ||
        focus_partners(d, r->a, id, &parts, &nparts) != DB_OK ||
        focus_texts(d, r->a, id, &texts, &ntexts) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    json_t *ctx = json_object();
    json_t *fp = focus_web_summary_json(r, &f);
    ctx_str(fp, "status_sentence", T(r, status_sentence(f.status)));
    ctx_str(fp, "start", fmt_date(r, f.period_start));
    ctx_str(fp, "end", fmt_date(r, f.period_end));
    json_object_set_new(ctx, "fp", fp);

    /* the wijken link to their pages; a buurt is named */
    json_t *al = json_array();
    for (size_t i = 0; i < nareas; i++) {
        json_t *o = json_object();
        ctx_str(o, "name", areas[i].name);
        bool wijk = strcmp(areas[i].kind, "wijk") == 0;
        ctx_bool(o, "buurt", !wijk);
        if (wijk && areas[i].slug)
            ctx_str(o, "url", arena_printf(r->a, "/wijken/%s", areas[i].slug));
        json_array_append_new(al, o);
    }
    json_object_set_new(ctx, "places", al);

    json_t *goals = focus_web_goals_json(r, d, id);
    ctx_bool(ctx, "has_goals", json_array_size(goals) > 0);
    json_object_set_new(ctx, "goals", goals);

    const char *today = web_today(r);
    json_t *xl = json_array();
    for (size_t i = 0; i < nacts; i++) {
        json_t *o = json_object();
        ctx_str(o, "title", acts[i].title);
        ctx_str(o, "owner", acts[i].owner_name ? acts[i].owner_name : acts[i].owner_text);
        const char *ok = focus_label(focus_owner_kinds, acts[i].owner_kind);
        ctx_str(o, "owner_kind", ok ? T(r, ok) : acts[i].owner_kind);
        ctx_str(o, "due", acts[i].due_on ? fmt_date(r, acts[i].due_on) : NULL);
        const char *sl = focus_label(focus_action_statuses, acts[i].status);
        ctx_str(o, "status_label", sl ? T(r, sl) : acts[i].status);
        ctx_bool(o, "overdue", focus_action_overdue(acts[i].status, acts[i].due_on, today));
        json_array_append_new(xl, o);
    }
    ctx_bool(ctx, "has_actions", nacts > 0);
    json_object_set_new(ctx, "actions", xl);

    json_t *pl = json_array();
    for (size_t i = 0; i < nparts; i++)
        json_array_append_new(
            pl, json_pack("{s:s,s:s?}", "name", parts[i].name, "role", parts[i].role));
    ctx_bool(ctx, "has_partners", nparts > 0);
    json_object_set_new(ctx, "partners", pl);

    if (ntexts > 0)
        json_object_set_new(ctx, "report",
                            json_pack("{s:i,s:s}", "year", texts[0].year, "text", texts[0].text));
    r->cacheable_public = true;
    render_page(r, "pages/focuspunt", ctx);
}
