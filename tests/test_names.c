/* test_names.c — the names index (src/plan/names.c): codes, full and short names, customary forms of
 * autonomous prefectures and counties, the plan's former names and codes (data/yunnan/region_aliases.csv),
 * precedence, ambiguity, suggestions by edit distance on code points, and NFKC/case/space normalisation —
 * on the shipped Yunnan plan, messages checked in both languages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "regio/names.h"
#include "testutil.h"

typedef struct fx { regio_plan *p; regio_names *n; } fx;

static int setup(void **state) {
    fx *f = calloc(1, sizeof *f);
    regio_error err;
    if (regio_plan_load_dir(REGIO_SOURCE_DIR "/data/yunnan", &f->p, &err)) { fprintf(stderr, "%s\n", err.en); return -1; }
    if (regio_names_build(f->p, &f->n, &err)) return -1;
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fx *f = *state;
    regio_names_free(f->n);
    regio_plan_free(f->p);
    free(f);
    return 0;
}

static const char *region(fx *f, const char *text) {
    regio_error err;
    long r = regio_names_region(f->n, text, &err);
    if (r < 0) fail_msg("%s: %s", text, err.en);
    return f->p->regions[r].code;
}

static void test_regions(void **state) {
    fx *f = *state;
    assert_string_equal(region(f, "530100"), "530100");
    assert_string_equal(region(f, "昆明市"), "530100");
    assert_string_equal(region(f, "昆明"), "530100");
    assert_string_equal(region(f, "Kunming"), "530100");
    assert_string_equal(region(f, "kunming"), "530100");
    assert_string_equal(region(f, "楚雄彝族自治州"), "532300");
    assert_string_equal(region(f, "楚雄州"), "532300");
    assert_string_equal(region(f, "禄劝彝族苗族自治县"), "530128");
    assert_string_equal(region(f, "禄劝县"), "530128");
    assert_string_equal(region(f, "禄劝"), "530128");
    assert_string_equal(region(f, "怒江州"), "533300");        /* 傈僳族 dropped */
    assert_string_equal(region(f, "西双版纳州"), "532800");
    assert_string_equal(region(f, "贡山县"), "533324");        /* 独龙族怒族 dropped */
    assert_string_equal(region(f, "全省"), "530000");
    assert_string_equal(region(f, "云南"), "530000");
    /* yearbook padding, full-width spaces and a Kangxi radical (U+2F47 ⽇ is NFKC 日) */
    assert_string_equal(region(f, "五 华 区"), "530102");
    assert_string_equal(region(f, "五\xe3\x80\x80华\xe3\x80\x80区"), "530102");
}

static void test_former_names(void **state) {
    fx *f = *state;
    regio_error err;
    regio_name_match m;
    assert_int_equal(regio_names_find(f->n, REGIO_NAME_REGION, "禄丰县", &m, &err), REGIO_OK);
    assert_string_equal(f->p->regions[m.index].code, "532302");
    assert_int_equal(m.how, REGIO_MATCH_ALIAS);
    assert_non_null(m.alias);
    assert_string_equal(m.alias->kind, "former_name");
    assert_string_equal(m.alias->changed, "2021");
    assert_int_equal(regio_names_find(f->n, REGIO_NAME_REGION, "532331", &m, &err), REGIO_OK);
    assert_string_equal(f->p->regions[m.index].code, "532302");
    assert_string_equal(m.alias->kind, "former_code");
    assert_string_equal(region(f, "澄江县"), "530481");
    assert_string_equal(region(f, "530630"), "530681");
    /* the current name matches by name, not by alias */
    assert_int_equal(regio_names_find(f->n, REGIO_NAME_REGION, "禄丰市", &m, &err), REGIO_OK);
    assert_int_equal(m.how, REGIO_MATCH_NAME);
    assert_null(m.alias);
}

static void test_ambiguous(void **state) {
    fx *f = *state;
    regio_error err;
    regio_name_match m;
    /* 楚雄 is the short form of both the prefecture and its seat */
    assert_int_equal(regio_names_find(f->n, REGIO_NAME_REGION, "楚雄", &m, &err), REGIO_EINVAL);
    assert_int_equal(m.index, -1);
    assert_string_equal(err.en, "'楚雄' is ambiguous: it may be the region 532300 楚雄彝族自治州, 532301 楚雄市 (give the code or the full name)");
    assert_string_equal(err.zh, "“楚雄”有歧义，可指多个地区：532300 楚雄彝族自治州、532301 楚雄市（请写编码或全称）");
    /* the full name 楚雄市 is not ambiguous: a full name beats a short form */
    assert_string_equal(region(f, "楚雄市"), "532301");
}

static void test_unknown(void **state) {
    fx *f = *state;
    regio_error err;
    regio_name_match m;
    assert_int_equal(regio_names_find(f->n, REGIO_NAME_REGION, "禄劝彝族自治县", &m, &err), REGIO_ENOTFOUND);
    assert_string_equal(err.en, "unknown region '禄劝彝族自治县' — did you mean 禄劝彝族苗族自治县? (see regio regions)");
    assert_string_equal(err.zh, "未知的地区“禄劝彝族自治县”——是不是“禄劝彝族苗族自治县”？（见 regio regions）");
    assert_int_equal(regio_names_find(f->n, REGIO_NAME_INDICATOR, "gpd", &m, &err), REGIO_ENOTFOUND);
    assert_string_equal(err.en, "unknown indicator 'gpd' — did you mean gdp? (see regio indicators)");
    assert_int_equal(regio_names_find(f->n, REGIO_NAME_REGION, "北京市", &m, &err), REGIO_ENOTFOUND);
    assert_string_equal(err.en, "unknown region '北京市' (see regio regions)");
    assert_int_equal(regio_names_find(f->n, REGIO_NAME_GROUP, "", &m, &err), REGIO_ENOTFOUND);
    assert_null(regio_names_suggest(f->n, REGIO_NAME_INDICATOR, "zzzzzzzz"));
}

static void test_groups_and_indicators(void **state) {
    fx *f = *state;
    regio_error err;
    /* 滇中 names the block and two partition parts: the block wins */
    long g = regio_names_group(f->n, "滇中", &err);
    assert_true(g >= 0);
    assert_string_equal(f->p->groups[g].code, "dianzhong");
    g = regio_names_group(f->n, "Central Yunnan", &err);
    assert_string_equal(f->p->groups[g].code, "dianzhong");
    g = regio_names_group(f->n, "昆明市", &err); /* only a partition part has this name */
    assert_string_equal(f->p->groups[g].code, "prefectures.530100");
    long k = regio_names_indicator(f->n, "地区生产总值", &err);
    assert_string_equal(f->p->indicators[k].code, "gdp");
    k = regio_names_indicator(f->n, "GDP", &err);
    assert_string_equal(f->p->indicators[k].code, "gdp");
    k = regio_names_indicator(f->n, "ＧＤＰ", &err); /* full-width */
    assert_string_equal(f->p->indicators[k].code, "gdp");
    k = regio_names_indicator(f->n, "常住人口", &err);
    assert_string_equal(f->p->indicators[k].code, "pop");
}

static void test_distance(void **state) {
    (void)state;
    assert_int_equal(regio_names_distance("gdp", "gdp"), 0);
    assert_int_equal(regio_names_distance("gpd", "gdp"), 1);          /* a transposition is one edit */
    assert_int_equal(regio_names_distance("", "昆明"), 2);
    assert_int_equal(regio_names_distance("昆明市", "昆明"), 1);        /* code points, not bytes */
    assert_int_equal(regio_names_distance("禄劝彝族自治县", "禄劝彝族苗族自治县"), 2);
    assert_int_equal(regio_names_distance("kitten", "sitting"), 3);
    char *k = regio_names_key("Ｋｕｎ ｍｉｎｇ\xe3\x80\x80");
    assert_string_equal(k, "kunming");
    free(k);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_regions),   cmocka_unit_test(test_former_names),
        cmocka_unit_test(test_ambiguous), cmocka_unit_test(test_unknown),
        cmocka_unit_test(test_groups_and_indicators), cmocka_unit_test(test_distance),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
