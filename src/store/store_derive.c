/* store_derive.c — a derived group's membership and how it was derived (table group_derivation, migration 10).
 *
 * Why in one transaction: the members and the record of their method must never disagree — a membership without
 * its method would pass for one the plan lists. A group the plan lists is never overwritten. */
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "regio/group_derive.h"
#include "store/store_internal.h"

void regio_group_derivation_free(regio_group_derivation *d) {
    if (!d) return;
    free(d->method_zh); free(d->method_en); free(d->centre); free(d->source); free(d->derived_at);
    free(d);
}

int regio_store_load_derivation(regio_store *st, const char *code, regio_group_derivation **out, regio_error *err) {
    *out = NULL;
    regio_stmt *s = NULL;
    int rc = regio_store_prepare(st, "SELECT method_zh, method_en, approx, within_minutes, centre, source, derived_at "
                                     "FROM group_derivation WHERE grp = ?", &s, err);
    if (rc) return rc;
    regio_stmt_bind_text(s, 1, code);
    int step = regio_stmt_step(s);
    if (step == REGIO_STMT_ROW) {
        regio_group_derivation *d = calloc(1, sizeof *d);
        if (d) {
            d->method_zh = regio_strdup(regio_stmt_text(s, 0));
            d->method_en = regio_strdup(regio_stmt_text(s, 1));
            d->approx = regio_stmt_int(s, 2);
            d->within = regio_stmt_double(s, 3);
            d->centre = regio_strdup(regio_stmt_text(s, 4));
            d->source = regio_strdup(regio_stmt_text(s, 5));
            d->derived_at = regio_strdup(regio_stmt_text(s, 6));
        }
        if (!d || !d->method_zh || !d->method_en || !d->centre || !d->source || !d->derived_at) {
            regio_group_derivation_free(d);
            rc = regio_error_set(err, REGIO_ENOMEM, "内存不足（组的推导方法）", "out of memory (group derivation)");
        } else {
            *out = d;
        }
    } else if (step != REGIO_STMT_DONE) {
        rc = regio_store_sqlerr(st, err, "group_derivation");
    }
    regio_stmt_finalize(s);
    return rc;
}

int regio_store_save_derived_group(regio_store *st, const regio_plan *plan, size_t g, const size_t *members, size_t n,
                                   const regio_group_derivation *d, regio_error *err) {
    const regio_group *grp = &plan->groups[g];
    regio_group_derivation *prev = NULL;
    int rc = regio_store_load_derivation(st, grp->code, &prev, err);
    if (rc) return rc;
    int derived_before = prev != NULL;
    regio_group_derivation_free(prev);
    if (grp->nmembers > 0 && !derived_before)
        return regio_error_set(err, REGIO_EINVAL, "组 %s 的成员由规划列出（%zu 个），不能用推导结果覆盖",
                               "group %s has members listed by the plan (%zu): a derived membership cannot replace them",
                               grp->code, grp->nmembers);
    regio_stmt *s = NULL;
    if ((rc = regio_store_savepoint(st, "derive_group", err))) return rc;
    if ((rc = regio_store_prepare(st, "DELETE FROM group_member WHERE grp = ?", &s, err))) goto fail;
    regio_stmt_bind_text(s, 1, grp->code);
    if (regio_stmt_step(s) != REGIO_STMT_DONE) { rc = regio_store_sqlerr(st, err, "group_member"); goto fail; }
    regio_stmt_finalize(s);
    s = NULL;
    if ((rc = regio_store_prepare(st, "INSERT INTO group_member(grp, member, ord) VALUES(?, ?, ?)", &s, err))) goto fail;
    for (size_t i = 0; i < n; i++) {
        regio_stmt_reset(s);
        regio_stmt_bind_text(s, 1, grp->code);
        regio_stmt_bind_text(s, 2, plan->regions[members[i]].code);
        regio_stmt_bind_int(s, 3, (int64_t)i);
        if (regio_stmt_step(s) != REGIO_STMT_DONE) { rc = regio_store_sqlerr(st, err, "group_member"); goto fail; }
    }
    regio_stmt_finalize(s);
    s = NULL;
    if ((rc = regio_store_prepare(st, "INSERT INTO group_derivation(grp, method_zh, method_en, approx, within_minutes,"
                                      " centre, source) VALUES(?, ?, ?, ?, ?, ?, ?) ON CONFLICT(grp) DO UPDATE SET"
                                      " method_zh = excluded.method_zh, method_en = excluded.method_en,"
                                      " approx = excluded.approx, within_minutes = excluded.within_minutes,"
                                      " centre = excluded.centre, source = excluded.source,"
                                      " derived_at = excluded.derived_at", &s, err)))
        goto fail;
    regio_stmt_bind_text(s, 1, grp->code);
    regio_stmt_bind_text(s, 2, d->method_zh);
    regio_stmt_bind_text(s, 3, d->method_en);
    regio_stmt_bind_int(s, 4, d->approx ? 1 : 0);
    regio_stmt_bind_double(s, 5, d->within);
    regio_stmt_bind_text(s, 6, d->centre ? d->centre : "");
    regio_stmt_bind_text(s, 7, d->source ? d->source : "");
    if (regio_stmt_step(s) != REGIO_STMT_DONE) { rc = regio_store_sqlerr(st, err, "group_derivation"); goto fail; }
    regio_stmt_finalize(s);
    return regio_store_release(st, "derive_group", err);
fail:
    regio_stmt_finalize(s);
    regio_store_rollback_to(st, "derive_group");
    return rc;
}
