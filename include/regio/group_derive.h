/* group_derive.h — groups whose membership regio computes rather than the plan lists: the plan defines the
 * 昆明都市圈 only as "以昆明中心城区为中心形成1小时通勤的昆明都市圈", a travel-time area, so its counties are those
 * within 60 minutes of the centre (`regio groups derive`, docs/methods/access.md). The membership is stored like
 * a listed one (so aggregation and targets use it unchanged) together with how it was derived, which every
 * output that uses the group states — in particular whether it is a straight-line approximation. */
#ifndef REGIO_GROUP_DERIVE_H
#define REGIO_GROUP_DERIVE_H

#include <stddef.h>

#include "regio/error.h"
#include "regio/export.h"
#include "regio/plan.h"
#include "regio/store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct regio_group_derivation {
    char *method_zh, *method_en; /* e.g. "路网 net.osm 上 60 分钟以内" / "within 60 minutes on the network net.osm" */
    int approx;                  /* 1 = straight-line distance at an assumed speed, not a travel time */
    double within;               /* minutes */
    char *centre;                /* the centre's region codes, comma-separated */
    char *source;                /* the network or OD file */
    char *derived_at;            /* UTC, ISO 8601 (set by the store) */
} regio_group_derivation;

/* Replaces the members of plan group g by the regions members[0..n) (plan region indexes) and records d, in one
 * transaction. Refused (REGIO_EINVAL) for a group whose plan lists its members (one never derived). */
REGIO_API int regio_store_save_derived_group(regio_store *st, const regio_plan *plan, size_t g, const size_t *members,
                                             size_t n, const regio_group_derivation *d, regio_error *err);

/* How group code was derived; *out = NULL when it was not. */
REGIO_API int regio_store_load_derivation(regio_store *st, const char *code, regio_group_derivation **out,
                                          regio_error *err);
REGIO_API void regio_group_derivation_free(regio_group_derivation *d);

#ifdef __cplusplus
}
#endif
#endif
