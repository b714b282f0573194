/*
 * iban.c: the IBAN mod-97 check (see iban.h).
 */
#include "iban.h"

#include <stddef.h>
#include <string.h>

#define INPUT_MAX 64

bool iban_normalize(const char *s, char out[IBAN_MAX + 1])
{
    size_t n = 0;
    out[0] = '\0';
    if (!s)
        return false;
    for (size_t i = 0; s[i] && i < INPUT_MAX; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t')
            continue;
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) || n >= IBAN_MAX) {
            out[0] = '\0';
            return false;
        }
        out[n++] = c;
    }
    out[n] = '\0';
    bool ok = n >= 15 && out[0] >= 'A' && out[0] <= 'Z' && out[1] >= 'A' && out[1] <= 'Z' &&
              out[2] >= '0' && out[2] <= '9' && out[3] >= '0' && out[3] <= '9' &&
              !(out[0] == 'N' && out[1] == 'L' && n != 18);
    if (s[0] && strnlen(s, INPUT_MAX + 1) > INPUT_MAX)
        ok = false;
    /* mod 97 of the number with the first four characters moved to the end
     * and every letter read as two digits (A = 10 ... Z = 35) */
    unsigned rem = 0;
    for (size_t k = 0; ok && k < n; k++) {
        char c = out[(k + 4) % n];
        if (c >= '0' && c <= '9')
            rem = (rem * 10 + (unsigned)(c - '0')) % 97;
        else
            rem = (rem * 100 + (unsigned)(c - 'A' + 10)) % 97;
    }
    if (!ok || rem != 1) {
        out[0] = '\0';
        return false;
    }
    return true;
}

void iban_display(const char *compact, char out[IBAN_MAX + IBAN_MAX / 4 + 2])
{
    size_t o = 0;
    for (size_t i = 0; compact[i] && i < IBAN_MAX; i++) {
        if (i && i % 4 == 0)
            out[o++] = ' ';
        out[o++] = compact[i];
    }
    out[o] = '\0';
}
