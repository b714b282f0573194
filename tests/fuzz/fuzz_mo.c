/*
 * fuzz_mo.c: libFuzzer target for the .mo reader (src/lib/i18n.c).
 *
 * A .mo file is an untrusted binary; whatever the bytes, i18n_parse_mo must
 * either refuse them with a message or give a catalogue whose lookups stay
 * inside it. Lookups use keys cut from the input itself, so that keys that
 * are in the catalogue are found now and then.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *err = NULL;
    i18n_catalog *c = i18n_parse_mo(data, size, &err);
    if (!c) {
        if (!err || !err[0])
            abort(); /* a refusal must say why */
        free(err);
        return 0;
    }
    if (err)
        abort();
    /* Every NUL-terminated run in the input is tried as a key. */
    const char *p = (const char *)data, *end = p + size;
    while (p < end) {
        const char *nul = memchr(p, '\0', (size_t)(end - p));
        if (!nul)
            break;
        size_t n = (size_t)(nul - p);
        const char *t = i18n_get(c, p);
        volatile size_t sink = strlen(t);
        size_t out_len;
        const char *u = i18n_translate_cb(c, p, n, &out_len);
        if (u != p && (u[out_len] != '\0' || strlen(u) != out_len))
            abort();
        sink += strlen(i18n_nget(c, p, "plural", n));
        sink += strlen(i18n_pget(c, "ctx", p));
        (void)sink;
        p = nul + 1;
    }
    i18n_catalog_free(c);
    return 0;
}
