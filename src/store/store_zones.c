/* store_zones.c — the official list of main-function-zone types (table zone_type, migration 3) as plain rows:
 * which region has which zone code, from which file. The store knows nothing of zone types beyond their codes;
 * checking a list and deriving the provisional one are the evaluation's (src/analysis/evaluation_zones_store.c). */
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"

int regio_store_save_zones(regio_store *st, const char *file, const char *sha256, const regio_zone_row *rows,
                           size_t n, regio_error *err) {
    regio_stmt *s = NULL;
    int rc = regio_store_savepoint(st, "save_zones", err);
    if (rc) return rc;
    if ((rc = regio_store_exec(st, "DELETE FROM zone_type", err))) goto fail;
    if (n) {
        if ((rc = regio_store_prepare(st, "INSERT INTO zone_type(region, zone, file, sha256, line) VALUES(?, ?, ?, ?, ?)",
                                      &s, err)))
            goto fail;
        for (size_t i = 0; i < n; i++) {
            regio_stmt_reset(s);
            regio_stmt_bind_text(s, 1, rows[i].region);
            regio_stmt_bind_text(s, 2, rows[i].zone);
            regio_stmt_bind_text(s, 3, file ? file : "");
            regio_stmt_bind_text(s, 4, sha256 ? sha256 : "");
            if (rows[i].line >= 0) regio_stmt_bind_int(s, 5, rows[i].line);
            else regio_stmt_bind_null(s, 5);
            if (regio_stmt_step(s) != REGIO_STMT_DONE) {
                rc = regio_store_sqlerr(st, err, "zone_type");
                goto fail;
            }
        }
        regio_stmt_finalize(s);
        s = NULL;
    }
    return regio_store_release(st, "save_zones", err);
fail:
    regio_stmt_finalize(s);
    regio_store_rollback_to(st, "save_zones");
    return rc;
}

void regio_stored_zones_free(regio_stored_zone *rows, size_t n) {
    if (!rows) return;
    for (size_t i = 0; i < n; i++) {
        free(rows[i].region);
        free(rows[i].zone);
        free(rows[i].file);
    }
    free(rows);
}

int regio_store_load_zones(regio_store *st, regio_stored_zone **out, size_t *n, regio_error *err) {
    *out = NULL;
    *n = 0;
    regio_stmt *s = NULL;
    int rc = regio_store_prepare(st, "SELECT region, zone, file, line FROM zone_type ORDER BY region", &s, err);
    if (rc) return rc;
    regio_stored_zone *rows = NULL;
    size_t nrows = 0, cap = 0;
    int step;
    while ((step = regio_stmt_step(s)) == REGIO_STMT_ROW) {
        if (nrows == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            regio_stored_zone *grown = realloc(rows, ncap * sizeof *grown);
            if (!grown) { rc = regio_error_oom(err); goto done; }
            rows = grown;
            cap = ncap;
        }
        regio_stored_zone *r = &rows[nrows++];
        r->region = regio_store_col_text(s, 0);
        r->zone = regio_store_col_text(s, 1);
        r->file = regio_store_col_text(s, 2);
        r->line = regio_stmt_null(s, 3) ? -1 : (long)regio_stmt_int64(s, 3);
        if (!r->region || !r->zone || !r->file) { rc = regio_error_oom(err); goto done; }
    }
    if (step != REGIO_STMT_DONE) rc = regio_store_sqlerr(st, err, "zone_type");
done:
    regio_stmt_finalize(s);
    if (rc) { regio_stored_zones_free(rows, nrows); return rc; }
    *out = rows;
    *n = nrows;
    return REGIO_OK;
}
