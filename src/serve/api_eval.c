/* api_eval.c — GET /api/v1/evaluation: the plan's classified evaluation (as `regio evaluate --year Y`): every
 * county's composite score, dimension scores and rank within its zone type (主体功能区类型), computed by
 * regio_evaluate_plan with the scheme the server loaded at start (--schemes DIR; schemes are files of the plan,
 * read once so requests never touch the plan directory). Monte Carlo draws are bounded; none by default.
 * Like every evaluation output it says what was measured: per zone type the dimensions the plan mandates that
 * the scheme does not measure (a partial ranking), and per county on how many dimensions it was scored. */
#include <stdlib.h>
#include <string.h>

#include "regio/evaluation.h"
#include "regio/json_out.h"
#include "serve/serve_internal.h"

#define MAX_DRAWS 500

int regio__serve_api_evaluation(serve_req *q, serve_reply *r) {
    static const char *const ok[] = {"year", "zone", "region", "draws", "seed", NULL};
    if (regio__serve_params(q, r, ok)) return -1;
    const regio_scheme *s = q->srv->scheme;
    if (!s)
        return regio__serve_failf(q, r, 404, "服务未载入评价方案（用 --schemes DIR 启动）", "no evaluation scheme is loaded (start the server with --schemes DIR)");
    int year, zone = -1;
    long region = -1;
    unsigned long draws, seed;
    if (regio__serve_arg_year(q, r, "year", 1, &year) || regio__serve_arg_uint(q, r, "draws", MAX_DRAWS, 0, &draws) ||
        regio__serve_arg_uint(q, r, "seed", 0x7fffffffUL, 12345, &seed))
        return -1;
    const char *zs = regio__serve_arg(q, "zone"), *rs = regio__serve_arg(q, "region");
    if (zs && regio_zone_parse(zs, &zone))
        return regio__serve_failf(q, r, 400, "zone 应为 urban、agricultural 或 ecological，而不是 “%.32s”",
                           "zone must be urban, agricultural or ecological, not '%.32s'", zs);
    if (rs && (region = regio_plan_region(q->plan, rs)) < 0)
        return regio__serve_failf(q, r, 404, "未知的地区编码 “%.64s”（见 /api/v1/regions）", "unknown region code '%.64s' (see /api/v1/regions)", rs);
    regio_error err;
    regio_error_clear(&err);
    regio_zones *z = NULL;
    regio_evaluation *e = NULL;
    regio_eval_opts o = {.year = year, .draws = draws, .seed = seed, .threads = 1};
    if (regio_zones_load(q->st, q->plan, &z, &err) || regio_evaluate_plan(q->st, q->plan, s, z, &o, &e, &err)) {
        regio_zones_free(z);
        return regio__serve_fail(q, r, 0, &err);
    }
    json_t *units = json_array();
    for (size_t i = 0; units && i < e->nunits; i++) {
        const regio_eval_unit *u = &e->units[i];
        if ((zone >= 0 && u->zone != zone) || (region >= 0 && (long)u->region != region)) continue;
        const regio_region *x = &q->plan->regions[u->region];
        json_t *dims = json_array();
        if (u->zone >= 0 && u->zone < REGIO_NZONES) {
            const regio_scheme_zone *sz = &s->zone[u->zone];
            for (size_t d = 0; d < sz->ndims; d++)
                json_array_append_new(dims, json_pack("{s:s, s:s, s:b, s:o}", "code", sz->dims[d].code,
                                                      "name", regio__serve_name(q, sz->dims[d].name_zh, sz->dims[d].name_en),
                                                      "measured", sz->dims[d].measured, "score", regio_json_num(u->dim[d])));
        }
        int nzone = 0;
        for (size_t k = 0; k < e->nunits; k++) nzone += e->units[k].zone == u->zone && e->units[k].rank > 0;
        json_t *o1 = json_pack("{s:s, s:s, s:s?, s:s?, s:o, s:o, s:o, s:b, s:I}", "code", x->code, "name", regio_region_name(x, q->lang),
                               "zone", u->zone >= 0 ? regio_zone_code(u->zone) : NULL,
                               "zone_name", u->zone >= 0 ? regio_zone_name(u->zone, q->lang) : NULL, "score", regio_json_num(u->score),
                               "rank", u->rank ? json_integer(u->rank) : json_null(), "of", json_integer(nzone),
                               "provisional_zone", (u->flags & REGIO_EVAL_PROVISIONAL) != 0, "missing_cells", (json_int_t)u->nmissing);
        json_object_set_new(o1, "dimensions", dims);
        if (u->zone >= 0 && u->zone < REGIO_NZONES) {
            json_object_set_new(o1, "dimensions_scored", json_integer((json_int_t)u->ndims_scored));
            json_object_set_new(o1, "dimensions_measured", json_integer((json_int_t)u->ndims_measured));
            json_object_set_new(o1, "fewer_dimensions", json_boolean(u->flags & REGIO_EVAL_FEWER_DIMS));
            json_object_set_new(o1, "plan_dimensions_scored", json_integer((json_int_t)regio_eval_mandate_scored(s, u)));
            json_object_set_new(o1, "plan_dimensions", json_integer((json_int_t)s->zone[u->zone].nmandate));
            json_object_set_new(o1, "partial_ranking", json_boolean(s->zone[u->zone].nmandate_missing > 0 && u->rank > 0));
        }
        if (u->has_prev) {
            json_object_set_new(o1, "previous_score", regio_json_num(u->prev_score));
            json_object_set_new(o1, "previous_rank", u->prev_rank ? json_integer(u->prev_rank) : json_null());
        }
        if (e->uncertainty)
            json_object_set_new(o1, "monte_carlo", json_pack("{s:o, s:o, s:o}", "median_rank", regio_json_num(u->mc_median),
                                                             "p05", regio_json_num(u->mc_p05), "p95", regio_json_num(u->mc_p95)));
        json_array_append_new(units, o1);
    }
    json_t *root = json_pack("{s:i, s:o, s:s, s:b, s:s?, s:I, s:o}", "year", e->year, "previous_year", e->prev_year ? json_integer(e->prev_year) : json_null(),
                             "scheme", s->name, "zones_official", e->zones_official, "zones_source", e->zones_source,
                             "draws", (json_int_t)draws, "units", units);
    json_t *zinfo = json_object();
    for (int k = 0; zinfo && k < REGIO_NZONES; k++) {
        const regio_scheme_zone *sz = &s->zone[k];
        char title[1200];
        regio_scheme_partial_title(sz, q->lang, title, sizeof title);
        json_t *miss = json_array();
        for (size_t m = 0; miss && m < sz->nmandate; m++)
            if (!sz->mandate[m].measured)
                json_array_append_new(miss, json_pack("{s:s, s:s, s:I}", "code", sz->mandate[m].code, "name",
                                                      regio__serve_name(q, sz->mandate[m].name_zh, sz->mandate[m].name_en), "plan_line",
                                                      (json_int_t)sz->mandate[m].plan_line));
        json_object_set_new(zinfo, regio_zone_code(k), json_pack("{s:o, s:s, s:o}", "partial", s->has_mandate ? json_boolean(sz->nmandate_missing > 0) : json_null(),
                                                              "partial_title", title, "mandate_missing", miss));
    }
    json_object_set_new(root, "zones", zinfo);
    json_object_set_new(root, "mandate_declared", json_boolean(s->has_mandate));
    regio_evaluation_free(e);
    regio_zones_free(z);
    return regio__serve_ok(r, root);
}
