/* evaluation_zones_store.c — the zone list the evaluation uses, kept in the store: saving a checked official
 * list, and loading whichever list applies — the official one when stored, else the provisional rule applied to
 * the store's census data. Analysis glue: the rows go through the store's interface (regio_store_save_zones,
 * regio_store_load_zones), the rule is the evaluation's (src/analysis/evaluation_zones.c). */
#include <stdlib.h>
#include <string.h>

#include "regio/evaluation.h"

int regio_zones_save(regio_store *st, const regio_plan *plan, const regio_zones *z, regio_error *err) {
    if (z && !z->official)
        return regio_error_set(err, REGIO_EINVAL, "暂定主体功能区类型不能作为官方名单保存",
                               "provisional zone types cannot be stored as the official list");
    if (!z) return regio_store_save_zones(st, "", "", NULL, 0, err);
    size_t n = z->nregions < plan->nregions ? z->nregions : plan->nregions;
    regio_zone_row *rows = malloc((n ? n : 1) * sizeof *rows);
    if (!rows) return regio_error_oom(err);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (z->zone[i] < 0) continue;
        const char *ev = z->evidence[i] ? z->evidence[i] : "";
        const char *colon = strrchr(ev, ':');
        rows[k++] = (regio_zone_row){plan->regions[i].code, regio_zone_code(z->zone[i]), colon ? atol(colon + 1) : -1};
    }
    const char *sha = strstr(z->source, "sha256:");
    int rc = regio_store_save_zones(st, z->source, sha ? sha + 7 : "", rows, k, err);
    free(rows);
    return rc;
}

int regio_zones_load(regio_store *st, const regio_plan *plan, regio_zones **out, regio_error *err) {
    *out = NULL;
    regio_stored_zone *rows = NULL;
    size_t nrows = 0;
    int rc = regio_store_load_zones(st, &rows, &nrows, err);
    if (rc) return rc;
    regio_zones *z = NULL;
    if (nrows) {
        z = calloc(1, sizeof *z);
        if (z) {
            z->nregions = plan->nregions;
            z->zone = malloc((plan->nregions ? plan->nregions : 1) * sizeof *z->zone);
            z->rule = calloc(plan->nregions ? plan->nregions : 1, sizeof *z->rule);
            z->evidence = calloc(plan->nregions ? plan->nregions : 1, sizeof *z->evidence);
        }
        if (!z || !z->zone || !z->rule || !z->evidence) {
            rc = regio_error_oom(err);
            goto done;
        }
        for (size_t i = 0; i < plan->nregions; i++) z->zone[i] = -1;
        size_t mapped = 0;
        for (size_t i = 0; i < nrows; i++) {
            long reg = regio_plan_region(plan, rows[i].region);
            int zone;
            if (reg < 0 || regio_zone_parse(rows[i].zone, &zone)) continue;
            z->zone[reg] = zone;
            if (!z->source && !(z->source = strdup(rows[i].file))) {
                rc = regio_error_oom(err);
                goto done;
            }
            mapped++;
        }
        if (mapped) {
            z->official = 1;
            goto done;
        }
        regio_zones_free(z);
        z = NULL;
    }
    /* no official list (or none of its rows names a region of the plan as a zone type): the provisional rule on the store's census year */
    regio_zone_rule r;
    regio_zone_rule_default(&r);
    double *m = NULL;
    if ((rc = regio_store_year_matrix(st, plan, r.year, &m, err))) goto done;
    rc = regio_zones_derive(plan, m, &r, &z, err);
    free(m);
done:
    regio_stored_zones_free(rows, nrows);
    if (rc) regio_zones_free(z);
    else *out = z;
    return rc;
}
