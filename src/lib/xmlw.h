/*
 * xmlw.h: writes a JSON value (jansson) as XML, for APIs that answer the
 * same data in both formats (Open311 GeoReport v2).
 *
 * One data model, two writers: a handler builds the answer once as a
 * json_t and either dumps it as JSON or hands it here, so the two formats
 * cannot drift apart. The mapping: an object's members become elements
 * named after their keys, in order; an array becomes one element per item,
 * named by the caller's item_name(list name) ("services" -> "service");
 * strings are escaped, numbers printed, true/false as words, null as an
 * empty element. The writer checks what it writes: element names must be
 * XML names, text loses characters XML 1.0 cannot hold (they become
 * U+FFFD), and nesting is bounded.
 */
#ifndef WR_XMLW_H
#define WR_XMLW_H

#include "lib/buf.h"

#include <jansson.h>

/* The element name for one item of the list called `list`, or NULL when
 * that list is unknown (the writer then fails). */
typedef const char *(*xmlw_item_name)(const char *list);

/* Writes the XML declaration and v as the root element `root` (an array
 * root's items are named item_name(root)). Returns 0, or -1 on a bad name,
 * an unknown list, nesting deeper than 16, or a full buffer. */
int xmlw_document(buf *out, const char *root, const json_t *v, xmlw_item_name item_name);

/* Is s an element name this writer accepts ([A-Za-z_][A-Za-z0-9_.-]*, at
 * most 64 bytes, not starting with "xml")? */
int xmlw_name_ok(const char *s);

/* Appends s (n bytes) as XML character data: & < > " ' and CR escaped,
 * invalid UTF-8 and characters XML 1.0 cannot hold as U+FFFD. 0 or -1. */
int xmlw_text(buf *b, const char *s, size_t n);

#endif
