/* store_plan.c — writing a plan into the store and reading it back.
 *
 * Saving runs in one transaction. Regions and indicators are upserted, not replaced, because observations
 * refer to them; a region or indicator that left the plan is marked ord = -1 and deleted when no observation
 * refers to it, else it stays in the database, detached from its parent, and goes at a later save once
 * nothing refers to it. Either way it is no longer part of the plan that is loaded back.
 * Groups, memberships, partitions and targets have nothing pointing at them, so they are replaced whole.
 * Each table keeps the plan file's row order (column ord, >= 0 for what is in the plan) so listings read in
 * the planner's order.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "plan/plan_internal.h"
#include "store/store_internal.h"

static void bind_text(regio_stmt *s, int i, const char *t) { regio_stmt_bind_text(s, i, t ? t : ""); }
static void bind_opt_text(regio_stmt *s, int i, const char *t) {
    if (t && *t) regio_stmt_bind_text(s, i, t); else regio_stmt_bind_null(s, i);
}
static void bind_real(regio_stmt *s, int i, double v) {
    if (isnan(v)) regio_stmt_bind_null(s, i); else regio_stmt_bind_double(s, i, v);
}
static double col_real(regio_stmt *s, int i) {
    return regio_stmt_null(s, i) ? NAN : regio_stmt_double(s, i);
}

static int step_done(regio_store *st, regio_stmt *s, regio_error *err, const char *what) {
    int rc = regio_stmt_step(s) == REGIO_STMT_DONE ? REGIO_OK : regio_store_sqlerr(st, err, what);
    regio_stmt_reset(s);
    return rc;
}

int regio_store_save_plan(regio_store *st, const regio_plan *p, regio_error *err) {
    regio_stmt *s = NULL;
    int rc = regio_store_begin(st, err);
    if (rc) return rc;
    rc = regio_store_exec(st, "DELETE FROM region_alias; DELETE FROM target; DELETE FROM monitored; DELETE FROM series_break; DELETE FROM where_found; DELETE FROM group_member; DELETE FROM groups;"
                                  " DELETE FROM partitions; UPDATE region SET ord = -1; UPDATE indicator SET ord = -1;", err);
    if (rc) goto fail;
    /* regions: parents first is not needed because foreign keys are checked per statement only for rows
     * that exist; insert all rows without parents, then set parents */
    if ((rc = regio_store_prepare(st,
            "INSERT INTO region(code, name_zh, name_en, level, parent, kind, area_km2, area_source, source, ord)"
            " VALUES(?1,?2,?3,?4,NULL,?5,?6,?7,?8,?9) ON CONFLICT(code) DO UPDATE SET name_zh=?2, name_en=?3,"
            " level=?4, kind=?5, area_km2=?6, area_source=?7, source=?8, ord=?9", &s, err)))
        goto fail;
    for (size_t i = 0; i < p->nregions; i++) {
        const regio_region *r = &p->regions[i];
        bind_text(s, 1, r->code); bind_text(s, 2, r->name_zh); bind_text(s, 3, r->name_en);
        bind_text(s, 4, regio_level_name(r->level)); bind_text(s, 5, r->kind); bind_real(s, 6, r->area_km2);
        bind_text(s, 7, r->area_source); bind_text(s, 8, r->source); regio_stmt_bind_int(s, 9, (int64_t)i);
        if ((rc = step_done(st, s, err, "region"))) goto fail;
    }
    regio_stmt_finalize(s);
    if ((rc = regio_store_prepare(st, "UPDATE region SET parent = ?2 WHERE code = ?1", &s, err))) goto fail;
    for (size_t i = 0; i < p->nregions; i++) {
        const regio_region *r = &p->regions[i];
        bind_text(s, 1, r->code);
        bind_opt_text(s, 2, r->parent >= 0 ? p->regions[r->parent].code : NULL);
        if ((rc = step_done(st, s, err, "region parent"))) goto fail;
    }
    regio_stmt_finalize(s);
    if ((rc = regio_store_prepare(st,
            "INSERT INTO indicator(code, name_zh, name_en, unit, direction, aggregate, numerator, denominator, weight,"
            " scale, min, max, decimals, note, ord) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)"
            " ON CONFLICT(code) DO UPDATE SET name_zh=?2, name_en=?3, unit=?4, direction=?5, aggregate=?6,"
            " numerator=?7, denominator=?8, weight=?9, scale=?10, min=?11, max=?12, decimals=?13, note=?14, ord=?15",
            &s, err)))
        goto fail;
    for (size_t i = 0; i < p->nindicators; i++) {
        const regio_indicator *x = &p->indicators[i];
        bind_text(s, 1, x->code); bind_text(s, 2, x->name_zh); bind_text(s, 3, x->name_en); bind_text(s, 4, x->unit);
        bind_text(s, 5, regio_direction_name(x->direction)); bind_text(s, 6, regio_aggrule_name(x->agg));
        bind_opt_text(s, 7, x->numerator >= 0 ? p->indicators[x->numerator].code : NULL);
        bind_opt_text(s, 8, x->denominator >= 0 ? p->indicators[x->denominator].code : NULL);
        bind_opt_text(s, 9, x->weight >= 0 ? p->indicators[x->weight].code : NULL);
        regio_stmt_bind_double(s, 10, x->scale); bind_real(s, 11, x->min); bind_real(s, 12, x->max);
        regio_stmt_bind_int(s, 13, x->decimals); bind_text(s, 14, x->note); regio_stmt_bind_int(s, 15, (int64_t)i);
        if ((rc = step_done(st, s, err, "indicator"))) goto fail;
    }
    regio_stmt_finalize(s);
    s = NULL;
    /* what the plan no longer has: gone unless observations still refer to it */
    if ((rc = regio_store_exec(st, "UPDATE region SET parent = NULL WHERE ord < 0;"
                                   " DELETE FROM region WHERE ord < 0 AND NOT EXISTS"
                                   "  (SELECT 1 FROM observation o WHERE o.region = region.code);"
                                   " DELETE FROM indicator WHERE ord < 0 AND NOT EXISTS"
                                   "  (SELECT 1 FROM observation o WHERE o.indicator = indicator.code);", err)))
        goto fail;
    if ((rc = regio_store_prepare(st, "INSERT INTO partitions(code, name_zh, name_en, note, ord) VALUES(?,?,?,?,?)", &s, err)))
        goto fail;
    for (size_t i = 0; i < p->npartitions; i++) {
        const regio_partition *x = &p->partitions[i];
        bind_text(s, 1, x->code); bind_text(s, 2, x->name_zh); bind_text(s, 3, x->name_en); bind_text(s, 4, x->note);
        regio_stmt_bind_int(s, 5, (int64_t)i);
        if ((rc = step_done(st, s, err, "partition"))) goto fail;
    }
    regio_stmt_finalize(s);
    if ((rc = regio_store_prepare(st, "INSERT INTO groups(code, name_zh, name_en, kind, partition, note, source, ord)"
                                      " VALUES(?,?,?,?,?,?,?,?)", &s, err)))
        goto fail;
    for (size_t i = 0; i < p->ngroups; i++) {
        const regio_group *g = &p->groups[i];
        bind_text(s, 1, g->code); bind_text(s, 2, g->name_zh); bind_text(s, 3, g->name_en);
        bind_text(s, 4, regio_group_kind_name(g->kind)); bind_opt_text(s, 5, g->partition_code);
        bind_text(s, 6, g->note); bind_text(s, 7, g->source); regio_stmt_bind_int(s, 8, (int64_t)i);
        if ((rc = step_done(st, s, err, "group"))) goto fail;
    }
    regio_stmt_finalize(s);
    if ((rc = regio_store_prepare(st, "INSERT INTO group_member(grp, member, ord) VALUES(?,?,?)", &s, err))) goto fail;
    for (size_t i = 0; i < p->ngroups; i++)
        for (size_t k = 0; k < p->groups[i].nmembers; k++) {
            bind_text(s, 1, p->groups[i].code);
            bind_text(s, 2, p->regions[p->groups[i].members[k]].code);
            regio_stmt_bind_int(s, 3, (int64_t)k);
            if ((rc = step_done(st, s, err, "group member"))) goto fail;
        }
    regio_stmt_finalize(s);
    if ((rc = regio_store_prepare(st,
            "INSERT INTO target(code, name_zh, name_en, scope, indicator, kind, comparator, value, tolerance,"
            " baseline_year, baseline_value, target_year, note, source, ord, measure, weight) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", &s, err)))
        goto fail;
    for (size_t i = 0; i < p->ntargets; i++) {
        const regio_target *t = &p->targets[i];
        bind_text(s, 1, t->code); bind_text(s, 2, t->name_zh); bind_text(s, 3, t->name_en); bind_text(s, 4, t->scope);
        bind_text(s, 5, p->indicators[t->indicator].code); bind_text(s, 6, t->kind);
        bind_text(s, 7, regio_comparator_name(t->comparator)); regio_stmt_bind_double(s, 8, t->value);
        bind_real(s, 9, t->tolerance);
        if (t->baseline_year) regio_stmt_bind_int(s, 10, t->baseline_year); else regio_stmt_bind_null(s, 10);
        bind_real(s, 11, t->baseline_value); regio_stmt_bind_int(s, 12, t->target_year);
        bind_text(s, 13, t->note); bind_text(s, 14, t->source); regio_stmt_bind_int(s, 15, (int64_t)i);
        bind_text(s, 16, t->measure ? t->measure : ""); bind_text(s, 17, t->weight >= 0 ? p->indicators[t->weight].code : "");
        if ((rc = step_done(st, s, err, "target"))) goto fail;
    }
    regio_stmt_finalize(s);
    if ((rc = regio_store_prepare(st,
            "INSERT INTO monitored(code, name_zh, name_en, scope, indicator, baseline_year, until_year, goal, note, source,"
            " ord) VALUES(?,?,?,?,?,?,?,?,?,?,?)", &s, err)))
        goto fail;
    for (size_t i = 0; i < p->nmonitors; i++) {
        const regio_monitor *m = &p->monitors[i];
        bind_text(s, 1, m->code); bind_text(s, 2, m->name_zh); bind_text(s, 3, m->name_en); bind_text(s, 4, m->scope);
        bind_text(s, 5, p->indicators[m->indicator].code); regio_stmt_bind_int(s, 6, m->baseline_year);
        regio_stmt_bind_int(s, 7, m->until_year); bind_text(s, 8, m->goal); bind_text(s, 9, m->note);
        bind_text(s, 10, m->source); regio_stmt_bind_int(s, 11, (int64_t)i);
        if ((rc = step_done(st, s, err, "monitored"))) goto fail;
    }
    regio_stmt_finalize(s);
    if ((rc = regio_store_prepare(st,
            "INSERT INTO series_break(indicator, from_year, level, region, reason_zh, reason_en, source, ord)"
            " VALUES(?,?,?,?,?,?,?,?)", &s, err)))
        goto fail;
    for (size_t i = 0; i < p->nbreaks; i++) {
        const regio_break *b = &p->breaks[i];
        bind_text(s, 1, p->indicators[b->indicator].code); regio_stmt_bind_int(s, 2, b->from_year);
        bind_opt_text(s, 3, b->level >= 0 ? regio_level_name((regio_level)b->level) : NULL);
        bind_opt_text(s, 4, b->region >= 0 ? p->regions[b->region].code : NULL);
        bind_text(s, 5, b->reason_zh); bind_text(s, 6, b->reason_en); bind_text(s, 7, b->source);
        regio_stmt_bind_int(s, 8, (int64_t)i);
        if ((rc = step_done(st, s, err, "series break"))) goto fail;
    }
    regio_stmt_finalize(s);
    if ((rc = regio_store_prepare(st, "INSERT INTO where_found(indicator, level, where_zh, where_en, ord) VALUES(?,?,?,?,?)",
                                  &s, err)))
        goto fail;
    for (size_t i = 0; i < p->nwhere; i++) {
        const regio_where *w = &p->where[i];
        bind_text(s, 1, p->indicators[w->indicator].code);
        bind_opt_text(s, 2, w->level >= 0 ? regio_level_name((regio_level)w->level) : NULL);
        bind_text(s, 3, w->where_zh); bind_text(s, 4, w->where_en); regio_stmt_bind_int(s, 5, (int64_t)i);
        if ((rc = step_done(st, s, err, "where found"))) goto fail;
    }
    regio_stmt_finalize(s);
    s = NULL;
    if ((rc = regio_store_prepare(st, "INSERT INTO region_alias(alias, region, kind, changed, note, source, ord)"
                                      " VALUES(?,?,?,?,?,?,?)", &s, err)))
        goto fail;
    for (size_t i = 0; i < p->naliases; i++) {
        const regio_region_alias *a = &p->aliases[i];
        bind_text(s, 1, a->alias); bind_text(s, 2, p->regions[a->region].code); bind_text(s, 3, a->kind);
        bind_text(s, 4, a->changed); bind_text(s, 5, a->note); bind_text(s, 6, a->source);
        regio_stmt_bind_int(s, 7, (int64_t)i);
        if ((rc = step_done(st, s, err, "region alias"))) goto fail;
    }
    regio_stmt_finalize(s);
    s = NULL;
    if ((rc = regio_store_prepare(st, "INSERT INTO meta(key, value) VALUES('plan', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", &s, err)))
        goto fail;
    bind_text(s, 1, p->name);
    if ((rc = step_done(st, s, err, "meta"))) goto fail;
    regio_stmt_finalize(s);
    s = NULL;
    if ((rc = regio_store_commit(st, err))) goto fail;
    return REGIO_OK;
fail:
    regio_stmt_finalize(s);
    regio_store_rollback(st);
    return rc;
}

/* ---- loading ---- */

#define OOM(err) regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory")

/* Runs sql and calls row() for each result row; counts rows first so arrays are allocated once. */
typedef int (*row_fn)(regio_plan *p, regio_stmt *s, size_t i, regio_error *err);

static int each_row(regio_store *st, regio_plan *p, const char *sql, void **arr, size_t elem, size_t *n, row_fn fn,
                    regio_error *err) {
    regio_stmt *s;
    int rc = regio_store_prepare(st, sql, &s, err);
    if (rc) return rc;
    size_t cap = 16;
    *arr = calloc(cap, elem);
    *n = 0;
    if (!*arr) { regio_stmt_finalize(s); return OOM(err); }
    int step;
    while ((step = regio_stmt_step(s)) == REGIO_STMT_ROW) {
        if (*n == cap) {
            void *na = realloc(*arr, 2 * cap * elem);
            if (!na) { rc = OOM(err); break; }
            memset((char *)na + cap * elem, 0, cap * elem);
            *arr = na;
            cap *= 2;
        }
        (*n)++;
        if ((rc = fn(p, s, *n - 1, err))) break;
    }
    if (!rc && step != REGIO_STMT_DONE) rc = regio_store_sqlerr(st, err, "load plan");
    regio_stmt_finalize(s);
    return rc;
}

static int region_row(regio_plan *p, regio_stmt *s, size_t i, regio_error *err) {
    regio_region *r = &p->regions[i];
    r->code = regio_store_col_text(s, 0); r->name_zh = regio_store_col_text(s, 1); r->name_en = regio_store_col_text(s, 2);
    regio_level_parse(regio_stmt_text(s, 3), &r->level);
    r->kind = regio_store_col_text(s, 5); r->area_km2 = col_real(s, 6);
    r->area_source = regio_store_col_text(s, 7); r->source = regio_store_col_text(s, 8);
    r->parent = -1;
    return (!r->code || !r->name_zh || !r->name_en || !r->kind || !r->area_source || !r->source) ? OOM(err) : REGIO_OK;
}

static int indicator_row(regio_plan *p, regio_stmt *s, size_t i, regio_error *err) {
    static const char *const DIRS[] = {"higher", "lower", "neutral"}, *const AGGS[] = {"sum", "ratio", "wmean", "none"};
    regio_indicator *x = &p->indicators[i];
    const char *d = regio_stmt_text(s, 4), *a = regio_stmt_text(s, 5);
    x->code = regio_store_col_text(s, 0); x->name_zh = regio_store_col_text(s, 1); x->name_en = regio_store_col_text(s, 2);
    x->unit = regio_store_col_text(s, 3); x->note = regio_store_col_text(s, 13);
    for (int k = 0; k < 3; k++) if (d && strcmp(d, DIRS[k]) == 0) x->direction = (regio_direction)k;
    for (int k = 0; k < 4; k++) if (a && strcmp(a, AGGS[k]) == 0) x->agg = (regio_aggrule)k;
    x->numerator = x->denominator = x->weight = -1;
    x->scale = regio_stmt_double(s, 9); x->min = col_real(s, 10); x->max = col_real(s, 11);
    x->decimals = regio_stmt_int(s, 12);
    return (!x->code || !x->name_zh || !x->name_en || !x->unit || !x->note) ? OOM(err) : REGIO_OK;
}

static int partition_row(regio_plan *p, regio_stmt *s, size_t i, regio_error *err) {
    regio_partition *x = &p->partitions[i];
    x->code = regio_store_col_text(s, 0); x->name_zh = regio_store_col_text(s, 1); x->name_en = regio_store_col_text(s, 2);
    x->note = regio_store_col_text(s, 3);
    return (!x->code || !x->name_zh || !x->name_en || !x->note) ? OOM(err) : REGIO_OK;
}

static int group_row(regio_plan *p, regio_stmt *s, size_t i, regio_error *err) {
    static const char *const KINDS[] = {"block", "special", "part"};
    regio_group *g = &p->groups[i];
    const char *k = regio_stmt_text(s, 3);
    g->code = regio_store_col_text(s, 0); g->name_zh = regio_store_col_text(s, 1); g->name_en = regio_store_col_text(s, 2);
    for (int j = 0; j < 3; j++) if (k && strcmp(k, KINDS[j]) == 0) g->kind = (regio_group_kind)j;
    g->partition_code = regio_store_col_text(s, 4); g->note = regio_store_col_text(s, 5); g->source = regio_store_col_text(s, 6);
    if (!g->code || !g->name_zh || !g->name_en || !g->partition_code || !g->note || !g->source) return OOM(err);
    g->partition = *g->partition_code ? regio_plan_partition(p, g->partition_code) : -1;
    return REGIO_OK;
}

static int target_row(regio_plan *p, regio_stmt *s, size_t i, regio_error *err) {
    regio_target *t = &p->targets[i];
    const char *c = regio_stmt_text(s, 6);
    t->code = regio_store_col_text(s, 0); t->name_zh = regio_store_col_text(s, 1); t->name_en = regio_store_col_text(s, 2);
    t->scope = regio_store_col_text(s, 3); t->kind = regio_store_col_text(s, 5);
    t->note = regio_store_col_text(s, 12); t->source = regio_store_col_text(s, 13);
    if (!t->code || !t->name_zh || !t->name_en || !t->scope || !t->kind || !t->note || !t->source) return OOM(err);
    t->indicator = regio_plan_indicator(p, regio_stmt_text(s, 4));
    t->comparator = c && strcmp(c, "<=") == 0 ? REGIO_CMP_LE : c && strcmp(c, "~") == 0 ? REGIO_CMP_APPROX : REGIO_CMP_GE;
    t->value = regio_stmt_double(s, 7); t->tolerance = col_real(s, 8);
    t->baseline_year = regio_stmt_int(s, 9); t->baseline_value = col_real(s, 10);
    t->target_year = regio_stmt_int(s, 11);
    t->scope_group = regio_plan_group(p, t->scope);
    t->scope_region = t->scope_group < 0 ? regio_plan_region(p, t->scope) : -1;
    t->measure = regio_store_col_text(s, 14);
    if (!t->measure) return OOM(err);
    const char *w = regio_stmt_text(s, 15);
    t->weight = w && *w ? regio_plan_indicator(p, w) : -1;
    t->scope_partition = -1;
    if (strcmp(t->kind, "gap") == 0) { /* as plan_dir.c: the scope is a partition of the top region */
        t->scope_partition = regio_plan_partition(p, t->scope);
        t->scope_group = -1;
        t->scope_region = regio_plan_root(p);
    }
    return REGIO_OK;
}

static int monitor_row(regio_plan *p, regio_stmt *s, size_t i, regio_error *err) {
    regio_monitor *m = &p->monitors[i];
    m->code = regio_store_col_text(s, 0); m->name_zh = regio_store_col_text(s, 1); m->name_en = regio_store_col_text(s, 2);
    m->scope = regio_store_col_text(s, 3); m->goal = regio_store_col_text(s, 7);
    m->note = regio_store_col_text(s, 8); m->source = regio_store_col_text(s, 9);
    if (!m->code || !m->name_zh || !m->name_en || !m->scope || !m->goal || !m->note || !m->source) return OOM(err);
    m->indicator = regio_plan_indicator(p, regio_stmt_text(s, 4));
    m->baseline_year = regio_stmt_int(s, 5);
    m->until_year = regio_stmt_int(s, 6);
    m->scope_group = regio_plan_group(p, m->scope);
    m->scope_region = m->scope_group < 0 ? regio_plan_region(p, m->scope) : -1;
    return REGIO_OK;
}

static int break_row(regio_plan *p, regio_stmt *s, size_t i, regio_error *err) {
    regio_break *b = &p->breaks[i];
    b->indicator = regio_plan_indicator(p, regio_stmt_text(s, 0));
    b->from_year = regio_stmt_int(s, 1);
    regio_level l;
    const char *lv = regio_stmt_text(s, 2);
    b->level = lv && regio_level_parse(lv, &l) == REGIO_OK ? (int)l : -1;
    const char *reg = regio_stmt_text(s, 3);
    b->region = reg && *reg ? regio_plan_region(p, reg) : -1;
    b->reason_zh = regio_store_col_text(s, 4); b->reason_en = regio_store_col_text(s, 5); b->source = regio_store_col_text(s, 6);
    return (!b->reason_zh || !b->reason_en || !b->source) ? OOM(err) : REGIO_OK;
}

static int alias_row(regio_plan *p, regio_stmt *s, size_t i, regio_error *err) {
    regio_region_alias *a = &p->aliases[i];
    a->alias = regio_store_col_text(s, 0); a->kind = regio_store_col_text(s, 2); a->changed = regio_store_col_text(s, 3);
    a->note = regio_store_col_text(s, 4); a->source = regio_store_col_text(s, 5);
    if (!a->alias || !a->kind || !a->changed || !a->note || !a->source) return OOM(err);
    a->region = regio_plan_region(p, regio_stmt_text(s, 1));
    return REGIO_OK;
}

static int where_row(regio_plan *p, regio_stmt *s, size_t i, regio_error *err) {
    regio_where *w = &p->where[i];
    w->indicator = regio_plan_indicator(p, regio_stmt_text(s, 0));
    regio_level l;
    const char *lv = regio_stmt_text(s, 1);
    w->level = lv && regio_level_parse(lv, &l) == REGIO_OK ? (int)l : -1;
    w->where_zh = regio_store_col_text(s, 2); w->where_en = regio_store_col_text(s, 3);
    return (!w->where_zh || !w->where_en) ? OOM(err) : REGIO_OK;
}

/* Second pass over references (parents, ratio parts, members), once every code can be looked up. */
static int link_refs(regio_store *st, regio_plan *p, regio_error *err) {
    regio_stmt *s;
    int rc = regio_store_prepare(st, "SELECT code, parent FROM region WHERE parent IS NOT NULL", &s, err);
    if (rc) return rc;
    while (regio_stmt_step(s) == REGIO_STMT_ROW) {
        long r = regio_plan_region(p, regio_stmt_text(s, 0));
        if (r >= 0) p->regions[r].parent = regio_plan_region(p, regio_stmt_text(s, 1));
    }
    regio_stmt_finalize(s);
    if ((rc = regio_store_prepare(st, "SELECT code, numerator, denominator, weight FROM indicator", &s, err))) return rc;
    while (regio_stmt_step(s) == REGIO_STMT_ROW) {
        long k = regio_plan_indicator(p, regio_stmt_text(s, 0));
        if (k < 0) continue;
        p->indicators[k].numerator = regio_plan_indicator(p, regio_stmt_text(s, 1));
        p->indicators[k].denominator = regio_plan_indicator(p, regio_stmt_text(s, 2));
        p->indicators[k].weight = regio_plan_indicator(p, regio_stmt_text(s, 3));
    }
    regio_stmt_finalize(s);
    for (size_t g = 0; g < p->ngroups; g++) {
        if ((rc = regio_store_prepare(st, "SELECT member FROM group_member WHERE grp = ? ORDER BY ord", &s, err))) return rc;
        regio_stmt_bind_text(s, 1, p->groups[g].code);
        size_t cap = 8;
        p->groups[g].members = malloc(cap * sizeof(size_t));
        if (!p->groups[g].members) { regio_stmt_finalize(s); return OOM(err); }
        while (regio_stmt_step(s) == REGIO_STMT_ROW) {
            long r = regio_plan_region(p, regio_stmt_text(s, 0));
            if (r < 0) continue;
            if (p->groups[g].nmembers == cap) {
                size_t *nm = realloc(p->groups[g].members, 2 * cap * sizeof(size_t));
                if (!nm) { regio_stmt_finalize(s); return OOM(err); }
                p->groups[g].members = nm;
                cap *= 2;
            }
            p->groups[g].members[p->groups[g].nmembers++] = (size_t)r;
        }
        regio_stmt_finalize(s);
    }
    return REGIO_OK;
}

int regio_store_load_plan(regio_store *st, regio_plan **out, regio_error *err) {
    *out = NULL;
    regio_plan *p = calloc(1, sizeof *p);
    if (!p) return OOM(err);
    int rc = each_row(st, p, "SELECT code, name_zh, name_en, level, parent, kind, area_km2, area_source, source FROM region"
                                      " WHERE ord >= 0 ORDER BY ord",
                      (void **)&p->regions, sizeof *p->regions, &p->nregions, region_row, err);
    if (!rc && p->nregions == 0)
        rc = regio_error_set(err, REGIO_ENOTFOUND, "数据库中还没有规划；请先运行 regio init --plan 目录",
                             "the database holds no plan yet; run regio init --plan DIR first");
    if (!rc) rc = each_row(st, p, "SELECT code, name_zh, name_en, unit, direction, aggregate, numerator, denominator,"
                                  " weight, scale, min, max, decimals, note FROM indicator WHERE ord >= 0 ORDER BY ord",
                           (void **)&p->indicators, sizeof *p->indicators, &p->nindicators, indicator_row, err);
    if (!rc) rc = each_row(st, p, "SELECT code, name_zh, name_en, note FROM partitions ORDER BY ord",
                           (void **)&p->partitions, sizeof *p->partitions, &p->npartitions, partition_row, err);
    if (!rc) rc = each_row(st, p, "SELECT code, name_zh, name_en, kind, coalesce(partition, ''), note, source FROM groups ORDER BY ord",
                           (void **)&p->groups, sizeof *p->groups, &p->ngroups, group_row, err);
    if (!rc) rc = regio_plan_index(p, err);
    if (!rc) rc = link_refs(st, p, err);
    if (!rc) rc = each_row(st, p, "SELECT code, name_zh, name_en, scope, indicator, kind, comparator, value, tolerance,"
                                  " coalesce(baseline_year, 0), baseline_value, target_year, note, source, measure, weight FROM target ORDER BY ord",
                           (void **)&p->targets, sizeof *p->targets, &p->ntargets, target_row, err);
    if (!rc) rc = each_row(st, p, "SELECT code, name_zh, name_en, scope, indicator, baseline_year, until_year, goal, note,"
                                  " source FROM monitored ORDER BY ord",
                           (void **)&p->monitors, sizeof *p->monitors, &p->nmonitors, monitor_row, err);
    if (!rc) rc = each_row(st, p, "SELECT indicator, from_year, coalesce(level, ''), coalesce(region, ''), reason_zh,"
                                  " reason_en, source FROM series_break ORDER BY ord",
                           (void **)&p->breaks, sizeof *p->breaks, &p->nbreaks, break_row, err);
    if (!rc) rc = each_row(st, p, "SELECT alias, region, kind, changed, note, source FROM region_alias ORDER BY ord",
                           (void **)&p->aliases, sizeof *p->aliases, &p->naliases, alias_row, err);
    if (!rc) rc = each_row(st, p, "SELECT indicator, coalesce(level, ''), where_zh, where_en FROM where_found ORDER BY ord",
                           (void **)&p->where, sizeof *p->where, &p->nwhere, where_row, err);
    if (!rc) {
        regio_stmt *s;
        if (!(rc = regio_store_prepare(st, "SELECT value FROM meta WHERE key = 'plan'", &s, err))) {
            p->name = regio_stmt_step(s) == REGIO_STMT_ROW ? regio_store_col_text(s, 0) : regio_strdup("");
            regio_stmt_finalize(s);
            if (!p->name) rc = OOM(err);
        }
    }
    if (!rc) rc = regio_plan_finish(p, err);
    if (rc) { regio_plan_free(p); return rc; }
    *out = p;
    return REGIO_OK;
}
