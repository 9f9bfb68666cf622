/* needs.c — which exact values would let each grey target be assessed (include/regio/needs.h).
 *
 * Store-reading glue: the tracking engine says which targets cannot be assessed as of a year; the year
 * matrices of the store say, through the aggregation engine, which (region, indicator, year) values cannot be
 * obtained, either published or summed from complete members. Only those are listed, so an analyst who fills
 * them in gets an assessment, and nothing already in the store is asked for again.
 */
#include "regio/needs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "regio/aggregate.h"
#include "regio/track_store.h"

#define OOM(err) regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory")

/* The few year matrices a list needs (the asked year, the year before, a baseline), read once each. */
typedef struct mats {
    regio_store *st;
    const regio_plan *p;
    int years[4];
    double *m[4];
    size_t n;
} mats;

static int matrix(mats *ms, int y, const double **out, regio_error *err) {
    for (size_t i = 0; i < ms->n; i++)
        if (ms->years[i] == y) { *out = ms->m[i]; return REGIO_OK; }
    if (ms->n == 4) {
        free(ms->m[0]);
        memmove(ms->m, ms->m + 1, 3 * sizeof *ms->m);
        memmove(ms->years, ms->years + 1, 3 * sizeof *ms->years);
        ms->n--;
    }
    int rc = regio_store_year_matrix(ms->st, ms->p, y, &ms->m[ms->n], err);
    if (rc) return rc;
    ms->years[ms->n] = y;
    *out = ms->m[ms->n++];
    return REGIO_OK;
}

/* Adds (r, ind, y) to the need unless the store already gives a complete value for it. */
static int want(mats *ms, regio_need *nd, size_t r, long ind, int y, regio_error *err) {
    if (ind < 0) return REGIO_OK;
    const regio_plan *p = ms->p;
    const double *m;
    int rc = matrix(ms, y, &m, err);
    if (rc) return rc;
    regio_agg *a = NULL;
    if ((rc = regio_aggregate_region(p, m, (size_t)ind, r, &a, err))) return rc;
    int have = !isnan(a->value) && a->complete;
    regio_agg_free(a);
    if (have) return REGIO_OK;
    for (size_t i = 0; i < nd->ncells; i++)
        if (nd->cells[i].region == r && nd->cells[i].indicator == (size_t)ind && nd->cells[i].year == y) return REGIO_OK;
    regio_need_cell *nc = realloc(nd->cells, (nd->ncells + 1) * sizeof *nc);
    if (!nc) return OOM(err);
    nd->cells = nc;
    nd->cells[nd->ncells++] = (regio_need_cell){r, (size_t)ind, y, regio_plan_where(p, (size_t)ind, p->regions[r].level)};
    return REGIO_OK;
}

/* The value of ind for every region of the scope in year y (for a group's weighted mean, the weight too). */
static int want_scope(mats *ms, regio_need *nd, long scope_region, long scope_group, long ind, int y, regio_error *err) {
    const regio_plan *p = ms->p;
    if (ind < 0) return REGIO_OK;
    const size_t *rs = scope_group >= 0 ? p->groups[scope_group].members : NULL;
    size_t nr = scope_group >= 0 ? p->groups[scope_group].nmembers : 1;
    long w = p->indicators[ind].agg == REGIO_AGG_WMEAN ? p->indicators[ind].weight : -1;
    for (size_t i = 0; i < nr; i++) {
        size_t r = rs ? rs[i] : (size_t)scope_region;
        int rc = want(ms, nd, r, ind, y, err);
        if (!rc && scope_group >= 0) rc = want(ms, nd, r, w, y, err);
        if (rc) return rc;
    }
    return REGIO_OK;
}

static int cmp_cell(const void *a, const void *b) {
    const regio_need_cell *x = a, *y = b;
    if (x->region != y->region) return x->region < y->region ? -1 : 1;
    if (x->indicator != y->indicator) return x->indicator < y->indicator ? -1 : 1;
    return (x->year > y->year) - (x->year < y->year);
}

static int set_note(regio_need *nd, const char *zh, const char *en, regio_error *err) {
    nd->note_zh = regio_strdup(zh);
    nd->note_en = regio_strdup(en);
    return nd->note_zh && nd->note_en ? REGIO_OK : OOM(err);
}

static int too_early(regio_need *nd, int year, int base, regio_error *err) {
    char zh[256], en[256];
    snprintf(zh, sizeof zh, "截至 %d 年：不晚于基期 %d 年，尚无可评估的年份", year, base);
    snprintf(en, sizeof en, "as of %d: not after the baseline year %d, no year to assess yet", year, base);
    return set_note(nd, zh, en, err);
}

static int target_cells(mats *ms, const regio_track_result *r, int year, regio_need *nd, regio_error *err) {
    const regio_plan *p = ms->p;
    const regio_target *t = &p->targets[r->target];
    long ind = t->indicator, root = regio_plan_root(p);
    int base = r->eval.baseline_year ? r->eval.baseline_year : r->spec.baseline_year;
    if (t->scope_group >= 0 && p->groups[t->scope_group].nmembers == 0) {
        const regio_group *g = &p->groups[t->scope_group];
        char zh[512], en[512];
        snprintf(zh, sizeof zh, "%s没有成员（规划未列出）：须先在 group_members.csv 中给出成员，才能列出所缺的值", g->name_zh);
        snprintf(en, sizeof en, "%s has no members (the plan lists none): a membership in group_members.csv must come first; only then can the missing values be listed", g->name_en);
        return set_note(nd, zh, en, err);
    }
    if (year <= base) return too_early(nd, year, base, err);
    int rc;
    long ra, rb;
    if (r->is_gap) { /* every member of every part (and its weight), in the baseline year when it has no value yet */
        const regio_partition *P = &p->partitions[t->scope_partition];
        int ys[2] = {base, year};
        rc = REGIO_OK;
        for (int k = r->eval.baseline_year ? 1 : 0; !rc && k < 2; k++)
            for (size_t g = 0; !rc && g < P->nparts; g++) {
                rc = want_scope(ms, nd, -1, (long)P->parts[g], ind, ys[k], err);
                if (!rc && t->weight >= 0) rc = want_scope(ms, nd, -1, (long)P->parts[g], t->weight, ys[k], err);
            }
        return rc;
    }
    if (r->spec.method == REGIO_TRACK_GROWTH) {
        rc = want_scope(ms, nd, t->scope_region, t->scope_group, ind, year, err);
        if (!rc && t->scope_group >= 0 && p->groups[t->scope_group].nmembers > 1) /* the weights: last year's level */
            rc = want_scope(ms, nd, t->scope_region, t->scope_group, regio_track_growth_level(p, (size_t)ind), year - 1, err);
        return rc;
    }
    /* a baseline the plan does not state and the store does not hold is needed too */
    int no_base = !r->eval.baseline_year || isnan(r->eval.baseline_value);
    int ys[2] = {base, year}, k0 = no_base ? 0 : 1;
    int relation = strcmp(t->kind, "relation") == 0 && regio_track_relation_parts(p, t, &ra, &rb);
    rc = REGIO_OK;
    for (int k = k0; !rc && k < 2; k++) {
        if (relation) {
            rc = want_scope(ms, nd, t->scope_region, t->scope_group, ra, ys[k], err);
            if (!rc) rc = want_scope(ms, nd, t->scope_region, t->scope_group, rb, ys[k], err);
            continue;
        }
        rc = want_scope(ms, nd, t->scope_region, t->scope_group, ind, ys[k], err);
        if (!rc && strcmp(t->kind, "share") == 0 && root >= 0) rc = want(ms, nd, (size_t)root, ind, ys[k], err);
    }
    return rc;
}

static int monitor_cells(mats *ms, const regio_track_trend *r, int year, regio_need *nd, regio_error *err) {
    const regio_monitor *m = &ms->p->monitors[r->monitor];
    int base = r->baseline_year ? r->baseline_year : m->baseline_year;
    if (year <= base) return too_early(nd, year, base, err);
    int rc = REGIO_OK;
    if (!r->baseline_year) rc = want_scope(ms, nd, m->scope_region, m->scope_group, m->indicator, base, err);
    if (!rc) rc = want_scope(ms, nd, m->scope_region, m->scope_group, m->indicator, year, err);
    return rc;
}

void regio_needs_free(regio_needs *n) {
    if (!n) return;
    for (size_t i = 0; i < n->n; i++) {
        regio_need *x = &n->items[i];
        free(x->cells);
        free(x->why_zh); free(x->why_en); free(x->note_zh); free(x->note_en);
    }
    free(n->items);
    free(n);
}

int regio_needs_build(regio_store *st, const regio_plan *p, int year, regio_needs **out, regio_error *err) {
    *out = NULL;
    regio_track_list *l = NULL;
    int *years = NULL;
    size_t ny = 0;
    int rc = regio_store_years(st, p, -1, &years, &ny, err);
    if (rc) return rc;
    int ask = year > 0 ? year : ny ? years[ny - 1] : 0;
    free(years);
    if ((rc = regio_track_targets(st, p, year > 0 ? year : 0, &l, err))) return rc;
    regio_needs *n = calloc(1, sizeof *n);
    mats ms = {.st = st, .p = p};
    if (!n || !(n->items = calloc(l->n + l->ntrends + 1, sizeof *n->items))) { free(n); regio_track_list_free(l); return OOM(err); }
    n->year = ask;
    n->as_of = year > 0 ? year : 0;
    n->ntargets = l->n;
    n->nmonitors = l->ntrends;
    for (size_t i = 0; !rc && i < l->n + l->ntrends; i++) {
        int mon = i >= l->n;
        const regio_track_result *tr = mon ? NULL : &l->items[i];
        const regio_track_trend *mr = mon ? &l->trends[i - l->n] : NULL;
        if ((mon ? mr->category : tr->eval.category) != REGIO_TRACK_NO_DATA) continue;
        regio_need *nd = &n->items[n->n++];
        nd->monitored = mon;
        nd->index = mon ? mr->monitor : tr->target;
        const char *wz = mon ? mr->needs_zh : tr->needs_zh, *we = mon ? mr->needs_en : tr->needs_en;
        nd->why_zh = regio_strdup(wz ? wz : "");
        nd->why_en = regio_strdup(we ? we : "");
        if (!nd->why_zh || !nd->why_en) { rc = OOM(err); break; }
        rc = mon ? monitor_cells(&ms, mr, ask, nd, err) : target_cells(&ms, tr, ask, nd, err);
        if (!rc && nd->ncells) qsort(nd->cells, nd->ncells, sizeof *nd->cells, cmp_cell);
        if (!rc && !nd->ncells && !nd->note_en) {
            char zh[256], en[256];
            snprintf(zh, sizeof zh, "%d 年所需的值都已可得；仍无法评估的原因见上句", ask);
            snprintf(en, sizeof en, "every value needed for %d is obtainable; the sentence above says why it is still not assessed", ask);
            rc = set_note(nd, zh, en, err);
        }
    }
    for (size_t i = 0; i < ms.n; i++) free(ms.m[i]);
    regio_track_list_free(l);
    if (rc) { regio_needs_free(n); return rc; }
    *out = n;
    return REGIO_OK;
}

/* ---- the distinct cells ---- */

void regio_needs_cells_free(regio_need_cell *cells, char **needed_by, size_t n) {
    for (size_t i = 0; needed_by && i < n; i++) free(needed_by[i]);
    free(needed_by);
    free(cells);
}

static const char *item_code(const regio_plan *p, const regio_need *nd) {
    return nd->monitored ? p->monitors[nd->index].code : p->targets[nd->index].code;
}

static int item_has(const regio_need *nd, const regio_need_cell *c) {
    for (size_t j = 0; j < nd->ncells; j++)
        if (cmp_cell(&nd->cells[j], c) == 0) return 1;
    return 0;
}

int regio_needs_cells(const regio_plan *p, const regio_needs *n, regio_need_cell **cells, char ***needed_by,
                      size_t *ncells, regio_error *err) {
    *cells = NULL;
    *needed_by = NULL;
    *ncells = 0;
    size_t total = 0, k = 0, u = 0;
    for (size_t i = 0; i < n->n; i++) total += n->items[i].ncells;
    regio_need_cell *c = malloc((total ? total : 1) * sizeof *c);
    if (!c) return OOM(err);
    for (size_t i = 0; i < n->n; i++)
        for (size_t j = 0; j < n->items[i].ncells; j++) c[k++] = n->items[i].cells[j];
    qsort(c, total, sizeof *c, cmp_cell);
    for (size_t i = 0; i < total; i++)
        if (!u || cmp_cell(&c[u - 1], &c[i]) != 0) c[u++] = c[i];
    char **by = calloc(u ? u : 1, sizeof *by);
    if (!by) { free(c); return OOM(err); }
    for (size_t i = 0; i < u; i++) {
        size_t len = 1;
        for (size_t a = 0; a < n->n; a++)
            if (item_has(&n->items[a], &c[i])) len += strlen(item_code(p, &n->items[a])) + 2;
        if (!(by[i] = calloc(len, 1))) { regio_needs_cells_free(c, by, u); return OOM(err); }
        for (size_t a = 0; a < n->n; a++)
            if (item_has(&n->items[a], &c[i])) {
                if (*by[i]) strcat(by[i], ", ");
                strcat(by[i], item_code(p, &n->items[a]));
            }
    }
    *cells = c;
    *needed_by = by;
    *ncells = u;
    return REGIO_OK;
}
