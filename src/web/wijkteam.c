/*
 * wijkteam.c: the wijkteam's pages (domain/wijkteam.h). /werk/wijkteam:
 * for the wijkregisseur the wijken of their region with the meetings
 * planned and held against the frequency set, and attendance per
 * organisation; for everyone the meetings they are invited to.
 * /werk/wijkteam/{slug}: frequency and composition of a wijk's team, its
 * meetings; /werk/wijkteam/{slug}/overleg: plan a meeting;
 * /werk/wijkteam/overleg/{id}: the meeting (agenda, attendance, minutes and
 * decisions), read by whom the domain allows and kept by the regisseur.
 */
#include "web.h"
#include "render.h"

#include "domain/calendar.h"
#include "domain/focus.h"
#include "domain/wijkteam.h"
#include "http/form.h"
#include "domain/policy.h"
#include "lib/i18n_mark.h"
#include "lib/utf8.h"
#include "store/area_store.h"
#include "store/org_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_CHOSEN 200

static const char *clock_of(struct req *r, int64_t t)
{
    struct cal_local l;
    if (cal_from_unix(t, &l) != 0)
        return "";
    return arena_printf(r->a, "%02d:%02d", (int)(l.sec_of_day / 3600),
                        (int)(l.sec_of_day / 60 % 60));
}

static const char *iso_day(struct req *r, int64_t t)
{
    char d[CAL_DATE_LEN];
    if (cal_format_date(cal_date_of(t), d) != 0)
        return "";
    return arena_strdup(r->a, d);
}

static const char *meeting_url(struct req *r, int64_t id)
{
    return arena_printf(r->a, "/werk/wijkteam/overleg/%lld", (long long)id);
}

static json_t *meeting_json(struct req *r, const struct wt_meeting_row *m)
{
    json_t *o = json_object();
    ctx_int(o, "id", m->id);
    ctx_str(o, "url", meeting_url(r, m->id));
    ctx_str(o, "wijk", m->wijk_name);
    ctx_str(o, "date", fmt_date(r, iso_day(r, m->starts_at)));
    ctx_str(o, "start", clock_of(r, m->starts_at));
    ctx_str(o, "end", clock_of(r, m->ends_at));
    ctx_str(o, "place", m->place);
    ctx_bool(o, "held", m->held_at != 0);
    return o;
}

/* Problems as the error summary and per field: anchors prefix-field. */
static void problems_json(struct req *r, json_t *ctx, const struct wijkteam_problems *pr,
                          const char *prefix)
{
    json_t *problems = json_array(), *err = json_object();
    for (size_t i = 0; pr && i < pr->n; i++) {
        json_array_append_new(problems,
                              json_pack("{s:s,s:s}", "anchor",
                                        arena_printf(r->a, "%s-%s", prefix, pr->p[i].field),
                                        "message", T(r, pr->p[i].msgid)));
        if (!json_object_get(err, pr->p[i].field))
            ctx_str(err, pr->p[i].field, T(r, pr->p[i].msgid));
    }
    ctx_bool(ctx, "has_problems", pr && pr->n > 0);
    json_object_set_new(ctx, "problems", problems);
    json_object_set_new(ctx, "err", err);
}

/* The ids of the checked boxes called name. */
static size_t chosen_ids(struct req *r, const char *name, int64_t *out, size_t max)
{
    const struct form_field *f[MAX_CHOSEN];
    size_t n = form_get_all(&r->form, name, f, MAX_CHOSEN), k = 0;
    for (size_t i = 0; i < n && i < MAX_CHOSEN && k < max; i++) {
        long long id = web_parse_id(f[i]->value);
        if (id > 0)
            out[k++] = id;
    }
    return k;
}

static bool has_id(const int64_t *ids, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (ids[i] == id)
            return true;
    return false;
}

/* People and staff as checkboxes, checked when in the chosen lists. */
static json_t *people_json(struct req *r, const struct wt_person_row *p, size_t n, bool staff,
                           const int64_t *chosen, size_t nchosen)
{
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        int64_t id = staff ? p[i].user_id : p[i].person_id;
        json_t *o = json_object();
        ctx_int(o, "id", id);
        ctx_str(o, "name", p[i].name);
        ctx_str(o, "role", p[i].role && *p[i].role ? p[i].role : NULL);
        ctx_str(o, "org", p[i].org_name);
        ctx_bool(o, "checked", has_id(chosen, nchosen, id));
        json_array_append_new(list, o);
    }
    return list;
}

static bool load_wijk(struct req *r, db *d, const char *slug, struct wijk *w)
{
    int rc = slug ? area_get_wijk(d, r->a, slug, web_today(r), 0, w) : DB_NOTFOUND;
    if (rc != DB_OK) {
        resp_error(r, rc == DB_NOTFOUND ? 404 : 500);
        return false;
    }
    if (!wijkteam_may_keep(r->user, w->region_id)) {
        resp_error(r, 403);
        return false;
    }
    return true;
}

static void answer_error(struct req *r, enum wijkteam_result res)
{
    resp_error(r, res == WIJKTEAM_FORBIDDEN ? 403 : res == WIJKTEAM_NOT_FOUND ? 404 : 500);
}

/* --- /werk/wijkteam ----------------------------------------------------------- */

static json_t *region_monitor(struct req *r, db *d, int64_t region_id, const char *region_name,
                              int year)
{
    json_t *o = json_object();
    ctx_str(o, "name", region_name);
    int64_t from = 0, to = 0;
    cal_to_unix(cal_from_ymd(year, 1, 1), 0, &from);
    cal_to_unix(cal_from_ymd(year + 1, 1, 1), 0, &to);
    struct wt_count_row *c;
    size_t n;
    json_t *wl = json_array();
    if (wt_counts(d, r->a, region_id, from, to, web_today(r), &c, &n) == DB_OK)
        for (size_t i = 0; i < n; i++) {
            json_t *w = json_object();
            ctx_str(w, "name", c[i].wijk_name);
            ctx_str(w, "url", arena_printf(r->a, "/werk/wijkteam/%s", c[i].wijk_slug));
            ctx_int(w, "frequency", c[i].frequency);
            ctx_bool(w, "has_frequency", c[i].frequency > 0);
            ctx_int(w, "planned", c[i].planned);
            ctx_int(w, "held", c[i].held);
            ctx_bool(w, "behind", c[i].frequency > 0 && c[i].planned < c[i].frequency);
            json_array_append_new(wl, w);
        }
    json_object_set_new(o, "wijken", wl);
    struct wt_attend_row *at;
    size_t na;
    json_t *al = json_array();
    if (wt_attendance(d, r->a, region_id, from, to, web_today(r), &at, &na) == DB_OK)
        for (size_t i = 0; i < na; i++) {
            json_t *x = json_object();
            ctx_str(x, "org", at[i].org_id ? at[i].org_name : T(r, "Medewerkers van de gemeente"));
            ctx_int(x, "invited", at[i].invited);
            ctx_int(x, "present", at[i].present);
            ctx_int(x, "excused", at[i].excused);
            ctx_int(x, "absent", at[i].absent);
            ctx_bool(x, "never", at[i].present == 0);
            json_array_append_new(al, x);
        }
    ctx_bool(o, "has_attendance", json_array_size(al) > 0);
    json_object_set_new(o, "attendance", al);
    return o;
}

/* The organisations of u's partner roles. */
static size_t partner_orgs(const struct user *u, int64_t *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; u && i < u->nroles && n < max; i++)
        if (u->roles[i].role == ROLE_PARTNER && u->roles[i].org_id)
            out[n++] = u->roles[i].org_id;
    return n;
}

json_t *web_wijkteam_invited(struct req *r, db *d)
{
    int64_t orgs[USER_MAX_ROLES];
    size_t norgs = partner_orgs(r->user, orgs, USER_MAX_ROLES);
    struct wt_meeting_row *m;
    size_t n;
    json_t *list = json_array();
    if (r->user && wt_meetings_invited(d, r->a, r->user->id, orgs, norgs, &m, &n) == DB_OK)
        for (size_t i = 0; i < n; i++)
            json_array_append_new(list, meeting_json(r, &m[i]));
    return list;
}

void page_wijkteam_home(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    json_t *ctx = json_object();
    int year = web_parse_year(req_query(r, "jaar"));
    if (!year)
        year = web_this_year();
    ctx_int(ctx, "year", year);
    ctx_int(ctx, "prev_year", year - 1);
    ctx_int(ctx, "next_year", year + 1);
    struct wijk *w;
    size_t nw;
    json_t *regions = json_array();
    if (area_list_wijken(d, r->a, web_today(r), 0, &w, &nw) == DB_OK) {
        int64_t seen[16];
        size_t nseen = 0;
        for (size_t i = 0; i < nw && nseen < 16; i++) {
            if (!w[i].region_id || has_id(seen, nseen, w[i].region_id) ||
                !wijkteam_may_keep(r->user, w[i].region_id))
                continue;
            seen[nseen++] = w[i].region_id;
            struct region reg;
            const char *name =
                area_region_by_id(d, r->a, w[i].region_id, web_today(r), &reg) == DB_OK ? reg.name
                                                                                        : "";
            json_array_append_new(regions, region_monitor(r, d, w[i].region_id, name, year));
        }
    }
    ctx_bool(ctx, "keeps", json_array_size(regions) > 0);
    json_object_set_new(ctx, "regions", regions);
    json_t *inv = web_wijkteam_invited(r, d);
    ctx_bool(ctx, "has_invited", json_array_size(inv) > 0);
    json_object_set_new(ctx, "invited", inv);
    render_page(r, "pages/wijkteam", ctx);
}

/* --- /werk/wijkteam/{slug} ----------------------------------------------------- */

struct team_form {
    const char *frequency;
    const int64_t *persons, *users;
    size_t npersons, nusers;
    const struct wijkteam_problems *pr;
};

static void team_page(struct req *r, db *d, const struct wijk *w, const struct team_form *f)
{
    json_t *ctx = json_object();
    ctx_str(ctx, "wijk", w->name);
    ctx_str(ctx, "action", arena_printf(r->a, "/werk/wijkteam/%s", w->slug));
    ctx_str(ctx, "plan_url", arena_printf(r->a, "/werk/wijkteam/%s/overleg", w->slug));
    ctx_str(ctx, "today", fmt_date(r, web_today(r)));
    struct wt_person_row *people = NULL, *staff = NULL, *members = NULL;
    size_t np = 0, ns = 0, nm = 0;
    int freq = 0;
    int rc = wt_team_get(d, w->id, &freq);
    if ((rc != DB_OK && rc != DB_NOTFOUND) ||
        wt_active_people(d, r->a, w->id, web_today(r), &people, &np) != DB_OK ||
        wt_region_staff(d, r->a, w->region_id, &staff, &ns) != DB_OK ||
        wt_members(d, r->a, w->id, &members, &nm) != DB_OK) {
        json_decref(ctx);
        resp_error(r, 500);
        return;
    }
    int64_t pids[MAX_CHOSEN], uids[MAX_CHOSEN];
    size_t npid = 0, nuid = 0;
    if (f) {
        npid = f->npersons < MAX_CHOSEN ? f->npersons : MAX_CHOSEN;
        nuid = f->nusers < MAX_CHOSEN ? f->nusers : MAX_CHOSEN;
        memcpy(pids, f->persons, npid * sizeof *pids);
        memcpy(uids, f->users, nuid * sizeof *uids);
    } else {
        for (size_t i = 0; i < nm; i++) {
            if (members[i].person_id && npid < MAX_CHOSEN)
                pids[npid++] = members[i].person_id;
            if (members[i].user_id && nuid < MAX_CHOSEN)
                uids[nuid++] = members[i].user_id;
        }
    }
    json_t *v = json_object();
    ctx_str(v, "frequency",
            f             ? (f->frequency ? f->frequency : "")
            : rc == DB_OK ? arena_printf(r->a, "%d", freq)
                          : "6");
    json_object_set_new(ctx, "v", v);
    json_object_set_new(ctx, "people", people_json(r, people, np, false, pids, npid));
    ctx_bool(ctx, "has_people", np > 0);
    json_object_set_new(ctx, "staff", people_json(r, staff, ns, true, uids, nuid));
    json_t *ml = json_array();
    for (size_t i = 0; i < nm; i++) {
        json_t *o = json_object();
        ctx_str(o, "name", members[i].name);
        ctx_str(o, "org", members[i].org_name);
        ctx_str(o, "role", members[i].role && *members[i].role ? members[i].role : NULL);
        json_array_append_new(ml, o);
    }
    ctx_bool(ctx, "has_members", nm > 0);
    json_object_set_new(ctx, "members", ml);
    struct wt_meeting_row *m;
    size_t n;
    json_t *list = json_array();
    if (wt_meeting_list(d, r->a, w->id, &m, &n) == DB_OK)
        for (size_t i = 0; i < n; i++)
            json_array_append_new(list, meeting_json(r, &m[i]));
    ctx_bool(ctx, "has_meetings", json_array_size(list) > 0);
    json_object_set_new(ctx, "meetings", list);
    problems_json(r, ctx, f ? f->pr : NULL, "t");
    render_page(r, "pages/wijkteam_wijk", ctx);
}

void page_wijkteam_wijk(struct req *r)
{
    db *d = web_db(r);
    struct wijk w;
    if (d && load_wijk(r, d, req_param(r, 0), &w))
        team_page(r, d, &w, NULL);
}

void page_wijkteam_wijk_post(struct req *r)
{
    db *d = web_db(r);
    struct wijk w;
    if (!d || !load_wijk(r, d, req_param(r, 0), &w))
        return;
    int64_t persons[MAX_CHOSEN], users[MAX_CHOSEN];
    struct wijkteam_input in = {
        .frequency = req_field(r, "frequency"), .persons = persons, .users = users};
    in.npersons = chosen_ids(r, "person", persons, MAX_CHOSEN);
    in.nusers = chosen_ids(r, "user", users, MAX_CHOSEN);
    struct wijkteam_problems pr;
    enum wijkteam_result res = wijkteam_set(d, r->a, r->user, w.id, w.region_id, &in, web_today(r),
                                            (int64_t)time(NULL), &pr);
    if (res == WIJKTEAM_OK) {
        flash_set(r, "ok", "saved");
        resp_redirect(r, arena_printf(r->a, "/werk/wijkteam/%s", w.slug));
    } else if (res == WIJKTEAM_INVALID) {
        r->status = 400;
        struct team_form f = {in.frequency, persons, users, in.npersons, in.nusers, &pr};
        team_page(r, d, &w, &f);
    } else {
        answer_error(r, res);
    }
}

/* --- planning a meeting ----------------------------------------------------------- */

struct plan_form {
    const struct wijkteam_meeting_input *in;
    const struct wijkteam_problems *pr;
};

/* The form to plan a meeting (m NULL) or to change a planned one. */
static void plan_page(struct req *r, db *d, const struct wijk *w, const struct wt_meeting_row *m,
                      const struct plan_form *f)
{
    json_t *ctx = json_object();
    ctx_str(ctx, "wijk", w->name);
    ctx_str(ctx, "wijk_url", arena_printf(r->a, "/werk/wijkteam/%s", w->slug));
    ctx_bool(ctx, "change", m != NULL);
    ctx_str(ctx, "action",
            m ? arena_printf(r->a, "%s/wijzigen", meeting_url(r, m->id))
              : arena_printf(r->a, "/werk/wijkteam/%s/overleg", w->slug));
    struct wt_person_row *people = NULL, *staff = NULL, *members = NULL;
    size_t np = 0, ns = 0, nm = 0;
    if (wt_active_people(d, r->a, w->id, web_today(r), &people, &np) != DB_OK ||
        wt_region_staff(d, r->a, w->region_id, &staff, &ns) != DB_OK ||
        (m ? wt_invitees(d, r->a, m->id, &members, &nm)
           : wt_members(d, r->a, w->id, &members, &nm)) != DB_OK) {
        json_decref(ctx);
        resp_error(r, 500);
        return;
    }
    int64_t pids[MAX_CHOSEN], uids[MAX_CHOSEN];
    size_t npid = 0, nuid = 0;
    const struct wijkteam_meeting_input *in = f ? f->in : NULL;
    if (in) {
        npid = in->npersons < MAX_CHOSEN ? in->npersons : MAX_CHOSEN;
        nuid = in->nusers < MAX_CHOSEN ? in->nusers : MAX_CHOSEN;
        memcpy(pids, in->persons, npid * sizeof *pids);
        memcpy(uids, in->users, nuid * sizeof *uids);
    } else {
        for (size_t i = 0; i < nm; i++) {
            if (members[i].person_id && npid < MAX_CHOSEN)
                pids[npid++] = members[i].person_id;
            if (members[i].user_id && nuid < MAX_CHOSEN)
                uids[nuid++] = members[i].user_id;
        }
    }
    /* a changed meeting keeps offering whom it invited, also when they
     * have left the wijk since */
    for (size_t i = 0; m && i < nm; i++)
        if (members[i].person_id) {
            bool listed = false;
            for (size_t k = 0; k < np; k++)
                listed |= people[k].person_id == members[i].person_id;
            if (!listed) {
                struct wt_person_row *more = arena_alloc(r->a, (np + 1) * sizeof *more);
                if (!more)
                    break;
                if (np)
                    memcpy(more, people, np * sizeof *more);
                more[np++] = members[i];
                people = more;
            }
        }
    json_t *v = json_object();
    if (in) {
        ctx_str(v, "date", in->date ? web_date_typed(r, in->date) : "");
        ctx_str(v, "start", in->start ? in->start : "");
        ctx_str(v, "end", in->end ? in->end : "");
        ctx_str(v, "place", in->place ? in->place : "");
    } else {
        ctx_str(v, "date", m ? web_date_typed(r, iso_day(r, m->starts_at)) : "");
        ctx_str(v, "start", m ? clock_of(r, m->starts_at) : "19:30");
        ctx_str(v, "end", m ? clock_of(r, m->ends_at) : "21:30");
        ctx_str(v, "place", m ? m->place : "");
    }
    json_object_set_new(ctx, "v", v);
    json_object_set_new(ctx, "people", people_json(r, people, np, false, pids, npid));
    ctx_bool(ctx, "has_people", np > 0);
    json_object_set_new(ctx, "staff", people_json(r, staff, ns, true, uids, nuid));
    problems_json(r, ctx, f ? f->pr : NULL, "o");
    render_page(r, "pages/wijkteam_plan", ctx);
}

void page_wijkteam_plan(struct req *r)
{
    db *d = web_db(r);
    struct wijk w;
    if (d && load_wijk(r, d, req_param(r, 0), &w))
        plan_page(r, d, &w, NULL, NULL);
}

/* Reads the planning form and saves meeting id (0: a new one). */
static void plan_post(struct req *r, db *d, const struct wijk *w, const struct wt_meeting_row *m)
{
    int64_t persons[MAX_CHOSEN], users[MAX_CHOSEN];
    struct wijkteam_meeting_input in = {.date = web_date_field(r, "date"),
                                        .start = req_field(r, "start"),
                                        .end = req_field(r, "end"),
                                        .place = req_field(r, "place"),
                                        .invitees_given = true,
                                        .persons = persons,
                                        .users = users};
    in.npersons = chosen_ids(r, "person", persons, MAX_CHOSEN);
    in.nusers = chosen_ids(r, "user", users, MAX_CHOSEN);
    struct wijkteam_problems pr;
    int64_t id = m ? m->id : 0;
    enum wijkteam_result res = wijkteam_meeting_save(d, r->a, r->user, id, w->id, w->region_id, &in,
                                                     web_today(r), (int64_t)time(NULL), &pr, &id);
    if (res == WIJKTEAM_OK) {
        flash_set(r, "ok", "saved");
        resp_redirect(r, meeting_url(r, id));
    } else if (res == WIJKTEAM_INVALID) {
        r->status = 400;
        struct plan_form f = {&in, &pr};
        plan_page(r, d, w, m, &f);
    } else {
        answer_error(r, res);
    }
}

void page_wijkteam_plan_post(struct req *r)
{
    db *d = web_db(r);
    struct wijk w;
    if (d && load_wijk(r, d, req_param(r, 0), &w))
        plan_post(r, d, &w, NULL);
}

/* --- a meeting -------------------------------------------------------------------- */

/* What a form on the meeting's page sent back: which form (agenda,
 * attendance or the item item_id) and its problems. */
struct meeting_form {
    const char *which;
    int64_t item_id;
    const struct wijkteam_problems *pr;
    const char *kind, *topic, *signal, *focus, *knowledge, *inventory;
    const int64_t *att_ids;
    const char *const *att_values;
    size_t natt;
    const struct wijkteam_minutes_input *mi;
};

/* The meeting of the path and its wijk's region; 404 when there is none,
 * 403 when r's user may not read it. */
static bool load_meeting(struct req *r, db *d, struct wt_meeting_row *m, int64_t *region_id)
{
    long long id = web_parse_id(req_param(r, 0));
    int rc = id > 0 ? wt_meeting_get(d, r->a, id, m) : DB_NOTFOUND;
    if (rc != DB_OK) {
        resp_error(r, rc == DB_NOTFOUND ? 404 : 500);
        return false;
    }
    struct wijk w;
    *region_id =
        area_get_wijk(d, r->a, m->wijk_slug, web_today(r), 0, &w) == DB_OK ? w.region_id : 0;
    if (!wijkteam_meeting_readable(d, r->a, r->user, m, *region_id)) {
        resp_error(r, 403);
        return false;
    }
    return true;
}

/* s on one line, cut after max characters with an ellipsis. */
static const char *shorten(struct req *r, const char *s, size_t max)
{
    if (!s)
        return "";
    char *c = arena_strdup(r->a, s);
    if (!c)
        return "";
    for (char *p = c; *p; p++)
        if (*p == '\r' || *p == '\n' || *p == '\t')
            *p = ' ';
    size_t len = strlen(c), cut = utf8_prefix_chars(c, len, max);
    if (cut >= len)
        return c;
    c[cut] = '\0';
    return arena_printf(r->a, "%s…", c);
}

static const char *item_label(struct req *r, const struct wt_item_row *it)
{
    if (strcmp(it->kind, "onderwerp") == 0)
        return it->topic;
    if (strcmp(it->kind, "focuspunt") == 0) {
        char code[FOCUS_CODE_LEN];
        focus_code(it->ref_number, it->ref_extra ? it->ref_extra : "", code);
        return arena_printf(r->a, "%s %s: %s", T(r, "Focuspunt"), code,
                            it->ref_title ? it->ref_title : "");
    }
    if (strcmp(it->kind, "melding") == 0) {
        /* number, category and street only */
        if (!it->ref_title)
            return arena_printf(r->a, "%s %lld", T(r, "Melding"), (long long)it->ref_id);
        return arena_printf(r->a, "%s %lld: %s%s%s", T(r, "Melding"), (long long)it->ref_id,
                            it->ref_title, it->ref_extra ? ", " : "",
                            it->ref_extra ? it->ref_extra : "");
    }
    if (strcmp(it->kind, "inventaris") == 0) {
        const char *src = focus_label(focus_inventory_sources, it->ref_title);
        return arena_printf(r->a, "%s: %s (%s)", T(r, "Uit de inventarisatie"),
                            shorten(r, it->ref_extra, 160),
                            src ? T(r, src) : (it->ref_title ? it->ref_title : ""));
    }
    return arena_printf(r->a, "%s: %s", T(r, "Kennis van de wijk"),
                        it->ref_title ? it->ref_title : "");
}

/* Where a reader of the minutes finds a follow-up action's focus point: its
 * plan in the back office for who may read that, else its public page once
 * the college decided it, else nowhere (no link that answers 403). */
static const char *action_focus_url(struct req *r, const struct wt_item_action_row *x)
{
    if (policy_allows(r->user, ACT_FOCUS_VIEW, NULL))
        return arena_printf(r->a, "/werk/focuspunten/%lld#acties", (long long)x->focus_id);
    if (x->focus_status && focus_status_public(x->focus_status))
        return arena_printf(r->a, "/focuspunten/%lld", (long long)x->focus_id);
    return NULL;
}

static json_t *code_options(struct req *r, const struct wijkteam_code *list, const char *chosen)
{
    json_t *a = json_array();
    for (size_t i = 0; list[i].code; i++)
        json_array_append_new(a, json_pack("{s:s,s:s,s:b}", "code", list[i].code, "label",
                                           T(r, list[i].label), "selected",
                                           chosen && strcmp(chosen, list[i].code) == 0));
    return a;
}

static json_t *org_options(struct req *r, db *d, const char *kind, const char *chosen)
{
    struct organisation *o;
    size_t n;
    json_t *a = json_array();
    if (org_list(d, r->a, kind, &o, &n) == DB_OK)
        for (size_t i = 0; i < n; i++) {
            const char *id = arena_printf(r->a, "%lld", (long long)o[i].id);
            json_array_append_new(a, json_pack("{s:s,s:s,s:b}", "id", id, "name", o[i].name,
                                               "selected", chosen && strcmp(chosen, id) == 0));
        }
    return a;
}

static void meeting_page(struct req *r, db *d, const struct wt_meeting_row *m, int64_t region_id,
                         const struct meeting_form *f)
{
    bool keeps = wijkteam_may_keep(r->user, region_id);
    json_t *ctx = meeting_json(r, m);
    ctx_bool(ctx, "keeps", keeps);
    ctx_str(ctx, "wijk_url", arena_printf(r->a, "/werk/wijkteam/%s", m->wijk_slug));
    ctx_str(ctx, "agenda_action", arena_printf(r->a, "%s/agenda", meeting_url(r, m->id)));
    ctx_str(ctx, "change_url", arena_printf(r->a, "%s/wijzigen", meeting_url(r, m->id)));
    ctx_str(ctx, "attendance_action", arena_printf(r->a, "%s/aanwezigheid", meeting_url(r, m->id)));
    bool started = m->starts_at <= (int64_t)time(NULL);
    /* also when the attendance form came back refused, so that its
     * message's link has the form to go to */
    ctx_bool(ctx, "may_attend",
             keeps && (started || (f && f->which && strcmp(f->which, "attendance") == 0)));
    struct wt_person_row *inv;
    size_t ni;
    struct wt_item_row *items;
    size_t nit;
    struct wt_item_action_row *acts;
    size_t nact;
    struct wt_choice *fc;
    size_t nfc;
    if (wt_invitees(d, r->a, m->id, &inv, &ni) != DB_OK ||
        wt_items(d, r->a, m->id, &items, &nit) != DB_OK ||
        wt_item_actions(d, r->a, m->id, &acts, &nact) != DB_OK ||
        wt_focus_choices(d, r->a, m->area_id, &fc, &nfc) != DB_OK) {
        json_decref(ctx);
        resp_error(r, 500);
        return;
    }
    json_t *il = json_array();
    for (size_t i = 0; i < ni; i++) {
        json_t *o = json_object();
        ctx_int(o, "id", inv[i].id);
        ctx_int(o, "pos", (long long)i + 1);
        ctx_str(o, "name", inv[i].name);
        ctx_str(o, "org", inv[i].org_name);
        ctx_str(o, "role", inv[i].role && *inv[i].role ? inv[i].role : NULL);
        const char *att = inv[i].attendance;
        if (f && f->att_ids) {
            att = NULL;
            for (size_t k = 0; k < f->natt; k++)
                if (f->att_ids[k] == inv[i].id)
                    att = f->att_values[k];
        }
        const char *label = wijkteam_label(wijkteam_attendances, inv[i].attendance);
        ctx_str(o, "attendance", label ? T(r, label) : NULL);
        json_object_set_new(o, "options", code_options(r, wijkteam_attendances, att));
        json_array_append_new(il, o);
    }
    json_object_set_new(ctx, "invitees", il);
    json_t *itl = json_array();
    for (size_t i = 0; i < nit; i++) {
        const struct wt_item_row *it = &items[i];
        json_t *o = json_object();
        bool this_form = f && f->which && strcmp(f->which, "item") == 0 && f->item_id == it->id;
        ctx_int(o, "id", it->id);
        ctx_int(o, "position", it->position);
        ctx_bool(o, "open", this_form);
        ctx_str(o, "label", item_label(r, it));
        ctx_str(o, "kind", T(r, wijkteam_label(wijkteam_item_kinds, it->kind)));
        bool is_focus = strcmp(it->kind, "focuspunt") == 0;
        if (is_focus) {
            struct wt_item_action_row fx = {.focus_id = it->ref_id, .focus_status = it->ref_status};
            ctx_str(o, "focus_url", action_focus_url(r, &fx));
        }
        ctx_str(o, "minutes_html_trusted", *it->minutes ? web_markdown(r, it->minutes, 3) : NULL);
        ctx_str(o, "decision", *it->decision ? it->decision : NULL);
        json_t *al = json_array();
        for (size_t k = 0; k < nact; k++) {
            if (acts[k].item_id != it->id)
                continue;
            json_t *x = json_object();
            ctx_str(x, "title", acts[k].title);
            ctx_str(x, "focus", fmt_focus_code(r, acts[k].focus_number, acts[k].focus_period));
            ctx_str(x, "focus_title", acts[k].focus_title);
            ctx_str(x, "url", action_focus_url(r, &acts[k]));
            json_array_append_new(al, x);
        }
        ctx_bool(o, "has_actions", json_array_size(al) > 0);
        json_object_set_new(o, "actions", al);
        /* the form of a posted item shows also when the meeting is not
         * held yet, so that its message's link has a field to go to */
        ctx_bool(o, "show_form", keeps && (m->held_at || this_form));
        ctx_str(o, "form_action",
                arena_printf(r->a, "%s/punt/%lld", meeting_url(r, m->id), (long long)it->id));
        const struct wijkteam_minutes_input *mi = this_form ? f->mi : NULL;
        json_t *v = json_object();
        ctx_str(v, "minutes", mi ? (mi->minutes ? mi->minutes : "") : it->minutes);
        ctx_str(v, "decision", mi ? (mi->decision ? mi->decision : "") : it->decision);
        ctx_bool(v, "action", mi && mi->action);
        ctx_str(v, "action_title", mi && mi->action_title ? mi->action_title : "");
        ctx_str(v, "due_on", mi && mi->due_on ? web_date_typed(r, mi->due_on) : "");
        json_object_set_new(o, "v", v);
        const char *chosen_focus =
            mi && mi->action_focus && *mi->action_focus
                ? mi->action_focus
                : (is_focus ? arena_printf(r->a, "%lld", (long long)it->ref_id) : NULL);
        json_t *fl = json_array();
        for (size_t k = 0; k < nfc; k++) {
            const char *id = arena_printf(r->a, "%lld", (long long)fc[k].id);
            json_array_append_new(
                fl,
                json_pack("{s:s,s:s,s:b}", "id", id, "name",
                          arena_printf(r->a, "%s: %s", fmt_focus_code(r, fc[k].number, fc[k].extra),
                                       fc[k].title),
                          "selected", chosen_focus && strcmp(chosen_focus, id) == 0));
        }
        json_object_set_new(o, "action_focus_choices", fl);
        const char *kind = mi ? mi->owner_kind : NULL;
        json_object_set_new(o, "owner_kinds",
                            json_pack("[{s:s,s:s,s:b},{s:s,s:s,s:b}]", "code", "afdeling", "label",
                                      T(r, "Afdeling"), "selected",
                                      kind && strcmp(kind, "afdeling") == 0, "code", "partner",
                                      "label", T(r, "Partner"), "selected",
                                      kind && strcmp(kind, "partner") == 0));
        const char *org = mi ? mi->owner_org : NULL;
        bool dept = kind && strcmp(kind, "afdeling") == 0;
        json_object_set_new(o, "departments", org_options(r, d, "department", dept ? org : NULL));
        json_object_set_new(o, "partners", org_options(r, d, "partner", dept ? NULL : org));
        json_t *err = json_object();
        for (size_t k = 0; this_form && f->pr && k < f->pr->n; k++)
            if (!json_object_get(err, f->pr->p[k].field))
                ctx_str(err, f->pr->p[k].field, T(r, f->pr->p[k].msgid));
        json_object_set_new(o, "err", err);
        json_array_append_new(itl, o);
    }
    ctx_bool(ctx, "has_items", nit > 0);
    json_object_set_new(ctx, "items", itl);
    /* the agenda form */
    bool agenda_form = f && f->which && strcmp(f->which, "agenda") == 0;
    json_t *av = json_object();
    ctx_str(av, "topic", agenda_form && f->topic ? f->topic : "");
    ctx_str(av, "signal", agenda_form && f->signal ? f->signal : "");
    ctx_bool(ctx, "has_focus_choices", nfc > 0);
    json_object_set_new(ctx, "av", av);
    json_object_set_new(ctx, "kinds",
                        code_options(r, wijkteam_item_kinds, agenda_form ? f->kind : NULL));
    struct wt_choice *c;
    size_t nc;
    json_t *fl = json_array(), *kl = json_array(), *vl = json_array();
    for (size_t i = 0; i < nfc; i++) {
        const char *id = arena_printf(r->a, "%lld", (long long)fc[i].id);
        json_array_append_new(fl,
                              json_pack("{s:s,s:s,s:b}", "id", id, "name", fc[i].title, "selected",
                                        agenda_form && f->focus && strcmp(f->focus, id) == 0));
    }
    if (wt_knowledge_choices(d, r->a, m->area_id, &c, &nc) == DB_OK)
        for (size_t i = 0; i < nc; i++) {
            const char *id = arena_printf(r->a, "%lld", (long long)c[i].id);
            json_array_append_new(
                kl, json_pack("{s:s,s:s,s:b}", "id", id, "name", c[i].title, "selected",
                              agenda_form && f->knowledge && strcmp(f->knowledge, id) == 0));
        }
    /* the inventory's input: its source and the start of its text */
    if (wt_inventory_choices(d, r->a, m->area_id, &c, &nc) == DB_OK)
        for (size_t i = 0; i < nc; i++) {
            const char *id = arena_printf(r->a, "%lld", (long long)c[i].id);
            const char *src = focus_label(focus_inventory_sources, c[i].extra);
            json_array_append_new(
                vl, json_pack("{s:s,s:s,s:b}", "id", id, "name",
                              arena_printf(r->a, "%s (%s)", shorten(r, c[i].title, 80),
                                           src ? T(r, src) : c[i].extra),
                              "selected",
                              agenda_form && f->inventory && strcmp(f->inventory, id) == 0));
        }
    json_object_set_new(ctx, "inventory_choices", vl);
    json_object_set_new(ctx, "focus_choices", fl);
    json_object_set_new(ctx, "knowledge_choices", kl);
    const char *prefix = !f ? "w"
                         : strcmp(f->which, "item") == 0
                             ? arena_printf(r->a, "p%lld", (long long)f->item_id)
                             : "w";
    problems_json(r, ctx, f ? f->pr : NULL, prefix);
    render_page(r, "pages/wijkteam_overleg", ctx);
}

void page_wijkteam_meeting(struct req *r)
{
    db *d = web_db(r);
    struct wt_meeting_row m;
    int64_t region_id;
    if (d && load_meeting(r, d, &m, &region_id))
        meeting_page(r, d, &m, region_id, NULL);
}

/* The meeting of the path and its wijk, for its regisseur to change. */
static bool load_kept(struct req *r, db *d, struct wt_meeting_row *m, struct wijk *w)
{
    int64_t region_id;
    return load_meeting(r, d, m, &region_id) && load_wijk(r, d, m->wijk_slug, w);
}

void page_wijkteam_change(struct req *r)
{
    db *d = web_db(r);
    struct wt_meeting_row m;
    struct wijk w;
    if (d && load_kept(r, d, &m, &w))
        plan_page(r, d, &w, &m, NULL);
}

void page_wijkteam_change_post(struct req *r)
{
    db *d = web_db(r);
    struct wt_meeting_row m;
    struct wijk w;
    if (d && load_kept(r, d, &m, &w))
        plan_post(r, d, &w, &m);
}

static void after(struct req *r, db *d, const struct wt_meeting_row *m, int64_t region_id,
                  enum wijkteam_result res, const char *anchor, const struct meeting_form *f)
{
    if (res == WIJKTEAM_OK) {
        flash_set(r, "ok", "saved");
        resp_redirect(r, arena_printf(r->a, "%s#%s", meeting_url(r, m->id), anchor));
    } else if (res == WIJKTEAM_INVALID) {
        r->status = 400;
        meeting_page(r, d, m, region_id, f);
    } else {
        answer_error(r, res);
    }
}

void page_wijkteam_agenda_post(struct req *r)
{
    db *d = web_db(r);
    struct wt_meeting_row m;
    int64_t region_id;
    if (!d || !load_meeting(r, d, &m, &region_id))
        return;
    struct meeting_form f = {.which = "agenda",
                             .kind = req_field(r, "kind"),
                             .topic = req_field(r, "topic"),
                             .signal = req_field(r, "signal"),
                             .focus = req_field(r, "focus"),
                             .knowledge = req_field(r, "knowledge"),
                             .inventory = req_field(r, "inventory")};
    const char *kind = f.kind ? f.kind : "";
    const char *ref = strcmp(kind, "melding") == 0      ? f.signal
                      : strcmp(kind, "focuspunt") == 0  ? f.focus
                      : strcmp(kind, "inventaris") == 0 ? f.inventory
                      : strcmp(kind, "kennis") == 0     ? f.knowledge
                                                        : NULL;
    struct wijkteam_problems pr;
    f.pr = &pr;
    enum wijkteam_result res = wijkteam_item_add(d, r->a, r->user, &m, region_id, f.kind, f.topic,
                                                 ref, (int64_t)time(NULL), &pr);
    after(r, d, &m, region_id, res, "agenda", &f);
}

void page_wijkteam_attendance_post(struct req *r)
{
    db *d = web_db(r);
    struct wt_meeting_row m;
    int64_t region_id;
    if (!d || !load_meeting(r, d, &m, &region_id))
        return;
    struct wt_person_row *inv;
    size_t ni;
    if (wt_invitees(d, r->a, m.id, &inv, &ni) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    int64_t *ids = arena_alloc(r->a, (ni + 1) * sizeof *ids);
    const char **values = arena_alloc(r->a, (ni + 1) * sizeof *values);
    if (!ids || !values) {
        resp_error(r, 500);
        return;
    }
    /* pairs inv<k> (the invitee) and att<k> (the answer), k = 1 .. ni */
    for (size_t i = 0; i < ni; i++) {
        long long id = web_parse_id(req_field(r, arena_printf(r->a, "inv%zu", i + 1)));
        ids[i] = id > 0 ? id : 0;
        values[i] = req_field(r, arena_printf(r->a, "att%zu", i + 1));
    }
    struct wijkteam_problems pr;
    struct meeting_form f = {
        .which = "attendance", .pr = &pr, .att_ids = ids, .att_values = values, .natt = ni};
    enum wijkteam_result res = wijkteam_attendance(d, r->a, r->user, &m, region_id, ids, values, ni,
                                                   (int64_t)time(NULL), &pr);
    after(r, d, &m, region_id, res, "aanwezigheid", &f);
}

void page_wijkteam_item_post(struct req *r)
{
    db *d = web_db(r);
    struct wt_meeting_row m;
    int64_t region_id;
    if (!d || !load_meeting(r, d, &m, &region_id))
        return;
    long long item = web_parse_id(req_param(r, 1));
    if (item <= 0) {
        resp_error(r, 404);
        return;
    }
    const char *kind = req_field(r, "owner_kind");
    bool dept = kind && strcmp(kind, "afdeling") == 0;
    struct wijkteam_minutes_input mi = {
        .minutes = req_field(r, "minutes"),
        .decision = req_field(r, "decision"),
        .action = req_field(r, "action") != NULL,
        .action_focus = req_field(r, "action_focus"),
        .action_title = req_field(r, "action_title"),
        .owner_kind = kind,
        .owner_org = req_field(r, dept ? "owner_department" : "owner_partner"),
        .due_on = web_date_field(r, "due_on"),
    };
    struct wijkteam_problems pr;
    struct meeting_form f = {.which = "item", .item_id = item, .pr = &pr, .mi = &mi};
    int64_t aid = 0;
    enum wijkteam_result res = wijkteam_minutes(d, r->a, r->user, &m, region_id, item, &mi,
                                                web_today(r), (int64_t)time(NULL), &pr, &aid);
    after(r, d, &m, region_id, res, arena_printf(r->a, "punt-%lld", item), &f);
}
