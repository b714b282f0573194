/*
 * xmlw.c: JSON value to XML document; see xmlw.h.
 */
#include "xmlw.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#define XMLW_MAX_DEPTH 16

int xmlw_name_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > 64 || strncasecmp(s, "xml", 3) == 0)
        return 0;
    if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_'))
        return 0;
    for (size_t i = 1; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.'))
            return 0;
    }
    return 1;
}

/* Length of the UTF-8 sequence at s (1..4) when it is valid and a character
 * XML 1.0 allows, else 0. */
static size_t xml_char(const unsigned char *s, size_t left)
{
    uint32_t cp;
    size_t len;
    if (s[0] < 0x80) {
        cp = s[0];
        len = 1;
    } else if ((s[0] & 0xe0) == 0xc0) {
        cp = s[0] & 0x1f;
        len = 2;
    } else if ((s[0] & 0xf0) == 0xe0) {
        cp = s[0] & 0x0f;
        len = 3;
    } else if ((s[0] & 0xf8) == 0xf0) {
        cp = s[0] & 0x07;
        len = 4;
    } else {
        return 0;
    }
    if (len > left)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min[len])
        return 0;
    if (cp == 0x9 || cp == 0xa || cp == 0xd || (cp >= 0x20 && cp <= 0xd7ff) ||
        (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff))
        return len;
    return 0;
}

int xmlw_text(buf *b, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0;) {
        size_t k = xml_char(u + i, n - i);
        if (k == 0) {
            rc = buf_puts(b, "\xef\xbf\xbd"); /* U+FFFD */
            i++;
            continue;
        }
        switch (u[i]) {
        case '&':
            rc = buf_puts(b, "&amp;");
            break;
        case '<':
            rc = buf_puts(b, "&lt;");
            break;
        case '>':
            rc = buf_puts(b, "&gt;");
            break;
        case '"':
            rc = buf_puts(b, "&quot;");
            break;
        case '\'':
            rc = buf_puts(b, "&apos;");
            break;
        case '\r':
            rc = buf_puts(b, "&#13;");
            break;
        default:
            rc = buf_append(b, s + i, k);
            break;
        }
        i += k;
    }
    return rc;
}

static int element(buf *b, const char *name, const json_t *v, xmlw_item_name item, int depth);

/* The items of array v, each as an element named item(list). */
static int items(buf *b, const char *list, const json_t *v, xmlw_item_name item, int depth)
{
    const char *iname = item ? item(list) : NULL;
    if (!iname)
        return -1;
    size_t i;
    const json_t *x;
    json_array_foreach(v, i, x)
    {
        if (element(b, iname, x, item, depth + 1) != 0)
            return -1;
    }
    return 0;
}

static int element(buf *b, const char *name, const json_t *v, xmlw_item_name item, int depth)
{
    if (depth > XMLW_MAX_DEPTH || !xmlw_name_ok(name))
        return -1;
    if (!v || json_is_null(v))
        return buf_printf(b, "<%s/>", name) == 0 ? 0 : -1;
    if (buf_printf(b, "<%s>", name) != 0)
        return -1;
    int rc = 0;
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        const char *k;
        const json_t *x;
        json_object_foreach((json_t *)v, k, x)
        {
            if ((rc = element(b, k, x, item, depth + 1)) != 0)
                break;
        }
        break;
    }
    case JSON_ARRAY:
        rc = items(b, name, v, item, depth);
        break;
    case JSON_STRING:
        rc = xmlw_text(b, json_string_value(v), json_string_length(v));
        break;
    case JSON_INTEGER:
        rc = buf_printf(b, "%lld", (long long)json_integer_value(v));
        break;
    case JSON_REAL:
        rc = buf_printf(b, "%.10g", json_real_value(v));
        break;
    case JSON_TRUE:
        rc = buf_puts(b, "true");
        break;
    case JSON_FALSE:
        rc = buf_puts(b, "false");
        break;
    default:
        rc = -1;
        break;
    }
    if (rc != 0 || buf_printf(b, "</%s>", name) != 0)
        return -1;
    return 0;
}

int xmlw_document(buf *out, const char *root, const json_t *v, xmlw_item_name item_name)
{
    if (buf_puts(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n") != 0)
        return -1;
    if (element(out, root, v, item_name, 0) != 0)
        return -1;
    return buf_putc(out, '\n') == 0 ? 0 : -1;
}
