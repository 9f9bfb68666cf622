/* test_autocorr.c — spatial autocorrelation against the published reference cases of
 * tests/reference/spatial/expected (copied from esda's test suite, see tests/reference/README.md):
 *   T4  esda test_moran.py::TestMoran::test_moran      — Moran's I, St Louis homicides (stl), rel 1e-7
 *   T5  esda test_moran.py::TestMoran::test_sids       — Moran's I, SIDS (sids2), rel 1e-7
 *   T6  esda test_moran.py::TestMoran::test_variance   — Moran variances, 3×3 rook lattice, binary, rel 1e-7
 *   T7  esda test_geary.py::TestGeary::test_default     — Geary's C, Columbus rook, rel 1e-7
 *   T8  esda test_getisord.py (TestGetisG, TestGLocal) — G, Gi, Gi*, six points, abs 1e-6
 *   T9  esda test_moran.py::TestMoranLocal             — local Moran moments and quadrants, de Smith, abs 1e-6
 * and the rules of include/regio/autocorr.h: p-value rules (multiples of 1/(R+1) in (0, 1], two-sided never
 * above 1 when everything ties), the same seed giving the same p-values on 1, 2 and 3 threads, islands, FDR,
 * and the errors (n < 3, zero variance, NaN naming its index, weights of the wrong size). Issue 14:
 *   T12 spdep 1.2-7 on the 129 Yunnan counties (tests/reference/spatial/spdep_yunnan.R): Gi* (localG on
 *       include.self weights), Gi, Ii (abs 1e-10), the lag and Moran's I (rel 1e-12);
 *   the fused permutation kernel draws exactly what the regio_rng_sample version drew (a reference copy of the
 *   old loop below), LISA and Gi* from one pass equal the separate calls bit for bit, and the shared draws
 *   (esda's one table) equal a table built here from the streams (seed, r), on 1, 2 and 3 threads; Moran,
 *   Geary and G from one set of permutations equal the separate calls bit for bit.
 * Weights are built from the reference edge lists with regio_weights_from_edges only. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include "engine/spatial/autocorr_internal.h"
#include "regio/autocorr.h"
#include "regio/rng.h"
#include "regio/weights_build.h"
#include "regio/table.h"
#include "regio/weights.h"

#define DATA REGIO_SOURCE_DIR "/tests/reference/spatial/data/"

static void assert_rel(double got, double want, double rel) {
    if (!(fabs(got - want) <= rel * fabs(want)))
        fail_msg("got %.17g, expected %.17g (rel %g)", got, want, rel);
}

/* Column col of a reference data file as doubles; *n receives the row count. */
static double *read_column(const char *file, const char *col, size_t *n) {
    regio_table *t = NULL;
    regio_error err;
    if (regio_table_read(file, NULL, &t, &err)) fail_msg("%s", err.en);
    long c = regio_table_col(t, col);
    assert_true(c >= 0);
    double *v = malloc(t->nrows * sizeof *v);
    for (size_t r = 0; r < t->nrows; r++) v[r] = strtod(regio_table_cell(t, r, (size_t)c), NULL);
    *n = t->nrows;
    regio_table_free(t);
    return v;
}

/* Weights of n units from an i,j,w edge file, row-standardised when row. */
static regio_weights *read_weights(const char *file, size_t n, int row) {
    regio_table *t = NULL;
    regio_error err;
    if (regio_table_read(file, NULL, &t, &err)) fail_msg("%s", err.en);
    size_t m = t->nrows, *ei = malloc(m * sizeof *ei), *ej = malloc(m * sizeof *ej);
    double *ew = malloc(m * sizeof *ew);
    for (size_t r = 0; r < m; r++) {
        ei[r] = strtoul(regio_table_cell(t, r, 0), NULL, 10);
        ej[r] = strtoul(regio_table_cell(t, r, 1), NULL, 10);
        ew[r] = strtod(regio_table_cell(t, r, 2), NULL);
    }
    regio_table_free(t);
    regio_weights *w = NULL, *wr = NULL;
    if (regio_weights_from_edges(n, ei, ej, ew, m, &w, &err)) fail_msg("%s", err.en);
    free(ei);
    free(ej);
    free(ew);
    if (!row) return w;
    assert_int_equal(regio_weights_transform(w, REGIO_W_ROW, &wr, &err), REGIO_OK);
    regio_weights_free(w);
    return wr;
}

/* p is a multiple of 1/(R+1) in (0, 1] */
static void assert_perm_p(double p, size_t R) {
    assert_true(p > 0 && p <= 1);
    double k = p * (double)(R + 1);
    assert_true(fabs(k - round(k)) < 1e-9);
}

/* ---- global Moran ---- */

static void test_moran_stl(void **state) {
    (void)state;
    size_t n;
    double *y = read_column(DATA "stl_hom.csv", "HR8893", &n);
    assert_int_equal(n, 78);
    regio_weights *w = read_weights(DATA "stl_edges.csv", n, 1);
    regio_moran *m = NULL;
    regio_error err;
    regio_autocorr_opts o = {.permutations = 999, .seed = 12345};
    assert_int_equal(regio_moran_compute(y, n, w, &o, &m, &err), REGIO_OK);
    assert_rel(m->I, 0.2436558262177166, 1e-7);
    assert_rel(m->EI, -0.012987012987012988, 1e-7);
    assert_rel(m->VI_norm, 0.004968139260116119, 1e-7);
    assert_rel(m->z_norm, 3.641097183545746, 1e-7);
    assert_rel(m->p_norm, 0.0002714786277092747, 1e-7);
    assert_rel(m->VI_rand, 0.00297610282861093, 1e-7);
    assert_rel(m->z_rand, 4.704410220874633, 1e-7);
    assert_rel(m->p_rand, 2.546008711683122e-06, 1e-7);
    /* strongly clustered (esda's docstring: p_sim 0.001-ish with 999): two-sided = 2 × one-sided */
    assert_perm_p(m->sim.p, 999);
    assert_true(m->sim.p <= 0.01);
    double two = m->sim.p;
    assert_true(fabs(m->sim.mean - m->EI) < 0.01);
    assert_true(m->sim.z > 2.5);
    regio_moran_free(m);
    /* one-sided normal p = esda's p_norm (test_moran: 0.00013573931385468807) */
    o.alternative = REGIO_ALT_GREATER;
    assert_int_equal(regio_moran_compute(y, n, w, &o, &m, &err), REGIO_OK);
    assert_rel(m->p_norm, 0.00013573931385468807, 1e-7);
    assert_double_equal(m->sim.p, two / 2, 1e-12); /* same seed, same draws */
    regio_moran_free(m);
    o.alternative = REGIO_ALT_LESS;
    assert_int_equal(regio_moran_compute(y, n, w, &o, &m, &err), REGIO_OK);
    assert_rel(m->p_norm, 1 - 0.00013573931385468807, 1e-7);
    /* no ties: #(≥) + #(≤) = R, so p_less = 1 − p_greater + 1/(R+1) */
    assert_double_equal(m->sim.p, 1 - two / 2 + 1.0 / 1000, 1e-12);
    regio_moran_free(m);
    regio_weights_free(w);
    free(y);
}

static void test_moran_sids(void **state) {
    (void)state;
    size_t n;
    double *y = read_column(DATA "sids2.csv", "SIDR74", &n);
    assert_int_equal(n, 100);
    regio_weights *w = read_weights(DATA "sids2_edges.csv", n, 1);
    regio_moran *m = NULL;
    regio_error err;
    assert_int_equal(regio_moran_compute(y, n, w, NULL, &m, &err), REGIO_OK);
    assert_rel(m->I, 0.24772519320480135, 1e-7);
    assert_rel(m->EI, -0.010101010101010102, 1e-7);
    assert_rel(m->z_norm, 3.8547814082577307, 1e-7);
    assert_rel(m->p_norm, 0.00011583307814905095, 1e-7);
    assert_rel(m->z_rand, 3.9428474787377734, 1e-7);
    assert_rel(m->p_rand, 8.05198658716307e-05, 1e-7);
    assert_true(isnan(m->sim.p) && m->sims == NULL && m->sim.permutations == 0);
    regio_moran_free(m);
    regio_weights_free(w);
    free(y);
}

static void test_moran_lattice(void **state) {
    (void)state;
    double y[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    regio_weights *w = read_weights(DATA "lat3x3_rook_edges.csv", 9, 0);
    regio_moran *m = NULL;
    regio_error err;
    assert_int_equal(regio_moran_compute(y, 9, w, NULL, &m, &err), REGIO_OK);
    assert_rel(m->I, 0.5, 1e-7);
    assert_rel(m->EI, -0.125, 1e-7);
    assert_rel(m->VI_rand, 0.059687500000000004, 1e-7);
    assert_rel(m->VI_norm, 0.053125000000000006, 1e-7);
    assert_rel(m->z_norm, 2.711630722733202, 1e-7);
    assert_rel(m->z_rand, 2.5582225504832543, 1e-7);
    regio_moran_free(m);
    regio_weights_free(w);
}

/* ---- Geary ---- */

static void test_geary_columbus(void **state) {
    (void)state;
    size_t n;
    double *y = read_column(DATA "columbus.csv", "CRIME", &n);
    assert_int_equal(n, 49);
    regio_weights *w = read_weights(DATA "columbus_rook_edges.csv", n, 1);
    regio_geary *g = NULL;
    regio_error err;
    /* esda's sign: positive autocorrelation is C < 1 and z < 0; its one-tailed p is our "less" */
    regio_autocorr_opts o = {.alternative = REGIO_ALT_LESS, .permutations = 999, .seed = 7};
    assert_int_equal(regio_geary_compute(y, n, w, &o, &g, &err), REGIO_OK);
    assert_rel(g->C, 0.5154408058652411, 1e-7);
    assert_rel(g->EC, 1.0, 1e-12);
    assert_rel(g->VC_norm, 0.011403109626468939, 1e-7);
    assert_rel(sqrt(g->VC_norm), 0.10678534368755357, 1e-7);
    assert_rel(g->z_norm, -4.5376938201608, 1e-7);
    assert_rel(g->p_norm, 2.8436375936967054e-06, 1e-7);
    assert_rel(g->VC_rand, 0.010848882767131886, 1e-7);
    assert_rel(g->z_rand, -4.652156651668989, 1e-7);
    assert_rel(g->p_rand, 1.6424069196305004e-06, 1e-7);
    /* esda (999 permutations, seed unset): EC_sim 0.998, p_sim 0.001 */
    assert_perm_p(g->sim.p, 999);
    assert_double_equal(g->sim.p, 0.001, 1e-12);
    assert_true(fabs(g->sim.mean - 1) < 0.01);
    regio_geary_free(g);
    /* spdep's "greater" (positive autocorrelation) is our "less": the opposite tail is near 1 */
    o.alternative = REGIO_ALT_GREATER;
    assert_int_equal(regio_geary_compute(y, n, w, &o, &g, &err), REGIO_OK);
    assert_rel(g->p_norm, 1 - 2.8436375936967054e-06, 1e-7);
    assert_double_equal(g->sim.p, 1.0, 1e-12);
    regio_geary_free(g);
    regio_weights_free(w);
    free(y);
}

/* ---- Getis–Ord ---- */

static const double T8_Y[6] = {2.0, 3.0, 3.2, 5.0, 8.0, 7.0};

static void test_getis_global(void **state) {
    (void)state;
    regio_weights *w = read_weights(DATA "getis_points_db15_edges.csv", 6, 0);
    regio_getis *g = NULL;
    regio_error err;
    regio_autocorr_opts o = {.alternative = REGIO_ALT_GREATER, .permutations = 99, .seed = 1};
    assert_int_equal(regio_getis_compute(T8_Y, 6, w, &o, &g, &err), REGIO_OK);
    assert_double_equal(g->G, 0.5570977917981073, 1e-6);
    assert_double_equal(g->EG, 0.4666666666666667, 1e-6);
    assert_double_equal(g->VG, 0.009203550195101468, 1e-6);
    assert_double_equal(g->z, 0.942627795324094, 1e-6);
    assert_double_equal(g->p_norm, 0.172936, 1e-6);
    assert_perm_p(g->sim.p, 99);
    regio_getis_free(g);
    /* negative values are refused */
    double neg[6] = {2, -3, 3.2, 5, 8, 7};
    assert_int_equal(regio_getis_compute(neg, 6, w, NULL, &g, &err), REGIO_EINVAL);
    assert_null(g);
    assert_non_null(strstr(err.en, "unit 1"));
    regio_weights_free(w);
}

static void test_getis_local(void **state) {
    (void)state;
    static const double bz[6] = {-1.0136728985502572, -0.0436158942016933, 1.3155870289605438,
                                 -0.3141267582045626, 1.153739858106773, 1.7783394086210973};
    static const double bg[6] = {0.3053435114503817, 0.5952380952380952, 0.32,
                                 0.560344827586207, 0.900990099009901, 0.37735849056603776};
    static const double sz[6] = {-1.3972762620115442, -0.2891776156271273, 0.6506496351610379,
                                 -0.2891776156271273, 1.2345208835198738, 2.024243309389896};
    static const double sg[6] = {0.3546099290780142, 0.6382978723404256, 0.39716312056737585,
                                 0.6382978723404256, 0.9290780141843972, 0.5319148936170213};
    static const double rz[6] = {-0.6207453418840371, -0.017806114244894006, 1.3155870289605438,
                                 -0.12824171202596835, 0.28843496452669326, 1.7783394086210973};
    regio_weights *w = read_weights(DATA "getis_points_db15_edges.csv", 6, 0);
    regio_weights *wr = read_weights(DATA "getis_points_db15_edges.csv", 6, 1);
    regio_localg *g = NULL;
    regio_error err;
    regio_autocorr_opts o = {.permutations = 99, .seed = 3};
    assert_int_equal(regio_localg_compute(T8_Y, 6, w, &o, &g, &err), REGIO_OK);
    for (int i = 0; i < 6; i++) {
        assert_double_equal(g->z[i], bz[i], 1e-6);
        assert_double_equal(g->G[i], bg[i], 1e-6);
        assert_double_equal((g->G[i] - g->EG[i]) / sqrt(g->VG[i]), bz[i], 1e-6);
        assert_double_equal(g->p_norm[i], regio_p_normal(bz[i], REGIO_ALT_TWO_SIDED), 1e-9);
        assert_perm_p(g->p_sim[i], 99);
    }
    regio_localg_free(g);
    /* esda star=True on binary weights: self-weight 1, which is also the peers' convention (the row's largest) */
    for (int mode = 0; mode < 2; mode++) {
        o.star = mode ? REGIO_STAR_PEERS : 1;
        assert_int_equal(regio_localg_compute(T8_Y, 6, w, &o, &g, &err), REGIO_OK);
        for (int i = 0; i < 6; i++) {
            assert_double_equal(g->z[i], sz[i], 1e-6);
            assert_double_equal(g->G[i], sg[i], 1e-6);
            assert_perm_p(g->p_sim[i], 99);
        }
        regio_localg_free(g);
    }
    /* Row-standardised Gi. Ord & Getis's (1995) variance s²(N·S1_i − W_i²)/((N−1)D²) makes z invariant to
     * rescaling a row, so it equals the binary z. esda's G_Local uses W_i(N − W_i) in place of N·S1_i − W_i²
     * (equal only for binary weights); its R_Zs follow from our G and moments with that substitution. */
    o.star = 0;
    assert_int_equal(regio_localg_compute(T8_Y, 6, wr, &o, &g, &err), REGIO_OK);
    for (int i = 0; i < 6; i++) {
        assert_double_equal(g->z[i], bz[i], 1e-6);
        double k = (double)(wr->offsets[i + 1] - wr->offsets[i]), N = 5, S1 = 1 / k;
        double v_esda = g->VG[i] * (1 * (N - 1)) / (N * S1 - 1);
        assert_double_equal((g->G[i] - g->EG[i]) / sqrt(v_esda), rz[i], 1e-6);
    }
    regio_localg_free(g);
    regio_weights_free(w);
    regio_weights_free(wr);
}

/* ---- local Moran ---- */

static const double T9_IS[10] = {-0.1140927710443963, -0.19940542567754868, -0.13351408484935254,
                                 -0.5177038320446773, 0.48095009049439685, 0.12208113114030257,
                                 1.1914829813790417,  -0.5814430454766121, 0.07101382808078044,
                                 0.3431430079934852};
static const double T9_EIC[10] = {-0.008381129574268563, -0.02439490127330321, -0.07031777678482631,
                                  -0.21520869460304215,  -0.16547163353013156, -0.0017843523187055118,
                                  -0.11531888419462841,  -0.3613855455869465,  -0.054712575011732247,
                                  -0.09413561823352667};
static const double T9_VIC[10] = {0.036360127305809495, 0.10412408153511439, 0.2860076933562873,
                                  0.26389673807858854,  0.2157668312921897,  0.007792611774098558,
                                  0.4463394212494625,   0.5769650825694288,  0.12929777286829455,
                                  0.37307420330826796};
static const double T9_VI[10] = {0.3944321049677579,  0.3944321049677579,  0.3944321049677579, 0.14804321091026418,
                                 0.14804321091026418, 0.3944321049677579,  0.3944321049677579, 0.23017284226276205,
                                 0.23017284226276205, 0.3944321049677579};
static const int T9_Q[10] = {4, 4, 4, 2, 3, 3, 1, 4, 3, 3};

static void test_lisa_desmith(void **state) {
    (void)state;
    size_t n;
    double *y = read_column(DATA "desmith.csv", "z", &n);
    assert_int_equal(n, 10);
    regio_weights *w = read_weights(DATA "desmith_edges.csv", n, 1);
    regio_lisa *l = NULL;
    regio_error err;
    /* default: Anselin / spdep scale = esda's Is × n/(n−1); esda's moments are already on this scale */
    regio_autocorr_opts o = {.permutations = 99, .seed = 12345};
    assert_int_equal(regio_lisa_compute(y, n, w, &o, &l, &err), REGIO_OK);
    assert_int_equal(l->scale, REGIO_LISA_SCALE_ANSELIN);
    double sumI = 0, sumlag = 0;
    for (size_t i = 0; i < n; i++) {
        assert_double_equal(l->I[i], T9_IS[i] * 10.0 / 9.0, 1e-6);
        assert_double_equal(l->EI[i], -1.0 / 9.0, 1e-6);
        assert_double_equal(l->VI[i], T9_VI[i], 1e-6);
        assert_double_equal(l->EIc[i], T9_EIC[i], 1e-6);
        assert_double_equal(l->VIc[i], T9_VIC[i], 1e-6);
        assert_int_equal(l->quadrant[i], T9_Q[i]);
        assert_perm_p(l->p_sim[i], 99);
        assert_double_equal(l->z_cond[i], (l->I[i] - T9_EIC[i]) / sqrt(T9_VIC[i]), 1e-5);
        sumI += l->I[i];
        sumlag += y[i];
    }
    (void)sumlag;
    /* Anselin's scale: Σ I_i = S0 · I (row-standardised, S0 = n) */
    regio_moran *m = NULL;
    assert_int_equal(regio_moran_compute(y, n, w, NULL, &m, &err), REGIO_OK);
    assert_double_equal(sumI, 10 * m->I, 1e-9);
    regio_moran_free(m);
    /* esda peer p_sim with 99 permutations, seed 12345 (numpy stream, informational): ours are near */
    static const double peer[10] = {0.27, 0.27, 0.43, 0.25, 0.05, 0.07, 0.05, 0.39, 0.4, 0.27};
    for (size_t i = 0; i < n; i++) {
        double one = l->p_sim[i] / 2; /* esda's p_sim is one-sided towards the observed side */
        if (one < (1.0 / 100)) one = 1.0 / 100;
        assert_true(fabs(one - peer[i]) < 0.2);
    }
    double z_total[10], zc[10];
    memcpy(z_total, l->z_total, sizeof z_total);
    memcpy(zc, l->z_cond, sizeof zc);
    double p_sim[10];
    memcpy(p_sim, l->p_sim, sizeof p_sim);
    regio_lisa_free(l);

    /* esda's scale: Is exactly; moments scaled by (n−1)/n and its square; z and p do not change */
    o.scale = REGIO_LISA_SCALE_ESDA;
    assert_int_equal(regio_lisa_compute(y, n, w, &o, &l, &err), REGIO_OK);
    for (size_t i = 0; i < n; i++) {
        assert_double_equal(l->I[i], T9_IS[i], 1e-6);
        assert_double_equal(l->EIc[i], T9_EIC[i] * 0.9, 1e-6);
        assert_double_equal(l->VIc[i], T9_VIC[i] * 0.81, 1e-6);
        assert_double_equal(l->VI[i], T9_VI[i] * 0.81, 1e-6);
        assert_double_equal(l->z_total[i], z_total[i], 1e-9);
        assert_double_equal(l->z_cond[i], zc[i], 1e-9);
        assert_true(l->p_sim[i] == p_sim[i]);
    }
    regio_lisa_free(l);
    regio_weights_free(w);
    free(y);
}

/* a lattice of r × c rook neighbours, binary */
static regio_weights *lattice(size_t r, size_t c) {
    size_t n = r * c, m = 0, *ei = malloc(4 * n * sizeof *ei), *ej = malloc(4 * n * sizeof *ej);
    for (size_t a = 0; a < r; a++)
        for (size_t b = 0; b < c; b++) {
            size_t i = a * c + b;
            if (a > 0) { ei[m] = i; ej[m++] = i - c; }
            if (a + 1 < r) { ei[m] = i; ej[m++] = i + c; }
            if (b > 0) { ei[m] = i; ej[m++] = i - 1; }
            if (b + 1 < c) { ei[m] = i; ej[m++] = i + 1; }
        }
    regio_weights *w = NULL;
    regio_error err;
    assert_int_equal(regio_weights_from_edges(n, ei, ej, NULL, m, &w, &err), REGIO_OK);
    free(ei);
    free(ej);
    return w;
}

static void test_threads_same_pvalues(void **state) {
    (void)state;
    size_t n = 400;
    regio_weights *w = lattice(20, 20);
    double *y = malloc(n * sizeof *y);
    for (size_t i = 0; i < n; i++) y[i] = sin((double)i * 0.7) + (double)(i % 20) * 0.05;
    regio_error err;
    regio_lisa *ref = NULL;
    regio_autocorr_opts o = {.permutations = 199, .seed = 42, .threads = 1};
    assert_int_equal(regio_lisa_compute(y, n, w, &o, &ref, &err), REGIO_OK);
    regio_moran *mref = NULL;
    assert_int_equal(regio_moran_compute(y, n, w, &o, &mref, &err), REGIO_OK);
    for (unsigned t = 2; t <= 3; t++) {
        o.threads = t;
        regio_lisa *l = NULL;
        assert_int_equal(regio_lisa_compute(y, n, w, &o, &l, &err), REGIO_OK);
        assert_memory_equal(l->p_sim, ref->p_sim, n * sizeof(double));
        assert_memory_equal(l->mean_sim, ref->mean_sim, n * sizeof(double));
        assert_memory_equal(l->cluster, ref->cluster, n * sizeof(int));
        regio_lisa_free(l);
        regio_moran *m = NULL;
        assert_int_equal(regio_moran_compute(y, n, w, &o, &m, &err), REGIO_OK);
        assert_memory_equal(m->sims, mref->sims, 199 * sizeof(double));
        assert_true(m->sim.p == mref->sim.p);
        regio_moran_free(m);
    }
    for (size_t i = 0; i < n; i++) assert_perm_p(ref->p_sim[i], 199);
    /* another seed gives other draws */
    o.seed = 43;
    regio_lisa *other = NULL;
    assert_int_equal(regio_lisa_compute(y, n, w, &o, &other, &err), REGIO_OK);
    assert_true(memcmp(other->mean_sim, ref->mean_sim, n * sizeof(double)) != 0);
    regio_lisa_free(other);
    regio_lisa_free(ref);
    regio_moran_free(mref);
    regio_weights_free(w);
    free(y);
}

/* the two-sided p of a unit is min(1, 2 × the smaller one-sided p), from the same draws */
static void test_alternatives(void **state) {
    (void)state;
    size_t n;
    double *y = read_column(DATA "columbus.csv", "CRIME", &n);
    regio_weights *w = read_weights(DATA "columbus_rook_edges.csv", n, 1);
    regio_error err;
    regio_lisa *l[3];
    for (int a = 0; a < 3; a++) {
        regio_autocorr_opts o = {.alternative = (regio_alternative)a, .permutations = 499, .seed = 5};
        assert_int_equal(regio_lisa_compute(y, n, w, &o, &l[a], &err), REGIO_OK);
    }
    for (size_t i = 0; i < n; i++) {
        double g = l[REGIO_ALT_GREATER]->p_sim[i], s = l[REGIO_ALT_LESS]->p_sim[i];
        double two = 2 * (g < s ? g : s);
        assert_double_equal(l[REGIO_ALT_TWO_SIDED]->p_sim[i], two > 1 ? 1 : two, 1e-12);
        assert_true(g + s >= 1.0 - 1e-12); /* the two tails share only the ties */
        for (int a = 0; a < 3; a++) assert_perm_p(l[a]->p_sim[i], 499);
        assert_double_equal(l[REGIO_ALT_GREATER]->p_total[i] + l[REGIO_ALT_LESS]->p_total[i], 1, 1e-12);
    }
    for (int a = 0; a < 3; a++) regio_lisa_free(l[a]);
    regio_weights_free(w);
    free(y);
}

/* every permutation ties the observed value (z_i = 0): p = 1 on every side, never above */
static void test_all_ties(void **state) {
    (void)state;
    assert_double_equal(regio__autocorr_p_counts(999, 999, 999, REGIO_ALT_TWO_SIDED), 1, 0);
    assert_double_equal(regio__autocorr_p_counts(999, 999, 999, REGIO_ALT_GREATER), 1, 0);
    assert_double_equal(regio__autocorr_p_counts(0, 999, 999, REGIO_ALT_TWO_SIDED), 2.0 / 1000, 1e-15);
    assert_double_equal(regio__autocorr_p_counts(600, 400, 999, REGIO_ALT_TWO_SIDED), 802.0 / 1000, 1e-15);
    assert_double_equal(regio__autocorr_p_counts(700, 700, 999, REGIO_ALT_TWO_SIDED), 1, 0);
    double y[5] = {0, 1, 2, 3, 4}; /* unit 2 sits at the mean */
    size_t ei[8] = {0, 1, 1, 2, 2, 3, 3, 4}, ej[8] = {1, 0, 2, 1, 3, 2, 4, 3};
    regio_weights *w = NULL;
    regio_error err;
    assert_int_equal(regio_weights_from_edges(5, ei, ej, NULL, 8, &w, &err), REGIO_OK);
    for (int a = 0; a < 3; a++) {
        regio_autocorr_opts o = {.alternative = (regio_alternative)a, .permutations = 99};
        regio_lisa *l = NULL;
        assert_int_equal(regio_lisa_compute(y, 5, w, &o, &l, &err), REGIO_OK);
        assert_double_equal(l->I[2], 0, 0);
        assert_double_equal(l->p_sim[2], 1, 0);
        assert_double_equal(l->z_sim[2], 0, 0);
        assert_double_equal(l->p_cond[2], 1, 0);
        for (size_t i = 0; i < 5; i++) assert_true(l->p_sim[i] > 0 && l->p_sim[i] <= 1);
        regio_lisa_free(l);
    }
    regio_weights_free(w);
}

/* an island gets no statistic: flagged, NaN, cluster −1, left out of FDR; others unaffected in kind */
static void test_islands(void **state) {
    (void)state;
    size_t n;
    double *y = read_column(DATA "desmith.csv", "z", &n);
    /* de Smith's chain with unit 9 cut off: drop 9's links (9↔5, 9↔8) */
    regio_table *t = NULL;
    regio_error err;
    assert_int_equal(regio_table_read(DATA "desmith_edges.csv", NULL, &t, &err), REGIO_OK);
    size_t m = 0, *ei = malloc(t->nrows * sizeof *ei), *ej = malloc(t->nrows * sizeof *ej);
    for (size_t r = 0; r < t->nrows; r++) {
        size_t a = strtoul(regio_table_cell(t, r, 0), NULL, 10), b = strtoul(regio_table_cell(t, r, 1), NULL, 10);
        if (a == 9 || b == 9) continue;
        ei[m] = a;
        ej[m++] = b;
    }
    regio_table_free(t);
    regio_weights *w0 = NULL, *w = NULL;
    assert_int_equal(regio_weights_from_edges(n, ei, ej, NULL, m, &w0, &err), REGIO_OK);
    assert_int_equal(regio_weights_transform(w0, REGIO_W_ROW, &w, &err), REGIO_OK);
    assert_int_equal(regio_weights_islands(w, NULL), 1);
    regio_autocorr_opts o = {.permutations = 99, .fdr = 1, .alpha = 0.5};
    regio_lisa *l = NULL;
    assert_int_equal(regio_lisa_compute(y, n, w, &o, &l, &err), REGIO_OK);
    assert_int_equal(l->nislands, 1);
    assert_true(l->island[9]);
    assert_true(isnan(l->I[9]) && isnan(l->p_sim[9]) && isnan(l->p_cond[9]) && isnan(l->z_total[9]));
    assert_int_equal(l->quadrant[9], 0);
    assert_int_equal(l->cluster[9], REGIO_LISA_ISLAND);
    for (size_t i = 0; i < 9; i++) {
        assert_false(l->island[i]);
        assert_perm_p(l->p_sim[i], 99);
        assert_true(l->cluster[i] >= 0 && l->cluster[i] <= 4);
        assert_true(l->p_cond[i] > 0 && l->p_cond[i] <= 1);
    }
    regio_lisa_free(l);
    regio_localg *g = NULL;
    double pos[10];
    for (size_t i = 0; i < n; i++) pos[i] = y[i] + 10;
    assert_int_equal(regio_localg_compute(pos, n, w, &o, &g, &err), REGIO_OK);
    assert_true(g->island[9] && isnan(g->z[9]) && isnan(g->p_sim[9]));
    assert_int_equal(g->cluster[9], 0);
    regio_localg_free(g);
    /* the global statistics keep the island (a zero row), as esda and spdep with zero.policy = TRUE */
    regio_moran *mo = NULL;
    assert_int_equal(regio_moran_compute(y, n, w, NULL, &mo, &err), REGIO_OK);
    assert_true(isfinite(mo->I) && isfinite(mo->z_rand));
    regio_moran_free(mo);
    regio_weights_free(w0);
    regio_weights_free(w);
    free(ei);
    free(ej);
    free(y);
}

static void test_fdr(void **state) {
    (void)state;
    /* BH at 0.05 over m = 5 (NaN ignored): thresholds .01 .02 .03 .04 .05 → the largest k with p_(k) <= k·α/m is
     * k = 3 (0.03 <= 0.03), although p_(2) = 0.025 > 0.02: the step-up rule keeps it */
    double p[6] = {0.001, 0.025, NAN, 0.03, 0.2, 0.9};
    double cut;
    regio_error err;
    assert_int_equal(regio_fdr_cutoff(p, 6, 0.05, &cut, &err), REGIO_OK);
    assert_double_equal(cut, 0.03, 0);
    int q[6] = {1, 2, 0, 3, 4, 1}, c[6];
    assert_int_equal(regio_lisa_clusters(q, p, 6, 0.05, 1, c, &err), REGIO_OK);
    int want[6] = {1, 2, REGIO_LISA_ISLAND, 3, 0, 0};
    assert_memory_equal(c, want, sizeof want);
    assert_int_equal(regio_lisa_clusters(q, p, 6, 0.05, 0, c, &err), REGIO_OK);
    int want2[6] = {1, 2, REGIO_LISA_ISLAND, 3, 0, 0};
    assert_memory_equal(c, want2, sizeof want2);
    double none[3] = {0.5, 0.6, 0.7};
    assert_int_equal(regio_fdr_cutoff(none, 3, 0.05, &cut, &err), REGIO_OK);
    assert_double_equal(cut, -1, 0);
}


/* ---- issue 14: the peers' Gi*, the fused kernel, shared draws ---- */

#define YUNNAN REGIO_SOURCE_DIR "/data/yunnan/"

/* T12: spdep on the Yunnan counties, 2020 urbanisation, shipped queen contiguity row-standardised */
static void test_spdep_yunnan(void **state) {
    (void)state;
    regio_weights *w0 = NULL, *w = NULL;
    regio_error err;
    assert_int_equal(regio_weights_read_gal(YUNNAN "boundaries/county_queen.gal", 0, &w0, &err), REGIO_OK);
    assert_int_equal(regio_weights_transform(w0, REGIO_W_ROW, &w, &err), REGIO_OK);
    size_t n = w->n;
    assert_int_equal(n, 129);
    regio_table *tv = NULL, *te = NULL;
    assert_int_equal(regio_table_read(DATA "yunnan_urban_2020.csv", NULL, &tv, &err), REGIO_OK);
    assert_int_equal(regio_table_read(REGIO_SOURCE_DIR "/tests/reference/spatial/expected/T12_yunnan_urban_2020_spdep.csv", NULL, &te, &err),
                     REGIO_OK);
    assert_int_equal(tv->nrows, n);
    assert_int_equal(te->nrows, n);
    double *y = malloc(n * sizeof *y);
    for (size_t i = 0; i < n; i++) { /* values in the GAL's order, by id */
        size_t r = 0;
        while (r < n && strcmp(regio_table_cell(tv, r, 0), w->ids[i]) != 0) r++;
        assert_true(r < n);
        y[i] = strtod(regio_table_cell(tv, r, 1), NULL);
        assert_string_equal(regio_table_cell(te, i, 0), w->ids[i]); /* R wrote them in the GAL's order */
    }
    regio_autocorr_opts o = {.star = REGIO_STAR_PEERS};
    regio_lisa *l = NULL;
    regio_localg *gs = NULL, *gi = NULL;
    regio_moran *m = NULL;
    assert_int_equal(regio_local_compute(y, n, w, &o, &l, &gs, &err), REGIO_OK);
    o.star = 0;
    assert_int_equal(regio_localg_compute(y, n, w, &o, &gi, &err), REGIO_OK);
    assert_int_equal(regio_moran_compute(y, n, w, NULL, &m, &err), REGIO_OK);
    double *lag = malloc(n * sizeof *lag), dmax_old = 0;
    regio_weights_lag(w, y, lag);
    /* regio's earlier Gi* (self-weight 1 on the standardised row) for the record: up to 2.03 from spdep */
    regio_localg *old = NULL;
    o.star = 1;
    assert_int_equal(regio_localg_compute(y, n, w, &o, &old, &err), REGIO_OK);
    for (size_t i = 0; i < n; i++) {
        assert_double_equal(gs->z[i], strtod(regio_table_cell(te, i, 1), NULL), 1e-10);
        assert_double_equal(gi->z[i], strtod(regio_table_cell(te, i, 2), NULL), 1e-10);
        assert_rel(lag[i], strtod(regio_table_cell(te, i, 3), NULL), 1e-12);
        assert_double_equal(l->I[i], strtod(regio_table_cell(te, i, 4), NULL), 1e-10);
        /* spdep's internals: G*_i = Σ_j w*_ij x_j / Σ x over the re-standardised row (k + 1 entries of 1/(k+1)) */
        double k = (double)(w->offsets[i + 1] - w->offsets[i]), sy = 0;
        for (size_t j = 0; j < n; j++) sy += y[j];
        assert_rel(gs->G[i], (lag[i] * k + y[i]) / (k + 1) / sy, 1e-12);
        assert_rel(gs->EG[i], 1.0 / (double)n, 1e-12);
        double d = fabs(old->z[i] - gs->z[i]);
        if (d > dmax_old) dmax_old = d;
    }
    assert_rel(m->I, strtod(regio_table_cell(te, 0, 5), NULL), 1e-12);
    assert_true(dmax_old > 2.0 && dmax_old < 2.1);
    regio_localg_free(old);
    regio_lisa_free(l);
    regio_localg_free(gs);
    regio_localg_free(gi);
    regio_moran_free(m);
    regio_table_free(tv);
    regio_table_free(te);
    regio_weights_free(w0);
    regio_weights_free(w);
    free(y);
    free(lag);
}

/* The conditional-permutation counts as the engine computed them before issue 14: regio_rng_sample on an index
 * scratch restored after each draw, stream (seed, i); p two-sided towards the sign of a[i]. */
static void old_local_p(const regio_weights *w, const double *x, const double *lagobs, const double *a, size_t R,
                        uint64_t seed, double *p) {
    size_t n = w->n, m = n - 1;
    if (n < 2) return;
    size_t *idx = malloc(m * sizeof *idx), *out = malloc(n * sizeof *out);
    for (size_t t = 0; t < m; t++) idx[t] = t;
    for (size_t i = 0; i < n; i++) {
        size_t k = w->offsets[i + 1] - w->offsets[i], ge = 0, le = 0;
        if (!k) { p[i] = NAN; continue; }
        const double *wv = w->values + w->offsets[i];
        regio_rng rng;
        regio_rng_init(&rng, seed, i);
        for (size_t r = 0; r < R; r++) {
            regio_rng_sample(&rng, m, SIZE_MAX, k, idx, out);
            double lag = 0;
            for (size_t t = 0; t < k; t++) lag += wv[t] * x[out[t] + (out[t] >= i)];
            for (size_t t = 0; t < k; t++) {
                idx[t] = t;
                idx[out[t]] = out[t];
            }
            ge += lag >= lagobs[i];
            le += lag <= lagobs[i];
        }
        p[i] = regio__autocorr_p_counts(a[i] > 0 ? ge : a[i] < 0 ? le : R, a[i] > 0 ? le : a[i] < 0 ? ge : R, R, REGIO_ALT_TWO_SIDED);
    }
    free(idx);
    free(out);
}

/* The same with one table of R × kmax positions from streams (seed, r) shared by every unit (esda's design). */
static void shared_local_p(const regio_weights *w, const double *x, const double *lagobs, const double *a, size_t R,
                           uint64_t seed, double *p) {
    size_t n = w->n, m = n - 1, kmax = 0;
    for (size_t i = 0; i < n; i++)
        if (w->offsets[i + 1] - w->offsets[i] > kmax) kmax = w->offsets[i + 1] - w->offsets[i];
    if (n < 2) return;
    size_t *idx = malloc(m * sizeof *idx), *tab = malloc(R * kmax * sizeof *tab);
    for (size_t t = 0; t < m; t++) idx[t] = t;
    for (size_t r = 0; r < R; r++) {
        regio_rng rng;
        regio_rng_init(&rng, seed, r);
        regio_rng_sample(&rng, m, SIZE_MAX, kmax, idx, tab + r * kmax);
        for (size_t t = 0; t < m; t++) idx[t] = t;
    }
    for (size_t i = 0; i < n; i++) {
        size_t k = w->offsets[i + 1] - w->offsets[i], ge = 0, le = 0;
        if (!k) { p[i] = NAN; continue; }
        const double *wv = w->values + w->offsets[i];
        for (size_t r = 0; r < R; r++) {
            double lag = 0;
            for (size_t t = 0; t < k; t++) {
                size_t q = tab[r * kmax + t];
                lag += wv[t] * x[q + (q >= i)];
            }
            ge += lag >= lagobs[i];
            le += lag <= lagobs[i];
        }
        p[i] = regio__autocorr_p_counts(a[i] > 0 ? ge : a[i] < 0 ? le : R, a[i] > 0 ? le : a[i] < 0 ? ge : R, R, REGIO_ALT_TWO_SIDED);
    }
    free(idx);
    free(tab);
}

static void test_kernel_draws(void **state) {
    (void)state;
    /* a 15 × 20 rook lattice (rows of 2 to 4 neighbours); integer values, so that permuted lags often tie */
    size_t n = 300;
    regio_weights *wl = lattice(15, 20), *w = NULL;
    regio_error err;
    assert_int_equal(regio_weights_transform(wl, REGIO_W_ROW, &w, &err), REGIO_OK);
    double *y = malloc(n * sizeof *y), *z = malloc(n * sizeof *z), *pref = malloc(n * sizeof *pref);
    for (size_t i = 0; i < n; i++) y[i] = floor(5 * sin((double)i * 0.37) + (double)(i % 20) * 0.3) + 10;
    double mean = 0; /* centred exactly as lisa.c does, so that ties between lags are the engine's ties */
    for (size_t i = 0; i < n; i++) mean += y[i];
    mean /= (double)n;
    for (size_t i = 0; i < n; i++) z[i] = y[i] - mean;
    const size_t R = 499;
    for (int shared = 0; shared < 2; shared++) {
        regio_lisa *l1 = NULL, *lref = NULL;
        regio_localg *g1 = NULL, *gref = NULL;
        regio_autocorr_opts o = {.permutations = R, .seed = 2024, .threads = 1, .star = REGIO_STAR_PEERS,
                                 .draws = shared ? REGIO_DRAWS_SHARED : REGIO_DRAWS_UNIT};
        assert_int_equal(regio_lisa_compute(y, n, w, &o, &lref, &err), REGIO_OK);
        assert_int_equal(regio_localg_compute(y, n, w, &o, &gref, &err), REGIO_OK);
        /* the reference loops */
        double *a = malloc(n * sizeof *a);
        for (size_t i = 0; i < n; i++) a[i] = z[i];
        (shared ? shared_local_p : old_local_p)(w, z, lref->lag, a, R, 2024, pref);
        for (size_t i = 0; i < n; i++)
            if (lref->p_sim[i] != pref[i]) fail_msg("shared %d unit %zu: p %.17g, reference %.17g", shared, i, lref->p_sim[i], pref[i]);
        double *lagy = malloc(n * sizeof *lagy);
        regio_weights_lag(w, y, lagy);
        for (size_t i = 0; i < n; i++) a[i] = 1;
        (shared ? shared_local_p : old_local_p)(w, y, lagy, a, R, 2024, pref);
        for (size_t i = 0; i < n; i++)
            if (gref->p_sim[i] != pref[i]) fail_msg("shared %d unit %zu: Gi* p %.17g, reference %.17g", shared, i, gref->p_sim[i], pref[i]);
        free(a);
        free(lagy);
        /* one pass for both, on 1, 2 and 3 threads: bit for bit the separate calls */
        for (unsigned t = 1; t <= 3; t++) {
            o.threads = t;
            assert_int_equal(regio_local_compute(y, n, w, &o, &l1, &g1, &err), REGIO_OK);
            assert_memory_equal(l1->p_sim, lref->p_sim, n * sizeof(double));
            assert_memory_equal(l1->mean_sim, lref->mean_sim, n * sizeof(double));
            assert_memory_equal(l1->sd_sim, lref->sd_sim, n * sizeof(double));
            assert_memory_equal(g1->p_sim, gref->p_sim, n * sizeof(double));
            assert_memory_equal(g1->z_sim, gref->z_sim, n * sizeof(double));
            assert_memory_equal(g1->cluster, gref->cluster, n * sizeof(int));
            regio_lisa_free(l1);
            regio_localg_free(g1);
        }
        for (size_t i = 0; i < n; i++) {
            assert_perm_p(lref->p_sim[i], R);
            assert_perm_p(gref->p_sim[i], R);
        }
        regio_lisa_free(lref);
        regio_localg_free(gref);
    }
    /* the two designs draw differently */
    regio_lisa *lu = NULL, *ls = NULL;
    regio_autocorr_opts o = {.permutations = R, .seed = 2024};
    assert_int_equal(regio_lisa_compute(y, n, w, &o, &lu, &err), REGIO_OK);
    o.draws = REGIO_DRAWS_SHARED;
    assert_int_equal(regio_lisa_compute(y, n, w, &o, &ls, &err), REGIO_OK);
    assert_true(memcmp(lu->mean_sim, ls->mean_sim, n * sizeof(double)) != 0);
    regio_lisa_free(lu);
    regio_lisa_free(ls);
    regio_weights_free(wl);
    regio_weights_free(w);
    free(y);
    free(z);
    free(pref);
}

/* a 3×3 rook grid written one row per pair (12 rows) reads as a directed graph; symmetrised it gives spdep's
 * Moran's I: R> m <- matrix(0,9,9); (each pair i,j of the grid: m[i,j] <- m[j,i] <- 1);
 *    moran(c(4,1,7,2,9,3,8,5,6), mat2listw(m, style = "W"), 9, Szero(…))$I = -0.5722222222222223 (spdep 1.2-7) */
static void test_pairs_symmetrised(void **state) {
    (void)state;
    size_t ei[12] = {0, 1, 3, 4, 6, 7, 0, 3, 1, 4, 2, 5}, ej[12] = {1, 2, 4, 5, 7, 8, 3, 6, 4, 7, 5, 8};
    double y[9] = {4, 1, 7, 2, 9, 3, 8, 5, 6};
    regio_weights *wd = NULL, *ws = NULL, *r = NULL;
    regio_error err;
    assert_int_equal(regio_weights_from_edges(9, ei, ej, NULL, 12, &wd, &err), REGIO_OK);
    assert_false(regio_weights_symmetric(wd));
    size_t added = 0;
    assert_int_equal(regio_weights_symmetrise(wd, &ws, &added, &err), REGIO_OK);
    assert_int_equal(added, 12);
    assert_true(regio_weights_symmetric(ws));
    assert_int_equal(ws->offsets[9], 24);
    assert_int_equal(regio_weights_transform(ws, REGIO_W_ROW, &r, &err), REGIO_OK);
    regio_moran *m = NULL;
    assert_int_equal(regio_moran_compute(y, 9, r, NULL, &m, &err), REGIO_OK);
    assert_rel(m->I, -0.5722222222222223, 1e-12);
    regio_moran_free(m);
    regio_weights_free(r);
    /* symmetrising a symmetric list adds nothing */
    regio_weights *again = NULL;
    assert_int_equal(regio_weights_symmetrise(ws, &again, &added, &err), REGIO_OK);
    assert_int_equal(added, 0);
    assert_memory_equal(again->neighbours, ws->neighbours, 24 * sizeof(size_t));
    regio_weights_free(again);
    regio_weights_free(wd);
    regio_weights_free(ws);
}

/* Moran, Geary and G from one set of permutations: bit for bit the separate calls, on 1 and 2 threads; G's
 * failure on a negative value leaves the other two */
static void test_global_fused(void **state) {
    (void)state;
    size_t n;
    double *y = read_column(DATA "columbus.csv", "CRIME", &n);
    regio_weights *w = read_weights(DATA "columbus_rook_edges.csv", n, 1);
    regio_error err, gerr;
    const size_t R = 299;
    regio_autocorr_opts o = {.permutations = R, .seed = 99, .threads = 1};
    regio_moran *m0 = NULL;
    regio_geary *c0 = NULL;
    regio_getis *g0 = NULL;
    assert_int_equal(regio_moran_compute(y, n, w, &o, &m0, &err), REGIO_OK);
    assert_int_equal(regio_geary_compute(y, n, w, &o, &c0, &err), REGIO_OK);
    assert_int_equal(regio_getis_compute(y, n, w, &o, &g0, &err), REGIO_OK);
    for (unsigned t = 1; t <= 2; t++) {
        o.threads = t;
        regio_moran *m = NULL;
        regio_geary *c = NULL;
        regio_getis *g = NULL;
        assert_int_equal(regio_global_compute(y, n, w, &o, &m, &c, &g, &gerr, &err), REGIO_OK);
        assert_memory_equal(m->sims, m0->sims, R * sizeof(double));
        assert_memory_equal(c->sims, c0->sims, R * sizeof(double));
        assert_memory_equal(g->sims, g0->sims, R * sizeof(double));
        assert_true(m->sim.p == m0->sim.p && c->sim.p == c0->sim.p && g->sim.p == g0->sim.p);
        assert_true(m->I == m0->I && m->z_rand == m0->z_rand && c->C == c0->C && g->z == g0->z);
        assert_perm_p(m->sim.p, R);
        regio_moran_free(m);
        regio_geary_free(c);
        regio_getis_free(g);
    }
    /* only Geary */
    regio_geary *c = NULL;
    assert_int_equal(regio_global_compute(y, n, w, &o, NULL, &c, NULL, NULL, &err), REGIO_OK);
    assert_memory_equal(c->sims, c0->sims, R * sizeof(double));
    regio_geary_free(c);
    /* a negative value: G is left out with its reason, Moran is computed; without getis_err the call fails */
    y[3] = -1;
    regio_moran *m = NULL;
    regio_getis *g = (regio_getis *)1;
    regio_error_clear(&gerr);
    assert_int_equal(regio_global_compute(y, n, w, &o, &m, NULL, &g, &gerr, &err), REGIO_OK);
    assert_null(g);
    assert_non_null(m);
    assert_non_null(strstr(gerr.en, "non-negative"));
    regio_moran_free(m);
    assert_int_equal(regio_global_compute(y, n, w, &o, &m, NULL, &g, NULL, &err), REGIO_EINVAL);
    assert_null(m);
    assert_null(g);
    regio_moran_free(m0);
    regio_geary_free(c0);
    regio_getis_free(g0);
    regio_weights_free(w);
    free(y);
}

static void test_errors(void **state) {
    (void)state;
    regio_weights *w = read_weights(DATA "lat3x3_rook_edges.csv", 9, 1);
    regio_error err;
    regio_moran *m = (regio_moran *)1;
    regio_lisa *l = (regio_lisa *)1;
    double y[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    /* n < 3 */
    size_t ei[2] = {0, 1}, ej[2] = {1, 0};
    regio_weights *w2 = NULL;
    assert_int_equal(regio_weights_from_edges(2, ei, ej, NULL, 2, &w2, &err), REGIO_OK);
    assert_int_equal(regio_moran_compute(y, 2, w2, NULL, &m, &err), REGIO_EINVAL);
    assert_null(m);
    assert_non_null(strstr(err.en, "at least 3"));
    assert_int_equal(regio_lisa_compute(y, 2, w2, NULL, &l, &err), REGIO_EINVAL);
    assert_null(l);
    regio_weights_free(w2);
    /* weights of another size */
    assert_int_equal(regio_moran_compute(y, 8, w, NULL, &m, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "9 units but there are 8 values"));
    /* zero variance */
    double c[9] = {4, 4, 4, 4, 4, 4, 4, 4, 4};
    assert_int_equal(regio_moran_compute(c, 9, w, NULL, &m, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "zero variance"));
    assert_non_null(strstr(err.zh, "方差为零"));
    regio_geary *g = NULL;
    assert_int_equal(regio_geary_compute(c, 9, w, NULL, &g, &err), REGIO_EINVAL);
    assert_int_equal(regio_lisa_compute(c, 9, w, NULL, &l, &err), REGIO_EINVAL);
    /* NaN named by its index */
    double bad[9] = {1, 2, 3, 4, 5, NAN, 7, 8, 9};
    assert_int_equal(regio_lisa_compute(bad, 9, w, NULL, &l, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "unit 5 (0-based)"));
    assert_non_null(strstr(err.zh, "第 5 个单元"));
    regio_localg *lg = NULL;
    bad[5] = INFINITY;
    assert_int_equal(regio_localg_compute(bad, 9, w, NULL, &lg, &err), REGIO_EINVAL);
    assert_null(lg);
    /* n = 3: randomisation variance divides by n − 3 and is reported as NaN, the rest is defined */
    size_t e3i[4] = {0, 1, 1, 2}, e3j[4] = {1, 0, 2, 1};
    regio_weights *w3 = NULL;
    assert_int_equal(regio_weights_from_edges(3, e3i, e3j, NULL, 4, &w3, &err), REGIO_OK);
    assert_int_equal(regio_moran_compute(y, 3, w3, NULL, &m, &err), REGIO_OK);
    assert_true(isfinite(m->z_norm) && isnan(m->VI_rand));
    regio_moran_free(m);
    /* free functions accept NULL */
    regio_moran_free(NULL);
    regio_geary_free(NULL);
    regio_getis_free(NULL);
    regio_lisa_free(NULL);
    regio_localg_free(NULL);
    regio_weights_free(w3);
    regio_weights_free(w);
}

/* issue 13, item 9: values near DBL_MAX gave null statistics without a word; now refused, naming the unit */
static void test_huge_values(void **state) {
    (void)state;
    size_t ei[] = {0, 1, 1, 2, 2, 3, 3, 0}, ej[] = {1, 0, 2, 1, 3, 2, 0, 3};
    regio_weights *w = NULL;
    regio_error err;
    assert_int_equal(regio_weights_from_edges(4, ei, ej, NULL, 8, &w, &err), REGIO_OK);
    double y[] = {1, 2, 1.7e308, 3};
    regio_moran *m = NULL;
    regio_autocorr_opts o = {0};
    assert_int_equal(regio_moran_compute(y, 4, w, &o, &m, &err), REGIO_EINVAL);
    assert_null(m);
    if (!strstr(err.en, "unit 2 (0-based) has the value 1.7e+308, too large: beyond ±1e150 its square overflows")) fail_msg("%s", err.en);
    y[2] = 1e150; /* at the bound: computed, finite */
    assert_int_equal(regio_moran_compute(y, 4, w, &o, &m, &err), REGIO_OK);
    assert_true(isfinite(m->I));
    regio_moran_free(m);
    regio_weights_free(w);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_moran_stl),       cmocka_unit_test(test_moran_sids),
        cmocka_unit_test(test_moran_lattice),   cmocka_unit_test(test_geary_columbus),
        cmocka_unit_test(test_getis_global),    cmocka_unit_test(test_getis_local),
        cmocka_unit_test(test_lisa_desmith),    cmocka_unit_test(test_threads_same_pvalues),
        cmocka_unit_test(test_alternatives),    cmocka_unit_test(test_all_ties),
        cmocka_unit_test(test_islands),         cmocka_unit_test(test_fdr),
        cmocka_unit_test(test_errors),          cmocka_unit_test(test_spdep_yunnan),
        cmocka_unit_test(test_kernel_draws),    cmocka_unit_test(test_pairs_symmetrised),
        cmocka_unit_test(test_global_fused), cmocka_unit_test(test_huge_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
