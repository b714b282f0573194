/*
 * fuzz_fts.c: libFuzzer target for fts_query_build(), the search box's
 * words as an FTS5 query. Whatever the input, the builder either refuses it
 * with a reason that holds (too long, too many words, not UTF-8, only white
 * space) or gives a query that FTS5 accepts: every query is run against an
 * FTS5 table made like signal_fts. The query is also read back: it must be
 * the input's words, each one quoted and followed by the prefix star, in
 * order, so nothing typed is lost or read as FTS5 syntax.
 */
#include <assert.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/utf8.h"
#include "store/fts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sqlite3 *g_db;
static sqlite3_stmt *g_match;

static void open_db(void)
{
    if (g_db)
        return;
    assert(sqlite3_open(":memory:", &g_db) == SQLITE_OK);
    /* as migrations/0003_signals.sql */
    assert(sqlite3_exec(g_db,
                        "CREATE TABLE signal (id INTEGER PRIMARY KEY, description TEXT,"
                        " address_text TEXT);"
                        "CREATE VIRTUAL TABLE signal_fts USING fts5(description, address_text,"
                        " content='signal', content_rowid='id',"
                        " tokenize='unicode61 remove_diacritics 2');"
                        "INSERT INTO signal VALUES (1, 'Lantaarnpaal \"kapot\" bij de vijver',"
                        " 'Dorpsstraat 12'), (2, 'Grofvuil NEAR(de) OR AND * ^ :', NULL);"
                        "INSERT INTO signal_fts (signal_fts) VALUES ('rebuild');",
                        NULL, NULL, NULL) == SQLITE_OK);
    assert(sqlite3_prepare_v2(g_db, "SELECT rowid FROM signal_fts WHERE signal_fts MATCH ?1", -1,
                              &g_match, NULL) == SQLITE_OK);
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Reads the query back word by word and compares with the input's words. */
static void check_words(const char *in, size_t len, const char *q)
{
    size_t i = 0;
    const char *p = q;
    for (;;) {
        while (i < len && is_space(in[i]))
            i++;
        if (i == len)
            break;
        if (p != q)
            assert(*p++ == ' ');
        assert(*p++ == '"');
        for (; i < len && !is_space(in[i]); i++) {
            if (in[i] == '"')
                assert(*p++ == '"');
            assert(*p++ == in[i]);
        }
        assert(*p++ == '"');
        assert(*p++ == '*');
    }
    assert(*p == '\0');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    open_db();
    char *in = malloc(size ? size : 1);
    arena *a = arena_new(4096);
    if (!in || !a) {
        free(in);
        arena_free(a);
        return 0;
    }
    if (size)
        memcpy(in, data, size);
    size_t words = 0;
    for (size_t i = 0; i < size; i++)
        words += !is_space(in[i]) && (i == 0 || is_space(in[i - 1]));
    const char *q = (const char *)1;
    int rc = fts_query_build(a, in, size, &q);
    bool text = !memchr(in, '\0', size) && utf8_valid(in, size);
    switch (rc) {
    case FTS_QUERY_OK:
        assert(text && words >= 1 && words <= FTS_QUERY_MAX_WORDS);
        assert(utf8_len_chars(in, size) <= FTS_QUERY_MAX_CHARS);
        assert(q && utf8_valid(q, strlen(q)));
        check_words(in, size, q);
        sqlite3_bind_text(g_match, 1, q, -1, SQLITE_STATIC);
        int s;
        while ((s = sqlite3_step(g_match)) == SQLITE_ROW)
            ;
        /* FTS5 accepted the query: no syntax error, whatever was typed */
        assert(s == SQLITE_DONE);
        sqlite3_reset(g_match);
        break;
    case FTS_QUERY_EMPTY:
        assert(q == NULL && text && words == 0);
        break;
    case FTS_QUERY_TOO_LONG:
        assert(q == NULL && text && utf8_len_chars(in, size) > FTS_QUERY_MAX_CHARS);
        break;
    case FTS_QUERY_TOO_MANY_WORDS:
        assert(q == NULL && text && words > FTS_QUERY_MAX_WORDS);
        break;
    case FTS_QUERY_ENCODING:
        assert(q == NULL && !text);
        break;
    default:
        assert(rc == FTS_QUERY_NOMEM && q == NULL);
    }
    arena_free(a);
    free(in);
    return 0;
}
