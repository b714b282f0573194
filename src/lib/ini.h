/*
 * ini.h: the parser of wijkregie.conf, a small INI dialect.
 *
 * The configuration file is read once at start and every mistake in it must
 * be reported with its line number before the server runs, so the parser is
 * strict and hands each setting to a callback that decides what it means.
 *
 * The dialect, line by line (LF or CRLF; a UTF-8 byte-order mark is skipped):
 *   - blank lines, and comment lines whose first non-blank character is
 *     '#' or ';' (there are no comments after a value: "a = b # c" sets
 *     a to "b # c");
 *   - "[section]": name trimmed, non-empty, without control characters or
 *     brackets; nothing but blanks after ']';
 *   - "key = value": key trimmed, of letters, digits, '_', '-' and '.';
 *     value trimmed, possibly empty; a value that starts with '"' must end
 *     with '"' (only blanks after it), keeps its inner blanks and knows the
 *     escapes \" and \\ (no others). Keys before the first section belong
 *     to section "".
 * The text must be valid UTF-8 without NUL bytes; a line may have at most
 * INI_LINE_MAX bytes. Repeated keys are passed on each time (the callback
 * decides; normally the last one wins).
 */
#ifndef WR_INI_H
#define WR_INI_H

#include <stddef.h>

#define INI_LINE_MAX 4096
/* Largest file ini_parse_file reads. */
#define INI_FILE_MAX ((size_t)1024 * 1024)

enum ini_status {
    INI_OK = 0,
    INI_ESYNTAX = -1,   /* a line is malformed; err says which and why */
    INI_EIO = -2,       /* the file cannot be read (err->line is 0) */
    INI_ECALLBACK = -3, /* the callback refused a setting (err->cb_result holds its value) */
};

struct ini_error {
    int line;      /* 1-based; 0 when no line is concerned */
    int cb_result; /* the callback's non-zero return for INI_ECALLBACK */
    char msg[160]; /* English, for the operator; may name a key, never a value */
};

/*
 * Called for every setting with NUL-terminated strings that are valid only
 * during the call. Returns 0 to go on; anything else stops the parse with
 * INI_ECALLBACK.
 */
typedef int (*ini_handler)(void *ud, const char *section, const char *key, const char *value,
                           int line);

/*
 * Parses text[0..len) and calls cb for each setting in order. Returns
 * INI_OK, or a negative enum ini_status with *err filled (err may be NULL).
 * Settings before an error line have already been passed to cb.
 */
int ini_parse(const char *text, size_t len, ini_handler cb, void *ud,
              /* out: */ struct ini_error *err);
/* Reads the file at path (at most INI_FILE_MAX bytes) and parses it as ini_parse. */
int ini_parse_file(const char *path, ini_handler cb, void *ud, /* out: */ struct ini_error *err);

#endif
