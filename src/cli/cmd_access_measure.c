/* cmd_access_measure.c — `regio access measure`: accessibility of places (where people live) to facilities, from
 * a road network or an OD matrix, by one of the measures of include/regio/access.h; with a region column in the
 * origins, the population-weighted mean per region and the disparity of those means (Gini, CV, Theil T,
 * max/min through the inequality engine). Every output names the travel-time source. Methods:
 * docs/methods/access.md. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_access.h"
#include "core/util.h"
#include "regio/ineq.h"

/* --decay power:SCALE,ALPHA[,MIN] | exp:BETA | gauss:SIGMA | step:UPTO=W,UPTO=W,… */
static int parse_decay(const cli *c, const char *s, regio_decay *d) {
    *d = (regio_decay){0};
    char buf[512];
    snprintf(buf, sizeof buf, "%s", s);
    char *colon = strchr(buf, ':');
    if (!colon) goto bad;
    *colon = 0;
    char *items[REGIO_DECAY_MAXSTEPS + 1];
    size_t n = cli_split(colon + 1, items, REGIO_DECAY_MAXSTEPS + 1);
    double v[3] = {0, 0, 0};
    if (strcmp(buf, "step") == 0) {
        d->kind = REGIO_DECAY_STEP;
        if (n == 0 || n > REGIO_DECAY_MAXSTEPS) goto bad;
        for (size_t k = 0; k < n; k++) {
            char *eq = strchr(items[k], '=');
            if (!eq) goto bad;
            *eq = 0;
            if (regio_parse_number(items[k], &d->upto[k]) || regio_parse_number(eq + 1, &d->weight[k])) goto bad;
        }
        d->nsteps = n;
        return CLI_OK;
    }
    for (size_t k = 0; k < n && k < 3; k++)
        if (regio_parse_number(items[k], &v[k])) goto bad;
    if (strcmp(buf, "power") == 0 && (n == 2 || n == 3)) { d->kind = REGIO_DECAY_POWER; d->scale = v[0]; d->alpha = v[1]; d->min_cost = v[2]; return CLI_OK; }
    if (strcmp(buf, "exp") == 0 && n == 1) { d->kind = REGIO_DECAY_EXP; d->beta = v[0]; return CLI_OK; }
    if (strcmp(buf, "gauss") == 0 && n == 1) { d->kind = REGIO_DECAY_GAUSS; d->sigma = v[0]; return CLI_OK; }
bad:
    return cli_usage_error(c, "--decay 无效：%s（power:SCALE,ALPHA[,MIN]、exp:BETA、gauss:SIGMA 或 step:UPTO=W,…）",
                           "invalid --decay: %s (power:SCALE,ALPHA[,MIN], exp:BETA, gauss:SIGMA or step:UPTO=W,…)", s);
}

typedef enum { M_NEAREST, M_CUMULATIVE, M_GRAVITY, M_2SFCA, M_E2SFCA } method;

/* per-region population-weighted means of the origins' values, and their disparity */
static int by_region(cli *c, const regio_places *o, const double *a, const double *near, const char *label) {
    size_t n = o->n, nr = 0;
    char **code = malloc(n * sizeof *code);
    double *sw = calloc(n, sizeof *sw), *swa = calloc(n, sizeof *swa);
    size_t *cnt = calloc(n, sizeof *cnt), *miss = calloc(n, sizeof *miss);
    int rc = code && sw && swa && cnt && miss ? CLI_OK : CLI_INTERNAL;
    for (size_t i = 0; !rc && i < n; i++) {
        size_t r = 0;
        while (r < nr && strcmp(code[r], o->region[i]) != 0) r++;
        if (r == nr) code[nr++] = o->region[i];
        double w = o->value ? o->value[i] : 1;
        cnt[r]++;
        if (isnan(near[i])) miss[r]++;
        if (isnan(a[i])) continue;
        sw[r] += w; swa[r] += w * a[i];
    }
    regio_grid *g = NULL;
    double *mean = malloc((nr ? nr : 1) * sizeof *mean), *wt = malloc((nr ? nr : 1) * sizeof *wt);
    if (!rc && (!mean || !wt)) rc = CLI_INTERNAL;
    const regio_column cols[] = {
        {"region", TR(c, "地区", "region"), REGIO_COL_TEXT, 0},
        {"places", TR(c, "地点数", "places"), REGIO_COL_INT, 0},
        {"no_access", TR(c, "不可达地点", "places out of reach"), REGIO_COL_INT, 0},
        {"population", TR(c, "人口（权重）", "population (weight)"), REGIO_COL_NUM, -1},
        {"mean", TR(c, "人口加权平均", "population-weighted mean"), REGIO_COL_NUM, c->fmt == REGIO_FMT_TABLE ? 4 : -1},
    };
    size_t k = 0;
    if (!rc && !(g = regio_grid_new(cols, sizeof cols / sizeof cols[0]))) rc = CLI_INTERNAL;
    for (size_t r = 0; !rc && r < nr; r++) {
        long row = regio_grid_add_row(g);
        if (row < 0) { rc = CLI_INTERNAL; break; }
        double m = sw[r] > 0 ? swa[r] / sw[r] : NAN;
        regio_grid_set_text(g, (size_t)row, 0, code[r]);
        regio_grid_set_int(g, (size_t)row, 1, (long long)cnt[r]);
        regio_grid_set_int(g, (size_t)row, 2, (long long)miss[r]);
        regio_grid_set_num(g, (size_t)row, 3, sw[r]);
        regio_grid_set_num(g, (size_t)row, 4, m);
        if (!isnan(m)) { mean[k] = m; wt[k] = sw[r]; k++; }
    }
    char title[1600];
    snprintf(title, sizeof title, TR(c, "各地区人口加权平均：%s", "population-weighted mean by region: %s"), label);
    if (!rc) rc = cli_write_grid(c, g, title);
    /* the disparity of the regional means, weighted by population */
    if (!rc && k >= 2) {
        regio_error err;
        regio_error_clear(&err);
        double gini = NAN, cv = NAN, th = NAN, mm = NAN;
        int ok = !regio_ineq_gini(mean, wt, k, &gini, &err) && !regio_ineq_cv(mean, wt, k, &cv, &err);
        regio_error e2;
        if (ok && regio_ineq_theil_t(mean, wt, k, &th, &e2)) th = NAN;
        if (ok && regio_ineq_max_min(mean, k, &mm, &e2)) mm = NAN;
        if (!ok) rc = cli_fail(c, &err);
        else if (c->fmt == REGIO_FMT_TABLE)
            fprintf(c->out, TR(c, "地区间差异（%zu 个地区，人口加权）：Gini %.4f，变异系数 %.4f，Theil T %.4f，最大/最小 %.3f\n",
                               "disparity between regions (%zu regions, population-weighted): Gini %.4f, CV %.4f, Theil T %.4f, max/min %.3f\n"),
                    k, gini, cv, th, mm);
        else
            fprintf(stderr, TR(c, "地区间差异（%zu 个地区，人口加权）：Gini %.6f，变异系数 %.6f，Theil T %.6f，最大/最小 %.6f\n",
                               "disparity between regions (%zu regions, population-weighted): Gini %.6f, CV %.6f, Theil T %.6f, max/min %.6f\n"),
                    k, gini, cv, th, mm);
    }
    regio_grid_free(g);
    free(code); free(sw); free(swa); free(cnt); free(miss); free(mean); free(wt);
    return rc;
}

int cmd_access_measure(cli *c, const cli_net_opts *no_in, int argc, char **argv) {
    cli_net_opts no = *no_in;
    const char *from = NULL, *to = NULL, *max_s = NULL, *method_s = NULL, *decay_s = NULL, *od = NULL;
    int by = 0;
    const cli_opt opts[] = {
        CLI_NET_OPTS(no),
        {"--od", OPT_STR, &od, "FILE", "起终点通行时间表（origin,destination,minutes），代替 --network", "an OD matrix file (origin,destination,minutes) instead of --network"},
        {"--method", OPT_STR, &method_s, "M", "nearest（最近设施）、cumulative（--max 分钟内的机会）、gravity（重力，需 --decay）、2sfca、e2sfca",
         "nearest (facility), cumulative (opportunities within --max minutes), gravity (needs --decay), 2sfca, e2sfca"},
        {"--from", OPT_STR, &from, "FILE", "居住地（id,lon,lat,value=人口[,region]）", "where people live (id,lon,lat,value=population[,region])"},
        {"--to", OPT_STR, &to, "FILE", "设施（id,lon,lat[,value=供给，如床位]；无 value 则每处计 1）", "facilities (id,lon,lat[,value=supply, e.g. beds]; without value each counts 1)"},
        {"--max", OPT_STR, &max_s, "MIN", "集水区上限（分钟）：只计此时间以内的设施", "catchment (minutes): only facilities within this time count"},
        {"--decay", OPT_STR, &decay_s, "F", "距离衰减：power:SCALE,ALPHA[,MIN]、exp:BETA、gauss:SIGMA、step:UPTO=W,…（e2sfca 默认 step:10=1,20=0.68,30=0.22）",
         "distance decay: power:SCALE,ALPHA[,MIN], exp:BETA, gauss:SIGMA, step:UPTO=W,… (e2sfca default step:10=1,20=0.68,30=0.22)"},
        {"--by-region", OPT_FLAG, &by, NULL, "再按居住地的 region 列给出人口加权平均及其地区间差异", "also the population-weighted mean per region (the origins' region column) and its disparity"},
    };
    const char *pos[1];
    size_t npos = 0;
    CLI_PARSE(c, "access", argc, argv, opts, sizeof opts / sizeof opts[0], pos, 0, &npos);
    if (!method_s || !from || !to)
        return cli_usage_error(c, "需要 --method、--from 和 --to", "--method, --from and --to are required");
    method m;
    if (!strcmp(method_s, "nearest")) m = M_NEAREST;
    else if (!strcmp(method_s, "cumulative")) m = M_CUMULATIVE;
    else if (!strcmp(method_s, "gravity")) m = M_GRAVITY;
    else if (!strcmp(method_s, "2sfca")) m = M_2SFCA;
    else if (!strcmp(method_s, "e2sfca")) m = M_E2SFCA;
    else return cli_usage_error(c, "未知的 --method：%s", "unknown --method: %s", method_s);
    double maxm = 0;
    if (max_s && (regio_parse_number(max_s, &maxm) || !isfinite(maxm) || maxm <= 0))
        return cli_usage_error(c, "--max 应为正的分钟数：%s", "--max takes a positive number of minutes: %s", max_s);
    if (m == M_CUMULATIVE && !max_s) return cli_usage_error(c, "cumulative 需要 --max MIN", "cumulative needs --max MIN");
    if (m == M_GRAVITY && !decay_s) return cli_usage_error(c, "gravity 需要 --decay", "gravity needs --decay");
    regio_decay dec;
    int have_decay = 0, rc;
    if (decay_s) {
        if ((rc = parse_decay(c, decay_s, &dec))) return rc;
        have_decay = 1;
    } else if (m == M_E2SFCA) {
        regio_decay_e2sfca_default(&dec);
        have_decay = 1;
    }
    regio_error err;
    regio_error_clear(&err);
    if (have_decay && regio_decay_check(&dec, &err)) return cli_fail(c, &err);
    regio_places *po = NULL, *pd = NULL;
    double *cost = NULL, *a = NULL, *near = NULL;
    long *which = NULL;
    regio_grid *g = NULL;
    char src[1024];
    if (regio_places_read(from, &po, &err) || regio_places_read(to, &pd, &err)) { rc = cli_fail(c, &err); goto done; }
    if ((m == M_2SFCA || m == M_E2SFCA) && !po->value) {
        rc = cli_usage_error(c, "%s：2SFCA 需要居住地的 value 列（人口）", "%s: 2SFCA needs a value column (population) in the origins", from);
        goto done;
    }
    if (by && !po->region) {
        rc = cli_usage_error(c, "%s：--by-region 需要 region 列", "%s: --by-region needs a region column", from);
        goto done;
    }
    if ((rc = cli_cost_matrix(c, &no, od, po, pd, maxm, &cost, src, sizeof src))) goto done;
    a = malloc(po->n * sizeof *a);
    near = malloc(po->n * sizeof *near);
    which = malloc(po->n * sizeof *which);
    if (!a || !near || !which) { rc = CLI_INTERNAL; goto done; }
    /* the nearest facility within the catchment (NaN: none in reach), for every measure */
    if (regio_access_nearest(cost, po->n, pd->n, NULL, near, which, &err)) { rc = cli_fail(c, &err); goto done; }
    const regio_decay *dp = have_decay ? &dec : NULL;
    int erc = m == M_NEAREST ? regio_access_nearest(cost, po->n, pd->n, pd->value, a, which, &err)
            : m == M_2SFCA || m == M_E2SFCA ? regio_access_2sfca(cost, po->n, pd->n, po->value, pd->value, dp, maxm, a, NULL, &err)
                                            : regio_access_gravity(cost, po->n, pd->n, pd->value, dp, maxm, a, &err);
    if (erc) { rc = cli_fail(c, &err); goto done; }
    const regio_column cols[] = {
        {"id", TR(c, "地点", "place"), REGIO_COL_TEXT, 0},
        {"region", TR(c, "地区", "region"), REGIO_COL_TEXT, 0},
        {"population", TR(c, "人口", "population"), REGIO_COL_NUM, -1},
        {"access", TR(c, "可达性", "access"), REGIO_COL_NUM, c->fmt == REGIO_FMT_TABLE ? 4 : -1},
        {"nearest", TR(c, "最近设施", "nearest facility"), REGIO_COL_TEXT, 0},
    };
    if (!(g = regio_grid_new(cols, m == M_NEAREST ? 5 : 4))) { rc = CLI_INTERNAL; goto done; }
    size_t nan_n = 0;
    for (size_t i = 0; i < po->n; i++) {
        long r = regio_grid_add_row(g);
        if (r < 0) { rc = CLI_INTERNAL; goto done; }
        regio_grid_set_text(g, (size_t)r, 0, po->id[i]);
        regio_grid_set_text(g, (size_t)r, 1, po->region ? po->region[i] : NULL);
        regio_grid_set_num(g, (size_t)r, 2, po->value ? po->value[i] : NAN);
        regio_grid_set_num(g, (size_t)r, 3, a[i]);
        if (m == M_NEAREST) regio_grid_set_text(g, (size_t)r, 4, which[i] >= 0 ? pd->id[which[i]] : NULL);
        nan_n += isnan(near[i]) != 0;
    }
    char label[1400];
    const char *mname = m == M_NEAREST ? TR(c, "最近设施通行时间（分钟）", "minutes to the nearest facility")
                      : m == M_CUMULATIVE ? TR(c, "累计机会", "cumulative opportunities")
                      : m == M_GRAVITY ? TR(c, "重力可达性", "gravity accessibility")
                      : m == M_2SFCA ? "2SFCA" : "E2SFCA";
    snprintf(label, sizeof label, "%s%s%s%s%s — %s", mname, max_s ? TR(c, "，", ", ") : "", max_s ? "≤ " : "", max_s ? max_s : "",
             max_s ? TR(c, " 分钟", " min") : "", src);
    rc = cli_write_grid(c, g, label);
    if (nan_n)
        fprintf(stderr, m == M_NEAREST ? TR(c, "%zu 个地点没有可达的设施（为空）\n", "%zu places reach no facility (empty)\n")
                               : TR(c, "%zu 个地点在集水区内没有设施（可达性为 0）\n", "%zu places have no facility in reach (access 0)\n"), nan_n);
    if (!rc && by) rc = by_region(c, po, a, near, label);
done:
    regio_grid_free(g);
    free(cost); free(a); free(near); free(which);
    regio_places_free(po); regio_places_free(pd);
    return rc;
}
