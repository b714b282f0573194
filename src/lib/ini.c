/*
 * ini.c: the wijkregie.conf parser; see ini.h for the dialect.
 *
 * One pass over the text, one line at a time, copied into a fixed buffer so
 * that the callback can be handed NUL-terminated strings without allocating.
 */
#include "ini.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((format(printf, 4, 5))) static int fail(struct ini_error *err, int status, int line,
                                                      const char *fmt, ...)
{
    if (err) {
        err->line = line;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return status;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static int is_key_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
}

/* True when s[0..len) is well-formed UTF-8 without NUL bytes. */
static int utf8_line_ok(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        if (c == 0)
            return 0;
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        unsigned long cp;
        if (c >= 0xc2 && c <= 0xdf)
            need = 1, cp = c & 0x1f;
        else if (c >= 0xe0 && c <= 0xef)
            need = 2, cp = c & 0x0f;
        else if (c >= 0xf0 && c <= 0xf4)
            need = 3, cp = c & 0x07;
        else
            return 0;
        if (len - i <= need)
            return 0;
        for (size_t k = 1; k <= need; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return 0;
            cp = cp << 6 | (s[i + k] & 0x3f);
        }
        if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) || cp > 0x10ffff ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return 0;
        i += need + 1;
    }
    return 1;
}

/* Trims blanks at both ends of [*a, *b). */
static void trim(char **a, char **b)
{
    while (*a < *b && is_blank(**a))
        (*a)++;
    while (*b > *a && is_blank((*b)[-1]))
        (*b)--;
}

/*
 * Decodes the quoted value [a, b) (a[0] == '"', blanks trimmed) in place.
 * Returns the decoded length, or -1 with *why set.
 */
static long unquote(char *a, char *b, /* out: */ const char **why)
{
    char *w = a;
    char *p = a + 1;
    for (;;) {
        if (p == b) {
            *why = "missing closing '\"'";
            return -1;
        }
        if (*p == '"')
            break;
        if (*p == '\\') {
            if (p + 1 == b || (p[1] != '"' && p[1] != '\\')) {
                *why = "unknown escape in quoted value (only \\\" and \\\\)";
                return -1;
            }
            p++;
        }
        *w++ = *p++;
    }
    if (p + 1 != b) {
        *why = "text after the closing '\"'";
        return -1;
    }
    return (long)(w - a);
}

int ini_parse(const char *text, size_t len, ini_handler cb, void *ud, struct ini_error *err)
{
    char line[INI_LINE_MAX + 1];
    char section[INI_LINE_MAX + 1] = "";
    if (err) {
        err->line = 0;
        err->cb_result = 0;
        err->msg[0] = '\0';
    }
    if (!text && len)
        return fail(err, INI_ESYNTAX, 0, "no text");
    size_t pos = 0;
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
        pos = 3;
    int lineno = 0;
    while (pos < len) {
        lineno++;
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        size_t n = end - pos;
        if (n > 0 && text[end - 1] == '\r')
            n--;
        if (n > INI_LINE_MAX)
            return fail(err, INI_ESYNTAX, lineno, "line too long (more than %d bytes)",
                        INI_LINE_MAX);
        if (!utf8_line_ok((const unsigned char *)text + pos, n))
            return fail(err, INI_ESYNTAX, lineno, "invalid UTF-8 or NUL byte");
        memcpy(line, text + pos, n);
        line[n] = '\0';
        pos = nl ? end + 1 : len;

        char *a = line, *b = line + n;
        trim(&a, &b);
        if (a == b || *a == '#' || *a == ';')
            continue;

        if (*a == '[') {
            char *close = memchr(a, ']', (size_t)(b - a));
            if (!close)
                return fail(err, INI_ESYNTAX, lineno, "missing ']' after section name");
            if (close + 1 != b)
                return fail(err, INI_ESYNTAX, lineno, "text after ']'");
            char *sa = a + 1, *sb = close;
            trim(&sa, &sb);
            if (sa == sb)
                return fail(err, INI_ESYNTAX, lineno, "empty section name");
            for (char *p = sa; p < sb; p++)
                if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '[')
                    return fail(err, INI_ESYNTAX, lineno, "invalid character in section name");
            memcpy(section, sa, (size_t)(sb - sa));
            section[sb - sa] = '\0';
            continue;
        }

        char *eq = memchr(a, '=', (size_t)(b - a));
        if (!eq)
            return fail(err, INI_ESYNTAX, lineno, "missing '=' (expected key = value)");
        char *ka = a, *kb = eq;
        trim(&ka, &kb);
        if (ka == kb)
            return fail(err, INI_ESYNTAX, lineno, "missing key before '='");
        for (char *p = ka; p < kb; p++)
            if (!is_key_char(*p))
                return fail(err, INI_ESYNTAX, lineno,
                            "invalid character in key (letters, digits, _ - . only)");
        *kb = '\0';
        char *va = eq + 1, *vb = b;
        trim(&va, &vb);
        if (va < vb && *va == '"') {
            const char *why = NULL;
            long vlen = unquote(va, vb, &why);
            if (vlen < 0)
                return fail(err, INI_ESYNTAX, lineno, "%s", why);
            vb = va + vlen;
        }
        for (char *p = va; p < vb; p++)
            if ((unsigned char)*p < 0x20 && *p != '\t')
                return fail(err, INI_ESYNTAX, lineno, "control character in value");
        *vb = '\0';
        if (cb) {
            int rc = cb(ud, section, ka, va, lineno);
            if (rc != 0) {
                if (err)
                    err->cb_result = rc;
                return fail(err, INI_ECALLBACK, lineno,
                            "setting '%.60s' in section '%.40s' refused", ka, section);
            }
        }
    }
    return INI_OK;
}

int ini_parse_file(const char *path, ini_handler cb, void *ud, struct ini_error *err)
{
    if (err) {
        err->line = 0;
        err->cb_result = 0;
        err->msg[0] = '\0';
    }
    FILE *f = fopen(path, "rb");
    if (!f)
        return fail(err, INI_EIO, 0, "%.100s: %s", path, strerror(errno));
    char *data = malloc(INI_FILE_MAX + 1);
    if (!data) {
        fclose(f);
        return fail(err, INI_EIO, 0, "out of memory");
    }
    size_t len = fread(data, 1, INI_FILE_MAX + 1, f);
    int bad = ferror(f);
    fclose(f);
    int rc;
    if (bad)
        rc = fail(err, INI_EIO, 0, "%.100s: read error", path);
    else if (len > INI_FILE_MAX)
        rc = fail(err, INI_EIO, 0, "%.100s: larger than %zu bytes", path, INI_FILE_MAX);
    else
        rc = ini_parse(data, len, cb, ud, err);
    free(data);
    return rc;
}
