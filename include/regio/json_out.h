/* json_out.h — JSON output for commands that build their own jansson values.
 *
 * Most commands print a regio_grid (render.h), but some answers are nested (a plan, a region with its
 * indicators). They build a json_t and print it here, so all JSON from regio looks the same: two-space
 * indent, keys in insertion order, Chinese written as UTF-8 rather than \u escapes, a final newline, and
 * numbers that cannot be JSON (NaN, infinities) written as null.
 */
#ifndef REGIO_JSON_OUT_H
#define REGIO_JSON_OUT_H

#include <jansson.h>
#include <stdio.h>

#include "regio/error.h"
#include "regio/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The json_dump flags regio uses everywhere (any value may be the root). */
/* 15 significant digits: every decimal figure of up to 15 digits prints as written (0.1, not
 * 0.10000000000000001); computed values keep a relative precision of 1e-15. */
#define REGIO_JSON_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15))

/* Writes root and a newline to f and flushes it. REGIO_EIO when the stream fails (full disk, closed pipe),
 * REGIO_EINTERNAL when root is NULL or cannot be encoded (e.g. out of memory). Does not take root. */
REGIO_API int regio_json_dump(json_t *root, FILE *f, regio_error *err);

/* A new JSON number for v: a real, or null for NaN and infinities (and -0 as 0). NULL on out-of-memory. */
REGIO_API json_t *regio_json_num(double v);

#ifdef __cplusplus
}
#endif
#endif
