/*
 * feedback.c: satisfaction after closing and reopening on request.
 *
 * The question is asked once per closing; the answer is kept as an event of
 * the signal (for the monitor: share of satisfied residents), its free text
 * is the resident's own words and stays internal.
 */
#include "feedback.h"

#include "lib/utf8.h"

#include <string.h>

static const char SQL_ANSWERED[] =
    "SELECT count(*) FROM signal_event WHERE signal_id = ?1 AND kind = 'satisfaction'"
    " AND at >= ?2";

bool feedback_open(db *d, const struct signal *s, int64_t now)
{
    /* A case the care network holds is not reopened through the public status
     * page: its closing is not public (the care network writes to people). */
    if (s->confidential || !s->closed_at ||
        now - s->closed_at > (int64_t)FEEDBACK_REOPEN_DAYS * 86400)
        return false;
    sqlite3_stmt *st = db_stmt(d, SQL_ANSWERED);
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, s->id);
    sqlite3_bind_int64(st, 2, s->closed_at);
    int64_t n = 1;
    if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return n == 0;
}

enum signal_result feedback_give(db *d, arena *a, const char *token, bool satisfied,
                                 const char *text, bool reopen, int64_t now)
{
    struct signal s;
    int rc = signal_get_by_token(d, a, token, &s);
    if (rc == DB_NOTFOUND)
        return SIG_NOT_FOUND;
    if (rc != DB_OK)
        return SIG_ERROR;
    if (text && (!utf8_valid(text, strlen(text)) || utf8_len_chars(text, strlen(text)) > 2000))
        return SIG_BAD_INPUT;
    if (!feedback_open(d, &s, now))
        return SIG_FORBIDDEN;
    const char *what = satisfied ? "tevreden" : "niet tevreden";
    const char *note = text && *text ? arena_printf(a, "%s: %s", what, text) : what;
    if (db_begin_write(d) != DB_OK)
        return SIG_ERROR;
    bool ok = signal_add_event(d, s.id, now, 0, "satisfaction", NULL, NULL, 0, 0, note, 0) == DB_OK;
    if (ok && reopen)
        ok = signal_set_status(d, s.id, "heropend", now, 0) == DB_OK &&
             signal_add_event(d, s.id, now, 0, "status", s.status, "heropend", 0, 0,
                              "Heropend op verzoek van de melder.", 1) == DB_OK;
    if (!ok || db_commit(d) != DB_OK) {
        db_rollback(d);
        return SIG_ERROR;
    }
    return SIG_OK;
}
