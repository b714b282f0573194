/*
 * dualw.c: the streaming JSON/XML writer; see dualw.h.
 */
#include "dualw.h"

#include "lib/xmlw.h"

#include <stdio.h>
#include <string.h>

void dualw_init(struct dualw *w, buf *b, bool xml)
{
    memset(w, 0, sizeof *w);
    w->b = b;
    w->xml = xml;
    if (xml && buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n") != 0)
        w->err = 1;
}

static void put(struct dualw *w, const char *s)
{
    if (buf_puts(w->b, s) != 0)
        w->err = 1;
}

/* JSON string: quotes, backslash and control characters escaped. */
static void json_text(struct dualw *w, const char *s)
{
    put(w, "\"");
    const char *run = s;
    for (const char *c = s;; c++) {
        unsigned char u = (unsigned char)*c;
        if (u != 0 && u >= 0x20 && u != '"' && u != '\\')
            continue;
        if (c > run && buf_append(w->b, run, (size_t)(c - run)) != 0)
            w->err = 1;
        if (u == 0)
            break;
        if (u == '"')
            put(w, "\\\"");
        else if (u == '\\')
            put(w, "\\\\");
        else if (u == '\n')
            put(w, "\\n");
        else if (u == '\r')
            put(w, "\\r");
        else if (u == '\t')
            put(w, "\\t");
        else if (buf_printf(w->b, "\\u%04x", u) != 0)
            w->err = 1;
        run = c + 1;
    }
    put(w, "\"");
}

/* The element name of a value named `name` here, and the JSON prefix. */
static const char *open_value(struct dualw *w, const char *name)
{
    if (w->err)
        return NULL;
    bool in_list = w->depth > 0 && w->st[w->depth - 1].item;
    const char *el = w->depth == 0 ? name : in_list ? w->st[w->depth - 1].item : name;
    if (w->depth == 0 && w->st[0].n > 0) { /* a second root */
        w->err = 1;
        return NULL;
    }
    if (w->xml && !xmlw_name_ok(el)) {
        w->err = 1;
        return NULL;
    }
    if (!w->xml) {
        if (w->depth > 0 && w->st[w->depth - 1].n > 0)
            put(w, ",");
        if (w->depth > 0 && !in_list) {
            if (!xmlw_name_ok(name)) {
                w->err = 1;
                return NULL;
            }
            json_text(w, name);
            put(w, ":");
        }
    }
    if (w->depth > 0)
        w->st[w->depth - 1].n++;
    else
        w->st[0].n++;
    return el ? el : "";
}

static void open_container(struct dualw *w, const char *name, const char *item)
{
    const char *el = open_value(w, name);
    if (!el)
        return;
    if (w->depth == DUALW_MAX_DEPTH || (item && !xmlw_name_ok(item))) {
        w->err = 1;
        return;
    }
    if (w->xml) {
        if (buf_printf(w->b, "<%s>", el) != 0)
            w->err = 1;
    } else {
        put(w, item ? "[" : "{");
    }
    w->st[w->depth].name = el;
    w->st[w->depth].item = item;
    w->st[w->depth].n = 0;
    w->depth++;
    if (w->depth == 1)
        w->st[0].n = 0; /* counts the root's members now */
}

void dualw_list(struct dualw *w, const char *name, const char *item)
{
    open_container(w, name, item ? item : "");
    if (!item)
        w->err = 1;
}

void dualw_object(struct dualw *w, const char *name)
{
    open_container(w, name, NULL);
}

void dualw_end(struct dualw *w)
{
    if (w->err)
        return;
    if (w->depth == 0) {
        w->err = 1;
        return;
    }
    w->depth--;
    if (w->xml) {
        if (buf_printf(w->b, "</%s>", w->st[w->depth].name) != 0)
            w->err = 1;
    } else {
        put(w, w->st[w->depth].item ? "]" : "}");
    }
    if (w->depth == 0) {
        put(w, "\n");
        w->st[0].n = 1; /* the root is written */
        w->st[0].item = NULL;
    }
}

/* A scalar: text already formatted (raw: for numbers and words). */
static void scalar(struct dualw *w, const char *name, const char *text, bool is_string)
{
    if (w->depth == 0) { /* the document must be a list or an object */
        w->err = 1;
        return;
    }
    const char *el = open_value(w, name);
    if (!el)
        return;
    if (!w->xml) {
        if (!text)
            put(w, "null");
        else if (is_string)
            json_text(w, text);
        else
            put(w, text);
        return;
    }
    if (!text) {
        if (buf_printf(w->b, "<%s/>", el) != 0)
            w->err = 1;
        return;
    }
    if (buf_printf(w->b, "<%s>", el) != 0 || xmlw_text(w->b, text, strlen(text)) != 0 ||
        buf_printf(w->b, "</%s>", el) != 0)
        w->err = 1;
}

void dualw_str(struct dualw *w, const char *name, const char *v)
{
    scalar(w, name, v, true);
}

void dualw_int(struct dualw *w, const char *name, long long v)
{
    char s[24];
    snprintf(s, sizeof s, "%lld", v);
    scalar(w, name, s, false);
}

void dualw_real(struct dualw *w, const char *name, double v)
{
    char s[40];
    snprintf(s, sizeof s, "%.10g", v);
    if (strspn(s, "-0123456789.e+") != strlen(s)) { /* inf, nan: not a JSON number */
        w->err = 1;
        return;
    }
    scalar(w, name, s, false);
}

void dualw_bool(struct dualw *w, const char *name, bool v)
{
    scalar(w, name, v ? "true" : "false", false);
}

void dualw_null(struct dualw *w, const char *name)
{
    scalar(w, name, NULL, false);
}

int dualw_finish(struct dualw *w)
{
    return w->err || w->depth != 0 || w->st[0].n != 1 ? -1 : 0;
}
