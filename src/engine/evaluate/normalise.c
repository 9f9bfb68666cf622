/* normalise.c — bringing indicators onto one scale with their direction (COINr's n_minmax, n_zscore, n_rank,
 * n_goalposts, n_dist2targ), with a stated rule for constant columns, since a yearly county table often has one
 * (e.g. every county met a target). Column statistics use the observed cells only. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "engine/evaluate/composite_internal.h"

typedef struct vi {
    double v;
    size_t i;
} vi;

static int cmp_vi(const void *a, const void *b) {
    const vi *x = a, *y = b;
    if (x->v < y->v) return -1;
    if (x->v > y->v) return 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

int regio__composite_avg_ranks(const double *v, size_t n, double *r) {
    vi *s = malloc((n ? n : 1) * sizeof *s);
    if (!s) return REGIO_ENOMEM;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        r[i] = NAN;
        if (!isnan(v[i])) s[k++] = (vi){v[i], i};
    }
    qsort(s, k, sizeof *s, cmp_vi);
    for (size_t a = 0; a < k;) {
        size_t b = a;
        while (b + 1 < k && s[b + 1].v == s[a].v) b++;
        double avg = (double)(a + b + 2) / 2.0; /* ranks a+1 .. b+1 */
        for (size_t q = a; q <= b; q++) r[s[q].i] = avg;
        a = b + 1;
    }
    free(s);
    return REGIO_OK;
}

const char *regio__composite_name(const char *const *codes, size_t k, char *buf, size_t len) {
    if (codes && codes[k]) snprintf(buf, len, "%s", codes[k]);
    else snprintf(buf, len, "#%zu", k);
    return buf;
}

void regio__composite_minmax01(const double *x, size_t n, size_t m, const int *direction, double *out) {
    for (size_t j = 0; j < m; j++) {
        double d = direction ? direction[j] : 1, lo = INFINITY, hi = -INFINITY;
        for (size_t i = 0; i < n; i++) {
            double v = x[i * m + j];
            if (isnan(v)) continue;
            v *= d;
            if (v < lo) lo = v;
            if (v > hi) hi = v;
        }
        for (size_t i = 0; i < n; i++) {
            double v = x[i * m + j];
            out[i * m + j] = isnan(v) ? NAN : hi > lo ? (d * v - lo) / (hi - lo) : 1.0;
        }
    }
}

int regio_composite_normalise(const regio_composite_input *in, const regio_norm_opts *no, double *out,
                              unsigned char *const_col, regio_error *err) {
    size_t n = in->n, m = in->m;
    char nb[128];
    if (no->kind == REGIO_NORM_GOALPOSTS && (!in->gp_lo || !in->gp_hi))
        return regio_error_set(err, REGIO_EINVAL, "goalposts 归一化需要每个指标的上下门柱%s", "goalposts normalisation needs the lower and upper goalposts of every indicator%s", "");
    if (no->kind == REGIO_NORM_DIST2TARG && !in->target)
        return regio_error_set(err, REGIO_EINVAL, "距目标归一化需要每个指标的目标值%s", "distance-to-target normalisation needs a target for every indicator%s", "");
    if (no->kind == REGIO_NORM_MINMAX && !(no->hi > no->lo))
        return regio_error_set(err, REGIO_EINVAL, "minmax 的上界 %g 必须大于下界 %g", "minmax upper bound %g must exceed the lower bound %g", no->hi, no->lo);
    if (no->kind == REGIO_NORM_ZSCORE && !(no->sd_t > 0))
        return regio_error_set(err, REGIO_EINVAL, "z-score 的目标标准差 %g 必须大于 0", "z-score target sd %g must be > 0", no->sd_t);
    double *col = NULL, *rk = NULL;
    if (no->kind == REGIO_NORM_RANK) {
        col = malloc((n ? n : 1) * sizeof *col);
        rk = malloc((n ? n : 1) * sizeof *rk);
        if (!col || !rk) {
            free(col);
            free(rk);
            return regio_error_set(err, REGIO_ENOMEM, "内存不足%s", "out of memory%s", "");
        }
    }
    int rc = REGIO_OK;
    for (size_t j = 0; j < m && rc == REGIO_OK; j++) {
        double d = in->direction ? in->direction[j] : 1;
        double lo = INFINITY, hi = -INFINITY, sum = 0;
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            double v = in->x[i * m + j];
            if (isnan(v)) continue;
            v *= d;
            if (v < lo) lo = v;
            if (v > hi) hi = v;
            sum += v;
            k++;
        }
        int constant = k > 0 && !(hi > lo);
        if (const_col) const_col[j] = (unsigned char)constant;
        switch (no->kind) {
        case REGIO_NORM_MINMAX:
            for (size_t i = 0; i < n; i++) {
                double v = in->x[i * m + j];
                out[i * m + j] = isnan(v) ? NAN
                                 : constant ? (no->lo + no->hi) / 2
                                            : (d * v - lo) / (hi - lo) * (no->hi - no->lo) + no->lo;
            }
            break;
        case REGIO_NORM_ZSCORE: {
            double mean = k ? sum / (double)k : NAN, ss = 0;
            for (size_t i = 0; i < n; i++) {
                double v = in->x[i * m + j];
                if (!isnan(v)) ss += (d * v - mean) * (d * v - mean);
            }
            double sd = k > 1 ? sqrt(ss / (double)(k - 1)) : 0;
            for (size_t i = 0; i < n; i++) {
                double v = in->x[i * m + j];
                out[i * m + j] = isnan(v) ? NAN : (constant || !(sd > 0)) ? no->mean_t : (d * v - mean) / sd * no->sd_t + no->mean_t;
            }
            break;
        }
        case REGIO_NORM_RANK:
            for (size_t i = 0; i < n; i++) col[i] = d * in->x[i * m + j];
            regio__composite_avg_ranks(col, n, rk);
            for (size_t i = 0; i < n; i++) out[i * m + j] = rk[i];
            break;
        case REGIO_NORM_GOALPOSTS: {
            double l = in->gp_lo[j], u = in->gp_hi[j];
            if (!isfinite(l) || !isfinite(u) || l == u) {
                rc = regio_error_set(err, REGIO_EINVAL, "指标 %s 的门柱 (%g, %g) 无效", "indicator %s: goalposts (%g, %g) are not valid",
                                     regio__composite_name(in->node_code, j, nb, sizeof nb), l, u);
                break;
            }
            for (size_t i = 0; i < n; i++) {
                double v = in->x[i * m + j];
                if (isnan(v)) { out[i * m + j] = NAN; continue; }
                double y = d < 0 ? (v - u) / (l - u) : (v - l) / (u - l);
                if (y > 1) y = 1;
                if (y < 0) y = 0;
                out[i * m + j] = y * no->scale;
            }
            if (const_col) const_col[j] = 0;
            break;
        }
        case REGIO_NORM_DIST2TARG: {
            double t = in->target[j];
            if (!isfinite(t)) {
                rc = regio_error_set(err, REGIO_EINVAL, "指标 %s 没有目标值%s", "indicator %s has no target%s",
                                     regio__composite_name(in->node_code, j, nb, sizeof nb), "");
                break;
            }
            /* on direction-adjusted values: (y − min y)/(d·t − min y); for d = −1 this is (max x − x)/(max x − t) */
            double dt = d * t;
            for (size_t i = 0; i < n; i++) {
                double v = in->x[i * m + j];
                if (isnan(v)) { out[i * m + j] = NAN; continue; }
                double y = dt > lo ? (d * v - lo) / (dt - lo) : 1.0;
                if (y > 1) y = 1;
                if (y < 0) y = 0;
                out[i * m + j] = y * no->scale;
            }
            break;
        }
        case REGIO_NORM_NONE:
            for (size_t i = 0; i < n; i++) out[i * m + j] = in->x[i * m + j];
            if (const_col) const_col[j] = 0;
            break;
        default:
            rc = regio_error_set(err, REGIO_EINVAL, "未知的归一化方法 %d", "unknown normalisation %d", (int)no->kind);
        }
    }
    free(col);
    free(rk);
    return rc;
}
