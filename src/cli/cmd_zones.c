/* cmd_zones.c — `regio zones`: the counties' main-function-zone types in use (official when a list was loaded,
 * else provisional, and said so), `regio zones import FILE` to load the official list in one validated, atomic
 * step, `regio zones clear` to drop it, and `regio zones --derive` to print the provisional assignment as CSV
 * (how data/yunnan/zones_provisional.csv is made). */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "regio/evaluation.h"

static int list_zones(cli *c, const regio_zones *z) {
    regio_column cols[] = {
        {"code", TR(c, "代码", "code"), REGIO_COL_TEXT, 0},
        {"name", TR(c, "名称", "name"), REGIO_COL_TEXT, 0},
        {"zone", TR(c, "类型代码", "zone"), REGIO_COL_TEXT, 0},
        {"zone_name", TR(c, "主体功能区类型", "zone type"), REGIO_COL_TEXT, 0},
        {"status", TR(c, "状态", "status"), REGIO_COL_TEXT, 0},
        {"evidence", TR(c, "依据", "evidence"), REGIO_COL_TEXT, 0},
    };
    regio_grid *g = regio_grid_new(cols, sizeof cols / sizeof cols[0]);
    if (!g) return CLI_INTERNAL;
    const char *status = z->official ? TR(c, "官方", "official") : TR(c, "暂定", "provisional");
    for (size_t i = 0; i < c->plan->nregions; i++) {
        if (z->zone[i] < 0) continue;
        long r = regio_grid_add_row(g);
        if (r < 0) { regio_grid_free(g); return CLI_INTERNAL; }
        const regio_region *rg = &c->plan->regions[i];
        regio_grid_set_text(g, (size_t)r, 0, rg->code);
        regio_grid_set_text(g, (size_t)r, 1, regio_region_name(rg, c->lang));
        regio_grid_set_text(g, (size_t)r, 2, regio_zone_code(z->zone[i]));
        regio_grid_set_text(g, (size_t)r, 3, regio_zone_name(z->zone[i], c->lang));
        regio_grid_set_text(g, (size_t)r, 4, status);
        regio_grid_set_text(g, (size_t)r, 5, z->evidence[i] ? z->evidence[i] : "");
    }
    char title[1024];
    snprintf(title, sizeof title, "%s — %s",
             z->official ? TR(c, "官方主体功能区类型", "official zone types")
                         : TR(c, "暂定主体功能区类型（非官方名单；用 regio zones import 载入官方名单）",
                              "provisional zone types / 暂定主体功能区类型 (not the official list; load it with regio zones import)"),
             z->source ? z->source : "");
    if (!z->official) fprintf(stderr, "%s\n", TR(c, "注意：暂定主体功能区类型", "note: provisional zone types / 暂定主体功能区类型"));
    int rc = cli_write_grid(c, g, title);
    regio_grid_free(g);
    return rc;
}

int cmd_zones(cli *c, int argc, char **argv) {
    int derive = 0;
    const cli_opt opts[] = {
        {"--derive", OPT_FLAG, &derive, NULL, "按暂定规则由 2020 年普查数据推导类型，输出 CSV（code,zone,rule,evidence）",
         "derive the provisional types from the 2020 census data and print them as CSV (code,zone,rule,evidence)"},
    };
    const char *pos[2];
    size_t npos = 0;
    CLI_PARSE(c, "zones", argc, argv, opts, sizeof opts / sizeof opts[0], pos, 2, &npos);
    int rc = cli_open(c);
    if (rc) return rc;
    regio_error err;
    regio_error_clear(&err);
    regio_zones *z = NULL;
    if (npos >= 1 && strcmp(pos[0], "import") == 0) {
        if (npos != 2) { rc = cli_usage_error(c, "用法：regio zones import FILE", "usage: regio zones import FILE"); goto done; }
        if (regio_zones_read(pos[1], c->plan, &z, &err) || regio_zones_save(c->st, c->plan, z, &err)) { rc = cli_fail(c, &err); goto done; }
        size_t n[REGIO_NZONES] = {0};
        for (size_t i = 0; i < z->nregions; i++)
            if (z->zone[i] >= 0) n[z->zone[i]]++;
        fprintf(c->out, TR(c, "已载入官方主体功能区类型：城市化地区 %zu，农产品主产区 %zu，重点生态功能区 %zu（%s）\n",
                           "loaded the official zone types: urban %zu, agricultural %zu, ecological %zu (%s)\n"),
                n[0], n[1], n[2], z->source);
    } else if (npos >= 1 && strcmp(pos[0], "clear") == 0) {
        if (regio_zones_save(c->st, c->plan, NULL, &err)) { rc = cli_fail(c, &err); goto done; }
        fprintf(c->out, "%s\n", TR(c, "已删除官方名单；此后使用暂定主体功能区类型", "official list removed; provisional zone types are used from now on"));
    } else if (npos >= 1) {
        rc = cli_usage_error(c, "未知的子命令“%s”（import 或 clear）", "unknown subcommand '%s' (import or clear)", pos[0]);
    } else if (derive) {
        regio_zone_rule r;
        regio_zone_rule_default(&r);
        double *m = NULL;
        if (regio_store_year_matrix(c->st, c->plan, r.year, &m, &err) || regio_zones_derive(c->plan, m, &r, &z, &err) ||
            regio_zones_write_csv(c->plan, z, c->out, &err))
            rc = cli_fail(c, &err);
        free(m);
    } else {
        if (regio_zones_load(c->st, c->plan, &z, &err)) rc = cli_fail(c, &err);
        else rc = list_zones(c, z);
    }
done:
    regio_zones_free(z);
    cli_close(c);
    return rc;
}
