/*
 * mustache.h: the project's own mustache template engine.
 *
 * Every HTML page is rendered through it, so it is built for the hot path:
 * a template set is compiled once (per language) into immutable trees, and
 * any number of threads then render those trees concurrently against jansson
 * values, with no allocation per render other than the growth of the output
 * buf. It follows the official mustache specification (comments, delimiters,
 * interpolation, inverted, partials, sections and ~inheritance; no lambdas,
 * no dynamic names) and escapes HTML by default.
 *
 * Two project extensions:
 * - strict mode (MUS_STRICT): the raw forms {{{name}}} and {{&name}} only
 *   compile when the name ends in "_trusted", and an unknown partial or parent
 *   is a compile error instead of rendering as nothing;
 * - translation at compile time: the section {{#_}}literal text{{/_}} is
 *   replaced, before its content is parsed, by the translation of its msgid
 *   (the raw text with whitespace runs collapsed to one space and trimmed);
 *   the translation may itself contain tags such as {{name}}.
 *
 * Rendering differs from the specification in one untested corner: the empty
 * string is falsey in sections (like false, null, [] and a missing name).
 */
#ifndef WR_MUSTACHE_H
#define WR_MUSTACHE_H

#include <stddef.h>

#include <jansson.h>

#include "buf.h"

typedef struct mus_set mus_set;
typedef struct mus_tpl mus_tpl;

/* Compile flags. */
enum {
    MUS_STRICT_RAW = 1,      /* {{{x}}} and {{&x}} need a name ending in "_trusted" */
    MUS_STRICT_PARTIALS = 2, /* {{>x}} and {{<x}} must name a template of the set */
    MUS_STRICT = MUS_STRICT_RAW | MUS_STRICT_PARTIALS,
};

/* Limits. */
#define MUS_MAX_DEPTH    64  /* nested partials, parents and block expansions */
#define MUS_MAX_NEST     512 /* all nested render frames (C stack bound) */
#define MUS_MAX_STEPS    ((unsigned long)1 << 26) /* nodes visited in one render */
#define MUS_MAX_SECTIONS 200                      /* sections nested in one template source */

/* What went wrong, for compile and render errors. */
typedef enum mus_code {
    MUS_OK = 0,
    MUS_ERR_SYNTAX,  /* unclosed tag or section, mismatched close, bad name or delimiter */
    MUS_ERR_STRICT,  /* raw output of a name without "_trusted" under MUS_STRICT_RAW */
    MUS_ERR_PARTIAL, /* unknown partial or parent under MUS_STRICT_PARTIALS */
    MUS_ERR_OUTPUT,  /* output larger than the buf's maximum, or out of memory */
    MUS_ERR_DEPTH,   /* too deeply nested at render time */
    MUS_ERR_STEPS,   /* render took more than the step limit */
    MUS_ERR_NOMEM,
    MUS_ERR_USAGE, /* e.g. rendering a NULL template */
} mus_code;

typedef struct mus_error {
    mus_code code;
    int line;      /* 1-based line in the template source, 0 when not applicable */
    char tpl[96];  /* name of the template concerned, may be empty */
    char msg[160]; /* English message for logs; never contains data values */
} mus_error;

/*
 * Translation callback used by mus_set_compile. msgid[0..len) is the
 * collapsed literal text of a {{#_}}...{{/_}} section, NUL-terminated at
 * msgid[len] (so it can go straight to gettext). Return the translation with
 * its length in *out_len, or NULL to keep the msgid. The returned memory only
 * needs to stay valid until the callback returns to the compiler (it is
 * copied at once).
 */
typedef const char *(*mus_translate_fn)(void *ud, const char *msgid, size_t len, size_t *out_len);

/* A new, empty set; NULL on ENOMEM. */
mus_set *mus_set_new(void);
/* Frees the set, its sources and every compiled template. NULL is fine. */
void mus_set_free(mus_set *s);

/*
 * Adds (or replaces) the template source `name` (copied). Names are what
 * {{>name}} and {{<name}} refer to, e.g. "partials/header". Returns 0, or -1
 * on ENOMEM or an empty name. Adding invalidates earlier compiled templates
 * until the next mus_set_compile.
 */
int mus_set_add(mus_set *s, const char *name, const char *src, size_t len);
/* As mus_set_add, but src is used in place, not copied: it must stay as it
 * is while the set lives and have a NUL at src[len] (a program's embedded
 * templates: the two languages' sets then keep no copies of them). */
int mus_set_add_static(mus_set *s, const char *name, const char *src, size_t len);

/*
 * Compiles every source of the set and links partials and parents by name.
 * flags: MUS_STRICT_* bits. translate may be NULL (msgids are kept as they
 * are). Returns 0, or -1 with *err filled (err may be NULL) and the set left
 * without compiled templates. May be called again (e.g. after adding more
 * sources); templates from an earlier compile are then freed.
 * Not thread-safe: compile before the set is shared.
 */
int mus_set_compile(mus_set *s, unsigned flags, mus_translate_fn translate, void *ud,
                    mus_error *err /* out: optional */);

/* The compiled template `name`, or NULL (unknown, or set not compiled). */
const mus_tpl *mus_set_get(const mus_set *s, const char *name);

/*
 * Renders t with the data ctx (any jansson value, usually an object; NULL is
 * an empty context) by appending to out. Thread-safe: neither t nor ctx is
 * modified. Returns 0, or -1 with *err filled (output over out->max, depth or
 * step limit); out then holds a partial page that must not be sent.
 */
int mus_render(const mus_tpl *t, const json_t *ctx, buf *out, mus_error *err /* out: optional */);

/* As mus_render with a smaller step budget (0 means MUS_MAX_STEPS), for fuzzing and tests. */
int mus_render_steps(const mus_tpl *t, const json_t *ctx, buf *out, unsigned long max_steps,
                     mus_error *err /* out: optional */);

/*
 * Calls cb for each {{#_}}...{{/_}} msgid of the template source (collapsed
 * as for translation, NUL-terminated at msgid[len]) with the 1-based line of
 * its opening tag, honouring set-delimiter tags. A non-zero return from cb
 * stops the scan and is returned. Returns 0, or -1 with *err filled on a
 * syntax error that prevents scanning.
 */
typedef int (*mus_msgid_fn)(void *ud, const char *msgid, size_t len, int line);
int mus_extract_msgids(const char *src, size_t len, mus_msgid_fn cb, void *ud,
                       mus_error *err /* out: optional */);

/*
 * Compiles one template on its own (no partials can be found; with
 * MUS_STRICT_PARTIALS any partial tag is an error). Returns NULL with *err
 * filled on error. Free it with mus_tpl_free.
 */
mus_tpl *mus_compile(const char *src, size_t len, unsigned flags, mus_translate_fn translate,
                     void *ud, mus_error *err /* out: optional */);
/* Frees a template from mus_compile; does nothing for templates of a set or NULL. */
void mus_tpl_free(mus_tpl *t);

/* The name the template was added under ("inline" for mus_compile). */
const char *mus_tpl_name(const mus_tpl *t);

#endif
