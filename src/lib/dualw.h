/*
 * dualw.h: a streaming writer of one document in JSON or in XML, for the
 * large answers of an API that speaks both (Open311 request lists of up to
 * 1,000 requests).
 *
 * The caller describes the document once (lists, objects, named values)
 * and the writer emits it straight into a buffer in the chosen format: no
 * tree in between, so a list of a thousand objects costs no allocation per
 * value. The mapping is the one of xmlw.h: a list's items are elements
 * named by the list's item name, null is an empty element, true/false are
 * words. The writer checks what it writes: names must be XML names
 * (xmlw_name_ok), strings are escaped for the format (characters XML 1.0
 * cannot hold become U+FFFD), nesting is bounded and must be balanced;
 * dualw_finish reports any of these as an error.
 */
#ifndef WR_DUALW_H
#define WR_DUALW_H

#include "lib/buf.h"

#include <stdbool.h>

#define DUALW_MAX_DEPTH 16

struct dualw {
    buf *b;
    bool xml;
    int depth;
    int err;
    struct {
        const char *name, *item; /* item: the element name of a list's items */
        int n;                   /* values written so far */
    } st[DUALW_MAX_DEPTH];
};

/* Starts a document in b (after the XML declaration when xml). */
void dualw_init(struct dualw *w, buf *b, bool xml);
/* Opens a list: the root (name = root element), a member of an object
 * (name = its key) or an item of a list (name ignored). */
void dualw_list(struct dualw *w, const char *name, const char *item);
/* Opens an object, named as dualw_list is. */
void dualw_object(struct dualw *w, const char *name);
/* Closes the innermost list or object. */
void dualw_end(struct dualw *w);
/* Values; inside a list the name is ignored. A NULL string is null. */
void dualw_str(struct dualw *w, const char *name, const char *v);
void dualw_int(struct dualw *w, const char *name, long long v);
void dualw_real(struct dualw *w, const char *name, double v);
void dualw_bool(struct dualw *w, const char *name, bool v);
void dualw_null(struct dualw *w, const char *name);
/* 0 when the document is complete and nothing went wrong, else -1. */
int dualw_finish(struct dualw *w);

#endif
