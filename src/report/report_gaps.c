/* report_gaps.c — section 3, regional gaps: the σ-convergence trend (CV, Gini, Theil T per year) of prefecture
 * GDP per capita, the same measures for county census indicators, the Theil decomposition by the plan's
 * partition blocks_west, and absolute β-convergence. The numbers come from regio_xsection_from_plan,
 * regio_ineq_summarise, regio_ineq_theil_decompose and regio_beta_convergence, as in `regio disparity` and
 * `regio convergence`. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regio/dynamics.h"
#include "regio/ineq.h"
#include "regio/xsection.h"
#include "report/report_internal.h"

static int load(regio_store *st, const regio_plan *plan, long ind, regio_level level, const int *years, size_t ny,
                long weight, long partition, regio_xsection **xs) {
    regio_xsection_plan_opts o = {.indicator = (size_t)ind, .years = years, .nyears = ny, .level = level, .weight = weight,
                                  .partition = partition};
    regio_error e;
    regio_error_clear(&e);
    if (regio_xsection_from_plan(st, plan, &o, xs, &e)) { *xs = NULL; return -1; }
    size_t nlevel = 0;
    for (size_t i = 0; i < plan->nregions; i++) nlevel += plan->regions[i].level == level;
    /* a year counts when three quarters of the level's units have a value (a year with a few early releases does not) */
    if ((*xs)->n < 3 || 4 * (*xs)->n < 3 * nlevel) { regio_xsection_free(*xs); *xs = NULL; return -1; }
    return 0;
}

static const char *ind_name(const regio_report *r, const regio_plan *plan, long k) {
    return r->lang == REGIO_LANG_ZH ? plan->indicators[k].name_zh : plan->indicators[k].name_en;
}

int rep_sec_gaps(regio_report *r, regio_store *st, const regio_plan *plan, regio_error *err) {
    rep_section(r, "gaps", RTR(r, "区域差距", "Regional gaps"));
    long gdp_pc = regio_plan_indicator(plan, "gdp_pc"), pop = regio_plan_indicator(plan, "pop");
    /* the block partition the plan's gaps are read by: blocks_west for Yunnan, else the plan's first partition */
    long part = regio_plan_partition(plan, "blocks_west");
    if (part < 0 && plan->npartitions) part = 0;
    /* 1: the prefecture series */
    long t1 = -1;
    int y0 = 0, y1 = 0;
    size_t npref = 0;
    if (gdp_pc >= 0) {
        int years[64];
        double x[64], cv[64], gini[64], theil[64];
        size_t ny = 0;
        for (int y = r->year - 30; y <= r->year && ny < 64; y++) {
            regio_xsection *xs = NULL;
            if (load(st, plan, gdp_pc, REGIO_LEVEL_PREFECTURE, &y, 1, -1, -1, &xs)) continue;
            regio_ineq_summary *s = NULL;
            regio_error e;
            if (!regio_ineq_summarise(xs->x, NULL, xs->n, &s, &e)) {
                if (t1 < 0) {
                    t1 = rep_table_new(r, "gap_trend", "州市人均GDP差距趋势", "prefecture GDP per capita: gap trend");
                    rep_col(r, t1, "year", "年份", "year", "", REGIO_RCOL_INT, 0);
                    rep_col(r, t1, "n", "州市数", "prefectures", "个", REGIO_RCOL_INT, 0);
                    rep_col(r, t1, "mean", "均值", "mean", plan->indicators[gdp_pc].unit, REGIO_RCOL_NUM, 0);
                    rep_col(r, t1, "cv", "变异系数", "CV", "", REGIO_RCOL_NUM, 4);
                    rep_col(r, t1, "gini", "基尼系数", "Gini", "", REGIO_RCOL_NUM, 4);
                    rep_col(r, t1, "theil_t", "泰尔指数T", "Theil T", "", REGIO_RCOL_NUM, 4);
                    rep_col(r, t1, "max_min", "最大/最小", "max/min", "倍", REGIO_RCOL_NUM, 2);
                }
                long row = rep_row(r, t1);
                rep_set_num(r, t1, row, 0, y);
                rep_set_num(r, t1, row, 1, (double)xs->n);
                rep_set_num(r, t1, row, 2, s->mean);
                rep_set_num(r, t1, row, 3, s->cv);
                rep_set_num(r, t1, row, 4, s->gini);
                rep_set_num(r, t1, row, 5, s->theil_t);
                rep_set_num(r, t1, row, 6, s->max_min);
                years[ny] = y; x[ny] = y; cv[ny] = s->cv; gini[ny] = s->gini; theil[ny] = s->theil_t;
                if (xs->n > npref) npref = xs->n;
                ny++;
            }
            regio_ineq_summary_free(s);
            regio_xsection_free(xs);
        }
        if (ny) {
            y0 = years[0];
            y1 = years[ny - 1];
            regio_chart_series ser[] = {{RTR(r, "变异系数", "CV"), cv}, {RTR(r, "基尼系数", "Gini"), gini}, {RTR(r, "泰尔指数T", "Theil T"), theil}};
            regio_svg *s = regio_svg_new();
            char title[256];
            snprintf(title, sizeof title, RTR(r, "州市人均GDP差距 %d–%d", "prefecture GDP per capita: gaps %d–%d"), y0, y1);
            if (s && !regio_svg_line_chart(s, title, x, ny, ser, 3, RTR(r, "指数", "index"), 640, 280, err))
                rep_htmlf(r, "<figure class=\"chart\">%s</figure>", s->buf);
            regio_svg_free(s);
            rep_table_block(r, t1);
        }
    }
    /* 2: county census indicators in the latest census year up to the report year */
    const char *codes[] = {"urban_rate", "edu_years", "gdp_pc"};
    long t2 = -1, t3 = -1;
    int cyear = 0;
    for (int y = r->year; y >= r->year - 10 && !cyear; y--) {
        regio_xsection *xs = NULL;
        long k = regio_plan_indicator(plan, "urban_rate");
        if (k >= 0 && !load(st, plan, k, REGIO_LEVEL_COUNTY, &y, 1, -1, -1, &xs)) cyear = y;
        regio_xsection_free(xs);
    }
    for (size_t c = 0; cyear && c < sizeof codes / sizeof codes[0]; c++) {
        long k = regio_plan_indicator(plan, codes[c]);
        regio_xsection *xs = NULL, *xu = NULL;
        /* the plain measures over every county with a value; the decomposition over those with a population too */
        if (k < 0 || load(st, plan, k, REGIO_LEVEL_COUNTY, &cyear, 1, -1, -1, &xu)) continue;
        if (load(st, plan, k, REGIO_LEVEL_COUNTY, &cyear, 1, pop, part, &xs)) xs = NULL;
        regio_ineq_summary *s = NULL;
        regio_theil_decomp *d = NULL;
        regio_error e;
        if (!regio_ineq_summarise(xu->x, NULL, xu->n, &s, &e)) {
            if (t2 < 0) {
                t2 = rep_table_new(r, "gap_county", "县级指标差距", "county indicators: gaps");
                rep_col(r, t2, "indicator", "指标", "indicator", "", REGIO_RCOL_TEXT, 0);
                rep_col(r, t2, "year", "年份", "year", "", REGIO_RCOL_INT, 0);
                rep_col(r, t2, "n", "县数", "counties", "个", REGIO_RCOL_INT, 0);
                rep_col(r, t2, "n_weighted", "分解所用县数", "counties in the decomposition", "个", REGIO_RCOL_INT, 0);
                rep_col(r, t2, "mean", "均值", "mean", "", REGIO_RCOL_NUM, 2);
                rep_col(r, t2, "cv", "变异系数", "CV", "", REGIO_RCOL_NUM, 4);
                rep_col(r, t2, "cv_w", "人口加权CV", "CV (pop.-weighted)", "", REGIO_RCOL_NUM, 4);
                rep_col(r, t2, "gini", "基尼系数", "Gini", "", REGIO_RCOL_NUM, 4);
                rep_col(r, t2, "theil_t", "泰尔指数T", "Theil T", "", REGIO_RCOL_NUM, 4);
                rep_col(r, t2, "theil_between", "板块间(人口加权)", "between blocks (pop.-weighted)", "", REGIO_RCOL_NUM, 4);
                rep_col(r, t2, "theil_within", "板块内(人口加权)", "within blocks (pop.-weighted)", "", REGIO_RCOL_NUM, 4);
                rep_col(r, t2, "between_share", "板块间占比", "between share", "%", REGIO_RCOL_NUM, 1);
            }
            regio_ineq_summary *sw = NULL;
            if (xs) regio_ineq_summarise(xs->x, xs->w, xs->n, &sw, &e);
            long row = rep_row(r, t2);
            rep_set_text(r, t2, row, 0, ind_name(r, plan, k));
            rep_set_num(r, t2, row, 1, cyear);
            rep_set_num(r, t2, row, 2, (double)xu->n);
            rep_set_num(r, t2, row, 3, xs ? (double)xs->n : NAN);
            rep_set_num(r, t2, row, 4, s->mean);
            rep_set_num(r, t2, row, 5, s->cv);
            rep_set_num(r, t2, row, 6, sw ? sw->cv_w : NAN);
            rep_set_num(r, t2, row, 7, s->gini);
            rep_set_num(r, t2, row, 8, s->theil_t);
            regio_ineq_summary_free(sw);
            if (xs && xs->group && !regio_ineq_theil_decompose(xs->x, xs->w, xs->n, xs->group, xs->ngroups, REGIO_THEIL_T, &d, &e)) {
                rep_set_num(r, t2, row, 9, d->between);
                rep_set_num(r, t2, row, 10, d->within);
                rep_set_num(r, t2, row, 11, d->total > 0 ? 100 * d->between / d->total : NAN);
                if (strcmp(codes[c], "urban_rate") == 0) {
                    t3 = rep_table_new(r, "theil_blocks", "泰尔指数按板块分解", "Theil decomposition by block");
                    rep_col(r, t3, "block", "板块", "block", "", REGIO_RCOL_TEXT, 0);
                    rep_col(r, t3, "n", "县数", "counties", "个", REGIO_RCOL_INT, 0);
                    rep_col(r, t3, "pop_share", "人口份额", "population share", "", REGIO_RCOL_NUM, 4);
                    rep_col(r, t3, "mean", "均值", "mean", plan->indicators[k].unit, REGIO_RCOL_NUM, 2);
                    rep_col(r, t3, "theil", "组内泰尔T", "Theil T within the block", "", REGIO_RCOL_NUM, 4);
                    rep_col(r, t3, "within_term", "组内贡献", "part of within", "", REGIO_RCOL_NUM, 4);
                    rep_col(r, t3, "between_term", "组间贡献", "part of between", "", REGIO_RCOL_NUM, 4);
                    for (size_t g = 0; g < d->ngroups; g++) {
                        long q = rep_row(r, t3);
                        long gi = regio_plan_group(plan, xs->group_ids[g]);
                        rep_set_text(r, t3, q, 0, gi < 0 ? xs->group_names[g] : r->lang == REGIO_LANG_ZH ? plan->groups[gi].name_zh : plan->groups[gi].name_en);
                        rep_set_num(r, t3, q, 1, (double)d->n[g]);
                        rep_set_num(r, t3, q, 2, d->pop_share[g]);
                        rep_set_num(r, t3, q, 3, d->mean[g]);
                        rep_set_num(r, t3, q, 4, d->theil[g]);
                        rep_set_num(r, t3, q, 5, d->within_term[g]);
                        rep_set_num(r, t3, q, 6, d->between_term[g]);
                    }
                }
            }
        }
        regio_theil_decomp_free(d);
        regio_ineq_summary_free(s);
        regio_xsection_free(xs);
        regio_xsection_free(xu);
    }
    if (t2 >= 0) {
        rep_para(r, RTR(r, "县级普查指标的差距（均值与 CV、Gini、Theil 不加权；板块分解按常住人口加权）：",
                        "Gaps of county census indicators (mean, CV, Gini, Theil unweighted; the block decomposition weighted by resident "
                        "population):"));
        rep_table_block(r, t2);
    }
    if (t3 >= 0) rep_table_block(r, t3);
    /* 3: absolute β-convergence of prefecture GDP per capita over the series' span */
    long t4 = -1;
    if (gdp_pc >= 0 && y1 > y0) {
        int ys[2] = {y0, y1};
        regio_xsection *xs = NULL;
        regio_beta *b = NULL;
        regio_error e;
        if (!load(st, plan, gdp_pc, REGIO_LEVEL_PREFECTURE, ys, 2, -1, -1, &xs) &&
            !regio_beta_convergence(xs->n, xs->x, xs->x + xs->n, (double)(y1 - y0), NULL, &b, &e)) {
            t4 = rep_table_new(r, "beta", "β收敛", "beta convergence");
            rep_col(r, t4, "period", "时期", "period", "", REGIO_RCOL_TEXT, 0);
            rep_col(r, t4, "n", "单元数", "units", "个", REGIO_RCOL_INT, 0);
            rep_col(r, t4, "beta", "β", "beta", "", REGIO_RCOL_NUM, 5);
            rep_col(r, t4, "se", "标准误", "s.e.", "", REGIO_RCOL_NUM, 5);
            rep_col(r, t4, "p", "p值", "p", "", REGIO_RCOL_NUM, 4);
            rep_col(r, t4, "r2", "R²", "R2", "", REGIO_RCOL_NUM, 3);
            rep_col(r, t4, "speed", "收敛速度", "speed", "", REGIO_RCOL_NUM, 4);
            rep_col(r, t4, "half_life", "半衰期", "half-life", "年", REGIO_RCOL_NUM, 1);
            char period[32];
            snprintf(period, sizeof period, "%d–%d", y0, y1);
            long row = rep_row(r, t4);
            double v[] = {(double)b->n, b->beta, b->beta_se, b->p_value, b->r2, b->speed, b->half_life};
            rep_set_text(r, t4, row, 0, period);
            for (size_t j = 0; j < sizeof v / sizeof v[0]; j++) rep_set_num(r, t4, row, 1 + j, v[j]);
            rep_para(r, b->beta < 0 ? RTR(r, "β 为负：初始水平低的州市增长更快（绝对 β 收敛）。", "β is negative: prefectures that started lower grew faster (absolute β-convergence).")
                                    : RTR(r, "β 不为负：没有绝对 β 收敛。", "β is not negative: no absolute β-convergence."));
            rep_table_block(r, t4);
        }
        regio_beta_free(b);
        regio_xsection_free(xs);
    }
    char cov[600] = "";
    size_t len = 0;
    if (t1 >= 0)
        len += (size_t)snprintf(cov + len, sizeof cov - len, RTR(r, "州市人均GDP %d–%d 年（最多 %zu 个州市，不加权）；", "prefecture GDP per capita %d–%d (up to %zu prefectures, unweighted); "),
                                y0, y1, npref);
    if (t2 >= 0 && len < sizeof cov)
        len += (size_t)snprintf(cov + len, sizeof cov - len, RTR(r, "县级普查指标 %d 年，分区 %s；", "county census indicators %d, partition %s; "), cyear,
                                part >= 0 ? plan->partitions[part].code : "—");
    if (t4 >= 0 && len < sizeof cov)
        snprintf(cov + len, sizeof cov - len, RTR(r, "β 收敛 %d–%d 年；", "β-convergence %d–%d; "), y0, y1);
    rep_covered(r, "%s%s", cov, RTR(r, "方法：docs/methods/inequality.md、docs/methods/dynamics.md。", "methods: docs/methods/inequality.md, docs/methods/dynamics.md."));
    if (t1 < 0 && t2 < 0) rep_para(r, RTR(r, "没有可用于差距分析的数据。", "No data for the gap analysis."));
    (void)err;
    return REGIO_OK;
}
