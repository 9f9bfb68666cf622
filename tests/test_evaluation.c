/* test_evaluation.c — zone types, schemes and the plan's classified evaluation (include/regio/evaluation.h) on
 * the shipped Yunnan plan: the provisional rule reproduces data/yunnan/zones_provisional.csv byte for byte; an
 * official list is checked like any import (file, line, column in every message; nothing stored on failure)
 * and, once stored, replaces the provisional types; the default scheme loads and bad scheme files are refused;
 * the evaluation ranks every county within its zone type, and its Monte Carlo does not depend on threads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include "regio/evaluation.h"

static const char *const FILES[] = {"census_county_pop.csv", "census2020_population.csv", "census2020_employment.csv",
                                    "census2020_education.csv", "census2020_housing.csv", "county_indicators.csv",
                                    "county_yearbook_2021.csv", "prefecture_indicators.csv", NULL};

typedef struct fx { char *dir; regio_plan *plan; regio_store *st; } fx;

static int setup(void **state) {
    fx *f = calloc(1, sizeof *f);
    regio_error err;
    f->dir = tu_tempdir();
    if (tu_store_with(REGIO_SOURCE_DIR "/data/yunnan", f->dir, FILES, &f->plan, &f->st, &err)) {
        fprintf(stderr, "%s\n", err.en);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fx *f = *state;
    regio_store_close(f->st);
    regio_plan_free(f->plan);
    tu_rmtree(f->dir);
    free(f);
    return 0;
}

static char *slurp(const char *path) {
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    size_t got = fread(s, 1, (size_t)n, fp);
    s[got] = '\0';
    fclose(fp);
    return s;
}

static void test_provisional_rule(void **state) {
    fx *f = *state;
    regio_error err;
    regio_zones *z = NULL;
    assert_int_equal(regio_zones_load(f->st, f->plan, &z, &err), REGIO_OK);
    assert_int_equal(z->official, 0);
    size_t n[REGIO_NZONES] = {0};
    for (size_t i = 0; i < z->nregions; i++)
        if (z->zone[i] >= 0) n[z->zone[i]]++;
    assert_int_equal(n[REGIO_ZONE_URBAN], 24);
    assert_int_equal(n[REGIO_ZONE_AGRI], 84);
    assert_int_equal(n[REGIO_ZONE_ECO], 21);
    /* 五华区: district, 96.77 % urban, 2996/km² → urban; 泸水市: city, 72.93 % but 66/km² → not urban;
     * 贡山 (533324): 8/km² → ecological */
    assert_int_equal(z->zone[regio_plan_region(f->plan, "530102")], REGIO_ZONE_URBAN);
    assert_int_not_equal(z->zone[regio_plan_region(f->plan, "533301")], REGIO_ZONE_URBAN);
    assert_int_equal(z->zone[regio_plan_region(f->plan, "533324")], REGIO_ZONE_ECO);
    char path[4200];
    snprintf(path, sizeof path, "%s/zones.csv", f->dir);
    FILE *fp = fopen(path, "wb");
    assert_int_equal(regio_zones_write_csv(f->plan, z, fp, &err), REGIO_OK);
    fclose(fp);
    char *got = slurp(path), *want = slurp(REGIO_SOURCE_DIR "/data/yunnan/zones_provisional.csv");
    assert_non_null(got);
    assert_non_null(want);
    assert_string_equal(got, want);
    free(got);
    free(want);
    regio_zones_free(z);
}

/* writes the provisional list with Chinese type names, then applies edit (from → to) */
static void official_file(fx *f, const char *name, const char *from, const char *to) {
    regio_zones *z = NULL;
    regio_error err;
    assert_int_equal(regio_zones_load(f->st, f->plan, &z, &err), REGIO_OK);
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", f->dir, name);
    FILE *fp = fopen(path, "wb");
    fputs("code,zone\n", fp);
    for (size_t i = 0; i < z->nregions; i++)
        if (z->zone[i] >= 0) fprintf(fp, "%s,%s\n", f->plan->regions[i].code, regio_zone_name(z->zone[i], REGIO_LANG_ZH));
    fclose(fp);
    regio_zones_free(z);
    if (from) tu_edit(f->dir, name, from, to);
}

static void expect_refused(fx *f, const char *name, const char *from, const char *to, const char *msg) {
    official_file(f, name, from, to);
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", f->dir, name);
    regio_zones *z = NULL;
    regio_error err;
    regio_error_clear(&err);
    assert_int_equal(regio_zones_read(path, f->plan, &z, &err), REGIO_EINVAL);
    assert_null(z);
    if (!strstr(err.en, msg)) fail_msg("'%s' not in '%s'", msg, err.en);
}

static void test_official_list(void **state) {
    fx *f = *state;
    expect_refused(f, "a.csv", "530102,城市化地区", "999999,城市化地区", "line 2 column 1: unknown region code '999999'");
    expect_refused(f, "b.csv", "530102,城市化地区", "530102,城市地区", "line 2 column 2: unknown zone type");
    expect_refused(f, "c.csv", "530103,城市化地区", "530102,城市化地区", "line 3 column 1: 530102 appears twice (first on line 2)");
    expect_refused(f, "d.csv", "530102,城市化地区\n", "", "1 counties have no zone type (the first: 530102)");
    expect_refused(f, "e.csv", "530102,城市化地区", "530100,城市化地区", "530100 is not a county");
    /* a good list: stored, then loaded as official; clearing goes back to provisional */
    official_file(f, "ok.csv", "530102,城市化地区", "530102,ecological");
    char path[4200];
    snprintf(path, sizeof path, "%s/ok.csv", f->dir);
    regio_zones *z = NULL, *back = NULL;
    regio_error err;
    assert_int_equal(regio_zones_read(path, f->plan, &z, &err), REGIO_OK);
    assert_int_equal(z->official, 1);
    assert_int_equal(regio_zones_save(f->st, f->plan, z, &err), REGIO_OK);
    assert_int_equal(regio_zones_load(f->st, f->plan, &back, &err), REGIO_OK);
    assert_int_equal(back->official, 1);
    assert_int_equal(back->zone[regio_plan_region(f->plan, "530102")], REGIO_ZONE_ECO);
    regio_zones_free(back);
    /* a provisional list cannot be stored as official */
    regio_zones *prov = NULL;
    assert_int_equal(regio_zones_save(f->st, f->plan, NULL, &err), REGIO_OK);
    assert_int_equal(regio_zones_load(f->st, f->plan, &prov, &err), REGIO_OK);
    assert_int_equal(prov->official, 0);
    assert_int_equal(regio_zones_save(f->st, f->plan, prov, &err), REGIO_EINVAL);
    regio_zones_free(prov);
    regio_zones_free(z);
}

static void test_scheme(void **state) {
    fx *f = *state;
    regio_scheme *s = NULL;
    regio_error err;
    assert_int_equal(regio_scheme_load(REGIO_SOURCE_DIR "/data/yunnan/evaluation", "default", f->plan, &s, &err), REGIO_OK);
    assert_int_equal(s->zone[REGIO_ZONE_URBAN].ndims, 5);
    assert_int_equal(s->zone[REGIO_ZONE_URBAN].dims[3].measured, 0); /* 集约化发展: declared, not measured */
    assert_int_equal(s->zone[REGIO_ZONE_AGRI].dims[0].measured, 0);  /* 耕地保护 */
    assert_int_equal(s->zone[REGIO_ZONE_ECO].dims[0].measured, 0);   /* 生态保护 */
    assert_int_equal(s->zone[REGIO_ZONE_ECO].inds[3].direction, -1);  /* illiteracy */
    regio_scheme_free(s);
    assert_int_equal(regio_scheme_load(REGIO_SOURCE_DIR "/data/yunnan/evaluation", "nosuch", f->plan, &s, &err), REGIO_ENOTFOUND);
    /* a copy with an unknown indicator and one with a bad weight */
    char *d = tu_copy_fixture("data/yunnan/evaluation");
    tu_edit(d, "indicators.csv", "secondary_share,higher", "secondary_sharex,higher");
    assert_int_equal(regio_scheme_load(d, "default", f->plan, &s, &err), REGIO_EINVAL);
    if (!strstr(err.en, "indicators.csv line 2 column 7: unknown indicator")) fail_msg("%s", err.en);
    tu_edit(d, "indicators.csv", "secondary_sharex,higher,0.5", "secondary_share,higher,-1");
    assert_int_equal(regio_scheme_load(d, "default", f->plan, &s, &err), REGIO_EINVAL);
    if (!strstr(err.en, "line 2 column 9: indicator weight must be a positive number")) fail_msg("%s", err.en);
    tu_rmtree(d);
}

/* the plan's mandate (mandate.csv): which dimensions each zone type misses, the partial titles, a bad file */
static void test_mandate(void **state) {
    fx *f = *state;
    regio_scheme *s = NULL;
    regio_error err;
    char buf[1200];
    assert_int_equal(regio_scheme_load(REGIO_SOURCE_DIR "/data/yunnan/evaluation", "default", f->plan, &s, &err), REGIO_OK);
    assert_true(s->has_mandate);
    const regio_scheme_zone *u = &s->zone[REGIO_ZONE_URBAN], *a = &s->zone[REGIO_ZONE_AGRI], *e = &s->zone[REGIO_ZONE_ECO];
    assert_int_equal(u->nmandate, 6);
    assert_int_equal(a->nmandate, 5);
    assert_int_equal(e->nmandate, 4);
    assert_int_equal(u->nmandate_missing, 3);
    assert_int_equal(a->nmandate_missing, 3);
    assert_int_equal(e->nmandate_missing, 3);
    /* 经济发展 (line 340) is measured through the scheme's economy dimension; 生态保护 (line 288) is not */
    assert_string_equal(e->mandate[0].code, "economy");
    assert_int_equal(e->mandate[0].plan_line, 340);
    assert_true(e->mandate[0].measured);
    assert_string_equal(e->dims[e->mandate[0].dim].code, "economy");
    assert_string_equal(e->mandate[3].code, "ecology");
    assert_int_equal(e->mandate[3].plan_line, 288);
    assert_false(e->mandate[3].measured);
    assert_int_equal(regio_scheme_partial_title(e, REGIO_LANG_ZH, buf, sizeof buf), 3);
    assert_string_equal(buf, "部分排名：缺少资源能耗消耗、生态效益、生态保护（优先）维度");
    assert_int_equal(regio_scheme_partial_title(a, REGIO_LANG_EN, buf, sizeof buf), 3);
    assert_string_equal(buf, "partial ranking: resource and energy consumption, ecological benefits, farmland protection (the priority) dimensions not measured");
    /* the indicators that would measure the missing dimensions (mandate_indicators.csv), with unit, direction
     * and the publication that gives them */
    const regio_mandate_dim *res = &a->mandate[1];
    assert_string_equal(res->code, "resources");
    assert_int_equal(res->ncand, 3);
    assert_string_equal(res->cand[0].code, "energy_per_gdp");
    assert_string_equal(res->cand[0].direction, "lower");
    assert_string_equal(res->cand[0].unit, "吨标准煤/万元");
    assert_non_null(strstr(res->cand[0].published_in, "云南统计年鉴"));
    assert_int_equal(a->mandate[3].ncand, 2); /* farmland: 耕地保有量, 粮食产量 */
    assert_string_equal(a->mandate[3].cand[1].code, "grain_output");
    assert_int_equal(e->mandate[0].ncand, 0); /* economy is measured: nothing to find */
    regio_scheme_free(s);
    /* a mandate met by the scheme: no partial title */
    char *d = tu_copy_fixture("data/yunnan/evaluation");
    char mi[4200];
    snprintf(mi, sizeof mi, "%s/mandate_indicators.csv", d);
    /* a candidate for a dimension mandate.csv does not list is an error naming file, line and column */
    tu_write(d, "mandate.csv", "zone,dimension,name_zh,name_en,plan_line,basis\nurban,economy,经济发展,economic development,340,x\n");
    assert_int_equal(regio_scheme_load(d, "default", f->plan, &s, &err), REGIO_EINVAL);
    if (!strstr(err.en, "mandate_indicators.csv line 2 column 2: mandate.csv has no such dimension for this zone type: 'resources'")) fail_msg("%s", err.en);
    unlink(mi);
    assert_int_equal(regio_scheme_load(d, "default", f->plan, &s, &err), REGIO_OK);
    assert_int_equal(regio_scheme_partial_title(&s->zone[REGIO_ZONE_URBAN], REGIO_LANG_ZH, buf, sizeof buf), 0);
    assert_string_equal(buf, "");
    regio_scheme_free(s);
    /* errors name the file, line and column */
    tu_write(d, "mandate.csv", "zone,dimension,name_zh,name_en,plan_line,basis\nurban,economy,经济发展,economic development,line 340,x\n");
    assert_int_equal(regio_scheme_load(d, "default", f->plan, &s, &err), REGIO_EINVAL);
    if (!strstr(err.en, "mandate.csv line 2 column 5: the plan line must be a positive integer: 'line 340'")) fail_msg("%s", err.en);
    tu_write(d, "mandate.csv", "zone,dimension,name_zh,name_en,plan_line,basis\nforest,economy,经济发展,economic development,340,x\n");
    assert_int_equal(regio_scheme_load(d, "default", f->plan, &s, &err), REGIO_EINVAL);
    if (!strstr(err.en, "mandate.csv line 2 column 1: unknown zone type: 'forest'")) fail_msg("%s", err.en);
    /* without mandate.csv the scheme loads and says it has no mandate */
    char p[4200];
    snprintf(p, sizeof p, "%s/mandate.csv", d);
    unlink(p);
    assert_int_equal(regio_scheme_load(d, "default", f->plan, &s, &err), REGIO_OK);
    assert_false(s->has_mandate);
    assert_int_equal(s->zone[REGIO_ZONE_ECO].nmandate, 0);
    regio_scheme_free(s);
    tu_rmtree(d);
}

static void test_evaluate(void **state) {
    fx *f = *state;
    regio_scheme *s = NULL;
    regio_zones *z = NULL;
    regio_evaluation *e1 = NULL, *e3 = NULL;
    regio_error err;
    assert_int_equal(regio_scheme_load(REGIO_SOURCE_DIR "/data/yunnan/evaluation", "default", f->plan, &s, &err), REGIO_OK);
    assert_int_equal(regio_zones_load(f->st, f->plan, &z, &err), REGIO_OK);
    regio_eval_opts o = {.year = 2020, .draws = 300, .sobol_n = 200, .seed = 5, .threads = 1};
    assert_int_equal(regio_evaluate_plan(f->st, f->plan, s, z, &o, &e1, &err), REGIO_OK);
    assert_int_equal(e1->nunits, 129);
    assert_int_equal(e1->prev_year, 0); /* county data exist for 2020 only (2019: prefectures only) */
    /* ranks within each zone type are 1..n_zone */
    size_t nz[REGIO_NZONES] = {0};
    int maxr[REGIO_NZONES] = {0};
    for (size_t i = 0; i < e1->nunits; i++) {
        const regio_eval_unit *u = &e1->units[i];
        nz[u->zone]++;
        assert_true(u->rank >= 1);
        if (u->rank > maxr[u->zone]) maxr[u->zone] = u->rank;
        assert_true(u->flags & REGIO_EVAL_PROVISIONAL);
        assert_true(u->mc_p05 <= u->mc_median && u->mc_median <= u->mc_p95);
        assert_true(u->mc_p95 <= (double)nz[u->zone] + 200);
    }
    for (int k = 0; k < REGIO_NZONES; k++) assert_true(maxr[k] <= (int)nz[k]);
    /* the 9 Kunming-area districts have no yearbook data: flagged as re-weighted */
    const regio_eval_unit *wuhua = NULL;
    for (size_t i = 0; i < e1->nunits; i++)
        if (strcmp(f->plan->regions[e1->units[i].region].code, "530102") == 0) wuhua = &e1->units[i];
    assert_non_null(wuhua);
    assert_true(wuhua->flags & REGIO_EVAL_SKIPPED);
    /* scored on 3 of the 4 measured urban dimensions (no gdp_pc: 经济发展 has no value), 2 of the plan's 6 */
    assert_true(wuhua->flags & REGIO_EVAL_FEWER_DIMS);
    assert_int_equal(wuhua->ndims_scored, 3);
    assert_int_equal(wuhua->ndims_measured, 4);
    assert_int_equal(regio_eval_mandate_scored(s, wuhua), 2);
    size_t fewer = 0;
    for (size_t i = 0; i < e1->nunits; i++) fewer += (e1->units[i].flags & REGIO_EVAL_FEWER_DIMS) != 0;
    assert_int_equal(fewer, 9);
    for (int k = 0; k < REGIO_EVAL_NFACTORS; k++) assert_true(e1->sobol_st[k] > -0.2 && e1->sobol_st[k] < 1.5);
    o.threads = 3;
    assert_int_equal(regio_evaluate_plan(f->st, f->plan, s, z, &o, &e3, &err), REGIO_OK);
    for (size_t i = 0; i < e1->nunits; i++) {
        assert_true(e1->units[i].mc_median == e3->units[i].mc_median);
        assert_true(e1->units[i].mc_p95 == e3->units[i].mc_p95);
    }
    for (int k = 0; k < REGIO_EVAL_NFACTORS; k++) assert_true(e1->sobol_s1[k] == e3->sobol_s1[k]);
    regio_evaluation_free(e1);
    regio_evaluation_free(e3);
    o.year = 1990;
    assert_int_equal(regio_evaluate_plan(f->st, f->plan, s, z, &o, &e1, &err), REGIO_ENOTFOUND);
    assert_null(e1);
    regio_zones_free(z);
    regio_scheme_free(s);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_provisional_rule, setup, teardown),
        cmocka_unit_test_setup_teardown(test_official_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scheme, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mandate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_evaluate, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
