/*
 * signal_task.c: sub-tasks of a signal; see signal_task.h.
 */
#include "signal_task.h"

#include "domain/auth.h"
#include "domain/calendar.h"
#include "domain/optin.h"
#include "domain/partner.h"
#include "lib/i18n_mark.h"
#include "lib/utf8.h"
#include "store/org_store.h"

#include <string.h>

static const char SQL_TASKS[] =
    "SELECT s.id, s.status, o.name, coalesce(s.closed_at, 0) FROM signal s"
    " JOIN organisation o ON o.id = s.owner_org_id WHERE s.parent_id = ?1 ORDER BY s.id";
static const char SQL_SET_PARENT[] = "UPDATE signal SET parent_id = ?2 WHERE id = ?1";

int signal_tasks(db *d, arena *a, int64_t parent, struct signal_task_row **out, size_t *n)
{
    sqlite3_stmt *st = db_stmt(d, SQL_TASKS);
    if (!st)
        return DB_ERROR;
    sqlite3_bind_int64(st, 1, parent);
    struct signal_task_row *v = arena_calloc(a, SIGNAL_MAX_TASKS + 1, sizeof *v);
    size_t cnt = 0;
    while (v && cnt <= SIGNAL_MAX_TASKS && sqlite3_step(st) == SQLITE_ROW) {
        v[cnt].id = sqlite3_column_int64(st, 0);
        v[cnt].status = db_col_dup(a, st, 1);
        v[cnt].owner = db_col_dup(a, st, 2);
        v[cnt].closed_at = sqlite3_column_int64(st, 3);
        cnt++;
    }
    sqlite3_reset(st);
    if (!v)
        return DB_ERROR;
    *out = v;
    *n = cnt;
    return DB_OK;
}

enum signal_result signal_add_task(db *d, arena *a, const struct user *u, int64_t parent,
                                   int64_t org_id, const char *what, int64_t now, int64_t *task_id)
{
    return signal_add_task_for(d, a, u, parent, org_id, what, NULL, now, task_id, NULL);
}

enum signal_result signal_add_task_for(db *d, arena *a, const struct user *u, int64_t parent,
                                       int64_t org_id, const char *what, const char *today,
                                       int64_t now, int64_t *task_id, const char **why)
{
    if (why)
        *why = NULL;
    struct signal p;
    int rc = signal_get(d, a, parent, &p);
    if (rc == DB_NOTFOUND)
        return SIG_NOT_FOUND;
    if (rc != DB_OK)
        return SIG_ERROR;
    if (!signal_may_handle(d, u, &p))
        return SIG_FORBIDDEN;
    /* a task is not split again, a closed signal gets no tasks */
    if (p.parent_id || p.closed_at || p.merged_into || !what || !*what ||
        !utf8_valid(what, strlen(what)) ||
        utf8_len_chars(what, strlen(what)) > SIGNAL_DESCRIPTION_MAX)
        return SIG_BAD_INPUT;
    struct signal_task_row *t;
    size_t nt;
    if (signal_tasks(d, a, parent, &t, &nt) != DB_OK)
        return SIG_ERROR;
    if (nt >= SIGNAL_MAX_TASKS)
        return SIG_BAD_INPUT;
    struct organisation *o;
    size_t no;
    bool known = false, care = false, partner = false;
    if (org_list(d, a, NULL, &o, &no) != DB_OK)
        return SIG_ERROR;
    for (size_t i = 0; i < no; i++)
        if (o[i].id == org_id) {
            partner = strcmp(o[i].kind, "partner") == 0;
            known = !partner || today; /* a partner only where the agreements are checked */
            care = strcmp(o[i].kind, "care_network") == 0;
        }
    if (!known)
        return SIG_BAD_INPUT;
    struct category c;
    if (category_get(d, a, p.category_id, &c) != DB_OK)
        return SIG_ERROR;
    if (partner) {
        /* a partner organisation: only within an agreement for this kind of
         * case that holds today, never a confidential one (partner.c) */
        struct category mc = c;
        if (c.parent_id && category_get(d, a, c.parent_id, &mc) != DB_OK)
            return SIG_ERROR;
        const char *refusal = partner_work_refusal(
            d, a, org_id, mc.id,
            p.confidential || p.intake_confidential || c.confidential || mc.confidential, today);
        if (refusal) {
            if (why)
                *why = refusal;
            return SIG_BAD_INPUT;
        }
    }

    struct signal s;
    memset(&s, 0, sizeof s);
    char token[AUTH_TOKEN_CHARS];
    auth_random_token(token);
    s.token = token;
    s.type = p.type;
    s.channel = p.channel;
    s.channel_detail = p.channel_detail;
    s.category_id = p.category_id;
    s.description = what;
    s.status = "gemeld";
    s.owner_org_id = org_id;
    s.confidential = p.confidential || care;
    /* The parent's address text keeps its own confidentiality: a task that
     * is not confidential does not copy one the care network wrote. */
    s.address_text = p.intake_confidential && !s.confidential ? NULL : p.address_text;
    s.location_known = p.location_known;
    s.lat = p.lat;
    s.lon = p.lon;
    s.wijk_id = p.wijk_id;
    s.buurt_id = p.buurt_id;
    s.created_at = now;
    if (cal_deadline(NULL, now, c.deadline_days, !c.deadline_working, &s.deadline_at) != 0)
        return SIG_ERROR;
    if (db_begin_write(d) != DB_OK)
        return SIG_ERROR;
    int64_t id = 0;
    bool ok = signal_insert(d, &s, 0, NULL, u->id, 0, &id) == DB_OK;
    if (ok) {
        sqlite3_stmt *st = db_stmt(d, SQL_SET_PARENT);
        ok = st != NULL;
        if (ok) {
            sqlite3_bind_int64(st, 1, id);
            sqlite3_bind_int64(st, 2, parent);
            ok = db_exec_stmt(st) == DB_OK;
        }
    }
    const char *note = arena_printf(a,
                                    partner ? "Deeltaak %lld voor een partnerorganisatie."
                                            : "Deeltaak %lld voor een andere afdeling.",
                                    (long long)id);
    ok = ok &&
         signal_add_event(d, id, now, u->id, "created", NULL, "gemeld", 0, org_id, NULL, 0) ==
             DB_OK &&
         signal_add_event(d, parent, now, u->id, "task", NULL, NULL, p.owner_org_id, org_id, note,
                          0) == DB_OK;
    if (!ok || db_commit(d) != DB_OK) {
        db_rollback(d);
        return SIG_ERROR;
    }
    if (task_id)
        *task_id = id;
    return SIG_OK;
}

int signal_task_closed(db *d, arena *a, int64_t id, int64_t now, const char *base_url)
{
    struct signal s, p;
    if (signal_get(d, a, id, &s) != DB_OK)
        return -1;
    if (!s.parent_id || !s.closed_at)
        return 0;
    if (signal_get(d, a, s.parent_id, &p) != DB_OK)
        return -1;
    if (p.closed_at)
        return 0;
    struct signal_task_row *t;
    size_t nt;
    if (signal_tasks(d, a, p.id, &t, &nt) != DB_OK)
        return -1;
    for (size_t i = 0; i < nt; i++)
        if (!t[i].closed_at)
            return 0;
    /* Every task is done: the parent closes, the reporter hears it. */
    if (db_begin_write(d) != DB_OK)
        return -1;
    const char *msg = "Alle onderdelen van uw melding zijn afgehandeld.";
    bool ok =
        signal_set_status(d, p.id, "afgehandeld", now, 1) == DB_OK &&
        signal_add_event(d, p.id, now, 0, "status", p.status, "afgehandeld", 0, 0, msg, 1) == DB_OK;
    struct signal_contact *c;
    size_t nc;
    if (ok && signal_contacts(d, a, p.id, &c, &nc) == DB_OK) {
        for (size_t i = 0; ok && i < nc; i++) {
            if (c[i].erased || !c[i].email)
                continue;
            const char *body = arena_printf(
                a,
                "Beste melder,\n\n%s\n\nAlles over uw melding ziet u hier:\n%s/melding/%s\n\n"
                "Met vriendelijke groet,\nGemeente Zoetermeer\n",
                msg, base_url ? base_url : "", p.token);
            struct optin_mail m = {.to = c[i].email,
                                   .subject = "Uw melding is afgehandeld",
                                   .body = body,
                                   .kind = "closed",
                                   .ref = p.id};
            ok = body && optin_queue(d, a, now, base_url, &m, NULL) == 0;
        }
    }
    if (!ok || db_commit(d) != DB_OK) {
        db_rollback(d);
        return -1;
    }
    return 1;
}

enum signal_result signal_hand_collective(db *d, arena *a, const struct user *u, int64_t id,
                                          const struct signal_collective_input *in, int64_t now,
                                          int64_t *new_id, const char **field, const char **problem)
{
    *new_id = 0;
    *field = *problem = NULL;
    struct signal p;
    int rc = signal_get(d, a, id, &p);
    if (rc == DB_NOTFOUND)
        return SIG_NOT_FOUND;
    if (rc != DB_OK)
        return SIG_ERROR;
    /* a care-network lead, on a case the care network holds */
    if (!signal_in_care_network(u) || !p.confidential || !signal_may_handle(d, u, &p))
        return SIG_FORBIDDEN;
    const char *text = in->text;
    size_t len = text ? strlen(text) : 0;
    bool blank = true;
    for (size_t i = 0; i < len && blank; i++)
        blank = strchr(" \t\r\n", text[i]) != NULL;
    if (blank || !utf8_valid(text, len) || utf8_len_chars(text, len) > SIGNAL_DESCRIPTION_MAX) {
        *field = "collective-text";
        *problem = blank
                       ? N_("Schrijf wat de wijkregisseur moet weten: het probleem van de straat, "
                            "zonder gegevens van de persoon.")
                       : N_("De tekst is te lang: hoogstens 4.000 tekens.");
        return SIG_BAD_INPUT;
    }
    struct category c;
    if (!in->category_id || category_get(d, a, in->category_id, &c) != DB_OK || !c.parent_id ||
        !c.active || c.confidential) {
        *field = "collective-category";
        *problem = N_("Kies een categorie uit de lijst: een onderwerp van de straat, geen "
                      "vertrouwelijk.");
        return SIG_BAD_INPUT;
    }
    char on[CAL_DATE_LEN];
    cal_format_date(cal_date_of(now), on);
    int64_t regisseur = signal_wijkregisseur_of(d, p.wijk_id, on);
    if (!regisseur) {
        *field = "collective-text";
        *problem = N_("Deze zaak ligt niet in een wijk met een wijkregisseur. Plaats de zaak eerst "
                      "in een wijk.");
        return SIG_BAD_INPUT;
    }
    struct signal s;
    memset(&s, 0, sizeof s);
    char token[AUTH_TOKEN_CHARS];
    auth_random_token(token);
    s.token = token;
    s.type = "melding";
    s.channel = "partner";
    s.category_id = c.id;
    s.description = text;
    /* the place: the wijk, and the point only when the lead passes it on */
    s.wijk_id = p.wijk_id;
    s.location_known = in->with_point && p.location_known;
    if (s.location_known) {
        s.lat = p.lat;
        s.lon = p.lon;
        s.buurt_id = p.buurt_id;
    }
    s.status = "gemeld";
    s.owner_org_id = org_id_by_code(d, "SAM");
    s.owner_user_id = regisseur;
    s.confidential = 0;
    s.created_at = now;
    if (!s.owner_org_id ||
        cal_deadline(NULL, now, c.deadline_days, !c.deadline_working, &s.deadline_at) != 0)
        return SIG_ERROR;
    if (db_begin_write(d) != DB_OK)
        return SIG_ERROR;
    int64_t nid = 0;
    bool ok = signal_insert(d, &s, 0, NULL, u->id, 0, &nid) == DB_OK &&
              signal_add_event(d, nid, now, u->id, "created", NULL, "gemeld", 0, s.owner_org_id,
                               NULL, 0) == DB_OK &&
              signal_care_link_add(d, id, nid, now) == DB_OK;
    /* on the care case (confidential, as everything written there now) */
    const char *note = arena_printf(
        a, "Collectief deel overgedragen aan de wijkregisseur als melding %lld.", (long long)nid);
    ok = ok && note &&
         signal_add_event(d, id, now, u->id, "note", NULL, NULL, 0, 0, note, 0) == DB_OK;
    if (!ok || db_commit(d) != DB_OK) {
        db_rollback(d);
        return SIG_ERROR;
    }
    *new_id = nid;
    return SIG_OK;
}
