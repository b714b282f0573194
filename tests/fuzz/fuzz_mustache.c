/*
 * fuzz_mustache.c: libFuzzer target for the mustache compiler and renderer.
 *
 * The input's first line is a JSON context (anything that does not parse is
 * an empty context) and the rest is a template, added to a set with a few
 * fixed partials and parents so that partials, recursion, blocks and
 * indentation are reached. The set is compiled without and with MUS_STRICT
 * (the first with a translate callback that injects tags), and each compiled
 * template is rendered into a small buf with a small step budget; msgid
 * extraction runs over the template too. It must never crash, leak or hang.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/mustache.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *translate(void *ud, const char *msgid, size_t len, size_t *out_len)
{
    static const char tr[] = "<{{x}}{{#x}}|{{.}}{{/x}}{{>p}}>";
    if (len % 2)
        return NULL; /* keep the msgid, which carries the input's own tags */
    *out_len = sizeof tr - 1;
    return tr;
}

static int on_msgid(void *ud, const char *msgid, size_t len, int line)
{
    return msgid[len] != '\0' || line < 1; /* never true: checks the contract */
}

static const struct {
    const char *name, *src;
} fixed[] = {
    {"p", "[{{$a}}A{{/a}}|{{#x}}{{>p}}{{/x}}]\n"},
    {"q", "  {{>t}}\n{{<p}}{{$a}}\n  over\n{{/a}}{{/p}}\n"},
    {"r", "{{<q}}{{$a}}R{{/a}}{{/q}}{{{x}}}"},
};

static void run(const char *tpl, size_t tlen, const json_t *ctx, unsigned flags,
                mus_translate_fn tr)
{
    mus_set *set = mus_set_new();
    if (!set)
        return;
    mus_set_add(set, "t", tpl, tlen);
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        mus_set_add(set, fixed[i].name, fixed[i].src, strlen(fixed[i].src));
    mus_error err;
    if (mus_set_compile(set, flags, tr, NULL, &err) == 0) {
        static const char *names[] = {"t", "q", "r"};
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
            buf out;
            buf_init(&out, 4096);
            mus_render_steps(mus_set_get(set, names[i]), ctx, &out, 20000, &err);
            buf_free(&out);
        }
    }
    mus_set_free(set);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    const char *nl = memchr(s, '\n', size);
    size_t jlen = nl ? (size_t)(nl - s) : 0;
    json_t *ctx = jlen ? json_loadb(s, jlen, JSON_DECODE_ANY, NULL) : NULL;
    const char *tpl = nl ? nl + 1 : s;
    size_t tlen = size - (size_t)(tpl - s);
    run(tpl, tlen, ctx, 0, translate);
    run(tpl, tlen, ctx, MUS_STRICT, NULL);
    mus_extract_msgids(tpl, tlen, on_msgid, NULL, NULL);
    json_decref(ctx);
    return 0;
}
