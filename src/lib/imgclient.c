/*
 * imgclient.c: starts the photo helper, feeds it, reads its answer, and
 * turns that answer into a status the server can show.
 *
 * Everything the helper says is untrusted (it has just parsed a hostile
 * file), so its answer is parsed as strictly as any request: see
 * img_parse_frame, which is pure so that it can be fuzzed on its own.
 */
#include "lib/imgclient.h"
#include "lib/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

_Static_assert(IMG_NO_MEMORY + 1 == IMG_NSTATUS, "IMG_NSTATUS must count enum img_status");

static const struct {
    const char *code; /* the helper's word, also the log name */
    const char *msgid;
} img_texts[IMG_NSTATUS] = {
    [IMG_OK] = {"ok", ""},
    [IMG_NOT_AN_IMAGE] = {"not-an-image",
                          "Dit bestand is geen foto. Kies een JPEG-, PNG-, HEIC- of WebP-foto."},
    [IMG_UNSUPPORTED_TYPE] = {"unsupported-type", "Dit soort afbeelding wordt niet ondersteund. "
                                                  "Kies een JPEG-, PNG-, HEIC- of WebP-foto."},
    [IMG_TOO_LARGE] = {"too-large", "Deze foto is te groot. Een foto mag hoogstens 20 MB zijn."},
    [IMG_TOO_MANY_PIXELS] = {"too-many-pixels", "Deze foto heeft te veel pixels. Een foto mag "
                                                "hoogstens 40 megapixel zijn."},
    [IMG_DECODE_FAILED] = {"decode-failed", "Deze foto is beschadigd of onvolledig en kan niet "
                                            "worden gelezen. Kies een andere foto."},
    [IMG_HEIC_UNSUPPORTED] = {"heic-unsupported",
                              "HEIC-foto's kunnen op dit moment niet worden verwerkt. Kies een "
                              "JPEG-, PNG- of WebP-foto."},
    [IMG_HELPER_FAILED] = {"helper-failed", "De foto kon niet worden verwerkt. Probeer het "
                                            "opnieuw of kies een andere foto."},
    [IMG_TIMEOUT] = {"timeout", "De foto kon niet worden verwerkt. Probeer het opnieuw of kies "
                                "een andere foto."},
    [IMG_NO_MEMORY] = {"no-memory", "De foto kon niet worden verwerkt. Probeer het opnieuw of "
                                    "kies een andere foto."},
};

const char *img_msgid(enum img_status s)
{
    if ((unsigned)s >= IMG_NSTATUS)
        s = IMG_HELPER_FAILED;
    return img_texts[s].msgid;
}

const char *img_status_name(enum img_status s)
{
    if ((unsigned)s >= IMG_NSTATUS)
        return "unknown";
    return img_texts[s].code;
}

/*
 * Reads a plain decimal number at *p (no sign, no leading zero, at most 9
 * digits) followed by the byte sep; advances *p past sep. Returns 0 or -1.
 */
static int parse_field(const unsigned char **p, const unsigned char *end, unsigned char sep,
                       /* out: */ size_t *value)
{
    const unsigned char *s = *p;
    size_t v = 0;
    int digits = 0;
    while (s < end && *s >= '0' && *s <= '9') {
        if (digits == 9 || (digits == 1 && v == 0))
            return -1;
        v = v * 10 + (size_t)(*s - '0');
        digits++;
        s++;
    }
    if (digits == 0 || s >= end || *s != sep)
        return -1;
    *value = v;
    *p = s + 1;
    return 0;
}

static int is_jpeg(const unsigned char *p, size_t len)
{
    return len >= 5 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF && p[len - 2] == 0xFF &&
           p[len - 1] == 0xD9;
}

int img_parse_frame(const void *data, size_t len, struct img_frame *out)
{
    memset(out, 0, sizeof *out);
    if (data == NULL)
        return -1;
    const unsigned char *p = data;
    const unsigned char *end = p + len;
    const unsigned char *nl = memchr(p, '\n', len < IMG_MAX_HEADER ? len : IMG_MAX_HEADER);
    if (nl == NULL)
        return -1;

    if (len >= 4 && memcmp(p, "ERR ", 4) == 0) {
        size_t n = (size_t)(nl - (p + 4));
        if (nl + 1 != end) /* nothing may follow an error */
            return -1;
        for (int s = IMG_NOT_AN_IMAGE; s <= IMG_HEIC_UNSUPPORTED; s++) {
            const char *code = img_texts[s].code;
            if (strlen(code) == n && memcmp(p + 4, code, n) == 0) {
                out->status = (enum img_status)s;
                return 0;
            }
        }
        return -1;
    }

    if (len < 3 || memcmp(p, "OK ", 3) != 0)
        return -1;
    size_t f[6];
    const unsigned char *q = p + 3;
    for (int i = 0; i < 6; i++)
        if (parse_field(&q, nl + 1, i < 5 ? ' ' : '\n', &f[i]) != 0)
            return -1;
    if (q != nl + 1)
        return -1;
    size_t photo_len = f[0], thumb_len = f[1];
    if (photo_len > IMG_MAX_PHOTO_OUT || thumb_len > IMG_MAX_THUMB_OUT)
        return -1;
    if (f[2] < 1 || f[2] > IMG_PHOTO_SIDE || f[3] < 1 || f[3] > IMG_PHOTO_SIDE || f[4] < 1 ||
        f[4] > IMG_THUMB_SIDE || f[5] < 1 || f[5] > IMG_THUMB_SIDE)
        return -1;
    /* the thumbnail is never larger than the photo */
    if (f[4] > f[2] || f[5] > f[3])
        return -1;
    size_t rest = (size_t)(end - q);
    if (rest != photo_len + thumb_len) /* both bounded above, no overflow */
        return -1;
    if (!is_jpeg(q, photo_len) || !is_jpeg(q + photo_len, thumb_len))
        return -1;
    out->status = IMG_OK;
    out->photo = q;
    out->photo_len = photo_len;
    out->thumb = q + photo_len;
    out->thumb_len = thumb_len;
    out->width = (int)f[2];
    out->height = (int)f[3];
    out->thumb_width = (int)f[4];
    out->thumb_height = (int)f[5];
    return 0;
}

void img_result_free(struct img_result *res)
{
    if (res == NULL)
        return;
    free(res->photo);
    free(res->thumb);
    memset(res, 0, sizeof *res);
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void close_fd(int *fd)
{
    if (*fd >= 0) {
        close(*fd);
        *fd = -1;
    }
}

/*
 * Starts the helper with its stdin on in_fd, stdout on out_fd, stderr on
 * /dev/null, no other descriptor, default signal dispositions, an empty
 * signal mask and an empty environment. Returns 0 and *out_pid, or errno.
 */
static int spawn_helper(const char *path, int in_fd, int out_fd, /* out: */ pid_t *out_pid)
{
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    sigset_t empty, all;
    int rc = posix_spawn_file_actions_init(&fa);
    if (rc != 0)
        return rc;
    rc = posix_spawnattr_init(&attr);
    if (rc != 0) {
        posix_spawn_file_actions_destroy(&fa);
        return rc;
    }
    sigemptyset(&empty);
    sigfillset(&all);
    if ((rc = posix_spawn_file_actions_adddup2(&fa, in_fd, STDIN_FILENO)) == 0 &&
        (rc = posix_spawn_file_actions_adddup2(&fa, out_fd, STDOUT_FILENO)) == 0 &&
        (rc = posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0)) ==
            0 &&
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
        (rc = posix_spawn_file_actions_addclosefrom_np(&fa, STDERR_FILENO + 1)) == 0 &&
#endif
        (rc = posix_spawnattr_setsigmask(&attr, &empty)) == 0 &&
        (rc = posix_spawnattr_setsigdefault(&attr, &all)) == 0 &&
        (rc = posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)) ==
            0) {
        char *const argv[] = {(char *)path, NULL};
        char *const envp[] = {NULL};
        rc = posix_spawn(out_pid, path, &fa, &attr, argv, envp);
    }
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&fa);
    return rc;
}

/*
 * Waits for pid until deadline (monotonic ms), then kills it and waits for
 * good. Returns 0 with *status and *ru, 1 when it had to be killed, -1 when it
 * cannot be reaped (someone else reaped it).
 */
static int reap(pid_t pid, long long deadline, /* out: */ int *status, struct rusage *ru)
{
    for (;;) {
        pid_t r = wait4(pid, status, WNOHANG, ru);
        if (r == pid)
            return 0;
        if (r < 0 && errno != EINTR)
            return -1;
        if (r == 0 && now_ms() >= deadline)
            break;
        if (r == 0) {
            struct timespec ts = {0, 2 * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
    }
    kill(pid, SIGKILL);
    while (wait4(pid, status, 0, ru) < 0)
        if (errno != EINTR)
            return -1;
    return 1;
}

enum img_status img_process_timeout(const char *helper_path, const void *data, size_t len,
                                    int timeout_ms, struct img_result *res)
{
    memset(res, 0, sizeof *res);
    res->status = IMG_HELPER_FAILED;
    if (data == NULL || len == 0)
        return res->status = IMG_NOT_AN_IMAGE;
    if (len > IMG_MAX_INPUT)
        return res->status = IMG_TOO_LARGE;
    if (helper_path == NULL || timeout_ms <= 0)
        return res->status;

    int in_sv[2] = {-1, -1}; /* [0] ours, [1] the helper's stdin */
    int out_p[2] = {-1, -1}; /* [0] ours, [1] the helper's stdout */
    pid_t pid = -1;
    buf answer;
    buf_init(&answer, IMG_MAX_HEADER + IMG_MAX_PHOTO_OUT + IMG_MAX_THUMB_OUT);
    long long deadline = now_ms() + timeout_ms;
    int killed = 0, overflow = 0;

    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in_sv) != 0 ||
        pipe2(out_p, O_CLOEXEC) != 0) {
        res->status = IMG_NO_MEMORY;
        goto done;
    }
    int rc = spawn_helper(helper_path, in_sv[1], out_p[1], &pid);
    close_fd(&in_sv[1]);
    close_fd(&out_p[1]);
    if (rc != 0) {
        pid = -1;
        res->status = rc == ENOMEM || rc == EAGAIN ? IMG_NO_MEMORY : IMG_HELPER_FAILED;
        goto done;
    }
    if (fcntl(in_sv[0], F_SETFL, O_NONBLOCK) != 0 || fcntl(out_p[0], F_SETFL, O_NONBLOCK) != 0) {
        res->status = IMG_NO_MEMORY;
        goto kill_and_reap;
    }

    /* write the input and read the answer at once, until the helper closes stdout */
    const unsigned char *in = data;
    size_t sent = 0;
    for (;;) {
        struct pollfd pfd[2];
        nfds_t n = 0;
        pfd[n++] = (struct pollfd){.fd = out_p[0], .events = POLLIN};
        if (in_sv[0] >= 0)
            pfd[n++] = (struct pollfd){.fd = in_sv[0], .events = POLLOUT};
        long long left = deadline - now_ms();
        if (left <= 0) {
            killed = 1;
            break;
        }
        int pr = poll(pfd, n, (int)left);
        if (pr < 0 && errno == EINTR)
            continue;
        if (pr < 0) {
            res->status = IMG_NO_MEMORY;
            goto kill_and_reap;
        }
        if (n == 2 && pfd[1].revents != 0) {
            ssize_t w = send(in_sv[0], in + sent, len - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (w > 0)
                sent += (size_t)w;
            /* EPIPE/ECONNRESET: the helper answered before reading everything */
            if ((w < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) || sent == len)
                close_fd(&in_sv[0]);
        }
        if (pfd[0].revents != 0) {
            unsigned char chunk[65536];
            ssize_t r = read(out_p[0], chunk, sizeof chunk);
            if (r == 0)
                break;
            if (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
                break;
            if (r > 0 && buf_append(&answer, chunk, (size_t)r) != 0) {
                overflow = 1;
                break;
            }
        }
    }
    if (killed || overflow) {
        res->status = killed ? IMG_TIMEOUT : IMG_HELPER_FAILED;
        goto kill_and_reap;
    }

    int status = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    int how = reap(pid, deadline, &status, &ru);
    pid = -1;
    if (how == 1) {
        res->status = IMG_TIMEOUT;
        goto done;
    }
    if (how == 0)
        res->helper_maxrss_kb = ru.ru_maxrss;
    if (how == 0 && WIFSIGNALED(status)) {
        /* SIGXCPU and SIGKILL come from RLIMIT_CPU; SIGSYS from the seccomp filter */
        int sig = WTERMSIG(status);
        res->status = sig == SIGXCPU || sig == SIGKILL ? IMG_TIMEOUT : IMG_HELPER_FAILED;
        goto done;
    }
    struct img_frame fr;
    if (img_parse_frame(answer.data, answer.len, &fr) != 0) {
        res->status = IMG_HELPER_FAILED;
        goto done;
    }
    /* the exit status must agree with the frame (0 for OK, 1 for ERR) */
    if (how == 0 && WEXITSTATUS(status) != (fr.status == IMG_OK ? 0 : 1)) {
        res->status = IMG_HELPER_FAILED;
        goto done;
    }
    if (fr.status != IMG_OK) {
        res->status = fr.status;
        goto done;
    }
    res->photo = malloc(fr.photo_len);
    res->thumb = malloc(fr.thumb_len);
    if (res->photo == NULL || res->thumb == NULL) {
        long rss = res->helper_maxrss_kb;
        img_result_free(res);
        res->helper_maxrss_kb = rss;
        res->status = IMG_NO_MEMORY;
        goto done;
    }
    memcpy(res->photo, fr.photo, fr.photo_len);
    memcpy(res->thumb, fr.thumb, fr.thumb_len);
    res->photo_len = fr.photo_len;
    res->thumb_len = fr.thumb_len;
    res->width = fr.width;
    res->height = fr.height;
    res->thumb_width = fr.thumb_width;
    res->thumb_height = fr.thumb_height;
    res->status = IMG_OK;
    goto done;

kill_and_reap:
    if (pid > 0) {
        int st;
        kill(pid, SIGKILL);
        while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
            ;
        pid = -1;
    }
done:
    close_fd(&in_sv[0]);
    close_fd(&in_sv[1]);
    close_fd(&out_p[0]);
    close_fd(&out_p[1]);
    buf_free(&answer);
    return res->status;
}

enum img_status img_process(const char *helper_path, const void *data, size_t len,
                            struct img_result *res)
{
    return img_process_timeout(helper_path, data, len, IMG_TIMEOUT_MS, res);
}
