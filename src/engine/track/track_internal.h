/* track_internal.h — shared by the files of the tracking engine (track_targets.c, track_monitor.c, track_gap.c); not public. */
#ifndef REGIO_TRACK_INTERNAL_H
#define REGIO_TRACK_INTERNAL_H
#include "regio/track.h"

/* One year's value of an indicator for a scope (a region, or a group through the aggregation engine). */
typedef struct track_pt { double value; int complete; size_t used, total; } track_pt;

/* The value of indicator ind for the scope (scope_group >= 0: that group, else region scope_region) in year
 * matrix m, with its coverage; NaN for a group without members. */
int regio__track_scope_value(const regio_plan *p, long scope_region, long scope_group, const double *m, size_t ind,
                      track_pt *out, regio_error *err);

/* Tracks every monitored indicator of the plan (plan->monitors) into l->trends over the first ny years. */
int regio__track_monitors(const regio_plan *p, const int *years, const double *const *mats, size_t ny, regio_track_list *l,
                   regio_error *err);

/* Tracks gap target ti (kind "gap", track_gap.c) into r over the first ny years. */
int regio__track_gap_one(const regio_plan *p, size_t ti, int default_base, const int *years, const double *const *mats, size_t ny,
                  regio_track_result *r, regio_error *err);

#endif
