/* track_breaks.c — targets and the plan's series breaks (breaks.csv): a target's growth from its baseline to its
 * latest figure, its CAGR ratio and its trend are measured over a span; when that span crosses a declared break
 * (a census revision), the change measures the revision, not the economy. So a target whose span crosses one is
 * not assessed (its status becomes "no data", its finding says which break) unless the caller asks to cross
 * (`regio targets --across-breaks`); then it is assessed and the finding says, next to the numbers, which break
 * the result crosses. The span of a target measured by one region's figure is checked for that region, a group's
 * for every level and region (its members may sit anywhere); the indicators a ratio or weighted mean is computed
 * from count too (regio_plan_break_between). docs/methods/tracking.md states the rule. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "regio/track.h"

/* "经济普查修订" / "economic-census revision": a break's reason up to its colon */
static void short_reason(const char *why, int zh, char *buf, size_t cap) {
    const char *cut = strstr(why ? why : "", zh ? "：" : ":");
    snprintf(buf, cap, "%.*s", cut ? (int)(cut - why) : (int)strlen(why ? why : ""), why ? why : "");
}

static int replace(char **slot, char *s) {
    if (!s) return -1;
    free(*slot);
    *slot = s;
    return 0;
}

int regio_track_apply_breaks(const regio_plan *plan, regio_track_list *l, int across, regio_error *err) {
    for (size_t i = 0; l && i < l->n; i++) {
        regio_track_result *x = &l->items[i];
        regio_track_eval *e = &x->eval;
        const regio_target *t = &plan->targets[x->target];
        if (e->category == REGIO_TRACK_NO_DATA || !e->baseline_year || !e->latest_year || e->latest_year <= e->baseline_year || t->indicator < 0)
            continue;
        /* a gap target's parts are made of members anywhere: any region counts, and its weight's breaks too */
        long region = x->is_gap ? -1 : t->scope_region >= 0 ? t->scope_region : -1;
        long b = regio_plan_break_between(plan, (size_t)t->indicator, -1, region, e->baseline_year, e->latest_year);
        if (b < 0 && x->is_gap && t->weight >= 0)
            b = regio_plan_break_between(plan, (size_t)t->weight, -1, -1, e->baseline_year, e->latest_year);
        if (b < 0) continue;
        const regio_break *br = &plan->breaks[b];
        const regio_indicator *ind = &plan->indicators[br->indicator];
        char rz[200], re[200];
        short_reason(br->reason_zh, 1, rz, sizeof rz);
        short_reason(br->reason_en, 0, re, sizeof re);
        const char *nz = t->name_zh, *nen = t->name_en;
        int bad = 0;
        x->across_break = across ? 1 : -1;
        x->break_index = b;
        if (!across) {
            bad |= replace(&x->finding_zh, regio_asprintf("%s：%d–%d年跨越%s %d年起的统计口径变化（%s），前后不可比，不作评估", nz, e->baseline_year,
                                                          e->latest_year, ind->name_zh, br->from_year, rz));
            bad |= replace(&x->finding_en, regio_asprintf("%s: %d–%d crosses the series break of %s from %d (%s): not comparable, not assessed",
                                                          nen, e->baseline_year, e->latest_year, ind->name_en, br->from_year, re));
            char *oz = x->note_zh, *oe = x->note_en;
            x->note_zh = regio_asprintf("%s%s跨越序列断点的目标不作评估；用 --across-breaks 仍可计算，结果会注明。", oz ? oz : "", oz ? " " : "");
            x->note_en = regio_asprintf("%s%sa target whose span crosses a series break is not assessed; --across-breaks computes it anyway and says so.",
                                        oe ? oe : "", oe ? " " : "");
            free(oz);
            free(oe);
            bad |= !x->note_zh || !x->note_en;
            e->category = REGIO_TRACK_NO_DATA;
            e->actual_rate = NAN; /* the change across the break measures the revision */
            e->ratio = NAN;
            e->projected_value = NAN;
            e->projected_gap = NAN;
            e->year_reached = 0;
            if (x->is_gap) { /* nor is the trend test of a span that crosses it */
                x->mk.p_decrease = x->mk.p_increase = x->mk.p_two = x->mk.sen_slope = NAN;
                x->ols_slope = x->ols_lo = x->ols_hi = x->change_pct = NAN;
            }
        } else {
            char *fz = x->finding_zh, *fe = x->finding_en;
            x->finding_zh = regio_asprintf("%s（跨越%s %d年起的统计口径变化：%s，结果包含修订的影响）", fz ? fz : "", ind->name_zh, br->from_year, rz);
            x->finding_en = regio_asprintf("%s (across the series break of %s from %d: %s; the result includes the revision)", fe ? fe : "",
                                           ind->name_en, br->from_year, re);
            free(fz);
            free(fe);
            bad |= !x->finding_zh || !x->finding_en;
        }
        if (bad) return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
    }
    return REGIO_OK;
}
