/*
 * metrics.h: counters for /metrics in the Prometheus text format.
 *
 * Lock-free atomics updated by every worker: requests by route and status,
 * a latency histogram, open connections.
 */
#ifndef WR_METRICS_H
#define WR_METRICS_H

#include "lib/buf.h"

#include <stddef.h>

void metrics_init(size_t nroutes);
void metrics_request(size_t route_index, unsigned status, unsigned long long usec);
void metrics_connection(int delta);
/* Why the server closed a connection before it had a whole request. */
enum metrics_close {
    METRICS_CLOSE_PER_CLIENT, /* its address already had its share of connections */
    METRICS_CLOSE_HEAD,       /* the request head did not arrive in time */
    METRICS_CLOSE_BODY,       /* the body arrived too slowly */
    METRICS_CLOSE__COUNT
};
void metrics_closed(enum metrics_close why);
/* Requests being handled right now (for a graceful stop). */
void metrics_busy_add(int delta);
long metrics_busy(void);
/* What the caller knows of the memory in use beyond the process's own
 * figures (which metrics_write reads itself): SQLite's allocations over all
 * connections and the bodies in the page cache. */
struct metrics_memory {
    long long sqlite_bytes;
    size_t page_cache_bytes;
};
/* Writes the exposition text; route_pattern(i) names route i. */
int metrics_write(buf *out, const char *(*route_pattern)(size_t i),
                  const struct metrics_memory *mem);

#endif
