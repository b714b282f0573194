/*
 * markdown.h: Markdown (CommonMark, libcmark) rendered as HTML that is safe
 * to put in a page or a feed: the one place that calls cmark.
 *
 * Safe mode and more: raw HTML (blocks and inline) is dropped, a link whose
 * address is not http, https, mailto or a path on this site ('/' or '#')
 * keeps its text but loses the link, an image becomes its alt text (a story
 * shows its own photos; no page or feed reader fetches an address a writer
 * typed), and headings are moved down so that "#" becomes the level the
 * page gives (heading_base: 2 on a page whose title is the h1). Invalid
 * UTF-8 is replaced.
 */
#ifndef WR_MARKDOWN_H
#define WR_MARKDOWN_H

#include "lib/buf.h"

#include <stddef.h>

/* Longest Markdown text rendered, in bytes (longer text is cut there). */
#define MARKDOWN_MAX 65536

/* Appends the HTML of s[0..n) to out. 0, or -1 when out is full or memory
 * ran out. */
int markdown_html(buf *out, const char *s, size_t n, int heading_base);

/* Is this address one a link may keep (http, https, mailto, '/' or '#')? */
int markdown_url_ok(const char *url);

#endif
