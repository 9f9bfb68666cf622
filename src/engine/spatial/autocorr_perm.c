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

int regio__autocorr_parallel(const ac_job *job, unsigned threads, regio_error *err) {
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

int regio__autocorr_global_perm(const double *x, size_t n, double (*stat)(const void *ctx, const double *xp), const void *ctx,
                   const regio_autocorr_opts *o, double *sims, regio_error *err) {
    gperm g = {x, n, stat, ctx, o->seed, sims};
    ac_job job = {&g, o->permutations, 16, gperm_scratch, free, gperm_run};
    return regio__autocorr_parallel(&job, o->threads, err);
}

/* ---- conditional permutations ----
 *
 * Unit i's draw r picks k_i distinct positions among the n − 1 other units (position t is unit t + (t >= i)) by
 * a partial Fisher–Yates shuffle. The loop below is the hot path of every local statistic, so:
 *  - the scratch holds the VALUES at the positions (one pair per position when two statistics share the draws),
 *    not indexes, so the gather is the swap itself: one load per neighbour, no second indirection;
 *  - the xoshiro256** state and Lemire's bounded draw are inlined and the state lives in locals (registers) for
 *    the whole unit; the stream is exactly regio_rng_below's, so p-values are bit-identical to the
 *    regio_rng_sample version this replaced;
 *  - after each draw the k_i swaps are undone in reverse order, so every draw starts from the identity order
 *    (what makes the result independent of the thread that ran the unit and of the units it ran before);
 *  - moving the scratch from unit i to unit i' only rewrites the positions between them.
 * With draws = REGIO_DRAWS_SHARED one table of R × kmax positions (row r from stream (seed, r)) serves every unit,
 * as esda's conditional randomisation does: no random numbers per unit, but the units' p-values are no longer
 * independent of one another. */

typedef struct lperm {
    const regio_weights *w;
    const ac_local_stat *st;
    size_t nst, R, kmax;
    const unsigned char *island;
    uint64_t seed;
    regio_alternative alt;
    const uint32_t *table; /* shared draws: R × kmax positions, or NULL */
} lperm;

/* one value per position (one statistic) or two (LISA and Gi* sharing the draws): the element is 8 or 16 bytes */
typedef struct vone { double v[1]; } vone;
typedef struct vtwo { double v[2]; } vtwo;

typedef struct lscratch {
    void *vals;    /* vals[t] = the value(s) at position t for unit `cur` (vone or vtwo) */
    uint32_t *pos; /* kmax drawn positions */
    size_t cur;
} lscratch;

static void set_val(const lperm *l, lscratch *s, size_t t, size_t unit) {
    if (l->nst > 1) {
        vtwo *v = s->vals;
        v[t].v[0] = l->st[0].x[unit];
        v[t].v[1] = l->st[1].x[unit];
    } else {
        ((vone *)s->vals)[t].v[0] = l->st[0].x[unit];
    }
}

static void *lperm_scratch(void *ctx) {
    const lperm *l = ctx;
    lscratch *s = malloc(sizeof *s);
    if (!s) return NULL;
    size_t m = l->w->n - 1;
    s->vals = malloc(m * (l->nst > 1 ? sizeof(vtwo) : sizeof(vone)));
    s->pos = malloc((l->kmax ? l->kmax : 1) * sizeof *s->pos);
    if (!s->vals || !s->pos) {
        free(s->vals);
        free(s->pos);
        free(s);
        return NULL;
    }
    s->cur = 0; /* position t holds unit t + 1 */
    for (size_t t = 0; t < m; t++) set_val(l, s, t, t + 1);
    return s;
}

static void lperm_scratch_free(void *scratch) {
    lscratch *s = scratch;
    if (!s) return;
    free(s->vals);
    free(s->pos);
    free(s);
}

/* the scratch in identity order for unit i: only positions between the old and the new unit change */
static void move_to(const lperm *l, lscratch *s, size_t i) {
    size_t lo = s->cur < i ? s->cur : i, hi = s->cur < i ? i : s->cur;
    for (size_t t = lo; t < hi; t++) set_val(l, s, t, t + (t >= i));
    s->cur = i;
}

static inline uint64_t rotl64(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

/* per-statistic accumulators of one unit */
typedef struct acc { double obs, sum, sumsq; size_t ge, le; } acc;

static inline void acc_add(acc *a, double lag) {
    a->ge += lag >= a->obs;
    a->le += lag <= a->obs;
    double d = lag - a->obs; /* shifted sums keep the variance accurate */
    a->sum += d;
    a->sumsq += d * d;
}

static void acc_finish(const lperm *l, const acc *c, size_t q, size_t i) {
    const ac_local_stat *st = &l->st[q];
    size_t R = l->R;
    double md = c->sum / (double)R, var = c->sumsq / (double)R - md * md;
    double sdl = var > 0 ? sqrt(var) : 0, a = st->a[i], b = st->b[i];
    size_t cge = a > 0 ? c->ge : a < 0 ? c->le : R, cle = a > 0 ? c->le : a < 0 ? c->ge : R;
    st->p[i] = regio__autocorr_p_counts(cge, cle, R, l->alt);
    st->mean[i] = a * (c->obs + md) + b;
    st->sd[i] = fabs(a) * sdl;
    st->zsim[i] = (a == 0 || sdl == 0) ? 0 : (a > 0 ? -md / sdl : md / sdl);
}

#define XOSHIRO_STEP(x)                                                                                            \
    do {                                                                                                           \
        uint64_t u_ = s1 << 17;                                                                                    \
        (x) = rotl64(s1 * 5, 7) * 9;                                                                               \
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= u_; s3 = rotl64(s3, 45);                                     \
    } while (0)

/* unit i on its own stream (seed, i): the draws of regio_rng_sample(&rng, n − 1, SIZE_MAX, k, …) from an identity
 * scratch, i.e. xoshiro256** (rng.c) and Lemire's bounded draw (regio_rng_below), inlined */
#define UNIT_OWN(NAME, T, NV)                                                                                      \
    static void NAME(const lperm *l, lscratch *s, size_t i, size_t k, const double *wv, acc *c) {                 \
        regio_rng rng;                                                                                             \
        regio_rng_init(&rng, l->seed, i);                                                                          \
        uint64_t s0 = rng.s[0], s1 = rng.s[1], s2 = rng.s[2], s3 = rng.s[3];                                       \
        const uint64_t m = l->w->n - 1;                                                                            \
        T *vals = s->vals;                                                                                         \
        uint32_t *pos = s->pos;                                                                                    \
        for (size_t r = 0; r < l->R; r++) {                                                                        \
            double lag0 = 0, lag1 = 0;                                                                             \
            for (size_t t = 0; t < k; t++) {                                                                       \
                const uint64_t range = m - t;                                                                      \
                uint64_t x;                                                                                        \
                XOSHIRO_STEP(x);                                                                                   \
                unsigned __int128 mm = (unsigned __int128)x * range;                                               \
                uint64_t lo = (uint64_t)mm;                                                                        \
                if (lo < range) {                                                                                  \
                    uint64_t thr = (0 - range) % range;                                                            \
                    while (lo < thr) {                                                                             \
                        XOSHIRO_STEP(x);                                                                           \
                        mm = (unsigned __int128)x * range;                                                         \
                        lo = (uint64_t)mm;                                                                         \
                    }                                                                                              \
                }                                                                                                  \
                size_t j = t + (size_t)(mm >> 64);                                                                 \
                T v = vals[j];                                                                                     \
                vals[j] = vals[t];                                                                                 \
                vals[t] = v;                                                                                       \
                pos[t] = (uint32_t)j;                                                                              \
                lag0 += wv[t] * v.v[0];                                                                            \
                if (NV > 1) lag1 += wv[t] * v.v[NV - 1];                                                           \
            }                                                                                                      \
            for (size_t t = k; t-- > 0;) { /* undo, last swap first */                                             \
                size_t j = pos[t];                                                                                 \
                T v = vals[j];                                                                                     \
                vals[j] = vals[t];                                                                                 \
                vals[t] = v;                                                                                       \
            }                                                                                                      \
            acc_add(&c[0], lag0);                                                                                  \
            if (NV > 1) acc_add(&c[1], lag1);                                                                      \
        }                                                                                                          \
    }
UNIT_OWN(unit_own1, vone, 1)
UNIT_OWN(unit_own2, vtwo, 2)

/* unit i on the shared table: row r's first k positions */
#define UNIT_SHARED(NAME, T, NV)                                                                                   \
    static void NAME(const lperm *l, lscratch *s, size_t k, const double *wv, acc *c) {                           \
        const T *vals = s->vals;                                                                                   \
        const size_t kmax = l->kmax;                                                                               \
        for (size_t r = 0; r < l->R; r++) {                                                                        \
            const uint32_t *row = l->table + r * kmax;                                                             \
            double lag0 = 0, lag1 = 0;                                                                             \
            for (size_t t = 0; t < k; t++) {                                                                       \
                T v = vals[row[t]];                                                                                \
                lag0 += wv[t] * v.v[0];                                                                            \
                if (NV > 1) lag1 += wv[t] * v.v[NV - 1];                                                           \
            }                                                                                                      \
            acc_add(&c[0], lag0);                                                                                  \
            if (NV > 1) acc_add(&c[1], lag1);                                                                      \
        }                                                                                                          \
    }
UNIT_SHARED(unit_shared1, vone, 1)
UNIT_SHARED(unit_shared2, vtwo, 2)

static void lperm_run(void *ctx, void *scratch, size_t begin, size_t end) {
    const lperm *l = ctx;
    lscratch *s = scratch;
    const regio_weights *w = l->w;
    for (size_t i = begin; i < end; i++) {
        if (l->island[i]) {
            for (size_t q = 0; q < l->nst; q++) l->st[q].p[i] = l->st[q].mean[i] = l->st[q].sd[i] = l->st[q].zsim[i] = NAN;
            continue;
        }
        move_to(l, s, i);
        size_t k = w->offsets[i + 1] - w->offsets[i];
        const double *wv = w->values + w->offsets[i];
        acc c[2];
        for (size_t q = 0; q < 2; q++) c[q] = (acc){q < l->nst ? l->st[q].lagobs[i] : 0, 0, 0, 0, 0};
        if (l->table) (l->nst > 1 ? unit_shared2 : unit_shared1)(l, s, k, wv, c);
        else (l->nst > 1 ? unit_own2 : unit_own1)(l, s, i, k, wv, c);
        for (size_t q = 0; q < l->nst; q++) acc_finish(l, &c[q], q, i);
    }
}

/* ---- the shared table: row r = the first kmax positions of a partial Fisher–Yates from stream (seed, r) ---- */

typedef struct tfill {
    size_t m, kmax;
    uint64_t seed;
    uint32_t *table;
} tfill;

static void *tfill_scratch(void *ctx) {
    const tfill *f = ctx;
    uint32_t *idx = malloc((f->m ? f->m : 1) * sizeof *idx);
    if (idx)
        for (size_t t = 0; t < f->m; t++) idx[t] = (uint32_t)t;
    return idx;
}

static void tfill_run(void *ctx, void *scratch, size_t b, size_t e) {
    const tfill *f = ctx;
    uint32_t *idx = scratch;
    for (size_t r = b; r < e; r++) {
        regio_rng rng;
        regio_rng_init(&rng, f->seed, r);
        uint32_t *row = f->table + r * f->kmax;
        for (size_t t = 0; t < f->kmax; t++) {
            size_t j = t + (size_t)regio_rng_below(&rng, f->m - t);
            uint32_t v = idx[j];
            idx[j] = idx[t];
            idx[t] = v;
            row[t] = v;
        }
        for (size_t t = 0; t < f->kmax; t++) { /* back to the identity */
            idx[row[t]] = row[t];
            idx[t] = (uint32_t)t;
        }
    }
}

int regio__autocorr_local_perm(const regio_weights *w, const unsigned char *island, const ac_local_stat *stats, size_t nstats,
                  const regio_autocorr_opts *o, regio_error *err) {
    size_t n = w->n, kmax = 0;
    if (n - 1 > UINT32_MAX)
        return regio_error_set(err, REGIO_EINVAL, "条件置换最多支持 %lu 个单元（现有 %zu 个）",
                               "conditional permutations handle at most %lu units (got %zu)", (unsigned long)UINT32_MAX, n);
    for (size_t i = 0; i < n; i++)
        if (w->offsets[i + 1] - w->offsets[i] > kmax) kmax = w->offsets[i + 1] - w->offsets[i];
    lperm l = {w, stats, nstats, o->permutations, kmax, island, o->seed, o->alternative, NULL};
    uint32_t *table = NULL;
    if (o->draws == REGIO_DRAWS_SHARED && kmax > 0) {
        if (o->permutations > SIZE_MAX / sizeof *table / kmax || !(table = malloc(o->permutations * kmax * sizeof *table)))
            return AC_OOM(err);
        tfill f = {n - 1, kmax, o->seed, table};
        ac_job tj = {&f, o->permutations, 64, tfill_scratch, free, tfill_run};
        int rc = regio__autocorr_parallel(&tj, o->threads, err);
        if (rc) {
            free(table);
            return rc;
        }
        l.table = table;
    }
    ac_job job = {&l, n, 8, lperm_scratch, lperm_scratch_free, lperm_run};
    int rc = regio__autocorr_parallel(&job, o->threads, err);
    free(table);
    return rc;
}
