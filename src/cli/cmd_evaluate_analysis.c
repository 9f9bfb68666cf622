/* cmd_evaluate_analysis.c — the statistics of a built index for `regio evaluate --data/--meta`: `--analyse`
 * (COINr's get_stats, get_corr, get_corr_flags, get_denom_corr, get_cronbach, get_PCA, get_str_weak and effective
 * weights, in JSON), `--remove-elements L`, `--unit CODE` (unit summary, strengths and weaknesses) and
 * `--compare FILE` (rank changes against another run, COINr compare_coins). The numbers come from
 * regio/index_analysis.h; this file only chooses the data set each statistic uses, as COINr's vignettes do. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/evaluate_data.h"
#include "regio/index_analysis.h"
#include "regio/json_out.h"
#include "regio/pipeline.h"
#include "regio/render.h"

void ev_build_input(const ev_build *b, regio_composite_input *in, regio_pipeline_denoms *dn) {
    const regio_coinr_meta *mt = b->mt;
    const regio_coinr_data *d = b->d;
    size_t cells = d->n * d->m;
    *in = (regio_composite_input){.n = d->n, .m = d->m, .x = d->x + b->t * cells, .direction = mt->direction,
                                  .gp_lo = mt->gp_lo, .gp_hi = mt->gp_hi, .target = mt->target, .nnodes = mt->nnodes,
                                  .parent = mt->parent, .weight = mt->weight, .cell_flag = b->flags,
                                  .unit_code = (const char *const *)d->ucode, .node_code = (const char *const *)mt->code};
    *dn = (regio_pipeline_denoms){d->den ? d->den + b->t * d->n * d->ndenoms : NULL, d->ndenoms, mt->denom_of};
}

static int cmp_dbl(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* COINr get_stats on the raw indicators: min, max, mean, median, sd, skew, kurt, availability, the outlier flag */
static json_t *stats_json(const ev_build *b, const double *x) {
    size_t n = b->d->n, m = b->d->m;
    json_t *arr = json_array();
    double *v = malloc((n ? n : 1) * sizeof *v);
    for (size_t j = 0; v && j < m; j++) {
        size_t k = 0, nz = 0;
        double s = 0;
        for (size_t i = 0; i < n; i++)
            if (!isnan(x[i * m + j])) { v[k++] = x[i * m + j]; s += x[i * m + j]; nz += x[i * m + j] != 0; }
        qsort(v, k, sizeof *v, cmp_dbl);
        double mean = k ? s / (double)k : NAN, ss = 0;
        for (size_t q = 0; q < k; q++) ss += (v[q] - mean) * (v[q] - mean);
        double sk = regio_skew(x + j, n, m), kt = regio_kurt(x + j, n, m);
        json_array_append_new(arr, json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:I, s:I, s:o, s:s}", "indicator", b->mt->code[j],
                                             "min", regio_json_num(k ? v[0] : NAN), "max", regio_json_num(k ? v[k - 1] : NAN),
                                             "mean", regio_json_num(mean), "median", regio_json_num(k ? (k % 2 ? v[k / 2] : (v[k / 2 - 1] + v[k / 2]) / 2) : NAN),
                                             "sd", regio_json_num(k > 1 ? sqrt(ss / (double)(k - 1)) : NAN), "skew", regio_json_num(sk), "kurt", regio_json_num(kt),
                                             "n_avail", (json_int_t)k, "n_nonzero", (json_int_t)nz, "frc_avail", regio_json_num((double)k / (double)n),
                                             "flag_skew_kurt", fabs(sk) > 2 && kt > 3.5 ? "OUT" : "ok"));
    }
    free(v);
    return arr;
}

/* children of aggregate p, in tree order */
static size_t children(const regio_coinr_meta *mt, size_t p, size_t *out) {
    size_t k = 0;
    for (size_t q = 0; q < mt->nnodes; q++)
        if (mt->parent[q] == (int)p) out[k++] = q;
    return k;
}

json_t *ev_analysis_json(const ev_build *b) {
    const regio_coinr_meta *mt = b->mt;
    const regio_coinr_data *d = b->d;
    const regio_composite_result *cr = b->r->comp;
    size_t n = d->n, m = d->m, N = mt->nnodes, cells = n * m;
    const double *raw = d->x + b->t * cells, *norm = cr->norm, *sc = cr->score;
    size_t *ch = malloc(N * sizeof *ch), *order = malloc(m * sizeof *order);
    if (!ch || !order) { free(ch); free(order); return NULL; }
    json_t *a = json_object();
    json_object_set_new(a, "indicator_stats", stats_json(b, raw));
    /* within-group correlations of the raw indicators, with p-values (COINr get_corr, pval 0.05) */
    json_t *within = json_array(), *flags_hi = json_array(), *flags_lo = json_array(), *crb = json_object(), *pca = json_object(), *par = json_array();
    for (size_t p = m; p < N; p++) {
        size_t k = children(mt, p, ch);
        int leaves = ch[0] < m;
        const double *x = leaves ? raw : sc;
        size_t stride = leaves ? m : N;
        json_object_set_new(crb, mt->code[p], regio_json_num(regio_cronbach(x, n, stride, ch, k)));
        regio_pca *pc = NULL;
        regio_error err;
        if (k >= 2 && regio_pca_run(x, n, stride, ch, k, &pc, &err) == REGIO_OK) {
            json_t *w = json_object();
            for (size_t q = 0; q < k; q++) json_object_set_new(w, mt->code[ch[q]], regio_json_num(pc->loading[q * k]));
            json_object_set_new(pca, mt->code[p], json_pack("{s:s, s:I, s:o, s:o}", "data", leaves ? "raw indicators" : "aggregated scores",
                                                          "n_complete", (json_int_t)pc->nobs, "pc1_variance_share", regio_json_num(pc->prop[0]), "weights_pc1", w));
            regio_pca_free(pc);
        }
        if (!leaves) continue;
        for (size_t q = 0; q < k; q++)
            for (size_t r = q + 1; r < k; r++) {
                size_t nobs;
                double pv, rr = regio_pearson(raw, n, m, ch[q], ch[r], &nobs, &pv);
                json_array_append_new(within, json_pack("{s:s, s:s, s:s, s:o, s:o, s:I}", "group", mt->code[p], "a", mt->code[ch[q]], "b", mt->code[ch[r]],
                                                        "r", regio_json_num(rr), "p", regio_json_num(pv), "n", (json_int_t)nobs));
                double rn = regio_pearson(norm, n, m, ch[q], ch[r], NULL, NULL);
                json_t *f = json_pack("{s:s, s:s, s:s, s:o}", "group", mt->code[p], "a", mt->code[ch[q]], "b", mt->code[ch[r]], "r", regio_json_num(rn));
                if (rn > 0.9) json_array_append(flags_hi, f);
                if (rn < -0.5) json_array_append(flags_lo, f);
                json_decref(f);
            }
    }
    for (size_t k = 0; k + 1 < N; k++)
        json_array_append_new(par, json_pack("{s:s, s:s, s:o, s:o}", "node", mt->code[k], "parent", mt->code[mt->parent[k]],
                                             "r_parent", regio_json_num(regio_pearson(sc, n, N, k, (size_t)mt->parent[k], NULL, NULL)),
                                             "r_index", regio_json_num(regio_pearson(sc, n, N, k, N - 1, NULL, NULL))));
    json_object_set_new(a, "correlations_within_groups", within);
    json_object_set_new(a, "corr_flags_high", flags_hi);
    json_object_set_new(a, "corr_flags_low", flags_lo);
    json_object_set_new(a, "correlation_with_parent", par);
    json_object_set_new(a, "cronbach_alpha", crb);
    json_object_set_new(a, "pca", pca);
    /* correlation with the denominators (COINr get_denom_corr, |r| > 0.6) */
    json_t *dc = json_array();
    if (d->ndenoms) {
        size_t nd = d->ndenoms, w = m + nd;
        double *both = malloc(n * w * sizeof *both);
        for (size_t i = 0; both && i < n; i++) {
            memcpy(both + i * w, raw + i * m, m * sizeof *both);
            memcpy(both + i * w + m, d->den + (b->t * n + i) * nd, nd * sizeof *both);
        }
        for (size_t j = 0; both && j < m; j++)
            for (size_t q = 0; q < nd; q++) {
                double r = regio_pearson(both, n, w, j, m + q, NULL, NULL);
                if (fabs(r) > 0.6)
                    json_array_append_new(dc, json_pack("{s:s, s:s, s:o}", "indicator", mt->code[j], "denominator", mt->denom_code[q], "r", regio_json_num(r)));
            }
        free(both);
    }
    json_object_set_new(a, "denominator_correlations", dc);
    /* effective weights: the product of the normalised weights up to the index */
    json_t *ew = json_object();
    for (size_t k = 0; k < N; k++) {
        double e = 1;
        for (int q = (int)k; mt->parent[q] >= 0; q = mt->parent[q]) e *= cr->weight_used[q];
        json_object_set_new(ew, mt->code[k], regio_json_num(e));
    }
    json_object_set_new(a, "effective_weights", ew);
    /* strengths and weaknesses of every unit on the raw values (ties in lineage order: pillar, then code) */
    for (size_t j = 0; j < m; j++) order[j] = j;
    for (size_t p = 1; p < m; p++)
        for (size_t q = p; q > 0; q--) {
            size_t x = order[q - 1], y = order[q];
            int c = strcmp(mt->code[mt->parent[x]], mt->code[mt->parent[y]]);
            if (c < 0 || (c == 0 && strcmp(mt->code[x], mt->code[y]) <= 0)) break;
            order[q - 1] = y;
            order[q] = x;
        }
    json_t *sw = json_object();
    for (size_t i = 0; i < n; i++) {
        size_t st[5], wk[5], ns = 0, nw = 0;
        int sr[5], wr[5];
        regio_error err;
        if (regio_str_weak(raw, n, m, mt->direction, order, i, 5, 5, st, sr, &ns, wk, wr, &nw, &err)) continue;
        json_t *S = json_array(), *W = json_array();
        for (size_t q = 0; q < ns; q++) json_array_append_new(S, json_pack("{s:s, s:i, s:o}", "indicator", mt->code[st[q]], "rank", sr[q], "value", regio_json_num(raw[i * m + st[q]])));
        for (size_t q = 0; q < nw; q++) json_array_append_new(W, json_pack("{s:s, s:i, s:o}", "indicator", mt->code[wk[q]], "rank", wr[q], "value", regio_json_num(raw[i * m + wk[q]])));
        json_object_set_new(sw, d->ucode[i], json_pack("{s:o, s:o}", "strengths", S, "weaknesses", W));
    }
    json_object_set_new(a, "strengths_weaknesses", sw);
    json_object_set_new(a, "notes", json_string("indicator_stats, correlations_within_groups (with p; COINr masks p >= 0.05), cronbach_alpha and pca of a pillar use the raw indicators (COINr dset Raw); corr_flags use the normalised indicators within each pillar (r > 0.9: possible redundancy; r < -0.5: conflicting); correlation_with_parent and the pca of higher aggregates use the aggregated scores; PCA signs are fixed so that the loadings sum to >= 0"));
    free(ch);
    free(order);
    return a;
}

json_t *ev_remove_elements_json(const ev_build *b, int level, regio_error *err) {
    const regio_coinr_meta *mt = b->mt;
    size_t n = b->d->n, N = mt->nnodes;
    regio_composite_input in;
    regio_pipeline_denoms dn;
    ev_build_input(b, &in, &dn);
    double *w = malloc(N * sizeof *w), *idx = malloc(n * sizeof *idx);
    int *rk = malloc(n * sizeof *rk);
    json_t *out = json_array();
    for (size_t k = 0; w && idx && rk && k + 1 < N; k++) {
        if (mt->level[k] != level) continue;
        const double *base = b->po->comp.weights ? b->po->comp.weights : mt->weight;
        memcpy(w, base, N * sizeof *w);
        w[k] = 0;
        regio_pipeline_opts o = *b->po;
        o.comp.weights = w;
        if (o.comp.wkind == REGIO_W_EQUAL) {
            for (size_t q = 0; q < N; q++) w[q] = q == k ? 0 : 1;
            o.comp.wkind = REGIO_W_GIVEN;
        }
        if (regio_pipeline_run(&in, &dn, &o, idx, err)) {
            json_decref(out);
            out = NULL;
            break;
        }
        regio_composite_rank(idx, n, rk);
        double s = 0;
        size_t c = 0;
        for (size_t i = 0; i < n; i++)
            if (rk[i] && b->r->comp->rank[i]) { s += fabs((double)(b->r->comp->rank[i] - rk[i])); c++; }
        json_array_append_new(out, json_pack("{s:s, s:o}", "removed", mt->code[k], "mean_abs_rank_change", regio_json_num(c ? s / (double)c : NAN)));
    }
    free(w);
    free(idx);
    free(rk);
    return out;
}

int ev_unit_report(cli *c, const ev_build *b, const char *unit) {
    const regio_coinr_meta *mt = b->mt;
    const regio_coinr_data *d = b->d;
    const regio_composite_result *cr = b->r->comp;
    size_t n = d->n, m = d->m, N = mt->nnodes, u = 0;
    while (u < n && strcmp(d->ucode[u], unit) != 0) u++;
    if (u == n) return cli_usage_error(c, "--unit：%s 中没有单元 %s", "--unit: %s has no unit %s", "iData", unit);
    regio_column cols[] = {{"part", TR(c, "部分", "part"), REGIO_COL_TEXT, 0}, {"code", TR(c, "编码", "code"), REGIO_COL_TEXT, 0},
                           {"name", TR(c, "名称", "name"), REGIO_COL_TEXT, 0}, {"value", TR(c, "得分或原值", "score or value"), REGIO_COL_NUM, 2},
                           {"rank", TR(c, "排名", "rank"), REGIO_COL_INT, 0}};
    regio_grid *g = regio_grid_new(cols, 5);
    double *col = malloc(n * sizeof *col);
    int *rk = malloc(n * sizeof *rk);
    size_t *order = malloc(m * sizeof *order), st[5], wk[5], ns = 0, nw = 0;
    int sr[5], wr[5], rc = CLI_OK;
    if (!g || !col || !rk || !order) { rc = CLI_INTERNAL; goto done; }
    for (size_t k = N; k-- > m;) {
        for (size_t i = 0; i < n; i++) col[i] = cr->score[i * N + k];
        regio_composite_rank(col, n, rk);
        long row = regio_grid_add_row(g);
        if (row < 0) { rc = CLI_INTERNAL; goto done; }
        regio_grid_set_text(g, (size_t)row, 0, TR(c, "汇总", "aggregate"));
        regio_grid_set_text(g, (size_t)row, 1, mt->code[k]);
        regio_grid_set_text(g, (size_t)row, 2, mt->name[k]);
        regio_grid_set_num(g, (size_t)row, 3, col[u]);
        if (rk[u]) regio_grid_set_int(g, (size_t)row, 4, rk[u]);
    }
    for (size_t j = 0; j < m; j++) order[j] = j;
    for (size_t p = 1; p < m; p++)
        for (size_t q = p; q > 0; q--) {
            size_t x = order[q - 1], y = order[q];
            int cc = strcmp(mt->code[mt->parent[x]], mt->code[mt->parent[y]]);
            if (cc < 0 || (cc == 0 && strcmp(mt->code[x], mt->code[y]) <= 0)) break;
            order[q - 1] = y;
            order[q] = x;
        }
    regio_error err;
    regio_error_clear(&err);
    const double *raw = d->x + b->t * n * m;
    if (regio_str_weak(raw, n, m, mt->direction, order, u, 5, 5, st, sr, &ns, wk, wr, &nw, &err)) { rc = cli_fail(c, &err); goto done; }
    for (int part = 0; part < 2; part++)
        for (size_t q = 0; q < (part ? nw : ns); q++) {
            size_t j = part ? wk[q] : st[q];
            long row = regio_grid_add_row(g);
            if (row < 0) { rc = CLI_INTERNAL; goto done; }
            regio_grid_set_text(g, (size_t)row, 0, part ? TR(c, "弱项", "weakness") : TR(c, "优势", "strength"));
            regio_grid_set_text(g, (size_t)row, 1, mt->code[j]);
            regio_grid_set_text(g, (size_t)row, 2, mt->name[j]);
            regio_grid_set_num(g, (size_t)row, 3, raw[u * m + j]);
            regio_grid_set_int(g, (size_t)row, 4, part ? wr[q] : sr[q]);
        }
    {
        char title[256];
        snprintf(title, sizeof title, "%s %s", TR(c, "单元概况：", "unit summary:"), d->ucode[u]);
        rc = cli_write_grid(c, g, title);
    }
done:
    regio_grid_free(g);
    free(col);
    free(rk);
    free(order);
    return rc;
}

int ev_compare(cli *c, const ev_build *b, const char *other_json) {
    json_error_t je;
    json_t *o = json_load_file(other_json, 0, &je);
    if (!o) return cli_usage_error(c, "--compare：无法读取 %s（第 %d 行：%s）", "--compare: cannot read %s (line %d: %s)", other_json, je.line, je.text);
    json_t *years = json_object_get(o, "years"), *yr = NULL;
    int year = b->d->has_time ? b->d->years[b->t] : 0;
    for (size_t q = 0; years && q < json_array_size(years); q++) {
        json_t *y = json_array_get(years, q), *yv = json_object_get(y, "year");
        if ((!b->d->has_time && json_is_null(yv)) || (json_is_integer(yv) && json_integer_value(yv) == year)) yr = y;
    }
    if (!yr) {
        json_decref(o);
        return cli_usage_error(c, "--compare：%s 中没有与本次相同的年份（不是 regio evaluate --format json 的输出？）", "--compare: %s has no year matching this run (not a regio evaluate --format json output?)", other_json);
    }
    json_t *units = json_object_get(yr, "units");
    const regio_composite_result *cr = b->r->comp;
    regio_column cols[] = {{"code", TR(c, "编码", "code"), REGIO_COL_TEXT, 0}, {"name", TR(c, "名称", "name"), REGIO_COL_TEXT, 0},
                           {"rank", TR(c, "本次排名", "rank (this run)"), REGIO_COL_INT, 0}, {"rank_other", TR(c, "对比排名", "rank (other)"), REGIO_COL_INT, 0},
                           {"diff", TR(c, "排名变化", "rank change"), REGIO_COL_INT, 0}, {"index", TR(c, "本次指数", "index (this run)"), REGIO_COL_NUM, 2},
                           {"index_other", TR(c, "对比指数", "index (other)"), REGIO_COL_NUM, 2}};
    regio_grid *g = regio_grid_new(cols, 7);
    size_t matched = 0;
    double sabs = 0;
    for (size_t i = 0; g && i < b->d->n; i++) {
        json_t *ou = NULL;
        for (size_t q = 0; q < json_array_size(units) && !ou; q++) {
            json_t *x = json_array_get(units, q);
            if (json_is_string(json_object_get(x, "code")) && strcmp(json_string_value(json_object_get(x, "code")), b->d->ucode[i]) == 0) ou = x;
        }
        long row = regio_grid_add_row(g);
        if (row < 0) break;
        regio_grid_set_text(g, (size_t)row, 0, b->d->ucode[i]);
        regio_grid_set_text(g, (size_t)row, 1, b->d->uname[i]);
        if (cr->rank[i]) regio_grid_set_int(g, (size_t)row, 2, cr->rank[i]);
        regio_grid_set_num(g, (size_t)row, 5, cr->index[i]);
        if (!ou) continue;
        json_t *rk = json_object_get(ou, "rank");
        regio_grid_set_num(g, (size_t)row, 6, json_is_number(json_object_get(ou, "index")) ? json_number_value(json_object_get(ou, "index")) : NAN);
        if (json_is_integer(rk)) {
            regio_grid_set_int(g, (size_t)row, 3, (long long)json_integer_value(rk));
            if (cr->rank[i]) {
                long long df = (long long)json_integer_value(rk) - cr->rank[i];
                regio_grid_set_int(g, (size_t)row, 4, df);
                sabs += (double)(df < 0 ? -df : df);
                matched++;
            }
        }
    }
    char title[256];
    snprintf(title, sizeof title, "%s %s (%s %zu, %s %.3f)", TR(c, "与另一次评价比较：", "compared with"), other_json,
             TR(c, "匹配单元", "units matched"), matched, TR(c, "平均绝对排名变化", "mean |rank change|"), matched ? sabs / (double)matched : NAN);
    int rc = g ? cli_write_grid(c, g, title) : CLI_INTERNAL;
    regio_grid_free(g);
    json_decref(o);
    return rc;
}
