/*
 * wijkteam_store.h: SQL of the wijkteams and their meetings
 * (migrations/0041_wijkteam.sql). The rules are in domain/wijkteam.c.
 * Writes run inside the caller's transaction.
 */
#ifndef WR_WIJKTEAM_STORE_H
#define WR_WIJKTEAM_STORE_H

#include "lib/arena.h"
#include "store/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* --- the team --------------------------------------------------------------- */

/* The frequency set for a wijk: DB_OK, DB_NOTFOUND (none set yet). */
int wt_team_get(db *d, int64_t area_id, /* out: */ int *frequency);
int wt_team_set(db *d, int64_t area_id, int frequency, int64_t user_id, int64_t now);

/* A member or an invitee: a person of the register (person_id, org_id) or
 * a staff account (user_id). attendance only for invitees (NULL: not yet). */
struct wt_person_row {
    int64_t id, person_id, user_id, org_id;
    const char *name, *role, *org_name, *attendance;
};
int wt_members(db *d, arena *a, int64_t area_id, /* out: */ struct wt_person_row **out, size_t *n);
int wt_members_clear(db *d, int64_t area_id);
int wt_member_add(db *d, int64_t area_id, int64_t person_id, int64_t user_id);

/* People of the register working in the wijk on day today (started_on <=
 * today, no end or an end on or after today), by organisation and name. */
int wt_active_people(db *d, arena *a, int64_t area_id, const char *today,
                     /* out: */ struct wt_person_row **out, size_t *n);
/* Staff accounts (not disabled) with a staff role scoped to the region
 * (not the wijkwethouder's, a council member's or a resident's). */
int wt_region_staff(db *d, arena *a, int64_t region_id,
                    /* out: */ struct wt_person_row **out, size_t *n);

/* --- meetings --------------------------------------------------------------- */

struct wt_meeting_row {
    int64_t id, area_id, starts_at, ends_at, held_at;
    const char *place, *wijk_name, *wijk_slug;
};
int wt_meeting_insert(db *d, const struct wt_meeting_row *m, int64_t user_id, int64_t now,
                      /* out: */ int64_t *id);
int wt_meeting_update(db *d, const struct wt_meeting_row *m, int64_t user_id, int64_t now);
int wt_meeting_set_held(db *d, int64_t id, int64_t user_id, int64_t now);
int wt_meeting_get(db *d, arena *a, int64_t id, /* out: */ struct wt_meeting_row *m);
/* The meetings of a wijk (area_id), or of all wijken (0), newest first. */
int wt_meeting_list(db *d, arena *a, int64_t area_id, /* out: */ struct wt_meeting_row **out,
                    size_t *n);

int wt_invitees(db *d, arena *a, int64_t meeting_id, /* out: */ struct wt_person_row **out,
                size_t *n);
int wt_invitees_clear(db *d, int64_t meeting_id);
int wt_invitee_add(db *d, int64_t meeting_id, int64_t person_id, int64_t user_id);
/* DB_NOTFOUND when the invitee is not the meeting's. */
int wt_invitee_attend(db *d, int64_t meeting_id, int64_t invitee_id, const char *attendance);

/* An agenda item with what it refers to: ref_title (the focus point's
 * title, the signal's category, the knowledge entry's title, the inventory
 * input's source), ref_extra (the focus point's period start, the signal's
 * street, the inventory input's text), ref_number (the focus point's
 * number), ref_status (the focus point's status). Never a signal's
 * description or reporter. */
struct wt_item_row {
    int64_t id, meeting_id, ref_id;
    int position, ref_number;
    const char *kind, *topic, *minutes, *decision, *ref_title, *ref_extra, *ref_status;
};
int wt_items(db *d, arena *a, int64_t meeting_id, /* out: */ struct wt_item_row **out, size_t *n);
int wt_item_get(db *d, arena *a, int64_t meeting_id, int64_t item_id,
                /* out: */ struct wt_item_row *out);
int wt_item_insert(db *d, int64_t meeting_id, const char *kind, const char *topic, int64_t ref_id,
                   /* out: */ int64_t *id);
int wt_item_set(db *d, int64_t item_id, const char *minutes, const char *decision);

/* A follow-up action a decision made, with its focus point. */
struct wt_item_action_row {
    int64_t item_id, action_id, focus_id;
    int focus_number;
    const char *title, *focus_period, *focus_title, *focus_status;
};
int wt_item_action_add(db *d, int64_t item_id, int64_t action_id);
/* The follow-up actions of the items of a meeting, by item and action. */
int wt_item_actions(db *d, arena *a, int64_t meeting_id,
                    /* out: */ struct wt_item_action_row **out, size_t *n);

/* --- what the agenda may refer to ---------------------------------------------- */

/* A signal as the agenda sees it: where, what, and whether anything of it
 * is confidential (held by the care network now, written while it did,
 * a confidential category or main category, ever in the care network). */
struct wt_signal_ref {
    int64_t id, wijk_id;
    bool confidential;
};
int wt_signal_ref(db *d, int64_t id, /* out: */ struct wt_signal_ref *s);
/* 1 when the focus point covers the wijk (or one of its buurten), 0 not. */
int wt_focus_in_wijk(db *d, int64_t focus_id, int64_t area_id);
/* 1 when the knowledge entry is the wijk's, 0 not. */
int wt_knowledge_in_wijk(db *d, int64_t id, int64_t area_id);
/* 1 when the inventory input is the wijk's, 0 not. */
int wt_inventory_in_wijk(db *d, int64_t id, int64_t area_id);

/* A choice for the agenda form. */
struct wt_choice {
    int64_t id;
    int number;
    const char *title, *extra;
};
int wt_focus_choices(db *d, arena *a, int64_t area_id, /* out: */ struct wt_choice **out,
                     size_t *n);
int wt_knowledge_choices(db *d, arena *a, int64_t area_id, /* out: */ struct wt_choice **out,
                         size_t *n);
/* The wijk's inventory input, newest first: title the text, extra the source. */
int wt_inventory_choices(db *d, arena *a, int64_t area_id, /* out: */ struct wt_choice **out,
                         size_t *n);

/* --- who reads -------------------------------------------------------------------- */

/* The meetings a staff account (user_id) or a partner organisation (org_id)
 * is invited to, newest first. */
int wt_meetings_invited(db *d, arena *a, int64_t user_id, const int64_t *orgs, size_t norgs,
                        /* out: */ struct wt_meeting_row **out, size_t *n);

/* --- the monitor ------------------------------------------------------------------ */

/* Per wijk of the region today (region_id) in a year (meetings starting
 * from <= starts_at < to): the frequency set (0: none), the meetings
 * planned in it and those held. */
struct wt_count_row {
    int64_t area_id;
    const char *wijk_name, *wijk_slug;
    int frequency, planned, held;
};
int wt_counts(db *d, arena *a, int64_t region_id, int64_t from, int64_t to, const char *today,
              /* out: */ struct wt_count_row **out, size_t *n);
/* Attendance per organisation at the held meetings of the region's wijken
 * in that year (staff accounts under org_id 0). */
struct wt_attend_row {
    int64_t org_id;
    const char *org_name;
    int invited, present, excused, absent;
};
int wt_attendance(db *d, arena *a, int64_t region_id, int64_t from, int64_t to, const char *today,
                  /* out: */ struct wt_attend_row **out, size_t *n);

#endif
