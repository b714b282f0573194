/*
 * function.c: who holds a public function for a region or a wijk, and when.
 * The rules of function.h: the form's checks, one holder at a time for a
 * wijkregisseur and a wijkwethouder, the audit of every change.
 */
#include "function.h"

#include "lib/i18n_mark.h"
#include "lib/utf8.h"
#include "store/function_store.h"
#include "store/user_store.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct function_kind function_kinds[] = {
    {"wijkregisseur", N_("Wijkregisseur"), true},    {"wijkwethouder", N_("Wijkwethouder"), true},
    {"wijkagent", N_("Wijkagent"), false},           {"wijkconsulent", N_("Wijkconsulent"), false},
    {"jongerenwerker", N_("Jongerenwerker"), false}, {"opbouwwerker", N_("Opbouwwerker"), false},
    {"wijkbeheerder", N_("Wijkbeheerder"), false},   {NULL, NULL, false},
};

const struct function_kind *function_kind(const char *code)
{
    for (size_t i = 0; code && function_kinds[i].code; i++)
        if (strcmp(function_kinds[i].code, code) == 0)
            return &function_kinds[i];
    return NULL;
}

bool function_check(const struct function_input *in, char from[static CAL_DATE_LEN],
                    char to[static CAL_DATE_LEN], struct function_problems *p)
{
    memset(p, 0, sizeof *p);
    from[0] = to[0] = '\0';
    if (!function_kind(in->function))
        p->function = N_("Kies een functie uit de lijst.");
    if (utf8_blank(in->person)) {
        p->person = N_("Vul de naam in van wie de functie heeft.");
    } else {
        size_t n = strlen(in->person);
        if (!utf8_valid(in->person, n) || utf8_len_chars(in->person, n) > FUNCTION_PERSON_MAX)
            p->person = N_("Een naam heeft hoogstens 100 tekens.");
        for (const char *c = in->person; !p->person && *c; c++)
            if ((unsigned char)*c < 0x20)
                p->person = N_("Een naam past op één regel.");
    }
    cal_date first = CAL_INVALID, last = CAL_INVALID;
    if (utf8_blank(in->first_day))
        p->first_day = N_("Vul de eerste dag in, bijvoorbeeld 15-04-2025.");
    else if (cal_parse_date_typed(in->first_day, strlen(in->first_day), &first) != 0)
        p->first_day = N_("De eerste dag moet een bestaande datum zijn, bijvoorbeeld 15-04-2025.");
    if (!utf8_blank(in->last_day)) {
        if (cal_parse_date_typed(in->last_day, strlen(in->last_day), &last) != 0 ||
            last >= CAL_DATE_MAX)
            p->last_day =
                N_("De laatste dag moet een bestaande datum zijn, bijvoorbeeld 31-12-2026.");
        else if (first != CAL_INVALID && last < first)
            p->last_day = N_("De laatste dag kan niet voor de eerste dag liggen.");
    }
    if (p->function || p->person || p->first_day || p->last_day)
        return false;
    cal_format_date(first, from);
    if (last != CAL_INVALID)
        cal_format_date(last + 1, to);
    return true;
}

void function_format_day(const char *iso, int days, char out[static CAL_DATE_LEN])
{
    cal_date d;
    int y, m, dd;
    out[0] = '\0';
    if (!iso || cal_parse_date(iso, strlen(iso), &d) != 0 || cal_to_ymd(d + days, &y, &m, &dd) != 0)
        return;
    snprintf(out, CAL_DATE_LEN, "%02d-%02d-%04d", dd, m, y);
}

/* The audit's picture of a period: no more than the public page shows. */
static char *holder_json(const struct function_holder *h)
{
    char last[CAL_DATE_LEN] = "";
    if (h->valid_to)
        function_format_day(h->valid_to, -1, last);
    json_t *o = json_pack("{s:s,s:s,s:s}", "function", h->function, "person", h->person, "from",
                          h->valid_from);
    if (!o)
        return NULL;
    if (h->valid_to)
        json_object_set_new(o, "last_day", json_string(last));
    if (h->region_id)
        json_object_set_new(o, "region_id", json_integer(h->region_id));
    if (h->area_id)
        json_object_set_new(o, "area_id", json_integer(h->area_id));
    char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    return s;
}

static int audit(db *d, const struct user *actor, const char *action, int64_t id,
                 const struct function_holder *before, const struct function_holder *after)
{
    char *b = before ? holder_json(before) : NULL, *a = after ? holder_json(after) : NULL;
    int rc = audit_append(d, actor ? actor->id : 0, actor ? actor->login : "system", action,
                          "person_function", id, b, a);
    free(b);
    free(a);
    return rc;
}

/* Do [f1, t1) and [f2, t2) overlap? Empty ends are open. */
static bool overlap(const char *f1, const char *t1, const char *f2, const char *t2)
{
    bool a = !t2 || !*t2 || strcmp(f1, t2) < 0;
    bool b = !t1 || !*t1 || strcmp(f2, t1) < 0;
    return a && b;
}

enum function_result function_add(db *d, arena *a, const struct user *actor, int64_t region_id,
                                  int64_t area_id, const struct function_input *in,
                                  struct function_problems *p, int64_t *id)
{
    char from[CAL_DATE_LEN], to[CAL_DATE_LEN];
    if ((region_id != 0) == (area_id != 0))
        return FUNCTION_ERROR;
    if (!function_check(in, from, to, p))
        return FUNCTION_INVALID;
    const struct function_kind *k = function_kind(in->function);
    if (db_begin_write(d) != DB_OK)
        return FUNCTION_ERROR;
    struct function_holder *h = NULL;
    size_t n = 0;
    if (function_list_scope(d, a, region_id, area_id, &h, &n) != DB_OK)
        goto fail;
    /* the name as typed, without the spaces around it */
    const char *name = in->person;
    while (*name == ' ' || *name == '\t')
        name++;
    size_t len = strlen(name);
    while (len && (name[len - 1] == ' ' || name[len - 1] == '\t' || name[len - 1] == '\r' ||
                   name[len - 1] == '\n'))
        len--;
    char *person = arena_strndup(a, name, len);
    if (!person)
        goto fail;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(h[i].function, k->code) != 0 ||
            !overlap(from, to, h[i].valid_from, h[i].valid_to))
            continue;
        if (strcmp(h[i].person, person) == 0) {
            p->first_day = N_("Deze persoon heeft deze functie hier al in die periode.");
            db_rollback(d);
            return FUNCTION_INVALID;
        }
        if (k->single && strcmp(h[i].valid_from, from) >= 0) {
            p->first_day = N_("Iemand anders begint op of na deze dag in deze functie. Kies een "
                              "latere eerste dag, of geef die periode eerst een laatste dag.");
            db_rollback(d);
            return FUNCTION_INVALID;
        }
    }
    if (k->single) {
        /* the holder before hands over on the new first day */
        for (size_t i = 0; i < n; i++) {
            if (strcmp(h[i].function, k->code) != 0 ||
                !overlap(from, to, h[i].valid_from, h[i].valid_to))
                continue;
            struct function_holder after = h[i];
            after.valid_to = from;
            if (function_set_end(d, h[i].id, from) != DB_OK ||
                audit(d, actor, "end", h[i].id, &h[i], &after) != DB_OK)
                goto fail;
        }
    }
    int64_t pid = 0, nid = 0;
    if (function_person_ensure(d, person, &pid) != DB_OK ||
        function_insert(d, pid, k->code, region_id, area_id, from, to, &nid) != DB_OK)
        goto fail;
    struct function_holder after = {.id = nid,
                                    .function = k->code,
                                    .person = person,
                                    .region_id = region_id,
                                    .area_id = area_id,
                                    .valid_from = from,
                                    .valid_to = *to ? to : NULL};
    if (audit(d, actor, "create", nid, NULL, &after) != DB_OK || db_commit(d) != DB_OK)
        goto fail;
    if (id)
        *id = nid;
    return FUNCTION_OK;
fail:
    db_rollback(d);
    return FUNCTION_ERROR;
}

enum function_result function_end(db *d, arena *a, const struct user *actor, int64_t id,
                                  const char *last_day, const char **problem)
{
    *problem = NULL;
    if (db_begin_write(d) != DB_OK)
        return FUNCTION_ERROR;
    struct function_holder h;
    int rc = function_get(d, a, id, &h);
    if (rc != DB_OK) {
        db_rollback(d);
        return rc == DB_NOTFOUND ? FUNCTION_NOT_FOUND : FUNCTION_ERROR;
    }
    cal_date last, first;
    if (utf8_blank(last_day))
        *problem = N_("Vul de laatste dag in, bijvoorbeeld 31-12-2026.");
    else if (cal_parse_date_typed(last_day, strlen(last_day), &last) != 0 || last >= CAL_DATE_MAX)
        *problem = N_("De laatste dag moet een bestaande datum zijn, bijvoorbeeld 31-12-2026.");
    else if (cal_parse_date(h.valid_from, strlen(h.valid_from), &first) == 0 && last < first)
        *problem = N_("De laatste dag kan niet voor de eerste dag liggen.");
    if (*problem) {
        db_rollback(d);
        return FUNCTION_INVALID;
    }
    char to[CAL_DATE_LEN];
    cal_format_date(last + 1, to);
    struct function_holder after = h;
    after.valid_to = to;
    if (function_set_end(d, id, to) != DB_OK || audit(d, actor, "end", id, &h, &after) != DB_OK ||
        db_commit(d) != DB_OK) {
        db_rollback(d);
        return FUNCTION_ERROR;
    }
    return FUNCTION_OK;
}
