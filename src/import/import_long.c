/* import_long.c — the long shape: region,indicator,year,value[,source], one observation per row, with the
 * optional qualifier columns qualifier, vintage (or release) and source_kind (regio/qualifier.h).
 *
 * The same shape is what `regio needs --template` writes for the analyst to fill in, with reading aids beside
 * the five columns (region_name, indicator_name, unit, where_found, needed_by) and an if_empty column. Those
 * columns are accepted here, by name, and otherwise ignored, except two: a non-empty unit must be the
 * indicator's unit (a figure typed in another unit is refused, not rescaled), and a row whose value is empty is
 * skipped only when its if_empty cell says "skip" — the template marks every row so, because an analyst who
 * finds 40 of 50 figures should be able to import the 40; a hand-written row with an empty value is still an
 * error, since there an empty cell is more likely a slip than a figure not found. Skipped rows are counted in
 * the report (skipped_empty).
 *
 * The review file of `regio extract bulletin` is the same shape with other columns (the quote, the unit as
 * printed, the confidence …): those are known and ignored too, except status, because a row marked "target" is
 * a work-report target, not an observation, and is refused. Any other column is still an error. */
#include <stdlib.h>
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

/* The reading aids of a `regio needs` template: accepted, listed as ignored. */
static const char *const AIDS[] = {"region_name", "indicator_name", "unit", "where_found", "needed_by", "if_empty"};
#define NAIDS (sizeof AIDS / sizeof AIDS[0])

static int note_aids(regio_import_ctx *c, const long *aid, regio_error *err) {
    size_t len = 1;
    for (size_t k = 0; k < NAIDS; k++) if (aid[k] >= 0) len += strlen(AIDS[k]) + 1;
    char *buf = calloc(len, 1);
    if (!buf) return OOM(err);
    for (size_t k = 0; k < NAIDS; k++)
        if (aid[k] >= 0) { if (*buf) strcat(buf, ","); strcat(buf, AIDS[k]); }
    free(c->report->ignored);
    c->report->ignored = buf;
    return REGIO_OK;
}

int regio_import_long(regio_import_ctx *c, const regio_table *t, regio_error *err) {
    static const char *const REQ[] = {"region", "indicator", "year", "value"};
    long col[5], aid[NAIDS];
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
    for (size_t k = 0; k < NAIDS; k++) aid[k] = regio_table_col(t, AIDS[k]);
    if (note_aids(c, aid, err)) return REGIO_ENOMEM;
    long qcol = regio_table_col(t, "qualifier"), kcol = regio_table_col(t, "source_kind");
    long vcol = regio_table_col(t, "vintage"), rcol = regio_table_col(t, "release");
    if (vcol >= 0 && rcol >= 0 &&
        regio_import_problem_add(c->report, t->header_line, "release", "vintage 与 release 是同一列的两个名称，只能有一个",
                                 "vintage and release name the same column: give one of them"))
        return OOM(err);
    if (vcol < 0) vcol = rcol;
    static const char *const REVIEW[] = {"status", "value_printed", "unit_printed", "quote", "start", "end", "line",
                                         "confidence", "note"};
    long status_col = regio_table_col(t, "status");
    for (size_t j = 0; j < t->ncols; j++) {
        int known = qcol == (long)j || kcol == (long)j || vcol == (long)j || rcol == (long)j;
        for (int k = 0; k < 5; k++) known |= col[k] == (long)j;
        for (size_t k = 0; k < NAIDS; k++) known |= aid[k] == (long)j;
        for (size_t k = 0; k < sizeof REVIEW / sizeof REVIEW[0]; k++) known |= regio_table_col(t, REVIEW[k]) == (long)j;
        if (!known && regio_import_problem_add(c->report, t->header_line, t->header[j],
                "未知的列 “%s”（长表只能有 region、indicator、year、value、source，可选的 qualifier、vintage、source_kind，以及 regio needs 模板的说明列和 regio extract 的审核列）",
                "unknown column '%s' (a long table has only region, indicator, year, value, source, the optional qualifier, vintage, source_kind, and the reading aids of a regio needs template or the review columns of regio extract)",
                t->header[j]))
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
        if (status_col >= 0 && strstr(regio_table_cell(t, i, (size_t)status_col), "target")) {
            if (regio_import_problem_add(c->report, t->line[i], "status",
                    "这一行是目标（status “%s”），不是观测值：请删除这一行，或把它写进规划的 targets.csv",
                    "this row is a target (status '%s'), not an observation: delete the row or put it in the plan's targets.csv",
                    regio_table_cell(t, i, (size_t)status_col)))
                return OOM(err);
            continue;
        }
        const char *val = regio_table_cell(t, i, (size_t)col[3]), *skip = aid[5] >= 0 ? regio_table_cell(t, i, (size_t)aid[5]) : "";
        if (*skip && strcmp(skip, "skip") != 0) {
            if (regio_import_problem_add(c->report, t->line[i], "if_empty", "“%s” 无效：if_empty 只能为 skip 或留空",
                                         "'%s' is not valid: if_empty is skip or empty", skip))
                return OOM(err);
            continue;
        }
        if (!*val && *skip) { c->report->skipped_empty++; continue; } /* a template row left empty, as marked */
        if (aid[2] >= 0 && *regio_table_cell(t, i, (size_t)aid[2])) {
            const char *unit = regio_table_cell(t, i, (size_t)aid[2]), *code = regio_table_cell(t, i, (size_t)col[1]);
            long ind = regio_plan_indicator(c->plan, code);
            if (ind >= 0 && strcmp(unit, c->plan->indicators[ind].unit) != 0) {
                if (regio_import_problem_add(c->report, t->line[i], "unit",
                        "单位 “%s” 与指标 %s 的单位 “%s” 不同：请按 %s 填写数值（本程序不换算）",
                        "unit '%s' differs from the unit of %s, '%s': write the value in %s (regio does not convert)",
                        unit, code, c->plan->indicators[ind].unit, c->plan->indicators[ind].unit))
                    return OOM(err);
                continue;
            }
        }
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
            .qualifier = qcol >= 0 ? regio_table_cell(t, i, (size_t)qcol) : NULL,
            .vintage = vcol >= 0 ? regio_table_cell(t, i, (size_t)vcol) : NULL,
            .source_kind = kcol >= 0 ? regio_table_cell(t, i, (size_t)kcol) : NULL,
        };
        if (regio_import_add(c, &cell)) return OOM(err);
    }
    return REGIO_OK;
}
