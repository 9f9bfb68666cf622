/* cmd_evaluate_ua.c — `regio evaluate --data/--meta --uncertainty N [--sobol N] [--factors FILE]`: rank intervals
 * and Sobol indices (with bootstrap confidence intervals) over any construction choice, declared as data like
 * COINr's SA_specs (regio/pipeline.h). The sampling is the uncertainty engine's (regio/uncertainty.h): every draw
 * has its own random stream, so the result does not depend on the number of threads. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/evaluate_data.h"
#include "regio/json_out.h"
#include "regio/pipeline.h"
#include "regio/uncertainty.h"

static json_t *spec_json(const regio_ua_spec *s) {
    json_t *arr = json_array();
    static const char *const KIND[] = {"normalise", "aggregate", "weights", "weight_noise", "impute", "treat", "winmax", "denominate", "drop"};
    for (size_t i = 0; i < s->nf; i++) {
        const regio_ua_factor *f = &s->f[i];
        json_t *alts = json_array();
        if (f->kind == REGIO_UA_WEIGHT_NOISE)
            for (size_t q = 0; q < f->ncoord; q++) json_array_append_new(alts, json_pack("{s:I, s:o}", "node", (json_int_t)f->node[q], "noise", regio_json_num(f->noise[q])));
        else
            for (size_t a = 0; a < f->nalt; a++) json_array_append_new(alts, json_string(f->alt[a].text));
        json_array_append_new(arr, json_pack("{s:s, s:s, s:o, s:s}", "name", f->name, "type", KIND[f->kind], "alternatives", alts,
                                             "distribution", f->kind == REGIO_UA_WEIGHT_NOISE ? "uniform, one per node" : "discrete uniform"));
    }
    return arr;
}

int ev_uncertainty(cli *c, const ev_build *b, const char *factors, size_t draws, size_t sobol_n, unsigned long long seed,
                   int threads, size_t nboot, json_t **out) {
    *out = NULL;
    regio_error err;
    regio_error_clear(&err);
    regio_ua_spec *spec = NULL;
    int rc = factors ? regio_ua_spec_read(factors, b->mt, b->d, b->t, &spec, &err)
                     : regio_ua_spec_default(b->mt, b->po->treat.enabled, &spec, &err);
    if (rc) return cli_fail(c, &err);
    regio_composite_input in;
    regio_pipeline_denoms dn;
    ev_build_input(b, &in, &dn);
    regio_ua_model md = {&in, &dn, b->po, spec, b->r->comp->rank};
    regio_mc_opts mo = {.draws = draws, .seed = seed, .threads = threads, .progress = stderr};
    regio_mc_result *mc = NULL;
    regio_sobol *so = NULL;
    if (regio_mc_ranks(in.n, spec->ncoord, regio_ua_scores, &md, &mo, &mc, &err)) {
        rc = cli_fail(c, &err);
        goto done;
    }
    if (sobol_n >= 2) {
        regio_sobol_opts sopt = {.n = sobol_n, .seed = seed ^ 0x5b0b01ULL, .threads = threads, .factor = spec->factor_of,
                                 .nfactors = spec->nf, .progress = stderr, .nboot = nboot};
        if (regio_sobol_run(spec->ncoord, regio_ua_rank_change, &md, &sopt, &so, &err)) {
            rc = cli_fail(c, &err);
            goto done;
        }
    }
    json_t *units = json_array();
    for (size_t i = 0; i < in.n; i++)
        json_array_append_new(units, json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:I}", "code", b->d->ucode[i],
                                               "nominal_rank", b->r->comp->rank[i] ? json_integer(b->r->comp->rank[i]) : json_null(),
                                               "median_rank", regio_json_num(mc->median[i]), "mean_rank", regio_json_num(mc->mean[i]),
                                               "p05", regio_json_num(mc->p05[i]), "p95", regio_json_num(mc->p95[i]), "n_ranked", (json_int_t)mc->nranked[i]));
    json_t *conv = json_array();
    for (size_t q = 0; q < mc->nconv; q++)
        json_array_append_new(conv, json_pack("{s:I, s:o}", "draws", (json_int_t)mc->conv_draws[q], "mean_interval_width", regio_json_num(mc->conv_width[q])));
    json_t *u = json_pack("{s:I, s:I, s:i, s:o, s:o, s:o, s:s}", "draws", (json_int_t)draws, "seed", (json_int_t)seed, "threads", threads,
                          "factors", spec_json(spec), "units", units, "convergence", conv,
                          "rank_interval", "5 % and 95 % quantiles (type 7) of the rank over the draws; ranks 1 = best, ties min");
    if (so) {
        json_t *fs = json_array();
        for (size_t i = 0; i < spec->nf; i++) {
            json_t *f = json_pack("{s:s, s:o, s:o}", "factor", spec->f[i].name, "S1", regio_json_num(so->s1[i]), "ST", regio_json_num(so->st[i]));
            if (so->nboot) {
                json_object_set_new(f, "S1_q05", regio_json_num(so->s1_lo[i]));
                json_object_set_new(f, "S1_q95", regio_json_num(so->s1_hi[i]));
                json_object_set_new(f, "ST_q05", regio_json_num(so->st_lo[i]));
                json_object_set_new(f, "ST_q95", regio_json_num(so->st_hi[i]));
            }
            json_array_append_new(fs, f);
        }
        json_object_set_new(u, "sensitivity", json_pack("{s:I, s:I, s:I, s:o, s:o, s:s, s:s, s:o}", "N", (json_int_t)sobol_n,
                                                        "model_runs", (json_int_t)so->nevals, "bootstrap", (json_int_t)so->nboot,
                                                        "mean", regio_json_num(so->mean), "variance", regio_json_num(so->var),
                                                        "output", "mean absolute rank change against the nominal ranks (COINr get_sensitivity)",
                                                        "estimators", "Saltelli sampling, Jansen S1 and ST; bootstrap 5-95 % quantiles as COINr SA_estimate",
                                                        "factors", fs));
    }
    *out = u;
done:
    regio_mc_result_free(mc);
    regio_sobol_free(so);
    regio_ua_spec_free(spec);
    return rc;
}

int ev_uncertainty_table(cli *c, const ev_build *b, const json_t *u) {
    regio_column cols[] = {{"code", TR(c, "编码", "code"), REGIO_COL_TEXT, 0}, {"name", TR(c, "名称", "name"), REGIO_COL_TEXT, 0},
                           {"index", TR(c, "综合指数", "index"), REGIO_COL_NUM, 2}, {"rank", TR(c, "排名", "rank"), REGIO_COL_INT, 0},
                           {"median_rank", TR(c, "排名中位数", "median rank"), REGIO_COL_NUM, 1}, {"p05", TR(c, "排名5%", "rank p5"), REGIO_COL_NUM, 1},
                           {"p95", TR(c, "排名95%", "rank p95"), REGIO_COL_NUM, 1}};
    regio_grid *g = regio_grid_new(cols, 7);
    json_t *units = json_object_get(u, "units");
    for (size_t i = 0; g && i < b->d->n; i++) {
        json_t *x = json_array_get(units, i);
        long row = regio_grid_add_row(g);
        if (row < 0) break;
        regio_grid_set_text(g, (size_t)row, 0, b->d->ucode[i]);
        regio_grid_set_text(g, (size_t)row, 1, b->d->uname[i]);
        regio_grid_set_num(g, (size_t)row, 2, b->r->comp->index[i]);
        if (b->r->comp->rank[i]) regio_grid_set_int(g, (size_t)row, 3, b->r->comp->rank[i]);
        regio_grid_set_num(g, (size_t)row, 4, json_number_value(json_object_get(x, "median_rank")));
        regio_grid_set_num(g, (size_t)row, 5, json_number_value(json_object_get(x, "p05")));
        regio_grid_set_num(g, (size_t)row, 6, json_number_value(json_object_get(x, "p95")));
    }
    char title[256];
    snprintf(title, sizeof title, "%s (%lld %s, seed %lld)", TR(c, "综合指数与排名区间", "composite index and rank intervals"),
             (long long)json_integer_value(json_object_get(u, "draws")), TR(c, "次抽样", "draws"), (long long)json_integer_value(json_object_get(u, "seed")));
    int rc = g ? cli_write_grid(c, g, title) : CLI_INTERNAL;
    regio_grid_free(g);
    json_t *sens = json_object_get(u, "sensitivity");
    if (rc == CLI_OK && sens && c->fmt != REGIO_FMT_CSV) {
        regio_column sc[] = {{"factor", TR(c, "因子", "factor"), REGIO_COL_TEXT, 0}, {"S1", "S1", REGIO_COL_NUM, 3},
                             {"S1_q05", TR(c, "S1 5%", "S1 q5"), REGIO_COL_NUM, 3}, {"S1_q95", TR(c, "S1 95%", "S1 q95"), REGIO_COL_NUM, 3},
                             {"ST", "ST", REGIO_COL_NUM, 3}, {"ST_q05", TR(c, "ST 5%", "ST q5"), REGIO_COL_NUM, 3}, {"ST_q95", TR(c, "ST 95%", "ST q95"), REGIO_COL_NUM, 3}};
        regio_grid *gs = regio_grid_new(sc, 7);
        json_t *fs = json_object_get(sens, "factors");
        for (size_t i = 0; gs && i < json_array_size(fs); i++) {
            json_t *f = json_array_get(fs, i);
            long row = regio_grid_add_row(gs);
            if (row < 0) break;
            regio_grid_set_text(gs, (size_t)row, 0, json_string_value(json_object_get(f, "factor")));
            const char *keys[] = {"S1", "S1_q05", "S1_q95", "ST", "ST_q05", "ST_q95"};
            for (int k = 0; k < 6; k++) {
                json_t *v = json_object_get(f, keys[k]);
                if (json_is_number(v)) regio_grid_set_num(gs, (size_t)row, (size_t)k + 1, json_number_value(v));
            }
        }
        snprintf(title, sizeof title, "%s (N = %lld, %lld %s, %s)", TR(c, "Sobol 敏感性指数：排名平均绝对变化的方差分解", "Sobol sensitivity indices of the mean absolute rank change"),
                 (long long)json_integer_value(json_object_get(sens, "N")), (long long)json_integer_value(json_object_get(sens, "model_runs")),
                 TR(c, "次重建", "rebuilds"), TR(c, "区间为 bootstrap 5–95%", "intervals: bootstrap 5-95 %"));
        fputc('\n', c->out);
        rc = gs ? cli_write_grid(c, gs, title) : CLI_INTERNAL;
        regio_grid_free(gs);
    }
    return rc;
}
