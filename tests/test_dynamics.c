/* test_dynamics.c — the dynamics engine (include/regio/dynamics.h) against independent computations and the
 * reference implementation's own tests:
 *  - β-convergence against closed-form OLS written out here (slope Sxy/Sxx, within-group slope for the dummies),
 *    with the p-value checked against the closed-form Student t CDF for 3 degrees of freedom, on small data and on
 *    tests/reference/spatial/data/usjoin.csv 1929–2009 (no published β for exactly this panel was found: Rey &
 *    Montouri 1999 use 1929–94 and an older data vintage, so the check is the closed form);
 *  - σ series and Silverman's bandwidth against their formulas; the density integrates to 1;
 *  - the classic Markov chain against giddy/tests/test_markov.py (T10_markov_usjoin_q5_from_tests.json:
 *    counts exact, probabilities / steady state / mean first passage / sojourn times to 1e-6), including its
 *    reducible two-year chain, and reducible chains made by hand;
 *  - the spatial Markov chain against giddy's Spatial_Markov test (T11_spatial_markov_usjoin_from_tests.json:
 *    counts exact, P/S/F 1e-6, χ², Q, LR and shtest statistics relative 1e-6);
 *  - Kendall's τ-b against a brute-force O(n²) count on random data with ties, and scipy's documented example
 *    (scipy.stats.kendalltau docstring: x = [12,2,1,12,2], y = [1,4,7,1,0], τ = −0.47140452079103173,
 *    p = 0.2827454599327748). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>

#include "regio/dynamics.h"
#include "regio/table.h"
#include "regio/weights.h"
#include "testutil.h"

#define DATA REGIO_SOURCE_DIR "/tests/reference/spatial/data/"
#define EXPECTED REGIO_SOURCE_DIR "/tests/reference/spatial/expected/"

/* ---- helpers --------------------------------------------------------------------------------------------- */

/* usjoin.csv as a year-major panel y[t*48 + i], 81 years 1929..2009. */
static double *load_usjoin(size_t *n, size_t *nyears) {
    regio_table *t = NULL;
    regio_error err;
    assert_int_equal(regio_table_read(DATA "usjoin.csv", NULL, &t, &err), REGIO_OK);
    long c0 = regio_table_col(t, "1929"), c1 = regio_table_col(t, "2009");
    assert_true(c0 >= 0 && c1 > c0);
    *n = t->nrows;
    *nyears = (size_t)(c1 - c0 + 1);
    double *y = malloc(*n * *nyears * sizeof *y);
    for (size_t i = 0; i < *n; i++)
        for (size_t k = 0; k < *nyears; k++) y[k * *n + i] = strtod(regio_table_cell(t, i, (size_t)c0 + k), NULL);
    regio_table_free(t);
    return y;
}

static regio_weights *load_edges(const char *path, size_t n) {
    regio_table *t = NULL;
    regio_error err;
    assert_int_equal(regio_table_read(path, NULL, &t, &err), REGIO_OK);
    size_t m = t->nrows, *ei = malloc(m * sizeof *ei), *ej = malloc(m * sizeof *ej);
    double *ew = malloc(m * sizeof *ew);
    for (size_t e = 0; e < m; e++) {
        ei[e] = strtoul(regio_table_cell(t, e, 0), NULL, 10);
        ej[e] = strtoul(regio_table_cell(t, e, 1), NULL, 10);
        ew[e] = strtod(regio_table_cell(t, e, 2), NULL);
    }
    regio_weights *w = NULL;
    assert_int_equal(regio_weights_from_edges(n, ei, ej, ew, m, &w, &err), REGIO_OK);
    free(ei);
    free(ej);
    free(ew);
    regio_table_free(t);
    return w;
}

static double jnum(const json_t *v) {
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        return strcmp(s, "inf") == 0 ? INFINITY : strcmp(s, "-inf") == 0 ? -INFINITY : NAN;
    }
    assert_true(json_is_number(v));
    return json_number_value(v);
}

static const json_t *jpath(const json_t *root, const char *a, const char *b) {
    const json_t *v = json_object_get(root, a);
    assert_non_null(v);
    if (b) v = json_object_get(v, b);
    assert_non_null(v);
    return v;
}

/* Compares a flat array with a JSON array (nested arrays flattened row-major). */
static void check_array(const json_t *j, const double *got, size_t n, double tol, int relative, const char *what) {
    size_t at = 0;
    const json_t *stack[4];
    size_t idx[4];
    int d = 0;
    stack[0] = j;
    idx[0] = 0;
    while (d >= 0) {
        if (idx[d] >= json_array_size(stack[d])) { d--; if (d >= 0) idx[d]++; continue; }
        const json_t *v = json_array_get(stack[d], idx[d]);
        if (json_is_array(v)) { stack[++d] = v; idx[d] = 0; continue; }
        assert_true(at < n);
        double e = jnum(v), g = got[at];
        if (isinf(e)) {
            if (!(isinf(g) && (e > 0) == (g > 0))) fail_msg("%s[%zu] = %.17g, expected %g", what, at, g, e);
        } else {
            double t = relative ? tol * fmax(1.0, fabs(e)) : tol;
            if (!(fabs(g - e) <= t)) fail_msg("%s[%zu] = %.17g, expected %.17g ± %g", what, at, g, e, t);
        }
        at++;
        idx[d]++;
    }
    assert_int_equal(at, n);
}

/* ---- β-convergence ---------------------------------------------------------------------------------------- */

/* Student t CDF for 3 degrees of freedom in closed form (no GSL): F(t) = 1/2 + (1/π)(u/(1+u²) + atan u), u = t/√3. */
static double t3_two_sided(double t) {
    double u = fabs(t) / sqrt(3.0);
    double F = 0.5 + (u / (1 + u * u) + atan(u)) / 3.14159265358979323846;
    return 2 * (1 - F);
}

/* closed-form simple OLS of g on x */
typedef struct { double a, b, se, t, r2, s2; } ols1;
static ols1 closed_form(size_t n, const double *x, const double *g) {
    double mx = 0, mg = 0;
    for (size_t i = 0; i < n; i++) { mx += x[i]; mg += g[i]; }
    mx /= (double)n;
    mg /= (double)n;
    double sxx = 0, sxy = 0, syy = 0;
    for (size_t i = 0; i < n; i++) {
        sxx += (x[i] - mx) * (x[i] - mx);
        sxy += (x[i] - mx) * (g[i] - mg);
        syy += (g[i] - mg) * (g[i] - mg);
    }
    ols1 r;
    r.b = sxy / sxx;
    r.a = mg - r.b * mx;
    double rss = syy - r.b * sxy;
    r.s2 = rss / (double)(n - 2);
    r.se = sqrt(r.s2 / sxx);
    r.t = r.b / r.se;
    r.r2 = 1 - rss / syy;
    return r;
}

static void test_beta_small(void **state) {
    (void)state;
    const double y0[5] = {100, 150, 220, 300, 410}, yT[5] = {260, 330, 400, 470, 560};
    const double T = 20;
    double x[5], g[5];
    for (int i = 0; i < 5; i++) { x[i] = log(y0[i]); g[i] = log(yT[i] / y0[i]) / T; }
    ols1 c = closed_form(5, x, g);
    regio_beta *b = NULL;
    regio_error err;
    assert_int_equal(regio_beta_convergence(5, y0, yT, T, NULL, &b, &err), REGIO_OK);
    assert_int_equal(b->n, 5);
    assert_int_equal(b->p, 2);
    assert_int_equal(b->df, 3);
    assert_double_equal(b->beta, c.b, 1e-13);
    assert_double_equal(b->coef[0], c.a, 1e-12);
    assert_double_equal(b->beta_se, c.se, 1e-13);
    assert_double_equal(b->t, c.t, 1e-9);
    assert_double_equal(b->r2, c.r2, 1e-12);
    assert_double_equal(b->p_value, t3_two_sided(c.t), 1e-12);
    assert_true(b->beta < 0);
    assert_int_equal(b->speed_status, REGIO_SPEED_OK);
    double lambda = -log(1 + T * c.b) / T;
    assert_double_equal(b->speed, lambda, 1e-14);
    assert_double_equal(b->half_life, log(2) / lambda, 1e-10);
    double sp, hl;
    assert_int_equal(regio_beta_speed(c.b, T, &sp, &hl, &err), REGIO_OK);
    assert_double_equal(sp, lambda, 1e-15);
    regio_beta_free(b);

    /* the speed is undefined when 1 + Tβ ≤ 0, and there is no half-life without convergence: errors, not NaN */
    assert_int_equal(regio_beta_speed(-0.06, 20, &sp, &hl, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "undefined"));
    assert_int_equal(regio_beta_speed(-0.05, 20, &sp, &hl, &err), REGIO_EINVAL); /* 1 + Tβ = 0 exactly */
    assert_int_equal(regio_beta_speed(0.01, 20, &sp, &hl, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "half-life"));
    assert_true(sp < 0); /* divergence: λ is still reported */

    /* divergence in data: status says so */
    const double d0[4] = {100, 200, 300, 400}, dT[4] = {110, 240, 390, 560};
    assert_int_equal(regio_beta_convergence(4, d0, dT, 10, NULL, &b, &err), REGIO_OK);
    assert_true(b->beta > 0);
    assert_int_equal(b->speed_status, REGIO_SPEED_DIVERGENCE);
    assert_true(isnan(b->half_life));
    regio_beta_free(b);

    /* non-positive values are refused, naming the unit */
    const double z0[3] = {100, 0, 50};
    assert_int_equal(regio_beta_convergence(3, z0, yT, T, NULL, &b, &err), REGIO_EINVAL);
    assert_null(b);
    assert_non_null(strstr(err.en, "unit 2"));
    assert_int_equal(regio_beta_convergence(2, y0, yT, T, NULL, &b, &err), REGIO_EINVAL); /* n ≤ p */
    assert_int_equal(regio_beta_convergence(5, y0, yT, 0, NULL, &b, &err), REGIO_EINVAL);
}

/* Conditional β with group dummies: by Frisch–Waugh–Lovell the slope is the within-group slope
 * Σ_g Σ (x − x̄_g)(g − ḡ_g) / Σ_g Σ (x − x̄_g)², and its variance s²/Σ(x − x̄_g)² with s² = RSS/(n − p). */
static void test_beta_conditional(void **state) {
    (void)state;
    const double y0[8] = {100, 140, 180, 260, 300, 380, 90, 500};
    const double yT[8] = {250, 300, 330, 520, 560, 640, 260, 760};
    const size_t grp[8] = {0, 0, 0, 1, 1, 1, 0, 1};
    const double T = 15;
    double x[8], g[8], mx[2] = {0}, mg[2] = {0}, cnt[2] = {0};
    for (int i = 0; i < 8; i++) {
        x[i] = log(y0[i]);
        g[i] = log(yT[i] / y0[i]) / T;
        mx[grp[i]] += x[i];
        mg[grp[i]] += g[i];
        cnt[grp[i]]++;
    }
    for (int k = 0; k < 2; k++) { mx[k] /= cnt[k]; mg[k] /= cnt[k]; }
    double sxx = 0, sxy = 0;
    for (int i = 0; i < 8; i++) {
        sxx += (x[i] - mx[grp[i]]) * (x[i] - mx[grp[i]]);
        sxy += (x[i] - mx[grp[i]]) * (g[i] - mg[grp[i]]);
    }
    double beta = sxy / sxx, rss = 0;
    for (int i = 0; i < 8; i++) {
        double e = (g[i] - mg[grp[i]]) - beta * (x[i] - mx[grp[i]]);
        rss += e * e;
    }
    double se = sqrt(rss / (8 - 3) / sxx);
    regio_beta_opts o = {grp, 2, NULL, 0};
    regio_beta *b = NULL;
    regio_error err;
    assert_int_equal(regio_beta_convergence(8, y0, yT, T, &o, &b, &err), REGIO_OK);
    assert_int_equal(b->p, 3);
    assert_double_equal(b->beta, beta, 1e-13);
    assert_double_equal(b->beta_se, se, 1e-13);
    /* the dummy is the difference of the group intercepts: (ḡ_1 − βx̄_1) − (ḡ_0 − βx̄_0) */
    assert_double_equal(b->coef[2], (mg[1] - beta * mx[1]) - (mg[0] - beta * mx[0]), 1e-12);
    regio_beta_free(b);

    /* the same dummy given as an extra regressor gives the same fit */
    double extra[8];
    for (int i = 0; i < 8; i++) extra[i] = grp[i] == 1;
    regio_beta_opts o2 = {NULL, 0, extra, 1};
    assert_int_equal(regio_beta_convergence(8, y0, yT, T, &o2, &b, &err), REGIO_OK);
    assert_double_equal(b->beta, beta, 1e-13);
    regio_beta_free(b);

    /* an empty group and collinear controls are refused */
    regio_beta_opts o3 = {grp, 3, NULL, 0};
    assert_int_equal(regio_beta_convergence(8, y0, yT, T, &o3, &b, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "group 2"));
    double twice[16];
    for (int i = 0; i < 8; i++) { twice[2 * i] = extra[i]; twice[2 * i + 1] = 2 * extra[i]; }
    regio_beta_opts o4 = {NULL, 0, twice, 2};
    assert_int_equal(regio_beta_convergence(8, y0, yT, T, &o4, &b, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "collinear"));
    assert_null(b);
}

static void test_beta_usjoin(void **state) {
    (void)state;
    size_t n, ny;
    double *y = load_usjoin(&n, &ny);
    assert_int_equal(n, 48);
    assert_int_equal(ny, 81);
    const double *y0 = y, *yT = y + (ny - 1) * n;
    double T = 2009 - 1929, x[48], g[48];
    for (size_t i = 0; i < n; i++) { x[i] = log(y0[i]); g[i] = log(yT[i] / y0[i]) / T; }
    ols1 c = closed_form(n, x, g);
    regio_beta *b = NULL;
    regio_error err;
    assert_int_equal(regio_beta_convergence(n, y0, yT, T, NULL, &b, &err), REGIO_OK);
    assert_double_equal(b->beta, c.b, 1e-12);
    assert_double_equal(b->beta_se, c.se, 1e-12);
    assert_double_equal(b->r2, c.r2, 1e-10);
    assert_double_equal(b->coef[0], c.a, 1e-10);
    assert_true(b->beta < 0 && b->p_value < 1e-10); /* the states converged strongly over the period */
    assert_int_equal(b->speed_status, REGIO_SPEED_OK);
    assert_double_equal(b->speed, -log(1 + T * c.b) / T, 1e-14);
    print_message("usjoin 1929-2009: beta %.6f se %.6f t %.3f R2 %.4f lambda %.5f half-life %.2f\n", b->beta,
                  b->beta_se, b->t, b->r2, b->speed, b->half_life);
    regio_beta_free(b);
    free(y);
}

/* ---- σ and density ---------------------------------------------------------------------------------------- */

static void test_sigma(void **state) {
    (void)state;
    const double e = exp(1.0);
    const double y[6] = {1, e, e * e, 2, 2, 2}; /* year 0: logs 0,1,2; year 1: no dispersion */
    double sd[2], cv[2];
    regio_error err;
    assert_int_equal(regio_sigma_series(3, 2, y, 0, sd, cv, &err), REGIO_OK);
    assert_double_equal(sd[0], sqrt(2.0 / 3.0), 1e-15);
    double m = (1 + e + e * e) / 3;
    double v = ((1 - m) * (1 - m) + (e - m) * (e - m) + (e * e - m) * (e * e - m)) / 3;
    assert_double_equal(cv[0], sqrt(v) / m, 1e-15);
    assert_double_equal(sd[1], 0, 0);
    assert_double_equal(cv[1], 0, 0);
    assert_int_equal(regio_sigma_series(3, 2, y, 1, sd, NULL, &err), REGIO_OK);
    assert_double_equal(sd[0], 1.0, 1e-15);
    const double bad[3] = {1, -2, 3};
    assert_int_equal(regio_sigma_series(3, 1, bad, 0, sd, cv, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "not positive"));
}

static void test_kde(void **state) {
    (void)state;
    /* bandwidth of 1..10: sd = √(55/6) (divisor n−1), IQR = 7.75 − 3.25 = 4.5 (linear quantiles) */
    double x[10], w1[10];
    for (int i = 0; i < 10; i++) { x[i] = i + 1; w1[i] = 3.0; }
    double h, hw;
    regio_error err;
    assert_int_equal(regio_silverman_bandwidth(10, x, NULL, &h, &err), REGIO_OK);
    double expect = 0.9 * fmin(sqrt(55.0 / 6.0), 4.5 / 1.34) * pow(10.0, -0.2);
    assert_double_equal(h, expect, 1e-14);
    assert_int_equal(regio_silverman_bandwidth(10, x, w1, &hw, &err), REGIO_OK); /* equal weights: the same */
    assert_double_equal(hw, h, 1e-13);
    /* a sample where the IQR rule wins: 1,2,3,4,5,100 → IQR/1.34 < sd */
    const double y6[6] = {1, 2, 3, 4, 5, 100};
    assert_int_equal(regio_silverman_bandwidth(6, y6, NULL, &h, &err), REGIO_OK);
    assert_double_equal(h, 0.9 * (4.75 - 2.25) / 1.34 * pow(6.0, -0.2), 1e-13);
    const double same[3] = {2, 2, 2};
    assert_int_equal(regio_silverman_bandwidth(3, same, NULL, &h, &err), REGIO_EINVAL);

    /* the density of usjoin's relative incomes integrates to 1 on a wide grid, every year */
    size_t n, ny;
    double *y = load_usjoin(&n, &ny);
    size_t ng = 2001;
    double *grid = malloc(ng * sizeof *grid);
    for (size_t g = 0; g < ng; g++) grid[g] = -1.0 + 4.0 * (double)g / (double)(ng - 1);
    regio_kde *k = NULL;
    assert_int_equal(regio_kde_relative(n, ny, y, NULL, ng, grid, &k, &err), REGIO_OK);
    for (size_t t = 0; t < ny; t++) {
        double s = 0;
        for (size_t g = 1; g < ng; g++)
            s += 0.5 * (k->density[t * ng + g] + k->density[t * ng + g - 1]) * (grid[g] - grid[g - 1]);
        assert_double_equal(s, 1.0, 1e-6);
    }
    /* bandwidth of year 0 = Silverman of that year's relative values */
    double rel[48], m = 0;
    for (size_t i = 0; i < n; i++) m += y[i];
    for (size_t i = 0; i < n; i++) rel[i] = y[i] / (m / (double)n);
    assert_int_equal(regio_silverman_bandwidth(n, rel, NULL, &h, &err), REGIO_OK);
    assert_double_equal(k->bandwidth[0], h, 1e-15);
    regio_kde_free(k);
    /* weighted, default grid */
    double *w = malloc(n * ny * sizeof *w);
    for (size_t v = 0; v < n * ny; v++) w[v] = 1.0 + (double)(v % 7);
    assert_int_equal(regio_kde_relative(n, ny, y, w, 512, NULL, &k, &err), REGIO_OK);
    assert_true(k->grid[0] >= 0 && k->grid[511] > 1);
    for (size_t v = 0; v < ny * 512; v++) assert_true(isfinite(k->density[v]) && k->density[v] >= 0);
    regio_kde_free(k);
    free(w);
    free(grid);
    free(y);
}

/* ---- classic Markov --------------------------------------------------------------------------------------- */

static void test_markov_usjoin(void **state) {
    (void)state;
    json_error_t je;
    json_t *root = json_load_file(EXPECTED "T10_markov_usjoin_q5_from_tests.json", 0, &je);
    assert_non_null(root);
    size_t n, ny;
    double *y = load_usjoin(&n, &ny);
    regio_class_opts o = {REGIO_CLASS_QUANTILE_YEAR, 5, NULL};
    regio_markov *m = NULL;
    regio_error err;
    assert_int_equal(regio_markov_estimate(n, ny, y, &o, &m, &err), REGIO_OK);
    /* class ids: the JSON has them per state (48 rows of 81 years) */
    const json_t *ids = jpath(root, "rerun_here", "class_ids_q5");
    for (size_t i = 0; i < n; i++)
        for (size_t t = 0; t < ny; t++)
            assert_int_equal(m->classes[t * n + i], (size_t)json_integer_value(json_array_get(json_array_get(ids, i), t)));
    const regio_chain *c = m->chain;
    check_array(jpath(root, "expected_from_test", "transitions"), c->counts, 25, 0, 0, "transitions");
    check_array(jpath(root, "expected_from_test", "p"), c->p, 25, 1e-6, 0, "p");
    check_array(jpath(root, "rerun_here", "p"), c->p, 25, 1e-12, 0, "p (rerun)");
    assert_true(c->ergodic);
    assert_int_equal(c->nclosed, 1);
    check_array(jpath(root, "expected_from_test", "steady_state"), c->steady, 5, 1e-6, 0, "steady_state");
    check_array(jpath(root, "rerun_here", "steady_state"), c->steady, 5, 1e-10, 0, "steady_state (rerun)");
    assert_non_null(c->mfpt);
    check_array(jpath(root, "expected_from_test", "mfpt"), c->mfpt, 25, 1e-6, 0, "mfpt");
    check_array(jpath(root, "expected_from_test", "sojourn_time"), c->sojourn, 5, 1e-6, 0, "sojourn");
    double prais[5];
    for (int i = 0; i < 5; i++) prais[i] = 1 - c->p[i * 5 + i];
    check_array(jpath(root, "expected_from_test", "prais"), prais, 5, 1e-6, 0, "prais");
    regio_markov_free(m);

    /* the first two years only: a reducible chain with two absorbing classes (0 and 3) */
    assert_int_equal(regio_markov_estimate(n, 2, y, &o, &m, &err), REGIO_OK);
    c = m->chain;
    const json_t *two = jpath(jpath(root, "expected_from_test", NULL), "first_two_years_only", NULL);
    check_array(json_object_get(two, "transitions"), c->counts, 25, 0, 0, "2y transitions");
    assert_false(c->ergodic);
    assert_null(c->mfpt);
    assert_int_equal(c->nclosed, 2);
    check_array(json_object_get(two, "steady_state_reducible"), c->steady, 10, 1e-12, 0, "2y steady");
    check_array(json_object_get(two, "sojourn_time"), c->sojourn, 5, 1e-6, 0, "2y sojourn");
    assert_int_equal(c->closed[0], 0);
    assert_int_equal(c->closed[3], 1);
    assert_int_equal(c->closed[1], SIZE_MAX);
    for (int v = 0; v < 25; v++) assert_true(isfinite(c->p[v]));
    regio_markov_free(m);
    free(y);
    json_decref(root);
}

static void test_markov_by_hand(void **state) {
    (void)state;
    regio_chain *c = NULL;
    regio_error err;
    /* 0 → {0,1}; {1,2} closed with P_C = [[.75,.25],[.25,.75]] → π = (0, 1/2, 1/2) */
    const double a[9] = {2, 1, 0, 0, 3, 1, 0, 1, 3};
    assert_int_equal(regio_chain_from_counts(3, a, &c, &err), REGIO_OK);
    assert_int_equal(c->nclosed, 1);
    assert_false(c->ergodic);
    assert_int_equal(c->closed[0], SIZE_MAX);
    assert_double_equal(c->steady[0], 0, 0);
    assert_double_equal(c->steady[1], 0.5, 1e-15);
    assert_double_equal(c->steady[2], 0.5, 1e-15);
    assert_double_equal(c->sojourn[0], 3.0, 1e-14); /* p_00 = 2/3 */
    regio_chain_free(c);

    /* two absorbing states and a transient one: two steady states */
    const double b[9] = {5, 0, 0, 1, 2, 1, 0, 0, 4};
    assert_int_equal(regio_chain_from_counts(3, b, &c, &err), REGIO_OK);
    assert_int_equal(c->nclosed, 2);
    const double sb[6] = {1, 0, 0, 0, 0, 1};
    for (int v = 0; v < 6; v++) assert_double_equal(c->steady[v], sb[v], 0);
    assert_true(isinf(c->sojourn[0]));
    regio_chain_free(c);

    /* a class never left (empty row) is flagged, its p row stays 0 (no NaN); {0,1} is closed */
    const double e[9] = {1, 1, 0, 1, 1, 0, 0, 0, 0};
    assert_int_equal(regio_chain_from_counts(3, e, &c, &err), REGIO_OK);
    assert_int_equal(c->nempty, 1);
    assert_true(c->empty[2]);
    for (int v = 0; v < 9; v++) assert_true(isfinite(c->p[v]));
    assert_int_equal(c->nclosed, 1);
    assert_double_equal(c->steady[0], 0.5, 1e-15);
    assert_double_equal(c->steady[2], 0, 0);
    assert_true(isnan(c->sojourn[2]));
    regio_chain_free(c);

    /* every path leads into an empty row: no closed class, still no crash */
    const double f[4] = {1, 1, 0, 0};
    assert_int_equal(regio_chain_from_counts(2, f, &c, &err), REGIO_OK);
    assert_int_equal(c->nclosed, 0);
    regio_chain_free(c);

    /* ergodic 2-state chain: π = (q, p)/(p+q), m_01 = 1/p */
    const double g[4] = {3, 1, 2, 2}; /* p = 1/4, q = 1/2 */
    assert_int_equal(regio_chain_from_counts(2, g, &c, &err), REGIO_OK);
    assert_true(c->ergodic);
    assert_double_equal(c->steady[0], 2.0 / 3.0, 1e-15);
    assert_double_equal(c->mfpt[1], 4.0, 1e-12);
    assert_double_equal(c->mfpt[2], 2.0, 1e-12);
    assert_double_equal(c->mfpt[0], 1.5, 1e-12);
    regio_chain_free(c);

    const double neg[4] = {1, -1, 0, 1};
    assert_int_equal(regio_chain_from_counts(2, neg, &c, &err), REGIO_EINVAL);
    assert_null(c);
}

static void test_classify(void **state) {
    (void)state;
    /* quartiles of 1..8 are 2.75, 4.5, 6.25; a value on a cut-off goes to the lower class */
    const double y[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    size_t cls[8];
    double cut[3];
    regio_class_opts o = {REGIO_CLASS_QUANTILE_YEAR, 4, NULL};
    regio_error err;
    assert_int_equal(regio_classify(8, 1, y, &o, cls, cut, &err), REGIO_OK);
    assert_double_equal(cut[0], 2.75, 1e-15);
    assert_double_equal(cut[1], 4.5, 1e-15);
    const size_t want[8] = {0, 0, 1, 1, 2, 2, 3, 3};
    for (int i = 0; i < 8; i++) assert_int_equal(cls[i], want[i]);
    const double cuts[2] = {2, 5};
    regio_class_opts u = {REGIO_CLASS_CUTOFFS, 3, cuts};
    assert_int_equal(regio_classify(8, 1, y, &u, cls, NULL, &err), REGIO_OK);
    const size_t wu[8] = {0, 0, 1, 1, 1, 2, 2, 2};
    for (int i = 0; i < 8; i++) assert_int_equal(cls[i], wu[i]);
    /* heavy ties: duplicate cut-offs leave empty classes, numbers keep their meaning */
    const double tied[6] = {1, 1, 1, 1, 1, 2};
    regio_class_opts q = {REGIO_CLASS_QUANTILE_YEAR, 3, NULL};
    assert_int_equal(regio_classify(6, 1, tied, &q, cls, cut, &err), REGIO_OK);
    for (int i = 0; i < 5; i++) assert_int_equal(cls[i], 0);
    assert_int_equal(cls[5], 2);
    const double bad[2] = {5, 2};
    regio_class_opts b = {REGIO_CLASS_CUTOFFS, 3, bad};
    assert_int_equal(regio_classify(8, 1, y, &b, cls, NULL, &err), REGIO_EINVAL);
    const double nan1[2] = {1, NAN};
    assert_int_equal(regio_classify(2, 1, nan1, &o, cls, NULL, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "unit 2"));
}

/* ---- spatial Markov --------------------------------------------------------------------------------------- */

static void test_spatial_markov_usjoin(void **state) {
    (void)state;
    json_error_t je;
    json_t *root = json_load_file(EXPECTED "T11_spatial_markov_usjoin_from_tests.json", 0, &je);
    assert_non_null(root);
    const json_t *ex = json_object_get(root, "expected_from_test"), *re = json_object_get(root, "rerun_here");
    size_t n, ny;
    double *y = load_usjoin(&n, &ny);
    double *rpci = malloc(n * ny * sizeof *rpci);
    regio_error err;
    assert_int_equal(regio_relative(n, ny, y, NULL, rpci, &err), REGIO_OK);
    regio_weights *w = load_edges(DATA "states48_edges.csv", n);
    regio_spatial_markov *s = NULL;
    assert_int_equal(regio_spatial_markov_estimate(n, ny, rpci, w, NULL, NULL, &s, &err), REGIO_OK);
    assert_int_equal(s->nislands, 0);
    check_array(json_object_get(re, "cutoffs"), s->cutoffs, 4, 1e-12, 0, "cutoffs");
    check_array(json_object_get(re, "lag_cutoffs"), s->lag_cutoffs, 4, 1e-12, 0, "lag_cutoffs");
    check_array(json_object_get(re, "transitions"), s->pooled->counts, 25, 0, 0, "pooled transitions");
    check_array(json_object_get(re, "p"), s->pooled->p, 25, 1e-12, 0, "pooled p");
    check_array(json_object_get(re, "s"), s->pooled->steady, 5, 1e-10, 0, "pooled s");
    double T[125], P[125], S[25], F[125];
    for (size_t l = 0; l < 5; l++) {
        assert_true(s->cond[l]->ergodic);
        memcpy(T + l * 25, s->cond[l]->counts, 25 * sizeof *T);
        memcpy(P + l * 25, s->cond[l]->p, 25 * sizeof *P);
        memcpy(S + l * 5, s->cond[l]->steady, 5 * sizeof *S);
        memcpy(F + l * 25, s->cond[l]->mfpt, 25 * sizeof *F);
    }
    check_array(json_object_get(re, "T"), T, 125, 0, 0, "T");
    check_array(json_object_get(re, "P"), P, 125, 1e-12, 0, "P");
    check_array(json_object_get(ex, "S"), S, 25, 1e-6, 0, "S");
    check_array(json_object_get(re, "S"), S, 25, 1e-10, 0, "S (rerun)");
    check_array(json_object_get(ex, "F0"), F, 25, 1e-6, 0, "F0");
    /* the full F of every lag class (rerun gives only F0 = the first; F[l] rows hold class l's) */
    double chi[15], sh[15];
    for (size_t l = 0; l < 5; l++) {
        chi[3 * l] = s->chi2[l].stat; chi[3 * l + 1] = s->chi2[l].p; chi[3 * l + 2] = s->chi2[l].dof;
        sh[3 * l] = s->shtest[l].stat; sh[3 * l + 1] = s->shtest[l].p; sh[3 * l + 2] = s->shtest[l].dof;
    }
    check_array(json_object_get(ex, "chi2_per_lag_class_[stat,p,dof]"), chi, 15, 1e-6, 1, "chi2");
    check_array(json_object_get(re, "chi2"), chi, 15, 1e-9, 1, "chi2 (rerun)");
    /* shtest: statistics to relative 1e-6; giddy's p = 1 − cdf underflows to 0 where ours (upper tail) is tiny */
    const json_t *rsh = json_object_get(re, "shtest");
    for (size_t l = 0; l < 5; l++) {
        const json_t *row = json_array_get(rsh, l);
        double e = jnum(json_array_get(row, 0)), ep = jnum(json_array_get(row, 1));
        assert_double_equal(sh[3 * l], e, 1e-6 * e);
        assert_double_equal(sh[3 * l + 1], ep, 1e-9);
        assert_double_equal(sh[3 * l + 2], 4, 0);
    }
    assert_double_equal(s->x2.stat, jnum(json_object_get(re, "x2")), 1e-9 * 200);
    assert_double_equal(s->x2.dof, jnum(json_object_get(re, "x2_dof")), 0);
    assert_double_equal(s->x2.p, jnum(json_object_get(re, "x2_pvalue")), 1e-15);
    assert_double_equal(s->Q.stat, jnum(json_object_get(re, "Q")), 1e-9 * 200);
    assert_double_equal(s->Q.p, jnum(json_object_get(re, "Q_p_value")), 1e-12);
    assert_double_equal(s->LR.stat, jnum(json_object_get(re, "LR")), 1e-9 * 170);
    assert_double_equal(s->LR.p, jnum(json_object_get(re, "LR_p_value")), 1e-15);
    assert_double_equal(s->Q.dof, jnum(json_object_get(re, "dof_hom")), 0);
    assert_double_equal(s->LR.dof, 60, 0);
    regio_spatial_markov_free(s);

    /* user cut-offs for both, per-year lag quantiles: runs, counts add up */
    const double cuts[2] = {0.9, 1.1};
    regio_class_opts c3 = {REGIO_CLASS_CUTOFFS, 3, cuts}, ly = {REGIO_CLASS_QUANTILE_YEAR, 4, NULL};
    assert_int_equal(regio_spatial_markov_estimate(n, ny, rpci, w, &c3, &ly, &s, &err), REGIO_OK);
    double tot = 0;
    for (size_t l = 0; l < 4; l++)
        for (size_t v = 0; v < 9; v++) tot += s->cond[l]->counts[v];
    assert_double_equal(tot, (double)(n * (ny - 1)), 0);
    assert_int_equal(s->nlag_cutsets, ny);
    regio_spatial_markov_free(s);
    regio_weights_free(w);
    free(rpci);
    free(y);
    json_decref(root);
}

/* An island has no lag class: its transitions stay in the pooled chain only. A lag class that sees few
 * transitions gives a reducible chain: steady states per closed class, shtest NaN and flagged by ergodic = 0. */
static void test_spatial_markov_island(void **state) {
    (void)state;
    const size_t ei[6] = {0, 1, 1, 2, 2, 0}, ej[6] = {1, 0, 2, 1, 0, 2};
    regio_weights *w = NULL;
    regio_error err;
    assert_int_equal(regio_weights_from_edges(4, ei, ej, NULL, 6, &w, &err), REGIO_OK);
    const double y[12] = {1, 2, 3, 4, 2, 1, 3, 4, 1, 3, 2, 4};
    regio_class_opts c2 = {REGIO_CLASS_QUANTILE_POOLED, 2, NULL};
    regio_spatial_markov *s = NULL;
    assert_int_equal(regio_spatial_markov_estimate(4, 3, y, w, &c2, &c2, &s, &err), REGIO_OK);
    assert_int_equal(s->nislands, 1);
    for (size_t t = 0; t < 3; t++) assert_int_equal(s->lag_classes[t * 4 + 3], SIZE_MAX);
    double pooled = 0, cond = 0;
    for (size_t v = 0; v < 4; v++) {
        pooled += s->pooled->counts[v];
        cond += s->cond[0]->counts[v] + s->cond[1]->counts[v];
    }
    assert_double_equal(pooled, 8, 0);
    assert_double_equal(cond, 6, 0);
    for (size_t l = 0; l < 2; l++)
        if (!s->cond[l]->ergodic) assert_true(isnan(s->shtest[l].stat));
    regio_spatial_markov_free(s);
    regio_weights_free(w);
}

/* ---- Kendall ---------------------------------------------------------------------------------------------- */

static void brute_kendall(size_t n, const double *x, const double *y, regio_kendall *k) {
    double C = 0, D = 0, tx = 0, ty = 0, txy = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            double a = (x[i] - x[j]) * (y[i] - y[j]);
            if (x[i] == x[j]) tx++;
            if (y[i] == y[j]) ty++;
            if (x[i] == x[j] && y[i] == y[j]) txy++;
            if (a > 0) C++;
            else if (a < 0) D++;
        }
    double N = (double)n * (double)(n - 1) / 2;
    k->concordant = C;
    k->discordant = D;
    k->ties_x = tx;
    k->ties_y = ty;
    k->ties_xy = txy;
    k->s = C - D;
    k->tau = (C - D) / sqrt((N - tx) * (N - ty));
    /* variance from the tie groups, counted the slow way */
    double v1x = 0, v1y = 0, v2x = 0, v2y = 0, v3x = 0, v3y = 0;
    for (int pass = 0; pass < 2; pass++) {
        const double *z = pass ? y : x;
        for (size_t i = 0; i < n; i++) {
            int first = 1;
            double t = 0;
            for (size_t j = 0; j < n; j++) {
                if (z[j] == z[i]) t++;
                if (z[j] == z[i] && j < i) first = 0;
            }
            if (!first) continue;
            double *a = pass ? &v1y : &v1x, *b = pass ? &v2y : &v2x, *c = pass ? &v3y : &v3x;
            *a += t * (t - 1) * (2 * t + 5);
            *b += t * (t - 1);
            *c += t * (t - 1) * (t - 2);
        }
    }
    double nd = (double)n;
    k->var_s = (nd * (nd - 1) * (2 * nd + 5) - v1x - v1y) / 18 + v2x * v2y / (2 * nd * (nd - 1)) +
               v3x * v3y / (9 * nd * (nd - 1) * (nd - 2));
    k->z = k->s / sqrt(k->var_s);
}

static void test_kendall(void **state) {
    (void)state;
    regio_kendall k;
    regio_error err;
    const double x[5] = {12, 2, 1, 12, 2}, y[5] = {1, 4, 7, 1, 0};
    assert_int_equal(regio_kendall_tau(5, x, y, &k, &err), REGIO_OK);
    assert_double_equal(k.tau, -0.47140452079103173, 1e-15);
    assert_double_equal(k.p, 0.2827454599327748, 1e-12);

    uint64_t seed = 88172645463325252ULL;
    for (int rep = 0; rep < 30; rep++) {
        size_t n = 3 + (size_t)rep * 17;
        double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
        for (size_t i = 0; i < n; i++) {
            seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17;
            a[i] = (double)(seed % 7); /* few distinct values: many ties */
            seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17;
            b[i] = (double)(seed % 11) + (rep % 3 == 0 ? a[i] : 0);
        }
        regio_kendall bf;
        brute_kendall(n, a, b, &bf);
        int rc = regio_kendall_tau(n, a, b, &k, &err);
        if (bf.ties_x == (double)n * (n - 1) / 2 || bf.ties_y == (double)n * (n - 1) / 2) {
            assert_int_equal(rc, REGIO_EINVAL);
        } else {
            assert_int_equal(rc, REGIO_OK);
            assert_double_equal(k.discordant, bf.discordant, 0);
            assert_double_equal(k.concordant, bf.concordant, 0);
            assert_double_equal(k.ties_x, bf.ties_x, 0);
            assert_double_equal(k.ties_y, bf.ties_y, 0);
            assert_double_equal(k.ties_xy, bf.ties_xy, 0);
            assert_double_equal(k.tau, bf.tau, 1e-13);
            assert_double_equal(k.var_s, bf.var_s, 1e-9 * bf.var_s);
            assert_double_equal(k.z, bf.z, 1e-10);
            assert_true(k.p >= 0 && k.p <= 1);
        }
        free(a);
        free(b);
    }
    /* perfectly concordant without ties: τ = 1 */
    const double r[4] = {1, 2, 3, 4}, r2[4] = {10, 20, 30, 40};
    assert_int_equal(regio_kendall_tau(4, r, r2, &k, &err), REGIO_OK);
    assert_double_equal(k.tau, 1, 1e-15);
    const double c[3] = {5, 5, 5};
    assert_int_equal(regio_kendall_tau(3, c, r, &k, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "undefined"));
    assert_int_equal(regio_kendall_tau(2, r, r2, &k, &err), REGIO_EINVAL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_beta_small),
        cmocka_unit_test(test_beta_conditional),
        cmocka_unit_test(test_beta_usjoin),
        cmocka_unit_test(test_sigma),
        cmocka_unit_test(test_kde),
        cmocka_unit_test(test_classify),
        cmocka_unit_test(test_markov_by_hand),
        cmocka_unit_test(test_markov_usjoin),
        cmocka_unit_test(test_spatial_markov_usjoin),
        cmocka_unit_test(test_spatial_markov_island),
        cmocka_unit_test(test_kendall),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
