/*
 * fuzz_multipart.c: libFuzzer target for form_parse_multipart() and
 * form_header_param(). When the input has a line feed in its first 200
 * bytes, the text before it is the Content-Type header and the rest the
 * body; otherwise a fixed header with boundary "XyZzy42" is used. Besides
 * crashes it checks the promises of form.h on every returned field.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/form.h"
#include "lib/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_field(const struct form_field *fl, const char *body, size_t len,
                        const struct form_limits *lim)
{
    assert(fl->name_len > 0 && fl->name_len <= lim->max_name_len);
    assert(strlen(fl->name) == fl->name_len);
    assert(utf8_valid(fl->name, fl->name_len));
    if (fl->filename) {
        size_t n = strlen(fl->filename);
        assert(n <= 255);
        assert(utf8_valid(fl->filename, n));
        assert(!strchr(fl->filename, '/') && !strchr(fl->filename, '\\'));
        assert(strcmp(fl->filename, ".") != 0 && strcmp(fl->filename, "..") != 0);
        for (size_t i = 0; i < n; i++)
            assert((unsigned char)fl->filename[i] >= 0x20 && fl->filename[i] != 0x7f);
        assert(fl->value_len <= lim->max_file_len);
        assert(fl->value >= body && fl->value + fl->value_len <= body + len);
        if (fl->content_type)
            (void)strlen(fl->content_type);
    } else {
        assert(fl->content_type == NULL);
        assert(fl->value_len <= lim->max_value_len);
        assert(strlen(fl->value) == fl->value_len);
        assert(utf8_valid(fl->value, fl->value_len));
    }
}

static void run(const char *ct, const char *body, size_t len, const struct form_limits *lim)
{
    arena *a = arena_new(4096);
    if (!a)
        return;
    struct form f;
    int rc = form_parse_multipart(a, ct, body, len, lim, &f);
    if (rc != FORM_OK) {
        assert(f.n == 0 && f.fields == NULL);
        assert(rc > FORM_OK && rc <= FORM_E_NOMEM);
    } else {
        assert(f.n <= lim->max_fields);
        size_t files = 0;
        for (size_t i = 0; i < f.n; i++) {
            check_field(&f.fields[i], body, len, lim);
            files += f.fields[i].filename != NULL;
        }
        assert(files <= lim->max_files);
    }
    const char *v;
    size_t vl;
    if (form_header_param(a, ct, strlen(ct), "boundary", &v, &vl) == FORM_OK && v)
        assert(strlen(v) == vl);
    arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char fixed[] = "multipart/form-data; boundary=XyZzy42";
    const uint8_t *nl = memchr(data, '\n', size < 200 ? size : 200);
    char *ct;
    const uint8_t *rest = data;
    size_t rest_len = size;
    if (nl) {
        size_t n = (size_t)(nl - data);
        ct = malloc(n + 1);
        if (!ct)
            return 0;
        memcpy(ct, data, n);
        ct[n] = '\0';
        rest = nl + 1;
        rest_len = size - n - 1;
    } else {
        ct = malloc(sizeof fixed);
        if (!ct)
            return 0;
        memcpy(ct, fixed, sizeof fixed);
    }
    char *body = malloc(rest_len ? rest_len : 1);
    if (!body) {
        free(ct);
        return 0;
    }
    if (rest_len)
        memcpy(body, rest, rest_len);
    run(ct, body, rest_len, &form_limits_default);
    struct form_limits small = {
        .max_fields = 3,
        .max_name_len = 8,
        .max_value_len = 16,
        .max_files = 1,
        .max_file_len = 32,
        .max_header_len = 64,
        .max_part_headers = 2,
    };
    run(ct, body, rest_len, &small);
    free(body);
    free(ct);
    return 0;
}
