/* report_maps.c — section 4, maps: choropleths of key indicators (counties: urbanisation, schooling, GDP per
 * capita in the census year; prefectures: GDP per capita in the latest year) and the LISA cluster map of county
 * urbanisation with the store's queen contiguity (regio_store_load_weights, row-standardised, seeded
 * permutations), as `regio spatial` computes it. */
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
                       const char *code, int upto, regio_class_method method, const char *id) {
    long k = regio_plan_indicator(plan, code);
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
    regio_map_opts mo = {.width = 680, .height = 520, .title = title, .legend_title = ind->unit, .id_prefix = id, .lang = r->lang,
                         .label = labels};
    regio_error e;
    if (v && s && !regio_svg_choropleth(s, m, v, 5, method, ind->decimals > 0 ? ind->decimals : 0, "", &mo, &e)) {
        size_t nodata = 0;
        for (size_t u = 0; u < m->n; u++) nodata += !isfinite(v[u]);
        char cap[160];
        snprintf(cap, sizeof cap, RTR(r, "%zu 个单元有数据，%zu 个无数据（灰色）", "%zu units with data, %zu without (grey)"), xs->n, nodata);
        rep_htmlf(r, "<figure class=\"map\" id=\"map-%s\">%s<figcaption>%s</figcaption></figure>", id, s->buf, cap);
    }
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
    long k = regio_plan_indicator(plan, "urban_rate");
    regio_xsection *xs = NULL;
    regio_weights *w0 = NULL, *w = NULL;
    regio_lisa *li = NULL;
    regio_svg *s = regio_svg_new();
    const char **fill = calloc(m->n + 1, sizeof *fill);
    regio_error e;
    int y = k >= 0 ? find_year(st, plan, k, REGIO_LEVEL_COUNTY, upto, &xs) : 0;
    regio_autocorr_opts ao = {.permutations = o->permutations ? o->permutations : 999, .seed = o->seed ? o->seed : 12345, .alpha = 0.05};
    if (!y || !s || !fill || regio_store_load_weights(st, plan, "county_queen", xs->region, xs->n, &w0, &e) ||
        regio_weights_transform(w0, REGIO_W_ROW, &w, &e) || regio_lisa_compute(xs->x, xs->n, w, &ao, &li, &e)) {
        rep_para(r, RTR(r, "LISA 聚类图未能生成：没有县级城镇化率或 county_queen 空间权重。",
                        "The LISA cluster map could not be made: no county urbanisation rate or no county_queen weights."));
        goto out;
    }
    long t = rep_table_new(r, "lisa", "LISA聚类（显著县）", "LISA clusters (significant counties)");
    rep_col(r, t, "code", "编码", "code", "", REGIO_RCOL_TEXT, 0);
    rep_col(r, t, "name", "名称", "name", "", REGIO_RCOL_TEXT, 0);
    rep_col(r, t, "value", "城镇化率", "urbanisation rate", "%", REGIO_RCOL_NUM, 2);
    rep_col(r, t, "local_moran", "局部Moran I", "local Moran I", "", REGIO_RCOL_NUM, 4);
    rep_col(r, t, "p_sim", "p(置换)", "p (permutation)", "", REGIO_RCOL_NUM, 4);
    rep_col(r, t, "cluster", "聚类", "cluster", "", REGIO_RCOL_TEXT, 0);
    size_t counts[5] = {0};
    for (size_t i = 0; i < xs->n; i++) {
        long u = regio_map_shapes_find(m, xs->ids[i]);
        int cl = li->cluster[i];
        if (u >= 0) fill[u] = cluster_color(cl);
        if (cl >= 1 && cl <= 4) {
            counts[cl]++;
            long row = rep_row(r, t);
            rep_set_text(r, t, row, 0, xs->ids[i]);
            rep_set_text(r, t, row, 1, xs->region ? regio_region_name(&plan->regions[xs->region[i]], r->lang) : xs->names[i]);
            rep_set_num(r, t, row, 2, xs->x[i]);
            rep_set_num(r, t, row, 3, li->I[i]);
            rep_set_num(r, t, row, 4, li->p_sim[i]);
            rep_set_text(r, t, row, 5, cluster_name(cl, r->lang));
        }
    }
    regio_legend_item items[5];
    int order[] = {REGIO_LISA_HH, REGIO_LISA_LL, REGIO_LISA_LH, REGIO_LISA_HL, REGIO_LISA_NS};
    for (size_t i = 0; i < 5; i++) items[i] = (regio_legend_item){cluster_color(order[i]), cluster_name(order[i], r->lang), 0};
    char title[200];
    snprintf(title, sizeof title, RTR(r, "城镇化率 LISA 聚类 %d", "urbanisation rate: LISA clusters %d"), y);
    regio_map_opts mo = {.width = 680, .height = 520, .title = title, .fill = fill, .legend = items, .nlegend = 5,
                         .legend_title = "LISA", .id_prefix = "lisa", .lang = r->lang};
    if (!regio_svg_map(s, m, &mo, &e)) rep_htmlf(r, "<figure class=\"map\" id=\"map-lisa\">%s</figure>", s->buf);
    char line[400];
    snprintf(line, sizeof line,
             RTR(r, "queen 邻接、行标准化权重，%zu 次置换（种子 %llu），显著性 0.05：高-高 %zu 个，低-低 %zu 个，低-高 %zu 个，高-低 %zu 个。",
                 "queen contiguity, row-standardised, %zu permutations (seed %llu), significance 0.05: high-high %zu, low-low %zu, low-high %zu, high-low %zu."),
             ao.permutations, (unsigned long long)ao.seed, counts[REGIO_LISA_HH], counts[REGIO_LISA_LL], counts[REGIO_LISA_LH], counts[REGIO_LISA_HL]);
    rep_para(r, line);
    rep_table_block(r, t);
out:
    free(fill);
    regio_svg_free(s);
    regio_lisa_free(li);
    regio_weights_free(w0);
    regio_weights_free(w);
    regio_xsection_free(xs);
}

int rep_sec_maps(regio_report *r, regio_store *st, const regio_plan *plan, const regio_map_shapes *county,
                 const regio_map_shapes *pref, const regio_report_opts *o, regio_error *err) {
    rep_section(r, "maps", RTR(r, "专题地图", "Maps"));
    if (!county) {
        rep_covered(r, "%s", RTR(r, "数据库中没有边界数据，本节从略。", "the database holds no boundaries: this section is left out."));
        return REGIO_OK;
    }
    rep_covered(r, RTR(r, "县级：城镇化率、平均受教育年限、人均GDP（普查年，分位数 5 级）；州市：人均GDP（截至 %d 年的最新年份，自然断点 5 级）；LISA：县级城镇化率。边界来源：%s。投影：Albers 等积（中央经线 101.5°E）。",
                       "counties: urbanisation rate, years of schooling, GDP per capita (census year, 5 quantile classes); prefectures: GDP per capita "
                       "(latest year up to %d, 5 natural-breaks classes); LISA: county urbanisation rate. Boundaries: %s. Projection: Albers equal-area "
                       "(central meridian 101.5°E)."),
                r->year, r->geometry_source ? r->geometry_source : "");
    choropleth(r, plan, st, county, REGIO_LEVEL_COUNTY, "urban_rate", r->year, REGIO_CLASS_QUANTILE, "urban");
    choropleth(r, plan, st, county, REGIO_LEVEL_COUNTY, "edu_years", r->year, REGIO_CLASS_QUANTILE, "edu");
    choropleth(r, plan, st, county, REGIO_LEVEL_COUNTY, "gdp_pc", r->year < 2020 ? r->year : 2020, REGIO_CLASS_QUANTILE, "gdppc-county");
    if (pref) choropleth(r, plan, st, pref, REGIO_LEVEL_PREFECTURE, "gdp_pc", r->year, REGIO_CLASS_JENKS, "gdppc-pref");
    lisa(r, plan, st, county, r->year, o);
    (void)err;
    return REGIO_OK;
}
