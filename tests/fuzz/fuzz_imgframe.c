/*
 * fuzz_imgframe.c: the parser of the photo helper's answer (img_parse_frame)
 * on arbitrary bytes. The helper has just parsed a hostile file, so the
 * server must survive anything it says. Besides memory safety this checks
 * that the format is canonical: every accepted answer, written out again
 * from the parsed fields, is byte for byte the input, and every rejected one
 * leaves the output zeroed.
 */
#include "lib/imgclient.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct img_frame fr;
    /* a copy of exactly size bytes, so that ASan sees any read past the end */
    uint8_t *copy = malloc(size ? size : 1);
    if (copy == NULL)
        return 0;
    if (size)
        memcpy(copy, data, size);
    int rc = img_parse_frame(copy, size, &fr);
    if (rc != 0) {
        static const struct img_frame zero;
        if (rc != -1 || memcmp(&fr, &zero, sizeof fr) != 0)
            abort();
        free(copy);
        return 0;
    }
    char head[IMG_MAX_HEADER + 64];
    int n;
    if (fr.status == IMG_OK) {
        if (fr.photo < copy || fr.thumb != fr.photo + fr.photo_len ||
            fr.thumb + fr.thumb_len != copy + size)
            abort();
        if (fr.width < 1 || fr.width > IMG_PHOTO_SIDE || fr.height < 1 ||
            fr.height > IMG_PHOTO_SIDE || fr.thumb_width < 1 || fr.thumb_width > IMG_THUMB_SIDE ||
            fr.thumb_height < 1 || fr.thumb_height > IMG_THUMB_SIDE)
            abort();
        if (fr.photo_len > IMG_MAX_PHOTO_OUT || fr.thumb_len > IMG_MAX_THUMB_OUT)
            abort();
        if (fr.photo[0] != 0xFF || fr.photo[1] != 0xD8 || fr.thumb[fr.thumb_len - 1] != 0xD9)
            abort();
        n = snprintf(head, sizeof head, "OK %zu %zu %d %d %d %d\n", fr.photo_len, fr.thumb_len,
                     fr.width, fr.height, fr.thumb_width, fr.thumb_height);
        if (n <= 0 || (size_t)n != (size_t)(fr.photo - copy) || memcmp(head, copy, (size_t)n) != 0)
            abort();
    } else {
        if (fr.status <= IMG_OK || fr.status > IMG_HEIC_UNSUPPORTED || fr.photo != NULL ||
            fr.thumb != NULL)
            abort();
        n = snprintf(head, sizeof head, "ERR %s\n", img_status_name(fr.status));
        if (n <= 0 || (size_t)n != size || memcmp(head, copy, size) != 0)
            abort();
    }
    free(copy);
    return 0;
}
