/*
 * signal_change.c: merge and place; see signal_change.h.
 */
#include "signal_change.h"

#include "domain/optin.h"
#include "store/signal_change_store.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum signal_result signal_merge(db *d, arena *a, const struct user *u, int64_t id, int64_t into,
                                int64_t now, const char *base_url)
{
    if (id == into)
        return SIG_BAD_INPUT;
    struct signal s, t;
    int rc = signal_get(d, a, id, &s);
    if (rc == DB_NOTFOUND)
        return SIG_NOT_FOUND;
    if (rc != DB_OK)
        return SIG_ERROR;
    rc = signal_get(d, a, into, &t);
    if (rc == DB_NOTFOUND)
        return SIG_BAD_INPUT;
    if (rc != DB_OK)
        return SIG_ERROR;
    if (!signal_may_handle(d, u, &s) || !signal_may_handle(d, u, &t))
        return SIG_FORBIDDEN;
    /* The reporters follow the surviving signal, so both must have been
     * written with the same confidentiality: their contact details belong to
     * the intake. */
    if (s.merged_into || t.merged_into || t.closed_at || s.confidential != t.confidential ||
        s.intake_confidential != t.intake_confidential)
        return SIG_BAD_INPUT;
    /* The reporters of the duplicate hear where their signal went. */
    struct signal_contact *c;
    size_t nc;
    if (signal_contacts(d, a, id, &c, &nc) != DB_OK)
        return SIG_ERROR;
    if (db_begin_write(d) != DB_OK)
        return SIG_ERROR;
    const char *msg_dup =
        arena_printf(a, "Samengevoegd met melding %lld over hetzelfde probleem.", (long long)into);
    const char *msg_into = arena_printf(
        a, "Melding %lld over hetzelfde probleem is hiermee samengevoegd.", (long long)id);
    /* Everybody may read which signal the duplicate joined (Open311 shows it
     * as a duplicate); the messages are for the reporters. */
    const char *public_dup = arena_printf(a, "Samengevoegd met melding %lld.", (long long)into);
    int ok = signal_store_merge(d, id, into, now) == DB_OK &&
             signal_add_event_explained(d, id, now, u->id, "merge", s.status, "geannuleerd", 0, 0,
                                        msg_dup, 1, public_dup) == DB_OK &&
             signal_add_event(d, into, now, u->id, "merge", NULL, NULL, 0, 0, msg_into, 0) == DB_OK;
    for (size_t i = 0; ok && i < nc; i++) {
        if (c[i].erased || !c[i].email)
            continue;
        const char *body = arena_printf(
            a,
            "Beste melder,\n\n"
            "Uw melding %lld gaat over hetzelfde probleem als melding %lld. We "
            "hebben ze samengevoegd: u krijgt voortaan berichten over melding %lld.\n\n"
            "Hoe het ermee staat, ziet u hier:\n%s/melding/%s\n\n"
            "Met vriendelijke groet,\nGemeente Zoetermeer\n",
            (long long)id, (long long)into, (long long)into, base_url ? base_url : "", t.token);
        struct optin_mail m = {.to = c[i].email,
                               .subject = "Uw melding is samengevoegd",
                               .body = body,
                               .kind = "merged",
                               .ref = into};
        ok = body && optin_queue(d, a, now, base_url, &m, NULL) == 0;
    }
    if (!ok || db_commit(d) != DB_OK) {
        db_rollback(d);
        return SIG_ERROR;
    }
    return SIG_OK;
}

enum signal_result signal_place(db *d, arena *a, const struct user *u, int64_t id, double lat,
                                double lon, const struct signal_address *addr, int64_t now)
{
    struct signal s;
    int rc = signal_get(d, a, id, &s);
    if (rc == DB_NOTFOUND)
        return SIG_NOT_FOUND;
    if (rc != DB_OK)
        return SIG_ERROR;
    if (!signal_may_handle(d, u, &s))
        return SIG_FORBIDDEN;
    int64_t wijk = isfinite(lat) && isfinite(lon) ? signal_locate(lat, lon) : 0;
    if (!wijk)
        return SIG_BAD_INPUT;
    if (db_begin_write(d) != DB_OK)
        return SIG_ERROR;
    char text[96];
    snprintf(text, sizeof text, "Plek vastgelegd: %.5f, %.5f", lat, lon);
    int ok = signal_store_place(d, id, lat, lon, wijk, addr, now) == DB_OK &&
             signal_add_event(d, id, now, u->id, "located", NULL, NULL, 0, 0, text, 0) == DB_OK;
    if (!ok || db_commit(d) != DB_OK) {
        db_rollback(d);
        return SIG_ERROR;
    }
    return SIG_OK;
}
