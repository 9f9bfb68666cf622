/* import_internal.h — what the importer's files share: the context and one candidate cell. Not public. */
#ifndef REGIO_IMPORT_INTERNAL_H
#define REGIO_IMPORT_INTERNAL_H

#include "regio/import.h"
#include "regio/names.h"

typedef struct regio_import_ctx {
    regio_store *st;
    const regio_plan *plan;
    regio_import_report *report;
    const regio_import_opts *opts;
    regio_names *names; /* wide tables: regions and indicators by name (built on first use) */
    regio_obs *obs;  /* validated candidates */
    size_t n, cap;
    int no_source;   /* the file has no source column and opts->source is unset: reported once for the header,
                      * so regio_import_add does not repeat it for every cell */
} regio_import_ctx;

/* One value as found in the file, with the columns it came from (for messages). */
typedef struct regio_import_cell {
    long line;
    const char *region, *region_col;
    const char *indicator, *indicator_col;
    int year;
    const char *year_col;
    const char *value, *value_col;
    double scale;
    const char *source; /* must outlive the import (table cell or option) */
    /* optional qualifiers (regio/qualifier.h); NULL = none. Vintage and source kind must outlive the import. */
    const char *qualifier, *vintage, *source_kind;
} regio_import_cell;

/* Validates one cell; adds it to ctx->obs or records problems. REGIO_ENOMEM only on allocation failure. */
int regio_import_add(regio_import_ctx *c, const regio_import_cell *cell);

int regio_import_problem_add(regio_import_report *r, long line, const char *column, const char *fmt_zh,
                             const char *fmt_en, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* A problem with two ready-made messages (e.g. from a regio_error). */
int regio_import_problem_text(regio_import_report *r, long line, const char *column, const char *zh, const char *en);

/* 全省, 合计, 总计, 全市, 全州 and the like: the total row of a yearbook table. */
int regio_import_is_total(const char *s);

void regio_import_shape_free(regio_import_shape *s);

/* Yearbook tables as published (import_yearbook.c): t was read raw (regio_table_opts.raw). */
int regio_import_yearbook(regio_import_ctx *c, const regio_table *t, regio_error *err);

/* Whether a raw table starts with a clean header row the plain wide reader handles (import_yearbook.c). */
int regio_import_wide_is_clean(const regio_table *raw, const regio_import_opts *o);

/* The two shapes. Both return REGIO_OK when the file was read (problems are in the report). */
int regio_import_long(regio_import_ctx *c, const regio_table *t, regio_error *err);
int regio_import_wide(regio_import_ctx *c, const regio_table *t, regio_error *err);

/* The names index, built on first use. REGIO_OK or REGIO_ENOMEM. */
int regio_import_names(regio_import_ctx *c, regio_error *err);

/* Whether column col (header text h, 0-based index) is named in opts->ignore (by text or by letter). */
int regio_import_ignored(const regio_import_opts *o, const char *h, size_t col);

/* Spreadsheet letter of a 0-based column: 0 → "A", 26 → "AA". */
void regio_import_col_letter(size_t col, char *buf, size_t cap);

/* Cells that mean "no figure" in yearbook tables: "", "-", "—", "…", "...", "NA" and the like. */
int regio_import_is_placeholder(const char *s);

#endif
