/*
 * fuzz_markdown.c: libFuzzer target for markdown_html().
 * Whatever the input, the HTML holds only the elements CommonMark makes of
 * text (no raw HTML, no script, no image), and every href is one a link
 * may keep (markdown_url_ok).
 */
#include <assert.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "lib/markdown.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const allowed[] = {
    "p",  "h1", "h2",   "h3",  "h4",     "h5",         "h6", "ul", "ol", "li",
    "em", "a",  "code", "pre", "strong", "blockquote", "hr", "br", NULL,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 16384)
        return 0;
    buf h;
    buf_init(&h, 1 << 22);
    int rc = markdown_html(&h, (const char *)data, size, 1 + (size % 3));
    assert(rc == 0);
    buf_putc(&h, '\0');
    for (const char *t = h.data ? strchr(h.data, '<') : NULL; t; t = strchr(t + 1, '<')) {
        const char *name = t[1] == '/' ? t + 2 : t + 1;
        size_t l = strspn(name, "abcdefghijklmnopqrstuvwxyz123456");
        bool ok = false;
        for (size_t i = 0; allowed[i]; i++)
            ok |= strlen(allowed[i]) == l && strncmp(allowed[i], name, l) == 0;
        assert(ok && l > 0);
        if (strncmp(t, "<a href=\"", 9) == 0) {
            const char *u = t + 9;
            char url[64];
            size_t ul = strcspn(u, "\"");
            snprintf(url, sizeof url, "%.*s", (int)(ul < 63 ? ul : 63), u);
            assert(ul > 0 && markdown_url_ok(url));
        }
    }
    buf_free(&h);
    return 0;
}
