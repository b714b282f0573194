/*
 * imgclient.h: the server's side of photo processing.
 *
 * The server never decodes an image itself: img_process() starts the
 * sandboxed helper wijkregie-img (src/imgproc/main.c) for each photo, hands
 * it the uploaded bytes and takes back a re-encoded JPEG without metadata and
 * a thumbnail, or the reason the file was refused. libvips lives only in the
 * helper, so it is neither linked into nor resident in the server, and a
 * hostile file can at worst crash a short-lived process.
 *
 * The limits below are shared with the helper, which includes this header
 * (and nothing else of the project).
 */
#ifndef WR_IMGCLIENT_H
#define WR_IMGCLIENT_H

#include <stddef.h>
#include <stdint.h>

#define IMG_MAX_INPUT      ((size_t)20 * 1024 * 1024) /* bytes of one uploaded file */
#define IMG_MAX_PIXELS     ((uint64_t)40 * 1000 * 1000)
#define IMG_PHOTO_SIDE     2048 /* long side of the stored photo, at most */
#define IMG_THUMB_SIDE     320  /* long side of the thumbnail, at most */
#define IMG_MAX_PHOTO_OUT  ((size_t)16 * 1024 * 1024)
#define IMG_MAX_THUMB_OUT  ((size_t)2 * 1024 * 1024)
#define IMG_MAX_HEADER     128
#define IMG_TIMEOUT_MS     15000 /* wall clock for one helper run, then SIGKILL */
#define IMG_HELPER_ENV     "WR_IMG_HELPER"
#define IMG_HELPER_DEFAULT "build/wijkregie-img"

/* The outcome; 0 is success. The first six are the helper's own answers. */
enum img_status {
    IMG_OK = 0,
    IMG_NOT_AN_IMAGE,     /* "not-an-image": no known image signature */
    IMG_UNSUPPORTED_TYPE, /* "unsupported-type": an image, but GIF, TIFF, AVIF, ... */
    IMG_TOO_LARGE,        /* "too-large": more than IMG_MAX_INPUT bytes */
    IMG_TOO_MANY_PIXELS,  /* "too-many-pixels": more than IMG_MAX_PIXELS */
    IMG_DECODE_FAILED,    /* "decode-failed": damaged, truncated or inconsistent */
    IMG_HEIC_UNSUPPORTED, /* "heic-unsupported": this libvips cannot decode HEIC */
    IMG_HELPER_FAILED,    /* the helper could not start, crashed or answered nonsense */
    IMG_TIMEOUT,          /* the helper ran out of wall-clock or CPU time and was killed */
    IMG_NO_MEMORY,        /* the server ran out of memory or descriptors */
};
#define IMG_NSTATUS 10

/* A parsed helper answer; photo and thumb point into the parsed buffer. */
struct img_frame {
    enum img_status status;
    const unsigned char *photo;
    size_t photo_len;
    const unsigned char *thumb;
    size_t thumb_len;
    int width, height;             /* of the photo */
    int thumb_width, thumb_height; /* of the thumbnail */
};

/* The result of img_process; photo and thumb are malloc'd (img_result_free). */
struct img_result {
    enum img_status status;
    unsigned char *photo; /* JPEG, starts FF D8, no metadata */
    size_t photo_len;
    unsigned char *thumb; /* JPEG, long side <= IMG_THUMB_SIDE */
    size_t thumb_len;
    int width, height;
    int thumb_width, thumb_height;
    long helper_maxrss_kb; /* the helper's peak resident memory (wait4), 0 if unknown */
};

/*
 * Parses one complete helper answer of len bytes (need not be NUL-terminated):
 *   "OK <photo-len> <thumb-len> <w> <h> <thumb-w> <thumb-h>\n" photo thumb
 *   "ERR <code>\n"
 * Strict: plain decimal fields (no sign, no leading zero) separated by one
 * space, lengths within the IMG_MAX_*_OUT limits, sizes within the side limits,
 * both blobs framed as JPEG (FF D8 FF ... FF D9), no bytes after the frame,
 * a known error code. Pure: no allocation, no I/O.
 * Returns 0 with *out filled (status IMG_OK or the helper's error), or -1
 * with *out zeroed when the answer is malformed.
 */
int img_parse_frame(const void *data, size_t len, /* out: */ struct img_frame *out);

/*
 * Runs the helper at helper_path on data[0..len) and waits for its answer
 * at most timeout_ms of wall-clock time, then kills it (SIGKILL) and reaps
 * it. The helper gets an empty environment, the data on stdin (a socket, so
 * that a helper that stops reading cannot raise SIGPIPE here), its answer on
 * stdout, /dev/null as stderr, and no other descriptor. Input and output are
 * moved concurrently with poll(), so neither side can block the other.
 * Files larger than IMG_MAX_INPUT and empty ones are refused without
 * starting the helper. Safe to call from any number of threads at once; the
 * process must not set SIGCHLD to SIG_IGN (the child could not be reaped).
 * Returns res->status; on IMG_OK res holds both JPEGs, otherwise no memory.
 */
enum img_status img_process_timeout(const char *helper_path, const void *data, size_t len,
                                    int timeout_ms, /* out: */ struct img_result *res);
/* img_process_timeout with IMG_TIMEOUT_MS (15 s). */
enum img_status img_process(const char *helper_path, const void *data, size_t len,
                            /* out: */ struct img_result *res);

/* Frees the JPEGs of res and zeroes it; NULL is fine. */
void img_result_free(struct img_result *res);

/*
 * The message for the user, as a Dutch msgid to translate with i18n_get()
 * ("Dit bestand is geen foto. ..."); "" for IMG_OK. Never mentions the file.
 */
const char *img_msgid(enum img_status s);
/* A short stable name for logs and metrics ("not-an-image", "timeout", ...). */
const char *img_status_name(enum img_status s);

#endif
