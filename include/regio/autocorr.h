/* autocorr.h — spatial autocorrelation: global Moran's I, Geary's C, Getis–Ord G; local Moran (LISA) and
 * local Getis–Ord Gi / Gi*.
 *
 * Why one header: every statistic takes the same inputs (a plain array of n values and CSR weights from
 * weights.h) and the same inference options (alternative hypothesis, number of permutations, seed, threads),
 * and reports analytical and permutation inference side by side, so users of esda (PySAL) and spdep (R) can
 * compare line by line. Formulas, the conventions chosen where esda and spdep differ, the p-value rules and the
 * treatment of islands are in docs/methods/autocorrelation.md.
 *
 * Permutations run on pthreads; the unit of work (one permutation for a global statistic, one spatial unit for
 * a local one) draws from its own stream regio_rng_init(&r, seed, index), so the same seed gives the same
 * p-values on any number of threads. A permutation p-value is (c + 1)/(R + 1) with c the permuted statistics
 * at least as extreme on the chosen side; two-sided is min(1, 2 × the smaller one-sided p). Analytical p-values
 * come from the normal distribution of z. Values must be finite; n >= 3; the values must vary.
 */
#ifndef REGIO_AUTOCORR_H
#define REGIO_AUTOCORR_H

#include <stddef.h>
#include <stdint.h>

#include "regio/error.h"
#include "regio/export.h"
#include "regio/weights.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum regio_alternative {
    REGIO_ALT_TWO_SIDED = 0, /* default */
    REGIO_ALT_GREATER,       /* the statistic is larger than under the null */
    REGIO_ALT_LESS           /* the statistic is smaller than under the null */
} regio_alternative;

/* Scale of local Moran's I_i (docs/methods/autocorrelation.md). ANSELIN (the default) is Anselin (1995) and
 * spdep (mlvar = TRUE): I_i = z_i lag_i / m2 with m2 = Σz²/n, so Σ_i I_i = S0 · I. ESDA is PySAL's
 * I_i = (n−1) z_i lag_i / Σz², which is ANSELIN × (n−1)/n. Expectations and variances are reported on the
 * scale chosen (so z-scores do not depend on it). */
typedef enum regio_lisa_scale { REGIO_LISA_SCALE_ANSELIN = 0, REGIO_LISA_SCALE_ESDA } regio_lisa_scale;

/* Draws of the conditional permutations of the local statistics. UNIT (the default): unit i draws from its own
 * stream (seed, i), so the units' p-values are independent of one another and of the thread count. SHARED: esda's
 * design — one table of R draws of max_i k_i positions among n − 1 (row r from stream (seed, r)), and unit i uses
 * the first k_i positions of every row, mapped past itself. Faster (no random numbers per unit), and each unit's
 * p-value has the same distribution, but the units' p-values are correlated (they reuse the same draws), which
 * matters when they are read jointly (FDR, counting significant units). Also thread-count invariant. */
typedef enum regio_draws { REGIO_DRAWS_UNIT = 0, REGIO_DRAWS_SHARED } regio_draws;

/* opts.star for the peers' Gi*: spdep localG(x, nb2listw(include.self(nb))) and esda G_Local(star=True): the unit
 * joins its own row before standardising, with the row's largest weight (1 for contiguity, k nearest neighbours or
 * a band), and a row-standardised row is re-standardised with it. */
#define REGIO_STAR_PEERS (-1.0)

/* Options shared by every statistic; all-zero (or a NULL pointer) means: two-sided, no permutations, seed 0,
 * all online cores, Anselin scale, alpha 0.05, no FDR, Gi (not Gi*), draws per unit. */
typedef struct regio_autocorr_opts {
    regio_alternative alternative;
    size_t permutations; /* R; 0 = analytical inference only (permutation fields are NaN) */
    uint64_t seed;
    unsigned threads;    /* 0 = every online core (sysconf) */
    /* local statistics */
    regio_lisa_scale scale;
    double alpha;        /* significance level of the cluster labels; 0 means 0.05 */
    int fdr;             /* 1: Benjamini–Hochberg false discovery rate at alpha over the non-island units */
    double star;         /* local G: 0 = Gi (unit i left out); REGIO_STAR_PEERS = Gi* as spdep and esda; > 0 = Gi*
                          * with self-weight w_ii = star added to the rows as given (regio's convention before) */
    regio_draws draws;   /* conditional permutations: per-unit streams (default) or one shared table */
} regio_autocorr_opts;

/* Permutation inference of one statistic (all NaN and permutations = 0 when none were asked for). */
typedef struct regio_perm {
    size_t permutations;
    double p;    /* pseudo p-value on the alternative asked for; a multiple of 1/(R+1) in (0, 1] */
    double mean; /* mean of the permuted statistics */
    double sd;   /* their standard deviation (divisor R, as esda) */
    double z;    /* (observed − mean) / sd */
} regio_perm;

typedef struct regio_moran {
    size_t n;
    regio_alternative alternative;
    double S0, S1, S2;          /* Cliff & Ord's sums of the weights */
    double I, EI;               /* EI = −1/(n−1) */
    double VI_norm, z_norm, p_norm;
    double VI_rand, z_rand, p_rand; /* NaN when n = 3 (the variance divides by n − 3) */
    regio_perm sim;
    double *sims;               /* the R permuted values of I (NULL when R = 0) */
} regio_moran;

/* Global Moran's I of y (n values) with weights w as given (transform them first for row standardisation). */
REGIO_API int regio_moran_compute(const double *y, size_t n, const regio_weights *w, const regio_autocorr_opts *opts,
                                  regio_moran **out, regio_error *err);
REGIO_API void regio_moran_free(regio_moran *m);

/* Geary's C. z = (C − 1)/sd, esda's sign: positive autocorrelation gives C < 1 and z < 0, and is the
 * alternative REGIO_ALT_LESS. spdep reports −z and calls the same test "greater". */
typedef struct regio_geary {
    size_t n;
    regio_alternative alternative;
    double C, EC;               /* EC = 1 */
    double VC_norm, z_norm, p_norm;
    double VC_rand, z_rand, p_rand; /* NaN when n = 3 */
    regio_perm sim;
    double *sims;
} regio_geary;

REGIO_API int regio_geary_compute(const double *y, size_t n, const regio_weights *w, const regio_autocorr_opts *opts,
                                  regio_geary **out, regio_error *err);
REGIO_API void regio_geary_free(regio_geary *g);

/* Getis–Ord general G (Getis & Ord 1992): y must be non-negative with at least two positive values. */
typedef struct regio_getis {
    size_t n;
    regio_alternative alternative;
    double G, EG, VG, z, p_norm;
    regio_perm sim;
    double *sims;
} regio_getis;

REGIO_API int regio_getis_compute(const double *y, size_t n, const regio_weights *w, const regio_autocorr_opts *opts,
                                  regio_getis **out, regio_error *err);
REGIO_API void regio_getis_free(regio_getis *g);

/* Moran's I, Geary's C and Getis–Ord G (each output may be NULL: not computed) from one set of permutations:
 * permutation r is shuffled once and one walk over the links gives the three permuted values, bit-identical to
 * the separate calls (which draw the same permutation from stream (seed, r)). G's own failure (negative values,
 * fewer than two positive ones) goes to *getis_err with *getis NULL while the others are computed, when getis_err
 * is not NULL; otherwise it fails the call. */
REGIO_API int regio_global_compute(const double *y, size_t n, const regio_weights *w, const regio_autocorr_opts *opts,
                                   regio_moran **moran, regio_geary **geary, regio_getis **getis,
                                   regio_error *getis_err, regio_error *err);

/* Quadrants of the Moran scatterplot (esda's codes), and cluster labels. */
enum {
    REGIO_LISA_ISLAND = -1, /* cluster label of a unit with no neighbours */
    REGIO_LISA_NS = 0,      /* not significant (cluster) / no quadrant (island) */
    REGIO_LISA_HH = 1,      /* z_i > 0, lag_i > 0 */
    REGIO_LISA_LH = 2,      /* z_i <= 0, lag_i > 0 */
    REGIO_LISA_LL = 3,      /* z_i <= 0, lag_i <= 0 */
    REGIO_LISA_HL = 4       /* z_i > 0, lag_i <= 0 */
};

/* Local Moran. Every array has n entries. Islands (no neighbours) get no statistic: NaN in every double
 * array, island[i] = 1, quadrant 0, cluster REGIO_LISA_ISLAND; they are left out of the FDR count. */
typedef struct regio_lisa {
    size_t n, nislands, permutations;
    regio_alternative alternative;
    regio_lisa_scale scale;
    double alpha;
    int fdr;
    double *I;                   /* local Moran's I_i on the chosen scale */
    double *lag;                 /* Σ_j w_ij z_j of the centred values */
    double *EI, *VI, *z_total, *p_total; /* total randomisation (Sokal et al. 1998, A3–A4) */
    double *EIc, *VIc, *z_cond, *p_cond; /* conditional randomisation (Sokal et al. 1998, A7–A8) */
    double *p_sim, *mean_sim, *sd_sim, *z_sim; /* conditional permutation (NaN when R = 0) */
    int *quadrant;               /* REGIO_LISA_HH .. HL; 0 for islands */
    int *cluster;                /* quadrant where significant (p_sim, or p_cond when R = 0), else 0; −1 island */
    unsigned char *island;
} regio_lisa;

REGIO_API int regio_lisa_compute(const double *y, size_t n, const regio_weights *w, const regio_autocorr_opts *opts,
                                 regio_lisa **out, regio_error *err);
REGIO_API void regio_lisa_free(regio_lisa *l);

/* Cluster labels from any p-value array (e.g. p_total): cluster[i] = quadrant[i] when p[i] <= the cut-off
 * (alpha, or the Benjamini–Hochberg cut-off over the non-NaN p when fdr), 0 otherwise, −1 for a NaN p. */
REGIO_API int regio_lisa_clusters(const int *quadrant, const double *p, size_t n, double alpha, int fdr, int *cluster,
                                  regio_error *err);

/* Benjamini–Hochberg: *cutoff = the largest p_(k) with p_(k) <= k·alpha/m over the m non-NaN p-values, or −1
 * when none qualifies (nothing is significant). */
REGIO_API int regio_fdr_cutoff(const double *p, size_t n, double alpha, double *cutoff, regio_error *err);

/* Local Getis–Ord Gi (opts->star = 0) or Gi* (star REGIO_STAR_PEERS or > 0, see regio_autocorr_opts), Ord & Getis
 * (1995). Islands get no statistic (NaN, island[i] = 1, cluster 0; the peers give an island's Gi* the value of
 * its own observation and its Gi 0 — see docs/methods/autocorrelation.md). cluster: +1 hot spot (significant, z > 0),
 * −1 cold spot, 0 not significant, on p_sim when R > 0, else p_norm (with alpha / fdr as for LISA). */
typedef struct regio_localg {
    size_t n, nislands, permutations;
    regio_alternative alternative;
    double star;
    double *G, *EG, *VG, *z, *p_norm;
    double *p_sim, *mean_sim, *sd_sim, *z_sim;
    int *cluster;
    unsigned char *island;
} regio_localg;

REGIO_API int regio_localg_compute(const double *y, size_t n, const regio_weights *w, const regio_autocorr_opts *opts,
                                   regio_localg **out, regio_error *err);
REGIO_API void regio_localg_free(regio_localg *g);

/* LISA and local G (as opts->star says) from one pass over the same conditional draws: the same results as
 * regio_lisa_compute and regio_localg_compute (bit for bit: unit i draws the same neighbour sets in both), in
 * little more than the time of one. Either output may be NULL (then that statistic is not computed). */
REGIO_API int regio_local_compute(const double *y, size_t n, const regio_weights *w, const regio_autocorr_opts *opts,
                                  regio_lisa **lisa, regio_localg **localg, regio_error *err);

/* Normal-theory p-value of z on an alternative (two-sided: 2·(1 − Φ(|z|))); NaN for NaN z. */
REGIO_API double regio_p_normal(double z, regio_alternative alt);

#ifdef __cplusplus
}
#endif
#endif
