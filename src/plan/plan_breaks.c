/* plan_breaks.c — breaks.csv, the series breaks of a plan's data, and the one question every span-based
 * computation asks of them: does this span of years cross a break?
 *
 * Chinese statistics are revised in levels after each census: the fourth national economic census revised
 * 2018 GDP (Yunnan's prefectures jump ~28% from 2018 to 2019 in the shipped series), the 2020 census reset the
 * prefectures' resident population. A growth rate over such a span measures the revision. The plan directory
 * declares each break (indicator, first year on the new basis, optionally one level or one region, the reason
 * in both languages and a source); growth, CAGR, convergence and trend computations look it up here through
 * regio_plan_break_between. The file is optional: a plan without it declares no break.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "plan/plan_internal.h"

int regio_plan_load_breaks(regio_plan *p, const char *dir, regio_error *err) {
    static const char *const C[] = {"indicator", "from_year", "reason_zh", "reason_en", "source", "level", "region"};
    plan_file f;
    int rc = regio__plan_file_open_opt(&f, dir, "breaks.csv", C, 5, 7, err);
    if (rc || !f.t) goto out;
    p->breaks = calloc(f.t->nrows ? f.t->nrows : 1, sizeof *p->breaks);
    if (!p->breaks) { rc = PLAN_OOM(err); goto out; }
    for (size_t i = 0; i < f.t->nrows; i++) {
        regio_break *b = &p->breaks[p->nbreaks++];
        const char *ind = regio__plan_file_cell(&f, i, 0), *lv = regio__plan_file_cell(&f, i, 5), *reg = regio__plan_file_cell(&f, i, 6);
        long y;
        b->level = -1;
        b->region = -1;
        if ((rc = regio__plan_file_fields(err, &f, i)) || (rc = regio__plan_file_need(err, &f, i, "indicator", ind)) ||
            (rc = regio__plan_file_need(err, &f, i, "from_year", regio__plan_file_cell(&f, i, 1))) ||
            (rc = regio__plan_file_int(err, &f, i, "from_year", regio__plan_file_cell(&f, i, 1), &y)) ||
            (rc = regio__plan_file_need(err, &f, i, "reason_zh", regio__plan_file_cell(&f, i, 2))) ||
            (rc = regio__plan_file_need(err, &f, i, "reason_en", regio__plan_file_cell(&f, i, 3))) ||
            (rc = regio__plan_file_need(err, &f, i, "source", regio__plan_file_cell(&f, i, 4))))
            goto out;
        b->indicator = regio_plan_indicator(p, ind);
        if (b->indicator < 0) { rc = regio__plan_file_bad(err, &f, i, "indicator", "指标编码不存在", "unknown indicator code", ind); goto out; }
        if (y < 1000 || y > 9999) { rc = regio__plan_file_bad(err, &f, i, "from_year", "不是有效年份", "not a valid year", regio__plan_file_cell(&f, i, 1)); goto out; }
        b->from_year = (int)y;
        if (*lv) {
            regio_level l;
            if (regio_level_parse(lv, &l))
                { rc = regio__plan_file_bad(err, &f, i, "level", "应为 province、prefecture 或 county（或留空表示所有层级）", "must be province, prefecture or county (or empty for every level)", lv); goto out; }
            b->level = (int)l;
        }
        if (*reg) {
            b->region = regio_plan_region(p, reg);
            if (b->region < 0) { rc = regio__plan_file_bad(err, &f, i, "region", "地区编码不存在", "unknown region code", reg); goto out; }
            if (b->level >= 0 && (int)p->regions[b->region].level != b->level)
                { rc = regio__plan_file_bad(err, &f, i, "region", "地区不属于该行所写的层级", "the region is not of the row's level", reg); goto out; }
            b->level = (int)p->regions[b->region].level;
        }
        b->reason_zh = regio_strdup(regio__plan_file_cell(&f, i, 2));
        b->reason_en = regio_strdup(regio__plan_file_cell(&f, i, 3));
        b->source = regio_strdup(regio__plan_file_cell(&f, i, 4));
        if (!b->reason_zh || !b->reason_en || !b->source) { rc = PLAN_OOM(err); goto out; }
    }
out:
    regio_table_free(f.t);
    return rc;
}

/* Whether break b concerns the values asked for (level lv or -1, region or -1). */
static int applies(const regio_plan *p, const regio_break *b, int lv, long region) {
    if (region >= 0) {
        if (b->region >= 0) return b->region == region;
        return b->level < 0 || b->level == (int)p->regions[region].level;
    }
    return b->level < 0 || lv < 0 || b->level == lv;
}

static long first_break(const regio_plan *p, long ind, int lv, long region, int y0, int y1, long best) {
    if (ind < 0) return best;
    for (size_t i = 0; i < p->nbreaks; i++) {
        const regio_break *b = &p->breaks[i];
        if (b->indicator != ind || b->from_year <= y0 || b->from_year > y1 || !applies(p, b, lv, region)) continue;
        if (best < 0 || b->from_year < p->breaks[best].from_year) best = (long)i;
    }
    return best;
}

long regio_plan_break_between(const regio_plan *p, size_t ind, int lv, long region, int y0, int y1) {
    if (!p || ind >= p->nindicators || y1 <= y0) return -1;
    const regio_indicator *x = &p->indicators[ind];
    long best = first_break(p, (long)ind, lv, region, y0, y1, -1);
    best = first_break(p, x->numerator, lv, region, y0, y1, best);
    best = first_break(p, x->denominator, lv, region, y0, y1, best);
    best = first_break(p, x->weight, lv, region, y0, y1, best);
    return best;
}

int regio_plan_span_check(const regio_plan *p, size_t ind, long weight, int lv, long region, int y0, int y1, int across,
                          char *note_zh, char *note_en, size_t cap, regio_error *err) {
    if (note_zh && cap) *note_zh = '\0';
    if (note_en && cap) *note_en = '\0';
    long b = regio_plan_break_between(p, ind, lv, region, y0, y1);
    size_t which = ind;
    if (b < 0 && weight >= 0) { b = regio_plan_break_between(p, (size_t)weight, lv, region, y0, y1); which = (size_t)weight; }
    if (b < 0) return REGIO_OK;
    const regio_break *x = &p->breaks[b];
    const char *code = p->indicators[which].code, *broken = p->indicators[x->indicator].code;
    if (!across) {
        char zh[REGIO_ERRMSG_MAX], en[REGIO_ERRMSG_MAX];
        snprintf(zh, sizeof zh, "%d–%d 年跨越了 %s 的序列断点（%s 自 %d 年起口径改变：%s）：跨断点的增长、收敛和趋势衡量的是修订而不是发展；"
                 "请选断点同一侧的年份，或加 --across-breaks 仍然计算（结果会注明）", y0, y1, code, broken, x->from_year, x->reason_zh);
        snprintf(en, sizeof en, "%d–%d crosses a series break of %s (%s is on a new basis from %d: %s): growth, convergence and trends "
                 "across it measure the revision, not the economy; choose years on one side of it, or add --across-breaks to compute "
                 "anyway (the result says so)", y0, y1, code, broken, x->from_year, x->reason_en);
        return regio_error_set_text(err, REGIO_EINVAL, zh, en);
    }
    if (note_zh && cap)
        snprintf(note_zh, cap, "注意：%d–%d 年跨越 %s 的序列断点（%s 自 %d 年起口径改变：%s），结果包含修订的影响（--across-breaks）",
                 y0, y1, code, broken, x->from_year, x->reason_zh);
    if (note_en && cap)
        snprintf(note_en, cap, "note: %d–%d crosses a series break of %s (%s is on a new basis from %d: %s); the result includes the revision (--across-breaks)",
                 y0, y1, code, broken, x->from_year, x->reason_en);
    return REGIO_OK;
}
