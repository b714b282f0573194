/*
 * category.h: the administrator's rules for the category tree and the
 * routing rules: which values a category may have, how a new sub category
 * gets its slug, what a routing rule form must hold, how a broken rule is
 * explained. No HTTP and no SQL here: the web layer reads the form and
 * checks that referenced ids exist, the store keeps the data.
 *
 * Every check returns NULL when the input is fine, else a Dutch msgid for
 * the form (translate it with T()).
 */
#ifndef WR_CATEGORY_H
#define WR_CATEGORY_H

#include <stddef.h>
#include <stdint.h>

#define CATEGORY_NAME_MAX     100  /* characters */
#define CATEGORY_MESSAGE_MAX  2000 /* characters of the public handling message */
#define CATEGORY_DEADLINE_MAX 365  /* days */
#define CATEGORY_SLUG_MAX     80   /* bytes, without the terminating NUL */
#define RULE_POSITION_MAX     9999

/* Checks a category's name and handling message and parses the deadline
 * (whole days, CATEGORY_DEADLINE_MAX at most). */
const char *category_validate(const char *name, const char *handling_message,
                              const char *deadline_text, /* out: */ int *deadline_days);

/* Parses the urgent deadline of a category (whole days, at least 1 and not
 * longer than its ordinary deadline_days): NULL or a msgid. */
const char *category_urgent_parse(const char *text, int deadline_days, /* out: */ int *urgent_days);
/* The first number of days the handling message names ("binnen 5
 * werkdagen", "3 dagen", "10 kalenderdagen") that is not deadline_days, or 0
 * when the message names none or only deadline_days. */
int category_message_days_mismatch(const char *handling_message, int deadline_days);

/* The slug of a name: lower case ASCII letters and digits, accented Latin
 * letters without their accent, anything else one dash, no dash at either
 * end, cut at CATEGORY_SLUG_MAX bytes. Returns 0, or -1 when nothing of
 * the name is left (out is then ""). outlen must be > CATEGORY_SLUG_MAX. */
int category_slug(const char *name, /* out: */ char *out, size_t outlen);

/* A routing rule as typed in the form: every condition empty means "any". */
struct rule_form {
    const char *category; /* category id */
    const char *wijk;     /* area id of a wijk */
    const char *region;   /* region id */
    const char *type;     /* melding, vraag, klacht */
    const char *channel;  /* one of signal_channels */
    const char *target;   /* "wijkregisseur" or "org:<id>" */
    const char *position; /* 1..RULE_POSITION_MAX */
};

/* The parsed rule; ids 0 and strings NULL for "any". */
struct rule_values {
    int64_t category_id, area_id, region_id, target_org_id;
    const char *type, *channel; /* point into the form or static tables */
    const char *target_kind;    /* "organisation" or "wijkregisseur" */
    int position;
};

/* Parses and checks the form (syntax and combinations; whether the ids
 * exist is for the caller to check). */
const char *rule_validate(const struct rule_form *f, /* out: */ struct rule_values *v);
/* Parses a position number (1..RULE_POSITION_MAX); NULL or a msgid. */
const char *rule_position_parse(const char *text, /* out: */ int *position);

/* The Dutch explanation of a broken rule's reason code (from the store's
 * routing_rule.broken_reason); a general one for an unknown code. */
const char *rule_broken_label(const char *reason);

#endif
