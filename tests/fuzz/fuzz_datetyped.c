/*
 * fuzz_datetyped.c: libFuzzer target for cal_parse_date_typed(), the reader
 * of every date typed into a form. Whatever it accepts is a date in range
 * that formats as ISO and reads back through the same parser unchanged.
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "domain/calendar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cal_date d;
    if (cal_parse_date_typed((const char *)data, size, &d) != 0)
        return 0;
    assert(d >= CAL_DATE_MIN && d <= CAL_DATE_MAX);
    char iso[CAL_DATE_LEN];
    assert(cal_format_date(d, iso) == 0);
    cal_date back;
    assert(cal_parse_date_typed(iso, strlen(iso), &back) == 0 && back == d);
    assert(cal_parse_date(iso, strlen(iso), &back) == 0 && back == d);
    return 0;
}
