/* json_results.h — the JSON form of the analysis engines' results, one definition for every consumer (the
 * CLI's --format json, the HTTP API, the report's JSON), so the same result always has the same keys. */
#ifndef REGIO_JSON_RESULTS_H
#define REGIO_JSON_RESULTS_H

#include <jansson.h>

#include "regio/ineq.h"
#include "regio/xsection.h"

#ifdef __cplusplus
extern "C" {
#endif

/* {mean, min, max, cv, cv_weighted, gini, theil_t, theil_l, atkinson_0_5, atkinson_1, atkinson_2, max_min,
 *  p90_p10, p80_p20, p50} */
json_t *regio_json_ineq_summary(const regio_ineq_summary *s);

/* {total, between, within, between_share, groups: [{id, name, n, pop_share, income_share, mean, theil,
 *  within_term, between_term}]}; group ids and names from the section the decomposition ran on */
json_t *regio_json_theil(const regio_theil_decomp *d, const regio_xsection *xs);

/* {gini, within, net_between, transvariation, gross_between, groups: [{id, name, n, mean, pop_share,
 *  income_share, gini_within, gw_contribution}], pairs: [{a, b, gini_between, relative_economic_affluence}]} */
json_t *regio_json_dagum(const regio_dagum *d, const regio_xsection *xs);

/* [{id, why}] of the units the section left out */
json_t *regio_json_dropped(const regio_xsection *xs);

#ifdef __cplusplus
}
#endif
#endif
