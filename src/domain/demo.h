/*
 * demo.h: a realistic history of signals for the demo (init --demo) and the
 * benchmark database.
 *
 * A demo that starts empty shows nothing: the work list, the map and the
 * monitor need years of signals to mean anything. This module makes them up,
 * deterministically for a seed and a date: spread over the wijken by
 * population, over the categories with the skew and the seasons of a real
 * municipality, over the week and the waking hours; routed by the routing
 * rules; handled, handed off, reopened and closed with realistic durations
 * around their deadlines, some late, the last weeks mostly still open. The
 * reporters are fictional (bewoner<k>@example.invalid) and, as the retention
 * rule demands, their contact details are gone a year after closing.
 *
 * Everything is generated from the seed except what must stay secret: the
 * status-link tokens are random and the reporter pseudonyms are keyed with
 * the installation's secret, so a second database with the same seed and
 * date has the same signals, events and contacts in the same order, with
 * other tokens and pseudonyms.
 */
#ifndef WR_DEMO_H
#define WR_DEMO_H

#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

/* Signals a year per 1,000 inhabitants: Zoetermeer's some 25,000 a year on
 * its 125,770 inhabitants (the Dutch average is about 215). */
#define DEMO_PER_1000 200

struct demo_params {
    /* YYYY-MM-DD: the days from `from` up to the day before `to`; "now" is
     * the start of `to`, so that a history made today lies in the past */
    const char *from, *to;
    int64_t count; /* about how many in all; 0: DEMO_PER_1000 a year */
    uint64_t seed;
    void (*progress)(const char *step); /* may be NULL; called once a year */
};

/*
 * Generates signals with their events, contacts and pseudonyms (demo = 1,
 * no e-mail in the outbox) as described above, into d's wijken, categories,
 * rules and demo accounts, which must be loaded. Runs inside the caller's
 * transaction, or in one of its own when there is none. (Re)loads the wijk
 * index of signal_locate. Returns 0 and the number made in *made (may be
 * NULL), or -1 with a message in err.
 */
int demo_generate(db *d, const struct demo_params *p, /* out: */ int64_t *made, char *err,
                  size_t errlen);

/*
 * The demo history of init --demo: from 1 January two years before
 * demo_date (YYYY-MM-DD) up to the start of demo_date ("now" in the
 * history), DEMO_PER_1000 a year. Does
 * nothing when demo signals exist already, so init stays idempotent.
 * 0 on success, -1 with a message in err.
 */
int demo_generate_signals(db *d, const char *demo_date, uint64_t seed,
                          void (*progress)(const char *), char *err, size_t errlen);

/*
 * The demo's current focus points (demo_focus.c): two or three per wijk for
 * 2025-2026 with their plans, survey figures, automatic measurements and
 * 2025 report texts, as they stand on demo_date. Needs the demo signals and
 * accounts. Does nothing when they exist already. 0, or -1 with err.
 */
int demo_generate_focus(db *d, const char *demo_date, uint64_t seed, char *err, size_t errlen);

/*
 * The demo's residents' initiatives (demo_initiative.c): every wijk's budget
 * for the year of demo_date and a handful of applications in several
 * states, marked demo. Inside the caller's transaction; does nothing when
 * the budgets exist already. 0, or -1 with err.
 */
int demo_generate_initiatives(db *d, const char *demo_date, char *err, size_t errlen);

/*
 * The demo's partner register (demo_partners.c): people of the main
 * partners per wijk of region Noord (some left in the demo's year), an
 * agreement with each (one expired), a referral to De Goede Woning, hours
 * on actions of Noord's focus points, and one escalation decided by the
 * head of Stadsbeheer, all relative to demo_date. Needs the demo signals,
 * focus points and accounts. Inside the caller's transaction; does nothing
 * when the register has people already. 0, or -1 with err.
 */
int demo_generate_partners(db *d, const char *demo_date, char *err, size_t errlen);

/*
 * What the demo focus points do to the demo signals (demo_focus.c), so that
 * their automatic indicators move: during 2025-2026, in a wijk with a focus
 * point, the signals of its indicators' categories become fewer and those
 * of a "within the deadline" indicator are handled faster; a focus point on
 * taking part makes more residents leave their address. Each effect grows
 * linearly from nothing on 1 January 2025 to its full size on 31 December
 * 2026, and its size differs per focus point (from the seed), so that some
 * indicators keep pace and others fall behind.
 */
#define DEMO_TREND_MAX 8
struct demo_trend {
    size_t n;
    struct {
        const char *main_slug; /* a main category */
        double fewer;          /* share fewer signals at the end, 0..1 */
        double faster;         /* share less handling time at the end, 0..1 */
    } cat[DEMO_TREND_MAX];
    double reporters; /* share more signals with a reporter at the end */
};
/* The effects for the wijk with this CBS code (all zero when it has no demo
 * focus point), deterministic for the seed. */
void demo_focus_trend(const char *wijk_code, uint64_t seed, /* out: */ struct demo_trend *t);
/* How far day is through 2025-2026: 0 before, 1 after, linear between. */
double demo_focus_ramp(int32_t day);

/* The number of different descriptions demo_text gives per sub category. */
#define DEMO_TEXT_VARIANTS 12
/* A resident's description of a problem of the sub category slug: variant
 * pick (0..DEMO_TEXT_VARIANTS-1) into out. 0, or -1 for an unknown slug. */
int demo_text(const char *slug, unsigned pick, /* out: */ char *out, size_t outlen);

#endif
