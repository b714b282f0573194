/*
 * guard.c: per-address connection counts and request deadlines; see guard.h.
 *
 * Every guarded connection is in one list, and every address with open
 * connections has a count in a small hash table, both under one mutex. The
 * phase fields are atomics: workers write them without the lock, the
 * watchdog reads them. The watchdog shuts a socket down only under the
 * mutex and only while the connection's record is in the list; the record
 * leaves the list (guard_close, from libmicrohttpd's close notification)
 * before libmicrohttpd closes the socket, so a descriptor number reused by a
 * newer connection is never touched.
 */
#include "http/guard.h"

#include "http/metrics.h"

#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum phase { PHASE_HEAD, PHASE_BODY, PHASE_BUSY };

/* The number of open connections of one address. */
struct addr_count {
    struct addr_count *next;
    unsigned char key[17]; /* family, then 4 or 16 bytes */
    unsigned n;
};

struct guard_conn {
    struct guard_conn *prev, *next;
    struct addr_count *addr;
    int fd;
    bool shut; /* the watchdog shut it down (under the mutex) */
    _Atomic int phase;
    _Atomic long long since_ms;
    _Atomic unsigned long long bytes;
};

#define NBUCKETS 1024
#define TICK_MS  250

static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_cond;
static struct addr_count *g_buckets[NBUCKETS];
static struct guard_conn *g_conns;
static unsigned g_nconns; /* in g_conns */
static struct guard_limits g_lim = {.connections = 1000,
                                    .per_client = 100,
                                    .head_ms = 20000,
                                    .body_ms = 20000,
                                    .body_min_rate = 500};
static pthread_t g_thread;
static bool g_running, g_stop;

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* The address as a key: IPv4-mapped IPv6 counts as the IPv4 address, so a
 * dual-stack socket does not give one client two counts. */
static bool make_key(const struct sockaddr *sa, unsigned char key[17])
{
    memset(key, 0, 17);
    if (!sa)
        return false;
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)sa;
        key[0] = 4;
        memcpy(key + 1, &in->sin_addr, 4);
        return true;
    }
    if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)(const void *)sa;
        if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr)) {
            key[0] = 4;
            memcpy(key + 1, in6->sin6_addr.s6_addr + 12, 4);
        } else {
            key[0] = 6;
            memcpy(key + 1, in6->sin6_addr.s6_addr, 16);
        }
        return true;
    }
    return false;
}

static size_t bucket_of(const unsigned char key[17])
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < 17; i++)
        h = (h ^ key[i]) * 16777619u;
    return h % NBUCKETS;
}

/* Under g_mu: the count of key, created at 0 when absent (NULL: no memory). */
static struct addr_count *count_of(const unsigned char key[17])
{
    struct addr_count **b = &g_buckets[bucket_of(key)];
    for (struct addr_count *c = *b; c; c = c->next)
        if (memcmp(c->key, key, 17) == 0)
            return c;
    struct addr_count *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    memcpy(c->key, key, 17);
    c->next = *b;
    *b = c;
    return c;
}

/* Under g_mu: one connection of c fewer; the count goes at 0. */
static void count_release(struct addr_count *c)
{
    if (!c || --c->n)
        return;
    for (struct addr_count **p = &g_buckets[bucket_of(c->key)]; *p; p = &(*p)->next)
        if (*p == c) {
            *p = c->next;
            free(c);
            return;
        }
}

int guard_open(int fd, const struct sockaddr *sa, bool exempt, struct guard_conn **out)
{
    *out = NULL;
    unsigned char key[17];
    if (exempt || !make_key(sa, key))
        return 0;
    struct guard_conn *g = calloc(1, sizeof *g);
    pthread_mutex_lock(&g_mu);
    struct addr_count *c = g ? count_of(key) : NULL;
    if (!c || c->n >= g_lim.per_client) {
        pthread_mutex_unlock(&g_mu);
        free(g);
        /* Over the limit (or out of memory): the socket ends here;
         * libmicrohttpd sees it closed and cleans up. */
        shutdown(fd, SHUT_RDWR);
        metrics_closed(METRICS_CLOSE_PER_CLIENT);
        return -1;
    }
    c->n++;
    g->addr = c;
    g->fd = fd;
    atomic_store(&g->since_ms, now_ms());
    atomic_store(&g->phase, PHASE_HEAD);
    g->next = g_conns;
    if (g_conns)
        g_conns->prev = g;
    g_conns = g;
    g_nconns++;
    pthread_mutex_unlock(&g_mu);
    *out = g;
    return 0;
}

void guard_close(struct guard_conn *g)
{
    if (!g)
        return;
    pthread_mutex_lock(&g_mu);
    if (g->prev)
        g->prev->next = g->next;
    else
        g_conns = g->next;
    if (g->next)
        g->next->prev = g->prev;
    count_release(g->addr);
    g_nconns--;
    pthread_mutex_unlock(&g_mu);
    free(g);
}

static void set_phase(struct guard_conn *g, enum phase p)
{
    if (!g)
        return;
    atomic_store(&g->since_ms, now_ms());
    atomic_store(&g->bytes, 0);
    atomic_store(&g->phase, p);
}

void guard_wait_head(struct guard_conn *g)
{
    set_phase(g, PHASE_HEAD);
}

void guard_body(struct guard_conn *g)
{
    set_phase(g, PHASE_BODY);
}

void guard_busy(struct guard_conn *g)
{
    if (g)
        atomic_store(&g->phase, PHASE_BUSY);
}

void guard_body_bytes(struct guard_conn *g, size_t n)
{
    if (g)
        atomic_fetch_add(&g->bytes, n);
}

/* Under g_mu: shuts down every connection past its deadline. */
static void sweep(long long now)
{
    long long head_ms = g_lim.head_ms;
    if ((unsigned long long)g_nconns * 4 >= (unsigned long long)g_lim.connections * 3 &&
        head_ms > GUARD_PRESSURE_HEAD_MS)
        head_ms = GUARD_PRESSURE_HEAD_MS;
    for (struct guard_conn *g = g_conns; g; g = g->next) {
        if (g->shut)
            continue;
        int phase = atomic_load(&g->phase);
        long long waited = now - atomic_load(&g->since_ms);
        enum metrics_close why;
        if (phase == PHASE_HEAD && waited > head_ms) {
            why = METRICS_CLOSE_HEAD;
        } else if (phase == PHASE_BODY &&
                   waited > (long long)g_lim.body_ms +
                                (long long)(atomic_load(&g->bytes) * 1000 / g_lim.body_min_rate)) {
            why = METRICS_CLOSE_BODY;
        } else {
            continue;
        }
        shutdown(g->fd, SHUT_RDWR);
        g->shut = true;
        metrics_closed(why);
    }
}

static void *watchdog(void *unused)
{
    (void)unused;
    pthread_mutex_lock(&g_mu);
    while (!g_stop) {
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_nsec += TICK_MS * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        int rc = pthread_cond_timedwait(&g_cond, &g_mu, &until);
        if (rc != 0 && rc != ETIMEDOUT)
            break;
        sweep(now_ms());
    }
    pthread_mutex_unlock(&g_mu);
    return NULL;
}

int guard_start(const struct guard_limits *lim)
{
    g_lim = *lim;
    if (!g_lim.body_min_rate)
        g_lim.body_min_rate = 1;
    if (!g_lim.per_client)
        g_lim.per_client = 1;
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    int rc = pthread_cond_init(&g_cond, &ca);
    pthread_condattr_destroy(&ca);
    if (rc != 0)
        return -1;
    g_stop = false;
    if (pthread_create(&g_thread, NULL, watchdog, NULL) != 0) {
        pthread_cond_destroy(&g_cond);
        return -1;
    }
    g_running = true;
    return 0;
}

void guard_stop(void)
{
    if (!g_running)
        return;
    pthread_mutex_lock(&g_mu);
    g_stop = true;
    pthread_cond_signal(&g_cond);
    pthread_mutex_unlock(&g_mu);
    pthread_join(g_thread, NULL);
    pthread_cond_destroy(&g_cond);
    g_running = false;
}
