/*
 * cookie.c: Cookie header parsing and Set-Cookie formatting; see cookie.h.
 * The character classes are those of RFC 6265 section 4.1.1.
 */
#include "http/cookie.h"

#include <string.h>

/* Name plus value a browser keeps at most (RFC 6265 section 6.1 minimum). */
#define COOKIE_MAX_PAIR 4096

static bool is_ows(char c)
{
    return c == ' ' || c == '\t';
}

/* RFC 9110 tchar: what a cookie-name may hold. */
static bool is_tchar(char c)
{
    unsigned char u = (unsigned char)c;
    return u > 0x20 && u < 0x7f && !strchr("\"(),/:;<=>?@[\\]{}", u);
}

/* cookie-octet: %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E. */
static bool is_cookie_octet(char c)
{
    unsigned char u = (unsigned char)c;
    return u >= 0x21 && u <= 0x7e && u != '"' && u != ',' && u != ';' && u != '\\';
}

static bool all_tchar(const char *s, size_t len)
{
    if (len == 0)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!is_tchar(s[i]))
            return false;
    return true;
}

static bool all_cookie_octets(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!is_cookie_octet(s[i]))
            return false;
    return true;
}

/* Strips one pair of surrounding double quotes, as cookie-value allows. */
static void unquote(const char **s, size_t *len)
{
    if (*len >= 2 && (*s)[0] == '"' && (*s)[*len - 1] == '"') {
        (*s)++;
        *len -= 2;
    }
}

int cookie_parse(arena *a, const char *header, size_t len, /* out: */ struct cookie_list *out)
{
    out->items = NULL;
    out->n = 0;
    bool cut = len > COOKIE_MAX_HEADER;
    if (cut)
        len = COOKIE_MAX_HEADER;
    size_t cap = 1;
    for (size_t i = 0; i < len && cap < COOKIE_MAX_COUNT; i++)
        if (header[i] == ';')
            cap++;
    struct cookie *items = arena_calloc(a, cap, sizeof *items);
    if (!items)
        return -1;
    size_t n = 0;
    size_t i = 0;
    while (i < len && n < cap) {
        const char *s = header + i;
        const char *semi = memchr(s, ';', len - i);
        size_t seg_len = semi ? (size_t)(semi - s) : len - i;
        i += seg_len + 1;
        if (!semi && cut)
            break; /* this pair may continue beyond the limit */
        const char *e = s + seg_len;
        while (s < e && is_ows(*s))
            s++;
        while (e > s && is_ows(e[-1]))
            e--;
        const char *eq = memchr(s, '=', (size_t)(e - s));
        if (!eq)
            continue;
        const char *ne = eq, *v = eq + 1;
        while (ne > s && is_ows(ne[-1]))
            ne--;
        while (v < e && is_ows(*v))
            v++;
        size_t name_len = (size_t)(ne - s);
        size_t value_len = (size_t)(e - v);
        unquote(&v, &value_len);
        if (!all_tchar(s, name_len) || !all_cookie_octets(v, value_len))
            continue;
        struct cookie *c = &items[n];
        c->name = arena_strndup(a, s, name_len);
        c->value = arena_strndup(a, v, value_len);
        if (!c->name || !c->value)
            return -1;
        c->name_len = name_len;
        c->value_len = value_len;
        n++;
    }
    out->items = items;
    out->n = n;
    return 0;
}

const char *cookie_get(const struct cookie_list *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i].name, name) == 0)
            return l->items[i].value;
    return NULL;
}

size_t cookie_count(const struct cookie_list *l, const char *name)
{
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i].name, name) == 0)
            n++;
    return n;
}

static bool has_prefix_nocase(const char *s, const char *prefix)
{
    for (; *prefix; s++, prefix++) {
        char c = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
        char p = *prefix >= 'A' && *prefix <= 'Z' ? (char)(*prefix - 'A' + 'a') : *prefix;
        if (c != p)
            return false;
    }
    return true;
}

/* path-value: any CHAR except CTLs or ';'; we also demand a leading '/'. */
static bool path_valid(const char *p)
{
    if (p[0] != '/')
        return false;
    for (; *p; p++) {
        unsigned char u = (unsigned char)*p;
        if (u < 0x20 || u >= 0x7f || u == ';')
            return false;
    }
    return true;
}

int cookie_format_set(buf *out, const char *name, const char *value,
                      const struct cookie_attrs *attrs)
{
    static const struct cookie_attrs none = {0};
    if (!attrs)
        attrs = &none;
    size_t name_len = strlen(name);
    size_t value_len = strlen(value);
    if (!all_tchar(name, name_len) || value_len > COOKIE_MAX_PAIR - name_len)
        return -1;
    const char *v = value;
    size_t v_len = value_len;
    if (v_len && v[0] == '"') {
        if (v_len < 2 || v[v_len - 1] != '"')
            return -1;
        unquote(&v, &v_len);
    }
    if (!all_cookie_octets(v, v_len))
        return -1;
    if (attrs->path && !path_valid(attrs->path))
        return -1;
    /* Browsers drop these prefixed cookies silently unless the rules hold. */
    if (has_prefix_nocase(name, "__secure-") && !attrs->secure)
        return -1;
    if (has_prefix_nocase(name, "__host-") &&
        (!attrs->secure || !attrs->path || strcmp(attrs->path, "/") != 0))
        return -1;

    size_t start = out->len;
    int rc = buf_append(out, name, name_len);
    rc = rc ? rc : buf_putc(out, '=');
    rc = rc ? rc : buf_append(out, value, value_len);
    if (!rc && attrs->path)
        rc = buf_printf(out, "; Path=%s", attrs->path);
    if (!rc && attrs->max_age != 0)
        rc = buf_printf(out, "; Max-Age=%ld", attrs->max_age > 0 ? attrs->max_age : 0L);
    if (!rc && attrs->http_only)
        rc = buf_puts(out, "; HttpOnly");
    if (!rc && attrs->secure)
        rc = buf_puts(out, "; Secure");
    if (!rc && attrs->same_site == COOKIE_SAME_SITE_LAX)
        rc = buf_puts(out, "; SameSite=Lax");
    if (!rc && attrs->same_site == COOKIE_SAME_SITE_STRICT)
        rc = buf_puts(out, "; SameSite=Strict");
    if (rc) {
        /* Leave out as it was: no half-written header value. */
        out->len = start;
        if (out->data)
            out->data[start] = '\0';
        return -1;
    }
    return 0;
}
