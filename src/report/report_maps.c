/* report_maps.c — the maps section: choropleths of the indicators report.csv names (map_county in the census
 * year, map_prefecture in the latest well-covered year) and the LISA cluster map of lisa_indicator with the stored
 * weights lisa_weights (regio_store_load_weights, row-standardised, seeded permutations), as `regio spatial`
 * computes it. Every county carries its name (and value) as an SVG <title> tooltip; prefectures are labelled. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regio/autocorr.h"
#include "regio/weights.h"
#include "regio/xsection.h"
#include "report/report_internal.h"

/* values of xs on the map's units (NaN where a unit has none) */
static double *on_map(const regio_map_shapes *m, const regio_xsection *xs) {
    double *v = malloc(sizeof(double) * (m->n + 1));
    if (!v) return NULL;
    for (size_t u = 0; u < m->n; u++) v[u] = NAN;
    for (size_t i = 0; i < xs->n; i++) {
        long u = regio_map_shapes_find(m, xs->ids[i]);
        if (u >= 0) v[u] = xs->x[i];
    }
    return v;
}

/* the latest year up to upto in which at least three quarters of the level's units have a value */
static int find_year(regio_store *st, const regio_plan *plan, long k, regio_level level, int upto, regio_xsection **xs) {
    size_t nlevel = 0;
    for (size_t i = 0; i < plan->nregions; i++) nlevel += plan->regions[i].level == level;
    for (int y = upto; y >= upto - 10; y--) {
        regio_xsection_plan_opts o = {.indicator = (size_t)k, .years = &y, .nyears = 1, .level = level, .weight = -1, .partition = -1};
        regio_error e;
        if (!regio_xsection_from_plan(st, plan, &o, xs, &e)) {
            if ((*xs)->n >= 3 && 4 * (*xs)->n >= 3 * nlevel) return y;
            regio_xsection_free(*xs);
        }
        *xs = NULL;
    }
    return 0;
}

static void choropleth(regio_report *r, const regio_plan *plan, regio_store *st, const regio_map_shapes *m, regio_level level,
                       long k, int upto, regio_class_method method, const char *id) {
    regio_xsection *xs = NULL;
    int y = k >= 0 ? find_year(st, plan, k, level, upto, &xs) : 0;
    if (!y) return;
    double *v = on_map(m, xs);
    regio_svg *s = regio_svg_new();
    const regio_indicator *ind = &plan->indicators[k];
    char title[300];
    snprintf(title, sizeof title, "%s %d（%s）", r->lang == REGIO_LANG_ZH ? ind->name_zh : ind->name_en, y,
             method == REGIO_CLASS_JENKS ? RTR(r, "自然断点", "natural breaks") : RTR(r, "分位数", "quantiles"));
    if (r->lang == REGIO_LANG_EN) {
        char *p = strstr(title, "（");
        if (p) snprintf(p, sizeof title - (size_t)(p - title), " (%s)", method == REGIO_CLASS_JENKS ? "natural breaks" : "quantiles");
    }
    const char **labels = level == REGIO_LEVEL_PREFECTURE ? calloc(m->n + 1, sizeof *labels) : NULL;
    for (size_t u = 0; labels && u < m->n; u++) {
        long reg = regio_plan_region(plan, m->ids[u]);
        labels[u] = reg >= 0 ? regio_region_name(&plan->regions[reg], r->lang) : NULL;
    }
    /* tooltips: every unit's name and value */
    char **tipbuf = calloc(m->n + 1, sizeof *tipbuf);
    const char *unit = regio_unit_label(ind->unit, r->lang);
    for (size_t u = 0; tipbuf && v && u < m->n; u++) {
        long reg = regio_plan_region(plan, m->ids[u]);
        if (reg < 0) continue;
        char tb[300];
        if (isfinite(v[u])) snprintf(tb, sizeof tb, "%s: %.*f %s", regio_region_name(&plan->regions[reg], r->lang), ind->decimals > 0 ? ind->decimals : 0, v[u], unit);
        else snprintf(tb, sizeof tb, "%s: %s", regio_region_name(&plan->regions[reg], r->lang), RTR(r, "无数据", "no data"));
        tipbuf[u] = strdup(tb);
    }
    regio_map_opts mo = {.width = 680, .height = 520, .title = title, .legend_title = unit, .id_prefix = id, .lang = r->lang,
                         .label = labels, .tooltip = (const char *const *)tipbuf};
    regio_error e;
    if (v && s && !regio_svg_choropleth(s, m, v, 5, method, ind->decimals > 0 ? ind->decimals : 0, "", &mo, &e)) {
        size_t nodata = 0;
        for (size_t u = 0; u < m->n; u++) nodata += !isfinite(v[u]);
        char cap[160];
        snprintf(cap, sizeof cap, RTR(r, "%zu 个单元有数据，%zu 个无数据（灰色）", "%zu units with data, %zu without (grey)"), xs->n, nodata);
        regio__report_htmlf(r, "<figure class=\"map\" id=\"map-%s\">%s<figcaption>%s</figcaption></figure>", id, s->buf, cap);
    }
    for (size_t u = 0; tipbuf && u < m->n; u++) free(tipbuf[u]);
    free(tipbuf);
    free(labels);
    free(v);
    regio_svg_free(s);
    regio_xsection_free(xs);
}

static const char *cluster_name(int cl, regio_lang lang) {
    switch (cl) {
    case REGIO_LISA_HH: return regio_tr(lang, "高-高", "high-high");
    case REGIO_LISA_LL: return regio_tr(lang, "低-低", "low-low");
    case REGIO_LISA_LH: return regio_tr(lang, "低-高", "low-high");
    case REGIO_LISA_HL: return regio_tr(lang, "高-低", "high-low");
    case REGIO_LISA_ISLAND: return regio_tr(lang, "无邻居", "island");
    default: return regio_tr(lang, "不显著", "not significant");
    }
}

static const char *cluster_color(int cl) {
    switch (cl) {
    case REGIO_LISA_HH: return "#d7191c";
    case REGIO_LISA_LL: return "#2c7bb6";
    case REGIO_LISA_LH: return "#abd9e9";
    case REGIO_LISA_HL: return "#fdae61";
    default: return "#eeeeee";
    }
}

static void lisa(regio_report *r, const regio_plan *plan, regio_store *st, const regio_map_shapes *m, int upto,
                 const regio_report_opts *o) {
    long k = r->config->lisa_indicator;
    const char *wname = r->config->lisa_weights;
    regio_xsection *xs = NULL;
    regio_weights *w0 = NULL, *w = NULL;
    regio_lisa *li = NULL;
    regio_svg *s = regio_svg_new();
    const char **fill = calloc(m->n + 1, sizeof *fill);
    regio_error e;
    int y = k >= 0 ? find_year(st, plan, k, REGIO_LEVEL_COUNTY, upto, &xs) : 0;
    regio_autocorr_opts ao = {.permutations = o->permutations ? o->permutations : 999, .seed = o->seed ? o->seed : 12345, .alpha = 0.05};
    char **tipbuf = calloc(m->n + 1, sizeof *tipbuf);
    if (!y || !s || !fill || !tipbuf || !wname || regio_store_load_weights(st, plan, wname, xs->region, xs->n, &w0, &e) ||
        regio_weights_transform(w0, REGIO_W_ROW, &w, &e) || regio_lisa_compute(xs->x, xs->n, w, &ao, &li, &e)) {
        char msg[400];
        snprintf(msg, sizeof msg, RTR(r, "LISA 聚类图未能生成：没有县级%s数据或县级空间邻接权重。", "The LISA cluster map could not be made: no county %s or no county contiguity weights."),
                 k >= 0 ? (r->lang == REGIO_LANG_ZH ? plan->indicators[k].name_zh : plan->indicators[k].name_en) : RTR(r, "指标", "indicator"));
        regio__report_para(r, msg);
        goto out;
    }
    const regio_indicator *ind = &plan->indicators[k];
    long t = regio__report_table_new(r, "lisa", "LISA聚类（显著县）", "LISA clusters (significant counties)");
    regio__report_col(r, t, "code", "编码", "code", "", REGIO_RCOL_TEXT, 0);
    regio__report_col(r, t, "name", "名称", "name", "", REGIO_RCOL_TEXT, 0);
    regio__report_col(r, t, "value", ind->name_zh, ind->name_en, regio_unit_label(ind->unit, r->lang), REGIO_RCOL_NUM, 2);
    regio__report_col(r, t, "local_moran", "局部Moran I", "local Moran I", "", REGIO_RCOL_NUM, 4);
    regio__report_col(r, t, "p_sim", "p(置换)", "p (permutation)", "", REGIO_RCOL_NUM, 4);
    regio__report_col(r, t, "cluster", "聚类", "cluster", "", REGIO_RCOL_TEXT, 0);
    size_t counts[5] = {0};
    for (size_t i = 0; i < xs->n; i++) {
        long u = regio_map_shapes_find(m, xs->ids[i]);
        int cl = li->cluster[i];
        if (u >= 0) {
            fill[u] = cluster_color(cl);
            char tb[300];
            snprintf(tb, sizeof tb, "%s: %.2f, %s", xs->region ? regio_region_name(&plan->regions[xs->region[i]], r->lang) : xs->names[i], xs->x[i],
                     cluster_name(cl, r->lang));
            tipbuf[u] = strdup(tb);
        }
        if (cl >= 1 && cl <= 4) {
            counts[cl]++;
            long row = regio__report_row(r, t);
            regio__report_set_text(r, t, row, 0, xs->ids[i]);
            regio__report_set_text(r, t, row, 1, xs->region ? regio_region_name(&plan->regions[xs->region[i]], r->lang) : xs->names[i]);
            regio__report_set_num(r, t, row, 2, xs->x[i]);
            regio__report_set_num(r, t, row, 3, li->I[i]);
            regio__report_set_num(r, t, row, 4, li->p_sim[i]);
            regio__report_set_text(r, t, row, 5, cluster_name(cl, r->lang));
        }
    }
    regio_legend_item items[5];
    int order[] = {REGIO_LISA_HH, REGIO_LISA_LL, REGIO_LISA_LH, REGIO_LISA_HL, REGIO_LISA_NS};
    for (size_t i = 0; i < 5; i++) items[i] = (regio_legend_item){cluster_color(order[i]), cluster_name(order[i], r->lang), 0};
    char title[200];
    snprintf(title, sizeof title, RTR(r, "%s LISA 聚类 %d", "%s: LISA clusters %d"), r->lang == REGIO_LANG_ZH ? ind->name_zh : ind->name_en, y);
    regio_map_opts mo = {.width = 680, .height = 520, .title = title, .fill = fill, .legend = items, .nlegend = 5,
                         .legend_title = "LISA", .id_prefix = "lisa", .lang = r->lang, .tooltip = (const char *const *)tipbuf};
    if (!regio_svg_map(s, m, &mo, &e)) regio__report_htmlf(r, "<figure class=\"map\" id=\"map-lisa\">%s</figure>", s->buf);
    char line[400];
    snprintf(line, sizeof line,
             RTR(r, "空间邻接、行标准化权重，%zu 次置换（种子 %llu），显著性 0.05：高-高 %zu 个，低-低 %zu 个，低-高 %zu 个，高-低 %zu 个。",
                 "contiguity weights, row-standardised, %zu permutations (seed %llu), significance 0.05: high-high %zu, low-low %zu, low-high %zu, high-low %zu."),
             ao.permutations, (unsigned long long)ao.seed, counts[REGIO_LISA_HH], counts[REGIO_LISA_LL], counts[REGIO_LISA_LH], counts[REGIO_LISA_HL]);
    regio__report_para(r, line);
    regio__report_table_block(r, t);
out:
    for (size_t u = 0; tipbuf && u < m->n; u++) free(tipbuf[u]);
    free(tipbuf);
    free(fill);
    regio_svg_free(s);
    regio_lisa_free(li);
    regio_weights_free(w0);
    regio_weights_free(w);
    regio_xsection_free(xs);
}

static void names(const regio_report *r, const regio_plan *plan, const long *k, size_t n, char *buf, size_t cap) {
    size_t len = 0;
    buf[0] = 0;
    for (size_t i = 0; i < n && len < cap; i++)
        len += (size_t)snprintf(buf + len, cap - len, "%s%s", i ? RTR(r, "、", ", ") : "",
                                r->lang == REGIO_LANG_ZH ? plan->indicators[k[i]].name_zh : plan->indicators[k[i]].name_en);
}

int regio__report_sec_maps(regio_report *r, regio_store *st, const regio_plan *plan, const regio_map_shapes *county,
                 const regio_map_shapes *pref, const regio_report_opts *o, regio_error *err) {
    regio__report_section(r, "maps", RTR(r, "专题地图", "Maps"));
    if (!county) {
        regio__report_covered(r, "%s", RTR(r, "数据库中没有边界数据，本节从略。", "the database holds no boundaries: this section is left out."));
        return REGIO_OK;
    }
    const rep_config *cf = r->config;
    int cyear = regio__report_config_census_year(cf, r->year);
    char nc[600], np[600], nl[200] = "—";
    names(r, plan, cf->map_county, cf->nmap_county, nc, sizeof nc);
    names(r, plan, cf->map_pref, cf->nmap_pref, np, sizeof np);
    if (cf->lisa_indicator >= 0) names(r, plan, &cf->lisa_indicator, 1, nl, sizeof nl);
    if (!cf->found)
        regio__report_covered(r, "%s", RTR(r, "规划目录没有报告设置（report.csv），未指定地图指标。", "the plan directory has no report settings (report.csv): no map indicator is set."));
    else
        regio__report_covered(r, RTR(r, "县级：%s（普查年 %d，分位数 5 级）；州市：%s（截至 %d 年的最新年份，自然断点 5 级）；LISA：县级%s。边界：数据库中存储的县级边界（来源见附件）。投影：等积圆锥投影。鼠标悬停可见县名与数值。",
                           "counties: %s (census year %d, 5 quantile classes); prefectures: %s (latest year up to %d, 5 natural-breaks classes); LISA: county %s. "
                           "Boundaries: the county outlines stored in the database (source in the annex). Projection: equal-area conic. Hover a county for its name and value."),
                    *nc ? nc : "—", cyear, *np ? np : "—", r->year, nl);
    char id[32];
    for (size_t i = 0; cyear && i < cf->nmap_county; i++) {
        snprintf(id, sizeof id, "county-%zu", i + 1);
        choropleth(r, plan, st, county, REGIO_LEVEL_COUNTY, cf->map_county[i], cyear, REGIO_CLASS_QUANTILE, id);
    }
    for (size_t i = 0; pref && i < cf->nmap_pref; i++) {
        snprintf(id, sizeof id, "pref-%zu", i + 1);
        choropleth(r, plan, st, pref, REGIO_LEVEL_PREFECTURE, cf->map_pref[i], r->year, REGIO_CLASS_JENKS, id);
    }
    if (cf->lisa_indicator >= 0) lisa(r, plan, st, county, cyear ? cyear : r->year, o);
    (void)err;
    return REGIO_OK;
}
