/* test_aggregate.c — the aggregation engine on a synthetic plan computed by hand
 * (tests/fixtures/plan_mini/README.md) and on the shipped Yunnan data, against the figures the data's own
 * README states (data/yunnan/raw/README.md: 滇中's 2020 GDP share 61.47%, census population share 46.5%,
 * the 16 prefectures' census populations summing to the province's 47,209,277). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "regio/aggregate.h"
#include "testutil.h"

typedef struct fx { regio_plan *plan; double *m; } fx;

static void set(fx *f, const char *region, const char *ind, double v) {
    long r = regio_plan_region(f->plan, region), k = regio_plan_indicator(f->plan, ind);
    assert_true(r >= 0 && k >= 0);
    f->m[(size_t)k * f->plan->nregions + (size_t)r] = v;
}

/* The values of tests/fixtures/plan_mini/observations/synthetic.csv, year 2020. */
static int setup_mini(void **state) {
    fx *f = calloc(1, sizeof *f);
    regio_error err;
    assert_int_equal(regio_plan_load_dir(REGIO_SOURCE_DIR "/tests/fixtures/plan_mini", &f->plan, &err), REGIO_OK);
    size_t cells = f->plan->nregions * f->plan->nindicators;
    f->m = malloc(cells * sizeof *f->m);
    for (size_t i = 0; i < cells; i++) f->m[i] = NAN;
    set(f, "910001", "gdp", 10); set(f, "910002", "gdp", 30); set(f, "920001", "gdp", 20);
    set(f, "920002", "gdp", 5); set(f, "920003", "gdp", 15); set(f, "910000", "gdp", 41);
    set(f, "910001", "pop", 20); set(f, "910002", "pop", 30); set(f, "920001", "pop", 10); set(f, "920002", "pop", 25);
    set(f, "910001", "urban_rate", 50); set(f, "910002", "urban_rate", 40); set(f, "920001", "urban_rate", 80);
    set(f, "920002", "urban_rate", 20); set(f, "920003", "urban_rate", 30);
    set(f, "900000", "income", 30000); set(f, "920002", "income", 20000);
    *state = f;
    return 0;
}

static int teardown_mini(void **state) {
    fx *f = *state;
    regio_plan_free(f->plan);
    free(f->m);
    free(f);
    return 0;
}

static regio_agg *region_agg(fx *f, const char *ind, const char *region) {
    regio_agg *a = NULL;
    regio_error err;
    assert_int_equal(regio_aggregate_region(f->plan, f->m, (size_t)regio_plan_indicator(f->plan, ind),
                                            (size_t)regio_plan_region(f->plan, region), &a, &err), REGIO_OK);
    return a;
}

static regio_agg *group_agg(fx *f, const char *ind, const char *group) {
    regio_agg *a = NULL;
    regio_error err;
    assert_int_equal(regio_aggregate_group(f->plan, f->m, (size_t)regio_plan_indicator(f->plan, ind),
                                           (size_t)regio_plan_group(f->plan, group), &a, &err), REGIO_OK);
    return a;
}

static void test_sum_published_vs_computed(void **state) {
    regio_agg *a = region_agg(*state, "gdp", "910000");
    assert_int_equal(a->origin, REGIO_ORIGIN_PUBLISHED);
    assert_double_equal(a->value, 41, 1e-12);      /* published */
    assert_double_equal(a->computed, 40, 1e-12);   /* 10 + 30 */
    assert_double_equal(a->diff, 1, 1e-12);
    assert_double_equal(a->rel_diff, 1.0 / 41, 1e-12);
    assert_int_equal(a->nused, 2);
    regio_agg_free(a);
    /* the province: A's published 41 + B computed 20 + 5 + 15 */
    a = region_agg(*state, "gdp", "900000");
    assert_int_equal(a->origin, REGIO_ORIGIN_COMPUTED);
    assert_double_equal(a->value, 81, 1e-12);
    assert_true(a->complete);
    assert_true(isnan(a->published) && isnan(a->diff));
    regio_agg_free(a);
}

static void test_sum_incomplete(void **state) {
    regio_agg *a = region_agg(*state, "pop", "920000"); /* 920003 has no population */
    assert_double_equal(a->value, 35, 1e-12);
    assert_false(a->complete);
    assert_int_equal(a->nused, 2);
    assert_int_equal(a->nmembers, 3);
    assert_false(a->members[2].used);
    assert_int_equal(a->members[2].origin, REGIO_ORIGIN_MISSING);
    regio_agg_free(a);
}

static void test_group_mixed_levels(void **state) {
    regio_agg *a = group_agg(*state, "gdp", "mixed"); /* A (published 41) + county 920001 (20) */
    assert_double_equal(a->value, 61, 1e-12);
    assert_true(a->complete);
    assert_int_equal(a->nmembers, 2);
    assert_int_equal(a->members[0].origin, REGIO_ORIGIN_PUBLISHED);
    regio_agg_free(a);
    a = group_agg(*state, "pop", "mixed"); /* A computed 20 + 30, plus 10 */
    assert_double_equal(a->value, 60, 1e-12);
    assert_int_equal(a->members[0].origin, REGIO_ORIGIN_COMPUTED);
    regio_agg_free(a);
}

static void test_ratio_of_sums(void **state) {
    regio_agg *a = group_agg(*state, "gdp_pc", "mixed"); /* (41 + 20) / (50 + 10) × 10000 */
    assert_double_equal(a->value, 61.0 / 60.0 * 10000, 1e-9);
    assert_true(a->complete);
    regio_agg_free(a);
    /* B: gdp complete but pop not: pairs child by child, 920003 (gdp, no pop) drops out of both:
     * (20 + 5) / (10 + 25) × 10000 */
    a = region_agg(*state, "gdp_pc", "920000");
    assert_double_equal(a->value, 25.0 / 35.0 * 10000, 1e-9);
    assert_false(a->complete);
    regio_agg_free(a);
    /* A: own numerator (published 41) and denominator (computed 50), both complete */
    a = region_agg(*state, "gdp_pc", "910000");
    assert_double_equal(a->value, 41.0 / 50.0 * 10000, 1e-9);
    regio_agg_free(a);
}

static void test_weighted_mean(void **state) {
    regio_agg *a = region_agg(*state, "urban_rate", "910000"); /* (50·20 + 40·30) / 50 */
    assert_double_equal(a->value, 44, 1e-12);
    regio_agg_free(a);
    a = group_agg(*state, "urban_rate", "mixed"); /* (44·50 + 80·10) / 60 */
    assert_double_equal(a->value, 50, 1e-12);
    regio_agg_free(a);
    /* province: A 44 (w 50), B (80·10 + 20·25)/35 (w 35; 920003 has no weight) */
    a = region_agg(*state, "urban_rate", "900000");
    double b = (80.0 * 10 + 20.0 * 25) / 35;
    assert_double_equal(a->value, (44.0 * 50 + b * 35) / 85, 1e-12);
    assert_false(a->complete);
    regio_agg_free(a);
}

static void test_none_rule(void **state) {
    regio_agg *a = region_agg(*state, "income", "900000");
    assert_double_equal(a->value, 30000, 0);
    regio_agg_free(a);
    a = region_agg(*state, "income", "920000"); /* not aggregable: no value from children */
    assert_true(isnan(a->value));
    assert_int_equal(a->origin, REGIO_ORIGIN_MISSING);
    regio_agg_free(a);
    a = group_agg(*state, "income", "mixed");
    assert_true(isnan(a->value));
    regio_agg_free(a);
    a = group_agg(*state, "income", "solo"); /* a group of one unit is that unit */
    assert_double_equal(a->value, 20000, 0);
    regio_agg_free(a);
}

/* ---- the shipped Yunnan data ---- */

typedef struct yn { char *dir; regio_plan *plan; regio_store *st; double *m; } yn;

static int setup_yunnan(void **state) {
    yn *y = calloc(1, sizeof *y);
    regio_error err;
    static const char *const files[] = {"prefecture_indicators.csv", "census_county_pop.csv", "county_indicators.csv", NULL};
    y->dir = tu_tempdir();
    int rc = tu_store_with(REGIO_SOURCE_DIR "/data/yunnan", y->dir, files, &y->plan, &y->st, &err);
    if (rc) fprintf(stderr, "%s\n", err.en);
    assert_int_equal(rc, REGIO_OK);
    assert_int_equal(regio_store_year_matrix(y->st, y->plan, 2020, &y->m, &err), REGIO_OK);
    *state = y;
    return 0;
}

static int teardown_yunnan(void **state) {
    yn *y = *state;
    free(y->m);
    regio_store_close(y->st);
    regio_plan_free(y->plan);
    tu_rmtree(y->dir);
    free(y);
    return 0;
}

static double share(yn *y, const char *ind, const char *group, int *complete) {
    regio_agg *g = NULL, *p = NULL;
    regio_error err;
    size_t k = (size_t)regio_plan_indicator(y->plan, ind);
    assert_int_equal(regio_aggregate_group(y->plan, y->m, k, (size_t)regio_plan_group(y->plan, group), &g, &err), 0);
    assert_int_equal(regio_aggregate_region(y->plan, y->m, k, (size_t)regio_plan_region(y->plan, "530000"), &p, &err), 0);
    double s = g->value / p->value * 100;
    *complete = g->complete && p->complete;
    regio_agg_free(g);
    regio_agg_free(p);
    return s;
}

static void test_yunnan_dianzhong_shares(void **state) {
    int complete;
    /* data/yunnan/raw/README.md: "滇中's 2020 GDP share computed from whole prefectures plus the 7 红河 counties
     * is 61.47%" — 4 prefectures' GDP + 7 county GDPs (county yearbook) over the province's 24521.9 亿元 */
    double gdp = share(*state, "gdp", "dianzhong", &complete);
    assert_true(complete);
    assert_double_equal(gdp, 61.47, 0.005);
    /* "its census population share is 46.5%" */
    double pop = share(*state, "pop", "dianzhong", &complete);
    assert_true(complete);
    assert_double_equal(pop, 46.5, 0.05);
}

static void test_yunnan_census_total(void **state) {
    yn *y = *state;
    regio_agg *a = NULL;
    regio_error err;
    /* "the 16 prefectures' 2020 census populations sum to the province's 47,209,277" (万人: 4720.9277) */
    assert_int_equal(regio_aggregate_region(y->plan, y->m, (size_t)regio_plan_indicator(y->plan, "pop"),
                                            (size_t)regio_plan_region(y->plan, "530000"), &a, &err), 0);
    assert_double_equal(a->published, 4720.9277, 1e-9);
    assert_double_equal(a->computed, 4720.9277, 1e-6);
    assert_int_equal(a->nused, 16);
    regio_agg_free(a);
}

int main(void) {
    const struct CMUnitTest mini[] = {
        cmocka_unit_test(test_sum_published_vs_computed), cmocka_unit_test(test_sum_incomplete),
        cmocka_unit_test(test_group_mixed_levels), cmocka_unit_test(test_ratio_of_sums),
        cmocka_unit_test(test_weighted_mean), cmocka_unit_test(test_none_rule),
    };
    const struct CMUnitTest yunnan[] = {
        cmocka_unit_test(test_yunnan_dianzhong_shares), cmocka_unit_test(test_yunnan_census_total),
    };
    int failed = cmocka_run_group_tests_name("aggregate_mini", mini, setup_mini, teardown_mini);
    failed += cmocka_run_group_tests_name("aggregate_yunnan", yunnan, setup_yunnan, teardown_yunnan);
    return failed;
}
