/* cmd_plan.c — the commands that show the plan: overview, regions, groups, indicators (targets: cmd_targets.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "regio/group_derive.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *level_label(const cli *c, regio_level l) {
    static const char *const ZH[] = {"省", "州（市）", "县（市、区）"};
    return c->lang == REGIO_LANG_ZH ? ZH[l] : regio_level_name(l);
}

int cmd_regions(cli *c, int argc, char **argv) {
    const char *pos[1], *level_s = NULL, *parent_s = NULL, *group_s = NULL;
    size_t npos;
    const cli_opt opts[] = {
        {"--level", OPT_STR, &level_s, "province|prefecture|county", "只列出该层级", "only this level"},
        {"--parent", OPT_STR, &parent_s, "CODE|NAME", "只列出该地区的下级", "only the children of this region"},
        {"--group", OPT_STR, &group_s, "GROUP", "只列出该组所含的县", "only the counties of this group"},
    };
    CLI_PARSE(c, "regions", argc, argv, opts, N(opts), pos, 0, &npos);
    regio_level level = REGIO_LEVEL_COUNTY;
    if (level_s && regio_level_parse(level_s, &level))
        return cli_usage_error(c, "--level 应为 province、prefecture 或 county", "--level must be province, prefecture or county");
    int rc = cli_open(c);
    if (rc) return rc;
    size_t parent = 0, group = 0;
    if (parent_s && (rc = cli_region(c, parent_s, &parent))) return rc;
    if (group_s && (rc = cli_group(c, group_s, &group))) return rc;
    const regio_plan *p = c->plan;
    unsigned char *in_group = NULL;
    if (group_s) {
        in_group = calloc(p->nregions, 1);
        if (!in_group) return CLI_INTERNAL;
        for (size_t i = 0; i < p->groups[group].ncounties; i++) in_group[p->groups[group].counties[i]] = 1;
    }
    const regio_column cols[] = {
        {"code", TR(c, "编码", "code"), REGIO_COL_TEXT, 0}, {"name_zh", TR(c, "名称", "name (zh)"), REGIO_COL_TEXT, 0},
        {"name_en", TR(c, "英文名", "name"), REGIO_COL_TEXT, 0}, {"level", TR(c, "层级", "level"), REGIO_COL_TEXT, 0},
        {"parent", TR(c, "上级", "parent"), REGIO_COL_TEXT, 0}, {"kind", TR(c, "类别", "kind"), REGIO_COL_TEXT, 0},
        {"area_km2", TR(c, "面积(km²)", "area (km²)"), REGIO_COL_NUM, 1},
    };
    regio_grid *g = regio_grid_new(cols, N(cols));
    for (size_t i = 0; g && i < p->nregions; i++) {
        const regio_region *r = &p->regions[i];
        if (level_s && r->level != level) continue;
        if (parent_s && r->parent != (long)parent) continue;
        if (in_group && !in_group[i]) continue;
        long row = regio_grid_add_row(g);
        if (row < 0) break;
        size_t k = (size_t)row;
        regio_grid_set_text(g, k, 0, r->code); regio_grid_set_text(g, k, 1, r->name_zh); regio_grid_set_text(g, k, 2, r->name_en);
        regio_grid_set_text(g, k, 3, regio_level_name(r->level));
        regio_grid_set_text(g, k, 4, r->parent >= 0 ? p->regions[r->parent].code : NULL);
        regio_grid_set_text(g, k, 5, r->kind); regio_grid_set_num(g, k, 6, r->area_km2);
    }
    rc = g ? cli_write_grid(c, g, NULL) : CLI_INTERNAL;
    regio_grid_free(g);
    free(in_group);
    return rc;
}

/* One group's members as the plan declares them, each with the counties it stands for. */
static int group_members(cli *c, size_t gi) {
    const regio_plan *p = c->plan;
    const regio_group *g = &p->groups[gi];
    const regio_column cols[] = {
        {"code", TR(c, "编码", "code"), REGIO_COL_TEXT, 0}, {"name", TR(c, "名称", "name"), REGIO_COL_TEXT, 0},
        {"level", TR(c, "层级", "level"), REGIO_COL_TEXT, 0}, {"counties", TR(c, "所含县数", "counties"), REGIO_COL_INT, 0},
    };
    regio_grid *gr = regio_grid_new(cols, N(cols));
    for (size_t i = 0; gr && i < g->nmembers; i++) {
        const regio_region *r = &p->regions[g->members[i]];
        long row = regio_grid_add_row(gr);
        if (row < 0) break;
        /* counties under this member: those of the group's resolved list whose ancestor is the member */
        long n = 0;
        for (size_t k = 0; k < g->ncounties; k++) {
            long a = (long)g->counties[k];
            while (a >= 0 && a != (long)g->members[i]) a = p->regions[a].parent;
            n += a >= 0;
        }
        regio_grid_set_text(gr, (size_t)row, 0, r->code); regio_grid_set_text(gr, (size_t)row, 1, regio_region_name(r, c->lang));
        regio_grid_set_text(gr, (size_t)row, 2, regio_level_name(r->level)); regio_grid_set_int(gr, (size_t)row, 3, n);
    }
    char title[512];
    snprintf(title, sizeof title, TR(c, "%s（%s）：%zu 个成员，共 %zu 个县", "%s (%s): %zu members, %zu counties"),
             cli_name(c, g->name_zh, g->name_en), g->code, g->nmembers, g->ncounties);
    int rc = gr ? cli_write_grid(c, gr, title) : CLI_INTERNAL;
    regio_grid_free(gr);
    if (!rc && c->fmt == REGIO_FMT_TABLE && *g->note) fprintf(c->out, "%s\n", g->note);
    regio_group_derivation *d = NULL;
    regio_error err;
    regio_error_clear(&err);
    if (!rc && regio_store_load_derivation(c->st, g->code, &d, &err)) rc = cli_fail(c, &err);
    if (!rc && d)
        fprintf(c->out, TR(c, "成员为推导所得（%s）：%s\n", "membership derived (%s): %s\n"), d->derived_at, TR(c, d->method_zh, d->method_en));
    regio_group_derivation_free(d);
    return rc;
}

int cmd_groups(cli *c, int argc, char **argv) {
    if (argc >= 1 && strcmp(argv[0], "derive") == 0) return cmd_groups_derive(c, argc - 1, argv + 1);
    const char *pos[1];
    size_t npos;
    CLI_PARSE(c, "groups", argc, argv, NULL, 0, pos, 1, &npos);
    int rc = cli_open(c);
    if (rc) return rc;
    if (npos == 1) {
        size_t gi;
        if ((rc = cli_group(c, pos[0], &gi))) return rc;
        return group_members(c, gi);
    }
    const regio_plan *p = c->plan;
    const regio_column cols[] = {
        {"code", TR(c, "编码", "code"), REGIO_COL_TEXT, 0}, {"name_zh", TR(c, "名称", "name (zh)"), REGIO_COL_TEXT, 0},
        {"name_en", TR(c, "英文名", "name"), REGIO_COL_TEXT, 0}, {"kind", TR(c, "类别", "kind"), REGIO_COL_TEXT, 0},
        {"partition", TR(c, "所属划分", "partition"), REGIO_COL_TEXT, 0}, {"members", TR(c, "成员数", "members"), REGIO_COL_INT, 0},
        {"counties", TR(c, "县数", "counties"), REGIO_COL_INT, 0}, {"note", TR(c, "说明", "note"), REGIO_COL_TEXT, 0},
    };
    regio_grid *g = regio_grid_new(cols, N(cols));
    for (size_t i = 0; g && i < p->ngroups; i++) {
        const regio_group *x = &p->groups[i];
        long row = regio_grid_add_row(g);
        if (row < 0) break;
        size_t k = (size_t)row;
        regio_grid_set_text(g, k, 0, x->code); regio_grid_set_text(g, k, 1, x->name_zh); regio_grid_set_text(g, k, 2, x->name_en);
        regio_grid_set_text(g, k, 3, regio_group_kind_name(x->kind));
        regio_grid_set_text(g, k, 4, *x->partition_code ? x->partition_code : NULL);
        regio_grid_set_int(g, k, 5, (long long)x->nmembers); regio_grid_set_int(g, k, 6, (long long)x->ncounties);
        regio_grid_set_text(g, k, 7, c->fmt == REGIO_FMT_TABLE ? NULL : x->note);
    }
    rc = g ? cli_write_grid(c, g, NULL) : CLI_INTERNAL;
    regio_grid_free(g);
    return rc;
}

/* "gdp / pop × 10000", "Σ", "weighted mean by pop", "—" */
static void rule_text(const cli *c, const regio_indicator *x, char *buf, size_t cap) {
    const regio_plan *p = c->plan;
    switch (x->agg) {
    case REGIO_AGG_SUM: snprintf(buf, cap, "%s", TR(c, "求和", "sum")); break;
    case REGIO_AGG_RATIO:
        if (x->scale != 1) snprintf(buf, cap, "%s / %s × %g", p->indicators[x->numerator].code, p->indicators[x->denominator].code, x->scale);
        else snprintf(buf, cap, "%s / %s", p->indicators[x->numerator].code, p->indicators[x->denominator].code);
        break;
    case REGIO_AGG_WMEAN: snprintf(buf, cap, TR(c, "以 %s 加权平均", "mean weighted by %s"), p->indicators[x->weight].code); break;
    default: snprintf(buf, cap, "%s", TR(c, "不可汇总（仅公布值）", "not aggregated (published only)"));
    }
}

int cmd_indicators(cli *c, int argc, char **argv) {
    const char *pos[1];
    size_t npos;
    CLI_PARSE(c, "indicators", argc, argv, NULL, 0, pos, 0, &npos);
    int rc = cli_open(c);
    if (rc) return rc;
    const regio_plan *p = c->plan;
    const regio_column cols[] = {
        {"code", TR(c, "编码", "code"), REGIO_COL_TEXT, 0}, {"name_zh", TR(c, "名称", "name (zh)"), REGIO_COL_TEXT, 0},
        {"name_en", TR(c, "英文名", "name"), REGIO_COL_TEXT, 0}, {"unit", TR(c, "单位", "unit"), REGIO_COL_TEXT, 0},
        {"direction", TR(c, "方向", "direction"), REGIO_COL_TEXT, 0}, {"aggregate", TR(c, "汇总", "aggregate"), REGIO_COL_TEXT, 0},
        {"rule", TR(c, "汇总规则", "rule"), REGIO_COL_TEXT, 0}, {"min", TR(c, "下限", "min"), REGIO_COL_NUM, -1},
        {"max", TR(c, "上限", "max"), REGIO_COL_NUM, -1},
    };
    regio_grid *g = regio_grid_new(cols, N(cols));
    for (size_t i = 0; g && i < p->nindicators; i++) {
        const regio_indicator *x = &p->indicators[i];
        char rule[128];
        long row = regio_grid_add_row(g);
        if (row < 0) break;
        size_t k = (size_t)row;
        rule_text(c, x, rule, sizeof rule);
        regio_grid_set_text(g, k, 0, x->code); regio_grid_set_text(g, k, 1, x->name_zh); regio_grid_set_text(g, k, 2, x->name_en);
        regio_grid_set_text(g, k, 3, x->unit); regio_grid_set_text(g, k, 4, regio_direction_name(x->direction));
        regio_grid_set_text(g, k, 5, regio_aggrule_name(x->agg)); regio_grid_set_text(g, k, 6, rule);
        regio_grid_set_num(g, k, 7, x->min); regio_grid_set_num(g, k, 8, x->max);
    }
    rc = g ? cli_write_grid(c, g, NULL) : CLI_INTERNAL;
    regio_grid_free(g);
    return rc;
}

/* `regio targets` lives in cmd_targets.c (target tracking). */

int cmd_overview(cli *c, int argc, char **argv) {
    const char *pos[1];
    size_t npos;
    CLI_PARSE(c, "overview", argc, argv, NULL, 0, pos, 0, &npos);
    int rc = cli_open(c);
    if (rc) return rc;
    const regio_plan *p = c->plan;
    regio_error err;
    regio_error_clear(&err);
    regio_batch_list *bl = NULL;
    int *years = NULL;
    size_t nyears = 0, per_level[3] = {0, 0, 0};
    long nobs = 0;
    if (regio_store_batches(c->st, &bl, &err) || regio_store_years(c->st, p, -1, &years, &nyears, &err)) {
        regio_batch_list_free(bl);
        return cli_fail(c, &err);
    }
    for (size_t i = 0; i < bl->n; i++) nobs += bl->items[i].current;
    for (size_t i = 0; i < p->nregions; i++) per_level[p->regions[i].level]++;
    const regio_column cols[] = {
        {"item", TR(c, "项目", "item"), REGIO_COL_TEXT, 0}, {"code", TR(c, "编码", "code"), REGIO_COL_TEXT, 0},
        {"count", TR(c, "数量", "count"), REGIO_COL_INT, 0}, {"detail", TR(c, "说明", "detail"), REGIO_COL_TEXT, 0},
    };
    regio_grid *g = regio_grid_new(cols, N(cols));
#define ROW(item, code, count, detail)                                                                   \
    do {                                                                                                 \
        long r_ = g ? regio_grid_add_row(g) : -1;                                                        \
        if (r_ >= 0) {                                                                                   \
            regio_grid_set_text(g, (size_t)r_, 0, item); regio_grid_set_text(g, (size_t)r_, 1, code);    \
            regio_grid_set_int(g, (size_t)r_, 2, (long long)(count)); regio_grid_set_text(g, (size_t)r_, 3, detail); \
        }                                                                                                \
    } while (0)
    for (int l = 0; l < 3; l++) ROW(TR(c, "地区", "regions"), regio_level_name((regio_level)l), per_level[l], level_label(c, (regio_level)l));
    for (size_t i = 0; i < p->ngroups; i++) {
        const regio_group *x = &p->groups[i];
        if (x->kind == REGIO_GROUP_PART) continue;
        char detail[256];
        snprintf(detail, sizeof detail, TR(c, "%s：%zu 个成员，%zu 个县", "%s: %zu members, %zu counties"),
                 cli_name(c, x->name_zh, x->name_en), x->nmembers, x->ncounties);
        ROW(x->kind == REGIO_GROUP_BLOCK ? TR(c, "板块", "block") : TR(c, "特殊类型区", "special area"), x->code, x->ncounties, detail);
    }
    for (size_t i = 0; i < p->npartitions; i++)
        ROW(TR(c, "分区（用于分解）", "partition (for decompositions)"), p->partitions[i].code, p->partitions[i].nparts,
            cli_name(c, p->partitions[i].name_zh, p->partitions[i].name_en));
    ROW(TR(c, "指标", "indicators"), "", p->nindicators, "");
    ROW(TR(c, "量化目标", "targets"), "", p->ntargets, "");
    if (p->nmonitors) ROW(TR(c, "监测指标（无量化目标）", "monitored (no quantified target)"), "", p->nmonitors, "");
    char yrs[64] = "";
    if (nyears) snprintf(yrs, sizeof yrs, "%d–%d", years[0], years[nyears - 1]);
    ROW(TR(c, "观测（现行值）", "observations (current)"), "", nobs, yrs);
    ROW(TR(c, "导入批次", "import batches"), "", bl->n, "");
#undef ROW
    char title[256];
    snprintf(title, sizeof title, TR(c, "规划概览：%s（数据库 %s）", "plan overview: %s (database %s)"), p->name, c->db);
    rc = g ? cli_write_grid(c, g, title) : CLI_INTERNAL;
    regio_grid_free(g);
    regio_batch_list_free(bl);
    free(years);
    return rc;
}
