/* test_extract.c — the text extractors: normalisation and its map back to the original, unit conversion,
 * qualifiers, and recall and precision on real bulletin passages (tests/fixtures/bulletins, each passage with
 * its source in index.csv and a hand-checked expected CSV). The short texts inside this file are synthetic
 * (they say so) and test one rule each. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regio/extract.h"
#include "regio/table.h"
#include "testutil.h"

static regio_patterns *bulletin_patterns(void) {
    regio_patterns *p = NULL;
    regio_error err;
    if (regio_patterns_load(REGIO_SOURCE_DIR "/data/extract/bulletin_patterns.csv", &p, &err))
        fail_msg("patterns: %s", err.en);
    return p;
}

/* Extracts from an in-memory text; the caller frees both. */
static regio_findings *run(regio_patterns *p, const char *text, size_t len, int year, regio_text **tout) {
    regio_error err;
    regio_text *t = NULL;
    regio_findings *f = NULL;
    if (regio_text_make("synthetic", text, len, REGIO_ENC_AUTO, p, &t, &err)) fail_msg("text: %s", err.en);
    regio_bulletin_opts o = {.year = year};
    if (regio_extract_bulletin(p, t, &o, &f, &err)) fail_msg("extract: %s", err.en);
    if (tout) *tout = t;
    else regio_text_free(t);
    return f;
}

static const regio_finding *find(const regio_findings *f, const char *ind, int year) {
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->rows[i].indicator, ind) == 0 && f->rows[i].year == year) return &f->rows[i];
    return NULL;
}

/* Synthetic: full-width digits and punctuation, a Kangxi radical, ideographic spaces; the quote is the
 * original text and its offsets are characters of the original. */
static void test_normalise_and_quote(void **state) {
    (void)state;
    regio_patterns *p = bulletin_patterns();
    const char *text = "全年全省地区生产总值３．０万亿元，比上年增长４．４％。年末常住⼈⼜４６７３万⼈。";
    regio_text *t = NULL;
    regio_findings *f = run(p, text, strlen(text), 2023, &t);
    const regio_finding *g = find(f, "gdp", 2023);
    assert_non_null(g);
    assert_double_equal(g->value, 30000, 0); /* 万亿元 → 亿元 × 10000 */
    assert_string_equal(g->unit_printed, "万亿元");
    assert_string_equal(g->unit, "亿元");
    assert_string_equal(g->value_printed, "3.0");
    assert_string_equal(g->quote, "全年全省地区生产总值３．０万亿元");
    assert_int_equal(g->start, 0);
    assert_int_equal(g->end, 16);
    const regio_finding *r = find(f, "gdp_growth_real", 2023);
    assert_non_null(r);
    assert_double_equal(r->value, 4.4, 0);
    assert_string_equal(r->quote, "全年全省地区生产总值３．０万亿元，比上年增长４．４％");
    const regio_finding *pop = find(f, "pop", 2023); /* ⼈⼜ (Kangxi radicals, ⼜ for 口) read as 人口 */
    assert_non_null(pop);
    assert_double_equal(pop->value, 4673, 0);
    assert_string_equal(pop->quote, "年末常住⼈⼜４６７３万⼈");
    assert_int_equal(pop->start, 27);
    regio_findings_free(f);
    regio_text_free(t);
    regio_patterns_free(p);
}

/* Synthetic: 人 → 万人 and 万元 → 亿元 move the decimal point exactly; 下降 is negative; 持平 is 0. */
static void test_units_and_signs(void **state) {
    (void)state;
    regio_patterns *p = bulletin_patterns();
    const char *text = "年末全县常住人口107365人。全县地区生产总值951435万元,比上年下降4.1%。"
                       "一般公共预算收入12.3亿元,与上年持平。";
    regio_findings *f = run(p, text, strlen(text), 2022, NULL);
    assert_double_equal(find(f, "pop", 2022)->value, 10.7365, 0);
    assert_string_equal(find(f, "pop", 2022)->unit_printed, "人");
    assert_double_equal(find(f, "gdp", 2022)->value, 95.1435, 0);
    assert_double_equal(find(f, "gdp_growth_real", 2022)->value, -4.1, 0);
    assert_double_equal(find(f, "budget_revenue", 2022)->value, 12.3, 0);
    assert_double_equal(find(f, "budget_revenue_growth", 2022)->value, 0, 0);
    regio_findings_free(f);
    regio_patterns_free(p);
}

/* Synthetic: a work-report target with 左右, a range, 以上; a partial year and a two-year average are not taken. */
static void test_qualifiers(void **state) {
    (void)state;
    regio_patterns *p = bulletin_patterns();
    const char *text = "预期目标:地区生产总值增长6%左右,社会消费品零售总额增长7%-8%,固定资产投资增长10%以上。\n"
                       "一季度,全省地区生产总值5844.9亿元。\n"
                       "第一产业增加值12.5亿元,两年平均增长2.5%。\n";
    regio_findings *f = run(p, text, strlen(text), 2024, NULL);
    const regio_finding *g = find(f, "gdp_growth_real", 2024);
    assert_non_null(g);
    assert_double_equal(g->value, 6, 0);
    assert_string_equal(g->status, "target;approx");
    const regio_finding *r = find(f, "retail_sales_growth", 2024);
    assert_non_null(r);
    assert_double_equal(r->value, 7, 0);
    assert_string_equal(r->status, "target;range");
    assert_string_equal(r->value_printed, "7%-8");
    assert_string_equal(find(f, "fai_growth", 2024)->status, "target;lower_bound");
    assert_null(find(f, "gdp", 2024));               /* 一季度: not the year's */
    assert_double_equal(find(f, "va_primary", 2024)->value, 12.5, 0);
    assert_null(find(f, "va_primary_growth", 2024)); /* 两年平均 */
    assert_int_equal(f->n, 4);
    regio_findings_free(f);
    regio_patterns_free(p);
}

/* Synthetic: a repeated paragraph (as pasted from a web page) gives its figures once; GB18030 input. */
static void test_repeats_and_gb18030(void **state) {
    (void)state;
    regio_patterns *p = bulletin_patterns();
    const char *text = "全年全省地区生产总值100.5亿元,比上年增长3.0%。\n全年全省地区生产总值100.5亿元,比上年增长3.0%。\n";
    regio_text *t = NULL;
    regio_findings *f = run(p, text, strlen(text), 2020, &t);
    assert_int_equal(t->repeated, 1);
    assert_int_equal(f->n, 2);
    regio_findings_free(f);
    regio_text_free(t);
    /* the same sentence in GB18030 (iconv), 生产总值 = C9FA B2FA D7DC D6B5 */
    const char gb[] = "\xC9\xFA\xB2\xFA\xD7\xDC\xD6\xB5" "100.5\xD2\xDA\xD4\xAA";
    f = run(p, gb, sizeof gb - 1, 2020, &t);
    assert_string_equal(t->encoding, "GB18030");
    assert_int_equal(f->n, 1);
    assert_double_equal(f->rows[0].value, 100.5, 0);
    assert_string_equal(f->rows[0].quote, "生产总值100.5亿元");
    regio_findings_free(f);
    regio_text_free(t);
    regio_patterns_free(p);
}

/* A pattern table with an error names the file, line and column. */
static void test_bad_patterns(void **state) {
    (void)state;
    char *dir = tu_tempdir();
    char path[4200];
    snprintf(path, sizeof path, "%s/p.csv", dir);
    FILE *fp = fopen(path, "w");
    fputs("kind,pattern,arg,indicator,measure,unit,factor,confidence,note\nsubject,生产(总值,,gdp,value,亿元,,,\n", fp);
    fclose(fp);
    regio_patterns *p = NULL;
    regio_error err;
    assert_int_equal(regio_patterns_load(path, &p, &err), REGIO_EINVAL);
    assert_null(p);
    assert_non_null(strstr(err.en, "p.csv:2, column 'pattern': the regular expression is wrong"));
    fp = fopen(path, "w");
    fputs("kind,pattern,arg,indicator,measure,unit,factor,confidence,note\nsubjekt,x,,gdp,value,亿元,,,\n", fp);
    fclose(fp);
    assert_int_equal(regio_patterns_load(path, &p, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "p.csv:2, column 'kind': unknown kind 'subjekt'"));
    tu_rmdir(dir);
    free(dir);
}

/* Recall and precision on the real passages. A finding is right when its indicator, year, value and status
 * are those of an expected row; every other finding is wrong. */
static void test_fixtures_recall(void **state) {
    (void)state;
    regio_patterns *p = bulletin_patterns();
    regio_error err;
    regio_table *idx = NULL;
    if (regio_table_read(REGIO_SOURCE_DIR "/tests/fixtures/bulletins/index.csv", NULL, &idx, &err)) fail_msg("%s", err.en);
    size_t expected = 0, found = 0, right = 0, wrong = 0;
    printf("| passage | expected | found | right | wrong | recall |\n|---|---:|---:|---:|---:|---:|\n");
    for (size_t i = 0; i < idx->nrows; i++) {
        const char *file = regio_table_cell(idx, i, 0);
        int year = atoi(regio_table_cell(idx, i, 2));
        char path[4096], epath[4096];
        snprintf(path, sizeof path, "%s/tests/fixtures/bulletins/%s", REGIO_SOURCE_DIR, file);
        snprintf(epath, sizeof epath, "%.*s.csv", (int)(strlen(path) - 4), path);
        regio_text *t = NULL;
        regio_findings *f = NULL;
        regio_bulletin_opts o = {.year = year};
        if (regio_text_read(path, REGIO_ENC_AUTO, p, &t, &err) || regio_extract_bulletin(p, t, &o, &f, &err))
            fail_msg("%s: %s", file, err.en);
        regio_table *e = NULL;
        if (regio_table_read(epath, NULL, &e, &err)) fail_msg("%s", err.en);
        size_t r = 0, w = 0;
        int *hit = calloc(e->nrows + 1, sizeof *hit);
        for (size_t k = 0; k < f->n; k++) {
            const regio_finding *x = &f->rows[k];
            int ok = 0;
            for (size_t j = 0; j < e->nrows && !ok; j++) {
                if (hit[j] || strcmp(regio_table_cell(e, j, 0), x->indicator) != 0 || atoi(regio_table_cell(e, j, 1)) != x->year)
                    continue;
                double v = strtod(regio_table_cell(e, j, 2), NULL);
                ok = fabs(v - x->value) <= 1e-9 * fmax(1, fabs(v)) && strcmp(regio_table_cell(e, j, 3), x->status) == 0;
                if (ok) hit[j] = 1;
            }
            if (ok) r++;
            else {
                w++;
                printf("  wrong in %s: %s %d = %.15g [%s] «%s»\n", file, x->indicator, x->year, x->value, x->status, x->quote);
            }
        }
        for (size_t j = 0; j < e->nrows; j++)
            if (!hit[j]) printf("  missed in %s: %s %s = %s\n", file, regio_table_cell(e, j, 0), regio_table_cell(e, j, 1), regio_table_cell(e, j, 2));
        printf("| %s | %zu | %zu | %zu | %zu | %.1f%% |\n", file, e->nrows, f->n, r, w, e->nrows ? 100.0 * (double)r / (double)e->nrows : 100.0);
        expected += e->nrows;
        found += f->n;
        right += r;
        wrong += w;
        free(hit);
        regio_table_free(e);
        regio_findings_free(f);
        regio_text_free(t);
    }
    double recall = expected ? (double)right / (double)expected : 1, precision = found ? (double)right / (double)found : 1;
    printf("| **all %zu passages** | %zu | %zu | %zu | %zu | %.1f%% (precision %.1f%%) |\n", idx->nrows, expected, found, right,
           wrong, 100 * recall, 100 * precision);
    assert_true(idx->nrows >= 15);
    assert_true(recall >= 0.95);
    assert_int_equal(wrong, 0);
    regio_table_free(idx);
    regio_patterns_free(p);
}

/* Has the plan extractor a figure of value v on one of the lines? */
static int plan_has(const regio_plan_findings *f, double v, const long *lines, size_t nl) {
    for (size_t i = 0; i < f->n; i++)
        for (size_t k = 0; k < nl; k++)
            if (f->rows[i].line == lines[k] && fabs(f->rows[i].value - v) <= 1e-9 * fmax(1, fabs(v))) return 1;
    return 0;
}

/* Line n (1-based) of the shipped plan text, in buf; "" when there is none. */
static void plan_line(long n, char *buf, size_t cap) {
    FILE *fp = fopen(REGIO_SOURCE_DIR "/docs/plan/plan-normalized.txt", "r");
    buf[0] = '\0';
    if (!fp) return;
    for (long k = 1; fgets(buf, (int)cap, fp); k++)
        if (k == n) { fclose(fp); return; }
    buf[0] = '\0';
    fclose(fp);
}

/* A gap target states no figure (the plan: 相对差距逐步缩小): each quotation of its source (“…” after "line N):")
 * must stand verbatim on that line of the plan text. Returns the number of quotations checked. */
static size_t gap_quotes_found(const char *code, const char *src) {
    size_t n = 0;
    for (const char *q = src; (q = strstr(q, "line ")); q += 5) {
        long ln = strtol(q + 5, NULL, 10);
        const char *o = strstr(q, "\xE2\x80\x9C"), *c = o ? strstr(o + 3, "\xE2\x80\x9D") : NULL; /* “ ” */
        if (!o || !c) fail_msg("gap target %s: no quotation after 'line %ld'", code, ln);
        char quote[2048], line[65536];
        snprintf(quote, sizeof quote, "%.*s", (int)(c - o - 3), o + 3);
        plan_line(ln, line, sizeof line);
        if (!strstr(line, quote)) fail_msg("gap target %s: “%s” is not on line %ld", code, quote, ln);
        n++;
    }
    return n;
}

/* Every target and baseline of data/yunnan/targets.csv is found in the shipped plan text on a line its source
 * cites (matched by value and line), and so are the three 2020 levels of data/yunnan/monitored.csv (pension
 * 90%, medical insurance 95%, life expectancy 75.26岁, line 45). What else is found is listed. */
static void test_plan_targets(void **state) {
    (void)state;
    regio_patterns *p = NULL;
    regio_error err;
    if (regio_patterns_load(REGIO_SOURCE_DIR "/data/extract/plan_patterns.csv", &p, &err)) fail_msg("%s", err.en);
    regio_text *t = NULL;
    regio_plan_findings *f = NULL;
    if (regio_text_read(REGIO_SOURCE_DIR "/docs/plan/plan-normalized.txt", REGIO_ENC_AUTO, p, &t, &err) ||
        regio_extract_plan(p, t, 2021, &f, &err))
        fail_msg("%s", err.en);
    regio_table *tg = NULL;
    if (regio_table_read(REGIO_SOURCE_DIR "/data/yunnan/targets.csv", NULL, &tg, &err)) fail_msg("%s", err.en);
    long vcol = regio_table_col(tg, "value"), bcol = regio_table_col(tg, "baseline_value"), scol = regio_table_col(tg, "source");
    long kcol = regio_table_col(tg, "kind");
    int *used = calloc(f->n + 1, sizeof *used);
    size_t targets = 0, baselines = 0, gaps = 0;
    for (size_t i = 0; i < tg->nrows; i++) {
        long lines[8];
        size_t nl = 0;
        for (const char *q = regio_table_cell(tg, i, (size_t)scol); (q = strstr(q, "line ")) && nl < 8; q += 5)
            lines[nl++] = strtol(q + 5, NULL, 10);
        if (strcmp(regio_table_cell(tg, i, (size_t)kcol), "gap") == 0) {
            assert_true(gap_quotes_found(regio_table_cell(tg, i, 0), regio_table_cell(tg, i, (size_t)scol)) >= 2);
            gaps++;
            continue;
        }
        double v = strtod(regio_table_cell(tg, i, (size_t)vcol), NULL);
        if (!plan_has(f, v, lines, nl)) fail_msg("target %s = %g not found on its lines", regio_table_cell(tg, i, 0), v);
        targets++;
        const char *b = regio_table_cell(tg, i, (size_t)bcol);
        if (*b) {
            if (!plan_has(f, strtod(b, NULL), lines, nl)) fail_msg("baseline of %s = %s not found", regio_table_cell(tg, i, 0), b);
            baselines++;
        }
        for (size_t k = 0; k < f->n; k++)
            for (size_t l = 0; l < nl; l++)
                if (f->rows[k].line == lines[l] && (fabs(f->rows[k].value - v) < 1e-9 || (*b && fabs(f->rows[k].value - strtod(b, NULL)) < 1e-9)))
                    used[k] = 1;
    }
    const long l45[] = {45};
    const double monitored[] = {90, 95, 75.26};
    for (size_t i = 0; i < 3; i++) {
        assert_true(plan_has(f, monitored[i], l45, 1));
        for (size_t k = 0; k < f->n; k++)
            if (f->rows[k].line == 45 && fabs(f->rows[k].value - monitored[i]) < 1e-9) used[k] = 1;
    }
    assert_int_equal(targets, 17);
    assert_int_equal(gaps, 4); /* the gap targets: their sentences, checked verbatim above */
    assert_int_equal(baselines, 3);
    size_t extra = 0;
    for (size_t k = 0; k < f->n; k++)
        if (!used[k]) {
            extra++;
            printf("  also found: line %ld %s %s %s %.15g %s (%d)\n", f->rows[k].line, f->rows[k].role, f->rows[k].subject,
                   f->rows[k].comparator, f->rows[k].value, f->rows[k].unit, f->rows[k].year);
        }
    printf("plan: %zu figures, %zu targets and %zu baselines of targets.csv and 3 of monitored.csv found, %zu more\n", f->n,
           targets, baselines, extra);
    /* the 翻一番 of Kunming's industrial investment is a multiple, 1万亿元 is 10000 亿元 */
    int doubling = 0, trillion = 0;
    for (size_t k = 0; k < f->n; k++) {
        if (f->rows[k].line == 122 && strcmp(f->rows[k].unit, "倍") == 0 && f->rows[k].value == 2) doubling = 1;
        if (f->rows[k].line == 134 && strcmp(f->rows[k].unit, "亿元") == 0 && f->rows[k].value == 10000 &&
            strcmp(f->rows[k].unit_printed, "万亿元") == 0 && strcmp(f->rows[k].comparator, ">=") == 0 && f->rows[k].year == 2025)
            trillion = 1;
    }
    assert_true(doubling);
    assert_true(trillion);
    /* 分别高于12%、18%: the second figure has the subject and comparator of the first */
    const regio_plan_finding *a12 = NULL, *a18 = NULL;
    for (size_t k = 0; k < f->n; k++) {
        if (f->rows[k].line == 148 && f->rows[k].value == 12) a12 = &f->rows[k];
        if (f->rows[k].line == 148 && f->rows[k].value == 18) a18 = &f->rows[k];
    }
    assert_non_null(a12);
    assert_non_null(a18);
    assert_string_equal(a18->subject, a12->subject);
    assert_string_equal(a18->comparator, ">=");
    free(used);
    regio_table_free(tg);
    regio_plan_findings_free(f);
    regio_text_free(t);
    regio_patterns_free(p);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalise_and_quote), cmocka_unit_test(test_units_and_signs),
        cmocka_unit_test(test_qualifiers),          cmocka_unit_test(test_repeats_and_gb18030),
        cmocka_unit_test(test_bad_patterns),        cmocka_unit_test(test_fixtures_recall),
        cmocka_unit_test(test_plan_targets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
