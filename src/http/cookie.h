/*
 * cookie.h: the Cookie request header and Set-Cookie response values.
 *
 * Sessions, CSRF tokens and the language choice travel in cookies. Reading is
 * forgiving (RFC 6265 section 5.4 clients send what other sites set, so a
 * malformed pair is skipped, never fatal); writing is strict, so the program
 * can never emit a header a browser would misread or that splits a response.
 */
#ifndef WR_COOKIE_H
#define WR_COOKIE_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/arena.h"
#include "lib/buf.h"

/* At most this many cookies are kept from one header; the rest are ignored. */
#define COOKIE_MAX_COUNT 50
/* Only the first this many bytes of a Cookie header are looked at. */
#define COOKIE_MAX_HEADER 4096

/* name and value are NUL-terminated arena copies; the value without quotes. */
struct cookie {
    const char *name;
    size_t name_len;
    const char *value;
    size_t value_len;
};

struct cookie_list {
    struct cookie *items;
    size_t n;
};

/*
 * Parses a Cookie header value `name=value; name2="value2"` into *out, in
 * header order (duplicates kept; browsers send the most specific path first).
 * A pair is skipped when its name is not an RFC 6265 token, it has no '=', or
 * its value (after removing one pair of surrounding quotes) holds characters
 * outside cookie-octet. Only the first COOKIE_MAX_HEADER bytes count (a pair
 * cut by that limit is dropped) and at most COOKIE_MAX_COUNT pairs are kept.
 * Returns 0, or -1 when the arena is exhausted (then *out is empty).
 */
int cookie_parse(arena *a, const char *header, size_t len, /* out: */ struct cookie_list *out);

/* The value of the first cookie called name, or NULL. */
const char *cookie_get(const struct cookie_list *l, const char *name);

/* Number of cookies called name (more than one may signal cookie tossing). */
size_t cookie_count(const struct cookie_list *l, const char *name);

enum cookie_same_site {
    COOKIE_SAME_SITE_OMIT = 0, /* no attribute: the browser's default (Lax in most) */
    COOKIE_SAME_SITE_LAX,
    COOKIE_SAME_SITE_STRICT,
};

/* Marks a cookie for deletion: written as Max-Age=0. */
#define COOKIE_DELETE (-1L)

struct cookie_attrs {
    const char *path; /* NULL: omitted; otherwise starts with '/', no CTL or ';' */
    long max_age;     /* > 0: Max-Age in seconds; 0: omitted (session cookie); < 0: Max-Age=0 */
    bool http_only;
    bool secure;
    enum cookie_same_site same_site;
};

/*
 * Appends a Set-Cookie header value (without "Set-Cookie: ") to out:
 * `name=value; Path=/; Max-Age=3600; HttpOnly; Secure; SameSite=Lax`.
 * attrs may be NULL (no attributes). Returns -1 and leaves out unchanged when
 * the name is not a token, the value is not *cookie-octet (optionally inside
 * one pair of double quotes), the path is invalid, name and value together
 * exceed 4096 bytes, a "__Secure-" or "__Host-" prefixed name lacks what the
 * prefix demands (Secure; for __Host- also Path=/), or out is full.
 */
int cookie_format_set(buf *out, const char *name, const char *value,
                      const struct cookie_attrs *attrs);

#endif
