/*
 * counter.c: the rules of the counter: opening hours, locations, contacts,
 * undo and the share of referrals that stay in the building.
 */
#include "counter.h"

#include "domain/calendar.h"
#include "lib/i18n_mark.h"
#include "lib/mail.h"
#include "lib/utf8.h"
#include "store/outbox_store.h"

#include <stdio.h>
#include <string.h>

const struct counter_code counter_types[] = {
    {"vraag", N_("Vraag")},           {"melding", N_("Melding")},
    {"klacht", N_("Klacht")},         {"product", N_("Product meegegeven")},
    {"verwijzing", N_("Verwijzing")}, {NULL, NULL},
};
const struct counter_code counter_products[] = {
    {"hondenpoepzakjes", N_("Hondenpoepzakjes")},
    {"strooizout", N_("Strooizout")},
    {"afvalkalender", N_("Afvalkalender")},
    {"afvalgrijper", N_("Afvalgrijper")},
    {NULL, NULL},
};
const struct counter_code counter_channels[] = {
    {"balie", N_("Bezoek aan de balie")},
    {"telefoon", N_("Telefoon")},
    {NULL, NULL},
};
const struct counter_code counter_kinds[] = {
    {"wijkpost", N_("Wijkpost")},
    {"gip", N_("Gemeentelijk Informatiepunt")},
    {NULL, NULL},
};
const char *const counter_weekdays[7] = {N_("maandag"),   N_("dinsdag"), N_("woensdag"),
                                         N_("donderdag"), N_("vrijdag"), N_("zaterdag"),
                                         N_("zondag")};

const char *counter_label(const struct counter_code *list, const char *code)
{
    for (size_t i = 0; code && list[i].code; i++)
        if (strcmp(list[i].code, code) == 0)
            return list[i].label;
    return NULL;
}

/* --- opening hours ------------------------------------------------------------- */

static const char *skip_space(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* "9:00", "09.30" -> minutes of the day; -1 when not a time. */
static int read_time(const char **pp)
{
    const char *p = *pp;
    int h = 0, digits = 0;
    while (*p >= '0' && *p <= '9' && digits < 2) {
        h = h * 10 + (*p++ - '0');
        digits++;
    }
    if (!digits || (*p != ':' && *p != '.'))
        return -1;
    p++;
    if (!(p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9'))
        return -1;
    int m = (p[0] - '0') * 10 + (p[1] - '0');
    p += 2;
    if (h > 24 || m > 59 || (h == 24 && m))
        return -1;
    *pp = p;
    return h * 60 + m;
}

const char *counter_hours_normalise(const char *in, char out[COUNTER_HOURS_MAX])
{
    out[0] = '\0';
    if (!in || utf8_blank(in))
        return NULL;
    if (strlen(in) >= COUNTER_HOURS_MAX)
        return N_("Schrijf de openingstijden korter, zoals 09:00-12:30, 13:30-16:00.");
    const char *p = skip_space(in);
    size_t len = 0;
    int last_end = -1;
    while (*p) {
        int from = read_time(&p);
        p = skip_space(p);
        if (from < 0)
            return N_("Schrijf de openingstijden als 09:00-12:30, met een komma tussen twee "
                      "blokken.");
        if (*p == '-')
            p++;
        else if (strncmp(p, "\xe2\x80\x93", 3) == 0) /* en dash */
            p += 3;
        else
            return N_("Schrijf de openingstijden als 09:00-12:30, met een komma tussen twee "
                      "blokken.");
        p = skip_space(p);
        int to = read_time(&p);
        if (to < 0)
            return N_("Schrijf de openingstijden als 09:00-12:30, met een komma tussen twee "
                      "blokken.");
        if (to <= from)
            return N_("Een blok openingstijden moet eindigen na het begin.");
        if (from < last_end)
            return N_("Zet de blokken openingstijden op volgorde, zonder overlap.");
        last_end = to;
        int w = snprintf(out + len, COUNTER_HOURS_MAX - len, "%s%02d:%02d-%02d:%02d",
                         len ? ", " : "", from / 60, from % 60, to / 60, to % 60);
        if (w < 0 || (size_t)w >= COUNTER_HOURS_MAX - len) {
            out[0] = '\0';
            return N_("Schrijf de openingstijden korter, zoals 09:00-12:30, 13:30-16:00.");
        }
        len += (size_t)w;
        p = skip_space(p);
        if (*p == ',' || *p == ';') {
            p = skip_space(p + 1);
            if (!*p)
                break;
        } else if (*p) {
            out[0] = '\0';
            return N_("Schrijf de openingstijden als 09:00-12:30, met een komma tussen twee "
                      "blokken.");
        }
    }
    return NULL;
}

static const char *const HOURS_FIELDS[7] = {"hours_mon", "hours_tue", "hours_wed", "hours_thu",
                                            "hours_fri", "hours_sat", "hours_sun"};

size_t counter_location_validate(arena *a, struct counter_location_row *l,
                                 struct counter_problem *p)
{
    size_t n = 0;
    if (!l->name || utf8_blank(l->name))
        p[n++] = (struct counter_problem){"name", N_("Vul de naam van de balie in.")};
    else if (utf8_len_chars(l->name, strlen(l->name)) > COUNTER_NAME_MAX ||
             strpbrk(l->name, "\r\n"))
        p[n++] =
            (struct counter_problem){"name", N_("Schrijf de naam in één regel van hoogstens 120 "
                                                "tekens.")};
    if (!l->area_id)
        p[n++] = (struct counter_problem){"area", N_("Kies de wijk van de balie.")};
    if (l->address && (utf8_len_chars(l->address, strlen(l->address)) > COUNTER_ADDRESS_MAX ||
                       strpbrk(l->address, "\r\n")))
        p[n++] = (struct counter_problem){"address",
                                          N_("Schrijf het adres in één regel van hoogstens 200 "
                                             "tekens.")};
    if (!counter_label(counter_kinds, l->kind))
        p[n++] = (struct counter_problem){"kind", N_("Kies of het een wijkpost of een "
                                                     "Gemeentelijk Informatiepunt is.")};
    for (int i = 0; i < 7 && n < COUNTER_MAX_PROBLEMS; i++) {
        char norm[COUNTER_HOURS_MAX];
        const char *why = counter_hours_normalise(l->hours[i], norm);
        if (why)
            p[n++] = (struct counter_problem){HOURS_FIELDS[i], why};
        else
            l->hours[i] = arena_strdup(a, norm);
    }
    return n;
}

int counter_location_update(db *d, arena *a, const struct counter_location_row *l,
                            const int64_t *orgs, size_t norgs, int64_t user_id, int64_t now,
                            struct counter_problem *p)
{
    for (size_t i = 0; i < norgs; i++) {
        struct counter_org_row o;
        int rc = counter_org_get(d, a, orgs[i], l->id, &o);
        if (rc == DB_ERROR)
            return -1;
        if (rc != DB_OK || strcmp(o.kind, "partner") != 0) {
            *p = (struct counter_problem){"orgs", N_("Kies organisaties uit de lijst.")};
            return 0;
        }
    }
    int64_t id;
    int rc = counter_location_save(d, l, user_id, now, &id);
    if (rc == DB_CONSTRAINT) {
        *p = (struct counter_problem){"name", N_("Er is al een balie met deze naam.")};
        return 0;
    }
    if (rc != DB_OK || counter_building_set(d, id, orgs, norgs) != DB_OK)
        return -1;
    return 1;
}

/* --- contacts ------------------------------------------------------------------ */

int counter_day_week(int64_t t, char date[11], char week[9])
{
    cal_date d = cal_date_of(t);
    int y, m, day, wy, wk;
    if (d == CAL_INVALID || cal_to_ymd(d, &y, &m, &day) != 0 || cal_iso_week(d, &wy, &wk) != 0)
        return -1;
    snprintf(date, 11, "%04d-%02d-%02d", y, m, day);
    snprintf(week, 9, "%04d-W%02d", wy, wk);
    return 0;
}

const char *counter_contact_check(db *d, arena *a, const struct counter_contact_input *in,
                                  int64_t now, struct counter_contact_row *row, bool *db_error)
{
    *db_error = false;
    memset(row, 0, sizeof *row);
    struct counter_location_row l;
    int rc = in->location_id ? counter_location_get(d, a, in->location_id, &l) : DB_NOTFOUND;
    if (rc == DB_ERROR) {
        *db_error = true;
        return N_("Er ging iets mis. Probeer het opnieuw.");
    }
    if (rc != DB_OK || !l.active)
        return N_("Kies de balie waar u werkt.");
    if (!counter_label(counter_channels, in->channel))
        return N_("Kies of de bewoner aan de balie staat of belt.");
    if (!counter_label(counter_types, in->type))
        return N_("Kies wat voor contact het was.");
    bool product = strcmp(in->type, "product") == 0;
    bool referral = strcmp(in->type, "verwijzing") == 0;
    if (product && !counter_label(counter_products, in->product))
        return N_("Kies welk product u hebt meegegeven.");
    if (!product && in->product && *in->product)
        return N_("Alleen bij een meegegeven product hoort een product.");
    if (strcmp(in->type, "melding") == 0 && !in->with_signal)
        return N_("Neem een melding op met het meldformulier: dat telt het contact mee.");
    if (!referral && (in->referral_org_id || in->care_network || in->warm_handoff))
        return N_("Alleen bij een verwijzing hoort een bestemming.");
    row->location_id = l.id;
    row->user_id = in->user_id;
    row->created_at = now;
    row->channel = in->channel;
    row->type = in->type;
    row->product = product ? in->product : NULL;
    row->with_signal = in->with_signal;
    if (referral) {
        if (in->care_network == (in->referral_org_id != 0))
            return N_("Kies één bestemming voor de verwijzing.");
        if (in->care_network) {
            if (!in->with_signal)
                return N_("Verwijs naar het wijkzorgnetwerk met het meldformulier: zo krijgt "
                          "het netwerk de vertrouwelijke melding.");
            if (in->warm_handoff)
                return N_("Het wijkzorgnetwerk krijgt de vertrouwelijke melding zelf; een "
                          "warme overdracht per e-mail is er niet.");
            row->referral = "wijkzorgnetwerk";
        } else {
            struct counter_org_row o;
            rc = counter_org_get(d, a, in->referral_org_id, l.id, &o);
            if (rc == DB_ERROR) {
                *db_error = true;
                return N_("Er ging iets mis. Probeer het opnieuw.");
            }
            if (rc != DB_OK ||
                (strcmp(o.kind, "department") != 0 && strcmp(o.kind, "partner") != 0))
                return N_("Kies een afdeling of organisatie uit de lijst.");
            row->referral = strcmp(o.kind, "department") == 0 ? "afdeling" : "organisatie";
            row->referral_org_id = o.id;
            row->same_building = o.in_building;
            if (in->warm_handoff) {
                if (!o.uses_wijkregie || !o.email || !mail_address_ok(o.email))
                    return N_("Deze organisatie werkt niet in wijkregie: verwijs zonder warme "
                              "overdracht.");
                if (!in->consent)
                    return N_("Vraag eerst of de bewoner instemt met de warme overdracht.");
                row->warm_handoff = true;
            }
        }
    }
    char date[11], week[9];
    if (counter_day_week(now, date, week) != 0)
        return N_("Er ging iets mis. Probeer het opnieuw.");
    row->local_date = arena_strdup(a, date);
    row->iso_week = arena_strdup(a, week);
    return NULL;
}

const char *counter_contact_add(db *d, arena *a, const struct counter_contact_input *in,
                                int64_t now, int64_t *id, bool *db_error)
{
    struct counter_contact_row row;
    const char *why = counter_contact_check(d, a, in, now, &row, db_error);
    if (why)
        return why;
    if (counter_contact_insert(d, &row, id) != DB_OK) {
        *db_error = true;
        return N_("Er ging iets mis. Probeer het opnieuw.");
    }
    if (row.warm_handoff) {
        struct counter_org_row o;
        struct counter_location_row l;
        if (counter_org_get(d, a, row.referral_org_id, row.location_id, &o) != DB_OK ||
            counter_location_get(d, a, row.location_id, &l) != DB_OK) {
            *db_error = true;
            return N_("Er ging iets mis. Probeer het opnieuw.");
        }
        /* no personal data: the clerk and the resident bring the rest */
        const char *body = arena_printf(
            a,
            "Beste collega's van %s,\n\n"
            "Bij %s is zojuist een bewoner warm naar u doorverwezen; de bewoner stemt daarmee "
            "in.\n"
            "De medewerker van de balie neemt contact met u op of komt met de bewoner langs.\n"
            "Dit bericht bevat met opzet geen gegevens van de bewoner.\n\n"
            "Gemeente Zoetermeer\n",
            o.name, l.name);
        struct outbox_new m = {.to_addr = o.email,
                               .subject = "Warme overdracht vanaf de balie",
                               .body = body,
                               .kind = "counter_handoff",
                               .ref = *id};
        int64_t mid;
        if (!body || outbox_enqueue(d, now, &m, &mid) != DB_OK) {
            *db_error = true;
            return N_("Er ging iets mis. Probeer het opnieuw.");
        }
    }
    return NULL;
}

const char *counter_contact_register(db *d, arena *a, const struct counter_contact_input *in,
                                     int64_t now, int64_t *id, bool *db_error)
{
    *db_error = false;
    if (db_begin_write(d) != DB_OK) {
        *db_error = true;
        return N_("Er ging iets mis. Probeer het opnieuw.");
    }
    const char *why = counter_contact_add(d, a, in, now, id, db_error);
    if (why || db_commit(d) != DB_OK) {
        db_rollback(d);
        if (!why) {
            *db_error = true;
            why = N_("Er ging iets mis. Probeer het opnieuw.");
        }
    }
    return why;
}

int counter_signal_contact(db *d, void *arg, bool confidential)
{
    struct counter_signal_contact *c = arg;
    struct counter_contact_input in = {.location_id = c->location_id,
                                       .channel = c->channel,
                                       .type = confidential ? "verwijzing" : "melding",
                                       .care_network = confidential,
                                       .with_signal = true,
                                       .user_id = c->user_id};
    bool db_error = false;
    c->contact_id = 0;
    counter_contact_add(d, c->a, &in, c->now, &c->contact_id, &db_error);
    return db_error ? -1 : 0;
}

bool counter_may_undo(const struct counter_contact_row *c, int64_t user_id, int64_t now)
{
    return c && user_id && c->user_id == user_id && !c->with_signal && !c->warm_handoff &&
           now >= c->created_at && now - c->created_at < COUNTER_UNDO_SECONDS;
}

int counter_undo_last(db *d, arena *a, int64_t user_id, int64_t now,
                      struct counter_contact_row *undone)
{
    if (db_begin_write(d) != DB_OK)
        return DB_ERROR;
    int rc = counter_contact_last(d, a, user_id, undone);
    if (rc == DB_OK && !counter_may_undo(undone, user_id, now))
        rc = DB_NOTFOUND;
    if (rc == DB_OK)
        rc = counter_contact_delete(d, undone->id);
    if (rc != DB_OK || db_commit(d) != DB_OK) {
        db_rollback(d);
        return rc == DB_OK ? DB_ERROR : rc;
    }
    return DB_OK;
}

int counter_share_percent(int64_t same_building, int64_t referrals)
{
    if (referrals <= 0)
        return -1;
    return (int)((same_building * 200 + referrals) / (referrals * 2));
}

json_t *counter_figures(db *d, arena *a, const char *from_date, const char *to_date)
{
    struct counter_count_row *c;
    struct counter_referral_row *rr;
    size_t nc, nr;
    if (counter_counts(d, a, from_date, to_date, &c, &nc) != DB_OK ||
        counter_referrals(d, a, from_date, to_date, &rr, &nr) != DB_OK)
        return NULL;
    json_t *weeks = json_array(), *cur = NULL, *locs = json_array();
    int64_t all = 0, referrals = 0, same = 0;
    for (size_t i = 0; i < nc; i++) {
        if (!cur || i == 0 || c[i].location_id != c[i - 1].location_id ||
            strcmp(c[i].iso_week, c[i - 1].iso_week) != 0) {
            cur = json_pack("{s:s,s:s,s:I}", "location", c[i].location, "week", c[i].iso_week,
                            "total", (json_int_t)0);
            for (size_t k = 0; counter_types[k].code; k++)
                json_object_set_new(cur, counter_types[k].code, json_integer(0));
            json_array_append_new(weeks, cur);
        }
        json_object_set_new(cur, c[i].type, json_integer(c[i].count));
        json_object_set_new(
            cur, "total",
            json_integer(json_integer_value(json_object_get(cur, "total")) + c[i].count));
        all += c[i].count;
    }
    for (size_t i = 0; i < nr; i++) {
        int64_t contacts = 0;
        for (size_t k = 0; k < nc; k++)
            if (c[k].location_id == rr[i].location_id)
                contacts += c[k].count;
        int share = counter_share_percent(rr[i].same_building, rr[i].referrals);
        json_array_append_new(locs, json_pack("{s:s,s:I,s:I,s:I,s:o}", "location", rr[i].location,
                                              "contacts", (json_int_t)contacts, "referrals",
                                              (json_int_t)rr[i].referrals, "same_building",
                                              (json_int_t)rr[i].same_building, "share",
                                              share < 0 ? json_null() : json_integer(share)));
        referrals += rr[i].referrals;
        same += rr[i].same_building;
    }
    int share = counter_share_percent(same, referrals);
    return json_pack("{s:o,s:o,s:{s:I,s:I,s:I,s:o}}", "weeks", weeks, "locations", locs, "total",
                     "contacts", (json_int_t)all, "referrals", (json_int_t)referrals,
                     "same_building", (json_int_t)same, "share",
                     share < 0 ? json_null() : json_integer(share));
}
