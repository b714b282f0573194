/*
 * utf8.h: strict UTF-8 validation and code point counting.
 *
 * Every text that enters the program (form fields, query strings, file names,
 * imported data) is checked here before it is stored or rendered, so the rest
 * of the program may assume well-formed UTF-8. Limits that users see ("up to
 * 4,000 characters") count code points, not bytes; the helpers below do that
 * and cut strings without splitting a character.
 */
#ifndef WR_UTF8_H
#define WR_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * True when s[0..len) is well-formed UTF-8 (RFC 3629): no overlong forms, no
 * surrogates (U+D800..U+DFFF), nothing above U+10FFFF, no truncated sequence.
 * NUL bytes are valid UTF-8; callers that forbid them check separately.
 */
bool utf8_valid(const char *s, size_t len);

/*
 * Decodes the code point at the start of s[0..len). Returns its length in
 * bytes (1..4) and stores the code point in *cp, or returns 0 (and leaves *cp
 * alone) when the bytes there are not a well-formed sequence or len is 0.
 */
size_t utf8_decode(const char *s, size_t len, /* out: */ uint32_t *cp);

/*
 * Number of code points in s[0..len), for valid UTF-8. On invalid input it
 * counts the bytes that are not continuation bytes (never more than len).
 */
size_t utf8_len_chars(const char *s, size_t len);

/*
 * Length in bytes of the first max_chars code points of s[0..len) (all of
 * len when it holds fewer), so s can be cut after max_chars characters.
 */
size_t utf8_prefix_chars(const char *s, size_t len, size_t max_chars);

/*
 * The largest length <= max_bytes at which s[0..len) may be cut without
 * splitting a code point; len itself when len <= max_bytes. For valid input
 * the prefix s[0..result) is valid UTF-8.
 */
size_t utf8_truncate(const char *s, size_t len, size_t max_bytes);

/*
 * True when s is NULL or holds nothing but spaces, tabs and line ends: a form
 * field that was left empty, also when someone typed only a space.
 */
bool utf8_blank(const char *s);

#endif
