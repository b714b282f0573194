/*
 * seed.c: the reference data of Zoetermeer and the demo organisation.
 *
 * Sources (data/SOURCES.md): CBS wijk polygons and population (2022
 * division, which has the same wijk codes as the 2014 buurten table), the
 * three wijkregisseur regions from the audit, the departments, care network
 * and partners of demo-organisation.json (a new installation's defaults),
 * the 12 focuspunten of 2016 as history, and the 2016 budget lines of
 * wijkgericht werken (budget-2016.json), and the menu of participation
 * methods (methoden.json). The demo adds fictional people in
 * public functions, the demo accounts and the budgets of later years.
 */
#include "seed.h"

#include "domain/consult.h"
#include "domain/vote.h"
#include "domain/notify.h"
#include "domain/resident.h"

#include "domain/auth.h"
#include "domain/budget.h"
#include "domain/counter.h"
#include "domain/demo.h"
#include "domain/method.h"
#include "domain/story.h"
#include "domain/survey.h"
#include "domain/meeting.h"
#include "domain/spreekuur.h"
#include "domain/wijkteam.h"
#include "domain/user.h"
#include "lib/csv.h"
#include "lib/embed.h"
#include "lib/geo.h"
#include "lib/geojson.h"
#include "store/counter_store.h"
#include "store/org_store.h"
#include "store/signal_store.h"
#include "store/survey_store.h"
#include "store/user_store.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The CBS division of 2022 kept the wijk codes in use since at least 2014;
 * CBS re-divided Zoetermeer in 2025, which this installation has not loaded,
 * so the 2022 division stays in force here until one is imported. */
#define WIJK_VALID_FROM "2014-01-01"
/* The three wijkregisseur regions replaced six wijkmanagers in 2015. */
#define REGION_VALID_FROM   "2015-01-01"
#define DEMO_FUNCTIONS_FROM "2025-01-01"

void seed_slugify(const char *name, char *out, size_t cap)
{
    size_t j = 0;
    int dash = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p && j + 2 < cap; p++) {
        unsigned char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (dash && j)
                out[j++] = '-';
            out[j++] = (char)c;
            dash = 0;
        } else {
            dash = 1;
        }
    }
    out[j] = '\0';
}

static json_t *load_json(const char *name, char *err, size_t errlen)
{
    const struct embed_file *f = embed_find(embedded_data, name);
    if (!f) {
        snprintf(err, errlen, "reference data %s is missing from this build", name);
        return NULL;
    }
    json_error_t je;
    json_t *j = json_loadb((const char *)f->data, f->size, JSON_REJECT_DUPLICATES, &je);
    if (!j)
        snprintf(err, errlen, "%s:%d: %s", name, je.line, je.text);
    return j;
}

static void step(const struct seed_options *o, const char *s)
{
    if (o->progress)
        o->progress(s);
}

#define CHECK(expr)                                                                                \
    do {                                                                                           \
        if ((expr) != DB_OK) {                                                                     \
            snprintf(err, errlen, "database: %s", sqlite3_errmsg(db_handle(d)));                   \
            goto fail;                                                                             \
        }                                                                                          \
    } while (0)

static int seed_areas(db *d, char *err, size_t errlen)
{
    const struct embed_file *f = embed_find(embedded_data, "zoetermeer/wijken-2022.geojson");
    if (!f) {
        snprintf(err, errlen, "wijken-2022.geojson is missing from this build");
        return -1;
    }
    geojson_options go = {.code_property = "wijkcode", .name_property = "wijknaam"};
    geojson_collection *fc = NULL;
    if (geojson_parse((const char *)f->data, f->size, &go, &fc, err, errlen) != GEOJSON_OK)
        return -1;
    int rc = -1;
    for (size_t i = 0; i < fc->n; i++) {
        const geojson_feature *ft = &fc->features[i];
        int year = (int)json_integer_value(json_object_get(ft->properties, "jaar_indeling"));
        if (year < 1900) {
            snprintf(err, errlen, "wijk %s has no jaar_indeling", ft->code);
            goto fail;
        }
        json_t *g = geojson_write_geometry(&ft->geom);
        char *gs = g ? json_dumps(g, JSON_COMPACT | JSON_REAL_PRECISION(10)) : NULL;
        json_decref(g);
        double lat = 0, lon = 0;
        geo_label_point(&ft->geom, &lat, &lon);
        char slug[128];
        seed_slugify(ft->name ? ft->name : ft->code, slug, sizeof slug);
        int64_t id = 0;
        int r = area_upsert(d, "wijk", ft->code, ft->name ? ft->name : ft->code, year, 0, gs, lat,
                            lon, slug, WIJK_VALID_FROM, &id);
        free(gs);
        CHECK(r);
    }
    rc = 0;
fail:
    geojson_free(fc);
    return rc;
}

static long long cell_int(const char *s)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    return (*s && !*end) ? v : -1;
}

static int seed_population(db *d, char *err, size_t errlen)
{
    const struct embed_file *f = embed_find(embedded_data, "zoetermeer/wijken-2022.csv");
    if (!f) {
        snprintf(err, errlen, "wijken-2022.csv is missing from this build");
        return -1;
    }
    struct csv_reader cr;
    csv_reader_init(&cr, (const char *)f->data, f->size);
    int rc = -1, row;
    if (csv_next(&cr) != 1) /* header */
        goto fail;
    while ((row = csv_next(&cr)) == 1) {
        if (cr.ncells < 9) {
            snprintf(err, errlen, "wijken-2022.csv line %d: expected 9 columns", cr.line);
            goto fail;
        }
        int64_t area = area_id_by_code(d, "wijk", cr.cells[0], 2022);
        if (!area) {
            snprintf(err, errlen, "wijken-2022.csv line %d: unknown wijk %s", cr.line, cr.cells[0]);
            goto fail;
        }
        CHECK(population_upsert(d, area, cr.cells[8], cell_int(cr.cells[2]), cell_int(cr.cells[5]),
                                cell_int(cr.cells[3]), cell_int(cr.cells[4]), cell_int(cr.cells[7]),
                                "CBS kerncijfers wijken en buurten 2022"));
    }
    if (row < 0) {
        snprintf(err, errlen, "wijken-2022.csv line %d: malformed", cr.line);
        goto fail;
    }
    rc = 0;
fail:
    csv_reader_free(&cr);
    return rc;
}

static int seed_buurten(db *d, char *err, size_t errlen)
{
    const struct embed_file *f = embed_find(embedded_data, "zoetermeer/buurten-2014.csv");
    if (!f) {
        snprintf(err, errlen, "buurten-2014.csv is missing from this build");
        return -1;
    }
    struct csv_reader cr;
    csv_reader_init(&cr, (const char *)f->data, f->size);
    int rc = -1, row;
    if (csv_next(&cr) != 1)
        goto fail;
    while ((row = csv_next(&cr)) == 1) {
        if (cr.ncells < 5) {
            snprintf(err, errlen, "buurten-2014.csv line %d: expected 5 columns", cr.line);
            goto fail;
        }
        int64_t wijk = area_id_by_code(d, "wijk", cr.cells[2], 0);
        if (!wijk) {
            snprintf(err, errlen, "buurten-2014.csv line %d: unknown wijk %s", cr.line,
                     cr.cells[2]);
            goto fail;
        }
        char slug[128];
        seed_slugify(cr.cells[1], slug, sizeof slug);
        int64_t id;
        CHECK(area_upsert(d, "buurt", cr.cells[0], cr.cells[1], 2014, wijk, NULL,
                          strtod(cr.cells[3], NULL), strtod(cr.cells[4], NULL), slug,
                          WIJK_VALID_FROM, &id));
    }
    if (row < 0) {
        snprintf(err, errlen, "buurten-2014.csv line %d: malformed", cr.line);
        goto fail;
    }
    rc = 0;
fail:
    csv_reader_free(&cr);
    return rc;
}

static int seed_regions(db *d, const char *jurisdiction, char *err, size_t errlen)
{
    json_t *org = load_json("zoetermeer/organisation.json", err, errlen);
    if (!org)
        return -1;
    int rc = -1;
    json_t *m = json_object_get(org, "municipality");
    CHECK(municipality_upsert(d, json_string_value(json_object_get(m, "code")),
                              json_string_value(json_object_get(m, "name")), jurisdiction));
    size_t i;
    json_t *reg;
    json_array_foreach(json_object_get(org, "regions"), i, reg)
    {
        const char *slug = json_string_value(json_object_get(reg, "slug"));
        const char *name = json_string_value(json_object_get(reg, "name"));
        if (!slug || !name) {
            snprintf(err, errlen, "organisation.json: region %zu without slug or name", i);
            goto fail;
        }
        int64_t rid;
        CHECK(region_upsert(d, slug, name, REGION_VALID_FROM, &rid));
        size_t k;
        json_t *code;
        json_array_foreach(json_object_get(reg, "wijken"), k, code)
        {
            int64_t aid = area_id_by_code(d, "wijk", json_string_value(code), 0);
            if (!aid) {
                snprintf(err, errlen, "organisation.json: unknown wijk %s",
                         json_string_value(code));
                goto fail;
            }
            CHECK(area_region_ensure(d, aid, rid, REGION_VALID_FROM));
        }
    }
    rc = 0;
fail:
    json_decref(org);
    return rc;
}

static const char *partner_type(const char *t)
{
    /* demo-organisation.json says "housing corporation" etc.; the schema
     * knows the same words. */
    static const char *const known[] = {"police", "youth work", "welfare",  "housing corporation",
                                        "care",   "fund",       "business", "residents group"};
    for (size_t i = 0; t && i < sizeof known / sizeof known[0]; i++)
        if (strcmp(t, known[i]) == 0)
            return known[i];
    return NULL;
}

/* The site speaks Dutch: the Dutch description ("omschrijving") when the
 * file has one, else its English "does". */
static const char *dutch_does(json_t *o)
{
    const char *nl = json_string_value(json_object_get(o, "omschrijving"));
    return nl ? nl : json_string_value(json_object_get(o, "does"));
}

static int seed_organisations(db *d, json_t *demo, char *err, size_t errlen)
{
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(demo, "departments"), i, o)
    {
        int64_t id;
        CHECK(org_upsert(d, "department", json_string_value(json_object_get(o, "code")),
                         json_string_value(json_object_get(o, "name")), NULL, dutch_does(o), &id));
    }
    json_t *cn = json_object_get(demo, "care_network");
    if (cn) {
        int64_t id;
        CHECK(org_upsert(d, "care_network", json_string_value(json_object_get(cn, "code")),
                         json_string_value(json_object_get(cn, "name")), NULL, dutch_does(cn),
                         &id));
    }
    json_array_foreach(json_object_get(demo, "partners"), i, o)
    {
        int64_t id;
        const char *t = json_string_value(json_object_get(o, "type"));
        CHECK(org_upsert(d, "partner", NULL, json_string_value(json_object_get(o, "name")),
                         partner_type(t), NULL, &id));
    }
    return 0;
fail:
    return -1;
}

static int seed_focuspunten(db *d, char *err, size_t errlen)
{
    json_t *fp = load_json("zoetermeer/focuspunten-2016.json", err, errlen);
    if (!fp)
        return -1;
    int rc = -1;
    const char *source = json_string_value(json_object_get(fp, "source"));
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(fp, "focuspunten"), i, o)
    {
        int n = (int)json_integer_value(json_object_get(o, "n"));
        const char *title = json_string_value(json_object_get(o, "title"));
        if (!n || !title) {
            snprintf(err, errlen, "focuspunten-2016.json: entry %zu without n or title", i);
            goto fail;
        }
        int64_t id;
        CHECK(focuspunt_upsert(d, n, title, "2016-01-01", "2017-12-31", "vastgesteld", source, 0,
                               &id));
        size_t k;
        json_t *code;
        json_array_foreach(json_object_get(o, "wijken"), k, code)
        {
            int64_t aid = area_id_by_code(d, "wijk", json_string_value(code), 0);
            if (!aid) {
                snprintf(err, errlen, "focuspunten-2016.json: unknown wijk %s",
                         json_string_value(code));
                goto fail;
            }
            CHECK(focuspunt_area_ensure(d, id, aid));
        }
        const char *buurt = json_string_value(json_object_get(o, "buurt"));
        if (buurt) {
            int64_t bid = area_id_by_code(d, "buurt", buurt, 0);
            if (!bid) {
                snprintf(err, errlen, "focuspunten-2016.json: unknown buurt %s", buurt);
                goto fail;
            }
            CHECK(focuspunt_area_ensure(d, id, bid));
        }
    }
    rc = 0;
fail:
    json_decref(fp);
    return rc;
}

static int seed_budget(db *d, char *err, size_t errlen)
{
    const struct embed_file *f = embed_find(embedded_data, "zoetermeer/budget-2016.json");
    if (!f) {
        snprintf(err, errlen, "budget-2016.json is missing from this build");
        return -1;
    }
    return budget_load_json(d, (const char *)f->data, f->size, err, errlen);
}

/* The menu of participation methods: general descriptions for every
 * installation; a demo adds where they were used and whom to ask. */
static int seed_methods(db *d, int demo, char *err, size_t errlen)
{
    const struct embed_file *f = embed_find(embedded_data, "zoetermeer/methoden.json");
    if (!f) {
        snprintf(err, errlen, "methoden.json is missing from this build");
        return -1;
    }
    return method_seed(d, (const char *)f->data, f->size, demo, err, errlen);
}

/* The demo's budget years run up to the demo's own year (its date, today
 * when `init` was not given one), so that this year always has figures. */
/* The demo's success stories (data/zoetermeer/demo-verhalen.json). */
static int seed_stories_demo(db *d, const char *demo_date, char *err, size_t errlen)
{
    const struct embed_file *f = embed_find(embedded_data, "zoetermeer/demo-verhalen.json");
    if (!f) {
        snprintf(err, errlen, "demo-verhalen.json is missing from this build");
        return -1;
    }
    return story_seed_demo(d, (const char *)f->data, f->size, demo_date, err, errlen);
}

static int seed_budget_demo(db *d, const char *demo_date, char *err, size_t errlen)
{
    int last_year = demo_date ? (int)strtol(demo_date, NULL, 10) : 0;
    arena *a = arena_new(1 << 14);
    if (!a) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int rc = budget_generate_demo(d, a, last_year, err, errlen);
    arena_free(a);
    return rc;
}

static bool in_json_list(json_t *list, const char *s)
{
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v)
    {
        if (json_string_value(v) && strcmp(json_string_value(v), s) == 0)
            return true;
    }
    return false;
}

/* One sub category: deadline from the Signalen configuration's service level
 * (slo_from_backend_migrations) or the configured default rule. */
static int seed_sub(db *d, int64_t parent, json_t *sub, int position, bool is_public,
                    bool confidential, json_t *texts, char *err, size_t errlen)
{
    const char *slug = json_string_value(json_object_get(sub, "slug"));
    const char *name = json_string_value(json_object_get(sub, "name"));
    if (!slug || !name) {
        snprintf(err, errlen, "category without slug or name");
        return -1;
    }
    json_t *slo = json_object_get(sub, "slo_from_backend_migrations");
    if (!slo)
        slo = json_object_get(sub, "deadline");
    int days = 5, working = 1;
    if (json_is_object(slo)) {
        days = (int)json_integer_value(json_object_get(slo, "n_days"));
        working = !json_is_true(json_object_get(slo, "use_calendar_days"));
        if (days <= 0)
            days = 5;
    }
    json_t *act = json_object_get(sub, "is_active");
    /* the municipality's own words where the reference tree speaks of another */
    const char *message = json_string_value(json_object_get(sub, "handling_message"));
    json_t *own = json_object_get(json_object_get(texts, slug), "handling_message");
    if (json_is_string(own))
        message = json_string_value(own);
    int64_t id;
    CHECK(category_upsert(d, parent, slug, name,
                          json_string_value(json_object_get(sub, "description")), message, days,
                          working, is_public,
                          confidential || json_is_true(json_object_get(sub, "confidential")),
                          act ? json_is_true(act) : 1, position, &id));
    return 0;
fail:
    return -1;
}

static int seed_categories(db *d, json_t *demo, char *err, size_t errlen)
{
    json_t *tree = load_json("mor-categories-amsterdam.json", err, errlen);
    if (!tree)
        return -1;
    int rc = -1;
    json_t *cats = json_object_get(demo, "categories");
    json_t *not_public = json_object_get(json_object_get(cats, "not_public"), "main");
    /* The tree plus the installation's additions (zorg en welzijn). */
    json_t *mains[2] = {json_object_get(tree, "tree"), json_object_get(cats, "extra")};
    int pos = 0;
    for (int t = 0; t < 2; t++) {
        size_t i;
        json_t *m;
        json_array_foreach(mains[t], i, m)
        {
            const char *slug = json_string_value(json_object_get(m, "slug"));
            if (!slug)
                slug = json_string_value(json_object_get(m, "main"));
            const char *name = json_string_value(json_object_get(m, "name"));
            if (!slug || !name) {
                snprintf(err, errlen, "main category %zu without slug or name", i);
                goto fail;
            }
            bool pub = !in_json_list(not_public, slug);
            int64_t mid;
            CHECK(category_upsert(d, 0, slug, name, NULL, NULL, 5, 1, pub, 0, 1, pos++, &mid));
            json_t *subs = json_object_get(m, "sub_categories");
            if (!subs)
                subs = json_object_get(m, "sub");
            size_t k;
            json_t *sub;
            json_array_foreach(subs, k, sub)
            {
                if (seed_sub(d, mid, sub, (int)k, pub, false, json_object_get(cats, "texts"), err,
                             errlen) != 0)
                    goto fail;
            }
        }
    }
    size_t i;
    json_t *q;
    json_array_foreach(json_object_get(cats, "questions"), i, q)
    {
        const char *sub = json_string_value(json_object_get(q, "sub"));
        int64_t cid = sub ? category_id_by_slug(d, sub, -1) : 0;
        if (!cid) {
            snprintf(err, errlen, "question %zu: unknown category %s", i, sub ? sub : "");
            goto fail;
        }
        json_t *vals = json_object_get(q, "values");
        char *choices = vals ? json_dumps(vals, JSON_COMPACT) : NULL;
        int r = category_question_upsert(d, cid, json_string_value(json_object_get(q, "code")),
                                         json_string_value(json_object_get(q, "datatype")),
                                         json_is_true(json_object_get(q, "required")),
                                         json_string_value(json_object_get(q, "description")),
                                         choices, (int)i);
        free(choices);
        CHECK(r);
    }
    rc = 0;
fail:
    json_decref(tree);
    return rc;
}

/* The default routing rules, only into an empty table (the administrator's
 * edits are never overwritten): sub-category rules first, then main
 * categories; the rest goes to the default queue. */
static int seed_routing(db *d, json_t *demo, char *err, size_t errlen)
{
    int64_t have;
    CHECK(routing_rule_count(d, &have));
    if (have)
        return 0;
    json_t *routing = json_object_get(demo, "routing");
    const char *groups[2] = {"by_sub_category", "by_main_category"};
    int pos = 10;
    for (int g = 0; g < 2; g++) {
        const char *slug;
        json_t *target;
        json_object_foreach(json_object_get(routing, groups[g]), slug, target)
        {
            int64_t cid = category_id_by_slug(d, slug, g == 1);
            const char *t = json_string_value(target);
            if (!cid || !t) {
                snprintf(err, errlen, "routing: unknown category %s", slug);
                return -1;
            }
            if (strncmp(t, "wijkregisseur", 13) == 0) {
                CHECK(routing_rule_insert(d, pos, cid, 0, 0, NULL, NULL, "wijkregisseur", 0, NULL));
            } else {
                int64_t org = org_id_by_code(d, t);
                if (!org) {
                    snprintf(err, errlen, "routing: unknown organisation %s", t);
                    return -1;
                }
                CHECK(
                    routing_rule_insert(d, pos, cid, 0, 0, NULL, NULL, "organisation", org, NULL));
            }
            pos += 10;
        }
    }
    /* The extra categories name their own target (zorgen om een buurtbewoner -> WZN). */
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(json_object_get(demo, "categories"), "extra"), i, m)
    {
        size_t k;
        json_t *sub;
        json_array_foreach(json_object_get(m, "sub"), k, sub)
        {
            const char *to = json_string_value(json_object_get(sub, "routes_to"));
            const char *slug = json_string_value(json_object_get(sub, "slug"));
            if (!to || !slug)
                continue;
            int64_t cid = category_id_by_slug(d, slug, 0), org = org_id_by_code(d, to);
            if (!cid || !org) {
                snprintf(err, errlen, "routing: unknown %s or %s", slug, to);
                return -1;
            }
            /* before everything else */
            CHECK(routing_rule_insert(d, 1, cid, 0, 0, NULL, NULL, "organisation", org, NULL));
        }
    }
    return 0;
fail:
    return -1;
}

static int seed_demo(db *d, json_t *demo, const char *password, char *err, size_t errlen)
{
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(demo, "people"), i, p)
    {
        const char *name = json_string_value(json_object_get(p, "name"));
        const char *role = json_string_value(json_object_get(p, "role"));
        int64_t pid;
        CHECK(person_upsert(d, name, json_is_true(json_object_get(p, "fictional")), &pid));
        json_t *regions = json_object_get(p, "regions");
        const char *one = json_string_value(json_object_get(p, "region"));
        size_t nreg = regions ? json_array_size(regions) : (one ? 1 : 0);
        for (size_t k = 0; k < nreg; k++) {
            const char *slug = regions ? json_string_value(json_array_get(regions, k)) : one;
            int64_t rid = region_id_by_slug(d, slug ? slug : "");
            if (!rid) {
                snprintf(err, errlen, "demo-organisation.json: unknown region %s",
                         slug ? slug : "(none)");
                return -1;
            }
            CHECK(person_function_ensure(d, pid, role, rid, DEMO_FUNCTIONS_FROM));
        }
    }
    char hash[128];
    if (auth_hash_password(password, hash) != 0) {
        snprintf(err, errlen, "cannot hash the demo password");
        return -1;
    }
    json_t *a;
    json_array_foreach(json_object_get(demo, "demo_accounts"), i, a)
    {
        const char *login = json_string_value(json_object_get(a, "login"));
        const char *role = json_string_value(json_object_get(a, "role"));
        const char *person = json_string_value(json_object_get(a, "person"));
        int ro = role_from_string(role);
        if (!login || ro < 0) {
            snprintf(err, errlen, "demo-organisation.json: account %zu: unknown role %s", i,
                     role ? role : "(none)");
            return -1;
        }
        int64_t person_id = 0;
        if (person)
            CHECK(person_upsert(d, person, 1, &person_id));
        arena *ar = arena_new(4096);
        struct user u;
        int64_t uid = 0;
        int rc = user_load_by_login(d, ar, login, &u, NULL);
        if (rc == DB_OK) {
            uid = u.id;
            rc = user_set_password(d, uid, hash);
        } else if (rc == DB_NOTFOUND) {
            /* An account without a person is named after its role and
             * department: "Medewerker vakafdeling (SB)". */
            char name[160];
            const char *dep_code = json_string_value(json_object_get(a, "department"));
            if (!dep_code)
                dep_code = json_string_value(json_object_get(a, "organisation"));
            if (person)
                snprintf(name, sizeof name, "%s", person);
            else if (dep_code)
                snprintf(name, sizeof name, "%s (%s)", role_label((enum role)ro), dep_code);
            else
                snprintf(name, sizeof name, "%s", role_label((enum role)ro));
            rc = user_insert(d, login, name, NULL, person_id, hash, &uid);
        }
        arena_free(ar);
        CHECK(rc);
        CHECK(user_clear_roles(d, uid));
        /* a department by its code, a partner organisation by its name */
        const char *dep = json_string_value(json_object_get(a, "department"));
        if (!dep)
            dep = json_string_value(json_object_get(a, "organisation"));
        int64_t org = dep ? org_id_by_code(d, dep) : 0;
        if (dep && !org) {
            snprintf(err, errlen, "demo-organisation.json: account %s: unknown organisation %s",
                     login, dep);
            return -1;
        }
        json_t *regions = json_object_get(a, "regions");
        const char *one = json_string_value(json_object_get(a, "region"));
        size_t nreg = regions ? json_array_size(regions) : (one ? 1 : 0);
        if (nreg == 0)
            CHECK(user_add_role(d, uid, role_code((enum role)ro), 0, 0, org));
        for (size_t k = 0; k < nreg; k++) {
            const char *slug = regions ? json_string_value(json_array_get(regions, k)) : one;
            int64_t rid = region_id_by_slug(d, slug ? slug : "");
            CHECK(user_add_role(d, uid, role_code((enum role)ro), rid, 0, org));
        }
    }
    /* residents who take part: they log in with a link, never a password */
    json_array_foreach(json_object_get(demo, "demo_residents"), i, a)
    {
        const char *interests[RESIDENT_MAX_INTERESTS];
        json_t *list = json_object_get(a, "interests"), *it;
        size_t k, n = 0;
        json_array_foreach(list, k, it) if (n < RESIDENT_MAX_INTERESTS) interests[n++] =
            json_string_value(it);
        struct resident_input in = {
            .email = json_string_value(json_object_get(a, "email")),
            .name = json_string_value(json_object_get(a, "name")),
            .wijk = json_string_value(json_object_get(a, "wijk")),
            .age_band = json_string_value(json_object_get(a, "age_band")),
            .interests = interests,
            .ninterests = n,
        };
        arena *ar = arena_new(8192);
        int rc = ar ? resident_demo_ensure(d, ar, &in, (int64_t)time(NULL)) : RESIDENT_ERROR;
        /* a demo resident may have chosen e-mail about news */
        const char *mode = json_string_value(json_object_get(a, "notifications"));
        if (rc == 0 && mode && notify_demo_choose(d, ar, in.email, mode, (int64_t)time(NULL)) != 0)
            rc = RESIDENT_ERROR;
        arena_free(ar);
        if (rc != 0) {
            snprintf(err, errlen, "demo-organisation.json: resident %zu cannot be added", i);
            return -1;
        }
    }
    return 0;
fail:
    return -1;
}

/* The demo's counter locations with their hours and the organisations in
 * their buildings (demo-balies.json). A location that exists already is
 * left as it is: its hours may have been changed since. */
static const char *or_empty(const char *s)
{
    return s ? s : "";
}

static int seed_counters(db *d, char *err, size_t errlen)
{
    json_t *j = load_json("zoetermeer/demo-balies.json", err, errlen);
    if (!j)
        return -1;
    arena *a = arena_new(1 << 14);
    if (!a) {
        snprintf(err, errlen, "out of memory");
        json_decref(j);
        return -1;
    }
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(j, "organisations"), i, o)
    {
        const char *name = json_string_value(json_object_get(o, "name"));
        int64_t id = name ? org_id_by_code(d, name) : 0;
        if (!id)
            CHECK(org_upsert(d, "partner", NULL, name, NULL, NULL, &id));
        CHECK(org_register_set(d, id, json_string_value(json_object_get(o, "helps_with")),
                               json_string_value(json_object_get(o, "email")),
                               json_is_true(json_object_get(o, "uses_wijkregie"))));
    }
    json_array_foreach(json_object_get(j, "locations"), i, o)
    {
        const char *name = json_string_value(json_object_get(o, "name"));
        if (!name || counter_location_id_by_name(d, name))
            continue;
        struct counter_location_row l = {
            .name = name,
            .address = json_string_value(json_object_get(o, "address")),
            .kind = json_string_value(json_object_get(o, "kind")),
            .active = true,
            .area_id = area_id_by_code(
                d, "wijk", or_empty(json_string_value(json_object_get(o, "wijk"))), 2022)};
        json_t *h = json_object_get(o, "hours");
        for (int k = 0; k < 7; k++)
            l.hours[k] = or_empty(json_string_value(json_array_get(h, (size_t)k)));
        struct counter_problem p[COUNTER_MAX_PROBLEMS];
        if (counter_location_validate(a, &l, p) != 0) {
            snprintf(err, errlen, "demo-balies.json: %s: %s", name, p[0].field);
            goto fail;
        }
        int64_t id;
        CHECK(counter_location_save(d, &l, 0, 0, &id));
        size_t k;
        json_t *on;
        json_array_foreach(json_object_get(o, "organisations"), k, on)
        {
            int64_t org = org_id_by_code(d, or_empty(json_string_value(on)));
            if (!org) {
                snprintf(err, errlen, "demo-balies.json: unknown organisation");
                goto fail;
            }
            CHECK(counter_building_add(d, id, org));
        }
    }
    arena_free(a);
    json_decref(j);
    return 0;
fail:
    arena_free(a);
    json_decref(j);
    return -1;
}

/* The omnibus survey of 2015: facts, a city-level series of the monitor. */
static int seed_omnibus(db *d, char *err, size_t errlen)
{
    json_t *j = load_json("zoetermeer/omnibus-2015.json", err, errlen);
    if (!j)
        return -1;
    int year = (int)json_integer_value(json_object_get(j, "year"));
    const char *source = json_string_value(json_object_get(j, "source"));
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(j, "indicators"), i, o)
    {
        struct omnibus_row r = {.year = year,
                                .key = json_string_value(json_object_get(o, "key")),
                                .label = json_string_value(json_object_get(o, "label")),
                                .pct = json_number_value(json_object_get(o, "pct")),
                                .source = source ? source : ""};
        if (!r.key || !r.label || !json_is_number(json_object_get(o, "pct")) || year < 2000) {
            snprintf(err, errlen, "omnibus-2015.json: indicator %zu is incomplete", i);
            json_decref(j);
            return -1;
        }
        CHECK(omnibus_put(d, &r));
    }
    json_decref(j);
    return 0;
fail:
    json_decref(j);
    return -1;
}

int seed_run(db *d, const struct seed_options *opt, char *err, size_t errlen)
{
    json_t *demo = load_json("zoetermeer/demo-organisation.json", err, errlen);
    if (!demo)
        return -1;
    if (db_begin_write(d) != DB_OK) {
        snprintf(err, errlen, "database is busy");
        json_decref(demo);
        return -1;
    }
    int rc = -1;
    if (auth_ensure_secret(d) != 0) {
        snprintf(err, errlen, "cannot create the installation secret");
        goto done;
    }
    step(opt, "wijken");
    if (seed_areas(d, err, errlen) != 0)
        goto done;
    step(opt, "bevolking");
    if (seed_population(d, err, errlen) != 0)
        goto done;
    step(opt, "buurten");
    if (seed_buurten(d, err, errlen) != 0)
        goto done;
    step(opt, "regio's");
    if (seed_regions(d, opt->jurisdiction_id, err, errlen) != 0)
        goto done;
    step(opt, "organisaties");
    if (seed_organisations(d, demo, err, errlen) != 0)
        goto done;
    step(opt, "focuspunten 2016");
    if (seed_focuspunten(d, err, errlen) != 0)
        goto done;
    step(opt, "begroting 2016");
    if (seed_budget(d, err, errlen) != 0)
        goto done;
    step(opt, "omnibusenquête 2015");
    if (seed_omnibus(d, err, errlen) != 0)
        goto done;
    step(opt, "participatiemethoden");
    if (seed_methods(d, opt->demo, err, errlen) != 0)
        goto done;
    step(opt, "categorieën");
    if (seed_categories(d, demo, err, errlen) != 0)
        goto done;
    step(opt, "routeringsregels");
    if (seed_routing(d, demo, err, errlen) != 0)
        goto done;
    if (opt->demo) {
        step(opt, "demo-accounts");
        if (seed_demo(d, demo, opt->demo_password, err, errlen) != 0)
            goto done;
        step(opt, "demo-begrotingen");
        if (seed_budget_demo(d, opt->demo_date, err, errlen) != 0)
            goto done;
        if (opt->demo_date) {
            step(opt, "demo-meldingen");
            if (demo_generate_signals(d, opt->demo_date, opt->demo_seed, opt->progress, err,
                                      errlen) != 0)
                goto done;
            step(opt, "demo-focuspunten");
            if (demo_generate_focus(d, opt->demo_date, opt->demo_seed, err, errlen) != 0)
                goto done;
            step(opt, "demo-initiatieven");
            if (demo_generate_initiatives(d, opt->demo_date, err, errlen) != 0)
                goto done;
            step(opt, "demo-enquêtes");
            if (survey_demo(d, opt->demo_date, err, errlen) != 0)
                goto done;
            step(opt, "demo-verhalen");
            if (seed_stories_demo(d, opt->demo_date, err, errlen) != 0)
                goto done;
            step(opt, "demo-samenspraak");
            if (consult_seed_demo(d, opt->demo_date, err, errlen) != 0)
                goto done;
            step(opt, "demo-stemmingen");
            if (vote_seed_demo(d, opt->demo_date, err, errlen) != 0)
                goto done;
            step(opt, "demo-bijeenkomsten");
            if (meeting_seed_demo(d, opt->demo_date, err, errlen) != 0)
                goto done;
            step(opt, "demo-spreekuur");
            if (spreekuur_seed_demo(d, opt->demo_date, err, errlen) != 0)
                goto done;
            step(opt, "demo-partners");
            if (demo_generate_partners(d, opt->demo_date, err, errlen) != 0)
                goto done;
            step(opt, "demo-wijkteam");
            if (wijkteam_seed_demo(d, opt->demo_date, err, errlen) != 0)
                goto done;
        }
        /* last, so that the generated history stays what it was */
        step(opt, "demo-balies");
        if (seed_counters(d, err, errlen) != 0)
            goto done;
    }
    if (db_commit(d) != DB_OK) {
        snprintf(err, errlen, "commit failed");
        goto done;
    }
    rc = 0;
done:
    if (rc != 0)
        db_rollback(d);
    json_decref(demo);
    return rc;
}
