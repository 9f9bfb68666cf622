/* index_analysis.h — the statistics COINr reports about a built index (get_corr, get_corr_flags, get_denom_corr,
 * get_cronbach, get_PCA, get_str_weak, remove_elements), on plain arrays.
 *
 * Why: before publishing a composite one checks that the indicators of a pillar point the same way (correlations,
 * Cronbach's α), that none is redundant (high correlations within a group), that size is not driving the scores
 * (correlation with the denominators), what the data would weigh if asked (PCA), and what each unit is good and
 * bad at. Formulas and the COINr values they are checked against: docs/methods/composite.md §12.
 *
 * Columns are read with a stride so the same functions work on n×m indicator tables and n×N score tables
 * (x[i*stride + col]). NaN = missing; correlations and covariances use the pairwise-complete units as R's
 * use = "pairwise.complete.obs". Nothing keeps state; all functions are thread-safe.
 */
#ifndef REGIO_INDEX_ANALYSIS_H
#define REGIO_INDEX_ANALYSIS_H

#include <stddef.h>

#include "regio/error.h"
#include "regio/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Pearson's r of columns a and b over the units observed in both; *nobs (may be NULL) their number; *p (may be
 * NULL) the two-sided p-value of cor.test (t = r √((k−2)/(1−r²)), Student t with k − 2 df). NaN when k < 3 or a
 * column is constant there. */
REGIO_API double regio_pearson(const double *x, size_t n, size_t stride, size_t a, size_t b, size_t *nobs, double *p);

/* Cronbach's α of the k columns cols[] as COINr's get_cronbach: with C the pairwise covariance matrix,
 * α = k² · mean off-diagonal C / ΣC. NaN when k < 2. */
REGIO_API double regio_cronbach(const double *x, size_t n, size_t stride, const size_t *cols, size_t k);

/* PCA of the k columns cols[] as stats::prcomp(center = TRUE, scale. = TRUE) on the complete cases: eigenvalues of
 * the correlation matrix (GSL gsl_eigen_symmv), descending. */
typedef struct regio_pca {
    size_t k, nobs;         /* columns; complete units used */
    double *sdev;           /* k: √eigenvalue (prcomp's sdev) */
    double *prop;           /* k: eigenvalue / k, the proportion of variance */
    double *loading;        /* k×k row-major: loading[c*k + q] = column c's loading on component q */
} regio_pca;

/* The sign of each component is fixed so that its loadings sum to >= 0 (prcomp's sign is arbitrary, so COINr's
 * weights may be the same vector times −1). Errors: fewer than k + 1 complete units, a constant column. */
REGIO_API int regio_pca_run(const double *x, size_t n, size_t stride, const size_t *cols, size_t k, regio_pca **out,
                            regio_error *err);
REGIO_API void regio_pca_free(regio_pca *p);

/* Strengths and weaknesses of unit u as COINr's get_str_weak: ranks of every indicator (direction-adjusted values
 * d·x, rank 1 = highest, ties "min", missing units not ranked); indicators where u is missing or holds the worst
 * rank of that indicator are left out (min_discard); the rest are ordered by u's rank, ties in `order` (m
 * positions, e.g. COINr's lineage order: pillar code, then indicator code); the first top and the last bottom
 * are written to strong/weak (indicator indexes) and their ranks to srank/wrank. *ns, *nw get the counts. */
REGIO_API int regio_str_weak(const double *x, size_t n, size_t m, const int *direction, const size_t *order, size_t u,
                             size_t top, size_t bottom, size_t *strong, int *srank, size_t *ns, size_t *weak,
                             int *wrank, size_t *nw, regio_error *err);

#ifdef __cplusplus
}
#endif
#endif
