/*
 * geo.h: which area (wijk) a point lies in, and the little geometry around it.
 *
 * Every signal a resident submits carries a position, and the application must
 * know the area it belongs to (routing, the wijk pages, the reports). The CBS
 * polygons we ship were simplified without keeping shared borders exact, so
 * neighbours show gaps and overlaps of tens of metres. The rule is therefore:
 * a point inside polygons (edges included) goes to the first one in index
 * order; a point inside none goes to the nearest polygon, as long as it is
 * within a maximum distance; only a point further away is "outside".
 *
 * Coordinates are WGS84 degrees. Positions are stored lon,lat (the GeoJSON
 * order), but functions take (lat, lon), the order people write them in.
 * Distances use an equirectangular projection around the query point, which
 * is good to well under a metre at city scale; the antimeridian and the poles
 * are not handled (no Dutch municipality needs them).
 */
#ifndef WR_GEO_H
#define WR_GEO_H

#include <stddef.h>
#include <stdint.h>

/* The default for the max_snap_m of geo_index_new: how far outside every
 * polygon a point may lie and still be given the nearest area. */
#define GEO_DEFAULT_MAX_SNAP_M 1000.0

/* Mean earth radius (IUGG), used by every distance of this module. */
#define GEO_EARTH_RADIUS_M 6371008.8

typedef enum geo_status {
    GEO_OK = 0,
    GEO_EINVAL, /* an id <= 0, a ring of fewer than 3 points, a non-finite coordinate */
    GEO_ENOMEM,
} geo_status;

typedef struct geo_bbox {
    double min_lon, min_lat, max_lon, max_lat;
} geo_bbox;

/* A ring of n positions: xy[2*i] is the longitude, xy[2*i+1] the latitude.
 * Rings from the GeoJSON parser are closed (the last position repeats the
 * first); this module works with either. */
typedef struct geo_ring {
    double *xy;
    size_t n;
} geo_ring;

/* rings[0] is the outer ring, the others are holes. */
typedef struct geo_polygon {
    geo_ring *rings;
    size_t nrings;
} geo_polygon;

/* The geometry of one area: one or more polygons (a GeoJSON Polygon is a
 * multipolygon of one). */
typedef struct geo_multipolygon {
    geo_polygon *polys;
    size_t npolys;
} geo_multipolygon;

/* One entry of the list an index is built from. */
typedef struct geo_area {
    int64_t id;                   /* > 0; 0 is reserved for "outside" */
    const geo_multipolygon *geom; /* NULL or empty: the area is left out */
} geo_area;

typedef struct geo_area_index geo_area_index;

/* Great-circle distance in metres between two points (haversine). */
double geo_distance_m(double lat1, double lon1, double lat2, double lon2);

/* 1 when the point lies inside the polygon or on one of its edges (outer ring
 * or hole, within about 0.1 mm), 0 otherwise. Inside is decided by ray
 * casting with the even-odd rule over all rings, so a hole excludes. */
int geo_polygon_contains(const geo_polygon *p, double lat, double lon);

/* The bounding box of every ring of mp. Returns 0, or -1 when mp has no
 * positions (then *bb is untouched). */
int geo_multipolygon_bbox(const geo_multipolygon *mp, /* out: */ geo_bbox *bb);

/* Area in square metres (holes subtracted; orientation does not matter). */
double geo_area_m2(const geo_multipolygon *mp);

/* The area-weighted centroid (holes subtracted). It can lie outside a
 * concave polygon; use geo_label_point to place a label. Returns 0, or -1
 * when the geometry has no area. */
int geo_centroid(const geo_multipolygon *mp, /* out: */ double *lat, /* out: */ double *lon);

/* A point inside the largest polygon of mp, for a label or a map marker: the
 * centroid when it lies inside, else the middle of the widest inside stretch
 * of a horizontal line through the polygon. Returns 0, or -1 when the
 * geometry has no area or memory runs out. */
int geo_label_point(const geo_multipolygon *mp, /* out: */ double *lat, /* out: */ double *lon);

/* Builds an index of n areas. Their geometry is copied: the caller may free
 * its own afterwards. Areas keep their order in the list, which is the order
 * in which overlaps are decided. max_snap_m is the largest distance outside
 * every polygon at which a point still gets the nearest area (use
 * GEO_DEFAULT_MAX_SNAP_M); it must be >= 0. Ids need not be unique (two
 * entries with one id make one area of two geometries).
 * Returns GEO_OK and *out, or an error and *out == NULL. */
geo_status geo_index_new(const geo_area *areas, size_t n, double max_snap_m,
                         /* out: */ geo_area_index **out);
void geo_index_free(geo_area_index *ix);

/* The area of a point: the id of the first polygon (in index order) that
 * contains it, edges included, with *distance_m = 0; else the id of the
 * nearest polygon by distance to its edges when that is <= max_snap_m, with
 * that distance in *distance_m; else 0 ("outside"), with *distance_m the
 * distance to the nearest polygon (INFINITY for an empty index). A position
 * that is not finite or out of range returns 0 with *distance_m = INFINITY.
 * distance_m may be NULL. The index is never written after geo_index_new, so
 * any number of threads may call this at once. */
int64_t geo_locate(const geo_area_index *ix, double lat, double lon, /* out: */ double *distance_m);

/* The bounding box of the whole index, for fitting a map. Returns 0, or -1
 * for an index without polygons. */
int geo_index_bbox(const geo_area_index *ix, /* out: */ geo_bbox *bb);

/* The number of polygons in the index (a MultiPolygon counts its parts). */
size_t geo_index_polygons(const geo_area_index *ix);

#endif
