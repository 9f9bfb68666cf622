/* plan_where.c — where_found.csv: where an analyst usually finds each indicator's figures (the 统计年鉴 table,
 * the 统计公报 paragraph), per level. `regio needs` prints it beside every missing cell and writes it into the
 * fill-in template, so the hint lives in the plan's data, editable in a spreadsheet, not in code. Optional:
 * a plan without the file gives no hints. */
#include <stdlib.h>

#include "core/util.h"
#include "plan/plan_internal.h"

int regio_plan_load_where(regio_plan *p, const char *dir, regio_error *err) {
    static const char *const C[] = {"indicator", "where_zh", "where_en", "level"};
    plan_file f;
    int rc = regio__plan_file_open_opt(&f, dir, "where_found.csv", C, 3, 4, err);
    if (rc || !f.t) goto out;
    p->where = calloc(f.t->nrows ? f.t->nrows : 1, sizeof *p->where);
    if (!p->where) { rc = PLAN_OOM(err); goto out; }
    for (size_t i = 0; i < f.t->nrows; i++) {
        regio_where *w = &p->where[p->nwhere++];
        const char *ind = regio__plan_file_cell(&f, i, 0), *lv = regio__plan_file_cell(&f, i, 3);
        w->level = -1;
        if ((rc = regio__plan_file_fields(err, &f, i)) || (rc = regio__plan_file_need(err, &f, i, "indicator", ind)) ||
            (rc = regio__plan_file_need(err, &f, i, "where_zh", regio__plan_file_cell(&f, i, 1))) ||
            (rc = regio__plan_file_need(err, &f, i, "where_en", regio__plan_file_cell(&f, i, 2))))
            goto out;
        w->indicator = regio_plan_indicator(p, ind);
        if (w->indicator < 0) { rc = regio__plan_file_bad(err, &f, i, "indicator", "指标编码不存在", "unknown indicator code", ind); goto out; }
        if (*lv) {
            regio_level l;
            if (regio_level_parse(lv, &l))
                { rc = regio__plan_file_bad(err, &f, i, "level", "应为 province、prefecture 或 county（或留空表示所有层级）", "must be province, prefecture or county (or empty for every level)", lv); goto out; }
            w->level = (int)l;
        }
        for (size_t k = 0; k + 1 < p->nwhere; k++)
            if (p->where[k].indicator == w->indicator && p->where[k].level == w->level)
                { rc = regio__plan_file_bad(err, &f, i, "indicator", "同一指标和层级出现两次", "the same indicator and level twice", ind); goto out; }
        w->where_zh = regio_strdup(regio__plan_file_cell(&f, i, 1));
        w->where_en = regio_strdup(regio__plan_file_cell(&f, i, 2));
        if (!w->where_zh || !w->where_en) { rc = PLAN_OOM(err); goto out; }
    }
out:
    regio_table_free(f.t);
    return rc;
}

const regio_where *regio_plan_where(const regio_plan *p, size_t ind, regio_level lv) {
    const regio_where *any = NULL;
    for (size_t i = 0; p && i < p->nwhere; i++) {
        const regio_where *w = &p->where[i];
        if (w->indicator != (long)ind) continue;
        if (w->level == (int)lv) return w;
        if (w->level < 0) any = w;
    }
    return any;
}
