/*
 * retention.h: removing personal data after the retention period (AVG).
 *
 * Contact details of reporters are erased a configurable number of days
 * after their signal was closed (default 365, as Signalen); the signal
 * stays for statistics, with only the keyed pseudonym of the e-mail address
 * to count distinct reporters. Sent e-mail in the outbox is erased as well.
 * What was erased is recorded (that it happened, never the values).
 *
 * The same pass ends what the double opt-in (optin.h) and the public
 * form's limit (intake.h) keep: e-mail held for an address whose
 * confirmation request expired unanswered is dropped and erased, such
 * addresses (their keyed hashes) are forgotten, and so are confirmed ones
 * that had no mail for `days`; the per-address counts of the public form
 * go after an hour.
 *
 * Applicants for a grant (initiative.h) lose their personal data (name,
 * address, phone, e-mail, account number and holder, organisation)
 * `grant_years` calendar years after their account was accepted
 * (verantwoord), one year after a rejection or withdrawal, and drafts never
 * submitted 30 days after they were begun; the amounts, wijk, states and the
 * keyed pseudonym stay for the figures.
 *
 * Residents' accounts (resident.h) unused for two years are erased, after a
 * warning e-mail 30 days before; sign-ups never verified after a day.
 *
 * Who registered for a public meeting (meeting.h) loses name and e-mail
 * address 30 days (Amsterdam days) after the meeting; the registrations
 * stay for the counts. (A registration whose typed address is still
 * unconfirmed 48 hours later lapses in the notification pass, every five
 * minutes: notify.h, docs/decisions/0021.)
 */
#ifndef WR_RETENTION_H
#define WR_RETENTION_H

#include "store/db.h"

#include <stdint.h>

#define RETENTION_DEFAULT_DAYS        365
#define RETENTION_DEFAULT_GRANT_YEARS 7
#define RETENTION_DRAFT_DAYS          30

struct retention_result {
    int64_t contacts;          /* contact rows erased */
    int64_t signals;           /* signals they belonged to */
    int outbox;                /* outbox messages erased */
    int dropped;               /* held messages dropped: their address was never confirmed */
    int addresses;             /* addresses forgotten */
    int64_t applicants;        /* applications whose personal data was erased */
    int residents_warned;      /* residents warned that their unused account goes */
    int residents_erased;      /* residents' accounts erased (unused, or never verified) */
    int meeting_registrations; /* registrations for meetings whose name and e-mail were erased */
};

/* One pass at `now`; 0 on success. */
int retention_run(db *d, int64_t now, int days, int grant_years,
                  /* out: */ struct retention_result *res);

/* The site's address for the links in the warning to residents (before
 * retention_start; the string must stay). */
void retention_set_base_url(const char *base_url);

/* A background thread that runs a pass at start and every six hours. */
int retention_start(int days, int grant_years);
void retention_stop(void);

#endif
