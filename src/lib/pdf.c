/*
 * pdf.c: see pdf.h.
 */
#include "pdf.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define PDF_TIMEOUT_SECONDS 90

static int find_in_path(const char *name, char *out, size_t outlen)
{
    const char *path = getenv("PATH");
    if (!path || !*path)
        path = "/usr/local/bin:/usr/bin:/bin";
    while (*path) {
        const char *colon = strchr(path, ':');
        size_t n = colon ? (size_t)(colon - path) : strlen(path);
        snprintf(out, outlen, "%.*s/%s", (int)n, path, name);
        if (n && access(out, X_OK) == 0)
            return 0;
        path += n + (colon ? 1 : 0);
    }
    return -1;
}

const char *pdf_tool(void)
{
    static char found[512];
    const char *o = getenv("WIJKREGIE_PDF_TOOL");
    if (o && *o)
        return strcmp(o, "none") == 0 || access(o, X_OK) != 0 ? NULL : o;
    if (find_in_path("weasyprint", found, sizeof found) == 0 ||
        find_in_path("chromium", found, sizeof found) == 0)
        return found;
    return NULL;
}

static int write_file(const char *path, const char *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            close(fd);
            return -1;
        }
        off += (size_t)w;
    }
    return close(fd);
}

static int read_file(const char *path, buf *out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    char chunk[16384];
    size_t got;
    int rc = 0;
    while (rc == 0 && (got = fread(chunk, 1, sizeof chunk, f)) > 0)
        rc = buf_append(out, chunk, got);
    fclose(f);
    return rc;
}

static void remove_tree(const char *dir)
{
    /* only what this module and the tool put there */
    pid_t pid;
    char *argv[] = {"rm", "-rf", (char *)dir, NULL};
    if (posix_spawnp(&pid, "rm", NULL, NULL, argv, environ) == 0)
        waitpid(pid, NULL, 0);
}

int pdf_from_html(const char *html, size_t len, buf *out)
{
    const char *tool = pdf_tool();
    if (!tool)
        return -1;
    char dir[] = "/tmp/wijkregie-pdf-XXXXXX";
    if (!mkdtemp(dir))
        return -1;
    char in[64], pdf[64], url[80], outarg[96], home[64];
    snprintf(in, sizeof in, "%s/report.html", dir);
    snprintf(pdf, sizeof pdf, "%s/report.pdf", dir);
    snprintf(url, sizeof url, "file://%s", in);
    snprintf(outarg, sizeof outarg, "--print-to-pdf=%s", pdf);
    snprintf(home, sizeof home, "HOME=%s", dir);
    int rc = -1;
    if (write_file(in, html, len) != 0)
        goto done;
    const char *base = strrchr(tool, '/');
    base = base ? base + 1 : tool;
    char *wargv[] = {(char *)tool, "--quiet", in, pdf, NULL};
    char *cargv[] = {(char *)tool,
                     "--headless",
                     "--no-sandbox",
                     "--disable-gpu",
                     "--disable-dev-shm-usage",
                     "--no-first-run",
                     "--no-pdf-header-footer",
                     "--run-all-compositor-stages-before-draw",
                     outarg,
                     url,
                     NULL};
    char *envp[] = {home, "PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8", NULL};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    posix_spawnattr_t at;
    posix_spawnattr_init(&at);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&at, 0);
    pid_t pid;
    int sp = posix_spawn(&pid, tool, &fa, &at, strstr(base, "weasyprint") ? wargv : cargv, envp);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    if (sp != 0)
        goto done;
    time_t until = time(NULL) + PDF_TIMEOUT_SECONDS;
    int status = 0;
    for (;;) {
        pid_t w = waitpid(pid, &status, WNOHANG);
        if (w == pid)
            break;
        if (w < 0 && errno != EINTR)
            goto done;
        if (time(NULL) > until) {
            kill(-pid, SIGKILL); /* the tool's own process group */
            waitpid(pid, &status, 0);
            goto done;
        }
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    struct stat sb;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && stat(pdf, &sb) == 0 && sb.st_size > 0)
        rc = read_file(pdf, out);
done:
    remove_tree(dir);
    return rc;
}
