/*
 * files.c: content-addressed and named files under DATA/files; see files.h.
 */
#include "files.h"

#include "store/db.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int write_all(int fd, const unsigned char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static int sync_dir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

int files_put(const void *data, size_t len, const char *ext, char name[FILES_NAME_MAX])
{
    unsigned char h[32];
    char hex[65];
    crypto_generichash(h, sizeof h, data, len, NULL, 0);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    if (strlen(ext) > 8)
        return -1;
    snprintf(name, FILES_NAME_MAX, "%.2s/%s.%s", hex, hex, ext);

    char dir[1200], path[1300], tmp[1400];
    snprintf(dir, sizeof dir, "%s/files", db_data_dir());
    if (mkdir(dir, 0750) != 0 && errno != EEXIST)
        return -1;
    snprintf(dir, sizeof dir, "%s/files/%.2s", db_data_dir(), hex);
    if (mkdir(dir, 0750) != 0 && errno != EEXIST)
        return -1;
    snprintf(path, sizeof path, "%s/files/%s", db_data_dir(), name);
    if (access(path, F_OK) == 0)
        return 0; /* the same bytes are already stored */
    unsigned char rnd[8];
    char rhex[17];
    randombytes_buf(rnd, sizeof rnd);
    sodium_bin2hex(rhex, sizeof rhex, rnd, sizeof rnd);
    snprintf(tmp, sizeof tmp, "%s.tmp-%s", path, rhex);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    if (fd < 0)
        return -1;
    if (write_all(fd, data, len) != 0 || fsync(fd) != 0) {
        close(fd);
        unlink(tmp);
        return -1;
    }
    close(fd);
    if (rename(tmp, path) != 0) {
        unlink(tmp);
        return -1;
    }
    return sync_dir(dir);
}

unsigned char *files_get(const char *name, size_t *len)
{
    /* only names of the form xx/<64 hex>.<ext> */
    size_t n = strlen(name);
    if (n < 3 + 64 + 2 || n >= FILES_NAME_MAX || name[2] != '/' || strncmp(name, name + 3, 2))
        return NULL;
    for (size_t i = 3; i < 3 + 64; i++)
        if (!strchr("0123456789abcdef", name[i]))
            return NULL;
    if (name[67] != '.')
        return NULL;
    for (size_t i = 68; i < n; i++)
        if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9')))
            return NULL;
    char path[1300];
    snprintf(path, sizeof path, "%s/files/%s", db_data_dir(), name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct stat sb;
    unsigned char *p = NULL;
    if (fstat(fileno(f), &sb) == 0 && sb.st_size >= 0 && sb.st_size < 64 * 1024 * 1024) {
        p = malloc((size_t)sb.st_size + 1);
        if (p && fread(p, 1, (size_t)sb.st_size, f) != (size_t)sb.st_size) {
            free(p);
            p = NULL;
        }
        *len = (size_t)sb.st_size;
    }
    fclose(f);
    return p;
}

static int name_chars(const char *s, size_t n)
{
    if (n == 0 || n > 80)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
            return 0;
    return 1;
}

int files_named_path(const char *name, char *out, size_t outlen)
{
    const char *slash = strchr(name, '/');
    const char *dot = slash ? strchr(slash, '.') : NULL;
    if (!slash || !dot || !name_chars(name, (size_t)(slash - name)) ||
        !name_chars(slash + 1, (size_t)(dot - slash - 1)) || !name_chars(dot + 1, strlen(dot + 1)))
        return -1;
    char dir[1200];
    snprintf(dir, sizeof dir, "%s/files", db_data_dir());
    if (mkdir(dir, 0750) != 0 && errno != EEXIST)
        return -1;
    snprintf(dir, sizeof dir, "%s/files/%.*s", db_data_dir(), (int)(slash - name), name);
    if (mkdir(dir, 0750) != 0 && errno != EEXIST)
        return -1;
    int n = snprintf(out, outlen, "%s/files/%s", db_data_dir(), name);
    return n > 0 && (size_t)n < outlen ? 0 : -1;
}
