/*
 * test_geo.c: the area lookup and the GeoJSON reader, against the real
 * Zoetermeer wijken.
 *
 * The shipped polygons have gaps and overlaps along shared borders, so the
 * rules that decide those points (nearest polygon within 1 km, then first in
 * index order) are tested on points found in the data itself, with distances
 * checked against an independent computation (densely sampled edges and the
 * haversine formula).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "lib/geo.h"
#include "lib/geojson.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define WIJKEN  "data/zoetermeer/wijken-2022.geojson"
#define BUURTEN "data/zoetermeer/buurten-2014.csv"
#define DEG     (3.14159265358979323846 / 180.0)

/* The real data, loaded once for the whole group: area id = feature index + 1. */
static geojson_collection *wijken;
static geo_area_index *index_fwd;

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *s = malloc(cap + 1);
    size_t got;
    while (s && (got = fread(s + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *t = realloc(s, 2 * cap + 1);
            if (!t) {
                free(s);
                s = NULL;
                break;
            }
            s = t;
            cap *= 2;
        }
    }
    fclose(f);
    if (s)
        s[n] = '\0';
    *len = n;
    return s;
}

static geo_status build_index(geojson_collection *c, int reversed, double max_m,
                              geo_area_index **out)
{
    geo_area *areas = calloc(c->n ? c->n : 1, sizeof *areas);
    assert_non_null(areas);
    for (size_t i = 0; i < c->n; i++) {
        size_t k = reversed ? c->n - 1 - i : i;
        areas[i].id = (int64_t)k + 1;
        areas[i].geom = &c->features[k].geom;
    }
    geo_status st = geo_index_new(areas, c->n, max_m, out);
    free(areas);
    return st;
}

static int setup(void **state)
{
    (void)state;
    size_t len;
    char *text = read_file(WIJKEN, &len);
    if (!text)
        return -1;
    geojson_options opt = {.code_property = "wijkcode", .name_property = "wijknaam"};
    char err[256];
    geojson_status st = geojson_parse(text, len, &opt, &wijken, err, sizeof err);
    free(text);
    if (st != GEOJSON_OK) {
        fprintf(stderr, "parse %s: %s\n", WIJKEN, err);
        return -1;
    }
    return build_index(wijken, 0, GEO_DEFAULT_MAX_SNAP_M, &index_fwd) == GEO_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    geo_index_free(index_fwd);
    geojson_free(wijken);
    return 0;
}

static const char *code_of(int64_t id)
{
    if (id <= 0 || (size_t)id > wijken->n)
        return "(outside)";
    return wijken->features[id - 1].code;
}

static int mp_contains(const geo_multipolygon *mp, double lat, double lon)
{
    for (size_t p = 0; p < mp->npolys; p++)
        if (geo_polygon_contains(&mp->polys[p], lat, lon))
            return 1;
    return 0;
}

/* Feature indices (0-based) whose geometry contains the point, in order. */
static size_t containing(double lat, double lon, size_t *which, size_t max)
{
    size_t k = 0;
    for (size_t i = 0; i < wijken->n; i++)
        if (mp_contains(&wijken->features[i].geom, lat, lon) && k < max)
            which[k++] = i;
    return k;
}

/* Metres per degree of longitude and latitude at lat. */
static void scale(double lat, double *kx, double *ky)
{
    *ky = 6371008.8 * DEG;
    *kx = *ky * cos(lat * DEG);
}

/* The test's own distance to a geometry: every edge sampled each 0.25 m,
 * measured with the haversine formula. Slow, but independent of geo.c's
 * projection and segment arithmetic. */
static double slow_distance_m(const geo_multipolygon *mp, double lat, double lon)
{
    double best = INFINITY;
    for (size_t p = 0; p < mp->npolys; p++)
        for (size_t r = 0; r < mp->polys[p].nrings; r++) {
            const geo_ring *g = &mp->polys[p].rings[r];
            for (size_t i = 0; i + 1 < g->n; i++) {
                double x0 = g->xy[2 * i], y0 = g->xy[2 * i + 1];
                double x1 = g->xy[2 * i + 2], y1 = g->xy[2 * i + 3];
                double len = geo_distance_m(y0, x0, y1, x1);
                /* Skip edges that cannot come near the best so far. */
                if (geo_distance_m(lat, lon, y0, x0) - len > best)
                    continue;
                size_t steps = (size_t)(len / 0.25) + 1;
                for (size_t s = 0; s <= steps; s++) {
                    double t = (double)s / (double)steps;
                    double d = geo_distance_m(lat, lon, y0 + t * (y1 - y0), x0 + t * (x1 - x0));
                    if (d < best)
                        best = d;
                }
            }
        }
    return best;
}

/* A quick planar distance for searching candidates (not for asserting). */
static double quick_distance_m(const geo_multipolygon *mp, double lat, double lon)
{
    double kx, ky, best = INFINITY;
    scale(lat, &kx, &ky);
    for (size_t p = 0; p < mp->npolys; p++)
        for (size_t r = 0; r < mp->polys[p].nrings; r++) {
            const geo_ring *g = &mp->polys[p].rings[r];
            for (size_t i = 0; i + 1 < g->n; i++) {
                double ax = (g->xy[2 * i] - lon) * kx, ay = (g->xy[2 * i + 1] - lat) * ky;
                double bx = (g->xy[2 * i + 2] - lon) * kx, by = (g->xy[2 * i + 3] - lat) * ky;
                double dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy;
                double t = l2 > 0 ? -(ax * dx + ay * dy) / l2 : 0;
                t = t < 0 ? 0 : t > 1 ? 1 : t;
                double d = hypot(ax + t * dx, ay + t * dy);
                if (d < best)
                    best = d;
            }
        }
    return best;
}

/* ---- the real data ---------------------------------------------------- */

static void test_parse_wijken(void **state)
{
    (void)state;
    assert_int_equal(wijken->n, 9);
    assert_string_equal(wijken->features[0].code, "WK063700");
    assert_string_equal(wijken->features[0].name, "Centrum");
    assert_string_equal(wijken->features[8].code, "WK063709");
    assert_string_equal(wijken->features[8].name, "Buitengebied");
    /* Buitengebied is the one MultiPolygon, of two parts. */
    for (size_t i = 0; i < 8; i++)
        assert_int_equal(wijken->features[i].geom.npolys, 1);
    assert_int_equal(wijken->features[8].geom.npolys, 2);
    assert_int_equal(wijken->features[8].geom.polys[0].rings[0].n, 6);
    assert_int_equal(wijken->features[8].geom.polys[1].rings[0].n, 61);
    assert_int_equal(wijken->features[0].geom.polys[0].rings[0].n, 13);
    assert_int_equal(wijken->points, 202);
    /* The raw properties stay available for the importer. */
    json_t *inw = json_object_get(wijken->features[0].properties, "aantal_inwoners");
    assert_true(json_is_integer(inw));
    assert_int_equal(json_integer_value(inw), 21095);
    json_t *jaar = json_object_get(wijken->features[5].properties, "jaar_indeling");
    assert_int_equal(json_integer_value(jaar), 2022);
    /* First position of Centrum, as in the file. */
    assert_true(wijken->features[0].geom.polys[0].rings[0].xy[0] == 4.49139);
    assert_true(wijken->features[0].geom.polys[0].rings[0].xy[1] == 52.04706);
    assert_int_equal(geo_index_polygons(index_fwd), 10);
}

static void test_buurten_land_in_their_wijk(void **state)
{
    (void)state;
    size_t len;
    char *csv = read_file(BUURTEN, &len);
    assert_non_null(csv);
    size_t rows = 0;
    char *line = strchr(csv, '\n'); /* skip the header */
    assert_non_null(line);
    line++;
    while (*line) {
        char *end = strchr(line, '\n');
        if (end)
            *end = '\0';
        /* buurtcode,buurtnaam,wijkcode,label_lat,label_lon */
        char *f[5];
        f[0] = line;
        for (int k = 1; k < 5; k++) {
            f[k] = strchr(f[k - 1], ',');
            assert_non_null(f[k]);
            *f[k]++ = '\0';
        }
        char *e1, *e2;
        double lat = strtod(f[3], &e1), lon = strtod(f[4], &e2);
        assert_true(e1 != f[3] && e2 != f[4]);
        double d = -1;
        int64_t id = geo_locate(index_fwd, lat, lon, &d);
        if (strcmp(code_of(id), f[2]) != 0)
            fail_msg("buurt %s (%s) located in %s, expected %s", f[0], f[1], code_of(id), f[2]);
        assert_true(d == 0);
        rows++;
        if (!end)
            break;
        line = end + 1;
    }
    assert_int_equal(rows, 26);
    free(csv);
}

static void test_clearly_inside(void **state)
{
    (void)state;
    double d = -1;
    /* Stadhuis Zoetermeer, Markt 10, in the Stadscentrum. */
    assert_string_equal(code_of(geo_locate(index_fwd, 52.0603, 4.4913, &d)), "WK063700");
    assert_true(d == 0);
    /* The label point of every wijk lies inside it, away from its borders. */
    for (size_t i = 0; i < wijken->n; i++) {
        double lat, lon;
        assert_int_equal(geo_label_point(&wijken->features[i].geom, &lat, &lon), 0);
        assert_true(mp_contains(&wijken->features[i].geom, lat, lon));
        assert_int_equal(geo_locate(index_fwd, lat, lon, &d), (int64_t)i + 1);
        assert_true(d == 0);
    }
}

static void test_border_vertices_and_edges(void **state)
{
    (void)state;
    size_t checked = 0;
    for (size_t i = 0; i < wijken->n; i++) {
        const geo_multipolygon *mp = &wijken->features[i].geom;
        for (size_t p = 0; p < mp->npolys; p++)
            for (size_t r = 0; r < mp->polys[p].nrings; r++) {
                const geo_ring *g = &mp->polys[p].rings[r];
                for (size_t v = 0; v + 1 < g->n; v++) {
                    double pts[2][2] = {
                        {g->xy[2 * v + 1], g->xy[2 * v]},
                        {(g->xy[2 * v + 1] + g->xy[2 * v + 3]) / 2,
                         (g->xy[2 * v] + g->xy[2 * v + 2]) / 2},
                    };
                    for (int k = 0; k < 2; k++) {
                        double lat = pts[k][0], lon = pts[k][1];
                        /* On its own edge: inside its own polygon. */
                        assert_true(geo_polygon_contains(&mp->polys[p], lat, lon));
                        size_t which[9] = {0};
                        size_t n = containing(lat, lon, which, 9);
                        assert_true(n >= 1 && which[0] <= i);
                        double d = -1;
                        assert_int_equal(geo_locate(index_fwd, lat, lon, &d),
                                         (int64_t)which[0] + 1);
                        assert_true(d == 0);
                        checked++;
                    }
                }
            }
    }
    assert_int_equal(checked, 2 * (202 - 10));
}

/* A point between two wijken that lies in neither: found by walking outward
 * from the middle of edges, then checked against the slow distances. */
static void test_gap_goes_to_nearest(void **state)
{
    (void)state;
    int found = 0;
    for (size_t a = 0; a < wijken->n && !found; a++) {
        const geo_ring *g = &wijken->features[a].geom.polys[0].rings[0];
        for (size_t v = 0; v + 1 < g->n && !found; v++) {
            double x0 = g->xy[2 * v], y0 = g->xy[2 * v + 1];
            double x1 = g->xy[2 * v + 2], y1 = g->xy[2 * v + 3];
            double kx, ky;
            scale(y0, &kx, &ky);
            double nx = -(y1 - y0) * ky, ny = (x1 - x0) * kx, nl = hypot(nx, ny);
            if (nl < 100)
                continue;
            for (int t = 1; t < 4 && !found; t++)
                for (int side = -1; side <= 1 && !found; side += 2)
                    for (double m = 4; m <= 60 && !found; m += 2) {
                        double lon = x0 + (x1 - x0) * t / 4 + side * m * nx / nl / kx;
                        double lat = y0 + (y1 - y0) * t / 4 + side * m * ny / nl / ky;
                        size_t which[9] = {0};
                        if (containing(lat, lon, which, 9) != 0)
                            continue;
                        double d1 = INFINITY, d2 = INFINITY;
                        size_t best = 0;
                        for (size_t i = 0; i < wijken->n; i++) {
                            double d = quick_distance_m(&wijken->features[i].geom, lat, lon);
                            if (d < d1) {
                                d2 = d1;
                                d1 = d;
                                best = i;
                            } else if (d < d2) {
                                d2 = d;
                            }
                        }
                        /* A real gap: off every polygon by a few metres, with
                         * two wijken within 60 m and a clear nearest one. */
                        if (d1 < 5 || d2 > 60 || d2 - d1 < 3)
                            continue;
                        found = 1;
                        double slow[9];
                        size_t nearest = 0;
                        for (size_t i = 0; i < wijken->n; i++) {
                            slow[i] = slow_distance_m(&wijken->features[i].geom, lat, lon);
                            if (slow[i] < slow[nearest])
                                nearest = i;
                        }
                        assert_int_equal(nearest, best);
                        double d = -1;
                        int64_t id = geo_locate(index_fwd, lat, lon, &d);
                        print_message("gap point %.6f,%.6f: %.1f m from %s, %.1f m from the next\n",
                                      lat, lon, d, code_of(id), d2);
                        assert_int_equal(id, (int64_t)nearest + 1);
                        assert_true(fabs(d - slow[nearest]) < 0.5);
                    }
        }
    }
    assert_true(found);
}

/* A point inside two wijken: the first in index order wins, and reversing
 * the order of the index gives the other one. */
static void test_overlap_first_match(void **state)
{
    (void)state;
    geo_area_index *rev = NULL;
    assert_int_equal(build_index(wijken, 1, GEO_DEFAULT_MAX_SNAP_M, &rev), GEO_OK);
    int found = 0;
    for (size_t a = 0; a < wijken->n && found < 3; a++) {
        const geo_ring *g = &wijken->features[a].geom.polys[0].rings[0];
        for (size_t v = 0; v + 1 < g->n && found < 3; v++) {
            double x0 = g->xy[2 * v], y0 = g->xy[2 * v + 1];
            double x1 = g->xy[2 * v + 2], y1 = g->xy[2 * v + 3];
            double kx, ky;
            scale(y0, &kx, &ky);
            double nx = -(y1 - y0) * ky, ny = (x1 - x0) * kx, nl = hypot(nx, ny);
            if (nl < 100)
                continue;
            for (int side = -1; side <= 1; side += 2) {
                double m = 8; /* metres off the edge */
                double lon = (x0 + x1) / 2 + side * m * nx / nl / kx;
                double lat = (y0 + y1) / 2 + side * m * ny / nl / ky;
                size_t which[9];
                if (containing(lat, lon, which, 9) != 2)
                    continue;
                /* Well inside both, not on an edge. */
                if (quick_distance_m(&wijken->features[which[0]].geom, lat, lon) < 2 ||
                    quick_distance_m(&wijken->features[which[1]].geom, lat, lon) < 2)
                    continue;
                double d = -1;
                int64_t id = geo_locate(index_fwd, lat, lon, &d);
                if (found == 0)
                    print_message("overlap point %.6f,%.6f: in %s and %s\n", lat, lon,
                                  code_of((int64_t)which[0] + 1), code_of((int64_t)which[1] + 1));
                assert_int_equal(id, (int64_t)which[0] + 1);
                assert_true(d == 0);
                assert_int_equal(geo_locate(rev, lat, lon, &d), (int64_t)which[1] + 1);
                assert_true(d == 0);
                found++;
                break;
            }
        }
    }
    assert_int_equal(found, 3);
    geo_index_free(rev);
}

/* The outermost vertex in direction (dx, dy) in {-1,0,1}^2 (one of them 0),
 * and the first feature that has it. */
static void extreme_vertex(int dx, int dy, double *lat, double *lon, size_t *owner)
{
    double best = -INFINITY;
    for (size_t i = 0; i < wijken->n; i++) {
        const geo_multipolygon *mp = &wijken->features[i].geom;
        for (size_t p = 0; p < mp->npolys; p++) {
            const geo_ring *g = &mp->polys[p].rings[0];
            for (size_t v = 0; v < g->n; v++) {
                double s = dx * g->xy[2 * v] + dy * g->xy[2 * v + 1];
                if (s > best) {
                    best = s;
                    *lon = g->xy[2 * v];
                    *lat = g->xy[2 * v + 1];
                    *owner = i;
                }
            }
        }
    }
}

static void test_outside_nearby_and_far(void **state)
{
    (void)state;
    static const int dirs[4][2] = {{-1, 0}, {1, 0}, {0, -1}, {0, 1}};
    geo_area_index *strict = NULL;
    assert_int_equal(build_index(wijken, 0, 400, &strict), GEO_OK);
    for (int k = 0; k < 4; k++) {
        double lat = 0, lon = 0, d = -1;
        size_t owner = 0;
        extreme_vertex(dirs[k][0], dirs[k][1], &lat, &lon, &owner);
        double kx, ky;
        scale(lat, &kx, &ky);
        /* 500 m beyond the outermost vertex: no part of any wijk is closer. */
        double qlat = lat + dirs[k][1] * 500 / ky, qlon = lon + dirs[k][0] * 500 / kx;
        size_t which[9];
        assert_int_equal(containing(qlat, qlon, which, 9), 0);
        assert_int_equal(geo_locate(index_fwd, qlat, qlon, &d), (int64_t)owner + 1);
        assert_true(fabs(d - 500) < 0.5);
        assert_true(fabs(geo_distance_m(qlat, qlon, lat, lon) - 500) < 0.5);
        /* With a maximum of 400 m the same point is outside. */
        assert_int_equal(geo_locate(strict, qlat, qlon, &d), 0);
        assert_true(fabs(d - 500) < 0.5);
        /* 1,001 m and 1,500 m beyond: outside, with the distance still told. */
        qlat = lat + dirs[k][1] * 1001 / ky;
        qlon = lon + dirs[k][0] * 1001 / kx;
        assert_int_equal(geo_locate(index_fwd, qlat, qlon, &d), 0);
        assert_true(fabs(d - 1001) < 0.5);
        qlat = lat + dirs[k][1] * 999 / ky;
        qlon = lon + dirs[k][0] * 999 / kx;
        assert_int_equal(geo_locate(index_fwd, qlat, qlon, &d), (int64_t)owner + 1);
        assert_true(fabs(d - 999) < 0.5);
    }
    geo_index_free(strict);

    /* Den Haag centre, some 9 km west of the municipal border. */
    double d = -1;
    assert_int_equal(geo_locate(index_fwd, 52.0786, 4.2887, &d), 0);
    assert_true(d > 5000 && d < 20000);
    double slow = INFINITY;
    for (size_t i = 0; i < wijken->n; i++)
        slow = fmin(slow, slow_distance_m(&wijken->features[i].geom, 52.0786, 4.2887));
    assert_true(fabs(d - slow) < 5);
}

static void test_locate_bad_input(void **state)
{
    (void)state;
    double d = 0;
    assert_int_equal(geo_locate(index_fwd, NAN, 4.49, &d), 0);
    assert_true(isinf(d));
    assert_int_equal(geo_locate(index_fwd, 52.06, INFINITY, &d), 0);
    assert_int_equal(geo_locate(index_fwd, 91, 4.49, &d), 0);
    assert_int_equal(geo_locate(index_fwd, 52.06, -180.5, &d), 0);
    assert_true(isinf(d));
    /* distance_m is optional. */
    assert_int_equal(geo_locate(index_fwd, 52.0603, 4.4913, NULL), 1);
}

static void test_index_bbox(void **state)
{
    (void)state;
    geo_bbox bb;
    assert_int_equal(geo_index_bbox(index_fwd, &bb), 0);
    assert_true(bb.min_lon == 4.41523 && bb.max_lon == 4.55769);
    assert_true(bb.min_lat == 52.03128 && bb.max_lat == 52.09329);
    assert_int_equal(geo_multipolygon_bbox(&wijken->features[0].geom, &bb), 0);
    assert_true(bb.min_lon >= 4.41523 && bb.max_lon <= 4.55769 && bb.min_lon < bb.max_lon);
}

struct worker {
    int64_t expect[26];
    double lat[26], lon[26];
    int errors;
};

static void *locate_many(void *arg)
{
    struct worker *w = arg;
    for (int round = 0; round < 2000; round++)
        for (int i = 0; i < 26; i++) {
            double d;
            if (geo_locate(index_fwd, w->lat[i], w->lon[i], &d) != w->expect[i])
                w->errors++;
        }
    return NULL;
}

/* Many threads read one index at once (run under TSan to be thorough). */
static void test_concurrent_reads(void **state)
{
    (void)state;
    struct worker w[4];
    /* Points spread over the town, with their answers from one thread. */
    for (int i = 0; i < 26; i++) {
        double lat = 52.035 + 0.055 * (i % 13) / 13.0, lon = 4.42 + 0.13 * (i / 13) + 0.005 * i;
        for (int t = 0; t < 4; t++) {
            w[t].lat[i] = lat;
            w[t].lon[i] = lon;
            w[t].expect[i] = geo_locate(index_fwd, lat, lon, NULL);
        }
    }
    pthread_t th[4];
    for (int t = 0; t < 4; t++) {
        w[t].errors = 0;
        assert_int_equal(pthread_create(&th[t], NULL, locate_many, &w[t]), 0);
    }
    for (int t = 0; t < 4; t++) {
        assert_int_equal(pthread_join(th[t], NULL), 0);
        assert_int_equal(w[t].errors, 0);
    }
}

static void test_speed(void **state)
{
    (void)state;
    struct timespec t0, t1;
    int64_t sum = 0;
    int n = 100000;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < n; i++) {
        double lat = 52.02 + 0.08 * (i % 317) / 317.0, lon = 4.40 + 0.17 * (i % 331) / 331.0;
        sum += geo_locate(index_fwd, lat, lon, NULL);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double us =
        ((double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec)) / 1e3 / n;
    print_message("geo_locate: %.2f us per call (several times slower under sanitizers)\n", us);
    assert_true(sum > 0);
    assert_true(us < 100);
}

/* ---- small geometry ----------------------------------------------------- */

/* A square of 0.01 degree at (4.50, 52.00) with a square hole in the middle. */
static double sq_outer[] = {4.50, 52.00, 4.51, 52.00, 4.51, 52.01, 4.50, 52.01, 4.50, 52.00};
static double sq_hole[] = {4.504,  52.004, 4.504,  52.006, 4.506,
                           52.006, 4.506,  52.004, 4.504,  52.004};

static void test_square_edges(void **state)
{
    (void)state;
    geo_ring rings[2] = {{sq_outer, 5}, {sq_hole, 5}};
    geo_polygon p = {rings, 2};
    assert_true(geo_polygon_contains(&p, 52.002, 4.502));   /* inside */
    assert_true(geo_polygon_contains(&p, 52.00, 4.50));     /* vertex */
    assert_true(geo_polygon_contains(&p, 52.01, 4.51));     /* vertex */
    assert_true(geo_polygon_contains(&p, 52.00, 4.505));    /* bottom edge */
    assert_true(geo_polygon_contains(&p, 52.01, 4.505));    /* top edge */
    assert_true(geo_polygon_contains(&p, 52.005, 4.50));    /* left edge */
    assert_true(geo_polygon_contains(&p, 52.005, 4.51));    /* right edge */
    assert_true(geo_polygon_contains(&p, 52.005, 4.504));   /* hole edge */
    assert_false(geo_polygon_contains(&p, 52.005, 4.505));  /* in the hole */
    assert_false(geo_polygon_contains(&p, 51.9999, 4.505)); /* 11 m south */
    assert_false(geo_polygon_contains(&p, 52.005, 4.5101)); /* 7 m east */
    assert_false(geo_polygon_contains(&p, 52.00, 4.5101));  /* on the line of an edge */

    /* In an index: the hole belongs to no area, the edges to the square. */
    geo_multipolygon mp = {&p, 1};
    geo_area a = {42, &mp};
    geo_area_index *ix = NULL;
    assert_int_equal(geo_index_new(&a, 1, GEO_DEFAULT_MAX_SNAP_M, &ix), GEO_OK);
    double d = -1;
    assert_int_equal(geo_locate(ix, 52.00, 4.505, &d), 42);
    assert_true(d == 0);
    /* The middle of the hole is 0.001 degree of longitude from its edges... */
    assert_int_equal(geo_locate(ix, 52.005, 4.505, &d), 42);
    double expect = 0.001 * 6371008.8 * DEG * cos(52.005 * DEG);
    assert_true(fabs(d - expect) < 0.01);
    /* ...and a point 100 m south of the square is 100 m away. */
    assert_int_equal(geo_locate(ix, 52.00 - 100 / (6371008.8 * DEG), 4.505, &d), 42);
    assert_true(fabs(d - 100) < 0.01);
    geo_index_free(ix);
}

static void test_distance(void **state)
{
    (void)state;
    double m_per_deg = 6371008.8 * DEG; /* 111,195.08 m */
    assert_true(geo_distance_m(52.06, 4.49, 52.06, 4.49) == 0);
    assert_true(fabs(geo_distance_m(0, 0, 1, 0) - m_per_deg) < 0.01);
    assert_true(fabs(geo_distance_m(0, 0, 0, 1) - m_per_deg) < 0.01);
    assert_true(fabs(geo_distance_m(52, 4, 53, 4) - m_per_deg) < 0.01);
    assert_true(fabs(geo_distance_m(0, 0, 0, 180) - 180 * m_per_deg) < 0.01);
    assert_true(fabs(geo_distance_m(90, 0, -90, 0) - 180 * m_per_deg) < 0.01);
    /* Paris to London: 343.5 km on this sphere. */
    double d = geo_distance_m(48.8566, 2.3522, 51.5074, -0.1278);
    assert_true(d > 343000 && d < 344000);
    /* Symmetric. */
    assert_true(fabs(d - geo_distance_m(51.5074, -0.1278, 48.8566, 2.3522)) < 1e-6);
}

static void test_area_centroid_label(void **state)
{
    (void)state;
    geo_ring rings[2] = {{sq_outer, 5}, {sq_hole, 5}};
    geo_polygon p = {rings, 1};
    geo_multipolygon mp = {&p, 1};
    double k = 6371008.8 * DEG;
    double full = 0.01 * k * 0.01 * k * cos(52.005 * DEG);
    assert_true(fabs(geo_area_m2(&mp) - full) / full < 1e-9);
    p.nrings = 2;
    assert_true(fabs(geo_area_m2(&mp) - full * 0.96) / full < 1e-9);
    double lat, lon;
    assert_int_equal(geo_centroid(&mp, &lat, &lon), 0);
    assert_true(fabs(lat - 52.005) < 1e-9 && fabs(lon - 4.505) < 1e-9);
    /* The centroid is in the hole; the label point is not. */
    assert_false(geo_polygon_contains(&p, lat, lon));
    assert_int_equal(geo_label_point(&mp, &lat, &lon), 0);
    assert_true(geo_polygon_contains(&p, lat, lon));

    /* A U shape, clockwise: its centroid lies in the notch. */
    double u[] = {4.50,  52.00, 4.50,  52.03, 4.51,  52.03, 4.51,  52.01, 4.52,
                  52.01, 4.52,  52.03, 4.53,  52.03, 4.53,  52.00, 4.50,  52.00};
    geo_ring ur = {u, 9};
    geo_polygon up = {&ur, 1};
    geo_multipolygon um = {&up, 1};
    assert_int_equal(geo_centroid(&um, &lat, &lon), 0);
    assert_true(fabs(lon - 4.515) < 1e-9);
    assert_false(geo_polygon_contains(&up, lat, lon));
    assert_int_equal(geo_label_point(&um, &lat, &lon), 0);
    assert_true(geo_polygon_contains(&up, lat, lon));
    assert_true(fabs(geo_area_m2(&um) - 7 * 1e-4 * k * k * cos(52.015 * DEG)) < 1);

    /* A degenerate (flat) ring has no area, centroid or label. */
    double flat[] = {4.5, 52.0, 4.6, 52.0, 4.7, 52.0, 4.5, 52.0};
    geo_ring fr = {flat, 4};
    geo_polygon fp = {&fr, 1};
    geo_multipolygon fm = {&fp, 1};
    assert_true(geo_area_m2(&fm) == 0);
    assert_int_equal(geo_centroid(&fm, &lat, &lon), -1);
    assert_int_equal(geo_label_point(&fm, &lat, &lon), -1);
    geo_multipolygon none = {NULL, 0};
    assert_int_equal(geo_centroid(&none, &lat, &lon), -1);
    geo_bbox bb;
    assert_int_equal(geo_multipolygon_bbox(&none, &bb), -1);
}

static void test_index_errors(void **state)
{
    (void)state;
    geo_ring rings[1] = {{sq_outer, 5}};
    geo_polygon p = {rings, 1};
    geo_multipolygon mp = {&p, 1};
    geo_area_index *ix = (geo_area_index *)&ix;
    geo_area a = {0, &mp};
    assert_int_equal(geo_index_new(&a, 1, 1000, &ix), GEO_EINVAL);
    assert_null(ix);
    a.id = -3;
    assert_int_equal(geo_index_new(&a, 1, 1000, &ix), GEO_EINVAL);
    a.id = 1;
    assert_int_equal(geo_index_new(&a, 1, -1, &ix), GEO_EINVAL);
    assert_int_equal(geo_index_new(&a, 1, NAN, &ix), GEO_EINVAL);
    rings[0].n = 2;
    assert_int_equal(geo_index_new(&a, 1, 1000, &ix), GEO_EINVAL);
    rings[0].n = 5;
    double bad[] = {4.5, 52.0, 4.6, NAN, 4.6, 52.1, 4.5, 52.0};
    geo_ring br = {bad, 4};
    geo_polygon bp = {&br, 1};
    geo_multipolygon bm = {&bp, 1};
    geo_area b = {2, &bm};
    assert_int_equal(geo_index_new(&b, 1, 1000, &ix), GEO_EINVAL);

    /* Areas without geometry are left out; an empty index finds nothing. */
    geo_area none[2] = {{7, NULL}, {8, &(geo_multipolygon){NULL, 0}}};
    assert_int_equal(geo_index_new(none, 2, 1000, &ix), GEO_OK);
    double d = 0;
    assert_int_equal(geo_locate(ix, 52.0, 4.5, &d), 0);
    assert_true(isinf(d));
    geo_bbox bb;
    assert_int_equal(geo_index_bbox(ix, &bb), -1);
    assert_int_equal(geo_index_polygons(ix), 0);
    geo_index_free(ix);
    geo_index_free(NULL);

    /* The index copies: the caller's geometry may change afterwards. */
    double own[10];
    memcpy(own, sq_outer, sizeof own);
    geo_ring orr = {own, 5};
    geo_polygon op = {&orr, 1};
    geo_multipolygon om = {&op, 1};
    geo_area oa = {5, &om};
    assert_int_equal(geo_index_new(&oa, 1, 0, &ix), GEO_OK);
    memset(own, 0, sizeof own);
    assert_int_equal(geo_locate(ix, 52.005, 4.505, &d), 5);
    /* With max 0, only points inside count. */
    assert_int_equal(geo_locate(ix, 52.011, 4.505, &d), 0);
    geo_index_free(ix);
}

/* ---- the GeoJSON reader ------------------------------------------------- */

#define SQUARE               "[[4.5,52.0],[4.6,52.0],[4.6,52.1],[4.5,52.1],[4.5,52.0]]"
#define FEATURE(props, geom) "{\"type\":\"Feature\",\"properties\":" props ",\"geometry\":" geom "}"
#define POLY(rings)          "{\"type\":\"Polygon\",\"coordinates\":[" rings "]}"
#define FC(features)         "{\"type\":\"FeatureCollection\",\"features\":[" features "]}"

static geojson_status parse(const char *text, geojson_collection **out, char *err, size_t errlen)
{
    geojson_options opt = {.code_property = "code", .name_property = "name"};
    return geojson_parse(text, strlen(text), &opt, out, err, errlen);
}

/* Parsing must fail with st, and the message must contain each of the
 * NULL-terminated fragments. */
static void expect_error(const char *text, geojson_status st, ...)
{
    geojson_collection *c = (geojson_collection *)&c;
    char err[256];
    geojson_status got = parse(text, &c, err, sizeof err);
    if (got != st)
        fail_msg("status %d, expected %d (%s) for %s", got, st, err, text);
    assert_null(c);
    va_list ap;
    va_start(ap, st);
    const char *frag;
    while ((frag = va_arg(ap, const char *)))
        if (!strstr(err, frag))
            fail_msg("message \"%s\" lacks \"%s\"", err, frag);
    va_end(ap);
}

static void test_geojson_valid(void **state)
{
    (void)state;
    const char *text = FC(FEATURE(
        "{\"code\":\"A1\",\"name\":\"Noord\",\"n\":3}",
        POLY(SQUARE
             ",[[4.52,52.02],[4.52,52.03],[4.53,52.03],"
             "[4.53,52.02],[4.52,52.02]]")) ","
                                            "{\"type\":\"Feature\",\"id\":17,\"properties\":null,"
                                            "\"geometry\":{\"type\":\"MultiPolygon\","
                                            "\"coordinates\":[[" SQUARE
                                            "],[[[5,53,-2.5],[5.1,53,0],[5.1,53.1,1],[5,53,-2.5]]]]"
                                            "}}");
    geojson_collection *c = NULL;
    char err[256] = "";
    assert_int_equal(parse(text, &c, err, sizeof err), GEOJSON_OK);
    assert_string_equal(err, "");
    assert_int_equal(c->n, 2);
    assert_int_equal(c->points, 5 + 5 + 5 + 4);
    assert_string_equal(c->features[0].code, "A1");
    assert_string_equal(c->features[0].name, "Noord");
    assert_int_equal(json_integer_value(json_object_get(c->features[0].properties, "n")), 3);
    assert_int_equal(c->features[0].geom.npolys, 1);
    assert_int_equal(c->features[0].geom.polys[0].nrings, 2);
    assert_true(c->features[0].geom.polys[0].rings[1].xy[2] == 4.52);
    assert_true(c->features[0].geom.polys[0].rings[1].xy[3] == 52.03);
    /* No code property: the integer id; null properties: an empty object. */
    assert_string_equal(c->features[1].code, "17");
    assert_null(c->features[1].name);
    assert_true(json_is_object(c->features[1].properties));
    assert_int_equal(json_object_size(c->features[1].properties), 0);
    assert_int_equal(c->features[1].geom.npolys, 2);
    assert_true(c->features[1].geom.polys[1].rings[0].xy[0] == 5);
    /* The hole excludes. */
    geo_polygon *p = &c->features[0].geom.polys[0];
    assert_true(geo_polygon_contains(p, 52.01, 4.51));
    assert_false(geo_polygon_contains(p, 52.025, 4.525));
    /* The properties outlive the collection when kept. */
    json_t *keep = json_incref(c->features[0].properties);
    geojson_free(c);
    assert_string_equal(json_string_value(json_object_get(keep, "name")), "Noord");
    json_decref(keep);
    geojson_free(NULL);

    /* Without options: codes from string ids. */
    const char *t2 =
        FC("{\"type\":\"Feature\",\"id\":\"x\",\"properties\":{},\"geometry\":" POLY(SQUARE) "}");
    assert_int_equal(geojson_parse(t2, strlen(t2), NULL, &c, NULL, 0), GEOJSON_OK);
    assert_string_equal(c->features[0].code, "x");
    geojson_free(c);
}

static void test_geojson_empty(void **state)
{
    (void)state;
    geojson_collection *c = NULL;
    char err[256];
    assert_int_equal(parse(FC(""), &c, err, sizeof err), GEOJSON_OK);
    assert_int_equal(c->n, 0);
    assert_int_equal(c->points, 0);
    geo_area_index *ix = NULL;
    assert_int_equal(build_index(c, 0, 1000, &ix), GEO_OK);
    assert_int_equal(geo_locate(ix, 52.06, 4.49, NULL), 0);
    geo_index_free(ix);
    geojson_free(c);
    expect_error("", GEOJSON_ESYNTAX, "line 1", NULL);
    expect_error("{}", GEOJSON_EINVALID, "FeatureCollection", NULL);
    expect_error("{\"type\":\"FeatureCollection\"}", GEOJSON_EINVALID, "features", NULL);
}

static void test_geojson_invalid_types(void **state)
{
    (void)state;
    expect_error("[]", GEOJSON_EINVALID, "FeatureCollection", NULL);
    /* jansson wants an object or array at the top. */
    expect_error("\"FeatureCollection\"", GEOJSON_ESYNTAX, "expected", NULL);
    expect_error(FEATURE("{}", POLY(SQUARE)), GEOJSON_EINVALID, "FeatureCollection", NULL);
    expect_error("{\"type\":\"FeatureCollection\",\"features\":{}}", GEOJSON_EINVALID, "features",
                 NULL);
    expect_error(FC("1"), GEOJSON_EINVALID, "features[0]", "object", NULL);
    expect_error(FC("{\"type\":\"feature\",\"id\":1,\"geometry\":" POLY(SQUARE) "}"),
                 GEOJSON_EINVALID, "features[0].type", NULL);
    expect_error(FC(FEATURE("[]", POLY(SQUARE))), GEOJSON_EINVALID, "features[0].properties", NULL);
    expect_error(FC(FEATURE("{\"code\":\"a\"}", "{\"type\":\"Point\",\"coordinates\":[4.5,52]}")),
                 GEOJSON_EINVALID, "features[0].geometry.type", "Point is not an area", NULL);
    /* An unknown type is not echoed. */
    expect_error(FC(FEATURE("{\"code\":\"a\"}", "{\"type\":\"Blob\",\"coordinates\":[]}")),
                 GEOJSON_EINVALID, "unknown geometry type", NULL);
    expect_error(FC(FEATURE("{\"code\":\"a\"}", "{\"coordinates\":[]}")), GEOJSON_EINVALID,
                 "features[0].geometry.type", NULL);
    expect_error(FC(FEATURE("{\"code\":\"a\"}", "null")), GEOJSON_EINVALID, "features[0].geometry",
                 "null", NULL);
    expect_error(FC("{\"type\":\"Feature\",\"properties\":{\"code\":\"a\"}}"), GEOJSON_EINVALID,
                 "features[0].geometry", "missing", NULL);
    expect_error(FC(FEATURE("{\"code\":\"a\"}", "[]")), GEOJSON_EINVALID, "features[0].geometry",
                 NULL);
    expect_error(FC(FEATURE("{\"code\":\"a\"}", "{\"type\":\"Polygon\",\"coordinates\":{}}")),
                 GEOJSON_EINVALID, "features[0].geometry.coordinates", NULL);
    expect_error(FC(FEATURE("{\"code\":\"a\"}", POLY(""))), GEOJSON_EINVALID,
                 "features[0].geometry.coordinates", "outer ring", NULL);
    expect_error(FC(FEATURE("{\"code\":\"a\"}", "{\"type\":\"MultiPolygon\",\"coordinates\":[]}")),
                 GEOJSON_EINVALID, "at least one polygon", NULL);
    expect_error(FC(FEATURE("{\"code\":\"a\"}", POLY("[[4.5,52.0],[4.6,52.0],\"x\",[4.5,52.1],"
                                                     "[4.5,52.0]]"))),
                 GEOJSON_EINVALID, "features[0].geometry.coordinates[0][2]", NULL);
    expect_error(FC(FEATURE("{\"code\":\"a\"}", POLY("[[4.5,52.0],[4.6,\"52.0\"],[4.6,52.1],"
                                                     "[4.5,52.1],[4.5,52.0]]"))),
                 GEOJSON_EINVALID, "coordinates[0][1][1]", "must be a number", NULL);
    expect_error(FC(FEATURE("{\"code\":\"a\"}", POLY("[[4.5,52.0],[4.6],[4.6,52.1],"
                                                     "[4.5,52.1],[4.5,52.0]]"))),
                 GEOJSON_EINVALID, "coordinates[0][1]", "2 or 3 numbers", NULL);
    expect_error(FC(FEATURE("{\"code\":\"a\"}", POLY("[[4.5,52.0],[4.6,52,0,0],[4.6,52.1],"
                                                     "[4.5,52.1],[4.5,52.0]]"))),
                 GEOJSON_EINVALID, "coordinates[0][1]", "not 4", NULL);
    expect_error(FC(FEATURE("{\"code\":\"a\"}", "{\"type\":\"Polygon\",\"coordinates\":[3]}")),
                 GEOJSON_EINVALID, "coordinates[0]", "ring", NULL);
    expect_error(FC(FEATURE("{\"code\":\"a\"}",
                            "{\"type\":\"MultiPolygon\",\"coordinates\":[[" SQUARE "],3]}")),
                 GEOJSON_EINVALID, "coordinates[1]", "polygon", NULL);
}

static void test_geojson_codes(void **state)
{
    (void)state;
    /* Missing code and id; a code of the wrong type; duplicates. */
    expect_error(FC(FEATURE("{\"name\":\"x\"}", POLY(SQUARE))), GEOJSON_EINVALID, "features[0]",
                 "no \"code\" property and no id", NULL);
    expect_error(FC(FEATURE("{\"code\":[1]}", POLY(SQUARE))), GEOJSON_EINVALID, "features[0]",
                 "code property must be a string", NULL);
    expect_error(FC(FEATURE("{\"code\":null}", POLY(SQUARE))), GEOJSON_EINVALID, "features[0]",
                 NULL);
    expect_error(FC(FEATURE("{\"code\":\"\"}", POLY(SQUARE))), GEOJSON_EINVALID, "features[0]",
                 "1 to 64 bytes", NULL);
    expect_error(FC(FEATURE("{\"code\":\"a\\u0001b\"}", POLY(SQUARE))), GEOJSON_EINVALID,
                 "control character", NULL);
    expect_error(FC(FEATURE("{\"code\":\"a\",\"name\":5}", POLY(SQUARE))), GEOJSON_EINVALID,
                 "name property must be a string", NULL);
    expect_error(
        FC("{\"type\":\"Feature\",\"id\":1.5,\"properties\":{},\"geometry\":" POLY(SQUARE) "}"),
        GEOJSON_EINVALID, "id must be a string", NULL);
    expect_error(
        FC(FEATURE("{\"code\":\"a\"}", POLY(SQUARE)) "," FEATURE(
            "{\"code\":\"b\"}", POLY(SQUARE)) "," FEATURE("{\"code\":\"a\"}", POLY(SQUARE))),
        GEOJSON_EINVALID, "features[2]", "repeats the code of features[0]", NULL);
    /* A code given as an integer property. */
    geojson_collection *c = NULL;
    assert_int_equal(parse(FC(FEATURE("{\"code\":-12}", POLY(SQUARE))), &c, NULL, 0), GEOJSON_OK);
    assert_string_equal(c->features[0].code, "-12");
    geojson_free(c);
    char longname[400];
    memset(longname, 'n', sizeof longname);
    longname[sizeof longname - 1] = '\0';
    char text[1024];
    snprintf(text, sizeof text, FC(FEATURE("{\"code\":\"a\",\"name\":\"%s\"}", POLY(SQUARE))),
             longname);
    expect_error(text, GEOJSON_EINVALID, "1 to 256 bytes", NULL);
}

static void test_geojson_unclosed_and_short_rings(void **state)
{
    (void)state;
    /* Unclosed rings are refused, not closed silently; the message names the
     * feature, the polygon and the ring. */
    expect_error(FC(FEATURE("{\"code\":\"a\"}", POLY(SQUARE)) "," FEATURE(
                     "{\"code\":\"b\"}",
                     POLY("[[4.5,52.0],[4.6,52.0],[4.6,52.1],[4.5,52.1],[4.5,52.00001]]"))),
                 GEOJSON_EINVALID, "features[1].geometry.coordinates[0]", "not closed", NULL);
    expect_error(FC(FEATURE("{\"code\":\"a\"}",
                            "{\"type\":\"MultiPolygon\",\"coordinates\":[[" SQUARE "],[" SQUARE
                            ",[[4.52,52.02],[4.52,52.03],[4.53,52.03],[4.52,52.04]]]]}")),
                 GEOJSON_EINVALID, "features[0].geometry.coordinates[1][1]", "not closed", NULL);
    expect_error(FC(FEATURE("{\"code\":\"a\"}", POLY("[[4.5,52.0],[4.6,52.0],[4.5,52.0]]"))),
                 GEOJSON_EINVALID, "has 3 positions, at least 4", NULL);
    expect_error(FC(FEATURE("{\"code\":\"a\"}", POLY("[]"))), GEOJSON_EINVALID, "has 0 positions",
                 NULL);
    /* Closed up to the altitude is closed. */
    geojson_collection *c = NULL;
    assert_int_equal(
        parse(FC(FEATURE("{\"code\":\"a\"}", POLY("[[4.5,52,1],[4.6,52],[4.6,52.1],[4.5,52,2]]"))),
              &c, NULL, 0),
        GEOJSON_OK);
    geojson_free(c);
}

static void test_geojson_numbers(void **state)
{
    (void)state;
    /* JSON has no NaN or Infinity: they are syntax errors. */
    expect_error(FC(FEATURE("{\"code\":\"a\"}", POLY("[[NaN,52.0],[4.6,52.0],[4.6,52.1],"
                                                     "[4.5,52.1],[NaN,52.0]]"))),
                 GEOJSON_ESYNTAX, "not valid JSON", NULL);
    expect_error(FC(FEATURE("{\"code\":\"a\"}", POLY("[[Infinity,52.0],[4.6,52.0],[4.6,52.1],"
                                                     "[4.5,52.1],[4.5,52.0]]"))),
                 GEOJSON_ESYNTAX, "not valid JSON", NULL);
    expect_error(FC(FEATURE("{\"code\":\"a\"}", POLY("[[-nan,52.0],[4.6,52.0],[4.6,52.1],"
                                                     "[4.5,52.1],[4.5,52.0]]"))),
                 GEOJSON_ESYNTAX, NULL);
    /* Huge numbers: beyond a double or a long long, or merely out of range. */
    expect_error(FC(FEATURE("{\"code\":\"a\"}", POLY("[[1e400,52.0],[4.6,52.0],[4.6,52.1],"
                                                     "[4.5,52.1],[1e400,52.0]]"))),
                 GEOJSON_ESYNTAX, "overflow", NULL);
    expect_error(
        FC(FEATURE("{\"code\":\"a\"}", POLY("[[123456789012345678901234567890,52.0],"
                                            "[4.6,52.0],[4.6,52.1],[4.5,52.1],[4.5,52]]"))),
        GEOJSON_ESYNTAX, "too big integer", NULL);
    expect_error(FC(FEATURE("{\"code\":\"a\"}", POLY("[[1e300,52.0],[4.6,52.0],[4.6,52.1],"
                                                     "[4.5,52.1],[1e300,52.0]]"))),
                 GEOJSON_EINVALID, "coordinates[0][0]", "longitude 1e+300 is not in [-180, 180]",
                 NULL);
    expect_error(FC(FEATURE("{\"code\":\"a\"}", POLY("[[4.5,52.0],[4.6,52.0],[180.000001,52.1],"
                                                     "[4.5,52.1],[4.5,52.0]]"))),
                 GEOJSON_EINVALID, "coordinates[0][2]", "longitude", NULL);
    expect_error(FC(FEATURE("{\"code\":\"a\"}", POLY("[[4.5,52.0],[4.6,-90.5],[4.6,52.1],"
                                                     "[4.5,52.1],[4.5,52.0]]"))),
                 GEOJSON_EINVALID, "coordinates[0][1]", "latitude -90.5 is not in [-90, 90]", NULL);
    /* RD New coordinates (metres) instead of WGS84. */
    expect_error(FC(FEATURE("{\"code\":\"a\"}",
                            POLY("[[92000,452000],[93000,452000],[93000,453000],[92000,452000]]"))),
                 GEOJSON_EINVALID, "WGS84", NULL);
    /* The edges of the ranges are fine, integers too. */
    geojson_collection *c = NULL;
    assert_int_equal(
        parse(FC(FEATURE("{\"code\":\"a\"}", POLY("[[-180,-90],[180,-90],[180,90],[-180,-90]]"))),
              &c, NULL, 0),
        GEOJSON_OK);
    assert_true(c->features[0].geom.polys[0].rings[0].xy[2] == 180);
    geojson_free(c);
}

static void test_geojson_syntax(void **state)
{
    (void)state;
    /* The message tells where, but never quotes the input. */
    expect_error("{\"type\": secretword}", GEOJSON_ESYNTAX, "line 1, column", NULL);
    geojson_collection *c = NULL;
    char err[256];
    assert_int_equal(parse("{\"type\": secretword}", &c, err, sizeof err), GEOJSON_ESYNTAX);
    assert_null(strstr(err, "secret"));
    expect_error(FC("") " trailing", GEOJSON_ESYNTAX, NULL);
    expect_error("{\"type\":\"FeatureCollection\",\"type\":\"X\",\"features\":[]}", GEOJSON_ESYNTAX,
                 "duplicate", NULL);
    expect_error("{\"type\":\"FeatureCollection\",\"features\":[\"\xff\"]}", GEOJSON_ESYNTAX, NULL);
    expect_error(FC(FEATURE("{\"code\":\"a\\u0000b\"}", POLY(SQUARE))), GEOJSON_ESYNTAX, NULL);
    /* A NUL byte inside the buffer. */
    char nul[] = FC("");
    nul[5] = '\0';
    assert_int_equal(geojson_parse(nul, sizeof nul - 1, NULL, &c, err, sizeof err),
                     GEOJSON_ESYNTAX);
    assert_null(c);
    /* A small error buffer is cut, not overrun; NULL is allowed. */
    char tiny[8];
    assert_int_equal(parse("[", &c, tiny, sizeof tiny), GEOJSON_ESYNTAX);
    assert_int_equal(strlen(tiny), 7);
    assert_int_equal(parse("[", &c, NULL, 0), GEOJSON_ESYNTAX);
    /* Deep nesting is refused by jansson, not by a stack overflow. */
    size_t depth = 100000;
    char *deep = malloc(2 * depth + 1);
    assert_non_null(deep);
    memset(deep, '[', depth);
    memset(deep + depth, ']', depth);
    deep[2 * depth] = '\0';
    assert_int_equal(parse(deep, &c, err, sizeof err), GEOJSON_ESYNTAX);
    free(deep);
}

static void test_geojson_limits(void **state)
{
    (void)state;
    const char *three = FC(FEATURE("{\"code\":\"a\"}", POLY(SQUARE)) "," FEATURE(
        "{\"code\":\"b\"}", POLY(SQUARE)) "," FEATURE("{\"code\":\"c\"}", POLY(SQUARE)));
    geojson_collection *c = NULL;
    char err[256];
    geojson_options opt = {.code_property = "code", .max_features = 2};
    assert_int_equal(geojson_parse(three, strlen(three), &opt, &c, err, sizeof err),
                     GEOJSON_ELIMIT);
    assert_non_null(strstr(err, "more than 2 features"));
    assert_null(c);
    opt.max_features = 3;
    opt.max_points = 14;
    assert_int_equal(geojson_parse(three, strlen(three), &opt, &c, err, sizeof err),
                     GEOJSON_ELIMIT);
    assert_non_null(strstr(err, "features[2].geometry.coordinates[0]"));
    assert_non_null(strstr(err, "more than 14 positions"));
    opt.max_points = 15;
    assert_int_equal(geojson_parse(three, strlen(three), &opt, &c, err, sizeof err), GEOJSON_OK);
    assert_int_equal(c->points, 15);
    geojson_free(c);
    opt.max_bytes = strlen(three) - 1;
    assert_int_equal(geojson_parse(three, strlen(three), &opt, &c, err, sizeof err),
                     GEOJSON_ELIMIT);
    assert_non_null(strstr(err, "larger than"));
}

static int ring_ccw(const json_t *ring)
{
    double s = 0;
    size_t n = json_array_size(ring);
    for (size_t i = 0; i + 1 < n; i++) {
        const json_t *a = json_array_get(ring, i), *b = json_array_get(ring, i + 1);
        s += json_real_value(json_array_get(a, 0)) * json_real_value(json_array_get(b, 1)) -
             json_real_value(json_array_get(b, 0)) * json_real_value(json_array_get(a, 1));
    }
    return s > 0;
}

/* The same ring, perhaps run the other way. */
static int same_ring(const geo_ring *a, const geo_ring *b)
{
    if (a->n != b->n)
        return 0;
    int fwd = 1, rev = 1;
    for (size_t i = 0; i < a->n; i++) {
        size_t j = a->n - 1 - i;
        fwd &= a->xy[2 * i] == b->xy[2 * i] && a->xy[2 * i + 1] == b->xy[2 * i + 1];
        rev &= a->xy[2 * i] == b->xy[2 * j] && a->xy[2 * i + 1] == b->xy[2 * j + 1];
    }
    return fwd || rev;
}

static void test_geojson_write_roundtrip(void **state)
{
    (void)state;
    for (size_t i = 0; i < wijken->n; i++) {
        const geo_multipolygon *mp = &wijken->features[i].geom;
        json_t *g = geojson_write_geometry(mp);
        assert_non_null(g);
        assert_string_equal(json_string_value(json_object_get(g, "type")),
                            mp->npolys == 1 ? "Polygon" : "MultiPolygon");
        /* Through text and back, exactly. */
        char *text = json_dumps(g, JSON_COMPACT);
        assert_non_null(text);
        json_t *back = json_loads(text, 0, NULL);
        assert_non_null(back);
        arena *a = arena_new(4096);
        geo_multipolygon mp2;
        char err[256];
        assert_int_equal(geojson_parse_geometry(back, a, 0, &mp2, err, sizeof err), GEOJSON_OK);
        assert_int_equal(mp2.npolys, mp->npolys);
        for (size_t p = 0; p < mp->npolys; p++) {
            assert_int_equal(mp2.polys[p].nrings, mp->polys[p].nrings);
            for (size_t r = 0; r < mp->polys[p].nrings; r++)
                assert_true(same_ring(&mp->polys[p].rings[r], &mp2.polys[p].rings[r]));
            /* RFC 7946 winding: outer rings counterclockwise. */
            const json_t *coords = json_object_get(g, "coordinates");
            const json_t *poly = mp->npolys == 1 ? coords : json_array_get(coords, p);
            assert_true(ring_ccw(json_array_get(poly, 0)));
        }
        arena_free(a);
        json_decref(back);
        free(text);
        json_decref(g);
    }

    /* A clockwise hole-less square without its closing point is closed, and
     * a hole is written clockwise. */
    double cw[] = {4.50, 52.00, 4.50, 52.01, 4.51, 52.01, 4.51, 52.00};
    double hole[] = {4.504, 52.004, 4.506, 52.004, 4.506, 52.006, 4.504, 52.006, 4.504, 52.004};
    geo_ring rings[2] = {{cw, 4}, {hole, 5}};
    geo_polygon p = {rings, 2};
    geo_multipolygon mp = {&p, 1};
    json_t *g = geojson_write_geometry(&mp);
    assert_non_null(g);
    const json_t *coords = json_object_get(g, "coordinates");
    assert_int_equal(json_array_size(json_array_get(coords, 0)), 5);
    assert_true(ring_ccw(json_array_get(coords, 0)));
    assert_false(ring_ccw(json_array_get(coords, 1)));
    /* With JSON_REAL_PRECISION(10) the numbers read as they were written. */
    char *text = json_dumps(g, JSON_COMPACT | JSON_REAL_PRECISION(10));
    assert_non_null(strstr(text, "[4.504,52.004]"));
    assert_non_null(strstr(text, "[4.5,52.0]"));
    free(text);
    json_decref(g);

    geo_multipolygon none = {NULL, 0};
    assert_null(geojson_write_geometry(&none));
    assert_null(geojson_write_geometry(NULL));
    rings[0].n = 2;
    assert_null(geojson_write_geometry(&mp));
}

static void test_geojson_parse_geometry(void **state)
{
    (void)state;
    arena *a = arena_new(4096);
    geo_multipolygon mp;
    char err[256];
    json_t *g = json_loads(POLY(SQUARE), 0, NULL);
    assert_int_equal(geojson_parse_geometry(g, a, 0, &mp, err, sizeof err), GEOJSON_OK);
    assert_int_equal(mp.npolys, 1);
    assert_int_equal(geojson_parse_geometry(g, a, 4, &mp, err, sizeof err), GEOJSON_ELIMIT);
    assert_int_equal(mp.npolys, 0);
    json_decref(g);
    g = json_loads("{\"type\":\"LineString\",\"coordinates\":[[4,52],[5,52]]}", 0, NULL);
    assert_int_equal(geojson_parse_geometry(g, a, 0, &mp, err, sizeof err), GEOJSON_EINVALID);
    assert_string_equal(err, "geometry.type: LineString is not an area (Polygon or MultiPolygon)");
    json_decref(g);
    assert_int_equal(geojson_parse_geometry(NULL, a, 0, &mp, err, sizeof err), GEOJSON_EINVALID);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_wijken),
        cmocka_unit_test(test_buurten_land_in_their_wijk),
        cmocka_unit_test(test_clearly_inside),
        cmocka_unit_test(test_border_vertices_and_edges),
        cmocka_unit_test(test_gap_goes_to_nearest),
        cmocka_unit_test(test_overlap_first_match),
        cmocka_unit_test(test_outside_nearby_and_far),
        cmocka_unit_test(test_locate_bad_input),
        cmocka_unit_test(test_index_bbox),
        cmocka_unit_test(test_concurrent_reads),
        cmocka_unit_test(test_speed),
        cmocka_unit_test(test_square_edges),
        cmocka_unit_test(test_distance),
        cmocka_unit_test(test_area_centroid_label),
        cmocka_unit_test(test_index_errors),
        cmocka_unit_test(test_geojson_valid),
        cmocka_unit_test(test_geojson_empty),
        cmocka_unit_test(test_geojson_invalid_types),
        cmocka_unit_test(test_geojson_codes),
        cmocka_unit_test(test_geojson_unclosed_and_short_rings),
        cmocka_unit_test(test_geojson_numbers),
        cmocka_unit_test(test_geojson_syntax),
        cmocka_unit_test(test_geojson_limits),
        cmocka_unit_test(test_geojson_write_roundtrip),
        cmocka_unit_test(test_geojson_parse_geometry),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
