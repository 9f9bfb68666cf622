/* needs.h — the data the analyst must still find: for every target (and monitored indicator) that cannot be
 * assessed, the exact missing cells (region, indicator, year) and where such figures are usually published
 * (where_found.csv), and a fill-in template of them in the import format.
 *
 * regio_needs_build asks the tracking engine which targets are grey as of a year, then, for each, which
 * (region, indicator, year) values the aggregation engine cannot obtain from the store: the scope's value (a
 * group: each declared member; a share: also the province), the members' previous-year level for a block's
 * growth, the weight of a weighted mean, both parts of a relation, and the baseline when the plan states none
 * and none is observed. Filling exactly those cells turns the target from grey to a colour (the CLI test
 * tests/cli/test_needs.sh does the round trip). A target no cell can settle (a group without members) is listed
 * with what would settle it instead.
 *
 * regio_needs_write_template writes the cells as a CSV or XLSX file in the long import format
 * (region,indicator,year,value,source), value and source empty, with reading aids (names, unit, where found,
 * needed by) and if_empty=skip on every row: `regio import` skips a template row left empty and imports the
 * rest (src/import/import_long.c explains the rule).
 *
 * Used by `regio needs`, the report's last section (src/report/report_needs.c) and, through the same calls,
 * anything else that must say what data is missing.
 */
#ifndef REGIO_NEEDS_H
#define REGIO_NEEDS_H

#include <stddef.h>

#include "regio/error.h"
#include "regio/export.h"
#include "regio/plan.h"
#include "regio/store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct regio_need_cell {
    size_t region, indicator;
    int year;
    const regio_where *where;   /* the plan's hint for this indicator and level, or NULL */
} regio_need_cell;

typedef struct regio_need {
    int monitored;              /* 0: plan->targets[index]; 1: plan->monitors[index] */
    size_t index;
    regio_need_cell *cells;     /* missing cells, by region then indicator then year; none when no cell can
                                 * settle it (then note says what would) */
    size_t ncells;
    char *why_zh, *why_en;      /* the tracking engine's "needs …" sentence */
    char *note_zh, *note_en;    /* set when the cells alone cannot settle it; else NULL */
} regio_need;

typedef struct regio_needs {
    regio_need *items;          /* the grey targets in plan order, then the monitored indicators without a trend */
    size_t n;
    int year;                   /* the year the missing values are asked for */
    int as_of;                  /* the assessment's as-of year (0 = all data) */
    size_t ntargets, nmonitors; /* of the plan, for "n of m cannot be assessed" */
} regio_needs;

/* Builds the list for data up to year: the targets grey as of year, and the cells that would answer them in
 * that year (year <= 0: all data, cells asked for the latest year with any observation). A target whose
 * baseline year is not before that year gets a note instead of cells. */
REGIO_API int regio_needs_build(regio_store *st, const regio_plan *plan, int year, regio_needs **out, regio_error *err);
REGIO_API void regio_needs_free(regio_needs *n);

/* The distinct cells of all items (a cell needed by two targets once), sorted by region, indicator, year, with
 * for each the targets that need it: needed_by[k] is a ", "-joined list of codes. Caller frees both arrays and
 * every needed_by string (regio_needs_cells_free). */
REGIO_API int regio_needs_cells(const regio_plan *plan, const regio_needs *n, regio_need_cell **cells,
                                char ***needed_by, size_t *ncells, regio_error *err);
REGIO_API void regio_needs_cells_free(regio_need_cell *cells, char **needed_by, size_t n);

/* Writes the fill-in template to path: .csv (UTF-8 with BOM, so spreadsheet programs read the Chinese names)
 * or .xlsx, chosen by the extension (anything else is REGIO_EINVAL). Names and hints in lang. */
REGIO_API int regio_needs_write_template(const regio_plan *plan, const regio_needs *n, const char *path,
                                         regio_lang lang, regio_error *err);

#ifdef __cplusplus
}
#endif
#endif
