/*
 * consult_store.c: SQL of consultations, ideas, reactions, support and
 * reports (consult_store.h). The idea list reads its counts from columns
 * kept up to date in the same transaction as the rows they count, so each
 * order is a walk of one index (migrations/0030_consultations.sql).
 */
#include "consult_store.h"

#include <string.h>

/* The region a consultation's wijk belongs to now. */
#define REGION_OF_C                                                                                \
    "(SELECT region_id FROM area_region ar WHERE ar.area_id = c.area_id AND ar.valid_to IS NULL"   \
    " ORDER BY ar.valid_from DESC LIMIT 1)"

#define C_COLS                                                                                     \
    "c.id, ifnull(c.area_id, 0), ifnull(c.focus_id, 0), c.title, c.question, c.decided_by,"        \
    " c.open_to, c.not_open, c.info_on, c.ideas_on, c.reactions_on, c.choice_on, c.result_on,"     \
    " c.result_text, c.created_at, c.updated_at, a.name, a.slug,"                                  \
    " ifnull(" REGION_OF_C ", 0),"                                                                 \
    " f.title, (SELECT count(*) FROM consult_idea i WHERE i.consultation_id = c.id), c.topic"      \
    " FROM consultation c LEFT JOIN area a ON a.id = c.area_id"                                    \
    " LEFT JOIN focuspunt f ON f.id = c.focus_id"

static void read_consult(arena *a, sqlite3_stmt *st, void *row)
{
    struct consultation_row *c = row;
    memset(c, 0, sizeof *c);
    c->id = sqlite3_column_int64(st, 0);
    c->area_id = sqlite3_column_int64(st, 1);
    c->focus_id = sqlite3_column_int64(st, 2);
    c->title = db_col_dup(a, st, 3);
    c->question = db_col_dup(a, st, 4);
    c->decided_by = db_col_dup(a, st, 5);
    c->open_to = db_col_dup(a, st, 6);
    c->not_open = db_col_dup(a, st, 7);
    c->info_on = db_col_dup(a, st, 8);
    c->ideas_on = db_col_dup(a, st, 9);
    c->reactions_on = db_col_dup(a, st, 10);
    c->choice_on = db_col_dup(a, st, 11);
    c->result_on = db_col_dup(a, st, 12);
    c->result_text = db_col_dup(a, st, 13);
    c->created_at = sqlite3_column_int64(st, 14);
    c->updated_at = sqlite3_column_int64(st, 15);
    c->wijk_name = db_col_dup(a, st, 16);
    c->wijk_slug = db_col_dup(a, st, 17);
    c->region_id = sqlite3_column_int64(st, 18);
    c->focus_title = db_col_dup(a, st, 19);
    c->idea_count = sqlite3_column_int64(st, 20);
    c->topic = db_col_dup(a, st, 21);
}

static const char SQL_LIST[] = "SELECT " C_COLS " WHERE (?1 < 0 OR ifnull(c.area_id, 0) = ?1)"
                               " ORDER BY c.info_on DESC, c.id DESC LIMIT 500";
static const char SQL_GET[] = "SELECT " C_COLS " WHERE c.id = ?1";
static const char SQL_LIST_FOCUS[] = "SELECT " C_COLS " WHERE c.focus_id = ?1"
                                     " ORDER BY c.info_on DESC, c.id DESC LIMIT 100";

int consult_list(db *d, arena *a, int64_t area_id, struct consultation_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_LIST);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, area_id);
    return db_rows(a, st, sizeof **out, read_consult, out, n);
}

int consult_list_for_focus(db *d, arena *a, int64_t focus_id, struct consultation_row **out,
                           size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_LIST_FOCUS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, focus_id);
    return db_rows(a, st, sizeof **out, read_consult, out, n);
}

int consult_get(db *d, arena *a, int64_t id, struct consultation_row *c)
{
    sqlite3_stmt *st = db_stmt(d, SQL_GET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    return db_row(a, st, read_consult, c);
}

static const char SQL_INSERT[] =
    "INSERT INTO consultation (area_id, focus_id, title, question, decided_by, open_to,"
    " not_open, info_on, ideas_on, reactions_on, choice_on, result_on, result_text, created_at,"
    " created_by, updated_at, updated_by, topic)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?14, ?15, ?17)";
static const char SQL_UPDATE[] =
    "UPDATE consultation SET area_id = ?1, focus_id = ?2, title = ?3, question = ?4,"
    " decided_by = ?5, open_to = ?6, not_open = ?7, info_on = ?8, ideas_on = ?9,"
    " reactions_on = ?10, choice_on = ?11, result_on = ?12, result_text = ?13,"
    " updated_at = ?14, updated_by = ?15, topic = ?17 WHERE id = ?16";

static void bind_consult(sqlite3_stmt *st, const struct consultation_row *c, int64_t user_id,
                         int64_t now)
{
    db_bind_id(st, 1, c->area_id);
    db_bind_id(st, 2, c->focus_id);
    const char *t[] = {c->title,    c->question, c->decided_by, c->open_to,
                       c->not_open, c->info_on,  c->ideas_on,   c->reactions_on};
    for (int i = 0; i < 8; i++)
        db_bind_text_or_null(st, 3 + i, t[i] ? t[i] : "");
    db_bind_text_opt(st, 11, c->choice_on);
    db_bind_text_or_null(st, 12, c->result_on ? c->result_on : "");
    db_bind_text_or_null(st, 13, c->result_text ? c->result_text : "");
    sqlite3_bind_int64(st, 14, now);
    db_bind_id(st, 15, user_id);
    db_bind_text_opt(st, 17, c->topic);
}

int consult_insert(db *d, const struct consultation_row *c, int64_t user_id, int64_t now,
                   int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_INSERT);
    if (!st)
        return DB_ERROR;
    bind_consult(st, c, user_id, now);
    int rc = db_exec_stmt(st);
    *id = rc == DB_OK ? db_last_id(d) : 0;
    return rc;
}

int consult_update(db *d, const struct consultation_row *c, int64_t user_id, int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_UPDATE);
    if (!st)
        return DB_ERROR;
    bind_consult(st, c, user_id, now);
    sqlite3_bind_int64(st, 16, c->id);
    int rc = db_exec_stmt(st);
    return rc == DB_OK && db_changes(d) == 0 ? DB_NOTFOUND : rc;
}

/* --- ideas ------------------------------------------------------------------------------- */

#define I_COLS                                                                                     \
    "i.id, i.consultation_id, ifnull(i.author_id, 0), ifnull(i.entered_by, 0), i.title, i.body,"   \
    " ifnull(i.wijk_id, 0), w.name, i.channel, i.created_at, i.support_count,"                     \
    " i.reaction_count, i.report_count, i.moderation,"                                             \
    " CASE WHEN r.erased_at IS NULL THEN u.name END, r.erased_at IS NOT NULL,"                     \
    " i.answer_state, i.answer_text, ifnull(i.answered_at, 0),"                                    \
    " EXISTS (SELECT 1 FROM consult_support s WHERE s.idea_id = i.id AND s.user_id = ?2)"          \
    " FROM consult_idea i LEFT JOIN area w ON w.id = i.wijk_id"                                    \
    " LEFT JOIN user u ON u.id = i.author_id LEFT JOIN resident r ON r.user_id = i.author_id"

static void read_idea(arena *a, sqlite3_stmt *st, void *row)
{
    struct consult_idea_row *i = row;
    memset(i, 0, sizeof *i);
    i->id = sqlite3_column_int64(st, 0);
    i->consultation_id = sqlite3_column_int64(st, 1);
    i->author_id = sqlite3_column_int64(st, 2);
    i->entered_by = sqlite3_column_int64(st, 3);
    i->title = db_col_dup(a, st, 4);
    i->body = db_col_dup(a, st, 5);
    i->wijk_id = sqlite3_column_int64(st, 6);
    i->wijk_name = db_col_dup(a, st, 7);
    i->channel = db_col_dup(a, st, 8);
    i->created_at = sqlite3_column_int64(st, 9);
    i->support_count = sqlite3_column_int64(st, 10);
    i->reaction_count = sqlite3_column_int64(st, 11);
    i->report_count = sqlite3_column_int64(st, 12);
    i->moderation = db_col_dup(a, st, 13);
    i->author_name = db_col_dup(a, st, 14);
    i->author_erased = sqlite3_column_int(st, 15) != 0;
    i->answer_state = db_col_dup(a, st, 16);
    i->answer_text = db_col_dup(a, st, 17);
    i->answered_at = sqlite3_column_int64(st, 18);
    i->supported = sqlite3_column_int(st, 19) != 0;
}

/* One statement per order. The page's ids come first from the ideas table
 * alone (an index walk for the counted orders, a sort of two integers per
 * idea for the random one), so the joins run only for the 20 rows shown,
 * not for every row skipped before them. */
#define PAGE(inner, outer)                                                                         \
    "SELECT " I_COLS " WHERE i.id IN (SELECT id FROM consult_idea WHERE consultation_id = ?1"      \
    " ORDER BY " inner " LIMIT ?3 OFFSET ?4) ORDER BY " outer
static const char *const SQL_IDEAS[] = {
    [CONSULT_NEWEST] = PAGE("created_at DESC, id DESC", "i.created_at DESC, i.id DESC"),
    [CONSULT_SUPPORTED] = PAGE("support_count DESC, id DESC", "i.support_count DESC, i.id DESC"),
    [CONSULT_DISCUSSED] = PAGE("reaction_count DESC, id DESC", "i.reaction_count DESC, i.id DESC"),
    [CONSULT_RANDOM] = PAGE("(shuffle_key | ?5) - (shuffle_key & ?5), id",
                            "(i.shuffle_key | ?5) - (i.shuffle_key & ?5), i.id"),
};
#undef PAGE

/* The random order is (shuffle_key XOR seed, id), keys of 31 bits. Sorting
 * every idea of a consultation for each page cost more than the page: with
 * 10,000 ideas the sort was most of a request. The keys fall in blocks by
 * their top SHUFFLE_BLOCK_BITS bits; the top bits of key XOR seed order the
 * blocks and the lower bits order the keys within a block. So the blocks are
 * counted in that order (each a range of the index) until the page's offset,
 * and only the one or two blocks that hold the page are sorted: a page costs
 * about what its offset costs in the other orders. The rows are exactly
 * those of ORDER BY (key XOR seed), id. */
#define SHUFFLE_BITS       31
#define SHUFFLE_BLOCK_BITS 8
#define SHUFFLE_BLOCKS     (1 << SHUFFLE_BLOCK_BITS)
#define SHUFFLE_SHIFT      (SHUFFLE_BITS - SHUFFLE_BLOCK_BITS)
static const char SQL_SHUFFLE_OUTSIDE[] =
    "SELECT EXISTS (SELECT 1 FROM consult_idea WHERE consultation_id = ?1 AND shuffle_key < 0)"
    " OR EXISTS (SELECT 1 FROM consult_idea WHERE consultation_id = ?1"
    " AND shuffle_key > 2147483647)";
static const char SQL_SHUFFLE_COUNT[] =
    "SELECT count(*) FROM consult_idea"
    " WHERE consultation_id = ?1 AND shuffle_key BETWEEN ?2 AND ?3";
static const char SQL_SHUFFLE_BLOCK[] =
    "SELECT " I_COLS " WHERE i.consultation_id = ?1 AND i.shuffle_key BETWEEN ?3 AND ?4"
    " ORDER BY (i.shuffle_key | ?5) - (i.shuffle_key & ?5), i.id LIMIT ?6 OFFSET ?7";

/* The number of ideas of a consultation in block b; -1 on an error. */
static int64_t shuffle_count(db *d, int64_t consultation_id, int64_t b)
{
    sqlite3_stmt *st = db_stmt(d, SQL_SHUFFLE_COUNT);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, consultation_id);
    sqlite3_bind_int64(st, 2, b << SHUFFLE_SHIFT);
    sqlite3_bind_int64(st, 3, ((b + 1) << SHUFFLE_SHIFT) - 1);
    int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    return n;
}

/* The random order's page by blocks; DB_NOTFOUND when a key lies outside
 * 31 bits (then the plain sort serves). */
static int random_page(db *d, arena *a, int64_t consultation_id, int64_t seed, int64_t viewer,
                       size_t limit, size_t offset, struct consult_idea_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_SHUFFLE_OUTSIDE);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, consultation_id);
    int rc = sqlite3_step(st);
    bool outside = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return DB_ERROR;
    if (outside)
        return DB_NOTFOUND;
    struct consult_idea_row *rows = NULL;
    size_t got = 0, skip = offset;
    int64_t s = seed & 0x7fffffff, top = s >> SHUFFLE_SHIFT;
    for (int64_t j = 0; j < SHUFFLE_BLOCKS && got < limit; j++) {
        int64_t b = j ^ top;
        int64_t count = shuffle_count(d, consultation_id, b);
        if (count < 0)
            return DB_ERROR;
        if ((size_t)count <= skip) {
            skip -= (size_t)count;
            continue;
        }
        if (!(st = db_stmt(d, SQL_SHUFFLE_BLOCK)))
            return DB_ERROR;
        sqlite3_bind_int64(st, 1, consultation_id);
        sqlite3_bind_int64(st, 2, viewer);
        sqlite3_bind_int64(st, 3, b << SHUFFLE_SHIFT);
        sqlite3_bind_int64(st, 4, ((b + 1) << SHUFFLE_SHIFT) - 1);
        sqlite3_bind_int64(st, 5, s);
        sqlite3_bind_int64(st, 6, (sqlite3_int64)(limit - got));
        sqlite3_bind_int64(st, 7, (sqlite3_int64)skip);
        struct consult_idea_row *part;
        size_t np;
        if (db_rows(a, st, sizeof *part, read_idea, &part, &np) != DB_OK)
            return DB_ERROR;
        if (!rows) {
            rows = part;
        } else if (np) {
            struct consult_idea_row *all = arena_alloc(a, (got + np) * sizeof *all);
            if (!all)
                return DB_ERROR;
            memcpy(all, rows, got * sizeof *all);
            memcpy(all + got, part, np * sizeof *all);
            rows = all;
        }
        got += np;
        skip = 0;
    }
    *out = rows;
    *n = got;
    return DB_OK;
}

int consult_ideas(db *d, arena *a, int64_t consultation_id, enum consult_order order, int64_t seed,
                  int64_t viewer, size_t limit, size_t offset, struct consult_idea_row **out,
                  size_t *n)
{
    if ((unsigned)order > CONSULT_RANDOM)
        order = CONSULT_NEWEST;
    if (order == CONSULT_RANDOM) {
        int rc = random_page(d, a, consultation_id, seed, viewer, limit, offset, out, n);
        if (rc != DB_NOTFOUND)
            return rc;
    }
    sqlite3_stmt *st = db_stmt(d, SQL_IDEAS[order]);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, consultation_id);
    sqlite3_bind_int64(st, 2, viewer);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)limit);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)offset);
    if (order == CONSULT_RANDOM)
        sqlite3_bind_int64(st, 5, seed & 0x7fffffff);
    return db_rows(a, st, sizeof **out, read_idea, out, n);
}

static const char SQL_IDEA_GET[] = "SELECT " I_COLS " WHERE i.id = ?1";

int consult_idea_get(db *d, arena *a, int64_t idea_id, int64_t viewer, struct consult_idea_row *row)
{
    sqlite3_stmt *st = db_stmt(d, SQL_IDEA_GET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, idea_id);
    sqlite3_bind_int64(st, 2, viewer);
    return db_row(a, st, read_idea, row);
}

static void bind_act(sqlite3_stmt *st, int first, const struct consult_act *act)
{
    db_bind_id(st, first, act->wijk_id);
    sqlite3_bind_text(st, first + 1, act->channel, -1, SQLITE_STATIC);
    db_bind_text_opt(st, first + 2, act->age_band);
    sqlite3_bind_text(st, first + 3, act->participant, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, first + 4, act->created_at);
}

static const char SQL_IDEA_INSERT[] =
    "INSERT INTO consult_idea (consultation_id, author_id, entered_by, title, body, wijk_id,"
    " channel, age_band, participant, created_at, shuffle_key)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

int consult_idea_insert(db *d, int64_t consultation_id, int64_t author_id, int64_t entered_by,
                        const char *title, const char *body, const struct consult_act *act,
                        int64_t shuffle_key, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_IDEA_INSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, consultation_id);
    db_bind_id(st, 2, author_id);
    db_bind_id(st, 3, entered_by);
    sqlite3_bind_text(st, 4, title, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, body, -1, SQLITE_STATIC);
    bind_act(st, 6, act);
    sqlite3_bind_int64(st, 11, shuffle_key & 0x7fffffff);
    int rc = db_exec_stmt(st);
    *id = rc == DB_OK ? db_last_id(d) : 0;
    return rc;
}

/* --- reactions --------------------------------------------------------------------------- */

#define R_COLS                                                                                     \
    "x.id, x.idea_id, ifnull(x.author_id, 0), x.body, x.channel, x.created_at,"                    \
    " x.report_count, x.moderation, CASE WHEN r.erased_at IS NULL THEN u.name END,"                \
    " r.erased_at IS NOT NULL FROM consult_reaction x LEFT JOIN user u ON u.id = x.author_id"      \
    " LEFT JOIN resident r ON r.user_id = x.author_id"

static void read_reaction(arena *a, sqlite3_stmt *st, void *row)
{
    struct consult_reaction_row *x = row;
    memset(x, 0, sizeof *x);
    x->id = sqlite3_column_int64(st, 0);
    x->idea_id = sqlite3_column_int64(st, 1);
    x->author_id = sqlite3_column_int64(st, 2);
    x->body = db_col_dup(a, st, 3);
    x->channel = db_col_dup(a, st, 4);
    x->created_at = sqlite3_column_int64(st, 5);
    x->report_count = sqlite3_column_int64(st, 6);
    x->moderation = db_col_dup(a, st, 7);
    x->author_name = db_col_dup(a, st, 8);
    x->author_erased = sqlite3_column_int(st, 9) != 0;
}

static const char SQL_REACTIONS[] = "SELECT " R_COLS " WHERE x.idea_id = ?1 ORDER BY x.id";
static const char SQL_REACTION_GET[] = "SELECT " R_COLS " WHERE x.id = ?1";

int consult_reactions(db *d, arena *a, int64_t idea_id, struct consult_reaction_row **out,
                      size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_REACTIONS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, idea_id);
    return db_rows(a, st, sizeof **out, read_reaction, out, n);
}

int consult_reaction_get(db *d, arena *a, int64_t id, struct consult_reaction_row *row)
{
    sqlite3_stmt *st = db_stmt(d, SQL_REACTION_GET);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, id);
    return db_row(a, st, read_reaction, row);
}

static const char SQL_REACTION_INSERT[] =
    "INSERT INTO consult_reaction (idea_id, author_id, entered_by, body, wijk_id, channel,"
    " age_band, participant, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char SQL_REACTION_COUNT[] =
    "UPDATE consult_idea SET reaction_count = reaction_count + 1 WHERE id = ?1";

int consult_reaction_insert(db *d, int64_t idea_id, int64_t author_id, int64_t entered_by,
                            const char *body, const struct consult_act *act, int64_t *id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_REACTION_INSERT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, idea_id);
    db_bind_id(st, 2, author_id);
    db_bind_id(st, 3, entered_by);
    sqlite3_bind_text(st, 4, body, -1, SQLITE_STATIC);
    bind_act(st, 5, act);
    int rc = db_exec_stmt(st);
    *id = rc == DB_OK ? db_last_id(d) : 0;
    if (rc != DB_OK)
        return rc;
    if (!(st = db_stmt(d, SQL_REACTION_COUNT)))
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, idea_id);
    rc = db_exec_stmt(st);
    return rc == DB_OK && db_changes(d) == 0 ? DB_NOTFOUND : rc;
}

/* --- support ----------------------------------------------------------------------------- */

static const char SQL_SUPPORT_ADD[] =
    "INSERT INTO consult_support (idea_id, user_id, wijk_id, channel, age_band, participant,"
    " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char SQL_SUPPORT_DEL[] =
    "DELETE FROM consult_support WHERE idea_id = ?1 AND user_id = ?2";
static const char SQL_SUPPORT_COUNT[] =
    "UPDATE consult_idea SET support_count = support_count + ?2 WHERE id = ?1";

static int count_support(db *d, int64_t idea_id, int delta)
{
    sqlite3_stmt *st = db_stmt(d, SQL_SUPPORT_COUNT);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, idea_id);
    sqlite3_bind_int(st, 2, delta);
    int rc = db_exec_stmt(st);
    return rc == DB_OK && db_changes(d) == 0 ? DB_NOTFOUND : rc;
}

int consult_support_add(db *d, int64_t idea_id, int64_t user_id, const struct consult_act *act)
{
    sqlite3_stmt *st = db_stmt(d, SQL_SUPPORT_ADD);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, idea_id);
    sqlite3_bind_int64(st, 2, user_id);
    bind_act(st, 3, act);
    int rc = db_exec_stmt(st);
    return rc == DB_OK ? count_support(d, idea_id, 1) : rc;
}

int consult_support_remove(db *d, int64_t idea_id, int64_t user_id)
{
    sqlite3_stmt *st = db_stmt(d, SQL_SUPPORT_DEL);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, idea_id);
    sqlite3_bind_int64(st, 2, user_id);
    int rc = db_exec_stmt(st);
    if (rc == DB_OK && db_changes(d) == 0)
        return DB_NOTFOUND;
    return rc == DB_OK ? count_support(d, idea_id, -1) : rc;
}

static const char SQL_PAPER_SUPPORT_ADD[] =
    "INSERT INTO consult_paper_support (idea_id, entered_by, wijk_id, channel, age_band,"
    " participant, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

int consult_paper_support_add(db *d, int64_t idea_id, int64_t entered_by,
                              const struct consult_act *act)
{
    sqlite3_stmt *st = db_stmt(d, SQL_PAPER_SUPPORT_ADD);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, idea_id);
    db_bind_id(st, 2, entered_by);
    bind_act(st, 3, act);
    int rc = db_exec_stmt(st);
    return rc == DB_OK ? count_support(d, idea_id, 1) : rc;
}

static const char SQL_ANSWER[] =
    "UPDATE consult_idea SET answer_state = ?2, answer_text = ?3, answered_at = ?4,"
    " answered_by = ?5 WHERE id = ?1";

int consult_answer_set(db *d, int64_t idea_id, const char *state, const char *text, int64_t user_id,
                       int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_ANSWER);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, idea_id);
    sqlite3_bind_text(st, 2, state, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, text, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, now);
    db_bind_id(st, 5, user_id);
    int rc = db_exec_stmt(st);
    return rc == DB_OK && db_changes(d) == 0 ? DB_NOTFOUND : rc;
}

/* --- reports and moderation -------------------------------------------------------------- */

static const char SQL_REPORT_ADD[] =
    "INSERT INTO consult_report (kind, item_id, user_id, created_at) VALUES (?1, ?2, ?3, ?4)";
static const char SQL_REPORT_IDEA[] =
    "UPDATE consult_idea SET report_count = report_count + 1 WHERE id = ?1"
    " RETURNING report_count";
static const char SQL_REPORT_REACTION[] =
    "UPDATE consult_reaction SET report_count = report_count + 1 WHERE id = ?1"
    " RETURNING report_count";

static bool is_idea(const char *kind)
{
    return strcmp(kind, "idee") == 0;
}

int consult_report_add(db *d, const char *kind, int64_t item_id, int64_t user_id, int64_t now,
                       int64_t *count)
{
    sqlite3_stmt *st = db_stmt(d, SQL_REPORT_ADD);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, item_id);
    sqlite3_bind_int64(st, 3, user_id);
    sqlite3_bind_int64(st, 4, now);
    int rc = db_exec_stmt(st);
    if (rc != DB_OK)
        return rc;
    if (!(st = db_stmt(d, is_idea(kind) ? SQL_REPORT_IDEA : SQL_REPORT_REACTION)))
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, item_id);
    int s = sqlite3_step(st);
    rc = s == SQLITE_ROW ? DB_OK : s == SQLITE_DONE ? DB_NOTFOUND : DB_ERROR;
    *count = s == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc;
}

/* a decision (not "wacht") has seen every report made so far */
static const char SQL_MOD_IDEA[] =
    "UPDATE consult_idea SET moderation = ?2, moderation_reason = ?3,"
    " reports_seen = CASE WHEN ?2 = 'wacht' THEN reports_seen ELSE report_count END WHERE id = ?1";
static const char SQL_MOD_REACTION[] =
    "UPDATE consult_reaction SET moderation = ?2, moderation_reason = ?3,"
    " reports_seen = CASE WHEN ?2 = 'wacht' THEN reports_seen ELSE report_count END WHERE id = ?1";

int consult_moderation_set(db *d, const char *kind, int64_t item_id, const char *state,
                           const char *reason)
{
    sqlite3_stmt *st = db_stmt(d, is_idea(kind) ? SQL_MOD_IDEA : SQL_MOD_REACTION);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, item_id);
    db_bind_text_opt(st, 2, state);
    db_bind_text_opt(st, 3, reason);
    int rc = db_exec_stmt(st);
    return rc == DB_OK && db_changes(d) == 0 ? DB_NOTFOUND : rc;
}

static const char SQL_DECISION_ADD[] =
    "INSERT INTO consult_moderation_decision (kind, item_id, decision, reason, user_id,"
    " reports_seen, decided_at)"
    " SELECT ?1, ?2, ?3, ?4, ?5, report_count, ?6 FROM consult_idea WHERE ?1 = 'idee' AND id = ?2"
    " UNION ALL"
    " SELECT ?1, ?2, ?3, ?4, ?5, report_count, ?6 FROM consult_reaction"
    " WHERE ?1 = 'reactie' AND id = ?2";

int consult_moderation_decision_add(db *d, const char *kind, int64_t item_id, const char *decision,
                                    const char *reason, int64_t user_id, int64_t now)
{
    sqlite3_stmt *st = db_stmt(d, SQL_DECISION_ADD);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, item_id);
    sqlite3_bind_text(st, 3, decision, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, reason, -1, SQLITE_STATIC);
    if (user_id)
        sqlite3_bind_int64(st, 5, user_id);
    else
        sqlite3_bind_null(st, 5);
    sqlite3_bind_int64(st, 6, now);
    int rc = db_exec_stmt(st);
    return rc == DB_OK && db_changes(d) == 0 ? DB_NOTFOUND : rc;
}

static const char SQL_DECISIONS[] =
    "SELECT m.kind, m.item_id, i.id, c.id, ifnull(" REGION_OF_C ", 0),"
    " i.title, m.decision, m.reason, m.decided_at, m.reports_seen"
    " FROM consult_moderation_decision m"
    " JOIN consult_idea i ON i.id = CASE m.kind WHEN 'idee' THEN m.item_id"
    "  ELSE (SELECT x.idea_id FROM consult_reaction x WHERE x.id = m.item_id) END"
    " JOIN consultation c ON c.id = i.consultation_id"
    " ORDER BY m.id DESC LIMIT ?1";

static void read_decision(arena *a, sqlite3_stmt *st, void *row)
{
    struct consult_decision_row *m = row;
    memset(m, 0, sizeof *m);
    m->kind = db_col_dup(a, st, 0);
    m->item_id = sqlite3_column_int64(st, 1);
    m->idea_id = sqlite3_column_int64(st, 2);
    m->consultation_id = sqlite3_column_int64(st, 3);
    m->region_id = sqlite3_column_int64(st, 4);
    m->title = db_col_dup(a, st, 5);
    m->decision = db_col_dup(a, st, 6);
    m->reason = db_col_dup(a, st, 7);
    m->decided_at = sqlite3_column_int64(st, 8);
    m->reports_seen = sqlite3_column_int64(st, 9);
}

int consult_moderation_decisions(db *d, arena *a, int limit, struct consult_decision_row **out,
                                 size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_DECISIONS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int(st, 1, limit);
    return db_rows(a, st, sizeof **out, read_decision, out, n);
}

static const char SQL_ITEM_IDEA[] =
    "SELECT moderation, consultation_id FROM consult_idea WHERE id = ?1";
static const char SQL_ITEM_REACTION[] =
    "SELECT x.moderation, i.consultation_id FROM consult_reaction x"
    " JOIN consult_idea i ON i.id = x.idea_id WHERE x.id = ?1";

int consult_item_moderation(db *d, arena *a, const char *kind, int64_t item_id, const char **state,
                            int64_t *consultation_id)
{
    sqlite3_stmt *st = db_stmt(d, is_idea(kind) ? SQL_ITEM_IDEA : SQL_ITEM_REACTION);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, item_id);
    int s = sqlite3_step(st);
    int rc = s == SQLITE_ROW ? DB_OK : s == SQLITE_DONE ? DB_NOTFOUND : DB_ERROR;
    if (s == SQLITE_ROW) {
        *state = db_col_dup(a, st, 0);
        *consultation_id = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    return rc;
}

static const char SQL_QUEUE[] =
    "SELECT 'idee', i.id, i.id, c.id,"
    " ifnull(" REGION_OF_C ", 0),"
    " i.title, i.body, i.moderation, c.title, i.report_count"
    " FROM consult_idea i JOIN consultation c ON c.id = i.consultation_id"
    " WHERE i.moderation = 'wacht' OR (i.report_count > i.reports_seen"
    "  AND (i.moderation IS NULL OR i.moderation = 'hersteld'))"
    " UNION ALL"
    " SELECT 'reactie', x.id, x.idea_id, c.id,"
    " ifnull(" REGION_OF_C ", 0),"
    " i.title, x.body, x.moderation, c.title, x.report_count"
    " FROM consult_reaction x JOIN consult_idea i ON i.id = x.idea_id"
    " JOIN consultation c ON c.id = i.consultation_id"
    " WHERE x.moderation = 'wacht' OR (x.report_count > x.reports_seen"
    "  AND (x.moderation IS NULL OR x.moderation = 'hersteld'))"
    " ORDER BY 8 DESC, 10 DESC LIMIT 500";

static void read_queue(arena *a, sqlite3_stmt *st, void *row)
{
    struct consult_moderation_row *m = row;
    memset(m, 0, sizeof *m);
    m->kind = db_col_dup(a, st, 0);
    m->item_id = sqlite3_column_int64(st, 1);
    m->idea_id = sqlite3_column_int64(st, 2);
    m->consultation_id = sqlite3_column_int64(st, 3);
    m->region_id = sqlite3_column_int64(st, 4);
    m->title = db_col_dup(a, st, 5);
    m->body = db_col_dup(a, st, 6);
    m->moderation = db_col_dup(a, st, 7);
    m->consultation_title = db_col_dup(a, st, 8);
    m->report_count = sqlite3_column_int64(st, 9);
}

int consult_moderation_queue(db *d, arena *a, struct consult_moderation_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_QUEUE);
    if (!st)
        return DB_ERROR;
    return db_rows(a, st, sizeof **out, read_queue, out, n);
}

static const char SQL_OPEN_IDEAS[] =
    "SELECT " I_COLS " WHERE (i.moderation IS NULL OR i.moderation = 'hersteld') AND ?2 = 0"
    " ORDER BY i.consultation_id, i.id";

int consult_open_ideas(db *d, arena *a, struct consult_idea_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_OPEN_IDEAS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 2, 0);
    return db_rows(a, st, sizeof **out, read_idea, out, n);
}
