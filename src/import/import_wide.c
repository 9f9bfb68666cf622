/* import_wide.c — the wide shape of yearbook tables: one row per region, one column per year or per
 * indicator, turned into observations through a column map.
 *
 * The map comes from a mapping file (column,indicator,year[,scale]: any mix, with a scale such as 0.0001
 * for persons → 万人 or 100 for a fraction → percent), or from the command line: --indicator X makes every
 * column headed by a year ("2020" or "2020年") a year of X; --year Y makes every column headed by an
 * indicator code an indicator in year Y. Columns outside the map are reported as ignored, never guessed at.
 * Empty and placeholder cells ("-", "…", "NA") are skipped and counted: yearbooks use them for "no figure".
 */
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "import/import_internal.h"

#define OOM(err) regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory")

typedef struct colmap { long col; const char *indicator; int year; double scale; } colmap;

int regio_import_is_placeholder(const char *s) {
    static const char *const P[] = {"", "-", "--", "—", "——", "–", "…", "……", "...", "..", "NA", "N/A", "n/a", "/", "×"};
    for (size_t i = 0; i < sizeof P / sizeof P[0]; i++)
        if (strcmp(s, P[i]) == 0) return 1;
    return 0;
}

int regio_import_is_total(const char *s) {
    static const char *const T[] = {"合计", "总计", "全省", "全市", "全州", "全县", "全区", "全省合计", "全省总计",
                                    "总计合计", "合 计", "总 计", "全 省", "total", "Total", "TOTAL"};
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++)
        if (strcmp(s, T[i]) == 0) return 1;
    return strstr(s, "合计") != NULL || strstr(s, "总计") != NULL;
}

/* "2020" or "2020年" → 2020; 0 otherwise. */
static int header_year(const char *h) {
    char buf[16];
    size_t n = strlen(h);
    if (n >= 4 + 3 && strcmp(h + n - 3, "年") == 0) n -= 3;
    if (n != 4) return 0;
    memcpy(buf, h, 4);
    buf[4] = '\0';
    long y;
    return regio_parse_long(buf, &y) == 0 && y >= 1000 ? (int)y : 0;
}

static long find_region_col(const regio_table *t, const char *name) {
    /* codes first: a table with both a code and a name column is keyed by the codes */
    static const char *const DEFAULTS[] = {"region", "code", "代码", "地区代码", "区划代码", "行政区划代码",
                                           "地区", "地区名称", "名称", "name"};
    if (name) return regio_table_col(t, name);
    for (size_t i = 0; i < sizeof DEFAULTS / sizeof DEFAULTS[0]; i++) {
        long c = regio_table_col(t, DEFAULTS[i]);
        if (c >= 0) return c;
    }
    return -1;
}

/* Reads the mapping file into map (entries point into *mt, which the caller frees). */
static int read_mapping(regio_import_ctx *c, const regio_table *t, regio_table **mt, colmap **map, size_t *n,
                        regio_error *err) {
    const regio_import_opts *o = c->opts;
    int rc = regio_table_read(o->mapping, NULL, mt, err);
    if (rc) return rc;
    long kc = regio_table_col(*mt, "column"), ki = regio_table_col(*mt, "indicator"), ky = regio_table_col(*mt, "year"),
         ks = regio_table_col(*mt, "scale");
    if (kc < 0) {
        return regio_error_set(err, REGIO_EINVAL, "映射文件 %s 缺少 column 列（表头应为 column,indicator,year,scale）",
                               "mapping file %s has no column 'column' (its header is column,indicator,year,scale)", o->mapping);
    }
    *map = calloc((*mt)->nrows ? (*mt)->nrows : 1, sizeof **map);
    if (!*map) return OOM(err);
    for (size_t i = 0; i < (*mt)->nrows; i++) {
        long line = (*mt)->line[i];
        const char *cname = regio_table_cell(*mt, i, (size_t)kc);
        const char *ind = ki >= 0 ? regio_table_cell(*mt, i, (size_t)ki) : "";
        const char *ytext = ky >= 0 ? regio_table_cell(*mt, i, (size_t)ky) : "";
        const char *stext = ks >= 0 ? regio_table_cell(*mt, i, (size_t)ks) : "";
        colmap m = {regio_table_col(t, cname), *ind ? ind : o->indicator, o->year, 1.0};
        long y;
        if (m.col < 0) {
            if (regio_import_problem_add(c->report, 0, cname, "映射文件 %s 第 %ld 行：数据表中没有列 “%s”",
                                         "mapping file %s line %ld: the table has no column '%s'", o->mapping, line, cname))
                return OOM(err);
            continue;
        }
        if (*ytext) {
            if (regio_parse_long(ytext, &y)) {
                if (regio_import_problem_add(c->report, 0, cname, "映射文件 %s 第 %ld 行：年份 “%s” 不是整数",
                                             "mapping file %s line %ld: year '%s' is not an integer", o->mapping, line, ytext))
                    return OOM(err);
                continue;
            }
            m.year = (int)y;
        } else if (!m.year) {
            m.year = header_year(cname);
        }
        if (*stext && (regio_parse_number(stext, &m.scale) || m.scale == 0)) {
            if (regio_import_problem_add(c->report, 0, cname, "映射文件 %s 第 %ld 行：比例 “%s” 不是非零数字",
                                         "mapping file %s line %ld: scale '%s' is not a non-zero number", o->mapping, line, stext))
                return OOM(err);
            continue;
        }
        if (!m.indicator || !m.year) {
            if (regio_import_problem_add(c->report, 0, cname, "映射文件 %s 第 %ld 行：列 “%s” 缺少指标或年份",
                                         "mapping file %s line %ld: column '%s' needs an indicator and a year", o->mapping, line, cname))
                return OOM(err);
            continue;
        }
        (*map)[(*n)++] = m;
    }
    return REGIO_OK;
}

/* Builds the map from --indicator or --year. */
static int header_map(regio_import_ctx *c, const regio_table *t, long region_col, long source_col, colmap **map,
                      size_t *n, regio_error *err) {
    const regio_import_opts *o = c->opts;
    *map = calloc(t->ncols ? t->ncols : 1, sizeof **map);
    if (!*map) return OOM(err);
    for (size_t j = 0; j < t->ncols; j++) {
        if ((long)j == region_col || (long)j == source_col) continue;
        const char *h = t->header[j];
        if (o->indicator) {
            int y = header_year(h);
            if (y) (*map)[(*n)++] = (colmap){(long)j, o->indicator, y, 1.0};
        } else if (!regio_import_ignored(o, h, j)) {
            /* an indicator code or name (地区生产总值, GDP) */
            regio_name_match m;
            regio_error ignore;
            if (regio_names_find(c->names, REGIO_NAME_INDICATOR, h, &m, &ignore) == REGIO_OK)
                (*map)[(*n)++] = (colmap){(long)j, c->plan->indicators[m.index].code, o->year, 1.0};
        }
    }
    return REGIO_OK;
}

/* Whether column j holds a figure in any full row (placeholders and text do not count). */
static int holds_data(const regio_table *t, size_t j) {
    for (size_t i = 0; i < t->nrows; i++) {
        double v;
        if (regio_parse_number(regio_table_cell(t, i, j), &v) == 0) return 1;
    }
    return 0;
}

/* Columns outside the map: a column with figures that maps to nothing is a problem (issue: silent loss),
 * unless --ignore names it; the others (names, notes) are listed as ignored. */
static int check_unmapped(regio_import_ctx *c, const regio_table *t, const colmap *map, size_t n, long region_col,
                          long source_col, regio_error *err) {
    const regio_import_opts *o = c->opts;
    size_t len = 1;
    for (size_t j = 0; j < t->ncols; j++) len += strlen(t->header[j]) + 2;
    char *buf = calloc(len, 1);
    if (!buf) return OOM(err);
    for (size_t j = 0; j < t->ncols; j++) {
        int used = (long)j == region_col || (long)j == source_col;
        for (size_t k = 0; k < n && !used; k++) used = map[k].col == (long)j;
        if (used) continue;
        const char *h = t->header[j];
        if (holds_data(t, j) && !regio_import_ignored(o, h, j)) {
            char hc[REGIO_CUT_BUF];
            const char *hcut = regio_cut(h, hc, sizeof hc); /* echoed: a 10 MB header is not repeated whole */
            char letter[16];
            regio_import_col_letter(j, letter, sizeof letter);
            const char *near = o->mapping || o->indicator ? NULL : regio_names_suggest(c->names, REGIO_NAME_INDICATOR, h);
            int rc;
            if (o->mapping)
                rc = regio_import_problem_add(c->report, t->header_line, hcut,
                    "第 %s 列“%s”有数字，但映射文件没有映射它；请在映射文件中加上它，或用 --ignore %s 明确不导入",
                    "column %s '%s' holds figures but the mapping file does not map it; map it, or give --ignore %s to leave it out",
                    letter, hcut, letter);
            else if (o->indicator)
                rc = regio_import_problem_add(c->report, t->header_line, hcut,
                    "第 %s 列“%s”有数字，但列名不是年份；请改正列名，或用 --ignore %s 明确不导入",
                    "column %s '%s' holds figures but its header is not a year; correct it, or give --ignore %s to leave it out",
                    letter, hcut, letter);
            else if (near)
                rc = regio_import_problem_add(c->report, t->header_line, hcut,
                    "第 %s 列“%s”有数字，但不是指标编码或名称——是不是“%s”？请改正列名，或用 --ignore %s 明确不导入",
                    "column %s '%s' holds figures but is no indicator code or name — did you mean %s? Correct it, or give --ignore %s to leave it out",
                    letter, hcut, near, letter);
            else
                rc = regio_import_problem_add(c->report, t->header_line, hcut,
                    "第 %s 列“%s”有数字，但不是指标编码或名称（见 regio indicators）；请改正列名，或用 --ignore %s 明确不导入",
                    "column %s '%s' holds figures but is no indicator code or name (see regio indicators); correct it, or give --ignore %s to leave it out",
                    letter, hcut, letter);
            if (rc) { free(buf); return OOM(err); }
            continue;
        }
        if (*buf) strcat(buf, ", ");
        strcat(buf, h);
    }
    free(c->report->ignored);
    c->report->ignored = buf;
    return REGIO_OK;
}

int regio_import_wide(regio_import_ctx *c, const regio_table *t, regio_error *err) {
    const regio_import_opts *o = c->opts;
    regio_table *mt = NULL;
    colmap *map = NULL;
    size_t n = 0;
    int rc = REGIO_OK;
    if (!o->mapping && !o->indicator == !o->year)
        return regio_error_set(err, REGIO_EINVAL, "宽表需要 --indicator（列为年份）或 --year（列为指标）二者之一，或 --mapping 文件",
                               "a wide table needs either --indicator (columns are years) or --year (columns are indicators), or a --mapping file");
    long region_col = find_region_col(t, o->region_column);
    long source_col = regio_table_col(t, "source");
    if (region_col < 0) {
        if (regio_import_problem_add(c->report, t->header_line, o->region_column ? o->region_column : "region",
                "找不到地区编码列（%s）；用 --region-column 指定", "no region code column (%s); name it with --region-column",
                o->region_column ? o->region_column : "region, code, 代码"))
            return OOM(err);
        return REGIO_OK;
    }
    c->no_source = source_col < 0 && !o->source;
    if (c->no_source &&
        regio_import_problem_add(c->report, t->header_line, "source", "文件没有 source 列，也没有用 --source 给出来源",
                                 "the file has no source column and no --source was given"))
        return OOM(err);
    if ((rc = regio_import_names(c, err))) return rc;
    rc = o->mapping ? read_mapping(c, t, &mt, &map, &n, err) : header_map(c, t, region_col, source_col, &map, &n, err);
    if (rc) goto out;
    if (n == 0 && regio_import_problem_add(c->report, t->header_line, "",
            o->mapping ? "映射文件没有把数据表的任何一列映射为指标" : o->indicator ? "没有以年份为列名的数据列" : "没有以指标编码为列名的数据列",
            o->mapping ? "the mapping file maps no column of the table" : o->indicator ? "no column is headed by a year"
                                                                         : "no column is headed by an indicator code")) { rc = OOM(err); goto out; }
    if ((rc = check_unmapped(c, t, map, n, region_col, source_col, err))) goto out;
    for (size_t i = 0; i < t->nrows; i++) {
        if (t->nfields[i] != t->ncols) {
            if (regio_import_problem_add(c->report, t->line[i], "", "应有 %zu 个字段，实际 %zu 个（该行可能没有写完）",
                                         "expected %zu fields, found %zu (a half-written row?)", t->ncols, t->nfields[i])) { rc = OOM(err); goto out; }
            continue;
        }
        const char *region = regio_table_cell(t, i, (size_t)region_col);
        if (regio_plan_region(c->plan, region) < 0) {
            /* once per row, not once per cell: a yearbook's 合计 row should not bury the other problems */
            regio_name_match m;
            regio_error nerr;
            int total = regio_import_is_total(region);
            if (!total && regio_names_find(c->names, REGIO_NAME_REGION, region, &m, &nerr) == REGIO_OK) {
                region = c->plan->regions[m.index].code; /* a name (昆明市, 楚雄州): its code */
            } else {
                int prc = total
                    ? regio_import_problem_add(c->report, t->line[i], t->header[region_col],
                          "“%s”是合计行，不是地区：请写出它所合计的地区的编码（如 530000），或删去该行",
                          "'%s' is a total row, not a region: write the code of the region it totals (e.g. 530000), or delete the row", region)
                    : strspn(region, "0123456789") == strlen(region)
                    ? regio_import_problem_add(c->report, t->line[i], t->header[region_col],
                          "地区编码 “%s” 不在规划中（应为 GB/T 2260 编码，见 regio regions）",
                          "unknown region code '%s' (expected a GB/T 2260 code; see regio regions)", region)
                    : regio_import_problem_text(c->report, t->line[i], t->header[region_col], nerr.zh, nerr.en);
                if (prc) { rc = OOM(err); goto out; }
                continue;
            }
        }
        const char *src = source_col >= 0 ? regio_table_cell(t, i, (size_t)source_col) : "";
        if (!*src && o->source) src = o->source;
        for (size_t k = 0; k < n; k++) {
            const char *v = regio_table_cell(t, i, (size_t)map[k].col);
            if (regio_import_is_placeholder(v)) { c->report->skipped_empty++; continue; }
            regio_import_cell cell = {
                .line = t->line[i],
                .region = region, .region_col = t->header[region_col],
                .indicator = map[k].indicator, .indicator_col = t->header[map[k].col],
                .year = map[k].year, .year_col = t->header[map[k].col],
                .value = v, .value_col = t->header[map[k].col],
                .scale = map[k].scale, .source = src,
            };
            if (regio_import_add(c, &cell)) { rc = OOM(err); goto out; }
        }
    }
out:
    /* the map's indicator codes may point into mt: candidates keep only plan indexes, so it can go now */
    free(map);
    regio_table_free(mt);
    return rc;
}
