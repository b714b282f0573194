/*
 * optin.c: double opt-in for e-mail to residents; see optin.h.
 */
#include "optin.h"

#include "domain/auth.h"
#include "store/outbox_store.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define PERIOD ((int64_t)OPTIN_PERIOD_DAYS * 86400)

/* The mailbox an address names, as far as we can tell: lower case, without
 * a "+tag" (RFC 5233 sub-addressing), and for Gmail without dots. Addresses
 * are checked ASCII (mail_address_ok) before they get here; anything else
 * is kept as it is, lower-cased. */
static void normalise(const char *addr, char *out, size_t cap)
{
    const char *at = strrchr(addr, '@');
    const char *domain = at ? at + 1 : "";
    bool gmail = strcasecmp(domain, "gmail.com") == 0 || strcasecmp(domain, "googlemail.com") == 0;
    size_t k = 0;
    bool in_tag = false;
    for (const char *p = addr; *p && k + 1 < cap; p++) {
        char c = *p;
        if (at && p < at) {
            if (c == '+' && p > addr)
                in_tag = true;
            if (in_tag || (gmail && c == '.'))
                continue;
        }
        if (at && p == at && gmail) {
            snprintf(out + k, cap - k, "@gmail.com");
            return;
        }
        out[k++] = (char)((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
    }
    out[k] = '\0';
}

int optin_address_key(db *d, const char *addr, char out[65])
{
    char norm[320];
    normalise(addr ? addr : "", norm, sizeof norm);
    return auth_keyed_hash(d, "mail-address", norm, out);
}

static int token_key(db *d, const char *token, char out[65])
{
    return auth_keyed_hash(d, "mail-confirm-link", token, out);
}

/* The request: fixed text with only the link, nothing anybody typed; its
 * wording says what the address was given for. */
static int queue_request(db *d, arena *a, int64_t now, const char *base_url, const char *to,
                         const char *addr_key, enum optin_purpose purpose)
{
    char token[AUTH_TOKEN_CHARS], tkey[65];
    auth_random_token(token);
    if (token_key(d, token, tkey) != 0)
        return -1;
    const char *base = base_url ? base_url : "";
    const char *body =
        purpose == OPTIN_FOR_MEETING
            ? arena_printf(
                  a,
                  "Beste ontvanger,\n\n"
                  "Iemand heeft dit e-mailadres opgegeven bij een aanmelding voor een "
                  "bijeenkomst van de gemeente Zoetermeer. Voordat we berichten over die "
                  "aanmelding naar dit adres sturen, vragen we u te bevestigen dat het uw "
                  "e-mailadres is. Daarna krijgt u de bevestiging van de aanmelding, met een "
                  "link om u af te melden.\n\n"
                  "Was u dat? Open dan deze link en druk op de knop \"Ja, dit is mijn "
                  "e-mailadres\":\n"
                  "%s/e-mailadres/%s?voor=bijeenkomst\n\n"
                  "Doe dat binnen %d uur. Anders vervalt de aanmelding en gaat de plaats naar "
                  "een ander.\n\n"
                  "Was u het niet? Dan hoeft u niets te doen: de aanmelding vervalt vanzelf, we "
                  "sturen u geen berichten, en deze vraag krijgt u de komende %d dagen niet nog "
                  "eens.\n\n"
                  "Met vriendelijke groet,\nGemeente Zoetermeer\n",
                  base, token, OPTIN_MEETING_HOLD_HOURS, OPTIN_PERIOD_DAYS)
            : arena_printf(
                  a,
                  "Beste ontvanger,\n\n"
                  "Iemand heeft dit e-mailadres opgegeven bij %s. Voordat we berichten over %s "
                  "naar dit adres sturen, vragen we u te bevestigen dat het uw e-mailadres "
                  "is.\n\n"
                  "Was u dat? Open dan deze link en druk op de knop \"Ja, dit is mijn "
                  "e-mailadres\":\n"
                  "%s/e-mailadres/%s%s\n\n"
                  "De link werkt %d dagen. Was u het niet? Dan hoeft u niets te doen: we sturen "
                  "u geen berichten, en deze vraag krijgt u de komende %d dagen niet nog eens.\n\n"
                  "Met vriendelijke groet,\nGemeente Zoetermeer\n",
                  purpose == OPTIN_FOR_QUESTION
                      ? "een vraag aan de wijkwethouder van de gemeente Zoetermeer"
                  : purpose == OPTIN_FOR_APPLICATION
                      ? "een aanvraag voor een bijdrage aan een bewonersinitiatief bij de "
                        "gemeente Zoetermeer"
                      : "een melding aan de gemeente Zoetermeer",
                  purpose == OPTIN_FOR_QUESTION      ? "die vraag"
                  : purpose == OPTIN_FOR_APPLICATION ? "die aanvraag"
                                                     : "een melding",
                  base, token,
                  purpose == OPTIN_FOR_QUESTION      ? "?voor=vraag"
                  : purpose == OPTIN_FOR_APPLICATION ? "?voor=aanvraag"
                                                     : "",
                  OPTIN_PERIOD_DAYS, OPTIN_PERIOD_DAYS);
    if (!body || outbox_address_request(d, addr_key, tkey, now) != DB_OK)
        return -1;
    struct outbox_new req = {.to_addr = to,
                             .addr_hash = addr_key,
                             .subject = "Bevestig uw e-mailadres",
                             .body = body,
                             .kind = OPTIN_KIND};
    int64_t id;
    return outbox_enqueue(d, now, &req, &id) == DB_OK ? 0 : -1;
}

int optin_queue(db *d, arena *a, int64_t now, const char *base_url, const struct optin_mail *m,
                bool *out_held)
{
    char key[65];
    if (out_held)
        *out_held = false;
    if (optin_address_key(d, m->to, key) != 0)
        return -1;
    struct outbox_address o;
    int rc = outbox_address_get(d, a, key, &o);
    if (rc == DB_ERROR)
        return -1;
    bool known = rc == DB_OK;
    bool confirmed = known && o.confirmed_at;
    if (!confirmed && (!known || o.requested_at <= now - PERIOD)) {
        if (queue_request(d, a, now, base_url, m->to, key, m->purpose) != 0)
            return -1;
    } else if (outbox_address_used(d, key, now) != DB_OK) {
        return -1;
    }
    struct outbox_new msg = {.to_addr = m->to,
                             .addr_hash = key,
                             .subject = m->subject,
                             .body = m->body,
                             .kind = m->kind,
                             .ref = m->ref,
                             .held = !confirmed};
    int64_t id;
    if (outbox_enqueue(d, now, &msg, &id) != DB_OK)
        return -1;
    if (out_held)
        *out_held = !confirmed;
    return 0;
}

/* The address of a valid link (requested less than a period ago). */
static enum optin_link lookup(db *d, arena *a, const char *token, int64_t now,
                              struct outbox_address *o)
{
    char tkey[65];
    if (!token || strlen(token) != AUTH_TOKEN_CHARS - 1)
        return OPTIN_LINK_UNKNOWN;
    if (token_key(d, token, tkey) != 0)
        return OPTIN_LINK_ERROR;
    int rc = outbox_address_by_token(d, a, tkey, now - PERIOD, o);
    if (rc == DB_NOTFOUND)
        return OPTIN_LINK_UNKNOWN;
    if (rc != DB_OK)
        return OPTIN_LINK_ERROR;
    return o->confirmed_at ? OPTIN_LINK_CONFIRMED : OPTIN_LINK_OPEN;
}

int optin_is_confirmed(db *d, arena *a, const char *addr, bool *confirmed)
{
    char key[65];
    struct outbox_address o;
    *confirmed = false;
    if (optin_address_key(d, addr, key) != 0)
        return -1;
    int rc = outbox_address_get(d, a, key, &o);
    if (rc == DB_ERROR)
        return -1;
    *confirmed = rc == DB_OK && o.confirmed_at;
    return 0;
}

int optin_mark_confirmed(db *d, const char *addr, int64_t now)
{
    char key[65];
    return optin_address_key(d, addr, key) == 0 && outbox_address_confirmed(d, key, now) == DB_OK
               ? 0
               : -1;
}

enum optin_link optin_link_state(db *d, arena *a, const char *token, int64_t now)
{
    struct outbox_address o;
    return lookup(d, a, token, now, &o);
}

enum optin_link optin_confirm(db *d, arena *a, const char *token, int64_t now)
{
    if (db_begin_write(d) != DB_OK)
        return OPTIN_LINK_ERROR;
    struct outbox_address o;
    enum optin_link st = lookup(d, a, token, now, &o);
    if (st == OPTIN_LINK_OPEN || st == OPTIN_LINK_CONFIRMED)
        st = outbox_address_confirm(d, o.addr_hash, now, NULL) == DB_OK ? OPTIN_LINK_CONFIRMED
                                                                        : OPTIN_LINK_ERROR;
    if (st == OPTIN_LINK_ERROR) {
        db_rollback(d);
        return st;
    }
    if (db_commit(d) != DB_OK) {
        db_rollback(d);
        return OPTIN_LINK_ERROR;
    }
    return st;
}

int optin_expire(db *d, int64_t now, int retention_days, int *out_dropped, int *out_forgotten)
{
    return outbox_address_expire(d, now - PERIOD, now - (int64_t)retention_days * 86400,
                                 out_dropped, out_forgotten) == DB_OK
               ? 0
               : -1;
}
