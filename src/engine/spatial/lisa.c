/* lisa.c — local Moran's I (Anselin 1995) with both analytical nulls of Sokal, Oden & Thomson (1998) as spdep's
 * localmoran gives them (total randomisation A3–A4, conditional randomisation A7–A8), conditional permutation
 * pseudo p-values, Moran-scatterplot quadrants and cluster labels (optionally Benjamini–Hochberg).
 * Scale: Anselin/spdep by default, esda's (n−1)/n on request; moments follow the scale. Islands: no statistic.
 * See include/regio/autocorr.h and docs/methods/autocorrelation.md. */
#include <math.h>
#include <stdlib.h>

#include "autocorr_internal.h"

void regio_lisa_free(regio_lisa *l) {
    if (!l) return;
    double **d[] = {&l->I, &l->lag, &l->EI, &l->VI, &l->z_total, &l->p_total, &l->EIc, &l->VIc, &l->z_cond,
                    &l->p_cond, &l->p_sim, &l->mean_sim, &l->sd_sim, &l->z_sim};
    for (size_t k = 0; k < sizeof d / sizeof *d; k++) free(*d[k]);
    free(l->quadrant);
    free(l->cluster);
    free(l->island);
    free(l);
}

static regio_lisa *lisa_alloc(size_t n) {
    regio_lisa *l = calloc(1, sizeof *l);
    if (!l) return NULL;
    double **d[] = {&l->I, &l->lag, &l->EI, &l->VI, &l->z_total, &l->p_total, &l->EIc, &l->VIc, &l->z_cond,
                    &l->p_cond, &l->p_sim, &l->mean_sim, &l->sd_sim, &l->z_sim};
    int ok = 1;
    for (size_t k = 0; k < sizeof d / sizeof *d; k++) ok &= (*d[k] = malloc(n * sizeof(double))) != NULL;
    l->quadrant = malloc(n * sizeof *l->quadrant);
    l->cluster = malloc(n * sizeof *l->cluster);
    l->island = calloc(n, 1);
    if (!ok || !l->quadrant || !l->cluster || !l->island) {
        regio_lisa_free(l);
        return NULL;
    }
    return l;
}

/* z and p of a moment pair; a variance of zero means the statistic cannot move under that null (z_i = 0, or a
 * unit neighbouring every other with equal weights): z = 0 and p = 1, not NaN. */
static void zp(double I, double E, double V, regio_alternative alt, double *z, double *p) {
    if (V > 0) {
        *z = (I - E) / sqrt(V);
        *p = regio_p_normal(*z, alt);
    } else {
        *z = 0;
        *p = 1;
    }
}

void regio__autocorr_local_work_free(ac_local_work *wk) {
    free(wk->x);
    free(wk->a);
    free(wk->b);
    free(wk->lag);
    wk->x = wk->a = wk->b = wk->lag = NULL;
}

int regio__autocorr_lisa_begin(const double *y, size_t n, const regio_weights *w, const regio_autocorr_opts *opts, regio_lisa **out,
                  ac_local_work *wk, ac_local_stat *st, regio_error *err) {
    *out = NULL;
    *wk = (ac_local_work){0};
    int rc = regio__autocorr_check(y, n, w, err);
    if (rc) return rc;
    regio_autocorr_opts o = regio__autocorr_opts(opts);
    regio_lisa *l = lisa_alloc(n);
    double *z = malloc(n * sizeof *z), *a = malloc(n * sizeof *a), *b = calloc(n, sizeof *b);
    if (!l || !z || !a || !b) {
        free(z);
        free(a);
        free(b);
        regio_lisa_free(l);
        return AC_OOM(err);
    }
    l->n = n;
    l->permutations = o.permutations;
    l->alternative = o.alternative;
    l->scale = o.scale;
    l->alpha = o.alpha;
    l->fdr = o.fdr;

    double dn = (double)n, mean = 0;
    for (size_t i = 0; i < n; i++) mean += y[i];
    mean /= dn;
    double s2 = 0, s4 = 0;
    for (size_t i = 0; i < n; i++) {
        z[i] = y[i] - mean;
        s2 += z[i] * z[i];
        s4 += z[i] * z[i] * z[i] * z[i];
    }
    double m2 = s2 / dn, b2 = (s4 / dn) / (m2 * m2);
    double f = o.scale == REGIO_LISA_SCALE_ESDA ? (dn - 1) / dn : 1.0; /* esda = Anselin × (n−1)/n */
    double A = (dn - b2) / (dn - 1), B = (2 * b2 - dn) / ((dn - 1) * (dn - 2));
    regio_weights_lag(w, z, l->lag);

    for (size_t i = 0; i < n; i++) {
        size_t k0 = w->offsets[i], k1 = w->offsets[i + 1];
        if (k0 == k1) {
            l->island[i] = 1;
            l->nislands++;
            l->I[i] = l->EI[i] = l->VI[i] = l->z_total[i] = l->p_total[i] = NAN;
            l->EIc[i] = l->VIc[i] = l->z_cond[i] = l->p_cond[i] = NAN;
            l->lag[i] = NAN;
            l->quadrant[i] = REGIO_LISA_NS;
            a[i] = 0;
            continue;
        }
        double Wi = 0, Wi2 = 0;
        for (size_t k = k0; k < k1; k++) {
            Wi += w->values[k];
            Wi2 += w->values[k] * w->values[k];
        }
        double c = f / m2;
        a[i] = c * z[i];
        l->I[i] = a[i] * l->lag[i];
        /* total randomisation (Sokal et al. 1998 A3–A4; spdep localmoran(conditional = FALSE)) */
        double E = -Wi / (dn - 1);
        double V = A * Wi2 + B * (Wi * Wi - Wi2) - E * E;
        l->EI[i] = f * E;
        l->VI[i] = f * f * V;
        zp(l->I[i], l->EI[i], l->VI[i], o.alternative, &l->z_total[i], &l->p_total[i]);
        /* conditional randomisation (A7–A8; spdep's default, esda's EIc/VIc) */
        double zi2 = z[i] * z[i];
        double Ec = -(zi2 * Wi) / ((dn - 1) * m2);
        double Vc = (z[i] / m2) * (z[i] / m2) * (dn / (dn - 2)) * (Wi2 - Wi * Wi / (dn - 1)) * (m2 - zi2 / (dn - 1));
        l->EIc[i] = f * Ec;
        l->VIc[i] = f * f * Vc;
        zp(l->I[i], l->EIc[i], l->VIc[i], o.alternative, &l->z_cond[i], &l->p_cond[i]);
        int hi = z[i] > 0, lhi = l->lag[i] > 0;
        l->quadrant[i] = hi ? (lhi ? REGIO_LISA_HH : REGIO_LISA_HL) : (lhi ? REGIO_LISA_LH : REGIO_LISA_LL);
    }

    *wk = (ac_local_work){z, a, b, NULL};
    *st = (ac_local_stat){z, l->lag, a, b, l->p_sim, l->mean_sim, l->sd_sim, l->z_sim};
    if (!o.permutations)
        for (size_t i = 0; i < n; i++) l->p_sim[i] = l->mean_sim[i] = l->sd_sim[i] = l->z_sim[i] = NAN;
    *out = l;
    return REGIO_OK;
}

int regio__autocorr_lisa_end(regio_lisa *l, const regio_autocorr_opts *opts, regio_error *err) {
    regio_autocorr_opts o = regio__autocorr_opts(opts);
    return regio_lisa_clusters(l->quadrant, o.permutations ? l->p_sim : l->p_cond, l->n, o.alpha, o.fdr, l->cluster, err);
}

int regio_lisa_compute(const double *y, size_t n, const regio_weights *w, const regio_autocorr_opts *opts,
                       regio_lisa **out, regio_error *err) {
    return regio_local_compute(y, n, w, opts, out, NULL, err);
}
