/*
 * static.c: loads static/ into memory with hashed names; see static.h.
 */
#include "static.h"

#include <dirent.h>
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#define STATIC_MAX_FILES 512
#define STATIC_MAX_SIZE  (8u * 1024 * 1024)

static struct static_file g_files[STATIC_MAX_FILES];
static size_t g_nfiles;

const char *static_content_type(const char *name)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".json", "application/json; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".txt", "text/plain; charset=utf-8"},
        {".map", "application/json; charset=utf-8"},
    };
    const char *dot = strrchr(name, '.');
    if (dot)
        for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
            if (strcmp(dot, types[i].ext) == 0)
                return types[i].type;
    return "application/octet-stream";
}

unsigned char *static_gzip(const void *data, size_t len, size_t *out_len)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return NULL;
    uLong cap = deflateBound(&zs, (uLong)len);
    unsigned char *out = malloc(cap);
    if (!out) {
        deflateEnd(&zs);
        return NULL;
    }
    zs.next_in = (Bytef *)(uintptr_t)data;
    zs.avail_in = (uInt)len;
    zs.next_out = out;
    zs.avail_out = (uInt)cap;
    int rc = deflate(&zs, Z_FINISH);
    size_t n = zs.total_out;
    deflateEnd(&zs);
    if (rc != Z_STREAM_END || n >= len) {
        free(out);
        return NULL;
    }
    *out_len = n;
    return out;
}

static int is_text(const char *type)
{
    return strncmp(type, "text/", 5) == 0 || strstr(type, "json") || strstr(type, "svg");
}

static int add_file(const char *root, const char *rel, char *err, size_t errlen)
{
    if (g_nfiles == STATIC_MAX_FILES) {
        snprintf(err, errlen, "too many static files");
        return -1;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    struct stat sb;
    if (fstat(fileno(f), &sb) != 0 || sb.st_size < 0 || (size_t)sb.st_size > STATIC_MAX_SIZE) {
        fclose(f);
        snprintf(err, errlen, "%s: too large or unreadable", path);
        return -1;
    }
    size_t len = (size_t)sb.st_size;
    unsigned char *data = malloc(len ? len : 1);
    if (!data || fread(data, 1, len, f) != len) {
        free(data);
        fclose(f);
        snprintf(err, errlen, "%s: read error", path);
        return -1;
    }
    fclose(f);

    unsigned char h[16];
    char hex[33] = "";
    crypto_generichash(h, sizeof h, data, len, NULL, 0);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    hex[10] = '\0';

    struct static_file *sf = &g_files[g_nfiles];
    memset(sf, 0, sizeof *sf);
    sf->name = strdup(rel);
    const char *dot = strrchr(rel, '.');
    const char *slash = strrchr(rel, '/');
    if (dot && (!slash || dot > slash)) {
        size_t stem = (size_t)(dot - rel);
        size_t n = strlen("/static/") + stem + 1 + 10 + strlen(dot) + 1;
        sf->url = malloc(n);
        if (sf->url)
            snprintf(sf->url, n, "/static/%.*s.%.10s%s", (int)stem, rel, hex, dot);
    } else {
        size_t n = strlen("/static/") + strlen(rel) + 12;
        sf->url = malloc(n);
        if (sf->url)
            snprintf(sf->url, n, "/static/%s.%.10s", rel, hex);
    }
    sf->etag = malloc(13);
    if (sf->etag) {
        sf->etag[0] = '"';
        memcpy(sf->etag + 1, hex, 10);
        sf->etag[11] = '"';
        sf->etag[12] = '\0';
    }
    sf->content_type = static_content_type(rel);
    sf->data = data;
    sf->len = len;
    if (!sf->name || !sf->url || !sf->etag) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (is_text(sf->content_type) && len > 1024)
        sf->gz = static_gzip(data, len, &sf->gz_len);
    g_nfiles++;
    return 0;
}

static int walk(const char *root, const char *rel, int depth, char *err, size_t errlen)
{
    char path[4096];
    snprintf(path, sizeof path, "%s%s%s", root, *rel ? "/" : "", rel);
    DIR *dir = opendir(path);
    if (!dir) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    struct dirent *de;
    int rc = 0;
    while (rc == 0 && (de = readdir(dir))) {
        if (de->d_name[0] == '.')
            continue;
        char sub[2048];
        int n = snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", de->d_name);
        if (n < 0 || (size_t)n >= sizeof sub)
            continue;
        char full[4096];
        snprintf(full, sizeof full, "%s/%s", root, sub);
        struct stat sb;
        if (stat(full, &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode)) {
            if (depth < 4)
                rc = walk(root, sub, depth + 1, err, errlen);
        } else if (S_ISREG(sb.st_mode)) {
            rc = add_file(root, sub, err, errlen);
        }
    }
    closedir(dir);
    return rc;
}

int static_load(const char *dir, char *err, size_t errlen)
{
    static_free();
    return walk(dir, "", 0, err, errlen);
}

void static_free(void)
{
    for (size_t i = 0; i < g_nfiles; i++) {
        free(g_files[i].name);
        free(g_files[i].url);
        free(g_files[i].etag);
        free(g_files[i].data);
        free(g_files[i].gz);
    }
    g_nfiles = 0;
}

const struct static_file *static_by_url(const char *path)
{
    for (size_t i = 0; i < g_nfiles; i++)
        if (strcmp(g_files[i].url, path) == 0)
            return &g_files[i];
    return NULL;
}

const char *static_url(const char *name)
{
    for (size_t i = 0; i < g_nfiles; i++)
        if (strcmp(g_files[i].name, name) == 0)
            return g_files[i].url;
    return NULL;
}

const struct static_file *static_files(size_t *n)
{
    *n = g_nfiles;
    return g_files;
}
