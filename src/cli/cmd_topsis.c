/* cmd_topsis.c — `regio topsis`: TOPSIS on any table (units × criteria), with given, equal, entropy or CRITIC
 * weights and a direction per criterion; the general method beside the composite index. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "regio/composite.h"
#include "regio/json_out.h"
#include "regio/table.h"

#define MAXCOL 256

int cmd_topsis(cli *c, int argc, char **argv) {
    const char *data = NULL, *id = NULL, *columns = NULL, *weights = NULL, *directions = NULL;
    const char *pos[1];
    size_t npos;
    const cli_opt opts[] = {
        {"--data", OPT_STR, &data, "FILE", "表（CSV/XLSX）", "the table (CSV/XLSX)"},
        {"--id", OPT_STR, &id, "COL", "方案（单元）标识列", "the alternative (unit) id column"},
        {"--columns", OPT_STR, &columns, "A,B,…", "指标列", "the criteria columns"},
        {"--weights", OPT_STR, &weights, "W1,W2,…|equal|entropy|entropy:raw|critic", "权重（默认 equal）；entropy/critic 在方向调整后的 min-max [0,1] 数据上计算，entropy:raw 直接用原值的比重", "weights (default equal); entropy/critic are computed on the direction-adjusted min-max [0,1] data, entropy:raw on the shares of the raw values"},
        {"--directions", OPT_STR, &directions, "+,-,…", "每列方向：+ 越大越好，- 越小越好（默认全 +）", "direction per column: + higher is better, - lower is better (default all +)"},
    };
    CLI_PARSE(c, "topsis", argc, argv, opts, sizeof opts / sizeof opts[0], pos, 0, &npos);
    if (!data || !id || !columns) return cli_usage_error(c, "需要 --data、--id 与 --columns%s", "--data, --id and --columns are needed%s", "");
    char *cbuf = strdup(columns), *wbuf = weights ? strdup(weights) : NULL, *dbuf = directions ? strdup(directions) : NULL;
    char *cn[MAXCOL], *wn[MAXCOL], *dn[MAXCOL];
    size_t m = cli_split(cbuf, cn, MAXCOL), nwt = wbuf ? cli_split(wbuf, wn, MAXCOL) : 0, nd = dbuf ? cli_split(dbuf, dn, MAXCOL) : 0;
    regio_table *t = NULL;
    regio_topsis_result *r = NULL;
    double *x = NULL, *w = NULL;
    int *dir = NULL, rc = CLI_OK;
    long col[MAXCOL];
    regio_error err;
    regio_error_clear(&err);
    if (regio_table_read(data, NULL, &t, &err)) { rc = cli_fail(c, &err); goto out; }
    long ic = regio_table_col(t, id);
    if (ic < 0) { rc = cli_usage_error(c, "%s 中没有列 %s", "%s has no column %s", data, id); goto out; }
    for (size_t j = 0; j < m; j++)
        if ((col[j] = regio_table_col(t, cn[j])) < 0) { rc = cli_usage_error(c, "%s 中没有列 %s", "%s has no column %s", data, cn[j]); goto out; }
    size_t n = t->nrows;
    x = malloc((n * m + 1) * sizeof *x);
    w = malloc(m * sizeof *w);
    dir = malloc(m * sizeof *dir);
    if (!x || !w || !dir) { rc = CLI_INTERNAL; goto out; }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < m; j++) {
            const char *s = regio_table_cell(t, i, (size_t)col[j]);
            char *end;
            x[i * m + j] = strtod(s, &end);
            if (!*s || *end) { rc = cli_usage_error(c, "%s 第 %ld 行，列 %s：“%s” 不是数字（TOPSIS 不接受缺值）", "%s line %ld, column %s: '%s' is not a number (TOPSIS takes no missing values)", data, t->line[i], cn[j], s); goto out; }
        }
    if (nd && nd != m) { rc = cli_usage_error(c, "--directions 有 %zu 项，--columns 有 %zu 项", "--directions has %zu items, --columns has %zu", nd, m); goto out; }
    for (size_t j = 0; j < m; j++) {
        dir[j] = 1;
        if (nd) {
            if (strcmp(dn[j], "+") == 0 || strcmp(dn[j], "1") == 0 || strcmp(dn[j], "+1") == 0) dir[j] = 1;
            else if (strcmp(dn[j], "-") == 0 || strcmp(dn[j], "-1") == 0) dir[j] = -1;
            else { rc = cli_usage_error(c, "--directions 的第 %zu 项 “%s” 应为 + 或 -", "--directions item %zu '%s' must be + or -", j + 1, dn[j]); goto out; }
        }
    }
    const char *wkind = "equal";
    if (!wbuf || strcmp(wbuf, "equal") == 0) for (size_t j = 0; j < m; j++) w[j] = 1.0 / (double)m;
    else if (strcmp(wbuf, "entropy:raw") == 0) {
        /* p_ij = x_ij / Σ_i x_ij on the values as they are (non-negative benefit data), as Elsayed et al. (2017) */
        wkind = "entropy:raw";
        if (regio_composite_entropy_weights(x, n, m, w, &err)) { rc = cli_fail(c, &err); goto out; }
    } else if (strcmp(wbuf, "entropy") == 0 || strcmp(wbuf, "critic") == 0) {
        wkind = wbuf[0] == 'e' ? "entropy" : "critic";
        double *z = malloc(n * m * sizeof *z);
        if (!z) { rc = CLI_INTERNAL; goto out; }
        /* the directional min-max [0,1] transform (the customary first step of both methods) */
        for (size_t j = 0; j < m; j++) {
            double lo = INFINITY, hi = -INFINITY;
            for (size_t i = 0; i < n; i++) { double v = dir[j] * x[i * m + j]; if (v < lo) lo = v; if (v > hi) hi = v; }
            for (size_t i = 0; i < n; i++) z[i * m + j] = hi > lo ? (dir[j] * x[i * m + j] - lo) / (hi - lo) : 1.0;
        }
        int e = wkind[0] == 'e' ? regio_composite_entropy_weights(z, n, m, w, &err) : regio_composite_critic_weights(z, n, m, w, &err);
        free(z);
        if (e) { rc = cli_fail(c, &err); goto out; }
    } else {
        wkind = "given";
        if (nwt != m) { rc = cli_usage_error(c, "--weights 有 %zu 项，--columns 有 %zu 项", "--weights has %zu items, --columns has %zu", nwt, m); goto out; }
        for (size_t j = 0; j < m; j++) {
            char *end;
            w[j] = strtod(wn[j], &end);
            if (!*wn[j] || *end) { rc = cli_usage_error(c, "--weights 的第 %zu 项 “%s” 不是数字", "--weights item %zu '%s' is not a number", j + 1, wn[j]); goto out; }
        }
    }
    if (regio_topsis(x, n, m, w, dir, &r, &err)) { rc = cli_fail(c, &err); goto out; }
    if (c->fmt == REGIO_FMT_JSON) {
        json_t *crit = json_array(), *units = json_array();
        for (size_t j = 0; j < m; j++)
            json_array_append_new(crit, json_pack("{s:s, s:i, s:o, s:o, s:o}", "column", cn[j], "direction", dir[j], "weight", regio_json_num(r->weight[j]),
                                                  "ideal", regio_json_num(r->ideal[j]), "anti_ideal", regio_json_num(r->anti_ideal[j])));
        for (size_t i = 0; i < n; i++)
            json_array_append_new(units, json_pack("{s:s, s:o, s:o, s:o, s:i}", "id", regio_table_cell(t, i, (size_t)ic),
                                                   "closeness", regio_json_num(r->closeness[i]), "d_plus", regio_json_num(r->d_plus[i]),
                                                   "d_minus", regio_json_num(r->d_minus[i]), "rank", r->rank[i]));
        json_t *root = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}", "data", data, "method", "TOPSIS (vector normalisation, Euclidean distance)",
                                 "weights", wkind, "rank_ties", "min; 1 = best", "criteria", crit, "units", units);
        if (regio_json_dump(root, c->out, &err)) rc = cli_fail(c, &err);
        json_decref(root);
    } else {
        const regio_column cols[] = {{"id", TR(c, "标识", "id"), REGIO_COL_TEXT, 0}, {"closeness", TR(c, "贴近度", "closeness"), REGIO_COL_NUM, 4},
                                     {"d_plus", "D+", REGIO_COL_NUM, 4}, {"d_minus", "D-", REGIO_COL_NUM, 4}, {"rank", TR(c, "排名", "rank"), REGIO_COL_INT, 0}};
        regio_grid *g = regio_grid_new(cols, 5);
        for (size_t i = 0; g && i < n; i++) {
            long row = regio_grid_add_row(g);
            if (row < 0) break;
            regio_grid_set_text(g, (size_t)row, 0, regio_table_cell(t, i, (size_t)ic));
            regio_grid_set_num(g, (size_t)row, 1, r->closeness[i]);
            regio_grid_set_num(g, (size_t)row, 2, r->d_plus[i]);
            regio_grid_set_num(g, (size_t)row, 3, r->d_minus[i]);
            regio_grid_set_int(g, (size_t)row, 4, r->rank[i]);
        }
        rc = g ? cli_write_grid(c, g, "TOPSIS") : CLI_INTERNAL;
        regio_grid_free(g);
    }
out:
    regio_topsis_result_free(r);
    regio_table_free(t);
    free(x);
    free(w);
    free(dir);
    free(cbuf);
    free(wbuf);
    free(dbuf);
    return rc;
}
