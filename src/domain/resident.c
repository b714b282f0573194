/*
 * resident.c: residents who take part; see resident.h.
 */
#include "resident.h"

#include "domain/intake.h"
#include "domain/mydata.h"
#include "domain/notify.h"
#include "domain/optin.h"
#include "lib/civil.h"
#include "lib/i18n_mark.h"
#include "lib/mail.h"
#include "lib/utf8.h"
#include "store/area_store.h"
#include "store/intake_store.h"
#include "store/outbox_store.h"
#include "store/resident_store.h"
#include "store/user_store.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* The one list of topics a resident can follow; a later topic is added
 * here (its code: lower-case letters only). */
const struct resident_choice resident_topics[] = {
    {"verkeer", N_("Verkeer en parkeren")}, {"groen", N_("Groen en spelen")},
    {"veiligheid", N_("Veiligheid")},       {"jongeren", N_("Jongeren")},
    {"zorg", N_("Zorg en welzijn")},        {"wonen", N_("Wonen en bouwen")},
};
const size_t resident_ntopics = sizeof resident_topics / sizeof resident_topics[0];

/* Age bands as the municipality's figures count them. */
const struct resident_choice resident_age_bands[] = {
    {"0-17", N_("jonger dan 18")},     {"18-29", N_("18 tot en met 29")},
    {"30-44", N_("30 tot en met 44")}, {"45-64", N_("45 tot en met 64")},
    {"65-79", N_("65 tot en met 79")}, {"80+", N_("80 of ouder")},
};
const size_t resident_nage_bands = sizeof resident_age_bands / sizeof resident_age_bands[0];

static const char *choice_label(const struct resident_choice *c, size_t n, const char *code)
{
    for (size_t i = 0; code && i < n; i++)
        if (strcmp(c[i].code, code) == 0)
            return c[i].label;
    return NULL;
}

const char *resident_topic_label(const char *code)
{
    return choice_label(resident_topics, resident_ntopics, code);
}

bool resident_topic_input(const char *in, const char **out)
{
    *out = NULL;
    if (!in || !*in)
        return true;
    for (size_t i = 0; i < resident_ntopics; i++)
        if (strcmp(resident_topics[i].code, in) == 0) {
            *out = resident_topics[i].code;
            return true;
        }
    return false;
}

const char *const resident_topic_problem =
    N_("Kies een onderwerp uit de lijst, of geen onderwerp.");

const char *resident_age_band_label(const char *code)
{
    return choice_label(resident_age_bands, resident_nage_bands, code);
}

/* --- checking what was filled in --------------------------------------------- */

static void problem(struct resident_problem *p, int *n, const char *field, const char *msgid)
{
    if (*n < RESIDENT_MAX_PROBLEMS)
        p[*n] = (struct resident_problem){field, msgid};
    (*n)++;
}

static void today(int64_t now, char out[16])
{
    int y, m, dd;
    civil_from_days(now / 86400, &y, &m, &dd);
    snprintf(out, 16, "%04d-%02d-%02d", y % 10000, m % 100, dd % 100);
}

static int64_t wijk_id(db *d, arena *a, const char *slug, int64_t now)
{
    char on[16];
    struct wijk w;
    if (!slug || !*slug || strlen(slug) > 64)
        return 0;
    today(now, on);
    return area_get_wijk(d, a, slug, on, 0, &w) == DB_OK ? w.id : 0;
}

/* The checked input: the wijk's id and each interest's wijk and topic. */
struct checked {
    int64_t area_id;
    int64_t interest_area[RESIDENT_MAX_INTERESTS];
    const char *interest_topic[RESIDENT_MAX_INTERESTS];
    size_t ninterests;
};

static int check_input(db *d, arena *a, const struct resident_input *in, bool signup, int64_t now,
                       struct checked *c, struct resident_problem *p)
{
    int n = 0;
    memset(c, 0, sizeof *c);
    if (signup) {
        const char *e = in->email;
        if (!e || !*e)
            problem(p, &n, "email", N_("Vul uw e-mailadres in."));
        else if (!mail_address_ok(e))
            problem(p, &n, "email",
                    N_("Dit e-mailadres klopt niet. Een e-mailadres ziet eruit als "
                       "naam@voorbeeld.nl."));
    }
    const char *name = in->name;
    if (!name || utf8_blank(name))
        problem(p, &n, "name", N_("Vul de naam in die anderen bij uw bijdragen zien."));
    else if (!utf8_valid(name, strlen(name)) ||
             utf8_len_chars(name, strlen(name)) > RESIDENT_NAME_MAX)
        problem(p, &n, "name", N_("Een naam heeft hoogstens 80 tekens."));
    else if (strpbrk(name, "\r\n\t"))
        problem(p, &n, "name", N_("Een naam past op één regel."));
    if (!(c->area_id = wijk_id(d, a, in->wijk, now)))
        problem(p, &n, "wijk", N_("Kies de wijk waar u woont."));
    if (in->age_band && *in->age_band && !resident_age_band_label(in->age_band))
        problem(p, &n, "leeftijd", N_("Kies een leeftijd uit de lijst, of geen."));
    bool bad = in->ninterests > RESIDENT_MAX_INTERESTS;
    for (size_t i = 0; !bad && i < in->ninterests; i++) {
        const char *s = in->interests[i];
        const char *colon = s ? strchr(s, ':') : NULL;
        if (!colon || colon - s > 64 || !resident_topic_label(colon + 1)) {
            bad = true;
            break;
        }
        char slug[65];
        snprintf(slug, sizeof slug, "%.*s", (int)(colon - s), s);
        int64_t aid = wijk_id(d, a, slug, now);
        if (!aid) {
            bad = true;
            break;
        }
        c->interest_area[c->ninterests] = aid;
        c->interest_topic[c->ninterests++] = colon + 1;
    }
    if (bad)
        problem(p, &n, "interesses", N_("Kies onderwerpen per wijk uit de lijst."));
    return n;
}

static int store_interests(db *d, int64_t user_id, const struct checked *c)
{
    if (resident_interests_clear(d, user_id) != DB_OK)
        return -1;
    for (size_t i = 0; i < c->ninterests; i++)
        if (resident_interest_add(d, user_id, c->interest_area[i], c->interest_topic[i]) != DB_OK)
            return -1;
    return 0;
}

/* --- the limit on links --------------------------------------------------------- */

/* Counts one link for key (the public form's table of hits, under its own
 * prefix) when under limit an hour; 1 when at the limit. */
static int take(db *d, const char *prefix, const char *hash, unsigned limit, int64_t now,
                int64_t *retry_after)
{
    char key[80];
    int64_t n = 0, oldest = 0;
    snprintf(key, sizeof key, "%s:%s", prefix, hash);
    if (intake_hits_since(d, key, now - INTAKE_WINDOW_SECONDS, &n, &oldest) != DB_OK)
        return -1;
    if (n >= (int64_t)limit) {
        int64_t wait = oldest + INTAKE_WINDOW_SECONDS - now;
        if (retry_after && wait > *retry_after)
            *retry_after = wait;
        return 1;
    }
    return intake_hit_add(d, key, now, now - INTAKE_WINDOW_SECONDS) == DB_OK ? 0 : -1;
}

/* Both limits, in the caller's write transaction. 0, RESIDENT_LIMITED or
 * RESIDENT_ERROR. */
static int limits(db *d, const struct resident_client *c, const char *email_key, int64_t now,
                  int64_t *retry_after)
{
    *retry_after = 0;
    int r1 = 0;
    if (c && c->address && c->per_hour) {
        char h[65];
        if (intake_client_key(d, c->address, h) != 0)
            return RESIDENT_ERROR;
        r1 = take(d, "link", h, c->per_hour, now, retry_after);
    }
    if (r1 < 0)
        return RESIDENT_ERROR;
    int r2 = take(d, "linkmail", email_key, RESIDENT_LINKS_PER_ADDRESS, now, retry_after);
    if (r2 < 0)
        return RESIDENT_ERROR;
    return r1 || r2 ? RESIDENT_LIMITED : 0;
}

/* --- links ---------------------------------------------------------------------- */

static int link_key(db *d, const char *token, char out[65])
{
    return auth_keyed_hash(d, "resident-login-link", token, out);
}

/* A new link for user_id; its URL in *url. */
static int new_link(db *d, arena *a, int64_t user_id, int64_t now, const char *base_url,
                    const char **url)
{
    char token[AUTH_TOKEN_CHARS], key[65];
    auth_random_token(token);
    if (link_key(d, token, key) != 0 || resident_link_insert(d, key, user_id, now) != DB_OK)
        return -1;
    *url = arena_printf(a, "%s/deelnemen/link/%s", base_url ? base_url : "", token);
    return *url ? 0 : -1;
}

/* The e-mail with a link: fixed text, the link and nothing anybody typed. */
static int send_link(db *d, arena *a, int64_t user_id, const char *to, bool first, int64_t now,
                     const char *base_url)
{
    const char *url = NULL;
    if (new_link(d, a, user_id, now, base_url, &url) != 0)
        return -1;
    const char *body = arena_printf(
        a,
        "Beste deelnemer,\n\n"
        "%s"
        "Open deze link en druk op de knop \"Inloggen\":\n%s\n\n"
        "De link werkt %d minuten en maar één keer. Hebt u hier niet om gevraagd? Dan hoeft u "
        "niets te doen.\n\n"
        "Met vriendelijke groet,\nGemeente Zoetermeer\n",
        first ? "U meldde zich aan om mee te doen met de gemeente Zoetermeer. Met deze link "
                "bevestigt u uw e-mailadres en logt u in.\n\n"
              : "U vroeg om een link om in te loggen bij de gemeente Zoetermeer.\n\n",
        url, RESIDENT_LINK_SECONDS / 60);
    if (!body)
        return -1;
    struct outbox_new m = {.to_addr = to,
                           .subject = first ? "Bevestig uw aanmelding" : "Uw link om in te loggen",
                           .body = body,
                           .kind = "resident_link",
                           .ref = user_id};
    int64_t id;
    return outbox_enqueue(d, now, &m, &id) == DB_OK ? 0 : -1;
}

static int finish(db *d, int rc)
{
    if (rc == 0 || rc == RESIDENT_LIMITED) {
        if (db_commit(d) == DB_OK)
            return rc;
        rc = RESIDENT_ERROR;
    }
    db_rollback(d);
    return rc;
}

int resident_signup(db *d, arena *a, const struct resident_input *in,
                    const struct resident_client *c, int64_t now, const char *base_url,
                    struct resident_problem *problems, int64_t *retry_after)
{
    struct checked ck;
    int np = check_input(d, a, in, true, now, &ck, problems);
    if (np)
        return np;
    char key[65];
    if (optin_address_key(d, in->email, key) != 0 || db_begin_write(d) != DB_OK)
        return RESIDENT_ERROR;
    int rc = limits(d, c, key, now, retry_after);
    if (rc)
        return finish(d, rc);
    struct resident_row r;
    int got = resident_row_by_key(d, a, key, &r);
    const char *band = in->age_band && *in->age_band ? in->age_band : NULL;
    if (got == DB_NOTFOUND) {
        unsigned char rnd[8];
        char hex[17];
        randombytes_buf(rnd, sizeof rnd);
        sodium_bin2hex(hex, sizeof hex, rnd, sizeof rnd);
        int64_t uid = 0;
        const char *login = arena_printf(a, "bewoner-%s", hex);
        if (!login ||
            resident_insert(d, login, in->name, in->email, key, ck.area_id, band, now, &uid) !=
                DB_OK ||
            store_interests(d, uid, &ck) != 0 ||
            audit_append(d, uid, login, "resident_signup", "resident", uid, NULL, NULL) != DB_OK ||
            send_link(d, a, uid, in->email, true, now, base_url) != 0)
            return finish(d, RESIDENT_ERROR);
        return finish(d, 0);
    }
    if (got != DB_OK)
        return finish(d, RESIDENT_ERROR);
    /* An address with an account: its data stay as they are (they are its
     * owner's, and nobody learns here that it exists); a link goes to the
     * address on the account. */
    if (send_link(d, a, r.user_id, r.email, !r.verified_at, now, base_url) != 0)
        return finish(d, RESIDENT_ERROR);
    return finish(d, 0);
}

int resident_request_link(db *d, arena *a, const char *email, const struct resident_client *c,
                          int64_t now, const char *base_url, int64_t *retry_after)
{
    *retry_after = 0;
    if (!email || !mail_address_ok(email))
        return 1;
    char key[65];
    if (optin_address_key(d, email, key) != 0 || db_begin_write(d) != DB_OK)
        return RESIDENT_ERROR;
    int rc = limits(d, c, key, now, retry_after);
    if (rc)
        return finish(d, rc);
    struct resident_row r;
    int got = resident_row_by_key(d, a, key, &r);
    if (got == DB_NOTFOUND)
        return finish(d, 0); /* the same answer: nobody learns who has an account */
    if (got != DB_OK || send_link(d, a, r.user_id, r.email, !r.verified_at, now, base_url) != 0)
        return finish(d, RESIDENT_ERROR);
    return finish(d, 0);
}

int resident_demo_ensure(db *d, arena *a, const struct resident_input *in, int64_t now)
{
    struct checked ck;
    struct resident_problem p[RESIDENT_MAX_PROBLEMS];
    int np = check_input(d, a, in, true, now, &ck, p);
    if (np)
        return np;
    char key[65];
    struct resident_row r;
    if (optin_address_key(d, in->email, key) != 0)
        return RESIDENT_ERROR;
    int got = resident_row_by_key(d, a, key, &r);
    if (got == DB_OK)
        return 0;
    if (got != DB_NOTFOUND)
        return RESIDENT_ERROR;
    const char *band = in->age_band && *in->age_band ? in->age_band : NULL;
    /* the demo's logins are readable: bewoner-<wijk> */
    const char *login = arena_printf(a, "bewoner-demo-%s", in->wijk);
    int64_t uid = 0;
    if (!login ||
        resident_insert(d, login, in->name, in->email, key, ck.area_id, band, now, &uid) != DB_OK ||
        store_interests(d, uid, &ck) != 0 || resident_touch(d, uid, now) != DB_OK)
        return RESIDENT_ERROR;
    return 0;
}

int resident_make_link(db *d, arena *a, const char *email, int64_t now, const char *base_url,
                       const char **link)
{
    char key[65];
    if (!email || optin_address_key(d, email, key) != 0 || db_begin_write(d) != DB_OK)
        return -1;
    struct resident_row r;
    int got = resident_row_by_key(d, a, key, &r);
    if (got != DB_OK) {
        db_rollback(d);
        return got == DB_NOTFOUND ? DB_NOTFOUND : -1;
    }
    if (new_link(d, a, r.user_id, now, base_url, link) != 0 || db_commit(d) != DB_OK) {
        db_rollback(d);
        return -1;
    }
    return 0;
}

static int token_key_checked(db *d, const char *token, char key[65])
{
    if (!token || strlen(token) != AUTH_TOKEN_CHARS - 1)
        return DB_NOTFOUND;
    return link_key(d, token, key) == 0 ? DB_OK : DB_ERROR;
}

bool resident_link_valid(db *d, const char *token, int64_t now)
{
    char key[65];
    int64_t uid;
    return token_key_checked(d, token, key) == DB_OK &&
           resident_link_find(d, key, now - RESIDENT_LINK_SECONDS, &uid) == DB_OK;
}

int resident_redeem(db *d, arena *a, const char *token, int64_t now, struct user *u,
                    char session[AUTH_TOKEN_CHARS], const char **csrf)
{
    char key[65];
    int rc = token_key_checked(d, token, key);
    if (rc != DB_OK)
        return rc == DB_NOTFOUND ? DB_NOTFOUND : RESIDENT_ERROR;
    if (db_begin_write(d) != DB_OK)
        return RESIDENT_ERROR;
    int64_t uid = 0;
    rc = resident_link_use(d, key, now - RESIDENT_LINK_SECONDS, now, &uid);
    if (rc == DB_NOTFOUND) {
        db_rollback(d);
        return DB_NOTFOUND;
    }
    if (rc != DB_OK || resident_touch(d, uid, now) != DB_OK ||
        user_load_by_id(d, a, uid, u) != DB_OK || u->disabled || !user_is_resident(u) ||
        auth_session_start(d, a, uid, now, session, csrf) != 0 ||
        audit_append(d, uid, u->login, "login", "user", uid, NULL, NULL) != DB_OK ||
        db_commit(d) != DB_OK) {
        db_rollback(d);
        return RESIDENT_ERROR;
    }
    return 0;
}

int resident_change(db *d, arena *a, const struct user *u, const struct resident_input *in,
                    int64_t now, struct resident_problem *problems)
{
    struct checked ck;
    int np = check_input(d, a, in, false, now, &ck, problems);
    if (np)
        return np;
    const char *band = in->age_band && *in->age_band ? in->age_band : NULL;
    if (db_begin_write(d) != DB_OK)
        return RESIDENT_ERROR;
    if (resident_update(d, u->id, in->name, ck.area_id, band, now) != DB_OK ||
        store_interests(d, u->id, &ck) != 0 ||
        audit_append(d, u->id, u->login, "resident_change", "resident", u->id, NULL, NULL) !=
            DB_OK ||
        db_commit(d) != DB_OK) {
        db_rollback(d);
        return RESIDENT_ERROR;
    }
    return 0;
}

static void set_time(json_t *o, const char *k, int64_t t)
{
    if (!t) {
        json_object_set_new(o, k, json_null());
        return;
    }
    int y, m, dd;
    civil_from_days(t / 86400, &y, &m, &dd);
    int64_t s = t % 86400;
    char text[32];
    snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02dZ", y % 10000, m, dd, (int)(s / 3600),
             (int)(s / 60 % 60), (int)(s % 60));
    json_object_set_new(o, k, json_string(text));
}

json_t *resident_export(db *d, arena *a, int64_t user_id)
{
    struct resident_row r;
    struct resident_interest_row *in = NULL;
    size_t n = 0;
    if (resident_row_by_id(d, a, user_id, &r) != DB_OK ||
        resident_interests(d, a, user_id, &in, &n) != DB_OK)
        return NULL;
    json_t *o = json_object();
    json_object_set_new(o, "email", r.email ? json_string(r.email) : json_null());
    json_object_set_new(o, "name", json_string(r.name ? r.name : ""));
    json_object_set_new(o, "wijk", r.wijk_slug ? json_string(r.wijk_slug) : json_null());
    json_object_set_new(o, "wijk_name", r.wijk_name ? json_string(r.wijk_name) : json_null());
    json_object_set_new(o, "age_band", r.age_band ? json_string(r.age_band) : json_null());
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:s,s:s,s:s}", "wijk", in[i].wijk_slug, "wijk_name",
                                             in[i].wijk_name, "topic", in[i].topic));
    json_object_set_new(o, "interests", arr);
    set_time(o, "created_at", r.created_at);
    set_time(o, "verified_at", r.verified_at);
    set_time(o, "last_active_at", r.last_active_at);
    set_time(o, "wijk_changed_at", r.wijk_changed_at);
    json_object_set_new(o, "role", json_string("bewoner"));
    if (notify_export(d, a, user_id, o) != 0 || mydata_export(d, a, user_id, o) != 0) {
        json_decref(o);
        return NULL;
    }
    return o;
}

int resident_delete(db *d, const struct user *u, int64_t now)
{
    if (db_begin_write(d) != DB_OK)
        return RESIDENT_ERROR;
    if (resident_erase(d, u->id, now) != DB_OK ||
        audit_append(d, u->id, u->login, "resident_delete", "resident", u->id, NULL, NULL) !=
            DB_OK ||
        db_commit(d) != DB_OK) {
        db_rollback(d);
        return RESIDENT_ERROR;
    }
    return 0;
}

int resident_retention(db *d, arena *a, int64_t now, const char *base_url, int *out_warned,
                       int *out_erased)
{
    int64_t idle = (int64_t)RESIDENT_IDLE_DAYS * 86400,
            warn = (int64_t)RESIDENT_WARNING_DAYS * 86400;
    struct resident_row *rows = NULL;
    size_t n = 0;
    *out_warned = *out_erased = 0;
    if (resident_rows_to_warn(d, a, now - idle + warn, &rows, &n) != DB_OK)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (!rows[i].email)
            continue;
        const char *body = arena_printf(
            a,
            "Beste deelnemer,\n\n"
            "U hebt al bijna twee jaar niet ingelogd bij de gemeente Zoetermeer. Over %d dagen "
            "wissen we daarom uw account en uw gegevens.\n\n"
            "Wilt u blijven meedoen? Log dan voor die tijd in:\n%s/deelnemen/inloggen\n\n"
            "Doet u niets, dan wissen we alles; wat u bijdroeg blijft staan als van een "
            "verwijderde deelnemer.\n\n"
            "Met vriendelijke groet,\nGemeente Zoetermeer\n",
            RESIDENT_WARNING_DAYS, base_url ? base_url : "");
        struct outbox_new m = {.to_addr = rows[i].email,
                               .subject = "Uw account wordt binnenkort gewist",
                               .body = body,
                               .kind = "resident_warning",
                               .ref = rows[i].user_id};
        int64_t id;
        if (!body || outbox_enqueue(d, now, &m, &id) != DB_OK ||
            resident_mark_warned(d, rows[i].user_id, now) != DB_OK)
            return -1;
        (*out_warned)++;
    }
    int *ids = NULL;
    n = 0;
    if (resident_ids_to_erase(d, a, now - idle, now - warn, now - RESIDENT_UNVERIFIED_SECONDS, &ids,
                              &n) != DB_OK)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (resident_erase(d, ids[i], now) != DB_OK ||
            audit_append(d, 0, "system", "resident_erase", "resident", ids[i], NULL, NULL) != DB_OK)
            return -1;
        (*out_erased)++;
    }
    return resident_link_prune(d, now - RESIDENT_LINK_SECONDS, NULL) == DB_OK ? 0 : -1;
}
