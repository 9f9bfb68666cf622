/* api_coverage.c — what can be shown honestly: GET /api/v1/indicators (every indicator of the plan, stored or
 * computed, with the years it is computable at each level and how many units of the level have a value in each
 * of them) and GET /api/v1/breaks (the plan's declared series breaks, breaks.csv).
 *
 * The dashboard opens on the indicator and year with the best coverage, states n / N under every chart and
 * draws a trend only over years whose coverage meets a threshold, broken at a series break: all of that needs
 * the coverage of values the aggregation engine can give (a ratio such as gdp_pc has no stored row but is
 * computed for 16 of 16 prefectures), not only of stored rows. Values come from regio_aggregate_value on the
 * cached year matrices, breaks from regio_plan_break_between, as the CLI's span checks use them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "regio/aggregate.h"
#include "serve/serve_internal.h"

#define NLEVELS 3

static json_t *break_json(const serve_req *q, const regio_break *b) {
    const regio_plan *p = q->plan;
    return json_pack("{s:s, s:i, s:s?, s:s?, s:s?, s:s, s:s, s:s, s:s}", "indicator", p->indicators[b->indicator].code,
                     "from_year", b->from_year, "level", b->level >= 0 ? regio_level_name((regio_level)b->level) : NULL,
                     "region", b->region >= 0 ? p->regions[b->region].code : NULL,
                     "region_name", b->region >= 0 ? regio_region_name(&p->regions[b->region], q->lang) : NULL,
                     "reason", regio__serve_name(q, b->reason_zh, b->reason_en), "reason_zh", b->reason_zh, "reason_en", b->reason_en,
                     "source", b->source);
}

int regio__serve_api_breaks(serve_req *q, serve_reply *r) {
    static const char *const ok[] = {"indicator", NULL};
    if (regio__serve_params(q, r, ok)) return -1;
    long ind;
    if (regio__serve_arg_indicator(q, r, 0, &ind)) return -1;
    const regio_plan *p = q->plan;
    json_t *a = json_array();
    for (size_t i = 0; a && i < p->nbreaks; i++) {
        const regio_break *b = &p->breaks[i];
        /* an indicator asked for: its own breaks and those of the indicators it is computed from */
        if (ind >= 0 && regio_plan_break_between(p, (size_t)ind, b->level, b->region, b->from_year - 1, b->from_year) < 0) continue;
        json_array_append_new(a, break_json(q, b));
    }
    return regio__serve_ok(r, a);
}

/* The years in which a cross-section of level lv of indicator k starts on a new basis (the earliest break for
 * each year), with the reason of the break found. */
static json_t *level_breaks(const serve_req *q, size_t k, int lv) {
    const regio_plan *p = q->plan;
    json_t *a = json_array();
    for (size_t i = 0; a && i < p->nbreaks; i++) {
        int y = p->breaks[i].from_year, seen = 0;
        for (size_t j = 0; j < i && !seen; j++) seen = p->breaks[j].from_year == y;
        if (seen) continue;
        long b = regio_plan_break_between(p, k, lv, -1, y - 1, y);
        if (b < 0) continue;
        const regio_break *x = &p->breaks[b];
        size_t nreg = 0; /* a break declared region by region (population 2020): how many regions of the level */
        for (size_t j = 0; j < p->nbreaks; j++)
            nreg += p->breaks[j].from_year == y && p->breaks[j].indicator == x->indicator && p->breaks[j].region >= 0 &&
                    (lv < 0 || p->breaks[j].level == lv);
        json_t *o = json_pack("{s:i, s:s, s:s, s:I}", "year", y, "indicator", p->indicators[x->indicator].code,
                              "reason", regio__serve_name(q, x->reason_zh, x->reason_en), "regions", (json_int_t)nreg);
        json_array_append_new(a, o);
    }
    return a;
}

int regio__serve_api_indicators(serve_req *q, serve_reply *r) {
    if (regio__serve_params(q, r, NULL)) return -1;
    const regio_plan *p = q->plan;
    regio_error err;
    regio_error_clear(&err);
    const int *all = NULL;
    size_t nall = 0;
    if (regio__serve_years(q, &all, &nall, &err)) return regio__serve_fail(q, r, 0, &err);
    size_t units[NLEVELS] = {0, 0, 0};
    for (size_t i = 0; i < p->nregions; i++) units[p->regions[i].level]++;
    /* n[(k * nall + t) * NLEVELS + l]: units of level l with a value of indicator k in year t (published or
     * computed), full[…]: of which complete (published, or computed from every member it needs), obs[…]: with an
     * observation of their own */
    size_t cells = p->nindicators * (nall ? nall : 1) * NLEVELS;
    unsigned *n = calloc(cells, sizeof *n), *obs = calloc(cells, sizeof *obs), *full = calloc(cells, sizeof *full);
    if (!n || !obs || !full) { free(n); free(obs); free(full); return regio__serve_failf(q, r, 503, "内存不足", "out of memory"); }
    for (size_t t = 0; t < nall; t++) {
        const double *m = NULL; /* borrowed from the thread's cache: used before the next year is asked for */
        if (regio__serve_year_matrix(q, all[t], &m, &err)) { free(n); free(obs); free(full); return regio__serve_fail(q, r, 0, &err); }
        for (size_t k = 0; k < p->nindicators; k++)
            for (size_t i = 0; i < p->nregions; i++) {
                regio_origin o;
                int complete;
                size_t c = (k * nall + t) * NLEVELS + p->regions[i].level;
                if (!isnan(m[k * p->nregions + i])) obs[c]++;
                if (isnan(regio_aggregate_value(p, m, k, i, &o, &complete))) continue;
                n[c]++;
                if (complete) full[c]++;
            }
    }
    json_t *a = json_array();
    for (size_t k = 0; a && k < p->nindicators; k++) {
        const regio_indicator *x = &p->indicators[k];
        json_t *ys = json_array(), *by = json_object(), *levels = json_object(), *forms = json_array();
        for (size_t t = 0; t < nall; t++) {
            size_t c = (k * nall + t) * NLEVELS;
            if (obs[c] || obs[c + 1] || obs[c + 2]) json_array_append_new(ys, json_integer(all[t]));
        }
        for (int l = 0; l < NLEVELS; l++) {
            json_t *seen = json_array(), *computable = json_array(), *cov = json_array();
            for (size_t t = 0; t < nall; t++) {
                size_t c = (k * nall + t) * NLEVELS + (size_t)l;
                if (obs[c]) json_array_append_new(seen, json_integer(all[t]));
                if (!n[c]) continue;
                json_array_append_new(computable, json_integer(all[t]));
                json_array_append_new(cov, json_pack("{s:i, s:I, s:I, s:I}", "year", all[t], "n", (json_int_t)n[c],
                                                     "complete", (json_int_t)full[c], "observed", (json_int_t)obs[c]));
            }
            const char *ln = regio_level_name((regio_level)l);
            json_object_set_new(by, ln, seen);
            json_object_set_new(levels, ln, json_pack("{s:I, s:o, s:o, s:o}", "units", (json_int_t)units[l], "years", computable,
                                                      "coverage", cov, "breaks", level_breaks(q, k, l)));
        }
        /* a total (a sum such as GDP) is no measure of regional gaps: its rate forms are (gdp → gdp_pc) */
        for (size_t j = 0; x->agg == REGIO_AGG_SUM && j < p->nindicators; j++)
            if (p->indicators[j].agg == REGIO_AGG_RATIO && p->indicators[j].numerator == (long)k)
                json_array_append_new(forms, json_string(p->indicators[j].code));
        json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:b, s:o, s:o, s:o, s:o}", "code", x->code,
            "name", regio__serve_name(q, x->name_zh, x->name_en), "name_zh", x->name_zh, "name_en", x->name_en, "unit", x->unit,
            "unit_label", regio_unit_label(x->unit, q->lang), "direction", regio_direction_name(x->direction),
            "rule", regio_aggrule_name(x->agg), "decimals", x->decimals, "total", x->agg == REGIO_AGG_SUM, "rate_forms", forms,
            "years", ys, "years_observed", by, "levels", levels);
        if (o && x->agg == REGIO_AGG_RATIO)
            json_object_set_new(o, "computed_from", json_pack("[s,s]", p->indicators[x->numerator].code, p->indicators[x->denominator].code));
        else if (o && x->agg == REGIO_AGG_WMEAN && x->weight >= 0)
            json_object_set_new(o, "weight", json_string(p->indicators[x->weight].code));
        json_array_append_new(a, o);
    }
    free(n);
    free(obs);
    free(full);
    return regio__serve_ok(r, a);
}
