/*
 * test_pagecache.c: the page cache keeps plain pages and pages with a query
 * apart: a query page is found again under its key, at most 64 of them and
 * 8 MiB of their bodies are kept (made-up queries cannot grow the memory),
 * a plain page is still kept when that bound is reached, and stale query
 * pages give their room to new ones.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "http/pagecache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int found(const char *key)
{
    struct cached_page p;
    if (pagecache_get(key, &p) != 0)
        return 0;
    pagecache_release(&p);
    return 1;
}

static void put_small(const char *key)
{
    static const char body[] = "{\"ok\":true}";
    pagecache_put(key, pagecache_generation(), 200, "application/json", body, sizeof body - 1);
}

/* Bytes that do not compress, so that the bound counts them as they are. */
static unsigned char *noise(size_t len, unsigned seed)
{
    unsigned char *b = malloc(len);
    assert_non_null(b);
    uint32_t x = seed * 2654435761u + 1;
    for (size_t i = 0; i < len; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        b[i] = (unsigned char)x;
    }
    return b;
}

static int setup(void **state)
{
    (void)state;
    pagecache_clear();
    return 0;
}

static void test_query_page_found_by_its_key(void **state)
{
    (void)state;
    put_small("nl /open-data/meldingen.geojson?wijk=7");
    assert_true(found("nl /open-data/meldingen.geojson?wijk=7"));
    assert_false(found("nl /open-data/meldingen.geojson?wijk=8"));
    assert_false(found("en /open-data/meldingen.geojson?wijk=7"));
    pagecache_invalidate();
    assert_false(found("nl /open-data/meldingen.geojson?wijk=7"));
}

static void test_at_most_64_query_pages(void **state)
{
    (void)state;
    char key[64];
    for (int i = 0; i < 100; i++) {
        snprintf(key, sizeof key, "nl /meldingen?zoek=%d", i);
        put_small(key);
    }
    int kept = 0;
    for (int i = 0; i < 100; i++) {
        snprintf(key, sizeof key, "nl /meldingen?zoek=%d", i);
        kept += found(key);
    }
    assert_int_equal(kept, 64);
    /* the plain pages keep their room */
    put_small("nl /");
    put_small("nl /wijken/oosterheem");
    assert_true(found("nl /"));
    assert_true(found("nl /wijken/oosterheem"));
    /* once the data changed, new queries take the stale ones' room */
    pagecache_invalidate();
    put_small("nl /meldingen?zoek=nieuw");
    assert_true(found("nl /meldingen?zoek=nieuw"));
}

static void test_query_bytes_bounded(void **state)
{
    (void)state;
    size_t five = (size_t)5 * 1024 * 1024;
    unsigned char *a = noise(five, 1), *b = noise(five, 2);
    uint64_t g = pagecache_generation();
    assert_int_equal(pagecache_bytes(), 0);
    pagecache_put("nl /open-data/meldingen.csv?jaar=2025", g, 200, "text/csv", a, five);
    /* the body (and its gzip, when that is smaller) */
    size_t held = pagecache_bytes();
    assert_true(held >= five && held < 2 * five);
    pagecache_put("nl /open-data/meldingen.csv?jaar=2024", g, 200, "text/csv", b, five);
    assert_int_equal(pagecache_bytes(), held); /* refused: nothing more held */
    assert_true(found("nl /open-data/meldingen.csv?jaar=2025"));
    assert_false(found("nl /open-data/meldingen.csv?jaar=2024")); /* 10 MiB > 8 MiB */
    /* a body over the whole bound is never kept under a query */
    unsigned char *big = noise((size_t)9 * 1024 * 1024, 3);
    pagecache_put("nl /open-data/meldingen.csv?alles=1", g, 200, "text/csv", big,
                  (size_t)9 * 1024 * 1024);
    assert_false(found("nl /open-data/meldingen.csv?alles=1"));
    /* a plain page of the same size is kept */
    pagecache_put("nl /open-data/meldingen.csv", g, 200, "text/csv", b, five);
    assert_true(found("nl /open-data/meldingen.csv"));
    /* stale: the room goes to the next query page */
    pagecache_invalidate();
    pagecache_put("nl /open-data/meldingen.csv?jaar=2024", pagecache_generation(), 200, "text/csv",
                  b, five);
    assert_true(found("nl /open-data/meldingen.csv?jaar=2024"));
    struct cached_page p;
    assert_int_equal(pagecache_get("nl /open-data/meldingen.csv?jaar=2024", &p), 0);
    assert_int_equal(p.len, five);
    assert_memory_equal(page_body_data(p.body), b, five);
    pagecache_release(&p);
    free(a);
    free(b);
    free(big);
    pagecache_clear();
    assert_int_equal(pagecache_bytes(), 0);
}

/* A body handed over is kept without a copy and given back for the first
 * answer; one past the bound is given back but not kept. */
static void test_put_owned(void **state)
{
    (void)state;
    size_t n = 4096;
    unsigned char *a = noise(n, 4);
    unsigned char *owned = malloc(n);
    assert_non_null(owned);
    memcpy(owned, a, n);
    struct cached_page out;
    pagecache_put_owned("nl /open-data/meldingen.geojson", pagecache_generation(), 200,
                        "application/geo+json", owned, n, &out);
    assert_non_null(out.body);
    assert_int_equal(out.len, n);
    assert_memory_equal(page_body_data(out.body), a, n);
    struct cached_page hit;
    assert_int_equal(pagecache_get("nl /open-data/meldingen.geojson", &hit), 0);
    assert_ptr_equal(page_body_data(hit.body), page_body_data(out.body)); /* the same bytes */
    pagecache_release(&hit);
    pagecache_release(&out);
    size_t big = (size_t)9 * 1024 * 1024;
    unsigned char *huge = noise(big, 5);
    pagecache_put_owned("nl /open-data/meldingen.csv?alles=1", pagecache_generation(), 200,
                        "text/csv", huge, big, &out);
    assert_non_null(out.body);
    assert_int_equal(out.len, big);
    assert_false(found("nl /open-data/meldingen.csv?alles=1"));
    pagecache_release(&out);
    free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_query_page_found_by_its_key, setup),
        cmocka_unit_test_setup(test_at_most_64_query_pages, setup),
        cmocka_unit_test_setup(test_query_bytes_bounded, setup),
        cmocka_unit_test_setup(test_put_owned, setup),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    pagecache_clear();
    return rc;
}
