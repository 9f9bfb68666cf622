/* api_plan.c — the plan's own things over HTTP: the endpoint index, regions, groups, indicators, the map
 * outlines stored at `regio init` (include/regio/geometry.h), and a region's page (its indicators in a year,
 * its rank among the counties of each group it belongs to, and the targets that concern it). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "regio/aggregate.h"
#include "regio/evaluation.h"
#include "regio/json_out.h"
#include "regio/json_results.h"
#include "regio/track.h"
#include "serve/serve_internal.h"

int regio__serve_api_index(serve_req *q, serve_reply *r) {
    if (regio__serve_params(q, r, NULL)) return -1;
    return regio__serve_ok(r, json_pack("{s:s, s:s, s:[s,s,s,s,s,s,s,s,s,s,s,s,s,s,s,s,s,s], s:b, s:s?, s:s?}", "service", "regio", "plan", q->plan->name ? q->plan->name : "",
        "endpoints", "GET /api/v1/regions?level=", "GET /api/v1/regions/{code}?year=", "GET /api/v1/groups",
        "GET /api/v1/indicators", "GET /api/v1/breaks?indicator=", "GET /api/v1/series?units=&indicator=", "GET /api/v1/needs?year=", "GET /api/v1/needs/template?format=csv|xlsx&year=", "GET /api/v1/geometry?level=county|prefecture|province",
        "GET /api/v1/observations?indicator=&region=|group=&year=|years=A:B", "GET /api/v1/value?indicator=&region=|group=&year=",
        "GET /api/v1/map?indicator=&year=&level=", "GET /api/v1/targets?scope=&year=",
        "GET /api/v1/disparity?indicator=&year=|years=A:B&level=&partition=&weight=",
        "GET /api/v1/spatial?indicator=&year=&level=&weights=queen|rook&permutations=&seed=", "POST /api/v1/import?filename=&source=&note=&replace=",
        "GET /api/v1/evaluation?year=&zone=&region=&draws=",
        "GET /api/v1 (this list)", "writes", q->srv->token != NULL,
        "evaluation_scheme", q->srv->scheme ? q->srv->scheme->name : NULL, "report", q->srv->report ? "/report" : NULL));
}

static json_t *region_json(const serve_req *q, size_t i) {
    const regio_region *x = &q->plan->regions[i];
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s?, s:s, s:o}", "code", x->code, "name", regio_region_name(x, q->lang),
                     "name_zh", x->name_zh, "name_en", x->name_en, "level", regio_level_name(x->level),
                     "parent", x->parent >= 0 ? q->plan->regions[x->parent].code : NULL, "kind", x->kind,
                     "area_km2", regio_json_num(x->area_km2));
}

int regio__serve_api_regions(serve_req *q, serve_reply *r) {
    static const char *const ok[] = {"level", NULL};
    if (regio__serve_params(q, r, ok)) return -1;
    regio_level lv;
    int any = regio__serve_arg(q, "level") == NULL;
    if (regio__serve_arg_level(q, r, REGIO_LEVEL_COUNTY, &lv)) return -1;
    json_t *a = json_array();
    for (size_t i = 0; a && i < q->plan->nregions; i++)
        if (any || q->plan->regions[i].level == lv) json_array_append_new(a, region_json(q, i));
    return regio__serve_ok(r, a);
}

int regio__serve_api_groups(serve_req *q, serve_reply *r) {
    if (regio__serve_params(q, r, NULL)) return -1;
    const regio_plan *p = q->plan;
    json_t *a = json_array();
    for (size_t g = 0; a && g < p->ngroups; g++) {
        const regio_group *x = &p->groups[g];
        json_t *m = json_array(), *cs = json_array();
        for (size_t k = 0; k < x->nmembers; k++) json_array_append_new(m, json_string(p->regions[x->members[k]].code));
        for (size_t k = 0; k < x->ncounties; k++) json_array_append_new(cs, json_string(p->regions[x->counties[k]].code));
        json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s?, s:o, s:o}", "code", x->code,
            "name", regio__serve_name(q, x->name_zh, x->name_en), "name_zh", x->name_zh, "name_en", x->name_en,
            "kind", regio_group_kind_name(x->kind), "partition", x->partition_code && *x->partition_code ? x->partition_code : NULL,
            "members", m, "counties", cs));
    }
    json_t *parts = json_array();
    for (size_t k = 0; parts && k < p->npartitions; k++) {
        json_t *g = json_array();
        for (size_t j = 0; j < p->partitions[k].nparts; j++) json_array_append_new(g, json_string(p->groups[p->partitions[k].parts[j]].code));
        json_array_append_new(parts, json_pack("{s:s, s:s, s:o}", "code", p->partitions[k].code,
                                               "name", regio__serve_name(q, p->partitions[k].name_zh, p->partitions[k].name_en), "groups", g));
    }
    return regio__serve_ok(r, json_pack("{s:o, s:o}", "groups", a, "partitions", parts));
}

int regio__serve_api_geometry(serve_req *q, serve_reply *r) {
    static const char *const ok[] = {"level", NULL};
    if (regio__serve_params(q, r, ok)) return -1;
    regio_level lv;
    if (regio__serve_arg_level(q, r, REGIO_LEVEL_COUNTY, &lv)) return -1;
    r->status = 200;
    r->text = q->srv->geo[lv];
    r->len = q->srv->geolen[lv];
    r->borrowed = 1;
    return 0;
}

/* rank (1 = best by the indicator's direction) of region among units with values; 0 when it has none */
static void rank_among(const regio_plan *p, const double *m, size_t k, size_t region, const size_t *units, size_t n,
                       long *rank, long *of) {
    double v = m[k * p->nregions + region];
    *rank = 0;
    *of = 0;
    for (size_t i = 0; i < n; i++) if (!isnan(m[k * p->nregions + units[i]])) (*of)++;
    if (isnan(v) || p->indicators[k].direction == REGIO_DIR_NEUTRAL) return;
    long better = 0;
    for (size_t i = 0; i < n; i++) {
        double u = m[k * p->nregions + units[i]];
        if (isnan(u)) continue;
        if (p->indicators[k].direction == REGIO_DIR_HIGHER ? u > v : u < v) better++;
    }
    *rank = better + 1;
}

int regio__serve_api_region(serve_req *q, serve_reply *r, const char *code) {
    static const char *const ok[] = {"year", NULL};
    if (regio__serve_params(q, r, ok)) return -1;
    const regio_plan *p = q->plan;
    long reg = regio_plan_region(p, code);
    if (reg < 0) return regio__serve_failf(q, r, 404, "未知的地区编码 “%.64s”（见 /api/v1/regions）", "unknown region code '%.64s' (see /api/v1/regions)", code);
    int year;
    if (regio__serve_arg_year(q, r, "year", 0, &year)) return -1;
    regio_error err;
    regio_error_clear(&err);
    /* the groups it is in, and the peers to rank against (counties of the same level in each group) */
    const regio_region *x = &p->regions[reg];
    json_t *root = region_json(q, (size_t)reg), *groups = json_array(), *inds = json_array();
    size_t *all = malloc((p->nregions ? p->nregions : 1) * sizeof *all), nall = 0;
    if (!all || !root) { free(all); json_decref(root); json_decref(groups); json_decref(inds); return regio__serve_ok(r, NULL); }
    for (size_t i = 0; i < p->nregions; i++) if (p->regions[i].level == x->level) all[nall++] = i;
    unsigned char *in = calloc(p->ngroups ? p->ngroups : 1, 1);
    for (size_t g = 0; in && g < p->ngroups; g++) {
        const regio_group *gr = &p->groups[g];
        for (size_t k = 0; k < gr->ncounties && !in[g]; k++) in[g] = gr->counties[k] == (size_t)reg;
        for (size_t k = 0; k < gr->nmembers && !in[g]; k++) in[g] = gr->members[k] == (size_t)reg;
        if (in[g]) json_array_append_new(groups, json_pack("{s:s, s:s, s:s, s:s?}", "code", gr->code, "name", regio__serve_name(q, gr->name_zh, gr->name_en),
                                                           "kind", regio_group_kind_name(gr->kind),
                                                           "partition", gr->partition_code && *gr->partition_code ? gr->partition_code : NULL));
    }
    /* every indicator: the value in the year asked (or its latest year), with ranks */
    const int *ally = NULL;
    size_t nally = 0;
    if (regio__serve_years(q, &ally, &nally, &err)) nally = 0;
    for (size_t k = 0; k < p->nindicators && !err.code; k++) {
        /* the latest year (up to the one asked) in which the region has a complete value of the indicator; a later
         * value computed from only some of its members is not the region's value: its year and how many members
         * it was computed from are given under "partial", the value itself is not */
        const double *m = NULL;
        regio_agg *a = NULL;
        json_t *part = NULL;
        int y = 0;
        for (size_t t = nally; t-- > 0 && !y;) {
            if (year && ally[t] > year) continue;
            if (regio__serve_year_matrix(q, ally[t], &m, &err) || regio_aggregate_region(p, m, k, (size_t)reg, &a, &err)) break;
            if (!isnan(a->value) && a->complete) y = ally[t];
            else {
                if (!isnan(a->value) && !part)
                    part = json_pack("{s:i, s:I, s:I}", "year", ally[t], "members_used", (json_int_t)a->nused, "members", (json_int_t)a->nmembers);
                regio_agg_free(a);
                a = NULL;
            }
        }
        if (!y) {
            regio_agg_free(a);
            if (part) { /* only partial values: the indicator is listed without one */
                const regio_indicator *ix = &p->indicators[k];
                json_array_append_new(inds, json_pack("{s:s, s:s, s:s, s:n, s:n, s:s, s:b, s:[], s:o}", "code", ix->code,
                    "name", regio__serve_name(q, ix->name_zh, ix->name_en), "unit", ix->unit, "year", "value", "origin", "computed",
                    "complete", 0, "ranks", "partial", part));
            }
            continue;
        }
        /* ranks are over published values of the same level (computed ones would mix coverage) */
        long rk, of;
        rank_among(p, m, k, (size_t)reg, all, nall, &rk, &of);
        json_t *ranks = json_array();
        if (rk) json_array_append_new(ranks, json_pack("{s:s, s:s, s:I, s:I}", "group", "", "name", q->lang == REGIO_LANG_ZH ? "全省同级" : "all of the same level",
                                                       "rank", (json_int_t)rk, "of", (json_int_t)of));
        for (size_t g = 0; rk && in && g < p->ngroups; g++) {
            if (!in[g] || x->level != REGIO_LEVEL_COUNTY) continue;
            const regio_group *gr = &p->groups[g];
            long gr_rk, gr_of;
            rank_among(p, m, k, (size_t)reg, gr->counties, gr->ncounties, &gr_rk, &gr_of);
            if (gr_rk) json_array_append_new(ranks, json_pack("{s:s, s:s, s:I, s:I}", "group", gr->code, "name", regio__serve_name(q, gr->name_zh, gr->name_en),
                                                              "rank", (json_int_t)gr_rk, "of", (json_int_t)gr_of));
        }
        const regio_indicator *ix = &p->indicators[k];
        json_t *o = json_pack("{s:s, s:s, s:s, s:i, s:o, s:s, s:b, s:o}", "code", ix->code,
            "name", regio__serve_name(q, ix->name_zh, ix->name_en), "unit", ix->unit, "year", y, "value", regio_json_num(a->value),
            "origin", regio_origin_name(a->origin), "complete", a->complete, "ranks", ranks);
        if (o && part) json_object_set_new(o, "partial", part);
        else json_decref(part);
        json_array_append_new(inds, o);
        regio_agg_free(a);
    }
    free(all);
    if (err.code) { free(in); json_decref(root); json_decref(groups); json_decref(inds); return regio__serve_fail(q, r, 0, &err); }
    /* targets whose scope is this region, or a group it belongs to */
    json_t *targets = json_array();
    regio_track_list *l = NULL;
    if (regio__serve_track_targets(q, year, &l, &err)) { free(in); json_decref(root); json_decref(groups); json_decref(inds); json_decref(targets); return regio__serve_fail(q, r, 0, &err); }
    for (size_t i = 0; i < l->n; i++) {
        const regio_target *t = &p->targets[l->items[i].target];
        int mine = t->scope_region == reg || (t->scope_group >= 0 && in && in[t->scope_group]);
        if (mine) json_array_append_new(targets, regio_json_track_result(p, &l->items[i], q->lang));
    }
    regio_track_list_free(l);
    free(in);
    json_object_set_new(root, "groups", groups);
    json_object_set_new(root, "indicators", inds);
    json_object_set_new(root, "targets", targets);
    return regio__serve_ok(r, root);
}
