/*
 * test_ical.c: the iCalendar writer (lib/ical.c): CRLF line ends, folding at
 * 75 octets without splitting a UTF-8 character, escaping of TEXT values,
 * local times with TZID and UTC times.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "lib/ical.h"

#include <stdio.h>
#include <string.h>

static void test_escaping(void **state)
{
    (void)state;
    buf b;
    buf_init(&b, 1 << 16);
    assert_int_equal(ical_text(&b, "SUMMARY", "a,b;c\\d\ne\r\nf\rg\th"), 0);
    buf_putc(&b, '\0');
    assert_string_equal(b.data, "SUMMARY:a\\,b\\;c\\\\d\\ne\\nf\\ngh\r\n");
    buf_reset(&b);
    assert_int_equal(ical_text(&b, "LOCATION", NULL), 0);
    buf_putc(&b, '\0');
    assert_string_equal(b.data, "LOCATION:\r\n");
    buf_free(&b);
}

/* Every line of s (CRLF-ended) has at most 75 octets and starts no UTF-8
 * continuation byte; the unfolded text equals want. */
static void check_folded(const char *s, size_t n, const char *want)
{
    char unfolded[4096];
    size_t u = 0;
    const char *p = s, *end = s + n;
    int first = 1;
    assert_true(n >= 2 && memcmp(end - 2, "\r\n", 2) == 0);
    while (p < end) {
        const char *crlf = strstr(p, "\r\n");
        assert_non_null(crlf);
        size_t len = (size_t)(crlf - p);
        assert_true(len <= ICAL_LINE_OCTETS);
        assert_null(memchr(p, '\n', len));
        if (!first) {
            assert_int_equal(p[0], ' ');
            assert_true(len > 1 && ((unsigned char)p[1] & 0xC0) != 0x80);
            p++, len--;
        }
        memcpy(unfolded + u, p, len);
        u += len;
        p = crlf + 2;
        first = 0;
    }
    unfolded[u] = '\0';
    assert_string_equal(unfolded, want);
}

static void test_folding(void **state)
{
    (void)state;
    buf b;
    buf_init(&b, 1 << 16);
    /* exactly 75 octets: one line */
    char v[200];
    memset(v, 'x', 67);
    v[67] = '\0';
    ical_line(&b, "SUMMARY", v); /* "SUMMARY:" is 8 */
    assert_int_equal(b.len, 77);
    char want75[220];
    snprintf(want75, sizeof want75, "SUMMARY:%s", v);
    check_folded(b.data, b.len, want75);
    /* one more: folded */
    buf_reset(&b);
    char v68[220];
    snprintf(v68, sizeof v68, "%sy", v);
    ical_line(&b, "SUMMARY", v68);
    assert_int_equal(b.len, 75 + 2 + 2 + 2); /* 75 octets, CRLF, " y", CRLF */
    snprintf(want75, sizeof want75, "SUMMARY:%sy", v);
    check_folded(b.data, b.len, want75);
    /* multi-byte characters across the fold are never split */
    buf_reset(&b);
    char text[1024];
    size_t tl = 0;
    for (int i = 0; i < 60; i++) {
        const char *c = i % 3 ? "é" : "€";
        memcpy(text + tl, c, strlen(c));
        tl += strlen(c);
    }
    text[tl] = '\0';
    ical_text(&b, "DESCRIPTION", text);
    char want[1100];
    snprintf(want, sizeof want, "DESCRIPTION:%s", text);
    check_folded(b.data, b.len, want);
    buf_free(&b);
}

static void test_times(void **state)
{
    (void)state;
    buf b;
    buf_init(&b, 1 << 16);
    assert_int_equal(ical_local_time(&b, "DTSTART", 2026, 3, 29, 3 * 3600 + 30 * 60), 0);
    assert_int_equal(ical_utc_time(&b, "DTSTAMP", 1768501800), 0);
    assert_int_equal(ical_local_time(&b, "DTEND", 2026, 13, 1, 0), -1);
    buf_putc(&b, '\0');
    assert_string_equal(b.data, "DTSTART;TZID=Europe/Amsterdam:20260329T033000\r\n"
                                "DTSTAMP:20260115T183000Z\r\n");
    buf_reset(&b);
    ical_vtimezone_amsterdam(&b);
    buf_putc(&b, '\0');
    assert_non_null(strstr(b.data, "TZID:Europe/Amsterdam\r\n"));
    assert_non_null(strstr(b.data, "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"));
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_folding),
        cmocka_unit_test(test_times),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
