/* report_summary.c — the executive summary (总体评价 / Summary), the report's first section: one printed page a
 * director reads before anything else. Every sentence is generated from results the report computed and shows
 * elsewhere: the targets (regio_track_targets, the function behind the targets section), and the tables the other
 * sections built (gap_trend, beta, gap_county, eval_*), read back from the model so the numbers are theirs. Each
 * line names the section it comes from. Nothing is written when its table is absent.
 *
 * Parts, in order: the headline (how many targets could be judged, and how they stand); one line per judged
 * target (on track / at risk / off track, what moved since the baseline, its numbers); one line for the indicators
 * without a target; one line for those that cannot be judged and the data that would settle them; the regional gaps (measure, direction, significance); the
 * evaluation's headline with its caveats; 存在问题 and 下一步建议.
 *
 * The rules that turn results into problems and recommendations (docs/report.md says the same):
 *   R1 a target at risk (moderate progress) or off track (insufficient, moving away) whose linear trend does not
 *      reach it by the target year (no year reached, or one after it) is a problem: "needs X a year in the years
 *      left against Y achieved: not reachable on the trend". Recommendation: off track → a dedicated programme,
 *      and a review of the target at the mid-term assessment if it stays out of reach; at risk → speed up to X.
 *      An at-risk target whose trend does reach it in time is reported, not listed as a problem.
 *   R2 targets without data after their baseline are a problem when there is at least one; recommendation: fill
 *      the data listed in the annex (the indicators named), and give the members of groups the plan leaves
 *      without a membership.
 *   R3 an assessed target whose latest figure is older than the report year is a problem (stale figures);
 *      recommendation: update when that year's figures are published.
 *   R4 a gap measure (CV of the gap series) higher in its last year than in its first is a problem (widening),
 *      over the comparable span only (from the last series break of breaks.csv) and when that span has at least
 *      three years; β-convergence with p >= 0.05 is reported as not significant, and named in the problem.
 *      Recommendation for a widening gap: make the gap a monitored priority of the regional policy.
 *   R5 an evaluation run on provisional zone types is a problem; recommendation: re-run on the official list.
 *   R6 an evaluation whose median width of the 5–95% rank interval exceeds a quarter of the counties ranked is a
 *      problem (ranks sensitive to the method); recommendation: read ranks with their intervals.
 *   R7 a zone type's ranking that misses dimensions the plan mandates (eval_mandate: not measured) is a problem
 *      (a partial ranking); recommendation: collect county indicators for those dimensions and re-run it.
 *      R5 and R7 together make one problem and one recommendation (the summary is one printed page).
 * The rules read only the computed numbers; thresholds are the methods' own (CAGR-ratio categories, p < 0.05). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regio/evaluation.h"
#include "regio/needs.h"
#include "regio/track_store.h"
#include "report/report_internal.h"

typedef struct sdoc {
    regio_report *r;
    regio_svg *html, *text;
    int in_list, item;
} sdoc;

static void s_head(sdoc *d, const char *h) {
    if (d->in_list) { regio_svg_printf(d->html, "</ul>"); d->in_list = 0; }
    regio_svg_printf(d->html, "<h3>");
    regio_svg_text(d->html, h);
    regio_svg_printf(d->html, "</h3>");
    regio_svg_printf(d->text, d->r->lang == REGIO_LANG_ZH ? "\n【%s】\n" : "\n%s\n", h);
    d->item = 0;
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void s_line(sdoc *d, int bullet, const char *fmt, ...) {
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (bullet && !d->in_list) { regio_svg_printf(d->html, "<ul>"); d->in_list = 1; }
    if (!bullet && d->in_list) { regio_svg_printf(d->html, "</ul>"); d->in_list = 0; }
    regio_svg_printf(d->html, bullet ? "<li>" : "<p>");
    regio_svg_text(d->html, buf);
    regio_svg_printf(d->html, bullet ? "</li>" : "</p>");
    if (bullet) regio_svg_printf(d->text, "  %d. %s\n", ++d->item, buf);
    else regio_svg_printf(d->text, "%s\n", buf);
}

static int is_green(regio_track_category c) { return c == REGIO_TRACK_MET || c == REGIO_TRACK_ON_TRACK; }
static int is_red(regio_track_category c) { return c == REGIO_TRACK_INSUFFICIENT || c == REGIO_TRACK_MOVING_AWAY; }

static const char *tname(const regio_report *r, const regio_target *t) { return r->lang == REGIO_LANG_ZH ? t->name_zh : t->name_en; }

/* "7541.37 亿元", "+5.83%" — the texts the targets table's findings print */
static void val(const regio_report *r, const regio_plan *p, const regio_track_result *x, double v, char *b, size_t n) {
    regio_track_value_text(p, x, v, r->lang, b, n);
}
static void rate(const regio_report *r, const regio_plan *p, const regio_track_result *x, double v, char *b, size_t n) {
    regio_track_rate_text(p, x, v, r->lang, b, n);
}

/* the status word of an assessed target */
static const char *status_word(const regio_report *r, regio_track_category c) {
    if (c == REGIO_TRACK_MET) return RTR(r, "已达成", "met");
    if (c == REGIO_TRACK_ON_TRACK) return RTR(r, "进展顺利", "on track");
    if (c == REGIO_TRACK_MODERATE) return RTR(r, "存在风险", "at risk");
    return RTR(r, "偏离目标", "off track");
}

/* one line per assessed target: its status, what moved since the baseline (a level target: from the baseline value
 * to the latest), the target, the rates achieved and needed, the CAGR ratio */
static void target_line(sdoc *d, const regio_plan *p, const regio_track_result *x, const char *ref) {
    const regio_report *r = d->r;
    const regio_target *t = &p->targets[x->target];
    const regio_track_eval *e = &x->eval;
    char tv[128], lv[64], act[64], req[64], moved[200];
    regio_track_target_text(p, x, r->lang, tv, sizeof tv);
    if (x->spec.method == REGIO_TRACK_GROWTH) snprintf(lv, sizeof lv, RTR(r, "年均 %.2f%%", "average %.2f%% a year"), e->actual_rate);
    else {
        char v[64];
        val(r, p, x, e->latest_value, v, sizeof v);
        snprintf(lv, sizeof lv, "%s%s", x->latest_bound ? regio_bound_sign(x->latest_bound) : "", v); /* "≥95.0%", as the CLI */
    }
    if (x->spec.method != REGIO_TRACK_GROWTH && e->baseline_year && !isnan(e->baseline_value) && e->baseline_year < e->latest_year) {
        char b[64];
        val(r, p, x, e->baseline_value, b, sizeof b);
        if (r->lang == REGIO_LANG_ZH)
            snprintf(moved, sizeof moved, "由%d年的 %s%s至%d年的 %s", e->baseline_year, b,
                     e->latest_value > e->baseline_value ? "升" : e->latest_value < e->baseline_value ? "降" : "持平", e->latest_year, lv);
        else snprintf(moved, sizeof moved, "from %s in %d to %s in %d", b, e->baseline_year, lv, e->latest_year);
    } else if (r->lang == REGIO_LANG_ZH) snprintf(moved, sizeof moved, "%d年 %s", e->latest_year, lv);
    else snprintf(moved, sizeof moved, "%s in %d", lv, e->latest_year);
    if (x->is_gap && x->mk.n < 3) { /* two years: a direction, no test */
        if (r->lang == REGIO_LANG_ZH)
            s_line(d, 1, "%s：%s，%s（%+.1f%%；目标%s，%d年）；只有 %zu 个年份，无法检验（见%s）。", tname(r, t), status_word(r, e->category), moved, x->change_pct, tv,
                   t->target_year, x->mk.n, ref);
        else
            s_line(d, 1, "%s: %s, %s (%+.1f%%; target %s by %d); only %zu years, no test possible (see %s).", tname(r, t), status_word(r, e->category), moved,
                   x->change_pct, tv, t->target_year, x->mk.n, ref);
        return;
    }
    if (x->is_gap) { /* a gap target: no rates, the test of the fall instead (track_gap.c) */
        if (r->lang == REGIO_LANG_ZH)
            s_line(d, 1, "%s：%s，%s（%+.1f%%；目标%s，%d年）；Mann–Kendall 检验 n=%zu，下降单侧 p=%.3f（见%s）。", tname(r, t), status_word(r, e->category), moved,
                   x->change_pct, tv, t->target_year, x->mk.n, x->mk.p_decrease, ref);
        else
            s_line(d, 1, "%s: %s, %s (%+.1f%%; target %s by %d); Mann–Kendall n=%zu, one-sided p (decrease) = %.3f (see %s).", tname(r, t),
                   status_word(r, e->category), moved, x->change_pct, tv, t->target_year, x->mk.n, x->mk.p_decrease, ref);
        return;
    }
    if (e->category == REGIO_TRACK_MET) {
        if (r->lang == REGIO_LANG_ZH) s_line(d, 1, "%s：已达到目标，%s（目标%s，%d年）（见%s）。", tname(r, t), moved, tv, t->target_year, ref);
        else s_line(d, 1, "%s: target already met, %s (target %s by %d) (see %s).", tname(r, t), moved, tv, t->target_year, ref);
        return;
    }
    rate(r, p, x, e->actual_rate, act, sizeof act);
    rate(r, p, x, e->required_rate, req, sizeof req);
    if (r->lang == REGIO_LANG_ZH)
        s_line(d, 1, "%s：%s，%s（目标%s，%d年）；实际每年 %s，需每年 %s，CAGR 比值 %.2f（见%s）。", tname(r, t), status_word(r, e->category), moved, tv,
               t->target_year, act, req, e->ratio, ref);
    else
        s_line(d, 1, "%s: %s, %s (target %s by %d); %s a year achieved, %s needed, CAGR ratio %.2f (see %s).", tname(r, t),
               status_word(r, e->category), moved, tv, t->target_year, act, req, e->ratio, ref);
}

/* the first place of a where_found.csv text (up to its first ；/;): the summary names only that */
static void first_place(const char *w, char *buf, size_t cap) {
    const char *e = strstr(w, "；"), *e2 = strchr(w, ';');
    if (!e || (e2 && e2 < e)) e = e2;
    size_t n = e ? (size_t)(e - w) : strlen(w);
    if (n >= cap) n = cap - 1;
    memcpy(buf, w, n);
    buf[n] = 0;
}

/* the trend does not reach the target in time */
static int out_of_reach(const regio_track_result *x, const regio_target *t) {
    return x->spec.method == REGIO_TRACK_GROWTH ? x->eval.category != REGIO_TRACK_MET && x->eval.category != REGIO_TRACK_ON_TRACK
                                                : x->eval.year_reached == 0 || x->eval.year_reached > t->target_year;
}

/* names joined with 、 / ", ", up to cap */
static void join(const regio_report *r, char *buf, size_t cap, const char *name) {
    size_t n = strlen(buf);
    if (n + 1 < cap) snprintf(buf + n, cap - n, "%s%s", n ? RTR(r, "、", ", ") : "", name);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int regio__report_sec_summary(regio_report *r, regio_store *st, const regio_plan *plan, regio_error *err) {
    regio_track_list *l = NULL;
    int rc = regio_track_targets(st, plan, r->year, &l, err);
    if (rc) return rc;
    regio__report_section(r, "summary", RTR(r, "总体评价", "Summary"));
    sdoc d = {.r = r, .html = regio_svg_new(), .text = regio_svg_new()};
    char problems[16][1024], advice[16][1024];
    size_t np = 0, na = 0;
#define PROBLEM(...) do { if (np < 16) snprintf(problems[np++], sizeof problems[0], __VA_ARGS__); } while (0)
#define ADVICE(...) do { if (na < 16) snprintf(advice[na++], sizeof advice[0], __VA_ARGS__); } while (0)
    if (!d.html || !d.text) { rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); goto out; }
    char ref_t[64], ref_g[64], ref_e[64], ref_a[64];
    regio__report_section_label(r, "targets", ref_t, sizeof ref_t);
    regio__report_section_label(r, "gaps", ref_g, sizeof ref_g);
    regio__report_section_label(r, "evaluation", ref_e, sizeof ref_e);
    regio__report_section_label(r, "needs", ref_a, sizeof ref_a); /* the missing values: the needs section, else the annex */
    if (!*ref_a) regio__report_section_label(r, "annex_codes", ref_a, sizeof ref_a);
    size_t ng = 0, ny = 0, nr = 0, nn = 0;
    for (size_t i = 0; i < l->n; i++) {
        regio_track_category c = l->items[i].eval.category;
        if (is_green(c)) ng++;
        else if (c == REGIO_TRACK_MODERATE) ny++;
        else if (is_red(c)) nr++;
        else nn++;
    }
    regio__report_covered(r, RTR(r, "由本报告各部分的计算结果生成：目标 %zu 个（数据截至 %d 年）、区域差距、分类综合评价；问题与建议按“数据与方法”所列规则得出。",
                       "generated from the results of the report's sections: %zu targets (data up to %d), regional gaps, the classified evaluation; "
                       "problems and recommendations follow the rules stated in \"Data and methods\"."),
                l->n, r->year);
    /* the headline */
    if (r->lang == REGIO_LANG_ZH)
        s_line(&d, 0, "截至 %d 年，规划 %zu 个量化目标中可以判断进展的有 %zu 个：进展顺利或已达成 %zu 个，存在风险 %zu 个，偏离目标 %zu 个；其余 %zu 个暂无法判断（见%s）。",
               r->year, l->n, l->n - nn, ng, ny, nr, nn, ref_t);
    else
        s_line(&d, 0, "Up to %d, %zu of the plan's %zu quantified targets can be judged: %zu on track or met, %zu at risk, %zu off track; the other %zu cannot be judged yet (see %s).",
               r->year, l->n - nn, l->n, ng, ny, nr, nn, ref_t);
    /* what moved since the baseline and how each judged target stands: one line per target, met and on track first,
     * then at risk, then off track; then the indicators monitored without a target */
    s_head(&d, RTR(r, "基期以来的变化与目标进展", "Change since the baseline, target by target"));
    size_t shown = 0;
    for (int gi = 0; gi < 3; gi++)
        for (size_t i = 0; i < l->n; i++) {
            regio_track_category c = l->items[i].eval.category;
            if ((gi == 0 && !is_green(c)) || (gi == 1 && c != REGIO_TRACK_MODERATE) || (gi == 2 && !is_red(c))) continue;
            target_line(&d, plan, &l->items[i], ref_t);
            shown++;
        }
    if (l->ntrends) { /* the direction and pace of change, no colour */
        char nodata[1024] = "";
        size_t nnd = 0;
        for (size_t i = 0; i < l->ntrends; i++) {
            const regio_track_trend *x = &l->trends[i];
            const regio_monitor *m = &plan->monitors[x->monitor];
            if (!x->latest_year) { join(r, nodata, sizeof nodata, r->lang == REGIO_LANG_ZH ? m->name_zh : m->name_en); nnd++; continue; }
            s_line(&d, 1, RTR(r, "%s（见%s）。", "%s (see %s)."), r->lang == REGIO_LANG_ZH ? x->finding_zh : x->finding_en, ref_t);
            shown++;
        }
        if (nnd && r->lang == REGIO_LANG_ZH) s_line(&d, 1, "无量化目标的监测指标（%s）：只有规划所述的基期值，尚无以后的数据（见%s）。", nodata, ref_t);
        else if (nnd) s_line(&d, 1, "Monitored without a target (%s): only the plan's baseline, no later figure yet (see %s).", nodata, ref_t);
        shown += nnd;
    }
    if (!shown) s_line(&d, 1, "%s", RTR(r, "没有基期以后的可比数据。", "No comparable figures after the baseline."));
    /* the gap series, compared only within its comparable span: from the last row marked with a series break */
    const regio_rtable *gt = regio__report_table_find(r, "gap_trend");
    double cv0 = NAN, cv1 = NAN;
    int gy0 = 0, gy1 = 0, sy0 = 0;
    size_t kb = 0;
    char breaks_at[128] = "";
    for (size_t i = 0; gt && i < gt->nrows; i++) {
        const char *b = regio__report_text(gt, i, "break");
        if (b && *b) {
            kb = i;
            size_t len = strlen(breaks_at);
            snprintf(breaks_at + len, sizeof breaks_at - len, "%s%d", len ? RTR(r, "、", ", ") : "", (int)regio__report_num(gt, i, "year"));
        }
    }
    if (gt && gt->nrows) { gy0 = (int)regio__report_num(gt, 0, "year"); gy1 = (int)regio__report_num(gt, gt->nrows - 1, "year"); }
    if (gt && gt->nrows >= kb + 2) {
        sy0 = (int)regio__report_num(gt, kb, "year");
        cv0 = regio__report_num(gt, kb, "cv");
        cv1 = regio__report_num(gt, gt->nrows - 1, "cv");
    }
    /* what cannot be judged, and the data that would settle it */
    if (nn) {
        s_head(&d, RTR(r, "尚无法判断的目标", "Targets that cannot be judged yet"));
        char groups[1024] = "", inds[2048] = "";
        size_t ngt = 0;
        unsigned char *seen = calloc(plan->nindicators + plan->ngroups + 1, 1);
        for (size_t i = 0; seen && i < l->n; i++) {
            const regio_track_result *x = &l->items[i];
            if (x->eval.category != REGIO_TRACK_NO_DATA) continue;
            const regio_target *t = &plan->targets[x->target];
            if (t->scope_group >= 0 && plan->groups[t->scope_group].nmembers == 0) {
                ngt++;
                if (!seen[plan->nindicators + (size_t)t->scope_group]++) {
                    const regio_group *g = &plan->groups[t->scope_group];
                    join(r, groups, sizeof groups, r->lang == REGIO_LANG_ZH ? g->name_zh : g->name_en);
                }
            } else if (t->indicator >= 0 && !seen[t->indicator]++) {
                const regio_indicator *x2 = &plan->indicators[t->indicator];
                join(r, inds, sizeof inds, r->lang == REGIO_LANG_ZH ? x2->name_zh : x2->name_en);
            }
        }
        for (size_t i = 0; seen && i < l->ntrends; i++) {
            long k = plan->monitors[l->trends[i].monitor].indicator;
            if (l->trends[i].latest_year || k < 0 || seen[k]++) continue;
            join(r, inds, sizeof inds, r->lang == REGIO_LANG_ZH ? plan->indicators[k].name_zh : plan->indicators[k].name_en);
        }
        free(seen);
        /* the missing values (regio_needs_build, as `regio needs`) and where such figures are usually published */
        regio_needs *nd = NULL;
        regio_need_cell *cells = NULL;
        char **by = NULL, wheres[1200] = "";
        size_t ncells = 0, nplaces = 0;
        regio_error ne;
        regio_error_clear(&ne);
        if (!regio_needs_build(st, plan, r->year, &nd, &ne) && !regio_needs_cells(plan, nd, &cells, &by, &ncells, &ne)) {
            /* the three places that hold most of the missing values */
            for (int pick = 0; pick < 3; pick++) {
                const regio_where *best = NULL;
                size_t bestn = 0;
                for (size_t i = 0; i < ncells; i++) {
                    const regio_where *w = cells[i].where;
                    if (!w) continue;
                    int used = 0; /* already named */
                    for (size_t j = 0; j < i && !used; j++) used = cells[j].where == w;
                    if (used) continue;
                    size_t k = 0;
                    for (size_t j = i; j < ncells; j++) k += cells[j].where == w;
                    char fp[400];
                    first_place(r->lang == REGIO_LANG_ZH ? w->where_zh : w->where_en, fp, sizeof fp);
                    if (k > bestn && !strstr(wheres, fp)) { best = w; bestn = k; }
                }
                if (!best) break;
                char fp[400];
                first_place(r->lang == REGIO_LANG_ZH ? best->where_zh : best->where_en, fp, sizeof fp);
                size_t len = strlen(wheres);
                snprintf(wheres + len, sizeof wheres - len, RTR(r, "%s%s（%zu 个）", "%s%s (%zu)"), len ? RTR(r, "；", "; ") : "", fp, bestn);
                nplaces++;
            }
        }
        char why[1400] = "", rest[2400] = "";
        if (ngt && r->lang == REGIO_LANG_ZH) snprintf(why, sizeof why, "，其中 %zu 个因规划未列出%s的成员名单而无法计算", ngt, groups);
        else if (ngt) snprintf(why, sizeof why, "; %zu of them cannot be computed, the plan lists no members for %s", ngt, groups);
        size_t nbrk = 0; /* not assessed: the span crosses a series break (regio_track_apply_breaks) */
        for (size_t i = 0; i < l->n; i++) nbrk += l->items[i].across_break < 0;
        if (nbrk) {
            size_t len = strlen(why);
            snprintf(why + len, sizeof why - len, RTR(r, "%s%zu 个因基期以来跨越统计口径变化而不作评估（见%s）", "%s%zu not assessed because their span crosses a series break (see %s)"),
                     len ? RTR(r, "，", "; ") : RTR(r, "，其中 ", "; "), nbrk, ref_t);
        }
        char at[1300] = "";
        if (*wheres) snprintf(at, sizeof at, RTR(r, "，主要见于：%s", ", mostly in: %s"), wheres);
        if (ncells && r->lang == REGIO_LANG_ZH) snprintf(rest, sizeof rest, "；%s缺 %zu 个数值（%d年，逐项见%s）%s", ngt ? "其余" : "", ncells, nd->year, ref_a, at);
        else if (ncells) snprintf(rest, sizeof rest, "; %s lack %zu values (%d, listed in %s)%s", ngt ? "the others" : "they", ncells, nd->year, ref_a, at);
        else if (*inds && r->lang == REGIO_LANG_ZH) snprintf(rest, sizeof rest, "；补充以下指标基期以后的数据即可判断其余目标：%s（见%s）", inds, ref_a);
        else if (*inds) snprintf(rest, sizeof rest, "; figures after the baseline for these indicators would settle the others: %s (see %s)", inds, ref_a);
        if (r->lang == REGIO_LANG_ZH) s_line(&d, 1, "%zu 个目标%s%s%s。", nn, nbrk ? "无法判断" : "缺少基期以后的数据", why, rest);
        else s_line(&d, 1, "%zu target%s %s%s%s.", nn, nn == 1 ? "" : "s", nbrk ? "cannot be judged" : "without data after the baseline", why, rest);
        if (ncells) snprintf(inds, sizeof inds, RTR(r, "%zu 个数值", "%zu values"), ncells);
        regio_needs_cells_free(cells, by, ncells);
        regio_needs_free(nd);
        PROBLEM(RTR(r, "监测数据缺口大：%zu 个目标（占 %.0f%%）缺少基期以后的数据，无法判断进展。", "Large data gaps: %zu target(s) (%.0f%%) without data after the baseline cannot be judged."),
                nn, 100.0 * (double)nn / (double)l->n);
        if (*inds) ADVICE(RTR(r, "建立目标监测数据的年度报送，补齐%s所列数据（%s）。", "Set up a yearly return of the monitoring data and fill in the figures listed in %s (%s)."), ref_a, inds);
        if (*groups) ADVICE(RTR(r, "明确%s的范围（成员名单），使相关目标可以计算。", "Define the extent (the member list) of %s so that its targets can be computed."), groups);
    }
    /* rules R1 and R3 on the assessed targets */
    for (size_t i = 0; i < l->n; i++) {
        const regio_track_result *x = &l->items[i];
        const regio_target *t = &plan->targets[x->target];
        const regio_track_eval *e = &x->eval;
        regio_track_category c = e->category;
        if (c == REGIO_TRACK_NO_DATA) continue;
        /* a gap target has no rates to fall short of, and its line above names the year of its latest figure */
        if (x->is_gap) continue;
        if ((c == REGIO_TRACK_MODERATE || is_red(c)) && out_of_reach(x, t)) {
            char rem[64], act[64], proj[160] = "";
            rate(r, plan, x, e->remaining_rate, rem, sizeof rem);
            rate(r, plan, x, e->actual_rate, act, sizeof act);
            if (x->spec.method != REGIO_TRACK_GROWTH && !isnan(e->projected_value)) {
                char pv[64];
                val(r, plan, x, e->projected_value, pv, sizeof pv);
                if (r->lang == REGIO_LANG_ZH) snprintf(proj, sizeof proj, "（趋势外推%d年为 %s）", t->target_year, pv);
                else snprintf(proj, sizeof proj, " (the trend gives %s in %d)", pv, t->target_year);
            }
            char left[64];
            if (e->latest_year + 1 >= t->target_year) snprintf(left, sizeof left, RTR(r, "%d年需增长", "in %d"), t->target_year);
            else snprintf(left, sizeof left, RTR(r, "%d–%d年需每年", "a year in %d–%d"), e->latest_year + 1, t->target_year);
            if (r->lang == REGIO_LANG_ZH)
                PROBLEM("%s：%s %s，而%d–%d年实际每年 %s；按%d–%d年趋势，%d年达不到目标%s（见%s）。", tname(r, t), left, rem, e->baseline_year,
                        e->latest_year, act, e->baseline_year, e->latest_year, t->target_year, proj, ref_t);
            else
                PROBLEM("%s needs %s %s against %s a year achieved in %d–%d: not reachable on the %d–%d trend by %d%s (see %s).", tname(r, t), rem, left, act,
                        e->baseline_year, e->latest_year, e->baseline_year, e->latest_year, t->target_year, proj, ref_t);
            if (is_red(c))
                ADVICE(RTR(r, "%s：制定专项推进措施；若中期评估确认按现有趋势无法实现，按程序研究调整目标。",
                           "%s: a dedicated programme; if the mid-term assessment confirms it is out of reach on the trend, review the target by the due procedure."),
                       tname(r, t));
            else if (r->lang == REGIO_LANG_ZH)
                ADVICE("%s：加快推进，%s %s。", tname(r, t), left, rem);
            else
                ADVICE("%s: speed up to %s %s.", tname(r, t), rem, left);
        }
        if (e->latest_year && e->latest_year < r->year)
            PROBLEM(RTR(r, "%s的最新数据为%d年，晚于报告年份%d年的数据尚未取得。", "%s: the latest figure is for %d; figures for %d are not in yet."), tname(r, t),
                    e->latest_year, r->year);
    }
    size_t nstale = 0;
    for (size_t i = 0; i < l->n; i++)
        nstale += l->items[i].eval.category != REGIO_TRACK_NO_DATA && l->items[i].eval.latest_year && l->items[i].eval.latest_year < r->year;
    if (nstale && r->lang == REGIO_LANG_ZH) ADVICE("%d年统计公报和年鉴发布后，更新数据滞后的 %zu 个目标。", r->year, nstale);
    else if (nstale) ADVICE("Update the %zu target%s with older figures once the %d bulletins and yearbooks are out.", nstale, nstale == 1 ? "" : "s", r->year);
    /* the regional gaps */
    const regio_rtable *bt = regio__report_table_find(r, "beta"), *gc = regio__report_table_find(r, "gap_county");
    if (gt || gc) {
        s_head(&d, RTR(r, "区域差距", "Regional gaps"));
        char gtitle[300] = ""; /* "州市人均地区生产总值差距" / "the gap in prefecture GDP per capita" */
        long gk = r->config->gap_indicator;
        regio_level glv = r->config->gap_level;
        if (gk >= 0 && r->lang == REGIO_LANG_ZH)
            snprintf(gtitle, sizeof gtitle, "%s%s差距", glv == REGIO_LEVEL_PREFECTURE ? "州市" : glv == REGIO_LEVEL_COUNTY ? "县域" : "", plan->indicators[gk].name_zh);
        else if (gk >= 0)
            snprintf(gtitle, sizeof gtitle, "The gap in %s %s", glv == REGIO_LEVEL_PREFECTURE ? "prefecture" : glv == REGIO_LEVEL_COUNTY ? "county" : "provincial",
                     plan->indicators[gk].name_en);
        /* one line: the comparable span (after the series breaks), the CV and Gini over it, β-convergence */
        char brk[300] = "", chg[400] = "", beta[300] = "";
        if (gt && *breaks_at && r->lang == REGIO_LANG_ZH) snprintf(brk, sizeof brk, "%d–%d年序列在%s年有统计口径变化，只比较口径一致的年份；", gy0, gy1, breaks_at);
        else if (gt && *breaks_at) snprintf(brk, sizeof brk, "the %d–%d series breaks in %s, only years on the same basis are compared; ", gy0, gy1, breaks_at);
        if (gt && gt->nrows && gt->nrows < kb + 2)
            snprintf(chg, sizeof chg, RTR(r, "口径一致的年份只有%d年，无法判断差距的变化", "only %d is on the current basis: the change cannot be judged"), gy1);
        int wider = 0, sig = 0;
        if (gt && gt->nrows >= kb + 2) {
            wider = cv1 > cv0;
            double g0 = regio__report_num(gt, kb, "gini"), g1 = regio__report_num(gt, gt->nrows - 1, "gini");
            if (r->lang == REGIO_LANG_ZH)
                snprintf(chg, sizeof chg, "变异系数由%d年的 %.4f %s至%d年的 %.4f，基尼系数由 %.4f 变为 %.4f", sy0, cv0, wider ? "升" : "降", gy1, cv1, g0, g1);
            else
                snprintf(chg, sizeof chg, "the coefficient of variation %s from %.4f in %d to %.4f in %d, the Gini from %.4f to %.4f", wider ? "rose" : "fell", cv0,
                         sy0, cv1, gy1, g0, g1);
            if (bt && bt->nrows) {
                double bb = regio__report_num(bt, 0, "beta"), p = regio__report_num(bt, 0, "p");
                sig = bb < 0 && p < 0.05;
                if (r->lang == REGIO_LANG_ZH)
                    snprintf(beta, sizeof beta, "；绝对 β 收敛（%s）β = %.5f，p = %.4f，%s", regio__report_text(bt, 0, "period"), bb, p,
                             bb < 0 ? (p < 0.05 ? "在 5% 水平上显著收敛" : "方向为收敛但不显著") : "没有收敛");
                else
                    snprintf(beta, sizeof beta, "; absolute β-convergence (%s) β = %.5f, p = %.4f: %s", regio__report_text(bt, 0, "period"), bb, p,
                             bb < 0 ? (p < 0.05 ? "significant at 5%" : "convergent in sign, not significant") : "no convergence");
            }
        }
        if (gt && (*brk || *chg)) s_line(&d, 1, RTR(r, "%s：%s%s%s（见%s）。", "%s: %s%s%s (see %s)."), gtitle, brk, chg, beta, ref_g);
        if (gt && gt->nrows >= kb + 2) {
            if (wider && gt->nrows - kb >= 3) { /* R4 needs three comparable years: one year's change is not a trend */
                if (r->lang == REGIO_LANG_ZH)
                    PROBLEM("%s扩大：变异系数由%d年的 %.4f 升至%d年的 %.4f%s。", gtitle, sy0, cv0, gy1, cv1, sig ? "" : "，且没有显著的 β 收敛");
                else
                    PROBLEM("%s widened: the coefficient of variation rose from %.4f in %d to %.4f in %d%s.", gtitle, cv0, sy0, cv1, gy1,
                            sig ? "" : ", with no significant β-convergence");
                if (r->lang == REGIO_LANG_ZH) ADVICE("把缩小%s列为区域政策的重点监测内容。", gtitle);
                else ADVICE("Make narrowing the gap a monitored priority of the regional policy (%s).", gtitle);
            }
        }
        for (size_t i = 0; gc && i < gc->nrows; i++) {
            double sh = regio__report_num(gc, i, "between_share");
            if (!isfinite(sh)) continue;
            if (r->lang == REGIO_LANG_ZH)
                s_line(&d, 1, "%s（%d年，%0.f 个县）：基尼系数 %.4f，板块间差距占泰尔指数的 %.1f%%（见%s）。", regio__report_text(gc, i, "indicator"), (int)regio__report_num(gc, i, "year"),
                       regio__report_num(gc, i, "n"), regio__report_num(gc, i, "gini"), sh, ref_g);
            else
                s_line(&d, 1, "%s (%d, %.0f counties): Gini %.4f; the gap between blocks is %.1f%% of the Theil index (see %s).", regio__report_text(gc, i, "indicator"),
                       (int)regio__report_num(gc, i, "year"), regio__report_num(gc, i, "n"), regio__report_num(gc, i, "gini"), sh, ref_g);
            break; /* the headline: the first indicator */
        }
    }
    /* the evaluation */
    s_head(&d, RTR(r, "分类综合评价", "Classified evaluation"));
    int evaluated = 0, provisional = 0, sensitive = 0;
    char partial[1536] = ""; /* R7: the zone types whose ranking misses mandated dimensions */
    size_t npartial = 0;
    for (int zt = 0; zt < REGIO_NZONES; zt++) {
        char key[32];
        snprintf(key, sizeof key, "eval_%s", regio_zone_code(zt));
        const regio_rtable *et = regio__report_table_find(r, key);
        if (!et || !et->nrows) continue;
        size_t ranked = 0;
        double *w = malloc(sizeof(double) * et->nrows);
        for (size_t i = 0; i < et->nrows; i++) {
            if (!isfinite(regio__report_num(et, i, "rank"))) continue;
            if (w) w[ranked] = regio__report_num(et, i, "rank_p95") - regio__report_num(et, i, "rank_p05");
            ranked++;
        }
        double mw = NAN;
        if (w && ranked) { qsort(w, ranked, sizeof *w, cmp_double); mw = ranked % 2 ? w[ranked / 2] : (w[ranked / 2 - 1] + w[ranked / 2]) / 2; }
        free(w);
        if (!ranked) continue;
        evaluated = 1;
        const char *zt_text = regio__report_text(et, 0, "zone_types");
        if (zt_text && strcmp(zt_text, RTR(r, "暂定", "provisional")) == 0) provisional = 1;
        if (isfinite(mw) && mw > (double)ranked / 4) sensitive = 1;
        /* the plan's mandated dimensions this zone type's ranking misses (eval_mandate), and the first county's marks */
        char missing[512] = "";
        const regio_rtable *mt = regio__report_table_find(r, "eval_mandate");
        for (size_t i = 0; mt && i < mt->nrows; i++) {
            const char *zn = regio__report_text(mt, i, "zone"), *ms = regio__report_text(mt, i, "measured"), *dim = regio__report_text(mt, i, "dimension");
            if (zn && ms && dim && strcmp(zn, regio_zone_name(zt, r->lang)) == 0 && strncmp(ms, "是", strlen("是")) != 0 && strncmp(ms, "yes", 3) != 0)
                join(r, missing, sizeof missing, dim);
        }
        const char *marks = regio__report_text(et, 0, "marks");
        char mk[300] = "";
        if (marks && *marks && strcmp(marks, RTR(r, "部分排名", "partial ranking")) != 0) snprintf(mk, sizeof mk, RTR(r, "（%s）", " (%s)"), marks);
        size_t nmiss = 0; /* the dimensions missing, counted on the joined list */
        for (const char *q = missing; *missing && q; q = strstr(q + 1, RTR(r, "、", ", "))) nmiss++;
        char part[120] = "";
        if (nmiss && r->lang == REGIO_LANG_ZH) snprintf(part, sizeof part, "；部分排名，缺 %zu 个规定维度", nmiss);
        else if (nmiss) snprintf(part, sizeof part, "; partial, %zu mandated dimension%s missing", nmiss, nmiss == 1 ? "" : "s");
        if (r->lang == REGIO_LANG_ZH)
            s_line(&d, 1, "%s（%zu 个县）：%s居首%s，得分 %.2f，排名区间 %.0f–%.0f；区间中位宽度 %.0f 位%s（见%s）。", regio_zone_name(zt, r->lang), ranked,
                   regio__report_text(et, 0, "name"), mk, regio__report_num(et, 0, "score"), regio__report_num(et, 0, "rank_p05"), regio__report_num(et, 0, "rank_p95"), mw, part, ref_e);
        else
            s_line(&d, 1, "%s (%zu counties): %s first%s, score %.2f, rank interval %.0f–%.0f; median interval %.0f places%s (see %s).",
                   regio_zone_name(zt, r->lang), ranked, regio__report_text(et, 0, "name"), mk, regio__report_num(et, 0, "score"), regio__report_num(et, 0, "rank_p05"),
                   regio__report_num(et, 0, "rank_p95"), mw, part, ref_e);
        if (*missing) {
            size_t len = strlen(partial);
            snprintf(partial + len, sizeof partial - len, RTR(r, "%s%s缺%s", "%s%s without %s"), len ? RTR(r, "；", "; ") : "", regio_zone_name(zt, r->lang), missing);
            npartial++;
        }
    }
    if (!evaluated) s_line(&d, 1, RTR(r, "分类综合评价未能进行（见%s）。", "The classified evaluation could not be run (see %s)."), ref_e);
    /* R7 and R5 share a problem and a recommendation: the ranking is partial, its zone types provisional */
    if (provisional)
        s_line(&d, 1, "%s", RTR(r, "注意：所用主体功能区类型为按规则推定的暂定类型，不是官方名单，排名仅供参考。",
                                "Caveat: the zone types are provisional (derived by a rule, not the official list); the ranks are indicative only."));
    if (npartial || provisional) {
        char pz[1800] = "", az[400] = "";
        if (npartial && r->lang == REGIO_LANG_ZH) snprintf(pz, sizeof pz, "分类评价为部分排名，缺少规划要求的考核维度：%s%s", partial, provisional ? "；" : "");
        else if (npartial) snprintf(pz, sizeof pz, "The evaluation's rankings are partial, without dimensions the plan mandates: %s%s", partial, provisional ? "; " : "");
        if (provisional) {
            size_t len = strlen(pz);
            snprintf(pz + len, sizeof pz - len, "%s", npartial ? RTR(r, "所用主体功能区类型为暂定类型，不是官方县级名单", "the zone types are provisional, not the official county list")
                                                          : RTR(r, "分类综合评价所用主体功能区类型为暂定类型，不是官方县级名单", "The classified evaluation uses provisional zone types, not the official county list"));
        }
        PROBLEM(RTR(r, "%s（见%s）。", "%s (see %s)."), pz, ref_e);
        if (npartial && provisional) snprintf(az, sizeof az, "%s", RTR(r, "补充所缺考核维度的县级指标数据，取得官方县级主体功能区名单后，重新进行分类综合评价。",
                                                                    "Collect county indicators for the missing dimensions, obtain the official county list of zone types, and re-run the classified evaluation."));
        else if (npartial) snprintf(az, sizeof az, "%s", RTR(r, "补充所缺考核维度的县级指标数据后重新进行分类评价。", "Collect county indicators for the missing dimensions and re-run the classified evaluation."));
        else snprintf(az, sizeof az, "%s", RTR(r, "取得官方县级主体功能区名单后重新进行分类综合评价。", "Re-run the classified evaluation on the official county list of zone types."));
        ADVICE("%s", az);
    }
    if (sensitive) {
        PROBLEM(RTR(r, "分类评价排名对方法选择敏感：排名区间中位宽度超过参评县数的四分之一（见%s）。",
                    "The evaluation's ranks are sensitive to the method: the median rank interval is wider than a quarter of the counties ranked (see %s)."),
                ref_e);
        ADVICE("%s", RTR(r, "使用分类评价结果时以排名区间而不是单一名次为准。", "Read the evaluation's ranks with their intervals, not as single places."));
    }
    /* problems and recommendations */
    s_head(&d, RTR(r, "存在问题", "Problems"));
    for (size_t i = 0; i < np; i++) s_line(&d, 1, "%s", problems[i]);
    if (!np) s_line(&d, 1, "%s", RTR(r, "按所列规则未发现问题。", "The stated rules find no problem."));
    s_head(&d, RTR(r, "下一步建议", "Recommendations"));
    for (size_t i = 0; i < na; i++) s_line(&d, 1, "%s", advice[i]);
    if (!na) s_line(&d, 1, "%s", RTR(r, "按所列规则无建议。", "The stated rules give no recommendation."));
    if (d.in_list) regio_svg_printf(d.html, "</ul>");
    if (d.html->failed || d.text->failed) { rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); goto out; }
    regio__report_htmlf(r, "<div class=\"summary\">%s</div>", d.html->buf);
    free(r->summary_text);
    r->summary_text = strdup(d.text->buf);
    if (!r->summary_text) rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
out:
#undef PROBLEM
#undef ADVICE
    regio_svg_free(d.html);
    regio_svg_free(d.text);
    regio_track_list_free(l);
    return rc;
}
