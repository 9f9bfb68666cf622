/* theil_decomp.c — Theil T and Theil L split into between-group and within-group parts over a partition
 * (Shorrocks 1980): T = Σ s_g T_g + Σ s_g ln(m_g/m), L = Σ P_g L_g + Σ P_g ln(m/m_g), with population shares
 * P_g = W_g/W and income shares s_g = W_g m_g/(W m). Two passes over the units, no sort. Unweighted T matches
 * PySAL inequality's TheilD (bg, and wg = T − bg). */
#include "regio/ineq.h"

#include <math.h>
#include <stdlib.h>

#include "core/util.h"
#include "ineq_internal.h"

void regio_theil_decomp_free(regio_theil_decomp *d) {
    if (!d) return;
    free(d->n);
    free(d->pop_share);
    free(d->income_share);
    free(d->mean);
    free(d->theil);
    free(d->within_term);
    free(d->between_term);
    free(d);
}

static regio_theil_decomp *alloc_decomp(size_t k) {
    regio_theil_decomp *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    d->ngroups = k;
    d->n = calloc(k, sizeof *d->n);
    d->pop_share = calloc(k, sizeof(double));
    d->income_share = calloc(k, sizeof(double));
    d->mean = calloc(k, sizeof(double));
    d->theil = calloc(k, sizeof(double));
    d->within_term = calloc(k, sizeof(double));
    d->between_term = calloc(k, sizeof(double));
    if (!d->n || !d->pop_share || !d->income_share || !d->mean || !d->theil || !d->within_term || !d->between_term) {
        regio_theil_decomp_free(d);
        return NULL;
    }
    return d;
}

int regio_ineq_theil_decompose(const double *x, const double *w, size_t n, const size_t *g, size_t ngroups,
                               regio_theil_kind kind, regio_theil_decomp **out, regio_error *err) {
    *out = NULL;
    int rc = kind == REGIO_THEIL_L
                 ? regio__ineq_check(x, w, n, INEQ_POS, "泰尔指数 L（平均对数偏差）", "Theil L (mean log deviation)", err)
                 : regio__ineq_check(x, w, n, INEQ_NONNEG, "泰尔指数 T", "Theil T", err);
    if (rc) return rc;
    if (ngroups == 0) return regio__ineq_check_groups(g, n, ngroups, NULL, err);
    regio_theil_decomp *d = alloc_decomp(ngroups);
    regio_ksum *acc = calloc(3 * (ngroups ? ngroups : 1), sizeof *acc); /* per group: Σw, Σwx, Σ terms */
    if (!d || !acc) { regio_theil_decomp_free(d); free(acc); return regio__ineq_oom(err); }
    if ((rc = regio__ineq_check_groups(g, n, ngroups, d->n, err))) goto fail;
    d->kind = kind;
    regio_ksum sw = {0, 0}, sx = {0, 0};
    for (size_t i = 0; i < n; i++) {
        double wi = w ? w[i] : 1.0;
        regio_ksum_add(&acc[3 * g[i]], wi);
        regio_ksum_add(&acc[3 * g[i] + 1], wi * x[i]);
        regio_ksum_add(&sw, wi);
        regio_ksum_add(&sx, wi * x[i]);
    }
    double W = regio_ksum_value(&sw), S = regio_ksum_value(&sx), m = S / W;
    if (!(m > 0)) {
        rc = regio__ineq_zero_mean(err, "泰尔指数 T", "Theil T");
        goto fail;
    }
    for (size_t k = 0; k < ngroups; k++) d->mean[k] = regio_ksum_value(&acc[3 * k + 1]) / regio_ksum_value(&acc[3 * k]);
    /* second pass: the group's own Theil, and the overall one computed directly */
    regio_ksum tot = {0, 0};
    for (size_t i = 0; i < n; i++) {
        double wi = w ? w[i] : 1.0, mg = d->mean[g[i]];
        if (kind == REGIO_THEIL_T) {
            if (x[i] > 0) {
                regio_ksum_add(&acc[3 * g[i] + 2], wi * (x[i] / mg) * log(x[i] / mg));
                regio_ksum_add(&tot, wi * (x[i] / m) * log(x[i] / m));
            }
        } else {
            regio_ksum_add(&acc[3 * g[i] + 2], wi * log(mg / x[i]));
            regio_ksum_add(&tot, wi * log(m / x[i]));
        }
    }
    d->total = regio_ksum_value(&tot) / W;
    regio_ksum bsum = {0, 0}, wsum = {0, 0};
    for (size_t k = 0; k < ngroups; k++) {
        double Wg = regio_ksum_value(&acc[3 * k]), Sg = regio_ksum_value(&acc[3 * k + 1]), mg = d->mean[k];
        d->pop_share[k] = Wg / W;
        d->income_share[k] = Sg / S;
        d->theil[k] = regio_ksum_value(&acc[3 * k + 2]) / Wg;
        if (kind == REGIO_THEIL_T) {
            /* a group whose values are all 0 has no inequality and no income share: both terms are 0 */
            if (!(mg > 0)) d->theil[k] = 0;
            d->within_term[k] = d->income_share[k] * d->theil[k];
            d->between_term[k] = mg > 0 ? d->income_share[k] * log(mg / m) : 0;
        } else {
            d->within_term[k] = d->pop_share[k] * d->theil[k];
            d->between_term[k] = d->pop_share[k] * log(m / mg);
        }
        regio_ksum_add(&wsum, d->within_term[k]);
        regio_ksum_add(&bsum, d->between_term[k]);
    }
    free(acc);
    /* within and between as sums of their groups' terms; total computed directly (equal up to rounding) */
    d->within = regio_ksum_value(&wsum);
    d->between = regio_ksum_value(&bsum);
    *out = d;
    return REGIO_OK;
fail:
    regio_theil_decomp_free(d);
    free(acc);
    return rc;
}
