/* convergence.c — β-convergence (Barro & Sala-i-Martin 1992) by OLS with GSL, the implied speed and half-life,
 * and the two σ-convergence series (sd of logs, CV) the convergence literature plots per year.
 *
 * Model: g_i = ln(y_T,i / y_0,i)/T = a + β ln y_0,i (+ group dummies + controls) + e_i. From the log-linearised
 * neoclassical model, (1/T) ln(y_T/y_0) = a − ((1 − e^(−λT))/T) ln y_0, so β = −(1 − e^(−λT))/T and
 * λ = −ln(1 + Tβ)/T, half-life ln 2/λ (Barro & Sala-i-Martin 1992, eq. (1)–(2); Sala-i-Martin 1996, eq. (3)).
 * Standard errors are the classical ones, s²(X'X)⁻¹ with s² = RSS/(n−p); p from Student t with n−p dof. */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_multifit.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/dynamics/dynamics_internal.h"

void regio_beta_free(regio_beta *b) {
    if (!b) return;
    free(b->coef);
    free(b->se);
    free(b);
}

static regio_speed_status speed_of(double beta, double years, double *speed, double *half_life) {
    double a = 1.0 + years * beta;
    *speed = NAN;
    *half_life = NAN;
    if (!(a > 0)) return REGIO_SPEED_UNDEFINED;
    *speed = -log(a) / years;
    if (!(beta < 0)) return REGIO_SPEED_DIVERGENCE;
    *half_life = log(2.0) / *speed;
    return REGIO_SPEED_OK;
}

int regio_beta_speed(double beta, double years, double *speed, double *half_life, regio_error *err) {
    if (!isfinite(beta) || !(years > 0) || !isfinite(years))
        return regio_error_set(err, REGIO_EINVAL, "β（%g）必须是有限数，年数（%g）必须为正",
                               "β (%g) must be finite and the number of years (%g) positive", beta, years);
    switch (speed_of(beta, years, speed, half_life)) {
    case REGIO_SPEED_UNDEFINED:
        return regio_error_set(err, REGIO_EINVAL,
                               "1 + Tβ = %g ≤ 0（β = %g，T = %g）：收敛速度 λ = −ln(1 + Tβ)/T 无定义",
                               "1 + Tβ = %g ≤ 0 (β = %g, T = %g): the convergence speed λ = −ln(1 + Tβ)/T is undefined",
                               1.0 + years * beta, beta, years);
    case REGIO_SPEED_DIVERGENCE:
        return regio_error_set(err, REGIO_EINVAL, "β = %g ≥ 0：没有 β 收敛，半衰期无定义",
                               "β = %g ≥ 0: no β-convergence, so there is no half-life", beta);
    default:
        return REGIO_OK;
    }
}

int regio_beta_convergence(size_t n, const double *y0, const double *yT, double years, const regio_beta_opts *o,
                           regio_beta **out, regio_error *err) {
    *out = NULL;
    if (!(years > 0) || !isfinite(years))
        return regio_error_set(err, REGIO_EINVAL, "起止年份之间的年数必须为正，实为 %g",
                               "the number of years between the first and last year must be positive, not %g", years);
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(y0[i]) || !(y0[i] > 0))
            return regio_error_set(err, REGIO_EINVAL, "第 %zu 个单元的初始值 %g 不是正数，无法取对数",
                                   "unit %zu: the initial value %g is not positive, so its logarithm is undefined", i + 1,
                                   y0[i]);
        if (!isfinite(yT[i]) || !(yT[i] > 0))
            return regio_error_set(err, REGIO_EINVAL, "第 %zu 个单元的期末值 %g 不是正数，无法取对数",
                                   "unit %zu: the final value %g is not positive, so its logarithm is undefined", i + 1,
                                   yT[i]);
    }
    size_t ng = o && o->group ? o->ngroups : 0, nx = o && o->extra ? o->nextra : 0;
    size_t p = 2 + (ng ? ng - 1 : 0) + nx;
    if (ng) {
        size_t *cnt = calloc(ng, sizeof *cnt);
        if (!cnt) return DYN_OOM(err);
        for (size_t i = 0; i < n; i++) {
            if (o->group[i] >= ng) {
                size_t g = o->group[i];
                free(cnt);
                return regio_error_set(err, REGIO_EINVAL, "第 %zu 个单元的组号 %zu 超出范围（共 %zu 组）",
                                       "unit %zu has group %zu, outside the %zu groups", i + 1, g, ng);
            }
            cnt[o->group[i]]++;
        }
        for (size_t g = 0; g < ng; g++)
            if (!cnt[g]) {
                free(cnt);
                return regio_error_set(err, REGIO_EINVAL, "第 %zu 组没有单元，无法估计其虚拟变量",
                                       "group %zu has no units, so its dummy cannot be estimated", g);
            }
        free(cnt);
    }
    for (size_t v = 0; v < n * nx; v++)
        if (!isfinite(o->extra[v]))
            return regio_error_set(err, REGIO_EINVAL, "第 %zu 个单元的第 %zu 个控制变量缺失或不是有限数",
                                   "unit %zu: control variable %zu is missing or not finite", v / nx + 1, v % nx + 1);
    if (n <= p)
        return regio_error_set(err, REGIO_EINVAL, "%zu 个单元不足以估计 %zu 个参数（需要多于参数个数的单元）",
                               "%zu units are too few to estimate %zu parameters (more units than parameters needed)",
                               n, p);

    regio_beta *b = calloc(1, sizeof *b);
    gsl_matrix *X = gsl_matrix_alloc(n, p), *cov = gsl_matrix_alloc(p, p);
    gsl_vector *yv = gsl_vector_alloc(n), *c = gsl_vector_alloc(p);
    gsl_multifit_linear_workspace *ws = gsl_multifit_linear_alloc(n, p);
    int rc = REGIO_OK;
    if (!b || !X || !cov || !yv || !c || !ws) { rc = DYN_OOM(err); goto done; }
    b->coef = malloc(p * sizeof *b->coef);
    b->se = malloc(p * sizeof *b->se);
    if (!b->coef || !b->se) { rc = DYN_OOM(err); goto done; }
    double ybar = 0;
    for (size_t i = 0; i < n; i++) {
        double g = log(yT[i] / y0[i]) / years;
        ybar += g;
        gsl_vector_set(yv, i, g);
        gsl_matrix_set(X, i, 0, 1.0);
        gsl_matrix_set(X, i, 1, log(y0[i]));
        for (size_t gi = 1; gi < ng; gi++) gsl_matrix_set(X, i, 1 + gi, o->group[i] == gi ? 1.0 : 0.0);
        for (size_t j = 0; j < nx; j++) gsl_matrix_set(X, i, 1 + (ng ? ng - 1 : 0) + 1 + j, o->extra[i * nx + j]);
    }
    ybar /= (double)n;
    double rss;
    gsl_multifit_linear(X, yv, c, cov, &rss, ws);
    if (gsl_multifit_linear_rank(1e-10, ws) < p) {
        rc = regio_error_set(err, REGIO_EINVAL, "回归变量共线（只有 %zu 个参数可以识别，共 %zu 个）：请去掉重复的控制变量或组",
                             "the regressors are collinear (only %zu of %zu parameters are identified): drop a "
                             "repeated control or group",
                             gsl_multifit_linear_rank(1e-10, ws), p);
        goto done;
    }
    double tss = 0;
    for (size_t i = 0; i < n; i++) tss += (gsl_vector_get(yv, i) - ybar) * (gsl_vector_get(yv, i) - ybar);
    b->n = n;
    b->p = p;
    b->years = years;
    b->df = n - p;
    for (size_t j = 0; j < p; j++) {
        b->coef[j] = gsl_vector_get(c, j);
        b->se[j] = sqrt(gsl_matrix_get(cov, j, j)); /* GSL scales (X'X)⁻¹ by RSS/(n−p) */
    }
    b->beta = b->coef[1];
    b->beta_se = b->se[1];
    b->t = b->beta / b->beta_se;
    b->p_value = b->beta_se > 0 ? 2.0 * gsl_cdf_tdist_Q(fabs(b->t), (double)b->df) : (b->beta == 0 ? 1.0 : 0.0);
    if (b->p_value > 1) b->p_value = 1;
    b->sigma = sqrt(rss / (double)b->df);
    b->r2 = tss > 0 ? 1.0 - rss / tss : NAN;
    b->r2_adj = tss > 0 ? 1.0 - (rss / (double)b->df) / (tss / (double)(n - 1)) : NAN;
    b->speed_status = speed_of(b->beta, years, &b->speed, &b->half_life);
done:
    gsl_matrix_free(X);
    gsl_matrix_free(cov);
    gsl_vector_free(yv);
    gsl_vector_free(c);
    if (ws) gsl_multifit_linear_free(ws);
    if (rc) { regio_beta_free(b); return rc; }
    *out = b;
    return REGIO_OK;
}

int regio_sigma_series(size_t n, size_t nyears, const double *y, int ddof, double *sd_log, double *cv,
                       regio_error *err) {
    if (ddof != 0 && ddof != 1)
        return regio_error_set(err, REGIO_EINVAL, "ddof 只能是 0 或 1，实为 %d", "ddof must be 0 or 1, not %d", ddof);
    if (n <= (size_t)ddof)
        return regio_error_set(err, REGIO_EINVAL, "%zu 个单元不足以计算离散程度", "%zu units are too few for a dispersion", n);
    int rc = regio__dynamics_check_panel(n, nyears, y, 1, err);
    if (rc) return rc;
    for (size_t t = 0; t < nyears; t++) {
        const double *x = y + t * n;
        double ml = 0, mv = 0;
        for (size_t i = 0; i < n; i++) { ml += log(x[i]); mv += x[i]; }
        ml /= (double)n;
        mv /= (double)n;
        double sl = 0, sv = 0;
        for (size_t i = 0; i < n; i++) {
            double dl = log(x[i]) - ml, dv = x[i] - mv;
            sl += dl * dl;
            sv += dv * dv;
        }
        double den = (double)(n - (size_t)ddof);
        if (sd_log) sd_log[t] = sqrt(sl / den);
        if (cv) cv[t] = sqrt(sv / den) / mv;
    }
    return REGIO_OK;
}

int regio_relative(size_t n, size_t nyears, const double *y, const double *w, double *rel, regio_error *err) {
    if (n == 0) return regio_error_set(err, REGIO_EINVAL, "没有单元", "there are no units");
    int rc = regio__dynamics_check_panel(n, nyears, y, 0, err);
    if (!rc && w) rc = regio__dynamics_check_panel(n, nyears, w, 0, err);
    if (rc) return rc;
    for (size_t t = 0; t < nyears; t++) {
        double s = 0, sw = 0;
        for (size_t i = 0; i < n; i++) {
            double wi = w ? w[t * n + i] : 1.0;
            if (wi < 0)
                return regio_error_set(err, REGIO_EINVAL, "第 %zu 个单元在第 %zu 年的权重 %g 为负",
                                       "unit %zu in year %zu has a negative weight %g", i + 1, t + 1, wi);
            s += wi * y[t * n + i];
            sw += wi;
        }
        double mean = sw > 0 ? s / sw : NAN;
        if (!(mean > 0))
            return regio_error_set(err, REGIO_EINVAL, "第 %zu 年（从 1 起）的平均值 %g 不是正数，无法计算相对值",
                                   "the mean of year %zu (counting from 1) is %g, not positive: relative values are "
                                   "undefined",
                                   t + 1, mean);
        for (size_t i = 0; i < n; i++) rel[t * n + i] = y[t * n + i] / mean;
    }
    return REGIO_OK;
}
