/* plan_internal.h — shared by the two plan loaders (directory and store); not public. */
#ifndef REGIO_PLAN_INTERNAL_H
#define REGIO_PLAN_INTERNAL_H
#include "regio/plan.h"

/* Rebuilds only the sorted code indexes, so a loader can look codes up while it is still filling arrays. */
int regio_plan_index(regio_plan *p, regio_error *err);

#endif
