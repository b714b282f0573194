/*
 * story.c: the rules of success stories (story.h).
 */
#include "story.h"

#include "domain/calendar.h"
#include "domain/notify.h"
#include "domain/resident.h"
#include "domain/signal.h"
#include "lib/i18n_mark.h"
#include "lib/imgclient.h"
#include "lib/log.h"
#include "lib/utf8.h"
#include "store/area_store.h"
#include "store/files.h"
#include "store/method_store.h"

#include <jansson.h>
#include <stdio.h>

#include <string.h>

static size_t chars(const char *s)
{
    return s ? utf8_len_chars(s, strlen(s)) : 0;
}

static bool iso_date(const char *s)
{
    cal_date d;
    return s && cal_parse_date(s, strlen(s), &d) == 0;
}

size_t story_validate(const struct story_input *in, struct story_problem *out)
{
    size_t n = 0;
#define PROBLEM(f, m)                                                                              \
    do {                                                                                           \
        if (n < STORY_MAX_PROBLEMS)                                                                \
            out[n++] = (struct story_problem){(f), (m)};                                           \
    } while (0)
    if (utf8_blank(in->title))
        PROBLEM("title", N_("Vul de titel van het verhaal in."));
    else if (chars(in->title) > STORY_TITLE_MAX || strchr(in->title, '\n'))
        PROBLEM("title", N_("Gebruik voor de titel één regel van hoogstens 150 tekens."));
    if (utf8_blank(in->summary))
        PROBLEM("summary", N_("Vat het verhaal samen in een paar zinnen."));
    else if (chars(in->summary) > STORY_SUMMARY_MAX)
        PROBLEM("summary", N_("Gebruik voor de samenvatting hoogstens 400 tekens."));
    if (utf8_blank(in->body))
        PROBLEM("body", N_("Schrijf het verhaal."));
    else if (chars(in->body) > STORY_BODY_MAX)
        PROBLEM("body", N_("Gebruik voor het verhaal hoogstens 20.000 tekens."));
    if (!iso_date(in->date))
        PROBLEM("date", N_("Vul een echte datum in, bijvoorbeeld 15-04-2026."));
    if (in->wijk_unknown)
        PROBLEM("wijk", N_("Kies een wijk uit de lijst, of de hele stad."));
    const char *topic;
    if (!resident_topic_input(in->topic, &topic))
        PROBLEM("topic", resident_topic_problem);
#undef PROBLEM
    return n;
}

int story_save(db *d, int64_t id, const struct story_input *in, int64_t user_id, int64_t now,
               int64_t *out_id)
{
    struct story_problem p[STORY_MAX_PROBLEMS];
    if (story_validate(in, p) > 0)
        return DB_ERROR;
    struct story_row s = {.id = id,
                          .area_id = in->area_id,
                          .title = in->title,
                          .summary = in->summary,
                          .body = in->body,
                          .story_date = in->date};
    resident_topic_input(in->topic, &s.topic);
    int rc = id ? story_update(d, &s, user_id, now) : story_insert(d, &s, user_id, now, &id);
    if (rc == DB_OK)
        rc = story_set_links(d, id, "focuspunt", in->focus, in->nfocus);
    if (rc == DB_OK)
        rc = story_set_links(d, id, "initiatief", in->initiatives, in->ninitiatives);
    if (rc == DB_OK)
        rc = story_set_links(d, id, "methode", in->methods, in->nmethods);
    if (out_id)
        *out_id = id;
    return rc;
}

const char *story_photo_problem(const char *alt, bool recognisable, const char *consent_by,
                                const char *consent_on, const char *today, const char **field)
{
    if (utf8_blank(alt)) {
        *field = "alt";
        return N_("Beschrijf wat er op de foto staat, voor wie de foto niet kan zien.");
    }
    if (chars(alt) > STORY_ALT_MAX) {
        *field = "alt";
        return N_("Gebruik voor de beschrijving van de foto hoogstens 300 tekens.");
    }
    if (!recognisable)
        return NULL;
    bool by = !utf8_blank(consent_by), on = !utf8_blank(consent_on);
    if (!by && !on)
        return NULL; /* consent may follow; publishing waits for it */
    if (!by) {
        *field = "consent_by";
        return N_("Vul in wie toestemming gaf.");
    }
    if (chars(consent_by) > 200) {
        *field = "consent_by";
        return N_("Gebruik hier hoogstens 200 tekens.");
    }
    if (!on || !iso_date(consent_on)) {
        *field = "consent_on";
        return N_("Vul in op welke dag de toestemming is gegeven, bijvoorbeeld 15-04-2026.");
    }
    if (today && strcmp(consent_on, today) > 0) {
        *field = "consent_on";
        return N_("De toestemming kan niet in de toekomst zijn gegeven.");
    }
    return NULL;
}

bool story_photo_may_show(const struct story_photo_row *p)
{
    return !p->recognisable || (p->consent_by && *p->consent_by && p->consent_on);
}

enum story_result story_publish(db *d, arena *a, int64_t id, bool publish, int64_t user_id,
                                int64_t now)
{
    struct story_row s;
    int rc = story_get(d, a, id, &s);
    if (rc != DB_OK)
        return rc == DB_NOTFOUND ? STORY_NOT_FOUND : STORY_ERROR;
    if (publish) {
        struct story_photo_row *p;
        size_t n;
        if (story_photos(d, a, id, &p, &n) != DB_OK)
            return STORY_ERROR;
        for (size_t i = 0; i < n; i++)
            if (!story_photo_may_show(&p[i]))
                return STORY_NEEDS_CONSENT;
        if (s.published_at) /* already: keep the first day it appeared */
            return STORY_OK;
    }
    if (story_set_published(d, id, publish ? now : 0, user_id) != DB_OK)
        return STORY_ERROR;
    char path[48];
    snprintf(path, sizeof path, "/verhalen/%lld", (long long)id);
    /* the first publication only: the event stays recorded once */
    if (publish &&
        notify_record(d, "verhaal", id, "", s.area_id, 0, s.topic, s.title, path, now) != 0)
        return STORY_ERROR;
    return STORY_OK;
}

enum story_result story_add_photo(db *d, arena *a, int64_t story_id, const void *data, size_t len,
                                  const char *alt, bool recognisable, const char *consent_by,
                                  const char *consent_on, const char *today, int64_t *photo_id,
                                  const char **problem, const char **field)
{
    struct story_row s;
    int rc = story_get(d, a, story_id, &s);
    if (rc != DB_OK)
        return rc == DB_NOTFOUND ? STORY_NOT_FOUND : STORY_ERROR;
    if (!data || !len) {
        *field = "photo";
        *problem = N_("Kies een foto.");
        return STORY_INVALID;
    }
    if ((*problem = story_photo_problem(alt, recognisable, consent_by, consent_on, today, field)))
        return STORY_INVALID;
    bool consent = !utf8_blank(consent_by) && !utf8_blank(consent_on);
    if (recognisable && !consent && s.published_at) {
        *field = "consent_by";
        *problem = N_("Dit verhaal is gepubliceerd. Een foto met herkenbare mensen kan er alleen "
                      "bij als hun toestemming is vastgelegd.");
        return STORY_NEEDS_CONSENT;
    }
    struct img_result img;
    enum img_status st = img_process(signal_image_helper(), data, len, &img);
    if (st != IMG_OK) {
        if (st == IMG_HELPER_FAILED || st == IMG_TIMEOUT || st == IMG_NO_MEMORY)
            log_error("image helper: %s", img_status_name(st));
        *field = "photo";
        *problem = img_msgid(st);
        img_result_free(&img);
        return STORY_INVALID;
    }
    char file[FILES_NAME_MAX] = "", thumb[FILES_NAME_MAX] = "";
    bool ok = files_put(img.photo, img.photo_len, "jpg", file) == 0 &&
              files_put(img.thumb, img.thumb_len, "jpg", thumb) == 0;
    struct story_photo_row p = {.story_id = story_id,
                                .file = file,
                                .thumb = thumb,
                                .alt = alt,
                                .width = img.width,
                                .height = img.height,
                                .recognisable = recognisable,
                                .consent_by = recognisable && consent ? consent_by : NULL,
                                .consent_on = recognisable && consent ? consent_on : NULL};
    img_result_free(&img);
    if (!ok) {
        *field = "photo";
        *problem = N_("De foto kon niet worden opgeslagen. Probeer het later opnieuw.");
        return STORY_INVALID;
    }
    if (db_begin_write(d) != DB_OK)
        return STORY_ERROR;
    if (story_photo_insert(d, &p, photo_id) != DB_OK || db_commit(d) != DB_OK) {
        db_rollback(d);
        return STORY_ERROR;
    }
    return STORY_OK;
}

int story_seed_demo(db *d, const char *text, size_t len, const char *demo_date, char *err,
                    size_t errlen)
{
    json_error_t je;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        snprintf(err, errlen, "demo-verhalen: %d: %s", je.line, je.text);
        return -1;
    }
    arena *a = arena_new(1 << 16);
    cal_date day;
    int rc = -1;
    struct method_row *m = NULL;
    size_t nm = 0;
    if (!a || !demo_date || cal_parse_date(demo_date, strlen(demo_date), &day) != 0 ||
        method_list(d, a, NULL, NULL, NULL, &m, &nm) != DB_OK) {
        snprintf(err, errlen, "demo-verhalen: no demo date or methods");
        goto done;
    }
    struct story_filter all = {.area_id = -1};
    struct story_row *have;
    size_t nhave;
    if (story_list(d, a, &all, 100000, &have, &nhave) != DB_OK) {
        snprintf(err, errlen, "demo-verhalen: cannot read the stories");
        goto done;
    }
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(root, "stories"), i, o)
    {
#define S(k) json_string_value(json_object_get(o, k))
        struct story_input in = {
            .title = S("title"), .summary = S("summary"), .body = S("body"), .topic = S("topic")};
        const char *slug = S("wijk");
#undef S
        bool seen = false;
        for (size_t k = 0; in.title && k < nhave; k++)
            seen |= strcmp(have[k].title, in.title) == 0;
        if (seen)
            continue;
        char date[CAL_DATE_LEN];
        int64_t published = 0;
        json_int_t before = json_integer_value(json_object_get(o, "days_before"));
        json_int_t happened = json_integer_value(json_object_get(o, "date_days_before"));
        if (cal_format_date(day - (cal_date)happened, date) != 0 ||
            cal_to_unix(day - (cal_date)before, 10 * 3600, &published) != 0)
            goto bad;
        in.date = date;
        if (slug && *slug) {
            struct wijk w;
            if (area_get_wijk(d, a, slug, demo_date, 0, &w) != DB_OK)
                goto bad;
            in.area_id = w.id;
        }
        size_t k;
        json_t *ms;
        json_array_foreach(json_object_get(o, "methods"), k, ms)
        {
            for (size_t j = 0; j < nm && in.nmethods < STORY_MAX_LINKS; j++)
                if (json_is_string(ms) && strcmp(m[j].slug, json_string_value(ms)) == 0)
                    in.methods[in.nmethods++] = m[j].id;
        }
        int64_t id = 0;
        if (story_save(d, 0, &in, 0, published, &id) != DB_OK ||
            story_set_published(d, id, published, 0) != DB_OK)
            goto bad;
        continue;
    bad:
        snprintf(err, errlen, "demo-verhalen: entry %zu cannot be stored", i);
        goto done;
    }
    rc = 0;
done:
    arena_free(a);
    json_decref(root);
    return rc;
}
