/* cmd_spatial.c — `regio spatial`: global Moran's I, Geary's C and Getis–Ord G with analytical and
 * permutation inference side by side, and per unit local Moran (LISA) with cluster labels and local Gi*.
 * Permutations are seeded and run on all cores; the same seed gives the same p-values on any machine. The global
 * and the local table have different columns, so CSV (one rectangular table per stream) writes one of them,
 * chosen with --table (local by default); the terminal and Markdown show both unless --table picks one; JSON
 * always holds both. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_analysis.h"
#include "core/util.h"
#include "regio/autocorr.h"
#include "regio/json_out.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *cluster_label(int cl) {
    static const char *const L[] = {"ns", "HH", "LH", "LL", "HL"};
    return cl < 0 ? "island" : cl <= 4 ? L[cl] : "?";
}

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

int cmd_spatial(cli *c, int argc, char **argv) {
    cli_analysis a = {0};
    const char *pos[1], *alt_s = NULL, *seed_s = NULL, *alpha_s = NULL, *table_s = NULL;
    int perms = 999, threads = 0, fdr = 0, binary = 0, esda_scale = 0;
    size_t npos;
    const cli_opt opts[] = {CLI_ANALYSIS_OPTS(&a), CLI_SPATIAL_OPTS(&a),
        {"--permutations", OPT_INT, &perms, "N", "置换次数（默认 999；0 只做解析推断）", "permutations (default 999; 0 = analytical only)"},
        {"--seed", OPT_STR, &seed_s, "S", "随机种子（默认 12345）", "random seed (default 12345)"},
        {"--threads", OPT_INT, &threads, "T", "线程数（默认全部核心）", "threads (default: all cores)"},
        {"--alternative", OPT_STR, &alt_s, "two-sided|greater|less", "备择假设（默认 two-sided）", "alternative hypothesis (default two-sided)"},
        {"--alpha", OPT_STR, &alpha_s, "A", "聚类标注的显著性水平（默认 0.05）", "significance level of the cluster labels (default 0.05)"},
        {"--fdr", OPT_FLAG, &fdr, NULL, "用 Benjamini–Hochberg 错误发现率控制", "control the false discovery rate (Benjamini–Hochberg)"},
        {"--binary", OPT_FLAG, &binary, NULL, "不做行标准化", "do not row-standardise the weights"},
        {"--esda-scale", OPT_FLAG, &esda_scale, NULL, "局部 Moran 用 PySAL esda 的尺度（×(n−1)/n）", "local Moran on PySAL esda's scale (×(n−1)/n)"},
        {"--table", OPT_STR, &table_s, "global|local",
         "只输出一张表：global（全局统计量）或 local（每个单元的 LISA 与 Gi*）；CSV 每次只写一张表，默认 local；JSON 总含两张",
         "print one table only: global (the global statistics) or local (LISA and Gi* per unit); CSV holds one table, local by default; JSON always holds both"},
    };
    CLI_PARSE(c, "spatial", argc, argv, opts, N(opts), pos, 1, &npos);
    if (npos) a.indicator = pos[0];
    if (table_s && strcmp(table_s, "global") != 0 && strcmp(table_s, "local") != 0)
        return cli_usage_error(c, "--table 应为 global 或 local，而不是 “%s”", "--table must be global or local, not '%s'", table_s);
    if (!table_s && c->fmt == REGIO_FMT_CSV) table_s = "local";
    int want_global = !table_s || strcmp(table_s, "global") == 0, want_local = !table_s || strcmp(table_s, "local") == 0;
    regio_autocorr_opts ao = {.permutations = perms < 0 ? 0 : (size_t)perms, .seed = 12345, .threads = threads < 0 ? 0 : (unsigned)threads,
                              .scale = esda_scale ? REGIO_LISA_SCALE_ESDA : REGIO_LISA_SCALE_ANSELIN, .alpha = 0.05, .fdr = fdr, .star = 1};
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
    int *years = NULL, rc;
    size_t ny = 0;
    regio_xsection *xs = NULL;
    regio_weights *w0 = NULL, *w = NULL;
    regio_moran *mo = NULL;
    regio_geary *ge = NULL;
    regio_getis *gg = NULL;
    regio_lisa *li = NULL;
    regio_localg *lg = NULL;
    regio_error err;
    regio_error_clear(&err);
    if ((rc = cli_analysis_years(c, &a, 1, &years, &ny))) goto out;
    if (ny != 1) { rc = cli_usage_error(c, "空间分析一次只看一年：用 --year Y", "spatial analysis looks at one year: use --year Y"); goto out; }
    if ((rc = cli_analysis_load(c, &a, years, 1, &xs)) || (rc = cli_analysis_weights(c, &a, xs, &w0))) goto out;
    if (binary) { w = w0; w0 = NULL; }
    else if (regio_weights_transform(w0, REGIO_W_ROW, &w, &err)) { rc = cli_fail(c, &err); goto out; }
    size_t n = xs->n;
    regio_autocorr_opts go = ao;
    go.star = 0;
    if (regio_moran_compute(xs->x, n, w, &ao, &mo, &err) || regio_geary_compute(xs->x, n, w, &ao, &ge, &err) ||
        regio_lisa_compute(xs->x, n, w, &ao, &li, &err) || regio_localg_compute(xs->x, n, w, &ao, &lg, &err)) {
        rc = cli_fail(c, &err);
        goto out;
    }
    /* global G needs non-negative values; leave it out (with a note) rather than fail the whole command */
    int have_g = regio_getis_compute(xs->x, n, w, &go, &gg, &err) == REGIO_OK;
    if (!have_g) fprintf(stderr, "regio: %s\n", regio_error_msg(&err, c->lang));
    if (c->fmt == REGIO_FMT_JSON) {
        json_t *local = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(local, json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:o, s:o, s:b}",
                "id", xs->ids[i], "name", xs->names[i], "value", regio_json_num(xs->x[i]), "lag", regio_json_num(li->lag[i]),
                "local_moran", regio_json_num(li->I[i]), "z", regio_json_num(li->z_total[i]), "p_norm", regio_json_num(li->p_total[i]),
                "p_sim", regio_json_num(li->p_sim[i]), "cluster", cluster_label(li->cluster[i]), "gi_star_z", regio_json_num(lg->z[i]),
                "gi_star_p_sim", regio_json_num(lg->p_sim[i]), "island", li->island[i] != 0));
        json_t *root = json_pack("{s:s?, s:s?, s:i, s:I, s:s, s:b, s:I, s:I, s:{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}, s:{s:o, s:o, s:o, s:o, s:o, s:o}, s:o}",
            "indicator", a.indicator, "data", a.data, "year", years[0], "n", (json_int_t)n, "weights", a.weights ? a.weights : "queen",
            "row_standardised", !binary, "seed", (json_int_t)ao.seed, "islands", (json_int_t)li->nislands,
            "moran", "I", regio_json_num(mo->I), "expected", regio_json_num(mo->EI), "z_norm", regio_json_num(mo->z_norm),
            "p_norm", regio_json_num(mo->p_norm), "z_rand", regio_json_num(mo->z_rand), "p_rand", regio_json_num(mo->p_rand),
            "variance_norm", regio_json_num(mo->VI_norm), "permutation", perm_json(&mo->sim),
            "geary", "C", regio_json_num(ge->C), "z_norm", regio_json_num(ge->z_norm), "p_norm", regio_json_num(ge->p_norm),
            "z_rand", regio_json_num(ge->z_rand), "p_rand", regio_json_num(ge->p_rand), "permutation", perm_json(&ge->sim),
            "local", local);
        if (have_g)
            json_object_set_new(root, "getis_ord", json_pack("{s:o, s:o, s:o, s:o, s:o}", "G", regio_json_num(gg->G), "expected",
                                regio_json_num(gg->EG), "z", regio_json_num(gg->z), "p_norm", regio_json_num(gg->p_norm), "permutation",
                                perm_json(&gg->sim)));
        rc = regio_json_dump(root, c->out, &err) ? cli_fail(c, &err) : CLI_OK;
        json_decref(root);
        goto out;
    }
    const regio_column gcols[] = {
        {"statistic", TR(c, "统计量", "statistic"), REGIO_COL_TEXT, 0}, {"value", TR(c, "值", "value"), REGIO_COL_NUM, 4},
        {"expected", TR(c, "期望", "expected"), REGIO_COL_NUM, 4}, {"z_norm", TR(c, "z(正态)", "z (normal)"), REGIO_COL_NUM, 3},
        {"p_norm", TR(c, "p(正态)", "p (normal)"), REGIO_COL_NUM, 4}, {"z_rand", TR(c, "z(随机化)", "z (random.)"), REGIO_COL_NUM, 3},
        {"p_rand", TR(c, "p(随机化)", "p (random.)"), REGIO_COL_NUM, 4}, {"z_sim", TR(c, "z(置换)", "z (perm.)"), REGIO_COL_NUM, 3},
        {"p_sim", TR(c, "p(置换)", "p (perm.)"), REGIO_COL_NUM, 4},
    };
    regio_grid *g = regio_grid_new(gcols, N(gcols));
    if (g) {
        global_row(g, "Moran's I", mo->I, mo->EI, mo->z_norm, mo->p_norm, mo->z_rand, mo->p_rand, &mo->sim);
        global_row(g, "Geary's C", ge->C, ge->EC, ge->z_norm, ge->p_norm, ge->z_rand, ge->p_rand, &ge->sim);
        if (have_g) global_row(g, "Getis-Ord G", gg->G, gg->EG, gg->z, gg->p_norm, NAN, NAN, &gg->sim);
    }
    char title[200];
    snprintf(title, sizeof title, TR(c, "全局空间自相关 %d（%zu 个单元，%s 权重，%zu 次置换，种子 %llu）",
                                     "global spatial autocorrelation %d (%zu units, %s weights, %zu permutations, seed %llu)"),
             years[0], n, a.weights ? a.weights : "queen", ao.permutations, (unsigned long long)ao.seed);
    if (want_global) {
        if ((rc = g ? cli_write_grid(c, g, title) : CLI_INTERNAL)) { regio_grid_free(g); goto out; }
        if (want_local) fputc('\n', c->out);
    }
    regio_grid_free(g);
    if (!want_local) goto out;
    const regio_column lcols[] = {
        {"id", TR(c, "编码", "id"), REGIO_COL_TEXT, 0}, {"name", TR(c, "名称", "name"), REGIO_COL_TEXT, 0},
        {"value", TR(c, "值", "value"), REGIO_COL_NUM, 3}, {"lag", TR(c, "空间滞后", "lag"), REGIO_COL_NUM, 3},
        {"local_moran", "Ii", REGIO_COL_NUM, 4}, {"z", "z", REGIO_COL_NUM, 3}, {"p_sim", TR(c, "p(置换)", "p (perm.)"), REGIO_COL_NUM, 4},
        {"cluster", TR(c, "聚类", "cluster"), REGIO_COL_TEXT, 0}, {"gi_star_z", "Gi* z", REGIO_COL_NUM, 3},
    };
    g = regio_grid_new(lcols, N(lcols));
    for (size_t i = 0; g && i < n; i++) {
        long r = regio_grid_add_row(g);
        if (r < 0) break;
        size_t k = (size_t)r;
        regio_grid_set_text(g, k, 0, xs->ids[i]); regio_grid_set_text(g, k, 1, xs->names[i]);
        regio_grid_set_num(g, k, 2, xs->x[i]); regio_grid_set_num(g, k, 3, li->lag[i]); regio_grid_set_num(g, k, 4, li->I[i]);
        regio_grid_set_num(g, k, 5, li->z_total[i]); regio_grid_set_num(g, k, 6, li->p_sim[i]);
        regio_grid_set_text(g, k, 7, cluster_label(li->cluster[i])); regio_grid_set_num(g, k, 8, lg->z[i]);
    }
    rc = g ? cli_write_grid(c, g, TR(c, "局部 Moran（LISA）与 Gi*", "local Moran (LISA) and Gi*")) : CLI_INTERNAL;
    regio_grid_free(g);
out:
    regio_moran_free(mo); regio_geary_free(ge); regio_getis_free(gg); regio_lisa_free(li); regio_localg_free(lg);
    regio_weights_free(w0); regio_weights_free(w);
    regio_xsection_free(xs);
    free(years);
    return rc;
}
