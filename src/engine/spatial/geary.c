/* geary.c — Geary's contiguity ratio C (Geary 1954) with Cliff & Ord's (1981) moments under normality and
 * randomisation and a seeded permutation test. Sign convention (esda's, not spdep's): z = (C − 1)/sd, so
 * positive autocorrelation is C < 1, z < 0 and the alternative REGIO_ALT_LESS; spdep::geary.test reports −z
 * and calls that alternative "greater". See docs/methods/autocorrelation.md. */
#include <math.h>
#include <stdlib.h>

#include "autocorr_internal.h"

typedef struct gctx {
    const regio_weights *w;
    double scale; /* (n − 1) / (2 S0 Σz²) */
} gctx;

static double geary_stat(const void *ctx, const double *z) {
    const gctx *c = ctx;
    const regio_weights *w = c->w;
    double s = 0;
    for (size_t i = 0; i < w->n; i++)
        for (size_t k = w->offsets[i]; k < w->offsets[i + 1]; k++) {
            double d = z[i] - z[w->neighbours[k]];
            s += w->values[k] * d * d;
        }
    return c->scale * s;
}

int regio_geary_compute(const double *y, size_t n, const regio_weights *w, const regio_autocorr_opts *opts,
                        regio_geary **out, regio_error *err) {
    *out = NULL;
    int rc = regio__autocorr_check(y, n, w, err);
    if (rc) return rc;
    regio_autocorr_opts o = regio__autocorr_opts(opts);
    regio_geary *g = calloc(1, sizeof *g);
    double *z = malloc(n * sizeof *z);
    if (!g || !z) { free(g); free(z); return AC_OOM(err); }
    g->n = n;
    g->alternative = o.alternative;
    double S0, S1, S2;
    if ((rc = regio__autocorr_wsums(w, &S0, &S1, &S2, err))) goto fail;
    if (!(S0 != 0)) {
        rc = regio_error_set(err, REGIO_EINVAL, "空间权重没有任何邻接关系（权重之和为零）",
                             "the spatial weights have no links (their sum is zero)");
        goto fail;
    }
    double mean = 0;
    for (size_t i = 0; i < n; i++) mean += y[i];
    mean /= (double)n;
    double s2 = 0, s4 = 0;
    for (size_t i = 0; i < n; i++) {
        z[i] = y[i] - mean;
        s2 += z[i] * z[i];
        s4 += z[i] * z[i] * z[i] * z[i];
    }
    double dn = (double)n, S00 = S0 * S0;
    gctx c = {w, (dn - 1) / (2 * S0 * s2)};
    g->C = geary_stat(&c, z);
    g->EC = 1;
    g->VC_norm = ((2 * S1 + S2) * (dn - 1) - 4 * S00) / (2 * (dn + 1) * S00);
    g->z_norm = (g->C - 1) / sqrt(g->VC_norm);
    g->p_norm = regio_p_normal(g->z_norm, o.alternative);
    if (n > 3) {
        double k = dn * s4 / (s2 * s2); /* kurtosis m4 / m2² */
        double A = (dn - 1) * S1 * (dn * dn - 3 * dn + 3 - (dn - 1) * k);
        double B = 0.25 * (dn - 1) * S2 * (dn * dn + 3 * dn - 6 - (dn * dn - dn + 2) * k);
        double C = S00 * (dn * dn - 3 - (dn - 1) * (dn - 1) * k);
        g->VC_rand = (A - B + C) / (dn * (dn - 2) * (dn - 3) * S00);
        g->z_rand = (g->C - 1) / sqrt(g->VC_rand);
        g->p_rand = regio_p_normal(g->z_rand, o.alternative);
    } else {
        g->VC_rand = g->z_rand = g->p_rand = NAN;
    }
    if (o.permutations) {
        if (!(g->sims = malloc(o.permutations * sizeof *g->sims))) { rc = AC_OOM(err); goto fail; }
        if ((rc = regio__autocorr_global_perm(z, n, geary_stat, &c, &o, g->sims, err))) goto fail;
    }
    regio__autocorr_perm_summary(g->C, g->sims, o.permutations, o.alternative, &g->sim);
    free(z);
    *out = g;
    return REGIO_OK;
fail:
    free(z);
    regio_geary_free(g);
    return rc;
}

void regio_geary_free(regio_geary *g) {
    if (!g) return;
    free(g->sims);
    free(g);
}
