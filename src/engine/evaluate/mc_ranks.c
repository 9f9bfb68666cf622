/* mc_ranks.c — Monte Carlo over an evaluation's choices (uncertainty.h): every draw codes the choices as
 * uniforms from its own random stream (seed, draw), scores the units, ranks them (within groups), and keeps
 * the rank; each unit's median, 5 % and 95 % rank quantiles are then read off a rank histogram. Ranks are
 * stored as 32-bit integers (4 · units · draws bytes), the dominant memory cost. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/evaluate/mc_internal.h"
#include "regio/rng.h"
#include "regio/uncertainty.h"

/* order before: by group, then score descending, NaN last in its group; ties by index (stable) */
static int before(size_t a, size_t b, const double *score, const size_t *group) {
    size_t ga = group ? group[a] : 0, gb = group ? group[b] : 0;
    if (ga != gb) return ga < gb;
    double sa = score[a], sb = score[b];
    int na = isnan(sa), nb = isnan(sb);
    if (na != nb) return nb;
    if (!na && sa != sb) return sa > sb;
    return a < b;
}

void regio_rank_within(size_t n, const double *score, const size_t *group, uint32_t *rank, size_t *order) {
    size_t *src = order, *dst = order + n;
    for (size_t i = 0; i < n; i++) src[i] = i;
    for (size_t w = 1; w < n; w *= 2) { /* bottom-up merge sort */
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n, i = lo, j = mid, o = lo;
            while (i < mid && j < hi) dst[o++] = before(src[j], src[i], score, group) ? src[j++] : src[i++];
            while (i < mid) dst[o++] = src[i++];
            while (j < hi) dst[o++] = src[j++];
        }
        size_t *t = src;
        src = dst;
        dst = t;
    }
    size_t start = 0; /* first position of the current group */
    for (size_t p = 0; p < n; p++) {
        size_t u = src[p];
        if (p > 0 && (group ? group[src[p - 1]] : 0) != (group ? group[u] : 0)) start = p;
        if (isnan(score[u])) rank[u] = 0;
        else if (p > start && score[src[p - 1]] == score[u]) rank[u] = rank[src[p - 1]];
        else rank[u] = (uint32_t)(p - start + 1);
    }
}

typedef struct mc_ctx {
    size_t n, k, draws;
    regio_mc_scorer f;
    void *ctx;
    const regio_mc_opts *o;
    uint32_t *ranks;   /* [draws × n] */
    double *scratch;   /* per thread: u[k], scores[n] */
    size_t *order;     /* per thread: 2n */
    size_t *hist;      /* per thread: n + 1 counts */
    size_t *hist2;     /* per thread: n + 1 counts, for the convergence checkpoints */
    double *convw;     /* n × 4 interval widths at the checkpoints */
    regio_mc_result *r;
} mc_ctx;

static int draw_job(size_t d, int thread, void *vctx, regio_error *err) {
    mc_ctx *m = vctx;
    double *u = m->scratch + (size_t)thread * (m->k + m->n), *scores = u + m->k;
    regio_rng rng;
    regio_rng_init(&rng, m->o->seed, d);
    for (size_t c = 0; c < m->k; c++) u[c] = regio_rng_uniform(&rng);
    int rc = m->f(u, scores, m->ctx, err);
    if (rc) return rc;
    regio_rank_within(m->n, scores, m->o->group, m->ranks + d * m->n, m->order + (size_t)thread * 2 * m->n);
    return REGIO_OK;
}

/* the idx-th smallest (0-based) of the ranks 1..n counted in h */
static double order_stat(const size_t *h, size_t n, size_t idx) {
    size_t cum = 0;
    for (size_t r = 1; r <= n; r++) {
        cum += h[r];
        if (cum > idx) return (double)r;
    }
    return (double)n;
}

/* type-7 quantile (Hyndman & Fan 1996; R's default) of the cnt ranks counted in h */
static double hist_quantile(const size_t *h, size_t n, size_t cnt, double p) {
    double pos = p * (double)(cnt - 1);
    size_t lo = (size_t)floor(pos);
    double frac = pos - (double)lo, x = order_stat(h, n, lo);
    if (frac > 0 && lo + 1 < cnt) x += frac * (order_stat(h, n, lo + 1) - x);
    return x;
}

static int unit_job(size_t i, int thread, void *vctx, regio_error *err) {
    mc_ctx *m = vctx;
    size_t *h = m->hist + (size_t)thread * (m->n + 1);
    memset(h, 0, (m->n + 1) * sizeof *h);
    double sum = 0;
    for (size_t d = 0; d < m->draws; d++) {
        uint32_t rk = m->ranks[d * m->n + i];
        h[rk]++;
        sum += rk;
    }
    size_t cnt = m->draws - h[0];
    m->r->nranked[i] = cnt;
    if (cnt == 0) {
        m->r->median[i] = m->r->p05[i] = m->r->p95[i] = m->r->mean[i] = NAN;
        return REGIO_OK;
    }
    m->r->mean[i] = sum / (double)cnt;
    /* interval width after the first conv_draws[c] draws (a second pass over the same ranks) */
    for (size_t c = 0; c + 1 < m->r->nconv; c++) {
        size_t *h2 = m->hist2 + (size_t)thread * (m->n + 1), nd = m->r->conv_draws[c];
        memset(h2, 0, (m->n + 1) * sizeof *h2);
        for (size_t d = 0; d < nd; d++) h2[m->ranks[d * m->n + i]]++;
        size_t c2 = nd - h2[0];
        m->convw[i * 4 + c] = c2 ? hist_quantile(h2, m->n, c2, 0.95) - hist_quantile(h2, m->n, c2, 0.05) : NAN;
    }
    m->r->median[i] = hist_quantile(h, m->n, cnt, 0.5);
    m->r->p05[i] = hist_quantile(h, m->n, cnt, 0.05);
    m->r->p95[i] = hist_quantile(h, m->n, cnt, 0.95);
    if (m->r->nconv) m->convw[i * 4 + m->r->nconv - 1] = m->r->p95[i] - m->r->p05[i];
    return REGIO_OK;
}

void regio_mc_result_free(regio_mc_result *r) {
    if (!r) return;
    free(r->median);
    free(r->p05);
    free(r->p95);
    free(r->mean);
    free(r->nranked);
    free(r);
}

int regio_mc_ranks(size_t n, size_t k, regio_mc_scorer f, void *ctx, const regio_mc_opts *o, regio_mc_result **out,
                   regio_error *err) {
    *out = NULL;
    if (!f || !o || n == 0 || o->draws == 0)
        return regio_error_set(err, REGIO_EINVAL, "蒙特卡罗分析需要至少 %d 个单元和 %d 次抽样",
                               "Monte Carlo analysis needs at least %d unit and %d draw", 1, 1);
    if (n > UINT32_MAX - 1)
        return regio_error_set(err, REGIO_EINVAL, "单元过多（%zu）", "too many units (%zu)", n);
    int threads = regio_threads_for(o->threads, o->draws);
    mc_ctx m = {.n = n, .k = k, .draws = o->draws, .f = f, .ctx = ctx, .o = o};
    int rc = REGIO_OK;
    regio_mc_result *r = calloc(1, sizeof *r);
    m.ranks = malloc(o->draws * n * sizeof *m.ranks);
    m.scratch = malloc((size_t)threads * (k + n) * sizeof *m.scratch);
    m.order = malloc((size_t)threads * 2 * n * sizeof *m.order);
    m.hist = malloc((size_t)threads * (n + 1) * sizeof *m.hist);
    m.hist2 = malloc((size_t)threads * (n + 1) * sizeof *m.hist2);
    m.convw = malloc(n * 4 * sizeof *m.convw);
    if (!r || !m.ranks || !m.scratch || !m.order || !m.hist || !m.hist2 || !m.convw) goto nomem;
    for (size_t q = 0; q < n * 4; q++) m.convw[q] = NAN;
    {
        const size_t div[4] = {8, 4, 2, 1};
        for (int c = 0; c < 4; c++)
            if (o->draws / div[c] >= 2 && (r->nconv == 0 || o->draws / div[c] > r->conv_draws[r->nconv - 1])) r->conv_draws[r->nconv++] = o->draws / div[c];
    }
    r->n = n;
    r->draws = o->draws;
    r->median = malloc(n * sizeof *r->median);
    r->p05 = malloc(n * sizeof *r->p05);
    r->p95 = malloc(n * sizeof *r->p95);
    r->mean = malloc(n * sizeof *r->mean);
    r->nranked = malloc(n * sizeof *r->nranked);
    if (!r->median || !r->p05 || !r->p95 || !r->mean || !r->nranked) goto nomem;
    m.r = r;
    if ((rc = regio__mc_pool_run(o->draws, threads, draw_job, &m, o->progress, "Monte Carlo", err))) goto done;
    rc = regio__mc_pool_run(n, threads, unit_job, &m, NULL, "", err);
    for (size_t c = 0; rc == REGIO_OK && c < r->nconv; c++) {
        double s = 0;
        size_t cnt = 0;
        for (size_t i = 0; i < n; i++)
            if (!isnan(m.convw[i * 4 + c])) { s += m.convw[i * 4 + c]; cnt++; }
        r->conv_width[c] = cnt ? s / (double)cnt : NAN;
    }
    goto done;
nomem:
    rc = regio_error_set(err, REGIO_ENOMEM, "内存不足（%zu 个单元 × %zu 次抽样）", "out of memory (%zu units × %zu draws)",
                         n, o->draws);
done:
    free(m.ranks);
    free(m.scratch);
    free(m.order);
    free(m.hist);
    free(m.hist2);
    free(m.convw);
    if (rc) regio_mc_result_free(r);
    else *out = r;
    return rc;
}
