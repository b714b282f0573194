/*
 * mdlink.c: [text](url) links in category texts, for HTML and plain text.
 */
#include "mdlink.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

/* A link at s[0..n): '[' text ']' '(' url ')', the text without brackets
 * or a line break, the url http(s):// with no space, quote, angle bracket
 * or parenthesis. Returns the link's length (0: none) and its parts. */
static size_t link_at(const char *s, size_t n, const char **text, size_t *tlen, const char **url,
                      size_t *ulen)
{
    if (n < 4 || s[0] != '[')
        return 0;
    size_t i = 1;
    while (i < n && s[i] != ']' && s[i] != '[' && s[i] != '\n')
        i++;
    if (i >= n || s[i] != ']' || i == 1 || i + 1 >= n || s[i + 1] != '(')
        return 0;
    *text = s + 1;
    *tlen = i - 1;
    size_t u = i + 2, k = u;
    while (k < n && s[k] != ')') {
        unsigned char c = (unsigned char)s[k];
        if (c <= 0x20 || c == 0x7f || c == '"' || c == '\'' || c == '<' || c == '>' || c == '(' ||
            c == '`' || c == '\\')
            return 0;
        k++;
    }
    if (k >= n || k == u || k - u > MDLINK_URL_MAX)
        return 0;
    *url = s + u;
    *ulen = k - u;
    bool web = (*ulen > 7 && strncasecmp(*url, "http://", 7) == 0) ||
               (*ulen > 8 && strncasecmp(*url, "https://", 8) == 0);
    return web ? k + 1 : 0;
}

/* Text between links: escaped for HTML or as it is. */
static int put_text(buf *out, const char *s, size_t n, bool html)
{
    return html ? buf_html(out, s, n) : buf_append(out, s, n);
}

/* A link: an escaped <a> for HTML, "text (url)" for plain text. */
static int put_link(buf *out, const char *text, size_t tlen, const char *url, size_t ulen,
                    bool html)
{
    if (!html)
        return buf_append(out, text, tlen) != 0 || buf_append(out, " (", 2) != 0 ||
                       buf_append(out, url, ulen) != 0 || buf_putc(out, ')') != 0
                   ? -1
                   : 0;
    static const char open[] = "<a class=\"utrecht-link utrecht-link--html-a\" href=\"";
    return buf_append(out, open, sizeof open - 1) != 0 || buf_html(out, url, ulen) != 0 ||
                   buf_append(out, "\">", 2) != 0 || buf_html(out, text, tlen) != 0 ||
                   buf_append(out, "</a>", 4) != 0
               ? -1
               : 0;
}

static int render(buf *out, const char *s, size_t n, bool html)
{
    size_t i = 0;
    while (i < n) {
        const char *text, *url;
        size_t tlen, ulen, len = link_at(s + i, n - i, &text, &tlen, &url, &ulen);
        if (len) {
            if (put_link(out, text, tlen, url, ulen, html) != 0)
                return -1;
            i += len;
            continue;
        }
        size_t k = i + 1;
        while (k < n && s[k] != '[')
            k++;
        if (put_text(out, s + i, k - i, html) != 0)
            return -1;
        i = k;
    }
    return 0;
}

int mdlink_html(buf *out, const char *s, size_t n)
{
    return render(out, s, n, true);
}

int mdlink_plain(buf *out, const char *s, size_t n)
{
    return render(out, s, n, false);
}
