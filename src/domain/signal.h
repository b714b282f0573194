/*
 * signal.h: the rules of a signal (melding, vraag, klacht): intake with
 * validation and location, routing (first matching rule wins), deadlines,
 * the status flow in one table, hand-offs between departments, messages to
 * the resident and who may see and do what with a signal.
 *
 * No HTTP and no SQL here: the store keeps the data, the web layer shows it.
 */
#ifndef WR_SIGNAL_H
#define WR_SIGNAL_H

#include "domain/intake.h"
#include "domain/user.h"
#include "lib/arena.h"
#include "store/db.h"
#include "store/signal_store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SIGNAL_DESCRIPTION_MAX 4000 /* characters */
#define SIGNAL_MESSAGE_MAX     4000
#define SIGNAL_EXPLANATION_MAX 200 /* characters of a public explanation */
#define SIGNAL_TOKEN_CHARS     44
#define SIGNAL_MAX_PHOTOS      3
#define SIGNAL_NAME_MAX        200 /* characters */
#define SIGNAL_EMAIL_MAX       254 /* bytes (RFC 5321) */
#define SIGNAL_PHONE_MAX       30  /* characters */

/* The status flow (names as stored; labels are Dutch msgids). */
struct signal_status_info {
    const char *code;
    const char *label;
    bool closed;
};
extern const struct signal_status_info signal_statuses[];
extern const size_t signal_nstatuses;
const struct signal_status_info *signal_status(const char *code);
/* Is the change from -> to allowed by the table? */
bool signal_transition_allowed(const char *from, const char *to);
/* The statuses reachable from `from`, in table order (NULL-terminated). */
size_t signal_next_statuses(const char *from, const char **out, size_t max);

extern const char *const signal_types[];    /* melding, vraag, klacht; NULL-terminated */
extern const char *const signal_channels[]; /* web, balie, telefoon, ... */
const char *signal_type_label(const char *type);
const char *signal_channel_label(const char *channel);

/* What a person (or a clerk on their behalf) submits. */
struct signal_input {
    const char *type;
    const char *channel;
    const char *channel_detail;
    int64_t category_id;
    const char *description;
    bool has_point;
    double lat, lon;
    const char *buurt_code; /* without a map: the buurt, whose label point is used */
    const char *address_text;
    /* with a point: its address as the lookup found it (fields NULL: none);
     * never typed by the reporter */
    struct signal_address addr;
    const char *name, *email, *phone;
    const char *const *answer_codes;
    const char *const *answer_values;
    size_t nanswers;
    const void *photo_data[SIGNAL_MAX_PHOTOS]; /* uploaded files, not yet checked */
    size_t photo_len[SIGNAL_MAX_PHOTOS];
    size_t nphotos;
    bool too_many_photos;
    const char *media_url; /* Open311: the app's link to a photo it keeps */
    int64_t created_by;    /* staff user, 0 for the public */
    bool demo;
    struct intake_client client; /* the public form's limit; zero: none */
    /* The form token of the browser that sends it (NULL: none): that browser
     * alone sees on the confirmation page what it sent, for
     * SIGNAL_RECEIPT_SECONDS. */
    const char *receipt_holder;
    /* The form token of the browser (or the staff session) that sends it
     * (NULL: none): photos held for its form (signal_photos_hold) go with
     * the signal, and are no longer held. */
    const char *photo_holder;
    /* How the resident wants to hear back (signal_reply_ways), asked at the
     * counter and on the phone; NULL elsewhere. */
    const char *reply_by;
    /* Called inside signal_create's transaction once the signal is stored,
     * with whether it is confidential (NULL: nothing); a non-zero return
     * undoes it all. The counter counts its contact here (domain/counter.c). */
    int (*also)(db *d, void *arg, bool confidential);
    void *also_arg;
};

#define SIGNAL_RECEIPT_SECONDS 3600

/* Photos of a form that came back are held this long, at most
 * SIGNAL_MAX_PHOTOS per form and these totals for all forms together (the
 * oldest go first). */
#define SIGNAL_HELD_SECONDS   3600
#define SIGNAL_HELD_MAX_BYTES ((int64_t)256 * 1024 * 1024)
#define SIGNAL_HELD_MAX_ROWS  500

/* The question whose answer "ja" makes a signal dangerous. */
#define SIGNAL_HAZARD_QUESTION "gevaarlijk"

/* A problem with one field, for the form. */
struct signal_problem {
    const char *field;
    const char *msgid; /* Dutch */
};

#define SIGNAL_MAX_PROBLEMS 12

struct signal_created {
    int64_t id;
    char token[SIGNAL_TOKEN_CHARS];
    bool location_unknown;
    bool outside;
    bool mail_held; /* the receipt waits until the address is confirmed */
};

/* signal_create's answer when the client is at its limit (intake.h). */
#define SIGNAL_LIMITED INTAKE_LIMITED

/* Where the image helper (wijkregie-img) is; photos are refused without it. */
void signal_set_image_helper(const char *path);
/* The image helper's path, for other photos that go through it. */
const char *signal_image_helper(void);

/* Loads the wijk polygons for locating points (at start, before threads). */
int signal_areas_init(db *d, char *err, size_t errlen);
void signal_areas_free(void);
/* The wijk of a point, 0 outside the municipality (more than 1 km away). */
int64_t signal_locate(double lat, double lon);
/* The address of a point inside the municipality from the address lookup
 * (lib/geocode.h; off, unreachable or nothing within 100 m: false), copied
 * into a. Only its street, number, postcode and town: the wijk stays ours. */
#define SIGNAL_ADDRESS_MAX_M 100.0
bool signal_address_at(arena *a, double lat, double lon, struct signal_address *out);
struct geo_address;
/* A looked-up address as the signal keeps it, copied into a. */
void signal_address_from(arena *a, const struct geo_address *g, struct signal_address *out);

/*
 * The contact details of a reporter or follower, as every path that takes
 * them checks them: the name one line of at most SIGNAL_NAME_MAX
 * characters, the e-mail address valid (mail_address_ok: no line breaks or
 * control characters, at most SIGNAL_EMAIL_MAX bytes) and required when
 * need_email, the phone number 6 to 15 digits with spaces, +, - and
 * brackets, at most SIGNAL_PHONE_MAX characters. Appends to problems at
 * *n (at most SIGNAL_MAX_PROBLEMS in all).
 */
void signal_check_contact(const char *name, const char *email, const char *phone, bool need_email,
                          /* out: */ struct signal_problem *problems, size_t *n);

/* NULL when a description may be stored (not blank, at most
 * SIGNAL_DESCRIPTION_MAX characters), else the Dutch msgid saying why not. */
const char *signal_check_description(const char *description);

/* Checks the input; fills problems (at most SIGNAL_MAX_PROBLEMS) and returns
 * their number (0: fine). */
size_t signal_validate(db *d, arena *a, const struct signal_input *in,
                       /* out: */ struct signal_problem *problems);

/* Validates, locates, routes and stores a new signal, queues the
 * confirmation e-mail (through the double opt-in, optin.h), all in one
 * transaction. Returns 0 on success, the number of problems (> 0) when the
 * input is refused, SIGNAL_LIMITED when in->client is at its limit, -1 on a
 * store error. */
int signal_create(db *d, arena *a, const struct signal_input *in, int64_t now, const char *base_url,
                  /* out: */ struct signal_created *out, struct signal_problem *problems);

/* signal_create without waiting for the commit: the checks run at once and
 * give signal_create's answers (> 0 problems, SIGNAL_LIMITED, -1); 0 means
 * the write is queued and done(arg) will be called (on another thread, or
 * before this returns) once it is committed or has failed; then
 * signal_create_result(*pending) gives signal_create's answer and out->id.
 * in, out and the pending write live in a until then: the caller keeps a,
 * in and out untouched while it waits (store/writer.h groups many such
 * writes into one commit). */
struct signal_pending;
int signal_create_queue(db *d, arena *a, const struct signal_input *in, int64_t now,
                        const char *base_url, /* out: */ struct signal_created *out,
                        struct signal_problem *problems, void (*done)(void *arg), void *arg,
                        struct signal_pending **pending);
int signal_create_result(struct signal_pending *pending);
/* Re-encodes the photos uploaded with in (as signal_create does) and holds
 * them for in->photo_holder, so a form that comes back keeps them; they are
 * then no longer in in. A refused file, or more than SIGNAL_MAX_PHOTOS with
 * those already held, is a problem (the ones before it are held). Returns
 * the number of problems (0 or 1), -1 on a store error. Without a holder
 * nothing happens: signal_create processes the photos itself. */
int signal_photos_hold(db *d, struct signal_input *in, int64_t now,
                       /* out: */ struct signal_problem *problem);
/* The ids of the photos held for holder's form, oldest first. */
int signal_photos_held(db *d, arena *a, const char *holder, int64_t now,
                       /* out: */ int64_t **ids, size_t *n);
/* The thumbnail of a photo held for holder's form (JPEG, in the arena);
 * DB_NOTFOUND when it is not one of holder's. */
int signal_photo_held_thumb(db *d, arena *a, const char *holder, int64_t id, int64_t now,
                            /* out: */ const void **bytes, size_t *len);
/* Lets go of one photo held for holder's form. */
int signal_photo_unhold(db *d, const char *holder, int64_t id);

/* How a resident may want to hear back, NULL-terminated, with its label. */
extern const char *const signal_reply_ways[];
const char *signal_reply_label(const char *way);
/* The channels a clerk chooses from at the counter. */
extern const char *const signal_counter_channels[];

/* Did the reporter say the situation is dangerous (SIGNAL_HAZARD_QUESTION
 * answered "ja")? A dangerous signal gets its category's urgent deadline. */
bool signal_answers_hazard(const char *const *codes, const char *const *values, size_t n);

/* Did the browser whose form token is holder send signal id, less than
 * SIGNAL_RECEIPT_SECONDS before now? */
bool signal_receipt_held(db *d, int64_t id, const char *holder, int64_t now);

/* An e-mail address as the confirmation shows it: the first character of
 * the local part, "***", and the domain ("j***@example.nl"); NULL for NULL
 * or an address without "@". */
const char *signal_mask_email(arena *a, const char *email);

/* An answer to a category's question as a person reads it: *label the
 * question's text (the code when the question is gone) and *text the value
 * with each choice key of a list replaced by its name (", " between them). */
void signal_answer_text(arena *a, const struct category_question *q, size_t nq, const char *code,
                        const char *value, /* out: */ const char **label, const char **text);

/* A category text for plain text (e-mail, Open311's service_notice): its
 * [text](url) links as "text (url)"; fallback when text is NULL. */
const char *signal_plain_text(arena *a, const char *text, const char *fallback);

/* The routing decision for a category, wijk, type and channel. */
struct signal_route {
    int64_t org_id;
    int64_t user_id; /* the wijkregisseur, when routed to the region's */
    int64_t rule_id; /* 0: the default queue */
    bool confidential;
};
int signal_route(db *d, arena *a, int64_t category_id, int64_t wijk_id, const char *type,
                 const char *channel, const char *on, /* out: */ struct signal_route *route);

/* Routing many signals of one day (the demo generator): the rules, the
 * categories, the default queues and the care network are read once by
 * signal_router_load; signal_route_with then decides exactly as
 * signal_route would for that day, looking up a wijk's region and a
 * region's wijkregisseur only once. The router lives in the arena a and
 * must not outlive a change to the rules, categories, regions or users. */
struct signal_router;
struct signal_router *signal_router_load(db *d, arena *a, const char *on);
int signal_route_with(db *d, struct signal_router *r, int64_t category_id, int64_t wijk_id,
                      const char *type, const char *channel, /* out: */ struct signal_route *route);

/* --- who may do what ------------------------------------------------------ */

/*
 * Confidentiality belongs to each entry of a signal (the description and
 * address text, every answer, photo, note, message, status change and
 * hand-off), fixed when it is written: an entry written while the care
 * network holds the signal is confidential, for ever, wherever the signal
 * goes later. The store writes the flag (store/signal_store.h); these are
 * the rules that read it.
 */

/* Is u a member of the care network (wijkzorgnetwerk)? It alone reads
 * confidential entries, and the cases it holds now; not even the
 * administrator does. */
bool signal_in_care_network(const struct user *u);
/* May u read an entry written with this confidentiality? Staff read the
 * entries that are not confidential, the care network every entry. */
bool signal_may_read_entry(const struct user *u, bool confidential);
/* May u read the content of the intake of s (description, address text,
 * photos, answers)? signal_may_read_entry for its own flag. */
bool signal_may_read_content(const struct user *u, const struct signal *s);
/* May u handle s (status, messages, hand-off) and see the reporter? */
bool signal_may_handle(db *d, const struct user *u, const struct signal *s);

/* --- handling ------------------------------------------------------------- */

enum signal_result {
    SIG_OK = 0,
    SIG_FORBIDDEN,
    SIG_NOT_FOUND,
    SIG_BAD_TRANSITION,
    SIG_NEEDS_MESSAGE,
    SIG_BAD_INPUT,
    SIG_NEEDS_HANDOVER,     /* out of the care network only with a hand-over text */
    SIG_STAYS_CONFIDENTIAL, /* a confidential category never leaves the care network */
    SIG_BAD_EXPLANATION,    /* the public explanation is too long or not text */
    SIG_ERROR,
};

/* The one public update (Open311, the resident's status page) when a signal
 * goes to the care network: it says that it was passed on, not to whom; the
 * public answers stay at the signal's last public state. A Dutch msgid. */
extern const char *const signal_passed_on;

/* Changes the status; a message (to the resident) is required to close.
 * The message is private to the reporter (their status page and e-mail). */
enum signal_result signal_change_status(db *d, arena *a, const struct user *u, int64_t id,
                                        const char *to, const char *message, int64_t now,
                                        const char *base_url);
/* The same with a public explanation: at most SIGNAL_EXPLANATION_MAX
 * characters that everybody may read (public map, open data, Open311);
 * NULL or blank: none, readers then show the new status's label. */
enum signal_result signal_change_status_explained(db *d, arena *a, const struct user *u, int64_t id,
                                                  const char *to, const char *message,
                                                  const char *explanation, int64_t now,
                                                  const char *base_url);
/* The status change itself, inside the caller's write transaction (for a
 * change that must be stored together with another, such as a referral to
 * a partner and its answer): s moves to `to` for user_id (0: the system),
 * with the public explanation and, when message is not blank, the message
 * to the reporter by e-mail, as signal_change_status_explained. The caller
 * has checked who may; 0, or -1 (not allowed from s's status, or a write
 * failed). */
int signal_status_in_tx(db *d, arena *a, const struct signal *s, int64_t user_id, const char *to,
                        const char *message, const char *explanation, int64_t now,
                        const char *base_url);
/* Is s acceptable as a public explanation (blank counts as none)? */
bool signal_explanation_ok(const char *s);
/*
 * Hands the signal to another organisation (the owner changes; recorded).
 * Between the care network and the others the note means more:
 *  - out of the care network it is the hand-over text, required
 *    (SIG_NEEDS_HANDOVER): what the receiving department may know. It is
 *    written as not confidential, and it is all the department reads of what
 *    the care network wrote. A signal of a confidential category does not
 *    leave the care network (SIG_STAYS_CONFIDENTIAL);
 *  - into the care network it is the sender's internal note; the hand-off
 *    itself is the one public update signal_passed_on (also its public
 *    explanation). What is written after it is confidential: the sender sees
 *    the hand-off and its date, nothing more.
 */
enum signal_result signal_handoff(db *d, arena *a, const struct user *u, int64_t id, int64_t org_id,
                                  const char *note, int64_t now);
/* The wijkregisseur (user id) of the region the wijk belongs to on `on`,
 * 0 when it has no region or the region none. */
int64_t signal_wijkregisseur_of(db *d, int64_t wijk_id, const char *on);
/* A handler takes the signal on (take: the owner person becomes u, the
 * department stays) or gives it back to the department's queue; recorded as
 * a hand-off within the department, which does not count as a move. Taking
 * on a signal that is "gemeld" or "heropend" also sets it "in_behandeling". */
enum signal_result signal_take(db *d, arena *a, const struct user *u, int64_t id, bool take,
                               int64_t now);
/* An internal note (never shown to the resident). */
enum signal_result signal_add_note(db *d, arena *a, const struct user *u, int64_t id,
                                   const char *note, int64_t now);

#endif
