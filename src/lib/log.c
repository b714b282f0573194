/*
 * log.c: timestamped lines on stderr (journald adds its own metadata).
 */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static int g_quiet;

void log_set_quiet(int quiet)
{
    g_quiet = quiet;
}

static void stamp(char *out, size_t len)
{
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void vlog(const char *level, const char *fmt, va_list ap)
{
    char line[2048], t[32];
    stamp(t, sizeof t);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    if (n < 0)
        return;
    /* One event, one line: control characters would let a value forge lines. */
    for (char *p = line; *p; p++)
        if ((unsigned char)*p < 0x20)
            *p = ' ';
    fprintf(stderr, "%s %s %s\n", t, level, line);
}

void log_info(const char *fmt, ...)
{
    if (g_quiet)
        return;
    va_list ap;
    va_start(ap, fmt);
    vlog("info", fmt, ap);
    va_end(ap);
}

void log_warning(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog("warning", fmt, ap);
    va_end(ap);
}

void log_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog("error", fmt, ap);
    va_end(ap);
}

void log_access(const char *method, const char *path, unsigned status, unsigned long long bytes,
                unsigned long long usec)
{
    if (g_quiet)
        return;
    char t[32];
    stamp(t, sizeof t);
    char clean[512];
    size_t j = 0;
    for (size_t i = 0; path[i] && path[i] != '?' && j + 1 < sizeof clean; i++)
        clean[j++] = ((unsigned char)path[i] < 0x21 || path[i] == 0x7f) ? '_' : path[i];
    clean[j] = '\0';
    fprintf(stderr, "%s access %s %s %u %llu %llu\n", t, method, clean, status, bytes, usec);
}
