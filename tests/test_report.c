/* test_report.c — the pieces of the report that can be checked by hand: class breaks (quantiles, Fisher–Jenks on
 * data with obvious clusters), the SVG buffer's escaping, a map of two projected squares (one <path data-code>
 * each, legend, scale bar), a line chart, and the report model built on the synthetic plan_mini (tables and
 * their values, the three writers) — under ASan in `make test`, so the model's memory is checked too. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "testutil.h"
#include "regio/report.h"
#include "regio/svg.h"

static size_t count(const char *hay, const char *needle) {
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle)) n++;
    return n;
}

static void test_quantile_breaks(void **state) {
    (void)state;
    double x[] = {5, 1, 4, 2, 3, NAN}, b[5];
    size_t k = 0;
    assert_int_equal(regio_class_breaks(x, 6, 4, REGIO_CLASS_QUANTILE, b, &k, NULL), REGIO_OK);
    assert_int_equal(k, 4);
    /* type-7 quantiles of 1..5 at 0, .25, .5, .75, 1 */
    double want[] = {1, 2, 3, 4, 5};
    for (size_t i = 0; i <= 4; i++) assert_double_equal(b[i], want[i], 1e-12);
    assert_int_equal(regio_class_of(1, b, 4), 0);
    assert_int_equal(regio_class_of(2.5, b, 4), 1);
    assert_int_equal(regio_class_of(5, b, 4), 3);
    assert_int_equal(regio_class_of(NAN, b, 4), -1);
}

static void test_jenks_clusters(void **state) {
    (void)state;
    /* three clear groups: the natural breaks fall between them */
    double x[] = {1, 2, 3, 10, 11, 12, 30, 31, 32, 33}, b[4];
    size_t k = 0;
    assert_int_equal(regio_class_breaks(x, 10, 3, REGIO_CLASS_JENKS, b, &k, NULL), REGIO_OK);
    assert_int_equal(k, 3);
    assert_double_equal(b[0], 1, 0);
    assert_double_equal(b[1], 3, 0);
    assert_double_equal(b[2], 12, 0);
    assert_double_equal(b[3], 33, 0);
    /* fewer distinct values than classes */
    double y[] = {7, 7, 8};
    assert_int_equal(regio_class_breaks(y, 3, 5, REGIO_CLASS_JENKS, b, &k, NULL), REGIO_OK);
    assert_int_equal(k, 2);
    double z[] = {NAN};
    regio_error err;
    assert_int_equal(regio_class_breaks(z, 1, 3, REGIO_CLASS_QUANTILE, b, &k, &err), REGIO_EINVAL);
}

static void test_svg_escape(void **state) {
    (void)state;
    regio_svg *s = regio_svg_new();
    regio_svg_text(s, "a<b & \"c\">");
    assert_string_equal(s->buf, "a&lt;b &amp; &quot;c&quot;&gt;");
    regio_svg_free(s);
}

static void test_map_two_squares(void **state) {
    (void)state;
    /* two 0.1° squares side by side near Kunming */
    double x[] = {102.6, 102.7, 102.7, 102.6, 102.7, 102.8, 102.8, 102.7};
    double y[] = {25.0, 25.0, 25.1, 25.1, 25.0, 25.0, 25.1, 25.1};
    size_t unit[] = {0, 1}, start[] = {0, 4, 8};
    regio_rings rings = {2, 2, unit, start, x, y};
    const char *ids[] = {"A", "B"};
    regio_map_shapes *m = NULL;
    regio_error err;
    assert_int_equal(regio_map_shapes_project(&rings, ids, NULL, NULL, NULL, &m, &err), REGIO_OK);
    /* equal-area: both squares about 10 km wide (0.1° of longitude at 25°N ≈ 10.1 km) */
    assert_true(m->xmax - m->xmin > 19000 && m->xmax - m->xmin < 21500);
    assert_int_equal(regio_map_shapes_find(m, "B"), 1);
    double v[] = {1, 2};
    regio_svg *s = regio_svg_new();
    regio_map_opts o = {.title = "t", .id_prefix = "x"};
    assert_int_equal(regio_svg_choropleth(s, m, v, 2, REGIO_CLASS_QUANTILE, 0, "u", &o, &err), REGIO_OK);
    assert_int_equal(count(s->buf, "<path data-code="), 2);
    assert_non_null(strstr(s->buf, "data-code=\"A\""));
    assert_non_null(strstr(s->buf, "class=\"scalebar\""));
    assert_non_null(strstr(s->buf, "class=\"north\""));
    assert_non_null(strstr(s->buf, "class=\"legend\""));
    regio_svg_free(s);
    regio_map_shapes_free(m);
}

static void test_line_chart(void **state) {
    (void)state;
    double years[] = {2015, 2016, 2017}, a[] = {0.3, NAN, 0.2};
    regio_chart_series ser[] = {{"CV", a}};
    regio_svg *s = regio_svg_new();
    regio_error err;
    assert_int_equal(regio_svg_line_chart(s, "σ", years, 3, ser, 1, "index", 0, 0, &err), REGIO_OK);
    assert_int_equal(count(s->buf, "<circle"), 2); /* the missing year is a gap, not a point */
    regio_svg_free(s);
    double none[] = {NAN, NAN, NAN};
    regio_chart_series ser2[] = {{"x", none}};
    s = regio_svg_new();
    assert_int_equal(regio_svg_line_chart(s, "empty", years, 3, ser2, 1, NULL, 0, 0, &err), REGIO_EINVAL);
    regio_svg_free(s);
}

static const regio_rtable *table(const regio_report *r, const char *key) {
    for (size_t i = 0; i < r->ntables; i++)
        if (strcmp(r->tables[i].key, key) == 0) return &r->tables[i];
    return NULL;
}

static double cell(const regio_rtable *t, size_t row, const char *key) {
    for (size_t j = 0; j < t->ncols; j++)
        if (strcmp(t->cols[j].key, key) == 0) return t->num[row * t->ncols + j];
    return NAN;
}

static const char *text_of(const regio_rtable *t, size_t row, const char *key) {
    for (size_t j = 0; j < t->ncols; j++)
        if (strcmp(t->cols[j].key, key) == 0) return t->text[row * t->ncols + j] ? t->text[row * t->ncols + j] : "";
    return "";
}

static void test_report_plan_mini(void **state) {
    (void)state;
    char *dir = tu_tempdir();
    const char *files[] = {"synthetic.csv", "synthetic_2023.csv", NULL};
    regio_plan *plan = NULL;
    regio_store *st = NULL;
    regio_error err;
    assert_int_equal(tu_store_with(REGIO_SOURCE_DIR "/tests/fixtures/plan_mini", dir, files, &plan, &st, &err), REGIO_OK);
    char db[4200];
    snprintf(db, sizeof db, "%s/test.db", dir);
    regio_report_opts o = {.lang = REGIO_LANG_EN, .db_path = db, .version = "test", .generated_at = "fixed", .schemes_dir = dir,
                           .plan_dir = REGIO_SOURCE_DIR "/tests/fixtures/plan_mini"}; /* its report.csv */
    regio_report *r = NULL;
    assert_int_equal(regio_report_build(st, plan, &o, &r, &err), REGIO_OK);
    assert_int_equal(r->year, 2023);
    /* the summary first; every title numbered once; the annex apart */
    assert_int_equal(r->nsections, 9); /* 8 before the data still to find (report_needs.c) */
    assert_string_equal(r->sections[0].key, "summary");
    assert_string_equal(r->sections[0].title, "1. Summary");
    assert_string_equal(r->sections[2].title, "3. Progress of the plan's targets");
    assert_string_equal(r->sections[7].key, "needs");
    assert_string_equal(r->sections[7].title, "8. The data still to find");
    assert_string_equal(r->sections[8].key, "annex_codes");
    assert_string_equal(r->sections[8].title, "Annex A. Codes, data needs and reproducibility");
    /* mixed_gdp (tests/fixtures/plan_mini/README.md): 50 (2020, stated) → 70 (2023), target 100 by 2025:
     * achieved (70/50)^(1/3) − 1 = 11.87%, needed 2^(1/5) − 1 = 14.87%, ratio 0.80, still needed (100/70)^(1/2) − 1
     * = 19.52% a year in 2024–2025; trend of 61 (2020) and 70 (2023) → 76 in 2025: at risk and out of reach (R1) */
    assert_non_null(r->summary_text);
    assert_non_null(strstr(r->summary_text, "1 of the plan's 2 quantified targets can be judged: 0 on track or met, 1 at risk, 0 off track"));
    assert_non_null(strstr(r->summary_text, "Mixed GDP: at risk, from 50.00 100 million yuan in 2020 to 70.00 100 million yuan in 2023 (target ≥100 100 million yuan by 2025); +11.87% a year achieved, +14.87% needed, CAGR ratio 0.80"));
    assert_non_null(strstr(r->summary_text, "Mixed GDP needs +19.52% a year in 2024–2025 against +11.87% a year achieved in 2020–2023: not reachable on the 2020–2023 trend by 2025 (the trend gives 76.00 100 million yuan in 2025)"));
    assert_non_null(strstr(r->summary_text, "Mixed GDP: speed up to +19.52% a year in 2024–2025."));
    const regio_rtable *tt = table(r, "targets");
    assert_non_null(tt);
    assert_double_equal(cell(tt, 0, "latest_value"), 70, 1e-12);
    assert_double_equal(cell(tt, 0, "cagr_ratio"), (pow(1.4, 1.0 / 3) - 1) / (pow(2, 0.2) - 1), 1e-12);
    assert_double_equal(cell(tt, 0, "projected_value"), 76, 1e-9);
    assert_int_equal(strlen(r->db_sha256), 64);
    /* county urbanisation 50, 40, 80, 20, 30: mean 44, Gini 560 / (2·25·44) */
    const regio_rtable *g = table(r, "gap_county");
    assert_non_null(g);
    assert_double_equal(cell(g, 0, "n"), 5, 0);
    assert_double_equal(cell(g, 0, "mean"), 44, 1e-12);
    assert_double_equal(cell(g, 0, "gini"), 560.0 / 2200.0, 1e-12);
    /* Theil by the partition halves: half A = counties 910001 (50, pop 20) and 910002 (40, pop 30) */
    const regio_rtable *t = table(r, "theil_blocks");
    assert_non_null(t);
    assert_double_equal(cell(t, 0, "mean"), 44, 1e-12);
    assert_double_equal(cell(t, 0, "pop_share"), 50.0 / 85.0, 1e-12);
    assert_non_null(table(r, "targets"));
    assert_null(table(r, "eval_urban")); /* no schemes in dir: the section says so, no stand-in */
    /* the data still to find: prov_urban (≈60 by 2025, no baseline stated, none observed) needs the province's
     * urbanisation rate for the baseline year 2020 and for 2023; mixed_gdp is assessed, so not listed */
    const regio_rtable *nt = table(r, "needs");
    assert_non_null(nt);
    assert_int_equal(nt->nrows, 2);
    assert_string_equal(text_of(nt, 0, "name"), "Province urbanisation");
    assert_string_equal(text_of(nt, 0, "missing"), "Urbanisation rate (%), 2020: Test Province");
    assert_string_equal(text_of(nt, 1, "missing"), "Urbanisation rate (%), 2023: Test Province");
    assert_double_equal(cell(nt, 1, "count"), 1, 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(regio_report_write_html(r, f, &err), REGIO_OK);
    fclose(f);
    assert_int_equal(count(buf, "<section id="), 9);
    assert_int_equal(count(buf, "class=\"covered\""), 9);
    free(buf);
    f = open_memstream(&buf, &len);
    assert_int_equal(regio_report_write_json(r, f, &err), REGIO_OK);
    fclose(f);
    assert_non_null(strstr(buf, "\"gap_county\""));
    free(buf);
    char xlsx[4200];
    snprintf(xlsx, sizeof xlsx, "%s/r.xlsx", dir);
    assert_int_equal(regio_report_write_xlsx(r, xlsx, &err), REGIO_OK);
    assert_int_equal(access(xlsx, R_OK), 0);
    regio_report_free(r);
    regio_store_close(st);
    regio_plan_free(plan);
    tu_rmtree(dir);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quantile_breaks), cmocka_unit_test(test_jenks_clusters), cmocka_unit_test(test_svg_escape),
        cmocka_unit_test(test_map_two_squares), cmocka_unit_test(test_line_chart), cmocka_unit_test(test_report_plan_mini),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
