/*
 * ticker.h: a background thread that runs a callback every n seconds.
 *
 * The mailer, the retention pass and the indicator refresh each want the
 * same thread: a pass at start, then one per interval, an early pass on
 * request, and a stop that does not wait out the interval. The state lives
 * in a struct ticker the caller keeps (static, TICKER_INIT); every call is
 * safe from any thread.
 */
#ifndef WR_TICKER_H
#define WR_TICKER_H

#include <pthread.h>
#include <stdbool.h>

#define TICKER_IDLE_SECONDS 2

struct ticker {
    /* Set before ticker_start, read by the thread. */
    unsigned seconds;  /* between the end of one pass and the start of the next */
    bool last_pass;    /* after a stop request, run one more pass before ending */
    void (*run)(void); /* one pass */
    /* In the thread once it has had no pass for TICKER_IDLE_SECONDS (and
     * before it ends), or NULL: the passes close their database connection
     * here, so that a thread that sleeps for minutes or hours holds no
     * schema, statements or page cache, while a burst of wakes (the mailer
     * after every report) keeps its connection. */
    void (*after_pass)(void);
    /* Private. */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t thread;
    bool running, stop, wake;
};

#define TICKER_INIT                                                                                \
    {                                                                                              \
        .mu = PTHREAD_MUTEX_INITIALIZER                                                            \
    }

/* Starts the thread with the settings in t; the first pass runs at once.
 * 0 (also when it already runs), or -1 when the thread could not start. */
int ticker_start(struct ticker *t);
/* Is the thread running (started and not yet stopped)? */
bool ticker_running(struct ticker *t);
/* Asks for a pass now; harmless when the thread is not running. */
void ticker_wake(struct ticker *t);
/* Ends the thread (after the pass that runs, and with last_pass one more)
 * and waits for it. Harmless when it is not running. */
void ticker_stop(struct ticker *t);

#endif
