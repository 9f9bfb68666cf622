/* aggregate.h — the value of an indicator for any region or group in a year, with its coverage.
 *
 * A value is published (an observation of that region) or computed from lower levels by the indicator's
 * rule: sum; ratio of two indicators each resolved for the same units (GDP per capita = Σgdp / Σpop, never
 * a mean of ratios); weighted mean Σw·x / Σw with a named weight; none (only published values count). For a
 * ratio or weighted mean every member contributes to numerator and denominator together or not at all, so
 * a member with GDP but no population is left out of both. A group is computed from its members as the
 * plan declares them (滇中: four prefectures and seven counties), each member resolved the same way: its
 * published value if there is one, otherwise computed from its own children. Coverage says which members
 * were used, which were missing, and whether each member's own value was complete.
 *
 * The engine works on a year matrix m[indicator * nregions + region] (NaN = no observation) so it never
 * touches the database; regio_store_year_matrix fills one.
 */
#ifndef REGIO_AGGREGATE_H
#define REGIO_AGGREGATE_H

#include <stddef.h>

#include "regio/error.h"
#include "regio/export.h"
#include "regio/plan.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum regio_origin {
    REGIO_ORIGIN_PUBLISHED = 0, /* an observation of the unit itself */
    REGIO_ORIGIN_COMPUTED,      /* computed from lower levels (or, for a ratio, from the unit's own parts) */
    REGIO_ORIGIN_MISSING        /* neither */
} regio_origin;

REGIO_API const char *regio_origin_name(regio_origin o); /* "published", "computed", "missing" */

typedef struct regio_member_value {
    size_t region;
    double value;        /* by the indicator's rule; NaN when missing */
    regio_origin origin;
    int complete;        /* computed from every lower unit it needed */
    int used;            /* counted in the group's value */
} regio_member_value;

typedef struct regio_agg {
    size_t indicator;
    double value;        /* the answer: published if the unit has it, else computed; NaN if neither */
    regio_origin origin;
    int complete;        /* every member (and everything below it) contributed */
    regio_member_value *members; /* declared members of the group, or children of the region */
    size_t nmembers, nused;
    double published;    /* the unit's own observation, NaN if none (groups have none) */
    double computed;     /* from members, NaN if none could be used */
    double diff;         /* published - computed when both exist, else NaN */
    double rel_diff;     /* diff / |published| */
} regio_agg;

/* The value of indicator for a region (published and computed from its children, side by side). */
REGIO_API int regio_aggregate_region(const regio_plan *plan, const double *m, size_t indicator, size_t region,
                                     regio_agg **out, regio_error *err);

/* The value of indicator for a group, computed from its declared members. */
REGIO_API int regio_aggregate_group(const regio_plan *plan, const double *m, size_t indicator, size_t group,
                                    regio_agg **out, regio_error *err);

REGIO_API void regio_agg_free(regio_agg *a);

/* A single unit's value by the rule, without the member detail: what a member contributes. */
REGIO_API double regio_aggregate_value(const regio_plan *plan, const double *m, size_t indicator, size_t region,
                                       regio_origin *origin, int *complete);

#ifdef __cplusplus
}
#endif
#endif
