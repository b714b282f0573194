/*
 * form.c: urlencoded and multipart/form-data parsers; see form.h for the
 * contract. Both walk a complete body in memory with explicit bounds (no
 * reliance on NUL termination of the input), copy text into the request
 * arena, and fail early on the first violation so the caller can answer with
 * one clear status.
 */
#include "http/form.h"

#include <string.h>

#include "lib/utf8.h"

const struct form_limits form_limits_default = {
    .max_fields = 1000,
    .max_name_len = 256,
    .max_value_len = 64 * 1024,
    .max_files = 10,
    .max_file_len = 10 * 1024 * 1024,
    .max_header_len = 1024,
    .max_part_headers = 8,
};

/* Longest sanitised file name, in bytes (the common file system limit). */
#define FORM_FILENAME_MAX 255
/* RFC 2046: a boundary has 1..70 characters. */
#define FORM_BOUNDARY_MAX 70

/* The field list under construction: an arena array that doubles. */
struct builder {
    arena *a;
    struct form *f;
    const struct form_limits *lim;
    size_t cap;
    size_t files;
};

static int builder_push(struct builder *b, const struct form_field *field)
{
    if (b->f->n >= b->lim->max_fields)
        return FORM_E_TOO_MANY;
    if (b->f->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 16;
        if (cap > b->lim->max_fields)
            cap = b->lim->max_fields;
        struct form_field *nf = arena_calloc(b->a, cap, sizeof *nf);
        if (!nf)
            return FORM_E_NOMEM;
        if (b->f->n)
            memcpy(nf, b->f->fields, b->f->n * sizeof *nf);
        b->f->fields = nf;
        b->cap = cap;
    }
    b->f->fields[b->f->n++] = *field;
    return FORM_OK;
}

size_t form_value_limit(const struct form_limits *lim, const char *name, size_t name_len)
{
    for (const struct form_field_limit *fl = lim->field_limits; fl && fl->name; fl++)
        if (strlen(fl->name) == name_len && memcmp(fl->name, name, name_len) == 0)
            return fl->max_value_len;
    return lim->max_value_len;
}

/* Text must be UTF-8 without NUL (a NUL would cut C strings short later). */
static int check_text(const char *s, size_t len)
{
    if (len && (memchr(s, '\0', len) || !utf8_valid(s, len)))
        return FORM_E_ENCODING;
    return FORM_OK;
}

static int hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes '+' and %XX of s[0..len) into a NUL-terminated arena string. */
static int url_decode(arena *a, const char *s, size_t len, /* out: */ const char **out,
                      size_t *out_len)
{
    char *d = arena_alloc(a, len + 1);
    if (!d)
        return FORM_E_NOMEM;
    size_t k = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '+') {
            d[k++] = ' ';
        } else if (c == '%') {
            if (len - i < 3)
                return FORM_E_SYNTAX;
            int h = hex_value((unsigned char)s[i + 1]);
            int l = hex_value((unsigned char)s[i + 2]);
            if (h < 0 || l < 0)
                return FORM_E_SYNTAX;
            d[k++] = (char)(h * 16 + l);
            i += 2;
        } else {
            d[k++] = (char)c;
        }
    }
    d[k] = '\0';
    *out = d;
    *out_len = k;
    return FORM_OK;
}

int form_parse_urlencoded(arena *a, const char *body, size_t len, const struct form_limits *lim,
                          /* out: */ struct form *f)
{
    if (!lim)
        lim = &form_limits_default;
    f->fields = NULL;
    f->n = 0;
    struct builder b = {.a = a, .f = f, .lim = lim};
    int rc = FORM_OK;
    size_t i = 0;
    while (i < len) {
        const char *seg = body + i;
        const char *amp = memchr(seg, '&', len - i);
        size_t seg_len = amp ? (size_t)(amp - seg) : len - i;
        i += seg_len + 1;
        if (seg_len == 0)
            continue;
        const char *eq = memchr(seg, '=', seg_len);
        size_t raw_name_len = eq ? (size_t)(eq - seg) : seg_len;
        const char *raw_value = eq ? eq + 1 : seg + seg_len;
        size_t raw_value_len = eq ? seg_len - raw_name_len - 1 : 0;

        struct form_field field = {0};
        rc = url_decode(a, seg, raw_name_len, &field.name, &field.name_len);
        if (rc == FORM_OK)
            rc = url_decode(a, raw_value, raw_value_len, &field.value, &field.value_len);
        if (rc == FORM_OK && (field.name_len > lim->max_name_len ||
                              field.value_len > form_value_limit(lim, field.name, field.name_len)))
            rc = FORM_E_TOO_LONG;
        if (rc == FORM_OK)
            rc = check_text(field.name, field.name_len);
        if (rc == FORM_OK)
            rc = check_text(field.value, field.value_len);
        if (rc != FORM_OK)
            goto fail;
        if (field.name_len == 0)
            continue;
        rc = builder_push(&b, &field);
        if (rc != FORM_OK)
            goto fail;
    }
    return FORM_OK;
fail:
    f->fields = NULL;
    f->n = 0;
    return rc;
}

/* ---- header values: type *( ";" name=value ) ---- */

static bool is_ows(char c)
{
    return c == ' ' || c == '\t';
}

/* Control characters other than HTAB, which no header value may hold. */
static bool is_ctl(char c)
{
    unsigned char u = (unsigned char)c;
    return (u < 0x20 && u != '\t') || u == 0x7f;
}

/* RFC 9110 tchar. */
static bool is_tchar(char c)
{
    unsigned char u = (unsigned char)c;
    return u > 0x20 && u < 0x7f && !strchr("\"(),/:;<=>?@[\\]{}", u);
}

static char ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* s[0..len) equals the NUL-terminated lit, ignoring ASCII case. */
static bool ieq(const char *s, size_t len, const char *lit)
{
    size_t n = strlen(lit);
    if (len != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (ascii_lower(s[i]) != ascii_lower(lit[i]))
            return false;
    return true;
}

static void skip_ows(const char **p, const char *e)
{
    while (*p < e && is_ows(**p))
        (*p)++;
}

/*
 * Reads the leading `token` or `token/token` of a header value and stops at
 * the first ';' or the end (after whitespace).
 */
static int parse_type(const char **pp, const char *e, /* out: */ const char **type,
                      size_t *type_len)
{
    const char *p = *pp;
    skip_ows(&p, e);
    const char *s = p;
    while (p < e && is_tchar(*p))
        p++;
    if (p == s)
        return FORM_E_SYNTAX;
    if (p < e && *p == '/') {
        const char *sub = ++p;
        while (p < e && is_tchar(*p))
            p++;
        if (p == sub)
            return FORM_E_SYNTAX;
    }
    *type = s;
    *type_len = (size_t)(p - s);
    skip_ows(&p, e);
    if (p < e && *p != ';')
        return FORM_E_SYNTAX;
    *pp = p;
    return FORM_OK;
}

/*
 * Reads the next `; name=value` parameter. Returns 1 with the parameter, 0 at
 * the end, or a negated FORM_E_* code. Empty parameters (";;", a trailing ';')
 * are tolerated. A quoted value is unescaped: a backslash escapes only '"' and
 * '\'; any other backslash is kept, since old browsers sent Windows paths
 * (C:\dir\file.txt) unescaped.
 */
static int param_next(arena *a, const char **pp, const char *e, /* out: */ const char **name,
                      size_t *name_len, const char **value, size_t *value_len)
{
    const char *p = *pp;
    for (;;) {
        skip_ows(&p, e);
        if (p == e) {
            *pp = p;
            return 0;
        }
        if (*p != ';')
            return -FORM_E_SYNTAX;
        p++;
        skip_ows(&p, e);
        if (p == e) {
            *pp = p;
            return 0;
        }
        if (*p != ';')
            break;
    }
    const char *n = p;
    while (p < e && is_tchar(*p))
        p++;
    if (p == n)
        return -FORM_E_SYNTAX;
    *name = n;
    *name_len = (size_t)(p - n);
    skip_ows(&p, e);
    if (p == e || *p != '=')
        return -FORM_E_SYNTAX;
    p++;
    skip_ows(&p, e);
    char *v;
    size_t k = 0;
    if (p < e && *p == '"') {
        p++;
        /* Find the closing quote first so the copy is allocated once, exactly. */
        const char *q = p;
        size_t n_out = 0;
        for (;;) {
            if (q == e)
                return -FORM_E_SYNTAX;
            if (*q == '"')
                break;
            if (is_ctl(*q))
                return -FORM_E_SYNTAX;
            if (*q == '\\' && q + 1 < e && (q[1] == '"' || q[1] == '\\'))
                q++;
            q++;
            n_out++;
        }
        v = arena_alloc(a, n_out + 1);
        if (!v)
            return -FORM_E_NOMEM;
        while (p < q) {
            if (*p == '\\' && p + 1 < q && (p[1] == '"' || p[1] == '\\'))
                p++;
            v[k++] = *p++;
        }
        p = q + 1;
    } else {
        /* Lenient: unquoted boundaries often hold '=' or '/', which are not tchar. */
        const char *s = p;
        while (p < e && !is_ows(*p) && *p != ';' && *p != '"' && !is_ctl(*p))
            p++;
        if (p == s || (p < e && (*p == '"' || is_ctl(*p))))
            return -FORM_E_SYNTAX;
        k = (size_t)(p - s);
        v = arena_strndup(a, s, k);
        if (!v)
            return -FORM_E_NOMEM;
    }
    v[k] = '\0';
    *value = v;
    *value_len = k;
    *pp = p;
    return 1;
}

bool form_media_type_is(const char *value, const char *type)
{
    if (!value)
        return false;
    const char *e = value + strlen(value);
    const char *p = value;
    const char *t;
    size_t t_len;
    if (parse_type(&p, e, &t, &t_len) != FORM_OK)
        return false;
    return ieq(t, t_len, type);
}

int form_header_param(arena *a, const char *value, size_t len, const char *param,
                      /* out: */ const char **out, size_t *out_len)
{
    const char *p = value, *e = value + len;
    const char *t, *found = NULL;
    size_t t_len, found_len = 0;
    *out = NULL;
    if (out_len)
        *out_len = 0;
    int rc = parse_type(&p, e, &t, &t_len);
    if (rc != FORM_OK)
        return rc;
    for (;;) {
        const char *n, *v;
        size_t n_len, v_len;
        int r = param_next(a, &p, e, &n, &n_len, &v, &v_len);
        if (r < 0)
            return -r;
        if (r == 0)
            break;
        if (ieq(n, n_len, param)) {
            if (found)
                return FORM_E_SYNTAX;
            found = v;
            found_len = v_len;
        }
    }
    *out = found;
    if (out_len)
        *out_len = found_len;
    return FORM_OK;
}

/* ---- multipart/form-data ---- */

/* RFC 2046 bchars: DIGIT ALPHA ' ( ) + _ , - . / : = ? and space, not last. */
static bool boundary_valid(const char *s, size_t len)
{
    if (len < 1 || len > FORM_BOUNDARY_MAX || s[len - 1] == ' ')
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                  (c && strchr("'()+_,-./:=? ", c));
        if (!ok)
            return false;
    }
    return true;
}

/* Characters a file name must not show: C0/C1 controls, DEL, bidi controls. */
static bool filename_forbidden(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x200e || cp == 0x200f ||
           (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 ||
           cp == 0x2029;
}

/* Only printable ASCII, as a media type is; anything else is dropped. */
static bool ascii_printable(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
            return false;
    return true;
}

/* The sanitised base name of raw[0..len); see form_parse_multipart(). */
static const char *filename_sanitize(arena *a, const char *raw, size_t len)
{
    size_t start = 0;
    for (size_t i = 0; i < len; i++)
        if (raw[i] == '/' || raw[i] == '\\')
            start = i + 1;
    const char *s = raw + start;
    size_t n = len - start;
    /* Each byte becomes at most one byte ('_' for one invalid byte). */
    char *out = arena_alloc(a, n + 1);
    if (!out)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t step = utf8_decode(s + i, n - i, &cp);
        if (step == 0 || filename_forbidden(cp)) {
            out[k++] = '_';
            i += step ? step : 1;
        } else {
            memcpy(out + k, s + i, step);
            k += step;
            i += step;
        }
    }
    k = utf8_truncate(out, k, FORM_FILENAME_MAX);
    if ((k == 1 && out[0] == '.') || (k == 2 && out[0] == '.' && out[1] == '.'))
        k = 0;
    out[k] = '\0';
    return out;
}

/* The parsed header block of one part. */
struct part_headers {
    const char *disp, *ctype;
    size_t disp_len, ctype_len;
};

/*
 * Reads the header lines of a part from s[0..n) (which ends just before the
 * next delimiter) and sets *content to the part's body within it.
 */
static int part_read_headers(const struct form_limits *lim, const char *s, size_t n,
                             /* out: */ struct part_headers *h, const char **content,
                             size_t *content_len)
{
    const char *p = s, *e = s + n;
    size_t count = 0;
    size_t scan_max = lim->max_header_len > (size_t)-1 - 2 ? (size_t)-1 : lim->max_header_len + 2;
    memset(h, 0, sizeof *h);
    for (;;) {
        if (p == e) {
            /* The headers end at the delimiter: a part without body (RFC 2046). */
            *content = e;
            *content_len = 0;
            return FORM_OK;
        }
        if (e - p >= 2 && p[0] == '\r' && p[1] == '\n') {
            *content = p + 2;
            *content_len = (size_t)(e - (p + 2));
            return FORM_OK;
        }
        if (++count > lim->max_part_headers)
            return FORM_E_TOO_MANY;
        size_t avail = (size_t)(e - p);
        const char *eol = memmem(p, avail < scan_max ? avail : scan_max, "\r\n", 2);
        if (!eol)
            return avail >= scan_max ? FORM_E_TOO_LONG : FORM_E_SYNTAX;
        if ((size_t)(eol - p) > lim->max_header_len)
            return FORM_E_TOO_LONG;
        const char *colon = memchr(p, ':', (size_t)(eol - p));
        if (!colon || colon == p)
            return FORM_E_SYNTAX;
        /* A leading space (obsolete line folding) fails here too. */
        for (const char *q = p; q < colon; q++)
            if (!is_tchar(*q))
                return FORM_E_SYNTAX;
        const char *v = colon + 1, *ve = eol;
        skip_ows(&v, ve);
        while (ve > v && is_ows(ve[-1]))
            ve--;
        for (const char *q = v; q < ve; q++)
            if (is_ctl(*q))
                return FORM_E_SYNTAX;
        size_t name_len = (size_t)(colon - p);
        if (ieq(p, name_len, "content-disposition")) {
            if (h->disp)
                return FORM_E_SYNTAX;
            h->disp = v;
            h->disp_len = (size_t)(ve - v);
        } else if (ieq(p, name_len, "content-type")) {
            if (h->ctype)
                return FORM_E_SYNTAX;
            h->ctype = v;
            h->ctype_len = (size_t)(ve - v);
        }
        p = eol + 2;
    }
}

/* Parses one part s[0..n) and appends its field. */
static int part_parse(struct builder *b, const char *s, size_t n)
{
    struct part_headers h;
    const char *content;
    size_t content_len;
    int rc = part_read_headers(b->lim, s, n, &h, &content, &content_len);
    if (rc != FORM_OK)
        return rc;
    if (!h.disp)
        return FORM_E_SYNTAX;

    const char *p = h.disp, *e = h.disp + h.disp_len;
    const char *type;
    size_t type_len;
    rc = parse_type(&p, e, &type, &type_len);
    if (rc != FORM_OK)
        return rc;
    if (!ieq(type, type_len, "form-data"))
        return FORM_E_SYNTAX;
    const char *name = NULL, *filename = NULL;
    size_t name_len = 0, filename_len = 0;
    bool ext_filename = false;
    for (;;) {
        const char *pn, *pv;
        size_t pn_len, pv_len;
        int r = param_next(b->a, &p, e, &pn, &pn_len, &pv, &pv_len);
        if (r < 0)
            return -r;
        if (r == 0)
            break;
        if (ieq(pn, pn_len, "name")) {
            if (name)
                return FORM_E_SYNTAX;
            name = pv;
            name_len = pv_len;
        } else if (ieq(pn, pn_len, "filename")) {
            if (filename)
                return FORM_E_SYNTAX;
            filename = pv;
            filename_len = pv_len;
        } else if (ieq(pn, pn_len, "filename*")) {
            /* RFC 7578 4.2 says not to send it; it still marks a file. */
            ext_filename = true;
        }
    }
    if (!name)
        return FORM_E_SYNTAX;
    if (name_len > b->lim->max_name_len)
        return FORM_E_TOO_LONG;
    rc = check_text(name, name_len);
    if (rc != FORM_OK)
        return rc;
    if (name_len == 0)
        return FORM_OK;

    struct form_field field = {.name = name, .name_len = name_len};
    if (filename || ext_filename) {
        if (++b->files > b->lim->max_files)
            return FORM_E_TOO_MANY;
        if (content_len > b->lim->max_file_len)
            return FORM_E_TOO_LONG;
        field.filename = filename_sanitize(b->a, filename ? filename : "", filename_len);
        if (!field.filename)
            return FORM_E_NOMEM;
        if (h.ctype && ascii_printable(h.ctype, h.ctype_len)) {
            field.content_type = arena_strndup(b->a, h.ctype, h.ctype_len);
            if (!field.content_type)
                return FORM_E_NOMEM;
        }
        field.value = content;
        field.value_len = content_len;
    } else {
        if (content_len > form_value_limit(b->lim, name, name_len))
            return FORM_E_TOO_LONG;
        rc = check_text(content, content_len);
        if (rc != FORM_OK)
            return rc;
        field.value = arena_strndup(b->a, content, content_len);
        if (!field.value)
            return FORM_E_NOMEM;
        field.value_len = content_len;
    }
    return builder_push(b, &field);
}

int form_parse_multipart(arena *a, const char *content_type, const char *body, size_t len,
                         const struct form_limits *lim, /* out: */ struct form *f)
{
    if (!lim)
        lim = &form_limits_default;
    f->fields = NULL;
    f->n = 0;
    if (!form_media_type_is(content_type, "multipart/form-data"))
        return FORM_E_SYNTAX;
    const char *boundary;
    size_t blen;
    int rc = form_header_param(a, content_type, strlen(content_type), "boundary", &boundary, &blen);
    if (rc != FORM_OK)
        return rc;
    if (!boundary || !boundary_valid(boundary, blen))
        return FORM_E_SYNTAX;

    /* delim = CRLF "--" boundary; the first one may lack the CRLF. */
    size_t dlen = blen + 4;
    char *delim = arena_alloc(a, dlen + 1);
    if (!delim)
        return FORM_E_NOMEM;
    memcpy(delim, "\r\n--", 4);
    memcpy(delim + 4, boundary, blen);

    struct builder b = {.a = a, .f = f, .lim = lim};
    size_t pos; /* just after a "--boundary" */
    if (len >= dlen - 2 && memcmp(body, delim + 2, dlen - 2) == 0) {
        pos = dlen - 2;
    } else {
        const char *d = len ? memmem(body, len, delim, dlen) : NULL;
        if (!d)
            return FORM_E_SYNTAX;
        pos = (size_t)(d - body) + dlen;
    }
    for (;;) {
        if (len - pos >= 2 && body[pos] == '-' && body[pos + 1] == '-')
            break; /* close delimiter; the epilogue is ignored */
        while (pos < len && is_ows(body[pos]))
            pos++;
        if (len - pos < 2 || body[pos] != '\r' || body[pos + 1] != '\n') {
            rc = FORM_E_SYNTAX;
            goto fail;
        }
        pos += 2;
        const char *d = memmem(body + pos, len - pos, delim, dlen);
        if (!d) {
            rc = FORM_E_SYNTAX; /* no closing delimiter */
            goto fail;
        }
        size_t end = (size_t)(d - body);
        rc = part_parse(&b, body + pos, end - pos);
        if (rc != FORM_OK)
            goto fail;
        pos = end + dlen;
    }
    return FORM_OK;
fail:
    f->fields = NULL;
    f->n = 0;
    return rc;
}

/* ---- lookups ---- */

static bool name_is(const struct form_field *field, const char *name)
{
    /* Names hold no NUL, so strcmp on the arena copy is exact. */
    return strcmp(field->name, name) == 0;
}

const struct form_field *form_field(const struct form *f, const char *name)
{
    for (size_t i = 0; i < f->n; i++)
        if (name_is(&f->fields[i], name))
            return &f->fields[i];
    return NULL;
}

const char *form_get(const struct form *f, const char *name)
{
    for (size_t i = 0; i < f->n; i++)
        if (!f->fields[i].filename && name_is(&f->fields[i], name))
            return f->fields[i].value;
    return NULL;
}

size_t form_count(const struct form *f, const char *name)
{
    return form_get_all(f, name, NULL, 0);
}

size_t form_get_all(const struct form *f, const char *name,
                    /* out: */ const struct form_field **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < f->n; i++) {
        if (!name_is(&f->fields[i], name))
            continue;
        if (n < max)
            out[n] = &f->fields[i];
        n++;
    }
    return n;
}

bool form_is_file(const struct form_field *field)
{
    return field->filename != NULL;
}

int form_err_status(int err)
{
    switch (err) {
    case FORM_OK:
        return 200;
    case FORM_E_TOO_MANY:
    case FORM_E_TOO_LONG:
        return 413;
    case FORM_E_NOMEM:
        return 500;
    default:
        return 400;
    }
}

const char *form_strerror(int err)
{
    switch (err) {
    case FORM_OK:
        return "ok";
    case FORM_E_SYNTAX:
        return "malformed form data";
    case FORM_E_TOO_MANY:
        return "too many form fields or files";
    case FORM_E_TOO_LONG:
        return "form field or file too long";
    case FORM_E_ENCODING:
        return "form text is not valid UTF-8 or contains NUL";
    case FORM_E_NOMEM:
        return "out of memory";
    default:
        return "unknown form error";
    }
}
