/* test_access_measures.c — accessibility measures against pysal/access's own tests.
 *
 * References (pysal/access, commit 541de01, access/tests/):
 *   P1 test_floating_catchment_area.py: a 5 × 5 grid of supply points of value 1 (util.create_nxn_grid), demand at 5
 *      of them (value 1), Euclidean costs (util.create_cost_matrix): 2SFCA and E2SFCA with no limit = 5, with
 *      max_cost 0.9 = 1, with max_cost −1 = NaN (regio: 0, see access.h);
 *   P2 test_weighted_catchment.py: the same grid, demand at one point: step_fn({0.5: 1}) = 1, step_fn({0.5: 0.5})
 *      = 0.5, step_fn({10: 1}) = 25; with demand at every point, gravity(scale=60, alpha=1) at ids 1, 5, 13, 19, 24
 *      = 1.322340210, 1.322340210, 0.780985109, 0.925540119, 1.133733026 (pytest.approx, rel 1e-6);
 *   P3 test_hospital_example.py: three tracts (pop 100, 50, 10; doc 15, 20, 100), four congestion scenarios,
 *      2SFCA with gravity(1, −1) and max_cost 61, whose expected values the test computes with its own
 *      simple_2sfca; we evaluated simple_2sfca's formula on the four scenarios (values below) and check the
 *      orderings the test asserts (test_scenario_0_v_1 … 0_v_3);
 *   P4 weights.py doctests: step_fn({20: 1, 40: 0.68, 60: 0.22}) at 0..70, gaussian(20) at 0, 20, 40, 60,
 *      gravity(scale=20, alpha=−2, min_dist=1) at 0, 1, 2, 20, 40, 60. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include "regio/access.h"

/* the 5 × 5 grid: id k+1 at (k / 5, k % 5), Euclidean costs between all 25 */
static void grid_cost(double *c) {
    for (int a = 0; a < 25; a++)
        for (int b = 0; b < 25; b++) c[a * 25 + b] = hypot((a / 5) - (b / 5), (a % 5) - (b % 5));
}

static void test_pysal_fca_grid(void **state) {
    (void)state;
    double all[625], cost[5 * 25], supply[25], demand[5], out[5];
    grid_cost(all);
    /* any 5 of the points (pysal samples them): results do not depend on which */
    int pick[5] = {0, 7, 12, 18, 24};
    for (int i = 0; i < 5; i++) {
        demand[i] = 1;
        for (int j = 0; j < 25; j++) cost[i * 25 + j] = all[pick[i] * 25 + j];
    }
    for (int j = 0; j < 25; j++) supply[j] = 1;
    regio_error err;
    regio_decay e2;
    regio_decay_e2sfca_default(&e2);
    for (int d = 0; d < 2; d++) {
        const regio_decay *dec = d ? &e2 : NULL;
        assert_int_equal(regio_access_2sfca(cost, 5, 25, demand, supply, dec, 0, out, NULL, &err), REGIO_OK);
        for (int i = 0; i < 5; i++) assert_double_equal(out[i], 5, 1e-12);
        assert_int_equal(regio_access_2sfca(cost, 5, 25, demand, supply, dec, 0.9, out, NULL, &err), REGIO_OK);
        for (int i = 0; i < 5; i++) assert_double_equal(out[i], 1, 1e-12);
        assert_int_equal(regio_access_2sfca(cost, 5, 25, demand, supply, dec, 1e-300, out, NULL, &err), REGIO_OK);
        for (int i = 0; i < 5; i++) assert_double_equal(out[i], 1, 1e-12); /* only the point itself (cost 0) */
    }
    /* max_cost −1 (pysal: NaN): no pair is in reach. regio reads max_cost <= 0 as "no limit", so the empty
     * catchment is an infinite cost matrix; nothing in reach is an accessibility of 0 in regio */
    double none[5 * 25];
    for (int k = 0; k < 125; k++) none[k] = INFINITY;
    assert_int_equal(regio_access_2sfca(none, 5, 25, demand, supply, NULL, 0, out, NULL, &err), REGIO_OK);
    for (int i = 0; i < 5; i++) assert_double_equal(out[i], 0, 0);
}

static void test_pysal_weighted_catchment(void **state) {
    (void)state;
    double all[625], supply[25], out[25];
    grid_cost(all);
    for (int j = 0; j < 25; j++) supply[j] = 1;
    regio_error err;
    regio_decay st = {0};
    st.kind = REGIO_DECAY_STEP;
    st.nsteps = 1;
    st.upto[0] = 0.5; st.weight[0] = 1;
    /* demand at one point: pysal's weighted_catchment sums the supply weighted by the cost */
    assert_int_equal(regio_access_gravity(all + 6 * 25, 1, 25, supply, &st, 0, out, &err), REGIO_OK);
    assert_double_equal(out[0], 1, 0);
    st.weight[0] = 0.5;
    assert_int_equal(regio_access_gravity(all + 6 * 25, 1, 25, supply, &st, 0, out, &err), REGIO_OK);
    assert_double_equal(out[0], 0.5, 0);
    st.upto[0] = 10; st.weight[0] = 1;
    assert_int_equal(regio_access_gravity(all + 6 * 25, 1, 25, supply, &st, 0, out, &err), REGIO_OK);
    assert_double_equal(out[0], 25, 0);
    /* cumulative opportunities within 1.5: the point, 4 at distance 1 and 4 at √2 from the centre (id 13) */
    assert_int_equal(regio_access_gravity(all + 12 * 25, 1, 25, NULL, NULL, 1.5, out, &err), REGIO_OK);
    assert_double_equal(out[0], 9, 0);
    /* gravity(scale=60, alpha=1) with demand at every point */
    regio_decay gv = {0};
    gv.kind = REGIO_DECAY_POWER;
    gv.scale = 60; gv.alpha = 1;
    assert_int_equal(regio_access_gravity(all, 25, 25, supply, &gv, 0, out, &err), REGIO_OK);
    const int ids[5] = {1, 5, 13, 19, 24};
    const double want[5] = {1.322340210, 1.322340210, 0.780985109, 0.925540119, 1.133733026};
    for (int k = 0; k < 5; k++) assert_double_equal(out[ids[k] - 1], want[k], 1e-6 * want[k]);
}

/* P3: the hospital example; cost[origin × 3 + dest] */
static void hospital_costs(int s, double *c) {
    double in13 = s == 1 || s == 3 ? 20 : 40, out31 = s == 2 || s == 3 ? 20 : 40, cross = s == 3 ? 40 : 80;
    double m[9] = {1, cross, in13, cross, 1, in13, out31, out31, 1};
    for (int k = 0; k < 9; k++) c[k] = m[k];
}

static void test_pysal_hospital(void **state) {
    (void)state;
    const double pop[3] = {100, 50, 10}, doc[3] = {15, 20, 100};
    /* simple_2sfca of test_hospital_example.py, evaluated on each scenario */
    const double want[4][3] = {
        {0.331444116980277, 0.579828132066938, 7.28641816986254},
        {0.43534022087638, 0.683724235963042, 5.72797661142099},
        {0.331071913161465, 0.577857785778578, 7.29999193949246},
        {0.442568395398584, 0.666758279965827, 5.74052464618502},
    };
    regio_decay gv = {0};
    gv.kind = REGIO_DECAY_POWER;
    gv.scale = 1; gv.alpha = -1;
    double a[4][3], c[9], R[3];
    regio_error err;
    for (int s = 0; s < 4; s++) {
        hospital_costs(s, c);
        assert_int_equal(regio_access_2sfca(c, 3, 3, pop, doc, &gv, 61, a[s], R, &err), REGIO_OK);
        for (int i = 0; i < 3; i++) assert_double_equal(a[s][i], want[s][i], 1e-12 * want[s][i]);
    }
    /* the orderings test_scenario_0_v_1 … 0_v_3 assert */
    assert_true(a[1][0] > a[0][0] && a[1][1] > a[0][1] && a[1][2] < a[0][2]);
    assert_true(a[2][0] < a[0][0] && a[2][1] < a[0][1] && a[2][2] > a[0][2]);
    assert_true(a[3][0] > a[0][0] && a[3][1] > a[0][1] && a[3][2] < a[0][2]);
    /* an infinite weight at cost 0 is an error, not inf */
    c[0] = 0;
    assert_int_equal(regio_access_2sfca(c, 3, 3, pop, doc, &gv, 61, a[0], NULL, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "needs a minimum cost"));
    gv.min_cost = 1;
    assert_int_equal(regio_access_2sfca(c, 3, 3, pop, doc, &gv, 61, a[0], NULL, &err), REGIO_OK);
}

static void test_pysal_weights(void **state) {
    (void)state;
    regio_decay st = {0};
    st.kind = REGIO_DECAY_STEP;
    st.nsteps = 3;
    st.upto[0] = 20; st.upto[1] = 40; st.upto[2] = 60;
    st.weight[0] = 1; st.weight[1] = 0.68; st.weight[2] = 0.22;
    regio_error err;
    assert_int_equal(regio_decay_check(&st, &err), REGIO_OK);
    const double step_want[8] = {1, 1, 1, 0.68, 0.68, 0.22, 0.22, 0};
    for (int v = 0; v <= 7; v++) assert_double_equal(regio_decay_weight(&st, 10.0 * v), step_want[v], 0);
    regio_decay g = {0};
    g.kind = REGIO_DECAY_GAUSS;
    g.sigma = 20;
    const double gw[4] = {1.0, 0.6065306597126334, 0.1353352832366127, 0.011108996538242306};
    for (int v = 0; v < 4; v++) assert_double_equal(regio_decay_weight(&g, 20.0 * v), gw[v], 1e-15);
    regio_decay p = {0};
    p.kind = REGIO_DECAY_POWER;
    p.scale = 20; p.alpha = -2; p.min_cost = 1;
    const double pc[6] = {0, 1, 2, 20, 40, 60}, pw[6] = {400, 400, 100, 1, 0.25, 0.11};
    for (int k = 0; k < 6; k++) assert_double_equal(round(regio_decay_weight(&p, pc[k]) * 100) / 100, pw[k], 1e-12);
    regio_decay e = {0};
    e.kind = REGIO_DECAY_EXP;
    e.beta = 0.05;
    assert_double_equal(regio_decay_weight(&e, 20), exp(-1), 1e-15);
    /* bad parameters */
    st.upto[1] = 10;
    assert_int_equal(regio_decay_check(&st, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "step 2"));
    g.sigma = 0;
    assert_int_equal(regio_decay_check(&g, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.zh, "sigma"));
}

static void test_nearest(void **state) {
    (void)state;
    const double c[6] = {5, 3, INFINITY, INFINITY, INFINITY, INFINITY};
    const double s[3] = {1, 0, 1};
    double out[2];
    long w[2];
    regio_error err;
    assert_int_equal(regio_access_nearest(c, 2, 3, NULL, out, w, &err), REGIO_OK);
    assert_double_equal(out[0], 3, 0);
    assert_int_equal(w[0], 1);
    assert_true(isnan(out[1]) && w[1] == -1);
    assert_int_equal(regio_access_nearest(c, 2, 3, s, out, w, &err), REGIO_OK); /* destination 1 has no supply */
    assert_double_equal(out[0], 5, 0);
    assert_int_equal(w[0], 0);
    const double bad[2] = {1, -2};
    assert_int_equal(regio_access_nearest(bad, 1, 2, NULL, out, w, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "origin 0 to destination 1: invalid cost -2"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pysal_fca_grid), cmocka_unit_test(test_pysal_weighted_catchment),
        cmocka_unit_test(test_pysal_hospital), cmocka_unit_test(test_pysal_weights), cmocka_unit_test(test_nearest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
