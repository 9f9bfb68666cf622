/* zip_internal.h — rewriting one member of a ZIP container (a .docx, .xlsx or .odt is one) with
 * libzip (Debian libzip-dev), so regio needs no ZIP code of its own. Internal to libregio. */
#ifndef REGIO_IO_ZIP_INTERNAL_H
#define REGIO_IO_ZIP_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "regio/error.h"

/* Returns a malloc'd replacement for a member's bytes (text, NUL-terminated), or NULL when out of memory. */
typedef char *(*regio__zip_edit_fn)(const char *data, size_t n, void *ctx);

/* Copies every member of the archive src into a new archive dst, passing the member named member through edit.
 * The member must exist. Errors name the file. */
int regio__zip_rewrite(const char *src, const char *dst, const char *member, regio__zip_edit_fn edit, void *ctx,
                       regio_error *err);

/* The bounds a workbook must keep before it is unpacked (zip_bounds.c): 256 MiB unpacked in all, and no part above
 * 16 MiB compressed more than 100:1 (worksheet XML compresses 5–20:1). */
#define REGIO_ZIP_MAX_TOTAL ((uint64_t)256 << 20)
#define REGIO_ZIP_RATIO_FROM ((uint64_t)16 << 20)
#define REGIO_ZIP_MAX_RATIO 100
/* REGIO_OK, or REGIO_EINVAL naming the file and the part that breaks a bound; a file that is no ZIP passes (its
 * reader reports it). */
int regio__zip_check_bounds(const char *path, regio_error *err);

#endif
