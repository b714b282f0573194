/*
 * i18n.c: GNU .mo catalogues read by hand, the language registry and
 * Accept-Language negotiation; see i18n.h.
 *
 * A .mo file is an untrusted binary (it may come from a translator or a
 * broken build), so it is parsed like network input: every offset and length
 * is checked against the size before use, and a file that fails any check is
 * refused as a whole with a message. The file is copied into one block that
 * the catalogue owns; entries point into it, and an open-addressing hash
 * table of entry indices (FNV-1a) serves lookups without allocating.
 */
#include "i18n.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MO_MAGIC       0x950412deu
#define MO_HEADER_SIZE 28u
#define CTX_SEPARATOR  '\x04'

struct mo_entry {
    const char *id;  /* the key: msgid, or "ctx\x04msgid"; NUL at id[idlen] */
    const char *str; /* the translation: its forms separated by NUL */
    uint32_t idlen;  /* up to the first NUL of the original (msgid_plural follows) */
    uint32_t strlen; /* all forms, without the final NUL */
    uint32_t len0;   /* the first form */
};

struct i18n_catalog {
    unsigned char *data; /* copy of the file */
    struct mo_entry *entries;
    size_t nentries;
    uint32_t *slots; /* entry index + 1; 0 is empty */
    size_t nslots;   /* a power of two, at least twice nentries */
};

/* ---- errors ---- */

__attribute__((format(printf, 2, 3))) static void set_err(char **err, const char *fmt, ...)
{
    if (!err)
        return;
    va_list ap;
    va_start(ap, fmt);
    char tmp[256];
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    *err = strdup(tmp); /* NULL on ENOMEM: the caller still sees the failure */
}

/* ---- small helpers ---- */

static uint32_t read_u32(const unsigned char *p, int big_endian)
{
    if (big_endian)
        return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
    return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* True when s[0..len) is well-formed UTF-8 (NUL bytes allowed: they separate forms). */
static int utf8_valid(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        uint32_t cp;
        if (c >= 0xc2 && c <= 0xdf) {
            need = 1;
            cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            need = 2;
            cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            need = 3;
            cp = c & 0x07;
        } else {
            return 0;
        }
        if (len - i <= need)
            return 0;
        for (size_t k = 1; k <= need; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return 0;
            cp = cp << 6 | (s[i + k] & 0x3f);
        }
        /* overlong forms, surrogates, beyond U+10FFFF */
        if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) || cp > 0x10ffff ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return 0;
        i += need + 1;
    }
    return 1;
}

#define FNV_OFFSET 2166136261u
#define FNV_PRIME  16777619u

static uint32_t fnv_add(uint32_t h, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= FNV_PRIME;
    }
    return h;
}

/* Hash of the key "ctx\x04id", or of "id" when ctx is NULL. */
static uint32_t key_hash(const char *ctx, size_t ctxlen, const char *id, size_t idlen)
{
    uint32_t h = FNV_OFFSET;
    if (ctx) {
        h = fnv_add(h, ctx, ctxlen);
        h = fnv_add(h, "\x04", 1);
    }
    return fnv_add(h, id, idlen);
}

static int key_equal(const struct mo_entry *e, const char *ctx, size_t ctxlen, const char *id,
                     size_t idlen)
{
    if (!ctx)
        return e->idlen == idlen && memcmp(e->id, id, idlen) == 0;
    return e->idlen == ctxlen + 1 + idlen && memcmp(e->id, ctx, ctxlen) == 0 &&
           e->id[ctxlen] == CTX_SEPARATOR && memcmp(e->id + ctxlen + 1, id, idlen) == 0;
}

static const struct mo_entry *lookup(const i18n_catalog *c, const char *ctx, size_t ctxlen,
                                     const char *id, size_t idlen)
{
    if (!c || !c->nslots || !id)
        return NULL;
    size_t mask = c->nslots - 1;
    size_t i = key_hash(ctx, ctxlen, id, idlen) & mask;
    /* Linear probing; the table is at most half full, so an empty slot comes. */
    while (c->slots[i]) {
        const struct mo_entry *e = &c->entries[c->slots[i] - 1];
        if (key_equal(e, ctx, ctxlen, id, idlen))
            return e;
        i = (i + 1) & mask;
    }
    return NULL;
}

/*
 * Reads the charset from the header entry's Content-Type line. Returns 0 when
 * it is UTF-8 or not given, -1 (with the name in out) otherwise.
 */
static int header_charset_ok(const char *hdr, size_t len, /* out: */ char *out, size_t outsz)
{
    static const char key[] = "charset=";
    const size_t klen = sizeof key - 1;
    const char *end = hdr + len;
    for (const char *line = hdr; line < end;) {
        const char *nl = memchr(line, '\n', (size_t)(end - line));
        const char *lend = nl ? nl : end;
        if ((size_t)(lend - line) >= 13 && strncasecmp(line, "Content-Type:", 13) == 0) {
            for (const char *p = line + 13; p + klen <= lend; p++) {
                if (strncasecmp(p, key, klen) != 0)
                    continue;
                const char *v = p + klen, *ve = v;
                while (ve < lend && *ve != ' ' && *ve != '\t' && *ve != ';' && *ve != '\r')
                    ve++;
                size_t vlen = (size_t)(ve - v);
                if ((vlen == 5 && strncasecmp(v, "UTF-8", 5) == 0) ||
                    (vlen == 4 && strncasecmp(v, "UTF8", 4) == 0))
                    return 0;
                /* Echo at most 40 bytes, and only printable ASCII of them. */
                size_t k = 0;
                for (; k < vlen && k < 40 && k + 1 < outsz; k++)
                    out[k] = v[k] > 0x20 && v[k] < 0x7f ? v[k] : '?';
                out[k] = '\0';
                return -1;
            }
        }
        line = nl ? nl + 1 : end;
    }
    return 0;
}

/* ---- loading ---- */

void i18n_catalog_free(i18n_catalog *c)
{
    if (!c)
        return;
    free(c->data);
    free(c->entries);
    free(c->slots);
    free(c);
}

size_t i18n_count(const i18n_catalog *c)
{
    return c ? c->nentries : 0;
}

/* Checks the string descriptor at table offset off: sets *s and *slen. */
static int read_string(const unsigned char *d, size_t len, int be, uint32_t off,
                       /* out: */ const char **s, uint32_t *slen)
{
    uint32_t l = read_u32(d + off, be);
    uint32_t o = read_u32(d + off + 4, be);
    /* The string plus its terminating NUL must lie inside the file. */
    if ((uint64_t)o + l + 1 > len || d[(size_t)o + l] != '\0')
        return -1;
    *s = (const char *)d + o;
    *slen = l;
    return 0;
}

i18n_catalog *i18n_parse_mo(const void *data, size_t len, char **err)
{
    if (err)
        *err = NULL;
    if (!data || len < MO_HEADER_SIZE) {
        set_err(err, "not a .mo file: %zu bytes is too short for the header", len);
        return NULL;
    }
    if (len > I18N_MO_MAX) {
        set_err(err, ".mo file too large (%zu bytes)", len);
        return NULL;
    }
    const unsigned char *in = data;
    int be;
    if (read_u32(in, 0) == MO_MAGIC)
        be = 0;
    else if (read_u32(in, 1) == MO_MAGIC)
        be = 1;
    else {
        set_err(err, "not a .mo file: bad magic number");
        return NULL;
    }
    uint32_t rev = read_u32(in + 4, be);
    uint32_t n = read_u32(in + 8, be);
    uint32_t orig = read_u32(in + 12, be);
    uint32_t trans = read_u32(in + 16, be);
    if (rev >> 16 > 1) {
        set_err(err, "unsupported .mo revision %u.%u", rev >> 16, rev & 0xffff);
        return NULL;
    }
    /* Each table has n descriptors of 8 bytes (length, offset). */
    if ((uint64_t)orig + (uint64_t)n * 8 > len || (uint64_t)trans + (uint64_t)n * 8 > len) {
        set_err(err, "corrupt .mo file: string tables (%u entries) exceed the file size", n);
        return NULL;
    }

    i18n_catalog *c = calloc(1, sizeof *c);
    if (!c)
        goto nomem;
    c->data = malloc(len);
    if (!c->data)
        goto nomem;
    memcpy(c->data, in, len);
    const unsigned char *d = c->data;
    if (n) {
        c->entries = calloc(n, sizeof *c->entries);
        if (!c->entries)
            goto nomem;
        size_t ns = 2;
        while (ns < (size_t)n * 2)
            ns *= 2;
        c->slots = calloc(ns, sizeof *c->slots);
        if (!c->slots)
            goto nomem;
        c->nslots = ns;
    }

    for (uint32_t i = 0; i < n; i++) {
        const char *id, *str;
        uint32_t idfull, strfull;
        if (read_string(d, len, be, orig + i * 8, &id, &idfull) < 0) {
            set_err(err, "corrupt .mo file: msgid %u lies outside the file or lacks its NUL", i);
            goto fail;
        }
        if (read_string(d, len, be, trans + i * 8, &str, &strfull) < 0) {
            set_err(err, "corrupt .mo file: translation %u lies outside the file or lacks its NUL",
                    i);
            goto fail;
        }
        if (!utf8_valid((const unsigned char *)id, idfull) ||
            !utf8_valid((const unsigned char *)str, strfull)) {
            set_err(err, "corrupt .mo file: entry %u is not valid UTF-8", i);
            goto fail;
        }
        uint32_t idlen = (uint32_t)strnlen(id, idfull);
        if (idlen == 0) {
            /* The header entry: only its charset matters. */
            char cs[48];
            if (header_charset_ok(str, strfull, cs, sizeof cs) < 0) {
                set_err(err, ".mo file charset is \"%s\", not UTF-8", cs);
                goto fail;
            }
            continue;
        }
        struct mo_entry e = {id, str, idlen, strfull, (uint32_t)strnlen(str, strfull)};
        if (lookup(c, NULL, 0, id, idlen))
            continue; /* a duplicate key: the first one stays */
        c->entries[c->nentries] = e;
        size_t mask = c->nslots - 1;
        size_t h = key_hash(NULL, 0, id, idlen) & mask;
        while (c->slots[h])
            h = (h + 1) & mask;
        c->slots[h] = (uint32_t)++c->nentries;
    }
    return c;

nomem:
    set_err(err, "out of memory reading a .mo file");
fail:
    i18n_catalog_free(c);
    return NULL;
}

i18n_catalog *i18n_load_mo(const char *path, char **err)
{
    if (err)
        *err = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        set_err(err, "%s: %s", path, strerror(errno));
        return NULL;
    }
    unsigned char *data = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            if (cap > I18N_MO_MAX) {
                set_err(err, "%s: larger than %zu bytes", path, I18N_MO_MAX);
                goto fail;
            }
            size_t ncap = cap ? cap * 2 : 65536;
            unsigned char *p = realloc(data, ncap);
            if (!p) {
                set_err(err, "%s: out of memory", path);
                goto fail;
            }
            data = p;
            cap = ncap;
        }
        size_t got = fread(data + len, 1, cap - len, f);
        len += got;
        if (got == 0) {
            if (ferror(f)) {
                set_err(err, "%s: read error", path);
                goto fail;
            }
            break;
        }
    }
    fclose(f);
    char *perr = NULL;
    i18n_catalog *c = i18n_parse_mo(data, len, &perr);
    free(data);
    if (!c) {
        set_err(err, "%s: %s", path, perr ? perr : "out of memory");
        free(perr);
    }
    return c;

fail:
    fclose(f);
    free(data);
    return NULL;
}

/* ---- lookups ---- */

const char *i18n_getn(const i18n_catalog *c, const char *msgid, size_t len, size_t *out_len)
{
    const struct mo_entry *e = lookup(c, NULL, 0, msgid, len);
    if (e && e->len0) {
        *out_len = e->len0;
        return e->str;
    }
    *out_len = len;
    return msgid;
}

const char *i18n_get(const i18n_catalog *c, const char *msgid)
{
    if (!msgid)
        return NULL;
    const struct mo_entry *e = lookup(c, NULL, 0, msgid, strlen(msgid));
    return e && e->len0 ? e->str : msgid;
}

const char *i18n_pget(const i18n_catalog *c, const char *ctx, const char *msgid)
{
    if (!msgid)
        return NULL;
    const struct mo_entry *e = lookup(c, ctx, ctx ? strlen(ctx) : 0, msgid, strlen(msgid));
    return e && e->len0 ? e->str : msgid;
}

/* Form `index` of e's NUL-separated forms, or NULL when it has fewer or it is empty. */
static const char *plural_form(const struct mo_entry *e, unsigned index)
{
    const char *p = e->str, *end = e->str + e->strlen;
    for (unsigned k = 0; k < index; k++) {
        p += strlen(p) + 1; /* every form ends in NUL; the last one at end */
        if (p > end)
            return NULL;
    }
    return *p ? p : NULL;
}

const char *i18n_npget(const i18n_catalog *c, const char *ctx, const char *msgid,
                       const char *msgid_plural, unsigned long n)
{
    if (!msgid)
        return NULL;
    const char *fallback = n == 1 || !msgid_plural ? msgid : msgid_plural;
    const struct mo_entry *e = lookup(c, ctx, ctx ? strlen(ctx) : 0, msgid, strlen(msgid));
    if (!e)
        return fallback;
    const char *form = plural_form(e, n != 1);
    if (!form && n != 1)
        form = plural_form(e, 0); /* a catalogue with a single form */
    return form ? form : fallback;
}

const char *i18n_nget(const i18n_catalog *c, const char *msgid, const char *msgid_plural,
                      unsigned long n)
{
    return i18n_npget(c, NULL, msgid, msgid_plural, n);
}

const char *i18n_translate_cb(void *catalog, const char *msgid, size_t len, size_t *out_len)
{
    return i18n_getn(catalog, msgid, len, out_len);
}

/* ---- the registry ---- */

struct i18n_lang i18n_langs[I18N_NLANGS] = {
    {"nl", "Nederlands", NULL},
    {"en", "English", NULL},
};

const char *const i18n_lang_codes[I18N_NLANGS] = {"nl", "en"};

void i18n_shutdown(void)
{
    for (size_t i = 0; i < I18N_NLANGS; i++) {
        i18n_catalog_free((i18n_catalog *)i18n_langs[i].catalog);
        i18n_langs[i].catalog = NULL;
    }
}

int i18n_init(const char *dir, char **err)
{
    if (err)
        *err = NULL;
    i18n_shutdown();
    int loaded = 0;
    for (size_t i = 0; i < I18N_NLANGS; i++) {
        char path[4096];
        int w = snprintf(path, sizeof path, "%s/%s.mo", dir, i18n_langs[i].code);
        if (w < 0 || (size_t)w >= sizeof path) {
            set_err(err, "locale directory name too long");
            goto fail;
        }
        FILE *probe = fopen(path, "rb");
        if (!probe) {
            if (errno == ENOENT)
                continue; /* optional: the msgids are shown */
            set_err(err, "%s: %s", path, strerror(errno));
            goto fail;
        }
        fclose(probe);
        i18n_catalog *c = i18n_load_mo(path, err);
        if (!c)
            goto fail;
        i18n_langs[i].catalog = c;
        loaded++;
    }
    return loaded;

fail:
    i18n_shutdown();
    return -1;
}

const struct i18n_lang *i18n_lang_find(const char *code)
{
    if (!code)
        return NULL;
    for (size_t i = 0; i < I18N_NLANGS; i++)
        if (strcasecmp(i18n_langs[i].code, code) == 0)
            return &i18n_langs[i];
    return NULL;
}

const i18n_catalog *i18n_catalog_for(const char *code)
{
    const struct i18n_lang *l = i18n_lang_find(code);
    return l ? l->catalog : NULL;
}

/* ---- Accept-Language ---- */

static int is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_alnum(int c)
{
    return is_alpha(c) || (c >= '0' && c <= '9');
}

static int is_ows(int c)
{
    return c == ' ' || c == '\t';
}

/*
 * Parses one list element "range [OWS ; OWS q=qvalue]" in p[0..len) with
 * OWS already trimmed at both ends. Sets the range and q in thousandths.
 * Returns -1 when the element is malformed.
 */
static int parse_element(const char *p, size_t len, /* out: */ const char **range, size_t *rlen,
                         int *q)
{
    size_t i = 0;
    if (len >= 1 && p[0] == '*') {
        i = 1;
    } else {
        /* language-range = 1*8ALPHA *("-" 1*8alphanum) */
        size_t k = 0;
        while (i < len && is_alpha(p[i]) && k < 8)
            i++, k++;
        if (k == 0)
            return -1;
        while (i < len && p[i] == '-') {
            i++;
            k = 0;
            while (i < len && is_alnum(p[i]) && k < 8)
                i++, k++;
            if (k == 0)
                return -1;
        }
    }
    *range = p;
    *rlen = i;
    *q = 1000;
    while (i < len && is_ows(p[i]))
        i++;
    if (i == len)
        return 0;
    if (p[i] != ';')
        return -1;
    i++;
    while (i < len && is_ows(p[i]))
        i++;
    if (len - i < 3 || (p[i] != 'q' && p[i] != 'Q') || p[i + 1] != '=')
        return -1;
    i += 2;
    /* qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ) */
    int v;
    if (p[i] == '0')
        v = 0;
    else if (p[i] == '1')
        v = 1000;
    else
        return -1;
    i++;
    if (i < len && p[i] == '.') {
        i++;
        int scale = 100;
        for (int k = 0; k < 3 && i < len && p[i] >= '0' && p[i] <= '9'; k++, i++) {
            if (v == 1000 && p[i] != '0')
                return -1;
            v += (p[i] - '0') * scale;
            scale /= 10;
        }
    }
    if (i != len)
        return -1; /* more digits, another parameter, or junk */
    *q = v;
    return 0;
}

/* How a range matches a tag: 3 exact, 2 prefix at a '-' either way, 1 "*", 0 none. */
static int match_level(const char *range, size_t rlen, const char *tag)
{
    if (rlen == 1 && range[0] == '*')
        return 1;
    size_t tlen = strlen(tag);
    size_t m = rlen < tlen ? rlen : tlen;
    if (strncasecmp(range, tag, m) != 0)
        return 0;
    if (rlen == tlen)
        return 3;
    if ((rlen > tlen && range[tlen] == '-') || (tlen > rlen && tag[rlen] == '-'))
        return 2;
    return 0;
}

const char *i18n_negotiate(const char *header, const char *const supported[], size_t n,
                           const char *fallback)
{
    if (!header || !supported || n == 0)
        return fallback;
    size_t len = strnlen(header, I18N_ACCEPT_MAX + 1);
    if (len > I18N_ACCEPT_MAX) {
        /* Cut at the last complete element: a half element could mislead. */
        len = I18N_ACCEPT_MAX;
        while (len > 0 && header[len] != ',')
            len--;
    }

    const char *best = NULL;
    int best_q = 0, best_specific = 0;
    size_t best_pos = 0;
    for (size_t s = 0; s < n; s++) {
        const char *tag = supported[s];
        if (!tag || !*tag)
            continue;
        /* The most specific matching ranges decide this tag's q. */
        int level = 0, q = 0;
        size_t pos = 0, idx = 0;
        for (size_t start = 0; start < len; idx++) {
            const char *comma = memchr(header + start, ',', len - start);
            size_t end = comma ? (size_t)(comma - header) : len;
            size_t a = start, b = end;
            start = end + 1;
            while (a < b && is_ows(header[a]))
                a++;
            while (b > a && is_ows(header[b - 1]))
                b--;
            const char *range;
            size_t rlen;
            int eq;
            if (a == b || parse_element(header + a, b - a, &range, &rlen, &eq) < 0)
                continue;
            int lv = match_level(range, rlen, tag);
            if (lv == 0 || lv < level)
                continue;
            if (lv > level || eq > q) {
                level = lv;
                q = eq;
                pos = idx;
            }
        }
        if (q == 0)
            continue;
        int specific = level > 1;
        if (!best || q > best_q || (q == best_q && specific > best_specific) ||
            (q == best_q && specific == best_specific && pos < best_pos)) {
            best = tag;
            best_q = q;
            best_specific = specific;
            best_pos = pos;
        }
    }
    return best ? best : fallback;
}
