/*
 * test_csv.c: the CSV writer (quoting, formula defusing) and reader
 * (quotes, embedded commas and line breaks, malformed input).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "lib/csv.h"

#include <string.h>

static void test_write_plain_and_quoted(void **state)
{
    buf b;
    buf_init(&b, 4096);
    assert_int_equal(csv_row(&b, 4, "a", "b,c", "say \"hi\"", "two\nlines"), 0);
    assert_string_equal(b.data, "a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n");
    buf_free(&b);
}

static void test_write_defuses_formulas(void **state)
{
    buf b;
    buf_init(&b, 4096);
    csv_row(&b, 5, "=SUM(A1)", "+1", "@x", "-5", "-x");
    /* numbers stay numbers; text that a spreadsheet would run gets a quote */
    assert_string_equal(b.data, "\"'=SUM(A1)\",\"'+1\",\"'@x\",-5,\"'-x\"\r\n");
    buf_free(&b);
}

static void test_read_roundtrip(void **state)
{
    const char *in = "code,name\r\nWK1,\"Noord, Oost\"\nWK2,\"a \"\"b\"\"\nc\"\n";
    struct csv_reader r;
    csv_reader_init(&r, in, strlen(in));
    assert_int_equal(csv_next(&r), 1);
    assert_int_equal(r.ncells, 2);
    assert_string_equal(r.cells[1], "name");
    assert_int_equal(csv_next(&r), 1);
    assert_string_equal(r.cells[1], "Noord, Oost");
    assert_int_equal(csv_next(&r), 1);
    assert_string_equal(r.cells[1], "a \"b\"\nc");
    assert_int_equal(csv_next(&r), 0);
    csv_reader_free(&r);
}

static void test_read_malformed(void **state)
{
    const char *bad[] = {"a,\"unterminated\n", "a,\"x\"junk\n"};
    for (size_t i = 0; i < 2; i++) {
        struct csv_reader r;
        csv_reader_init(&r, bad[i], strlen(bad[i]));
        assert_int_equal(csv_next(&r), -1);
        csv_reader_free(&r);
    }
    /* more than 64 cells is refused, not truncated */
    char many[400];
    size_t j = 0;
    for (int i = 0; i < 70; i++) {
        many[j++] = 'x';
        many[j++] = ',';
    }
    many[j++] = '\n';
    struct csv_reader r;
    csv_reader_init(&r, many, j);
    assert_int_equal(csv_next(&r), -1);
    csv_reader_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_write_plain_and_quoted),
        cmocka_unit_test(test_write_defuses_formulas),
        cmocka_unit_test(test_read_roundtrip),
        cmocka_unit_test(test_read_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
