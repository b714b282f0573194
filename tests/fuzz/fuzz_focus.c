/*
 * fuzz_focus.c: libFuzzer target for the checks of focus point forms
 * (src/domain/focus.c).
 *
 * Staff type numbers, dates and texts into the plan's forms; the input is
 * split at newlines into the fields. Whatever the bytes, a validator must
 * answer without reading past a field, a parsed number must be finite, and
 * progress must stay within 0..1.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/focus.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *copy = malloc(size + 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    copy[size] = '\0';
    const char *f[10] = {"", "", "", "", "", "", "", "", "", ""};
    size_t nf = 0;
    char *p = copy;
    while (nf < 10) {
        f[nf++] = p;
        char *nl = strchr(p, '\n');
        if (!nl)
            break;
        *nl = '\0';
        p = nl + 1;
    }
    double v;
    if (focus_parse_number(f[0], &v) && !isfinite(v))
        abort();
    struct focus_input in = {.title = f[0],
                             .problem = f[1],
                             .origin = f[2],
                             .period_start = f[3],
                             .period_end = f[4],
                             .status = f[5],
                             .decided_on = f[6],
                             .nareas = 1};
    (void)focus_validate(&in);
    struct focus_indicator_input ii = {.name = f[0],
                                       .unit = f[1],
                                       .method = f[2],
                                       .baseline_value = f[3],
                                       .baseline_date = f[4],
                                       .target_value = f[5],
                                       .target_date = f[6],
                                       .source = f[7],
                                       .higher_is_better = size & 1};
    struct focus_indicator_values iv;
    if (!focus_indicator_validate(&ii, &iv) && iv.has_baseline && iv.has_target) {
        double prog;
        bool worse;
        if (focus_progress(iv.baseline, iv.target, iv.baseline, ii.higher_is_better, &prog,
                           &worse) &&
            (prog < 0 || prog > 1))
            abort();
        (void)focus_track(true, prog, worse, f[4], f[6], f[8]);
    }
    struct focus_action_input ai = {.title = f[0],
                                    .owner_kind = f[1],
                                    .owner_text = f[2],
                                    .due_on = f[3],
                                    .status = f[4],
                                    .notes = f[5],
                                    .owner_org_valid = size & 2};
    (void)focus_action_validate(&ai);
    (void)focus_measurement_validate(f[0], f[1], f[2], f[3], &v);
    int y;
    (void)focus_report_text_validate(f[0], f[1], &y);
    (void)focus_inventory_validate(f[0], f[1]);
    int pos = 0;
    if (!focus_goal_position_validate(f[0], 12, &pos) && (pos < 1 || pos > 12))
        abort();
    (void)focus_status_public(f[1]);
    (void)focus_action_overdue(f[0], f[1], f[2]);
    char me[11];
    (void)focus_month_end(f[0], me);
    free(copy);
    return 0;
}
