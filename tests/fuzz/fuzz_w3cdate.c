/*
 * fuzz_w3cdate.c: the W3C datetime parser (Open311 start_date, end_date,
 * updated_after...) on arbitrary bytes, and the XML writer on the same bytes
 * as text: a parsed time must be in range, and the writer must either refuse
 * or produce a document without a raw '<' or '&' from the input.
 */
#include "lib/w3cdate.h"
#include "lib/xmlw.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *items(const char *list)
{
    return strcmp(list, "values") == 0 ? "value" : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    struct w3c_time t;
    if (w3c_parse(s, &t) == 0) {
        if (t.month < 1 || t.month > 12 || t.day < 1 || t.day > 31 || t.sec_of_day < 0 ||
            t.sec_of_day > 86399)
            abort();
        if (t.has_zone)
            (void)w3c_to_unix(&t);
    }
    json_t *v = json_pack("{s:[s#]}", "values", s, strlen(s));
    if (v) {
        buf b;
        buf_init(&b, 1 << 20);
        if (xmlw_document(&b, "root", v, items) == 0) {
            /* the only '<' are the writer's own tags */
            const char *body = strstr(b.data, "<value>") + 7;
            const char *end = strstr(body, "</value>");
            for (const char *c = body; c < end; c++)
                if (*c == '<' || *c == '>')
                    abort();
        }
        buf_free(&b);
        json_decref(v);
    }
    free(s);
    return 0;
}
