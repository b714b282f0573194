/*
 * test_mail.c: e-mail from message building to a real SMTP server.
 *
 * The first half checks mail_build and the quoted-printable encoder against
 * the RFCs with a decoder written here (RFC 2045 line rules, RFC 2047
 * encoded-words, RFC 5322 headers) and that no header value can add a
 * header. The second half runs the outbox on a fresh SQLite database
 * against tests/unit/smtp_sink.py, an aiosmtpd server on loopback that
 * stores what it receives together with Python's own parse of it: delivery,
 * a relay that is down and comes back, a refused recipient, back-off and
 * giving up, the administrator's list, retention, the mailer thread's
 * last pass on stop, and the double opt-in: a new address first receives
 * only the request to confirm it, and what waited arrives once it is. It needs python3 with
 * aiosmtpd (Debian: python3-aiosmtpd); WR_PYTHON overrides the interpreter.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/auth.h"
#include "domain/mailer.h"
#include "domain/optin.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/mail.h"
#include "lib/utf8.h"
#include "store/outbox_store.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <jansson.h>
#include <netinet/in.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define T0 ((int64_t)1700000000) /* Tue, 14 Nov 2023 22:13:20 +0000 */

/* --- a decoder and line checks, independent of the encoder ---------------- */

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/*
 * Checks s as a quoted-printable body (CRLF lines of at most 76
 * characters, only printable ASCII, '=' only as =XX with upper-case hex or
 * as a soft break, no space or tab before a line end) and decodes it into
 * out, hard line breaks as CRLF. Fails the test on any violation.
 */
static void qp_check_decode(const char *s, size_t len, buf *out)
{
    size_t i = 0;
    while (i < len) {
        const char *eol = memmem(s + i, len - i, "\r\n", 2);
        assert_non_null(eol); /* every line ends in CRLF */
        size_t n = (size_t)(eol - (s + i));
        const char *l = s + i;
        assert_true(n <= 76);
        if (n > 0)
            assert_true(l[n - 1] != ' ' && l[n - 1] != '\t');
        bool soft = false;
        for (size_t k = 0; k < n; k++) {
            unsigned char c = (unsigned char)l[k];
            assert_true(c == ' ' || c == '\t' || (c >= 33 && c <= 126));
            if (c != '=') {
                assert_int_equal(buf_putc(out, (char)c), 0);
                continue;
            }
            if (k + 1 == n) {
                soft = true;
                break;
            }
            assert_true(k + 2 < n);
            int hi = hexval(l[k + 1]), lo = hexval(l[k + 2]);
            assert_true(hi >= 0 && lo >= 0);
            assert_int_equal(buf_putc(out, (char)(hi * 16 + lo)), 0);
            k += 2;
        }
        if (!soft)
            assert_int_equal(buf_puts(out, "\r\n"), 0);
        i += n + 2;
    }
}

/* What the encoder should reproduce: LF and CRLF as CRLF, and a CRLF after
 * a last line without one. */
static void normalise(const char *s, size_t len, buf *out)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\n') {
            if (!(i > 0 && s[i - 1] == '\r'))
                assert_int_equal(buf_putc(out, '\r'), 0);
        }
        assert_int_equal(buf_putc(out, s[i]), 0);
    }
    if (len > 0 && s[len - 1] != '\n')
        assert_int_equal(buf_puts(out, "\r\n"), 0);
}

static void qp_roundtrip(const char *s, size_t len)
{
    buf enc, dec, want;
    buf_init(&enc, 1 << 20);
    buf_init(&dec, 1 << 20);
    buf_init(&want, 1 << 20);
    assert_int_equal(mail_qp_encode(&enc, s, len), 0);
    qp_check_decode(enc.data ? enc.data : "", enc.len, &dec);
    normalise(s, len, &want);
    assert_int_equal(dec.len, want.len);
    if (want.len)
        assert_memory_equal(dec.data, want.data, want.len);
    buf_free(&enc);
    buf_free(&dec);
    buf_free(&want);
}

static char *qp(const char *s)
{
    static char out[4096];
    buf b;
    buf_init(&b, sizeof out - 1);
    assert_int_equal(mail_qp_encode(&b, s, strlen(s)), 0);
    snprintf(out, sizeof out, "%s", b.data ? b.data : "");
    buf_free(&b);
    return out;
}

/* The header section of a built message: its lines and the body start. */
static const char *header_line(const char *msg, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = msg; p && *p && !(p[0] == '\r' && p[1] == '\n');) {
        if (strncmp(p, name, n) == 0 && p[n] == ':')
            return p;
        p = strstr(p, "\r\n");
        p = p ? p + 2 : NULL;
    }
    return NULL;
}

/* Decodes the (possibly folded) header starting at line into out: unfolds
 * it, then takes encoded-words via base64 (each whole UTF-8, at most 75
 * characters) and other text as is; white space between two encoded-words
 * is dropped, as RFC 2047 says. */
static void decode_header(const char *line, char *out, size_t outlen)
{
    char unf[8192];
    size_t u = 0;
    const char *p = strchr(line, ':') + 1;
    for (;;) {
        const char *eol = strstr(p, "\r\n");
        assert_non_null(eol);
        assert_true(u + (size_t)(eol - p) < sizeof unf);
        memcpy(unf + u, p, (size_t)(eol - p));
        u += (size_t)(eol - p);
        if (eol[2] != ' ' && eol[2] != '\t')
            break;
        p = eol + 2;
    }
    unf[u] = '\0';
    const char *q = unf;
    while (*q == ' ')
        q++;
    size_t o = 0;
    bool prev_word = false;
    while (*q) {
        const char *sp = q;
        while (*sp == ' ' || *sp == '\t')
            sp++;
        if (sp != q) { /* a run of white space */
            bool next_word = strncmp(sp, "=?UTF-8?B?", 10) == 0;
            if (!(prev_word && next_word)) {
                assert_true(o + (size_t)(sp - q) < outlen);
                memcpy(out + o, q, (size_t)(sp - q));
                o += (size_t)(sp - q);
            }
            q = sp;
            continue;
        }
        if (strncmp(q, "=?UTF-8?B?", 10) == 0) {
            const char *end = strstr(q + 10, "?=");
            assert_non_null(end);
            assert_true(end + 2 - q <= 75); /* RFC 2047: a word is at most 75 */
            unsigned char bin[128];
            size_t binlen;
            assert_int_equal(sodium_base642bin(bin, sizeof bin, q + 10, (size_t)(end - q - 10),
                                               NULL, &binlen, NULL, sodium_base64_VARIANT_ORIGINAL),
                             0);
            assert_true(utf8_valid((const char *)bin, binlen)); /* no split character */
            assert_true(o + binlen < outlen);
            memcpy(out + o, bin, binlen);
            o += binlen;
            q = end + 2;
            prev_word = true;
        } else {
            assert_true(o + 1 < outlen);
            out[o++] = *q++;
            prev_word = false;
        }
    }
    out[o] = '\0';
}

/* Every header line ends in CRLF, is at most 78 characters, and holds no
 * bare CR or LF; the body is separated by an empty line. */
static void check_header_lines(const char *msg)
{
    const char *end = strstr(msg, "\r\n\r\n");
    assert_non_null(end);
    for (const char *p = msg; p <= end;) {
        const char *eol = strstr(p, "\r\n");
        assert_true(eol - p <= 78);
        for (const char *q = p; q < eol; q++)
            assert_true(*q != '\r' && *q != '\n' && *q != '\0');
        p = eol + 2;
    }
}

static char *build(const struct mail_msg *m, int *rc, char *err, size_t errlen)
{
    buf b;
    buf_init(&b, 8 << 20);
    *rc = mail_build(m, &b, err, errlen);
    size_t n;
    char *s = buf_detach(&b, &n);
    return s ? s : strdup("");
}

/* --- unit tests ----------------------------------------------------------- */

static void test_address(void **state)
{
    const char *good[] = {"a@b.nl",
                          "jan.de.vries@zoetermeer.nl",
                          "x+tag@example.org",
                          "o'brien@example.ie",
                          "wijkregie@localhost",
                          "a@xn--bcher-kva.example",
                          "1@2.3"};
    const char *bad[] = {"",
                         "a",
                         "@b.nl",
                         "a@",
                         "a@@b.nl",
                         "a@b@c.nl",
                         ".a@b.nl",
                         "a.@b.nl",
                         "a..b@c.nl",
                         "a@.b.nl",
                         "a@b..nl",
                         "a@b.nl.",
                         "a@-b.nl",
                         "a@b-.nl",
                         "a b@c.nl",
                         "a@b c.nl",
                         "<a@b.nl>",
                         "A <a@b.nl>",
                         "\"a\"@b.nl",
                         "a@[127.0.0.1]",
                         "a@b.nl\r\nBcc: c@d.nl",
                         "a@b.nl>\r\nRCPT TO:<c@d.nl",
                         "a\n@b.nl",
                         "jé@b.nl",
                         "a@bé.nl",
                         "a(comment)@b.nl",
                         "a,b@c.nl"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        assert_true(mail_address_ok(good[i]));
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(mail_address_ok(bad[i]));
    assert_false(mail_address_ok(NULL));
    char local[80], addr[400];
    memset(local, 'l', 64);
    local[64] = '\0';
    snprintf(addr, sizeof addr, "%s@b.nl", local);
    assert_true(mail_address_ok(addr));
    snprintf(addr, sizeof addr, "%sl@b.nl", local); /* 65-byte local part */
    assert_false(mail_address_ok(addr));
    char label[70];
    memset(label, 'd', 63);
    label[63] = '\0';
    snprintf(addr, sizeof addr, "a@%s.nl", label);
    assert_true(mail_address_ok(addr));
    snprintf(addr, sizeof addr, "a@%sd.nl", label); /* 64-byte label */
    assert_false(mail_address_ok(addr));
    /* 255 bytes in all */
    snprintf(addr, sizeof addr, "a@%s.%s.%s.%s", label, label, label, label);
    addr[255] = '\0';
    assert_int_equal(strlen(addr), 255);
    assert_false(mail_address_ok(addr));
}

static void test_build_headers(void **state)
{
    struct mail_msg m = {.from = "noreply@zoetermeer.nl",
                         .from_name = "Gemeente Zoetermeer",
                         .to = "bewoner@example.org",
                         .subject = "Uw melding M-123 is ontvangen",
                         .body = "Beste bewoner,\n\nDank u wel.\n",
                         .date = T0};
    char err[128];
    int rc;
    char *s = build(&m, &rc, err, sizeof err);
    assert_int_equal(rc, MAIL_OK);
    check_header_lines(s);
    assert_non_null(strstr(s, "Date: Tue, 14 Nov 2023 22:13:20 +0000\r\n"));
    assert_non_null(strstr(s, "\r\nFrom: \"Gemeente Zoetermeer\" <noreply@zoetermeer.nl>\r\n"));
    assert_non_null(strstr(s, "\r\nTo: bewoner@example.org\r\n"));
    assert_non_null(strstr(s, "\r\nSubject: Uw melding M-123 is ontvangen\r\n"));
    assert_non_null(strstr(s, "\r\nMIME-Version: 1.0\r\n"));
    assert_non_null(strstr(s, "\r\nContent-Type: text/plain; charset=utf-8\r\n"));
    assert_non_null(strstr(s, "\r\nContent-Transfer-Encoding: quoted-printable\r\n"));
    assert_non_null(strstr(s, "\r\nAuto-Submitted: auto-generated\r\n"));
    assert_true(strncmp(s, "Date: ", 6) == 0);
    /* Message-ID: 32 random hex digits at the sender's domain */
    const char *mid = header_line(s, "Message-ID");
    assert_non_null(mid);
    assert_true(strncmp(mid, "Message-ID: <", 13) == 0);
    for (int i = 0; i < 32; i++)
        assert_non_null(strchr("0123456789abcdef", mid[13 + i]));
    assert_true(strncmp(mid + 45, "@zoetermeer.nl>\r\n", 17) == 0);
    /* two messages get two identities */
    char *s2 = build(&m, &rc, err, sizeof err);
    const char *mid2 = header_line(s2, "Message-ID");
    assert_true(strncmp(mid, mid2, 60) != 0);
    /* body after the empty line */
    const char *body = strstr(s, "\r\n\r\n") + 4;
    assert_string_equal(body, "Beste bewoner,\r\n\r\nDank u wel.\r\n");
    free(s);
    free(s2);

    /* without a display name; a name with quotes is escaped */
    m.from_name = NULL;
    s = build(&m, &rc, err, sizeof err);
    assert_non_null(strstr(s, "\r\nFrom: noreply@zoetermeer.nl\r\n"));
    free(s);
    m.from_name = "Team \"Wijk\" \\ Noord";
    s = build(&m, &rc, err, sizeof err);
    assert_non_null(
        strstr(s, "\r\nFrom: \"Team \\\"Wijk\\\" \\\\ Noord\" <noreply@zoetermeer.nl>\r\n"));
    free(s);
    m.from_name = "Gemeente 's-Gravenhage — Wijkzaken";
    s = build(&m, &rc, err, sizeof err);
    check_header_lines(s);
    char dec[512];
    decode_header(header_line(s, "From"), dec, sizeof dec);
    assert_string_equal(dec, "Gemeente 's-Gravenhage — Wijkzaken <noreply@zoetermeer.nl>");
    free(s);

    /* empty subject and body */
    m.subject = "";
    m.body = "";
    s = build(&m, &rc, err, sizeof err);
    assert_int_equal(rc, MAIL_OK);
    assert_non_null(strstr(s, "\r\nSubject:\r\n"));
    assert_string_equal(strstr(s, "\r\n\r\n"), "\r\n\r\n");
    free(s);
}

static void test_subject_encoding(void **state)
{
    struct mail_msg m = {.from = "noreply@zoetermeer.nl", .to = "a@b.nl", .body = "x", .date = T0};
    char err[128], dec[4096];
    int rc;
    const char *subjects[] = {
        "Uw melding is ontvangen — dank u wel",
        "Één stoeptegel los in de Dorpsstraat",
        "€",
        "=?UTF-8?B?SGk=?= looks encoded but is not",
        /* long ASCII: encoded-words, so that it can be folded */
        "Uw melding over de losliggende stoeptegels bij de speeltuin aan de Meerzichtlaan is in "
        "behandeling genomen door de afdeling Beheer Openbare Ruimte",
        /* long, 2- 3- and 4-byte characters: no word may split one */
        "ééééééééééééééééééééééééééééééééééééééééééééééééééé €€€€€€€€€€€€€€€€€€€€€€€€€€ "
        "😀😀😀😀😀😀😀😀😀😀😀😀😀😀 ok",
    };
    for (size_t i = 0; i < sizeof subjects / sizeof subjects[0]; i++) {
        m.subject = subjects[i];
        char *s = build(&m, &rc, err, sizeof err);
        assert_int_equal(rc, MAIL_OK);
        check_header_lines(s);
        const char *h = header_line(s, "Subject");
        assert_non_null(h);
        assert_true(strncmp(h, "Subject: =?UTF-8?B?", 19) == 0); /* all of these are encoded */
        decode_header(h, dec, sizeof dec);
        assert_string_equal(dec, subjects[i]);
        free(s);
    }
    /* plain ASCII up to 66 bytes goes as is */
    m.subject = "Status van uw melding: ingepland (M-2024-000123) - wijk Noordhove";
    char *s = build(&m, &rc, err, sizeof err);
    assert_non_null(strstr(s,
                           "\r\nSubject: Status van uw melding: ingepland (M-2024-000123) - wijk "
                           "Noordhove\r\n"));
    free(s);
}

static void test_qp(void **state)
{
    assert_string_equal(qp("hello"), "hello\r\n");
    assert_string_equal(qp("a=b"), "a=3Db\r\n");
    assert_string_equal(qp("1+1=2 =="), "1+1=3D2 =3D=3D\r\n");
    /* trailing white space is encoded, inner white space is not */
    assert_string_equal(qp("a b "), "a b=20\r\n");
    assert_string_equal(qp("a\t"), "a=09\r\n");
    assert_string_equal(qp("  \n \t\nx"), " =20\r\n =09\r\nx\r\n");
    assert_string_equal(qp(" "), "=20\r\n");
    /* line ends: LF and CRLF become CRLF, a lone CR is data */
    assert_string_equal(qp("a\nb\r\nc"), "a\r\nb\r\nc\r\n");
    assert_string_equal(qp("a\rb\n"), "a=0Db\r\n");
    assert_string_equal(qp("a\r\r\nb"), "a=0D\r\nb\r\n");
    assert_string_equal(qp("a\n\n\nb\n"), "a\r\n\r\n\r\nb\r\n");
    assert_string_equal(qp("\n"), "\r\n");
    assert_string_equal(qp(""), "");
    /* UTF-8 and controls */
    assert_string_equal(qp("één €"), "=C3=A9=C3=A9n =E2=82=AC\r\n");
    assert_string_equal(qp("a\x01\x7f"), "a=01=7F\r\n");
    /* dots stay (libcurl stuffs them); "From " at a line start does not */
    assert_string_equal(qp(".\n..x"), ".\r\n..x\r\n");
    assert_string_equal(qp("From here\nFromage"), "=46rom here\r\nFromage\r\n");

    /* exactly 76 characters fit on a line; 77 need a soft break after 75 */
    char line[300];
    memset(line, 'x', 76);
    line[76] = '\0';
    char want[400];
    snprintf(want, sizeof want, "%s\r\n", line);
    assert_string_equal(qp(line), want);
    line[76] = 'y';
    line[77] = '\0';
    snprintf(want, sizeof want, "%.75s=\r\nxy\r\n", line);
    assert_string_equal(qp(line), want);
    /* an escape is never split: 74 x and '=' would end at column 77 */
    memset(line, 'x', 74);
    snprintf(line + 74, sizeof line - 74, "=z");
    snprintf(want, sizeof want, "%.74s=\r\n=3Dz\r\n", line);
    assert_string_equal(qp(line), want);
    /* 72 x and '=' fit exactly (75 + soft break) */
    memset(line, 'x', 72);
    snprintf(line + 72, sizeof line - 72, "=zz");
    snprintf(want, sizeof want, "%.72s=3D=\r\nzz\r\n", line);
    assert_string_equal(qp(line), want);
    /* a trailing space at column 76 is encoded and may then not fit */
    memset(line, 'x', 75);
    snprintf(line + 75, sizeof line - 75, " ");
    snprintf(want, sizeof want, "%.75s=\r\n=20\r\n", line);
    assert_string_equal(qp(line), want);
    /* the last character may take column 76 as an escape too */
    memset(line, 'x', 73);
    snprintf(line + 73, sizeof line - 73, "=");
    snprintf(want, sizeof want, "%.73s=3D\r\n", line);
    assert_string_equal(qp(line), want);

    /* long lines of every kind decode back and keep the line rules */
    const char *pieces[] = {"x", "=", " ", "é", "\t", "€", ".", "a b"};
    for (size_t p = 0; p < sizeof pieces / sizeof pieces[0]; p++) {
        buf b;
        buf_init(&b, 1 << 16);
        for (int i = 0; i < 400; i++)
            buf_puts(&b, pieces[p]);
        qp_roundtrip(b.data, b.len);
        buf_free(&b);
    }
    /* random mixes of the awkward bytes */
    const char alphabet[] = {'a', ' ', '\t', '=', '\n', '\r', '.', 'F', '\xc3', '\xa9', '\x00'};
    unsigned seed = 12345;
    for (int round = 0; round < 2000; round++) {
        char in[600];
        size_t n = (size_t)(round % 300) + 1;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            in[i] = alphabet[(seed >> 16) % sizeof alphabet];
        }
        qp_roundtrip(in, n);
    }
}

static void test_header_injection(void **state)
{
    struct mail_msg ok = {.from = "noreply@zoetermeer.nl",
                          .to = "a@b.nl",
                          .subject = "Melding",
                          .body = "tekst",
                          .date = T0};
    char err[128];
    int rc;
    const char *bad_subjects[] = {"Hi\r\nBcc: victim@example.org",
                                  "Hi\nBcc: victim@example.org",
                                  "Hi\rBcc: victim@example.org",
                                  "tab\there",
                                  "del\x7f",
                                  "bad \xc3\x28 utf8",
                                  "overlong \xc0\xaf"};
    for (size_t i = 0; i < sizeof bad_subjects / sizeof bad_subjects[0]; i++) {
        struct mail_msg m = ok;
        m.subject = bad_subjects[i];
        char *s = build(&m, &rc, err, sizeof err);
        assert_int_equal(rc, MAIL_INVALID);
        assert_string_equal(err, "invalid subject"); /* the value is not echoed */
        free(s);
    }
    char big[MAIL_MAX_SUBJECT + 2];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    struct mail_msg m = ok;
    m.subject = big;
    free(build(&m, &rc, err, sizeof err));
    assert_int_equal(rc, MAIL_INVALID);

    m = ok;
    m.from_name = "Gemeente\r\nBcc: victim@example.org";
    free(build(&m, &rc, err, sizeof err));
    assert_int_equal(rc, MAIL_INVALID);

    const char *bad_to[] = {"a@b.nl\r\nBcc: victim@example.org", "a@b.nl>\r\nRCPT TO:<v@x.nl",
                            "a@b.nl, v@x.nl", "Victim <v@x.nl>", ""};
    for (size_t i = 0; i < sizeof bad_to / sizeof bad_to[0]; i++) {
        m = ok;
        m.to = bad_to[i];
        free(build(&m, &rc, err, sizeof err));
        assert_int_equal(rc, MAIL_INVALID);
        assert_null(strstr(err, "@"));
        assert_null(strstr(err, "victim"));
        m = ok;
        m.from = bad_to[i];
        free(build(&m, &rc, err, sizeof err));
        assert_int_equal(rc, MAIL_INVALID);
    }
    /* the body cannot add headers either: a header-looking body line stays body */
    m = ok;
    m.body = "\r\nBcc: victim@example.org\r\n";
    char *s = build(&m, &rc, err, sizeof err);
    assert_int_equal(rc, MAIL_OK);
    assert_null(header_line(s, "Bcc"));
    free(s);
    m.body = "bad \xff utf8";
    free(build(&m, &rc, err, sizeof err));
    assert_int_equal(rc, MAIL_INVALID);
    char *huge = malloc(MAIL_MAX_BODY + 2);
    memset(huge, 'a', MAIL_MAX_BODY + 1);
    huge[MAIL_MAX_BODY + 1] = '\0';
    m.body = huge;
    free(build(&m, &rc, err, sizeof err));
    assert_int_equal(rc, MAIL_INVALID);
    free(huge);
}

static int closed_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof sa;
    assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
    close(fd); /* nothing listens there now */
    return ntohs(sa.sin_port);
}

static void test_send_errors(void **state)
{
    struct mail_msg m = {
        .from = "noreply@zoetermeer.nl", .to = "a@b.nl", .subject = "s", .body = "b"};
    char err[256], url[64];
    assert_int_equal(mail_send("http://127.0.0.1:1/", &m, err, sizeof err), MAIL_UNREACHABLE);
    assert_int_equal(mail_send("file:///etc/passwd", &m, err, sizeof err), MAIL_UNREACHABLE);
    assert_int_equal(mail_send(NULL, &m, err, sizeof err), MAIL_UNREACHABLE);
    snprintf(url, sizeof url, "smtp://127.0.0.1:%d", closed_port());
    assert_int_equal(mail_send(url, &m, err, sizeof err), MAIL_UNREACHABLE);
    assert_true(strlen(err) > 0);
    assert_null(strstr(err, "a@b.nl"));
    /* a bad sender is configuration: every message would fail alike */
    m.from = "not an address";
    assert_int_equal(mail_send(url, &m, err, sizeof err), MAIL_UNREACHABLE);
    /* a bad recipient is the message's own problem, found before connecting */
    m.from = "noreply@zoetermeer.nl";
    m.to = "a@b.nl\r\nBcc: c@d.nl";
    assert_int_equal(mail_send(url, &m, err, sizeof err), MAIL_INVALID);
}

static void test_backoff(void **state)
{
    assert_int_equal(outbox_backoff(1), 60);
    assert_int_equal(outbox_backoff(2), 300);
    assert_int_equal(outbox_backoff(3), 900);
    assert_int_equal(outbox_backoff(4), 3600);
    assert_int_equal(outbox_backoff(5), 14400);
    assert_int_equal(outbox_backoff(6), 43200);
    assert_int_equal(outbox_backoff(60), 43200);
    assert_int_equal(outbox_backoff(0), 60);
}

/* --- the outbox against a real SMTP server ------------------------------ */

static char g_base[] = "/tmp/wr-test-mail-XXXXXX";
static char g_sink_dir[256], g_port_file[256], g_url[64];
static pid_t g_sink_pid;
static int g_port;
static int g_dbno;
static db *g_db;

static const char *python(void)
{
    const char *p = getenv("WR_PYTHON");
    if (p && *p)
        return p;
    return access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
}

/* Starts the sink on port (0: any) and waits until it listens. */
static int sink_start(int port)
{
    unlink(g_port_file);
    char portarg[16];
    snprintf(portarg, sizeof portarg, "%d", port);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        execlp(python(), python(), "tests/unit/smtp_sink.py", g_sink_dir, g_port_file, portarg,
               (char *)NULL);
        _exit(127);
    }
    g_sink_pid = pid;
    for (int i = 0; i < 200; i++) {
        FILE *f = fopen(g_port_file, "r");
        if (f) {
            int p = 0;
            int got = fscanf(f, "%d", &p);
            fclose(f);
            if (got == 1 && p > 0) {
                g_port = p;
                snprintf(g_url, sizeof g_url, "smtp://127.0.0.1:%d", p);
                return 0;
            }
        }
        int status;
        if (waitpid(pid, &status, WNOHANG) == pid) {
            g_sink_pid = 0;
            return -1; /* aiosmtpd missing? */
        }
        usleep(50 * 1000);
    }
    return -1;
}

static void sink_stop(void)
{
    if (g_sink_pid > 0) {
        kill(g_sink_pid, SIGTERM);
        waitpid(g_sink_pid, NULL, 0);
        g_sink_pid = 0;
    }
}

static void rm_rf(const char *path)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", path);
}

static int group_setup(void **state)
{
    if (!mkdtemp(g_base))
        return -1;
    snprintf(g_sink_dir, sizeof g_sink_dir, "%s/sink", g_base);
    snprintf(g_port_file, sizeof g_port_file, "%s/port", g_base);
    if (mkdir(g_sink_dir, 0700) != 0)
        return -1;
    mail_global_init();
    if (sink_start(0) != 0) {
        fprintf(stderr, "cannot start the SMTP sink (%s with aiosmtpd)\n", python());
        return -1;
    }
    return 0;
}

static int group_teardown(void **state)
{
    sink_stop();
    rm_rf(g_base);
    return 0;
}

/* Each test gets a fresh database and an empty sink folder. */
static int db_up(void **state)
{
    char dir[300], err[512];
    snprintf(dir, sizeof dir, "%s/db%d", g_base, ++g_dbno);
    if (db_setup(dir, err, sizeof err) != 0) {
        fprintf(stderr, "db_setup: %s\n", err);
        return -1;
    }
    g_db = db_thread();
    DIR *dd = opendir(g_sink_dir);
    struct dirent *e;
    while (dd && (e = readdir(dd))) {
        if (e->d_name[0] == '.')
            continue;
        char p[600];
        snprintf(p, sizeof p, "%s/%s", g_sink_dir, e->d_name);
        unlink(p);
    }
    if (dd)
        closedir(dd);
    return g_db ? 0 : -1;
}

static int db_down(void **state)
{
    db_thread_close();
    g_db = NULL;
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* The sink's files ending in ext, sorted (in the order received). */
static size_t sink_files(const char *ext, char names[][32], size_t max)
{
    DIR *dd = opendir(g_sink_dir);
    assert_non_null(dd);
    size_t n = 0, el = strlen(ext);
    struct dirent *e;
    while ((e = readdir(dd))) {
        size_t l = strlen(e->d_name);
        if (l > el && l < 32 && strcmp(e->d_name + l - el, ext) == 0 && n < max)
            memcpy(names[n++], e->d_name, l + 1);
    }
    closedir(dd);
    qsort(names, n, 32, by_name);
    return n;
}

/* What the sink received, in order: the parsed JSON of each message. */
static size_t received(json_t **out, size_t max)
{
    char names[64][32];
    size_t n = sink_files(".json", names, 64);
    for (size_t i = 0; i < n && i < max; i++) {
        char p[2400];
        snprintf(p, sizeof p, "%s/%s", g_sink_dir, names[i]);
        json_error_t je;
        out[i] = json_load_file(p, 0, &je);
        assert_non_null(out[i]);
    }
    return n;
}

static const char *jstr(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : "";
}

/* s with CRLF as LF, for comparing with what was queued. */
static char *lf(const char *s)
{
    char *o = strdup(s);
    size_t k = 0;
    for (size_t i = 0; s[i]; i++)
        if (!(s[i] == '\r' && s[i + 1] == '\n'))
            o[k++] = s[i];
    o[k] = '\0';
    return o;
}

static struct outbox_msg get(arena *a, int64_t id)
{
    struct outbox_msg m;
    assert_int_equal(outbox_get(g_db, a, id, &m), DB_OK);
    return m;
}

static void enqueue(int64_t now, const char *to, const char *subject, const char *body,
                    const char *kind, int64_t ref, int64_t *id)
{
    struct outbox_new m = {
        .to_addr = to, .subject = subject, .body = body, .kind = kind, .ref = ref};
    assert_int_equal(outbox_enqueue(g_db, now, &m, id), DB_OK);
}

static struct mailer_cfg cfg(void)
{
    struct mailer_cfg c = {.smtp_url = g_url,
                           .from = "noreply@zoetermeer.nl",
                           .from_name = "Gemeente Zoetermeer",
                           .batch = 2};
    return c;
}

static void test_deliver(void **state)
{
    static const char body1[] = "Beste bewoner,\n\nUw melding is ontvangen.\n.\n.met een punt\n"
                                "Bekijk de status: https://wijkregie.example/m/abc?x=1&y=2\n";
    char body2[2000];
    size_t k = 0;
    k += (size_t)snprintf(body2 + k, sizeof body2 - k, "Regel met spatie aan het eind \n");
    for (int i = 0; i < 30; i++)
        k += (size_t)snprintf(body2 + k, sizeof body2 - k, "één=twee €%d ", i);
    snprintf(body2 + k, sizeof body2 - k, "\nFrom the desk\n\tingesprongen\n");
    static const char body3[] = "Afgehandeld. Bent u tevreden?";
    const char *subj[3] = {"Uw melding M-1 is ontvangen", "Status: in behandeling — M-2",
                           "Uw melding M-3 is afgehandeld"};
    const char *body[3] = {body1, body2, body3};
    const char *to[3] = {"anna@example.org", "bob.de.vries@example.nl", "c+wijk@example.com"};
    const char *kind[3] = {"confirmation", "status", "closed"};
    int64_t id[3];

    /* in the caller's transaction, with the change it reports */
    assert_int_equal(db_begin_write(g_db), DB_OK);
    for (int i = 0; i < 3; i++)
        enqueue(T0 + i, to[i], subj[i], body[i], kind[i], 100 + i, &id[i]);
    assert_int_equal(db_commit(g_db), DB_OK);
    /* a rolled-back change leaves no mail behind */
    assert_int_equal(db_begin_write(g_db), DB_OK);
    enqueue(T0, "ghost@example.org", "never", "never", "status", 0, NULL);
    db_rollback(g_db);

    struct outbox_counts c;
    assert_int_equal(outbox_counts(g_db, &c), DB_OK);
    assert_int_equal(c.queued, 3);
    assert_int_equal(c.oldest_queued_at, T0);

    struct mailer_cfg mc = cfg(); /* batch 2: two claims in one pass */
    assert_int_equal(mailer_run_once(g_db, &mc, T0 + 10), 3);

    json_t *got[8];
    size_t n = received(got, 8);
    assert_int_equal(n, 3);
    for (int i = 0; i < 3; i++) {
        json_t *j = got[i];
        assert_string_equal(jstr(j, "subject"), subj[i]);
        assert_string_equal(jstr(j, "to"), to[i]);
        assert_string_equal(jstr(j, "mail_from"), "noreply@zoetermeer.nl");
        assert_int_equal(json_array_size(json_object_get(j, "rcpt_tos")), 1);
        assert_string_equal(json_string_value(json_array_get(json_object_get(j, "rcpt_tos"), 0)),
                            to[i]);
        assert_string_equal(jstr(j, "from"), "Gemeente Zoetermeer <noreply@zoetermeer.nl>");
        assert_string_equal(jstr(j, "content_type"), "text/plain");
        assert_string_equal(jstr(j, "charset"), "utf-8");
        assert_string_equal(jstr(j, "cte"), "quoted-printable");
        assert_int_equal(json_array_size(json_object_get(j, "defects")), 0);
        assert_non_null(strstr(jstr(j, "message_id"), "@zoetermeer.nl>"));
        /* the Date is when the message was queued */
        char want_date[64];
        snprintf(want_date, sizeof want_date, "Tue, 14 Nov 2023 22:13:2%d +0000", i);
        assert_string_equal(jstr(j, "date"), want_date);
        /* Python's decoder gives back exactly the text, dotted lines included */
        char *b = lf(jstr(j, "body"));
        char want[2100];
        size_t bl = strlen(body[i]);
        snprintf(want, sizeof want, "%s%s", body[i], bl && body[i][bl - 1] == '\n' ? "" : "\n");
        assert_string_equal(b, want);
        free(b);
        json_decref(j);
    }
    /* the raw message keeps the line rules on the wire */
    char names[8][32], p[600];
    assert_int_equal(sink_files(".eml", names, 8), 3);
    snprintf(p, sizeof p, "%s/%s", g_sink_dir, names[1]); /* the long non-ASCII one */
    FILE *f = fopen(p, "rb");
    assert_non_null(f);
    static char raw[65536];
    size_t rl = fread(raw, 1, sizeof raw - 1, f);
    fclose(f);
    raw[rl] = '\0';
    check_header_lines(raw);
    const char *sep = strstr(raw, "\r\n\r\n") + 4;
    buf dec;
    buf_init(&dec, 1 << 20);
    qp_check_decode(sep, strlen(sep), &dec);
    buf_free(&dec);

    arena *a = arena_new(4096);
    for (int i = 0; i < 3; i++) {
        struct outbox_msg m = get(a, id[i]);
        assert_int_equal(m.status, OUTBOX_SENT);
        assert_int_equal(m.sent_at, T0 + 10);
        assert_int_equal(m.attempts, 1);
        assert_null(m.last_error);
        assert_string_equal(m.kind, kind[i]);
        assert_int_equal(m.ref, 100 + i);
    }
    arena_free(a);
    assert_int_equal(outbox_counts(g_db, &c), DB_OK);
    assert_int_equal(c.queued, 0);
    assert_int_equal(c.sent, 3);
    assert_int_equal(c.oldest_queued_at, 0);
    /* nothing is sent twice */
    assert_int_equal(mailer_run_once(g_db, &mc, T0 + 100000), 0);
    assert_int_equal(received(got, 0), 3);
}

static void test_relay_down_then_back(void **state)
{
    arena *a = arena_new(4096);
    int64_t id, id2, id3;
    enqueue(T0, "anna@example.org", "Uw melding", "tekst", "confirmation", 7, &id);
    enqueue(T0, "bob@example.org", "Uw melding", "tekst", "confirmation", 8, &id2);
    enqueue(T0, "carla@example.org", "Uw melding", "tekst", "confirmation", 9, &id3);
    int port = g_port;
    sink_stop();

    struct mailer_cfg mc = cfg();
    mc.batch = 10;
    assert_int_equal(mailer_run_once(g_db, &mc, T0), 0);
    int64_t ids[3] = {id, id2, id3};
    for (int i = 0; i < 3; i++) {
        /* every claimed message gets the failed attempt, at once */
        struct outbox_msg m = get(a, ids[i]);
        assert_int_equal(m.status, OUTBOX_QUEUED);
        assert_int_equal(m.attempts, 1);
        assert_int_equal(m.next_attempt_at, T0 + 60);
        assert_non_null(m.last_error);
        assert_null(strstr(m.last_error, "@"));
        assert_non_null(strchr(m.to_addr, '@')); /* kept for the next attempt */
    }
    /* not due yet: nothing happens */
    assert_int_equal(mailer_run_once(g_db, &mc, T0 + 59), 0);
    assert_int_equal(get(a, id).attempts, 1);
    /* still down at the next attempt: 5 minutes more */
    assert_int_equal(mailer_run_once(g_db, &mc, T0 + 60), 0);
    assert_int_equal(get(a, id).attempts, 2);
    assert_int_equal(get(a, id).next_attempt_at, T0 + 60 + 300);

    assert_int_equal(sink_start(port), 0);
    assert_int_equal(mailer_run_once(g_db, &mc, T0 + 100), 0); /* not due */
    assert_int_equal(mailer_run_once(g_db, &mc, T0 + 360), 3);
    for (int i = 0; i < 3; i++) {
        struct outbox_msg m = get(a, ids[i]);
        assert_int_equal(m.status, OUTBOX_SENT);
        assert_int_equal(m.attempts, 3);
        assert_int_equal(m.sent_at, T0 + 360);
    }
    json_t *got[4];
    assert_int_equal(received(got, 4), 3);
    for (int i = 0; i < 3; i++)
        json_decref(got[i]);
    arena_free(a);
}

static void test_refused_recipient(void **state)
{
    arena *a = arena_new(4096);
    int64_t bad, good;
    enqueue(T0, "refuse-me@example.org", "Uw melding", "tekst", "status", 1, &bad);
    enqueue(T0, "dirk@example.org", "Uw melding", "tekst", "status", 2, &good);
    struct mailer_cfg mc = cfg();
    /* the refusal is this message's: the next one still goes out */
    assert_int_equal(mailer_run_once(g_db, &mc, T0), 1);
    struct outbox_msg m = get(a, bad);
    assert_int_equal(m.status, OUTBOX_QUEUED);
    assert_int_equal(m.attempts, 1);
    assert_int_equal(m.next_attempt_at, T0 + 60);
    assert_non_null(strstr(m.last_error, "550"));
    assert_null(strstr(m.last_error, "refuse-me"));
    assert_int_equal(get(a, good).status, OUTBOX_SENT);
    json_t *got[4];
    assert_int_equal(received(got, 4), 1);
    assert_string_equal(jstr(got[0], "to"), "dirk@example.org");
    json_decref(got[0]);

    /* an address that cannot be sent to fails for good at once */
    int64_t inv;
    enqueue(T0, "not an address", "Uw melding", "tekst", "status", 3, &inv);
    assert_int_equal(mailer_run_once(g_db, &mc, T0 + 1), 0);
    m = get(a, inv);
    assert_int_equal(m.status, OUTBOX_FAILED);
    assert_int_equal(m.attempts, 1);
    assert_string_equal(m.last_error, "invalid recipient address");
    arena_free(a);
}

static void test_give_up_after_three_days(void **state)
{
    arena *a = arena_new(4096);
    int64_t id;
    enqueue(T0, "e@example.org", "Uw melding", "tekst", "status", 0, &id);
    /* fail every attempt exactly when due: the schedule, then the 3-day cap */
    int64_t now = T0, expect_delay[] = {60, 300, 900, 3600, 14400, 43200, 43200, 43200};
    for (size_t i = 0; i < sizeof expect_delay / sizeof expect_delay[0]; i++) {
        enum outbox_status st;
        int64_t next;
        assert_int_equal(
            outbox_mark_failed(g_db, id, now, "Couldn't connect to server", false, &st, &next),
            DB_OK);
        assert_int_equal(st, OUTBOX_QUEUED);
        assert_int_equal(next, now + expect_delay[i]);
        now = next;
    }
    /* now = T0 + 1 d 5 h 21 min; two more 12 h steps, then capped at 3 days */
    enum outbox_status st;
    int64_t next;
    assert_int_equal(outbox_mark_failed(g_db, id, now, "x", false, &st, &next), DB_OK);
    now = next;
    assert_int_equal(outbox_mark_failed(g_db, id, now, "x", false, &st, &next), DB_OK);
    now = next;
    assert_int_equal(outbox_mark_failed(g_db, id, now, "x", false, &st, &next), DB_OK);
    assert_int_equal(st, OUTBOX_QUEUED);
    assert_int_equal(next, T0 + OUTBOX_GIVE_UP_SECONDS); /* one last try at the 3-day mark */
    now = next;
    assert_int_equal(outbox_mark_failed(g_db, id, now, "x", false, &st, &next), DB_OK);
    assert_int_equal(st, OUTBOX_FAILED);
    struct outbox_msg m = get(a, id);
    assert_int_equal(m.status, OUTBOX_FAILED);
    assert_int_equal(m.attempts, 12);
    /* a failed message is not claimed again, not marked again, but stays visible */
    struct outbox_msg *v;
    size_t n;
    assert_int_equal(outbox_claim_due(g_db, a, now + 1000000, 10, &v, &n), DB_OK);
    assert_int_equal(n, 0);
    assert_int_equal(outbox_mark_failed(g_db, id, now, "x", false, &st, &next), DB_NOTFOUND);
    assert_int_equal(outbox_mark_sent(g_db, id, now), DB_NOTFOUND);
    assert_int_equal(outbox_list(g_db, a, 0, OUTBOX_FAILED, 10, &v, &n), DB_OK);
    assert_int_equal(n, 1);
    assert_int_equal(v[0].id, id);
    struct outbox_counts c;
    assert_int_equal(outbox_counts(g_db, &c), DB_OK);
    assert_int_equal(c.failed, 1);
    /* a long error is cut, whole characters only */
    int64_t id2;
    enqueue(T0, "f@example.org", "s", "b", "status", 0, &id2);
    buf longerr;
    buf_init(&longerr, 4096);
    for (int i = 0; i < 100; i++)
        buf_puts(&longerr, "é€"); /* 5 bytes: 200 falls inside a character */
    assert_int_equal(outbox_mark_failed(g_db, id2, T0, longerr.data, false, &st, &next), DB_OK);
    buf_free(&longerr);
    m = get(a, id2);
    assert_true(strlen(m.last_error) <= 200);
    assert_true(utf8_valid(m.last_error, strlen(m.last_error)));
    arena_free(a);
}

static void test_claim_lease(void **state)
{
    arena *a = arena_new(4096);
    int64_t id[5];
    for (int i = 0; i < 5; i++)
        enqueue(T0 + i, "g@example.org", "s", "b", "status", 0, &id[i]);
    struct outbox_msg *v;
    size_t n;
    /* only what is due at now */
    assert_int_equal(outbox_claim_due(g_db, a, T0 + 2, 10, &v, &n), DB_OK);
    assert_int_equal(n, 3);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(v[i].id, id[i]);
        assert_string_equal(v[i].body_text, "b");
    }
    /* claimed ones are not handed out again while leased */
    assert_int_equal(outbox_claim_due(g_db, a, T0 + 10, 1, &v, &n), DB_OK);
    assert_int_equal(n, 1);
    assert_int_equal(v[0].id, id[3]);
    assert_int_equal(outbox_claim_due(g_db, a, T0 + 10, 10, &v, &n), DB_OK);
    assert_int_equal(n, 1);
    assert_int_equal(v[0].id, id[4]);
    assert_int_equal(outbox_claim_due(g_db, a, T0 + 10, 10, &v, &n), DB_OK);
    assert_int_equal(n, 0);
    /* a claim whose outcome was never recorded (a crash) comes back */
    assert_int_equal(outbox_claim_due(g_db, a, T0 + 2 + OUTBOX_LEASE_SECONDS, 10, &v, &n), DB_OK);
    assert_int_equal(n, 3);
    /* bad kinds are refused by the schema */
    struct outbox_new bad = {.to_addr = "g@example.org", .subject = "s", .body = "b"};
    bad.kind = "Status!";
    assert_int_equal(outbox_enqueue(g_db, T0, &bad, NULL), DB_CONSTRAINT);
    bad.kind = "";
    assert_int_equal(outbox_enqueue(g_db, T0, &bad, NULL), DB_CONSTRAINT);
    /* held mail needs an address key, or nothing could release it */
    bad.kind = "status";
    bad.held = true;
    assert_int_equal(outbox_enqueue(g_db, T0, &bad, NULL), DB_CONSTRAINT);
    arena_free(a);
}

static void test_list_and_purge(void **state)
{
    arena *a = arena_new(8192);
    int64_t id[7];
    for (int i = 0; i < 7; i++)
        enqueue(T0 + i, "h@example.org", "Onderwerp", "Persoonlijke tekst", "status", i, &id[i]);
    /* 0..2 sent long ago, 3 sent recently, 4 failed long ago, 5..6 queued */
    for (int i = 0; i < 3; i++)
        assert_int_equal(outbox_mark_sent(g_db, id[i], T0 + 100), DB_OK);
    assert_int_equal(outbox_mark_sent(g_db, id[3], T0 + 400 * 86400), DB_OK);
    enum outbox_status st;
    assert_int_equal(outbox_mark_failed(g_db, id[4], T0, "refused", true, &st, NULL), DB_OK);
    assert_int_equal(st, OUTBOX_FAILED);

    /* newest first, by pages of 3, without bodies */
    struct outbox_msg *v;
    size_t n;
    assert_int_equal(outbox_list(g_db, a, 0, -1, 3, &v, &n), DB_OK);
    assert_int_equal(n, 3);
    assert_int_equal(v[0].id, id[6]);
    assert_int_equal(v[2].id, id[4]);
    assert_null(v[0].body_text);
    assert_string_equal(v[0].to_addr, "h@example.org");
    assert_int_equal(v[2].status, OUTBOX_FAILED);
    assert_string_equal(v[2].last_error, "refused");
    assert_int_equal(outbox_list(g_db, a, v[2].id, -1, 3, &v, &n), DB_OK);
    assert_int_equal(n, 3);
    assert_int_equal(v[0].id, id[3]);
    assert_int_equal(outbox_list(g_db, a, v[2].id, -1, 3, &v, &n), DB_OK);
    assert_int_equal(n, 1);
    assert_int_equal(v[0].id, id[0]);
    assert_int_equal(outbox_list(g_db, a, 0, OUTBOX_QUEUED, 10, &v, &n), DB_OK);
    assert_int_equal(n, 2);
    assert_int_equal(outbox_list(g_db, a, 0, OUTBOX_SENT, 10, &v, &n), DB_OK);
    assert_int_equal(n, 4);
    struct outbox_counts c;
    assert_int_equal(outbox_counts(g_db, &c), DB_OK);
    assert_int_equal(c.queued, 2);
    assert_int_equal(c.sent, 4);
    assert_int_equal(c.failed, 1);
    assert_int_equal(c.oldest_queued_at, T0 + 5);

    /* retention after 365 days, run at T0 + 366 days */
    int erased = -1;
    int64_t cutoff = T0 + 366 * 86400 - 365 * 86400;
    assert_int_equal(outbox_purge_sent(g_db, cutoff, &erased), DB_OK);
    assert_int_equal(erased, 4);
    for (int i = 0; i < 7; i++) {
        struct outbox_msg m = get(a, id[i]);
        bool gone = i <= 2 || i == 4;
        assert_string_equal(m.to_addr, gone ? "" : "h@example.org");
        if (gone)
            assert_null(m.body_text);
        else
            assert_string_equal(m.body_text, "Persoonlijke tekst");
        assert_string_equal(m.subject, "Onderwerp"); /* the record stays */
        assert_int_equal(m.ref, i);
    }
    /* again: nothing left to erase */
    assert_int_equal(outbox_purge_sent(g_db, cutoff, &erased), DB_OK);
    assert_int_equal(erased, 0);
    assert_int_equal(outbox_counts(g_db, &c), DB_OK);
    assert_int_equal(c.sent, 4);
    arena_free(a);
}

static void test_no_relay_configured(void **state)
{
    int64_t id;
    enqueue(T0, "i@example.org", "s", "b", "status", 0, &id);
    struct mailer_cfg mc = cfg();
    mc.smtp_url = "";
    assert_int_equal(mailer_run_once(g_db, &mc, T0 + 10), 0);
    mc.smtp_url = NULL;
    assert_int_equal(mailer_run_once(g_db, &mc, T0 + 10), 0);
    arena *a = arena_new(4096);
    struct outbox_msg m = get(a, id);
    assert_int_equal(m.status, OUTBOX_QUEUED);
    assert_int_equal(m.attempts, 0);
    arena_free(a);
    assert_int_equal(mailer_start("", "noreply@zoetermeer.nl", 1), 0); /* logs, starts nothing */
    mailer_wake();
    mailer_stop();
}

static void test_thread_flushes_on_stop(void **state)
{
    /* a long interval: only the first pass and the last one on stop run */
    assert_int_equal(mailer_start(g_url, "noreply@zoetermeer.nl", 3600), 0);
    usleep(200 * 1000);
    int64_t id;
    enqueue((int64_t)time(NULL), "j@example.org", "Laatste", "Tot ziens", "closed", 0, &id);
    mailer_stop();
    mailer_stop(); /* harmless twice */
    arena *a = arena_new(4096);
    assert_int_equal(get(a, id).status, OUTBOX_SENT);
    arena_free(a);
    json_t *got[4];
    assert_int_equal(received(got, 4), 1);
    assert_string_equal(jstr(got[0], "subject"), "Laatste");
    assert_string_equal(jstr(got[0], "from"), "noreply@zoetermeer.nl");
    json_decref(got[0]);

    /* wake: a pass now, not after the interval */
    assert_int_equal(mailer_start(g_url, "noreply@zoetermeer.nl", 3600), 0);
    usleep(200 * 1000);
    enqueue((int64_t)time(NULL), "k@example.org", "Gewekt", "b", "status", 0, &id);
    mailer_wake();
    a = arena_new(4096);
    int status = OUTBOX_QUEUED;
    for (int i = 0; i < 100 && status == OUTBOX_QUEUED; i++) {
        usleep(50 * 1000);
        status = get(a, id).status;
    }
    assert_int_equal(status, OUTBOX_SENT);
    arena_free(a);
    mailer_stop();
}

/* The token in a confirmation request's link. */
static void token_of(const char *body, char out[AUTH_TOKEN_CHARS])
{
    const char *p = strstr(body, "/e-mailadres/");
    assert_non_null(p);
    p += strlen("/e-mailadres/");
    size_t n = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
    assert_int_equal(n, AUTH_TOKEN_CHARS - 1);
    memcpy(out, p, n);
    out[n] = '\0';
}

static void queue_to_resident(int64_t now, const char *to, const char *subject, bool want_held)
{
    arena *a = arena_new(4096);
    struct optin_mail m = {
        .to = to, .subject = subject, .body = subject, .kind = "status", .ref = 1};
    bool held = !want_held;
    assert_int_equal(db_begin_write(g_db), DB_OK);
    assert_int_equal(optin_queue(g_db, a, now, "https://wijkregie.example", &m, &held), 0);
    assert_int_equal(db_commit(g_db), DB_OK);
    assert_int_equal(held, want_held);
    arena_free(a);
}

/* How many messages the sink holds. */
static size_t received_n(void)
{
    json_t *got[64];
    size_t n = received(got, 64);
    for (size_t i = 0; i < n && i < 64; i++)
        json_decref(got[i]);
    return n;
}

static void test_optin_through_the_relay(void **state)
{
    assert_int_equal(auth_init(), 0);
    assert_int_equal(auth_ensure_secret(g_db), 0);
    struct mailer_cfg mc = cfg();
    queue_to_resident(T0, "anna@example.org", "Uw melding is ontvangen", true);
    /* the relay gets the request, and nothing else */
    assert_int_equal(mailer_run_once(g_db, &mc, T0 + 10), 1);
    json_t *got[8];
    assert_int_equal(received(got, 8), 1);
    assert_string_equal(jstr(got[0], "to"), "anna@example.org");
    assert_string_equal(jstr(got[0], "subject"), "Bevestig uw e-mailadres");
    const char *body = jstr(got[0], "body");
    assert_non_null(strstr(body, "https://wijkregie.example/e-mailadres/"));
    assert_null(strstr(body, "Uw melding is ontvangen"));
    char token[AUTH_TOKEN_CHARS];
    token_of(body, token);
    json_decref(got[0]);
    /* more mail to the address: held, and no second request, however late */
    queue_to_resident(T0 + 20, "Anna@Example.org", "Er is nieuws over uw melding", true);
    queue_to_resident(T0 + 29 * 86400, "anna+wijk@example.org", "Nog meer nieuws", true);
    assert_int_equal(mailer_run_once(g_db, &mc, T0 + 29 * 86400 + 10), 0);
    assert_int_equal(received_n(), 1);
    struct outbox_counts c;
    assert_int_equal(outbox_counts(g_db, &c), DB_OK);
    assert_int_equal(c.held, 3);
    assert_int_equal(c.queued, 0);
    /* the owner presses the button: what waited goes out, in order */
    arena *a = arena_new(4096);
    assert_int_equal(optin_confirm(g_db, a, token, T0 + 29 * 86400 + 20), OPTIN_LINK_CONFIRMED);
    arena_free(a);
    assert_int_equal(mailer_run_once(g_db, &mc, T0 + 29 * 86400 + 30), 3);
    assert_int_equal(received(got, 8), 4);
    const char *want[3][2] = {{"anna@example.org", "Uw melding is ontvangen"},
                              {"Anna@Example.org", "Er is nieuws over uw melding"},
                              {"anna+wijk@example.org", "Nog meer nieuws"}};
    for (int i = 0; i < 3; i++) {
        assert_string_equal(jstr(got[i + 1], "to"), want[i][0]);
        assert_string_equal(jstr(got[i + 1], "subject"), want[i][1]);
        assert_non_null(strstr(jstr(got[i + 1], "body"), want[i][1]));
    }
    for (int i = 0; i < 4; i++)
        json_decref(got[i]);
    /* confirmed: the next message goes at once */
    queue_to_resident(T0 + 30 * 86400, "anna@example.org", "Uw melding is afgehandeld", false);
    assert_int_equal(mailer_run_once(g_db, &mc, T0 + 30 * 86400 + 10), 1);
    assert_int_equal(received(got, 8), 5);
    assert_string_equal(jstr(got[4], "subject"), "Uw melding is afgehandeld");
    for (int i = 0; i < 5; i++)
        json_decref(got[i]);
    assert_int_equal(outbox_counts(g_db, &c), DB_OK);
    assert_int_equal(c.held, 0);
    assert_int_equal(c.sent, 5);
}

int main(void)
{
    const struct CMUnitTest unit[] = {
        cmocka_unit_test(test_address),          cmocka_unit_test(test_build_headers),
        cmocka_unit_test(test_subject_encoding), cmocka_unit_test(test_qp),
        cmocka_unit_test(test_header_injection), cmocka_unit_test(test_send_errors),
        cmocka_unit_test(test_backoff),
    };
    const struct CMUnitTest smtp[] = {
        cmocka_unit_test_setup_teardown(test_deliver, db_up, db_down),
        cmocka_unit_test_setup_teardown(test_relay_down_then_back, db_up, db_down),
        cmocka_unit_test_setup_teardown(test_refused_recipient, db_up, db_down),
        cmocka_unit_test_setup_teardown(test_give_up_after_three_days, db_up, db_down),
        cmocka_unit_test_setup_teardown(test_claim_lease, db_up, db_down),
        cmocka_unit_test_setup_teardown(test_list_and_purge, db_up, db_down),
        cmocka_unit_test_setup_teardown(test_optin_through_the_relay, db_up, db_down),
        cmocka_unit_test_setup_teardown(test_no_relay_configured, db_up, db_down),
        cmocka_unit_test_setup_teardown(test_thread_flushes_on_stop, db_up, db_down),
    };
    int failed = cmocka_run_group_tests_name("mail", unit, NULL, NULL);
    failed += cmocka_run_group_tests_name("outbox over SMTP", smtp, group_setup, group_teardown);
    return failed;
}
