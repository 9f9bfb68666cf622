/* sobol.c — first-order and total-effect Sobol indices by Saltelli sampling and Jansen's estimators
 * (Saltelli et al. 2010, Comput. Phys. Commun. 181:259–270, Table 2 (c) and (f)); see uncertainty.h.
 * Row j of A and B is drawn from its own random stream (seed, j), and all model outputs are stored before the
 * estimators are summed in row order, so the indices do not depend on the number of threads. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/evaluate/mc_internal.h"
#include "regio/rng.h"
#include "regio/uncertainty.h"

typedef struct sobol_ctx {
    size_t k, nf, n;
    const size_t *factor;
    regio_sobol_fn f;
    void *ctx;
    uint64_t seed;
    double *fa, *fb, *fab; /* [n], [n], [nf × n] */
    double *scratch;       /* per thread: a, b, ab rows (3k) */
} sobol_ctx;

static size_t factor_of(const sobol_ctx *s, size_t c) { return s->factor ? s->factor[c] : c; }

/* job j = one row: f(A_j), f(B_j) and f(A_B^(i)_j) for every factor i */
static int row_job(size_t j, int thread, void *vctx, regio_error *err) {
    sobol_ctx *s = vctx;
    double *a = s->scratch + (size_t)thread * 3 * s->k, *b = a + s->k, *ab = b + s->k;
    regio_rng r;
    regio_rng_init(&r, s->seed, j);
    for (size_t c = 0; c < s->k; c++) a[c] = regio_rng_uniform(&r);
    for (size_t c = 0; c < s->k; c++) b[c] = regio_rng_uniform(&r);
    s->fa[j] = s->f(a, s->ctx);
    s->fb[j] = s->f(b, s->ctx);
    if (isnan(s->fa[j]) || isnan(s->fb[j]))
        return regio_error_set(err, REGIO_EINVAL, "模型在第 %zu 个样本点没有给出数值", "the model gave no value at sample row %zu", j);
    for (size_t i = 0; i < s->nf; i++) {
        for (size_t c = 0; c < s->k; c++) ab[c] = factor_of(s, c) == i ? b[c] : a[c];
        double y = s->f(ab, s->ctx);
        if (isnan(y))
            return regio_error_set(err, REGIO_EINVAL, "模型在第 %zu 个样本点没有给出数值", "the model gave no value at sample row %zu", j);
        s->fab[i * s->n + j] = y;
    }
    return REGIO_OK;
}

/* Neumaier-compensated running sum */
typedef struct ksum { double s, c; } ksum;
static void kadd(ksum *k, double x) {
    double t = k->s + x;
    k->c += fabs(k->s) >= fabs(x) ? (k->s - t) + x : (x - t) + k->s;
    k->s = t;
}
static double kval(const ksum *k) { return k->s + k->c; }

void regio_sobol_free(regio_sobol *s) {
    if (!s) return;
    free(s->s1);
    free(s->st);
    free(s->s1_lo);
    free(s->s1_hi);
    free(s->st_lo);
    free(s->st_hi);
    free(s);
}

static int cmp_dbl(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* type-7 quantile of v[0..k) (sorted in place); NaN values are dropped first */
static double quantile7(double *v, size_t k, double p) {
    size_t q = 0;
    for (size_t i = 0; i < k; i++)
        if (!isnan(v[i])) v[q++] = v[i];
    if (q == 0) return NAN;
    qsort(v, q, sizeof *v, cmp_dbl);
    double pos = p * (double)(q - 1);
    size_t lo = (size_t)floor(pos);
    double f = pos - (double)lo;
    return lo + 1 < q ? v[lo] + f * (v[lo + 1] - v[lo]) : v[lo];
}

/* The estimators on the rows idx[0..n) (NULL = 0..n-1): s1 and st for every factor. */
static void estimate(const sobol_ctx *s, const size_t *idx, double *s1, double *st) {
    size_t n = s->n;
    ksum m = {0, 0};
    for (size_t q = 0; q < n; q++) {
        size_t j = idx ? idx[q] : q;
        kadd(&m, s->fa[j]);
        kadd(&m, s->fb[j]);
    }
    double mean = kval(&m) / (2.0 * (double)n);
    ksum v = {0, 0};
    for (size_t q = 0; q < n; q++) {
        size_t j = idx ? idx[q] : q;
        kadd(&v, (s->fa[j] - mean) * (s->fa[j] - mean));
        kadd(&v, (s->fb[j] - mean) * (s->fb[j] - mean));
    }
    double var = kval(&v) / (2.0 * (double)n - 1.0);
    for (size_t i = 0; i < s->nf; i++) {
        ksum d1 = {0, 0}, dt = {0, 0};
        const double *y = s->fab + i * n;
        for (size_t q = 0; q < n; q++) {
            size_t j = idx ? idx[q] : q;
            kadd(&d1, (s->fb[j] - y[j]) * (s->fb[j] - y[j]));
            kadd(&dt, (s->fa[j] - y[j]) * (s->fa[j] - y[j]));
        }
        s1[i] = var > 0 ? (var - kval(&d1) / (2.0 * (double)n)) / var : NAN;
        st[i] = var > 0 ? kval(&dt) / (2.0 * (double)n) / var : NAN;
    }
}

int regio_sobol_run(size_t k, regio_sobol_fn f, void *ctx, const regio_sobol_opts *o, regio_sobol **out,
                    regio_error *err) {
    *out = NULL;
    if (!f || k == 0 || !o || o->n < 2)
        return regio_error_set(err, REGIO_EINVAL, "Sobol 分析需要至少 1 个因子和至少 %d 个基础样本",
                               "Sobol analysis needs at least one factor and a base sample of at least %d", 2);
    size_t nf = o->factor ? o->nfactors : k;
    if (o->factor) {
        for (size_t c = 0; c < k; c++)
            if (o->factor[c] >= nf)
                return regio_error_set(err, REGIO_EINVAL, "第 %zu 个坐标的因子编号 %zu 超出范围（共 %zu 个因子）",
                                       "coordinate %zu has factor %zu, out of range (%zu factors)", c, o->factor[c], nf);
    }
    if (nf == 0) return regio_error_set(err, REGIO_EINVAL, "没有因子", "no factors");
    int threads = regio_threads_for(o->threads, o->n);
    sobol_ctx s = {.k = k, .nf = nf, .n = o->n, .factor = o->factor, .f = f, .ctx = ctx, .seed = o->seed};
    s.fa = malloc(o->n * sizeof *s.fa);
    s.fb = malloc(o->n * sizeof *s.fb);
    s.fab = malloc(nf * o->n * sizeof *s.fab);
    s.scratch = malloc((size_t)threads * 3 * k * sizeof *s.scratch);
    regio_sobol *r = calloc(1, sizeof *r);
    int rc = REGIO_OK;
    if (!s.fa || !s.fb || !s.fab || !s.scratch || !r) {
        rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
        goto done;
    }
    r->s1 = calloc(nf, sizeof *r->s1);
    r->st = calloc(nf, sizeof *r->st);
    if (!r->s1 || !r->st) {
        rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
        goto done;
    }
    if ((rc = regio__mc_pool_run(o->n, threads, row_job, &s, o->progress, "Sobol", err))) goto done;
    r->nfactors = nf;
    r->n = o->n;
    r->nevals = o->n * (nf + 2);
    ksum m = {0, 0};
    for (size_t j = 0; j < o->n; j++) {
        kadd(&m, s.fa[j]);
        kadd(&m, s.fb[j]);
    }
    r->mean = kval(&m) / (2.0 * (double)o->n);
    ksum v = {0, 0};
    for (size_t j = 0; j < o->n; j++) {
        kadd(&v, (s.fa[j] - r->mean) * (s.fa[j] - r->mean));
        kadd(&v, (s.fb[j] - r->mean) * (s.fb[j] - r->mean));
    }
    r->var = kval(&v) / (2.0 * (double)o->n - 1.0);
    estimate(&s, NULL, r->s1, r->st); /* a constant output has no variance to apportion: NaN */
    if (o->nboot > 0) {
        size_t B = o->nboot, n = o->n;
        double *b1 = malloc(B * nf * sizeof *b1), *bt = malloc(B * nf * sizeof *bt), *col = malloc(B * sizeof *col);
        size_t *idx = malloc(n * sizeof *idx);
        r->s1_lo = malloc(nf * sizeof *r->s1_lo);
        r->s1_hi = malloc(nf * sizeof *r->s1_hi);
        r->st_lo = malloc(nf * sizeof *r->st_lo);
        r->st_hi = malloc(nf * sizeof *r->st_hi);
        if (!b1 || !bt || !col || !idx || !r->s1_lo || !r->s1_hi || !r->st_lo || !r->st_hi) {
            free(b1); free(bt); free(col); free(idx);
            rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
            goto done;
        }
        for (size_t b = 0; b < B; b++) {
            regio_rng rg;
            regio_rng_init(&rg, o->seed, n + b);
            for (size_t q = 0; q < n; q++) {
                size_t j = (size_t)(regio_rng_uniform(&rg) * (double)n);
                idx[q] = j < n ? j : n - 1;
            }
            estimate(&s, idx, b1 + b * nf, bt + b * nf);
        }
        for (size_t i = 0; i < nf; i++) {
            for (size_t b = 0; b < B; b++) col[b] = b1[b * nf + i];
            r->s1_lo[i] = quantile7(col, B, 0.05);
            for (size_t b = 0; b < B; b++) col[b] = b1[b * nf + i];
            r->s1_hi[i] = quantile7(col, B, 0.95);
            for (size_t b = 0; b < B; b++) col[b] = bt[b * nf + i];
            r->st_lo[i] = quantile7(col, B, 0.05);
            for (size_t b = 0; b < B; b++) col[b] = bt[b * nf + i];
            r->st_hi[i] = quantile7(col, B, 0.95);
        }
        r->nboot = B;
        free(b1); free(bt); free(col); free(idx);
    }
done:
    free(s.fa);
    free(s.fb);
    free(s.fab);
    free(s.scratch);
    if (rc) regio_sobol_free(r);
    else *out = r;
    return rc;
}

double regio_ishigami(const double *u, void *ctx) {
    const double *ab = ctx;
    const double pi = 3.14159265358979323846;
    double x1 = -pi + 2 * pi * u[0], x2 = -pi + 2 * pi * u[1], x3 = -pi + 2 * pi * u[2];
    double s2 = sin(x2);
    return sin(x1) + ab[0] * s2 * s2 + ab[1] * x3 * x3 * x3 * x3 * sin(x1);
}
