/*
 * fuzz_urlencoded.c: libFuzzer target for form_parse_urlencoded() and the
 * utf8 helpers. Besides crashes it checks the parser's promises: every field
 * it returns has a non-empty name, and names and values are NUL-terminated,
 * valid UTF-8 without NUL bytes and within the limits (per field, where a
 * field has its own).
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/form.h"
#include "lib/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_text(const char *s, size_t len, size_t max)
{
    assert(len <= max);
    assert(s[len] == '\0');
    assert(strlen(s) == len);
    assert(utf8_valid(s, len));
}

static void check_utf8(const char *s, size_t len)
{
    assert(utf8_len_chars(s, len) <= len);
    size_t cut = utf8_prefix_chars(s, len, len / 2);
    assert(cut <= len);
    size_t t = utf8_truncate(s, len, len / 3);
    assert(t <= len / 3 || t == len);
    if (utf8_valid(s, len)) {
        assert(utf8_valid(s, cut));
        assert(utf8_len_chars(s, cut) == len / 2 || cut == len);
        assert(utf8_valid(s, t));
    }
}

static void run(const char *body, size_t len, const struct form_limits *lim)
{
    arena *a = arena_new(4096);
    if (!a)
        return;
    struct form f;
    int rc = form_parse_urlencoded(a, body, len, lim, &f);
    if (rc != FORM_OK) {
        assert(f.n == 0 && f.fields == NULL);
        assert(rc > FORM_OK && rc <= FORM_E_NOMEM);
    } else {
        assert(f.n <= lim->max_fields);
        for (size_t i = 0; i < f.n; i++) {
            const struct form_field *fl = &f.fields[i];
            assert(fl->name_len > 0);
            assert(fl->filename == NULL && fl->content_type == NULL);
            check_text(fl->name, fl->name_len, lim->max_name_len);
            check_text(fl->value, fl->value_len, form_value_limit(lim, fl->name, fl->name_len));
        }
        if (f.n) {
            const char *v = form_get(&f, f.fields[0].name);
            assert(v == f.fields[0].value);
            assert(form_count(&f, f.fields[0].name) >= 1);
        }
    }
    arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* An exact-size copy, so reading past the end is caught. */
    char *body = malloc(size ? size : 1);
    if (!body)
        return 0;
    if (size)
        memcpy(body, data, size);
    check_utf8(body, size);
    run(body, size, &form_limits_default);
    struct form_limits small = form_limits_default;
    small.max_fields = 3;
    small.max_name_len = 4;
    small.max_value_len = 8;
    run(body, size, &small);
    /* one name may be longer, another shorter than the rest */
    static const struct form_field_limit per_field[] = {{"ids", 64}, {"q", 2}, {NULL, 0}};
    small.field_limits = per_field;
    run(body, size, &small);
    free(body);
    return 0;
}
