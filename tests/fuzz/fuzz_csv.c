/*
 * fuzz_csv.c: the CSV reader on arbitrary bytes, and the writer on what it
 * reads: every row read must be written and read back to the same cells,
 * with a ' before every text cell that starts like a formula.
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
        /* every other column a number column, so both kinds of cell are written */
        int rc2 = 0;
        buf b;
        buf_init(&b, 1 << 20);
        for (size_t i = 0; i < r.ncells; i++)
            rc2 |= csv_cell(&b, i % 2 ? CSV_NUMBER : CSV_TEXT, r.cells[i], i == 0);
        rc2 |= csv_end_row(&b);
        if (rc2 == 0) {
            struct csv_reader back;
            csv_reader_init(&back, b.data, b.len);
            if (csv_next(&back) != 1 || back.ncells != r.ncells)
                abort();
            for (size_t i = 0; i < r.ncells; i++) {
                const char *want = r.cells[i];
                const char *got = back.cells[i];
                /* a text cell (or a number column's cell that is no plain
                 * number) starting like a formula gets a ' in front, always */
                int text = i % 2 == 0 || !csv_is_number(want);
                int formula = want[0] && strchr("=+-@\t\r", want[0]) != NULL;
                if (text && formula) {
                    if (got[0] != '\'')
                        abort();
                    got++;
                }
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
