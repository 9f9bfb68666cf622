/* getis.c — Getis–Ord statistics: the general G (Getis & Ord 1992) with its randomisation moments and a
 * permutation test, and the local Gi / Gi* (Ord & Getis 1995) with their z-scores and conditional permutation
 * p-values. Matches esda.G and esda.G_Local (binary and row-standardised weights; Gi* with self-weight 1).
 * See include/regio/autocorr.h and docs/methods/autocorrelation.md. */
#include <math.h>
#include <stdlib.h>

#include "autocorr_internal.h"

typedef struct gctx {
    const regio_weights *w;
    double den; /* Σ_{i≠j} y_i y_j */
} gctx;

static double g_stat(const void *ctx, const double *y) {
    const gctx *c = ctx;
    const regio_weights *w = c->w;
    double s = 0;
    for (size_t i = 0; i < w->n; i++) {
        double l = 0;
        for (size_t k = w->offsets[i]; k < w->offsets[i + 1]; k++) l += w->values[k] * y[w->neighbours[k]];
        s += y[i] * l;
    }
    return s / c->den;
}

int regio_getis_compute(const double *y, size_t n, const regio_weights *w, const regio_autocorr_opts *opts,
                        regio_getis **out, regio_error *err) {
    *out = NULL;
    int rc = regio__autocorr_check(y, n, w, err);
    if (rc) return rc;
    for (size_t i = 0; i < n; i++)
        if (y[i] < 0)
            return regio_error_set(err, REGIO_EINVAL, "Getis–Ord G 要求数值非负，而第 %zu 个单元（从 0 起）为 %g",
                                   "Getis–Ord G needs non-negative values, but unit %zu (0-based) is %g", i, y[i]);
    regio_autocorr_opts o = regio__autocorr_opts(opts);
    regio_getis *g = calloc(1, sizeof *g);
    if (!g) return AC_OOM(err);
    g->n = n;
    g->alternative = o.alternative;
    double S0, S1, S2;
    if ((rc = regio__autocorr_wsums(w, &S0, &S1, &S2, err))) goto fail;
    if (!(S0 != 0)) {
        rc = regio_error_set(err, REGIO_EINVAL, "空间权重没有任何邻接关系（权重之和为零）",
                             "the spatial weights have no links (their sum is zero)");
        goto fail;
    }
    double s1 = 0, sy2 = 0, sy3 = 0, sy4 = 0;
    for (size_t i = 0; i < n; i++) {
        double v = y[i];
        s1 += v;
        sy2 += v * v;
        sy3 += v * v * v;
        sy4 += v * v * v * v;
    }
    gctx c = {w, s1 * s1 - sy2};
    if (!(c.den > 0)) {
        rc = regio_error_set(err, REGIO_EINVAL, "Getis–Ord G 至少需要两个正值",
                             "Getis–Ord G needs at least two positive values");
        goto fail;
    }
    double dn = (double)n, S00 = S0 * S0;
    g->G = g_stat(&c, y);
    g->EG = S0 / (dn * (dn - 1));
    if (n > 3) {
        /* Getis & Ord (1992) eq. 9, as esda writes it */
        double b0 = (dn * dn - 3 * dn + 3) * S1 - dn * S2 + 3 * S00;
        double b1 = -((dn * dn - dn) * S1 - 2 * dn * S2 + 6 * S00);
        double b2 = -(2 * dn * S1 - (dn + 3) * S2 + 6 * S00);
        double b3 = 4 * (dn - 1) * S1 - 2 * (dn + 1) * S2 + 8 * S00;
        double b4 = S1 - S2 + S00;
        double EG2 = b0 * sy2 * sy2 + b1 * sy4 + b2 * s1 * s1 * sy2 + b3 * s1 * sy3 + b4 * s1 * s1 * s1 * s1;
        EG2 /= c.den * c.den * dn * (dn - 1) * (dn - 2) * (dn - 3);
        g->VG = EG2 - g->EG * g->EG;
        g->z = (g->G - g->EG) / sqrt(g->VG);
        g->p_norm = regio_p_normal(g->z, o.alternative);
    } else {
        g->VG = g->z = g->p_norm = NAN;
    }
    if (o.permutations) {
        if (!(g->sims = malloc(o.permutations * sizeof *g->sims))) { rc = AC_OOM(err); goto fail; }
        if ((rc = regio__autocorr_global_perm(y, n, g_stat, &c, &o, g->sims, err))) goto fail;
    }
    regio__autocorr_perm_summary(g->G, g->sims, o.permutations, o.alternative, &g->sim);
    *out = g;
    return REGIO_OK;
fail:
    regio_getis_free(g);
    return rc;
}

void regio_getis_free(regio_getis *g) {
    if (!g) return;
    free(g->sims);
    free(g);
}

/* ---- local Gi / Gi* ---- */

void regio_localg_free(regio_localg *g) {
    if (!g) return;
    double **d[] = {&g->G, &g->EG, &g->VG, &g->z, &g->p_norm, &g->p_sim, &g->mean_sim, &g->sd_sim, &g->z_sim};
    for (size_t k = 0; k < sizeof d / sizeof *d; k++) free(*d[k]);
    free(g->cluster);
    free(g->island);
    free(g);
}

static regio_localg *localg_alloc(size_t n) {
    regio_localg *g = calloc(1, sizeof *g);
    if (!g) return NULL;
    double **d[] = {&g->G, &g->EG, &g->VG, &g->z, &g->p_norm, &g->p_sim, &g->mean_sim, &g->sd_sim, &g->z_sim};
    int ok = 1;
    for (size_t k = 0; k < sizeof d / sizeof *d; k++) ok &= (*d[k] = malloc(n * sizeof(double))) != NULL;
    g->cluster = malloc(n * sizeof *g->cluster);
    g->island = calloc(n, 1);
    if (!ok || !g->cluster || !g->island) {
        regio_localg_free(g);
        return NULL;
    }
    return g;
}

int regio__autocorr_localg_begin(const double *y, size_t n, const regio_weights *w, const regio_autocorr_opts *opts,
                    regio_localg **out, ac_local_work *wk, ac_local_stat *st, regio_error *err) {
    *out = NULL;
    *wk = (ac_local_work){0};
    int rc = regio__autocorr_check(y, n, w, err);
    if (rc) return rc;
    regio_autocorr_opts o = regio__autocorr_opts(opts);
    int peers = o.star == REGIO_STAR_PEERS;
    if (!peers && (!(o.star >= 0) || !isfinite(o.star)))
        return regio_error_set(err, REGIO_EINVAL, "Gi* 的自身权重必须是非负有限数（现为 %g）",
                               "the Gi* self-weight must be a non-negative finite number (got %g)", o.star);
    regio_localg *g = localg_alloc(n);
    double *lag = malloc(n * sizeof *lag), *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    double *x = malloc(n * sizeof *x);
    if (!g || !lag || !a || !b || !x) {
        free(lag);
        free(a);
        free(b);
        free(x);
        regio_localg_free(g);
        return AC_OOM(err);
    }
    g->n = n;
    g->permutations = o.permutations;
    g->alternative = o.alternative;
    g->star = o.star;
    int star = o.star != 0, row = w->transform == REGIO_W_ROW;
    double dn = (double)n, sy = 0, sy2 = 0;
    for (size_t i = 0; i < n; i++) {
        x[i] = y[i];
        sy += y[i];
        sy2 += y[i] * y[i];
    }
    regio_weights_lag(w, y, lag);
    for (size_t i = 0; i < n; i++) {
        size_t k0 = w->offsets[i], k1 = w->offsets[i + 1];
        a[i] = b[i] = 0;
        if (k0 == k1) {
            g->island[i] = 1;
            g->nislands++;
            g->G[i] = g->EG[i] = g->VG[i] = g->z[i] = g->p_norm[i] = NAN;
            continue;
        }
        double W = 0, S1 = 0, wmax = 0;
        for (size_t k = k0; k < k1; k++) {
            W += w->values[k];
            S1 += w->values[k] * w->values[k];
            if (w->values[k] > wmax) wmax = w->values[k];
        }
        /* Gi: the other n − 1 units; Gi*: all n, unit i with self-weight sw. The peers' Gi* (spdep localG on
         * include.self weights, esda star=True) puts the unit in its own row before standardising: self-weight
         * = the row's largest weight (1 for contiguity), and a row-standardised row is re-standardised with it
         * (scale c = 1 / (W + sw)); z does not depend on c, G, E(G) and V(G) do. */
        double sw = peers ? wmax : o.star, c = 1;
        double N = star ? dn : dn - 1, D = star ? sy : sy - y[i];
        double ybar = D / N, s2 = (star ? sy2 : sy2 - y[i] * y[i]) / N - ybar * ybar;
        double L = lag[i];
        if (star) {
            if (peers && row) c = 1 / (W + sw);
            L += sw * y[i];
            W += sw;
            S1 += sw * sw;
        }
        double q = (N * S1 - W * W) / (N - 1);
        g->G[i] = D != 0 ? c * L / D : NAN;
        g->EG[i] = c * W / N;
        g->VG[i] = D != 0 ? c * c * s2 * q / (D * D) : NAN;
        double v = s2 * q;
        g->z[i] = v > 0 ? (L - W * ybar) / sqrt(v) : 0;
        g->p_norm[i] = v > 0 ? regio_p_normal(g->z[i], o.alternative) : 1;
        /* permuted G_i = c·(permuted lag + sw·y_i) / D */
        a[i] = D != 0 ? c / D : 0;
        b[i] = D != 0 && star ? c * sw * y[i] / D : 0;
    }
    *wk = (ac_local_work){x, a, b, lag};
    *st = (ac_local_stat){x, lag, a, b, g->p_sim, g->mean_sim, g->sd_sim, g->z_sim};
    if (!o.permutations)
        for (size_t i = 0; i < n; i++) g->p_sim[i] = g->mean_sim[i] = g->sd_sim[i] = g->z_sim[i] = NAN;
    *out = g;
    return REGIO_OK;
}

int regio__autocorr_localg_end(regio_localg *g, const regio_autocorr_opts *opts, regio_error *err) {
    regio_autocorr_opts o = regio__autocorr_opts(opts);
    size_t n = g->n;
    /* hot (+1) and cold (−1) spots: a quadrant-like code 1/3 through the LISA labeller, then mapped */
    int *sign = malloc(n * sizeof *sign);
    if (!sign) return AC_OOM(err);
    for (size_t i = 0; i < n; i++) sign[i] = g->island[i] ? 0 : g->z[i] > 0 ? 1 : g->z[i] < 0 ? -1 : 0;
    int rc = regio_lisa_clusters(sign, o.permutations ? g->p_sim : g->p_norm, n, o.alpha, o.fdr, g->cluster, err);
    for (size_t i = 0; !rc && i < n; i++)
        if (g->island[i]) g->cluster[i] = 0;
    free(sign);
    return rc;
}

int regio_localg_compute(const double *y, size_t n, const regio_weights *w, const regio_autocorr_opts *opts,
                         regio_localg **out, regio_error *err) {
    return regio_local_compute(y, n, w, opts, NULL, out, err);
}

int regio_local_compute(const double *y, size_t n, const regio_weights *w, const regio_autocorr_opts *opts,
                        regio_lisa **lisa, regio_localg **localg, regio_error *err) {
    if (lisa) *lisa = NULL;
    if (localg) *localg = NULL;
    regio_autocorr_opts o = regio__autocorr_opts(opts);
    regio_lisa *l = NULL;
    regio_localg *g = NULL;
    ac_local_work wl = {0}, wg = {0};
    ac_local_stat st[2];
    size_t ns = 0;
    int rc = REGIO_OK;
    if (lisa && (rc = regio__autocorr_lisa_begin(y, n, w, &o, &l, &wl, &st[ns++], err))) goto done;
    if (localg && (rc = regio__autocorr_localg_begin(y, n, w, &o, &g, &wg, &st[ns++], err))) goto done;
    if (ns && o.permutations) {
        const unsigned char *island = l ? l->island : g->island;
        if ((rc = regio__autocorr_local_perm(w, island, st, ns, &o, err))) goto done;
    }
    if (l && (rc = regio__autocorr_lisa_end(l, &o, err))) goto done;
    if (g && (rc = regio__autocorr_localg_end(g, &o, err))) goto done;
done:
    regio__autocorr_local_work_free(&wl);
    regio__autocorr_local_work_free(&wg);
    if (rc) {
        regio_lisa_free(l);
        regio_localg_free(g);
        return rc;
    }
    if (lisa) *lisa = l;
    if (localg) *localg = g;
    return REGIO_OK;
}
