/* contiguity.c — queen and rook contiguity from polygons (include/regio/weights_build.h), and its
 * aggregation to groups.
 *
 * Why this way: contiguity is a property of shared vertices, so it is found by sorting, never by testing
 * polygon against polygon. All vertices are sorted once by coordinate (exact match), or by snapping cell
 * with union-find over the 3×3 neighbouring cells (tolerance): each distinct point becomes a node.
 * Queen: the (node, unit) pairs, sorted; units meeting at a node neighbour. Rook: the (node, node, unit)
 * triples of ring segments, sorted; units sharing a segment neighbour. O(V log V) for V vertices.
 * Polygons come from GDAL/OGR (anything it opens); multipolygons and holes are just more rings of the unit.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gdal.h>
#include <ogr_api.h>
#include <cpl_error.h>

#include "core/util.h"
#include "io/gdal_internal.h"
#include "regio/weights_build.h"

#define OOM(err) regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory")

/* ---------------------------------------------------------------- links: a growable list of pairs */

typedef struct { size_t a, b; } pair;
typedef struct { pair *v; size_t n, cap; } pairs;

static int pairs_push(pairs *p, size_t a, size_t b) {
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 1024;
        pair *v = realloc(p->v, cap * sizeof *v);
        if (!v) return -1;
        p->v = v;
        p->cap = cap;
    }
    p->v[p->n++] = (pair){a, b};
    return 0;
}

static int cmp_pair(const void *x, const void *y) {
    const pair *p = x, *q = y;
    if (p->a != q->a) return p->a < q->a ? -1 : 1;
    return (p->b > q->b) - (p->b < q->b);
}

/* sorts, drops repeats, and builds binary weights */
static int pairs_to_weights(size_t n, pairs *p, regio_weights **out, regio_error *err) {
    if (p->n) qsort(p->v, p->n, sizeof *p->v, cmp_pair);
    size_t m = 0;
    for (size_t k = 0; k < p->n; k++)
        if (m == 0 || cmp_pair(&p->v[k], &p->v[m - 1]) != 0) p->v[m++] = p->v[k];
    size_t *ei = malloc((m ? m : 1) * sizeof *ei), *ej = malloc((m ? m : 1) * sizeof *ej);
    if (!ei || !ej) { free(ei); free(ej); return OOM(err); }
    for (size_t k = 0; k < m; k++) { ei[k] = p->v[k].a; ej[k] = p->v[k].b; }
    int rc = regio_weights_from_edges(n, ei, ej, NULL, m, out, err);
    free(ei);
    free(ej);
    return rc;
}

/* ---------------------------------------------------------------- vertices → nodes */

typedef struct { double x, y; size_t v; } vtx;
typedef struct { int64_t cx, cy; double x, y; size_t v; } cvtx;

static int cmp_vtx(const void *a, const void *b) {
    const vtx *p = a, *q = b;
    if (p->x != q->x) return p->x < q->x ? -1 : 1;
    if (p->y != q->y) return p->y < q->y ? -1 : 1;
    return (p->v > q->v) - (p->v < q->v);
}

static int cmp_cvtx(const void *a, const void *b) {
    const cvtx *p = a, *q = b;
    if (p->cx != q->cx) return p->cx < q->cx ? -1 : 1;
    if (p->cy != q->cy) return p->cy < q->cy ? -1 : 1;
    return (p->v > q->v) - (p->v < q->v);
}

static size_t uf_find(size_t *parent, size_t v) {
    while (parent[v] != v) {
        parent[v] = parent[parent[v]];
        v = parent[v];
    }
    return v;
}

static void uf_union(size_t *parent, size_t a, size_t b) {
    a = uf_find(parent, a);
    b = uf_find(parent, b);
    if (a < b) parent[b] = a; else if (b < a) parent[a] = b;
}

/* first position in c[0..nv) whose cell is >= (cx, cy) */
static size_t cell_lower(const cvtx *c, size_t nv, int64_t cx, int64_t cy) {
    size_t lo = 0, hi = nv;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c[mid].cx < cx || (c[mid].cx == cx && c[mid].cy < cy)) lo = mid + 1; else hi = mid;
    }
    return lo;
}

/* node[v] for every vertex: equal coordinates (tolerance 0) or chains of vertices within tolerance share a
 * node. Returns the number of nodes, or (size_t)-1 when out of memory. */
static size_t assign_nodes(const double *x, const double *y, size_t nv, double tol, size_t *node) {
    if (nv == 0) return 0;
    if (tol <= 0) {
        vtx *s = malloc(nv * sizeof *s);
        if (!s) return (size_t)-1;
        for (size_t v = 0; v < nv; v++) s[v] = (vtx){x[v], y[v], v};
        qsort(s, nv, sizeof *s, cmp_vtx);
        size_t id = 0;
        for (size_t k = 0; k < nv; k++) {
            if (k > 0 && (s[k].x != s[k - 1].x || s[k].y != s[k - 1].y)) id++;
            node[s[k].v] = id;
        }
        free(s);
        return id + 1;
    }
    cvtx *c = malloc(nv * sizeof *c);
    size_t *parent = malloc(nv * sizeof *parent);
    if (!c || !parent) { free(c); free(parent); return (size_t)-1; }
    for (size_t v = 0; v < nv; v++) {
        c[v] = (cvtx){(int64_t)floor(x[v] / tol), (int64_t)floor(y[v] / tol), x[v], y[v], v};
        parent[v] = v;
    }
    qsort(c, nv, sizeof *c, cmp_cvtx);
    double tol2 = tol * tol;
    for (size_t p = 0; p < nv; p++) {
        /* the same cell (later positions only), then the cells above and to the right: each pair of cells
         * within one step is visited once */
        static const int dxs[4] = {0, 1, 1, 1}, dys[4] = {1, -1, 0, 1};
        for (size_t q = p + 1; q < nv && c[q].cx == c[p].cx && c[q].cy == c[p].cy; q++) {
            double dx = c[q].x - c[p].x, dy = c[q].y - c[p].y;
            if (dx * dx + dy * dy <= tol2) uf_union(parent, c[p].v, c[q].v);
        }
        for (int d = 0; d < 4; d++) {
            int64_t cx = c[p].cx + dxs[d], cy = c[p].cy + dys[d];
            for (size_t q = cell_lower(c, nv, cx, cy); q < nv && c[q].cx == cx && c[q].cy == cy; q++) {
                double dx = c[q].x - c[p].x, dy = c[q].y - c[p].y;
                if (dx * dx + dy * dy <= tol2) uf_union(parent, c[p].v, c[q].v);
            }
        }
    }
    /* number the roots densely */
    size_t id = 0;
    for (size_t v = 0; v < nv; v++) node[v] = (size_t)-1;
    for (size_t v = 0; v < nv; v++) {
        size_t r = uf_find(parent, v);
        if (node[r] == (size_t)-1) node[r] = id++;
        node[v] = node[r];
    }
    free(c);
    free(parent);
    return id;
}

/* ---------------------------------------------------------------- contiguity from rings */

typedef struct { size_t a, b, u; } triple;

static int cmp_triple(const void *x, const void *y) {
    const triple *p = x, *q = y;
    if (p->a != q->a) return p->a < q->a ? -1 : 1;
    if (p->b != q->b) return p->b < q->b ? -1 : 1;
    return (p->u > q->u) - (p->u < q->u);
}

/* every ordered pair of distinct units in a run t[lo..hi) (sorted by u, repeats allowed) */
static int emit_run(const triple *t, size_t lo, size_t hi, pairs *links) {
    for (size_t i = lo; i < hi; i++) {
        if (i > lo && t[i].u == t[i - 1].u) continue;
        for (size_t j = lo; j < hi; j++) {
            if (t[j].u == t[i].u || (j > lo && t[j].u == t[j - 1].u)) continue;
            if (pairs_push(links, t[i].u, t[j].u)) return -1;
        }
    }
    return 0;
}

int regio_weights_contiguity_rings(const regio_rings *p, regio_contiguity kind, double tolerance,
                                   regio_weights **out, regio_error *err) {
    *out = NULL;
    if (!(tolerance >= 0) || !isfinite(tolerance))
        return regio_error_set(err, REGIO_EINVAL, "捕捉容差必须是非负有限数", "the snapping tolerance must be finite and >= 0");
    size_t nv = p->nrings ? p->ring_start[p->nrings] : 0;
    for (size_t r = 0; r < p->nrings; r++) {
        if (p->ring_unit[r] >= p->nunits)
            return regio_error_set(err, REGIO_EINVAL, "第 %zu 个环属于单元 %zu，超出单元范围（共 %zu 个）",
                                   "ring %zu belongs to unit %zu, beyond the %zu units", r, p->ring_unit[r], p->nunits);
        if (p->ring_start[r + 1] < p->ring_start[r])
            return regio_error_set(err, REGIO_EINVAL, "第 %zu 个环的起点递减", "ring %zu starts before the previous one", r + 1);
    }
    for (size_t v = 0; v < nv; v++)
        if (!isfinite(p->x[v]) || !isfinite(p->y[v]))
            return regio_error_set(err, REGIO_EINVAL, "第 %zu 个顶点的坐标不是有限数", "vertex %zu has a coordinate that is not finite", v);
    if (tolerance > 0)
        for (size_t v = 0; v < nv; v++)
            if (fabs(p->x[v] / tolerance) > 4e18 || fabs(p->y[v] / tolerance) > 4e18)
                return regio_error_set(err, REGIO_EINVAL, "捕捉容差 %g 相对坐标太小", "the snapping tolerance %g is too small for the coordinates",
                                       tolerance);

    size_t *node = malloc((nv ? nv : 1) * sizeof *node);
    if (!node) return OOM(err);
    size_t nnodes = assign_nodes(p->x, p->y, nv, tolerance, node);
    if (nnodes == (size_t)-1) { free(node); return OOM(err); }

    /* queen: (node, -, unit) per vertex; rook: (node, node, unit) per segment of distinct nodes */
    triple *t = malloc((nv ? nv : 1) * sizeof *t);
    if (!t) { free(node); return OOM(err); }
    size_t nt = 0;
    for (size_t r = 0; r < p->nrings; r++) {
        size_t s = p->ring_start[r], e = p->ring_start[r + 1], u = p->ring_unit[r];
        for (size_t k = s; k < e; k++) {
            if (kind == REGIO_CONTIG_QUEEN) {
                t[nt++] = (triple){node[k], 0, u};
            } else if (e - s >= 2) {
                size_t a = node[k], b = node[k + 1 < e ? k + 1 : s];
                if (a == b) continue;
                t[nt++] = a < b ? (triple){a, b, u} : (triple){b, a, u};
            }
        }
    }
    free(node);
    qsort(t, nt, sizeof *t, cmp_triple);
    pairs links = {0};
    int rc = REGIO_OK;
    for (size_t lo = 0; lo < nt;) {
        size_t hi = lo + 1;
        while (hi < nt && t[hi].a == t[lo].a && t[hi].b == t[lo].b) hi++;
        if (hi - lo > 1 && t[hi - 1].u != t[lo].u && emit_run(t, lo, hi, &links)) { rc = OOM(err); break; }
        lo = hi;
    }
    free(t);
    if (!rc) rc = pairs_to_weights(p->nunits, &links, out, err);
    free(links.v);
    return rc;
}

/* ---------------------------------------------------------------- polygons from OGR */

typedef struct {
    regio_polygons *p;
    size_t cap_rings, cap_v;
} poly_builder;

static int add_ring(poly_builder *b, OGRGeometryH ring, size_t unit) {
    regio_polygons *p = b->p;
    int np = OGR_G_GetPointCount(ring);
    if (np <= 0) return 0;
    size_t nv = p->ring_start[p->nrings];
    if (p->nrings + 2 > b->cap_rings) {
        size_t cap = b->cap_rings * 2 + 64;
        size_t *ru = realloc(p->ring_unit, cap * sizeof *ru);
        if (!ru) return -1;
        p->ring_unit = ru;
        size_t *rs = realloc(p->ring_start, cap * sizeof *rs);
        if (!rs) return -1;
        p->ring_start = rs;
        b->cap_rings = cap;
    }
    if (nv + (size_t)np > b->cap_v) {
        size_t cap = (b->cap_v + (size_t)np) * 2;
        double *x = realloc(p->x, cap * sizeof *x);
        if (!x) return -1;
        p->x = x;
        double *y = realloc(p->y, cap * sizeof *y);
        if (!y) return -1;
        p->y = y;
        b->cap_v = cap;
    }
    OGR_G_GetPoints(ring, p->x + nv, sizeof(double), p->y + nv, sizeof(double), NULL, 0);
    p->ring_unit[p->nrings] = unit;
    p->ring_start[++p->nrings] = nv + (size_t)np;
    return 0;
}

/* 0 ok, -1 out of memory, 1 not a polygon */
static int add_geometry(poly_builder *b, OGRGeometryH g, size_t unit) {
    OGRwkbGeometryType type = wkbFlatten(OGR_G_GetGeometryType(g));
    if (OGR_G_IsEmpty(g)) return 0;
    switch (type) {
    case wkbPolygon:
        for (int i = 0; i < OGR_G_GetGeometryCount(g); i++)
            if (add_ring(b, OGR_G_GetGeometryRef(g, i), unit)) return -1;
        return 0;
    case wkbMultiPolygon:
    case wkbGeometryCollection:
        for (int i = 0; i < OGR_G_GetGeometryCount(g); i++) {
            int rc = add_geometry(b, OGR_G_GetGeometryRef(g, i), unit);
            if (rc) return rc;
        }
        return 0;
    default:
        if (OGR_GT_IsSurface(type) || type == wkbMultiSurface) {
            OGRGeometryH lin = OGR_G_GetLinearGeometry(g, 0, NULL);
            if (!lin) return -1;
            int rc = wkbFlatten(OGR_G_GetGeometryType(lin)) == type ? 1 : add_geometry(b, lin, unit);
            OGR_G_DestroyGeometry(lin);
            return rc;
        }
        return 1;
    }
}

static int point_of(OGRGeometryH g, int on_surface, double *x, double *y) {
    *x = *y = NAN;
    if (!g || OGR_G_IsEmpty(g)) return 0;
    OGRGeometryH pt = NULL;
    if (on_surface) {
        pt = OGR_G_PointOnSurface(g);
    } else {
        pt = OGR_G_CreateGeometry(wkbPoint);
        if (pt && OGR_G_Centroid(g, pt) != OGRERR_NONE) { OGR_G_DestroyGeometry(pt); pt = NULL; }
    }
    if (!pt) return 0;
    if (!OGR_G_IsEmpty(pt)) { *x = OGR_G_GetX(pt, 0); *y = OGR_G_GetY(pt, 0); }
    OGR_G_DestroyGeometry(pt);
    return 0;
}

void regio_polygons_free(regio_polygons *p) {
    if (!p) return;
    if (p->ids)
        for (size_t i = 0; i < p->n; i++) free(p->ids[i]);
    free(p->ids);
    free(p->cx);
    free(p->cy);
    free(p->lx);
    free(p->ly);
    free(p->ring_unit);
    free(p->ring_start);
    free(p->x);
    free(p->y);
    free(p->warn_zh);
    free(p->warn_en);
    free(p);
}

regio_rings regio_polygons_rings(const regio_polygons *p) {
    return (regio_rings){p->n, p->nrings, p->ring_unit, p->ring_start, p->x, p->y};
}

/* "a, b, c" of up to 20 names into buf */
static void list_names(char *buf, size_t cap, size_t count, const char *(*name)(void *, size_t), void *ctx) {
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < count && n + 1 < cap; i++) {
        int w = i < 20 ? snprintf(buf + n, cap - n, "%s%s", i ? ", " : "", name(ctx, i))
                       : snprintf(buf + n, cap - n, ", …");
        if (w < 0) break;
        n += (size_t)w < cap - n ? (size_t)w : cap - n - 1;
        if (i >= 20) break;
    }
}

static const char *layer_name(void *ds, size_t i) { return OGR_L_GetName(GDALDatasetGetLayer(ds, (int)i)); }
static const char *field_name(void *defn, size_t i) { return OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, (int)i)); }

typedef struct { const char *id; size_t i; } id_ref;

static int cmp_id_ref(const void *a, const void *b) {
    const id_ref *p = a, *q = b;
    int c = strcmp(p->id, q->id);
    return c ? c : (p->i > q->i) - (p->i < q->i);
}

/* REGIO_EINVAL naming up to 10 repeated ids and their feature numbers (1-based) */
static int check_unique_ids(const char *path, char **ids, size_t n, regio_error *err) {
    id_ref *r = malloc((n ? n : 1) * sizeof *r);
    if (!r) return OOM(err);
    for (size_t i = 0; i < n; i++) r[i] = (id_ref){ids[i], i};
    qsort(r, n, sizeof *r, cmp_id_ref);
    char buf[1024];
    size_t len = 0, shown = 0, dups = 0;
    buf[0] = '\0';
    for (size_t k = 1; k < n; k++) {
        if (strcmp(r[k].id, r[k - 1].id) != 0) continue;
        if (k >= 2 && strcmp(r[k - 1].id, r[k - 2].id) == 0) continue; /* each repeated id once */
        dups++;
        if (shown < 10 && len + 1 < sizeof buf) {
            int w = snprintf(buf + len, sizeof buf - len, "%s%s (#%zu, #%zu)", shown ? "; " : "", r[k].id, r[k - 1].i + 1,
                             r[k].i + 1);
            if (w > 0) len += (size_t)w < sizeof buf - len ? (size_t)w : sizeof buf - len - 1;
            shown++;
        }
    }
    free(r);
    if (dups)
        return regio_error_set(err, REGIO_EINVAL, "%s：%zu 个标识重复：%s", "%s: %zu ids are repeated: %s", path, dups, buf);
    return REGIO_OK;
}

#define WARN_MAX 20

/* Appends a warning line to p (both languages) while n ≤ WARN_MAX; 0, or -1 when out of memory. */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static int warn(regio_polygons *p, size_t n, const char *fz, const char *fe, ...) {
    if (n > WARN_MAX) return 0;
    char lz[1024], le[1024];
    va_list ap, aq;
    va_start(ap, fe);
    va_copy(aq, ap);
    vsnprintf(lz, sizeof lz, fz, ap);
    vsnprintf(le, sizeof le, fe, aq);
    va_end(aq);
    va_end(ap);
    char *z = regio_asprintf("%s%s\n", p->warn_zh ? p->warn_zh : "", lz), *e = regio_asprintf("%s%s\n", p->warn_en ? p->warn_en : "", le);
    if (!z || !e) { free(z); free(e); return -1; }
    free(p->warn_zh);
    free(p->warn_en);
    p->warn_zh = z;
    p->warn_en = e;
    return 0;
}

int regio_polygons_read(const char *path, const char *layer, const char *id_field, regio_polygons **out,
                        regio_error *err) {
    *out = NULL;
    regio__gdal_init();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    CPLPopErrorHandler();
    if (!ds)
        return regio_error_set(err, REGIO_EIO, "%s：无法作为矢量数据打开（%s）", "%s: cannot be opened as vector data (%s)", path,
                               CPLGetLastErrorMsg());
    char names[1024];
    OGRLayerH lyr = NULL;
    if (GDALDatasetGetLayerCount(ds) == 0) {
        GDALClose(ds);
        return regio_error_set(err, REGIO_EINVAL, "%s：没有图层", "%s: has no layer", path);
    }
    lyr = layer ? GDALDatasetGetLayerByName(ds, layer) : GDALDatasetGetLayer(ds, 0);
    if (!lyr) {
        list_names(names, sizeof names, (size_t)GDALDatasetGetLayerCount(ds), layer_name, ds);
        regio_error_set(err, REGIO_ENOTFOUND, "%s：没有图层“%s”（现有：%s）", "%s: no layer '%s' (there are: %s)", path, layer,
                        names);
        GDALClose(ds);
        return REGIO_ENOTFOUND;
    }
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    int fi = OGR_FD_GetFieldIndex(defn, id_field);
    if (fi < 0) {
        list_names(names, sizeof names, (size_t)OGR_FD_GetFieldCount(defn), field_name, defn);
        regio_error_set(err, REGIO_ENOTFOUND, "%s：图层 %s 没有标识字段“%s”（现有字段：%s）",
                        "%s: layer %s has no id field '%s' (fields: %s)", path, OGR_L_GetName(lyr), id_field, names);
        GDALClose(ds);
        return REGIO_ENOTFOUND;
    }

    regio_polygons *p = calloc(1, sizeof *p);
    poly_builder b = {p, 0, 0};
    size_t nwarn = 0;
    int geos = OGRGetGEOSVersion(NULL, NULL, NULL); /* without GEOS, validity cannot be told */
    size_t cap_units = 0;
    int rc = REGIO_OK;
    if (!p || !(p->ring_start = calloc(1, sizeof *p->ring_start))) { rc = OOM(err); goto done; }
    b.cap_rings = 1;
    OGR_L_ResetReading(lyr);
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(lyr))) {
        size_t u = p->n;
        if (u == cap_units) {
            size_t cap = cap_units ? 2 * cap_units : 256;
            char **ids = realloc(p->ids, cap * sizeof *ids);
            if (ids) p->ids = ids;
            double *arr[4] = {p->cx, p->cy, p->lx, p->ly};
            int ok = ids != NULL;
            for (int a = 0; a < 4 && ok; a++) {
                double *v = realloc(arr[a], cap * sizeof *v);
                if (!v) ok = 0; else arr[a] = v;
            }
            p->cx = arr[0]; p->cy = arr[1]; p->lx = arr[2]; p->ly = arr[3];
            if (!ok) { OGR_F_Destroy(f); rc = OOM(err); goto done; }
            cap_units = cap;
        }
        const char *id = OGR_F_IsFieldSetAndNotNull(f, fi) ? OGR_F_GetFieldAsString(f, fi) : "";
        if (!*id) {
            rc = regio_error_set(err, REGIO_EINVAL, "%s：第 %zu 个要素（FID %lld）的标识字段 %s 为空",
                                 "%s: feature %zu (FID %lld) has an empty id field %s", path, u + 1,
                                 (long long)OGR_F_GetFID(f), id_field);
            OGR_F_Destroy(f);
            goto done;
        }
        if (!(p->ids[u] = strdup(id))) { OGR_F_Destroy(f); rc = OOM(err); goto done; }
        p->n++;
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        char cut[REGIO_CUT_BUF];
        if (!g || OGR_G_IsEmpty(g)) {
            nwarn++;
            if (warn(p, nwarn, "%s：要素 %s（FID %lld）没有几何：它是没有邻居的单元", "%s: feature %s (FID %lld) has no geometry: it is a unit without neighbours",
                     path, regio_cut(id, cut, sizeof cut), (long long)OGR_F_GetFID(f))) { OGR_F_Destroy(f); rc = OOM(err); goto done; }
        } else if (geos) {
            CPLPushErrorHandler(CPLQuietErrorHandler);
            int valid = OGR_G_IsValid(g);
            CPLPopErrorHandler();
            if (!valid) {
                nwarn++;
                if (warn(p, nwarn, "%s：要素 %s（FID %lld）的面不是有效几何（自相交等，GEOS 判定）：它的邻接关系可能不对",
                         "%s: feature %s (FID %lld) is not a valid polygon (it crosses itself or the like, as GEOS sees it): its neighbours may be wrong",
                         path, regio_cut(id, cut, sizeof cut), (long long)OGR_F_GetFID(f))) { OGR_F_Destroy(f); rc = OOM(err); goto done; }
            }
        }
        int grc = g ? add_geometry(&b, g, u) : 0;
        if (grc) {
            if (grc < 0) rc = OOM(err);
            else
                rc = regio_error_set(err, REGIO_EINVAL, "%s：要素 %s 的几何类型 %s 不是面", "%s: feature %s has geometry type %s, not a polygon",
                                     path, id, OGRGeometryTypeToName(OGR_G_GetGeometryType(g)));
            OGR_F_Destroy(f);
            goto done;
        }
        CPLPushErrorHandler(CPLQuietErrorHandler);
        point_of(g, 0, &p->cx[u], &p->cy[u]);
        point_of(g, 1, &p->lx[u], &p->ly[u]);
        CPLPopErrorHandler();
        OGR_F_Destroy(f);
    }
    if (p->n == 0) {
        rc = regio_error_set(err, REGIO_EINVAL, "%s：图层 %s 没有要素", "%s: layer %s has no features", path, OGR_L_GetName(lyr));
        goto done;
    }
    if (nwarn > WARN_MAX) {
        if (warn(p, WARN_MAX, "%s：另有 %zu 个要素同样需要注意", "%s: %zu more features like these", path, nwarn - WARN_MAX)) {
            rc = OOM(err);
            goto done;
        }
    }
    rc = check_unique_ids(path, p->ids, p->n, err);
done:
    GDALClose(ds);
    if (rc) { regio_polygons_free(p); return rc; }
    *out = p;
    return REGIO_OK;
}

int regio_weights_contiguity(const char *path, const char *layer, const char *id_field, regio_contiguity kind,
                             double tolerance, regio_weights **out, regio_error *err) {
    *out = NULL;
    regio_polygons *p = NULL;
    int rc = regio_polygons_read(path, layer, id_field, &p, err);
    if (rc) return rc;
    regio_rings r = regio_polygons_rings(p);
    rc = regio_weights_contiguity_rings(&r, kind, tolerance, out, err);
    if (!rc) {
        (*out)->ids = p->ids; /* hand the ids over */
        p->ids = NULL;
    }
    regio_polygons_free(p);
    return rc;
}

/* ---------------------------------------------------------------- aggregation */

int regio_weights_aggregate(const regio_weights *w, const size_t *group, size_t ngroups, regio_weights **out,
                            regio_error *err) {
    *out = NULL;
    for (size_t i = 0; i < w->n; i++)
        if (group[i] >= ngroups)
            return regio_error_set(err, REGIO_EINVAL, "单元 %zu 的组 %zu 超出范围（共 %zu 组）", "unit %zu has group %zu, beyond the %zu groups",
                                   i, group[i], ngroups);
    pairs links = {0};
    int rc = REGIO_OK;
    for (size_t i = 0; i < w->n && !rc; i++)
        for (size_t k = w->offsets[i]; k < w->offsets[i + 1]; k++) {
            size_t g = group[i], h = group[w->neighbours[k]];
            if (g == h) continue;
            if (pairs_push(&links, g, h) || pairs_push(&links, h, g)) { rc = OOM(err); break; }
        }
    if (!rc) rc = pairs_to_weights(ngroups, &links, out, err);
    free(links.v);
    return rc;
}

typedef struct { const char *unit, *group; } map_ent;

static int cmp_map_ent(const void *a, const void *b) { return strcmp(((const map_ent *)a)->unit, ((const map_ent *)b)->unit); }
static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

int regio_weights_aggregate_map(const regio_weights *w, const char *const *map_unit, const char *const *map_group,
                                size_t nmap, regio_weights **out, regio_error *err) {
    *out = NULL;
    if (!w->ids)
        return regio_error_set(err, REGIO_EINVAL, "按标识合并需要带标识的权重", "aggregating by ids needs weights with ids");
    map_ent *m = malloc((nmap ? nmap : 1) * sizeof *m);
    const char **gof = malloc((w->n ? w->n : 1) * sizeof *gof);
    const char **gs = malloc((w->n ? w->n : 1) * sizeof *gs);
    size_t *group = malloc((w->n ? w->n : 1) * sizeof *group);
    int rc = REGIO_OK;
    if (!m || !gof || !gs || !group) { rc = OOM(err); goto done; }
    for (size_t k = 0; k < nmap; k++) m[k] = (map_ent){map_unit[k], map_group[k]};
    qsort(m, nmap, sizeof *m, cmp_map_ent);
    for (size_t i = 0; i < w->n; i++) {
        map_ent key = {w->ids[i], NULL};
        map_ent *hit = nmap ? bsearch(&key, m, nmap, sizeof *m, cmp_map_ent) : NULL;
        if (!hit) {
            rc = regio_error_set(err, REGIO_EINVAL, "单元 %s 不在单元→组对照表中", "unit %s is not in the unit-to-group map", w->ids[i]);
            goto done;
        }
        if ((hit > m && strcmp(hit[-1].unit, key.unit) == 0) || (hit + 1 < m + nmap && strcmp(hit[1].unit, key.unit) == 0)) {
            rc = regio_error_set(err, REGIO_EINVAL, "单元 %s 在单元→组对照表中出现不止一次", "unit %s is in the unit-to-group map more than once",
                                 w->ids[i]);
            goto done;
        }
        gof[i] = gs[i] = hit->group;
    }
    qsort(gs, w->n, sizeof *gs, cmp_str);
    size_t ng = 0;
    for (size_t i = 0; i < w->n; i++)
        if (ng == 0 || strcmp(gs[i], gs[ng - 1]) != 0) gs[ng++] = gs[i];
    for (size_t i = 0; i < w->n; i++) {
        const char **hit = bsearch(&gof[i], gs, ng, sizeof *gs, cmp_str);
        group[i] = (size_t)(hit - gs);
    }
    rc = regio_weights_aggregate(w, group, ng, out, err);
    if (!rc) {
        if (!((*out)->ids = calloc(ng ? ng : 1, sizeof *(*out)->ids))) rc = OOM(err);
        for (size_t g = 0; g < ng && !rc; g++)
            if (!((*out)->ids[g] = strdup(gs[g]))) rc = OOM(err);
        if (rc) { regio_weights_free(*out); *out = NULL; }
    }
done:
    free(m);
    free(gof);
    free(gs);
    free(group);
    return rc;
}
