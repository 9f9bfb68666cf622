/* cmd_disparity.c — `regio disparity`: dispersion and inequality of an indicator across units, per year,
 * with Theil and Dagum decompositions when a grouping is given. One row per year, so --years A:B is also
 * the σ-convergence series of every measure. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_analysis.h"
#include "regio/ineq.h"
#include "regio/json_out.h"
#include "regio/json_results.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

typedef struct year_result {
    int year;
    regio_xsection *xs;
    regio_ineq_summary *s;
    regio_theil_decomp *tt, *tl;
    regio_dagum *dg;
} year_result;

static void free_results(year_result *r, size_t n) {
    for (size_t i = 0; r && i < n; i++) {
        regio_xsection_free(r[i].xs);
        regio_ineq_summary_free(r[i].s);
        regio_theil_decomp_free(r[i].tt);
        regio_theil_decomp_free(r[i].tl);
        regio_dagum_free(r[i].dg);
    }
    free(r);
}

static int write_json(cli *c, const cli_analysis *a, const year_result *r, size_t ny, int weighted) {
    json_t *years = json_array();
    for (size_t i = 0; i < ny; i++) {
        json_t *dropped = regio_json_dropped(r[i].xs);
        json_t *y = json_pack("{s:i, s:I, s:o, s:o}", "year", r[i].year, "n", (json_int_t)r[i].xs->n, "dropped", dropped,
                              "measures", regio_json_ineq_summary(r[i].s));
        if (r[i].tt) {
            json_object_set_new(y, "theil_t", regio_json_theil(r[i].tt, r[i].xs));
            json_object_set_new(y, "theil_l", regio_json_theil(r[i].tl, r[i].xs));
            json_object_set_new(y, "dagum", regio_json_dagum(r[i].dg, r[i].xs));
        }
        json_array_append_new(years, y);
    }
    json_t *root = json_pack("{s:s?, s:s?, s:s, s:b, s:s?, s:o}", "indicator", a->indicator, "data", a->data,
                             "level", a->data ? "units" : (a->level ? a->level : "county"), "weighted", weighted,
                             "partition", a->partition ? a->partition : a->group_col, "years", years);
    json_object_set_new(root, "series_break", cli_analysis_break_json(c, a));
    regio_error err;
    regio_error_clear(&err);
    int rc = regio_json_dump(root, c->out, &err) ? cli_fail(c, &err) : CLI_OK;
    json_decref(root);
    return rc;
}

static int write_grids(cli *c, const year_result *r, size_t ny, int grouped) {
    const regio_column cols[] = {
        {"year", TR(c, "年份", "year"), REGIO_COL_INT, 0}, {"n", "n", REGIO_COL_INT, 0},
        {"mean", TR(c, "均值", "mean"), REGIO_COL_NUM, 2}, {"cv", "CV", REGIO_COL_NUM, 4},
        {"cv_weighted", TR(c, "加权CV", "CV (w)"), REGIO_COL_NUM, 4}, {"gini", "Gini", REGIO_COL_NUM, 4},
        {"theil_t", "Theil T", REGIO_COL_NUM, 4}, {"theil_l", "Theil L", REGIO_COL_NUM, 4},
        {"atkinson_1", "Atkinson(1)", REGIO_COL_NUM, 4}, {"max_min", TR(c, "最大/最小", "max/min"), REGIO_COL_NUM, 2},
        {"p90_p10", "p90/p10", REGIO_COL_NUM, 2},
        {"theil_t_between", TR(c, "Theil组间", "Theil between"), REGIO_COL_NUM, 4},
        {"theil_t_within", TR(c, "Theil组内", "Theil within"), REGIO_COL_NUM, 4},
        {"dagum_within", "Dagum Gw", REGIO_COL_NUM, 4}, {"dagum_net_between", "Dagum Gnb", REGIO_COL_NUM, 4},
        {"dagum_transvariation", "Dagum Gt", REGIO_COL_NUM, 4},
    };
    regio_grid *g = regio_grid_new(cols, grouped ? N(cols) : N(cols) - 5);
    for (size_t i = 0; g && i < ny; i++) {
        const regio_ineq_summary *s = r[i].s;
        long row = regio_grid_add_row(g);
        if (row < 0) break;
        size_t k = (size_t)row;
        double v[] = {s->mean, s->cv, s->cv_w, s->gini, s->theil_t, s->theil_l, s->atkinson_1, s->max_min, s->p90_p10};
        regio_grid_set_int(g, k, 0, r[i].year);
        regio_grid_set_int(g, k, 1, (long long)r[i].xs->n);
        for (size_t j = 0; j < N(v); j++) regio_grid_set_num(g, k, 2 + j, v[j]);
        if (grouped) {
            regio_grid_set_num(g, k, 11, r[i].tt->between); regio_grid_set_num(g, k, 12, r[i].tt->within);
            regio_grid_set_num(g, k, 13, r[i].dg->gw); regio_grid_set_num(g, k, 14, r[i].dg->gnb);
            regio_grid_set_num(g, k, 15, r[i].dg->gt);
        }
    }
    int rc = g ? cli_write_grid(c, g, TR(c, "区域差异", "regional disparity")) : CLI_INTERNAL;
    regio_grid_free(g);
    if (rc || !grouped || c->fmt == REGIO_FMT_CSV) return rc;
    /* the groups of the last year: their share of the Theil index and their own Gini */
    const year_result *last = &r[ny - 1];
    const regio_column gcols[] = {
        {"group", TR(c, "组", "group"), REGIO_COL_TEXT, 0}, {"name", TR(c, "名称", "name"), REGIO_COL_TEXT, 0},
        {"n", "n", REGIO_COL_INT, 0}, {"mean", TR(c, "均值", "mean"), REGIO_COL_NUM, 2},
        {"pop_share", TR(c, "权重份额", "weight share"), REGIO_COL_NUM, 4},
        {"theil_t", TR(c, "组内Theil T", "Theil T within"), REGIO_COL_NUM, 4},
        {"theil_t_contribution", TR(c, "对组内部分的贡献", "part of within"), REGIO_COL_NUM, 4},
        {"gini", TR(c, "组内Gini", "Gini within"), REGIO_COL_NUM, 4},
    };
    regio_grid *gg = regio_grid_new(gcols, N(gcols));
    size_t k = last->dg->ngroups;
    for (size_t j = 0; gg && j < k; j++) {
        long row = regio_grid_add_row(gg);
        if (row < 0) break;
        size_t q = (size_t)row;
        regio_grid_set_text(gg, q, 0, last->xs->group_ids[j]); regio_grid_set_text(gg, q, 1, last->xs->group_names[j]);
        regio_grid_set_int(gg, q, 2, (long long)last->tt->n[j]); regio_grid_set_num(gg, q, 3, last->tt->mean[j]);
        regio_grid_set_num(gg, q, 4, last->tt->pop_share[j]); regio_grid_set_num(gg, q, 5, last->tt->theil[j]);
        regio_grid_set_num(gg, q, 6, last->tt->within_term[j]); regio_grid_set_num(gg, q, 7, last->dg->g[j * k + j]);
    }
    char title[128];
    snprintf(title, sizeof title, TR(c, "%d 年分组", "groups, %d"), last->year);
    fputc('\n', c->out);
    rc = gg ? cli_write_grid(c, gg, title) : CLI_INTERNAL;
    regio_grid_free(gg);
    return rc;
}

int cmd_disparity(cli *c, int argc, char **argv) {
    cli_analysis a = {0};
    const char *pos[1];
    size_t npos;
    const cli_opt opts[] = {CLI_ANALYSIS_OPTS(&a), CLI_SPAN_OPTS(&a)};
    CLI_PARSE(c, "disparity", argc, argv, opts, N(opts), pos, 1, &npos);
    if (npos) a.indicator = pos[0];
    int *years = NULL, rc;
    size_t ny = 0;
    if ((rc = cli_analysis_years(c, &a, 1, &years, &ny))) return rc;
    /* --data with several value columns: one column per year */
    year_result *r = calloc(ny, sizeof *r);
    if (!r) { free(years); return CLI_INTERNAL; }
    regio_error err;
    regio_error_clear(&err);
    size_t done = 0;
    int weighted = 0;
    if (a.data) {
        regio_xsection *all = NULL;
        if ((rc = cli_analysis_load(c, &a, years, ny, &all))) goto out;
        /* each year its own section over the same units (a table's units are the same in every column) */
        for (size_t t = 0; t < ny; t++) {
            regio_xsection *xs = calloc(1, sizeof *xs);
            if (!xs) { rc = CLI_INTERNAL; break; }
            *xs = *all;
            r[t].xs = xs;
        }
        /* the copies share all's arrays: keep x and w per year by pointing into all */
        done = ny;
        weighted = all->w != NULL;
        for (size_t t = 0; !rc && t < ny; t++) {
            r[t].year = all->years[t] ? all->years[t] : (int)t;
            const double *x = all->x + t * all->n, *w = all->w ? all->w + t * all->n : NULL;
            if (regio_ineq_summarise(x, w, all->n, &r[t].s, &err) ||
                (all->group && (regio_ineq_theil_decompose(x, w, all->n, all->group, all->ngroups, REGIO_THEIL_T, &r[t].tt, &err) ||
                                regio_ineq_theil_decompose(x, w, all->n, all->group, all->ngroups, REGIO_THEIL_L, &r[t].tl, &err) ||
                                regio_ineq_dagum(x, w, all->n, all->group, all->ngroups, &r[t].dg, &err))))
                rc = cli_fail(c, &err);
        }
        if (!rc) rc = c->fmt == REGIO_FMT_JSON ? write_json(c, &a, r, ny, weighted) : write_grids(c, r, ny, all->group != NULL);
        for (size_t t = 0; t < ny; t++) { free(r[t].xs); r[t].xs = NULL; }
        regio_xsection_free(all);
        goto out;
    }
    if ((rc = cli_analysis_span(c, &a, years, ny))) goto out; /* a σ series across a series break */
    for (size_t t = 0; t < ny; t++, done++) {
        r[t].year = years[t];
        if ((rc = cli_analysis_load(c, &a, &years[t], 1, &r[t].xs))) goto out;
        const regio_xsection *xs = r[t].xs;
        weighted = xs->w != NULL;
        if (regio_ineq_summarise(xs->x, xs->w, xs->n, &r[t].s, &err) ||
            (xs->group && (regio_ineq_theil_decompose(xs->x, xs->w, xs->n, xs->group, xs->ngroups, REGIO_THEIL_T, &r[t].tt, &err) ||
                           regio_ineq_theil_decompose(xs->x, xs->w, xs->n, xs->group, xs->ngroups, REGIO_THEIL_L, &r[t].tl, &err) ||
                           regio_ineq_dagum(xs->x, xs->w, xs->n, xs->group, xs->ngroups, &r[t].dg, &err)))) {
            char prefix[64];
            snprintf(prefix, sizeof prefix, "%d: ", years[t]);
            regio_error_prefix(&err, prefix, prefix);
            rc = cli_fail(c, &err);
            done++;
            goto out;
        }
    }
    rc = c->fmt == REGIO_FMT_JSON ? write_json(c, &a, r, ny, weighted) : write_grids(c, r, ny, r[0].xs->group != NULL);
    if (!rc && c->fmt != REGIO_FMT_JSON) cli_analysis_break_note(c, &a);
out:
    free_results(r, done);
    free(years);
    return rc;
}
