/*
 * mail.h: builds an e-mail message and hands it to an SMTP relay.
 *
 * Residents get their confirmation and status mails through whatever relay
 * the municipality runs, so the program speaks plain SMTP (or SMTPS, or
 * STARTTLS when the URL carries credentials) through libcurl rather than
 * calling a local sendmail. A message is one text/plain UTF-8 part in
 * quoted-printable; headers are built here from checked values only, so no
 * input can add a header (a CR or LF in a header value is refused, and
 * addresses must be plain local@domain). libcurl performs the SMTP
 * dot-stuffing of the DATA phase itself (since 7.27; lib/smtp.c escapes
 * every CRLF "." to CRLF ".."), so the message is built unstuffed.
 */
#ifndef WR_MAIL_H
#define WR_MAIL_H

#include "lib/buf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum mail_err {
    MAIL_OK = 0,
    /* The message cannot be built (bad address, control character in a
     * header, invalid UTF-8, too large): retrying will not help. */
    MAIL_INVALID = 1,
    /* The relay was not reachable or not usable (connection, TLS, login,
     * time-out, 421), or the configuration is wrong (relay URL, sender
     * address): nothing was accepted, and the next message will fare no
     * better until that is fixed. */
    MAIL_UNREACHABLE = 2,
    /* The relay answered but refused this message (4xx/5xx on MAIL, RCPT or
     * DATA). */
    MAIL_REFUSED = 3,
};

#define MAIL_MAX_BODY    (256 * 1024) /* bytes of body text accepted */
#define MAIL_MAX_SUBJECT 500          /* bytes of subject accepted */
#define MAIL_MAX_URL     500          /* bytes of a List-Unsubscribe URL accepted */

struct mail_msg {
    const char *from;      /* sender address, local@domain */
    const char *from_name; /* display name (UTF-8), or NULL */
    const char *to;        /* recipient address, local@domain */
    const char *subject;   /* UTF-8, one line */
    const char *body;      /* UTF-8 plain text, LF or CRLF line ends */
    int64_t date;          /* unix seconds for the Date header; 0: now */
    /* An http(s) URL without spaces, quotes or angle brackets that
     * unsubscribes with one POST, or NULL: then the message has the headers
     * "List-Unsubscribe: <URL>" and "List-Unsubscribe-Post:
     * List-Unsubscribe=One-Click" (RFC 8058; RFC 2369). */
    const char *list_unsubscribe;
};

/* Once, before threads start: libcurl's global set-up, unless libcurl
 * does it safely itself on first use (then it waits for that). */
void mail_global_init(void);

/* True when addr is a plain address: a dot-atom local part of at most 64
 * bytes, '@', and a host name of letters, digits and hyphens; at most 254
 * bytes, ASCII only. Display names, comments, quoted local parts and
 * address literals are refused. */
bool mail_address_ok(const char *addr);

/* Appends s[0..len) as quoted-printable (RFC 2045 6.7): lines end in CRLF
 * (an input LF or CRLF is a line break, a lone CR is encoded), lines are at
 * most 76 characters with "=" soft breaks, '=', controls, bytes >= 0x80 and
 * a space or tab at the end of a line are encoded. 0, or -1 when out is full. */
int mail_qp_encode(buf *out, const char *s, size_t len);

/* Builds the complete message (headers, blank line, body; CRLF lines) into
 * out, which should be empty. MAIL_OK, or MAIL_INVALID with a short reason
 * in err (never the value that was refused). */
int mail_build(const struct mail_msg *m, buf *out, char *err, size_t errlen);

/*
 * Builds and sends m through the relay at smtp_url: smtp://host[:port] or
 * smtps://host[:port], optionally with user:password@ before the host (then
 * smtp:// requires STARTTLS, so the password never travels in clear). Blocks
 * for at most about 30 seconds per phase (connect, transfer). MAIL_OK, or an
 * enum mail_err with a short reason in err: curl's description of the error
 * and the relay's reply code, never an address or the password.
 */
int mail_send(const char *smtp_url, const struct mail_msg *m, char *err, size_t errlen);

#endif
