/*
 * utf8.c: strict UTF-8 checks; see utf8.h. Written out by hand (no locale,
 * no iconv) so the result never depends on the environment.
 */
#include "lib/utf8.h"

size_t utf8_decode(const char *s, size_t len, /* out: */ uint32_t *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    if (len == 0)
        return 0;
    unsigned c = p[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t n;
    uint32_t v, min;
    /* 0xC0, 0xC1 could only start overlong 2-byte forms; 0xF5.. exceed U+10FFFF. */
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        v = c & 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        v = c & 0x0F;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        v = c & 0x07;
        min = 0x10000;
    } else {
        return 0;
    }
    if (len < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (p[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return n;
}

bool utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t n = utf8_decode(s + i, len - i, &cp);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

size_t utf8_len_chars(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if ((p[i] & 0xC0) != 0x80)
            n++;
    return n;
}

size_t utf8_prefix_chars(const char *s, size_t len, size_t max_chars)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80) {
            /* i starts character number n + 1: cut before it when full. */
            if (n == max_chars)
                return i;
            n++;
        }
    }
    return len;
}

size_t utf8_truncate(const char *s, size_t len, size_t max_bytes)
{
    const unsigned char *p = (const unsigned char *)s;
    if (len <= max_bytes)
        return len;
    /* p[n] is the first byte cut off; back up while it continues a character. */
    size_t n = max_bytes;
    while (n > 0 && (p[n] & 0xC0) == 0x80)
        n--;
    return n;
}

bool utf8_blank(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return false;
    return true;
}
