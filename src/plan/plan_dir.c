/* plan_dir.c — read a plan directory into a regio_plan.
 *
 * The files are the ones a planner edits (see docs/data.md): regions.csv, partitions.csv, groups.csv,
 * group_members.csv, indicators.csv, targets.csv (the optional monitored.csv, breaks.csv and where_found.csv
 * are read by plan_monitor.c, plan_breaks.c and plan_where.c).
 * Every cell is checked (types, enums, references to other rows) and the first problem is reported with file, line and column, because a plan that loads with a
 * silent mistake would poison every figure computed from it. Observations are not read here: they go
 * through the importer (regio_import_file), as any other data file does.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "plan/plan_internal.h"
#include "regio/plan.h"
#include "regio/table.h"

/* ---- regions ---- */

static int load_regions(regio_plan *p, const char *dir, regio_error *err) {
    static const char *const C[] = {"code", "name_zh", "name_en", "level", "parent", "kind", "area_km2",
                                    "area_source", "source"};
    plan_file f;
    int rc = regio__plan_file_open(&f, dir, "regions.csv", C, 4, 9, err);
    if (rc) goto out;
    p->regions = calloc(f.t->nrows ? f.t->nrows : 1, sizeof *p->regions);
    if (!p->regions) { rc = PLAN_OOM(err); goto out; }
    for (size_t i = 0; i < f.t->nrows; i++) {
        regio_region *r = &p->regions[p->nregions++];
        const char *lv = regio__plan_file_cell(&f, i, 3);
        if ((rc = regio__plan_file_fields(err, &f, i)) || (rc = regio__plan_file_need(err, &f, i, "code", regio__plan_file_cell(&f, i, 0))) ||
            (rc = regio__plan_file_need(err, &f, i, "name_zh", regio__plan_file_cell(&f, i, 1))))
            goto out;
        if (regio_level_parse(lv, &r->level))
            { rc = regio__plan_file_bad(err, &f, i, "level", "应为 province、prefecture 或 county", "must be province, prefecture or county", lv); goto out; }
        r->code = regio_strdup(regio__plan_file_cell(&f, i, 0));
        r->name_zh = regio_strdup(regio__plan_file_cell(&f, i, 1));
        r->name_en = regio_strdup(regio__plan_file_cell(&f, i, 2));
        r->kind = regio_strdup(regio__plan_file_cell(&f, i, 5));
        r->area_source = regio_strdup(regio__plan_file_cell(&f, i, 7));
        r->source = regio_strdup(regio__plan_file_cell(&f, i, 8));
        r->parent = -1;
        if (!r->code || !r->name_zh || !r->name_en || !r->kind || !r->area_source || !r->source) { rc = PLAN_OOM(err); goto out; }
        if ((rc = regio__plan_file_number(err, &f, i, "area_km2", regio__plan_file_cell(&f, i, 6), &r->area_km2))) goto out;
        if (!isnan(r->area_km2) && r->area_km2 <= 0)
            { rc = regio__plan_file_bad(err, &f, i, "area_km2", "面积必须为正数", "area must be positive", regio__plan_file_cell(&f, i, 6)); goto out; }
    }
    /* parents are resolved after every code is known, so rows may come in any order */
    rc = regio_plan_index(p, err);
    if (rc) goto out;
    for (size_t i = 0; i < f.t->nrows; i++) {
        regio_region *r = &p->regions[i];
        const char *par = regio__plan_file_cell(&f, i, 4);
        if (regio_plan_region(p, r->code) != (long)i) {
            rc = regio__plan_file_bad(err, &f, i, "code", "编码重复", "duplicate code", r->code);
            goto out;
        }
        if (!*par) continue;
        r->parent = regio_plan_region(p, par);
        if (r->parent < 0) { rc = regio__plan_file_bad(err, &f, i, "parent", "上级地区编码不存在", "unknown parent region code", par); goto out; }
        if (p->regions[r->parent].level >= r->level)
            { rc = regio__plan_file_bad(err, &f, i, "parent", "上级地区的层级必须高于本地区", "the parent must be at a higher level", par); goto out; }
    }
    size_t roots = 0;
    for (size_t i = 0; i < p->nregions; i++) roots += p->regions[i].parent < 0;
    if (p->nregions == 0 || roots != 1)
        rc = regio_error_set(err, REGIO_EINVAL, "regions.csv：必须恰有一个没有上级的地区（省），实际 %zu 个",
                             "regions.csv: exactly one region must have no parent (the province); found %zu", roots);
out:
    regio_table_free(f.t);
    return rc;
}

/* ---- indicators ---- */

static int load_indicators(regio_plan *p, const char *dir, regio_error *err) {
    static const char *const C[] = {"code", "name_zh", "name_en", "unit", "direction", "aggregate", "numerator",
                                    "denominator", "weight", "scale", "min", "max", "decimals", "note"};
    static const char *const DIRS[] = {"higher", "lower", "neutral"};
    static const char *const AGGS[] = {"sum", "ratio", "wmean", "none"};
    plan_file f;
    int rc = regio__plan_file_open(&f, dir, "indicators.csv", C, 6, 14, err);
    if (rc) goto out;
    p->indicators = calloc(f.t->nrows ? f.t->nrows : 1, sizeof *p->indicators);
    if (!p->indicators) { rc = PLAN_OOM(err); goto out; }
    for (size_t i = 0; i < f.t->nrows; i++) {
        regio_indicator *x = &p->indicators[p->nindicators++];
        int d = regio__plan_file_enum(regio__plan_file_cell(&f, i, 4), DIRS, 3), a = regio__plan_file_enum(regio__plan_file_cell(&f, i, 5), AGGS, 4);
        long dec;
        if ((rc = regio__plan_file_fields(err, &f, i)) || (rc = regio__plan_file_need(err, &f, i, "code", regio__plan_file_cell(&f, i, 0))) ||
            (rc = regio__plan_file_need(err, &f, i, "name_zh", regio__plan_file_cell(&f, i, 1))))
            goto out;
        if (d < 0) { rc = regio__plan_file_bad(err, &f, i, "direction", "应为 higher、lower 或 neutral", "must be higher, lower or neutral", regio__plan_file_cell(&f, i, 4)); goto out; }
        if (a < 0) { rc = regio__plan_file_bad(err, &f, i, "aggregate", "应为 sum、ratio、wmean 或 none", "must be sum, ratio, wmean or none", regio__plan_file_cell(&f, i, 5)); goto out; }
        x->direction = (regio_direction)d;
        x->agg = (regio_aggrule)a;
        x->numerator = x->denominator = x->weight = -1;
        x->code = regio_strdup(regio__plan_file_cell(&f, i, 0));
        x->name_zh = regio_strdup(regio__plan_file_cell(&f, i, 1));
        x->name_en = regio_strdup(regio__plan_file_cell(&f, i, 2));
        x->unit = regio_strdup(regio__plan_file_cell(&f, i, 3));
        x->note = regio_strdup(regio__plan_file_cell(&f, i, 13));
        if (!x->code || !x->name_zh || !x->name_en || !x->unit || !x->note) { rc = PLAN_OOM(err); goto out; }
        if ((rc = regio__plan_file_number(err, &f, i, "scale", regio__plan_file_cell(&f, i, 9), &x->scale)) ||
            (rc = regio__plan_file_number(err, &f, i, "min", regio__plan_file_cell(&f, i, 10), &x->min)) ||
            (rc = regio__plan_file_number(err, &f, i, "max", regio__plan_file_cell(&f, i, 11), &x->max)) ||
            (rc = regio__plan_file_int(err, &f, i, "decimals", regio__plan_file_cell(&f, i, 12), &dec)))
            goto out;
        if (isnan(x->scale)) x->scale = 1.0;
        x->decimals = *regio__plan_file_cell(&f, i, 12) ? (int)dec : 2;
        if (!isnan(x->min) && !isnan(x->max) && x->min > x->max)
            { rc = regio__plan_file_bad(err, &f, i, "min", "下限大于上限", "min is greater than max", regio__plan_file_cell(&f, i, 10)); goto out; }
    }
    if ((rc = regio_plan_index(p, err))) goto out;
    for (size_t i = 0; i < f.t->nrows; i++) {
        regio_indicator *x = &p->indicators[i];
        if (regio_plan_indicator(p, x->code) != (long)i) { rc = regio__plan_file_bad(err, &f, i, "code", "编码重复", "duplicate code", x->code); goto out; }
        const char *num = regio__plan_file_cell(&f, i, 6), *den = regio__plan_file_cell(&f, i, 7), *w = regio__plan_file_cell(&f, i, 8);
        if (x->agg == REGIO_AGG_RATIO) {
            x->numerator = regio_plan_indicator(p, num);
            x->denominator = regio_plan_indicator(p, den);
            if (x->numerator < 0) { rc = regio__plan_file_bad(err, &f, i, "numerator", "比率指标需要已定义的分子指标", "a ratio needs a declared numerator indicator", num); goto out; }
            if (x->denominator < 0) { rc = regio__plan_file_bad(err, &f, i, "denominator", "比率指标需要已定义的分母指标", "a ratio needs a declared denominator indicator", den); goto out; }
            if (x->numerator == (long)i || x->denominator == (long)i ||
                p->indicators[x->numerator].agg == REGIO_AGG_RATIO || p->indicators[x->denominator].agg == REGIO_AGG_RATIO)
                { rc = regio__plan_file_bad(err, &f, i, "aggregate", "比率的分子和分母不能是比率指标", "a ratio's numerator and denominator must not be ratios", x->code); goto out; }
        } else if (x->agg == REGIO_AGG_WMEAN) {
            x->weight = regio_plan_indicator(p, w);
            if (x->weight < 0) { rc = regio__plan_file_bad(err, &f, i, "weight", "加权平均需要已定义的权重指标", "a weighted mean needs a declared weight indicator", w); goto out; }
            if (p->indicators[x->weight].agg != REGIO_AGG_SUM)
                { rc = regio__plan_file_bad(err, &f, i, "weight", "权重指标必须按求和汇总", "the weight must be an indicator that sums", w); goto out; }
        }
    }
out:
    regio_table_free(f.t);
    return rc;
}

/* ---- partitions, groups, members ---- */

static int load_partitions(regio_plan *p, const char *dir, regio_error *err) {
    static const char *const C[] = {"code", "name_zh", "name_en", "level", "note"};
    plan_file f;
    int rc = regio__plan_file_open(&f, dir, "partitions.csv", C, 2, 5, err);
    if (rc) goto out;
    p->partitions = calloc(f.t->nrows ? f.t->nrows : 1, sizeof *p->partitions);
    if (!p->partitions) { rc = PLAN_OOM(err); goto out; }
    for (size_t i = 0; i < f.t->nrows; i++) {
        if ((rc = regio__plan_file_fields(err, &f, i)) || (rc = regio__plan_file_need(err, &f, i, "code", regio__plan_file_cell(&f, i, 0)))) goto out;
        if (regio_plan_partition(p, regio__plan_file_cell(&f, i, 0)) >= 0) { rc = regio__plan_file_bad(err, &f, i, "code", "编码重复", "duplicate code", regio__plan_file_cell(&f, i, 0)); goto out; }
        regio_partition *x = &p->partitions[p->npartitions++];
        x->code = regio_strdup(regio__plan_file_cell(&f, i, 0));
        x->name_zh = regio_strdup(regio__plan_file_cell(&f, i, 1));
        x->name_en = regio_strdup(regio__plan_file_cell(&f, i, 2));
        x->note = regio_strdup(regio__plan_file_cell(&f, i, 4));
        if (!x->code || !x->name_zh || !x->name_en || !x->note) { rc = PLAN_OOM(err); goto out; }
    }
out:
    regio_table_free(f.t);
    return rc;
}

static int load_groups(regio_plan *p, const char *dir, regio_error *err) {
    static const char *const C[] = {"code", "name_zh", "name_en", "kind", "partition", "note", "source"};
    static const char *const KINDS[] = {"block", "special", "part"};
    plan_file f;
    int rc = regio__plan_file_open(&f, dir, "groups.csv", C, 4, 7, err);
    if (rc) goto out;
    p->groups = calloc(f.t->nrows ? f.t->nrows : 1, sizeof *p->groups);
    if (!p->groups) { rc = PLAN_OOM(err); goto out; }
    for (size_t i = 0; i < f.t->nrows; i++) {
        regio_group *g = &p->groups[p->ngroups++];
        int k = regio__plan_file_enum(regio__plan_file_cell(&f, i, 3), KINDS, 3);
        const char *part = regio__plan_file_cell(&f, i, 4);
        if ((rc = regio__plan_file_fields(err, &f, i)) || (rc = regio__plan_file_need(err, &f, i, "code", regio__plan_file_cell(&f, i, 0))) ||
            (rc = regio__plan_file_need(err, &f, i, "name_zh", regio__plan_file_cell(&f, i, 1))))
            goto out;
        if (k < 0) { rc = regio__plan_file_bad(err, &f, i, "kind", "应为 block、special 或 part", "must be block, special or part", regio__plan_file_cell(&f, i, 3)); goto out; }
        g->kind = (regio_group_kind)k;
        g->partition = -1;
        if (g->kind == REGIO_GROUP_PART) {
            g->partition = regio_plan_partition(p, part);
            if (g->partition < 0) { rc = regio__plan_file_bad(err, &f, i, "partition", "分区组必须属于 partitions.csv 中的一个划分", "a part must name a partition of partitions.csv", part); goto out; }
        } else if (*part) {
            rc = regio__plan_file_bad(err, &f, i, "partition", "只有 kind=part 的组可以属于划分", "only groups of kind part belong to a partition", part);
            goto out;
        }
        g->code = regio_strdup(regio__plan_file_cell(&f, i, 0));
        g->name_zh = regio_strdup(regio__plan_file_cell(&f, i, 1));
        g->name_en = regio_strdup(regio__plan_file_cell(&f, i, 2));
        g->partition_code = regio_strdup(part);
        g->note = regio_strdup(regio__plan_file_cell(&f, i, 5));
        g->source = regio_strdup(regio__plan_file_cell(&f, i, 6));
        if (!g->code || !g->name_zh || !g->name_en || !g->partition_code || !g->note || !g->source) { rc = PLAN_OOM(err); goto out; }
    }
    if ((rc = regio_plan_index(p, err))) goto out;
    for (size_t i = 0; i < p->ngroups; i++)
        if (regio_plan_group(p, p->groups[i].code) != (long)i) { rc = regio__plan_file_bad(err, &f, i, "code", "编码重复", "duplicate code", p->groups[i].code); goto out; }
out:
    regio_table_free(f.t);
    return rc;
}

static int load_members(regio_plan *p, const char *dir, regio_error *err) {
    static const char *const C[] = {"group", "member", "note"};
    plan_file f;
    long *gi = NULL, *ri = NULL;
    int rc = regio__plan_file_open(&f, dir, "group_members.csv", C, 2, 3, err);
    if (rc) goto out;
    size_t n = f.t->nrows;
    gi = malloc((n ? n : 1) * sizeof *gi);
    ri = malloc((n ? n : 1) * sizeof *ri);
    if (!gi || !ri) { rc = PLAN_OOM(err); goto out; }
    for (size_t i = 0; i < n; i++) {
        if ((rc = regio__plan_file_fields(err, &f, i))) goto out;
        gi[i] = regio_plan_group(p, regio__plan_file_cell(&f, i, 0));
        ri[i] = regio_plan_region(p, regio__plan_file_cell(&f, i, 1));
        if (gi[i] < 0) { rc = regio__plan_file_bad(err, &f, i, "group", "组编码不存在", "unknown group code", regio__plan_file_cell(&f, i, 0)); goto out; }
        if (ri[i] < 0) { rc = regio__plan_file_bad(err, &f, i, "member", "地区编码不存在", "unknown region code", regio__plan_file_cell(&f, i, 1)); goto out; }
        p->groups[gi[i]].nmembers++;
    }
    for (size_t g = 0; g < p->ngroups; g++) {
        p->groups[g].members = malloc((p->groups[g].nmembers ? p->groups[g].nmembers : 1) * sizeof(size_t));
        if (!p->groups[g].members) { rc = PLAN_OOM(err); goto out; }
        p->groups[g].nmembers = 0;
    }
    for (size_t i = 0; i < n; i++) {
        regio_group *g = &p->groups[gi[i]];
        for (size_t k = 0; k < g->nmembers; k++)
            if (g->members[k] == (size_t)ri[i]) { rc = regio__plan_file_bad(err, &f, i, "member", "成员重复", "duplicate member", regio__plan_file_cell(&f, i, 1)); goto out; }
        g->members[g->nmembers++] = (size_t)ri[i];
    }
out:
    free(gi); free(ri);
    regio_table_free(f.t);
    return rc;
}

/* ---- targets ---- */

/* The columns measure and weight: for a gap target the partition its scope names, a known measure and, for a
 * weighted one, a weight indicator; for any other kind both must stay empty. */
static int plan_gap_fields(regio_plan *p, const plan_file *f, size_t i, int gap, const char *scope, const char *measure,
                           const char *weight, regio_target *t, regio_error *err) {
    t->scope_partition = -1;
    t->weight = -1;
    if (!gap) {
        if (*measure) return regio__plan_file_bad(err, f, i, "measure", "只有 gap 目标才有 measure", "only a gap target has a measure", measure);
        if (*weight) return regio__plan_file_bad(err, f, i, "weight", "只有 gap 目标才有 weight", "only a gap target has a weight", weight);
        return (t->measure = regio_strdup("")) ? REGIO_OK : PLAN_OOM(err);
    }
    t->scope_partition = regio_plan_partition(p, scope);
    if (t->scope_partition < 0) return regio__plan_file_bad(err, f, i, "scope", "gap 目标的范围须为分区编码（partitions.csv）", "the scope of a gap target must be a partition code (partitions.csv)", scope);
    t->scope_group = -1;
    t->scope_region = regio_plan_root(p);
    int m = regio_gap_measure_parse(measure);
    if (m < 0) return regio__plan_file_bad(err, f, i, "measure", "应为 cv、cv_w、gini、gini_w、theil_between 或 max_min", "must be cv, cv_w, gini, gini_w, theil_between or max_min", measure);
    if (regio_gap_measure_weighted((regio_gap_measure)m)) {
        t->weight = regio_plan_indicator(p, weight);
        if (t->weight < 0) return regio__plan_file_bad(err, f, i, "weight", "该差距测度需要权重指标（如 pop）", "this measure needs a weight indicator (e.g. pop)", weight);
    } else if (*weight) return regio__plan_file_bad(err, f, i, "weight", "该差距测度不加权", "this measure takes no weight", weight);
    return (t->measure = regio_strdup(measure)) ? REGIO_OK : PLAN_OOM(err);
}

static int load_targets(regio_plan *p, const char *dir, regio_error *err) {
    static const char *const C[] = {"code", "name_zh", "name_en", "scope", "indicator", "kind", "comparator", "value",
                                    "tolerance", "baseline_year", "baseline_value", "target_year", "note", "source",
                                    "measure", "weight"};
    static const char *const KINDS[] = {"level", "growth", "share", "ratio", "relation", "count", "gap"};
    static const char *const CMPS[] = {">=", "<=", "~"};
    plan_file f;
    int rc = regio__plan_file_open(&f, dir, "targets.csv", C, 12, 16, err);
    if (rc) goto out;
    p->targets = calloc(f.t->nrows ? f.t->nrows : 1, sizeof *p->targets);
    if (!p->targets) { rc = PLAN_OOM(err); goto out; }
    for (size_t i = 0; i < f.t->nrows; i++) {
        regio_target *t = &p->targets[p->ntargets++];
        const char *scope = regio__plan_file_cell(&f, i, 3), *ind = regio__plan_file_cell(&f, i, 4);
        int c = regio__plan_file_enum(regio__plan_file_cell(&f, i, 6), CMPS, 3);
        long by, ty;
        if ((rc = regio__plan_file_fields(err, &f, i)) || (rc = regio__plan_file_need(err, &f, i, "code", regio__plan_file_cell(&f, i, 0)))) goto out;
        for (size_t k = 0; k + 1 < p->ntargets; k++)
            if (strcmp(p->targets[k].code, regio__plan_file_cell(&f, i, 0)) == 0) { rc = regio__plan_file_bad(err, &f, i, "code", "编码重复", "duplicate code", regio__plan_file_cell(&f, i, 0)); goto out; }
        int kind = regio__plan_file_enum(regio__plan_file_cell(&f, i, 5), KINDS, 7);
        if (kind < 0) { rc = regio__plan_file_bad(err, &f, i, "kind", "应为 level、growth、share、ratio、relation、count 或 gap", "must be level, growth, share, ratio, relation, count or gap", regio__plan_file_cell(&f, i, 5)); goto out; }
        if ((rc = plan_gap_fields(p, &f, i, kind == 6, scope, regio__plan_file_cell(&f, i, 14), regio__plan_file_cell(&f, i, 15), t, err))) goto out;
        if (kind != 6) {
            t->scope_group = regio_plan_group(p, scope);
            t->scope_region = t->scope_group < 0 ? regio_plan_region(p, scope) : -1;
            if (t->scope_group < 0 && t->scope_region < 0) { rc = regio__plan_file_bad(err, &f, i, "scope", "既不是组编码也不是地区编码", "neither a group nor a region code", scope); goto out; }
        }
        t->indicator = regio_plan_indicator(p, ind);
        if (t->indicator < 0) { rc = regio__plan_file_bad(err, &f, i, "indicator", "指标编码不存在", "unknown indicator code", ind); goto out; }
        if (c < 0) { rc = regio__plan_file_bad(err, &f, i, "comparator", "应为 >=、<= 或 ~", "must be >=, <= or ~", regio__plan_file_cell(&f, i, 6)); goto out; }
        t->comparator = (regio_comparator)c;
        if ((rc = regio__plan_file_need(err, &f, i, "value", regio__plan_file_cell(&f, i, 7))) ||
            (rc = regio__plan_file_number(err, &f, i, "value", regio__plan_file_cell(&f, i, 7), &t->value)) ||
            (rc = regio__plan_file_number(err, &f, i, "tolerance", regio__plan_file_cell(&f, i, 8), &t->tolerance)) ||
            (rc = regio__plan_file_int(err, &f, i, "baseline_year", regio__plan_file_cell(&f, i, 9), &by)) ||
            (rc = regio__plan_file_number(err, &f, i, "baseline_value", regio__plan_file_cell(&f, i, 10), &t->baseline_value)) ||
            (rc = regio__plan_file_need(err, &f, i, "target_year", regio__plan_file_cell(&f, i, 11))) ||
            (rc = regio__plan_file_int(err, &f, i, "target_year", regio__plan_file_cell(&f, i, 11), &ty)))
            goto out;
        t->baseline_year = (int)by;
        t->target_year = (int)ty;
        if (by && ty <= by) { rc = regio__plan_file_bad(err, &f, i, "target_year", "目标年份必须晚于基期年份", "the target year must come after the baseline year", regio__plan_file_cell(&f, i, 11)); goto out; }
        if (kind == 6 && (t->comparator != REGIO_CMP_LE || !(t->value > 0))) {
            rc = regio__plan_file_bad(err, &f, i, "comparator", "差距目标（gap）须为 <=，目标值为基期差距的倍数（>0；1 = 低于基期）", "a gap target must be <= with a value that is a multiple of the baseline disparity (> 0; 1 = below the baseline)", regio__plan_file_cell(&f, i, 6));
            goto out;
        }
        t->code = regio_strdup(regio__plan_file_cell(&f, i, 0));
        t->name_zh = regio_strdup(regio__plan_file_cell(&f, i, 1));
        t->name_en = regio_strdup(regio__plan_file_cell(&f, i, 2));
        t->scope = regio_strdup(scope);
        t->kind = regio_strdup(regio__plan_file_cell(&f, i, 5));
        t->note = regio_strdup(regio__plan_file_cell(&f, i, 12));
        t->source = regio_strdup(regio__plan_file_cell(&f, i, 13));
        if (!t->code || !t->name_zh || !t->name_en || !t->scope || !t->kind || !t->note || !t->source) { rc = PLAN_OOM(err); goto out; }
    }
out:
    regio_table_free(f.t);
    return rc;
}

int regio_plan_load_dir(const char *dir, regio_plan **out, regio_error *err) {
    *out = NULL;
    regio_plan *p = calloc(1, sizeof *p);
    if (!p) return PLAN_OOM(err);
    const char *base = strrchr(dir, '/');
    base = base && base[1] ? base + 1 : dir;
    p->name = regio_strdup(base);
    int rc = !p->name ? PLAN_OOM(err) : REGIO_OK;
    if (!rc) rc = load_regions(p, dir, err);
    if (!rc) rc = load_indicators(p, dir, err);
    if (!rc) rc = load_partitions(p, dir, err);
    if (!rc) rc = load_groups(p, dir, err);
    if (!rc) rc = load_members(p, dir, err);
    if (!rc) rc = load_targets(p, dir, err);
    if (!rc) rc = regio_plan_load_monitored(p, dir, err);
    if (!rc) rc = regio_plan_load_breaks(p, dir, err);
    if (!rc) rc = regio_plan_load_aliases(p, dir, err);
    if (!rc) rc = regio_plan_load_where(p, dir, err);
    if (!rc) rc = regio_plan_finish(p, err);
    if (rc) {
        if (rc == REGIO_EINVAL || rc == REGIO_EIO)
            regio_error_prefix(err, "计划目录有误：", "plan directory: ");
        regio_plan_free(p);
        return rc;
    }
    *out = p;
    return REGIO_OK;
}
