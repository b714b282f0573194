/*
 * server.h: starting and stopping the HTTP server.
 */
#ifndef WR_SERVER_H
#define WR_SERVER_H

#include "http/http.h"
#include "lib/config.h"

#include <stdbool.h>

/* Hooks the web layer installs, so the HTTP glue never includes it. */
struct server_hooks {
    /* Renders an error page into r (status already chosen). */
    void (*error_page)(struct req *r, unsigned status, const char *message);
    /* Looks up the session user (sets r->user and r->csrf) or leaves them NULL. */
    void (*load_session)(struct req *r);
    /* May the request's user perform the route's action? (the permission table) */
    bool (*allowed)(struct req *r, int action);
    /* Answers an error in an API's own format when r is one of its paths
     * (true), before the error page is considered. May be NULL. */
    bool (*api_error)(struct req *r, unsigned status);
    /* Called at thread exit of a worker (closes its database connection). */
    void (*thread_exit)(void);
};

/* Runs until SIGTERM or SIGINT; 0 on a clean stop. */
int server_run(const struct config *cfg, const struct server_hooks *hooks);

/* The configuration the server runs with (for handlers: base URL etc.). */
const struct config *server_config(void);

#define SERVER_MAX_CONNECTIONS 1000
#define SERVER_MAX_BODY        (1u * 1024 * 1024)
#define SERVER_MAX_UPLOAD      (32u * 1024 * 1024)
/* A query parameter's decoded value, unless its route declares another
 * limit for it (struct route's query_limits). */
#define SERVER_QUERY_VALUE_MAX 4096

#endif
