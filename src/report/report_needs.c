/* report_needs.c — the report's last body section, 尚缺的数据 / The data still to find: for every target and
 * monitored indicator the report could not assess, the values that are missing (grouped by indicator and year,
 * regions by name) and where such figures are usually published. The list is regio_needs_build's
 * (include/regio/needs.h), the one `regio needs` prints, so the report and the command never disagree; the
 * fill-in file is one command away (regio needs --template). Names only in the body: the codes are in the
 * template and the annex. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regio/needs.h"
#include "report/report_internal.h"

/* "地区生产总值（亿元）2023年：个旧市、开远市" for the cells of one (indicator, year) run, starting at k. */
static size_t run_text(regio_report *r, const regio_plan *p, const regio_need *nd, size_t k, char *buf, size_t cap,
                       const char **where) {
    const regio_need_cell *c0 = &nd->cells[k];
    const regio_indicator *x = &p->indicators[c0->indicator];
    size_t len = (size_t)snprintf(buf, cap, RTR(r, "%s（%s）%d年：", "%s (%s), %d: "),
                                  r->lang == REGIO_LANG_ZH ? x->name_zh : x->name_en, regio_unit_label(x->unit, r->lang), c0->year);
    *where = c0->where ? (r->lang == REGIO_LANG_ZH ? c0->where->where_zh : c0->where->where_en) : NULL;
    size_t j = k;
    for (; j < nd->ncells && nd->cells[j].indicator == c0->indicator && nd->cells[j].year == c0->year; j++)
        if (len < cap)
            len += (size_t)snprintf(buf + len, cap - len, "%s%s", j > k ? RTR(r, "、", ", ") : "",
                                    regio_region_name(&p->regions[nd->cells[j].region], r->lang));
    return j;
}

static int cmp_ind_year(const void *a, const void *b) {
    const regio_need_cell *x = a, *y = b;
    if (x->indicator != y->indicator) return x->indicator < y->indicator ? -1 : 1;
    if (x->year != y->year) return (x->year > y->year) - (x->year < y->year);
    return (x->region > y->region) - (x->region < y->region);
}

int regio__report_sec_needs(regio_report *r, regio_store *st, const regio_plan *plan, regio_error *err) {
    regio_needs *n = NULL;
    int rc = regio_needs_build(st, plan, r->year, &n, err);
    if (rc) return rc;
    regio__report_section(r, "needs", RTR(r, "尚缺的数据", "The data still to find"));
    regio_need_cell *cells = NULL;
    char **by = NULL;
    size_t ncells = 0, nt = 0, nm = 0;
    if ((rc = regio_needs_cells(plan, n, &cells, &by, &ncells, err))) { regio_needs_free(n); return rc; }
    regio_needs_cells_free(cells, by, ncells);
    for (size_t i = 0; i < n->n; i++) { if (n->items[i].monitored) nm++; else nt++; }
    regio__report_covered(r, RTR(r, "截至 %d 年，%zu 个量化目标中有 %zu 个、%zu 个监测指标中有 %zu 个因缺少数据无法评估；共缺 %zu 个 %d 年（及所需基期）的值。",
                          "as of %d, %zu targets of %zu and %zu monitored indicators of %zu cannot be assessed for want of data; %zu values for %d (and the baselines they need) are missing."),
                r->year, nt, n->ntargets, nm, n->nmonitors, ncells, n->year);
    regio__report_para(r, RTR(r, "下表按目标列出所缺的值（按指标和年份归并）及其通常出处。命令 regio needs --template 可把这些值写成待填表（CSV 或 XLSX，导入格式），填入数值与来源后用 regio import 导入，这些目标即可评估。",
                       "The table lists, per target, the values that are missing (grouped by indicator and year) and where such figures are usually published. The command regio needs --template writes them as a fill-in file (CSV or XLSX, in the import format); filled in with values and sources and imported with regio import, these targets can be assessed."));
    long t = regio__report_table_new(r, "needs", "尚缺的数据", "data still to find");
    regio__report_col(r, t, "name", "目标或监测指标", "target or monitored indicator", "", REGIO_RCOL_TEXT, 0);
    regio__report_col(r, t, "missing", "所缺的值", "values missing", "", REGIO_RCOL_TEXT, 0);
    regio__report_col(r, t, "count", "个数", "count", "", REGIO_RCOL_INT, 0);
    regio__report_col(r, t, "where", "通常见于", "usually found in", "", REGIO_RCOL_TEXT, 0);
    for (size_t i = 0; i < n->n; i++) {
        regio_need *nd = &n->items[i];
        const char *name = nd->monitored ? (r->lang == REGIO_LANG_ZH ? plan->monitors[nd->index].name_zh : plan->monitors[nd->index].name_en)
                                         : (r->lang == REGIO_LANG_ZH ? plan->targets[nd->index].name_zh : plan->targets[nd->index].name_en);
        char label[512];
        snprintf(label, sizeof label, "%s%s", name, nd->monitored ? RTR(r, "（监测指标）", " (monitored)") : "");
        if (!nd->ncells) {
            long row = regio__report_row(r, t);
            regio__report_set_text(r, t, row, 0, label);
            regio__report_set_text(r, t, row, 1, r->lang == REGIO_LANG_ZH ? nd->note_zh : nd->note_en);
            regio__report_set_num(r, t, row, 2, 0);
            continue;
        }
        qsort(nd->cells, nd->ncells, sizeof *nd->cells, cmp_ind_year);
        for (size_t k = 0; k < nd->ncells;) {
            char text[4096];
            const char *where = NULL;
            size_t next = run_text(r, plan, nd, k, text, sizeof text, &where);
            long row = regio__report_row(r, t);
            regio__report_set_text(r, t, row, 0, k == 0 ? label : "");
            regio__report_set_text(r, t, row, 1, text);
            regio__report_set_num(r, t, row, 2, (double)(next - k));
            regio__report_set_text(r, t, row, 3, where);
            k = next;
        }
    }
    regio__report_table_block(r, t);
    regio_needs_free(n);
    return REGIO_OK;
}
