/*
 * meetings.c: public meetings (domain/meeting.h). The public list of the
 * city (/bijeenkomsten) and of a wijk (/wijken/{slug}/bijeenkomsten), a
 * meeting's page with the registration form (/bijeenkomsten/{id}), the
 * cancel link's page, iCalendar files (/bijeenkomsten/{id}.ics and the
 * wijk's feed /wijken/{slug}/bijeenkomsten.ics); for the wijkregisseur and
 * the ondersteuner of the region (/werk/bijeenkomsten) the form, the list
 * of registrations, presence at the meeting and the summary afterwards.
 */
#include "web.h"
#include "render.h"

#include "domain/calendar.h"
#include "domain/mailer.h"
#include "domain/meeting.h"
#include "domain/optin.h"
#include "domain/policy.h"
#include "domain/resident.h"
#include "http/server.h"
#include "lib/config.h"
#include "lib/i18n_mark.h"
#include "lib/ical.h"
#include "store/area_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/* The region of a wijk today (0: none), for the permission's scope. */
static int64_t region_of(struct req *r, db *d, const char *slug)
{
    struct wijk w;
    return slug && area_get_wijk(d, r->a, slug, web_today(r), 0, &w) == DB_OK ? w.region_id : 0;
}

static bool may_keep(struct req *r, db *d, const char *slug)
{
    struct scope_target t = {.region_id = region_of(r, d, slug)};
    return t.region_id && policy_allows(r->user, ACT_MEETING_EDIT, &t);
}

static json_t *meeting_json(struct req *r, const struct meeting_row *m, int64_t now)
{
    json_t *o = json_object();
    ctx_int(o, "id", m->id);
    ctx_str(o, "url", arena_printf(r->a, "/bijeenkomsten/%lld", (long long)m->id));
    ctx_str(o, "ics_url", arena_printf(r->a, "/bijeenkomsten/%lld.ics", (long long)m->id));
    ctx_str(o, "edit_url", arena_printf(r->a, "/werk/bijeenkomsten/%lld", (long long)m->id));
    ctx_str(o, "title", m->title);
    const char *kind = meeting_kind_label(m->kind);
    ctx_str(o, "kind", kind ? T(r, kind) : m->kind);
    ctx_str(o, "date", fmt_date(r, iso_day(r, m->starts_at)));
    ctx_str(o, "start", clock_of(r, m->starts_at));
    ctx_str(o, "end", clock_of(r, m->ends_at));
    ctx_str(o, "place", m->place);
    ctx_bool(o, "accessible", m->accessible);
    ctx_str(o, "topic_label", web_topic_label(r, m->topic));
    ctx_str(o, "agenda", m->agenda);
    ctx_str(o, "wijk", m->wijk_name);
    ctx_str(o, "wijk_url", arena_printf(r->a, "/wijken/%s", m->wijk_slug));
    ctx_int(o, "capacity", m->capacity);
    ctx_int(o, "registered", m->registered);
    ctx_int(o, "waiting", m->waiting);
    ctx_int(o, "attended", m->attended);
    int left = m->capacity - m->registered;
    ctx_int(o, "left", left > 0 ? left : 0);
    ctx_bool(o, "full", left <= 0 || m->waiting > 0);
    ctx_bool(o, "one_left", left == 1 && m->waiting == 0);
    ctx_bool(o, "upcoming", now < m->starts_at);
    ctx_bool(o, "has_summary", m->summary && *m->summary);
    return o;
}

static json_t *list_json(struct req *r, db *d, const struct meeting_filter *f, size_t limit,
                         int64_t now)
{
    struct meeting_row *m;
    size_t n;
    json_t *list = json_array();
    if (meeting_list(d, r->a, f, limit, &m, &n) == DB_OK)
        for (size_t i = 0; i < n; i++)
            json_array_append_new(list, meeting_json(r, &m[i], now));
    return list;
}

static void lists(struct req *r, db *d, int64_t area_id, json_t *ctx)
{
    int64_t now = (int64_t)time(NULL);
    struct meeting_filter up = {.area_id = area_id, .from = now};
    struct meeting_filter past = {
        .area_id = area_id, .from = now - 365L * 86400, .to = now, .newest_first = true};
    json_t *u = list_json(r, d, &up, 100, now), *p = list_json(r, d, &past, 10, now);
    ctx_bool(ctx, "has_upcoming", json_array_size(u) > 0);
    ctx_bool(ctx, "has_past", json_array_size(p) > 0);
    json_object_set_new(ctx, "upcoming", u);
    json_object_set_new(ctx, "past", p);
}

void meeting_wijk_upcoming(struct req *r, db *d, const struct wijk *w, json_t *ctx)
{
    int64_t now = (int64_t)time(NULL);
    struct meeting_filter up = {.area_id = w->id, .from = now};
    ctx_str(ctx, "meetings_url", arena_printf(r->a, "/wijken/%s/bijeenkomsten", w->slug));
    ctx_str(ctx, "meetings_ics", arena_printf(r->a, "/wijken/%s/bijeenkomsten.ics", w->slug));
    json_t *u = list_json(r, d, &up, 5, now);
    ctx_bool(ctx, "has_meetings", json_array_size(u) > 0);
    json_object_set_new(ctx, "meetings", u);
}

void page_meetings(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    json_t *ctx = json_object();
    ctx_str(ctx, "heading", T(r, "Bijeenkomsten in de wijken"));
    lists(r, d, 0, ctx);
    render_page(r, "pages/bijeenkomsten", ctx);
}

static bool load_wijk(struct req *r, db *d, struct wijk *w)
{
    int rc = area_get_wijk(d, r->a, req_param(r, 0), web_today(r), 0, w);
    if (rc != DB_OK)
        resp_error(r, rc == DB_NOTFOUND ? 404 : 500);
    return rc == DB_OK;
}

void page_wijk_meetings(struct req *r)
{
    db *d = web_db(r);
    struct wijk w;
    if (!d || !load_wijk(r, d, &w))
        return;
    json_t *ctx = json_object();
    ctx_str(ctx, "heading", arena_printf(r->a, "%s: %s", T(r, "Bijeenkomsten"), w.name));
    ctx_str(ctx, "wijk", w.name);
    ctx_str(ctx, "wijk_url", arena_printf(r->a, "/wijken/%s", w.slug));
    ctx_str(ctx, "feed_url", arena_printf(r->a, "/wijken/%s/bijeenkomsten.ics", w.slug));
    lists(r, d, w.id, ctx);
    render_page(r, "pages/bijeenkomsten", ctx);
}

/* --- iCalendar (RFC 5545) ------------------------------------------------------------ */

static int local_prop(buf *b, const char *name, int64_t t)
{
    struct cal_local l;
    int y, m, dd;
    if (cal_from_unix(t, &l) != 0 || cal_to_ymd(l.date, &y, &m, &dd) != 0)
        return -1;
    return ical_local_time(b, name, y, m, dd, l.sec_of_day);
}

static void vevent(struct req *r, buf *b, const struct meeting_row *m, const char *base,
                   const char *host)
{
    const char *url = arena_printf(r->a, "%s/bijeenkomsten/%lld", base, (long long)m->id);
    const char *kind = meeting_kind_label(m->kind);
    const char *desc =
        arena_printf(r->a, "%s\n\n%s\n%s\n%s", kind ? T(r, kind) : "", m->agenda ? m->agenda : "",
                     m->accessible ? T(r, "De plaats is rolstoeltoegankelijk.")
                                   : T(r, "De plaats is niet rolstoeltoegankelijk."),
                     url);
    buf_puts(b, "BEGIN:VEVENT\r\n");
    ical_line(b, "UID", arena_printf(r->a, "bijeenkomst-%lld@%s", (long long)m->id, host));
    ical_utc_time(b, "DTSTAMP", m->updated_at);
    local_prop(b, "DTSTART", m->starts_at);
    local_prop(b, "DTEND", m->ends_at);
    ical_text(b, "SUMMARY", m->title);
    ical_text(b, "LOCATION", m->place);
    ical_text(b, "DESCRIPTION", desc);
    ical_line(b, "URL", url);
    buf_puts(b, "END:VEVENT\r\n");
}

/* The host of the base URL (no scheme, port or path), for UIDs. */
static const char *host_of(struct req *r, const char *base)
{
    const char *h = strstr(base, "://");
    h = h ? h + 3 : base;
    size_t n = strcspn(h, ":/");
    return n ? arena_strndup(r->a, h, n) : "wijkregie";
}

static void calendar(struct req *r, const struct meeting_row *m, size_t n, const char *name)
{
    const char *base = web_base_url(r);
    const char *host = host_of(r, base);
    buf *b = &r->body_out;
    buf_reset(b);
    buf_puts(b, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
    ical_line(b, "PRODID", "-//Gemeente Zoetermeer//wijkregie//NL");
    buf_puts(b, "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n");
    ical_text(b, "X-WR-CALNAME", name);
    ical_line(b, "X-WR-TIMEZONE", "Europe/Amsterdam");
    ical_vtimezone_amsterdam(b);
    for (size_t i = 0; i < n; i++)
        vevent(r, b, &m[i], base, host);
    buf_puts(b, "END:VCALENDAR\r\n");
    r->status = 200;
    r->content_type_out = "text/calendar; charset=utf-8";
    r->cacheable_public = true;
}

void page_wijk_meetings_ics(struct req *r)
{
    db *d = web_db(r);
    struct wijk w;
    if (!d || !load_wijk(r, d, &w))
        return;
    int64_t now = (int64_t)time(NULL);
    struct meeting_filter f = {.area_id = w.id, .from = now - 180L * 86400};
    struct meeting_row *m;
    size_t n;
    if (meeting_list(d, r->a, &f, 500, &m, &n) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    calendar(r, m, n, arena_printf(r->a, "%s: %s", T(r, "Bijeenkomsten"), w.name));
}

/* --- a meeting's page and registration ---------------------------------------------- */

static bool load_meeting(struct req *r, db *d, const char *param, struct meeting_row *m)
{
    long long id = web_parse_id(param);
    int rc = id > 0 ? meeting_get(d, r->a, id, m) : DB_NOTFOUND;
    if (rc != DB_OK)
        resp_error(r, rc == DB_NOTFOUND ? 404 : 500);
    return rc == DB_OK;
}

static void problems_json(struct req *r, json_t *ctx, const struct meeting_problem *p, size_t np,
                          const char *prefix)
{
    json_t *problems = json_array(), *err = json_object();
    for (size_t i = 0; i < np; i++) {
        json_array_append_new(problems, json_pack("{s:s,s:s}", "anchor",
                                                  arena_printf(r->a, "%s-%s", prefix, p[i].field),
                                                  "message", T(r, p[i].msgid)));
        if (!json_object_get(err, p[i].field))
            ctx_str(err, p[i].field, T(r, p[i].msgid));
    }
    ctx_bool(ctx, "has_problems", np > 0);
    json_object_set_new(ctx, "problems", problems);
    json_object_set_new(ctx, "err", err);
}

struct reg_form {
    const char *name, *email;
    const struct meeting_problem *p;
    size_t np;
    const char *notice; /* a msgid shown above the form */
};

static void meeting_page(struct req *r, db *d, const struct meeting_row *m,
                         const struct reg_form *f)
{
    int64_t now = (int64_t)time(NULL);
    json_t *ctx = meeting_json(r, m, now);
    ctx_str(ctx, "agenda_trusted", web_markdown(r, m->agenda, 2));
    if (m->summary && *m->summary)
        ctx_str(ctx, "summary_trusted", web_markdown(r, m->summary, 3));
    ctx_str(ctx, "csrf", req_csrf(r));
    ctx_bool(ctx, "can_edit", may_keep(r, d, m->wijk_slug));
    bool resident = user_is_resident(r->user);
    ctx_bool(ctx, "resident", resident);
    if (resident) {
        ctx_str(ctx, "resident_name", r->user->name);
        struct meeting_reg_row mine;
        const char *who = arena_printf(r->a, "r:%lld", (long long)r->user->id);
        if (meeting_reg_of(d, r->a, m->id, who, &mine) == DB_OK) {
            bool waiting = strcmp(mine.status, "wachtlijst") == 0;
            int place = 0;
            if (waiting)
                meeting_reg_waiting_place(d, m->id, mine.id, &place);
            ctx_bool(ctx, "mine_registered", !waiting);
            ctx_bool(ctx, "mine_waiting", waiting);
            ctx_int(ctx, "mine_place", place);
        }
    }
    json_t *v = json_object();
    ctx_str(v, "name", f && f->name ? f->name : "");
    ctx_str(v, "email", f && f->email ? f->email : "");
    json_object_set_new(ctx, "v", v);
    problems_json(r, ctx, f ? f->p : NULL, f ? f->np : 0, "r");
    if (f && f->notice)
        ctx_str(ctx, "notice", T(r, f->notice));
    const char *done = req_query(r, "aangemeld");
    if (done && strcmp(done, "ja") == 0)
        ctx_bool(ctx, "done_registered", true);
    else if (done && strcmp(done, "wachtlijst") == 0)
        ctx_bool(ctx, "done_waiting", true);
    const char *confirm = req_query(r, "bevestigen");
    if (done && confirm && strcmp(confirm, "ja") == 0) {
        ctx_bool(ctx, "confirm_first", true);
        ctx_int(ctx, "confirm_hours", MEETING_CONFIRM_HOURS);
    }
    render_page(r, "pages/bijeenkomst", ctx);
}

void page_meeting(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    const char *param = req_param(r, 0);
    size_t l = param ? strlen(param) : 0;
    bool ics = l > 4 && strcmp(param + l - 4, ".ics") == 0;
    struct meeting_row m;
    if (!load_meeting(r, d, ics ? arena_strndup(r->a, param, l - 4) : param, &m))
        return;
    if (ics) {
        calendar(r, &m, 1, m.title);
        return;
    }
    meeting_page(r, d, &m, NULL);
}

void page_meeting_register(struct req *r)
{
    db *d = web_db(r);
    struct meeting_row m;
    if (!d || !load_meeting(r, d, req_param(r, 0), &m))
        return;
    bool resident = user_is_resident(r->user);
    struct meeting_registrant who = {.resident = resident ? r->user : NULL};
    struct reg_form f = {0};
    if (!resident) {
        who.name = f.name = req_field(r, "name");
        who.email = f.email = req_field(r, "email");
    }
    struct meeting_problem p[MEETING_MAX_PROBLEMS];
    size_t np = 0;
    int place = 0;
    enum meeting_reg res =
        meeting_register(d, r->a, m.id, &who, (int64_t)time(NULL), web_base_url(r), p, &np, &place);
    switch (res) {
    case MEETING_REGISTERED:
    case MEETING_WAITING: {
        /* an address typed in the form and not confirmed yet: say it must be, in time */
        bool confirmed = true;
        if (!resident && optin_is_confirmed(d, r->a, who.email, &confirmed) != 0)
            confirmed = true;
        mailer_wake();
        resp_redirect(r,
                      arena_printf(r->a, "/bijeenkomsten/%lld?aangemeld=%s%s#aanmelden",
                                   (long long)m.id, res == MEETING_REGISTERED ? "ja" : "wachtlijst",
                                   confirmed ? "" : "&bevestigen=ja"));
        return;
    }
    case MEETING_NOT_FOUND:
        resp_error(r, 404);
        return;
    case MEETING_ERROR:
        resp_error(r, 500);
        return;
    case MEETING_ALREADY:
        f.notice = N_("U bent al aangemeld voor deze bijeenkomst (of staat op de wachtlijst). "
                      "De bevestiging staat in uw e-mail.");
        break;
    case MEETING_CLOSED:
        r->status = 409;
        f.notice = N_("Aanmelden kan niet meer: de bijeenkomst is begonnen of voorbij.");
        break;
    case MEETING_INVALID:
        r->status = 400;
        f.p = p;
        f.np = np;
        break;
    }
    meeting_page(r, d, &m, &f);
}

/* --- cancelling by the link in the e-mail ------------------------------------------- */

static void cancel_page(struct req *r, db *d, const char *token, bool done, bool moved)
{
    json_t *ctx = json_object();
    ctx_str(ctx, "csrf", req_csrf(r));
    ctx_str(ctx, "action", arena_printf(r->a, "/bijeenkomsten/afmelden/%s", token ? token : ""));
    ctx_bool(ctx, "done", done);
    ctx_bool(ctx, "moved_up", moved);
    if (!done) {
        struct meeting_reg_row reg;
        struct meeting_row m;
        if (meeting_cancel_find(d, r->a, token, &reg) == DB_OK &&
            meeting_get(d, r->a, reg.meeting_id, &m) == DB_OK) {
            json_object_set_new(ctx, "meeting", meeting_json(r, &m, (int64_t)time(NULL)));
            ctx_bool(ctx, "on_waiting_list", strcmp(reg.status, "wachtlijst") == 0);
        } else {
            r->status = 404;
            ctx_bool(ctx, "unknown", true);
        }
    }
    render_page(r, "pages/bijeenkomst_afmelden", ctx);
}

void page_meeting_cancel(struct req *r)
{
    db *d = web_db(r);
    if (d)
        cancel_page(r, d, req_param(r, 0), false, false);
}

void page_meeting_cancel_post(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    const char *token = req_param(r, 0);
    bool moved = false;
    int rc = meeting_cancel(d, r->a, token, (int64_t)time(NULL), web_base_url(r), &moved);
    if (rc == DB_NOTFOUND) {
        cancel_page(r, d, token, false, false);
        return;
    }
    if (rc != DB_OK) {
        resp_error(r, 500);
        return;
    }
    if (moved)
        mailer_wake();
    cancel_page(r, d, token, true, moved);
}

/* --- staff ------------------------------------------------------------------------------ */

void page_work_meetings(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    int64_t now = (int64_t)time(NULL);
    struct meeting_filter f = {.from = now - 365L * 86400, .newest_first = true};
    struct meeting_row *m;
    size_t n;
    json_t *list = json_array();
    if (meeting_list(d, r->a, &f, 500, &m, &n) == DB_OK)
        for (size_t i = 0; i < n; i++)
            if (may_keep(r, d, m[i].wijk_slug))
                json_array_append_new(list, meeting_json(r, &m[i], now));
    json_t *ctx = json_object();
    ctx_bool(ctx, "has_meetings", json_array_size(list) > 0);
    json_object_set_new(ctx, "meetings", list);
    render_page(r, "pages/werk_bijeenkomsten", ctx);
}

static void read_form(struct req *r, db *d, struct meeting_input *in, const char **slug)
{
    memset(in, 0, sizeof *in);
    in->kind = req_field(r, "kind");
    in->title = req_field(r, "title");
    in->date = web_date_field(r, "date");
    in->start = req_field(r, "start");
    in->end = req_field(r, "end");
    in->place = req_field(r, "place");
    in->agenda = req_field(r, "agenda");
    in->capacity = req_field(r, "capacity");
    in->topic = req_field(r, "topic");
    in->accessible = req_field(r, "accessible") != NULL;
    *slug = req_field(r, "wijk");
    struct wijk w;
    if (*slug && **slug && area_get_wijk(d, r->a, *slug, web_today(r), 0, &w) == DB_OK) {
        struct scope_target t = {.region_id = w.region_id};
        if (w.region_id && policy_allows(r->user, ACT_MEETING_EDIT, &t))
            in->area_id = w.id;
        else
            in->wijk_outside = true;
    } else {
        in->wijk_unknown = true;
    }
}

struct side_form {
    const char *field, *problem; /* presence or summary */
    const char *postcode, *house_number, *age_band, *summary;
};

static void form_page(struct req *r, db *d, const struct meeting_row *m,
                      const struct meeting_input *in, const char *slug,
                      const struct meeting_problem *p, size_t np, const struct side_form *sf)
{
    json_t *ctx = json_object();
    ctx_str(ctx, "title", m ? T(r, "Bijeenkomst bewerken") : T(r, "Nieuwe bijeenkomst"));
    ctx_str(ctx, "action",
            m ? arena_printf(r->a, "/werk/bijeenkomsten/%lld", (long long)m->id)
              : "/werk/bijeenkomsten/nieuw");
    json_t *v = json_object();
    ctx_str(v, "title", in->title ? in->title : "");
    ctx_str(v, "date", in->date ? web_date_typed(r, in->date) : "");
    ctx_str(v, "start", in->start ? in->start : "");
    ctx_str(v, "end", in->end ? in->end : "");
    ctx_str(v, "place", in->place ? in->place : "");
    ctx_str(v, "agenda", in->agenda ? in->agenda : "");
    ctx_str(v, "capacity", in->capacity ? in->capacity : "");
    ctx_bool(v, "accessible", in->accessible);
    json_object_set_new(ctx, "v", v);
    json_t *kinds = json_array();
    for (size_t i = 0; i < meeting_nkinds; i++)
        json_array_append_new(kinds,
                              json_pack("{s:s,s:s,s:b}", "code", meeting_kinds[i].code, "label",
                                        T(r, meeting_kinds[i].label), "selected",
                                        in->kind && strcmp(in->kind, meeting_kinds[i].code) == 0));
    json_object_set_new(ctx, "kinds", kinds);
    struct wijk *w;
    size_t nw;
    json_t *wl = json_array();
    if (area_list_wijken(d, r->a, web_today(r), 0, &w, &nw) == DB_OK)
        for (size_t i = 0; i < nw; i++) {
            struct scope_target t = {.region_id = w[i].region_id};
            if (!w[i].region_id || !policy_allows(r->user, ACT_MEETING_EDIT, &t))
                continue;
            json_array_append_new(wl, json_pack("{s:s,s:s,s:b}", "slug", w[i].slug, "name",
                                                w[i].name, "selected",
                                                slug ? strcmp(slug, w[i].slug) == 0
                                                     : in->area_id != 0 && w[i].id == in->area_id));
        }
    json_object_set_new(ctx, "wijken", wl);
    problems_json(r, ctx, p, np, "b");
    web_topic_field(r, ctx, "b-topic", in->topic,
                    json_string_value(json_object_get(json_object_get(ctx, "err"), "topic")));
    if (sf && sf->problem) {
        struct meeting_problem sp = {sf->field, sf->problem};
        json_array_append_new(json_object_get(ctx, "problems"),
                              json_pack("{s:s,s:s}", "anchor", arena_printf(r->a, "b-%s", sp.field),
                                        "message", T(r, sp.msgid)));
        ctx_str(json_object_get(ctx, "err"), sp.field, T(r, sp.msgid));
        ctx_bool(ctx, "has_problems", true);
    }
    if (m) {
        int64_t now = (int64_t)time(NULL);
        json_object_set_new(ctx, "meeting", meeting_json(r, m, now));
        ctx_bool(ctx, "erased", m->erased_at != 0);
        struct meeting_reg_row *reg;
        size_t nr;
        json_t *rl = json_array();
        if (meeting_regs(d, r->a, m->id, &reg, &nr) == DB_OK)
            for (size_t i = 0; i < nr; i++) {
                json_t *o = json_object();
                bool present = strcmp(reg[i].status, "aanwezig") == 0;
                ctx_str(o, "name", reg[i].name);
                ctx_str(o, "email", reg[i].email);
                ctx_str(o, "status",
                        present                                    ? T(r, "Aanwezig (ingevoerd)")
                        : strcmp(reg[i].status, "wachtlijst") == 0 ? T(r, "Wachtlijst")
                                                                   : T(r, "Aangemeld"));
                ctx_str(o, "channel",
                        strcmp(reg[i].channel, "online") == 0 ? T(r, "online")
                                                              : T(r, "bij de bijeenkomst"));
                ctx_bool(o, "is_resident", strncmp(reg[i].participant, "r:", 2) == 0);
                const char *band = resident_age_band_label(reg[i].age_band);
                ctx_str(o, "age", band ? T(r, band) : NULL);
                ctx_str(o, "when", web_local_time(r, reg[i].created_at));
                json_array_append_new(rl, o);
            }
        ctx_bool(ctx, "has_registrations", json_array_size(rl) > 0);
        json_object_set_new(ctx, "registrations", rl);
        ctx_str(ctx, "attend_action",
                arena_printf(r->a, "/werk/bijeenkomsten/%lld/aanwezig", (long long)m->id));
        ctx_str(ctx, "summary_action",
                arena_printf(r->a, "/werk/bijeenkomsten/%lld/verslag", (long long)m->id));
        json_t *sv = json_object();
        ctx_str(sv, "postcode", sf && sf->postcode ? sf->postcode : "");
        ctx_str(sv, "house_number", sf && sf->house_number ? sf->house_number : "");
        ctx_str(sv, "summary", sf && sf->summary ? sf->summary : (m->summary ? m->summary : ""));
        json_object_set_new(ctx, "sv", sv);
        json_t *bands = json_array();
        for (size_t i = 0; i < resident_nage_bands; i++)
            json_array_append_new(
                bands, json_pack("{s:s,s:s,s:b}", "code", resident_age_bands[i].code, "label",
                                 T(r, resident_age_bands[i].label), "selected",
                                 sf && sf->age_band &&
                                     strcmp(sf->age_band, resident_age_bands[i].code) == 0));
        json_object_set_new(ctx, "age_bands", bands);
    }
    render_page(r, "pages/werk_bijeenkomst_form", ctx);
}

void page_work_meeting_new(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct meeting_input in = {.start = "19:30", .end = "21:00", .capacity = "40"};
    form_page(r, d, NULL, &in, NULL, NULL, 0, NULL);
}

void page_work_meeting_new_post(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct meeting_input in;
    const char *slug;
    read_form(r, d, &in, &slug);
    struct meeting_problem p[MEETING_MAX_PROBLEMS];
    size_t np = meeting_validate(&in, p, NULL);
    if (np) {
        r->status = 400;
        form_page(r, d, NULL, &in, slug, p, np, NULL);
        return;
    }
    int64_t id = 0;
    if (db_begin_write(d) != DB_OK ||
        meeting_save(d, 0, &in, r->user->id, (int64_t)time(NULL), &id) != DB_OK) {
        db_rollback(d);
        resp_error(r, 500);
        return;
    }
    web_audit(r, d, "create", "meeting", id, NULL, json_pack("{s:s}", "wijk", slug));
    web_commit_redirect(r, d, "saved",
                        arena_printf(r->a, "/werk/bijeenkomsten/%lld", (long long)id));
}

/* The meeting of the path, kept by r's user (403 otherwise). */
static bool load_kept(struct req *r, db *d, struct meeting_row *m)
{
    if (!load_meeting(r, d, req_param(r, 0), m))
        return false;
    if (!may_keep(r, d, m->wijk_slug)) {
        resp_error(r, 403);
        return false;
    }
    return true;
}

static const char *cap_text(struct req *r, int cap)
{
    return arena_printf(r->a, "%d", cap);
}

static struct meeting_input stored_input(struct req *r, const struct meeting_row *m)
{
    return (struct meeting_input){.kind = m->kind,
                                  .title = m->title,
                                  .date = iso_day(r, m->starts_at),
                                  .start = clock_of(r, m->starts_at),
                                  .end = clock_of(r, m->ends_at),
                                  .place = m->place,
                                  .agenda = m->agenda,
                                  .capacity = cap_text(r, m->capacity),
                                  .topic = m->topic,
                                  .accessible = m->accessible,
                                  .area_id = m->area_id};
}

void page_work_meeting(struct req *r)
{
    db *d = web_db(r);
    struct meeting_row m;
    if (!d || !load_kept(r, d, &m))
        return;
    struct meeting_input in = stored_input(r, &m);
    form_page(r, d, &m, &in, m.wijk_slug, NULL, 0, NULL);
}

void page_work_meeting_post(struct req *r)
{
    db *d = web_db(r);
    struct meeting_row m;
    if (!d || !load_kept(r, d, &m))
        return;
    struct meeting_input in;
    const char *slug;
    read_form(r, d, &in, &slug);
    struct meeting_problem p[MEETING_MAX_PROBLEMS];
    size_t np = meeting_validate(&in, p, NULL);
    if (np) {
        r->status = 400;
        form_page(r, d, &m, &in, slug, p, np, NULL);
        return;
    }
    int registered = 0, moved = 0, told = 0;
    if (db_begin_write(d) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    enum meeting_change rc = meeting_change(d, r->a, m.id, &in, r->user->id, (int64_t)time(NULL),
                                            web_base_url(r), &registered, &moved, &told);
    if (rc == MEETING_CHANGE_BELOW) {
        db_rollback(d);
        p[0] = (struct meeting_problem){
            "capacity", arena_printf(r->a,
                                     T(r, "Het aantal plaatsen kan niet lager zijn dan het aantal "
                                          "aanmeldingen (%d). Vul %d of meer in."),
                                     registered, registered)};
        r->status = 400;
        form_page(r, d, &m, &in, slug, p, 1, NULL);
        return;
    }
    if (rc != MEETING_CHANGE_OK) {
        db_rollback(d);
        resp_error(r, rc == MEETING_CHANGE_NOT_FOUND ? 404 : 500);
        return;
    }
    web_audit(r, d, "update", "meeting", m.id, NULL,
              moved || told ? json_pack("{s:i,s:i}", "moved_up", moved, "told", told) : NULL);
    web_commit_redirect(r, d, told ? "saved_told" : "saved",
                        arena_printf(r->a, "/werk/bijeenkomsten/%lld", (long long)m.id));
    if (moved || told)
        mailer_wake();
}

void page_work_meeting_attend(struct req *r)
{
    db *d = web_db(r);
    struct meeting_row m;
    if (!d || !load_kept(r, d, &m))
        return;
    struct side_form sf = {.postcode = req_field(r, "postcode"),
                           .house_number = req_field(r, "house_number"),
                           .age_band = req_field(r, "age_band")};
    if (db_begin_write(d) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    sf.problem = meeting_attend(d, m.id, m.area_id, sf.postcode, sf.house_number, sf.age_band,
                                (int64_t)time(NULL), &sf.field);
    if (!sf.problem) {
        web_audit(r, d, "attendance", "meeting", m.id, NULL, NULL);
        web_commit_redirect(
            r, d, "saved",
            arena_printf(r->a, "/werk/bijeenkomsten/%lld#aanwezig", (long long)m.id));
        return;
    }
    db_rollback(d);
    r->status = 400;
    struct meeting_input in = stored_input(r, &m);
    form_page(r, d, &m, &in, m.wijk_slug, NULL, 0, &sf);
}

void page_work_meeting_summary(struct req *r)
{
    db *d = web_db(r);
    struct meeting_row m;
    if (!d || !load_kept(r, d, &m))
        return;
    struct side_form sf = {.summary = req_field(r, "summary"), .field = "summary"};
    sf.problem = meeting_summary_problem(sf.summary);
    if (sf.problem) {
        r->status = 400;
        struct meeting_input in = stored_input(r, &m);
        form_page(r, d, &m, &in, m.wijk_slug, NULL, 0, &sf);
        return;
    }
    if (db_begin_write(d) != DB_OK ||
        meeting_set_summary(d, m.id, sf.summary, r->user->id, (int64_t)time(NULL)) != DB_OK) {
        db_rollback(d);
        resp_error(r, 500);
        return;
    }
    web_audit(r, d, "summary", "meeting", m.id, NULL, NULL);
    web_commit_redirect(r, d, "saved",
                        arena_printf(r->a, "/werk/bijeenkomsten/%lld#verslag", (long long)m.id));
}
