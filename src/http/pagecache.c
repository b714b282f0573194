/*
 * pagecache.c: a small fixed-size table of rendered pages; see pagecache.h.
 *
 * Open addressing over at most PAGECACHE_SLOTS keys; a full table simply
 * stops caching new keys (public pages are few: one per wijk and language).
 */
#include "pagecache.h"

#include "http/static.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PAGECACHE_SLOTS 256
#define PAGECACHE_TTL   60

struct slot {
    char *key;
    uint64_t generation;
    time_t stored;
    struct cached_page page;
};

static struct slot g_slots[PAGECACHE_SLOTS];
static pthread_rwlock_t g_lock = PTHREAD_RWLOCK_INITIALIZER;
static _Atomic uint64_t g_generation = 1;

uint64_t pagecache_generation(void)
{
    return atomic_load(&g_generation);
}

void pagecache_invalidate(void)
{
    atomic_fetch_add(&g_generation, 1);
}

static size_t hash(const char *s)
{
    size_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static void free_page(struct cached_page *p)
{
    free(p->body);
    free(p->gz);
    memset(p, 0, sizeof *p);
}

static unsigned char *dup_bytes(const void *p, size_t n)
{
    unsigned char *c = malloc(n ? n : 1);
    if (c && n)
        memcpy(c, p, n);
    return c;
}

void pagecache_release(struct cached_page *p)
{
    free_page(p);
}

int pagecache_get(const char *key, struct cached_page *out)
{
    int rc = -1;
    uint64_t generation = pagecache_generation();
    time_t now = time(NULL);
    pthread_rwlock_rdlock(&g_lock);
    size_t h = hash(key);
    for (size_t i = 0; i < PAGECACHE_SLOTS; i++) {
        struct slot *s = &g_slots[(h + i) % PAGECACHE_SLOTS];
        if (!s->key)
            break;
        if (strcmp(s->key, key) != 0)
            continue;
        if (s->generation == generation && now - s->stored < PAGECACHE_TTL) {
            *out = s->page;
            out->body = dup_bytes(s->page.body, s->page.len);
            out->gz = s->page.gz ? dup_bytes(s->page.gz, s->page.gz_len) : NULL;
            rc = (out->body && (!s->page.gz || out->gz)) ? 0 : -1;
            if (rc != 0)
                free_page(out);
        }
        break;
    }
    pthread_rwlock_unlock(&g_lock);
    return rc;
}

void pagecache_put(const char *key, uint64_t generation, unsigned status, const char *content_type,
                   const void *body, size_t len)
{
    struct cached_page p;
    memset(&p, 0, sizeof p);
    p.status = status;
    size_t cl = strlen(content_type);
    if (cl >= sizeof p.content_type)
        return;
    memcpy(p.content_type, content_type, cl + 1);
    p.body = dup_bytes(body, len);
    p.len = len;
    if (!p.body)
        return;
    if (len > 1024)
        p.gz = static_gzip(body, len, &p.gz_len);
    pthread_rwlock_wrlock(&g_lock);
    size_t h = hash(key);
    for (size_t i = 0; i < PAGECACHE_SLOTS; i++) {
        struct slot *s = &g_slots[(h + i) % PAGECACHE_SLOTS];
        if (s->key && strcmp(s->key, key) != 0)
            continue;
        if (!s->key) {
            s->key = strdup(key);
            if (!s->key)
                break;
        } else {
            free_page(&s->page);
        }
        s->page = p;
        s->generation = generation;
        s->stored = time(NULL);
        p.body = p.gz = NULL;
        break;
    }
    pthread_rwlock_unlock(&g_lock);
    free_page(&p);
}

void pagecache_clear(void)
{
    pthread_rwlock_wrlock(&g_lock);
    for (size_t i = 0; i < PAGECACHE_SLOTS; i++) {
        free(g_slots[i].key);
        g_slots[i].key = NULL;
        free_page(&g_slots[i].page);
    }
    pthread_rwlock_unlock(&g_lock);
}
