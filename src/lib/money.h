/*
 * money.h: amounts of money as people type them, in whole euro cents.
 *
 * Money is never a floating-point number in this program: every amount is
 * an int64_t of cents. money_parse reads what a resident or a clerk types
 * in a form ("750", "750,00", "1.250,50", "€ 1.250", "750,-"; a point with
 * one or two digits after it, "12.50", is read as a decimal point) and
 * refuses negative amounts, more than two decimals and amounts above
 * MONEY_MAX_CENTS. money_format writes cents back the Dutch way
 * ("1.250,50") or the English way ("1,250.50").
 */
#ifndef WR_MONEY_H
#define WR_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* EUR 999,999,999.99: far above any budget, far below INT64_MAX. */
#define MONEY_MAX_CENTS INT64_C(99999999999)
/* Longest formatted amount with its NUL: "999.999.999.999,99" and a sign. */
#define MONEY_FMT_MAX 32

enum money_result {
    MONEY_OK = 0,
    MONEY_EMPTY,     /* nothing typed */
    MONEY_NEGATIVE,  /* a minus sign */
    MONEY_DECIMALS,  /* more than two digits after the decimal comma */
    MONEY_TOO_LARGE, /* above MONEY_MAX_CENTS */
    MONEY_INVALID,   /* anything else: letters, misplaced separators */
};

/* Reads s (at most 64 bytes are looked at) into *cents. */
enum money_result money_parse(const char *s, int64_t *cents);

/* The Dutch msgid saying what is wrong (NULL for MONEY_OK). */
const char *money_problem(enum money_result r);

/* cents as "1.250,50" (english: "1,250.50"); negative amounts get '-'. */
void money_format(int64_t cents, bool english, char out[MONEY_FMT_MAX]);

#endif
