/* moran.c — global Moran's I (Moran 1950) with Cliff & Ord's (1981) moments under normality and under
 * randomisation and a seeded permutation test; see include/regio/autocorr.h and
 * docs/methods/autocorrelation.md. Matches esda.Moran and spdep::moran.test / moran.mc. */
#include <math.h>
#include <stdlib.h>

#include "autocorr_internal.h"

typedef struct mctx {
    const regio_weights *w;
    double scale; /* n / (S0 Σz²) */
} mctx;

/* Σ_i x_i Σ_j w_ij x_j */
static double cross(const regio_weights *w, const double *x) {
    double s = 0;
    for (size_t i = 0; i < w->n; i++) {
        double l = 0;
        for (size_t k = w->offsets[i]; k < w->offsets[i + 1]; k++) l += w->values[k] * x[w->neighbours[k]];
        s += x[i] * l;
    }
    return s;
}

static double moran_stat(const void *ctx, const double *z) {
    const mctx *c = ctx;
    return c->scale * cross(c->w, z);
}

int regio_moran_compute(const double *y, size_t n, const regio_weights *w, const regio_autocorr_opts *opts,
                        regio_moran **out, regio_error *err) {
    *out = NULL;
    int rc = regio__autocorr_check(y, n, w, err);
    if (rc) return rc;
    regio_autocorr_opts o = regio__autocorr_opts(opts);
    regio_moran *m = calloc(1, sizeof *m);
    double *z = malloc(n * sizeof *z);
    if (!m || !z) { free(m); free(z); return AC_OOM(err); }
    m->n = n;
    m->alternative = o.alternative;
    if ((rc = regio__autocorr_wsums(w, &m->S0, &m->S1, &m->S2, err))) goto fail;
    if (!(m->S0 != 0)) {
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
    double dn = (double)n, S0 = m->S0, S1 = m->S1, S2 = m->S2;
    mctx c = {w, dn / (S0 * s2)};
    m->I = moran_stat(&c, z);
    m->EI = -1.0 / (dn - 1);
    m->VI_norm = (dn * dn * S1 - dn * S2 + 3 * S0 * S0) / ((dn * dn - 1) * S0 * S0) - m->EI * m->EI;
    m->z_norm = (m->I - m->EI) / sqrt(m->VI_norm);
    m->p_norm = regio_p_normal(m->z_norm, o.alternative);
    if (n > 3) {
        double b2 = dn * s4 / (s2 * s2);
        double a = dn * ((dn * dn - 3 * dn + 3) * S1 - dn * S2 + 3 * S0 * S0);
        double b = b2 * ((dn * dn - dn) * S1 - 2 * dn * S2 + 6 * S0 * S0);
        m->VI_rand = (a - b) / ((dn - 1) * (dn - 2) * (dn - 3) * S0 * S0) - m->EI * m->EI;
        m->z_rand = (m->I - m->EI) / sqrt(m->VI_rand);
        m->p_rand = regio_p_normal(m->z_rand, o.alternative);
    } else {
        m->VI_rand = m->z_rand = m->p_rand = NAN;
    }
    if (o.permutations) {
        if (!(m->sims = malloc(o.permutations * sizeof *m->sims))) { rc = AC_OOM(err); goto fail; }
        if ((rc = regio__autocorr_global_perm(z, n, moran_stat, &c, &o, m->sims, err))) goto fail;
    }
    regio__autocorr_perm_summary(m->I, m->sims, o.permutations, o.alternative, &m->sim);
    free(z);
    *out = m;
    return REGIO_OK;
fail:
    free(z);
    regio_moran_free(m);
    return rc;
}

void regio_moran_free(regio_moran *m) {
    if (!m) return;
    free(m->sims);
    free(m);
}
