/*
 * signal.c: intake, routing, deadlines, the status flow and permissions of
 * signals; see signal.h.
 */
#include "signal.h"

#include "domain/auth.h"
#include "domain/calendar.h"
#include "domain/optin.h"
#include "domain/signal_task.h"
#include "lib/buf.h"
#include "lib/geo.h"
#include "lib/geocode.h"
#include "lib/geojson.h"
#include "lib/i18n_mark.h"
#include "lib/imgclient.h"
#include "lib/log.h"
#include "lib/mail.h"
#include "lib/mdlink.h"
#include "lib/utf8.h"
#include "store/area_store.h"
#include "store/files.h"
#include "store/org_store.h"
#include "store/user_store.h"
#include "store/writer.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* --- the status flow -------------------------------------------------------- */

const struct signal_status_info signal_statuses[] = {
    {"gemeld", "Gemeld", false},          {"in_behandeling", "In behandeling", false},
    {"ingepland", "Ingepland", false},    {"wacht_op_melder", "Wacht op melder", false},
    {"doorgezet", "Doorgezet", false},    {"afgehandeld", "Afgehandeld", true},
    {"geannuleerd", "Geannuleerd", true}, {"heropend", "Heropend", false},
};
const size_t signal_nstatuses = sizeof signal_statuses / sizeof signal_statuses[0];

/* Allowed transitions: from -> to. Closed signals only reopen. */
static const struct {
    const char *from;
    const char *to[7];
} g_flow[] = {
    {"gemeld",
     {"in_behandeling", "ingepland", "wacht_op_melder", "doorgezet", "afgehandeld", "geannuleerd"}},
    {"in_behandeling", {"ingepland", "wacht_op_melder", "doorgezet", "afgehandeld", "geannuleerd"}},
    {"ingepland", {"in_behandeling", "wacht_op_melder", "doorgezet", "afgehandeld", "geannuleerd"}},
    {"wacht_op_melder", {"in_behandeling", "ingepland", "afgehandeld", "geannuleerd"}},
    {"doorgezet", {"in_behandeling", "afgehandeld", "geannuleerd"}},
    {"afgehandeld", {"heropend"}},
    {"geannuleerd", {"heropend"}},
    {"heropend",
     {"in_behandeling", "ingepland", "wacht_op_melder", "doorgezet", "afgehandeld", "geannuleerd"}},
};

const struct signal_status_info *signal_status(const char *code)
{
    for (size_t i = 0; code && i < signal_nstatuses; i++)
        if (strcmp(signal_statuses[i].code, code) == 0)
            return &signal_statuses[i];
    return NULL;
}

bool signal_transition_allowed(const char *from, const char *to)
{
    for (size_t i = 0; from && to && i < sizeof g_flow / sizeof g_flow[0]; i++)
        if (strcmp(g_flow[i].from, from) == 0)
            for (size_t k = 0; k < 7 && g_flow[i].to[k]; k++)
                if (strcmp(g_flow[i].to[k], to) == 0)
                    return true;
    return false;
}

size_t signal_next_statuses(const char *from, const char **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; from && i < sizeof g_flow / sizeof g_flow[0]; i++)
        if (strcmp(g_flow[i].from, from) == 0)
            for (size_t k = 0; k < 7 && g_flow[i].to[k] && n < max; k++)
                out[n++] = g_flow[i].to[k];
    return n;
}

const char *const signal_types[] = {"melding", "vraag", "klacht", NULL};
const char *const signal_channels[] = {"web",      "balie",   "telefoon", "email",
                                       "raadslid", "partner", "api",      NULL};

const char *const signal_reply_ways[] = {"email", "telefoon", "brief", NULL};
const char *const signal_counter_channels[] = {"telefoon", "balie", NULL};

const char *signal_reply_label(const char *way)
{
    if (!way)
        return "";
    if (strcmp(way, "email") == 0)
        return N_("Per e-mail");
    if (strcmp(way, "telefoon") == 0)
        return N_("Per telefoon");
    if (strcmp(way, "brief") == 0)
        return N_("Per brief");
    return way;
}

const char *signal_type_label(const char *type)
{
    if (!type)
        return "";
    if (strcmp(type, "melding") == 0)
        return "Melding";
    if (strcmp(type, "vraag") == 0)
        return "Vraag";
    if (strcmp(type, "klacht") == 0)
        return "Klacht";
    return type;
}

const char *signal_channel_label(const char *ch)
{
    static const struct {
        const char *code, *label;
    } m[] = {{"web", "Website"},         {"balie", "Balie (wijkpost, GIP)"},
             {"telefoon", "Telefoon"},   {"email", "E-mail"},
             {"raadslid", "Raadslid"},   {"partner", "Partnerorganisatie"},
             {"api", "App of koppeling"}};
    for (size_t i = 0; ch && i < sizeof m / sizeof m[0]; i++)
        if (strcmp(m[i].code, ch) == 0)
            return m[i].label;
    return ch ? ch : "";
}

static bool in_list(const char *const *list, const char *s)
{
    for (size_t i = 0; s && list[i]; i++)
        if (strcmp(list[i], s) == 0)
            return true;
    return false;
}

/* --- photos ------------------------------------------------------------------ */

static char g_img_helper[1024] = IMG_HELPER_DEFAULT;

void signal_set_image_helper(const char *path)
{
    snprintf(g_img_helper, sizeof g_img_helper, "%s", path);
}

const char *signal_image_helper(void)
{
    return g_img_helper;
}

struct stored_photo {
    char file[FILES_NAME_MAX], thumb[FILES_NAME_MAX];
    int width, height;
};

/* Re-encodes every photo in the sandboxed helper (which drops EXIF and GPS)
 * and stores photo and thumbnail; a refused file becomes a problem. */
static size_t process_photos(const struct signal_input *in, struct stored_photo *out,
                             struct signal_problem *p)
{
    for (size_t i = 0; i < in->nphotos && i < SIGNAL_MAX_PHOTOS; i++) {
        struct img_result res;
        enum img_status st = img_process(g_img_helper, in->photo_data[i], in->photo_len[i], &res);
        if (st != IMG_OK) {
            if (st == IMG_HELPER_FAILED || st == IMG_TIMEOUT || st == IMG_NO_MEMORY)
                log_error("image helper: %s", img_status_name(st));
            p[0].field = "photos";
            p[0].msgid = img_msgid(st);
            img_result_free(&res);
            return 1;
        }
        int ok = files_put(res.photo, res.photo_len, "jpg", out[i].file) == 0 &&
                 files_put(res.thumb, res.thumb_len, "jpg", out[i].thumb) == 0;
        out[i].width = res.width;
        out[i].height = res.height;
        img_result_free(&res);
        if (!ok) {
            log_error("storing a photo failed");
            p[0].field = "photos";
            p[0].msgid = "De foto kon niet worden opgeslagen. Probeer het later opnieuw.";
            return 1;
        }
    }
    return 0;
}

/* The stored form of a browser's form token. */
static int receipt_key(db *d, const char *holder, char out[65]);

int signal_photos_hold(db *d, struct signal_input *in, int64_t now, struct signal_problem *p)
{
    char key[65];
    if (in->nphotos == 0 && !in->too_many_photos)
        return 0;
    if (receipt_key(d, in->photo_holder, key) != 0)
        return 0;
    arena *a = arena_new(4096);
    if (!a)
        return -1;
    struct pending_photo_row *held;
    size_t nheld;
    int rc = pending_photo_list(d, a, key, now, 0, &held, &nheld);
    arena_free(a);
    if (rc != DB_OK)
        return -1;
    int problems = 0;
    for (size_t i = 0; i < in->nphotos && !problems; i++) {
        if (nheld >= SIGNAL_MAX_PHOTOS) {
            p[0].field = "photos";
            p[0].msgid = "U kunt hoogstens 3 foto's meesturen.";
            problems = 1;
            break;
        }
        struct img_result res;
        enum img_status st = img_process(g_img_helper, in->photo_data[i], in->photo_len[i], &res);
        if (st != IMG_OK) {
            if (st == IMG_HELPER_FAILED || st == IMG_TIMEOUT || st == IMG_NO_MEMORY)
                log_error("image helper: %s", img_status_name(st));
            p[0].field = "photos";
            p[0].msgid = img_msgid(st);
            img_result_free(&res);
            problems = 1;
            break;
        }
        bool ok = db_begin_write(d) == DB_OK;
        ok = ok && pending_photo_add(d, key, res.photo, res.photo_len, res.thumb, res.thumb_len,
                                     res.width, res.height, now, now + SIGNAL_HELD_SECONDS,
                                     SIGNAL_HELD_MAX_BYTES, SIGNAL_HELD_MAX_ROWS) == DB_OK;
        img_result_free(&res);
        if (!ok || db_commit(d) != DB_OK) {
            db_rollback(d);
            return -1;
        }
        nheld++;
    }
    if (in->too_many_photos && !problems) {
        p[0].field = "photos";
        p[0].msgid = "U kunt hoogstens 3 foto's meesturen.";
        problems = 1;
    }
    in->nphotos = 0;
    in->too_many_photos = false;
    return problems;
}

int signal_photos_held(db *d, arena *a, const char *holder, int64_t now, int64_t **ids, size_t *n)
{
    char key[65];
    *ids = NULL;
    *n = 0;
    if (receipt_key(d, holder, key) != 0)
        return DB_OK;
    struct pending_photo_row *held;
    size_t nheld;
    int rc = pending_photo_list(d, a, key, now, 0, &held, &nheld);
    if (rc != DB_OK || nheld == 0)
        return rc;
    *ids = arena_alloc(a, nheld * sizeof **ids);
    if (!*ids)
        return DB_ERROR;
    for (size_t i = 0; i < nheld; i++)
        (*ids)[i] = held[i].id;
    *n = nheld;
    return DB_OK;
}

int signal_photo_held_thumb(db *d, arena *a, const char *holder, int64_t id, int64_t now,
                            const void **bytes, size_t *len)
{
    char key[65];
    if (receipt_key(d, holder, key) != 0)
        return DB_NOTFOUND;
    struct pending_photo_row *held;
    size_t nheld;
    int rc = pending_photo_list(d, a, key, now, 0, &held, &nheld);
    if (rc != DB_OK)
        return rc;
    for (size_t i = 0; i < nheld; i++)
        if (held[i].id == id && held[i].thumb) {
            *bytes = held[i].thumb;
            *len = held[i].thumb_len;
            return DB_OK;
        }
    return DB_NOTFOUND;
}

int signal_photo_unhold(db *d, const char *holder, int64_t id)
{
    char key[65];
    if (id <= 0 || receipt_key(d, holder, key) != 0)
        return DB_OK;
    return pending_photo_delete(d, key, id);
}

/* The photos held for in->photo_holder, stored as files after the nfirst
 * in out; how many were added (-1 when storing failed). */
static int held_photos(db *d, arena *a, const struct signal_input *in, int64_t now,
                       struct stored_photo *out, size_t nfirst, char key[65])
{
    if (receipt_key(d, in->photo_holder, key) != 0) {
        key[0] = '\0';
        return 0;
    }
    struct pending_photo_row *held;
    size_t nheld;
    if (pending_photo_list(d, a, key, now, 1, &held, &nheld) != DB_OK)
        return -1;
    int added = 0;
    for (size_t i = 0; i < nheld && nfirst + (size_t)added < SIGNAL_MAX_PHOTOS; i++) {
        struct stored_photo *ph = &out[nfirst + (size_t)added];
        if (!held[i].photo || !held[i].thumb ||
            files_put(held[i].photo, held[i].photo_len, "jpg", ph->file) != 0 ||
            files_put(held[i].thumb, held[i].thumb_len, "jpg", ph->thumb) != 0) {
            log_error("storing a held photo failed");
            return -1;
        }
        ph->width = held[i].width;
        ph->height = held[i].height;
        added++;
    }
    return added;
}

/* --- locating ---------------------------------------------------------------- */

static geo_area_index *g_index;
static arena *g_index_mem;

int signal_areas_init(db *d, char *err, size_t errlen)
{
    signal_areas_free();
    g_index_mem = arena_new(1 << 20);
    if (!g_index_mem) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    char today[CAL_DATE_LEN];
    cal_format_date(cal_date_of((int64_t)time(NULL)), today);
    struct wijk *w;
    size_t n;
    if (area_list_wijken(d, g_index_mem, today, 1, &w, &n) != DB_OK) {
        snprintf(err, errlen, "cannot read the wijken");
        return -1;
    }
    geo_area *areas = arena_calloc(g_index_mem, n ? n : 1, sizeof *areas);
    geo_multipolygon *mp = arena_calloc(g_index_mem, n ? n : 1, sizeof *mp);
    if (!areas || !mp) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        areas[i].id = w[i].id;
        if (!w[i].geometry)
            continue;
        json_t *g = json_loads(w[i].geometry, 0, NULL);
        if (!g || geojson_parse_geometry(g, g_index_mem, GEOJSON_MAX_POINTS, &mp[i], err, errlen) !=
                      GEOJSON_OK) {
            json_decref(g);
            return -1;
        }
        json_decref(g);
        areas[i].geom = &mp[i];
    }
    if (geo_index_new(areas, n, GEO_DEFAULT_MAX_SNAP_M, &g_index) != GEO_OK) {
        snprintf(err, errlen, "cannot index the wijken");
        return -1;
    }
    return 0;
}

void signal_areas_free(void)
{
    geo_index_free(g_index);
    g_index = NULL;
    arena_free(g_index_mem);
    g_index_mem = NULL;
}

int64_t signal_locate(double lat, double lon)
{
    double dist;
    return g_index ? geo_locate(g_index, lat, lon, &dist) : 0;
}

/* --- validation ---------------------------------------------------------------- */

static void add_problem(struct signal_problem *p, size_t *n, const char *field, const char *msgid)
{
    if (*n < SIGNAL_MAX_PROBLEMS) {
        p[*n].field = field;
        p[*n].msgid = msgid;
        (*n)++;
    }
}

static const char *answer_of(const struct signal_input *in, const char *code)
{
    for (size_t i = 0; i < in->nanswers; i++)
        if (strcmp(in->answer_codes[i], code) == 0)
            return in->answer_values[i];
    return NULL;
}

/* Is v one of the keys of a JSON [[key, name], ...] list? */
static bool choice_ok(const char *choices, const char *v)
{
    json_t *j = choices ? json_loads(choices, 0, NULL) : NULL;
    bool ok = false;
    size_t i;
    json_t *pair;
    json_array_foreach(j, i, pair)
    {
        const char *k = json_string_value(json_array_get(pair, 0));
        if (k && strcmp(k, v) == 0)
            ok = true;
    }
    json_decref(j);
    return ok;
}

static void check_answers(db *d, arena *a, const struct signal_input *in, struct signal_problem *p,
                          size_t *n)
{
    struct category_question *q;
    size_t nq;
    if (category_questions(d, a, in->category_id, &q, &nq) != DB_OK)
        return;
    for (size_t i = 0; i < nq; i++) {
        const char *v = answer_of(in, q[i].code);
        const char *field = arena_printf(a, "q_%s", q[i].code);
        if (utf8_blank(v)) {
            if (q[i].required)
                add_problem(p, n, field, "Beantwoord deze vraag.");
            continue;
        }
        if (strlen(v) > 1000) {
            add_problem(p, n, field, "Dit antwoord is te lang.");
        } else if (strcmp(q[i].datatype, "number") == 0) {
            char *end;
            double x = strtod(v, &end);
            if (*end || !isfinite(x))
                add_problem(p, n, field, "Vul een getal in.");
        } else if (strcmp(q[i].datatype, "datetime") == 0) {
            cal_date dd;
            if (strlen(v) < 10 || cal_parse_date(v, 10, &dd) != 0)
                add_problem(p, n, field, "Vul een datum in, bijvoorbeeld 2026-03-01.");
        } else if (strcmp(q[i].datatype, "singlevaluelist") == 0) {
            if (!choice_ok(q[i].choices, v))
                add_problem(p, n, field, "Kies een van de antwoorden.");
        } else if (strcmp(q[i].datatype, "multivaluelist") == 0) {
            /* several keys separated by commas */
            char *copy = arena_strdup(a, v);
            for (char *s = copy, *e; s && *s; s = e ? e + 1 : NULL) {
                e = strchr(s, ',');
                if (e)
                    *e = '\0';
                if (!choice_ok(q[i].choices, s)) {
                    add_problem(p, n, field, "Kies een of meer van de antwoorden.");
                    break;
                }
            }
        }
    }
}

/* An http(s) link of printable ASCII without spaces or quotes, at most 2,000
 * characters: the link is shown back in the API, never fetched by us. */
static bool media_url_ok(const char *u)
{
    size_t len = strlen(u);
    if (len > 2000 || (strncmp(u, "https://", 8) != 0 && strncmp(u, "http://", 7) != 0))
        return false;
    for (const char *c = u; *c; c++)
        if (*c <= ' ' || *c >= 0x7f || strchr("\"'<>\\`", *c))
            return false;
    return len > 8;
}

/* One line of valid UTF-8: no control characters (C0, DEL, C1) and no line
 * or paragraph separator, so it cannot start a new line anywhere. */
static bool one_line(const char *s)
{
    size_t len = strlen(s);
    if (!utf8_valid(s, len))
        return false;
    for (size_t i = 0; i < len;) {
        uint32_t cp = 0;
        size_t k = utf8_decode(s + i, len - i, &cp);
        if (!k || cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029)
            return false;
        i += k;
    }
    return true;
}

void signal_check_contact(const char *name, const char *email, const char *phone, bool need_email,
                          struct signal_problem *p, size_t *n)
{
    if (!utf8_blank(name)) {
        if (!one_line(name))
            add_problem(p, n, "name", "Schrijf uw naam op één regel, zonder bijzondere tekens.");
        else if (utf8_len_chars(name, strlen(name)) > SIGNAL_NAME_MAX)
            add_problem(p, n, "name", "De naam is te lang. Gebruik hoogstens 200 tekens.");
    }
    if (utf8_blank(email)) {
        if (need_email)
            add_problem(p, n, "email", "Vul uw e-mailadres in om deze melding te volgen.");
    } else if (strlen(email) > SIGNAL_EMAIL_MAX || !mail_address_ok(email)) {
        add_problem(
            p, n, "email",
            "Dit e-mailadres klopt niet. Een e-mailadres ziet eruit als naam@voorbeeld.nl.");
    }
    if (!utf8_blank(phone)) {
        size_t digits = 0, chars = 0;
        for (const char *s = phone; *s; s++, chars++) {
            if (*s >= '0' && *s <= '9')
                digits++;
            else if (!strchr(" +-()", *s)) {
                digits = 0;
                break;
            }
        }
        if (digits < 6 || digits > 15 || chars > SIGNAL_PHONE_MAX)
            add_problem(p, n, "phone", "Dit telefoonnummer klopt niet.");
    }
}

static const char *opt_dup(arena *a, const char *s)
{
    return s && *s ? arena_strdup(a, s) : NULL;
}

void signal_address_from(arena *a, const struct geo_address *g, struct signal_address *out)
{
    out->street = opt_dup(a, g->street);
    out->number = opt_dup(a, g->number);
    out->postcode = opt_dup(a, g->postcode);
    out->city = opt_dup(a, g->city);
}

bool signal_address_at(arena *a, double lat, double lon, struct signal_address *out)
{
    memset(out, 0, sizeof *out);
    if (!geocode_enabled() || !isfinite(lat) || !isfinite(lon) || !signal_locate(lat, lon))
        return false;
    struct geo_address g;
    bool found;
    if (geocode_reverse(lat, lon, &g, &found) != GEOCODE_OK || !found ||
        g.distance_m > SIGNAL_ADDRESS_MAX_M)
        return false;
    signal_address_from(a, &g, out);
    return out->street != NULL;
}

const char *signal_check_description(const char *description)
{
    if (utf8_blank(description))
        return "Beschrijf wat er aan de hand is.";
    if (!utf8_valid(description, strlen(description)) ||
        utf8_len_chars(description, strlen(description)) > SIGNAL_DESCRIPTION_MAX)
        return "De beschrijving is te lang. Gebruik hoogstens 4.000 tekens.";
    return NULL;
}

size_t signal_validate(db *d, arena *a, const struct signal_input *in, struct signal_problem *p)
{
    size_t n = 0;
    if (!in_list(signal_types, in->type))
        add_problem(p, &n, "type", "Kies of het een melding, vraag of klacht is.");
    if (!in_list(signal_channels, in->channel))
        add_problem(p, &n, "channel", "Kies hoe de melding binnenkwam.");
    /* Asked at the counter: how the resident hears back, and the contact
     * detail that way needs. */
    if (in->reply_by) {
        if (!in_list(signal_reply_ways, in->reply_by))
            add_problem(p, &n, "reply_by", "Kies hoe de inwoner bericht wil krijgen.");
        else if (strcmp(in->reply_by, "email") == 0 && utf8_blank(in->email))
            add_problem(p, &n, "email",
                        "Vul het e-mailadres in: de inwoner wil bericht per e-mail.");
        else if (strcmp(in->reply_by, "telefoon") == 0 && utf8_blank(in->phone))
            add_problem(p, &n, "phone",
                        "Vul het telefoonnummer in: de inwoner wil bericht per telefoon.");
        else if (strcmp(in->reply_by, "brief") == 0 && utf8_blank(in->name))
            add_problem(p, &n, "name", "Vul de naam in: de inwoner wil bericht per brief.");
    }
    struct category c;
    /* Confidential categories (the care network) are for the counter and the
     * care network, not for the public form or the API. */
    bool public_channel =
        in->channel && (strcmp(in->channel, "web") == 0 || strcmp(in->channel, "api") == 0);
    if (!in->category_id || category_get(d, a, in->category_id, &c) != DB_OK || !c.active ||
        !c.parent_id || (c.confidential && public_channel))
        add_problem(p, &n, "category", "Kies waar uw melding over gaat.");
    else
        check_answers(d, a, in, p, &n);
    const char *desc_problem = signal_check_description(in->description);
    if (desc_problem)
        add_problem(p, &n, "description", desc_problem);
    if (in->has_point) {
        if (!isfinite(in->lat) || !isfinite(in->lon) || signal_locate(in->lat, in->lon) == 0)
            add_problem(p, &n, "location",
                        "Deze plek ligt niet in Zoetermeer. Kies een plek in de gemeente.");
    } else if (!utf8_blank(in->buurt_code)) {
        if (!area_id_by_code(d, "buurt", in->buurt_code, 0))
            add_problem(p, &n, "buurt", "Kies een buurt uit de lijst.");
    } else if (utf8_blank(in->address_text)) {
        add_problem(p, &n, "location", "Geef aan waar het is: kies een buurt of vul een adres in.");
    }
    if (in->too_many_photos || in->nphotos > SIGNAL_MAX_PHOTOS)
        add_problem(p, &n, "photos", "U kunt hoogstens 3 foto's meesturen.");
    if (in->address_text && strlen(in->address_text) > 200)
        add_problem(p, &n, "address", "Het adres is te lang.");
    if (!utf8_blank(in->media_url) && !media_url_ok(in->media_url))
        add_problem(p, &n, "media_url", "De link naar de foto klopt niet.");
    signal_check_contact(in->name, in->email, in->phone, false, p, &n);
    return n;
}

/* --- routing --------------------------------------------------------------------- */

/* The wijkregisseur account of a region (first one with that scoped role). */
static const char SQL_REGISSEUR[] =
    "SELECT ur.user_id FROM user_role ur JOIN user u ON u.id = ur.user_id"
    " WHERE ur.role = 'wijkregisseur' AND ur.region_id = ?1 AND NOT u.disabled"
    " ORDER BY ur.id LIMIT 1";
static const char SQL_REGION_OF[] =
    "SELECT region_id FROM area_region WHERE area_id = ?1 AND valid_from <= ?2"
    " AND (valid_to IS NULL OR valid_to > ?2) LIMIT 1";

static int64_t one_int(db *d, const char *sql, int64_t a1, const char *a2)
{
    sqlite3_stmt *st = db_stmt(d, sql);
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, a1);
    if (a2)
        sqlite3_bind_text(st, 2, a2, -1, SQLITE_STATIC);
    int64_t v = 0;
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return v;
}

static int64_t region_of(db *d, int64_t wijk_id, const char *on)
{
    return wijk_id ? one_int(d, SQL_REGION_OF, wijk_id, on) : 0;
}

int64_t signal_wijkregisseur_of(db *d, int64_t wijk_id, const char *on)
{
    int64_t region = region_of(d, wijk_id, on);
    return region ? one_int(d, SQL_REGISSEUR, region, NULL) : 0;
}

static struct signal_router *router_load(db *d, arena *a, const char *on, bool all_categories);

int signal_route(db *d, arena *a, int64_t category_id, int64_t wijk_id, const char *type,
                 const char *channel, const char *on, struct signal_route *route)
{
    /* One routing rule set for one signal: the same code as for many. */
    memset(route, 0, sizeof *route);
    struct signal_router *rt = router_load(d, a, on, false);
    if (!rt)
        return -1;
    return signal_route_with(d, rt, category_id, wijk_id, type, channel, route);
}

/* --- routing in bulk ------------------------------------------------------------- */

#define ROUTER_CACHE 64

struct signal_router {
    arena *a;
    const char *on;
    struct routing_rule *rules;
    size_t nrules;
    struct category *cats; /* active sub categories; others are read on demand */
    size_t ncats;
    int64_t sam, pub;
    struct organisation *care;
    size_t ncare;
    struct {
        int64_t key, value;
    } region[ROUTER_CACHE], regisseur[ROUTER_CACHE]; /* wijk -> region, region -> user */
    size_t nregion, nregisseur;
};

/* With all_categories the active sub categories are read at once (for many
 * signals); without, signal_route_with reads the one category it needs
 * (reading them all was most of a single submission's work). */
static struct signal_router *router_load(db *d, arena *a, const char *on, bool all_categories)
{
    struct signal_router *r = arena_alloc(a, sizeof *r);
    if (!r)
        return NULL;
    memset(r, 0, sizeof *r);
    r->a = a;
    r->on = arena_strdup(a, on);
    if (!r->on || routing_rule_list(d, a, on, &r->rules, &r->nrules) != DB_OK ||
        (all_categories && category_list(d, a, &r->cats, &r->ncats) != DB_OK) ||
        org_list(d, a, "care_network", &r->care, &r->ncare) != DB_OK)
        return NULL;
    r->sam = org_id_by_code(d, "SAM");
    r->pub = org_id_by_code(d, "PUB");
    return r;
}

struct signal_router *signal_router_load(db *d, arena *a, const char *on)
{
    return router_load(d, a, on, true);
}

/* A cached look-up: the value of key in the table, else fetch() stored. */
static int64_t router_cached(db *d, struct signal_router *r, int which, int64_t key)
{
    size_t *n = which ? &r->nregisseur : &r->nregion;
    for (size_t i = 0; i < *n; i++) {
        if (which ? r->regisseur[i].key == key : r->region[i].key == key)
            return which ? r->regisseur[i].value : r->region[i].value;
    }
    int64_t v = which ? one_int(d, SQL_REGISSEUR, key, NULL) : region_of(d, key, r->on);
    if (*n < ROUTER_CACHE) {
        if (which) {
            r->regisseur[*n].key = key;
            r->regisseur[*n].value = v;
        } else {
            r->region[*n].key = key;
            r->region[*n].value = v;
        }
        (*n)++;
    }
    return v;
}

int signal_route_with(db *d, struct signal_router *rt, int64_t category_id, int64_t wijk_id,
                      const char *type, const char *channel, struct signal_route *route)
{
    memset(route, 0, sizeof *route);
    struct category c, *cp = NULL;
    for (size_t i = 0; i < rt->ncats && !cp; i++)
        if (rt->cats[i].id == category_id)
            cp = &rt->cats[i];
    if (!cp) {
        if (category_get(d, rt->a, category_id, &c) != DB_OK)
            return -1;
        cp = &c;
    }
    int64_t region = wijk_id ? router_cached(d, rt, 0, wijk_id) : 0;
    const struct routing_rule *r = rt->rules;
    for (size_t i = 0; i < rt->nrules; i++) {
        if (!r[i].active || r[i].broken)
            continue;
        if (r[i].category_id && r[i].category_id != cp->id && r[i].category_id != cp->parent_id)
            continue;
        if (r[i].area_id && r[i].area_id != wijk_id)
            continue;
        if (r[i].region_id && r[i].region_id != region)
            continue;
        if (r[i].type && (!type || strcmp(r[i].type, type) != 0))
            continue;
        if (r[i].channel && (!channel || strcmp(r[i].channel, channel) != 0))
            continue;
        if (strcmp(r[i].target_kind, "wijkregisseur") == 0) {
            /* A wijk without a region (or a region without a wijkregisseur)
             * falls through to the default queue below. */
            int64_t user = region ? router_cached(d, rt, 1, region) : 0;
            if (!user)
                break;
            route->org_id = rt->sam;
            route->user_id = user;
            if (!route->org_id)
                break;
        } else {
            route->org_id = r[i].target_org_id;
        }
        route->rule_id = r[i].id;
        break;
    }
    if (!route->org_id) {
        route->org_id = rt->pub;
        route->user_id = 0;
        route->rule_id = 0;
        if (!route->org_id)
            return -1;
    }
    bool cn = false;
    for (size_t i = 0; i < rt->ncare; i++)
        cn |= rt->care[i].id == route->org_id;
    route->confidential = cp->confidential || cn;
    return 0;
}

/* --- creating ------------------------------------------------------------------ */

static void new_token(char out[SIGNAL_TOKEN_CHARS])
{
    auth_random_token(out);
}

/* Mail to a resident, through the double opt-in. */
static int queue_mail(db *d, arena *a, int64_t now, const char *base_url, const char *to,
                      const char *subject, const char *body, const char *kind, int64_t ref,
                      bool *held)
{
    struct optin_mail m = {.to = to, .subject = subject, .body = body, .kind = kind, .ref = ref};
    return optin_queue(d, a, now, base_url, &m, held);
}

static const char *fmt_local(arena *a, int64_t t)
{
    struct cal_local l;
    int y, m, dd;
    if (cal_from_unix(t, &l) != 0 || cal_to_ymd(l.date, &y, &m, &dd) != 0)
        return "";
    return arena_printf(a, "%02d-%02d-%04d", dd, m, y);
}

bool signal_answers_hazard(const char *const *codes, const char *const *values, size_t n)
{
    for (size_t i = 0; codes && values && i < n; i++)
        if (codes[i] && values[i] && strcmp(codes[i], SIGNAL_HAZARD_QUESTION) == 0 &&
            strcmp(values[i], "ja") == 0)
            return true;
    return false;
}

void signal_answer_text(arena *a, const struct category_question *q, size_t nq, const char *code,
                        const char *value, const char **label, const char **text)
{
    *label = code ? code : "";
    *text = value ? value : "";
    const struct category_question *m = NULL;
    for (size_t i = 0; code && i < nq && !m; i++)
        if (q[i].code && strcmp(q[i].code, code) == 0)
            m = &q[i];
    if (!m)
        return;
    *label = m->description;
    if (!m->choices || !value)
        return;
    json_t *ch = json_loads(m->choices, 0, NULL);
    if (!json_is_array(ch)) {
        json_decref(ch);
        return;
    }
    buf b;
    buf_init(&b, 65536);
    const char *p = value;
    while (*p) {
        size_t len = strcspn(p, ",");
        const char *name = NULL;
        size_t k;
        json_t *pair;
        json_array_foreach(ch, k, pair)
        {
            const char *key = json_string_value(json_array_get(pair, 0));
            if (key && strlen(key) == len && strncmp(key, p, len) == 0)
                name = json_string_value(json_array_get(pair, 1));
        }
        if (b.len)
            buf_append(&b, ", ", 2);
        if (name)
            buf_append(&b, name, strlen(name));
        else
            buf_append(&b, p, len);
        p += len;
        if (*p == ',')
            p++;
    }
    *text = arena_strdup(a, b.data ? b.data : "");
    buf_free(&b);
    json_decref(ch);
}

const char *signal_plain_text(arena *a, const char *text, const char *fallback)
{
    if (!text)
        return fallback;
    buf b;
    buf_init(&b, 1 << 16);
    const char *out =
        mdlink_plain(&b, text, strlen(text)) == 0 && b.data ? arena_strdup(a, b.data) : text;
    buf_free(&b);
    return out ? out : text;
}

/* The stored form of a browser's form token. */
static int receipt_key(db *d, const char *holder, char out[65])
{
    return utf8_blank(holder) ? -1 : auth_keyed_hash(d, "receipt", holder, out);
}

bool signal_receipt_held(db *d, int64_t id, const char *holder, int64_t now)
{
    char key[65];
    return receipt_key(d, holder, key) == 0 && report_receipt_held(d, id, key, now) == 1;
}

const char *signal_mask_email(arena *a, const char *email)
{
    const char *at = email ? strrchr(email, '@') : NULL;
    if (!at || at == email || !at[1])
        return NULL;
    /* the whole first character, also when it takes more than one byte */
    size_t first = 1;
    while (email + first < at && ((unsigned char)email[first] & 0xC0) == 0x80)
        first++;
    return arena_printf(a, "%.*s***%s", (int)first, email, at);
}

/* The part of creating a signal that writes: everything before it (checks,
 * photos, routing) runs outside the write lock; this runs in the writer's
 * transaction, possibly beside other signals (see store/writer.h). It lives
 * in the request's arena until the request has its answer. */
struct signal_pending {
    const struct signal_input *in;
    struct signal s;
    struct category c;
    struct signal_route route;
    char pseudo[65];
    struct stored_photo photos[SIGNAL_MAX_PHOTOS];
    size_t nphotos;    /* those sent with the form and those held from an earlier try */
    char held_key[65]; /* the held photos' key, "" when none were held */
    char receipt[65];  /* the form's receipt key, "" when the form had no token */
    arena *a;
    int64_t now;
    const char *base_url;
    struct signal_created *out;
    int limit;  /* intake_take's answer: 1 when the client is over its limit */
    int64_t id; /* the new signal */
    int rc;     /* the write's result, once committed */
    void (*done)(void *arg);
    void *arg;
};

static int create_write_run(db *d, void *ctx)
{
    struct signal_pending *w = ctx;
    const struct signal_input *in = w->in;
    arena *a = w->a;
    int64_t now = w->now;
    int64_t id = 0;
    int limit = w->limit = intake_take(d, &in->client, now);
    bool ok =
        limit == 0 && signal_insert(d, &w->s, w->route.rule_id, w->pseudo[0] ? w->pseudo : NULL,
                                    in->created_by, in->demo, &id) == DB_OK;
    if (ok && (!utf8_blank(in->name) || !utf8_blank(in->email) || !utf8_blank(in->phone)))
        ok = signal_add_contact(d, id, utf8_blank(in->name) ? NULL : in->name,
                                utf8_blank(in->email) ? NULL : in->email,
                                utf8_blank(in->phone) ? NULL : in->phone) == DB_OK;
    for (size_t i = 0; ok && i < w->nphotos; i++)
        ok = signal_add_photo(d, id, w->photos[i].file, w->photos[i].thumb, w->photos[i].width,
                              w->photos[i].height) == DB_OK;
    if (ok && w->held_key[0])
        ok = pending_photo_delete(d, w->held_key, 0) == DB_OK;
    for (size_t i = 0; ok && i < in->nanswers; i++)
        if (!utf8_blank(in->answer_values[i]))
            ok = signal_add_answer(d, id, in->answer_codes[i], in->answer_values[i]) == DB_OK;
    if (ok)
        ok = signal_add_event(d, id, now, in->created_by, "created", NULL, "gemeld", 0,
                              w->route.org_id, NULL, 1) == DB_OK;
    if (ok && w->receipt[0])
        ok = report_receipt_add(d, id, w->receipt, now, now + SIGNAL_RECEIPT_SECONDS) == DB_OK;
    if (ok && in->also)
        ok = in->also(d, in->also_arg, w->s.confidential) == 0;
    if (ok && !utf8_blank(in->email)) {
        const char *subject = "Uw melding is ontvangen";
        const char *body = arena_printf(
            a,
            "Beste melder,\n\n"
            "Bedankt voor uw melding. We hebben die op %s ontvangen met nummer %lld.\n\n"
            "%s\n\n"
            "Hoe het ermee staat, ziet u hier:\n%s/melding/%s\n\n"
            "Met vriendelijke groet,\nGemeente Zoetermeer\n",
            fmt_local(a, now), (long long)id,
            signal_plain_text(a, w->c.handling_message, "We nemen uw melding in behandeling."),
            w->base_url ? w->base_url : "", w->out->token);
        ok = body && queue_mail(d, a, now, w->base_url, in->email, subject, body, "confirmation",
                                id, &w->out->mail_held) == 0;
    }
    w->id = id;
    return ok ? 0 : -1;
}

/* Everything of signal_create before the write: 0 with *wp ready to write
 * (in a), or signal_create's other answers. */
static int create_prepare(db *d, arena *a, const struct signal_input *in, int64_t now,
                          const char *base_url, struct signal_created *out,
                          struct signal_problem *problems, struct signal_pending **wp)
{
    *wp = NULL;
    struct signal_pending *w = arena_calloc(a, 1, sizeof *w);
    if (!w)
        return -1;
    memset(out, 0, sizeof *out);
    size_t np = signal_validate(d, a, in, problems);
    if (np)
        return (int)np;
    /* Refused before the photos cost anything; counted again below. */
    if (intake_limited(d, &in->client, now, NULL))
        return SIGNAL_LIMITED;
    /* Photos are stored before the row that refers to them is committed. */
    struct stored_photo *photos = w->photos;
    if (process_photos(in, photos, problems))
        return 1;
    int nheld = held_photos(d, a, in, now, photos, in->nphotos, w->held_key);
    if (nheld < 0)
        return -1;
    w->nphotos = in->nphotos + (size_t)nheld;

    struct signal s;
    memset(&s, 0, sizeof s);
    s.type = in->type;
    s.channel = in->channel;
    s.channel_detail = in->channel_detail;
    s.category_id = in->category_id;
    s.description = in->description;
    s.address_text = utf8_blank(in->address_text) ? NULL : in->address_text;
    s.media_url = utf8_blank(in->media_url) ? NULL : in->media_url;
    s.reply_by = utf8_blank(in->reply_by) ? NULL : in->reply_by;
    s.status = "gemeld";
    s.created_at = now;
    if (in->has_point) {
        s.lat = in->lat;
        s.lon = in->lon;
        s.location_known = 1;
        /* the wijk from our own outlines, never from the address lookup */
        s.wijk_id = signal_locate(in->lat, in->lon);
        s.addr = in->addr;
    } else if (!utf8_blank(in->buurt_code)) {
        /* No map: the buurt's label point gives an approximate location. */
        int64_t bid = area_id_by_code(d, "buurt", in->buurt_code, 0);
        struct buurt_info {
            double lat, lon;
            int64_t wijk;
        } bi = {0, 0, 0};
        static const char SQL_BUURT[] =
            "SELECT label_lat, label_lon, coalesce(parent_id, 0) FROM area WHERE id = ?1";
        sqlite3_stmt *st = db_stmt(d, SQL_BUURT);
        if (st) {
            sqlite3_bind_int64(st, 1, bid);
            if (sqlite3_step(st) == SQLITE_ROW) {
                bi.lat = sqlite3_column_double(st, 0);
                bi.lon = sqlite3_column_double(st, 1);
                bi.wijk = sqlite3_column_int64(st, 2);
            }
            sqlite3_reset(st);
        }
        s.lat = bi.lat;
        s.lon = bi.lon;
        s.location_known = 1;
        s.wijk_id = bi.wijk;
        s.buurt_id = bid;
    } else {
        /* Only an address text: "locatie onbekend", routed by category alone
         * and placed later by a handler. */
        s.location_known = 0;
        out->location_unknown = true;
    }

    struct cal_local l;
    cal_from_unix(now, &l);
    char on[CAL_DATE_LEN];
    cal_format_date(l.date, on);
    struct signal_route route;
    if (signal_route(d, a, in->category_id, s.wijk_id, in->type, in->channel, on, &route) != 0)
        return -1;
    s.owner_org_id = route.org_id;
    s.owner_user_id = route.user_id;
    s.confidential = route.confidential;

    /* a dangerous situation: the category's urgent deadline */
    s.hazard = signal_answers_hazard(in->answer_codes, in->answer_values, in->nanswers);
    struct category c;
    if (category_get(d, a, in->category_id, &c) != DB_OK ||
        cal_deadline(NULL, now,
                     s.hazard && c.urgent_days < c.deadline_days ? c.urgent_days : c.deadline_days,
                     !c.deadline_working, &s.deadline_at) != 0)
        return -1;
    if (receipt_key(d, in->receipt_holder, w->receipt) != 0)
        w->receipt[0] = '\0';

    new_token(out->token);
    s.token = out->token;

    char *pseudo = w->pseudo;
    if (!utf8_blank(in->email) && auth_email_pseudonym(d, in->email, pseudo) != 0)
        pseudo[0] = '\0';

    w->in = in;
    w->s = s;
    w->s.token = out->token;
    w->c = c;
    w->route = route;
    w->a = a;
    w->now = now;
    w->base_url = base_url;
    w->out = out;
    *wp = w;
    return 0;
}

/* The answer of a written signal_pending (signal_create's). */
static int create_result(struct signal_pending *w)
{
    if (w->rc != 0)
        return w->limit == 1 ? SIGNAL_LIMITED : -1;
    w->out->id = w->id;
    return 0;
}

int signal_create(db *d, arena *a, const struct signal_input *in, int64_t now, const char *base_url,
                  struct signal_created *out, struct signal_problem *problems)
{
    struct signal_pending *w;
    int rc = create_prepare(d, a, in, now, base_url, out, problems, &w);
    if (rc != 0)
        return rc;
    w->rc = db_write(d, create_write_run, w);
    return create_result(w);
}

static void create_written(void *arg, int rc)
{
    struct signal_pending *w = arg;
    w->rc = rc;
    w->done(w->arg);
}

int signal_create_queue(db *d, arena *a, const struct signal_input *in, int64_t now,
                        const char *base_url, struct signal_created *out,
                        struct signal_problem *problems, void (*done)(void *arg), void *arg,
                        struct signal_pending **pending)
{
    struct signal_pending *w;
    *pending = NULL;
    int rc = create_prepare(d, a, in, now, base_url, out, problems, &w);
    if (rc != 0)
        return rc;
    w->done = done;
    w->arg = arg;
    *pending = w;
    if (db_write_queue(d, create_write_run, w, create_written, w) != 0) {
        *pending = NULL;
        return -1;
    }
    return 0;
}

int signal_create_result(struct signal_pending *pending)
{
    return create_result(pending);
}

/* --- permissions ------------------------------------------------------------------ */

bool signal_in_care_network(const struct user *u)
{
    return u && !u->disabled && user_has_role(u, ROLE_AANVOERDER_WZN);
}

bool signal_may_read_entry(const struct user *u, bool confidential)
{
    if (!u || u->disabled)
        return false;
    /* Confidential: only the care network reads it, not even the administrator. */
    return !confidential || signal_in_care_network(u);
}

bool signal_may_read_content(const struct user *u, const struct signal *s)
{
    return signal_may_read_entry(u, s->intake_confidential);
}

bool signal_may_handle(db *d, const struct user *u, const struct signal *s)
{
    if (!u || u->disabled)
        return false;
    if (s->confidential)
        return user_has_role(u, ROLE_AANVOERDER_WZN);
    char on[CAL_DATE_LEN];
    cal_format_date(cal_date_of(s->created_at), on);
    int64_t region = region_of(d, s->wijk_id, on);
    for (size_t i = 0; i < u->nroles; i++) {
        const struct user_role *r = &u->roles[i];
        switch (r->role) {
        case ROLE_BALIE:
        case ROLE_ONDERSTEUNER:
        case ROLE_AFDELING:
        case ROLE_AFDELINGSHOOFD:
        case ROLE_WIJKBEHEERDER:
        case ROLE_AANVOERDER_WZN:
            /* the department's own queue (unscoped: every queue) */
            if (!r->org_id || r->org_id == s->owner_org_id)
                return true;
            break;
        case ROLE_WIJKREGISSEUR:
            /* what they own, and everything in their region: the process guard */
            if (s->owner_user_id == u->id || (r->region_id && r->region_id == region))
                return true;
            break;
        default:
            break;
        }
    }
    return false;
}

/* --- handling ---------------------------------------------------------------------- */

static enum signal_result load_for_handling(db *d, arena *a, const struct user *u, int64_t id,
                                            struct signal *s)
{
    int rc = signal_get(d, a, id, s);
    if (rc == DB_NOTFOUND)
        return SIG_NOT_FOUND;
    if (rc != DB_OK)
        return SIG_ERROR;
    return signal_may_handle(d, u, s) ? SIG_OK : SIG_FORBIDDEN;
}

static int notify_contacts(db *d, arena *a, const struct signal *s, const char *subject,
                           const char *message, int64_t now, const char *base_url, const char *kind)
{
    struct signal_contact *c;
    size_t n;
    if (signal_contacts(d, a, s->id, &c, &n) != DB_OK)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (c[i].erased || !c[i].email)
            continue;
        const char *body =
            arena_printf(a,
                         "Beste melder,\n\n"
                         "Er is nieuws over uw melding %lld:\n\n%s\n\n"
                         "Alles over uw melding ziet u hier:\n%s/melding/%s\n\n"
                         "Met vriendelijke groet,\nGemeente Zoetermeer\n",
                         (long long)s->id, message, base_url ? base_url : "", s->token);
        if (!body ||
            queue_mail(d, a, now, base_url, c[i].email, subject, body, kind, s->id, NULL) != 0)
            return -1;
    }
    return 0;
}

enum signal_result signal_change_status(db *d, arena *a, const struct user *u, int64_t id,
                                        const char *to, const char *message, int64_t now,
                                        const char *base_url)
{
    return signal_change_status_explained(d, a, u, id, to, message, NULL, now, base_url);
}

bool signal_explanation_ok(const char *s)
{
    return !s ||
           (utf8_valid(s, strlen(s)) && utf8_len_chars(s, strlen(s)) <= SIGNAL_EXPLANATION_MAX);
}

int signal_status_in_tx(db *d, arena *a, const struct signal *s, int64_t user_id, const char *to,
                        const char *message, const char *explanation, int64_t now,
                        const char *base_url)
{
    const struct signal_status_info *ti = signal_status(to);
    if (!ti || !signal_transition_allowed(s->status, to))
        return -1;
    /* The message goes to the reporter alone; the explanation to everybody. */
    bool ok = signal_set_status(d, s->id, to, now, ti->closed) == DB_OK &&
              signal_add_event_explained(d, s->id, now, user_id, "status", s->status, to, 0, 0,
                                         utf8_blank(message) ? NULL : message, 1,
                                         utf8_blank(explanation) ? NULL : explanation) == DB_OK;
    if (ok && !utf8_blank(message))
        ok = notify_contacts(
                 d, a, s, ti->closed ? "Uw melding is afgehandeld" : "Er is nieuws over uw melding",
                 message, now, base_url, ti->closed ? "closed" : "status") == 0;
    return ok ? 0 : -1;
}

enum signal_result signal_change_status_explained(db *d, arena *a, const struct user *u, int64_t id,
                                                  const char *to, const char *message,
                                                  const char *explanation, int64_t now,
                                                  const char *base_url)
{
    struct signal s;
    enum signal_result r = load_for_handling(d, a, u, id, &s);
    if (r != SIG_OK)
        return r;
    const struct signal_status_info *ti = signal_status(to);
    if (!ti || !signal_transition_allowed(s.status, to))
        return SIG_BAD_TRANSITION;
    if (message && (!utf8_valid(message, strlen(message)) ||
                    utf8_len_chars(message, strlen(message)) > SIGNAL_MESSAGE_MAX))
        return SIG_BAD_INPUT;
    if (!signal_explanation_ok(explanation))
        return SIG_BAD_EXPLANATION;
    if (ti->closed && utf8_blank(message))
        return SIG_NEEDS_MESSAGE;
    if (db_begin_write(d) != DB_OK)
        return SIG_ERROR;
    bool ok = signal_status_in_tx(d, a, &s, u->id, to, message, explanation, now, base_url) == 0;
    if (!ok || db_commit(d) != DB_OK) {
        db_rollback(d);
        return SIG_ERROR;
    }
    /* the last task of a split signal closes its parent */
    if (ti->closed && s.parent_id && signal_task_closed(d, a, id, now, base_url) < 0)
        log_error("closing the parent of task %lld failed", (long long)id);
    return SIG_OK;
}

const char *const signal_passed_on =
    N_("Doorgegeven aan een andere organisatie, die de melding verder behandelt.");

enum signal_result signal_handoff(db *d, arena *a, const struct user *u, int64_t id, int64_t org_id,
                                  const char *note, int64_t now)
{
    struct signal s;
    enum signal_result r = load_for_handling(d, a, u, id, &s);
    if (r != SIG_OK)
        return r;
    if (org_id == s.owner_org_id)
        return SIG_BAD_INPUT;
    if (note && (!utf8_valid(note, strlen(note)) ||
                 utf8_len_chars(note, strlen(note)) > SIGNAL_MESSAGE_MAX))
        return SIG_BAD_INPUT;
    struct organisation *o;
    size_t n;
    bool known = false, to_care = false;
    if (org_list(d, a, NULL, &o, &n) != DB_OK)
        return SIG_ERROR;
    for (size_t i = 0; i < n; i++)
        if (o[i].id == org_id && strcmp(o[i].kind, "partner") != 0) {
            known = true;
            to_care = strcmp(o[i].kind, "care_network") == 0;
        }
    if (!known)
        return SIG_BAD_INPUT;
    struct category c;
    if (category_get(d, a, s.category_id, &c) != DB_OK)
        return SIG_ERROR;
    bool leaves = s.confidential && !to_care, enters = !s.confidential && to_care;
    if (leaves && c.confidential)
        return SIG_STAYS_CONFIDENTIAL;
    if (leaves && utf8_blank(note))
        return SIG_NEEDS_HANDOVER;
    /* What is written from now on is confidential while the care network
     * holds the signal, and always for a confidential category. */
    int confidential = c.confidential || to_care;
    if (db_begin_write(d) != DB_OK)
        return SIG_ERROR;
    bool ok;
    if (leaves) {
        /* The hand-over text is written for the department: not confidential.
         * The hand-off keeps the status the department receives, so that it
         * is the signal's shared state from here on. */
        ok = signal_add_event_as(d, id, now, u->id, "handoff", NULL, s.status, s.owner_org_id,
                                 org_id, note, 0, 0, NULL) == DB_OK;
    } else if (enters) {
        /* Written by the sender, before the care network holds it: the note
         * is the sender's, the hand-off the one public update. */
        ok = (utf8_blank(note) ||
              signal_add_event(d, id, now, u->id, "note", NULL, NULL, 0, 0, note, 0) == DB_OK) &&
             signal_add_event_as(d, id, now, u->id, "handoff", NULL, s.status, s.owner_org_id,
                                 org_id, signal_passed_on, 1, 0, signal_passed_on) == DB_OK;
    } else {
        ok = signal_add_event(d, id, now, u->id, "handoff", NULL, NULL, s.owner_org_id, org_id,
                              utf8_blank(note) ? NULL : note, 0) == DB_OK;
    }
    ok = ok && signal_set_owner(d, id, org_id, 0, confidential, now) == DB_OK;
    if (!ok || db_commit(d) != DB_OK) {
        db_rollback(d);
        return SIG_ERROR;
    }
    return SIG_OK;
}

enum signal_result signal_take(db *d, arena *a, const struct user *u, int64_t id, bool take,
                               int64_t now)
{
    struct signal s;
    enum signal_result r = load_for_handling(d, a, u, id, &s);
    if (r != SIG_OK)
        return r;
    if (s.closed_at || (take ? s.owner_user_id == u->id : s.owner_user_id == 0))
        return SIG_BAD_INPUT;
    if (db_begin_write(d) != DB_OK)
        return SIG_ERROR;
    bool ok =
        signal_set_owner(d, id, s.owner_org_id, take ? u->id : 0, s.confidential, now) == DB_OK &&
        signal_add_event(d, id, now, u->id, "handoff", NULL, NULL, s.owner_org_id, s.owner_org_id,
                         take ? "opgepakt" : "vrijgegeven", 0) == DB_OK;
    /* Someone works on it now: a new or reopened case is in handling (a
     * status change like any other, so the reporter's page shows it). */
    if (ok && take && (strcmp(s.status, "gemeld") == 0 || strcmp(s.status, "heropend") == 0))
        ok = signal_set_status(d, id, "in_behandeling", now, 0) == DB_OK &&
             signal_add_event_explained(d, id, now, u->id, "status", s.status, "in_behandeling", 0,
                                        0, NULL, 1, NULL) == DB_OK;
    if (!ok || db_commit(d) != DB_OK) {
        db_rollback(d);
        return SIG_ERROR;
    }
    return SIG_OK;
}

enum signal_result signal_add_note(db *d, arena *a, const struct user *u, int64_t id,
                                   const char *note, int64_t now)
{
    struct signal s;
    enum signal_result r = load_for_handling(d, a, u, id, &s);
    if (r != SIG_OK)
        return r;
    if (utf8_blank(note) || !utf8_valid(note, strlen(note)) ||
        utf8_len_chars(note, strlen(note)) > SIGNAL_MESSAGE_MAX)
        return SIG_BAD_INPUT;
    if (signal_add_event(d, id, now, u->id, "note", NULL, NULL, 0, 0, note, 0) != DB_OK)
        return SIG_ERROR;
    return SIG_OK;
}
