/*
 * common.c: what page handlers share: the database, today's date, ids,
 * safe return targets, the session hook and audit entries.
 */
#include "web.h"

#include "domain/auth.h"
#include "domain/calendar.h"
#include "domain/policy.h"
#include "domain/signal.h"
#include "domain/user.h"
#include "http/server.h"
#include "lib/config.h"
#include "store/user_store.h"
#include "web/render.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *web_base_url(struct req *r)
{
    const struct config *c = server_config();
    const char *b = c ? c->base_url : "";
    size_t n = strlen(b);
    while (n && b[n - 1] == '/')
        n--;
    return arena_strndup(r->a, b, n);
}

const char *web_today(struct req *r)
{
    /* The municipality's calendar day: local time in Europe/Amsterdam,
     * whatever the process's TZ says. */
    char *out = arena_alloc(r->a, CAL_DATE_LEN);
    if (out)
        cal_format_date(cal_date_of((int64_t)time(NULL)), out);
    return out;
}

int web_this_year(void)
{
    return cal_year_of((int64_t)time(NULL));
}

int web_parse_year(const char *s)
{
    if (!s || strlen(s) != 4)
        return 0;
    long long v = web_parse_id(s);
    return v >= 2000 && v <= 2100 ? (int)v : 0;
}

const char *web_local_time(struct req *r, int64_t t)
{
    struct cal_local l;
    int y, m, d;
    if (!t || cal_from_unix(t, &l) != 0 || cal_to_ymd(l.date, &y, &m, &d) != 0)
        return "";
    return arena_printf(r->a, "%02d-%02d-%04d %02d:%02d", d, m, y, l.sec_of_day / 3600,
                        (l.sec_of_day / 60) % 60);
}

db *web_db(struct req *r)
{
    db *d = db_thread();
    if (!d)
        resp_error(r, 503);
    return d;
}

const char *web_date_field(struct req *r, const char *name)
{
    const char *v = req_field(r, name);
    cal_date d;
    char iso[CAL_DATE_LEN];
    if (v && cal_parse_date_typed(v, strlen(v), &d) == 0 && cal_format_date(d, iso) == 0)
        return arena_strdup(r->a, iso);
    return v;
}

const char *web_date_typed(struct req *r, const char *iso)
{
    cal_date d;
    int y, m, day;
    if (!iso || cal_parse_date(iso, strlen(iso), &d) != 0 || cal_to_ymd(d, &y, &m, &day) != 0)
        return iso;
    return arena_printf(r->a, "%02d-%02d-%04d", day, m, y);
}

long long web_parse_id(const char *s)
{
    if (!s || !*s || *s == '-' || *s == '+')
        return 0;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v <= 0)
        return 0;
    return v;
}

long long web_path_id(struct req *r)
{
    long long id = web_parse_id(req_param(r, 0));
    if (!id)
        resp_error(r, 404);
    return id;
}

void web_parse_keyset(const char *s, long long *created, long long *id)
{
    *created = *id = 0;
    if (!s)
        return;
    const char *dash = strchr(s, '-');
    if (!dash)
        return;
    char first[24];
    size_t n = (size_t)(dash - s);
    if (n == 0 || n >= sizeof first)
        return;
    memcpy(first, s, n);
    first[n] = '\0';
    long long c = web_parse_id(first), i = web_parse_id(dash + 1);
    if (c && i) {
        *created = c;
        *id = i;
    }
}

void web_load_session(struct req *r)
{
    const char *tok = cookie_get(&r->cookies, "wr_session");
    if (tok) {
        db *d = db_thread();
        struct user *u = arena_alloc(r->a, sizeof *u);
        const char *csrf = NULL;
        const struct config *cfg = server_config();
        struct auth_limits lim = auth_default_limits;
        if (cfg)
            lim.idle_seconds = (int64_t)cfg->session_idle_minutes * 60;
        if (d && u && auth_session_user(d, r->a, tok, time(NULL), &lim, u, &csrf) == DB_OK) {
            r->user = u;
            r->csrf = csrf;
            return;
        }
    }
    /* Anonymous: forms carry a token that must equal the wr_csrf cookie;
     * a page with a form creates one when needed (req_csrf). */
    const char *c = cookie_get(&r->cookies, "wr_csrf");
    if (c && strlen(c) == AUTH_TOKEN_CHARS - 1)
        r->csrf = c;
}

bool web_allowed(struct req *r, int action)
{
    return policy_allows(r->user, (enum action)action, NULL);
}

void web_thread_exit(void)
{
    db_thread_close();
}

void web_audit(struct req *r, db *d, const char *action, const char *entity, long long id,
               json_t *before, json_t *after)
{
    char *b = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    char *a = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    audit_append(d, r->user ? r->user->id : 0, r->user ? r->user->login : "system", action, entity,
                 id, b, a);
    free(b);
    free(a);
    json_decref(before);
    json_decref(after);
}

void web_commit_redirect(struct req *r, db *d, const char *flash_key, const char *to)
{
    if (db_commit(d) != DB_OK) {
        db_rollback(d);
        resp_error(r, 500);
        return;
    }
    flash_set(r, "ok", flash_key);
    resp_redirect(r, to);
}

/* The problems of a form as its template shows them (see web.h). */
void web_problems_json(struct req *r, json_t *ctx, const struct signal_problem *p, size_t n,
                       json_t *questions, int (*field_rank)(const char *field),
                       const char *(*field_anchor)(const char *field))
{
    json_t *arr = json_array(), *by = json_object();
    size_t idx[WEB_MAX_PROBLEMS];
    size_t m = 0;
    for (size_t i = 0; i < n && m < WEB_MAX_PROBLEMS; i++)
        idx[m++] = i;
    /* insertion sort: stable, a handful of problems */
    for (size_t i = 1; i < m; i++)
        for (size_t k = i; k > 0 && field_rank(p[idx[k - 1]].field) > field_rank(p[idx[k]].field);
             k--) {
            size_t t = idx[k];
            idx[k] = idx[k - 1];
            idx[k - 1] = t;
        }
    for (size_t j = 0; j < m; j++) {
        const struct signal_problem *q = &p[idx[j]];
        const char *msg = T(r, q->msgid);
        size_t i;
        json_t *qf;
        json_array_foreach(questions, i, qf)
        {
            const char *f = json_string_value(json_object_get(qf, "field"));
            if (f && strcmp(f, q->field) == 0) {
                const char *label = json_string_value(json_object_get(qf, "label"));
                size_t ll = label ? strlen(label) : 0;
                bool ends = ll && (label[ll - 1] == '?' || label[ll - 1] == '.');
                msg = arena_printf(r->a, ends ? "%s %s" : "%s: %s", label ? label : "", msg);
                if (!json_object_get(qf, "error"))
                    ctx_str(qf, "error", msg);
            }
        }
        json_t *o = json_object();
        ctx_str(o, "field", q->field);
        ctx_str(o, "anchor", field_anchor ? field_anchor(q->field) : q->field);
        ctx_str(o, "message", msg);
        json_array_append_new(arr, o);
        if (!json_object_get(by, q->field))
            ctx_str(by, q->field, msg);
    }
    json_object_set_new(ctx, "problems", arr);
    json_object_set_new(ctx, "error", by);
    ctx_bool(ctx, "has_problems", m > 0);
}
