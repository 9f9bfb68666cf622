/* render.h — print a result grid as an aligned table, CSV or JSON.
 *
 * Commands build a regio_grid (typed columns, rows of cells) and hand it to one writer, so every command
 * offers the same three formats with the same rules: tables align by display width (a Chinese character
 * takes two columns, measured with utf8proc), numbers are right-aligned with the column's decimals, CSV
 * follows RFC 4180 (UTF-8, quotes doubled, fields quoted when needed), JSON is an array of objects keyed by
 * the column keys with numbers as numbers and missing values as null (written with jansson).
 */
#ifndef REGIO_RENDER_H
#define REGIO_RENDER_H

#include <stdio.h>

#include "regio/error.h"
#include "regio/export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum regio_format { REGIO_FMT_TABLE = 0, REGIO_FMT_CSV, REGIO_FMT_JSON, REGIO_FMT_MARKDOWN } regio_format;

/* Parses "table", "csv", "json" or "md" (a Markdown table, for generated documents); REGIO_EINVAL with a bilingual message otherwise. */
REGIO_API int regio_format_parse(const char *s, regio_format *out, regio_error *err);

typedef enum regio_coltype { REGIO_COL_TEXT = 0, REGIO_COL_INT, REGIO_COL_NUM, REGIO_COL_BOOL } regio_coltype;

typedef struct regio_column {
    const char *key;      /* JSON key and CSV header, e.g. "name_zh" */
    const char *label;    /* table header shown to people (any language); NULL = key */
    regio_coltype type;
    int decimals;         /* REGIO_COL_NUM: digits after the point in table and CSV; < 0 = shortest text that reads back exactly */
} regio_column;

typedef struct regio_grid regio_grid;

/* A grid with ncols columns (copied). NULL on out-of-memory. */
REGIO_API regio_grid *regio_grid_new(const regio_column *cols, size_t ncols);
REGIO_API void regio_grid_free(regio_grid *g);

/* Appends an empty row (all cells null) and returns its index, or -1 on out-of-memory. */
REGIO_API long regio_grid_add_row(regio_grid *g);
/* Setters copy the value; a NULL text is null. */
REGIO_API void regio_grid_set_text(regio_grid *g, size_t row, size_t col, const char *text);
REGIO_API void regio_grid_set_int(regio_grid *g, size_t row, size_t col, long long v);
REGIO_API void regio_grid_set_num(regio_grid *g, size_t row, size_t col, double v); /* NaN = null */
REGIO_API void regio_grid_set_bool(regio_grid *g, size_t row, size_t col, int v);
REGIO_API size_t regio_grid_rows(const regio_grid *g);

REGIO_API size_t regio_grid_cols(const regio_grid *g);
/* The column definition (the grid's own copy), or NULL when col is out of range. */
REGIO_API const regio_column *regio_grid_column(const regio_grid *g, size_t col);

/* Read-only view of one cell. type is the setter that filled it (it may differ from the column type, and
 * the writers format by it); when null is set the value is absent. */
typedef struct regio_cell {
    int null;
    regio_coltype type;
    union {
        const char *text;
        long long i;
        double num;
        int b;
    };
} regio_cell;
/* The cell, or NULL when row or col is out of range. Valid until the next change to the grid. */
REGIO_API const regio_cell *regio_grid_cell(const regio_grid *g, size_t row, size_t col);

/* Writes the grid to f. In table form null cells print as "—" and a title line, when given, comes first. */
REGIO_API int regio_grid_write(const regio_grid *g, regio_format fmt, const char *title, FILE *f, regio_error *err);

/* The CSV form preceded by a UTF-8 byte order mark, for spreadsheet programs that need one to read UTF-8. */
REGIO_API int regio_grid_write_csv_bom(const regio_grid *g, FILE *f, regio_error *err);

/* Display width of a UTF-8 string in terminal columns (East Asian wide characters count 2, ambiguous ones
 * such as "—" count 1, combining marks and control characters 0, each invalid byte 1). */
REGIO_API size_t regio_text_width(const char *s);

/* Formats v with decimals digits (or shortest exact when decimals < 0) into buf, always with '.' as the
 * decimal point. Never writes "-0"; NaN gives "", infinities "inf" and "-inf". */
REGIO_API void regio_format_number(double v, int decimals, char *buf, size_t cap);

#ifdef __cplusplus
}
#endif
#endif
