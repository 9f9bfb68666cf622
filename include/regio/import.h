/* import.h — validated, atomic, traceable import of observations.
 *
 * Two shapes of file are accepted, as CSV (UTF-8, UTF-8 with BOM or GB18030) or .xlsx:
 *  - long: header region,indicator,year,value[,source] — one observation per row (a `regio needs` template is
 *    one, with reading aids beside: see src/import/import_long.c for how its columns and empty rows are read);
 *  - wide: one row per region and one column per year (--indicator fixes the indicator) or per indicator
 *    (--year fixes the year), or any mix given by a mapping file (column,indicator,year,scale) — the shape of
 *    yearbook tables.
 * Every row is checked before anything is written: known region and indicator codes, a number, a year in
 * range, the indicator's bounds, no key twice in the file, no key that the store already has (unless
 * replace is set: the new batch then supersedes, and undoing it restores the old value). All problems are
 * collected, each with file, line and column; one problem rejects the whole file and the store is unchanged.
 */
#ifndef REGIO_IMPORT_H
#define REGIO_IMPORT_H

#include <stdint.h>

#include "regio/error.h"
#include "regio/export.h"
#include "regio/plan.h"
#include "regio/store.h"
#include "regio/table.h"

#ifdef __cplusplus
extern "C" {
#endif

#define REGIO_YEAR_MIN 1949
#define REGIO_YEAR_MAX 2100

typedef struct regio_import_opts {
    regio_table_opts table;     /* encoding, sheet */
    const char *source;         /* source text for rows without one (required when the file has no source column) */
    const char *note;           /* free text kept with the batch */
    int replace;                /* allow superseding values already in the store */
    int dry_run;                /* validate only */
    int skip_if_imported;       /* a file whose content was imported before is skipped, not an error (init) */
    /* wide files */
    int wide;
    const char *region_column;  /* default "region" or "code" */
    const char *indicator;      /* columns are years */
    int year;                   /* columns are indicator codes (0 = unset) */
    const char *mapping;        /* CSV with column,indicator,year[,scale] */
    const char *ignore;         /* comma list of columns (header text or letter A, B, …) that hold figures but are
                                 * not to be imported; any other column with figures that maps to nothing is an
                                 * error, never dropped silently */
} regio_import_opts;

typedef struct regio_import_problem {
    long line;                  /* 0 when the problem is not on one line */
    char *column;               /* header name or "" */
    char *zh, *en;
} regio_import_problem;

/* What the importer inferred from a yearbook table as published (--wide without a clean header row): shown by
 * --dry-run so the person importing can check it before anything is written. */
typedef struct regio_import_column {
    char *column;               /* letter: "C" */
    char *label;                /* the header cells above the data, top to bottom, joined by " / " */
    char *indicator;            /* code, "" when the column is not imported */
    int year;
    char *unit;                 /* as printed (header or 单位 row), "" when not stated */
    double scale;               /* factor into the indicator's unit (万元 → 亿元: 0.0001) */
    char *note_zh, *note_en;    /* how it was read ("unit not stated: taken as 亿元", "region names", "ignored") */
} regio_import_column;

typedef struct regio_import_rowmap {
    long line;
    char *text;                 /* the region cell as written */
    char *region;               /* code it was matched to, "" when it was not */
    char *how_zh, *how_en;      /* "code", "name", "former name …", "total row → the province" */
} regio_import_rowmap;

typedef struct regio_import_shape {
    char *title;                /* title rows, joined by " / " ("" if none) */
    char *unit;                 /* the 单位 row's unit, "" if none */
    long unit_line;
    long header_first, header_last; /* lines of the header rows */
    long data_first, data_last;
    size_t merged;              /* .xlsx merged ranges filled */
    long *footnotes;            /* lines of footnote rows (注：…, 资料来源：…) */
    size_t nfootnotes;
    regio_import_column *cols;
    size_t ncols;
    regio_import_rowmap *rows;
    size_t nrows;
} regio_import_shape;

/* One value a dry run would import. */
typedef struct regio_import_value {
    long line;
    const char *region, *indicator; /* codes, pointing into the plan */
    int year;
    double value;
} regio_import_value;

typedef struct regio_import_report {
    char *file, *encoding, *format, *sha256;
    int64_t batch;              /* the new batch, 0 when nothing was written */
    int64_t previous_batch;     /* skipped: the batch that already holds this content */
    size_t rows;                /* observations read */
    size_t skipped_empty;       /* wide tables: empty or placeholder cells ("", "-", "…"); long tables: rows of a
                                   `regio needs` template left empty (marked if_empty=skip) */
    size_t superseded;          /* replace: keys whose earlier value this batch supersedes */
    char *ignored;              /* wide tables: header columns that held no data; long tables: the reading aids of
                                   a `regio needs` template; comma-separated ("" if none) */
    regio_import_shape *shape;  /* yearbook tables: the mapping inferred, NULL otherwise */
    regio_import_value *values; /* dry run: what would be imported (rows of them) */
    regio_import_problem *problems;
    size_t nproblems;           /* problems kept (at most REGIO_IMPORT_MAX_PROBLEMS) */
    size_t nproblems_total;     /* problems found */
} regio_import_report;

#define REGIO_IMPORT_MAX_PROBLEMS 100

/* Imports path into st. Returns REGIO_OK (also for a dry run or a skip), or REGIO_EINVAL when the file was
 * rejected (report->problems say why, err summarises), or another code for I/O and database failures. The
 * report is returned in every case where the file could be opened; free it with regio_import_report_free. */
REGIO_API int regio_import_file(regio_store *st, const regio_plan *plan, const char *path,
                                const regio_import_opts *opts, regio_import_report **report, regio_error *err);

REGIO_API void regio_import_report_free(regio_import_report *r);

#ifdef __cplusplus
}
#endif
#endif
