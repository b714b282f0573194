/*
 * test_svgchart.c: the server-drawn charts: accessible names, escaping,
 * one bar per value, lines with markers, missing values, bad input.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "lib/svgchart.h"

#include <math.h>
#include <string.h>

static size_t occurrences(const char *s, const char *what)
{
    size_t n = 0;
    for (const char *p = strstr(s, what); p; p = strstr(p + 1, what))
        n++;
    return n;
}

static void test_bar_chart(void **state)
{
    const char *labels[] = {"jan", "feb", "<mrt>"};
    double v[] = {10, 25.5, 0};
    struct svgchart c = {.kind = SVGCHART_BAR,
                         .id = "g1",
                         .title = "Meldingen & zo",
                         .desc = "jan: 10; feb: 25,5",
                         .nlabels = 3,
                         .labels = labels,
                         .nseries = 1,
                         .decimal = ","};
    c.series[0] = (struct svgchart_series){.name = "Meldingen", .values = v};
    buf b;
    buf_init(&b, 1 << 20);
    assert_int_equal(svgchart_render(&c, &b), 0);
    buf_putc(&b, '\0');
    assert_non_null(strstr(b.data, "role=\"img\""));
    assert_non_null(strstr(b.data, "aria-labelledby=\"g1-t g1-d\""));
    assert_non_null(strstr(b.data, "<title id=\"g1-t\">Meldingen &amp; zo</title>"));
    assert_non_null(strstr(b.data, "<desc id=\"g1-d\">jan: 10; feb: 25,5</desc>"));
    assert_non_null(strstr(b.data, "&lt;mrt&gt;"));
    assert_null(strstr(b.data, "<mrt>"));
    /* three bars (no legend for one series), the axis up to a round 50 */
    assert_int_equal(occurrences(b.data, "<rect"), 3);
    assert_non_null(strstr(b.data, ">50</text>"));
    assert_non_null(strstr(b.data, ">12,5</text>"));
    buf_free(&b);
}

static void test_line_chart_with_gaps(void **state)
{
    const char *labels[] = {"2022", "2023", "2024", "2025"};
    double a[] = {1, NAN, 3, 4}, b2[] = {2, 2, 2, 2};
    struct svgchart c = {.kind = SVGCHART_LINE,
                         .id = "trend",
                         .title = "t",
                         .desc = "d",
                         .nlabels = 4,
                         .labels = labels,
                         .nseries = 2};
    c.series[0] = (struct svgchart_series){.name = "a", .values = a};
    c.series[1] = (struct svgchart_series){.name = "b", .values = b2};
    buf b;
    buf_init(&b, 1 << 20);
    assert_int_equal(svgchart_render(&c, &b), 0);
    buf_putc(&b, '\0');
    assert_int_equal(occurrences(b.data, "<polyline"), 2);
    assert_int_equal(occurrences(b.data, "<circle"), 3); /* series a: the gap has no marker */
    assert_non_null(strstr(b.data, "stroke-dasharray")); /* series b differs in shape too */
    assert_non_null(strstr(b.data, ">a</text>"));        /* a legend with two series */
    buf_free(&b);
}

static void test_bad_input(void **state)
{
    buf b;
    buf_init(&b, 1 << 16);
    double v[] = {1};
    const char *labels[] = {"x"};
    struct svgchart c = {
        .kind = SVGCHART_BAR, .id = "a\"b", .nlabels = 1, .labels = labels, .nseries = 1};
    c.series[0].values = v;
    assert_int_equal(svgchart_render(&c, &b), -1);
    c.id = "ok";
    c.nseries = 0;
    assert_int_equal(svgchart_render(&c, &b), -1);
    assert_int_equal(b.len, 0);
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bar_chart),
        cmocka_unit_test(test_line_chart_with_gaps),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
