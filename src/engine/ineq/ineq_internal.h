/* ineq_internal.h — what the inequality files share: input checks with the unit-naming messages, the
 * (value, weight) pairs sorted once, and the two O(n) sums over sorted data that make Gini and Dagum
 * O(n log n). Internal to src/engine/ineq/. */
#ifndef REGIO_INEQ_INTERNAL_H
#define REGIO_INEQ_INTERNAL_H

#include <stddef.h>

#include "regio/error.h"

typedef struct ineq_pt { double x, w; } ineq_pt;

/* What a measure needs of the values: any finite, >= 0, or > 0. */
enum { INEQ_ANY = 0, INEQ_NONNEG = 1, INEQ_POS = 2 };

int regio__ineq_oom(regio_error *err);

/* REGIO_EINVAL "<measure>: the mean is 0 (every value is 0)". */
int regio__ineq_zero_mean(regio_error *err, const char *what_zh, const char *what_en);

/* Checks n > 0, finite values, finite positive weights, and the sign rule `need`; `what_*` names the measure
 * in the sign message ("Theil L needs positive values: unit 3 is 0"). */
int regio__ineq_check(const double *x, const double *w, size_t n, int need, const char *what_zh, const char *what_en,
               regio_error *err);

/* Checks g[i] < ngroups and that no group is empty; fills count[ngroups] when count is not NULL. */
int regio__ineq_check_groups(const size_t *g, size_t n, size_t ngroups, size_t *count, regio_error *err);

/* The pairs (x_i, w_i or 1) sorted by x ascending (caller frees). */
int regio__ineq_sorted(const double *x, const double *w, size_t n, ineq_pt **out, regio_error *err);
void regio__ineq_sort(ineq_pt *p, size_t n);

/* Σ_{j<k} w_j w_k (x_k − x_j) over sorted a: half of Σ_i Σ_j w_i w_j |x_i − x_j|. */
double regio__ineq_pairsum_sorted(const ineq_pt *a, size_t n);

/* Σ_i Σ_r wa_i wb_r max(a_i − b_r, 0) over sorted a and sorted b, by one merge. */
double regio__ineq_cross_sorted(const ineq_pt *a, size_t na, const ineq_pt *b, size_t nb);

/* Weighted quantile of sorted pairs with total weight W (midpoint rule, see ineq.h). */
double regio__ineq_quantile_sorted(const ineq_pt *p, size_t n, double W, double q);

#endif
