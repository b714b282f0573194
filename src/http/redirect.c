/*
 * redirect.c: where a redirect taken from input may lead.
 *
 * Pages send people back to where they came from (the `terug` field of the
 * login form, the language switch, the work list's bulk actions). That
 * target arrives as input, and a browser reads a Location header more
 * loosely than one would think: it drops tabs and newlines anywhere in it,
 * takes a backslash for a slash, and reads "//host" as another site. So a
 * return target is checked here, once, for every page: a local path in the
 * narrowest form that no browser can read as another origin.
 */
#include "http/http.h"

#include <string.h>

bool http_local_path(const char *s)
{
    if (!s || s[0] != '/')
        return false;
    if (s[1] == '/' || s[1] == '\\')
        return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= 0x20 || *p >= 0x7f)
            return false;
    return true;
}

const char *http_return_target(const char *s, const char *fallback)
{
    return http_local_path(s) ? s : fallback;
}

char *http_query_value(arena *a, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(s);
    char *out = arena_alloc(a, 3 * n + 1);
    if (!out)
        return NULL;
    char *o = out;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.' || *p == '~' || *p == '/') {
            *o++ = (char)*p;
        } else {
            *o++ = '%';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
        }
    }
    *o = '\0';
    return out;
}
