/* xsection.h — the units, values, weights and groups an analysis runs on, from the store or from a table.
 *
 * The disparity, convergence, dynamics and spatial engines take plain arrays. This module makes those
 * arrays, one way for every command: from the plan and store (an indicator at one level of the hierarchy,
 * for one or several years, optionally weighted by another indicator and grouped by a partition) or from a
 * researcher's own table (--data FILE with id, value, weight and group columns). Units that lack a value
 * (in any requested year) or a weight are dropped and listed, never silently: coverage is part of the answer.
 * With several years the panel is balanced: a unit is kept only when it has every year. A bound ("≥1.7万")
 * is not a point value: a unit whose figure is only a bound is dropped with the reason "bound only", and
 * partial-year figures never enter (regio_store_year_cells).
 */
#ifndef REGIO_XSECTION_H
#define REGIO_XSECTION_H

#include <stddef.h>

#include "regio/error.h"
#include "regio/export.h"
#include "regio/plan.h"
#include "regio/store.h"
#include "regio/table.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct regio_xsection {
    size_t n;            /* units kept */
    size_t nyears;       /* ≥ 1 */
    int *years;          /* nyears (0 for a table without years) */
    char **ids;          /* n unit ids (region codes, or the table's id column) */
    char **names;        /* n display names (may equal ids) */
    long *region;        /* n plan region indexes, or NULL for a table */
    double *x;           /* nyears × n values, x[t * n + i] */
    double *w;           /* nyears × n weights, or NULL when unweighted */
    size_t *group;       /* n group indexes, or NULL when ungrouped */
    size_t ngroups;
    char **group_ids, **group_names; /* ngroups */
    size_t ndropped;     /* units left out, with the reason */
    char **dropped_ids;
    char **dropped_why;  /* "no value 2019", "no weight 2020", … (English; ids say which) */
} regio_xsection;

typedef struct regio_xsection_plan_opts {
    size_t indicator;
    const int *years;    /* years to read */
    size_t nyears;
    regio_level level;   /* the units: every region of this level */
    long weight;         /* weight indicator index, or -1 */
    /* grouping: a partition of the plan (partition >= 0), or a list of groups that must not overlap */
    long partition;
    const size_t *groups;
    size_t ngroups;
    regio_vintage vintage;   /* latest (default) or first release of revised figures, the same for every year */
} regio_xsection_plan_opts;

/* Units of a level with their values from the store. A grouping whose groups overlap, or that leaves a unit
 * out, or that splits a unit of the chosen level between two groups, is REGIO_EINVAL naming the unit and the
 * groups, and pointing to the plan's partitions (regio groups). */
REGIO_API int regio_xsection_from_plan(regio_store *st, const regio_plan *plan, const regio_xsection_plan_opts *o,
                                       regio_xsection **out, regio_error *err);

typedef struct regio_xsection_table_opts {
    const char *id_col;
    const char *const *value_cols; /* one per year (or one) */
    const int *years;              /* nvalue labels for the value columns, may be NULL */
    size_t nvalues;
    const char *weight_col;        /* NULL = unweighted */
    const char *group_col;         /* NULL = ungrouped */
    const char *name_col;          /* NULL = ids as names */
} regio_xsection_table_opts;

/* Units from a table (one row per unit). Unknown column names, duplicate ids, non-numeric values are
 * REGIO_EINVAL naming file, line and column; empty cells drop the unit (listed). */
REGIO_API int regio_xsection_from_table(const regio_table *t, const regio_xsection_table_opts *o, regio_xsection **out,
                                        regio_error *err);

REGIO_API void regio_xsection_free(regio_xsection *xs);

/* Values of year t (pointer into x). */
static inline const double *regio_xsection_year(const regio_xsection *xs, size_t t) { return xs->x + t * xs->n; }

#ifdef __cplusplus
}
#endif
#endif
