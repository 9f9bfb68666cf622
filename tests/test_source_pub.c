/* test_source_pub.c — the publication a source text cites (regio_source_publication, src/extract/extract_source.c),
 * the key the report's source annex groups by. The texts are source cells of the shipped observations
 * (the CSV files of data/yunnan/observations; a few shortened after the part that decides), the last case
 * excepted; the expected publication is the rule of docs/report.md applied by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "regio/extract.h"

static const char *pub(const char *s, int official) {
    static char buf[240];
    assert_int_equal(regio_source_publication(s, official, buf, sizeof buf), 1);
    return buf;
}

/* an official source is named by the 《title》 it publishes: one yearbook edition, whatever the table or line */
static void test_official_title(void **state) {
    (void)state;
    const char *a = "《中国县域统计年鉴2021（县市卷）》 表 县(市)社会经济主要指标, data year 2020, via github:HLGhpz/Data-Handle-TS @ "
                    "9ff159f2dd2ae2b6a91a0ea960a2a4af8bda7293 src/rowData/Other/中国县域统计年鉴（县市）.csv line 74 "
                    "(raw/sources/county_yearbook2021_yunnan_hlghpz.csv); 红河县 第二产业增加值 154318 万元 /10000";
    const char *b = "raw/county_indicators.csv: github:HLGhpz/Data-Handle-TS src/rowData/Other/中国县域统计年鉴（县市）.csv @ "
                    "9ff159f2dd2ae2b6a91a0ea960a2a4af8bda7293 line 72 (《中国县域统计年鉴2021（县市卷）》 表 县(市)社会经济主要指标, "
                    "data year 2020; 泸西县 地区生产总值 1522895 万元 /10000)";
    assert_string_equal(pub(a, 1), "《中国县域统计年鉴2021（县市卷）》");
    assert_string_equal(pub(b, 1), "《中国县域统计年鉴2021（县市卷）》");
    /* a bulletin on the bureau's site: the bulletin, not the site */
    assert_string_equal(pub("raw/prefecture_indicators.csv: https://stats.yn.gov.cn/Pages_21_2213.aspx (云南省统计局《2015年云南省1%人口抽样调查主要数据公报》, "
                            "2016-06-28; table 总人口(万人), reference date 2015-11-01, pre-2020-census series): 普洱市 260.2", 1),
                        "《2015年云南省1%人口抽样调查主要数据公报》");
    /* hyphens and blanks inside the title do not make another edition */
    assert_string_equal(pub("《云南统计年鉴-2016》 表 2-5", 1), "《云南统计年鉴2016》");
}

/* no title: the lead text (commas dropped), not the repository that carries it */
static void test_official_lead(void **state) {
    (void)state;
    const char *a = "NBS, Tabulation on the 2020 China Population Census by County (ISBN 978-7-5037-9772-9), via github:thebamboogrove/tudigong "
                    "(raw/cn-county-census-2020/ages.csv), AGES_0-14 0.1767 ×100";
    const char *b = "NBS Tabulation on the 2020 China Population Census by County (ISBN 978-7-5037-9772-9), via github:thebamboogrove/tudigong "
                    "(raw/cn-county-census-2020/population.csv), POPU_WM 109.26";
    assert_string_equal(pub(a, 1), "NBS Tabulation on the 2020 China Population Census by County");
    assert_string_equal(pub(a, 1), pub(b, 1));
}

/* a secondary or unclassified source is named by the site or data set that carried the figure */
static void test_secondary(void **state) {
    (void)state;
    assert_string_equal(pub("raw/prefecture_indicators.csv: https://yunnanpedia.com/index.php?title=%E6%98%AD%E9%80%9A%E5%B8%82&variant=zh-tw "
                            "infobox '國內生產總值(2015) 總量708.38億元' (《雲南統計年鑑-2016》)", 0),
                        "yunnanpedia.com");
    assert_string_equal(pub("raw/found_2021_2025.csv line 79: http://m.hbzqbyyxgs.com/news/699894.html (content page citing 昆明市统计局)", 0),
                        "hbzqbyyxgs.com");
    assert_string_equal(pub("raw/prefecture_indicators.csv: http://cqbbqx.cn/index/gov/detail?id=3084 ('2023年末全州常住人口为234.2万人')", 0), "cqbbqx.cn");
    assert_string_equal(pub("github:leiii/census @ 0ba0f1efae092f4aa6569ef38e53b3bb4d2f0087 data/census/census_city_2010-2020_v1.csv (6th/7th census, "
                            "county bulletins compiled by Dong et al.; raw/sources/leiii_census_city_2010_2020_yunnan.csv), popu_urban_2020 2827160 persons /10000", 0),
                        "github:leiii/census");
    /* neither address nor title: the lead */
    assert_string_equal(pub("raw/prefecture_indicators.csv: zh.wikipedia article 云南省各市州人口列表 (pages-corpus copy, no address returned)", 0),
                        "zh.wikipedia article 云南省各市州人口列表");
}

/* empty text, and a long title cut at a character boundary */
static void test_edges(void **state) {
    (void)state;
    char buf[8];
    assert_int_equal(regio_source_publication("", 1, buf, sizeof buf), 0);
    assert_string_equal(buf, "");
    assert_int_equal(regio_source_publication("《云南统计年鉴》", 1, buf, sizeof buf), 1);
    assert_string_equal(buf, "《云"); /* 3 + 3 bytes: the next character does not fit in 7 */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_official_title),
        cmocka_unit_test(test_official_lead),
        cmocka_unit_test(test_secondary),
        cmocka_unit_test(test_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
