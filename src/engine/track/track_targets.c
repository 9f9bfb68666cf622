/* track_targets.c — every target of a plan, tracked from year matrices: the series each target is measured by
 * (through the aggregation engine, with coverage), its assessment (track.c), and the one-line findings and
 * "which data would answer it" texts in Chinese and English. No database here: regio_track_targets
 * (src/analysis/track_store.c) reads the matrices. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "regio/aggregate.h"
#include "regio/qualifier.h"
#include "regio/track.h"
#include "engine/track/track_internal.h"

typedef track_pt pt;

#define L(lang, zh, en) REGIO_TR(lang, zh, en)

static int is_pct(const regio_indicator *x) { return strcmp(x->unit, "%") == 0; }

/* ---- values of a target's scope in one year ---- */

int regio__track_scope_value(const regio_plan *p, long scope_region, long scope_group, const double *m, size_t ind,
                      track_pt *out, regio_error *err) {
    regio_agg *a = NULL;
    int rc = scope_group >= 0 ? regio_aggregate_group(p, m, ind, (size_t)scope_group, &a, err)
                              : regio_aggregate_region(p, m, ind, (size_t)scope_region, &a, err);
    if (rc) return rc;
    out->value = a->value;
    out->complete = a->complete;
    if (scope_group < 0 && a->origin == REGIO_ORIGIN_PUBLISHED) out->used = out->total = 1;
    else { out->used = a->nused; out->total = a->nmembers; }
    if (scope_group >= 0 && p->groups[scope_group].nmembers == 0) out->value = NAN;
    regio_agg_free(a);
    return REGIO_OK;
}

static int scope_value(const regio_plan *p, const regio_target *t, const double *m, size_t ind, pt *out, regio_error *err) {
    return regio__track_scope_value(p, t->scope_region, t->scope_group, m, ind, out, err);
}

/* The level indicator a growth-rate indicator grows ("gdp" for "gdp_growth_real"), or -1. */
static long level_of_growth(const regio_plan *p, const regio_indicator *x);

long regio_track_growth_level(const regio_plan *p, size_t ind) {
    return ind < p->nindicators ? level_of_growth(p, &p->indicators[ind]) : -1;
}

static long level_of_growth(const regio_plan *p, const regio_indicator *x) {
    const char *at = strstr(x->code, "_growth");
    if (!at) return -1;
    char buf[128];
    size_t n = (size_t)(at - x->code);
    if (n == 0 || n >= sizeof buf) return -1;
    memcpy(buf, x->code, n);
    buf[n] = '\0';
    return regio_plan_indicator(p, buf);
}

/* "relation: A ≈ B" in the target's note: the two indicators whose difference the target tracks. */
static int relation_parts(const regio_plan *p, const regio_target *t, long *a, long *b) {
    *a = *b = -1;
    const char *s = t->note ? strstr(t->note, "relation:") : NULL;
    if (!s) return 0;
    s += strlen("relation:");
    char codes[2][128];
    for (int k = 0; k < 2; k++) {
        while (*s == ' ') s++;
        if (k == 1) {
            if (strncmp(s, "\xE2\x89\x88", 3) == 0) s += 3;
            else if (*s == '~') s++;
            else return 0;
            while (*s == ' ') s++;
        }
        size_t n = 0;
        while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9') || s[n] == '_') n++;
        if (n == 0 || n >= sizeof codes[k]) return 0;
        memcpy(codes[k], s, n);
        codes[k][n] = '\0';
        s += n;
    }
    *a = regio_plan_indicator(p, codes[0]);
    *b = regio_plan_indicator(p, codes[1]);
    return *a >= 0 && *b >= 0;
}

int regio_track_relation_parts(const regio_plan *p, const regio_target *t, long *a, long *b) {
    return relation_parts(p, t, a, b);
}

/* A group's real growth: the members' published growth rates weighted by their previous-year level. */
static int group_growth(const regio_plan *p, const regio_group *g, const double *m, const double *prev, size_t ind,
                        long level, pt *out) {
    regio_ksum sw = {0, 0}, swg = {0, 0};
    out->used = 0;
    out->total = g->nmembers;
    out->complete = g->nmembers > 0;
    for (size_t i = 0; i < g->nmembers; i++) {
        regio_origin o;
        int c1 = 0, c2 = 0;
        double gr = regio_aggregate_value(p, m, ind, g->members[i], &o, &c1);
        double w = prev && level >= 0 ? regio_aggregate_value(p, prev, (size_t)level, g->members[i], &o, &c2) : NAN;
        if (isnan(gr) || isnan(w) || !(w > 0)) { out->complete = 0; continue; }
        if (!c2) out->complete = 0;
        regio_ksum_add(&sw, w);
        regio_ksum_add(&swg, w * gr);
        out->used++;
    }
    out->value = out->used ? regio_ksum_value(&swg) / regio_ksum_value(&sw) : NAN;
    return REGIO_OK;
}

/* The value a target is measured by in year index k. */
static int target_point(const regio_plan *p, const regio_target *t, const regio_track_spec *spec, const int *years,
                        const double *const *mats, size_t k, pt *out, regio_error *err) {
    const double *m = mats[k];
    size_t ind = (size_t)t->indicator;
    const regio_indicator *x = &p->indicators[ind];
    out->value = NAN;
    out->complete = 0;
    out->used = out->total = 0;
    if (strcmp(t->kind, "share") == 0) {
        pt a, w;
        long root = regio_plan_root(p);
        if (root < 0) return regio_error_set(err, REGIO_EINVAL, "规划没有省级地区，无法计算比重", "the plan has no top region to take a share of");
        int rc = scope_value(p, t, m, ind, &a, err);
        regio_agg *wa = NULL;
        if (!rc) rc = regio_aggregate_region(p, m, ind, (size_t)root, &wa, err);
        if (rc) return rc;
        w.value = wa->value;
        w.complete = wa->complete;
        regio_agg_free(wa);
        *out = a;
        out->value = !isnan(a.value) && w.value != 0 && !isnan(w.value) ? 100.0 * a.value / w.value : NAN;
        out->complete = a.complete && w.complete && !isnan(out->value);
        return REGIO_OK;
    }
    if (spec->method == REGIO_TRACK_GROWTH && t->scope_group >= 0 && p->groups[t->scope_group].nmembers > 1) {
        const double *prev = k > 0 && years[k - 1] == years[k] - 1 ? mats[k - 1] : NULL;
        return group_growth(p, &p->groups[t->scope_group], m, prev, ind, level_of_growth(p, x), out);
    }
    int rc = scope_value(p, t, m, ind, out, err);
    if (rc) return rc;
    long ra, rb;
    if (isnan(out->value) && strcmp(t->kind, "relation") == 0 && relation_parts(p, t, &ra, &rb)) {
        pt a, b;
        if ((rc = scope_value(p, t, m, (size_t)ra, &a, err)) || (rc = scope_value(p, t, m, (size_t)rb, &b, err))) return rc;
        out->value = a.value - b.value;
        out->complete = a.complete && b.complete && !isnan(out->value);
        out->used = a.used < b.used ? a.used : b.used;
        out->total = a.total;
    }
    return REGIO_OK;
}

/* ---- specs ---- */

/* The baseline year of targets that state none: the year most targets of the plan state (2020 for the
 * Yunnan 14th five-year plan), else five years before the target year. */
static int plan_baseline_year(const regio_plan *p) {
    int best = 0, bestn = 0;
    for (size_t i = 0; i < p->ntargets; i++) {
        int y = p->targets[i].baseline_year, c = 0;
        if (!y) continue;
        for (size_t j = 0; j < p->ntargets; j++) c += p->targets[j].baseline_year == y;
        if (c > bestn || (c == bestn && y < best)) { best = y; bestn = c; }
    }
    return best;
}

static void make_spec(const regio_plan *p, const regio_target *t, int default_base, regio_track_spec *s) {
    const regio_indicator *x = &p->indicators[t->indicator];
    memset(s, 0, sizeof *s);
    s->comparator = t->comparator;
    s->target = t->value;
    s->tolerance = t->tolerance;
    s->target_year = t->target_year;
    s->baseline_year = t->baseline_year ? t->baseline_year : default_base ? default_base : t->target_year - 5;
    s->baseline_value = t->baseline_value;
    if (strcmp(t->kind, "growth") == 0) {
        if (is_pct(x)) s->method = REGIO_TRACK_GROWTH;
        else { s->method = REGIO_TRACK_COMPOUND; s->target_is_multiple = 1; }
    } else if (strcmp(t->kind, "share") == 0 || strcmp(t->kind, "count") == 0 || strcmp(t->kind, "relation") == 0 || is_pct(x)) {
        s->method = REGIO_TRACK_POINTS;
    } else {
        s->method = REGIO_TRACK_COMPOUND;
    }
}

/* ---- texts ---- */

/* the unit a target's level is stated in, in lang: % for shares, else the indicator's unit */
static const char *unit_of(const regio_plan *p, const regio_target *t, regio_lang lang) {
    if (strcmp(t->kind, "gap") == 0) /* a disparity: max/min is a multiple, the other measures have no unit */
        return strcmp(t->measure, "max_min") == 0 ? L(lang, "倍", "times") : "";
    return strcmp(t->kind, "share") == 0 ? "%" : regio_unit_label(p->indicators[t->indicator].unit, lang);
}

static int is_points_unit(const char *u) {
    return strcmp(u, "%") == 0 || strcmp(u, "百分点") == 0 || strcmp(u, "percentage points") == 0;
}

static int decimals_of(const regio_plan *p, const regio_target *t) {
    if (strcmp(t->kind, "share") == 0) return 2;
    if (strcmp(t->kind, "gap") == 0) return 4;
    int d = p->indicators[t->indicator].decimals;
    return d < 0 ? 2 : d > 4 ? 4 : d;
}

/* "61.47%", "7864.76 亿元" */
static void value_text(const regio_plan *p, const regio_target *t, double v, regio_lang lang, char *buf, size_t cap) {
    const char *u = unit_of(p, t, lang);
    if (isnan(v)) { snprintf(buf, cap, "—"); return; }
    snprintf(buf, cap, "%.*f%s%s", decimals_of(p, t), v, strcmp(u, "%") == 0 ? "" : " ", u);
}

void regio_track_rate_unit(const regio_plan *p, const regio_track_result *r, regio_lang lang, char *buf, size_t cap) {
    const regio_target *t = &p->targets[r->target];
    const char *u = unit_of(p, t, lang);
    if (r->eval.method != REGIO_TRACK_POINTS) snprintf(buf, cap, "%s", L(lang, "%/年", "%/yr"));
    else if (is_points_unit(u)) snprintf(buf, cap, "%s", L(lang, "百分点/年", "points/yr"));
    else if (!*u) snprintf(buf, cap, "%s", L(lang, "/年", "/yr"));
    else snprintf(buf, cap, L(lang, "%s/年", "%s/yr"), u);
}

/* "+8.23%", "+1.30 points", "+25.0 万人" */
static void rate_text(const regio_plan *p, const regio_target *t, regio_track_method m, double r, regio_lang lang,
                      char *buf, size_t cap) {
    const char *u = unit_of(p, t, lang);
    if (isnan(r)) snprintf(buf, cap, "—");
    else if (m != REGIO_TRACK_POINTS) snprintf(buf, cap, "%+.2f%%", r);
    else if (is_points_unit(u)) snprintf(buf, cap, L(lang, "%+.2f 个百分点", "%+.2f points"), r);
    else if (!*u) snprintf(buf, cap, "%+.*f", decimals_of(p, t), r);
    else snprintf(buf, cap, "%+.*f %s", decimals_of(p, t) + 1, r, u);
}

static const char *cmp_sign(regio_comparator c) { return c == REGIO_CMP_GE ? "≥" : c == REGIO_CMP_LE ? "≤" : "≈"; }

/* "≥68%", "≈2.7±0.05 倍", "≥9% a year", "×2 of the 2020 level" */
static void target_text(const regio_plan *p, const regio_target *t, const regio_track_result *r, regio_lang lang,
                        char *buf, size_t cap) {
    char v[64], tol[64] = "";
    if (r->is_gap) { /* "< 2020年水平（逐步缩小）", "< 0.9× the 2020 level" */
        const char *ml = regio_gap_measure_label((regio_gap_measure)regio_gap_measure_parse(t->measure), lang);
        int y = r->eval.baseline_year ? r->eval.baseline_year : r->spec.baseline_year;
        if (t->value == 1) snprintf(buf, cap, L(lang, "%s < %d年水平（逐步缩小）", "%s below its %d level (narrowing)"), ml, y);
        else if (lang == REGIO_LANG_ZH) snprintf(buf, cap, "%s < %d年水平的%g倍", ml, y, t->value);
        else snprintf(buf, cap, "%s below %g× its %d level", ml, t->value, y);
        return;
    }
    if (r->spec.target_is_multiple && !r->spec.baseline_year) { /* no baseline year stated */
        snprintf(buf, cap, L(lang, "基期水平的%g倍", "%g× the baseline level"), t->value);
        return;
    }
    if (r->spec.method == REGIO_TRACK_GROWTH) {
        snprintf(buf, cap, L(lang, "年均%s%g%%", "%s%g%% a year"), cmp_sign(t->comparator), t->value);
        return;
    }
    if (r->spec.target_is_multiple) {
        if (lang == REGIO_LANG_ZH) snprintf(buf, cap, "%d年水平的%g倍", r->spec.baseline_year, t->value);
        else snprintf(buf, cap, "%g× the %d level", t->value, r->spec.baseline_year);
        return;
    }
    const char *u = unit_of(p, t, lang);
    snprintf(v, sizeof v, "%g", t->value);
    if (t->comparator == REGIO_CMP_APPROX && !isnan(t->tolerance)) snprintf(tol, sizeof tol, "±%g", t->tolerance);
    snprintf(buf, cap, "%s%s%s%s%s", cmp_sign(t->comparator), v, tol, strcmp(u, "%") == 0 ? "" : " ", u);
}

void regio_track_target_text(const regio_plan *p, const regio_track_result *r, regio_lang lang, char *buf, size_t cap) {
    target_text(p, &p->targets[r->target], r, lang, buf, cap);
}

void regio_track_value_text(const regio_plan *p, const regio_track_result *r, double v, regio_lang lang, char *buf, size_t cap) {
    if (r->spec.method == REGIO_TRACK_GROWTH) {
        if (isnan(v)) snprintf(buf, cap, "—");
        else snprintf(buf, cap, "%.2f%%", v);
        return;
    }
    value_text(p, &p->targets[r->target], v, lang, buf, cap);
}

void regio_track_rate_text(const regio_plan *p, const regio_track_result *r, double rate, regio_lang lang, char *buf, size_t cap) {
    rate_text(p, &p->targets[r->target], r->eval.method, rate, lang, buf, cap);
}

const char *regio_track_unit(const regio_plan *p, const regio_track_result *r, regio_lang lang) {
    const regio_target *t = &p->targets[r->target];
    if (r->spec.method == REGIO_TRACK_GROWTH) return L(lang, "%/年", "% a year");
    if (r->is_gap) return unit_of(p, t, lang); /* the disparity's own unit: none, or 倍 for max/min */
    if (r->spec.target_is_multiple) return L(lang, "倍（基期水平）", "× baseline");
    return unit_of(p, t, lang);
}

static const char *scope_name(const regio_plan *p, const regio_target *t, regio_lang lang) {
    if (t->scope_group >= 0) {
        const regio_group *g = &p->groups[t->scope_group];
        return lang == REGIO_LANG_ZH ? g->name_zh : g->name_en;
    }
    return regio_region_name(&p->regions[t->scope_region], lang);
}

static const char *ind_name(const regio_indicator *x, regio_lang lang) { return lang == REGIO_LANG_ZH ? x->name_zh : x->name_en; }

/* Members of the target's group without a value in matrix m (codes and names, comma-separated). */
static char *missing_members(const regio_plan *p, const regio_target *t, const double *m, size_t ind, regio_lang lang) {
    if (t->scope_group < 0 || !m) return NULL;
    regio_agg *a = NULL;
    if (regio_aggregate_group(p, m, ind, (size_t)t->scope_group, &a, NULL)) return NULL;
    size_t cap = 1, len = 0;
    for (size_t i = 0; i < a->nmembers; i++) cap += 256;
    char *s = calloc(cap, 1);
    for (size_t i = 0; s && i < a->nmembers; i++) {
        if (a->members[i].used) continue;
        const regio_region *r = &p->regions[a->members[i].region];
        len += (size_t)snprintf(s + len, cap - len, "%s%s %s", len ? L(lang, "、", ", ") : "", r->code, regio_region_name(r, lang));
    }
    regio_agg_free(a);
    if (s && !*s) { free(s); s = NULL; }
    return s;
}

/* The data that would answer a target without an assessment, in lang. */
static char *needs_text(const regio_plan *p, const regio_target *t, const regio_track_result *r, const double *const *mats,
                        size_t nmats, regio_lang lang) {
    const regio_indicator *x = &p->indicators[t->indicator];
    const char *S = scope_name(p, t, lang);
    int y0 = r->eval.baseline_year ? r->eval.baseline_year : r->spec.baseline_year;
    if (t->scope_group >= 0 && p->groups[t->scope_group].nmembers == 0)
        return regio_asprintf(L(lang, "需要%s的成员名单（规划未列出），或直接发布的%s数据：%s（%s），%d–%d年",
                         "needs a membership for %s (the plan lists none), or figures published for %s itself: %s (%s), %d–%d"),
                       S, S, ind_name(x, lang), x->code, y0, t->target_year);
    long ra, rb;
    if (strcmp(t->kind, "relation") == 0 && relation_parts(p, t, &ra, &rb)) {
        const regio_indicator *a = &p->indicators[ra], *b = &p->indicators[rb];
        return regio_asprintf(L(lang, "需要%s的%s（%s）和%s（%s）%d–%d年数据，或直接的%s（%s）",
                         "needs, for %s, %s (%s) and %s (%s) for %d–%d, or %s (%s) directly"),
                       S, ind_name(a, lang), a->code, ind_name(b, lang), b->code, y0 + 1, t->target_year, ind_name(x, lang), x->code);
    }
    /* members without data in the latest year that has any value for the target */
    char *miss = NULL;
    size_t ind = (size_t)t->indicator;
    if (r->spec.method == REGIO_TRACK_GROWTH && t->scope_group >= 0) {
        long lv = level_of_growth(p, x);
        char *s = NULL;
        miss = missing_members(p, t, nmats ? mats[nmats - 1] : NULL, ind, lang);
        s = regio_asprintf(L(lang, "需要%s各成员%d–%d年的%s（%s），以及作为权重的上年%s（%s）；或直接发布的%s增速%s%s",
                         "needs, for the members of %s, %d–%d, %s (%s) and, as weights, the previous year's %s (%s); or a growth rate published for %s itself%s%s"),
                    S, y0 + 1, t->target_year, ind_name(x, lang), x->code, lv >= 0 ? ind_name(&p->indicators[lv], lang) : "—",
                    lv >= 0 ? p->indicators[lv].code : "—", S, miss ? L(lang, "；缺少数据的成员：", "; members without data: ") : "",
                    miss ? miss : "");
        free(miss);
        return s;
    }
    if (r->nseries && t->scope_group >= 0) {
        /* the matrix of the latest year in the series */
        miss = missing_members(p, t, mats[nmats - 1], ind, lang);
    }
    char parts[512] = "";
    if (x->agg == REGIO_AGG_RATIO) { /* a ratio is answered by its numerator and denominator too */
        const regio_indicator *a = &p->indicators[x->numerator], *b = &p->indicators[x->denominator];
        snprintf(parts, sizeof parts, L(lang, "，或%s（%s）与%s（%s）", ", or %s (%s) and %s (%s)"), ind_name(a, lang), a->code,
                 ind_name(b, lang), b->code);
    }
    char *s = regio_asprintf(L(lang, "需要%s%d年以后的%s（%s）数据%s%s%s%s", "needs %s for a year after %d: %s (%s)%s%s%s%s"), S, y0,
                      ind_name(x, lang), x->code, parts,
                      strcmp(t->kind, "share") == 0 ? L(lang, "（及全省合计）", " (and the province total)") : "",
                      miss ? L(lang, "；缺少数据的成员：", "; members without data: ") : "", miss ? miss : "");
    free(miss);
    return s;
}

static char *finding_text(const regio_plan *p, const regio_target *t, const regio_track_result *r, regio_lang lang) {
    const regio_track_eval *e = &r->eval;
    const char *name = lang == REGIO_LANG_ZH ? t->name_zh : t->name_en;
    char tg[128], val[64], req[64], act[64], rem[64];
    target_text(p, t, r, lang, tg, sizeof tg);
    regio_track_warning w = regio_track_warning_of(e->category);
    const char *wl = regio_track_warning_label(w, lang), *cl = regio_track_category_label(e->category, lang);
    if (e->category == REGIO_TRACK_NO_DATA) {
        char base[128] = "";
        if (e->baseline_year && !isnan(e->baseline_value)) {
            if (r->spec.method == REGIO_TRACK_GROWTH) snprintf(val, sizeof val, "%.1f%%", e->baseline_value);
            else value_text(p, t, e->baseline_value, lang, val, sizeof val);
            snprintf(base, sizeof base, L(lang, "（基期 %d年：%s%s）", " (baseline %d: %s%s)"), e->baseline_year, val,
                     e->baseline_stated ? L(lang, "，规划所述", ", as the plan states") : "");
        }
        return regio_asprintf(L(lang, "%s：%d年以后无可用数据%s（目标%s，%d年）→ %s（%s）", "%s: no usable data after %d%s (target %s by %d) → %s (%s)"),
                       name, e->baseline_year ? e->baseline_year : r->spec.baseline_year, base, tg, t->target_year, wl, cl);
    }
    if (r->spec.method == REGIO_TRACK_GROWTH) snprintf(val, sizeof val, L(lang, "年均 %.2f%%", "average %.2f%% a year"), e->actual_rate);
    else {
        char pv[56];
        value_text(p, t, e->latest_value, lang, pv, sizeof pv);
        snprintf(val, sizeof val, "%s%s", regio_bound_sign(r->latest_bound), pv);
    }
    if (e->category == REGIO_TRACK_MET)
        return regio_asprintf(L(lang, "%s %d年：%s（目标%s，%d年）→ %s（%s）", "%s %d: %s (target %s by %d) → %s (%s)"), name,
                       e->latest_year, val, tg, t->target_year, wl, cl);
    rate_text(p, t, e->method, e->required_rate, lang, req, sizeof req);
    rate_text(p, t, e->method, e->actual_rate, lang, act, sizeof act);
    rate_text(p, t, e->method, e->remaining_rate, lang, rem, sizeof rem);
    char more[160] = "";
    if (!isnan(e->remaining_rate) && t->target_year > e->latest_year)
        snprintf(more, sizeof more, L(lang, "；%d–%d年仍需每年 %s", "; %d–%d still needs %s a year"), e->latest_year + 1,
                 t->target_year, rem);
    return regio_asprintf(L(lang, "%s %d年：%s（目标%s，%d年）；需每年 %s，实际每年 %s（%d年以来）%s → %s（%s）",
                     "%s %d: %s (target %s by %d); needs %s a year, achieved %s a year since %d%s → %s (%s)"),
                   name, e->latest_year, val, tg, t->target_year, req, act, e->baseline_year, more, wl, cl);
}

/* How the value was computed and what was left out, in lang; NULL when there is nothing to say. */
static char *note_text(const regio_plan *p, const regio_target *t, const regio_track_result *r, regio_lang lang) {
    char buf[1024] = "";
    size_t n = 0;
#define ADD(...) do { if (n < sizeof buf) n += (size_t)snprintf(buf + n, sizeof buf - n, __VA_ARGS__); } while (0)
    if (strcmp(t->kind, "share") == 0)
        ADD("%s", L(lang, "比重 = 100 × 范围值 / 全省值（由成员数据汇总）。", "share = 100 × value(scope) / value(province), computed from member data. "));
    if (r->spec.method == REGIO_TRACK_GROWTH && t->scope_group >= 0 && p->groups[t->scope_group].nmembers > 1)
        ADD("%s", L(lang, "实际增速不可汇总：组的增速按成员公布的实际增速以上年现价地区生产总值加权计算（近似值，非公布数）。",
                    "real growth does not aggregate: the group's growth is the members' published real growth weighted by their previous-year nominal level (an approximation, not a published figure). "));
    if (r->spec.target_is_multiple)
        ADD(L(lang, "目标值 %g 为基期水平的倍数。", "target %g is a multiple of the baseline level. "), t->value);
    if (r->eval.baseline_stated)
        ADD(L(lang, "基期值取规划所述（%d年 %g）。", "baseline: the plan's figure (%d: %g). "), r->eval.baseline_year, r->eval.baseline_value);
    size_t inc = 0;
    int first = 0, last = 0;
    for (size_t i = 0; i < r->nseries; i++)
        if (!r->series[i].complete) { inc++; if (!first) first = r->series[i].year; last = r->series[i].year; }
    if (inc)
        ADD(L(lang, "%zu 个年份（%d–%d）成员数据不全，列出但不参与评估。", "%zu year(s) (%d–%d) with incomplete member data are listed but not assessed. "),
            inc, first, last);
    if (r->latest_bound)
        ADD(L(lang, "最新值是%s（%s），已足以判定达标。", "the latest value is a %s (%s), which is enough to meet the target. "),
            r->latest_bound > 0 ? L(lang, "下限", "lower bound") : L(lang, "上限", "upper bound"), regio_bound_sign(r->latest_bound));
    if (r->bounds_unused)
        ADD(L(lang, "%zu 个界限值（≥/≤）不能作为点值，列出但不参与评估。", "%zu bounded value(s) (≥/≤) are not point values: listed but not assessed. "),
            r->bounds_unused);
#undef ADD
    while (n > 0 && n < sizeof buf && buf[n - 1] == ' ') buf[--n] = '\0';
    return *buf ? regio_strdup(buf) : NULL;
}

/* ---- the list ---- */

void regio_track_list_free(regio_track_list *l) {
    if (!l) return;
    for (size_t i = 0; i < l->n; i++) {
        regio_track_result *r = &l->items[i];
        free(r->series);
        free(r->finding_zh); free(r->finding_en);
        free(r->needs_zh); free(r->needs_en);
        free(r->note_zh); free(r->note_en);
    }
    for (size_t i = 0; i < l->ntrends; i++) {
        regio_track_trend *r = &l->trends[i];
        free(r->series);
        free(r->finding_zh); free(r->finding_en);
        free(r->needs_zh); free(r->needs_en);
    }
    free(l->trends);
    free(l->items);
    free(l);
}

/* The bounded observation of the target's own region in one year: 1 with *v and *dir set, else 0. Only for
 * targets measured by one region's figure (not shares, group values, growth averages or relations). */
static int bound_of(const regio_plan *p, const regio_target *t, const regio_track_spec *spec, const regio_track_bounds *b,
                    double *v, int *dir) {
    if (!b || !b->value || t->scope_group >= 0 || t->scope_region < 0 || spec->method == REGIO_TRACK_GROWTH ||
        strcmp(t->kind, "share") == 0 || strcmp(t->kind, "relation") == 0)
        return 0;
    size_t i = (size_t)t->indicator * p->nregions + (size_t)t->scope_region;
    if (isnan(b->value[i]) || !b->dir[i]) return 0;
    *v = b->value[i];
    *dir = b->dir[i];
    return 1;
}

/* Whether a bound decides the comparison: ≥v satisfies ">= T" when v >= T, ≤v satisfies "<= T" when v <= T. */
static int bound_meets(const regio_track_spec *spec, double v, int dir) {
    if (spec->target_is_multiple) return 0;
    if (dir == REGIO_BOUND_LOWER && spec->comparator == REGIO_CMP_GE) return v >= spec->target;
    if (dir == REGIO_BOUND_UPPER && spec->comparator == REGIO_CMP_LE) return v <= spec->target;
    return 0;
}

static int track_one(const regio_plan *p, size_t ti, int default_base, const int *years, const double *const *mats,
                     const regio_track_bounds *bounds, size_t ny, regio_track_result *r, regio_error *err) {
    const regio_target *t = &p->targets[ti];
    if (strcmp(t->kind, "gap") == 0) return regio__track_gap_one(p, ti, default_base, years, mats, ny, r, err);
    r->target = ti;
    make_spec(p, t, default_base, &r->spec);
    r->series = calloc(ny ? ny : 1, sizeof *r->series);
    int *yy = malloc((ny ? ny : 1) * sizeof *yy);
    double *vv = malloc((ny ? ny : 1) * sizeof *vv);
    int rc = REGIO_OK;
    if (!r->series || !yy || !vv) { rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); goto out; }
    size_t last_k = 0;
    for (size_t k = 0; k < ny; k++) {
        pt v;
        if ((rc = target_point(p, t, &r->spec, years, mats, k, &v, err))) goto out;
        double bv;
        int bdir;
        if (isnan(v.value) && bounds && bound_of(p, t, &r->spec, &bounds[k], &bv, &bdir)) {
            /* listed, not used yet: whether it counts is decided once the point values are known */
            regio_track_point *q = &r->series[r->nseries];
            *q = (regio_track_point){years[k], bv, 1, 1, 1, 0, bdir};
            yy[r->nseries] = years[k];
            vv[r->nseries] = NAN;
            r->nseries++;
            last_k = k;
            continue;
        }
        if (isnan(v.value)) continue;
        regio_track_point *q = &r->series[r->nseries];
        q->year = years[k];
        q->value = v.value;
        q->complete = v.complete;
        q->members_used = v.used;
        q->members_total = v.total;
        q->used = v.complete;
        yy[r->nseries] = years[k];
        vv[r->nseries] = v.complete ? v.value : NAN;
        r->nseries++;
        last_k = k;
    }
    /* a bound counts only when it decides the comparison and no point value comes after it */
    size_t lastp = 0;
    int anyp = 0;
    for (size_t i = 0; i < r->nseries; i++)
        if (!r->series[i].bound && r->series[i].used) { lastp = i; anyp = 1; }
    for (size_t i = 0; i < r->nseries; i++) {
        regio_track_point *q = &r->series[i];
        if (!q->bound) continue;
        if ((!anyp || i > lastp) && bound_meets(&r->spec, q->value, q->bound)) {
            q->used = 1;
            vv[i] = q->value;
        } else r->bounds_unused++;
    }
    if ((rc = regio_track_assess(&r->spec, yy, vv, r->nseries, &r->eval, err))) {
        regio_error_prefix(err, t->code, t->code);
        goto out;
    }
    if (r->spec.method != REGIO_TRACK_GROWTH) /* points before the baseline do not count in the assessment */
        for (size_t i = 0; i < r->nseries; i++)
            if (r->eval.baseline_year && r->series[i].year < r->eval.baseline_year) r->series[i].used = 0;
    if (r->spec.method == REGIO_TRACK_GROWTH)
        for (size_t i = 0; i < r->nseries; i++)
            if (r->series[i].year <= r->spec.baseline_year || r->series[i].year > r->spec.target_year) r->series[i].used = 0;
    for (size_t i = 0; i < r->nseries; i++)
        if (r->series[i].used && r->series[i].year == r->eval.latest_year) r->latest_bound = r->series[i].bound;
    if (r->nseries) {
        const regio_track_point *q = &r->series[r->nseries - 1];
        r->complete = q->complete;
        r->members_used = q->members_used;
        r->members_total = q->members_total;
    } else {
        r->complete = 0;
        r->members_total = t->scope_group >= 0 ? p->groups[t->scope_group].nmembers : 1;
    }
    for (int l = 0; l < 2; l++) {
        regio_lang lang = l ? REGIO_LANG_EN : REGIO_LANG_ZH;
        char *f = finding_text(p, t, r, lang), *nd = NULL, *no = note_text(p, t, r, lang);
        if (r->eval.category == REGIO_TRACK_NO_DATA) {
            /* the latest year with a value for the target, or the latest year of all */
            nd = needs_text(p, t, r, mats, r->nseries ? last_k + 1 : ny, lang);
            if (!nd) { free(f); free(no); rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); goto out; }
        }
        if (!f) { free(nd); free(no); rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); goto out; }
        if (l) { r->finding_en = f; r->needs_en = nd; r->note_en = no; }
        else { r->finding_zh = f; r->needs_zh = nd; r->note_zh = no; }
    }
out:
    free(yy);
    free(vv);
    return rc;
}

int regio_track_build(const regio_plan *p, const int *years, const double *const *mats, size_t nyears, int as_of,
                      regio_track_list **out, regio_error *err) {
    return regio_track_build_bounds(p, years, mats, NULL, nyears, as_of, out, err);
}

int regio_track_build_bounds(const regio_plan *p, const int *years, const double *const *mats,
                             const regio_track_bounds *bounds, size_t nyears, int as_of, regio_track_list **out,
                             regio_error *err) {
    *out = NULL;
    regio_track_list *l = calloc(1, sizeof *l);
    if (!l) return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
    l->as_of = as_of > 0 ? as_of : 0;
    l->items = calloc(p->ntargets ? p->ntargets : 1, sizeof *l->items);
    if (!l->items) { free(l); return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); }
    size_t ny = 0;
    while (ny < nyears && (as_of <= 0 || years[ny] <= as_of)) ny++;
    for (size_t i = 1; i < ny; i++)
        if (years[i] <= years[i - 1]) {
            free(l->items);
            free(l);
            return regio_error_set(err, REGIO_EINVAL, "年份须严格递增（%d 之后是 %d）", "years must ascend strictly (%d then %d)", years[i - 1], years[i]);
        }
    int base = plan_baseline_year(p);
    for (size_t i = 0; i < p->ntargets; i++) {
        int rc = track_one(p, i, base, years, mats, bounds, ny, &l->items[i], err);
        l->n = i + 1;
        if (rc) { regio_track_list_free(l); return rc; }
    }
    int rc = regio__track_monitors(p, years, mats, ny, l, err);
    if (rc) { regio_track_list_free(l); return rc; }
    *out = l;
    return REGIO_OK;
}
