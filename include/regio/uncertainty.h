/* uncertainty.h — how much a composite ranking depends on the evaluator's choices.
 *
 * Why: a classified evaluation (分类考核) rests on choices nobody can prove right — the weights, the
 * normalisation, the aggregation. Two generic engines, on plain arrays, make the dependence visible:
 *
 *  - Monte Carlo over the choices (regio_mc_ranks): a caller-supplied scorer maps a point u of [0,1)^k (the
 *    choices, coded as uniforms) to one score per unit; every draw gets its own random stream (stream = draw
 *    index), so the result is the same on 1 thread or 16. Per unit: median rank and the 5–95 % rank interval,
 *    ranks taken within groups (e.g. zone types) when a grouping is given.
 *  - Variance-based sensitivity (regio_sobol_run): first-order and total-effect Sobol indices of each factor
 *    (a factor may be a group of coordinates, e.g. "the weights") by Saltelli sampling (matrices A, B and the
 *    A_B^(i) that take factor i from B) with Jansen's estimators (Saltelli et al. 2010, Computer Physics
 *    Communications 181:259–270, Table 2 (c) and (f)). Tested on the Ishigami function.
 *
 * Both take a model callback that must be thread-safe (it is called from several threads at once with the
 * same ctx). Threads: 0 = all cores. Progress: when progress is non-NULL a percentage line updating in place is
 * written to it (use stderr) for runs longer than about a second.
 */
#ifndef REGIO_UNCERTAINTY_H
#define REGIO_UNCERTAINTY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "regio/error.h"
#include "regio/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- ranks ---- */

/* Competition ranks ("1224"): rank 1 = highest score, ties share the smaller rank, within each group when
 * group is non-NULL (group[i] < ngroups), over all units otherwise. NaN scores get rank 0 (not ranked).
 * order is scratch of n indexes. */
REGIO_API void regio_rank_within(size_t n, const double *score, const size_t *group, uint32_t *rank, size_t *order);

/* ---- Monte Carlo ---- */

/* Maps choices u[0..k-1] (each in [0,1)) to n scores (higher = better, NaN = unit not scored). Returns REGIO_OK
 * or a status (fills err; err may be a per-thread object). Must be thread-safe. */
typedef int (*regio_mc_scorer)(const double *u, double *scores, void *ctx, regio_error *err);

typedef struct regio_mc_opts {
    size_t draws;          /* Monte Carlo replications (> 0) */
    uint64_t seed;
    int threads;           /* 0 = all cores */
    const size_t *group;   /* optional: group of each unit; ranks are within groups */
    FILE *progress;        /* optional: percentage line (stderr) */
} regio_mc_opts;

typedef struct regio_mc_result {
    size_t n, draws;
    double *median;        /* [n] median rank over the draws that ranked the unit; NaN if none did */
    double *p05, *p95;     /* [n] 5 % and 95 % rank quantiles (type 7: linear interpolation between order stats) */
    double *mean;          /* [n] mean rank */
    size_t *nranked;       /* [n] draws in which the unit had a score */
    /* convergence: the mean over units of the 5–95 % interval width (p95 − p05) after the first conv_draws[c]
     * draws (draws/8, /4, /2 and all, those >= 2); the same draws as a shorter run with the same seed */
    size_t nconv;
    size_t conv_draws[4];
    double conv_width[4];
} regio_mc_result;

REGIO_API int regio_mc_ranks(size_t n, size_t k, regio_mc_scorer f, void *ctx, const regio_mc_opts *o,
                             regio_mc_result **out, regio_error *err);
REGIO_API void regio_mc_result_free(regio_mc_result *r);

/* ---- Sobol indices ---- */

/* The model: one output for one point u of [0,1)^k. Must be thread-safe. A NaN output is an error
 * (reported with the point's row). */
typedef double (*regio_sobol_fn)(const double *u, void *ctx);

typedef struct regio_sobol_opts {
    size_t n;              /* base sample size N: the model is run N·(F + 2) times for F factors */
    uint64_t seed;
    int threads;           /* 0 = all cores */
    const size_t *factor;  /* optional [k]: the factor of each coordinate (< nfactors); NULL = one per coordinate */
    size_t nfactors;       /* with factor */
    FILE *progress;
    size_t nboot;          /* bootstrap replicates for confidence intervals (0 = none); row resamples are drawn
                            * from stream (seed, N + b), so they too are thread-count invariant */
} regio_sobol_opts;

typedef struct regio_sobol {
    size_t nfactors, n, nevals;
    double mean, var;      /* of the output over A and B (2N runs) */
    double *s1;            /* [nfactors] first-order indices, Jansen: (V − ½·mean((f(B) − f(A_B^i))²)) / V */
    double *st;            /* [nfactors] total-effect indices, Jansen: ½·mean((f(A) − f(A_B^i))²) / V */
    size_t nboot;
    double *s1_lo, *s1_hi; /* [nfactors] 5 % and 95 % quantiles (type 7) of the bootstrap indices, as COINr's
                            * SA_estimate (Si_q5, Si_q95); NULL without bootstrap */
    double *st_lo, *st_hi;
} regio_sobol;

REGIO_API int regio_sobol_run(size_t k, regio_sobol_fn f, void *ctx, const regio_sobol_opts *o, regio_sobol **out,
                              regio_error *err);
REGIO_API void regio_sobol_free(regio_sobol *s);

/* The Ishigami function sin u1 + a sin² u2 + b u3⁴ sin u1 on [−π, π]³, mapped from [0,1)³; ctx = double[2]
 * {a, b}. For tests and the documentation. */
REGIO_API double regio_ishigami(const double *u, void *ctx);

/* Number of worker threads for a request (0 = online cores), capped by jobs. */
REGIO_API int regio_threads_for(int threads, size_t jobs);

#ifdef __cplusplus
}
#endif
#endif
