/* hash.c — SHA-256 with nettle (see include/regio/hash.h). Files are hashed in 64 KiB blocks so that a
 * large import never has to sit in memory just to be fingerprinted. */
#include "regio/hash.h"
#include "core/util.h"

#include <errno.h>
#include <nettle/sha2.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static void to_hex(const uint8_t digest[SHA256_DIGEST_SIZE], char hex[65]) {
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < SHA256_DIGEST_SIZE; i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 0x0F];
    }
    hex[64] = '\0';
}

void regio_sha256_hex(const void *data, size_t len, char hex[65]) {
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, len, data);
    sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
    to_hex(digest, hex);
}

int regio_sha256_file(const char *path, char hex[65], regio_error *err) {
    hex[0] = '\0';
    int reg = regio_check_regular(path, err); /* /dev/zero or a FIFO would be hashed forever */
    if (reg) return reg;
    FILE *f = fopen(path, "rb");
    if (!f) return regio_error_set(err, REGIO_EIO, "无法打开文件 %s：%s", "cannot open %s: %s", path, strerror(errno));
    struct sha256_ctx ctx;
    uint8_t buf[65536], digest[SHA256_DIGEST_SIZE];
    size_t n;
    sha256_init(&ctx);
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) sha256_update(&ctx, n, buf);
    if (ferror(f)) {
        int e = errno;
        fclose(f);
        return regio_error_set(err, REGIO_EIO, "无法读取文件 %s：%s", "cannot read %s: %s", path, strerror(e));
    }
    fclose(f);
    sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
    to_hex(digest, hex);
    return REGIO_OK;
}
