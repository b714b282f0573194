/*
 * seed.h: loading the reference data (init) and the demo (init --demo).
 *
 * The reference data of Zoetermeer is compiled into the binary (data/), so
 * `wijkregie init` needs no files beside it. Everything is idempotent:
 * running init twice leaves the same database.
 */
#ifndef WR_SEED_H
#define WR_SEED_H

#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

struct seed_options {
    const char *jurisdiction_id;
    int demo;
    const char *demo_password;
    /* With demo: the date the demo is set on (YYYY-MM-DD); signals are
     * generated from 1 January two years before it up to its start. NULL:
     * none. */
    const char *demo_date;
    uint64_t demo_seed;
    void (*progress)(const char *step); /* may be NULL */
};

/* 0 on success; err holds a message otherwise. Runs in one transaction. */
int seed_run(db *d, const struct seed_options *opt, char *err, size_t errlen);

/* "Buytenwegh de Leyens" -> "buytenwegh-de-leyens" into out. */
void seed_slugify(const char *name, char *out, size_t cap);

#endif
