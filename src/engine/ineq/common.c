/* common.c — the pieces every inequality measure shares (see ineq_internal.h): input checks whose messages
 * name the offending unit, sorting (value, weight) pairs once, and the two linear sums over sorted data —
 * within one sorted set and across two — on which the O(n log n) Gini and the exact Dagum decomposition rest.
 * Long sums are Neumaier-compensated (core/util.h); sorting is a radix sort on the values' bit patterns. */
#include "ineq_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

int regio__ineq_oom(regio_error *err) { return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); }

int regio__ineq_zero_mean(regio_error *err, const char *what_zh, const char *what_en) {
    char zh[256], en[256];
    snprintf(zh, sizeof zh, "%s：均值为 0（所有值都是 0）", what_zh);
    snprintf(en, sizeof en, "%s: the mean is 0 (every value is 0)", what_en);
    return regio_error_set_text(err, REGIO_EINVAL, zh, en);
}

int regio__ineq_check(const double *x, const double *w, size_t n, int need, const char *what_zh, const char *what_en,
               regio_error *err) {
    char zh[512], en[512];
    if (n == 0 || !x) {
        snprintf(zh, sizeof zh, "%s：没有数据（0 个单元）", what_zh);
        snprintf(en, sizeof en, "%s: no data (0 units)", what_en);
        return regio_error_set_text(err, REGIO_EINVAL, zh, en);
    }
    regio_ksum total = {0, 0};
    double largest = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i]))
            return regio_error_set(err, REGIO_EINVAL, "第 %zu 个单元没有值（NaN）；请先去掉缺失值",
                                   "unit %zu has no value (NaN); drop missing values first", i);
        if (!isfinite(x[i]))
            return regio_error_set(err, REGIO_EINVAL, "第 %zu 个单元的值 %g 不是有限数", "unit %zu has the non-finite value %g",
                                   i, x[i]);
        if (w && (!isfinite(w[i]) || !(w[i] > 0)))
            return regio_error_set(err, REGIO_EINVAL, "第 %zu 个单元的权重为 %g；权重必须是正数",
                                   "unit %zu has weight %g; weights must be positive", i, w[i]);
        regio_ksum_add(&total, w ? w[i] * x[i] : x[i]);
        if (fabs(x[i]) > largest) largest = fabs(x[i]);
        if (need == INEQ_NONNEG && x[i] < 0) {
            snprintf(zh, sizeof zh, "%s需要非负值：第 %zu 个单元的值为 %g", what_zh, i, x[i]);
            snprintf(en, sizeof en, "%s needs non-negative values: unit %zu is %g", what_en, i, x[i]);
            return regio_error_set_text(err, REGIO_EINVAL, zh, en);
        }
        if (need == INEQ_POS && !(x[i] > 0)) {
            snprintf(zh, sizeof zh, "%s需要正值：第 %zu 个单元的值为 %g", what_zh, i, x[i]);
            snprintf(en, sizeof en, "%s needs positive values: unit %zu is %g", what_en, i, x[i]);
            return regio_error_set_text(err, REGIO_EINVAL, zh, en);
        }
    }
    /* values near DBL_MAX: the mean overflows and every measure came out null without a word */
    if (!isfinite(total.sum) || !isfinite(regio_ksum_value(&total))) {
        snprintf(zh, sizeof zh, "%s：数值太大，求和溢出（最大的是 %g）；请换一个单位（如亿元而非元）", what_zh, largest);
        snprintf(en, sizeof en, "%s: the values are too large to add up (the largest is %g); use a larger unit (亿元 rather than 元)",
                 what_en, largest);
        return regio_error_set_text(err, REGIO_EINVAL, zh, en);
    }
    return REGIO_OK;
}

int regio__ineq_check_groups(const size_t *g, size_t n, size_t ngroups, size_t *count, regio_error *err) {
    if (ngroups == 0 || !g) return regio_error_set(err, REGIO_EINVAL, "分组为空（0 组）", "the partition has no group");
    size_t *c = count ? count : calloc(ngroups, sizeof *c);
    if (!c) return regio__ineq_oom(err);
    if (count)
        for (size_t k = 0; k < ngroups; k++) c[k] = 0;
    int rc = REGIO_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        if (g[i] >= ngroups)
            rc = regio_error_set(err, REGIO_EINVAL, "第 %zu 个单元的组号 %zu 超出范围（共 %zu 组）",
                                 "unit %zu has group %zu, outside the %zu groups", i, g[i], ngroups);
        else
            c[g[i]]++;
    }
    for (size_t k = 0; k < ngroups && !rc; k++)
        if (c[k] == 0) rc = regio_error_set(err, REGIO_EINVAL, "第 %zu 组没有单元", "group %zu has no unit", k);
    if (!count) free(c);
    return rc;
}

static int cmp_pt(const void *a, const void *b) {
    double x = ((const ineq_pt *)a)->x, y = ((const ineq_pt *)b)->x;
    return (x > y) - (x < y);
}

/* The bits of a double as an unsigned key in the same order (negative: all bits flipped; else sign set). */
static uint64_t key_of(double v) {
    uint64_t u;
    memcpy(&u, &v, sizeof u);
    return (u >> 63) ? ~u : u | 0x8000000000000000ull;
}

/* LSD radix sort on the key, 8 passes of 8 bits, skipping a pass where every key has the same byte: ~4× faster
 * than qsort on a million pairs. Falls back to qsort for small n or when the scratch buffer cannot be had. */
void regio__ineq_sort(ineq_pt *p, size_t n) {
    ineq_pt *tmp = n >= 1024 ? malloc(n * sizeof *tmp) : NULL;
    if (!tmp) { qsort(p, n, sizeof *p, cmp_pt); return; }
    size_t (*count)[256] = calloc(8, sizeof *count);
    if (!count) { free(tmp); qsort(p, n, sizeof *p, cmp_pt); return; }
    for (size_t i = 0; i < n; i++) {
        uint64_t k = key_of(p[i].x);
        for (int b = 0; b < 8; b++) count[b][(k >> (8 * b)) & 0xff]++;
    }
    ineq_pt *src = p, *dst = tmp;
    for (int b = 0; b < 8; b++) {
        size_t *c = count[b], sum = 0;
        int trivial = 0;
        for (int v = 0; v < 256; v++)
            if (c[v] == n) trivial = 1;
        if (trivial) continue;
        for (int v = 0; v < 256; v++) { size_t t = c[v]; c[v] = sum; sum += t; }
        for (size_t i = 0; i < n; i++) dst[c[(key_of(src[i].x) >> (8 * b)) & 0xff]++] = src[i];
        ineq_pt *t = src; src = dst; dst = t;
    }
    if (src != p) memcpy(p, src, n * sizeof *p);
    free(count);
    free(tmp);
}

int regio__ineq_sorted(const double *x, const double *w, size_t n, ineq_pt **out, regio_error *err) {
    ineq_pt *p = malloc((n ? n : 1) * sizeof *p);
    if (!p) return regio__ineq_oom(err);
    for (size_t i = 0; i < n; i++) p[i] = (ineq_pt){x[i], w ? w[i] : 1.0};
    regio__ineq_sort(p, n);
    *out = p;
    return REGIO_OK;
}

double regio__ineq_pairsum_sorted(const ineq_pt *a, size_t n) {
    /* each term w_k (x_k C_k − D_k) = Σ_{j<k} w_j w_k (x_k − x_j) >= 0 */
    regio_ksum c = {0, 0}, d = {0, 0}, s = {0, 0};
    for (size_t k = 0; k < n; k++) {
        double t = a[k].x * regio_ksum_value(&c) - regio_ksum_value(&d);
        regio_ksum_add(&s, a[k].w * (t > 0 ? t : 0));
        regio_ksum_add(&c, a[k].w);
        regio_ksum_add(&d, a[k].w * a[k].x);
    }
    return regio_ksum_value(&s);
}

double regio__ineq_cross_sorted(const ineq_pt *a, size_t na, const ineq_pt *b, size_t nb) {
    /* for each a_i: Σ_{b_r < a_i} wb_r (a_i − b_r) = a_i WB − SB over the b below it */
    regio_ksum wb = {0, 0}, sb = {0, 0}, s = {0, 0};
    size_t r = 0;
    for (size_t i = 0; i < na; i++) {
        while (r < nb && b[r].x < a[i].x) {
            regio_ksum_add(&wb, b[r].w);
            regio_ksum_add(&sb, b[r].w * b[r].x);
            r++;
        }
        if (r == 0) continue;
        double t = a[i].x * regio_ksum_value(&wb) - regio_ksum_value(&sb);
        regio_ksum_add(&s, a[i].w * (t > 0 ? t : 0));
    }
    return regio_ksum_value(&s);
}

double regio__ineq_quantile_sorted(const ineq_pt *p, size_t n, double W, double q) {
    /* value k sits at u_k = (C_{k-1} + w_k/2)/W; linear between neighbours, clamped outside [u_0, u_{n-1}] */
    double cum = 0, prev_u = 0;
    for (size_t k = 0; k < n; k++) {
        double u = (cum + p[k].w / 2) / W;
        if (q <= u) {
            if (k == 0) return p[0].x;
            double t = (q - prev_u) / (u - prev_u);
            return p[k - 1].x + t * (p[k].x - p[k - 1].x);
        }
        cum += p[k].w;
        prev_u = u;
    }
    return p[n - 1].x;
}
