/* dagum.c — Dagum's (1997) Gini decomposition G = G_w + G_nb + G_t, exact and O(n log n).
 *
 * Why not the textbook loops: G_jh and d_jh need Σ_i Σ_r over every pair of units of two groups, O(n²) — hours
 * for a million values. Instead the units are bucketed by group (counting sort) and each group sorted once;
 * a group's own pair sum is one pass with cumulative sums (regio__ineq_pairsum_sorted), and d_jh for two groups is one
 * merge of their sorted lists with cumulative weights and weighted sums below each value (regio__ineq_cross_sorted).
 * p_jh is d_hj. Weights (populations) enter as frequencies: see docs/methods/inequality.md. */
#include "regio/ineq.h"

#include <math.h>
#include <stdlib.h>

#include "core/util.h"
#include "ineq_internal.h"

void regio_dagum_free(regio_dagum *d) {
    if (!d) return;
    free(d->n);
    free(d->mean);
    free(d->pop_share);
    free(d->income_share);
    free(d->gw_contrib);
    free(d->g);
    free(d->d);
    free(d->dd);
    free(d->pp);
    free(d);
}

static regio_dagum *alloc_dagum(size_t k) {
    regio_dagum *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    d->ngroups = k;
    d->n = calloc(k, sizeof *d->n);
    d->mean = calloc(k, sizeof(double));
    d->pop_share = calloc(k, sizeof(double));
    d->income_share = calloc(k, sizeof(double));
    d->gw_contrib = calloc(k, sizeof(double));
    d->g = calloc(k * k, sizeof(double));
    d->d = calloc(k * k, sizeof(double));
    d->dd = calloc(k * k, sizeof(double));
    d->pp = calloc(k * k, sizeof(double));
    if (!d->n || !d->mean || !d->pop_share || !d->income_share || !d->gw_contrib || !d->g || !d->d || !d->dd ||
        !d->pp) {
        regio_dagum_free(d);
        return NULL;
    }
    return d;
}

int regio_ineq_dagum(const double *x, const double *w, size_t n, const size_t *g, size_t k, regio_dagum **out,
                     regio_error *err) {
    *out = NULL;
    int rc = regio__ineq_check(x, w, n, INEQ_NONNEG, "基尼系数分解", "the Gini decomposition", err);
    if (rc) return rc;
    if (k == 0) return regio__ineq_check_groups(g, n, k, NULL, err);
    if (k > ((size_t)-1) / sizeof(double) / k)
        return regio_error_set(err, REGIO_EINVAL, "组数 %zu 太多", "%zu groups are too many", k);
    regio_dagum *d = alloc_dagum(k);
    size_t *off = calloc(k + 1, sizeof *off);
    ineq_pt *p = malloc(n * sizeof *p);
    double *Wg = calloc(k ? k : 1, sizeof *Wg), *Sg = calloc(k ? k : 1, sizeof *Sg);
    if (!d || !off || !p || !Wg || !Sg) { rc = regio__ineq_oom(err); goto done; }
    if ((rc = regio__ineq_check_groups(g, n, k, d->n, err))) goto done;

    /* bucket by group, then sort each bucket */
    for (size_t j = 0; j < k; j++) off[j + 1] = off[j] + d->n[j];
    {
        size_t *fill = malloc(k * sizeof *fill);
        if (!fill) { rc = regio__ineq_oom(err); goto done; }
        for (size_t j = 0; j < k; j++) fill[j] = off[j];
        for (size_t i = 0; i < n; i++) p[fill[g[i]]++] = (ineq_pt){x[i], w ? w[i] : 1.0};
        free(fill);
    }
    regio_ksum sw = {0, 0}, sx = {0, 0};
    for (size_t j = 0; j < k; j++) {
        ineq_pt *a = p + off[j];
        size_t na = d->n[j];
        regio__ineq_sort(a, na);
        regio_ksum gw = {0, 0}, gx = {0, 0};
        for (size_t i = 0; i < na; i++) {
            regio_ksum_add(&gw, a[i].w);
            regio_ksum_add(&gx, a[i].w * a[i].x);
        }
        Wg[j] = regio_ksum_value(&gw);
        Sg[j] = regio_ksum_value(&gx);
        d->mean[j] = Sg[j] / Wg[j];
        regio_ksum_add(&sw, Wg[j]);
        regio_ksum_add(&sx, Sg[j]);
    }
    double W = regio_ksum_value(&sw), S = regio_ksum_value(&sx);
    if (!(S > 0)) {
        rc = regio__ineq_zero_mean(err, "基尼系数分解", "the Gini decomposition");
        goto done;
    }
    regio_ksum pairs = {0, 0}; /* Σ_{all unordered pairs} w w |x − x'| */
    for (size_t j = 0; j < k; j++) {
        d->pop_share[j] = Wg[j] / W;
        d->income_share[j] = Sg[j] / S;
        double h = regio__ineq_pairsum_sorted(p + off[j], d->n[j]);
        regio_ksum_add(&pairs, h);
        /* G_jj = Σ_i Σ_r |.| / (2 W_j² m_j) = h / (W_j S_j) */
        d->g[j * k + j] = Sg[j] > 0 ? h / (Wg[j] * Sg[j]) : 0;
        d->gw_contrib[j] = d->g[j * k + j] * d->pop_share[j] * d->income_share[j];
        d->dd[j * k + j] = d->pp[j * k + j] = h / (Wg[j] * Wg[j]);
    }
    regio_ksum gwk = {0, 0}, gnb = {0, 0}, gt = {0, 0};
    for (size_t j = 0; j < k; j++) regio_ksum_add(&gwk, d->gw_contrib[j]);
    for (size_t j = 0; j < k; j++)
        for (size_t h = j + 1; h < k; h++) {
            double cjh = regio__ineq_cross_sorted(p + off[j], d->n[j], p + off[h], d->n[h]);
            double chj = regio__ineq_cross_sorted(p + off[h], d->n[h], p + off[j], d->n[j]);
            regio_ksum_add(&pairs, cjh);
            regio_ksum_add(&pairs, chj);
            double djh = cjh / (Wg[j] * Wg[h]), pjh = chj / (Wg[j] * Wg[h]), delta = djh + pjh;
            double mm = d->mean[j] + d->mean[h];
            double G = mm > 0 ? delta / mm : 0, D = delta > 0 ? (djh - pjh) / delta : 0;
            d->g[j * k + h] = d->g[h * k + j] = G;
            d->d[j * k + h] = D;
            d->d[h * k + j] = -D;
            d->dd[j * k + h] = d->pp[h * k + j] = djh;
            d->pp[j * k + h] = d->dd[h * k + j] = pjh;
            /* Dagum orders each pair so the richer group comes first: D_jh >= 0 for that order */
            double t = G * (d->pop_share[j] * d->income_share[h] + d->pop_share[h] * d->income_share[j]);
            double Dabs = fabs(D);
            regio_ksum_add(&gnb, t * Dabs);
            regio_ksum_add(&gt, t * (1 - Dabs));
        }
    d->gw = regio_ksum_value(&gwk);
    d->gnb = regio_ksum_value(&gnb);
    d->gt = regio_ksum_value(&gt);
    d->gb = d->gnb + d->gt;
    d->gini = regio_ksum_value(&pairs) / (W * S);
    *out = d;
    d = NULL;
done:
    regio_dagum_free(d);
    free(off);
    free(p);
    free(Wg);
    free(Sg);
    return rc;
}
