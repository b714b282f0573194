/*
 * embed.h: files compiled into the binary (templates, migrations).
 *
 * tools/embed.py generates the tables at build time; a table ends with an
 * entry whose name is NULL. Each data array is NUL-terminated (size excludes it).
 */
#ifndef WR_EMBED_H
#define WR_EMBED_H

#include <stddef.h>

struct embed_file {
    const char *name;
    const unsigned char *data;
    size_t size;
};

extern const struct embed_file embedded_templates[];
extern const struct embed_file embedded_migrations[];
extern const struct embed_file embedded_data[];
extern const struct embed_file embedded_locale[];

const struct embed_file *embed_find(const struct embed_file *table, const char *name);

#endif
