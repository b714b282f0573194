/*
 * partner_edit.c: the netwerkregisseur changes a partner organisation
 * (/werk/partners/organisaties/{id}) and an agreement, or ends it at once
 * (/werk/partners/afspraken/{id}). The rules are in domain/partner.c.
 */
#include "web.h"

#include "domain/partner.h"
#include "web/partner_web.h"
#include "lib/i18n_mark.h"
#include "store/area_store.h"
#include "store/partner_store.h"
#include "web/render.h"

#include <string.h>
#include <time.h>

static bool same(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* --- an organisation ---------------------------------------------------------------- */

static struct partner_org_input org_form(struct req *r)
{
    return (struct partner_org_input){
        .name = req_field(r, "naam"),
        .type = req_field(r, "soort"),
        .description = req_field(r, "omschrijving"),
        .email = req_field(r, "email"),
        .phone = req_field(r, "telefoon"),
        .website = req_field(r, "website"),
    };
}

static const char *const TYPES[][2] = {
    {"", N_("Geen soort")},
    {"housing corporation", N_("Woningcorporatie")},
    {"welfare", N_("Welzijn")},
    {"care", N_("Zorg")},
    {"police", N_("Politie")},
    {"youth work", N_("Jongerenwerk")},
    {"fund", N_("Fonds")},
    {"business", N_("Bedrijf")},
    {"residents group", N_("Bewonersgroep")},
};

/* id 0: a new organisation (/werk/partners/organisaties/nieuw). */
static void org_page(struct req *r, db *d, int64_t id, const struct partner_org_input *in,
                     const struct partner_problems *pr)
{
    struct partner_org_row o = {0};
    int rc = id ? partner_org_get(d, r->a, id, &o) : DB_OK;
    if (rc != DB_OK) {
        resp_error(r, rc == DB_NOTFOUND ? 404 : 500);
        return;
    }
    struct partner_org_input cur = {o.name, o.type, o.description, o.email, o.phone, o.website};
    if (!in)
        in = &cur;
    json_t *ctx = json_object();
    ctx_bool(ctx, "is_new", id == 0);
    ctx_str(ctx, "action",
            id ? arena_printf(r->a, "/werk/partners/organisaties/%lld", (long long)id)
               : "/werk/partners/organisaties/nieuw");
    ctx_int(ctx, "id", (long long)id);
    ctx_str(ctx, "org_name", o.name);
    ctx_str(ctx, "name", in->name);
    ctx_str(ctx, "description", in->description);
    ctx_str(ctx, "email", in->email);
    ctx_str(ctx, "phone", in->phone);
    ctx_str(ctx, "website", in->website);
    json_t *types = json_array();
    for (size_t i = 0; i < sizeof TYPES / sizeof TYPES[0]; i++)
        json_array_append_new(types, json_pack("{s:s,s:s,s:b}", "value", TYPES[i][0], "label",
                                               T(r, TYPES[i][1]), "selected",
                                               same(in->type ? in->type : "", TYPES[i][0])));
    json_object_set_new(ctx, "type_options", types);
    if (pr)
        ctx_form_problems(r, ctx, pr ? pr->p : NULL, pr ? pr->n : 0, "org-");
    render_page(r, "pages/werk_partner_organisatie", ctx);
}

void page_partner_org_new(struct req *r)
{
    db *d = web_db(r);
    if (d)
        org_page(r, d, 0, NULL, NULL);
}

void page_partner_org_new_post(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct partner_org_input in = org_form(r);
    struct partner_problems pr;
    int64_t id = 0;
    enum partner_result res = partner_org_add(d, r->a, r->user, &in, (int64_t)time(NULL), &pr, &id);
    if (res == PARTNER_INVALID) {
        r->status = 400;
        org_page(r, d, 0, &in, &pr);
        return;
    }
    web_partner_answer(r, res, "/werk/partners#organisaties");
}

/* --- a person of the register --------------------------------------------------------- */

static void person_page(struct req *r, db *d, int64_t id, const struct partner_person_input *in,
                        const struct partner_problems *pr)
{
    struct partner_person_row p;
    int rc = partner_person_get(d, r->a, id, &p);
    struct wijk *w = NULL;
    size_t nw = 0;
    if (rc == DB_OK && area_list_wijken(d, r->a, web_today(r), 0, &w, &nw) != DB_OK)
        rc = DB_ERROR;
    if (rc != DB_OK) {
        resp_error(r, rc == DB_NOTFOUND ? 404 : 500);
        return;
    }
    json_t *ctx = json_object();
    ctx_int(ctx, "id", (long long)id);
    ctx_str(ctx, "org", p.org_name);
    ctx_str(ctx, "person_name", p.name);
    ctx_str(ctx, "started", fmt_date(r, p.started_on));
    ctx_str(ctx, "name", in ? in->name : p.name);
    ctx_str(ctx, "role", in ? in->role : p.role);
    ctx_str(ctx, "ended", in ? req_field(r, "einde") : web_date_typed(r, p.ended_on));
    ctx_bool(ctx, "consent", in ? in->consent : p.consent);
    json_t *wo = json_array();
    json_array_append_new(wo, json_pack("{s:s,s:s,s:b}", "value", "", "label",
                                        T(r, "Kies een wijk"), "selected", false));
    for (size_t i = 0; i < nw; i++)
        json_array_append_new(wo, json_pack("{s:s,s:s,s:b}", "value", w[i].slug, "label", w[i].name,
                                            "selected",
                                            in ? same(in->wijk, w[i].slug) : w[i].id == p.area_id));
    json_object_set_new(ctx, "wijk_options", wo);
    if (pr)
        ctx_form_problems(r, ctx, pr->p, pr->n, "person-");
    render_page(r, "pages/werk_partner_persoon", ctx);
}

void page_partner_person(struct req *r)
{
    db *d = web_db(r);
    long long id = d ? web_path_id(r) : 0;
    if (!id)
        return;
    person_page(r, d, id, NULL, NULL);
}

void web_partner_person_change(struct req *r, db *d, int64_t id)
{
    struct partner_person_input in = {
        .name = req_field(r, "naam"),
        .role = req_field(r, "rol"),
        .wijk = req_field(r, "wijk"),
        .ended_on = web_date_field(r, "einde"),
        .consent = req_field(r, "toestemming") != NULL,
    };
    struct partner_problems pr;
    enum partner_result res =
        partner_person_change(d, r->a, r->user, id, &in, web_today(r), (int64_t)time(NULL), &pr);
    if (res == PARTNER_INVALID) {
        r->status = 400;
        person_page(r, d, id, &in, &pr);
        return;
    }
    web_partner_answer(r, res, "/werk/partners#mensen");
}

void page_partner_org(struct req *r)
{
    db *d = web_db(r);
    long long id = d ? web_path_id(r) : 0;
    if (!id)
        return;
    org_page(r, d, id, NULL, NULL);
}

void page_partner_org_post(struct req *r)
{
    db *d = web_db(r);
    long long id = d ? web_path_id(r) : 0;
    if (!id)
        return;
    struct partner_org_input in = org_form(r);
    struct partner_problems pr;
    enum partner_result res =
        partner_org_update(d, r->a, r->user, id, &in, (int64_t)time(NULL), &pr);
    if (res == PARTNER_INVALID) {
        r->status = 400;
        org_page(r, d, id, &in, &pr);
        return;
    }
    web_partner_answer(r, res, "/werk/partners");
}

/* --- an agreement --------------------------------------------------------------------- */

static void agreement_page(struct req *r, db *d, int64_t id,
                           const struct partner_agreement_input *in,
                           const struct partner_problems *pr)
{
    struct partner_agreement_row g;
    struct partner_category_row *cats = NULL;
    size_t ncat = 0;
    int rc = partner_agreement_get(d, r->a, id, &g);
    if (rc != DB_OK) {
        resp_error(r, rc == DB_NOTFOUND ? 404 : 500);
        return;
    }
    if (partner_main_categories(d, r->a, &cats, &ncat) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    const char *cat_now = g.category_id ? arena_printf(r->a, "%lld", (long long)g.category_id) : "";
    struct partner_agreement_input cur = {NULL,         cat_now,       g.told,
                                          g.valid_from, g.valid_until, g.note};
    if (!in)
        in = &cur;
    json_t *ctx = json_object();
    ctx_int(ctx, "id", (long long)id);
    ctx_str(ctx, "org", g.org_name);
    ctx_bool(ctx, "expired", strcmp(g.valid_until, web_today(r)) < 0);
    json_t *co = json_array();
    json_array_append_new(co, json_pack("{s:s,s:s,s:b}", "value", "", "label",
                                        T(r, "Alle zaken die niet vertrouwelijk zijn"), "selected",
                                        !in->category || !*in->category));
    for (size_t i = 0; i < ncat; i++) {
        if (cats[i].confidential)
            continue;
        const char *v = arena_printf(r->a, "%lld", (long long)cats[i].id);
        json_array_append_new(co, json_pack("{s:s,s:s,s:b}", "value", v, "label", cats[i].name,
                                            "selected", same(in->category, v)));
    }
    json_object_set_new(ctx, "category_options", co);
    json_t *a = json_object();
    ctx_bool(a, "contact", same(in->told, "contact"));
    ctx_bool(a, "inhoud", same(in->told, "inhoud"));
    ctx_str(a, "from", web_date_typed(r, in->valid_from));
    ctx_str(a, "until", web_date_typed(r, in->valid_until));
    ctx_str(a, "note", in->note);
    if (pr) {
        ctx_form_problems(r, a, pr ? pr->p : NULL, pr ? pr->n : 0, "agreement-");
        json_object_set(ctx, "problems", json_object_get(a, "problems"));
        ctx_bool(ctx, "has_problems", pr->n > 0);
    }
    json_object_set_new(ctx, "agreement", a);
    render_page(r, "pages/werk_partner_afspraak", ctx);
}

void page_partner_agreement(struct req *r)
{
    db *d = web_db(r);
    long long id = d ? web_path_id(r) : 0;
    if (!id)
        return;
    agreement_page(r, d, id, NULL, NULL);
}

void page_partner_agreement_post(struct req *r)
{
    db *d = web_db(r);
    long long id = d ? web_path_id(r) : 0;
    if (!id)
        return;
    struct partner_agreement_input in = {
        .category = req_field(r, "soort"),
        .told = req_field(r, "vertellen"),
        .valid_from = web_date_field(r, "vanaf"),
        .valid_until = web_date_field(r, "tot"),
        .note = req_field(r, "toelichting"),
    };
    bool end_now = req_field(r, "beeindigen") != NULL;
    struct partner_problems pr;
    enum partner_result res = partner_agreement_update(d, r->a, r->user, id, &in, end_now,
                                                       web_today(r), (int64_t)time(NULL), &pr);
    if (res == PARTNER_INVALID) {
        r->status = 400;
        agreement_page(r, d, id, &in, &pr);
        return;
    }
    web_partner_answer(r, res, "/werk/partners#afspraken");
}
