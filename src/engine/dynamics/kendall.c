/* kendall.c — Kendall's τ-b between two years' values (do regions keep their ranks?) in O(n log n) by Knight's
 * (1966) method: sort the pairs by (x, y); pairs tied in x, and in both x and y, are runs of that order; the
 * discordant pairs are the inversions of y in that order, counted by a merge sort; pairs tied in y are runs once
 * y is sorted (the merge sort leaves it sorted). Then S = C − D = N − ties_x − ties_y + ties_xy − 2D with
 * N = n(n−1)/2, τ-b = S / √((N − ties_x)(N − ties_y)), and var(S) under independence with ties (Kendall 1970,
 * eq. 4.4; the formula of scipy.stats.kendalltau):
 *   var = [n(n−1)(2n+5) − Σt(t−1)(2t+5) − Σu(u−1)(2u+5)]/18
 *         + [Σt(t−1)][Σu(u−1)]/(2n(n−1)) + [Σt(t−1)(t−2)][Σu(u−1)(u−2)]/(9n(n−1)(n−2)),
 * t and u the sizes of the tied groups in x and y; z = S/√var, two-sided p = 2(1 − Φ(|z|)). */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/dynamics/dynamics_internal.h"

typedef struct { double x, y; } pair;

static int cmp_pair(const void *a, const void *b) {
    const pair *p = a, *q = b;
    if (p->x != q->x) return (p->x > q->x) - (p->x < q->x);
    return (p->y > q->y) - (p->y < q->y);
}

/* Sorts a[0..n) ascending using tmp; returns the number of pairs i < j with a[i] > a[j]. */
static double merge_count(double *a, double *tmp, size_t n) {
    if (n < 2) return 0;
    size_t h = n / 2;
    double inv = merge_count(a, tmp, h) + merge_count(a + h, tmp, n - h);
    size_t i = 0, j = h, o = 0;
    while (i < h && j < n) {
        if (a[j] < a[i]) { tmp[o++] = a[j++]; inv += (double)(h - i); }
        else tmp[o++] = a[i++];
    }
    while (i < h) tmp[o++] = a[i++];
    while (j < n) tmp[o++] = a[j++];
    memcpy(a, tmp, n * sizeof *a);
    return inv;
}

/* Tie sums over runs of equal values in sorted v: Σ t(t−1)/2, Σ t(t−1)(t−2), Σ t(t−1)(2t+5). */
static void tie_sums(const double *v, size_t n, double *pairs, double *s3, double *s5) {
    *pairs = *s3 = *s5 = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && v[j] == v[i]) j++;
        double t = (double)(j - i);
        *pairs += t * (t - 1) / 2;
        *s3 += t * (t - 1) * (t - 2);
        *s5 += t * (t - 1) * (2 * t + 5);
        i = j;
    }
}

int regio_kendall_tau(size_t n, const double *x, const double *y, regio_kendall *out, regio_error *err) {
    memset(out, 0, sizeof *out);
    if (n < 3)
        return regio_error_set(err, REGIO_EINVAL, "肯德尔 τ 至少需要 3 个单元，实有 %zu 个",
                               "Kendall's τ needs at least 3 units, not %zu", n);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]) || !isfinite(y[i]))
            return regio_error_set(err, REGIO_EINVAL, "第 %zu 个单元的值缺失或不是有限数",
                                   "unit %zu has a missing or non-finite value", i + 1);
    pair *p = malloc(n * sizeof *p);
    double *a = malloc(n * sizeof *a), *tmp = malloc(n * sizeof *tmp), *xs = malloc(n * sizeof *xs);
    if (!p || !a || !tmp || !xs) {
        free(p); free(a); free(tmp); free(xs);
        return DYN_OOM(err);
    }
    for (size_t i = 0; i < n; i++) p[i] = (pair){x[i], y[i]};
    qsort(p, n, sizeof *p, cmp_pair);
    double txy = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && p[j].x == p[i].x && p[j].y == p[i].y) j++;
        txy += (double)(j - i) * (double)(j - i - 1) / 2;
        i = j;
    }
    for (size_t i = 0; i < n; i++) { xs[i] = p[i].x; a[i] = p[i].y; }
    double tx, x3, x5, ty, y3, y5;
    tie_sums(xs, n, &tx, &x3, &x5);
    double dis = merge_count(a, tmp, n);
    tie_sums(a, n, &ty, &y3, &y5);
    free(p); free(tmp); free(xs); free(a);

    double nd = (double)n, tot = nd * (nd - 1) / 2;
    out->n = n;
    out->ties_x = tx;
    out->ties_y = ty;
    out->ties_xy = txy;
    out->discordant = dis;
    out->s = tot - tx - ty + txy - 2 * dis;
    out->concordant = out->s + dis;
    if (tot - tx == 0 || tot - ty == 0)
        return regio_error_set(err, REGIO_EINVAL, "%s的所有值都相同，τ-b 无定义",
                               "every value of %s is the same: τ-b is undefined", tot - tx == 0 ? "x" : "y");
    out->tau = out->s / sqrt(tot - tx) / sqrt(tot - ty);
    double m = nd * (nd - 1);
    out->var_s = (m * (2 * nd + 5) - x5 - y5) / 18 + (2 * tx) * (2 * ty) / (2 * m) + x3 * y3 / (9 * m * (nd - 2));
    out->z = out->var_s > 0 ? out->s / sqrt(out->var_s) : NAN;
    out->p = isnan(out->z) ? 1.0 : fmin(1.0, 2 * gsl_cdf_ugaussian_Q(fabs(out->z)));
    return REGIO_OK;
}
