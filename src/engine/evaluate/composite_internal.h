/* composite_internal.h — helpers shared by the composite-index files of src/engine/evaluate/ (not public):
 * average ranks, naming a unit or node in a message, the directional min-max used by the data-driven weights. */
#ifndef REGIO_COMPOSITE_INTERNAL_H
#define REGIO_COMPOSITE_INTERNAL_H

#include <stddef.h>

#include "regio/composite.h"

/* Average ranks (1 = lowest) of the non-NaN v[0..n) into r (NaN stays NaN). Returns REGIO_OK or REGIO_ENOMEM. */
int regio__composite_avg_ranks(const double *v, size_t n, double *r);

/* Writes "CODE" or "#k" (0-based) into buf. */
const char *regio__composite_name(const char *const *codes, size_t k, char *buf, size_t len);

/* Directional min-max to [0, 1] of x (n*m) into out (NaN kept); a constant column gives 1. */
void regio__composite_minmax01(const double *x, size_t n, size_t m, const int *direction, double *out);

#endif
