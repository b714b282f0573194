/*
 * fuzz_csv.c: the CSV reader on arbitrary bytes, and the writer on what it
 * reads: every row read must be written and read back to the same cells.
 */
#include "lib/csv.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct csv_reader r;
    csv_reader_init(&r, (const char *)data, size);
    int rc;
    int rows = 0;
    while ((rc = csv_next(&r)) == 1 && rows++ < 10000) {
        /* cells with NUL cannot round-trip as C strings; skip those rows */
        int has_nul = 0;
        for (size_t i = 0; i + 1 < r.ncells; i++)
            if (r.offsets[i + 1] - r.offsets[i] - 1 != strlen(r.cells[i]))
                has_nul = 1;
        if (has_nul)
            continue;
        buf b;
        buf_init(&b, 1 << 20);
        if (csv_rowv(&b, r.ncells, r.cells) == 0) {
            struct csv_reader back;
            csv_reader_init(&back, b.data, b.len);
            if (csv_next(&back) != 1 || back.ncells != r.ncells)
                abort();
            for (size_t i = 0; i < r.ncells; i++) {
                const char *want = r.cells[i];
                const char *got = back.cells[i];
                /* the writer may put a ' before a formula-like cell */
                if (got[0] == '\'' &&
                    (want[0] == '=' || want[0] == '+' || want[0] == '@' || want[0] == '-'))
                    got++;
                if (strcmp(want, got) != 0)
                    abort();
            }
            csv_reader_free(&back);
        }
        buf_free(&b);
    }
    csv_reader_free(&r);
    return 0;
}
