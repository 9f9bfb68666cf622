/* report_gap_targets.c — the gap targets in the regional-gaps section: each target of kind "gap" (the plan's
 * "四大板块…相对差距逐步缩小", targets.csv) with its measure, baseline and latest disparity, the years tested and the
 * one-sided Mann–Kendall p of the fall, coverage and warning — the numbers of regio_track_targets, as `regio
 * targets` prints them (their findings stand in the targets table; codes stay in the annex, as everywhere in the
 * body). Here they stand next to the σ-convergence series they are read from, with the rule that a fall must not
 * be noise. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "regio/track_store.h"
#include "report/report_internal.h"

int regio__report_gap_targets(regio_report *r, regio_store *st, const regio_plan *plan, regio_error *err) {
    size_t ngap = 0;
    for (size_t i = 0; i < plan->ntargets; i++) ngap += strcmp(plan->targets[i].kind, "gap") == 0;
    if (!ngap) return REGIO_OK;
    regio_track_list *l = NULL;
    int rc = regio_track_targets(st, plan, r->year, &l, err);
    if (rc) return rc;
    regio__report_para(r, RTR(r, "差距目标（规划：“四大板块……相对差距逐步缩小”“区域间……居民收入差距逐步缩小”）：差距测度须低于基期水平，且从基期起的各年数值经 "
                       "Mann–Kendall 检验在 5% 单侧水平显著下降，才算“缩小”；不显著的下降标黄色，没有下降标红色。年份少于 4 个时任何检验都不可能显著。",
                    "Gap targets (the plan: \"the four blocks' relative gaps narrow\", \"gaps in residents' income between regions narrow\"): the "
                    "disparity must be below its baseline level, and the yearly values from the baseline on must fall significantly by the "
                    "Mann–Kendall test at 5% one-sided for the gap to count as narrowing; a fall that is not significant is yellow, no fall is red. "
                    "With fewer than 4 years no test can be significant."));
    long t = regio__report_table_new(r, "gap_targets", "差距目标", "gap targets");
    regio__report_col(r, t, "name", "目标", "target", "", REGIO_RCOL_TEXT, 0);
    regio__report_col(r, t, "measure", "差距测度", "measure", "", REGIO_RCOL_TEXT, 0);
    regio__report_col(r, t, "baseline_year", "基期年", "baseline year", "", REGIO_RCOL_INT, 0);
    regio__report_col(r, t, "baseline_value", "基期值", "baseline", "", REGIO_RCOL_NUM, 4);
    regio__report_col(r, t, "latest_year", "数据年份", "as of", "", REGIO_RCOL_INT, 0);
    regio__report_col(r, t, "latest_value", "最新值", "latest", "", REGIO_RCOL_NUM, 4);
    regio__report_col(r, t, "change_pct", "变化", "change", "%", REGIO_RCOL_NUM, 1);
    regio__report_col(r, t, "n", "检验年份数", "years tested", "", REGIO_RCOL_INT, 0);
    regio__report_col(r, t, "p_decrease", "下降单侧p", "one-sided p (fall)", "", REGIO_RCOL_NUM, 3);
    regio__report_col(r, t, "coverage", "覆盖", "coverage", "", REGIO_RCOL_TEXT, 0);
    regio__report_col(r, t, "warning", "预警", "warning", "", REGIO_RCOL_TEXT, 0);
    for (size_t i = 0; i < l->n; i++) {
        const regio_track_result *x = &l->items[i];
        if (!x->is_gap) continue;
        const regio_target *tg = &plan->targets[x->target];
        const regio_track_eval *e = &x->eval;
        int assessed = e->category != REGIO_TRACK_NO_DATA;
        char cov[48];
        snprintf(cov, sizeof cov, RTR(r, "%zu/%zu 个部分%s", "%zu/%zu parts%s"), x->members_used, x->members_total,
                 x->complete ? "" : RTR(r, "（不全）", " (incomplete)"));
        long row = regio__report_row(r, t);
        regio_track_warning w = regio_track_warning_of(e->category);
        regio__report_set_text(r, t, row, 0, r->lang == REGIO_LANG_ZH ? tg->name_zh : tg->name_en);
        regio__report_set_text(r, t, row, 1, regio_gap_measure_label((regio_gap_measure)regio_gap_measure_parse(tg->measure), r->lang));
        regio__report_set_num(r, t, row, 2, e->baseline_year ? e->baseline_year : NAN);
        regio__report_set_num(r, t, row, 3, e->baseline_year ? e->baseline_value : NAN);
        regio__report_set_num(r, t, row, 4, assessed ? e->latest_year : NAN);
        regio__report_set_num(r, t, row, 5, assessed ? e->latest_value : NAN);
        regio__report_set_num(r, t, row, 6, assessed ? x->change_pct : NAN);
        regio__report_set_num(r, t, row, 7, assessed ? (double)x->mk.n : NAN);
        regio__report_set_num(r, t, row, 8, assessed ? x->mk.p_decrease : NAN);
        regio__report_set_text(r, t, row, 9, x->nseries ? cov : NULL);
        regio__report_set_text(r, t, row, 10, regio_track_warning_label(w, r->lang));
        char cls[32];
        snprintf(cls, sizeof cls, "warn-%s", regio_track_warning_name(w));
        regio__report_row_class(r, t, row, cls);
    }
    regio__report_table_block(r, t);
    regio_track_list_free(l);
    return REGIO_OK;
}
