/*
 * test_i18n.c: unit tests of src/lib/i18n.c.
 *
 * The real catalogue format is exercised with tests/unit/data/test-en.mo,
 * which msgfmt built from test-en.po (committed both, so no msgfmt is needed
 * here). Big-endian files and corrupt files are written byte by byte by the
 * tests themselves, as msgfmt makes neither.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/i18n.h"

#define TEST_MO "tests/unit/data/test-en.mo"

/* ---- helpers ---- */

static unsigned char *read_all(const char *path, /* out: */ size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    unsigned char *data = malloc(1 << 16);
    assert_non_null(data);
    *len = fread(data, 1, 1 << 16, f);
    fclose(f);
    assert_true(*len > 28 && *len < (1 << 16));
    return data;
}

static void put_u32(unsigned char *p, uint32_t v, int be)
{
    for (int i = 0; i < 4; i++)
        p[be ? 3 - i : i] = (unsigned char)(v >> (8 * i));
}

static uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

struct mo_msg {
    const char *id; /* may hold NULs (msgid\0msgid_plural): give idlen */
    size_t idlen;
    const char *str;
    size_t strlen;
};

#define MSG(id, str)                                                                               \
    {                                                                                              \
        id, sizeof(id) - 1, str, sizeof(str) - 1                                                   \
    }

/*
 * Writes a .mo file of the given messages in the given byte order: header,
 * the two descriptor tables, then the strings each followed by NUL (no hash
 * table, which readers may ignore). Returns malloc'd bytes.
 */
static unsigned char *mo_build(const struct mo_msg *m, size_t n, int be, /* out: */ size_t *len)
{
    size_t total = 28 + 16 * n;
    for (size_t i = 0; i < n; i++)
        total += m[i].idlen + 1 + m[i].strlen + 1;
    unsigned char *d = calloc(1, total);
    assert_non_null(d);
    put_u32(d, 0x950412de, be);
    put_u32(d + 4, 0, be);
    put_u32(d + 8, (uint32_t)n, be);
    put_u32(d + 12, 28, be);
    put_u32(d + 16, (uint32_t)(28 + 8 * n), be);
    put_u32(d + 20, 0, be);
    put_u32(d + 24, 0, be);
    size_t at = 28 + 16 * n;
    for (size_t i = 0; i < n; i++) {
        put_u32(d + 28 + 8 * i, (uint32_t)m[i].idlen, be);
        put_u32(d + 28 + 8 * i + 4, (uint32_t)at, be);
        memcpy(d + at, m[i].id, m[i].idlen);
        at += m[i].idlen + 1;
    }
    for (size_t i = 0; i < n; i++) {
        put_u32(d + 28 + 8 * n + 8 * i, (uint32_t)m[i].strlen, be);
        put_u32(d + 28 + 8 * n + 8 * i + 4, (uint32_t)at, be);
        memcpy(d + at, m[i].str, m[i].strlen);
        at += m[i].strlen + 1;
    }
    assert_int_equal(at, total);
    *len = total;
    return d;
}

static void swap_word(unsigned char *p)
{
    unsigned char t = p[0];
    p[0] = p[3];
    p[3] = t;
    t = p[1];
    p[1] = p[2];
    p[2] = t;
}

/* Turns a little-endian .mo (as msgfmt writes here) into big-endian in place. */
static void mo_to_big_endian(unsigned char *d, size_t len)
{
    uint32_t n = get_u32(d + 8), o = get_u32(d + 12), t = get_u32(d + 16);
    uint32_t hs = get_u32(d + 20), ho = get_u32(d + 24);
    assert_true(o + 8 * n <= len && t + 8 * n <= len && ho + 4 * hs <= len);
    for (uint32_t i = 0; i < 2 * n; i++) {
        swap_word(d + o + 4 * i);
        swap_word(d + t + 4 * i);
    }
    for (uint32_t i = 0; i < hs; i++)
        swap_word(d + ho + 4 * i);
    for (int i = 0; i < 7; i++)
        swap_word(d + 4 * i);
}

/* The lookups every correct reading of test-en.po must give. */
static void check_test_catalog(const i18n_catalog *c)
{
    assert_int_equal(i18n_count(c), 6);
    assert_string_equal(i18n_get(c, "Wijk"), "District");
    assert_string_equal(i18n_get(c, "Melding maken"), "Report an issue");
    assert_string_equal(i18n_get(c, "Straat: “%s”"), "Street: “%s”");
    assert_string_equal(i18n_pget(c, "menu", "Wijk"), "Neighbourhood");
    assert_string_equal(i18n_pget(c, "werkwoord", "Melden"), "Report");
    /* Without its context the entry is not found, and vice versa. */
    const char *melden = "Melden";
    assert_ptr_equal(i18n_get(c, melden), melden);
    const char *wijk = "Wijk";
    assert_ptr_equal(i18n_pget(c, "nergens", wijk), wijk);
    /* A NULL context is the same as i18n_get. */
    assert_string_equal(i18n_pget(c, NULL, "Wijk"), "District");
    /* Plurals, n != 1 rule. */
    assert_string_equal(i18n_nget(c, "Één melding", "%d meldingen", 1), "One report");
    assert_string_equal(i18n_nget(c, "Één melding", "%d meldingen", 0), "%d reports");
    assert_string_equal(i18n_nget(c, "Één melding", "%d meldingen", 2), "%d reports");
    assert_string_equal(i18n_nget(c, "Één melding", "%d meldingen", 1000000), "%d reports");
    /* The first form is what i18n_get gives for a plural entry. */
    assert_string_equal(i18n_get(c, "Één melding"), "One report");
    /* Untranslated (empty msgstr) and fuzzy entries are not in the .mo: msgid comes back. */
    const char *nv = "Niet vertaald", *vaag = "Vaag";
    assert_ptr_equal(i18n_get(c, nv), nv);
    assert_ptr_equal(i18n_get(c, vaag), vaag);
    /* The header entry is never a translation of "". */
    assert_string_equal(i18n_get(c, ""), "");
}

/* ---- .mo reading ---- */

static void test_load_msgfmt_file(void **state)
{
    char *err = (char *)"untouched";
    i18n_catalog *c = i18n_load_mo(TEST_MO, &err);
    assert_non_null(c);
    assert_null(err);
    check_test_catalog(c);
    i18n_catalog_free(c);
}

static void test_big_endian_copy_of_msgfmt_file(void **state)
{
    size_t len;
    unsigned char *d = read_all(TEST_MO, &len);
    mo_to_big_endian(d, len);
    assert_int_equal(d[0], 0x95); /* really big-endian now */
    char *err = NULL;
    i18n_catalog *c = i18n_parse_mo(d, len, &err);
    assert_null(err);
    assert_non_null(c);
    free(d); /* the catalogue keeps its own copy */
    check_test_catalog(c);
    i18n_catalog_free(c);
}

static const struct mo_msg built[] = {
    MSG("",
        "Content-Type: text/plain; charset=utf-8\nPlural-Forms: nplurals=2; plural=(n != 1);\n"),
    MSG("Wijk", "District"),
    MSG("Één melding\0%d meldingen", "One report\0%d reports"),
    MSG("menu\x04Wijk", "Neighbourhood"),
    MSG("Alleen één vorm\0%d vormen", "Only one form"),
    MSG("Lege vertaling", ""),
};

static void test_hand_built_both_byte_orders(void **state)
{
    for (int be = 0; be <= 1; be++) {
        size_t len;
        unsigned char *d = mo_build(built, sizeof built / sizeof built[0], be, &len);
        assert_int_equal(d[0], be ? 0x95 : 0xde);
        char *err = NULL;
        i18n_catalog *c = i18n_parse_mo(d, len, &err);
        assert_null(err);
        assert_non_null(c);
        assert_int_equal(i18n_count(c), 5);
        assert_string_equal(i18n_get(c, "Wijk"), "District");
        assert_string_equal(i18n_pget(c, "menu", "Wijk"), "Neighbourhood");
        assert_string_equal(i18n_nget(c, "Één melding", "%d meldingen", 1), "One report");
        assert_string_equal(i18n_nget(c, "Één melding", "%d meldingen", 7), "%d reports");
        /* A catalogue with one form only gives that form for every n. */
        assert_string_equal(i18n_nget(c, "Alleen één vorm", "%d vormen", 3), "Only one form");
        /* An empty translation counts as none. */
        const char *leeg = "Lege vertaling";
        assert_ptr_equal(i18n_get(c, leeg), leeg);
        /* Untranslated plural falls back to the msgid or msgid_plural by n. */
        const char *one = "Eén ding", *many = "%d dingen";
        assert_ptr_equal(i18n_nget(c, one, many, 1), one);
        assert_ptr_equal(i18n_nget(c, one, many, 2), many);
        i18n_catalog_free(c);
        free(d);
    }
}

static void test_many_entries_and_duplicates(void **state)
{
    enum { N = 3000 };
    struct mo_msg *m = calloc(N + 1, sizeof *m);
    char(*ids)[16] = calloc(N, 16);
    char(*strs)[16] = calloc(N, 16);
    assert_true(m && ids && strs);
    for (int i = 0; i < N; i++) {
        snprintf(ids[i], 16, "bericht %d", i);
        snprintf(strs[i], 16, "message %d", i);
        m[i] = (struct mo_msg){ids[i], strlen(ids[i]), strs[i], strlen(strs[i])};
    }
    /* A second "bericht 5": the first one wins. */
    m[N] = (struct mo_msg){"bericht 5", 9, "duplicate", 9};
    size_t len;
    unsigned char *d = mo_build(m, N + 1, 0, &len);
    i18n_catalog *c = i18n_parse_mo(d, len, NULL);
    assert_non_null(c);
    assert_int_equal(i18n_count(c), N);
    for (int i = 0; i < N; i++)
        assert_string_equal(i18n_get(c, ids[i]), strs[i]);
    assert_string_equal(i18n_get(c, "bericht 5"), "message 5");
    const char *absent = "bericht 3000";
    assert_ptr_equal(i18n_get(c, absent), absent);
    i18n_catalog_free(c);
    free(d);
    free(m);
    free(ids);
    free(strs);
}

static void test_empty_catalog(void **state)
{
    size_t len;
    unsigned char *d = mo_build(NULL, 0, 0, &len);
    assert_int_equal(len, 28);
    i18n_catalog *c = i18n_parse_mo(d, len, NULL);
    assert_non_null(c);
    assert_int_equal(i18n_count(c), 0);
    const char *w = "Wijk";
    assert_ptr_equal(i18n_get(c, w), w);
    i18n_catalog_free(c);
    free(d);
}

static void test_translate_cb_takes_pointer_and_length(void **state)
{
    i18n_catalog *c = i18n_load_mo(TEST_MO, NULL);
    assert_non_null(c);
    /* "Wijk" followed by other template text, not NUL-terminated. */
    const char tpl[] = {'W', 'i', 'j', 'k', '}', '}', '<', 'p'};
    size_t out_len = 0;
    const char *t = i18n_translate_cb(c, tpl, 4, &out_len);
    assert_int_equal(out_len, 8);
    assert_memory_equal(t, "District", 8);
    assert_int_equal(t[8], '\0');
    /* Three bytes are "Wij": no entry, the input comes back with its length. */
    t = i18n_translate_cb(c, tpl, 3, &out_len);
    assert_ptr_equal(t, tpl);
    assert_int_equal(out_len, 3);
    /* Plural entry: the first form only. */
    const char *p = "Één melding";
    t = i18n_translate_cb(c, p, strlen(p), &out_len);
    assert_int_equal(out_len, strlen("One report"));
    assert_memory_equal(t, "One report", out_len);
    /* No catalogue at all (Dutch). */
    t = i18n_translate_cb(NULL, tpl, 4, &out_len);
    assert_ptr_equal(t, tpl);
    assert_int_equal(out_len, 4);
    i18n_catalog_free(c);
}

static void test_null_catalog_shows_dutch(void **state)
{
    const char *w = "Wijk", *one = "Één melding", *many = "%d meldingen";
    assert_ptr_equal(i18n_get(NULL, w), w);
    assert_ptr_equal(i18n_pget(NULL, "menu", w), w);
    assert_ptr_equal(i18n_nget(NULL, one, many, 1), one);
    assert_ptr_equal(i18n_nget(NULL, one, many, 0), many);
    assert_ptr_equal(i18n_npget(NULL, "x", one, many, 5), many);
    size_t l;
    assert_ptr_equal(i18n_getn(NULL, w, 4, &l), w);
    assert_int_equal(l, 4);
    assert_int_equal(i18n_count(NULL), 0);
    i18n_catalog_free(NULL);
}

/* Expects parsing to fail with a message containing `want`. */
static void expect_refused(const unsigned char *d, size_t len, const char *want)
{
    char *err = NULL;
    i18n_catalog *c = i18n_parse_mo(d, len, &err);
    assert_null(c);
    assert_non_null(err);
    if (want && !strstr(err, want))
        fail_msg("message \"%s\" lacks \"%s\"", err, want);
    free(err);
}

static void test_truncated_files_refused(void **state)
{
    size_t len;
    unsigned char *d = read_all(TEST_MO, &len);
    /* Every proper prefix, copied to an exact-size block so ASan sees overreads. */
    for (size_t n = 0; n < len; n++) {
        unsigned char *p = malloc(n ? n : 1);
        memcpy(p, d, n);
        expect_refused(p, n, NULL);
        free(p);
    }
    expect_refused(d, 27, "too short");
    free(d);
}

static void test_corrupt_files_refused(void **state)
{
    size_t len;
    unsigned char *d = mo_build(built, sizeof built / sizeof built[0], 0, &len);
    unsigned char *p = malloc(len);
    const size_t n = sizeof built / sizeof built[0];
    const size_t otab = 28, ttab = 28 + 8 * n;

#define RESET() memcpy(p, d, len)
    RESET();
    p[0] ^= 1;
    expect_refused(p, len, "magic");

    RESET();
    memcpy(p, "<html>\n<body>\n</body></html>\n", 28);
    expect_refused(p, len, "magic");

    RESET();
    put_u32(p + 4, 2u << 16, 0); /* major revision 2 */
    expect_refused(p, len, "revision");

    RESET();
    put_u32(p + 8, 0x10000000, 0); /* N far too big */
    expect_refused(p, len, "exceed");

    RESET();
    put_u32(p + 8, 0xffffffff, 0);
    expect_refused(p, len, "exceed");

    RESET();
    put_u32(p + 12, 0xfffffff0, 0); /* original table outside */
    expect_refused(p, len, "exceed");

    RESET();
    put_u32(p + 16, (uint32_t)len - 8, 0); /* translation table runs off the end */
    expect_refused(p, len, "exceed");

    RESET();
    put_u32(p + otab + 8 + 4, 0xfffffff0, 0); /* msgid 1 offset out of range */
    expect_refused(p, len, "msgid 1");

    RESET();
    put_u32(p + otab + 8, 0xffffffff, 0); /* msgid 1 length wraps */
    expect_refused(p, len, "msgid 1");

    RESET();
    put_u32(p + ttab + 16 + 4, (uint32_t)len, 0); /* translation 2 starts at the end */
    expect_refused(p, len, "translation 2");

    RESET();
    put_u32(p + ttab + 16, (uint32_t)len, 0); /* translation 2 too long */
    expect_refused(p, len, "translation 2");

    RESET();
    { /* the NUL after msgid 1 ("Wijk") overwritten */
        uint32_t off = get_u32(p + otab + 8 + 4);
        p[off + 4] = 'X';
        expect_refused(p, len, "NUL");
    }

    RESET();
    { /* invalid UTF-8 in translation 1 ("District") */
        uint32_t off = get_u32(p + ttab + 8 + 4);
        p[off] = 0xc0;
        expect_refused(p, len, "UTF-8");
    }

    RESET();
    { /* the last byte of the file (a NUL) changed */
        p[len - 1] = 'x';
        expect_refused(p, len, NULL);
    }
#undef RESET

    /* The header says another charset. */
    const struct mo_msg latin[] = {
        MSG("", "Content-Type: text/plain; charset=ISO-8859-1\n"),
        MSG("Wijk", "District"),
    };
    size_t llen;
    unsigned char *l = mo_build(latin, 2, 1, &llen);
    expect_refused(l, llen, "ISO-8859-1");
    free(l);

    /* A header without charset is fine (UTF-8 is checked anyway). */
    const struct mo_msg nocs[] = {MSG("", "Language: en\n"), MSG("Wijk", "District")};
    l = mo_build(nocs, 2, 0, &llen);
    i18n_catalog *c = i18n_parse_mo(l, llen, NULL);
    assert_non_null(c);
    assert_string_equal(i18n_get(c, "Wijk"), "District");
    i18n_catalog_free(c);
    free(l);

    expect_refused(NULL, 0, "too short");
    free(p);
    free(d);
}

static void test_load_errors_name_the_file(void **state)
{
    char *err = NULL;
    assert_null(i18n_load_mo("tests/unit/data/does-not-exist.mo", &err));
    assert_non_null(err);
    assert_non_null(strstr(err, "does-not-exist.mo"));
    free(err);
    err = NULL;
    /* A .po file is not a .mo file. */
    assert_null(i18n_load_mo("tests/unit/data/test-en.po", &err));
    assert_non_null(err);
    assert_non_null(strstr(err, "test-en.po"));
    assert_non_null(strstr(err, "magic"));
    free(err);
    /* err may be NULL. */
    assert_null(i18n_load_mo("tests/unit/data/does-not-exist.mo", NULL));
}

/* ---- registry ---- */

static void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static void test_registry_init(void **state)
{
    char dir[] = "/tmp/wr-i18n-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char en[64], nl[64];
    snprintf(en, sizeof en, "%s/en.mo", dir);
    snprintf(nl, sizeof nl, "%s/nl.mo", dir);

    /* No catalogues at all: nothing loaded, Dutch shows everywhere. */
    char *err = NULL;
    assert_int_equal(i18n_init(dir, &err), 0);
    assert_null(err);
    assert_null(i18n_catalog_for("en"));

    size_t len;
    unsigned char *d = read_all(TEST_MO, &len);
    write_file(en, d, len);
    assert_int_equal(i18n_init(dir, &err), 1);
    assert_null(err);
    assert_string_equal(i18n_langs[0].code, "nl");
    assert_string_equal(i18n_langs[0].name, "Nederlands");
    assert_string_equal(i18n_langs[1].code, "en");
    assert_null(i18n_catalog_for("nl"));
    assert_non_null(i18n_catalog_for("en"));
    assert_ptr_equal(i18n_catalog_for("EN"), i18n_langs[1].catalog);
    assert_null(i18n_catalog_for("de"));
    assert_null(i18n_catalog_for(NULL));
    assert_ptr_equal(i18n_lang_find("nl"), &i18n_langs[0]);
    assert_null(i18n_lang_find("nld"));
    assert_string_equal(i18n_get(i18n_catalog_for("en"), "Wijk"), "District");
    assert_string_equal(i18n_get(i18n_catalog_for("nl"), "Wijk"), "Wijk");
    assert_string_equal(i18n_lang_codes[0], "nl");
    assert_string_equal(i18n_lang_codes[1], "en");

    /* An optional nl.mo is loaded as well. */
    const struct mo_msg nlmsgs[] = {MSG("Wijk", "Wijk (buurt)")};
    size_t nlen;
    unsigned char *nd = mo_build(nlmsgs, 1, 0, &nlen);
    write_file(nl, nd, nlen);
    assert_int_equal(i18n_init(dir, &err), 2);
    assert_string_equal(i18n_get(i18n_catalog_for("nl"), "Wijk"), "Wijk (buurt)");

    /* A corrupt file is an error that names it; nothing stays loaded. */
    write_file(nl, nd, nlen - 1);
    assert_int_equal(i18n_init(dir, &err), -1);
    assert_non_null(err);
    assert_non_null(strstr(err, "nl.mo"));
    free(err);
    assert_null(i18n_catalog_for("en"));
    assert_null(i18n_catalog_for("nl"));

    i18n_shutdown();
    i18n_shutdown(); /* twice is harmless */
    unlink(en);
    unlink(nl);
    rmdir(dir);
    free(d);
    free(nd);
}

struct thread_arg {
    const i18n_catalog *c;
    int ok;
};

static void *lookup_thread(void *p)
{
    struct thread_arg *a = p;
    a->ok = 1;
    for (int i = 0; i < 20000; i++) {
        const char *t = i % 2 ? i18n_get(a->c, "Wijk") : i18n_pget(a->c, "menu", "Wijk");
        if (strcmp(t, i % 2 ? "District" : "Neighbourhood") != 0)
            a->ok = 0;
        if (strcmp(i18n_nget(a->c, "Één melding", "%d meldingen", (unsigned long)i % 3),
                   i % 3 == 1 ? "One report" : "%d reports") != 0)
            a->ok = 0;
    }
    return NULL;
}

static void test_concurrent_lookups(void **state)
{
    i18n_catalog *c = i18n_load_mo(TEST_MO, NULL);
    assert_non_null(c);
    pthread_t th[4];
    struct thread_arg args[4];
    for (int i = 0; i < 4; i++) {
        args[i] = (struct thread_arg){c, 0};
        assert_int_equal(pthread_create(&th[i], NULL, lookup_thread, &args[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        assert_true(args[i].ok);
    }
    i18n_catalog_free(c);
}

/* ---- Accept-Language ---- */

static const char *const langs[] = {"nl", "en"};

static const char *neg(const char *header)
{
    return i18n_negotiate(header, langs, 2, "fallback");
}

static void test_negotiate_basics(void **state)
{
    assert_string_equal(neg("nl-NL,nl;q=0.9,en-US;q=0.8,en;q=0.7"), "nl");
    assert_string_equal(neg("en-US,en;q=0.9,nl;q=0.8"), "en");
    assert_string_equal(neg("en"), "en");
    assert_string_equal(neg("NL"), "nl");
    assert_string_equal(neg("en-GB"), "en");
    assert_string_equal(neg("de-DE,de;q=0.9,en;q=0.5"), "en");
    assert_string_equal(neg("de, fr"), "fallback");
    assert_string_equal(neg(""), "fallback");
    assert_string_equal(neg(NULL), "fallback");
    assert_string_equal(neg("   ,  ,"), "fallback");
    /* The returned pointer is the element of supported. */
    assert_ptr_equal(neg("en"), langs[1]);
    assert_ptr_equal(i18n_negotiate("en", langs, 0, NULL), NULL);
    assert_ptr_equal(i18n_negotiate("en", langs, 1, NULL), NULL); /* only "nl" offered */
}

static void test_negotiate_qvalues(void **state)
{
    assert_string_equal(neg("nl;q=0.5, en;q=0.6"), "en");
    assert_string_equal(neg("nl;q=0.500, en;q=0.499"), "nl");
    assert_string_equal(neg("en;q=1.000, nl;q=1"), "en"); /* tie: first listed */
    assert_string_equal(neg("nl, en"), "nl");
    assert_string_equal(neg("en, nl"), "en");
    assert_string_equal(neg("en ; q=0.8 , nl\t;\tQ=0.7"), "en"); /* OWS, Q */
    /* q=0 excludes, also against "*". */
    assert_string_equal(neg("en;q=0, *"), "nl");
    assert_string_equal(neg("nl;q=0, en;q=0"), "fallback");
    assert_string_equal(neg("nl;q=0.000"), "fallback");
    assert_string_equal(neg("*;q=0"), "fallback");
    /* An exact range outranks a prefix one: en-US excluded but en wanted. */
    assert_string_equal(neg("en-US;q=0, en;q=0.5, nl;q=0.1"), "en");
    assert_string_equal(neg("en;q=0, en-US;q=0.9, nl;q=0.1"), "nl");
    /* A prefix match: among several take the highest q. */
    assert_string_equal(neg("en-US;q=0.2, en-GB;q=0.9, nl;q=0.5"), "en");
}

static void test_negotiate_wildcard(void **state)
{
    assert_string_equal(neg("*"), "nl");
    assert_string_equal(neg("de, *;q=0.5"), "nl");
    assert_string_equal(neg("*, en"), "en"); /* a named language beats * at equal q */
    assert_string_equal(neg("*;q=0.9, en;q=0.8"), "nl");
    assert_string_equal(neg("fr, *;q=0.1, nl;q=0"), "en");
}

static void test_negotiate_malformed(void **state)
{
    /* Malformed elements are skipped, the rest still counts. */
    assert_string_equal(neg("nl;q=2, en;q=0.5"), "en");
    assert_string_equal(neg("nl;q=0.5000, en;q=0.1"), "en"); /* four decimals */
    assert_string_equal(neg("nl;q=1.001, en;q=0.1"), "en");
    assert_string_equal(neg("nl;q=, en;q=0.1"), "en");
    assert_string_equal(neg("nl;q=.5, en;q=0.1"), "en");
    assert_string_equal(neg("nl;level=1, en;q=0.1"), "en");
    assert_string_equal(neg("nl;q=0.5;x=y, en;q=0.1"), "en");
    assert_string_equal(neg("n*l, en;q=0.1"), "en");
    assert_string_equal(neg("nl_NL, en;q=0.1"), "en");
    assert_string_equal(neg("nl-, en;q=0.1"), "en");
    assert_string_equal(neg("-nl, en;q=0.1"), "en");
    assert_string_equal(neg("abcdefghi, en;q=0.1"), "en");
    assert_string_equal(neg("nl-abcdefghi, en;q=0.1"), "en");
    assert_string_equal(neg("nl q=0.5, en;q=0.1"), "en");
    assert_string_equal(neg("\"nl\", en;q=0.1"), "en");
    assert_string_equal(neg("nl;;q=1, en;q=0.1"), "en");
    /* Not to be fooled by a prefix that is not at a subtag boundary. */
    assert_string_equal(neg("nld, eng"), "fallback");
    assert_string_equal(neg("e, n"), "fallback");
}

static void test_negotiate_long_header(void **state)
{
    /* 1 KB of unknown languages, then "en": past the cap, so not seen. */
    char h[4096];
    size_t at = 0;
    while (at < 1100) {
        memcpy(h + at, "de-DE;q=0.9, ", 13);
        at += 13;
    }
    memcpy(h + at, "en", 3);
    assert_string_equal(neg(h), "fallback");
    /* Cut inside an element: the half element is dropped, not matched. */
    memset(h, ' ', sizeof h);
    memcpy(h + 1019, ",en-GB", 6); /* "en-G" would match; "en-GB" straddles byte 1024 */
    h[sizeof h - 1] = '\0';
    assert_string_equal(neg(h), "fallback");
    /* Within the cap it is seen. */
    memcpy(h + 1010, ",en-GB", 6);
    assert_string_equal(neg(h), "en");
    /* Tags of supported may be longer too. */
    const char *const regional[] = {"nl-BE", "en-GB"};
    assert_string_equal(i18n_negotiate("en", regional, 2, "x"), "en-GB");
    assert_string_equal(i18n_negotiate("nl-be;q=0.5, en-gb;q=0.4", regional, 2, "x"), "nl-BE");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_msgfmt_file),
        cmocka_unit_test(test_big_endian_copy_of_msgfmt_file),
        cmocka_unit_test(test_hand_built_both_byte_orders),
        cmocka_unit_test(test_many_entries_and_duplicates),
        cmocka_unit_test(test_empty_catalog),
        cmocka_unit_test(test_translate_cb_takes_pointer_and_length),
        cmocka_unit_test(test_null_catalog_shows_dutch),
        cmocka_unit_test(test_truncated_files_refused),
        cmocka_unit_test(test_corrupt_files_refused),
        cmocka_unit_test(test_load_errors_name_the_file),
        cmocka_unit_test(test_registry_init),
        cmocka_unit_test(test_concurrent_lookups),
        cmocka_unit_test(test_negotiate_basics),
        cmocka_unit_test(test_negotiate_qvalues),
        cmocka_unit_test(test_negotiate_wildcard),
        cmocka_unit_test(test_negotiate_malformed),
        cmocka_unit_test(test_negotiate_long_header),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
