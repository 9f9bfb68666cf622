/* report_annex.c — the technical annex (附件 / Annex): what a reader of the body does not need and an analyst
 * who checks or reruns the report does. The body speaks in names; the codes the plan files and the commands use
 * (targets, groups, partitions, indicators) stand here, beside the data each target still needs, the import
 * batches with their files and checksums, and what identifies the run (regio version, database, SHA-256). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_internal.h"

static void block_of(regio_report *r, const char *key) {
    const regio_rtable *t = regio__report_table_find(r, key);
    if (t) regio__report_table_block(r, (long)(t - r->tables));
}

int regio__report_sec_annex(regio_report *r, regio_store *st, const regio_plan *plan, regio_error *err) {
    regio__report_section(r, "annex_codes", RTR(r, "编码、所需数据与复现信息", "Codes, data needs and reproducibility"));
    regio__report_covered(r, "%s", RTR(r, "目标、板块、分区与指标的编码，各目标所需数据，导入批次，本报告的运行信息。",
                             "codes of the targets, groups, partitions and indicators, the data each target needs, import batches, how this report was run."));
    block_of(r, "target_codes");
    block_of(r, "sources"); /* the source list the data section built (report_data.c) */
    block_of(r, "source_list"); /* every source with its kind and count (report_sources.c) */
    long t = regio__report_table_new(r, "codes", "板块、分区与指标编码", "codes of groups, partitions and indicators");
    regio__report_col(r, t, "kind", "类别", "kind", "", REGIO_RCOL_TEXT, 0);
    regio__report_col(r, t, "code", "编码", "code", "", REGIO_RCOL_TEXT, 0);
    regio__report_col(r, t, "name", "名称", "name", "", REGIO_RCOL_TEXT, 0);
    regio__report_col(r, t, "unit", "单位", "unit", "", REGIO_RCOL_TEXT, 0);
    int zh = r->lang == REGIO_LANG_ZH;
    for (size_t g = 0; g < plan->ngroups; g++) {
        long row = regio__report_row(r, t);
        regio__report_set_text(r, t, row, 0, RTR(r, "板块/区域", "group"));
        regio__report_set_text(r, t, row, 1, plan->groups[g].code);
        regio__report_set_text(r, t, row, 2, zh ? plan->groups[g].name_zh : plan->groups[g].name_en);
    }
    for (size_t p = 0; p < plan->npartitions; p++) {
        long row = regio__report_row(r, t);
        regio__report_set_text(r, t, row, 0, RTR(r, "分区", "partition"));
        regio__report_set_text(r, t, row, 1, plan->partitions[p].code);
        regio__report_set_text(r, t, row, 2, zh ? plan->partitions[p].name_zh : plan->partitions[p].name_en);
    }
    for (size_t k = 0; k < plan->nindicators; k++) {
        long row = regio__report_row(r, t);
        regio__report_set_text(r, t, row, 0, RTR(r, "指标", "indicator"));
        regio__report_set_text(r, t, row, 1, plan->indicators[k].code);
        regio__report_set_text(r, t, row, 2, zh ? plan->indicators[k].name_zh : plan->indicators[k].name_en);
        regio__report_set_text(r, t, row, 3, regio_unit_label(plan->indicators[k].unit, r->lang));
    }
    regio__report_table_block(r, t);
    /* the series breaks the plan declares (breaks.csv), by indicator: what the gap chart marks and the computations
     * do not cross */
    if (plan->nbreaks) {
        t = regio__report_table_new(r, "breaks", "统计口径变化（按指标）", "series breaks (by indicator)");
        regio__report_col(r, t, "indicator", "指标编码", "indicator code", "", REGIO_RCOL_TEXT, 0);
        regio__report_col(r, t, "name", "指标", "indicator", "", REGIO_RCOL_TEXT, 0);
        regio__report_col(r, t, "from_year", "起始年（与上一年不可比）", "from (not comparable with the year before)", "", REGIO_RCOL_INT, 0);
        regio__report_col(r, t, "applies_to", "适用范围", "applies to", "", REGIO_RCOL_TEXT, 0);
        regio__report_col(r, t, "reason", "原因", "reason", "", REGIO_RCOL_TEXT, 0);
        for (size_t k = 0; k < plan->nindicators; k++)
            for (size_t b = 0; b < plan->nbreaks; b++) {
                const regio_break *br = &plan->breaks[b];
                if (br->indicator != (long)k) continue;
                long row = regio__report_row(r, t);
                regio__report_set_text(r, t, row, 0, plan->indicators[k].code);
                regio__report_set_text(r, t, row, 1, zh ? plan->indicators[k].name_zh : plan->indicators[k].name_en);
                regio__report_set_num(r, t, row, 2, br->from_year);
                const char *scope = br->region >= 0 ? (zh ? plan->regions[br->region].name_zh : plan->regions[br->region].name_en)
                                    : br->level == REGIO_LEVEL_PROVINCE   ? RTR(r, "省级", "the province")
                                    : br->level == REGIO_LEVEL_PREFECTURE ? RTR(r, "各州市", "every prefecture")
                                    : br->level == REGIO_LEVEL_COUNTY     ? RTR(r, "各县", "every county")
                                                                          : RTR(r, "所有层级", "every level");
                regio__report_set_text(r, t, row, 3, scope);
                regio__report_set_text(r, t, row, 4, zh ? br->reason_zh : br->reason_en);
            }
        regio__report_table_block(r, t);
    }
    /* batches */
    regio_batch_list *bl = NULL;
    int rc = regio_store_batches(st, &bl, err);
    if (rc) return rc;
    t = regio__report_table_new(r, "batches", "导入批次", "import batches");
    regio__report_col(r, t, "id", "批次", "batch", "", REGIO_RCOL_INT, 0);
    regio__report_col(r, t, "file", "文件", "file", "", REGIO_RCOL_TEXT, 0);
    regio__report_col(r, t, "sha256", "SHA-256", "SHA-256", "", REGIO_RCOL_TEXT, 0);
    regio__report_col(r, t, "rows", "观测数", "rows", "个", REGIO_RCOL_INT, 0);
    regio__report_col(r, t, "current", "现行值", "current", "个", REGIO_RCOL_INT, 0);
    regio__report_col(r, t, "imported_at", "导入时间", "imported at", "", REGIO_RCOL_TEXT, 0);
    for (size_t i = 0; i < bl->n; i++) {
        long row = regio__report_row(r, t);
        regio__report_set_num(r, t, row, 0, (double)bl->items[i].id);
        regio__report_set_text(r, t, row, 1, bl->items[i].file);
        regio__report_set_text(r, t, row, 2, bl->items[i].sha256);
        regio__report_set_num(r, t, row, 3, (double)bl->items[i].rows);
        regio__report_set_num(r, t, row, 4, (double)bl->items[i].current);
        regio__report_set_text(r, t, row, 5, bl->items[i].imported_at);
    }
    regio_batch_list_free(bl);
    regio__report_table_block(r, t);
    /* the run */
    t = regio__report_table_new(r, "reproduce", "复现信息", "reproducibility");
    regio__report_col(r, t, "item", "项目", "item", "", REGIO_RCOL_TEXT, 0);
    regio__report_col(r, t, "value", "值", "value", "", REGIO_RCOL_TEXT, 0);
    char ybuf[16];
    snprintf(ybuf, sizeof ybuf, "%d", r->year);
    const char *items[][2] = {
        {RTR(r, "regio 版本", "regio version"), r->version},
        {RTR(r, "数据库", "database"), r->db_path},
        {RTR(r, "数据库 SHA-256", "database SHA-256"), r->db_sha256},
        {RTR(r, "报告年份", "report year"), ybuf},
        {RTR(r, "边界来源", "boundaries"), r->geometry_source},
        {RTR(r, "生成时间", "generated"), r->generated_at},
    };
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
        long row = regio__report_row(r, t);
        regio__report_set_text(r, t, row, 0, items[i][0]);
        regio__report_set_text(r, t, row, 1, items[i][1] ? items[i][1] : "");
    }
    regio__report_table_block(r, t);
    return REGIO_OK;
}
