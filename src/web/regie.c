/*
 * regie.c: the wijkregisseur's own time (/werk/regie): a day's task,
 * directing or executing, with hours when known; their entries of the last
 * year with the sums. Only the regisseur's own entries (ACT_REGIE_LOG and
 * the store's user_id); the monitor shows the sums per region.
 */
#include "web.h"

#include "domain/calendar.h"
#include "domain/regie.h"
#include "domain/policy.h"
#include "render.h"
#include "store/regie_store.h"

#include <string.h>
#include <time.h>

/* The region of the user's wijkregisseur role (0: none). */
static int64_t regisseur_region(const struct req *r)
{
    for (size_t i = 0; r->user && i < r->user->nroles; i++)
        if (r->user->roles[i].role == ROLE_WIJKREGISSEUR)
            return r->user->roles[i].region_id;
    return 0;
}

static void regie_page(struct req *r, db *d, const struct regie_problem *p, size_t np)
{
    json_t *ctx = json_object();
    const char *today = web_today(r);
    cal_date t;
    char from[CAL_DATE_LEN] = "0000-01-01";
    if (cal_parse_date(today, strlen(today), &t) == 0)
        cal_format_date(cal_add_calendar_days(t, -366), from);
    bool typed = np > 0;
    ctx_str(ctx, "worked_on", typed ? req_field(r, "worked_on") : web_date_typed(r, today));
    ctx_str(ctx, "description", typed ? req_field(r, "description") : NULL);
    ctx_str(ctx, "hours", typed ? req_field(r, "hours") : NULL);
    const char *kind = typed ? req_field(r, "kind") : "uitvoering";
    json_t *kinds = json_array();
    for (size_t i = 0; regie_kinds[i].code; i++)
        json_array_append_new(kinds, json_pack("{s:s,s:s,s:b}", "value", regie_kinds[i].code,
                                               "label", T(r, regie_kinds[i].label), "checked",
                                               kind && strcmp(kind, regie_kinds[i].code) == 0));
    json_object_set_new(ctx, "kinds", kinds);

    json_t *problems = json_array(), *err = json_object();
    for (size_t i = 0; i < np; i++) {
        json_array_append_new(problems,
                              json_pack("{s:s,s:s}", "anchor",
                                        strcmp(p[i].field, "kind") == 0 ? "kind-regie" : p[i].field,
                                        "message", T(r, p[i].msgid)));
        if (!json_object_get(err, p[i].field))
            ctx_str(err, p[i].field, T(r, p[i].msgid));
    }
    ctx_bool(ctx, "has_problems", np > 0);
    json_object_set_new(ctx, "problems", problems);
    json_object_set_new(ctx, "err", err);

    struct regie_entry_row *e;
    size_t n;
    json_t *rows = json_array();
    double hours[2] = {0, 0};
    if (regie_entries(d, r->a, r->user->id, from, today, &e, &n) == DB_OK)
        for (size_t i = 0; i < n; i++) {
            bool exec = strcmp(e[i].kind, "uitvoering") == 0;
            hours[exec] += e[i].has_hours ? e[i].hours : 0;
            json_array_append_new(rows,
                                  json_pack("{s:I,s:s,s:s,s:s,s:s}", "id", (json_int_t)e[i].id,
                                            "date", fmt_date(r, e[i].worked_on), "kind",
                                            exec ? T(r, "uitvoering") : T(r, "regie"),
                                            "description", e[i].description, "hours",
                                            e[i].has_hours ? fmt_dec(r, e[i].hours, 2) : "–"));
        }
    json_object_set_new(ctx, "entries", rows);
    ctx_bool(ctx, "has_entries", json_array_size(rows) > 0);
    ctx_str(ctx, "regie_hours", fmt_dec(r, hours[0], 2));
    ctx_str(ctx, "uitvoering_hours", fmt_dec(r, hours[1], 2));
    int share = regie_share_percent(hours[1], hours[0]);
    ctx_str(ctx, "share", share < 0 ? "–" : arena_printf(r->a, "%d%%", share));
    render_page(r, "pages/werk_regie", ctx);
}

void page_work_regie(struct req *r)
{
    db *d = web_db(r);
    if (d)
        regie_page(r, d, NULL, 0);
}

void page_work_regie_post(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct regie_input in = {.worked_on = web_date_field(r, "worked_on"),
                             .kind = req_field(r, "kind"),
                             .description = req_field(r, "description"),
                             .hours = req_field(r, "hours")};
    struct regie_problem p[REGIE_MAX_PROBLEMS];
    bool has_hours;
    double hours;
    size_t np = regie_validate(&in, web_today(r), p, &has_hours, &hours);
    if (np) {
        r->status = 400;
        regie_page(r, d, p, np);
        return;
    }
    int64_t id;
    if (db_begin_write(d) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    if (regie_record(d, r->user->id, regisseur_region(r), &in, has_hours, hours,
                     (int64_t)time(NULL), &id) != 0) {
        db_rollback(d);
        resp_error(r, 500);
        return;
    }
    /* the description stays out of the audit trail: it is free text */
    web_audit(r, d, "create", "regie_entry", id, NULL,
              json_pack("{s:s,s:s,s:o}", "worked_on", in.worked_on, "kind", in.kind, "hours",
                        has_hours ? json_real(hours) : json_null()));
    web_commit_redirect(r, d, "regie", "/werk/regie");
}

void page_work_regie_delete(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    long long id = web_parse_id(req_param(r, 0));
    if (db_begin_write(d) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    int rc = id ? regie_entry_delete(d, id, r->user->id) : DB_NOTFOUND;
    if (rc != DB_OK) {
        db_rollback(d);
        resp_error(r, rc == DB_NOTFOUND ? 404 : 500);
        return;
    }
    web_audit(r, d, "delete", "regie_entry", id, NULL, NULL);
    web_commit_redirect(r, d, "regiedeleted", "/werk/regie");
}
