/*
 * gen_signals.c: `bench/gen-signals`, a database with many signals for the
 * benchmark of the work list and the public map.
 *
 * The question `make bench` asks is whether a page stays fast when the
 * database holds years of a large city's signals. This tool creates a data
 * folder with the reference data and the demo accounts (as `wijkregie init
 * --demo`, without the demo history) and then the demo generator's signals
 * (domain/demo.c, the same spread over wijken, categories, seasons and
 * statuses) in the number asked for, over the five years before the date
 * given (up to its start).
 * It is a bench tool, not a command of wijkregie: the database is written
 * without a journal and without syncing, which only a throw-away file may be.
 *
 * Usage: gen-signals --data DIR [--count N (1000000)] [--to YYYY-MM-DD
 *        (today)] [--years Y (5)] [--seed S (1)] [--password PW]
 */
#include "domain/auth.h"
#include "domain/calendar.h"
#include "domain/demo.h"
#include "domain/seed.h"
#include "store/db.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double g_start;

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void progress(const char *step)
{
    fprintf(stderr, "gen-signals: %6.1f s  %s\n", seconds() - g_start, step);
}

static int usage(void)
{
    fprintf(stderr, "usage: gen-signals --data DIR [--count N] [--to YYYY-MM-DD] [--years Y]"
                    " [--seed S] [--password PW]\n");
    return 2;
}

/* A whole number in [min, max] from s, or -1. */
static long long number(const char *s, long long min, long long max)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || errno || v < min || v > max)
        return -1;
    return v;
}

static int exec(db *d, const char *sql)
{
    char *e = NULL;
    if (sqlite3_exec(db_handle(d), sql, NULL, NULL, &e) != SQLITE_OK) {
        fprintf(stderr, "gen-signals: %s: %s\n", sql, e ? e : "?");
        sqlite3_free(e);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *data = NULL, *to = NULL, *password = "wijkregie-demo";
    long long count = 1000000, years = 5, seed = 1;
    for (int i = 1; i < argc; i += 2) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v)
            return usage();
        if (strcmp(a, "--data") == 0)
            data = v;
        else if (strcmp(a, "--to") == 0)
            to = v;
        else if (strcmp(a, "--password") == 0)
            password = v;
        else if (strcmp(a, "--count") == 0)
            count = number(v, 1, 100000000);
        else if (strcmp(a, "--years") == 0)
            years = number(v, 1, 50);
        else if (strcmp(a, "--seed") == 0)
            seed = number(v, 0, INT64_MAX);
        else
            return usage();
    }
    if (!data || count < 0 || years < 0 || seed < 0)
        return usage();
    cal_date end = cal_date_of((int64_t)time(NULL)), start;
    if (to && cal_parse_date(to, strlen(to), &end) != 0)
        return usage();
    int y, m, dd;
    if (cal_to_ymd(end, &y, &m, &dd) != 0)
        return usage();
    /* five years: from the same date five years before */
    start = cal_from_ymd(y - (int)years, m, m == 2 && dd == 29 ? 28 : dd);
    char from_s[CAL_DATE_LEN], to_s[CAL_DATE_LEN];
    cal_format_date(start, from_s);
    cal_format_date(end, to_s);

    g_start = seconds();
    char err[512];
    if (auth_init() != 0 || db_setup(data, err, sizeof err) != 0) {
        fprintf(stderr, "gen-signals: %s\n", err);
        return 1;
    }
    db *d = db_thread();
    struct seed_options so = {.jurisdiction_id = "zoetermeer.nl",
                              .demo = 1,
                              .demo_password = password,
                              .progress = progress};
    if (!d || seed_run(d, &so, err, sizeof err) != 0) {
        fprintf(stderr, "gen-signals: %s\n", d ? err : "cannot open the database");
        return 1;
    }
    /* A throw-away database: no journal, no syncing, a large page cache. */
    if (exec(d, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144") != 0)
        return 1;
    struct demo_params p = {
        .from = from_s, .to = to_s, .count = count, .seed = (uint64_t)seed, .progress = progress};
    int64_t made = 0;
    fprintf(stderr, "gen-signals: about %lld signals from %s to %s into %s\n", count, from_s, to_s,
            db_path());
    if (demo_generate(d, &p, &made, err, sizeof err) != 0) {
        fprintf(stderr, "gen-signals: %s\n", err);
        return 1;
    }
    /* back to what wijkregie expects to find */
    if (exec(d, "PRAGMA journal_mode=WAL") != 0)
        return 1;
    db_thread_close();
    double s = seconds() - g_start;
    printf("gen-signals: %lld signals in %.1f s (%.0f a second)\n", (long long)made, s,
           (double)made / s);
    return 0;
}
