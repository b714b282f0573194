/*
 * mail.c: RFC 5322 messages and their delivery through libcurl's SMTP.
 *
 * The message is built in full before any connection is made, so a refusal
 * (bad address, a line break in a subject) costs no relay round-trip and is
 * known to be permanent. Everything in the headers is either a checked
 * address, a fixed string, or text that is refused when it holds a control
 * character and is RFC 2047-encoded when it is not plain ASCII; that is what
 * makes header injection impossible rather than merely unlikely.
 */
#include "mail.h"

#include "lib/utf8.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define MAIL_MAX_MESSAGE (4 * MAIL_MAX_BODY) /* quoted-printable may triple it */
#define MAIL_TIMEOUT     30L                 /* seconds, for connect and transfer */
/* Bytes of text per encoded-word: 39 bytes make 52 base64 characters, and
 * "=?UTF-8?B?" + 52 + "?=" is 64, so even "Subject: " + a word stays under
 * the 78-character line RFC 5322 recommends. */
#define EW_BYTES 39
/* Raw header text longer than this is encoded instead, as encoded-words can
 * be folded anywhere and plain text only at spaces. */
#define RAW_HEADER_MAX 66

static const char HEX[] = "0123456789ABCDEF";

/* libcurl's global set-up (OpenSSL's among it) makes the process 2 MB
 * larger. A libcurl whose set-up is thread-safe (7.84 and later) does it
 * itself at the first transfer: the first e-mail sent or address looked
 * up, so a server that has sent none carries none of it. An older one
 * needs it now, before the threads start. */
void mail_global_init(void)
{
#ifdef CURL_VERSION_THREADSAFE
    if (curl_version_info(CURLVERSION_NOW)->features & CURL_VERSION_THREADSAFE)
        return;
#endif
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* --- addresses ----------------------------------------------------------- */

static bool is_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* atext of RFC 5322 3.2.3 */
static bool is_atext(unsigned char c)
{
    return is_alnum(c) || (c && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

bool mail_address_ok(const char *addr)
{
    if (!addr)
        return false;
    size_t n = strlen(addr);
    const char *at = strchr(addr, '@');
    if (n < 3 || n > 254 || !at || strchr(at + 1, '@'))
        return false;
    size_t local = (size_t)(at - addr);
    if (local == 0 || local > 64)
        return false;
    bool after_dot = true; /* no leading, trailing or doubled dots */
    for (size_t i = 0; i < local; i++) {
        unsigned char c = (unsigned char)addr[i];
        if (c == '.') {
            if (after_dot)
                return false;
            after_dot = true;
        } else if (is_atext(c)) {
            after_dot = false;
        } else {
            return false;
        }
    }
    if (after_dot)
        return false;
    size_t label = 0;
    char prev = '.';
    for (const char *p = at + 1; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '.') {
            if (label == 0 || prev == '-')
                return false;
            label = 0;
        } else if (is_alnum(c) || (c == '-' && label > 0)) {
            if (++label > 63)
                return false;
        } else {
            return false;
        }
        prev = (char)c;
    }
    return label > 0 && prev != '-';
}

/* --- quoted-printable ---------------------------------------------------- */

/* One hard line s[0..len), without its line break, then CRLF. */
static int qp_line(buf *out, const unsigned char *s, size_t len)
{
    size_t col = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = s[i];
        bool last = i + 1 == len;
        char tok[3];
        size_t tl = 1;
        bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last);
        /* "From " at the start of a line gets mangled to ">From " by mbox
         * delivery; an encoded F survives it. */
        if (i == 0 && c == 'F' && len >= 5 && memcmp(s, "From ", 5) == 0)
            literal = false;
        if (literal) {
            tok[0] = (char)c;
        } else {
            tok[0] = '=';
            tok[1] = HEX[c >> 4];
            tok[2] = HEX[c & 15];
            tl = 3;
        }
        /* A line holds 76 characters; a soft break needs one of them for
         * its "=", so only the line's last token may use the 76th. An =XX
         * is never split. */
        if (col + tl > (last ? 76u : 75u)) {
            if (buf_append(out, "=\r\n", 3) != 0)
                return -1;
            col = 0;
        }
        if (buf_append(out, tok, tl) != 0)
            return -1;
        col += tl;
    }
    return buf_append(out, "\r\n", 2);
}

int mail_qp_encode(buf *out, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        if (u[i] != '\n')
            continue;
        size_t end = i > start && u[i - 1] == '\r' ? i - 1 : i;
        if (qp_line(out, u + start, end - start) != 0)
            return -1;
        start = i + 1;
    }
    return start < len ? qp_line(out, u + start, len - start) : 0;
}

/* --- headers ------------------------------------------------------------- */

/* Header text: valid UTF-8 of at most max bytes without any control
 * character, so that it can never end the header or start another. */
static bool header_text_ok(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n > max || !utf8_valid(s, n))
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f)
            return false;
    }
    return true;
}

/* Whether text must go as encoded-words: not ASCII, looks like an
 * encoded-word itself, or too long for one line. */
static bool needs_encoding(const char *s)
{
    size_t n = strlen(s);
    if (n > RAW_HEADER_MAX || strstr(s, "=?"))
        return true;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return true;
    return false;
}

/* s as RFC 2047 "B" encoded-words, each holding whole UTF-8 characters, and
 * folded (CRLF SP) between words. s is valid UTF-8 and not empty. */
static int put_encoded_words(buf *out, const char *s)
{
    size_t len = strlen(s), off = 0;
    while (off < len) {
        size_t n = utf8_truncate(s + off, len - off, EW_BYTES);
        char b64[sodium_base64_ENCODED_LEN(EW_BYTES, sodium_base64_VARIANT_ORIGINAL)];
        sodium_bin2base64(b64, sizeof b64, (const unsigned char *)s + off, n,
                          sodium_base64_VARIANT_ORIGINAL);
        if ((off > 0 && buf_puts(out, "\r\n ") != 0) || buf_puts(out, "=?UTF-8?B?") != 0 ||
            buf_puts(out, b64) != 0 || buf_puts(out, "?=") != 0)
            return -1;
        off += n;
    }
    return 0;
}

static int put_date(buf *out, int64_t when)
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    time_t t = when ? (time_t)when : time(NULL);
    struct tm tm;
    if (!gmtime_r(&t, &tm))
        return -1;
    return buf_printf(out, "Date: %s, %d %s %04d %02d:%02d:%02d +0000\r\n", days[tm.tm_wday],
                      tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                      tm.tm_sec);
}

static int put_from(buf *out, const char *name, const char *addr)
{
    if (!name || !*name)
        return buf_printf(out, "From: %s\r\n", addr);
    if (buf_puts(out, "From: ") != 0)
        return -1;
    if (needs_encoding(name)) {
        if (put_encoded_words(out, name) != 0)
            return -1;
    } else {
        /* quoted-string: only " and \ need a backslash */
        if (buf_putc(out, '"') != 0)
            return -1;
        for (const char *p = name; *p; p++)
            if ((*p == '"' || *p == '\\') ? buf_putc(out, '\\') != 0 || buf_putc(out, *p) != 0
                                          : buf_putc(out, *p) != 0)
                return -1;
        if (buf_putc(out, '"') != 0)
            return -1;
    }
    /* Fold before the address when it would pass the 78-character line. */
    const char *nl = out->data;
    for (const char *p = out->data; (p = strstr(p, "\r\n")); p += 2)
        nl = p + 2;
    size_t col = out->len - (size_t)(nl - out->data);
    return buf_printf(out, "%s<%s>\r\n", col + strlen(addr) + 3 > 78 ? "\r\n " : " ", addr);
}

/* A URL for List-Unsubscribe: http(s), printable ASCII without space, '"',
 * '<', '>' or '\\', at most MAIL_MAX_URL bytes, so it fits one header line. */
static bool unsubscribe_url_ok(const char *u)
{
    size_t n = strlen(u);
    if (n > MAIL_MAX_URL || (strncmp(u, "https://", 8) != 0 && strncmp(u, "http://", 7) != 0))
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)u[i];
        if (c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\')
            return false;
    }
    return true;
}

static int fail(char *err, size_t errlen, const char *why)
{
    snprintf(err, errlen, "%s", why);
    return MAIL_INVALID;
}

int mail_build(const struct mail_msg *m, buf *out, char *err, size_t errlen)
{
    if (!mail_address_ok(m->from))
        return fail(err, errlen, "invalid sender address");
    if (!mail_address_ok(m->to))
        return fail(err, errlen, "invalid recipient address");
    const char *subject = m->subject ? m->subject : "";
    if (!header_text_ok(subject, MAIL_MAX_SUBJECT))
        return fail(err, errlen, "invalid subject");
    if (m->from_name && !header_text_ok(m->from_name, 200))
        return fail(err, errlen, "invalid sender name");
    if (m->list_unsubscribe && !unsubscribe_url_ok(m->list_unsubscribe))
        return fail(err, errlen, "invalid unsubscribe URL");
    const char *body = m->body ? m->body : "";
    size_t blen = strlen(body);
    if (blen > MAIL_MAX_BODY)
        return fail(err, errlen, "body too long");
    if (!utf8_valid(body, blen))
        return fail(err, errlen, "body is not UTF-8");
    if (sodium_init() < 0)
        return fail(err, errlen, "no random source");

    unsigned char rnd[16];
    char hex[2 * sizeof rnd + 1];
    randombytes_buf(rnd, sizeof rnd);
    sodium_bin2hex(hex, sizeof hex, rnd, sizeof rnd);
    const char *domain = strchr(m->from, '@') + 1;

    int rc = put_date(out, m->date);
    rc = rc ? rc : put_from(out, m->from_name, m->from);
    rc = rc ? rc : buf_printf(out, "To: %s\r\nSubject:", m->to);
    if (!rc && *subject)
        rc = needs_encoding(subject) ? buf_putc(out, ' ') || put_encoded_words(out, subject)
                                     : buf_printf(out, " %s", subject);
    rc = rc ? rc
            : buf_printf(out,
                         "\r\nMessage-ID: <%s@%s>\r\n"
                         "%s%s%s"
                         "MIME-Version: 1.0\r\n"
                         "Content-Type: text/plain; charset=utf-8\r\n"
                         "Content-Transfer-Encoding: quoted-printable\r\n"
                         "Auto-Submitted: auto-generated\r\n"
                         "\r\n",
                         hex, domain, m->list_unsubscribe ? "List-Unsubscribe: <" : "",
                         m->list_unsubscribe ? m->list_unsubscribe : "",
                         m->list_unsubscribe ? ">\r\nList-Unsubscribe-Post: "
                                               "List-Unsubscribe=One-Click\r\n"
                                             : "");
    rc = rc ? rc : mail_qp_encode(out, body, blen);
    if (rc)
        return fail(err, errlen, "message too large");
    return MAIL_OK;
}

/* --- sending ------------------------------------------------------------- */

struct reader {
    const char *p;
    size_t left;
};

static size_t read_message(char *dst, size_t size, size_t nmemb, void *userdata)
{
    struct reader *r = userdata;
    size_t room = size * nmemb; /* curl passes size 1 */
    size_t n = r->left < room ? r->left : room;
    memcpy(dst, r->p, n);
    r->p += n;
    r->left -= n;
    return n;
}

static bool url_has_user(const char *url)
{
    CURLU *u = curl_url();
    bool has = false;
    if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK) {
        char *user = NULL;
        has = curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK && user && *user;
        curl_free(user);
    }
    curl_url_cleanup(u);
    return has;
}

/* Which of MAIL_UNREACHABLE and MAIL_REFUSED a failed transfer is: whatever
 * will fail the next message too (no connection, TLS, login, 421 "service
 * not available") is the relay's, a reply code of 400 or more otherwise
 * this message's. */
static int classify(CURLcode cc, long reply)
{
    if (cc == CURLE_LOGIN_DENIED || reply == 421 || reply < 400)
        return MAIL_UNREACHABLE;
    return MAIL_REFUSED;
}

int mail_send(const char *smtp_url, const struct mail_msg *m, char *err, size_t errlen)
{
    bool plain = smtp_url && strncasecmp(smtp_url, "smtp://", 7) == 0;
    if (!plain && !(smtp_url && strncasecmp(smtp_url, "smtps://", 8) == 0)) {
        snprintf(err, errlen, "the relay URL must start with smtp:// or smtps://");
        return MAIL_UNREACHABLE;
    }
    /* The sender is configuration: a bad one fails every message alike. */
    if (!mail_address_ok(m->from)) {
        snprintf(err, errlen, "invalid sender address (smtp_from)");
        return MAIL_UNREACHABLE;
    }
    buf msg;
    buf_init(&msg, MAIL_MAX_MESSAGE);
    int rc = mail_build(m, &msg, err, errlen);
    if (rc != MAIL_OK) {
        buf_free(&msg);
        return rc;
    }
    char from[260], to[260];
    snprintf(from, sizeof from, "<%s>", m->from); /* addresses are <= 254 bytes */
    snprintf(to, sizeof to, "<%s>", m->to);
    struct reader rd = {msg.data, msg.len};
    struct curl_slist *rcpt = curl_slist_append(NULL, to);
    CURL *c = curl_easy_init();
    if (!c || !rcpt) {
        snprintf(err, errlen, "out of memory");
        rc = MAIL_UNREACHABLE;
        goto done;
    }
    curl_easy_setopt(c, CURLOPT_URL, smtp_url);
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
#else
    curl_easy_setopt(c, CURLOPT_PROTOCOLS, (long)(CURLPROTO_SMTP | CURLPROTO_SMTPS));
#endif
    /* A password in the URL never goes out before STARTTLS. */
    if (plain && url_has_user(smtp_url))
        curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_message);
    curl_easy_setopt(c, CURLOPT_READDATA, &rd);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, MAIL_TIMEOUT);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, MAIL_TIMEOUT);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);

    CURLcode cc = curl_easy_perform(c);
    if (cc == CURLE_OK) {
        rc = MAIL_OK;
    } else {
        long reply = 0;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply);
        rc = classify(cc, reply);
        /* curl's own text has no addresses; its error buffer is not used,
         * as it may quote the relay's reply, which often does. */
        if (reply > 0)
            snprintf(err, errlen, "%s (SMTP %ld)", curl_easy_strerror(cc), reply);
        else
            snprintf(err, errlen, "%s", curl_easy_strerror(cc));
    }
done:
    curl_easy_cleanup(c);
    curl_slist_free_all(rcpt);
    buf_free(&msg);
    return rc;
}
