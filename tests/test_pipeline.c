/* test_pipeline.c — COINr's construction stages (regio/pipeline.h) against the numbers COINr itself prints on its
 * ASEM example (data/yunnan/raw/composite-refs, the package's ASEM_iData/ASEM_iMeta). Every expected value below
 * is copied from COINr's rendered vignettes (github:bluefoxr/COINr, docs/articles/NAME.html, the output of
 * vignettes/NAME.Rmd) or asserted the way COINr's testthat files do (tests/testthat/test-NAME.R); each test names its
 * source. COINr prints 7 significant digits for the treatment and imputation tables and 2 decimals for the
 * results table, so those are the tolerances. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "testutil.h"

#include "regio/composite.h"
#include "regio/index_analysis.h"
#include "regio/pipeline.h"

#define ASEM REGIO_SOURCE_DIR "/data/yunnan/raw/composite-refs/"

typedef struct asem {
    regio_coinr_meta *meta;
    regio_coinr_data *d;
} asem;

static asem load(void) {
    asem a = {0};
    regio_error err;
    assert_int_equal(regio_coinr_meta_read(ASEM "ASEM_iMeta.csv", &a.meta, &err), REGIO_OK);
    assert_int_equal(regio_coinr_data_read(ASEM "ASEM_iData.csv", a.meta, &a.d, &err), REGIO_OK);
    return a;
}

static void unload(asem *a) {
    regio_coinr_data_free(a->d);
    regio_coinr_meta_free(a->meta);
}

static long col_of(const asem *a, const char *code) {
    for (size_t j = 0; j < a->meta->m; j++)
        if (strcmp(a->meta->code[j], code) == 0) return (long)j;
    return -1;
}

static long node_of(const asem *a, const char *code) {
    for (size_t k = 0; k < a->meta->nnodes; k++)
        if (strcmp(a->meta->code[k], code) == 0) return (long)k;
    return -1;
}

static long unit_of(const asem *a, const char *code) {
    for (size_t i = 0; i < a->d->n; i++)
        if (strcmp(a->d->ucode[i], code) == 0) return (long)i;
    return -1;
}

/* relative agreement to 7 significant digits, as COINr prints */
static void near7(double got, double want) {
    double tol = 5e-7 * fmax(fabs(want), 1e-300) + 1e-12;
    if (!(fabs(got - want) <= tol)) fail_msg("got %.10g, COINr prints %.7g", got, want);
}

/* group index per unit from the iData group column `code` (labels sorted) */
static int *groups(const asem *a, const char *code, size_t *ng) {
    size_t g = 0;
    while (g < a->meta->ngroups && strcmp(a->meta->group_code[g], code) != 0) g++;
    assert_true(g < a->meta->ngroups);
    const char *labels[16];
    size_t nl = 0;
    int *out = malloc(a->d->n * sizeof *out);
    for (size_t i = 0; i < a->d->n; i++) {
        const char *s = a->d->group[i * a->meta->ngroups + g];
        size_t q = 0;
        while (q < nl && strcmp(labels[q], s) != 0) q++;
        if (q == nl) labels[nl++] = s;
    }
    /* sort labels, then map */
    for (size_t p = 1; p < nl; p++)
        for (size_t q = p; q > 0 && strcmp(labels[q - 1], labels[q]) > 0; q--) {
            const char *t = labels[q]; labels[q] = labels[q - 1]; labels[q - 1] = t;
        }
    for (size_t i = 0; i < a->d->n; i++) {
        const char *s = a->d->group[i * a->meta->ngroups + g];
        for (size_t q = 0; q < nl; q++) if (strcmp(labels[q], s) == 0) out[i] = (int)q;
    }
    *ng = nl;
    return out;
}

/* ---- skewness, kurtosis, Treat ------------------------------------------------------------------------ */

/* COINr vignette "Outlier Treatment" (treat.Rmd), numeric vectors: x = c(1:10, 30, 100) has skew 3.063241 and
 * kurtosis 9.741391; Treat(x, f1 = "winsorise", f1_para = list(winmax = 2)) winsorises one point and leaves skew
 * 1.712038, kurtosis 1.815781. testthat test-treat.R "treat_num": c(1:10, 100) with winmax 5 → the 100 becomes 10;
 * c(1:20, 100, 200) with winmax 1 and f2 = "log" fails after winsorising and is then logged. */
static void test_treat_vectors(void **state) {
    (void)state;
    double x[12];
    for (int i = 0; i < 10; i++) x[i] = i + 1;
    x[10] = 30;
    x[11] = 100;
    near7(regio_skew(x, 12, 1), 3.063241);
    near7(regio_kurt(x, 12, 1), 9.741391);
    regio_treat_opts o;
    regio_treat_opts_default(&o);
    o.winmax = 2;
    o.f2 = REGIO_F2_NONE;
    unsigned char fl[22];
    regio_treat_detail d;
    regio_error err;
    assert_int_equal(regio_treat(x, 12, 1, &o, fl, &d, &err), REGIO_OK);
    assert_int_equal(d.nwin, 1);
    assert_int_equal(d.pass[0], 0);
    assert_int_equal(d.pass[1], 1);
    near7(d.skew[1], 1.712038);
    near7(d.kurt[1], 1.815781);
    assert_true(x[11] == 30 && fl[11] == REGIO_TREAT_WINHI && fl[10] == REGIO_TREAT_NONE);

    double y[11];
    for (int i = 0; i < 10; i++) y[i] = i + 1;
    y[10] = 100;
    regio_treat_opts_default(&o);
    assert_int_equal(regio_treat(y, 11, 1, &o, fl, &d, &err), REGIO_OK);
    assert_true(y[10] == 10 && d.pass[1] == 1);
    for (int i = 0; i < 10; i++) assert_true(y[i] == i + 1);

    double z[22], zl[22];
    for (int i = 0; i < 20; i++) z[i] = i + 1;
    z[20] = 100;
    z[21] = 200;
    for (int i = 0; i < 22; i++) zl[i] = z[i];
    o.winmax = 1;
    o.f2 = REGIO_F2_BOXCOX; /* lambda 0 on x − min + 1: COINr's "log" test uses log(x) itself, so shift back */
    o.boxcox_lambda = 0;
    assert_int_equal(regio_treat(z, 22, 1, &o, fl, &d, &err), REGIO_OK);
    assert_int_equal(d.pass[1], 0);
    assert_true(d.f2_applied);
    for (int i = 0; i < 22; i++) assert_true(fabs(z[i] - log(zl[i] - 1 + 1)) < 1e-12 && fl[i] == REGIO_TREAT_F2);
}

/* COINr vignette "Outlier Treatment", data frames: Treat(ASEM_iData[c("Flights", "Goods", "Services")]) with the
 * defaults prints this Dets_Table and winsorises Goods in rows 11 and 35 and Flights in row 30 (Treated_Points).
 * qTreat(winmax = 1, skew_thresh = 1.5, kurt_thresh = 3) sends both to log_CT. And "Coins", Treat(coin, "Raw"):
 * LPI passes (−0.3042681, −0.6567514); Bord winsorises 1 point (2.1482360, 5.7914905 → 1.899211, 4.346298); Elec
 * (2.2252736, 5.7910268 → 1.717744, 2.586062); Gas (2.8294486, 10.3346494 → 1.602518, 1.525576). With
 * f1_para = list(winmax = 1), Goods goes on to log_CT: 2.469910, 7.087309 after one point, then 0.03104001,
 * −0.8888965; Flights with winmax = 0: −0.09502644, −0.8305217 after log_CT. */
static void test_treat_asem(void **state) {
    (void)state;
    asem a = load();
    size_t n = a.d->n, m = a.d->m;
    double *x = malloc(n * m * sizeof *x);
    unsigned char *fl = malloc(n * m);
    regio_treat_detail *d = calloc(m, sizeof *d);
    regio_treat_opts o;
    regio_treat_opts_default(&o);
    regio_error err;
    memcpy(x, a.d->x, n * m * sizeof *x);
    assert_int_equal(regio_treat(x, n, m, &o, fl, d, &err), REGIO_OK);
    long F = col_of(&a, "Flights"), G = col_of(&a, "Goods"), S = col_of(&a, "Services");
    near7(d[F].skew[0], 2.103287); near7(d[F].kurt[0], 4.508879);
    assert_int_equal(d[F].nwin, 1);
    near7(d[F].skew[1], 1.900658); near7(d[F].kurt[1], 3.3360647);
    near7(d[G].skew[0], 2.649973); near7(d[G].kurt[0], 8.266610);
    assert_int_equal(d[G].nwin, 2);
    near7(d[G].skew[1], 1.140608); near7(d[G].kurt[1], 0.1572047);
    assert_int_equal(d[S].pass[0], 1);
    near7(d[S].skew[0], 1.701085); near7(d[S].kurt[0], 2.375656);
    assert_int_equal(d[S].nwin, -1);
    /* Treated_Points: rows 11 and 35 (1-based) of Goods, row 30 of Flights, nothing else */
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(fl[i * m + G], (i == 10 || i == 34) ? REGIO_TREAT_WINHI : REGIO_TREAT_NONE);
        assert_int_equal(fl[i * m + F], i == 29 ? REGIO_TREAT_WINHI : REGIO_TREAT_NONE);
        assert_int_equal(fl[i * m + S], REGIO_TREAT_NONE);
    }
    long L = col_of(&a, "LPI"), B = col_of(&a, "Bord"), E = col_of(&a, "Elec"), Gs = col_of(&a, "Gas");
    assert_int_equal(d[L].pass[0], 1);
    near7(d[L].skew[0], -0.3042681); near7(d[L].kurt[0], -0.6567514);
    near7(d[B].skew[0], 2.1482360); near7(d[B].kurt[0], 5.7914905); near7(d[B].skew[1], 1.899211); near7(d[B].kurt[1], 4.346298);
    near7(d[E].skew[0], 2.2252736); near7(d[E].kurt[0], 5.7910268); near7(d[E].skew[1], 1.717744); near7(d[E].kurt[1], 2.586062);
    near7(d[Gs].skew[0], 2.8294486); near7(d[Gs].kurt[0], 10.3346494); near7(d[Gs].skew[1], 1.602518); near7(d[Gs].kurt[1], 1.525576);
    assert_int_equal(d[B].nwin, 1);

    /* winmax = 1: Goods to log_CT */
    memcpy(x, a.d->x, n * m * sizeof *x);
    o.winmax = 1;
    assert_int_equal(regio_treat(x, n, m, &o, fl, d, &err), REGIO_OK);
    assert_int_equal(d[G].nwin, 1);
    assert_int_equal(d[G].pass[1], 0);
    near7(d[G].skew[1], 2.469910); near7(d[G].kurt[1], 7.087309);
    assert_true(d[G].f2_applied && d[G].pass[2] == 1);
    near7(d[G].skew[2], 0.03104001); near7(d[G].kurt[2], -0.8888965);
    assert_false(d[F].f2_applied);
    /* log_CT: log(x − min + 0.01(max − min)) of the original values, every point flagged */
    double mn = INFINITY, mx = -INFINITY;
    for (size_t i = 0; i < n; i++) { mn = fmin(mn, a.d->x[i * m + G]); mx = fmax(mx, a.d->x[i * m + G]); }
    for (size_t i = 0; i < n; i++) {
        assert_true(fabs(x[i * m + G] - log(a.d->x[i * m + G] - mn + 0.01 * (mx - mn))) < 1e-12);
        assert_int_equal(fl[i * m + G], REGIO_TREAT_F2);
    }

    /* Flights with winmax = 0 (COINr indiv_specs) */
    memcpy(x, a.d->x, n * m * sizeof *x);
    o.winmax = 0;
    assert_int_equal(regio_treat(x, n, m, &o, fl, d, &err), REGIO_OK);
    assert_int_equal(d[F].nwin, 0);
    near7(d[F].skew[2], -0.09502644); near7(d[F].kurt[2], -0.8305217);

    /* qTreat(df1, winmax = 1, skew_thresh = 1.5, kurt_thresh = 3) */
    memcpy(x, a.d->x, n * m * sizeof *x);
    o.winmax = 1;
    o.skew_thresh = 1.5;
    o.kurt_thresh = 3;
    assert_int_equal(regio_treat(x, n, m, &o, fl, d, &err), REGIO_OK);
    assert_int_equal(d[F].pass[1], 0);
    near7(d[F].skew[2], -0.09502644); near7(d[F].kurt[2], -0.8305217);
    near7(d[G].skew[2], 0.03104001); near7(d[G].kurt[2], -0.8888965);
    assert_int_equal(d[S].pass[0], 1);
    free(x);
    free(fl);
    free(d);
    unload(&a);
}

/* ---- imputation ------------------------------------------------------------------------------------------ */

/* COINr vignette "Imputation" (imputation.Rmd): df1 <- ASEM_iData[37:46, 36:39] (Pat, CultServ, CultGood, Tourist
 * of rows 37–46). Impute(df1, "i_mean") puts 122.35, 0.6470778 and 4.5395 in the gaps; i_median_grp with groups
 * a (rows 1–5) and b (rows 6–10) gives Pat 136.75 / 26.85, CultServ 0.966025, CultGood 8.5835 / 1.2345;
 * impute_by = "row", normalise_first = TRUE gives CultGood 2.850908 (row 37), 10.163326 (row 40), 1.828412 (41),
 * 1.128411 (44); Pat 64.72133 (41), 39.42134 (44); CultServ 0.246215 (41). */
static void test_impute_vignette(void **state) {
    (void)state;
    asem a = load();
    const char *cols[] = {"Pat", "CultServ", "CultGood", "Tourist"};
    double df[40], x[40];
    for (int r = 0; r < 10; r++)
        for (int c = 0; c < 4; c++) df[r * 4 + c] = a.d->x[(size_t)(36 + r) * a.d->m + (size_t)col_of(&a, cols[c])];
    assert_true(isnan(df[4 * 4 + 0]) && isnan(df[0 * 4 + 2]) && df[1 * 4 + 0] == 583.5);
    regio_impute_opts o = {0};
    unsigned char fl[40];
    regio_error err;
    memcpy(x, df, sizeof x);
    o.kind = REGIO_IMP_MEAN;
    assert_int_equal(regio_impute(x, 10, 4, &o, fl, &err), REGIO_OK);
    near7(x[4 * 4 + 0], 122.35); near7(x[7 * 4 + 0], 122.35);
    near7(x[4 * 4 + 1], 0.6470778);
    near7(x[0 * 4 + 2], 4.5395); near7(x[3 * 4 + 2], 4.5395);
    assert_int_equal(fl[4 * 4 + 0], REGIO_CELL_IMPUTED_MEAN);
    assert_true(x[1 * 4 + 0] == 583.5);

    int grp[10] = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1};
    memcpy(x, df, sizeof x);
    o.kind = REGIO_IMP_GROUP_MEDIAN;
    o.group = grp;
    o.ngroups = 2;
    memset(fl, 0, sizeof fl);
    assert_int_equal(regio_impute(x, 10, 4, &o, fl, &err), REGIO_OK);
    near7(x[4 * 4 + 0], 136.75); near7(x[7 * 4 + 0], 26.85);
    near7(x[4 * 4 + 1], 0.966025);
    near7(x[0 * 4 + 2], 8.5835); near7(x[7 * 4 + 2], 1.2345);
    assert_int_equal(fl[7 * 4 + 2], REGIO_CELL_IMPUTED_GROUP_MEDIAN);

    memcpy(x, df, sizeof x);
    o = (regio_impute_opts){0};
    o.kind = REGIO_IMP_ROW_MEAN;
    assert_int_equal(regio_impute(x, 10, 4, &o, fl, &err), REGIO_OK);
    near7(x[0 * 4 + 2], 2.850908); near7(x[3 * 4 + 2], 10.163326);
    near7(x[4 * 4 + 2], 1.828412); near7(x[7 * 4 + 2], 1.128411);
    near7(x[4 * 4 + 0], 64.72133); near7(x[7 * 4 + 0], 39.42134);
    near7(x[4 * 4 + 1], 0.246215);
    assert_int_equal(fl[4 * 4 + 1], REGIO_CELL_IMPUTED_ROW);
    unload(&a);
}

/* testthat test-Impute.R "impute.coin": row imputation within the level-2 groups, normalising first, fills BGD's
 * ConSpeed with the mean min-max score of BGD's other Physical indicators mapped back to ConSpeed's range. */
static void test_impute_row_group_level(void **state) {
    (void)state;
    asem a = load();
    size_t n = a.d->n, m = a.d->m;
    double *x = malloc(n * m * sizeof *x);
    int *ig = malloc(m * sizeof *ig);
    memcpy(x, a.d->x, n * m * sizeof *x);
    for (size_t j = 0; j < m; j++) ig[j] = a.meta->parent[j];
    regio_impute_opts o = {.kind = REGIO_IMP_ROW_MEAN, .ind_group = ig, .direction = a.meta->direction};
    regio_error err;
    assert_int_equal(regio_impute(x, n, m, &o, NULL, &err), REGIO_OK);
    long bgd = unit_of(&a, "BGD"), cs = col_of(&a, "ConSpeed");
    assert_true(isnan(a.d->x[(size_t)bgd * m + (size_t)cs]));
    /* the reference, as the test computes it */
    double s = 0, k = 0, lo = INFINITY, hi = -INFINITY;
    for (size_t j = 0; j < m; j++) {
        if (a.meta->parent[j] != a.meta->parent[cs]) continue;
        double l = INFINITY, h = -INFINITY;
        for (size_t i = 0; i < n; i++) {
            double v = a.d->x[i * m + j];
            if (!isnan(v)) { l = fmin(l, v); h = fmax(h, v); }
        }
        if ((long)j == cs) { lo = l; hi = h; continue; }
        double v = a.d->x[(size_t)bgd * m + j];
        if (!isnan(v)) { s += (v - l) / (h - l); k++; }
    }
    assert_true(fabs(x[(size_t)bgd * m + (size_t)cs] - ((s / k) * (hi - lo) + lo)) < 1e-9);
    free(x);
    free(ig);
    unload(&a);
}

/* panel imputation: COINr impute_panel, imp_type "linear" (stats::approx, rule = 2) and "latest" */
static void test_impute_panel(void **state) {
    (void)state;
    /* one unit, one indicator, five years: NA, 2, NA, NA, 8 → 2 (constant before), 2, 4, 6, 8 */
    double x[5] = {NAN, 2, NAN, NAN, 8};
    int years[5] = {2016, 2017, 2018, 2019, 2020};
    unsigned char fl[5] = {0};
    regio_error err;
    assert_int_equal(regio_impute_panel(x, 5, years, 1, 1, REGIO_IMP_LINEAR, fl, &err), REGIO_OK);
    assert_true(x[0] == 2 && x[2] == 4 && x[3] == 6 && x[4] == 8);
    assert_int_equal(fl[2], REGIO_CELL_IMPUTED_LINEAR);
    assert_int_equal(fl[1], 0);
    double y[5] = {NAN, 2, NAN, NAN, 8};
    memset(fl, 0, sizeof fl);
    assert_int_equal(regio_impute_panel(y, 5, years, 1, 1, REGIO_IMP_LATEST, fl, &err), REGIO_OK);
    assert_true(isnan(y[0]) && y[2] == 2 && y[3] == 2);
}

/* EM and regression: on data generated exactly linear (synthetic: c = 2a − b + 1), both recover the gap. */
static void test_impute_models(void **state) {
    (void)state;
    double x[8 * 3];
    for (int i = 0; i < 8; i++) {
        double a = i * 1.5 + (i % 3), b = (i * i) % 7;
        x[i * 3] = a; x[i * 3 + 1] = b; x[i * 3 + 2] = 2 * a - b + 1;
    }
    double want = x[5 * 3 + 2];
    x[5 * 3 + 2] = NAN;
    double y[24];
    memcpy(y, x, sizeof y);
    regio_impute_opts o = {.kind = REGIO_IMP_REGRESSION};
    unsigned char fl[24] = {0};
    regio_error err;
    assert_int_equal(regio_impute(x, 8, 3, &o, fl, &err), REGIO_OK);
    assert_true(fabs(x[5 * 3 + 2] - want) < 1e-9);
    assert_int_equal(fl[5 * 3 + 2], REGIO_CELL_IMPUTED_REGRESSION);
    o.kind = REGIO_IMP_EM;
    o.em_iter = 2000;
    assert_int_equal(regio_impute(y, 8, 3, &o, fl, &err), REGIO_OK);
    assert_true(fabs(y[5 * 3 + 2] - want) < 1e-3);
    assert_int_equal(fl[5 * 3 + 2], REGIO_CELL_IMPUTED_EM);
}

/* ---- denomination ------------------------------------------------------------------------------------------ */

/* testthat test-Denominate.R "Denom.coin": the iMeta's Denominator column maps each indicator to a denominator
 * column of iData; COINr divides (Goods/GDP, Flights/Population, LPI unchanged). */
static void test_denominate(void **state) {
    (void)state;
    asem a = load();
    size_t n = a.d->n, m = a.d->m;
    assert_int_equal(a.meta->ndenoms, 4);
    assert_int_equal(a.meta->ngroups, 4);
    long G = col_of(&a, "Goods"), F = col_of(&a, "Flights"), L = col_of(&a, "LPI");
    assert_string_equal(a.meta->denom_code[a.meta->denom_of[G]], "GDP");
    assert_string_equal(a.meta->denom_code[a.meta->denom_of[F]], "Population");
    assert_int_equal(a.meta->denom_of[L], -1);
    double *x = malloc(n * m * sizeof *x);
    memcpy(x, a.d->x, n * m * sizeof *x);
    size_t bad = 99;
    regio_error err;
    assert_int_equal(regio_denominate(x, n, m, a.d->den, a.d->ndenoms, a.meta->denom_of, NULL, &bad, &err), REGIO_OK);
    /* LAO has no Energy value: its Elec and Gas become missing, as x/NA is NA in COINr */
    assert_int_equal(bad, 2);
    long lao = unit_of(&a, "LAO");
    assert_true(isnan(x[(size_t)lao * m + (size_t)col_of(&a, "Elec")]) && isnan(x[(size_t)lao * m + (size_t)col_of(&a, "Gas")]));
    /* AUT: Goods 278.4264 / GDP 390.799991147468 */
    assert_true(fabs(x[0 * m + G] - 278.4264 / 390.799991147468) < 1e-15);
    assert_true(fabs(x[0 * m + F] - 29.01725 / 8735.453) < 1e-15);
    assert_true(x[0 * m + L] == a.d->x[0 * m + L]);
    free(x);
    unload(&a);
}

/* ---- the whole example coin -------------------------------------------------------------------------------- */

/* COINr build_example_coin(): Denominate(Raw) → Impute(i_mean_grp, EurAsia_group) → Screen(byNA, 0.9) →
 * Treat(winmax = 5) → Normalise(minmax 0–100) → Aggregate(a_amean). The vignette "Presenting Results"
 * (results.Rmd) prints get_results(): the top six units and their scores at 2 dp; get_unit_summary(coin, "IND")
 * prints India's scores and ranks at levels 4, 3, 2. */
static regio_pipeline_result *example_coin(asem *a, regio_pipeline_opts *o, int **grp) {
    size_t ng = 0;
    *grp = groups(a, "EurAsia_group", &ng);
    regio_pipeline_opts_default(o);
    o->denominate = 1;
    o->impute.kind = REGIO_IMP_GROUP_MEAN;
    o->impute.group = *grp;
    o->impute.ngroups = ng;
    o->screen = REGIO_SCREEN_BYNA;
    o->dat_thresh = 0.9;
    regio_treat_opts_default(&o->treat);
    o->treat.winmax = 5;
    regio_composite_input in = {.n = a->d->n, .m = a->d->m, .x = a->d->x, .direction = a->meta->direction,
                                .nnodes = a->meta->nnodes, .parent = a->meta->parent, .weight = a->meta->weight,
                                .unit_code = (const char *const *)a->d->ucode, .node_code = (const char *const *)a->meta->code};
    regio_pipeline_denoms dn = {a->d->den, a->d->ndenoms, a->meta->denom_of};
    regio_pipeline_result *r = NULL;
    regio_error err;
    int rc = regio_pipeline_evaluate(&in, &dn, o, &r, &err);
    if (rc) fail_msg("%s", err.en);
    return r;
}

static void test_example_coin_results(void **state) {
    (void)state;
    asem a = load();
    regio_pipeline_opts o;
    int *grp;
    regio_pipeline_result *r = example_coin(&a, &o, &grp);
    assert_int_equal(r->nkept, 51);
    const char *cols[] = {"Index", "Conn", "Sust", "Physical", "ConEcFin", "Political", "Instit", "P2P", "Environ", "Social", "SusEcFin"};
    const struct { const char *u; double v[11]; } top[] = {
        {"CHE", {68.38, 62.79, 73.98, 63.41, 32.87, 74.78, 85.94, 56.93, 77.21, 87.85, 56.88}},
        {"NLD", {64.82, 61.94, 67.70, 64.87, 46.62, 84.55, 71.74, 41.92, 58.73, 86.58, 57.78}},
        {"DNK", {64.80, 57.10, 72.51, 50.52, 30.43, 78.13, 75.35, 51.04, 69.83, 86.40, 61.29}},
        {"NOR", {64.47, 57.44, 71.50, 58.18, 25.70, 80.03, 89.46, 33.80, 70.90, 87.00, 56.59}},
        {"BEL", {63.54, 63.99, 63.09, 71.97, 48.22, 80.84, 75.60, 43.32, 53.01, 86.17, 50.09}},
        {"SWE", {63.00, 53.87, 72.12, 51.51, 23.87, 80.98, 74.51, 38.50, 66.37, 87.74, 62.27}},
    };
    size_t N = r->comp->nnodes;
    for (int q = 0; q < 6; q++) {
        long i = unit_of(&a, top[q].u);
        assert_int_equal(r->comp->rank[i], q + 1);
        for (int c = 0; c < 11; c++) {
            double got = r->comp->score[(size_t)i * N + (size_t)node_of(&a, cols[c])];
            if (fabs(got - top[q].v[c]) > 0.005 + 1e-9) fail_msg("%s %s: %.6f, COINr prints %.2f", top[q].u, cols[c], got, top[q].v[c]);
        }
    }
    /* get_unit_summary(coin, usel = "IND", Levels = c(4,3,2)) */
    const struct { const char *c; double s; int rank; } ind[] = {
        {"Index", 39.79, 45}, {"Conn", 28.60, 44}, {"Sust", 50.99, 43}, {"Physical", 18.78, 48}, {"ConEcFin", 6.38, 49},
        {"Political", 51.90, 33}, {"Instit", 59.84, 37}, {"P2P", 6.07, 47}, {"Environ", 75.34, 6}, {"Social", 22.74, 51},
        {"SusEcFin", 54.88, 36}};
    long i = unit_of(&a, "IND");
    double *col = malloc(a.d->n * sizeof *col);
    int *rk = malloc(a.d->n * sizeof *rk);
    for (int q = 0; q < 11; q++) {
        long k = node_of(&a, ind[q].c);
        double got = r->comp->score[(size_t)i * N + (size_t)k];
        if (fabs(got - ind[q].s) > 0.005 + 1e-9) fail_msg("IND %s: %.6f, COINr prints %.2f", ind[q].c, got, ind[q].s);
        for (size_t u = 0; u < a.d->n; u++) col[u] = r->comp->score[u * N + (size_t)k];
        regio_composite_rank(col, a.d->n, rk);
        assert_int_equal(rk[i], ind[q].rank);
    }
    /* every treated point is flagged; imputed cells carry the group-mean flag */
    size_t nimp = 0, ntreat = 0;
    for (size_t c = 0; c < a.d->n * a.d->m; c++) {
        nimp += r->imp_flag[c] == REGIO_CELL_IMPUTED_GROUP;
        ntreat += r->treat_flag[c] != REGIO_TREAT_NONE;
    }
    assert_int_equal(nimp, 63 + 2); /* the 63 gaps of iData and LAO's Elec and Gas (no Energy to divide by) */
    assert_int_equal(r->ndenom_bad, 2);
    assert_true(ntreat > 0);
    free(col);
    free(rk);
    free(grp);
    regio_pipeline_result_free(r);
    unload(&a);
}

/* ---- analysis of a built index ---------------------------------------------------------------------------- */

/* indicator columns under aggregate `parent`, sorted by code (COINr's get_data column order) */
static size_t cols_under(const asem *a, const char *parent, size_t *cols) {
    long p = node_of(a, parent);
    size_t k = 0;
    for (size_t j = 0; j < a->meta->m; j++)
        if (a->meta->parent[j] == p) cols[k++] = j;
    for (size_t q = 1; q < k; q++)
        for (size_t r = q; r > 0 && strcmp(a->meta->code[cols[r - 1]], a->meta->code[cols[r]]) > 0; r--) {
            size_t t = cols[r]; cols[r] = cols[r - 1]; cols[r - 1] = t;
        }
    return k;
}

/* COINr vignette "Analysis" (analysis.Rmd) on the Raw data set: get_cronbach(iCodes = "P2P", Level = 1) =
 * 0.05126659; get_corr(iCodes = "Environ", Levels = 1): CO2–MatCon 0.7222051, CO2–PrimEner 0.3268484, CO2–Renew
 * −0.5986338, and NA (p >= 0.05, COINr's default pval) for CO2–Forest and PrimEner–Renew; get_denom_corr(cor_thresh
 * = 0.7) lists 10 indicator–denominator pairs (CultGood–Energy 0.71, CultGood–GDP 0.85, FDI–Energy 0.74, FDI–GDP
 * 0.85, Goods–GDP 0.80, PRemit–GDP 0.71, Research–GDP 0.78, Services–GDP 0.77, StMob–Energy 0.73, StMob–GDP 0.84);
 * get_PCA(iCodes = "Sust"): Environ's weights −0.581 0.214 −0.543 −0.313 0.473 on 50 complete rows, Social's on 37
 * (sdev 2.2042 1.1256 0.9788 0.78834 0.77153 0.56836 0.42463 0.36068 0.25760), SusEcFin's 0.472 0.451 −0.492
 * −0.227 −0.53 on 44 rows; PCA signs are arbitrary, so the weights are compared up to one sign per vector. */
static void test_analysis_raw(void **state) {
    (void)state;
    asem a = load();
    size_t n = a.d->n, m = a.d->m, cols[16];
    size_t k = cols_under(&a, "P2P", cols);
    near7(regio_cronbach(a.d->x, n, m, cols, k), 0.05126659);
    double p;
    size_t nobs;
    long co2 = col_of(&a, "CO2"), mat = col_of(&a, "MatCon"), pe = col_of(&a, "PrimEner"), ren = col_of(&a, "Renew"), fo = col_of(&a, "Forest");
    near7(regio_pearson(a.d->x, n, m, (size_t)co2, (size_t)mat, &nobs, &p), 0.7222051);
    assert_true(p < 0.05);
    near7(regio_pearson(a.d->x, n, m, (size_t)co2, (size_t)pe, &nobs, &p), 0.3268484);
    assert_true(p < 0.05);
    near7(regio_pearson(a.d->x, n, m, (size_t)co2, (size_t)ren, &nobs, &p), -0.5986338);
    regio_pearson(a.d->x, n, m, (size_t)co2, (size_t)fo, &nobs, &p);
    assert_true(p >= 0.05);
    regio_pearson(a.d->x, n, m, (size_t)pe, (size_t)ren, &nobs, &p);
    assert_true(p >= 0.05);

    /* denominators: |r| > 0.7 over indicators × denominators */
    size_t nd = a.d->ndenoms, hits = 0;
    double *both = malloc(n * (m + nd) * sizeof *both);
    for (size_t i = 0; i < n; i++) {
        memcpy(both + i * (m + nd), a.d->x + i * m, m * sizeof *both);
        memcpy(both + i * (m + nd) + m, a.d->den + i * nd, nd * sizeof *both);
    }
    const struct { const char *ind, *den; double r; } want[] = {
        {"CultGood", "Energy", 0.71}, {"CultGood", "GDP", 0.85}, {"FDI", "Energy", 0.74}, {"FDI", "GDP", 0.85}, {"Goods", "GDP", 0.80},
        {"PRemit", "GDP", 0.71}, {"Research", "GDP", 0.78}, {"Services", "GDP", 0.77}, {"StMob", "Energy", 0.73}, {"StMob", "GDP", 0.84}};
    for (size_t j = 0; j < m; j++)
        for (size_t q = 0; q < nd; q++) {
            double r = regio_pearson(both, n, m + nd, j, m + q, NULL, NULL);
            if (!(fabs(r) > 0.7)) continue;
            hits++;
            int found = 0;
            for (size_t w = 0; w < 10; w++)
                if (strcmp(want[w].ind, a.meta->code[j]) == 0 && strcmp(want[w].den, a.meta->denom_code[q]) == 0) {
                    found = 1;
                    assert_true(fabs(r - want[w].r) <= 0.005);
                }
            if (!found) fail_msg("%s–%s r = %g is not in COINr's list", a.meta->code[j], a.meta->denom_code[q], r);
        }
    assert_int_equal(hits, 10);
    free(both);

    /* PCA of the three Sust pillars on the raw indicators */
    const struct { const char *g; size_t nobs; double w[9]; } pca[] = {
        {"Environ", 50, {-0.581, 0.214, -0.543, -0.313, 0.473}},
        {"Social", 37, {-0.417, -0.324, 0.401, -0.191, 0.302}},
        {"SusEcFin", 44, {0.472, 0.451, -0.492, -0.227, -0.53}}};
    regio_error err;
    for (int g = 0; g < 3; g++) {
        k = cols_under(&a, pca[g].g, cols);
        regio_pca *r = NULL;
        assert_int_equal(regio_pca_run(a.d->x, n, m, cols, k, &r, &err), REGIO_OK);
        assert_int_equal(r->nobs, pca[g].nobs);
        double sign = r->loading[0] * pca[g].w[0] < 0 ? -1 : 1;
        for (size_t c = 0; c < 5; c++) assert_true(fabs(sign * r->loading[c * k] - pca[g].w[c]) <= 0.0005 + 1e-9);
        if (g == 1) {
            const double sd[] = {2.2042, 1.1256, 0.9788, 0.78834, 0.77153, 0.56836, 0.42463, 0.36068, 0.25760};
            assert_int_equal(k, 9);
            for (size_t q = 0; q < 9; q++) assert_true(fabs(r->sdev[q] - sd[q]) <= 0.5e-4 * (q < 3 ? 1 : 0.1) + 1e-9);
            assert_true(fabs(r->prop[0] - 0.5398) <= 0.00005);
        }
        regio_pca_free(r);
    }
    unload(&a);
}

/* COINr vignette "Presenting Results" (results.Rmd): get_str_weak(coin, dset = "Raw", usel = "ESP") — strengths
 * CostImpEx (rank 1, 0.0), TIRcon (1, 1.0), Tourist (2, 75.3), Flights (3, 171), UNVote (3, 43.1); weaknesses NEET
 * (33, 13.3), Lang (38, 5.16), Forest (40, 6.93), TBTs (40, 1210), PubDebt (43, 99.3). Ties follow COINr's lineage
 * order (pillar code, then indicator code). */
static void test_str_weak(void **state) {
    (void)state;
    asem a = load();
    size_t n = a.d->n, m = a.d->m, order[64], strong[5], weak[5], ns, nw;
    int sr[5], wr[5];
    for (size_t j = 0; j < m; j++) order[j] = j;
    for (size_t p = 1; p < m; p++)
        for (size_t q = p; q > 0; q--) {
            size_t x = order[q - 1], y = order[q];
            int c = strcmp(a.meta->code[a.meta->parent[x]], a.meta->code[a.meta->parent[y]]);
            if (c < 0 || (c == 0 && strcmp(a.meta->code[x], a.meta->code[y]) <= 0)) break;
            order[q - 1] = y; order[q] = x;
        }
    regio_error err;
    assert_int_equal(regio_str_weak(a.d->x, n, m, a.meta->direction, order, (size_t)unit_of(&a, "ESP"), 5, 5, strong, sr, &ns, weak, wr, &nw, &err), REGIO_OK);
    const char *sc[] = {"CostImpEx", "TIRcon", "Tourist", "Flights", "UNVote"}, *wc[] = {"NEET", "Lang", "Forest", "TBTs", "PubDebt"};
    const int srk[] = {1, 1, 2, 3, 3}, wrk[] = {33, 38, 40, 40, 43};
    assert_int_equal(ns, 5);
    assert_int_equal(nw, 5);
    for (int q = 0; q < 5; q++) {
        assert_string_equal(a.meta->code[strong[q]], sc[q]);
        assert_int_equal(sr[q], srk[q]);
        assert_string_equal(a.meta->code[weak[q]], wc[q]);
        assert_int_equal(wr[q], wrk[q]);
    }
    unload(&a);
}

/* On the example coin: vignette "Weights" (weights.Rmd) get_corr(dset = "Aggregated", Levels = c(3, 4)) gives
 * Index–Conn 0.9397805 and Index–Sust 0.8382873, and get_PCA(dset = "Aggregated", Level = 2) the weights Physical
 * 0.5117970, ConEcFin 0.3049926, Political 0.3547671, Instit 0.5081540, P2P 0.5108455 (Conn) and Environ 0.6513188,
 * Social −0.7443677, SusEcFin 0.1473108 (Sust). "Analysis" get_corr_flags(dset = "Normalised", 0.75, "high",
 * grouplev = 2): Social CPI–FreePress 0.761, CPI–NGOs 0.768, and nothing else; with −0.5, "low": Instit
 * CostImpEx–TBTs −0.697, RTAs–TBTs −0.752, TBTs–TIRcon −0.623. "Sensitivity" remove_elements(Level = 2):
 * MeanAbsDiff Physical 1.529412, ConEcFin 2.627451, Political 2.901961, Instit 1.176471, P2P 1.686275, Environ
 * 3.098039, Social 3.960784, SusEcFin 2.627451. "Presenting Results" get_results(use = "groupranks",
 * use_group = "GDPpc_group"): CHE, NLD, DNK, NOR, SWE, AUT are 1–6 of XL on the index, CHE 2nd on Conn. */
static void test_example_coin_analysis(void **state) {
    (void)state;
    asem a = load();
    regio_pipeline_opts o;
    int *grp;
    regio_pipeline_result *r = example_coin(&a, &o, &grp);
    size_t n = a.d->n, m = a.d->m, N = r->comp->nnodes;
    const double *sc = r->comp->score;
    near7(regio_pearson(sc, n, N, (size_t)node_of(&a, "Index"), (size_t)node_of(&a, "Conn"), NULL, NULL), 0.9397805);
    near7(regio_pearson(sc, n, N, (size_t)node_of(&a, "Index"), (size_t)node_of(&a, "Sust"), NULL, NULL), 0.8382873);
    const char *conn[] = {"Physical", "ConEcFin", "Political", "Instit", "P2P"}, *sust[] = {"Environ", "Social", "SusEcFin"};
    const double wc[] = {0.5117970, 0.3049926, 0.3547671, 0.5081540, 0.5108455}, ws[] = {0.6513188, -0.7443677, 0.1473108};
    size_t cols[8];
    regio_error err;
    regio_pca *p = NULL;
    for (int q = 0; q < 5; q++) cols[q] = (size_t)node_of(&a, conn[q]);
    assert_int_equal(regio_pca_run(sc, n, N, cols, 5, &p, &err), REGIO_OK);
    for (int q = 0; q < 5; q++) near7(p->loading[q * 5], wc[q]);
    regio_pca_free(p);
    for (int q = 0; q < 3; q++) cols[q] = (size_t)node_of(&a, sust[q]);
    assert_int_equal(regio_pca_run(sc, n, N, cols, 3, &p, &err), REGIO_OK);
    for (int q = 0; q < 3; q++) near7(p->loading[q * 3], ws[q]);
    regio_pca_free(p);

    /* correlation flags within the pillars, on the normalised indicators */
    size_t high = 0, low = 0;
    for (size_t j = 0; j < m; j++)
        for (size_t l = j + 1; l < m; l++) {
            if (a.meta->parent[j] != a.meta->parent[l]) continue;
            double c = regio_pearson(r->comp->norm, n, m, j, l, NULL, NULL);
            const char *x = a.meta->code[j], *y = a.meta->code[l];
            if (c > 0.75) {
                high++;
                int cf = (strcmp(x, "CPI") == 0 || strcmp(y, "CPI") == 0) && (strcmp(x, "FreePress") == 0 || strcmp(y, "FreePress") == 0);
                int cn = (strcmp(x, "CPI") == 0 || strcmp(y, "CPI") == 0) && (strcmp(x, "NGOs") == 0 || strcmp(y, "NGOs") == 0);
                assert_true(cf || cn);
                assert_true(fabs(c - (cf ? 0.761 : 0.768)) <= 0.0005);
            }
            if (c < -0.5) {
                low++;
                assert_true(strcmp(x, "TBTs") == 0 || strcmp(y, "TBTs") == 0);
                const char *o2 = strcmp(x, "TBTs") == 0 ? y : x;
                double want = strcmp(o2, "CostImpEx") == 0 ? -0.697 : strcmp(o2, "RTAs") == 0 ? -0.752 : strcmp(o2, "TIRcon") == 0 ? -0.623 : 9;
                assert_true(fabs(c - want) <= 0.0005);
            }
        }
    assert_int_equal(high, 2);
    assert_int_equal(low, 3);

    /* remove_elements(Level = 2): weight 0 on each pillar in turn, mean |rank change| of the index */
    const double mad[] = {1.529412, 2.627451, 2.901961, 1.176471, 1.686275, 3.098039, 3.960784, 2.627451};
    const char *pill[] = {"Physical", "ConEcFin", "Political", "Instit", "P2P", "Environ", "Social", "SusEcFin"};
    regio_composite_input in = {.n = n, .m = m, .x = a.d->x, .direction = a.meta->direction, .nnodes = a.meta->nnodes,
                                .parent = a.meta->parent, .weight = a.meta->weight};
    regio_pipeline_denoms dn = {a.d->den, a.d->ndenoms, a.meta->denom_of};
    double *w = malloc(N * sizeof *w), *idx = malloc(n * sizeof *idx);
    int *rk = malloc(n * sizeof *rk);
    for (int q = 0; q < 8; q++) {
        memcpy(w, a.meta->weight, N * sizeof *w);
        w[node_of(&a, pill[q])] = 0;
        regio_pipeline_opts o2 = o;
        o2.comp.weights = w;
        assert_int_equal(regio_pipeline_run(&in, &dn, &o2, idx, &err), REGIO_OK);
        regio_composite_rank(idx, n, rk);
        double s = 0;
        for (size_t i = 0; i < n; i++) s += fabs((double)(r->comp->rank[i] - rk[i]));
        near7(s / (double)n, mad[q]);
    }
    /* group ranks within GDPpc_group (XL) */
    size_t ng;
    int *gp = groups(&a, "GDPpc_group", &ng);
    const char *xl[] = {"CHE", "NLD", "DNK", "NOR", "SWE", "AUT"};
    for (int q = 0; q < 6; q++) {
        long u = unit_of(&a, xl[q]);
        int better = 0;
        for (size_t i = 0; i < n; i++) better += gp[i] == gp[u] && r->comp->index[i] > r->comp->index[u];
        assert_int_equal(better + 1, q + 1);
    }
    free(gp);
    free(w);
    free(idx);
    free(rk);
    free(grp);
    regio_pipeline_result_free(r);
    unload(&a);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_treat_vectors),
        cmocka_unit_test(test_treat_asem),
        cmocka_unit_test(test_impute_vignette),
        cmocka_unit_test(test_impute_row_group_level),
        cmocka_unit_test(test_impute_panel),
        cmocka_unit_test(test_impute_models),
        cmocka_unit_test(test_denominate),
        cmocka_unit_test(test_example_coin_results),
        cmocka_unit_test(test_analysis_raw),
        cmocka_unit_test(test_str_weak),
        cmocka_unit_test(test_example_coin_analysis),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
