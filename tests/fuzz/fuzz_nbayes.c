/*
 * fuzz_nbayes.c: libFuzzer target for nb_features(), the category
 * suggestion's tokenizer, and nb_rank() on what it makes. Whatever the
 * input, every feature is valid UTF-8, not empty, at most NB_MAX_FEATURE
 * bytes, without ASCII upper case, and a word or two words joined by one
 * space; there are never more than two features per word. A model trained
 * on the input (as six texts of two labels) ranks it without failing, with
 * probabilities that add up to at most 1.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/nbayes.h"
#include "lib/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
    size_t n, words;
};

static void check(void *ctx, const char *f, size_t len)
{
    struct seen *s = ctx;
    assert(len > 0 && len <= NB_MAX_FEATURE);
    assert(utf8_valid(f, len));
    size_t spaces = 0;
    for (size_t i = 0; i < len; i++) {
        assert(!(f[i] >= 'A' && f[i] <= 'Z'));
        assert(f[i] != '\0' && f[i] != '\t' && f[i] != '\n');
        if (f[i] == ' ') {
            spaces++;
            assert(i > 0 && i + 1 < len);
        }
    }
    assert(spaces <= 1);
    if (spaces == 0) {
        assert(len <= NB_MAX_WORD);
        s->words++;
    }
    s->n++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    struct seen s = {0, 0};
    size_t n = nb_features(text, size, check, &s);
    assert(n == s.n);
    assert(n <= 2 * s.words);
    assert(s.words <= size / 2 + 1);

    nb_trainer *t = nb_trainer_new();
    if (!t)
        return 0;
    for (int i = 0; i < 6; i++)
        nb_trainer_add(t, i % 2, text, size);
    nb_model *m = nb_trainer_finish(t, 3, 0.1);
    nb_trainer_free(t);
    if (m) {
        int64_t labels[3];
        double prob[3];
        size_t k = nb_rank(m, text, size, 3, labels, prob);
        assert(k <= 2);
        assert(k == 0 || s.n > 0);
        double sum = 0;
        for (size_t i = 0; i < k; i++) {
            assert(labels[i] == 0 || labels[i] == 1);
            assert(prob[i] >= 0 && prob[i] <= 1.0 + 1e-9);
            sum += prob[i];
        }
        assert(sum <= 1.0 + 1e-9);
        nb_model_free(m);
    }
    return 0;
}
