/*
 * backoffice.c: the start page for staff, made for their role, and the
 * overview of departments and partners.
 *
 * Each role starts from what it works on: a wijkregisseur from the wijken
 * and focus points of the region, the counter from where to send what, a
 * department from its own queue and colleagues, the care network from its
 * partners, the alderman from the regions, a council member from the city
 * overview, the administrator from the accounts and settings.
 */
#include "web.h"

#include "domain/policy.h"
#include "domain/signal.h"
#include "domain/user.h"
#include "store/area_store.h"
#include "store/org_store.h"
#include "store/signal_store.h"
#include "store/user_store.h"
#include "web/render.h"

#include <string.h>
#include <time.h>

static const char *region_name(struct region *rg, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (rg[i].id == id)
            return rg[i].name;
    return NULL;
}

static const char *org_name(struct organisation *o, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (o[i].id == id)
            return o[i].name;
    return NULL;
}

static json_t *wijk_rows(struct req *r, struct wijk *w, size_t n, int64_t region_id,
                         long long *total)
{
    json_t *arr = json_array();
    *total = 0;
    for (size_t i = 0; i < n; i++) {
        if (region_id && w[i].region_id != region_id)
            continue;
        json_t *o = json_object();
        ctx_str(o, "name", w[i].name);
        ctx_str(o, "code", w[i].code);
        ctx_str(o, "url", arena_printf(r->a, "/wijken/%s", w[i].slug));
        ctx_str(o, "inhabitants_fmt", w[i].inhabitants >= 0 ? fmt_number(r, w[i].inhabitants) : "");
        ctx_str(o, "region_name", w[i].region_name);
        ctx_str(o, "regisseur", w[i].regisseur);
        ctx_int(o, "focus_count", w[i].focus_count);
        ctx_str(o, "focus_url", arena_printf(r->a, "/werk/focuspunten?wijk=%s", w[i].slug));
        ctx_str(o, "inventory_url", arena_printf(r->a, "/werk/inventarisatie/%s", w[i].slug));
        if (w[i].inhabitants > 0)
            *total += w[i].inhabitants;
        json_array_append_new(arr, o);
    }
    return arr;
}

/* The process guard's counts of a region's open signals by department and
 * by wijk, each figure a link to the list it counts (the region kept). */
static void guard_counts(struct req *r, db *d, json_t *o, int64_t region_id, int64_t now)
{
    static const char *const keys[2] = {"by_department", "by_wijk"};
    for (int by = SIGNAL_BY_DEPARTMENT; by <= SIGNAL_BY_WIJK; by++) {
        struct signal_group_count *c;
        size_t n;
        if (signal_region_counts(d, r->a, region_id, (enum signal_grouping)by, now,
                                 !signal_in_care_network(r->user), &c, &n) != DB_OK)
            continue;
        json_t *rows = json_array();
        for (size_t i = 0; i < n; i++) {
            json_t *row = json_object();
            ctx_str(row, "name", c[i].name ? c[i].name : T(r, "Geen afdeling"));
            ctx_str(row, "open", fmt_number(r, c[i].open));
            ctx_str(row, "overdue", fmt_number(r, c[i].overdue));
            if (c[i].id) {
                const char *base =
                    by == SIGNAL_BY_WIJK
                        ? arena_printf(r->a, "/werk/meldingen?regio=%lld&wijk=%lld&afdeling=",
                                       (long long)region_id, (long long)c[i].id)
                        : arena_printf(r->a, "/werk/meldingen?regio=%lld&afdeling=%lld",
                                       (long long)region_id, (long long)c[i].id);
                ctx_str(row, "open_url", base);
                ctx_str(row, "overdue_url", arena_printf(r->a, "%s&te_laat=1", base));
            }
            json_array_append_new(rows, row);
        }
        json_object_set_new(o, keys[by], rows);
    }
    ctx_str(o, "open_url",
            arena_printf(r->a, "/werk/meldingen?regio=%lld&afdeling=", (long long)region_id));
    ctx_int(o, "region_id", region_id);
}

void page_work(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    const char *today = web_today(r);
    struct region *rg = NULL;
    size_t nrg = 0;
    struct wijk *w = NULL;
    size_t nw = 0;
    struct organisation *orgs = NULL;
    size_t norg = 0;
    if (area_list_regions(d, r->a, today, &rg, &nrg) != DB_OK ||
        area_list_wijken(d, r->a, today, 0, &w, &nw) != DB_OK ||
        org_list(d, r->a, NULL, &orgs, &norg) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    json_t *ctx = json_object();
    const struct user *u = r->user;

    /* What the user works as, in words. */
    json_t *roles = json_array();
    for (size_t i = 0; i < u->nroles; i++) {
        const struct user_role *ur = &u->roles[i];
        json_t *o = json_object();
        ctx_str(o, "label", T(r, role_label(ur->role)));
        const char *scope = ur->region_id ? region_name(rg, nrg, ur->region_id)
                            : ur->org_id  ? org_name(orgs, norg, ur->org_id)
                                          : NULL;
        ctx_str(o, "scope", scope);
        json_array_append_new(roles, o);
    }
    json_object_set_new(ctx, "roles", roles);

    /* Wijkregisseur and wijkwethouder: their regions with wijken. */
    json_t *my_regions = json_array();
    for (size_t i = 0; i < u->nroles; i++) {
        const struct user_role *ur = &u->roles[i];
        if ((ur->role != ROLE_WIJKREGISSEUR && ur->role != ROLE_WIJKWETHOUDER) || !ur->region_id)
            continue;
        long long total = 0;
        json_t *o = json_object();
        ctx_str(o, "name", region_name(rg, nrg, ur->region_id));
        json_t *rows = wijk_rows(r, w, nw, ur->region_id, &total);
        json_object_set_new(o, "wijken", rows);
        ctx_str(o, "total_fmt", fmt_number(r, total));
        struct focuspunt *f;
        size_t nf;
        json_t *fl = json_array();
        for (size_t k = 0; k < nw; k++) {
            if (w[k].region_id != ur->region_id)
                continue;
            if (area_list_focuspunten(d, r->a, w[k].id, &f, &nf) != DB_OK)
                continue;
            for (size_t j = 0; j < nf; j++) {
                /* a focus point spanning two wijken of the region is listed once */
                int seen = 0;
                for (size_t m = 0; m < json_array_size(fl); m++)
                    if (json_integer_value(json_object_get(json_array_get(fl, m), "id")) == f[j].id)
                        seen = 1;
                if (seen)
                    continue;
                json_t *fo = json_object();
                ctx_int(fo, "id", f[j].id);
                ctx_int(fo, "number", f[j].number);
                ctx_str(fo, "code", fmt_focus_code(r, f[j].number, f[j].period_start));
                ctx_str(fo, "url",
                        arena_printf(r->a, "/werk/focuspunten/%lld", (long long)f[j].id));
                ctx_str(fo, "title", f[j].title);
                ctx_str(fo, "areas", f[j].area_names);
                ctx_str(fo, "period",
                        arena_printf(r->a, "%.4s-%.4s", f[j].period_start, f[j].period_end));
                json_array_append_new(fl, fo);
            }
        }
        json_object_set_new(o, "focuspunten", fl);
        ctx_bool(o, "has_focuspunten", json_array_size(fl) > 0);
        /* The process guard: open signals in the region past their deadline. */
        struct signal_filter sf;
        memset(&sf, 0, sizeof sf);
        sf.status = "open";
        sf.region_id = ur->region_id;
        sf.overdue = 1;
        sf.now = (int64_t)time(NULL);
        sf.hide_confidential_content = 1;
        struct signal *late;
        size_t nlate = 0;
        if (signal_list(d, r->a, &sf, 0, 0, 500, &late, &nlate) == DB_OK) {
            ctx_int(o, "overdue", (long long)nlate);
            ctx_bool(o, "overdue_many", nlate == 500);
            ctx_bool(o, "has_overdue", nlate > 0);
            ctx_str(o, "overdue_url",
                    arena_printf(r->a, "/werk/meldingen?regio=%lld&te_laat=1&afdeling=",
                                 (long long)ur->region_id));
        }
        guard_counts(r, d, o, ur->region_id, sf.now);
        /* and the focus points' actions past their due date */
        json_t *late_actions = web_overdue_actions(r, d, ur->region_id);
        /* the regisseur escalates what is stuck (escalation.c) */
        if (ur->role == ROLE_WIJKREGISSEUR && policy_allows(u, ACT_ESCALATE, NULL)) {
            size_t k;
            json_t *x;
            json_array_foreach(late_actions, k, x)
                ctx_str(x, "escalate_url",
                        arena_printf(r->a, "/werk/escaleren?actie=%lld",
                                     (long long)json_integer_value(json_object_get(x, "id"))));
            json_object_set_new(o, "escalation", web_escalation_guard(r, d, ur->region_id));
        }
        ctx_bool(o, "has_late_actions", json_array_size(late_actions) > 0);
        json_object_set_new(o, "late_actions", late_actions);
        json_array_append_new(my_regions, o);
    }
    json_object_set_new(ctx, "regions", my_regions);
    ctx_bool(ctx, "has_regions", json_array_size(my_regions) > 0);

    /* Counter: where to send what (departments, and the wijkregisseur per wijk). */
    if (user_has_role(u, ROLE_BALIE) || user_has_role(u, ROLE_ONDERSTEUNER)) {
        json_t *deps = json_array();
        for (size_t i = 0; i < norg; i++) {
            if (strcmp(orgs[i].kind, "partner") == 0)
                continue;
            json_t *o = json_object();
            ctx_str(o, "code", orgs[i].code);
            ctx_str(o, "name", orgs[i].name);
            ctx_str(o, "description", orgs[i].description);
            json_array_append_new(deps, o);
        }
        json_object_set_new(ctx, "departments", deps);
        long long total;
        json_object_set_new(ctx, "all_wijken", wijk_rows(r, w, nw, 0, &total));
        ctx_bool(ctx, "is_counter", 1);
    }

    /* Department staff and the care network: their own organisation. */
    json_t *my_orgs = json_array();
    for (size_t i = 0; i < u->nroles; i++) {
        const struct user_role *ur = &u->roles[i];
        if (!ur->org_id || (ur->role != ROLE_AFDELING && ur->role != ROLE_AFDELINGSHOOFD &&
                            ur->role != ROLE_AANVOERDER_WZN))
            continue;
        for (size_t k = 0; k < norg; k++)
            if (orgs[k].id == ur->org_id) {
                json_t *o = json_object();
                ctx_str(o, "name", orgs[k].name);
                ctx_str(o, "code", orgs[k].code);
                ctx_str(o, "description", orgs[k].description);
                ctx_bool(o, "care_network", strcmp(orgs[k].kind, "care_network") == 0);
                json_array_append_new(my_orgs, o);
            }
    }
    json_object_set_new(ctx, "my_orgs", my_orgs);
    ctx_bool(ctx, "keeps_partner_register", policy_allows(u, ACT_PARTNER_REGISTER, NULL));
    /* the head of a department and the wijkwethouder: escalations to decide */
    if (policy_allows(u, ACT_ESCALATION_DECIDE, NULL)) {
        json_t *esc = web_escalations_to_decide(r, d);
        ctx_bool(ctx, "decides_escalations", 1);
        ctx_bool(ctx, "has_escalations_to_decide", json_array_size(esc) > 0);
        json_object_set_new(ctx, "escalations_to_decide", esc);
    }
    /* Departments and partners: the open focus-point actions they own. */
    if (policy_allows(u, ACT_OWN_ACTIONS, NULL)) {
        json_t *acts = web_own_actions(r, d, true);
        ctx_bool(ctx, "owns_actions", 1);
        ctx_bool(ctx, "has_own_actions", json_array_size(acts) > 0);
        json_object_set_new(ctx, "own_actions", acts);
    }
    /* The handler: what partners answered lately to referrals of their signals. */
    json_t *answers = web_referral_answers(r, d);
    ctx_bool(ctx, "has_referral_answers", json_array_size(answers) > 0);
    json_object_set_new(ctx, "referral_answers", answers);
    /* A partner: the signals referred to its organisation that wait for an
     * answer, and the open sub-tasks given to it. */
    if (user_has_role(u, ROLE_PARTNER)) {
        json_t *refs = web_partner_open_referrals(r, d);
        ctx_bool(ctx, "is_partner", 1);
        ctx_bool(ctx, "has_partner_referrals", json_array_size(refs) > 0);
        json_object_set_new(ctx, "partner_referrals", refs);
        json_t *tasks = web_partner_open_tasks(r, d);
        ctx_bool(ctx, "has_partner_tasks", json_array_size(tasks) > 0);
        json_object_set_new(ctx, "partner_tasks", tasks);
    }
    /* The wijkteam: meetings one is invited to; the regisseur keeps it. */
    json_t *wt = web_wijkteam_invited(r, d);
    ctx_bool(ctx, "has_wijkteam_meetings", json_array_size(wt) > 0);
    json_object_set_new(ctx, "wijkteam_meetings", wt);
    ctx_bool(ctx, "keeps_wijkteam", policy_allows(u, ACT_WIJKTEAM_EDIT, NULL));
    /* Department staff, the care network and the counter: the queue of
     * their department, each figure a link to the list it counts. */
    json_t *queues = json_array();
    int64_t now = (int64_t)time(NULL);
    for (size_t i = 0; i < u->nroles; i++) {
        const struct user_role *ur = &u->roles[i];
        if (!ur->org_id || (ur->role != ROLE_AFDELING && ur->role != ROLE_AFDELINGSHOOFD &&
                            ur->role != ROLE_AANVOERDER_WZN && ur->role != ROLE_BALIE))
            continue;
        struct signal_queue q;
        if (signal_queue_counts(d, ur->org_id, u->id, now, !signal_in_care_network(u), &q) != DB_OK)
            continue;
        long long org = (long long)ur->org_id;
        json_t *items = json_array();
        json_array_append_new(
            items,
            json_pack("{s:s,s:s,s:s}", "label", T(r, "Nieuw"), "count", fmt_number(r, q.fresh),
                      "url",
                      arena_printf(r->a, "/werk/meldingen?afdeling=%lld&status=gemeld", org)));
        json_array_append_new(items,
                              json_pack("{s:s,s:s,s:s}", "label", T(r, "Op mijn naam"), "count",
                                        fmt_number(r, q.mine), "url", "/werk/meldingen?mijn=1"));
        json_array_append_new(
            items, json_pack("{s:s,s:s,s:s}", "label", T(r, "Over de termijn"), "count",
                             fmt_number(r, q.overdue), "url",
                             arena_printf(r->a, "/werk/meldingen?afdeling=%lld&te_laat=1", org)));
        json_array_append_new(
            items,
            json_pack(
                "{s:s,s:s,s:s}", "label", T(r, "Wacht op melder"), "count",
                fmt_number(r, q.waiting), "url",
                arena_printf(r->a, "/werk/meldingen?afdeling=%lld&status=wacht_op_melder", org)));
        json_array_append_new(queues, json_pack("{s:s,s:o}", "name",
                                                org_name(orgs, norg, ur->org_id), "items", items));
    }
    json_object_set_new(ctx, "queues", queues);
    ctx_bool(ctx, "can_intake", policy_allows(u, ACT_SIGNAL_INTAKE, NULL));
    ctx_bool(ctx, "has_my_orgs", json_array_size(my_orgs) > 0);
    if (user_has_role(u, ROLE_AANVOERDER_WZN)) {
        json_t *pl = json_array();
        for (size_t i = 0; i < norg; i++)
            if (strcmp(orgs[i].kind, "partner") == 0 && orgs[i].type &&
                (strcmp(orgs[i].type, "care") == 0 || strcmp(orgs[i].type, "welfare") == 0 ||
                 strcmp(orgs[i].type, "youth work") == 0)) {
                json_t *o = json_object();
                ctx_str(o, "name", orgs[i].name);
                json_array_append_new(pl, o);
            }
        ctx_bool(ctx, "has_care_partners", json_array_size(pl) > 0);
        json_object_set_new(ctx, "care_partners", pl);
    }

    /* Council member: the city in figures. */
    if (user_has_role(u, ROLE_RAADSLID)) {
        long long total;
        json_object_set_new(ctx, "city_wijken", wijk_rows(r, w, nw, 0, &total));
        ctx_str(ctx, "city_total_fmt", fmt_number(r, total));
        ctx_bool(ctx, "is_council", 1);
    }

    /* Administrator: accounts and settings. */
    if (policy_allows(u, ACT_USERS_MANAGE, NULL)) {
        struct user *ul;
        size_t nu;
        if (user_list(d, r->a, &ul, &nu) == DB_OK) {
            size_t active = 0;
            for (size_t i = 0; i < nu; i++)
                active += !ul[i].disabled;
            ctx_int(ctx, "user_count", (long long)nu);
            ctx_int(ctx, "user_active", (long long)active);
        }
        ctx_bool(ctx, "is_admin", 1);
    }
    ctx_bool(ctx, "can_org_view", policy_allows(u, ACT_ORG_VIEW, NULL));
    ctx_bool(ctx, "can_methods", policy_allows(u, ACT_METHODS_VIEW, NULL));
    ctx_bool(ctx, "can_stories", policy_allows(u, ACT_STORY_EDIT, NULL));
    ctx_bool(ctx, "can_decide_focus", policy_allows(u, ACT_FOCUS_DECIDE, NULL));
    ctx_bool(ctx, "can_regie", policy_allows(u, ACT_REGIE_LOG, NULL));
    ctx_bool(ctx, "can_meetings", policy_allows(u, ACT_MEETING_EDIT, NULL));
    ctx_bool(ctx, "can_spreekuur", policy_allows(u, ACT_SPREEKUUR_ANSWER, NULL));
    ctx_bool(ctx, "can_spreekuur_balie", policy_allows(u, ACT_SPREEKUUR_INTAKE, NULL));
    /* the knowledge page of every wijk, for whoever works at the counter or in a wijk */
    if (policy_allows(u, ACT_KNOWLEDGE_VIEW, NULL)) {
        /* who works in a region sees its wijken; the counter and the others every wijk */
        bool regional = false;
        for (size_t k = 0; k < u->nroles; k++)
            regional |= u->roles[k].region_id != 0;
        json_t *kl = json_array();
        for (size_t i = 0; i < nw; i++) {
            bool mine = !regional;
            for (size_t k = 0; k < u->nroles && !mine; k++)
                mine = u->roles[k].region_id != 0 && u->roles[k].region_id == w[i].region_id;
            if (!mine)
                continue;
            json_array_append_new(
                kl, json_pack("{s:s,s:s}", "name", w[i].name, "url",
                              arena_printf(r->a, "/werk/wijken/%s/kennis", w[i].slug)));
        }
        json_object_set_new(ctx, "knowledge_wijken", kl);
        ctx_bool(ctx, "can_knowledge", 1);
    }
    /* who reads the monitor reads the reports and the budget too (policy.c) */
    ctx_bool(ctx, "can_budget",
             policy_allows(u, ACT_BUDGET_VIEW, NULL) && policy_allows(u, ACT_MONITOR_VIEW, NULL) &&
                 policy_allows(u, ACT_REPORT_VIEW, NULL));
    ctx_bool(ctx, "can_manage_network", policy_allows(u, ACT_CARE_NETWORK_MANAGE, NULL));
    consult_web_work_into(r, d, ctx);
    render_page(r, "pages/werk", ctx);
}

void page_organisations(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct organisation *o;
    size_t n;
    if (org_list(d, r->a, NULL, &o, &n) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    json_t *deps = json_array(), *parts = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *j = json_object();
        ctx_str(j, "code", o[i].code);
        ctx_str(j, "name", o[i].name);
        ctx_str(j, "description", o[i].description);
        ctx_str(j, "email", o[i].email);
        ctx_str(j, "phone", o[i].phone);
        ctx_str(j, "website", o[i].website);
        ctx_str(j, "type", o[i].type);
        ctx_bool(j, "care_network", strcmp(o[i].kind, "care_network") == 0);
        json_array_append_new(strcmp(o[i].kind, "partner") == 0 ? parts : deps, j);
    }
    json_t *ctx = json_object();
    json_object_set_new(ctx, "departments", deps);
    json_object_set_new(ctx, "partners", parts);
    render_page(r, "pages/organisaties", ctx);
}
