/*
 * test_form.c: unit tests for the request parsers: utf8, form (urlencoded and
 * multipart/form-data) and cookie. Each test states the decision it pins down
 * (empty names skipped, bare LF refused, malformed cookies skipped...).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "http/cookie.h"
#include "http/form.h"
#include "http/http.h"
#include "lib/buf.h"
#include "lib/utf8.h"

/* Byte length of a string literal, which may hold NUL bytes. */
#define LIT(s) (s), (sizeof(s) - 1)

static int setup_arena(void **state)
{
    *state = arena_new(4096);
    return *state ? 0 : -1;
}

static int teardown_arena(void **state)
{
    arena_free(*state);
    return 0;
}

/* ---- utf8 ---- */

static void test_utf8_valid(void **state)
{
    (void)state;
    assert_true(utf8_valid(LIT("")));
    assert_true(utf8_valid(LIT("plain ascii")));
    assert_true(utf8_valid(LIT("caf\xC3\xA9")));       /* é */
    assert_true(utf8_valid(LIT("\xE2\x82\xAC")));      /* € */
    assert_true(utf8_valid(LIT("\xF0\x9F\x98\x80")));  /* U+1F600 */
    assert_true(utf8_valid(LIT("\xF4\x8F\xBF\xBF")));  /* U+10FFFF */
    assert_true(utf8_valid(LIT("\xED\x9F\xBF")));      /* U+D7FF */
    assert_true(utf8_valid(LIT("\xEE\x80\x80")));      /* U+E000 */
    assert_true(utf8_valid(LIT("a\0b")));              /* NUL is UTF-8 */
    assert_false(utf8_valid(LIT("\xF4\x90\x80\x80"))); /* U+110000 */
    assert_false(utf8_valid(LIT("\xC0\x80")));         /* overlong NUL */
    assert_false(utf8_valid(LIT("\xC1\xBF")));         /* overlong */
    assert_false(utf8_valid(LIT("\xE0\x80\xAF")));     /* overlong '/' */
    assert_false(utf8_valid(LIT("\xE0\x9F\xBF")));     /* overlong U+7FF */
    assert_false(utf8_valid(LIT("\xF0\x8F\xBF\xBF"))); /* overlong U+FFFF */
    assert_false(utf8_valid(LIT("\xED\xA0\x80")));     /* U+D800 */
    assert_false(utf8_valid(LIT("\xED\xBF\xBF")));     /* U+DFFF */
    assert_false(utf8_valid(LIT("\xC3")));             /* truncated */
    assert_false(utf8_valid(LIT("\xE2\x82")));         /* truncated */
    assert_false(utf8_valid(LIT("\x80")));             /* lone continuation */
    assert_false(utf8_valid(LIT("\xC3\x28")));         /* bad continuation */
    assert_false(utf8_valid(LIT("\xFF")));
    assert_false(utf8_valid(LIT("\xFE")));
    assert_false(utf8_valid(LIT("\xF8\x88\x80\x80\x80"))); /* 5-byte form */
    assert_false(utf8_valid(LIT("ok\xC3\xA9\xFF")));
}

static void test_utf8_decode(void **state)
{
    (void)state;
    uint32_t cp = 0;
    assert_int_equal(utf8_decode(LIT("A"), &cp), 1);
    assert_int_equal(cp, 'A');
    assert_int_equal(utf8_decode(LIT("\xC3\xA9x"), &cp), 2);
    assert_int_equal(cp, 0xE9);
    assert_int_equal(utf8_decode(LIT("\xE2\x82\xAC"), &cp), 3);
    assert_int_equal(cp, 0x20AC);
    assert_int_equal(utf8_decode(LIT("\xF4\x8F\xBF\xBF"), &cp), 4);
    assert_int_equal(cp, 0x10FFFF);
    cp = 7;
    assert_int_equal(utf8_decode(LIT("\xED\xA0\x80"), &cp), 0);
    assert_int_equal(utf8_decode("", 0, &cp), 0);
    assert_int_equal(utf8_decode("\xE2\x82\xAC", 2, &cp), 0); /* cut short */
    assert_int_equal(cp, 7);
}

static void test_utf8_count_and_cut(void **state)
{
    (void)state;
    assert_int_equal(utf8_len_chars(LIT("")), 0);
    assert_int_equal(utf8_len_chars(LIT("h\xC3\xA9llo")), 5);
    assert_true(utf8_blank(NULL) && utf8_blank("") && utf8_blank(" \t\r\n"));
    assert_false(utf8_blank(" a "));
    assert_int_equal(utf8_len_chars(LIT("\xF0\x9F\x98\x80\xE2\x82\xAC")), 2);

    /* "h é l l o": the first two characters are three bytes. */
    assert_int_equal(utf8_prefix_chars(LIT("h\xC3\xA9llo"), 2), 3);
    assert_int_equal(utf8_prefix_chars(LIT("h\xC3\xA9llo"), 0), 0);
    assert_int_equal(utf8_prefix_chars(LIT("h\xC3\xA9llo"), 5), 6);
    assert_int_equal(utf8_prefix_chars(LIT("h\xC3\xA9llo"), 99), 6);

    assert_int_equal(utf8_truncate(LIT("h\xC3\xA9"), 2), 1); /* would split é */
    assert_int_equal(utf8_truncate(LIT("h\xC3\xA9"), 3), 3);
    assert_int_equal(utf8_truncate(LIT("h\xC3\xA9"), 10), 3);
    assert_int_equal(utf8_truncate(LIT("a\xE2\x82\xAC"), 3), 1);
    assert_int_equal(utf8_truncate(LIT("\xF0\x9F\x98\x80"), 3), 0);
    assert_int_equal(utf8_truncate(LIT("abc"), 0), 0);

    /* A 4,000-character limit counts characters, not bytes. */
    char text[4001 * 2];
    for (size_t i = 0; i < 4001; i++)
        memcpy(text + 2 * i, "\xC3\xA9", 2);
    assert_int_equal(utf8_len_chars(text, sizeof text), 4001);
    size_t cut = utf8_prefix_chars(text, sizeof text, 4000);
    assert_int_equal(cut, 8000);
    assert_true(utf8_valid(text, cut));
}

/* ---- urlencoded ---- */

static void test_urlenc_basic(void **state)
{
    struct form f;
    assert_int_equal(form_parse_urlencoded(*state, LIT("a=1&b=2"), NULL, &f), FORM_OK);
    assert_int_equal(f.n, 2);
    assert_string_equal(f.fields[0].name, "a");
    assert_int_equal(f.fields[0].name_len, 1);
    assert_string_equal(f.fields[0].value, "1");
    assert_int_equal(f.fields[0].value_len, 1);
    assert_null(f.fields[0].filename);
    assert_null(f.fields[0].content_type);
    assert_string_equal(form_get(&f, "b"), "2");
    assert_null(form_get(&f, "c"));
    assert_null(form_get(&f, "A")); /* names are case-sensitive */
}

static void test_urlenc_decoding(void **state)
{
    struct form f;
    assert_int_equal(
        form_parse_urlencoded(*state, LIT("q=zoetermeer+centrum&p=a%2Bb&e=%C3%A9&l=%c3%a9&eq=b=c"),
                              NULL, &f),
        FORM_OK);
    assert_int_equal(f.n, 5);
    assert_string_equal(form_get(&f, "q"), "zoetermeer centrum");
    assert_string_equal(form_get(&f, "p"), "a+b");
    assert_string_equal(form_get(&f, "e"), "\xC3\xA9");
    assert_int_equal(f.fields[2].value_len, 2);
    assert_string_equal(form_get(&f, "l"), "\xC3\xA9");
    assert_string_equal(form_get(&f, "eq"), "b=c");

    /* Names are decoded too; CR LF from a textarea survive. */
    assert_int_equal(form_parse_urlencoded(*state, LIT("na+me%21=line1%0D%0Aline2"), NULL, &f),
                     FORM_OK);
    assert_string_equal(form_get(&f, "na me!"), "line1\r\nline2");
}

static void test_urlenc_errors(void **state)
{
    struct form f;
    assert_int_equal(form_parse_urlencoded(*state, LIT("a=%zz"), NULL, &f), FORM_E_SYNTAX);
    assert_null(f.fields);
    assert_int_equal(f.n, 0);
    assert_int_equal(form_parse_urlencoded(*state, LIT("a=%"), NULL, &f), FORM_E_SYNTAX);
    assert_int_equal(form_parse_urlencoded(*state, LIT("a=%4"), NULL, &f), FORM_E_SYNTAX);
    assert_int_equal(form_parse_urlencoded(*state, LIT("a=%4g"), NULL, &f), FORM_E_SYNTAX);
    assert_int_equal(form_parse_urlencoded(*state, LIT("%g1=x"), NULL, &f), FORM_E_SYNTAX);
    /* The error wins over the good fields before it; nothing is returned. */
    assert_int_equal(form_parse_urlencoded(*state, LIT("ok=1&a=%00"), NULL, &f), FORM_E_ENCODING);
    assert_int_equal(f.n, 0);
    assert_int_equal(form_parse_urlencoded(*state, LIT("a%00=1"), NULL, &f), FORM_E_ENCODING);
    assert_int_equal(form_parse_urlencoded(*state, LIT("a=x\0y"), NULL, &f), FORM_E_ENCODING);
    assert_int_equal(form_parse_urlencoded(*state, LIT("a=%FF"), NULL, &f), FORM_E_ENCODING);
    assert_int_equal(form_parse_urlencoded(*state, LIT("%FF=a"), NULL, &f), FORM_E_ENCODING);
    assert_int_equal(form_parse_urlencoded(*state, LIT("a=%C3"), NULL, &f), FORM_E_ENCODING);
    assert_int_equal(form_parse_urlencoded(*state, LIT("a=%ED%A0%80"), NULL, &f),
                     FORM_E_ENCODING); /* surrogate */
    assert_int_equal(form_parse_urlencoded(*state, LIT("a=%C0%AF"), NULL, &f),
                     FORM_E_ENCODING); /* overlong */
    assert_int_equal(form_parse_urlencoded(*state, LIT("a=\xC3\xA9"), NULL, &f), FORM_OK);
    assert_string_equal(form_get(&f, "a"), "\xC3\xA9"); /* raw UTF-8 is accepted */
    assert_int_equal(form_parse_urlencoded(*state, LIT("a=\xE9"), NULL, &f), FORM_E_ENCODING);
}

static void test_urlenc_empty_parts(void **state)
{
    struct form f;
    /* A pair without '=' has an empty value. */
    assert_int_equal(form_parse_urlencoded(*state, LIT("a&b="), NULL, &f), FORM_OK);
    assert_int_equal(f.n, 2);
    assert_string_equal(form_get(&f, "a"), "");
    assert_int_equal(f.fields[0].value_len, 0);
    assert_string_equal(form_get(&f, "b"), "");

    /* Empty pairs and empty names are skipped, not errors. */
    assert_int_equal(form_parse_urlencoded(*state, LIT("&&=x&c=3&=&"), NULL, &f), FORM_OK);
    assert_int_equal(f.n, 1);
    assert_string_equal(f.fields[0].name, "c");
    assert_int_equal(form_parse_urlencoded(*state, "", 0, NULL, &f), FORM_OK);
    assert_int_equal(f.n, 0);
    assert_null(form_get(&f, "a"));
    assert_int_equal(form_parse_urlencoded(*state, NULL, 0, NULL, &f), FORM_OK);
    assert_int_equal(f.n, 0);
    /* The empty name is decoded first: "%20" is a name, not empty. */
    assert_int_equal(form_parse_urlencoded(*state, LIT("%20=x"), NULL, &f), FORM_OK);
    assert_string_equal(form_get(&f, " "), "x");
}

static void test_urlenc_repeated(void **state)
{
    struct form f;
    assert_int_equal(
        form_parse_urlencoded(*state, LIT("wijk=noord&x=1&wijk=oost&wijk=centrum"), NULL, &f),
        FORM_OK);
    assert_string_equal(form_get(&f, "wijk"), "noord");
    assert_int_equal(form_count(&f, "wijk"), 3);
    assert_int_equal(form_count(&f, "x"), 1);
    assert_int_equal(form_count(&f, "y"), 0);
    const struct form_field *all[2];
    assert_int_equal(form_get_all(&f, "wijk", all, 2), 3); /* total, only 2 stored */
    assert_string_equal(all[0]->value, "noord");
    assert_string_equal(all[1]->value, "oost");
    const struct form_field *many[8];
    assert_int_equal(form_get_all(&f, "wijk", many, 8), 3);
    assert_string_equal(many[2]->value, "centrum");
    assert_ptr_equal(form_field(&f, "x"), &f.fields[1]);
}

/* Builds "f0=0&f1=1&..." with n fields into a buf. */
static void make_fields(buf *b, size_t n)
{
    buf_init(b, 0);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(buf_printf(b, "%sf%zu=%zu", i ? "&" : "", i, i), 0);
}

static void test_urlenc_limits(void **state)
{
    struct form f;
    buf b;
    make_fields(&b, 1000);
    assert_int_equal(form_parse_urlencoded(*state, b.data, b.len, NULL, &f), FORM_OK);
    assert_int_equal(f.n, 1000);
    assert_string_equal(form_get(&f, "f999"), "999");
    buf_free(&b);

    make_fields(&b, 1001);
    assert_int_equal(form_parse_urlencoded(*state, b.data, b.len, NULL, &f), FORM_E_TOO_MANY);
    assert_int_equal(f.n, 0);
    assert_int_equal(form_err_status(FORM_E_TOO_MANY), 413);
    buf_free(&b);

    struct form_limits lim = form_limits_default;
    lim.max_name_len = 3;
    lim.max_value_len = 3;
    /* Lengths are counted after decoding: %41%41%41 is three bytes. */
    assert_int_equal(form_parse_urlencoded(*state, LIT("abc=%41%41%41"), &lim, &f), FORM_OK);
    assert_string_equal(form_get(&f, "abc"), "AAA");
    assert_int_equal(form_parse_urlencoded(*state, LIT("abcd=1"), &lim, &f), FORM_E_TOO_LONG);
    assert_int_equal(form_parse_urlencoded(*state, LIT("a=1234"), &lim, &f), FORM_E_TOO_LONG);
    lim.max_fields = 2;
    assert_int_equal(form_parse_urlencoded(*state, LIT("a=1&b=2"), &lim, &f), FORM_OK);
    assert_int_equal(form_parse_urlencoded(*state, LIT("a=1&b=2&c=3"), &lim, &f), FORM_E_TOO_MANY);
    /* Skipped empty pairs do not count. */
    assert_int_equal(form_parse_urlencoded(*state, LIT("a=1&&=0&b=2&"), &lim, &f), FORM_OK);
    assert_int_equal(f.n, 2);
}

static void test_form_errors_map(void **state)
{
    (void)state;
    assert_int_equal(form_err_status(FORM_OK), 200);
    assert_int_equal(form_err_status(FORM_E_SYNTAX), 400);
    assert_int_equal(form_err_status(FORM_E_ENCODING), 400);
    assert_int_equal(form_err_status(FORM_E_TOO_LONG), 413);
    assert_int_equal(form_err_status(FORM_E_TOO_MANY), 413);
    assert_int_equal(form_err_status(FORM_E_NOMEM), 500);
    for (int e = FORM_OK; e <= FORM_E_NOMEM + 1; e++)
        assert_non_null(form_strerror(e));
    assert_string_equal(form_strerror(FORM_E_TOO_LONG), "form field or file too long");
}

/* ---- header values ---- */

static void test_header_param(void **state)
{
    const char *v;
    size_t n;
    const char *ct = "multipart/form-data; boundary=abc";
    assert_int_equal(form_header_param(*state, ct, strlen(ct), "boundary", &v, &n), FORM_OK);
    assert_string_equal(v, "abc");
    assert_int_equal(n, 3);

    ct = "multipart/form-data ;BOUNDARY=\"a \\\"q\\\" \\\\ b\" ; charset=utf-8;";
    assert_int_equal(form_header_param(*state, ct, strlen(ct), "boundary", &v, &n), FORM_OK);
    assert_string_equal(v, "a \"q\" \\ b");
    assert_int_equal(form_header_param(*state, ct, strlen(ct), "charset", &v, NULL), FORM_OK);
    assert_string_equal(v, "utf-8");
    assert_int_equal(form_header_param(*state, ct, strlen(ct), "missing", &v, &n), FORM_OK);
    assert_null(v);
    assert_int_equal(n, 0);

    /* Unquoted values may hold '=' and '/' (real boundaries do). */
    ct = "multipart/form-data; boundary=----=_Part_1/x";
    assert_int_equal(form_header_param(*state, ct, strlen(ct), "boundary", &v, &n), FORM_OK);
    assert_string_equal(v, "----=_Part_1/x");

    const char *bad[] = {
        "multipart/form-data; boundary=a; boundary=b", /* repeated */
        "multipart/form-data; boundary=\"abc",         /* unterminated */
        "multipart/form-data; boundary",               /* no '=' */
        "multipart/form-data; boundary=",              /* empty unquoted */
        "multipart/form-data; boundary=\"a\"x",        /* junk after quote */
        "multipart/form-data x",                       /* junk after type */
        "; boundary=x",                                /* no type */
        "multipart/; boundary=x",                      /* no subtype */
        "multipart/form-data; =x",                     /* no name */
        "multipart/form-data; boundary=\"a\rb\"",      /* CTL */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(form_header_param(*state, bad[i], strlen(bad[i]), "boundary", &v, &n),
                         FORM_E_SYNTAX);
}

static void test_media_type_is(void **state)
{
    (void)state;
    assert_true(form_media_type_is("multipart/form-data; boundary=x", "multipart/form-data"));
    assert_true(form_media_type_is(" Multipart/Form-Data ;x=y", "multipart/form-data"));
    assert_true(form_media_type_is("application/x-www-form-urlencoded",
                                   "application/x-www-form-urlencoded"));
    assert_true(form_media_type_is("application/x-www-form-urlencoded;charset=UTF-8",
                                   "application/x-www-form-urlencoded"));
    assert_false(form_media_type_is("multipart/form-datax", "multipart/form-data"));
    assert_false(form_media_type_is("multipart/mixed; boundary=x", "multipart/form-data"));
    assert_false(form_media_type_is("text/plain", "multipart/form-data"));
    assert_false(form_media_type_is("", "multipart/form-data"));
    assert_false(form_media_type_is(NULL, "multipart/form-data"));
}

/* ---- multipart ---- */

#define CT "multipart/form-data; boundary=XyZzy42"

/* A file whose bytes contain CRLF, "--", a near-boundary and NUL bytes. */
#define BINARY "\x89PNG\r\n\x1a\n\0\0--\r\n--\r\n--XyZzy4\r\n\r\n-XyZzy42 x--XyZzy42--\xff\xfe\r\n"

static const char two_fields_and_file[] =
    "--XyZzy42\r\n"
    "Content-Disposition: form-data; name=\"title\"\r\n"
    "\r\n"
    "Losse stoeptegel\r\n"
    "--XyZzy42\r\n"
    "Content-Disposition: form-data; name=\"omschrijving\"\r\n"
    "Content-Type: text/plain; charset=UTF-8\r\n"
    "\r\n"
    "Regel 1\r\nRegel 2 -- caf\xC3\xA9\r\n"
    "--XyZzy42\r\n"
    "content-disposition: form-data; name=\"foto\"; filename=\"stoep.png\"\r\n"
    "Content-Type: image/png\r\n"
    "\r\n" BINARY "\r\n"
    "--XyZzy42--\r\n";

static void test_multipart_basic(void **state)
{
    struct form f;
    const char *body = two_fields_and_file;
    size_t len = sizeof two_fields_and_file - 1;
    assert_int_equal(form_parse_multipart(*state, CT, body, len, NULL, &f), FORM_OK);
    assert_int_equal(f.n, 3);
    assert_string_equal(form_get(&f, "title"), "Losse stoeptegel");
    assert_string_equal(form_get(&f, "omschrijving"), "Regel 1\r\nRegel 2 -- caf\xC3\xA9");
    assert_null(f.fields[1].content_type); /* text parts carry no content type */
    assert_null(f.fields[1].filename);

    const struct form_field *foto = form_field(&f, "foto");
    assert_non_null(foto);
    assert_true(form_is_file(foto));
    assert_false(form_is_file(&f.fields[0]));
    assert_string_equal(foto->filename, "stoep.png");
    assert_string_equal(foto->content_type, "image/png");
    assert_int_equal(foto->value_len, sizeof(BINARY) - 1);
    assert_memory_equal(foto->value, BINARY, sizeof(BINARY) - 1);
    /* The file's bytes are not copied: they point into the body. */
    assert_true(foto->value >= body && foto->value + foto->value_len <= body + len);
    /* form_get never hands out file bytes as a C string. */
    assert_null(form_get(&f, "foto"));
}

static void test_multipart_preamble_epilogue(void **state)
{
    struct form f;
    static const char body[] = "This is the preamble.\r\nIt is ignored.\r\n"
                               "--XyZzy42  \t\r\n" /* transport padding */
                               "Content-Disposition: form-data; name=a\r\n"
                               "\r\n"
                               "1\r\n"
                               "--XyZzy42-- \r\n"
                               "epilogue, also ignored: --XyZzy42\r\n garbage";
    assert_int_equal(form_parse_multipart(*state, CT, LIT(body), NULL, &f), FORM_OK);
    assert_int_equal(f.n, 1);
    assert_string_equal(form_get(&f, "a"), "1");

    /* No parts at all: an empty form. */
    assert_int_equal(form_parse_multipart(*state, CT, LIT("--XyZzy42--\r\n"), NULL, &f), FORM_OK);
    assert_int_equal(f.n, 0);
}

static void test_multipart_boundary_forms(void **state)
{
    struct form f;
    static const char body[] = "--a b'()+_,-./:=?\r\n"
                               "Content-Disposition: form-data; name=\"x\"\r\n"
                               "\r\n"
                               "y\r\n"
                               "--a b'()+_,-./:=?--";
    assert_int_equal(form_parse_multipart(*state,
                                          "multipart/form-data; boundary=\"a b'()+_,-./:=?\"",
                                          LIT(body), NULL, &f),
                     FORM_OK);
    assert_string_equal(form_get(&f, "x"), "y");
    /* Case-insensitive type and parameter name, parameters in any order. */
    assert_int_equal(form_parse_multipart(*state,
                                          "Multipart/Form-Data; charset=utf-8; BOUNDARY=XyZzy42",
                                          LIT("--XyZzy42\r\nContent-Disposition: form-data; "
                                              "name=q\r\n\r\nv\r\n--XyZzy42--"),
                                          NULL, &f),
                     FORM_OK);
    assert_string_equal(form_get(&f, "q"), "v");

    char ct[128], b70[71];
    memset(b70, 'b', 70);
    b70[70] = '\0';
    snprintf(ct, sizeof ct, "multipart/form-data; boundary=%s", b70);
    char bd[256];
    int n = snprintf(bd, sizeof bd,
                     "--%s\r\nContent-Disposition: form-data; name=k\r\n\r\nv\r\n--%s--", b70, b70);
    assert_int_equal(form_parse_multipart(*state, ct, bd, (size_t)n, NULL, &f), FORM_OK);
    assert_string_equal(form_get(&f, "k"), "v");
    /* 71 characters is one too many. */
    snprintf(ct, sizeof ct, "multipart/form-data; boundary=%sb", b70);
    assert_int_equal(form_parse_multipart(*state, ct, bd, (size_t)n, NULL, &f), FORM_E_SYNTAX);

    static const char *bad_ct[] = {
        NULL,
        "text/plain",
        "multipart/form-data",
        "multipart/form-data; boundary=\"\"",
        "multipart/form-data; boundary=\"ends with space \"",
        "multipart/form-data; boundary=\"semi;colon\"",
        "multipart/form-data; boundary=a; boundary=a",
        "multipart/mixed; boundary=XyZzy42",
        "multipart/form-data; boundary=\"XyZzy42",
    };
    const char *ok_body = two_fields_and_file;
    for (size_t i = 0; i < sizeof bad_ct / sizeof bad_ct[0]; i++)
        assert_int_equal(form_parse_multipart(*state, bad_ct[i], ok_body,
                                              sizeof two_fields_and_file - 1, NULL, &f),
                         FORM_E_SYNTAX);
}

static void test_multipart_wrong_or_missing_boundary(void **state)
{
    struct form f;
    const char *body = two_fields_and_file;
    size_t len = sizeof two_fields_and_file - 1;
    /* Wrong boundary: no delimiter is found. */
    assert_int_equal(
        form_parse_multipart(*state, "multipart/form-data; boundary=Other", body, len, NULL, &f),
        FORM_E_SYNTAX);
    assert_int_equal(f.n, 0);
    /* A boundary that is a prefix of the real one: "--XyZzy4" is followed by "2". */
    assert_int_equal(
        form_parse_multipart(*state, "multipart/form-data; boundary=XyZzy4", body, len, NULL, &f),
        FORM_E_SYNTAX);

    /* Missing final boundary: cut before the closing delimiter. */
    size_t cut = len - strlen("--XyZzy42--\r\n");
    assert_int_equal(form_parse_multipart(*state, CT, body, cut, NULL, &f), FORM_E_SYNTAX);
    assert_null(f.fields);
    /* Cut in the middle of the file, and after "--XyZzy42" without "--". */
    assert_int_equal(form_parse_multipart(*state, CT, body, len - 40, NULL, &f), FORM_E_SYNTAX);
    assert_int_equal(form_parse_multipart(*state, CT, body, len - 4, NULL, &f), FORM_E_SYNTAX);
    assert_int_equal(form_parse_multipart(*state, CT, body, len - 2, NULL, &f), FORM_OK);
    assert_int_equal(form_parse_multipart(*state, CT, "", 0, NULL, &f), FORM_E_SYNTAX);
    assert_int_equal(form_parse_multipart(*state, CT, NULL, 0, NULL, &f), FORM_E_SYNTAX);
    /* A line that starts with the delimiter but goes on is not allowed. */
    assert_int_equal(form_parse_multipart(*state, CT,
                                          LIT("--XyZzy42\r\nContent-Disposition: form-data; "
                                              "name=a\r\n\r\n1\r\n--XyZzy42junk\r\n--XyZzy42--"),
                                          NULL, &f),
                     FORM_E_SYNTAX);
}

static void test_multipart_lf_only_rejected(void **state)
{
    /* Decision: bare LF line endings are refused (RFC 2046 demands CRLF). */
    struct form f;
    assert_int_equal(form_parse_multipart(*state, CT,
                                          LIT("--XyZzy42\n"
                                              "Content-Disposition: form-data; name=\"a\"\n"
                                              "\n"
                                              "1\n"
                                              "--XyZzy42--\n"),
                                          NULL, &f),
                     FORM_E_SYNTAX);
    /* Mixed: CRLF after the delimiter but LF inside the headers. */
    assert_int_equal(form_parse_multipart(*state, CT,
                                          LIT("--XyZzy42\r\n"
                                              "Content-Disposition: form-data; name=\"a\"\n"
                                              "\r\n"
                                              "1\r\n"
                                              "--XyZzy42--\r\n"),
                                          NULL, &f),
                     FORM_E_SYNTAX);
}

/* Parses one part "--XyZzy42\r\n" HEAD "\r\n" CONTENT "\r\n--XyZzy42--" */
static int one_part(arena *a, const char *head, const char *content, size_t content_len,
                    const struct form_limits *lim, struct form *f)
{
    buf b;
    buf_init(&b, 0);
    assert_int_equal(buf_printf(&b, "--XyZzy42\r\n%s\r\n", head), 0);
    assert_int_equal(buf_append(&b, content, content_len), 0);
    assert_int_equal(buf_puts(&b, "\r\n--XyZzy42--\r\n"), 0);
    /* Copy into the arena: file values point into the body, which must outlive f. */
    char *body = arena_strndup(a, b.data, b.len);
    size_t len = b.len;
    buf_free(&b);
    return form_parse_multipart(a, CT, body, len, lim, f);
}

static void test_multipart_text_rules(void **state)
{
    struct form f;
    const char *cd = "Content-Disposition: form-data; name=\"t\"\r\n";
    assert_int_equal(one_part(*state, cd, LIT("caf\xC3\xA9"), NULL, &f), FORM_OK);
    assert_string_equal(form_get(&f, "t"), "caf\xC3\xA9");
    assert_int_equal(one_part(*state, cd, LIT("caf\xE9"), NULL, &f), FORM_E_ENCODING);
    assert_int_equal(one_part(*state, cd, LIT("a\0b"), NULL, &f), FORM_E_ENCODING);
    assert_int_equal(f.n, 0);
    /* Empty value. */
    assert_int_equal(one_part(*state, cd, "", 0, NULL, &f), FORM_OK);
    assert_string_equal(form_get(&f, "t"), "");
    /* Escaped quote and UTF-8 in the name. */
    assert_int_equal(one_part(*state, "Content-Disposition: form-data; name=\"a\\\"b\xC3\xA9\"\r\n",
                              LIT("v"), NULL, &f),
                     FORM_OK);
    assert_string_equal(f.fields[0].name, "a\"b\xC3\xA9");
    assert_int_equal(f.fields[0].name_len, 5);
    assert_int_equal(
        one_part(*state, "Content-Disposition: form-data; name=\"a\xFF\"\r\n", LIT("v"), NULL, &f),
        FORM_E_ENCODING);
    /* An empty name is skipped, like in urlencoded bodies. */
    assert_int_equal(
        one_part(*state, "Content-Disposition: form-data; name=\"\"\r\n", LIT("v"), NULL, &f),
        FORM_OK);
    assert_int_equal(f.n, 0);
    /* Unknown headers and parameters are ignored. */
    assert_int_equal(one_part(*state,
                              "X-Extra: 1\r\nContent-Disposition: form-data; name=t; "
                              "foo=\"bar\"\r\n",
                              LIT("v"), NULL, &f),
                     FORM_OK);
    assert_string_equal(form_get(&f, "t"), "v");
}

static void test_multipart_header_errors(void **state)
{
    struct form f;
    static const char *bad[] = {
        "Content-Type: text/plain\r\n",                       /* no disposition */
        "Content-Disposition: attachment; name=\"a\"\r\n",    /* not form-data */
        "Content-Disposition: form-data\r\n",                 /* no name */
        "Content-Disposition: form-data; filename=\"x\"\r\n", /* no name */
        "Content-Disposition: form-data; name=a; name=b\r\n", /* repeated */
        "Content-Disposition: form-data; name=a; filename=x; filename=y\r\n",
        "Content-Disposition: form-data; name=\"a\r\n", /* unterminated */
        ("Content-Disposition: form-data; name=a\r\n"
         "Content-Disposition: form-data; name=b\r\n"),   /* two dispositions */
        "Content-Disposition: form-data;\r\n name=a\r\n", /* folded */
        "Content-Disposition form-data; name=a\r\n",      /* no colon */
        ": form-data; name=a\r\n",                        /* empty header name */
        "Content Disposition: form-data; name=a\r\n",     /* space in name */
        "Content-Disposition: form-data; name=a\x01\r\n", /* control char */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(one_part(*state, bad[i], LIT("v"), NULL, &f), FORM_E_SYNTAX);

    /* A part with headers but no blank line has an empty body. */
    assert_int_equal(form_parse_multipart(*state, CT,
                                          LIT("--XyZzy42\r\nContent-Disposition: form-data; "
                                              "name=a\r\n\r\n--XyZzy42--"),
                                          NULL, &f),
                     FORM_OK);
    assert_string_equal(form_get(&f, "a"), "");
    /* But the last header line must end with its own CRLF. */
    assert_int_equal(form_parse_multipart(*state, CT,
                                          LIT("--XyZzy42\r\nContent-Disposition: form-data; "
                                              "name=a\r\n--XyZzy42--"),
                                          NULL, &f),
                     FORM_E_SYNTAX);
    /* A part with no headers at all. */
    assert_int_equal(
        form_parse_multipart(*state, CT, LIT("--XyZzy42\r\n\r\nv\r\n--XyZzy42--"), NULL, &f),
        FORM_E_SYNTAX);
}

static void test_multipart_filenames(void **state)
{
    struct form f;
    static const struct {
        const char *param, *want;
    } cases[] = {
        {"filename=\"foto.jpg\"", "foto.jpg"},
        {"filename=foto.jpg", "foto.jpg"},
        {"filename=\"../../etc/passwd\"", "passwd"},
        {"filename=\"C:\\Users\\jan\\foto.jpg\"", "foto.jpg"}, /* old IE: full path */
        {"filename=\"a\\\"b.txt\"", "a\"b.txt"},               /* escaped quote */
        {"filename=\"..\"", ""},
        {"filename=\"dir/.\"", ""},
        {"filename=\"\"", ""}, /* no file chosen */
        {"filename=\"a\tb.txt\"", "a_b.txt"},
        {"filename=\"caf\xC3\xA9.txt\"", "caf\xC3\xA9.txt"},
        {"filename=\"caf\xE9.txt\"", "caf_.txt"},                 /* Latin-1 byte */
        {"filename=\"evil\xE2\x80\xAEgpj.exe\"", "evil_gpj.exe"}, /* RLO override */
        {"filename=\"c1\xC2\x85.txt\"", "c1_.txt"},               /* C1 control NEL */
        {"filename*=UTF-8''x.txt", ""},                           /* ignored, still a file */
        {"filename=\"a.txt\"; filename*=UTF-8''b.txt", "a.txt"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char head[256];
        snprintf(head, sizeof head, "Content-Disposition: form-data; name=\"f\"; %s\r\n",
                 cases[i].param);
        assert_int_equal(one_part(*state, head, LIT("\0\xff"), NULL, &f), FORM_OK);
        assert_int_equal(f.n, 1);
        assert_non_null(f.fields[0].filename);
        assert_string_equal(f.fields[0].filename, cases[i].want);
        assert_null(f.fields[0].content_type);
        assert_int_equal(f.fields[0].value_len, 2);
        assert_memory_equal(f.fields[0].value, "\0\xff", 2);
        assert_true(utf8_valid(f.fields[0].filename, strlen(f.fields[0].filename)));
    }

    /* Long names are cut to 255 bytes at a character boundary. */
    char head[1024];
    int n = snprintf(head, sizeof head, "Content-Disposition: form-data; name=f; filename=\"");
    for (int i = 0; i < 200; i++)
        n += snprintf(head + n, sizeof head - (size_t)n, "\xC3\xA9");
    snprintf(head + n, sizeof head - (size_t)n, "\"\r\n");
    assert_int_equal(one_part(*state, head, LIT("x"), NULL, &f), FORM_OK);
    assert_int_equal(strlen(f.fields[0].filename), 254);
    assert_true(utf8_valid(f.fields[0].filename, 254));

    /* Empty file with no file chosen, as browsers send it. */
    assert_int_equal(one_part(*state,
                              "Content-Disposition: form-data; name=\"foto\"; filename=\"\"\r\n"
                              "Content-Type: application/octet-stream\r\n",
                              "", 0, NULL, &f),
                     FORM_OK);
    assert_true(form_is_file(&f.fields[0]));
    assert_int_equal(f.fields[0].value_len, 0);
    assert_string_equal(f.fields[0].content_type, "application/octet-stream");

    /* A content type with a tab inside or bytes beyond ASCII is dropped. */
    assert_int_equal(one_part(*state,
                              "Content-Disposition: form-data; name=f; filename=a\r\n"
                              "Content-Type: image/\xC3\xA9\r\n",
                              LIT("x"), NULL, &f),
                     FORM_OK);
    assert_null(f.fields[0].content_type);
    assert_int_equal(one_part(*state,
                              "Content-Disposition: form-data; name=f; filename=a\r\n"
                              "Content-Type: text/plain;\tcharset=x\r\n",
                              LIT("x"), NULL, &f),
                     FORM_OK);
    assert_null(f.fields[0].content_type);
}

static void test_multipart_limits(void **state)
{
    struct form f;
    struct form_limits lim = form_limits_default;
    static const char two_files[] =
        "--XyZzy42\r\n"
        "Content-Disposition: form-data; name=\"a\"; filename=\"a.bin\"\r\n\r\n"
        "12345\r\n"
        "--XyZzy42\r\n"
        "Content-Disposition: form-data; name=\"b\"; filename=\"b.bin\"\r\n\r\n"
        "123456\r\n"
        "--XyZzy42--\r\n";
    assert_int_equal(form_parse_multipart(*state, CT, LIT(two_files), &lim, &f), FORM_OK);
    assert_int_equal(f.n, 2);
    lim.max_files = 1;
    assert_int_equal(form_parse_multipart(*state, CT, LIT(two_files), &lim, &f), FORM_E_TOO_MANY);
    assert_int_equal(f.n, 0);
    lim.max_files = 2;
    lim.max_file_len = 5;
    assert_int_equal(form_parse_multipart(*state, CT, LIT(two_files), &lim, &f), FORM_E_TOO_LONG);
    lim.max_file_len = 6;
    assert_int_equal(form_parse_multipart(*state, CT, LIT(two_files), &lim, &f), FORM_OK);
    lim.max_fields = 1;
    assert_int_equal(form_parse_multipart(*state, CT, LIT(two_files), &lim, &f), FORM_E_TOO_MANY);

    lim = form_limits_default;
    lim.max_value_len = 3;
    const char *cd = "Content-Disposition: form-data; name=\"t\"\r\n";
    assert_int_equal(one_part(*state, cd, LIT("abc"), &lim, &f), FORM_OK);
    assert_int_equal(one_part(*state, cd, LIT("abcd"), &lim, &f), FORM_E_TOO_LONG);
    lim.max_name_len = 2;
    assert_int_equal(
        one_part(*state, "Content-Disposition: form-data; name=\"abc\"\r\n", LIT("x"), &lim, &f),
        FORM_E_TOO_LONG);

    /* Header line length: exactly the limit passes, one more fails. */
    lim = form_limits_default;
    const char *line = "Content-Disposition: form-data; name=\"t\"";
    lim.max_header_len = strlen(line);
    assert_int_equal(one_part(*state, cd, LIT("v"), &lim, &f), FORM_OK);
    lim.max_header_len--;
    assert_int_equal(one_part(*state, cd, LIT("v"), &lim, &f), FORM_E_TOO_LONG);
    /* A header line without any CRLF before the body ends is too long too. */
    char longhead[4096];
    memset(longhead, 'x', sizeof longhead - 1);
    longhead[sizeof longhead - 1] = '\0';
    memcpy(longhead, "X-Long: ", 8);
    lim = form_limits_default;
    assert_int_equal(one_part(*state, longhead, LIT("v"), &lim, &f), FORM_E_TOO_LONG);

    lim.max_part_headers = 2;
    assert_int_equal(
        one_part(*state, "A: 1\r\nContent-Disposition: form-data; name=t\r\n", LIT("v"), &lim, &f),
        FORM_OK);
    assert_int_equal(one_part(*state, "A: 1\r\nB: 2\r\nContent-Disposition: form-data; name=t\r\n",
                              LIT("v"), &lim, &f),
                     FORM_E_TOO_MANY);

    /* Many parts with the default limit: 1000 pass, 1001 are refused. */
    buf b;
    buf_init(&b, 0);
    for (int i = 0; i < 1001; i++) {
        if (i == 1000) {
            assert_int_equal(buf_puts(&b, "--XyZzy42--"), 0);
            assert_int_equal(form_parse_multipart(*state, CT, b.data, b.len, NULL, &f), FORM_OK);
            assert_int_equal(f.n, 1000);
            assert_string_equal(form_get(&f, "f999"), "999");
            b.len -= strlen("--XyZzy42--");
        }
        assert_int_equal(buf_printf(&b,
                                    "--XyZzy42\r\nContent-Disposition: form-data; "
                                    "name=\"f%d\"\r\n\r\n%d\r\n",
                                    i, i),
                         0);
    }
    assert_int_equal(buf_puts(&b, "--XyZzy42--"), 0);
    assert_int_equal(form_parse_multipart(*state, CT, b.data, b.len, NULL, &f), FORM_E_TOO_MANY);
    buf_free(&b);
}

/* ---- cookie ---- */

static void test_cookie_parse_basic(void **state)
{
    struct cookie_list l;
    assert_int_equal(cookie_parse(*state, LIT("sid=abc123; lang=nl"), &l), 0);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.items[0].name, "sid");
    assert_int_equal(l.items[0].name_len, 3);
    assert_string_equal(l.items[0].value, "abc123");
    assert_int_equal(l.items[0].value_len, 6);
    assert_string_equal(cookie_get(&l, "lang"), "nl");
    assert_null(cookie_get(&l, "LANG"));
    assert_null(cookie_get(&l, "x"));

    /* Spaces and tabs around pairs, names and values; no space after ';'. */
    assert_int_equal(cookie_parse(*state, LIT("  a = 1 ;b=2;\tc=3\t;  "), &l), 0);
    assert_int_equal(l.n, 3);
    assert_string_equal(cookie_get(&l, "a"), "1");
    assert_string_equal(cookie_get(&l, "b"), "2");
    assert_string_equal(cookie_get(&l, "c"), "3");

    /* Quotes are removed; '=' may appear in values (base64). */
    assert_int_equal(cookie_parse(*state, LIT("q=\"quoted\"; e=\"\"; b64=YWJj==; empty="), &l), 0);
    assert_int_equal(l.n, 4);
    assert_string_equal(cookie_get(&l, "q"), "quoted");
    assert_int_equal(l.items[0].value_len, 6);
    assert_string_equal(cookie_get(&l, "e"), "");
    assert_string_equal(cookie_get(&l, "b64"), "YWJj==");
    assert_string_equal(cookie_get(&l, "empty"), "");

    assert_int_equal(cookie_parse(*state, "", 0, &l), 0);
    assert_int_equal(l.n, 0);
    assert_null(cookie_get(&l, "a"));
}

static void test_cookie_parse_duplicates_and_garbage(void **state)
{
    struct cookie_list l;
    assert_int_equal(cookie_parse(*state, LIT("sid=first; sid=second; x=1"), &l), 0);
    assert_string_equal(cookie_get(&l, "sid"), "first");
    assert_int_equal(cookie_count(&l, "sid"), 2);
    assert_int_equal(cookie_count(&l, "x"), 1);
    assert_int_equal(cookie_count(&l, "y"), 0);

    /* Malformed pairs are skipped; the good ones survive. */
    assert_int_equal(cookie_parse(*state,
                                  LIT(";;; =; noequals; =value; ==; ok=yes; c d=1; e=a b; "
                                      "f=\"unbalanced; g=x,y; h=back\\slash; i=\x01; "
                                      "j=\xC3\xA9; (k)=1; l=\"in\"side\"; last=1"),
                                  &l),
                     0);
    assert_int_equal(l.n, 2);
    assert_string_equal(cookie_get(&l, "ok"), "yes");
    assert_string_equal(cookie_get(&l, "last"), "1");
    assert_null(cookie_get(&l, "f"));
    assert_null(cookie_get(&l, "j"));

    /* Embedded NUL and binary junk do not break the parse. */
    assert_int_equal(cookie_parse(*state, LIT("a\0b=1; \xff\xfe; z=9"), &l), 0);
    assert_int_equal(l.n, 1);
    assert_string_equal(cookie_get(&l, "z"), "9");
}

static void test_cookie_parse_limits(void **state)
{
    struct cookie_list l;
    buf b;
    buf_init(&b, 0);
    for (int i = 0; i < 60; i++)
        assert_int_equal(buf_printf(&b, "%sc%d=%d", i ? "; " : "", i, i), 0);
    assert_int_equal(cookie_parse(*state, b.data, b.len, &l), 0);
    assert_int_equal(l.n, COOKIE_MAX_COUNT);
    assert_string_equal(cookie_get(&l, "c49"), "49");
    assert_null(cookie_get(&l, "c50"));
    buf_free(&b);

    /* Bad pairs first do not use up the 50. */
    buf_init(&b, 0);
    for (int i = 0; i < 10; i++)
        assert_int_equal(buf_puts(&b, "bad; "), 0);
    for (int i = 0; i < 50; i++)
        assert_int_equal(buf_printf(&b, "c%d=%d; ", i, i), 0);
    assert_int_equal(cookie_parse(*state, b.data, b.len, &l), 0);
    assert_int_equal(l.n, 50);
    buf_free(&b);

    /* Beyond 4096 bytes: a pair cut by the limit is dropped, earlier ones kept. */
    buf_init(&b, 0);
    assert_int_equal(buf_puts(&b, "first=1; big="), 0);
    while (b.len < COOKIE_MAX_HEADER - 20)
        assert_int_equal(buf_putc(&b, 'x'), 0);
    assert_int_equal(buf_puts(&b, "; cut=0123456789012345678901234567890; after=1"), 0);
    assert_int_equal(cookie_parse(*state, b.data, b.len, &l), 0);
    assert_string_equal(cookie_get(&l, "first"), "1");
    assert_non_null(cookie_get(&l, "big"));
    assert_null(cookie_get(&l, "cut"));
    assert_null(cookie_get(&l, "after"));
    assert_int_equal(l.n, 2);
    /* The same header within the limit keeps everything. */
    assert_int_equal(cookie_parse(*state, b.data, COOKIE_MAX_HEADER, &l), 0);
    assert_int_equal(l.n, 3);
    buf_free(&b);
}

static void test_cookie_format(void **state)
{
    (void)state;
    buf b;
    buf_init(&b, 0);
    struct cookie_attrs at = {
        .path = "/",
        .max_age = 3600,
        .http_only = true,
        .secure = true,
        .same_site = COOKIE_SAME_SITE_LAX,
    };
    assert_int_equal(cookie_format_set(&b, "sid", "abc123", &at), 0);
    assert_string_equal(b.data, "sid=abc123; Path=/; Max-Age=3600; HttpOnly; Secure; SameSite=Lax");

    buf_reset(&b);
    at.same_site = COOKIE_SAME_SITE_STRICT;
    at.max_age = COOKIE_DELETE;
    at.path = "/beheer";
    assert_int_equal(cookie_format_set(&b, "sid", "", &at), 0);
    assert_string_equal(b.data, "sid=; Path=/beheer; Max-Age=0; HttpOnly; Secure; SameSite=Strict");

    buf_reset(&b);
    assert_int_equal(cookie_format_set(&b, "lang", "en", NULL), 0);
    assert_string_equal(b.data, "lang=en");
    buf_reset(&b);
    struct cookie_attrs session = {.http_only = true};
    assert_int_equal(cookie_format_set(&b, "q", "\"quoted\"", &session), 0);
    assert_string_equal(b.data, "q=\"quoted\"; HttpOnly");

    /* Refusals leave what was in the buffer untouched. */
    buf_reset(&b);
    assert_int_equal(buf_puts(&b, "keep"), 0);
    static const char *bad_names[] = {"", "a b", "a;b", "a=b", "a\r\nb", "\xC3\xA9", "(x)"};
    for (size_t i = 0; i < sizeof bad_names / sizeof bad_names[0]; i++)
        assert_int_equal(cookie_format_set(&b, bad_names[i], "v", &at), -1);
    static const char *bad_values[] = {"a b",      "a;b",  "a,b",  "a\"b",
                                       "\"",       "\"ab", "a\\b", "a\r\nSet-Cookie: x=1",
                                       "\xC3\xA9", "a\tb"};
    for (size_t i = 0; i < sizeof bad_values / sizeof bad_values[0]; i++)
        assert_int_equal(cookie_format_set(&b, "n", bad_values[i], &at), -1);
    static const char *bad_paths[] = {"", "relative", "/a;b", "/a\r\n", "/caf\xC3\xA9"};
    for (size_t i = 0; i < sizeof bad_paths / sizeof bad_paths[0]; i++) {
        struct cookie_attrs p = {.path = bad_paths[i]};
        assert_int_equal(cookie_format_set(&b, "n", "v", &p), -1);
    }
    assert_string_equal(b.data, "keep");
    assert_int_equal(b.len, 4);

    /* Prefixes: __Secure- needs Secure; __Host- needs Secure and Path=/. */
    struct cookie_attrs plain = {.path = "/"};
    assert_int_equal(cookie_format_set(&b, "__Secure-sid", "v", &plain), -1);
    assert_int_equal(cookie_format_set(&b, "__host-sid", "v", &plain), -1);
    struct cookie_attrs sec = {.path = "/x", .secure = true};
    assert_int_equal(cookie_format_set(&b, "__Secure-sid", "v", &sec), 0);
    assert_int_equal(cookie_format_set(&b, "__Host-sid", "v", &sec), -1);
    sec.path = "/";
    assert_int_equal(cookie_format_set(&b, "__Host-sid", "v", &sec), 0);
    assert_string_equal(b.data, "keep__Secure-sid=v; Path=/x; Secure__Host-sid=v; Path=/; Secure");

    /* Name and value together may not exceed 4096 bytes. */
    char big[4097];
    memset(big, 'v', sizeof big - 1);
    big[4096 - 3] = '\0';
    buf_reset(&b);
    assert_int_equal(cookie_format_set(&b, "sid", big, NULL), 0);
    big[4096 - 3] = 'v';
    big[4096 - 2] = '\0';
    assert_int_equal(cookie_format_set(&b, "sid", big, NULL), -1);
    buf_free(&b);

    /* A full buffer fails cleanly and keeps its content. */
    buf small;
    buf_init(&small, 16);
    assert_int_equal(buf_puts(&small, "x"), 0);
    assert_int_equal(cookie_format_set(&small, "sid", "abc", &at), -1);
    assert_string_equal(small.data, "x");
    assert_int_equal(small.len, 1);
    buf_free(&small);
}

static void test_cookie_roundtrip(void **state)
{
    buf b;
    buf_init(&b, 0);
    struct cookie_attrs at = {.path = "/", .http_only = true};
    assert_int_equal(cookie_format_set(&b, "csrf", "Zm9v-YmFy_=.~!", &at), 0);
    /* A browser sends back the part before the first "; ". */
    char *semi = strstr(b.data, "; ");
    assert_non_null(semi);
    struct cookie_list l;
    assert_int_equal(cookie_parse(*state, b.data, (size_t)(semi - b.data), &l), 0);
    assert_string_equal(cookie_get(&l, "csrf"), "Zm9v-YmFy_=.~!");
    buf_free(&b);
}

/* Per-field value limits: one parameter may be longer than the rest, in
 * query strings and in multipart bodies alike. */
static void test_field_limits(void **state)
{
    static const struct form_field_limit longer[] = {{"ids", 12}, {"kort", 1}, {NULL, 0}};
    struct form_limits lim = form_limits_default;
    lim.max_value_len = 4;
    lim.field_limits = longer;
    assert_int_equal(form_value_limit(&lim, LIT("ids")), 12);
    assert_int_equal(form_value_limit(&lim, LIT("id")), 4);
    assert_int_equal(form_value_limit(&lim, LIT("idsx")), 4);
    struct form f;
    assert_int_equal(form_parse_urlencoded(*state, LIT("ids=1,2,3,4,5,6&a=1234"), &lim, &f),
                     FORM_OK);
    assert_string_equal(form_get(&f, "ids"), "1,2,3,4,5,6");
    /* decoded length counts: %2C is one byte */
    assert_int_equal(form_parse_urlencoded(*state, LIT("ids=1%2C2%2C3%2C4%2C5%2C6"), &lim, &f),
                     FORM_OK);
    assert_int_equal(form_parse_urlencoded(*state, LIT("ids=1,2,3,4,5,6,7"), &lim, &f),
                     FORM_E_TOO_LONG);
    /* other fields keep the usual limit, a smaller one holds too */
    assert_int_equal(form_parse_urlencoded(*state, LIT("ids=1&a=12345"), &lim, &f),
                     FORM_E_TOO_LONG);
    assert_int_equal(form_parse_urlencoded(*state, LIT("kort=12"), &lim, &f), FORM_E_TOO_LONG);
    const char body[] = "--B\r\nContent-Disposition: form-data; name=\"ids\"\r\n\r\n"
                        "1,2,3,4,5,6\r\n--B--\r\n";
    assert_int_equal(
        form_parse_multipart(*state, "multipart/form-data; boundary=B", LIT(body), &lim, &f),
        FORM_OK);
    assert_string_equal(form_get(&f, "ids"), "1,2,3,4,5,6");
    lim.field_limits = NULL;
    assert_int_equal(
        form_parse_multipart(*state, "multipart/form-data; boundary=B", LIT(body), &lim, &f),
        FORM_E_TOO_LONG);
}

/* Return targets: only local paths that no browser reads as another site. */
static void test_local_path(void **state)
{
    static const char *const good[] = {"/",    "/werk",       "/werk/meldingen?zoek=a%20b&na=1-2",
                                       "/a/",  "/%2F%2Fhost", "/%09/host/",
                                       "/x//y"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        assert_true(http_local_path(good[i]));
        assert_ptr_equal(http_return_target(good[i], "/"), good[i]);
    }
    static const char *const bad[] = {"",
                                      "werk",
                                      "//evil.example/",
                                      "/\\evil.example/",
                                      "\\/evil.example/",
                                      "/\t/evil.example/",
                                      "/\n/evil.example/",
                                      "/\r\n/evil.example/",
                                      "/ /evil.example/",
                                      "\t//evil.example/",
                                      " /x",
                                      "/x y",
                                      "/x\x7f",
                                      "/x\x01",
                                      "/caf\xc3\xa9",
                                      "/\xc2\xa0/evil.example",
                                      "https://evil.example/",
                                      "javascript:alert(1)"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_false(http_local_path(bad[i]));
        assert_string_equal(http_return_target(bad[i], "/werk"), "/werk");
    }
    assert_false(http_local_path(NULL));
    assert_null(http_return_target(NULL, NULL));
    /* A path as received (percent-encoded), made a query value and read
     * back by the query parser, is the same local path. */
    const char *v = http_query_value(*state, "/werk/meldingen?zoek=a%20b&x=1");
    assert_string_equal(v, "/werk/meldingen%3Fzoek%3Da%2520b%26x%3D1");
    assert_string_equal(http_query_value(*state, "/wijken/caf\xc3\xa9 x"), "/wijken/caf%C3%A9%20x");
    struct form f;
    char *q = arena_printf(*state, "terug=%s", v);
    assert_int_equal(form_parse_urlencoded(*state, q, strlen(q), NULL, &f), FORM_OK);
    assert_string_equal(form_get(&f, "terug"), "/werk/meldingen?zoek=a%20b&x=1");
    assert_true(http_local_path(form_get(&f, "terug")));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_valid),
        cmocka_unit_test(test_utf8_decode),
        cmocka_unit_test(test_utf8_count_and_cut),
        cmocka_unit_test_setup_teardown(test_urlenc_basic, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_urlenc_decoding, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_urlenc_errors, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_urlenc_empty_parts, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_urlenc_repeated, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_urlenc_limits, setup_arena, teardown_arena),
        cmocka_unit_test(test_form_errors_map),
        cmocka_unit_test_setup_teardown(test_header_param, setup_arena, teardown_arena),
        cmocka_unit_test(test_media_type_is),
        cmocka_unit_test_setup_teardown(test_multipart_basic, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_multipart_preamble_epilogue, setup_arena,
                                        teardown_arena),
        cmocka_unit_test_setup_teardown(test_multipart_boundary_forms, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_multipart_wrong_or_missing_boundary, setup_arena,
                                        teardown_arena),
        cmocka_unit_test_setup_teardown(test_multipart_lf_only_rejected, setup_arena,
                                        teardown_arena),
        cmocka_unit_test_setup_teardown(test_multipart_text_rules, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_multipart_header_errors, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_multipart_filenames, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_multipart_limits, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_cookie_parse_basic, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_cookie_parse_duplicates_and_garbage, setup_arena,
                                        teardown_arena),
        cmocka_unit_test_setup_teardown(test_cookie_parse_limits, setup_arena, teardown_arena),
        cmocka_unit_test(test_cookie_format),
        cmocka_unit_test_setup_teardown(test_cookie_roundtrip, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_field_limits, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_local_path, setup_arena, teardown_arena),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
