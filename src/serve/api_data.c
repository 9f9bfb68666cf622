/* api_data.c — observations and the answers built on them, each from the function the CLI uses: values with
 * coverage (regio_aggregate_region/group, as `regio value`), a level's values for the map, and the plan's
 * targets with their status and the indicators monitored without a target with their trend (regio_track_targets,
 * as `regio targets`). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "regio/aggregate.h"
#include "regio/json_out.h"
#include "regio/json_results.h"
#include "regio/track_store.h"
#include "serve/serve_internal.h"

#define MAX_YEARS 200

int regio__serve_api_observations(serve_req *q, serve_reply *r) {
    static const char *const ok[] = {"indicator", "region", "group", "year", "years", NULL};
    if (regio__serve_params(q, r, ok)) return -1;
    const regio_plan *p = q->plan;
    long ind, unit;
    int is_group;
    int *years = NULL;
    size_t ny = 0;
    if (regio__serve_arg_indicator(q, r, 0, &ind) || regio__serve_arg_unit(q, r, 0, &unit, &is_group) || regio__serve_arg_years(q, r, ind, &years, &ny))
        return -1;
    if (ny > MAX_YEARS) { free(years); return regio__serve_failf(q, r, 400, "年份范围过大（至多 %d 年）", "year range too large (at most %d years)", MAX_YEARS); }
    /* the regions asked for: one region, a group's declared members and resolved counties, or all */
    unsigned char *want = calloc(p->nregions ? p->nregions : 1, 1);
    if (!want) { free(years); return regio__serve_ok(r, NULL); }
    if (unit < 0) memset(want, 1, p->nregions);
    else if (!is_group) want[unit] = 1;
    else {
        const regio_group *g = &p->groups[unit];
        for (size_t k = 0; k < g->nmembers; k++) want[g->members[k]] = 1;
        for (size_t k = 0; k < g->ncounties; k++) want[g->counties[k]] = 1;
    }
    regio_error err;
    regio_error_clear(&err);
    json_t *rows = json_array();
    for (size_t t = 0; rows && t < ny; t++) {
        const double *m = NULL;
        if (regio__serve_year_matrix(q, years[t], &m, &err)) break;
        for (size_t k = 0; k < p->nindicators; k++) {
            if (ind >= 0 && (size_t)ind != k) continue;
            for (size_t i = 0; i < p->nregions; i++) {
                double v = m[k * p->nregions + i];
                if (!want[i] || isnan(v)) continue;
                json_array_append_new(rows, json_pack("{s:s, s:s, s:i, s:o}", "region", p->regions[i].code, "indicator",
                                                      p->indicators[k].code, "year", years[t], "value", regio_json_num(v)));
            }
        }
    }
    free(want);
    free(years);
    if (err.code) { json_decref(rows); return regio__serve_fail(q, r, 0, &err); }
    return regio__serve_ok(r, json_pack("{s:I, s:o}", "count", (json_int_t)json_array_size(rows), "observations", rows));
}

int regio__serve_api_value(serve_req *q, serve_reply *r) {
    static const char *const ok[] = {"indicator", "region", "group", "year", NULL};
    if (regio__serve_params(q, r, ok)) return -1;
    const regio_plan *p = q->plan;
    long ind, unit;
    int is_group, year;
    if (regio__serve_arg_indicator(q, r, 1, &ind) || regio__serve_arg_unit(q, r, 1, &unit, &is_group) || regio__serve_arg_year(q, r, "year", 1, &year)) return -1;
    regio_error err;
    regio_error_clear(&err);
    const double *m = NULL;
    regio_agg *a = NULL;
    if (regio__serve_year_matrix(q, year, &m, &err) ||
        (is_group ? regio_aggregate_group(p, m, (size_t)ind, (size_t)unit, &a, &err) : regio_aggregate_region(p, m, (size_t)ind, (size_t)unit, &a, &err))) {
        return regio__serve_fail(q, r, 0, &err);
    }
    const regio_indicator *x = &p->indicators[ind];
    const char *code = is_group ? p->groups[unit].code : p->regions[unit].code;
    const char *name = is_group ? regio__serve_name(q, p->groups[unit].name_zh, p->groups[unit].name_en) : regio_region_name(&p->regions[unit], q->lang);
    json_t *root = json_pack("{s:{s:s, s:s, s:s, s:s}, s:i, s:{s:s, s:s, s:s}}", "indicator", "code", x->code, "name", regio__serve_name(q, x->name_zh, x->name_en),
                             "unit", x->unit, "rule", regio_aggrule_name(x->agg), "year", year, "scope", "type", is_group ? "group" : "region",
                             "code", code, "name", name);
    json_t *body = regio_json_agg(p, a, q->lang);
    if (root && body) json_object_update(root, body);
    json_decref(body);
    regio_agg_free(a);
    return regio__serve_ok(r, root);
}

int regio__serve_api_map(serve_req *q, serve_reply *r) {
    static const char *const ok[] = {"indicator", "year", "level", NULL};
    if (regio__serve_params(q, r, ok)) return -1;
    const regio_plan *p = q->plan;
    long ind;
    int year;
    regio_level lv;
    if (regio__serve_arg_indicator(q, r, 1, &ind) || regio__serve_arg_year(q, r, "year", 1, &year) || regio__serve_arg_level(q, r, REGIO_LEVEL_COUNTY, &lv)) return -1;
    regio_error err;
    regio_error_clear(&err);
    const double *m = NULL;
    if (regio__serve_year_matrix(q, year, &m, &err)) return regio__serve_fail(q, r, 0, &err);
    /* a value computed from only some of a unit's members (one county's GDP and population standing for its
     * prefecture) is not the unit's value: it is left out (value null) and the unit says partial, with how many of
     * its members were used; min, max and the coverage count complete values only */
    json_t *units = json_array();
    double lo = NAN, hi = NAN;
    size_t with = 0, total = 0, partial = 0;
    for (size_t i = 0; units && i < p->nregions; i++) {
        if (p->regions[i].level != lv) continue;
        regio_agg *a = NULL;
        if (regio_aggregate_region(p, m, (size_t)ind, i, &a, &err)) break;
        total++;
        int part = !isnan(a->value) && !a->complete;
        double v = part ? NAN : a->value;
        if (part) partial++;
        if (!isnan(v)) {
            with++;
            if (isnan(lo) || v < lo) lo = v;
            if (isnan(hi) || v > hi) hi = v;
        }
        json_t *u = json_pack("{s:s, s:s, s:o, s:s, s:b, s:b}", "code", p->regions[i].code, "name", regio_region_name(&p->regions[i], q->lang),
                              "value", regio_json_num(v), "origin", regio_origin_name(a->origin), "complete", a->complete, "partial", part);
        if (u && part) {
            json_object_set_new(u, "members_used", json_integer((json_int_t)a->nused));
            json_object_set_new(u, "members", json_integer((json_int_t)a->nmembers));
        }
        json_array_append_new(units, u);
        regio_agg_free(a);
    }
    if (err.code) { json_decref(units); return regio__serve_fail(q, r, 0, &err); }
    const regio_indicator *x = &p->indicators[ind];
    return regio__serve_ok(r, json_pack("{s:s, s:s, s:s, s:s, s:i, s:s, s:{s:I, s:I, s:I}, s:o, s:o, s:o}", "indicator", x->code,
                                 "name", regio__serve_name(q, x->name_zh, x->name_en), "unit", x->unit, "direction", regio_direction_name(x->direction),
                                 "year", year, "level", regio_level_name(lv), "coverage", "with_value", (json_int_t)with, "partial", (json_int_t)partial,
                                 "units", (json_int_t)total, "min", regio_json_num(lo), "max", regio_json_num(hi), "values", units));
}

/* regio_track_targets over this thread's cached year cells: the years with data up to as_of with their bounded
 * observations, regio_track_build_bounds, then the series-break rule (regio_track_apply_breaks, never across) —
 * the steps of regio_track_targets (src/analysis/track_store.c), so the answer is `regio targets`'. */
int regio__serve_track_targets(serve_req *q, int as_of, regio_track_list **out, regio_error *err) {
    *out = NULL;
    const int *all = NULL;
    size_t ny = 0, k = 0;
    int rc = regio__serve_years(q, &all, &ny, err);
    if (rc) return rc;
    int *years = malloc((ny ? ny : 1) * sizeof *years);
    const double **ms = calloc(ny ? ny : 1, sizeof *ms);
    regio_track_bounds *bounds = calloc(ny ? ny : 1, sizeof *bounds);
    if (!ms || !years || !bounds) { free(ms); free(years); free(bounds); return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); }
    for (size_t i = 0; !rc && i < ny; i++) {
        if (as_of > 0 && all[i] > as_of) continue;
        const regio_year_cells *c = NULL;
        if ((rc = regio__serve_year_cells(q, all[i], &c, err))) break;
        years[k] = all[i];
        ms[k] = c->value;
        if (c->nbounds) bounds[k] = (regio_track_bounds){c->bound, c->bound_dir};
        k++;
    }
    if (!rc) rc = regio_track_build_bounds(q->plan, years, ms, bounds, k, as_of, out, err);
    if (!rc && (rc = regio_track_apply_breaks(q->plan, *out, 0, err))) {
        regio_track_list_free(*out);
        *out = NULL;
    }
    free(bounds);
    free(ms);
    free(years);
    return rc;
}

int regio__serve_api_targets(serve_req *q, serve_reply *r) {
    static const char *const ok[] = {"scope", "year", NULL};
    if (regio__serve_params(q, r, ok)) return -1;
    const regio_plan *p = q->plan;
    const char *scope = regio__serve_arg(q, "scope");
    int year;
    if (regio__serve_arg_year(q, r, "year", 0, &year)) return -1;
    if (scope && regio_plan_group(p, scope) < 0 && regio_plan_region(p, scope) < 0)
        return regio__serve_failf(q, r, 404, "未知的组或地区编码 “%.64s”", "unknown group or region code '%.64s'", scope);
    regio_error err;
    regio_error_clear(&err);
    regio_track_list *l = NULL;
    if (regio__serve_track_targets(q, year, &l, &err)) return regio__serve_fail(q, r, 0, &err);
    json_t *root = regio_json_track_list(p, l, scope, q->lang);
    regio_track_list_free(l);
    return regio__serve_ok(r, root);
}
