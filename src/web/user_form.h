/*
 * user_form.h: the account form shared by the administrator's pages
 * (/beheer/gebruikers) and the care-network lead's pages
 * (/werk/wijkzorgnetwerk). Each page manages its own part of an account's
 * roles: the administrator the roles outside the care network, the lead the
 * network's own roles; the roles a page does not manage are kept as they
 * are. Whether a change is allowed is the domain's rule (domain/grant.h).
 */
#ifndef WR_USER_FORM_H
#define WR_USER_FORM_H

#include "domain/account.h"
#include "web.h"

enum user_form_kind {
    USER_FORM_ADMIN,   /* /beheer/gebruikers */
    USER_FORM_NETWORK, /* /werk/wijkzorgnetwerk */
};

/* Does a page of this kind show and change role ur? */
bool user_form_manages(enum user_form_kind k, const struct user_role *ur);

/* The roles of u as text ("Wijkregisseur (Noord), Raadslid"). */
const char *user_form_roles_text(struct req *r, db *d, const struct user *u);

/* Renders the form: a new account when u is NULL; from_form: with the values
 * just posted (never the password). problem: a Dutch msgid, shown in the
 * error summary and at the field it is about (a role's scope, the name, ...)
 * when there is one, else as a message above the form; NULL: none. */
void user_form_render(struct req *r, db *d, enum user_form_kind k, const struct user *u,
                      bool from_form, const char *problem);

/* Reads the posted form into in: the fields, and the role rows together with
 * the roles of stored (NULL: a new account) the page does not manage. A
 * Dutch msgid when a row names no known role or scope. */
const char *user_form_read(struct req *r, enum user_form_kind k, const struct user *stored,
                           /* out: */ struct account_input *in);

/* Reads one role and its scope from the fields role_field and scope_field
 * ("region:ID" or "org:ID"); 0 when the role field is empty (out untouched),
 * 1 when read, or a msgid in *problem and -1. */
int user_form_read_role(struct req *r, const char *role_field, const char *scope_field,
                        /* out: */ struct user_role *out, const char **problem);

/* The role and scope choices of a page of this kind, for the actor. */
json_t *user_form_role_options(struct req *r, enum user_form_kind k, const char *selected);
json_t *user_form_scope_options(struct req *r, db *d, enum user_form_kind k, const char *selected);

/* Is u a member of the part of the care network the lead decides about? */
bool user_form_in_lead_network(const struct user *lead, const struct user *u);

/* The pages themselves: a new account (GET and POST), the account of the
 * path's {id} (GET and POST; on a lead's page only the lead's members, 404
 * for others), and disabling it (POST). */
void user_form_new_page(struct req *r, enum user_form_kind k);
void user_form_new_post(struct req *r, enum user_form_kind k);
void user_form_edit_page(struct req *r, enum user_form_kind k);
void user_form_edit_post(struct req *r, enum user_form_kind k);
void user_form_disable_post(struct req *r, enum user_form_kind k);

/* Answers a change of an account: on ACCOUNT_OK a redirect to `to` with the
 * flash message; otherwise the form again with the reason (400 for input
 * that is not right, 403 for what the rule refuses), 404 or 500. */
void user_form_answer(struct req *r, db *d, enum user_form_kind k, const struct user *stored,
                      enum account_result res, const char *problem, const char *flash,
                      const char *to);

#endif
