/* evaluation_run.c — a year's classified evaluation from the store: per zone type, the scheme's indicators of
 * that zone's counties become a composite-engine input (indicators → dimensions → index), scored with the
 * scheme's settings; the previous year is scored the same way for the change; with draws > 0 the Monte Carlo
 * (uncertainty.h) varies normalisation, aggregation and weights and Sobol indices apportion the variance of the
 * mean absolute rank shift (Saisana, Saltelli & Tarantola 2005, JRSS A 168:307–323) among the three choices.
 * The scores come only from regio_composite_evaluate / regio_composite_run (composite.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "regio/evaluation.h"
#include "regio/uncertainty.h"

/* one zone's engine input */
typedef struct zone_in {
    size_t n, m, nmeas, nnodes;
    size_t *unit;      /* [n] index into the evaluation's units */
    double *x;         /* [n*m] */
    int *dir, *parent; /* [m], [nnodes] */
    double *weight;    /* [nnodes] */
    size_t *dimnode;   /* [ndims of the zone]: node of each dimension, SIZE_MAX when unmeasured */
    regio_composite_input in;
    /* the data normalised once per alternative the Monte Carlo draws from (ALT_NORM), so a draw only
     * re-weights and re-aggregates: normalising (ranking above all) is most of a composite's cost */
    double *xnorm[3];
    regio_composite_input innorm[3];
} zone_in;

static void zone_in_clear(zone_in *z) {
    free(z->unit);
    free(z->x);
    free(z->dir);
    free(z->parent);
    free(z->weight);
    free(z->dimnode);
    for (int k = 0; k < 3; k++) free(z->xnorm[k]);
    memset(z, 0, sizeof *z);
}

/* value of indicator k for region r: an observation, or a ratio of the region's own numerator and denominator */
static double value_of(const regio_plan *plan, const double *m, size_t k, size_t r) {
    size_t nr = plan->nregions;
    double v = m[k * nr + r];
    const regio_indicator *ind = &plan->indicators[k];
    if (isnan(v) && ind->agg == REGIO_AGG_RATIO && ind->numerator >= 0 && ind->denominator >= 0) {
        double a = m[(size_t)ind->numerator * nr + r], b = m[(size_t)ind->denominator * nr + r];
        if (!isnan(a) && !isnan(b) && b != 0) v = a / b * ind->scale;
    }
    return v;
}

static int build_zone(const regio_plan *plan, const regio_scheme_zone *sz, const double *m, const regio_eval_unit *units,
                      size_t nunits, int zone, zone_in *z, regio_error *err) {
    memset(z, 0, sizeof *z);
    for (size_t i = 0; i < nunits; i++) z->n += units[i].zone == zone;
    z->m = sz->ninds;
    for (size_t d = 0; d < sz->ndims; d++) z->nmeas += sz->dims[d].measured;
    z->nnodes = z->m + z->nmeas + 1;
    z->unit = malloc((z->n ? z->n : 1) * sizeof *z->unit);
    z->x = malloc((z->n ? z->n : 1) * z->m * sizeof *z->x);
    z->dir = malloc(z->m * sizeof *z->dir);
    z->parent = malloc(z->nnodes * sizeof *z->parent);
    z->weight = malloc(z->nnodes * sizeof *z->weight);
    z->dimnode = malloc((sz->ndims ? sz->ndims : 1) * sizeof *z->dimnode);
    if (!z->unit || !z->x || !z->dir || !z->parent || !z->weight || !z->dimnode)
        return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
    size_t node = z->m;
    for (size_t d = 0; d < sz->ndims; d++) {
        z->dimnode[d] = sz->dims[d].measured ? node : SIZE_MAX;
        if (sz->dims[d].measured) {
            z->parent[node] = (int)(z->nnodes - 1);
            z->weight[node] = sz->dims[d].weight;
            node++;
        }
    }
    z->parent[z->nnodes - 1] = -1;
    z->weight[z->nnodes - 1] = 1;
    for (size_t j = 0; j < z->m; j++) {
        z->dir[j] = sz->inds[j].direction;
        z->parent[j] = (int)z->dimnode[sz->inds[j].dim];
        z->weight[j] = sz->inds[j].weight;
    }
    size_t k = 0;
    for (size_t i = 0; i < nunits; i++) {
        if (units[i].zone != zone) continue;
        z->unit[k] = i;
        for (size_t j = 0; j < z->m; j++) z->x[k * z->m + j] = value_of(plan, m, sz->inds[j].indicator, units[i].region);
        k++;
    }
    z->in = (regio_composite_input){.n = z->n, .m = z->m, .x = z->x, .direction = z->dir, .nnodes = z->nnodes,
                                    .parent = z->parent, .weight = z->weight};
    return REGIO_OK;
}

static void zone_opts(const regio_scheme_zone *sz, regio_composite_opts *o) {
    regio_composite_opts_default(o);
    o->norm.kind = sz->norm;
    o->agg = sz->agg;
    o->zero_rule = REGIO_ZERO_SHIFT; /* geometric mean of min-max or z-scores: shifted by 1 on the 0–100 scale */
    o->zero_shift = 1;
}

/* ---- the model the Monte Carlo and Sobol engines vary ---- */

static const regio_norm_kind ALT_NORM[] = {REGIO_NORM_MINMAX, REGIO_NORM_ZSCORE, REGIO_NORM_RANK};
static const regio_comp_agg ALT_AGG[] = {REGIO_COMP_ARITH, REGIO_COMP_GEOM};

typedef struct model {
    zone_in *zin;            /* [REGIO_NZONES] */
    const regio_scheme *scheme;
    size_t nunits, k;        /* k = 2 + Σ (nnodes − 1) */
    double perturb;
    const size_t *group;     /* zone of each unit */
    const uint32_t *nominal; /* nominal ranks, for the Sobol output */
} model;

static int model_scores(const double *u, double *scores, void *ctx, regio_error *err) {
    const model *md = ctx;
    size_t off = 2;
    int rc = REGIO_OK;
    for (size_t i = 0; i < md->nunits; i++) scores[i] = NAN;
    for (int z = 0; z < REGIO_NZONES && !rc; z++) {
        const zone_in *zi = &md->zin[z];
        if (zi->n == 0) continue;
        regio_composite_opts o;
        zone_opts(&md->scheme->zone[z], &o);
        size_t alt = (size_t)(u[0] * 3) % 3;
        o.norm.kind = REGIO_NORM_NONE; /* zi->innorm[alt] holds the data already normalised that way */
        o.agg = ALT_AGG[(size_t)(u[1] * 2) % 2];
        double *w = malloc(zi->nnodes * sizeof *w), *idx = malloc(zi->n * sizeof *idx);
        if (!w || !idx) rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
        else {
            for (size_t j = 0; j + 1 < zi->nnodes; j++) w[j] = zi->weight[j] * (1 + md->perturb * (2 * u[off + j] - 1));
            w[zi->nnodes - 1] = 1;
            o.weights = w;
            rc = regio_composite_run(&zi->innorm[alt], &o, idx, err);
            for (size_t i = 0; !rc && i < zi->n; i++) scores[zi->unit[i]] = idx[i];
        }
        off += zi->nnodes - 1;
        free(w);
        free(idx);
    }
    return rc;
}

static double model_shift(const double *u, void *ctx) {
    const model *md = ctx;
    double *scores = malloc(md->nunits * sizeof *scores), sum = 0;
    uint32_t *rank = malloc(md->nunits * sizeof *rank);
    size_t *order = malloc(2 * md->nunits * sizeof *order), cnt = 0;
    regio_error e;
    if (!scores || !rank || !order || model_scores(u, scores, ctx, &e)) sum = NAN;
    else {
        regio_rank_within(md->nunits, scores, md->group, rank, order);
        for (size_t i = 0; i < md->nunits; i++)
            if (rank[i] && md->nominal[i]) {
                sum += fabs((double)rank[i] - (double)md->nominal[i]);
                cnt++;
            }
        sum = cnt ? sum / (double)cnt : 0;
    }
    free(scores);
    free(rank);
    free(order);
    return sum;
}

/* ---- the run ---- */

size_t regio_eval_mandate_scored(const regio_scheme *s, const regio_eval_unit *u) {
    if (u->zone < 0 || u->zone >= REGIO_NZONES || isnan(u->score)) return 0;
    const regio_scheme_zone *sz = &s->zone[u->zone];
    size_t n = 0;
    for (size_t k = 0; k < sz->nmandate; k++) n += sz->mandate[k].dim >= 0 && isfinite(u->dim[sz->mandate[k].dim]);
    return n;
}

void regio_evaluation_free(regio_evaluation *e) {
    if (!e) return;
    for (size_t i = 0; i < e->nunits; i++) free(e->units[i].dim);
    free(e->units);
    free(e->zones_source);
    free(e);
}

/* scores one year into units (score, rank, dims, flags) or, with prev, into prev_score/prev_rank */
static int score_year(const regio_plan *plan, const regio_scheme *scheme, const double *m, regio_eval_unit *units,
                      size_t nunits, int prev, zone_in *keep, regio_error *err) {
    int rc = REGIO_OK;
    for (int z = 0; z < REGIO_NZONES && !rc; z++) {
        zone_in zi;
        const regio_scheme_zone *sz = &scheme->zone[z];
        if ((rc = build_zone(plan, sz, m, units, nunits, z, &zi, err))) { zone_in_clear(&zi); break; }
        if (zi.n > 0) {
            regio_composite_opts o;
            zone_opts(sz, &o);
            regio_composite_result *r = NULL;
            if (!(rc = regio_composite_evaluate(&zi.in, &o, &r, err))) {
                for (size_t i = 0; i < zi.n; i++) {
                    regio_eval_unit *u = &units[zi.unit[i]];
                    if (prev) {
                        u->has_prev = !isnan(r->index[i]);
                        u->prev_score = r->index[i];
                        u->prev_rank = r->rank[i];
                        continue;
                    }
                    u->score = r->index[i];
                    u->rank = r->rank[i];
                    u->nmissing = r->nmissing[i];
                    if (u->nmissing) u->flags |= REGIO_EVAL_SKIPPED;
                    if (isnan(u->score)) u->flags |= REGIO_EVAL_NOSCORE;
                    u->ndims_scored = u->ndims_measured = 0;
                    for (size_t d = 0; d < sz->ndims; d++) {
                        u->dim[d] = zi.dimnode[d] == SIZE_MAX ? NAN : r->score[i * r->nnodes + zi.dimnode[d]];
                        u->ndims_measured += sz->dims[d].measured;
                        u->ndims_scored += sz->dims[d].measured && isfinite(u->dim[d]);
                    }
                    if (!isnan(u->score) && u->ndims_scored < u->ndims_measured) u->flags |= REGIO_EVAL_FEWER_DIMS;
                }
            }
            regio_composite_result_free(r);
        }
        if (keep && !rc) keep[z] = zi;
        else zone_in_clear(&zi);
    }
    return rc;
}

static int year_has_data(regio_store *st, const regio_plan *plan, const regio_scheme *scheme, int year, int *has,
                         regio_error *err) {
    *has = 0;
    for (int z = 0; z < REGIO_NZONES && !*has; z++)
        for (size_t j = 0; j < scheme->zone[z].ninds && !*has; j++) {
            const regio_indicator *ind = &plan->indicators[scheme->zone[z].inds[j].indicator];
            long k = ind->agg == REGIO_AGG_RATIO && ind->numerator >= 0 ? ind->numerator : (long)scheme->zone[z].inds[j].indicator;
            int *years = NULL;
            size_t ny = 0;
            int rc = regio_store_years(st, plan, k, &years, &ny, err);
            if (rc) return rc;
            for (size_t y = 0; y < ny; y++)
                if (years[y] == year) *has = 1;
            free(years);
        }
    return REGIO_OK;
}

int regio_evaluate_plan(regio_store *st, const regio_plan *plan, const regio_scheme *scheme, const regio_zones *zones,
                        const regio_eval_opts *o, regio_evaluation **out, regio_error *err) {
    *out = NULL;
    int has = 0, rc = year_has_data(st, plan, scheme, o->year, &has, err);
    if (rc) return rc;
    if (!has)
        return regio_error_set(err, REGIO_ENOTFOUND, "%d 年没有方案“%s”所用指标的任何数据", "no data in %d for any indicator of scheme '%s'",
                               o->year, scheme->name);
    regio_evaluation *e = calloc(1, sizeof *e);
    if (!e) return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
    e->year = o->year;
    e->scheme = scheme;
    e->opts = *o;
    e->opts.progress = NULL;
    if (e->opts.perturb <= 0) e->opts.perturb = 0.25;
    if (e->opts.draws && !e->opts.sobol_n) e->opts.sobol_n = e->opts.draws;
    e->zones_official = zones->official;
    e->zones_source = strdup(zones->source ? zones->source : "");
    for (size_t i = 0; i < zones->nregions; i++) e->nunits += zones->zone[i] >= 0;
    e->units = calloc(e->nunits ? e->nunits : 1, sizeof *e->units);
    double *m = NULL, *mp = NULL;
    zone_in zin[REGIO_NZONES];
    memset(zin, 0, sizeof zin);
    size_t *group = NULL;
    uint32_t *nominal = NULL;
    size_t *order = NULL;
    double *nomscore = NULL;
    if (!e->units || !e->zones_source) { rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); goto done; }
    for (size_t i = 0, k = 0; i < zones->nregions; i++) {
        if (zones->zone[i] < 0) continue;
        regio_eval_unit *u = &e->units[k++];
        u->region = i;
        u->zone = zones->zone[i];
        u->score = u->prev_score = u->mc_median = u->mc_p05 = u->mc_p95 = NAN;
        if (!zones->official) u->flags |= REGIO_EVAL_PROVISIONAL;
        size_t nd = scheme->zone[u->zone].ndims;
        u->dim = malloc((nd ? nd : 1) * sizeof *u->dim);
        if (!u->dim) { rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); goto done; }
        for (size_t d = 0; d < nd; d++) u->dim[d] = NAN;
    }
    if ((rc = regio_store_year_matrix(st, plan, o->year, &m, err))) goto done;
    if ((rc = score_year(plan, scheme, m, e->units, e->nunits, 0, zin, err))) goto done;
    if ((rc = year_has_data(st, plan, scheme, o->year - 1, &has, err))) goto done;
    if (has) {
        e->prev_year = o->year - 1;
        if ((rc = regio_store_year_matrix(st, plan, o->year - 1, &mp, err))) goto done;
        if ((rc = score_year(plan, scheme, mp, e->units, e->nunits, 1, NULL, err))) goto done;
        int any = 0; /* the previous year's data may be of other levels only (prefectures) */
        for (size_t i = 0; i < e->nunits; i++) any |= e->units[i].has_prev;
        if (!any) e->prev_year = 0;
    }
    if (e->opts.draws > 0) {
        for (int z = 0; z < REGIO_NZONES && !rc; z++) {
            if (!zin[z].n) continue;
            for (int k = 0; k < 3 && !rc; k++) {
                regio_composite_opts no;
                zone_opts(&scheme->zone[z], &no);
                no.norm.kind = ALT_NORM[k];
                if (!(zin[z].xnorm[k] = malloc(zin[z].n * zin[z].m * sizeof(double))))
                    rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
                else rc = regio_composite_normalise(&zin[z].in, &no.norm, zin[z].xnorm[k], NULL, err);
                zin[z].innorm[k] = zin[z].in;
                zin[z].innorm[k].x = zin[z].xnorm[k];
            }
        }
        if (rc) goto done;
        model md = {.zin = zin, .scheme = scheme, .nunits = e->nunits, .perturb = e->opts.perturb};
        md.k = 2;
        for (int z = 0; z < REGIO_NZONES; z++) md.k += zin[z].n ? zin[z].nnodes - 1 : 0;
        group = malloc(e->nunits * sizeof *group);
        nominal = malloc(e->nunits * sizeof *nominal);
        order = malloc(2 * e->nunits * sizeof *order);
        nomscore = malloc(e->nunits * sizeof *nomscore);
        if (!group || !nominal || !order || !nomscore) { rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); goto done; }
        for (size_t i = 0; i < e->nunits; i++) {
            group[i] = (size_t)e->units[i].zone;
            nomscore[i] = e->units[i].score;
        }
        regio_rank_within(e->nunits, nomscore, group, nominal, order);
        md.group = group;
        md.nominal = nominal;
        regio_mc_opts mo = {.draws = e->opts.draws, .seed = o->seed, .threads = o->threads, .group = group, .progress = o->progress};
        regio_mc_result *mr = NULL;
        if ((rc = regio_mc_ranks(e->nunits, md.k, model_scores, &md, &mo, &mr, err))) goto done;
        for (size_t i = 0; i < e->nunits; i++) {
            e->units[i].mc_median = mr->median[i];
            e->units[i].mc_p05 = mr->p05[i];
            e->units[i].mc_p95 = mr->p95[i];
        }
        regio_mc_result_free(mr);
        size_t *factor = malloc(md.k * sizeof *factor);
        if (!factor) { rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); goto done; }
        for (size_t c = 0; c < md.k; c++) factor[c] = c < 2 ? c : REGIO_EVAL_F_WEIGHTS;
        regio_sobol_opts so = {.n = e->opts.sobol_n < 2 ? 2 : e->opts.sobol_n, .seed = o->seed ^ 0x5b0b01ULL, .threads = o->threads,
                               .factor = factor, .nfactors = REGIO_EVAL_NFACTORS, .progress = o->progress};
        regio_sobol *sr = NULL;
        rc = regio_sobol_run(md.k, model_shift, &md, &so, &sr, err);
        free(factor);
        if (rc) goto done;
        for (int f = 0; f < REGIO_EVAL_NFACTORS; f++) {
            e->sobol_s1[f] = sr->s1[f];
            e->sobol_st[f] = sr->st[f];
        }
        e->sobol_var = sr->var;
        e->sobol_evals = sr->nevals;
        e->opts.sobol_n = so.n;
        regio_sobol_free(sr);
        e->uncertainty = 1;
    }
done:
    for (int z = 0; z < REGIO_NZONES; z++) zone_in_clear(&zin[z]);
    free(m);
    free(mp);
    free(group);
    free(nominal);
    free(order);
    free(nomscore);
    if (rc) regio_evaluation_free(e);
    else *out = e;
    return rc;
}
