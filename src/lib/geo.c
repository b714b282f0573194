/*
 * geo.c: point-in-area lookup with the gap and overlap rules; see geo.h.
 *
 * The index is a flat list of polygons, each with its bounding box and area
 * id, in the order the areas were given. A lookup first scans for a polygon
 * that contains the point (the bounding box rejects almost all of them at
 * the cost of four comparisons), then, if none does, for the nearest one,
 * skipping every polygon whose bounding box is already further away than the
 * best distance so far. A few hundred areas take microseconds; a grid would
 * only pay off for tens of thousands.
 */
#include "geo.h"

#include "arena.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define GEO_PI 3.14159265358979323846
#define DEG    (GEO_PI / 180.0)
/* Tolerance for "on an edge", in degrees: about 0.1 mm. */
#define EDGE_EPS 1e-9

struct ipoly {
    geo_polygon poly; /* rings copied into the index's arena */
    geo_bbox bb;
    int64_t id;
};

struct geo_area_index {
    arena *mem;
    struct ipoly *polys;
    size_t npolys;
    geo_bbox bb;
    double max_snap_m;
};

double geo_distance_m(double lat1, double lon1, double lat2, double lon2)
{
    double dlat = (lat2 - lat1) * DEG;
    double dlon = (lon2 - lon1) * DEG;
    double s1 = sin(dlat / 2), s2 = sin(dlon / 2);
    double a = s1 * s1 + cos(lat1 * DEG) * cos(lat2 * DEG) * s2 * s2;
    if (a > 1)
        a = 1; /* rounding near antipodes */
    return 2 * GEO_EARTH_RADIUS_M * asin(sqrt(a));
}

/* The longitude where the edge (xi,yi)-(xj,yj) crosses latitude y; callers
 * ensure yi != yj. Ray casting and the label scanline share this expression so
 * that both see exactly the same crossings. */
static double cross_x(double xi, double yi, double xj, double yj, double y)
{
    return (xj - xi) * (y - yi) / (yj - yi) + xi;
}

/* 1 when (x,y) lies on the segment a-b within EDGE_EPS. */
static int on_segment(double x, double y, double ax, double ay, double bx, double by)
{
    if (x < fmin(ax, bx) - EDGE_EPS || x > fmax(ax, bx) + EDGE_EPS)
        return 0;
    if (y < fmin(ay, by) - EDGE_EPS || y > fmax(ay, by) + EDGE_EPS)
        return 0;
    double dx = bx - ax, dy = by - ay;
    double cross = dx * (y - ay) - dy * (x - ax);
    /* |cross| / |b-a| is the distance from the point to the line. */
    return fabs(cross) <= EDGE_EPS * hypot(dx, dy);
}

int geo_polygon_contains(const geo_polygon *p, double lat, double lon)
{
    double x = lon, y = lat;
    int inside = 0;
    for (size_t r = 0; r < p->nrings; r++) {
        const double *v = p->rings[r].xy;
        size_t n = p->rings[r].n;
        if (n == 0)
            continue;
        /* Edge j -> i, starting with the closing edge (a no-op when closed). */
        for (size_t i = 0, j = n - 1; i < n; j = i++) {
            double xi = v[2 * i], yi = v[2 * i + 1];
            double xj = v[2 * j], yj = v[2 * j + 1];
            if (on_segment(x, y, xj, yj, xi, yi))
                return 1;
            if ((yi > y) != (yj > y) && x < cross_x(xi, yi, xj, yj, y))
                inside = !inside;
        }
    }
    return inside;
}

static void bbox_add_ring(geo_bbox *bb, const geo_ring *r, int *first)
{
    for (size_t i = 0; i < r->n; i++) {
        double x = r->xy[2 * i], y = r->xy[2 * i + 1];
        if (*first) {
            bb->min_lon = bb->max_lon = x;
            bb->min_lat = bb->max_lat = y;
            *first = 0;
            continue;
        }
        bb->min_lon = fmin(bb->min_lon, x);
        bb->max_lon = fmax(bb->max_lon, x);
        bb->min_lat = fmin(bb->min_lat, y);
        bb->max_lat = fmax(bb->max_lat, y);
    }
}

int geo_multipolygon_bbox(const geo_multipolygon *mp, /* out: */ geo_bbox *bb)
{
    geo_bbox b = {0, 0, 0, 0};
    int first = 1;
    for (size_t p = 0; p < mp->npolys; p++)
        for (size_t r = 0; r < mp->polys[p].nrings; r++)
            bbox_add_ring(&b, &mp->polys[p].rings[r], &first);
    if (first)
        return -1;
    *bb = b;
    return 0;
}

/* Shoelace sums of one ring relative to origin (ox,oy), in degrees: the
 * signed area and the first moments (area times centroid), so that
 * opposite orientations cancel as they should. */
static void ring_moments(const geo_ring *r, double ox, double oy, /* out: */ double *area,
                         /* out: */ double *mx, /* out: */ double *my)
{
    double a = 0, sx = 0, sy = 0;
    for (size_t i = 0, j = r->n ? r->n - 1 : 0; i < r->n; j = i++) {
        double xj = r->xy[2 * j] - ox, yj = r->xy[2 * j + 1] - oy;
        double xi = r->xy[2 * i] - ox, yi = r->xy[2 * i + 1] - oy;
        double c = xj * yi - xi * yj;
        a += c;
        sx += (xj + xi) * c;
        sy += (yj + yi) * c;
    }
    *area = a / 2;
    *mx = sx / 6;
    *my = sy / 6;
}

/* Area (outer minus holes, orientation-free) and moments of one polygon. */
static double polygon_moments(const geo_polygon *p, double ox, double oy, /* out: */ double *mx,
                              /* out: */ double *my)
{
    double area = 0, sx = 0, sy = 0;
    for (size_t r = 0; r < p->nrings; r++) {
        double a, x, y;
        ring_moments(&p->rings[r], ox, oy, &a, &x, &y);
        /* Outer ring counts positive, holes negative, whatever their winding. */
        double w = (r == 0 ? 1.0 : -1.0) * (a < 0 ? -1.0 : 1.0);
        area += w * a;
        sx += w * x;
        sy += w * y;
    }
    *mx = sx;
    *my = sy;
    return area;
}

/* An origin near the geometry keeps the shoelace sums precise. */
static int origin(const geo_multipolygon *mp, /* out: */ double *ox, /* out: */ double *oy)
{
    for (size_t p = 0; p < mp->npolys; p++)
        for (size_t r = 0; r < mp->polys[p].nrings; r++)
            if (mp->polys[p].rings[r].n) {
                *ox = mp->polys[p].rings[r].xy[0];
                *oy = mp->polys[p].rings[r].xy[1];
                return 0;
            }
    return -1;
}

double geo_area_m2(const geo_multipolygon *mp)
{
    double ox, oy;
    geo_bbox bb;
    if (origin(mp, &ox, &oy) || geo_multipolygon_bbox(mp, &bb))
        return 0;
    double area = 0, mx, my;
    for (size_t p = 0; p < mp->npolys; p++)
        area += polygon_moments(&mp->polys[p], ox, oy, &mx, &my);
    double k = GEO_EARTH_RADIUS_M * DEG;
    return fabs(area) * k * k * cos((bb.min_lat + bb.max_lat) / 2 * DEG);
}

int geo_centroid(const geo_multipolygon *mp, /* out: */ double *lat, /* out: */ double *lon)
{
    double ox, oy;
    if (origin(mp, &ox, &oy))
        return -1;
    double area = 0, sx = 0, sy = 0;
    for (size_t p = 0; p < mp->npolys; p++) {
        double mx, my;
        area += polygon_moments(&mp->polys[p], ox, oy, &mx, &my);
        sx += mx;
        sy += my;
    }
    if (!(area > 0))
        return -1;
    /* The centroid is affine-invariant, so degrees are as good as metres. */
    *lon = ox + sx / area;
    *lat = oy + sy / area;
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The widest inside stretch of polygon p along latitude y: its middle in
 * *mid and its width as the return value (0 when there is none). xs has room
 * for one crossing per edge. */
static double widest_stretch(const geo_polygon *p, double y, double *xs, /* out: */ double *mid)
{
    size_t k = 0;
    for (size_t r = 0; r < p->nrings; r++) {
        const double *v = p->rings[r].xy;
        size_t n = p->rings[r].n;
        for (size_t i = 0, j = n ? n - 1 : 0; i < n; j = i++) {
            double xi = v[2 * i], yi = v[2 * i + 1];
            double xj = v[2 * j], yj = v[2 * j + 1];
            if ((yi > y) != (yj > y))
                xs[k++] = cross_x(xi, yi, xj, yj, y);
        }
    }
    qsort(xs, k, sizeof *xs, cmp_double);
    double best = 0;
    /* Even-odd: [xs0,xs1], [xs2,xs3], ... are inside. */
    for (size_t i = 0; i + 1 < k; i += 2) {
        double w = xs[i + 1] - xs[i];
        if (w > best) {
            best = w;
            *mid = xs[i] + w / 2;
        }
    }
    return best;
}

int geo_label_point(const geo_multipolygon *mp, /* out: */ double *lat, /* out: */ double *lon)
{
    double ox, oy;
    if (origin(mp, &ox, &oy))
        return -1;
    const geo_polygon *big = NULL;
    double big_area = 0, bx = 0, by = 0;
    for (size_t p = 0; p < mp->npolys; p++) {
        double mx, my;
        double a = polygon_moments(&mp->polys[p], ox, oy, &mx, &my);
        if (a > big_area) {
            big_area = a;
            big = &mp->polys[p];
            bx = ox + mx / a;
            by = oy + my / a;
        }
    }
    if (!big)
        return -1;
    if (geo_polygon_contains(big, by, bx)) {
        *lat = by;
        *lon = bx;
        return 0;
    }
    /* The centroid fell outside (a C or L shape): scan a few latitudes. */
    size_t edges = 0;
    for (size_t r = 0; r < big->nrings; r++)
        edges += big->rings[r].n;
    double *xs = malloc((edges ? edges : 1) * sizeof *xs);
    if (!xs)
        return -1;
    geo_polygon one_poly = *big;
    geo_multipolygon one = {&one_poly, 1};
    geo_bbox bb;
    geo_multipolygon_bbox(&one, &bb);
    double h = bb.max_lat - bb.min_lat;
    const double ys[] = {by, bb.min_lat + h / 2, bb.min_lat + h / 4, bb.min_lat + 3 * h / 4};
    double best = 0, best_x = 0, best_y = 0;
    for (size_t i = 0; i < sizeof ys / sizeof ys[0]; i++) {
        double mid = 0;
        double w = widest_stretch(big, ys[i], xs, &mid);
        /* Guard against a stretch too narrow to have a middle of its own. */
        if (w > best && geo_polygon_contains(big, ys[i], mid)) {
            best = w;
            best_x = mid;
            best_y = ys[i];
        }
    }
    free(xs);
    if (!(best > 0))
        return -1;
    *lat = best_y;
    *lon = best_x;
    return 0;
}

void geo_index_free(geo_area_index *ix)
{
    if (!ix)
        return;
    arena_free(ix->mem);
    free(ix);
}

static int valid_ring(const geo_ring *r)
{
    if (r->n < 3 || !r->xy)
        return 0;
    for (size_t i = 0; i < r->n; i++) {
        double x = r->xy[2 * i], y = r->xy[2 * i + 1];
        if (!isfinite(x) || !isfinite(y) || fabs(x) > 180 || fabs(y) > 90)
            return 0;
    }
    return 1;
}

geo_status geo_index_new(const geo_area *areas, size_t n, double max_snap_m,
                         /* out: */ geo_area_index **out)
{
    *out = NULL;
    if (!(max_snap_m >= 0) || (n && !areas))
        return GEO_EINVAL;
    size_t npolys = 0;
    for (size_t a = 0; a < n; a++) {
        if (areas[a].id <= 0)
            return GEO_EINVAL;
        const geo_multipolygon *mp = areas[a].geom;
        if (!mp)
            continue;
        if (mp->npolys && !mp->polys)
            return GEO_EINVAL;
        for (size_t p = 0; p < mp->npolys; p++) {
            if (mp->polys[p].nrings == 0 || !mp->polys[p].rings)
                return GEO_EINVAL;
            for (size_t r = 0; r < mp->polys[p].nrings; r++)
                if (!valid_ring(&mp->polys[p].rings[r]))
                    return GEO_EINVAL;
        }
        npolys += mp->npolys;
    }

    geo_area_index *ix = calloc(1, sizeof *ix);
    if (!ix)
        return GEO_ENOMEM;
    ix->max_snap_m = max_snap_m;
    ix->mem = arena_new(64 * 1024);
    if (!ix->mem)
        goto fail;
    ix->polys = arena_calloc(ix->mem, npolys ? npolys : 1, sizeof *ix->polys);
    if (!ix->polys)
        goto fail;
    int first = 1;
    for (size_t a = 0; a < n; a++) {
        const geo_multipolygon *mp = areas[a].geom;
        for (size_t p = 0; mp && p < mp->npolys; p++) {
            const geo_polygon *src = &mp->polys[p];
            struct ipoly *dst = &ix->polys[ix->npolys];
            dst->id = areas[a].id;
            dst->poly.nrings = src->nrings;
            dst->poly.rings = arena_calloc(ix->mem, src->nrings, sizeof *dst->poly.rings);
            if (!dst->poly.rings)
                goto fail;
            int pfirst = 1;
            for (size_t r = 0; r < src->nrings; r++) {
                const geo_ring *sr = &src->rings[r];
                geo_ring *dr = &dst->poly.rings[r];
                /* arena_calloc checks n * 16 bytes for overflow. */
                dr->xy = arena_calloc(ix->mem, sr->n, 2 * sizeof(double));
                if (!dr->xy)
                    goto fail;
                memcpy(dr->xy, sr->xy, sr->n * 2 * sizeof(double));
                dr->n = sr->n;
                bbox_add_ring(&dst->bb, dr, &pfirst);
                bbox_add_ring(&ix->bb, dr, &first);
            }
            ix->npolys++;
        }
    }
    *out = ix;
    return GEO_OK;
fail:
    geo_index_free(ix);
    return GEO_ENOMEM;
}

/* Distance in metres from the point to the nearest edge of p, where kx and ky
 * turn degrees into metres around the point (equirectangular projection). */
static double polygon_distance_m(const geo_polygon *p, double lat, double lon, double kx, double ky)
{
    double best2 = INFINITY;
    for (size_t r = 0; r < p->nrings; r++) {
        const double *v = p->rings[r].xy;
        size_t n = p->rings[r].n;
        double ax = (v[2 * (n - 1)] - lon) * kx, ay = (v[2 * (n - 1) + 1] - lat) * ky;
        for (size_t i = 0; i < n; i++) {
            double bx = (v[2 * i] - lon) * kx, by = (v[2 * i + 1] - lat) * ky;
            /* Closest point of segment a-b to the origin (the query point). */
            double dx = bx - ax, dy = by - ay;
            double len2 = dx * dx + dy * dy;
            double t = len2 > 0 ? -(ax * dx + ay * dy) / len2 : 0;
            t = t < 0 ? 0 : t > 1 ? 1 : t;
            double cx = ax + t * dx, cy = ay + t * dy;
            double d2 = cx * cx + cy * cy;
            if (d2 < best2)
                best2 = d2;
            ax = bx;
            ay = by;
        }
    }
    return sqrt(best2);
}

int64_t geo_locate(const geo_area_index *ix, double lat, double lon, /* out: */ double *distance_m)
{
    double dummy;
    if (!distance_m)
        distance_m = &dummy;
    *distance_m = INFINITY;
    if (!isfinite(lat) || !isfinite(lon) || fabs(lat) > 90 || fabs(lon) > 180)
        return 0;

    for (size_t i = 0; i < ix->npolys; i++) {
        const struct ipoly *p = &ix->polys[i];
        if (lon < p->bb.min_lon - EDGE_EPS || lon > p->bb.max_lon + EDGE_EPS ||
            lat < p->bb.min_lat - EDGE_EPS || lat > p->bb.max_lat + EDGE_EPS)
            continue;
        if (geo_polygon_contains(&p->poly, lat, lon)) {
            *distance_m = 0;
            return p->id;
        }
    }

    double ky = GEO_EARTH_RADIUS_M * DEG;
    double kx = ky * cos(lat * DEG);
    double best = INFINITY;
    int64_t best_id = 0;
    for (size_t i = 0; i < ix->npolys; i++) {
        const struct ipoly *p = &ix->polys[i];
        double dx = lon < p->bb.min_lon   ? p->bb.min_lon - lon
                    : lon > p->bb.max_lon ? lon - p->bb.max_lon
                                          : 0;
        double dy = lat < p->bb.min_lat   ? p->bb.min_lat - lat
                    : lat > p->bb.max_lat ? lat - p->bb.max_lat
                                          : 0;
        /* The box is never further than its polygon: skip what cannot win.
         * Ties keep the earlier polygon, as in the overlap rule. */
        if (hypot(dx * kx, dy * ky) >= best)
            continue;
        double d = polygon_distance_m(&p->poly, lat, lon, kx, ky);
        if (d < best) {
            best = d;
            best_id = p->id;
        }
    }
    *distance_m = best;
    return best <= ix->max_snap_m ? best_id : 0;
}

int geo_index_bbox(const geo_area_index *ix, /* out: */ geo_bbox *bb)
{
    if (ix->npolys == 0)
        return -1;
    *bb = ix->bb;
    return 0;
}

size_t geo_index_polygons(const geo_area_index *ix)
{
    return ix->npolys;
}
