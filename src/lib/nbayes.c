/*
 * nbayes.c: multinomial naive Bayes on words and word pairs; see nbayes.h.
 *
 * The trainer gives every feature it meets an id (an open-addressing hash
 * table over a pool of the features' bytes), keeps each text as its list of
 * feature ids and counts in how many texts each feature occurs. Finishing
 * drops the rare features, counts the rest per label and stores
 * log P(feature | label) in 16 bits (minus the logarithm in steps of
 * 1/NB_STEPS, enough for any sum of features of a text and half the size of
 * a float: the model is the largest thing the server keeps), one row per
 * label; the model has its own
 * hash table of the features kept, so the trainer can go.
 */
#include "nbayes.h"

#include "utf8.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* --- features ------------------------------------------------------------------- */

/* Dutch function words: they say nothing about what is wrong. "niet" and
 * "geen" stay ("brandt niet", "geen licht"). */
static const char *const STOP[] = {
    "aan",  "al",    "alle",   "als",  "ben",  "bent",   "bij",  "da",    "daar", "dan",
    "dat",  "de",    "deze",   "die",  "dit",  "door",   "dus",  "een",   "elke", "en",
    "er",   "even",  "ge",     "had",  "haar", "hebben", "hebt", "heeft", "heel", "hem",
    "het",  "hier",  "hij",    "hoe",  "hun",  "ik",     "in",   "is",    "je",   "jij",
    "kan",  "kun",   "kunnen", "kunt", "maar", "me",     "meer", "men",   "met",  "mij",
    "mijn", "moet",  "na",     "naar", "nog",  "nu",     "of",   "om",    "ons",  "onze",
    "ook",  "op",    "over",   "te",   "tot",  "u",      "uit",  "uw",    "van",  "voor",
    "want", "was",   "wat",    "we",   "wel",  "werd",   "weer", "wie",   "wij",  "wil",
    "word", "wordt", "worden", "ze",   "zeer", "zich",   "zij",  "zijn",  "zo",   "zou",
};

static bool is_stop(const char *w, size_t n)
{
    for (size_t i = 0; i < sizeof STOP / sizeof STOP[0]; i++)
        if (strlen(STOP[i]) == n && memcmp(STOP[i], w, n) == 0)
            return true;
    return false;
}

/* The plain lower-case letter of a Latin-1 letter U+00C0..U+00FF, 0 when
 * the code point is not one (× and ÷). ß and the like keep their own. */
static char fold_latin1(uint32_t cp)
{
    static const char map[] = "aaaaaaaceeeeiiiidnooooo\0ouuuuyts"  /* U+00C0..U+00DF */
                              "aaaaaaaceeeeiiiidnooooo\0ouuuuyty"; /* U+00E0..U+00FF */
    return map[cp - 0xC0];
}

/* Is cp part of a word? Letters and digits; punctuation, symbols and white
 * space of ASCII, Latin-1 and the general punctuation block are not. */
static bool word_char(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    if (cp < 0xC0)
        return false;
    if (cp == 0xD7 || cp == 0xF7)
        return false;
    if (cp >= 0x2000 && cp <= 0x2BFF) /* punctuation, arrows, symbols */
        return false;
    if (cp >= 0xFE00 && cp <= 0xFE0F) /* variation selectors */
        return false;
    if (cp >= 0x1F000) /* emoji */
        return false;
    return true;
}

struct word {
    char b[NB_MAX_WORD];
    size_t len;
    bool digits_only;
};

/* Ends the current word: gives it (and the pair with the word before) when
 * it counts. */
static size_t end_word(struct word *cur, struct word *prev, bool *have_prev, nb_feature_fn fn,
                       void *ctx)
{
    size_t n = 0;
    if (cur->len >= 2 && !cur->digits_only && !is_stop(cur->b, cur->len)) {
        fn(ctx, cur->b, cur->len);
        n++;
        if (*have_prev) {
            char pair[NB_MAX_FEATURE];
            memcpy(pair, prev->b, prev->len);
            pair[prev->len] = ' ';
            memcpy(pair + prev->len + 1, cur->b, cur->len);
            fn(ctx, pair, prev->len + 1 + cur->len);
            n++;
        }
        *prev = *cur;
        *have_prev = true;
    }
    cur->len = 0;
    cur->digits_only = true;
    return n;
}

size_t nb_features(const char *text, size_t len, nb_feature_fn fn, void *ctx)
{
    if (len > NB_MAX_TEXT)
        len = NB_MAX_TEXT;
    struct word cur = {.len = 0, .digits_only = true}, prev = {.len = 0};
    bool have_prev = false, cut = false;
    size_t n = 0, i = 0;
    while (i < len) {
        uint32_t cp = 0;
        size_t k = utf8_decode(text + i, len - i, &cp);
        if (k == 0 || !word_char(cp)) {
            n += end_word(&cur, &prev, &have_prev, fn, ctx);
            cut = false;
            i += k ? k : 1;
            continue;
        }
        char out[4];
        size_t olen;
        if (cp < 0x80) {
            out[0] = (char)(cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp);
            olen = 1;
        } else if (cp <= 0xFF && fold_latin1(cp)) {
            out[0] = fold_latin1(cp);
            olen = 1;
        } else {
            memcpy(out, text + i, k);
            olen = k;
        }
        if (!cut && cur.len + olen <= NB_MAX_WORD) {
            memcpy(cur.b + cur.len, out, olen);
            cur.len += olen;
            if (cp < '0' || cp > '9')
                cur.digits_only = false;
        } else {
            cut = true; /* the rest of a long word is left out */
        }
        i += k;
    }
    n += end_word(&cur, &prev, &have_prev, fn, ctx);
    return n;
}

/* --- a table of features -------------------------------------------------------- */

struct table {
    uint32_t *slot; /* feature id + 1, 0 when empty */
    size_t cap;     /* power of two */
    size_t n;
    char *pool; /* the features' bytes */
    size_t pool_len, pool_cap;
    uint32_t *off; /* per id: start in pool (the pool stays under 4 GB) */
    uint16_t *len;
    uint64_t *hash;
    size_t ids_cap;
};

static uint64_t hash_of(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static void table_free(struct table *t)
{
    free(t->slot);
    free(t->pool);
    free(t->off);
    free(t->len);
    free(t->hash);
    memset(t, 0, sizeof *t);
}

/* The id of s[0..n), or -1 when absent. */
static long table_find(const struct table *t, const char *s, size_t n, uint64_t h)
{
    if (!t->cap)
        return -1;
    for (size_t i = h & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
        uint32_t v = t->slot[i];
        if (!v)
            return -1;
        uint32_t id = v - 1;
        if (t->hash[id] == h && t->len[id] == n && memcmp(t->pool + t->off[id], s, n) == 0)
            return (long)id;
    }
}

static int table_grow(struct table *t)
{
    size_t cap = t->cap ? t->cap * 2 : 1024;
    uint32_t *slot = calloc(cap, sizeof *slot);
    if (!slot)
        return -1;
    for (size_t id = 0; id < t->n; id++) {
        size_t i = t->hash[id] & (cap - 1);
        while (slot[i])
            i = (i + 1) & (cap - 1);
        slot[i] = (uint32_t)id + 1;
    }
    free(t->slot);
    t->slot = slot;
    t->cap = cap;
    return 0;
}

static void *grow_array(void *p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return p;
    size_t c = *cap ? *cap : 256;
    while (c < need)
        c *= 2;
    void *q = realloc(p, c * size);
    if (q)
        *cap = c;
    return q;
}

/* The id of s[0..n), added when new; -1 when out of memory. */
static long table_intern(struct table *t, const char *s, size_t n)
{
    uint64_t h = hash_of(s, n);
    long id = table_find(t, s, n, h);
    if (id >= 0)
        return id;
    if ((t->n + 1) * 2 > t->cap && table_grow(t) != 0)
        return -1;
    if (t->n + 1 > t->ids_cap) {
        size_t c1 = t->ids_cap, c2 = t->ids_cap, c3 = t->ids_cap;
        uint32_t *off = grow_array(t->off, &c1, t->n + 1, sizeof *off);
        if (!off)
            return -1;
        t->off = off;
        uint16_t *len = grow_array(t->len, &c2, t->n + 1, sizeof *len);
        if (!len)
            return -1;
        t->len = len;
        uint64_t *hash = grow_array(t->hash, &c3, t->n + 1, sizeof *hash);
        if (!hash)
            return -1;
        t->hash = hash;
        t->ids_cap = c3;
    }
    if (t->pool_len + n > UINT32_MAX)
        return -1;
    size_t pc = t->pool_cap;
    char *pool = grow_array(t->pool, &pc, t->pool_len + n, 1);
    if (!pool)
        return -1;
    t->pool = pool;
    t->pool_cap = pc;
    memcpy(t->pool + t->pool_len, s, n);
    id = (long)t->n++;
    t->off[id] = (uint32_t)t->pool_len;
    t->len[id] = (uint16_t)n;
    t->hash[id] = h;
    t->pool_len += n;
    size_t i = h & (t->cap - 1);
    while (t->slot[i])
        i = (i + 1) & (t->cap - 1);
    t->slot[i] = (uint32_t)id + 1;
    return id;
}

/* --- training ------------------------------------------------------------------- */

struct nb_trainer {
    struct table feat;
    uint32_t *df;       /* per feature: texts it occurs in */
    uint32_t *last_doc; /* per feature: the last text counted in df, + 1 */
    size_t feat_cap;
    uint32_t *tok; /* all texts' feature ids, one after the other */
    size_t ntok, tok_cap;
    uint32_t *doc_end;   /* per text: end in tok */
    uint32_t *doc_label; /* per text: its label's index in labels */
    size_t ndocs, docs_cap;
    int64_t *labels; /* distinct labels */
    size_t nlabels, labels_cap;
};

nb_trainer *nb_trainer_new(void)
{
    return calloc(1, sizeof(nb_trainer));
}

void nb_trainer_free(nb_trainer *t)
{
    if (!t)
        return;
    table_free(&t->feat);
    free(t->df);
    free(t->last_doc);
    free(t->tok);
    free(t->doc_end);
    free(t->doc_label);
    free(t->labels);
    free(t);
}

size_t nb_trainer_texts(const nb_trainer *t)
{
    return t ? t->ndocs : 0;
}

struct add_ctx {
    nb_trainer *t;
    bool failed;
};

static void add_feature(void *vctx, const char *f, size_t n)
{
    struct add_ctx *c = vctx;
    nb_trainer *t = c->t;
    if (c->failed)
        return;
    long id = table_intern(&t->feat, f, n);
    if (id < 0) {
        c->failed = true;
        return;
    }
    if (t->feat.n > t->feat_cap) {
        size_t c1 = t->feat_cap;
        uint32_t *df = grow_array(t->df, &c1, t->feat.n, sizeof *df);
        if (!df) {
            c->failed = true;
            return;
        }
        t->df = df;
        size_t c2 = t->feat_cap;
        uint32_t *last = grow_array(t->last_doc, &c2, t->feat.n, sizeof *last);
        if (!last) {
            c->failed = true;
            return;
        }
        t->last_doc = last;
        for (size_t i = t->feat_cap; i < c2; i++)
            df[i] = last[i] = 0;
        t->feat_cap = c2;
    }
    if (t->ntok >= UINT32_MAX) {
        c->failed = true;
        return;
    }
    uint32_t *tok = grow_array(t->tok, &t->tok_cap, t->ntok + 1, sizeof *tok);
    if (!tok) {
        c->failed = true;
        return;
    }
    t->tok = tok;
    tok[t->ntok++] = (uint32_t)id;
}

int nb_trainer_add(nb_trainer *t, int64_t label, const char *text, size_t len)
{
    size_t li = 0;
    while (li < t->nlabels && t->labels[li] != label)
        li++;
    if (li == t->nlabels) {
        int64_t *l = grow_array(t->labels, &t->labels_cap, t->nlabels + 1, sizeof *l);
        if (!l)
            return -1;
        t->labels = l;
        l[t->nlabels++] = label;
    }
    if (t->ndocs >= UINT32_MAX - 1)
        return -1;
    size_t c1 = t->docs_cap, c2 = t->docs_cap;
    uint32_t *end = grow_array(t->doc_end, &c1, t->ndocs + 1, sizeof *end);
    if (!end)
        return -1;
    t->doc_end = end;
    uint32_t *lab = grow_array(t->doc_label, &c2, t->ndocs + 1, sizeof *lab);
    if (!lab)
        return -1;
    t->doc_label = lab;
    t->docs_cap = c2 < c1 ? c2 : c1;
    size_t start = t->ntok;
    struct add_ctx c = {t, false};
    nb_features(text, len, add_feature, &c);
    if (c.failed) {
        t->ntok = start;
        return -1;
    }
    /* document frequency: once per text */
    uint32_t doc = (uint32_t)t->ndocs + 1;
    for (size_t i = start; i < t->ntok; i++)
        if (t->last_doc[t->tok[i]] != doc) {
            t->last_doc[t->tok[i]] = doc;
            t->df[t->tok[i]]++;
        }
    t->doc_end[t->ndocs] = (uint32_t)t->ntok;
    t->doc_label[t->ndocs] = (uint32_t)li;
    t->ndocs++;
    return 0;
}

/* -log P(feature | label) in steps of 1/NB_STEPS: up to 32 (a probability
 * of 1e-14, far below any feature kept), to within 1/4096. */
#define NB_STEPS 2048.0

struct nb_model {
    struct table feat;
    size_t nlabels;
    int64_t *labels;
    double *log_prior; /* per label */
    uint16_t *log_p;   /* [label * nfeat + feature], -log P * NB_STEPS */
};

static uint16_t log_p_step(double lp)
{
    double q = -lp * NB_STEPS + 0.5;
    return q <= 0 ? 0 : q >= 65535 ? 65535 : (uint16_t)q;
}

void nb_model_free(nb_model *m)
{
    if (!m)
        return;
    table_free(&m->feat);
    free(m->labels);
    free(m->log_prior);
    free(m->log_p);
    free(m);
}

size_t nb_model_labels(const nb_model *m)
{
    return m ? m->nlabels : 0;
}

size_t nb_model_features(const nb_model *m)
{
    return m ? m->feat.n : 0;
}

/* The counts are made one label at a time, over that label's texts (a
 * counting sort of the texts by label): one row of counts instead of a
 * table of every label by every feature, which was the largest thing held
 * while the server starts (4.3 MB for 125 labels). */
nb_model *nb_trainer_finish(const nb_trainer *t, unsigned min_docs, double alpha)
{
    if (!t || !t->ndocs || alpha <= 0)
        return NULL;
    nb_model *m = calloc(1, sizeof *m);
    int32_t *keep = malloc((t->feat.n ? t->feat.n : 1) * sizeof *keep);
    uint32_t *first = NULL, *order = NULL, *row = NULL;
    if (!m || !keep)
        goto fail;
    for (size_t id = 0; id < t->feat.n; id++) {
        keep[id] = -1;
        if (t->df[id] >= min_docs) {
            long k = table_intern(&m->feat, t->feat.pool + t->feat.off[id], t->feat.len[id]);
            if (k < 0)
                goto fail;
            keep[id] = (int32_t)k;
        }
    }
    size_t nl = t->nlabels, nf = m->feat.n;
    m->nlabels = nl;
    m->labels = malloc(nl * sizeof *m->labels);
    m->log_prior = malloc(nl * sizeof *m->log_prior);
    m->log_p = malloc((nf ? nf : 1) * nl * sizeof *m->log_p);
    first = calloc(nl + 1, sizeof *first);
    order = malloc(t->ndocs * sizeof *order);
    row = malloc((nf ? nf : 1) * sizeof *row);
    if (!m->labels || !m->log_prior || !m->log_p || !first || !order || !row)
        goto fail;
    memcpy(m->labels, t->labels, nl * sizeof *m->labels);
    /* the texts of label l are order[first[l] .. first[l + 1]) */
    for (size_t d = 0; d < t->ndocs; d++)
        first[t->doc_label[d] + 1]++;
    for (size_t l = 0; l < nl; l++)
        first[l + 1] += first[l];
    for (size_t d = 0; d < t->ndocs; d++)
        order[first[t->doc_label[d]]++] = (uint32_t)d;
    for (size_t l = nl; l > 0; l--) /* each start moved to the next label's: back one */
        first[l] = first[l - 1];
    first[0] = 0;
    for (size_t l = 0; l < nl; l++) {
        memset(row, 0, (nf ? nf : 1) * sizeof *row);
        double total = 0;
        for (size_t j = first[l]; j < first[l + 1]; j++) {
            uint32_t d = order[j];
            for (size_t i = d ? t->doc_end[d - 1] : 0; i < t->doc_end[d]; i++) {
                int32_t k = keep[t->tok[i]];
                if (k >= 0) {
                    row[k]++;
                    total += 1;
                }
            }
        }
        m->log_prior[l] = log((double)(first[l + 1] - first[l]) / (double)t->ndocs);
        double denom = log(total + alpha * (double)(nf ? nf : 1));
        for (size_t f = 0; f < nf; f++)
            m->log_p[l * nf + f] = log_p_step(log((double)row[f] + alpha) - denom);
    }
    free(keep);
    free(first);
    free(order);
    free(row);
    return m;
fail:
    free(keep);
    free(first);
    free(order);
    free(row);
    nb_model_free(m);
    return NULL;
}

/* --- ranking -------------------------------------------------------------------- */

#define NB_MAX_FOUND 2048

struct rank_ctx {
    const nb_model *m;
    uint32_t found[NB_MAX_FOUND];
    size_t n;
};

static void find_feature(void *vctx, const char *f, size_t n)
{
    struct rank_ctx *c = vctx;
    long id = table_find(&c->m->feat, f, n, hash_of(f, n));
    if (id >= 0 && c->n < NB_MAX_FOUND)
        c->found[c->n++] = (uint32_t)id;
}

size_t nb_rank(const nb_model *m, const char *text, size_t len, size_t k, int64_t *labels,
               double *prob)
{
    if (!m || !k || !m->nlabels)
        return 0;
    struct rank_ctx *c = malloc(sizeof *c);
    double *score = malloc(m->nlabels * sizeof *score);
    size_t out = 0;
    if (!c || !score)
        goto done;
    c->m = m;
    c->n = 0;
    nb_features(text, len, find_feature, c);
    if (!c->n)
        goto done;
    size_t nf = m->feat.n;
    double best = -INFINITY;
    for (size_t l = 0; l < m->nlabels; l++) {
        uint64_t steps = 0;
        for (size_t i = 0; i < c->n; i++)
            steps += m->log_p[l * nf + c->found[i]];
        double s = m->log_prior[l] - (double)steps / NB_STEPS;
        score[l] = s;
        if (s > best)
            best = s;
    }
    double sum = 0;
    for (size_t l = 0; l < m->nlabels; l++) {
        score[l] = exp(score[l] - best);
        sum += score[l];
    }
    /* the k best by selection: k is small */
    for (; out < k && out < m->nlabels; out++) {
        size_t arg = 0;
        double top = -1;
        for (size_t l = 0; l < m->nlabels; l++)
            if (score[l] > top) {
                top = score[l];
                arg = l;
            }
        labels[out] = m->labels[arg];
        if (prob)
            prob[out] = top / sum;
        score[arg] = -2;
    }
done:
    free(c);
    free(score);
    return out;
}
