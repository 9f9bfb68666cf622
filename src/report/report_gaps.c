/* report_gaps.c — the regional gaps section: the σ-convergence trend (CV, Gini, Theil T per year) of the gap
 * indicator at its level, the same measures for county indicators in the census year, the Theil decomposition by
 * the plan's partition, and absolute β-convergence. What is measured comes from report.csv (gap_indicator,
 * gap_level, county_indicators, census_years, weight, partition). The numbers come from regio_xsection_from_plan,
 * regio_ineq_summarise, regio_ineq_theil_decompose and regio_beta_convergence, as in `regio disparity` and
 * `regio convergence`. Series breaks (breaks.csv, regio_plan_break_between) are marked in the series table and
 * under the chart; β-convergence is not run across one: it covers the comparable span after the last break. Then the
 * plan's gap targets with the test of their fall (report_gap_targets.c). */
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

static const char *level_word(const regio_report *r, regio_level lv) {
    return lv == REGIO_LEVEL_PROVINCE ? RTR(r, "省", "province") : lv == REGIO_LEVEL_PREFECTURE ? RTR(r, "州市", "prefecture") : RTR(r, "县", "county");
}

int regio__report_sec_gaps(regio_report *r, regio_store *st, const regio_plan *plan, regio_error *err) {
    regio__report_section(r, "gaps", RTR(r, "区域差距", "Regional gaps"));
    const rep_config *cf = r->config;
    long gi = cf->gap_indicator, weight = cf->weight, part = cf->partition;
    regio_level glv = cf->gap_level;
    /* 1: the series of the gap indicator */
    long t1 = -1;
    int y0 = 0, y1 = 0, ys = 0; /* first, last year; first year of the comparable span after the last break */
    size_t nunits = 0;
    long last_break = -1;
    char gname[300] = "";
    if (gi >= 0) {
        snprintf(gname, sizeof gname, RTR(r, "%s%s", "%s %s"), level_word(r, glv), ind_name(r, plan, gi)); /* 州市人均GDP / prefecture GDP per capita */
        int years[64];
        double x[64], cv[64], gini[64], theil[64];
        size_t ny = 0, nmarks = 0;
        regio_chart_mark marks[64];  /* the series breaks drawn on the chart */
        char mark_label[64][96];
        for (int y = r->year - 30; y <= r->year && ny < 64; y++) {
            regio_xsection *xs = NULL;
            if (load(st, plan, gi, glv, &y, 1, -1, -1, &xs)) continue;
            regio_ineq_summary *s = NULL;
            regio_error e;
            if (!regio_ineq_summarise(xs->x, NULL, xs->n, &s, &e)) {
                if (t1 < 0) {
                    char tz[400], te[400];
                    snprintf(tz, sizeof tz, "%s%s差距趋势", level_word(r, glv), plan->indicators[gi].name_zh);
                    snprintf(te, sizeof te, "%s %s: gap trend", glv == REGIO_LEVEL_PREFECTURE ? "prefecture" : glv == REGIO_LEVEL_COUNTY ? "county" : "province",
                             plan->indicators[gi].name_en);
                    t1 = regio__report_table_new(r, "gap_trend", tz, te);
                    regio__report_col(r, t1, "year", "年份", "year", "", REGIO_RCOL_INT, 0);
                    regio__report_col(r, t1, "n", "单元数", "units", "个", REGIO_RCOL_INT, 0);
                    regio__report_col(r, t1, "mean", "均值", "mean", regio_unit_label(plan->indicators[gi].unit, r->lang), REGIO_RCOL_NUM, 0);
                    regio__report_col(r, t1, "cv", "变异系数", "CV", "", REGIO_RCOL_NUM, 4);
                    regio__report_col(r, t1, "gini", "基尼系数", "Gini", "", REGIO_RCOL_NUM, 4);
                    regio__report_col(r, t1, "theil_t", "泰尔指数T", "Theil T", "", REGIO_RCOL_NUM, 4);
                    regio__report_col(r, t1, "max_min", "最大/最小", "max/min", RTR(r, "倍", "times"), REGIO_RCOL_NUM, 2);
                    regio__report_col(r, t1, "break", "口径变化（与上一年不可比）", "series break (not comparable with the year before)", "", REGIO_RCOL_TEXT, 0);
                }
                long row = regio__report_row(r, t1);
                regio__report_set_num(r, t1, row, 0, y);
                regio__report_set_num(r, t1, row, 1, (double)xs->n);
                regio__report_set_num(r, t1, row, 2, s->mean);
                regio__report_set_num(r, t1, row, 3, s->cv);
                regio__report_set_num(r, t1, row, 4, s->gini);
                regio__report_set_num(r, t1, row, 5, s->theil_t);
                regio__report_set_num(r, t1, row, 6, s->max_min);
                long b = ny ? regio_plan_break_between(plan, (size_t)gi, (int)glv, -1, years[ny - 1], y) : -1;
                if (b >= 0) {
                    regio__report_set_text(r, t1, row, 7, r->lang == REGIO_LANG_ZH ? plan->breaks[b].reason_zh : plan->breaks[b].reason_en);
                    last_break = b;
                    ys = y;
                    /* the chart's marker: "2019 经济普查修订" (the reason up to its colon), the whole reason as tooltip */
                    const char *why = r->lang == REGIO_LANG_ZH ? plan->breaks[b].reason_zh : plan->breaks[b].reason_en;
                    const char *cut = strstr(why, r->lang == REGIO_LANG_ZH ? "：" : ":");
                    snprintf(mark_label[nmarks], sizeof mark_label[0], "%d %.*s", y, cut ? (int)(cut - why) : (int)strlen(why), why);
                    marks[nmarks] = (regio_chart_mark){y, mark_label[nmarks], why};
                    nmarks++;
                }
                years[ny] = y; x[ny] = y; cv[ny] = s->cv; gini[ny] = s->gini; theil[ny] = s->theil_t;
                if (xs->n > nunits) nunits = xs->n;
                ny++;
            }
            regio_ineq_summary_free(s);
            regio_xsection_free(xs);
        }
        if (ny) {
            y0 = years[0];
            y1 = years[ny - 1];
            if (!ys) ys = y0;
            regio_chart_series ser[] = {{RTR(r, "变异系数", "CV"), cv}, {RTR(r, "基尼系数", "Gini"), gini}, {RTR(r, "泰尔指数T", "Theil T"), theil}};
            regio_svg *s = regio_svg_new();
            char title[400];
            snprintf(title, sizeof title, RTR(r, "%s差距 %d–%d", "%s: gaps %d–%d"), gname, y0, y1);
            char cap[900] = "";
            if (last_break >= 0)
                snprintf(cap, sizeof cap, RTR(r, "口径变化：%d年起与此前不可比（%s）；β 收敛只计算 %d–%d 年。",
                                              "Series break: from %d on not comparable with the years before (%s); β-convergence covers %d–%d only."),
                         plan->breaks[last_break].from_year, r->lang == REGIO_LANG_ZH ? plan->breaks[last_break].reason_zh : plan->breaks[last_break].reason_en,
                         ys, y1);
            if (s && !regio_svg_line_chart_marked(s, title, x, ny, ser, 3, RTR(r, "指数", "index"), 640, 280, marks, nmarks, err)) {
                regio_svg *c = regio_svg_new();
                if (c) regio_svg_text(c, cap);
                regio__report_htmlf(r, "<figure class=\"chart\">%s<figcaption>%s</figcaption></figure>", s->buf, c && !c->failed ? c->buf : "");
                regio_svg_free(c);
            }
            regio_svg_free(s);
            regio__report_table_block(r, t1);
        }
    }
    /* 2: county indicators in the latest census year up to the report year */
    long t2 = -1, t3 = -1;
    int cyear = regio__report_config_census_year(cf, r->year);
    if (cyear && cf->ncounty) { /* the census year counts when the first indicator covers three quarters of the counties */
        regio_xsection *xs = NULL;
        if (load(st, plan, cf->county[0], REGIO_LEVEL_COUNTY, &cyear, 1, -1, -1, &xs)) cyear = 0;
        regio_xsection_free(xs);
    }
    for (size_t c = 0; cyear && c < cf->ncounty; c++) {
        long k = cf->county[c];
        regio_xsection *xs = NULL, *xu = NULL;
        /* the plain measures over every county with a value; the decomposition over those with a population too */
        if (load(st, plan, k, REGIO_LEVEL_COUNTY, &cyear, 1, -1, -1, &xu)) continue;
        if (weight < 0 || part < 0 || load(st, plan, k, REGIO_LEVEL_COUNTY, &cyear, 1, weight, part, &xs)) xs = NULL;
        regio_ineq_summary *s = NULL;
        regio_theil_decomp *d = NULL;
        regio_error e;
        if (!regio_ineq_summarise(xu->x, NULL, xu->n, &s, &e)) {
            if (t2 < 0) {
                t2 = regio__report_table_new(r, "gap_county", "县级指标差距", "county indicators: gaps");
                regio__report_col(r, t2, "indicator", "指标", "indicator", "", REGIO_RCOL_TEXT, 0);
                regio__report_col(r, t2, "year", "年份", "year", "", REGIO_RCOL_INT, 0);
                regio__report_col(r, t2, "n", "县数", "counties", "个", REGIO_RCOL_INT, 0);
                regio__report_col(r, t2, "n_weighted", "分解所用县数", "counties in the decomposition", "个", REGIO_RCOL_INT, 0);
                regio__report_col(r, t2, "mean", "均值", "mean", "", REGIO_RCOL_NUM, 2);
                regio__report_col(r, t2, "cv", "变异系数", "CV", "", REGIO_RCOL_NUM, 4);
                regio__report_col(r, t2, "cv_w", "人口加权CV", "CV (pop.-weighted)", "", REGIO_RCOL_NUM, 4);
                regio__report_col(r, t2, "gini", "基尼系数", "Gini", "", REGIO_RCOL_NUM, 4);
                regio__report_col(r, t2, "theil_t", "泰尔指数T", "Theil T", "", REGIO_RCOL_NUM, 4);
                regio__report_col(r, t2, "theil_between", "板块间(人口加权)", "between blocks (pop.-weighted)", "", REGIO_RCOL_NUM, 4);
                regio__report_col(r, t2, "theil_within", "板块内(人口加权)", "within blocks (pop.-weighted)", "", REGIO_RCOL_NUM, 4);
                regio__report_col(r, t2, "between_share", "板块间占比", "between share", "%", REGIO_RCOL_NUM, 1);
            }
            regio_ineq_summary *sw = NULL;
            if (xs) regio_ineq_summarise(xs->x, xs->w, xs->n, &sw, &e);
            long row = regio__report_row(r, t2);
            regio__report_set_text(r, t2, row, 0, ind_name(r, plan, k));
            regio__report_set_num(r, t2, row, 1, cyear);
            regio__report_set_num(r, t2, row, 2, (double)xu->n);
            regio__report_set_num(r, t2, row, 3, xs ? (double)xs->n : NAN);
            regio__report_set_num(r, t2, row, 4, s->mean);
            regio__report_set_num(r, t2, row, 5, s->cv);
            regio__report_set_num(r, t2, row, 6, sw ? sw->cv_w : NAN);
            regio__report_set_num(r, t2, row, 7, s->gini);
            regio__report_set_num(r, t2, row, 8, s->theil_t);
            regio_ineq_summary_free(sw);
            if (xs && xs->group && !regio_ineq_theil_decompose(xs->x, xs->w, xs->n, xs->group, xs->ngroups, REGIO_THEIL_T, &d, &e)) {
                regio__report_set_num(r, t2, row, 9, d->between);
                regio__report_set_num(r, t2, row, 10, d->within);
                regio__report_set_num(r, t2, row, 11, d->total > 0 ? 100 * d->between / d->total : NAN);
                if (c == 0) { /* the decomposition by block of the first indicator */
                    t3 = regio__report_table_new(r, "theil_blocks", "泰尔指数按板块分解", "Theil decomposition by block");
                    regio__report_col(r, t3, "block", "板块", "block", "", REGIO_RCOL_TEXT, 0);
                    regio__report_col(r, t3, "n", "县数", "counties", "个", REGIO_RCOL_INT, 0);
                    regio__report_col(r, t3, "pop_share", "人口份额", "population share", "", REGIO_RCOL_NUM, 4);
                    regio__report_col(r, t3, "mean", "均值", "mean", regio_unit_label(plan->indicators[k].unit, r->lang), REGIO_RCOL_NUM, 2);
                    regio__report_col(r, t3, "theil", "组内泰尔T", "Theil T within the block", "", REGIO_RCOL_NUM, 4);
                    regio__report_col(r, t3, "within_term", "组内贡献", "part of within", "", REGIO_RCOL_NUM, 4);
                    regio__report_col(r, t3, "between_term", "组间贡献", "part of between", "", REGIO_RCOL_NUM, 4);
                    for (size_t g = 0; g < d->ngroups; g++) {
                        long q = regio__report_row(r, t3);
                        long grp = regio_plan_group(plan, xs->group_ids[g]);
                        regio__report_set_text(r, t3, q, 0, grp < 0 ? xs->group_names[g] : r->lang == REGIO_LANG_ZH ? plan->groups[grp].name_zh : plan->groups[grp].name_en);
                        regio__report_set_num(r, t3, q, 1, (double)d->n[g]);
                        regio__report_set_num(r, t3, q, 2, d->pop_share[g]);
                        regio__report_set_num(r, t3, q, 3, d->mean[g]);
                        regio__report_set_num(r, t3, q, 4, d->theil[g]);
                        regio__report_set_num(r, t3, q, 5, d->within_term[g]);
                        regio__report_set_num(r, t3, q, 6, d->between_term[g]);
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
        char p2[600];
        snprintf(p2, sizeof p2, RTR(r, "县级指标在普查年（%d年）的差距（均值与 CV、Gini、Theil 不加权；板块分解按%s加权）：",
                                   "Gaps of county indicators in the census year %d (mean, CV, Gini, Theil unweighted; the block decomposition weighted by %s):"),
                 cyear, weight >= 0 ? ind_name(r, plan, weight) : "—");
        regio__report_para(r, p2);
        regio__report_table_block(r, t2);
    }
    if (t3 >= 0) regio__report_table_block(r, t3);
    /* 3: absolute β-convergence of prefecture GDP per capita over the series' span */
    long t4 = -1;
    if (gi >= 0 && y1 > ys) {
        int span[2] = {ys, y1};
        regio_xsection *xs = NULL;
        regio_beta *b = NULL;
        regio_error e;
        if (!load(st, plan, gi, glv, span, 2, -1, -1, &xs) &&
            !regio_beta_convergence(xs->n, xs->x, xs->x + xs->n, (double)(y1 - ys), NULL, &b, &e)) {
            t4 = regio__report_table_new(r, "beta", "β收敛", "beta convergence");
            regio__report_col(r, t4, "period", "时期", "period", "", REGIO_RCOL_TEXT, 0);
            regio__report_col(r, t4, "n", "单元数", "units", "个", REGIO_RCOL_INT, 0);
            regio__report_col(r, t4, "beta", "β", "beta", "", REGIO_RCOL_NUM, 5);
            regio__report_col(r, t4, "se", "标准误", "s.e.", "", REGIO_RCOL_NUM, 5);
            regio__report_col(r, t4, "p", "p值", "p", "", REGIO_RCOL_NUM, 4);
            regio__report_col(r, t4, "r2", "R²", "R2", "", REGIO_RCOL_NUM, 3);
            regio__report_col(r, t4, "speed", "收敛速度", "speed", "", REGIO_RCOL_NUM, 4);
            regio__report_col(r, t4, "half_life", "半衰期", "half-life", "年", REGIO_RCOL_NUM, 1);
            char period[32];
            snprintf(period, sizeof period, "%d–%d", ys, y1);
            long row = regio__report_row(r, t4);
            double v[] = {(double)b->n, b->beta, b->beta_se, b->p_value, b->r2, b->speed, b->half_life};
            regio__report_set_text(r, t4, row, 0, period);
            for (size_t j = 0; j < sizeof v / sizeof v[0]; j++) regio__report_set_num(r, t4, row, 1 + j, v[j]);
            regio__report_para(r, b->beta < 0 ? RTR(r, "β 为负：初始水平低的单元增长更快（绝对 β 收敛）。", "β is negative: units that started lower grew faster (absolute β-convergence).")
                                    : RTR(r, "β 不为负：没有绝对 β 收敛。", "β is not negative: no absolute β-convergence."));
            if (last_break >= 0) {
                char bl[600];
                snprintf(bl, sizeof bl, RTR(r, "β 收敛只计算口径一致的 %d–%d 年，不跨越 %d 年的口径变化。", "β-convergence covers the comparable years %d–%d only, not across the series break of %d."),
                         ys, y1, plan->breaks[last_break].from_year);
                regio__report_para(r, bl);
            }
            regio__report_table_block(r, t4);
        }
        regio_beta_free(b);
        regio_xsection_free(xs);
    }
    /* 4: the plan's gap targets, read off these series, with the test of their fall */
    int rc = regio__report_gap_targets(r, st, plan, err);
    if (rc) return rc;
    char cov[900] = "";
    size_t len = 0;
    if (t1 >= 0)
        len += (size_t)snprintf(cov + len, sizeof cov - len, RTR(r, "%s %d–%d 年（最多 %zu 个单元，不加权）；", "%s %d–%d (up to %zu units, unweighted); "),
                                gname, y0, y1, nunits);
    if (t2 >= 0 && len < sizeof cov)
        len += (size_t)snprintf(cov + len, sizeof cov - len, RTR(r, "县级指标 %d 年，按“%s”分解；", "county indicators %d, decomposed by %s; "), cyear,
                                part >= 0 ? (r->lang == REGIO_LANG_ZH ? plan->partitions[part].name_zh : plan->partitions[part].name_en) : "—");
    if (t4 >= 0 && len < sizeof cov)
        len += (size_t)snprintf(cov + len, sizeof cov - len, RTR(r, "β 收敛 %d–%d 年；", "β-convergence %d–%d; "), ys, y1);
    if (!cf->found && len < sizeof cov)
        snprintf(cov + len, sizeof cov - len, "%s", RTR(r, "规划目录没有报告设置（report.csv），未指定差距指标；", "the plan directory has no report settings (report.csv): no gap indicator is set; "));
    regio__report_covered(r, "%s%s", cov, RTR(r, "方法见“数据与方法”。", "methods in \"Data and methods\"."));
    if (t1 < 0 && t2 < 0) regio__report_para(r, RTR(r, "没有可用于差距分析的数据。", "No data for the gap analysis."));
    return REGIO_OK;
}
