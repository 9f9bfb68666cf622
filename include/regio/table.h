/* table.h — read a rectangular text table (CSV or the first/named sheet of an .xlsx) into memory.
 *
 * Everything that reads user files goes through here, so every importer gets the same encoding handling
 * (UTF-8, UTF-8 with BOM, GB18030, detected or forced), the same CSV dialect (RFC 4180 via libcsv) and the
 * same positions for error messages: each row keeps the 1-based line of the file where it starts (for
 * .xlsx, the sheet's row number), and each row keeps how many fields it really had, so a short or
 * half-written row can be reported rather than silently padded. Cells are UTF-8, trimmed of surrounding
 * ASCII whitespace; an empty cell is "".
 */
#ifndef REGIO_TABLE_H
#define REGIO_TABLE_H

#include <stddef.h>

#include "regio/error.h"
#include "regio/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The longest cell a table may hold, in characters: Excel's own limit per cell. A longer cell (a 300 M-character
 * shared string, a 10 MB header) is refused naming its line and column, never kept or echoed. */
#define REGIO_TABLE_CELL_MAX 32767

typedef enum regio_encoding {
    REGIO_ENC_AUTO = 0, /* valid UTF-8 (with or without BOM) is UTF-8; otherwise GB18030 if it decodes */
    REGIO_ENC_UTF8,
    REGIO_ENC_GB18030
} regio_encoding;

typedef struct regio_table_opts {
    regio_encoding encoding; /* REGIO_ENC_AUTO by default */
    const char *sheet;       /* .xlsx: sheet name; NULL = first sheet */
    int raw;                 /* no header row: every non-blank row is data, the table is as wide as its widest
                              * row, header names are the column letters A, B, …; .xlsx: every cell of a merged
                              * range holds the range's text (yearbook tables as published, import_yearbook.c) */
} regio_table_opts;

typedef struct regio_table {
    char *path;          /* the path as given */
    char *format;        /* "csv" or "xlsx" */
    char *encoding;      /* what was read: "UTF-8", "UTF-8 BOM", "GB18030", or "XLSX" */
    size_t ncols;        /* number of header fields */
    char **header;       /* ncols names */
    size_t nrows;        /* data rows (header excluded; blank lines skipped) */
    char **cells;        /* nrows * ncols, row-major; missing fields of a short row are "" */
    size_t *nfields;     /* fields actually present in each data row */
    long *line;          /* 1-based file line (CSV) or sheet row (XLSX) where each data row starts */
    long header_line;    /* line of the header (0 for a raw table) */
    size_t nmerged;      /* raw .xlsx: merged ranges whose text was copied into every cell of the range */
} regio_table;

/* Reads path (".xlsx" by extension, anything else as CSV). opts may be NULL. On error *out is NULL and
 * err names the file and, where it applies, the line and byte (e.g. a quote never closed at the end of a
 * half-written file, a byte sequence that is neither UTF-8 nor GB18030). */
REGIO_API int regio_table_read(const char *path, const regio_table_opts *opts, regio_table **out, regio_error *err);

/* Parses an in-memory CSV buffer (same rules as a file; name is used in messages). */
REGIO_API int regio_table_parse(const char *name, const char *data, size_t len, const regio_table_opts *opts,
                                regio_table **out, regio_error *err);

REGIO_API void regio_table_free(regio_table *t);

/* Cell text ("" when out of range). */
REGIO_API const char *regio_table_cell(const regio_table *t, size_t row, size_t col);

/* Index of the header column named name (exact match after trimming, ASCII case-insensitive), or -1. */
REGIO_API long regio_table_col(const regio_table *t, const char *name);

#ifdef __cplusplus
}
#endif
#endif
