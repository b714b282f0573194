/*
 * test_table.c: one table model, two writers. The CSV has the headings,
 * the numbers with a dot and defused formulas; the XLSX is a real zip whose
 * sheet holds the numbers as numbers and whose shared strings hold the text.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "lib/table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct table *sample(arena *a)
{
    const char *cols[] = {"Wijk", "Meldingen", "Per 1.000"};
    struct table *t = table_new(a, "signalen-per-wijk", "Meldingen per wijk", 3, cols);
    assert_non_null(t);
    for (int i = 0; i < 40; i++) { /* enough rows to grow the table */
        long r = table_add_row(t);
        assert_int_equal(r, i);
        table_set_text(t, (size_t)r, 0,
                       i == 0   ? "Oosterheem"
                       : i == 1 ? "=1+1"
                       : i == 2 ? "-0+cmd|' /C calc'!A0"
                       : i == 3 ? "-12"
                                : "Wijk, \"x\"");
        table_set_num(t, (size_t)r, 1, i == 3 ? -3 : 4787 + i, 0);
        table_set_num(t, (size_t)r, 2, 204.94, 1);
    }
    return t;
}

static void test_csv(void **state)
{
    arena *a = arena_new(1 << 16);
    struct table *t = sample(a);
    buf b;
    buf_init(&b, 1 << 20);
    assert_int_equal(table_csv(t, &b), 0);
    buf_putc(&b, '\0');
    assert_true(strncmp(b.data, "Wijk,Meldingen,Per 1.000\r\nOosterheem,4787,204.9\r\n", 48) == 0);
    assert_non_null(strstr(b.data, "\"'=1+1\",4788,204.9\r\n"));
    assert_non_null(strstr(b.data, "\"Wijk, \"\"x\"\"\",4791,204.9\r\n"));
    /* text that starts like a negative number is still text; a negative number is a number */
    assert_non_null(strstr(b.data, "\r\n\"'-0+cmd|' /C calc'!A0\",4789,204.9\r\n"));
    assert_non_null(strstr(b.data, "\r\n\"'-12\",-3,204.9\r\n"));
    buf_free(&b);
    arena_free(a);
}

/* For a Dutch spreadsheet: BOM, ';' and decimal commas; text still neutralised. */
static void test_csv_nl(void **state)
{
    arena *a = arena_new(1 << 16);
    struct table *t = sample(a);
    buf b;
    buf_init(&b, 1 << 20);
    assert_int_equal(table_csv_nl(t, &b), 0);
    buf_putc(&b, '\0');
    assert_true(strncmp(b.data, "\xEF\xBB\xBFWijk;Meldingen;Per 1.000\r\nOosterheem;4787;204,9\r\n",
                        51) == 0);
    assert_non_null(strstr(b.data, "\"'=1+1\";4788;204,9\r\n"));
    assert_non_null(strstr(b.data, "\"Wijk, \"\"x\"\"\";4791;204,9\r\n"));
    assert_non_null(strstr(b.data, "\r\n\"'-12\";-3;204,9\r\n"));
    buf_free(&b);
    arena_free(a);
}

static char *unzip_member(const char *zip, const char *member);

/* Sheet names: the subject before the scope, at most 31 characters, whole
 * UTF-8 characters, unique. */
static void test_sheet_names(void **state)
{
    (void)state;
    if (system("command -v unzip >/dev/null 2>&1") != 0)
        skip();
    arena *a = arena_new(1 << 16);
    static const char *const cols[] = {"A"};
    const struct table *ts[3] = {
        table_new(a, "focuspunten",
                  "Focuspunten, Regio Noordhove, Buytenwegh, De Leyens en Seghwaert 2025", 1, cols),
        table_new(a, "werklast", "Werklast van de wijkregisseurs in één regio", 1, cols),
        table_new(a, "focuspunten2", "Focuspunten, Zoetermeer 2024", 1, cols),
    };
    char path[] = "/tmp/wr-test-sheets-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(table_xlsx(ts, 3, path), 0);
    char *book = unzip_member(path, "xl/workbook.xml");
    assert_non_null(book);
    assert_non_null(strstr(book, "name=\"Focuspunten\""));
    assert_non_null(strstr(book, "name=\"Werklast van de wijkregisseurs\""));
    assert_non_null(strstr(book, "name=\"Focuspunten 3\""));
    free(book);
    unlink(path);
    arena_free(a);
}

static char *unzip_member(const char *zip, const char *member)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s'", zip, member);
    FILE *p = popen(cmd, "r");
    if (!p)
        return NULL;
    size_t cap = 1 << 20, len = 0;
    char *s = malloc(cap);
    size_t got;
    while (s && (got = fread(s + len, 1, cap - len - 1, p)) > 0)
        len += got;
    pclose(p);
    if (s)
        s[len] = '\0';
    return s;
}

static void test_xlsx(void **state)
{
    if (system("command -v unzip >/dev/null 2>&1") != 0)
        skip();
    arena *a = arena_new(1 << 16);
    const struct table *ts[2] = {sample(a), sample(a)};
    char path[] = "/tmp/wr-test-table-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(table_xlsx(ts, 2, path), 0);
    char *sheet = unzip_member(path, "xl/worksheets/sheet1.xml");
    char *strings = unzip_member(path, "xl/sharedStrings.xml");
    char *book = unzip_member(path, "xl/workbook.xml");
    assert_non_null(sheet);
    assert_non_null(strings);
    assert_non_null(book);
    assert_non_null(strstr(sheet, "<v>4787</v>"));
    assert_non_null(strstr(sheet, "<v>204.94</v>"));
    assert_non_null(strstr(strings, "Oosterheem"));
    assert_non_null(strstr(strings, "Per 1.000"));
    assert_non_null(strstr(strings, "=1+1")); /* text in a cell, never a formula */
    assert_null(strstr(sheet, "<f>"));
    assert_non_null(strstr(book, "name=\"Meldingen per wijk\""));
    assert_non_null(strstr(book, "name=\"Meldingen per wijk 2\""));
    free(sheet);
    free(strings);
    free(book);
    /* the same through a buffer */
    buf b;
    buf_init(&b, 1 << 24);
    assert_int_equal(table_xlsx_buf(ts, 1, &b), 0);
    assert_true(b.len > 100 && memcmp(b.data, "PK", 2) == 0);
    buf_free(&b);
    unlink(path);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_csv_nl),
        cmocka_unit_test(test_sheet_names),
        cmocka_unit_test(test_xlsx),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
