/* weights.c — the CSR spatial weights every spatial statistic takes (see include/regio/weights.h):
 * building from an edge list (counting sort by origin, then a sort of each row: O(E log d)), transforms,
 * islands, symmetry, spatial lag. Builders from polygons, points and files produce edge lists and end here. */
#include "regio/weights.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define OOM(err) regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory")

typedef struct { size_t j; double w; } link;

static int cmp_link(const void *a, const void *b) {
    const link *x = a, *y = b;
    return (x->j > y->j) - (x->j < y->j);
}

static regio_weights *alloc_weights(size_t n, size_t nnz) {
    regio_weights *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->n = n;
    w->offsets = n < SIZE_MAX ? calloc(n + 1, sizeof *w->offsets) : NULL; /* n + 1 must not wrap to 0 */
    w->neighbours = malloc((nnz ? nnz : 1) * sizeof *w->neighbours);
    w->values = malloc((nnz ? nnz : 1) * sizeof *w->values);
    if (!w->offsets || !w->neighbours || !w->values) { regio_weights_free(w); return NULL; }
    return w;
}

int regio_weights_from_edges(size_t n, const size_t *ei, const size_t *ej, const double *ew, size_t m,
                             regio_weights **out, regio_error *err) {
    *out = NULL;
    for (size_t e = 0; e < m; e++) {
        if (ei[e] >= n || ej[e] >= n)
            return regio_error_set(err, REGIO_EINVAL, "第 %zu 条邻接关系 %zu→%zu 超出单元范围（共 %zu 个单元）",
                                   "link %zu (%zu→%zu) is outside the %zu units", e + 1, ei[e], ej[e], n);
        if (ei[e] == ej[e])
            return regio_error_set(err, REGIO_EINVAL, "第 %zu 条邻接关系是单元 %zu 到自身", "link %zu joins unit %zu to itself",
                                   e + 1, ei[e]);
    }
    regio_weights *w = alloc_weights(n, m);
    link *tmp = malloc((m ? m : 1) * sizeof *tmp);
    if (!w || !tmp) { regio_weights_free(w); free(tmp); return OOM(err); }
    for (size_t e = 0; e < m; e++) w->offsets[ei[e] + 1]++;
    for (size_t i = 0; i < n; i++) w->offsets[i + 1] += w->offsets[i];
    size_t *fill = malloc((n ? n : 1) * sizeof *fill);
    if (!fill) { regio_weights_free(w); free(tmp); return OOM(err); }
    memcpy(fill, w->offsets, n * sizeof *fill);
    for (size_t e = 0; e < m; e++) tmp[fill[ei[e]]++] = (link){ej[e], ew ? ew[e] : 1.0};
    free(fill);
    for (size_t i = 0; i < n; i++) {
        size_t a = w->offsets[i], b = w->offsets[i + 1];
        qsort(tmp + a, b - a, sizeof *tmp, cmp_link);
        for (size_t k = a; k < b; k++) {
            if (k > a && tmp[k].j == tmp[k - 1].j) {
                regio_error_set(err, REGIO_EINVAL, "邻接关系 %zu→%zu 重复", "link %zu→%zu is given twice", i, tmp[k].j);
                regio_weights_free(w);
                free(tmp);
                return REGIO_EINVAL;
            }
            w->neighbours[k] = tmp[k].j;
            w->values[k] = tmp[k].w;
        }
    }
    free(tmp);
    *out = w;
    return REGIO_OK;
}

void regio_weights_free(regio_weights *w) {
    if (!w) return;
    if (w->ids)
        for (size_t i = 0; i < w->n; i++) free(w->ids[i]);
    free(w->ids);
    free(w->offsets);
    free(w->neighbours);
    free(w->values);
    free(w);
}

int regio_weights_transform(const regio_weights *w, regio_wtransform t, regio_weights **out, regio_error *err) {
    size_t nnz = w->offsets[w->n];
    regio_weights *c = alloc_weights(w->n, nnz);
    if (!c) return OOM(err);
    memcpy(c->offsets, w->offsets, (w->n + 1) * sizeof *c->offsets);
    memcpy(c->neighbours, w->neighbours, nnz * sizeof *c->neighbours);
    memcpy(c->values, w->values, nnz * sizeof *c->values);
    if (w->ids) {
        c->ids = calloc(w->n, sizeof *c->ids);
        if (!c->ids) { regio_weights_free(c); return OOM(err); }
        for (size_t i = 0; i < w->n; i++)
            if (w->ids[i] && !(c->ids[i] = strdup(w->ids[i]))) { regio_weights_free(c); return OOM(err); }
    }
    c->transform = t;
    if (t == REGIO_W_ROW) {
        for (size_t i = 0; i < w->n; i++) {
            double s = 0;
            for (size_t k = c->offsets[i]; k < c->offsets[i + 1]; k++) s += c->values[k];
            if (s != 0)
                for (size_t k = c->offsets[i]; k < c->offsets[i + 1]; k++) c->values[k] /= s;
        }
    }
    *out = c;
    return REGIO_OK;
}

size_t regio_weights_islands(const regio_weights *w, size_t *islands) {
    size_t n = 0;
    for (size_t i = 0; i < w->n; i++)
        if (w->offsets[i] == w->offsets[i + 1]) {
            if (islands) islands[n] = i;
            n++;
        }
    return n;
}

/* value of link i→j, found by binary search in i's sorted row; returns 0 when absent */
static int find_link(const regio_weights *w, size_t i, size_t j, double *v) {
    size_t lo = w->offsets[i], hi = w->offsets[i + 1];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (w->neighbours[mid] == j) { *v = w->values[mid]; return 1; }
        if (w->neighbours[mid] < j) lo = mid + 1; else hi = mid;
    }
    return 0;
}

int regio_weights_symmetric(const regio_weights *w) {
    for (size_t i = 0; i < w->n; i++)
        for (size_t k = w->offsets[i]; k < w->offsets[i + 1]; k++) {
            double v;
            if (!find_link(w, w->neighbours[k], i, &v) || v != w->values[k]) return 0;
        }
    return 1;
}

int regio_weights_symmetrise(const regio_weights *w, regio_weights **out, size_t *added, regio_error *err) {
    *out = NULL;
    *added = 0;
    size_t n = w->n, m = w->offsets[n], extra = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t k = w->offsets[i]; k < w->offsets[i + 1]; k++) {
            double v;
            extra += !find_link(w, w->neighbours[k], i, &v);
        }
    size_t total = m + extra, e = 0;
    size_t *ei = calloc(total ? total : 1, sizeof *ei), *ej = calloc(total ? total : 1, sizeof *ej);
    double *ew = calloc(total ? total : 1, sizeof *ew);
    char **ids = w->ids ? calloc(n, sizeof *ids) : NULL;
    int rc = ei && ej && ew && (!w->ids || ids) ? REGIO_OK : OOM(err);
    for (size_t i = 0; !rc && i < n; i++)
        for (size_t k = w->offsets[i]; k < w->offsets[i + 1]; k++) {
            size_t j = w->neighbours[k];
            double v;
            ei[e] = i;
            ej[e] = j;
            ew[e] = w->values[k];
            e++;
            if (!find_link(w, j, i, &v)) {
                ei[e] = j;
                ej[e] = i;
                ew[e] = w->values[k];
                e++;
            }
        }
    if (!rc) rc = regio_weights_from_edges(n, ei, ej, ew, e, out, err);
    for (size_t i = 0; !rc && ids && i < n; i++)
        if (!(ids[i] = strdup(w->ids[i]))) rc = OOM(err);
    if (!rc) {
        (*out)->ids = ids;
        (*out)->transform = w->transform;
        ids = NULL;
        *added = extra;
    } else {
        regio_weights_free(*out);
        *out = NULL;
    }
    if (ids)
        for (size_t i = 0; i < n; i++) free(ids[i]);
    free(ids);
    free(ei);
    free(ej);
    free(ew);
    return rc;
}

typedef struct { const char *id; size_t index; } id_ref;

static int cmp_id_ref(const void *a, const void *b) { return strcmp(((const id_ref *)a)->id, ((const id_ref *)b)->id); }

int regio_weights_select(const regio_weights *w, const char *const *ids, size_t n, regio_weights **out,
                         size_t *unknown, regio_error *err) {
    *out = NULL;
    *unknown = 0;
    if (!w->ids) return regio_error_set(err, REGIO_EINVAL, "空间权重没有单元编码，无法按编码选取", "the weights have no unit ids to select by");
    /* old index → new index through the ids, sorted once */
    id_ref *refs = malloc((w->n ? w->n : 1) * sizeof *refs);
    long *map = malloc((w->n ? w->n : 1) * sizeof *map);
    size_t m = 0, cap = w->offsets[w->n];
    size_t *ei = malloc((cap ? cap : 1) * sizeof *ei), *ej = malloc((cap ? cap : 1) * sizeof *ej);
    double *ev = malloc((cap ? cap : 1) * sizeof *ev);
    int rc = REGIO_OK;
    if (!refs || !map || !ei || !ej || !ev) { rc = OOM(err); goto out; }
    for (size_t i = 0; i < w->n; i++) { refs[i] = (id_ref){w->ids[i], i}; map[i] = -1; }
    qsort(refs, w->n, sizeof *refs, cmp_id_ref);
    for (size_t k = 0; k < n; k++) {
        id_ref key = {ids[k], 0};
        id_ref *hit = bsearch(&key, refs, w->n, sizeof *refs, cmp_id_ref);
        if (hit) map[hit->index] = (long)k; else (*unknown)++;
    }
    for (size_t i = 0; i < w->n; i++) {
        if (map[i] < 0) continue;
        for (size_t k = w->offsets[i]; k < w->offsets[i + 1]; k++) {
            long j = map[w->neighbours[k]];
            if (j < 0) continue;
            ei[m] = (size_t)map[i];
            ej[m] = (size_t)j;
            ev[m] = w->values[k];
            m++;
        }
    }
    if ((rc = regio_weights_from_edges(n, ei, ej, ev, m, out, err))) goto out;
    (*out)->transform = w->transform;
    (*out)->ids = calloc(n ? n : 1, sizeof *(*out)->ids);
    if (!(*out)->ids) { rc = OOM(err); goto out; }
    for (size_t k = 0; k < n; k++)
        if (!((*out)->ids[k] = strdup(ids[k]))) { rc = OOM(err); goto out; }
out:
    if (rc) { regio_weights_free(*out); *out = NULL; }
    free(refs); free(map); free(ei); free(ej); free(ev);
    return rc;
}

void regio_weights_lag(const regio_weights *w, const double *x, double *lag) {
    for (size_t i = 0; i < w->n; i++) {
        double s = 0;
        for (size_t k = w->offsets[i]; k < w->offsets[i + 1]; k++) s += w->values[k] * x[w->neighbours[k]];
        lag[i] = s;
    }
}
