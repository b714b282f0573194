/*
 * survey_store.c: SQL of the surveys, their questions, responses and answers.
 */
#include "survey_store.h"

#include <string.h>

#define SURVEY_COLS                                                                                \
    "s.id, s.title, s.intro, coalesce(s.region_id, 0), coalesce(s.area_id, 0),"                    \
    " coalesce((SELECT ar.region_id FROM area_region ar WHERE ar.area_id = s.area_id AND"          \
    " ar.valid_to IS NULL ORDER BY ar.valid_from DESC LIMIT 1), 0),"                               \
    " coalesce(w.name, g.name), w.slug, s.opens_on, s.closes_on, s.mode, s.link_token,"            \
    " s.created_at, (SELECT count(*) FROM survey_response r WHERE r.survey_id = s.id)"
#define SURVEY_FROM                                                                                \
    " FROM survey s LEFT JOIN area w ON w.id = s.area_id LEFT JOIN region g ON g.id = s.region_id"

static const char SQL_GET[] = "SELECT " SURVEY_COLS SURVEY_FROM " WHERE s.id = ?1";
static const char SQL_LIST[] =
    "SELECT " SURVEY_COLS SURVEY_FROM " ORDER BY s.opens_on DESC, s.id DESC";
static const char SQL_LIST_CLOSED[] =
    "SELECT " SURVEY_COLS SURVEY_FROM
    " WHERE s.closes_on < ?1 ORDER BY s.closes_on DESC, s.id DESC";
static const char SQL_INSERT[] =
    "INSERT INTO survey (title, intro, region_id, area_id, opens_on, closes_on, mode, link_token,"
    " created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

static void read_survey(arena *a, sqlite3_stmt *st, void *row)
{
    struct survey_row *s = row;
    s->id = sqlite3_column_int64(st, 0);
    s->title = db_col_dup(a, st, 1);
    s->intro = db_col_dup(a, st, 2);
    s->region_id = sqlite3_column_int64(st, 3);
    s->area_id = sqlite3_column_int64(st, 4);
    s->wijk_region_id = sqlite3_column_int64(st, 5);
    s->scope_name = db_col_dup(a, st, 6);
    s->wijk_slug = db_col_dup(a, st, 7);
    s->opens_on = db_col_dup(a, st, 8);
    s->closes_on = db_col_dup(a, st, 9);
    s->mode = db_col_dup(a, st, 10);
    s->link_token = db_col_dup(a, st, 11);
    s->created_at = sqlite3_column_int64(st, 12);
    s->responses = sqlite3_column_int64(st, 13);
}

int survey_insert(db *d, const struct survey_row *s, int64_t user_id, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_INSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, s->title, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, s->intro ? s->intro : "", -1, SQLITE_STATIC);
    db_bind_id(st, 3, s->region_id);
    db_bind_id(st, 4, s->area_id);
    sqlite3_bind_text(st, 5, s->opens_on, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, s->closes_on, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, s->mode, -1, SQLITE_STATIC);
    db_bind_text_opt(st, 8, s->link_token);
    db_bind_id(st, 9, user_id);
    sqlite3_bind_int64(st, 10, s->created_at);
    int rc = db_exec_stmt(st);
    if (rc == DB_OK && id)
        *id = db_last_id(d);
    return rc;
}

int survey_get(db *d, arena *a, int64_t id, struct survey_row *s)
{
    sqlite3_stmt *st = db_stmt(d, SQL_GET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    return db_row(a, st, read_survey, s);
}

int survey_list(db *d, arena *a, struct survey_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_LIST);
    if (!st)
        return DB_ERROR;
    return db_rows(a, st, sizeof **out, read_survey, out, n);
}

int survey_list_closed(db *d, arena *a, const char *today, struct survey_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_LIST_CLOSED);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, today, -1, SQLITE_STATIC);
    return db_rows(a, st, sizeof **out, read_survey, out, n);
}

static const char SQL_QUESTIONS[] =
    "SELECT id, position, kind, text, options, min_value, max_value, required"
    " FROM survey_question WHERE survey_id = ?1 ORDER BY position";
static const char SQL_QUESTION_INSERT[] =
    "INSERT INTO survey_question (survey_id, position, kind, text, options, min_value, max_value,"
    " required) VALUES (?1, (SELECT coalesce(max(position), 0) + 1 FROM survey_question"
    " WHERE survey_id = ?1), ?2, ?3, ?4, ?5, ?6, ?7)";

static void read_question(arena *a, sqlite3_stmt *st, void *row)
{
    struct survey_question_row *q = row;
    q->id = sqlite3_column_int64(st, 0);
    q->position = sqlite3_column_int(st, 1);
    q->kind = db_col_dup(a, st, 2);
    q->text = db_col_dup(a, st, 3);
    q->options = db_col_dup(a, st, 4);
    q->has_min = sqlite3_column_type(st, 5) != SQLITE_NULL;
    q->min_value = sqlite3_column_int64(st, 5);
    q->has_max = sqlite3_column_type(st, 6) != SQLITE_NULL;
    q->max_value = sqlite3_column_int64(st, 6);
    q->required = sqlite3_column_int(st, 7) != 0;
}

int survey_questions(db *d, arena *a, int64_t survey_id, struct survey_question_row **out,
                     size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_QUESTIONS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, survey_id);
    return db_rows(a, st, sizeof **out, read_question, out, n);
}

int survey_question_insert(db *d, int64_t survey_id, const struct survey_question_row *q,
                           int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_QUESTION_INSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, survey_id);
    sqlite3_bind_text(st, 2, q->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, q->text, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, q->options ? q->options : "", -1, SQLITE_STATIC);
    if (q->has_min)
        sqlite3_bind_int64(st, 5, q->min_value);
    if (q->has_max)
        sqlite3_bind_int64(st, 6, q->max_value);
    sqlite3_bind_int(st, 7, q->required ? 1 : 0);
    int rc = db_exec_stmt(st);
    if (rc == DB_OK && id)
        *id = db_last_id(d);
    return rc;
}

static const char SQL_RESPONSE_INSERT[] =
    "INSERT INTO survey_response (survey_id, wijk_id, channel, age_band, participant, entered_by,"
    " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char SQL_ANSWER_INSERT[] =
    "INSERT INTO survey_answer (response_id, question_id, choice, number, text)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";
static const char SQL_HAS_RESPONSE[] =
    "SELECT 1 FROM survey_response WHERE survey_id = ?1 AND participant = ?2 LIMIT 1";

int survey_response_insert(db *d, int64_t survey_id, int64_t wijk_id, const char *channel,
                           const char *age_band, const char *participant, int64_t entered_by,
                           int64_t now, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_RESPONSE_INSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, survey_id);
    db_bind_id(st, 2, wijk_id);
    sqlite3_bind_text(st, 3, channel, -1, SQLITE_STATIC);
    db_bind_text_opt(st, 4, age_band);
    sqlite3_bind_text(st, 5, participant, -1, SQLITE_STATIC);
    db_bind_id(st, 6, entered_by);
    sqlite3_bind_int64(st, 7, now);
    int rc = db_exec_stmt(st);
    if (rc == DB_OK && id)
        *id = db_last_id(d);
    return rc;
}

int survey_answer_insert(db *d, int64_t response_id, int64_t question_id, bool has_choice,
                         long long choice, bool has_number, double number, const char *text)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ANSWER_INSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, response_id);
    sqlite3_bind_int64(st, 2, question_id);
    if (has_choice)
        sqlite3_bind_int64(st, 3, choice);
    db_bind_double_opt(st, 4, has_number, number);
    db_bind_text_opt(st, 5, text);
    return db_exec_stmt(st);
}

int survey_has_response(db *d, int64_t survey_id, const char *participant, bool *yes)
{
    sqlite3_stmt *st = db_stmt(d, SQL_HAS_RESPONSE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, survey_id);
    sqlite3_bind_text(st, 2, participant, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    *yes = rc == SQLITE_ROW;
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? DB_OK : DB_ERROR;
}

static const char SQL_RESPONDENTS[] =
    "SELECT a.question_id, coalesce(r.wijk_id, 0), 0, count(DISTINCT a.response_id),"
    " coalesce(sum(a.number), 0), coalesce(min(a.number), 0), coalesce(max(a.number), 0)"
    " FROM survey_answer a JOIN survey_response r ON r.id = a.response_id"
    " WHERE r.survey_id = ?1 GROUP BY a.question_id, coalesce(r.wijk_id, 0)";
static const char SQL_CHOICES[] =
    "SELECT a.question_id, coalesce(r.wijk_id, 0), a.choice, count(DISTINCT a.response_id),"
    " 0, 0, 0 FROM survey_answer a JOIN survey_response r ON r.id = a.response_id"
    " WHERE r.survey_id = ?1 AND a.choice IS NOT NULL"
    " GROUP BY a.question_id, coalesce(r.wijk_id, 0), a.choice";
static const char SQL_WIJK_RESPONDENTS[] =
    "SELECT 0, coalesce(r.wijk_id, 0), 0, count(*), 0, 0, 0, w.name FROM survey_response r"
    " LEFT JOIN area w ON w.id = r.wijk_id WHERE r.survey_id = ?1"
    " GROUP BY coalesce(r.wijk_id, 0) ORDER BY w.name IS NULL, w.name";
static const char SQL_OPEN[] =
    "SELECT a.question_id, coalesce(r.wijk_id, 0), a.text FROM survey_answer a"
    " JOIN survey_response r ON r.id = a.response_id"
    " WHERE r.survey_id = ?1 AND a.text IS NOT NULL ORDER BY a.question_id, r.id";

static void read_count(arena *a, sqlite3_stmt *st, void *row)
{
    struct survey_count_row *c = row;
    c->question_id = sqlite3_column_int64(st, 0);
    c->wijk_id = sqlite3_column_int64(st, 1);
    c->choice = sqlite3_column_int64(st, 2);
    c->n = sqlite3_column_int64(st, 3);
    c->sum = sqlite3_column_double(st, 4);
    c->min = sqlite3_column_double(st, 5);
    c->max = sqlite3_column_double(st, 6);
    if (sqlite3_column_count(st) > 7)
        c->wijk_name = db_col_dup(a, st, 7);
}

static int counts(db *d, arena *a, const char *sql, int64_t survey_id,
                  struct survey_count_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, sql);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, survey_id);
    return db_rows(a, st, sizeof **out, read_count, out, n);
}

int survey_respondents(db *d, arena *a, int64_t survey_id, struct survey_count_row **out, size_t *n)
{
    return counts(d, a, SQL_RESPONDENTS, survey_id, out, n);
}

int survey_choice_counts(db *d, arena *a, int64_t survey_id, struct survey_count_row **out,
                         size_t *n)
{
    return counts(d, a, SQL_CHOICES, survey_id, out, n);
}

int survey_wijk_respondents(db *d, arena *a, int64_t survey_id, struct survey_count_row **out,
                            size_t *n)
{
    return counts(d, a, SQL_WIJK_RESPONDENTS, survey_id, out, n);
}

static void read_text(arena *a, sqlite3_stmt *st, void *row)
{
    struct survey_text_row *t = row;
    t->question_id = sqlite3_column_int64(st, 0);
    t->wijk_id = sqlite3_column_int64(st, 1);
    t->text = db_col_dup(a, st, 2);
}

int survey_open_answers(db *d, arena *a, int64_t survey_id, struct survey_text_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_OPEN);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, survey_id);
    return db_rows(a, st, sizeof **out, read_text, out, n);
}

static const char SQL_OMNIBUS_PUT[] =
    "INSERT INTO omnibus_figure (year, key, label, pct, source) VALUES (?1, ?2, ?3, ?4, ?5)"
    " ON CONFLICT (year, key) DO UPDATE SET label = excluded.label, pct = excluded.pct,"
    " source = excluded.source";
static const char SQL_OMNIBUS_LIST[] =
    "SELECT year, key, label, pct, source FROM omnibus_figure ORDER BY year, rowid";

int omnibus_put(db *d, const struct omnibus_row *o)
{
    sqlite3_stmt *st = db_stmt(d, SQL_OMNIBUS_PUT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int(st, 1, o->year);
    sqlite3_bind_text(st, 2, o->key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, o->label, -1, SQLITE_STATIC);
    sqlite3_bind_double(st, 4, o->pct);
    sqlite3_bind_text(st, 5, o->source, -1, SQLITE_STATIC);
    return db_exec_stmt(st);
}

static void read_omnibus(arena *a, sqlite3_stmt *st, void *row)
{
    struct omnibus_row *o = row;
    o->year = sqlite3_column_int(st, 0);
    o->key = db_col_dup(a, st, 1);
    o->label = db_col_dup(a, st, 2);
    o->pct = sqlite3_column_double(st, 3);
    o->source = db_col_dup(a, st, 4);
}

int omnibus_list(db *d, arena *a, struct omnibus_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_OMNIBUS_LIST);
    if (!st)
        return DB_ERROR;
    return db_rows(a, st, sizeof **out, read_omnibus, out, n);
}

static const char SQL_SHARE[] =
    "SELECT count(DISTINCT response_id),"
    " count(DISTINCT CASE WHEN choice IN (SELECT value FROM json_each(?2)) THEN response_id END)"
    " FROM survey_answer WHERE question_id = ?1";

int survey_question_share(db *d, int64_t question_id, const char *choices_json, long long *chose,
                          long long *respondents)
{
    sqlite3_stmt *st = db_stmt(d, SQL_SHARE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, question_id);
    sqlite3_bind_text(st, 2, choices_json, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *respondents = sqlite3_column_int64(st, 0);
        *chose = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? DB_OK : DB_ERROR;
}

static const char SQL_INDICATORS[] =
    "SELECT i.id, f.id, i.name, f.title, i.unit FROM focus_indicator i"
    " JOIN focus_goal g ON g.id = i.goal_id JOIN focuspunt f ON f.id = g.focuspunt_id"
    " WHERE i.method = 'manual' AND (?1 = 0 OR EXISTS (SELECT 1 FROM focuspunt_area fa"
    " WHERE fa.focuspunt_id = f.id AND fa.area_id = ?1))"
    " ORDER BY f.period_start DESC, f.number, g.position, i.id";

static void read_indicator(arena *a, sqlite3_stmt *st, void *row)
{
    struct survey_indicator_row *x = row;
    x->id = sqlite3_column_int64(st, 0);
    x->focuspunt_id = sqlite3_column_int64(st, 1);
    x->name = db_col_dup(a, st, 2);
    x->focus_title = db_col_dup(a, st, 3);
    x->unit = db_col_dup(a, st, 4);
}

int survey_indicators(db *d, arena *a, int64_t area_id, struct survey_indicator_row **out,
                      size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_INDICATORS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, area_id);
    return db_rows(a, st, sizeof **out, read_indicator, out, n);
}
