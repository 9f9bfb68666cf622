/* test_render.c — the grid writers and their helpers (src/render).
 *
 * Output is what users and scripts see, so these tests pin the exact bytes of small tables and CSV files,
 * check table alignment by display width (measured the same way a terminal draws Chinese), parse the JSON
 * back with jansson, and make sure a failing stream is reported instead of being ignored.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "regio/json_out.h"
#include "regio/render.h"

/* Runs one writer into memory and returns the bytes (caller frees). */
static char *render(const regio_grid *g, regio_format fmt, const char *title) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    regio_error err;
    regio_error_clear(&err);
    assert_int_equal(regio_grid_write(g, fmt, title, f, &err), REGIO_OK);
    assert_int_equal(fclose(f), 0);
    return buf;
}

static void test_width(void **state) {
    (void)state;
    assert_int_equal(regio_text_width(NULL), 0);
    assert_int_equal(regio_text_width(""), 0);
    assert_int_equal(regio_text_width("abc"), 3);
    assert_int_equal(regio_text_width("滇中"), 4);
    assert_int_equal(regio_text_width("滇中ab"), 6);
    assert_int_equal(regio_text_width("GDP（亿元）"), 11);  /* fullwidth brackets are wide */
    assert_int_equal(regio_text_width("—"), 1);            /* ambiguous: narrow */
    assert_int_equal(regio_text_width("─"), 1);
    assert_int_equal(regio_text_width("\xF0\x9F\x98\x80"), 2); /* 😀 */
    assert_int_equal(regio_text_width("e\xCC\x81"), 1);     /* e + combining acute */
    assert_int_equal(regio_text_width("\xFF\xFE"), 2);      /* invalid bytes: 1 each */
    assert_int_equal(regio_text_width("a\xE4\xB8"), 3);     /* truncated 中 */
    assert_int_equal(regio_text_width("\xED\xA0\x80"), 3);  /* encoded surrogate is invalid */
}

static void expect_num(double v, int decimals, const char *want) {
    char buf[128];
    regio_format_number(v, decimals, buf, sizeof buf);
    assert_string_equal(buf, want);
}

static void test_format_number(void **state) {
    (void)state;
    expect_num(1234.5, 2, "1234.50");
    expect_num(3.14159, 0, "3");
    expect_num(-2.25, 1, "-2.2"); /* -2.25 is exact; printf rounds half to even */
    expect_num(-0.0, 2, "0.00");
    expect_num(-0.001, 2, "0.00");
    expect_num(-0.006, 2, "-0.01");
    expect_num(-0.0, -1, "0");
    expect_num(0.0, -1, "0");
    expect_num(1e20, 0, "100000000000000000000");
    expect_num(123456789012.5, 1, "123456789012.5");
    expect_num(0.1, -1, "0.1");
    expect_num(1e-300, -1, "1e-300");
    expect_num(0.1 + 0.2, -1, "0.30000000000000004");
    expect_num(1.0 / 3.0, -1, "0.3333333333333333");
    expect_num(5, -1, "5");
    expect_num(-1.5e15, -1, "-1.5e+15");
    expect_num(NAN, 2, "");
    expect_num(NAN, -1, "");
    expect_num(INFINITY, 2, "inf");
    expect_num(-INFINITY, -1, "-inf");

    const double vals[] = {0.1, 2.0 / 3.0, 1e-300, 5e-324, 1.7976931348623157e308, 123456.789, -98765.4321e-7};
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        char buf[64];
        regio_format_number(vals[i], -1, buf, sizeof buf);
        assert_true(strtod(buf, NULL) == vals[i]);
    }

    char small[4];
    regio_format_number(1234.5, 2, small, sizeof small);
    assert_string_equal(small, "123"); /* truncated, never overflowed */
}

/* Even where the locale writes a decimal comma, numbers keep '.'. */
static void test_format_number_locale(void **state) {
    (void)state;
    const char *names[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "ru_RU.UTF-8"};
    const char *got = NULL;
    for (size_t i = 0; i < 4 && !got; i++) got = setlocale(LC_NUMERIC, names[i]);
    if (!got) skip();
    expect_num(1234.5, 2, "1234.50");
    expect_num(0.1, -1, "0.1");
    expect_num(0.1 + 0.2, -1, "0.30000000000000004");
    setlocale(LC_NUMERIC, "C");
}

static void test_format_parse(void **state) {
    (void)state;
    regio_format f = REGIO_FMT_JSON;
    regio_error err;
    assert_int_equal(regio_format_parse("table", &f, &err), REGIO_OK);
    assert_int_equal(f, REGIO_FMT_TABLE);
    assert_int_equal(regio_format_parse("CSV", &f, &err), REGIO_OK);
    assert_int_equal(f, REGIO_FMT_CSV);
    assert_int_equal(regio_format_parse("Json", &f, &err), REGIO_OK);
    assert_int_equal(f, REGIO_FMT_JSON);
    const char *bad[] = {"xml", "tab", "tablex", "", "json "};
    for (size_t i = 0; i < 5; i++) {
        regio_error_clear(&err);
        assert_int_equal(regio_format_parse(bad[i], &f, &err), REGIO_EINVAL);
        assert_int_equal(err.code, REGIO_EINVAL);
        assert_non_null(strstr(err.en, "unknown output format"));
        assert_non_null(strstr(err.zh, "未知的输出格式"));
    }
    regio_format_parse("xml", &f, &err);
    assert_string_equal(err.en, "unknown output format 'xml' (use table, csv, json or md)");
    assert_string_equal(err.zh, "未知的输出格式 “xml”（可用：table、csv、json、md）");
    assert_int_equal(regio_format_parse("md", &f, &err), REGIO_OK);
    assert_int_equal(f, REGIO_FMT_MARKDOWN);
    assert_int_equal(regio_format_parse(NULL, &f, NULL), REGIO_EINVAL);
}

/* Markdown: header of labels, right-aligned number columns, pipes escaped, null as an em dash. */
static void test_markdown_exact(void **state) {
    (void)state;
    const regio_column cols[] = {{"name", "名称", REGIO_COL_TEXT, 0}, {"v", "数值", REGIO_COL_NUM, 1}};
    regio_grid *g = regio_grid_new(cols, 2);
    regio_grid_add_row(g);
    regio_grid_set_text(g, 0, 0, "a|b");
    regio_grid_set_num(g, 0, 1, 2.25);
    regio_grid_add_row(g);
    regio_grid_set_text(g, 1, 0, "滇中");
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    regio_error err;
    assert_int_equal(regio_grid_write(g, REGIO_FMT_MARKDOWN, "T", f, &err), REGIO_OK);
    fclose(f);
    assert_string_equal(buf, "**T**\n\n| 名称 | 数值 |\n|---|---:|\n| a\\|b | 2.2 |\n| 滇中 | — |\n");
    free(buf);
    regio_grid_free(g);
}

static void test_table_exact(void **state) {
    (void)state;
    const regio_column cols[] = {{"name", "名称", REGIO_COL_TEXT, 0}, {"v", "数值", REGIO_COL_NUM, 2}};
    regio_grid *g = regio_grid_new(cols, 2);
    assert_non_null(g);
    long r = regio_grid_add_row(g);
    regio_grid_set_text(g, (size_t)r, 0, "滇中");
    regio_grid_set_num(g, (size_t)r, 1, 1.5);
    r = regio_grid_add_row(g);
    regio_grid_set_text(g, (size_t)r, 0, "a");
    r = regio_grid_add_row(g);
    regio_grid_set_num(g, (size_t)r, 1, -0.001);
    char *out = render(g, REGIO_FMT_TABLE, "测试");
    assert_string_equal(out, "测试\n"
                             "名称  数值\n"
                             "────  ────\n"
                             "滇中  1.50\n"
                             "a        —\n"
                             "—     0.00\n");
    free(out);
    out = render(g, REGIO_FMT_TABLE, NULL);
    assert_string_equal(out, "名称  数值\n────  ────\n滇中  1.50\na        —\n—     0.00\n");
    free(out);
    regio_grid_free(g);
}

/* Text columns last: no trailing spaces; control characters print as spaces. */
static void test_table_trailing(void **state) {
    (void)state;
    const regio_column cols[] = {{"n", NULL, REGIO_COL_INT, 0}, {"note", "备注", REGIO_COL_TEXT, 0}};
    regio_grid *g = regio_grid_new(cols, 2);
    regio_grid_set_int(g, (size_t)regio_grid_add_row(g), 1, 0); /* an integer in a text column: left */
    long r = regio_grid_add_row(g);
    regio_grid_set_int(g, (size_t)r, 0, 12);
    regio_grid_set_text(g, (size_t)r, 1, "a\tb  ");
    char *out = render(g, REGIO_FMT_TABLE, "title  ");
    assert_string_equal(out, "title\n"
                             " n  备注\n"
                             "──  ─────\n" /* the cell "a\tb  " is five wide */
                             " —  0\n"
                             "12  a b\n");
    free(out);
    regio_grid_free(g);
}

/* Splits s into lines (modifies s); returns the count. */
static size_t split_lines(char *s, char **lines, size_t max) {
    size_t n = 0;
    for (char *p = s; *p && n < max; n++) {
        lines[n] = p;
        char *nl = strchr(p, '\n');
        assert_non_null(nl); /* every line ends in LF */
        *nl = '\0';
        p = nl + 1;
    }
    return n;
}

/* Display width of line up to the end of the first occurrence of cell at or after *from. */
static size_t end_of(const char *line, const char **from, const char *cell) {
    const char *at = strstr(*from, cell);
    assert_non_null(at);
    *from = at + strlen(cell);
    size_t len = (size_t)(*from - line);
    char *prefix = strndup(line, len);
    size_t w = regio_text_width(prefix);
    free(prefix);
    return w;
}

static void test_table_alignment(void **state) {
    (void)state;
    const regio_column cols[] = {{"region", "地区", REGIO_COL_TEXT, 0},
                                 {"pop", "人口（万人）", REGIO_COL_INT, 0},
                                 {"gdp", "GDP", REGIO_COL_NUM, 1},
                                 {"note", NULL, REGIO_COL_TEXT, 0}};
    struct { const char *region; long long pop; int has_pop; double gdp; const char *note; } rows[] = {
        {"滇中", 1234, 1, 5678.91, "首府"},
        {"Kunming", 8, 1, NAN, NULL},
        {"红河哈尼族彝族自治州", 0, 0, -3.25, "e\xCC\x81\xF0\x9F\x98\x80"},
        {"a", -42, 1, 1e9, ""},
    };
    const char *pop_txt[] = {"1234", "8", "—", "-42"}, *gdp_txt[] = {"5678.9", "—", "-3.2", "1000000000.0"};
    const char *note_txt[] = {"首府", "—", "e\xCC\x81\xF0\x9F\x98\x80", ""};
    regio_grid *g = regio_grid_new(cols, 4);
    for (size_t i = 0; i < 4; i++) {
        long r = regio_grid_add_row(g);
        assert_int_equal(r, (long)i);
        regio_grid_set_text(g, i, 0, rows[i].region);
        if (rows[i].has_pop) regio_grid_set_int(g, i, 1, rows[i].pop);
        regio_grid_set_num(g, i, 2, rows[i].gdp);
        regio_grid_set_text(g, i, 3, rows[i].note);
    }
    char *out = render(g, REGIO_FMT_TABLE, "云南省 2023");
    char *lines[16] = {0};
    size_t n = split_lines(out, lines, 16);
    assert_int_equal(n, 7);
    assert_string_equal(lines[0], "云南省 2023");
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(lines[i]);
        assert_true(len > 0 && lines[i][len - 1] != ' ');
    }
    const size_t w0 = 20, w1 = 12, w2 = 12; /* 红河哈尼族彝族自治州, 人口（万人）, 1000000000.0 */
    const size_t end1 = w0 + 2 + w1, end2 = end1 + 2 + w2, start3 = end2 + 2;
    /* header */
    const char *from = lines[1];
    assert_int_equal(end_of(lines[1], &from, "地区"), 4);
    assert_int_equal(end_of(lines[1], &from, "人口（万人）"), end1);
    assert_int_equal(end_of(lines[1], &from, "GDP"), end2);
    assert_int_equal(end_of(lines[1], &from, "note"), start3 + 4);
    assert_int_equal(regio_text_width(lines[2]), start3 + 4); /* separator spans every column */
    for (size_t i = 0; i < 4; i++) {
        const char *line = lines[3 + i];
        from = line;
        assert_int_equal(end_of(line, &from, rows[i].region), regio_text_width(rows[i].region));
        assert_int_equal(end_of(line, &from, pop_txt[i]), end1);
        assert_int_equal(end_of(line, &from, gdp_txt[i]), end2);
        if (*note_txt[i]) assert_int_equal(end_of(line, &from, note_txt[i]), start3 + regio_text_width(note_txt[i]));
        else assert_int_equal(regio_text_width(line), end2);
    }
    free(out);
    regio_grid_free(g);
}

static void test_csv(void **state) {
    (void)state;
    const regio_column cols[] = {{"name", "名称", REGIO_COL_TEXT, 0},
                                 {"a,b", NULL, REGIO_COL_INT, 0},
                                 {"v", NULL, REGIO_COL_NUM, 1},
                                 {"ok", NULL, REGIO_COL_BOOL, 0}};
    const char *names[] = {"plain", "has,comma", "say \"hi\"", "line\nbreak", "cr\rx", " lead", "trail ", "", NULL, "滇中"};
    regio_grid *g = regio_grid_new(cols, 4);
    for (size_t i = 0; i < 10; i++) {
        regio_grid_add_row(g);
        regio_grid_set_text(g, i, 0, names[i]);
    }
    regio_grid_set_int(g, 0, 1, -7);
    regio_grid_set_num(g, 0, 2, 2.25);
    regio_grid_set_num(g, 1, 2, -0.04);
    regio_grid_set_bool(g, 0, 3, 1);
    regio_grid_set_bool(g, 1, 3, 0);
    char *out = render(g, REGIO_FMT_CSV, "ignored title");
    assert_string_equal(out, "name,\"a,b\",v,ok\n"
                             "plain,-7,2.2,true\n"
                             "\"has,comma\",,0.0,false\n"
                             "\"say \"\"hi\"\"\",,,\n"
                             "\"line\nbreak\",,,\n"
                             "\"cr\rx\",,,\n"
                             "\" lead\",,,\n"
                             "\"trail \",,,\n"
                             "\"\",,,\n"
                             ",,,\n"
                             "滇中,,,\n");
    free(out);

    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(regio_grid_write_csv_bom(g, f, NULL), REGIO_OK);
    fclose(f);
    assert_memory_equal(buf, "\xEF\xBB\xBFname,", 8);
    free(buf);
    regio_grid_free(g);
}

static void test_json(void **state) {
    (void)state;
    const regio_column cols[] = {{"name_zh", "名称", REGIO_COL_TEXT, 0},
                                 {"pop", NULL, REGIO_COL_INT, 0},
                                 {"gdp", NULL, REGIO_COL_NUM, 1},
                                 {"capital", NULL, REGIO_COL_BOOL, 0},
                                 {"指标", NULL, REGIO_COL_NUM, -1}};
    regio_grid *g = regio_grid_new(cols, 5);
    regio_grid_add_row(g);
    regio_grid_set_text(g, 0, 0, "滇中城市群");
    regio_grid_set_int(g, 0, 1, 9007199254740993LL);
    regio_grid_set_num(g, 0, 2, 0.1);
    regio_grid_set_bool(g, 0, 3, 1);
    regio_grid_set_num(g, 0, 4, 3.0);
    regio_grid_add_row(g);
    regio_grid_set_text(g, 1, 0, "bad\xFF");
    regio_grid_set_num(g, 1, 2, INFINITY);
    regio_grid_set_num(g, 1, 4, -0.0);
    char *out = render(g, REGIO_FMT_JSON, "ignored");
    assert_non_null(strstr(out, "\"滇中城市群\"")); /* not \u escaped */
    assert_non_null(strstr(out, "\n  {\n    \"name_zh\""));  /* two-space indent */
    size_t len = strlen(out);
    assert_true(len > 2 && out[len - 1] == '\n' && out[len - 2] == ']');

    json_error_t jerr;
    json_t *root = json_loads(out, 0, &jerr);
    assert_non_null(root);
    assert_true(json_is_array(root));
    assert_int_equal(json_array_size(root), 2);
    json_t *o = json_array_get(root, 0);
    assert_int_equal(json_object_size(o), 5);
    void *it = json_object_iter(o);
    for (size_t j = 0; j < 5; j++, it = json_object_iter_next(o, it)) assert_string_equal(json_object_iter_key(it), cols[j].key);
    assert_string_equal(json_string_value(json_object_get(o, "name_zh")), "滇中城市群");
    assert_true(json_is_integer(json_object_get(o, "pop")));
    assert_true(json_integer_value(json_object_get(o, "pop")) == 9007199254740993LL);
    assert_true(json_is_real(json_object_get(o, "gdp")));
    assert_true(json_real_value(json_object_get(o, "gdp")) == 0.1);
    assert_true(json_is_true(json_object_get(o, "capital")));
    assert_true(json_is_real(json_object_get(o, "指标")));
    assert_true(json_real_value(json_object_get(o, "指标")) == 3.0);
    o = json_array_get(root, 1);
    assert_string_equal(json_string_value(json_object_get(o, "name_zh")), "bad\xEF\xBF\xBD");
    assert_true(json_is_null(json_object_get(o, "pop")));
    assert_true(json_is_null(json_object_get(o, "gdp")));
    assert_true(json_is_null(json_object_get(o, "capital")));
    assert_true(json_is_real(json_object_get(o, "指标")));
    assert_false(signbit(json_real_value(json_object_get(o, "指标"))));
    json_decref(root);
    free(out);
    regio_grid_free(g);
}

static void test_json_helpers(void **state) {
    (void)state;
    json_t *v = regio_json_num(NAN);
    assert_true(json_is_null(v));
    json_decref(v);
    v = regio_json_num(-INFINITY);
    assert_true(json_is_null(v));
    json_decref(v);
    v = regio_json_num(2.5);
    assert_true(json_is_real(v) && json_real_value(v) == 2.5);
    json_decref(v);

    regio_error err;
    assert_int_equal(regio_json_dump(NULL, stdout, &err), REGIO_EINTERNAL);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    json_t *root = json_pack("{s:s, s:o}", "地区", "滇中", "x", regio_json_num(1.5));
    assert_int_equal(regio_json_dump(root, f, &err), REGIO_OK);
    fclose(f);
    assert_string_equal(buf, "{\n  \"地区\": \"滇中\",\n  \"x\": 1.5\n}\n");
    free(buf);
    json_decref(root);
}

static void test_nulls_and_types(void **state) {
    (void)state;
    const regio_column cols[] = {{"t", NULL, REGIO_COL_TEXT, 0}, {"n", NULL, REGIO_COL_NUM, 2}};
    regio_grid *g = regio_grid_new(cols, 2);
    assert_int_equal(regio_grid_cols(g), 2);
    assert_string_equal(regio_grid_column(g, 1)->key, "n");
    assert_null(regio_grid_column(g, 2));
    regio_grid_add_row(g);
    assert_true(regio_grid_cell(g, 0, 0)->null);
    regio_grid_set_text(g, 0, 0, "x");
    assert_false(regio_grid_cell(g, 0, 0)->null);
    regio_grid_set_text(g, 0, 0, NULL); /* overwrite with null frees the old text */
    assert_true(regio_grid_cell(g, 0, 0)->null);
    regio_grid_set_num(g, 0, 1, 1.0);
    regio_grid_set_num(g, 0, 1, NAN);
    assert_true(regio_grid_cell(g, 0, 1)->null);
    regio_grid_set_text(g, 5, 0, "out of range");
    regio_grid_set_num(g, 0, 9, 1.0);
    assert_null(regio_grid_cell(g, 1, 0));
    assert_null(regio_grid_cell(g, 0, 2));
    regio_grid_add_row(g);
    regio_grid_set_num(g, 1, 0, 0.1); /* a number in a text column: shortest form */
    regio_grid_set_int(g, 1, 1, 5);   /* an integer in a number column: as an integer */
    char *out = render(g, REGIO_FMT_CSV, NULL);
    assert_string_equal(out, "t,n\n,\n0.1,5\n");
    free(out);
    out = render(g, REGIO_FMT_TABLE, NULL);
    assert_string_equal(out, "t    n\n───  ─\n—    —\n0.1  5\n");
    free(out);
    regio_grid_free(g);

    g = regio_grid_new(cols, 2); /* no rows */
    out = render(g, REGIO_FMT_JSON, NULL);
    assert_string_equal(out, "[]\n");
    free(out);
    out = render(g, REGIO_FMT_CSV, NULL);
    assert_string_equal(out, "t,n\n");
    free(out);
    out = render(g, REGIO_FMT_TABLE, "");
    assert_string_equal(out, "t  n\n─  ─\n");
    free(out);
    regio_grid_free(g);
    assert_null(regio_grid_new(NULL, 2));
    regio_grid_free(NULL);
}

/* Many rows: exercises growth of the cell array (and leak checks under valgrind). */
static void test_many_rows(void **state) {
    (void)state;
    const regio_column cols[] = {{"id", NULL, REGIO_COL_INT, 0}, {"name", NULL, REGIO_COL_TEXT, 0}};
    regio_grid *g = regio_grid_new(cols, 2);
    char name[32];
    for (long i = 0; i < 5000; i++) {
        assert_int_equal(regio_grid_add_row(g), i);
        regio_grid_set_int(g, (size_t)i, 0, i);
        snprintf(name, sizeof name, "区域%ld", i);
        regio_grid_set_text(g, (size_t)i, 1, name);
    }
    assert_int_equal(regio_grid_rows(g), 5000);
    assert_string_equal(regio_grid_cell(g, 4999, 1)->text, "区域4999");
    for (int fmt = 0; fmt < 3; fmt++) free(render(g, (regio_format)fmt, "t"));
    regio_grid_free(g);
}

static void test_write_errors(void **state) {
    (void)state;
    const regio_column cols[] = {{"name", NULL, REGIO_COL_TEXT, 0}};
    regio_grid *g = regio_grid_new(cols, 1);
    regio_grid_set_text(g, (size_t)regio_grid_add_row(g), 0, "滇中");
    regio_error err;
    FILE *f = fopen("/dev/full", "w");
    int have_full = f != NULL;
    if (f) {
        for (int fmt = 0; fmt < 3; fmt++) {
            regio_error_clear(&err);
            assert_int_equal(regio_grid_write(g, (regio_format)fmt, "t", f, &err), REGIO_EIO);
            assert_int_equal(err.code, REGIO_EIO);
            assert_non_null(strstr(err.en, "could not write the output"));
            assert_true(strlen(err.zh) > 0);
            clearerr(f);
        }
        json_t *root = json_object();
        assert_int_equal(regio_json_dump(root, f, &err), REGIO_EIO);
        json_decref(root);
        clearerr(f);
        assert_int_equal(regio_grid_write_csv_bom(g, f, NULL), REGIO_EIO);
        fclose(f);
    }
    f = fopen("/dev/null", "r"); /* writing to a read-only stream fails at once */
    assert_non_null(f);
    assert_int_equal(regio_grid_write(g, REGIO_FMT_CSV, NULL, f, &err), REGIO_EIO);
    fclose(f);
    assert_int_equal(regio_grid_write(NULL, REGIO_FMT_CSV, NULL, stdout, &err), REGIO_EINTERNAL);
    assert_int_equal(regio_grid_write(g, (regio_format)7, NULL, stdout, &err), REGIO_EINTERNAL);
    regio_grid_free(g);
    if (!have_full) skip(); /* report the /dev/full part as skipped where it is missing */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_width),
        cmocka_unit_test(test_format_number),
        cmocka_unit_test(test_format_number_locale),
        cmocka_unit_test(test_format_parse),
        cmocka_unit_test(test_table_exact),
        cmocka_unit_test(test_markdown_exact),
        cmocka_unit_test(test_table_trailing),
        cmocka_unit_test(test_table_alignment),
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_json_helpers),
        cmocka_unit_test(test_nulls_and_types),
        cmocka_unit_test(test_many_rows),
        cmocka_unit_test(test_write_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
