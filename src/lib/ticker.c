/*
 * ticker.c: the periodic background thread; see ticker.h.
 *
 * The wait uses the monotonic clock, so a change of the system time
 * neither skips nor repeats a pass. The stop and wake flags are read under
 * the mutex, so a request between two passes is never lost.
 */
#include "ticker.h"

#include <time.h>

/* Waits under t->mu until a stop, a wake or the time-out at until (0), or
 * an error; the condition variable uses the monotonic clock. */
static int wait_until(struct ticker *t, const struct timespec *until)
{
    int rc = 0;
    while (!t->stop && !t->wake && rc == 0)
        rc = pthread_cond_timedwait(&t->cv, &t->mu, until);
    return rc;
}

static void *ticker_main(void *arg)
{
    struct ticker *t = arg;
    bool idle = true; /* after_pass has run since the last pass */
    pthread_mutex_lock(&t->mu);
    for (;;) {
        bool stopping = t->stop;
        t->wake = false;
        pthread_mutex_unlock(&t->mu);
        t->run();
        idle = false;
        pthread_mutex_lock(&t->mu);
        if (stopping)
            break;
        struct timespec until, idle_at;
        clock_gettime(CLOCK_MONOTONIC, &until);
        idle_at = until;
        until.tv_sec += t->seconds;
        idle_at.tv_sec += TICKER_IDLE_SECONDS;
        if (t->after_pass && t->seconds > TICKER_IDLE_SECONDS && wait_until(t, &idle_at) != 0 &&
            !t->stop && !t->wake) {
            pthread_mutex_unlock(&t->mu);
            t->after_pass();
            idle = true;
            pthread_mutex_lock(&t->mu);
        }
        wait_until(t, &until);
        if (t->stop && !t->last_pass)
            break;
    }
    pthread_mutex_unlock(&t->mu);
    if (t->after_pass && !idle)
        t->after_pass();
    return NULL;
}

int ticker_start(struct ticker *t)
{
    pthread_mutex_lock(&t->mu);
    if (t->running) {
        pthread_mutex_unlock(&t->mu);
        return 0;
    }
    t->stop = t->wake = false;
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&t->cv, &ca);
    pthread_condattr_destroy(&ca);
    int rc = pthread_create(&t->thread, NULL, ticker_main, t);
    t->running = rc == 0;
    if (rc != 0)
        pthread_cond_destroy(&t->cv);
    pthread_mutex_unlock(&t->mu);
    return rc == 0 ? 0 : -1;
}

bool ticker_running(struct ticker *t)
{
    pthread_mutex_lock(&t->mu);
    bool r = t->running;
    pthread_mutex_unlock(&t->mu);
    return r;
}

void ticker_wake(struct ticker *t)
{
    pthread_mutex_lock(&t->mu);
    if (t->running) {
        t->wake = true;
        pthread_cond_signal(&t->cv);
    }
    pthread_mutex_unlock(&t->mu);
}

void ticker_stop(struct ticker *t)
{
    pthread_mutex_lock(&t->mu);
    if (!t->running) {
        pthread_mutex_unlock(&t->mu);
        return;
    }
    t->stop = true;
    pthread_cond_signal(&t->cv);
    pthread_mutex_unlock(&t->mu);
    pthread_join(t->thread, NULL);
    pthread_mutex_lock(&t->mu);
    t->running = false;
    pthread_cond_destroy(&t->cv);
    pthread_mutex_unlock(&t->mu);
}
