/*
 * guard.h: slow and greedy clients.
 *
 * libmicrohttpd 0.9.75 closes a connection only after a stretch of
 * inactivity, so a client that sends one header line every few seconds keeps
 * its connection for ever, and a thousand of them fill the server. The
 * guard adds what the library lacks:
 *
 *  - a limit of open connections per client address (trusted proxies are
 *    exempt: everything behind them shares their address);
 *  - a deadline for the request head (request line and headers), counted
 *    from the connection's start or the end of the previous answer on it;
 *  - a deadline for the body: request_body_seconds, plus one second for
 *    every request_body_min_rate bytes received (mod_reqtimeout's rule), so
 *    a large upload on a slow line passes and a trickle does not;
 *  - under pressure, when guarded connections fill three quarters of the
 *    server's connections (slow clients from many addresses), the head
 *    deadline shrinks to GUARD_PRESSURE_HEAD_MS: a browser sends its head
 *    at once, so this only ends idle and trickling connections sooner.
 *
 * The server reports each connection's phase (guard_wait_head, guard_body,
 * guard_busy); a watchdog thread shuts down the sockets that overrun their
 * deadline, and libmicrohttpd, seeing the socket end, closes the connection
 * and calls its usual callbacks. Deadlines do not apply while a request is
 * handled or answered, nor to trusted proxies (the proxy applies its own).
 */
#ifndef WR_GUARD_H
#define WR_GUARD_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

/* The head deadline under pressure. */
#define GUARD_PRESSURE_HEAD_MS 2000

struct guard_limits {
    unsigned connections;   /* the server's limit of open connections */
    unsigned per_client;    /* open connections from one address */
    unsigned head_ms;       /* to receive a request head */
    unsigned body_ms;       /* to receive a body, plus ... */
    unsigned body_min_rate; /* ... a second per this many bytes */
};

struct guard_conn;

/* Starts the watchdog thread; 0 on success. */
int guard_start(const struct guard_limits *lim);
/* Stops it; open records stay valid until guard_close. */
void guard_stop(void);

/*
 * A new connection on socket fd from sa. Returns 0 and the record to report
 * on in *out (NULL for an exempt connection, which the guard leaves alone),
 * or -1 when the address already holds its limit of connections: the
 * socket is then shut down and the server closes it.
 */
int guard_open(int fd, const struct sockaddr *sa, bool exempt, /* out: */ struct guard_conn **out);
/* The connection closed: its record is freed (NULL is fine). */
void guard_close(struct guard_conn *g);

/* Phases; each accepts NULL. Waiting for a request head from now. */
void guard_wait_head(struct guard_conn *g);
/* The head arrived and a body follows, from now. */
void guard_body(struct guard_conn *g);
void guard_body_bytes(struct guard_conn *g, size_t n);
/* The request is handled and answered: no deadline until the next head. */
void guard_busy(struct guard_conn *g);

#endif
