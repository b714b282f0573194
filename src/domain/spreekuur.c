/*
 * spreekuur.c: the rules of the digital wijkspreekuur (spreekuur.h).
 */
#include "spreekuur.h"

#include "domain/auth.h"
#include "domain/calendar.h"
#include "domain/notify.h"
#include "domain/resident.h"
#include "domain/optin.h"
#include "domain/policy.h"
#include "lib/i18n_mark.h"
#include "lib/mail.h"
#include "lib/utf8.h"
#include "store/area_store.h"
#include "store/outbox_store.h"
#include "store/resident_store.h"
#include "store/user_store.h"

#include <stdio.h>
#include <string.h>

enum spreekuur_state spreekuur_state_of(const struct spreekuur_row *q, int64_t now)
{
    if (q->answer && q->answered_at)
        return q->answered_at <= q->due_at ? SPREEKUUR_ANSWERED_IN_TIME : SPREEKUUR_ANSWERED_LATE;
    return now <= q->due_at ? SPREEKUUR_OPEN : SPREEKUUR_OPEN_LATE;
}

static int64_t region_of(db *d, arena *a, const char *slug, int64_t now)
{
    char on[CAL_DATE_LEN];
    struct wijk w;
    if (!slug || cal_format_date(cal_date_of(now), on) != 0 ||
        area_get_wijk(d, a, slug, on, 0, &w) != DB_OK)
        return 0;
    return w.region_id;
}

static bool wethouder_of(const struct user *u, int64_t region_id, int64_t wijk_id)
{
    if (!u || u->disabled)
        return false;
    for (size_t i = 0; i < u->nroles; i++)
        if (u->roles[i].role == ROLE_WIJKWETHOUDER &&
            ((region_id && u->roles[i].region_id == region_id) ||
             (wijk_id && u->roles[i].area_id == wijk_id)))
            return true;
    return false;
}

bool spreekuur_may_answer(db *d, arena *a, const struct user *u, const struct spreekuur_row *q,
                          int64_t now)
{
    /* The right comes first, for the wethouder and for every delegate: a delegation recorded
     * for an account that may not answer (or no longer may) gives nothing. */
    if (!u || u->disabled || user_is_resident(u) || user_has_role(u, ROLE_BEHEERDER) ||
        !policy_allows(u, ACT_SPREEKUUR_ANSWER, NULL))
        return false;
    int64_t region = region_of(d, a, q->wijk_slug, now);
    if (wethouder_of(u, region, q->wijk_id))
        return true;
    int *w = NULL;
    size_t n = 0;
    if (spreekuur_delegators(d, a, u->id, &w, &n) != DB_OK)
        return false;
    for (size_t i = 0; i < n; i++) {
        struct user wu;
        if (user_load_by_id(d, a, w[i], &wu) == DB_OK && wethouder_of(&wu, region, q->wijk_id))
            return true;
    }
    return false;
}

bool spreekuur_may_read(db *d, arena *a, const struct user *u, const struct spreekuur_row *q,
                        int64_t now)
{
    if (q->public)
        return true;
    if (u && !u->disabled && q->asked_by && u->id == q->asked_by)
        return true;
    return spreekuur_may_answer(d, a, u, q, now);
}

static size_t chars(const char *s)
{
    return s ? utf8_len_chars(s, strlen(s)) : 0;
}

static void problem(struct spreekuur_problem *p, int *n, const char *field, const char *msgid)
{
    if (*n < SPREEKUUR_MAX_PROBLEMS)
        p[*n] = (struct spreekuur_problem){field, msgid};
    (*n)++;
}

static void check_question(const char *question, struct spreekuur_problem *p, int *n)
{
    if (utf8_blank(question))
        problem(p, n, "question", N_("Schrijf uw vraag aan de wijkwethouder."));
    else if (chars(question) > SPREEKUUR_QUESTION_MAX)
        problem(p, n, "question", N_("Gebruik voor uw vraag hoogstens 4.000 tekens."));
}

static int store(db *d, struct spreekuur_row *q, int64_t now, const char *email, int64_t *id)
{
    if (cal_deadline(NULL, now, SPREEKUUR_TERM_DAYS, false, &q->due_at) != 0)
        return SPREEKUUR_ERROR;
    q->created_at = now;
    if (db_begin_write(d) != DB_OK)
        return SPREEKUUR_ERROR;
    if (spreekuur_insert(d, q, id) != DB_OK ||
        (email && spreekuur_contact_insert(d, *id, email) != DB_OK) || db_commit(d) != DB_OK) {
        db_rollback(d);
        return SPREEKUUR_ERROR;
    }
    return 0;
}

int spreekuur_ask(db *d, arena *a, const struct user *resident, int64_t wijk_id,
                  const char *question, const char *topic, bool public, int64_t now,
                  struct spreekuur_problem *p, int64_t *id)
{
    struct resident_row rr;
    if (!resident || !user_is_resident(resident) ||
        resident_row_by_id(d, a, resident->id, &rr) != DB_OK)
        return SPREEKUUR_ERROR;
    int n = 0;
    if (!rr.area_id || rr.area_id != wijk_id)
        problem(p, &n, "question",
                N_("U kunt de wijkwethouder alleen vragen stellen over de wijk waar u woont."));
    check_question(question, p, &n);
    const char *code;
    if (!resident_topic_input(topic, &code))
        problem(p, &n, "topic", resident_topic_problem);
    if (n)
        return n;
    char participant[40];
    snprintf(participant, sizeof participant, "r:%lld", (long long)resident->id);
    struct spreekuur_row q = {.wijk_id = wijk_id,
                              .channel = "online",
                              .age_band = rr.age_band,
                              .participant = participant,
                              .asked_by = resident->id,
                              .public = public,
                              .question = question,
                              .topic = code,
                              .reply_by = "account"};
    return store(d, &q, now, NULL, id);
}

int spreekuur_enter(db *d, arena *a, const struct user *clerk, const struct spreekuur_intake *in,
                    int64_t now, struct spreekuur_problem *p, int64_t *id)
{
    (void)a;
    int n = 0;
    char pseudonym[65];
    if (!in->wijk_id)
        problem(p, &n, "wijk", N_("Kies de wijk waar de vraagsteller woont."));
    if (!in->postcode || !*in->postcode || !in->house_number || !*in->house_number ||
        auth_address_pseudonym(d, in->postcode, in->house_number, pseudonym) != 0)
        problem(p, &n, "postcode",
                N_("Vul een postcode in als 2711 AB en een huisnummer dat met een cijfer begint."));
    check_question(in->question, p, &n);
    const char *code;
    if (!resident_topic_input(in->topic, &code))
        problem(p, &n, "topic", resident_topic_problem);
    bool by_mail = in->reply && strcmp(in->reply, "email") == 0;
    if (!by_mail && !(in->reply && strcmp(in->reply, "balie") == 0))
        problem(p, &n, "reply", N_("Kies hoe de vraagsteller het antwoord krijgt."));
    else if (by_mail && (!in->email || !mail_address_ok(in->email)))
        problem(p, &n, "email",
                N_("Vul het e-mailadres in waar het antwoord heen gaat, zoals naam@voorbeeld.nl."));
    if (n)
        return n;
    char participant[80];
    snprintf(participant, sizeof participant, "p:%s", pseudonym);
    struct spreekuur_row q = {.wijk_id = in->wijk_id,
                              .channel = "balie",
                              .participant = participant,
                              .entered_by = clerk ? clerk->id : 0,
                              .public = in->public,
                              .question = in->question,
                              .topic = code,
                              .reply_by = by_mail ? "email" : "balie"};
    return store(d, &q, now, by_mail ? in->email : NULL, id);
}

int spreekuur_answer(db *d, arena *a, const struct user *u, int64_t id, const char *answer,
                     int64_t now, const char *base_url, const char **problem_out)
{
    struct spreekuur_row q;
    int rc = spreekuur_get(d, a, id, &q);
    if (rc != DB_OK)
        return rc == DB_NOTFOUND ? DB_NOTFOUND : SPREEKUUR_ERROR;
    if (!spreekuur_may_answer(d, a, u, &q, now))
        return SPREEKUUR_FORBIDDEN;
    if (utf8_blank(answer)) {
        *problem_out = N_("Schrijf het antwoord.");
        return SPREEKUUR_INVALID;
    }
    if (chars(answer) > SPREEKUUR_ANSWER_MAX) {
        *problem_out = N_("Gebruik voor het antwoord hoogstens 8.000 tekens.");
        return SPREEKUUR_INVALID;
    }
    if (db_begin_write(d) != DB_OK)
        return SPREEKUUR_ERROR;
    const char *body = arena_printf(
        a,
        "Beste vraagsteller,\n\nDe wijkwethouder heeft uw vraag aan het wijkspreekuur "
        "beantwoord.\n\nUw vraag:\n%s\n\nHet antwoord:\n%s\n\n%s"
        "Met vriendelijke groet,\nGemeente Zoetermeer\n",
        q.question, answer,
        q.asked_by ? arena_printf(a, "U vindt vraag en antwoord ook op %s/spreekuur/%lld\n\n",
                                  base_url ? base_url : "", (long long)id)
                   : "");
    bool first = !q.answer;
    rc = spreekuur_set_answer(d, id, answer, u->id, now);
    if (rc == DB_OK && first && q.public) {
        char path[48];
        snprintf(path, sizeof path, "/spreekuur/%lld", (long long)id);
        if (notify_record(d, "spreekuur", id, "", q.wijk_id, 0, q.topic, q.question, path, now) !=
            0)
            rc = DB_ERROR;
    }
    if (rc == DB_OK && first && body) {
        if (q.asked_by) {
            struct resident_row rr;
            if (resident_row_by_id(d, a, q.asked_by, &rr) == DB_OK && rr.email) {
                struct outbox_new m = {.to_addr = rr.email,
                                       .subject = "Antwoord op uw vraag aan de wijkwethouder",
                                       .body = body,
                                       .kind = "spreekuur_answer",
                                       .ref = id};
                int64_t mid;
                rc = outbox_enqueue(d, now, &m, &mid);
            }
        } else if (q.email) {
            struct optin_mail m = {.to = q.email,
                                   .subject = "Antwoord op uw vraag aan de wijkwethouder",
                                   .body = body,
                                   .kind = "spreekuur_answer",
                                   .ref = id,
                                   .purpose = OPTIN_FOR_QUESTION};
            rc = optin_queue(d, a, now, base_url, &m, NULL) == 0 &&
                         spreekuur_contact_erase(d, id) == DB_OK
                     ? DB_OK
                     : DB_ERROR;
        }
    }
    if (rc != DB_OK || db_commit(d) != DB_OK) {
        db_rollback(d);
        return SPREEKUUR_ERROR;
    }
    return 0;
}

const char *spreekuur_delegate(db *d, arena *a, const struct user *u, const char *login, bool add,
                               int64_t now)
{
    if (!user_has_role(u, ROLE_WIJKWETHOUDER))
        return N_("Alleen de wijkwethouder wijst aan wie voor hem of haar antwoordt.");
    struct user t;
    if (!login || !*login || user_load_by_login(d, a, login, &t, NULL) != DB_OK)
        return N_("Er is geen account met deze inlognaam.");
    if (t.id == u->id)
        return N_("Aan dit account kunt u het spreekuur niet overdragen.");
    /* Only an account that may answer spreekuur questions (the policy's ACT_SPREEKUUR_ANSWER)
     * becomes a delegate; withdrawing is always possible. */
    if (add && (t.disabled || user_is_resident(&t) || user_has_role(&t, ROLE_BEHEERDER) ||
                !policy_allows(&t, ACT_SPREEKUUR_ANSWER, NULL)))
        return N_("Dit account mag geen vragen aan het spreekuur beantwoorden. Wijs een "
                  "ondersteuner, wijkregisseur of netwerkregisseur aan.");
    if (db_begin_write(d) != DB_OK)
        return N_("Het lukte niet om dit op te slaan. Probeer het opnieuw.");
    int rc = add ? spreekuur_delegate_add(d, u->id, t.id, now)
                 : spreekuur_delegate_remove(d, u->id, t.id);
    if (rc != DB_OK ||
        audit_append(d, u->id, u->login, add ? "spreekuur_delegate" : "spreekuur_undelegate",
                     "user", t.id, NULL, NULL) != DB_OK ||
        db_commit(d) != DB_OK) {
        db_rollback(d);
        return N_("Het lukte niet om dit op te slaan. Probeer het opnieuw.");
    }
    return NULL;
}

int spreekuur_seed_demo(db *d, const char *demo_date, char *err, size_t errlen)
{
    arena *a = arena_new(1 << 14);
    cal_date day;
    struct spreekuur_row *have;
    size_t nhave;
    int rc = -1;
    if (!a || !demo_date || cal_parse_date(demo_date, strlen(demo_date), &day) != 0 ||
        spreekuur_list(d, a, 0, false, 1, &have, &nhave) != DB_OK) {
        snprintf(err, errlen, "demo-spreekuur: no demo date");
        goto done;
    }
    if (nhave) {
        rc = 0;
        goto done;
    }
    static const struct {
        const char *login, *question, *answer;
        int days_ago, answered_after;
    } demo[] = {
        {"bewoner-demo-noordhove",
         "Komt er een zebrapad bij de nieuwe speeltuin aan de Noordhovense Dreef?",
         "Ja. Verkeer heeft de oversteek bekeken; het zebrapad komt er in het voorjaar, samen met "
         "een drempel.",
         20, 6},
        {"bewoner-demo-seghwaert",
         "Wanneer wordt het wijkcentrum weer 's avonds open voor de kaartclub?",
         "Vanaf de eerste week van volgende maand is het wijkcentrum op dinsdag- en "
         "donderdagavond open tot 22.00 uur.",
         12, 3},
        {"bewoner-demo-oosterheem",
         "Kan er meer toezicht komen bij het winkelcentrum na sluitingstijd?",
         "De wijkregisseur bespreekt dit met de politie en de ondernemers; de boa's lopen vanaf "
         "deze maand twee avonden per week een extra ronde.",
         9, 12},
    };
    for (size_t i = 0; i < sizeof demo / sizeof demo[0]; i++) {
        struct user u;
        struct resident_row rr;
        if (user_load_by_login(d, a, demo[i].login, &u, NULL) != DB_OK ||
            resident_row_by_id(d, a, u.id, &rr) != DB_OK)
            continue; /* a demo without that resident */
        int64_t asked, answered, due, id;
        if (cal_to_unix(day - demo[i].days_ago, 10 * 3600, &asked) != 0 ||
            cal_deadline(NULL, asked, SPREEKUUR_TERM_DAYS, false, &due) != 0)
            goto bad;
        char participant[40];
        snprintf(participant, sizeof participant, "r:%lld", (long long)u.id);
        struct spreekuur_row q = {.wijk_id = rr.area_id,
                                  .channel = "online",
                                  .age_band = rr.age_band,
                                  .participant = participant,
                                  .created_at = asked,
                                  .asked_by = u.id,
                                  .public = true,
                                  .question = demo[i].question,
                                  .reply_by = "account",
                                  .due_at = due};
        answered = asked + (int64_t)demo[i].answered_after * 86400;
        struct user w;
        if (spreekuur_insert(d, &q, &id) != DB_OK ||
            user_load_by_login(d, a, "wethouder", &w, NULL) != DB_OK ||
            spreekuur_set_answer(d, id, demo[i].answer, w.id, answered) != DB_OK)
            goto bad;
        continue;
    bad:
        snprintf(err, errlen, "demo-spreekuur: question %zu cannot be stored", i);
        goto done;
    }
    rc = 0;
done:
    arena_free(a);
    return rc;
}
