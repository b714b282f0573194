/*
 * test_mdlink.c: [text](url) links of category texts in HTML and plain text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/mdlink.h"

static const char *html(buf *b, const char *s)
{
    buf_reset(b);
    assert_int_equal(mdlink_html(b, s, strlen(s)), 0);
    return b->data ? b->data : "";
}

static const char *plain(buf *b, const char *s)
{
    buf_reset(b);
    assert_int_equal(mdlink_plain(b, s, strlen(s)), 0);
    return b->data ? b->data : "";
}

static void test_link(void **state)
{
    (void)state;
    buf b;
    buf_init(&b, 1 << 16);
    const char *t = "Zie [zoetermeer.nl](https://www.zoetermeer.nl) voor meer.";
    assert_string_equal(html(&b, t),
                        "Zie <a class=\"utrecht-link utrecht-link--html-a\" "
                        "href=\"https://www.zoetermeer.nl\">zoetermeer.nl</a> voor meer.");
    assert_string_equal(plain(&b, t), "Zie zoetermeer.nl (https://www.zoetermeer.nl) voor meer.");
    /* text and address escaped */
    assert_string_equal(html(&b, "[a & <b>](http://x.nl/?a=1&b=2)"),
                        "<a class=\"utrecht-link utrecht-link--html-a\" "
                        "href=\"http://x.nl/?a=1&amp;b=2\">a &amp; &lt;b&gt;</a>");
    buf_free(&b);
}

static void test_not_a_link(void **state)
{
    (void)state;
    buf b;
    buf_init(&b, 1 << 16);
    /* only http and https */
    assert_string_equal(html(&b, "[klik](javascript:alert(1))"), "[klik](javascript:alert(1))");
    assert_string_equal(plain(&b, "[klik](javascript:alert(1))"), "[klik](javascript:alert(1))");
    assert_string_equal(html(&b, "[post](mailto:a@b.nl)"), "[post](mailto:a@b.nl)");
    /* a quote or space in the address, no text, no closing parenthesis */
    assert_string_equal(html(&b, "[x](http://a\"onmouseover=b)"),
                        "[x](http://a&quot;onmouseover=b)");
    assert_string_equal(html(&b, "[x](http://a b)"), "[x](http://a b)");
    assert_string_equal(html(&b, "[](http://a)"), "[](http://a)");
    assert_string_equal(html(&b, "[x](http://a"), "[x](http://a");
    assert_string_equal(html(&b, "<script>"), "&lt;script&gt;");
    assert_string_equal(plain(&b, "a [b] (c)"), "a [b] (c)");
    /* the inner link of nested brackets */
    assert_string_equal(plain(&b, "[[a](http://a)]"), "[a (http://a)]");
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_link),
        cmocka_unit_test(test_not_a_link),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
