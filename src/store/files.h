/*
 * files.h: stored files (photos, closed years' reports) outside the database.
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

/* The full path of a file kept under a name of its own rather than its
 * hash, "FOLDER/NAME.EXT" of [a-z0-9-] (a document made once and never
 * changed, such as a closed year's report as PDF, written by lib/pdf.c
 * through a temporary file and a rename), making DATA/files/FOLDER when it is
 * missing. 0 on success; -1 for any other name or when the folder cannot be
 * made. */
int files_named_path(const char *name, char *out, size_t outlen);

#endif
