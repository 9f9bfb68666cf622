/* test_composite.c — the composite-index engine (regio/composite.h) against published worked examples and hand
 * computations.
 *
 * Published references (tests/reference/composite-published.json):
 *   - TOPSIS: Papathanasiou & Ploskas (2018), Multiple Criteria Decision Aid, Springer, ch. TOPSIS: 6 × 4 matrix,
 *     weights 0.4/0.3/0.1/0.2, all benefit criteria; closeness to 3 dp and ranks (as asserted by energyinpython's
 *     distance_metrics_mcda tests).
 *   - Entropy weights: Elsayed, Dawood & Karthikeyan (2017), IJETT 46(2):60–66, 12 × 5 matrix; weights to 6 dp
 *     (as asserted by pymcdm test_weights.py TestEntropyWeights).
 * No published CRITIC example with its input matrix could be found offline, so CRITIC (Diakoulaki et al. 1995) is
 * checked by a hand computation (below). Normalisations follow COINr's n_minmax / n_zscore / n_rank /
 * n_goalposts definitions (COINr R/normalise.R) and are checked by hand; aggregation follows COINr's a_amean /
 * a_gmean / a_hmean with NA skipped and weights re-scaled over the present children. The coupling coordination
 * degree is checked by hand on the classic and the Wang et al. (2021) forms. */
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include "regio/composite.h"

static regio_composite_opts opts(regio_norm_kind k) {
    regio_composite_opts o;
    regio_composite_opts_default(&o);
    o.norm.kind = k;
    return o;
}

/* ---- published examples ------------------------------------------------------------------------------ */

static void test_topsis_papathanasiou(void **state) {
    (void)state;
    const double x[] = {8, 7, 2, 1, 5, 3, 7, 5, 7, 5, 6, 4, 9, 9, 7, 3, 11, 10, 3, 7, 6, 9, 5, 4};
    const double w[] = {0.4, 0.3, 0.1, 0.2};
    const double C[] = {0.387, 0.327, 0.391, 0.615, 0.868, 0.493};
    /* ranks by descending closeness. composite-published.json lists expected_rank_desc = [4,6,5,2,1,3], which
     * contradicts its own closeness values (C1 = .387 < C3 = .391, so A3 ranks above A1): we assert the ranks the
     * published closeness implies, [5,6,4,2,1,3]. */
    const int rank[] = {5, 6, 4, 2, 1, 3};
    regio_topsis_result *r = NULL;
    regio_error err;
    assert_int_equal(regio_topsis(x, 6, 4, w, NULL, &r, &err), REGIO_OK);
    for (size_t i = 0; i < 6; i++) {
        assert_double_equal(r->closeness[i], C[i], 5e-4);
        assert_int_equal(r->rank[i], rank[i]);
        assert_double_equal(r->closeness[i], r->d_minus[i] / (r->d_plus[i] + r->d_minus[i]), 1e-15);
    }
    regio_topsis_result_free(r);
    /* a cost criterion: flipping the direction of every criterion reverses the ideal and the anti-ideal */
    const int dir[] = {-1, -1, -1, -1};
    assert_int_equal(regio_topsis(x, 6, 4, w, dir, &r, &err), REGIO_OK);
    assert_int_equal(r->rank[4], 6);
    regio_topsis_result_free(r);
    double bad[] = {1, NAN, 2, 3};
    assert_int_equal(regio_topsis(bad, 2, 2, NULL, NULL, &r, &err), REGIO_EINVAL);
    assert_null(r);
}

static void test_entropy_elsayed(void **state) {
    (void)state;
    const double x[] = {7, 312, 1891, 6613, 163, 72, 88, 728, 941804, 1078, 10, 252, 2594, 3466, 117471,
                        10, 145, 980, 2371, 86329, 65, 54, 350, 501, 29897, 29, 48, 380, 912, 34051,
                        7, 476, 3300, 78470, 2212, 70, 87, 650, 733, 819000, 4, 86, 591, 3015, 103,
                        12, 79, 579, 3240, 96098, 21, 45, 261, 1253, 453, 1, 72, 530, 4333, 0.1048};
    const double want[] = {0.104991, 0.069124, 0.071373, 0.449937, 0.304575};
    double w[5];
    regio_error err;
    assert_int_equal(regio_composite_entropy_weights(x, 12, 5, w, &err), REGIO_OK);
    for (size_t j = 0; j < 5; j++) assert_double_equal(w[j], want[j], 5e-7);
}

/* CRITIC by hand: columns already in [0, 1]; a = (0, .5, 1), b = (0, 1, .5), c = (1, 0, .5). Every sample sd is
 * 0.5; r_ab = 0.5, r_ac = −0.5, r_bc = −1. C_a = .5·(.5 + 1.5) = 1, C_b = .5·(.5 + 2) = 1.25,
 * C_c = .5·(1.5 + 2) = 1.75; Σ = 4 → w = (.25, .3125, .4375). */
static void test_critic_by_hand(void **state) {
    (void)state;
    const double x[] = {0, 0, 1, 0.5, 1, 0, 1, 0.5, 0.5};
    double w[3];
    regio_error err;
    assert_int_equal(regio_composite_critic_weights(x, 3, 3, w, &err), REGIO_OK);
    assert_double_equal(w[0], 0.25, 1e-12);
    assert_double_equal(w[1], 0.3125, 1e-12);
    assert_double_equal(w[2], 0.4375, 1e-12);
}

/* ---- normalisation ----------------------------------------------------------------------------------- */

/* one column x = (1, 2, 3, 4) with direction d; out = the normalised column */
static void norm1(regio_norm_kind k, int d, const double *col, size_t n, double *out, unsigned char *cc,
                  const double *lo, const double *hi, const double *tg) {
    regio_composite_input in = {.n = n, .m = 1, .x = col, .direction = &d, .gp_lo = lo, .gp_hi = hi, .target = tg};
    regio_composite_opts o = opts(k);
    regio_error err;
    assert_int_equal(regio_composite_normalise(&in, &o.norm, out, cc, &err), REGIO_OK);
}

static void test_normalisations(void **state) {
    (void)state;
    const double x[] = {1, 2, 3, 4}, c[] = {5, 5, NAN, 5}, t[] = {10, 20, 20, 30};
    double z[4];
    unsigned char cc;
    norm1(REGIO_NORM_MINMAX, 1, x, 4, z, &cc, NULL, NULL, NULL);
    assert_double_equal(z[0], 0, 1e-12); assert_double_equal(z[1], 100.0 / 3, 1e-12); assert_double_equal(z[3], 100, 1e-12);
    assert_int_equal(cc, 0);
    norm1(REGIO_NORM_MINMAX, -1, x, 4, z, &cc, NULL, NULL, NULL);
    assert_double_equal(z[0], 100, 1e-12); assert_double_equal(z[2], 100.0 / 3, 1e-12); assert_double_equal(z[3], 0, 1e-12);
    /* constant column → the middle of the range, flagged; missing stays missing */
    norm1(REGIO_NORM_MINMAX, 1, c, 4, z, &cc, NULL, NULL, NULL);
    assert_double_equal(z[0], 50, 1e-12); assert_true(isnan(z[2])); assert_int_equal(cc, 1);
    /* z-score, sample sd as R's sd(): mean 2.5, sd sqrt(5/3) */
    norm1(REGIO_NORM_ZSCORE, 1, x, 4, z, &cc, NULL, NULL, NULL);
    assert_double_equal(z[0], -1.5 / sqrt(5.0 / 3), 1e-12);
    norm1(REGIO_NORM_ZSCORE, -1, x, 4, z, &cc, NULL, NULL, NULL);
    assert_double_equal(z[0], 1.5 / sqrt(5.0 / 3), 1e-12);
    norm1(REGIO_NORM_ZSCORE, 1, c, 4, z, &cc, NULL, NULL, NULL);
    assert_double_equal(z[1], 0, 1e-12); assert_int_equal(cc, 1);
    /* rank with average ties (R's rank(ties.method = "average")) */
    norm1(REGIO_NORM_RANK, 1, t, 4, z, &cc, NULL, NULL, NULL);
    assert_double_equal(z[0], 1, 0); assert_double_equal(z[1], 2.5, 0); assert_double_equal(z[2], 2.5, 0); assert_double_equal(z[3], 4, 0);
    norm1(REGIO_NORM_RANK, -1, t, 4, z, &cc, NULL, NULL, NULL);
    assert_double_equal(z[0], 4, 0); assert_double_equal(z[3], 1, 0);
    norm1(REGIO_NORM_RANK, 1, c, 4, z, &cc, NULL, NULL, NULL);
    assert_double_equal(z[0], 2, 0); assert_true(isnan(z[2]));
    /* goalposts (0, 3), capped; direction −1 as COINr's n_goalposts: (x − u)/(l − u) */
    const double gl = 0, gh = 3;
    norm1(REGIO_NORM_GOALPOSTS, 1, x, 4, z, &cc, &gl, &gh, NULL);
    assert_double_equal(z[0], 100.0 / 3, 1e-12); assert_double_equal(z[2], 100, 1e-12); assert_double_equal(z[3], 100, 1e-12);
    norm1(REGIO_NORM_GOALPOSTS, -1, x, 4, z, &cc, &gl, &gh, NULL);
    assert_double_equal(z[0], 200.0 / 3, 1e-12); assert_double_equal(z[3], 0, 1e-12);
    /* distance to target: (x − min)/(t − min) capped; direction −1: (max − x)/(max − t) */
    const double tg = 3, tg2 = 2;
    norm1(REGIO_NORM_DIST2TARG, 1, x, 4, z, &cc, NULL, NULL, &tg);
    assert_double_equal(z[0], 0, 1e-12); assert_double_equal(z[1], 50, 1e-12); assert_double_equal(z[3], 100, 1e-12);
    norm1(REGIO_NORM_DIST2TARG, -1, x, 4, z, &cc, NULL, NULL, &tg2);
    assert_double_equal(z[0], 100, 1e-12); assert_double_equal(z[2], 50, 1e-12); assert_double_equal(z[3], 0, 1e-12);
}

/* ---- aggregation, missing data, flags ---------------------------------------------------------------- */

/* indicators a, b, c; P1 = {a (w 1), b (w 3)}, P2 = {c}, Index = {P1 (w 2), P2 (w 1)}; values used as they are. */
static const int PARENT[] = {3, 3, 4, 5, 5, -1};
static const double WEIGHT[] = {1, 3, 1, 2, 1, 1};
static const char *const CODES[] = {"a", "b", "c", "P1", "P2", "Index"};

static void test_hierarchy_reweighted(void **state) {
    (void)state;
    const double x[] = {10, 20, 30, NAN, 20, NAN, NAN, NAN, NAN};
    regio_composite_input in = {.n = 3, .m = 3, .x = x, .nnodes = 6, .parent = PARENT, .weight = WEIGHT, .node_code = CODES};
    regio_composite_opts o = opts(REGIO_NORM_NONE);
    regio_composite_result *r = NULL;
    regio_error err;
    assert_int_equal(regio_composite_evaluate(&in, &o, &r, &err), REGIO_OK);
    /* unit 0: P1 = (10 + 3·20)/4 = 17.5, P2 = 30, Index = (2·17.5 + 30)/3 */
    assert_double_equal(r->score[0 * 6 + 3], 17.5, 1e-12);
    assert_double_equal(r->index[0], 65.0 / 3, 1e-12);
    /* unit 1: a and c missing: P1 = b = 20, P2 has nothing, Index = P1 re-weighted alone = 20 */
    assert_double_equal(r->score[1 * 6 + 3], 20, 1e-12);
    assert_true(isnan(r->score[1 * 6 + 4]));
    assert_double_equal(r->index[1], 20, 1e-12);
    assert_int_equal(r->nmissing[1], 2);
    assert_int_equal(r->cell_flag[1 * 3 + 0], REGIO_CELL_SKIPPED);
    assert_int_equal(r->cell_flag[1 * 3 + 1], REGIO_CELL_OBSERVED);
    /* unit 2: nothing → no index, no rank */
    assert_true(isnan(r->index[2]));
    assert_int_equal(r->rank[2], 0);
    assert_int_equal(r->rank[0], 1);
    assert_int_equal(r->rank[1], 2);
    /* weights within each parent sum to 1 */
    assert_double_equal(r->weight_used[0], 0.25, 1e-15);
    assert_double_equal(r->weight_used[3], 2.0 / 3, 1e-15);
    /* the cheap path gives the same index */
    double idx[3];
    assert_int_equal(regio_composite_run(&in, &o, idx, &err), REGIO_OK);
    assert_double_equal(idx[0], r->index[0], 0);
    assert_double_equal(idx[1], r->index[1], 0);
    regio_composite_result_free(r);
    /* replacing the weights (the Monte Carlo path): equal weights in P1 → (10 + 20)/2 = 15 */
    const double w2[] = {1, 1, 1, 1, 1, 1};
    o.weights = w2;
    assert_int_equal(regio_composite_run(&in, &o, idx, &err), REGIO_OK);
    assert_double_equal(idx[0], (15.0 + 30) / 2, 1e-12);
}

static void test_geometric_harmonic_zero(void **state) {
    (void)state;
    const double x[] = {1, 4, 0, 4};
    regio_composite_input in = {.n = 2, .m = 2, .x = x};
    regio_composite_opts o = opts(REGIO_NORM_NONE);
    double idx[2];
    regio_error err;
    o.agg = REGIO_COMP_GEOM;
    assert_int_equal(regio_composite_run(&in, &o, idx, &err), REGIO_EINVAL); /* as COINr's a_gmean: an error */
    assert_non_null(strstr(err.en, "<= 0"));
    o.zero_rule = REGIO_ZERO_SHIFT;
    o.zero_shift = 1;
    assert_int_equal(regio_composite_run(&in, &o, idx, &err), REGIO_OK);
    assert_double_equal(idx[0], 2, 1e-12);               /* no zero: plain geometric mean √(1·4) */
    assert_double_equal(idx[1], sqrt(1.0 * 5) - 1, 1e-12); /* shifted: √((0+1)(4+1)) − 1 */
    o.agg = REGIO_COMP_HARM;
    o.zero_rule = REGIO_ZERO_ERROR;
    const double y[] = {1, 4, 2, 2};
    in.x = y;
    assert_int_equal(regio_composite_run(&in, &o, idx, &err), REGIO_OK);
    assert_double_equal(idx[0], 2 / (1 + 0.25), 1e-12);
    assert_double_equal(idx[1], 2, 1e-12);
}

static void test_group_mean_and_locf(void **state) {
    (void)state;
    const double x[] = {1, 10, NAN, 20, 5, 30, 7, NAN};
    const int group[] = {0, 0, 1, 1};
    regio_composite_input in = {.n = 4, .m = 2, .x = x};
    regio_composite_opts o = opts(REGIO_NORM_NONE);
    o.missing = REGIO_MISS_GROUP_MEAN;
    o.group = group;
    o.ngroups = 2;
    regio_composite_result *r = NULL;
    regio_error err;
    assert_int_equal(regio_composite_evaluate(&in, &o, &r, &err), REGIO_OK);
    assert_double_equal(r->norm[1 * 2 + 0], 1, 0); /* group 0's mean of a */
    assert_int_equal(r->cell_flag[1 * 2 + 0], REGIO_CELL_IMPUTED_GROUP);
    assert_double_equal(r->norm[3 * 2 + 1], 30, 0); /* group 1's mean of b */
    assert_int_equal(r->cell_flag[3 * 2 + 1], REGIO_CELL_IMPUTED_GROUP);
    assert_int_equal(r->nmissing[1], 0);
    regio_composite_result_free(r);
    /* LOCF over two years: year 1's gaps come from year 0, flagged, and the flags reach the result */
    double p[] = {1, 2, 3, 4, NAN, 6, NAN, NAN};
    unsigned char f[8] = {0};
    regio_composite_locf(p, 2, 2, 2, f);
    assert_double_equal(p[4], 1, 0);
    assert_double_equal(p[6], 3, 0);
    assert_double_equal(p[7], 4, 0);
    assert_int_equal(f[4], REGIO_CELL_IMPUTED_LOCF);
    assert_int_equal(f[5], REGIO_CELL_OBSERVED);
    regio_composite_input in2 = {.n = 2, .m = 2, .x = p + 4, .cell_flag = f + 4};
    o = opts(REGIO_NORM_NONE);
    assert_int_equal(regio_composite_evaluate(&in2, &o, &r, &err), REGIO_OK);
    assert_int_equal(r->cell_flag[0], REGIO_CELL_IMPUTED_LOCF);
    regio_composite_result_free(r);
}

static void test_entropy_in_pipeline_and_ties(void **state) {
    (void)state;
    /* two identical units tie; entropy/CRITIC weights sum to 1 over the indicators */
    const double x[] = {1, 5, 1, 5, 3, 2, 4, 9};
    const int dir[] = {1, -1};
    regio_composite_input in = {.n = 4, .m = 2, .x = x, .direction = dir};
    regio_composite_opts o = opts(REGIO_NORM_MINMAX);
    regio_composite_result *r = NULL;
    regio_error err;
    for (int k = 0; k < 2; k++) {
        o.wkind = k ? REGIO_W_CRITIC : REGIO_W_ENTROPY;
        assert_int_equal(regio_composite_evaluate(&in, &o, &r, &err), REGIO_OK);
        assert_double_equal(r->weight_used[0] + r->weight_used[1], 1, 1e-12);
        assert_int_equal(r->rank[0], r->rank[1]);
        assert_int_equal(r->ties, 1);
        regio_composite_result_free(r);
    }
}

static void test_bad_tree(void **state) {
    (void)state;
    const double x[] = {1, 2, 3};
    const int parent[] = {4, 3, 4, 4, -1}; /* node 3 (an aggregate) is its own child's parent but has parent 4: ok */
    const int bad[] = {3, 3, 1, 4, -1};    /* c's parent is an indicator */
    const double w[] = {1, 1, 1, 1, 1};
    regio_composite_input in = {.n = 1, .m = 3, .x = x, .nnodes = 5, .parent = parent, .weight = w};
    regio_composite_opts o = opts(REGIO_NORM_NONE);
    double idx[1];
    regio_error err;
    assert_int_equal(regio_composite_run(&in, &o, idx, &err), REGIO_OK);
    assert_double_equal(idx[0], (1 + 3 + 2) / 3.0, 1e-12);
    in.parent = bad;
    assert_int_equal(regio_composite_run(&in, &o, idx, &err), REGIO_EINVAL);
    const int dir[] = {1, 0, 1};
    in.parent = parent;
    in.direction = dir;
    assert_int_equal(regio_composite_run(&in, &o, idx, &err), REGIO_EINVAL);
}

/* ---- thread safety: many threads, same const input, different options -------------------------------- */

typedef struct job {
    const regio_composite_input *in;
    regio_composite_opts o;
    double idx[3];
    int rc;
} job;

static void *run_job(void *p) {
    job *j = p;
    regio_error err;
    for (int rep = 0; rep < 200 && j->rc == 0; rep++) j->rc = regio_composite_run(j->in, &j->o, j->idx, &err);
    return NULL;
}

static void test_threads(void **state) {
    (void)state;
    const double x[] = {10, 20, 30, 5, 20, 40, 7, 8, 9};
    regio_composite_input in = {.n = 3, .m = 3, .x = x, .nnodes = 6, .parent = PARENT, .weight = WEIGHT};
    job jobs[4];
    pthread_t th[4];
    for (int k = 0; k < 4; k++) {
        jobs[k].in = &in;
        jobs[k].o = opts(k % 2 ? REGIO_NORM_RANK : REGIO_NORM_MINMAX);
        jobs[k].rc = 0;
        assert_int_equal(pthread_create(&th[k], NULL, run_job, &jobs[k]), 0);
    }
    for (int k = 0; k < 4; k++) pthread_join(th[k], NULL);
    for (int k = 0; k < 4; k++) assert_int_equal(jobs[k].rc, 0);
    for (int i = 0; i < 3; i++) assert_double_equal(jobs[0].idx[i], jobs[2].idx[i], 0);
}

/* ---- coupling coordination degree -------------------------------------------------------------------- */

static void test_ccd_by_hand(void **state) {
    (void)state;
    const double u[] = {0.4, 0.6};
    regio_ccd_result *r = NULL;
    regio_error err;
    /* classic: C = 2√(.24)/1, T = .5, D = √(C·T) */
    assert_int_equal(regio_ccd(u, 1, 2, NULL, REGIO_CCD_CLASSIC, &r, &err), REGIO_OK);
    assert_double_equal(r->C[0], 2 * sqrt(0.24), 1e-12);
    assert_double_equal(r->T[0], 0.5, 1e-12);
    assert_double_equal(r->D[0], sqrt(sqrt(0.24)), 1e-12); /* 0.6999 → 初级协调 [0.6, 0.7) */
    assert_int_equal(r->level[0], 7);
    assert_string_equal(regio_ccd_level_name(r->level[0], REGIO_LANG_ZH), "初级协调");
    regio_ccd_result_free(r);
    /* Wang et al. (2021): C = √[(1 − |U1 − U2|/1)·(U1U2/max)] = √(.8·.4) */
    assert_int_equal(regio_ccd(u, 1, 2, NULL, REGIO_CCD_WANG, &r, &err), REGIO_OK);
    assert_double_equal(r->C[0], sqrt(0.32), 1e-12);
    assert_int_equal(r->level[0], 6); /* D = √(.5657·.5) = .5318 → 勉强协调 */
    regio_ccd_result_free(r);
    /* three subsystems: C = 3·(.2·.4·.8)^(1/3)/1.4 = 3·.4/1.4 */
    const double v[] = {0.2, 0.4, 0.8}, a[] = {0.5, 0.25, 0.25};
    assert_int_equal(regio_ccd(v, 1, 3, a, REGIO_CCD_CLASSIC, &r, &err), REGIO_OK);
    assert_double_equal(r->C[0], 1.2 / 1.4, 1e-12);
    assert_double_equal(r->T[0], 0.1 + 0.1 + 0.2, 1e-12);
    regio_ccd_result_free(r);
    assert_string_equal(regio_ccd_level_name(1, REGIO_LANG_ZH), "极度失调");
    assert_string_equal(regio_ccd_level_name(10, REGIO_LANG_ZH), "优质协调");
    const double bad[] = {0.5, 1.5};
    assert_int_equal(regio_ccd(bad, 1, 2, NULL, REGIO_CCD_CLASSIC, &r, &err), REGIO_EINVAL);
}

/* ---- COINr iMeta / iData ----------------------------------------------------------------------------- */

static void test_coinr_asem(void **state) {
    (void)state;
    regio_coinr_meta *meta = NULL;
    regio_coinr_data *d = NULL;
    regio_error err;
    assert_int_equal(regio_coinr_meta_read(REGIO_SOURCE_DIR "/data/yunnan/raw/composite-refs/ASEM_iMeta.csv", &meta, &err), REGIO_OK);
    assert_int_equal(meta->m, 49);
    assert_int_equal(meta->nnodes, 49 + 8 + 2 + 1);
    assert_string_equal(meta->code[meta->nnodes - 1], "Index");
    assert_int_equal(meta->parent[meta->nnodes - 1], -1);
    assert_int_equal(regio_coinr_data_read(REGIO_SOURCE_DIR "/data/yunnan/raw/composite-refs/ASEM_iData.csv", meta, &d, &err), REGIO_OK);
    assert_int_equal(d->n, 51);
    assert_int_equal(d->nyears, 1);
    assert_int_equal(d->years[0], 2018);
    assert_string_equal(d->ucode[0], "AUT");
    regio_composite_input in = {.n = d->n, .m = d->m, .x = d->x, .direction = meta->direction, .nnodes = meta->nnodes,
                                .parent = meta->parent, .weight = meta->weight, .node_code = (const char *const *)meta->code};
    regio_composite_opts o = opts(REGIO_NORM_MINMAX);
    regio_composite_result *r = NULL;
    assert_int_equal(regio_composite_evaluate(&in, &o, &r, &err), REGIO_OK);
    for (size_t i = 0; i < d->n; i++) {
        assert_true(r->index[i] >= 0 && r->index[i] <= 100);
        assert_true(r->rank[i] >= 1 && r->rank[i] <= 51);
    }
    regio_composite_result_free(r);
    regio_coinr_data_free(d);
    regio_coinr_meta_free(meta);
}

static void test_coinr_bad_meta(void **state) {
    (void)state;
    char *dir = tu_tempdir();
    tu_write(dir, "m.csv", "Level,iCode,iName,Direction,Weight,Parent,Type\n1,a,A,1,1,P,Indicator\n1,b,B,2,1,P,Indicator\n2,P,P,1,1,,Aggregate\n");
    tu_write(dir, "m2.csv", "Level,iCode,iName,Direction,Weight,Parent,Type\n1,a,A,1,1,Q,Indicator\n2,P,P,1,1,,Aggregate\n");
    char p[4200];
    regio_coinr_meta *meta = NULL;
    regio_error err;
    snprintf(p, sizeof p, "%s/m.csv", dir);
    assert_int_equal(regio_coinr_meta_read(p, &meta, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "line 3"));
    assert_non_null(strstr(err.en, "Direction"));
    snprintf(p, sizeof p, "%s/m2.csv", dir);
    assert_int_equal(regio_coinr_meta_read(p, &meta, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "line 2"));
    assert_null(meta);
    tu_rmtree(dir);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_topsis_papathanasiou),
        cmocka_unit_test(test_entropy_elsayed),
        cmocka_unit_test(test_critic_by_hand),
        cmocka_unit_test(test_normalisations),
        cmocka_unit_test(test_hierarchy_reweighted),
        cmocka_unit_test(test_geometric_harmonic_zero),
        cmocka_unit_test(test_group_mean_and_locf),
        cmocka_unit_test(test_entropy_in_pipeline_and_ties),
        cmocka_unit_test(test_bad_tree),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_ccd_by_hand),
        cmocka_unit_test(test_coinr_asem),
        cmocka_unit_test(test_coinr_bad_meta),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
