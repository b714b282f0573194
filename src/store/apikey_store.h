/*
 * apikey_store.h: Open311 API keys (hashed) in the database.
 */
#ifndef WR_APIKEY_STORE_H
#define WR_APIKEY_STORE_H

#include "lib/arena.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

struct api_key {
    int64_t id;
    const char *name, *created_at, *revoked_at;
    int rate_per_min;
};

int apikey_insert(db *d, const char *name, const unsigned char hash[32], int rate_per_min,
                  /* out: */ int64_t *id);
int apikey_list(db *d, arena *a, /* out: */ struct api_key **out, size_t *n);
int apikey_revoke(db *d, const char *name);
/* The active key with this hash; DB_NOTFOUND when none or revoked. */
int apikey_find(db *d, arena *a, const unsigned char hash[32], /* out: */ struct api_key *k);

#endif
