/* autocorr_common.c — input checks, p-value rules, weight sums, FDR and cluster labels shared by the spatial
 * autocorrelation statistics (autocorr_internal.h). Kept apart so the rules live in one place: a p-value is
 * computed here and nowhere else. */
#include "autocorr_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SQRT2 1.41421356237309504880
#define AC_VALUE_MAX 1e150

regio_autocorr_opts regio__autocorr_opts(const regio_autocorr_opts *opts) {
    regio_autocorr_opts o;
    if (opts) o = *opts;
    else memset(&o, 0, sizeof o);
    if (!(o.alpha > 0)) o.alpha = 0.05;
    return o;
}

int regio__autocorr_check(const double *y, size_t n, const regio_weights *w, regio_error *err) {
    if (n < 3)
        return regio_error_set(err, REGIO_EINVAL, "空间自相关至少需要 3 个单元（现有 %zu 个）",
                               "spatial autocorrelation needs at least 3 units (got %zu)", n);
    if (!w || w->n != n)
        return regio_error_set(err, REGIO_EINVAL, "空间权重有 %zu 个单元，而数值有 %zu 个",
                               "the spatial weights have %zu units but there are %zu values", w ? w->n : 0, n);
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(y[i]))
            return regio_error_set(err, REGIO_EINVAL, "第 %zu 个单元（从 0 起）的数值缺失或不是有限数",
                                   "the value of unit %zu (0-based) is missing or not a finite number", i);
        /* the statistics square deviations: beyond ±1e150 they overflow and came out null without a word */
        if (fabs(y[i]) > AC_VALUE_MAX)
            return regio_error_set(err, REGIO_EINVAL,
                                   "第 %zu 个单元（从 0 起）的数值 %g 太大：超过 ±1e150 时平方会溢出，统计量无法计算；请换一个单位（如亿元而非元）",
                                   "unit %zu (0-based) has the value %g, too large: beyond ±1e150 its square overflows and no "
                                   "statistic can be computed; use a larger unit (亿元 rather than 元)",
                                   i, y[i]);
    }
    int varies = 0;
    for (size_t i = 1; i < n && !varies; i++) varies = y[i] != y[0];
    if (!varies)
        return regio_error_set(err, REGIO_EINVAL, "所有 %zu 个单元的数值都相同（方差为零），无法计算空间自相关",
                               "all %zu values are equal (zero variance): spatial autocorrelation is undefined", n);
    return REGIO_OK;
}

double regio_p_normal(double z, regio_alternative alt) {
    if (isnan(z)) return NAN;
    /* upper tail 1 − Φ(z) = erfc(z/√2)/2, accurate far into the tail */
    switch (alt) {
    case REGIO_ALT_GREATER: return 0.5 * erfc(z / SQRT2);
    case REGIO_ALT_LESS: return 0.5 * erfc(-z / SQRT2);
    default: {
        double p = erfc(fabs(z) / SQRT2);
        return p > 1 ? 1 : p;
    }
    }
}

double regio__autocorr_p_counts(size_t ge, size_t le, size_t R, regio_alternative alt) {
    if (R == 0) return NAN;
    double pg = (double)(ge + 1) / (double)(R + 1), pl = (double)(le + 1) / (double)(R + 1);
    switch (alt) {
    case REGIO_ALT_GREATER: return pg;
    case REGIO_ALT_LESS: return pl;
    default: {
        /* towards the observed side = the smaller tail; doubled, capped at 1 (every permutation tying gives 1) */
        size_t c = ge < le ? ge : le;
        double p = 2.0 * (double)(c + 1) / (double)(R + 1);
        return p > 1 ? 1 : p;
    }
    }
}

void regio__autocorr_perm_summary(double obs, const double *sims, size_t R, regio_alternative alt, regio_perm *perm) {
    perm->permutations = R;
    if (R == 0) {
        perm->p = perm->mean = perm->sd = perm->z = NAN;
        return;
    }
    size_t ge = 0, le = 0;
    double s = 0;
    for (size_t r = 0; r < R; r++) {
        ge += sims[r] >= obs;
        le += sims[r] <= obs;
        s += sims[r];
    }
    double mean = s / (double)R, ss = 0;
    for (size_t r = 0; r < R; r++) ss += (sims[r] - mean) * (sims[r] - mean);
    perm->mean = mean;
    perm->sd = sqrt(ss / (double)R);
    perm->z = perm->sd > 0 ? (obs - mean) / perm->sd : NAN;
    perm->p = regio__autocorr_p_counts(ge, le, R, alt);
}

int regio__autocorr_wsums(const regio_weights *w, double *S0, double *S1, double *S2, regio_error *err) {
    size_t n = w->n;
    double *col = calloc(n ? n : 1, sizeof *col);
    if (!col) return AC_OOM(err);
    double s0 = 0, s1 = 0, s2 = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t k = w->offsets[i]; k < w->offsets[i + 1]; k++) {
            size_t j = w->neighbours[k];
            double v = w->values[k], back = 0;
            s0 += v;
            col[j] += v;
            /* w_ji by binary search in j's sorted row */
            size_t lo = w->offsets[j], hi = w->offsets[j + 1];
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (w->neighbours[mid] == i) { back = w->values[mid]; break; }
                if (w->neighbours[mid] < i) lo = mid + 1; else hi = mid;
            }
            /* Σ_ij (w_ij + w_ji)² = Σ_ij w_ij² + Σ_ij w_ji² + 2 Σ_ij w_ij w_ji = 2 Σ w² + 2 Σ w_ij w_ji */
            s1 += 2 * v * v + 2 * v * back;
        }
    for (size_t i = 0; i < n; i++) {
        double r = 0;
        for (size_t k = w->offsets[i]; k < w->offsets[i + 1]; k++) r += w->values[k];
        s2 += (r + col[i]) * (r + col[i]);
    }
    free(col);
    *S0 = s0;
    *S1 = s1 / 2;
    *S2 = s2;
    return REGIO_OK;
}


static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int regio_fdr_cutoff(const double *p, size_t n, double alpha, double *cutoff, regio_error *err) {
    *cutoff = -1;
    double *s = malloc((n ? n : 1) * sizeof *s);
    if (!s) return AC_OOM(err);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(p[i])) s[m++] = p[i];
    qsort(s, m, sizeof *s, cmp_double);
    for (size_t k = m; k > 0; k--)
        if (s[k - 1] <= (double)k * alpha / (double)m) {
            *cutoff = s[k - 1];
            break;
        }
    free(s);
    return REGIO_OK;
}

int regio_lisa_clusters(const int *quadrant, const double *p, size_t n, double alpha, int fdr, int *cluster,
                        regio_error *err) {
    double cut = alpha;
    if (fdr) {
        int rc = regio_fdr_cutoff(p, n, alpha, &cut, err);
        if (rc) return rc;
    }
    for (size_t i = 0; i < n; i++)
        cluster[i] = isnan(p[i]) ? REGIO_LISA_ISLAND : p[i] <= cut ? quadrant[i] : REGIO_LISA_NS;
    return REGIO_OK;
}
