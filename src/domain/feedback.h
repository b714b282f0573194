/*
 * feedback.h: the resident's answer after a signal is closed ("Bent u
 * tevreden?"), and reopening on request within 14 days.
 */
#ifndef WR_FEEDBACK_H
#define WR_FEEDBACK_H

#include "domain/signal.h"

#define FEEDBACK_REOPEN_DAYS 14

/* May the resident still answer (closed, within 14 days, not answered yet)? */
bool feedback_open(db *d, const struct signal *s, int64_t now);

/* Records the answer; with reopen, the signal goes back to "heropend" for
 * its owner. SIG_FORBIDDEN when the question is no longer open. */
enum signal_result feedback_give(db *d, arena *a, const char *token, bool satisfied,
                                 const char *text, bool reopen, int64_t now);

#endif
