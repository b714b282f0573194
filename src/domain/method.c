/*
 * method.c: the menu of participation methods (method.h).
 */
#include "method.h"

#include "domain/seed.h"
#include "lib/i18n_mark.h"
#include "lib/utf8.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* What a method is used for (goal) and whom it reaches (group): the facets
 * a colleague searches by. The codes are stored, the labels shown. */
const struct method_code method_goals[] = {
    {"ophalen", N_("Ideeën en meningen ophalen")},
    {"meebeslissen", N_("Samen kiezen en beslissen")},
    {"informeren", N_("Informeren")},
    {"signaleren", N_("Problemen in kaart brengen")},
    {"samenwerken", N_("Samen plannen maken en uitvoeren")},
    {"verbinden", N_("Mensen met elkaar verbinden")},
};
const size_t method_ngoals = sizeof method_goals / sizeof method_goals[0];

const struct method_code method_groups[] = {
    {"bewoners", N_("Bewoners in het algemeen")},
    {"jongeren", N_("Jongeren")},
    {"ouderen", N_("Ouderen")},
    {"ondernemers", N_("Ondernemers")},
    {"anderstaligen", N_("Anderstaligen en nieuwkomers")},
    {"moeilijk-bereikbaar", N_("Wie niet naar bijeenkomsten komt")},
    {"professionals", N_("Partners en professionals")},
};
const size_t method_ngroups = sizeof method_groups / sizeof method_groups[0];

const struct method_code method_efforts[] = {
    {"klein", N_("Kleine inspanning")},
    {"middel", N_("Gemiddelde inspanning")},
    {"groot", N_("Grote inspanning")},
};
const size_t method_nefforts = sizeof method_efforts / sizeof method_efforts[0];

const struct method_code method_costs[] = {
    {"laag", N_("Lage kosten")},
    {"middel", N_("Gemiddelde kosten")},
    {"hoog", N_("Hoge kosten")},
};
const size_t method_ncosts = sizeof method_costs / sizeof method_costs[0];

const char *method_label(const struct method_code *list, size_t n, const char *code)
{
    for (size_t i = 0; code && i < n; i++)
        if (strcmp(list[i].code, code) == 0)
            return list[i].label;
    return NULL;
}

static size_t chars(const char *s)
{
    return s ? utf8_len_chars(s, strlen(s)) : 0;
}

size_t method_validate(const struct method_input *in, struct method_problem *out)
{
    size_t n = 0;
#define PROBLEM(f, m)                                                                              \
    do {                                                                                           \
        if (n < METHOD_MAX_PROBLEMS)                                                               \
            out[n++] = (struct method_problem){(f), (m)};                                          \
    } while (0)
    char slug[128];
    seed_slugify(in->name ? in->name : "", slug, sizeof slug);
    if (utf8_blank(in->name))
        PROBLEM("name", N_("Vul de naam van de methode in."));
    else if (chars(in->name) > 120)
        PROBLEM("name", N_("Gebruik voor de naam hoogstens 120 tekens."));
    else if (!*slug)
        PROBLEM("name", N_("Gebruik in de naam minstens één letter of cijfer."));
    if (utf8_blank(in->summary))
        PROBLEM("summary", N_("Beschrijf in een paar zinnen wat de methode is."));
    if (utf8_blank(in->good_for))
        PROBLEM("good_for", N_("Vul in waar de methode goed voor is."));
    const char *long_fields[][2] = {
        {"summary", in->summary},       {"good_for", in->good_for},
        {"reach", in->reach},           {"accessibility", in->accessibility},
        {"used_where", in->used_where}, {"contact", in->contact},
        {"stories", in->stories},
    };
    for (size_t i = 0; i < sizeof long_fields / sizeof long_fields[0]; i++)
        if (chars(long_fields[i][1]) > 4000)
            PROBLEM(long_fields[i][0], N_("Gebruik hier hoogstens 4.000 tekens."));
    bool goals_ok = in->ngoals > 0;
    for (size_t i = 0; i < in->ngoals; i++)
        goals_ok &= method_label(method_goals, method_ngoals, in->goals[i]) != NULL;
    if (!goals_ok)
        PROBLEM("doel", N_("Kies minstens één doel uit de lijst."));
    bool groups_ok = in->ngroups > 0;
    for (size_t i = 0; i < in->ngroups; i++)
        groups_ok &= method_label(method_groups, method_ngroups, in->groups[i]) != NULL;
    if (!groups_ok)
        PROBLEM("groep", N_("Kies minstens één groep die de methode bereikt."));
    if (!method_label(method_efforts, method_nefforts, in->effort))
        PROBLEM("effort", N_("Kies hoeveel inspanning de methode vraagt."));
    if (!method_label(method_costs, method_ncosts, in->cost))
        PROBLEM("cost", N_("Kies wat de methode ongeveer kost."));
#undef PROBLEM
    return n;
}

static void to_row(const struct method_input *in, struct method_row *m)
{
    memset(m, 0, sizeof *m);
    m->name = in->name;
    m->summary = in->summary;
    m->good_for = in->good_for;
    m->effort = in->effort;
    m->cost = in->cost;
    m->reach = in->reach;
    m->accessibility = in->accessibility;
    m->used_where = in->used_where;
    m->contact = in->contact;
    m->stories = in->stories;
}

static int set_facets(db *d, int64_t id, const struct method_input *in)
{
    int rc = method_set_facet(d, id, "doel", in->goals, in->ngoals);
    return rc == DB_OK ? method_set_facet(d, id, "groep", in->groups, in->ngroups) : rc;
}

int method_create(db *d, const struct method_input *in, int64_t user_id, int64_t now, int64_t *id)
{
    struct method_problem p[METHOD_MAX_PROBLEMS];
    if (method_validate(in, p) > 0)
        return DB_ERROR;
    char slug[128];
    seed_slugify(in->name, slug, sizeof slug);
    struct method_row m;
    to_row(in, &m);
    m.slug = slug;
    int rc = method_insert(d, &m, 0, user_id, now, id);
    return rc == DB_OK ? set_facets(d, *id, in) : rc;
}

int method_change(db *d, int64_t id, const struct method_input *in, int64_t user_id, int64_t now)
{
    struct method_problem p[METHOD_MAX_PROBLEMS];
    if (method_validate(in, p) > 0)
        return DB_ERROR;
    struct method_row m;
    to_row(in, &m);
    m.id = id;
    int rc = method_update(d, &m, user_id, now);
    return rc == DB_OK ? set_facets(d, id, in) : rc;
}

static size_t codes(json_t *arr, const char **out)
{
    size_t n = 0, i;
    json_t *v;
    json_array_foreach(arr, i, v) if (n < METHOD_MAX_CODES && json_is_string(v)) out[n++] =
        json_string_value(v);
    return n;
}

int method_seed(db *d, const char *text, size_t len, int demo, char *err, size_t errlen)
{
    json_error_t je;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        snprintf(err, errlen, "methoden: %d: %s", je.line, je.text);
        return -1;
    }
    int rc = -1;
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(root, "methods"), i, o)
    {
#define S(k) json_string_value(json_object_get(o, k))
        struct method_input in = {.name = S("name"),
                                  .summary = S("summary"),
                                  .good_for = S("good_for"),
                                  .effort = S("effort"),
                                  .cost = S("cost"),
                                  .reach = S("reach"),
                                  .accessibility = S("accessibility")};
        in.ngoals = codes(json_object_get(o, "goals"), in.goals);
        in.ngroups = codes(json_object_get(o, "groups"), in.groups);
        const char *slug = S("slug");
#undef S
        struct method_problem p[METHOD_MAX_PROBLEMS];
        if (!slug || method_validate(&in, p) > 0) {
            snprintf(err, errlen, "methoden: entry %zu: %s", i, slug ? p[0].msgid : "no slug");
            goto done;
        }
        struct method_row m;
        to_row(&in, &m);
        m.slug = slug;
        int64_t id = 0;
        if (method_insert(d, &m, 1, 0, 0, &id) != DB_OK ||
            (id && set_facets(d, id, &in) != DB_OK)) {
            snprintf(err, errlen, "methoden: cannot store %s", slug);
            goto done;
        }
        json_t *dm = json_object_get(o, "demo");
        if (demo && dm &&
            method_fill_usage(d, slug, json_string_value(json_object_get(dm, "used_where")),
                              json_string_value(json_object_get(dm, "contact")),
                              json_string_value(json_object_get(dm, "stories"))) != DB_OK) {
            snprintf(err, errlen, "methoden: cannot store the demo usage of %s", slug);
            goto done;
        }
    }
    rc = 0;
done:
    json_decref(root);
    return rc;
}
