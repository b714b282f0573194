/*
 * suggest.c: the category suggestion's model and its thread; see suggest.h.
 *
 * The model in use is swapped under a read-write lock: ranking a text takes
 * microseconds under the read lock, a training builds its new model without
 * any lock and holds the write lock only for the swap.
 */
#include "suggest.h"

#include "domain/calendar.h"
#include "lib/log.h"
#include "lib/ticker.h"
#include "store/signal_store.h"

#include <pthread.h>
#include <stdatomic.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

/* Smoothing of word counts: below 1, since most of the features are word
 * pairs that a category seldom repeats. */
#define SUGGEST_ALPHA 0.1

static pthread_rwlock_t g_lock = PTHREAD_RWLOCK_INITIALIZER;
static nb_model *g_model;
/* Set by suggest_stop: a training in progress gives up at its next text, so
 * that the server's stop does not wait for it. */
static atomic_bool g_abort;

struct train_ctx {
    nb_trainer *t;
    int failed;
};

static int add_text(void *vctx, int64_t category_id, const char *text, size_t len)
{
    struct train_ctx *c = vctx;
    if (atomic_load_explicit(&g_abort, memory_order_relaxed) ||
        nb_trainer_add(c->t, category_id, text, len) != 0)
        c->failed = 1;
    return c->failed;
}

/* The model of d's signals into *out (NULL when there are none). 0, or -1
 * on an error. */
static int train(db *d, nb_model **out)
{
    *out = NULL;
    struct train_ctx c = {nb_trainer_new(), 0};
    if (!c.t)
        return -1;
    int rc = -1;
    if (signal_training_texts(d, SUGGEST_TRAINING_LIMIT, add_text, &c) == DB_OK && !c.failed) {
        *out = nb_trainer_texts(c.t) ? nb_trainer_finish(c.t, SUGGEST_MIN_SIGNALS, SUGGEST_ALPHA)
                                     : NULL;
        rc = *out || !nb_trainer_texts(c.t) ? 0 : -1;
    }
    nb_trainer_free(c.t);
    return rc;
}

nb_model *suggest_train(db *d)
{
    nb_model *m;
    return train(d, &m) == 0 ? m : NULL;
}

void suggest_publish(nb_model *m)
{
    pthread_rwlock_wrlock(&g_lock);
    nb_model *old = g_model;
    g_model = m;
    pthread_rwlock_unlock(&g_lock);
    nb_model_free(old);
}

int suggest_retrain(db *d)
{
    nb_model *m;
    if (train(d, &m) != 0)
        return -1;
    if (m)
        log_info("suggest: learned %zu words and word pairs for %zu categories",
                 nb_model_features(m), nb_model_labels(m));
    /* without signals to learn from yet: no suggestions, and no failure */
    suggest_publish(m);
    return 0;
}

size_t suggest_categories(const char *text, size_t len, size_t k, int64_t *ids)
{
    if (k > SUGGEST_MAX)
        k = SUGGEST_MAX;
    pthread_rwlock_rdlock(&g_lock);
    size_t n = g_model ? nb_rank(g_model, text, len, k, ids, NULL) : 0;
    pthread_rwlock_unlock(&g_lock);
    return n;
}

int suggest_due(int64_t last, int64_t now)
{
    if (!last)
        return 1;
    struct cal_local l, n;
    if (cal_from_unix(last, &l) != 0 || cal_from_unix(now, &n) != 0)
        return 0;
    /* past the night hour, and the last training was before it */
    int32_t night = SUGGEST_NIGHT_HOUR * 3600;
    if (n.sec_of_day < night)
        return 0;
    return n.date > l.date || (n.date == l.date && l.sec_of_day < night);
}

static int64_t g_last;

static void suggest_pass(void)
{
    int64_t now = (int64_t)time(NULL);
    if (!suggest_due(g_last, now))
        return;
    /* the training only reads; the requests and the writers come first */
    setpriority(PRIO_PROCESS, (id_t)gettid(), 10);
    db *d = db_thread();
    if (d && suggest_retrain(d) == 0)
        g_last = now;
    else if (!atomic_load(&g_abort))
        log_error("suggest: the training failed; it is tried again later");
}

static struct ticker g_ticker = TICKER_INIT;

int suggest_start(void)
{
    if (ticker_running(&g_ticker))
        return 0;
    atomic_store(&g_abort, false);
    g_ticker.seconds = 3600;
    g_ticker.run = suggest_pass;
    g_ticker.after_pass = db_thread_idle;
    return ticker_start(&g_ticker);
}

void suggest_stop(void)
{
    atomic_store(&g_abort, true);
    ticker_stop(&g_ticker);
    suggest_publish(NULL);
}
