/*
 * markdown.c: Markdown as safe HTML (markdown.h), the only caller of cmark.
 */
#include "markdown.h"

#include <cmark.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int markdown_url_ok(const char *url)
{
    if (!url || !*url)
        return 0;
    if (url[0] == '#' || (url[0] == '/' && url[1] != '/' && url[1] != '\\'))
        return 1;
    return strncasecmp(url, "http://", 7) == 0 || strncasecmp(url, "https://", 8) == 0 ||
           strncasecmp(url, "mailto:", 7) == 0;
}

/* Moves node's children before it and frees it (an unsafe link, an image). */
static void unwrap(cmark_node *node)
{
    cmark_node *c;
    while ((c = cmark_node_first_child(node)) != NULL)
        if (!cmark_node_insert_before(node, c))
            break;
    cmark_node_free(node);
}

int markdown_html(buf *out, const char *s, size_t n, int heading_base)
{
    if (!s)
        s = "", n = 0;
    if (n > MARKDOWN_MAX)
        n = MARKDOWN_MAX;
    int opts = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8;
    cmark_node *doc = cmark_parse_document(s, n, opts);
    if (!doc)
        return -1;
    /* collect first, change after: the iterator must not see freed nodes */
    size_t cap = 64, len = 0;
    cmark_node **todo = malloc(cap * sizeof *todo);
    cmark_iter *it = cmark_iter_new(doc);
    if (!todo || !it) {
        free(todo);
        cmark_iter_free(it);
        cmark_node_free(doc);
        return -1;
    }
    cmark_event_type ev;
    int rc = 0;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        if (ev != CMARK_EVENT_ENTER)
            continue;
        cmark_node *node = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(node);
        if (t == CMARK_NODE_HEADING) {
            int level = cmark_node_get_heading_level(node) + heading_base - 1;
            cmark_node_set_heading_level(node, level < 1 ? 1 : level > 6 ? 6 : level);
        }
        bool drop = t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_HTML_INLINE ||
                    t == CMARK_NODE_IMAGE ||
                    (t == CMARK_NODE_LINK && !markdown_url_ok(cmark_node_get_url(node)));
        if (!drop)
            continue;
        if (len == cap) {
            cmark_node **more = realloc(todo, 2 * cap * sizeof *todo);
            if (!more) {
                rc = -1;
                break;
            }
            todo = more;
            cap *= 2;
        }
        todo[len++] = node;
    }
    cmark_iter_free(it);
    /* inner nodes come after outer ones: undo from the end */
    for (size_t i = len; rc == 0 && i-- > 0;) {
        cmark_node_type t = cmark_node_get_type(todo[i]);
        if (t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_HTML_INLINE)
            cmark_node_free(todo[i]);
        else
            unwrap(todo[i]);
    }
    free(todo);
    char *html = rc == 0 ? cmark_render_html(doc, opts) : NULL;
    cmark_node_free(doc);
    if (!html)
        return -1;
    rc = buf_puts(out, html);
    free(html);
    return rc;
}
