/* report.h — the assessment report (`regio report`): one document built from the store with the same library
 * functions the commands use, written as self-contained HTML, as an XLSX workbook or as JSON.
 *
 * Why a model in between: the HTML, the workbook and the JSON must carry the same numbers, so the report is first
 * built as sections of prose, figures (SVG text) and tables (typed cells with both headers and units), and then
 * written three ways. Building reads the store; writing never does. Sections (docs/report.md): overview and
 * block map; targets; regional gaps; maps; the classified evaluation; data and methods.
 */
#ifndef REGIO_REPORT_H
#define REGIO_REPORT_H

#include <stdio.h>

#include "regio/error.h"
#include "regio/export.h"
#include "regio/plan.h"
#include "regio/store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum regio_rcol_type { REGIO_RCOL_TEXT = 0, REGIO_RCOL_INT, REGIO_RCOL_NUM } regio_rcol_type;

typedef struct regio_rcol {
    char *key;              /* machine name (JSON) */
    char *zh, *en;          /* headers */
    char *unit;             /* "" when none */
    regio_rcol_type type;
    int decimals;           /* NUM: digits shown */
} regio_rcol;

typedef struct regio_rtable {
    char *key;              /* sheet / JSON name, ASCII, ≤ 31 characters */
    char *title_zh, *title_en;
    size_t ncols, nrows;
    regio_rcol *cols;
    char **text;            /* nrows × ncols: TEXT cells (NULL = empty); for an INT or NUM cell the sign of a
                               bound ("≥" / "≤": the value is a lower / upper bound) printed before the number,
                               NULL for a point value (JSON: "<column>_bound" beside the number) */
    double *num;            /* nrows × ncols: INT and NUM cells (NaN = empty) */
    char **row_class;       /* nrows: a CSS class for the row (e.g. "warn-red"), or NULL */
} regio_rtable;

typedef enum regio_rblock_kind { REGIO_RBLOCK_HTML = 0, REGIO_RBLOCK_TABLE } regio_rblock_kind;

typedef struct regio_rblock {
    regio_rblock_kind kind;
    char *html;             /* HTML: prose or an inline SVG figure, already escaped */
    size_t table;           /* TABLE: index into report->tables */
} regio_rblock;

typedef struct regio_rsection {
    char *key;              /* "overview", "targets", "gaps", "maps", "evaluation", "data" */
    char *title;            /* in the report's language */
    char *covered;          /* what data the section covered (plain text, report's language) */
    regio_rblock *blocks;
    size_t nblocks;
} regio_rsection;

typedef struct regio_report {
    regio_lang lang;
    int year;               /* the report's year (data up to it) */
    char *plan_name, *title, *version, *db_sha256, *db_path, *generated_at;
    char *geometry_source;  /* where the map outlines came from */
    regio_rsection *sections;
    size_t nsections;
    regio_rtable *tables;
    size_t ntables;
    char *summary_text;     /* the executive summary as plain text (`regio report --summary` prints it) */
    struct rep_config *config; /* internal: the plan directory's report.csv as read (src/report/report_config.c) */
    int failed;             /* an allocation failed while building (the build then fails) */
} regio_report;

typedef struct regio_report_opts {
    int year;               /* data up to this year; <= 0: the latest year with data */
    regio_lang lang;
    const char *db_path;    /* for the checksum */
    const char *version;    /* regio version text */
    const char *boundaries; /* polygon file overriding the stored geometry (NULL: the store's) */
    size_t permutations;    /* LISA permutations (default 999) */
    unsigned long long seed;/* LISA seed (default 12345) */
    const char *generated_at; /* timestamp text; NULL = now (tests pass a fixed one) */
    const char *schemes_dir;  /* evaluation schemes (evaluation.h); NULL: $REGIO_SCHEMES or the plan dir's evaluation/ */
    const char *scheme;       /* scheme name (default "default") */
    size_t eval_draws;        /* Monte Carlo draws for the rank intervals (default 1000) */
    const char *plan_dir;     /* where report.csv is read (docs/report.md); NULL: the plan directory `regio init` recorded */
} regio_report_opts;

REGIO_API int regio_report_build(regio_store *st, const regio_plan *plan, const regio_report_opts *o,
                                 regio_report **out, regio_error *err);
REGIO_API void regio_report_free(regio_report *r);

REGIO_API int regio_report_write_html(const regio_report *r, FILE *f, regio_error *err);
REGIO_API int regio_report_write_json(const regio_report *r, FILE *f, regio_error *err);
REGIO_API int regio_report_write_xlsx(const regio_report *r, const char *path, regio_error *err);
/* An editable Word document with the same sections: tables as Word tables, figures as PNG images. Runs pandoc
 * (HTML → DOCX) and rsvg-convert (SVG → PNG) as child processes in a private temporary directory that is removed
 * afterwards; a missing tool is an error naming its Debian package (report_docx.c, docs/report.md). */
REGIO_API int regio_report_write_docx(const regio_report *r, const char *path, regio_error *err);

#ifdef __cplusplus
}
#endif
#endif
