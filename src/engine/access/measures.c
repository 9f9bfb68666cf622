/* measures.c — accessibility on an origin × destination cost matrix: nearest facility, cumulative opportunities
 * and gravity potentials, 2SFCA and E2SFCA, with the distance-decay functions of pysal/access.
 *
 * Why plain loops over a dense matrix: the matrices regio meets (counties or townships × facilities) are at most
 * a few thousand square, and one pass per measure is clearer to check against pysal/access (whose conventions —
 * cost <= max_cost counts — these follow; tests/test_access_measures.c). Where pysal leaves a place with nothing
 * in reach out (NaN), regio gives 0: no opportunity is an accessibility of 0, and a mean that dropped those places
 * would overstate access. */
#include <math.h>
#include <stdlib.h>

#include "regio/access.h"

void regio_decay_e2sfca_default(regio_decay *d) {
    *d = (regio_decay){0};
    d->kind = REGIO_DECAY_STEP;
    d->nsteps = 3;
    d->upto[0] = 10; d->upto[1] = 20; d->upto[2] = 30;
    d->weight[0] = 1; d->weight[1] = 0.68; d->weight[2] = 0.22;
}

int regio_decay_check(const regio_decay *d, regio_error *err) {
    switch (d->kind) {
    case REGIO_DECAY_NONE: return REGIO_OK;
    case REGIO_DECAY_STEP:
        if (d->nsteps == 0 || d->nsteps > REGIO_DECAY_MAXSTEPS)
            return regio_error_set(err, REGIO_EINVAL, "阶梯衰减需要 1 到 %d 级", "a step decay takes 1 to %d steps", REGIO_DECAY_MAXSTEPS);
        for (size_t k = 0; k < d->nsteps; k++) {
            if (!isfinite(d->upto[k]) || d->upto[k] < 0 || (k && d->upto[k] <= d->upto[k - 1]))
                return regio_error_set(err, REGIO_EINVAL, "阶梯衰减第 %zu 级的上限 %g 无效（须非负且递增）",
                                       "step %zu of the decay: bound %g is invalid (must be >= 0 and increasing)", k + 1, d->upto[k]);
            if (!isfinite(d->weight[k]) || d->weight[k] < 0)
                return regio_error_set(err, REGIO_EINVAL, "阶梯衰减第 %zu 级的权重 %g 无效（须非负）",
                                       "step %zu of the decay: weight %g is invalid (must be >= 0)", k + 1, d->weight[k]);
        }
        return REGIO_OK;
    case REGIO_DECAY_POWER:
        if (!(d->scale > 0) || !isfinite(d->scale) || !isfinite(d->alpha) || !(d->min_cost >= 0) || !isfinite(d->min_cost))
            return regio_error_set(err, REGIO_EINVAL, "幂函数衰减参数无效：scale %g（须 > 0）、alpha %g、min %g（须 >= 0）",
                                   "power decay: invalid parameters scale %g (must be > 0), alpha %g, min %g (must be >= 0)",
                                   d->scale, d->alpha, d->min_cost);
        return REGIO_OK;
    case REGIO_DECAY_EXP:
        if (!(d->beta >= 0) || !isfinite(d->beta))
            return regio_error_set(err, REGIO_EINVAL, "指数衰减 beta %g 无效（须 >= 0）", "exponential decay: beta %g is invalid (must be >= 0)", d->beta);
        return REGIO_OK;
    case REGIO_DECAY_GAUSS:
        if (!(d->sigma > 0) || !isfinite(d->sigma))
            return regio_error_set(err, REGIO_EINVAL, "高斯衰减 sigma %g 无效（须 > 0）", "Gaussian decay: sigma %g is invalid (must be > 0)", d->sigma);
        return REGIO_OK;
    }
    return regio_error_set(err, REGIO_EINVAL, "未知的衰减函数", "unknown decay function");
}

double regio_decay_weight(const regio_decay *d, double c) {
    switch (d->kind) {
    case REGIO_DECAY_STEP:
        for (size_t k = 0; k < d->nsteps; k++)
            if (c <= d->upto[k]) return d->weight[k];
        return 0;
    case REGIO_DECAY_POWER: return pow((c > d->min_cost ? c : d->min_cost) / d->scale, d->alpha);
    case REGIO_DECAY_EXP: return exp(-d->beta * c);
    case REGIO_DECAY_GAUSS: return exp(-c * c / (2 * d->sigma * d->sigma));
    default: return 1;
    }
}

static int check_inputs(const double *cost, size_t norig, size_t ndest, const double *demand, const double *supply,
                        const regio_decay *decay, regio_error *err) {
    for (size_t k = 0; k < norig * ndest; k++)
        if (isnan(cost[k]) || cost[k] < 0)
            return regio_error_set(err, REGIO_EINVAL, "起点 %zu 到终点 %zu 的成本无效：%g", "origin %zu to destination %zu: invalid cost %g",
                                   k / ndest, k % ndest, cost[k]);
    for (size_t i = 0; demand && i < norig; i++)
        if (!isfinite(demand[i]) || demand[i] < 0)
            return regio_error_set(err, REGIO_EINVAL, "起点 %zu 的需求（人口）无效：%g", "origin %zu: invalid demand (population) %g", i, demand[i]);
    for (size_t j = 0; supply && j < ndest; j++)
        if (!isfinite(supply[j]) || supply[j] < 0)
            return regio_error_set(err, REGIO_EINVAL, "终点 %zu 的供给无效：%g", "destination %zu: invalid supply %g", j, supply[j]);
    return decay ? regio_decay_check(decay, err) : REGIO_OK;
}

/* the weight at c; an infinite weight (a power decay with alpha < 0 at cost 0 and no minimum) is an error */
static int weight_at(const regio_decay *d, double c, double *w, regio_error *err) {
    *w = d ? regio_decay_weight(d, c) : 1;
    if (isfinite(*w)) return REGIO_OK;
    return regio_error_set(err, REGIO_EINVAL, "成本 %g 处的衰减权重为无穷大：幂函数衰减 alpha < 0 须给出最小成本 min > 0",
                           "the decay weight at cost %g is infinite: a power decay with alpha < 0 needs a minimum cost min > 0", c);
}

static double limit_of(double max_cost) { return max_cost > 0 ? max_cost : INFINITY; }

int regio_access_nearest(const double *cost, size_t norig, size_t ndest, const double *supply, double *out, long *which,
                         regio_error *err) {
    int rc = check_inputs(cost, norig, ndest, NULL, supply, NULL, err);
    if (rc) return rc;
    for (size_t i = 0; i < norig; i++) {
        double best = INFINITY;
        long bj = -1;
        for (size_t j = 0; j < ndest; j++) {
            double c = cost[i * ndest + j];
            if (supply && supply[j] <= 0) continue;
            if (c < best) { best = c; bj = (long)j; }
        }
        out[i] = bj >= 0 ? best : NAN;
        if (which) which[i] = bj;
    }
    return REGIO_OK;
}

int regio_access_gravity(const double *cost, size_t norig, size_t ndest, const double *supply, const regio_decay *decay,
                         double max_cost, double *out, regio_error *err) {
    int rc = check_inputs(cost, norig, ndest, NULL, supply, decay, err);
    if (rc) return rc;
    double lim = limit_of(max_cost);
    for (size_t i = 0; i < norig; i++) {
        double s = 0, comp = 0;
        int any = 0;
        for (size_t j = 0; j < ndest; j++) {
            double c = cost[i * ndest + j];
            if (!(c <= lim) || isinf(c)) continue;
            any = 1;
            double w;
            if ((rc = weight_at(decay, c, &w, err))) return rc;
            double t = (supply ? supply[j] : 1) * w;
            /* Neumaier: the sums can mix large and small terms */
            double u = s + t;
            comp += fabs(s) >= fabs(t) ? (s - u) + t : (t - u) + s;
            s = u;
        }
        out[i] = any ? s + comp : 0;
    }
    return REGIO_OK;
}

int regio_access_2sfca(const double *cost, size_t norig, size_t ndest, const double *demand, const double *supply,
                       const regio_decay *decay, double max_cost, double *out, double *ratio, regio_error *err) {
    if (!demand || !supply)
        return regio_error_set(err, REGIO_EINVAL, "2SFCA 需要起点的需求（人口）和终点的供给", "2SFCA needs the origins' demand (population) and the destinations' supply");
    int rc = check_inputs(cost, norig, ndest, demand, supply, decay, err);
    if (rc) return rc;
    double lim = limit_of(max_cost);
    double *R = malloc((ndest ? ndest : 1) * sizeof *R);
    if (!R) return regio_error_set(err, REGIO_ENOMEM, "内存不足（2SFCA）", "out of memory (2SFCA)");
    /* step 1: each facility's supply over the demand weighted within its catchment */
    for (size_t j = 0; j < ndest; j++) {
        double d = 0;
        int any = 0;
        for (size_t i = 0; i < norig; i++) {
            double c = cost[i * ndest + j];
            if (!(c <= lim) || isinf(c)) continue;
            any = 1;
            double w;
            if ((rc = weight_at(decay, c, &w, err))) { free(R); return rc; }
            d += demand[i] * w;
        }
        R[j] = any && d > 0 ? supply[j] / d : NAN;
    }
    /* step 2: each origin sums the ratios of the facilities within its catchment */
    for (size_t i = 0; i < norig; i++) {
        double a = 0;
        int any = 0;
        for (size_t j = 0; j < ndest; j++) {
            double c = cost[i * ndest + j];
            if (!(c <= lim) || isinf(c)) continue;
            any = 1;
            if (!isnan(R[j])) a += R[j] * regio_decay_weight(decay ? decay : &(regio_decay){0}, c);
        }
        out[i] = any ? a : 0;
    }
    if (ratio)
        for (size_t j = 0; j < ndest; j++) ratio[j] = R[j];
    free(R);
    return REGIO_OK;
}
