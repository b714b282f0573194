/*
 * arena.h: a per-request memory pool.
 *
 * Everything a request needs (parsed fields, strings, rendered pieces) is
 * allocated from one arena and released at once when the request completes,
 * so handlers never free individual allocations (the h2o pool habit).
 */
#ifndef WR_ARENA_H
#define WR_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct arena arena;

/* A new arena whose blocks are at least block_size bytes; NULL on ENOMEM. */
arena *arena_new(size_t block_size);
/* Releases every allocation of the arena and the arena itself. NULL is fine. */
void arena_free(arena *a);
/* Releases every allocation but keeps the first block for reuse. */
void arena_reset(arena *a);

/* Zeroed memory aligned for any type; NULL on ENOMEM or overflow. */
void *arena_alloc(arena *a, size_t n);
void *arena_calloc(arena *a, size_t count, size_t size);
/* A NUL-terminated copy of s[0..len). */
char *arena_strndup(arena *a, const char *s, size_t len);
char *arena_strdup(arena *a, const char *s);
/* printf into the arena; NULL on error. */
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(arena *a, const char *fmt, va_list ap);
/* Bytes handed out so far (for tests and metrics). */
size_t arena_used(const arena *a);

#endif
