/*
 * pagecache.h: rendered public pages kept in memory.
 *
 * Anonymous visitors of the public pages (home, wijk pages, open data
 * index) all get the same bytes for the same path and language, so the
 * server renders each once and then answers from memory until the data
 * changes (the database generation moves on) or a minute has passed (pages
 * mention today's date). Pages for logged-in staff are never cached.
 *
 * A request with a query (an Open311 list filtered by status, the map's
 * points of one wijk) is cached under its normalised query, within a bound
 * of entries and bytes of its own (pagecache.c), so that made-up queries
 * can neither grow the memory nor push the plain pages out.
 */
#ifndef WR_PAGECACHE_H
#define WR_PAGECACHE_H

#include <stddef.h>
#include <stdint.h>

/* A body kept in the cache: read-only, shared by the cache and every answer
 * still sending it, freed when the last of them lets go. */
struct page_body;
const unsigned char *page_body_data(const struct page_body *b);
/* Lets go of b (NULL: nothing); fits libmicrohttpd's free callback, so an
 * answer sends the cached bytes themselves, without a copy. */
void page_body_release(void *b);

struct cached_page {
    unsigned status;
    char content_type[96];
    struct page_body *body; /* held: pagecache_release lets go */
    size_t len;
    struct page_body *gz; /* gzip of body, or NULL; held too */
    size_t gz_len;
};

/* The current generation; a page rendered under an older one is stale. */
uint64_t pagecache_generation(void);
/* Data changed (a successful POST): every cached page is stale. */
void pagecache_invalidate(void);
/* The page for key (path + language) into out when present and fresh, its
 * bodies held (not copied) until pagecache_release or page_body_release of
 * each; 0 when found. */
int pagecache_get(const char *key, struct cached_page *out);
void pagecache_release(struct cached_page *p);
/* Stores a copy (compressing it once) of a page rendered under generation. */
void pagecache_put(const char *key, uint64_t generation, unsigned status, const char *content_type,
                   const void *body, size_t len);
/* The same for a body in malloc'd memory, which the cache takes over
 * (always; also when it keeps nothing) instead of copying. With out, the
 * page built (body and gzip, held as pagecache_get holds them) also goes to
 * the caller, kept or not: the first answer is sent from the same bytes. */
void pagecache_put_owned(const char *key, uint64_t generation, unsigned status,
                         const char *content_type, void *body, size_t len, struct cached_page *out);
void pagecache_clear(void);
/* The bytes of the bodies the cache holds now (plain and compressed). */
size_t pagecache_bytes(void);

#endif
