/* store_spatial.c — named spatial weights and label points of the plan's regions in the store.
 *
 * Weights are stored by region code, so a set built once from the boundaries (at `regio init`) serves any
 * analysis: loading restricts it to the units that analysis kept (units with missing data are dropped,
 * and their links with them), in the analysis's own order. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regio/weights.h"
#include "store/store_internal.h"

#define OOM(err) regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory")

int regio_store_save_weights(regio_store *st, const char *name, const char *source, const regio_weights *w,
                             regio_error *err) {
    if (!w->ids) return regio_error_set(err, REGIO_EINTERNAL, "空间权重缺少单元编码", "weights without unit ids");
    regio_stmt *s = NULL;
    int rc = regio_store_savepoint(st, "save_weights", err);
    if (rc) return rc;
    if ((rc = regio_store_prepare(st, "DELETE FROM weights_set WHERE name = ?", &s, err))) goto fail;
    regio_stmt_bind_text(s, 1, name);
    if (regio_stmt_step(s) != REGIO_STMT_DONE) { rc = regio_store_sqlerr(st, err, "weights"); goto fail; }
    regio_stmt_finalize(s);
    if ((rc = regio_store_prepare(st, "INSERT INTO weights_set(name, level, source) VALUES(?, "
                                      "(SELECT level FROM region WHERE code = ?), ?)", &s, err)))
        goto fail;
    regio_stmt_bind_text(s, 1, name);
    regio_stmt_bind_text(s, 2, w->n ? w->ids[0] : "");
    regio_stmt_bind_text(s, 3, source ? source : "");
    if (regio_stmt_step(s) != REGIO_STMT_DONE) {
        rc = regio_error_set(err, REGIO_EINVAL, "空间权重 %s 的单元 %s 不是规划中的地区",
                             "weights %s: unit %s is not a region of the plan", name, w->n ? w->ids[0] : "?");
        goto fail;
    }
    regio_stmt_finalize(s);
    if ((rc = regio_store_prepare(st, "INSERT INTO weights_link(name, region, neighbour, weight) VALUES(?,?,?,?)", &s, err)))
        goto fail;
    for (size_t i = 0; i < w->n; i++)
        for (size_t k = w->offsets[i]; k < w->offsets[i + 1]; k++) {
            regio_stmt_reset(s);
            regio_stmt_bind_text(s, 1, name);
            regio_stmt_bind_text(s, 2, w->ids[i]);
            regio_stmt_bind_text(s, 3, w->ids[w->neighbours[k]]);
            regio_stmt_bind_double(s, 4, w->values[k]);
            if (regio_stmt_step(s) != REGIO_STMT_DONE) {
                rc = regio_error_set(err, REGIO_EINVAL, "空间权重 %s：%s–%s 不是规划中的地区",
                                     "weights %s: %s–%s are not both regions of the plan", name, w->ids[i],
                                     w->ids[w->neighbours[k]]);
                goto fail;
            }
        }
    regio_stmt_finalize(s);
    return regio_store_release(st, "save_weights", err);
fail:
    regio_stmt_finalize(s);
    regio_store_rollback_to(st, "save_weights");
    return rc;
}

static int list_sets(regio_store *st, char *buf, size_t cap) {
    regio_stmt *s;
    buf[0] = '\0';
    if (regio_store_prepare(st, "SELECT name FROM weights_set ORDER BY name", &s, NULL)) return -1;
    while (regio_stmt_step(s) == REGIO_STMT_ROW) {
        size_t len = strlen(buf);
        snprintf(buf + len, cap - len, "%s%s", len ? ", " : "", regio_stmt_text(s, 0));
    }
    regio_stmt_finalize(s);
    return 0;
}

int regio_store_load_weights(regio_store *st, const regio_plan *plan, const char *name, const long *units, size_t n,
                             regio_weights **out, regio_error *err) {
    *out = NULL;
    regio_stmt *s;
    int rc = regio_store_prepare(st, "SELECT count(*) FROM weights_set WHERE name = ?", &s, err);
    if (rc) return rc;
    regio_stmt_bind_text(s, 1, name);
    int found = regio_stmt_step(s) == REGIO_STMT_ROW && regio_stmt_int(s, 0) > 0;
    regio_stmt_finalize(s);
    if (!found) {
        char sets[1024];
        list_sets(st, sets, sizeof sets);
        return regio_error_set(err, REGIO_ENOTFOUND, "数据库中没有名为 %s 的空间权重（现有：%s）",
                               "the store has no weights named %s (it has: %s)", name, *sets ? sets : "none");
    }
    /* position of each plan region among the units, -1 when not analysed */
    long *pos = malloc((plan->nregions ? plan->nregions : 1) * sizeof *pos);
    size_t cap = 64, m = 0;
    size_t *ei = malloc(cap * sizeof *ei), *ej = malloc(cap * sizeof *ej);
    double *ew = malloc(cap * sizeof *ew);
    if (!pos || !ei || !ej || !ew) { rc = OOM(err); goto out; }
    for (size_t r = 0; r < plan->nregions; r++) pos[r] = -1;
    for (size_t i = 0; i < n; i++) pos[units[i]] = (long)i;
    if ((rc = regio_store_prepare(st, "SELECT region, neighbour, weight FROM weights_link WHERE name = ?"
                                  " ORDER BY region, neighbour", &s, err))) goto out;
    regio_stmt_bind_text(s, 1, name);
    while (regio_stmt_step(s) == REGIO_STMT_ROW) {
        long a = regio_plan_region(plan, regio_stmt_text(s, 0));
        long b = regio_plan_region(plan, regio_stmt_text(s, 1));
        if (a < 0 || b < 0 || pos[a] < 0 || pos[b] < 0) continue;
        if (m == cap) {
            cap *= 2;
            size_t *ni = realloc(ei, cap * sizeof *ni);
            if (ni) ei = ni;
            size_t *nj = ni ? realloc(ej, cap * sizeof *nj) : NULL;
            if (nj) ej = nj;
            double *nw = nj ? realloc(ew, cap * sizeof *nw) : NULL;
            if (!nw) { regio_stmt_finalize(s); rc = OOM(err); goto out; }
            ew = nw;
        }
        ei[m] = (size_t)pos[a];
        ej[m] = (size_t)pos[b];
        ew[m] = regio_stmt_double(s, 2);
        m++;
    }
    regio_stmt_finalize(s);
    if ((rc = regio_weights_from_edges(n, ei, ej, ew, m, out, err))) goto out;
    (*out)->ids = calloc(n ? n : 1, sizeof *(*out)->ids);
    if (!(*out)->ids) { regio_weights_free(*out); *out = NULL; rc = OOM(err); goto out; }
    for (size_t i = 0; i < n; i++)
        if (!((*out)->ids[i] = strdup(plan->regions[units[i]].code))) { regio_weights_free(*out); *out = NULL; rc = OOM(err); goto out; }
out:
    free(pos); free(ei); free(ej); free(ew);
    return rc;
}

int regio_store_save_point(regio_store *st, const char *region, double lon, double lat, const char *source,
                           regio_error *err) {
    regio_stmt *s;
    int rc = regio_store_prepare(st, "INSERT INTO region_point(region, lon, lat, source) VALUES(?,?,?,?)"
                                     " ON CONFLICT(region) DO UPDATE SET lon = excluded.lon, lat = excluded.lat,"
                                     " source = excluded.source", &s, err);
    if (rc) return rc;
    regio_stmt_bind_text(s, 1, region);
    regio_stmt_bind_double(s, 2, lon);
    regio_stmt_bind_double(s, 3, lat);
    regio_stmt_bind_text(s, 4, source ? source : "");
    if (regio_stmt_step(s) != REGIO_STMT_DONE)
        rc = regio_error_set(err, REGIO_EINVAL, "%s 不是规划中的地区，不能保存其位置", "%s is not a region of the plan: no point saved", region);
    regio_stmt_finalize(s);
    return rc;
}

int regio_store_load_points(regio_store *st, const regio_plan *plan, const long *units, size_t n, double *lon,
                            double *lat, regio_error *err) {
    regio_stmt *s;
    int rc = regio_store_prepare(st, "SELECT lon, lat FROM region_point WHERE region = ?", &s, err);
    if (rc) return rc;
    for (size_t i = 0; i < n; i++) {
        regio_stmt_reset(s);
        regio_stmt_bind_text(s, 1, plan->regions[units[i]].code);
        if (regio_stmt_step(s) == REGIO_STMT_ROW) { lon[i] = regio_stmt_double(s, 0); lat[i] = regio_stmt_double(s, 1); }
        else lon[i] = lat[i] = NAN;
    }
    regio_stmt_finalize(s);
    return REGIO_OK;
}
