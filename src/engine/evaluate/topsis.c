/* topsis.c — TOPSIS (Hwang & Yoon 1981) with vector normalisation, the form of Papathanasiou & Ploskas (2018)
 * used in Chinese regional studies alongside the entropy weights. */
#include <math.h>
#include <stdlib.h>

#include "engine/evaluate/composite_internal.h"

void regio_topsis_result_free(regio_topsis_result *r) {
    if (!r) return;
    free(r->closeness);
    free(r->d_plus);
    free(r->d_minus);
    free(r->rank);
    free(r->ideal);
    free(r->anti_ideal);
    free(r->weight);
    free(r);
}

int regio_topsis(const double *x, size_t n, size_t m, const double *w, const int *dir, regio_topsis_result **out,
                 regio_error *err) {
    *out = NULL;
    if (n < 2 || m == 0) return regio_error_set(err, REGIO_EINVAL, "TOPSIS 需要至少两个方案和一个指标%s", "TOPSIS needs at least two alternatives and one criterion%s", "");
    for (size_t c = 0; c < n * m; c++)
        if (!isfinite(x[c]))
            return regio_error_set(err, REGIO_EINVAL, "TOPSIS：第 %zu 行、第 %zu 列缺值或无穷（TOPSIS 不接受缺值）", "TOPSIS: row %zu, column %zu is missing or infinite (TOPSIS takes no missing values)", c / m + 1, c % m + 1);
    for (size_t j = 0; dir && j < m; j++)
        if (dir[j] != 1 && dir[j] != -1) return regio_error_set(err, REGIO_EINVAL, "TOPSIS：第 %zu 个方向 %d 必须是 1 或 -1", "TOPSIS: direction %zu is %d, must be 1 or -1", j + 1, dir[j]);
    regio_topsis_result *r = calloc(1, sizeof *r);
    double *v = malloc(n * m * sizeof *v);
    if (!r || !v) {
        free(r); free(v);
        return regio_error_set(err, REGIO_ENOMEM, "内存不足%s", "out of memory%s", "");
    }
    r->n = n;
    r->m = m;
    r->closeness = malloc(n * sizeof(double));
    r->d_plus = malloc(n * sizeof(double));
    r->d_minus = malloc(n * sizeof(double));
    r->rank = malloc(n * sizeof(int));
    r->ideal = malloc(m * sizeof(double));
    r->anti_ideal = malloc(m * sizeof(double));
    r->weight = malloc(m * sizeof(double));
    int rc = REGIO_OK;
    if (!r->closeness || !r->d_plus || !r->d_minus || !r->rank || !r->ideal || !r->anti_ideal || !r->weight) {
        rc = regio_error_set(err, REGIO_ENOMEM, "内存不足%s", "out of memory%s", "");
        goto fail;
    }
    double ws = 0;
    for (size_t j = 0; j < m; j++) {
        double wj = w ? w[j] : 1.0;
        if (!isfinite(wj) || wj < 0) {
            rc = regio_error_set(err, REGIO_EINVAL, "TOPSIS：第 %zu 个权重 %g 无效", "TOPSIS: weight %zu (%g) is not valid", j + 1, wj);
            goto fail;
        }
        r->weight[j] = wj;
        ws += wj;
    }
    if (!(ws > 0)) {
        rc = regio_error_set(err, REGIO_EINVAL, "TOPSIS：权重之和为 0%s", "TOPSIS: the weights sum to 0%s", "");
        goto fail;
    }
    for (size_t j = 0; j < m; j++) {
        r->weight[j] /= ws;
        double ss = 0;
        for (size_t i = 0; i < n; i++) ss += x[i * m + j] * x[i * m + j];
        if (!(ss > 0)) {
            rc = regio_error_set(err, REGIO_EINVAL, "TOPSIS：第 %zu 列全为 0，无法向量归一化", "TOPSIS: column %zu is all zeros and cannot be vector-normalised", j + 1);
            goto fail;
        }
        double norm = sqrt(ss), best = -INFINITY, worst = INFINITY;
        int d = dir ? dir[j] : 1;
        for (size_t i = 0; i < n; i++) {
            double y = r->weight[j] * x[i * m + j] / norm;
            v[i * m + j] = y;
            if (d * y > best) best = d * y;
            if (d * y < worst) worst = d * y;
        }
        r->ideal[j] = d * best;
        r->anti_ideal[j] = d * worst;
    }
    for (size_t i = 0; i < n; i++) {
        double dp = 0, dm = 0;
        for (size_t j = 0; j < m; j++) {
            double a = v[i * m + j] - r->ideal[j], b = v[i * m + j] - r->anti_ideal[j];
            dp += a * a;
            dm += b * b;
        }
        r->d_plus[i] = sqrt(dp);
        r->d_minus[i] = sqrt(dm);
        double s = r->d_plus[i] + r->d_minus[i];
        r->closeness[i] = s > 0 ? r->d_minus[i] / s : 0.5; /* every alternative identical: undecided */
    }
    if (regio_composite_rank(r->closeness, n, r->rank) < 0) {
        rc = regio_error_set(err, REGIO_ENOMEM, "内存不足%s", "out of memory%s", "");
        goto fail;
    }
    free(v);
    *out = r;
    return REGIO_OK;
fail:
    free(v);
    regio_topsis_result_free(r);
    return rc;
}
