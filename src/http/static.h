/*
 * static.h: the files under static/, served with content-hashed names.
 *
 * At start-up every file is read into memory, hashed (the first 10 hex
 * digits of its BLAKE2b hash go into its public name: css/app.css becomes
 * /static/css/app.3f2a9c0d1e.css) and, when it is text, compressed once with
 * gzip. A hashed name never changes content, so it is served with a
 * one-year immutable cache lifetime and an ETag.
 */
#ifndef WR_STATIC_H
#define WR_STATIC_H

#include <stddef.h>

struct static_file {
    char *name; /* relative path, e.g. css/app.css */
    char *url;  /* /static/css/app.3f2a9c0d1e.css */
    char *etag; /* "3f2a9c0d1e" with quotes */
    const char *content_type;
    unsigned char *data;
    size_t len;
    unsigned char *gz; /* NULL when not worth compressing */
    size_t gz_len;
};

/* Loads the folder; 0 on success (a missing folder is an error). */
int static_load(const char *dir, char *err, size_t errlen);
void static_free(void);
/* By public URL path (without query). */
const struct static_file *static_by_url(const char *path);
/* The public URL of a file by its relative name, or NULL. */
const char *static_url(const char *name);
/* All files (for templates' asset table). */
const struct static_file *static_files(size_t *n);

/* Content type for a file name by its extension. */
const char *static_content_type(const char *name);
/* Gzip-compresses data; returns malloc'd buffer or NULL when not smaller. */
unsigned char *static_gzip(const void *data, size_t len, /* out: */ size_t *out_len);

#endif
