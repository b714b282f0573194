/*
 * partner_web.h: what the partner pages (partners.c, partner_edit.c) share.
 */
#ifndef WR_PARTNER_WEB_H
#define WR_PARTNER_WEB_H

#include "domain/partner.h"
#include "web.h"

/* The answer to a partner form's result other than PARTNER_INVALID (whose
 * form the caller shows again): saved and on to `to`, 403, 404 or 500. */
void web_partner_answer(struct req *r, enum partner_result res, const char *to);

#endif
