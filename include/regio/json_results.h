/* json_results.h — the JSON form of the analysis engines' results, one definition for every consumer (the
 * CLI's --format json, the HTTP API, the report's JSON), so the same result always has the same keys. */
#ifndef REGIO_JSON_RESULTS_H
#define REGIO_JSON_RESULTS_H

#include <jansson.h>

#include "regio/aggregate.h"
#include "regio/export.h"
#include "regio/ineq.h"
#include "regio/plan.h"
#include "regio/track.h"
#include "regio/xsection.h"

#ifdef __cplusplus
extern "C" {
#endif

/* {mean, min, max, cv, cv_weighted, gini, theil_t, theil_l, atkinson_0_5, atkinson_1, atkinson_2, max_min,
 *  p90_p10, p80_p20, p50} */
REGIO_API json_t *regio_json_ineq_summary(const regio_ineq_summary *s);

/* {total, between, within, between_share, groups: [{id, name, n, pop_share, income_share, mean, theil,
 *  within_term, between_term}]}; group ids and names from the section the decomposition ran on */
REGIO_API json_t *regio_json_theil(const regio_theil_decomp *d, const regio_xsection *xs);

/* {gini, within, net_between, transvariation, gross_between, groups: [{id, name, n, mean, pop_share,
 *  income_share, gini_within, gw_contribution}], pairs: [{a, b, gini_between, relative_economic_affluence}]} */
REGIO_API json_t *regio_json_dagum(const regio_dagum *d, const regio_xsection *xs);

/* [{id, why}] of the units the section left out */
REGIO_API json_t *regio_json_dropped(const regio_xsection *xs);

/* An aggregated value with its coverage (src/render/json_agg.c): {value, origin, complete, published, computed,
 *  difference, relative_difference, coverage: {members, used, missing: [codes]}, members: [{code, name, level,
 *  value, origin, complete, used}]}; names in lang. The caller adds what it was asked (indicator, year, scope).
 *  NULL on out-of-memory. */
REGIO_API json_t *regio_json_agg(const regio_plan *plan, const regio_agg *a, regio_lang lang);

/* ---- target tracking (src/render/json_track.c): names, labels, findings and units in lang; NULL on
 * out-of-memory ---- */

/* One target: {code, name, scope, scope_name, indicator, unit, kind, comparator, target, tolerance,
 *  target_level, target_year, baseline_year, baseline_value, baseline_source ("plan" | "observed"), latest_year,
 *  latest_value, latest_bound (">=" | "<=" | null), gap, method, rate_unit, required_rate, actual_rate,
 *  remaining_rate, cagr_ratio, category, category_label, warning, warning_label, trend_slope, projected_value,
 *  projected_gap, year_reached, coverage: {complete, members_used, members_total}, finding, needs, note,
 *  series: [{year, value, bound, complete, members_used, members_total, used}]} */
REGIO_API json_t *regio_json_track_result(const regio_plan *plan, const regio_track_result *r, regio_lang lang);

/* One indicator monitored without a target: {code, name, scope, scope_name, indicator, unit, direction, goal,
 *  until_year, baseline_year, baseline_value, latest_year, latest_value, cagr, change_per_year, trend
 *  ("rising" | "falling" | "unchanged" | "none"), status, status_label, coverage, finding, needs, source,
 *  series} */
REGIO_API json_t *regio_json_track_trend(const regio_plan *plan, const regio_track_trend *r, regio_lang lang);

/* {as_of, targets: [...], monitored: [...]}: the targets and monitored indicators whose scope is scope (a
 * group or region code; NULL = all) — `regio targets --format json` and /api/targets. */
REGIO_API json_t *regio_json_track_list(const regio_plan *plan, const regio_track_list *l, const char *scope,
                                        regio_lang lang);

#ifdef __cplusplus
}
#endif
#endif
