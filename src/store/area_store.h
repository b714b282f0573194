/*
 * area_store.h: queries about areas, regions, populations and people in
 * public functions. Every read takes the date it is about ("on"), because
 * areas, region assignments and functions carry validity periods.
 */
#ifndef WR_AREA_STORE_H
#define WR_AREA_STORE_H

#include "lib/arena.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

struct wijk {
    int64_t id;
    const char *code, *name, *slug;
    int year;
    double label_lat, label_lon;
    int64_t inhabitants; /* -1 when unknown */
    const char *population_date;
    int64_t households;
    int64_t region_id; /* 0 when in no region */
    const char *region_slug, *region_name;
    const char *regisseur, *wethouder; /* names or NULL */
    int focus_count;
    const char *geometry; /* GeoJSON text, only when asked */
};

struct buurt {
    int64_t id;
    const char *code, *name;
    double label_lat, label_lon;
};

struct region {
    int64_t id;
    const char *slug, *name;
    const char *regisseur, *wethouder;
};

struct focuspunt {
    int64_t id;
    int number;
    const char *title, *period_start, *period_end, *status;
    int demo;
    const char *area_names; /* comma separated */
};

/* All wijken valid on `on` (YYYY-MM-DD), ordered by code. */
int area_list_wijken(db *d, arena *a, const char *on, int with_geometry,
                     /* out: */ struct wijk **out, size_t *n);
/* One wijk by slug or code; DB_NOTFOUND when absent. */
int area_get_wijk(db *d, arena *a, const char *slug_or_code, const char *on, int with_geometry,
                  /* out: */ struct wijk *w);
int area_list_buurten(db *d, arena *a, int64_t wijk_id, /* out: */ struct buurt **out, size_t *n);
int area_list_regions(db *d, arena *a, const char *on, /* out: */ struct region **out, size_t *n);
int area_region_by_id(db *d, arena *a, int64_t id, const char *on, /* out: */ struct region *r);
/* Focus points touching a wijk (area_id), or all when area_id is 0. */
int area_list_focuspunten(db *d, arena *a, int64_t area_id, /* out: */ struct focuspunt **out,
                          size_t *n);

/* The slug of an area by id, or NULL. */
const char *area_slug_by_id(db *d, arena *a, int64_t id);

/* Moves a wijk to another region from date `from` on (region_id 0: none). */
int area_assign_region(db *d, int64_t area_id, int64_t region_id, const char *from);

#endif
