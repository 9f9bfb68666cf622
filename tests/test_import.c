/* test_import.c — validated, atomic, traceable import (src/import/import.c, import_long.c, import_wide.c).
 *
 * Each test gets the real Yunnan plan (data/yunnan) saved into a fresh store in its own temporary directory,
 * with tests/fixtures/import/base.csv already imported so that "the store is unchanged" compares a store that
 * holds something. The fixtures are small synthetic files (see tests/fixtures/import/README.md): real region
 * and indicator codes, made-up values. Every number asserted here is the one written in the fixture (times
 * the mapping's scale where there is one), and every problem is pinned to the line and column the file
 * shows. A rejected file must leave the observation and batch tables byte for byte as they were.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <xlsxwriter.h>

#include <dirent.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "regio/hash.h"
#include "regio/import.h"
#include "regio/plan.h"
#include "regio/store.h"
#include "store/store_internal.h" /* regio_store_db: these tests read the SQLite tables */
#include "testutil.h"

#define PLAN_DIR REGIO_SOURCE_DIR "/data/yunnan"
#define FX(name) REGIO_SOURCE_DIR "/tests/fixtures/import/" name
#define SYN "synthetic test input"

typedef struct fx {
    char dir[64];
    char db[128];
    regio_plan *plan;
    regio_store *st;
    int64_t base_batch;
} fx;

static int setup(void **state) {
    fx *f = calloc(1, sizeof *f);
    if (!f) return -1;
    strcpy(f->dir, "/tmp/regio_test_import_XXXXXX");
    if (!mkdtemp(f->dir)) { free(f); return -1; }
    snprintf(f->db, sizeof f->db, "%s/store.db", f->dir);
    regio_error err;
    regio_error_clear(&err);
    regio_import_report *r = NULL;
    if (regio_plan_load_dir(PLAN_DIR, &f->plan, &err) || regio_store_open(f->db, REGIO_STORE_CREATE, &f->st, &err) ||
        regio_store_save_plan(f->st, f->plan, &err) ||
        regio_import_file(f->st, f->plan, FX("base.csv"), NULL, &r, &err)) {
        fprintf(stderr, "setup: %s\n", err.en);
        regio_import_report_free(r);
        regio_store_close(f->st);
        regio_plan_free(f->plan);
        tu_rmdir(f->dir);
        free(f);
        return -1;
    }
    f->base_batch = r->batch;
    regio_import_report_free(r);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fx *f = *state;
    regio_store_close(f->st);
    regio_plan_free(f->plan);
    tu_rmdir(f->dir);
    free(f);
    return 0;
}

/* ---- helpers ---- */

static char *q_dump(regio_store *st, const char *sql) {
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_non_null(out);
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(regio_store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
        fail_msg("prepare %s: %s", sql, sqlite3_errmsg(regio_store_db(st)));
    while (sqlite3_step(s) == SQLITE_ROW) {
        for (int i = 0; i < sqlite3_column_count(s); i++) {
            if (sqlite3_column_type(s, i) == SQLITE_FLOAT) fprintf(out, "%s%.17g", i ? "|" : "", sqlite3_column_double(s, i));
            else {
                const unsigned char *t = sqlite3_column_text(s, i);
                fprintf(out, "%s%s", i ? "|" : "", t ? (const char *)t : "NULL");
            }
        }
        fputc('\n', out);
    }
    sqlite3_finalize(s);
    fclose(out);
    return buf;
}

/* The whole observation and batch tables as text. */
static char *dump_store(regio_store *st) {
    char *o = q_dump(st, "SELECT * FROM observation ORDER BY 1,2,3,6");
    char *b = q_dump(st, "SELECT * FROM batch");
    size_t n = strlen(o) + strlen(b) + 16;
    char *all = malloc(n);
    assert_non_null(all);
    snprintf(all, n, "%s==\n%s", o, b);
    free(o);
    free(b);
    return all;
}

static long long q_int(regio_store *st, const char *sql) {
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(regio_store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
        fail_msg("prepare %s: %s", sql, sqlite3_errmsg(regio_store_db(st)));
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    long long v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

static size_t R(const regio_plan *p, const char *code) {
    long r = regio_plan_region(p, code);
    if (r < 0) fail_msg("region %s not in the plan", code);
    return (size_t)r;
}
static size_t K(const regio_plan *p, const char *code) {
    long k = regio_plan_indicator(p, code);
    if (k < 0) fail_msg("indicator %s not in the plan", code);
    return (size_t)k;
}

static void print_problems(const regio_import_report *r) {
    for (size_t i = 0; r && i < r->nproblems; i++)
        fprintf(stderr, "  problem: line %ld column '%s': %s\n", r->problems[i].line, r->problems[i].column, r->problems[i].en);
}

/* Imports and expects success; returns the report (caller frees). */
static regio_import_report *import_ok(fx *f, const char *path, const regio_import_opts *o) {
    regio_import_report *r = NULL;
    regio_error err;
    regio_error_clear(&err);
    int rc = regio_import_file(f->st, f->plan, path, o, &r, &err);
    if (rc != REGIO_OK) {
        print_problems(r);
        fail_msg("import %s: %d %s", path, rc, err.en);
    }
    assert_non_null(r);
    assert_int_equal(r->nproblems, 0);
    assert_int_equal(r->nproblems_total, 0);
    return r;
}

/* Imports, expects REGIO_EINVAL with nproblems problems and the store unchanged; returns the report. */
static regio_import_report *import_rejected(fx *f, const char *path, const regio_import_opts *o, size_t nproblems) {
    char *before = dump_store(f->st);
    regio_import_report *r = NULL;
    regio_error err;
    regio_error_clear(&err);
    int rc = regio_import_file(f->st, f->plan, path, o, &r, &err);
    if (rc != REGIO_EINVAL) {
        print_problems(r);
        fail_msg("import %s: expected REGIO_EINVAL, got %d (%s)", path, rc, err.en);
    }
    assert_int_equal(err.code, REGIO_EINVAL);
    assert_non_null(r);
    if (r->nproblems_total != nproblems) {
        print_problems(r);
        fail_msg("%s: expected %zu problems, got %zu", path, nproblems, r->nproblems_total);
    }
    assert_int_equal(r->nproblems, nproblems < REGIO_IMPORT_MAX_PROBLEMS ? nproblems : REGIO_IMPORT_MAX_PROBLEMS);
    assert_non_null(strstr(err.en, "nothing was imported"));
    assert_true(err.zh[0] != '\0');
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    assert_non_null(strstr(err.en, base));
    assert_int_equal(r->batch, 0);
    for (size_t i = 0; i < r->nproblems; i++) {
        assert_non_null(r->problems[i].column);
        assert_true(r->problems[i].zh[0] != '\0');
        assert_true(r->problems[i].en[0] != '\0');
    }
    char *after = dump_store(f->st);
    assert_string_equal(before, after);
    free(before);
    free(after);
    return r;
}

/* The problem at line with column; fails when there is none. */
static const regio_import_problem *problem_at(const regio_import_report *r, long line, const char *column) {
    for (size_t i = 0; i < r->nproblems; i++)
        if (r->problems[i].line == line && strcmp(r->problems[i].column, column) == 0) return &r->problems[i];
    print_problems(r);
    fail_msg("no problem at line %ld, column '%s'", line, column);
    return NULL;
}

static void expect_in(const char *hay, const char *needle) {
    if (!strstr(hay, needle)) fail_msg("'%s' not in: %s", needle, hay);
}

static void expect_obs(fx *f, const char *region, const char *ind, int year, double value, int64_t batch, long line) {
    regio_obs_ref ref;
    regio_error err;
    regio_error_clear(&err);
    assert_int_equal(regio_store_current(f->st, f->plan, R(f->plan, region), K(f->plan, ind), year, &ref, &err), REGIO_OK);
    if (!ref.found) fail_msg("no value for %s %s %d", region, ind, year);
    if (ref.value != value) fail_msg("%s %s %d = %.17g, expected %.17g", region, ind, year, ref.value, value);
    assert_int_equal(ref.batch, batch);
    assert_int_equal(ref.line, line);
}

static void expect_no_obs(fx *f, const char *region, const char *ind, int year) {
    regio_obs_ref ref;
    regio_error err;
    regio_error_clear(&err);
    assert_int_equal(regio_store_current(f->st, f->plan, R(f->plan, region), K(f->plan, ind), year, &ref, &err), REGIO_OK);
    if (ref.found) fail_msg("unexpected value for %s %s %d: %g", region, ind, year, ref.value);
}

static void expect_source(fx *f, const char *region, const char *ind, int year, const char *source, const char *file) {
    regio_provenance pv;
    regio_error err;
    regio_error_clear(&err);
    assert_int_equal(regio_store_provenance(f->st, f->plan, R(f->plan, region), K(f->plan, ind), year, &pv, &err), REGIO_OK);
    assert_non_null(pv.source);
    assert_string_equal(pv.source, source);
    if (file) assert_string_equal(pv.file, file);
    regio_provenance_clear(&pv);
}

static void write_file(const char *path, const char *text) {
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fputs(text, fp) >= 0, 1);
    assert_int_equal(fclose(fp), 0);
}

/* ---- long files ---- */

static void test_long_good(void **state) {
    fx *f = *state;
    regio_import_opts o = {.note = "a note for the batch"};
    regio_import_report *r = import_ok(f, FX("long_good.csv"), &o);
    assert_string_equal(r->file, FX("long_good.csv"));
    assert_string_equal(r->encoding, "UTF-8");
    assert_string_equal(r->format, "csv");
    char sha[65];
    regio_error err;
    regio_error_clear(&err);
    assert_int_equal(regio_sha256_file(FX("long_good.csv"), sha, &err), REGIO_OK);
    assert_string_equal(r->sha256, sha);
    assert_true(r->batch > f->base_batch);
    assert_int_equal(r->previous_batch, 0);
    assert_int_equal(r->rows, 5);
    assert_int_equal(r->skipped_empty, 0);
    assert_int_equal(r->superseded, 0);
    assert_string_equal(r->ignored, "");
    int64_t b = r->batch;
    regio_import_report_free(r);

    /* the values and lines as the file writes them */
    expect_obs(f, "530100", "gdp", 2020, 1000.25, b, 2);
    expect_obs(f, "530300", "gdp", 2020, 2000.5, b, 3);
    expect_obs(f, "530000", "gdp", 2020, 12345.75, b, 4); /* "12,345.75" */
    expect_obs(f, "530102", "urban_rate", 2020, 88.5, b, 5);
    expect_obs(f, "530100", "pop", 2019, 850, b, 6);
    expect_source(f, "530102", "urban_rate", 2020, "long_good.csv (" SYN ", with a comma)", FX("long_good.csv"));
    expect_source(f, "530100", "gdp", 2020, "long_good.csv (" SYN ")", FX("long_good.csv"));
    /* base.csv is untouched */
    expect_obs(f, "530000", "gdp", 2015, 9999.5, f->base_batch, 2);
    expect_obs(f, "530100", "pop", 2015, 700.25, f->base_batch, 3);

    regio_batch_list *bl = NULL;
    assert_int_equal(regio_store_batches(f->st, &bl, &err), REGIO_OK);
    assert_int_equal(bl->n, 2);
    assert_int_equal(bl->items[1].id, b);
    assert_string_equal(bl->items[1].file, FX("long_good.csv"));
    assert_string_equal(bl->items[1].sha256, sha);
    assert_string_equal(bl->items[1].format, "csv");
    assert_string_equal(bl->items[1].encoding, "UTF-8");
    assert_string_equal(bl->items[1].note, "a note for the batch");
    assert_int_equal(bl->items[1].rows, 5);
    assert_int_equal(bl->items[1].current, 5);
    regio_batch_list_free(bl);
}

static void test_long_bom_crlf(void **state) {
    fx *f = *state;
    regio_import_report *r = import_ok(f, FX("long_bom.csv"), NULL);
    assert_string_equal(r->encoding, "UTF-8 BOM");
    assert_int_equal(r->rows, 2);
    int64_t b = r->batch;
    regio_import_report_free(r);
    expect_obs(f, "530400", "gdp", 2021, 3000.125, b, 2);
    expect_obs(f, "530500", "pop", 2021, 243.5, b, 3);
    expect_source(f, "530500", "pop", 2021, "long_bom.csv (" SYN ")", NULL); /* no stray \r */
}

static void test_long_gb18030(void **state) {
    fx *f = *state;
    regio_import_report *r = import_ok(f, FX("long_gb18030.csv"), NULL);
    assert_string_equal(r->encoding, "GB18030");
    assert_int_equal(r->rows, 2);
    int64_t b = r->batch;
    regio_import_report_free(r);
    expect_obs(f, "530100", "gdp", 2020, 1000.25, b, 2);
    expect_obs(f, "530600", "pop", 2020, 509.5, b, 3);
    expect_source(f, "530100", "gdp", 2020, "云南省统计局《云南统计年鉴2021》表3-1（合成测试数据）", FX("long_gb18030.csv"));
    expect_source(f, "530600", "pop", 2020, "第七次全国人口普查公报·昭通（合成测试数据，含扩展A区字“㐀”）", NULL);
    regio_batch_list *bl = NULL;
    regio_error err;
    regio_error_clear(&err);
    assert_int_equal(regio_store_batches(f->st, &bl, &err), REGIO_OK);
    assert_string_equal(bl->items[bl->n - 1].encoding, "GB18030");
    regio_batch_list_free(bl);
}

static void test_long_gb18030_forced_utf8(void **state) {
    /* told the file is UTF-8, the reader refuses the GB18030 bytes instead of storing mojibake */
    fx *f = *state;
    char *before = dump_store(f->st);
    regio_import_opts o = {.table = {.encoding = REGIO_ENC_UTF8}};
    regio_import_report *r = NULL;
    regio_error err;
    regio_error_clear(&err);
    assert_int_equal(regio_import_file(f->st, f->plan, FX("long_gb18030.csv"), &o, &r, &err), REGIO_EINVAL);
    expect_in(err.en, "long_gb18030.csv");
    assert_non_null(r);
    assert_int_equal(r->batch, 0);
    regio_import_report_free(r);
    char *after = dump_store(f->st);
    assert_string_equal(before, after);
    free(before);
    free(after);
}

static void test_bad_value(void **state) {
    fx *f = *state;
    /* a store holding more than base.csv, so the dump comparison covers two batches */
    regio_import_report *r = import_ok(f, FX("long_good.csv"), NULL);
    regio_import_report_free(r);
    r = import_rejected(f, FX("long_bad_value.csv"), NULL, 1);
    const regio_import_problem *p = problem_at(r, 4, "value");
    expect_in(p->en, "'abc' is not a number");
    expect_in(p->zh, "abc");
    assert_int_equal(r->rows, 3); /* the three good rows were read */
    regio_import_report_free(r);
    expect_no_obs(f, "530100", "gdp", 2021);
    expect_no_obs(f, "530000", "gdp", 2021);
}

static void test_unknown_region(void **state) {
    fx *f = *state;
    regio_import_report *r = import_rejected(f, FX("long_unknown_region.csv"), NULL, 2);
    expect_in(problem_at(r, 3, "region")->en, "unknown region code '539999'");
    expect_in(problem_at(r, 4, "region")->en, "unknown region code '5301'");
    regio_import_report_free(r);
    expect_no_obs(f, "530100", "gdp", 2020);
}

static void test_unknown_indicator(void **state) {
    fx *f = *state;
    regio_import_report *r = import_rejected(f, FX("long_unknown_indicator.csv"), NULL, 1);
    expect_in(problem_at(r, 2, "indicator")->en, "unknown indicator code 'gdpp'");
    regio_import_report_free(r);
}

static void test_year_range(void **state) {
    fx *f = *state;
    regio_import_report *r = import_rejected(f, FX("long_year_range.csv"), NULL, 3);
    expect_in(problem_at(r, 2, "year")->en, "year 1948 is out of range 1949");
    expect_in(problem_at(r, 3, "year")->en, "year 2101 is out of range");
    expect_in(problem_at(r, 6, "year")->en, "year '20x0' is not an integer");
    assert_int_equal(r->rows, 2); /* 2100 and 1949 are fine */
    regio_import_report_free(r);
}

static void test_bounds(void **state) {
    fx *f = *state;
    regio_import_report *r = import_rejected(f, FX("long_bounds.csv"), NULL, 2);
    const regio_import_problem *p = problem_at(r, 2, "value");
    expect_in(p->en, "value 120 of urban_rate");
    expect_in(p->en, "[0, 100]");
    p = problem_at(r, 3, "value");
    expect_in(p->en, "value -5 of gdp");
    expect_in(p->en, "[0, +∞]");
    assert_int_equal(r->rows, 3); /* 100 and 0 are inside [0, 100]; gdp_growth_real has no bounds */
    regio_import_report_free(r);
}

/* issue 13, item 9: %g printed 100.0000000001 as "value 100 … outside [0, 100]", a message that contradicts
 * itself; the value is printed with as many digits as it takes to be outside the bounds as printed */
static void test_bounds_precision(void **state) {
    fx *f = *state;
    char *dir = tu_tempdir(), path[4200];
    tu_write(dir, "b.csv", "region,indicator,year,value,source\n530100,urban_rate,2020,100.0000000001,synthetic test input\n"
                           "530300,urban_rate,2020,-0.00000001,synthetic test input\n");
    snprintf(path, sizeof path, "%s/b.csv", dir);
    regio_import_report *r = import_rejected(f, path, NULL, 2);
    expect_in(problem_at(r, 2, "value")->en, "value 100.0000000001 of urban_rate is outside the indicator's bounds [0, 100]");
    expect_in(problem_at(r, 3, "value")->en, "value -1e-08 of urban_rate is outside");
    expect_in(problem_at(r, 2, "value")->zh, "值 100.0000000001（urban_rate）超出该指标的有效范围 [0, 100]");
    regio_import_report_free(r);
    tu_rmtree(dir);
}

static void test_percent(void **state) {
    fx *f = *state;
    regio_import_report *r = import_rejected(f, FX("long_percent.csv"), NULL, 1);
    const regio_import_problem *p = problem_at(r, 2, "value");
    expect_in(p->en, "'45%'");
    expect_in(p->en, "% sign");
    expect_in(p->zh, "% 号");
    regio_import_report_free(r);
}

static void test_duplicate_in_file(void **state) {
    fx *f = *state;
    regio_import_report *r = import_rejected(f, FX("long_dup.csv"), NULL, 1);
    /* reported on the later line, naming the earlier one */
    const regio_import_problem *p = &r->problems[0];
    assert_int_equal(p->line, 4);
    expect_in(p->en, "530100 gdp 2020");
    expect_in(p->en, "line 2");
    expect_in(p->zh, "第 2 行");
    regio_import_report_free(r);
}

static void test_duplicate_in_store_and_replace(void **state) {
    fx *f = *state;
    regio_import_report *r = import_ok(f, FX("long_good.csv"), NULL);
    int64_t b1 = r->batch;
    regio_import_report_free(r);

    /* without replace: rejected, naming the batch, line and value already there */
    r = import_rejected(f, FX("long_overlap.csv"), NULL, 1);
    const regio_import_problem *p = &r->problems[0];
    assert_int_equal(p->line, 2);
    char want[64];
    snprintf(want, sizeof want, "(batch %lld, line 2)", (long long)b1);
    expect_in(p->en, want);
    expect_in(p->en, "530100 gdp 2020 = 1000.25");
    expect_in(p->en, "--replace");
    regio_import_report_free(r);

    /* with replace: the new batch supersedes that one key */
    regio_import_opts o = {.replace = 1};
    r = import_ok(f, FX("long_overlap.csv"), &o);
    assert_int_equal(r->superseded, 1);
    assert_int_equal(r->rows, 2);
    int64_t b2 = r->batch;
    assert_true(b2 > b1);
    regio_import_report_free(r);
    expect_obs(f, "530100", "gdp", 2020, 1001.5, b2, 2);
    expect_obs(f, "530400", "gdp", 2020, 1500, b2, 3);
    expect_obs(f, "530300", "gdp", 2020, 2000.5, b1, 3);
    expect_source(f, "530100", "gdp", 2020, "long_overlap.csv (" SYN ")", FX("long_overlap.csv"));

    regio_batch_list *bl = NULL;
    regio_error err;
    regio_error_clear(&err);
    assert_int_equal(regio_store_batches(f->st, &bl, &err), REGIO_OK);
    assert_int_equal(bl->n, 3);
    assert_int_equal(bl->items[1].rows, 5);
    assert_int_equal(bl->items[1].current, 4);
    assert_int_equal(bl->items[2].rows, 2);
    assert_int_equal(bl->items[2].current, 2);
    regio_batch_list_free(bl);

    /* undo restores the superseded value exactly, with its own provenance */
    assert_int_equal(regio_store_undo(f->st, b2, &err), REGIO_OK);
    expect_obs(f, "530100", "gdp", 2020, 1000.25, b1, 2);
    expect_source(f, "530100", "gdp", 2020, "long_good.csv (" SYN ")", FX("long_good.csv"));
    expect_no_obs(f, "530400", "gdp", 2020);

    /* replace with nothing to supersede counts nothing */
    r = import_ok(f, FX("long_bom.csv"), &o);
    assert_int_equal(r->superseded, 0);
    regio_import_report_free(r);
}

static void test_reimport(void **state) {
    fx *f = *state;
    regio_import_report *r = import_ok(f, FX("long_good.csv"), NULL);
    int64_t b1 = r->batch;
    regio_import_report_free(r);

    /* the same bytes again: rejected, naming the batch that has them */
    r = import_rejected(f, FX("long_good.csv"), NULL, 1); /* one problem, not one more per row already stored */
    assert_int_equal(r->previous_batch, b1);
    const regio_import_problem *p = problem_at(r, 0, "");
    char want[64];
    snprintf(want, sizeof want, "already imported as batch %lld", (long long)b1);
    expect_in(p->en, want);
    regio_import_report_free(r);

    /* the same content under another name is the same file */
    char copy[256];
    snprintf(copy, sizeof copy, "%s/renamed.csv", f->dir);
    FILE *in = fopen(FX("long_good.csv"), "rb");
    assert_non_null(in);
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, in);
    fclose(in);
    buf[n] = '\0';
    write_file(copy, buf);
    r = import_rejected(f, copy, NULL, 1);
    assert_int_equal(r->previous_batch, b1);
    regio_import_report_free(r);

    /* skip_if_imported: not an error, nothing written, the earlier batch named */
    char *before = dump_store(f->st);
    regio_import_opts o = {.skip_if_imported = 1};
    r = import_ok(f, FX("long_good.csv"), &o);
    assert_int_equal(r->previous_batch, b1);
    assert_int_equal(r->batch, 0);
    assert_int_equal(r->rows, 0);
    regio_import_report_free(r);
    char *after = dump_store(f->st);
    assert_string_equal(before, after);
    free(before);
    free(after);

    /* after undo the file can come in again */
    regio_error err;
    regio_error_clear(&err);
    assert_int_equal(regio_store_undo(f->st, b1, &err), REGIO_OK);
    r = import_ok(f, FX("long_good.csv"), NULL);
    assert_int_equal(r->previous_batch, 0);
    assert_true(r->batch > b1);
    regio_import_report_free(r);
}

static void test_half_written_row(void **state) {
    fx *f = *state;
    regio_import_report *r = import_rejected(f, FX("long_half_row.csv"), NULL, 1);
    const regio_import_problem *p = problem_at(r, 4, "");
    expect_in(p->en, "expected 5 fields, found only 3");
    expect_in(p->en, "half-written");
    regio_import_report_free(r);
}

static void test_unterminated_quote(void **state) {
    fx *f = *state;
    char *before = dump_store(f->st);
    regio_import_report *r = NULL;
    regio_error err;
    regio_error_clear(&err);
    assert_int_equal(regio_import_file(f->st, f->plan, FX("long_unterminated.csv"), NULL, &r, &err), REGIO_EINVAL);
    expect_in(err.en, "long_unterminated.csv:4");
    expect_in(err.en, "unterminated");
    assert_non_null(r); /* the file could be opened, so there is a report */
    assert_int_equal(r->batch, 0);
    regio_import_report_free(r);
    char *after = dump_store(f->st);
    assert_string_equal(before, after);
    free(before);
    free(after);
}

static void test_source_column(void **state) {
    fx *f = *state;
    /* no source column and no opts.source */
    regio_import_report *r = import_rejected(f, FX("long_no_source.csv"), NULL, 1);
    expect_in(problem_at(r, 1, "source")->en, "no source column");
    regio_import_report_free(r);
    /* opts.source supplies it */
    regio_import_opts o = {.source = "given on the command line (" SYN ")"};
    r = import_ok(f, FX("long_no_source.csv"), &o);
    assert_int_equal(r->rows, 2);
    int64_t b = r->batch;
    regio_import_report_free(r);
    expect_obs(f, "530300", "gdp", 2020, 2000.5, b, 3);
    expect_source(f, "530300", "gdp", 2020, "given on the command line (" SYN ")", NULL);
    expect_source(f, "530100", "gdp", 2020, "given on the command line (" SYN ")", NULL);

    /* an empty source cell is a problem on its line, unless opts.source fills it */
    regio_error err;
    regio_error_clear(&err);
    assert_int_equal(regio_store_undo(f->st, b, &err), REGIO_OK);
    r = import_rejected(f, FX("long_partial_source.csv"), NULL, 1);
    expect_in(problem_at(r, 3, "source")->en, "source is empty");
    regio_import_report_free(r);
    r = import_ok(f, FX("long_partial_source.csv"), &o);
    regio_import_report_free(r);
    expect_source(f, "530100", "gdp", 2020, "long_partial_source.csv (" SYN ")", NULL);
    expect_source(f, "530300", "gdp", 2020, "given on the command line (" SYN ")", NULL);
}

static void test_no_source_reported_once(void **state) {
    /* a missing source column is one problem (on the header), not one more per row, so that the other
     * problems of the file are not crowded out of the list */
    fx *f = *state;
    char path[256];
    snprintf(path, sizeof path, "%s/no_source_bad.csv", f->dir);
    write_file(path, "region,indicator,year,value\n530100,gdp,2020,1\n530300,gdp,2020,x\n530400,gdp,2020,3\n");
    regio_import_report *r = import_rejected(f, path, NULL, 2);
    problem_at(r, 1, "source");
    expect_in(problem_at(r, 3, "value")->en, "'x' is not a number");
    regio_import_report_free(r);
    /* the same for a wide table */
    regio_import_opts o = {.wide = 1, .indicator = "gdp"};
    r = import_rejected(f, FX("wide_years.csv"), &o, 1);
    expect_in(problem_at(r, 1, "source")->en, "no source column");
    regio_import_report_free(r);
}

static void test_extra_column(void **state) {
    fx *f = *state;
    regio_import_report *r = import_rejected(f, FX("long_extra_column.csv"), NULL, 1);
    expect_in(problem_at(r, 1, "comment")->en, "unknown column 'comment'");
    regio_import_report_free(r);
}

static void test_missing_columns_and_empty(void **state) {
    fx *f = *state;
    char path[256];
    /* a wide file given as long: each missing column named, and the extra ones too */
    snprintf(path, sizeof path, "%s/wide_as_long.csv", f->dir);
    write_file(path, "region,2019,2020,source\n530100,1,2,x\n");
    regio_import_report *r = import_rejected(f, path, NULL, 5);
    expect_in(problem_at(r, 1, "indicator")->en, "column 'indicator' is missing");
    expect_in(problem_at(r, 1, "year")->en, "column 'year' is missing");
    expect_in(problem_at(r, 1, "value")->en, "--wide");
    problem_at(r, 1, "2019");
    problem_at(r, 1, "2020");
    regio_import_report_free(r);
    /* a header and nothing else */
    snprintf(path, sizeof path, "%s/header_only.csv", f->dir);
    write_file(path, "region,indicator,year,value,source\n");
    r = import_rejected(f, path, NULL, 1);
    expect_in(problem_at(r, 0, "")->en, "no data rows");
    regio_import_report_free(r);
}

static void test_dry_run(void **state) {
    fx *f = *state;
    char *before = dump_store(f->st);
    regio_import_opts o = {.dry_run = 1};
    regio_import_report *r = import_ok(f, FX("long_good.csv"), &o);
    assert_int_equal(r->batch, 0);
    assert_int_equal(r->rows, 5);
    assert_string_equal(r->encoding, "UTF-8");
    regio_import_report_free(r);
    char *after = dump_store(f->st);
    assert_string_equal(before, after);
    free(after);
    /* a dry run still finds the problems */
    r = import_rejected(f, FX("long_bad_value.csv"), &o, 1);
    problem_at(r, 4, "value");
    regio_import_report_free(r);
    after = dump_store(f->st);
    assert_string_equal(before, after);
    free(before);
    free(after);
}

static void test_many_problems(void **state) {
    fx *f = *state;
    char path[256];
    snprintf(path, sizeof path, "%s/many.csv", f->dir);
    size_t nbad = REGIO_IMPORT_MAX_PROBLEMS + 50;
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    assert_non_null(m);
    fputs("region,indicator,year,value,source\n", m);
    for (size_t i = 0; i < nbad; i++) fprintf(m, "53%04zu,gdp,2020,1,%s\n", 9000 + i, SYN); /* 539000... not regions */
    fputs("530100,gdp,2020,1,fine\n", m);
    fclose(m);
    write_file(path, text);
    free(text);
    regio_import_report *r = import_rejected(f, path, NULL, nbad);
    assert_int_equal(r->nproblems, REGIO_IMPORT_MAX_PROBLEMS);
    assert_int_equal(r->nproblems_total, nbad);
    for (size_t i = 0; i < r->nproblems; i++) {
        assert_int_equal(r->problems[i].line, (long)i + 2);
        assert_string_equal(r->problems[i].column, "region");
    }
    regio_error err;
    regio_error_clear(&err);
    regio_import_report_free(r);
    r = NULL;
    assert_int_equal(regio_import_file(f->st, f->plan, path, NULL, &r, &err), REGIO_EINVAL);
    char want[64];
    snprintf(want, sizeof want, "%zu problem(s)", nbad);
    expect_in(err.en, want);
    regio_import_report_free(r);
}

static void test_missing_file(void **state) {
    fx *f = *state;
    regio_import_report *r = NULL;
    regio_error err;
    regio_error_clear(&err);
    int rc = regio_import_file(f->st, f->plan, FX("no_such_file.csv"), NULL, &r, &err);
    assert_int_equal(rc, REGIO_EIO);
    expect_in(err.en, "no_such_file.csv");
    regio_import_report_free(r);
    assert_int_equal(q_int(f->st, "SELECT count(*) FROM batch"), 1);
}

/* ---- wide files ---- */

static void test_wide_years(void **state) {
    fx *f = *state;
    regio_import_opts o = {.wide = 1, .indicator = "gdp", .source = "wide_years.csv (" SYN ")"};
    regio_import_report *r = import_ok(f, FX("wide_years.csv"), &o);
    assert_int_equal(r->rows, 5);
    assert_int_equal(r->skipped_empty, 1); /* 曲靖 2019 "-" */
    assert_string_equal(r->ignored, "name");
    int64_t b = r->batch;
    regio_import_report_free(r);
    expect_obs(f, "530100", "gdp", 2019, 900.5, b, 2);
    expect_obs(f, "530100", "gdp", 2020, 1000.25, b, 2); /* column "2020年" */
    expect_no_obs(f, "530300", "gdp", 2019);
    expect_obs(f, "530300", "gdp", 2020, 2000.5, b, 3);
    expect_obs(f, "530400", "gdp", 2019, 1500, b, 4);
    expect_obs(f, "530400", "gdp", 2020, 1600.75, b, 4);
    expect_source(f, "530400", "gdp", 2019, "wide_years.csv (" SYN ")", FX("wide_years.csv"));
}

static void test_wide_total_row(void **state) {
    /* a yearbook's 合计 row (no region code): one problem for the row, not one per year column */
    fx *f = *state;
    regio_import_opts o = {.wide = 1, .indicator = "gdp", .source = "wide_total_row.csv (" SYN ")"};
    regio_import_report *r = import_rejected(f, FX("wide_total_row.csv"), &o, 1);
    expect_in(problem_at(r, 3, "region")->en, "'合计' is a total row, not a region");
    regio_import_report_free(r);
}

static void test_wide_needs_a_map(void **state) {
    fx *f = *state;
    regio_import_opts o = {.wide = 1, .source = "x"};
    regio_import_report *r = NULL;
    regio_error err;
    regio_error_clear(&err);
    char *before = dump_store(f->st);
    /* year columns with no indicator anywhere (header, title, --indicator): each refused, saying how to fix it */
    assert_int_equal(regio_import_file(f->st, f->plan, FX("wide_years.csv"), &o, &r, &err), REGIO_EINVAL);
    assert_int_equal(r->nproblems, 2);
    expect_in(problem_at(r, 1, "C")->en, "column C '2019' holds figures but its header names no indicator");
    expect_in(problem_at(r, 1, "D")->en, "give --indicator");
    regio_import_report_free(r);
    /* an unknown indicator given for the columns is a problem on each cell, not a crash */
    o.indicator = "gdpp";
    r = import_rejected(f, FX("wide_years.csv"), &o, 5);
    expect_in(problem_at(r, 2, "2019")->en, "unknown indicator code 'gdpp'");
    regio_import_report_free(r);
    char *after = dump_store(f->st);
    assert_string_equal(before, after);
    free(before);
    free(after);
}

static void test_wide_indicators(void **state) {
    fx *f = *state;
    regio_import_opts o = {.wide = 1, .year = 2020};
    regio_import_report *r = import_ok(f, FX("wide_indicators.csv"), &o);
    assert_int_equal(r->rows, 3);
    assert_int_equal(r->skipped_empty, 1); /* 曲靖 pop "…" */
    assert_string_equal(r->ignored, "");
    int64_t b = r->batch;
    regio_import_report_free(r);
    expect_obs(f, "530100", "gdp", 2020, 1000.25, b, 2);
    expect_obs(f, "530100", "pop", 2020, 850.5, b, 2);
    expect_obs(f, "530300", "gdp", 2020, 2000.5, b, 3);
    expect_no_obs(f, "530300", "pop", 2020);
    expect_source(f, "530300", "gdp", 2020, "wide_indicators.csv (" SYN ")", NULL);
}

static void test_wide_unknown_column_is_an_error(void **state) {
    /* issue 13, item 1: with --year, a column headed by a typo (gpd) used to be dropped with exit 0 as an
     * "ignored column"; a column with figures that maps to nothing is now a problem, with the nearest code */
    fx *f = *state;
    char path[256];
    snprintf(path, sizeof path, "%s/typo.csv", f->dir);
    write_file(path, "code,name,gpd,pop\n530100,昆明市,1000.25,850.5\n530300,曲靖市,2000.5,-\n");
    regio_import_opts o = {.wide = 1, .year = 2020, .source = SYN};
    char *before = dump_store(f->st);
    regio_import_report *r = import_rejected(f, path, &o, 1);
    const regio_import_problem *p = problem_at(r, 1, "gpd");
    assert_string_equal(p->en, "column C 'gpd' holds figures but is no indicator code or name — did you mean gdp? Correct it, or give --ignore C to leave it out");
    expect_in(p->zh, "第 C 列“gpd”有数字，但不是指标编码或名称——是不是“gdp”？");
    regio_import_report_free(r);
    char *after = dump_store(f->st);
    assert_string_equal(before, after);
    free(before);
    free(after);
    /* with --ignore gpd the rest imports, and the column is listed as ignored */
    o.ignore = "gpd";
    r = import_ok(f, path, &o);
    assert_int_equal(r->rows, 1);
    assert_string_equal(r->ignored, "name, gpd");
    regio_import_report_free(r);
    /* --indicator: a data column whose header is not a year */
    snprintf(path, sizeof path, "%s/typo_year.csv", f->dir);
    write_file(path, "region,2019,2O20\n530100,900.5,1000.25\n");
    regio_import_opts oi = {.wide = 1, .indicator = "gdp", .source = SYN};
    r = import_rejected(f, path, &oi, 1);
    expect_in(problem_at(r, 1, "2O20")->en, "column C '2O20' holds figures but its header is not a year");
    regio_import_report_free(r);
}

static void test_wide_names(void **state) {
    /* regions by name and indicators by name in a wide table keyed by names */
    fx *f = *state;
    char path[256];
    snprintf(path, sizeof path, "%s/names.csv", f->dir);
    write_file(path, "地区,地区生产总值,常住人口\n昆明市,1000.25,850.5\n楚雄州,300,240\n禄丰县,120,35\n");
    regio_import_opts o = {.wide = 1, .year = 2020, .source = SYN};
    regio_import_report *r = import_ok(f, path, &o);
    assert_int_equal(r->rows, 6);
    int64_t b = r->batch;
    regio_import_report_free(r);
    expect_obs(f, "530100", "gdp", 2020, 1000.25, b, 2);
    expect_obs(f, "532300", "pop", 2020, 240, b, 3);
    expect_obs(f, "532302", "gdp", 2020, 120, b, 4); /* 禄丰县 → 禄丰市 (region_aliases.csv) */
}

/* ---- yearbook tables as published (import_yearbook.c) ---- */

/* A yearbook-shaped workbook, as the provincial yearbooks print their tables (synthetic figures): a title row
 * merged across the table, a 单位 row, a two-row header whose "地区" is merged down two rows and whose
 * "地区生产总值" is merged over its two year columns, a 全省 total row, regions by name (one padded the way
 * yearbooks align names, one former name), a placeholder, and two footnotes. bad_name replaces 禄劝's name. */
static void write_yearbook_xlsx(const char *path, const char *bad_name) {
    lxw_workbook *wb = workbook_new(path);
    assert_non_null(wb);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "表3-5");
    worksheet_merge_range(ws, 0, 0, 0, 3, "表3-5 各州市地区生产总值和常住人口（合成测试数据）", NULL);
    worksheet_write_string(ws, 1, 3, "单位：万元", NULL);
    worksheet_merge_range(ws, 2, 0, 3, 0, "地  区", NULL);
    worksheet_merge_range(ws, 2, 1, 2, 2, "地区生产总值", NULL);
    worksheet_merge_range(ws, 2, 3, 3, 3, "常住人口（万人）", NULL);
    worksheet_write_string(ws, 3, 1, "2019年", NULL);
    worksheet_write_string(ws, 3, 2, "2020年", NULL);
    const char *names[] = {"全省", "昆 明 市", "楚雄州", bad_name ? bad_name : "禄劝彝族苗族自治县", "禄丰县"};
    const double gdp19[] = {23223800, 64758800, 12519000, 1300000, 1900000};
    const double gdp20[] = {24521900, 67337900, 13721600, 1465000, 2081600};
    const double pop[] = {4720.93, 846.01, 241.68, -1, 36.65};
    for (int i = 0; i < 5; i++) {
        worksheet_write_string(ws, (lxw_row_t)(4 + i), 0, names[i], NULL);
        worksheet_write_number(ws, (lxw_row_t)(4 + i), 1, gdp19[i], NULL);
        worksheet_write_number(ws, (lxw_row_t)(4 + i), 2, gdp20[i], NULL);
        if (pop[i] < 0) worksheet_write_string(ws, (lxw_row_t)(4 + i), 3, "…", NULL);
        else worksheet_write_number(ws, (lxw_row_t)(4 + i), 3, pop[i], NULL);
    }
    worksheet_write_string(ws, 10, 0, "注：本表数据为合成测试数据，不是公布值。", NULL);
    worksheet_write_string(ws, 11, 0, "资料来源：regio 测试。", NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

static void test_yearbook_xlsx(void **state) {
    fx *f = *state;
    char path[256];
    snprintf(path, sizeof path, "%s/yearbook.xlsx", f->dir);
    write_yearbook_xlsx(path, NULL);
    /* --year: the population column's header gives no year (yearbooks put it in the title) */
    regio_import_opts o = {.wide = 1, .dry_run = 1, .year = 2020, .source = "yearbook.xlsx (" SYN ")"};
    char *before = dump_store(f->st);
    regio_import_report *r = import_ok(f, path, &o);
    /* the mapping inferred */
    const regio_import_shape *sh = r->shape;
    assert_non_null(sh);
    assert_string_equal(sh->title, "表3-5 各州市地区生产总值和常住人口（合成测试数据）");
    assert_string_equal(sh->unit, "万元");
    assert_int_equal(sh->unit_line, 2);
    assert_int_equal(sh->header_first, 3);
    assert_int_equal(sh->header_last, 4);
    assert_int_equal(sh->data_first, 5);
    assert_int_equal(sh->data_last, 9);
    assert_int_equal(sh->merged, 4);
    assert_int_equal(sh->nfootnotes, 2);
    assert_int_equal(sh->footnotes[0], 11);
    assert_int_equal(sh->ncols, 4);
    assert_string_equal(sh->cols[1].label, "地区生产总值 / 2019年");
    assert_string_equal(sh->cols[1].indicator, "gdp");
    assert_int_equal(sh->cols[1].year, 2019);
    assert_string_equal(sh->cols[1].unit, "万元");
    assert_double_equal(sh->cols[1].scale, 1e-4, 1e-18);
    assert_string_equal(sh->cols[1].note_en, "万元 → 亿元: × 0.0001");
    assert_string_equal(sh->cols[2].indicator, "gdp");
    assert_int_equal(sh->cols[2].year, 2020);
    assert_string_equal(sh->cols[3].indicator, "pop");
    assert_string_equal(sh->cols[3].unit, "万人"); /* the header's own unit beats the 单位 row */
    assert_double_equal(sh->cols[3].scale, 1, 0);
    assert_int_equal(sh->nrows, 5);
    assert_string_equal(sh->rows[0].region, "530000");
    assert_string_equal(sh->rows[0].how_en, "total row → 云南省");
    assert_string_equal(sh->rows[1].region, "530100"); /* "昆 明 市" */
    assert_string_equal(sh->rows[2].region, "532300"); /* 楚雄州 */
    assert_string_equal(sh->rows[3].region, "530128");
    assert_string_equal(sh->rows[4].region, "532302"); /* 禄丰县, the former name */
    /* 5 rows × 3 columns, less the placeholder */
    assert_int_equal(r->rows, 14);
    assert_int_equal(r->skipped_empty, 1);
    assert_non_null(r->values);
    assert_string_equal(r->values[0].region, "530000");
    assert_double_equal(r->values[0].value, 2322.38, 1e-9);
    regio_import_report_free(r);
    char *after = dump_store(f->st);
    assert_string_equal(before, after); /* a dry run writes nothing */
    free(after);
    /* then for real */
    o.dry_run = 0;
    r = import_ok(f, path, &o);
    assert_int_equal(r->rows, 14);
    int64_t b = r->batch;
    regio_import_report_free(r);
    expect_obs(f, "530000", "gdp", 2020, 2452.19, b, 5);
    expect_obs(f, "530100", "gdp", 2019, 6475.88, b, 6);
    expect_obs(f, "532300", "pop", 2020, 241.68, b, 7);
    expect_no_obs(f, "530128", "pop", 2020);
    expect_obs(f, "532302", "gdp", 2020, 208.16, b, 9);
    free(before);
}

static void test_yearbook_unknown_name(void **state) {
    /* one unknown name rejects the whole file, naming the cell and the nearest name */
    fx *f = *state;
    char path[256];
    snprintf(path, sizeof path, "%s/yearbook_bad.xlsx", f->dir);
    write_yearbook_xlsx(path, "禄劝彝族自治县");
    regio_import_opts o = {.wide = 1, .year = 2020, .source = SYN};
    char *before = dump_store(f->st);
    regio_import_report *r = import_rejected(f, path, &o, 1);
    const regio_import_problem *p = problem_at(r, 8, "A");
    assert_string_equal(p->en, "cell A8: unknown region '禄劝彝族自治县' — did you mean 禄劝彝族苗族自治县? (see regio regions)");
    assert_string_equal(p->zh, "单元格 A8：未知的地区“禄劝彝族自治县”——是不是“禄劝彝族苗族自治县”？（见 regio regions）");
    regio_import_report_free(r);
    char *after = dump_store(f->st);
    assert_string_equal(before, after);
    free(before);
    free(after);
}

static void test_yearbook_csv(void **state) {
    /* the same shape exported to CSV: merged cells become a value followed by empty cells; a 合计 row of one
     * prefecture's counties is that prefecture; a column with figures and a misspelt header is an error */
    fx *f = *state;
    char path[256];
    snprintf(path, sizeof path, "%s/yearbook.csv", f->dir);
    write_file(path, "表2 楚雄州各县市主要指标（合成测试数据）,,,\n"
                     "单位:万人,,,\n"
                     "县市,常住人口,,地区生产总值(亿元)\n"
                     ",2019,2020,2020\n"
                     "合计,242.1,241.68,1372.16\n"
                     "其中：楚雄市,,61.2,485.14\n"
                     "禄丰市,36.7,36.65,208.16\n"
                     "注：合成数据。,,,\n");
    regio_import_opts o = {.wide = 1, .source = SYN};
    regio_import_report *r = import_ok(f, path, &o);
    const regio_import_shape *sh = r->shape;
    assert_string_equal(sh->cols[1].label, "常住人口 / 2019");
    assert_string_equal(sh->cols[1].indicator, "pop");
    assert_int_equal(sh->cols[2].year, 2020);
    assert_string_equal(sh->cols[3].indicator, "gdp");
    assert_string_equal(sh->cols[3].unit, "亿元");
    assert_string_equal(sh->rows[0].region, "532300"); /* 合计 of 楚雄州's counties */
    assert_string_equal(sh->rows[1].region, "532301"); /* "其中：楚雄市": the "of which" mark is not the name */
    assert_int_equal(r->rows, 8);
    assert_int_equal(r->skipped_empty, 1);
    int64_t b = r->batch;
    regio_import_report_free(r);
    expect_obs(f, "532300", "pop", 2019, 242.1, b, 5);
    expect_obs(f, "532302", "gdp", 2020, 208.16, b, 7);
    /* a misspelt indicator header with figures below it: refused, with the nearest indicator */
    snprintf(path, sizeof path, "%s/yearbook_typo.csv", f->dir);
    write_file(path, "表3 合成测试数据,,\n地区,地区生产总直,常住人口\n,2021,2021\n昆明市,7000,850\n");
    r = import_rejected(f, path, &o, 1);
    expect_in(problem_at(r, 3, "B")->en, "column B '地区生产总直 / 2021' holds figures but its header names no indicator — did you mean 地区生产总值?");
    regio_import_report_free(r);
    /* a total row whose rows have no one parent is refused, not imported as a region */
    snprintf(path, sizeof path, "%s/yearbook_total.csv", f->dir);
    write_file(path, "表4 合成测试数据,\n地区,2021\n合计,9000\n昆明市,7000\n禄丰市,200\n");
    regio_import_opts oi = {.wide = 1, .indicator = "gdp", .source = SYN};
    r = import_rejected(f, path, &oi, 1);
    expect_in(problem_at(r, 3, "A")->en, "cell A3: total row '合计' sums rows with no one parent region");
    regio_import_report_free(r);
}

static void test_wide_mapping(void **state) {
    fx *f = *state;
    regio_import_opts o = {.wide = 1, .mapping = FX("wide_mapped_map.csv"), .source = "wide_mapped.csv (" SYN ")"};
    regio_import_report *r = import_ok(f, FX("wide_mapped.csv"), &o);
    assert_int_equal(r->rows, 5);
    assert_int_equal(r->skipped_empty, 1); /* 曲靖 城镇化率 "-" */
    assert_string_equal(r->ignored, "地区");
    int64_t b = r->batch;
    regio_import_report_free(r);
    /* 常住人口（人） × 0.0001 = 万人 */
    const double scale = 0.0001;
    expect_obs(f, "530100", "pop", 2020, 8460088 * scale, b, 2);
    expect_obs(f, "530300", "pop", 2020, 5765775 * scale, b, 3);
    regio_obs_ref ref;
    regio_error err;
    regio_error_clear(&err);
    assert_int_equal(regio_store_current(f->st, f->plan, R(f->plan, "530100"), K(f->plan, "pop"), 2020, &ref, &err), REGIO_OK);
    assert_true(fabs(ref.value - 846.0088) < 1e-9);
    /* an empty scale is 1, a scale of 1 is 1 */
    expect_obs(f, "530100", "gdp", 2020, 1000.25, b, 2);
    expect_obs(f, "530300", "gdp", 2020, 2000.5, b, 3);
    expect_obs(f, "530100", "urban_rate", 2020, 79.5, b, 2);
    expect_no_obs(f, "530300", "urban_rate", 2020);
}

static void test_wide_mapping_unknown_column(void **state) {
    fx *f = *state;
    regio_import_opts o = {.wide = 1, .mapping = FX("wide_mapped_badmap.csv"), .source = SYN};
    regio_import_report *r = import_rejected(f, FX("wide_mapped.csv"), &o, 3);
    const regio_import_problem *p = problem_at(r, 0, "户籍人口（人）");
    expect_in(p->en, "wide_mapped_badmap.csv line 3");
    expect_in(p->en, "the table has no column '户籍人口（人）'");
    /* and the columns with figures that the mapping leaves out are not dropped silently (issue 13, item 1) */
    expect_in(problem_at(r, 1, "地区生产总值（亿元）")->en,
              "column D '地区生产总值（亿元）' holds figures but the mapping file does not map it; map it, or give --ignore D");
    expect_in(problem_at(r, 1, "城镇化率（%）")->zh, "第 E 列“城镇化率（%）”有数字，但映射文件没有映射它");
    regio_import_report_free(r);
    /* --ignore by letter and by header text leaves them out on purpose */
    o.ignore = "D,城镇化率（%）";
    r = import_rejected(f, FX("wide_mapped.csv"), &o, 1);
    problem_at(r, 0, "户籍人口（人）");
    regio_import_report_free(r);
    o.ignore = NULL;

    /* a mapping none of whose columns is in the table: said as such, not as "no column is headed by ..." */
    char map[256];
    snprintf(map, sizeof map, "%s/map.csv", f->dir);
    write_file(map, "column,indicator,year,scale\n户籍人口（人）,pop_registered,2020,0.0001\n");
    o.mapping = map;
    r = import_rejected(f, FX("wide_mapped.csv"), &o, 5);
    expect_in(problem_at(r, 0, "户籍人口（人）")->en, "map.csv line 2");
    expect_in(problem_at(r, 1, "")->en, "the mapping file maps no column of the table");
    regio_import_report_free(r);
}

/* ---- xlsx ---- */

static void test_xlsx(void **state) {
    fx *f = *state;
    /* the bad one first: it holds the same keys as the good one */
    regio_import_report *r = import_rejected(f, FX("long_bad.xlsx"), NULL, 1);
    expect_in(problem_at(r, 5, "value")->en, "'abc' is not a number");
    assert_string_equal(r->format, "xlsx");
    regio_import_report_free(r);

    r = import_ok(f, FX("long_good.xlsx"), NULL);
    assert_string_equal(r->format, "xlsx");
    assert_string_equal(r->encoding, "XLSX");
    assert_int_equal(r->rows, 3);
    int64_t b = r->batch;
    regio_import_report_free(r);
    /* numeric cells for codes, years and values; lines are sheet rows (the third row is on sheet row 6) */
    expect_obs(f, "530100", "gdp", 2020, 1000.25, b, 2);
    expect_obs(f, "530300", "gdp", 2020, 2000.5, b, 3);
    expect_obs(f, "530700", "pop", 2020, 125.5, b, 6);
    expect_source(f, "530700", "pop", 2020, "long_good.xlsx (" SYN ")", FX("long_good.xlsx"));
}

int main(void) {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_long_good),         T(test_long_bom_crlf),
        T(test_long_gb18030),      T(test_long_gb18030_forced_utf8),
        T(test_bad_value),         T(test_unknown_region),
        T(test_unknown_indicator), T(test_year_range),
        T(test_bounds), T(test_bounds_precision),            T(test_percent),
        T(test_duplicate_in_file), T(test_duplicate_in_store_and_replace),
        T(test_reimport),          T(test_half_written_row),
        T(test_unterminated_quote), T(test_source_column),
        T(test_no_source_reported_once),
        T(test_extra_column),      T(test_missing_columns_and_empty),
        T(test_dry_run),           T(test_many_problems),
        T(test_missing_file),      T(test_wide_years),
        T(test_wide_total_row),
        T(test_wide_needs_a_map),  T(test_wide_indicators),
        T(test_wide_mapping),      T(test_wide_mapping_unknown_column),
        T(test_wide_unknown_column_is_an_error), T(test_wide_names),
        T(test_yearbook_xlsx),     T(test_yearbook_unknown_name), T(test_yearbook_csv),
        T(test_xlsx),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
