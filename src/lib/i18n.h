/*
 * i18n.h: translated text without the C library's locale machinery.
 *
 * The language is chosen per request and the host may have no locales
 * generated, so setlocale()/uselocale()/libintl are not used at run time.
 * Instead the GNU .mo catalogues that msgfmt builds from locale/LANG.po are
 * read here into an immutable hash table. The msgids in the source are the
 * Dutch text itself: Dutch (nl) needs no catalogue, and a lookup that finds
 * nothing returns the msgid. Catalogues are read-only after loading, so any
 * number of threads may look up in them at once without locks.
 */
#ifndef WR_I18N_H
#define WR_I18N_H

#include <stddef.h>

typedef struct i18n_catalog i18n_catalog;

/* Largest .mo file accepted (the real ones are a few hundred KB). */
#define I18N_MO_MAX ((size_t)64 * 1024 * 1024)
/* Bytes of an Accept-Language header looked at; the rest is ignored. */
#define I18N_ACCEPT_MAX 1024

/*
 * Parses a GNU .mo file held in memory (either byte order). Every offset and
 * length is checked against len, every string must be NUL-terminated in the
 * file and valid UTF-8, and the header entry's charset, when given, must be
 * UTF-8. The data is copied: the caller may free it afterwards.
 * Returns the catalogue, or NULL with *err set to a message (free() it) when
 * the data is not a usable catalogue or memory runs out. err may be NULL.
 */
i18n_catalog *i18n_parse_mo(const void *data, size_t len, /* out: */ char **err);
/* Reads and parses the .mo file at path; as i18n_parse_mo (messages name the path). */
i18n_catalog *i18n_load_mo(const char *path, /* out: */ char **err);
/* Frees a catalogue; NULL is fine. No lookup may be running on it. */
void i18n_catalog_free(i18n_catalog *c);
/* Number of messages that can be looked up (the header entry not counted). */
size_t i18n_count(const i18n_catalog *c);

/*
 * Lookups. c may be NULL (no catalogue: the Dutch msgid is the text). The
 * result is the translation, or the msgid itself when there is none (or it
 * is empty); it lives as long as the catalogue or the msgid.
 */
const char *i18n_get(const i18n_catalog *c, const char *msgid);
/* The same with msgid as pointer + length (need not be NUL-terminated);
 * *out_len is set to the result's length. The result is NUL-terminated only when
 * a translation was found; otherwise it is msgid itself. */
const char *i18n_getn(const i18n_catalog *c, const char *msgid, size_t len,
                      /* out: */ size_t *out_len);
/* The entry written with msgctxt ctx (stored as "ctx\x04msgid"); msgid when none. */
const char *i18n_pget(const i18n_catalog *c, const char *ctx, const char *msgid);
/*
 * The plural form for n of the entry msgid/msgid_plural, with the rule of
 * Dutch and English: form 0 when n == 1, else form 1 (Plural-Forms headers
 * are not evaluated). Untranslated: msgid when n == 1, else msgid_plural.
 */
const char *i18n_nget(const i18n_catalog *c, const char *msgid, const char *msgid_plural,
                      unsigned long n);
/* i18n_nget for an entry with msgctxt ctx. */
const char *i18n_npget(const i18n_catalog *c, const char *ctx, const char *msgid,
                       const char *msgid_plural, unsigned long n);

/*
 * Callback for the template compiler: catalog is an i18n_catalog * (or NULL),
 * msgid is len bytes, not NUL-terminated. Returns the translation and its
 * length in *out_len, or msgid itself and len when there is none.
 */
const char *i18n_translate_cb(void *catalog, const char *msgid, size_t len,
                              /* out: */ size_t *out_len);

/* The languages the program speaks; the default (Dutch) first. */
#define I18N_NLANGS  2
#define I18N_DEFAULT "nl"
struct i18n_lang {
    const char *code;            /* primary language subtag, "nl" */
    const char *name;            /* the language's name in itself, "Nederlands" */
    const i18n_catalog *catalog; /* NULL: msgids are shown */
};
/* The registry. Written only by i18n_init and i18n_shutdown; read-only in between. */
extern struct i18n_lang i18n_langs[I18N_NLANGS];
/* {"nl", "en"}, in the order of i18n_langs, for i18n_negotiate. */
extern const char *const i18n_lang_codes[I18N_NLANGS];

/*
 * Loads DIR/CODE.mo for every language of the registry where that file
 * exists (en.mo is normally there, nl.mo is optional). Call once at start,
 * before threads run. Returns the number of catalogues loaded, or -1 with
 * *err set (free() it) when a file exists but cannot be read or is not a
 * valid catalogue; the registry is then left without catalogues.
 */
int i18n_init(const char *dir, /* out: */ char **err);
/* Frees the registry's catalogues (at exit, after the threads stopped). */
void i18n_shutdown(void);
/* The registry entry of code (exact, case-insensitive), or NULL. */
const struct i18n_lang *i18n_lang_find(const char *code);
/* The catalogue of code, NULL when it has none or code is unknown. */
const i18n_catalog *i18n_catalog_for(const char *code);

/*
 * Chooses among the n language tags of supported the one the client prefers
 * by an Accept-Language header (RFC 9110 12.5.4), e.g.
 * "nl-NL,nl;q=0.9,en-US;q=0.8,en;q=0.7". A range matches a tag exactly, or
 * by prefix at a '-' boundary either way ("en-GB" gives "en", "en" gives
 * "en-GB"); an exact match outranks a prefix match, which outranks "*".
 * q=0 excludes. Ties go to the range listed first, then to the order of
 * supported. Malformed elements are ignored; only the first
 * I18N_ACCEPT_MAX bytes are read. Returns an element of supported, or
 * fallback when header is NULL or nothing acceptable is supported.
 */
const char *i18n_negotiate(const char *accept_language_header, const char *const supported[],
                           size_t n, const char *fallback);

#endif
