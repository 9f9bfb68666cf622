/* hash.h — SHA-256 of files and buffers, as lowercase hex.
 *
 * regio records the digest of every imported file so that a batch can say exactly which bytes it came
 * from and a re-import of the same file can be recognised. Nettle does the hashing.
 */
#ifndef REGIO_HASH_H
#define REGIO_HASH_H

#include <stddef.h>

#include "regio/error.h"
#include "regio/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* SHA-256 of the file's bytes into hex (64 lowercase hex digits + NUL). REGIO_EIO when it cannot be read. */
REGIO_API int regio_sha256_file(const char *path, char hex[65], regio_error *err);

/* SHA-256 of len bytes at data into hex (64 lowercase hex digits + NUL). */
REGIO_API void regio_sha256_hex(const void *data, size_t len, char hex[65]);

#ifdef __cplusplus
}
#endif
#endif
