/* spatial_markov.c — Rey's (2001) spatial Markov chain: the transition of a unit from year t to t+1 is counted in
 * the matrix of its spatial lag's class in year t, so one can see whether poor neighbours hold a region back.
 * Reproduces giddy.markov.Spatial_Markov (continuous y, lag of a row-standardised W): the conditional matrices,
 * their steady states, the χ² of each against the pooled chain, the summed x2, Bickenbach & Bode's (2003) Q and
 * LR homogeneity statistics with their degrees of freedom, and the steady-state multinomial test (shtest).
 * Islands have no lag class (include/regio/dynamics.h). */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/dynamics/dynamics_internal.h"

void regio_spatial_markov_free(regio_spatial_markov *s) {
    if (!s) return;
    free(s->classes);
    free(s->lag_classes);
    free(s->lag);
    free(s->cutoffs);
    free(s->lag_cutoffs);
    regio_chain_free(s->pooled);
    if (s->cond)
        for (size_t l = 0; l < s->m; l++) regio_chain_free(s->cond[l]);
    free(s->cond);
    free(s->chi2);
    free(s->shtest);
    free(s);
}

static double chi2_q(double stat, double dof) { return dof > 0 ? gsl_cdf_chisq_Q(stat, dof) : NAN; }

/* giddy.markov.chi2(T1, T2): T1 against the probabilities of T2, expected E = rowsum(T1)·p2. */
static regio_chi2 chi2_vs(const double *t1, const double *t2, size_t k) {
    double stat = 0;
    size_t r1 = 0, r2 = 0;
    for (size_t i = 0; i < k; i++) {
        double s1 = 0, s2 = 0;
        for (size_t j = 0; j < k; j++) { s1 += t1[i * k + j]; s2 += t2[i * k + j]; }
        r1 += s1 > 0;
        r2 += s2 > 0;
        for (size_t j = 0; j < k; j++) {
            double e = s2 > 0 ? s1 * t2[i * k + j] / s2 : 0, d = t1[i * k + j] - e;
            stat += d * d / (e == 0 ? 1.0 : e);
        }
    }
    regio_chi2 c = {stat, NAN, (double)((r1 ? r1 - 1 : 0) * (r2 ? r2 - 1 : 0))};
    c.p = chi2_q(c.stat, c.dof);
    return c;
}

/* Bickenbach & Bode (2003) Q and LR of m regimes' k×k count matrices (giddy Homogeneity_Results). */
static void homogeneity(regio_chain *const *cond, size_t m, size_t k, regio_chi2 *q, regio_chi2 *lr, double *pool) {
    memset(pool, 0, k * k * sizeof *pool);
    for (size_t l = 0; l < m; l++)
        for (size_t v = 0; v < k * k; v++) pool[v] += cond[l]->counts[v];
    double Q = 0, LR = 0, dof = 0;
    for (size_t i = 0; i < k; i++) {
        double ni = 0;
        size_t ai = 0, bi = 0;
        for (size_t j = 0; j < k; j++) { ni += pool[i * k + j]; ai += pool[i * k + j] > 0; }
        for (size_t l = 0; l < m; l++) {
            const double *c = cond[l]->counts + i * k;
            double nim = 0;
            for (size_t j = 0; j < k; j++) nim += c[j];
            bi += nim > 0;
            for (size_t j = 0; j < k; j++) {
                double pij = ni > 0 ? pool[i * k + j] / ni : 0, pijm = nim > 0 ? c[j] / nim : 0;
                double den = pij == 0 ? 1.0 : pij;
                Q += nim * (pijm - pij) * (pijm - pij) / den;
                if (c[j] > 0 && pij > 0) LR += c[j] * log(pijm / pij);
            }
        }
        dof += (double)(bi ? bi - 1 : 0) * (double)(ai ? ai - 1 : 0);
    }
    q->stat = Q;
    q->dof = dof;
    q->p = chi2_q(Q, dof);
    lr->stat = 2 * LR;
    lr->dof = dof;
    lr->p = chi2_q(2 * LR, dof);
}

int regio_spatial_markov_estimate(size_t n, size_t nyears, const double *y, const regio_weights *w,
                                  const regio_class_opts *cls, const regio_class_opts *lagcls,
                                  regio_spatial_markov **out, regio_error *err) {
    *out = NULL;
    regio_class_opts dflt = {REGIO_CLASS_QUANTILE_POOLED, 5, NULL};
    if (!cls) cls = &dflt;
    if (!lagcls) lagcls = &dflt;
    if (n == 0 || nyears < 2)
        return regio_error_set(err, REGIO_EINVAL, "空间马尔可夫链至少需要 1 个单元和 2 年（现有 %zu 个单元，%zu 年）",
                               "a spatial Markov chain needs at least 1 unit and 2 years (got %zu units, %zu years)", n,
                               nyears);
    if (!w || w->n != n)
        return regio_error_set(err, REGIO_EINVAL, "空间权重的单元数（%zu）与数据的单元数（%zu）不一致",
                               "the spatial weights have %zu units but the data have %zu", w ? w->n : 0, n);
    if (cls->k < 2 || lagcls->k < 2)
        return regio_error_set(err, REGIO_EINVAL, "分类数至少为 2", "at least 2 classes are needed");
    int rc = regio__dynamics_check_panel(n, nyears, y, 0, err);
    if (rc) return rc;

    regio_spatial_markov *s = calloc(1, sizeof *s);
    regio_weights *wr = NULL;
    size_t *isl = malloc(n * sizeof *isl), *keep = malloc(n * sizeof *keep), *kcls = NULL;
    double *klag = NULL, *pool = NULL, *counts = NULL;
    if (!s || !isl || !keep) { rc = DYN_OOM(err); goto fail; }
    size_t k = cls->k, m = lagcls->k;
    s->n = n;
    s->nyears = nyears;
    s->k = k;
    s->m = m;
    s->ncutsets = cls->mode == REGIO_CLASS_QUANTILE_YEAR ? nyears : 1;
    s->nlag_cutsets = lagcls->mode == REGIO_CLASS_QUANTILE_YEAR ? nyears : 1;
    s->classes = malloc(n * nyears * sizeof *s->classes);
    s->lag_classes = malloc(n * nyears * sizeof *s->lag_classes);
    s->lag = malloc(n * nyears * sizeof *s->lag);
    s->cutoffs = malloc(s->ncutsets * (k - 1) * sizeof *s->cutoffs);
    s->lag_cutoffs = malloc(s->nlag_cutsets * (m - 1) * sizeof *s->lag_cutoffs);
    s->cond = calloc(m, sizeof *s->cond);
    s->chi2 = malloc(m * sizeof *s->chi2);
    s->shtest = malloc(m * sizeof *s->shtest);
    counts = malloc(m * k * k * sizeof *counts);
    pool = malloc(k * k * sizeof *pool);
    if (!s->classes || !s->lag_classes || !s->lag || !s->cutoffs || !s->lag_cutoffs || !s->cond || !s->chi2 ||
        !s->shtest || !counts || !pool) {
        rc = DYN_OOM(err);
        goto fail;
    }
    rc = regio_classify(n, nyears, y, cls, s->classes, s->cutoffs, err);
    if (!rc) rc = regio_weights_transform(w, REGIO_W_ROW, &wr, err);
    if (rc) goto fail;
    for (size_t t = 0; t < nyears; t++) regio_weights_lag(wr, y + t * n, s->lag + t * n);

    /* lag classes over the units that have neighbours */
    s->nislands = regio_weights_islands(wr, isl);
    size_t nk = 0;
    for (size_t i = 0; i < n; i++)
        if (wr->offsets[i + 1] > wr->offsets[i]) keep[nk++] = i;
    for (size_t v = 0; v < n * nyears; v++) s->lag_classes[v] = SIZE_MAX;
    if (nk == 0) {
        rc = regio_error_set(err, REGIO_EINVAL, "所有 %zu 个单元都没有邻居，无法计算空间滞后的类别",
                             "none of the %zu units has a neighbour: the spatial lag has no classes", n);
        goto fail;
    }
    klag = malloc(nk * nyears * sizeof *klag);
    kcls = malloc(nk * nyears * sizeof *kcls);
    if (!klag || !kcls) { rc = DYN_OOM(err); goto fail; }
    for (size_t t = 0; t < nyears; t++)
        for (size_t a = 0; a < nk; a++) klag[t * nk + a] = s->lag[t * n + keep[a]];
    rc = regio_classify(nk, nyears, klag, lagcls, kcls, s->lag_cutoffs, err);
    if (rc) goto fail;
    for (size_t t = 0; t < nyears; t++)
        for (size_t a = 0; a < nk; a++) s->lag_classes[t * n + keep[a]] = kcls[t * nk + a];

    /* counts: pooled, and per lag class of the starting year */
    memset(counts, 0, m * k * k * sizeof *counts);
    memset(pool, 0, k * k * sizeof *pool);
    for (size_t t = 0; t + 1 < nyears; t++)
        for (size_t i = 0; i < n; i++) {
            size_t a = s->classes[t * n + i], b = s->classes[(t + 1) * n + i], l = s->lag_classes[t * n + i];
            pool[a * k + b] += 1;
            if (l != SIZE_MAX) counts[l * k * k + a * k + b] += 1;
        }
    rc = regio_chain_from_counts(k, pool, &s->pooled, err);
    for (size_t l = 0; l < m && !rc; l++) rc = regio_chain_from_counts(k, counts + l * k * k, &s->cond[l], err);
    if (rc) goto fail;

    /* homogeneity */
    s->x2 = (regio_chi2){0, NAN, 0};
    for (size_t l = 0; l < m; l++) {
        s->chi2[l] = chi2_vs(s->cond[l]->counts, s->pooled->counts, k);
        s->x2.stat += s->chi2[l].stat;
        s->x2.dof += s->chi2[l].dof;
    }
    s->x2.p = chi2_q(s->x2.stat, s->x2.dof);
    homogeneity(s->cond, m, k, &s->Q, &s->LR, pool);
    for (size_t l = 0; l < m; l++) {
        regio_chi2 c = {NAN, NAN, (double)(k - 1)};
        if (s->pooled->ergodic && s->cond[l]->ergodic) {
            double nt = 0;
            for (size_t v = 0; v < k * k; v++) nt += s->cond[l]->counts[v];
            c.stat = 0;
            for (size_t j = 0; j < k; j++) {
                double o = nt * s->cond[l]->steady[j], e = nt * s->pooled->steady[j];
                c.stat += (o - e) * (o - e) / e;
            }
            c.p = chi2_q(c.stat, c.dof);
        }
        s->shtest[l] = c;
    }
    regio_weights_free(wr);
    free(isl);
    free(keep);
    free(klag);
    free(kcls);
    free(counts);
    free(pool);
    *out = s;
    return REGIO_OK;
fail:
    regio_weights_free(wr);
    free(isl);
    free(keep);
    free(klag);
    free(kcls);
    free(counts);
    free(pool);
    regio_spatial_markov_free(s);
    return rc;
}
