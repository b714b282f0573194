/*
 * indicator.c: computing and materialising automatic indicator values;
 * see indicator.h for what the values mean. The SQL lives in
 * store/focus_store.c; this file decides the windows and the arithmetic.
 */
#include "indicator.h"

#include "domain/calendar.h"
#include "lib/arena.h"
#include "lib/i18n_mark.h"
#include "lib/log.h"
#include "lib/ticker.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define SOURCE_FINAL       "Meldingen in wijkregie, 12 maanden tot en met de peildatum"
#define SOURCE_PROVISIONAL "Meldingen in wijkregie, 12 maanden tot nu (voorlopig)"

/* First day of month (y, m), m may be out of 1..12. */
static cal_date month_start(int y, int m)
{
    while (m < 1) {
        m += 12;
        y--;
    }
    while (m > 12) {
        m -= 12;
        y++;
    }
    return cal_from_ymd(y, m, 1);
}

const char *indicator_category_rule(const struct category *all, size_t n, int64_t id)
{
    const struct category *c = NULL;
    for (size_t i = 0; i < n && !c; i++)
        if (all[i].id == id)
            c = &all[i];
    if (!c)
        return N_("Kies categorieën uit de lijst.");
    bool confidential = c->confidential;
    for (size_t i = 0; i < n && !confidential; i++)
        confidential = all[i].parent_id == id && all[i].confidential;
    return confidential ? N_("Een indicator telt geen vertrouwelijke meldingen van het "
                             "wijkzorgnetwerk: kies geen categorie die die bevat.")
                        : NULL;
}

/* Units that name the scale a value is on, not what it counts. */
static const char *const scale_units[] = {"rapportcijfer", "cijfer",       "score", "index",
                                          "schaal",        "punten op 10", NULL};

const char *indicator_with_unit(arena *a, const char *number, const char *unit)
{
    if (!unit || !*unit)
        return number;
    if (strcmp(unit, "%") == 0 || strcmp(unit, "procent") == 0)
        return arena_printf(a, "%s%%", number);
    for (size_t i = 0; scale_units[i]; i++)
        if (strncasecmp(unit, scale_units[i], strlen(scale_units[i])) == 0)
            return arena_printf(a, "%s (%s)", number, unit);
    return arena_printf(a, "%s %s", number, unit);
}

int indicator_compute(db *d, const struct focus_auto *x, const char *month_end, int64_t now,
                      bool *has, double *value)
{
    *has = false;
    *value = 0;
    cal_date me;
    int y, m, day;
    if (!month_end || cal_parse_date(month_end, strlen(month_end), &me) != 0 ||
        cal_to_ymd(me, &y, &m, &day) != 0)
        return -1;
    cal_date start_day = month_start(y, m - 11), end_day = me + 1;
    int64_t from, to;
    if (cal_to_unix(end_day, 0, &to) != 0)
        return -1;
    if (to > now) {
        /* the running month: the year up to now */
        cal_date today = cal_date_of(now);
        int ty, tm, td;
        if (today == CAL_INVALID || cal_to_ymd(today, &ty, &tm, &td) != 0)
            return -1;
        if (tm == 2 && td == 29)
            td = 28;
        start_day = cal_from_ymd(ty - 1, tm, td);
        to = now;
    }
    if (cal_to_unix(start_day, 0, &from) != 0 || from >= to)
        return -1;
    int64_t first;
    if (focus_first_signal_at(d, &first) != DB_OK)
        return -1;
    if (first == 0 || start_day < cal_date_of(first))
        return 0; /* the year reaches back before the data */
    struct focus_signal_counts c;
    if (focus_signal_counts(d, x->focuspunt_id, x->id, from, to, &c) != DB_OK)
        return -1;
    if (strcmp(x->method, "signals_per_1000") == 0) {
        int64_t inh;
        if (focus_inhabitants(d, x->focuspunt_id, month_end, &inh) != DB_OK)
            return -1;
        if (inh <= 0)
            return 0;
        *value = (double)c.signals * 1000.0 / (double)inh;
        *has = true;
    } else if (strcmp(x->method, "within_deadline") == 0) {
        if (c.due <= 0)
            return 0;
        *value = 100.0 * (double)c.in_time / (double)c.due;
        *has = true;
    } else if (strcmp(x->method, "distinct_reporters") == 0) {
        *value = (double)c.reporters;
        *has = true;
    } else {
        return -1;
    }
    return 0;
}

static int refresh_one(db *d, const struct focus_auto *x, int64_t now, bool recent_only,
                       int *written)
{
    cal_date today = cal_date_of(now);
    const char *first = x->baseline_date && *x->baseline_date ? x->baseline_date : x->period_start;
    cal_date fd, ped;
    int fy, fm, fday, ty, tm, tday, py, pm, pday;
    if (!first || cal_parse_date(first, strlen(first), &fd) != 0 ||
        cal_parse_date(x->period_end, strlen(x->period_end), &ped) != 0 ||
        cal_to_ymd(fd, &fy, &fm, &fday) != 0 || cal_to_ymd(today, &ty, &tm, &tday) != 0 ||
        cal_to_ymd(ped, &py, &pm, &pday) != 0)
        return 0; /* nothing to measure without dates */
    /* the last month: the current one, or the period's last */
    if (py * 12 + pm < ty * 12 + tm) {
        ty = py;
        tm = pm;
    }
    int from_idx = fy * 12 + (fm - 1), to_idx = ty * 12 + (tm - 1);
    if (recent_only && from_idx < to_idx - 1)
        from_idx = to_idx - 1;
    for (int k = from_idx; k <= to_idx; k++) {
        cal_date end = month_start(k / 12, k % 12 + 2) - 1;
        char me[CAL_DATE_LEN];
        if (cal_format_date(end, me) != 0)
            return -1;
        bool has;
        double v;
        if (indicator_compute(d, x, me, now, &has, &v) != 0)
            return -1;
        int64_t end_ts;
        bool provisional = cal_to_unix(end + 1, 0, &end_ts) != 0 || end_ts > now;
        int rc = has ? focus_auto_put(d, x->id, me, v,
                                      provisional ? SOURCE_PROVISIONAL : SOURCE_FINAL, now)
                     : focus_auto_drop(d, x->id, me);
        if (rc != DB_OK)
            return -1;
        if (has && written)
            (*written)++;
    }
    return 0;
}

int indicator_refresh(db *d, int64_t focuspunt_id, int64_t now, bool recent_only, int *written)
{
    if (written)
        *written = 0;
    arena *a = arena_new(64 * 1024);
    if (!a)
        return -1;
    char since[CAL_DATE_LEN] = "";
    if (!focuspunt_id)
        cal_format_date(cal_date_of(now) - 31, since);
    struct focus_auto *x;
    size_t n;
    int rc = 0;
    if (focus_auto_indicators(d, a, focuspunt_id, focuspunt_id ? NULL : since, &x, &n) != DB_OK)
        rc = -1;
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = refresh_one(d, &x[i], now, recent_only, written);
    arena_free(a);
    return rc;
}

/* --- the background thread ------------------------------------------------------ */

static void indicator_pass(void)
{
    db *d = db_thread();
    if (d && db_begin_write(d) == DB_OK) {
        int n = 0;
        if (indicator_refresh(d, 0, (int64_t)time(NULL), true, &n) != 0 || db_commit(d) != DB_OK) {
            db_rollback(d);
            log_error("indicators: the refresh failed; it is tried again later");
        }
    }
}

static struct ticker g_ticker = TICKER_INIT;

int indicator_start(void)
{
    if (ticker_running(&g_ticker))
        return 0;
    g_ticker.seconds = 3600;
    g_ticker.run = indicator_pass;
    g_ticker.after_pass = db_thread_idle;
    return ticker_start(&g_ticker);
}

void indicator_stop(void)
{
    ticker_stop(&g_ticker);
}
