/* cmd_evaluate_plan.c — `regio evaluate --year Y [--scheme NAME] [--uncertainty N] [--seed S] [--threads T]`:
 * the plan's classified yearly evaluation (plan lines 339–340) per county within its main-function-zone type:
 * dimension scores, composite score, rank in the zone type, change since the previous year where data allow,
 * flags, and with --uncertainty the Monte Carlo rank interval and the Sobol indices of the choices. Every output
 * says whether the zone types are official or provisional, and echoes the settings needed to reproduce it.
 * The computation is src/analysis/evaluation_run.c; this file only parses and prints. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "regio/evaluation.h"
#include "regio/json_out.h"

#define PROVISIONAL_EN "provisional zone types / 暂定主体功能区类型"
#define PROVISIONAL_ZH "暂定主体功能区类型（provisional zone types）"

typedef struct dimcol { const char *code, *zh, *en; } dimcol;

/* the union of the scheme's dimension codes, in first-seen order */
static size_t dim_union(const regio_scheme *s, dimcol *out, size_t cap) {
    size_t n = 0;
    for (int z = 0; z < REGIO_NZONES; z++)
        for (size_t d = 0; d < s->zone[z].ndims; d++) {
            size_t k = 0;
            while (k < n && strcmp(out[k].code, s->zone[z].dims[d].code) != 0) k++;
            if (k == n && n < cap) out[n++] = (dimcol){s->zone[z].dims[d].code, s->zone[z].dims[d].name_zh, s->zone[z].dims[d].name_en};
        }
    return n;
}

static double unit_dim(const regio_scheme *s, const regio_eval_unit *u, const char *code) {
    const regio_scheme_zone *sz = &s->zone[u->zone];
    for (size_t d = 0; d < sz->ndims; d++)
        if (strcmp(sz->dims[d].code, code) == 0) return u->dim[d];
    return NAN;
}

static void flags_text(const cli *c, const regio_scheme *s, const regio_eval_unit *u, char *buf, size_t cap) {
    buf[0] = '\0';
    if (u->flags & REGIO_EVAL_PROVISIONAL) strncat(buf, TR(c, "暂定类型 ", "provisional-zone "), cap - strlen(buf) - 1);
    if (!isnan(u->score) && s->zone[u->zone].nmandate_missing) strncat(buf, TR(c, "部分排名 ", "partial-ranking "), cap - strlen(buf) - 1);
    if (u->flags & REGIO_EVAL_FEWER_DIMS) {
        char t[64];
        snprintf(t, sizeof t, TR(c, "仅%zu/%zu维度 ", "only-%zu-of-%zu-dimensions "), u->ndims_scored, u->ndims_measured);
        strncat(buf, t, cap - strlen(buf) - 1);
    }
    if (u->flags & REGIO_EVAL_SKIPPED) {
        char t[64];
        snprintf(t, sizeof t, TR(c, "缺%zu项已重赋权 ", "missing-%zu-reweighted "), u->nmissing);
        strncat(buf, t, cap - strlen(buf) - 1);
    }
    if (u->flags & REGIO_EVAL_NOSCORE) strncat(buf, TR(c, "无数据 ", "no-data "), cap - strlen(buf) - 1);
    size_t n = strlen(buf);
    if (n && buf[n - 1] == ' ') buf[n - 1] = '\0';
}

/* one line per zone type whose ranking misses dimensions the plan mandates, with the plan's lines */
static void mandate_notes(const cli *c, const regio_scheme *s, FILE *f) {
    if (!s->has_mandate) {
        fprintf(f, "%s\n", TR(c, "注意：方案目录没有 mandate.csv，无法核对规划要求的考核维度", "note: the schemes directory has no mandate.csv: the dimensions the plan mandates cannot be checked"));
        return;
    }
    for (int z = 0; z < REGIO_NZONES; z++) {
        const regio_scheme_zone *sz = &s->zone[z];
        char title[1200], lines[128] = "";
        if (!regio_scheme_partial_title(sz, c->lang, title, sizeof title)) continue;
        for (size_t k = 0, n = 0; k < sz->nmandate; k++) {
            if (sz->mandate[k].measured) continue;
            int dup = 0;
            for (size_t q = 0; q < k; q++) dup |= !sz->mandate[q].measured && sz->mandate[q].plan_line == sz->mandate[k].plan_line;
            if (dup) continue;
            size_t len = strlen(lines);
            snprintf(lines + len, sizeof lines - len, "%s%ld", n++ ? (c->lang == REGIO_LANG_ZH ? "、" : ", ") : "", sz->mandate[k].plan_line);
        }
        fprintf(f, TR(c, "注意：%s：%s（规划要求见 docs/plan/plan-normalized.txt 第 %s 行）\n", "note: %s: %s (the plan's requirement: docs/plan/plan-normalized.txt lines %s)\n"),
                regio_zone_name(z, c->lang), title, lines);
        /* the indicators that would measure each missing dimension, with where they are published */
        for (size_t k = 0; k < sz->nmandate; k++) {
            const regio_mandate_dim *md = &sz->mandate[k];
            if (md->measured || !md->ncand) continue;
            fprintf(f, TR(c, "  %s 需要：", "  %s needs: "), c->lang == REGIO_LANG_ZH ? md->name_zh : md->name_en);
            for (size_t q = 0; q < md->ncand; q++)
                fprintf(f, "%s%s %s (%s, %s; %s)", q ? (c->lang == REGIO_LANG_ZH ? "；" : "; ") : "", md->cand[q].code,
                        c->lang == REGIO_LANG_ZH ? md->cand[q].name_zh : md->cand[q].name_en, md->cand[q].unit,
                        strcmp(md->cand[q].direction, "lower") == 0 ? TR(c, "越低越好", "lower is better") : TR(c, "越高越好", "higher is better"), md->cand[q].published_in);
            fputc('\n', f);
        }
    }
}

/* one line per ranked county scored on fewer of its zone type's measured dimensions than the others */
static void fewer_notes(const cli *c, const regio_evaluation *e, const regio_plan *plan, FILE *f) {
    for (size_t i = 0; i < e->nunits; i++) {
        const regio_eval_unit *u = &e->units[i];
        if (!(u->flags & REGIO_EVAL_FEWER_DIMS)) continue;
        size_t of = 0;
        for (size_t k = 0; k < e->nunits; k++) of += e->units[k].zone == u->zone && e->units[k].rank > 0;
        fprintf(f, TR(c, "注意：%s（%s）排第 %d（共 %zu 个县），但仅按 %zu 个维度计分（该类型已测 %zu 个）\n",
                      "note: %s (%s) ranks %d of %zu on only %zu of the %zu measured dimensions\n"),
                regio_region_name(&plan->regions[u->region], c->lang), regio_zone_name(u->zone, c->lang), u->rank, of, u->ndims_scored,
                u->ndims_measured);
    }
}

static const char *norm_name(regio_norm_kind k) {
    return k == REGIO_NORM_ZSCORE ? "zscore" : k == REGIO_NORM_RANK ? "rank" : "minmax";
}
static const char *agg_name(regio_comp_agg a) { return a == REGIO_COMP_GEOM ? "geom" : "arith"; }
static const char *const FACTOR_NAME[REGIO_EVAL_NFACTORS] = {"normalisation", "aggregation", "weights"};

static void settings_line(const cli *c, const regio_evaluation *e, const char *dir, char *buf, size_t cap) {
    snprintf(buf, cap,
             "%s — %s %d, scheme %s (%s), %s%s; uncertainty %zu draws, sobol N %zu, seed %llu, threads %d, weights ±%g%%; zones: %s",
             TR(c, "分类综合评价", "classified evaluation"), TR(c, "年份", "year"), e->year, e->scheme->name, dir,
             e->zones_official ? TR(c, "官方主体功能区类型", "official zone types") : (c->lang == REGIO_LANG_ZH ? PROVISIONAL_ZH : PROVISIONAL_EN),
             e->prev_year ? "" : TR(c, "；无上一年数据，不计算变化", "; no data for the previous year: no change computed"),
             e->opts.draws, e->opts.sobol_n, (unsigned long long)e->opts.seed, e->opts.threads, e->opts.perturb * 100,
             e->zones_source);
}

static int write_json(cli *c, const regio_evaluation *e, const regio_plan *plan, const char *dir, regio_error *err) {
    const regio_scheme *s = e->scheme;
    json_t *root = json_object(), *set = json_object(), *zs = json_object(), *units = json_array();
    json_object_set_new(root, "zone_types", json_string(e->zones_official ? "official" : "provisional"));
    json_object_set_new(root, "zone_types_note", json_string(e->zones_official ? "official zone types / 官方主体功能区类型" : PROVISIONAL_EN));
    json_object_set_new(set, "year", json_integer(e->year));
    json_object_set_new(set, "scheme", json_string(s->name));
    json_object_set_new(set, "schemes_dir", json_string(dir));
    json_object_set_new(set, "zones_source", json_string(e->zones_source));
    json_object_set_new(set, "uncertainty", json_integer((json_int_t)e->opts.draws));
    json_object_set_new(set, "sobol_n", json_integer((json_int_t)e->opts.sobol_n));
    json_object_set_new(set, "seed", json_integer((json_int_t)e->opts.seed));
    json_object_set_new(set, "threads", json_integer(e->opts.threads));
    json_object_set_new(set, "perturb", regio_json_num(e->opts.perturb));
    json_object_set_new(set, "missing", json_string("skip and re-weight (flagged)"));
    json_object_set_new(set, "alternatives", json_pack("{s:[s,s,s],s:[s,s],s:s}", "normalisation", "minmax", "zscore", "rank",
                                                       "aggregation", "arith", "geom", "weights", "each node × (1 ± perturb), uniform"));
    for (int z = 0; z < REGIO_NZONES; z++) {
        const regio_scheme_zone *sz = &s->zone[z];
        json_t *jz = json_object(), *dims = json_array();
        json_object_set_new(jz, "normalise", json_string(norm_name(sz->norm)));
        json_object_set_new(jz, "aggregate", json_string(agg_name(sz->agg)));
        json_object_set_new(jz, "basis", json_string(sz->basis ? sz->basis : ""));
        for (size_t d = 0; d < sz->ndims; d++) {
            json_t *jd = json_object(), *inds = json_array();
            json_object_set_new(jd, "code", json_string(sz->dims[d].code));
            json_object_set_new(jd, "name_zh", json_string(sz->dims[d].name_zh));
            json_object_set_new(jd, "name_en", json_string(sz->dims[d].name_en));
            json_object_set_new(jd, "weight", regio_json_num(sz->dims[d].weight));
            json_object_set_new(jd, "measured", json_boolean(sz->dims[d].measured));
            if (!sz->dims[d].measured) json_object_set_new(jd, "note", json_string(sz->dims[d].note));
            for (size_t j = 0; j < sz->ninds; j++)
                if (sz->inds[j].dim == d)
                    json_array_append_new(inds, json_pack("{s:s,s:s,s:o}", "indicator", plan->indicators[sz->inds[j].indicator].code,
                                                          "direction", sz->inds[j].direction > 0 ? "higher" : "lower", "weight",
                                                          regio_json_num(sz->inds[j].weight)));
            json_object_set_new(jd, "indicators", inds);
            json_array_append_new(dims, jd);
        }
        json_object_set_new(jz, "dimensions", dims);
        json_t *man = json_array(), *miss = json_array();
        for (size_t k = 0; k < sz->nmandate; k++) {
            const regio_mandate_dim *md = &sz->mandate[k];
            json_t *cands = json_array();
            for (size_t q = 0; q < md->ncand; q++) {
                const regio_mandate_ind *ci = &md->cand[q];
                json_array_append_new(cands, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "indicator", ci->code, "name_zh", ci->name_zh, "name_en", ci->name_en,
                                                       "unit", ci->unit, "direction", ci->direction, "published_in", ci->published_in, "note", ci->note));
            }
            json_array_append_new(man, json_pack("{s:s,s:s,s:s,s:I,s:s,s:b,s:s?,s:o}", "code", md->code, "name_zh", md->name_zh, "name_en",
                                                 md->name_en, "plan_line", (json_int_t)md->plan_line, "basis", md->basis, "measured",
                                                 md->measured, "scheme_dimension", md->dim >= 0 ? sz->dims[md->dim].code : NULL,
                                                 "indicators_to_measure_it", cands));
            if (!md->measured) json_array_append_new(miss, json_string(md->code));
        }
        char pt_zh[1200], pt_en[1200];
        regio_scheme_partial_title(sz, REGIO_LANG_ZH, pt_zh, sizeof pt_zh);
        regio_scheme_partial_title(sz, REGIO_LANG_EN, pt_en, sizeof pt_en);
        json_object_set_new(jz, "mandate", s->has_mandate ? man : json_null());
        if (!s->has_mandate) json_decref(man);
        json_object_set_new(jz, "mandate_missing", miss);
        json_object_set_new(jz, "partial", s->has_mandate ? json_boolean(sz->nmandate_missing > 0) : json_null());
        json_object_set_new(jz, "partial_title_zh", json_string(pt_zh));
        json_object_set_new(jz, "partial_title_en", json_string(pt_en));
        json_object_set_new(zs, regio_zone_code(z), jz);
    }
    json_object_set_new(set, "zones", zs);
    json_object_set_new(root, "settings", set);
    json_object_set_new(root, "previous_year", e->prev_year ? json_integer(e->prev_year) : json_null());
    if (!e->prev_year)
        json_object_set_new(root, "change_note", json_string("no data for the previous year: change since last year not computed"));
    for (size_t i = 0; i < e->nunits; i++) {
        const regio_eval_unit *u = &e->units[i];
        const regio_region *rg = &plan->regions[u->region];
        const regio_scheme_zone *sz = &s->zone[u->zone];
        json_t *ju = json_object(), *jd = json_object(), *fl = json_array();
        json_object_set_new(ju, "code", json_string(rg->code));
        json_object_set_new(ju, "name_zh", json_string(rg->name_zh));
        json_object_set_new(ju, "name_en", json_string(rg->name_en));
        json_object_set_new(ju, "zone", json_string(regio_zone_code(u->zone)));
        for (size_t d = 0; d < sz->ndims; d++) json_object_set_new(jd, sz->dims[d].code, regio_json_num(u->dim[d]));
        json_object_set_new(ju, "dimensions", jd);
        json_object_set_new(ju, "score", regio_json_num(u->score));
        json_object_set_new(ju, "rank", u->rank ? json_integer(u->rank) : json_null());
        json_object_set_new(ju, "score_change", u->has_prev ? regio_json_num(u->score - u->prev_score) : json_null());
        json_object_set_new(ju, "rank_change", u->has_prev && u->rank ? json_integer(u->prev_rank - u->rank) : json_null());
        if (u->flags & REGIO_EVAL_PROVISIONAL) json_array_append_new(fl, json_string("provisional_zone"));
        if (u->flags & REGIO_EVAL_SKIPPED) json_array_append_new(fl, json_string("missing_reweighted"));
        if (u->flags & REGIO_EVAL_NOSCORE) json_array_append_new(fl, json_string("no_data"));
        if (u->flags & REGIO_EVAL_FEWER_DIMS) json_array_append_new(fl, json_string("fewer_dimensions"));
        if (!isnan(u->score) && sz->nmandate_missing) json_array_append_new(fl, json_string("partial_ranking"));
        json_object_set_new(ju, "flags", fl);
        json_object_set_new(ju, "dimensions_scored", json_integer((json_int_t)u->ndims_scored));
        json_object_set_new(ju, "dimensions_measured", json_integer((json_int_t)u->ndims_measured));
        json_object_set_new(ju, "plan_dimensions_scored", json_integer((json_int_t)regio_eval_mandate_scored(s, u)));
        json_object_set_new(ju, "plan_dimensions", json_integer((json_int_t)sz->nmandate));
        json_object_set_new(ju, "missing_indicators", json_integer((json_int_t)u->nmissing));
        if (e->uncertainty)
            json_object_set_new(ju, "uncertainty", json_pack("{s:o,s:o,s:o}", "median_rank", regio_json_num(u->mc_median), "p05",
                                                             regio_json_num(u->mc_p05), "p95", regio_json_num(u->mc_p95)));
        json_array_append_new(units, ju);
    }
    json_object_set_new(root, "units", units);
    if (e->uncertainty) {
        json_t *so = json_object(), *f = json_object();
        json_object_set_new(so, "output", json_string("mean absolute shift of within-zone ranks from the nominal ranks"));
        json_object_set_new(so, "estimators", json_string("Saltelli sampling, Jansen estimators (Saltelli et al. 2010)"));
        json_object_set_new(so, "variance", regio_json_num(e->sobol_var));
        json_object_set_new(so, "model_runs", json_integer((json_int_t)e->sobol_evals));
        for (int k = 0; k < REGIO_EVAL_NFACTORS; k++)
            json_object_set_new(f, FACTOR_NAME[k], json_pack("{s:o,s:o}", "S1", regio_json_num(e->sobol_s1[k]), "ST", regio_json_num(e->sobol_st[k])));
        json_object_set_new(so, "factors", f);
        json_object_set_new(root, "sobol", so);
    }
    int rc = regio_json_dump(root, c->out, err);
    json_decref(root);
    return rc;
}

static int write_grids(cli *c, const regio_evaluation *e, const regio_plan *plan, const char *dir) {
    dimcol dims[32];
    size_t nd = dim_union(e->scheme, dims, 32);
    regio_column cols[64];
    size_t nc = 0;
    cols[nc++] = (regio_column){"zone", TR(c, "类型", "zone"), REGIO_COL_TEXT, 0};
    cols[nc++] = (regio_column){"code", TR(c, "代码", "code"), REGIO_COL_TEXT, 0};
    cols[nc++] = (regio_column){"name", TR(c, "名称", "name"), REGIO_COL_TEXT, 0};
    size_t dim0 = nc;
    for (size_t d = 0; d < nd; d++) cols[nc++] = (regio_column){dims[d].code, c->lang == REGIO_LANG_ZH ? dims[d].zh : dims[d].en, REGIO_COL_NUM, 1};
    size_t cs = nc;
    cols[nc++] = (regio_column){"score", TR(c, "综合得分", "score"), REGIO_COL_NUM, 2};
    cols[nc++] = (regio_column){"rank", TR(c, "类型内排名", "rank in zone"), REGIO_COL_INT, 0};
    cols[nc++] = (regio_column){"score_change", TR(c, "得分变化", "score change"), REGIO_COL_NUM, 2};
    cols[nc++] = (regio_column){"rank_change", TR(c, "排名变化", "rank change"), REGIO_COL_INT, 0};
    cols[nc++] = (regio_column){"plan_dims", TR(c, "规划维度", "plan dims"), REGIO_COL_TEXT, 0};
    cols[nc++] = (regio_column){"flags", TR(c, "标记", "flags"), REGIO_COL_TEXT, 0};
    if (e->uncertainty) {
        cols[nc++] = (regio_column){"mc_median_rank", TR(c, "排名中位数", "median rank"), REGIO_COL_NUM, 1};
        cols[nc++] = (regio_column){"mc_p05", TR(c, "排名5%", "rank p5"), REGIO_COL_NUM, 1};
        cols[nc++] = (regio_column){"mc_p95", TR(c, "排名95%", "rank p95"), REGIO_COL_NUM, 1};
    }
    regio_grid *g = regio_grid_new(cols, nc);
    if (!g) return CLI_INTERNAL;
    for (size_t i = 0; i < e->nunits; i++) {
        const regio_eval_unit *u = &e->units[i];
        const regio_region *rg = &plan->regions[u->region];
        long r = regio_grid_add_row(g);
        if (r < 0) { regio_grid_free(g); return CLI_INTERNAL; }
        size_t k = 0;
        regio_grid_set_text(g, (size_t)r, k++, regio_zone_name(u->zone, c->lang));
        regio_grid_set_text(g, (size_t)r, k++, rg->code);
        regio_grid_set_text(g, (size_t)r, k++, regio_region_name(rg, c->lang));
        for (size_t d = 0; d < nd; d++) regio_grid_set_num(g, (size_t)r, dim0 + d, unit_dim(e->scheme, u, dims[d].code));
        k = cs;
        regio_grid_set_num(g, (size_t)r, k++, u->score);
        if (u->rank) regio_grid_set_int(g, (size_t)r, k, u->rank);
        k++;
        regio_grid_set_num(g, (size_t)r, k++, u->has_prev ? u->score - u->prev_score : NAN);
        if (u->has_prev && u->rank) regio_grid_set_int(g, (size_t)r, k, u->prev_rank - u->rank);
        k++;
        char fl[256], pd[32];
        const regio_scheme_zone *uz = &e->scheme->zone[u->zone];
        if (uz->nmandate) snprintf(pd, sizeof pd, "%zu/%zu", regio_eval_mandate_scored(e->scheme, u), uz->nmandate);
        else snprintf(pd, sizeof pd, "—");
        regio_grid_set_text(g, (size_t)r, k++, pd);
        flags_text(c, e->scheme, u, fl, sizeof fl);
        regio_grid_set_text(g, (size_t)r, k++, fl);
        if (e->uncertainty) {
            regio_grid_set_num(g, (size_t)r, k++, u->mc_median);
            regio_grid_set_num(g, (size_t)r, k++, u->mc_p05);
            regio_grid_set_num(g, (size_t)r, k++, u->mc_p95);
        }
    }
    char title[4096];
    settings_line(c, e, dir, title, sizeof title);
    if (c->fmt == REGIO_FMT_CSV) fprintf(stderr, "%s\n", title); /* CSV has no title row: the settings go to stderr */
    int rc = cli_write_grid(c, g, title);
    regio_grid_free(g);
    if (rc) return rc;
    /* what the scheme cannot measure: the plan's mandate first, then the scheme's own declared dimensions */
    mandate_notes(c, e->scheme, stderr);
    fewer_notes(c, e, plan, stderr);
    for (int z = 0; z < REGIO_NZONES; z++)
        for (size_t d = 0; d < e->scheme->zone[z].ndims; d++)
            if (!e->scheme->zone[z].dims[d].measured)
                fprintf(stderr, TR(c, "注意：%s 的维度“%s”无数据，未计入：%s\n", "note: %s dimension '%s' is not measured: %s\n"),
                        regio_zone_name(z, c->lang), c->lang == REGIO_LANG_ZH ? e->scheme->zone[z].dims[d].name_zh : e->scheme->zone[z].dims[d].name_en,
                        e->scheme->zone[z].dims[d].note);
    if (e->uncertainty && c->fmt != REGIO_FMT_CSV) {
        regio_column sc[] = {{"factor", TR(c, "选择", "choice"), REGIO_COL_TEXT, 0},
                             {"S1", TR(c, "一阶指数 S1", "first-order S1"), REGIO_COL_NUM, 3},
                             {"ST", TR(c, "总效应指数 ST", "total-effect ST"), REGIO_COL_NUM, 3}};
        regio_grid *gs = regio_grid_new(sc, 3);
        if (!gs) return CLI_INTERNAL;
        for (int f = 0; f < REGIO_EVAL_NFACTORS; f++) {
            long r = regio_grid_add_row(gs);
            regio_grid_set_text(gs, (size_t)r, 0, FACTOR_NAME[f]);
            regio_grid_set_num(gs, (size_t)r, 1, e->sobol_s1[f]);
            regio_grid_set_num(gs, (size_t)r, 2, e->sobol_st[f]);
        }
        char t2[512];
        snprintf(t2, sizeof t2, TR(c, "Sobol 敏感性指数（输出：类型内排名相对名义排名的平均绝对变动；%zu 次模型运行）",
                                   "Sobol sensitivity indices (output: mean absolute shift of within-zone ranks from the nominal ranks; %zu model runs)"),
                 e->sobol_evals);
        fputc('\n', c->out);
        rc = cli_write_grid(c, gs, t2);
        regio_grid_free(gs);
    }
    return rc;
}

int cmd_evaluate_plan(cli *c, int argc, char **argv) {
    const char *year_s = NULL, *scheme = "default", *dir = NULL, *seed_s = "1";
    int draws = 0, threads = 0, perturb = 25, sobol = 0;
    const cli_opt opts[] = {
        {"--year", OPT_STR, &year_s, "Y", "评价年份（必需）", "year to evaluate (required)"},
        {"--scheme", OPT_STR, &scheme, "NAME", "评价方案名（默认 default）", "evaluation scheme (default: default)"},
        {"--schemes", OPT_STR, &dir, "DIR", "方案目录（默认 $REGIO_SCHEMES，或 init 所读规划目录下的 evaluation/）",
         "scheme directory (default $REGIO_SCHEMES, or evaluation/ in the plan directory init read)"},
        {"--uncertainty", OPT_INT, &draws, "N", "蒙特卡罗次数（0 = 不做），并计算 Sobol 指数", "Monte Carlo draws (0 = none), with Sobol indices"},
        {"--sobol", OPT_INT, &sobol, "N", "Sobol 基础样本量（默认同 --uncertainty）", "Sobol base sample (default: as --uncertainty)"},
        {"--seed", OPT_STR, &seed_s, "S", "随机种子（默认 1）", "random seed (default 1)"},
        {"--threads", OPT_INT, &threads, "T", "线程数（0 = 全部核心）", "threads (0 = all cores)"},
        {"--perturb", OPT_INT, &perturb, "PCT", "权重扰动幅度 ±%（默认 25）", "weight perturbation ±% (default 25)"},
    };
    const char *pos[1];
    size_t npos = 0;
    CLI_PARSE(c, "evaluate", argc, argv, opts, sizeof opts / sizeof opts[0], pos, 0, &npos);
    if (!year_s) return cli_usage_error(c, "需要 --year Y（或用 --data 评价自备表格）", "--year Y is required (or --data for your own table)");
    if (draws < 0 || threads < 0 || sobol < 0 || perturb < 0 || perturb >= 100)
        return cli_usage_error(c, "--uncertainty、--sobol、--threads 须非负，--perturb 须在 0–99 之间",
                               "--uncertainty, --sobol and --threads must be >= 0, --perturb within 0-99");
    char *end = NULL;
    unsigned long long seed = strtoull(seed_s, &end, 10);
    if (!*seed_s || *end) return cli_usage_error(c, "--seed 须为非负整数：“%s”", "--seed must be a non-negative integer: '%s'", seed_s);
    int rc = cli_open(c);
    if (rc) return rc;
    int year;
    if ((rc = cli_year(c, year_s, &year))) { cli_close(c); return rc; }
    char dbuf[4096];
    regio_error err;
    regio_error_clear(&err);
    if (!dir) dir = getenv("REGIO_SCHEMES");
    if (!dir || !*dir) { /* the evaluation/ folder of the plan directory init read */
        char *plan_dir = NULL;
        regio_store_meta_get(c->st, "plan_dir", &plan_dir, &err);
        if (plan_dir) snprintf(dbuf, sizeof dbuf, "%s/evaluation", plan_dir);
        else snprintf(dbuf, sizeof dbuf, "data/%s/evaluation", c->plan->name ? c->plan->name : "");
        free(plan_dir);
        dir = dbuf;
    }
    regio_scheme *s = NULL;
    regio_zones *z = NULL;
    regio_evaluation *e = NULL;
    regio_eval_opts eo = {.year = year, .draws = (size_t)draws, .sobol_n = (size_t)sobol, .seed = seed, .threads = threads,
                          .perturb = perturb / 100.0, .progress = stderr};
    if (regio_scheme_load(dir, scheme, c->plan, &s, &err) || regio_zones_load(c->st, c->plan, &z, &err) ||
        regio_evaluate_plan(c->st, c->plan, s, z, &eo, &e, &err)) {
        rc = cli_fail(c, &err);
        goto done;
    }
    if (!z->official) fprintf(stderr, "%s\n", TR(c, "注意：" PROVISIONAL_ZH "，非官方名单；用 regio zones import 载入官方名单",
                                                 "note: " PROVISIONAL_EN ", not the official list; load it with regio zones import"));
    if (c->fmt == REGIO_FMT_JSON) {
        if (write_json(c, e, c->plan, dir, &err)) rc = cli_fail(c, &err);
    } else {
        rc = write_grids(c, e, c->plan, dir);
    }
done:
    regio_evaluation_free(e);
    regio_zones_free(z);
    regio_scheme_free(s);
    cli_close(c);
    return rc;
}
