/* cmd_spatial.c — `regio spatial`: global Moran's I, Geary's C and Getis–Ord G with analytical and
 * permutation inference side by side, and per unit local Moran (LISA) with cluster labels and local Gi* — or only
 * the statistics --stats names (permutations are the cost: nothing is computed that was not asked for). LISA and
 * Gi* share one pass over the same conditional draws. Permutations are seeded and run on all cores; the same seed
 * gives the same p-values on any machine and any number of threads. The global and the local table have different
 * columns, so CSV (one rectangular table per stream) writes one of them, chosen with --table (local by default, or
 * the global one when no local statistic was asked for); the terminal and Markdown show both unless --table picks
 * one; JSON always holds everything computed. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_analysis.h"
#include "core/util.h"
#include "regio/autocorr.h"
#include "regio/json_out.h"
#include "regio/weights_build.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

enum { S_MORAN = 1, S_GEARY = 2, S_GETIS = 4, S_LISA = 8, S_GISTAR = 16, S_ALL = 31 };

static const struct { const char *name; unsigned bit; } STATS[] = {
    {"moran", S_MORAN}, {"geary", S_GEARY}, {"getis", S_GETIS}, {"lisa", S_LISA}, {"gistar", S_GISTAR},
};

static int parse_stats(const cli *c, const char *s, unsigned *out) {
    *out = 0;
    char *copy = strdup(s), *items[16];
    if (!copy) return CLI_INTERNAL;
    size_t n = cli_split(copy, items, N(items));
    int rc = CLI_OK;
    for (size_t k = 0; k < n && !rc; k++) {
        size_t j = 0;
        while (j < N(STATS) && strcmp(items[k], STATS[j].name) != 0) j++;
        if (j == N(STATS))
            rc = cli_usage_error(c, "--stats 中的 “%s” 不是统计量（可选 moran、geary、getis、lisa、gistar）",
                                 "'%s' in --stats is not a statistic (choose from moran, geary, getis, lisa, gistar)", items[k]);
        else *out |= STATS[j].bit;
    }
    free(copy);
    if (!rc && !*out) rc = cli_usage_error(c, "--stats 至少要列一个统计量", "--stats must name at least one statistic");
    return rc;
}

static const char *cluster_label(int cl) {
    static const char *const L[] = {"ns", "HH", "LH", "LL", "HL"};
    return cl < 0 ? "island" : cl <= 4 ? L[cl] : "?";
}

static const char *hot_label(int cl, int island) { return island ? "island" : cl > 0 ? "hot" : cl < 0 ? "cold" : "ns"; }

static void global_row(regio_grid *g, const char *name, double stat, double expected, double z_norm, double p_norm,
                       double z_rand, double p_rand, const regio_perm *sim) {
    long r = regio_grid_add_row(g);
    if (r < 0) return;
    size_t k = (size_t)r;
    double v[] = {stat, expected, z_norm, p_norm, z_rand, p_rand, sim->z, sim->p};
    regio_grid_set_text(g, k, 0, name);
    for (size_t j = 0; j < N(v); j++) regio_grid_set_num(g, k, 1 + j, v[j]);
}

static json_t *perm_json(const regio_perm *p) {
    return json_pack("{s:I, s:o, s:o, s:o, s:o}", "permutations", (json_int_t)p->permutations, "p", regio_json_num(p->p),
                     "mean", regio_json_num(p->mean), "sd", regio_json_num(p->sd), "z", regio_json_num(p->z));
}

/* the convention for units without neighbours, stated next to every local result */
static const char *island_note(const cli *c) {
    return TR(c, "孤岛（没有邻居的单元）不给局部统计量（NaN，JSON 中为 null）；spdep（zero.policy = TRUE）与 esda 给孤岛的空间滞后和局部 Moran 记 0。",
              "islands (units with no neighbours) get no local statistic (NaN; null in JSON); spdep (zero.policy = TRUE) and esda give them a lag and a local Moran of 0.");
}

int cmd_spatial(cli *c, int argc, char **argv) {
    cli_analysis a = {0};
    const char *pos[1], *alt_s = NULL, *seed_s = NULL, *alpha_s = NULL, *stats_s = NULL, *draws_s = NULL, *write_s = NULL;
    const char *table_s = NULL;
    int perms = 999, threads = 0, fdr = 0, binary = 0, esda_scale = 0, gi_old = 0;
    size_t npos;
    const cli_opt opts[] = {CLI_ANALYSIS_OPTS(&a), CLI_SPATIAL_OPTS(&a),
        {"--stats", OPT_STR, &stats_s, "LIST", "只计算这些统计量（逗号分隔：moran、geary、getis、lisa、gistar；默认全部）", "compute only these statistics (comma list of moran, geary, getis, lisa, gistar; default all)"},
        {"--permutations", OPT_INT, &perms, "N", "置换次数（默认 999；0 只做解析推断）", "permutations (default 999; 0 = analytical only)"},
        {"--draws", OPT_STR, &draws_s, "unit|shared", "局部统计量的条件置换：每个单元各自的随机流（默认，单元间独立），或 esda 的做法——所有单元共用一张置换表（更快，但各单元的 p 值相关）", "conditional permutations of the local statistics: a random stream per unit (default; units independent), or esda's design of one permutation table shared by all units (faster, but the units' p-values are correlated)"},
        {"--seed", OPT_STR, &seed_s, "S", "随机种子（默认 12345）", "random seed (default 12345)"},
        {"--threads", OPT_INT, &threads, "T", "线程数（默认全部核心）", "threads (default: all cores)"},
        {"--alternative", OPT_STR, &alt_s, "two-sided|greater|less", "备择假设（默认 two-sided）", "alternative hypothesis (default two-sided)"},
        {"--alpha", OPT_STR, &alpha_s, "A", "聚类标注的显著性水平（默认 0.05）", "significance level of the cluster labels (default 0.05)"},
        {"--fdr", OPT_FLAG, &fdr, NULL, "用 Benjamini–Hochberg 错误发现率控制", "control the false discovery rate (Benjamini–Hochberg)"},
        {"--binary", OPT_FLAG, &binary, NULL, "不做行标准化", "do not row-standardise the weights"},
        {"--esda-scale", OPT_FLAG, &esda_scale, NULL, "局部 Moran 用 PySAL esda 的尺度（×(n−1)/n）", "local Moran on PySAL esda's scale (×(n−1)/n)"},
        {"--gistar-self-1", OPT_FLAG, &gi_old, NULL, "Gi* 按 regio 旧约定：在（已标准化的）行上加自身权重 1（默认与 spdep、esda 相同：先把单元加入自己的行再标准化）", "Gi* by regio's earlier convention: self-weight 1 added to the (already standardised) row (default as spdep and esda: the unit joins its row before standardising)"},
        {"--table", OPT_STR, &table_s, "global|local",
         "只输出一张表：global（全局统计量）或 local（每个单元的 LISA 与 Gi*）；CSV 每次只写一张表，默认 local；JSON 总含两张",
         "print one table only: global (the global statistics) or local (LISA and Gi* per unit); CSV holds one table, local by default; JSON always holds both"},
        {"--write-weights", OPT_STR, &write_s, "FILE.gal|FILE.csv", "把所用的空间权重（行标准化之前）写入 GAL 或 CSV 文件", "write the weights used (before row-standardising) to a GAL or CSV file"},
    };
    CLI_PARSE(c, "spatial", argc, argv, opts, N(opts), pos, 1, &npos);
    if (npos) a.indicator = pos[0];
    regio_autocorr_opts ao = {.permutations = perms < 0 ? 0 : (size_t)perms, .seed = 12345, .threads = threads < 0 ? 0 : (unsigned)threads,
                              .scale = esda_scale ? REGIO_LISA_SCALE_ESDA : REGIO_LISA_SCALE_ANSELIN, .alpha = 0.05, .fdr = fdr,
                              .star = gi_old ? 1 : REGIO_STAR_PEERS};
    if (table_s && strcmp(table_s, "global") != 0 && strcmp(table_s, "local") != 0)
        return cli_usage_error(c, "--table 应为 global 或 local，而不是 “%s”", "--table must be global or local, not '%s'", table_s);
    unsigned want = S_ALL;
    int rc;
    if (stats_s && (rc = parse_stats(c, stats_s, &want))) return rc;
    if (!table_s && c->fmt == REGIO_FMT_CSV) table_s = (want & (S_LISA | S_GISTAR)) ? "local" : "global";
    int want_global = !table_s || strcmp(table_s, "global") == 0, want_local = !table_s || strcmp(table_s, "local") == 0;
    if (draws_s) {
        if (strcmp(draws_s, "unit") == 0) ao.draws = REGIO_DRAWS_UNIT;
        else if (strcmp(draws_s, "shared") == 0) ao.draws = REGIO_DRAWS_SHARED;
        else return cli_usage_error(c, "--draws 应为 unit 或 shared", "--draws must be unit or shared");
    }
    if (alt_s) {
        if (strcmp(alt_s, "two-sided") == 0) ao.alternative = REGIO_ALT_TWO_SIDED;
        else if (strcmp(alt_s, "greater") == 0) ao.alternative = REGIO_ALT_GREATER;
        else if (strcmp(alt_s, "less") == 0) ao.alternative = REGIO_ALT_LESS;
        else return cli_usage_error(c, "--alternative 应为 two-sided、greater 或 less", "--alternative must be two-sided, greater or less");
    }
    long seed;
    if (seed_s) {
        if (regio_parse_long(seed_s, &seed) || seed < 0) return cli_usage_error(c, "--seed 应为非负整数", "--seed must be a non-negative integer");
        ao.seed = (uint64_t)seed;
    }
    if (alpha_s && (regio_parse_number(alpha_s, &ao.alpha) || ao.alpha <= 0 || ao.alpha >= 1))
        return cli_usage_error(c, "--alpha 应在 0 与 1 之间", "--alpha must lie between 0 and 1");
    int *years = NULL;
    size_t ny = 0;
    regio_xsection *xs = NULL;
    regio_weights *w0 = NULL, *w = NULL;
    regio_moran *mo = NULL;
    regio_geary *ge = NULL;
    regio_getis *gg = NULL;
    regio_lisa *li = NULL;
    regio_localg *lg = NULL;
    double *lagv = NULL;
    regio_error err;
    regio_error_clear(&err);
    if ((rc = cli_analysis_years(c, &a, 1, &years, &ny))) goto out;
    if (ny != 1) { rc = cli_usage_error(c, "空间分析一次只看一年：用 --year Y", "spatial analysis looks at one year: use --year Y"); goto out; }
    /* --data without --year: the value column is not a year, and none is printed */
    int has_year = !a.data || a.year || a.years;
    if ((rc = cli_analysis_load(c, &a, years, 1, &xs)) || (rc = cli_analysis_weights(c, &a, xs, &w0))) goto out;
    if (write_s) {
        size_t len = strlen(write_s);
        int gal = len > 4 && strcmp(write_s + len - 4, ".gal") == 0;
        if (!gal && !(len > 4 && strcmp(write_s + len - 4, ".csv") == 0)) {
            rc = cli_usage_error(c, "--write-weights 的文件名应以 .gal 或 .csv 结尾", "--write-weights needs a file name ending in .gal or .csv");
            goto out;
        }
        if (!w0->ids) {
            w0->ids = calloc(xs->n, sizeof *w0->ids);
            for (size_t i = 0; w0->ids && i < xs->n; i++) w0->ids[i] = strdup(xs->ids[i]);
        }
        if ((gal ? regio_weights_write_gal(w0, write_s, &err) : regio_weights_write_csv(w0, write_s, 1, &err))) { rc = cli_fail(c, &err); goto out; }
    }
    if (binary) { w = w0; w0 = NULL; }
    else if (regio_weights_transform(w0, REGIO_W_ROW, &w, &err)) { rc = cli_fail(c, &err); goto out; }
    size_t n = xs->n;
    regio_autocorr_opts go = ao;
    go.star = 0;
    /* global G needs non-negative values; leave it out (with a note) rather than fail the whole command */
    regio_error gerr;
    regio_error_clear(&gerr);
    if (((want & (S_MORAN | S_GEARY | S_GETIS)) &&
         regio_global_compute(xs->x, n, w, &go, (want & S_MORAN) ? &mo : NULL, (want & S_GEARY) ? &ge : NULL,
                              (want & S_GETIS) ? &gg : NULL, &gerr, &err)) ||
        ((want & (S_LISA | S_GISTAR)) &&
         regio_local_compute(xs->x, n, w, &ao, (want & S_LISA) ? &li : NULL, (want & S_GISTAR) ? &lg : NULL, &err))) {
        rc = cli_fail(c, &err);
        goto out;
    }
    int have_g = gg != NULL;
    if ((want & S_GETIS) && !have_g) fprintf(stderr, "regio: %s\n", regio_error_msg(&gerr, c->lang));
    int local = (want & (S_LISA | S_GISTAR)) != 0;
    size_t nislands = regio_weights_islands(w, NULL);
    /* the lag of the value, as spdep's lag.listw (the LISA's lag of the centred value is lag_centred) */
    if (!(lagv = malloc(n * sizeof *lagv))) { rc = CLI_INTERNAL; goto out; }
    regio_weights_lag(w, xs->x, lagv);
    for (size_t i = 0; i < n; i++)
        if (w->offsets[i] == w->offsets[i + 1]) lagv[i] = NAN;
    const char *wdesc = c->lang == REGIO_LANG_ZH ? a.wdesc_zh : a.wdesc_en;
    const char *draws_name = ao.draws == REGIO_DRAWS_SHARED ? "shared" : "unit";
    if (c->fmt == REGIO_FMT_JSON) {
        json_t *root = json_pack("{s:s?, s:s?, s:o, s:I, s:s, s:s, s:b, s:I, s:I, s:I, s:s}", "indicator", a.indicator, "data", a.data,
            "year", has_year ? json_integer(years[0]) : json_null(), "n", (json_int_t)n, "weights", a.weights ? a.weights : "queen",
            "weights_description", wdesc, "row_standardised", !binary, "seed", (json_int_t)ao.seed,
            "permutations", (json_int_t)ao.permutations, "islands", (json_int_t)nislands, "draws", draws_name);
        if (mo)
            json_object_set_new(root, "moran", json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "I", regio_json_num(mo->I),
                "expected", regio_json_num(mo->EI), "z_norm", regio_json_num(mo->z_norm), "p_norm", regio_json_num(mo->p_norm),
                "z_rand", regio_json_num(mo->z_rand), "p_rand", regio_json_num(mo->p_rand), "variance_norm", regio_json_num(mo->VI_norm),
                "permutation", perm_json(&mo->sim)));
        if (ge)
            json_object_set_new(root, "geary", json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "C", regio_json_num(ge->C),
                "z_norm", regio_json_num(ge->z_norm), "p_norm", regio_json_num(ge->p_norm), "z_rand", regio_json_num(ge->z_rand),
                "p_rand", regio_json_num(ge->p_rand), "permutation", perm_json(&ge->sim)));
        if (have_g)
            json_object_set_new(root, "getis_ord", json_pack("{s:o, s:o, s:o, s:o, s:o}", "G", regio_json_num(gg->G), "expected",
                                regio_json_num(gg->EG), "z", regio_json_num(gg->z), "p_norm", regio_json_num(gg->p_norm), "permutation",
                                perm_json(&gg->sim)));
        if (local) {
            json_t *arr = json_array();
            for (size_t i = 0; i < n; i++) {
                int isl = w->offsets[i] == w->offsets[i + 1];
                json_t *o = json_pack("{s:s, s:s, s:o, s:o, s:b}", "id", xs->ids[i], "name", xs->names[i], "value", regio_json_num(xs->x[i]),
                                      "lag", regio_json_num(lagv[i]), "island", isl);
                if (li) {
                    json_object_set_new(o, "lag_centred", regio_json_num(li->lag[i]));
                    json_object_set_new(o, "local_moran", regio_json_num(li->I[i]));
                    json_object_set_new(o, "z", regio_json_num(li->z_total[i]));
                    json_object_set_new(o, "p_norm", regio_json_num(li->p_total[i]));
                    json_object_set_new(o, "z_cond", regio_json_num(li->z_cond[i]));
                    json_object_set_new(o, "p_cond", regio_json_num(li->p_cond[i]));
                    json_object_set_new(o, "p_sim", regio_json_num(li->p_sim[i]));
                    json_object_set_new(o, "cluster", json_string(cluster_label(li->cluster[i])));
                }
                if (lg) {
                    json_object_set_new(o, "gi_star", regio_json_num(lg->G[i]));
                    json_object_set_new(o, "gi_star_z", regio_json_num(lg->z[i]));
                    json_object_set_new(o, "gi_star_p_norm", regio_json_num(lg->p_norm[i]));
                    json_object_set_new(o, "gi_star_p_sim", regio_json_num(lg->p_sim[i]));
                    json_object_set_new(o, "gi_star_cluster", json_string(hot_label(lg->cluster[i], isl)));
                }
                json_array_append_new(arr, o);
            }
            json_object_set_new(root, "local", arr);
            json_object_set_new(root, "gi_star_convention",
                                json_string(gi_old ? "self-weight 1 added to the row as given (regio before 2026-12)"
                                                   : "spdep localG(include.self) / esda G_Local(star=True): the unit joins its row before standardising"));
            json_object_set_new(root, "island_convention", json_string(island_note(c)));
        }
        rc = regio_json_dump(root, c->out, &err) ? cli_fail(c, &err) : CLI_OK;
        json_decref(root);
        goto out;
    }
    char yearbuf[16] = "";
    if (has_year) snprintf(yearbuf, sizeof yearbuf, " %d", years[0]);
    char draws_zh[64] = "", draws_en[64] = "";
    if (local && ao.draws == REGIO_DRAWS_SHARED) {
        snprintf(draws_zh, sizeof draws_zh, "，局部统计量共用置换表");
        snprintf(draws_en, sizeof draws_en, ", local draws shared");
    }
    if ((mo || ge || have_g) && want_global) {
        const regio_column gcols[] = {
            {"statistic", TR(c, "统计量", "statistic"), REGIO_COL_TEXT, 0}, {"value", TR(c, "值", "value"), REGIO_COL_NUM, 4},
            {"expected", TR(c, "期望", "expected"), REGIO_COL_NUM, 4}, {"z_norm", TR(c, "z(正态)", "z (normal)"), REGIO_COL_NUM, 3},
            {"p_norm", TR(c, "p(正态)", "p (normal)"), REGIO_COL_NUM, 4}, {"z_rand", TR(c, "z(随机化)", "z (random.)"), REGIO_COL_NUM, 3},
            {"p_rand", TR(c, "p(随机化)", "p (random.)"), REGIO_COL_NUM, 4}, {"z_sim", TR(c, "z(置换)", "z (perm.)"), REGIO_COL_NUM, 3},
            {"p_sim", TR(c, "p(置换)", "p (perm.)"), REGIO_COL_NUM, 4},
        };
        regio_grid *g = regio_grid_new(gcols, N(gcols));
        if (g) {
            if (mo) global_row(g, "Moran's I", mo->I, mo->EI, mo->z_norm, mo->p_norm, mo->z_rand, mo->p_rand, &mo->sim);
            if (ge) global_row(g, "Geary's C", ge->C, ge->EC, ge->z_norm, ge->p_norm, ge->z_rand, ge->p_rand, &ge->sim);
            if (have_g) global_row(g, "Getis-Ord G", gg->G, gg->EG, gg->z, gg->p_norm, NAN, NAN, &gg->sim);
        }
        char title[800];
        snprintf(title, sizeof title, TR(c, "全局空间自相关%s（%zu 个单元，权重：%s，%zu 次置换，种子 %llu）",
                                         "global spatial autocorrelation%s (%zu units, weights: %s, %zu permutations, seed %llu)"),
                 yearbuf, n, wdesc, ao.permutations, (unsigned long long)ao.seed);
        if ((rc = g ? cli_write_grid(c, g, title) : CLI_INTERNAL)) { regio_grid_free(g); goto out; }
        if (local && want_local) fputc('\n', c->out);
        regio_grid_free(g);
    }
    if (!local || !want_local) goto out;
    regio_column lcols[16];
    size_t nc = 0;
    lcols[nc++] = (regio_column){"id", TR(c, "编码", "id"), REGIO_COL_TEXT, 0};
    lcols[nc++] = (regio_column){"name", TR(c, "名称", "name"), REGIO_COL_TEXT, 0};
    lcols[nc++] = (regio_column){"value", TR(c, "值", "value"), REGIO_COL_NUM, 3};
    lcols[nc++] = (regio_column){"lag", TR(c, "空间滞后", "lag"), REGIO_COL_NUM, 3};
    size_t c_lisa = nc, c_gi = 0;
    if (li) {
        lcols[nc++] = (regio_column){"lag_centred", TR(c, "中心化滞后", "centred lag"), REGIO_COL_NUM, 3};
        lcols[nc++] = (regio_column){"local_moran", "Ii", REGIO_COL_NUM, 4};
        lcols[nc++] = (regio_column){"z", "z", REGIO_COL_NUM, 3};
        lcols[nc++] = (regio_column){"p_sim", TR(c, "p(置换)", "p (perm.)"), REGIO_COL_NUM, 4};
        lcols[nc++] = (regio_column){"cluster", TR(c, "聚类", "cluster"), REGIO_COL_TEXT, 0};
    }
    c_gi = nc;
    if (lg) {
        lcols[nc++] = (regio_column){"gi_star_z", "Gi* z", REGIO_COL_NUM, 3};
        lcols[nc++] = (regio_column){"gi_star_p_sim", TR(c, "Gi* p(置换)", "Gi* p (perm.)"), REGIO_COL_NUM, 4};
        lcols[nc++] = (regio_column){"gi_star_cluster", TR(c, "冷热点", "hot/cold"), REGIO_COL_TEXT, 0};
    }
    regio_grid *g = regio_grid_new(lcols, nc);
    for (size_t i = 0; g && i < n; i++) {
        long r = regio_grid_add_row(g);
        if (r < 0) break;
        size_t k = (size_t)r;
        regio_grid_set_text(g, k, 0, xs->ids[i]); regio_grid_set_text(g, k, 1, xs->names[i]);
        regio_grid_set_num(g, k, 2, xs->x[i]); regio_grid_set_num(g, k, 3, lagv[i]);
        if (li) {
            regio_grid_set_num(g, k, c_lisa, li->lag[i]); regio_grid_set_num(g, k, c_lisa + 1, li->I[i]);
            regio_grid_set_num(g, k, c_lisa + 2, li->z_total[i]); regio_grid_set_num(g, k, c_lisa + 3, li->p_sim[i]);
            regio_grid_set_text(g, k, c_lisa + 4, cluster_label(li->cluster[i]));
        }
        if (lg) {
            regio_grid_set_num(g, k, c_gi, lg->z[i]); regio_grid_set_num(g, k, c_gi + 1, lg->p_sim[i]);
            regio_grid_set_text(g, k, c_gi + 2, hot_label(lg->cluster[i], lg->island[i]));
        }
    }
    char ltitle[900];
    snprintf(ltitle, sizeof ltitle, TR(c, "局部统计量%s%s%s%s（权重：%s，%zu 次置换%s）", "local statistics%s%s%s%s (weights: %s, %zu permutations%s)"),
             yearbuf, li ? TR(c, "：局部 Moran（LISA）", ": local Moran (LISA)") : ":", li && lg ? TR(c, "与", " and") : "",
             lg ? " Gi*" : "", wdesc, ao.permutations, c->lang == REGIO_LANG_ZH ? draws_zh : draws_en);
    rc = g ? cli_write_grid(c, g, ltitle) : CLI_INTERNAL;
    regio_grid_free(g);
    if (!rc && c->fmt != REGIO_FMT_CSV) {
        fprintf(c->out, "\n%s\n", island_note(c));
        if (lg)
            fprintf(c->out, "%s\n", gi_old ? TR(c, "Gi*：在已标准化的行上加自身权重 1（regio 旧约定）。", "Gi*: self-weight 1 added to the standardised row (regio's earlier convention).")
                                           : TR(c, "Gi*：单元先加入自己的行再标准化（与 spdep localG(include.self) 及 esda star=True 相同）。",
                                                "Gi*: the unit joins its own row before standardising (as spdep localG(include.self) and esda star=True)."));
    }
out:
    regio_moran_free(mo); regio_geary_free(ge); regio_getis_free(gg); regio_lisa_free(li); regio_localg_free(lg);
    regio_weights_free(w0); regio_weights_free(w);
    regio_xsection_free(xs);
    free(lagv);
    free(years);
    return rc;
}
