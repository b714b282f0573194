/*
 * fuzz_cookie.c: libFuzzer target for cookie_parse() and cookie_format_set().
 * The whole input is parsed as a Cookie header. It is also split at its
 * first NUL into a name and a value for cookie_format_set(); whatever that
 * accepts must read back unchanged through cookie_parse() (a round trip),
 * and must never contain a byte that could end or split the header.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/cookie.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_parse(const char *h, size_t len)
{
    arena *a = arena_new(4096);
    if (!a)
        return;
    struct cookie_list l;
    if (cookie_parse(a, h, len, &l) == 0) {
        assert(l.n <= COOKIE_MAX_COUNT);
        for (size_t i = 0; i < l.n; i++) {
            assert(l.items[i].name_len > 0);
            assert(strlen(l.items[i].name) == l.items[i].name_len);
            assert(strlen(l.items[i].value) == l.items[i].value_len);
            assert(l.items[i].name_len + l.items[i].value_len < COOKIE_MAX_HEADER);
            assert(cookie_get(&l, l.items[i].name) != NULL);
            for (const char *p = l.items[i].value; *p; p++)
                assert(*p > 0x20 && *p < 0x7f && *p != ';' && *p != '"');
        }
    }
    arena_free(a);
}

static void check_format(const char *name, const char *value, uint8_t flags)
{
    static const char *paths[] = {NULL, "/", "/beheer", "x"};
    struct cookie_attrs at = {
        .path = paths[flags & 3],
        .max_age = (flags & 4)   ? 3600
                   : (flags & 8) ? COOKIE_DELETE
                                 : 0,
        .http_only = flags & 16,
        .secure = flags & 32,
        .same_site = (enum cookie_same_site)((flags >> 6) % 3),
    };
    buf b;
    buf_init(&b, 8192);
    if (cookie_format_set(&b, name, value, &at) == 0) {
        for (size_t i = 0; i < b.len; i++)
            assert((unsigned char)b.data[i] >= 0x20 && (unsigned char)b.data[i] < 0x7f);
        /* The browser sends back name=value, the text before the first ';'. */
        const char *semi = memchr(b.data, ';', b.len);
        size_t pair = semi ? (size_t)(semi - b.data) : b.len;
        arena *a = arena_new(4096);
        if (a) {
            struct cookie_list l;
            assert(cookie_parse(a, b.data, pair, &l) == 0);
            assert(l.n == 1);
            size_t vl = strlen(value);
            const char *want = value;
            if (vl >= 2 && value[0] == '"') {
                want++;
                vl -= 2;
            }
            assert(strcmp(l.items[0].name, name) == 0);
            assert(l.items[0].value_len == vl && memcmp(l.items[0].value, want, vl) == 0);
            arena_free(a);
        }
    } else {
        assert(b.len == 0);
    }
    buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *h = malloc(size ? size : 1);
    if (!h)
        return 0;
    if (size)
        memcpy(h, data, size);
    check_parse(h, size);
    free(h);

    if (size < 1)
        return 0;
    /* flags byte, then name NUL value */
    uint8_t flags = data[0];
    char *s = malloc(size);
    if (!s)
        return 0;
    memcpy(s, data + 1, size - 1);
    s[size - 1] = '\0';
    const char *name = s;
    size_t nlen = strlen(s);
    const char *value = nlen + 1 < size ? s + nlen + 1 : "";
    check_format(name, value, flags);
    free(s);
    return 0;
}
