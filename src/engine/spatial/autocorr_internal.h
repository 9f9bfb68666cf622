/* autocorr_internal.h — what moran.c, geary.c, getis.c and lisa.c share and nothing else needs: checking the
 * inputs the same way (so every statistic gives the same message for the same mistake), p-values from a normal
 * z or from permutation counts under one rule, and a small pthread pool whose result never depends on the
 * number of threads (each task draws from its own random stream; the pool only decides who runs it). */
#ifndef REGIO_AUTOCORR_INTERNAL_H
#define REGIO_AUTOCORR_INTERNAL_H

#include <stddef.h>

#include "regio/autocorr.h"

#define AC_OOM(err) regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory")

/* Options with defaults filled in (opts may be NULL). */
regio_autocorr_opts regio__autocorr_opts(const regio_autocorr_opts *opts);

/* n >= 3, w->n == n, every y finite, y not constant. */
int regio__autocorr_check(const double *y, size_t n, const regio_weights *w, regio_error *err);

/* Permutation p-value from ge = #{sim >= obs} and le = #{sim <= obs} out of R (see autocorr.h). */
double regio__autocorr_p_counts(size_t ge, size_t le, size_t R, regio_alternative alt);

/* Fills perm from R simulated values: p, mean, sd (divisor R), z. R = 0 gives NaN everywhere. */
void regio__autocorr_perm_summary(double obs, const double *sims, size_t R, regio_alternative alt, regio_perm *perm);

/* S0, S1, S2 of Cliff & Ord (S1 = ½ Σ (w_ij + w_ji)², S2 = Σ (w_i. + w_.i)²). */
int regio__autocorr_wsums(const regio_weights *w, double *S0, double *S1, double *S2, regio_error *err);

/* A parallel loop over tasks [0, ntasks) in chunks, run on `threads` threads (0 = online cores, never more
 * than there are chunks). Each thread gets its own scratch from scratch_new (NULL result = out of memory). */
typedef struct ac_job {
    void *ctx;
    size_t ntasks, chunk;
    void *(*scratch_new)(void *ctx);
    void (*scratch_free)(void *scratch);
    void (*run)(void *ctx, void *scratch, size_t begin, size_t end);
} ac_job;

int regio__autocorr_parallel(const ac_job *job, unsigned threads, regio_error *err);

/* The R permuted values of a global statistic: permutation r shuffles a copy of x with stream (seed, r) and
 * calls stat(ctx, xperm). */
int regio__autocorr_global_perm(const double *x, size_t n, double (*stat)(const void *ctx, const double *xp), const void *ctx,
                   const regio_autocorr_opts *o, double *sims, regio_error *err);

/* One local statistic for the conditional permutations: stat_i = a[i]·lag_i + b[i], lag_i = Σ_k w_ik x_(drawn k),
 * compared with the observed lagobs[i] computed the same way (so ties are exact). Results: p, mean, sd of stat_i
 * and z_sim (NaN for islands). */
typedef struct ac_local_stat {
    const double *x, *lagobs, *a, *b;
    double *p, *mean, *sd, *zsim;
} ac_local_stat;

/* Conditional permutations of one or two local statistics (nstats 1 or 2) from the same draws: for every unit that
 * is not an island, R draws of k_i of the other n − 1 units — from stream (seed, i) by default, from one shared
 * table with o->draws = REGIO_DRAWS_SHARED. Two statistics cost little more than one (one draw, two sums). */
int regio__autocorr_local_perm(const regio_weights *w, const unsigned char *island, const ac_local_stat *stats, size_t nstats,
                  const regio_autocorr_opts *o, regio_error *err);

/* The analytical part of a local statistic and what its permutations need (lisa.c, getis.c). begin allocates the
 * result and the work arrays and fills *st; end labels the clusters from the permutation (or analytical) p-values.
 * A failed begin frees what it allocated; regio__autocorr_local_work_free frees the work arrays. */
typedef struct ac_local_work { double *x, *a, *b, *lag; } ac_local_work;
void regio__autocorr_local_work_free(ac_local_work *wk);
int regio__autocorr_lisa_begin(const double *y, size_t n, const regio_weights *w, const regio_autocorr_opts *o, regio_lisa **out,
                  ac_local_work *wk, ac_local_stat *st, regio_error *err);
int regio__autocorr_lisa_end(regio_lisa *l, const regio_autocorr_opts *o, regio_error *err);
int regio__autocorr_localg_begin(const double *y, size_t n, const regio_weights *w, const regio_autocorr_opts *o,
                    regio_localg **out, ac_local_work *wk, ac_local_stat *st, regio_error *err);
int regio__autocorr_localg_end(regio_localg *g, const regio_autocorr_opts *o, regio_error *err);

#endif
