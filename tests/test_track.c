/* test_track.c — the tracking engine: category boundaries of the CAGR-ratio method and of the fixed
 * thresholds for indicators without a numeric target, both rate kinds (compound, points), growth targets,
 * decreasing-is-better, ≈ targets, already met, a baseline of zero, missing years, no data, the linear
 * projection; then the shipped Yunnan data against hand computations from the observation files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "regio/track_store.h"
#include "testutil.h"

static regio_track_spec spec(regio_comparator c, double target, int target_year, int base_year, double base_value,
                             regio_track_method m) {
    regio_track_spec s;
    memset(&s, 0, sizeof s);
    s.comparator = c;
    s.target = target;
    s.tolerance = NAN;
    s.target_year = target_year;
    s.baseline_year = base_year;
    s.baseline_value = base_value;
    s.method = m;
    return s;
}

static regio_track_eval run(const regio_track_spec *s, const int *y, const double *v, size_t n) {
    regio_track_eval e;
    regio_error err;
    assert_int_equal(regio_track_assess(s, y, v, n, &e, &err), REGIO_OK);
    return e;
}

/* ---- the classifiers ---- */

static void test_ratio_boundaries(void **state) {
    (void)state;
    assert_int_equal(regio_track_classify_ratio(0.95), REGIO_TRACK_ON_TRACK);        /* exactly 95% */
    assert_int_equal(regio_track_classify_ratio(nextafter(0.95, 0)), REGIO_TRACK_MODERATE);
    assert_int_equal(regio_track_classify_ratio(0.60), REGIO_TRACK_MODERATE);        /* exactly 60% */
    assert_int_equal(regio_track_classify_ratio(nextafter(0.60, 0)), REGIO_TRACK_INSUFFICIENT);
    assert_int_equal(regio_track_classify_ratio(0.0), REGIO_TRACK_INSUFFICIENT);     /* exactly 0 */
    assert_int_equal(regio_track_classify_ratio(-1e-300), REGIO_TRACK_MOVING_AWAY);
    assert_int_equal(regio_track_classify_ratio(3.0), REGIO_TRACK_ON_TRACK);
    assert_int_equal(regio_track_classify_ratio(NAN), REGIO_TRACK_NO_DATA);
    assert_int_equal(regio_track_warning_of(REGIO_TRACK_ON_TRACK), REGIO_WARN_GREEN);
    assert_int_equal(regio_track_warning_of(REGIO_TRACK_MET), REGIO_WARN_GREEN);
    assert_int_equal(regio_track_warning_of(REGIO_TRACK_MODERATE), REGIO_WARN_YELLOW);
    assert_int_equal(regio_track_warning_of(REGIO_TRACK_INSUFFICIENT), REGIO_WARN_RED);
    assert_int_equal(regio_track_warning_of(REGIO_TRACK_MOVING_AWAY), REGIO_WARN_RED);
    assert_int_equal(regio_track_warning_of(REGIO_TRACK_NO_DATA), REGIO_WARN_GREY);
    assert_string_equal(regio_track_category_name(REGIO_TRACK_MOVING_AWAY), "moving_away");
    assert_string_equal(regio_track_warning_name(REGIO_WARN_GREY), "grey");
}

/* Indicators without a numeric target: Statistics Canada / Open SDG fixed thresholds 1.5%, 0.5%, 0. */
static void test_trend_boundaries(void **state) {
    (void)state;
    assert_int_equal(regio_track_classify_trend(1.5, 1), REGIO_TRACK_ON_TRACK);
    assert_int_equal(regio_track_classify_trend(nextafter(1.5, 0), 1), REGIO_TRACK_MODERATE);
    assert_int_equal(regio_track_classify_trend(0.5, 1), REGIO_TRACK_MODERATE);
    assert_int_equal(regio_track_classify_trend(nextafter(0.5, 0), 1), REGIO_TRACK_INSUFFICIENT);
    assert_int_equal(regio_track_classify_trend(0.0, 1), REGIO_TRACK_INSUFFICIENT);
    assert_int_equal(regio_track_classify_trend(-0.01, 1), REGIO_TRACK_MOVING_AWAY);
    /* lower is better: a fall of 1.5% a year is on track, a rise is moving away */
    assert_int_equal(regio_track_classify_trend(-1.5, -1), REGIO_TRACK_ON_TRACK);
    assert_int_equal(regio_track_classify_trend(0.2, -1), REGIO_TRACK_MOVING_AWAY);
    assert_int_equal(regio_track_classify_trend(NAN, 1), REGIO_TRACK_NO_DATA);
}

static void test_cagr(void **state) {
    (void)state;
    assert_double_equal(regio_track_cagr(100, 121, 2), 10.0, 1e-12);
    assert_true(isnan(regio_track_cagr(0, 121, 2)));   /* from zero: undefined */
    assert_true(isnan(regio_track_cagr(100, -1, 2)));
    assert_true(isnan(regio_track_cagr(100, 121, 0)));
}

/* Points a year, with exact ratios: baseline 0 (2020), target 100 by 2030 needs +10 a year; by 2025 the
 * actual is value/5 a year. A stated baseline of zero also makes the compound rate undefined, so a COMPOUND
 * spec falls back to points. */
static void test_points_boundaries_and_zero_baseline(void **state) {
    (void)state;
    const int y[] = {2020, 2025};
    const struct { double v; regio_track_category c; } cases[] = {
        {47.5, REGIO_TRACK_ON_TRACK},    /* 9.5 / 10 = 0.95 exactly */
        {47.0, REGIO_TRACK_MODERATE},
        {30.0, REGIO_TRACK_MODERATE},    /* 6 / 10 = 0.60 exactly */
        {29.5, REGIO_TRACK_INSUFFICIENT},
        {0.0, REGIO_TRACK_INSUFFICIENT}, /* no change: ratio exactly 0 */
        {-0.5, REGIO_TRACK_MOVING_AWAY},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        regio_track_spec s = spec(REGIO_CMP_GE, 100, 2030, 2020, NAN, REGIO_TRACK_COMPOUND);
        const double v[] = {0.0, cases[i].v};
        regio_track_eval e = run(&s, y, v, 2);
        assert_int_equal(e.method, REGIO_TRACK_POINTS);
        assert_double_equal(e.required_rate, 10.0, 0);
        assert_double_equal(e.actual_rate, cases[i].v / 5, 0);
        if (e.category != cases[i].c) fail_msg("value %g: category %s", cases[i].v, regio_track_category_name(e.category));
    }
}

/* Compound rates: baseline 100 (2020), target 200 by 2030 needs 2^(1/10) - 1 = 7.177% a year; values by
 * 2025 just above and below each boundary of the ratio. */
static void test_compound_boundaries(void **state) {
    (void)state;
    const int y[] = {2020, 2025};
    double req = (pow(2.0, 0.1) - 1) * 100;
    const struct { double ratio; regio_track_category c; } cases[] = {
        {0.95 + 1e-9, REGIO_TRACK_ON_TRACK}, {0.95 - 1e-9, REGIO_TRACK_MODERATE},
        {0.60 + 1e-9, REGIO_TRACK_MODERATE}, {0.60 - 1e-9, REGIO_TRACK_INSUFFICIENT},
        {1e-9, REGIO_TRACK_INSUFFICIENT},    {-1e-9, REGIO_TRACK_MOVING_AWAY},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        regio_track_spec s = spec(REGIO_CMP_GE, 200, 2030, 2020, NAN, REGIO_TRACK_COMPOUND);
        double v1 = 100 * pow(1 + cases[i].ratio * req / 100, 5);
        const double v[] = {100, v1};
        regio_track_eval e = run(&s, y, v, 2);
        assert_int_equal(e.method, REGIO_TRACK_COMPOUND);
        assert_double_equal(e.required_rate, req, 1e-12);
        assert_double_equal(e.ratio, cases[i].ratio, 1e-7);
        if (e.category != cases[i].c) fail_msg("ratio %.10g: category %s", e.ratio, regio_track_category_name(e.category));
    }
    /* exactly zero change is ratio 0: insufficient, not moving away */
    regio_track_spec s = spec(REGIO_CMP_GE, 200, 2030, 2020, NAN, REGIO_TRACK_COMPOUND);
    const double flat[] = {100, 100};
    regio_track_eval e = run(&s, y, flat, 2);
    assert_double_equal(e.ratio, 0.0, 0);
    assert_int_equal(e.category, REGIO_TRACK_INSUFFICIENT);
}

/* Lower is better (<=): a falling value makes progress, a rising one moves away. */
static void test_decreasing(void **state) {
    (void)state;
    const int y[] = {2020, 2025};
    regio_track_spec s = spec(REGIO_CMP_LE, 5, 2030, 2020, NAN, REGIO_TRACK_POINTS);
    const double v1[] = {10, 7.5};   /* -0.5 a year of the -0.5 needed */
    regio_track_eval e = run(&s, y, v1, 2);
    assert_int_equal(e.direction, -1);
    assert_double_equal(e.required_rate, -0.5, 1e-15);
    assert_double_equal(e.ratio, 1.0, 1e-12);
    assert_int_equal(e.category, REGIO_TRACK_ON_TRACK);
    assert_double_equal(e.gap, -2.5, 1e-12); /* target - latest: still 2.5 to fall */
    const double v2[] = {10, 11};
    e = run(&s, y, v2, 2);
    assert_int_equal(e.category, REGIO_TRACK_MOVING_AWAY);
    assert_int_equal(e.year_reached, 0); /* the trend runs the wrong way */
    const double v3[] = {10, 4.9};
    e = run(&s, y, v3, 2);
    assert_int_equal(e.category, REGIO_TRACK_MET);
    /* compound: 10 → 8 in 5 years against (5/10)^(1/10) */
    s.method = REGIO_TRACK_COMPOUND;
    const double v4[] = {10, 8};
    e = run(&s, y, v4, 2);
    double req = (pow(0.5, 0.1) - 1) * 100, act = (pow(0.8, 0.2) - 1) * 100;
    assert_double_equal(e.required_rate, req, 1e-12);
    assert_double_equal(e.actual_rate, act, 1e-12);
    assert_double_equal(e.ratio, act / req, 1e-12);
    assert_int_equal(e.category, regio_track_classify_ratio(act / req));
}

/* ≈ with a tolerance band: met inside the band; the direction comes from the baseline's side. */
static void test_approx(void **state) {
    (void)state;
    const int y[] = {2020, 2023};
    regio_track_spec s = spec(REGIO_CMP_APPROX, 65, 2025, 2020, NAN, REGIO_TRACK_POINTS);
    s.tolerance = 1;
    const double in[] = {60, 64.0}; /* 64 is exactly on the band's edge */
    regio_track_eval e = run(&s, y, in, 2);
    assert_int_equal(e.category, REGIO_TRACK_MET);
    assert_int_equal(e.year_reached, 2023);
    const double below[] = {60, 62}; /* +0.667 a year of the +1 needed */
    e = run(&s, y, below, 2);
    assert_int_equal(e.direction, 1);
    assert_double_equal(e.ratio, (2.0 / 3) / 1.0, 1e-12);
    assert_int_equal(e.category, REGIO_TRACK_MODERATE);
    /* the trend reaches the band's lower edge 64 at 60 + (2/3)(y - 2020): y = 2026 */
    assert_int_equal(e.year_reached, 2026);
    const double above[] = {70, 68.5}; /* from above: -0.5 a year of the -1 needed */
    e = run(&s, y, above, 2);
    assert_int_equal(e.direction, -1);
    assert_double_equal(e.ratio, 0.5, 1e-12);
    assert_int_equal(e.category, REGIO_TRACK_INSUFFICIENT);
}

/* Already met, and a baseline that already met the target and then slipped. */
static void test_already_met(void **state) {
    (void)state;
    const int y[] = {2020, 2021, 2022};
    regio_track_spec s = spec(REGIO_CMP_GE, 100, 2025, 2020, NAN, REGIO_TRACK_COMPOUND);
    const double v[] = {90, 101, 120};
    regio_track_eval e = run(&s, y, v, 3);
    assert_int_equal(e.category, REGIO_TRACK_MET);
    assert_int_equal(e.year_reached, 2021); /* the first year at or above the target */
    assert_int_equal(regio_track_warning_of(e.category), REGIO_WARN_GREEN);
    const double slipped[] = {110, 105, 95};
    e = run(&s, y, slipped, 3);
    assert_int_equal(e.category, REGIO_TRACK_MOVING_AWAY);
}

/* Missing years: NaN in the middle; the rate runs from the baseline to the latest year observed, the fit
 * over the observed points only. */
static void test_missing_years(void **state) {
    (void)state;
    const int y[] = {2020, 2021, 2022, 2023};
    const double v[] = {100, NAN, NAN, 130};
    regio_track_spec s = spec(REGIO_CMP_GE, 200, 2025, 2020, NAN, REGIO_TRACK_COMPOUND);
    regio_track_eval e = run(&s, y, v, 4);
    assert_int_equal(e.latest_year, 2023);
    assert_int_equal((int)e.npoints, 2);
    assert_double_equal(e.actual_rate, (pow(1.3, 1.0 / 3) - 1) * 100, 1e-12);
    assert_double_equal(e.slope, 10.0, 1e-12);               /* (130 - 100) / 3 */
    assert_double_equal(e.projected_value, 150.0, 1e-9);      /* 100 + 10 × 5 */
    assert_double_equal(e.projected_gap, 50.0, 1e-9);
    assert_int_equal(e.year_reached, 2030);                   /* 100 + 10 (y - 2020) = 200 */
    /* the baseline year itself missing: the first observation at or after it is the baseline */
    const double late[] = {NAN, 110, NAN, 130};
    e = run(&s, y, late, 4);
    assert_int_equal(e.baseline_year, 2021);
    assert_double_equal(e.baseline_value, 110, 0);
    assert_int_equal(e.baseline_stated, 0);
}

static void test_no_data(void **state) {
    (void)state;
    const int y[] = {2020, 2021};
    const double none[] = {NAN, NAN};
    regio_track_spec s = spec(REGIO_CMP_GE, 100, 2025, 2020, NAN, REGIO_TRACK_COMPOUND);
    regio_track_eval e = run(&s, y, none, 2);
    assert_int_equal(e.category, REGIO_TRACK_NO_DATA);
    assert_int_equal(e.baseline_year, 0);
    assert_true(isnan(e.gap));
    e = run(&s, NULL, NULL, 0);
    assert_int_equal(e.category, REGIO_TRACK_NO_DATA);
    /* only the baseline observed: no progress can be measured, but the required rate is known */
    const double base_only[] = {80, NAN};
    e = run(&s, y, base_only, 2);
    assert_int_equal(e.category, REGIO_TRACK_NO_DATA);
    assert_double_equal(e.required_rate, (pow(100.0 / 80, 0.2) - 1) * 100, 1e-12);
    assert_true(isnan(e.actual_rate));
    /* a stated baseline and nothing observed */
    s.baseline_value = 80;
    e = run(&s, y, none, 2);
    assert_int_equal(e.category, REGIO_TRACK_NO_DATA);
    assert_int_equal(e.baseline_stated, 1);
    assert_double_equal(e.gap, 20, 0);
    /* malformed specs are refused */
    regio_error err;
    s.baseline_year = 0;
    assert_int_equal(regio_track_assess(&s, y, none, 2, &e, &err), REGIO_EINVAL);
    const int bad_years[] = {2021, 2020};
    s = spec(REGIO_CMP_GE, 100, 2025, 2020, NAN, REGIO_TRACK_COMPOUND);
    assert_int_equal(regio_track_assess(&s, bad_years, none, 2, &e, &err), REGIO_EINVAL);
}

/* Growth targets: average of 9% a year over 2021-2025; 7% and 8% observed. */
static void test_growth_target(void **state) {
    (void)state;
    const int y[] = {2020, 2021, 2022};
    const double g[] = {4.0, 7.0, 8.0};
    regio_track_spec s = spec(REGIO_CMP_GE, 9, 2025, 2020, NAN, REGIO_TRACK_GROWTH);
    regio_track_eval e = run(&s, y, g, 3);
    double realised = (sqrt(1.07 * 1.08) - 1) * 100;
    double remaining = (pow(pow(1.09, 5) / (1.07 * 1.08), 1.0 / 3) - 1) * 100;
    assert_double_equal(e.actual_rate, realised, 1e-12);
    assert_double_equal(e.required_rate, 9, 0);
    assert_double_equal(e.remaining_rate, remaining, 1e-12);
    assert_double_equal(e.ratio, realised / 9, 1e-12);
    assert_int_equal(e.category, REGIO_TRACK_MODERATE);   /* 7.499 / 9 = 0.833 */
    assert_double_equal(e.baseline_value, 4.0, 0);         /* the baseline year's own growth, not counted */
    /* projection: the trend 7, 8 continues 9, 10, 11 */
    assert_double_equal(e.projected_value, (pow(1.07 * 1.08 * 1.09 * 1.10 * 1.11, 0.2) - 1) * 100, 1e-9);
    /* a missing year counts as still to come */
    const double gap_year[] = {4.0, NAN, 8.0};
    e = run(&s, y, gap_year, 3);
    assert_double_equal(e.actual_rate, 8.0, 1e-12);
    assert_double_equal(e.remaining_rate, (pow(pow(1.09, 5) / 1.08, 0.25) - 1) * 100, 1e-12);
    /* the whole period observed at 9% or more: met */
    const int y5[] = {2021, 2022, 2023, 2024, 2025};
    const double g5[] = {9, 9.5, 9, 10, 9};
    e = run(&s, y5, g5, 5);
    assert_int_equal(e.category, REGIO_TRACK_MET);
    /* a target that multiplies the baseline level: 翻一番 */
    regio_track_spec m = spec(REGIO_CMP_GE, 2, 2023, 2020, NAN, REGIO_TRACK_COMPOUND);
    m.target_is_multiple = 1;
    const double lv[] = {50, 60, 72};
    e = run(&m, y, lv, 3);
    assert_double_equal(e.target_level, 100, 0);
    assert_double_equal(e.required_rate, (pow(2.0, 1.0 / 3) - 1) * 100, 1e-12);
    assert_double_equal(e.actual_rate, 20.0, 1e-12);
}

static void test_fit(void **state) {
    (void)state;
    const int y[] = {2020, 2021, 2022, 2023};
    const double v[] = {1, 3, 5, 7};
    double b, a;
    assert_int_equal(regio_track_fit(y, v, 4, &b, &a), 0);
    assert_double_equal(b, 2, 1e-12);
    assert_double_equal(a + b * 2025, 11, 1e-9);
    const double one[] = {1, NAN, NAN, NAN};
    assert_int_equal(regio_track_fit(y, one, 4, &b, &a), -1);
}

/* ---- the shipped Yunnan data ---- */

typedef struct yn { char *dir; regio_plan *plan; regio_store *st; regio_track_list *all, *y2021; } yn;

static int setup_yunnan(void **state) {
    yn *y = calloc(1, sizeof *y);
    regio_error err;
    static const char *const files[] = {"census2020_ages.csv", "census2020_education.csv", "census2020_employment.csv",
                                        "census2020_households.csv", "census2020_housing.csv", "census2020_population.csv",
                                        "census_county_pop.csv", "census_prefectures_leiii.csv", "county_indicators.csv",
                                        "county_yearbook_2021.csv", "plan_baselines.csv", "prefecture_indicators.csv", NULL};
    y->dir = tu_tempdir();
    int rc = tu_store_with(REGIO_SOURCE_DIR "/data/yunnan", y->dir, files, &y->plan, &y->st, &err);
    if (!rc) rc = regio_track_targets(y->st, y->plan, 0, &y->all, &err);
    if (!rc) rc = regio_track_targets(y->st, y->plan, 2021, &y->y2021, &err);
    if (rc) fprintf(stderr, "%s\n", err.en);
    assert_int_equal(rc, REGIO_OK);
    *state = y;
    return 0;
}

static int teardown_yunnan(void **state) {
    yn *y = *state;
    regio_track_list_free(y->all);
    regio_track_list_free(y->y2021);
    regio_store_close(y->st);
    regio_plan_free(y->plan);
    tu_rmtree(y->dir);
    free(y);
    return 0;
}

static const regio_track_result *find(const yn *y, const regio_track_list *l, const char *code) {
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(y->plan->targets[l->items[i].target].code, code) == 0) return &l->items[i];
    fail_msg("target %s not tracked", code);
    return NULL;
}

static const regio_track_point *year_of(const regio_track_result *r, int year) {
    for (size_t i = 0; i < r->nseries; i++)
        if (r->series[i].year == year) return &r->series[i];
    fail_msg("no %d in the series", year);
    return NULL;
}

/* ---- the trend tests of gap targets (track_trend_test.c) ----
 * Expected values from an independent python3-stdlib computation: S by the double loop, the exact p by
 * enumerating every permutation (itertools.permutations: P(S_perm <= S)), the tie-corrected normal p with
 * statistics.NormalDist, Sen's slope with statistics.median of the pairwise slopes. */

static void test_mann_kendall_exact(void **state) {
    (void)state;
    regio_mann_kendall mk;
    regio_error err;
    int y[7] = {2020, 2021, 2022, 2023, 2024, 2025, 2026};
    /* strictly falling, n = 5: S = −10, P(S <= −10) = 1/120 (one permutation of 120) */
    double a[5] = {5, 4, 3, 2, 1};
    assert_int_equal(regio_track_mann_kendall(y, a, 5, &mk, &err), REGIO_OK);
    assert_true(mk.exact);
    assert_double_equal(mk.s, -10, 0);
    assert_double_equal(mk.p_decrease, 1.0 / 120, 1e-12);
    assert_double_equal(mk.p_increase, 1.0, 1e-12);
    assert_double_equal(mk.p_two, 2.0 / 120, 1e-12);
    assert_double_equal(mk.sen_slope, -1, 1e-12);
    /* 0.41 0.39 0.40 0.37 0.36 0.35: S = −13, P(S <= −13) = 6/720 = 0.008333…, P(S >= −13) = 719/720; Sen −0.01 */
    double b[6] = {0.41, 0.39, 0.40, 0.37, 0.36, 0.35};
    assert_int_equal(regio_track_mann_kendall(y, b, 6, &mk, &err), REGIO_OK);
    assert_double_equal(mk.s, -13, 0);
    assert_double_equal(mk.p_decrease, 0.008333333333333333, 1e-12);
    assert_double_equal(mk.p_increase, 0.9986111111111111, 1e-12);
    assert_double_equal(mk.sen_slope, -0.01, 1e-12);
    /* rising with two swaps, n = 7: S = 17, P(S >= 17) = 27/5040 = 0.005357142857142857 */
    double c[7] = {1, 3, 2, 4, 6, 5, 7};
    assert_int_equal(regio_track_mann_kendall(y, c, 7, &mk, &err), REGIO_OK);
    assert_double_equal(mk.s, 17, 0);
    assert_double_equal(mk.p_increase, 0.005357142857142857, 1e-12);
    assert_double_equal(mk.p_decrease, 0.9986111111111111, 1e-12);
    /* two years (the shipped prefecture CV 2020→2021): S = +1, P(S <= 1) = 1, P(S >= 1) = 1/2 */
    double d[2] = {0.3394, 0.3460};
    assert_int_equal(regio_track_mann_kendall(y, d, 2, &mk, &err), REGIO_OK);
    assert_double_equal(mk.p_decrease, 1.0, 1e-12);
    assert_double_equal(mk.p_increase, 0.5, 1e-12);
    /* the smallest p a series of n years can reach is 1/n!: 4 years can pass 5% (1/24), 3 cannot (1/6) */
    assert_int_equal(regio_track_mann_kendall(y, a + 1, 4, &mk, &err), REGIO_OK);
    assert_double_equal(mk.p_decrease, 1.0 / 24, 1e-12);
    assert_int_equal(regio_track_mann_kendall(y, a + 2, 3, &mk, &err), REGIO_OK);
    assert_double_equal(mk.p_decrease, 1.0 / 6, 1e-12);
    /* years must ascend, values be finite */
    int bad_y[3] = {2020, 2020, 2021};
    assert_int_equal(regio_track_mann_kendall(bad_y, a, 3, &mk, &err), REGIO_EINVAL);
    double nan3[3] = {1, NAN, 2};
    assert_int_equal(regio_track_mann_kendall(y, nan3, 3, &mk, &err), REGIO_EINVAL);
}

static void test_mann_kendall_ties(void **state) {
    (void)state;
    regio_mann_kendall mk;
    regio_error err;
    int y[5] = {2020, 2021, 2022, 2023, 2024};
    /* 1 2 2 3 4: S = 9, one tie of 2: var = (5·4·15 − 2·1·9)/18 = 15.6667, z = (9 − 1)/√var = 2.0211646,
     * one-sided p (increase) = 1 − Φ(z) = 0.021631363903455325 */
    double x[5] = {1, 2, 2, 3, 4};
    assert_int_equal(regio_track_mann_kendall(y, x, 5, &mk, &err), REGIO_OK);
    assert_false(mk.exact);
    assert_int_equal((int)mk.ties, 1);
    assert_double_equal(mk.s, 9, 0);
    assert_double_equal(mk.var_s, 15.666666666666666, 1e-12);
    assert_double_equal(mk.z, 2.0211646105596457, 1e-12);
    assert_double_equal(mk.p_increase, 0.021631363903455325, 1e-12);
    assert_double_equal(mk.p_decrease, 0.9783686360965447, 1e-12);
}

static void test_fit_ci(void **state) {
    (void)state;
    /* 1, 2, 4 over three years: slope 1.5, residuals 1/6, −1/3, 1/6, RSS 1/6, se = √(RSS/1/2) = 0.2886751;
     * t(0.975, 1 df) = 12.7062047 (the tabulated value) → 1.5 ± 3.6679929 */
    int y[3] = {2020, 2021, 2022};
    double v[3] = {1, 2, 4}, b, lo, hi;
    assert_int_equal(regio_track_fit_ci(y, v, 3, 0.95, &b, &lo, &hi), 0);
    assert_double_equal(b, 1.5, 1e-12);
    assert_double_equal(lo, 1.5 - 12.7062047 * 0.28867513459, 1e-6);
    assert_double_equal(hi, 1.5 + 12.7062047 * 0.28867513459, 1e-6);
    /* two points: a slope, no interval */
    assert_int_equal(regio_track_fit_ci(y, v, 2, 0.95, &b, &lo, &hi), 0);
    assert_double_equal(b, 1, 1e-12);
    assert_true(isnan(lo) && isnan(hi));
    assert_int_equal(regio_track_fit_ci(y, v, 1, 0.95, &b, &lo, &hi), -1);
}

/* All 21 targets (17 and the 4 gap targets), each with a finding in both languages; those without an assessment
 * say which data would answer them. (17, not 20: pension and medical insurance coverage and life expectancy are the plan's 2020
 * baselines, monitored without a target — docs/plan/plan-original.txt line 16; test_yunnan_monitored.) */
static void test_yunnan_all_targets(void **state) {
    yn *y = *state;
    assert_int_equal((int)y->all->n, 21);
    assert_int_equal((int)y->plan->ntargets, 21);
    for (size_t i = 0; i < y->all->n; i++) {
        const regio_track_result *r = &y->all->items[i];
        assert_int_equal((int)r->target, (int)i);
        assert_non_null(r->finding_zh);
        assert_non_null(r->finding_en);
        if (r->eval.category == REGIO_TRACK_NO_DATA) { assert_non_null(r->needs_zh); assert_non_null(r->needs_en); }
        else assert_null(r->needs_en);
    }
}

/* 滇中 GDP share. Hand computation from data/yunnan/observations:
 *   2020, prefecture_indicators.csv: 昆明 6733.79 + 曲靖 2959.35 + 玉溪 2058.14 + 楚雄 1372.16 = 13123.44;
 *   county_indicators.csv, the 7 红河 counties: 个旧 339.0952 + 开远 269.2403 + 蒙自 390.8458 + 弥勒 442.001
 *   + 建水 224.0075 + 石屏 133.024 + 泸西 152.2895 = 1950.5033; 滇中 = 15073.9433 亿元; province 24521.9;
 *   share = 100 × 15073.9433 / 24521.9 = 61.4718 % (the plan states 61.5, used as the baseline).
 *   2021, prefecture_indicators.csv: 7222.50 + 3393.91 + 2352.30 + 1608.12 = 14576.83 over 27146.76 = 53.70 %,
 *   but only 4 of the 11 members (no county GDP after 2020): listed, incomplete, not assessed.
 * So the target has no usable observation after its 2020 baseline: no data, and the 7 counties are named. */
static void test_yunnan_dianzhong_gdp_share(void **state) {
    yn *y = *state;
    const regio_track_result *r = find(y, y->all, "dz_gdp_share");
    const regio_track_point *p20 = year_of(r, 2020), *p21 = year_of(r, 2021);
    assert_double_equal(p20->value, 100 * 15073.9433 / 24521.9, 1e-9);
    assert_true(p20->complete);
    assert_int_equal((int)p20->members_used, 11);
    assert_int_equal((int)p20->members_total, 11);
    assert_double_equal(p21->value, 100 * 14576.83 / 27146.76, 1e-9);
    assert_false(p21->complete);
    assert_false(p21->used);
    assert_int_equal((int)p21->members_used, 4);
    assert_int_equal(r->eval.method, REGIO_TRACK_POINTS);
    assert_int_equal(r->eval.baseline_year, 2020);
    assert_double_equal(r->eval.baseline_value, 61.5, 0);
    assert_true(r->eval.baseline_stated);
    assert_double_equal(r->eval.required_rate, (68 - 61.5) / 5, 1e-12); /* +1.3 points a year */
    assert_int_equal(r->eval.category, REGIO_TRACK_NO_DATA);
    assert_non_null(strstr(r->needs_en, "532501"));
    assert_non_null(strstr(r->needs_zh, "蒙自"));
    assert_non_null(strstr(r->finding_en, "grey"));
}

/* 滇中 population share. Hand computation from data/yunnan/observations:
 *   2020: prefecture_indicators.csv 846.0088 + 576.5775 + 224.9502 + 241.6747 = 1889.2112; census_county_pop.csv
 *   41.9314 + 32.3031 + 58.5976 + 53.8083 + 53.4205 + 27.1951 + 38.9138 = 306.1698; 滇中 2195.381 万人 over
 *   4720.9277 = 46.5032 % (the plan states 47).
 *   2021: 850.2 + 570.1 + 224 + 239.1 = 1883.4 over 4690 = 40.16 %, 4 of 11 members: not assessed. */
static void test_yunnan_dianzhong_pop_share(void **state) {
    yn *y = *state;
    const regio_track_result *r = find(y, y->all, "dz_pop_share");
    assert_double_equal(year_of(r, 2020)->value, 100 * 2195.381 / 4720.9277, 1e-9);
    assert_true(year_of(r, 2020)->complete);
    assert_double_equal(year_of(r, 2021)->value, 100 * 1883.4 / 4690, 1e-9);
    assert_false(year_of(r, 2021)->complete);
    assert_double_equal(r->eval.baseline_value, 47, 0);
    assert_double_equal(r->eval.required_rate, (50 - 47) / 5.0, 1e-12);
    assert_int_equal(r->eval.category, REGIO_TRACK_NO_DATA);
}

/* 昆明 GDP ≥ 1万亿元 by 2025, from prefecture_indicators.csv: 2020 6733.79, 2021 7222.50, 2022 7541.37 (no 2023).
 *   required (10000 / 6733.79)^(1/5) - 1 = 8.23 % a year; actual (7541.37 / 6733.79)^(1/2) - 1 = 5.83 % a year;
 *   ratio 0.708 → moderate, yellow. Least squares over 2020-2022: slope (7541.37 - 6733.79) / 2 = 403.79 a year
 *   through the mean 7165.8867 at 2021: 2025 → 7165.8867 + 4 × 403.79 = 8781.05; 10000 reached at
 *   2021 + 2834.1133 / 403.79 = 2028.02 → 2029. As of 2021: actual 7222.50 / 6733.79 - 1 = 7.26 %. */
static void test_yunnan_kunming_gdp(void **state) {
    yn *y = *state;
    const regio_track_result *r = find(y, y->all, "km_gdp");
    const regio_track_eval *e = &r->eval;
    assert_int_equal(e->method, REGIO_TRACK_COMPOUND);
    assert_int_equal(e->baseline_year, 2020);
    assert_false(e->baseline_stated);
    assert_double_equal(e->baseline_value, 6733.79, 0);
    assert_int_equal(e->latest_year, 2022);
    assert_double_equal(e->latest_value, 7541.37, 0);
    assert_double_equal(e->gap, 10000 - 7541.37, 1e-9);
    assert_double_equal(e->required_rate, (pow(10000 / 6733.79, 0.2) - 1) * 100, 1e-12);
    assert_double_equal(e->actual_rate, (sqrt(7541.37 / 6733.79) - 1) * 100, 1e-12);
    assert_double_equal(e->required_rate, 8.23, 0.005);
    assert_double_equal(e->actual_rate, 5.83, 0.005);
    assert_int_equal(e->category, REGIO_TRACK_MODERATE);
    assert_double_equal(e->slope, 403.79, 1e-9);
    assert_double_equal(e->projected_value, (6733.79 + 7222.50 + 7541.37) / 3 + 4 * 403.79, 1e-8);
    assert_int_equal(e->year_reached, 2029);
    assert_true(r->complete);
    assert_non_null(strstr(r->finding_en, "needs +8.23% a year, achieved +5.83% a year since 2020"));
    assert_non_null(strstr(r->finding_en, "yellow"));
    const regio_track_result *r21 = find(y, y->y2021, "km_gdp");
    assert_int_equal(r21->eval.latest_year, 2021);
    assert_double_equal(r21->eval.actual_rate, (7222.50 / 6733.79 - 1) * 100, 1e-12);
    assert_int_equal(y->y2021->as_of, 2021);
}

/* Urban-rural income ratio ≈ 2.7 (lower is better), baseline 2.92 in 2020 as the plan states
 * (plan_baselines.csv: 2015 3.2, 2020 2.92). Required (2.7 / 2.92)^(1/5) - 1 = -1.554 % a year; the direction is
 * downwards; no province incomes after 2020 are shipped, so no data, and the incomes that would answer it are
 * named. */
static void test_yunnan_income_ratio(void **state) {
    yn *y = *state;
    const regio_track_result *r = find(y, y->all, "income_ratio");
    const regio_track_eval *e = &r->eval;
    assert_double_equal(e->baseline_value, 2.92, 0);
    assert_true(e->baseline_stated);
    assert_int_equal(e->direction, -1);
    assert_int_equal(e->latest_year, 2020);
    assert_double_equal(e->latest_value, 2.92, 0);
    assert_double_equal(e->required_rate, (pow(2.7 / 2.92, 0.2) - 1) * 100, 1e-12);
    assert_double_equal(e->required_rate, -1.554, 0.001);
    assert_double_equal(e->gap, 2.7 - 2.92, 1e-12);
    assert_int_equal(e->category, REGIO_TRACK_NO_DATA);
    assert_double_equal(year_of(r, 2015)->value, 3.2, 0);
    assert_false(year_of(r, 2015)->used); /* before the baseline */
    assert_non_null(strstr(r->needs_en, "income_urban"));
    assert_non_null(strstr(r->needs_en, "income_rural"));
}

/* Targets of groups without members, and growth of a block whose counties publish no growth. */
static void test_yunnan_unanswerable(void **state) {
    yn *y = *state;
    const regio_track_result *r = find(y, y->all, "km_metro_gdp_share");
    assert_int_equal(r->eval.category, REGIO_TRACK_NO_DATA);
    assert_int_equal((int)r->nseries, 0);
    assert_non_null(strstr(r->needs_en, "membership"));
    r = find(y, y->all, "dz_gdp_growth");
    assert_int_equal(r->eval.method, REGIO_TRACK_GROWTH);
    assert_int_equal(r->eval.category, REGIO_TRACK_NO_DATA);
    assert_non_null(strstr(r->needs_en, "gdp_growth_real"));
    assert_non_null(r->note_en);
    r = find(y, y->all, "income_growth_sync");
    assert_non_null(strstr(r->needs_en, "income_growth_real"));
    r = find(y, y->all, "km_industrial_investment");
    assert_true(r->spec.target_is_multiple);
}

static const regio_track_trend *find_trend(const yn *y, const regio_track_list *l, const char *code) {
    for (size_t i = 0; i < l->ntrends; i++)
        if (strcmp(y->plan->monitors[l->trends[i].monitor].code, code) == 0) return &l->trends[i];
    fail_msg("monitored indicator %s not tracked", code);
    return NULL;
}

/* The three 2020 baselines of plan_baselines.csv (养老保险参保率达90%，基本医疗保险参保率达95%，人均预期寿命达到75.26岁,
 * plan-normalized line 45) are monitored without a target; with no later data shipped, each has its baseline and
 * no status, never a warning colour. */
static void test_yunnan_monitored(void **state) {
    yn *y = *state;
    assert_int_equal((int)y->plan->nmonitors, 3);
    assert_int_equal((int)y->all->ntrends, 3);
    static const struct { const char *code; double base; } B[] = {
        {"pension_coverage", 90}, {"medical_insurance_coverage", 95}, {"life_expectancy", 75.26}};
    for (size_t i = 0; i < 3; i++) {
        const regio_track_trend *t = find_trend(y, y->all, B[i].code);
        assert_int_equal(t->baseline_year, 2020);
        assert_double_equal(t->baseline_value, B[i].base, 0);
        assert_int_equal(t->latest_year, 0);
        assert_int_equal(t->category, REGIO_TRACK_NO_DATA);
        assert_string_equal(regio_track_trend_name(t->category), "no_data");
        assert_non_null(strstr(t->needs_en, "for a year after 2020"));
        assert_non_null(strstr(t->finding_zh, "2020年基期"));
    }
}

/* A monitored indicator's status on synthetic values (the Yunnan plan, year matrices built here; not data).
 * Hand computation: pension coverage 90 (2020) → 92.5 (2023): CAGR (92.5 / 90)^(1/3) − 1 = 0.9174 % a year,
 * +0.8333 points a year; Open SDG's thresholds for indicators without a target (≥ 1.5 significant, ≥ 0.5
 * moderate) → moderate progress. Life expectancy 75.26 → 74.9: (74.9 / 75.26)^(1/3) − 1 = −0.1597 % a year →
 * moving away. Medical insurance 95 (2020) only → no data. */
static void test_monitored_trend_synthetic(void **state) {
    yn *y = *state;
    const regio_plan *p = y->plan;
    size_t n = p->nindicators * p->nregions;
    double *m20 = malloc(n * sizeof *m20), *m23 = malloc(n * sizeof *m23);
    assert_non_null(m20);
    assert_non_null(m23);
    for (size_t i = 0; i < n; i++) m20[i] = m23[i] = NAN;
    size_t prov = (size_t)regio_plan_root(p), nr = p->nregions;
    size_t pc = (size_t)regio_plan_indicator(p, "pension_coverage"), mi = (size_t)regio_plan_indicator(p, "medical_insurance_coverage");
    size_t le = (size_t)regio_plan_indicator(p, "life_expectancy");
    m20[pc * nr + prov] = 90; m20[mi * nr + prov] = 95; m20[le * nr + prov] = 75.26;
    m23[pc * nr + prov] = 92.5; m23[le * nr + prov] = 74.9;
    const int years[] = {2020, 2023};
    const double *mats[] = {m20, m23};
    regio_track_list *l = NULL;
    regio_error err;
    regio_error_clear(&err);
    assert_int_equal(regio_track_build(p, years, mats, 2, 0, &l, &err), REGIO_OK);
    const regio_track_trend *t = find_trend(y, l, "pension_coverage");
    assert_int_equal(t->baseline_year, 2020);
    assert_int_equal(t->latest_year, 2023);
    assert_double_equal(t->cagr, (pow(92.5 / 90, 1.0 / 3) - 1) * 100, 1e-12);
    assert_double_equal(t->cagr, 0.9174, 1e-4);
    assert_double_equal(t->change_per_year, 2.5 / 3, 1e-12);
    assert_int_equal(t->change_sign, 1);
    assert_int_equal(t->category, REGIO_TRACK_MODERATE);
    assert_string_equal(regio_track_trend_name(t->category), "moderate_progress");
    assert_non_null(strstr(t->finding_en, "+0.92% a year (+0.83 points a year), rising → moderate progress"));
    assert_non_null(strstr(t->finding_zh, "温和改善"));
    assert_null(t->needs_en);
    t = find_trend(y, l, "life_expectancy");
    assert_double_equal(t->cagr, (pow(74.9 / 75.26, 1.0 / 3) - 1) * 100, 1e-12);
    assert_double_equal(t->cagr, -0.1597, 1e-4);
    assert_int_equal(t->change_sign, -1);
    assert_int_equal(t->category, REGIO_TRACK_MOVING_AWAY);
    t = find_trend(y, l, "medical_insurance_coverage");
    assert_int_equal(t->category, REGIO_TRACK_NO_DATA);
    assert_int_equal(t->baseline_year, 2020);
    regio_track_list_free(l);
    free(m20);
    free(m23);
}

int main(void) {
    const struct CMUnitTest unit[] = {
        cmocka_unit_test(test_ratio_boundaries), cmocka_unit_test(test_trend_boundaries), cmocka_unit_test(test_cagr),
        cmocka_unit_test(test_points_boundaries_and_zero_baseline), cmocka_unit_test(test_compound_boundaries),
        cmocka_unit_test(test_decreasing), cmocka_unit_test(test_approx), cmocka_unit_test(test_already_met),
        cmocka_unit_test(test_missing_years), cmocka_unit_test(test_no_data), cmocka_unit_test(test_growth_target),
        cmocka_unit_test(test_fit), cmocka_unit_test(test_mann_kendall_exact), cmocka_unit_test(test_mann_kendall_ties),
        cmocka_unit_test(test_fit_ci),
    };
    const struct CMUnitTest yunnan[] = {
        cmocka_unit_test(test_yunnan_all_targets), cmocka_unit_test(test_yunnan_dianzhong_gdp_share),
        cmocka_unit_test(test_yunnan_dianzhong_pop_share), cmocka_unit_test(test_yunnan_kunming_gdp),
        cmocka_unit_test(test_yunnan_income_ratio), cmocka_unit_test(test_yunnan_unanswerable),
        cmocka_unit_test(test_yunnan_monitored), cmocka_unit_test(test_monitored_trend_synthetic),
    };
    int rc = cmocka_run_group_tests_name("track", unit, NULL, NULL);
    rc |= cmocka_run_group_tests_name("track on the Yunnan data", yunnan, setup_yunnan, teardown_yunnan);
    return rc;
}
