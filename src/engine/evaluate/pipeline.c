/* pipeline.c — COINr's build order on one cross-section: Denominate → Impute → Screen → Treat → Normalise →
 * Aggregate (COINr build_example_coin), so that a whole index can be rebuilt with other choices thousands of times
 * by the uncertainty engine. Denomination and screening are small enough to live here; treatment (treat.c) and
 * imputation (impute.c) have their own files; normalisation and aggregation are composite.c's. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "regio/pipeline.h"

static int oom(regio_error *err) { return regio_error_set(err, REGIO_ENOMEM, "内存不足%s", "out of memory%s", ""); }

int regio_denominate(double *x, size_t n, size_t m, const double *den, size_t nden, const int *den_of,
                     const double *scale, size_t *nbad, regio_error *err) {
    size_t bad = 0;
    for (size_t j = 0; j < m; j++) {
        if (den_of[j] < 0) continue;
        if ((size_t)den_of[j] >= nden)
            return regio_error_set(err, REGIO_EINVAL, "指标 %zu 的分母编号 %d 超出范围", "indicator %zu: denominator %d out of range", j, den_of[j]);
        double s = scale ? scale[j] : 1;
        for (size_t i = 0; i < n; i++) {
            double d = den[i * nden + (size_t)den_of[j]] / s;
            if (isnan(x[i * m + j])) continue;
            if (!isfinite(d) || d == 0) {
                x[i * m + j] = NAN;
                bad++;
            } else x[i * m + j] /= d;
        }
    }
    if (nbad) *nbad = bad;
    return REGIO_OK;
}

int regio_screen(const double *x, size_t n, size_t m, regio_screen_kind k, double dat_thresh, double nonzero_thresh,
                 unsigned char *keep, regio_error *err) {
    if (!(dat_thresh >= 0 && dat_thresh <= 1) || !(nonzero_thresh >= 0 && nonzero_thresh <= 1))
        return regio_error_set(err, REGIO_EINVAL, "筛选阈值 %g、%g 须在 0 与 1 之间", "screening thresholds %g and %g must lie in [0, 1]", dat_thresh, nonzero_thresh);
    for (size_t i = 0; i < n; i++) {
        size_t obs = 0, nz = 0;
        for (size_t j = 0; j < m; j++) {
            double v = x[i * m + j];
            if (isnan(v)) continue;
            obs++;
            nz += v != 0;
        }
        /* COINr get_data_avail: Dat_Avail = observed / m, Non_Zero = non-zero / observed */
        double avail = (double)obs / (double)m, nonzero = obs ? (double)nz / (double)obs : 0;
        int low_na = avail < dat_thresh, low_zero = nonzero < nonzero_thresh;
        keep[i] = (unsigned char)(k == REGIO_SCREEN_BYNA ? !low_na : k == REGIO_SCREEN_BYZERO ? !low_zero
                                  : k == REGIO_SCREEN_BYNAZERO ? !(low_na || low_zero) : 1);
    }
    return REGIO_OK;
}

void regio_pipeline_opts_default(regio_pipeline_opts *o) {
    memset(o, 0, sizeof *o);
    regio_treat_opts_default(&o->treat);
    o->treat.enabled = 0;
    o->dat_thresh = 2.0 / 3.0;
    o->nonzero_thresh = 0.05;
    o->impute.em_iter = 200;
    regio_composite_opts_default(&o->comp);
}

void regio_pipeline_result_free(regio_pipeline_result *r) {
    if (!r) return;
    free(r->x);
    free(r->imp_flag);
    free(r->treat_flag);
    free(r->treat);
    free(r->keep);
    regio_composite_result_free(r->comp);
    free(r);
}

/* The stages before normalisation into x (n*m, a copy of in->x), flags and keep. */
static int pre_stages(const regio_composite_input *in, const regio_pipeline_denoms *dn, const regio_pipeline_opts *o,
                      double *x, unsigned char *iflag, unsigned char *tflag, regio_treat_detail *det,
                      unsigned char *keep, size_t *nbad, regio_error *err) {
    size_t n = in->n, m = in->m;
    memcpy(x, in->x, n * m * sizeof *x);
    for (size_t c = 0; c < n * m; c++)
        iflag[c] = in->cell_flag && in->cell_flag[c] ? in->cell_flag[c] : isnan(x[c]) ? REGIO_CELL_SKIPPED : REGIO_CELL_OBSERVED;
    int rc;
    if (nbad) *nbad = 0;
    if (o->denominate && dn && dn->den_of) {
        if ((rc = regio_denominate(x, n, m, dn->den, dn->nden, dn->den_of, NULL, nbad, err))) return rc;
        for (size_t c = 0; c < n * m; c++)
            if (isnan(x[c])) iflag[c] = REGIO_CELL_SKIPPED;
    }
    regio_impute_opts io = o->impute;
    if (!io.direction) io.direction = in->direction;
    if ((rc = regio_impute(x, n, m, &io, iflag, err))) return rc;
    for (size_t c = 0; c < n * m; c++)
        if (isnan(x[c])) iflag[c] = REGIO_CELL_SKIPPED;
    if ((rc = regio_screen(x, n, m, o->screen, o->dat_thresh, o->nonzero_thresh, keep, err))) return rc;
    if (o->treat.enabled) {
        /* COINr treats the screened data set: statistics over the kept units only */
        size_t nk = 0;
        for (size_t i = 0; i < n; i++) nk += keep[i];
        double *y = malloc((nk ? nk : 1) * m * sizeof *y);
        unsigned char *f = malloc((nk ? nk : 1) * m);
        if (!y || !f) { free(y); free(f); return oom(err); }
        size_t r = 0;
        for (size_t i = 0; i < n; i++)
            if (keep[i]) memcpy(y + r++ * m, x + i * m, m * sizeof *y);
        rc = regio_treat(y, nk, m, &o->treat, f, det, err);
        memset(tflag, REGIO_TREAT_NONE, n * m);
        r = 0;
        for (size_t i = 0; i < n && rc == REGIO_OK; i++)
            if (keep[i]) {
                memcpy(x + i * m, y + r * m, m * sizeof *y);
                memcpy(tflag + i * m, f + r * m, m);
                r++;
            }
        free(y);
        free(f);
        if (rc) return rc;
    } else memset(tflag, REGIO_TREAT_NONE, n * m);
    return REGIO_OK;
}

/* Builds the composite input over the kept units (x rows compacted into xk) with the drop mask applied. */
static int comp_input(const regio_composite_input *in, const regio_pipeline_opts *o, const double *x, const unsigned char *iflag,
                      const unsigned char *keep, double *xk, unsigned char *fk, double *w, size_t *nk_out,
                      regio_composite_input *ci, regio_composite_opts *co) {
    size_t n = in->n, m = in->m, nk = 0;
    for (size_t i = 0; i < n; i++)
        if (keep[i]) {
            memcpy(xk + nk * m, x + i * m, m * sizeof *xk);
            memcpy(fk + nk * m, iflag + i * m, m);
            nk++;
        }
    *ci = *in;
    ci->n = nk;
    ci->x = xk;
    ci->cell_flag = fk;
    ci->unit_code = NULL; /* indexes shift after screening */
    *co = o->comp;
    co->missing = REGIO_MISS_SKIP;
    co->group = NULL;
    if (o->drop) {
        size_t N = in->parent ? in->nnodes : m + 1;
        const double *base = o->comp.weights ? o->comp.weights : in->weight;
        for (size_t k = 0; k < N; k++) w[k] = base && (in->parent || k < m) ? base[k] : 1.0;
        for (size_t j = 0; j < m; j++) if (o->drop[j]) w[j] = 0;
        co->weights = w;
        if (co->wkind == REGIO_W_EQUAL) {
            /* equal weights with a dropped indicator: 1 for the others, 0 for it */
            for (size_t k = 0; k < N; k++) w[k] = k < m && o->drop[k] ? 0 : 1;
            co->wkind = REGIO_W_GIVEN;
        }
    }
    *nk_out = nk;
    return REGIO_OK;
}

int regio_pipeline_evaluate(const regio_composite_input *in, const regio_pipeline_denoms *dn, const regio_pipeline_opts *o,
                            regio_pipeline_result **out, regio_error *err) {
    *out = NULL;
    if (!in || !o || !in->x || in->n == 0 || in->m == 0)
        return regio_error_set(err, REGIO_EINVAL, "综合指数需要至少一个单元和一个指标%s", "a composite index needs at least one unit and one indicator%s", "");
    size_t n = in->n, m = in->m, N = in->parent ? in->nnodes : m + 1;
    regio_pipeline_result *r = calloc(1, sizeof *r);
    if (!r) return oom(err);
    r->n = n;
    r->m = m;
    r->x = malloc(n * m * sizeof *r->x);
    r->imp_flag = malloc(n * m);
    r->treat_flag = malloc(n * m);
    r->treat = o->treat.enabled ? calloc(m, sizeof *r->treat) : NULL;
    r->keep = malloc(n);
    double *xk = malloc(n * m * sizeof *xk), *w = malloc(N * sizeof *w);
    unsigned char *fk = malloc(n * m);
    int rc = REGIO_OK;
    regio_composite_result *cr = NULL;
    if (!r->x || !r->imp_flag || !r->treat_flag || (o->treat.enabled && !r->treat) || !r->keep || !xk || !w || !fk) { rc = oom(err); goto fail; }
    if ((rc = pre_stages(in, dn, o, r->x, r->imp_flag, r->treat_flag, r->treat, r->keep, &r->ndenom_bad, err))) goto fail;
    regio_composite_input ci;
    regio_composite_opts co;
    size_t nk;
    comp_input(in, o, r->x, r->imp_flag, r->keep, xk, fk, w, &nk, &ci, &co);
    r->nkept = nk;
    if (nk == 0) {
        rc = regio_error_set(err, REGIO_EINVAL, "筛选后没有剩下任何单元（数据可得率阈值 %g）", "no unit is left after screening (data availability threshold %g)", o->dat_thresh);
        goto fail;
    }
    if ((rc = regio_composite_evaluate(&ci, &co, &cr, err))) goto fail;
    /* expand back to all n units */
    regio_composite_result *full = calloc(1, sizeof *full);
    if (!full) { rc = oom(err); goto fail; }
    *full = *cr;
    full->n = n;
    full->norm = malloc(n * m * sizeof *full->norm);
    full->score = malloc(n * N * sizeof *full->score);
    full->index = malloc(n * sizeof *full->index);
    full->rank = malloc(n * sizeof *full->rank);
    full->cell_flag = malloc(n * m);
    full->nmissing = calloc(n, sizeof *full->nmissing);
    full->weight_used = malloc(N * sizeof *full->weight_used);
    full->const_col = malloc(m);
    if (!full->norm || !full->score || !full->index || !full->rank || !full->cell_flag || !full->nmissing || !full->weight_used || !full->const_col) {
        regio_composite_result_free(full);
        rc = oom(err);
        goto fail;
    }
    memcpy(full->weight_used, cr->weight_used, N * sizeof *full->weight_used);
    memcpy(full->const_col, cr->const_col, m);
    size_t q = 0;
    for (size_t i = 0; i < n; i++) {
        if (r->keep[i]) {
            memcpy(full->norm + i * m, cr->norm + q * m, m * sizeof *full->norm);
            memcpy(full->score + i * N, cr->score + q * N, N * sizeof *full->score);
            memcpy(full->cell_flag + i * m, cr->cell_flag + q * m, m);
            full->index[i] = cr->index[q];
            full->rank[i] = cr->rank[q];
            full->nmissing[i] = cr->nmissing[q];
            q++;
        } else {
            for (size_t j = 0; j < m; j++) full->norm[i * m + j] = NAN;
            for (size_t k = 0; k < N; k++) full->score[i * N + k] = NAN;
            memcpy(full->cell_flag + i * m, r->imp_flag + i * m, m);
            full->index[i] = NAN;
            full->rank[i] = 0;
        }
    }
    /* cr's arrays were moved by value into full; free only cr's own buffers */
    free(cr->norm); free(cr->score); free(cr->index); free(cr->rank); free(cr->cell_flag);
    free(cr->nmissing); free(cr->weight_used); free(cr->const_col);
    free(cr);
    cr = NULL;
    r->comp = full;
    free(xk);
    free(w);
    free(fk);
    *out = r;
    return REGIO_OK;
fail:
    regio_composite_result_free(cr);
    free(xk);
    free(w);
    free(fk);
    regio_pipeline_result_free(r);
    return rc;
}

int regio_pipeline_run(const regio_composite_input *in, const regio_pipeline_denoms *dn, const regio_pipeline_opts *o,
                       double *index_out, regio_error *err) {
    if (!in || !o || !in->x || in->n == 0 || in->m == 0)
        return regio_error_set(err, REGIO_EINVAL, "综合指数需要至少一个单元和一个指标%s", "a composite index needs at least one unit and one indicator%s", "");
    size_t n = in->n, m = in->m, N = in->parent ? in->nnodes : m + 1;
    double *x = malloc(n * m * sizeof *x), *xk = malloc(n * m * sizeof *xk), *w = malloc(N * sizeof *w), *idx = malloc(n * sizeof *idx);
    unsigned char *iflag = malloc(n * m), *tflag = malloc(n * m), *keep = malloc(n), *fk = malloc(n * m);
    int rc = REGIO_OK;
    if (!x || !xk || !w || !idx || !iflag || !tflag || !keep || !fk) { rc = oom(err); goto done; }
    if ((rc = pre_stages(in, dn, o, x, iflag, tflag, NULL, keep, NULL, err))) goto done;
    regio_composite_input ci;
    regio_composite_opts co;
    size_t nk;
    comp_input(in, o, x, iflag, keep, xk, fk, w, &nk, &ci, &co);
    if (nk == 0) {
        for (size_t i = 0; i < n; i++) index_out[i] = NAN;
        goto done;
    }
    if ((rc = regio_composite_run(&ci, &co, idx, err))) goto done;
    size_t q = 0;
    for (size_t i = 0; i < n; i++) index_out[i] = keep[i] ? idx[q++] : NAN;
done:
    free(x); free(xk); free(w); free(idx);
    free(iflag); free(tflag); free(keep); free(fk);
    return rc;
}
