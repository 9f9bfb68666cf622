/* dynamics.h — convergence and distribution dynamics: is the gap between regions closing, and how do regions
 * move within the distribution?
 *
 * Why one header: β- and σ-convergence, the density of relative values, Markov chains (classic and spatial) and
 * Kendall's τ are the standard toolbox of the convergence literature and are always used together; they share
 * the panel layout and the class conventions below. Formulas, conventions and references: docs/methods/dynamics.md.
 *
 * Panel layout. A panel of n units over nyears years is one array y[t * n + i] (year-major: each year's
 * cross-section is contiguous, as the store hands out year matrices). Engines take plain arrays and never see
 * the database. Missing values (NaN) are refused with a message naming unit and year: drop the unit first.
 *
 * Classes. A value x is in class c = number of cut-offs strictly below x (numpy searchsorted 'left', as
 * mapclassify/giddy): a value equal to a cut-off goes to the lower class. Quantile cut-offs are numpy's default
 * linear-interpolated percentiles 100·c/k (c = 1..k−1). Duplicate cut-offs (heavy ties) are kept, which leaves
 * empty classes, where mapclassify would drop them and renumber; class numbers therefore mean the same in every
 * year.
 *
 * GSL is used for linear algebra and distributions; inputs are validated so no GSL routine can fail, and
 * libregio never installs a GSL error handler (process-wide state belongs to the program).
 */
#ifndef REGIO_DYNAMICS_H
#define REGIO_DYNAMICS_H

#include <stddef.h>

#include "regio/error.h"
#include "regio/export.h"
#include "regio/weights.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------------------------------------
 * β-convergence (Barro & Sala-i-Martin 1992): OLS of g_i = ln(y_T,i / y_0,i) / T on ln y_0,i (+ controls).
 * ------------------------------------------------------------------------------------------------------- */

typedef struct regio_beta_opts {
    const size_t *group; /* NULL, or a group index per unit in 0..ngroups-1: ngroups−1 dummies, group 0 is the base */
    size_t ngroups;
    const double *extra; /* NULL, or n × nextra regressors, row-major (unit i's values at extra[i*nextra + j]) */
    size_t nextra;
} regio_beta_opts;

typedef enum regio_speed_status {
    REGIO_SPEED_OK = 0,     /* β < 0 and 1 + Tβ > 0: λ > 0 and the half-life are defined */
    REGIO_SPEED_DIVERGENCE, /* β ≥ 0: no convergence; λ = −ln(1+Tβ)/T ≤ 0 is reported, the half-life is not */
    REGIO_SPEED_UNDEFINED   /* 1 + Tβ ≤ 0: the logarithm is undefined; neither λ nor the half-life exist */
} regio_speed_status;

typedef struct regio_beta {
    size_t n;          /* units */
    size_t p;          /* parameters: intercept, ln y0, ngroups−1 dummies, nextra controls (in that order) */
    double years;      /* T */
    double *coef;      /* p */
    double *se;        /* p: classical OLS standard errors, s² (X'X)⁻¹ with s² = RSS/(n−p) */
    double beta;       /* coef[1] */
    double beta_se, t, p_value; /* t = β/se, two-sided p from Student t with n−p degrees of freedom */
    double r2;         /* 1 − RSS/TSS (centred) */
    double r2_adj;
    double sigma;      /* residual standard error √(RSS/(n−p)) */
    size_t df;         /* n − p */
    regio_speed_status speed_status;
    double speed;      /* λ = −ln(1 + Tβ)/T; NaN only when speed_status == REGIO_SPEED_UNDEFINED */
    double half_life;  /* ln 2 / λ; NaN unless speed_status == REGIO_SPEED_OK */
} regio_beta;

/* Absolute (opts NULL or empty) or conditional β-convergence between y0 (initial year) and yT (final year),
 * years = T > 0 apart. Every value must be finite and > 0 (REGIO_EINVAL names the unit); groups must each have
 * a member and the regressors must not be collinear; n > p. */
REGIO_API int regio_beta_convergence(size_t n, const double *y0, const double *yT, double years,
                                     const regio_beta_opts *opts, regio_beta **out, regio_error *err);
REGIO_API void regio_beta_free(regio_beta *b);

/* Convergence speed and half-life from β and T alone. REGIO_EINVAL with a message when 1 + Tβ ≤ 0 (speed
 * undefined) or β ≥ 0 (no convergence, no half-life); *speed is still set when β ≥ 0 and 1+Tβ > 0. */
REGIO_API int regio_beta_speed(double beta, double years, double *speed, double *half_life, regio_error *err);

/* ---------------------------------------------------------------------------------------------------------
 * σ-convergence helper: per year, the standard deviation of ln y and the coefficient of variation sd(y)/mean(y).
 * ddof 0 divides by n (population), 1 by n−1 (sample). Values must be > 0. Either output may be NULL.
 * ------------------------------------------------------------------------------------------------------- */
REGIO_API int regio_sigma_series(size_t n, size_t nyears, const double *y, int ddof, double *sd_log, double *cv,
                                 regio_error *err);

/* Relative values rel[t*n+i] = y[t*n+i] / mean_t, the mean of year t weighted by w[t*n+i] when w is not NULL
 * (population weights give y relative to the per-capita average of the whole). Means must be > 0. */
REGIO_API int regio_relative(size_t n, size_t nyears, const double *y, const double *w, double *rel, regio_error *err);

/* ---------------------------------------------------------------------------------------------------------
 * Kernel density (Gaussian kernel) of relative values per year, Silverman's (1986, eq. 3.31) bandwidth
 * h = 0.9 · min(sd, IQR/1.34) · n^(−1/5) (IQR = 0 → sd is used; sd = 0 is an error).
 * ------------------------------------------------------------------------------------------------------- */

/* Silverman's bandwidth of x (n ≥ 2). With weights w (≥ 0, not all 0): weighted sd and weighted quantiles, and
 * n is Kish's effective size (Σw)²/Σw². sd uses divisor n−1 (n_eff − 1 weighted), as R's bw.nrd0. */
REGIO_API int regio_silverman_bandwidth(size_t n, const double *x, const double *w, double *h, regio_error *err);

/* f(g) = Σ_i w_i φ((g − x_i)/h) / (h Σ w), for each grid point (w NULL = equal weights). */
REGIO_API int regio_kde_eval(size_t n, const double *x, const double *w, double h, size_t ngrid, const double *grid,
                             double *density, regio_error *err);

typedef struct regio_kde {
    size_t nyears, ngrid;
    double *grid;      /* ngrid points */
    double *bandwidth; /* nyears */
    double *density;   /* nyears × ngrid, density[t * ngrid + g] */
} regio_kde;

/* Density of y / mean per year (weighted mean and weighted kernel when w, n × nyears, is given). grid NULL:
 * ngrid (≥ 2) evenly spaced points from max(0, min − 3h) to max + 3h over all years. */
REGIO_API int regio_kde_relative(size_t n, size_t nyears, const double *y, const double *w, size_t ngrid,
                                 const double *grid, regio_kde **out, regio_error *err);
REGIO_API void regio_kde_free(regio_kde *k);

/* ---------------------------------------------------------------------------------------------------------
 * Markov chains of classes (Quah 1993; giddy.markov.Markov).
 * ------------------------------------------------------------------------------------------------------- */

typedef enum regio_classing {
    REGIO_CLASS_QUANTILE_YEAR = 0, /* k quantile classes of each year's cross-section (giddy Markov's test usage) */
    REGIO_CLASS_QUANTILE_POOLED,   /* k quantile classes of all years' values pooled (giddy Spatial_Markov fixed=True) */
    REGIO_CLASS_CUTOFFS            /* k−1 ascending user cut-offs, the same in every year */
} regio_classing;

typedef struct regio_class_opts {
    regio_classing mode;
    size_t k;               /* number of classes, ≥ 2 */
    const double *cutoffs;  /* REGIO_CLASS_CUTOFFS: k−1 strictly ascending finite values */
} regio_class_opts;

/* Classes of every value: cls[t*n+i] in 0..k−1. cut receives the cut-offs used: (k−1) values, or nyears × (k−1)
 * (year t at cut[t*(k−1)]) for REGIO_CLASS_QUANTILE_YEAR; cut may be NULL. */
REGIO_API int regio_classify(size_t n, size_t nyears, const double *y, const regio_class_opts *opts, size_t *cls,
                             double *cut, regio_error *err);

/* A chain estimated from transition counts. */
typedef struct regio_chain {
    size_t k;
    double *counts;          /* k × k, counts[i*k + j] = transitions from class i to class j */
    double *p;               /* k × k maximum-likelihood probabilities counts / row sum */
    unsigned char *empty;    /* k: 1 when row i has no transitions; its p row is all 0 (not NaN) */
    size_t nempty;
    size_t nclosed;          /* closed communicating classes among the non-empty states */
    size_t *closed;          /* k: index of the closed class state i belongs to, or SIZE_MAX (transient/empty) */
    double *steady;          /* nclosed × k: the stationary distribution of each closed class, 0 outside it */
    int ergodic;             /* 1 when the chain is irreducible (one closed class holding all k states) */
    double *mfpt;            /* ergodic only, else NULL: k × k first mean passage times i → j, diagonal = 1/π_i */
    double *sojourn;         /* k: expected stay 1/(1 − p_ii); INFINITY when p_ii = 1; NaN for an empty row */
} regio_chain;

/* Chain from a k × k matrix of non-negative finite counts (k ≥ 1). */
REGIO_API int regio_chain_from_counts(size_t k, const double *counts, regio_chain **out, regio_error *err);
REGIO_API void regio_chain_free(regio_chain *c);

typedef struct regio_markov {
    size_t n, nyears, k;
    size_t *classes;   /* n × nyears, year-major */
    double *cutoffs;   /* ncutsets × (k−1) */
    size_t ncutsets;   /* nyears for REGIO_CLASS_QUANTILE_YEAR, else 1 (0 from regio_markov_from_classes) */
    regio_chain *chain; /* transitions pooled over the nyears−1 pairs of consecutive years */
} regio_markov;

/* Classic Markov chain of y (n × nyears, nyears ≥ 2) classed by opts. */
REGIO_API int regio_markov_estimate(size_t n, size_t nyears, const double *y, const regio_class_opts *opts,
                                    regio_markov **out, regio_error *err);
/* The same from given class ids (cls[t*n+i] < k), as giddy's Markov(class_ids). */
REGIO_API int regio_markov_from_classes(size_t n, size_t nyears, const size_t *cls, size_t k, regio_markov **out,
                                        regio_error *err);
REGIO_API void regio_markov_free(regio_markov *m);

/* ---------------------------------------------------------------------------------------------------------
 * Spatial Markov (Rey 2001; giddy.markov.Spatial_Markov): transitions t → t+1 counted in the matrix of the class
 * of the unit's spatial lag in year t. The lag uses a row-standardised copy of w. Islands (no neighbours) have no
 * lag class: their transitions are left out of the conditional matrices (kept in the pooled one) and the lag
 * quantiles are computed without them; giddy would give them lag 0 and the lowest class.
 * ------------------------------------------------------------------------------------------------------- */

typedef struct regio_chi2 {
    double stat, p;
    double dof;
} regio_chi2;

typedef struct regio_spatial_markov {
    size_t n, nyears, k, m; /* k value classes, m lag classes */
    size_t *classes;        /* n × nyears */
    size_t *lag_classes;    /* n × nyears; SIZE_MAX for islands */
    double *lag;            /* n × nyears spatial lag of y (row-standardised) */
    double *cutoffs, *lag_cutoffs;
    size_t ncutsets, nlag_cutsets;
    size_t nislands;
    regio_chain *pooled;    /* the classic chain on the same classes (giddy .p / .transitions / .s) */
    regio_chain **cond;     /* m chains: cond[l] for lag class l (giddy .T[l] / .P[l]; steady states per closed class) */
    /* Homogeneity of the m conditional chains with the pooled one (giddy's names): */
    regio_chi2 *chi2;       /* m: each conditional matrix against the pooled p (giddy .chi2, dof (r1−1)(r2−1)) */
    regio_chi2 x2;          /* sum of chi2 stats and dofs (giddy .x2, .x2_dof, .x2_pvalue) */
    regio_chi2 Q;           /* Bickenbach & Bode (2003) Q (giddy .Q, .Q_p_value, .dof_hom) */
    regio_chi2 LR;          /* likelihood ratio (giddy .LR, .LR_p_value, .dof_hom) */
    regio_chi2 *shtest;     /* m: steady state of lag class l vs pooled steady state (giddy .shtest); NaN stat and
                             * p when either chain is not ergodic (no unique steady state) — check cond[l]->ergodic */
} regio_spatial_markov;

/* y n × nyears (often relative values from regio_relative), w with n units. cls and lagcls NULL: k = m = 5 pooled
 * quantile classes (giddy's defaults). */
REGIO_API int regio_spatial_markov_estimate(size_t n, size_t nyears, const double *y, const regio_weights *w,
                                            const regio_class_opts *cls, const regio_class_opts *lagcls,
                                            regio_spatial_markov **out, regio_error *err);
REGIO_API void regio_spatial_markov_free(regio_spatial_markov *s);

/* ---------------------------------------------------------------------------------------------------------
 * Kendall's τ-b between two years' values (rank mobility), O(n log n) (Knight 1966), with the asymptotic z
 * (variance with tie corrections, Kendall 1970; as scipy.stats.kendalltau) and two-sided normal p.
 * ------------------------------------------------------------------------------------------------------- */

typedef struct regio_kendall {
    size_t n;
    double tau;          /* τ-b */
    double s;            /* concordant − discordant pairs */
    double concordant, discordant;
    double ties_x, ties_y, ties_xy; /* pairs tied in x, in y, in both */
    double var_s, z, p;  /* var(S) under independence with ties; z = S/√var; p two-sided, ≤ 1 */
} regio_kendall;

/* Fills the caller's *out (no allocation, nothing to free). n ≥ 3, finite values; REGIO_EINVAL when either
 * variable is constant (τ-b undefined). */
REGIO_API int regio_kendall_tau(size_t n, const double *x, const double *y, regio_kendall *out, regio_error *err);

#ifdef __cplusplus
}
#endif
#endif
