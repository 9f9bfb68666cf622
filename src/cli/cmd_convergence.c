/* cmd_convergence.c — `regio convergence`: σ-convergence (dispersion per year) and β-convergence (growth on
 * initial level, absolute and, with a grouping, conditional on group dummies), optionally the kernel density
 * of relative values per year. The two tables have different columns, so CSV (one rectangular table per
 * stream) writes one of them, chosen with --table (σ by default); the terminal and Markdown show both unless
 * --table picks one; JSON always holds both. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_analysis.h"
#include "regio/dynamics.h"
#include "regio/ineq.h"
#include "regio/json_out.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static json_t *beta_json(const regio_beta *b) {
    return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:o, s:o}", "n", (json_int_t)b->n, "years", regio_json_num(b->years),
                     "beta", regio_json_num(b->beta), "se", regio_json_num(b->beta_se), "t", regio_json_num(b->t),
                     "p", regio_json_num(b->p_value), "r2", regio_json_num(b->r2), "r2_adj", regio_json_num(b->r2_adj),
                     "speed_status", b->speed_status == REGIO_SPEED_OK ? "ok" : b->speed_status == REGIO_SPEED_DIVERGENCE ? "divergence" : "undefined",
                     "speed", regio_json_num(b->speed), "half_life", regio_json_num(b->half_life));
}

static void beta_row(regio_grid *g, const char *model, const regio_beta *b) {
    long r = regio_grid_add_row(g);
    if (r < 0 || !b) return;
    size_t k = (size_t)r;
    double v[] = {b->beta, b->beta_se, b->t, b->p_value, b->r2, b->speed, b->half_life};
    regio_grid_set_text(g, k, 0, model);
    regio_grid_set_int(g, k, 1, (long long)b->n);
    for (size_t j = 0; j < N(v); j++) regio_grid_set_num(g, k, 2 + j, v[j]);
}

int cmd_convergence(cli *c, int argc, char **argv) {
    cli_analysis a = {0};
    const char *pos[1];
    const char *table_s = NULL;
    int density = 0;
    size_t npos;
    const cli_opt opts[] = {CLI_ANALYSIS_OPTS(&a), CLI_SPAN_OPTS(&a),
                            {"--density", OPT_FLAG, &density, NULL, "输出每年相对值的核密度", "also the kernel density of relative values per year"},
                            {"--table", OPT_STR, &table_s, "sigma|beta",
                             "只输出一张表：sigma（每年的离散度）或 beta（β 收敛回归）；CSV 每次只写一张表，默认 sigma；JSON 总含两张",
                             "print one table only: sigma (dispersion per year) or beta (the β-convergence regressions); CSV holds one table, sigma by default; JSON always holds both"}};
    CLI_PARSE(c, "convergence", argc, argv, opts, N(opts), pos, 1, &npos);
    if (npos) a.indicator = pos[0];
    if (table_s && strcmp(table_s, "sigma") != 0 && strcmp(table_s, "beta") != 0)
        return cli_usage_error(c, "--table 应为 sigma 或 beta，而不是 “%s”", "--table must be sigma or beta, not '%s'", table_s);
    if (!table_s && c->fmt == REGIO_FMT_CSV) table_s = "sigma";
    int want_sigma = !table_s || strcmp(table_s, "sigma") == 0, want_beta = !table_s || strcmp(table_s, "beta") == 0;
    int *years = NULL, rc;
    size_t ny = 0;
    regio_xsection *xs = NULL;
    regio_beta *abs_b = NULL, *cond_b = NULL;
    regio_kde *kde = NULL;
    double *sd_log = NULL, *cv = NULL, *gini = NULL;
    regio_error err;
    regio_error_clear(&err);
    if ((rc = cli_analysis_years(c, &a, 2, &years, &ny)) || (rc = cli_analysis_load(c, &a, years, ny, &xs))) goto out;
    size_t n = xs->n;
    sd_log = malloc(ny * sizeof *sd_log);
    cv = malloc(ny * sizeof *cv);
    gini = malloc(ny * sizeof *gini);
    if (!sd_log || !cv || !gini) { rc = CLI_INTERNAL; goto out; }
    /* data-mode columns without year labels: T counts columns */
    double span = xs->years[ny - 1] - xs->years[0];
    if (span <= 0) span = (double)(ny - 1);
    if (regio_sigma_series(n, ny, xs->x, 0, sd_log, cv, &err)) { rc = cli_fail(c, &err); goto out; }
    for (size_t t = 0; t < ny; t++)
        if (regio_ineq_gini(regio_xsection_year(xs, t), xs->w ? xs->w + t * n : NULL, n, &gini[t], &err)) { rc = cli_fail(c, &err); goto out; }
    if (regio_beta_convergence(n, xs->x, xs->x + (ny - 1) * n, span, NULL, &abs_b, &err)) { rc = cli_fail(c, &err); goto out; }
    if (xs->group && xs->ngroups > 1) {
        regio_beta_opts bo = {xs->group, xs->ngroups, NULL, 0};
        if (regio_beta_convergence(n, xs->x, xs->x + (ny - 1) * n, span, &bo, &cond_b, &err)) { rc = cli_fail(c, &err); goto out; }
    }
    if (density && regio_kde_relative(n, ny, xs->x, xs->w, 101, NULL, &kde, &err)) { rc = cli_fail(c, &err); goto out; }
    if (c->fmt == REGIO_FMT_JSON) {
        json_t *sigma = json_array();
        for (size_t t = 0; t < ny; t++)
            json_array_append_new(sigma, json_pack("{s:i, s:o, s:o, s:o}", "year", xs->years[t], "sd_log", regio_json_num(sd_log[t]),
                                                   "cv", regio_json_num(cv[t]), "gini", regio_json_num(gini[t])));
        json_t *root = json_pack("{s:s?, s:s?, s:I, s:o, s:{s:o}}", "indicator", a.indicator, "data", a.data, "n", (json_int_t)n,
                                 "sigma", sigma, "beta", "absolute", beta_json(abs_b));
        if (cond_b) json_object_set_new(json_object_get(root, "beta"), "conditional", beta_json(cond_b));
        json_object_set_new(root, "series_break", cli_analysis_break_json(c, &a));
        if (kde) {
            json_t *grid = json_array(), *dens = json_array();
            for (size_t g = 0; g < kde->ngrid; g++) json_array_append_new(grid, regio_json_num(kde->grid[g]));
            for (size_t t = 0; t < ny; t++) {
                json_t *d = json_array();
                for (size_t g = 0; g < kde->ngrid; g++) json_array_append_new(d, regio_json_num(kde->density[t * kde->ngrid + g]));
                json_array_append_new(dens, json_pack("{s:i, s:o, s:o}", "year", xs->years[t], "bandwidth",
                                                      regio_json_num(kde->bandwidth[t]), "density", d));
            }
            json_object_set_new(root, "density", json_pack("{s:o, s:o}", "grid", grid, "years", dens));
        }
        rc = regio_json_dump(root, c->out, &err) ? cli_fail(c, &err) : CLI_OK;
        json_decref(root);
        goto out;
    }
    const regio_column scols[] = {
        {"year", TR(c, "年份", "year"), REGIO_COL_INT, 0}, {"sd_log", TR(c, "对数标准差", "sd of logs"), REGIO_COL_NUM, 4},
        {"cv", "CV", REGIO_COL_NUM, 4}, {"gini", "Gini", REGIO_COL_NUM, 4},
    };
    regio_grid *g = NULL;
    if (want_sigma) {
        g = regio_grid_new(scols, N(scols));
        for (size_t t = 0; g && t < ny; t++) {
            long r = regio_grid_add_row(g);
            if (r < 0) break;
            regio_grid_set_int(g, (size_t)r, 0, xs->years[t]); regio_grid_set_num(g, (size_t)r, 1, sd_log[t]);
            regio_grid_set_num(g, (size_t)r, 2, cv[t]); regio_grid_set_num(g, (size_t)r, 3, gini[t]);
        }
        rc = g ? cli_write_grid(c, g, TR(c, "σ 收敛", "σ-convergence")) : CLI_INTERNAL;
        regio_grid_free(g);
        if (rc) goto out;
    }
    const regio_column bcols[] = {
        {"model", TR(c, "模型", "model"), REGIO_COL_TEXT, 0}, {"n", "n", REGIO_COL_INT, 0},
        {"beta", "β", REGIO_COL_NUM, 5}, {"se", TR(c, "标准误", "s.e."), REGIO_COL_NUM, 5}, {"t", "t", REGIO_COL_NUM, 3},
        {"p", "p", REGIO_COL_NUM, 4}, {"r2", "R²", REGIO_COL_NUM, 3},
        {"speed", TR(c, "收敛速度", "speed"), REGIO_COL_NUM, 4}, {"half_life", TR(c, "半衰期(年)", "half-life (years)"), REGIO_COL_NUM, 1},
    };
    if (want_beta) {
        if (want_sigma && (c->fmt == REGIO_FMT_TABLE || c->fmt == REGIO_FMT_MARKDOWN)) fputc('\n', c->out);
        g = regio_grid_new(bcols, N(bcols));
        if (g) {
            beta_row(g, TR(c, "绝对 β 收敛", "absolute"), abs_b);
            if (cond_b) beta_row(g, TR(c, "条件 β 收敛（组虚拟变量）", "conditional (group dummies)"), cond_b);
        }
        char title[128];
        snprintf(title, sizeof title, TR(c, "β 收敛 %d–%d", "β-convergence %d–%d"), xs->years[0], xs->years[ny - 1]);
        rc = g ? cli_write_grid(c, g, title) : CLI_INTERNAL;
        regio_grid_free(g);
    }
    if (!rc) cli_analysis_break_note(c, &a);
out:
    regio_beta_free(abs_b);
    regio_beta_free(cond_b);
    regio_kde_free(kde);
    regio_xsection_free(xs);
    free(sd_log); free(cv); free(gini); free(years);
    return rc;
}
