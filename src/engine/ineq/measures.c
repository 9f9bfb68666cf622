/* measures.c — the single inequality measures (mean, CV/Williamson, Gini, Theil T and L, Atkinson, quantiles and
 * ratios) and the summary that computes them all from one sort. Formulas: docs/methods/inequality.md; every
 * sum is compensated, the relative measures are computed on x/m so large values do not overflow powers. */
#include "regio/ineq.h"

#include <math.h>
#include <stdlib.h>

#include "core/util.h"
#include "ineq_internal.h"

#define WT(w, i) ((w) ? (w)[i] : 1.0)

/* Σw and the weighted mean of already checked input. */
static void wmean(const double *x, const double *w, size_t n, double *W, double *m) {
    regio_ksum sw = {0, 0}, sx = {0, 0};
    for (size_t i = 0; i < n; i++) {
        regio_ksum_add(&sw, WT(w, i));
        regio_ksum_add(&sx, WT(w, i) * x[i]);
    }
    *W = regio_ksum_value(&sw);
    *m = regio_ksum_value(&sx) / *W;
}

#define zero_mean regio__ineq_zero_mean

int regio_ineq_mean(const double *x, const double *w, size_t n, double *out, regio_error *err) {
    int rc = regio__ineq_check(x, w, n, INEQ_ANY, "均值", "mean", err);
    if (rc) return rc;
    double W;
    wmean(x, w, n, &W, out);
    return REGIO_OK;
}

static double cv_of(const double *x, const double *w, size_t n, double W, double m) {
    regio_ksum s = {0, 0};
    for (size_t i = 0; i < n; i++) {
        double d = x[i] - m;
        regio_ksum_add(&s, WT(w, i) * d * d);
    }
    double v = regio_ksum_value(&s) / W;
    return sqrt(v > 0 ? v : 0) / m;
}

int regio_ineq_cv(const double *x, const double *w, size_t n, double *out, regio_error *err) {
    int rc = regio__ineq_check(x, w, n, INEQ_ANY, "变异系数", "CV", err);
    if (rc) return rc;
    double W, m;
    wmean(x, w, n, &W, &m);
    if (!(m > 0))
        return regio_error_set(err, REGIO_EINVAL, "变异系数需要正的均值（均值为 %g）", "CV needs a positive mean (the mean is %g)", m);
    *out = cv_of(x, w, n, W, m);
    return REGIO_OK;
}

/* Gini from sorted pairs: half pair sum / (W Σwx). */
static double gini_sorted(const ineq_pt *p, size_t n, double W, double m) {
    return regio__ineq_pairsum_sorted(p, n) / (W * W * m);
}

int regio_ineq_gini(const double *x, const double *w, size_t n, double *out, regio_error *err) {
    int rc = regio__ineq_check(x, w, n, INEQ_NONNEG, "基尼系数", "Gini", err);
    if (rc) return rc;
    double W, m;
    wmean(x, w, n, &W, &m);
    if (!(m > 0)) return zero_mean(err, "基尼系数", "Gini");
    ineq_pt *p;
    if ((rc = regio__ineq_sorted(x, w, n, &p, err))) return rc;
    *out = gini_sorted(p, n, W, m);
    free(p);
    return REGIO_OK;
}

static double theil_t_of(const double *x, const double *w, size_t n, double W, double m) {
    regio_ksum s = {0, 0};
    for (size_t i = 0; i < n; i++) {
        double r = x[i] / m;
        if (r > 0) regio_ksum_add(&s, WT(w, i) * r * log(r));
    }
    return regio_ksum_value(&s) / W;
}

static double theil_l_of(const double *x, const double *w, size_t n, double W, double m) {
    regio_ksum s = {0, 0};
    for (size_t i = 0; i < n; i++) regio_ksum_add(&s, WT(w, i) * log(m / x[i]));
    return regio_ksum_value(&s) / W;
}

int regio_ineq_theil_t(const double *x, const double *w, size_t n, double *out, regio_error *err) {
    int rc = regio__ineq_check(x, w, n, INEQ_NONNEG, "泰尔指数 T", "Theil T", err);
    if (rc) return rc;
    double W, m;
    wmean(x, w, n, &W, &m);
    if (!(m > 0)) return zero_mean(err, "泰尔指数 T", "Theil T");
    *out = theil_t_of(x, w, n, W, m);
    return REGIO_OK;
}

int regio_ineq_theil_l(const double *x, const double *w, size_t n, double *out, regio_error *err) {
    int rc = regio__ineq_check(x, w, n, INEQ_POS, "泰尔指数 L（平均对数偏差）", "Theil L (mean log deviation)", err);
    if (rc) return rc;
    double W, m;
    wmean(x, w, n, &W, &m);
    *out = theil_l_of(x, w, n, W, m);
    return REGIO_OK;
}

/* EDE / m for checked input. */
static double ede_ratio(const double *x, const double *w, size_t n, double W, double m, double eps) {
    regio_ksum s = {0, 0};
    if (eps == 0) return 1.0;
    if (eps == 1) {
        for (size_t i = 0; i < n; i++) regio_ksum_add(&s, WT(w, i) * log(x[i] / m));
        return exp(regio_ksum_value(&s) / W);
    }
    for (size_t i = 0; i < n; i++) regio_ksum_add(&s, WT(w, i) * pow(x[i] / m, 1 - eps));
    return pow(regio_ksum_value(&s) / W, 1 / (1 - eps));
}

int regio_ineq_atkinson(const double *x, const double *w, size_t n, double eps, double *out, double *ede,
                        regio_error *err) {
    if (!(eps >= 0) || !isfinite(eps))
        return regio_error_set(err, REGIO_EINVAL, "阿特金森指数的参数 ε 必须是非负有限数（给的是 %g）",
                               "Atkinson's epsilon must be finite and >= 0 (got %g)", eps);
    int rc = eps >= 1 ? regio__ineq_check(x, w, n, INEQ_POS, "阿特金森指数（ε ≥ 1）", "Atkinson (epsilon >= 1)", err)
                      : regio__ineq_check(x, w, n, INEQ_NONNEG, "阿特金森指数", "Atkinson", err);
    if (rc) return rc;
    double W, m;
    wmean(x, w, n, &W, &m);
    if (!(m > 0)) return zero_mean(err, "阿特金森指数", "Atkinson");
    double r = ede_ratio(x, w, n, W, m, eps);
    *out = 1 - r;
    if (ede) *ede = r * m;
    return REGIO_OK;
}

static int check_q(double q, regio_error *err) {
    if (!(q >= 0 && q <= 1))
        return regio_error_set(err, REGIO_EINVAL, "分位点 %g 不在 [0, 1] 内", "quantile %g is outside [0, 1]", q);
    return REGIO_OK;
}

int regio_ineq_quantile(const double *x, const double *w, size_t n, double q, double *out, regio_error *err) {
    int rc = check_q(q, err);
    if (!rc) rc = regio__ineq_check(x, w, n, INEQ_ANY, "分位数", "quantile", err);
    if (rc) return rc;
    ineq_pt *p;
    if ((rc = regio__ineq_sorted(x, w, n, &p, err))) return rc;
    regio_ksum sw = {0, 0};
    for (size_t i = 0; i < n; i++) regio_ksum_add(&sw, p[i].w);
    *out = regio__ineq_quantile_sorted(p, n, regio_ksum_value(&sw), q);
    free(p);
    return REGIO_OK;
}

int regio_ineq_max_min(const double *x, size_t n, double *out, regio_error *err) {
    int rc = regio__ineq_check(x, NULL, n, INEQ_POS, "最大值/最小值之比", "max/min ratio", err);
    if (rc) return rc;
    double lo = x[0], hi = x[0];
    for (size_t i = 1; i < n; i++) {
        if (x[i] < lo) lo = x[i];
        if (x[i] > hi) hi = x[i];
    }
    *out = hi / lo;
    return REGIO_OK;
}

int regio_ineq_quantile_ratio(const double *x, const double *w, size_t n, double q_hi, double q_lo, double *out,
                              regio_error *err) {
    double hi, lo;
    int rc = regio_ineq_quantile(x, w, n, q_hi, &hi, err);
    if (!rc) rc = regio_ineq_quantile(x, w, n, q_lo, &lo, err);
    if (rc) return rc;
    if (!(lo > 0))
        return regio_error_set(err, REGIO_EINVAL, "分位数比的分母（%g 分位数）为 %g，必须是正数",
                               "the denominator of the quantile ratio (the %g quantile) is %g; it must be positive", q_lo,
                               lo);
    *out = hi / lo;
    return REGIO_OK;
}

int regio_ineq_summarise(const double *x, const double *w, size_t n, regio_ineq_summary **out, regio_error *err) {
    *out = NULL;
    int rc = regio__ineq_check(x, w, n, INEQ_POS, "不平等指标汇总", "the inequality summary", err);
    if (rc) return rc;
    regio_ineq_summary *s = calloc(1, sizeof *s);
    ineq_pt *p = NULL;
    if (!s) return regio__ineq_oom(err);
    if ((rc = regio__ineq_sorted(x, w, n, &p, err))) { free(s); return rc; }
    double W, m, W1, m1;
    wmean(x, w, n, &W, &m);
    wmean(x, NULL, n, &W1, &m1);
    s->n = n;
    s->weighted = w != NULL;
    s->total_weight = W;
    s->mean = m;
    s->min = p[0].x;
    s->max = p[n - 1].x;
    s->cv = cv_of(x, NULL, n, W1, m1);
    s->cv_w = cv_of(x, w, n, W, m);
    s->gini = gini_sorted(p, n, W, m);
    s->theil_t = theil_t_of(x, w, n, W, m);
    s->theil_l = theil_l_of(x, w, n, W, m);
    s->atkinson_05 = 1 - ede_ratio(x, w, n, W, m, 0.5);
    s->atkinson_1 = 1 - ede_ratio(x, w, n, W, m, 1);
    s->atkinson_2 = 1 - ede_ratio(x, w, n, W, m, 2);
    s->max_min = s->max / s->min;
    s->p10 = regio__ineq_quantile_sorted(p, n, W, 0.10);
    s->p20 = regio__ineq_quantile_sorted(p, n, W, 0.20);
    s->p50 = regio__ineq_quantile_sorted(p, n, W, 0.50);
    s->p80 = regio__ineq_quantile_sorted(p, n, W, 0.80);
    s->p90 = regio__ineq_quantile_sorted(p, n, W, 0.90);
    s->p90_p10 = s->p90 / s->p10;
    s->p80_p20 = s->p80 / s->p20;
    free(p);
    *out = s;
    return REGIO_OK;
}

void regio_ineq_summary_free(regio_ineq_summary *s) { free(s); }
