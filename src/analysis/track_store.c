/* track_store.c — the glue between the store and the tracking engine: one year of cells per year with data
 * (regio_store_year_cells: point values, and the bounded observations the tracking rule may use), of one
 * vintage choice, handed to regio_track_build_bounds, then the series-break rule (regio_track_apply_breaks). The only
 * part of tracking that sees the database. */
#include <stdlib.h>

#include "regio/track_store.h"

int regio_track_targets_v(regio_store *st, const regio_plan *plan, int as_of, regio_vintage vintage,
                          regio_track_list **out, regio_error *err) {
    return regio_track_targets_across(st, plan, as_of, vintage, 0, out, err);
}

int regio_track_targets_across(regio_store *st, const regio_plan *plan, int as_of, regio_vintage vintage, int across,
                               regio_track_list **out, regio_error *err) {
    *out = NULL;
    int *years = NULL;
    size_t ny = 0;
    int rc = regio_store_years(st, plan, -1, &years, &ny, err);
    if (rc) return rc;
    while (ny > 0 && as_of > 0 && years[ny - 1] > as_of) ny--;
    regio_year_cells **cells = calloc(ny ? ny : 1, sizeof *cells);
    const double **mats = calloc(ny ? ny : 1, sizeof *mats);
    regio_track_bounds *bounds = calloc(ny ? ny : 1, sizeof *bounds);
    if (!cells || !mats || !bounds) rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
    for (size_t k = 0; k < ny && !rc; k++) {
        if ((rc = regio_store_year_cells(st, plan, years[k], vintage, &cells[k], err))) break;
        mats[k] = cells[k]->value;
        if (cells[k]->nbounds) bounds[k] = (regio_track_bounds){cells[k]->bound, cells[k]->bound_dir};
    }
    if (!rc) rc = regio_track_build_bounds(plan, years, mats, bounds, ny, as_of, out, err);
    if (!rc && (rc = regio_track_apply_breaks(plan, *out, across, err))) { /* never across a series break silently */
        regio_track_list_free(*out);
        *out = NULL;
    }
    for (size_t k = 0; cells && k < ny; k++) regio_year_cells_free(cells[k]);
    free(cells);
    free(mats);
    free(bounds);
    free(years);
    return rc;
}

int regio_track_targets(regio_store *st, const regio_plan *plan, int as_of, regio_track_list **out, regio_error *err) {
    return regio_track_targets_v(st, plan, as_of, REGIO_VINTAGE_LATEST, out, err);
}
