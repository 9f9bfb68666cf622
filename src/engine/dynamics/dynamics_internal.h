/* dynamics_internal.h — helpers shared by the files of the dynamics engine (src/engine/dynamics/ only):
 * linear-interpolated quantiles of a sorted sample (numpy's default), the class of a value among cut-offs,
 * the panel check every entry point makes, and the one out-of-memory message. */
#ifndef REGIO_DYNAMICS_INTERNAL_H
#define REGIO_DYNAMICS_INTERNAL_H

#include <stddef.h>

#include "regio/dynamics.h"

#define DYN_OOM(err) regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory")

/* Quantile q in [0,1] of sorted[0..n) by linear interpolation between order statistics (Hyndman & Fan type 7,
 * numpy.percentile's default): position q·(n−1). n ≥ 1. */
double regio__dynamics_quantile_sorted(const double *sorted, size_t n, double q);

/* Weighted quantile of sorted[0..n) with weights w (same order, units with w ≤ 0 ignored): linear interpolation
 * that reduces to regio__dynamics_quantile_sorted when all weights are equal. */
double regio__dynamics_wquantile_sorted(const double *sorted, const double *w, size_t n, double q);

/* Number of cut-offs strictly below x (searchsorted 'left'). */
size_t regio__dynamics_class_of(double x, const double *cut, size_t ncut);

/* Sorts a copy-able array ascending (qsort of doubles). */
void regio__dynamics_sort(double *a, size_t n);

/* REGIO_EINVAL naming unit and year when y has a non-finite value (or a value ≤ 0 when positive is set). */
int regio__dynamics_check_panel(size_t n, size_t nyears, const double *y, int positive, regio_error *err);

#endif
