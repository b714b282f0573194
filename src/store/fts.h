/*
 * fts.h: what someone types in a search box, as an FTS5 query.
 *
 * The full-text tables (signal_fts, signal_open_fts) are searched with
 * FTS5's query language, in which quotes, parentheses, AND, OR, NOT, NEAR,
 * '*', '^' and column names mean something. People type words, so every
 * word becomes a quoted string (a quote inside doubled) followed by FTS5's
 * prefix star, so that the beginning of a word finds it ("lantaarn" finds
 * "lantaarnpaal"), and the words are joined by FTS5's implicit AND: no
 * input can be read as query syntax, and
 * every query this builds is accepted by FTS5 (tests/fuzz/fuzz_fts.c runs
 * each one against an FTS5 table). Limits are checked before anything is
 * built, so a long search is a message for the person, not an error.
 */
#ifndef WR_FTS_H
#define WR_FTS_H

#include "lib/arena.h"

#include <stddef.h>

/* Characters of a search, and words in it, at most. */
#define FTS_QUERY_MAX_CHARS 200
#define FTS_QUERY_MAX_WORDS 16

enum fts_query_rc {
    FTS_QUERY_OK = 0,
    FTS_QUERY_EMPTY,          /* only white space: no search */
    FTS_QUERY_TOO_LONG,       /* more than FTS_QUERY_MAX_CHARS characters */
    FTS_QUERY_TOO_MANY_WORDS, /* more than FTS_QUERY_MAX_WORDS words */
    FTS_QUERY_ENCODING,       /* not UTF-8, or holds NUL */
    FTS_QUERY_NOMEM,
};

/*
 * Builds the FTS5 query for text[0..len) into the arena (*out, NUL-ended).
 * Words are separated by ASCII white space. *out is NULL unless the result
 * is FTS_QUERY_OK.
 */
int fts_query_build(arena *a, const char *text, size_t len, /* out: */ const char **out);

#endif
