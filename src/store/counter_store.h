/*
 * counter_store.h: counter locations (wijkposten, the Gemeentelijk
 * Informatiepunt), the organisations in their buildings, and the contacts
 * registered at them (migrations/0025_counter.sql). The rules are in
 * domain/counter.c.
 */
#ifndef WR_COUNTER_STORE_H
#define WR_COUNTER_STORE_H

#include "lib/arena.h"
#include "store/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct counter_location_row {
    int64_t id;
    const char *name, *address, *kind;
    int64_t area_id;
    const char *wijk_name, *wijk_slug;
    int64_t region_id; /* the wijk's region today; 0: none */
    bool active;
    const char *hours[7]; /* Monday .. Sunday; "" closed */
};

/* Every location (active_only: the active ones), by name; area_id non-zero:
 * only the locations in that wijk. */
int counter_location_list(db *d, arena *a, int64_t area_id, bool active_only,
                          /* out: */ struct counter_location_row **out, size_t *n);
int counter_location_get(db *d, arena *a, int64_t id, /* out: */ struct counter_location_row *l);
/* Insert (l->id 0) or update; DB_CONSTRAINT when the name is taken. */
int counter_location_save(db *d, const struct counter_location_row *l, int64_t user_id, int64_t now,
                          /* out: */ int64_t *id);
/* The location with this name, 0 when absent. */
int64_t counter_location_id_by_name(db *d, const char *name);

/* An organisation of the register as the counter sees it. */
struct counter_org_row {
    int64_t id;
    const char *kind, *name, *description, *email;
    bool uses_wijkregie;
    bool in_building; /* in the building of the location asked about */
};

/* The organisations in the building of a location. */
int counter_building_orgs(db *d, arena *a, int64_t location_id,
                          /* out: */ struct counter_org_row **out, size_t *n);
/* Departments and partners (not the care network), those in the building of
 * location_id first, then by kind and name. */
int counter_referral_orgs(db *d, arena *a, int64_t location_id,
                          /* out: */ struct counter_org_row **out, size_t *n);
int counter_org_get(db *d, arena *a, int64_t org_id, int64_t location_id,
                    /* out: */ struct counter_org_row *o);
/* Replaces the organisations in a location's building. */
int counter_building_set(db *d, int64_t location_id, const int64_t *org_ids, size_t n);
/* Adds one organisation to a building (idempotent). */
int counter_building_add(db *d, int64_t location_id, int64_t org_id);
/* Sets what an organisation helps with, its address and whether it works in
 * this program. */
int org_register_set(db *d, int64_t org_id, const char *description, const char *email,
                     bool uses_wijkregie);

struct counter_contact_row {
    int64_t id;
    int64_t location_id;
    int64_t user_id;
    int64_t created_at;
    const char *local_date, *iso_week, *channel, *type, *product, *referral;
    int64_t referral_org_id;
    bool same_building, warm_handoff, with_signal;
};

int counter_contact_insert(db *d, const struct counter_contact_row *c, /* out: */ int64_t *id);
/* The newest contact registered by a user; DB_NOTFOUND when none. */
int counter_contact_last(db *d, arena *a, int64_t user_id,
                         /* out: */ struct counter_contact_row *c);
int counter_contact_delete(db *d, int64_t id);
/* The contacts at a location on one local date; -1 on a store error. */
int64_t counter_contacts_on(db *d, int64_t location_id, const char *local_date);

/* Contacts per location, ISO week and type made between two local dates
 * ("YYYY-MM-DD", both included). */
struct counter_count_row {
    int64_t location_id;
    const char *location, *iso_week, *type;
    int64_t count;
};
int counter_counts(db *d, arena *a, const char *from_date, const char *to_date,
                   /* out: */ struct counter_count_row **out, size_t *n);
/* Referrals per location between two local dates: all, and those to an
 * organisation in the same building. */
struct counter_referral_row {
    int64_t location_id;
    const char *location;
    int64_t referrals, same_building;
};
int counter_referrals(db *d, arena *a, const char *from_date, const char *to_date,
                      /* out: */ struct counter_referral_row **out, size_t *n);

#endif
