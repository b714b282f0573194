/*
 * money.c: reading and writing amounts in euro cents (see money.h).
 */
#include "money.h"

#include "lib/i18n_mark.h"

#include <string.h>

#define INPUT_MAX 64

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* Skips "€", "EUR" or "euro" (any letter case) and the spaces after it. */
static const char *skip_currency(const char *p, const char *end)
{
    static const char euro_sign[] = "\xE2\x82\xAC";
    if (end - p >= 3 && memcmp(p, euro_sign, 3) == 0)
        p += 3;
    else if (end - p >= 4 && (p[0] | 0x20) == 'e' && (p[1] | 0x20) == 'u' && (p[2] | 0x20) == 'r' &&
             (p[3] | 0x20) == 'o')
        p += 4;
    else if (end - p >= 3 && (p[0] | 0x20) == 'e' && (p[1] | 0x20) == 'u' && (p[2] | 0x20) == 'r')
        p += 3;
    while (p < end && is_space(*p))
        p++;
    return p;
}

enum money_result money_parse(const char *s, int64_t *cents)
{
    if (!s)
        return MONEY_EMPTY;
    size_t len = strnlen(s, INPUT_MAX + 1);
    if (len > INPUT_MAX)
        return MONEY_TOO_LARGE;
    const char *p = s, *end = s + len;
    while (p < end && is_space(*p))
        p++;
    while (end > p && is_space(end[-1]))
        end--;
    if (p == end)
        return MONEY_EMPTY;
    /* "750,-" and "750,--": whole euros */
    if (end - p >= 3 && end[-1] == '-' && end[-2] == '-' && end[-3] == ',')
        end -= 3;
    else if (end - p >= 2 && end[-1] == '-' && end[-2] == ',')
        end -= 2;
    if (memchr(p, '-', (size_t)(end - p)))
        return MONEY_NEGATIVE;
    p = skip_currency(p, end);
    if (p == end)
        return MONEY_INVALID;

    /* Where is the decimal separator? A comma always; a single point with
     * one or two digits after it when there is no comma. */
    const char *comma = memchr(p, ',', (size_t)(end - p));
    const char *dec = comma;
    if (!dec) {
        const char *dot = memchr(p, '.', (size_t)(end - p));
        if (dot && !memchr(dot + 1, '.', (size_t)(end - dot - 1)) && end - dot - 1 >= 1 &&
            end - dot - 1 <= 2)
            dec = dot;
    }
    const char *int_end = dec ? dec : end;
    if (int_end == p)
        return MONEY_INVALID; /* ",50": no euros at all */

    /* The euros: digits, optionally in groups of three after a point. */
    int64_t euros = 0;
    int digits_in_group = 0;
    bool grouped = false;
    for (const char *q = p; q < int_end; q++) {
        if (*q >= '0' && *q <= '9') {
            if (euros > MONEY_MAX_CENTS / 100)
                return MONEY_TOO_LARGE;
            euros = euros * 10 + (*q - '0');
            digits_in_group++;
        } else if (*q == '.' || *q == ' ') {
            if (digits_in_group == 0 || (grouped && digits_in_group != 3))
                return MONEY_INVALID;
            grouped = true;
            digits_in_group = 0;
        } else {
            return MONEY_INVALID;
        }
    }
    if (digits_in_group == 0 || (grouped && digits_in_group != 3))
        return MONEY_INVALID;

    int64_t frac = 0;
    if (dec) {
        int n = 0;
        for (const char *q = dec + 1; q < end; q++) {
            if (*q < '0' || *q > '9')
                return MONEY_INVALID;
            n++;
        }
        if (n > 2)
            return MONEY_DECIMALS;
        for (const char *q = dec + 1; q < end; q++)
            frac = frac * 10 + (*q - '0');
        if (n == 1)
            frac *= 10;
    }
    if (euros > (MONEY_MAX_CENTS - frac) / 100)
        return MONEY_TOO_LARGE;
    *cents = euros * 100 + frac;
    return MONEY_OK;
}

const char *money_problem(enum money_result r)
{
    switch (r) {
    case MONEY_OK:
        return NULL;
    case MONEY_EMPTY:
        return N_("Vul een bedrag in.");
    case MONEY_NEGATIVE:
        return N_("Een bedrag kan niet negatief zijn.");
    case MONEY_DECIMALS:
        return N_("Vul een bedrag in met hoogstens twee cijfers achter de komma, zoals 1.250,50.");
    case MONEY_TOO_LARGE:
        return N_("Dit bedrag is te groot.");
    case MONEY_INVALID:
        break;
    }
    return N_("Vul een bedrag in euro in, zoals 750 of 1.250,50.");
}

void money_format(int64_t cents, bool english, char out[MONEY_FMT_MAX])
{
    char digits[24];
    size_t nd = 0;
    bool neg = cents < 0;
    uint64_t v = neg ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
    uint64_t euros = v / 100, frac = v % 100;
    do {
        digits[nd++] = (char)('0' + euros % 10);
        euros /= 10;
    } while (euros && nd < sizeof digits);
    size_t o = 0;
    if (neg)
        out[o++] = '-';
    for (size_t i = nd; i > 0; i--) {
        out[o++] = digits[i - 1];
        if (i > 1 && (i - 1) % 3 == 0)
            out[o++] = english ? ',' : '.';
    }
    out[o++] = english ? '.' : ',';
    out[o++] = (char)('0' + frac / 10);
    out[o++] = (char)('0' + frac % 10);
    out[o] = '\0';
}
