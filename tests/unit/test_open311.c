/*
 * test_open311.c: the pieces of the Open311 API that are pure functions:
 * the XML writer (names, escaping, lists, refusal of what XML cannot hold)
 * the streaming JSON/XML writer (the same document in both formats, its
 * checks) and the W3C datetime parser (formats, ranges, zones).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "lib/dualw.h"
#include "lib/w3cdate.h"
#include "lib/xmlw.h"

#include <string.h>

static const char *items(const char *list)
{
    if (strcmp(list, "service_requests") == 0)
        return "request";
    if (strcmp(list, "values") == 0)
        return "value";
    return NULL;
}

static void test_xml_document(void **state)
{
    (void)state;
    buf b;
    buf_init(&b, 1 << 16);
    json_t *v = json_pack("[{s:I,s:s,s:n,s:b,s:f,s:[s,s]}]", "service_request_id", (json_int_t)42,
                          "status_notes", "a < b & \"c\" 'd'", "address", "metadata", 1, "lat",
                          52.0601, "values", "x", "y");
    assert_int_equal(xmlw_document(&b, "service_requests", v, items), 0);
    assert_string_equal(b.data,
                        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                        "<service_requests><request><service_request_id>42</service_request_id>"
                        "<status_notes>a &lt; b &amp; &quot;c&quot; &apos;d&apos;</status_notes>"
                        "<address/><metadata>true</metadata><lat>52.0601</lat>"
                        "<values><value>x</value><value>y</value></values>"
                        "</request></service_requests>\n");
    json_decref(v);
    buf_free(&b);
}

static void test_xml_refuses_bad_names_and_lists(void **state)
{
    (void)state;
    buf b;
    buf_init(&b, 1 << 16);
    json_t *v = json_pack("{s:s}", "1bad", "x");
    assert_int_equal(xmlw_document(&b, "root", v, items), -1);
    json_decref(v);
    buf_reset(&b);
    v = json_pack("{s:[i]}", "unknown_list", 1); /* no item name for it */
    assert_int_equal(xmlw_document(&b, "root", v, items), -1);
    json_decref(v);
    buf_reset(&b);
    v = json_pack("{s:s}", "a b", "x");
    assert_int_equal(xmlw_document(&b, "root", v, items), -1);
    json_decref(v);
    assert_false(xmlw_name_ok("xmlfoo"));
    assert_true(xmlw_name_ok("service_code"));
    buf_free(&b);
}

static void test_xml_replaces_control_characters(void **state)
{
    (void)state;
    buf b;
    buf_init(&b, 1 << 16);
    json_t *v = json_pack("{s:s}", "d", "a\x01z\xc3\xa9\r");
    assert_int_equal(xmlw_document(&b, "root", v, items), 0);
    assert_non_null(strstr(b.data, "<d>a\xef\xbf\xbdz\xc3\xa9&#13;</d>"));
    json_decref(v);
    buf_free(&b);
}

/* The same document through the streaming writer, in both formats. */
static void write_doc(struct dualw *w)
{
    dualw_list(w, "service_requests", "request");
    dualw_object(w, NULL);
    dualw_int(w, "service_request_id", 42);
    dualw_str(w, "status_notes", "a < b & \"c\"\n");
    dualw_null(w, "address");
    dualw_bool(w, "metadata", true);
    dualw_real(w, "lat", 52.0601);
    dualw_list(w, "notes", "note");
    dualw_object(w, NULL);
    dualw_str(w, "type", "status");
    dualw_end(w);
    dualw_end(w);
    dualw_end(w);
    dualw_end(w);
}

static void test_dualw_both_formats(void **state)
{
    (void)state;
    buf b;
    buf_init(&b, 1 << 16);
    struct dualw w;
    dualw_init(&w, &b, false);
    write_doc(&w);
    assert_int_equal(dualw_finish(&w), 0);
    assert_string_equal(b.data, "[{\"service_request_id\":42,\"status_notes\":\"a < b & "
                                "\\\"c\\\"\\n\",\"address\":null,\"metadata\":true,"
                                "\"lat\":52.0601,\"notes\":[{\"type\":\"status\"}]}]\n");
    buf_reset(&b);
    dualw_init(&w, &b, true);
    write_doc(&w);
    assert_int_equal(dualw_finish(&w), 0);
    assert_string_equal(b.data, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                                "<service_requests><request><service_request_id>42"
                                "</service_request_id><status_notes>a &lt; b &amp; "
                                "&quot;c&quot;\n</status_notes><address/><metadata>true"
                                "</metadata><lat>52.0601</lat><notes><note><type>status</type>"
                                "</note></notes></request></service_requests>\n");
    buf_free(&b);
}

static void test_dualw_checks(void **state)
{
    (void)state;
    buf b;
    buf_init(&b, 1 << 16);
    struct dualw w;
    /* unbalanced */
    dualw_init(&w, &b, false);
    dualw_list(&w, "root", "item");
    assert_int_equal(dualw_finish(&w), -1);
    /* a bad name, in JSON too */
    buf_reset(&b);
    dualw_init(&w, &b, false);
    dualw_object(&w, "root");
    dualw_str(&w, "a b", "x");
    dualw_end(&w);
    assert_int_equal(dualw_finish(&w), -1);
    /* a scalar as the document, and two roots */
    buf_reset(&b);
    dualw_init(&w, &b, true);
    dualw_str(&w, "root", "x");
    assert_int_equal(dualw_finish(&w), -1);
    buf_reset(&b);
    dualw_init(&w, &b, true);
    dualw_object(&w, "root");
    dualw_end(&w);
    dualw_object(&w, "root");
    dualw_end(&w);
    assert_int_equal(dualw_finish(&w), -1);
    /* not a number */
    buf_reset(&b);
    dualw_init(&w, &b, false);
    dualw_object(&w, "root");
    dualw_real(&w, "lat", 1.0 / 0.0);
    dualw_end(&w);
    assert_int_equal(dualw_finish(&w), -1);
    buf_free(&b);
}

static void test_w3c_parse(void **state)
{
    (void)state;
    struct w3c_time t;
    assert_int_equal(w3c_parse("2010-01-01T00:00:00Z", &t), 0);
    assert_true(t.has_zone);
    assert_int_equal(w3c_to_unix(&t), 1262304000);
    assert_int_equal(w3c_parse("2026-03-29T03:00:00+02:00", &t), 0);
    assert_int_equal(w3c_to_unix(&t), 1774746000);
    assert_int_equal(w3c_parse("2026-03-01T09:30-01:30", &t), 0);
    assert_int_equal(t.offset_sec, -5400);
    assert_int_equal(w3c_parse("2026-03-01T09:30:15.123Z", &t), 0);
    assert_int_equal(t.sec_of_day, 9 * 3600 + 30 * 60 + 15);
    assert_int_equal(w3c_parse("2024-02-29", &t), 0);
    assert_false(t.has_zone);
    assert_int_equal(t.day, 29);
}

static void test_w3c_refuses(void **state)
{
    (void)state;
    const char *bad[] = {"",
                         "2025-02-29",
                         "2025-13-01",
                         "2025-01-01T10:00:00",
                         "2025-01-01T24:00:00Z",
                         "2025-01-01T10:00:00+1:00",
                         "2025-01-01T10:00:00Zjunk",
                         "2025-01-01 10:00:00Z",
                         "2025-1-01",
                         "gisteren",
                         "2025-01-01T10:00:00.Z",
                         "2025-01-01T10:0Z",
                         "2025-01-01T10:00:00+15:00"};
    struct w3c_time t;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(w3c_parse(bad[i], &t), -1);
    assert_int_equal(w3c_parse(NULL, &t), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xml_document),
        cmocka_unit_test(test_xml_refuses_bad_names_and_lists),
        cmocka_unit_test(test_xml_replaces_control_characters),
        cmocka_unit_test(test_dualw_both_formats),
        cmocka_unit_test(test_dualw_checks),
        cmocka_unit_test(test_w3c_parse),
        cmocka_unit_test(test_w3c_refuses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
