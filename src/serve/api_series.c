/* regio__serve_api_series.c — GET /api/v1/series: the time series of one indicator (or of every indicator) for a few
 * regions or groups side by side — a region's page with its province and its block, or two counties compared.
 * Each value is what /value gives for that unit and year (regio_aggregate_region / regio_aggregate_group:
 * published, else computed from members, with its completeness), and each unit's series says the years at
 * which it starts on a new basis (regio_plan_break_between for that region, or for any region for a group),
 * so a chart can break the line there instead of joining revised and unrevised figures. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "regio/aggregate.h"
#include "regio/json_out.h"
#include "serve/serve_internal.h"

#define MAX_UNITS 8

typedef struct unit_ref { long index; int is_group; } unit_ref;

/* units=a,b,c: region or group codes (at most MAX_UNITS) */
static int parse_units(serve_req *q, serve_reply *r, unit_ref *u, size_t *n) {
    const char *s = regio__serve_arg(q, "units");
    *n = 0;
    if (!s || !*s) return regio__serve_failf(q, r, 400, "需要参数 units（地区或组编码，以逗号分隔）", "parameter units is required (region or group codes, comma-separated)");
    while (*s) {
        const char *e = strchr(s, ',');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        char code[64];
        if (len == 0 || len >= sizeof code) return regio__serve_failf(q, r, 400, "units 中有空的或过长的编码", "units has an empty or too long code");
        if (*n == MAX_UNITS) return regio__serve_failf(q, r, 400, "units 至多 %d 个", "at most %d units", MAX_UNITS);
        memcpy(code, s, len);
        code[len] = '\0';
        long i = regio_plan_region(q->plan, code);
        int g = 0;
        if (i < 0 && (i = regio_plan_group(q->plan, code)) >= 0) g = 1;
        if (i < 0) return regio__serve_failf(q, r, 404, "未知的地区或组编码 “%.64s”", "unknown region or group code '%.64s'", code);
        u[*n].index = i;
        u[*n].is_group = g;
        (*n)++;
        s += len;
        if (*s == ',') s++;
    }
    return 0;
}

/* the years at which the unit's series of indicator k starts on a new basis */
static json_t *unit_breaks(const regio_plan *p, size_t k, const unit_ref *u) {
    json_t *a = json_array();
    for (size_t i = 0; a && i < p->nbreaks; i++) {
        int y = p->breaks[i].from_year, seen = 0;
        for (size_t j = 0; j < i && !seen; j++) seen = p->breaks[j].from_year == y;
        if (seen) continue;
        long b = u->is_group ? regio_plan_break_between(p, k, -1, -1, y - 1, y) : regio_plan_break_between(p, k, -1, u->index, y - 1, y);
        if (b >= 0) json_array_append_new(a, json_integer(y));
    }
    return a;
}

int regio__serve_api_series(serve_req *q, serve_reply *r) {
    static const char *const ok[] = {"indicator", "units", NULL};
    if (regio__serve_params(q, r, ok)) return -1;
    const regio_plan *p = q->plan;
    long ind;
    unit_ref u[MAX_UNITS];
    size_t nu;
    if (regio__serve_arg_indicator(q, r, 0, &ind) || parse_units(q, r, u, &nu)) return -1;
    regio_error err;
    regio_error_clear(&err);
    const int *all = NULL;
    size_t nall = 0;
    if (regio__serve_years(q, &all, &nall, &err)) return regio__serve_fail(q, r, 0, &err);
    size_t k0 = ind >= 0 ? (size_t)ind : 0, k1 = ind >= 0 ? (size_t)ind + 1 : p->nindicators;
    /* vals[(j * (k1 - k0) + (k - k0))]: unit j's array of points for indicator k */
    size_t nk = k1 - k0;
    json_t **vals = calloc(nu * nk > 0 ? nu * nk : 1, sizeof *vals);
    if (!vals) return regio__serve_failf(q, r, 503, "内存不足", "out of memory");
    for (size_t c = 0; c < nu * nk; c++) vals[c] = json_array();
    for (size_t t = 0; t < nall && !err.code; t++) {
        const double *m = NULL;
        if (regio__serve_year_matrix(q, all[t], &m, &err)) break;
        for (size_t j = 0; j < nu && !err.code; j++)
            for (size_t k = k0; k < k1; k++) {
                regio_agg *a = NULL;
                int rc = u[j].is_group ? regio_aggregate_group(p, m, k, (size_t)u[j].index, &a, &err)
                                       : regio_aggregate_region(p, m, k, (size_t)u[j].index, &a, &err);
                if (rc) break;
                if (!isnan(a->value))
                    json_array_append_new(vals[j * nk + (k - k0)], json_pack("{s:i, s:o, s:s, s:b, s:I, s:I}", "year", all[t],
                        "value", regio_json_num(a->value), "origin", regio_origin_name(a->origin), "complete", a->complete,
                        "members_used", (json_int_t)a->nused, "members", (json_int_t)a->nmembers));
                regio_agg_free(a);
            }
    }
    if (err.code) {
        for (size_t c = 0; c < nu * nk; c++) json_decref(vals[c]);
        free(vals);
        return regio__serve_fail(q, r, 0, &err);
    }
    json_t *units = json_array();
    for (size_t j = 0; j < nu; j++) {
        const char *code, *name, *level;
        if (u[j].is_group) {
            const regio_group *g = &p->groups[u[j].index];
            code = g->code;
            name = regio__serve_name(q, g->name_zh, g->name_en);
            level = NULL;
        } else {
            const regio_region *x = &p->regions[u[j].index];
            code = x->code;
            name = regio_region_name(x, q->lang);
            level = regio_level_name(x->level);
        }
        json_t *series = json_object();
        for (size_t k = k0; k < k1; k++) {
            json_t *v = vals[j * nk + (k - k0)];
            vals[j * nk + (k - k0)] = NULL;
            if (!json_array_size(v)) { json_decref(v); continue; } /* no value in any year: left out */
            json_object_set_new(series, p->indicators[k].code, json_pack("{s:o, s:o}", "values", v, "breaks", unit_breaks(p, k, &u[j])));
        }
        json_array_append_new(units, json_pack("{s:s, s:s, s:s, s:s?, s:o}", "code", code, "name", name, "type", u[j].is_group ? "group" : "region",
                                               "level", level, "series", series));
    }
    free(vals);
    json_t *years = json_array();
    for (size_t t = 0; years && t < nall; t++) json_array_append_new(years, json_integer(all[t]));
    return regio__serve_ok(r, json_pack("{s:s?, s:o, s:o}", "indicator", ind >= 0 ? p->indicators[ind].code : NULL, "years", years, "units", units));
}
