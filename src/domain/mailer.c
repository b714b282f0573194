/*
 * mailer.c: the outbox pass and the thread that runs it.
 *
 * Delivery is at least once: a message is marked sent only after the relay
 * accepted it, and a crash between the two leaves it queued, to be sent
 * again when its claim lease runs out. Logs name messages by outbox id
 * only, never by address or subject.
 */
#include "mailer.h"

#include "lib/arena.h"
#include "lib/log.h"
#include "lib/mail.h"
#include "lib/ticker.h"
#include "store/outbox_store.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define MAX_BATCHES 50 /* per pass, so a stop request is seen in bounded time */

/* Sends one claimed message and records the outcome. *relay_down is set
 * (with the reason in down_err) when the relay could not be reached; then
 * the message is not even tried, and gets that reason. 1 when sent. */
static int deliver(db *d, const struct mailer_cfg *cfg, int64_t now, const struct outbox_msg *m,
                   bool *relay_down, char *down_err, size_t down_len)
{
    char err[256];
    int r = MAIL_UNREACHABLE;
    if (*relay_down) {
        snprintf(err, sizeof err, "%s", down_err);
    } else {
        struct mail_msg mm = {
            .from = cfg->from,
            .from_name = cfg->from_name,
            .to = m->to_addr,
            .subject = m->subject,
            .body = m->body_text,
            .date = m->created_at,
            .list_unsubscribe = m->unsubscribe_url,
        };
        r = mail_send(cfg->smtp_url, &mm, err, sizeof err);
    }
    if (r == MAIL_OK) {
        if (outbox_mark_sent(d, m->id, now) != DB_OK)
            log_error("mail: outbox %lld was sent but could not be marked sent", (long long)m->id);
        else
            log_info("mail: outbox %lld sent", (long long)m->id);
        return 1;
    }
    if (r == MAIL_UNREACHABLE && !*relay_down) {
        *relay_down = true;
        snprintf(down_err, down_len, "%s", err);
    }
    enum outbox_status st = OUTBOX_QUEUED;
    int64_t next = 0;
    if (outbox_mark_failed(d, m->id, now, err, r == MAIL_INVALID, &st, &next) != DB_OK)
        log_error("mail: outbox %lld: could not record the failed attempt", (long long)m->id);
    else if (st == OUTBOX_FAILED)
        log_error("mail: outbox %lld failed for good: %s", (long long)m->id, err);
    else
        log_info("mail: outbox %lld not sent (%s); next attempt in %lld s", (long long)m->id, err,
                 (long long)(next - now));
    return 0;
}

int mailer_run_once(db *d, const struct mailer_cfg *cfg, int64_t now)
{
    if (!cfg->smtp_url || !*cfg->smtp_url)
        return 0;
    size_t batch = cfg->batch ? cfg->batch : MAILER_DEFAULT_BATCH;
    arena *a = arena_new(16 * 1024);
    if (!a)
        return -1;
    int sent = 0;
    bool relay_down = false;
    char down_err[256] = "";
    for (int round = 0; round < MAX_BATCHES && !relay_down; round++) {
        arena_reset(a);
        struct outbox_msg *v;
        size_t n;
        if (outbox_claim_due(d, a, now, batch, &v, &n) != DB_OK) {
            sent = -1;
            break;
        }
        for (size_t i = 0; i < n; i++)
            sent += deliver(d, cfg, now, &v[i], &relay_down, down_err, sizeof down_err);
        if (n < batch)
            break;
    }
    arena_free(a);
    return sent;
}

/* --- the thread ---------------------------------------------------------- */

static struct {
    struct ticker t;
    bool no_db; /* logged once per start */
    char smtp_url[512];
    char from[256];
} g = {.t = TICKER_INIT};

static void mailer_pass(void)
{
    db *d = db_thread();
    if (!d) {
        if (!g.no_db)
            log_error("mail: no database connection; the mailer does not run");
        g.no_db = true;
        return;
    }
    struct mailer_cfg cfg = {.smtp_url = g.smtp_url, .from = g.from};
    if (mailer_run_once(d, &cfg, (int64_t)time(NULL)) < 0)
        log_error("mail: database error in the outbox pass");
}

int mailer_start(const char *smtp_url, const char *from, unsigned interval_seconds)
{
    if (!smtp_url || !*smtp_url) {
        log_info("mail: no smtp_url configured; e-mail stays queued in the outbox");
        return 0;
    }
    if (ticker_running(&g.t))
        return 0;
    snprintf(g.smtp_url, sizeof g.smtp_url, "%s", smtp_url);
    snprintf(g.from, sizeof g.from, "%s", from ? from : "");
    g.no_db = false;
    g.t.seconds = interval_seconds ? interval_seconds : MAILER_DEFAULT_INTERVAL;
    g.t.last_pass = true;
    g.t.run = mailer_pass;
    g.t.after_pass = db_thread_idle;
    mail_global_init();
    if (ticker_start(&g.t) != 0) {
        log_error("mail: cannot start the mailer thread");
        return -1;
    }
    if (!mail_address_ok(g.from))
        log_error("mail: smtp_from is not a valid address; every message will fail");
    return 0;
}

void mailer_wake(void)
{
    ticker_wake(&g.t);
}

void mailer_stop(void)
{
    ticker_stop(&g.t);
}
