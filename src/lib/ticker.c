/*
 * ticker.c: the periodic background thread; see ticker.h.
 *
 * The wait uses the monotonic clock, so a change of the system time
 * neither skips nor repeats a pass. The stop and wake flags are read under
 * the mutex, so a request between two passes is never lost.
 */
#include "ticker.h"

#include <time.h>

static void *ticker_main(void *arg)
{
    struct ticker *t = arg;
    pthread_mutex_lock(&t->mu);
    for (;;) {
        bool stopping = t->stop;
        t->wake = false;
        pthread_mutex_unlock(&t->mu);
        t->run();
        if (t->after_pass)
            t->after_pass();
        pthread_mutex_lock(&t->mu);
        if (stopping)
            break;
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_sec += t->seconds;
        int rc = 0; /* until a stop, a wake, the time-out or an error */
        while (!t->stop && !t->wake && rc == 0)
            rc = pthread_cond_timedwait(&t->cv, &t->mu, &until);
        if (t->stop && !t->last_pass)
            break;
    }
    pthread_mutex_unlock(&t->mu);
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
