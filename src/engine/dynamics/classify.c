/* classify.c — the classes that Markov chains run on (see include/regio/dynamics.h, "Classes"): quantile cut-offs
 * per year or pooled, or the user's cut-offs, and the one class rule (a value equal to a cut-off goes to the lower
 * class), kept in one place so the classic and the spatial chains cannot disagree. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/dynamics/dynamics_internal.h"

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void regio__dynamics_sort(double *a, size_t n) { qsort(a, n, sizeof *a, cmp_double); }

double regio__dynamics_quantile_sorted(const double *s, size_t n, double q) {
    if (n == 1) return s[0];
    double pos = q * (double)(n - 1);
    size_t lo = (size_t)floor(pos);
    if (lo >= n - 1) return s[n - 1];
    double frac = pos - (double)lo;
    return s[lo] + frac * (s[lo + 1] - s[lo]);
}

double regio__dynamics_wquantile_sorted(const double *s, const double *w, size_t n, double q) {
    /* unit i sits at cumulative position (C_i − w_i)/(W − w_last), C_i the weight up to and including i: with
     * equal weights that is i/(n−1), numpy's linear rule; between positions the value is interpolated */
    double tot = 0, last = 0;
    for (size_t i = 0; i < n; i++)
        if (w[i] > 0) { tot += w[i]; last = w[i]; }
    double span = tot - last, cum = 0, prev_pos = 0, prev_x = NAN;
    for (size_t i = 0; i < n; i++) {
        if (!(w[i] > 0)) continue;
        double pos = span > 0 ? cum / span : 0;
        cum += w[i];
        if (pos >= q) {
            if (isnan(prev_x) || pos <= prev_pos) return s[i];
            return prev_x + (q - prev_pos) / (pos - prev_pos) * (s[i] - prev_x);
        }
        prev_pos = pos;
        prev_x = s[i];
    }
    return prev_x;
}

size_t regio__dynamics_class_of(double x, const double *cut, size_t ncut) {
    size_t lo = 0, hi = ncut; /* first index with cut[idx] >= x */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cut[mid] < x) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

int regio__dynamics_check_panel(size_t n, size_t nyears, const double *y, int positive, regio_error *err) {
    for (size_t t = 0; t < nyears; t++)
        for (size_t i = 0; i < n; i++) {
            double v = y[t * n + i];
            if (!isfinite(v))
                return regio_error_set(err, REGIO_EINVAL, "第 %zu 个单元在第 %zu 年（从 1 起）的值缺失或不是有限数",
                                       "unit %zu has a missing or non-finite value in year %zu (counting from 1)",
                                       i + 1, t + 1);
            if (positive && !(v > 0))
                return regio_error_set(err, REGIO_EINVAL, "第 %zu 个单元在第 %zu 年（从 1 起）的值 %g 不是正数，无法取对数",
                                       "unit %zu in year %zu (counting from 1) has the value %g, not positive: a "
                                       "logarithm needs a positive value",
                                       i + 1, t + 1, v);
        }
    return REGIO_OK;
}

/* k−1 quantile cut-offs of vals[0..m) into cut (vals is sorted in place). */
static void quantile_cuts(double *vals, size_t m, size_t k, double *cut) {
    regio__dynamics_sort(vals, m);
    for (size_t c = 1; c < k; c++) cut[c - 1] = regio__dynamics_quantile_sorted(vals, m, (double)c / (double)k);
}

int regio_classify(size_t n, size_t nyears, const double *y, const regio_class_opts *o, size_t *cls, double *cut,
                   regio_error *err) {
    if (!o || o->k < 2)
        return regio_error_set(err, REGIO_EINVAL, "分类数至少为 2", "at least 2 classes are needed");
    if (n == 0 || nyears == 0)
        return regio_error_set(err, REGIO_EINVAL, "没有可分类的数据（%zu 个单元，%zu 年）",
                               "nothing to classify (%zu units, %zu years)", n, nyears);
    int rc = regio__dynamics_check_panel(n, nyears, y, 0, err);
    if (rc) return rc;
    size_t k = o->k, nc = k - 1;
    if (o->mode == REGIO_CLASS_CUTOFFS) {
        if (!o->cutoffs)
            return regio_error_set(err, REGIO_EINVAL, "未给出分类界值（需要 %zu 个）", "no class cut-offs given (%zu needed)",
                                   nc);
        for (size_t c = 0; c < nc; c++) {
            if (!isfinite(o->cutoffs[c]))
                return regio_error_set(err, REGIO_EINVAL, "第 %zu 个分类界值不是有限数", "cut-off %zu is not a finite number",
                                       c + 1);
            if (c > 0 && !(o->cutoffs[c] > o->cutoffs[c - 1]))
                return regio_error_set(err, REGIO_EINVAL, "分类界值必须严格递增：第 %zu 个（%g）不大于前一个（%g）",
                                       "class cut-offs must increase strictly: cut-off %zu (%g) is not above the one "
                                       "before (%g)",
                                       c + 1, o->cutoffs[c], o->cutoffs[c - 1]);
        }
        for (size_t v = 0; v < n * nyears; v++) cls[v] = regio__dynamics_class_of(y[v], o->cutoffs, nc);
        if (cut) memcpy(cut, o->cutoffs, nc * sizeof *cut);
        return REGIO_OK;
    }
    if (o->mode != REGIO_CLASS_QUANTILE_YEAR && o->mode != REGIO_CLASS_QUANTILE_POOLED)
        return regio_error_set(err, REGIO_EINVAL, "未知的分类方式 %d", "unknown classing mode %d", (int)o->mode);
    int per_year = o->mode == REGIO_CLASS_QUANTILE_YEAR;
    size_t m = per_year ? n : n * nyears;
    double *tmp = malloc(m * sizeof *tmp), *cc = malloc((per_year ? nyears : 1) * nc * sizeof *cc);
    if (!tmp || !cc) { free(tmp); free(cc); return DYN_OOM(err); }
    if (per_year) {
        for (size_t t = 0; t < nyears; t++) {
            memcpy(tmp, y + t * n, n * sizeof *tmp);
            quantile_cuts(tmp, n, k, cc + t * nc);
            for (size_t i = 0; i < n; i++) cls[t * n + i] = regio__dynamics_class_of(y[t * n + i], cc + t * nc, nc);
        }
    } else {
        memcpy(tmp, y, m * sizeof *tmp);
        quantile_cuts(tmp, m, k, cc);
        for (size_t v = 0; v < m; v++) cls[v] = regio__dynamics_class_of(y[v], cc, nc);
    }
    if (cut) memcpy(cut, cc, (per_year ? nyears : 1) * nc * sizeof *cut);
    free(tmp);
    free(cc);
    return REGIO_OK;
}
