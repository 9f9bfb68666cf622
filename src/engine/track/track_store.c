/* track_store.c — the glue between the store and the tracking engine: one year matrix per year with data
 * (regio_store_year_matrix), handed to regio_track_build. The only part of tracking that sees the database. */
#include <stdlib.h>

#include "regio/track.h"

int regio_track_targets(regio_store *st, const regio_plan *plan, int as_of, regio_track_list **out, regio_error *err) {
    *out = NULL;
    int *years = NULL;
    size_t ny = 0;
    int rc = regio_store_years(st, plan, -1, &years, &ny, err);
    if (rc) return rc;
    while (ny > 0 && as_of > 0 && years[ny - 1] > as_of) ny--;
    double **mats = calloc(ny ? ny : 1, sizeof *mats);
    if (!mats) { free(years); return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); }
    for (size_t k = 0; k < ny && !rc; k++) rc = regio_store_year_matrix(st, plan, years[k], &mats[k], err);
    if (!rc) rc = regio_track_build(plan, years, (const double *const *)mats, ny, as_of, out, err);
    for (size_t k = 0; k < ny; k++) free(mats[k]);
    free(mats);
    free(years);
    return rc;
}
