/* aggregate.c — see include/regio/aggregate.h for the rules.
 *
 * Every rule reduces to a ratio of two sums over the units used: sum → (Σx, –), weighted mean → (Σw·x, Σw),
 * ratio → (Σnum, Σden). contrib() gives one unit's pair, reduce() adds pairs with compensated sums, so the
 * three rules share one code path and a group and a region's children are handled alike.
 */
#include "regio/aggregate.h"

#include <math.h>
#include <stdlib.h>

#include "core/util.h"

const char *regio_origin_name(regio_origin o) {
    static const char *const N[] = {"published", "computed", "missing"};
    return N[o];
}

static double obs(const regio_plan *p, const double *m, size_t ind, size_t r) { return m[ind * p->nregions + r]; }

static double reduce(const regio_plan *p, const double *m, size_t ind, const size_t *units, size_t n,
                     regio_member_value *detail, size_t *nused, int *complete);

/* One unit's contribution (a, b) under the rule of ind; returns 0 when the unit cannot contribute. */
static int contrib(const regio_plan *p, const double *m, size_t ind, size_t r, double *a, double *b, int *complete) {
    const regio_indicator *x = &p->indicators[ind];
    int c1 = 1, c2 = 1;
    regio_origin o;
    switch (x->agg) {
    case REGIO_AGG_SUM:
        *a = regio_aggregate_value(p, m, ind, r, &o, &c1);
        *b = 1;
        break;
    case REGIO_AGG_WMEAN: {
        double v = regio_aggregate_value(p, m, ind, r, &o, &c1);
        double w = regio_aggregate_value(p, m, (size_t)x->weight, r, &o, &c2);
        *a = v * w;
        *b = w;
        break;
    }
    case REGIO_AGG_RATIO:
        *a = regio_aggregate_value(p, m, (size_t)x->numerator, r, &o, &c1);
        *b = regio_aggregate_value(p, m, (size_t)x->denominator, r, &o, &c2);
        break;
    case REGIO_AGG_NONE:
    default:
        *a = obs(p, m, ind, r);
        *b = 1;
        break;
    }
    *complete = c1 && c2;
    return !isnan(*a) && !isnan(*b);
}

static double finish(const regio_indicator *x, double sa, double sb) {
    switch (x->agg) {
    case REGIO_AGG_SUM: return sa;
    case REGIO_AGG_WMEAN: return sb > 0 ? sa / sb : NAN;
    case REGIO_AGG_RATIO: return sb != 0 ? sa / sb * x->scale : NAN;
    default: return NAN;
    }
}

static double reduce(const regio_plan *p, const double *m, size_t ind, const size_t *units, size_t n,
                     regio_member_value *detail, size_t *nused, int *complete) {
    regio_ksum sa = {0, 0}, sb = {0, 0};
    size_t used = 0;
    int all = n > 0;
    for (size_t i = 0; i < n; i++) {
        double a, b;
        int c = 1;
        int ok = contrib(p, m, ind, units[i], &a, &b, &c);
        if (ok) { regio_ksum_add(&sa, a); regio_ksum_add(&sb, b); used++; }
        all = all && ok && c;
        if (detail) {
            detail[i].region = units[i];
            detail[i].used = ok;
            detail[i].value = regio_aggregate_value(p, m, ind, units[i], &detail[i].origin, &detail[i].complete);
        }
    }
    if (nused) *nused = used;
    *complete = all;
    return used ? finish(&p->indicators[ind], regio_ksum_value(&sa), regio_ksum_value(&sb)) : NAN;
}

double regio_aggregate_value(const regio_plan *p, const double *m, size_t ind, size_t r, regio_origin *origin,
                             int *complete) {
    const regio_indicator *x = &p->indicators[ind];
    double v = obs(p, m, ind, r);
    *complete = 1;
    if (!isnan(v)) { *origin = REGIO_ORIGIN_PUBLISHED; return v; }
    if (x->agg == REGIO_AGG_RATIO) {
        /* the unit's own numerator and denominator when both are complete; otherwise pair them child by
         * child, so that a child missing one of the two drops out of both */
        int c1, c2;
        regio_origin o;
        double a = regio_aggregate_value(p, m, (size_t)x->numerator, r, &o, &c1);
        double b = regio_aggregate_value(p, m, (size_t)x->denominator, r, &o, &c2);
        if (!isnan(a) && !isnan(b) && c1 && c2) v = b != 0 ? a / b * x->scale : NAN;
        else if (p->regions[r].nchildren > 0)
            v = reduce(p, m, ind, p->regions[r].children, p->regions[r].nchildren, NULL, NULL, complete);
        else v = NAN;
    } else if (x->agg != REGIO_AGG_NONE && p->regions[r].nchildren > 0) {
        v = reduce(p, m, ind, p->regions[r].children, p->regions[r].nchildren, NULL, NULL, complete);
    } else {
        v = NAN;
    }
    if (isnan(v)) { *complete = 0; *origin = REGIO_ORIGIN_MISSING; }
    else *origin = REGIO_ORIGIN_COMPUTED;
    return v;
}

static regio_agg *agg_new(size_t ind, size_t n) {
    regio_agg *a = calloc(1, sizeof *a);
    if (!a) return NULL;
    a->members = calloc(n ? n : 1, sizeof *a->members);
    if (!a->members) { free(a); return NULL; }
    a->indicator = ind;
    a->nmembers = n;
    a->published = a->computed = a->diff = a->rel_diff = a->value = NAN;
    a->origin = REGIO_ORIGIN_MISSING;
    return a;
}

static int check_args(const regio_plan *p, size_t ind, regio_error *err) {
    if (ind >= p->nindicators) return regio_error_set(err, REGIO_EINTERNAL, "指标下标越界", "indicator index out of range");
    return REGIO_OK;
}

int regio_aggregate_region(const regio_plan *p, const double *m, size_t ind, size_t region, regio_agg **out,
                           regio_error *err) {
    *out = NULL;
    if (check_args(p, ind, err)) return REGIO_EINTERNAL;
    if (region >= p->nregions) return regio_error_set(err, REGIO_EINTERNAL, "地区下标越界", "region index out of range");
    const regio_region *r = &p->regions[region];
    regio_agg *a = agg_new(ind, r->nchildren);
    if (!a) return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
    int complete = 0;
    if (p->indicators[ind].agg != REGIO_AGG_NONE && r->nchildren > 0)
        a->computed = reduce(p, m, ind, r->children, r->nchildren, a->members, &a->nused, &complete);
    else if (r->nchildren > 0)
        reduce(p, m, ind, r->children, r->nchildren, a->members, &a->nused, &complete); /* detail only */
    a->published = obs(p, m, ind, region);
    if (!isnan(a->published)) {
        a->value = a->published;
        a->origin = REGIO_ORIGIN_PUBLISHED;
        a->complete = 1;
        if (!isnan(a->computed)) {
            a->diff = a->published - a->computed;
            a->rel_diff = a->published != 0 ? a->diff / fabs(a->published) : NAN;
        }
    } else {
        a->value = regio_aggregate_value(p, m, ind, region, &a->origin, &a->complete);
        if (isnan(a->computed) && a->origin == REGIO_ORIGIN_COMPUTED) a->computed = a->value; /* ratio of own parts */
    }
    *out = a;
    return REGIO_OK;
}

int regio_aggregate_group(const regio_plan *p, const double *m, size_t ind, size_t group, regio_agg **out,
                          regio_error *err) {
    *out = NULL;
    if (check_args(p, ind, err)) return REGIO_EINTERNAL;
    if (group >= p->ngroups) return regio_error_set(err, REGIO_EINTERNAL, "组下标越界", "group index out of range");
    const regio_group *g = &p->groups[group];
    regio_agg *a = agg_new(ind, g->nmembers);
    if (!a) return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
    int complete = 0;
    a->computed = reduce(p, m, ind, g->members, g->nmembers, a->members, &a->nused, &complete);
    if (g->nmembers == 1) /* a group of one unit is that unit, whatever the rule */
        a->computed = regio_aggregate_value(p, m, ind, g->members[0], &a->members[0].origin, &complete);
    else if (p->indicators[ind].agg == REGIO_AGG_NONE)
        a->computed = NAN;
    a->value = a->computed;
    a->complete = !isnan(a->value) && complete;
    a->origin = isnan(a->value) ? REGIO_ORIGIN_MISSING : REGIO_ORIGIN_COMPUTED;
    *out = a;
    return REGIO_OK;
}

void regio_agg_free(regio_agg *a) {
    if (!a) return;
    free(a->members);
    free(a);
}
