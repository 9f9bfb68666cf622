/* plan_aliases.c — region_aliases.csv of a plan directory: the other names a region goes by (former names and
 * codes from before an administrative change, customary forms), each with when it changed and its source. The
 * names index (names.c) matches them; they cannot be derived from the current names, so they are data. */
#include <stdlib.h>

#include "core/util.h"
#include "plan/plan_internal.h"

int regio_plan_load_aliases(regio_plan *p, const char *dir, regio_error *err) {
    static const char *const C[] = {"alias", "code", "kind", "changed", "note", "source"};
    static const char *const KINDS[] = {"former_name", "former_code", "customary"};
    plan_file f;
    int rc = regio__plan_file_open_opt(&f, dir, "region_aliases.csv", C, 3, 6, err);
    if (rc || !f.t) goto out;
    p->aliases = calloc(f.t->nrows ? f.t->nrows : 1, sizeof *p->aliases);
    if (!p->aliases) { rc = PLAN_OOM(err); goto out; }
    for (size_t i = 0; i < f.t->nrows; i++) {
        const char *alias = regio__plan_file_cell(&f, i, 0), *code = regio__plan_file_cell(&f, i, 1), *kind = regio__plan_file_cell(&f, i, 2);
        if ((rc = regio__plan_file_fields(err, &f, i)) || (rc = regio__plan_file_need(err, &f, i, "alias", alias)) ||
            (rc = regio__plan_file_need(err, &f, i, "source", regio__plan_file_cell(&f, i, 5))))
            goto out;
        long r = regio_plan_region(p, code);
        if (r < 0) { rc = regio__plan_file_bad(err, &f, i, "code", "地区编码不存在", "unknown region code", code); goto out; }
        if (regio__plan_file_enum(kind, KINDS, 3) < 0) {
            rc = regio__plan_file_bad(err, &f, i, "kind", "应为 former_name、former_code 或 customary",
                               "must be former_name, former_code or customary", kind);
            goto out;
        }
        if (regio_plan_region(p, alias) >= 0) {
            rc = regio__plan_file_bad(err, &f, i, "alias", "是现行地区编码，不能作别名", "is a region code in force and cannot be an alias", alias);
            goto out;
        }
        regio_region_alias *a = &p->aliases[p->naliases++];
        a->region = r;
        a->alias = regio_strdup(alias);
        a->kind = regio_strdup(kind);
        a->changed = regio_strdup(regio__plan_file_cell(&f, i, 3));
        a->note = regio_strdup(regio__plan_file_cell(&f, i, 4));
        a->source = regio_strdup(regio__plan_file_cell(&f, i, 5));
        if (!a->alias || !a->kind || !a->changed || !a->note || !a->source) { rc = PLAN_OOM(err); goto out; }
    }
out:
    regio_table_free(f.t);
    return rc;
}
