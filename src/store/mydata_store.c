/*
 * mydata_store.c: see mydata_store.h. Each query selects the columns named in
 * domain/mydata.c's table for its kind, in that order.
 */
#include "mydata_store.h"

#include <string.h>

static const struct {
    int ncols;
    const char *sql;
} kinds[MYDATA_NKINDS] = {
    [MYDATA_IDEAS] = {9,
                      "SELECT c.id, c.title, i.id, i.title, i.body, i.created_at, i.answer_state,"
                      " i.answer_text, i.moderation FROM consult_idea i"
                      " JOIN consultation c ON c.id = i.consultation_id"
                      " WHERE i.participant = ?1 ORDER BY i.created_at, i.id"},
    [MYDATA_REACTIONS] = {6, "SELECT c.id, i.id, i.title, r.body, r.created_at, r.moderation"
                             " FROM consult_reaction r JOIN consult_idea i ON i.id = r.idea_id"
                             " JOIN consultation c ON c.id = i.consultation_id"
                             " WHERE r.participant = ?1 ORDER BY r.created_at, r.id"},
    [MYDATA_SUPPORT] = {4, "SELECT c.id, i.id, i.title, s.created_at FROM consult_support s"
                           " JOIN consult_idea i ON i.id = s.idea_id"
                           " JOIN consultation c ON c.id = i.consultation_id"
                           " WHERE s.participant = ?1 ORDER BY s.created_at, i.id"},
    [MYDATA_VOTES] = {4, "SELECT c.id, c.title, v.kind, x.created_at FROM vote_cast x"
                         " JOIN vote v ON v.id = x.vote_id"
                         " JOIN consultation c ON c.id = v.consultation_id"
                         " WHERE x.participant = ?1 ORDER BY x.created_at, v.id"},
    [MYDATA_SURVEYS] = {4, "SELECT r.id, s.id, s.title, r.created_at FROM survey_response r"
                           " JOIN survey s ON s.id = r.survey_id"
                           " WHERE r.participant = ?1 ORDER BY r.created_at, r.id"},
    [MYDATA_SURVEY_ANSWERS] = {7, "SELECT r.id, q.text, q.kind, q.options, a.choice, a.number,"
                                  " a.text FROM survey_response r"
                                  " JOIN survey_answer a ON a.response_id = r.id"
                                  " JOIN survey_question q ON q.id = a.question_id"
                                  " WHERE r.participant = ?1"
                                  " ORDER BY r.id, q.position, a.choice"},
    [MYDATA_QUESTIONS] = {7, "SELECT q.id, w.name, q.question, q.public, q.created_at, q.answer,"
                             " q.answered_at FROM spreekuur_question q"
                             " LEFT JOIN area w ON w.id = q.wijk_id"
                             " WHERE q.participant = ?1 ORDER BY q.created_at, q.id"},
    [MYDATA_MEETINGS] = {6, "SELECT m.id, m.title, w.name, m.starts_at, g.status, g.created_at"
                            " FROM meeting_registration g JOIN meeting m ON m.id = g.meeting_id"
                            " LEFT JOIN area w ON w.id = m.area_id"
                            " WHERE g.participant = ?1 ORDER BY m.starts_at, g.id"},
};

int mydata_columns(enum mydata_kind k)
{
    return k < MYDATA_NKINDS ? kinds[k].ncols : 0;
}

static void read_row(arena *a, sqlite3_stmt *st, void *row)
{
    struct mydata_row *r = row;
    int n = sqlite3_column_count(st);
    for (int i = 0; i < n && i < MYDATA_MAX_COLS; i++) {
        r->text[i] = db_col_dup(a, st, i);
        r->num[i] = sqlite3_column_int64(st, i);
    }
}

int mydata_rows(db *d, arena *a, enum mydata_kind k, const char *participant,
                struct mydata_row **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (k >= MYDATA_NKINDS || !participant)
        return DB_ERROR;
    sqlite3_stmt *st = db_stmt(d, kinds[k].sql);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, participant, -1, SQLITE_TRANSIENT);
    return db_rows(a, st, sizeof **out, read_row, out, n);
}
