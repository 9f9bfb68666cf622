/* report_data.c — the data and methods section: the sources of every figure the report's gap and map sections
 * used (regio_store_provenance over the indicators report.csv names, their components, and the years up to the
 * report's; the list itself is placed in the annex), coverage by indicator and level, and the methods with their
 * references and the summary's rules. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regio/extract.h"
#include "regio/qualifier.h"
#include "report/report_internal.h"

/* the kind of every source text, sorted by text: whether a text is official decides how its publication is named */
static int kind_cmp(const void *a, const void *b) {
    const char *x = ((const regio_source_count *)a)->source, *y = ((const regio_source_count *)b)->source;
    return strcmp(x ? x : "", y ? y : "");
}
static int source_official(const regio_source_count *kinds, size_t nk, const char *source) {
    regio_source_count key = {.source = (char *)source};
    const regio_source_count *k = source && nk ? bsearch(&key, kinds, nk, sizeof *kinds, kind_cmp) : NULL;
    const regio_source_kind *sk = k ? regio_source_kind_find(k->kind) : NULL;
    return sk && sk->official;
}

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

int regio__report_sec_data(regio_report *r, regio_store *st, const regio_plan *plan, const regio_report_opts *o,
                 regio_error *err) {
    regio__report_section(r, "data", RTR(r, "数据与方法", "Data and methods"));
    regio__report_covered(r, RTR(r, "数据覆盖与方法；所用数据的来源清单、导入批次与数据库校验值见附件。", "coverage and methods; the list of sources, the import batches and the database checksum are in the annex."));
    /* sources: the observed indicators behind the gap and map sections (report.csv), with the indicators they are
     * computed from (a ratio's numerator and denominator, a weighted mean's weight) */
    const rep_config *cf = r->config;
    unsigned char *used = calloc(plan->nindicators + 1, 1);
    src_row *rows = NULL;
    size_t nrows = 0;
    int rc = REGIO_OK;
    if (!used) return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
    regio_source_count *kinds = NULL;
    size_t nkinds = 0;
    if ((rc = regio_store_source_kinds(st, &kinds, &nkinds, err))) { free(used); return rc; }
    if (nkinds) qsort(kinds, nkinds, sizeof *kinds, kind_cmp);
    long direct[4 * REP_MAX_LIST + 4];
    size_t nd = 0;
    direct[nd++] = cf->gap_indicator;
    direct[nd++] = cf->weight;
    direct[nd++] = cf->lisa_indicator;
    for (size_t i = 0; i < cf->ncounty; i++) direct[nd++] = cf->county[i];
    for (size_t i = 0; i < cf->nmap_county; i++) direct[nd++] = cf->map_county[i];
    for (size_t i = 0; i < cf->nmap_pref; i++) direct[nd++] = cf->map_pref[i];
    for (size_t i = 0; i < nd; i++) {
        long k = direct[i];
        if (k < 0) continue;
        used[k] = 1;
        const regio_indicator *x = &plan->indicators[k];
        if (x->agg == REGIO_AGG_RATIO) { used[x->numerator] = 1; used[x->denominator] = 1; }
        if (x->agg == REGIO_AGG_WMEAN && x->weight >= 0) used[x->weight] = 1;
    }
    for (size_t u = 0; u < plan->nindicators; u++) {
        long k = (long)u;
        if (!used[u]) continue;
        int *years = NULL;
        size_t ny = 0;
        if ((rc = regio_store_years(st, plan, k, &years, &ny, err))) goto out;
        for (size_t y = 0; y < ny; y++) {
            if (years[y] > r->year) continue;
            for (size_t reg = 0; reg < plan->nregions; reg++) {
                regio_provenance p = {0};
                if ((rc = regio_store_provenance(st, plan, reg, (size_t)k, years[y], &p, err))) { free(years); goto out; }
                if (p.source || p.file) { /* one row per indicator, publication and file */
                    char pub[240];
                    regio_source_publication(p.source, source_official(kinds, nkinds, p.source), pub, sizeof pub);
                    if (add_source(&rows, &nrows, (size_t)k, pub, p.file)) {
                        regio_provenance_clear(&p);
                        free(years);
                        rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
                        goto out;
                    }
                }
                regio_provenance_clear(&p);
            }
        }
        free(years);
    }
    long t = regio__report_table_new(r, "sources", "数据来源（按指标、出版物）", "sources (by indicator and publication)");
    regio__report_col(r, t, "indicator", "指标", "indicator", "", REGIO_RCOL_TEXT, 0);
    regio__report_col(r, t, "source", "出版物或网站", "publication or site", "", REGIO_RCOL_TEXT, 0);
    regio__report_col(r, t, "file", "文件", "file", "", REGIO_RCOL_TEXT, 0);
    regio__report_col(r, t, "observations", "观测数", "observations", "个", REGIO_RCOL_INT, 0);
    for (size_t i = 0; i < nrows; i++) {
        long row = regio__report_row(r, t);
        regio__report_set_text(r, t, row, 0, plan->indicators[rows[i].indicator].code);
        regio__report_set_text(r, t, row, 1, rows[i].source);
        regio__report_set_text(r, t, row, 2, rows[i].file);
        regio__report_set_num(r, t, row, 3, (double)rows[i].n);
    }
    /* the list itself stands in the annex (report_annex.c): it names files */
    /* coverage */
    regio_coverage_row *cov = NULL;
    size_t ncov = 0;
    if ((rc = regio_store_coverage(st, plan, &cov, &ncov, err))) goto out;
    t = regio__report_table_new(r, "coverage", "数据覆盖", "coverage");
    regio__report_col(r, t, "indicator", "指标", "indicator", "", REGIO_RCOL_TEXT, 0);
    regio__report_col(r, t, "level", "层级", "level", "", REGIO_RCOL_TEXT, 0);
    regio__report_col(r, t, "regions", "有数据的地区", "regions with data", "个", REGIO_RCOL_INT, 0);
    regio__report_col(r, t, "from", "起始年", "from", "", REGIO_RCOL_INT, 0);
    regio__report_col(r, t, "to", "截止年", "to", "", REGIO_RCOL_INT, 0);
    regio__report_col(r, t, "observations", "观测数", "observations", "个", REGIO_RCOL_INT, 0);
    for (size_t i = 0; i < ncov; i++) {
        long row = regio__report_row(r, t);
        const regio_indicator *x = &plan->indicators[cov[i].indicator];
        regio__report_set_text(r, t, row, 0, r->lang == REGIO_LANG_ZH ? x->name_zh : x->name_en);
        regio__report_set_text(r, t, row, 1, cov[i].level == REGIO_LEVEL_PROVINCE ? RTR(r, "省", "province")
                                   : cov[i].level == REGIO_LEVEL_PREFECTURE ? RTR(r, "州市", "prefecture") : RTR(r, "县", "county"));
        regio__report_set_num(r, t, row, 2, (double)cov[i].nregions);
        regio__report_set_num(r, t, row, 3, cov[i].year_min);
        regio__report_set_num(r, t, row, 4, cov[i].year_max);
        regio__report_set_num(r, t, row, 5, (double)cov[i].nobs);
    }
    free(cov);
    regio__report_table_block(r, t);
    /* methods */
    regio__report_html(r, RTR(r,
        "<h3>方法</h3><ul>"
        "<li>目标进展：Eurostat 可持续发展目标进展评估的 CAGR 比值法（实际年均变化与所需年均变化之比：≥0.95 进展顺利，0.60–0.95 需加快，0–0.60 进展不足，<0 背离）与线性趋势外推。</li>"
        "<li>无量化目标的监测指标：按基期以来变化的方向与速度判断（Eurostat / Open SDG 方法），不给预警颜色。</li>"
        "<li>区域差距：变异系数、基尼系数、泰尔指数及其按组分解（Shorrocks 1980）；口径变化前后的年份不作比较。</li>"
        "<li>收敛：σ 收敛与绝对 β 收敛（Barro &amp; Sala-i-Martin 1992），不跨越口径变化。</li>"
        "<li>空间自相关：邻接权重，局部 Moran（LISA，Anselin 1995）与条件置换推断。</li>"
        "<li>地图分级：分位数与 Fisher–Jenks 自然断点（Jenks 1977）；等积圆锥投影。</li>"
        "<li>汇总：比值指标为分子分母之和的比值。</li>"
        "<li>总体评价中的问题与建议按以下规则由计算结果生成：R1 需加快或进展不足的目标，若趋势外推在目标年达不到目标，列为问题，并建议加快推进（需加快）或制定专项措施、中期评估时研判调整目标（进展不足、背离）；"
        "R2 有目标缺少基期以后数据时，列为问题，建议补齐附件所列数据、明确未列成员的区域范围；R3 最新数据早于报告年份的目标，建议数据发布后更新；"
        "R4 差距序列的变异系数末年高于首年，列为差距扩大（β 收敛 p≥0.05 为不显著），建议列为重点监测；R5 分类评价使用暂定主体功能区类型时，建议取得官方名单后重评；"
        "R6 排名区间中位宽度超过参评县数四分之一时，建议以排名区间而非名次为准；R7 某类地区的排名缺少规划要求的考核维度时为部分排名，建议补充该维度的县级指标后重评。</li></ul>",
        "<h3>Methods</h3><ul>"
        "<li>Target progress: the CAGR-ratio method of Eurostat's SDG progress assessment (the actual annual change over the change needed: ≥0.95 on track, 0.60–0.95 moderate, 0–0.60 insufficient, &lt;0 moving away) and a linear projection.</li>"
        "<li>Indicators monitored without a quantified target: the direction and pace of change since the baseline (the Eurostat / Open SDG method), no warning colour.</li>"
        "<li>Regional gaps: coefficient of variation, Gini, Theil and its decomposition by group (Shorrocks 1980); years on either side of a series break are not compared.</li>"
        "<li>Convergence: σ- and absolute β-convergence (Barro &amp; Sala-i-Martin 1992), never across a series break.</li>"
        "<li>Spatial autocorrelation: contiguity weights, local Moran (LISA, Anselin 1995) with conditional permutation inference.</li>"
        "<li>Map classes: quantiles and Fisher–Jenks natural breaks (Jenks 1977); an equal-area conic projection.</li>"
        "<li>Aggregation: ratio indicators are ratios of sums.</li>"
        "<li>The summary's problems and recommendations follow these rules on the computed results: R1 a target at risk or off track whose trend does not reach it by the target year is a problem; "
        "recommendation: speed up (at risk) or a dedicated programme and a review of the target at the mid-term assessment (off track); R2 targets without data after their baseline: fill the data "
        "listed in the annex, define the members of groups the plan lists none for; R3 a target whose latest figure is older than the report year: update when published; R4 a gap series whose CV is "
        "higher in its last year than its first is a widening gap (β-convergence with p ≥ 0.05 is not significant): make it a monitored priority; R5 an evaluation on provisional zone types: re-run "
        "on the official list; R6 a median rank interval wider than a quarter of the counties ranked: read ranks with their intervals; R7 a zone type's ranking without a dimension the plan mandates is partial: collect county indicators for it and re-run.</li></ul>"));
    (void)o;
out:
    regio_source_counts_free(kinds, nkinds);
    for (size_t i = 0; i < nrows; i++) { free(rows[i].source); free(rows[i].file); }
    free(rows);
    free(used);
    return rc;
}
