/* composite.c — the composite index: missing data, weights, aggregation up the indicator tree, ranks and flags.
 * One core (comp_core) serves both regio_composite_evaluate (everything kept) and regio_composite_run (only the
 * index, for the Monte Carlo engine): it reads its inputs, allocates its own scratch and keeps no state, so any
 * number of threads may call it at once. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/evaluate/composite_internal.h"

void regio_composite_opts_default(regio_composite_opts *o) {
    memset(o, 0, sizeof *o);
    o->norm.kind = REGIO_NORM_MINMAX;
    o->norm.lo = 0;
    o->norm.hi = 100;
    o->norm.mean_t = 0;
    o->norm.sd_t = 1;
    o->norm.scale = 100;
    o->agg = REGIO_COMP_ARITH;
    o->zero_rule = REGIO_ZERO_ERROR;
    o->zero_shift = 1e-3;
    o->wkind = REGIO_W_GIVEN;
    o->missing = REGIO_MISS_SKIP;
}

static int oom(regio_error *err) { return regio_error_set(err, REGIO_ENOMEM, "内存不足%s", "out of memory%s", ""); }

/* What comp_core fills; any pointer may be NULL except score. */
typedef struct comp_out {
    double *norm;           /* n*m */
    double *score;          /* n*N */
    unsigned char *flag;    /* n*m */
    double *wused;          /* N */
    unsigned char *constc;  /* m */
} comp_out;

/* Validates the tree; fills parent (N) and the children lists (CSR: first[N+1], child[]). */
static int build_tree(const regio_composite_input *in, size_t *N_out, int **parent_out, size_t **first_out,
                      size_t **child_out, regio_error *err) {
    size_t m = in->m, N = in->parent ? in->nnodes : m + 1;
    char nb[128];
    if (in->parent && N <= m)
        return regio_error_set(err, REGIO_EINVAL, "指标树的节点数 %zu 必须大于指标数 %zu", "the tree has %zu nodes; it needs more than the %zu indicators", N, m);
    int *parent = malloc(N * sizeof *parent);
    size_t *first = calloc(N + 1, sizeof *first), *child = malloc(N * sizeof *child), *fill = calloc(N + 1, sizeof *fill);
    if (!parent || !first || !child || !fill) {
        free(parent); free(first); free(child); free(fill);
        return oom(err);
    }
    for (size_t k = 0; k < N; k++) parent[k] = in->parent ? in->parent[k] : (k < m ? (int)m : -1);
    int rc = REGIO_OK;
    for (size_t k = 0; k < N && rc == REGIO_OK; k++) {
        int p = parent[k];
        if (k == N - 1) {
            if (p != -1) rc = regio_error_set(err, REGIO_EINVAL, "指标树的最后一个节点 %s 必须是根（没有上级）", "the last node of the tree, %s, must be the root (no parent)", regio__composite_name(in->node_code, k, nb, sizeof nb));
        } else if (p < 0 || (size_t)p <= k || (size_t)p >= N || (size_t)p < m) {
            rc = regio_error_set(err, REGIO_EINVAL, "节点 %s 的上级 %d 无效（上级必须是排在其后的汇总节点）", "node %s has an invalid parent %d (a parent must be an aggregate listed after it)", regio__composite_name(in->node_code, k, nb, sizeof nb), p);
        } else first[p + 1]++;
    }
    for (size_t k = m; k < N && rc == REGIO_OK; k++)
        if (first[k + 1] == 0) rc = regio_error_set(err, REGIO_EINVAL, "汇总节点 %s 没有下级", "aggregate %s has no children", regio__composite_name(in->node_code, k, nb, sizeof nb));
    if (rc) {
        free(parent); free(first); free(child); free(fill);
        return rc;
    }
    for (size_t k = 0; k < N; k++) first[k + 1] += first[k];
    for (size_t k = 0; k + 1 < N; k++) child[first[parent[k]] + fill[parent[k]]++] = k;
    free(fill);
    *N_out = N;
    *parent_out = parent;
    *first_out = first;
    *child_out = child;
    return REGIO_OK;
}

/* Group-mean imputation on the raw copy x (n*m), flagging. */
static int impute_group(const regio_composite_input *in, const regio_composite_opts *o, double *x, unsigned char *flag,
                        regio_error *err) {
    size_t n = in->n, m = in->m, G = o->group ? o->ngroups : 1;
    if (G == 0) return regio_error_set(err, REGIO_EINVAL, "组数为 0%s", "the number of groups is 0%s", "");
    for (size_t i = 0; o->group && i < n; i++)
        if (o->group[i] < 0 || (size_t)o->group[i] >= G)
            return regio_error_set(err, REGIO_EINVAL, "单元 %zu 的组号 %d 超出范围", "unit %zu: group %d out of range", i, o->group[i]);
    double *s = malloc(G * sizeof *s);
    size_t *c = malloc(G * sizeof *c);
    if (!s || !c) {
        free(s); free(c);
        return oom(err);
    }
    for (size_t j = 0; j < m; j++) {
        memset(c, 0, G * sizeof *c);
        for (size_t g = 0; g < G; g++) s[g] = 0;
        for (size_t i = 0; i < n; i++) {
            double v = x[i * m + j];
            if (isnan(v)) continue;
            size_t g = o->group ? (size_t)o->group[i] : 0;
            s[g] += v;
            c[g]++;
        }
        for (size_t i = 0; i < n; i++) {
            size_t g = o->group ? (size_t)o->group[i] : 0;
            if (isnan(x[i * m + j]) && c[g]) {
                x[i * m + j] = s[g] / (double)c[g];
                flag[i * m + j] = REGIO_CELL_IMPUTED_GROUP;
            }
        }
    }
    free(s);
    free(c);
    return REGIO_OK;
}

static double mean_of(regio_comp_agg a, const double *v, const double *w, size_t k) {
    double sw = 0, acc = 0;
    for (size_t q = 0; q < k; q++) {
        sw += w[q];
        acc += a == REGIO_COMP_ARITH ? w[q] * v[q] : a == REGIO_COMP_GEOM ? w[q] * log(v[q]) : w[q] / v[q];
    }
    if (!(sw > 0)) return NAN;
    return a == REGIO_COMP_ARITH ? acc / sw : a == REGIO_COMP_GEOM ? exp(acc / sw) : sw / acc;
}

static int comp_core(const regio_composite_input *in, const regio_composite_opts *o, comp_out *res, regio_error *err) {
    size_t n = in->n, m = in->m;
    char nb[128], ub[128];
    if (!in->x || n == 0 || m == 0)
        return regio_error_set(err, REGIO_EINVAL, "综合指数需要至少一个单元和一个指标%s", "a composite index needs at least one unit and one indicator%s", "");
    for (size_t j = 0; in->direction && j < m; j++)
        if (in->direction[j] != 1 && in->direction[j] != -1)
            return regio_error_set(err, REGIO_EINVAL, "指标 %s 的方向 %d 必须是 1 或 -1", "indicator %s: direction %d must be 1 or -1", regio__composite_name(in->node_code, j, nb, sizeof nb), in->direction[j]);
    if (o->agg != REGIO_COMP_ARITH && o->agg != REGIO_COMP_GEOM && o->agg != REGIO_COMP_HARM)
        return regio_error_set(err, REGIO_EINVAL, "未知的汇总方法 %d", "unknown aggregation %d", (int)o->agg);
    size_t N = 0, *first = NULL, *child = NULL;
    int *parent = NULL;
    int rc = build_tree(in, &N, &parent, &first, &child, err);
    if (rc) return rc;
    const double *wbase = o->weights ? o->weights : in->weight;
    size_t nw = in->parent ? N : m; /* a flat input's weight covers the indicators only */
    double *x = malloc(n * m * sizeof *x), *z = res->norm ? res->norm : malloc(n * m * sizeof *z);
    unsigned char *flag = res->flag ? res->flag : malloc(n * m);
    double *w = res->wused ? res->wused : malloc(N * sizeof *w);
    double *cv = malloc(N * sizeof *cv), *cw = malloc(N * sizeof *cw), *tmp = NULL;
    if (!x || !z || !flag || !w || !cv || !cw) {
        rc = oom(err);
        goto done;
    }
    memcpy(x, in->x, n * m * sizeof *x);
    for (size_t c = 0; c < n * m; c++) {
        if (isinf(x[c])) {
            rc = regio_error_set(err, REGIO_EINVAL, "单元 %s、指标 %s 的值为无穷大", "unit %s, indicator %s: the value is infinite",
                                 regio__composite_name(in->unit_code, c / m, ub, sizeof ub), regio__composite_name(in->node_code, c % m, nb, sizeof nb));
            goto done;
        }
        flag[c] = in->cell_flag && in->cell_flag[c] ? in->cell_flag[c] : isnan(x[c]) ? REGIO_CELL_SKIPPED : REGIO_CELL_OBSERVED;
    }
    if (o->missing == REGIO_MISS_GROUP_MEAN && (rc = impute_group(in, o, x, flag, err))) goto done;
    for (size_t c = 0; c < n * m; c++)
        if (isnan(x[c])) flag[c] = REGIO_CELL_SKIPPED;
    regio_composite_input in2 = *in;
    in2.x = x;
    if ((rc = regio_composite_normalise(&in2, &o->norm, z, res->constc, err))) goto done;

    /* weights */
    for (size_t k = 0; k < N; k++) {
        double v = (wbase && k < nw) ? wbase[k] : 1.0;
        if (o->wkind == REGIO_W_EQUAL) v = 1.0;
        if (!isfinite(v) || v < 0) {
            rc = regio_error_set(err, REGIO_EINVAL, "节点 %s 的权重 %g 无效（须为非负数）", "node %s: weight %g is not valid (must be >= 0)", regio__composite_name(in->node_code, k, nb, sizeof nb), v);
            goto done;
        }
        w[k] = v;
    }
    if (o->wkind == REGIO_W_ENTROPY || o->wkind == REGIO_W_CRITIC) {
        tmp = malloc(n * m * sizeof *tmp);
        if (!tmp) { rc = oom(err); goto done; }
        regio__composite_minmax01(x, n, m, in->direction, tmp);
        rc = o->wkind == REGIO_W_ENTROPY ? regio_composite_entropy_weights(tmp, n, m, w, err)
                                         : regio_composite_critic_weights(tmp, n, m, w, err);
        if (rc) goto done;
    } else if (o->wkind != REGIO_W_GIVEN && o->wkind != REGIO_W_EQUAL) {
        rc = regio_error_set(err, REGIO_EINVAL, "未知的权重方法 %d", "unknown weighting %d", (int)o->wkind);
        goto done;
    }
    for (size_t p = m; p < N; p++) {
        double s = 0;
        for (size_t q = first[p]; q < first[p + 1]; q++) s += w[child[q]];
        for (size_t q = first[p]; q < first[p + 1]; q++) w[child[q]] = s > 0 ? w[child[q]] / s : 0;
    }
    w[N - 1] = 1;

    /* aggregation, unit by unit, children before parents */
    for (size_t i = 0; i < n; i++) {
        double *sc = res->score + i * N;
        for (size_t j = 0; j < m; j++) sc[j] = z[i * m + j];
        for (size_t p = m; p < N; p++) {
            size_t k = 0;
            double mn = INFINITY;
            for (size_t q = first[p]; q < first[p + 1]; q++) {
                size_t c = child[q];
                if (isnan(sc[c]) || !(w[c] > 0)) continue;
                cv[k] = sc[c];
                cw[k] = w[c];
                if (cv[k] < mn) mn = cv[k];
                k++;
            }
            if (k == 0) { sc[p] = NAN; continue; }
            double shift = 0;
            if (o->agg != REGIO_COMP_ARITH && mn <= 0) {
                if (o->zero_rule != REGIO_ZERO_SHIFT) {
                    rc = regio_error_set(err, REGIO_EINVAL,
                                         "单元 %s 有 <= 0 的值 (%g)（节点 %s 之下）：几何/调和平均需要正值；请把归一化下界设为正数（如 minmax:1,100）或用 --zero shift",
                                         "unit %s has a value <= 0 (%g) under node %s: the geometric/harmonic mean needs positive values; normalise to a positive range (e.g. minmax:1,100) or use --zero shift",
                                         regio__composite_name(in->unit_code, i, ub, sizeof ub), mn, regio__composite_name(in->node_code, p, nb, sizeof nb));
                    goto done;
                }
                shift = o->zero_shift - (mn < 0 ? mn : 0);
                if (!(shift > 0)) {
                    rc = regio_error_set(err, REGIO_EINVAL, "平移量 %g 必须大于 0", "the zero shift %g must be > 0", o->zero_shift);
                    goto done;
                }
                for (size_t q = 0; q < k; q++) cv[q] += shift;
            }
            sc[p] = mean_of(o->agg, cv, cw, k) - shift;
        }
    }
done:
    free(parent);
    free(first);
    free(child);
    free(x);
    free(tmp);
    free(cv);
    free(cw);
    if (!res->norm) free(z);
    if (!res->flag) free(flag);
    if (!res->wused) free(w);
    return rc;
}

static size_t nnodes_of(const regio_composite_input *in) { return in->parent ? in->nnodes : in->m + 1; }

int regio_composite_run(const regio_composite_input *in, const regio_composite_opts *o, double *index_out,
                        regio_error *err) {
    if (!in || !o || !index_out) return regio_error_set(err, REGIO_EINVAL, "参数为空%s", "a NULL argument%s", "");
    size_t N = nnodes_of(in);
    if (in->n == 0 || N == 0) return regio_error_set(err, REGIO_EINVAL, "综合指数需要至少一个单元和一个指标%s", "a composite index needs at least one unit and one indicator%s", "");
    comp_out res = {0};
    res.score = malloc(in->n * N * sizeof *res.score);
    if (!res.score) return oom(err);
    int rc = comp_core(in, o, &res, err);
    if (rc == REGIO_OK)
        for (size_t i = 0; i < in->n; i++) index_out[i] = res.score[i * N + N - 1];
    free(res.score);
    return rc;
}

typedef struct ri {
    double v;
    size_t i;
} ri;

static int cmp_desc(const void *a, const void *b) {
    const ri *x = a, *y = b;
    if (x->v > y->v) return -1;
    if (x->v < y->v) return 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

int regio_composite_rank(const double *v, size_t n, int *rank_out) {
    ri *s = malloc((n ? n : 1) * sizeof *s);
    int ties = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        rank_out[i] = 0;
        if (!isnan(v[i]) && s) s[k++] = (ri){v[i], i};
    }
    if (!s) return -1;
    qsort(s, k, sizeof *s, cmp_desc);
    for (size_t a = 0; a < k; a++) {
        if (a > 0 && s[a].v == s[a - 1].v) {
            rank_out[s[a].i] = rank_out[s[a - 1].i];
            ties = 1;
        } else rank_out[s[a].i] = (int)(a + 1);
    }
    free(s);
    return ties;
}

void regio_composite_result_free(regio_composite_result *r) {
    if (!r) return;
    free(r->norm);
    free(r->score);
    free(r->index);
    free(r->rank);
    free(r->cell_flag);
    free(r->nmissing);
    free(r->weight_used);
    free(r->const_col);
    free(r);
}

int regio_composite_evaluate(const regio_composite_input *in, const regio_composite_opts *o,
                             regio_composite_result **out, regio_error *err) {
    *out = NULL;
    if (!in || !o) return regio_error_set(err, REGIO_EINVAL, "参数为空%s", "a NULL argument%s", "");
    size_t n = in->n, m = in->m, N = nnodes_of(in);
    if (n == 0 || m == 0) return regio_error_set(err, REGIO_EINVAL, "综合指数需要至少一个单元和一个指标%s", "a composite index needs at least one unit and one indicator%s", "");
    regio_composite_result *r = calloc(1, sizeof *r);
    if (!r) return oom(err);
    r->n = n;
    r->m = m;
    r->nnodes = N;
    r->norm = malloc(n * m * sizeof *r->norm);
    r->score = malloc(n * N * sizeof *r->score);
    r->index = malloc(n * sizeof *r->index);
    r->rank = malloc(n * sizeof *r->rank);
    r->cell_flag = malloc(n * m);
    r->nmissing = calloc(n, sizeof *r->nmissing);
    r->weight_used = malloc(N * sizeof *r->weight_used);
    r->const_col = calloc(m, 1);
    if (!r->norm || !r->score || !r->index || !r->rank || !r->cell_flag || !r->nmissing || !r->weight_used || !r->const_col) {
        regio_composite_result_free(r);
        return oom(err);
    }
    comp_out res = {r->norm, r->score, r->cell_flag, r->weight_used, r->const_col};
    int rc = comp_core(in, o, &res, err);
    if (rc) {
        regio_composite_result_free(r);
        return rc;
    }
    for (size_t i = 0; i < n; i++) {
        r->index[i] = r->score[i * N + N - 1];
        for (size_t j = 0; j < m; j++) r->nmissing[i] += r->cell_flag[i * m + j] == REGIO_CELL_SKIPPED;
    }
    int t = regio_composite_rank(r->index, n, r->rank);
    if (t < 0) {
        regio_composite_result_free(r);
        return oom(err);
    }
    r->ties = t;
    r->opts = *o;
    r->opts.weights = NULL;
    r->opts.group = NULL;
    *out = r;
    return REGIO_OK;
}

void regio_composite_locf(double *x, size_t nyears, size_t n, size_t m, unsigned char *flag) {
    size_t cells = n * m;
    for (size_t t = 1; t < nyears; t++)
        for (size_t c = 0; c < cells; c++)
            if (isnan(x[t * cells + c]) && !isnan(x[(t - 1) * cells + c])) {
                x[t * cells + c] = x[(t - 1) * cells + c];
                if (flag) flag[t * cells + c] = REGIO_CELL_IMPUTED_LOCF;
            }
}
