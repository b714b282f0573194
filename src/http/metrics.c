/*
 * metrics.c: atomic counters and their Prometheus exposition.
 */
#include "metrics.h"

#include <malloc.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const unsigned g_statuses[] = {200, 201, 204, 301, 302, 303, 304, 400, 401,
                                      403, 404, 405, 413, 415, 429, 500, 503, 0 /* other */};
#define NSTATUS (sizeof g_statuses / sizeof g_statuses[0])
static const double g_bounds[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                  0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
#define NBUCKETS (sizeof g_bounds / sizeof g_bounds[0])

static _Atomic unsigned long long *g_counts; /* (nroutes + 1) * NSTATUS */
static size_t g_nroutes;
static _Atomic unsigned long long g_hist[NBUCKETS + 1];
static _Atomic unsigned long long g_sum_usec;
static _Atomic unsigned long long g_total;
static _Atomic long g_open;
static _Atomic long g_busy;
static _Atomic unsigned long long g_closed[METRICS_CLOSE__COUNT];
static const char *const g_close_names[METRICS_CLOSE__COUNT] = {
    [METRICS_CLOSE_PER_CLIENT] = "per_client_limit",
    [METRICS_CLOSE_HEAD] = "head_deadline",
    [METRICS_CLOSE_BODY] = "body_deadline",
};

void metrics_closed(enum metrics_close why)
{
    if ((unsigned)why < METRICS_CLOSE__COUNT)
        atomic_fetch_add(&g_closed[why], 1);
}

void metrics_busy_add(int delta)
{
    atomic_fetch_add(&g_busy, delta);
}

long metrics_busy(void)
{
    return atomic_load(&g_busy);
}

void metrics_init(size_t nroutes)
{
    free((void *)g_counts);
    g_nroutes = nroutes;
    g_counts = calloc((nroutes + 1) * NSTATUS, sizeof *g_counts);
}

static size_t status_slot(unsigned status)
{
    for (size_t i = 0; i + 1 < NSTATUS; i++)
        if (g_statuses[i] == status)
            return i;
    return NSTATUS - 1;
}

void metrics_request(size_t route_index, unsigned status, unsigned long long usec)
{
    if (g_counts) {
        size_t r = route_index > g_nroutes ? g_nroutes : route_index;
        atomic_fetch_add(&g_counts[r * NSTATUS + status_slot(status)], 1);
    }
    double s = (double)usec / 1e6;
    size_t b = 0;
    while (b < NBUCKETS && s > g_bounds[b])
        b++;
    atomic_fetch_add(&g_hist[b], 1);
    atomic_fetch_add(&g_sum_usec, usec);
    atomic_fetch_add(&g_total, 1);
}

void metrics_connection(int delta)
{
    atomic_fetch_add(&g_open, delta);
}

/* The process's resident memory in bytes (the second field of
 * /proc/self/statm, in pages), or -1. */
static long long resident_bytes(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f)
        return -1;
    long long size = 0, pages = -1;
    if (fscanf(f, "%lld %lld", &size, &pages) != 2)
        pages = -1;
    fclose(f);
    long page = sysconf(_SC_PAGESIZE);
    return pages < 0 || page <= 0 ? -1 : pages * page;
}

static int write_memory(buf *out, const struct metrics_memory *mem)
{
    int rc = 0;
    struct mallinfo2 mi = mallinfo2();
    rc |= buf_puts(out, "# HELP wijkregie_memory_bytes Memory of the process by part: resident "
                        "(what the system counts), heap (allocated and in use), sqlite (SQLite's "
                        "share of the heap), page_cache (rendered pages kept).\n"
                        "# TYPE wijkregie_memory_bytes gauge\n");
    rc |= buf_printf(out, "wijkregie_memory_bytes{part=\"resident\"} %lld\n", resident_bytes());
    rc |= buf_printf(out, "wijkregie_memory_bytes{part=\"heap\"} %zu\n", mi.uordblks + mi.hblkhd);
    if (mem) {
        rc |= buf_printf(out, "wijkregie_memory_bytes{part=\"sqlite\"} %lld\n", mem->sqlite_bytes);
        rc |= buf_printf(out, "wijkregie_memory_bytes{part=\"page_cache\"} %zu\n",
                         mem->page_cache_bytes);
    }
    return rc;
}

int metrics_write(buf *out, const char *(*route_pattern)(size_t i),
                  const struct metrics_memory *mem)
{
    int rc = 0;
    rc |= buf_puts(out, "# HELP wijkregie_http_requests_total HTTP requests by route and status.\n"
                        "# TYPE wijkregie_http_requests_total counter\n");
    for (size_t r = 0; g_counts && r <= g_nroutes; r++)
        for (size_t s = 0; s < NSTATUS; s++) {
            unsigned long long v = atomic_load(&g_counts[r * NSTATUS + s]);
            if (!v)
                continue;
            const char *pat = r < g_nroutes ? route_pattern(r) : "unmatched";
            char st[16];
            if (g_statuses[s])
                snprintf(st, sizeof st, "%u", g_statuses[s]);
            else
                snprintf(st, sizeof st, "other");
            rc |=
                buf_printf(out, "wijkregie_http_requests_total{route=\"%s\",status=\"%s\"} %llu\n",
                           pat, st, v);
        }
    rc |= buf_puts(out, "# HELP wijkregie_http_request_duration_seconds Time to answer a request.\n"
                        "# TYPE wijkregie_http_request_duration_seconds histogram\n");
    unsigned long long cum = 0;
    for (size_t b = 0; b < NBUCKETS; b++) {
        cum += atomic_load(&g_hist[b]);
        rc |= buf_printf(out, "wijkregie_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
                         g_bounds[b], cum);
    }
    cum += atomic_load(&g_hist[NBUCKETS]);
    rc |=
        buf_printf(out, "wijkregie_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n", cum);
    rc |= buf_printf(out, "wijkregie_http_request_duration_seconds_sum %.6f\n",
                     (double)atomic_load(&g_sum_usec) / 1e6);
    rc |= buf_printf(out, "wijkregie_http_request_duration_seconds_count %llu\n",
                     atomic_load(&g_total));
    rc |= buf_printf(out,
                     "# HELP wijkregie_http_open_connections Connections open now.\n"
                     "# TYPE wijkregie_http_open_connections gauge\n"
                     "wijkregie_http_open_connections %ld\n",
                     atomic_load(&g_open));
    rc |= buf_puts(out, "# HELP wijkregie_http_connections_closed_total Connections closed before "
                        "a whole request arrived, by reason.\n"
                        "# TYPE wijkregie_http_connections_closed_total counter\n");
    for (size_t i = 0; i < METRICS_CLOSE__COUNT; i++)
        rc |= buf_printf(out, "wijkregie_http_connections_closed_total{reason=\"%s\"} %llu\n",
                         g_close_names[i], atomic_load(&g_closed[i]));
    rc |= write_memory(out, mem);
    return rc ? -1 : 0;
}
