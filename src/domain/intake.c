/*
 * intake.c: the public form's limit per client address and following a
 * signal; see intake.h.
 */
#include "intake.h"

#include "domain/auth.h"
#include "domain/optin.h"
#include "domain/policy.h"
#include "domain/signal.h"
#include "store/intake_store.h"
#include "store/public_signal_store.h"
#include "store/signal_store.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

struct intake_client intake_client_of(const struct user *u, const char *address, unsigned per_hour)
{
    struct intake_client c = {address, per_hour};
    if (u && policy_allows(u, ACT_SIGNAL_INTAKE, NULL))
        c.address = NULL;
    return c;
}

/* The keyed hash of the client's address: an IPv4 address as it is (also
 * when IPv4-mapped), an IPv6 address by its first 64 bits. */
int intake_client_key(db *d, const char *address, char out[65])
{
    unsigned char b[16];
    char text[INET6_ADDRSTRLEN + 4];
    if (inet_pton(AF_INET6, address, b) == 1) {
        static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        if (memcmp(b, mapped, sizeof mapped) == 0) {
            inet_ntop(AF_INET, b + 12, text, sizeof text);
        } else {
            memset(b + 8, 0, 8);
            inet_ntop(AF_INET6, b, text, sizeof text);
            size_t n = strlen(text);
            snprintf(text + n, sizeof text - n, "/64");
        }
    } else {
        snprintf(text, sizeof text, "%s", address);
    }
    return auth_keyed_hash(d, "client-address", text, out);
}

static bool limited(const struct intake_client *c)
{
    return c && c->address && c->per_hour;
}

bool intake_limited(db *d, const struct intake_client *c, int64_t now, int64_t *retry_after)
{
    char key[65];
    int64_t n = 0, oldest = 0;
    if (!limited(c))
        return false;
    if (intake_client_key(d, c->address, key) != 0 ||
        intake_hits_since(d, key, now - INTAKE_WINDOW_SECONDS, &n, &oldest) != DB_OK)
        return false; /* the write path counts again and fails closed */
    if (n < (int64_t)c->per_hour)
        return false;
    if (retry_after) {
        int64_t wait = oldest + INTAKE_WINDOW_SECONDS - now;
        *retry_after = wait > 0 ? wait : 1;
    }
    return true;
}

int intake_take(db *d, const struct intake_client *c, int64_t now)
{
    char key[65];
    int64_t n = 0, oldest = 0;
    if (!limited(c))
        return 0;
    if (intake_client_key(d, c->address, key) != 0 ||
        intake_hits_since(d, key, now - INTAKE_WINDOW_SECONDS, &n, &oldest) != DB_OK)
        return -1;
    if (n >= (int64_t)c->per_hour)
        return 1;
    return intake_hit_add(d, key, now, now - INTAKE_WINDOW_SECONDS) == DB_OK ? 0 : -1;
}

int intake_prune(db *d, int64_t now, int *out_deleted)
{
    return intake_hits_prune(d, now - INTAKE_WINDOW_SECONDS, out_deleted) == DB_OK ? 0 : -1;
}

static bool blank(const char *s)
{
    return !s || !*s;
}

int intake_follow(db *d, arena *a, int64_t id, const char *name, const char *email,
                  const char *phone, const struct intake_client *c, int64_t now,
                  const char *base_url, struct signal_problem *problems, bool *out_held)
{
    if (out_held)
        *out_held = false;
    size_t np = 0;
    signal_check_contact(name, email, phone, true, problems, &np);
    if (np)
        return (int)np;
    int f = public_signal_followable(d, id);
    if (f < 0)
        return INTAKE_ERROR;
    if (!f)
        return INTAKE_NOT_FOLLOWABLE;
    struct signal s;
    if (signal_get(d, a, id, &s) != DB_OK)
        return INTAKE_ERROR;
    const char *body = arena_printf(a,
                                    "Beste melder,\n\n"
                                    "U volgt nu melding %lld. U krijgt bericht als er iets "
                                    "verandert.\n\n"
                                    "Hoe het ermee staat, ziet u hier:\n%s/melding/%s\n\n"
                                    "Met vriendelijke groet,\nGemeente Zoetermeer\n",
                                    (long long)id, base_url ? base_url : "", s.token);
    if (!body || db_begin_write(d) != DB_OK)
        return INTAKE_ERROR;
    int rc = intake_take(d, c, now);
    bool known = false;
    bool ok = rc == 0 && intake_contact_known(d, id, email, &known) == DB_OK;
    if (ok && !known) {
        struct optin_mail m = {.to = email,
                               .subject = "U volgt een melding",
                               .body = body,
                               .kind = "follow",
                               .ref = id};
        ok = signal_add_contact(d, id, blank(name) ? NULL : name, email,
                                blank(phone) ? NULL : phone) == DB_OK &&
             signal_add_event(d, id, now, 0, "note", NULL, NULL, 0, 0,
                              "Een inwoner volgt deze melding (zelfde probleem gemeld).",
                              0) == DB_OK &&
             optin_queue(d, a, now, base_url, &m, out_held) == 0;
    }
    if (!ok || db_commit(d) != DB_OK) {
        db_rollback(d);
        return rc == 1 ? INTAKE_LIMITED : INTAKE_ERROR;
    }
    return 0;
}
