/*
 * buf.h: a growable byte buffer with a hard maximum (curl's dynbuf).
 *
 * Every place that builds output of unknown length (pages, JSON, CSV, e-mail)
 * uses a buf, so that no input can make the program grow without bound: an
 * append past the maximum fails and leaves the buffer as it was.
 */
#ifndef WR_BUF_H
#define WR_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct buf {
    char *data; /* always NUL-terminated when non-NULL */
    size_t len;
    size_t cap;
    size_t max; /* appends beyond this fail with -1 */
} buf;

#define BUF_DEFAULT_MAX ((size_t)64 * 1024 * 1024)

void buf_init(buf *b, size_t max);
void buf_free(buf *b);
void buf_reset(buf *b); /* len = 0, keeps memory */

/* Each returns 0 on success, -1 when the maximum or memory is exhausted. */
int buf_append(buf *b, const void *data, size_t len);
int buf_puts(buf *b, const char *s);
int buf_putc(buf *b, char c);
int buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(buf *b, const char *fmt, va_list ap);

/* Appends s with the five HTML special characters escaped (& < > " '). */
int buf_html(buf *b, const char *s, size_t len);
/* Appends s percent-encoded for a query value (only A-Z a-z 0-9 - _ kept). */
int buf_url_value(buf *b, const char *s);

/* Hands the memory to the caller (free() it); the buf is emptied. */
char *buf_detach(buf *b, size_t *out_len);

#endif
