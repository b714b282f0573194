/*
 * test_geocode.c: reading Locatieserver's answers, the lookup off and
 * unreachable, and the limit per client address. (The service itself, its
 * timeout and the cache are tested over HTTP against a stand-in in
 * tests/http/run.py; nothing here reaches the network.)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "lib/geocode.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* An answer of /free with fl=* for an address, as the service gives it
 * (abridged: the fields of another CBS division are there, and ignored). */
static const char FREE[] =
    "{\"response\":{\"numFound\":2,\"start\":0,\"maxScore\":9.1,\"numFoundExact\":true,"
    "\"docs\":[{\"type\":\"adres\",\"weergavenaam\":\"Dorpsstraat 12, 2712AJ Zoetermeer\","
    "\"id\":\"adr-1\",\"straatnaam\":\"Dorpsstraat\",\"huisnummer\":12,\"huis_nlt\":\"12\","
    "\"postcode\":\"2712AJ\",\"woonplaatsnaam\":\"Zoetermeer\",\"wijkcode\":\"WK063799\","
    "\"centroide_ll\":\"POINT(4.4917 52.0575)\",\"score\":9.1},"
    "{\"type\":\"adres\",\"weergavenaam\":\"Dorpsstraat 12A, 2712AJ Zoetermeer\","
    "\"id\":\"adr-2\",\"straatnaam\":\"Dorpsstraat\",\"huisnummer\":12,"
    "\"postcode\":\"2712AJ\",\"woonplaatsnaam\":\"Zoetermeer\","
    "\"centroide_ll\":\"POINT(4.49176 52.05756)\",\"afstand\":3.5},"
    "{\"type\":\"adres\",\"weergavenaam\":\"Zonder punt 1\",\"id\":\"adr-3\"}]}}";

static void test_parse(void **state)
{
    (void)state;
    struct geo_address a[4];
    size_t n;
    assert_int_equal(geocode_parse(FREE, strlen(FREE), a, 4, &n), 0);
    assert_int_equal(n, 2); /* a document without a point is left out */
    assert_string_equal(a[0].label, "Dorpsstraat 12, 2712AJ Zoetermeer");
    assert_string_equal(a[0].street, "Dorpsstraat");
    assert_string_equal(a[0].number, "12");
    assert_string_equal(a[0].postcode, "2712AJ");
    assert_string_equal(a[0].city, "Zoetermeer");
    assert_string_equal(a[0].id, "adr-1");
    /* centroide_ll is longitude first */
    assert_true(a[0].lat > 52.0574 && a[0].lat < 52.0576);
    assert_true(a[0].lon > 4.4916 && a[0].lon < 4.4918);
    /* without huis_nlt the number comes from huisnummer */
    assert_string_equal(a[1].number, "12");
    assert_true(a[1].distance_m > 3.4 && a[1].distance_m < 3.6);
    /* at most max */
    assert_int_equal(geocode_parse(FREE, strlen(FREE), a, 1, &n), 0);
    assert_int_equal(n, 1);
}

static void test_parse_bad(void **state)
{
    (void)state;
    struct geo_address a[2];
    size_t n = 9;
    static const char *const bad[] = {
        "",
        "[]",
        "{\"response\":{}}",
        "{\"response\":{\"docs\":{}}}",
        "<html>503</html>",
        "{\"response\":{\"docs\":[{\"weergavenaam\":\"x\",\"centroide_ll\":\"POINT(4.49)\"}]}}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int rc = geocode_parse(bad[i], strlen(bad[i]), a, 2, &n);
        assert_true(rc == -1 || n == 0);
    }
    static const char EMPTY[] = "{\"response\":{\"numFound\":0,\"start\":0,\"docs\":[]}}";
    assert_int_equal(geocode_parse(EMPTY, strlen(EMPTY), a, 2, &n), 0);
    assert_int_equal(n, 0);
}

/* Off: nothing asked, a result that says so; unreachable: "unavailable",
 * never an error the caller must handle otherwise. */
static void test_off_and_unreachable(void **state)
{
    (void)state;
    struct geo_address a[2];
    size_t n = 9;
    bool found = true;
    geocode_init("", NULL);
    assert_false(geocode_enabled());
    assert_int_equal(geocode_search("Dorpsstraat 12", a, 2, &n), GEOCODE_OFF);
    assert_int_equal(n, 0);
    assert_int_equal(geocode_reverse(52.06, 4.49, a, &found), GEOCODE_OFF);
    assert_false(found);

    /* a port nobody listens on: bound, then closed */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    socklen_t len = sizeof sa;
    assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
    close(fd);
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/v3_1/", ntohs(sa.sin_port));
    geocode_init(url, "Zoetermeer");
    assert_true(geocode_enabled());
    assert_int_equal(geocode_search("Dorpsstraat 12", a, 2, &n), GEOCODE_UNAVAILABLE);
    assert_int_equal(n, 0);
    assert_int_equal(geocode_reverse(52.06, 4.49, a, &found), GEOCODE_UNAVAILABLE);
    assert_false(found);
    /* an empty text asks nothing */
    assert_int_equal(geocode_search("  , ", a, 2, &n), GEOCODE_OK);
    assert_int_equal(n, 0);
    geocode_init("", NULL);
}

static void test_client_limit(void **state)
{
    (void)state;
    int64_t now = 1700000000 - 1700000000 % 60; /* the start of a minute */
    int64_t wait = 0;
    for (int i = 0; i < GEOCODE_PER_MINUTE; i++)
        assert_true(geocode_client_allowed("192.0.2.1", now + 1, &wait));
    assert_false(geocode_client_allowed("192.0.2.1", now + 1, &wait));
    assert_int_equal(wait, 59);
    /* another address is not limited; the next minute starts afresh */
    assert_true(geocode_client_allowed("192.0.2.2", now + 1, &wait));
    assert_true(geocode_client_allowed("192.0.2.1", now + 60, &wait));
    /* IPv6 counts per /64 */
    for (int i = 0; i < GEOCODE_PER_MINUTE; i++)
        assert_true(geocode_client_allowed(i % 2 ? "2001:db8:1:2::1" : "2001:db8:1:2:ffff::9",
                                           now + 120, &wait));
    assert_false(geocode_client_allowed("2001:db8:1:2::77", now + 120, &wait));
    assert_true(geocode_client_allowed("2001:db8:1:3::1", now + 120, &wait));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_parse_bad),
        cmocka_unit_test(test_off_and_unreachable),
        cmocka_unit_test(test_client_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
