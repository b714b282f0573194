/*
 * suggest.h: the categories the report form suggests for a description.
 *
 * A naive Bayes model (lib/nbayes.h) learns from how staff categorised
 * earlier signals: each signal's description with its category as it stands
 * now. It never learns from a confidential signal or a confidential
 * category, so it cannot suggest one, nor reveal words of such a signal.
 * Words and word pairs found in fewer than SUGGEST_MIN_SIGNALS signals are
 * ignored. The model is trained by a background thread at start and again
 * each night; until the first training ends the form simply has no
 * suggestions.
 */
#ifndef WR_SUGGEST_H
#define WR_SUGGEST_H

#include "lib/nbayes.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

#define SUGGEST_MIN_SIGNALS 5
#define SUGGEST_MAX         3
/* At most the newest this many signals are learned from. */
#define SUGGEST_TRAINING_LIMIT 200000
/* The night's training runs in the first pass after this local hour. */
#define SUGGEST_NIGHT_HOUR 3

/* A model of the signals in d, or NULL when there are none (or no memory). */
nb_model *suggest_train(db *d);
/* Trains on d and makes the result the model the form uses (none while d
 * holds no signal to learn from). 0, or -1 on an error (the model in use
 * stays). */
int suggest_retrain(db *d);
/* Makes m the model in use (NULL: none); the previous one is freed. */
void suggest_publish(nb_model *m);
/* Up to k (at most SUGGEST_MAX) category ids for text[0..len), most likely
 * first, with the model in use; 0 when there is none or nothing to go by. */
size_t suggest_categories(const char *text, size_t len, size_t k, /* out: */ int64_t *ids);

/* Is a pass at Unix time now, with the last training at last (0: never),
 * due to train? At start, and once a night after SUGGEST_NIGHT_HOUR. */
int suggest_due(int64_t last, int64_t now);

/* The background thread: a training at start, then each night. */
int suggest_start(void);
void suggest_stop(void);

#endif
