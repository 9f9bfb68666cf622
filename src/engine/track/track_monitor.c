/* track_monitor.c — the indicators a plan monitors without a quantified target (plan->monitors): their
 * series through the aggregation engine, with coverage, and a status that is only the direction and pace of
 * change since the baseline (the CAGR classified by regio_track_classify_trend, Open SDG's thresholds for
 * indicators without a target). Nothing here compares a value with a threshold: the plan states none, and
 * inventing one (the first version of the Yunnan plan's files read three 2020 baselines as 2025 targets) would
 * turn a record of the past into a promise. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "engine/track/track_internal.h"

#define L(lang, zh, en) REGIO_TR(lang, zh, en)

const char *regio_track_trend_name(regio_track_category c) {
    switch (c) {
    case REGIO_TRACK_ON_TRACK: return "significant_progress";
    case REGIO_TRACK_MODERATE: return "moderate_progress";
    case REGIO_TRACK_INSUFFICIENT: return "insufficient_progress";
    case REGIO_TRACK_MOVING_AWAY: return "moving_away";
    case REGIO_TRACK_MET: /* not a trend status; never produced for a monitored indicator */
    case REGIO_TRACK_NO_DATA: break;
    }
    return "no_data";
}

const char *regio_track_trend_label(regio_track_category c, regio_lang lang) {
    switch (c) {
    case REGIO_TRACK_ON_TRACK: return L(lang, "显著改善", "significant progress");
    case REGIO_TRACK_MODERATE: return L(lang, "温和改善", "moderate progress");
    case REGIO_TRACK_INSUFFICIENT: return L(lang, "改善不足", "insufficient progress");
    case REGIO_TRACK_MOVING_AWAY: return L(lang, "倒退", "moving away");
    case REGIO_TRACK_MET:
    case REGIO_TRACK_NO_DATA: break;
    }
    return L(lang, "无数据", "no data");
}

static const char *scope_name(const regio_plan *p, const regio_monitor *m, regio_lang lang) {
    if (m->scope_group >= 0) {
        const regio_group *g = &p->groups[m->scope_group];
        return lang == REGIO_LANG_ZH ? g->name_zh : g->name_en;
    }
    return regio_region_name(&p->regions[m->scope_region], lang);
}

static int is_points(const char *unit) { return strcmp(unit, "%") == 0 || strcmp(unit, "百分点") == 0; }

/* "90.0%", "75.26 岁" / "75.26 years" */
static void value_text(const regio_indicator *x, double v, regio_lang lang, char *buf, size_t cap) {
    int d = x->decimals < 0 ? 2 : x->decimals > 4 ? 4 : x->decimals;
    snprintf(buf, cap, "%.*f%s%s", d, v, strcmp(x->unit, "%") == 0 ? "" : " ", regio_unit_label(x->unit, lang));
}

static char *finding_text(const regio_plan *p, const regio_monitor *m, const regio_track_trend *r, regio_lang lang) {
    const regio_indicator *x = &p->indicators[m->indicator];
    const char *name = lang == REGIO_LANG_ZH ? m->name_zh : m->name_en, *S = scope_name(p, m, lang);
    const char *status = regio_track_trend_label(r->category, lang);
    char b[64], v[64], chg[64], pace[64];
    if (!r->baseline_year)
        return regio_asprintf(L(lang, "%s（%s）：%d年起无可用数据 → %s", "%s (%s): no usable data from %d on → %s"), name, S,
                       m->baseline_year, status);
    value_text(x, r->baseline_value, lang, b, sizeof b);
    if (!r->latest_year)
        return regio_asprintf(L(lang, "%s（%s）：%d年基期 %s，之后尚无可用数据 → %s", "%s (%s): baseline %d: %s, no usable data after it → %s"),
                       name, S, r->baseline_year, b, status);
    value_text(x, r->latest_value, lang, v, sizeof v);
    int d = x->decimals < 0 ? 2 : x->decimals > 3 ? 4 : x->decimals + 1;
    if (is_points(x->unit)) snprintf(chg, sizeof chg, L(lang, "%+.*f 个百分点/年", "%+.*f points a year"), d, r->change_per_year);
    else snprintf(chg, sizeof chg, L(lang, "%+.*f %s/年", "%+.*f %s a year"), d, r->change_per_year, regio_unit_label(x->unit, lang));
    if (isnan(r->cagr)) snprintf(pace, sizeof pace, "%s", L(lang, "复合增速无定义（基期值不为正）", "compound rate undefined (baseline not positive)"));
    else snprintf(pace, sizeof pace, L(lang, "年均 %+.2f%%", "%+.2f%% a year"), r->cagr);
    const char *dir = r->change_sign > 0 ? L(lang, "上升", "rising") : r->change_sign < 0 ? L(lang, "下降", "falling") : L(lang, "持平", "unchanged");
    return regio_asprintf(L(lang, "%s（%s）%d年：%s（%d年基期 %s）；%s（%s），%s → %s（无量化目标：按变化方向和速度评价）",
                     "%s (%s) %d: %s (baseline %d: %s); %s (%s), %s → %s (no quantified target: judged on the direction and pace of change)"),
                   name, S, r->latest_year, v, r->baseline_year, b, pace, chg, dir, status);
}

static char *needs_text(const regio_plan *p, const regio_monitor *m, const regio_track_trend *r, regio_lang lang) {
    const regio_indicator *x = &p->indicators[m->indicator];
    int y = r->baseline_year ? r->baseline_year : m->baseline_year;
    if (!r->baseline_year)
        return regio_asprintf(L(lang, "需要%s%d年及以后的%s（%s）数据", "needs %s from %d on: %s (%s)"), scope_name(p, m, lang), y,
                       lang == REGIO_LANG_ZH ? x->name_zh : x->name_en, x->code);
    return regio_asprintf(L(lang, "需要%s%d年以后的%s（%s）数据", "needs %s for a year after %d: %s (%s)"), scope_name(p, m, lang), y,
                   lang == REGIO_LANG_ZH ? x->name_zh : x->name_en, x->code);
}

static int track_one(const regio_plan *p, size_t mi, const int *years, const double *const *mats, size_t ny,
                     regio_track_trend *r, regio_error *err) {
    const regio_monitor *m = &p->monitors[mi];
    const regio_indicator *x = &p->indicators[m->indicator];
    r->monitor = mi;
    r->category = REGIO_TRACK_NO_DATA;
    r->cagr = r->change_per_year = r->baseline_value = r->latest_value = NAN;
    r->series = calloc(ny ? ny : 1, sizeof *r->series);
    if (!r->series) return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
    for (size_t k = 0; k < ny; k++) {
        track_pt v;
        int rc = regio__track_scope_value(p, m->scope_region, m->scope_group, mats[k], (size_t)m->indicator, &v, err);
        if (rc) return rc;
        if (isnan(v.value)) continue;
        regio_track_point *q = &r->series[r->nseries++];
        q->year = years[k];
        q->value = v.value;
        q->complete = v.complete;
        q->members_used = v.used;
        q->members_total = v.total;
        q->used = v.complete && years[k] >= m->baseline_year;
        if (!q->used) continue;
        r->npoints++;
        if (!r->baseline_year) { r->baseline_year = q->year; r->baseline_value = q->value; }
        else { r->latest_year = q->year; r->latest_value = q->value; }
    }
    if (r->nseries) {
        const regio_track_point *q = &r->series[r->nseries - 1];
        r->complete = q->complete;
        r->members_used = q->members_used;
        r->members_total = q->members_total;
    } else {
        r->members_total = m->scope_group >= 0 ? p->groups[m->scope_group].nmembers : 1;
    }
    if (r->latest_year) {
        double years_n = (double)(r->latest_year - r->baseline_year);
        r->change_per_year = (r->latest_value - r->baseline_value) / years_n;
        r->change_sign = r->latest_value > r->baseline_value ? 1 : r->latest_value < r->baseline_value ? -1 : 0;
        r->cagr = regio_track_cagr(r->baseline_value, r->latest_value, years_n);
        r->category = regio_track_classify_trend(r->cagr, x->direction == REGIO_DIR_LOWER ? -1 : 1);
    }
    for (int l = 0; l < 2; l++) {
        regio_lang lang = l ? REGIO_LANG_EN : REGIO_LANG_ZH;
        char *f = finding_text(p, m, r, lang), *nd = r->latest_year ? NULL : needs_text(p, m, r, lang);
        if (!f || (!r->latest_year && !nd)) { free(f); free(nd); return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); }
        if (l) { r->finding_en = f; r->needs_en = nd; }
        else { r->finding_zh = f; r->needs_zh = nd; }
    }
    return REGIO_OK;
}

int regio__track_monitors(const regio_plan *p, const int *years, const double *const *mats, size_t ny, regio_track_list *l,
                   regio_error *err) {
    l->trends = calloc(p->nmonitors ? p->nmonitors : 1, sizeof *l->trends);
    if (!l->trends) return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
    for (size_t i = 0; i < p->nmonitors; i++) {
        l->ntrends = i + 1;
        int rc = track_one(p, i, years, mats, ny, &l->trends[i], err);
        if (rc) return rc;
    }
    return REGIO_OK;
}
