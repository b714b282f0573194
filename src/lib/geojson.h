/*
 * geojson.h: area polygons in and out of GeoJSON (RFC 7946).
 *
 * Areas (wijken, buurten) arrive as a GeoJSON FeatureCollection from CBS or
 * the municipality's GIS team, and leave as GeoJSON in the open data. The
 * reader is strict, because whatever it accepts decides where every signal is
 * routed: it checks every type, every number (finite, lon in [-180,180], lat
 * in [-90,90]), every ring (at least 4 positions and closed: an unclosed ring
 * is an error, not silently closed, as RFC 7946 3.1.6 requires closure and an
 * import should not alter geometry behind the administrator's back), and caps
 * the input size, the number of features and the number of positions. An
 * error names the place, e.g. "features[3].geometry.coordinates[0][7]: ...",
 * with indices counted from 0 as in the file.
 */
#ifndef WR_GEOJSON_H
#define WR_GEOJSON_H

#include "arena.h"
#include "geo.h"

#include <jansson.h>
#include <stddef.h>

#define GEOJSON_MAX_BYTES    ((size_t)256 * 1024 * 1024)
#define GEOJSON_MAX_FEATURES ((size_t)100000)
#define GEOJSON_MAX_POINTS   ((size_t)1000000)
#define GEOJSON_MAX_CODE     64  /* bytes of a feature code */
#define GEOJSON_MAX_NAME     256 /* bytes of a feature name */

typedef enum geojson_status {
    GEOJSON_OK = 0,
    GEOJSON_ESYNTAX,  /* not JSON (jansson's message and position follow) */
    GEOJSON_EINVALID, /* JSON, but not the GeoJSON this reader accepts */
    GEOJSON_ELIMIT,   /* too many bytes, features or positions */
    GEOJSON_ENOMEM,
} geojson_status;

typedef struct geojson_options {
    const char *code_property; /* e.g. "wijkcode"; when NULL or absent: the feature's "id" */
    const char *name_property; /* e.g. "wijknaam"; NULL: names are not read */
    size_t max_bytes;          /* 0: GEOJSON_MAX_BYTES */
    size_t max_features;       /* 0: GEOJSON_MAX_FEATURES */
    size_t max_points;         /* 0: GEOJSON_MAX_POINTS (positions over all features) */
} geojson_options;

typedef struct geojson_feature {
    const char *code;      /* never NULL, non-empty, unique within the collection */
    const char *name;      /* NULL when there is no such property */
    json_t *properties;    /* the feature's properties (an empty object for null);
                              owned by the collection: json_incref to keep it longer */
    geo_multipolygon geom; /* a Polygon is one polygon; rings closed, >= 4 positions */
} geojson_feature;

typedef struct geojson_collection {
    geojson_feature *features;
    size_t n;
    size_t points; /* positions over all features */
    arena *mem;    /* holds everything but the properties */
} geojson_collection;

/* Parses a FeatureCollection of Polygon and MultiPolygon features from
 * text[0..len). opt may be NULL (codes from "id", no names, default caps).
 * Features with another geometry type, or none (null), are an error: every
 * feature is an area. An empty collection is valid (n == 0).
 * On GEOJSON_OK, *out holds the result (free it with geojson_free); on error
 * *out is NULL and err (when errlen > 0) holds a one-line message that never
 * quotes the input's strings. */
geojson_status geojson_parse(const char *text, size_t len, const geojson_options *opt,
                             /* out: */ geojson_collection **out, /* out: */ char *err,
                             size_t errlen);
void geojson_free(geojson_collection *c);

/* Reads one geometry object (Polygon or MultiPolygon) as written by
 * geojson_write_geometry, e.g. back from the database, with the same checks
 * and at most max_points positions (0: GEOJSON_MAX_POINTS). The polygons are
 * allocated from a. */
geojson_status geojson_parse_geometry(const json_t *geometry, arena *a, size_t max_points,
                                      /* out: */ geo_multipolygon *mp, /* out: */ char *err,
                                      size_t errlen);

/* A new GeoJSON geometry for mp: a Polygon when it has one polygon, else a
 * MultiPolygon. Rings are written closed and in the orientation RFC 7946
 * recommends (outer counterclockwise, holes clockwise). NULL when mp has no
 * polygons, a ring has fewer than 3 positions, or memory runs out.
 * Coordinates are json reals: dump with JSON_REAL_PRECISION(10) to write
 * 4.49139 rather than 4.4913900000000002 (10 digits keep 0.01 m). */
json_t *geojson_write_geometry(const geo_multipolygon *mp);

#endif
