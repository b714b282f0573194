/*
 * user.c: the role catalogue, the sets of roles the rules speak of, and
 * accounts built from the store's rows. Labels are Dutch msgids
 * (translated at render).
 */
#include "user.h"

#include "lib/i18n_mark.h"
#include "store/user_store.h"

#include <stdlib.h>
#include <string.h>

const struct role_info role_catalogue[ROLE__COUNT] = {
    {ROLE_BEHEERDER, "beheerder", N_("Beheerder"), "beheerder",
     N_("Beheert accounts, categorieën, routering, wijken en wie is wie en sluit jaren af; leest "
        "geen vertrouwelijke meldingen.")},
    {ROLE_BALIE, "balie", N_("Baliemedewerker"), "baliemedewerker",
     N_("Neemt meldingen van inwoners aan (balie, telefoon) en volgt ze in de werklijst.")},
    {ROLE_ONDERSTEUNER, "ondersteuner", N_("Administratief ondersteuner"),
     "administratief ondersteuner",
     N_("Neemt meldingen aan en behandelt ze, werkt focuspunten bij, leest monitor en rapport.")},
    {ROLE_WIJKREGISSEUR, "wijkregisseur", N_("Wijkregisseur"), "wijkregisseur",
     N_("Neemt meldingen aan en behandelt ze, werkt de focuspunten van de eigen regio bij; "
        "kies de regio.")},
    {ROLE_NETWERKREGISSEUR, "netwerkregisseur", N_("Netwerkregisseur"), "netwerkregisseur",
     N_("Neemt meldingen aan en behandelt ze, werkt focuspunten van alle wijken bij.")},
    {ROLE_WIJKBEHEERDER, "wijkbeheerder", N_("Wijkbeheerder"), "wijkbeheerder",
     N_("Neemt meldingen aan en behandelt ze, leest focuspunten, monitor en rapport.")},
    {ROLE_AFDELING, "afdeling", N_("Medewerker vakafdeling"), "vakafdeling medewerker",
     N_("Neemt meldingen aan en behandelt die van de eigen afdeling; kies de afdeling.")},
    {ROLE_AANVOERDER_WZN, "aanvoerder-wzn", N_("Aanvoerder wijkzorgnetwerk"),
     "aanvoerder wijkzorgnetwerk",
     N_("Leidt het wijkzorgnetwerk: behandelt vertrouwelijke meldingen en beheert de leden.")},
    {ROLE_STADSMARSHALL, "stadsmarshall", N_("Stadsmarshall"), "stadsmarshall",
     N_("Neemt meldingen aan en behandelt ze op straat.")},
    {ROLE_PARTNER, "partner", N_("Maatschappelijke partner"), "maatschappelijke partner",
     N_("Werkt voor een partnerorganisatie: ziet en werkt alleen de acties en taken van de "
        "eigen organisatie bij; kies de organisatie.")},
    {ROLE_WIJKWETHOUDER, "wijkwethouder", N_("Wijkwethouder"), "wijkwethouder",
     N_("Leest meldingen, focuspunten, monitor en rapport.")},
    {ROLE_RAADSLID, "raadslid", N_("Raadslid"), "raadslid",
     N_("Leest de monitor en het jaarrapport voor de raad.")},
    {ROLE_BEWONER, "bewoner", N_("Bewoner"), "bewoner",
     N_("Een inwoner die meedoet: ziet, wijzigt en verwijdert alleen de eigen gegevens. Dit "
        "account maakt een inwoner zelf aan; het krijgt geen andere rol.")},
    {ROLE_AFDELINGSHOOFD, "afdelingshoofd", N_("Afdelingshoofd"), "afdelingshoofd",
     N_("Hoofd van een vakafdeling: behandelt de meldingen en acties van de afdeling en beslist "
        "als een zaak vastloopt; kies de afdeling.")},
};

int role_from_string(const char *s)
{
    if (!s)
        return -1;
    for (int i = 0; i < ROLE__COUNT; i++)
        if (strcmp(s, role_catalogue[i].code) == 0 || strcmp(s, role_catalogue[i].source_name) == 0)
            return i;
    return -1;
}

const char *role_code(enum role r)
{
    return (unsigned)r < ROLE__COUNT ? role_catalogue[r].code : "";
}

const char *role_explain(enum role r)
{
    return (unsigned)r < ROLE__COUNT ? role_catalogue[r].explain : "";
}

const char *role_scope_problem(const struct user_role *ur, const char *org_kind)
{
    if (ur->role == ROLE_WIJKREGISSEUR && (!ur->region_id || ur->org_id))
        return N_("Kies bij de rol wijkregisseur de regio waar deze persoon wijkregisseur is.");
    if (ur->role == ROLE_AFDELING &&
        (ur->region_id || !ur->org_id || !org_kind ||
         (strcmp(org_kind, "department") != 0 && strcmp(org_kind, "care_network") != 0)))
        return N_("Kies bij de rol medewerker vakafdeling de afdeling waar deze persoon werkt.");
    if (ur->role == ROLE_AFDELINGSHOOFD &&
        (ur->region_id || !ur->org_id || !org_kind || strcmp(org_kind, "department") != 0))
        return N_("Kies bij de rol afdelingshoofd de afdeling waarvan deze persoon hoofd is.");
    if (ur->role == ROLE_PARTNER &&
        (ur->region_id || !ur->org_id || !org_kind || strcmp(org_kind, "partner") != 0))
        return N_("Kies bij de rol maatschappelijke partner de partnerorganisatie waar deze "
                  "persoon werkt.");
    return NULL;
}

const char *role_label(enum role r)
{
    return (unsigned)r < ROLE__COUNT ? role_catalogue[r].label : "";
}

bool user_has_role(const struct user *u, enum role r)
{
    return u && (u->role_mask & (1u << r));
}

bool user_is_resident(const struct user *u)
{
    return user_has_role(u, ROLE_BEWONER);
}

/* The care network's own roles, the ones its lead gives: today its lead
 * (who reads its confidential cases). A later member role of the network
 * is added here. Any other role scoped to one of the network's
 * organisations makes its holder a member too (role_is_care), but only the
 * operator gives such a role: its powers are not confined to the network. */
static const enum role care_roles[] = {ROLE_AANVOERDER_WZN};

/* Roles that decide about money or about people's cases. The administrator
 * keeps the program running and holds none of them, so whoever manages the
 * accounts never also decides a case, a grant or an escalation (grant.c).
 * Every role of the care network counts as one. The head of a department
 * decides the cases escalated to the department. A later role that decides
 * (who awards a wijk budget grant) is added here. */
static const enum role deciding_roles[] = {ROLE_AANVOERDER_WZN, ROLE_WIJKREGISSEUR,
                                           ROLE_WIJKWETHOUDER, ROLE_AFDELINGSHOOFD};

static bool role_in(enum role r, const enum role *set, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (set[i] == r)
            return true;
    return false;
}

bool role_of_care_network(enum role r)
{
    return role_in(r, care_roles, sizeof care_roles / sizeof care_roles[0]);
}

bool role_is_care(const struct user_role *ur)
{
    return ur->care_org || role_of_care_network(ur->role);
}

bool user_in_care_network(const struct user *u)
{
    for (size_t i = 0; u && i < u->nroles; i++)
        if (role_is_care(&u->roles[i]))
            return true;
    return false;
}

bool role_decides(const struct user_role *ur)
{
    return role_is_care(ur) ||
           role_in(ur->role, deciding_roles, sizeof deciding_roles / sizeof deciding_roles[0]);
}

/* --- accounts from rows ----------------------------------------------------- */

static void from_row(const struct user_row *row, struct user *u)
{
    memset(u, 0, sizeof *u);
    u->id = row->id;
    u->login = row->login;
    u->name = row->name;
    u->email = row->email;
    u->person_id = row->person_id;
    u->disabled = row->disabled;
}

static void add_role(struct user *u, const struct user_role_row *rr)
{
    int r = role_from_string(rr->role);
    if (r < 0 || u->nroles >= USER_MAX_ROLES)
        return; /* a role this program no longer knows grants nothing */
    struct user_role *ur = &u->roles[u->nroles++];
    ur->role = (enum role)r;
    ur->region_id = rr->region_id;
    ur->area_id = rr->area_id;
    ur->org_id = rr->org_id;
    ur->care_org = rr->org_kind && strcmp(rr->org_kind, "care_network") == 0;
    u->role_mask |= 1u << r;
}

static int load_roles(db *d, arena *a, struct user *u)
{
    struct user_role_row *rr = NULL;
    size_t n = 0;
    if (user_role_rows(d, a, u->id, &rr, &n) != DB_OK)
        return DB_ERROR;
    for (size_t i = 0; i < n; i++)
        add_role(u, &rr[i]);
    return DB_OK;
}

int user_load_by_login(db *d, arena *a, const char *login, struct user *u, const char **out_hash)
{
    struct user_row row;
    int rc = user_row_by_login(d, a, login, &row);
    if (rc != DB_OK)
        return rc;
    from_row(&row, u);
    if (out_hash)
        *out_hash = row.password_hash;
    return load_roles(d, a, u);
}

int user_load_by_id(db *d, arena *a, int64_t id, struct user *u)
{
    struct user_row row;
    int rc = user_row_by_id(d, a, id, &row);
    if (rc != DB_OK)
        return rc;
    from_row(&row, u);
    return load_roles(d, a, u);
}

static int cmp_user_id(const void *x, const void *y)
{
    int64_t a = (*(struct user *const *)x)->id, b = (*(struct user *const *)y)->id;
    return (a > b) - (a < b);
}

int user_list(db *d, arena *a, struct user **out, size_t *n)
{
    struct user_row *rows = NULL;
    struct user_role_row *rr = NULL;
    size_t nrows = 0, nr = 0;
    if (user_rows(d, a, &rows, &nrows) != DB_OK || user_role_rows(d, a, 0, &rr, &nr) != DB_OK)
        return DB_ERROR;
    struct user *v = arena_calloc(a, nrows ? nrows : 1, sizeof *v);
    if (!v)
        return DB_ERROR;
    struct user **by_id = arena_calloc(a, nrows ? nrows : 1, sizeof *by_id);
    if (!by_id)
        return DB_ERROR;
    for (size_t i = 0; i < nrows; i++) {
        from_row(&rows[i], &v[i]);
        by_id[i] = &v[i];
    }
    /* the accounts come by login, their roles by account id */
    qsort(by_id, nrows, sizeof *by_id, cmp_user_id);
    for (size_t k = 0; k < nr; k++) {
        struct user key = {.id = rr[k].user_id}, *kp = &key;
        struct user **hit = bsearch(&kp, by_id, nrows, sizeof *by_id, cmp_user_id);
        if (hit)
            add_role(*hit, &rr[k]);
    }
    /* residents' accounts are not staff accounts: the resident alone
     * manages theirs (resident.h) */
    size_t kept = 0;
    for (size_t i = 0; i < nrows; i++)
        if (!user_is_resident(&v[i]))
            v[kept++] = v[i];
    *out = v;
    *n = kept;
    return DB_OK;
}

const char *user_login_problem(const char *login)
{
    size_t n = login ? strlen(login) : 0;
    if (n < 2 || n > 64)
        return N_("Een inlognaam heeft 2 tot 64 tekens.");
    for (size_t i = 0; i < n; i++) {
        char c = login[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'))
            return N_("Een inlognaam bestaat uit kleine letters, cijfers, punt, streepje en "
                      "liggend streepje.");
    }
    return NULL;
}

const char *user_name_problem(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0)
        return N_("Vul een naam in.");
    if (n > 128)
        return N_("Een naam heeft hoogstens 128 tekens.");
    return NULL;
}

const char *user_email_problem(const char *email)
{
    if (!email || !*email)
        return NULL;
    size_t n = strlen(email);
    const char *at = strchr(email, '@');
    if (n > 254 || !at || at == email || strchr(at + 1, '@') || !strchr(at + 1, '.') ||
        at[1] == '.' || email[n - 1] == '.' || strpbrk(email, " \t\r\n<>,;\"'"))
        return N_("Dit e-mailadres klopt niet. Een e-mailadres ziet eruit als naam@voorbeeld.nl.");
    return NULL;
}
