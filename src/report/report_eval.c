/* report_eval.c — section 5, the classified evaluation: rankings of the counties within their main-function-zone
 * type with Monte Carlo rank intervals (5th–95th percentile) and the Sobol indices of the choices, from
 * regio_evaluate_plan (include/regio/evaluation.h), the function behind `regio evaluate`, and a map of the zone
 * types. The evaluation schemes are plan files, not database content: when they cannot be found the section says
 * so and shows nothing in their place. Every table says whether the zone types are official or provisional.
 * What was measured: a table of the dimensions the plan mandates per zone type (mandate.csv, plan lines 279,
 * 284, 288, 340) with the indicators that measure each or "not measured"; a ranking that misses a mandated
 * dimension is titled as partial, and every county's row says on how many of the plan's dimensions it was
 * scored, with the notes `regio evaluate` prints (counties scored on fewer dimensions than their zone type). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regio/evaluation.h"
#include "report/report_internal.h"

static const char *const ZONE_COLORS[REGIO_NZONES] = {"#e6a157", "#f2e394", "#7fb77e"};

static void zone_map(regio_report *r, const regio_plan *plan, const regio_map_shapes *m, const regio_zones *z) {
    const char **fill = calloc(m->n + 1, sizeof *fill);
    regio_svg *s = regio_svg_new();
    regio_error e;
    if (fill && s) {
        for (size_t u = 0; u < m->n; u++) {
            long reg = regio_plan_region(plan, m->ids[u]);
            if (reg >= 0 && z->zone[reg] >= 0 && z->zone[reg] < REGIO_NZONES) fill[u] = ZONE_COLORS[z->zone[reg]];
        }
        regio_legend_item items[REGIO_NZONES];
        for (int k = 0; k < REGIO_NZONES; k++) items[k] = (regio_legend_item){ZONE_COLORS[k], regio_zone_name(k, r->lang), 0};
        regio_map_opts mo = {.width = 680, .height = 520, .fill = fill, .legend = items, .nlegend = REGIO_NZONES, .id_prefix = "zones",
                             .lang = r->lang,
                             .title = z->official ? RTR(r, "主体功能区类型（官方名单）", "main-function-zone types (official list)")
                                                  : RTR(r, "主体功能区类型（暂定，非官方名单）", "main-function-zone types (provisional, not the official list)"),
                             .legend_title = RTR(r, "类型", "type")};
        if (!regio_svg_map(s, m, &mo, &e)) regio__report_htmlf(r, "<figure class=\"map\" id=\"map-zones\">%s</figure>", s->buf);
    }
    free(fill);
    regio_svg_free(s);
}

/* the plan's mandated dimensions per zone type: measured by which indicators, or not measured */
static void mandate_table(regio_report *r, const regio_plan *plan, const regio_scheme *s) {
    if (!s->has_mandate) {
        regio__report_para(r, RTR(r, "评价方案未附规划要求的考核维度表：无法核对各类型应评价的维度。",
                        "The evaluation schemes come without the plan's table of mandated dimensions: they cannot be checked."));
        return;
    }
    long t = regio__report_table_new(r, "eval_mandate", "规划要求的考核维度及其测度", "the dimensions the plan mandates and how they are measured");
    regio__report_col(r, t, "zone", "类型", "zone type", "", REGIO_RCOL_TEXT, 0);
    regio__report_col(r, t, "dimension", "规划要求的维度", "dimension the plan mandates", "", REGIO_RCOL_TEXT, 0);
    regio__report_col(r, t, "plan_line", "规划行号", "plan line", "", REGIO_RCOL_INT, 0);
    regio__report_col(r, t, "measured", "是否测度", "measured", "", REGIO_RCOL_TEXT, 0);
    regio__report_col(r, t, "indicators", "测度指标", "indicators", "", REGIO_RCOL_TEXT, 0);
    for (int z = 0; z < REGIO_NZONES; z++) {
        const regio_scheme_zone *sz = &s->zone[z];
        for (size_t k = 0; k < sz->nmandate; k++) {
            const regio_mandate_dim *m = &sz->mandate[k];
            long row = regio__report_row(r, t);
            regio__report_set_text(r, t, row, 0, regio_zone_name(z, r->lang));
            regio__report_set_text(r, t, row, 1, r->lang == REGIO_LANG_ZH ? m->name_zh : m->name_en);
            regio__report_set_num(r, t, row, 2, (double)m->plan_line);
            regio__report_set_text(r, t, row, 3, m->measured ? RTR(r, "是", "yes") : RTR(r, "否：无数据", "no: no data"));
            char inds[1024] = "";
            for (size_t j = 0; m->measured && j < sz->ninds; j++) {
                if ((long)sz->inds[j].dim != m->dim) continue;
                const regio_indicator *ind = &plan->indicators[sz->inds[j].indicator];
                size_t len = strlen(inds);
                snprintf(inds + len, sizeof inds - len, "%s%s", len ? RTR(r, "、", ", ") : "", r->lang == REGIO_LANG_ZH ? ind->name_zh : ind->name_en);
            }
            regio__report_set_text(r, t, row, 4, inds);
            if (!m->measured) regio__report_row_class(r, t, row, "warn-grey");
        }
    }
    regio__report_table_block(r, t);
}

/* the notes `regio evaluate` prints, one paragraph each: partial rankings; counties scored on fewer dimensions */
static void notes(regio_report *r, const regio_plan *plan, const regio_evaluation *ev) {
    const regio_scheme *s = ev->scheme;
    char line[8192];
    size_t len = 0;
    line[0] = '\0';
    for (int z = 0; z < REGIO_NZONES; z++) {
        char title[1200];
        if (!regio_scheme_partial_title(&s->zone[z], r->lang, title, sizeof title)) continue;
        len += (size_t)snprintf(line + len, sizeof line - len, RTR(r, "%s%s：%s。", "%s%s: %s."), len ? RTR(r, "", " ") : "",
                                regio_zone_name(z, r->lang), title);
        if (len >= sizeof line) len = sizeof line - 1;
    }
    if (len) {
        snprintf(line + len, sizeof line - len, "%s", RTR(r, "这些排名只反映已测维度，不是规划要求的综合考核。",
                                                      " These rankings reflect the measured dimensions only, not the plan's full evaluation."));
        regio__report_para(r, line);
    }
    len = 0;
    line[0] = '\0';
    for (size_t i = 0; i < ev->nunits; i++) {
        const regio_eval_unit *u = &ev->units[i];
        if (!(u->flags & REGIO_EVAL_FEWER_DIMS)) continue;
        size_t of = 0;
        for (size_t k = 0; k < ev->nunits; k++) of += ev->units[k].zone == u->zone && ev->units[k].rank > 0;
        len += (size_t)snprintf(line + len, sizeof line - len,
                                RTR(r, "%s%s（%s）排第 %d（共 %zu 个县），但仅按 %zu 个维度计分（该类型已测 %zu 个）",
                                    "%s%s (%s) ranks %d of %zu on only %zu of the %zu measured dimensions"),
                                len ? RTR(r, "；", "; ") : RTR(r, "注意：", "Note: "), regio_region_name(&plan->regions[u->region], r->lang),
                                regio_zone_name(u->zone, r->lang), u->rank, of, u->ndims_scored, u->ndims_measured);
        if (len >= sizeof line - 4) len = sizeof line - 4;
    }
    if (len) {
        snprintf(line + len, sizeof line - len, "%s", RTR(r, "。", "."));
        regio__report_para(r, line);
    }
}

int regio__report_sec_evaluation(regio_report *r, regio_store *st, const regio_plan *plan, const regio_map_shapes *county,
                       const regio_report_opts *o, regio_error *err) {
    regio__report_section(r, "evaluation", RTR(r, "分类综合评价", "Classified evaluation"));
    char dbuf[4096];
    const char *dir = o->schemes_dir;
    if (!dir) dir = getenv("REGIO_SCHEMES");
    if (!dir || !*dir) { /* the evaluation/ folder of the plan directory init read, as `regio evaluate` */
        char *plan_dir = NULL;
        regio_error me;
        regio_store_meta_get(st, "plan_dir", &plan_dir, &me);
        if (plan_dir) snprintf(dbuf, sizeof dbuf, "%s/evaluation", plan_dir);
        else snprintf(dbuf, sizeof dbuf, "data/%s/evaluation", plan->name ? plan->name : "");
        free(plan_dir);
        dir = dbuf;
    }
    regio_scheme *s = NULL;
    regio_zones *z = NULL;
    regio_evaluation *ev = NULL;
    regio_error e;
    regio_error_clear(&e);
    int no_scheme = 0;
    if ((no_scheme = regio_scheme_load(dir, o->scheme ? o->scheme : "default", plan, &s, &e) != 0) || regio_zones_load(st, plan, &z, &e)) {
        /* the reason in the reader's words; the error itself (it names files) is left out of the body */
        if (no_scheme)
            regio__report_covered(r, "%s", RTR(r, "无：没有可用的评价方案（规划目录未附评价方案，或方案无法读取）。",
                                     "none: no evaluation scheme is available (the plan directory supplies none, or it cannot be read)."));
        else
            regio__report_covered(r, "%s", RTR(r, "无：主体功能区类型不可用。", "none: the zone types are not available."));
        regio__report_para(r, RTR(r, "分类综合评价未能进行，本节不给出任何替代结果。",
                        "The classified evaluation could not be run; the report shows no stand-in results."));
        goto out;
    }
    /* the latest year up to the report's in which at least half the counties get a score */
    size_t ncounty = 0;
    for (size_t i = 0; i < plan->nregions; i++) ncounty += plan->regions[i].level == REGIO_LEVEL_COUNTY;
    for (int y = r->year; y >= r->year - 10 && !ev; y--) {
        regio_eval_opts eo = {.year = y, .draws = o->eval_draws ? o->eval_draws : 1000, .seed = 1, .perturb = 0.25};
        if (regio_evaluate_plan(st, plan, s, z, &eo, &ev, &e)) { ev = NULL; continue; }
        size_t scored = 0;
        for (size_t i = 0; i < ev->nunits; i++) scored += isfinite(ev->units[i].score);
        if (2 * scored < ncounty) { regio_evaluation_free(ev); ev = NULL; }
    }
    if (!ev) {
        regio__report_covered(r, "%s", RTR(r, "无：截至报告年份没有足够数据进行分类综合评价。", "none: not enough data up to the report's year for the classified evaluation."));
        regio__report_para(r, RTR(r, "分类综合评价未能进行，本节不给出任何替代结果。", "The classified evaluation could not be run; the report shows no stand-in results."));
        goto out;
    }
    regio__report_covered(r, RTR(r, "%d 年，%zu 个县，评价方案 %s；%s；排名区间为 %zu 次蒙特卡洛模拟（标准化、汇总方法、权重±25%%，种子 1）的第 5–95 百分位。",
                       "%d, %zu counties, scheme %s; %s; rank intervals are the 5th–95th percentiles over %zu Monte Carlo draws (normalisation, "
                       "aggregation, weights ±25%%, seed 1)."),
                ev->year, ev->nunits, s->name, /* the schemes' directory is a machine path: not in the body */
                ev->zones_official ? RTR(r, "官方主体功能区类型", "official zone types")
                                   : RTR(r, "暂定主体功能区类型（按规则推定，非官方名单）", "provisional zone types (derived by a rule, not the official list)"),
                ev->opts.draws);
    if (county) zone_map(r, plan, county, z);
    mandate_table(r, plan, s);
    notes(r, plan, ev);
    for (int zt = 0; zt < REGIO_NZONES; zt++) {
        char key[32], tzh[1400], ten[1400], pzh[1200], pen[1200];
        snprintf(key, sizeof key, "eval_%s", regio_zone_code(zt));
        int partial = regio_scheme_partial_title(&s->zone[zt], REGIO_LANG_ZH, pzh, sizeof pzh) > 0;
        regio_scheme_partial_title(&s->zone[zt], REGIO_LANG_EN, pen, sizeof pen);
        snprintf(tzh, sizeof tzh, "分类评价排名：%s%s%s%s", regio_zone_name(zt, REGIO_LANG_ZH), partial ? "（" : "", pzh, partial ? "）" : "");
        snprintf(ten, sizeof ten, "evaluation ranks: %s%s%s%s", regio_zone_name(zt, REGIO_LANG_EN), partial ? " (" : "", pen, partial ? ")" : "");
        long t = regio__report_table_new(r, key, tzh, ten);
        regio__report_col(r, t, "rank", "排名", "rank", "", REGIO_RCOL_INT, 0);
        regio__report_col(r, t, "code", "编码", "code", "", REGIO_RCOL_TEXT, 0);
        regio__report_col(r, t, "name", "名称", "name", "", REGIO_RCOL_TEXT, 0);
        regio__report_col(r, t, "score", "综合得分", "score", "", REGIO_RCOL_NUM, 2);
        regio__report_col(r, t, "rank_median", "排名中位数", "median rank", "", REGIO_RCOL_NUM, 1);
        regio__report_col(r, t, "rank_p05", "排名P5", "rank p5", "", REGIO_RCOL_NUM, 0);
        regio__report_col(r, t, "rank_p95", "排名P95", "rank p95", "", REGIO_RCOL_NUM, 0);
        regio__report_col(r, t, "zone_types", "类型依据", "zone types", "", REGIO_RCOL_TEXT, 0);
        regio__report_col(r, t, "plan_dims", "规划维度（计分/要求）", "plan dimensions (scored/required)", "", REGIO_RCOL_TEXT, 0);
        regio__report_col(r, t, "marks", "标记", "marks", "", REGIO_RCOL_TEXT, 0);
        /* ranked units first, by rank; unscored last */
        for (int pass = 0; pass < 2; pass++)
            for (int rank = pass ? 0 : 1; rank <= (pass ? 0 : (int)ev->nunits); rank++)
                for (size_t i = 0; i < ev->nunits; i++) {
                    const regio_eval_unit *u = &ev->units[i];
                    if (u->zone != zt || u->rank != rank) continue;
                    long row = regio__report_row(r, t);
                    regio__report_set_num(r, t, row, 0, u->rank ? u->rank : NAN);
                    regio__report_set_text(r, t, row, 1, plan->regions[u->region].code);
                    regio__report_set_text(r, t, row, 2, regio_region_name(&plan->regions[u->region], r->lang));
                    regio__report_set_num(r, t, row, 3, u->score);
                    regio__report_set_num(r, t, row, 4, u->mc_median);
                    regio__report_set_num(r, t, row, 5, u->mc_p05);
                    regio__report_set_num(r, t, row, 6, u->mc_p95);
                    regio__report_set_text(r, t, row, 7, ev->zones_official ? RTR(r, "官方", "official") : RTR(r, "暂定", "provisional"));
                    char pd[32], mk[256] = "";
                    if (s->has_mandate) snprintf(pd, sizeof pd, "%zu/%zu", regio_eval_mandate_scored(s, u), s->zone[zt].nmandate);
                    else snprintf(pd, sizeof pd, "—");
                    regio__report_set_text(r, t, row, 8, pd);
                    if (u->rank && partial) snprintf(mk, sizeof mk, "%s", RTR(r, "部分排名", "partial ranking"));
                    if (u->flags & REGIO_EVAL_FEWER_DIMS) {
                        size_t len = strlen(mk);
                        snprintf(mk + len, sizeof mk - len, RTR(r, "%s仅按 %zu/%zu 个已测维度计分", "%sscored on only %zu of %zu measured dimensions"),
                                 len ? RTR(r, "；", "; ") : "", u->ndims_scored, u->ndims_measured);
                    }
                    if (u->flags & REGIO_EVAL_NOSCORE) snprintf(mk, sizeof mk, "%s", RTR(r, "无数据，未排名", "no data, not ranked"));
                    regio__report_set_text(r, t, row, 9, mk);
                }
        regio__report_table_block(r, t);
    }
    if (ev->uncertainty) {
        long t = regio__report_table_new(r, "eval_sobol", "排名对方法选择的敏感性（Sobol 指数）", "sensitivity of the ranks to the choices (Sobol indices)");
        regio__report_col(r, t, "factor", "因素", "factor", "", REGIO_RCOL_TEXT, 0);
        regio__report_col(r, t, "s1", "一阶指数 S1", "first-order S1", "", REGIO_RCOL_NUM, 3);
        regio__report_col(r, t, "st", "总效应指数 ST", "total ST", "", REGIO_RCOL_NUM, 3);
        const char *names[REGIO_EVAL_NFACTORS][2] = {{"标准化方法", "normalisation"}, {"汇总方法", "aggregation"}, {"权重", "weights"}};
        for (int f = 0; f < REGIO_EVAL_NFACTORS; f++) {
            long row = regio__report_row(r, t);
            regio__report_set_text(r, t, row, 0, r->lang == REGIO_LANG_ZH ? names[f][0] : names[f][1]);
            regio__report_set_num(r, t, row, 1, ev->sobol_s1[f]);
            regio__report_set_num(r, t, row, 2, ev->sobol_st[f]);
        }
        regio__report_table_block(r, t);
    }
out:
    regio_evaluation_free(ev);
    regio_zones_free(z);
    regio_scheme_free(s);
    (void)err;
    return REGIO_OK;
}
