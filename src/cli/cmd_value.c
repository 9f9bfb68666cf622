/* cmd_value.c — `regio value` (an indicator for a region or group, with coverage and optional share of a
 * larger unit) and `regio check` (published totals against totals computed from lower levels). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/util.h"
#include "regio/aggregate.h"
#include "regio/json_out.h"
#include "regio/json_results.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* the aggregate's one encoder (regio/json_results.h, also the server's), under the scope asked */
static json_t *agg_json(const cli *c, const regio_agg *a, const char *type, const char *code, const char *name) {
    json_t *root = json_pack("{s:{s:s, s:s, s:s}}", "scope", "type", type, "code", code, "name", name);
    json_t *body = regio_json_agg(c->plan, a, c->lang);
    if (!root || !body || json_object_update(root, body)) {
        json_decref(root);
        root = NULL;
    }
    json_decref(body);
    return root;
}

static void grid_row(const cli *c, regio_grid *g, const char *role, const char *code, const char *name, const char *level,
                     double v, const char *origin, int complete, int used) {
    long r = regio_grid_add_row(g);
    if (r < 0) return;
    size_t k = (size_t)r;
    regio_grid_set_text(g, k, 0, role); regio_grid_set_text(g, k, 1, code); regio_grid_set_text(g, k, 2, name);
    regio_grid_set_text(g, k, 3, level); regio_grid_set_num(g, k, 4, v); regio_grid_set_text(g, k, 5, origin);
    regio_grid_set_bool(g, k, 6, complete); regio_grid_set_bool(g, k, 7, used);
    (void)c;
}

/* Every stored row of the key: vintages, bounds and partial years, as JSON. */
static json_t *rows_json(const regio_obs_rows *rows) {
    json_t *a = json_array();
    for (size_t i = 0; a && i < rows->n; i++) {
        const regio_obs_row *o = &rows->items[i];
        char q[32];
        regio_qualifier_format(&o->qual, q, sizeof q);
        json_array_append_new(a, json_pack("{s:o, s:s, s:o, s:s, s:i, s:s, s:s, s:s, s:I, s:b, s:b}", "value",
                                           regio_json_num(o->value), "qualifier", q,
                                           "bound", o->qual.bound ? json_string(o->qual.bound > 0 ? ">=" : "<=") : json_null(),
                                           "status", (char[2]){o->qual.status, 0}, "months", o->qual.months, "vintage",
                                           o->vintage, "source_kind", o->source_kind, "source", o->source,
                                           "batch", (json_int_t)o->batch, "latest", o->current, "first", o->first));
    }
    return a;
}

/* The same for the terminal: one line per row, marking the one each vintage choice uses. */
static void rows_text(const cli *c, const regio_indicator *x, const regio_obs_rows *rows, regio_vintage vintage) {
    fprintf(c->out, TR(c, "该年的全部记录（%zu 条）：\n", "every record of this year (%zu):\n"), rows->n);
    for (size_t i = 0; i < rows->n; i++) {
        const regio_obs_row *o = &rows->items[i];
        char v[64], label[128];
        regio_format_number(o->value, x->decimals, v, sizeof v);
        regio_qualifier_label(&o->qual, c->lang, label, sizeof label);
        int used = regio_qualifier_is_point(&o->qual) && (vintage == REGIO_VINTAGE_FIRST ? o->first : o->current);
        fprintf(c->out, "  %s%s %s%s%s%s  %s %s  %s %lld%s%s\n", regio_bound_sign(o->qual.bound), v, x->unit,
                *label ? " [" : "", label, *label ? "]" : "", TR(c, "版本", "vintage"), *o->vintage ? o->vintage : TR(c, "未注明", "undated"),
                TR(c, "批次", "batch"), (long long)o->batch,
                o->current && o->first ? "" : o->current ? TR(c, "，最新版本", ", latest vintage")
                                            : o->first ? TR(c, "，首次发布版本", ", first vintage") : TR(c, "，已被取代", ", superseded"),
                used ? TR(c, " ← 本次使用", " ← used here")
                     : !regio_qualifier_is_point(&o->qual) && (o->current || o->first)
                         ? TR(c, "（界限值或非全年数，不作为该年的值）", " (a bound or a partial year: not the year's value)") : "");
    }
}

static const char *origin_label(const cli *c, regio_origin o) {
    static const char *const ZH[] = {"公布值", "计算值", "缺失"};
    return c->lang == REGIO_LANG_ZH ? ZH[o] : regio_origin_name(o);
}

int cmd_value(cli *c, int argc, char **argv) {
    const char *pos[1], *region_s = NULL, *group_s = NULL, *year_s = NULL, *share_s = NULL, *vintage_s = NULL;
    size_t npos;
    const cli_opt opts[] = {
        {"--vintage", OPT_STR, &vintage_s, "latest|first", "修订过的数据用最新发布（默认）还是首次发布的版本",
         "for revised figures, use the latest release (default) or the first"},
        {"--region", OPT_STR, &region_s, "CODE|NAME", "地区编码（GB/T 2260）或名称（昆明、昆明市、楚雄州）", "region code (GB/T 2260) or name (昆明, 昆明市, 楚雄州)"},
        {"--group", OPT_STR, &group_s, "GROUP", "组编码或名称（如 dianzhong、滇中）", "group code or name (e.g. dianzhong, 滇中)"},
        {"--year", OPT_STR, &year_s, "Y", "年份", "year"},
        {"--share-of", OPT_STR, &share_s, "CODE|NAME", "同时给出占该地区或组的比重（%），如 530000 或 云南省", "also give the share (%) of this region or group, e.g. 530000 or 云南省"},
    };
    CLI_PARSE(c, "value", argc, argv, opts, N(opts), pos, 1, &npos);
    if (npos != 1) return cli_usage_error(c, "需要指标编码：regio value INDICATOR --region CODE|--group CODE --year Y",
                                          "an indicator is needed: regio value INDICATOR --region CODE|--group CODE --year Y");
    if (!region_s == !group_s) return cli_usage_error(c, "需要 --region 或 --group 二者之一", "give one of --region or --group");
    int year, rc;
    regio_vintage vintage;
    if ((rc = cli_year(c, year_s, &year)) || (rc = cli_vintage(c, vintage_s, &vintage))) return rc;
    if ((rc = cli_open(c))) return rc;
    size_t ind, unit, whole = 0;
    if ((rc = cli_indicator(c, pos[0], &ind))) return rc;
    if (region_s ? (rc = cli_region(c, region_s, &unit)) : (rc = cli_group(c, group_s, &unit))) return rc;
    int whole_is_group = 0;
    if (share_s) {
        if ((rc = cli_region_or_group(c, share_s, &whole_is_group, &whole))) return rc;
    }
    const regio_plan *p = c->plan;
    const regio_indicator *x = &p->indicators[ind];
    regio_error err;
    regio_error_clear(&err);
    double *m = NULL;
    regio_agg *a = NULL, *w = NULL;
    regio_obs_rows *rows = NULL;
    if ((region_s && regio_store_observations(c->st, p, unit, ind, year, &rows, &err)) ||
        regio_store_year_matrix_v(c->st, p, year, vintage, &m, &err) ||
        (region_s ? regio_aggregate_region(p, m, ind, unit, &a, &err) : regio_aggregate_group(p, m, ind, unit, &a, &err)) ||
        (share_s && (whole_is_group ? regio_aggregate_group(p, m, ind, whole, &w, &err) : regio_aggregate_region(p, m, ind, whole, &w, &err)))) {
        rc = cli_fail(c, &err);
        goto out;
    }
    const char *code = region_s ? p->regions[unit].code : p->groups[unit].code;
    const char *name = region_s ? regio_region_name(&p->regions[unit], c->lang) : cli_name(c, p->groups[unit].name_zh, p->groups[unit].name_en);
    const char *wcode = !share_s ? NULL : whole_is_group ? p->groups[whole].code : p->regions[whole].code;
    const char *wname = !share_s ? NULL : whole_is_group ? cli_name(c, p->groups[whole].name_zh, p->groups[whole].name_en)
                                                         : regio_region_name(&p->regions[whole], c->lang);
    double share = w && w->value != 0 ? a->value / w->value * 100 : NAN;
    if (c->fmt == REGIO_FMT_JSON) {
        json_t *root = agg_json(c, a, region_s ? "region" : "group", code, name);
        json_t *head = json_pack("{s:{s:s, s:s, s:s, s:s}, s:i}", "indicator", "code", x->code, "name",
                                 cli_name(c, x->name_zh, x->name_en), "unit", x->unit, "rule", regio_aggrule_name(x->agg), "year", year);
        if (root && head && !json_object_update(head, root)) {
            if (w)
                json_object_set_new(head, "share", json_pack("{s:s, s:s, s:o, s:s, s:b, s:o, s:b}", "of", wcode, "of_name", wname,
                                    "of_value", regio_json_num(w->value), "of_origin", regio_origin_name(w->origin),
                                    "of_complete", w->complete, "percent", regio_json_num(share),
                                    "complete", a->complete && w->complete));
            if (rows) json_object_set_new(head, "observations", rows_json(rows));
            json_object_set_new(head, "vintage", json_string(regio_vintage_name(vintage)));
            rc = regio_json_dump(head, c->out, &err) ? cli_fail(c, &err) : CLI_OK;
        } else rc = CLI_INTERNAL;
        json_decref(root);
        json_decref(head);
        goto out;
    }
    if (c->fmt == REGIO_FMT_TABLE) {
        char v[64];
        regio_format_number(a->value, x->decimals, v, sizeof v);
        fprintf(c->out, TR(c, "%s %s %d：%s %s（%s%s）\n", "%s %s %d: %s %s (%s%s)\n"), name, cli_name(c, x->name_zh, x->name_en),
                year, *v ? v : "—", x->unit, origin_label(c, a->origin), a->complete ? "" : TR(c, "，不完整", ", incomplete"));
        fprintf(c->out, TR(c, "覆盖：%zu 个成员中用到 %zu 个\n", "coverage: %zu of %zu members used\n"),
                c->lang == REGIO_LANG_ZH ? a->nmembers : a->nused, c->lang == REGIO_LANG_ZH ? a->nused : a->nmembers);
        if (!isnan(a->diff)) {
            char pv[64], cv[64];
            regio_format_number(a->published, x->decimals, pv, sizeof pv);
            regio_format_number(a->computed, x->decimals, cv, sizeof cv);
            fprintf(c->out, TR(c, "公布值 %s，下级汇总 %s，相差 %.2f%%\n", "published %s, computed from lower levels %s, difference %.2f%%\n"),
                    pv, cv, a->rel_diff * 100);
        }
        if (w) {
            char wv[64];
            regio_format_number(w->value, x->decimals, wv, sizeof wv);
            fprintf(c->out, TR(c, "占 %s（%s %s）的比重：%.2f%%%s\n", "share of %s (%s %s): %.2f%%%s\n"), wname, wv, x->unit, share,
                    a->complete && w->complete ? "" : TR(c, "（不完整）", " (incomplete)"));
        }
        if (rows && (rows->n > 1 || (rows->n == 1 && !regio_qualifier_is_point(&rows->items[0].qual))))
            rows_text(c, x, rows, vintage);
        fprintf(c->out, "\n");
    }
    const regio_column cols[] = {
        {"role", TR(c, "角色", "role"), REGIO_COL_TEXT, 0}, {"code", TR(c, "编码", "code"), REGIO_COL_TEXT, 0},
        {"name", TR(c, "名称", "name"), REGIO_COL_TEXT, 0}, {"level", TR(c, "层级", "level"), REGIO_COL_TEXT, 0},
        {"value", x->unit, REGIO_COL_NUM, x->decimals}, {"origin", TR(c, "来源", "origin"), REGIO_COL_TEXT, 0},
        {"complete", TR(c, "完整", "complete"), REGIO_COL_BOOL, 0}, {"used", TR(c, "计入", "used"), REGIO_COL_BOOL, 0},
    };
    regio_grid *g = regio_grid_new(cols, N(cols));
    if (!g) { rc = CLI_INTERNAL; goto out; }
    if (c->fmt == REGIO_FMT_CSV)
        grid_row(c, g, "total", code, name, region_s ? regio_level_name(p->regions[unit].level) : "group", a->value,
                 regio_origin_name(a->origin), a->complete, 1);
    for (size_t i = 0; i < a->nmembers; i++) {
        const regio_member_value *mv = &a->members[i];
        const regio_region *r = &p->regions[mv->region];
        grid_row(c, g, "member", r->code, regio_region_name(r, c->lang), regio_level_name(r->level), mv->value,
                 c->fmt == REGIO_FMT_TABLE ? origin_label(c, mv->origin) : regio_origin_name(mv->origin), mv->complete, mv->used);
    }
    rc = cli_write_grid(c, g, NULL);
    regio_grid_free(g);
out:
    regio_agg_free(a);
    regio_agg_free(w);
    regio_obs_rows_free(rows);
    free(m);
    return rc;
}

int cmd_check(cli *c, int argc, char **argv) {
    const char *pos[1], *ind_s = NULL, *year_s = NULL, *tol_s = NULL;
    int all = 0, strict = 0;
    size_t npos;
    const cli_opt opts[] = {
        {"--indicator", OPT_STR, &ind_s, "CODE|NAME", "只检查该指标（编码或名称）", "only this indicator (code or name)"},
        {"--year", OPT_STR, &year_s, "Y", "只检查该年", "only this year"},
        {"--tolerance", OPT_STR, &tol_s, "PCT", "允许的相对差（%，默认 1）", "allowed relative difference (%, default 1)"},
        {"--all", OPT_FLAG, &all, NULL, "也列出下级数据不全、无法比较的情形", "also list pairs that cannot be compared (lower level incomplete)"},
        {"--strict", OPT_FLAG, &strict, NULL, "有超出容差的差异时以退出码 1 结束", "exit with code 1 when a difference exceeds the tolerance"},
    };
    CLI_PARSE(c, "check", argc, argv, opts, N(opts), pos, 0, &npos);
    double tol = 1.0;
    if (tol_s && (regio_parse_number(tol_s, &tol) || tol < 0))
        return cli_usage_error(c, "--tolerance 需要非负的百分数", "--tolerance needs a non-negative percentage");
    int year = 0, rc;
    if (year_s && (rc = cli_year(c, year_s, &year))) return rc;
    if ((rc = cli_open(c))) return rc;
    size_t only = 0;
    if (ind_s && (rc = cli_indicator(c, ind_s, &only))) return rc;
    const regio_plan *p = c->plan;
    regio_error err;
    regio_error_clear(&err);
    int *years = NULL;
    size_t nyears = 0;
    if (year) { years = malloc(sizeof *years); if (years) { years[0] = year; nyears = 1; } }
    else if (regio_store_years(c->st, p, ind_s ? (long)only : -1, &years, &nyears, &err)) return cli_fail(c, &err);
    const regio_column cols[] = {
        {"region", TR(c, "地区", "region"), REGIO_COL_TEXT, 0}, {"name", TR(c, "名称", "name"), REGIO_COL_TEXT, 0},
        {"indicator", TR(c, "指标", "indicator"), REGIO_COL_TEXT, 0}, {"year", TR(c, "年份", "year"), REGIO_COL_INT, 0},
        {"published", TR(c, "公布值", "published"), REGIO_COL_NUM, 2}, {"computed", TR(c, "下级汇总", "computed"), REGIO_COL_NUM, 2},
        {"difference_pct", TR(c, "相对差%", "diff %"), REGIO_COL_NUM, 3},
        {"children_used", TR(c, "下级有数", "children used"), REGIO_COL_INT, 0},
        {"children", TR(c, "下级数", "children"), REGIO_COL_INT, 0}, {"status", TR(c, "结论", "status"), REGIO_COL_TEXT, 0},
    };
    regio_grid *g = regio_grid_new(cols, N(cols));
    size_t nok = 0, ndiff = 0, nincomplete = 0;
    for (size_t y = 0; g && !rc && y < nyears; y++) {
        double *m = NULL;
        if (regio_store_year_matrix(c->st, p, years[y], &m, &err)) { rc = cli_fail(c, &err); break; }
        for (size_t k = 0; k < p->nindicators && !rc; k++) {
            if ((ind_s && k != only) || p->indicators[k].agg == REGIO_AGG_NONE) continue;
            for (size_t r = 0; r < p->nregions; r++) {
                if (p->regions[r].nchildren == 0 || isnan(m[k * p->nregions + r])) continue;
                regio_agg *a;
                if (regio_aggregate_region(p, m, k, r, &a, &err)) { rc = cli_fail(c, &err); break; }
                int complete = a->nused == a->nmembers;
                for (size_t i = 0; i < a->nmembers; i++) complete = complete && a->members[i].complete;
                const char *status;
                if (a->nused == 0) { regio_agg_free(a); continue; }
                if (!complete) { nincomplete++; status = TR(c, "下级不全", "incomplete"); }
                else if (fabs(a->rel_diff) * 100 <= tol) { nok++; status = TR(c, "一致", "ok"); }
                else { ndiff++; status = TR(c, "不一致", "differs"); }
                if (complete || all) {
                    long row = regio_grid_add_row(g);
                    if (row >= 0) {
                        size_t q = (size_t)row;
                        regio_grid_set_text(g, q, 0, p->regions[r].code);
                        regio_grid_set_text(g, q, 1, regio_region_name(&p->regions[r], c->lang));
                        regio_grid_set_text(g, q, 2, p->indicators[k].code); regio_grid_set_int(g, q, 3, years[y]);
                        regio_grid_set_num(g, q, 4, a->published); regio_grid_set_num(g, q, 5, a->computed);
                        regio_grid_set_num(g, q, 6, a->rel_diff * 100);
                        regio_grid_set_int(g, q, 7, (long long)a->nused); regio_grid_set_int(g, q, 8, (long long)a->nmembers);
                        regio_grid_set_text(g, q, 9, status);
                    }
                }
                regio_agg_free(a);
            }
        }
        free(m);
    }
    if (!rc && g) {
        char title[256];
        snprintf(title, sizeof title, TR(c, "公布值与下级汇总值对照（容差 %g%%）：%zu 一致，%zu 不一致，%zu 下级数据不全",
                                          "published vs computed from lower levels (tolerance %g%%): %zu ok, %zu differ, %zu incomplete"),
                 tol, nok, ndiff, nincomplete);
        rc = cli_write_grid(c, g, title);
        if (!rc && strict && ndiff) rc = CLI_USER;
    }
    regio_grid_free(g);
    free(years);
    return rc;
}
