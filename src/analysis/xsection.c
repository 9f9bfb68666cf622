/* xsection.c — building the arrays the engines run on (see include/regio/xsection.h). */
#include "regio/xsection.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "regio/aggregate.h"

#define OOM(err) regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory")

void regio_xsection_free(regio_xsection *xs) {
    if (!xs) return;
    for (size_t i = 0; i < xs->n; i++) { free(xs->ids[i]); free(xs->names[i]); }
    for (size_t g = 0; g < xs->ngroups; g++) { free(xs->group_ids[g]); free(xs->group_names[g]); }
    for (size_t i = 0; i < xs->ndropped; i++) { free(xs->dropped_ids[i]); free(xs->dropped_why[i]); }
    free(xs->years); free(xs->ids); free(xs->names); free(xs->region); free(xs->x); free(xs->w); free(xs->group);
    free(xs->group_ids); free(xs->group_names); free(xs->dropped_ids); free(xs->dropped_why);
    free(xs);
}

/* Allocates a section for up to cap units and nyears years. */
static regio_xsection *alloc_xs(size_t cap, size_t nyears, int weighted, int grouped) {
    regio_xsection *xs = calloc(1, sizeof *xs);
    if (!xs) return NULL;
    size_t c = cap ? cap : 1;
    xs->nyears = nyears;
    xs->years = calloc(nyears ? nyears : 1, sizeof *xs->years);
    xs->ids = calloc(c, sizeof *xs->ids);
    xs->names = calloc(c, sizeof *xs->names);
    xs->x = malloc(c * (nyears ? nyears : 1) * sizeof *xs->x);
    xs->w = weighted ? malloc(c * (nyears ? nyears : 1) * sizeof *xs->w) : NULL;
    xs->group = grouped ? calloc(c, sizeof *xs->group) : NULL;
    xs->dropped_ids = calloc(c, sizeof *xs->dropped_ids);
    xs->dropped_why = calloc(c, sizeof *xs->dropped_why);
    if (!xs->years || !xs->ids || !xs->names || !xs->x || (weighted && !xs->w) || (grouped && !xs->group) ||
        !xs->dropped_ids || !xs->dropped_why) {
        regio_xsection_free(xs);
        return NULL;
    }
    return xs;
}

static int drop(regio_xsection *xs, const char *id, const char *why) {
    xs->dropped_ids[xs->ndropped] = regio_strdup(id);
    xs->dropped_why[xs->ndropped] = regio_strdup(why);
    if (!xs->dropped_ids[xs->ndropped] || !xs->dropped_why[xs->ndropped]) return REGIO_ENOMEM;
    xs->ndropped++;
    return REGIO_OK;
}

/* ---- grouping for plan units ---- */

/* leaf_group[r] = the group holding leaf region r, or -1; refuses a leaf in two groups. */
static int leaf_groups(const regio_plan *p, const size_t *groups, size_t ng, long *leaf_group, regio_error *err) {
    for (size_t r = 0; r < p->nregions; r++) leaf_group[r] = -1;
    for (size_t k = 0; k < ng; k++) {
        const regio_group *g = &p->groups[groups[k]];
        for (size_t i = 0; i < g->ncounties; i++) {
            size_t r = g->counties[i];
            if (leaf_group[r] >= 0) {
                const regio_region *rg = &p->regions[r];
                return regio_error_set(err, REGIO_EINVAL,
                    "这些组有重叠，不能用于分解：%s（%s）同时属于 %s 和 %s。请改用规划中的划分（用 regio groups 查看，如 blocks_west、blocks_border、prefectures）",
                    "these groups overlap and cannot be used for a decomposition: %s (%s) is in both %s and %s; use one of the plan's partitions instead (see regio groups: e.g. blocks_west, blocks_border, prefectures)",
                    rg->code, rg->name_zh, p->groups[groups[leaf_group[r]]].code, g->code);
            }
            leaf_group[r] = (long)k;
        }
    }
    return REGIO_OK;
}

/* The group of unit r: the one group all its leaves belong to. */
static int unit_group(const regio_plan *p, size_t r, const long *leaf_group, const size_t *groups, size_t *out,
                      regio_error *err) {
    long found = -1;
    for (size_t l = 0; l < p->nregions; l++) {
        if (p->regions[l].nchildren != 0) continue;
        long a = (long)l;
        while (a >= 0 && a != (long)r) a = p->regions[a].parent;
        if (a < 0) continue;
        if (leaf_group[l] < 0)
            return regio_error_set(err, REGIO_EINVAL, "所给的组没有覆盖 %s（%s）", "the groups given leave out %s (%s)",
                                   p->regions[l].code, p->regions[l].name_zh);
        if (found >= 0 && found != leaf_group[l])
            return regio_error_set(err, REGIO_EINVAL, "%s（%s）被 %s 和 %s 分开，不能在这一层级按这些组分解",
                                   "%s (%s) is split between %s and %s: these groups cannot group units of this level",
                                   p->regions[r].code, p->regions[r].name_zh, p->groups[groups[found]].code,
                                   p->groups[groups[leaf_group[l]]].code);
        found = leaf_group[l];
    }
    if (found < 0) return regio_error_set(err, REGIO_EINVAL, "%s 不属于任何组", "%s is in no group", p->regions[r].code);
    *out = (size_t)found;
    return REGIO_OK;
}

int regio_xsection_from_plan(regio_store *st, const regio_plan *p, const regio_xsection_plan_opts *o,
                             regio_xsection **out, regio_error *err) {
    *out = NULL;
    if (o->nyears == 0) return regio_error_set(err, REGIO_EINVAL, "没有指定年份", "no year given");
    const size_t *groups = o->groups;
    size_t ng = o->ngroups;
    if (o->partition >= 0) { groups = p->partitions[o->partition].parts; ng = p->partitions[o->partition].nparts; }
    size_t cap = 0;
    for (size_t r = 0; r < p->nregions; r++) cap += p->regions[r].level == o->level;
    regio_xsection *xs = alloc_xs(cap, o->nyears, o->weight >= 0, ng > 0);
    long *leaf = malloc((p->nregions ? p->nregions : 1) * sizeof *leaf);
    double **m = calloc(o->nyears, sizeof *m);
    regio_year_cells **cells = calloc(o->nyears, sizeof *cells);
    if (!xs || !leaf || !m || !cells) { regio_xsection_free(xs); free(leaf); free(m); free(cells); return OOM(err); }
    int rc = REGIO_OK;
    xs->region = malloc((cap ? cap : 1) * sizeof *xs->region);
    if (!xs->region) { rc = OOM(err); goto out; }
    if (ng > 0) {
        if ((rc = leaf_groups(p, groups, ng, leaf, err))) goto out;
        xs->ngroups = ng;
        xs->group_ids = calloc(ng, sizeof *xs->group_ids);
        xs->group_names = calloc(ng, sizeof *xs->group_names);
        if (!xs->group_ids || !xs->group_names) { rc = OOM(err); goto out; }
        for (size_t k = 0; k < ng; k++) {
            xs->group_ids[k] = regio_strdup(p->groups[groups[k]].code);
            xs->group_names[k] = regio_strdup(p->groups[groups[k]].name_zh);
            if (!xs->group_ids[k] || !xs->group_names[k]) { rc = OOM(err); goto out; }
        }
    }
    for (size_t t = 0; t < o->nyears; t++) {
        xs->years[t] = o->years[t];
        if ((rc = regio_store_year_cells(st, p, o->years[t], o->vintage, &cells[t], err))) goto out;
        m[t] = cells[t]->value; /* borrowed: freed with the cells */
    }
    /* first pass decides who stays, so the arrays are filled densely in one go */
    for (size_t r = 0; r < p->nregions; r++) {
        const regio_region *rg = &p->regions[r];
        if (rg->level != o->level) continue;
        size_t g = 0;
        if (ng > 0 && (rc = unit_group(p, r, leaf, groups, &g, err))) goto out;
        char why[64] = "";
        for (size_t t = 0; t < o->nyears && !*why; t++) {
            regio_origin origin;
            int complete;
            double v = regio_aggregate_value(p, m[t], o->indicator, r, &origin, &complete);
            size_t cell = o->indicator * p->nregions + r;
            if (isnan(v) && cells[t]->bound_dir[cell])
                snprintf(why, sizeof why, "bound only (%s%g) %d", regio_bound_sign(cells[t]->bound_dir[cell]),
                         cells[t]->bound[cell], o->years[t]);
            else if (isnan(v) || !complete) snprintf(why, sizeof why, "no value %d", o->years[t]);
            else if (o->weight >= 0) {
                double w = regio_aggregate_value(p, m[t], (size_t)o->weight, r, &origin, &complete);
                if (isnan(w) || !complete) snprintf(why, sizeof why, "no weight %d", o->years[t]);
            }
        }
        if (*why) {
            if (drop(xs, rg->code, why)) { rc = OOM(err); goto out; }
            continue;
        }
        size_t i = xs->n++;
        xs->ids[i] = regio_strdup(rg->code);
        xs->names[i] = regio_strdup(rg->name_zh);
        if (!xs->ids[i] || !xs->names[i]) { rc = OOM(err); goto out; }
        xs->region[i] = (long)r;
        if (xs->group) xs->group[i] = g;
    }
    /* x and w are year-major with stride n, known only now */
    for (size_t t = 0; t < o->nyears; t++)
        for (size_t i = 0; i < xs->n; i++) {
            regio_origin origin;
            int complete;
            xs->x[t * xs->n + i] = regio_aggregate_value(p, m[t], o->indicator, (size_t)xs->region[i], &origin, &complete);
            if (xs->w) xs->w[t * xs->n + i] = regio_aggregate_value(p, m[t], (size_t)o->weight, (size_t)xs->region[i], &origin, &complete);
        }
out:
    for (size_t t = 0; t < o->nyears; t++) regio_year_cells_free(cells[t]);
    free(cells);
    free(m);
    free(leaf);
    if (rc) { regio_xsection_free(xs); return rc; }
    *out = xs;
    return REGIO_OK;
}

/* ---- from a table ---- */

static int cmp_strp(const void *a, const void *b) { return strcmp(**(char *const *const *)a, **(char *const *const *)b); }

int regio_xsection_from_table(const regio_table *t, const regio_xsection_table_opts *o, regio_xsection **out,
                              regio_error *err) {
    *out = NULL;
    long idc = regio_table_col(t, o->id_col), wc = -1, gc = -1, nc = -1;
    if (idc < 0) return regio_error_set(err, REGIO_EINVAL, "%s：没有列 “%s”", "%s: no column '%s'", t->path, o->id_col);
    if (o->weight_col && (wc = regio_table_col(t, o->weight_col)) < 0)
        return regio_error_set(err, REGIO_EINVAL, "%s：没有列 “%s”", "%s: no column '%s'", t->path, o->weight_col);
    if (o->group_col && (gc = regio_table_col(t, o->group_col)) < 0)
        return regio_error_set(err, REGIO_EINVAL, "%s：没有列 “%s”", "%s: no column '%s'", t->path, o->group_col);
    if (o->name_col && (nc = regio_table_col(t, o->name_col)) < 0)
        return regio_error_set(err, REGIO_EINVAL, "%s：没有列 “%s”", "%s: no column '%s'", t->path, o->name_col);
    long *vc = malloc((o->nvalues ? o->nvalues : 1) * sizeof *vc);
    if (!vc) return OOM(err);
    for (size_t k = 0; k < o->nvalues; k++)
        if ((vc[k] = regio_table_col(t, o->value_cols[k])) < 0) {
            free(vc);
            return regio_error_set(err, REGIO_EINVAL, "%s：没有列 “%s”", "%s: no column '%s'", t->path, o->value_cols[k]);
        }
    regio_xsection *xs = alloc_xs(t->nrows, o->nvalues, wc >= 0, gc >= 0);
    size_t *row_of = malloc((t->nrows ? t->nrows : 1) * sizeof *row_of); /* table row of each kept unit */
    char ***order = NULL;
    size_t gcap = 0;
    int rc = REGIO_OK;
    if (!xs || !row_of) { regio_xsection_free(xs); free(row_of); free(vc); return OOM(err); }
    for (size_t k = 0; k < o->nvalues; k++) xs->years[k] = o->years ? o->years[k] : 0;
    for (size_t i = 0; i < t->nrows; i++) {
        const char *id = regio_table_cell(t, i, (size_t)idc);
        if (!*id) {
            rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行：标识列 “%s” 为空", "%s line %ld: the id column '%s' is empty",
                                 t->path, t->line[i], o->id_col);
            goto out;
        }
        /* values and weight: empty drops the unit, anything else must be a number */
        int missing = 0;
        double v;
        for (size_t k = 0; k < o->nvalues && !missing; k++) {
            const char *c = regio_table_cell(t, i, (size_t)vc[k]);
            if (!*c) missing = 1;
            else if (regio_parse_number(c, &v)) {
                rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行，列 “%s”：“%s” 不是数字",
                                     "%s line %ld, column '%s': '%s' is not a number", t->path, t->line[i], o->value_cols[k], c);
                goto out;
            }
        }
        const char *wtext = wc >= 0 ? regio_table_cell(t, i, (size_t)wc) : "1";
        if (!missing && !*wtext) missing = 2;
        else if (!missing && regio_parse_number(wtext, &v)) {
            rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行，列 “%s”：“%s” 不是数字",
                                 "%s line %ld, column '%s': '%s' is not a number", t->path, t->line[i], o->weight_col, wtext);
            goto out;
        }
        if (missing) {
            if (drop(xs, id, missing == 1 ? "no value" : "no weight")) { rc = OOM(err); goto out; }
            continue;
        }
        size_t u = xs->n++;
        row_of[u] = i;
        xs->ids[u] = regio_strdup(id);
        xs->names[u] = regio_strdup(nc >= 0 ? regio_table_cell(t, i, (size_t)nc) : id);
        if (!xs->ids[u] || !xs->names[u]) { rc = OOM(err); goto out; }
        if (gc >= 0) {
            const char *g = regio_table_cell(t, i, (size_t)gc);
            size_t k = 0;
            while (k < xs->ngroups && strcmp(xs->group_ids[k], g) != 0) k++; /* groups are few */
            if (k == xs->ngroups) {
                if (xs->ngroups == gcap) {
                    gcap = gcap ? gcap * 2 : 8;
                    char **a = realloc(xs->group_ids, gcap * sizeof *a), **b = a ? realloc(xs->group_names, gcap * sizeof *b) : NULL;
                    if (a) xs->group_ids = a;
                    if (!a || !b) { rc = OOM(err); goto out; }
                    xs->group_names = b;
                }
                xs->group_ids[k] = regio_strdup(g);
                xs->group_names[k] = regio_strdup(g);
                xs->ngroups++;
                if (!xs->group_ids[k] || !xs->group_names[k]) { rc = OOM(err); goto out; }
            }
            xs->group[u] = k;
        }
    }
    /* values are stored year-major with stride n: fill after n is known (all parse: checked above) */
    for (size_t k = 0; k < o->nvalues; k++)
        for (size_t u = 0; u < xs->n; u++) {
            regio_parse_number(regio_table_cell(t, row_of[u], (size_t)vc[k]), &xs->x[k * xs->n + u]);
            if (xs->w) regio_parse_number(regio_table_cell(t, row_of[u], (size_t)wc), &xs->w[k * xs->n + u]);
        }
    /* duplicate ids: sort pointers to the ids, compare neighbours */
    order = malloc((xs->n ? xs->n : 1) * sizeof *order);
    if (!order) { rc = OOM(err); goto out; }
    for (size_t i = 0; i < xs->n; i++) order[i] = &xs->ids[i];
    qsort(order, xs->n, sizeof *order, cmp_strp);
    for (size_t i = 1; i < xs->n; i++)
        if (strcmp(*order[i], *order[i - 1]) == 0) {
            rc = regio_error_set(err, REGIO_EINVAL, "%s：标识 “%s” 出现了不止一次", "%s: id '%s' appears more than once", t->path,
                                 *order[i]);
            goto out;
        }
out:
    free(order);
    free(row_of);
    free(vc);
    if (rc) { regio_xsection_free(xs); return rc; }
    *out = xs;
    return REGIO_OK;
}
