/*
 * test_markdown.c: Markdown of stories and frequent questions rendered
 * safely: no script, no raw HTML, no javascript: link, no outside image.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/markdown.h"

static const char *md(buf *b, const char *s, int base)
{
    buf_reset(b);
    assert_int_equal(markdown_html(b, s, strlen(s), base), 0);
    buf_putc(b, '\0');
    return b->data;
}

static void test_commonmark(void **state)
{
    (void)state;
    buf b;
    buf_init(&b, 1 << 16);
    assert_string_equal(
        md(&b, "Een *mooie* dag.\n\n- een\n- twee\n", 2),
        "<p>Een <em>mooie</em> dag.</p>\n<ul>\n<li>een</li>\n<li>twee</li>\n</ul>\n");
    assert_string_equal(md(&b, "[Site](https://www.zoetermeer.nl) en [wijk](/wijken/centrum)", 2),
                        "<p><a href=\"https://www.zoetermeer.nl\">Site</a> en "
                        "<a href=\"/wijken/centrum\">wijk</a></p>\n");
    /* "#" becomes the page's level: h2 under a page's h1, h3 under an h2 */
    assert_string_equal(md(&b, "# Kop\n\n### Klein", 2), "<h2>Kop</h2>\n<h4>Klein</h4>\n");
    assert_string_equal(md(&b, "# Kop\n\n###### Kleinst", 3), "<h3>Kop</h3>\n<h6>Kleinst</h6>\n");
    buf_free(&b);
}

static void test_script_and_raw_html_removed(void **state)
{
    (void)state;
    buf b;
    buf_init(&b, 1 << 16);
    const char *h = md(&b, "Hallo <script>alert(1)</script> daar", 2);
    assert_null(strstr(h, "<script"));
    assert_null(strstr(h, "raw HTML"));
    assert_string_equal(h, "<p>Hallo alert(1) daar</p>\n");
    h = md(&b, "<div onclick=\"x()\">\nblok\n</div>\n\nna", 2);
    assert_string_equal(h, "<p>na</p>\n");
    h = md(&b, "<script>\nalert(1)\n</script>", 2);
    assert_string_equal(h, "");
    h = md(&b, "a <img src=x onerror=alert(1)> b", 2);
    assert_string_equal(h, "<p>a  b</p>\n");
    buf_free(&b);
}

static void test_unsafe_links_and_images(void **state)
{
    (void)state;
    buf b;
    buf_init(&b, 1 << 16);
    assert_string_equal(md(&b, "[klik](javascript:alert(1))", 2), "<p>klik</p>\n");
    assert_string_equal(md(&b, "[klik](JAVASCRIPT:alert(1))", 2), "<p>klik</p>\n");
    assert_string_equal(md(&b, "[x](vbscript:x) [y](data:text/html,x) [z](//elders.example)", 2),
                        "<p>x y z</p>\n");
    assert_string_equal(md(&b, "<javascript:alert(1)>", 2), "<p>javascript:alert(1)</p>\n");
    assert_string_equal(md(&b, "[mail](mailto:wijk@zoetermeer.nl)", 2),
                        "<p><a href=\"mailto:wijk@zoetermeer.nl\">mail</a></p>\n");
    /* an image is its alt text: no page or feed fetches a typed address */
    assert_string_equal(md(&b, "![de markt](https://elders.example/a.jpg)", 2),
                        "<p>de markt</p>\n");
    assert_string_equal(md(&b, "[![in](x.png)](javascript:1)", 2), "<p>in</p>\n");
    buf_free(&b);
}

static void test_invalid_utf8_and_limits(void **state)
{
    (void)state;
    buf b;
    buf_init(&b, 1 << 20);
    assert_string_equal(md(&b, "a\xff b", 2), "<p>a\xef\xbf\xbd b</p>\n");
    assert_string_equal(md(&b, "", 2), "");
    assert_int_equal(markdown_html(&b, NULL, 0, 2), 0);
    buf tiny;
    buf_init(&tiny, 8);
    assert_int_equal(markdown_html(&tiny, "Een lange zin die niet past.", 28, 2), -1);
    buf_free(&tiny);
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_commonmark),
        cmocka_unit_test(test_script_and_raw_html_removed),
        cmocka_unit_test(test_unsafe_links_and_images),
        cmocka_unit_test(test_invalid_utf8_and_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
