/*
 * signals.c: the pages of signals: the public report form (two steps, so
 * that it works without JavaScript: first the category, then the form with
 * that category's questions), the resident's status page behind an
 * unguessable link, and the back office: the work list with filters and
 * keyset pagination, a signal's page with its history, the status change,
 * the hand-off and internal notes, and intake at the counter.
 */
#include "web.h"

#include "domain/calendar.h"
#include "domain/feedback.h"
#include "domain/intake.h"
#include "domain/mailer.h"
#include "domain/policy.h"
#include "domain/signal_change.h"
#include "domain/signal_task.h"
#include "domain/counter.h"
#include "domain/signal.h"
#include "domain/suggest.h"
#include "http/cookie.h"
#include "http/server.h"
#include "lib/utf8.h"
#include "lib/geocode.h"
#include "lib/mdlink.h"
#include "store/area_store.h"
#include "store/files.h"
#include "store/fts.h"
#include "store/org_store.h"
#include "store/public_signal_store.h"
#include "store/signal_store.h"
#include "web/render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LIST_PAGE 50

static const char *base_url(void)
{
    const struct config *c = server_config();
    return c ? c->base_url : "";
}

static const char *fmt_time(struct req *r, int64_t t)
{
    return web_local_time(r, t);
}

static const char *fmt_day(struct req *r, int64_t t)
{
    struct cal_local l;
    int y, m, d;
    if (!t || cal_from_unix(t, &l) != 0 || cal_to_ymd(l.date, &y, &m, &d) != 0)
        return "";
    return arena_printf(r->a, "%02d-%02d-%04d", d, m, y);
}

static const char *status_label(struct req *r, const char *code)
{
    const struct signal_status_info *si = signal_status(code);
    return si ? T(r, si->label) : code;
}

/* A signal's answers with their question's label and the names of the
 * chosen options, never the internal keys. */
static json_t *answer_rows(struct req *r, db *d, int64_t category_id, const char *const *codes,
                           const char *const *values, size_t n)
{
    json_t *arr = json_array();
    struct category_question *q = NULL;
    size_t nq = 0;
    if (category_questions(d, r->a, category_id, &q, &nq) != DB_OK)
        nq = 0;
    for (size_t i = 0; i < n; i++) {
        const char *label, *text;
        signal_answer_text(r->a, q, nq, codes[i], values[i], &label, &text);
        json_array_append_new(arr, json_pack("{s:s,s:s}", "label", label, "value", text));
    }
    return arr;
}

/* The address the lookup found: "Dorpsstraat 12, 2712AJ Zoetermeer". */
static const char *found_address(struct req *r, const struct signal_address *a)
{
    if (!a->street)
        return NULL;
    return arena_printf(r->a, "%s%s%s%s%s%s%s", a->street, a->number ? " " : "",
                        a->number ? a->number : "", a->postcode || a->city ? "," : "",
                        a->postcode ? " " : "", a->postcode ? a->postcode : "",
                        a->city ? arena_printf(r->a, " %s", a->city) : "");
}

/* The form token of the browser that sends a request. */
static const char *form_holder(struct req *r)
{
    return r->user ? r->csrf : cookie_get(&r->cookies, "wr_csrf");
}

/* --- shared form pieces ------------------------------------------------------ */

/* The report form's three audiences, the "staff" argument below: the
 * resident (FORM_PUBLIC), a clerk at the counter or the phone
 * (FORM_COUNTER), and a council member passing on a resident's signal
 * (FORM_COUNCIL, channel "raadslid"). Confidential categories are the
 * counter's alone. */
enum { FORM_PUBLIC = 0, FORM_COUNTER = 1, FORM_COUNCIL = 2 };

static const char *form_action(int staff)
{
    return staff == FORM_COUNCIL ? "/raad/melden" : staff ? "/werk/meldingen/nieuw" : "/melden";
}

/* The categories grouped by main category, with the chosen one selected. */
static json_t *category_groups(struct req *r, db *d, int64_t selected, int staff)
{
    struct category *c;
    size_t n;
    json_t *groups = json_array();
    if (category_list(d, r->a, &c, &n) != DB_OK)
        return groups;
    json_t *cur = NULL;
    const char *cur_name = NULL;
    for (size_t i = 0; i < n; i++) {
        /* confidential categories are for the counter and the care network */
        if (c[i].confidential && !staff)
            continue;
        if (!cur_name || strcmp(cur_name, c[i].parent_name) != 0) {
            cur = json_object();
            ctx_str(cur, "name", c[i].parent_name);
            json_object_set_new(cur, "options", json_array());
            json_array_append_new(groups, cur);
            cur_name = c[i].parent_name;
        }
        json_t *o = json_object();
        ctx_int(o, "id", c[i].id);
        ctx_str(o, "name", c[i].name);
        ctx_bool(o, "selected", c[i].id == selected);
        json_array_append_new(json_object_get(cur, "options"), o);
    }
    return groups;
}

static json_t *buurt_options(struct req *r, db *d, const char *selected)
{
    json_t *arr = json_array();
    struct wijk *w;
    size_t nw;
    if (area_list_wijken(d, r->a, web_today(r), 0, &w, &nw) != DB_OK)
        return arr;
    for (size_t i = 0; i < nw; i++) {
        struct buurt *b;
        size_t nb;
        if (area_list_buurten(d, r->a, w[i].id, &b, &nb) != DB_OK)
            continue;
        for (size_t k = 0; k < nb; k++) {
            json_t *o = json_object();
            ctx_str(o, "code", b[k].code);
            ctx_str(o, "name", arena_printf(r->a, "%s (%s)", b[k].name, w[i].name));
            ctx_bool(o, "selected", selected && strcmp(selected, b[k].code) == 0);
            json_array_append_new(arr, o);
        }
    }
    return arr;
}

/* The category's extra questions as form fields, with typed answers kept. */
static json_t *question_fields(struct req *r, db *d, int64_t category_id, int from_form)
{
    json_t *arr = json_array();
    struct category_question *q;
    size_t n;
    if (category_questions(d, r->a, category_id, &q, &n) != DB_OK)
        return arr;
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        const char *field = arena_printf(r->a, "q_%s", q[i].code);
        const char *value = from_form ? req_field(r, field) : NULL;
        ctx_str(o, "field", field);
        ctx_str(o, "label", q[i].description);
        ctx_bool(o, "required", q[i].required);
        ctx_str(o, "value", value);
        const char *dt = q[i].datatype;
        ctx_bool(o, "is_text", strcmp(dt, "text") == 0);
        ctx_bool(o, "is_string", strcmp(dt, "string") == 0);
        ctx_bool(o, "is_number", strcmp(dt, "number") == 0);
        ctx_bool(o, "is_date", strcmp(dt, "datetime") == 0);
        int single = strcmp(dt, "singlevaluelist") == 0;
        int multi = strcmp(dt, "multivaluelist") == 0;
        ctx_bool(o, "is_single", single);
        ctx_bool(o, "is_multi", multi);
        if ((single || multi) && q[i].choices) {
            json_t *ch = json_loads(q[i].choices, 0, NULL), *opts = json_array();
            size_t k;
            json_t *pair;
            json_array_foreach(ch, k, pair)
            {
                const char *key = json_string_value(json_array_get(pair, 0));
                const char *name = json_string_value(json_array_get(pair, 1));
                if (!key || !name)
                    continue;
                json_t *opt = json_object();
                ctx_str(opt, "key", key);
                ctx_str(opt, "name", name);
                ctx_str(opt, "id", arena_printf(r->a, "%s-%s", field, key));
                int sel = 0;
                if (from_form) {
                    const struct form_field *all[32];
                    size_t na = form_get_all(&r->form, field, all, 32);
                    for (size_t m = 0; m < na && m < 32; m++)
                        sel |= all[m]->value && strcmp(all[m]->value, key) == 0;
                }
                ctx_bool(opt, "checked", sel);
                json_array_append_new(opts, opt);
            }
            json_decref(ch);
            json_object_set_new(o, "choices", opts);
        }
        json_array_append_new(arr, o);
    }
    return arr;
}

/* Reads the question answers from the form (multi-valued joined by commas). */
static void read_answers(struct req *r, db *d, int64_t category_id, struct signal_input *in)
{
    struct category_question *q;
    size_t n;
    if (category_questions(d, r->a, category_id, &q, &n) != DB_OK || !n)
        return;
    const char **codes = arena_calloc(r->a, n, sizeof *codes);
    const char **values = arena_calloc(r->a, n, sizeof *values);
    if (!codes || !values)
        return;
    for (size_t i = 0; i < n; i++) {
        const char *field = arena_printf(r->a, "q_%s", q[i].code);
        const struct form_field *all[32];
        size_t na = form_get_all(&r->form, field, all, 32);
        buf b;
        buf_init(&b, 4096);
        for (size_t k = 0; k < na && k < 32; k++) {
            if (form_is_file(all[k]))
                continue;
            if (b.len)
                buf_putc(&b, ',');
            buf_append(&b, all[k]->value, all[k]->value_len);
        }
        codes[i] = q[i].code;
        values[i] = b.data ? arena_strdup(r->a, b.data) : "";
        buf_free(&b);
    }
    in->answer_codes = codes;
    in->answer_values = values;
    in->nanswers = n;
}

/* Where a problem's field stands on the report form, top to bottom; the
 * questions of the category come after the description. */
static int field_rank(const char *f)
{
    static const char *const order[] = {"channel",  "type",  "category", "description", "q_",
                                        "location", "buurt", "address",  "photos",      "name",
                                        "email",    "phone", "reply_by"};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
        if (strcmp(f, order[i]) == 0 || (strcmp(order[i], "q_") == 0 && strncmp(f, "q_", 2) == 0))
            return (int)i;
    return (int)(sizeof order / sizeof order[0]);
}

/* The element a summary's link leads to: the field's input where the
 * problem's field is not itself an element id. */
static const char *field_anchor(const char *f)
{
    if (strcmp(f, "photos") == 0)
        return "photo";
    if (strcmp(f, "buurt") == 0)
        return "buurt-select";
    return f;
}

static void problems_json(struct req *r, json_t *ctx, const struct signal_problem *p, size_t n,
                          json_t *questions)
{
    web_problems_json(r, ctx, p, n, questions, field_rank, field_anchor);
}

static json_t *type_options(struct req *r, const char *selected)
{
    json_t *arr = json_array();
    for (size_t i = 0; signal_types[i]; i++) {
        json_t *o = json_object();
        ctx_str(o, "value", signal_types[i]);
        ctx_str(o, "label", T(r, signal_type_label(signal_types[i])));
        ctx_bool(o, "checked", selected ? strcmp(selected, signal_types[i]) == 0 : i == 0);
        json_array_append_new(arr, o);
    }
    return arr;
}

/* Radio options from a list of codes, none chosen beforehand. */
static json_t *radio_options(struct req *r, const char *const *codes,
                             const char *(*label)(const char *), const char *selected)
{
    json_t *arr = json_array();
    for (size_t i = 0; codes[i]; i++) {
        json_t *o = json_object();
        ctx_str(o, "value", codes[i]);
        ctx_str(o, "label", T(r, label(codes[i])));
        ctx_bool(o, "checked", selected && strcmp(selected, codes[i]) == 0);
        json_array_append_new(arr, o);
    }
    return arr;
}

/* The report form, for the public (staff = 0) and the counter (staff = 1).
 * limited_minutes > 0: the client is at the limit of the public form; the
 * form comes back filled in with that message. */
static void report_form(struct req *r, db *d, int staff, int64_t category_id, int from_form,
                        const struct signal_problem *p, size_t np, json_t *nearby,
                        int64_t limited_minutes, json_t *address_choices)
{
    json_t *ctx = json_object();
    if (address_choices) {
        ctx_bool(ctx, "has_address_choices", json_array_size(address_choices) > 0);
        json_object_set_new(ctx, "address_choices", address_choices);
    }
    if (limited_minutes > 0) {
        const struct config *cfg = server_config();
        ctx_bool(ctx, "limited", 1);
        ctx_int(ctx, "limit", cfg ? cfg->reports_per_hour : INTAKE_DEFAULT_PER_HOUR);
        ctx_int(ctx, "minutes", limited_minutes);
    }
    if (nearby) {
        ctx_bool(ctx, "has_nearby", json_array_size(nearby) > 0);
        json_object_set_new(ctx, "nearby", nearby);
    }
    ctx_str(ctx, "csrf", req_csrf(r));
    ctx_bool(ctx, "staff", staff);
    ctx_bool(ctx, "council", staff == FORM_COUNCIL);
    ctx_str(ctx, "action", form_action(staff));
    struct category c;
    if (category_id && category_get(d, r->a, category_id, &c) == DB_OK && c.parent_id &&
        (staff == FORM_COUNTER || !c.confidential)) {
        ctx_int(ctx, "category_id", c.id);
        ctx_str(ctx, "category_name", c.name);
        ctx_str(ctx, "main_category_name", c.parent_name);
        json_object_set_new(ctx, "questions", question_fields(r, d, c.id, from_form));
        ctx_bool(ctx, "has_category", 1);
    }
    json_object_set_new(ctx, "groups", category_groups(r, d, category_id, staff == FORM_COUNTER));
    json_object_set_new(ctx, "types", type_options(r, from_form ? req_field(r, "type") : NULL));
    if (staff == FORM_COUNTER)
        json_object_set_new(ctx, "channels",
                            radio_options(r, signal_counter_channels, signal_channel_label,
                                          from_form ? req_field(r, "channel") : NULL));
    if (staff) {
        json_object_set_new(ctx, "reply_ways",
                            radio_options(r, signal_reply_ways, signal_reply_label,
                                          from_form ? req_field(r, "reply_by") : NULL));
    }
    json_object_set_new(ctx, "buurten",
                        buurt_options(r, d, from_form ? req_field(r, "buurt") : NULL));
    if (from_form) {
        static const char *const keep[] = {"description", "address", "name", "email",
                                           "phone",       "lat",     "lon"};
        for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++)
            ctx_str(ctx, keep[i], req_field(r, keep[i]));
        /* the photos sent before, kept for this form */
        int64_t *held;
        size_t nheld;
        json_t *hl = json_array();
        if (signal_photos_held(d, r->a, form_holder(r), (int64_t)time(NULL), &held, &nheld) ==
            DB_OK)
            for (size_t i = 0; i < nheld; i++)
                json_array_append_new(
                    hl, json_pack("{s:I,s:s,s:I}", "id", (json_int_t)held[i], "thumb",
                                  arena_printf(r->a, "/melden/foto/%lld", (long long)held[i]), "n",
                                  (json_int_t)(i + 1)));
        ctx_bool(ctx, "has_held_photos", json_array_size(hl) > 0);
        json_object_set_new(ctx, "held_photos", hl);
    }
    problems_json(r, ctx, p, np, json_object_get(ctx, "questions"));
    render_page(r, staff ? "pages/werk_melden" : "pages/melden", ctx);
}

/* The first two steps of the report form: what is wrong (choose = 0), then
 * which category (choose = 1), with the categories the description suggests
 * on top of the full list. Nothing is chosen beforehand. */
static void report_step(struct req *r, db *d, int staff, int choose, const char *description,
                        const struct signal_problem *p, size_t np)
{
    json_t *ctx = json_object();
    ctx_str(ctx, "csrf", req_csrf(r));
    ctx_bool(ctx, "staff", staff);
    ctx_bool(ctx, "council", staff == FORM_COUNCIL);
    ctx_str(ctx, "action", form_action(staff));
    ctx_str(ctx, "description", description);
    ctx_bool(ctx, choose ? "step_choose" : "step_describe", 1);
    if (choose) {
        int64_t ids[SUGGEST_MAX];
        size_t n = description
                       ? suggest_categories(description, strlen(description), SUGGEST_MAX, ids)
                       : 0;
        json_t *sug = json_array();
        for (size_t i = 0; i < n; i++) {
            struct category c;
            /* the model knows no confidential category; the check stays */
            if (category_get(d, r->a, ids[i], &c) != DB_OK || !c.active || !c.parent_id ||
                c.confidential)
                continue;
            json_t *o = json_object();
            ctx_int(o, "id", c.id);
            ctx_str(o, "name", c.name);
            ctx_str(o, "main", c.parent_name);
            json_array_append_new(sug, o);
        }
        ctx_bool(ctx, "has_suggestions", json_array_size(sug) > 0);
        json_object_set_new(ctx, "suggestions", sug);
        json_object_set_new(ctx, "groups", category_groups(r, d, 0, staff == FORM_COUNTER));
    }
    problems_json(r, ctx, p, np, NULL);
    render_page(r, staff ? "pages/werk_melden" : "pages/melden", ctx);
}

/* A step of the report form was sent (the form field "stap"): the
 * description, the category, or a way back. Nothing is stored. */
static void report_step_post(struct req *r, db *d, int staff, const char *step)
{
    const char *desc = req_field(r, "description");
    struct signal_problem p[1];
    if (strcmp(step, "beschrijving") == 0 || strcmp(step, "onderwerp") == 0) {
        const char *msg = signal_check_description(desc);
        if (msg) {
            p[0] = (struct signal_problem){"description", msg};
            r->status = 400;
            report_step(r, d, staff, 0, desc, p, 1);
            return;
        }
    }
    if (strcmp(step, "onderwerp") == 0) {
        const char *other = req_field(r, "category_other");
        int64_t id = web_parse_id(other && *other ? other : req_field(r, "category"));
        struct category c;
        if (id && category_get(d, r->a, id, &c) == DB_OK && c.active && c.parent_id &&
            (staff == FORM_COUNTER || !c.confidential)) {
            report_form(r, d, staff, id, 1, NULL, 0, NULL, 0, NULL);
            return;
        }
        p[0] = (struct signal_problem){"category", "Kies waar uw melding over gaat."};
        r->status = 400;
        report_step(r, d, staff, 1, desc, p, 1);
        return;
    }
    /* "terug": the description again; "kies" (from the whole form): the category again */
    report_step(r, d, staff, strcmp(step, "kies") == 0 || strcmp(step, "beschrijving") == 0, desc,
                NULL, 0);
}

/* Builds the input from the submitted form. */
static void read_input(struct req *r, db *d, struct signal_input *in, int staff)
{
    memset(in, 0, sizeof *in);
    in->type = req_field(r, "type");
    in->channel = staff == FORM_COUNCIL ? "raadslid" : staff ? req_field(r, "channel") : "web";
    /* The counter records how a signal came in, phone or counter, chosen
     * by the clerk every time; anything else is no choice. */
    if (staff == FORM_COUNTER) {
        bool counter = false;
        for (size_t i = 0; in->channel && signal_counter_channels[i]; i++)
            counter |= strcmp(in->channel, signal_counter_channels[i]) == 0;
        if (!counter)
            in->channel = "";
    }
    if (staff) {
        /* not asked when the resident wants no answer or stays anonymous */
        const char *reply = req_field(r, "reply_by");
        in->reply_by = reply && *reply ? reply : NULL;
    }
    in->category_id = web_parse_id(req_field(r, "category"));
    in->description = req_field(r, "description");
    in->buurt_code = req_field(r, "buurt");
    in->address_text = req_field(r, "address");
    in->name = req_field(r, "name");
    in->email = req_field(r, "email");
    in->phone = req_field(r, "phone");
    const char *lat = req_field(r, "lat"), *lon = req_field(r, "lon");
    if (lat && lon && *lat && *lon) {
        char *e1, *e2;
        in->lat = strtod(lat, &e1);
        in->lon = strtod(lon, &e2);
        in->has_point = !*e1 && !*e2;
        if (!in->has_point)
            in->lat = in->lon = NAN;
        in->has_point = true; /* a malformed point is refused by validation */
    }
    const struct form_field *files[8];
    size_t nf = form_get_all(&r->form, "photo", files, 8);
    for (size_t i = 0; i < nf && i < 8; i++) {
        /* a browser sends an empty file part when none was chosen */
        if (!form_is_file(files[i]) || files[i]->value_len == 0)
            continue;
        if (in->nphotos == SIGNAL_MAX_PHOTOS) {
            in->too_many_photos = true;
            break;
        }
        in->photo_data[in->nphotos] = files[i]->value;
        in->photo_len[in->nphotos] = files[i]->value_len;
        in->nphotos++;
    }
    in->created_by = staff && r->user ? r->user->id : 0;
    in->receipt_holder = staff ? NULL : form_holder(r);
    in->photo_holder = form_holder(r);
    const struct config *cfg = server_config();
    in->client = intake_client_of(r->user, r->client_ip,
                                  cfg ? cfg->reports_per_hour : INTAKE_DEFAULT_PER_HOUR);
    if (in->category_id)
        read_answers(r, d, in->category_id, in);
}

/* 429: the client filed its reports and follows of the hour. The form
 * comes back with what was typed (photos sent now have to be chosen again;
 * those held before stay). */
static void report_limited(struct req *r, db *d, const struct signal_input *in, int64_t wait,
                           json_t *nearby)
{
    int64_t minutes = wait > 0 ? (wait + 59) / 60 : 60;
    resp_header(r, "Retry-After", arena_printf(r->a, "%lld", (long long)(minutes * 60)));
    r->status = 429;
    report_form(r, d, 0, in->category_id, 1, NULL, 0, nearby, minutes, NULL);
}

/* --- public ------------------------------------------------------------------- */

void page_report(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    int64_t id = web_parse_id(req_query(r, "categorie"));
    if (id)
        report_form(r, d, 0, id, 0, NULL, 0, NULL, 0, NULL);
    else
        report_step(r, d, 0, 0, NULL, NULL, 0);
}

/* The nearby offer as the form shows it. */
static json_t *nearby_list(struct req *r, const struct nearby_signal *nb, size_t n)
{
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, json_pack("{s:I,s:s,s:s,s:i}", "id", (json_int_t)nb[i].id,
                                              "created", fmt_day(r, nb[i].created_at), "status",
                                              status_label(r, nb[i].status), "distance",
                                              (int)(nb[i].distance_m + 0.5)));
    return list;
}

/* Before a resident's signal with a map point is stored: open public
 * signals of the same category within 50 m of the last 12 weeks (as
 * Signalen; public_signal_nearby says which). The resident may follow one
 * of them (their contact details join it, so they get its updates) instead
 * of filing a duplicate, or send theirs anyway. Only an offered signal can
 * be followed; any other "volg" is ignored. Returns true when it answered. */
static bool offer_nearby(struct req *r, db *d, const struct signal_input *in)
{
    if (!in->has_point || req_field(r, "toch_versturen") || !in->category_id)
        return false;
    struct nearby_signal *nb;
    size_t n;
    int64_t now = (int64_t)time(NULL);
    if (public_signal_nearby(d, r->a, in->category_id, in->lat, in->lon, 50.0, now - 84 * 86400, 5,
                             &nb, &n) != DB_OK ||
        n == 0)
        return false;
    long long follow = web_parse_id(req_field(r, "volg"));
    for (size_t i = 0; follow && i < n; i++) {
        if (nb[i].id != follow)
            continue;
        struct signal_problem p[SIGNAL_MAX_PROBLEMS];
        bool held = false;
        int rc = intake_follow(d, r->a, follow, in->name, in->email, in->phone, &in->client, now,
                               base_url(), p, &held);
        if (rc > 0) {
            r->status = 400;
            report_form(r, d, 0, in->category_id, 1, p, (size_t)rc, nearby_list(r, nb, n), 0, NULL);
        } else if (rc == INTAKE_LIMITED) {
            int64_t wait = 0;
            intake_limited(d, &in->client, now, &wait);
            report_limited(r, d, in, wait, nearby_list(r, nb, n));
        } else if (rc == 0) {
            mailer_wake();
            resp_redirect(r, held ? "/melden/gevolgd?bevestigen=1" : "/melden/gevolgd");
        } else if (rc == INTAKE_NOT_FOLLOWABLE) {
            break; /* closed or merged meanwhile: offer again below */
        } else {
            resp_error(r, 500);
        }
        return true;
    }
    struct signal_problem none[1] = {{NULL, NULL}};
    report_form(r, d, 0, in->category_id, 1, none, 0, nearby_list(r, nb, n), 0, NULL);
    return true;
}

void page_report_followed(struct req *r)
{
    json_t *ctx = json_object();
    ctx_bool(ctx, "confirm_address", req_query(r, "bevestigen") != NULL);
    render_page(r, "pages/melden_gevolgd", ctx);
}

/* The place through the address lookup, when it is on: a point picked on
 * the map gets its address; a typed street and house number becomes a point
 * with its address (over a chosen buurt, which is less precise). When the
 * text may mean several addresses the form comes back, filled in, asking
 * which one (the answer is a Locatieserver id, checked against a new
 * search, so only what the service said is stored); true then. Found
 * nothing, off or unreachable: the signal keeps the typed text, the buurt or
 * no place, as without the lookup. */
static bool resolve_place(struct req *r, db *d, struct signal_input *in, int staff)
{
    if (in->has_point) {
        if (isfinite(in->lat) && isfinite(in->lon))
            web_address_of_point(r, in->lat, in->lon, &in->addr);
        return false;
    }
    if (utf8_blank(in->address_text))
        return false;
    struct geo_address g[6];
    size_t n;
    if (web_address_search(r, in->address_text, g, 6, &n) != GEOCODE_OK || n == 0)
        return false;
    size_t chosen = n == 1 ? 0 : n;
    const char *pick = req_field(r, "adres_keuze");
    for (size_t i = 0; n > 1 && pick && i < n; i++)
        if (strcmp(g[i].id, pick) == 0)
            chosen = i;
    if (chosen == n) {
        json_t *choices = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(choices, json_pack("{s:s,s:s,s:i}", "id", g[i].id, "label",
                                                     g[i].label[0] ? g[i].label : g[i].street, "n",
                                                     (int)i + 1));
        /* the other questions' problems at once, not one round later */
        struct signal_problem p[SIGNAL_MAX_PROBLEMS];
        size_t np = signal_validate(d, r->a, in, p);
        if (np)
            r->status = 400;
        report_form(r, d, staff, in->category_id, 1, p, np, NULL, 0, choices);
        return true;
    }
    in->has_point = true;
    in->lat = g[chosen].lat;
    in->lon = g[chosen].lon;
    in->buurt_code = NULL;
    signal_address_from(r->a, &g[chosen], &in->addr);
    return false;
}

/* A report whose signal waits for its commit (signal_create_queue). */
struct report_wait {
    struct signal_input in;
    struct signal_created out;
    struct counter_signal_contact cc;
    struct signal_pending *pending;
    int staff;
    int64_t now;
};

/* The answer to a report: signal_create's rc, p its problems. */
static void report_answer(struct req *r, db *d, struct report_wait *w, int rc,
                          struct signal_problem *p)
{
    int64_t wait = 0;
    if (rc > 0) {
        r->status = 400;
        report_form(r, d, w->staff, w->in.category_id, 1, p, (size_t)rc, NULL, 0, NULL);
        return;
    }
    if (rc == SIGNAL_LIMITED) {
        intake_limited(d, &w->in.client, w->now, &wait);
        report_limited(r, d, &w->in, wait, NULL);
        return;
    }
    if (rc < 0) {
        resp_error(r, 500);
        return;
    }
    mailer_wake();
    if (w->staff == FORM_COUNCIL)
        resp_redirect(r, arena_printf(r->a, "/raad/doorgegeven?nieuw=%lld", (long long)w->out.id));
    else if (w->staff)
        resp_redirect(r, arena_printf(r->a, "/werk/meldingen/%lld?nieuw=1%s", (long long)w->out.id,
                                      w->out.mail_held ? "&bevestigen=1" : ""));
    else
        resp_redirect(r, arena_printf(r->a, "/melding/%s?nieuw=1%s", w->out.token,
                                      w->out.mail_held ? "&bevestigen=1" : ""));
}

static void report_written(struct req *r, void *ctx)
{
    struct report_wait *w = ctx;
    db *d = web_db(r);
    if (!d)
        return;
    report_answer(r, d, w, signal_create_result(w->pending), NULL);
}

/* The photos of the form: those the sender asked to remove ("Verwijder
 * deze foto") go, those sent now are held for the form, so that a form that
 * comes back keeps them and the signal takes them along. A refused photo
 * brings the form back at once with the other problems; true then. */
static bool hold_photos(struct req *r, db *d, struct signal_input *in, int staff, int64_t now)
{
    const struct form_field *drop[SIGNAL_MAX_PHOTOS * 2];
    size_t nd = form_get_all(&r->form, "foto_weg", drop, SIGNAL_MAX_PHOTOS * 2);
    for (size_t i = 0; i < nd && i < SIGNAL_MAX_PHOTOS * 2; i++)
        if (!form_is_file(drop[i]) &&
            signal_photo_unhold(d, in->photo_holder, web_parse_id(drop[i]->value)) != DB_OK) {
            resp_error(r, 500);
            return true;
        }
    struct signal_problem p[SIGNAL_MAX_PROBLEMS + 1];
    int rc = signal_photos_hold(d, in, now, p);
    if (rc < 0) {
        resp_error(r, 500);
        return true;
    }
    if (rc == 0)
        return false;
    struct signal_problem photo = p[0];
    size_t np = signal_validate(d, r->a, in, p);
    bool named = false;
    for (size_t i = 0; i < np; i++)
        named |= strcmp(p[i].field, "photos") == 0;
    if (!named && np < SIGNAL_MAX_PROBLEMS)
        p[np++] = photo;
    r->status = 400;
    report_form(r, d, staff, in->category_id, 1, p, np, NULL, 0, NULL);
    return true;
}

static void report_post(struct req *r, int staff)
{
    db *d = web_db(r);
    if (!d)
        return;
    const char *step = req_field(r, "stap");
    if (step && *step) {
        report_step_post(r, d, staff, step);
        return;
    }
    struct signal_input in;
    read_input(r, d, &in, staff);
    int64_t now = (int64_t)time(NULL), wait = 0;
    /* at the limit: nothing else is looked at, nothing is stored */
    if (intake_limited(d, &in.client, now, &wait)) {
        report_limited(r, d, &in, wait, NULL);
        return;
    }
    if (hold_photos(r, d, &in, staff, now))
        return;
    if (resolve_place(r, d, &in, staff))
        return;
    if (!staff && offer_nearby(r, d, &in))
        return;
    /* in the arena: the write is answered on another turn (req_defer) */
    struct report_wait *w = arena_calloc(r->a, 1, sizeof *w);
    if (!w) {
        resp_error(r, 500);
        return;
    }
    w->in = in;
    w->staff = staff;
    w->now = now;
    /* a signal taken in at the counter counts as the clerk's contact there
     * (written in the signal's own transaction) */
    if (staff == FORM_COUNTER && web_allowed(r, ACT_COUNTER_CONTACT)) {
        w->cc = (struct counter_signal_contact){.location_id = counter_remembered_location(r),
                                                .channel = w->in.channel,
                                                .user_id = r->user->id,
                                                .a = r->a,
                                                .now = now};
        if (w->cc.location_id) {
            w->in.also = counter_signal_contact;
            w->in.also_arg = &w->cc;
        }
    }
    struct signal_problem p[SIGNAL_MAX_PROBLEMS];
    int rc =
        signal_create_queue(d, r->a, &w->in, now, base_url(), &w->out, p, req_wake, r, &w->pending);
    if (rc == 0) {
        req_defer(r, report_written, w);
        return;
    }
    report_answer(r, d, w, rc, p);
}

void page_report_post(struct req *r)
{
    report_post(r, 0);
}

void page_signal_status(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    const char *token = req_param(r, 0);
    struct signal s;
    if (!token || strlen(token) != SIGNAL_TOKEN_CHARS - 1 ||
        signal_get_by_token(d, r->a, token, &s) != DB_OK) {
        resp_error(r, 404);
        return;
    }
    /* Anyone with the link reads this page (those who follow the signal too),
     * so it shows only entries that are not confidential; a case the care
     * network holds stays at its state when it was handed in. */
    struct signal_shared sh;
    bool shared = false;
    if (s.confidential) {
        int rc = signal_shared_state(d, r->a, s.id, &sh);
        if (rc != DB_OK && rc != DB_NOTFOUND) {
            resp_error(r, 500);
            return;
        }
        shared = rc == DB_OK;
    }
    const char *status = !s.confidential ? s.status : shared ? sh.status : NULL;
    const struct signal_status_info *si = signal_status(status);
    json_t *ctx = json_object();
    ctx_int(ctx, "id", s.id);
    ctx_str(ctx, "status", status ? status_label(r, status) : NULL);
    ctx_bool(ctx, "closed", si && si->closed);
    ctx_bool(ctx, "held", s.confidential && !shared);
    ctx_str(ctx, "category", s.category_name);
    ctx_str(ctx, "created", fmt_day(r, s.created_at));
    ctx_str(ctx, "deadline", fmt_day(r, s.deadline_at));
    if (s.handling_message) {
        /* its [text](url) links as links, everything else escaped */
        buf hm;
        buf_init(&hm, 1 << 16);
        if (mdlink_html(&hm, s.handling_message, strlen(s.handling_message)) == 0 && hm.data)
            ctx_str(ctx, "handling_message_trusted", hm.data);
        buf_free(&hm);
    }
    ctx_bool(ctx, "new", req_query(r, "nieuw") != NULL);
    ctx_bool(ctx, "confirm_address", req_query(r, "bevestigen") != NULL);
    ctx_bool(ctx, "location_unknown", !s.location_known);
    ctx_bool(ctx, "hazard", s.hazard && !s.confidential);
    /* What was sent, for the browser that sent it and for an hour: others
     * with the link (those who follow the signal) do not see it. */
    int64_t now = (int64_t)time(NULL);
    if (!s.confidential && signal_receipt_held(d, s.id, form_holder(r), now)) {
        ctx_bool(ctx, "receipt", 1);
        ctx_str(ctx, "main_category", s.main_category_name);
        ctx_str(ctx, "description", s.description);
        const char *where = found_address(r, &s.addr);
        ctx_str(ctx, "where", where ? where : s.address_text);
        ctx_str(ctx, "wijk", s.wijk_name);
        const char **codes, **values;
        size_t na;
        json_t *ans = signal_answers(d, r->a, s.id, 0, &codes, &values, &na) == DB_OK
                          ? answer_rows(r, d, s.category_id, codes, values, na)
                          : json_array();
        ctx_bool(ctx, "has_answers", json_array_size(ans) > 0);
        json_object_set_new(ctx, "answers", ans);
        struct signal_photo *ph;
        size_t nph;
        json_t *pl = json_array();
        if (signal_photos(d, r->a, s.id, 0, &ph, &nph) == DB_OK)
            for (size_t i = 0; i < nph; i++)
                json_array_append_new(
                    pl, json_pack("{s:s,s:I}", "thumb",
                                  arena_printf(r->a, "/melding/%s/foto/%zu", s.token, i + 1), "n",
                                  (json_int_t)(i + 1)));
        ctx_bool(ctx, "has_photos", json_array_size(pl) > 0);
        json_object_set_new(ctx, "photos", pl);
        struct signal_contact *c;
        size_t nc;
        if (signal_contacts(d, r->a, s.id, &c, &nc) == DB_OK && nc > 0)
            ctx_str(ctx, "masked_email", signal_mask_email(r->a, c[0].email));
    }
    struct signal_event *e;
    size_t n;
    json_t *hist = json_array();
    if (signal_events(d, r->a, s.id, 1, 1, &e, &n) == DB_OK)
        for (size_t i = 0; i < n; i++) {
            json_t *o = json_object();
            ctx_str(o, "at", fmt_time(r, e[i].at));
            ctx_str(o, "status", e[i].to_status ? status_label(r, e[i].to_status) : NULL);
            /* the one update when it went to the care network, in the reader's language */
            bool passed_on = strcmp(e[i].kind, "handoff") == 0 && e[i].to_care;
            ctx_str(o, "text", passed_on ? T(r, signal_passed_on) : e[i].text);
            json_array_append_new(hist, o);
        }
    json_object_set_new(ctx, "history", hist);
    if (feedback_open(d, &s, (int64_t)time(NULL))) {
        ctx_bool(ctx, "ask_feedback", 1);
        ctx_str(ctx, "csrf", req_csrf(r));
        ctx_str(ctx, "token", s.token);
    }
    const char *thanks = req_query(r, "bedankt");
    ctx_bool(ctx, "feedback_thanks", thanks != NULL);
    render_page(r, "pages/melding_status", ctx);
}

/* --- back office ----------------------------------------------------------------- */

static json_t *org_options(struct req *r, db *d, int64_t selected, int with_any)
{
    json_t *arr = json_array();
    if (with_any) {
        json_t *o = json_object();
        ctx_str(o, "value", "");
        ctx_str(o, "label", T(r, "Alle"));
        json_array_append_new(arr, o);
    }
    struct organisation *o;
    size_t n;
    if (org_list(d, r->a, NULL, &o, &n) == DB_OK)
        for (size_t i = 0; i < n; i++) {
            if (strcmp(o[i].kind, "partner") == 0)
                continue;
            json_t *j = json_object();
            ctx_str(j, "value", arena_printf(r->a, "%lld", (long long)o[i].id));
            ctx_str(j, "label", o[i].name);
            ctx_bool(j, "selected", o[i].id == selected);
            json_array_append_new(arr, j);
        }
    return arr;
}

static json_t *simple_options(struct req *r, const char *selected, const char *const (*pairs)[2],
                              size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        ctx_str(o, "value", pairs[i][0]);
        ctx_str(o, "label", T(r, pairs[i][1]));
        ctx_bool(o, "selected", selected && strcmp(selected, pairs[i][0]) == 0);
        json_array_append_new(arr, o);
    }
    return arr;
}

/* The work list's search as an FTS5 query (store/fts.c), or the message
 * for the search field when the search cannot be used (NULL otherwise). */
static const char *search_query(struct req *r, const char *q, /* out: */ const char **fts)
{
    _Static_assert(FTS_QUERY_MAX_CHARS == 200 && FTS_QUERY_MAX_WORDS == 16,
                   "the messages below name the limits");
    *fts = NULL;
    switch (q ? fts_query_build(r->a, q, strlen(q), fts) : FTS_QUERY_EMPTY) {
    case FTS_QUERY_OK:
    case FTS_QUERY_EMPTY:
        return NULL;
    case FTS_QUERY_TOO_LONG:
        return T(r, "Een zoekopdracht heeft hoogstens 200 tekens.");
    case FTS_QUERY_TOO_MANY_WORDS:
        return T(r, "Een zoekopdracht heeft hoogstens 16 woorden.");
    default:
        return T(r, "Deze zoekopdracht kan niet worden gebruikt. Typ een of meer woorden.");
    }
}

/* The bulk form as it comes back to the list with an error: the chosen
 * signals stay chosen and what was typed stays (GOV.UK pattern: the error
 * at its field and in a summary linking to it). field is the id of the field
 * the error belongs to. */
struct bulk_form {
    const char *back; /* the list's own address, with its filters */
    const char *field, *error;
    const char *action, *message, *explanation;
    const struct form_field *const *ids;
    size_t nids;
};

static bool bulk_chosen(const struct bulk_form *bf, int64_t id)
{
    for (size_t i = 0; bf && i < bf->nids; i++)
        if (web_parse_id(bf->ids[i]->value) == id)
            return true;
    return false;
}

/* A search that is a signal's number ("12345" or "#12345"): that number. */
static long long search_number(const char *q)
{
    if (!q)
        return 0;
    while (*q == ' ')
        q++;
    if (*q == '#')
        q++;
    size_t n = strspn(q, "0123456789");
    if (n == 0 || n > 15 || q[n + strspn(q + n, " ")] != '\0')
        return 0;
    char digits[16];
    memcpy(digits, q, n);
    digits[n] = '\0';
    return web_parse_id(digits);
}

static json_t *list_row(struct req *r, const struct signal *s, int64_t now, bool chosen)
{
    json_t *o = json_object();
    ctx_int(o, "id", s->id);
    ctx_str(o, "created", fmt_time(r, s->created_at));
    ctx_str(o, "category", s->category_name);
    ctx_str(o, "wijk", s->wijk_name);
    ctx_str(o, "status", status_label(r, s->status));
    ctx_str(o, "owner", s->owner_org_name);
    ctx_str(o, "type", T(r, signal_type_label(s->type)));
    ctx_bool(o, "confidential", s->confidential);
    ctx_bool(o, "hazard", s->hazard && !s->closed_at);
    ctx_bool(o, "overdue", !s->closed_at && s->deadline_at < now);
    ctx_bool(o, "flagged", s->handoffs > 2 || (!s->closed_at && s->deadline_at < now));
    ctx_str(o, "deadline", fmt_day(r, s->deadline_at));
    ctx_bool(o, "chosen", chosen);
    return o;
}

/* A date filter of the work list ("15-04-2025" or "2025-04-15"): the Unix
 * time its local day starts, plus days; 0 when the field is empty; -1
 * with *problem set when it is no date. */
static int64_t list_day(struct req *r, const char *key, int days, const char *msgid,
                        const char **problem)
{
    const char *v = req_query(r, key);
    cal_date day;
    int64_t t;
    if (!v || !*v)
        return 0;
    if (cal_parse_date_typed(v, strlen(v), &day) != 0 ||
        cal_to_unix(cal_add_calendar_days(day, days), 0, &t) != 0) {
        *problem = msgid;
        return -1;
    }
    return t;
}

static void work_list(struct req *r, db *d, const struct bulk_form *bf)
{
    struct signal_filter f;
    memset(&f, 0, sizeof f);
    f.now = (int64_t)time(NULL);
    const char *status = req_query(r, "status");
    f.status = status && *status ? status : (status ? NULL : "open");
    if (f.status && strcmp(f.status, "open") != 0 && !signal_status(f.status))
        f.status = "open";
    f.category_id = web_parse_id(req_query(r, "categorie"));
    f.wijk_id = web_parse_id(req_query(r, "wijk"));
    f.owner_org_id = web_parse_id(req_query(r, "afdeling"));
    f.region_id = web_parse_id(req_query(r, "regio"));
    const char *channel = req_query(r, "kanaal");
    f.channel = channel && *channel ? channel : NULL;
    f.overdue = req_query(r, "te_laat") != NULL;
    /* Received from and to (the whole day): a date that cannot be read is
     * said at its field, and the list is shown without it. */
    const char *from_error = NULL, *to_error = NULL;
    f.from = list_day(r, "ontvangen_van", 0,
                      N_("Vul bij Ontvangen vanaf een datum in zoals 15-04-2025."), &from_error);
    f.to = list_day(r, "ontvangen_tot", 1,
                    N_("Vul bij Ontvangen tot en met een datum in zoals 15-04-2025."), &to_error);
    if (f.from > 0 && f.to > 0 && f.to <= f.from) {
        to_error = N_("Ontvangen tot en met ligt vóór Ontvangen vanaf. Kies een latere datum.");
        f.to = -1;
    }
    if (f.from < 0)
        f.from = 0;
    if (f.to < 0)
        f.to = 0;
    const char *q = req_query(r, "zoek");
    const char *search_error = search_query(r, q, &f.search);
    f.hide_confidential_content = !signal_in_care_network(r->user);
    const char *order = req_query(r, "volgorde");
    f.order = order && strcmp(order, "oudste") == 0    ? SIGNAL_ORDER_OLDEST
              : order && strcmp(order, "termijn") == 0 ? SIGNAL_ORDER_DEADLINE
                                                       : SIGNAL_ORDER_NEWEST;
    bool mine = req_query(r, "mijn") != NULL;
    if (mine)
        f.owner_user_id = r->user->id;
    /* Without a choice, department staff start from their own queue. */
    if (!req_query(r, "afdeling") && !mine)
        for (size_t i = 0; i < r->user->nroles; i++)
            if ((r->user->roles[i].role == ROLE_AFDELING ||
                 r->user->roles[i].role == ROLE_AFDELINGSHOOFD ||
                 r->user->roles[i].role == ROLE_AANVOERDER_WZN ||
                 r->user->roles[i].role == ROLE_BALIE) &&
                r->user->roles[i].org_id) {
                f.owner_org_id = r->user->roles[i].org_id;
                break;
            }
    long long after_c = 0, after_id = 0;
    web_parse_keyset(req_query(r, "na"), &after_c, &after_id);
    struct signal *s = NULL;
    size_t n = 0;
    if (search_error) {
        /* the list is not shown: it would not be what was asked for */
        r->status = 400;
    } else if (signal_list(d, r->a, &f, after_c, after_id, LIST_PAGE, &s, &n) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    json_t *ctx = json_object(), *rows = json_array();
    ctx_str(ctx, "search_error", search_error);
    /* the filter's problems, in the order of the form */
    json_t *fp = json_array();
    if (from_error) {
        ctx_str(ctx, "from_error", T(r, from_error));
        json_array_append_new(
            fp, json_pack("{s:s,s:s}", "anchor", "f-van", "message", T(r, from_error)));
    }
    if (to_error) {
        ctx_str(ctx, "to_error", T(r, to_error));
        json_array_append_new(fp,
                              json_pack("{s:s,s:s}", "anchor", "f-tot", "message", T(r, to_error)));
    }
    if (search_error)
        json_array_append_new(fp,
                              json_pack("{s:s,s:s}", "anchor", "f-zoek", "message", search_error));
    ctx_bool(ctx, "filter_error", json_array_size(fp) > 0);
    json_object_set_new(ctx, "filter_problems", fp);
    if (from_error || to_error)
        r->status = 400;
    ctx_str(ctx, "ontvangen_van", req_query(r, "ontvangen_van"));
    ctx_str(ctx, "ontvangen_tot", req_query(r, "ontvangen_tot"));
    /* select all without JavaScript: the list again with every row chosen */
    bool all = req_query(r, "alles") != NULL;
    /* A number finds that signal first, when the caller may see it in the
     * list (the care network's cases only within the care network). */
    long long number = search_error || after_c ? 0 : search_number(q);
    struct signal ns;
    bool by_number = false;
    if (number && signal_get(d, r->a, number, &ns) == DB_OK && !ns.merged_into &&
        !(f.hide_confidential_content && ns.confidential)) {
        by_number = true;
        json_array_append_new(rows, list_row(r, &ns, f.now, all || bulk_chosen(bf, ns.id)));
    }
    /* The open dangerous signals first, on the first page: they wait for no order. */
    struct signal *hz = NULL;
    size_t nhz = 0;
    if (!search_error && !after_c && !by_number &&
        signal_list_hazard(d, r->a, &f, LIST_PAGE, &hz, &nhz) != DB_OK)
        nhz = 0;
    for (size_t i = 0; i < nhz; i++)
        json_array_append_new(rows, list_row(r, &hz[i], f.now, all || bulk_chosen(bf, hz[i].id)));
    for (size_t i = 0; i < n; i++) {
        bool shown = by_number && s[i].id == ns.id;
        for (size_t k = 0; k < nhz && !shown; k++)
            shown = hz[k].id == s[i].id;
        if (!shown)
            json_array_append_new(rows, list_row(r, &s[i], f.now, all || bulk_chosen(bf, s[i].id)));
    }
    json_object_set_new(ctx, "rows", rows);
    ctx_bool(ctx, "has_rows", json_array_size(rows) > 0);
    ctx_int(ctx, "nrows", (int64_t)json_array_size(rows));
    ctx_bool(ctx, "by_number", by_number);
    int64_t nopen = 0, noverdue = 0;
    if (!search_error && signal_list_counts(d, &f, &nopen, &noverdue) == DB_OK) {
        ctx_bool(ctx, "has_counts", 1);
        ctx_str(ctx, "count_open", fmt_number(r, nopen));
        ctx_str(ctx, "count_overdue", fmt_number(r, noverdue));
        ctx_bool(ctx, "has_overdue", noverdue > 0);
    }
    if (n == LIST_PAGE) {
        /* keep every filter, move the key */
        buf b;
        buf_init(&b, 4096);
        buf_printf(&b, "/werk/meldingen?na=%lld-%lld",
                   (long long)signal_list_key(&s[n - 1], f.order), (long long)s[n - 1].id);
        static const char *const keys[] = {
            "status", "categorie", "wijk",     "afdeling", "kanaal",        "te_laat",
            "zoek",   "regio",     "volgorde", "mijn",     "ontvangen_van", "ontvangen_tot"};
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
            const char *v = req_query(r, keys[i]);
            if (!v)
                continue;
            buf_printf(&b, "&%s=", keys[i]);
            buf_url_value(&b, v);
        }
        ctx_str(ctx, "next", b.data);
        buf_free(&b);
    }
    /* the filter form, filled in */
    static const char *const status_pairs[][2] = {{"open", N_("Alle open meldingen")},
                                                  {"", N_("Alle")},
                                                  {"gemeld", N_("Gemeld")},
                                                  {"in_behandeling", N_("In behandeling")},
                                                  {"ingepland", N_("Ingepland")},
                                                  {"wacht_op_melder", N_("Wacht op melder")},
                                                  {"doorgezet", N_("Doorgezet")},
                                                  {"afgehandeld", N_("Afgehandeld")},
                                                  {"geannuleerd", N_("Geannuleerd")},
                                                  {"heropend", N_("Heropend")}};
    json_object_set_new(ctx, "statuses",
                        simple_options(r, f.status ? f.status : "", status_pairs, 10));
    static const char *const channel_pairs[][2] = {{"", N_("Alle")},
                                                   {"web", N_("Website")},
                                                   {"balie", N_("Balie (wijkpost, GIP)")},
                                                   {"telefoon", N_("Telefoon")},
                                                   {"email", N_("E-mail")},
                                                   {"raadslid", N_("Raadslid")},
                                                   {"partner", N_("Partnerorganisatie")},
                                                   {"api", N_("App of koppeling")}};
    json_object_set_new(ctx, "channels", simple_options(r, f.channel, channel_pairs, 8));
    json_object_set_new(ctx, "orgs", org_options(r, d, f.owner_org_id, 1));
    json_t *wijken = json_array();
    struct wijk *w;
    size_t nw;
    json_array_append_new(wijken, json_pack("{s:s,s:s}", "value", "", "label", T(r, "Alle")));
    if (area_list_wijken(d, r->a, web_today(r), 0, &w, &nw) == DB_OK)
        for (size_t i = 0; i < nw; i++)
            json_array_append_new(wijken,
                                  json_pack("{s:s,s:s,s:b}", "value",
                                            arena_printf(r->a, "%lld", (long long)w[i].id), "label",
                                            w[i].name, "selected", w[i].id == f.wijk_id));
    json_object_set_new(ctx, "wijken", wijken);
    ctx_str(ctx, "zoek", q);
    ctx_bool(ctx, "te_laat", f.overdue);
    /* the process guard's region stays through every filter and order */
    if (f.region_id) {
        ctx_int(ctx, "regio", f.region_id);
        struct region rg;
        if (area_region_by_id(d, r->a, f.region_id, web_today(r), &rg) == DB_OK)
            ctx_str(ctx, "regio_name", rg.name);
    }
    ctx_bool(ctx, "mijn", mine);
    static const char *const order_pairs[][2] = {{"nieuwste", N_("Nieuwste eerst")},
                                                 {"oudste", N_("Oudste eerst")},
                                                 {"termijn", N_("Termijn: eerst verlopen")}};
    json_object_set_new(ctx, "orders", simple_options(r, order_pairs[f.order][0], order_pairs, 3));
    ctx_str(ctx, "order_label", T(r, order_pairs[f.order][1]));
    ctx_bool(ctx, "can_intake", policy_allows(r->user, ACT_SIGNAL_INTAKE, NULL));
    /* Bulk actions: a status for every chosen signal, or a hand-off. */
    json_t *bulk = json_array();
    for (size_t i = 0; i < signal_nstatuses; i++)
        json_array_append_new(
            bulk, json_pack("{s:s,s:s}", "value",
                            arena_printf(r->a, "status:%s", signal_statuses[i].code), "label",
                            arena_printf(r->a, "%s: %s", T(r, "Status"),
                                         T(r, signal_statuses[i].label))));
    json_t *orgs = org_options(r, d, 0, 0);
    size_t k;
    json_t *o;
    json_array_foreach(orgs, k, o)
    {
        json_array_append_new(
            bulk,
            json_pack("{s:s,s:s}", "value",
                      arena_printf(r->a, "naar:%s", json_string_value(json_object_get(o, "value"))),
                      "label",
                      arena_printf(r->a, "%s %s", T(r, "Overdragen aan"),
                                   json_string_value(json_object_get(o, "label")))));
    }
    json_decref(orgs);
    json_object_set_new(ctx, "bulk", bulk);
    const char *back = bf ? bf->back : r->raw_uri;
    ctx_str(ctx, "back", back);
    /* the same list with every row chosen (select all without JavaScript) */
    if (!all)
        ctx_str(ctx, "all_url",
                arena_printf(r->a, "%s%salles=1#bulk", back, strchr(back, '?') ? "&" : "?"));
    ctx_int(ctx, "nchosen", all ? (int64_t)json_array_size(rows) : bf ? (int64_t)bf->nids : 0);
    if (bf && bf->error) {
        size_t k2;
        json_t *b;
        json_array_foreach(bulk, k2, b)
        {
            const char *v = json_string_value(json_object_get(b, "value"));
            ctx_bool(b, "selected", bf->action && v && strcmp(v, bf->action) == 0);
        }
        ctx_str(ctx, "bulk_message", bf->message);
        ctx_str(ctx, "bulk_explanation", bf->explanation);
        json_t *by = json_object();
        ctx_str(by, bf->field + 5, bf->error); /* "bulk-message": "message" */
        json_object_set_new(ctx, "bulk_error", by);
        ctx_str(ctx, "bulk_error_field", bf->field);
        ctx_str(ctx, "bulk_error_text", bf->error);
    }
    /* the referrals partners answered lately, of the signals this person handles */
    json_t *answers = web_referral_answers(r, d);
    ctx_bool(ctx, "has_referral_answers", json_array_size(answers) > 0);
    json_object_set_new(ctx, "referral_answers", answers);
    render_page(r, "pages/werk_meldingen", ctx);
}

void page_work_signals(struct req *r)
{
    db *d = web_db(r);
    if (d)
        work_list(r, d, NULL);
}

void page_work_signal_new(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    int64_t id = web_parse_id(req_query(r, "categorie"));
    if (id)
        report_form(r, d, 1, id, 0, NULL, 0, NULL, 0, NULL);
    else
        report_step(r, d, 1, 0, NULL, NULL, 0);
}

void page_work_signal_new_post(struct req *r)
{
    report_post(r, FORM_COUNTER);
}

/* A council member passes on a resident's signal: the counter's form with
 * the channel "raadslid", without the care network's categories. */
void page_council_signal_new(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    int64_t id = web_parse_id(req_query(r, "categorie"));
    if (id)
        report_form(r, d, FORM_COUNCIL, id, 0, NULL, 0, NULL, 0, NULL);
    else
        report_step(r, d, FORM_COUNCIL, 0, NULL, NULL, 0);
}

void page_council_signal_new_post(struct req *r)
{
    report_post(r, FORM_COUNCIL);
}

/* What a council member passed on, with its status: nothing else of the
 * work list, no content the care network wrote. */
void page_council_signals(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    struct signal *s;
    size_t n;
    if (signal_list_created_by(d, r->a, r->user->id, "raadslid", 200, &s, &n) != DB_OK) {
        resp_error(r, 500);
        return;
    }
    int64_t now = (int64_t)time(NULL);
    json_t *ctx = json_object(), *rows = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        ctx_int(o, "id", s[i].id);
        ctx_str(o, "created", fmt_day(r, s[i].created_at));
        ctx_str(o, "category", s[i].category_name);
        ctx_str(o, "wijk", s[i].wijk_name);
        /* a case the care network holds: that it does, not how far it is */
        ctx_str(o, "status",
                s[i].confidential ? T(r, "Bij het wijkzorgnetwerk") : status_label(r, s[i].status));
        ctx_str(o, "deadline",
                s[i].closed_at || s[i].confidential ? NULL : fmt_day(r, s[i].deadline_at));
        ctx_bool(o, "overdue", !s[i].closed_at && !s[i].confidential && s[i].deadline_at < now);
        json_array_append_new(rows, o);
    }
    json_object_set_new(ctx, "rows", rows);
    ctx_bool(ctx, "has_rows", n > 0);
    long long fresh = web_parse_id(req_query(r, "nieuw"));
    for (size_t i = 0; fresh && i < n; i++)
        if (s[i].id == fresh)
            ctx_int(ctx, "new_id", fresh);
    render_page(r, "pages/raad_meldingen", ctx);
}

/* The categories a care-network lead may give the collective part of a case:
 * the active ones that are not confidential. */
static json_t *collective_categories(struct req *r, db *d, int64_t selected)
{
    json_t *arr = json_array();
    struct category *c;
    size_t n;
    if (category_list(d, r->a, &c, &n) == DB_OK)
        for (size_t i = 0; i < n; i++)
            if (!c[i].confidential)
                json_array_append_new(
                    arr, json_pack("{s:I,s:s,s:b}", "id", (json_int_t)c[i].id, "name",
                                   arena_printf(r->a, "%s: %s", c[i].parent_name, c[i].name),
                                   "selected", c[i].id == selected));
    return arr;
}

/* What was typed in the status form, and what is wrong with it, when it
 * comes back with an error (GOV.UK pattern: a summary linking to the field,
 * the message at the field, the form filled in). field names the field the
 * error belongs to: status, message or explanation. */
struct status_form {
    const char *status, *message, *explanation;
    const char *field, *error;
};

static void signal_page_form(struct req *r, db *d, int64_t id, const char *error,
                             const char *error_field, const struct status_form *sf);

/*
 * A signal's page. Every entry is shown by its own confidentiality
 * (signal_may_read_entry): outside the care network the confidential ones
 * are not even read from the store. A case the care network holds now is
 * shown from outside at its state when it was handed in, with the hand-off
 * and its date; what came after is the care network's. error_field names the
 * form field an error belongs to (its id), or NULL.
 */
static void signal_page(struct req *r, db *d, int64_t id, const char *error,
                        const char *error_field)
{
    signal_page_form(r, d, id, error, error_field, NULL);
}

/* What the last action on the signal did, said once after its redirect
 * (the flash cookie holds which action: answer_result), or NULL. */
static const char *signal_done(struct req *r, const struct signal *s, bool held)
{
    const char *key = cookie_get(&r->cookies, "wr_flash");
    if (!key || r->method == HTTP_POST || strncmp(key, "sig-", 4) != 0)
        return NULL;
    resp_cookie(r, "wr_flash", "", -1);
    key += 4;
    const char *status = held ? NULL : status_label(r, s->status);
    if (strcmp(key, "status") == 0 && status)
        return arena_printf(r->a, T(r, "Status gewijzigd in %s."), status);
    if (strcmp(key, "handoff") == 0)
        return arena_printf(r->a, T(r, "Overgedragen aan %s."), s->owner_org_name);
    if (strcmp(key, "take") == 0 && status)
        return arena_printf(r->a, T(r, "Opgepakt: de melding staat op uw naam. Status: %s."),
                            status);
    if (strcmp(key, "release") == 0)
        return arena_printf(r->a, T(r, "Teruggezet in de wachtrij van %s."), s->owner_org_name);
    if (strcmp(key, "note") == 0)
        return T(r, "Notitie toegevoegd.");
    if (strcmp(key, "place") == 0)
        return T(r, "Plek opgeslagen.");
    if (strcmp(key, "task") == 0)
        return T(r, "Deeltaak gemaakt. U vindt hem onder Deeltaken.");
    if (strcmp(key, "merged") == 0)
        return T(
            r, "Samengevoegd: de dubbele melding is gesloten; de melders volgen nu deze melding.");
    if (strcmp(key, "collective") == 0)
        return T(r,
                 "Het collectieve deel is als nieuwe melding overgedragen aan de wijkregisseur.");
    return T(r, "De wijzigingen zijn opgeslagen.");
}

static void signal_page_form(struct req *r, db *d, int64_t id, const char *error,
                             const char *error_field, const struct status_form *sf)
{
    struct signal s;
    int rc = signal_get(d, r->a, id, &s);
    if (rc == DB_NOTFOUND) {
        resp_error(r, 404);
        return;
    }
    if (rc != DB_OK) {
        resp_error(r, 500);
        return;
    }
    bool care = signal_in_care_network(r->user);
    bool content = signal_may_read_content(r->user, &s);
    bool handle = signal_may_handle(d, r->user, &s);
    /* held: the care network holds it and the reader is outside it */
    bool held = s.confidential && !care;
    struct signal_shared sh;
    bool shared = false;
    if (held) {
        rc = signal_shared_state(d, r->a, s.id, &sh);
        if (rc != DB_OK && rc != DB_NOTFOUND) {
            resp_error(r, 500);
            return;
        }
        shared = rc == DB_OK;
    }
    json_t *ctx = json_object();
    const char *done = signal_done(r, &s, held);
    if (done)
        json_object_set_new(ctx, "flash", json_pack("{s:s,s:s}", "kind", "ok", "message", done));
    ctx_int(ctx, "id", s.id);
    ctx_str(ctx, "status",
            !held    ? status_label(r, s.status)
            : shared ? status_label(r, sh.status)
                     : NULL);
    ctx_str(ctx, "type", T(r, signal_type_label(s.type)));
    ctx_str(ctx, "channel", T(r, signal_channel_label(s.channel)));
    ctx_str(ctx, "category", s.category_name);
    ctx_str(ctx, "main_category", s.main_category_name);
    ctx_str(ctx, "wijk", s.wijk_name);
    ctx_str(ctx, "owner", s.owner_org_name);
    ctx_str(ctx, "owner_user", held ? NULL : s.owner_user_name);
    ctx_str(ctx, "created", fmt_time(r, s.created_at));
    ctx_str(ctx, "deadline", fmt_time(r, s.deadline_at));
    ctx_bool(ctx, "overdue", !held && !s.closed_at && s.deadline_at < (int64_t)time(NULL));
    ctx_bool(ctx, "confidential", s.confidential);
    ctx_bool(ctx, "care", care);
    ctx_bool(ctx, "content", content);
    ctx_bool(ctx, "handle", handle);
    ctx_bool(ctx, "held", held && shared);
    if (held && shared)
        ctx_str(ctx, "held_at", fmt_time(r, sh.at));
    ctx_int(ctx, "handoffs", s.handoffs);
    ctx_bool(ctx, "flagged", !held && s.handoffs > 2);
    ctx_bool(ctx, "hazard", !held && s.hazard);
    ctx_bool(ctx, "new", req_query(r, "nieuw") != NULL);
    ctx_bool(ctx, "confirm_address", req_query(r, "bevestigen") != NULL);
    ctx_str(ctx, "error", error);
    ctx_str(ctx, "error_field", error_field);
    if (error_field) {
        /* the error at its field as well (GOV.UK pattern) */
        ctx_bool(ctx, "handoff_error", strcmp(error_field, "handoff-note") == 0);
        ctx_bool(ctx, "collective_text_error", strcmp(error_field, "collective-text") == 0);
        ctx_bool(ctx, "collective_category_error", strcmp(error_field, "collective-category") == 0);
        ctx_bool(ctx, "task_org_error", strcmp(error_field, "task-org") == 0);
    }
    /* the place is a fact of the case; the address text is the intake's */
    ctx_bool(ctx, "location_unknown", !s.location_known);
    if (s.location_known) {
        ctx_str(ctx, "point", arena_printf(r->a, "%.5f, %.5f", s.lat, s.lon));
        ctx_str(ctx, "lat", arena_printf(r->a, "%.6f", s.lat));
        ctx_str(ctx, "lon", arena_printf(r->a, "%.6f", s.lon));
    }
    if (content) {
        ctx_str(ctx, "description", s.description);
        ctx_str(ctx, "address", s.address_text);
        ctx_str(ctx, "found_address", found_address(r, &s.addr));
        const char **codes, **values;
        size_t na;
        json_t *ans = signal_answers(d, r->a, s.id, !care, &codes, &values, &na) == DB_OK
                          ? answer_rows(r, d, s.category_id, codes, values, na)
                          : json_array();
        json_object_set_new(ctx, "answers", ans);
        struct signal_photo *ph;
        size_t nph;
        json_t *pl = json_array();
        if (signal_photos(d, r->a, s.id, !care, &ph, &nph) == DB_OK)
            for (size_t i = 0; i < nph; i++)
                json_array_append_new(
                    pl, json_pack("{s:s,s:s,s:I}", "url",
                                  arena_printf(r->a, "/werk/meldingen/%lld/foto/%zu",
                                               (long long)s.id, i + 1),
                                  "thumb",
                                  arena_printf(r->a, "/werk/meldingen/%lld/foto/%zu/klein",
                                               (long long)s.id, i + 1),
                                  "n", (json_int_t)(i + 1)));
        ctx_bool(ctx, "has_photos", json_array_size(pl) > 0);
        json_object_set_new(ctx, "photos", pl);
    }
    if (handle) {
        /* the reporter's contact details: only for those who handle the case,
         * and given at the intake, so only with it */
        struct signal_contact *c;
        size_t nc;
        json_t *cl = json_array();
        if (content && signal_contacts(d, r->a, s.id, &c, &nc) == DB_OK)
            for (size_t i = 0; i < nc; i++) {
                json_t *o = json_object();
                ctx_str(o, "name", c[i].name);
                ctx_str(o, "email", c[i].email);
                ctx_str(o, "phone", c[i].phone);
                ctx_bool(o, "erased", c[i].erased);
                json_array_append_new(cl, o);
            }
        json_object_set_new(ctx, "contacts", cl);
        if (content && s.reply_by)
            ctx_str(ctx, "reply_by", T(r, signal_reply_label(s.reply_by)));
        const char *next[8];
        size_t nn = signal_next_statuses(s.status, next, 8);
        json_t *opts = json_array();
        for (size_t i = 0; i < nn; i++)
            json_array_append_new(opts,
                                  json_pack("{s:s,s:s,s:b}", "value", next[i], "label",
                                            status_label(r, next[i]), "selected",
                                            sf && sf->status && strcmp(sf->status, next[i]) == 0));
        json_object_set_new(ctx, "next_statuses", opts);
        ctx_bool(ctx, "status_chosen", sf && sf->status && *sf->status);
        bool typed = error_field != NULL;
        if (sf) {
            ctx_str(ctx, "status_message", sf->message);
            ctx_str(ctx, "status_explanation", sf->explanation);
            json_t *by = json_object(), *list = json_array();
            ctx_str(by, sf->field, sf->error);
            /* the summary links to the field's id */
            const char *anchor = strcmp(sf->field, "status") == 0 ? "new-status" : sf->field;
            json_array_append_new(list,
                                  json_pack("{s:s,s:s}", "field", anchor, "message", sf->error));
            json_object_set_new(ctx, "status_error", by);
            json_object_set_new(ctx, "problems", list);
            ctx_bool(ctx, "has_problems", true);
        }
        json_t *orgs = org_options(r, d, typed ? web_parse_id(req_field(r, "afdeling")) : 0, 0);
        /* a hand-off goes elsewhere: the signal's own department is not offered */
        json_t *handoff_orgs = json_array();
        size_t k;
        json_t *o;
        json_array_foreach(orgs, k, o)
        {
            if (web_parse_id(json_string_value(json_object_get(o, "value"))) != s.owner_org_id)
                json_array_append(handoff_orgs, o);
        }
        /* a sub-task may go to a partner too (the agreements decide, signal_task.c) */
        json_t *task_orgs = json_array();
        long long task_sel = typed ? web_parse_id(req_field(r, "afdeling")) : 0;
        json_array_foreach(orgs, k, o) json_array_append(task_orgs, o);
        struct organisation *po;
        size_t npo;
        if (org_list(d, r->a, "partner", &po, &npo) == DB_OK)
            for (size_t i = 0; i < npo; i++)
                json_array_append_new(
                    task_orgs, json_pack("{s:s,s:s,s:b}", "value",
                                         arena_printf(r->a, "%lld", (long long)po[i].id), "label",
                                         arena_printf(r->a, "%s (%s)", po[i].name, T(r, "partner")),
                                         "selected", task_sel == (long long)po[i].id));
        json_object_set_new(ctx, "task_orgs", task_orgs);
        if (typed && error_field && strcmp(error_field, "task-org") == 0)
            ctx_str(ctx, "task_what", req_field(r, "wat"));
        json_object_set_new(ctx, "orgs", orgs);
        json_object_set_new(ctx, "handoff_orgs", handoff_orgs);
        json_object_set_new(ctx, "buurten", buurt_options(r, d, NULL));
        ctx_bool(ctx, "can_split", !s.parent_id && !s.closed_at);
        ctx_bool(ctx, "can_take", !s.closed_at && s.owner_user_id != r->user->id);
        ctx_bool(ctx, "can_release", !s.closed_at && s.owner_user_id == r->user->id);
        if (typed && strcmp(error_field, "handoff-note") == 0)
            ctx_str(ctx, "handoff_note", req_field(r, "note"));
        /* the care network hands the collective part to the wijkregisseur */
        if (care && s.confidential) {
            ctx_bool(ctx, "can_collective", 1);
            json_object_set_new(
                ctx, "collective_categories",
                collective_categories(r, d, typed ? web_parse_id(req_field(r, "categorie")) : 0));
            if (typed && strncmp(error_field, "collective", 10) == 0) {
                ctx_str(ctx, "collective_text", req_field(r, "tekst"));
                ctx_bool(ctx, "collective_point", req_field(r, "punt") != NULL);
            }
        }
    }
    /* the link between a care case and its collective part: the care network's */
    struct signal_care_link *links;
    size_t nlinks;
    json_t *ll = json_array();
    if (care && signal_care_links(d, r->a, s.id, &links, &nlinks) == DB_OK)
        for (size_t i = 0; i < nlinks; i++) {
            bool mine = links[i].care_signal_id == s.id;
            json_array_append_new(
                ll, json_pack("{s:I,s:s,s:b}", "id",
                              (json_int_t)(mine ? links[i].signal_id : links[i].care_signal_id),
                              "at", fmt_day(r, links[i].at), "to_regisseur", mine));
        }
    ctx_bool(ctx, "has_links", json_array_size(ll) > 0);
    json_object_set_new(ctx, "links", ll);
    struct signal_event *e;
    size_t ne;
    json_t *hist = json_array();
    const char *handover = NULL, *handover_at = NULL;
    if (signal_events(d, r->a, s.id, 0, !care, &e, &ne) == DB_OK)
        for (size_t i = 0; i < ne; i++) {
            json_t *o = json_object();
            ctx_str(o, "at", fmt_time(r, e[i].at));
            ctx_str(o, "who", e[i].user_name ? e[i].user_name : T(r, "melder"));
            /* a hand-off within the department: a person took it on or let go */
            bool within = strcmp(e[i].kind, "handoff") == 0 && e[i].from_org && e[i].to_org &&
                          strcmp(e[i].from_org, e[i].to_org) == 0 && e[i].text;
            const char *what = strcmp(e[i].kind, "created") == 0   ? N_("Ontvangen")
                               : strcmp(e[i].kind, "status") == 0  ? N_("Status gewijzigd")
                               : strcmp(e[i].kind, "handoff") == 0 ? N_("Overgedragen")
                               : strcmp(e[i].kind, "note") == 0    ? N_("Notitie")
                                                                   : N_("Gebeurtenis");
            if (within)
                what = strcmp(e[i].text, "opgepakt") == 0 ? N_("Opgepakt")
                                                          : N_("Teruggezet in de wachtrij");
            /* the care network's hand-over text: what the department may know */
            if (strcmp(e[i].kind, "handoff") == 0 && e[i].from_care && !e[i].to_care) {
                what = N_("Overgedragen door het wijkzorgnetwerk");
                handover = e[i].text;
                handover_at = fmt_day(r, e[i].at);
            }
            if (strcmp(e[i].kind, "handoff") == 0 && e[i].to_care && !e[i].from_care)
                what = N_("Overgedragen aan het wijkzorgnetwerk");
            ctx_str(o, "what", T(r, what));
            if (e[i].from_status && e[i].to_status)
                ctx_str(o, "change",
                        arena_printf(r->a, "%s → %s", status_label(r, e[i].from_status),
                                     status_label(r, e[i].to_status)));
            if (e[i].from_org && e[i].to_org && !within)
                ctx_str(o, "change", arena_printf(r->a, "%s → %s", e[i].from_org, e[i].to_org));
            /* the store gave only the entries this reader may read */
            if (!within)
                ctx_str(o, "text", e[i].text);
            ctx_bool(o, "public", e[i].public);
            ctx_bool(o, "entry_confidential", e[i].confidential);
            /* what everybody reads of it (public map, open data, Open311) */
            ctx_str(o, "explanation", e[i].public_explanation);
            json_array_append_new(hist, o);
        }
    json_object_set_new(ctx, "history", hist);
    if (!content && handover) {
        ctx_str(ctx, "handover", handover);
        ctx_str(ctx, "handover_at", handover_at);
    }
    if (s.parent_id)
        ctx_int(ctx, "parent_id", s.parent_id);
    struct signal_task_row *tasks;
    size_t ntasks;
    json_t *tl = json_array();
    if (signal_tasks(d, r->a, s.id, &tasks, &ntasks) == DB_OK)
        for (size_t i = 0; i < ntasks; i++)
            json_array_append_new(tl, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)tasks[i].id,
                                                "status", status_label(r, tasks[i].status), "owner",
                                                tasks[i].owner));
    ctx_bool(ctx, "has_tasks", json_array_size(tl) > 0);
    json_object_set_new(ctx, "tasks", tl);
    /* referrals to partners, and whether this one may go to a partner */
    json_t *refs = web_signal_referrals(r, d, s.id);
    ctx_bool(ctx, "has_referrals", json_array_size(refs) > 0);
    json_object_set_new(ctx, "referrals", refs);
    ctx_bool(ctx, "can_refer",
             handle && content && !s.confidential && !s.intake_confidential && !s.closed_at &&
                 !s.merged_into);
    render_page(r, "pages/werk_melding", ctx);
}

void page_work_signal(struct req *r)
{
    db *d = web_db(r);
    long long id = web_parse_id(req_param(r, 0));
    if (!d)
        return;
    if (!id) {
        resp_error(r, 404);
        return;
    }
    signal_page(r, d, id, NULL, NULL);
}

/* done names what happened on success ("sig-handoff"...): the signal page
 * says it once, in words of the signal as it is now (signal_done). */
static void answer_result(struct req *r, db *d, long long id, enum signal_result rc,
                          const char *done)
{
    switch (rc) {
    case SIG_OK:
        /* a change may have queued a message to the reporter or a handler */
        mailer_wake();
        flash_set(r, "ok", done);
        resp_redirect(r, arena_printf(r->a, "/werk/meldingen/%lld", id));
        return;
    case SIG_NOT_FOUND:
        resp_error(r, 404);
        return;
    case SIG_FORBIDDEN:
        resp_error(r, 403);
        return;
    case SIG_BAD_TRANSITION:
        r->status = 400;
        signal_page(r, d, id, T(r, "Deze statuswijziging kan niet vanuit de huidige status."),
                    NULL);
        return;
    case SIG_NEEDS_MESSAGE:
        r->status = 400;
        signal_page(r, d, id,
                    T(r, "Schrijf een bericht aan de melder: bij het afsluiten is dat verplicht."),
                    NULL);
        return;
    case SIG_BAD_INPUT:
        r->status = 400;
        signal_page(r, d, id,
                    T(r, "Controleer wat u invulde: er ontbreekt iets of het is te lang."), NULL);
        return;
    case SIG_NEEDS_HANDOVER:
        r->status = 400;
        signal_page(r, d, id,
                    T(r, "Schrijf een overdrachtstekst: wat mag de afdeling van deze zaak weten? "
                         "Alleen die tekst gaat mee; de rest blijft bij het wijkzorgnetwerk."),
                    "handoff-note");
        return;
    case SIG_STAYS_CONFIDENTIAL:
        r->status = 400;
        signal_page(r, d, id,
                    T(r, "Een melding in een vertrouwelijke categorie blijft bij het "
                         "wijkzorgnetwerk. Draag het deel dat de straat aangaat over aan de "
                         "wijkregisseur."),
                    "handoff");
        return;
    default:
        resp_error(r, 500);
        return;
    }
}

void page_work_signal_status(struct req *r)
{
    db *d = web_db(r);
    long long id = web_parse_id(req_param(r, 0));
    if (!d)
        return;
    struct status_form sf = {req_field(r, "status"), req_field(r, "message"),
                             req_field(r, "uitleg"), NULL, NULL};
    /* nothing is chosen beforehand (not even when "Heropend" is the one
     * choice left): a status change is a choice */
    if (!sf.status || !*sf.status) {
        sf.field = "status";
        sf.error = T(r, "Kies de nieuwe status.");
        r->status = 400;
        signal_page_form(r, d, id, NULL, NULL, &sf);
        return;
    }
    enum signal_result rc =
        signal_change_status_explained(d, r->a, r->user, id, sf.status, sf.message, sf.explanation,
                                       (int64_t)time(NULL), base_url());
    switch (rc) {
    case SIG_BAD_TRANSITION:
        sf.field = "status";
        sf.error = T(r, "Deze statuswijziging kan niet vanuit de huidige status.");
        break;
    case SIG_NEEDS_MESSAGE:
        sf.field = "message";
        sf.error = T(r, "Schrijf een bericht aan de melder: bij het afsluiten is dat verplicht.");
        break;
    case SIG_BAD_INPUT:
        sf.field = "message";
        sf.error = T(r, "Het bericht aan de melder is te lang: hoogstens 4.000 tekens.");
        break;
    case SIG_BAD_EXPLANATION:
        sf.field = "explanation";
        sf.error = T(r, "De uitleg voor iedereen is te lang: hoogstens 200 tekens.");
        break;
    default:
        answer_result(r, d, id, rc, "sig-status");
        return;
    }
    r->status = 400;
    signal_page_form(r, d, id, NULL, NULL, &sf);
}

void page_work_signal_handoff(struct req *r)
{
    db *d = web_db(r);
    long long id = web_parse_id(req_param(r, 0));
    if (!d)
        return;
    answer_result(r, d, id,
                  signal_handoff(d, r->a, r->user, id, web_parse_id(req_field(r, "afdeling")),
                                 req_field(r, "note"), (int64_t)time(NULL)),
                  "sig-handoff");
}

void page_work_signal_note(struct req *r)
{
    db *d = web_db(r);
    long long id = web_parse_id(req_param(r, 0));
    if (!d)
        return;
    answer_result(r, d, id,
                  signal_add_note(d, r->a, r->user, id, req_field(r, "note"), (int64_t)time(NULL)),
                  "sig-note");
}

/* A photo of a signal, for those who may read its content. */
/* A stored photo as the answer. */
void web_send_photo(struct req *r, const char *file)
{
    size_t len = 0;
    unsigned char *bytes = files_get(file, &len);
    if (!bytes) {
        resp_error(r, 404);
        return;
    }
    r->status = 200;
    r->content_type_out = "image/jpeg";
    buf_reset(&r->body_out);
    buf_append(&r->body_out, bytes, len);
    free(bytes);
    /* No copy anywhere: a photo may show a person or their home, and a
     * confidential case's photo is the care network's alone. */
    resp_header(r, "Cache-Control", "no-store");
}

static void photo(struct req *r, int thumb)
{
    db *d = web_db(r);
    long long id = web_parse_id(req_param(r, 0)), n = web_parse_id(req_param(r, 1));
    if (!d)
        return;
    struct signal s;
    struct signal_photo *ph;
    size_t nph;
    if (!id || !n || signal_get(d, r->a, id, &s) != DB_OK) {
        resp_error(r, 404);
        return;
    }
    if (!signal_may_read_content(r->user, &s)) {
        resp_error(r, 403);
        return;
    }
    if (signal_photos(d, r->a, id, !signal_in_care_network(r->user), &ph, &nph) != DB_OK ||
        (size_t)n > nph) {
        resp_error(r, 404);
        return;
    }
    web_send_photo(r, thumb ? ph[n - 1].thumb : ph[n - 1].file);
}

/* A photo's thumbnail on the confirmation page: only for the browser that
 * sent the signal, and only while its receipt holds. */
void page_signal_receipt_thumb(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    const char *token = req_param(r, 0);
    long long n = web_parse_id(req_param(r, 1));
    struct signal s;
    struct signal_photo *ph;
    size_t nph;
    if (!token || strlen(token) != SIGNAL_TOKEN_CHARS - 1 || !n ||
        signal_get_by_token(d, r->a, token, &s) != DB_OK || s.confidential ||
        !signal_receipt_held(d, s.id, form_holder(r), (int64_t)time(NULL)) ||
        signal_photos(d, r->a, s.id, 0, &ph, &nph) != DB_OK || (size_t)n > nph) {
        resp_error(r, 404);
        return;
    }
    web_send_photo(r, ph[n - 1].thumb);
}

/* A photo held for the report form that came back: only for the browser
 * (or staff session) that sent it. */
void page_report_held_photo(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    int64_t id = web_parse_id(req_param(r, 0));
    const void *bytes;
    size_t len;
    if (!id || signal_photo_held_thumb(d, r->a, form_holder(r), id, (int64_t)time(NULL), &bytes,
                                       &len) != DB_OK) {
        resp_error(r, 404);
        return;
    }
    r->status = 200;
    r->content_type_out = "image/jpeg";
    buf_reset(&r->body_out);
    buf_append(&r->body_out, bytes, len);
    resp_header(r, "Cache-Control", "no-store");
}

void page_work_signal_photo(struct req *r)
{
    photo(r, 0);
}

void page_work_signal_thumb(struct req *r)
{
    photo(r, 1);
}

void page_signal_feedback(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    const char *token = req_param(r, 0);
    const char *sat = req_field(r, "tevreden");
    if (!token || strlen(token) != SIGNAL_TOKEN_CHARS - 1) {
        resp_error(r, 404);
        return;
    }
    if (!sat || (strcmp(sat, "ja") != 0 && strcmp(sat, "nee") != 0)) {
        resp_error(r, 400);
        return;
    }
    enum signal_result rc =
        feedback_give(d, r->a, token, strcmp(sat, "ja") == 0, req_field(r, "toelichting"),
                      req_field(r, "heropenen") != NULL, (int64_t)time(NULL));
    switch (rc) {
    case SIG_OK:
        resp_redirect(r, arena_printf(r->a, "/melding/%s?bedankt=1", token));
        return;
    case SIG_NOT_FOUND:
        resp_error(r, 404);
        return;
    case SIG_FORBIDDEN:
        resp_error(r, 403);
        return;
    case SIG_BAD_INPUT:
        resp_error(r, 400);
        return;
    default:
        resp_error(r, 500);
    }
}

void page_work_signal_merge(struct req *r)
{
    db *d = web_db(r);
    long long id = web_parse_id(req_param(r, 0));
    if (!d)
        return;
    long long into = web_parse_id(req_field(r, "met"));
    enum signal_result rc =
        signal_merge(d, r->a, r->user, id, into, (int64_t)time(NULL), base_url());
    if (rc == SIG_BAD_INPUT) {
        r->status = 400;
        signal_page(r, d, id,
                    T(r, "Samenvoegen kan alleen met een ander, open meldingnummer dat u ook mag "
                         "behandelen."),
                    NULL);
        return;
    }
    if (rc == SIG_OK) {
        flash_set(r, "ok", "sig-merged");
        resp_redirect(r, arena_printf(r->a, "/werk/meldingen/%lld", into));
        return;
    }
    answer_result(r, d, id, rc, "sig-merge");
}

/* POST actie=oppakken|vrijgeven: take the signal on, or give it back. */
void page_work_signal_take(struct req *r)
{
    db *d = web_db(r);
    long long id = web_parse_id(req_param(r, 0));
    if (!d)
        return;
    const char *what = req_field(r, "actie");
    bool take = !what || strcmp(what, "vrijgeven") != 0;
    enum signal_result rc = signal_take(d, r->a, r->user, id, take, (int64_t)time(NULL));
    if (rc == SIG_BAD_INPUT) {
        r->status = 400;
        signal_page(r, d, id,
                    T(r, take ? "U heeft deze melding al, of ze is gesloten."
                              : "Deze melding staat niet op uw naam."),
                    NULL);
        return;
    }
    answer_result(r, d, id, rc, take ? "sig-take" : "sig-release");
}

void page_work_signal_place(struct req *r)
{
    db *d = web_db(r);
    long long id = web_parse_id(req_param(r, 0));
    if (!d)
        return;
    double lat = NAN, lon = NAN;
    const char *buurt = req_field(r, "buurt");
    const char *la = req_field(r, "lat"), *lo = req_field(r, "lon");
    struct signal_address addr;
    bool has_addr = false;
    if (la && lo && *la && *lo) {
        char *e1, *e2;
        lat = strtod(la, &e1);
        lon = strtod(lo, &e2);
        if (*e1 || *e2)
            lat = lon = NAN;
        /* a point on the map has an address; a buurt's label point has none */
        else if (signal_locate(lat, lon))
            has_addr = web_address_of_point(r, lat, lon, &addr);
    } else if (buurt && *buurt) {
        struct wijk *w;
        size_t nw;
        if (area_list_wijken(d, r->a, web_today(r), 0, &w, &nw) == DB_OK)
            for (size_t i = 0; i < nw && isnan(lat); i++) {
                struct buurt *b;
                size_t nb;
                if (area_list_buurten(d, r->a, w[i].id, &b, &nb) != DB_OK)
                    continue;
                for (size_t k = 0; k < nb; k++)
                    if (strcmp(b[k].code, buurt) == 0) {
                        lat = b[k].label_lat;
                        lon = b[k].label_lon;
                    }
            }
    }
    enum signal_result rc =
        signal_place(d, r->a, r->user, id, lat, lon, has_addr ? &addr : NULL, (int64_t)time(NULL));
    if (rc == SIG_BAD_INPUT) {
        r->status = 400;
        signal_page(r, d, id, T(r, "Kies een buurt of een plek in Zoetermeer."), NULL);
        return;
    }
    answer_result(r, d, id, rc, "sig-place");
}

/* The same status change or hand-off for every chosen signal; each one is
 * checked on its own (permission, allowed transition), as if done singly. */
void page_work_signals_bulk(struct req *r)
{
    db *d = web_db(r);
    if (!d)
        return;
    const char *action = req_field(r, "actie");
    const char *message = req_field(r, "message");
    const char *explanation = req_field(r, "uitleg");
    const struct form_field *ids[200];
    size_t n = form_get_all(&r->form, "id", ids, 200);
    if (!action || n > 200) {
        resp_error(r, 400);
        return;
    }
    const char *status = strncmp(action, "status:", 7) == 0 ? action + 7 : NULL;
    long long org = strncmp(action, "naar:", 5) == 0 ? web_parse_id(action + 5) : 0;
    if ((!status || !signal_status(status)) && !org) {
        resp_error(r, 400);
        return;
    }
    const char *back = http_return_target(req_field(r, "terug"), "/werk/meldingen");
    if (strncmp(back, "/werk/meldingen", 15) != 0 || (back[15] && back[15] != '?'))
        back = "/werk/meldingen";
    /* Checked once before any signal changes: what is wrong for one is wrong
     * for all. The list comes back with the error, the signals still chosen
     * and what was typed (the form's maxlength keeps browsers from sending
     * too long a text). */
    struct bulk_form bf = {back, NULL, NULL, action, message, explanation, ids, n};
    const struct signal_status_info *si = status ? signal_status(status) : NULL;
    if (n == 0) {
        bf.field = "bulk-ids";
        bf.error = T(r, "Kies een of meer meldingen in de lijst.");
    } else if (si && si->closed && (!message || !*message)) {
        bf.field = "bulk-message";
        bf.error = T(r, "Schrijf een bericht aan de melders: bij het afsluiten is dat verplicht.");
    } else if (status && !signal_explanation_ok(explanation)) {
        bf.field = "bulk-explanation";
        bf.error = T(r, "De uitleg voor iedereen is te lang: hoogstens 200 tekens.");
    }
    if (bf.error) {
        /* the list as it was: its filters from its own address */
        const char *qs = strchr(back, '?');
        memset(&r->query, 0, sizeof r->query);
        if (qs)
            form_parse_urlencoded(r->a, qs + 1, strlen(qs + 1), NULL, &r->query);
        r->status = 400;
        work_list(r, d, &bf);
        return;
    }
    int64_t now = (int64_t)time(NULL);
    size_t done = 0;
    for (size_t i = 0; i < n; i++) {
        long long id = web_parse_id(ids[i]->value);
        if (!id)
            continue;
        enum signal_result rc =
            status ? signal_change_status_explained(d, r->a, r->user, id, status, message,
                                                    explanation, now, base_url())
                   : signal_handoff(d, r->a, r->user, id, org, message, now);
        done += rc == SIG_OK;
    }
    if (done)
        mailer_wake();
    flash_set(r, "ok", done == n ? "bulk" : "bulkpartial");
    resp_redirect(r, back);
}

void page_work_signal_task(struct req *r)
{
    db *d = web_db(r);
    long long id = web_parse_id(req_param(r, 0));
    if (!d)
        return;
    int64_t task = 0;
    const char *why = NULL;
    enum signal_result rc =
        signal_add_task_for(d, r->a, r->user, id, web_parse_id(req_field(r, "afdeling")),
                            req_field(r, "wat"), web_today(r), (int64_t)time(NULL), &task, &why);
    if (rc == SIG_BAD_INPUT && why) {
        /* a partner without an agreement that holds: at the field, the form kept */
        r->status = 400;
        signal_page_form(r, d, id, T(r, why), "task-org", NULL);
        return;
    }
    if (rc == SIG_BAD_INPUT) {
        r->status = 400;
        signal_page(r, d, id,
                    T(r, "Een deeltaak heeft een afdeling en een omschrijving nodig; een melding "
                         "heeft hoogstens 10 deeltaken en een deeltaak wordt niet verder "
                         "opgesplitst."),
                    NULL);
        return;
    }
    answer_result(r, d, id, rc, "sig-task");
}

/* POST tekst, categorie, punt: the care network hands the collective part of
 * a case to the wijkregisseur as a new signal (domain/signal_task.h). */
void page_work_signal_collective(struct req *r)
{
    db *d = web_db(r);
    long long id = web_parse_id(req_param(r, 0));
    if (!d)
        return;
    struct signal_collective_input in = {
        .text = req_field(r, "tekst"),
        .category_id = web_parse_id(req_field(r, "categorie")),
        .with_point = req_field(r, "punt") != NULL,
    };
    int64_t nid;
    const char *field, *problem;
    enum signal_result rc = signal_hand_collective(d, r->a, r->user, id, &in, (int64_t)time(NULL),
                                                   &nid, &field, &problem);
    if (rc == SIG_BAD_INPUT && problem) {
        r->status = 400;
        signal_page(r, d, id, T(r, problem), field);
        return;
    }
    answer_result(r, d, id, rc, "sig-collective");
}
