/* report_build.c — regio_report_build: the report's frame (title, year, version, checksum, outlines) and its
 * first two sections, the overview with the block map and the targets table. Each section comes from the same
 * library calls the commands use (regio_track_targets for the targets). The other sections live in
 * report_gaps.c, report_maps.c and report_data.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "regio/group_derive.h"
#include "regio/hash.h"
#include "regio/track_store.h"
#include "report/report_internal.h"

static const char *const BLOCK_COLORS[] = {"#e6a157", "#7fb77e", "#8fa8d8", "#d88fb8", "#c9c36a", "#9ad0cf"};
#define NBLOCK_COLORS (sizeof BLOCK_COLORS / sizeof BLOCK_COLORS[0])

static int has_county(const regio_group *g, size_t region) {
    size_t lo = 0, hi = g->ncounties;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (g->counties[mid] == region) return 1;
        if (g->counties[mid] < region) lo = mid + 1;
        else hi = mid;
    }
    return 0;
}

int regio__report_sec_overview(regio_report *r, regio_store *st, const regio_plan *plan, const regio_map_shapes *county,
                     regio_error *err) {
    regio__report_section(r, "overview", RTR(r, "规划区域与板块概览", "The plan's regions and blocks"));
    size_t nlevel[3] = {0};
    for (size_t i = 0; i < plan->nregions; i++) nlevel[plan->regions[i].level]++;
    size_t blocks[NBLOCK_COLORS], nb = 0;
    for (size_t g = 0; g < plan->ngroups && nb < NBLOCK_COLORS; g++)
        if (plan->groups[g].kind == REGIO_GROUP_BLOCK) blocks[nb++] = g;
    long root = regio_plan_root(plan);
    regio__report_covered(r, RTR(r, "%s：%zu 个省级、%zu 个州市、%zu 个县级地区，%zu 个板块，%zu 个量化目标。",
                       "%s: %zu province, %zu prefectures, %zu counties, %zu blocks, %zu quantified targets."),
                root >= 0 ? regio_region_name(&plan->regions[root], r->lang) : "—", nlevel[0], nlevel[1], nlevel[2], nb, plan->ntargets);
    regio__report_para(r, RTR(r, "规划的板块可以重叠：一个县可同时属于两个板块。下图按板块着色，属于两个板块的县加斜线表示；表中列出各板块的成员数。",
                    "The plan's blocks may overlap: a county can belong to two blocks. The map colours counties by block and hatches those in "
                    "two blocks; the table lists each block's members."));
    long t = regio__report_table_new(r, "blocks", "板块", "blocks"); /* names only: the codes are in the annex */
    regio__report_col(r, t, "name", "名称", "name", "", REGIO_RCOL_TEXT, 0);
    regio__report_col(r, t, "members", "规划所列成员", "members as stated", "个", REGIO_RCOL_INT, 0);
    regio__report_col(r, t, "counties", "县级单位", "counties", "个", REGIO_RCOL_INT, 0);
    regio__report_col(r, t, "shared", "与其他板块共有的县", "counties shared with another block", "个", REGIO_RCOL_INT, 0);
    for (size_t b = 0; b < nb; b++) {
        const regio_group *g = &plan->groups[blocks[b]];
        size_t shared = 0;
        for (size_t k = 0; k < g->ncounties; k++)
            for (size_t o = 0; o < nb; o++)
                if (o != b && has_county(&plan->groups[blocks[o]], g->counties[k])) { shared++; break; }
        long row = regio__report_row(r, t);
        regio__report_set_text(r, t, row, 0, r->lang == REGIO_LANG_ZH ? g->name_zh : g->name_en);
        regio__report_set_num(r, t, row, 1, (double)g->nmembers);
        regio__report_set_num(r, t, row, 2, (double)g->ncounties);
        regio__report_set_num(r, t, row, 3, (double)shared);
    }
    if (!county) {
        regio__report_para(r, RTR(r, "（没有边界数据，地图从略。）", "(No boundaries in the database: the map is left out.)"));
        regio__report_table_block(r, t);
        return REGIO_OK;
    }
    const char **fill = calloc(county->n + 1, sizeof *fill), **tip = calloc(county->n + 1, sizeof *tip);
    int *hatch = calloc(county->n + 1, sizeof *hatch);
    char **tipbuf = calloc(county->n + 1, sizeof *tipbuf);
    regio_svg *s = regio_svg_new();
    int rc = REGIO_OK;
    if (!fill || !tip || !hatch || !tipbuf || !s) { rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); goto out; }
    for (size_t u = 0; u < county->n; u++) {
        long reg = regio_plan_region(plan, county->ids[u]);
        if (reg < 0) continue;
        char names[256] = "";
        int count = 0;
        for (size_t b = 0; b < nb; b++)
            if (has_county(&plan->groups[blocks[b]], (size_t)reg)) {
                if (!count) fill[u] = BLOCK_COLORS[b];
                size_t len = strlen(names);
                snprintf(names + len, sizeof names - len, "%s%s", count ? " + " : "",
                         r->lang == REGIO_LANG_ZH ? plan->groups[blocks[b]].name_zh : plan->groups[blocks[b]].name_en);
                count++;
            }
        hatch[u] = count > 1;
        char buf[400];
        snprintf(buf, sizeof buf, "%s %s: %s", county->ids[u], regio_region_name(&plan->regions[reg], r->lang), count ? names : "—");
        tipbuf[u] = strdup(buf);
        tip[u] = tipbuf[u];
    }
    regio_legend_item items[NBLOCK_COLORS + 1];
    size_t nl = 0;
    for (size_t b = 0; b < nb; b++, nl++)
        items[nl] = (regio_legend_item){BLOCK_COLORS[b], r->lang == REGIO_LANG_ZH ? plan->groups[blocks[b]].name_zh : plan->groups[blocks[b]].name_en, 0};
    items[nl++] = (regio_legend_item){"#ffffff", RTR(r, "属于两个板块", "in two blocks"), 1};
    regio_map_opts mo = {.width = 680, .height = 560, .title = RTR(r, "板块分布（县级）", "blocks (counties)"), .fill = fill, .hatch = hatch,
                         .tooltip = tip, .legend = items, .nlegend = nl, .legend_title = RTR(r, "板块", "block"), .id_prefix = "blocks",
                         .lang = r->lang};
    if ((rc = regio_svg_map(s, county, &mo, err))) goto out;
    regio__report_htmlf(r, "<figure class=\"map\" id=\"block-map\">%s</figure>", s->buf);
    regio__report_table_block(r, t);
out:
    for (size_t u = 0; tipbuf && u < county->n; u++) free(tipbuf[u]);
    free(tipbuf); free(fill); free(tip); free(hatch);
    regio_svg_free(s);
    (void)st;
    return rc;
}

int regio__report_sec_targets(regio_report *r, regio_store *st, const regio_plan *plan, regio_error *err) {
    regio__report_section(r, "targets", RTR(r, "规划目标进展与预警", "Progress of the plan's targets"));
    regio_track_list *l = NULL;
    int rc = regio_track_targets(st, plan, r->year, &l, err);
    if (rc) return rc;
    size_t cat[6] = {0};
    for (size_t i = 0; i < l->n; i++) cat[l->items[i].eval.category]++;
    regio__report_covered(r, RTR(r, "规划全部 %zu 个量化目标，数据截至 %d 年；“数据年份”为各目标最新数据所属年份。方法：CAGR 比值法与线性外推（见“数据与方法”）。",
                       "all %zu quantified targets of the plan, data up to %d; \"as of\" is the year of each target's latest figure. Method: CAGR ratio and linear projection (see \"Data and methods\")."),
                l->n, r->year);
    char line[512];
    snprintf(line, sizeof line,
             RTR(r, "已达成 %zu 个，进展顺利 %zu 个，需加快 %zu 个，进展不足 %zu 个，背离 %zu 个，无数据 %zu 个。",
                 "met %zu, on track %zu, moderate progress %zu, insufficient %zu, moving away %zu, no data %zu."),
             cat[REGIO_TRACK_MET], cat[REGIO_TRACK_ON_TRACK], cat[REGIO_TRACK_MODERATE], cat[REGIO_TRACK_INSUFFICIENT],
             cat[REGIO_TRACK_MOVING_AWAY], cat[REGIO_TRACK_NO_DATA]);
    regio__report_para(r, line);
    /* the body's table: what a reader needs on A4; codes and the data each grey target needs are in the annex */
    long t = regio__report_table_new(r, "targets", "规划目标", "targets");
    regio__report_col(r, t, "name", "目标", "target", "", REGIO_RCOL_TEXT, 0);
    regio__report_col(r, t, "unit", "单位", "unit", "", REGIO_RCOL_TEXT, 0);
    regio__report_col(r, t, "target", "目标值", "target value", "", REGIO_RCOL_TEXT, 0);
    regio__report_col(r, t, "target_year", "目标年", "target year", "", REGIO_RCOL_INT, 0);
    regio__report_col(r, t, "baseline_year", "基期年", "baseline year", "", REGIO_RCOL_INT, 0);
    regio__report_col(r, t, "baseline_value", "基期值", "baseline", "", REGIO_RCOL_NUM, 2);
    regio__report_col(r, t, "latest_year", "数据年份", "as of", "", REGIO_RCOL_INT, 0);
    regio__report_col(r, t, "latest_value", "最新值", "latest", "", REGIO_RCOL_NUM, 2);
    regio__report_col(r, t, "cagr_ratio", "CAGR 比值", "CAGR ratio", "", REGIO_RCOL_NUM, 2);
    regio__report_col(r, t, "projected_value", "目标年趋势外推", "trend in the target year", "", REGIO_RCOL_NUM, 2);
    regio__report_col(r, t, "status", "进展", "status", "", REGIO_RCOL_TEXT, 0);
    regio__report_col(r, t, "warning", "预警", "warning", "", REGIO_RCOL_TEXT, 0);
    regio__report_col(r, t, "finding", "说明", "finding", "", REGIO_RCOL_TEXT, 0);
    long ta = regio__report_table_new(r, "target_codes", "目标编码与所需数据", "target codes and the data each needs");
    regio__report_col(r, ta, "code", "编码", "code", "", REGIO_RCOL_TEXT, 0);
    regio__report_col(r, ta, "name", "目标", "target", "", REGIO_RCOL_TEXT, 0);
    regio__report_col(r, ta, "scope", "范围编码", "scope code", "", REGIO_RCOL_TEXT, 0);
    regio__report_col(r, ta, "indicator", "指标编码", "indicator code", "", REGIO_RCOL_TEXT, 0);
    regio__report_col(r, ta, "needs", "所需数据", "data needed", "", REGIO_RCOL_TEXT, 0);
    regio__report_col(r, ta, "note", "计算说明", "how it is computed", "", REGIO_RCOL_TEXT, 0);
    for (size_t i = 0; i < l->n; i++) {
        const regio_track_result *x = &l->items[i];
        const regio_target *tg = &plan->targets[x->target];
        long row = regio__report_row(r, t);
        char tv[96];
        regio_track_target_text(plan, x, r->lang, tv, sizeof tv);
        regio__report_set_text(r, t, row, 0, r->lang == REGIO_LANG_ZH ? tg->name_zh : tg->name_en);
        regio__report_set_text(r, t, row, 1, regio_track_unit(plan, x, r->lang));
        regio__report_set_text(r, t, row, 2, tv);
        regio__report_set_num(r, t, row, 3, tg->target_year);
        regio__report_set_num(r, t, row, 4, x->eval.baseline_year ? x->eval.baseline_year : NAN);
        regio__report_set_num(r, t, row, 5, x->eval.baseline_value);
        regio__report_set_num(r, t, row, 6, x->eval.latest_year ? x->eval.latest_year : NAN);
        regio__report_set_num(r, t, row, 7, x->eval.latest_year ? x->eval.latest_value : NAN);
        if (x->eval.latest_year && x->latest_bound) regio__report_set_text(r, t, row, 7, regio_bound_sign(x->latest_bound)); /* "≥95.00", as the CLI */
        regio__report_set_num(r, t, row, 8, x->eval.ratio);
        regio__report_set_num(r, t, row, 9, x->eval.category == REGIO_TRACK_NO_DATA ? NAN : x->eval.projected_value);
        regio__report_set_text(r, t, row, 10, regio_track_category_label(x->eval.category, r->lang));
        regio_track_warning w = regio_track_warning_of(x->eval.category);
        regio__report_set_text(r, t, row, 11, regio_track_warning_label(w, r->lang));
        regio__report_set_text(r, t, row, 12, r->lang == REGIO_LANG_ZH ? x->finding_zh : x->finding_en);
        char cls[32];
        snprintf(cls, sizeof cls, "warn-%s", regio_track_warning_name(w));
        regio__report_row_class(r, t, row, cls);
        long q = regio__report_row(r, ta);
        regio__report_set_text(r, ta, q, 0, tg->code);
        regio__report_set_text(r, ta, q, 1, r->lang == REGIO_LANG_ZH ? tg->name_zh : tg->name_en);
        regio__report_set_text(r, ta, q, 2, tg->scope);
        regio__report_set_text(r, ta, q, 3, tg->indicator >= 0 ? plan->indicators[tg->indicator].code : "");
        regio__report_set_text(r, ta, q, 4, r->lang == REGIO_LANG_ZH ? x->needs_zh : x->needs_en);
        regio__report_set_text(r, ta, q, 5, r->lang == REGIO_LANG_ZH ? x->note_zh : x->note_en);
    }
    regio__report_table_block(r, t);
    /* a group whose membership regio derived (regio groups derive: the 1-hour 昆明都市圈) says how, as the CLI does */
    unsigned char *seen = calloc(plan->ngroups ? plan->ngroups : 1, 1);
    if (!seen) { regio_track_list_free(l); return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); }
    for (size_t i = 0; i < l->n && !rc; i++) {
        long g = plan->targets[l->items[i].target].scope_group;
        if (g < 0 || seen[g]) continue;
        seen[g] = 1;
        regio_group_derivation *d = NULL;
        if ((rc = regio_store_load_derivation(st, plan->groups[g].code, &d, err)) || !d) continue;
        const regio_group *gr = &plan->groups[g];
        /* the centre by name, the network or OD file by its file name: no codes or paths in the body */
        char centre[600] = "", how[1600];
        size_t cl = 0;
        for (const char *c = d->centre; c && *c && cl < sizeof centre;) {
            size_t n = strcspn(c, ",");
            char code[64];
            snprintf(code, sizeof code, "%.*s", (int)(n < 63 ? n : 63), c);
            long k = regio_plan_region(plan, code);
            cl += (size_t)snprintf(centre + cl, sizeof centre - cl, "%s%s", cl ? RTR(r, "、", ", ") : "", k >= 0 ? regio_region_name(&plan->regions[k], r->lang) : code);
            c += n + (c[n] == ',');
        }
        const char *src = d->source ? strrchr(d->source, '/') : NULL;
        src = src ? src + 1 : d->source ? d->source : "";
        const char *gn = r->lang == REGIO_LANG_ZH ? gr->name_zh : gr->name_en;
        if (r->lang == REGIO_LANG_ZH && d->approx)
            snprintf(how, sizeof how, "%s的成员不是规划列出的，而是由 regio 计算（%s）：距%s %g 分钟以内，按直线距离近似——不是通行时间；共 %zu 个成员。", gn,
                     d->derived_at, centre, d->within, gr->nmembers);
        else if (r->lang == REGIO_LANG_ZH)
            snprintf(how, sizeof how, "%s的成员不是规划列出的，而是由 regio 计算（%s）：在 %s 上距%s %g 分钟通行时间以内；共 %zu 个成员。", gn, d->derived_at, src,
                     centre, d->within, gr->nmembers);
        else if (d->approx)
            snprintf(how, sizeof how, "%s: its members are not listed by the plan but computed by regio (%s): within %g minutes of %s by a straight-line "
                     "approximation — not a travel time; %zu members.", gn, d->derived_at, d->within, centre, gr->nmembers);
        else
            snprintf(how, sizeof how, "%s: its members are not listed by the plan but computed by regio (%s): within %g minutes' travel of %s on %s; %zu members.",
                     gn, d->derived_at, d->within, centre, src, gr->nmembers);
        regio__report_para(r, how);
        regio_group_derivation_free(d);
    }
    free(seen);
    if (rc) { regio_track_list_free(l); return rc; }
    /* indicators the plan monitors without a quantified target: direction and pace of change, no colour */
    if (l->ntrends) {
        regio__report_para(r, RTR(r, "以下指标规划只给出基期水平、没有量化目标，按基期以来变化的方向和速度评价，不给预警颜色：",
                        "The plan gives only a baseline level for the following indicators, no quantified target: they are judged on the direction and pace "
                        "of change since the baseline, with no warning colour:"));
        long tm = regio__report_table_new(r, "monitored", "无量化目标的监测指标", "indicators monitored without a target");
        regio__report_col(r, tm, "name", "指标", "indicator", "", REGIO_RCOL_TEXT, 0);
        regio__report_col(r, tm, "unit", "单位", "unit", "", REGIO_RCOL_TEXT, 0);
        regio__report_col(r, tm, "baseline_year", "基期年", "baseline year", "", REGIO_RCOL_INT, 0);
        regio__report_col(r, tm, "baseline_value", "基期值", "baseline", "", REGIO_RCOL_NUM, 2);
        regio__report_col(r, tm, "latest_year", "数据年份", "as of", "", REGIO_RCOL_INT, 0);
        regio__report_col(r, tm, "latest_value", "最新值", "latest", "", REGIO_RCOL_NUM, 2);
        regio__report_col(r, tm, "cagr", "年均变化", "change a year", "%", REGIO_RCOL_NUM, 2);
        regio__report_col(r, tm, "status", "变化评价", "status", "", REGIO_RCOL_TEXT, 0);
        regio__report_col(r, tm, "finding", "说明", "finding", "", REGIO_RCOL_TEXT, 0);
        for (size_t i = 0; i < l->ntrends; i++) {
            const regio_track_trend *x = &l->trends[i];
            const regio_monitor *m = &plan->monitors[x->monitor];
            long row = regio__report_row(r, tm);
            regio__report_set_text(r, tm, row, 0, r->lang == REGIO_LANG_ZH ? m->name_zh : m->name_en);
            regio__report_set_text(r, tm, row, 1, m->indicator >= 0 ? regio_unit_label(plan->indicators[m->indicator].unit, r->lang) : "");
            regio__report_set_num(r, tm, row, 2, x->baseline_year ? x->baseline_year : NAN);
            regio__report_set_num(r, tm, row, 3, x->baseline_year ? x->baseline_value : NAN);
            regio__report_set_num(r, tm, row, 4, x->latest_year ? x->latest_year : NAN);
            regio__report_set_num(r, tm, row, 5, x->latest_year ? x->latest_value : NAN);
            regio__report_set_num(r, tm, row, 6, x->cagr);
            regio__report_set_text(r, tm, row, 7, regio_track_trend_label(x->category, r->lang));
            regio__report_set_text(r, tm, row, 8, r->lang == REGIO_LANG_ZH ? x->finding_zh : x->finding_en);
            long q = regio__report_row(r, ta);
            regio__report_set_text(r, ta, q, 0, m->code);
            regio__report_set_text(r, ta, q, 1, r->lang == REGIO_LANG_ZH ? m->name_zh : m->name_en);
            regio__report_set_text(r, ta, q, 2, m->scope);
            regio__report_set_text(r, ta, q, 3, m->indicator >= 0 ? plan->indicators[m->indicator].code : "");
            regio__report_set_text(r, ta, q, 4, r->lang == REGIO_LANG_ZH ? x->needs_zh : x->needs_en);
        }
        regio__report_table_block(r, tm);
    }
    regio_track_list_free(l);
    return REGIO_OK;
}

static int latest_year(regio_store *st, const regio_plan *plan, int *year, regio_error *err) {
    int *years = NULL;
    size_t n = 0;
    int rc = regio_store_years(st, plan, -1, &years, &n, err);
    if (rc) return rc;
    *year = n ? years[n - 1] : 0;
    free(years);
    return n ? REGIO_OK : regio_error_set(err, REGIO_ENOTFOUND, "数据库中还没有观测值：先导入数据", "the database holds no observations yet: import data first");
}

int regio_report_build(regio_store *st, const regio_plan *plan, const regio_report_opts *o, regio_report **out,
                       regio_error *err) {
    *out = NULL;
    regio_report *r = calloc(1, sizeof *r);
    if (!r) return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
    regio_map_shapes *county = NULL, *pref = NULL;
    char *src2 = NULL;
    int rc = REGIO_OK;
    r->lang = o->lang;
    if (o->year > 0) r->year = o->year;
    else if ((rc = latest_year(st, plan, &r->year, err))) goto out;
    r->plan_name = strdup(plan->name ? plan->name : "");
    r->version = strdup(o->version ? o->version : "");
    char shown[512];
    regio_store_redact(o->db_path ? o->db_path : "", shown, sizeof shown); /* no password in a report */
    r->db_path = strdup(shown);
    char title[512];
    long root = regio_plan_root(plan);
    const char *who = root >= 0 ? regio_region_name(&plan->regions[root], r->lang) : plan->name ? plan->name : "";
    snprintf(title, sizeof title, RTR(r, "%s区域协调发展监测评估报告（%d 年）", "%s: regional coordinated development monitoring and assessment report, %d"),
             who, r->year);
    r->title = strdup(title);
    if (o->generated_at) r->generated_at = strdup(o->generated_at);
    else {
        char ts[64];
        time_t now = time(NULL);
        struct tm tmv;
        gmtime_r(&now, &tmv);
        strftime(ts, sizeof ts, "%Y-%m-%d %H:%M UTC", &tmv);
        r->generated_at = strdup(ts);
    }
    char hex[65] = "";
    /* the store file's fingerprint; a PostgreSQL store has no file to hash: "-" */
    if (o->db_path && regio_store_is_server(o->db_path)) snprintf(hex, sizeof hex, "-");
    else if (o->db_path && (rc = regio_sha256_file(o->db_path, hex, err))) goto out;
    r->db_sha256 = strdup(hex);
    if ((rc = regio__report_config_load(st, plan, o->plan_dir, &r->config, err))) goto out;
    const char *proj = r->config->projection;
    /* outlines: a report without them still has every table */
    regio_error gerr;
    regio_error_clear(&gerr);
    if (regio__report_shapes(st, plan, REGIO_LEVEL_COUNTY, o->boundaries, proj, &county, &r->geometry_source, &gerr)) {
        if (o->boundaries) { *err = gerr; rc = gerr.code; goto out; }
        char msg[REGIO_ERRMSG_MAX + 64];
        snprintf(msg, sizeof msg, "%s", regio_error_msg(&gerr, r->lang));
        r->geometry_source = strdup(msg);
    } else if (regio__report_shapes(st, plan, REGIO_LEVEL_PREFECTURE, o->boundaries, proj, &pref, &src2, &gerr)) {
        pref = NULL;
    }
    const rep_config *cf = r->config;
#define WANT(key) regio__report_config_wants(cf, key)
    if ((WANT("overview") && (rc = regio__report_sec_overview(r, st, plan, county, err))) || (WANT("targets") && (rc = regio__report_sec_targets(r, st, plan, err))) ||
        (WANT("gaps") && (rc = regio__report_sec_gaps(r, st, plan, err))) || (WANT("maps") && (rc = regio__report_sec_maps(r, st, plan, county, pref, o, err))) ||
        (WANT("evaluation") && (rc = regio__report_sec_evaluation(r, st, plan, county, o, err))) || (WANT("data") && ((rc = regio__report_sec_data(r, st, plan, o, err)) || (rc = regio__report_sources(r, st, err)))) ||
        (WANT("needs") && (rc = regio__report_sec_needs(r, st, plan, err))) || (WANT("annex_codes") && (rc = regio__report_sec_annex(r, st, plan, err))) || (WANT("summary") && (rc = regio__report_sec_summary(r, st, plan, err))))
        goto out;
#undef WANT
    regio__report_finish(r);
    if (r->failed || !r->title || !r->version || !r->db_sha256) rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
out:
    free(src2);
    regio_map_shapes_free(county);
    regio_map_shapes_free(pref);
    if (rc) regio_report_free(r);
    else *out = r;
    return rc;
}
