/* report_data.c — section 6, data and methods: the sources of every
 * figure the report used (regio_store_provenance over the indicators, levels and years the sections read),
 * coverage, import batches, the methods with their pages in docs/methods/, and what identifies the run: the
 * regio version and the database's SHA-256. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_internal.h"

typedef struct src_row { size_t indicator; char *source, *file; long n; } src_row;

static int add_source(src_row **rows, size_t *n, size_t ind, const char *source, const char *file) {
    for (size_t i = 0; i < *n; i++)
        if ((*rows)[i].indicator == ind && strcmp((*rows)[i].source, source ? source : "") == 0 &&
            strcmp((*rows)[i].file, file ? file : "") == 0) { (*rows)[i].n++; return 0; }
    src_row *x = realloc(*rows, (*n + 1) * sizeof *x);
    if (!x) return -1;
    *rows = x;
    x[*n] = (src_row){ind, strdup(source ? source : ""), strdup(file ? file : ""), 1};
    (*n)++;
    return 0;
}

int rep_sec_data(regio_report *r, regio_store *st, const regio_plan *plan, const regio_report_opts *o,
                 regio_error *err) {
    rep_section(r, "data", RTR(r, "数据与方法", "Data and methods"));
    rep_covered(r, RTR(r, "本报告所用全部数据的来源、覆盖、导入批次、方法、regio 版本与数据库校验值。", "sources of every figure used, coverage, import batches, methods, regio version and the database checksum."));
    /* sources: the observed indicators behind the sections (gdp_pc = gdp / pop; targets add their own) */
    const char *used[] = {"gdp", "pop", "urban_rate", "edu_years"};
    src_row *rows = NULL;
    size_t nrows = 0;
    int rc = REGIO_OK;
    for (size_t u = 0; u < sizeof used / sizeof used[0]; u++) {
        long k = regio_plan_indicator(plan, used[u]);
        if (k < 0) continue;
        int *years = NULL;
        size_t ny = 0;
        if ((rc = regio_store_years(st, plan, k, &years, &ny, err))) goto out;
        for (size_t y = 0; y < ny; y++) {
            if (years[y] > r->year) continue;
            for (size_t reg = 0; reg < plan->nregions; reg++) {
                regio_provenance p = {0};
                if ((rc = regio_store_provenance(st, plan, reg, (size_t)k, years[y], &p, err))) { free(years); goto out; }
                if (p.source || p.file) add_source(&rows, &nrows, (size_t)k, p.source, p.file);
                regio_provenance_clear(&p);
            }
        }
        free(years);
    }
    long t = rep_table_new(r, "sources", "数据来源", "sources");
    rep_col(r, t, "indicator", "指标", "indicator", "", REGIO_RCOL_TEXT, 0);
    rep_col(r, t, "source", "来源", "source", "", REGIO_RCOL_TEXT, 0);
    rep_col(r, t, "file", "文件", "file", "", REGIO_RCOL_TEXT, 0);
    rep_col(r, t, "observations", "观测数", "observations", "个", REGIO_RCOL_INT, 0);
    for (size_t i = 0; i < nrows; i++) {
        long row = rep_row(r, t);
        rep_set_text(r, t, row, 0, plan->indicators[rows[i].indicator].code);
        rep_set_text(r, t, row, 1, rows[i].source);
        rep_set_text(r, t, row, 2, rows[i].file);
        rep_set_num(r, t, row, 3, (double)rows[i].n);
    }
    rep_para(r, RTR(r, "报告所用观测值（GDP、人口、城镇化率、受教育年限；人均GDP 由 GDP 与人口计算）的来源：",
                    "Where the observations the report used come from (GDP, population, urbanisation, schooling; GDP per capita is computed from GDP and population):"));
    rep_table_block(r, t);
    /* coverage */
    regio_coverage_row *cov = NULL;
    size_t ncov = 0;
    if ((rc = regio_store_coverage(st, plan, &cov, &ncov, err))) goto out;
    t = rep_table_new(r, "coverage", "数据覆盖", "coverage");
    rep_col(r, t, "indicator", "指标", "indicator", "", REGIO_RCOL_TEXT, 0);
    rep_col(r, t, "level", "层级", "level", "", REGIO_RCOL_TEXT, 0);
    rep_col(r, t, "regions", "有数据的地区", "regions with data", "个", REGIO_RCOL_INT, 0);
    rep_col(r, t, "from", "起始年", "from", "", REGIO_RCOL_INT, 0);
    rep_col(r, t, "to", "截止年", "to", "", REGIO_RCOL_INT, 0);
    rep_col(r, t, "observations", "观测数", "observations", "个", REGIO_RCOL_INT, 0);
    for (size_t i = 0; i < ncov; i++) {
        long row = rep_row(r, t);
        rep_set_text(r, t, row, 0, plan->indicators[cov[i].indicator].code);
        rep_set_text(r, t, row, 1, regio_level_name(cov[i].level));
        rep_set_num(r, t, row, 2, (double)cov[i].nregions);
        rep_set_num(r, t, row, 3, cov[i].year_min);
        rep_set_num(r, t, row, 4, cov[i].year_max);
        rep_set_num(r, t, row, 5, (double)cov[i].nobs);
    }
    free(cov);
    rep_table_block(r, t);
    /* methods */
    rep_html(r, RTR(r,
        "<h3>方法</h3><ul>"
        "<li>目标进展：Eurostat SDG 进展评估的 CAGR 比值法与线性外推（docs/methods/tracking.md）。</li>"
        "<li>区域差距：变异系数、基尼系数、泰尔指数及其按组分解（Shorrocks 1980；docs/methods/inequality.md）。</li>"
        "<li>收敛：σ 收敛与绝对 β 收敛（Barro &amp; Sala-i-Martin 1992；docs/methods/dynamics.md）。</li>"
        "<li>空间自相关：queen 邻接权重（docs/methods/weights.md），局部 Moran（LISA，Anselin 1995）与条件置换推断（docs/methods/autocorrelation.md）。</li>"
        "<li>地图分级：分位数与 Fisher–Jenks 自然断点（Jenks 1977）；投影 Albers 等积。</li>"
        "<li>汇总：比值指标为分子分母之和的比值（docs/methods.md）。</li></ul>",
        "<h3>Methods</h3><ul>"
        "<li>Target progress: the CAGR-ratio method of Eurostat's SDG progress assessment and a linear projection (docs/methods/tracking.md).</li>"
        "<li>Regional gaps: coefficient of variation, Gini, Theil and its decomposition by group (Shorrocks 1980; docs/methods/inequality.md).</li>"
        "<li>Convergence: σ- and absolute β-convergence (Barro &amp; Sala-i-Martin 1992; docs/methods/dynamics.md).</li>"
        "<li>Spatial autocorrelation: queen contiguity (docs/methods/weights.md), local Moran (LISA, Anselin 1995) with conditional permutation inference (docs/methods/autocorrelation.md).</li>"
        "<li>Map classes: quantiles and Fisher–Jenks natural breaks (Jenks 1977); Albers equal-area projection.</li>"
        "<li>Aggregation: ratio indicators are ratios of sums (docs/methods.md).</li></ul>"));
    (void)o;
out:
    for (size_t i = 0; i < nrows; i++) { free(rows[i].source); free(rows[i].file); }
    free(rows);
    return rc;
}
