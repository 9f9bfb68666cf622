/* zip_internal.h — rewriting one member of a ZIP container (a .docx, .xlsx or .odt is one) with
 * libzip (Debian libzip-dev), so regio needs no ZIP code of its own. Internal to libregio. */
#ifndef REGIO_IO_ZIP_INTERNAL_H
#define REGIO_IO_ZIP_INTERNAL_H

#include <stddef.h>

#include "regio/error.h"

/* Returns a malloc'd replacement for a member's bytes (text, NUL-terminated), or NULL when out of memory. */
typedef char *(*regio__zip_edit_fn)(const char *data, size_t n, void *ctx);

/* Copies every member of the archive src into a new archive dst, passing the member named member through edit.
 * The member must exist. Errors name the file. */
int regio__zip_rewrite(const char *src, const char *dst, const char *member, regio__zip_edit_fn edit, void *ctx,
                       regio_error *err);

#endif
