/*
 * test_csv.c: the CSV writer (quoting, formulas neutralised in text cells,
 * numbers kept as numbers) and reader
 * (quotes, embedded commas and line breaks, malformed input).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "lib/csv.h"

#include <stdio.h>
#include <string.h>

static const struct csv_col TEXT4[] = {
    {"a", CSV_TEXT}, {"b", CSV_TEXT}, {"c", CSV_TEXT}, {"d", CSV_TEXT}};

static void test_write_plain_and_quoted(void **state)
{
    buf b;
    buf_init(&b, 4096);
    assert_int_equal(csv_row(&b, TEXT4, 4, "a", "b,c", "say \"hi\"", "two\nlines"), 0);
    assert_string_equal(b.data, "a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n");
    buf_reset(&b);
    assert_int_equal(csv_header(&b, TEXT4, 4), 0);
    assert_int_equal(csv_row(&b, TEXT4, 4, NULL, "", "x", NULL), 0);
    assert_string_equal(b.data, "a,b,c,d\r\n,,x,\r\n");
    buf_free(&b);
}

/* Every text cell starting with = + - @ tab or CR is neutralised: quoted,
 * with a ' in front; the rest of the cell is kept. */
static void test_text_is_neutralised(void **state)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"=SUM(A1)", "\"'=SUM(A1)\""},
        {"+1", "\"'+1\""},
        {"@x", "\"'@x\""},
        {"-x", "\"'-x\""},
        /* looks like a number, or starts like one: text all the same */
        {"-5", "\"'-5\""},
        {"-0+cmd|' /C calc'!A0", "\"'-0+cmd|' /C calc'!A0\""},
        {"-.5", "\"'-.5\""},
        {"\t=1+1", "\"'\t=1+1\""},
        {"\r=1+1", "\"'\r=1+1\""},
        {"=\"a\",b", "\"'=\"\"a\"\",b\""},
        /* harmless text is left alone */
        {"5", "5"},
        {"a-b", "a-b"},
        {"Noordhove", "Noordhove"},
        {"2026-01-01", "2026-01-01"},
    };
    static const struct csv_col col[] = {{"x", CSV_TEXT}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        buf b;
        buf_init(&b, 4096);
        assert_int_equal(csv_rowv(&b, col, 1, &cases[i].in), 0);
        buf_putc(&b, '\0');
        char want[128];
        snprintf(want, sizeof want, "%s\r\n", cases[i].out);
        assert_string_equal(b.data, want);
        buf_free(&b);
    }
}

/* A number column writes plain numbers as they are; anything else in it is
 * text, neutralised like text, so a formula cannot pass as a number. */
static void test_numbers_stay_numbers(void **state)
{
    static const struct csv_col cols[] = {{"n", CSV_NUMBER}, {"t", CSV_TEXT}};
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"-5", "-5"},
        {"12.50", "12.50"},
        {"-0.25", "-0.25"},
        {"0", "0"},
        {"", ""},
        {"1e5", "1e5"},
        {"-1+1", "\"'-1+1\""},
        {"=1", "\"'=1\""},
        {"1.", "1."},
        {"-", "\"'-\""},
        {"+5", "\"'+5\""},
        {"5 ", "5 "},
        {"1,5", "\"1,5\""},
        {"-0+cmd|' /C calc'!A0", "\"'-0+cmd|' /C calc'!A0\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        buf b;
        buf_init(&b, 4096);
        assert_int_equal(csv_row(&b, cols, 2, cases[i].in, "t"), 0);
        buf_putc(&b, '\0');
        char want[128];
        snprintf(want, sizeof want, "%s,t\r\n", cases[i].out);
        assert_string_equal(b.data, want);
        buf_free(&b);
    }
    assert_true(csv_is_number("-12.5"));
    assert_false(csv_is_number("12."));
    assert_false(csv_is_number("."));
    assert_false(csv_is_number("--1"));
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
        cmocka_unit_test(test_write_plain_and_quoted), cmocka_unit_test(test_text_is_neutralised),
        cmocka_unit_test(test_numbers_stay_numbers),   cmocka_unit_test(test_read_roundtrip),
        cmocka_unit_test(test_read_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
