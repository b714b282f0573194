/*
 * pagecache.c: a small fixed-size table of rendered pages; see pagecache.h.
 *
 * Open addressing over at most PAGECACHE_SLOTS keys. A slot whose page is
 * stale (older generation or past its minute) is taken over by a new key;
 * slots are never emptied, so linear probing keeps finding every key. A
 * full table of fresh pages simply stops caching new keys (public pages
 * without a query are few: one per wijk and language).
 *
 * Keys with a query ("?" in the key: a filtered list, one wijk's points)
 * can be made up by any client, so they are held apart to a bound: at most
 * PAGECACHE_QUERY_SLOTS slots and PAGECACHE_QUERY_BYTES bytes of bodies
 * together. Past either bound such a page is not stored (it is computed
 * again on the next request), and the pages without a query keep their room.
 */
#include "pagecache.h"

#include "http/static.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PAGECACHE_SLOTS 256
#define PAGECACHE_TTL   60

#define PAGECACHE_QUERY_SLOTS 64
#define PAGECACHE_QUERY_BYTES ((size_t)8 * 1024 * 1024)

struct page_body {
    atomic_size_t refs;
    size_t len;
    unsigned char *data; /* malloc'd, taken over by the body */
};

const unsigned char *page_body_data(const struct page_body *b)
{
    return b->data;
}

void page_body_release(void *p)
{
    struct page_body *b = p;
    if (b && atomic_fetch_sub(&b->refs, 1) == 1) {
        free(b->data);
        free(b);
    }
}

/* A body over data (malloc'd, taken over and freed with the body, also on
 * failure), without a copy: a rendered page of megabytes is not held twice.
 * The buffer keeps no more room than len (a render's buffer grows by
 * doubling, a gzip buffer is made for the worst case). */
static struct page_body *body_adopt(void *data, size_t len)
{
    void *fit = len ? realloc(data, len) : NULL;
    if (fit)
        data = fit;
    struct page_body *b = malloc(sizeof *b);
    if (!b) {
        free(data);
        return NULL;
    }
    atomic_init(&b->refs, 1);
    b->len = len;
    b->data = data;
    return b;
}

static struct page_body *body_hold(struct page_body *b)
{
    if (b)
        atomic_fetch_add(&b->refs, 1);
    return b;
}

struct slot {
    char *key;
    uint64_t generation;
    time_t stored;
    struct cached_page page;
};

static struct slot g_slots[PAGECACHE_SLOTS];
static pthread_rwlock_t g_lock = PTHREAD_RWLOCK_INITIALIZER;
static _Atomic uint64_t g_generation = 1;
/* Under g_lock: slots holding a key with a query, and their bytes. */
static size_t g_query_slots, g_query_bytes;

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
    page_body_release(p->body);
    page_body_release(p->gz);
    memset(p, 0, sizeof *p);
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
            body_hold(out->body);
            body_hold(out->gz);
            rc = 0;
        }
        break;
    }
    pthread_rwlock_unlock(&g_lock);
    return rc;
}

static bool is_query_key(const char *key)
{
    return strchr(key, '?') != NULL;
}

static size_t page_bytes(const struct cached_page *p)
{
    return p->len + p->gz_len;
}

static bool fresh(const struct slot *s, uint64_t generation, time_t now)
{
    return s->generation == generation && now - s->stored < PAGECACHE_TTL;
}

/* The key of a slot whose query page was dropped: matches no request, keeps
 * the probe paths through it, and is taken by the next key that needs it. */
static char g_tomb[] = "";

/* Takes the page out of slot s (its key stays until replaced). */
static void drop_page(struct slot *s)
{
    if (s->key && is_query_key(s->key))
        g_query_bytes -= page_bytes(&s->page);
    free_page(&s->page);
}

/* Under the write lock: every stale page with a query gives its room back. */
static void drop_stale_queries(uint64_t current, time_t now)
{
    for (size_t i = 0; i < PAGECACHE_SLOTS; i++) {
        struct slot *s = &g_slots[i];
        if (!s->key || s->key == g_tomb || !is_query_key(s->key) || fresh(s, current, now))
            continue;
        drop_page(s);
        free(s->key);
        s->key = g_tomb;
        s->generation = 0;
        g_query_slots--;
    }
}

void pagecache_put(const char *key, uint64_t generation, unsigned status, const char *content_type,
                   const void *body, size_t len)
{
    void *copy = malloc(len ? len : 1);
    if (!copy)
        return;
    if (len)
        memcpy(copy, body, len);
    pagecache_put_owned(key, generation, status, content_type, copy, len, NULL);
}

void pagecache_put_owned(const char *key, uint64_t generation, unsigned status,
                         const char *content_type, void *body, size_t len, struct cached_page *out)
{
    struct cached_page p;
    memset(&p, 0, sizeof p);
    if (out)
        memset(out, 0, sizeof *out);
    p.status = status;
    size_t cl = strlen(content_type);
    p.body = body_adopt(body, len);
    p.len = len;
    if (!p.body)
        return;
    if (len > 1024) {
        unsigned char *gz = static_gzip(page_body_data(p.body), len, &p.gz_len);
        p.gz = gz ? body_adopt(gz, p.gz_len) : NULL;
        if (!p.gz)
            p.gz_len = 0;
    }
    if (cl < sizeof p.content_type)
        memcpy(p.content_type, content_type, cl + 1);
    if (out) {
        *out = p;
        body_hold(out->body);
        body_hold(out->gz);
    }
    bool query = is_query_key(key);
    if (cl >= sizeof p.content_type || (query && len > PAGECACHE_QUERY_BYTES)) {
        free_page(&p);
        return;
    }
    time_t now = time(NULL);
    uint64_t current = pagecache_generation();
    pthread_rwlock_wrlock(&g_lock);
    if (query && (g_query_slots >= PAGECACHE_QUERY_SLOTS ||
                  g_query_bytes + page_bytes(&p) > PAGECACHE_QUERY_BYTES))
        drop_stale_queries(current, now);
    size_t h = hash(key);
    struct slot *target = NULL, *stale = NULL;
    for (size_t i = 0; i < PAGECACHE_SLOTS; i++) {
        struct slot *s = &g_slots[(h + i) % PAGECACHE_SLOTS];
        if (!s->key) {
            target = s;
            break;
        }
        if (strcmp(s->key, key) == 0) {
            target = s;
            break;
        }
        if (!stale && !fresh(s, current, now))
            stale = s;
    }
    /* The key's own slot, else a stale one on its probe path (before an
     * empty one, which would cut the path of the keys beyond it). */
    if (stale && (!target || !target->key))
        target = stale;
    if (target) {
        bool was_query = target->key && is_query_key(target->key);
        size_t old_bytes = was_query ? page_bytes(&target->page) : 0;
        size_t slots_after = g_query_slots - (was_query ? 1 : 0) + (query ? 1 : 0);
        size_t bytes_after = g_query_bytes - old_bytes + (query ? page_bytes(&p) : 0);
        if (query && (slots_after > PAGECACHE_QUERY_SLOTS || bytes_after > PAGECACHE_QUERY_BYTES))
            target = NULL;
    }
    if (target && (!target->key || strcmp(target->key, key) != 0)) {
        char *k = strdup(key);
        if (!k) {
            target = NULL;
        } else {
            drop_page(target);
            if (target->key && is_query_key(target->key))
                g_query_slots--;
            if (target->key != g_tomb)
                free(target->key);
            target->key = k;
            if (query)
                g_query_slots++;
        }
    } else if (target) {
        drop_page(target);
    }
    if (target) {
        target->page = p;
        target->generation = generation;
        target->stored = now;
        if (query)
            g_query_bytes += page_bytes(&p);
        p.body = p.gz = NULL;
    }
    pthread_rwlock_unlock(&g_lock);
    free_page(&p);
}

void pagecache_clear(void)
{
    pthread_rwlock_wrlock(&g_lock);
    for (size_t i = 0; i < PAGECACHE_SLOTS; i++) {
        if (g_slots[i].key != g_tomb)
            free(g_slots[i].key);
        g_slots[i].key = NULL;
        free_page(&g_slots[i].page);
    }
    g_query_slots = 0;
    g_query_bytes = 0;
    pthread_rwlock_unlock(&g_lock);
}

size_t pagecache_bytes(void)
{
    size_t n = 0;
    pthread_rwlock_rdlock(&g_lock);
    for (size_t i = 0; i < PAGECACHE_SLOTS; i++)
        n += page_bytes(&g_slots[i].page);
    pthread_rwlock_unlock(&g_lock);
    return n;
}
