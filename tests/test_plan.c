/* test_plan.c — reading and validating plan directories: the shipped Yunnan plan as the plan text states it
 * (../docs/plan/plan-normalized.txt; facts in data/yunnan/SOURCES.md), and every kind of mistake a planner
 * can make in the CSV files, each reported with file, line and column. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "testutil.h"

static regio_plan *load(const char *dir) {
    regio_plan *p = NULL;
    regio_error err;
    int rc = regio_plan_load_dir(dir, &p, &err);
    if (rc) fprintf(stderr, "%s\n", err.en);
    assert_int_equal(rc, REGIO_OK);
    return p;
}

static size_t count_level(const regio_plan *p, regio_level l) {
    size_t n = 0;
    for (size_t i = 0; i < p->nregions; i++) n += p->regions[i].level == l;
    return n;
}

static const regio_group *group(const regio_plan *p, const char *code) {
    long g = regio_plan_group(p, code);
    assert_true(g >= 0);
    return &p->groups[g];
}

static int group_has_county(const regio_plan *p, const regio_group *g, const char *code) {
    long r = regio_plan_region(p, code);
    for (size_t i = 0; i < g->ncounties; i++) if ((long)g->counties[i] == r) return 1;
    return 0;
}

static void test_yunnan_regions(void **state) {
    (void)state;
    regio_plan *p = load(REGIO_SOURCE_DIR "/data/yunnan");
    assert_int_equal(count_level(p, REGIO_LEVEL_PROVINCE), 1);
    assert_int_equal(count_level(p, REGIO_LEVEL_PREFECTURE), 16);
    assert_int_equal(count_level(p, REGIO_LEVEL_COUNTY), 129);
    long root = regio_plan_root(p);
    assert_string_equal(p->regions[root].code, "530000");
    assert_int_equal(p->regions[root].nchildren, 16);
    /* 昆明市 has 14 county-level units (7 districts, 1 city, 6 counties) */
    assert_int_equal(p->regions[regio_plan_region(p, "530100")].nchildren, 14);
    /* 禄丰 became a city in 2021: the current code is 532302 and the old 532331 is gone */
    assert_true(regio_plan_region(p, "532302") >= 0);
    assert_true(regio_plan_region(p, "532331") < 0);
    regio_plan_free(p);
}

static void test_yunnan_groups(void **state) {
    (void)state;
    regio_plan *p = load(REGIO_SOURCE_DIR "/data/yunnan");
    /* 滇中: 昆明、曲靖、玉溪、楚雄 whole + 蒙自、个旧、开远、建水、石屏、弥勒、泸西 = 14 + 9 + 9 + 10 + 7 */
    const regio_group *dz = group(p, "dianzhong");
    assert_int_equal(dz->nmembers, 11);
    assert_int_equal(dz->ncounties, 49);
    assert_true(group_has_county(p, dz, "532503"));  /* 蒙自 */
    assert_false(group_has_county(p, dz, "532528")); /* 元阳: 红河 south, not 滇中 */
    assert_int_equal(group(p, "border")->nmembers, 8);
    assert_int_equal(group(p, "west")->nmembers, 6);
    assert_int_equal(group(p, "northeast")->ncounties, 11);
    assert_int_equal(group(p, "border_counties")->ncounties, 25);
    /* overlapping blocks: 保山 (530502 隆阳) is both 沿边 and 滇西, 蒙自 both 滇中 and 沿边 */
    assert_true(group_has_county(p, group(p, "border"), "530502") && group_has_county(p, group(p, "west"), "530502"));
    assert_true(group_has_county(p, group(p, "border"), "532503"));
    regio_plan_free(p);
}

static void test_yunnan_partitions(void **state) {
    (void)state;
    regio_plan *p = load(REGIO_SOURCE_DIR "/data/yunnan"); /* loading checks coverage; count it again here */
    for (size_t k = 0; k < p->npartitions; k++) {
        size_t total = 0;
        for (size_t i = 0; i < p->partitions[k].nparts; i++) total += p->groups[p->partitions[k].parts[i]].ncounties;
        assert_int_equal(total, 129);
    }
    long bw = regio_plan_partition(p, "blocks_west"), bb = regio_plan_partition(p, "blocks_border");
    assert_true(bw >= 0 && bb >= 0 && regio_plan_partition(p, "prefectures") >= 0);
    assert_int_equal(p->partitions[bw].nparts, 4);
    assert_true(group_has_county(p, group(p, "blocks_west.west"), "530502"));   /* 保山 → 滇西 */
    assert_true(group_has_county(p, group(p, "blocks_border.border"), "530502")); /* 保山 → 沿边 */
    regio_plan_free(p);
}

static void test_yunnan_indicators_targets(void **state) {
    (void)state;
    regio_plan *p = load(REGIO_SOURCE_DIR "/data/yunnan");
    const regio_indicator *pc = &p->indicators[regio_plan_indicator(p, "gdp_pc")];
    assert_int_equal(pc->agg, REGIO_AGG_RATIO);
    assert_string_equal(p->indicators[pc->numerator].code, "gdp");
    assert_string_equal(p->indicators[pc->denominator].code, "pop");
    assert_double_equal(pc->scale, 10000, 0); /* 亿元 / 万人 → 元/人 */
    const regio_indicator *ur = &p->indicators[regio_plan_indicator(p, "urban_rate")];
    assert_int_equal(ur->agg, REGIO_AGG_WMEAN);
    assert_string_equal(p->indicators[ur->weight].code, "pop");
    assert_int_equal(p->indicators[regio_plan_indicator(p, "income_ratio")].direction, REGIO_DIR_LOWER);
    /* plan-facts: 14 target rows, 昆明都市圈 and 滇中新区 rows each split in two, 昭通 too: 17 targets (and the 4 gap targets below: 21); the three
     * social-security and life-expectancy figures are 2020 baselines, monitored without a target */
    assert_int_equal(p->ntargets, 21);
    assert_int_equal(p->nmonitors, 3);
    /* and 4 gap targets (kind gap: the plan's "relative gaps narrow"), each on a partition with its measure */
    const regio_target *gt = &p->targets[17];
    assert_string_equal(gt->code, "blocks_gdp_pc_gap");
    assert_string_equal(gt->kind, "gap");
    assert_string_equal(p->partitions[gt->scope_partition].code, "blocks_west");
    assert_int_equal(gt->scope_group, -1);
    assert_string_equal(p->regions[gt->scope_region].code, "530000");
    assert_string_equal(gt->measure, "theil_between");
    assert_string_equal(p->indicators[gt->weight].code, "pop");
    assert_string_equal(p->targets[18].measure, "cv");
    assert_int_equal(p->targets[18].weight, -1);
    assert_string_equal(p->targets[0].measure, "");
    assert_int_equal(p->targets[0].scope_partition, -1);
    const regio_monitor *m = &p->monitors[0];
    assert_string_equal(m->code, "pension_coverage");
    assert_int_equal(m->baseline_year, 2020);
    assert_int_equal(m->until_year, 2025);
    assert_string_equal(p->regions[m->scope_region].code, "530000");
    assert_non_null(strstr(m->source, "养老保险参保率达90%"));
    for (size_t i = 0; i < p->ntargets; i++) assert_true(strcmp(p->targets[i].code, "life_expectancy") != 0);
    regio_plan_free(p);
}

/* ---- mistakes ---- */

static void expect_error(const char *file, const char *from, const char *to, const char *needle1, const char *needle2) {
    char *dir = tu_copy_fixture("tests/fixtures/plan_mini");
    assert_non_null(dir);
    if (file) tu_edit(dir, file, from, to);
    regio_plan *p = NULL;
    regio_error err;
    regio_error_clear(&err);
    int rc = regio_plan_load_dir(dir, &p, &err);
    if (rc == REGIO_OK) { regio_plan_free(p); tu_rmtree(dir); fail_msg("expected an error for %s: %s → %s", file, from, to); }
    assert_null(p);
    assert_int_equal(rc, REGIO_EINVAL);
    if (!strstr(err.en, needle1) || (needle2 && !strstr(err.en, needle2)))
        fail_msg("message '%s' lacks '%s' / '%s'", err.en, needle1, needle2 ? needle2 : "");
    assert_true(strlen(err.zh) > 0);
    tu_rmtree(dir);
}

/* monitored.csv is optional; when present, each row is checked like any plan file (synthetic rows). */
static void expect_monitored_error(const char *row, const char *needle1, const char *needle2) {
    char *dir = tu_copy_fixture("tests/fixtures/plan_mini");
    assert_non_null(dir);
    char text[1024];
    snprintf(text, sizeof text, "code,name_zh,name_en,scope,indicator,baseline_year,until_year,goal,note,source\n%s\n", row);
    tu_write(dir, "monitored.csv", text);
    regio_plan *p = NULL;
    regio_error err;
    regio_error_clear(&err);
    int rc = regio_plan_load_dir(dir, &p, &err);
    if (rc == REGIO_OK) { regio_plan_free(p); tu_rmtree(dir); fail_msg("expected an error for monitored.csv row %s", row); }
    assert_int_equal(rc, REGIO_EINVAL);
    if (!strstr(err.en, needle1) || (needle2 && !strstr(err.en, needle2)))
        fail_msg("message '%s' lacks '%s' / '%s'", err.en, needle1, needle2 ? needle2 : "");
    assert_true(strlen(err.zh) > 0);
    tu_rmtree(dir);
}

static void test_monitored_file(void **state) {
    (void)state;
    char *dir = tu_copy_fixture("tests/fixtures/plan_mini");
    assert_non_null(dir);
    tu_write(dir, "monitored.csv", "code,name_zh,name_en,scope,indicator,baseline_year,until_year,goal,note,source\n"
                                   "m_gdp_pc,人均GDP,GDP per capita,910000,gdp_pc,2020,2025,,synthetic,synthetic test row\n");
    regio_plan *p = NULL;
    regio_error err;
    regio_error_clear(&err);
    assert_int_equal(regio_plan_load_dir(dir, &p, &err), REGIO_OK);
    assert_int_equal(p->nmonitors, 1);
    assert_string_equal(p->indicators[p->monitors[0].indicator].code, "gdp_pc");
    assert_int_equal(p->monitors[0].baseline_year, 2020);
    assert_int_equal(p->monitors[0].until_year, 2025);
    regio_plan_free(p);
    tu_rmtree(dir);
    expect_monitored_error("m,名,n,910000,pop,2020,2025,,,synthetic", "monitored.csv line 2, column 'indicator'", "direction");
    expect_monitored_error("m,名,n,nowhere,gdp,2020,2025,,,synthetic", "column 'scope'", "nowhere");
    expect_monitored_error("m,名,n,910000,gdp,2020,2020,,,synthetic", "column 'until_year'", "after the baseline");
    expect_monitored_error("m,名,n,910000,gdp,2020,2025,,,", "column 'source'", "must not be empty");
    expect_monitored_error("m,名,n,910000,nothing,2020,2025,,,synthetic", "column 'indicator'", "unknown indicator");
}

/* Series breaks: the Yunnan declarations (data/yunnan/breaks.csv) and the span question every growth, CAGR,
 * convergence and trend computation asks. */
static void test_yunnan_breaks(void **state) {
    (void)state;
    regio_plan *p = load(REGIO_SOURCE_DIR "/data/yunnan");
    size_t gdp = (size_t)regio_plan_indicator(p, "gdp"), pop = (size_t)regio_plan_indicator(p, "pop");
    size_t gdp_pc = (size_t)regio_plan_indicator(p, "gdp_pc"), ur = (size_t)regio_plan_indicator(p, "urban_rate");
    long km = regio_plan_region(p, "530100"), qj = regio_plan_region(p, "530300"), prov = regio_plan_root(p);
    assert_int_equal(p->nbreaks, 16); /* gdp from 2019; pop from 2020 in the 15 prefectures other than 昆明 */
    long b = regio_plan_break_between(p, gdp, REGIO_LEVEL_PREFECTURE, -1, 2015, 2021);
    assert_true(b >= 0);
    assert_int_equal(p->breaks[b].from_year, 2019);
    assert_non_null(strstr(p->breaks[b].reason_zh, "经济普查"));
    /* the span must straddle from_year: 2018..2019 crosses, 2019..2022 and 2015..2018 do not */
    assert_true(regio_plan_break_between(p, gdp, -1, km, 2018, 2019) >= 0);
    assert_int_equal(regio_plan_break_between(p, gdp, -1, km, 2019, 2022), -1);
    assert_int_equal(regio_plan_break_between(p, gdp, -1, km, 2015, 2018), -1);
    assert_true(regio_plan_break_between(p, gdp, -1, prov, 2018, 2020) >= 0); /* every level */
    /* population: the 15 prefectures, not 昆明, not the province */
    assert_true(regio_plan_break_between(p, pop, -1, qj, 2019, 2020) >= 0);
    assert_int_equal(regio_plan_break_between(p, pop, -1, km, 2015, 2023), -1);
    assert_int_equal(regio_plan_break_between(p, pop, -1, prov, 2015, 2023), -1);
    assert_int_equal(regio_plan_break_between(p, pop, REGIO_LEVEL_COUNTY, -1, 2015, 2023), -1);
    b = regio_plan_break_between(p, pop, REGIO_LEVEL_PREFECTURE, -1, 2015, 2023);
    assert_true(b >= 0);
    assert_int_equal(p->breaks[b].from_year, 2020);
    /* a ratio breaks where its parts do: gdp_pc = gdp / pop, the earliest break first */
    b = regio_plan_break_between(p, gdp_pc, REGIO_LEVEL_PREFECTURE, -1, 2015, 2021);
    assert_true(b >= 0);
    assert_int_equal(p->breaks[b].indicator, (long)gdp);
    b = regio_plan_break_between(p, gdp_pc, -1, qj, 2019, 2021);
    assert_int_equal(p->breaks[b].indicator, (long)pop);
    /* urban_rate is weighted by pop, and the weight's break counts for a group's mean */
    assert_true(regio_plan_break_between(p, ur, -1, -1, 2019, 2020) >= 0);
    assert_int_equal(regio_plan_break_between(p, gdp, -1, -1, 2020, 2020), -1); /* an empty span */
    regio_plan_free(p);
}

/* breaks.csv checked like any plan file (synthetic rows on plan_mini). */
static void expect_breaks_error(const char *row, const char *needle1, const char *needle2) {
    char *dir = tu_copy_fixture("tests/fixtures/plan_mini");
    assert_non_null(dir);
    char text[1024];
    snprintf(text, sizeof text, "indicator,from_year,level,region,reason_zh,reason_en,source\n%s\n", row);
    tu_write(dir, "breaks.csv", text);
    regio_plan *p = NULL;
    regio_error err;
    regio_error_clear(&err);
    int rc = regio_plan_load_dir(dir, &p, &err);
    if (rc == REGIO_OK) { regio_plan_free(p); tu_rmtree(dir); fail_msg("expected an error for breaks.csv row %s", row); }
    assert_int_equal(rc, REGIO_EINVAL);
    if (!strstr(err.en, needle1) || (needle2 && !strstr(err.en, needle2)))
        fail_msg("message '%s' lacks '%s' / '%s'", err.en, needle1, needle2 ? needle2 : "");
    tu_rmtree(dir);
}

static void test_breaks_file(void **state) {
    (void)state;
    expect_breaks_error("nothing,2019,,,修订,revision,synthetic", "breaks.csv line 2, column 'indicator'", "unknown indicator");
    expect_breaks_error("gdp,20x9,,,修订,revision,synthetic", "column 'from_year'", "not an integer");
    expect_breaks_error("gdp,2019,township,,修订,revision,synthetic", "column 'level'", "township");
    expect_breaks_error("gdp,2019,county,910000,修订,revision,synthetic", "column 'region'", "not of the row's level");
    expect_breaks_error("gdp,2019,,,修订,,synthetic", "column 'reason_en'", "must not be empty");
    expect_breaks_error("gdp,2019,,,修订,revision,", "column 'source'", "must not be empty");
}

/* The refusal itself, on a synthetic break (plan_mini, breaks.csv written here): gdp on a new basis from 2019
 * in prefecture 910000 only. A span straddling 2019 is refused unless asked; asked, it passes with a note. */
static void test_span_check_synthetic(void **state) {
    (void)state;
    char *dir = tu_copy_fixture("tests/fixtures/plan_mini");
    assert_non_null(dir);
    tu_write(dir, "breaks.csv", "indicator,from_year,level,region,reason_zh,reason_en,source\n"
                                "gdp,2019,,910000,合成修订,synthetic revision,synthetic test row\n");
    regio_plan *p = NULL;
    regio_error err;
    regio_error_clear(&err);
    assert_int_equal(regio_plan_load_dir(dir, &p, &err), REGIO_OK);
    size_t gdp = (size_t)regio_plan_indicator(p, "gdp"), pc = (size_t)regio_plan_indicator(p, "gdp_pc");
    size_t pop = (size_t)regio_plan_indicator(p, "pop");
    char zh[512], en[512];
    /* refused: 2017..2020 straddles 2019, for the prefectures' cross-section */
    assert_int_equal(regio_plan_span_check(p, gdp, -1, REGIO_LEVEL_PREFECTURE, -1, 2017, 2020, 0, zh, en, sizeof zh, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "2017–2020 crosses a series break of gdp (gdp is on a new basis from 2019: synthetic revision)"));
    assert_non_null(strstr(err.zh, "合成修订"));
    /* a ratio of gdp, and a weight that breaks, are refused too */
    assert_int_equal(regio_plan_span_check(p, pc, -1, REGIO_LEVEL_PREFECTURE, -1, 2018, 2019, 0, zh, en, sizeof zh, &err), REGIO_EINVAL);
    assert_int_equal(regio_plan_span_check(p, pop, (long)gdp, REGIO_LEVEL_PREFECTURE, -1, 2018, 2019, 0, zh, en, sizeof zh, &err), REGIO_EINVAL);
    /* asked: passes, and says so */
    regio_error_clear(&err);
    assert_int_equal(regio_plan_span_check(p, gdp, -1, REGIO_LEVEL_PREFECTURE, -1, 2017, 2020, 1, zh, en, sizeof zh, &err), REGIO_OK);
    assert_non_null(strstr(en, "note: 2017–2020 crosses a series break of gdp"));
    assert_non_null(strstr(en, "(--across-breaks)"));
    assert_non_null(strstr(zh, "注意：2017–2020 年跨越 gdp 的序列断点"));
    /* not crossed: on one side (2019..2022, 2015..2018), another level (counties), another region, one year */
    assert_int_equal(regio_plan_span_check(p, gdp, -1, REGIO_LEVEL_PREFECTURE, -1, 2019, 2022, 0, zh, en, sizeof zh, &err), REGIO_OK);
    assert_string_equal(en, "");
    assert_int_equal(regio_plan_span_check(p, gdp, -1, REGIO_LEVEL_PREFECTURE, -1, 2015, 2018, 0, zh, en, sizeof zh, &err), REGIO_OK);
    assert_int_equal(regio_plan_span_check(p, gdp, -1, REGIO_LEVEL_COUNTY, -1, 2017, 2020, 0, zh, en, sizeof zh, &err), REGIO_OK);
    assert_int_equal(regio_plan_span_check(p, gdp, -1, -1, regio_plan_region(p, "920000"), 2017, 2020, 0, zh, en, sizeof zh, &err), REGIO_OK);
    assert_int_equal(regio_plan_span_check(p, gdp, -1, -1, regio_plan_region(p, "910000"), 2018, 2019, 0, zh, en, sizeof zh, &err), REGIO_EINVAL);
    assert_int_equal(regio_plan_span_check(p, pop, -1, REGIO_LEVEL_PREFECTURE, -1, 2017, 2020, 0, zh, en, sizeof zh, &err), REGIO_OK);
    regio_plan_free(p);
    tu_rmtree(dir);
}

static void test_mini_loads(void **state) {
    (void)state;
    regio_plan *p = load(REGIO_SOURCE_DIR "/tests/fixtures/plan_mini");
    assert_int_equal(p->nregions, 8);
    assert_int_equal(group(p, "mixed")->ncounties, 3);
    assert_int_equal(p->nmonitors, 0); /* no monitored.csv: none */
    regio_plan_free(p);
}

static void test_duplicate_region(void **state) {
    (void)state;
    expect_error("regions.csv", "910002,甲二县", "910001,甲二县", "regions.csv line", "duplicate code");
}

static void test_unknown_parent(void **state) {
    (void)state;
    expect_error("regions.csv", "920003,乙三县,B Three,county,920000", "920003,乙三县,B Three,county,929999",
                 "regions.csv line 9, column 'parent'", "unknown parent");
}

static void test_parent_level(void **state) {
    (void)state;
    expect_error("regions.csv", "920001,乙一区,B One,county,920000", "920001,乙一区,B One,county,910001",
                 "column 'parent'", "higher level");
}

static void test_bad_level(void **state) {
    (void)state;
    expect_error("regions.csv", "B Two,county", "B Two,township", "line 8, column 'level'", "township");
}

static void test_missing_column(void **state) {
    (void)state;
    expect_error("indicators.csv", ",aggregate,", ",aggr,", "column 'aggregate' is missing", NULL);
}

static void test_ratio_unknown(void **state) {
    (void)state;
    expect_error("indicators.csv", "ratio,gdp,pop", "ratio,gdp,people", "column 'denominator'", "people");
}

static void test_weight_not_sum(void **state) {
    (void)state;
    expect_error("indicators.csv", "wmean,,,pop", "wmean,,,income", "column 'weight'", "sums");
}

static void test_partition_overlap(void **state) {
    (void)state;
    /* county 910001 also in part B: the message names the county and both parts */
    char *dir = tu_copy_fixture("tests/fixtures/plan_mini");
    tu_edit(dir, "group_members.csv", "halves.b,920000,", "halves.b,920000,\nhalves.b,910001,");
    regio_plan *p = NULL;
    regio_error err;
    assert_int_equal(regio_plan_load_dir(dir, &p, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "overlaps"));
    assert_non_null(strstr(err.en, "910001"));
    assert_non_null(strstr(err.en, "halves.a"));
    tu_rmtree(dir);
}

static void test_partition_gap(void **state) {
    (void)state;
    expect_error("group_members.csv", "halves.b,920000,", "halves.b,920001,", "partition halves leaves out", "920002");
}

static void test_unknown_member(void **state) {
    (void)state;
    expect_error("group_members.csv", "solo,920002", "solo,920009", "group_members.csv line 4, column 'member'", "920009");
}

static void test_short_row(void **state) {
    (void)state;
    expect_error("groups.csv", "solo,单成员组,Single member group,special,,county 920002 alone,synthetic",
                 "solo,单成员组,Single member group", "groups.csv line 3: expected 7 fields, found 3", NULL);
}

static void test_target_scope(void **state) {
    (void)state;
    expect_error("targets.csv", "mixed_gdp,混合组生产总值,Mixed GDP,mixed", "mixed_gdp,混合组生产总值,Mixed GDP,nowhere",
                 "targets.csv line 2, column 'scope'", "nowhere");
}

static void test_target_years(void **state) {
    (void)state;
    expect_error("targets.csv", "2020,50,2025", "2020,50,2019", "column 'target_year'", "after the baseline");
}

static void test_missing_file(void **state) {
    (void)state;
    regio_plan *p = NULL;
    regio_error err;
    int rc = regio_plan_load_dir("/nonexistent/plan", &p, &err);
    assert_int_equal(rc, REGIO_EIO);
    assert_non_null(strstr(err.en, "regions.csv"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_yunnan_regions), cmocka_unit_test(test_yunnan_groups),
        cmocka_unit_test(test_yunnan_partitions), cmocka_unit_test(test_yunnan_indicators_targets),
        cmocka_unit_test(test_mini_loads), cmocka_unit_test(test_monitored_file),
        cmocka_unit_test(test_yunnan_breaks), cmocka_unit_test(test_breaks_file),
        cmocka_unit_test(test_span_check_synthetic), cmocka_unit_test(test_duplicate_region),
        cmocka_unit_test(test_unknown_parent), cmocka_unit_test(test_parent_level), cmocka_unit_test(test_bad_level),
        cmocka_unit_test(test_missing_column), cmocka_unit_test(test_ratio_unknown),
        cmocka_unit_test(test_weight_not_sum), cmocka_unit_test(test_partition_overlap),
        cmocka_unit_test(test_partition_gap), cmocka_unit_test(test_unknown_member), cmocka_unit_test(test_short_row),
        cmocka_unit_test(test_target_scope), cmocka_unit_test(test_target_years), cmocka_unit_test(test_missing_file),
    };
    return cmocka_run_group_tests_name("plan", tests, NULL, NULL);
}
