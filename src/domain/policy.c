/*
 * policy.c: the permission table. One row per action, one column per role.
 *
 * Reading guide: A = everywhere, O = within the role's own scope, . = no.
 * Who may give which role to whom, within these actions, is grant.c's rule:
 * ACT_USERS_MANAGE makes the administrator, ACT_CARE_NETWORK_MANAGE a lead
 * of the care network (within the organisation the role is scoped to).
 * Whether a user may read or handle one particular signal is decided by the
 * signal rules (domain/signal.c): confidential care-network content only for
 * the care network, not even for the administrator. Residents'
 * initiatives: the ondersteuner, wijkregisseur and wijkwethouder of the
 * application's region handle them and read the applicant's contact details
 * and account number; who decides up to which amount is the mandate table
 * (domain/initiative.c), which everyone who handles initiatives reads and
 * only the wijkwethouder changes; the administrator has no part in them.
 * Focus points: the college decides on a proposal, and the wijkwethouder
 * alone records that decision (ACT_FOCUS_DECIDE); neither the regisseur nor
 * the administrator can (domain/focus.c).
 * A wijkregisseur records their own time (ACT_REGIE_LOG): only their own
 * entries, which nobody else reads one by one; the monitor shows the sums.
 * The counter: the clerk registers contacts; the administrator and the
 * wijkregisseur of the location's region keep its hours and building.
 * A resident (bew, the role bewoner) has no staff action at all: only the
 * public pages and their own data (ACT_RESIDENT_OWN), which no staff role
 * has; no staff role is ever given to a resident's account (grant.c).
 * Surveys: the wijkregisseur and the ondersteuner keep those of their region
 * (and the city's) and read their results in full; they and the counter's
 * clerks enter answers collected on paper (domain/survey.c).
 * Partners: the netwerkregisseur keeps the partner register; a partner's
 * staff member (par) has only the start page, their own account and the
 * actions of their own organisation (O: the organisation the role is scoped
 * to), as department staff (afd) and the head of a department (hfd) have
 * those of their department (domain/partner.c).
 * Consultations: the wijkregisseur and ondersteuner of the region keep
 * them and answer ideas, they and the counter's clerks enter paper input,
 * the ondersteuner of the region moderates; residents take part
 * (consult.c has the phases and the region rule).
 * Asking the wijkwethouder (ACT_SPREEKUUR_ASK) is a resident's own
 * participation, no staff action. Public meetings are kept by the
 * wijkregisseur and the ondersteuner of the wijk's region, who alone see who
 * registered (names and e-mail); the administrator has no part in them. The
 * digital wijkspreekuur: a resident asks; the wethouder answers, or whom
 * they delegate (ACT_SPREEKUUR_ANSWER only opens the work list: which
 * questions one may answer and read is spreekuur.c's rule, never the
 * administrator's); the counter enters questions handed in there.
 * Escalation (doorzettingsmacht): the wijkregisseur escalates a stuck case
 * of their region; the head of the department that owns it, or the
 * wijkwethouder of its region, decides (escalation.c has which one, and
 * that confidential and care-network cases are never escalated); the
 * administrator has no part in it.
 * The wijkteam: the wijkregisseur of the wijk's region sets its frequency
 * and composition and keeps its meetings; who reads a meeting's agenda and
 * minutes (its invitees and the region's staff, no one else, not even the
 * administrator) is wijkteam.c's rule, behind ACT_STAFF_HOME.
 */
#include "policy.h"

#define A SCOPE_ALL
#define O SCOPE_OWN
#define _ SCOPE_NONE

/* clang-format off */
static const unsigned char table[ACT__COUNT][ROLE__COUNT] = {
    /*                   beh bal ond reg net wbh afd wzn sma par weth raad bew hfd */
    [ACT_PUBLIC]      = { A,  A,  A,  A,  A,  A,  A,  A,  A,  A,  A,   A,  A,  A },
    [ACT_STAFF_HOME]  = { A,  A,  A,  A,  A,  A,  A,  A,  A,  A,  A,   A,  _,  A },
    [ACT_OWN_ACCOUNT] = { A,  A,  A,  A,  A,  A,  A,  A,  A,  A,  A,   A,  _,  A },
    [ACT_ORG_VIEW]    = { A,  A,  A,  A,  A,  A,  A,  A,  A,  _,  A,   _,  _,  A },
    [ACT_USERS_MANAGE]= { A,  _,  _,  _,  _,  _,  _,  _,  _,  _,  _,   _,  _,  _ },
    [ACT_CARE_NETWORK_MANAGE] = { _,  _,  _,  _,  _,  _,  _,  A,  _,  _,  _,   _,  _,  _ },
    [ACT_AREAS_MANAGE]= { A,  _,  _,  _,  _,  _,  _,  _,  _,  _,  _,   _,  _,  _ },
    [ACT_AUDIT_VIEW]  = { A,  _,  _,  _,  _,  _,  _,  _,  _,  _,  _,   _,  _,  _ },
    [ACT_METRICS]     = { A,  _,  _,  _,  _,  _,  _,  _,  _,  _,  _,   _,  _,  _ },
    [ACT_SIGNAL_INTAKE]={ _,  A,  A,  A,  A,  A,  A,  A,  A,  _,  _,   _,  _,  A },
    [ACT_SIGNAL_LIST] = { A,  A,  A,  A,  A,  A,  A,  A,  A,  _,  A,   _,  _,  A },
    [ACT_CATEGORIES_MANAGE] = { A,  _,  _,  _,  _,  _,  _,  _,  _,  _,  _,   _,  _,  _ },
    [ACT_ROUTING_MANAGE]    = { A,  _,  _,  _,  _,  _,  _,  _,  _,  _,  _,   _,  _,  _ },
    [ACT_FOCUS_VIEW]  = { A,  _,  A,  A,  A,  A,  A,  A,  _,  _,  A,   _,  _,  A },
    [ACT_FOCUS_EDIT]  = { A,  _,  A,  O,  A,  _,  _,  _,  _,  _,  _,   _,  _,  _ },
    [ACT_FOCUS_DECIDE]= { _,  _,  _,  _,  _,  _,  _,  _,  _,  _,  A,   _,  _,  _ },
    [ACT_REGIE_LOG]   = { _,  _,  _,  A,  _,  _,  _,  _,  _,  _,  _,   _,  _,  _ },
    [ACT_MONITOR_VIEW]= { A,  _,  A,  A,  A,  A,  A,  A,  _,  _,  A,   A,  _,  A },
    [ACT_REPORT_VIEW] = { A,  _,  A,  A,  A,  A,  A,  A,  _,  _,  A,   A,  _,  A },
    [ACT_YEAR_CLOSE]  = { A,  _,  _,  _,  _,  _,  _,  _,  _,  _,  _,   _,  _,  _ },
    [ACT_COUNCIL_INTAKE]={ _,  _,  _,  _,  _,  _,  _,  _,  _,  _,  _,   A,  _,  _ },
    [ACT_BUDGET_VIEW] = { A,  _,  A,  A,  A,  A,  A,  A,  _,  _,  A,   A,  _,  A },
    [ACT_METHODS_VIEW]= { A,  A,  A,  A,  A,  A,  A,  A,  A,  _,  A,   _,  _,  A },
    [ACT_METHODS_EDIT]= { A,  _,  _,  A,  A,  _,  _,  _,  _,  _,  _,   _,  _,  _ },
    [ACT_INITIATIVE_LIST]   = { _,  _,  O,  O,  _,  _,  _,  _,  _,  _,  A,   _,  _,  _ },
    [ACT_INITIATIVE_INTAKE] = { _,  A,  A,  A,  _,  _,  _,  _,  _,  _,  _,   _,  _,  _ },
    [ACT_INITIATIVE_DECIDE] = { _,  _,  _,  O,  _,  _,  _,  _,  _,  _,  A,   _,  _,  _ },
    [ACT_INITIATIVE_PERSONAL]={ _,  _,  O,  O,  _,  _,  _,  _,  _,  _,  A,   _,  _,  _ },
    [ACT_MANDATE_VIEW]      = { _,  _,  A,  A,  _,  _,  _,  _,  _,  _,  A,   _,  _,  _ },
    [ACT_MANDATE_CHANGE]    = { _,  _,  _,  _,  _,  _,  _,  _,  _,  _,  A,   _,  _,  _ },
    [ACT_WIJK_BUDGET_VIEW]  = { _,  _,  A,  A,  _,  _,  _,  _,  _,  _,  A,   A,  _,  _ },
    [ACT_WIJK_BUDGET_AMOUNT]= { _,  _,  _,  _,  _,  _,  _,  _,  _,  _,  A,   _,  _,  _ },
    [ACT_WIJK_BUDGET_RESERVE]={ _,  _,  _,  O,  _,  _,  _,  _,  _,  _,  _,   _,  _,  _ },
    [ACT_RESIDENT_OWN]      = { _,  _,  _,  _,  _,  _,  _,  _,  _,  _,  _,   _,  A,  _ },
    [ACT_KNOWLEDGE_VIEW]    = { A,  A,  A,  A,  A,  A,  A,  A,  A,  _,  A,   _,  _,  A },
    [ACT_KNOWLEDGE_EDIT]    = { A,  _,  _,  O,  _,  _,  _,  _,  _,  _,  _,   _,  _,  _ },
    [ACT_STORY_EDIT]        = { A,  _,  _,  A,  A,  _,  _,  _,  _,  _,  _,   _,  _,  _ },
    [ACT_COUNTER_CONTACT]   = { _,  A,  _,  _,  _,  _,  _,  _,  _,  _,  _,   _,  _,  _ },
    [ACT_COUNTER_MANAGE]    = { A,  _,  _,  O,  _,  _,  _,  _,  _,  _,  _,   _,  _,  _ },
    [ACT_PARTNER_REGISTER]  = { _,  _,  _,  _,  A,  _,  _,  _,  _,  _,  _,   _,  _,  _ },
    [ACT_OWN_ACTIONS]       = { _,  _,  _,  _,  _,  _,  O,  _,  _,  O,  _,   _,  _,  O },
    [ACT_SURVEY_EDIT]       = { _,  _,  O,  O,  _,  _,  _,  _,  _,  _,  _,   _,  _,  _ },
    [ACT_SURVEY_ENTER]      = { _,  A,  O,  O,  _,  _,  _,  _,  _,  _,  _,   _,  _,  _ },
    [ACT_CONSULT_EDIT]      = { _,  _,  O,  O,  _,  _,  _,  _,  _,  _,  _,   _,  _,  _ },
    [ACT_CONSULT_PAPER]     = { _,  A,  O,  O,  _,  _,  _,  _,  _,  _,  _,   _,  _,  _ },
    [ACT_CONSULT_MODERATE]  = { _,  _,  O,  _,  _,  _,  _,  _,  _,  _,  _,   _,  _,  _ },
    [ACT_CONSULT_TAKE_PART] = { _,  _,  _,  _,  _,  _,  _,  _,  _,  _,  _,   _,  A,  _ },
    [ACT_MEETING_EDIT]      = { _,  _,  O,  O,  _,  _,  _,  _,  _,  _,  _,   _,  _,  _ },
    [ACT_SPREEKUUR_ASK]     = { _,  _,  _,  _,  _,  _,  _,  _,  _,  _,  _,   _,  A,  _ },
    [ACT_SPREEKUUR_ANSWER]  = { _,  _,  A,  A,  A,  _,  _,  _,  _,  _,  A,   _,  _,  _ },
    [ACT_SPREEKUUR_DELEGATE]= { _,  _,  _,  _,  _,  _,  _,  _,  _,  _,  A,   _,  _,  _ },
    [ACT_SPREEKUUR_INTAKE]  = { _,  A,  _,  _,  _,  _,  _,  _,  _,  _,  _,   _,  _,  _ },
    [ACT_ESCALATE]          = { _,  _,  _,  O,  _,  _,  _,  _,  _,  _,  _,   _,  _,  _ },
    [ACT_ESCALATION_DECIDE] = { _,  _,  _,  _,  _,  _,  _,  _,  _,  _,  O,   _,  _,  O },
    [ACT_WIJKTEAM_EDIT]     = { _,  _,  _,  O,  _,  _,  _,  _,  _,  _,  _,   _,  _,  _ },
};
/* clang-format on */

#undef A
#undef O
#undef _

const char *const action_names[ACT__COUNT] = {
    [ACT_PUBLIC] = "public",
    [ACT_STAFF_HOME] = "staff_home",
    [ACT_OWN_ACCOUNT] = "own_account",
    [ACT_ORG_VIEW] = "org_view",
    [ACT_USERS_MANAGE] = "users_manage",
    [ACT_CARE_NETWORK_MANAGE] = "care_network_manage",
    [ACT_AREAS_MANAGE] = "areas_manage",
    [ACT_AUDIT_VIEW] = "audit_view",
    [ACT_METRICS] = "metrics",
    [ACT_SIGNAL_INTAKE] = "signal_intake",
    [ACT_SIGNAL_LIST] = "signal_list",
    [ACT_CATEGORIES_MANAGE] = "categories_manage",
    [ACT_ROUTING_MANAGE] = "routing_manage",
    [ACT_FOCUS_VIEW] = "focus_view",
    [ACT_FOCUS_EDIT] = "focus_edit",
    [ACT_FOCUS_DECIDE] = "focus_decide",
    [ACT_REGIE_LOG] = "regie_log",
    [ACT_MONITOR_VIEW] = "monitor_view",
    [ACT_REPORT_VIEW] = "report_view",
    [ACT_YEAR_CLOSE] = "year_close",
    [ACT_COUNCIL_INTAKE] = "council_intake",
    [ACT_BUDGET_VIEW] = "budget_view",
    [ACT_METHODS_VIEW] = "methods_view",
    [ACT_METHODS_EDIT] = "methods_edit",
    [ACT_INITIATIVE_LIST] = "initiative_list",
    [ACT_INITIATIVE_INTAKE] = "initiative_intake",
    [ACT_INITIATIVE_DECIDE] = "initiative_decide",
    [ACT_INITIATIVE_PERSONAL] = "initiative_personal",
    [ACT_MANDATE_VIEW] = "mandate_view",
    [ACT_MANDATE_CHANGE] = "mandate_change",
    [ACT_WIJK_BUDGET_VIEW] = "wijk_budget_view",
    [ACT_WIJK_BUDGET_AMOUNT] = "wijk_budget_amount",
    [ACT_WIJK_BUDGET_RESERVE] = "wijk_budget_reserve",
    [ACT_KNOWLEDGE_VIEW] = "knowledge_view",
    [ACT_KNOWLEDGE_EDIT] = "knowledge_edit",
    [ACT_STORY_EDIT] = "story_edit",
    [ACT_COUNTER_CONTACT] = "counter_contact",
    [ACT_COUNTER_MANAGE] = "counter_manage",
    [ACT_RESIDENT_OWN] = "resident_own",
    [ACT_SURVEY_EDIT] = "survey_edit",
    [ACT_SURVEY_ENTER] = "survey_enter",
    [ACT_PARTNER_REGISTER] = "partner_register",
    [ACT_OWN_ACTIONS] = "own_actions",
    [ACT_CONSULT_EDIT] = "consult_edit",
    [ACT_CONSULT_PAPER] = "consult_paper",
    [ACT_CONSULT_MODERATE] = "consult_moderate",
    [ACT_CONSULT_TAKE_PART] = "consult_take_part",
    [ACT_MEETING_EDIT] = "meeting_edit",
    [ACT_SPREEKUUR_ASK] = "spreekuur_ask",
    [ACT_SPREEKUUR_ANSWER] = "spreekuur_answer",
    [ACT_SPREEKUUR_DELEGATE] = "spreekuur_delegate",
    [ACT_SPREEKUUR_INTAKE] = "spreekuur_intake",
    [ACT_ESCALATE] = "escalate",
    [ACT_ESCALATION_DECIDE] = "escalation_decide",
    [ACT_WIJKTEAM_EDIT] = "wijkteam_edit",
};

enum scope_kind policy_scope(enum role r, enum action a)
{
    if ((unsigned)r >= ROLE__COUNT || (unsigned)a >= ACT__COUNT)
        return SCOPE_NONE;
    return (enum scope_kind)table[a][r];
}

static bool role_covers(const struct user_role *ur, const struct scope_target *t)
{
    if (!t)
        return true;
    if (ur->region_id && t->region_id && ur->region_id == t->region_id)
        return true;
    if (ur->area_id && t->area_id && ur->area_id == t->area_id)
        return true;
    if (ur->org_id && t->org_id && ur->org_id == t->org_id)
        return true;
    return false;
}

bool policy_allows(const struct user *u, enum action a, const struct scope_target *t)
{
    if ((unsigned)a >= ACT__COUNT)
        return false;
    if (a == ACT_PUBLIC)
        return true;
    if (!u || u->disabled)
        return false;
    for (size_t i = 0; i < u->nroles; i++) {
        enum scope_kind s = policy_scope(u->roles[i].role, a);
        if (s == SCOPE_ALL)
            return true;
        if (s == SCOPE_OWN && role_covers(&u->roles[i], t))
            return true;
    }
    return false;
}
