/* kde.c — the density of relative values per year (Quah's "twin peaks" picture): Gaussian kernel, Silverman's
 * (1986, eq. 3.31) rule-of-thumb bandwidth h = 0.9·min(sd, IQR/1.34)·n^(−1/5), optional weights. Direct O(n·grid)
 * evaluation: regional panels have hundreds of units and a few hundred grid points. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/dynamics/dynamics_internal.h"

void regio_kde_free(regio_kde *k) {
    if (!k) return;
    free(k->grid);
    free(k->bandwidth);
    free(k->density);
    free(k);
}

typedef struct { double x, w; } xw;

static int cmp_xw(const void *a, const void *b) {
    double x = ((const xw *)a)->x, y = ((const xw *)b)->x;
    return (x > y) - (x < y);
}

int regio_silverman_bandwidth(size_t n, const double *x, const double *w, double *h, regio_error *err) {
    *h = NAN;
    if (n < 2) return regio_error_set(err, REGIO_EINVAL, "带宽至少需要 2 个值，实有 %zu 个", "a bandwidth needs at least 2 values, not %zu", n);
    double sw = 0, sw2 = 0, m = 0;
    for (size_t i = 0; i < n; i++) {
        double wi = w ? w[i] : 1.0;
        if (!isfinite(x[i]) || !isfinite(wi) || wi < 0)
            return regio_error_set(err, REGIO_EINVAL, "第 %zu 个值或其权重缺失、不是有限数或权重为负",
                                   "value %zu or its weight is missing, not finite, or the weight is negative", i + 1);
        sw += wi;
        sw2 += wi * wi;
        m += wi * x[i];
    }
    if (!(sw > 0)) return regio_error_set(err, REGIO_EINVAL, "权重之和为 0", "the weights sum to 0");
    m /= sw;
    double neff = sw * sw / sw2;
    if (!(neff > 1))
        return regio_error_set(err, REGIO_EINVAL, "有效样本量 %g 不大于 1，无法估计带宽",
                               "the effective sample size %g is not above 1: no bandwidth can be estimated", neff);
    double ss = 0;
    for (size_t i = 0; i < n; i++) ss += (w ? w[i] : 1.0) * (x[i] - m) * (x[i] - m);
    double sd = sqrt(ss / sw * neff / (neff - 1));
    xw *a = malloc(n * sizeof *a);
    double *sx = malloc(n * sizeof *sx), *ws = malloc(n * sizeof *ws);
    if (!a || !sx || !ws) { free(a); free(sx); free(ws); return DYN_OOM(err); }
    for (size_t i = 0; i < n; i++) a[i] = (xw){x[i], w ? w[i] : 1.0};
    qsort(a, n, sizeof *a, cmp_xw);
    for (size_t i = 0; i < n; i++) { sx[i] = a[i].x; ws[i] = a[i].w; }
    double iqr = w ? regio__dynamics_wquantile_sorted(sx, ws, n, 0.75) - regio__dynamics_wquantile_sorted(sx, ws, n, 0.25)
                   : regio__dynamics_quantile_sorted(sx, n, 0.75) - regio__dynamics_quantile_sorted(sx, n, 0.25);
    free(a);
    free(sx);
    free(ws);
    if (!(sd > 0))
        return regio_error_set(err, REGIO_EINVAL, "所有值都相同（标准差为 0），核密度无定义",
                               "every value is the same (standard deviation 0): the kernel density is undefined");
    double spread = iqr > 0 ? fmin(sd, iqr / 1.34) : sd;
    *h = 0.9 * spread * pow(neff, -0.2);
    return REGIO_OK;
}

int regio_kde_eval(size_t n, const double *x, const double *w, double h, size_t ngrid, const double *grid,
                   double *density, regio_error *err) {
    if (!(h > 0) || !isfinite(h))
        return regio_error_set(err, REGIO_EINVAL, "带宽必须为正，实为 %g", "the bandwidth must be positive, not %g", h);
    double sw = 0;
    for (size_t i = 0; i < n; i++) sw += w ? w[i] : 1.0;
    if (!(sw > 0)) return regio_error_set(err, REGIO_EINVAL, "权重之和为 0", "the weights sum to 0");
    const double c = 1.0 / (h * sw * 2.5066282746310002 /* √(2π) */);
    for (size_t g = 0; g < ngrid; g++) {
        double s = 0;
        for (size_t i = 0; i < n; i++) {
            double u = (grid[g] - x[i]) / h;
            s += (w ? w[i] : 1.0) * exp(-0.5 * u * u);
        }
        density[g] = s * c;
    }
    return REGIO_OK;
}

int regio_kde_relative(size_t n, size_t nyears, const double *y, const double *w, size_t ngrid, const double *grid,
                       regio_kde **out, regio_error *err) {
    *out = NULL;
    if (nyears == 0 || ngrid < 2)
        return regio_error_set(err, REGIO_EINVAL, "核密度需要至少 1 年和 2 个网格点（现有 %zu 年，%zu 个点）",
                               "a kernel density needs at least 1 year and 2 grid points (got %zu years, %zu points)",
                               nyears, ngrid);
    regio_kde *k = calloc(1, sizeof *k);
    double *rel = malloc((n ? n : 1) * nyears * sizeof *rel);
    int rc = REGIO_OK;
    if (!k || !rel) { rc = DYN_OOM(err); goto fail; }
    k->nyears = nyears;
    k->ngrid = ngrid;
    k->grid = malloc(ngrid * sizeof *k->grid);
    k->bandwidth = malloc(nyears * sizeof *k->bandwidth);
    k->density = malloc(nyears * ngrid * sizeof *k->density);
    if (!k->grid || !k->bandwidth || !k->density) { rc = DYN_OOM(err); goto fail; }
    rc = regio_relative(n, nyears, y, w, rel, err);
    for (size_t t = 0; t < nyears && !rc; t++) {
        rc = regio_silverman_bandwidth(n, rel + t * n, w ? w + t * n : NULL, &k->bandwidth[t], err);
        if (rc) {
            char zh[64], en[64];
            snprintf(zh, sizeof zh, "第 %zu 年（从 1 起）：", t + 1);
            snprintf(en, sizeof en, "year %zu (counting from 1): ", t + 1);
            regio_error_prefix(err, zh, en);
        }
    }
    if (rc) goto fail;
    if (grid) {
        memcpy(k->grid, grid, ngrid * sizeof *grid);
    } else {
        double lo = INFINITY, hi = -INFINITY, hmax = 0;
        for (size_t v = 0; v < n * nyears; v++) { lo = fmin(lo, rel[v]); hi = fmax(hi, rel[v]); }
        for (size_t t = 0; t < nyears; t++) hmax = fmax(hmax, k->bandwidth[t]);
        double a = lo - 3 * hmax, b = hi + 3 * hmax;
        if (lo >= 0 && a < 0) a = 0;
        for (size_t g = 0; g < ngrid; g++) k->grid[g] = a + (b - a) * (double)g / (double)(ngrid - 1);
    }
    for (size_t t = 0; t < nyears && !rc; t++)
        rc = regio_kde_eval(n, rel + t * n, w ? w + t * n : NULL, k->bandwidth[t], ngrid, k->grid,
                            k->density + t * ngrid, err);
    if (rc) goto fail;
    free(rel);
    *out = k;
    return REGIO_OK;
fail:
    free(rel);
    regio_kde_free(k);
    return rc;
}
