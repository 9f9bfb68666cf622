/* plan.c — the in-memory plan model: lookups, enum names, and plan_finish, which derives everything that
 * both loaders (plan directory, store) would otherwise compute twice: children lists, groups resolved to
 * counties, sorted code indexes, and the checks that keep the model sound (a hierarchy without cycles,
 * partitions that cover the lowest level exactly once). */
#include "regio/plan.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "plan/plan_internal.h"

static const char *const LEVEL_NAMES[] = {"province", "prefecture", "county"};
static const char *const DIR_NAMES[] = {"higher", "lower", "neutral"};
static const char *const AGG_NAMES[] = {"sum", "ratio", "wmean", "none"};
static const char *const GROUP_KIND_NAMES[] = {"block", "special", "part"};
static const char *const CMP_NAMES[] = {">=", "<=", "~"};

const char *regio_level_name(regio_level l) { return LEVEL_NAMES[l]; }
const char *regio_direction_name(regio_direction d) { return DIR_NAMES[d]; }
const char *regio_aggrule_name(regio_aggrule a) { return AGG_NAMES[a]; }
const char *regio_group_kind_name(regio_group_kind k) { return GROUP_KIND_NAMES[k]; }
const char *regio_comparator_name(regio_comparator c) { return CMP_NAMES[c]; }

static const char *const GAP_NAMES[] = {"cv", "cv_w", "gini", "gini_w", "theil_between", "max_min"};
static const char *const GAP_ZH[] = {"变异系数", "加权变异系数", "基尼系数", "加权基尼系数", "组间泰尔指数", "最大/最小比"};
static const char *const GAP_EN[] = {"coefficient of variation", "weighted coefficient of variation", "Gini", "weighted Gini",
                                     "Theil T between parts", "max/min ratio"};
const char *regio_gap_measure_name(regio_gap_measure m) { return GAP_NAMES[m]; }
const char *regio_gap_measure_label(regio_gap_measure m, regio_lang lang) { return lang == REGIO_LANG_ZH ? GAP_ZH[m] : GAP_EN[m]; }
int regio_gap_measure_parse(const char *s) {
    for (int i = 0; s && i < 6; i++)
        if (strcmp(s, GAP_NAMES[i]) == 0) return i;
    return -1;
}
int regio_gap_measure_weighted(regio_gap_measure m) {
    return m == REGIO_GAP_CV_W || m == REGIO_GAP_GINI_W || m == REGIO_GAP_THEIL_BETWEEN;
}

int regio_level_parse(const char *s, regio_level *out) {
    for (int i = 0; i < 3; i++)
        if (strcmp(s, LEVEL_NAMES[i]) == 0) { *out = (regio_level)i; return REGIO_OK; }
    return REGIO_EINVAL;
}

const char *regio_region_name(const regio_region *r, regio_lang lang) {
    const char *n = lang == REGIO_LANG_ZH ? r->name_zh : r->name_en;
    if (!n || !*n) n = lang == REGIO_LANG_ZH ? r->name_en : r->name_zh;
    return n ? n : "";
}

/* ---- sorted code indexes ---- */

static const char *code_at(const void *base, size_t stride, size_t i) {
    return *(char *const *)((const char *)base + i * stride); /* code is each struct's first member */
}

typedef struct { const char *code; size_t index; } code_ref;

static int cmp_code_ref(const void *a, const void *b) {
    const code_ref *x = a, *y = b;
    return strcmp(x->code, y->code);
}

/* Indexes 0..n-1 ordered by code: qsort over (code, index) pairs, O(n log n). */
static size_t *build_order(const void *base, size_t stride, size_t n) {
    size_t *ord = malloc((n ? n : 1) * sizeof *ord);
    code_ref *refs = malloc((n ? n : 1) * sizeof *refs);
    if (!ord || !refs) { free(ord); free(refs); return NULL; }
    for (size_t i = 0; i < n; i++) refs[i] = (code_ref){code_at(base, stride, i), i};
    qsort(refs, n, sizeof *refs, cmp_code_ref);
    for (size_t i = 0; i < n; i++) ord[i] = refs[i].index;
    free(refs);
    return ord;
}

static long find_code(const void *base, size_t stride, const size_t *ord, size_t n, const char *code) {
    if (!code || !ord) return -1;
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(code_at(base, stride, ord[mid]), code);
        if (c == 0) return (long)ord[mid];
        if (c < 0) lo = mid + 1; else hi = mid;
    }
    return -1;
}

long regio_plan_region(const regio_plan *p, const char *code) {
    return find_code(p->regions, sizeof *p->regions, p->region_order, p->nregions, code);
}
long regio_plan_indicator(const regio_plan *p, const char *code) {
    return find_code(p->indicators, sizeof *p->indicators, p->indicator_order, p->nindicators, code);
}
long regio_plan_group(const regio_plan *p, const char *code) {
    return find_code(p->groups, sizeof *p->groups, p->group_order, p->ngroups, code);
}
long regio_plan_partition(const regio_plan *p, const char *code) {
    for (size_t i = 0; i < p->npartitions; i++) /* a plan has a handful of partitions */
        if (strcmp(p->partitions[i].code, code) == 0) return (long)i;
    return -1;
}

long regio_plan_root(const regio_plan *p) {
    for (size_t i = 0; i < p->nregions; i++)
        if (p->regions[i].parent < 0) return (long)i;
    return -1;
}

/* ---- finish ---- */

static int resolve_group(regio_plan *p, regio_group *g, unsigned char *mark, size_t *stack, regio_error *err) {
    size_t n = 0, top = 0;
    memset(mark, 0, p->nregions);
    for (size_t i = 0; i < g->nmembers; i++) stack[top++] = g->members[i];
    /* depth-first down the hierarchy; every region is pushed at most once because each has one parent */
    while (top > 0) {
        size_t r = stack[--top];
        const regio_region *rg = &p->regions[r];
        if (rg->nchildren == 0) {
            if (!mark[r]) { mark[r] = 1; n++; }
            continue;
        }
        for (size_t c = 0; c < rg->nchildren; c++) stack[top++] = rg->children[c];
    }
    g->counties = malloc((n ? n : 1) * sizeof *g->counties);
    if (!g->counties) return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
    g->ncounties = 0;
    for (size_t r = 0; r < p->nregions; r++)
        if (mark[r]) g->counties[g->ncounties++] = r;
    return REGIO_OK;
}

static int check_partition(regio_plan *p, regio_partition *pt, long *owner, regio_error *err) {
    for (size_t r = 0; r < p->nregions; r++) owner[r] = -1;
    for (size_t k = 0; k < pt->nparts; k++) {
        const regio_group *g = &p->groups[pt->parts[k]];
        for (size_t i = 0; i < g->ncounties; i++) {
            size_t r = g->counties[i];
            if (owner[r] >= 0)
                return regio_error_set(err, REGIO_EINVAL,
                    "划分 %s 不是分区：%s（%s）同时属于 %s 和 %s",
                    "partition %s overlaps: %s (%s) is in both %s and %s", pt->code, p->regions[r].code,
                    p->regions[r].name_zh, p->groups[owner[r]].code, g->code);
            owner[r] = (long)pt->parts[k];
        }
    }
    for (size_t r = 0; r < p->nregions; r++)
        if (p->regions[r].nchildren == 0 && owner[r] < 0)
            return regio_error_set(err, REGIO_EINVAL, "划分 %s 没有覆盖 %s（%s）",
                                   "partition %s leaves out %s (%s)", pt->code, p->regions[r].code,
                                   p->regions[r].name_zh);
    return REGIO_OK;
}

int regio_plan_index(regio_plan *p, regio_error *err) {
    free(p->region_order); free(p->indicator_order); free(p->group_order);
    p->region_order = build_order(p->regions, sizeof *p->regions, p->nregions);
    p->indicator_order = build_order(p->indicators, sizeof *p->indicators, p->nindicators);
    p->group_order = build_order(p->groups, sizeof *p->groups, p->ngroups);
    if (!p->region_order || !p->indicator_order || !p->group_order)
        return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
    return REGIO_OK;
}

int regio_plan_finish(regio_plan *p, regio_error *err) {
    int rc = REGIO_OK;
    size_t nr = p->nregions;
    unsigned char *mark = calloc(nr ? nr : 1, 1);
    size_t *stack = malloc((nr ? nr : 1) * sizeof *stack);
    long *owner = malloc((nr ? nr : 1) * sizeof *owner);
    size_t *count = calloc(nr ? nr : 1, sizeof *count);
    if (!mark || !stack || !owner || !count) { rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); goto done; }

    if ((rc = regio_plan_index(p, err))) goto done;

    /* children: count, allocate, fill (two passes keep it O(n)) */
    for (size_t i = 0; i < nr; i++) {
        free(p->regions[i].children);
        p->regions[i].children = NULL;
        p->regions[i].nchildren = 0;
        if (p->regions[i].parent >= 0) count[p->regions[i].parent]++;
    }
    for (size_t i = 0; i < nr; i++) {
        if (count[i] && !(p->regions[i].children = malloc(count[i] * sizeof(size_t)))) {
            rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); goto done;
        }
    }
    for (size_t i = 0; i < nr; i++) {
        long par = p->regions[i].parent;
        if (par >= 0) p->regions[par].children[p->regions[par].nchildren++] = i;
    }
    /* no cycles: walking up from any region must reach a root within nr steps */
    for (size_t i = 0; i < nr; i++) {
        long r = (long)i;
        size_t steps = 0;
        while (r >= 0 && steps <= nr) { r = p->regions[r].parent; steps++; }
        if (steps > nr) {
            rc = regio_error_set(err, REGIO_EINVAL, "地区 %s 的上级关系构成循环", "the parents of region %s form a cycle",
                                 p->regions[i].code);
            goto done;
        }
    }
    for (size_t g = 0; g < p->ngroups; g++) {
        free(p->groups[g].counties);
        p->groups[g].counties = NULL;
        if ((rc = resolve_group(p, &p->groups[g], mark, stack, err))) goto done;
    }
    for (size_t k = 0; k < p->npartitions; k++) {
        regio_partition *pt = &p->partitions[k];
        free(pt->parts);
        pt->parts = NULL;
        pt->nparts = 0;
        for (size_t g = 0; g < p->ngroups; g++)
            if (p->groups[g].partition == (long)k) pt->nparts++;
        pt->parts = malloc((pt->nparts ? pt->nparts : 1) * sizeof *pt->parts);
        if (!pt->parts) { rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); goto done; }
        pt->nparts = 0;
        for (size_t g = 0; g < p->ngroups; g++)
            if (p->groups[g].partition == (long)k) pt->parts[pt->nparts++] = g;
        if ((rc = check_partition(p, pt, owner, err))) goto done;
    }
done:
    free(mark); free(stack); free(owner); free(count);
    return rc;
}

/* ---- free ---- */

void regio_plan_free(regio_plan *p) {
    if (!p) return;
    for (size_t i = 0; i < p->nregions; i++) {
        regio_region *r = &p->regions[i];
        free(r->code); free(r->name_zh); free(r->name_en); free(r->kind); free(r->area_source); free(r->source);
        free(r->children);
    }
    for (size_t i = 0; i < p->nindicators; i++) {
        regio_indicator *x = &p->indicators[i];
        free(x->code); free(x->name_zh); free(x->name_en); free(x->unit); free(x->note);
    }
    for (size_t i = 0; i < p->ngroups; i++) {
        regio_group *g = &p->groups[i];
        free(g->code); free(g->name_zh); free(g->name_en); free(g->partition_code); free(g->note); free(g->source);
        free(g->members); free(g->counties);
    }
    for (size_t i = 0; i < p->npartitions; i++) {
        regio_partition *x = &p->partitions[i];
        free(x->code); free(x->name_zh); free(x->name_en); free(x->note); free(x->parts);
    }
    for (size_t i = 0; i < p->ntargets; i++) {
        regio_target *t = &p->targets[i];
        free(t->code); free(t->name_zh); free(t->name_en); free(t->scope); free(t->kind); free(t->note); free(t->source);
        free(t->measure);
    }
    for (size_t i = 0; i < p->nmonitors; i++) {
        regio_monitor *m = &p->monitors[i];
        free(m->code); free(m->name_zh); free(m->name_en); free(m->scope); free(m->goal); free(m->note); free(m->source);
    }
    for (size_t i = 0; i < p->nbreaks; i++) {
        regio_break *b = &p->breaks[i];
        free(b->reason_zh); free(b->reason_en); free(b->source);
    }
    for (size_t i = 0; i < p->naliases; i++) {
        regio_region_alias *a = &p->aliases[i];
        free(a->alias); free(a->kind); free(a->changed); free(a->note); free(a->source);
    }
    free(p->aliases);
    free(p->regions); free(p->indicators); free(p->groups); free(p->partitions); free(p->targets); free(p->monitors);
    free(p->breaks);
    for (size_t i = 0; i < p->nwhere; i++) { free(p->where[i].where_zh); free(p->where[i].where_en); }
    free(p->where);
    free(p->region_order); free(p->indicator_order); free(p->group_order);
    free(p->name);
    free(p);
}
