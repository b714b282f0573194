/*
 * fuzz_geojson.c: libFuzzer target for the GeoJSON reader and what is built
 * on its output.
 *
 * Area files come from outside (CBS, a GIS team, an upload in the back
 * office), so the reader must refuse any input cleanly. Whatever it accepts
 * is then put through everything the application does with areas: an index
 * is built and points are located (fixed ones and some taken from the
 * input), label points must lie inside their polygon, and the writer's output
 * must read back to the same number of positions.
 */
#include "lib/geo.h"
#include "lib/geojson.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static double take(const uint8_t *data, size_t size, size_t at, double lo, double hi)
{
    uint16_t v = 0;
    if (size >= 2)
        v = (uint16_t)(data[at % size] | data[(at + 1) % size] << 8);
    return lo + (hi - lo) * v / 65535.0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    geojson_options opt = {.code_property = "wijkcode",
                           .name_property = "wijknaam",
                           .max_features = 1000,
                           .max_points = 20000};
    geojson_collection *c = NULL;
    char err[256];
    if (geojson_parse((const char *)data, size, &opt, &c, err, sizeof err) != GEOJSON_OK) {
        if (c || !memchr(err, '\0', sizeof err) || err[0] == '\0')
            abort(); /* an error always comes with a message and no result */
        return 0;
    }
    if (c->n > opt.max_features || c->points > opt.max_points)
        abort();

    geo_area *areas = calloc(c->n ? c->n : 1, sizeof *areas);
    if (!areas)
        abort();
    for (size_t i = 0; i < c->n; i++) {
        areas[i].id = (int64_t)i + 1;
        areas[i].geom = &c->features[i].geom;
        if (!c->features[i].code || !c->features[i].code[0] || !c->features[i].properties)
            abort();
    }
    geo_area_index *ix = NULL;
    if (geo_index_new(areas, c->n, GEO_DEFAULT_MAX_SNAP_M, &ix) != GEO_OK)
        abort(); /* everything the reader accepts must index */

    const double fixed[][2] = {{52.0603, 4.4913}, {52.0786, 4.2887}, {0, 0},
                               {90, 180},         {-90, -180},       {52.0, 4.5}};
    for (size_t k = 0; k < sizeof fixed / sizeof fixed[0] + 4; k++) {
        double lat, lon, d = -1;
        if (k < sizeof fixed / sizeof fixed[0]) {
            lat = fixed[k][0];
            lon = fixed[k][1];
        } else {
            lat = take(data, size, 4 * k, -90, 90);
            lon = take(data, size, 4 * k + 2, -180, 180);
        }
        int64_t id = geo_locate(ix, lat, lon, &d);
        if (id < 0 || (size_t)id > c->n || isnan(d) || d < 0)
            abort();
        if (id > 0 && d > GEO_DEFAULT_MAX_SNAP_M)
            abort();
    }
    geo_bbox bb;
    if (geo_index_bbox(ix, &bb) == 0 && (bb.min_lon > bb.max_lon || bb.min_lat > bb.max_lat))
        abort();

    for (size_t i = 0; i < c->n; i++) {
        const geo_multipolygon *mp = &c->features[i].geom;
        /* A label point lies inside its own area (edges included). */
        double lat, lon;
        if (geo_label_point(mp, &lat, &lon) == 0) {
            geo_area one = {1, mp};
            geo_area_index *oi = NULL;
            double d = -1;
            if (geo_index_new(&one, 1, 0, &oi) != GEO_OK || geo_locate(oi, lat, lon, &d) != 1 ||
                d != 0)
                abort();
            geo_index_free(oi);
        }
        (void)geo_area_m2(mp);
        (void)geo_centroid(mp, &lat, &lon);

        /* Written and read back: as many polygons, rings and positions. */
        json_t *g = geojson_write_geometry(mp);
        if (!g)
            abort();
        arena *a = arena_new(4096);
        geo_multipolygon back;
        if (!a || geojson_parse_geometry(g, a, 0, &back, err, sizeof err) != GEOJSON_OK ||
            back.npolys != mp->npolys)
            abort();
        for (size_t p = 0; p < mp->npolys; p++) {
            if (back.polys[p].nrings != mp->polys[p].nrings)
                abort();
            for (size_t r = 0; r < mp->polys[p].nrings; r++)
                if (back.polys[p].rings[r].n != mp->polys[p].rings[r].n)
                    abort();
        }
        arena_free(a);
        json_decref(g);
    }
    geo_index_free(ix);
    free(areas);
    geojson_free(c);
    return 0;
}
