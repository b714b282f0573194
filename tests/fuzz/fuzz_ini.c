/*
 * fuzz_ini.c: libFuzzer target for the INI parser (src/lib/ini.c).
 *
 * Checks that any text is either parsed or refused with a line number and a
 * message, and that the callback only ever sees NUL-terminated, bounded
 * strings with increasing line numbers.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/ini.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct state {
    int last_line;
    int calls;
};

static int check(void *ud, const char *section, const char *key, const char *value, int line)
{
    struct state *s = ud;
    if (line <= 0 || line < s->last_line || strlen(section) > INI_LINE_MAX || strlen(key) == 0 ||
        strlen(key) > INI_LINE_MAX || strlen(value) > INI_LINE_MAX)
        abort();
    s->last_line = line;
    /* Refuse now and then, to walk the callback error path. */
    return ++s->calls == 50 ? 7 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* An exact-size copy without a terminator: the parser must respect size. */
    char *text = malloc(size ? size : 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    struct state s = {0, 0};
    struct ini_error err;
    int rc = ini_parse(text, size, check, &s, &err);
    if (rc == INI_ESYNTAX && (err.line <= 0 || !err.msg[0]))
        abort();
    if (rc == INI_ECALLBACK && err.cb_result != 7)
        abort();
    if (rc != INI_OK && rc != INI_ESYNTAX && rc != INI_ECALLBACK)
        abort();
    free(text);
    return 0;
}
