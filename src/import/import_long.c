/* import_long.c — the long shape: region,indicator,year,value[,source], one observation per row. */
#include <string.h>

#include "core/util.h"
#include "import/import_internal.h"

#define OOM(err) regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory")

static int row_shape(regio_import_ctx *c, const regio_table *t, size_t i) {
    if (t->nfields[i] == t->ncols) return REGIO_OK;
    return regio_import_problem_add(c->report, t->line[i], "",
        t->nfields[i] < t->ncols ? "应有 %zu 个字段，实际只有 %zu 个（该行可能没有写完）" : "应有 %zu 个字段，实际有 %zu 个",
        t->nfields[i] < t->ncols ? "expected %zu fields, found only %zu (a half-written row?)" : "expected %zu fields, found %zu",
        t->ncols, t->nfields[i]);
}

int regio_import_long(regio_import_ctx *c, const regio_table *t, regio_error *err) {
    static const char *const REQ[] = {"region", "indicator", "year", "value"};
    long col[5];
    int missing = 0;
    for (int k = 0; k < 4; k++) {
        col[k] = regio_table_col(t, REQ[k]);
        if (col[k] < 0) {
            missing = 1;
            if (regio_import_problem_add(c->report, t->header_line, REQ[k],
                    "缺少列 “%s”；长表的表头应为 region,indicator,year,value,source（宽表请用 --wide）",
                    "column '%s' is missing; a long table's header is region,indicator,year,value,source (use --wide for a wide table)",
                    REQ[k]))
                return OOM(err);
        }
    }
    col[4] = regio_table_col(t, "source");
    for (size_t j = 0; j < t->ncols; j++) {
        int known = 0;
        for (int k = 0; k < 5; k++) known |= col[k] == (long)j;
        if (!known && regio_import_problem_add(c->report, t->header_line, t->header[j],
                "未知的列 “%s”（长表只能有 region、indicator、year、value、source）",
                "unknown column '%s' (a long table has only region, indicator, year, value, source)", t->header[j]))
            return OOM(err);
    }
    c->no_source = col[4] < 0 && !c->opts->source;
    if (c->no_source &&
        regio_import_problem_add(c->report, t->header_line, "source", "文件没有 source 列，也没有用 --source 给出来源",
                                 "the file has no source column and no --source was given"))
        return OOM(err);
    if (missing) return REGIO_OK;
    for (size_t i = 0; i < t->nrows; i++) {
        if (row_shape(c, t, i)) return OOM(err);
        if (t->nfields[i] < t->ncols) continue;
        const char *ytext = regio_table_cell(t, i, (size_t)col[2]);
        long year;
        if (regio_parse_long(ytext, &year) != 0) {
            if (regio_import_problem_add(c->report, t->line[i], "year", "年份 “%s” 不是整数", "year '%s' is not an integer", ytext))
                return OOM(err);
            continue;
        }
        const char *src = col[4] >= 0 ? regio_table_cell(t, i, (size_t)col[4]) : "";
        if (!*src && c->opts->source) src = c->opts->source;
        regio_import_cell cell = {
            .line = t->line[i],
            .region = regio_table_cell(t, i, (size_t)col[0]), .region_col = "region",
            .indicator = regio_table_cell(t, i, (size_t)col[1]), .indicator_col = "indicator",
            .year = (int)(year < -1000000 ? -1000000 : year > 1000000 ? 1000000 : year), .year_col = "year",
            .value = regio_table_cell(t, i, (size_t)col[3]), .value_col = "value",
            .scale = 1.0, .source = src,
        };
        if (regio_import_add(c, &cell)) return OOM(err);
    }
    return REGIO_OK;
}
