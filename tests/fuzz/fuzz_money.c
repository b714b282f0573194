/*
 * fuzz_money.c: the money parser and the IBAN check on arbitrary bytes. A
 * parsed amount is never negative nor above MONEY_MAX_CENTS, and what
 * money_format writes of it reads back as the same cents (in Dutch); an
 * accepted IBAN is 15 to 34 capitals and digits and is accepted again in
 * its compact and its displayed form.
 */
#include "lib/iban.h"
#include "lib/money.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    int64_t cents = -1;
    if (money_parse(s, &cents) == MONEY_OK) {
        if (cents < 0 || cents > MONEY_MAX_CENTS)
            abort();
        char out[MONEY_FMT_MAX];
        int64_t again = -1;
        money_format(cents, false, out);
        if (money_parse(out, &again) != MONEY_OK || again != cents)
            abort();
    }
    char iban[IBAN_MAX + 1];
    if (iban_normalize(s, iban)) {
        size_t n = strlen(iban);
        if (n < 15 || n > IBAN_MAX)
            abort();
        for (size_t i = 0; i < n; i++)
            if (!((iban[i] >= 'A' && iban[i] <= 'Z') || (iban[i] >= '0' && iban[i] <= '9')))
                abort();
        char shown[IBAN_MAX + IBAN_MAX / 4 + 2], again[IBAN_MAX + 1];
        iban_display(iban, shown);
        if (!iban_normalize(shown, again) || strcmp(again, iban) != 0)
            abort();
    }
    free(s);
    return 0;
}
