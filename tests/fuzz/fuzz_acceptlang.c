/*
 * fuzz_acceptlang.c: libFuzzer target for i18n_negotiate (src/lib/i18n.c).
 *
 * The Accept-Language header comes from any client. The answer must always
 * be one of the supported tags or the fallback, whatever the bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* An exact-size copy so that ASan catches any read past the string. */
    char *h = malloc(size + 1);
    if (!h)
        return 0;
    memcpy(h, data, size);
    h[size] = '\0';
    static const char *const supported[] = {"nl", "en", "en-GB", "fy"};
    static const char fallback[] = "nl";
    for (size_t n = 0; n <= 4; n++) {
        const char *r = i18n_negotiate(h, supported, n, fallback);
        int ok = r == fallback;
        for (size_t i = 0; i < n; i++)
            ok |= r == supported[i];
        if (!ok)
            abort();
    }
    const char *r = i18n_negotiate(h, i18n_lang_codes, I18N_NLANGS, NULL);
    if (r && r != i18n_lang_codes[0] && r != i18n_lang_codes[1])
        abort();
    free(h);
    return 0;
}
