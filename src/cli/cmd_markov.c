/* cmd_markov.c — `regio markov`: distribution dynamics. Units are put in classes each year (quantiles of
 * the year, pooled quantiles, or the user's cut-offs); transitions between consecutive years give the
 * Markov chain, its steady state(s) and sojourn times; --spatial conditions the transitions on the class of
 * each unit's spatial lag (Rey's spatial Markov) with homogeneity tests; Kendall's τ measures rank mobility
 * between the first and last year. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_analysis.h"
#include "core/util.h"
#include "regio/dynamics.h"
#include "regio/json_out.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static json_t *matrix_json(const double *m, size_t k) {
    json_t *rows = json_array();
    for (size_t i = 0; i < k; i++) {
        json_t *r = json_array();
        for (size_t j = 0; j < k; j++) json_array_append_new(r, regio_json_num(m[i * k + j]));
        json_array_append_new(rows, r);
    }
    return rows;
}

static json_t *chain_json(const regio_chain *ch) {
    json_t *steady = json_array();
    for (size_t s = 0; s < ch->nclosed; s++) {
        json_t *v = json_array();
        for (size_t j = 0; j < ch->k; j++) json_array_append_new(v, regio_json_num(ch->steady[s * ch->k + j]));
        json_array_append_new(steady, v);
    }
    json_t *soj = json_array();
    for (size_t j = 0; j < ch->k; j++) json_array_append_new(soj, regio_json_num(ch->sojourn[j]));
    return json_pack("{s:o, s:o, s:b, s:o, s:o}", "counts", matrix_json(ch->counts, ch->k), "probabilities",
                     matrix_json(ch->p, ch->k), "ergodic", ch->ergodic, "steady_states", steady, "sojourn", soj);
}

/* One chain as a grid: a row per origin class with the probabilities, its count and the steady state. */
static int chain_grid(cli *c, const regio_chain *ch, const char *title) {
    size_t k = ch->k;
    regio_column *cols = calloc(k + 3, sizeof *cols);
    char (*keys)[32] = calloc(k, sizeof *keys);
    if (!cols || !keys) { free(cols); free(keys); return CLI_INTERNAL; }
    cols[0] = (regio_column){"from", TR(c, "起始类", "from"), REGIO_COL_INT, 0};
    for (size_t j = 0; j < k; j++) {
        snprintf(keys[j], sizeof keys[j], "to_%zu", j + 1);
        cols[1 + j] = (regio_column){keys[j], keys[j], REGIO_COL_NUM, 3};
    }
    cols[k + 1] = (regio_column){"n", TR(c, "转移数", "transitions"), REGIO_COL_INT, 0};
    cols[k + 2] = (regio_column){"steady_state", TR(c, "稳态", "steady state"), REGIO_COL_NUM, 3};
    regio_grid *g = regio_grid_new(cols, k + 3);
    for (size_t i = 0; g && i < k; i++) {
        long r = regio_grid_add_row(g);
        if (r < 0) break;
        double total = 0;
        regio_grid_set_int(g, (size_t)r, 0, (long long)(i + 1));
        for (size_t j = 0; j < k; j++) { regio_grid_set_num(g, (size_t)r, 1 + j, ch->p[i * k + j]); total += ch->counts[i * k + j]; }
        regio_grid_set_int(g, (size_t)r, k + 1, (long long)total);
        if (ch->nclosed == 1) regio_grid_set_num(g, (size_t)r, k + 2, ch->steady[i]);
    }
    int rc = g ? cli_write_grid(c, g, title) : CLI_INTERNAL;
    regio_grid_free(g);
    free(cols);
    free(keys);
    return rc;
}

static int parse_cuts(cli *c, const char *s, double **cuts, size_t *n) {
    size_t k = 1;
    for (const char *p = s; *p; p++) k += *p == ',';
    *cuts = malloc(k * sizeof **cuts);
    char *copy = strdup(s), *save = NULL;
    *n = 0;
    int rc = *cuts && copy ? CLI_OK : CLI_INTERNAL;
    for (char *tok = strtok_r(copy, ",", &save); !rc && tok; tok = strtok_r(NULL, ",", &save))
        if (regio_parse_number(tok, &(*cuts)[(*n)++]))
            rc = cli_usage_error(c, "--cuts 中 “%s” 不是数字", "--cuts: '%s' is not a number", tok);
    free(copy);
    return rc;
}

int cmd_markov(cli *c, int argc, char **argv) {
    cli_analysis a = {0};
    const char *pos[1], *cuts_s = NULL, *lag_cuts_s = NULL;
    int classes = 5, spatial = 0, pooled = 0, relative = 0;
    size_t npos;
    const cli_opt opts[] = {CLI_ANALYSIS_OPTS(&a), CLI_SPATIAL_OPTS(&a), CLI_SPAN_OPTS(&a),
        {"--classes", OPT_INT, &classes, "K", "类别数（默认 5，按每年分位数）", "number of classes (default 5, quantiles of each year)"},
        {"--pooled", OPT_FLAG, &pooled, NULL, "按所有年份合并的分位数分类", "quantiles of all years pooled"},
        {"--cuts", OPT_STR, &cuts_s, "a,b,…", "自定义分界值（K−1 个，升序）", "your own class cut-offs (K−1, ascending)"},
        {"--lag-cuts", OPT_STR, &lag_cuts_s, "a,b,…", "空间马尔可夫：空间滞后的自定义分界值", "spatial Markov: your own cut-offs for the lag classes"},
        {"--relative", OPT_FLAG, &relative, NULL, "先除以当年均值（相对值）", "divide by each year's mean first (relative values)"},
        {"--spatial", OPT_FLAG, &spatial, NULL, "空间马尔可夫：以空间滞后的类别为条件", "spatial Markov: conditioned on the class of the spatial lag"},
    };
    CLI_PARSE(c, "markov", argc, argv, opts, N(opts), pos, 1, &npos);
    if (npos) a.indicator = pos[0];
    int *years = NULL, rc;
    size_t ny = 0, ncuts = 0, nlag_cuts = 0;
    double *cuts = NULL, *lag_cuts = NULL, *y = NULL;
    regio_xsection *xs = NULL;
    regio_weights *w = NULL;
    regio_markov *mk = NULL;
    regio_spatial_markov *sm = NULL;
    regio_kendall tau;
    regio_error err;
    regio_error_clear(&err);
    if (cuts_s && (rc = parse_cuts(c, cuts_s, &cuts, &ncuts))) goto out;
    if (cuts) classes = (int)ncuts + 1;
    if (lag_cuts_s && (rc = parse_cuts(c, lag_cuts_s, &lag_cuts, &nlag_cuts))) goto out;
    if (classes < 2) { rc = cli_usage_error(c, "--classes 至少为 2", "--classes must be at least 2"); goto out; }
    if ((rc = cli_analysis_years(c, &a, 2, &years, &ny)) || (rc = cli_analysis_load(c, &a, years, ny, &xs))) goto out;
    size_t n = xs->n;
    y = malloc(n * ny * sizeof *y);
    if (!y) { rc = CLI_INTERNAL; goto out; }
    if (relative) { if (regio_relative(n, ny, xs->x, xs->w, y, &err)) { rc = cli_fail(c, &err); goto out; } }
    else memcpy(y, xs->x, n * ny * sizeof *y);
    regio_class_opts co = {cuts ? REGIO_CLASS_CUTOFFS : pooled ? REGIO_CLASS_QUANTILE_POOLED : REGIO_CLASS_QUANTILE_YEAR,
                           (size_t)classes, cuts};
    if (regio_kendall_tau(n, y, y + (ny - 1) * n, &tau, &err)) { rc = cli_fail(c, &err); goto out; }
    if (spatial) {
        if ((rc = cli_analysis_weights(c, &a, xs, &w))) goto out;
        if (!cuts) co.mode = REGIO_CLASS_QUANTILE_POOLED; /* giddy's Spatial_Markov default (fixed=True) */
        regio_class_opts lo = {lag_cuts ? REGIO_CLASS_CUTOFFS : REGIO_CLASS_QUANTILE_POOLED, lag_cuts ? nlag_cuts + 1 : (size_t)classes, lag_cuts};
        if (regio_spatial_markov_estimate(n, ny, y, w, &co, &lo, &sm, &err)) { rc = cli_fail(c, &err); goto out; }
    } else if (regio_markov_estimate(n, ny, y, &co, &mk, &err)) { rc = cli_fail(c, &err); goto out; }
    const regio_chain *pooled_chain = sm ? sm->pooled : mk->chain;
    if (c->fmt == REGIO_FMT_JSON) {
        json_t *root = json_pack("{s:s?, s:s?, s:I, s:i, s:i, s:i, s:o, s:{s:o, s:o, s:o}}", "indicator", a.indicator, "data", a.data,
                                 "n", (json_int_t)n, "classes", classes, "from", xs->years[0], "to", xs->years[ny - 1],
                                 "chain", chain_json(pooled_chain), "kendall_tau", "tau", regio_json_num(tau.tau), "z",
                                 regio_json_num(tau.z), "p", regio_json_num(tau.p));
        if (sm) {
            json_t *cond = json_array();
            for (size_t l = 0; l < sm->m; l++) {
                json_t *o = chain_json(sm->cond[l]);
                json_object_set_new(o, "lag_class", json_integer((json_int_t)l + 1));
                json_object_set_new(o, "chi2", json_pack("{s:o, s:o, s:o}", "stat", regio_json_num(sm->chi2[l].stat), "dof",
                                                         regio_json_num(sm->chi2[l].dof), "p", regio_json_num(sm->chi2[l].p)));
                json_array_append_new(cond, o);
            }
            json_object_set_new(root, "spatial", json_pack("{s:o, s:{s:o, s:o, s:o}, s:{s:o, s:o, s:o}, s:I}", "conditional", cond,
                                "Q", "stat", regio_json_num(sm->Q.stat), "dof", regio_json_num(sm->Q.dof), "p", regio_json_num(sm->Q.p),
                                "LR", "stat", regio_json_num(sm->LR.stat), "dof", regio_json_num(sm->LR.dof), "p", regio_json_num(sm->LR.p),
                                "islands", (json_int_t)sm->nislands));
        }
        json_object_set_new(root, "series_break", cli_analysis_break_json(c, &a));
        rc = regio_json_dump(root, c->out, &err) ? cli_fail(c, &err) : CLI_OK;
        json_decref(root);
        goto out;
    }
    char title[160];
    snprintf(title, sizeof title, TR(c, "马尔可夫转移概率 %d–%d（%d 类，%zu 个单元）", "Markov transition probabilities %d–%d (%d classes, %zu units)"),
             xs->years[0], xs->years[ny - 1], classes, n);
    if ((rc = chain_grid(c, pooled_chain, title))) goto out;
    for (size_t l = 0; sm && l < sm->m && !rc; l++) {
        snprintf(title, sizeof title, TR(c, "空间滞后为第 %zu 类时（χ² = %.2f，p = %.4f）", "spatial lag in class %zu (χ² = %.2f, p = %.4f)"),
                 l + 1, sm->chi2[l].stat, sm->chi2[l].p);
        if (c->fmt != REGIO_FMT_CSV) fputc('\n', c->out);
        rc = chain_grid(c, sm->cond[l], title);
    }
    if (!rc && c->fmt != REGIO_FMT_CSV) {
        fprintf(c->out, TR(c, "\nKendall τ（%d 与 %d 的位次）：%.4f，z = %.3f，p = %.4f\n", "\nKendall's τ (ranks %d vs %d): %.4f, z = %.3f, p = %.4f\n"),
                xs->years[0], xs->years[ny - 1], tau.tau, tau.z, tau.p);
        if (sm)
            fprintf(c->out, TR(c, "空间同质性检验：Q = %.2f（自由度 %.0f，p = %.4g），LR = %.2f（p = %.4g）\n",
                               "spatial homogeneity: Q = %.2f (dof %.0f, p = %.4g), LR = %.2f (p = %.4g)\n"),
                    sm->Q.stat, sm->Q.dof, sm->Q.p, sm->LR.stat, sm->LR.p);
    }
    if (!rc) cli_analysis_break_note(c, &a);
out:
    regio_markov_free(mk);
    regio_spatial_markov_free(sm);
    regio_weights_free(w);
    regio_xsection_free(xs);
    free(cuts); free(lag_cuts); free(y); free(years);
    return rc;
}
