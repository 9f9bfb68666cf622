/* plan_internal.h — shared by the plan loaders (directory and store) and the readers of the plan directory's
 * files (plan_dir.c, plan_monitor.c, plan_breaks.c); not public. */
#ifndef REGIO_PLAN_INTERNAL_H
#define REGIO_PLAN_INTERNAL_H
#include "regio/plan.h"
#include "regio/table.h"

/* Rebuilds only the sorted code indexes, so a loader can look codes up while it is still filling arrays. */
int regio_plan_index(regio_plan *p, regio_error *err);

/* ---- one file of a plan directory (plan_file.c) ---- */

typedef struct plan_file {
    regio_table *t;     /* NULL when an optional file is absent */
    const char *name;   /* file name shown in messages */
    long cols[16];
} plan_file;

#define PLAN_OOM(err) regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory")

/* Opens dir/name and finds the columns; the first nreq of cols are required, and one missing is an error
 * naming it. regio__plan_file_open_opt: a file that does not exist is not an error (f->t stays NULL). */
int regio__plan_file_open(plan_file *f, const char *dir, const char *name, const char *const *cols, int nreq, int ncols,
                   regio_error *err);
int regio__plan_file_open_opt(plan_file *f, const char *dir, const char *name, const char *const *cols, int nreq, int ncols,
                       regio_error *err);
/* Cell k (index into cols) of a data row; "" when the column is absent. */
const char *regio__plan_file_cell(const plan_file *f, size_t row, int k);
/* Sets err to "FILE line N, column 'COL': WHAT ('VALUE')" (REGIO_EINVAL) and returns that code. */
int regio__plan_file_bad(regio_error *err, const plan_file *f, size_t row, const char *col, const char *what_zh,
                  const char *what_en, const char *value);
int regio__plan_file_need(regio_error *err, const plan_file *f, size_t row, const char *col, const char *v);
/* Optional number (NaN when empty) and integer (0 when empty). */
int regio__plan_file_number(regio_error *err, const plan_file *f, size_t row, const char *col, const char *v, double *out);
int regio__plan_file_int(regio_error *err, const plan_file *f, size_t row, const char *col, const char *v, long *out);
/* Index of v in names, or -1. */
int regio__plan_file_enum(const char *v, const char *const *names, int n);
/* A row with as many fields as the header. */
int regio__plan_file_fields(regio_error *err, const plan_file *f, size_t row);

/* ---- optional files of a plan directory ---- */

/* monitored.csv: indicators the plan monitors without a quantified target (plan_monitor.c). */
int regio_plan_load_monitored(regio_plan *p, const char *dir, regio_error *err);
/* breaks.csv: series breaks of the data (plan_breaks.c). */
int regio_plan_load_breaks(regio_plan *p, const char *dir, regio_error *err);
/* where_found.csv: where each indicator's figures are usually published (plan_where.c). */
int regio_plan_load_where(regio_plan *p, const char *dir, regio_error *err);

/* region_aliases.csv (plan_aliases.c): former names and codes, customary forms; absent is fine. */
int regio_plan_load_aliases(regio_plan *p, const char *dir, regio_error *err);

#endif
