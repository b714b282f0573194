/*
 * fuzz_mdlink.c: libFuzzer target for mdlink_html() and mdlink_plain().
 * Whatever the input, the HTML holds no raw markup but the links it made
 * (every '<' starts "<a " or "</a>"), every href is http(s), and the plain
 * text is the input with each link one byte shorter ("text (url)").
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "lib/mdlink.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 8192)
        return 0;
    buf h, p;
    buf_init(&h, 1 << 20);
    buf_init(&p, 1 << 20);
    int rh = mdlink_html(&h, (const char *)data, size);
    int rp = mdlink_plain(&p, (const char *)data, size);
    assert(rh == 0 && rp == 0);
    for (size_t i = 0; h.data && i < h.len; i++) {
        if (h.data[i] == '<') {
            const char *t = h.data + i;
            static const char open[] = "<a class=\"utrecht-link utrecht-link--html-a\" href=\"";
            if (strncmp(t, open, sizeof open - 1) == 0) {
                const char *u = t + sizeof open - 1;
                assert(strncasecmp(u, "http://", 7) == 0 || strncasecmp(u, "https://", 8) == 0);
            } else {
                assert(strncmp(t, "</a>", 4) == 0);
            }
        }
    }
    /* plain text: the input, each link of at least 13 bytes one byte shorter */
    assert(p.len * 13 >= size * 12 && p.len <= size);
    buf_free(&h);
    buf_free(&p);
    return 0;
}
