/* impute.c — filling gaps as COINr's Impute() does (column mean/median, group mean/median, row mean within the
 * indicator groups of a level after a min-max normalisation, panel latest/linear) and two model-based methods
 * COINr leaves to other packages: EM under a multivariate normal and a regression on the other indicators of the
 * group. Every filled cell is flagged; nothing observed is ever changed. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "regio/pipeline.h"

static int oom(regio_error *err) { return regio_error_set(err, REGIO_ENOMEM, "内存不足%s", "out of memory%s", ""); }

const char *regio_impute_name(regio_impute_kind k) {
    static const char *const names[] = {"none", "mean", "median", "group_mean", "group_median", "row_mean",
                                        "row_median", "latest", "linear", "em", "regression"};
    return (unsigned)k <= REGIO_IMP_REGRESSION ? names[k] : "?";
}

const char *regio_cell_flag_name(int f) {
    switch (f) {
    case REGIO_CELL_OBSERVED: return "observed";
    case REGIO_CELL_SKIPPED: return "skipped";
    case REGIO_CELL_IMPUTED_GROUP: return "group_mean";
    case REGIO_CELL_IMPUTED_LOCF: return "locf";
    case REGIO_CELL_IMPUTED_MEAN: return "mean";
    case REGIO_CELL_IMPUTED_MEDIAN: return "median";
    case REGIO_CELL_IMPUTED_GROUP_MEDIAN: return "group_median";
    case REGIO_CELL_IMPUTED_ROW: return "row";
    case REGIO_CELL_IMPUTED_LINEAR: return "linear";
    case REGIO_CELL_IMPUTED_EM: return "em";
    case REGIO_CELL_IMPUTED_REGRESSION: return "regression";
    default: return "?";
    }
}

static int cmp_dbl(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* mean or median (R's median: average of the two middle values) of v[0..k), sorted in place for the median */
static double centre(double *v, size_t k, int median) {
    if (k == 0) return NAN;
    if (!median) {
        double s = 0;
        for (size_t q = 0; q < k; q++) s += v[q];
        return s / (double)k;
    }
    qsort(v, k, sizeof *v, cmp_dbl);
    return k % 2 ? v[k / 2] : (v[k / 2 - 1] + v[k / 2]) / 2;
}

static void set_cell(double *x, unsigned char *flag, size_t c, double v, int f) {
    x[c] = v;
    if (flag) flag[c] = (unsigned char)f;
}

/* column (grouped or not) mean/median */
static int impute_columns(double *x, size_t n, size_t m, const regio_impute_opts *o, unsigned char *flag, regio_error *err) {
    int grouped = o->kind == REGIO_IMP_GROUP_MEAN || o->kind == REGIO_IMP_GROUP_MEDIAN;
    int median = o->kind == REGIO_IMP_MEDIAN || o->kind == REGIO_IMP_GROUP_MEDIAN;
    int f = o->kind == REGIO_IMP_MEAN ? REGIO_CELL_IMPUTED_MEAN : o->kind == REGIO_IMP_MEDIAN ? REGIO_CELL_IMPUTED_MEDIAN
          : o->kind == REGIO_IMP_GROUP_MEAN ? REGIO_CELL_IMPUTED_GROUP : REGIO_CELL_IMPUTED_GROUP_MEDIAN;
    size_t G = grouped ? o->ngroups : 1;
    if (grouped && (!o->group || G == 0))
        return regio_error_set(err, REGIO_EINVAL, "按组插补需要单元分组%s", "group imputation needs a grouping of the units%s", "");
    for (size_t i = 0; grouped && i < n; i++)
        if (o->group[i] >= (int)G)
            return regio_error_set(err, REGIO_EINVAL, "单元 %zu 的组号 %d 超出范围", "unit %zu: group %d out of range", i, o->group[i]);
    double *v = malloc((n ? n : 1) * sizeof *v), *c = malloc(G * sizeof *c);
    if (!v || !c) { free(v); free(c); return oom(err); }
    for (size_t j = 0; j < m; j++) {
        for (size_t g = 0; g < G; g++) {
            size_t k = 0;
            for (size_t i = 0; i < n; i++)
                if ((!grouped || o->group[i] == (int)g) && !isnan(x[i * m + j])) v[k++] = x[i * m + j];
            c[g] = centre(v, k, median);
        }
        for (size_t i = 0; i < n; i++) {
            if (!isnan(x[i * m + j])) continue;
            int g = grouped ? o->group[i] : 0;
            if (g >= 0 && !isnan(c[g])) set_cell(x, flag, i * m + j, c[g], f);
        }
    }
    free(v);
    free(c);
    return REGIO_OK;
}

/* row mean/median within indicator groups, on the directional min-max [0,1] scale, mapped back */
static int impute_rows(double *x, size_t n, size_t m, const regio_impute_opts *o, unsigned char *flag, regio_error *err) {
    int median = o->kind == REGIO_IMP_ROW_MEDIAN;
    double *lo = malloc(m * sizeof *lo), *hi = malloc(m * sizeof *hi), *v = malloc(m * sizeof *v);
    double *x0 = malloc(n * m * sizeof *x0); /* only observed cells feed the row statistics */
    if (!lo || !hi || !v || !x0) { free(lo); free(hi); free(v); free(x0); return oom(err); }
    memcpy(x0, x, n * m * sizeof *x0);
    for (size_t j = 0; j < m; j++) {
        double d = o->direction ? o->direction[j] : 1;
        lo[j] = INFINITY;
        hi[j] = -INFINITY;
        for (size_t i = 0; i < n; i++) {
            double y = x[i * m + j] * d;
            if (isnan(y)) continue;
            if (y < lo[j]) lo[j] = y;
            if (y > hi[j]) hi[j] = y;
        }
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < m; j++) {
            if (!isnan(x0[i * m + j]) || !(hi[j] >= lo[j])) continue;
            int g = o->ind_group ? o->ind_group[j] : 0;
            size_t k = 0;
            for (size_t l = 0; l < m; l++) {
                if ((o->ind_group ? o->ind_group[l] : 0) != g || isnan(x0[i * m + l]) || !(hi[l] > lo[l])) continue;
                double d = o->direction ? o->direction[l] : 1;
                v[k++] = (x0[i * m + l] * d - lo[l]) / (hi[l] - lo[l]);
            }
            double z = centre(v, k, median);
            if (isnan(z)) continue;
            double d = o->direction ? o->direction[j] : 1;
            set_cell(x, flag, i * m + j, (z * (hi[j] - lo[j]) + lo[j]) * d, REGIO_CELL_IMPUTED_ROW);
        }
    free(lo);
    free(hi);
    free(v);
    free(x0);
    return REGIO_OK;
}

/* Gaussian EM on the columns cols[0..p) of x: means mu, covariance S; fills the gaps with conditional means. */
static int em_group(double *x, size_t n, size_t m, const size_t *cols, size_t p, int iters, unsigned char *flag, regio_error *err) {
    gsl_matrix *S = gsl_matrix_alloc(p, p), *T = gsl_matrix_alloc(p, p), *Soo = gsl_matrix_alloc(p, p), *C = gsl_matrix_alloc(p, p);
    gsl_vector *mu = gsl_vector_alloc(p), *tv = gsl_vector_alloc(p);
    double *xi = malloc(p * sizeof *xi), *xh = malloc(n * p * sizeof *xh);
    size_t *ob = malloc(p * sizeof *ob), *mi = malloc(p * sizeof *mi);
    gsl_permutation *perm = gsl_permutation_alloc(p);
    int rc = REGIO_OK;
    if (!S || !T || !Soo || !C || !mu || !tv || !xi || !xh || !ob || !mi || !perm) { rc = oom(err); goto done; }
    /* start: observed means and variances, no covariance */
    for (size_t a = 0; a < p; a++) {
        double s = 0, ss = 0;
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            double v = x[i * m + cols[a]];
            if (!isnan(v)) { s += v; ss += v * v; k++; }
        }
        double mean = k ? s / (double)k : 0, var = k > 1 ? (ss - k * mean * mean) / (double)k : 1;
        gsl_vector_set(mu, a, mean);
        gsl_matrix_set_zero(S);
        gsl_vector_set(tv, a, var > 0 ? var : 1);
    }
    for (size_t a = 0; a < p; a++) gsl_matrix_set(S, a, a, gsl_vector_get(tv, a));
    double ridge = 0;
    for (size_t a = 0; a < p; a++) ridge += gsl_matrix_get(S, a, a);
    ridge = 1e-8 * ridge / (double)p;
    for (int it = 0; it < iters; it++) {
        gsl_vector_set_zero(tv);
        gsl_matrix_set_zero(T);
        for (size_t i = 0; i < n; i++) {
            size_t no = 0, nm = 0;
            for (size_t a = 0; a < p; a++) {
                xi[a] = x[i * m + cols[a]];
                if (isnan(xi[a])) mi[nm++] = a; else ob[no++] = a;
            }
            /* C: conditional covariance of the missing part (zero elsewhere) */
            gsl_matrix_set_zero(C);
            if (nm && no) {
                /* solve Soo^{-1} for the regression of missing on observed */
                gsl_matrix_view so = gsl_matrix_submatrix(Soo, 0, 0, no, no);
                for (size_t a = 0; a < no; a++)
                    for (size_t b = 0; b < no; b++)
                        gsl_matrix_set(&so.matrix, a, b, gsl_matrix_get(S, ob[a], ob[b]) + (a == b ? ridge : 0));
                if (gsl_linalg_cholesky_decomp1(&so.matrix)) { rc = regio_error_set(err, REGIO_EINVAL, "EM 插补：协方差矩阵不正定%s", "EM imputation: the covariance matrix is not positive definite%s", ""); goto done; }
                gsl_vector *r = gsl_vector_alloc(no), *bvec = gsl_vector_alloc(no);
                if (!r || !bvec) { gsl_vector_free(r); gsl_vector_free(bvec); rc = oom(err); goto done; }
                for (size_t a = 0; a < no; a++) gsl_vector_set(r, a, xi[ob[a]] - gsl_vector_get(mu, ob[a]));
                gsl_linalg_cholesky_svx(&so.matrix, r); /* r = Soo^{-1}(x_o − mu_o) */
                for (size_t q = 0; q < nm; q++) {
                    double v = gsl_vector_get(mu, mi[q]);
                    for (size_t a = 0; a < no; a++) v += gsl_matrix_get(S, mi[q], ob[a]) * gsl_vector_get(r, a);
                    xi[mi[q]] = v;
                }
                for (size_t q = 0; q < nm; q++) {
                    for (size_t a = 0; a < no; a++) gsl_vector_set(bvec, a, gsl_matrix_get(S, ob[a], mi[q]));
                    gsl_linalg_cholesky_svx(&so.matrix, bvec);
                    for (size_t q2 = 0; q2 < nm; q2++) {
                        double v = gsl_matrix_get(S, mi[q2], mi[q]);
                        for (size_t a = 0; a < no; a++) v -= gsl_matrix_get(S, mi[q2], ob[a]) * gsl_vector_get(bvec, a);
                        gsl_matrix_set(C, mi[q2], mi[q], v);
                    }
                }
                gsl_vector_free(r);
                gsl_vector_free(bvec);
            } else if (nm) {
                for (size_t q = 0; q < nm; q++) {
                    xi[mi[q]] = gsl_vector_get(mu, mi[q]);
                    for (size_t q2 = 0; q2 < nm; q2++) gsl_matrix_set(C, mi[q2], mi[q], gsl_matrix_get(S, mi[q2], mi[q]));
                }
            }
            for (size_t a = 0; a < p; a++) {
                xh[i * p + a] = xi[a];
                gsl_vector_set(tv, a, gsl_vector_get(tv, a) + xi[a]);
                for (size_t b = 0; b < p; b++) gsl_matrix_set(T, a, b, gsl_matrix_get(T, a, b) + xi[a] * xi[b] + gsl_matrix_get(C, a, b));
            }
        }
        double change = 0;
        for (size_t a = 0; a < p; a++) {
            double nm2 = gsl_vector_get(tv, a) / (double)n;
            change += fabs(nm2 - gsl_vector_get(mu, a));
            gsl_vector_set(mu, a, nm2);
        }
        for (size_t a = 0; a < p; a++)
            for (size_t b = 0; b < p; b++) {
                double v = gsl_matrix_get(T, a, b) / (double)n - gsl_vector_get(mu, a) * gsl_vector_get(mu, b);
                change += fabs(v - gsl_matrix_get(S, a, b));
                gsl_matrix_set(S, a, b, v);
            }
        if (change < 1e-10) break;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t a = 0; a < p; a++)
            if (isnan(x[i * m + cols[a]])) set_cell(x, flag, i * m + cols[a], xh[i * p + a], REGIO_CELL_IMPUTED_EM);
done:
    gsl_matrix_free(S); gsl_matrix_free(T); gsl_matrix_free(Soo); gsl_matrix_free(C);
    gsl_vector_free(mu); gsl_vector_free(tv);
    gsl_permutation_free(perm);
    free(xi); free(xh); free(ob); free(mi);
    return rc;
}

/* OLS of column y on the columns pred[0..k) over the units observed on all of them, then the prediction for unit u */
static int regress_one(const double *x, size_t n, size_t m, size_t y, const size_t *pred, size_t k, size_t u, double *out) {
    size_t rows = 0;
    for (size_t i = 0; i < n; i++) {
        int ok = !isnan(x[i * m + y]);
        for (size_t a = 0; a < k && ok; a++) ok = !isnan(x[i * m + pred[a]]);
        rows += (size_t)ok;
    }
    if (rows < k + 2) return -1;
    gsl_matrix *X = gsl_matrix_alloc(rows, k + 1);
    gsl_vector *Y = gsl_vector_alloc(rows), *beta = gsl_vector_alloc(k + 1), *tau = gsl_vector_alloc(k + 1), *res = gsl_vector_alloc(rows);
    int rc = -1;
    if (X && Y && beta && tau && res) {
        size_t r = 0;
        for (size_t i = 0; i < n; i++) {
            int ok = !isnan(x[i * m + y]);
            for (size_t a = 0; a < k && ok; a++) ok = !isnan(x[i * m + pred[a]]);
            if (!ok) continue;
            gsl_matrix_set(X, r, 0, 1.0);
            for (size_t a = 0; a < k; a++) gsl_matrix_set(X, r, a + 1, x[i * m + pred[a]]);
            gsl_vector_set(Y, r, x[i * m + y]);
            r++;
        }
        if (gsl_linalg_QR_decomp(X, tau) == 0 && gsl_linalg_QR_lssolve(X, tau, Y, beta, res) == 0) {
            double v = gsl_vector_get(beta, 0);
            for (size_t a = 0; a < k; a++) v += gsl_vector_get(beta, a + 1) * x[u * m + pred[a]];
            if (isfinite(v)) { *out = v; rc = 0; }
        }
    }
    gsl_matrix_free(X);
    gsl_vector_free(Y); gsl_vector_free(beta); gsl_vector_free(tau); gsl_vector_free(res);
    return rc;
}

int regio_impute(double *x, size_t n, size_t m, const regio_impute_opts *o, unsigned char *flag, regio_error *err) {
    switch (o->kind) {
    case REGIO_IMP_NONE: return REGIO_OK;
    case REGIO_IMP_MEAN: case REGIO_IMP_MEDIAN: case REGIO_IMP_GROUP_MEAN: case REGIO_IMP_GROUP_MEDIAN:
        return impute_columns(x, n, m, o, flag, err);
    case REGIO_IMP_ROW_MEAN: case REGIO_IMP_ROW_MEDIAN:
        return impute_rows(x, n, m, o, flag, err);
    case REGIO_IMP_LATEST: case REGIO_IMP_LINEAR:
        return regio_error_set(err, REGIO_EINVAL, "面板插补（%s）需要多年数据，请用 regio_impute_panel", "panel imputation (%s) needs several years: use regio_impute_panel", regio_impute_name(o->kind));
    case REGIO_IMP_EM: case REGIO_IMP_REGRESSION: break;
    default: return regio_error_set(err, REGIO_EINVAL, "未知的插补方法 %d", "unknown imputation method %d", (int)o->kind);
    }
    /* model-based, group by group */
    int gmax = 0;
    for (size_t j = 0; o->ind_group && j < m; j++) if (o->ind_group[j] > gmax) gmax = o->ind_group[j];
    size_t *cols = malloc(m * sizeof *cols), *pred = malloc(m * sizeof *pred);
    double *x0 = o->kind == REGIO_IMP_REGRESSION ? malloc(n * m * sizeof *x0) : NULL;
    if (!cols || !pred || (o->kind == REGIO_IMP_REGRESSION && !x0)) { free(cols); free(pred); free(x0); return oom(err); }
    if (x0) memcpy(x0, x, n * m * sizeof *x0);
    int rc = REGIO_OK;
    for (int g = 0; g <= gmax && rc == REGIO_OK; g++) {
        size_t p = 0;
        for (size_t j = 0; j < m; j++) if ((o->ind_group ? o->ind_group[j] : 0) == g) cols[p++] = j;
        if (p == 0) continue;
        if (o->kind == REGIO_IMP_EM) {
            int gaps = 0;
            for (size_t i = 0; i < n && !gaps; i++) for (size_t a = 0; a < p && !gaps; a++) gaps = isnan(x[i * m + cols[a]]);
            if (gaps) rc = em_group(x, n, m, cols, p, o->em_iter > 0 ? o->em_iter : 200, flag, err);
            continue;
        }
        for (size_t i = 0; i < n; i++)
            for (size_t a = 0; a < p; a++) {
                size_t j = cols[a];
                if (!isnan(x0[i * m + j])) continue;
                size_t k = 0;
                for (size_t b = 0; b < p; b++)
                    if (b != a && !isnan(x0[i * m + cols[b]])) pred[k++] = cols[b];
                double v;
                if (k > 0 && regress_one(x0, n, m, j, pred, k, i, &v) == 0) set_cell(x, flag, i * m + j, v, REGIO_CELL_IMPUTED_REGRESSION);
            }
    }
    free(cols);
    free(pred);
    free(x0);
    return rc;
}

int regio_impute_panel(double *x, size_t nyears, const int *years, size_t n, size_t m, regio_impute_kind kind,
                       unsigned char *flag, regio_error *err) {
    size_t cells = n * m;
    if (kind == REGIO_IMP_LATEST) {
        regio_composite_locf(x, nyears, n, m, flag);
        return REGIO_OK;
    }
    if (kind != REGIO_IMP_LINEAR)
        return regio_error_set(err, REGIO_EINVAL, "面板插补只支持 latest 与 linear，而不是 %s", "panel imputation supports latest and linear, not %s", regio_impute_name(kind));
    if (nyears < 2)
        return regio_error_set(err, REGIO_EINVAL, "面板插补需要至少两年数据%s", "panel imputation needs at least two years%s", "");
    for (size_t c = 0; c < cells; c++) {
        /* stats::approx(rule = 2): linear between observed years, the nearest observation beyond the ends */
        long prev = -1;
        for (size_t t = 0; t < nyears; t++) {
            if (!isnan(x[t * cells + c])) { prev = (long)t; continue; }
            long next = -1;
            for (size_t u = t + 1; u < nyears; u++) if (!isnan(x[u * cells + c])) { next = (long)u; break; }
            double v;
            if (prev < 0 && next < 0) continue;
            if (prev < 0) v = x[(size_t)next * cells + c];
            else if (next < 0) v = x[(size_t)prev * cells + c];
            else {
                double y0 = x[(size_t)prev * cells + c], y1 = x[(size_t)next * cells + c];
                double f = (double)(years[t] - years[prev]) / (double)(years[next] - years[prev]);
                v = y0 + f * (y1 - y0);
            }
            x[t * cells + c] = v;
            if (flag) flag[t * cells + c] = REGIO_CELL_IMPUTED_LINEAR;
        }
    }
    return REGIO_OK;
}
