/*
 * mustache.c: compiler and renderer for mustache templates; see mustache.h.
 *
 * Compiling a source takes three passes over a token list:
 *  1. tokenize: split text and tags, following set-delimiter tags and
 *     substituting {{#_}}...{{/_}} translations (whose tokens are marked xl);
 *  2. standalone: group tokens into source lines and mark lines that hold only
 *     whitespace and "standalone" tags, whose whitespace is then dropped;
 *  3. build: a tree of nodes in the set's arena, with text merged, names split
 *     on dots, blocks given set-wide ids, and indentation recorded as strings.
 * Partials and parents are then linked to their templates by name.
 *
 * Rendering walks the immutable tree. The context stack, the indentation of
 * standalone partials and the block overrides of parents are linked lists on
 * the C stack, so a render allocates nothing but the output buffer's growth.
 * Indentation is applied lazily: after a newline from template text the
 * renderer is "at the beginning of a line" (bol), and the indentation chain is
 * written before the next output; newlines from data never indent.
 */
#include "mustache.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

/* ---------------------------------------------------------------- types */

enum node_kind { N_TEXT, N_VAR, N_RAW, N_SECTION, N_INVERTED, N_PARTIAL, N_PARENT, N_BLOCK };

/* How a block's overriding content is indented at the expansion site. */
enum block_mode {
    BLOCK_INLINE,     /* tag after other text on its line: keep the current indentation */
    BLOCK_STANDALONE, /* tag alone on its line: indent every line by ind (from the default) */
    BLOCK_LINESTART,  /* tag after whitespace only: indent the lines after the first by ind */
};

struct mus_node {
    uint8_t kind;
    uint8_t mode;  /* partial/parent: 1 when standalone; block: enum block_mode */
    uint16_t nseg; /* var/section: number of name segments; 0 means "." */
    uint32_t line;
    uint32_t nchild;
    int32_t block_id;
    const char *str; /* text bytes; partial, parent or block name (NUL-terminated) */
    size_t len;
    const char *ind; /* indentation of a standalone partial/parent, or a block's */
    size_t ind_len;
    const char **seg; /* name segments, each NUL-terminated */
    size_t *seglen;
    struct mus_node *child; /* section/block children; parent: its block arguments */
    const mus_tpl *target;  /* partial/parent after linking; NULL renders nothing */
};

struct mus_tpl {
    const char *name;
    struct mus_node *nodes;
    uint32_t n;
    mus_set *owner; /* the private set of a template from mus_compile, else NULL */
};

struct entry {
    char *name;
    const char *src;
    size_t len;
    mus_tpl *tpl;
    char *owned; /* src when the set made the copy (freed with it), else NULL */
};

struct mus_set {
    struct entry *e;
    size_t n, cap;
    arena *a;      /* every compiled node, string and template */
    char **blocks; /* interned block names; index = block id */
    size_t nblocks, capblocks;
    int compiled;
};

enum tok_type {
    T_TEXT,
    T_VAR,
    T_RAW,
    T_SEC,
    T_INV,
    T_CLOSE,
    T_PARTIAL,
    T_PARENT,
    T_BLOCK,
    T_COMMENT,
    T_DELIM
};

struct tok {
    const char *p; /* text bytes, or the tag's trimmed name */
    size_t len;
    const char *ind; /* tag: the whitespace before it when only whitespace precedes it */
    size_t ind_len;
    uint32_t line;
    uint8_t type;
    uint8_t xl;       /* comes from a translation */
    uint8_t bol;      /* text that starts a source line */
    uint8_t nl;       /* text that ends a source line */
    uint8_t drop;     /* text of a standalone line: not output */
    uint8_t sa;       /* tag on a standalone line */
    uint8_t wsbefore; /* tag preceded by whitespace only on its line */
};

struct delims {
    char o[16], c[16];
    size_t ol, cl;
};

struct comp {
    mus_set *set;
    arena *a;
    unsigned flags;
    mus_translate_fn tr;
    void *ud;
    mus_msgid_fn ex; /* extraction mode when set */
    void *exud;
    int exrc;
    const char *tplname;
    mus_error *err;
    struct tok *t;
    size_t nt, capt;
};

/* ---------------------------------------------------------------- helpers */

static void set_err(mus_error *err, mus_code code, const char *tpl, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void set_err(mus_error *err, mus_code code, const char *tpl, int line, const char *fmt, ...)
{
    if (!err)
        return;
    err->code = code;
    err->line = line;
    snprintf(err->tpl, sizeof err->tpl, "%s", tpl ? tpl : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
}

static int is_ws(char ch)
{
    return ch == ' ' || ch == '\t';
}

static int is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
}

static size_t ws_run(const char *p, size_t len)
{
    size_t i = 0;
    while (i < len && is_ws(p[i]))
        i++;
    return i;
}

static int count_nl(const char *p, size_t len)
{
    int n = 0;
    for (const char *e = p + len; (p = memchr(p, '\n', (size_t)(e - p))) != NULL; p++)
        n++;
    return n;
}

/* Trims space characters on both ends of p[0..*len); returns the new start. */
static const char *trim(const char *p, size_t *len /* in, out */)
{
    size_t n = *len;
    while (n && is_space(*p))
        p++, n--;
    while (n && is_space(p[n - 1]))
        n--;
    *len = n;
    return p;
}

/*
 * Writes the msgid of raw text into a new malloc'd NUL-terminated string:
 * runs of whitespace (including newlines) become one space, ends trimmed.
 */
static char *collapse(const char *p, size_t len, size_t *out_len /* out: */)
{
    char *m = malloc(len + 1);
    if (!m)
        return NULL;
    size_t n = 0;
    int space = 0;
    for (size_t i = 0; i < len; i++) {
        if (is_space(p[i])) {
            space = 1;
            continue;
        }
        if (space && n)
            m[n++] = ' ';
        space = 0;
        m[n++] = p[i];
    }
    m[n] = '\0';
    *out_len = n;
    return m;
}

/* ---------------------------------------------------------------- pass 1: tokenize */

static struct tok *push_tok(struct comp *c)
{
    if (c->nt == c->capt) {
        size_t cap = c->capt ? c->capt * 2 : 64;
        struct tok *t = realloc(c->t, cap * sizeof *t);
        if (!t)
            return NULL;
        c->t = t;
        c->capt = cap;
    }
    struct tok *k = &c->t[c->nt++];
    memset(k, 0, sizeof *k);
    return k;
}

static int comp_fail(struct comp *c, mus_code code, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int comp_fail(struct comp *c, mus_code code, int line, const char *fmt, ...)
{
    if (c->err) {
        char msg[sizeof c->err->msg];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        set_err(c->err, code, c->tplname, line, "%s", msg);
    }
    return -1;
}

static int nomem(struct comp *c)
{
    return comp_fail(c, MUS_ERR_NOMEM, 0, "out of memory");
}

/* Parses the inside of {{=<% %>=}} (without the '=' signs) into d. */
static int parse_delims(const char *p, size_t len, struct delims *d /* out: */)
{
    p = trim(p, &len);
    size_t i = 0;
    while (i < len && !is_space(p[i]))
        i++;
    size_t ol = i;
    const char *q = p + i;
    size_t cl = len - i;
    q = trim(q, &cl);
    if (ol == 0 || cl == 0 || ol >= sizeof d->o || cl >= sizeof d->c)
        return -1;
    for (size_t k = 0; k < cl; k++)
        if (is_space(q[k]) || q[k] == '=')
            return -1;
    if (memchr(p, '=', ol))
        return -1;
    memcpy(d->o, p, ol);
    d->o[ol] = '\0';
    d->ol = ol;
    memcpy(d->c, q, cl);
    d->c[cl] = '\0';
    d->cl = cl;
    return 0;
}

static const char *find(const char *s, size_t from, size_t n, const char *pat, size_t plen)
{
    if (from > n)
        return NULL;
    return memmem(s + from, n - from, pat, plen);
}

static int tokenize(struct comp *c, const char *s, size_t n, int xl, int line0, struct delims *d);

/*
 * Handles {{#_}} whose closing delimiter ends at s[body]: finds the matching
 * {{/_}}, then extracts or translates the msgid. Returns the offset after
 * {{/_}}, or (size_t)-1 on error.
 */
static size_t translate_section(struct comp *c, const char *s, size_t n, size_t body, int line,
                                struct delims *d)
{
    size_t from = body, close_start = 0, close_end = 0;
    for (;;) {
        const char *z = find(s, from, n, d->o, d->ol);
        if (!z) {
            comp_fail(c, MUS_ERR_SYNTAX, line, "unclosed translation section {{#_}}");
            return (size_t)-1;
        }
        size_t a = (size_t)(z - s) + d->ol;
        if (a < n && s[a] == '/') {
            const char *e = find(s, a + 1, n, d->c, d->cl);
            if (e) {
                size_t len = (size_t)(e - s) - (a + 1);
                const char *nm = trim(s + a + 1, &len);
                if (len == 1 && nm[0] == '_') {
                    close_start = (size_t)(z - s);
                    close_end = (size_t)(e - s) + d->cl;
                    break;
                }
            }
        }
        from = a;
    }
    size_t mlen;
    char *msgid = collapse(s + body, close_start - body, &mlen);
    if (!msgid) {
        nomem(c);
        return (size_t)-1;
    }
    int rc = 0;
    if (c->ex) {
        c->exrc = c->ex(c->exud, msgid, mlen, line);
        rc = c->exrc ? -1 : 0;
    } else {
        const char *tr = NULL;
        size_t tlen = 0;
        if (c->tr)
            tr = c->tr(c->ud, msgid, mlen, &tlen);
        if (!tr) {
            tr = msgid;
            tlen = mlen;
        }
        char *copy = arena_strndup(c->a, tr, tlen);
        if (!copy) {
            rc = nomem(c);
        } else {
            struct delims sub = *d; /* delimiter changes stay inside the translation */
            rc = tokenize(c, copy, tlen, 1, line, &sub);
        }
    }
    free(msgid);
    return rc ? (size_t)-1 : close_end;
}

/*
 * Appends the tokens of s[0..n) to c->t. xl marks a translation (its lines
 * are not source lines); line0 is the line number of s[0].
 */
static int tokenize(struct comp *c, const char *s, size_t n, int xl, int line0, struct delims *d)
{
    size_t pos = 0;
    int line = line0;
    while (pos < n) {
        const char *q = find(s, pos, n, d->o, d->ol);
        size_t ts = q ? (size_t)(q - s) : n;
        while (pos < ts) { /* text, one token per source line */
            const char *nl = memchr(s + pos, '\n', ts - pos);
            size_t e = nl ? (size_t)(nl - s) + 1 : ts;
            struct tok *k = push_tok(c);
            if (!k)
                return nomem(c);
            k->type = T_TEXT;
            k->p = s + pos;
            k->len = e - pos;
            k->line = (uint32_t)line;
            k->xl = (uint8_t)xl;
            k->bol = !xl && (pos == 0 || s[pos - 1] == '\n');
            k->nl = !xl && nl;
            if (nl && !xl)
                line++;
            pos = e;
        }
        if (!q)
            break;
        size_t a = ts + d->ol;
        char sig = a < n ? s[a] : '\0';
        size_t cs, ce, end;
        int type;
        if (sig == '{') {
            char pat[sizeof d->c + 1];
            pat[0] = '}';
            memcpy(pat + 1, d->c, d->cl);
            const char *z = find(s, a + 1, n, pat, d->cl + 1);
            if (!z)
                return comp_fail(c, MUS_ERR_SYNTAX, line, "unclosed tag");
            type = T_RAW;
            cs = a + 1;
            ce = (size_t)(z - s);
            end = ce + 1 + d->cl;
        } else {
            const char *z = find(s, a, n, d->c, d->cl);
            if (!z)
                return comp_fail(c, MUS_ERR_SYNTAX, line, "unclosed tag");
            ce = (size_t)(z - s);
            end = ce + d->cl;
            cs = a + 1;
            switch (sig) {
            case '&':
                type = T_RAW;
                break;
            case '#':
                type = T_SEC;
                break;
            case '^':
                type = T_INV;
                break;
            case '/':
                type = T_CLOSE;
                break;
            case '>':
                type = T_PARTIAL;
                break;
            case '<':
                type = T_PARENT;
                break;
            case '$':
                type = T_BLOCK;
                break;
            case '!':
                type = T_COMMENT;
                break;
            case '=':
                type = T_DELIM;
                break;
            default:
                type = T_VAR;
                cs = a;
            }
            if (cs > ce) /* "{{}}": the sigil test read the closing delimiter */
                cs = ce;
        }
        int tagline = line;
        if (!xl)
            line += count_nl(s + ts, end - ts);
        size_t nlen = ce - cs;
        const char *nm = s + cs;
        struct delims nd;
        if (type == T_DELIM) {
            if (nlen == 0 || nm[nlen - 1] != '=' || parse_delims(nm, nlen - 1, &nd) != 0)
                return comp_fail(c, MUS_ERR_SYNTAX, tagline, "bad set-delimiter tag");
        } else if (type != T_COMMENT) {
            nm = trim(nm, &nlen);
            int bad = nlen == 0;
            for (size_t i = 0; i < nlen && !bad; i++)
                bad = is_space(nm[i]);
            if (bad)
                return comp_fail(c, MUS_ERR_SYNTAX, tagline, "empty tag name or space in name");
        }
        if (type == T_SEC && nlen == 1 && nm[0] == '_') {
            if (xl)
                return comp_fail(c, MUS_ERR_SYNTAX, tagline, "{{#_}} inside a translation");
            size_t after = translate_section(c, s, n, end, tagline, d);
            if (after == (size_t)-1)
                return -1;
            line += count_nl(s + end, after - end);
            pos = after;
            continue;
        }
        struct tok *k = push_tok(c);
        if (!k)
            return nomem(c);
        k->type = (uint8_t)type;
        k->p = nm;
        k->len = nlen;
        k->line = (uint32_t)tagline;
        k->xl = (uint8_t)xl;
        if (!xl) {
            size_t ls = ts;
            while (ls > 0 && is_ws(s[ls - 1]))
                ls--;
            if (ls == 0 || s[ls - 1] == '\n') {
                k->wsbefore = 1;
                k->ind = s + ls;
                k->ind_len = ts - ls;
            }
        }
        if (type == T_DELIM)
            *d = nd;
        pos = end;
    }
    return 0;
}

/* ---------------------------------------------------------------- pass 2: standalone lines */

static int blank_text(const struct tok *k)
{
    size_t len = k->len;
    if (k->nl) {
        len--;
        if (len && k->p[len - 1] == '\r')
            len--;
    }
    return ws_run(k->p, len) == len;
}

/*
 * A line is standalone when it holds whitespace and exactly one tag that does
 * not output anything (section, inverted, close, partial, parent, block,
 * comment, set-delimiter), or several parent, block and close tags of which at
 * least one opens or closes a parent ("{{<layout}}{{$main}}", the spec's
 * "need not be on separate lines" rule).
 */
static void mark_standalone(struct comp *c)
{
    uint8_t kinds[MUS_MAX_SECTIONS + 1];
    size_t depth = 0, over = 0;
    size_t i = 0;
    while (i < c->nt) {
        size_t last = i;
        while (last + 1 < c->nt && !c->t[last].nl)
            last++;
        int ok = 1, ntags = 0, single = 0, parentish = 0;
        for (size_t k = i; k <= last; k++) {
            const struct tok *t = &c->t[k];
            if (t->xl) {
                ok = 0;
            } else if (t->type == T_TEXT) {
                if (!blank_text(t))
                    ok = 0;
                continue;
            }
            if (t->type == T_TEXT)
                continue;
            ntags++;
            switch (t->type) {
            case T_VAR:
            case T_RAW:
                ok = 0;
                break;
            case T_PARENT:
                parentish = 1;
                break;
            case T_BLOCK:
                break;
            case T_CLOSE: {
                int kind = -1;
                if (over)
                    over--;
                else if (depth)
                    kind = kinds[--depth];
                if (kind == T_PARENT)
                    parentish = 1;
                break;
            }
            default:
                single++;
            }
            if (t->type == T_SEC || t->type == T_INV || t->type == T_PARENT || t->type == T_BLOCK) {
                if (depth < sizeof kinds)
                    kinds[depth++] = t->type;
                else
                    over++;
            }
        }
        int sa = ok && ntags > 0 && (ntags == 1 || (single == 0 && parentish));
        if (sa) {
            const struct tok *first = &c->t[i];
            for (size_t k = i; k <= last; k++) {
                struct tok *t = &c->t[k];
                if (t->type == T_TEXT) {
                    t->drop = 1;
                } else {
                    t->sa = 1;
                    t->ind = first->type == T_TEXT ? first->p : NULL;
                    t->ind_len = first->type == T_TEXT ? first->len : 0;
                }
            }
        }
        i = last + 1;
    }
}

/* ---------------------------------------------------------------- pass 3: build the tree */

struct frame {
    uint8_t kind; /* 0 root, or T_SEC, T_INV, T_PARENT, T_BLOCK; 'a' for a parent's argument */
    size_t tok;
    size_t dedent; /* leading whitespace removed from each source line inside */
    struct mus_node *v;
    size_t n, cap;
    buf text;
};

static struct mus_node *push_node(struct frame *f)
{
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 8;
        struct mus_node *v = realloc(f->v, cap * sizeof *v);
        if (!v)
            return NULL;
        f->v = v;
        f->cap = cap;
    }
    struct mus_node *nd = &f->v[f->n++];
    memset(nd, 0, sizeof *nd);
    return nd;
}

static int flush_text(struct comp *c, struct frame *f)
{
    if (f->text.len == 0)
        return 0;
    char *copy = arena_strndup(c->a, f->text.data, f->text.len);
    struct mus_node *nd = copy ? push_node(f) : NULL;
    if (!nd)
        return nomem(c);
    nd->kind = N_TEXT;
    nd->str = copy;
    nd->len = f->text.len;
    buf_reset(&f->text);
    return 0;
}

static int set_name(struct comp *c, struct mus_node *nd, const struct tok *k)
{
    nd->line = k->line;
    if (k->len == 1 && k->p[0] == '.') {
        nd->nseg = 0;
        return 0;
    }
    size_t nseg = 1;
    for (size_t i = 0; i < k->len; i++)
        nseg += k->p[i] == '.';
    if (nseg > 64)
        return comp_fail(c, MUS_ERR_SYNTAX, (int)k->line, "name has too many dots");
    nd->seg = arena_calloc(c->a, nseg, sizeof *nd->seg);
    nd->seglen = arena_calloc(c->a, nseg, sizeof *nd->seglen);
    if (!nd->seg || !nd->seglen)
        return nomem(c);
    size_t start = 0, s = 0;
    for (size_t i = 0; i <= k->len; i++) {
        if (i < k->len && k->p[i] != '.')
            continue;
        if (i == start)
            return comp_fail(c, MUS_ERR_SYNTAX, (int)k->line, "bad name '%.*s'",
                             (int)(k->len > 60 ? 60 : k->len), k->p);
        nd->seg[s] = arena_strndup(c->a, k->p + start, i - start);
        if (!nd->seg[s])
            return nomem(c);
        nd->seglen[s++] = i - start;
        start = i + 1;
    }
    nd->nseg = (uint16_t)nseg;
    return 0;
}

static int32_t block_id(struct comp *c, const char *name, size_t len)
{
    mus_set *s = c->set;
    for (size_t i = 0; i < s->nblocks; i++)
        if (strlen(s->blocks[i]) == len && memcmp(s->blocks[i], name, len) == 0)
            return (int32_t)i;
    if (s->nblocks == s->capblocks) {
        size_t cap = s->capblocks ? s->capblocks * 2 : 16;
        char **b = realloc(s->blocks, cap * sizeof *b);
        if (!b)
            return -1;
        s->blocks = b;
        s->capblocks = cap;
    }
    char *copy = arena_strndup(c->a, name, len);
    if (!copy)
        return -1;
    s->blocks[s->nblocks] = copy;
    return (int32_t)s->nblocks++;
}

/*
 * The leading whitespace of the source line after the one holding token i
 * (the first content line of a standalone section tag), as *out and its length.
 */
static size_t next_line_ws(const struct comp *c, size_t i, const char **out /* out: */)
{
    while (i < c->nt && !c->t[i].nl)
        i++;
    i++;
    *out = NULL;
    if (i >= c->nt || c->t[i].type != T_TEXT || !c->t[i].bol)
        return 0;
    *out = c->t[i].p;
    return ws_run(c->t[i].p, c->t[i].len);
}

/* Copies ws[0..len) minus `dedent` leading characters into nd->ind. */
static int set_ind(struct comp *c, struct mus_node *nd, const char *ws, size_t len, size_t dedent)
{
    size_t strip = dedent < len ? dedent : len;
    nd->ind_len = len - strip;
    if (nd->ind_len == 0)
        return 0;
    char *copy = arena_strndup(c->a, ws + strip, nd->ind_len);
    if (!copy)
        return nomem(c);
    nd->ind = copy;
    return 0;
}

static int name_ok_raw(const struct tok *k)
{
    static const char sfx[] = "_trusted";
    size_t n = sizeof sfx - 1;
    return k->len >= n && memcmp(k->p + k->len - n, sfx, n) == 0;
}

/* Builds the node a closed frame stands for into the frame below it. */
static int close_frame(struct comp *c, struct frame *f, struct frame *below)
{
    const struct tok *k = &c->t[f->tok];
    struct mus_node *kids = NULL;
    size_t nk = 0;
    if (f->kind == T_PARENT) { /* keep only the block arguments */
        for (size_t i = 0; i < f->n; i++)
            nk += f->v[i].kind == N_BLOCK;
    } else {
        nk = f->n;
    }
    if (nk) {
        kids = arena_calloc(c->a, nk, sizeof *kids);
        if (!kids)
            return nomem(c);
        size_t j = 0;
        for (size_t i = 0; i < f->n; i++)
            if (f->kind != T_PARENT || f->v[i].kind == N_BLOCK)
                kids[j++] = f->v[i];
    }
    if (below->kind == T_PARENT && f->kind != 'a')
        return 0; /* only arguments count inside a parent */
    struct mus_node *nd = push_node(below);
    if (!nd)
        return nomem(c);
    nd->child = kids;
    nd->nchild = (uint32_t)nk;
    nd->line = k->line;
    switch (f->kind) {
    case T_SEC:
    case T_INV:
        nd->kind = f->kind == T_SEC ? N_SECTION : N_INVERTED;
        if (set_name(c, nd, k))
            return -1;
        break;
    case T_PARENT:
        nd->kind = N_PARENT;
        nd->str = arena_strndup(c->a, k->p, k->len);
        nd->len = k->len;
        nd->mode = k->sa;
        if (!nd->str || (k->sa && set_ind(c, nd, k->ind, k->ind_len, below->dedent)))
            return nomem(c);
        break;
    default: { /* T_BLOCK or 'a' */
        nd->kind = N_BLOCK;
        nd->str = arena_strndup(c->a, k->p, k->len);
        nd->len = k->len;
        nd->block_id = nd->str ? block_id(c, k->p, k->len) : -1;
        if (nd->block_id < 0)
            return nomem(c);
        if (f->kind == 'a')
            break;
        if (k->sa) {
            const char *ws;
            size_t wl = next_line_ws(c, f->tok, &ws);
            nd->mode = BLOCK_STANDALONE;
            if (set_ind(c, nd, ws, wl, below->dedent))
                return -1;
        } else if (k->wsbefore) {
            nd->mode = BLOCK_LINESTART;
            if (set_ind(c, nd, k->ind, k->ind_len, below->dedent))
                return -1;
        } else {
            nd->mode = BLOCK_INLINE;
        }
    }
    }
    return 0;
}

static int build(struct comp *c, mus_tpl *tpl)
{
    struct frame *fr = calloc(MUS_MAX_SECTIONS + 1, sizeof *fr);
    if (!fr)
        return nomem(c);
    size_t top = 0;
    int rc = -1;
    buf_init(&fr[0].text, 0);
    for (size_t i = 0; i < c->nt; i++) {
        const struct tok *k = &c->t[i];
        struct frame *f = &fr[top];
        struct mus_node *nd;
        switch (k->type) {
        case T_TEXT: {
            if (k->drop || f->kind == T_PARENT)
                break;
            size_t strip = 0;
            if (k->bol && f->dedent) {
                strip = ws_run(k->p, k->len);
                strip = strip < f->dedent ? strip : f->dedent;
            }
            if (buf_append(&f->text, k->p + strip, k->len - strip)) {
                nomem(c);
                goto done;
            }
            break;
        }
        case T_VAR:
        case T_RAW:
            if (k->type == T_RAW && (c->flags & MUS_STRICT_RAW) && !name_ok_raw(k)) {
                comp_fail(c, MUS_ERR_STRICT, (int)k->line,
                          "raw output of '%.*s' needs a name ending in _trusted",
                          (int)(k->len > 60 ? 60 : k->len), k->p);
                goto done;
            }
            if (f->kind == T_PARENT)
                break;
            if (flush_text(c, f) || !(nd = push_node(f))) {
                nomem(c);
                goto done;
            }
            nd->kind = k->type == T_VAR ? N_VAR : N_RAW;
            if (set_name(c, nd, k))
                goto done;
            break;
        case T_PARTIAL:
            if (f->kind == T_PARENT)
                break;
            if (flush_text(c, f) || !(nd = push_node(f))) {
                nomem(c);
                goto done;
            }
            nd->kind = N_PARTIAL;
            nd->line = k->line;
            nd->mode = k->sa;
            nd->str = arena_strndup(c->a, k->p, k->len);
            nd->len = k->len;
            if (!nd->str) {
                nomem(c);
                goto done;
            }
            if (k->sa && set_ind(c, nd, k->ind, k->ind_len, f->dedent))
                goto done;
            break;
        case T_SEC:
        case T_INV:
        case T_PARENT:
        case T_BLOCK: {
            if (top == MUS_MAX_SECTIONS) {
                comp_fail(c, MUS_ERR_SYNTAX, (int)k->line, "sections nested too deeply");
                goto done;
            }
            if (flush_text(c, f))
                goto done;
            struct frame *g = &fr[++top];
            memset(g, 0, sizeof *g);
            buf_init(&g->text, 0);
            g->kind = k->type;
            g->tok = i;
            g->dedent = f->dedent;
            if (k->type == T_BLOCK && f->kind == T_PARENT) {
                g->kind = 'a';
                if (k->sa) { /* block indentation is removed at the site of definition */
                    const char *ws;
                    size_t wl = next_line_ws(c, i, &ws);
                    if (wl > g->dedent)
                        g->dedent = wl;
                }
            }
            break;
        }
        case T_CLOSE: {
            const struct tok *o = top ? &c->t[f->tok] : NULL;
            if (!o || o->len != k->len || memcmp(o->p, k->p, k->len) != 0) {
                int l = (int)(k->len > 60 ? 60 : k->len);
                if (o)
                    comp_fail(c, MUS_ERR_SYNTAX, (int)k->line,
                              "closing '%.*s' but '%.*s' (line %u) is open", l, k->p,
                              (int)(o->len > 60 ? 60 : o->len), o->p, (unsigned)o->line);
                else
                    comp_fail(c, MUS_ERR_SYNTAX, (int)k->line, "closing '%.*s' that is not open", l,
                              k->p);
                goto done;
            }
            if (flush_text(c, f) || close_frame(c, f, &fr[top - 1]))
                goto done;
            buf_free(&f->text);
            free(f->v);
            f->v = NULL;
            top--;
            break;
        }
        default: /* comments and set-delimiter tags leave nothing */
            break;
        }
    }
    if (top) {
        const struct tok *o = &c->t[fr[top].tok];
        comp_fail(c, MUS_ERR_SYNTAX, (int)o->line, "section '%.*s' is not closed",
                  (int)(o->len > 60 ? 60 : o->len), o->p);
        goto done;
    }
    if (flush_text(c, &fr[0]))
        goto done;
    if (fr[0].n) {
        tpl->nodes = arena_calloc(c->a, fr[0].n, sizeof *tpl->nodes);
        if (!tpl->nodes) {
            nomem(c);
            goto done;
        }
        memcpy(tpl->nodes, fr[0].v, fr[0].n * sizeof *tpl->nodes);
    }
    tpl->n = (uint32_t)fr[0].n;
    rc = 0;
done:
    for (size_t i = 0; i <= top; i++) {
        buf_free(&fr[i].text);
        free(fr[i].v);
    }
    free(fr);
    return rc;
}

/* ---------------------------------------------------------------- sets */

mus_set *mus_set_new(void)
{
    return calloc(1, sizeof(mus_set));
}

static void drop_compiled(mus_set *s)
{
    arena_free(s->a);
    s->a = NULL;
    for (size_t i = 0; i < s->n; i++)
        s->e[i].tpl = NULL;
    free(s->blocks);
    s->blocks = NULL;
    s->nblocks = s->capblocks = 0;
    s->compiled = 0;
}

void mus_set_free(mus_set *s)
{
    if (!s)
        return;
    drop_compiled(s);
    for (size_t i = 0; i < s->n; i++) {
        free(s->e[i].name);
        free(s->e[i].owned);
    }
    free(s->e);
    free(s);
}

/* Adds or replaces name with src; owned is src when the set copied it. */
static int set_add(mus_set *s, const char *name, const char *src, size_t len, char *owned)
{
    drop_compiled(s);
    for (size_t i = 0; i < s->n; i++) {
        if (strcmp(s->e[i].name, name) == 0) {
            free(s->e[i].owned);
            s->e[i].src = src;
            s->e[i].owned = owned;
            s->e[i].len = len;
            return 0;
        }
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        struct entry *e = realloc(s->e, cap * sizeof *e);
        if (!e)
            return -1;
        s->e = e;
        s->cap = cap;
    }
    char *nm = strdup(name);
    if (!nm)
        return -1;
    s->e[s->n++] = (struct entry){nm, src, len, NULL, owned};
    return 0;
}

int mus_set_add(mus_set *s, const char *name, const char *src, size_t len)
{
    if (!s || !name || !*name || (!src && len))
        return -1;
    char *copy = malloc(len + 1);
    if (!copy)
        return -1;
    if (len)
        memcpy(copy, src, len);
    copy[len] = '\0';
    if (set_add(s, name, copy, len, copy) != 0) {
        free(copy);
        return -1;
    }
    return 0;
}

int mus_set_add_static(mus_set *s, const char *name, const char *src, size_t len)
{
    if (!s || !name || !*name || !src || src[len] != '\0')
        return -1;
    return set_add(s, name, src, len, NULL);
}

static int entry_cmp(const void *a, const void *b)
{
    return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static const mus_tpl *lookup_tpl(const mus_set *s, const char *name)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = strcmp(name, s->e[mid].name);
        if (cmp == 0)
            return s->e[mid].tpl;
        if (cmp < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const mus_tpl *mus_set_get(const mus_set *s, const char *name)
{
    if (!s || !s->compiled || !name)
        return NULL;
    return lookup_tpl(s, name);
}

const char *mus_tpl_name(const mus_tpl *t)
{
    return t ? t->name : NULL;
}

static int link_nodes(struct comp *c, struct mus_node *nd, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (nd[i].kind == N_PARTIAL || nd[i].kind == N_PARENT) {
            nd[i].target = lookup_tpl(c->set, nd[i].str);
            if (!nd[i].target && (c->flags & MUS_STRICT_PARTIALS))
                return comp_fail(c, MUS_ERR_PARTIAL, (int)nd[i].line, "unknown template '%.60s'",
                                 nd[i].str);
        }
        if (nd[i].nchild && link_nodes(c, nd[i].child, nd[i].nchild))
            return -1;
    }
    return 0;
}

int mus_set_compile(mus_set *s, unsigned flags, mus_translate_fn translate, void *ud,
                    mus_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
    if (!s) {
        set_err(err, MUS_ERR_USAGE, NULL, 0, "no set");
        return -1;
    }
    drop_compiled(s);
    s->a = arena_new(64 * 1024);
    if (!s->a) {
        set_err(err, MUS_ERR_NOMEM, NULL, 0, "out of memory");
        return -1;
    }
    if (s->n)
        qsort(s->e, s->n, sizeof *s->e, entry_cmp);
    struct comp c = {.set = s, .a = s->a, .flags = flags, .tr = translate, .ud = ud, .err = err};
    int rc = 0;
    for (size_t i = 0; i < s->n && rc == 0; i++) {
        struct entry *e = &s->e[i];
        c.tplname = e->name;
        c.nt = 0;
        mus_tpl *t = arena_alloc(s->a, sizeof *t);
        if (!t) {
            rc = nomem(&c);
            break;
        }
        t->name = e->name;
        struct delims d = {"{{", "}}", 2, 2};
        rc = tokenize(&c, e->src, e->len, 0, 1, &d);
        if (rc == 0) {
            mark_standalone(&c);
            rc = build(&c, t);
        }
        e->tpl = t;
    }
    for (size_t i = 0; i < s->n && rc == 0; i++) {
        c.tplname = s->e[i].name;
        rc = link_nodes(&c, s->e[i].tpl->nodes, s->e[i].tpl->n);
    }
    free(c.t);
    if (rc) {
        drop_compiled(s);
        return -1;
    }
    s->compiled = 1;
    return 0;
}

mus_tpl *mus_compile(const char *src, size_t len, unsigned flags, mus_translate_fn translate,
                     void *ud, mus_error *err)
{
    mus_set *s = mus_set_new();
    if (!s || mus_set_add(s, "inline", src, len) != 0) {
        mus_set_free(s);
        set_err(err, MUS_ERR_NOMEM, NULL, 0, "out of memory");
        return NULL;
    }
    if (mus_set_compile(s, flags, translate, ud, err) != 0) {
        mus_set_free(s);
        return NULL;
    }
    mus_tpl *t = s->e[0].tpl;
    t->owner = s;
    return t;
}

void mus_tpl_free(mus_tpl *t)
{
    if (t && t->owner)
        mus_set_free(t->owner);
}

int mus_extract_msgids(const char *src, size_t len, mus_msgid_fn cb, void *ud, mus_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
    arena *a = arena_new(4096);
    if (!a) {
        set_err(err, MUS_ERR_NOMEM, NULL, 0, "out of memory");
        return -1;
    }
    struct comp c = {.a = a, .ex = cb, .exud = ud, .err = err};
    struct delims d = {"{{", "}}", 2, 2};
    int rc = tokenize(&c, src, len, 0, 1, &d);
    if (c.exrc)
        rc = c.exrc;
    free(c.t);
    arena_free(a);
    return rc;
}

/* ---------------------------------------------------------------- rendering */

struct ctxs { /* the context stack, innermost first */
    const json_t *v;
    const struct ctxs *up;
};

struct ind { /* indentation chain, innermost first; total = sum of lengths */
    const char *s;
    size_t len, total;
    const struct ind *up;
};

struct ovr { /* block arguments of the parents being rendered, innermost first */
    const struct mus_node *args;
    uint32_t n;
    const struct ovr *up;
};

struct rs {
    buf *out;
    int bol;
    unsigned depth, nest;
    unsigned long steps, max_steps;
    const mus_tpl *cur;
    mus_error *err;
};

static int rfail(struct rs *r, mus_code code, uint32_t line, const char *msg)
{
    set_err(r->err, code, r->cur ? r->cur->name : NULL, (int)line, "%s", msg);
    return -1;
}

static int put_indent(buf *o, const struct ind *in)
{
    if (!in || !in->total)
        return 0;
    if (put_indent(o, in->up))
        return -1;
    return buf_append(o, in->s, in->len);
}

static int emit_text(struct rs *r, const struct ind *in, const char *p, size_t len)
{
    if (!in || !in->total) {
        r->bol = p[len - 1] == '\n';
        return buf_append(r->out, p, len);
    }
    while (len) {
        if (r->bol && put_indent(r->out, in))
            return -1;
        const char *nl = memchr(p, '\n', len);
        size_t seg = nl ? (size_t)(nl - p) + 1 : len;
        if (buf_append(r->out, p, seg))
            return -1;
        r->bol = nl != NULL;
        p += seg;
        len -= seg;
    }
    return 0;
}

static int emit_value(struct rs *r, const struct ind *in, const char *p, size_t len, int esc)
{
    if (len == 0)
        return 0;
    if (r->bol && in && in->total && put_indent(r->out, in))
        return -1;
    r->bol = 0;
    return esc ? buf_html(r->out, p, len) : buf_append(r->out, p, len);
}

/* Shortest of %.15g..%.17g that reads back as d, with a '.' whatever the locale. */
static size_t fmt_real(double d, char *out /* out: */, size_t cap)
{
    char tmp[40];
    if (!isfinite(d))
        return 0;
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*g", prec, d);
        if (strtod(tmp, NULL) == d)
            break;
    }
    size_t n = 0;
    int in_point = 0;
    for (const char *p = tmp; *p && n + 1 < cap; p++) {
        char ch = *p;
        if ((ch >= '0' && ch <= '9') || ch == '-' || ch == '+' || ch == 'e' || ch == 'E') {
            out[n++] = ch;
            in_point = 0;
        } else if (!in_point) { /* the locale's decimal point, maybe several bytes */
            out[n++] = '.';
            in_point = 1;
        }
    }
    return n;
}

static size_t fmt_int(json_int_t v, char *out /* out: */)
{
    char tmp[24];
    size_t n = 0;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    size_t k = 0;
    if (v < 0)
        out[k++] = '-';
    while (n)
        out[k++] = tmp[--n];
    return k;
}

static const json_t *lookup(const struct ctxs *cx, const struct mus_node *nd)
{
    if (nd->nseg == 0)
        return cx ? cx->v : NULL;
    const json_t *v = NULL;
    for (; cx; cx = cx->up)
        if (json_is_object(cx->v) && (v = json_object_getn(cx->v, nd->seg[0], nd->seglen[0])))
            break;
    for (uint16_t i = 1; v && i < nd->nseg; i++)
        v = json_is_object(v) ? json_object_getn(v, nd->seg[i], nd->seglen[i]) : NULL;
    return v;
}

static int falsey(const json_t *v)
{
    if (!v)
        return 1;
    switch (json_typeof(v)) {
    case JSON_NULL:
    case JSON_FALSE:
        return 1;
    case JSON_ARRAY:
        return json_array_size(v) == 0;
    case JSON_STRING:
        return json_string_length(v) == 0;
    default:
        return 0;
    }
}

static int interpolate(struct rs *r, const struct ind *in, const json_t *v, int esc)
{
    char num[48];
    if (!v)
        return 0;
    switch (json_typeof(v)) {
    case JSON_STRING:
        return emit_value(r, in, json_string_value(v), json_string_length(v), esc);
    case JSON_INTEGER:
        return emit_value(r, in, num, fmt_int(json_integer_value(v), num), 0);
    case JSON_REAL:
        return emit_value(r, in, num, fmt_real(json_real_value(v), num, sizeof num), 0);
    case JSON_TRUE:
        return emit_value(r, in, "true", 4, 0);
    case JSON_FALSE:
        return emit_value(r, in, "false", 5, 0);
    default:
        return 0;
    }
}

static int render(struct rs *r, const struct mus_node *nd, size_t n, const struct ctxs *cx,
                  const struct ind *in, const struct ovr *ov);

/* Renders template t for a partial or parent node. */
static int render_tpl(struct rs *r, const struct mus_node *nd, const struct ctxs *cx,
                      const struct ind *in, const struct ovr *ov)
{
    const mus_tpl *t = nd->target;
    if (r->depth >= MUS_MAX_DEPTH)
        return rfail(r, MUS_ERR_DEPTH, nd->line, "partials nested too deeply");
    struct ind ni;
    const struct ind *pi = NULL;
    if (nd->mode) { /* standalone: indent every line of the partial */
        ni = (struct ind){nd->ind, nd->ind_len, (in ? in->total : 0) + nd->ind_len, in};
        pi = &ni;
        r->bol = 1;
    } else if (r->bol && in && in->total) { /* the partial starts after the indentation */
        if (put_indent(r->out, in))
            return rfail(r, MUS_ERR_OUTPUT, nd->line, "output too large");
        r->bol = 0;
    }
    struct ovr no = {nd->child, nd->nchild, ov};
    const mus_tpl *saved = r->cur;
    r->cur = t;
    r->depth++;
    int rc = render(r, t->nodes, t->n, cx, pi, nd->kind == N_PARENT ? &no : ov);
    r->depth--;
    r->cur = saved;
    return rc;
}

static int render_block(struct rs *r, const struct mus_node *nd, const struct ctxs *cx,
                        const struct ind *in, const struct ovr *ov)
{
    const struct mus_node *arg = NULL;
    for (const struct ovr *o = ov; o; o = o->up) /* the outermost argument wins */
        for (uint32_t i = 0; i < o->n; i++)
            if (o->args[i].block_id == nd->block_id) {
                arg = &o->args[i];
                break;
            }
    if (!arg)
        return render(r, nd->child, nd->nchild, cx, in, ov);
    if (r->depth >= MUS_MAX_DEPTH)
        return rfail(r, MUS_ERR_DEPTH, nd->line, "blocks nested too deeply");
    struct ind ni = {nd->ind, nd->ind_len, (in ? in->total : 0) + nd->ind_len, in};
    const struct ind *pi = in;
    if (nd->mode != BLOCK_INLINE && nd->ind_len)
        pi = &ni;
    if (nd->mode == BLOCK_STANDALONE)
        r->bol = 1;
    r->depth++;
    int rc = render(r, arg->child, arg->nchild, cx, pi, ov);
    r->depth--;
    return rc;
}

static int render(struct rs *r, const struct mus_node *nd, size_t n, const struct ctxs *cx,
                  const struct ind *in, const struct ovr *ov)
{
    if (++r->nest > MUS_MAX_NEST)
        return rfail(r, MUS_ERR_DEPTH, n ? nd->line : 0, "templates nested too deeply");
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++, nd++) {
        if (++r->steps > r->max_steps) {
            rc = rfail(r, MUS_ERR_STEPS, nd->line, "render step limit reached");
            break;
        }
        const json_t *v;
        switch (nd->kind) {
        case N_TEXT:
            if (emit_text(r, in, nd->str, nd->len))
                rc = rfail(r, MUS_ERR_OUTPUT, nd->line, "output too large");
            break;
        case N_VAR:
        case N_RAW:
            if (interpolate(r, in, lookup(cx, nd), nd->kind == N_VAR))
                rc = rfail(r, MUS_ERR_OUTPUT, nd->line, "output too large");
            break;
        case N_SECTION:
            v = lookup(cx, nd);
            if (falsey(v))
                break;
            if (json_is_array(v)) {
                size_t cnt = json_array_size(v);
                for (size_t k = 0; k < cnt && rc == 0; k++) {
                    if (++r->steps > r->max_steps) {
                        rc = rfail(r, MUS_ERR_STEPS, nd->line, "render step limit reached");
                        break;
                    }
                    struct ctxs c2 = {json_array_get(v, k), cx};
                    rc = render(r, nd->child, nd->nchild, &c2, in, ov);
                }
            } else {
                struct ctxs c2 = {v, cx};
                rc = render(r, nd->child, nd->nchild, &c2, in, ov);
            }
            break;
        case N_INVERTED:
            if (falsey(lookup(cx, nd)))
                rc = render(r, nd->child, nd->nchild, cx, in, ov);
            break;
        case N_PARTIAL:
        case N_PARENT:
            if (nd->target)
                rc = render_tpl(r, nd, cx, in, ov);
            break;
        case N_BLOCK:
            rc = render_block(r, nd, cx, in, ov);
            break;
        }
    }
    r->nest--;
    return rc;
}

int mus_render_steps(const mus_tpl *t, const json_t *ctx, buf *out, unsigned long max_steps,
                     mus_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
    if (!t || !out) {
        set_err(err, MUS_ERR_USAGE, NULL, 0, "no template or output");
        return -1;
    }
    struct rs r = {.out = out,
                   .bol = 1,
                   .max_steps = max_steps ? max_steps : MUS_MAX_STEPS,
                   .cur = t,
                   .err = err};
    struct ctxs root = {ctx, NULL};
    return render(&r, t->nodes, t->n, ctx ? &root : NULL, NULL, NULL);
}

int mus_render(const mus_tpl *t, const json_t *ctx, buf *out, mus_error *err)
{
    return mus_render_steps(t, ctx, out, 0, err);
}
