/* track_trend_test.c — is a fall real or noise? The tests a gap target ("相对差距逐步缩小") is judged by, on a
 * short yearly series (five to ten years: a plan period): the Mann–Kendall test of a monotonic trend with Sen's
 * slope, and the least-squares slope with its Student-t confidence interval.
 *
 * Mann–Kendall (Mann 1945; Kendall 1975; Hirsch, Slack & Smith 1982): S = Σ_{i<j} sign(x_j − x_i). Without ties
 * the null distribution of S is exact: S = N − 2I with N = n(n−1)/2 and I the number of inversions of a random
 * permutation, whose distribution (the Mahonian numbers) is built by convolving uniforms on 0..m−1, m = 2..n —
 * so the p of a five-year series is exact (the normal approximation is poor there: S = −10 of n = 5 has exact
 * one-sided p = 1/120). With ties, var(S) = [n(n−1)(2n+5) − Σ t(t−1)(2t+5)] / 18 and z = (S ∓ 1)/√var(S), the
 * continuity-corrected normal approximation (Helsel & Hirsch, Statistical Methods in Water Resources, 2002,
 * §12.1.1). Sen's slope (Sen 1968) is the median of the pairwise slopes (x_j − x_i)/(t_j − t_i). */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "regio/track.h"

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* P(S <= s) for S of n untied values under H0, exactly: the distribution of the inversion count I (0..N). */
static double exact_cdf(size_t n, double s) {
    size_t N = n * (n - 1) / 2;
    double *d = calloc(N + 1, sizeof *d), *e = calloc(N + 1, sizeof *e);
    if (!d || !e) { free(d); free(e); return NAN; }
    d[0] = 1;
    size_t top = 0; /* the largest inversion count reached so far */
    for (size_t m = 2; m <= n; m++) {
        /* e[k] = (1/m) Σ_{j=0}^{m-1} d[k−j], by a running sum */
        double run = 0;
        size_t ntop = top + m - 1;
        for (size_t k = 0; k <= ntop; k++) {
            if (k <= top) run += d[k];
            if (k >= m && k - m <= top) run -= d[k - m];
            e[k] = run / (double)m;
        }
        top = ntop;
        double *t = d; d = e; e = t;
    }
    /* S <= s  ⇔  I >= (N − s)/2 */
    double need = ((double)N - s) / 2.0, p = 0;
    for (size_t k = 0; k <= N; k++)
        if ((double)k >= need - 1e-9) p += d[k];
    free(d);
    free(e);
    return p > 1 ? 1 : p;
}

int regio_track_mann_kendall(const int *years, const double *x, size_t n, regio_mann_kendall *out, regio_error *err) {
    memset(out, 0, sizeof *out);
    out->n = n;
    out->z = out->p_decrease = out->p_increase = out->p_two = out->sen_slope = out->var_s = NAN;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i])) return regio_error_set(err, REGIO_EINVAL, "Mann–Kendall：第 %zu 个值不是有限数", "Mann–Kendall: value %zu is not finite", i);
        if (i && years[i] <= years[i - 1]) return regio_error_set(err, REGIO_EINVAL, "Mann–Kendall：年份须严格递增（%d 之后是 %d）", "Mann–Kendall: years must ascend strictly (%d then %d)", years[i - 1], years[i]);
    }
    if (n < 2) return REGIO_OK;
    long s = 0;
    size_t np = n * (n - 1) / 2, k = 0;
    double *sl = malloc(np * sizeof *sl), *sorted = malloc(n * sizeof *sorted);
    if (!sl || !sorted) { free(sl); free(sorted); return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); }
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            s += (x[j] > x[i]) - (x[j] < x[i]);
            sl[k++] = (x[j] - x[i]) / (double)(years[j] - years[i]);
        }
    qsort(sl, np, sizeof *sl, cmp_double);
    out->sen_slope = np % 2 ? sl[np / 2] : 0.5 * (sl[np / 2 - 1] + sl[np / 2]);
    /* ties: groups of equal values */
    memcpy(sorted, x, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, cmp_double);
    double tie = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && sorted[j] == sorted[i]) j++;
        double t = (double)(j - i);
        if (t > 1) { tie += t * (t - 1) * (2 * t + 5); out->ties++; }
        i = j;
    }
    free(sl);
    free(sorted);
    double dn = (double)n;
    out->s = (double)s;
    out->var_s = (dn * (dn - 1) * (2 * dn + 5) - tie) / 18.0;
    out->z = out->var_s > 0 ? (s > 0 ? (out->s - 1) / sqrt(out->var_s) : s < 0 ? (out->s + 1) / sqrt(out->var_s) : 0) : 0;
    if (!out->ties && n <= 60) {
        out->exact = 1;
        out->p_decrease = exact_cdf(n, out->s);
        out->p_increase = exact_cdf(n, -out->s); /* S is symmetric: P(S >= s) = P(S <= −s) */
        if (isnan(out->p_decrease) || isnan(out->p_increase)) return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
    } else {
        out->p_decrease = 0.5 * erfc(-out->z / sqrt(2.0)); /* Φ(z) */
        out->p_increase = 0.5 * erfc(out->z / sqrt(2.0));  /* 1 − Φ(z) */
    }
    double lo = out->p_decrease < out->p_increase ? out->p_decrease : out->p_increase;
    out->p_two = 2 * lo > 1 ? 1 : 2 * lo;
    return REGIO_OK;
}

int regio_track_fit_ci(const int *years, const double *v, size_t n, double level, double *slope, double *lo, double *hi) {
    *slope = *lo = *hi = NAN;
    double sy = 0, sv = 0;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(v[i])) { sy += years[i]; sv += v[i]; m++; }
    if (m < 2) return -1;
    double my = sy / (double)m, mv = sv / (double)m, sxx = 0, sxy = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(v[i])) { sxx += (years[i] - my) * (years[i] - my); sxy += (years[i] - my) * (v[i] - mv); }
    if (!(sxx > 0)) return -1;
    double b = sxy / sxx, a = mv - b * my;
    *slope = b;
    if (m < 3) return 0; /* two points: a slope, no interval */
    double rss = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(v[i])) { double r = v[i] - a - b * years[i]; rss += r * r; }
    double se = sqrt(rss / (double)(m - 2) / sxx);
    double t = gsl_cdf_tdist_Pinv(0.5 + level / 2.0, (double)(m - 2));
    *lo = b - t * se;
    *hi = b + t * se;
    return 0;
}
