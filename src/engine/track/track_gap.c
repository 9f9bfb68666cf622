/* track_gap.c — gap targets: "滇中、沿边、滇东北、滇西四大板块…相对差距逐步缩小" as a number that can be tracked. The
 * value of a year is a disparity measure (CV, Williamson's CV, Gini, Theil T between the parts, max/min: the
 * inequality engine, regio/ineq.h) across the parts of a partition, each part's value of the indicator computed
 * by the aggregation engine from the part's members (GDP per capita = Σ GDP / Σ population, with coverage). A
 * year counts only when every part has a value from complete members. The plan states no amount, only that the
 * gap narrows, so the target asks for the latest value to be below a multiple (1: the level) of the baseline's,
 * and a fall is only called a fall when it is not noise: the Mann–Kendall test of the values since the baseline
 * (exact for short untied series) must reject "no trend" in favour of "decreasing" at 5% one-sided; Sen's slope and
 * the least-squares slope with its 95% interval are reported beside it (track_trend_test.c). Series breaks are
 * the common rule of track_breaks.c. docs/methods/tracking.md, "Gap targets", states all of it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "regio/aggregate.h"
#include "regio/ineq.h"
#include "regio/track.h"
#include "engine/track/track_internal.h"

#define L(lang, zh, en) regio_tr(lang, zh, en)
#define OOM(err) regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory")

/* A part's value of indicator ind in matrix m: NaN when it has none; *complete when every member contributed. */
static int part_value(const regio_plan *p, const double *m, size_t ind, size_t part, double *v, int *complete, regio_error *err) {
    regio_agg *a = NULL;
    int rc = regio_aggregate_group(p, m, ind, part, &a, err);
    if (rc) return rc;
    *v = p->groups[part].nmembers ? a->value : NAN;
    *complete = a->complete && !isnan(*v);
    regio_agg_free(a);
    return REGIO_OK;
}

/* The disparity of year matrix m across the partition's parts, with how many parts had a value. */
static int gap_point(const regio_plan *p, const regio_target *t, const double *m, track_pt *out, regio_error *err) {
    const regio_partition *P = &p->partitions[t->scope_partition];
    regio_gap_measure meas = (regio_gap_measure)regio_gap_measure_parse(t->measure);
    int weighted = regio_gap_measure_weighted(meas);
    double *x = malloc((P->nparts ? P->nparts : 1) * sizeof *x), *w = malloc((P->nparts ? P->nparts : 1) * sizeof *w);
    if (!x || !w) { free(x); free(w); return OOM(err); }
    out->value = NAN;
    out->complete = 1;
    out->used = 0;
    out->total = P->nparts;
    int rc = REGIO_OK;
    for (size_t k = 0; k < P->nparts; k++) {
        double v, wv = 1;
        int c, cw = 1;
        if ((rc = part_value(p, m, (size_t)t->indicator, P->parts[k], &v, &c, err))) goto out;
        if (weighted && (rc = part_value(p, m, (size_t)t->weight, P->parts[k], &wv, &cw, err))) goto out;
        if (isnan(v) || isnan(wv) || !(wv > 0)) { out->complete = 0; continue; }
        if (!c || !cw) out->complete = 0;
        x[out->used] = v;
        w[out->used] = wv;
        out->used++;
    }
    if (out->used == P->nparts && out->used >= 2) {
        regio_error e;
        regio_error_clear(&e);
        double d = NAN;
        int bad = 0;
        switch (meas) {
        case REGIO_GAP_CV: bad = regio_ineq_cv(x, NULL, out->used, &d, &e); break;
        case REGIO_GAP_CV_W: bad = regio_ineq_cv(x, w, out->used, &d, &e); break;
        case REGIO_GAP_GINI: bad = regio_ineq_gini(x, NULL, out->used, &d, &e); break;
        case REGIO_GAP_GINI_W: bad = regio_ineq_gini(x, w, out->used, &d, &e); break;
        case REGIO_GAP_THEIL_BETWEEN: bad = regio_ineq_theil_t(x, w, out->used, &d, &e); break;
        case REGIO_GAP_MAX_MIN: bad = regio_ineq_max_min(x, out->used, &d, &e); break;
        }
        out->value = bad ? NAN : d; /* a value the measure cannot take (a zero under a log) gives no point */
    }
    if (isnan(out->value)) out->complete = 0;
out:
    free(x);
    free(w);
    return rc;
}

static const char *part_name(const regio_plan *p, const regio_target *t, regio_lang lang) {
    const regio_partition *P = &p->partitions[t->scope_partition];
    return lang == REGIO_LANG_ZH ? P->name_zh : P->name_en;
}


/* "0.4123", "2.27 倍" */
static void dval(const regio_target *t, double v, regio_lang lang, char *buf, size_t cap) {
    if (isnan(v)) snprintf(buf, cap, "—");
    else if (strcmp(t->measure, "max_min") == 0) snprintf(buf, cap, L(lang, "%.3f 倍", "%.3f×"), v);
    else snprintf(buf, cap, "%.4f", v);
}

/* Members of every part without a used value of the indicator (or the weight) in matrix m, comma-separated: the
 * first 5, then how many more (`regio needs` lists every value). */
static char *missing(const regio_plan *p, const regio_target *t, const double *m, regio_lang lang) {
    if (!m) return NULL;
    const regio_partition *P = &p->partitions[t->scope_partition];
    size_t cap = 1, len = 0;
    for (size_t k = 0; k < P->nparts; k++) cap += 256 * (p->groups[P->parts[k]].nmembers + 1);
    char *s = calloc(cap, 1);
    unsigned char *seen = calloc(p->nregions ? p->nregions : 1, 1);
    size_t named = 0, more = 0;
    if (!seen) { free(s); return NULL; }
    for (size_t k = 0; s && k < P->nparts; k++)
        for (int pass = 0; pass < 2; pass++) {
            long ind = pass ? t->weight : t->indicator;
            regio_agg *a = NULL;
            if (ind < 0 || regio_aggregate_group(p, m, (size_t)ind, P->parts[k], &a, NULL)) continue;
            for (size_t i = 0; i < a->nmembers; i++) {
                if (a->members[i].used && a->members[i].complete) continue;
                const regio_region *r = &p->regions[a->members[i].region];
                if (seen[a->members[i].region]++) continue; /* named once */
                if (++named > 5) { more++; continue; }
                len += (size_t)snprintf(s + len, cap - len, "%s%s %s", len ? L(lang, "、", ", ") : "", r->code, regio_region_name(r, lang));
            }
            regio_agg_free(a);
        }
    free(seen);
    if (s && more) snprintf(s + len, cap - len, L(lang, "等另 %zu 个（见 regio needs）", " and %zu more (regio needs)"), more);
    if (s && !*s) { free(s); s = NULL; }
    return s;
}

static const char *verdict(regio_track_category c, regio_lang lang) {
    switch (c) {
    case REGIO_TRACK_ON_TRACK: return L(lang, "差距缩小，且不是波动（Mann–Kendall 单侧 p < 0.05）", "the gap narrowed and the fall is not noise (Mann–Kendall one-sided p < 0.05)");
    case REGIO_TRACK_MODERATE: return L(lang, "差距缩小，但不能排除是波动", "the gap narrowed, but the fall cannot be told from noise");
    case REGIO_TRACK_INSUFFICIENT: return L(lang, "差距没有缩小", "the gap has not narrowed");
    case REGIO_TRACK_MOVING_AWAY: return L(lang, "差距扩大，且不是波动（Mann–Kendall 单侧 p < 0.05）", "the gap widened and the rise is not noise (Mann–Kendall one-sided p < 0.05)");
    default: return L(lang, "无数据", "no data");
    }
}

static char *finding(const regio_plan *p, const regio_target *t, const regio_track_result *r, regio_lang lang) {
    const regio_track_eval *e = &r->eval;
    const char *name = lang == REGIO_LANG_ZH ? t->name_zh : t->name_en;
    const char *wl = regio_track_warning_label(regio_track_warning_of(e->category), lang);
    const char *ml = regio_gap_measure_label((regio_gap_measure)regio_gap_measure_parse(t->measure), lang);
    char b[48], l[48];
    dval(t, e->baseline_value, lang, b, sizeof b);
    if (e->category == REGIO_TRACK_NO_DATA) {
        char have[160] = "";
        if (e->baseline_year && !isnan(e->baseline_value))
            snprintf(have, sizeof have, L(lang, "（基期 %d年：%s）", " (baseline %d: %s)"), e->baseline_year, b);
        return regio_asprintf(L(lang, "%s（%s）：%d年起不足两个可比的完整年份%s，无法判断差距是否缩小 → %s（%s）",
                                "%s (%s): fewer than two comparable complete years from %d on%s, so whether the gap narrows cannot be told → %s (%s)"),
                              name, ml, e->baseline_year ? e->baseline_year : r->spec.baseline_year, have, wl, verdict(e->category, lang));
    }
    dval(t, e->latest_value, lang, l, sizeof l);
    char test[480];
    if (r->mk.n >= 3)
        snprintf(test, sizeof test, L(lang, "Mann–Kendall 检验 n=%zu，S=%+.0f，下降单侧 p=%.3f%s；Sen 斜率 %+.4f/年",
                                      "Mann–Kendall n=%zu, S=%+.0f, one-sided p (decrease) = %.3f%s; Sen's slope %+.4f a year"),
                 r->mk.n, r->mk.s, r->mk.p_decrease, r->mk.exact ? L(lang, "（精确）", " (exact)") : L(lang, "（正态近似）", " (normal approximation)"),
                 r->mk.sen_slope);
    if (r->mk.n == 3) { /* the smallest p of 3 years is 1/6 */
        size_t k = strlen(test);
        snprintf(test + k, sizeof test - k, "%s", L(lang, "（少于 4 个年份，任何检验都不可能在 5% 水平显著）", " (with fewer than 4 years no test can reach 5%)"));
    } else if (r->mk.n < 3)
        snprintf(test, sizeof test, L(lang, "只有 %zu 个年份，无法检验（Mann–Kendall 至少要 4 个年份才可能在 5%% 水平显著）",
                                      "only %zu years: no test is possible (Mann–Kendall needs at least 4 years to reach 5%%)"), r->mk.n);
    return regio_asprintf(L(lang, "%s（%s）：%d年 %s → %d年 %s（%+.1f%%）；%s → %s（%s）", "%s (%s): %d %s → %d %s (%+.1f%%); %s → %s (%s)"), name, ml,
                          e->baseline_year, b, e->latest_year, l, r->change_pct, test, wl, verdict(e->category, lang));
}

static char *note(const regio_plan *p, const regio_target *t, const regio_track_result *r, regio_lang lang) {
    const regio_partition *P = &p->partitions[t->scope_partition];
    const char *ml = regio_gap_measure_label((regio_gap_measure)regio_gap_measure_parse(t->measure), lang);
    char w[200] = "", inc[200] = "", tgt[160];
    if (t->weight >= 0)
        snprintf(w, sizeof w, L(lang, "，按 %s 加权", ", weighted by %s"), p->indicators[t->weight].code);
    size_t n = 0;
    int y0 = 0, y1 = 0;
    for (size_t i = 0; i < r->nseries; i++)
        if (!r->series[i].complete) { n++; if (!y0) y0 = r->series[i].year; y1 = r->series[i].year; }
    if (n) snprintf(inc, sizeof inc, L(lang, "%zu 个年份（%d–%d）成员不全，列出不评估。", " %zu year(s) (%d–%d) with incomplete members: listed, not assessed."), n, y0, y1);
    if (t->value == 1) snprintf(tgt, sizeof tgt, "%s", L(lang, "目标：低于基期（规划未给幅度）", "target: below the baseline (no amount stated)"));
    else snprintf(tgt, sizeof tgt, L(lang, "目标：低于基期水平的 %g 倍", "target: below %g× the baseline level"), t->value);
    if (lang == REGIO_LANG_ZH)
        return regio_asprintf("%s（%s），%s的 %zu 个部分%s；%s；Mann–Kendall 检验（5%% 单侧）显著下降才算缩小。%s", ml, t->measure, P->name_zh, P->nparts, w, tgt, inc);
    return regio_asprintf("%s (%s) across the %zu parts of %s%s; %s; narrowing = a significant fall (Mann–Kendall, 5%% one-sided).%s", ml, t->measure, P->nparts,
                          P->name_en, w, tgt, inc);
}

static char *needs(const regio_plan *p, const regio_target *t, const regio_track_result *r, const double *m, int my, regio_lang lang) {
    const regio_indicator *x = &p->indicators[t->indicator];
    int y0 = r->eval.baseline_year ? r->eval.baseline_year : r->spec.baseline_year;
    char w[200] = "";
    if (t->weight >= 0)
        snprintf(w, sizeof w, L(lang, "及权重 %s", " and the weight %s"), p->indicators[t->weight].code);
    char *miss = missing(p, t, m, lang);
    char *s;
    if (lang == REGIO_LANG_ZH)
        s = regio_asprintf("需要%s全部成员 %d–%d 年中第二个年份的%s（%s）%s；%d年缺：%s", part_name(p, t, lang), y0, t->target_year, x->name_zh, x->code, w, my,
                           miss ? miss : "无");
    else
        s = regio_asprintf("needs %s (%s)%s of every member of %s for a second year of %d–%d; missing in %d: %s", x->name_en, x->code, w, part_name(p, t, lang),
                           y0, t->target_year, my, miss ? miss : "none");
    free(miss);
    return s;
}

int regio__track_gap_one(const regio_plan *p, size_t ti, int default_base, const int *years, const double *const *mats, size_t ny,
                  regio_track_result *r, regio_error *err) {
    const regio_target *t = &p->targets[ti];
    regio_track_spec *sp = &r->spec;
    regio_track_eval *e = &r->eval;
    r->target = ti;
    r->is_gap = 1;
    memset(sp, 0, sizeof *sp);
    sp->comparator = REGIO_CMP_LE;
    sp->target = t->value;
    sp->tolerance = NAN;
    sp->target_is_multiple = 1;
    sp->target_year = t->target_year;
    sp->baseline_year = t->baseline_year ? t->baseline_year : default_base ? default_base : t->target_year - 5;
    sp->baseline_value = t->baseline_value;
    sp->method = REGIO_TRACK_POINTS;
    memset(e, 0, sizeof *e);
    e->method = REGIO_TRACK_POINTS;
    e->baseline_value = e->latest_value = e->target_level = e->gap = e->required_rate = e->actual_rate = NAN;
    e->remaining_rate = e->ratio = e->slope = e->projected_value = e->projected_gap = NAN;
    e->direction = -1;
    r->ols_slope = r->ols_lo = r->ols_hi = r->change_pct = NAN;
    memset(&r->mk, 0, sizeof r->mk);
    r->mk.p_decrease = r->mk.p_increase = r->mk.p_two = r->mk.sen_slope = r->mk.var_s = r->mk.z = NAN;
    size_t cap = ny + 1;
    r->series = calloc(cap, sizeof *r->series);
    int *yy = malloc(cap * sizeof *yy);
    double *vv = malloc(cap * sizeof *vv);
    int rc = REGIO_OK;
    size_t last_k = 0, nv = 0;
    if (!r->series || !yy || !vv) { rc = OOM(err); goto out; }
    for (size_t k = 0; k < ny; k++) {
        track_pt v;
        if ((rc = gap_point(p, t, mats[k], &v, err))) goto out;
        if (isnan(v.value)) continue;
        regio_track_point *q = &r->series[r->nseries++];
        *q = (regio_track_point){years[k], v.value, v.complete, v.used, v.total, v.complete && years[k] >= sp->baseline_year, 0};
        last_k = k;
    }
    /* the values the assessment uses: complete, from the baseline year on; a baseline the plan states stands for
     * the baseline year when no value of that year is observed */
    int stated = !isnan(sp->baseline_value);
    if (stated && !(r->nseries && r->series[0].year == sp->baseline_year && r->series[0].used)) {
        int seen = 0;
        for (size_t i = 0; i < r->nseries; i++) seen |= r->series[i].used && r->series[i].year == sp->baseline_year;
        if (!seen) { yy[nv] = sp->baseline_year; vv[nv] = sp->baseline_value; nv++; }
    }
    for (size_t i = 0; i < r->nseries; i++)
        if (r->series[i].used) { yy[nv] = r->series[i].year; vv[nv] = r->series[i].value; nv++; }
    if (nv) {
        e->baseline_year = yy[0];
        e->baseline_value = stated && yy[0] == sp->baseline_year ? sp->baseline_value : vv[0];
        e->baseline_stated = stated && yy[0] == sp->baseline_year;
        e->target_level = t->value * e->baseline_value;
    }
    e->npoints = nv;
    if (nv >= 2) {
        e->latest_year = yy[nv - 1];
        e->latest_value = vv[nv - 1];
        e->gap = e->target_level - e->latest_value;
        r->change_pct = e->baseline_value != 0 ? 100.0 * (e->latest_value / e->baseline_value - 1) : NAN;
        if ((rc = regio_track_mann_kendall(yy, vv, nv, &r->mk, err))) goto out;
        e->actual_rate = r->mk.sen_slope;
        regio_track_fit_ci(yy, vv, nv, 0.95, &r->ols_slope, &r->ols_lo, &r->ols_hi);
        double b, a;
        if (!regio_track_fit(yy, vv, nv, &b, &a)) {
            e->slope = b;
            e->projected_value = a + b * t->target_year;
            e->projected_gap = e->target_level - e->projected_value;
        }
        int below = e->latest_value < e->target_level;
        int sig_down = r->mk.n >= 3 && r->mk.p_decrease < 0.05, sig_up = r->mk.n >= 3 && r->mk.p_increase < 0.05;
        e->category = below ? (sig_down ? REGIO_TRACK_ON_TRACK : REGIO_TRACK_MODERATE)
                            : (sig_up ? REGIO_TRACK_MOVING_AWAY : REGIO_TRACK_INSUFFICIENT);
    } else {
        e->category = REGIO_TRACK_NO_DATA;
        if (!nv) e->baseline_year = 0;
    }
    if (r->nseries) {
        const regio_track_point *q = &r->series[r->nseries - 1];
        r->complete = q->complete;
        r->members_used = q->members_used;
        r->members_total = q->members_total;
    } else {
        r->members_total = p->partitions[t->scope_partition].nparts;
    }
    for (int l = 0; l < 2; l++) {
        regio_lang lang = l ? REGIO_LANG_EN : REGIO_LANG_ZH;
        char *f = finding(p, t, r, lang), *no = note(p, t, r, lang), *nd = NULL;
        size_t mk = r->nseries ? last_k : ny ? ny - 1 : 0; /* the latest year with a value, else the latest year */
        if (e->category == REGIO_TRACK_NO_DATA) nd = needs(p, t, r, ny ? mats[mk] : NULL, ny ? years[mk] : 0, lang);
        if (!f || !no || (e->category == REGIO_TRACK_NO_DATA && !nd)) { free(f); free(no); free(nd); rc = OOM(err); goto out; }
        if (l) { r->finding_en = f; r->note_en = no; r->needs_en = nd; }
        else { r->finding_zh = f; r->note_zh = no; r->needs_zh = nd; }
    }
out:
    free(yy);
    free(vv);
    return rc;
}
