/* test_table.c — reading user tables (src/core/table.c, table_build.c, xlsx.c) and SHA-256 (hash.c).
 *
 * Every importer trusts these readers for two things users see directly: the text of each cell and the
 * line an error message points at. So the tests pin cells and line numbers for the awkward cases (BOM,
 * GB18030, CRLF, quoted fields spanning lines, ragged rows, a file cut off inside a quote, an .xlsx with
 * gaps and floating-point noise) and check that each kind of bad input fails with a message naming the
 * place to fix. Fixtures: tests/fixtures/gb18030.csv (made with iconv -f UTF-8 -t GB18030) and
 * tests/fixtures/sample.xlsx (hand-written OOXML zipped with `zip -X -r`: sheets 指标 and Sheet2, shared
 * and inline strings, numbers stored as 3.5000000000000001, 2021.0 and 1.5E-3, an empty row 4 and a
 * whitespace-only row 8).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "regio/hash.h"
#include "regio/table.h"

#define FIXTURE(name) REGIO_SOURCE_DIR "/tests/fixtures/" name

/* Parses s (strlen) with the given encoding and expects success. */
static regio_table *parse_ok(const char *s, size_t len, regio_encoding enc) {
    regio_table_opts o = {.encoding = enc};
    regio_table *t = NULL;
    regio_error err;
    regio_error_clear(&err);
    int rc = regio_table_parse("t.csv", s, len, &o, &t, &err);
    if (rc != REGIO_OK) fail_msg("unexpected error: %s", err.en);
    assert_non_null(t);
    return t;
}

/* Parses s and expects code, with every needle present in the English message and the Chinese one
 * non-empty; returns nothing, checks *out is NULL. */
static void parse_fail(const char *s, size_t len, regio_encoding enc, int code, const char *needle1,
                       const char *needle2) {
    regio_table_opts o = {.encoding = enc};
    regio_table *t = (regio_table *)&o; /* must be reset to NULL */
    regio_error err;
    regio_error_clear(&err);
    int rc = regio_table_parse("t.csv", s, len, &o, &t, &err);
    if (rc != code) fail_msg("expected code %d, got %d (%s)", code, rc, err.en);
    assert_null(t);
    assert_int_equal(err.code, code);
    assert_true(err.zh[0] != '\0');
    if (needle1 && !strstr(err.en, needle1)) fail_msg("'%s' not in: %s", needle1, err.en);
    if (needle2 && !strstr(err.en, needle2)) fail_msg("'%s' not in: %s", needle2, err.en);
}

#define P(s) parse_ok((s), sizeof(s) - 1, REGIO_ENC_AUTO)
#define PF(s, code, n1, n2) parse_fail((s), sizeof(s) - 1, REGIO_ENC_AUTO, (code), (n1), (n2))

static void test_plain_utf8(void **state) {
    (void)state;
    regio_table *t = P("code, name ,value\n110101,东城区,1.5\n  110102 ,\t西城区 , 2 \n");
    assert_string_equal(t->format, "csv");
    assert_string_equal(t->encoding, "UTF-8");
    assert_string_equal(t->path, "t.csv");
    assert_int_equal(t->ncols, 3);
    assert_string_equal(t->header[1], "name");
    assert_int_equal(t->header_line, 1);
    assert_int_equal(t->nrows, 2);
    assert_string_equal(regio_table_cell(t, 0, 1), "东城区");
    assert_string_equal(regio_table_cell(t, 1, 0), "110102");
    assert_string_equal(regio_table_cell(t, 1, 1), "西城区");
    assert_string_equal(regio_table_cell(t, 1, 2), "2");
    assert_string_equal(regio_table_cell(t, 2, 0), ""); /* out of range */
    assert_string_equal(regio_table_cell(t, 0, 3), "");
    assert_int_equal(t->line[0], 2);
    assert_int_equal(t->line[1], 3);
    assert_int_equal(t->nfields[0], 3);
    regio_table_free(t);
    regio_table_free(NULL);

    t = P("a,b"); /* header only, no final newline */
    assert_int_equal(t->ncols, 2);
    assert_int_equal(t->nrows, 0);
    regio_table_free(t);
}

static void test_bom_and_crlf(void **state) {
    (void)state;
    regio_table *t = P("\xEF\xBB\xBFid,名称\r\n1,甲\r\n\r\n2,\"乙\r\n丙\"\r\n3,丁");
    assert_string_equal(t->encoding, "UTF-8 BOM");
    assert_string_equal(t->header[0], "id"); /* the BOM is not part of the first name */
    assert_int_equal(regio_table_col(t, "id"), 0);
    assert_int_equal(t->nrows, 3);
    assert_string_equal(regio_table_cell(t, 0, 1), "甲");
    assert_string_equal(regio_table_cell(t, 1, 1), "乙\n丙"); /* CRLF inside a cell becomes LF */
    assert_int_equal(t->line[0], 2);
    assert_int_equal(t->line[1], 4);
    assert_int_equal(t->line[2], 6);
    regio_table_free(t);

    t = P("a,b\r1,2\r3,4\r"); /* old Mac line ends count as lines too */
    assert_int_equal(t->nrows, 2);
    assert_int_equal(t->line[1], 3);
    regio_table_free(t);
}

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = malloc(4096);
    assert_non_null(buf);
    *len = fread(buf, 1, 4096, f);
    fclose(f);
    return buf;
}

static void test_gb18030(void **state) {
    (void)state;
    regio_table *t = NULL;
    regio_error err;
    regio_error_clear(&err);
    assert_int_equal(regio_table_read(FIXTURE("gb18030.csv"), NULL, &t, &err), REGIO_OK);
    assert_string_equal(t->encoding, "GB18030");
    assert_int_equal(t->ncols, 3);
    assert_string_equal(t->header[0], "地区代码");
    assert_string_equal(t->header[1], "地区名称");
    assert_int_equal(regio_table_col(t, "地区名称"), 1);
    assert_int_equal(t->nrows, 3);
    assert_string_equal(regio_table_cell(t, 0, 1), "东城区");
    assert_string_equal(regio_table_cell(t, 1, 1), "西城区,老城");
    assert_string_equal(regio_table_cell(t, 2, 1), "㐀村"); /* a four-byte GB18030 sequence */
    assert_int_equal(t->line[2], 4);
    regio_table_free(t);

    /* forced GB18030 reads it too; forced UTF-8 names the first bad byte: line 1, offset 0 */
    size_t len;
    char *gb = slurp(FIXTURE("gb18030.csv"), &len);
    t = parse_ok(gb, len, REGIO_ENC_GB18030);
    assert_string_equal(t->encoding, "GB18030");
    regio_table_free(t);
    parse_fail(gb, len, REGIO_ENC_UTF8, REGIO_EINVAL, "t.csv:1:", "byte offset 0 the byte 0xB5");

    /* issue 13, item 2: rows in UTF-8 added to a GB18030 file ("朝阳" is 6 bytes in UTF-8, which GB18030 also
     * decodes, as 鏈濋槼) were read as mojibake with exit 0; now the first UTF-8 line is named, detected or forced */
    {
        const char *add = "110105,朝阳,3\n110106,丰台,4\n";
        char *mix = malloc(len + strlen(add));
        memcpy(mix, gb, len);
        memcpy(mix + len, add, strlen(add));
        size_t mlen = len + strlen(add);
        parse_fail(mix, mlen, REGIO_ENC_AUTO, REGIO_EINVAL,
                   "t.csv:5: the file mixes two encodings: line 1 is not valid UTF-8 (byte offset 0), so the file would be "
                   "read as GB18030, but this line is Chinese text in UTF-8", "save the whole file in one encoding");
        parse_fail(mix, mlen, REGIO_ENC_GB18030, REGIO_EINVAL,
                   "t.csv:5: GB18030 was requested but this line is Chinese text in UTF-8", NULL);
        /* the other order: a UTF-8 header, GB18030 rows after it */
        char *mix2 = malloc(mlen + 64);
        size_t n2 = (size_t)sprintf(mix2, "代码,名称,值\n");
        const char *nl = memchr(gb, '\n', len);
        memcpy(mix2 + n2, nl + 1, (size_t)(gb + len - nl - 1));
        n2 += (size_t)(gb + len - nl - 1);
        parse_fail(mix2, n2, REGIO_ENC_AUTO, REGIO_EINVAL, "t.csv:1: the file mixes two encodings: line 2 is not valid UTF-8", NULL);
        free(mix2);
        free(mix);
    }

    /* GB18030 text followed by a byte neither encoding allows: the later stopping point is reported */
    gb[len - 1] = '\xFF';
    parse_fail(gb, len, REGIO_ENC_AUTO, REGIO_EINVAL, "t.csv:4:", "byte offset 79 the byte 0xFF");
    free(gb);
}

static void test_bad_bytes(void **state) {
    (void)state;
    PF("a,b\n1,2\nx,\x80y\n", REGIO_EINVAL, "t.csv:3: unknown encoding", "byte offset 10 the byte 0x80");
    parse_fail("a,b\n1,\xC3\n", 8, REGIO_ENC_UTF8, REGIO_EINVAL, "t.csv:2: not valid UTF-8", "offset 6");
    PF("a,b\n\xED\xA0\x80,1\n", REGIO_EINVAL, "t.csv:2:", NULL); /* encoded surrogate: not UTF-8, not GB */
    parse_fail("a,b\n1,\0\n", 8, REGIO_ENC_AUTO, REGIO_EINVAL, "t.csv:2: NUL byte at byte offset 6", "binary");
    PF("\xFF\xFE" "a\0,\0b\0", REGIO_EINVAL, "UTF-16", "save it as UTF-8 or GB18030");
    PF("\xFE\xFF\0a", REGIO_EINVAL, "UTF-16", NULL);
    parse_fail("\xEF\xBB\xBF" "a\n", 5, REGIO_ENC_GB18030, REGIO_EINVAL, "UTF-8 BOM", NULL);
    /* a BOM says UTF-8, so a bad byte after it is not retried as GB18030 (\xE9t would decode as GB18030) */
    PF("\xEF\xBB\xBF" "a,b\ncaf\xE9t,1\n", REGIO_EINVAL, "t.csv:2: not valid UTF-8", "byte offset 10");
    PF("", REGIO_EINVAL, "empty file", NULL);
    PF("\n\n  \n,,\n", REGIO_EINVAL, "empty file", NULL);
    PF("\xEF\xBB\xBF", REGIO_EINVAL, "empty file", NULL);
}

/* issue 13, item 5: a cell longer than Excel's own limit (32,767 characters) is refused naming line and column;
 * the limit counts characters, not bytes */
static void test_cell_limit(void **state) {
    (void)state;
    size_t n = 40000;
    char *s = malloc(n + 64);
    size_t k = (size_t)sprintf(s, "a,b\n1,2\n3,");
    memset(s + k, 'x', n);
    k += n;
    memcpy(s + k, "\n", 2);
    parse_fail(s, k + 1, REGIO_ENC_AUTO, REGIO_EINVAL, "t.csv:3: column 2 holds a cell of more than 32767 characters",
               "the limit of an Excel cell");
    /* exactly the limit, in three-byte characters (98,301 bytes): kept */
    free(s);
    s = malloc(3 * 32767 + 64);
    k = (size_t)sprintf(s, "a,b\n1,");
    for (int i = 0; i < 32767; i++) memcpy(s + k + 3 * (size_t)i, "地", 3);
    k += 3 * 32767;
    memcpy(s + k, "\n", 2);
    regio_table *t = parse_ok(s, k + 1, REGIO_ENC_AUTO);
    assert_int_equal(strlen(regio_table_cell(t, 0, 1)), 3 * 32767);
    regio_table_free(t);
    /* a header cell of 10 MB: the message stays short */
    free(s);
    n = 10u << 20;
    s = malloc(n + 16);
    memcpy(s, "a,", 2);
    memset(s + 2, 'h', n);
    memcpy(s + 2 + n, "\n1,2\n", 6);
    parse_fail(s, n + 7, REGIO_ENC_AUTO, REGIO_EINVAL, "t.csv:1: column 2 holds a cell", NULL);
    free(s);
    /* a duplicate long header name is cut in the message */
    char h[300];
    memset(h, 'n', 200);
    h[200] = '\0';
    char buf[700];
    int len = snprintf(buf, sizeof buf, "%s,%s\n1,2\n", h, h);
    regio_table_opts o = {0};
    regio_error err;
    assert_int_equal(regio_table_parse("t.csv", buf, (size_t)len, &o, &t, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn…\" has the same name"));
    assert_true(strlen(err.en) < 300);
}

/* issue 13, item 9: a BOM inside the file (files joined with cat) stayed invisibly in a cell; a repeated header row
 * was reported as bad values. Both are named now. */
static void test_joined_files(void **state) {
    (void)state;
    PF("code,value\n110101,1\n\xEF\xBB\xBF" "code,value\n110102,2\n", REGIO_EINVAL,
       "t.csv:3: field 1 holds a byte order mark (BOM, U+FEFF), which belongs only at the start of a file", "files joined");
    PF("code,value\n110101,1\n110102,\xEF\xBB\xBF" "2\n", REGIO_EINVAL, "t.csv:3: field 2 holds a byte order mark", NULL);
    PF("code,value\n110101,1\nCODE, value\n110102,2\n", REGIO_EINVAL,
       "t.csv:3: this line repeats the header row (line 1): the file looks like several files joined; delete this line", NULL);
    /* a BOM at the start is still taken as the encoding's mark, and a row that shares one name is data */
    regio_table *t = P("\xEF\xBB\xBF" "code,value\n110101,value\n");
    assert_string_equal(t->header[0], "code");
    assert_int_equal(t->nrows, 1);
    regio_table_free(t);
}

static void test_quotes_and_lines(void **state) {
    (void)state;
    regio_table *t = P("id,note,n\n"
                       "1,\"a, b\",x\n"                  /* line 2: comma inside quotes */
                       "2,\"first\nsecond\nthird\",y\n"  /* lines 3-5: field spanning lines */
                       "3,\"say \"\"hi\"\"\",z\n"        /* line 6: doubled quotes */
                       "\"4\n\",\"\",\n"                 /* lines 7-8: first field spans lines */
                       "5,e,w\n");                        /* line 9 */
    assert_int_equal(t->nrows, 5);
    assert_string_equal(regio_table_cell(t, 0, 1), "a, b");
    assert_string_equal(regio_table_cell(t, 1, 1), "first\nsecond\nthird");
    assert_string_equal(regio_table_cell(t, 2, 1), "say \"hi\"");
    assert_string_equal(regio_table_cell(t, 3, 0), "4");
    assert_string_equal(regio_table_cell(t, 3, 1), "");
    long want[] = {2, 3, 6, 7, 9};
    for (size_t i = 0; i < 5; i++) assert_int_equal(t->line[i], want[i]);
    regio_table_free(t);

    /* a quote never closed: reported at the line where that field began */
    PF("a,b\n1,2\n3,\"half\nwritten", REGIO_EINVAL, "t.csv:3: unterminated quoted field", NULL);
    PF("a,b\n\"x\ny\n", REGIO_EINVAL, "t.csv:2: unterminated", NULL);
    PF("a,b\n1,2\n4,5,\n\n  \"", REGIO_EINVAL, "t.csv:5: unterminated", NULL);
    PF("a,\"b", REGIO_EINVAL, "t.csv:1: unterminated", NULL);
    /* a quote in the middle of an unquoted field, or text after a closing quote */
    PF("a,b\n1,2\n3,ab\"c\"\n", REGIO_EINVAL, "t.csv:3: field 2 has a misplaced quote", NULL);
    PF("a,b\n\"1\"x,2\n", REGIO_EINVAL, "t.csv:2: field 1 has a misplaced quote", NULL);
}

static void test_ragged_and_blank(void **state) {
    (void)state;
    regio_table *t = P("\n \na,b,c\n\n1,2\n,,\n  ,\t\n1,2,3,4,5\n\n\nx,y,z\n,,,,\n");
    assert_int_equal(t->header_line, 3);
    assert_int_equal(t->ncols, 3);
    assert_int_equal(t->nrows, 3);
    assert_int_equal(t->line[0], 5);
    assert_int_equal(t->nfields[0], 2); /* short row: missing field is "" */
    assert_string_equal(regio_table_cell(t, 0, 2), "");
    assert_int_equal(t->line[1], 8);
    assert_int_equal(t->nfields[1], 5); /* long row: extra fields counted, not kept */
    assert_string_equal(regio_table_cell(t, 1, 2), "3");
    assert_int_equal(t->line[2], 11);
    assert_int_equal(t->nfields[2], 3);
    assert_string_equal(regio_table_cell(t, 2, 2), "z");
    regio_table_free(t);
}

static void test_header_errors(void **state) {
    (void)state;
    PF("id,Name,year,NAME\n1,2,3,4\n", REGIO_EINVAL, "t.csv:1: header column 4 \"NAME\"", "column 2 \"Name\"");
    PF("\n地区,年份,地区\n", REGIO_EINVAL, "t.csv:2: header column 3", "column 1");
    PF("a,,c\n1,2,3\n", REGIO_EINVAL, "t.csv:1: header column 2 has no name", NULL);
    PF("a,b,\n1,2,3\n", REGIO_EINVAL, "header column 3 has no name", NULL);
    PF("a, \"\" ,c\n", REGIO_EINVAL, "header column 2 has no name", NULL);
}

static void test_col_lookup(void **state) {
    (void)state;
    regio_table *t = P("Region_Code,年份,Value\n1,2,3\n");
    assert_int_equal(regio_table_col(t, "region_code"), 0);
    assert_int_equal(regio_table_col(t, "REGION_CODE"), 0);
    assert_int_equal(regio_table_col(t, "  value \t"), 2);
    assert_int_equal(regio_table_col(t, "年份"), 1);
    assert_int_equal(regio_table_col(t, "region"), -1);
    assert_int_equal(regio_table_col(t, ""), -1);
    assert_int_equal(regio_table_col(t, NULL), -1);
    assert_int_equal(regio_table_col(NULL, "x"), -1);
    regio_table_free(t);
}

static void test_missing_file(void **state) {
    (void)state;
    regio_error err;
    regio_table *t = NULL;
    regio_error_clear(&err);
    assert_int_equal(regio_table_read("no/such/file.csv", NULL, &t, &err), REGIO_EIO);
    assert_null(t);
    assert_non_null(strstr(err.en, "no/such/file.csv"));
    assert_non_null(strstr(err.en, "No such file or directory"));
    assert_non_null(strstr(err.zh, "no/such/file.csv"));
    assert_int_equal(regio_table_read("no/such/book.XLSX", NULL, &t, &err), REGIO_EIO);
    assert_int_equal(regio_table_read("old.xls", NULL, &t, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, ".xlsx"));
    assert_int_equal(regio_table_read("no/such/file.csv", NULL, &t, NULL), REGIO_EIO);
}

static void test_xlsx(void **state) {
    (void)state;
    regio_error err;
    regio_error_clear(&err);
    regio_table *t = NULL;
    int rc = regio_table_read(FIXTURE("sample.xlsx"), NULL, &t, &err);
    if (rc) fail_msg("%s", err.en);
    assert_string_equal(t->format, "xlsx");
    assert_string_equal(t->encoding, "XLSX");
    assert_int_equal(t->header_line, 1);
    assert_int_equal(t->ncols, 4);
    assert_string_equal(t->header[0], "地区代码");
    assert_string_equal(t->header[3], "数值"); /* stored as " 数值 " */
    assert_int_equal(t->nrows, 5);
    long lines[] = {2, 3, 5, 6, 7};
    size_t nf[] = {4, 4, 4, 5, 4};
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(t->line[i], lines[i]);
        assert_int_equal(t->nfields[i], nf[i]);
    }
    const char *want[5][4] = {{"110101", "东城区", "2020", "3.5"},
                              {"110102", "西城区", "2020", "12.3"},
                              {"110105", "朝阳区", "2021", ""},
                              {"110106", "丰台区", "2021", "0.3"},
                              {"007", "x", "2022", "0.0015"}};
    for (size_t r = 0; r < 5; r++)
        for (size_t c = 0; c < 4; c++) assert_string_equal(regio_table_cell(t, r, c), want[r][c]);
    regio_table_free(t);

    regio_table_opts o = {.sheet = "Sheet2"};
    assert_int_equal(regio_table_read(FIXTURE("sample.xlsx"), &o, &t, &err), REGIO_OK);
    assert_int_equal(t->ncols, 2);
    assert_int_equal(t->nrows, 1);
    assert_int_equal(t->line[0], 2);
    assert_string_equal(regio_table_cell(t, 0, 0), "1");
    assert_string_equal(regio_table_cell(t, 0, 1), "x");
    regio_table_free(t);

    o.sheet = "指标";
    assert_int_equal(regio_table_read(FIXTURE("sample.xlsx"), &o, &t, &err), REGIO_OK);
    assert_int_equal(t->nrows, 5);
    regio_table_free(t);

    o.sheet = "nope";
    assert_int_equal(regio_table_read(FIXTURE("sample.xlsx"), &o, &t, &err), REGIO_ENOTFOUND);
    assert_null(t);
    assert_non_null(strstr(err.en, "no sheet named \"nope\" (sheets: 指标, Sheet2)"));
}

/* GDAL registration happens once and the XLSX options are thread-local: concurrent reads must all work. */
static void *read_sheet(void *arg) {
    regio_table_opts o = {.sheet = arg};
    regio_table *t = NULL;
    regio_error err;
    int rc = regio_table_read(FIXTURE("sample.xlsx"), &o, &t, &err);
    size_t n = rc ? (size_t)-1 : t->nrows;
    regio_table_free(t);
    return (void *)(uintptr_t)n;
}

static void test_xlsx_threads(void **state) {
    (void)state;
    pthread_t th[6];
    char *sheets[6] = {"指标", "Sheet2", NULL, "指标", "Sheet2", NULL};
    for (int i = 0; i < 6; i++) assert_int_equal(pthread_create(&th[i], NULL, read_sheet, sheets[i]), 0);
    for (int i = 0; i < 6; i++) {
        void *r;
        assert_int_equal(pthread_join(th[i], &r), 0);
        assert_int_equal((uintptr_t)r, sheets[i] && strcmp(sheets[i], "Sheet2") == 0 ? 1 : 5);
    }
}

static void test_xlsx_not_a_workbook(void **state) {
    (void)state;
    char dir[] = "/tmp/regio_test_table_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/fake.xlsx", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("a,b\n1,2\n", f);
    fclose(f);
    regio_error err;
    regio_error_clear(&err);
    regio_table *t = NULL;
    assert_int_equal(regio_table_read(path, NULL, &t, &err), REGIO_EINVAL);
    assert_null(t);
    assert_non_null(strstr(err.en, "cannot read as an .xlsx workbook"));
    assert_non_null(strstr(err.en, path));
    unlink(path);
    rmdir(dir);
}

static void test_sha256(void **state) {
    (void)state;
    char hex[65];
    regio_sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    regio_sha256_hex("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

    char dir[] = "/tmp/regio_test_hash_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/abc.txt", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("abc", f);
    fclose(f);
    regio_error err;
    regio_error_clear(&err);
    assert_int_equal(regio_sha256_file(path, hex, &err), REGIO_OK);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    unlink(path);
    rmdir(dir);
    assert_int_equal(regio_sha256_file(path, hex, &err), REGIO_EIO);
    assert_non_null(strstr(err.en, path));
}

static void test_raw(void **state) {
    /* raw: no header row; a title row with one cell, empty cells and a row wider than the first are all kept,
     * the table as wide as its widest row, columns named by letter, lines exact, blank rows skipped */
    (void)state;
    const char *s = "表1 标题\n\n单位：万元,,\n地区,2019,2020,备注\n昆明市,1,2\n";
    regio_table_opts o = {.raw = 1};
    regio_table *t = NULL;
    regio_error err;
    assert_int_equal(regio_table_parse("t.csv", s, strlen(s), &o, &t, &err), REGIO_OK);
    assert_int_equal(t->ncols, 4);
    assert_int_equal(t->nrows, 4);
    assert_int_equal(t->header_line, 0);
    assert_string_equal(t->header[0], "A");
    assert_string_equal(t->header[3], "D");
    assert_string_equal(regio_table_cell(t, 0, 0), "表1 标题");
    assert_string_equal(regio_table_cell(t, 0, 3), "");
    assert_int_equal(t->nfields[0], 1);
    assert_int_equal(t->line[1], 3);
    assert_string_equal(regio_table_cell(t, 1, 0), "单位：万元");
    assert_string_equal(regio_table_cell(t, 2, 3), "备注");
    assert_string_equal(regio_table_cell(t, 3, 2), "2");
    assert_int_equal(t->nfields[3], 3);
    regio_table_free(t);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_utf8),       cmocka_unit_test(test_bom_and_crlf),
        cmocka_unit_test(test_gb18030), cmocka_unit_test(test_cell_limit), cmocka_unit_test(test_joined_files),          cmocka_unit_test(test_bad_bytes),
        cmocka_unit_test(test_quotes_and_lines), cmocka_unit_test(test_ragged_and_blank),
        cmocka_unit_test(test_header_errors),    cmocka_unit_test(test_col_lookup),
        cmocka_unit_test(test_missing_file),     cmocka_unit_test(test_xlsx),
        cmocka_unit_test(test_xlsx_threads),     cmocka_unit_test(test_raw),
        cmocka_unit_test(test_xlsx_not_a_workbook), cmocka_unit_test(test_sha256),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
