/* test_ineq.c — the inequality engine against published reference values and independent brute force.
 *
 * References (tests/reference/README.md):
 *   T1 (PySAL inequality tests/test_gini.py::test_gini, test_theil.py TheilD, theil.py doctest): Gini of Mexico's
 *      1940 per-capita GDP; Theil T 1940–2000; TheilD between (bg) and within (wg) by the hanson98 regions;
 *      the toy TheilD y = [0,0,0,10,10,10]. Tolerance abs 1e-7, as the peer's test.
 *   T2 (PySAL inequality tests/test_atkinson.py): Atkinson on [10,20,30,40,50], eps 0, 0.5, 1 (abs 1e-5 as the
 *      test), eps 2 from the rerun.
 * No published Dagum (1997) decomposition with its input data was found (R's dineq::gini_decomp is an overlap
 * decomposition, not Dagum's), so Dagum is checked against a brute-force O(n²) computation of every G_jh, d_jh,
 * p_jh, D_jh, G_w, G_nb, G_t on random data with ties, weighted and not, to 1e-12 relative, and its overall Gini
 * against T1. Weighted measures are also checked by replication: integer weights equal repeated units. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include "core/util.h"
#include "regio/ineq.h"
#include "regio/rng.h"

/* ---- helpers ----------------------------------------------------------------------------------------- */

#define assert_rel(a, b, tol)                                                                                 \
    do {                                                                                                      \
        double ra_ = (a), rb_ = (b), sc_ = fabs(rb_) > 1e-300 ? fabs(rb_) : 1.0;                               \
        if (!(fabs(ra_ - rb_) <= (tol) * sc_)) fail_msg("%s = %.17g, expected %.17g (rel %g)", #a, ra_, rb_, (double)(tol)); \
    } while (0)

#define MEX_N 32
typedef struct mexico { double y[7][MEX_N]; size_t hanson98[MEX_N]; } mexico;

/* Reads tests/reference/spatial/data/mexico.csv: pcgdp1940..2000 are columns 1..7, hanson98 column 9 (1..5). */
static void load_mexico(mexico *m) {
    FILE *f = fopen(REGIO_SOURCE_DIR "/tests/reference/spatial/data/mexico.csv", "r");
    assert_non_null(f);
    char line[1024];
    assert_non_null(fgets(line, sizeof line, f));
    size_t r = 0;
    while (fgets(line, sizeof line, f) && r < MEX_N) {
        char *p = strchr(line, ',');
        assert_non_null(p);
        for (int c = 1; c <= 9; c++) {
            double v = strtod(p + 1, &p);
            if (c <= 7) m->y[c - 1][r] = v;
            if (c == 9) m->hanson98[r] = (size_t)v - 1;
        }
        r++;
    }
    fclose(f);
    assert_int_equal(r, MEX_N);
}

static void expect_einval(int rc, const regio_error *err, const char *needle) {
    assert_int_equal(rc, REGIO_EINVAL);
    assert_int_equal(err->code, REGIO_EINVAL);
    if (needle && !strstr(err->en, needle)) fail_msg("message '%s' lacks '%s'", err->en, needle);
    assert_true(err->zh[0] != '\0');
}

/* ---- T1: Gini and Theil on Mexico --------------------------------------------------------------------- */

static const double T1_THEIL_T[7] = {0.20894344230358594, 0.1522245052653124,  0.10472941488245856,
                                     0.10194724969688372, 0.09560112758525613, 0.1051125639798185,
                                     0.10660832349588023};
static const double T1_BG[7] = {0.0345889, 0.02816853, 0.05260921, 0.05931219, 0.03205257, 0.02963731, 0.03635872};
static const double T1_WG[7] = {0.17435454, 0.12405598, 0.0521202, 0.04263506, 0.06354856, 0.07547525, 0.0702496};

static void test_gini_mexico(void **state) {
    (void)state;
    mexico m;
    regio_error err;
    double gini;
    load_mexico(&m);
    assert_int_equal(regio_ineq_gini(m.y[0], NULL, MEX_N, &gini, &err), REGIO_OK);
    assert_double_equal(gini, 0.3537237117345285, 1e-7); /* T1 gini_pcgdp1940 */
    assert_rel(gini, 0.3537237117345285, 1e-13);        /* and to the last digits of the rerun */
    /* the Dagum decomposition's overall Gini is the same number */
    regio_dagum *d = NULL;
    assert_int_equal(regio_ineq_dagum(m.y[0], NULL, MEX_N, m.hanson98, 5, &d, &err), REGIO_OK);
    assert_double_equal(d->gini, 0.3537237117345285, 1e-7);
    assert_rel(d->gw + d->gnb + d->gt, gini, 1e-12);
    regio_dagum_free(d);
}

static void test_theil_mexico(void **state) {
    (void)state;
    mexico m;
    regio_error err;
    load_mexico(&m);
    for (int yr = 0; yr < 7; yr++) {
        double t;
        assert_int_equal(regio_ineq_theil_t(m.y[yr], NULL, MEX_N, &t, &err), REGIO_OK);
        assert_double_equal(t, T1_THEIL_T[yr], 1e-7);
        regio_theil_decomp *d = NULL;
        assert_int_equal(regio_ineq_theil_decompose(m.y[yr], NULL, MEX_N, m.hanson98, 5, REGIO_THEIL_T, &d, &err),
                         REGIO_OK);
        assert_double_equal(d->total, T1_THEIL_T[yr], 1e-7);
        assert_double_equal(d->between, T1_BG[yr], 1e-7); /* theilD_bg_hanson98 */
        assert_double_equal(d->within, T1_WG[yr], 1e-7);  /* theilD_wg_hanson98_doctest */
        assert_rel(d->between + d->within, d->total, 1e-12);
        double ps = 0, ss = 0;
        size_t nn = 0;
        for (size_t k = 0; k < 5; k++) {
            ps += d->pop_share[k];
            ss += d->income_share[k];
            nn += d->n[k];
            /* each group's own Theil is the Theil of its members */
            double sub[MEX_N], tg;
            size_t ns = 0;
            for (size_t i = 0; i < MEX_N; i++)
                if (m.hanson98[i] == k) sub[ns++] = m.y[yr][i];
            assert_int_equal(ns, d->n[k]);
            assert_int_equal(regio_ineq_theil_t(sub, NULL, ns, &tg, &err), REGIO_OK);
            assert_rel(d->theil[k], tg, 1e-12);
            assert_rel(d->within_term[k], d->income_share[k] * tg, 1e-12);
        }
        assert_double_equal(ps, 1, 1e-14);
        assert_double_equal(ss, 1, 1e-14);
        assert_int_equal(nn, MEX_N);
        regio_theil_decomp_free(d);

        /* Theil L decomposes too (no peer value: checked against its own definition) */
        double l;
        assert_int_equal(regio_ineq_theil_l(m.y[yr], NULL, MEX_N, &l, &err), REGIO_OK);
        assert_int_equal(regio_ineq_theil_decompose(m.y[yr], NULL, MEX_N, m.hanson98, 5, REGIO_THEIL_L, &d, &err),
                         REGIO_OK);
        assert_rel(d->total, l, 1e-13);
        assert_rel(d->between + d->within, l, 1e-12);
        assert_true(d->between > 0 && d->within > 0);
        regio_theil_decomp_free(d);
    }
}

static void test_theil_toy(void **state) {
    (void)state;
    const double y[6] = {0, 0, 0, 10, 10, 10};
    const size_t g[6] = {0, 0, 0, 1, 1, 1};
    regio_error err;
    regio_theil_decomp *d = NULL;
    assert_int_equal(regio_ineq_theil_decompose(y, NULL, 6, g, 2, REGIO_THEIL_T, &d, &err), REGIO_OK);
    assert_double_equal(d->total, 0.6931471805599453, 1e-15); /* T1 toy_theilD */
    assert_double_equal(d->between, 0.6931471805599453, 1e-15);
    assert_double_equal(d->within, 0.0, 1e-15);
    assert_double_equal(d->theil[0], 0.0, 0); /* a group of zeros: no inequality, no share */
    assert_double_equal(d->income_share[0], 0.0, 0);
    regio_theil_decomp_free(d);
    /* Theil L takes logs of the values themselves: zeros are refused, naming the unit */
    assert_int_equal(regio_ineq_theil_decompose(y, NULL, 6, g, 2, REGIO_THEIL_L, &d, &err), REGIO_EINVAL);
    expect_einval(err.code, &err, "unit 0 is 0");
    assert_null(d);
}

/* ---- T2: Atkinson ------------------------------------------------------------------------------------ */

static void test_atkinson_toy(void **state) {
    (void)state;
    const double y[5] = {10, 20, 30, 40, 50};
    regio_error err;
    double a, ede;
    assert_int_equal(regio_ineq_atkinson(y, NULL, 5, 0, &a, &ede, &err), REGIO_OK);
    assert_double_equal(a, 0.0, 1e-5);
    assert_double_equal(ede, 30.0, 1e-5);
    assert_int_equal(regio_ineq_atkinson(y, NULL, 5, 0.5, &a, &ede, &err), REGIO_OK);
    assert_double_equal(a, 0.06315, 1e-5);
    assert_double_equal(ede, 28.105398233, 1e-5);
    assert_rel(a, 0.06315339222708616, 1e-12);
    assert_int_equal(regio_ineq_atkinson(y, NULL, 5, 1, &a, &ede, &err), REGIO_OK);
    assert_double_equal(a, 0.1316096, 1e-5);
    assert_double_equal(ede, 26.0517108, 1e-5);
    assert_rel(a, 0.13160963843421658, 1e-12);
    assert_int_equal(regio_ineq_atkinson(y, NULL, 5, 2, &a, &ede, &err), REGIO_OK);
    assert_rel(a, 0.27007299270072993, 1e-12); /* T2 rerun, float input */
    assert_rel(ede, 21.8978102189781, 1e-12);
    /* near eps = 1 the general formula approaches the log form */
    double a1;
    assert_int_equal(regio_ineq_atkinson(y, NULL, 5, 1 + 1e-7, &a1, NULL, &err), REGIO_OK);
    assert_double_equal(a1, 0.13160963843421658, 1e-6);
    expect_einval(regio_ineq_atkinson(y, NULL, 5, -0.5, &a, NULL, &err), &err, "epsilon");
    const double z[3] = {1, 0, 2};
    assert_int_equal(regio_ineq_atkinson(z, NULL, 3, 0.5, &a, NULL, &err), REGIO_OK); /* eps < 1: zeros fine */
    expect_einval(regio_ineq_atkinson(z, NULL, 3, 1, &a, NULL, &err), &err, "unit 1 is 0");
    expect_einval(regio_ineq_atkinson(z, NULL, 3, 2, &a, NULL, &err), &err, "unit 1 is 0");
}

/* ---- CV, Williamson, quantiles, ratios ------------------------------------------------------------------ */

static void test_cv_quantiles(void **state) {
    (void)state;
    regio_error err;
    const double y[3] = {1, 2, 3}, w[3] = {1, 1, 2};
    double v;
    /* by hand: p = (.25, .25, .5), mean 2.25, variance .6875 */
    assert_int_equal(regio_ineq_mean(y, w, 3, &v, &err), REGIO_OK);
    assert_double_equal(v, 2.25, 1e-15);
    assert_int_equal(regio_ineq_cv(y, w, 3, &v, &err), REGIO_OK);
    assert_double_equal(v, sqrt(0.6875) / 2.25, 1e-15);
    assert_int_equal(regio_ineq_cv(y, NULL, 3, &v, &err), REGIO_OK);
    assert_double_equal(v, sqrt(2.0 / 3.0) / 2.0, 1e-15); /* population sd / mean */

    /* weighted quantiles: u = (.125, .375, .75) */
    assert_int_equal(regio_ineq_quantile(y, w, 3, 0.5, &v, &err), REGIO_OK);
    assert_double_equal(v, 2 + 1.0 / 3.0, 1e-15);
    assert_int_equal(regio_ineq_quantile(y, w, 3, 0.9, &v, &err), REGIO_OK);
    assert_double_equal(v, 3, 0);
    assert_int_equal(regio_ineq_quantile(y, w, 3, 0.1, &v, &err), REGIO_OK);
    assert_double_equal(v, 1, 0);
    /* unweighted = Hyndman–Fan type 5 on 1..10: Q(.1) = 1.5, Q(.9) = 9.5, Q(.25) = 3 */
    double t[10];
    for (int i = 0; i < 10; i++) t[i] = 10 - i; /* unsorted input */
    assert_int_equal(regio_ineq_quantile(t, NULL, 10, 0.1, &v, &err), REGIO_OK);
    assert_double_equal(v, 1.5, 1e-15);
    assert_int_equal(regio_ineq_quantile(t, NULL, 10, 0.25, &v, &err), REGIO_OK);
    assert_double_equal(v, 3.0, 1e-15);
    assert_int_equal(regio_ineq_quantile_ratio(t, NULL, 10, 0.9, 0.1, &v, &err), REGIO_OK);
    assert_double_equal(v, 9.5 / 1.5, 1e-14);
    assert_int_equal(regio_ineq_max_min(t, 10, &v, &err), REGIO_OK);
    assert_double_equal(v, 10, 0);
    expect_einval(regio_ineq_quantile(t, NULL, 10, 1.5, &v, &err), &err, "1.5");
    const double z[4] = {0, 0, 0, 5};
    expect_einval(regio_ineq_quantile_ratio(z, NULL, 4, 0.9, 0.1, &v, &err), &err, "denominator");
    expect_einval(regio_ineq_max_min(z, 4, &v, &err), &err, "unit 0 is 0");
}

static int cmp_dbl(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Large inputs take the engine's radix sort: negative values, ±0 and ties must come out in order. */
static void test_quantiles_large(void **state) {
    (void)state;
    enum { N = 5000 };
    double *x = malloc(N * sizeof *x), *s = malloc(N * sizeof *s);
    regio_rng r;
    regio_rng_init(&r, 99, 1);
    for (size_t i = 0; i < N; i++) {
        x[i] = i % 7 == 0 ? 0.0 : i % 11 == 0 ? -0.0 : round(regio_rng_normal(&r) * 1e3) / 8;
        if (i % 13 == 0) x[i] = -1e300;
        if (i % 17 == 0) x[i] = 5e-324;
    }
    memcpy(s, x, N * sizeof *x);
    qsort(s, N, sizeof *s, cmp_dbl);
    regio_error err;
    for (double q = 0; q <= 1.0; q += 0.0625) {
        /* unweighted type 5: position h = N q + 0.5 (1-based), linear between order statistics, clamped */
        double h = N * q + 0.5, want;
        if (h <= 1) want = s[0];
        else if (h >= N) want = s[N - 1];
        else {
            size_t lo = (size_t)floor(h);
            want = s[lo - 1] + (h - (double)lo) * (s[lo] - s[lo - 1]);
        }
        double v;
        assert_int_equal(regio_ineq_quantile(x, NULL, N, q, &v, &err), REGIO_OK);
        assert_double_equal(v, want, 1e-9 * (fabs(want) + 1));
    }
    free(x);
    free(s);
}

static void test_summary(void **state) {
    (void)state;
    mexico m;
    regio_error err;
    load_mexico(&m);
    double pop[MEX_N];
    for (size_t i = 0; i < MEX_N; i++) pop[i] = 1 + (double)((i * 7919) % 97);
    for (int weighted = 0; weighted < 2; weighted++) {
        const double *w = weighted ? pop : NULL;
        regio_ineq_summary *s = NULL;
        assert_int_equal(regio_ineq_summarise(m.y[3], w, MEX_N, &s, &err), REGIO_OK);
        double v;
        assert_int_equal(s->n, MEX_N);
        assert_int_equal(s->weighted, weighted);
        assert_int_equal(regio_ineq_gini(m.y[3], w, MEX_N, &v, &err), REGIO_OK);
        assert_double_equal(s->gini, v, 0);
        assert_int_equal(regio_ineq_theil_t(m.y[3], w, MEX_N, &v, &err), REGIO_OK);
        assert_double_equal(s->theil_t, v, 0);
        assert_int_equal(regio_ineq_theil_l(m.y[3], w, MEX_N, &v, &err), REGIO_OK);
        assert_double_equal(s->theil_l, v, 0);
        assert_int_equal(regio_ineq_cv(m.y[3], w, MEX_N, &v, &err), REGIO_OK);
        assert_double_equal(s->cv_w, v, 0);
        assert_int_equal(regio_ineq_cv(m.y[3], NULL, MEX_N, &v, &err), REGIO_OK);
        assert_double_equal(s->cv, v, 0);
        assert_int_equal(regio_ineq_atkinson(m.y[3], w, MEX_N, 0.5, &v, NULL, &err), REGIO_OK);
        assert_double_equal(s->atkinson_05, v, 0);
        assert_int_equal(regio_ineq_atkinson(m.y[3], w, MEX_N, 1, &v, NULL, &err), REGIO_OK);
        assert_double_equal(s->atkinson_1, v, 0);
        assert_int_equal(regio_ineq_atkinson(m.y[3], w, MEX_N, 2, &v, NULL, &err), REGIO_OK);
        assert_double_equal(s->atkinson_2, v, 0);
        assert_int_equal(regio_ineq_quantile_ratio(m.y[3], w, MEX_N, 0.9, 0.1, &v, &err), REGIO_OK);
        assert_double_equal(s->p90_p10, v, 0);
        assert_int_equal(regio_ineq_quantile_ratio(m.y[3], w, MEX_N, 0.8, 0.2, &v, &err), REGIO_OK);
        assert_double_equal(s->p80_p20, v, 0);
        assert_int_equal(regio_ineq_max_min(m.y[3], MEX_N, &v, &err), REGIO_OK);
        assert_double_equal(s->max_min, v, 0);
        assert_true(s->p10 <= s->p20 && s->p20 <= s->p50 && s->p50 <= s->p80 && s->p80 <= s->p90);
        if (!weighted) assert_double_equal(s->cv, s->cv_w, 1e-15);
        regio_ineq_summary_free(s);
    }
    regio_ineq_summary_free(NULL);
    regio_ineq_summary *s = NULL;
    const double z[3] = {3, 0, 2};
    expect_einval(regio_ineq_summarise(z, NULL, 3, &s, &err), &err, "unit 1 is 0");
    assert_null(s);
}

/* ---- weights = replication ----------------------------------------------------------------------------- */

static void test_weights_replicate(void **state) {
    (void)state;
    regio_rng r;
    regio_rng_init(&r, 7, 0);
    enum { N = 40 };
    double x[N], w[N], rep[N * 5];
    size_t g[N], grep[N * 5], nr = 0;
    for (size_t i = 0; i < N; i++) {
        x[i] = round(exp(regio_rng_normal(&r)) * 4) / 4 + 0.25; /* ties */
        w[i] = (double)(1 + regio_rng_below(&r, 5));
        g[i] = regio_rng_below(&r, 3);
        for (int k = 0; k < (int)w[i]; k++) { rep[nr] = x[i]; grep[nr++] = g[i]; }
    }
    regio_error err;
    double a, b;
    int (*f[4])(const double *, const double *, size_t, double *, regio_error *) = {
        regio_ineq_gini, regio_ineq_theil_t, regio_ineq_theil_l, regio_ineq_cv};
    for (int k = 0; k < 4; k++) {
        assert_int_equal(f[k](x, w, N, &a, &err), REGIO_OK);
        assert_int_equal(f[k](rep, NULL, nr, &b, &err), REGIO_OK);
        assert_rel(a, b, 1e-13);
    }
    assert_int_equal(regio_ineq_atkinson(x, w, N, 1.5, &a, NULL, &err), REGIO_OK);
    assert_int_equal(regio_ineq_atkinson(rep, NULL, nr, 1.5, &b, NULL, &err), REGIO_OK);
    assert_rel(a, b, 1e-13);
    regio_dagum *dw = NULL, *du = NULL;
    assert_int_equal(regio_ineq_dagum(x, w, N, g, 3, &dw, &err), REGIO_OK);
    assert_int_equal(regio_ineq_dagum(rep, NULL, nr, grep, 3, &du, &err), REGIO_OK);
    assert_rel(dw->gw, du->gw, 1e-12);
    assert_rel(dw->gnb, du->gnb, 1e-12);
    assert_rel(dw->gt, du->gt, 1e-12);
    for (size_t k = 0; k < 9; k++) assert_double_equal(dw->g[k], du->g[k], 1e-13);
    regio_dagum_free(dw);
    regio_dagum_free(du);
    regio_theil_decomp *tw = NULL, *tu = NULL;
    assert_int_equal(regio_ineq_theil_decompose(x, w, N, g, 3, REGIO_THEIL_L, &tw, &err), REGIO_OK);
    assert_int_equal(regio_ineq_theil_decompose(rep, NULL, nr, grep, 3, REGIO_THEIL_L, &tu, &err), REGIO_OK);
    assert_rel(tw->between, tu->between, 1e-12);
    assert_rel(tw->within, tu->within, 1e-12);
    regio_theil_decomp_free(tw);
    regio_theil_decomp_free(tu);
}

/* ---- Dagum against brute force -------------------------------------------------------------------------- */

typedef struct brute {
    double gini, gw, gnb, gt;
    double g[64], dd[64], pp[64], d[64];
} brute;

/* Dagum (1997) straight from the definitions, O(n²), compensated sums. */
static void dagum_brute(const double *x, const double *w, size_t n, const size_t *g, size_t k, brute *b) {
    double W = 0, S = 0, Wg[8] = {0}, Sg[8] = {0};
    for (size_t i = 0; i < n; i++) {
        double wi = w ? w[i] : 1;
        W += wi; S += wi * x[i]; Wg[g[i]] += wi; Sg[g[i]] += wi * x[i];
    }
    regio_ksum all = {0, 0}, pos[64];
    memset(pos, 0, sizeof pos);
    for (size_t i = 0; i < n; i++)
        for (size_t r = 0; r < n; r++) {
            double ww = (w ? w[i] * w[r] : 1), diff = x[i] - x[r];
            regio_ksum_add(&all, ww * fabs(diff));
            if (diff > 0) regio_ksum_add(&pos[g[i] * k + g[r]], ww * diff);
        }
    b->gini = regio_ksum_value(&all) / (2 * W * S);
    b->gw = b->gnb = b->gt = 0;
    for (size_t j = 0; j < k; j++)
        for (size_t h = 0; h < k; h++) {
            double djh = regio_ksum_value(&pos[j * k + h]) / (Wg[j] * Wg[h]);
            double pjh = regio_ksum_value(&pos[h * k + j]) / (Wg[j] * Wg[h]);
            double mj = Sg[j] / Wg[j], mh = Sg[h] / Wg[h];
            b->dd[j * k + h] = djh;
            b->pp[j * k + h] = pjh;
            b->d[j * k + h] = j == h || djh + pjh == 0 ? 0 : (djh - pjh) / (djh + pjh);
            b->g[j * k + h] = j == h ? (mj > 0 ? (djh + pjh) / (2 * mj) : 0) : (djh + pjh) / (mj + mh);
        }
    for (size_t j = 0; j < k; j++) {
        double pj = Wg[j] / W, sj = Sg[j] / S;
        b->gw += b->g[j * k + j] * pj * sj;
        for (size_t h = 0; h < k; h++) {
            double ph = Wg[h] / W, sh = Sg[h] / S;
            /* Dagum's sum over j > h with groups ranked by mean: the richer group first */
            if (!(Sg[j] / Wg[j] > Sg[h] / Wg[h] || (Sg[j] / Wg[j] == Sg[h] / Wg[h] && j > h))) continue;
            double t = b->g[j * k + h] * (pj * sh + ph * sj);
            b->gnb += t * b->d[j * k + h];
            b->gt += t * (1 - b->d[j * k + h]);
        }
    }
}

static void check_dagum(const double *x, const double *w, size_t n, const size_t *g, size_t k) {
    regio_error err;
    regio_dagum *d = NULL;
    brute b;
    int rc = regio_ineq_dagum(x, w, n, g, k, &d, &err);
    if (rc) fail_msg("n %zu k %zu: %s", n, k, err.en);
    dagum_brute(x, w, n, g, k, &b);
    assert_rel(d->gini, b.gini, 1e-12);
    assert_rel(d->gw, b.gw, 1e-12);
    assert_rel(d->gnb, b.gnb, 1e-12);
    assert_rel(d->gt, b.gt, 1e-12);
    assert_rel(d->gb, b.gnb + b.gt, 1e-12);
    assert_rel(d->gw + d->gnb + d->gt, d->gini, 1e-12);
    double gini;
    assert_int_equal(regio_ineq_gini(x, w, n, &gini, &err), REGIO_OK);
    assert_rel(d->gini, gini, 1e-12);
    for (size_t c = 0; c < k * k; c++) {
        assert_rel(d->g[c], b.g[c], 1e-12);
        assert_rel(d->dd[c], b.dd[c], 1e-12);
        assert_rel(d->pp[c], b.pp[c], 1e-12);
        assert_double_equal(d->d[c], b.d[c], 1e-12); /* D in [-1, 1]: relative to its range */
    }
    regio_ksum gw = {0, 0};
    for (size_t j = 0; j < k; j++) regio_ksum_add(&gw, d->gw_contrib[j]);
    assert_rel(regio_ksum_value(&gw), d->gw, 1e-14);
    regio_dagum_free(d);
}

static void test_dagum_bruteforce(void **state) {
    (void)state;
    const size_t sizes[] = {1, 2, 3, 17, 100, 400, 1200};
    for (size_t si = 0; si < sizeof sizes / sizeof *sizes; si++)
        for (int variant = 0; variant < 4; variant++) {
            size_t n = sizes[si], k = (size_t)(2 + variant * 2);
            if (k > n) k = n;
            int weighted = variant & 1, ties = variant >= 2;
            regio_rng r;
            regio_rng_init(&r, 2024, si * 4 + (size_t)variant);
            double *x = malloc(n * sizeof *x), *w = malloc(n * sizeof *w);
            size_t *g = malloc(n * sizeof *g);
            for (size_t i = 0; i < n; i++) {
                g[i] = i < k ? i : regio_rng_below(&r, k); /* every group has a unit */
                /* groups differ in level so both net-between and transvariation are present */
                x[i] = exp(0.7 * regio_rng_normal(&r) + 0.3 * (double)g[i]) * 1000;
                if (ties) x[i] = round(x[i] / 250) * 250;  /* many ties, within and across groups, and zeros */
                w[i] = 1 + 1e5 * regio_rng_uniform(&r);
            }
            check_dagum(x, weighted ? w : NULL, n, g, k);
            free(x);
            free(w);
            free(g);
        }
}

static void test_dagum_small(void **state) {
    (void)state;
    /* two groups, no overlap: all between inequality is net (D = 1), no transvariation */
    const double x[5] = {1, 2, 10, 11, 12};
    const size_t g[5] = {0, 0, 1, 1, 1};
    regio_error err;
    regio_dagum *d = NULL;
    assert_int_equal(regio_ineq_dagum(x, NULL, 5, g, 2, &d, &err), REGIO_OK);
    assert_double_equal(d->gt, 0, 1e-15);
    assert_double_equal(d->d[1 * 2 + 0], 1, 1e-15);
    assert_double_equal(d->d[0 * 2 + 1], -1, 1e-15);
    /* G_11 of {1,2} = (2·1)/(2·4·1.5) = 1/6 */
    assert_double_equal(d->g[0], 1.0 / 6.0, 1e-15);
    regio_dagum_free(d);
    /* identical groups: no net between inequality */
    const double y[4] = {1, 3, 1, 3};
    const size_t h[4] = {0, 0, 1, 1};
    assert_int_equal(regio_ineq_dagum(y, NULL, 4, h, 2, &d, &err), REGIO_OK);
    assert_double_equal(d->gnb, 0, 1e-15);
    assert_rel(d->gw + d->gt, 0.25, 1e-15); /* Gini of {1,1,3,3} = 8/(2·16·2)... = 0.25 */
    regio_dagum_free(d);
    regio_dagum_free(NULL);
    regio_theil_decomp_free(NULL);
}

/* ---- edge cases ------------------------------------------------------------------------------------------- */

static void test_edges(void **state) {
    (void)state;
    regio_error err;
    double v;
    const double one[1] = {42};
    int (*f[5])(const double *, const double *, size_t, double *, regio_error *) = {
        regio_ineq_gini, regio_ineq_theil_t, regio_ineq_theil_l, regio_ineq_cv, regio_ineq_mean};
    for (int k = 0; k < 5; k++) {
        expect_einval(f[k](one, NULL, 0, &v, &err), &err, "no data");  /* n = 0 */
        assert_int_equal(f[k](one, NULL, 1, &v, &err), REGIO_OK);       /* n = 1 */
        assert_double_equal(v, k == 4 ? 42 : 0, 0);
    }
    expect_einval(regio_ineq_atkinson(one, NULL, 0, 1, &v, NULL, &err), &err, "no data");
    expect_einval(regio_ineq_quantile(one, NULL, 0, 0.5, &v, &err), &err, "no data");
    assert_int_equal(regio_ineq_quantile(one, NULL, 1, 0.9, &v, &err), REGIO_OK);
    assert_double_equal(v, 42, 0);
    regio_ineq_summary *s = NULL;
    expect_einval(regio_ineq_summarise(one, NULL, 0, &s, &err), &err, "no data");
    assert_int_equal(regio_ineq_summarise(one, NULL, 1, &s, &err), REGIO_OK);
    assert_double_equal(s->gini + s->cv + s->theil_t + s->theil_l + s->atkinson_1, 0, 0);
    assert_double_equal(s->p90_p10, 1, 0);
    regio_ineq_summary_free(s);

    /* zero variance: every measure 0 */
    const double flat[4] = {5, 5, 5, 5}, fw[4] = {1, 2, 3, 4};
    for (int k = 0; k < 4; k++) {
        assert_int_equal(f[k](flat, fw, 4, &v, &err), REGIO_OK);
        assert_double_equal(v, 0, 1e-15);
    }
    assert_int_equal(regio_ineq_atkinson(flat, fw, 4, 2, &v, NULL, &err), REGIO_OK);
    assert_double_equal(v, 0, 1e-15);

    /* logs of zero or negative values: refused, naming unit and value */
    const double zero[3] = {1, 2, 0}, negv[3] = {1, -2, 3};
    expect_einval(regio_ineq_theil_l(zero, NULL, 3, &v, &err), &err, "Theil L (mean log deviation) needs positive values: unit 2 is 0");
    assert_non_null(strstr(err.zh, "第 2 个单元"));
    assert_int_equal(regio_ineq_theil_t(zero, NULL, 3, &v, &err), REGIO_OK); /* 0 ln 0 = 0 */
    expect_einval(regio_ineq_theil_t(negv, NULL, 3, &v, &err), &err, "Theil T needs non-negative values: unit 1 is -2");
    expect_einval(regio_ineq_gini(negv, NULL, 3, &v, &err), &err, "unit 1 is -2");
    const double zeros[3] = {0, 0, 0};
    expect_einval(regio_ineq_gini(zeros, NULL, 3, &v, &err), &err, "mean is 0");
    expect_einval(regio_ineq_theil_t(zeros, NULL, 3, &v, &err), &err, "mean is 0");

    /* NaN: refused naming the index */
    const double withnan[3] = {1, NAN, 3};
    for (int k = 0; k < 5; k++) expect_einval(f[k](withnan, NULL, 3, &v, &err), &err, "unit 1 has no value (NaN)");
    const double withinf[2] = {1, INFINITY};
    expect_einval(regio_ineq_gini(withinf, NULL, 2, &v, &err), &err, "unit 1");

    /* weights: zero, negative, NaN */
    const double x3[3] = {1, 2, 3}, w0[3] = {1, 0, 1}, wn[3] = {1, 1, -1}, wnan[3] = {NAN, 1, 1};
    expect_einval(regio_ineq_gini(x3, w0, 3, &v, &err), &err, "unit 1 has weight 0");
    expect_einval(regio_ineq_cv(x3, wn, 3, &v, &err), &err, "unit 2 has weight -1");
    expect_einval(regio_ineq_theil_t(x3, wnan, 3, &v, &err), &err, "unit 0 has weight");

    /* ties: Gini of {1,1,2,2} = Σ|d| / (2 n² m) = 8 / (2·16·1.5) */
    const double tie[4] = {2, 1, 2, 1};
    assert_int_equal(regio_ineq_gini(tie, NULL, 4, &v, &err), REGIO_OK);
    assert_double_equal(v, 8.0 / 48.0, 1e-15);

    /* decompositions: empty group, group index out of range, no groups */
    const size_t g_empty[3] = {0, 0, 2}, g_out[3] = {0, 5, 1};
    regio_theil_decomp *td = NULL;
    regio_dagum *dd = NULL;
    expect_einval(regio_ineq_theil_decompose(x3, NULL, 3, g_empty, 3, REGIO_THEIL_T, &td, &err), &err, "group 1 has no unit");
    expect_einval(regio_ineq_dagum(x3, NULL, 3, g_empty, 3, &dd, &err), &err, "group 1 has no unit");
    expect_einval(regio_ineq_dagum(x3, NULL, 3, g_out, 2, &dd, &err), &err, "unit 1 has group 5");
    expect_einval(regio_ineq_dagum(x3, NULL, 3, g_out, 0, &dd, &err), &err, "no group");
    expect_einval(regio_ineq_theil_decompose(x3, NULL, 3, g_out, 0, REGIO_THEIL_L, &td, &err), &err, "no group");
    expect_einval(regio_ineq_dagum(withnan, NULL, 3, g_empty, 3, &dd, &err), &err, "NaN");
    expect_einval(regio_ineq_dagum(x3, NULL, 0, g_empty, 3, &dd, &err), &err, "no data");
    assert_null(td);
    assert_null(dd);
    /* one unit, one group */
    const size_t g1[1] = {0};
    assert_int_equal(regio_ineq_dagum(one, NULL, 1, g1, 1, &dd, &err), REGIO_OK);
    assert_double_equal(dd->gini + dd->gw + dd->gnb + dd->gt, 0, 0);
    regio_dagum_free(dd);
    assert_int_equal(regio_ineq_theil_decompose(one, NULL, 1, g1, 1, REGIO_THEIL_L, &td, &err), REGIO_OK);
    assert_double_equal(td->total + td->between + td->within, 0, 0);
    regio_theil_decomp_free(td);
}

/* ---- partition check ------------------------------------------------------------------------------------- */

static void test_partition(void **state) {
    (void)state;
    regio_error err;
    size_t g[6];
    const size_t a[] = {0, 2}, b[] = {1, 3, 5}, c[] = {4};
    const size_t *mem[3] = {a, b, c};
    const size_t cnt[3] = {2, 3, 1};
    assert_int_equal(regio_ineq_partition(6, mem, cnt, 3, NULL, NULL, g, &err), REGIO_OK);
    const size_t want[6] = {0, 1, 0, 1, 2, 1};
    for (int i = 0; i < 6; i++) assert_int_equal(g[i], want[i]);

    /* overlapping blocks: the lowest unit in two groups and both groups are named */
    const size_t b2[] = {1, 3, 5, 4, 2}, c2[] = {4, 0};
    const size_t *mem2[3] = {a, b2, c2};
    const size_t cnt2[3] = {2, 5, 2};
    const char *units[6] = {"530102", "530103", "530111", "530112", "530113", "530114"};
    const char *groups[3] = {"滇中城市群", "滇西", "滇东南"};
    expect_einval(regio_ineq_partition(6, mem2, cnt2, 3, units, groups, g, &err), &err,
                  "unit 530102 is in both group 滇中城市群 and group 滇东南");
    assert_non_null(strstr(err.zh, "530102"));
    expect_einval(regio_ineq_partition(6, mem2, cnt2, 3, NULL, NULL, g, &err), &err, "unit #0 is in both group #0 and group #2");

    /* a unit in no group */
    const size_t cnt3[3] = {2, 2, 1};
    expect_einval(regio_ineq_partition(6, mem, cnt3, 3, units, groups, g, &err), &err, "unit 530114 is in no group");
    /* a unit twice in one group, an empty group, an index out of range */
    const size_t dup[] = {0, 2, 0};
    const size_t *mem4[3] = {dup, b, c};
    const size_t cnt4[3] = {3, 3, 1};
    expect_einval(regio_ineq_partition(6, mem4, cnt4, 3, NULL, NULL, g, &err), &err, "listed twice in group #0");
    const size_t cnt5[3] = {2, 3, 0};
    expect_einval(regio_ineq_partition(6, mem, cnt5, 3, NULL, groups, g, &err), &err, "group 滇东南 has no unit");
    const size_t big[] = {9};
    const size_t *mem6[3] = {a, b, big};
    expect_einval(regio_ineq_partition(6, mem6, cnt, 3, NULL, NULL, g, &err), &err, "outside the 6 units");
    expect_einval(regio_ineq_partition(0, mem, cnt, 3, NULL, NULL, g, &err), &err, "no units");
}

/* issue 13, item 9: values near DBL_MAX made the mean overflow and every measure null, without a message */
static void test_huge_values(void **state) {
    (void)state;
    double x[] = {1.7e308, 1.7e308, 1.0}, v = 0;
    regio_error err;
    assert_int_equal(regio_ineq_cv(x, NULL, 3, &v, &err), REGIO_EINVAL);
    if (!strstr(err.en, "the values are too large to add up (the largest is 1.7e+308)")) fail_msg("%s", err.en);
    assert_int_equal(regio_ineq_gini(x, NULL, 3, &v, &err), REGIO_EINVAL);
    double ok[] = {1e300, 2e300, 3e300};
    assert_int_equal(regio_ineq_gini(ok, NULL, 3, &v, &err), REGIO_OK);
    assert_true(fabs(v - 2.0 / 9.0) < 1e-12); /* Gini of 1,2,3 = (sum |xi-xj|)/(2 n^2 mean) = 8/(2*9*2) */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gini_mexico),       cmocka_unit_test(test_theil_mexico),
        cmocka_unit_test(test_theil_toy),         cmocka_unit_test(test_atkinson_toy),
        cmocka_unit_test(test_cv_quantiles),      cmocka_unit_test(test_quantiles_large),
        cmocka_unit_test(test_summary),
        cmocka_unit_test(test_weights_replicate), cmocka_unit_test(test_dagum_bruteforce),
        cmocka_unit_test(test_dagum_small),       cmocka_unit_test(test_edges),
        cmocka_unit_test(test_partition), cmocka_unit_test(test_huge_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
