/* autocorr_perm.c — the permutation machinery of the spatial autocorrelation statistics: a small pthread pool,
 * full permutations for global statistics and conditional permutations for local ones. Every unit of work
 * (permutation r of a global statistic, unit i of a local one) draws from its own stream
 * regio_rng_init(&r, seed, index), and a local unit leaves its scratch as it found it, so results never depend
 * on the number of threads or on which thread ran what. A conditional permutation costs O(k_i) per draw. */
#include "autocorr_internal.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "regio/rng.h"

/* ---- thread pool ---- */

typedef struct pool {
    const ac_job *job;
    atomic_size_t next;
    atomic_int failed;
} pool;

static void *worker(void *arg) {
    pool *p = arg;
    const ac_job *job = p->job;
    void *scratch = job->scratch_new ? job->scratch_new(job->ctx) : NULL;
    if (job->scratch_new && !scratch) {
        atomic_store(&p->failed, 1);
        return NULL;
    }
    for (;;) {
        size_t b = atomic_fetch_add(&p->next, job->chunk);
        if (b >= job->ntasks) break;
        size_t e = job->ntasks - b < job->chunk ? job->ntasks : b + job->chunk;
        job->run(job->ctx, scratch, b, e);
    }
    if (job->scratch_free) job->scratch_free(scratch);
    return NULL;
}

int ac_parallel(const ac_job *job, unsigned threads, regio_error *err) {
    if (job->ntasks == 0) return REGIO_OK;
    if (threads == 0) {
        long c = sysconf(_SC_NPROCESSORS_ONLN);
        threads = c > 0 ? (unsigned)c : 1;
    }
    size_t chunk = job->chunk ? job->chunk : 1;
    size_t nchunks = (job->ntasks + chunk - 1) / chunk;
    if (threads > nchunks) threads = (unsigned)nchunks;
    ac_job j = *job;
    j.chunk = chunk;
    pool p = {.job = &j};
    atomic_init(&p.next, 0);
    atomic_init(&p.failed, 0);
    pthread_t *tid = threads > 1 ? malloc((threads - 1) * sizeof *tid) : NULL;
    unsigned started = 0;
    if (tid)
        for (; started < threads - 1; started++)
            if (pthread_create(&tid[started], NULL, worker, &p) != 0) break; /* fewer threads: same result */
    worker(&p); /* the caller works too */
    for (unsigned t = 0; t < started; t++) pthread_join(tid[t], NULL);
    free(tid);
    if (atomic_load(&p.failed)) {
        /* a thread without scratch ran nothing; the others took its chunks, unless none had scratch */
        if (atomic_load(&p.next) < j.ntasks) return AC_OOM(err);
    }
    return REGIO_OK;
}

/* ---- global permutations ---- */

typedef struct gperm {
    const double *x;
    size_t n;
    double (*stat)(const void *ctx, const double *xp);
    const void *ctx;
    uint64_t seed;
    double *sims;
} gperm;

static void *gperm_scratch(void *ctx) {
    const gperm *g = ctx;
    return malloc(g->n * sizeof(double));
}

static void gperm_run(void *ctx, void *scratch, size_t b, size_t e) {
    const gperm *g = ctx;
    double *xp = scratch;
    for (size_t r = b; r < e; r++) {
        regio_rng rng;
        regio_rng_init(&rng, g->seed, r);
        memcpy(xp, g->x, g->n * sizeof *xp);
        for (size_t i = g->n - 1; i > 0; i--) { /* Fisher–Yates */
            size_t j = (size_t)regio_rng_below(&rng, i + 1);
            double t = xp[i];
            xp[i] = xp[j];
            xp[j] = t;
        }
        g->sims[r] = g->stat(g->ctx, xp);
    }
}

int ac_global_perm(const double *x, size_t n, double (*stat)(const void *ctx, const double *xp), const void *ctx,
                   const regio_autocorr_opts *o, double *sims, regio_error *err) {
    gperm g = {x, n, stat, ctx, o->seed, sims};
    ac_job job = {&g, o->permutations, 16, gperm_scratch, free, gperm_run};
    return ac_parallel(&job, o->threads, err);
}

/* ---- conditional permutations ---- */

typedef struct lperm {
    const regio_weights *w;
    const double *x, *lagobs, *a, *b;
    const unsigned char *island;
    size_t R, kmax;
    uint64_t seed;
    regio_alternative alt;
    double *p, *mean, *sd, *zsim;
} lperm;

typedef struct lscratch {
    size_t *idx; /* identity permutation of 0 .. n−2, restored after every draw */
    size_t *out; /* kmax drawn positions */
} lscratch;

static void *lperm_scratch(void *ctx) {
    const lperm *l = ctx;
    lscratch *s = malloc(sizeof *s);
    if (!s) return NULL;
    size_t m = l->w->n - 1;
    s->idx = malloc(m * sizeof *s->idx);
    s->out = malloc((l->kmax ? l->kmax : 1) * sizeof *s->out);
    if (!s->idx || !s->out) {
        free(s->idx);
        free(s->out);
        free(s);
        return NULL;
    }
    for (size_t t = 0; t < m; t++) s->idx[t] = t;
    return s;
}

static void lperm_scratch_free(void *scratch) {
    lscratch *s = scratch;
    if (!s) return;
    free(s->idx);
    free(s->out);
    free(s);
}

static void lperm_run(void *ctx, void *scratch, size_t begin, size_t end) {
    const lperm *l = ctx;
    lscratch *s = scratch;
    const regio_weights *w = l->w;
    size_t m = w->n - 1, R = l->R;
    for (size_t i = begin; i < end; i++) {
        if (l->island[i]) {
            l->p[i] = l->mean[i] = l->sd[i] = l->zsim[i] = NAN;
            continue;
        }
        size_t k = w->offsets[i + 1] - w->offsets[i];
        const double *wv = w->values + w->offsets[i];
        const double *x = l->x;
        double obs = l->lagobs[i], sum = 0, sumsq = 0;
        size_t ge = 0, le = 0;
        regio_rng rng;
        regio_rng_init(&rng, l->seed, i);
        for (size_t r = 0; r < R; r++) {
            /* k distinct positions among the other n − 1 units: position t is unit t + (t >= i) */
            regio_rng_sample(&rng, m, SIZE_MAX, k, s->idx, s->out);
            double lag = 0;
            for (size_t t = 0; t < k; t++) {
                size_t j = s->out[t];
                lag += wv[t] * x[j + (j >= i)];
            }
            /* undo the partial shuffle: it only moved positions < k and the positions it drew */
            for (size_t t = 0; t < k; t++) {
                s->idx[t] = t;
                s->idx[s->out[t]] = s->out[t];
            }
            ge += lag >= obs;
            le += lag <= obs;
            double d = lag - obs; /* shifted sums keep the variance accurate */
            sum += d;
            sumsq += d * d;
        }
        double md = sum / (double)R, var = sumsq / (double)R - md * md;
        double sdl = var > 0 ? sqrt(var) : 0, a = l->a[i], b = l->b[i];
        size_t cge = a > 0 ? ge : a < 0 ? le : R, cle = a > 0 ? le : a < 0 ? ge : R;
        l->p[i] = ac_p_counts(cge, cle, R, l->alt);
        l->mean[i] = a * (obs + md) + b;
        l->sd[i] = fabs(a) * sdl;
        l->zsim[i] = (a == 0 || sdl == 0) ? 0 : (a > 0 ? -md / sdl : md / sdl);
    }
}

int ac_local_perm(const regio_weights *w, const double *x, const double *lagobs, const double *a, const double *b,
                  const unsigned char *island, const regio_autocorr_opts *o, double *p, double *mean, double *sd,
                  double *zsim, regio_error *err) {
    size_t kmax = 0;
    for (size_t i = 0; i < w->n; i++)
        if (w->offsets[i + 1] - w->offsets[i] > kmax) kmax = w->offsets[i + 1] - w->offsets[i];
    lperm l = {w, x, lagobs, a, b, island, o->permutations, kmax, o->seed, o->alternative, p, mean, sd, zsim};
    ac_job job = {&l, w->n, 8, lperm_scratch, lperm_scratch_free, lperm_run};
    return ac_parallel(&job, o->threads, err);
}
