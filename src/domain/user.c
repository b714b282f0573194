/*
 * user.c: the role catalogue. Labels are Dutch msgids (translated at render).
 */
#include "user.h"

#include "lib/i18n_mark.h"

#include <string.h>

const struct role_info role_catalogue[ROLE__COUNT] = {
    {ROLE_BEHEERDER, "beheerder", N_("Beheerder"), "beheerder"},
    {ROLE_BALIE, "balie", N_("Baliemedewerker"), "baliemedewerker"},
    {ROLE_ONDERSTEUNER, "ondersteuner", N_("Administratief ondersteuner"),
     "administratief ondersteuner"},
    {ROLE_WIJKREGISSEUR, "wijkregisseur", N_("Wijkregisseur"), "wijkregisseur"},
    {ROLE_NETWERKREGISSEUR, "netwerkregisseur", N_("Netwerkregisseur"), "netwerkregisseur"},
    {ROLE_WIJKBEHEERDER, "wijkbeheerder", N_("Wijkbeheerder"), "wijkbeheerder"},
    {ROLE_AFDELING, "afdeling", N_("Medewerker vakafdeling"), "vakafdeling medewerker"},
    {ROLE_AANVOERDER_WZN, "aanvoerder-wzn", N_("Aanvoerder wijkzorgnetwerk"),
     "aanvoerder wijkzorgnetwerk"},
    {ROLE_STADSMARSHALL, "stadsmarshall", N_("Stadsmarshall"), "stadsmarshall"},
    {ROLE_PARTNER, "partner", N_("Maatschappelijke partner"), "maatschappelijke partner"},
    {ROLE_WIJKWETHOUDER, "wijkwethouder", N_("Wijkwethouder"), "wijkwethouder"},
    {ROLE_RAADSLID, "raadslid", N_("Raadslid"), "raadslid"},
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

const char *role_label(enum role r)
{
    return (unsigned)r < ROLE__COUNT ? role_catalogue[r].label : "";
}

bool user_has_role(const struct user *u, enum role r)
{
    return u && (u->role_mask & (1u << r));
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
