/*
 * grant.c: who may grant which role to whom (see grant.h for the rule in
 * words). Who counts as the administrator and who as a care-network lead
 * comes from the permission table (ACT_USERS_MANAGE, ACT_CARE_NETWORK_MANAGE);
 * which roles belong to the care network and which decide about money or
 * cases, from user.c.
 */
#include "grant.h"

#include "domain/policy.h"
#include "lib/i18n_mark.h"

static bool is_manager(const struct user *actor)
{
    return policy_allows(actor, ACT_USERS_MANAGE, NULL);
}

/* May the actor decide about a role of the care network? Only a lead, and
 * only about the network's own roles: another role scoped to the network
 * (afdeling for the care network's organisation, say) has powers outside
 * it, so only the operator gives it. A lead whose role is scoped to one of
 * the network's organisations decides about the roles scoped to that
 * organisation; an unscoped lead about all of them. */
static enum grant_verdict care_decider(const struct user *actor, const struct user_role *role)
{
    bool lead = false;
    if (!actor || actor->disabled)
        return GRANT_CARE_ONLY;
    for (size_t i = 0; i < actor->nroles; i++) {
        const struct user_role *ur = &actor->roles[i];
        if (policy_scope(ur->role, ACT_CARE_NETWORK_MANAGE) == SCOPE_NONE)
            continue;
        lead = true;
        if (!role_of_care_network(role->role))
            return GRANT_NOT_CARE_ROLE;
        if (!ur->org_id || ur->org_id == role->org_id)
            return GRANT_OK;
    }
    return lead ? GRANT_OTHER_NETWORK : GRANT_CARE_ONLY;
}

static enum grant_verdict decider(const struct user *actor, const struct user_role *role)
{
    if (role->role == ROLE_BEWONER)
        return GRANT_RESIDENT;
    if (role_is_care(role))
        return care_decider(actor, role);
    return is_manager(actor) ? GRANT_OK : GRANT_NOT_MANAGER;
}

bool grant_may_decide(const struct user *actor, const struct user_role *role)
{
    return decider(actor, role) == GRANT_OK;
}

/* A key to an account (password, e-mail, enabling it again) opens every
 * role it holds: the actor must be able to decide about each of them. */
static enum grant_verdict key_check(const struct user *actor, const struct user *target)
{
    if (target->nroles == 0)
        return is_manager(actor) ? GRANT_OK : GRANT_NOT_MANAGER;
    bool care = false, other = false;
    enum grant_verdict first = GRANT_OK;
    for (size_t i = 0; i < target->nroles; i++) {
        const struct user_role *ur = &target->roles[i];
        if (role_is_care(ur))
            care = true;
        else
            other = true;
        enum grant_verdict v = decider(actor, ur);
        if (v != GRANT_OK && first == GRANT_OK)
            first = v;
    }
    if (first != GRANT_OK && care && other)
        return GRANT_MIXED_KEY;
    return first;
}

bool grant_roles_conflict(const struct user_role *roles, size_t n)
{
    bool admin = false, decides = false;
    for (size_t i = 0; i < n; i++) {
        admin |= roles[i].role == ROLE_BEHEERDER;
        decides |= role_decides(&roles[i]);
    }
    return admin && decides;
}

static bool conflicts_with(const struct user *target, const struct user_role *role)
{
    struct user_role all[USER_MAX_ROLES + 1];
    size_t n = 0;
    for (size_t i = 0; i < target->nroles && n < USER_MAX_ROLES; i++)
        all[n++] = target->roles[i];
    all[n++] = *role;
    return grant_roles_conflict(all, n);
}

enum grant_verdict grant_check(const struct user *actor, const struct user *target,
                               enum account_change c, const struct user_role *role)
{
    bool self = actor && target->id && actor->id == target->id;
    enum grant_verdict v;
    /* a resident's account is the resident's own; nobody makes one here */
    if (!self && c == CHANGE_GRANT && role &&
        (role->role == ROLE_BEWONER || user_is_resident(target)))
        return GRANT_RESIDENT;
    if (!self && user_is_resident(target) && c != CHANGE_DISABLE)
        return GRANT_RESIDENT;
    switch (c) {
    case CHANGE_GRANT:
        if (!role)
            return GRANT_NOT_MANAGER;
        if (self)
            return GRANT_SELF_ROLE;
        if (actor && (v = decider(actor, role)) != GRANT_OK)
            return v;
        return conflicts_with(target, role) ? GRANT_INCOMPATIBLE : GRANT_OK;
    case CHANGE_REVOKE:
        if (!role)
            return GRANT_NOT_MANAGER;
        if (!actor)
            return GRANT_OK;
        if (self)
            return GRANT_SELF_ROLE;
        return decider(actor, role);
    case CHANGE_PASSWORD:
        if (!actor)
            return GRANT_OK;
        if (self)
            return GRANT_SELF_PASSWORD;
        return key_check(actor, target);
    case CHANGE_DETAILS:
    case CHANGE_ENABLE:
        if (!actor)
            return GRANT_OK;
        return key_check(actor, target);
    case CHANGE_DISABLE:
        if (!actor)
            return GRANT_OK;
        if (self)
            return GRANT_SELF_DISABLE;
        if (is_manager(actor))
            return GRANT_OK; /* a lock, not a key: also a care-network account */
        for (size_t i = 0; i < target->nroles; i++)
            if (role_is_care(&target->roles[i]) &&
                care_decider(actor, &target->roles[i]) == GRANT_OK)
                return GRANT_OK;
        return GRANT_NOT_MANAGER;
    case CHANGE__COUNT:
        break;
    }
    return GRANT_NOT_MANAGER;
}

const char *grant_verdict_message(enum grant_verdict v)
{
    switch (v) {
    case GRANT_OK:
        return NULL;
    case GRANT_SELF_ROLE:
        return N_("U kunt uw eigen rollen niet wijzigen. Vraag dat aan een collega die erover "
                  "gaat.");
    case GRANT_SELF_PASSWORD:
        return N_("Uw eigen wachtwoord wijzigt u bij Wachtwoord wijzigen, met uw huidige "
                  "wachtwoord.");
    case GRANT_SELF_DISABLE:
        return N_("U kunt uw eigen account niet uitschakelen.");
    case GRANT_CARE_ONLY:
        return N_("Over het wijkzorgnetwerk beslist alleen de aanvoerder van het "
                  "wijkzorgnetwerk: wie lid is, met welke rol, en het wachtwoord en e-mailadres "
                  "van de leden. U kunt het account wel uitschakelen.");
    case GRANT_OTHER_NETWORK:
        return N_("U beslist alleen over de leden van uw eigen wijkzorgnetwerk.");
    case GRANT_NOT_CARE_ROLE:
        return N_("Het wijkzorgnetwerk geeft alleen zijn eigen rollen. Andere rollen binnen het "
                  "wijkzorgnetwerk geeft wie de server beheert, met het commando wijkregie "
                  "user.");
    case GRANT_NOT_MANAGER:
        return N_("Alleen de beheerder beslist hierover.");
    case GRANT_RESIDENT:
        return N_("Een bewonersaccount maakt een inwoner zelf aan, en het krijgt geen andere rol. "
                  "De naam, het e-mailadres en de andere gegevens ervan wijzigt alleen de inwoner "
                  "zelf. U kunt het account wel uitschakelen.");
    case GRANT_MIXED_KEY:
        return N_("Dit account heeft rollen binnen en buiten het wijkzorgnetwerk. Het "
                  "wachtwoord, de naam en het e-mailadres ervan wijzigt alleen wie de server "
                  "beheert, met het commando wijkregie user.");
    case GRANT_INCOMPATIBLE:
        return N_("Een beheerder kan niet ook een rol hebben die over geld of over zaken van "
                  "mensen beslist: wijkregisseur, wijkwethouder of een rol in het "
                  "wijkzorgnetwerk.");
    }
    return N_("Alleen de beheerder beslist hierover.");
}
