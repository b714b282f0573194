/*
 * mydata.c: see mydata.h. Each kind is a table of the columns its query in
 * store/mydata_store.c returns: the key in the export and how to write it.
 */
#include "mydata.h"

#include "domain/calendar.h"
#include "domain/consult.h"
#include "domain/survey.h"
#include "store/mydata_store.h"

#include <stdlib.h>
#include <string.h>

/* How a column is written: an integer, text, a time (ISO 8601, local), a
 * flag (0/1), "hidden" from the moderation state, or left out ('-'). */
struct col {
    const char *key;
    char type;
};

static const struct {
    const char *key;
    struct col cols[MYDATA_MAX_COLS];
} kinds[MYDATA_NKINDS] = {
    [MYDATA_IDEAS] = {"ideas",
                      {{"consultation_id", 'i'},
                       {"consultation", 's'},
                       {"idea_id", 'i'},
                       {"title", 's'},
                       {"text", 's'},
                       {"created_at", 't'},
                       {"answer_state", 's'},
                       {"answer", 's'},
                       {"hidden", 'h'}}},
    [MYDATA_REACTIONS] = {"reactions",
                          {{"consultation_id", 'i'},
                           {"idea_id", 'i'},
                           {"idea", 's'},
                           {"text", 's'},
                           {"created_at", 't'},
                           {"hidden", 'h'}}},
    [MYDATA_SUPPORT] =
        {"supported",
         {{"consultation_id", 'i'}, {"idea_id", 'i'}, {"idea", 's'}, {"created_at", 't'}}},
    [MYDATA_VOTES] =
        {"votes",
         {{"consultation_id", 'i'}, {"consultation", 's'}, {"kind", 's'}, {"cast_at", 't'}}},
    [MYDATA_SURVEYS] =
        {"surveys", {{"response", '-'}, {"survey_id", 'i'}, {"survey", 's'}, {"answered_at", 't'}}},
    [MYDATA_SURVEY_ANSWERS] = {"answers",
                               {{"response", '-'},
                                {"question", 's'},
                                {"kind", 's'},
                                {"options", '-'},
                                {"choice", 'i'},
                                {"number", 'n'},
                                {"text", 's'}}},
    [MYDATA_QUESTIONS] = {"spreekuur_questions",
                          {{"question_id", 'i'},
                           {"wijk", 's'},
                           {"question", 's'},
                           {"public", 'b'},
                           {"asked_at", 't'},
                           {"answer", 's'},
                           {"answered_at", 't'}}},
    [MYDATA_MEETINGS] = {"meetings",
                         {{"meeting_id", 'i'},
                          {"meeting", 's'},
                          {"wijk", 's'},
                          {"starts_at", 't'},
                          {"status", 's'},
                          {"registered_at", 't'}}},
};

static json_t *value(const struct mydata_row *r, int i, char type)
{
    if (type == 'h')
        return json_boolean(consult_hidden(r->text[i]));
    if (!r->text[i])
        return json_null();
    switch (type) {
    case 'i':
        return json_integer(r->num[i]);
    case 'b':
        return json_boolean(r->num[i] != 0);
    case 'n':
        return json_real(strtod(r->text[i], NULL));
    case 't': {
        char iso[CAL_ISO_LEN];
        return cal_format_iso(r->num[i], iso) == 0 ? json_string(iso) : json_null();
    }
    default:
        return json_string(r->text[i]);
    }
}

static json_t *object(enum mydata_kind k, const struct mydata_row *r)
{
    json_t *o = json_object();
    int n = mydata_columns(k);
    for (int i = 0; o && i < n; i++)
        if (kinds[k].cols[i].type != '-')
            json_object_set_new(o, kinds[k].cols[i].key, value(r, i, kinds[k].cols[i].type));
    return o;
}

/* The text of a single or multiple choice answer (choices count from 1). */
static void choice_label(arena *a, const struct mydata_row *r, json_t *o)
{
    const char *kind = r->text[2];
    if (!kind || !r->text[4] || (strcmp(kind, "single") != 0 && strcmp(kind, "multiple") != 0))
        return;
    struct survey_question_row q = {.kind = kind, .options = r->text[3]};
    const char **opts;
    size_t n = survey_options(a, &q, &opts);
    if (r->num[4] >= 1 && (size_t)r->num[4] <= n)
        json_object_set_new(o, "choice_text", json_string(opts[r->num[4] - 1]));
}

static int add_surveys(db *d, arena *a, const char *who, json_t *o)
{
    struct mydata_row *s = NULL, *ans = NULL;
    size_t ns = 0, na = 0;
    if (mydata_rows(d, a, MYDATA_SURVEYS, who, &s, &ns) != DB_OK ||
        mydata_rows(d, a, MYDATA_SURVEY_ANSWERS, who, &ans, &na) != DB_OK)
        return -1;
    json_t *arr = json_array();
    for (size_t i = 0; i < ns; i++) {
        json_t *so = object(MYDATA_SURVEYS, &s[i]), *answers = json_array();
        for (size_t j = 0; j < na; j++) {
            if (ans[j].num[0] != s[i].num[0])
                continue;
            json_t *ao = object(MYDATA_SURVEY_ANSWERS, &ans[j]);
            choice_label(a, &ans[j], ao);
            json_array_append_new(answers, ao);
        }
        json_object_set_new(so, "answers", answers);
        json_array_append_new(arr, so);
    }
    json_object_set_new(o, kinds[MYDATA_SURVEYS].key, arr);
    return 0;
}

int mydata_export(db *d, arena *a, int64_t user_id, json_t *o)
{
    const char *who = arena_printf(a, "r:%lld", (long long)user_id);
    if (!who)
        return -1;
    for (int k = 0; k < MYDATA_NKINDS; k++) {
        if (k == MYDATA_SURVEY_ANSWERS)
            continue;
        if (k == MYDATA_SURVEYS) {
            if (add_surveys(d, a, who, o) != 0)
                return -1;
            continue;
        }
        struct mydata_row *rows = NULL;
        size_t n = 0;
        if (mydata_rows(d, a, (enum mydata_kind)k, who, &rows, &n) != DB_OK)
            return -1;
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++) {
            json_t *it = object((enum mydata_kind)k, &rows[i]);
            if (k == MYDATA_MEETINGS)
                json_object_set_new(
                    it, "waiting_list",
                    json_boolean(rows[i].text[4] && strcmp(rows[i].text[4], "wachtlijst") == 0));
            json_array_append_new(arr, it);
        }
        json_object_set_new(o, kinds[k].key, arr);
    }
    return 0;
}
