/* ineq.h — inequality measures and their decompositions over a partition, on plain arrays.
 *
 * Why one module: the plan's yardstick ("relative gaps narrow") is read off CV, Gini, Theil and friends, and the
 * same numbers must come out of the CLI, the report and a researcher's own CSV. Every function takes the values
 * x[0..n) and optional weights w[0..n) (e.g. population; NULL = every unit weight 1), never sees the database,
 * and keeps no state. Formulas, conventions and references: docs/methods/inequality.md.
 *
 * Input rules shared by every call (REGIO_EINVAL with a message naming the unit index, 0-based):
 *   n = 0; a NaN or infinite value or weight (callers drop missing values first); a weight <= 0;
 *   a negative value (Gini, Theil, Atkinson, ratios are for non-negative quantities); a zero value where a
 *   log or a negative power is taken (Theil L, Atkinson eps >= 1, the ratios' denominators); a mean of 0.
 * Decompositions take a group index per unit g[i] < ngroups; a group with no unit is an error.
 */
#ifndef REGIO_INEQ_H
#define REGIO_INEQ_H

#include <stddef.h>

#include "regio/error.h"
#include "regio/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- single measures --------------------------------------------------------------------------------- */

/* Weighted mean Σ w_i x_i / Σ w_i (any finite values). */
REGIO_API int regio_ineq_mean(const double *x, const double *w, size_t n, double *out, regio_error *err);

/* Coefficient of variation sqrt(Σ p_i (x_i − m)²) / m with p_i = w_i / Σw and m the weighted mean: the population
 * (divide-by-n) standard deviation when w is NULL, Williamson's weighted CV when w holds populations. */
REGIO_API int regio_ineq_cv(const double *x, const double *w, size_t n, double *out, regio_error *err);

/* Gini Σ_i Σ_j w_i w_j |x_i − x_j| / (2 W² m), by one sort and cumulative sums (O(n log n)). Unweighted it
 * equals PySAL inequality's Gini (no n/(n−1) factor). Values >= 0. */
REGIO_API int regio_ineq_gini(const double *x, const double *w, size_t n, double *out, regio_error *err);

/* Theil T = Σ p_i (x_i/m) ln(x_i/m) (values >= 0, 0·ln 0 = 0); Theil L (mean log deviation)
 * = Σ p_i ln(m/x_i) (values > 0). */
REGIO_API int regio_ineq_theil_t(const double *x, const double *w, size_t n, double *out, regio_error *err);
REGIO_API int regio_ineq_theil_l(const double *x, const double *w, size_t n, double *out, regio_error *err);

/* Atkinson index A(eps) = 1 − EDE/m for eps >= 0, with the equally distributed equivalent
 * EDE = (Σ p_i x_i^(1−eps))^(1/(1−eps)), or exp(Σ p_i ln x_i) at eps = 1. ede may be NULL. */
REGIO_API int regio_ineq_atkinson(const double *x, const double *w, size_t n, double eps, double *out, double *ede,
                                  regio_error *err);

/* Weighted quantile q in [0, 1] (midpoint interpolation: the sorted value k sits at cumulative share
 * (C_k − w_k/2)/W, linear between, clamped at the ends; unweighted this is Hyndman–Fan type 5). */
REGIO_API int regio_ineq_quantile(const double *x, const double *w, size_t n, double q, double *out, regio_error *err);

/* max/min (values > 0) and the quantile ratio Q(q_hi)/Q(q_lo) (e.g. 0.9/0.1), the denominator > 0. */
REGIO_API int regio_ineq_max_min(const double *x, size_t n, double *out, regio_error *err);
REGIO_API int regio_ineq_quantile_ratio(const double *x, const double *w, size_t n, double q_hi, double q_lo,
                                        double *out, regio_error *err);

/* ---- everything at once ------------------------------------------------------------------------------ */

typedef struct regio_ineq_summary {
    size_t n;
    int weighted;                /* 1 when w was given */
    double total_weight;         /* Σ w_i (n when unweighted) */
    double mean;                 /* weighted mean */
    double min, max;
    double cv;                   /* unweighted CV (population sd / plain mean), whatever w */
    double cv_w;                 /* Williamson's weighted CV (= cv when unweighted) */
    double gini, theil_t, theil_l;
    double atkinson_05, atkinson_1, atkinson_2; /* eps = 0.5, 1, 2 */
    double max_min;              /* max / min */
    double p10, p20, p50, p80, p90; /* weighted quantiles (definition above) */
    double p90_p10, p80_p20;
} regio_ineq_summary;

/* All the measures above with one sort; every value must be > 0 (the logs and ratios need it). */
REGIO_API int regio_ineq_summarise(const double *x, const double *w, size_t n, regio_ineq_summary **out,
                                   regio_error *err);
REGIO_API void regio_ineq_summary_free(regio_ineq_summary *s);

/* ---- partitions -------------------------------------------------------------------------------------- */

/* Turns membership lists (group k holds units members[k][0 .. counts[k])) into a group index per unit,
 * g_out[n] (caller-allocated). A partition covers every unit exactly once: a unit in two groups is
 * REGIO_EINVAL naming the lowest such unit and both groups, then a unit in no group, a group with no unit,
 * an index >= n. unit_names and group_names (NULL allowed) make the messages name things rather than indexes. */
REGIO_API int regio_ineq_partition(size_t n, const size_t *const *members, const size_t *counts, size_t ngroups,
                                   const char *const *unit_names, const char *const *group_names, size_t *g_out,
                                   regio_error *err);

/* ---- Theil decomposition ----------------------------------------------------------------------------- */

typedef enum regio_theil_kind { REGIO_THEIL_T = 0, REGIO_THEIL_L = 1 } regio_theil_kind;

typedef struct regio_theil_decomp {
    regio_theil_kind kind;
    size_t ngroups;
    double total, between, within; /* total = between + within */
    size_t *n;            /* units per group */
    double *pop_share;    /* P_g = W_g / W */
    double *income_share; /* s_g = W_g m_g / (W m) */
    double *mean;         /* m_g */
    double *theil;        /* the group's own Theil (T_g or L_g) */
    double *within_term;  /* the group's part of within: s_g T_g (T) or P_g L_g (L) */
    double *between_term; /* the group's part of between: s_g ln(m_g/m) (T) or P_g ln(m/m_g) (L) */
} regio_theil_decomp;

REGIO_API int regio_ineq_theil_decompose(const double *x, const double *w, size_t n, const size_t *g, size_t ngroups,
                                         regio_theil_kind kind, regio_theil_decomp **out, regio_error *err);
REGIO_API void regio_theil_decomp_free(regio_theil_decomp *d);

/* ---- Dagum (1997) Gini decomposition ----------------------------------------------------------------- */

typedef struct regio_dagum {
    size_t ngroups;
    double gini;                 /* overall Gini = gw + gnb + gt */
    double gw, gnb, gt, gb;      /* within, net between, transvariation; gb = gnb + gt (gross between) */
    size_t *n;                   /* units per group */
    double *mean, *pop_share, *income_share; /* m_j, p_j = W_j/W, s_j = W_j m_j/(W m) */
    double *gw_contrib;          /* G_jj p_j s_j, sums to gw */
    double *g;                   /* k×k row-major: G_jh, diagonal the group Ginis G_jj */
    double *d;                   /* k×k: D_jh = (d_jh − p_jh)/(d_jh + p_jh), antisymmetric, diagonal 0 */
    double *dd, *pp;             /* k×k: d_jh = Σ w w (x_j − x_h)_+ / (W_j W_h), p_jh = d_hj; on the diagonal
                                  * d_jj = p_jj = half the group's mean absolute difference */
} regio_dagum;

/* Exact, O(n log n): each group sorted once, the cross-group sums by merging sorted groups with cumulative
 * sums. Values >= 0, mean > 0. */
REGIO_API int regio_ineq_dagum(const double *x, const double *w, size_t n, const size_t *g, size_t ngroups,
                               regio_dagum **out, regio_error *err);
REGIO_API void regio_dagum_free(regio_dagum *d);

#ifdef __cplusplus
}
#endif
#endif
