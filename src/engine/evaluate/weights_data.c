/* weights_data.c — data-driven indicator weights common in Chinese regional studies: the entropy weight method
 * (熵权法) and CRITIC (Diakoulaki, Mavrotas & Papayannakis 1995). Both on a matrix as given (the composite engine
 * hands them the directional min-max [0, 1] transform); missing cells are skipped. */
#include <math.h>
#include <stdlib.h>

#include "engine/evaluate/composite_internal.h"

int regio_composite_entropy_weights(const double *x, size_t n, size_t m, double *w_out, regio_error *err) {
    if (n == 0 || m == 0) return regio_error_set(err, REGIO_EINVAL, "熵权法需要至少一个单元和一个指标%s", "entropy weights need at least one unit and one indicator%s", "");
    double total = 0;
    for (size_t j = 0; j < m; j++) {
        double s = 0;
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            double v = x[i * m + j];
            if (isnan(v)) continue;
            if (v < 0 || !isfinite(v))
                return regio_error_set(err, REGIO_EINVAL, "熵权法：单元 %zu、指标 %zu 的值 %g 为负或无穷", "entropy weights: unit %zu, indicator %zu: value %g is negative or infinite", i, j, v);
            s += v;
            k++;
        }
        double e = 1.0; /* no information */
        if (k >= 2 && s > 0) {
            double h = 0;
            for (size_t i = 0; i < n; i++) {
                double v = x[i * m + j];
                if (isnan(v) || v == 0) continue; /* 0·ln 0 = 0 */
                double p = v / s;
                h -= p * log(p);
            }
            e = h / log((double)k);
        }
        w_out[j] = 1.0 - e;
        total += w_out[j];
    }
    for (size_t j = 0; j < m; j++) w_out[j] = total > 0 ? w_out[j] / total : 1.0 / (double)m;
    return REGIO_OK;
}

int regio_composite_critic_weights(const double *x, size_t n, size_t m, double *w_out, regio_error *err) {
    if (n < 2 || m == 0) return regio_error_set(err, REGIO_EINVAL, "CRITIC 需要至少两个单元和一个指标%s", "CRITIC needs at least two units and one indicator%s", "");
    double *sd = malloc(m * sizeof *sd);
    if (!sd) return regio_error_set(err, REGIO_ENOMEM, "内存不足%s", "out of memory%s", "");
    for (size_t j = 0; j < m; j++) {
        double s = 0, ss = 0;
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (!isnan(x[i * m + j])) { s += x[i * m + j]; k++; }
        double mean = k ? s / (double)k : 0;
        for (size_t i = 0; i < n; i++)
            if (!isnan(x[i * m + j])) ss += (x[i * m + j] - mean) * (x[i * m + j] - mean);
        sd[j] = k > 1 ? sqrt(ss / (double)(k - 1)) : 0;
    }
    double total = 0;
    for (size_t j = 0; j < m; j++) {
        double conflict = 0;
        for (size_t l = 0; l < m; l++) {
            if (l == j) continue; /* 1 − r_jj = 0 */
            /* Pearson r over the units observed in both columns */
            double sa = 0, sb = 0;
            size_t k = 0;
            for (size_t i = 0; i < n; i++)
                if (!isnan(x[i * m + j]) && !isnan(x[i * m + l])) { sa += x[i * m + j]; sb += x[i * m + l]; k++; }
            double r = 0;
            if (k > 1) {
                double ma = sa / (double)k, mb = sb / (double)k, cab = 0, caa = 0, cbb = 0;
                for (size_t i = 0; i < n; i++)
                    if (!isnan(x[i * m + j]) && !isnan(x[i * m + l])) {
                        double a = x[i * m + j] - ma, b = x[i * m + l] - mb;
                        cab += a * b; caa += a * a; cbb += b * b;
                    }
                r = caa > 0 && cbb > 0 ? cab / sqrt(caa * cbb) : 0; /* a constant column: no correlation */
            }
            conflict += 1.0 - r;
        }
        w_out[j] = sd[j] * conflict;
        total += w_out[j];
    }
    for (size_t j = 0; j < m; j++) w_out[j] = total > 0 ? w_out[j] / total : 1.0 / (double)m;
    free(sd);
    return REGIO_OK;
}
