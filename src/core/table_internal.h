/* table_internal.h — the row builder shared by the CSV reader (table.c) and the .xlsx reader (xlsx.c).
 *
 * Both readers produce rows of fields one at a time; the rules that make a regio_table the same whatever
 * the source live here, once: cells are trimmed of ASCII whitespace, rows whose fields are all empty are
 * skipped, the first remaining row is the header (no empty and no duplicate names, compared ASCII
 * case-insensitively like regio_table_col), later rows keep their line and how many fields they really had,
 * extra fields beyond the header are dropped. All text goes into one growing pool (offset 0 is the shared
 * empty string), so a table of a million cells costs a handful of allocations, not a million.
 * Internal to libregio.
 */
#ifndef REGIO_CORE_TABLE_INTERNAL_H
#define REGIO_CORE_TABLE_INTERNAL_H

#include <stddef.h>

#include "regio/table.h"

typedef struct regio_tbuild {
    const char *name;             /* shown in messages (a path, or "book.xlsx[sheet]") */
    char *pool;                   /* all text, NUL-terminated pieces; pool[0] == '\0' */
    size_t pool_len, pool_cap;
    size_t row_start;             /* pool_len when the current row began */
    size_t *fld;                  /* offsets of the current row's fields */
    size_t nfld, fld_cap;
    int have_header;
    int raw;                      /* regio_table_opts.raw: no header, ncols grows with the widest row */
    long header_line;
    size_t ncols;
    size_t *hdr;                  /* ncols offsets */
    size_t *cell;                 /* nrows * ncols offsets */
    size_t cell_cap;
    size_t *nfields;
    long *line;
    size_t nrows, nfields_cap, line_cap;
    size_t long_col;              /* 1-based column of the current row's first cell above REGIO_TABLE_CELL_MAX, or 0 */
} regio_tbuild;

void regio_tbuild_init(regio_tbuild *b, const char *name);

/* Raw mode (regio_table_opts.raw): call right after init. */
void regio_tbuild_raw(regio_tbuild *b);

/* Adds a field (len bytes, need not be NUL-terminated) to the current row. REGIO_OK or REGIO_ENOMEM. A field of
 * more than REGIO_TABLE_CELL_MAX characters is not kept: regio_tbuild_row then fails naming its line and column. */
int regio_tbuild_field(regio_tbuild *b, const char *s, size_t len, regio_error *err);

/* Ends the current row, which starts at line. Fails (REGIO_EINVAL) only on a bad header or an overlong cell. */
int regio_tbuild_row(regio_tbuild *b, long line, regio_error *err);

/* Number of header columns, 0 before the header has been seen. */
size_t regio_tbuild_ncols(const regio_tbuild *b);

/* Hands the rows over as a table (REGIO_EINVAL "empty file" when no header row was seen). The builder is
 * discarded either way. */
int regio_tbuild_finish(regio_tbuild *b, const char *path, const char *format, const char *encoding,
                        regio_table **out, regio_error *err);

void regio_tbuild_discard(regio_tbuild *b);

/* Reads the first or the named sheet of an .xlsx workbook (xlsx.c). */
int regio_xlsx_read(const char *path, const regio_table_opts *opts, regio_table **out, regio_error *err);

/* Decodes a whole file's bytes into UTF-8 (UTF-8, UTF-8 with BOM or GB18030, detected or forced; UTF-16 and
 * binary refused, naming line and byte): *text points into data or into *owned (free it). *enc_name is
 * "UTF-8", "UTF-8 BOM" or "GB18030". Used by the CSV reader and by the text extractors (src/extract). */
int regio__text_decode(const char *name, const char *data, size_t len, regio_encoding enc, const char **text,
                       size_t *tlen, char **owned, const char **enc_name, regio_error *err);

#endif
