/*
 * spreekuur.h: the digital wijkspreekuur. A logged-in resident asks the
 * wijkwethouder of the wijk they live in a question, publicly or privately;
 * the counter enters a question handed in there (channel balie, the asker
 * known only by the keyed pseudonym of postcode and house number), with the
 * answer to go to an e-mail address given or to be handed over at the
 * counter. The wijkwethouder whose role covers the wijk's region answers,
 * or whom they delegated (a delegation the wethouder records, only to an
 * account that may answer spreekuur questions, ACT_SPREEKUUR_ANSWER in the
 * policy; a delegation without that right gives nothing), within
 * SPREEKUUR_TERM_DAYS working days.
 *
 * Who reads a question: a public one everybody; a private one only the
 * asker, the wethouder and their delegates (not the administrator). The
 * asker is told by e-mail when it is answered (an account: directly; an
 * address given at the counter: through the double opt-in, and the address
 * is erased once the answer is queued).
 */
#ifndef WR_SPREEKUUR_H
#define WR_SPREEKUUR_H

#include "domain/user.h"
#include "lib/arena.h"
#include "store/db.h"
#include "store/spreekuur_store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SPREEKUUR_TERM_DAYS    10 /* working days */
#define SPREEKUUR_QUESTION_MAX 4000
#define SPREEKUUR_ANSWER_MAX   8000

enum spreekuur_state {
    SPREEKUUR_OPEN = 0,
    SPREEKUUR_OPEN_LATE,
    SPREEKUUR_ANSWERED_IN_TIME,
    SPREEKUUR_ANSWERED_LATE,
};
enum spreekuur_state spreekuur_state_of(const struct spreekuur_row *q, int64_t now);

/* May u answer q (the wethouder of its wijk's region, or their delegate)? */
bool spreekuur_may_answer(db *d, arena *a, const struct user *u, const struct spreekuur_row *q,
                          int64_t now);
/* May u (NULL: anonymous) read q? */
bool spreekuur_may_read(db *d, arena *a, const struct user *u, const struct spreekuur_row *q,
                        int64_t now);

struct spreekuur_problem {
    const char *field, *msgid;
};
#define SPREEKUUR_MAX_PROBLEMS 6
#define SPREEKUUR_ERROR        (-1)
#define SPREEKUUR_INVALID      (-2) /* *problem says why */
#define SPREEKUUR_FORBIDDEN    (-3) /* the user may not answer it */

/* A resident asks (in a transaction of its own) the wethouder of the wijk
 * they live in, which must be wijk_id; topic: a code of resident_topics or
 * NULL/"" for none. 0 with *id, a number of problems, or SPREEKUUR_ERROR. */
int spreekuur_ask(db *d, arena *a, const struct user *resident, int64_t wijk_id,
                  const char *question, const char *topic, bool public, int64_t now,
                  /* out: */ struct spreekuur_problem *p, int64_t *id);

/* The counter enters a question handed in there. reply: "email" (email
 * given) or "balie". */
struct spreekuur_intake {
    int64_t wijk_id;
    const char *postcode, *house_number, *question, *reply, *email;
    const char *topic; /* a code of resident_topics; NULL or "": none */
    bool public;
};
int spreekuur_enter(db *d, arena *a, const struct user *clerk, const struct spreekuur_intake *in,
                    int64_t now, /* out: */ struct spreekuur_problem *p, int64_t *id);

/* Answers (or corrects the answer of) question id, by u, who must be
 * allowed; the asker is told. 0, DB_NOTFOUND, SPREEKUUR_FORBIDDEN,
 * SPREEKUUR_INVALID (*problem set) or SPREEKUUR_ERROR. */
int spreekuur_answer(db *d, arena *a, const struct user *u, int64_t id, const char *answer,
                     int64_t now, const char *base_url, /* out: */ const char **problem);

/* The wethouder u lets login answer for them (add) or no longer. NULL, or a
 * msgid saying why not. */
const char *spreekuur_delegate(db *d, arena *a, const struct user *u, const char *login, bool add,
                               int64_t now);

/* The demo's public questions with answers (init --demo), when there are none. */
int spreekuur_seed_demo(db *d, const char *demo_date, char *err, size_t errlen);

#endif
