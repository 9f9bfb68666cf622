/* index_analysis.c — correlations with p-values, Cronbach's α, PCA and strengths/weaknesses of a composite index,
 * computed as COINr computes them (R/correlations.R, R/PCA.R, R/results.R) so the numbers can be compared with
 * COINr's printed ones. Linear algebra (the symmetric eigenproblem) and the t distribution come from GSL. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "regio/index_analysis.h"

/* the units observed in both columns a and b: their count and the central sums of products over them (means first,
 * then one pass), shared by the correlation and the covariance so both see the same pairs */
static size_t pair_sums(const double *x, size_t n, size_t stride, size_t a, size_t b, double *cab, double *caa,
                        double *cbb) {
    double sa = 0, sb = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        double u = x[i * stride + a], v = x[i * stride + b];
        if (isnan(u) || isnan(v)) continue;
        sa += u;
        sb += v;
        k++;
    }
    *cab = *caa = *cbb = 0;
    if (k == 0) return 0;
    double ma = sa / (double)k, mb = sb / (double)k;
    for (size_t i = 0; i < n; i++) {
        double u = x[i * stride + a], v = x[i * stride + b];
        if (isnan(u) || isnan(v)) continue;
        *cab += (u - ma) * (v - mb);
        *caa += (u - ma) * (u - ma);
        *cbb += (v - mb) * (v - mb);
    }
    return k;
}

double regio_pearson(const double *x, size_t n, size_t stride, size_t a, size_t b, size_t *nobs, double *p) {
    double cab, caa, cbb;
    size_t k = pair_sums(x, n, stride, a, b, &cab, &caa, &cbb);
    if (nobs) *nobs = k;
    if (p) *p = NAN;
    if (k < 3) return NAN;
    if (!(caa > 0) || !(cbb > 0)) return NAN;
    double r = cab / sqrt(caa * cbb);
    if (r > 1) r = 1;
    if (r < -1) r = -1;
    if (p) {
        double df = (double)k - 2;
        if (fabs(r) >= 1) *p = 0;
        else {
            double t = r * sqrt(df / (1 - r * r));
            *p = 2 * gsl_cdf_tdist_Q(fabs(t), df);
        }
    }
    return r;
}

/* R's cov(use = "pairwise.complete.obs"): each entry over the units observed in both, n − 1 */
static double pair_cov(const double *x, size_t n, size_t stride, size_t a, size_t b) {
    double cab, caa, cbb;
    size_t k = pair_sums(x, n, stride, a, b, &cab, &caa, &cbb);
    return k < 2 ? NAN : cab / (double)(k - 1);
}

double regio_cronbach(const double *x, size_t n, size_t stride, const size_t *cols, size_t k) {
    if (k < 2) return NAN;
    double all = 0, diag = 0;
    for (size_t a = 0; a < k; a++)
        for (size_t b = 0; b < k; b++) {
            double c = pair_cov(x, n, stride, cols[a], cols[b]);
            if (isnan(c)) continue; /* sum(na.rm = TRUE) */
            all += c;
            if (a == b) diag += c;
        }
    double dk = (double)k, av = (all - diag) / (dk * (dk - 1));
    return dk * dk * av / all;
}

void regio_pca_free(regio_pca *p) {
    if (!p) return;
    free(p->sdev);
    free(p->prop);
    free(p->loading);
    free(p);
}

int regio_pca_run(const double *x, size_t n, size_t stride, const size_t *cols, size_t k, regio_pca **out, regio_error *err) {
    *out = NULL;
    if (k < 2) return regio_error_set(err, REGIO_EINVAL, "主成分分析需要至少两列（现有 %zu 列）", "PCA needs at least two columns (%zu given)", k);
    size_t nc = 0;
    for (size_t i = 0; i < n; i++) {
        int ok = 1;
        for (size_t a = 0; a < k && ok; a++) ok = !isnan(x[i * stride + cols[a]]);
        nc += (size_t)ok;
    }
    if (nc < 3)
        return regio_error_set(err, REGIO_EINVAL, "主成分分析需要至少 3 个数据完整的单元（现有 %zu 个）", "PCA needs at least 3 units with no missing value (%zu found)", nc);
    double *mu = calloc(k, sizeof *mu), *sd = calloc(k, sizeof *sd);
    gsl_matrix *R = gsl_matrix_alloc(k, k), *V = gsl_matrix_alloc(k, k);
    gsl_vector *ev = gsl_vector_alloc(k);
    gsl_eigen_symmv_workspace *ws = gsl_eigen_symmv_alloc(k);
    regio_pca *p = calloc(1, sizeof *p);
    int rc = REGIO_OK;
    if (!mu || !sd || !R || !V || !ev || !ws || !p) { rc = regio_error_set(err, REGIO_ENOMEM, "内存不足%s", "out of memory%s", ""); goto done; }
    p->k = k;
    p->nobs = nc;
    p->sdev = malloc(k * sizeof *p->sdev);
    p->prop = malloc(k * sizeof *p->prop);
    p->loading = malloc(k * k * sizeof *p->loading);
    if (!p->sdev || !p->prop || !p->loading) { rc = regio_error_set(err, REGIO_ENOMEM, "内存不足%s", "out of memory%s", ""); goto done; }
#define COMPLETE(i, ok) do { ok = 1; for (size_t a_ = 0; a_ < k && ok; a_++) ok = !isnan(x[(i) * stride + cols[a_]]); } while (0)
    for (size_t i = 0; i < n; i++) {
        int ok;
        COMPLETE(i, ok);
        if (!ok) continue;
        for (size_t a = 0; a < k; a++) mu[a] += x[i * stride + cols[a]];
    }
    for (size_t a = 0; a < k; a++) mu[a] /= (double)nc;
    for (size_t a = 0; a < k; a++)
        for (size_t b = a; b < k; b++) {
            double s = 0;
            for (size_t i = 0; i < n; i++) {
                int ok;
                COMPLETE(i, ok);
                if (ok) s += (x[i * stride + cols[a]] - mu[a]) * (x[i * stride + cols[b]] - mu[b]);
            }
            gsl_matrix_set(R, a, b, s);
            gsl_matrix_set(R, b, a, s);
        }
#undef COMPLETE
    for (size_t a = 0; a < k; a++) {
        sd[a] = sqrt(gsl_matrix_get(R, a, a));
        if (!(sd[a] > 0)) {
            rc = regio_error_set(err, REGIO_EINVAL, "主成分分析：第 %zu 列在完整单元上为常数", "PCA: column %zu is constant over the complete units", a + 1);
            goto done;
        }
    }
    for (size_t a = 0; a < k; a++)
        for (size_t b = 0; b < k; b++) gsl_matrix_set(R, a, b, gsl_matrix_get(R, a, b) / (sd[a] * sd[b]));
    gsl_eigen_symmv(R, ev, V, ws);
    gsl_eigen_symmv_sort(ev, V, GSL_EIGEN_SORT_VAL_DESC);
    for (size_t q = 0; q < k; q++) {
        double e = gsl_vector_get(ev, q);
        if (e < 0) e = 0;
        p->sdev[q] = sqrt(e);
        p->prop[q] = e / (double)k;
        double s = 0;
        for (size_t a = 0; a < k; a++) s += gsl_matrix_get(V, a, q);
        double sign = s < 0 ? -1 : 1;
        for (size_t a = 0; a < k; a++) p->loading[a * k + q] = sign * gsl_matrix_get(V, a, q);
    }
done:
    free(mu);
    free(sd);
    gsl_matrix_free(R);
    gsl_matrix_free(V);
    gsl_vector_free(ev);
    if (ws) gsl_eigen_symmv_free(ws);
    if (rc) regio_pca_free(p);
    else *out = p;
    return rc;
}

typedef struct sw_item {
    int rank;
    size_t pos, j;
} sw_item;

static int cmp_sw(const void *a, const void *b) {
    const sw_item *x = a, *y = b;
    if (x->rank != y->rank) return x->rank < y->rank ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

int regio_str_weak(const double *x, size_t n, size_t m, const int *direction, const size_t *order, size_t u,
                   size_t top, size_t bottom, size_t *strong, int *srank, size_t *ns, size_t *weak, int *wrank,
                   size_t *nw, regio_error *err) {
    if (u >= n) return regio_error_set(err, REGIO_EINVAL, "单元编号 %zu 超出范围", "unit %zu out of range", u);
    sw_item *it = malloc(m * sizeof *it);
    if (!it) return regio_error_set(err, REGIO_ENOMEM, "内存不足%s", "out of memory%s", "");
    size_t k = 0;
    for (size_t pos = 0; pos < m; pos++) {
        size_t j = order ? order[pos] : pos;
        double d = direction ? direction[j] : 1, v = x[u * m + j];
        if (isnan(v)) continue;
        /* rank "min": 1 + the number of units strictly better; worst rank = the largest over observed units */
        double lo = INFINITY;
        int rank = 1, worst = 1;
        for (size_t i = 0; i < n; i++)
            if (!isnan(x[i * m + j])) {
                if (d * x[i * m + j] > d * v) rank++;
                if (d * x[i * m + j] < lo) lo = d * x[i * m + j];
            }
        for (size_t i = 0; i < n; i++)
            if (!isnan(x[i * m + j]) && d * x[i * m + j] > lo) worst++;
        if (rank == worst) continue; /* COINr min_discard */
        it[k++] = (sw_item){rank, pos, j};
    }
    qsort(it, k, sizeof *it, cmp_sw);
    *ns = top < k ? top : k;
    *nw = bottom < k ? bottom : k;
    for (size_t q = 0; q < *ns; q++) { strong[q] = it[q].j; srank[q] = it[q].rank; }
    for (size_t q = 0; q < *nw; q++) { weak[q] = it[k - *nw + q].j; wrank[q] = it[k - *nw + q].rank; }
    free(it);
    return REGIO_OK;
}
