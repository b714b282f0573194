/*
 * form.h: parsers for request bodies and query strings.
 *
 * Everything a browser submits reaches the handlers through here: query
 * strings and application/x-www-form-urlencoded bodies, and multipart/form-data
 * bodies with file uploads (RFC 7578). The parsers work on a complete body in
 * memory, allocate only from the request arena, enforce limits on counts and
 * lengths, and guarantee that every text name and value they return is valid
 * UTF-8 without NUL bytes, so handlers validate meaning, not encoding.
 * Errors are a small enum; form_err_status() maps it to 400, 413 or 500.
 */
#ifndef WR_FORM_H
#define WR_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/arena.h"

enum form_err {
    FORM_OK = 0,
    FORM_E_SYNTAX,   /* malformed escape, header, boundary, missing final delimiter: 400 */
    FORM_E_TOO_MANY, /* more fields, files or part headers than allowed: 413 */
    FORM_E_TOO_LONG, /* a name, value, file or part header longer than allowed: 413 */
    FORM_E_ENCODING, /* a text name or value that is not UTF-8 or holds NUL: 400 */
    FORM_E_NOMEM,    /* the arena is exhausted: 500 */
};

/*
 * One submitted field. name and value are NUL-terminated arena copies for text
 * fields. For a file part (filename != NULL) value points into the request
 * body, holds raw bytes and is NOT NUL-terminated: use value_len. filename is
 * then the sanitised base name (possibly "", when no file was chosen), and
 * content_type the part's Content-Type as sent (NULL when absent or not
 * printable ASCII; do not trust it: check the bytes themselves). For text
 * fields filename and content_type are NULL.
 */
struct form_field {
    const char *name;
    size_t name_len;
    const char *value;
    size_t value_len;
    const char *filename;
    const char *content_type;
};

/* Fields in the order they were submitted; repeated names are kept. */
struct form {
    struct form_field *fields;
    size_t n;
};

/*
 * A value limit for the fields of one name, for the few fields that need
 * another limit than the rest: a list of 1,000 ids in one query parameter.
 * Lists of them end with {NULL, 0}.
 */
struct form_field_limit {
    const char *name;     /* compared exactly, after decoding */
    size_t max_value_len; /* decoded bytes */
};

/*
 * Limits, all in bytes or counts. Lengths are checked on decoded bytes;
 * character limits seen by users are the handler's job (utf8_len_chars).
 */
struct form_limits {
    size_t max_fields;       /* fields, text and file together */
    size_t max_name_len;     /* decoded field name */
    size_t max_value_len;    /* decoded text value */
    size_t max_files;        /* multipart parts with a filename */
    size_t max_file_len;     /* bytes of one file */
    size_t max_header_len;   /* one multipart part header line */
    size_t max_part_headers; /* header lines in one part */
    /* Text fields whose value limit is not max_value_len; NULL: none. */
    const struct form_field_limit *field_limits;
};

/* The value limit for fields called name[0..name_len) under lim. */
size_t form_value_limit(const struct form_limits *lim, const char *name, size_t name_len);

/*
 * 1000 fields, names of 256 bytes, values of 64 KiB, 10 files of 10 MiB,
 * part header lines of 1 KiB, 8 headers per part. To change one limit, copy
 * this and change the copy. Passing NULL as limits means these.
 */
extern const struct form_limits form_limits_default;

/*
 * Parses an application/x-www-form-urlencoded body, or a query string (the
 * part after '?', without the fragment). Pairs are separated by '&'; '+' is a
 * space; %XX is a byte (hex in either case). A pair without '=' has the value
 * "". Empty pairs ("a=1&&b=2", a trailing '&') and pairs whose name is empty
 * ("=x") are skipped. A '%' not followed by two hex digits is FORM_E_SYNTAX; a
 * decoded name or value with a NUL byte or invalid UTF-8 is FORM_E_ENCODING.
 * On error *f is empty ({NULL, 0}).
 */
int form_parse_urlencoded(arena *a, const char *body, size_t len, const struct form_limits *lim,
                          /* out: */ struct form *f);

/*
 * Parses a multipart/form-data body (RFC 7578 on RFC 2046). content_type is
 * the request's Content-Type header value; it must be multipart/form-data
 * with a boundary of 1..70 allowed characters, quoted or not. Line endings
 * must be CRLF: bodies with bare LF are refused with FORM_E_SYNTAX (every
 * browser and curl send CRLF, and guessing would make the end of a file
 * ambiguous). The preamble and epilogue are ignored; the closing delimiter is
 * required. Each part needs `Content-Disposition: form-data; name="..."`;
 * parts with an empty name are skipped. A part with a filename (or filename*)
 * parameter is a file: its bytes are kept as they are; its filename is reduced
 * to the base name (after the last '/' or '\\'), bytes that are not UTF-8 and
 * control or bidirectional-override characters become '_', "." and ".." become
 * "", and it is cut to at most 255 bytes. Other parts are text, with the same
 * rules as urlencoded values.
 * On error *f is empty.
 */
int form_parse_multipart(arena *a, const char *content_type, const char *body, size_t len,
                         const struct form_limits *lim, /* out: */ struct form *f);

/*
 * True when the header value (Content-Type) names the media type `type`
 * ("multipart/form-data"), compared without case, ignoring parameters and
 * surrounding whitespace. NULL value gives false.
 */
bool form_media_type_is(const char *value, const char *type);

/*
 * Finds parameter `param` (case-insensitive) in a header value of the form
 * `token[/token] *(";" name=value)`, such as Content-Type or
 * Content-Disposition. The value is unquoted (\" and \\ escapes) into a
 * NUL-terminated arena copy in *out, its length in *out_len (may be NULL).
 * Returns FORM_OK with *out = NULL when the parameter is absent, FORM_E_SYNTAX
 * when the header is malformed or repeats the parameter.
 */
int form_header_param(arena *a, const char *value, size_t len, const char *param,
                      /* out: */ const char **out, size_t *out_len);

/* The first field called name, text or file; NULL when there is none. */
const struct form_field *form_field(const struct form *f, const char *name);

/*
 * The value of the first text field called name (NUL-terminated), or NULL.
 * File parts are skipped: their bytes are never returned as a C string.
 */
const char *form_get(const struct form *f, const char *name);

/* Number of fields (text or file) called name. */
size_t form_count(const struct form *f, const char *name);

/*
 * Stores pointers to the fields called name, in order, in out[0..max) and
 * returns how many there are (which may be more than max).
 */
size_t form_get_all(const struct form *f, const char *name,
                    /* out: */ const struct form_field **out, size_t max);

/* True for a multipart file part. */
bool form_is_file(const struct form_field *field);

/* HTTP status for an error: 400, 413 or 500 (200 for FORM_OK). */
int form_err_status(int err);

/* A short English description for logs (never shown with user input). */
const char *form_strerror(int err);

#endif
