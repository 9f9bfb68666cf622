/* api_analysis.c — disparity (as `regio disparity`: the inequality summary per year, with Theil and Dagum
 * decompositions over a partition) and spatial autocorrelation (as `regio spatial`: global Moran, Geary and
 * Getis–Ord, local Moran and Gi*, on the stored contiguity weights) — the same xsection, ineq and autocorr
 * calls, with the permutation count bounded and one thread per request (the server already runs many). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "regio/autocorr.h"
#include "regio/ineq.h"
#include "regio/json_out.h"
#include "regio/json_results.h"
#include "regio/weights.h"
#include "regio/xsection.h"
#include "serve/serve_internal.h"

#define MAX_YEARS 60 /* years asked for; the default (the store's years, 1949–2100 at most) is not limited */

/* the analysis units: indicator, level, optional weight indicator and grouping (a partition or a comma list of
 * groups), as cli_analysis_load does */
typedef struct units_opts { regio_xsection_plan_opts o; size_t *groups; } units_opts;

static int units_from_args(serve_req *q, serve_reply *r, long ind, units_opts *u) {
    memset(u, 0, sizeof *u);
    u->o.indicator = (size_t)ind;
    u->o.weight = -1;
    u->o.partition = -1;
    if (regio__serve_arg_level(q, r, REGIO_LEVEL_COUNTY, &u->o.level)) return -1;
    const char *w = regio__serve_arg(q, "weight"), *part = regio__serve_arg(q, "partition");
    if (w && (u->o.weight = regio_plan_indicator(q->plan, w)) < 0)
        return regio__serve_failf(q, r, 404, "未知的权重指标 “%.64s”", "unknown weight indicator '%.64s'", w);
    if (!part) return 0;
    if ((u->o.partition = regio_plan_partition(q->plan, part)) >= 0) return 0;
    size_t k = 1;
    for (const char *s = part; *s; s++) k += *s == ',';
    u->groups = malloc(k * sizeof *u->groups);
    char *copy = strdup(part), *save = NULL;
    if (!u->groups || !copy) {
        free(copy);
        free(u->groups);
        u->groups = NULL;
        return regio__serve_failf(q, r, 503, "内存不足", "out of memory");
    }
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        long g = regio_plan_group(q->plan, tok);
        if (g < 0) {
            /* the caller frees u->groups only on success: an unknown group here must not leak it */
            regio__serve_failf(q, r, 404, "“%.64s” 既不是划分也不是组（见 /api/v1/groups）", "'%.64s' is neither a partition nor a group (see /api/v1/groups)", tok);
            free(copy);
            free(u->groups);
            u->groups = NULL;
            return -1;
        }
        u->groups[u->o.ngroups++] = (size_t)g;
    }
    free(copy);
    u->o.groups = u->groups;
    return 0;
}

int regio__serve_api_disparity(serve_req *q, serve_reply *r) {
    static const char *const ok[] = {"indicator", "year", "years", "level", "partition", "weight", NULL};
    if (regio__serve_params(q, r, ok)) return -1;
    long ind;
    int *years = NULL;
    size_t ny = 0;
    units_opts u;
    if (regio__serve_arg_indicator(q, r, 1, &ind) || units_from_args(q, r, ind, &u)) return -1;
    /* without year or years: every year with data, of which those where the indicator has a value at the level —
     * stored or computed (gdp_pc has no stored row) — are answered */
    int dflt = !regio__serve_arg(q, "year") && !regio__serve_arg(q, "years");
    if (dflt) {
        const int *all = NULL;
        regio_error e;
        regio_error_clear(&e);
        if (regio__serve_years(q, &all, &ny, &e)) { free(u.groups); return regio__serve_fail(q, r, 0, &e); }
        if (!(years = malloc((ny ? ny : 1) * sizeof *years))) { free(u.groups); return regio__serve_failf(q, r, 503, "内存不足", "out of memory"); }
        memcpy(years, all, ny * sizeof *years);
    } else if (regio__serve_arg_years(q, r, ind, &years, &ny)) { free(u.groups); return -1; }
    if (!dflt && ny > MAX_YEARS) { free(years); free(u.groups); return regio__serve_failf(q, r, 400, "年份过多（至多 %d 年）", "too many years (at most %d)", MAX_YEARS); }
    regio_error err;
    regio_error_clear(&err);
    json_t *out = json_array(), *skipped = json_array();
    for (size_t t = 0; t < ny && !err.code; t++) {
        regio_xsection *xs = NULL;
        regio_ineq_summary *s = NULL;
        regio_theil_decomp *tt = NULL, *tl = NULL;
        regio_dagum *dg = NULL;
        u.o.years = &years[t];
        u.o.nyears = 1;
        if (regio_xsection_from_plan(q->st, q->plan, &u.o, &xs, &err)) break;
        if (dflt && xs->n == 0) { regio_xsection_free(xs); continue; } /* no value at this level that year */
        if (xs->n < 2) {
            json_array_append_new(skipped, json_pack("{s:i, s:I}", "year", years[t], "n", (json_int_t)xs->n));
            regio_xsection_free(xs);
            continue;
        }
        if (!regio_ineq_summarise(xs->x, xs->w, xs->n, &s, &err) &&
            (!xs->group || (!regio_ineq_theil_decompose(xs->x, xs->w, xs->n, xs->group, xs->ngroups, REGIO_THEIL_T, &tt, &err) &&
                            !regio_ineq_theil_decompose(xs->x, xs->w, xs->n, xs->group, xs->ngroups, REGIO_THEIL_L, &tl, &err) &&
                            !regio_ineq_dagum(xs->x, xs->w, xs->n, xs->group, xs->ngroups, &dg, &err)))) {
            json_t *y = json_pack("{s:i, s:I, s:o, s:o}", "year", years[t], "n", (json_int_t)xs->n, "dropped", regio_json_dropped(xs),
                                  "measures", regio_json_ineq_summary(s));
            if (tt) {
                json_object_set_new(y, "theil_t", regio_json_theil(tt, xs));
                json_object_set_new(y, "theil_l", regio_json_theil(tl, xs));
                json_object_set_new(y, "dagum", regio_json_dagum(dg, xs));
            }
            json_array_append_new(out, y);
        } else {
            char prefix[32];
            snprintf(prefix, sizeof prefix, "%d: ", years[t]);
            regio_error_prefix(&err, prefix, prefix);
        }
        regio_ineq_summary_free(s);
        regio_theil_decomp_free(tt);
        regio_theil_decomp_free(tl);
        regio_dagum_free(dg);
        regio_xsection_free(xs);
    }
    free(years);
    free(u.groups);
    if (err.code) { json_decref(out); json_decref(skipped); return regio__serve_fail(q, r, 0, &err); }
    const char *part = regio__serve_arg(q, "partition"), *w = regio__serve_arg(q, "weight");
    return regio__serve_ok(r, json_pack("{s:s, s:s, s:s?, s:s?, s:o, s:o}", "indicator", q->plan->indicators[ind].code, "level",
                                 regio_level_name(u.o.level), "weight", w, "partition", part, "years", out, "skipped", skipped));
}

static json_t *perm_json(const regio_perm *p) {
    return json_pack("{s:I, s:o, s:o, s:o, s:o}", "permutations", (json_int_t)p->permutations, "p", regio_json_num(p->p),
                     "mean", regio_json_num(p->mean), "sd", regio_json_num(p->sd), "z", regio_json_num(p->z));
}

static const char *cluster_label(int cl) {
    static const char *const L[] = {"ns", "HH", "LH", "LL", "HL"};
    return cl < 0 ? "island" : cl <= 4 ? L[cl] : "?";
}

int regio__serve_api_spatial(serve_req *q, serve_reply *r) {
    static const char *const ok[] = {"indicator", "year", "level", "weights", "permutations", "seed", NULL};
    if (regio__serve_params(q, r, ok)) return -1;
    long ind;
    int year;
    unsigned long perms, seed;
    units_opts u;
    if (regio__serve_arg_indicator(q, r, 1, &ind) || regio__serve_arg_year(q, r, "year", 1, &year) ||
        regio__serve_arg_uint(q, r, "permutations", q->srv->o.max_permutations, 99, &perms) ||
        regio__serve_arg_uint(q, r, "seed", 0x7fffffffUL, 12345, &seed) || units_from_args(q, r, ind, &u))
        return -1;
    free(u.groups);
    const char *spec = regio__serve_arg(q, "weights");
    if (!spec) spec = "queen";
    if (strcmp(spec, "queen") != 0 && strcmp(spec, "rook") != 0)
        return regio__serve_failf(q, r, 400, "weights 应为 queen 或 rook，而不是 “%.32s”", "weights must be queen or rook, not '%.32s'", spec);
    regio_error err;
    regio_error_clear(&err);
    regio_xsection *xs = NULL;
    regio_weights *w0 = NULL, *w = NULL;
    regio_moran *mo = NULL;
    regio_geary *ge = NULL;
    regio_getis *gg = NULL;
    regio_lisa *li = NULL;
    regio_localg *lg = NULL;
    json_t *root = NULL;
    u.o.years = &year;
    u.o.nyears = 1;
    u.o.partition = -1;
    u.o.ngroups = 0;
    u.o.groups = NULL;
    char name[64];
    snprintf(name, sizeof name, "%s_%s", regio_level_name(u.o.level), spec);
    regio_autocorr_opts ao = {.permutations = perms, .seed = seed, .threads = 1, .alpha = 0.05, .star = REGIO_STAR_PEERS};
    double *lagv = NULL;
    regio_error gerr;
    regio_error_clear(&gerr);
    if (regio_xsection_from_plan(q->st, q->plan, &u.o, &xs, &err)) goto fail;
    if (xs->n < 3) {
        regio__serve_failf(q, r, 400, "%d 年有数据的单元不足 3 个，无法做空间分析", "fewer than 3 units have data in %d: no spatial analysis", year);
        goto out;
    }
    if (regio_store_load_weights(q->st, q->plan, name, xs->region, xs->n, &w0, &err) || regio_weights_transform(w0, REGIO_W_ROW, &w, &err) ||
        regio_global_compute(xs->x, xs->n, w, &ao, &mo, &ge, &gg, &gerr, &err) ||
        regio_local_compute(xs->x, xs->n, w, &ao, &li, &lg, &err))
        goto fail;
    /* the lag of the value, as spdep's lag.listw (lag_centred: LISA's lag of the centred value) */
    if (!(lagv = malloc(xs->n * sizeof *lagv))) {
        regio__serve_failf(q, r, 500, "内存不足", "out of memory");
        goto out;
    }
    regio_weights_lag(w, xs->x, lagv);
    int have_g = gg != NULL; /* G needs non-negative values: left out otherwise (gerr says why) */
    json_t *local = json_array();
    for (size_t i = 0; local && i < xs->n; i++)
        json_array_append_new(local, json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:o, s:b}", "id", xs->ids[i], "name", xs->names[i],
            "value", regio_json_num(xs->x[i]), "lag", regio_json_num(li->island[i] ? NAN : lagv[i]),
            "lag_centred", regio_json_num(li->lag[i]), "local_moran", regio_json_num(li->I[i]),
            "z", regio_json_num(li->z_total[i]), "p_sim", regio_json_num(li->p_sim[i]), "cluster", cluster_label(li->cluster[i]),
            "gi_star_z", regio_json_num(lg->z[i]), "island", li->island[i] != 0));
    root = json_pack("{s:s, s:i, s:s, s:I, s:s, s:I, s:I, s:o, s:{s:o, s:o, s:o, s:o, s:o}, s:{s:o, s:o, s:o, s:o}, s:o}",
        "indicator", q->plan->indicators[ind].code, "year", year, "level", regio_level_name(u.o.level), "n", (json_int_t)xs->n,
        "weights", spec, "seed", (json_int_t)seed, "islands", (json_int_t)li->nislands, "dropped", regio_json_dropped(xs),
        "moran", "I", regio_json_num(mo->I), "expected", regio_json_num(mo->EI), "z_norm", regio_json_num(mo->z_norm),
        "p_norm", regio_json_num(mo->p_norm), "permutation", perm_json(&mo->sim),
        "geary", "C", regio_json_num(ge->C), "z_norm", regio_json_num(ge->z_norm), "p_norm", regio_json_num(ge->p_norm),
        "permutation", perm_json(&ge->sim), "local", local);
    if (root && have_g)
        json_object_set_new(root, "getis_ord", json_pack("{s:o, s:o, s:o, s:o, s:o}", "G", regio_json_num(gg->G), "expected", regio_json_num(gg->EG),
                            "z", regio_json_num(gg->z), "p_norm", regio_json_num(gg->p_norm), "permutation", perm_json(&gg->sim)));
    regio__serve_ok(r, root);
    goto out;
fail:
    regio__serve_fail(q, r, 0, &err);
out:
    regio_moran_free(mo); regio_geary_free(ge); regio_getis_free(gg); regio_lisa_free(li); regio_localg_free(lg);
    regio_weights_free(w0); regio_weights_free(w);
    regio_xsection_free(xs);
    free(lagv);
    return r->status == 200 ? 0 : -1;
}
