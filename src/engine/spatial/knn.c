/* knn.c — weights from points: k nearest neighbours and distance band (include/regio/weights_build.h).
 *
 * Why this way: one k-d tree serves both metrics. Plane points are (x, y, 0); longitude/latitude points
 * become unit vectors on the sphere, where the chord length orders pairs exactly as the great-circle
 * distance does, so nearest-by-chord is nearest-by-arc. The tree is implicit (a permutation of the points,
 * median split on the widest coordinate, leaves of up to LEAF points): O(n log n) to build, O(log n + k)
 * per query. Candidates are ordered by (distance, index), which is the stated tie rule: at equal distance
 * the lower index comes first. Reported distances are the metric's own (Euclidean, or haversine km).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "regio/weights_build.h"

#define OOM(err) regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory")
#define LEAF 8
#define DEG (3.14159265358979323846 / 180.0)

typedef struct { double p[3]; size_t i; } kpt;

typedef struct {
    kpt *pt;             /* n points in tree order */
    unsigned char *dim;  /* split coordinate at each internal node's median position */
    size_t n;
} kdtree;

double regio_distance(regio_metric metric, double x1, double y1, double x2, double y2) {
    if (metric == REGIO_DIST_EUCLIDEAN) {
        double dx = x2 - x1, dy = y2 - y1;
        return sqrt(dx * dx + dy * dy);
    }
    double p1 = y1 * DEG, p2 = y2 * DEG, dp = p2 - p1, dl = (x2 - x1) * DEG;
    double s = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);
    if (s > 1) s = 1;
    return 2 * REGIO_EARTH_RADIUS_KM * asin(sqrt(s));
}

static int check_points(const double *x, const double *y, size_t n, regio_metric metric, regio_error *err) {
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]) || !isfinite(y[i]))
            return regio_error_set(err, REGIO_EINVAL, "第 %zu 个点的坐标不是有限数", "point %zu has a coordinate that is not finite", i);
        if (metric == REGIO_DIST_GREAT_CIRCLE && (y[i] < -90 || y[i] > 90))
            return regio_error_set(err, REGIO_EINVAL, "第 %zu 个点的纬度 %g 不在 [-90, 90] 内", "point %zu has latitude %g outside [-90, 90]", i,
                                   y[i]);
    }
    return REGIO_OK;
}

/* puts the element of rank k (by coordinate d) of a[0..n) at a[k], smaller-or-equal before it */
static void select_k(kpt *a, size_t n, size_t k, int d) {
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        double pivot = a[lo + (hi - lo) / 2].p[d];
        size_t i = lo, j = hi;
        while (i <= j) {
            while (a[i].p[d] < pivot) i++;
            while (a[j].p[d] > pivot) j--;
            if (i <= j) {
                kpt t = a[i]; a[i] = a[j]; a[j] = t;
                i++;
                if (j == 0) break;
                j--;
            }
        }
        if (k <= j) hi = j;
        else if (k >= i) lo = i;
        else return;
    }
}

static void build(kdtree *t, size_t lo, size_t hi) {
    while (hi - lo > LEAF) {
        double mn[3], mx[3];
        for (int d = 0; d < 3; d++) mn[d] = mx[d] = t->pt[lo].p[d];
        for (size_t k = lo + 1; k < hi; k++)
            for (int d = 0; d < 3; d++) {
                if (t->pt[k].p[d] < mn[d]) mn[d] = t->pt[k].p[d];
                if (t->pt[k].p[d] > mx[d]) mx[d] = t->pt[k].p[d];
            }
        int d = 0;
        for (int e = 1; e < 3; e++)
            if (mx[e] - mn[e] > mx[d] - mn[d]) d = e;
        size_t mid = lo + (hi - lo) / 2;
        select_k(t->pt + lo, hi - lo, mid - lo, d);
        t->dim[mid] = (unsigned char)d;
        build(t, lo, mid);
        lo = mid + 1; /* the right half in this loop */
    }
}

static int tree_new(const double *x, const double *y, size_t n, regio_metric metric, kdtree *t) {
    t->n = n;
    t->pt = malloc((n ? n : 1) * sizeof *t->pt);
    t->dim = calloc(n ? n : 1, 1);
    if (!t->pt || !t->dim) { free(t->pt); free(t->dim); return -1; }
    for (size_t i = 0; i < n; i++) {
        if (metric == REGIO_DIST_EUCLIDEAN) {
            t->pt[i] = (kpt){{x[i], y[i], 0}, i};
        } else {
            double la = y[i] * DEG, lo = x[i] * DEG;
            t->pt[i] = (kpt){{cos(la) * cos(lo), cos(la) * sin(lo), sin(la)}, i};
        }
    }
    build(t, 0, n);
    return 0;
}

static void tree_free(kdtree *t) {
    free(t->pt);
    free(t->dim);
}

static double d2(const double *a, const double *b) {
    double dx = a[0] - b[0], dy = a[1] - b[1], dz = a[2] - b[2];
    return dx * dx + dy * dy + dz * dz;
}

/* ---------------------------------------------------------------- k nearest */

typedef struct { double d; size_t i; } cand;

typedef struct {
    const kdtree *t;
    const double *q;
    size_t self, k, count;
    cand *best; /* count ≤ k, ascending by (d, i) */
} knn_query;

static void consider(knn_query *s, const kpt *p) {
    if (p->i == s->self) return;
    double d = d2(s->q, p->p);
    if (s->count == s->k) {
        cand *w = &s->best[s->k - 1];
        if (d > w->d || (d == w->d && p->i > w->i)) return;
    } else {
        s->count++;
    }
    size_t j = s->count - 1;
    while (j > 0 && (s->best[j - 1].d > d || (s->best[j - 1].d == d && s->best[j - 1].i > p->i))) {
        s->best[j] = s->best[j - 1];
        j--;
    }
    s->best[j] = (cand){d, p->i};
}

static void knn_search(knn_query *s, size_t lo, size_t hi) {
    while (hi - lo > LEAF) {
        size_t mid = lo + (hi - lo) / 2;
        const kpt *m = &s->t->pt[mid];
        int d = s->t->dim[mid];
        double diff = s->q[d] - m->p[d];
        consider(s, m);
        size_t nlo = diff < 0 ? lo : mid + 1, nhi = diff < 0 ? mid : hi;
        size_t flo = diff < 0 ? mid + 1 : lo, fhi = diff < 0 ? hi : mid;
        knn_search(s, nlo, nhi);
        if (s->count == s->k && diff * diff > s->best[s->k - 1].d) return;
        lo = flo;
        hi = fhi;
    }
    for (size_t k = lo; k < hi; k++) consider(s, &s->t->pt[k]);
}

static int weight_of(double dist, double alpha, size_t i, size_t j, double *w, regio_error *err) {
    if (alpha == 0) { *w = 1; return REGIO_OK; }
    if (dist == 0 && alpha < 0)
        return regio_error_set(err, REGIO_EINVAL, "点 %zu 与点 %zu 重合，距离为 0，无法取负幂权重",
                               "points %zu and %zu coincide: distance 0 has no negative power for a weight", i, j);
    *w = pow(dist, alpha);
    return REGIO_OK;
}

int regio_weights_knn(const double *x, const double *y, size_t n, size_t k, regio_metric metric, double alpha,
                      regio_weights **out, regio_error *err) {
    *out = NULL;
    if (n > 0 && k >= n)
        return regio_error_set(err, REGIO_EINVAL, "近邻数 k = %zu 必须小于点数 %zu", "k = %zu must be less than the number of points (%zu)", k,
                               n);
    if (k == 0)
        return regio_error_set(err, REGIO_EINVAL, "近邻数 k 必须至少为 1（k = %zu）", "k must be at least 1 (k = %zu)", k);
    if (!isfinite(alpha)) return regio_error_set(err, REGIO_EINVAL, "距离幂 %g 不是有限数", "distance power %g is not finite", alpha);
    int rc = check_points(x, y, n, metric, err);
    if (rc) return rc;
    kdtree t;
    if (tree_new(x, y, n, metric, &t)) return OOM(err);
    /* every row has exactly k links, so the CSR is filled directly (row i at i·k, sorted by neighbour);
     * the queries run in tree order, which keeps the tree's memory warm */
    regio_weights *w = calloc(1, sizeof *w);
    cand *best = malloc(k * sizeof *best);
    if (!w || !best) { rc = OOM(err); goto done; }
    w->n = n;
    w->transform = REGIO_W_ORIGINAL;
    w->offsets = malloc((n + 1) * sizeof *w->offsets);
    size_t m = n > 0 ? n * k : 1;
    w->neighbours = malloc(m * sizeof *w->neighbours);
    w->values = malloc(m * sizeof *w->values);
    if (!w->offsets || !w->neighbours || !w->values) { rc = OOM(err); goto done; }
    for (size_t i = 0; i <= n; i++) w->offsets[i] = i * k;
    for (size_t p = 0; p < n && !rc; p++) {
        const kpt *q = &t.pt[p];
        knn_query s = {&t, q->p, q->i, k, 0, best};
        knn_search(&s, 0, n);
        size_t i = q->i, *nb = w->neighbours + i * k;
        for (size_t r = 0; r < k; r++) { /* insertion sort by index */
            size_t j = best[r].i, a = r;
            while (a > 0 && nb[a - 1] > j) { nb[a] = nb[a - 1]; a--; }
            nb[a] = j;
        }
        for (size_t r = 0; r < k && !rc; r++) {
            size_t j = nb[r];
            rc = weight_of(regio_distance(metric, x[i], y[i], x[j], y[j]), alpha, i, j, &w->values[i * k + r], err);
        }
    }
done:
    free(best);
    tree_free(&t);
    if (rc) { regio_weights_free(w); return rc; }
    *out = w;
    return REGIO_OK;
}

/* ---------------------------------------------------------------- distance band */

typedef struct { size_t *i, *j; double *w; size_t n, cap; } elist;

static int elist_push(elist *l, size_t i, size_t j, double w) {
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 1024;
        size_t *a = realloc(l->i, cap * sizeof *a);
        if (!a) return -1;
        l->i = a;
        size_t *b = realloc(l->j, cap * sizeof *b);
        if (!b) return -1;
        l->j = b;
        double *c = realloc(l->w, cap * sizeof *c);
        if (!c) return -1;
        l->w = c;
        l->cap = cap;
    }
    l->i[l->n] = i;
    l->j[l->n] = j;
    l->w[l->n++] = w;
    return 0;
}

typedef struct {
    const kdtree *t;
    const double *q, *x, *y;
    size_t self;
    double bound2, threshold, alpha;
    regio_metric metric;
    elist *out;
    int rc;
    regio_error *err;
} band_query;

static void band_consider(band_query *s, const kpt *p) {
    if (s->rc || p->i == s->self || d2(s->q, p->p) > s->bound2) return;
    size_t i = s->self, j = p->i;
    double dist = regio_distance(s->metric, s->x[i], s->y[i], s->x[j], s->y[j]);
    if (dist > s->threshold) return;
    double w = 1;
    if ((s->rc = weight_of(dist, s->alpha, i, j, &w, s->err))) return;
    if (elist_push(s->out, i, j, w)) s->rc = OOM(s->err);
}

static void band_search(band_query *s, size_t lo, size_t hi) {
    while (hi - lo > LEAF && !s->rc) {
        size_t mid = lo + (hi - lo) / 2;
        const kpt *m = &s->t->pt[mid];
        int d = s->t->dim[mid];
        double diff = s->q[d] - m->p[d];
        band_consider(s, m);
        if (diff <= 0 || diff * diff <= s->bound2) band_search(s, lo, mid);
        if (diff >= 0 || diff * diff <= s->bound2) { lo = mid + 1; continue; }
        return;
    }
    for (size_t k = lo; k < hi; k++) band_consider(s, &s->t->pt[k]);
}

int regio_weights_band(const double *x, const double *y, size_t n, double threshold, regio_metric metric,
                       double alpha, regio_weights **out, regio_error *err) {
    *out = NULL;
    if (!(threshold >= 0) || !isfinite(threshold))
        return regio_error_set(err, REGIO_EINVAL, "距离阈值 %g 必须是非负有限数", "the distance threshold %g must be finite and >= 0", threshold);
    if (!isfinite(alpha)) return regio_error_set(err, REGIO_EINVAL, "距离幂 %g 不是有限数", "distance power %g is not finite", alpha);
    int rc = check_points(x, y, n, metric, err);
    if (rc) return rc;
    /* squared bound in tree space, a hair wide: the exact test is on the metric's distance */
    double bound2;
    if (metric == REGIO_DIST_EUCLIDEAN) {
        bound2 = threshold * threshold * (1 + 1e-9) + 1e-300;
    } else {
        double theta = threshold / REGIO_EARTH_RADIUS_KM;
        double chord = theta >= 3.14159265358979 ? 2.0 : 2 * sin(theta / 2);
        bound2 = chord * chord * (1 + 1e-9) + 1e-15;
    }
    kdtree t;
    if (tree_new(x, y, n, metric, &t)) return OOM(err);
    elist l = {0};
    band_query s = {&t, NULL, x, y, 0, bound2, threshold, alpha, metric, &l, REGIO_OK, err};
    for (size_t p = 0; p < n && !s.rc; p++) {
        s.q = t.pt[p].p;
        s.self = t.pt[p].i;
        band_search(&s, 0, n);
    }
    rc = s.rc;
    if (!rc) rc = regio_weights_from_edges(n, l.i, l.j, l.w, l.n, out, err);
    free(l.i);
    free(l.j);
    free(l.w);
    tree_free(&t);
    return rc;
}
