/*
 * fts.c: search words as an FTS5 query; see fts.h.
 */
#include "store/fts.h"

#include "lib/utf8.h"

#include <stdbool.h>
#include <string.h>

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

int fts_query_build(arena *a, const char *text, size_t len, const char **out)
{
    *out = NULL;
    if (!text)
        return FTS_QUERY_EMPTY;
    if (memchr(text, '\0', len) || !utf8_valid(text, len))
        return FTS_QUERY_ENCODING;
    if (utf8_len_chars(text, len) > FTS_QUERY_MAX_CHARS)
        return FTS_QUERY_TOO_LONG;
    size_t words = 0, quotes = 0;
    for (size_t i = 0; i < len; i++) {
        if (!is_space(text[i]) && (i == 0 || is_space(text[i - 1])))
            words++;
        quotes += text[i] == '"';
    }
    if (words == 0)
        return FTS_QUERY_EMPTY;
    if (words > FTS_QUERY_MAX_WORDS)
        return FTS_QUERY_TOO_MANY_WORDS;
    /* Every byte once, a doubled quote twice, two quotes, the prefix
     * star and a separator per word: the exact size, so nothing is ever
     * cut off. */
    char *q = arena_alloc(a, len + quotes + 4 * words + 1);
    if (!q)
        return FTS_QUERY_NOMEM;
    char *o = q;
    for (size_t i = 0; i < len;) {
        while (i < len && is_space(text[i]))
            i++;
        if (i == len)
            break;
        if (o != q)
            *o++ = ' ';
        *o++ = '"';
        for (; i < len && !is_space(text[i]); i++) {
            if (text[i] == '"')
                *o++ = '"';
            *o++ = text[i];
        }
        *o++ = '"';
        *o++ = '*';
    }
    *o = '\0';
    *out = q;
    return FTS_QUERY_OK;
}
