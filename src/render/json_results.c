/* json_results.c — see include/regio/json_results.h. */
#include "regio/json_results.h"

#include <math.h>

#include "regio/json_out.h"

json_t *regio_json_theil(const regio_theil_decomp *d, const regio_xsection *xs) {
    json_t *groups = json_array();
    for (size_t g = 0; g < d->ngroups; g++)
        json_array_append_new(groups, json_pack("{s:s, s:s, s:I, s:o, s:o, s:o, s:o, s:o, s:o}", "id", xs->group_ids[g],
            "name", xs->group_names[g], "n", (json_int_t)d->n[g], "pop_share", regio_json_num(d->pop_share[g]),
            "income_share", regio_json_num(d->income_share[g]), "mean", regio_json_num(d->mean[g]),
            "theil", regio_json_num(d->theil[g]), "within_term", regio_json_num(d->within_term[g]),
            "between_term", regio_json_num(d->between_term[g])));
    return json_pack("{s:o, s:o, s:o, s:o, s:o}", "total", regio_json_num(d->total), "between", regio_json_num(d->between),
                     "within", regio_json_num(d->within), "between_share", regio_json_num(d->total > 0 ? d->between / d->total : NAN),
                     "groups", groups);
}

json_t *regio_json_dagum(const regio_dagum *d, const regio_xsection *xs) {
    size_t k = d->ngroups;
    json_t *groups = json_array(), *pairs = json_array();
    for (size_t g = 0; g < k; g++)
        json_array_append_new(groups, json_pack("{s:s, s:s, s:I, s:o, s:o, s:o, s:o, s:o}", "id", xs->group_ids[g],
            "name", xs->group_names[g], "n", (json_int_t)d->n[g], "mean", regio_json_num(d->mean[g]),
            "pop_share", regio_json_num(d->pop_share[g]), "income_share", regio_json_num(d->income_share[g]),
            "gini_within", regio_json_num(d->g[g * k + g]), "gw_contribution", regio_json_num(d->gw_contrib[g])));
    for (size_t a = 0; a < k; a++)
        for (size_t b = a + 1; b < k; b++)
            json_array_append_new(pairs, json_pack("{s:s, s:s, s:o, s:o}", "a", xs->group_ids[a], "b", xs->group_ids[b],
                                                   "gini_between", regio_json_num(d->g[a * k + b]),
                                                   "relative_economic_affluence", regio_json_num(d->d[a * k + b])));
    return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "gini", regio_json_num(d->gini), "within", regio_json_num(d->gw),
                     "net_between", regio_json_num(d->gnb), "transvariation", regio_json_num(d->gt),
                     "gross_between", regio_json_num(d->gb), "groups", groups, "pairs", pairs);
}

json_t *regio_json_ineq_summary(const regio_ineq_summary *s) {
    return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
                     "mean", regio_json_num(s->mean), "min", regio_json_num(s->min), "max", regio_json_num(s->max),
                     "cv", regio_json_num(s->cv), "cv_weighted", regio_json_num(s->cv_w), "gini", regio_json_num(s->gini),
                     "theil_t", regio_json_num(s->theil_t), "theil_l", regio_json_num(s->theil_l),
                     "atkinson_0_5", regio_json_num(s->atkinson_05), "atkinson_1", regio_json_num(s->atkinson_1),
                     "atkinson_2", regio_json_num(s->atkinson_2), "max_min", regio_json_num(s->max_min),
                     "p90_p10", regio_json_num(s->p90_p10), "p80_p20", regio_json_num(s->p80_p20), "p50", regio_json_num(s->p50));
}

json_t *regio_json_dropped(const regio_xsection *xs) {
    json_t *d = json_array();
    for (size_t k = 0; d && k < xs->ndropped; k++)
        json_array_append_new(d, json_pack("{s:s, s:s}", "id", xs->dropped_ids[k], "why", xs->dropped_why[k]));
    return d;
}
