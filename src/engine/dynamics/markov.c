/* markov.c — the classic (Quah 1993) Markov chain of a panel: class every value (classify.c), count the
 * transitions between consecutive years pooled over all pairs and units, and hand the counts to chain.c.
 * Matches giddy.markov.Markov(class_ids) on the same class ids. */
#include <stdlib.h>
#include <string.h>

#include "engine/dynamics/dynamics_internal.h"

void regio_markov_free(regio_markov *m) {
    if (!m) return;
    free(m->classes);
    free(m->cutoffs);
    regio_chain_free(m->chain);
    free(m);
}

static int from_classes(regio_markov *m, regio_error *err) {
    size_t n = m->n, k = m->k;
    double *counts = calloc(k * k, sizeof *counts);
    if (!counts) return DYN_OOM(err);
    for (size_t t = 0; t + 1 < m->nyears; t++)
        for (size_t i = 0; i < n; i++) counts[m->classes[t * n + i] * k + m->classes[(t + 1) * n + i]] += 1;
    int rc = regio_chain_from_counts(k, counts, &m->chain, err);
    free(counts);
    return rc;
}

int regio_markov_from_classes(size_t n, size_t nyears, const size_t *cls, size_t k, regio_markov **out,
                              regio_error *err) {
    *out = NULL;
    if (n == 0 || nyears < 2)
        return regio_error_set(err, REGIO_EINVAL, "马尔可夫链至少需要 1 个单元和 2 年（现有 %zu 个单元，%zu 年）",
                               "a Markov chain needs at least 1 unit and 2 years (got %zu units, %zu years)", n, nyears);
    if (k == 0) return regio_error_set(err, REGIO_EINVAL, "分类数至少为 1", "at least 1 class is needed");
    for (size_t v = 0; v < n * nyears; v++)
        if (cls[v] >= k)
            return regio_error_set(err, REGIO_EINVAL, "第 %zu 个单元在第 %zu 年的类别 %zu 超出范围（共 %zu 类）",
                                   "unit %zu in year %zu has class %zu, outside the %zu classes", v % n + 1, v / n + 1,
                                   cls[v], k);
    regio_markov *m = calloc(1, sizeof *m);
    if (!m) return DYN_OOM(err);
    m->n = n;
    m->nyears = nyears;
    m->k = k;
    m->classes = malloc(n * nyears * sizeof *m->classes);
    if (!m->classes) { regio_markov_free(m); return DYN_OOM(err); }
    memcpy(m->classes, cls, n * nyears * sizeof *cls);
    int rc = from_classes(m, err);
    if (rc) { regio_markov_free(m); return rc; }
    *out = m;
    return REGIO_OK;
}

int regio_markov_estimate(size_t n, size_t nyears, const double *y, const regio_class_opts *opts, regio_markov **out,
                 regio_error *err) {
    *out = NULL;
    if (n == 0 || nyears < 2)
        return regio_error_set(err, REGIO_EINVAL, "马尔可夫链至少需要 1 个单元和 2 年（现有 %zu 个单元，%zu 年）",
                               "a Markov chain needs at least 1 unit and 2 years (got %zu units, %zu years)", n, nyears);
    if (!opts || opts->k < 2) return regio_error_set(err, REGIO_EINVAL, "分类数至少为 2", "at least 2 classes are needed");
    regio_markov *m = calloc(1, sizeof *m);
    if (!m) return DYN_OOM(err);
    m->n = n;
    m->nyears = nyears;
    m->k = opts->k;
    m->ncutsets = opts->mode == REGIO_CLASS_QUANTILE_YEAR ? nyears : 1;
    m->classes = malloc(n * nyears * sizeof *m->classes);
    m->cutoffs = malloc(m->ncutsets * (m->k - 1) * sizeof *m->cutoffs);
    if (!m->classes || !m->cutoffs) { regio_markov_free(m); return DYN_OOM(err); }
    int rc = regio_classify(n, nyears, y, opts, m->classes, m->cutoffs, err);
    if (!rc) rc = from_classes(m, err);
    if (rc) { regio_markov_free(m); return rc; }
    *out = m;
    return REGIO_OK;
}
