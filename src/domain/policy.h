/*
 * policy.h: who may do what, in one table (role x action x scope).
 *
 * The router consults policy_allows() before any handler runs; a handler
 * that acts on a particular region, wijk or organisation asks again with
 * that target. Deny by default: an action absent from the table for a role
 * is refused.
 */
#ifndef WR_POLICY_H
#define WR_POLICY_H

#include "domain/user.h"

enum action {
    ACT_PUBLIC,              /* anyone, also without an account */
    ACT_STAFF_HOME,          /* the back office start page */
    ACT_OWN_ACCOUNT,         /* change one's own password, log out */
    ACT_ORG_VIEW,            /* departments, partners, contact details */
    ACT_USERS_MANAGE,        /* add, change, disable accounts (not the care network's: grant.c) */
    ACT_CARE_NETWORK_MANAGE, /* the care network's members: their roles, passwords, e-mail */
    ACT_AREAS_MANAGE,        /* assign a wijk to a region; who holds the public functions */
    ACT_AUDIT_VIEW,          /* read the audit trail */
    ACT_METRICS,             /* /metrics: operators only (loopback or administrator) */
    ACT_SIGNAL_INTAKE,       /* enter a signal on a resident's behalf (counter, phone) */
    ACT_SIGNAL_LIST,         /* the work list and a signal's page (content per signal rules) */
    ACT_CATEGORIES_MANAGE,   /* the category tree: deadlines, messages, public, active */
    ACT_ROUTING_MANAGE,      /* the routing rules */
    ACT_FOCUS_VIEW,          /* focus points and their plans in the back office */
    ACT_FOCUS_EDIT,          /* write plans, actions, measurements, report texts, inventory */
    ACT_FOCUS_DECIDE,        /* record the college's decision on a proposed focus point */
    ACT_REGIE_LOG,           /* a wijkregisseur records their own time: directing or executing */
    ACT_MONITOR_VIEW,        /* the monitor dashboards and their exports */
    ACT_REPORT_VIEW,         /* the yearly council report */
    ACT_YEAR_CLOSE,          /* freeze a year's figures */
    ACT_COUNCIL_INTAKE,      /* a council member passes on a resident's signal, sees its status */
    ACT_BUDGET_VIEW,         /* the budget of wijkgericht werken per year (who reads the monitor) */
    ACT_METHODS_VIEW,        /* the menu of participation methods (colleagues) */
    ACT_METHODS_EDIT,        /* add and change participation methods (who runs participation) */
    ACT_INITIATIVE_LIST,   /* residents' initiatives: the work list, an application, its handling */
    ACT_INITIATIVE_INTAKE, /* enter an application for a grant on a resident's behalf */
    ACT_INITIATIVE_DECIDE, /* grant or reject (within the mandate table, domain/initiative.c) */
    ACT_INITIATIVE_PERSONAL, /* an applicant's contact details and account number */
    ACT_MANDATE_VIEW,        /* read the mandate table: who decides up to which amount */
    ACT_MANDATE_CHANGE,      /* change it (the wijkwethouder; never the administrator) */
    ACT_WIJK_BUDGET_VIEW,    /* the wijk budgets of a year (handlers of initiatives, the council) */
    ACT_WIJK_BUDGET_AMOUNT,  /* set a wijk's yearly amount (the wijkwethouder) */
    ACT_WIJK_BUDGET_RESERVE, /* set a wijk's flexible reserve (the wijkregisseur of its region) */
    ACT_KNOWLEDGE_VIEW,      /* a wijk's knowledge page for the counter (staff) */
    ACT_KNOWLEDGE_EDIT,      /* write its questions and notes (the wijkregisseur of the region) */
    ACT_STORY_EDIT,          /* write and publish success stories (who runs participation) */
    ACT_COUNTER_CONTACT,     /* register contacts at the counter (the till) */
    ACT_COUNTER_MANAGE,      /* counter locations: hours, address, organisations in the building */
    ACT_RESIDENT_OWN,        /* a resident's own data: see, change, export, delete; log out */
    ACT_SURVEY_EDIT,         /* keep surveys and read their results in full (the survey's region) */
    ACT_SURVEY_ENTER,     /* enter survey answers collected on paper, at the counter or a meeting */
    ACT_PARTNER_REGISTER, /* the partner register: people per wijk, agreements (netwerkregisseur) */
    ACT_OWN_ACTIONS,      /* the focus-point actions of one's own department or partner */
    ACT_CONSULT_EDIT,     /* keep consultations and answer ideas (the region's, consult.c) */
    ACT_CONSULT_PAPER,    /* enter ideas and reactions collected on paper or at a meeting */
    ACT_CONSULT_MODERATE, /* hide or restore reported ideas and reactions */
    ACT_CONSULT_TAKE_PART,  /* post ideas and reactions, support, report (residents) */
    ACT_MEETING_EDIT,       /* public meetings: keep them, their registrations, presence, summary */
    ACT_SPREEKUUR_ASK,      /* a resident asks the wijkwethouder (the digital wijkspreekuur) */
    ACT_SPREEKUUR_ANSWER,   /* answer it: the wethouder, or whom they delegate (spreekuur.c) */
    ACT_SPREEKUUR_DELEGATE, /* the wethouder records who answers for them */
    ACT_SPREEKUUR_INTAKE,   /* the counter enters a question handed in there */
    ACT_ESCALATE,           /* escalate a stuck case of one's region (escalation.c) */
    ACT_ESCALATION_DECIDE,  /* decide what was escalated to one (escalation.c) */
    ACT_WIJKTEAM_EDIT,      /* a wijk's wijkteam: composition, meetings, minutes (wijkteam.c) */
    ACT__COUNT
};

/* How far a granted action reaches for a role. */
enum scope_kind {
    SCOPE_NONE = 0, /* not granted */
    SCOPE_ALL,      /* everywhere */
    SCOPE_OWN,      /* only within the role's region, wijk or organisation */
};

/* What an action is about; zero fields mean "not about a particular one". */
struct scope_target {
    int64_t region_id;
    int64_t area_id;
    int64_t org_id;
};

extern const char *const action_names[ACT__COUNT];

/* May user u (NULL: anonymous) perform action a on target t (NULL: in general)? */
bool policy_allows(const struct user *u, enum action a, const struct scope_target *t);
/* The scope a role has for an action (for tests and the admin overview). */
enum scope_kind policy_scope(enum role r, enum action a);

#endif
