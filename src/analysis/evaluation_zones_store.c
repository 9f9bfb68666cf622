/* evaluation_zones_db.c — the official zone list in the store (table zone_type, migration 3): saving a checked
 * list in one transaction, and loading whichever list applies — the official one when stored, else the
 * provisional rule applied to the store's census data. Kept apart from the rule so that reading files and
 * SQL stay in separate small files. */
#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "regio/evaluation.h"

static int sqlerr(sqlite3 *db, regio_error *err, const char *what) {
    return regio_error_set(err, REGIO_EDB, "数据库错误（%s）：%s", "database error (%s): %s", what, sqlite3_errmsg(db));
}

int regio_zones_save(regio_store *st, const regio_plan *plan, const regio_zones *z, regio_error *err) {
    if (z && !z->official)
        return regio_error_set(err, REGIO_EINVAL, "暂定主体功能区类型不能作为官方名单保存",
                               "provisional zone types cannot be stored as the official list");
    sqlite3 *db = regio_store_db(st);
    int rc = regio_store_begin(st, err);
    if (rc) return rc;
    sqlite3_stmt *s = NULL;
    if (sqlite3_exec(db, "DELETE FROM zone_type", NULL, NULL, NULL) != SQLITE_OK) {
        rc = sqlerr(db, err, "zone_type");
        goto fail;
    }
    if (z) {
        if (sqlite3_prepare_v2(db, "INSERT INTO zone_type(region, zone, file, sha256, line) VALUES(?, ?, ?, ?, ?)", -1,
                               &s, NULL) != SQLITE_OK) {
            rc = sqlerr(db, err, "zone_type");
            goto fail;
        }
        const char *sha = strstr(z->source, "sha256:");
        for (size_t i = 0; i < z->nregions && i < plan->nregions; i++) {
            if (z->zone[i] < 0) continue;
            const char *ev = z->evidence[i] ? z->evidence[i] : "";
            const char *colon = strrchr(ev, ':');
            sqlite3_reset(s);
            sqlite3_bind_text(s, 1, plan->regions[i].code, -1, SQLITE_STATIC);
            sqlite3_bind_text(s, 2, regio_zone_code(z->zone[i]), -1, SQLITE_STATIC);
            sqlite3_bind_text(s, 3, z->source, -1, SQLITE_STATIC);
            sqlite3_bind_text(s, 4, sha ? sha + 7 : "", -1, SQLITE_STATIC);
            if (colon) sqlite3_bind_int64(s, 5, atol(colon + 1));
            else sqlite3_bind_null(s, 5);
            if (sqlite3_step(s) != SQLITE_DONE) {
                rc = sqlerr(db, err, "zone_type");
                goto fail;
            }
        }
        sqlite3_finalize(s);
        s = NULL;
    }
    return regio_store_commit(st, err);
fail:
    sqlite3_finalize(s);
    regio_store_rollback(st);
    return rc;
}

int regio_zones_load(regio_store *st, const regio_plan *plan, regio_zones **out, regio_error *err) {
    *out = NULL;
    sqlite3 *db = regio_store_db(st);
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db, "SELECT region, zone, file, line FROM zone_type ORDER BY region", -1, &s, NULL) != SQLITE_OK)
        return sqlerr(db, err, "zone_type");
    regio_zones *z = calloc(1, sizeof *z);
    int rc = REGIO_OK, rows = 0;
    if (z) {
        z->nregions = plan->nregions;
        z->zone = malloc((plan->nregions ? plan->nregions : 1) * sizeof *z->zone);
        z->rule = calloc(plan->nregions ? plan->nregions : 1, sizeof *z->rule);
        z->evidence = calloc(plan->nregions ? plan->nregions : 1, sizeof *z->evidence);
    }
    if (!z || !z->zone || !z->rule || !z->evidence) {
        rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
        goto done;
    }
    for (size_t i = 0; i < plan->nregions; i++) z->zone[i] = -1;
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        long reg = regio_plan_region(plan, (const char *)sqlite3_column_text(s, 0));
        int zone;
        if (reg < 0 || regio_zone_parse((const char *)sqlite3_column_text(s, 1), &zone)) continue;
        z->zone[reg] = zone;
        if (!z->source) z->source = strdup((const char *)sqlite3_column_text(s, 2));
        rows++;
    }
    if (step != SQLITE_DONE) {
        rc = sqlerr(db, err, "zone_type");
        goto done;
    }
    if (rows) {
        z->official = 1;
        goto done;
    }
    /* no official list: the provisional rule on the store's census year */
    regio_zones_free(z);
    z = NULL;
    regio_zone_rule r;
    regio_zone_rule_default(&r);
    double *m = NULL;
    if ((rc = regio_store_year_matrix(st, plan, r.year, &m, err))) goto done;
    rc = regio_zones_derive(plan, m, &r, &z, err);
    free(m);
done:
    sqlite3_finalize(s);
    if (rc) regio_zones_free(z);
    else *out = z;
    return rc;
}
