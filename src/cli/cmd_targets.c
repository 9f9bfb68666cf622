/* cmd_targets.c — `regio targets`: every quantified target of the plan with where it stands, by the two
 * methods of docs/methods/tracking.md (CAGR ratio and linear projection), its early-warning level and a
 * one-line finding; then the indicators the plan monitors without a quantified target, with their trend status
 * (direction and pace of change since the baseline, no warning colour). The numbers come from
 * regio_track_targets (include/regio/track_store.h), the function the report and the server call too, and its
 * JSON from regio_json_track_list (include/regio/json_results.h), the server's too; this file only selects, lays
 * out and prints. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "regio/json_out.h"
#include "regio/json_results.h"
#include "regio/track_store.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *pick(const cli *c, const char *zh, const char *en) { return c->lang == REGIO_LANG_ZH ? zh : en; }

/* Every field as one flat row (CSV, Markdown). */
static const regio_column FULL[] = {
    {"code", NULL, REGIO_COL_TEXT, 0}, {"name", NULL, REGIO_COL_TEXT, 0}, {"scope", NULL, REGIO_COL_TEXT, 0},
    {"indicator", NULL, REGIO_COL_TEXT, 0}, {"unit", NULL, REGIO_COL_TEXT, 0}, {"comparator", NULL, REGIO_COL_TEXT, 0},
    {"target", NULL, REGIO_COL_NUM, -1}, {"tolerance", NULL, REGIO_COL_NUM, -1}, {"target_year", NULL, REGIO_COL_INT, 0},
    {"baseline_year", NULL, REGIO_COL_INT, 0}, {"baseline_value", NULL, REGIO_COL_NUM, -1},
    {"baseline_source", NULL, REGIO_COL_TEXT, 0}, {"latest_year", NULL, REGIO_COL_INT, 0},
    {"latest_value", NULL, REGIO_COL_NUM, -1}, {"gap", NULL, REGIO_COL_NUM, 4}, {"method", NULL, REGIO_COL_TEXT, 0},
    {"rate_unit", NULL, REGIO_COL_TEXT, 0}, {"required_rate", NULL, REGIO_COL_NUM, 4}, {"actual_rate", NULL, REGIO_COL_NUM, 4},
    {"remaining_rate", NULL, REGIO_COL_NUM, 4}, {"cagr_ratio", NULL, REGIO_COL_NUM, 4}, {"category", NULL, REGIO_COL_TEXT, 0},
    {"warning", NULL, REGIO_COL_TEXT, 0}, {"projected_value", NULL, REGIO_COL_NUM, 4},
    {"projected_gap", NULL, REGIO_COL_NUM, 4}, {"year_reached", NULL, REGIO_COL_INT, 0}, {"complete", NULL, REGIO_COL_BOOL, 0},
    {"members_used", NULL, REGIO_COL_INT, 0}, {"members_total", NULL, REGIO_COL_INT, 0}, {"finding", NULL, REGIO_COL_TEXT, 0},
    {"needs", NULL, REGIO_COL_TEXT, 0}, {"note", NULL, REGIO_COL_TEXT, 0}, {"type", NULL, REGIO_COL_TEXT, 0},
    {"change_per_year", NULL, REGIO_COL_NUM, 4}, {"trend", NULL, REGIO_COL_TEXT, 0},
    {"latest_bound", NULL, REGIO_COL_TEXT, 0},
};
#define FULL_TYPE 32 /* index of the column "type": target or monitored */
_Static_assert(N(FULL) == FULL_TYPE + 4, "FULL_TYPE must index the column type");

/* A monitored indicator as a row of the flat grid: the target columns stay empty, category holds the trend
 * status and actual_rate the CAGR (% a year); warning stays empty (no target, no colour). */
static void trend_row(const cli *c, regio_grid *g, size_t k, const regio_track_trend *r) {
    const regio_plan *p = c->plan;
    const regio_monitor *m = &p->monitors[r->monitor];
    const regio_indicator *x = &p->indicators[m->indicator];
    regio_grid_set_text(g, k, 0, m->code);
    regio_grid_set_text(g, k, 1, cli_name(c, m->name_zh, m->name_en));
    regio_grid_set_text(g, k, 2, m->scope);
    regio_grid_set_text(g, k, 3, x->code);
    regio_grid_set_text(g, k, 4, x->unit);
    if (r->baseline_year) { regio_grid_set_int(g, k, 9, r->baseline_year); regio_grid_set_text(g, k, 11, "observed"); }
    regio_grid_set_num(g, k, 10, r->baseline_value);
    if (r->latest_year) regio_grid_set_int(g, k, 12, r->latest_year);
    regio_grid_set_num(g, k, 13, r->latest_value);
    regio_grid_set_text(g, k, 15, "trend");
    regio_grid_set_text(g, k, 16, TR(c, "%/年", "%/yr"));
    regio_grid_set_num(g, k, 18, r->cagr);
    regio_grid_set_text(g, k, 21, regio_track_trend_name(r->category));
    regio_grid_set_bool(g, k, 26, r->complete);
    regio_grid_set_int(g, k, 27, (long long)r->members_used);
    regio_grid_set_int(g, k, 28, (long long)r->members_total);
    regio_grid_set_text(g, k, 29, pick(c, r->finding_zh, r->finding_en));
    regio_grid_set_text(g, k, 30, pick(c, r->needs_zh, r->needs_en));
    regio_grid_set_text(g, k, 31, m->note);
    regio_grid_set_text(g, k, FULL_TYPE, "monitored");
    regio_grid_set_num(g, k, FULL_TYPE + 1, r->change_per_year);
    regio_grid_set_text(g, k, FULL_TYPE + 2, !r->latest_year ? NULL : r->change_sign > 0 ? "rising" : r->change_sign < 0 ? "falling" : "unchanged");
}

static void full_row(const cli *c, regio_grid *g, size_t k, const regio_track_result *r) {
    const regio_plan *p = c->plan;
    const regio_target *t = &p->targets[r->target];
    const regio_track_eval *e = &r->eval;
    char ru[64];
    regio_track_rate_unit(p, r, c->lang, ru, sizeof ru);
    size_t j = 0;
    regio_grid_set_text(g, k, j++, t->code);
    regio_grid_set_text(g, k, j++, cli_name(c, t->name_zh, t->name_en));
    regio_grid_set_text(g, k, j++, t->scope);
    regio_grid_set_text(g, k, j++, p->indicators[t->indicator].code);
    regio_grid_set_text(g, k, j++, regio_track_unit(p, r, c->lang));
    regio_grid_set_text(g, k, j++, regio_comparator_name(t->comparator));
    regio_grid_set_num(g, k, j++, t->value);
    regio_grid_set_num(g, k, j++, t->tolerance);
    regio_grid_set_int(g, k, j++, t->target_year);
    if (e->baseline_year) regio_grid_set_int(g, k, j, e->baseline_year);
    j++;
    regio_grid_set_num(g, k, j++, e->baseline_value);
    regio_grid_set_text(g, k, j++, e->baseline_year ? (e->baseline_stated ? "plan" : "observed") : NULL);
    if (e->latest_year) regio_grid_set_int(g, k, j, e->latest_year);
    j++;
    regio_grid_set_num(g, k, j++, e->latest_value);
    regio_grid_set_num(g, k, j++, e->gap);
    regio_grid_set_text(g, k, j++, regio_track_method_name(e->method));
    regio_grid_set_text(g, k, j++, ru);
    regio_grid_set_num(g, k, j++, e->required_rate);
    regio_grid_set_num(g, k, j++, e->actual_rate);
    regio_grid_set_num(g, k, j++, e->remaining_rate);
    regio_grid_set_num(g, k, j++, e->ratio);
    regio_grid_set_text(g, k, j++, regio_track_category_name(e->category));
    regio_grid_set_text(g, k, j++, regio_track_warning_name(regio_track_warning_of(e->category)));
    regio_grid_set_num(g, k, j++, e->projected_value);
    regio_grid_set_num(g, k, j++, e->projected_gap);
    if (e->year_reached) regio_grid_set_int(g, k, j, e->year_reached);
    j++;
    regio_grid_set_bool(g, k, j++, r->complete);
    regio_grid_set_int(g, k, j++, (long long)r->members_used);
    regio_grid_set_int(g, k, j++, (long long)r->members_total);
    regio_grid_set_text(g, k, j++, pick(c, r->finding_zh, r->finding_en));
    regio_grid_set_text(g, k, j++, pick(c, r->needs_zh, r->needs_en));
    regio_grid_set_text(g, k, j++, pick(c, r->note_zh, r->note_en));
    regio_grid_set_text(g, k, j++, "target");
    regio_grid_set_text(g, k, FULL_TYPE + 3, r->latest_bound ? (r->latest_bound > 0 ? ">=" : "<=") : NULL);
}

/* The monitored indicators in the terminal: baseline, latest, pace and status, then their findings. */
static int write_trends(cli *c, const regio_track_list *l, const unsigned char *keep) {
    const regio_plan *p = c->plan;
    const regio_column cols[] = {
        {"code", TR(c, "编码", "code"), REGIO_COL_TEXT, 0}, {"name", TR(c, "指标", "indicator"), REGIO_COL_TEXT, 0},
        {"baseline", TR(c, "基期", "baseline"), REGIO_COL_TEXT, 0}, {"latest", TR(c, "最新", "latest"), REGIO_COL_TEXT, 0},
        {"cagr", TR(c, "年均增速 %", "CAGR %/yr"), REGIO_COL_NUM, 2}, {"change", TR(c, "年均变化", "change/yr"), REGIO_COL_NUM, 2},
        {"trend", TR(c, "方向", "direction"), REGIO_COL_TEXT, 0}, {"status", TR(c, "状态", "status"), REGIO_COL_TEXT, 0},
    };
    size_t shown = 0;
    for (size_t i = 0; i < l->ntrends; i++) shown += keep[i];
    if (!shown) return CLI_OK;
    regio_grid *g = regio_grid_new(cols, N(cols));
    if (!g) return CLI_INTERNAL;
    for (size_t i = 0; i < l->ntrends; i++) {
        if (!keep[i]) continue;
        const regio_track_trend *r = &l->trends[i];
        const regio_monitor *m = &p->monitors[r->monitor];
        const regio_indicator *x = &p->indicators[m->indicator];
        long row = regio_grid_add_row(g);
        if (row < 0) break;
        size_t k = (size_t)row;
        char base[96], last[96];
        const char *sp = strcmp(x->unit, "%") == 0 ? "" : " ";
        snprintf(base, sizeof base, "%d: %.6g%s%s", r->baseline_year, r->baseline_value, sp, x->unit);
        snprintf(last, sizeof last, "%d: %.6g%s%s", r->latest_year, r->latest_value, sp, x->unit);
        regio_grid_set_text(g, k, 0, m->code);
        regio_grid_set_text(g, k, 1, cli_name(c, m->name_zh, m->name_en));
        regio_grid_set_text(g, k, 2, r->baseline_year ? base : NULL);
        regio_grid_set_text(g, k, 3, r->latest_year ? last : NULL);
        regio_grid_set_num(g, k, 4, r->cagr);
        regio_grid_set_num(g, k, 5, r->change_per_year);
        regio_grid_set_text(g, k, 6, !r->latest_year ? NULL : r->change_sign > 0 ? TR(c, "上升", "rising")
                                     : r->change_sign < 0 ? TR(c, "下降", "falling") : TR(c, "持平", "unchanged"));
        regio_grid_set_text(g, k, 7, regio_track_trend_label(r->category, c->lang));
    }
    fprintf(c->out, "\n");
    int rc = cli_write_grid(c, g, TR(c, "监测指标（规划未设量化目标：按变化方向和速度评价，不作达标预警）",
                                     "monitored indicators (no quantified target in the plan: judged on the direction and pace of change, no warning colour)"));
    regio_grid_free(g);
    if (rc) return rc;
    for (size_t i = 0; i < l->ntrends; i++) {
        if (!keep[i]) continue;
        const regio_track_trend *r = &l->trends[i];
        fprintf(c->out, "\n%s: %s\n", p->monitors[r->monitor].code, pick(c, r->finding_zh, r->finding_en));
        const char *nd = pick(c, r->needs_zh, r->needs_en);
        if (nd) fprintf(c->out, "  %s\n", nd);
    }
    return CLI_OK;
}

/* The terminal table: the essentials per target, then each target's finding (and what data would answer it). */
static int write_table(cli *c, const regio_track_list *l, const unsigned char *keep) {
    const regio_plan *p = c->plan;
    const regio_column cols[] = {
        {"code", TR(c, "编码", "code"), REGIO_COL_TEXT, 0}, {"name", TR(c, "目标", "target"), REGIO_COL_TEXT, 0},
        {"target", TR(c, "目标值", "target"), REGIO_COL_TEXT, 0}, {"baseline", TR(c, "基期", "baseline"), REGIO_COL_TEXT, 0},
        {"latest", TR(c, "最新", "latest"), REGIO_COL_TEXT, 0}, {"required", TR(c, "需年均", "required/yr"), REGIO_COL_NUM, 2},
        {"actual", TR(c, "实际年均", "actual/yr"), REGIO_COL_NUM, 2}, {"rate_unit", TR(c, "单位", "rate unit"), REGIO_COL_TEXT, 0},
        {"ratio", TR(c, "比率", "ratio"), REGIO_COL_NUM, 2}, {"projected", TR(c, "趋势外推", "projected"), REGIO_COL_NUM, 2},
        {"year_reached", TR(c, "达标年", "reached"), REGIO_COL_INT, 0}, {"coverage", TR(c, "覆盖", "coverage"), REGIO_COL_TEXT, 0},
        {"warning", TR(c, "预警", "warning"), REGIO_COL_TEXT, 0},
    };
    regio_grid *g = regio_grid_new(cols, N(cols));
    if (!g) return CLI_INTERNAL;
    for (size_t i = 0; i < l->n; i++) {
        if (!keep[i]) continue;
        const regio_track_result *r = &l->items[i];
        const regio_target *t = &p->targets[r->target];
        const regio_track_eval *e = &r->eval;
        long row = regio_grid_add_row(g);
        if (row < 0) break;
        size_t k = (size_t)row;
        char tg[96], base[96] = "", last[96] = "", ru[64], cov[32];
        char tt[80];
        regio_track_target_text(p, r, c->lang, tt, sizeof tt);
        snprintf(tg, sizeof tg, "%s (%d)", tt, t->target_year);
        if (e->baseline_year && !isnan(e->baseline_value)) snprintf(base, sizeof base, "%d: %.6g", e->baseline_year, e->baseline_value);
        else if (e->baseline_year) snprintf(base, sizeof base, "%d", e->baseline_year);
        if (e->latest_year) snprintf(last, sizeof last, "%d: %s%.6g", e->latest_year, regio_bound_sign(r->latest_bound), e->latest_value);
        regio_track_rate_unit(p, r, c->lang, ru, sizeof ru);
        snprintf(cov, sizeof cov, "%zu/%zu%s", r->members_used, r->members_total, r->complete ? "" : "*");
        regio_grid_set_text(g, k, 0, t->code); regio_grid_set_text(g, k, 1, cli_name(c, t->name_zh, t->name_en));
        regio_grid_set_text(g, k, 2, tg); regio_grid_set_text(g, k, 3, e->baseline_year ? base : NULL);
        regio_grid_set_text(g, k, 4, e->latest_year ? last : NULL); regio_grid_set_num(g, k, 5, e->required_rate);
        regio_grid_set_num(g, k, 6, e->actual_rate); regio_grid_set_text(g, k, 7, ru); regio_grid_set_num(g, k, 8, e->ratio);
        regio_grid_set_num(g, k, 9, e->projected_value);
        if (e->year_reached) regio_grid_set_int(g, k, 10, e->year_reached);
        regio_grid_set_text(g, k, 11, r->nseries ? cov : NULL);
        regio_grid_set_text(g, k, 12, regio_track_warning_label(regio_track_warning_of(e->category), c->lang));
    }
    char title[160];
    if (l->as_of) snprintf(title, sizeof title, TR(c, "规划目标进展（数据截至 %d年）", "progress of the plan's targets (data up to %d)"), l->as_of);
    else snprintf(title, sizeof title, "%s", TR(c, "规划目标进展", "progress of the plan's targets"));
    int rc = cli_write_grid(c, g, title);
    regio_grid_free(g);
    if (rc) return rc;
    fprintf(c->out, "%s\n", TR(c, "（* 成员数据不全的年份列出但不参与评估）", "(* members incomplete in the latest year: such years are listed, not assessed)"));
    for (size_t i = 0; i < l->n; i++) {
        if (!keep[i]) continue;
        const regio_track_result *r = &l->items[i];
        fprintf(c->out, "\n%s: %s\n", p->targets[r->target].code, pick(c, r->finding_zh, r->finding_en));
        const char *nd = pick(c, r->needs_zh, r->needs_en), *no = pick(c, r->note_zh, r->note_en);
        if (nd) fprintf(c->out, "  %s\n", nd);
        if (no) fprintf(c->out, "  %s\n", no);
    }
    return CLI_OK;
}

int cmd_targets(cli *c, int argc, char **argv) {
    const char *pos[1], *group_s = NULL, *year_s = NULL, *vintage_s = NULL;
    size_t npos;
    int across = 0;
    const cli_opt opts[] = {
        {"--group", OPT_STR, &group_s, "CODE|NAME", "只列出该组或地区的目标（及监测指标；编码或名称）", "only targets (and monitored indicators) of this group or region (code or name)"},
        {"--year", OPT_STR, &year_s, "Y", "按截至 Y 年的数据评估（默认：全部数据）", "assess as of year Y: only data up to Y (default: all data)"},
        {"--vintage", OPT_STR, &vintage_s, "latest|first", "修订过的数据用最新发布（默认）还是首次发布的版本",
         "for revised figures, use the latest release (default) or the first"},
        {"--across-breaks", OPT_FLAG, &across, NULL, "目标的基期到最新年份跨越序列断点（breaks.csv，如经济普查修订）时仍然评估，并在结果旁注明（默认不评估）",
         "assess a target even when its baseline-to-latest span crosses a series break (breaks.csv, e.g. the economic-census revision), and say so next to the result (default: not assessed)"},
    };
    CLI_PARSE(c, "targets", argc, argv, opts, N(opts), pos, 0, &npos);
    int as_of = 0, rc;
    regio_vintage vintage;
    if (year_s && (rc = cli_year(c, year_s, &as_of))) return rc;
    if ((rc = cli_vintage(c, vintage_s, &vintage))) return rc;
    if ((rc = cli_open(c))) return rc;
    const regio_plan *p = c->plan;
    if (group_s) {
        /* by code or name; targets are scoped by code */
        int is_group;
        size_t k;
        if ((rc = cli_region_or_group(c, group_s, &is_group, &k))) return rc;
        group_s = is_group ? p->groups[k].code : p->regions[k].code;
    }
    regio_error err;
    regio_error_clear(&err);
    regio_track_list *l = NULL;
    if (regio_track_targets_across(c->st, p, as_of, vintage, across, &l, &err)) return cli_fail(c, &err);
    unsigned char *keep = calloc(l->n ? l->n : 1, 1), *keep_m = calloc(l->ntrends ? l->ntrends : 1, 1);
    if (!keep || !keep_m) { free(keep); free(keep_m); regio_track_list_free(l); return CLI_INTERNAL; }
    for (size_t i = 0; i < l->n; i++) keep[i] = !group_s || strcmp(group_s, p->targets[l->items[i].target].scope) == 0;
    for (size_t i = 0; i < l->ntrends; i++) keep_m[i] = !group_s || strcmp(group_s, p->monitors[l->trends[i].monitor].scope) == 0;
    if (c->fmt == REGIO_FMT_JSON) {
        /* the one encoder of tracking results (regio/json_results.h), also the server's */
        json_t *root = regio_json_track_list(p, l, group_s, c->lang);
        rc = !root ? CLI_INTERNAL : regio_json_dump(root, c->out, &err) ? cli_fail(c, &err) : CLI_OK;
        json_decref(root);
    } else if (c->fmt == REGIO_FMT_TABLE) {
        rc = write_table(c, l, keep);
        if (!rc) rc = write_trends(c, l, keep_m);
    } else {
        regio_grid *g = regio_grid_new(FULL, N(FULL));
        for (size_t i = 0; g && i < l->n; i++) {
            if (!keep[i]) continue;
            long row = regio_grid_add_row(g);
            if (row < 0) break;
            full_row(c, g, (size_t)row, &l->items[i]);
        }
        for (size_t i = 0; g && i < l->ntrends; i++) {
            if (!keep_m[i]) continue;
            long row = regio_grid_add_row(g);
            if (row < 0) break;
            trend_row(c, g, (size_t)row, &l->trends[i]);
        }
        rc = g ? cli_write_grid(c, g, NULL) : CLI_INTERNAL;
        regio_grid_free(g);
    }
    /* a group whose membership regio derived (regio groups derive) says how, after the targets that use it */
    unsigned char *used = calloc(p->ngroups ? p->ngroups : 1, 1);
    for (size_t i = 0; used && i < l->n; i++)
        if (keep[i] && p->targets[l->items[i].target].scope_group >= 0) used[p->targets[l->items[i].target].scope_group] = 1;
    if (!rc) rc = used ? cli_note_derived_groups(c, used) : CLI_INTERNAL;
    free(used);
    free(keep);
    free(keep_m);
    regio_track_list_free(l);
    return rc;
}
