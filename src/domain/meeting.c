/*
 * meeting.c: the rules of public meetings (meeting.h).
 */
#include "meeting.h"

#include "domain/auth.h"
#include "domain/calendar.h"
#include "domain/notify.h"
#include "domain/optin.h"
#include "domain/resident.h"
#include "lib/i18n_mark.h"
#include "lib/mail.h"
#include "lib/utf8.h"
#include "store/area_store.h"
#include "store/outbox_store.h"
#include "store/resident_store.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct meeting_kind meeting_kinds[] = {
    {"wethoudersronde", N_("Ronde van de wijkwethouder")},
    {"wijktafel", N_("Wijktafel")},
    {"bewonersavond", N_("Bewonersavond")},
};
const size_t meeting_nkinds = sizeof meeting_kinds / sizeof meeting_kinds[0];

const char *meeting_kind_label(const char *code)
{
    for (size_t i = 0; code && i < meeting_nkinds; i++)
        if (strcmp(meeting_kinds[i].code, code) == 0)
            return meeting_kinds[i].label;
    return NULL;
}

static size_t chars(const char *s)
{
    return s ? utf8_len_chars(s, strlen(s)) : 0;
}

int meeting_parse_time(const char *s, int32_t *sec_of_day)
{
    if (!s)
        return -1;
    while (*s == ' ')
        s++;
    int h = 0, m = 0, nd = 0;
    while (isdigit((unsigned char)*s) && nd < 3)
        h = h * 10 + (*s++ - '0'), nd++;
    if (nd == 0 || nd > 2)
        return -1;
    if (*s == ':' || *s == '.' || *s == 'u') {
        char sep = *s++;
        int md = 0;
        while (isdigit((unsigned char)*s) && md < 3)
            m = m * 10 + (*s++ - '0'), md++;
        if (md != 2 && !(sep == 'u' && md == 0))
            return -1;
    }
    while (*s == ' ')
        s++;
    if (strncmp(s, "uur", 3) == 0)
        s += 3;
    while (*s == ' ')
        s++;
    if (*s || h > 23 || m > 59)
        return -1;
    *sec_of_day = h * 3600 + m * 60;
    return 0;
}

size_t meeting_validate(const struct meeting_input *in, struct meeting_problem *out,
                        struct meeting_row *row)
{
    size_t n = 0;
#define PROBLEM(f, msg)                                                                            \
    do {                                                                                           \
        if (n < MEETING_MAX_PROBLEMS)                                                              \
            out[n++] = (struct meeting_problem){(f), (msg)};                                       \
    } while (0)
    if (!meeting_kind_label(in->kind))
        PROBLEM("kind", N_("Kies wat voor bijeenkomst het is."));
    if (utf8_blank(in->title))
        PROBLEM("title", N_("Vul de titel van de bijeenkomst in."));
    else if (chars(in->title) > MEETING_TITLE_MAX || strpbrk(in->title, "\r\n"))
        PROBLEM("title", N_("Gebruik voor de titel één regel van hoogstens 150 tekens."));
    if (in->wijk_outside)
        PROBLEM("wijk", N_("Kies een wijk in uw eigen regio."));
    else if (in->wijk_unknown || !in->area_id)
        PROBLEM("wijk", N_("Kies de wijk van de bijeenkomst."));
    cal_date day = CAL_INVALID;
    if (!in->date || cal_parse_date(in->date, strlen(in->date), &day) != 0)
        PROBLEM("date", N_("Vul een echte datum in, bijvoorbeeld 15-04-2026."));
    int32_t from = -1, to = -1;
    if (meeting_parse_time(in->start, &from) != 0)
        PROBLEM("start", N_("Vul de begintijd in zoals 19:30."));
    if (meeting_parse_time(in->end, &to) != 0)
        PROBLEM("end", N_("Vul de eindtijd in zoals 21:00."));
    else if (from >= 0 && to <= from)
        PROBLEM("end", N_("De eindtijd ligt na de begintijd, op dezelfde dag."));
    if (utf8_blank(in->place))
        PROBLEM("place", N_("Vul de plaats in: het gebouw en het adres."));
    else if (chars(in->place) > MEETING_PLACE_MAX)
        PROBLEM("place", N_("Gebruik voor de plaats hoogstens 300 tekens."));
    if (utf8_blank(in->agenda))
        PROBLEM("agenda", N_("Vul de agenda in: waar het over gaat."));
    else if (chars(in->agenda) > MEETING_AGENDA_MAX)
        PROBLEM("agenda", N_("Gebruik voor de agenda hoogstens 5.000 tekens."));
    const char *topic = NULL;
    if (!resident_topic_input(in->topic, &topic))
        PROBLEM("topic", resident_topic_problem);
    long cap = 0;
    char *end = NULL;
    if (in->capacity && *in->capacity)
        cap = strtol(in->capacity, &end, 10);
    if (!end || *end || cap < 1 || cap > MEETING_CAPACITY_MAX)
        PROBLEM("capacity", N_("Vul het aantal plaatsen in als een getal van 1 tot en met 5000."));
#undef PROBLEM
    if (n == 0 && row) {
        memset(row, 0, sizeof *row);
        int64_t s = 0, e = 0;
        if (cal_to_unix(day, from, &s) != 0 || cal_to_unix(day, to, &e) != 0 || e <= s) {
            out[n++] = (struct meeting_problem){"end", N_("De eindtijd ligt na de begintijd, op "
                                                          "dezelfde dag.")};
            return n;
        }
        row->area_id = in->area_id;
        row->kind = in->kind;
        row->title = in->title;
        row->starts_at = s;
        row->ends_at = e;
        row->place = in->place;
        row->accessible = in->accessible;
        row->agenda = in->agenda;
        row->capacity = (int)cap;
        row->topic = topic;
    }
    return n;
}

int meeting_save(db *d, int64_t id, const struct meeting_input *in, int64_t user_id, int64_t now,
                 int64_t *out_id)
{
    struct meeting_problem p[MEETING_MAX_PROBLEMS];
    struct meeting_row m;
    if (meeting_validate(in, p, &m) > 0)
        return DB_ERROR;
    m.id = id;
    bool is_new = !id;
    int rc = id ? meeting_update(d, &m, user_id, now) : meeting_insert(d, &m, user_id, now, &id);
    if (rc == DB_OK && is_new) {
        char path[48];
        snprintf(path, sizeof path, "/bijeenkomsten/%lld", (long long)id);
        if (notify_record(d, "bijeenkomst", id, "", m.area_id, 0, m.topic, m.title, path, now) != 0)
            rc = DB_ERROR;
    }
    if (out_id)
        *out_id = id;
    return rc;
}

const char *meeting_summary_problem(const char *text)
{
    if (text && chars(text) > MEETING_SUMMARY_MAX)
        return N_("Gebruik voor het verslag hoogstens 20.000 tekens.");
    return NULL;
}

/* --- e-mail ------------------------------------------------------------------------------ */

static const char *local_day(arena *a, int64_t t)
{
    struct cal_local l;
    int y, m, dd;
    if (cal_from_unix(t, &l) != 0 || cal_to_ymd(l.date, &y, &m, &dd) != 0)
        return "";
    return arena_printf(a, "%02d-%02d-%04d", dd, m, y);
}

static const char *local_clock(arena *a, int64_t t)
{
    struct cal_local l;
    if (cal_from_unix(t, &l) != 0)
        return "";
    return arena_printf(a, "%02d:%02d", (int)(l.sec_of_day / 3600), (int)(l.sec_of_day / 60 % 60));
}

/* The meeting in a few lines: what, when, where (texts staff wrote). */
static const char *about(arena *a, const struct meeting_row *m, const char *base_url)
{
    return arena_printf(a, "%s\n%s, %s tot %s uur\n%s%s\n%s/bijeenkomsten/%lld\n", m->title,
                        local_day(a, m->starts_at), local_clock(a, m->starts_at),
                        local_clock(a, m->ends_at), m->place,
                        m->accessible ? " (rolstoeltoegankelijk)" : "", base_url ? base_url : "",
                        (long long)m->id);
}

/* Queues a message to a registrant: directly to a resident's account's
 * address (confirmed when they logged in), through the double opt-in to an
 * address typed in the form. */
static int send(db *d, arena *a, int64_t now, const char *base_url, const char *to, bool resident,
                const char *subject, const char *kind, int64_t ref, const char *body)
{
    if (!body)
        return -1;
    if (resident) {
        struct outbox_new o = {
            .to_addr = to, .subject = subject, .body = body, .kind = kind, .ref = ref};
        int64_t id;
        return outbox_enqueue(d, now, &o, &id) == DB_OK ? 0 : -1;
    }
    struct optin_mail m = {.to = to,
                           .subject = subject,
                           .body = body,
                           .kind = kind,
                           .ref = ref,
                           .purpose = OPTIN_FOR_MEETING};
    return optin_queue(d, a, now, base_url, &m, NULL);
}

static int cancel_key(db *d, const char *token, char out[65])
{
    return auth_keyed_hash(d, "meeting-cancel-link", token, out);
}

/* --- the waiting list ---------------------------------------------------------------------- */

int meeting_fill_places(db *d, arena *a, int64_t meeting_id, int64_t now, const char *base_url,
                        int *moved)
{
    *moved = 0;
    struct meeting_row m;
    int registered = 0;
    int rc = meeting_get(d, a, meeting_id, &m);
    if (rc != DB_OK)
        return rc;
    if (now >= m.starts_at)
        return DB_OK;
    if (meeting_reg_count(d, m.id, "aangemeld", &registered) != DB_OK)
        return DB_ERROR;
    const char *body = NULL;
    for (; registered < m.capacity; registered++) {
        struct meeting_reg_row w;
        rc = meeting_reg_first_waiting(d, a, m.id, &w);
        if (rc == DB_NOTFOUND)
            break;
        if (rc != DB_OK)
            return DB_ERROR;
        if (!body)
            body = arena_printf(
                a,
                "Beste deelnemer,\n\nEr is een plaats vrijgekomen. U stond op de wachtlijst en "
                "bent nu aangemeld voor deze bijeenkomst:\n\n%s\n"
                "Kunt u toch niet komen? Meld u dan af met de link uit de eerste e-mail over "
                "deze bijeenkomst.\n\nMet vriendelijke groet,\nGemeente Zoetermeer\n",
                about(a, &m, base_url));
        if (meeting_reg_promote(d, w.id, now) != DB_OK ||
            (w.email &&
             send(d, a, now, base_url, w.email, w.resident,
                  "Er is een plaats vrij: u bent aangemeld", "meeting_moved_up", m.id, body) != 0))
            return DB_ERROR;
        (*moved)++;
    }
    return DB_OK;
}

/* Everyone with a place or on the waiting list of a meeting whose day, time
 * or place changed is told, with what it was; who got a place in this very
 * change (on the waiting list in `before`, the list as it was) had the new
 * details in that e-mail. */
static int tell_changed(db *d, arena *a, const struct meeting_row *was, const struct meeting_row *m,
                        const struct meeting_reg_row *before, size_t nbefore, int64_t now,
                        const char *base_url, int *told)
{
    struct meeting_reg_row *regs;
    size_t n;
    if (meeting_regs(d, a, m->id, &regs, &n) != DB_OK)
        return -1;
    const char *body = arena_printf(
        a,
        "Beste deelnemer,\n\nDe bijeenkomst waarvoor u zich hebt aangemeld is veranderd. Dit is "
        "de nieuwe dag, tijd en plaats:\n\n%s\nEerder was dat: %s, %s tot %s uur, %s%s.\n\n"
        "Kunt u nu niet komen? Meld u dan af met de link uit de eerste e-mail over deze "
        "bijeenkomst.\n\nMet vriendelijke groet,\nGemeente Zoetermeer\n",
        about(a, m, base_url), local_day(a, was->starts_at), local_clock(a, was->starts_at),
        local_clock(a, was->ends_at), was->place, was->accessible ? " (rolstoeltoegankelijk)" : "");
    for (size_t i = 0; i < n; i++) {
        const struct meeting_reg_row *x = &regs[i];
        bool holds = strcmp(x->status, "aangemeld") == 0 || strcmp(x->status, "wachtlijst") == 0;
        bool moved_now = false;
        for (size_t k = 0; k < nbefore && !moved_now; k++)
            moved_now = before[k].id == x->id && strcmp(before[k].status, "wachtlijst") == 0 &&
                        strcmp(x->status, "aangemeld") == 0;
        if (!holds || !x->email || moved_now)
            continue;
        if (send(d, a, now, base_url, x->email, x->resident, "De bijeenkomst is veranderd",
                 "meeting_changed", m->id, body) != 0)
            return -1;
        (*told)++;
    }
    return 0;
}

enum meeting_change meeting_change(db *d, arena *a, int64_t id, const struct meeting_input *in,
                                   int64_t user_id, int64_t now, const char *base_url,
                                   int *registered, int *moved, int *told)
{
    *registered = 0;
    *moved = 0;
    *told = 0;
    struct meeting_problem p[MEETING_MAX_PROBLEMS];
    struct meeting_row m, was;
    if (meeting_validate(in, p, &m) > 0)
        return MEETING_CHANGE_ERROR;
    m.id = id;
    int rc = meeting_get(d, a, id, &was);
    if (rc == DB_NOTFOUND)
        return MEETING_CHANGE_NOT_FOUND;
    if (rc != DB_OK || meeting_reg_count(d, id, "aangemeld", registered) != DB_OK)
        return MEETING_CHANGE_ERROR;
    if (m.capacity < *registered)
        return MEETING_CHANGE_BELOW;
    bool moved_on =
        now < was.starts_at && (was.starts_at != m.starts_at || was.ends_at != m.ends_at ||
                                strcmp(was.place, m.place) != 0 || was.accessible != m.accessible);
    struct meeting_reg_row *before = NULL;
    size_t nbefore = 0;
    if (moved_on && meeting_regs(d, a, id, &before, &nbefore) != DB_OK)
        return MEETING_CHANGE_ERROR;
    rc = meeting_update(d, &m, user_id, now);
    if (rc == DB_NOTFOUND)
        return MEETING_CHANGE_NOT_FOUND;
    if (rc != DB_OK || meeting_fill_places(d, a, id, now, base_url, moved) != DB_OK)
        return MEETING_CHANGE_ERROR;
    if (moved_on && tell_changed(d, a, &was, &m, before, nbefore, now, base_url, told) != 0)
        return MEETING_CHANGE_ERROR;
    return MEETING_CHANGE_OK;
}

/* --- registration ------------------------------------------------------------------------ */

static enum meeting_reg fail(db *d, enum meeting_reg r)
{
    db_rollback(d);
    return r;
}

enum meeting_reg meeting_register(db *d, arena *a, int64_t meeting_id,
                                  const struct meeting_registrant *who, int64_t now,
                                  const char *base_url, struct meeting_problem *problems,
                                  size_t *nproblems, int *place)
{
    *nproblems = 0;
    *place = 0;
    const char *name = who->name, *email = who->email, *band = NULL;
    char participant[80];
    bool resident = who->resident != NULL;
    if (resident) {
        struct resident_row rr;
        if (resident_row_by_id(d, a, who->resident->id, &rr) != DB_OK || !rr.email)
            return MEETING_ERROR;
        name = rr.name;
        email = rr.email;
        band = rr.age_band;
        snprintf(participant, sizeof participant, "r:%lld", (long long)who->resident->id);
    } else {
        if (utf8_blank(name))
            problems[(*nproblems)++] = (struct meeting_problem){"name", N_("Vul uw naam in.")};
        else if (chars(name) > MEETING_NAME_MAX || strpbrk(name, "\r\n\t"))
            problems[(*nproblems)++] =
                (struct meeting_problem){"name", N_("Een naam past op één regel van hoogstens 80 "
                                                    "tekens.")};
        if (!email || !*email)
            problems[(*nproblems)++] =
                (struct meeting_problem){"email", N_("Vul uw e-mailadres in.")};
        else if (!mail_address_ok(email))
            problems[(*nproblems)++] = (struct meeting_problem){
                "email", N_("Dit e-mailadres klopt niet. Een e-mailadres ziet eruit als "
                            "naam@voorbeeld.nl.")};
        if (*nproblems)
            return MEETING_INVALID;
        char pseudonym[65];
        if (auth_email_pseudonym(d, email, pseudonym) != 0)
            return MEETING_ERROR;
        snprintf(participant, sizeof participant, "p:%s", pseudonym);
    }
    if (db_begin_write(d) != DB_OK)
        return MEETING_ERROR;
    struct meeting_row m;
    int rc = meeting_get(d, a, meeting_id, &m);
    if (rc != DB_OK)
        return fail(d, rc == DB_NOTFOUND ? MEETING_NOT_FOUND : MEETING_ERROR);
    if (now >= m.starts_at)
        return fail(d, MEETING_CLOSED);
    /* places free while some wait (left so by an older version): they go first */
    int moved = 0;
    if (m.waiting > 0 && m.registered < m.capacity &&
        (meeting_fill_places(d, a, m.id, now, base_url, &moved) != DB_OK ||
         (moved && meeting_get(d, a, meeting_id, &m) != DB_OK)))
        return fail(d, MEETING_ERROR);
    struct meeting_reg_row old;
    rc = meeting_reg_of(d, a, meeting_id, participant, &old);
    if (rc == DB_OK) {
        if (strcmp(old.status, "wachtlijst") == 0)
            meeting_reg_waiting_place(d, meeting_id, old.id, place);
        db_rollback(d);
        return MEETING_ALREADY;
    }
    if (rc != DB_NOTFOUND)
        return fail(d, MEETING_ERROR);
    bool full = m.registered >= m.capacity || m.waiting > 0;
    struct meeting_reg_row r = {.meeting_id = meeting_id,
                                .wijk_id = m.area_id,
                                .channel = "online",
                                .age_band = band,
                                .participant = participant,
                                .created_at = now,
                                .status = full ? "wachtlijst" : "aangemeld"};
    int64_t rid = 0;
    char token[AUTH_TOKEN_CHARS], key[65];
    auth_random_token(token);
    if (meeting_reg_insert(d, &r, &rid) != DB_OK || cancel_key(d, token, key) != 0 ||
        meeting_contact_insert(d, rid, name, email, resident, key) != DB_OK)
        return fail(d, MEETING_ERROR);
    if (full && meeting_reg_waiting_place(d, meeting_id, rid, place) != DB_OK)
        return fail(d, MEETING_ERROR);
    const char *link =
        arena_printf(a, "%s/bijeenkomsten/afmelden/%s", base_url ? base_url : "", token);
    const char *body = arena_printf(
        a,
        "Beste deelnemer,\n\n%s\n\n%s\n"
        "Kunt u toch niet komen? Meld u dan af met deze link, dan krijgt een ander uw plaats:\n"
        "%s\n\nMet vriendelijke groet,\nGemeente Zoetermeer\n",
        full ? arena_printf(a,
                            "De bijeenkomst is vol. U staat op de wachtlijst, op plaats %d. Komt "
                            "er een plaats vrij, dan krijgt u bericht.",
                            *place)
             : "U bent aangemeld voor deze bijeenkomst:",
        about(a, &m, base_url), link);
    if (send(d, a, now, base_url, email, resident,
             full ? "U staat op de wachtlijst" : "U bent aangemeld voor de bijeenkomst",
             "meeting_registration", meeting_id, body) != 0 ||
        db_commit(d) != DB_OK)
        return fail(d, MEETING_ERROR);
    return full ? MEETING_WAITING : MEETING_REGISTERED;
}

int meeting_cancel_find(db *d, arena *a, const char *token, struct meeting_reg_row *r)
{
    char key[65];
    if (!token || strlen(token) != AUTH_TOKEN_CHARS - 1)
        return DB_NOTFOUND;
    if (cancel_key(d, token, key) != 0)
        return DB_ERROR;
    return meeting_reg_by_cancel(d, a, key, r);
}

int meeting_cancel(db *d, arena *a, const char *token, int64_t now, const char *base_url,
                   bool *moved_up)
{
    if (moved_up)
        *moved_up = false;
    if (db_begin_write(d) != DB_OK)
        return DB_ERROR;
    struct meeting_reg_row r;
    struct meeting_row m;
    int rc = meeting_cancel_find(d, a, token, &r);
    if (rc == DB_OK)
        rc = meeting_get(d, a, r.meeting_id, &m);
    if (rc != DB_OK) {
        db_rollback(d);
        return rc;
    }
    bool had_place = strcmp(r.status, "aangemeld") == 0;
    if (meeting_reg_delete(d, r.id) != DB_OK || meeting_count_cancellation(d, m.id) != DB_OK) {
        db_rollback(d);
        return DB_ERROR;
    }
    /* a place came free before the meeting: the first on the waiting list gets it */
    int moved = 0;
    if (had_place && meeting_fill_places(d, a, m.id, now, base_url, &moved) != DB_OK) {
        db_rollback(d);
        return DB_ERROR;
    }
    if (moved_up)
        *moved_up = moved > 0;
    return db_commit(d) == DB_OK ? DB_OK : DB_ERROR;
}

const char *meeting_attend(db *d, int64_t meeting_id, int64_t wijk_id, const char *postcode,
                           const char *house_number, const char *age_band, int64_t now,
                           const char **field)
{
    char pseudonym[65];
    if (age_band && *age_band && !resident_age_band_label(age_band)) {
        *field = "age_band";
        return N_("Kies een leeftijd uit de lijst, of geen.");
    }
    if (!postcode || !*postcode) {
        *field = "postcode";
        return N_("Vul de postcode in, bijvoorbeeld 2711 AB.");
    }
    if (!house_number || !*house_number) {
        *field = "house_number";
        return N_("Vul het huisnummer in, bijvoorbeeld 12 of 12a.");
    }
    if (auth_address_pseudonym(d, postcode, house_number, pseudonym) != 0) {
        *field = "postcode";
        return N_("Vul een postcode in als 2711 AB en een huisnummer dat met een cijfer begint.");
    }
    struct meeting_reg_row r = {.meeting_id = meeting_id,
                                .wijk_id = wijk_id,
                                .channel = "bijeenkomst",
                                .age_band = age_band && *age_band ? age_band : NULL,
                                .participant = NULL,
                                .created_at = now,
                                .status = "aanwezig"};
    char participant[80];
    snprintf(participant, sizeof participant, "p:%s", pseudonym);
    r.participant = participant;
    int64_t id;
    if (meeting_reg_insert(d, &r, &id) != DB_OK) {
        *field = "postcode";
        return N_("De aanwezigheid kon niet worden opgeslagen. Probeer het opnieuw.");
    }
    return NULL;
}

int meeting_release_unconfirmed(db *d, arena *a, int64_t now, const char *base_url, int *released)
{
    *released = 0;
    struct meeting_reg_row *r;
    size_t n;
    if (meeting_regs_typed_before(d, a, now - (int64_t)MEETING_CONFIRM_HOURS * 3600, now, &r, &n) !=
        DB_OK)
        return -1;
    struct meeting_row m = {0};
    int64_t freed = 0; /* a meeting whose lapsed registrations are out: its waiting list moves */
    for (size_t i = 0; i <= n; i++) {
        int moved = 0;
        if (freed && (i == n || r[i].meeting_id != freed)) {
            if (meeting_fill_places(d, a, freed, now, base_url, &moved) != DB_OK)
                return -1;
            freed = 0;
        }
        if (i == n)
            break;
        bool confirmed = false;
        char key[65];
        if (!r[i].email)
            continue;
        if (optin_is_confirmed(d, a, r[i].email, &confirmed) != 0)
            return -1;
        if (confirmed)
            continue;
        if (m.id != r[i].meeting_id && meeting_get(d, a, r[i].meeting_id, &m) != DB_OK)
            return -1;
        struct outbox_address o;
        int arc = optin_address_key(d, r[i].email, key) == 0 ? outbox_address_get(d, a, key, &o)
                                                             : DB_ERROR;
        if (arc == DB_ERROR || outbox_drop_held(d, key, m.id, "meeting_*", NULL) != DB_OK ||
            meeting_reg_delete(d, r[i].id) != DB_OK)
            return -1;
        /* held like the rest: it reaches the owner only if they confirm after all; no new
         * request for it (a request still open, or none) */
        if (arc == DB_OK && o.requested_at > now - (int64_t)OPTIN_PERIOD_DAYS * 86400) {
            const char *body = arena_printf(
                a,
                "Beste ontvanger,\n\nMet dit e-mailadres kwam een aanmelding binnen voor deze "
                "bijeenkomst:\n\n%s\n"
                "Het e-mailadres werd niet binnen %d uur bevestigd. Daarom is de aanmelding "
                "vervallen en gaat de plaats naar een ander. Wilt u toch komen? Meld u dan "
                "opnieuw aan op de pagina van de bijeenkomst.\n\n"
                "Met vriendelijke groet,\nGemeente Zoetermeer\n",
                about(a, &m, base_url), MEETING_CONFIRM_HOURS);
            if (send(d, a, now, base_url, r[i].email, false, "Uw aanmelding is vervallen",
                     "meeting_lapsed", m.id, body) != 0)
                return -1;
        }
        (*released)++;
        freed = m.id;
    }
    return 0;
}

int meeting_retention(db *d, arena *a, int64_t now, int *erased)
{
    *erased = 0;
    cal_date today = cal_date_of(now);
    if (today == CAL_INVALID)
        return -1;
    struct meeting_row *m = NULL;
    size_t n = 0;
    /* candidates: ended well over MEETING_ERASE_DAYS - 2 days ago; the day decides */
    if (meeting_unerased(d, a, now - (int64_t)(MEETING_ERASE_DAYS - 2) * 86400, &m, &n) != DB_OK)
        return -1;
    for (size_t i = 0; i < n; i++) {
        cal_date ended = cal_date_of(m[i].ends_at);
        if (ended == CAL_INVALID || today - ended < MEETING_ERASE_DAYS)
            continue;
        int k = 0;
        if (meeting_erase_contacts(d, m[i].id, now, &k) != DB_OK)
            return -1;
        *erased += k;
    }
    return 0;
}

/* --- the demo ---------------------------------------------------------------------------- */

int meeting_seed_demo(db *d, const char *demo_date, char *err, size_t errlen)
{
    struct meeting_filter all = {0};
    struct meeting_row *have;
    size_t nhave;
    cal_date day;
    arena *a = arena_new(1 << 14);
    int rc = -1;
    if (!a || !demo_date || cal_parse_date(demo_date, strlen(demo_date), &day) != 0 ||
        meeting_list(d, a, &all, 1, &have, &nhave) != DB_OK) {
        snprintf(err, errlen, "demo-bijeenkomsten: no demo date");
        goto done;
    }
    if (nhave) {
        rc = 0;
        goto done;
    }
    static const struct {
        const char *wijk, *kind, *title, *place, *agenda, *topic;
        int days_ahead, start_min, end_min, capacity, registered;
        bool accessible;
    } demo[] = {
        {"noordhove", "wethoudersronde", "De wijkwethouder in Noordhove",
         "Buurthuis De Schakel, Noordhovense Dreef 10",
         "Een wandeling door de wijk met de wijkwethouder, daarna koffie en vragen.\n"
         "1. Welkom\n2. Wandeling langs de speelplekken\n3. Vragen aan de wethouder",
         NULL, 9, 19 * 60, 21 * 60, 12, 11, true},
        {"seghwaert", "wijktafel", "Wijktafel Seghwaert: veilig naar school",
         "Wijkcentrum Seghwaert, Seghwaert 40, eerste verdieping (geen lift)",
         "Bewoners, scholen en de gemeente over de oversteekplaatsen bij de scholen.", "verkeer",
         16, 19 * 60 + 30, 21 * 60 + 30, 30, 4, false},
    };
    for (size_t i = 0; i < sizeof demo / sizeof demo[0]; i++) {
        struct wijk w;
        if (area_get_wijk(d, a, demo[i].wijk, demo_date, 0, &w) != DB_OK)
            goto bad;
        char date[CAL_DATE_LEN], start[24], end[24], cap[24];
        cal_format_date(day + demo[i].days_ahead, date);
        snprintf(start, sizeof start, "%02d:%02d", demo[i].start_min / 60, demo[i].start_min % 60);
        snprintf(end, sizeof end, "%02d:%02d", demo[i].end_min / 60, demo[i].end_min % 60);
        snprintf(cap, sizeof cap, "%d", demo[i].capacity);
        struct meeting_input in = {.kind = demo[i].kind,
                                   .title = demo[i].title,
                                   .date = date,
                                   .start = start,
                                   .end = end,
                                   .place = demo[i].place,
                                   .agenda = demo[i].agenda,
                                   .capacity = cap,
                                   .topic = demo[i].topic,
                                   .accessible = demo[i].accessible,
                                   .area_id = w.id};
        int64_t made, id = 0;
        if (cal_to_unix(day - 5, 10 * 3600, &made) != 0 ||
            meeting_save(d, 0, &in, 0, made, &id) != DB_OK)
            goto bad;
        for (int k = 0; k < demo[i].registered; k++) {
            char email[64], participant[80], pseudonym[65], token[AUTH_TOKEN_CHARS], key[65];
            snprintf(email, sizeof email, "deelnemer%zu-%d@example.nl", i + 1, k + 1);
            /* made-up participants: as if they had confirmed their addresses */
            if (auth_email_pseudonym(d, email, pseudonym) != 0 ||
                optin_mark_confirmed(d, email, made) != 0)
                goto bad;
            snprintf(participant, sizeof participant, "p:%s", pseudonym);
            struct meeting_reg_row r = {.meeting_id = id,
                                        .wijk_id = w.id,
                                        .channel = "online",
                                        .participant = participant,
                                        .created_at = made + 3600 * (k + 1),
                                        .status = "aangemeld"};
            int64_t rid;
            auth_random_token(token);
            if (meeting_reg_insert(d, &r, &rid) != DB_OK || cancel_key(d, token, key) != 0 ||
                meeting_contact_insert(d, rid, arena_printf(a, "Deelnemer %d", k + 1), email, false,
                                       key) != DB_OK)
                goto bad;
        }
        continue;
    bad:
        snprintf(err, errlen, "demo-bijeenkomsten: meeting %zu cannot be stored", i);
        goto done;
    }
    rc = 0;
done:
    arena_free(a);
    return rc;
}
