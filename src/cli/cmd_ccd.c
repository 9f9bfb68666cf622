/* cmd_ccd.c — `regio ccd`: the coupling coordination degree (耦合协调度) of two or more subsystem scores per unit,
 * with the customary ten grading bands, on any table. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "regio/composite.h"
#include "regio/json_out.h"
#include "regio/table.h"

#define MAXSYS 16

int cmd_ccd(cli *c, int argc, char **argv) {
    const char *data = NULL, *id = NULL, *systems = NULL, *alpha = NULL, *variant = NULL;
    const char *pos[1];
    size_t npos;
    const cli_opt opts[] = {
        {"--data", OPT_STR, &data, "FILE", "表（CSV/XLSX）", "the table (CSV/XLSX)"},
        {"--id", OPT_STR, &id, "COL", "单元标识列", "the unit id column"},
        {"--systems", OPT_STR, &systems, "A,B[,C…]", "各子系统的综合得分列（须在 [0,1] 内）", "the subsystem score columns (in [0, 1])"},
        {"--alpha", OPT_STR, &alpha, "A1,A2,…", "子系统权重，和为 1（默认均等）", "subsystem weights summing to 1 (default equal)"},
        {"--variant", OPT_STR, &variant, "classic|wang", "耦合度公式：classic（默认）或 王淑佳等 (2021) 修正式", "coupling formula: classic (default) or the revision of Wang et al. (2021)"},
    };
    CLI_PARSE(c, "ccd", argc, argv, opts, sizeof opts / sizeof opts[0], pos, 0, &npos);
    if (!data || !id || !systems) return cli_usage_error(c, "需要 --data、--id 与 --systems%s", "--data, --id and --systems are needed%s", "");
    regio_ccd_variant v = REGIO_CCD_CLASSIC;
    if (variant && strcmp(variant, "wang") == 0) v = REGIO_CCD_WANG;
    else if (variant && strcmp(variant, "classic") != 0) return cli_usage_error(c, "--variant 应为 classic 或 wang，而不是 “%s”", "--variant must be classic or wang, not '%s'", variant);
    char *sbuf = strdup(systems), *abuf = alpha ? strdup(alpha) : NULL;
    char *sn[MAXSYS], *an[MAXSYS];
    size_t k = cli_split(sbuf, sn, MAXSYS), na = abuf ? cli_split(abuf, an, MAXSYS) : 0;
    double a[MAXSYS], *u = NULL;
    long col[MAXSYS];
    regio_table *t = NULL;
    regio_ccd_result *r = NULL;
    int rc = CLI_OK;
    regio_error err;
    regio_error_clear(&err);
    if (abuf && na != k) { rc = cli_usage_error(c, "--alpha 有 %zu 项，--systems 有 %zu 项", "--alpha has %zu items, --systems has %zu", na, k); goto out; }
    for (size_t s = 0; s < na; s++) {
        char *end;
        a[s] = strtod(an[s], &end);
        if (!*an[s] || *end) { rc = cli_usage_error(c, "--alpha 的第 %zu 项 “%s” 不是数字", "--alpha item %zu '%s' is not a number", s + 1, an[s]); goto out; }
    }
    if (regio_table_read(data, NULL, &t, &err)) { rc = cli_fail(c, &err); goto out; }
    long ic = regio_table_col(t, id);
    if (ic < 0) { rc = cli_usage_error(c, "%s 中没有列 %s", "%s has no column %s", data, id); goto out; }
    for (size_t s = 0; s < k; s++)
        if ((col[s] = regio_table_col(t, sn[s])) < 0) { rc = cli_usage_error(c, "%s 中没有列 %s", "%s has no column %s", data, sn[s]); goto out; }
    size_t n = t->nrows;
    u = malloc((n * k + 1) * sizeof *u);
    if (!u) { rc = CLI_INTERNAL; goto out; }
    for (size_t i = 0; i < n; i++)
        for (size_t s = 0; s < k; s++) {
            const char *cell = regio_table_cell(t, i, (size_t)col[s]);
            char *end;
            if (!*cell || strcmp(cell, "NA") == 0) { u[i * k + s] = NAN; continue; }
            u[i * k + s] = strtod(cell, &end);
            if (*end) { rc = cli_usage_error(c, "%s 第 %ld 行，列 %s：“%s” 不是数字", "%s line %ld, column %s: '%s' is not a number", data, t->line[i], sn[s], cell); goto out; }
        }
    if (regio_ccd(u, n, k, abuf ? a : NULL, v, &r, &err)) { rc = cli_fail(c, &err); goto out; }
    if (c->fmt == REGIO_FMT_JSON) {
        json_t *units = json_array(), *bands = json_array();
        for (int l = 1; l <= 10; l++)
            json_array_append_new(bands, json_pack("{s:i, s:o, s:s, s:s}", "level", l, "from", regio_json_num(regio_ccd_level_lower(l)),
                                                   "zh", regio_ccd_level_name(l, REGIO_LANG_ZH), "en", regio_ccd_level_name(l, REGIO_LANG_EN)));
        for (size_t i = 0; i < n; i++)
            json_array_append_new(units, json_pack("{s:s, s:o, s:o, s:o, s:o, s:s?}", "id", regio_table_cell(t, i, (size_t)ic), "C", regio_json_num(r->C[i]),
                                                   "T", regio_json_num(r->T[i]), "D", regio_json_num(r->D[i]),
                                                   "level", r->level[i] ? json_integer(r->level[i]) : json_null(),
                                                   "grade", regio_ccd_level_name(r->level[i], c->lang)));
        json_t *root = json_pack("{s:s, s:s, s:I, s:o, s:o}", "data", data, "variant", v == REGIO_CCD_WANG ? "wang2021" : "classic",
                                 "subsystems", (json_int_t)k, "bands", bands, "units", units);
        if (regio_json_dump(root, c->out, &err)) rc = cli_fail(c, &err);
        json_decref(root);
    } else {
        const regio_column cols[] = {{"id", TR(c, "标识", "id"), REGIO_COL_TEXT, 0}, {"C", TR(c, "耦合度 C", "coupling C"), REGIO_COL_NUM, 4},
                                     {"T", TR(c, "综合协调指数 T", "development T"), REGIO_COL_NUM, 4},
                                     {"D", TR(c, "耦合协调度 D", "coordination D"), REGIO_COL_NUM, 4},
                                     {"level", TR(c, "等级", "level"), REGIO_COL_INT, 0}, {"grade", TR(c, "类型", "grade"), REGIO_COL_TEXT, 0}};
        regio_grid *g = regio_grid_new(cols, 6);
        for (size_t i = 0; g && i < n; i++) {
            long row = regio_grid_add_row(g);
            if (row < 0) break;
            size_t w = (size_t)row;
            regio_grid_set_text(g, w, 0, regio_table_cell(t, i, (size_t)ic));
            regio_grid_set_num(g, w, 1, r->C[i]);
            regio_grid_set_num(g, w, 2, r->T[i]);
            regio_grid_set_num(g, w, 3, r->D[i]);
            if (r->level[i]) {
                regio_grid_set_int(g, w, 4, r->level[i]);
                regio_grid_set_text(g, w, 5, regio_ccd_level_name(r->level[i], c->lang));
            }
        }
        rc = g ? cli_write_grid(c, g, TR(c, "耦合协调度", "coupling coordination degree")) : CLI_INTERNAL;
        regio_grid_free(g);
    }
out:
    regio_ccd_result_free(r);
    regio_table_free(t);
    free(u);
    free(sbuf);
    free(abuf);
    return rc;
}
