/*
 * wijkregie-img: decodes one uploaded photo and re-encodes it, in a process
 * of its own.
 *
 * Image decoders are the riskiest parsers the project runs on untrusted
 * input, so the server never links them: it starts this helper for every
 * photo (src/lib/imgclient.c), writes the file to its stdin and reads a small
 * frame from its stdout. Before it reads a byte of input the helper lowers
 * its resource limits, closes every inherited descriptor, starts libvips with
 * only the JPEG, PNG, WebP and HEIF loaders unblocked, and then installs a
 * seccomp filter that kills the process on any system call outside a short
 * list (no open, no exec, no fork, no sockets). A hostile file can at worst
 * crash or stall this process; it cannot reach the server's memory, files or
 * network, and the timeout and the CPU limit end a stall.
 *
 * Output on stdout, one frame:
 *   "OK <photo-len> <thumb-len> <width> <height> <thumb-width> <thumb-height>\n"
 *   followed by the photo JPEG and the thumbnail JPEG, or
 *   "ERR <code>\n" with code one of not-an-image, unsupported-type, too-large,
 *   too-many-pixels, decode-failed, heic-unsupported.
 * The photo is at most 2048 px on its long side, the thumbnail at most 320,
 * both baseline JPEG in sRGB with every metadata block stripped (EXIF, GPS,
 * XMP, IPTC, ICC), turned upright by the EXIF orientation first.
 * Exit status: 0 for OK, 1 for ERR, 2 for a usage or setup failure.
 *
 * Debug flags (tests): --selftest-open, --selftest-fork and --selftest-exec
 * try a forbidden system call (open, fork, an executable mapping) after the
 * filter is in place; the process must die by SIGSYS.
 */
#include <vips/vips.h>
#include <vips/vector.h>

/* only for the shared limits (IMG_MAX_INPUT, IMG_MAX_PIXELS, IMG_*_SIDE) */
#include "lib/imgclient.h"

#include <errno.h>
#include <inttypes.h>
#include <malloc.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#define IMG_QUALITY 85

/* AddressSanitizer reserves terabytes of address space and its leak check
 * at exit needs ptrace: sanitizer builds skip RLIMIT_AS and leak checks. */
#if defined(__SANITIZE_ADDRESS__)
#define IMG_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define IMG_ASAN 1
#endif
#endif
#ifdef IMG_ASAN
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "detect_leaks=0";
}
#endif

enum img_kind { KIND_NONE, KIND_JPEG, KIND_PNG, KIND_WEBP, KIND_HEIC, KIND_OTHER_IMAGE };

/* Writes all of data to fd; the helper has nothing else to do on failure. */
static int write_all(int fd, const void *data, size_t len)
{
    const unsigned char *p = data;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Answers "ERR code" and ends the process with status 1. */
static _Noreturn void fail_with(const char *code)
{
    char line[64];
    int n = snprintf(line, sizeof line, "ERR %s\n", code);
    if (n > 0)
        (void)write_all(STDOUT_FILENO, line, (size_t)n);
    /* libvips's own words, for whoever reads the helper's stderr (not the user) */
    const char *e = vips_error_buffer();
    if (e != NULL && *e != '\0')
        (void)write_all(STDERR_FILENO, e, strlen(e));
    _exit(1);
}

static _Noreturn void die_setup(const char *what)
{
    char line[160];
    int n = snprintf(line, sizeof line, "wijkregie-img: %s failed (%s)\n", what, strerror(errno));
    if (n > 0)
        (void)write_all(STDERR_FILENO, line, (size_t)n);
    _exit(2);
}

static int set_limit(int resource, rlim_t soft, rlim_t hard)
{
    struct rlimit rl = {.rlim_cur = soft, .rlim_max = hard};
    return setrlimit(resource, &rl);
}

/*
 * Lowers the limits before anything else runs: 1 GiB of address space, 10 s
 * of CPU (SIGXCPU, then SIGKILL at 11 s), no files written, no core dumps, a
 * handful of descriptors. RLIMIT_NPROC is not lowered: it counts every task
 * of the user, including the server's threads, and libvips needs a worker
 * thread; the seccomp filter instead allows clone only for threads.
 */
static void set_limits(void)
{
#ifndef IMG_ASAN
    if (set_limit(RLIMIT_AS, (rlim_t)1 << 30, (rlim_t)1 << 30) != 0)
        die_setup("RLIMIT_AS");
#endif
    if (set_limit(RLIMIT_CPU, 10, 11) != 0)
        die_setup("RLIMIT_CPU");
    if (set_limit(RLIMIT_FSIZE, 0, 0) != 0)
        die_setup("RLIMIT_FSIZE");
    if (set_limit(RLIMIT_CORE, 0, 0) != 0)
        die_setup("RLIMIT_CORE");
    /* libvips and glib open a few files while starting (modules, eventfd) */
    if (set_limit(RLIMIT_NOFILE, 32, 32) != 0)
        die_setup("RLIMIT_NOFILE");
}

/* Closes every descriptor but stdin, stdout and stderr, whatever the parent leaked. */
static void close_inherited(void)
{
#ifdef SYS_close_range
    if (syscall(SYS_close_range, 3U, ~0U, 0U) == 0)
        return;
#endif
    for (int fd = 3; fd < 1024; fd++)
        (void)close(fd);
}

/* The BPF filter: allow a fixed list, threads only, kill on anything else. */
#define SC_ALLOW(nr)                                                                               \
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1), BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)
#define SC_ERRNO(nr, e)                                                                            \
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1),                                               \
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ((e)&SECCOMP_RET_DATA))

#if defined(__x86_64__)
#define SC_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define SC_ARCH AUDIT_ARCH_AARCH64
#else
#error "wijkregie-img: seccomp filter written for x86_64 and aarch64 only"
#endif

#define SC_NR        offsetof(struct seccomp_data, nr)
#define SC_ARCHOFF   offsetof(struct seccomp_data, arch)
#define SC_ARG0_LOW  offsetof(struct seccomp_data, args[0]) /* little-endian: low half first */
#define SC_ARG2_LOW  offsetof(struct seccomp_data, args[2])
#define SC_CLONE_REQ (CLONE_VM | CLONE_THREAD | CLONE_SIGHAND)

/*
 * Installs the filter on every thread of the process (TSYNC: glib may have
 * started one already). After it, the process can read and write the
 * descriptors it has, manage memory (never executable), and start and join
 * threads of its own; opening a file, creating a process, exec, sockets,
 * ptrace, executable mappings and the rest end it with SIGSYS. clone3 answers ENOSYS, so that glibc
 * falls back to clone, whose flags a filter can see: only clone with CLONE_VM|CLONE_THREAD|
 * CLONE_SIGHAND (a thread, never a process) passes.
 */
static void install_seccomp(void)
{
    struct sock_filter f[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, SC_ARCHOFF),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SC_ARCH, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, SC_NR),
#if defined(__x86_64__)
        /* x32 system calls have this bit set; none are allowed */
        BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000U, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
#endif
        /* clone: only threads (the flags are in the low half of args[0]) */
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone, 0, 5),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, SC_ARG0_LOW),
        BPF_STMT(BPF_ALU | BPF_AND | BPF_K, SC_CLONE_REQ),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SC_CLONE_REQ, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
        /* prctl: only PR_SET_NAME (glib names its threads); others fail */
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_prctl, 0, 4),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, SC_ARG0_LOW),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PR_SET_NAME, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
        /* mmap, mprotect: never executable memory (W^X; no JIT, no loading code) */
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, SC_NR),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_mmap, 1, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_mprotect, 0, 4),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, SC_ARG2_LOW),
        BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, PROT_EXEC, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, SC_NR),
#ifdef __NR_clone3
        SC_ERRNO(__NR_clone3, ENOSYS),
#endif
        SC_ALLOW(__NR_read),
        SC_ALLOW(__NR_write),
        SC_ALLOW(__NR_readv),
        SC_ALLOW(__NR_writev),
        SC_ALLOW(__NR_close),
        SC_ALLOW(__NR_lseek),
        SC_ALLOW(__NR_fstat),
        SC_ALLOW(__NR_newfstatat),
#ifdef __NR_statx
        SC_ALLOW(__NR_statx),
#endif
        SC_ALLOW(__NR_munmap),
        SC_ALLOW(__NR_mremap),
        SC_ALLOW(__NR_madvise),
        SC_ALLOW(__NR_brk),
        SC_ALLOW(__NR_futex),
        SC_ALLOW(__NR_set_robust_list),
#ifdef __NR_rseq
        SC_ALLOW(__NR_rseq),
#endif
        SC_ALLOW(__NR_rt_sigprocmask),
        SC_ALLOW(__NR_rt_sigaction),
        SC_ALLOW(__NR_sigaltstack), /* AddressSanitizer sets one up in every thread */
        SC_ALLOW(__NR_rt_sigreturn),
        SC_ALLOW(__NR_sched_yield),
        SC_ALLOW(__NR_sched_getaffinity),
        SC_ALLOW(__NR_gettid),
        SC_ALLOW(__NR_getpid),
        SC_ALLOW(__NR_clock_gettime),
        SC_ALLOW(__NR_clock_nanosleep),
        SC_ALLOW(__NR_nanosleep),
        SC_ALLOW(__NR_getrandom),
        SC_ALLOW(__NR_exit),
        SC_ALLOW(__NR_exit_group),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
    };
    struct sock_fprog prog = {.len = (unsigned short)(sizeof f / sizeof f[0]), .filter = f};

    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        die_setup("PR_SET_NO_NEW_PRIVS");
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &prog) != 0)
        die_setup("seccomp");
}

/*
 * glib's default log writer probes stderr (getpeername for journald, ioctl
 * for a terminal), which the filter forbids. Warnings from the decoders are
 * about the uploaded file and help nobody: they are dropped.
 */
static GLogWriterOutput quiet_writer(GLogLevelFlags level, const GLogField *fields, gsize n,
                                     gpointer user_data)
{
    return G_LOG_WRITER_HANDLED;
}

/*
 * Starts libvips for one small job: one worker thread, no operation cache, no JIT,
 * every loader blocked except the four formats accepted, and nothing marked
 * untrusted (ImageMagick, PDF, SVG...) at all.
 */
static void start_vips(const char *argv0)
{
    /* lcms asks for the local time: read the zone now, not after the filter */
    if (setenv("VIPS_CONCURRENCY", "1", 1) != 0 || setenv("TZ", "UTC0", 1) != 0)
        die_setup("setenv");
    tzset();
    /* one malloc arena: glibc reads /proc/sys/vm/overcommit_memory the first
     * time it shrinks a thread's own arena, and open is forbidden after the filter */
#ifndef IMG_ASAN /* AddressSanitizer has its own allocator and ignores mallopt */
    if (mallopt(M_ARENA_MAX, 1) != 1)
        die_setup("mallopt");
#endif
    g_log_set_writer_func(quiet_writer, NULL, NULL);
    if (VIPS_INIT(argv0) != 0)
        die_setup("vips_init");
    vips_concurrency_set(1);
    /* no run-time code generation (ORC): it wants writable+executable memory
     * or a temporary file, neither of which belongs in a sandbox */
    vips_vector_set_enabled(FALSE);
    vips_cache_set_max(0);
    vips_cache_set_max_mem(0);
    vips_block_untrusted_set(TRUE);
    vips_operation_block_set("VipsForeignLoad", TRUE);
    vips_operation_block_set("VipsForeignLoadJpeg", FALSE);
    vips_operation_block_set("VipsForeignLoadPng", FALSE);
    vips_operation_block_set("VipsForeignLoadWebp", FALSE);
    vips_operation_block_set("VipsForeignLoadHeif", FALSE);
}

/* Reads all of stdin into a new buffer; "too-large" past IMG_MAX_INPUT. */
static unsigned char *read_input(size_t *out_len)
{
    size_t cap = 256 * 1024;
    size_t len = 0;
    unsigned char *data = malloc(cap);
    if (data == NULL)
        fail_with("decode-failed");
    for (;;) {
        if (len == cap) {
            if (cap > IMG_MAX_INPUT)
                fail_with("too-large");
            size_t ncap = cap * 2;
            if (ncap > IMG_MAX_INPUT + 1)
                ncap = IMG_MAX_INPUT + 1;
            unsigned char *n = realloc(data, ncap);
            if (n == NULL)
                fail_with("decode-failed");
            data = n;
            cap = ncap;
        }
        ssize_t n = read(STDIN_FILENO, data + len, cap - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            fail_with("decode-failed");
        if (n == 0)
            break;
        len += (size_t)n;
        if (len > IMG_MAX_INPUT)
            fail_with("too-large");
    }
    *out_len = len;
    return data;
}

static int brand_is_heic(const unsigned char *b)
{
    static const char *const brands[] = {"heic", "heix", "hevc", "hevx", "heim", "heis"};
    for (size_t i = 0; i < sizeof brands / sizeof brands[0]; i++)
        if (memcmp(b, brands[i], 4) == 0)
            return 1;
    return 0;
}

static int brand_is_other(const unsigned char *b)
{
    static const char *const brands[] = {"avif", "avis", "jxl ", "crx ", "qt  ",
                                         "isom", "mp41", "mp42", "M4V ", "3gp4"};
    for (size_t i = 0; i < sizeof brands / sizeof brands[0]; i++)
        if (memcmp(b, brands[i], 4) == 0)
            return 1;
    return 0;
}

/*
 * The HEIF family by its ftyp box: the major brand, or (for the generic
 * "mif1"/"msf1") one of the compatible brands, must be an HEVC one. AVIF and
 * other ISO media files are recognised as images of another kind.
 */
static enum img_kind sniff_ftyp(const unsigned char *d, size_t len)
{
    if (len < 16 || memcmp(d + 4, "ftyp", 4) != 0)
        return KIND_NONE;
    uint32_t box = (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | d[3];
    if (box < 16 || box > len || box > 4096)
        return KIND_NONE;
    const unsigned char *major = d + 8;
    if (brand_is_heic(major))
        return KIND_HEIC;
    if (memcmp(major, "mif1", 4) == 0 || memcmp(major, "msf1", 4) == 0) {
        int other = 0;
        for (uint32_t off = 16; off + 4 <= box; off += 4) {
            if (brand_is_heic(d + off))
                return KIND_HEIC;
            other |= brand_is_other(d + off);
        }
        /* a bare mif1 file without an AVIF brand is taken as HEIF; the loader decides */
        return other ? KIND_OTHER_IMAGE : KIND_HEIC;
    }
    return brand_is_other(major) ? KIND_OTHER_IMAGE : KIND_NONE;
}

/* The type by its first bytes, never by a name or a declared MIME type. */
static enum img_kind sniff(const unsigned char *d, size_t len)
{
    if (len >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
        return KIND_JPEG;
    if (len >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
        return KIND_PNG;
    if (len >= 12 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBP", 4) == 0)
        return KIND_WEBP;
    enum img_kind k = sniff_ftyp(d, len);
    if (k != KIND_NONE)
        return k;
    /* images of kinds not accepted: GIF, TIFF, BMP, ICO, JPEG 2000, JPEG XL, PSD, SVG */
    if ((len >= 6 && (memcmp(d, "GIF87a", 6) == 0 || memcmp(d, "GIF89a", 6) == 0)) ||
        (len >= 4 && (memcmp(d, "II*\0", 4) == 0 || memcmp(d, "MM\0*", 4) == 0)) ||
        (len >= 2 && memcmp(d, "BM", 2) == 0 && len >= 26) ||
        (len >= 4 && memcmp(d, "\0\0\1\0", 4) == 0) ||
        (len >= 12 && memcmp(d, "\0\0\0\x0cjP  \r\n\x87\n", 12) == 0) ||
        (len >= 2 && d[0] == 0xFF && d[1] == 0x0A) ||
        (len >= 12 && memcmp(d, "\0\0\0\x0cJXL \r\n\x87\n", 12) == 0) ||
        (len >= 4 && memcmp(d, "8BPS", 4) == 0) || (len >= 4 && memcmp(d, "<svg", 4) == 0))
        return KIND_OTHER_IMAGE;
    return KIND_NONE;
}

static int error_says(const char *needle)
{
    const char *e = vips_error_buffer();
    return e != NULL && strstr(e, needle) != NULL;
}

/*
 * Opens data with the one loader that its magic bytes name, never with
 * libvips's own guess (which would run every loader's sniffer, ImageMagick's
 * included, over the file). Lazily: only the header is read until pixels are
 * asked for, and then in one pass from top to bottom. The JPEG decoder can
 * shrink by 1, 2, 4 or 8 while decoding, the WebP decoder by any scale <= 1.
 * Truncated data fails instead of being painted grey. NULL on error.
 */
static VipsImage *load(const unsigned char *data, size_t len, enum img_kind kind, int shrink,
                       double scale)
{
    VipsImage *out = NULL;
    void *in = (void *)data; /* libvips takes a non-const pointer; it does not write */
    int rc = -1;
    switch (kind) {
    case KIND_JPEG:
        rc = vips_jpegload_buffer(in, len, &out, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on",
                                  VIPS_FAIL_ON_TRUNCATED, "shrink", shrink, NULL);
        break;
    case KIND_PNG:
        rc = vips_pngload_buffer(in, len, &out, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on",
                                 VIPS_FAIL_ON_TRUNCATED, NULL);
        break;
    case KIND_WEBP:
        rc = vips_webpload_buffer(in, len, &out, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on",
                                  VIPS_FAIL_ON_TRUNCATED, "scale", scale, NULL);
        break;
    case KIND_HEIC:
        rc = vips_heifload_buffer(in, len, &out, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on",
                                  VIPS_FAIL_ON_TRUNCATED, NULL);
        break;
    default:
        break;
    }
    return rc == 0 ? out : NULL;
}

/* The largest decoder shrink that still leaves at least side px on the long side. */
static int pick_shrink(uint64_t w, uint64_t h, int side)
{
    uint64_t longest = w > h ? w : h;
    int s = 1;
    while (s < 8 && longest / (uint64_t)(s * 2) >= (uint64_t)side)
        s *= 2;
    return s;
}

/*
 * Reads the header only, without decoding pixels, and refuses images above
 * the pixel limit (a 50000x50000 PNG of a few bytes stops here) and HEIF
 * files that hold AV1 (AVIF) rather than HEVC.
 */
static void check_header(const unsigned char *data, size_t len, enum img_kind kind,
                         /* out: */ uint64_t *out_w, uint64_t *out_h)
{
    if (kind == KIND_HEIC && vips_type_find("VipsOperation", "heifload_buffer") == 0)
        fail_with("heic-unsupported");
    VipsImage *head = load(data, len, kind, 1, 1.0);
    if (head == NULL) {
        if (kind == KIND_HEIC && (error_says("nsupported codec") || error_says("No decoder")))
            fail_with("heic-unsupported");
        fail_with("decode-failed");
    }
    uint64_t w = (uint64_t)vips_image_get_width(head);
    uint64_t h = (uint64_t)vips_image_get_height(head);
    const char *compression = NULL;
    int av1 = kind == KIND_HEIC && vips_image_get_typeof(head, "heif-compression") != 0 &&
              vips_image_get_string(head, "heif-compression", &compression) == 0 &&
              compression != NULL && strcmp(compression, "av1") == 0;
    g_object_unref(head);
    if (av1)
        fail_with("unsupported-type");
    if (w == 0 || h == 0)
        fail_with("decode-failed");
    if (w * h > IMG_MAX_PIXELS)
        fail_with("too-many-pixels");
    *out_w = w;
    *out_h = h;
}

/* Removes an alpha channel by flattening onto white (JPEG has no alpha). */
static VipsImage *flatten_white(VipsImage *in)
{
    if (!vips_image_hasalpha(in))
        return in;
    VipsImage *out = NULL;
    double white[3] = {255, 255, 255};
    VipsArrayDouble *bg = vips_array_double_new(white, in->Bands >= 3 ? 3 : 1);
    int rc = vips_flatten(in, &out, "background", bg, NULL);
    vips_area_unref(VIPS_AREA(bg));
    g_object_unref(in);
    return rc == 0 ? out : NULL;
}

/*
 * Decodes data (of kind, w x h) upright, in sRGB, at most side px on the long
 * side and never enlarged, and saves it as a stripped JPEG. Returns 0 or -1.
 */
static int make_jpeg(const unsigned char *data, size_t len, enum img_kind kind, uint64_t w,
                     uint64_t h, int side, /* out: */ void **out_buf, size_t *out_len, int *out_w,
                     int *out_h)
{
    uint64_t longest = w > h ? w : h;
    double scale = longest > (uint64_t)side ? (double)side / (double)longest : 1.0;
    VipsImage *in = load(data, len, kind, pick_shrink(w, h, side), scale);
    if (in == NULL)
        return -1;
    VipsImage *img = NULL;
    /* turns by the EXIF orientation, shrinks, converts an embedded profile to sRGB */
    int trc = vips_thumbnail_image(in, &img, side, "height", side, "size", VIPS_SIZE_DOWN,
                                   "export_profile", "srgb", NULL);
    g_object_unref(in);
    if (trc != 0)
        return -1;
    img = flatten_white(img);
    if (img == NULL)
        return -1;
    /* 16-bit sources (PNG) come out of the colour pipeline as ushort */
    if (vips_image_get_format(img) != VIPS_FORMAT_UCHAR) {
        VipsImage *c = NULL;
        int rc = vips_colourspace(
            img, &c, img->Bands >= 3 ? VIPS_INTERPRETATION_sRGB : VIPS_INTERPRETATION_B_W, NULL);
        g_object_unref(img);
        if (rc != 0)
            return -1;
        img = c;
    }
    *out_w = vips_image_get_width(img);
    *out_h = vips_image_get_height(img);
    int rc = vips_jpegsave_buffer(img, out_buf, out_len, "Q", IMG_QUALITY, "strip", TRUE,
                                  "optimize_coding", TRUE, "interlace", FALSE, NULL);
    g_object_unref(img);
    return rc;
}

int main(int argc, char **argv)
{
    int selftest_open = argc == 2 && strcmp(argv[1], "--selftest-open") == 0;
    int selftest_fork = argc == 2 && strcmp(argv[1], "--selftest-fork") == 0;
    int selftest_exec = argc == 2 && strcmp(argv[1], "--selftest-exec") == 0;
    if (argc > 1 && !selftest_open && !selftest_fork && !selftest_exec) {
        static const char usage[] = "usage: wijkregie-img < photo > frame\n";
        (void)write_all(STDERR_FILENO, usage, sizeof usage - 1);
        return 2;
    }
    /* a reader that went away should end us, not leave us spinning */
    signal(SIGPIPE, SIG_DFL);
    /* with RLIMIT_FSIZE 0, a write to a regular file fails with EFBIG instead of killing */
    signal(SIGXFSZ, SIG_IGN);
    close_inherited();
    set_limits();
    start_vips(argv[0]);
    install_seccomp();

    if (selftest_open) {
        /* must not return: openat is not on the list */
        int fd = open("/etc/hostname", O_RDONLY | O_CLOEXEC);
        (void)fd;
        _exit(3);
    }
    if (selftest_fork) {
        pid_t pid = fork();
        if (pid == 0)
            _exit(0);
        _exit(3);
    }
    if (selftest_exec) {
        void *p = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        (void)p;
        _exit(3);
    }

    size_t len = 0;
    unsigned char *data = read_input(&len);
    enum img_kind kind = sniff(data, len);
    if (kind == KIND_NONE)
        fail_with("not-an-image");
    if (kind == KIND_OTHER_IMAGE)
        fail_with("unsupported-type");
    uint64_t src_w = 0, src_h = 0;
    check_header(data, len, kind, &src_w, &src_h);

    void *photo = NULL;
    size_t photo_len = 0;
    int w = 0, h = 0;
    if (make_jpeg(data, len, kind, src_w, src_h, IMG_PHOTO_SIDE, &photo, &photo_len, &w, &h) != 0) {
        if (kind == KIND_HEIC && error_says("nsupported codec"))
            fail_with("heic-unsupported");
        fail_with("decode-failed");
    }
    free(data);
    /* the thumbnail comes from the cleaned photo, which is small and upright */
    void *thumb = NULL;
    size_t thumb_len = 0;
    int tw = 0, th = 0;
    if (make_jpeg(photo, photo_len, KIND_JPEG, (uint64_t)w, (uint64_t)h, IMG_THUMB_SIDE, &thumb,
                  &thumb_len, &tw, &th) != 0)
        fail_with("decode-failed");
    /* the server refuses larger answers; at quality 85 they do not occur */
    if (photo_len > IMG_MAX_PHOTO_OUT || thumb_len > IMG_MAX_THUMB_OUT)
        fail_with("decode-failed");

    char head[128];
    int n =
        snprintf(head, sizeof head, "OK %zu %zu %d %d %d %d\n", photo_len, thumb_len, w, h, tw, th);
    if (n <= 0 || (size_t)n >= sizeof head || write_all(STDOUT_FILENO, head, (size_t)n) != 0 ||
        write_all(STDOUT_FILENO, photo, photo_len) != 0 ||
        write_all(STDOUT_FILENO, thumb, thumb_len) != 0)
        _exit(2);
    /* no vips_shutdown: the process ends here and the kernel frees everything */
    _exit(0);
}
