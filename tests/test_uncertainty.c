/* test_uncertainty.c — the Monte Carlo rank engine and the Sobol engine (include/regio/uncertainty.h).
 * Sobol: Ishigami function, a = 7, b = 0.1, against its analytical indices (Ishigami & Homma 1990; values as in
 * Saltelli et al. 2010 and SALib's tests: S1 = 0.3139, S2 = 0.4424, S3 = 0, ST1 = 0.5576, ST2 = 0.4424,
 * ST3 = 0.2437). With N = 2^15 base rows the Jansen estimators' standard errors are about 0.005–0.01, so the
 * tolerance is 0.03. Both engines: the same seed gives bit-identical results on 1 and 4 threads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include "regio/uncertainty.h"

static void test_rank_within(void **state) {
    (void)state;
    double s[] = {3, 5, NAN, 5, 1, 2, 9};
    size_t g[] = {0, 0, 0, 0, 1, 1, 1};
    uint32_t r[7];
    size_t order[14];
    regio_rank_within(7, s, NULL, r, order);
    uint32_t want_all[] = {4, 2, 0, 2, 6, 5, 1};
    for (int i = 0; i < 7; i++) assert_int_equal(r[i], want_all[i]);
    regio_rank_within(7, s, g, r, order);
    uint32_t want_g[] = {3, 1, 0, 1, 3, 2, 1};
    for (int i = 0; i < 7; i++) assert_int_equal(r[i], want_g[i]);
}

static void test_sobol_ishigami(void **state) {
    (void)state;
    double ab[2] = {7, 0.1};
    regio_sobol_opts o = {.n = 1u << 15, .seed = 20260601, .threads = 0};
    regio_sobol *s = NULL;
    regio_error err;
    assert_int_equal(regio_sobol_run(3, regio_ishigami, ab, &o, &s, &err), REGIO_OK);
    const double s1[] = {0.3139, 0.4424, 0.0}, st[] = {0.5576, 0.4424, 0.2437};
    for (int i = 0; i < 3; i++) {
        assert_double_equal(s->s1[i], s1[i], 0.03);
        assert_double_equal(s->st[i], st[i], 0.03);
    }
    /* analytical variance: a²/8 + b π⁴/5 + b² π⁸/18 + 1/2 = 13.8446 */
    assert_double_equal(s->var, 13.8446, 0.3);
    assert_int_equal(s->nevals, (size_t)(1u << 15) * 5);
    regio_sobol_free(s);
}

static void test_sobol_threads_and_groups(void **state) {
    (void)state;
    double ab[2] = {7, 0.1};
    regio_sobol *s1 = NULL, *s4 = NULL;
    regio_error err;
    regio_sobol_opts o = {.n = 2000, .seed = 7, .threads = 1};
    assert_int_equal(regio_sobol_run(3, regio_ishigami, ab, &o, &s1, &err), REGIO_OK);
    o.threads = 4;
    assert_int_equal(regio_sobol_run(3, regio_ishigami, ab, &o, &s4, &err), REGIO_OK);
    for (int i = 0; i < 3; i++) {
        assert_true(s1->s1[i] == s4->s1[i]);
        assert_true(s1->st[i] == s4->st[i]);
    }
    regio_sobol_free(s1);
    regio_sobol_free(s4);
    /* factors as groups: {x1, x3} together carry S1 + S3 + S13 = 0.3139 + 0 + 0.2437 = 0.5576 first-order */
    size_t factor[3] = {0, 1, 0};
    regio_sobol_opts og = {.n = 1u << 14, .seed = 3, .factor = factor, .nfactors = 2};
    regio_sobol *sg = NULL;
    assert_int_equal(regio_sobol_run(3, regio_ishigami, ab, &og, &sg, &err), REGIO_OK);
    assert_int_equal(sg->nfactors, 2);
    assert_double_equal(sg->s1[0], 0.5576, 0.04);
    assert_double_equal(sg->st[1], 0.4424, 0.04);
    regio_sobol_free(sg);
    /* a factor out of range is the caller's error */
    size_t bad[3] = {0, 5, 0};
    og.factor = bad;
    assert_int_equal(regio_sobol_run(3, regio_ishigami, ab, &og, &sg, &err), REGIO_EINVAL);
    assert_null(sg);
}

/* unit 0 scores u0, unit 1 scores 0.5, unit 2 scores 2 (always first), unit 3 no score */
static int toy_scorer(const double *u, double *scores, void *ctx, regio_error *err) {
    (void)ctx;
    (void)err;
    scores[0] = u[0];
    scores[1] = 0.5;
    scores[2] = 2;
    scores[3] = NAN;
    return REGIO_OK;
}

static void test_mc_ranks(void **state) {
    (void)state;
    regio_mc_opts o = {.draws = 4001, .seed = 11, .threads = 1};
    regio_mc_result *r1 = NULL, *r3 = NULL;
    regio_error err;
    assert_int_equal(regio_mc_ranks(4, 1, toy_scorer, NULL, &o, &r1, &err), REGIO_OK);
    assert_double_equal(r1->median[2], 1, 0);
    assert_double_equal(r1->p05[2], 1, 0);
    assert_double_equal(r1->p95[2], 1, 0);
    assert_int_equal(r1->nranked[3], 0);
    assert_true(isnan(r1->median[3]));
    /* units 0 and 1 swap ranks 2 and 3 with probability 1/2 each */
    assert_double_equal(r1->p05[0], 2, 0);
    assert_double_equal(r1->p95[0], 3, 0);
    assert_double_equal(r1->mean[0] + r1->mean[1], 5, 1e-12);
    assert_double_equal(r1->mean[0], 2.5, 0.05);
    o.threads = 3;
    assert_int_equal(regio_mc_ranks(4, 1, toy_scorer, NULL, &o, &r3, &err), REGIO_OK);
    for (int i = 0; i < 3; i++) {
        assert_true(r1->median[i] == r3->median[i]);
        assert_true(r1->mean[i] == r3->mean[i]);
        assert_true(r1->p05[i] == r3->p05[i] && r1->p95[i] == r3->p95[i]);
    }
    regio_mc_result_free(r1);
    regio_mc_result_free(r3);
    o.draws = 0;
    assert_int_equal(regio_mc_ranks(4, 1, toy_scorer, NULL, &o, &r1, &err), REGIO_EINVAL);
    regio_mc_result_free(NULL);
    regio_sobol_free(NULL);
}

static int failing_scorer(const double *u, double *scores, void *ctx, regio_error *err) {
    (void)ctx;
    (void)scores;
    if (u[0] > 0.5) return regio_error_set(err, REGIO_EINVAL, "失败", "fails");
    for (int i = 0; i < 2; i++) scores[i] = i;
    return REGIO_OK;
}

static void test_mc_error(void **state) {
    (void)state;
    regio_mc_opts o = {.draws = 200, .seed = 1, .threads = 2};
    regio_mc_result *r = NULL;
    regio_error err;
    regio_error_clear(&err);
    assert_int_equal(regio_mc_ranks(2, 1, failing_scorer, NULL, &o, &r, &err), REGIO_EINVAL);
    assert_null(r);
    assert_string_equal(err.en, "fails");
}

/* Bootstrap intervals (COINr SA_estimate: 5 % and 95 % quantiles over Nboot resamples of the rows): on Ishigami
 * (a = 7, b = 0.1; analytical S1 0.3139, 0.4424, 0; ST 0.5576, 0.4424, 0.2437) the 90 % intervals at N = 4096
 * bracket the estimates, narrow with N, and do not depend on the number of threads. */
static void test_sobol_bootstrap(void **state) {
    (void)state;
    double ab[2] = {7, 0.1};
    regio_sobol_opts o = {.n = 4096, .seed = 7, .threads = 1, .nboot = 200};
    regio_sobol *s = NULL, *s2 = NULL, *big = NULL;
    regio_error err;
    assert_int_equal(regio_sobol_run(3, regio_ishigami, ab, &o, &s, &err), REGIO_OK);
    assert_int_equal(s->nboot, 200);
    const double s1[] = {0.3139, 0.4424, 0.0}, st[] = {0.5576, 0.4424, 0.2437};
    for (int i = 0; i < 3; i++) {
        assert_true(s->s1_lo[i] <= s->s1[i] && s->s1[i] <= s->s1_hi[i]);
        assert_true(s->st_lo[i] <= s->st[i] && s->st[i] <= s->st_hi[i]);
        /* the analytical value lies within the interval widened by its own width (a 90 % interval may miss) */
        double w1 = s->s1_hi[i] - s->s1_lo[i], wt = s->st_hi[i] - s->st_lo[i];
        assert_true(s1[i] >= s->s1_lo[i] - w1 && s1[i] <= s->s1_hi[i] + w1);
        assert_true(st[i] >= s->st_lo[i] - wt && st[i] <= s->st_hi[i] + wt);
        assert_true(w1 > 0 && wt > 0 && w1 < 0.2);
    }
    o.threads = 3;
    assert_int_equal(regio_sobol_run(3, regio_ishigami, ab, &o, &s2, &err), REGIO_OK);
    for (int i = 0; i < 3; i++)
        assert_true(s->s1_lo[i] == s2->s1_lo[i] && s->s1_hi[i] == s2->s1_hi[i] && s->st_lo[i] == s2->st_lo[i] && s->st_hi[i] == s2->st_hi[i]);
    o.n = 4 * 4096;
    assert_int_equal(regio_sobol_run(3, regio_ishigami, ab, &o, &big, &err), REGIO_OK);
    for (int i = 0; i < 3; i++) assert_true(big->st_hi[i] - big->st_lo[i] < s->st_hi[i] - s->st_lo[i]);
    regio_sobol_free(s);
    regio_sobol_free(s2);
    regio_sobol_free(big);
}

/* convergence checkpoints: draws/8, /4, /2 and all; the last width is the mean of p95 − p05 */
static void test_mc_convergence(void **state) {
    (void)state;
    regio_mc_opts o = {.draws = 800, .seed = 3, .threads = 2};
    regio_mc_result *r = NULL;
    regio_error err;
    assert_int_equal(regio_mc_ranks(4, 1, toy_scorer, NULL, &o, &r, &err), REGIO_OK);
    assert_int_equal(r->nconv, 4);
    assert_true(r->conv_draws[0] == 100 && r->conv_draws[1] == 200 && r->conv_draws[2] == 400 && r->conv_draws[3] == 800);
    double w = 0;
    int k = 0;
    for (int i = 0; i < 4; i++)
        if (!isnan(r->p05[i])) { w += r->p95[i] - r->p05[i]; k++; }
    assert_double_equal(r->conv_width[3], w / k, 1e-12);
    /* the first 100 draws of this run are a run of 100 draws */
    regio_mc_result *r100 = NULL;
    o.draws = 100;
    assert_int_equal(regio_mc_ranks(4, 1, toy_scorer, NULL, &o, &r100, &err), REGIO_OK);
    double w100 = 0;
    k = 0;
    for (int i = 0; i < 4; i++)
        if (!isnan(r100->p05[i])) { w100 += r100->p95[i] - r100->p05[i]; k++; }
    assert_double_equal(r->conv_width[0], w100 / k, 1e-12);
    regio_mc_result_free(r);
    regio_mc_result_free(r100);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rank_within),
        cmocka_unit_test(test_sobol_ishigami),
        cmocka_unit_test(test_sobol_threads_and_groups),
        cmocka_unit_test(test_mc_ranks),
        cmocka_unit_test(test_mc_error),
        cmocka_unit_test(test_sobol_bootstrap),
        cmocka_unit_test(test_mc_convergence),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
