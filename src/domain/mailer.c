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
#include "store/outbox_store.h"

#include <errno.h>
#include <pthread.h>
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
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t thread;
    bool running, stop, wake;
    unsigned interval;
    char smtp_url[512];
    char from[256];
} g = {.mu = PTHREAD_MUTEX_INITIALIZER};

static void *mailer_main(void *arg)
{
    db *d = db_thread();
    if (!d)
        log_error("mail: no database connection; the mailer does not run");
    struct mailer_cfg cfg = {.smtp_url = g.smtp_url, .from = g.from};
    pthread_mutex_lock(&g.mu);
    for (;;) {
        bool stopping = g.stop;
        g.wake = false;
        pthread_mutex_unlock(&g.mu);
        if (d && mailer_run_once(d, &cfg, (int64_t)time(NULL)) < 0)
            log_error("mail: database error in the outbox pass");
        pthread_mutex_lock(&g.mu);
        if (stopping)
            break;
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_sec += g.interval;
        int rc = 0;
        while (!g.stop && !g.wake && rc != ETIMEDOUT)
            rc = pthread_cond_timedwait(&g.cv, &g.mu, &until);
    }
    pthread_mutex_unlock(&g.mu);
    if (d)
        db_thread_close();
    return NULL;
}

int mailer_start(const char *smtp_url, const char *from, unsigned interval_seconds)
{
    if (!smtp_url || !*smtp_url) {
        log_info("mail: no smtp_url configured; e-mail stays queued in the outbox");
        return 0;
    }
    pthread_mutex_lock(&g.mu);
    if (g.running) {
        pthread_mutex_unlock(&g.mu);
        return 0;
    }
    snprintf(g.smtp_url, sizeof g.smtp_url, "%s", smtp_url);
    snprintf(g.from, sizeof g.from, "%s", from ? from : "");
    g.interval = interval_seconds ? interval_seconds : MAILER_DEFAULT_INTERVAL;
    g.stop = g.wake = false;
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&g.cv, &ca);
    pthread_condattr_destroy(&ca);
    mail_global_init();
    int rc = pthread_create(&g.thread, NULL, mailer_main, NULL);
    g.running = rc == 0;
    if (rc != 0)
        pthread_cond_destroy(&g.cv);
    pthread_mutex_unlock(&g.mu);
    if (rc != 0) {
        log_error("mail: cannot start the mailer thread");
        return -1;
    }
    if (!mail_address_ok(g.from))
        log_error("mail: smtp_from is not a valid address; every message will fail");
    return 0;
}

void mailer_wake(void)
{
    pthread_mutex_lock(&g.mu);
    if (g.running) {
        g.wake = true;
        pthread_cond_signal(&g.cv);
    }
    pthread_mutex_unlock(&g.mu);
}

void mailer_stop(void)
{
    pthread_mutex_lock(&g.mu);
    if (!g.running) {
        pthread_mutex_unlock(&g.mu);
        return;
    }
    g.stop = true;
    pthread_cond_signal(&g.cv);
    pthread_mutex_unlock(&g.mu);
    pthread_join(g.thread, NULL);
    pthread_mutex_lock(&g.mu);
    g.running = false;
    pthread_cond_destroy(&g.cv);
    pthread_mutex_unlock(&g.mu);
}
