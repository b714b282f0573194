/*
 * log.h: one line per event on stderr, with a timestamp and level.
 *
 * Never pass personal data (names, e-mail, phone, free text of residents)
 * or query strings to these functions: logs are kept longer than the
 * retention period allows for such data.
 */
#ifndef WR_LOG_H
#define WR_LOG_H

void log_set_quiet(int quiet);
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Something the operator should change; written also when quiet, as errors are. */
void log_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The access log line: time method path status bytes microseconds. */
void log_access(const char *method, const char *path, unsigned status, unsigned long long bytes,
                unsigned long long usec);

#endif
