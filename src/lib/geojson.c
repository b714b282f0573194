/*
 * geojson.c: the strict GeoJSON reader and the geometry writer; see geojson.h.
 *
 * jansson does the JSON (UTF-8 checked, no NUL in strings, duplicate keys
 * rejected, nesting bounded); this file walks the tree, checks it against
 * the subset of RFC 7946 that describes areas, and copies the positions into
 * flat arrays of doubles held by one arena per collection.
 */
#include "geojson.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ctx {
    arena *mem;
    size_t points;
    size_t max_points;
    char *err;
    size_t errlen;
};

/* Writes the error message; returns st so that callers can `return fail(...)`. */
static geojson_status fail(struct ctx *c, geojson_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static geojson_status fail(struct ctx *c, geojson_status st, const char *fmt, ...)
{
    if (c->err && c->errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(c->err, c->errlen, fmt, ap);
        va_end(ap);
    }
    return st;
}

/* The GeoJSON type names, so that an error can name a known type without
 * ever echoing an unknown string from the input. */
static const char *known_type(const json_t *type)
{
    static const char *const names[] = {
        "Point",        "MultiPoint",         "LineString", "MultiLineString",  "Polygon",
        "MultiPolygon", "GeometryCollection", "Feature",    "FeatureCollection"};
    const char *s = json_string_value(type);
    if (!s)
        return NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(s, names[i]) == 0)
            return names[i];
    return NULL;
}

/* One position [lon, lat] or [lon, lat, alt] (the altitude is checked and
 * dropped) into xy[0..1]. path names the ring; i is the position's index. */
static geojson_status parse_position(struct ctx *c, const json_t *pos, const char *path, size_t i,
                                     /* out: */ double *xy)
{
    if (!json_is_array(pos))
        return fail(c, GEOJSON_EINVALID, "%s[%zu]: a position must be an array of numbers", path,
                    i);
    size_t n = json_array_size(pos);
    if (n < 2 || n > 3)
        return fail(c, GEOJSON_EINVALID, "%s[%zu]: a position has 2 or 3 numbers, not %zu", path, i,
                    n);
    for (size_t k = 0; k < n; k++) {
        const json_t *v = json_array_get(pos, k);
        if (!json_is_number(v))
            return fail(c, GEOJSON_EINVALID, "%s[%zu][%zu]: a coordinate must be a number", path, i,
                        k);
        if (!isfinite(json_number_value(v)))
            return fail(c, GEOJSON_EINVALID, "%s[%zu][%zu]: a coordinate must be finite", path, i,
                        k);
    }
    double lon = json_number_value(json_array_get(pos, 0));
    double lat = json_number_value(json_array_get(pos, 1));
    if (lon < -180 || lon > 180)
        return fail(c, GEOJSON_EINVALID,
                    "%s[%zu]: longitude %.6g is not in [-180, 180] (WGS84 lon,lat expected)", path,
                    i, lon);
    if (lat < -90 || lat > 90)
        return fail(c, GEOJSON_EINVALID,
                    "%s[%zu]: latitude %.6g is not in [-90, 90] (WGS84 lon,lat expected)", path, i,
                    lat);
    xy[0] = lon;
    xy[1] = lat;
    return GEOJSON_OK;
}

static geojson_status parse_ring(struct ctx *c, const json_t *ring, const char *path,
                                 /* out: */ geo_ring *out)
{
    if (!json_is_array(ring))
        return fail(c, GEOJSON_EINVALID, "%s: a ring must be an array of positions", path);
    size_t n = json_array_size(ring);
    if (n < 4)
        return fail(c, GEOJSON_EINVALID, "%s: a ring has %zu positions, at least 4 are needed",
                    path, n);
    if (n > c->max_points - c->points)
        return fail(c, GEOJSON_ELIMIT, "%s: more than %zu positions in all", path, c->max_points);
    c->points += n;
    double *xy = arena_calloc(c->mem, n, 2 * sizeof(double));
    if (!xy)
        return fail(c, GEOJSON_ENOMEM, "%s: out of memory", path);
    for (size_t i = 0; i < n; i++) {
        geojson_status st = parse_position(c, json_array_get(ring, i), path, i, &xy[2 * i]);
        if (st)
            return st;
    }
    /* Closed means the same position, exactly: RFC 7946 3.1.6. */
    if (xy[0] != xy[2 * n - 2] || xy[1] != xy[2 * n - 1])
        return fail(c, GEOJSON_EINVALID,
                    "%s: the ring is not closed (its last position must repeat the first)", path);
    out->xy = xy;
    out->n = n;
    return GEOJSON_OK;
}

static geojson_status parse_polygon(struct ctx *c, const json_t *rings, const char *path,
                                    /* out: */ geo_polygon *out)
{
    if (!json_is_array(rings))
        return fail(c, GEOJSON_EINVALID, "%s: a polygon must be an array of rings", path);
    size_t n = json_array_size(rings);
    if (n == 0)
        return fail(c, GEOJSON_EINVALID, "%s: a polygon needs at least its outer ring", path);
    out->rings = arena_calloc(c->mem, n, sizeof *out->rings);
    if (!out->rings)
        return fail(c, GEOJSON_ENOMEM, "%s: out of memory", path);
    for (size_t r = 0; r < n; r++) {
        char sub[160];
        snprintf(sub, sizeof sub, "%s[%zu]", path, r);
        geojson_status st = parse_ring(c, json_array_get(rings, r), sub, &out->rings[r]);
        if (st)
            return st;
        out->nrings++;
    }
    return GEOJSON_OK;
}

/* A geometry object; where is the path of the object, e.g. "features[2].geometry". */
static geojson_status parse_geometry(struct ctx *c, const json_t *g, const char *where,
                                     /* out: */ geo_multipolygon *mp)
{
    memset(mp, 0, sizeof *mp);
    if (json_is_null(g))
        return fail(c, GEOJSON_EINVALID, "%s: is null, but every feature must be an area", where);
    if (!json_is_object(g))
        return fail(c, GEOJSON_EINVALID, "%s: must be an object", where);
    const json_t *type = json_object_get(g, "type");
    if (!json_is_string(type))
        return fail(c, GEOJSON_EINVALID, "%s.type: missing or not a string", where);
    const char *t = json_string_value(type);
    int multi;
    if (strcmp(t, "Polygon") == 0)
        multi = 0;
    else if (strcmp(t, "MultiPolygon") == 0)
        multi = 1;
    else if (known_type(type))
        return fail(c, GEOJSON_EINVALID, "%s.type: %s is not an area (Polygon or MultiPolygon)",
                    where, known_type(type));
    else
        return fail(c, GEOJSON_EINVALID, "%s.type: unknown geometry type", where);

    const json_t *coords = json_object_get(g, "coordinates");
    char path[128];
    snprintf(path, sizeof path, "%s.coordinates", where);
    if (!json_is_array(coords))
        return fail(c, GEOJSON_EINVALID, "%s: missing or not an array", path);
    if (!multi) {
        mp->polys = arena_calloc(c->mem, 1, sizeof *mp->polys);
        if (!mp->polys)
            return fail(c, GEOJSON_ENOMEM, "%s: out of memory", path);
        geojson_status st = parse_polygon(c, coords, path, &mp->polys[0]);
        if (st)
            return st;
        mp->npolys = 1;
        return GEOJSON_OK;
    }
    size_t n = json_array_size(coords);
    if (n == 0)
        return fail(c, GEOJSON_EINVALID, "%s: a MultiPolygon needs at least one polygon", path);
    mp->polys = arena_calloc(c->mem, n, sizeof *mp->polys);
    if (!mp->polys)
        return fail(c, GEOJSON_ENOMEM, "%s: out of memory", path);
    for (size_t p = 0; p < n; p++) {
        char sub[160];
        snprintf(sub, sizeof sub, "%s[%zu]", path, p);
        geojson_status st = parse_polygon(c, json_array_get(coords, p), sub, &mp->polys[p]);
        if (st)
            return st;
        mp->npolys++;
    }
    return GEOJSON_OK;
}

/* A code or name: a JSON string of 1..max bytes without control characters
 * (jansson has already checked the UTF-8 and refused NUL). An integer is
 * accepted for codes (allow_int), written in decimal. Returns NULL with the
 * message in c on error. */
static const char *text_value(struct ctx *c, const json_t *v, size_t max, int allow_int,
                              const char *what, size_t fi, geojson_status *st)
{
    if (allow_int && json_is_integer(v)) {
        const char *num = arena_printf(c->mem, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        if (!num)
            *st = fail(c, GEOJSON_ENOMEM, "features[%zu]: out of memory", fi);
        return num;
    }
    if (!json_is_string(v)) {
        *st = fail(c, GEOJSON_EINVALID, "features[%zu]: the %s must be a string", fi, what);
        return NULL;
    }
    size_t len = json_string_length(v);
    const char *s = json_string_value(v);
    if (len == 0 || len > max) {
        *st = fail(c, GEOJSON_EINVALID, "features[%zu]: the %s must be 1 to %zu bytes long", fi,
                   what, max);
        return NULL;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch < 0x20 || ch == 0x7f) {
            *st = fail(c, GEOJSON_EINVALID, "features[%zu]: the %s has a control character", fi,
                       what);
            return NULL;
        }
    }
    const char *copy = arena_strndup(c->mem, s, len);
    if (!copy)
        *st = fail(c, GEOJSON_ENOMEM, "features[%zu]: out of memory", fi);
    return copy;
}

static geojson_status parse_feature(struct ctx *c, const json_t *f, size_t fi,
                                    const geojson_options *opt, /* out: */ geojson_feature *out)
{
    if (!json_is_object(f))
        return fail(c, GEOJSON_EINVALID, "features[%zu]: a feature must be an object", fi);
    const json_t *type = json_object_get(f, "type");
    if (!json_is_string(type) || strcmp(json_string_value(type), "Feature") != 0)
        return fail(c, GEOJSON_EINVALID, "features[%zu].type: must be \"Feature\"", fi);

    json_t *props = json_object_get(f, "properties");
    if (props && !json_is_object(props) && !json_is_null(props))
        return fail(c, GEOJSON_EINVALID, "features[%zu].properties: must be an object or null", fi);
    if (json_is_object(props))
        out->properties = json_incref(props);
    else if (!(out->properties = json_object()))
        return fail(c, GEOJSON_ENOMEM, "features[%zu]: out of memory", fi);

    geojson_status st = GEOJSON_OK;
    const json_t *code = NULL;
    if (opt->code_property)
        code = json_object_get(out->properties, opt->code_property);
    if (code) {
        out->code = text_value(c, code, GEOJSON_MAX_CODE, 1, "code property", fi, &st);
    } else if ((code = json_object_get(f, "id"))) {
        out->code = text_value(c, code, GEOJSON_MAX_CODE, 1, "id", fi, &st);
    } else if (opt->code_property) {
        return fail(c, GEOJSON_EINVALID, "features[%zu]: no \"%s\" property and no id", fi,
                    opt->code_property);
    } else {
        return fail(c, GEOJSON_EINVALID, "features[%zu]: no id", fi);
    }
    if (!out->code)
        return st;

    if (opt->name_property) {
        const json_t *name = json_object_get(out->properties, opt->name_property);
        if (name &&
            !(out->name = text_value(c, name, GEOJSON_MAX_NAME, 0, "name property", fi, &st)))
            return st;
    }

    char where[64];
    snprintf(where, sizeof where, "features[%zu].geometry", fi);
    const json_t *g = json_object_get(f, "geometry");
    if (!g)
        return fail(c, GEOJSON_EINVALID, "%s: missing", where);
    return parse_geometry(c, g, where, &out->geom);
}

static int cmp_feature_code(const void *a, const void *b)
{
    const geojson_feature *x = *(const geojson_feature *const *)a;
    const geojson_feature *y = *(const geojson_feature *const *)b;
    int d = strcmp(x->code, y->code);
    /* Ties by position, so that the first of two duplicates is named first. */
    return d ? d : (x > y) - (x < y);
}

/* Every code must name one area: find the first repeat. */
static geojson_status check_unique(struct ctx *c, geojson_collection *col)
{
    if (col->n < 2)
        return GEOJSON_OK;
    const geojson_feature **v = malloc(col->n * sizeof *v);
    if (!v)
        return fail(c, GEOJSON_ENOMEM, "out of memory");
    for (size_t i = 0; i < col->n; i++)
        v[i] = &col->features[i];
    qsort(v, col->n, sizeof *v, cmp_feature_code);
    geojson_status st = GEOJSON_OK;
    size_t first = 0, dup = 0;
    for (size_t i = 1; i < col->n; i++) {
        if (strcmp(v[i - 1]->code, v[i]->code) == 0) {
            size_t a = (size_t)(v[i - 1] - col->features), b = (size_t)(v[i] - col->features);
            if (st == GEOJSON_OK || b < dup) {
                st = GEOJSON_EINVALID;
                first = a;
                dup = b;
            }
        }
    }
    free(v);
    if (st)
        return fail(c, st, "features[%zu]: its code repeats the code of features[%zu]", dup, first);
    return GEOJSON_OK;
}

void geojson_free(geojson_collection *col)
{
    if (!col)
        return;
    for (size_t i = 0; col->features && i < col->n; i++)
        json_decref(col->features[i].properties);
    arena_free(col->mem);
    free(col);
}

geojson_status geojson_parse(const char *text, size_t len, const geojson_options *opt,
                             /* out: */ geojson_collection **out, /* out: */ char *err,
                             size_t errlen)
{
    static const geojson_options defaults = {0};
    if (!opt)
        opt = &defaults;
    size_t max_bytes = opt->max_bytes ? opt->max_bytes : GEOJSON_MAX_BYTES;
    size_t max_features = opt->max_features ? opt->max_features : GEOJSON_MAX_FEATURES;
    struct ctx c = {.max_points = opt->max_points ? opt->max_points : GEOJSON_MAX_POINTS,
                    .err = err,
                    .errlen = errlen};
    *out = NULL;
    if (err && errlen)
        err[0] = '\0';
    if (len > max_bytes)
        return fail(&c, GEOJSON_ELIMIT, "the file is larger than %zu bytes", max_bytes);

    json_error_t je;
    json_t *root = json_loadb(text ? text : "", text ? len : 0, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        /* jansson's text ends with " near '<input>'": keep the input out. */
        char *near = strstr(je.text, " near '");
        if (near)
            *near = '\0';
        return fail(&c, GEOJSON_ESYNTAX, "not valid JSON at line %d, column %d: %s", je.line,
                    je.column, je.text);
    }

    geojson_status st = GEOJSON_OK;
    geojson_collection *col = calloc(1, sizeof *col);
    if (!col || !(col->mem = c.mem = arena_new(64 * 1024))) {
        st = fail(&c, GEOJSON_ENOMEM, "out of memory");
        goto fail;
    }
    const json_t *type = json_object_get(root, "type");
    if (!json_is_object(root) || !json_is_string(type) ||
        strcmp(json_string_value(type), "FeatureCollection") != 0) {
        st = fail(&c, GEOJSON_EINVALID, "type: the top level must be a FeatureCollection");
        goto fail;
    }
    const json_t *features = json_object_get(root, "features");
    if (!json_is_array(features)) {
        st = fail(&c, GEOJSON_EINVALID, "features: missing or not an array");
        goto fail;
    }
    size_t n = json_array_size(features);
    if (n > max_features) {
        st = fail(&c, GEOJSON_ELIMIT, "features: more than %zu features", max_features);
        goto fail;
    }
    col->features = arena_calloc(c.mem, n ? n : 1, sizeof *col->features);
    if (!col->features) {
        st = fail(&c, GEOJSON_ENOMEM, "out of memory");
        goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        /* Counted before parsing so that geojson_free releases the properties
         * of a feature that fails halfway. */
        col->n++;
        st = parse_feature(&c, json_array_get(features, i), i, opt, &col->features[i]);
        if (st)
            goto fail;
    }
    st = check_unique(&c, col);
    if (st)
        goto fail;
    col->points = c.points;
    json_decref(root);
    *out = col;
    return GEOJSON_OK;
fail:
    geojson_free(col);
    json_decref(root);
    return st;
}

geojson_status geojson_parse_geometry(const json_t *geometry, arena *a, size_t max_points,
                                      /* out: */ geo_multipolygon *mp, /* out: */ char *err,
                                      size_t errlen)
{
    struct ctx c = {.mem = a,
                    .max_points = max_points ? max_points : GEOJSON_MAX_POINTS,
                    .err = err,
                    .errlen = errlen};
    if (err && errlen)
        err[0] = '\0';
    if (!geometry) {
        memset(mp, 0, sizeof *mp);
        return fail(&c, GEOJSON_EINVALID, "geometry: missing");
    }
    geojson_status st = parse_geometry(&c, geometry, "geometry", mp);
    if (st)
        memset(mp, 0, sizeof *mp);
    return st;
}

/* Twice the signed area of a ring: > 0 when it runs counterclockwise. */
static double ring_winding(const geo_ring *r)
{
    double s = 0, ox = r->xy[0], oy = r->xy[1];
    for (size_t i = 0, j = r->n - 1; i < r->n; j = i++)
        s += (r->xy[2 * j] - ox) * (r->xy[2 * i + 1] - oy) -
             (r->xy[2 * i] - ox) * (r->xy[2 * j + 1] - oy);
    return s;
}

static int append_position(json_t *ring, const double *xy)
{
    json_t *pos = json_array();
    if (!pos || json_array_append_new(pos, json_real(xy[0])) ||
        json_array_append_new(pos, json_real(xy[1]))) {
        json_decref(pos);
        return -1;
    }
    return json_array_append_new(ring, pos);
}

static json_t *write_ring(const geo_ring *r, int outer)
{
    if (r->n < 3 || !r->xy)
        return NULL;
    double w = ring_winding(r);
    int reverse = outer ? w < 0 : w > 0;
    json_t *ring = json_array();
    if (!ring)
        return NULL;
    for (size_t k = 0; k < r->n; k++) {
        size_t i = reverse ? r->n - 1 - k : k;
        if (append_position(ring, &r->xy[2 * i]))
            goto fail;
    }
    /* Close it when the source did not (it came from elsewhere than here). */
    size_t last = r->n - 1;
    if (r->xy[0] != r->xy[2 * last] || r->xy[1] != r->xy[2 * last + 1]) {
        size_t i = reverse ? last : 0;
        if (append_position(ring, &r->xy[2 * i]))
            goto fail;
    }
    return ring;
fail:
    json_decref(ring);
    return NULL;
}

json_t *geojson_write_geometry(const geo_multipolygon *mp)
{
    if (!mp || mp->npolys == 0)
        return NULL;
    json_t *polys = json_array();
    if (!polys)
        return NULL;
    for (size_t p = 0; p < mp->npolys; p++) {
        const geo_polygon *poly = &mp->polys[p];
        json_t *rings = json_array();
        if (!rings || json_array_append_new(polys, rings) || poly->nrings == 0)
            goto fail;
        for (size_t r = 0; r < poly->nrings; r++) {
            json_t *ring = write_ring(&poly->rings[r], r == 0);
            if (!ring || json_array_append_new(rings, ring))
                goto fail;
        }
    }
    json_t *g = json_object();
    if (!g)
        goto fail;
    int multi = mp->npolys > 1;
    json_t *coords = multi ? json_incref(polys) : json_incref(json_array_get(polys, 0));
    if (json_object_set_new(g, "type", json_string(multi ? "MultiPolygon" : "Polygon")) ||
        json_object_set_new(g, "coordinates", coords)) {
        json_decref(g);
        goto fail;
    }
    json_decref(polys);
    return g;
fail:
    json_decref(polys);
    return NULL;
}
