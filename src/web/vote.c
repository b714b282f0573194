/*
 * vote.c: the pages of a consultation's vote. Staff who keep the
 * consultation set it up (/werk/samenspraak/{id}/stemming); a resident
 * votes on the ballot page (/samenspraak/{id}/stemmen); the counter and
 * the organiser enter paper ballots (/werk/samenspraak/{id}/stembiljet);
 * the result shows on the consultation's result page once the vote closed.
 * No page reads who voted together with what was chosen; the audit trail
 * records that a ballot was cast, never its choice. domain/vote.c has the
 * rules.
 */
#include "web.h"
#include "consult_web.h"
#include "render.h"

#include "domain/consult.h"
#include "domain/policy.h"
#include "domain/resident.h"
#include "domain/user.h"
#include "domain/vote.h"
#include "http/form.h"
#include "lib/geocode.h"
#include "lib/money.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *vote_url(struct req *r, int64_t cid)
{
    return arena_printf(r->a, "/samenspraak/%lld/stemmen", (long long)cid);
}

static const char *money_typed(struct req *r, int64_t cents)
{
    char out[MONEY_FMT_MAX];
    money_format(cents, strcmp(r->lang, "en") == 0, out);
    return arena_printf(r->a, "%s", out);
}

/* The vote's facts as the pages show them. */
static json_t *vote_json(struct req *r, const struct consultation_row *c, const struct vote_row *v)
{
    json_t *o = json_object();
    bool budget = vote_is_budget(v);
    ctx_str(o, "url", vote_url(r, c->id));
    ctx_str(o, "result_url", arena_printf(r->a, "/samenspraak/%lld/resultaat", (long long)c->id));
    ctx_bool(o, "budget", budget);
    ctx_str(o, "budget_max", fmt_money(r, v->budget_max));
    ctx_str(o, "budget_min", fmt_money(r, v->budget_min));
    ctx_bool(o, "has_min", v->budget_min > 0);
    ctx_int(o, "pick_max", v->pick_max);
    ctx_bool(o, "pick_one", v->pick_max == 1);
    ctx_str(o, "opens_on", fmt_date(r, v->opens_on));
    ctx_str(o, "closes_on", fmt_date(r, v->closes_on));
    const char *today = web_today(r);
    ctx_bool(o, "open", vote_open_on(v, today));
    ctx_bool(o, "published", vote_published_on(v, today));
    ctx_bool(o, "not_yet", strcmp(today, v->opens_on) < 0);
    return o;
}

static bool load_vote(struct req *r, db *d, const struct consultation_row *c, struct vote_row *v)
{
    int rc = vote_get(d, r->a, c->id, v);
    if (rc != DB_OK)
        resp_error(r, rc == DB_NOTFOUND ? 404 : 500);
    return rc == DB_OK;
}

/* The proposals chosen in the form's field name (at most VOTE_MAX_OPTIONS + 1). */
static size_t chosen_ids(struct req *r, const char *name, int64_t *ids)
{
    const struct form_field *all[VOTE_MAX_OPTIONS + 1];
    size_t n = form_get_all(&r->form, name, all, VOTE_MAX_OPTIONS + 1);
    if (n > VOTE_MAX_OPTIONS + 1)
        n = VOTE_MAX_OPTIONS + 1;
    for (size_t i = 0; i < n; i++)
        ids[i] = web_parse_id(all[i]->value);
    return n;
}

static bool in_list(const int64_t *ids, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (ids[i] == id)
            return true;
    return false;
}

/* The ballot's check boxes; the first has the id the error summary links to. */
static json_t *ballot_options(struct req *r, const char *prefix, const struct vote_row *v,
                              const struct vote_option_row *opt, size_t nopt, const int64_t *chosen,
                              size_t nchosen)
{
    json_t *list = json_array();
    for (size_t i = 0; i < nopt; i++) {
        json_t *o = json_object();
        ctx_str(o, "id",
                i == 0 ? arena_printf(r->a, "%s-keuze", prefix)
                       : arena_printf(r->a, "%s-keuze-%lld", prefix, (long long)opt[i].idea_id));
        ctx_int(o, "value", opt[i].idea_id);
        ctx_str(o, "title", opt[i].title);
        if (vote_is_budget(v))
            ctx_str(o, "cost", fmt_money(r, opt[i].cost));
        ctx_int(o, "cents", opt[i].cost);
        ctx_bool(o, "checked", in_list(chosen, nchosen, opt[i].idea_id));
        json_array_append_new(list, o);
    }
    return list;
}

/* --- the consultation's pages ------------------------------------------------------------ */

void vote_web_into(struct req *r, db *d, const struct consultation_row *c, json_t *ctx, bool result)
{
    struct vote_row v;
    if (vote_get(d, r->a, c->id, &v) != DB_OK)
        return;
    json_t *o = vote_json(r, c, &v);
    bool staff = consult_may_keep(r->user, c) || consult_may_enter_paper(r->user, c);
    if (staff) {
        int64_t cast = 0;
        vote_cast_count(d, v.id, &cast);
        ctx_str(o, "cast", fmt_number(r, cast));
        ctx_bool(o, "staff", 1);
        ctx_str(o, "setup_url",
                arena_printf(r->a, "/werk/samenspraak/%lld/stemming", (long long)c->id));
        ctx_str(o, "paper_url",
                arena_printf(r->a, "/werk/samenspraak/%lld/stembiljet", (long long)c->id));
        ctx_bool(o, "may_setup", consult_may_keep(r->user, c));
        ctx_bool(o, "may_paper", consult_may_enter_paper(r->user, c));
    }
    if (result) {
        struct vote_option_row *t;
        size_t n;
        bool *fits;
        int64_t ballots;
        if (vote_results(d, r->a, &v, web_today(r), &t, &n, &fits, &ballots) == VOTE_OK) {
            json_t *rows = json_array();
            int64_t spent = 0;
            for (size_t i = 0; i < n; i++) {
                json_t *x = json_object();
                ctx_int(x, "rank", (long long)i + 1);
                ctx_str(x, "title", t[i].title);
                ctx_str(x, "idea_url",
                        arena_printf(r->a, "/samenspraak/%lld/ideeen/%lld", (long long)c->id,
                                     (long long)t[i].idea_id));
                ctx_str(x, "votes", fmt_number(r, t[i].votes));
                ctx_bool(x, "votes_one", t[i].votes == 1);
                if (fits) {
                    ctx_str(x, "cost", fmt_money(r, t[i].cost));
                    ctx_bool(x, "fits", fits[i]);
                    ctx_bool(x, "misses", !fits[i]);
                    if (fits[i])
                        spent += t[i].cost;
                }
                json_array_append_new(rows, x);
            }
            json_object_set_new(o, "rows", rows);
            ctx_str(o, "ballots", fmt_number(r, ballots));
            ctx_bool(o, "ballots_one", ballots == 1);
            ctx_str(o, "spent", fmt_money(r, spent));
        }
    }
    json_object_set_new(ctx, "vote", o);
}

void vote_web_tally_of(struct req *r, db *d, const struct consultation_row *c,
                       struct vote_web_tally *t)
{
    memset(t, 0, sizeof *t);
    struct vote_row v;
    int64_t ballots;
    if (vote_get(d, r->a, c->id, &v) != DB_OK ||
        vote_results(d, r->a, &v, web_today(r), &t->rows, &t->n, &t->fits, &ballots) != VOTE_OK)
        return;
    t->published = true;
    t->budget = vote_is_budget(&v);
}

void vote_web_idea_counts(struct req *r, const struct vote_web_tally *t, int64_t idea_id,
                          const char **votes, const char **fits)
{
    *votes = "";
    *fits = "";
    for (size_t i = 0; t->published && i < t->n; i++)
        if (t->rows[i].idea_id == idea_id) {
            *votes = arena_printf(r->a, "%lld", (long long)t->rows[i].votes);
            if (t->budget && t->fits)
                *fits = t->fits[i] ? "ja" : "nee";
        }
}

json_t *vote_web_open_data(struct req *r, db *d, const struct consultation_row *c)
{
    struct vote_row v;
    if (vote_get(d, r->a, c->id, &v) != DB_OK)
        return NULL;
    json_t *o = json_pack("{s:s,s:s,s:s,s:b}", "kind", v.kind, "opens_on", v.opens_on, "closes_on",
                          v.closes_on, "published", vote_published_on(&v, web_today(r)));
    if (!o)
        return NULL;
    if (vote_is_budget(&v)) {
        json_object_set_new(o, "budget_min_cents", json_integer(v.budget_min));
        json_object_set_new(o, "budget_max_cents", json_integer(v.budget_max));
    } else {
        json_object_set_new(o, "pick_max", json_integer(v.pick_max));
    }
    struct vote_option_row *t;
    size_t n;
    bool *fits;
    int64_t ballots;
    if (vote_results(d, r->a, &v, web_today(r), &t, &n, &fits, &ballots) == VOTE_OK) {
        json_t *rows = json_array();
        for (size_t i = 0; i < n; i++) {
            json_t *x = json_pack("{s:I,s:s,s:I}", "idea_id", (json_int_t)t[i].idea_id, "title",
                                  t[i].title, "votes", (json_int_t)t[i].votes);
            if (x && fits) {
                json_object_set_new(x, "cost_cents", json_integer(t[i].cost));
                json_object_set_new(x, "fits", json_boolean(fits[i]));
            }
            if (x)
                json_array_append_new(rows, x);
        }
        json_object_set_new(o, "ballots", json_integer(ballots));
        json_object_set_new(o, "results", rows);
    }
    return o;
}

/* --- the ballot -------------------------------------------------------------------------- */

struct ballot_form {
    const int64_t *chosen;
    size_t n;
    const struct consult_problem *p;
    size_t np;
    const char *refusal; /* a msgid: why the ballot was not counted */
};

static void ballot_page(struct req *r, db *d, const struct consultation_row *c,
                        const struct vote_row *v, const struct ballot_form *f)
{
    json_t *ctx = json_object();
    json_object_set_new(ctx, "consult", consult_web_json(r, c));
    json_object_set_new(ctx, "vote", vote_json(r, c, v));
    struct vote_option_row *opt;
    size_t nopt;
    if (vote_options(d, r->a, v->id, &opt, &nopt) != DB_OK) {
        json_decref(ctx);
        resp_error(r, 500);
        return;
    }
    bool open = vote_open_on(v, web_today(r));
    bool resident = r->user && user_is_resident(r->user);
    bool voted = false;
    if (resident) {
        const char *who = arena_printf(r->a, "r:%lld", (long long)r->user->id);
        if (vote_cast_exists(d, v->id, who, &voted) != DB_OK) {
            json_decref(ctx);
            resp_error(r, 500);
            return;
        }
    }
    bool eligible = resident && vote_eligible(d, r->a, c, v, r->user);
    ctx_bool(ctx, "has_voted", voted);
    ctx_bool(ctx, "not_eligible", open && resident && !eligible);
    ctx_bool(ctx, "must_log_in", open && !r->user);
    ctx_bool(ctx, "may_vote", open && eligible && !voted);
    if (f && f->refusal)
        ctx_str(ctx, "refusal", T(r, f->refusal));
    consult_web_problems(r, ctx, "s", f ? f->p : NULL, f ? f->np : 0);
    json_t *err = json_object_get(ctx, "err");
    const char *e = json_string_value(json_object_get(err, "keuze"));
    if (e)
        ctx_str(ctx, "choice_error", e);
    json_object_set_new(ctx, "options",
                        ballot_options(r, "s", v, opt, nopt, f ? f->chosen : NULL, f ? f->n : 0));
    ctx_str(ctx, "action", vote_url(r, c->id));
    render_page(r, "pages/samenspraak_stemmen", ctx);
}

void page_consult_vote(struct req *r)
{
    db *d = web_db(r);
    struct consultation_row c;
    struct vote_row v;
    if (!d || !consult_web_load(r, d, &c) || !load_vote(r, d, &c, &v))
        return;
    ballot_page(r, d, &c, &v, NULL);
}

void page_consult_vote_post(struct req *r)
{
    db *d = web_db(r);
    struct consultation_row c;
    struct vote_row v;
    if (!d || !consult_web_load(r, d, &c) || !load_vote(r, d, &c, &v))
        return;
    int64_t chosen[VOTE_MAX_OPTIONS + 1];
    size_t n = chosen_ids(r, "keuze", chosen);
    struct consult_problem p[VOTE_MAX_PROBLEMS];
    size_t np = 0;
    if (db_begin_write(d) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    struct consult_who who = {.u = r->user};
    enum vote_result res =
        vote_cast(d, r->a, &c, &v, &who, chosen, n, web_today(r), (int64_t)time(NULL), p, &np);
    if (res == VOTE_OK) {
        /* that a ballot was cast, not what it holds */
        web_audit(r, d, "vote_cast", "vote", v.id, NULL, NULL);
        web_commit_redirect(r, d, "saved", vote_url(r, c.id));
        return;
    }
    db_rollback(d);
    struct ballot_form f = {.chosen = chosen, .n = n, .p = p, .np = np};
    switch (res) {
    case VOTE_INVALID:
        r->status = 400;
        break;
    case VOTE_DUPLICATE:
        r->status = 409;
        f.refusal = N_("U hebt al gestemd. Iedereen stemt één keer; uw eerste stem telt.");
        break;
    case VOTE_NOT_ELIGIBLE:
        r->status = 403;
        f.refusal = N_("Alleen bewoners van de wijk van deze samenspraak kunnen stemmen: wie bij "
                       "zijn gegevens in deze wijk woonde toen de stemming begon.");
        break;
    case VOTE_CLOSED:
        r->status = 403;
        f.refusal = N_("Er kan nu niet gestemd worden: kijk bij de dagen van de stemming.");
        break;
    default:
        resp_error(r, res == VOTE_FORBIDDEN ? 403 : res == VOTE_NOT_FOUND ? 404 : 500);
        return;
    }
    ballot_page(r, d, &c, &v, &f);
}

/* --- staff: paper ballots ---------------------------------------------------------------- */

struct paper_vote_form {
    const char *channel, *postcode, *house_number, *age_band;
    bool checked; /* staff checked that the address lies in the wijk */
    const int64_t *chosen;
    size_t n;
    const struct consult_problem *p;
    size_t np;
};

static void paper_vote_page(struct req *r, db *d, const struct consultation_row *c,
                            const struct vote_row *v, const struct paper_vote_form *f)
{
    json_t *ctx = json_object();
    json_object_set_new(ctx, "consult", consult_web_json(r, c));
    json_t *vo = vote_json(r, c, v);
    int64_t cast = 0;
    vote_cast_count(d, v->id, &cast);
    ctx_str(vo, "cast", fmt_number(r, cast));
    json_object_set_new(ctx, "vote", vo);
    struct vote_option_row *opt;
    size_t nopt;
    if (vote_options(d, r->a, v->id, &opt, &nopt) != DB_OK) {
        json_decref(ctx);
        resp_error(r, 500);
        return;
    }
    ctx_str(ctx, "action",
            arena_printf(r->a, "/werk/samenspraak/%lld/stembiljet", (long long)c->id));
    consult_web_problems(r, ctx, "b", f->p, f->np);
    json_t *err = json_object_get(ctx, "err");
    json_t *fields = json_array();
    static const char *const chans[] = {"papier", "balie"};
    static const char *const chan_labels[] = {N_("Op papier"), N_("Aan de balie")};
    json_array_append_new(
        fields, consult_web_select(r, "b", "channel", N_("Hoe is het stembiljet ingeleverd?"),
                                   consult_web_options(r, chans, chan_labels, 2, f->channel), err));
    json_array_append_new(fields,
                          consult_web_field(r, "b", "postcode", N_("Postcode van de kiezer"),
                                            N_("Alleen om één stem per adres te tellen: "
                                               "we bewaren een sleutel, niet het adres."),
                                            f->postcode, err, 0));
    json_array_append_new(fields, consult_web_field(r, "b", "house_number", N_("Huisnummer"), NULL,
                                                    f->house_number, err, 0));
    const char *ab[16], *abl[16];
    size_t nab = 0;
    ab[nab] = "";
    abl[nab++] = N_("Niet opgegeven");
    for (size_t i = 0; i < resident_nage_bands && nab < 16; i++, nab++) {
        ab[nab] = resident_age_bands[i].code;
        abl[nab] = resident_age_bands[i].label;
    }
    json_array_append_new(
        fields, consult_web_select(r, "b", "age_band", N_("Leeftijd (als opgegeven)"),
                                   consult_web_options(r, ab, abl, nab, f->age_band), err));
    json_object_set_new(ctx, "fields", fields);
    /* when the address lookup cannot tell (off or unreachable), staff check the address */
    const char *ce = json_string_value(json_object_get(err, "adres_nagekeken"));
    ctx_bool(ctx, "ask_check", !geocode_enabled() || ce);
    ctx_bool(ctx, "checked", f->checked);
    if (ce)
        ctx_str(ctx, "check_error", ce);
    const char *e = json_string_value(json_object_get(err, "keuze"));
    if (e)
        ctx_str(ctx, "choice_error", e);
    json_object_set_new(ctx, "options", ballot_options(r, "b", v, opt, nopt, f->chosen, f->n));
    ctx_bool(ctx, "open", vote_open_on(v, web_today(r)));
    render_page(r, "pages/werk_samenspraak_stembiljet", ctx);
}

static bool load_paper_vote(struct req *r, db *d, struct consultation_row *c, struct vote_row *v)
{
    if (!consult_web_load(r, d, c))
        return false;
    if (!consult_may_enter_paper(r->user, c)) {
        resp_error(r, 403);
        return false;
    }
    return load_vote(r, d, c, v);
}

void page_work_vote_paper(struct req *r)
{
    db *d = web_db(r);
    struct consultation_row c;
    struct vote_row v;
    if (!d || !load_paper_vote(r, d, &c, &v))
        return;
    struct paper_vote_form f = {.channel = "papier"};
    paper_vote_page(r, d, &c, &v, &f);
}

void page_work_vote_paper_post(struct req *r)
{
    db *d = web_db(r);
    struct consultation_row c;
    struct vote_row v;
    if (!d || !load_paper_vote(r, d, &c, &v))
        return;
    int64_t chosen[VOTE_MAX_OPTIONS + 1];
    struct paper_vote_form f = {.channel = req_field(r, "channel"),
                                .postcode = req_field(r, "postcode"),
                                .house_number = req_field(r, "house_number"),
                                .age_band = req_field(r, "age_band"),
                                .checked = req_field(r, "adres_nagekeken") &&
                                           strcmp(req_field(r, "adres_nagekeken"), "ja") == 0,
                                .chosen = chosen};
    f.n = chosen_ids(r, "keuze", chosen);
    struct consult_who who = {.staff = r->user,
                              .channel = f.channel,
                              .postcode = f.postcode,
                              .house_number = f.house_number,
                              .age_band = f.age_band,
                              .address_checked = f.checked};
    /* where the address lies, asked before the write transaction */
    who.address = vote_address_wijk(f.postcode, f.house_number, &who.address_wijk);
    struct consult_problem p[VOTE_MAX_PROBLEMS];
    size_t np = 0;
    if (db_begin_write(d) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    enum vote_result res =
        vote_cast(d, r->a, &c, &v, &who, chosen, f.n, web_today(r), (int64_t)time(NULL), p, &np);
    if (res == VOTE_OK) {
        web_audit(r, d, "vote_cast_paper", "vote", v.id, NULL,
                  json_pack("{s:s}", "channel", f.channel));
        web_commit_redirect(
            r, d, "saved",
            arena_printf(r->a, "/werk/samenspraak/%lld/stembiljet", (long long)c.id));
        return;
    }
    db_rollback(d);
    if (res == VOTE_DUPLICATE) {
        p[0] = (struct consult_problem){
            "postcode",
            N_("Vanaf dit adres is al gestemd: elk adres stemt één keer, op papier zoals "
               "bij een enquête op papier.")};
        np = 1;
        res = VOTE_INVALID;
    } else if (res == VOTE_CLOSED) {
        p[0] = (struct consult_problem){
            "channel", N_("Er kan nu niet gestemd worden: kijk bij de dagen van de stemming.")};
        np = 1;
        res = VOTE_INVALID;
    }
    if (res == VOTE_INVALID) {
        r->status = 400;
        f.p = p;
        f.np = np;
        paper_vote_page(r, d, &c, &v, &f);
        return;
    }
    resp_error(r, res == VOTE_FORBIDDEN ? 403 : res == VOTE_NOT_FOUND ? 404 : 500);
}

/* --- staff: setting up the vote ---------------------------------------------------------- */

struct setup_form {
    const char *kind, *budget_min, *budget_max, *pick_max, *opens_on, *closes_on;
    const int64_t *chosen;
    size_t n;
    bool from_form;
    const struct vote_option_row *old; /* the stored proposals */
    size_t nold;
    const struct consult_problem *p;
    size_t np;
};

static void setup_page(struct req *r, db *d, const struct consultation_row *c,
                       const struct setup_form *f, int64_t cast)
{
    json_t *ctx = json_object();
    json_object_set_new(ctx, "consult", consult_web_json(r, c));
    ctx_str(ctx, "action", arena_printf(r->a, "/werk/samenspraak/%lld/stemming", (long long)c->id));
    ctx_str(ctx, "vote_url", vote_url(r, c->id));
    ctx_str(ctx, "cast", fmt_number(r, cast));
    ctx_bool(ctx, "locked", cast > 0);
    ctx_bool(ctx, "no_choice", !c->choice_on || !*c->choice_on);
    consult_web_problems(r, ctx, "v", f->p, f->np);
    json_t *err = json_object_get(ctx, "err");
    const char *ke = json_string_value(json_object_get(err, "kind"));
    if (ke)
        ctx_str(ctx, "kind_error", ke);
    ctx_bool(ctx, "kind_budget", f->kind && strcmp(f->kind, "budget") == 0);
    ctx_bool(ctx, "kind_pick", f->kind && strcmp(f->kind, "keuze") == 0);
    json_t *fields = json_array();
    json_array_append_new(fields, consult_web_field(r, "v", "budget_max",
                                                    N_("Budget: wat de bewoners verdelen (euro)"),
                                                    N_("Alleen bij een budgetstemming. Een "
                                                       "stembiljet kost hoogstens dit bedrag."),
                                                    f->budget_max, err, 0));
    json_array_append_new(fields, consult_web_field(r, "v", "budget_min",
                                                    N_("Minimum per stembiljet (euro)"),
                                                    N_("Alleen bij een budgetstemming; leeg: "
                                                       "geen minimum."),
                                                    f->budget_min, err, 0));
    json_array_append_new(fields, consult_web_field(r, "v", "pick_max",
                                                    N_("Hoeveel voorstellen kiest iemand ten "
                                                       "hoogste?"),
                                                    N_("Alleen bij een keuzestemming."),
                                                    f->pick_max, err, 0));
    json_t *df = consult_web_field(r, "v", "opens_on", N_("Eerste dag van het stemmen"),
                                   N_("Bijvoorbeeld 15-04-2026."),
                                   f->opens_on ? web_date_typed(r, f->opens_on) : "", err, 0);
    ctx_bool(df, "date", 1);
    json_array_append_new(fields, df);
    df = consult_web_field(r, "v", "closes_on", N_("Laatste dag van het stemmen"),
                           N_("De uitslag verschijnt de dag erna."),
                           f->closes_on ? web_date_typed(r, f->closes_on) : "", err, 0);
    ctx_bool(df, "date", 1);
    json_array_append_new(fields, df);
    json_object_set_new(ctx, "fields", fields);
    const char *ie = json_string_value(json_object_get(err, "ideas"));
    if (ie)
        ctx_str(ctx, "ideas_error", ie);
    /* every idea not hidden, most supported first */
    struct consult_idea_row *ideas;
    size_t ni;
    json_t *list = json_array();
    if (consult_ideas(d, r->a, c->id, CONSULT_SUPPORTED, 0, 0, 500, 0, &ideas, &ni) == DB_OK) {
        bool first = true;
        for (size_t i = 0; i < ni; i++) {
            if (consult_hidden(ideas[i].moderation))
                continue;
            json_t *o = json_object();
            int64_t id = ideas[i].id;
            ctx_str(o, "id", first ? "v-ideas" : arena_printf(r->a, "v-idea-%lld", (long long)id));
            first = false;
            ctx_int(o, "value", id);
            ctx_str(o, "title", ideas[i].title);
            ctx_str(o, "supports", fmt_number(r, ideas[i].support_count));
            const char *cname = arena_printf(r->a, "cost-%lld", (long long)id);
            ctx_str(o, "cost_name", cname);
            ctx_str(o, "cost_id", arena_printf(r->a, "v-%s", cname));
            bool on = false;
            const char *cost = NULL;
            if (f->from_form) {
                on = in_list(f->chosen, f->n, id);
                cost = req_field(r, cname);
            } else {
                for (size_t k = 0; k < f->nold; k++)
                    if (f->old[k].idea_id == id) {
                        on = true;
                        cost = f->old[k].cost ? money_typed(r, f->old[k].cost) : "";
                    }
            }
            ctx_bool(o, "checked", on);
            ctx_str(o, "cost", cost ? cost : "");
            const char *ce = json_string_value(json_object_get(err, cname));
            if (ce)
                ctx_str(o, "cost_error", ce);
            json_array_append_new(list, o);
        }
    }
    ctx_bool(ctx, "has_ideas", json_array_size(list) > 0);
    json_object_set_new(ctx, "ideas", list);
    render_page(r, "pages/werk_samenspraak_stemming", ctx);
}

static bool load_kept_vote(struct req *r, db *d, struct consultation_row *c)
{
    if (!consult_web_load(r, d, c))
        return false;
    if (!consult_may_keep(r->user, c)) {
        resp_error(r, 403);
        return false;
    }
    return true;
}

void page_work_vote(struct req *r)
{
    db *d = web_db(r);
    struct consultation_row c;
    if (!d || !load_kept_vote(r, d, &c))
        return;
    struct vote_row v;
    int rc = vote_get(d, r->a, c.id, &v);
    struct setup_form f = {.kind = "budget", .opens_on = c.choice_on};
    int64_t cast = 0;
    if (rc == DB_OK) {
        f.kind = v.kind;
        f.opens_on = v.opens_on;
        f.closes_on = v.closes_on;
        if (vote_is_budget(&v)) {
            f.budget_max = money_typed(r, v.budget_max);
            f.budget_min = v.budget_min ? money_typed(r, v.budget_min) : "";
        } else {
            f.pick_max = arena_printf(r->a, "%lld", (long long)v.pick_max);
        }
        struct vote_option_row *opt;
        if (vote_options(d, r->a, v.id, &opt, &f.nold) == DB_OK)
            f.old = opt;
        vote_cast_count(d, v.id, &cast);
    } else if (rc != DB_NOTFOUND) {
        resp_error(r, 500);
        return;
    }
    setup_page(r, d, &c, &f, cast);
}

void page_work_vote_post(struct req *r)
{
    db *d = web_db(r);
    struct consultation_row c;
    if (!d || !load_kept_vote(r, d, &c))
        return;
    int64_t chosen[VOTE_MAX_OPTIONS + 1];
    struct setup_form f = {.kind = req_field(r, "kind"),
                           .budget_min = req_field(r, "budget_min"),
                           .budget_max = req_field(r, "budget_max"),
                           .pick_max = req_field(r, "pick_max"),
                           .opens_on = web_date_field(r, "opens_on"),
                           .closes_on = web_date_field(r, "closes_on"),
                           .chosen = chosen,
                           .from_form = true};
    f.n = chosen_ids(r, "idee", chosen);
    const char **costs = arena_alloc(r->a, (f.n ? f.n : 1) * sizeof *costs);
    if (!costs) {
        resp_error(r, 500);
        return;
    }
    for (size_t i = 0; i < f.n; i++)
        costs[i] = req_field(r, arena_printf(r->a, "cost-%lld", (long long)chosen[i]));
    struct vote_input in = {.kind = f.kind,
                            .budget_min = f.budget_min,
                            .budget_max = f.budget_max,
                            .pick_max = f.pick_max,
                            .opens_on = f.opens_on,
                            .closes_on = f.closes_on,
                            .idea_ids = chosen,
                            .costs = costs,
                            .n = f.n};
    struct consult_problem p[VOTE_MAX_PROBLEMS];
    size_t np = 0;
    int64_t vid = 0;
    if (db_begin_write(d) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    enum vote_result res = vote_setup(d, r->a, &c, r->user, &in, (int64_t)time(NULL), &vid, p, &np);
    if (res == VOTE_OK) {
        web_audit(r, d, "vote_setup", "vote", vid, NULL,
                  json_pack("{s:I,s:s}", "consultation", (json_int_t)c.id, "kind", f.kind));
        web_commit_redirect(r, d, "saved",
                            arena_printf(r->a, "/werk/samenspraak/%lld/stemming", (long long)c.id));
        return;
    }
    int64_t cast = 0;
    struct vote_row v;
    if (vote_get(d, r->a, c.id, &v) == DB_OK)
        vote_cast_count(d, v.id, &cast);
    db_rollback(d);
    if (res == VOTE_INVALID) {
        r->status = 400;
        f.p = p;
        f.np = np;
        setup_page(r, d, &c, &f, cast);
        return;
    }
    resp_error(r, res == VOTE_FORBIDDEN ? 403 : 500);
}
