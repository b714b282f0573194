/*
 * test_ini.c: unit tests of src/lib/ini.c (the wijkregie.conf dialect).
 *
 * A recording callback turns each parse into one text line per setting,
 * "section|key|value|line", so each case reads as input and expected output.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/buf.h"
#include "lib/config.h"
#include "lib/ini.h"

struct rec {
    buf out;
    int refuse_key_x; /* when set, key "x" is refused with 42 */
};

static int record(void *ud, const char *section, const char *key, const char *value, int line)
{
    struct rec *r = ud;
    if (r->refuse_key_x && strcmp(key, "x") == 0)
        return 42;
    buf_printf(&r->out, "%s|%s|%s|%d\n", section, key, value, line);
    return 0;
}

/* Parses text; checks the status, and the recorded settings when want is not NULL. */
static void expect(const char *text, int status, const char *want)
{
    struct rec r = {0};
    buf_init(&r.out, 0);
    struct ini_error err;
    int rc = ini_parse(text, strlen(text), record, &r, &err);
    if (rc != status)
        fail_msg("status %d, want %d (line %d: %s) for:\n%s", rc, status, err.line, err.msg, text);
    if (want)
        assert_string_equal(r.out.data ? r.out.data : "", want);
    buf_free(&r.out);
}

/* Expects a syntax error at line `line` whose message contains `what`. */
static void expect_error(const char *text, int line, const char *what)
{
    struct ini_error err;
    int rc = ini_parse(text, strlen(text), record, &(struct rec){.out = {0}}, &err);
    assert_int_equal(rc, INI_ESYNTAX);
    assert_int_equal(err.line, line);
    if (!strstr(err.msg, what))
        fail_msg("message \"%s\" lacks \"%s\"", err.msg, what);
}

static void test_typical_file(void **state)
{
    const char *conf = "# wijkregie.conf\n"
                       "; comment in the other style\n"
                       "\n"
                       "[server]\n"
                       "listen = 127.0.0.1:8080\n"
                       "base_url=https://wijkregie.example.nl/\n"
                       "   trusted-proxies   =   127.0.0.1 ::1   \n"
                       "\n"
                       "[ mail ]\n"
                       "from = \"Gemeente Zoetermeer <noreply@example.nl>\"\n"
                       "subject.prefix = \"  [Wijkregie] \"\n"
                       "empty =\n"
                       "quoted-empty = \"\"\n";
    expect(conf, INI_OK,
           "server|listen|127.0.0.1:8080|5\n"
           "server|base_url|https://wijkregie.example.nl/|6\n"
           "server|trusted-proxies|127.0.0.1 ::1|7\n"
           "mail|from|Gemeente Zoetermeer <noreply@example.nl>|10\n"
           "mail|subject.prefix|  [Wijkregie] |11\n"
           "mail|empty||12\n"
           "mail|quoted-empty||13\n");
}

static void test_keys_before_any_section(void **state)
{
    expect("data = /var/lib/wijkregie\n[a]\nk=v\n", INI_OK,
           "|data|/var/lib/wijkregie|1\na|k|v|3\n");
}

static void test_line_endings_bom_and_last_line(void **state)
{
    expect("\xef\xbb\xbf[s]\r\nk = v\r\nlast=no newline", INI_OK, "s|k|v|2\ns|last|no newline|3\n");
    expect("", INI_OK, "");
    expect("\n\n   \n\t\n", INI_OK, "");
    expect("# only a comment", INI_OK, "");
}

static void test_values_keep_what_they_hold(void **state)
{
    /* No comments after values; '=' in values; UTF-8; tabs inside. */
    expect("[s]\n"
           "url = https://x.nl/#anker ; niet een commentaar\n"
           "eq = a=b=c\n"
           "naam = Één wijk – Zoetermeer\n"
           "tab = a\tb\n"
           "q = \"zegt \\\"hallo\\\" en \\\\ \"\n"
           "half = \"niet gequote\n",
           INI_ESYNTAX, NULL);
    expect("[s]\n"
           "url = https://x.nl/#anker ; niet een commentaar\n"
           "eq = a=b=c\n"
           "naam = Één wijk – Zoetermeer\n"
           "tab = a\tb\n"
           "q = \"zegt \\\"hallo\\\" en \\\\ \"\n"
           "aan = x\"y\"\n",
           INI_OK,
           "s|url|https://x.nl/#anker ; niet een commentaar|2\n"
           "s|eq|a=b=c|3\n"
           "s|naam|Één wijk – Zoetermeer|4\n"
           "s|tab|a\tb|5\n"
           "s|q|zegt \"hallo\" en \\ |6\n"
           "s|aan|x\"y\"|7\n");
}

static void test_repeated_keys_passed_each_time(void **state)
{
    expect("[s]\nk=1\nk=2\n[s]\nk=3\n", INI_OK, "s|k|1|2\ns|k|2|3\ns|k|3|5\n");
}

static void test_syntax_errors_with_line_numbers(void **state)
{
    expect_error("[s]\nk = v\nzonder gelijkteken\n", 3, "missing '='");
    expect_error("[s\n", 1, "missing ']'");
    expect_error("[s] x\n", 1, "text after ']'");
    expect_error("[]\n", 1, "empty section");
    expect_error("[  ]\n", 1, "empty section");
    expect_error("[a[b]\n", 1, "invalid character in section");
    expect_error("\n= v\n", 2, "missing key");
    expect_error("sleutel met spatie = v\n", 1, "invalid character in key");
    expect_error("k\"ey = v\n", 1, "invalid character in key");
    expect_error("k = \"open\n", 1, "missing closing");
    expect_error("k = \"a\" b\n", 1, "after the closing");
    expect_error("k = \"a\\n\"\n", 1, "unknown escape");
    expect_error("k = \"a\\\"\n", 1, "missing closing");
    expect_error("k = a\rb\n", 1, "control character");
    expect_error("k = \"a\x01\"\n", 1, "control character");
    expect_error("ok = 1\nk = \xff\n", 2, "UTF-8");
    expect_error("k = \xc3\n", 1, "UTF-8");
    expect_error("k = \xed\xa0\x80\n", 1, "UTF-8"); /* a surrogate */
    expect_error("# \xc0\xaf in a comment\n", 1, "UTF-8");
}

static void test_nul_byte_refused(void **state)
{
    const char text[] = "[s]\nk = a\0b\n";
    struct ini_error err;
    assert_int_equal(ini_parse(text, sizeof text - 1, record, &(struct rec){.out = {0}}, &err),
                     INI_ESYNTAX);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "NUL"));
}

static void test_line_length_limit(void **state)
{
    size_t n = INI_LINE_MAX + 10;
    char *t = malloc(n + 16);
    memcpy(t, "[s]\nk = ", 8);
    /* Exactly INI_LINE_MAX bytes on line 2 (plus CR LF) is fine. */
    memset(t + 8, 'x', INI_LINE_MAX - 4);
    memcpy(t + 4 + INI_LINE_MAX, "\r\n", 3);
    struct rec r = {0};
    buf_init(&r.out, 0);
    struct ini_error err;
    assert_int_equal(ini_parse(t, strlen(t), record, &r, &err), INI_OK);
    assert_int_equal(r.out.len, strlen("s|k||2\n") + INI_LINE_MAX - 4);
    buf_free(&r.out);
    /* One byte more is an error on that line. */
    memset(t + 8, 'x', INI_LINE_MAX - 3);
    memcpy(t + 5 + INI_LINE_MAX, "\n", 2);
    assert_int_equal(ini_parse(t, strlen(t), record, &(struct rec){.out = {0}}, &err), INI_ESYNTAX);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "too long"));
    free(t);
}

static void test_callback_can_refuse(void **state)
{
    struct rec r = {0};
    buf_init(&r.out, 0);
    r.refuse_key_x = 1;
    struct ini_error err;
    const char *text = "[s]\na = 1\nx = geheim\nb = 2\n";
    assert_int_equal(ini_parse(text, strlen(text), record, &r, &err), INI_ECALLBACK);
    assert_int_equal(err.line, 3);
    assert_int_equal(err.cb_result, 42);
    assert_non_null(strstr(err.msg, "'x'"));
    assert_null(strstr(err.msg, "geheim"));       /* values are never echoed */
    assert_string_equal(r.out.data, "s|a|1|2\n"); /* b was not reached */
    buf_free(&r.out);
}

static void test_null_callback_and_error(void **state)
{
    /* Syntax check only, and err may be NULL. */
    assert_int_equal(ini_parse("[s]\nk=v\n", 8, NULL, NULL, NULL), INI_OK);
    assert_int_equal(ini_parse("[s]\nkv\n", 7, NULL, NULL, NULL), INI_ESYNTAX);
    assert_int_equal(ini_parse(NULL, 0, NULL, NULL, NULL), INI_OK);
    /* The length is respected: the text after len is not read. */
    assert_int_equal(ini_parse("k=v\nkapot", 4, NULL, NULL, NULL), INI_OK);
}

static void test_parse_file(void **state)
{
    char path[] = "/tmp/wr-ini-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *text = "[database]\npath = var/wijkregie.db\n";
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);

    struct rec r = {0};
    buf_init(&r.out, 0);
    struct ini_error err;
    assert_int_equal(ini_parse_file(path, record, &r, &err), INI_OK);
    assert_string_equal(r.out.data, "database|path|var/wijkregie.db|2\n");
    buf_free(&r.out);

    /* Too large a file is refused before parsing. */
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    for (size_t i = 0; i <= INI_FILE_MAX / 16; i++)
        fputs("# filler filler\n", f);
    fclose(f);
    assert_int_equal(ini_parse_file(path, record, &(struct rec){.out = {0}}, &err), INI_EIO);
    assert_int_equal(err.line, 0);
    assert_non_null(strstr(err.msg, "larger"));
    unlink(path);

    assert_int_equal(ini_parse_file(path, record, NULL, &err), INI_EIO);
    assert_int_equal(err.line, 0);
    assert_non_null(strstr(err.msg, path));
}

/* base_url has no compiled default: it is made from listen when not set. */
static void test_config_base_url(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"127.0.0.1:8104", "http://127.0.0.1:8104"},
        {"0.0.0.0:8080", "http://127.0.0.1:8080"},
        {"[::]:9000", "http://[::1]:9000"},
        {"[::1]:9001", "http://[::1]:9001"},
        {"[0:0:0:0:0:0:0:0]:81", "http://[::1]:81"},
        {"[2001:db8::5]:8080", "http://[2001:db8::5]:8080"},
        {"localhost:8080", "http://localhost:8080"},
        {"192.0.2.7:80", "http://192.0.2.7:80"},
    };
    char err[256];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct config c;
        config_defaults(&c);
        assert_string_equal(c.base_url, "");
        assert_int_equal(config_set(&c, "listen", cases[i][0], err, sizeof err), 0);
        assert_true(config_derive_base_url(&c));
        assert_string_equal(c.base_url, cases[i][1]);
        assert_false(config_derive_base_url(&c)); /* once set, it stays */
    }
    struct config c;
    config_defaults(&c);
    assert_int_equal(config_set(&c, "base_url", "https://wijkregie.example.nl", err, sizeof err),
                     0);
    assert_int_equal(config_set(&c, "listen", "0.0.0.0:8080", err, sizeof err), 0);
    assert_false(config_derive_base_url(&c));
    assert_string_equal(c.base_url, "https://wijkregie.example.nl");
}

/* The limits against slow clients: defaults, ranges, refusals. */
static void test_config_slow_client_keys(void **state)
{
    (void)state;
    struct config c;
    char err[256];
    config_defaults(&c);
    assert_int_equal(c.max_connections_per_client, 100);
    assert_int_equal(c.request_head_seconds, 20);
    assert_int_equal(c.request_body_seconds, 20);
    assert_int_equal(c.request_body_min_rate, 500);
    assert_int_equal(config_set(&c, "server.max_connections_per_client", "8", err, sizeof err), 0);
    assert_int_equal(config_set(&c, "request_head_seconds", "3", err, sizeof err), 0);
    assert_int_equal(config_set(&c, "request_body_seconds", "4", err, sizeof err), 0);
    assert_int_equal(config_set(&c, "request_body_min_rate", "1000", err, sizeof err), 0);
    assert_int_equal(c.max_connections_per_client, 8);
    assert_int_equal(c.request_head_seconds, 3);
    assert_int_equal(c.request_body_seconds, 4);
    assert_int_equal(c.request_body_min_rate, 1000);
    static const char *const bad[][2] = {
        {"max_connections_per_client", "0"}, {"max_connections_per_client", "1001"},
        {"request_head_seconds", "0"},       {"request_head_seconds", "-1"},
        {"request_body_seconds", "3601"},    {"request_body_min_rate", "0"},
        {"request_body_min_rate", "fast"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        assert_int_equal(config_set(&c, bad[i][0], bad[i][1], err, sizeof err), -1);
        assert_non_null(strstr(err, bad[i][0]));
    }
    assert_int_equal(c.max_connections_per_client, 8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_typical_file),
        cmocka_unit_test(test_keys_before_any_section),
        cmocka_unit_test(test_line_endings_bom_and_last_line),
        cmocka_unit_test(test_values_keep_what_they_hold),
        cmocka_unit_test(test_repeated_keys_passed_each_time),
        cmocka_unit_test(test_syntax_errors_with_line_numbers),
        cmocka_unit_test(test_nul_byte_refused),
        cmocka_unit_test(test_line_length_limit),
        cmocka_unit_test(test_callback_can_refuse),
        cmocka_unit_test(test_null_callback_and_error),
        cmocka_unit_test(test_parse_file),
        cmocka_unit_test(test_config_base_url),
        cmocka_unit_test(test_config_slow_client_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
