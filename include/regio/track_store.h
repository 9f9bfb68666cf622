/* track_store.h — target tracking from the store: the analysis-layer glue (src/analysis/track_store.c) that
 * reads one year of cells per year with data and hands them to the tracking engine (regio/track.h), so the
 * engine itself never sees a database. The function the CLI (`regio targets`), the report and the server call.
 */
#ifndef REGIO_TRACK_STORE_H
#define REGIO_TRACK_STORE_H

#include "regio/error.h"
#include "regio/export.h"
#include "regio/plan.h"
#include "regio/qualifier.h"
#include "regio/store.h"
#include "regio/track.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Tracks every target from the store: a year matrix for every year with data up to as_of (as_of <= 0: all),
 * of the latest vintage, with the bounded observations the tracking rule may use. */
REGIO_API int regio_track_targets(regio_store *st, const regio_plan *plan, int as_of, regio_track_list **out,
                                  regio_error *err);
/* ... of the chosen vintage: every year of one vintage choice, so growth over a span never mixes releases. */
REGIO_API int regio_track_targets_v(regio_store *st, const regio_plan *plan, int as_of, regio_vintage vintage,
                                    regio_track_list **out, regio_error *err);
/* ... and across: 0 (what the two above do) leaves a target whose span crosses a series break unassessed, 1
 * assesses it and says so in its finding (regio_track_apply_breaks; `regio targets --across-breaks`). */
REGIO_API int regio_track_targets_across(regio_store *st, const regio_plan *plan, int as_of, regio_vintage vintage,
                                         int across, regio_track_list **out, regio_error *err);

#ifdef __cplusplus
}
#endif
#endif
