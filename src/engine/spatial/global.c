/* global.c — Moran's I, Geary's C and Getis–Ord G from one set of permutations (regio_global_compute).
 *
 * Why: each statistic's permutation r shuffles the values with the same stream (seed, r), so the three draw the
 * same permutation; run separately they shuffle three times and walk the links three times. Here permutation r
 * shuffles (z, y) pairs once and one walk over the links accumulates the three sums, each in exactly the order
 * and arithmetic of its own statistic (moran.c, geary.c, getis.c), so the permuted values — and the p-values —
 * are bit-identical to the separate calls (tested). The analytical parts come from the separate functions. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "autocorr_internal.h"
#include "regio/rng.h"

typedef struct zy { double z, y; } zy;

typedef struct gctx {
    const regio_weights *w;
    const double *z, *y;
    size_t n;
    uint64_t seed;
    double mscale, gscale, den; /* Moran n/(S0 Σz²), Geary (n − 1)/(2 S0 Σz²), G Σ_{i≠j} y_i y_j */
    double *msims, *gsims, *Gsims; /* NULL when that statistic is not asked for */
} gctx;

static void *gscratch(void *ctx) {
    const gctx *g = ctx;
    return malloc(g->n * sizeof(zy));
}

static void grun(void *ctx, void *scratch, size_t b, size_t e) {
    const gctx *g = ctx;
    const regio_weights *w = g->w;
    zy *p = scratch;
    for (size_t r = b; r < e; r++) {
        regio_rng rng;
        regio_rng_init(&rng, g->seed, r);
        for (size_t i = 0; i < g->n; i++) p[i] = (zy){g->z[i], g->y ? g->y[i] : 0};
        for (size_t i = g->n - 1; i > 0; i--) { /* Fisher–Yates, as regio__autocorr_global_perm */
            size_t j = (size_t)regio_rng_below(&rng, i + 1);
            zy t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        double sm = 0, sg = 0, sG = 0;
        for (size_t i = 0; i < w->n; i++) {
            double lz = 0, ly = 0;
            for (size_t k = w->offsets[i]; k < w->offsets[i + 1]; k++) {
                const zy q = p[w->neighbours[k]];
                lz += w->values[k] * q.z;
                ly += w->values[k] * q.y;
                double d = p[i].z - q.z;
                sg += w->values[k] * d * d;
            }
            sm += p[i].z * lz;
            sG += p[i].y * ly;
        }
        if (g->msims) g->msims[r] = g->mscale * sm;
        if (g->gsims) g->gsims[r] = g->gscale * sg;
        if (g->Gsims) g->Gsims[r] = sG / g->den;
    }
}

int regio_global_compute(const double *y, size_t n, const regio_weights *w, const regio_autocorr_opts *opts,
                         regio_moran **moran, regio_geary **geary, regio_getis **getis, regio_error *getis_err,
                         regio_error *err) {
    if (moran) *moran = NULL;
    if (geary) *geary = NULL;
    if (getis) *getis = NULL;
    regio_autocorr_opts o = regio__autocorr_opts(opts), a = o;
    a.permutations = 0; /* the analytical parts alone */
    regio_moran *mo = NULL;
    regio_geary *ge = NULL;
    regio_getis *gg = NULL;
    double *z = NULL;
    int rc = REGIO_OK;
    if (moran && (rc = regio_moran_compute(y, n, w, &a, &mo, err))) goto fail;
    if (geary && (rc = regio_geary_compute(y, n, w, &a, &ge, err))) goto fail;
    if (getis) {
        regio_error *ge_err = getis_err ? getis_err : err;
        int grc = regio_getis_compute(y, n, w, &a, &gg, ge_err);
        if (grc && !getis_err) { rc = grc; goto fail; }
    }
    size_t R = o.permutations;
    if (R && (mo || ge || gg)) {
        /* the centred values and the scales exactly as moran.c and geary.c compute them */
        if (!(z = malloc(n * sizeof *z))) { rc = AC_OOM(err); goto fail; }
        double mean = 0;
        for (size_t i = 0; i < n; i++) mean += y[i];
        mean /= (double)n;
        double s2 = 0;
        for (size_t i = 0; i < n; i++) {
            z[i] = y[i] - mean;
            s2 += z[i] * z[i];
        }
        double S0 = mo ? mo->S0 : 0, S1, S2, dn = (double)n;
        if (!mo && (rc = regio__autocorr_wsums(w, &S0, &S1, &S2, err))) goto fail;
        double s1 = 0, sy2 = 0;
        for (size_t i = 0; i < n; i++) {
            s1 += y[i];
            sy2 += y[i] * y[i];
        }
        gctx g = {w, z, gg ? y : NULL, n, o.seed, dn / (S0 * s2), (dn - 1) / (2 * S0 * s2), s1 * s1 - sy2, NULL, NULL, NULL};
        if ((mo && !(mo->sims = g.msims = malloc(R * sizeof(double)))) || (ge && !(ge->sims = g.gsims = malloc(R * sizeof(double)))) ||
            (gg && !(gg->sims = g.Gsims = malloc(R * sizeof(double))))) {
            rc = AC_OOM(err);
            goto fail;
        }
        ac_job job = {&g, R, 16, gscratch, free, grun};
        if ((rc = regio__autocorr_parallel(&job, o.threads, err))) goto fail;
        if (mo) regio__autocorr_perm_summary(mo->I, mo->sims, R, o.alternative, &mo->sim);
        if (ge) regio__autocorr_perm_summary(ge->C, ge->sims, R, o.alternative, &ge->sim);
        if (gg) regio__autocorr_perm_summary(gg->G, gg->sims, R, o.alternative, &gg->sim);
    }
    free(z);
    if (moran) *moran = mo;
    if (geary) *geary = ge;
    if (getis) *getis = gg;
    return REGIO_OK;
fail:
    free(z);
    regio_moran_free(mo);
    regio_geary_free(ge);
    regio_getis_free(gg);
    return rc;
}
