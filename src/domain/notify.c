/*
 * notify.c: e-mail to residents about new public items; see notify.h.
 */
#include "notify.h"

#include "domain/auth.h"
#include "domain/calendar.h"
#include "domain/consult.h"
#include "domain/mailer.h"
#include "domain/meeting.h"
#include "domain/optin.h"
#include "lib/buf.h"
#include "lib/i18n_mark.h"
#include "lib/log.h"
#include "lib/ticker.h"
#include "lib/utf8.h"
#include "store/outbox_store.h"
#include "store/resident_store.h"
#include "store/user_store.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* --- recording ------------------------------------------------------------------ */

int notify_record(db *d, const char *kind, int64_t ref, const char *detail, int64_t area_id,
                  int64_t region_id, const char *topic, const char *title, const char *path,
                  int64_t now)
{
    char cut[301];
    size_t n = title ? utf8_truncate(title, strlen(title), sizeof cut - 1) : 0;
    memcpy(cut, title ? title : "", n);
    cut[n] = '\0';
    if (!n)
        snprintf(cut, sizeof cut, "%s", "-");
    struct notify_event_row e = {.kind = kind,
                                 .ref = ref,
                                 .detail = detail,
                                 .area_id = area_id,
                                 .region_id = area_id ? 0 : region_id,
                                 .topic = topic,
                                 .title = cut,
                                 .path = path};
    int64_t id = 0;
    if (notify_event_add(d, &e, now, &id) != DB_OK)
        return -1;
    if (id)
        notify_wake();
    return 0;
}

/* --- the week ------------------------------------------------------------------- */

int64_t notify_week_start(int64_t now)
{
    cal_date day = cal_date_of(now);
    if (day == CAL_INVALID)
        return 0;
    int back = ((int)cal_weekday(day) - (int)CAL_MON + 7) % 7;
    int64_t t = 0;
    if (cal_to_unix(day - back, NOTIFY_DIGEST_HOUR * 3600, &t) != 0)
        return 0;
    if (t > now && cal_to_unix(day - back - 7, NOTIFY_DIGEST_HOUR * 3600, &t) != 0)
        return 0;
    return t;
}

/* --- day-driven events ---------------------------------------------------------- */

static const char *const phase_codes[] = {"aangekondigd", "informatie", "ideeen",
                                          "reacties",     "keuze",      "resultaat"};

const char *notify_phase_code(int phase)
{
    int n = (int)(sizeof phase_codes / sizeof phase_codes[0]);
    return phase >= 0 && phase < n ? phase_codes[phase] : "";
}

static int phase_index(const char *code)
{
    for (size_t i = 0; code && i < sizeof phase_codes / sizeof phase_codes[0]; i++)
        if (strcmp(phase_codes[i], code) == 0)
            return (int)i;
    return -1;
}

static const char *consult_path(arena *a, int64_t id)
{
    return arena_printf(a, "/samenspraak/%lld", (long long)id);
}

static int dated_events(db *d, arena *a, int64_t now, int *recorded)
{
    cal_date day = cal_date_of(now);
    char today[CAL_DATE_LEN], from[CAL_DATE_LEN];
    if (day == CAL_INVALID || cal_format_date(day, today) != 0 ||
        cal_format_date(day - (NOTIFY_LOOKBACK_DAYS - 1), from) != 0)
        return -1;
    struct notify_dated_row *r = NULL;
    size_t n = 0;
    if (notify_consultations_starting(d, a, from, today, &r, &n) != DB_OK)
        return -1;
    for (size_t i = 0; i < n; i++) {
        struct consultation_row c = {.info_on = r[i].info_on,
                                     .ideas_on = r[i].ideas_on,
                                     .reactions_on = r[i].reactions_on,
                                     .choice_on = r[i].choice_on,
                                     .result_on = r[i].result_on};
        enum consult_phase ph = consult_phase_on(&c, today);
        if (ph == CONSULT_ANNOUNCED)
            continue;
        struct notify_event_row e = {.kind = "consultatie",
                                     .ref = r[i].id,
                                     .detail = phase_codes[ph],
                                     .area_id = r[i].area_id,
                                     .topic = r[i].topic,
                                     .title = r[i].title,
                                     .path = consult_path(a, r[i].id)};
        int64_t id = 0;
        if (!e.path || notify_event_add(d, &e, now, &id) != DB_OK)
            return -1;
        *recorded += id != 0;
    }
    if (notify_surveys_opening(d, a, from, today, &r, &n) != DB_OK)
        return -1;
    for (size_t i = 0; i < n; i++) {
        struct notify_event_row e = {.kind = "enquete",
                                     .ref = r[i].id,
                                     .area_id = r[i].area_id,
                                     .region_id = r[i].area_id ? 0 : r[i].region_id,
                                     .title = r[i].title,
                                     .path = arena_printf(a, "/enquetes/%lld", (long long)r[i].id)};
        int64_t id = 0;
        if (!e.path || notify_event_add(d, &e, now, &id) != DB_OK)
            return -1;
        *recorded += id != 0;
    }
    return 0;
}

/* --- the messages --------------------------------------------------------------- */

/* One line saying what the event is, in Dutch (e-mail goes out in Dutch). */
static const char *what(arena *a, const struct notify_event_row *e)
{
    const char *k = e->kind;
    if (strcmp(k, "consultatie") == 0) {
        int p = phase_index(e->detail);
        if (p <= 0)
            return "Nieuwe samenspraak";
        return arena_printf(a, "Samenspraak in de fase %s",
                            consult_phase_label((enum consult_phase)p));
    }
    if (strcmp(k, "bijeenkomst") == 0)
        return "Nieuwe bijeenkomst";
    if (strcmp(k, "spreekuur") == 0)
        return "Antwoord van de wijkwethouder";
    if (strcmp(k, "verhaal") == 0)
        return "Nieuw verhaal";
    return "Nieuwe enquête";
}

static const char *item(arena *a, const struct notify_event_row *e, const char *base_url)
{
    return arena_printf(a, "%s: %s\n%s%s\n", what(a, e), e->title, base_url, e->path);
}

/* A new unsubscribe link of user_id. */
static const char *unsubscribe_url(db *d, arena *a, int64_t user_id, int64_t now,
                                   const char *base_url)
{
    char token[AUTH_TOKEN_CHARS], key[65];
    auth_random_token(token);
    if (auth_keyed_hash(d, "resident-unsubscribe", token, key) != 0 ||
        notify_token_add(d, key, user_id, now) != DB_OK)
        return NULL;
    return arena_printf(a, "%s/afmelden/%s", base_url, token);
}

static int queue(db *d, arena *a, const struct notify_recipient *r, const char *subject,
                 const char *kind, const char *items, int64_t now, const char *base_url)
{
    const char *url = unsubscribe_url(d, a, r->user_id, now, base_url);
    if (!url)
        return -1;
    const char *body = arena_printf(
        a,
        "Beste deelnemer,\n\n"
        "Er is nieuws over de wijken en onderwerpen die u volgt:\n\n%s\n"
        "Hoe vaak u e-mail krijgt, en waarover, kiest u op %s/mijn-gegevens/berichten\n\n"
        "Geen e-mail meer? Meld u af met deze link:\n%s\n\n"
        "Met vriendelijke groet,\nGemeente Zoetermeer\n",
        items, base_url, url);
    if (!body)
        return -1;
    struct outbox_new m = {.to_addr = r->email,
                           .subject = subject,
                           .body = body,
                           .kind = kind,
                           .ref = r->user_id,
                           .unsubscribe_url = url};
    int64_t id;
    return outbox_enqueue(d, now, &m, &id) == DB_OK ? 0 : -1;
}

/* One batch of events not yet dispatched; *n how many there were. */
static int dispatch(db *d, arena *a, int64_t now, const char *base_url, int *sent, size_t *nout)
{
    struct notify_event_row *e = NULL;
    size_t n = 0;
    if (notify_events_pending(d, a, NOTIFY_BATCH, &e, &n) != DB_OK)
        return -1;
    *nout = n;
    for (size_t i = 0; i < n; i++) {
        struct notify_recipient *r = NULL;
        size_t nr = 0;
        if (notify_recipients(d, a, e[i].id, NOTIFY_AT_ONCE, &r, &nr) != DB_OK)
            return -1;
        const char *text = item(a, &e[i], base_url);
        const char *subject = arena_printf(a, "%s in uw wijk", what(a, &e[i]));
        for (size_t k = 0; k < nr; k++) {
            if (!text || !subject ||
                queue(d, a, &r[k], subject, "resident_notify", text, now, base_url) != 0 ||
                notify_pref_advance(d, r[k].user_id, e[i].id, 0) != DB_OK)
                return -1;
            (*sent)++;
        }
        if (notify_event_dispatched(d, e[i].id, now) != DB_OK)
            return -1;
    }
    return 0;
}

static int digests(db *d, arena *a, int64_t now, const char *base_url, int *sent)
{
    int64_t boundary = notify_week_start(now), last = 0;
    struct notify_recipient *r = NULL;
    size_t nr = 0;
    if (!boundary || notify_last_event_id(d, &last) != DB_OK ||
        notify_digest_due(d, a, boundary, &r, &nr) != DB_OK)
        return -1;
    for (size_t k = 0; k < nr; k++) {
        struct notify_event_row *e = NULL;
        size_t n = 0;
        if (notify_events_for(d, a, r[k].user_id, r[k].after_id, last, NOTIFY_DIGEST_MAX, &e, &n) !=
            DB_OK)
            return -1;
        if (n) {
            buf b;
            buf_init(&b, 256 * 1024);
            int bad = 0;
            for (size_t i = 0; i < n && !bad; i++) {
                const char *t = item(a, &e[i], base_url);
                bad = !t || buf_puts(&b, t) != 0 || buf_puts(&b, "\n") != 0;
            }
            const char *items = bad ? NULL : arena_strndup(a, b.data, b.len);
            buf_free(&b);
            if (!items || queue(d, a, &r[k], "Nieuws van de afgelopen week uit uw wijk",
                                "resident_digest", items, now, base_url) != 0)
                return -1;
            (*sent)++;
        }
        /* empty or sent: this week is done */
        if (notify_pref_advance(d, r[k].user_id, last, now) != DB_OK)
            return -1;
    }
    return 0;
}

int notify_run(db *d, int64_t now, const char *base_url, struct notify_result *res)
{
    memset(res, 0, sizeof *res);
    arena *a = arena_new(64 * 1024);
    if (!a)
        return -1;
    const char *base = base_url ? base_url : "";
    if (db_begin_write(d) != DB_OK) {
        arena_free(a);
        return -1;
    }
    int rc = dated_events(d, a, now, &res->events);
    /* every event waiting, in batches (bounded, so a pass ends) */
    size_t n = NOTIFY_BATCH;
    for (int round = 0; rc == 0 && n == NOTIFY_BATCH && round < 50; round++)
        rc = dispatch(d, a, now, base, &res->at_once, &n);
    if (rc == 0)
        rc = digests(d, a, now, base, &res->digests);
    arena_free(a);
    if (rc != 0 || db_commit(d) != DB_OK) {
        db_rollback(d);
        memset(res, 0, sizeof *res);
        return -1;
    }
    return 0;
}

/* --- the resident's choice ------------------------------------------------------ */

static bool is_mode(const char *m)
{
    return m && (strcmp(m, NOTIFY_OFF) == 0 || strcmp(m, NOTIFY_AT_ONCE) == 0 ||
                 strcmp(m, NOTIFY_WEEKLY) == 0);
}

const char *notify_mode(db *d, arena *a, int64_t user_id)
{
    struct notify_pref_row p;
    if (notify_pref_get(d, a, user_id, &p) == DB_OK && is_mode(p.mode))
        return p.mode;
    return NOTIFY_OFF;
}

int notify_choose(db *d, arena *a, const struct user *u, const char *mode, int64_t now,
                  const char **problem)
{
    if (!is_mode(mode)) {
        *problem = N_("Kies hoe vaak u e-mail wilt krijgen.");
        return 1;
    }
    if (strcmp(mode, NOTIFY_OFF) != 0) {
        struct resident_interest_row *in = NULL;
        size_t n = 0;
        if (resident_interests(d, a, u->id, &in, &n) != DB_OK)
            return -1;
        if (!n) {
            *problem = N_("U volgt nog geen onderwerpen. Kies eerst bij Mijn gegevens de wijken "
                          "en onderwerpen waarover u wilt horen.");
            return 1;
        }
    }
    if (strcmp(notify_mode(d, a, u->id), mode) == 0)
        return 0; /* the same choice: the week and what was covered stay */
    int64_t last = 0;
    if (db_begin_write(d) != DB_OK)
        return -1;
    if (notify_last_event_id(d, &last) != DB_OK ||
        notify_pref_set(d, u->id, mode, last, now) != DB_OK ||
        audit_append(d, u->id, u->login, "notify_change", "resident", u->id, NULL, NULL) != DB_OK ||
        db_commit(d) != DB_OK) {
        db_rollback(d);
        return -1;
    }
    return 0;
}

int notify_demo_choose(db *d, arena *a, const char *email, const char *mode, int64_t now)
{
    char key[65];
    struct resident_row r;
    struct notify_pref_row p;
    int64_t last = 0;
    if (!is_mode(mode) || optin_address_key(d, email, key) != 0 ||
        resident_row_by_key(d, a, key, &r) != DB_OK)
        return -1;
    int rc = notify_pref_get(d, a, r.user_id, &p);
    if (rc == DB_OK)
        return 0;
    return rc == DB_NOTFOUND && notify_last_event_id(d, &last) == DB_OK &&
                   notify_pref_set(d, r.user_id, mode, last, now) == DB_OK
               ? 0
               : -1;
}

static int token_key(db *d, const char *token, char key[65])
{
    if (!token || strlen(token) != AUTH_TOKEN_CHARS - 1)
        return DB_NOTFOUND;
    return auth_keyed_hash(d, "resident-unsubscribe", token, key) == 0 ? DB_OK : DB_ERROR;
}

bool notify_token_valid(db *d, const char *token)
{
    char key[65];
    return token_key(d, token, key) == DB_OK && notify_token_find(d, key) == DB_OK;
}

int notify_unsubscribe(db *d, const char *token, int64_t now)
{
    char key[65];
    int rc = token_key(d, token, key);
    if (rc != DB_OK)
        return rc == DB_NOTFOUND ? DB_NOTFOUND : -1;
    if (db_begin_write(d) != DB_OK)
        return -1;
    int64_t uid = 0, last = 0;
    rc = notify_token_take(d, key, &uid);
    if (rc == DB_NOTFOUND) {
        db_rollback(d);
        return DB_NOTFOUND;
    }
    /* who unsubscribed is not recorded: the audit says only that it happened */
    if (rc != DB_OK || notify_last_event_id(d, &last) != DB_OK ||
        notify_pref_set(d, uid, NOTIFY_OFF, last, now) != DB_OK ||
        audit_append(d, 0, "afmeldlink", "notify_unsubscribe", "resident", 0, NULL, NULL) !=
            DB_OK ||
        db_commit(d) != DB_OK) {
        db_rollback(d);
        return -1;
    }
    return 0;
}

int notify_export(db *d, arena *a, int64_t user_id, json_t *o)
{
    struct notify_pref_row p;
    int rc = notify_pref_get(d, a, user_id, &p);
    if (rc == DB_ERROR)
        return -1;
    json_t *n = json_object();
    json_object_set_new(n, "mode",
                        json_string(rc == DB_OK && is_mode(p.mode) ? p.mode : NOTIFY_OFF));
    if (rc == DB_OK) {
        char iso[CAL_ISO_LEN];
        if (cal_format_iso(p.changed_at, iso) == 0)
            json_object_set_new(n, "chosen_at", json_string(iso));
    }
    json_object_set_new(o, "notifications", n);
    return 0;
}

/* --- the thread ----------------------------------------------------------------- */

static const char *g_base_url = "";
static struct ticker g_ticker = TICKER_INIT;

void notify_set_base_url(const char *base_url)
{
    g_base_url = base_url ? base_url : "";
}

/* Registrations for a meeting whose typed address was not confirmed within
 * 48 hours lapse and the waiting list moves up (decision 0021): checked with
 * every pass, so a place is free at most NOTIFY_INTERVAL after the 48 hours. */
static int release_unconfirmed(db *d, int64_t now, const char *base_url, int *lapsed)
{
    *lapsed = 0;
    arena *a = arena_new(16384);
    if (!a || db_begin_write(d) != DB_OK) {
        arena_free(a);
        return -1;
    }
    int rc = meeting_release_unconfirmed(d, a, now, base_url, lapsed);
    arena_free(a);
    if (rc != 0 || db_commit(d) != DB_OK) {
        db_rollback(d);
        return -1;
    }
    return 0;
}

int notify_pass_run(db *d, int64_t now, const char *base_url, struct notify_result *r, int *lapsed)
{
    *lapsed = 0;
    int rc = notify_run(d, now, base_url, r);
    if (release_unconfirmed(d, now, base_url, lapsed) != 0) {
        log_error("notify: releasing unconfirmed meeting registrations failed; tried again later");
        rc = -1;
    }
    return rc;
}

static void notify_pass(void)
{
    db *d = db_thread();
    struct notify_result r = {0};
    int lapsed = 0;
    if (!d || notify_pass_run(d, (int64_t)time(NULL), g_base_url, &r, &lapsed) != 0)
        log_error("notify: the pass failed; it is tried again later");
    if (lapsed)
        log_info("notify: %d registrations for meetings lapsed: their addresses were not "
                 "confirmed in time",
                 lapsed);
    if (r.at_once || r.digests)
        log_info("notify: queued %d e-mails at once and %d weekly digests", r.at_once, r.digests);
    if (r.at_once || r.digests || lapsed)
        mailer_wake();
}

int notify_start(void)
{
    if (ticker_running(&g_ticker))
        return 0;
    g_ticker.seconds = NOTIFY_INTERVAL;
    g_ticker.run = notify_pass;
    g_ticker.after_pass = db_thread_idle;
    return ticker_start(&g_ticker);
}

void notify_wake(void)
{
    ticker_wake(&g_ticker);
}

void notify_stop(void)
{
    ticker_stop(&g_ticker);
}
