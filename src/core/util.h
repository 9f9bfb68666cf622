/* util.h — small helpers every module needs: copying strings, strict number parsing.
 * Internal to libregio (not a public header). */
#ifndef REGIO_CORE_UTIL_H
#define REGIO_CORE_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "regio/error.h"

/* strdup that returns NULL for NULL. */
char *regio_strdup(const char *s);

/* printf into a new string, the caller's to free (NULL on out-of-memory). */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
char *regio_asprintf(const char *fmt, ...);

/* REGIO_OK when path names a regular file (after symlinks); REGIO_EIO naming it when it cannot be found, and
 * REGIO_EINVAL when it is a device, a FIFO, a socket or a directory: reading /dev/zero or a pipe would never end. */
int regio_check_regular(const char *path, regio_error *err);

/* Copies the file from to the file to, byte for byte; REGIO_EIO naming the file that could not be read or written. */
int regio_copy_file(const char *from, const char *to, regio_error *err);

/* Parses a decimal number the way a statistical table writes it: optional sign, digits with an optional
 * point and exponent, and optionally thousands separators in their right places ("1,234.5").
 * Rejects empty text, trailing garbage, "nan", "inf" and hexadecimal. Returns 0 on success, -1 otherwise. */
int regio_parse_number(const char *s, double *out);

/* Parses a base-10 integer with optional sign; no trailing garbage. 0 on success, -1 otherwise. */
int regio_parse_long(const char *s, long *out);

/* A value from a file, cut for an error message: s itself when it has at most REGIO_CUT_CHARS characters,
 * else its first REGIO_CUT_CHARS UTF-8 characters and "…" in buf (cap ≥ REGIO_CUT_BUF). A 10 MB header cell
 * is never echoed whole. */
#define REGIO_CUT_CHARS 60
#define REGIO_CUT_BUF (REGIO_CUT_CHARS * 4 + 4)
const char *regio_cut(const char *s, char *buf, size_t cap);

/* Checked size arithmetic for every count that comes from a file (a GAL neighbour count, an index, a
 * number of rows times columns): *out = a·b or a+b and 0, or -1 without touching *out when the result does
 * not fit in size_t. A reader that gets -1 reports the file and line, never "out of memory". */
static inline int regio_size_mul(size_t a, size_t b, size_t *out) {
    if (b && a > SIZE_MAX / b) return -1;
    *out = a * b;
    return 0;
}
static inline int regio_size_add(size_t a, size_t b, size_t *out) {
    if (a > SIZE_MAX - b) return -1;
    *out = a + b;
    return 0;
}
/* realloc(p, n·sz) with the product checked (NULL, p untouched, when it does not fit); n == 0 allocates 1 element. */
static inline void *regio_realloc_array(void *p, size_t n, size_t sz) {
    size_t bytes;
    if (regio_size_mul(n ? n : 1, sz, &bytes)) return NULL;
    return realloc(p, bytes);
}

/* Neumaier-compensated running sum: add with regio_ksum_add, read with regio_ksum_value. */
typedef struct regio_ksum { double sum, c; } regio_ksum;
static inline void regio_ksum_add(regio_ksum *k, double x) {
    double t = k->sum + x;
    if ((k->sum < 0 ? -k->sum : k->sum) >= (x < 0 ? -x : x)) k->c += (k->sum - t) + x;
    else k->c += (x - t) + k->sum;
    k->sum = t;
}
static inline double regio_ksum_value(const regio_ksum *k) { return k->sum + k->c; }

#endif
