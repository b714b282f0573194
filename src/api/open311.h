/*
 * open311.h: the Open311 GeoReport v2 API under /open311/v2/ (discovery,
 * services, service definitions, posting and reading requests, tokens, and
 * the updates extension), in JSON and XML.
 *
 * The handlers are installed in the route table (src/web/routes.c) with the
 * flags ROUTE_NO_SESSION | ROUTE_NO_CSRF: no session, no cookies, no CSRF
 * token; a POST carries an api_key instead. Every answer, errors included
 * (through the server's api_error hook), is in the format the path asks
 * for (.json or .xml).
 */
#ifndef WR_OPEN311_H
#define WR_OPEN311_H

#include "http/http.h"

#include <stdbool.h>

void api_open311_discovery(struct req *r);
void api_open311_services(struct req *r);
void api_open311_service(struct req *r);  /* services/{code}.{fmt} */
void api_open311_requests(struct req *r); /* GET requests.{fmt} */
void api_open311_post(struct req *r);     /* POST requests.{fmt} */
void api_open311_request(struct req *r);  /* requests/{id}.{fmt} */
void api_open311_token(struct req *r);    /* tokens/{token}.{fmt} */
void api_open311_updates(struct req *r);  /* servicerequestupdates.{fmt} */
void api_open311_unknown(struct req *r);  /* any other path under /open311/v2/ */

/* The query limits of the request lists: service_request_id holds up to
 * 1,000 ids of any length a request can have (for the route table). */
extern const struct form_field_limit api_open311_list_query[];

/* The server's error hook: for a path under /open311/ answers the error
 * list in the path's format (400 for a malformed body, 405, 413, 415...)
 * and returns true; other paths are left to the error page (false). */
bool api_open311_error(struct req *r, unsigned status);

#endif
