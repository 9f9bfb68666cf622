/* test_qualifier.c — qualified observations and vintages (regio/qualifier.h, store migration 9, the long
 * importer's qualifier/vintage/source_kind columns, and the tracking rule for bounds).
 *
 * The vintage test uses the real provincial GDP of 2020: 24521.9 亿元 as first released (the figure of
 * data/yunnan/observations/prefecture_indicators.csv) and 25200 亿元 as revised after the 2023 economic
 * census ("2.52万亿元", 昆明信息港 2026-01-29 citing 云南省统计局; data/yunnan/observations/found_2021_2025.csv).
 * The bound test uses the real statement "参保率稳定在95%以上" (2020, 云南网 2020-11-17) against a "≥95%"
 * target, on a copy of the synthetic plan_mini with that indicator added (so the target stays put whatever
 * the shipped plan does with its own). Partial-year rows are synthetic and say so.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regio/import.h"
#include "regio/plan.h"
#include "regio/qualifier.h"
#include "regio/store.h"
#include "regio/track_store.h"
#include "regio/xsection.h"
#include "testutil.h"

#define PLAN_DIR REGIO_SOURCE_DIR "/data/yunnan"
#define SRC_FIRST "https://duitangwang.com/279458 ('2020年地区生产总值24521.9亿元')"
#define SRC_REVISED "https://www.kunming.cn/news/c/2026-01-29/14014343.shtml (citing 云南省统计局: '全省经济总量由2020年的2.52万亿元')"

/* ---- parsing ---- */

static void test_parse(void **state) {
    (void)state;
    regio_qualifier q;
    char bad[64];
    assert_int_equal(regio_qualifier_parse("", &q, bad, sizeof bad), 0);
    assert_int_equal(q.status, 'A');
    assert_int_equal(q.bound, REGIO_BOUND_NONE);
    assert_int_equal(q.months, 12);
    assert_true(regio_qualifier_is_point(&q));
    assert_int_equal(regio_qualifier_parse("P >= ytd10", &q, bad, sizeof bad), 0);
    assert_int_equal(q.status, 'P');
    assert_int_equal(q.bound, REGIO_BOUND_LOWER);
    assert_int_equal(q.months, 10);
    assert_false(regio_qualifier_is_point(&q));
    char buf[64];
    regio_qualifier_format(&q, buf, sizeof buf);
    assert_string_equal(buf, "P >= ytd10");
    regio_qualifier_label(&q, REGIO_LANG_ZH, buf, sizeof buf);
    assert_string_equal(buf, "初步核算，下限（≥），1–10月");
    regio_qualifier_label(&q, REGIO_LANG_EN, buf, sizeof buf);
    assert_string_equal(buf, "provisional, lower bound (≥), Jan–Oct");
    /* the words of a bulletin */
    assert_int_equal(regio_qualifier_parse("初步核算;以上", &q, bad, sizeof bad), 0);
    assert_int_equal(q.status, 'P');
    assert_int_equal(q.bound, REGIO_BOUND_LOWER);
    assert_int_equal(regio_qualifier_parse("1-10月", &q, bad, sizeof bad), 0);
    assert_int_equal(q.months, 10);
    assert_int_equal(regio_qualifier_parse("前三季度 ≤", &q, bad, sizeof bad), 0);
    assert_int_equal(q.months, 9);
    assert_int_equal(q.bound, REGIO_BOUND_UPPER);
    /* unknown, repeated or out-of-range tokens are errors naming the token */
    assert_int_equal(regio_qualifier_parse("P X", &q, bad, sizeof bad), -1);
    assert_string_equal(bad, "X");
    assert_int_equal(regio_qualifier_parse("P R", &q, bad, sizeof bad), -1);
    assert_string_equal(bad, "R");
    assert_int_equal(regio_qualifier_parse(">= <=", &q, bad, sizeof bad), -1);
    assert_int_equal(regio_qualifier_parse("ytd13", &q, bad, sizeof bad), -1);
    assert_string_equal(bad, "ytd13");
    /* vintages are release dates, ordered as text */
    assert_int_equal(regio_vintage_check(""), 0);
    assert_int_equal(regio_vintage_check("2026"), 0);
    assert_int_equal(regio_vintage_check("2026-01"), 0);
    assert_int_equal(regio_vintage_check("2026-01-29"), 0);
    assert_int_equal(regio_vintage_check("2026-13"), -1);
    assert_int_equal(regio_vintage_check("2026-1-29"), -1);
    assert_int_equal(regio_vintage_check("first"), -1);
    regio_vintage v;
    assert_int_equal(regio_vintage_parse("first", &v), 0);
    assert_int_equal(v, REGIO_VINTAGE_FIRST);
    assert_int_equal(regio_vintage_parse("newest", &v), -1);
    assert_non_null(regio_source_kind_find("bulletin"));
    assert_true(regio_source_kind_find("bulletin")->official);
    assert_false(regio_source_kind_find("self_media")->official);
    assert_null(regio_source_kind_find("blog"));
}

/* ---- the store, through the importer ---- */

typedef struct fx { char *dir; regio_plan *plan; regio_store *st; } fx;

static int setup(void **state) {
    fx *f = calloc(1, sizeof *f);
    regio_error err;
    f->dir = tu_tempdir();
    if (!f->dir || tu_store_with(PLAN_DIR, f->dir, NULL, &f->plan, &f->st, &err)) {
        fprintf(stderr, "setup: %s\n", err.en);
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

/* Imports text as dir/name; returns the rc and leaves the report in *rep (may be NULL). */
static int import_text(fx *f, const char *name, const char *text, regio_import_report **rep) {
    char path[4096];
    regio_error err;
    regio_error_clear(&err);
    tu_write(f->dir, name, text);
    snprintf(path, sizeof path, "%s/%s", f->dir, name);
    regio_import_report *r = NULL;
    int rc = regio_import_file(f->st, f->plan, path, NULL, &r, &err);
    if (rep) *rep = r;
    else regio_import_report_free(r);
    return rc;
}

static double cell(fx *f, int year, regio_vintage v, const char *region, const char *ind) {
    double *m = NULL;
    regio_error err;
    assert_int_equal(regio_store_year_matrix_v(f->st, f->plan, year, v, &m, &err), REGIO_OK);
    double x = m[(size_t)regio_plan_indicator(f->plan, ind) * f->plan->nregions + (size_t)regio_plan_region(f->plan, region)];
    free(m);
    return x;
}

static void test_vintages(void **state) {
    fx *f = *state;
    regio_import_report *r = NULL;
    /* the revision first, as `regio init` imports found_2021_2025.csv before prefecture_indicators.csv */
    assert_int_equal(import_text(f, "revised.csv",
                                 "region,indicator,year,value,source,qualifier,vintage,source_kind\n"
                                 "530000,gdp,2020,25200,\"" SRC_REVISED "\",R,2026-01-29,official_press\n", &r), REGIO_OK);
    int64_t revised = r->batch;
    regio_import_report_free(r);
    /* the first release, undated, is another vintage of the same key: no conflict, no --replace */
    assert_int_equal(import_text(f, "first.csv", "region,indicator,year,value,source\n530000,gdp,2020,24521.9,\"" SRC_FIRST "\"\n", &r),
                     REGIO_OK);
    assert_int_equal(r->nproblems_total, 0);
    regio_import_report_free(r);
    assert_double_equal(cell(f, 2020, REGIO_VINTAGE_LATEST, "530000", "gdp"), 25200, 0);
    assert_double_equal(cell(f, 2020, REGIO_VINTAGE_FIRST, "530000", "gdp"), 24521.9, 1e-9);
    /* both are kept and listed, each marked with the choice that uses it */
    regio_obs_rows *rows = NULL;
    regio_error err;
    assert_int_equal(regio_store_observations(f->st, f->plan, (size_t)regio_plan_region(f->plan, "530000"),
                                              (size_t)regio_plan_indicator(f->plan, "gdp"), 2020, &rows, &err), REGIO_OK);
    assert_int_equal(rows->n, 2);
    assert_double_equal(rows->items[0].value, 25200, 0);
    assert_string_equal(rows->items[0].vintage, "2026-01-29");
    assert_int_equal(rows->items[0].qual.status, 'R');
    assert_string_equal(rows->items[0].source_kind, "official_press");
    assert_true(rows->items[0].current);
    assert_false(rows->items[0].first);
    assert_double_equal(rows->items[1].value, 24521.9, 1e-9);
    assert_string_equal(rows->items[1].vintage, "");
    assert_false(rows->items[1].current);
    assert_true(rows->items[1].first);
    regio_obs_rows_free(rows);
    /* the same vintage again conflicts as before (and --replace would supersede only that vintage) */
    assert_int_equal(import_text(f, "again.csv", "region,indicator,year,value,source\n530000,gdp,2020,24522,x\n", &r), REGIO_EINVAL);
    assert_int_equal(r->nproblems_total, 1);
    assert_non_null(strstr(r->problems[0].en, "the store already has 530000 gdp 2020 = 24521.9"));
    regio_import_report_free(r);
    /* undoing the revision brings the first release back as the latest */
    assert_int_equal(regio_store_undo(f->st, revised, &err), REGIO_OK);
    assert_double_equal(cell(f, 2020, REGIO_VINTAGE_LATEST, "530000", "gdp"), 24521.9, 1e-9);
}

static void test_two_vintages_in_one_file(void **state) {
    fx *f = *state;
    regio_import_report *r = NULL;
    /* 石林县 2023: 23.85 万 (昆明市统计局 table) and 28.0287 万 (石林融媒 2025-02-28) — both kept */
    assert_int_equal(import_text(f, "two.csv",
                                 "region,indicator,year,value,source,release\n"
                                 "530126,pop,2023,23.85,昆明市统计局 table,2024\n"
                                 "530126,pop,2023,28.0287,石林融媒 2025-02-28,2025-02-28\n", &r), REGIO_OK);
    regio_import_report_free(r);
    assert_double_equal(cell(f, 2023, REGIO_VINTAGE_LATEST, "530126", "pop"), 28.0287, 1e-9);
    assert_double_equal(cell(f, 2023, REGIO_VINTAGE_FIRST, "530126", "pop"), 23.85, 1e-9);
    /* one vintage twice in a file is a duplicate */
    assert_int_equal(import_text(f, "dup.csv",
                                 "region,indicator,year,value,source,vintage\n"
                                 "530125,pop,2023,38.12,a,2024\n530125,pop,2023,38.13,b,2024\n", &r), REGIO_EINVAL);
    assert_int_equal(r->nproblems_total, 1);
    assert_int_equal(r->problems[0].line, 3);
    assert_non_null(strstr(r->problems[0].en, "duplicate: 530125 pop 2023 is already on line 2"));
    regio_import_report_free(r);
}

static void test_bad_qualifiers(void **state) {
    fx *f = *state;
    regio_import_report *r = NULL;
    assert_int_equal(import_text(f, "bad.csv",
                                 "region,indicator,year,value,source,qualifier,vintage,source_kind\n"
                                 "530100,gdp,2024,1,synthetic,about,,\n"
                                 "530100,gdp,2023,1,synthetic,,Jan 2024,\n"
                                 "530100,gdp,2022,1,synthetic,,,blog\n", &r), REGIO_EINVAL);
    assert_int_equal(r->nproblems_total, 3);
    assert_int_equal(r->problems[0].line, 2);
    assert_string_equal(r->problems[0].column, "qualifier");
    assert_non_null(strstr(r->problems[0].en, "invalid qualifier 'about'"));
    assert_int_equal(r->problems[1].line, 3);
    assert_string_equal(r->problems[1].column, "vintage");
    assert_int_equal(r->problems[2].line, 4);
    assert_string_equal(r->problems[2].column, "source_kind");
    assert_non_null(strstr(r->problems[2].en, "unknown source kind 'blog'"));
    regio_import_report_free(r);
    /* nothing was written */
    regio_batch_list *bl = NULL;
    regio_error err;
    assert_int_equal(regio_store_batches(f->st, &bl, &err), REGIO_OK);
    assert_int_equal(bl->n, 0);
    regio_batch_list_free(bl);
}

static void test_partial_year_and_bound(void **state) {
    fx *f = *state;
    regio_import_report *r = NULL;
    /* synthetic: a nine-month 昆明 GDP beside its whole year, and a lower bound for 曲靖 */
    assert_int_equal(import_text(f, "q.csv",
                                 "region,indicator,year,value,source,qualifier\n"
                                 "530100,gdp,2023,5500,synthetic test input,ytd9\n"
                                 "530100,gdp,2023,7864.76,synthetic test input,\n"
                                 "530300,gdp,2023,3800,synthetic test input,>=\n"
                                 "530400,gdp,2023,2000,synthetic test input,1-10月\n", &r), REGIO_OK);
    regio_import_report_free(r);
    regio_year_cells *c = NULL;
    regio_error err;
    assert_int_equal(regio_store_year_cells(f->st, f->plan, 2023, REGIO_VINTAGE_LATEST, &c, &err), REGIO_OK);
    size_t k = (size_t)regio_plan_indicator(f->plan, "gdp"), n = f->plan->nregions;
    size_t km = k * n + (size_t)regio_plan_region(f->plan, "530100"), qj = k * n + (size_t)regio_plan_region(f->plan, "530300"),
           yx = k * n + (size_t)regio_plan_region(f->plan, "530400");
    assert_double_equal(c->value[km], 7864.76, 1e-9); /* the whole year, never the nine months */
    assert_true(isnan(c->value[qj]));                   /* a bound is no point value */
    assert_double_equal(c->bound[qj], 3800, 0);
    assert_int_equal(c->bound_dir[qj], REGIO_BOUND_LOWER);
    assert_true(isnan(c->value[yx]) && isnan(c->bound[yx])); /* only a partial year: nothing for the year */
    assert_int_equal(c->nbounds, 1);
    assert_int_equal(c->npartial, 2);
    regio_year_cells_free(c);
    /* coverage counts whole-year figures only: 昆明 and 曲靖's bound, not the partial years */
    regio_coverage_row *rows = NULL;
    size_t nr = 0;
    assert_int_equal(regio_store_coverage(f->st, f->plan, &rows, &nr, &err), REGIO_OK);
    long nobs = -1;
    for (size_t i = 0; i < nr; i++)
        if (rows[i].indicator == k && rows[i].level == REGIO_LEVEL_PREFECTURE) nobs = rows[i].nobs;
    free(rows);
    assert_int_equal(nobs, 2);
    /* a cross-section drops the bounded unit with the reason, and never uses the partial year */
    int y = 2023;
    regio_xsection_plan_opts o = {.indicator = k, .years = &y, .nyears = 1, .level = REGIO_LEVEL_PREFECTURE, .weight = -1,
                                  .partition = -1};
    regio_xsection *xs = NULL;
    assert_int_equal(regio_xsection_from_plan(f->st, f->plan, &o, &xs, &err), REGIO_OK);
    assert_int_equal(xs->n, 1);
    assert_string_equal(xs->ids[0], "530100");
    int found = 0;
    for (size_t i = 0; i < xs->ndropped; i++)
        if (strcmp(xs->dropped_ids[i], "530300") == 0) {
            found = 1;
            assert_string_equal(xs->dropped_why[i], "bound only (≥3800) 2023");
        }
    assert_true(found);
    regio_xsection_free(xs);
}

/* ---- tracking: a lower bound meets a lower-bound target ---- */

static void test_bound_meets_target(void **state) {
    (void)state;
    char *dir = tu_copy_fixture("tests/fixtures/plan_mini");
    assert_non_null(dir);
    char path[4096];
    snprintf(path, sizeof path, "%s/indicators.csv", dir);
    FILE *fp = fopen(path, "a");
    fputs("medical_insurance_coverage,基本医疗保险参保率,Basic medical insurance coverage,%,higher,none,,,,,0,100,1,test copy\n", fp);
    fclose(fp);
    snprintf(path, sizeof path, "%s/targets.csv", dir);
    fp = fopen(path, "a");
    fputs("cov95,参保率,Coverage 95,900000,medical_insurance_coverage,level,>=,95,,,,2025,test,test\n"
          "cov97,参保率97,Coverage 97,900000,medical_insurance_coverage,level,>=,97,,,,2025,test,test\n", fp);
    fclose(fp);
    tu_write(dir, "observations/coverage.csv",
             "region,indicator,year,value,source,qualifier,source_kind\n"
             "900000,medical_insurance_coverage,2020,95,\"http://www.xgll.com.cn/xwzx/2020-11/17/content_369885.htm "
             "('参保率稳定在95%以上'; real words, synthetic region)\",>=,news\n");
    regio_plan *p = NULL;
    regio_store *st = NULL;
    regio_error err;
    const char *files[] = {"synthetic.csv", "coverage.csv", NULL};
    assert_int_equal(tu_store_with(dir, dir, files, &p, &st, &err), REGIO_OK);
    regio_track_list *l = NULL;
    assert_int_equal(regio_track_targets(st, p, 0, &l, &err), REGIO_OK);
    const regio_track_result *r95 = NULL, *r97 = NULL;
    for (size_t i = 0; i < l->n; i++) {
        if (strcmp(p->targets[l->items[i].target].code, "cov95") == 0) r95 = &l->items[i];
        if (strcmp(p->targets[l->items[i].target].code, "cov97") == 0) r97 = &l->items[i];
    }
    assert_non_null(r95);
    assert_non_null(r97);
    assert_int_equal(r95->eval.category, REGIO_TRACK_MET);
    assert_int_equal(r95->eval.latest_year, 2020);
    assert_double_equal(r95->eval.latest_value, 95, 0);
    assert_int_equal(r95->latest_bound, REGIO_BOUND_LOWER);
    assert_non_null(strstr(r95->finding_zh, "≥95.0%"));
    assert_non_null(strstr(r95->finding_en, "2020: ≥95.0% (target ≥95% by 2025)"));
    /* ≥95 says nothing about ≥97: listed, not used, and the target stays without data */
    assert_int_equal(r97->eval.category, REGIO_TRACK_NO_DATA);
    assert_int_equal(r97->bounds_unused, 1);
    assert_int_equal(r97->nseries, 1);
    assert_int_equal(r97->series[0].bound, REGIO_BOUND_LOWER);
    assert_false(r97->series[0].used);
    assert_non_null(strstr(r97->note_en, "1 bounded value(s)"));
    regio_track_list_free(l);
    regio_store_close(st);
    regio_plan_free(p);
    tu_rmtree(dir);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test_setup_teardown(test_vintages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_two_vintages_in_one_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_qualifiers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_partial_year_and_bound, setup, teardown),
        cmocka_unit_test(test_bound_meets_target),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
