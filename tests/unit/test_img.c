/*
 * test_img.c: photo processing through the real sandboxed helper
 * (build/wijkregie-img, or the path in $WR_IMG_HELPER), on the committed
 * fixtures of tests/unit/data/img/: metadata is gone, photos are turned
 * upright and shrunk, every kind of bad file gets its own answer, a helper
 * that hangs or lies is handled, and the seccomp filter really kills.
 * This test does not link libvips: the JPEGs are checked by walking their
 * markers, and by feeding the output back through the helper.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "lib/imgclient.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DATA "tests/unit/data/img/"

static char tmpdir[64];

static const char *helper(void)
{
    const char *h = getenv(IMG_HELPER_ENV);
    return h != NULL && *h != '\0' ? h : IMG_HELPER_DEFAULT;
}

static unsigned char *slurp(const char *path, size_t *out_len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        fail_msg("cannot open %s (run from the repository root)", path);
    unsigned char *data = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 65536;
            data = realloc(data, cap);
            assert_non_null(data);
        }
        size_t n = fread(data + len, 1, cap - len, f);
        if (n == 0)
            break;
        len += n;
    }
    fclose(f);
    *out_len = len;
    return data;
}

static int contains(const unsigned char *p, size_t len, const char *needle)
{
    return memmem(p, len, needle, strlen(needle)) != NULL;
}

/*
 * Walks the markers of a JPEG up to the start of scan. Returns 0 with the
 * frame size, and *out_meta set when any metadata segment (APP1..APP15, COM)
 * is present; -1 when the structure is broken.
 */
static int jpeg_walk(const unsigned char *p, size_t len, int *out_w, int *out_h, int *out_meta)
{
    *out_w = *out_h = *out_meta = 0;
    if (len < 4 || p[0] != 0xFF || p[1] != 0xD8)
        return -1;
    size_t i = 2;
    while (i + 4 <= len) {
        if (p[i] != 0xFF)
            return -1;
        unsigned m = p[i + 1];
        size_t seg = (size_t)p[i + 2] << 8 | p[i + 3];
        if (seg < 2 || i + 2 + seg > len)
            return -1;
        if ((m >= 0xE1 && m <= 0xEF) || m == 0xFE)
            *out_meta = 1;
        if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
            if (seg < 7)
                return -1;
            *out_h = p[i + 5] << 8 | p[i + 6];
            *out_w = p[i + 7] << 8 | p[i + 8];
        }
        if (m == 0xDA)
            return *out_w > 0 ? 0 : -1;
        i += 2 + seg;
    }
    return -1;
}

/* A stripped baseline JPEG of exactly w x h, ending in EOI. */
static void expect_clean_jpeg(const unsigned char *p, size_t len, int w, int h)
{
    int jw, jh, meta;
    assert_true(len > 4);
    assert_int_equal(p[0], 0xFF);
    assert_int_equal(p[1], 0xD8);
    assert_int_equal(p[len - 2], 0xFF);
    assert_int_equal(p[len - 1], 0xD9);
    assert_int_equal(jpeg_walk(p, len, &jw, &jh, &meta), 0);
    assert_int_equal(jw, w);
    assert_int_equal(jh, h);
    assert_int_equal(meta, 0);
    assert_false(contains(p, len, "Exif"));
    assert_false(contains(p, len, "GPS"));
    assert_false(contains(p, len, "TestCam"));
    assert_false(contains(p, len, "Fixture"));
    assert_false(contains(p, len, "ICC_PROFILE"));
}

static enum img_status process_file(const char *name, struct img_result *res)
{
    char path[256];
    snprintf(path, sizeof path, DATA "%s", name);
    size_t len;
    unsigned char *data = slurp(path, &len);
    enum img_status s = img_process(helper(), data, len, res);
    free(data);
    return s;
}

/* Writes an executable shell script into the temporary directory. */
static const char *script(const char *name, const char *body)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("#!/bin/sh\n", f);
    fputs(body, f);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(chmod(path, 0700), 0);
    return path;
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int setup(void **state)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/wr-test-img-XXXXXX");
    if (mkdtemp(tmpdir) == NULL)
        return -1;
    if (access(helper(), X_OK) != 0) {
        fprintf(stderr, "test_img: helper %s not found; build it or set %s\n", helper(),
                IMG_HELPER_ENV);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    static const char *const names[] = {"slow",   "closer", "short",   "liar",
                                        "decode", "early",  "toolong", "crash"};
    char path[160];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", tmpdir, names[i]);
        unlink(path);
    }
    rmdir(tmpdir);
    return 0;
}

static void test_gps_photo_is_stripped_and_upright(void **state)
{
    struct img_result r;
    assert_int_equal(process_file("photo-gps.jpg", &r), IMG_OK);
    /* 80x40 with orientation 6 (rotate 90): stored upright as 40x80 */
    assert_int_equal(r.width, 40);
    assert_int_equal(r.height, 80);
    expect_clean_jpeg(r.photo, r.photo_len, 40, 80);
    /* small photos are not enlarged, not even for the thumbnail */
    assert_int_equal(r.thumb_width, 40);
    assert_int_equal(r.thumb_height, 80);
    expect_clean_jpeg(r.thumb, r.thumb_len, 40, 80);
    assert_true(r.helper_maxrss_kb > 0);
    img_result_free(&r);
    assert_null(r.photo);
}

static void test_big_photo_is_shrunk_and_decodable(void **state)
{
    struct img_result r;
    assert_int_equal(process_file("big.jpg", &r), IMG_OK);
    assert_int_equal(r.width, IMG_PHOTO_SIDE);
    assert_int_equal(r.height, 410);
    expect_clean_jpeg(r.photo, r.photo_len, 2048, 410);
    assert_int_equal(r.thumb_width, IMG_THUMB_SIDE);
    assert_int_equal(r.thumb_height, 64);
    expect_clean_jpeg(r.thumb, r.thumb_len, 320, 64);

    /* the output is a real JPEG: the helper decodes it again to the same size */
    struct img_result again;
    assert_int_equal(img_process(helper(), r.photo, r.photo_len, &again), IMG_OK);
    assert_int_equal(again.width, 2048);
    assert_int_equal(again.height, 410);
    img_result_free(&again);
    assert_int_equal(img_process(helper(), r.thumb, r.thumb_len, &again), IMG_OK);
    assert_int_equal(again.width, 320);
    assert_int_equal(again.thumb_width, 320);
    img_result_free(&again);
    img_result_free(&r);
}

static void test_png_webp_heic_accepted(void **state)
{
    static const struct {
        const char *file;
        int w, h;
    } cases[] = {
        {"small.png", 80, 40}, /* RGBA: the alpha is flattened onto white */
        {"small.webp", 50, 50},
        /* Debian 12's libvips decodes HEVC through libheif; at this size the decoder's
         * thread frees enough to make glibc trim its arena (which once opened a file) */
        {"small.heic", 512, 384},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct img_result r;
        enum img_status s = process_file(cases[i].file, &r);
        if (s != IMG_OK)
            fail_msg("%s: %s", cases[i].file, img_status_name(s));
        expect_clean_jpeg(r.photo, r.photo_len, cases[i].w, cases[i].h);
        int tw = cases[i].w > 320 ? 320 : cases[i].w;
        int th = cases[i].w > 320 ? cases[i].h * 320 / cases[i].w : cases[i].h;
        expect_clean_jpeg(r.thumb, r.thumb_len, tw, th);
        img_result_free(&r);
    }
}

static void test_refusals(void **state)
{
    static const struct {
        const char *file;
        enum img_status want;
    } cases[] = {
        {"text.jpg", IMG_NOT_AN_IMAGE},       {"small.gif", IMG_UNSUPPORTED_TYPE},
        {"small.avif", IMG_UNSUPPORTED_TYPE}, {"truncated.jpg", IMG_DECODE_FAILED},
        {"bomb.png", IMG_TOO_MANY_PIXELS},    {"bomb.jpg", IMG_TOO_MANY_PIXELS},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct img_result r;
        long long t0 = now_ms();
        enum img_status s = process_file(cases[i].file, &r);
        if (s != cases[i].want)
            fail_msg("%s: got %s, want %s", cases[i].file, img_status_name(s),
                     img_status_name(cases[i].want));
        assert_int_equal(r.status, s);
        assert_null(r.photo);
        assert_null(r.thumb);
        /* a bomb is refused from its header, not after decoding 2.5 gigapixels */
        assert_true(now_ms() - t0 < 5000);
        img_result_free(&r);
    }
}

static void test_garbage_after_magic(void **state)
{
    static const unsigned char magics[][12] = {
        {0xFF, 0xD8, 0xFF, 0xE0},
        {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'},
        {'R', 'I', 'F', 'F', 0x10, 0, 0, 0, 'W', 'E', 'B', 'P'},
    };
    unsigned char data[8192];
    unsigned x = 12345;
    for (size_t i = 0; i < sizeof data; i++) {
        x = x * 1103515245u + 12345u;
        data[i] = (unsigned char)(x >> 16);
    }
    for (size_t k = 0; k < 3; k++) {
        memcpy(data, magics[k], 12);
        struct img_result r;
        assert_int_equal(img_process(helper(), data, sizeof data, &r), IMG_DECODE_FAILED);
        img_result_free(&r);
    }
}

static void test_size_limits(void **state)
{
    struct img_result r;
    /* refused before any process is started: the helper path does not exist */
    assert_int_equal(img_process("/nonexistent/helper", "x", 0, &r), IMG_NOT_AN_IMAGE);
    unsigned char *big = calloc(1, IMG_MAX_INPUT + 1);
    assert_non_null(big);
    big[0] = 0xFF, big[1] = 0xD8, big[2] = 0xFF;
    assert_int_equal(img_process("/nonexistent/helper", big, IMG_MAX_INPUT + 1, &r), IMG_TOO_LARGE);
    free(big);

    /* the helper keeps its own limit: feed it the photo plus 20 MiB of zeros */
    char abs[PATH_MAX];
    assert_non_null(realpath(helper(), abs));
    char body[PATH_MAX + 128];
    snprintf(body, sizeof body, "{ /bin/cat; /usr/bin/head -c %zu /dev/zero; } | exec %s\n",
             IMG_MAX_INPUT, abs);
    const char *wrapper = script("toolong", body);
    size_t len;
    unsigned char *photo = slurp(DATA "photo-gps.jpg", &len);
    enum img_status s = img_process(wrapper, photo, len, &r);
    free(photo);
    assert_int_equal(s, IMG_TOO_LARGE);
}

static void test_timeouts_kill_and_reap(void **state)
{
    struct img_result r;
    unsigned char jpeg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0, 0};
    /* a helper that never answers */
    const char *slow = script("slow", "exec /bin/sleep 30\n");
    long long t0 = now_ms();
    assert_int_equal(img_process_timeout(slow, jpeg, sizeof jpeg, 500, &r), IMG_TIMEOUT);
    long long took = now_ms() - t0;
    assert_true(took >= 450 && took < 5000);
    /* a helper that closes its output and lingers */
    const char *closer = script("closer", "exec >&-\nexec /bin/sleep 30\n");
    t0 = now_ms();
    assert_int_equal(img_process_timeout(closer, jpeg, sizeof jpeg, 500, &r), IMG_TIMEOUT);
    assert_true(now_ms() - t0 < 5000);
    /* both were reaped: no child of ours is left */
    errno = 0;
    assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
    assert_int_equal(errno, ECHILD);
}

static void test_lying_helpers(void **state)
{
    struct img_result r;
    unsigned char jpeg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0, 0};
    assert_int_equal(img_process("/nonexistent/helper", jpeg, sizeof jpeg, &r), IMG_HELPER_FAILED);
    const char *s1 = script("short", "/bin/cat >/dev/null; printf 'OK 1 2 3\\n'\n");
    assert_int_equal(img_process(s1, jpeg, sizeof jpeg, &r), IMG_HELPER_FAILED);
    /* a well-formed error with the wrong exit status is not believed */
    const char *s2 = script("liar", "/bin/cat >/dev/null; printf 'ERR not-an-image\\n'\n");
    assert_int_equal(img_process(s2, jpeg, sizeof jpeg, &r), IMG_HELPER_FAILED);
    const char *s3 = script("decode", "/bin/cat >/dev/null; printf 'ERR decode-failed\\n'; "
                                      "exit 1\n");
    assert_int_equal(img_process(s3, jpeg, sizeof jpeg, &r), IMG_DECODE_FAILED);
    const char *s4 = script("crash", "/bin/cat >/dev/null; kill -SEGV $$\n");
    assert_int_equal(img_process(s4, jpeg, sizeof jpeg, &r), IMG_HELPER_FAILED);

    /* a helper that answers without reading 8 MB of input: no SIGPIPE, no deadlock */
    const char *s5 = script("early", "printf 'ERR too-many-pixels\\n'; exit 1\n");
    size_t n = 8 * 1024 * 1024;
    unsigned char *big = calloc(1, n);
    assert_non_null(big);
    memcpy(big, jpeg, sizeof jpeg);
    assert_int_equal(img_process(s5, big, n, &r), IMG_TOO_MANY_PIXELS);
    free(big);
}

/* Runs the helper with one flag and /dev/null as stdin and stdout; returns the wait status. */
static int run_flag(const char *flag)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    char *const argv[] = {(char *)helper(), (char *)flag, NULL};
    char *const envp[] = {NULL};
    pid_t pid;
    assert_int_equal(posix_spawn(&pid, helper(), &fa, NULL, argv, envp), 0);
    posix_spawn_file_actions_destroy(&fa);
    int st = 0;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    return st;
}

static void test_seccomp_kills_forbidden_calls(void **state)
{
    int st = run_flag("--selftest-open");
    assert_true(WIFSIGNALED(st));
    assert_int_equal(WTERMSIG(st), SIGSYS);
    st = run_flag("--selftest-fork");
    assert_true(WIFSIGNALED(st));
    assert_int_equal(WTERMSIG(st), SIGSYS);
    st = run_flag("--selftest-exec");
    assert_true(WIFSIGNALED(st));
    assert_int_equal(WTERMSIG(st), SIGSYS);
    /* and a plain run on empty input is not killed: it answers */
    st = run_flag(NULL);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 1);
}

static void *worker(void *arg)
{
    struct img_result *r = arg;
    process_file("photo-gps.jpg", r);
    return NULL;
}

static void test_concurrent_calls(void **state)
{
    pthread_t t[4];
    struct img_result r[4];
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, worker, &r[i]), 0);
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(r[i].status, IMG_OK);
        assert_int_equal(r[i].photo_len, r[0].photo_len);
        assert_memory_equal(r[i].photo, r[0].photo, r[0].photo_len);
    }
    for (int i = 0; i < 4; i++)
        img_result_free(&r[i]);
}

/* Builds "OK ..." + two minimal JPEG-framed blobs into out; returns its length. */
static size_t make_frame(unsigned char *out, size_t cap, const char *head)
{
    static const unsigned char blob[] = {0xFF, 0xD8, 0xFF, 0xE0, 0xFF, 0xD9};
    size_t n = strlen(head);
    assert_true(n + 2 * sizeof blob <= cap);
    memcpy(out, head, n);
    memcpy(out + n, blob, sizeof blob);
    memcpy(out + n + sizeof blob, blob, sizeof blob);
    return n + 2 * sizeof blob;
}

static void test_parse_frame(void **state)
{
    unsigned char f[256];
    struct img_frame fr;
    size_t n = make_frame(f, sizeof f, "OK 6 6 100 50 100 50\n");
    assert_int_equal(img_parse_frame(f, n, &fr), 0);
    assert_int_equal(fr.status, IMG_OK);
    assert_int_equal(fr.photo_len, 6);
    assert_ptr_equal(fr.photo, f + 21);
    assert_ptr_equal(fr.thumb, f + 27);
    assert_int_equal(fr.width, 100);
    assert_int_equal(fr.thumb_height, 50);

    static const char *const bad_heads[] = {
        "OK 06 6 100 50 100 50\n", /* leading zero */
        "OK +6 6 100 50 100 50\n",         "OK 6 6 100 50 100\n",      "OK 6 6 100 50 100 50 1\n",
        "OK 6 6 100  50 100 50\n",         "OK 6 6 0 50 10 10\n",      "OK 6 6 2049 50 100 50\n",
        "OK 6 6 100 50 321 50\n", /* thumbnail over its limit */
        "OK 6 6 100 50 200 50\n", /* thumbnail wider than the photo */
        "OK 7 5 100 50 100 50\n", /* lengths that do not match the blobs */
        "OK 1000000000 6 100 50 100 50\n", "OK 6 6 100 50 100 50\r\n", "ok 6 6 100 50 100 50\n",
    };
    for (size_t i = 0; i < sizeof bad_heads / sizeof bad_heads[0]; i++) {
        n = make_frame(f, sizeof f, bad_heads[i]);
        if (img_parse_frame(f, n, &fr) != -1)
            fail_msg("accepted %s", bad_heads[i]);
        assert_int_equal(fr.status, IMG_OK); /* zeroed */
        assert_null(fr.photo);
    }
    /* a byte after the frame, a byte short, a blob that is not a JPEG */
    n = make_frame(f, sizeof f, "OK 6 6 100 50 100 50\n");
    f[n] = 0;
    assert_int_equal(img_parse_frame(f, n + 1, &fr), -1);
    assert_int_equal(img_parse_frame(f, n - 1, &fr), -1);
    f[21] = 0;
    assert_int_equal(img_parse_frame(f, n, &fr), -1);

    assert_int_equal(img_parse_frame("ERR not-an-image\n", 17, &fr), 0);
    assert_int_equal(fr.status, IMG_NOT_AN_IMAGE);
    assert_int_equal(img_parse_frame("ERR heic-unsupported\n", 21, &fr), 0);
    assert_int_equal(fr.status, IMG_HEIC_UNSUPPORTED);
    assert_int_equal(img_parse_frame("ERR timeout\n", 12, &fr), -1); /* not the helper's word */
    assert_int_equal(img_parse_frame("ERR ok\n", 7, &fr), -1);
    assert_int_equal(img_parse_frame("ERR not-an-image\nX", 18, &fr), -1);
    assert_int_equal(img_parse_frame("ERR not-an-image", 16, &fr), -1);
    assert_int_equal(img_parse_frame("", 0, &fr), -1);
    assert_int_equal(img_parse_frame(NULL, 0, &fr), -1);
}

static void test_messages(void **state)
{
    assert_string_equal(img_msgid(IMG_NOT_AN_IMAGE),
                        "Dit bestand is geen foto. Kies een JPEG-, PNG-, HEIC- of WebP-foto.");
    assert_string_equal(img_msgid(IMG_OK), "");
    for (int s = 1; s < IMG_NSTATUS; s++) {
        assert_true(strlen(img_msgid((enum img_status)s)) > 20);
        assert_true(strlen(img_status_name((enum img_status)s)) > 1);
    }
    assert_string_equal(img_status_name(IMG_TOO_MANY_PIXELS), "too-many-pixels");
    assert_string_equal(img_msgid((enum img_status)99), img_msgid(IMG_HELPER_FAILED));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gps_photo_is_stripped_and_upright),
        cmocka_unit_test(test_big_photo_is_shrunk_and_decodable),
        cmocka_unit_test(test_png_webp_heic_accepted),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_garbage_after_magic),
        cmocka_unit_test(test_size_limits),
        cmocka_unit_test(test_timeouts_kill_and_reap),
        cmocka_unit_test(test_lying_helpers),
        cmocka_unit_test(test_seccomp_kills_forbidden_calls),
        cmocka_unit_test(test_concurrent_calls),
        cmocka_unit_test(test_parse_frame),
        cmocka_unit_test(test_messages),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
