/*
 * files.h: stored files (photos) outside the database.
 *
 * A file is named after the hash of its bytes and written to a temporary
 * name, synced and renamed into place before the database row that refers
 * to it is committed: a crash leaves at most an unreferenced file, never a
 * row without its file. Files are never changed after they are written.
 */
#ifndef WR_FILES_H
#define WR_FILES_H

#include <stddef.h>

#define FILES_NAME_MAX 96

/* Writes data under DATA/files/ and gives its name relative to DATA/files
 * ("ab/abcdef...jpg"). 0 on success. */
int files_put(const void *data, size_t len, const char *ext, /* out: */ char name[FILES_NAME_MAX]);
/* Reads a stored file by that name into a malloc'd buffer; NULL when absent
 * or when the name is not one this module made. */
unsigned char *files_get(const char *name, /* out: */ size_t *len);

#endif
