/*
 * mdlink.h: the one piece of Markdown that category texts use, a link
 * written as [text](url), rendered for the three places that show those
 * texts: a web page (an escaped <a>), a plain-text e-mail and Open311's
 * service_notice (both "text (url)"). Only http and https addresses become
 * links; anything else, and every other bracket, stays the text it is.
 */
#ifndef WR_MDLINK_H
#define WR_MDLINK_H

#include "lib/buf.h"

#include <stddef.h>

/* Longest address taken as a link, in bytes. */
#define MDLINK_URL_MAX 2000

/* Appends s[0..n) to out as HTML: text escaped (& < > " '), each link as
 * <a class="utrecht-link utrecht-link--html-a" href="url">text</a> with both
 * escaped. 0, or -1 when out is full. */
int mdlink_html(buf *out, const char *s, size_t n);

/* Appends s[0..n) to out as plain text, each link as "text (url)". 0, or -1
 * when out is full. */
int mdlink_plain(buf *out, const char *s, size_t n);

#endif
