/*
 * pdf.c: see pdf.h. The first half runs the tool; the second is the render
 * thread with its queue and the PDFs it keeps.
 */
#include "pdf.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <spawn.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* WeasyPrint needs most of a minute of CPU for the city's report with its
 * nine wijken; on a busy machine several. */
#define PDF_TIMEOUT_SECONDS 300

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

/* Runs the tool on html into out; *child holds the tool's pid while it runs
 * (0 otherwise), so that pdf_shutdown() can end it. */
static int convert(const char *html, size_t len, buf *out, _Atomic pid_t *child)
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
    /* a process group of its own (killed as a whole), and the signals the
     * server blocks in its threads unblocked and at their defaults again */
    posix_spawnattr_t at;
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_init(&at);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                      POSIX_SPAWN_SETSIGDEF);
    posix_spawnattr_setpgroup(&at, 0);
    posix_spawnattr_setsigmask(&at, &none);
    posix_spawnattr_setsigdefault(&at, &all);
    pid_t pid;
    int sp = posix_spawn(&pid, tool, &fa, &at, strstr(base, "weasyprint") ? wargv : cargv, envp);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    if (sp != 0)
        goto done;
    if (child)
        atomic_store(child, pid);
    time_t until = time(NULL) + PDF_TIMEOUT_SECONDS;
    int status = 0;
    for (;;) {
        pid_t w = waitpid(pid, &status, WNOHANG);
        if (w == pid)
            break;
        if (w < 0 && errno != EINTR) {
            if (child)
                atomic_store(child, 0);
            goto done;
        }
        if (time(NULL) > until) {
            kill(-pid, SIGKILL); /* the tool's own process group */
            waitpid(pid, &status, 0);
            if (child)
                atomic_store(child, 0);
            goto done;
        }
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    if (child)
        atomic_store(child, 0);
    struct stat sb;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && stat(pdf, &sb) == 0 && sb.st_size > 0)
        rc = read_file(pdf, out);
done:
    remove_tree(dir);
    return rc;
}

int pdf_from_html(const char *html, size_t len, buf *out)
{
    return convert(html, len, out, NULL);
}

/* --- the render thread ------------------------------------------------------------- */

#define SLOTS           16
#define HASH_LEN        32
#define PREPARE_SECONDS 120 /* a lookup's claim on a key expires (the caller vanished) */

enum slot_state {
    S_FREE,
    S_PREPARING, /* a request renders the HTML (pdf_lookup gave it PDF_MISSING) */
    S_QUEUED,
    S_RENDERING,
    S_DONE,
    S_FAILED,
};

struct slot {
    enum slot_state state;
    char key[PDF_KEY_MAX];
    unsigned char hash[HASH_LEN]; /* of the HTML the PDF is (to be) made of */
    char *html;                   /* while queued or rendering */
    size_t html_len;
    char *store_path;
    unsigned char *pdf; /* when done */
    size_t pdf_len;
    uint64_t generation; /* the data's generation the PDF was made or confirmed under */
    double confirmed;    /* when (monotonic seconds) */
    double since;        /* when the state began */
    uint64_t seq;        /* queue order */
    unsigned char failed_hash[HASH_LEN]; /* the HTML the tool last failed on, */
    double failed_at;                    /* and when (0: never) */
};

static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_work; /* the render thread waits here */
static pthread_cond_t g_done; /* requests wait here */
static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static struct slot g_slots[SLOTS];
static pthread_t g_thread;
static bool g_running, g_stop;
static unsigned g_waiters;
static uint64_t g_seq;
static double g_last_seconds = 15; /* how long the last render took */
static _Atomic pid_t g_child;
static _Atomic unsigned long g_renders;

static void init_conds(void)
{
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&g_work, &ca);
    pthread_cond_init(&g_done, &ca);
    pthread_condattr_destroy(&ca);
}

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void slot_clear(struct slot *s)
{
    free(s->html);
    free(s->store_path);
    free(s->pdf);
    memset(s, 0, sizeof *s);
}

/* Under g_mu: the slot of key, or NULL. */
static struct slot *find(const char *key)
{
    for (size_t i = 0; i < SLOTS; i++)
        if (g_slots[i].state != S_FREE && strcmp(g_slots[i].key, key) == 0)
            return &g_slots[i];
    return NULL;
}

/* Under g_mu: a free slot for key, freeing the least recently confirmed kept
 * PDF (or failure) when none is free; NULL when every slot is in use. */
static struct slot *take(const char *key)
{
    struct slot *victim = NULL;
    for (size_t i = 0; i < SLOTS; i++) {
        struct slot *s = &g_slots[i];
        if (s->state == S_FREE) {
            victim = s;
            break;
        }
        if ((s->state == S_DONE || s->state == S_FAILED) &&
            (!victim || s->confirmed < victim->confirmed))
            victim = s;
    }
    if (!victim)
        return NULL;
    slot_clear(victim);
    snprintf(victim->key, sizeof victim->key, "%s", key);
    return victim;
}

/* Under g_mu: frees the least recently confirmed PDFs until those kept fit
 * PDF_KEEP_BYTES; keep is spared. */
static void trim(const struct slot *keep)
{
    for (;;) {
        size_t total = 0;
        struct slot *oldest = NULL;
        for (size_t i = 0; i < SLOTS; i++) {
            struct slot *s = &g_slots[i];
            if (s->state != S_DONE)
                continue;
            total += s->pdf_len;
            if (s != keep && (!oldest || s->confirmed < oldest->confirmed))
                oldest = s;
        }
        if (total <= PDF_KEEP_BYTES || !oldest)
            return;
        slot_clear(oldest);
    }
}

/* Under g_mu: seconds until a render queued now would be done. */
static unsigned retry_estimate(void)
{
    unsigned n = 1;
    for (size_t i = 0; i < SLOTS; i++)
        n += g_slots[i].state == S_QUEUED || g_slots[i].state == S_RENDERING;
    double s = g_last_seconds * n + 1;
    return s < 2 ? 2 : s > 120 ? 120 : (unsigned)s;
}

static int copy_out(const struct slot *s, buf *out)
{
    buf_reset(out);
    return buf_append(out, s->pdf, s->pdf_len);
}

/* Writes data to path through a temporary file in the same folder, synced
 * and renamed into place, so that a reader never sees half a file. */
static int store_file(const char *path, const void *data, size_t len)
{
    size_t n = strlen(path);
    char *tmp = malloc(n + 16);
    if (!tmp)
        return -1;
    snprintf(tmp, n + 16, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(tmp);
    int rc = -1;
    if (fd >= 0) {
        const char *p = data;
        size_t left = len;
        while (left) {
            ssize_t w = write(fd, p, left);
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0)
                break;
            p += w;
            left -= (size_t)w;
        }
        rc = left == 0 && fsync(fd) == 0 ? 0 : -1;
        close(fd);
        if (rc == 0)
            rc = rename(tmp, path);
        if (rc != 0)
            unlink(tmp);
    }
    if (rc == 0) {
        char *dir = strdup(path);
        int dfd = dir ? open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
        if (dfd >= 0) {
            fsync(dfd);
            close(dfd);
        }
        free(dir);
    }
    free(tmp);
    return rc;
}

static int load_file(const char *path, buf *out)
{
    if (access(path, R_OK) != 0)
        return -1;
    buf_reset(out);
    return read_file(path, out);
}

static void *render_main(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&g_mu);
    while (!g_stop) {
        struct slot *next = NULL;
        for (size_t i = 0; i < SLOTS; i++)
            if (g_slots[i].state == S_QUEUED && (!next || g_slots[i].seq < next->seq))
                next = &g_slots[i];
        if (!next) {
            pthread_cond_wait(&g_work, &g_mu);
            continue;
        }
        next->state = S_RENDERING;
        next->since = mono();
        char *html = next->html, *store = next->store_path;
        size_t len = next->html_len;
        unsigned char hash[HASH_LEN];
        memcpy(hash, next->hash, HASH_LEN);
        next->html = NULL;
        next->store_path = NULL;
        pthread_mutex_unlock(&g_mu);

        double t0 = mono();
        buf out;
        buf_init(&out, PDF_KEEP_BYTES);
        atomic_fetch_add(&g_renders, 1);
        int rc = convert(html, len, &out, &g_child);
        if (rc == 0 && store)
            store_file(store, out.data, out.len); /* kept in memory all the same */
        free(html);
        free(store);
        size_t plen = 0;
        char *pdf = rc == 0 ? buf_detach(&out, &plen) : NULL;
        buf_free(&out);

        pthread_mutex_lock(&g_mu);
        g_last_seconds = mono() - t0;
        /* the slot is still this render's unless pdf_shutdown() cleared it */
        if (next->state == S_RENDERING && memcmp(next->hash, hash, HASH_LEN) == 0) {
            next->state = pdf ? S_DONE : S_FAILED;
            next->pdf = (unsigned char *)pdf;
            next->pdf_len = plen;
            next->confirmed = next->since = mono();
            if (!pdf) {
                memcpy(next->failed_hash, hash, HASH_LEN);
                next->failed_at = next->since;
            }
            pdf = NULL;
            trim(next);
        }
        free(pdf);
        pthread_cond_broadcast(&g_done);
    }
    pthread_mutex_unlock(&g_mu);
    return NULL;
}

enum pdf_status pdf_lookup(const struct pdf_doc *doc, buf *out, unsigned *retry_after)
{
    pthread_once(&g_once, init_conds);
    *retry_after = 0;
    if (doc->store_path && load_file(doc->store_path, out) == 0)
        return PDF_READY;
    pthread_mutex_lock(&g_mu);
    enum pdf_status st = PDF_MISSING;
    double now = mono();
    struct slot *s = find(doc->key);
    if (s && s->state == S_DONE && s->generation == doc->generation &&
        now - s->confirmed < PDF_FRESH_SECONDS) {
        st = copy_out(s, out) == 0 ? PDF_READY : PDF_BUSY;
    } else if (s && (s->state == S_QUEUED || s->state == S_RENDERING ||
                     (s->state == S_PREPARING && now - s->since < PREPARE_SECONDS))) {
        st = PDF_BUSY;
    } else if (s) {
        /* kept but stale, or failed: the caller brings the HTML (a PDF kept
         * stays until the HTML shows whether it still holds) */
        s->state = S_PREPARING;
        s->since = now;
    } else if ((s = take(doc->key)) != NULL) {
        s->state = S_PREPARING;
        s->since = now;
    } else {
        st = PDF_BUSY; /* every slot holds a render in progress */
    }
    if (st == PDF_BUSY)
        *retry_after = retry_estimate();
    pthread_mutex_unlock(&g_mu);
    return st;
}

void pdf_abandon(const struct pdf_doc *doc)
{
    pthread_mutex_lock(&g_mu);
    struct slot *s = find(doc->key);
    if (s && s->state == S_PREPARING)
        s->state = s->pdf ? S_DONE : s->failed_at > 0 ? S_FAILED : S_FREE;
    if (s && s->state == S_FREE)
        slot_clear(s);
    pthread_cond_broadcast(&g_done);
    pthread_mutex_unlock(&g_mu);
}

enum pdf_status pdf_render(const struct pdf_doc *doc, const char *html, size_t len,
                           unsigned wait_ms, buf *out, unsigned *retry_after)
{
    pthread_once(&g_once, init_conds);
    *retry_after = 0;
    unsigned char hash[HASH_LEN];
    crypto_generichash(hash, sizeof hash, (const unsigned char *)html, len, NULL, 0);
    pthread_mutex_lock(&g_mu);
    double now = mono();
    struct slot *s = find(doc->key);
    if (s && s->pdf && memcmp(s->hash, hash, HASH_LEN) == 0 &&
        (s->state == S_DONE || s->state == S_PREPARING)) {
        /* the same HTML: the PDF kept is this one */
        s->state = S_DONE;
        s->generation = doc->generation;
        s->confirmed = now;
        int rc = copy_out(s, out);
        pthread_cond_broadcast(&g_done);
        pthread_mutex_unlock(&g_mu);
        if (rc == 0 && doc->store_path && access(doc->store_path, F_OK) != 0)
            store_file(doc->store_path, out->data, out->len);
        return rc == 0 ? PDF_READY : PDF_BUSY;
    }
    if (s && s->failed_at > 0 && memcmp(s->failed_hash, hash, HASH_LEN) == 0 &&
        now - s->failed_at < PDF_RETRY_FAILED_S) {
        if (s->state == S_PREPARING)
            s->state = s->pdf ? S_DONE : S_FAILED;
        pthread_cond_broadcast(&g_done);
        pthread_mutex_unlock(&g_mu);
        return PDF_FAILED;
    }
    if (s && (s->state == S_QUEUED || s->state == S_RENDERING)) {
        *retry_after = retry_estimate();
        pthread_mutex_unlock(&g_mu);
        return PDF_BUSY;
    }
    size_t queued = 0;
    for (size_t i = 0; i < SLOTS; i++)
        queued += g_slots[i].state == S_QUEUED || g_slots[i].state == S_RENDERING;
    if (!s)
        s = take(doc->key);
    char *copy = s && queued < PDF_QUEUE_MAX ? malloc(len ? len : 1) : NULL;
    char *store = copy && doc->store_path ? strdup(doc->store_path) : NULL;
    if (!g_running && copy && !g_stop) {
        g_running = pthread_create(&g_thread, NULL, render_main, NULL) == 0;
    }
    if (!copy || (doc->store_path && !store) || !g_running) {
        if (s && s->state == S_PREPARING)
            s->state = s->pdf ? S_DONE : s->failed_at > 0 ? S_FAILED : S_FREE;
        if (s && s->state == S_FREE)
            slot_clear(s);
        free(copy);
        free(store);
        *retry_after = retry_estimate();
        pthread_mutex_unlock(&g_mu);
        return PDF_BUSY;
    }
    memcpy(copy, html, len);
    free(s->html);
    free(s->store_path);
    free(s->pdf);
    s->pdf = NULL;
    s->pdf_len = 0;
    s->html = copy;
    s->html_len = len;
    s->store_path = store;
    memcpy(s->hash, hash, HASH_LEN);
    s->generation = doc->generation;
    s->state = S_QUEUED;
    s->since = now;
    s->seq = ++g_seq;
    pthread_cond_signal(&g_work);

    /* one request at a time waits for its render; the others come back later */
    enum pdf_status st = PDF_BUSY;
    if (wait_ms > 0 && g_waiters == 0) {
        g_waiters++;
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_sec += wait_ms / 1000;
        until.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        for (;;) {
            s = find(doc->key);
            if (!s || g_stop)
                break;
            if (memcmp(s->hash, hash, HASH_LEN) == 0 && s->state == S_DONE) {
                st = copy_out(s, out) == 0 ? PDF_READY : PDF_BUSY;
                break;
            }
            if (memcmp(s->hash, hash, HASH_LEN) == 0 && s->state == S_FAILED) {
                st = PDF_FAILED;
                break;
            }
            if (pthread_cond_timedwait(&g_done, &g_mu, &until) == ETIMEDOUT)
                break;
        }
        g_waiters--;
    }
    if (st == PDF_BUSY)
        *retry_after = retry_estimate();
    pthread_mutex_unlock(&g_mu);
    return st;
}

unsigned long pdf_renders(void)
{
    return atomic_load(&g_renders);
}

void pdf_shutdown(void)
{
    pthread_once(&g_once, init_conds);
    pthread_mutex_lock(&g_mu);
    g_stop = true;
    bool running = g_running;
    pid_t child = atomic_load(&g_child);
    if (child > 0)
        kill(-child, SIGKILL);
    pthread_cond_broadcast(&g_work);
    pthread_cond_broadcast(&g_done);
    pthread_mutex_unlock(&g_mu);
    if (running)
        pthread_join(g_thread, NULL);
    pthread_mutex_lock(&g_mu);
    for (size_t i = 0; i < SLOTS; i++)
        slot_clear(&g_slots[i]);
    g_running = false;
    pthread_mutex_unlock(&g_mu);
}
