/* plan_monitor.c — monitored.csv, the indicators a plan monitors without a quantified target.
 *
 * A plan states some figures only as where things stood (the Yunnan plan's 2020 pension and medical insurance
 * coverage and life expectancy close its record of 2016–2020) and sets for them at most a qualitative goal.
 * Modelling such a figure as a target would invent a threshold; this file declares it as monitored instead:
 * scope, indicator, the year of the plan's baseline (whose value is an observation with the plan's sentence as
 * its source), the end of the period, the goal as the plan words it, and the sentence cited. The file is
 * optional: a plan without it has no monitored indicators.
 */
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "plan/plan_internal.h"

int regio_plan_load_monitored(regio_plan *p, const char *dir, regio_error *err) {
    static const char *const C[] = {"code", "name_zh", "name_en", "scope", "indicator", "baseline_year", "until_year",
                                    "goal", "note", "source"};
    plan_file f;
    int rc = regio__plan_file_open_opt(&f, dir, "monitored.csv", C, 7, 10, err);
    if (rc || !f.t) goto out;
    p->monitors = calloc(f.t->nrows ? f.t->nrows : 1, sizeof *p->monitors);
    if (!p->monitors) { rc = PLAN_OOM(err); goto out; }
    for (size_t i = 0; i < f.t->nrows; i++) {
        regio_monitor *m = &p->monitors[p->nmonitors++];
        const char *code = regio__plan_file_cell(&f, i, 0), *scope = regio__plan_file_cell(&f, i, 3), *ind = regio__plan_file_cell(&f, i, 4);
        long by, uy;
        if ((rc = regio__plan_file_fields(err, &f, i)) || (rc = regio__plan_file_need(err, &f, i, "code", code)) ||
            (rc = regio__plan_file_need(err, &f, i, "name_zh", regio__plan_file_cell(&f, i, 1))) ||
            (rc = regio__plan_file_need(err, &f, i, "source", regio__plan_file_cell(&f, i, 9))))
            goto out;
        for (size_t k = 0; k + 1 < p->nmonitors; k++)
            if (strcmp(p->monitors[k].code, code) == 0) { rc = regio__plan_file_bad(err, &f, i, "code", "编码重复", "duplicate code", code); goto out; }
        for (size_t k = 0; k < p->ntargets; k++)
            if (strcmp(p->targets[k].code, code) == 0)
                { rc = regio__plan_file_bad(err, &f, i, "code", "与 targets.csv 中的目标编码重复", "the code of a target in targets.csv", code); goto out; }
        m->scope_group = regio_plan_group(p, scope);
        m->scope_region = m->scope_group < 0 ? regio_plan_region(p, scope) : -1;
        if (m->scope_group < 0 && m->scope_region < 0)
            { rc = regio__plan_file_bad(err, &f, i, "scope", "既不是组编码也不是地区编码", "neither a group nor a region code", scope); goto out; }
        m->indicator = regio_plan_indicator(p, ind);
        if (m->indicator < 0) { rc = regio__plan_file_bad(err, &f, i, "indicator", "指标编码不存在", "unknown indicator code", ind); goto out; }
        if (p->indicators[m->indicator].direction == REGIO_DIR_NEUTRAL)
            { rc = regio__plan_file_bad(err, &f, i, "indicator", "监测指标须有方向（higher 或 lower），否则无法判断进退",
                                 "a monitored indicator needs a direction (higher or lower): without one, progress cannot be told from regress", ind); goto out; }
        if ((rc = regio__plan_file_need(err, &f, i, "baseline_year", regio__plan_file_cell(&f, i, 5))) ||
            (rc = regio__plan_file_int(err, &f, i, "baseline_year", regio__plan_file_cell(&f, i, 5), &by)) ||
            (rc = regio__plan_file_need(err, &f, i, "until_year", regio__plan_file_cell(&f, i, 6))) ||
            (rc = regio__plan_file_int(err, &f, i, "until_year", regio__plan_file_cell(&f, i, 6), &uy)))
            goto out;
        if (uy <= by) { rc = regio__plan_file_bad(err, &f, i, "until_year", "须晚于基期年份", "must come after the baseline year", regio__plan_file_cell(&f, i, 6)); goto out; }
        m->baseline_year = (int)by;
        m->until_year = (int)uy;
        m->code = regio_strdup(code);
        m->name_zh = regio_strdup(regio__plan_file_cell(&f, i, 1));
        m->name_en = regio_strdup(regio__plan_file_cell(&f, i, 2));
        m->scope = regio_strdup(scope);
        m->goal = regio_strdup(regio__plan_file_cell(&f, i, 7));
        m->note = regio_strdup(regio__plan_file_cell(&f, i, 8));
        m->source = regio_strdup(regio__plan_file_cell(&f, i, 9));
        if (!m->code || !m->name_zh || !m->name_en || !m->scope || !m->goal || !m->note || !m->source) { rc = PLAN_OOM(err); goto out; }
    }
out:
    regio_table_free(f.t);
    return rc;
}
