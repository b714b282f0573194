/*
 * test_meeting.c: public meetings (domain/meeting.c) on a real SQLite file:
 * times as people type them, the checks of the form, the limit and the
 * waiting list, cancelling by the e-mail's token (the first on the waiting
 * list moves up and is told), registration closing at the start, and the
 * erasure of names and e-mail addresses 30 Amsterdam days after the meeting.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/auth.h"
#include "domain/calendar.h"
#include "domain/meeting.h"
#include "domain/notify.h"
#include "domain/optin.h"
#include "domain/resident.h"
#include "domain/seed.h"
#include "store/area_store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "seeded_db.h"

static long long sql_int(const char *sql)
{
    sqlite3_stmt *st;
    long long v = -1;
    if (sqlite3_prepare_v2(db_handle(g_db), sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* The cancel token in the last message queued for `to`. */
static const char *cancel_token(const char *to, char out[64])
{
    sqlite3_stmt *st;
    out[0] = '\0';
    const char *sql = "SELECT body_text FROM outbox WHERE to_addr = ?1 AND kind ="
                      " 'meeting_registration' ORDER BY id DESC LIMIT 1";
    if (sqlite3_prepare_v2(db_handle(g_db), sql, -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, to, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW) {
            const char *b = (const char *)sqlite3_column_text(st, 0);
            const char *p = b ? strstr(b, "/bijeenkomsten/afmelden/") : NULL;
            if (p)
                snprintf(out, 64, "%.43s", p + strlen("/bijeenkomsten/afmelden/"));
        }
    }
    sqlite3_finalize(st);
    return out;
}

static int64_t wijk(const char *slug)
{
    struct wijk w;
    assert_int_equal(area_get_wijk(g_db, g_a, slug, "2026-06-01", 0, &w), DB_OK);
    return w.id;
}

static int64_t new_meeting(const char *date, const char *start, const char *end,
                           const char *capacity)
{
    struct meeting_input in = {.kind = "wijktafel",
                               .title = "Wijktafel",
                               .date = date,
                               .start = start,
                               .end = end,
                               .place = "Buurthuis",
                               .agenda = "Spelen",
                               .capacity = capacity,
                               .area_id = wijk("noordhove")};
    int64_t id = 0;
    assert_int_equal(db_begin_write(g_db), DB_OK);
    assert_int_equal(meeting_save(g_db, 0, &in, 0, 1000, &id), DB_OK);
    assert_int_equal(db_commit(g_db), DB_OK);
    return id;
}

static void test_times_as_typed(void **state)
{
    (void)state;
    int32_t s = -1;
    assert_int_equal(meeting_parse_time("19:30", &s), 0);
    assert_int_equal(s, 19 * 3600 + 30 * 60);
    assert_int_equal(meeting_parse_time("9.05", &s), 0);
    assert_int_equal(s, 9 * 3600 + 5 * 60);
    assert_int_equal(meeting_parse_time("19u30", &s), 0);
    assert_int_equal(s, 19 * 3600 + 30 * 60);
    assert_int_equal(meeting_parse_time(" 20 uur ", &s), 0);
    assert_int_equal(s, 20 * 3600);
    assert_int_equal(meeting_parse_time("21u", &s), 0);
    assert_int_equal(s, 21 * 3600);
    assert_int_equal(meeting_parse_time("24:00", &s), -1);
    assert_int_equal(meeting_parse_time("19:60", &s), -1);
    assert_int_equal(meeting_parse_time("19:3", &s), -1);
    assert_int_equal(meeting_parse_time("laat", &s), -1);
    assert_int_equal(meeting_parse_time("", &s), -1);
    assert_int_equal(meeting_parse_time(NULL, &s), -1);
}

static void test_validation_and_local_time(void **state)
{
    (void)state;
    struct meeting_problem p[MEETING_MAX_PROBLEMS];
    struct meeting_input in = {0};
    assert_int_equal(meeting_validate(&in, p, NULL), 9);
    assert_string_equal(p[0].field, "kind");
    assert_string_equal(p[2].field, "wijk");
    in = (struct meeting_input){.kind = "bewonersavond",
                                .title = "Avond",
                                .date = "2026-01-15",
                                .start = "19:30",
                                .end = "19:30",
                                .place = "Hier",
                                .agenda = "Praten",
                                .capacity = "12",
                                .area_id = 1};
    assert_int_equal(meeting_validate(&in, p, NULL), 1);
    assert_string_equal(p[0].field, "end");
    in.end = "21:00";
    in.capacity = "5001";
    assert_int_equal(meeting_validate(&in, p, NULL), 1);
    assert_string_equal(p[0].field, "capacity");
    in.capacity = "12";
    in.wijk_outside = true;
    assert_int_equal(meeting_validate(&in, p, NULL), 1);
    assert_string_equal(p[0].field, "wijk");
    in.wijk_outside = false;
    struct meeting_row m;
    /* winter: CET, UTC+1 */
    assert_int_equal(meeting_validate(&in, p, &m), 0);
    assert_int_equal(m.starts_at, 1768501800); /* 2026-01-15 18:30 UTC */
    assert_int_equal(m.ends_at - m.starts_at, 90 * 60);
    /* summer: CEST, UTC+2 */
    in.date = "2026-07-15";
    assert_int_equal(meeting_validate(&in, p, &m), 0);
    assert_int_equal(m.starts_at, 1784136600); /* 2026-07-15 17:30 UTC */
}

static void test_limit_waiting_list_and_cancelling(void **state)
{
    (void)state;
    int64_t id = new_meeting("2031-05-01", "19:00", "21:00", "2");
    struct meeting_problem p[MEETING_MAX_PROBLEMS];
    size_t np;
    int place;
    int64_t now = 1900000000; /* 2030: before the meeting */
    struct meeting_registrant a = {.name = "Aad", .email = "aad@example.nl"},
                              b = {.name = "Bep", .email = "bep@example.nl"},
                              c = {.name = "Cor", .email = "cor@example.nl"},
                              bad = {.name = "", .email = "x"};
    assert_int_equal(meeting_register(g_db, g_a, id, &bad, now, "https://x", p, &np, &place),
                     MEETING_INVALID);
    assert_int_equal(np, 2);
    assert_int_equal(meeting_register(g_db, g_a, id, &a, now, "https://x", p, &np, &place),
                     MEETING_REGISTERED);
    assert_int_equal(meeting_register(g_db, g_a, id, &b, now, "https://x", p, &np, &place),
                     MEETING_REGISTERED);
    assert_int_equal(meeting_register(g_db, g_a, id, &c, now, "https://x", p, &np, &place),
                     MEETING_WAITING);
    assert_int_equal(place, 1);
    /* the same mailbox again: nothing changes */
    struct meeting_registrant c2 = {.name = "Cor", .email = "COR@example.nl"};
    assert_int_equal(meeting_register(g_db, g_a, id, &c2, now, "https://x", p, &np, &place),
                     MEETING_ALREADY);
    assert_int_equal(place, 1);
    /* a resident: one press, age band from the account, participant r:<id> */
    struct resident_input ri = {
        .email = "dirk@example.nl", .name = "Dirk", .wijk = "noordhove", .age_band = "65-79"};
    assert_int_equal(db_begin_write(g_db), DB_OK);
    assert_int_equal(resident_demo_ensure(g_db, g_a, &ri, now), 0);
    assert_int_equal(db_commit(g_db), DB_OK);
    struct user u = {.id = sql_int("SELECT user_id FROM resident WHERE email = 'dirk@example.nl'")};
    struct meeting_registrant dirk = {.resident = &u};
    assert_int_equal(meeting_register(g_db, g_a, id, &dirk, now, "https://x", p, &np, &place),
                     MEETING_WAITING);
    assert_int_equal(place, 2);
    assert_int_equal(sql_int("SELECT count(*) FROM meeting_registration WHERE age_band = '65-79'"
                             " AND channel = 'online' AND participant = 'r:' ||"
                             " (SELECT user_id FROM resident WHERE email = 'dirk@example.nl')"),
                     1);
    /* Dirk's confirmation goes to the account's address at once, not held */
    assert_int_equal(sql_int("SELECT count(*) FROM outbox WHERE to_addr = 'dirk@example.nl'"
                             " AND kind = 'meeting_registration' AND status = 'queued'"),
                     1);

    /* cancelling a place on the waiting list moves nobody up */
    char tok[64];
    bool moved = true;
    assert_int_equal(
        meeting_cancel(g_db, g_a, cancel_token("cor@example.nl", tok), now, "https://x", &moved),
        DB_OK);
    assert_false(moved);
    assert_int_equal(sql_int("SELECT count(*) FROM meeting_contact WHERE email = 'cor@example.nl'"),
                     0);
    /* cancelling a place: the first on the waiting list (Dirk) gets it and is told */
    assert_int_equal(
        meeting_cancel(g_db, g_a, cancel_token("aad@example.nl", tok), now, "https://x", &moved),
        DB_OK);
    assert_true(moved);
    struct meeting_row m;
    assert_int_equal(meeting_get(g_db, g_a, id, &m), DB_OK);
    assert_int_equal(m.registered, 2);
    assert_int_equal(m.waiting, 0);
    assert_int_equal(m.cancellations, 2);
    assert_int_equal(sql_int("SELECT count(*) FROM outbox WHERE to_addr = 'dirk@example.nl'"
                             " AND kind = 'meeting_moved_up'"),
                     1);
    /* the token works once */
    assert_int_equal(meeting_cancel(g_db, g_a, tok, now, "https://x", &moved), DB_NOTFOUND);
    assert_int_equal(meeting_cancel(g_db, g_a, "kort", now, "https://x", &moved), DB_NOTFOUND);

    /* from the start on, registering is closed */
    assert_int_equal(meeting_register(g_db, g_a, id, &a, m.starts_at, "https://x", p, &np, &place),
                     MEETING_CLOSED);
    assert_int_equal(meeting_register(g_db, g_a, 999999, &a, now, "https://x", p, &np, &place),
                     MEETING_NOT_FOUND);
}

static void test_presence_by_address(void **state)
{
    (void)state;
    int64_t id = new_meeting("2031-06-01", "19:00", "21:00", "10");
    const char *field = NULL;
    assert_int_equal(db_begin_write(g_db), DB_OK);
    assert_non_null(meeting_attend(g_db, id, 1, "27", "12", NULL, 1000, &field));
    assert_string_equal(field, "postcode");
    assert_non_null(meeting_attend(g_db, id, 1, "2711AB", "", NULL, 1000, &field));
    assert_string_equal(field, "house_number");
    assert_non_null(meeting_attend(g_db, id, 1, "2711AB", "3", "99-100", 1000, &field));
    assert_string_equal(field, "age_band");
    assert_null(meeting_attend(g_db, id, 1, "2711 ab", "3", "18-29", 1000, &field));
    /* the same person written differently is the same participant */
    assert_null(meeting_attend(g_db, id, 1, "2711AB", "3", NULL, 1000, &field));
    assert_int_equal(db_commit(g_db), DB_OK);
    char sql[200];
    snprintf(sql, sizeof sql,
             "SELECT count(DISTINCT participant) FROM meeting_registration WHERE meeting_id = %lld"
             " AND channel = 'bijeenkomst' AND participant GLOB 'p:*'",
             (long long)id);
    assert_int_equal(sql_int(sql), 1);
}

/* How many outbox messages to `to` of this kind and status. */
static long long mails(const char *to, const char *kind, const char *status)
{
    char sql[300];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM outbox WHERE to_addr = '%s' AND kind = '%s' AND status = '%s'",
             to, kind, status);
    return sql_int(sql);
}

static enum meeting_change change_meeting(int64_t id, const char *capacity, const char *start,
                                          const char *place, const char *agenda, int64_t now,
                                          int *registered, int *moved, int *told)
{
    struct meeting_input in = {.kind = "wijktafel",
                               .title = "Wijktafel",
                               .date = "2031-07-01",
                               .start = start,
                               .end = "21:00",
                               .place = place,
                               .agenda = agenda,
                               .capacity = capacity,
                               .area_id = wijk("noordhove")};
    assert_int_equal(db_begin_write(g_db), DB_OK);
    enum meeting_change rc =
        meeting_change(g_db, g_a, id, &in, 0, now, "https://x", registered, moved, told);
    if (rc == MEETING_CHANGE_OK)
        assert_int_equal(db_commit(g_db), DB_OK);
    else
        db_rollback(g_db);
    return rc;
}

static enum meeting_change change_capacity(int64_t id, const char *capacity, int64_t now,
                                           int *registered, int *moved)
{
    int told = -1;
    enum meeting_change rc =
        change_meeting(id, capacity, "19:00", "Buurthuis", "Spelen", now, registered, moved, &told);
    assert_int_equal(told, 0); /* the day, time and place stay */
    return rc;
}

static void test_limit_raised_and_lowered(void **state)
{
    (void)state;
    int64_t id = new_meeting("2031-07-01", "19:00", "21:00", "2");
    struct meeting_problem p[MEETING_MAX_PROBLEMS];
    size_t np;
    int place, registered = -1, moved = -1;
    int64_t now = 1900000000;
    const char *who[] = {"lim1@example.nl", "lim2@example.nl", "lim3@example.nl", "lim4@example.nl",
                         "lim5@example.nl"};
    for (int i = 0; i < 5; i++) {
        struct meeting_registrant x = {.name = "X", .email = who[i]};
        assert_int_equal(meeting_register(g_db, g_a, id, &x, now, "https://x", p, &np, &place),
                         i < 2 ? MEETING_REGISTERED : MEETING_WAITING);
    }
    /* lim3 has confirmed its address: its mail goes out at once, the others' waits */
    assert_int_equal(db_begin_write(g_db), DB_OK);
    assert_int_equal(optin_mark_confirmed(g_db, "lim3@example.nl", now), 0);
    assert_int_equal(db_commit(g_db), DB_OK);
    /* 2 -> 4: the first two on the waiting list move up in order, each told */
    assert_int_equal(change_capacity(id, "4", now + 60, &registered, &moved), MEETING_CHANGE_OK);
    assert_int_equal(moved, 2);
    struct meeting_row m;
    assert_int_equal(meeting_get(g_db, g_a, id, &m), DB_OK);
    assert_int_equal(m.capacity, 4);
    assert_int_equal(m.registered, 4);
    assert_int_equal(m.waiting, 1);
    assert_int_equal(mails("lim3@example.nl", "meeting_moved_up", "queued"), 1);
    assert_int_equal(mails("lim4@example.nl", "meeting_moved_up", "held"), 1);
    assert_int_equal(mails("lim5@example.nl", "meeting_moved_up", "held"), 0);
    char sql[200];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM meeting_registration r JOIN meeting_contact c ON"
             " c.registration_id = r.id WHERE r.meeting_id = %lld AND r.status = 'wachtlijst'"
             " AND c.email = 'lim5@example.nl'",
             (long long)id);
    assert_int_equal(sql_int(sql), 1);
    /* 4 -> 3: below the places taken, refused; nothing changed */
    assert_int_equal(change_capacity(id, "3", now + 120, &registered, &moved),
                     MEETING_CHANGE_BELOW);
    assert_int_equal(registered, 4);
    assert_int_equal(meeting_get(g_db, g_a, id, &m), DB_OK);
    assert_int_equal(m.capacity, 4);
    /* 4 -> 4 (equal to the places taken) is fine and moves nobody */
    assert_int_equal(change_capacity(id, "4", now + 180, &registered, &moved), MEETING_CHANGE_OK);
    assert_int_equal(moved, 0);
    /* a new registrant while one waits goes behind; with a place free after a
     * raise, nobody waits and a new registrant gets a place */
    assert_int_equal(change_capacity(id, "6", now + 240, &registered, &moved), MEETING_CHANGE_OK);
    assert_int_equal(moved, 1);
    struct meeting_registrant f = {.name = "F", .email = "lim6@example.nl"};
    assert_int_equal(meeting_register(g_db, g_a, id, &f, now + 300, "https://x", p, &np, &place),
                     MEETING_REGISTERED);
    assert_int_equal(meeting_get(g_db, g_a, id, &m), DB_OK);
    assert_int_equal(m.registered, 6);
    assert_int_equal(m.waiting, 0);
    /* after the start nobody moves up any more */
    struct meeting_registrant g = {.name = "G", .email = "lim7@example.nl"};
    assert_int_equal(meeting_register(g_db, g_a, id, &g, now + 360, "https://x", p, &np, &place),
                     MEETING_WAITING);
    assert_int_equal(change_capacity(id, "7", m.starts_at, &registered, &moved), MEETING_CHANGE_OK);
    assert_int_equal(moved, 0);
}

/* One turn of the background notification pass, which lets unconfirmed
 * registrations lapse; how many did. */
static int release(int64_t now)
{
    int n = -1;
    struct notify_result r;
    assert_int_equal(notify_pass_run(g_db, now, "https://x", &r, &n), 0);
    return n;
}

/* A new time or place reaches everyone with a place or on the waiting list,
 * with what it was; a new agenda alone reaches nobody, nor does a change
 * after the meeting began; who moves up in the same change gets one e-mail. */
static void test_registrants_told_of_a_new_time_or_place(void **state)
{
    (void)state;
    int64_t id = new_meeting("2031-07-01", "19:00", "21:00", "2");
    struct meeting_problem p[MEETING_MAX_PROBLEMS];
    size_t np;
    int place, registered, moved, told;
    int64_t now = 1900000000;
    const char *who[] = {"chg1@example.nl", "chg2@example.nl", "chg3@example.nl",
                         "chg4@example.nl"};
    for (int i = 0; i < 4; i++) {
        struct meeting_registrant x = {.name = "X", .email = who[i]};
        assert_int_equal(meeting_register(g_db, g_a, id, &x, now, "https://x", p, &np, &place),
                         i < 2 ? MEETING_REGISTERED : MEETING_WAITING);
    }
    assert_int_equal(db_begin_write(g_db), DB_OK);
    assert_int_equal(optin_mark_confirmed(g_db, "chg1@example.nl", now), 0);
    assert_int_equal(db_commit(g_db), DB_OK);
    /* the agenda alone */
    assert_int_equal(change_meeting(id, "2", "19:00", "Buurthuis", "Spelen en praten", now + 60,
                                    &registered, &moved, &told),
                     MEETING_CHANGE_OK);
    assert_int_equal(told, 0);
    assert_int_equal(mails("chg1@example.nl", "meeting_changed", "queued"), 0);
    /* another place, one more place free: chg3 moves up (told so), the
     * other three are told of the change */
    assert_int_equal(change_meeting(id, "3", "19:00", "Stadhuis", "Spelen", now + 120, &registered,
                                    &moved, &told),
                     MEETING_CHANGE_OK);
    assert_int_equal(moved, 1);
    assert_int_equal(told, 3);
    assert_int_equal(mails("chg1@example.nl", "meeting_changed", "queued"), 1);
    assert_int_equal(mails("chg2@example.nl", "meeting_changed", "held"), 1);
    assert_int_equal(mails("chg3@example.nl", "meeting_changed", "held"), 0);
    assert_int_equal(mails("chg3@example.nl", "meeting_moved_up", "held"), 1);
    assert_int_equal(mails("chg4@example.nl", "meeting_changed", "held"), 1);
    assert_int_equal(
        sql_int("SELECT count(*) FROM outbox WHERE kind = 'meeting_changed' AND"
                " to_addr = 'chg1@example.nl' AND body_text LIKE '%Stadhuis%'"
                " AND body_text LIKE '%Eerder was dat: 01-07-2031, 19:00 tot 21:00 uur,"
                " Buurthuis.%'"),
        1);
    /* an hour later: told again, now of the time */
    assert_int_equal(change_meeting(id, "3", "20:00", "Stadhuis", "Spelen", now + 180, &registered,
                                    &moved, &told),
                     MEETING_CHANGE_OK);
    assert_int_equal(told, 4);
    /* once it began, a change tells nobody */
    struct meeting_row m;
    assert_int_equal(meeting_get(g_db, g_a, id, &m), DB_OK);
    assert_int_equal(change_meeting(id, "3", "20:00", "Buurthuis", "Spelen", m.starts_at + 60,
                                    &registered, &moved, &told),
                     MEETING_CHANGE_OK);
    assert_int_equal(told, 0);
}

static void test_unconfirmed_address_lapses_after_48_hours(void **state)
{
    (void)state;
    int64_t id = new_meeting("2031-08-01", "19:00", "21:00", "2");
    struct meeting_problem p[MEETING_MAX_PROBLEMS];
    size_t np;
    int place;
    int64_t t0 = 1800000000; /* before the other tests' registrations */
    struct meeting_registrant kim = {.name = "Kim", .email = "kim@example.nl"},
                              lot = {.name = "Lot", .email = "lot@example.nl"},
                              max = {.name = "Max", .email = "max@example.nl"};
    /* Lot confirms in time; Kim never does; Max waits (and confirms) */
    assert_int_equal(meeting_register(g_db, g_a, id, &kim, t0, "https://x", p, &np, &place),
                     MEETING_REGISTERED);
    assert_int_equal(meeting_register(g_db, g_a, id, &lot, t0, "https://x", p, &np, &place),
                     MEETING_REGISTERED);
    assert_int_equal(meeting_register(g_db, g_a, id, &max, t0 + 3600, "https://x", p, &np, &place),
                     MEETING_WAITING);
    /* the request speaks of a meeting registration, not of a report, and its link says so */
    assert_int_equal(sql_int("SELECT count(*) FROM outbox WHERE to_addr = 'kim@example.nl' AND"
                             " kind = 'confirm_address' AND body_text LIKE '%aanmelding voor een"
                             " bijeenkomst%' AND body_text LIKE '%?voor=bijeenkomst%' AND"
                             " body_text LIKE '%binnen 48 uur%' AND body_text NOT LIKE '%melding"
                             " aan de gemeente%'"),
                     1);
    assert_int_equal(mails("kim@example.nl", "meeting_registration", "held"), 1);
    assert_int_equal(db_begin_write(g_db), DB_OK);
    assert_int_equal(optin_mark_confirmed(g_db, "lot@example.nl", t0 + 600), 0);
    assert_int_equal(optin_mark_confirmed(g_db, "max@example.nl", t0 + 7200), 0);
    assert_int_equal(db_commit(g_db), DB_OK);
    /* within 48 hours nothing lapses */
    assert_int_equal(release(t0 + 48 * 3600 - 1), 0);
    struct meeting_row m;
    assert_int_equal(meeting_get(g_db, g_a, id, &m), DB_OK);
    assert_int_equal(m.registered, 2);
    assert_int_equal(m.waiting, 1);
    /* after 48 hours Kim's registration lapses; Max moves up and is told */
    assert_int_equal(release(t0 + 48 * 3600), 1);
    assert_int_equal(meeting_get(g_db, g_a, id, &m), DB_OK);
    assert_int_equal(m.registered, 2);
    assert_int_equal(m.waiting, 0);
    assert_int_equal(m.cancellations, 0);
    assert_int_equal(sql_int("SELECT count(*) FROM meeting_contact WHERE email = 'kim@example.nl'"),
                     0);
    assert_int_equal(mails("max@example.nl", "meeting_moved_up", "queued"), 1);
    /* what waited for Kim is dropped; one held message says the registration lapsed */
    assert_int_equal(mails("kim@example.nl", "meeting_registration", "held"), 0);
    assert_int_equal(mails("kim@example.nl", "meeting_lapsed", "held"), 1);
    assert_int_equal(sql_int("SELECT count(*) FROM outbox WHERE kind = 'meeting_registration' AND"
                             " status = 'dropped' AND to_addr = '' AND body_text IS NULL"),
                     1);
    /* Lot (confirmed) keeps the place; a second pass changes nothing */
    assert_int_equal(sql_int("SELECT count(*) FROM meeting_contact WHERE email = 'lot@example.nl'"),
                     1);
    assert_int_equal(release(t0 + 60 * 3600), 0);
    /* Kim may register again (a new 48 hours) */
    assert_int_equal(
        meeting_register(g_db, g_a, id, &kim, t0 + 61 * 3600, "https://x", p, &np, &place),
        MEETING_WAITING);
    /* a meeting that has begun is left alone (other tests' meetings may lapse) */
    (void)release(m.starts_at);
    assert_int_equal(sql_int("SELECT count(*) FROM meeting_contact WHERE email = 'kim@example.nl'"),
                     1);
}

static void test_erased_thirty_amsterdam_days_after(void **state)
{
    (void)state;
    /* ends 2026-03-01 at 23:30 local (22:30 UTC) */
    int64_t id = new_meeting("2026-03-01", "22:00", "23:30", "5");
    struct meeting_problem p[MEETING_MAX_PROBLEMS];
    size_t np;
    int place;
    struct meeting_registrant e = {.name = "Eva", .email = "eva@example.nl"};
    assert_int_equal(meeting_register(g_db, g_a, id, &e, 1767225600, "https://x", p, &np, &place),
                     MEETING_REGISTERED);
    char sql[200];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM meeting_contact c JOIN meeting_registration r"
             " ON r.id = c.registration_id WHERE r.meeting_id = %lld",
             (long long)id);
    int64_t before = 0, at = 0;
    /* 2026-03-30 23:59:59 in Amsterdam (CEST from 29 March): day 29 */
    assert_int_equal(cal_to_unix(cal_from_ymd(2026, 3, 30), 86399, &before), 0);
    assert_int_equal(cal_to_unix(cal_from_ymd(2026, 3, 31), 0, &at), 0);
    assert_int_equal(before + 1, at);
    int erased = -1;
    assert_int_equal(db_begin_write(g_db), DB_OK);
    assert_int_equal(meeting_retention(g_db, g_a, before, &erased), 0);
    assert_int_equal(db_commit(g_db), DB_OK);
    assert_int_equal(erased, 0);
    assert_int_equal(sql_int(sql), 1);
    assert_int_equal(db_begin_write(g_db), DB_OK);
    assert_int_equal(meeting_retention(g_db, g_a, at, &erased), 0);
    assert_int_equal(db_commit(g_db), DB_OK);
    assert_int_equal(erased, 1);
    assert_int_equal(sql_int(sql), 0);
    /* the count stays */
    struct meeting_row m;
    assert_int_equal(meeting_get(g_db, g_a, id, &m), DB_OK);
    assert_int_equal(m.registered, 1);
    assert_true(m.erased_at == at);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_times_as_typed),
        cmocka_unit_test(test_validation_and_local_time),
        cmocka_unit_test(test_limit_waiting_list_and_cancelling),
        cmocka_unit_test(test_presence_by_address),
        cmocka_unit_test(test_limit_raised_and_lowered),
        cmocka_unit_test(test_registrants_told_of_a_new_time_or_place),
        cmocka_unit_test(test_unconfirmed_address_lapses_after_48_hours),
        cmocka_unit_test(test_erased_thirty_amsterdam_days_after),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
