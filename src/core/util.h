/* util.h — small helpers every module needs: copying strings, strict number parsing.
 * Internal to libregio (not a public header). */
#ifndef REGIO_CORE_UTIL_H
#define REGIO_CORE_UTIL_H

#include <stddef.h>

#include "regio/error.h"

/* strdup that returns NULL for NULL. */
char *regio_strdup(const char *s);

/* printf into a new string, the caller's to free (NULL on out-of-memory). */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
char *regio_asprintf(const char *fmt, ...);

/* Copies the file from to the file to, byte for byte; REGIO_EIO naming the file that could not be read or written. */
int regio_copy_file(const char *from, const char *to, regio_error *err);

/* Parses a decimal number the way a statistical table writes it: optional sign, digits with an optional
 * point and exponent, and optionally thousands separators in their right places ("1,234.5").
 * Rejects empty text, trailing garbage, "nan", "inf" and hexadecimal. Returns 0 on success, -1 otherwise. */
int regio_parse_number(const char *s, double *out);

/* Parses a base-10 integer with optional sign; no trailing garbage. 0 on success, -1 otherwise. */
int regio_parse_long(const char *s, long *out);

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
