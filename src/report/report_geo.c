/* report_geo.c — the outlines the report's maps are drawn from, so the report works from the database alone:
 * the store's region_geometry table (GeoJSON per region, written at `regio init`) when it exists; otherwise the
 * polygon file recorded at init with the label points (region_point.source), read through GDAL/OGR; or a file
 * the user names. A level without outlines of its own (prefectures from a county file) is drawn from its
 * counties' rings. Rings are projected with the plan's projection (report.csv) or the renderer's default (svg.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <ogr_api.h>

#include "report/report_internal.h"
#include "regio/weights_build.h"

typedef struct ringbuf {
    size_t nunits, nrings, nv, caprings, capv;
    size_t *ring_unit, *ring_start;
    double *x, *y;
    int failed;
} ringbuf;

static void rb_free(ringbuf *b) { free(b->ring_unit); free(b->ring_start); free(b->x); free(b->y); }

static int rb_ring(ringbuf *b, size_t unit, const double *x, const double *y, size_t n) {
    if (b->nrings + 2 > b->caprings) {
        size_t cap = b->caprings ? b->caprings * 2 : 256;
        size_t *u = realloc(b->ring_unit, cap * sizeof *u), *s = u ? realloc(b->ring_start, cap * sizeof *s) : NULL;
        if (u) b->ring_unit = u;
        if (!u || !s) { b->failed = 1; return -1; }
        b->ring_start = s;
        b->caprings = cap;
    }
    if (b->nv + n > b->capv) {
        size_t cap = b->capv ? b->capv : 4096;
        while (cap < b->nv + n) cap *= 2;
        double *nx = realloc(b->x, cap * sizeof *nx), *ny = nx ? realloc(b->y, cap * sizeof *ny) : NULL;
        if (nx) b->x = nx;
        if (!nx || !ny) { b->failed = 1; return -1; }
        b->y = ny;
        b->capv = cap;
    }
    b->ring_unit[b->nrings] = unit;
    b->ring_start[b->nrings] = b->nv;
    memcpy(b->x + b->nv, x, n * sizeof *x);
    memcpy(b->y + b->nv, y, n * sizeof *y);
    b->nv += n;
    b->nrings++;
    b->ring_start[b->nrings] = b->nv;
    return 0;
}

static void rb_geometry(ringbuf *b, size_t unit, OGRGeometryH g) {
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t == wkbPolygon) {
        for (int i = 0; i < OGR_G_GetGeometryCount(g); i++) {
            OGRGeometryH ring = OGR_G_GetGeometryRef(g, i);
            int n = OGR_G_GetPointCount(ring);
            if (n <= 0) continue;
            double *x = malloc(sizeof(double) * (size_t)n), *y = malloc(sizeof(double) * (size_t)n);
            if (x && y) {
                OGR_G_GetPoints(ring, x, sizeof(double), y, sizeof(double), NULL, 0);
                rb_ring(b, unit, x, y, (size_t)n);
            } else b->failed = 1;
            free(x);
            free(y);
        }
    } else if (t == wkbMultiPolygon || t == wkbGeometryCollection) {
        for (int i = 0; i < OGR_G_GetGeometryCount(g); i++) rb_geometry(b, unit, OGR_G_GetGeometryRef(g, i));
    }
}

/* units = regions of level (plan order); rings from the outlines stored at init (regio_store_load_geometries).
 * *got = the number of units with rings. */
static int from_store(regio_store *st, const char *const *ids, size_t n, ringbuf *b, size_t *got, regio_error *err) {
    *got = 0;
    char **text = calloc(n ? n : 1, sizeof *text);
    if (!text) return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
    int rc = regio_store_load_geometries(st, ids, n, text, err);
    for (size_t i = 0; !rc && i < n; i++) {
        OGRGeometryH g = text[i] ? OGR_G_CreateGeometryFromJson(text[i]) : NULL;
        if (!g) continue;
        size_t before = b->nrings;
        rb_geometry(b, i, g);
        OGR_G_DestroyGeometry(g);
        if (b->nrings > before) (*got)++;
    }
    for (size_t i = 0; i < n; i++) free(text[i]);
    free(text);
    return rc;
}

/* rings of the units (or of their descendant counties) from a polygon file with a code field */
static int from_file(const char *path, const regio_plan *plan, const long *units, size_t n, ringbuf *b, regio_error *err) {
    regio_polygons *pg = NULL;
    int rc = regio_polygons_read(path, NULL, "code", &pg, err);
    if (rc) return rc;
    for (size_t k = 0; k < pg->n; k++) {
        long reg = regio_plan_region(plan, pg->ids[k]);
        long unit = -1;
        /* the unit is the region itself or its nearest ancestor among units */
        for (long a = reg; a >= 0 && unit < 0; a = plan->regions[a].parent)
            for (size_t i = 0; i < n; i++)
                if (units[i] == a) { unit = (long)i; break; }
        if (unit < 0) continue;
        for (size_t r = 0; r < pg->nrings; r++)
            if (pg->ring_unit[r] == k)
                rb_ring(b, (size_t)unit, pg->x + pg->ring_start[r], pg->y + pg->ring_start[r], pg->ring_start[r + 1] - pg->ring_start[r]);
    }
    regio_polygons_free(pg);
    return b->failed ? regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory") : REGIO_OK;
}

int regio__report_shapes(regio_store *st, const regio_plan *plan, regio_level level, const char *boundaries, const char *proj4,
               regio_map_shapes **out, char **source, regio_error *err) {
    *out = NULL;
    *source = NULL;
    long *units = malloc(sizeof(long) * (plan->nregions + 1));
    const char **ids = malloc(sizeof(char *) * (plan->nregions + 1));
    double *lon = malloc(sizeof(double) * (plan->nregions + 1)), *lat = malloc(sizeof(double) * (plan->nregions + 1));
    ringbuf b = {0};
    int rc = REGIO_OK;
    if (!units || !ids || !lon || !lat) { rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); goto out; }
    size_t n = 0, stored = 0;
    for (size_t i = 0; i < plan->nregions; i++)
        if (plan->regions[i].level == level) { ids[n] = plan->regions[i].code; units[n++] = (long)i; }
    b.nunits = n;
    if (!boundaries && (rc = from_store(st, ids, n, &b, &stored, err))) goto out;
    if (stored > 0) {
        if (!(*source = strdup("region_geometry"))) { rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); goto out; }
    } else {
        char *path = NULL;
        if (boundaries) {
            if (!(path = strdup(boundaries))) { rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); goto out; }
        } else if ((rc = regio_store_boundaries_file(st, &path, err))) goto out;
        if (!path) {
            rc = regio_error_set(err, REGIO_ENOTFOUND, "数据库中没有边界：请用规划目录的 boundaries/ 重新运行 regio init，或用 --boundaries 指定",
                                 "the database holds no boundaries: re-run regio init with a plan that has boundaries/, or give --boundaries");
            goto out;
        }
        rb_free(&b);
        memset(&b, 0, sizeof b);
        b.nunits = n;
        rc = from_file(path, plan, units, n, &b, err);
        *source = path;
        if (rc) goto out;
    }
    if (b.failed) { rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); goto out; }
    if ((rc = regio_store_load_points(st, plan, units, n, lon, lat, err))) goto out;
    regio_rings rings = {n, b.nrings, b.ring_unit, b.ring_start, b.x, b.y};
    size_t zero = 0;
    if (!b.nrings) rings.ring_start = &zero;
    rc = regio_map_shapes_project(&rings, ids, lon, lat, proj4, out, err);
out:
    if (rc) { free(*source); *source = NULL; }
    rb_free(&b);
    free(units); free(ids); free(lon); free(lat);
    return rc;
}
