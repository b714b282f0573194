/*
 * spreekuur_store.c: SQL of the digital wijkspreekuur.
 */
#include "spreekuur_store.h"

#include <string.h>

#define COLS                                                                                       \
    "q.id, ifnull(q.wijk_id, 0), q.channel, q.age_band, q.participant, q.created_at,"              \
    " ifnull(q.asked_by, 0), ifnull(q.entered_by, 0), q.public, q.question, q.reply_by,"           \
    " q.due_at, q.answer, ifnull(q.answered_at, 0), ifnull(q.answered_by, 0),"                     \
    " ifnull(q.handed_at, 0), a.name, a.slug, (SELECT name FROM user WHERE id = q.asked_by),"      \
    " (SELECT name FROM user WHERE id = q.answered_by), c.email, q.topic"
#define FROM                                                                                       \
    " FROM spreekuur_question q LEFT JOIN area a ON a.id = q.wijk_id"                              \
    " LEFT JOIN spreekuur_contact c ON c.question_id = q.id"

static const char SQL_LIST[] =
    "SELECT " COLS FROM " WHERE (?1 = 0 OR q.wijk_id = ?1) AND (?2 = 0 OR q.public = 1)"
    " ORDER BY q.created_at DESC, q.id DESC LIMIT ?3";
static const char SQL_GET[] = "SELECT " COLS FROM " WHERE q.id = ?1";

static void read_q(arena *a, sqlite3_stmt *st, void *row)
{
    struct spreekuur_row *q = row;
    memset(q, 0, sizeof *q);
    q->id = sqlite3_column_int64(st, 0);
    q->wijk_id = sqlite3_column_int64(st, 1);
    q->channel = db_col_dup(a, st, 2);
    q->age_band = db_col_dup(a, st, 3);
    q->participant = db_col_dup(a, st, 4);
    q->created_at = sqlite3_column_int64(st, 5);
    q->asked_by = sqlite3_column_int64(st, 6);
    q->entered_by = sqlite3_column_int64(st, 7);
    q->public = sqlite3_column_int(st, 8) != 0;
    q->question = db_col_dup(a, st, 9);
    q->reply_by = db_col_dup(a, st, 10);
    q->due_at = sqlite3_column_int64(st, 11);
    q->answer = db_col_dup(a, st, 12);
    q->answered_at = sqlite3_column_int64(st, 13);
    q->answered_by = sqlite3_column_int64(st, 14);
    q->handed_at = sqlite3_column_int64(st, 15);
    q->wijk_name = db_col_dup(a, st, 16);
    q->wijk_slug = db_col_dup(a, st, 17);
    q->asker_name = db_col_dup(a, st, 18);
    q->answerer_name = db_col_dup(a, st, 19);
    q->email = db_col_dup(a, st, 20);
    q->topic = db_col_dup(a, st, 21);
}

int spreekuur_list(db *d, arena *a, int64_t wijk_id, bool public_only, size_t limit,
                   struct spreekuur_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_LIST);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, wijk_id);
    sqlite3_bind_int(st, 2, public_only ? 1 : 0);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)limit);
    return db_rows(a, st, sizeof **out, read_q, out, n);
}

int spreekuur_get(db *d, arena *a, int64_t id, struct spreekuur_row *q)
{
    sqlite3_stmt *st = db_stmt(d, SQL_GET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    return db_row(a, st, read_q, q);
}

static const char SQL_INSERT[] =
    "INSERT INTO spreekuur_question (wijk_id, channel, age_band, participant, created_at,"
    " asked_by, entered_by, public, question, reply_by, due_at, topic)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";

int spreekuur_insert(db *d, const struct spreekuur_row *q, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_INSERT);
    if (!st)
        return DB_ERROR;
    db_bind_id(st, 1, q->wijk_id);
    sqlite3_bind_text(st, 2, q->channel, -1, SQLITE_STATIC);
    db_bind_text_opt(st, 3, q->age_band);
    sqlite3_bind_text(st, 4, q->participant, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, q->created_at);
    db_bind_id(st, 6, q->asked_by);
    db_bind_id(st, 7, q->entered_by);
    sqlite3_bind_int(st, 8, q->public ? 1 : 0);
    sqlite3_bind_text(st, 9, q->question, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 10, q->reply_by, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 11, q->due_at);
    db_bind_text_opt(st, 12, q->topic);
    int rc = db_exec_stmt(st);
    *id = rc == DB_OK ? db_last_id(d) : 0;
    return rc;
}

static const char SQL_CONTACT[] =
    "INSERT INTO spreekuur_contact (question_id, email) VALUES (?1, ?2)";
static const char SQL_CONTACT_ERASE[] = "DELETE FROM spreekuur_contact WHERE question_id = ?1";

int spreekuur_contact_insert(db *d, int64_t id, const char *email)
{
    sqlite3_stmt *st = db_stmt(d, SQL_CONTACT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, email, -1, SQLITE_STATIC);
    return db_exec_stmt(st);
}

int spreekuur_contact_erase(db *d, int64_t id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_CONTACT_ERASE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    return db_exec_stmt(st);
}

static const char SQL_ANSWER[] = "UPDATE spreekuur_question SET answer = ?2, answered_at ="
                                 " ifnull(answered_at, ?4), answered_by = ?3 WHERE id = ?1";
static const char SQL_HANDED[] =
    "UPDATE spreekuur_question SET handed_at = ?2 WHERE id = ?1 AND handed_at IS NULL";

int spreekuur_set_answer(db *d, int64_t id, const char *answer, int64_t user_id, int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ANSWER);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, answer, -1, SQLITE_STATIC);
    db_bind_id(st, 3, user_id);
    sqlite3_bind_int64(st, 4, now);
    int rc = db_exec_stmt(st);
    return rc == DB_OK && db_changes(d) == 0 ? DB_NOTFOUND : rc;
}

int spreekuur_set_handed(db *d, int64_t id, int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_HANDED);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, now);
    return db_exec_stmt(st);
}

static const char SQL_DEL_ADD[] = "INSERT OR IGNORE INTO spreekuur_delegate (wethouder_id,"
                                  " user_id, created_at) VALUES (?1, ?2, ?3)";
static const char SQL_DEL_REMOVE[] =
    "DELETE FROM spreekuur_delegate WHERE wethouder_id = ?1 AND user_id = ?2";
static const char SQL_DELEGATORS[] =
    "SELECT wethouder_id FROM spreekuur_delegate WHERE user_id = ?1 ORDER BY wethouder_id";
static const char SQL_DELEGATES[] =
    "SELECT user_id FROM spreekuur_delegate WHERE wethouder_id = ?1 ORDER BY user_id";

int spreekuur_delegate_add(db *d, int64_t wethouder_id, int64_t user_id, int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_DEL_ADD);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, wethouder_id);
    sqlite3_bind_int64(st, 2, user_id);
    sqlite3_bind_int64(st, 3, now);
    return db_exec_stmt(st);
}

int spreekuur_delegate_remove(db *d, int64_t wethouder_id, int64_t user_id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_DEL_REMOVE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, wethouder_id);
    sqlite3_bind_int64(st, 2, user_id);
    return db_exec_stmt(st);
}

int spreekuur_delegators(db *d, arena *a, int64_t user_id, int **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_DELEGATORS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, user_id);
    return db_int_rows(a, st, out, n);
}

int spreekuur_delegates(db *d, arena *a, int64_t wethouder_id, int **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_DELEGATES);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, wethouder_id);
    return db_int_rows(a, st, out, n);
}
