/*
 * iban.h: international bank account numbers as people type them.
 *
 * iban_normalize removes spaces, turns letters into capitals and checks the
 * number: two letters of a country, two check digits, then letters and
 * digits, 15 to 34 characters in all (a Dutch one exactly 18), whose
 * ISO 7064 mod-97 remainder is 1. It does not know whether the account
 * exists; the mod-97 check catches every single typing error and nearly
 * every swap of two characters.
 */
#ifndef WR_IBAN_H
#define WR_IBAN_H

#include <stdbool.h>

#define IBAN_MAX 34

/* true with the compact form ("NL91ABNA0417164300") in out when s is a
 * valid IBAN; false otherwise (out then holds ""). */
bool iban_normalize(const char *s, char out[IBAN_MAX + 1]);

/* The compact form in groups of four for reading ("NL91 ABNA 0417 1643 00"). */
void iban_display(const char *compact, char out[IBAN_MAX + IBAN_MAX / 4 + 2]);

#endif
