/* chain.c — a Markov chain from transition counts: probabilities, the chain's structure (which states
 * communicate, which classes are closed), one stationary distribution per closed class, first mean passage times
 * and sojourn times. Kept apart from the classing so hand-made count matrices (tests, the spatial chains) go
 * through the same code.
 *
 * Structure: reachability by Warshall's transitive closure on p > 0 (k is a handful of classes, so O(k³) is
 * nothing); i and j communicate when each reaches the other; a communicating class is closed when no p > 0 leaves
 * it. States whose row has no transitions ("empty") are left out: their behaviour is unknown, so a class that
 * leads into one is not closed. Each closed class C is an irreducible chain; its stationary π solves
 * π (P_C − I) = 0 with Σπ = 1 (one equation replaced by the sum), by GSL's LU. Mean first passage times for an
 * irreducible chain follow Kemeny & Snell (1976): Z = (I − P + 1π)⁻¹, m_ij = (z_jj − z_ij)/π_j, m_ii = 1/π_i —
 * the convention of giddy.ergodic.mfpt (the diagonal holds mean recurrence times). */
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_permutation.h>
#include <gsl/gsl_vector.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/dynamics/dynamics_internal.h"

void regio_chain_free(regio_chain *c) {
    if (!c) return;
    free(c->counts);
    free(c->p);
    free(c->empty);
    free(c->closed);
    free(c->steady);
    free(c->mfpt);
    free(c->sojourn);
    free(c);
}

/* LU factorisation of a; 0 when the matrix is numerically singular (no pivot above tol·max|a|), so that no GSL
 * routine is ever called on a singular matrix (GSL's default handler would abort). */
static int lu_ok(gsl_matrix *a, gsl_permutation *perm) {
    double amax = 0;
    for (size_t i = 0; i < a->size1; i++)
        for (size_t j = 0; j < a->size2; j++) amax = fmax(amax, fabs(gsl_matrix_get(a, i, j)));
    int sign;
    gsl_linalg_LU_decomp(a, perm, &sign);
    for (size_t i = 0; i < a->size1; i++)
        if (!(fabs(gsl_matrix_get(a, i, i)) > 1e-13 * amax)) return 0;
    return 1;
}

/* Stationary distribution of the irreducible sub-chain on states idx[0..m) into pi (m). */
static int stationary(const double *p, size_t k, const size_t *idx, size_t m, double *pi, regio_error *err) {
    gsl_matrix *a = gsl_matrix_alloc(m, m);
    gsl_vector *b = gsl_vector_calloc(m), *x = gsl_vector_alloc(m);
    gsl_permutation *perm = gsl_permutation_alloc(m);
    int rc = REGIO_OK;
    if (!a || !b || !x || !perm) { rc = DYN_OOM(err); goto done; }
    /* row r of A is column r of (P_C − I): Σ_i π_i (p_ir − δ_ir) = 0; the last row is Σ π = 1 */
    for (size_t r = 0; r < m; r++)
        for (size_t i = 0; i < m; i++)
            gsl_matrix_set(a, r, i, r == m - 1 ? 1.0 : p[idx[i] * k + idx[r]] - (i == r ? 1.0 : 0.0));
    gsl_vector_set(b, m - 1, 1.0);
    if (!lu_ok(a, perm)) {
        rc = regio_error_set(err, REGIO_EINTERNAL, "封闭类的平稳分布方程奇异（%zu 个状态）",
                             "the stationary equations of a closed class (%zu states) are singular", m);
        goto done;
    }
    gsl_linalg_LU_solve(a, perm, b, x);
    double s = 0;
    for (size_t i = 0; i < m; i++) { pi[i] = fmax(0.0, gsl_vector_get(x, i)); s += pi[i]; }
    for (size_t i = 0; i < m; i++) pi[i] /= s;
done:
    gsl_matrix_free(a);
    gsl_vector_free(b);
    gsl_vector_free(x);
    gsl_permutation_free(perm);
    return rc;
}

/* Kemeny–Snell mean first passage times of an irreducible chain with stationary pi. */
static int mean_passage(const double *p, size_t k, const double *pi, double *mfpt, regio_error *err) {
    gsl_matrix *a = gsl_matrix_alloc(k, k), *z = gsl_matrix_alloc(k, k);
    gsl_permutation *perm = gsl_permutation_alloc(k);
    int rc = REGIO_OK;
    if (!a || !z || !perm) { rc = DYN_OOM(err); goto done; }
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++) gsl_matrix_set(a, i, j, (i == j ? 1.0 : 0.0) - p[i * k + j] + pi[j]);
    if (!lu_ok(a, perm)) {
        rc = regio_error_set(err, REGIO_EINTERNAL, "基本矩阵 I − P + 1π 奇异（%zu 个状态）",
                             "the fundamental matrix I − P + 1π is singular (%zu states)", k);
        goto done;
    }
    gsl_linalg_LU_invert(a, perm, z);
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++)
            mfpt[i * k + j] = i == j ? 1.0 / pi[i] : (gsl_matrix_get(z, j, j) - gsl_matrix_get(z, i, j)) / pi[j];
done:
    gsl_matrix_free(a);
    gsl_matrix_free(z);
    gsl_permutation_free(perm);
    return rc;
}

int regio_chain_from_counts(size_t k, const double *counts, regio_chain **out, regio_error *err) {
    *out = NULL;
    if (k == 0) return regio_error_set(err, REGIO_EINVAL, "马尔可夫链至少要有 1 个状态", "a Markov chain needs at least 1 state");
    for (size_t v = 0; v < k * k; v++)
        if (!isfinite(counts[v]) || counts[v] < 0)
            return regio_error_set(err, REGIO_EINVAL, "转移计数（%zu 行 %zu 列）必须是非负有限数，实为 %g",
                                   "transition count (row %zu, column %zu) must be a non-negative finite number, not %g",
                                   v / k + 1, v % k + 1, counts[v]);
    regio_chain *c = calloc(1, sizeof *c);
    unsigned char *reach = calloc(k * k, 1);
    size_t *idx = malloc(k * sizeof *idx);
    double *pi = malloc(k * sizeof *pi);
    int rc = REGIO_OK;
    if (!c || !reach || !idx || !pi) { rc = DYN_OOM(err); goto fail; }
    c->k = k;
    c->counts = malloc(k * k * sizeof *c->counts);
    c->p = calloc(k * k, sizeof *c->p);
    c->empty = calloc(k, 1);
    c->closed = malloc(k * sizeof *c->closed);
    c->sojourn = malloc(k * sizeof *c->sojourn);
    if (!c->counts || !c->p || !c->empty || !c->closed || !c->sojourn) { rc = DYN_OOM(err); goto fail; }
    memcpy(c->counts, counts, k * k * sizeof *counts);
    for (size_t i = 0; i < k; i++) {
        double s = 0;
        for (size_t j = 0; j < k; j++) s += counts[i * k + j];
        c->closed[i] = SIZE_MAX;
        if (s == 0) {
            c->empty[i] = 1;
            c->nempty++;
            c->sojourn[i] = NAN;
            continue;
        }
        for (size_t j = 0; j < k; j++) c->p[i * k + j] = counts[i * k + j] / s;
        double stay = c->p[i * k + i];
        c->sojourn[i] = stay >= 1.0 ? INFINITY : 1.0 / (1.0 - stay);
    }
    /* transitive closure of the one-step graph (every state reaches itself) */
    for (size_t i = 0; i < k; i++) {
        reach[i * k + i] = 1;
        for (size_t j = 0; j < k; j++)
            if (c->p[i * k + j] > 0) reach[i * k + j] = 1;
    }
    for (size_t h = 0; h < k; h++)
        for (size_t i = 0; i < k; i++)
            if (reach[i * k + h])
                for (size_t j = 0; j < k; j++)
                    if (reach[h * k + j]) reach[i * k + j] = 1;
    /* a non-empty state i is in a closed class when everything it reaches reaches it back and is non-empty */
    size_t *rep = idx; /* reuse: representative (smallest member) of each closed class found */
    for (size_t i = 0; i < k; i++) {
        if (c->empty[i] || c->closed[i] != SIZE_MAX) continue;
        int closed = 1;
        for (size_t j = 0; j < k && closed; j++)
            if (reach[i * k + j] && (!reach[j * k + i] || c->empty[j])) closed = 0;
        if (!closed) continue;
        for (size_t j = 0; j < k; j++)
            if (reach[i * k + j]) c->closed[j] = c->nclosed;
        rep[c->nclosed++] = i;
    }
    c->steady = calloc(c->nclosed ? c->nclosed * k : 1, sizeof *c->steady);
    if (!c->steady) { rc = DYN_OOM(err); goto fail; }
    size_t *members = malloc(k * sizeof *members);
    if (!members) { rc = DYN_OOM(err); goto fail; }
    for (size_t cl = 0; cl < c->nclosed && !rc; cl++) {
        size_t m = 0;
        for (size_t j = 0; j < k; j++)
            if (c->closed[j] == cl) members[m++] = j;
        rc = stationary(c->p, k, members, m, pi, err);
        for (size_t a = 0; a < m && !rc; a++) c->steady[cl * k + members[a]] = pi[a];
    }
    free(members);
    if (rc) goto fail;
    c->ergodic = c->nclosed == 1 && c->nempty == 0;
    for (size_t j = 0; j < k && c->ergodic; j++)
        if (c->closed[j] != 0) c->ergodic = 0;
    if (c->ergodic) {
        c->mfpt = malloc(k * k * sizeof *c->mfpt);
        if (!c->mfpt) { rc = DYN_OOM(err); goto fail; }
        rc = mean_passage(c->p, k, c->steady, c->mfpt, err);
        if (rc) goto fail;
    }
    free(reach);
    free(idx);
    free(pi);
    *out = c;
    return REGIO_OK;
fail:
    free(reach);
    free(idx);
    free(pi);
    regio_chain_free(c);
    return rc;
}
