/*
 * nbayes.h: a multinomial naive Bayes classifier for short Dutch texts.
 *
 * The features of a text are its words and its pairs of neighbouring words
 * (bigrams), made by nb_features: lower case, the accented Latin letters
 * folded to their plain letter (é -> e, ë -> e), Dutch function words ("de",
 * "het", "is") and numbers left out, words of one letter left out. A
 * trainer collects labelled texts; nb_trainer_finish keeps the features that
 * occur in at least min_docs texts and builds an immutable model, which any
 * number of threads may rank texts with at once. Labels are the caller's
 * (category ids); the library knows nothing of the application.
 */
#ifndef WR_NBAYES_H
#define WR_NBAYES_H

#include <stddef.h>
#include <stdint.h>

/* A word longer than this many bytes is cut at a character boundary. */
#define NB_MAX_WORD 40
/* A feature is a word or two words joined by one space. */
#define NB_MAX_FEATURE (2 * NB_MAX_WORD + 1)
/* The features of one text are taken from its first this many bytes. */
#define NB_MAX_TEXT 8192

/* Called for each feature of a text, in order of the text: f[0..len) is
 * valid UTF-8, not empty, at most NB_MAX_FEATURE bytes, not NUL-terminated. */
typedef void (*nb_feature_fn)(void *ctx, const char *f, size_t len);

/* Calls fn for each word of text[0..len) and each pair of neighbouring
 * words. Bytes that are not well-formed UTF-8 separate words. Returns the
 * number of features given. */
size_t nb_features(const char *text, size_t len, nb_feature_fn fn, void *ctx);

typedef struct nb_trainer nb_trainer;
typedef struct nb_model nb_model;

nb_trainer *nb_trainer_new(void);
/* Adds one text with its label. 0, or -1 when out of memory (the trainer
 * stays usable without that text). */
int nb_trainer_add(nb_trainer *t, int64_t label, const char *text, size_t len);
/* Number of texts added. */
size_t nb_trainer_texts(const nb_trainer *t);
/* The model of the texts added, with the features found in at least
 * min_docs texts (Laplace smoothing, alpha). NULL when out of memory or
 * when no text was added. The trainer may be freed afterwards. */
nb_model *nb_trainer_finish(const nb_trainer *t, unsigned min_docs, double alpha);
void nb_trainer_free(nb_trainer *t);

/* Number of labels and of features the model knows. */
size_t nb_model_labels(const nb_model *m);
size_t nb_model_features(const nb_model *m);

/*
 * The labels most likely for text[0..len), most likely first: at most k, in
 * labels[] with their probability (0..1, over all the model's labels) in
 * prob[] (may be NULL). Returns how many were written: 0 when the text has
 * no feature the model knows (nothing to go by).
 */
size_t nb_rank(const nb_model *m, const char *text, size_t len, size_t k,
               /* out: */ int64_t *labels, double *prob);
void nb_model_free(nb_model *m);

#endif
