/* store_geometry.c — region outlines for maps: read once at `regio init` from the plan's polygon files
 * (GDAL/OGR), simplified to a screen tolerance, prefectures and province unioned from their counties, and kept
 * as GeoJSON text in region_geometry so the server never needs the plan directory (include/regio/geometry.h). */
#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <stdlib.h>
#include <string.h>

#include "io/gdal_internal.h"
#include "regio/geometry.h"
#include "store/store_internal.h"

#define OOM(err) regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory")

static int save_one(regio_store *st, const char *code, OGRGeometryH g, const char *source, regio_error *err) {
    char *opts[] = {"COORDINATE_PRECISION=4", NULL};
    char *text = OGR_G_ExportToJsonEx(g, opts);
    if (!text) return regio_error_set(err, REGIO_EINTERNAL, "%s 的边界无法写成 GeoJSON", "the outline of %s cannot be written as GeoJSON", code);
    regio_stmt *s = NULL;
    int rc = regio_store_prepare(st, "INSERT INTO region_geometry(region, geojson, source) VALUES(?,?,?)"
                                     " ON CONFLICT(region) DO UPDATE SET geojson = excluded.geojson, source = excluded.source", &s, err);
    if (!rc) {
        regio_stmt_bind_text(s, 1, code);
        regio_stmt_bind_text(s, 2, text);
        regio_stmt_bind_text(s, 3, source);
        if (regio_stmt_step(s) != REGIO_STMT_DONE) rc = regio_store_sqlerr(st, err, "region_geometry");
    }
    regio_stmt_finalize(s);
    CPLFree(text);
    return rc;
}

static int geometry_import_quiet(regio_store *st, const regio_plan *plan, const char *file, const char *id_field,
                          double tolerance, size_t *saved, regio_error *err) {
    regio__gdal_init();
    *saved = 0;
    GDALDatasetH ds = GDALOpenEx(file, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!ds) return regio_error_set(err, REGIO_EIO, "无法打开边界文件 %s（%s）", "cannot open the boundaries file %s (%s)", file, CPLGetLastErrorMsg());
    OGRLayerH lyr = GDALDatasetGetLayerCount(ds) ? GDALDatasetGetLayer(ds, 0) : NULL;
    int rc = REGIO_OK;
    if (!lyr || OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(lyr), id_field) < 0) {
        rc = regio_error_set(err, REGIO_EINVAL, "%s：没有字段 %s", "%s: there is no field %s", file, id_field);
        GDALClose(ds);
        return rc;
    }
    int fi = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(lyr), id_field);
    /* one collection per region: its own polygons (lowest level) gathered into every ancestor */
    OGRGeometryH *acc = calloc(plan->nregions ? plan->nregions : 1, sizeof *acc);
    unsigned char *own = calloc(plan->nregions ? plan->nregions : 1, 1);
    if (!acc || !own) { free(acc); free(own); GDALClose(ds); return OOM(err); }
    OGR_L_ResetReading(lyr);
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(lyr))) {
        long r = regio_plan_region(plan, OGR_F_GetFieldAsString(f, fi));
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (r >= 0 && g && !OGR_G_IsEmpty(g)) {
            own[r] = 1;
            /* higher levels are unioned from lightly pre-simplified parts (a union of full-resolution counties
             * takes seconds); the final outline is simplified again at the screen tolerance */
            OGRGeometryH light = OGR_G_SimplifyPreserveTopology(g, tolerance / 5);
            for (long a = r; a >= 0; a = plan->regions[a].parent) {
                if (!acc[a]) acc[a] = OGR_G_CreateGeometry(wkbMultiPolygon);
                OGRGeometryH parts = OGR_G_ForceToMultiPolygon(OGR_G_Clone(a == r || !light ? g : light));
                for (int k = 0; parts && k < OGR_G_GetGeometryCount(parts); k++)
                    OGR_G_AddGeometry(acc[a], OGR_G_GetGeometryRef(parts, k));
                OGR_G_DestroyGeometry(parts);
            }
            OGR_G_DestroyGeometry(light);
        }
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    rc = regio_store_savepoint(st, "save_geometry", err);
    for (size_t r = 0; !rc && r < plan->nregions; r++) {
        if (!acc[r]) continue;
        /* a union can fail on slightly invalid input: repair and retry, else draw the parts as they are */
        CPLPushErrorHandler(CPLQuietErrorHandler);
        OGRGeometryH whole = own[r] ? OGR_G_Clone(acc[r]) : OGR_G_UnionCascaded(acc[r]);
        if (!whole) {
            OGRGeometryH valid = OGR_G_MakeValid(acc[r]);
            if (valid) whole = wkbFlatten(OGR_G_GetGeometryType(valid)) == wkbMultiPolygon ? OGR_G_UnionCascaded(valid) : OGR_G_Buffer(valid, 0, 30);
            OGR_G_DestroyGeometry(valid);
        }
        if (!whole) whole = OGR_G_Clone(acc[r]);
        CPLPopErrorHandler();
        OGRGeometryH simple = whole ? OGR_G_SimplifyPreserveTopology(whole, tolerance) : NULL;
        if (!simple || OGR_G_IsEmpty(simple))
            rc = regio_error_set(err, REGIO_EINVAL, "%s：%s 的边界无法合并或化简", "%s: the outline of %s cannot be unioned or simplified",
                                 file, plan->regions[r].code);
        else if (!(rc = save_one(st, plan->regions[r].code, simple, file, err))) (*saved)++;
        OGR_G_DestroyGeometry(whole);
        OGR_G_DestroyGeometry(simple);
    }
    for (size_t r = 0; r < plan->nregions; r++) if (acc[r]) OGR_G_DestroyGeometry(acc[r]);
    free(acc);
    free(own);
    if (rc) { regio_store_rollback_to(st, "save_geometry"); return rc; }
    return regio_store_release(st, "save_geometry", err);
}

/* GDAL's messages go to the caller's regio_error, never to stderr: a quiet handler is pushed around the whole read
 * (issue 13, item 9), and what GDAL said is in CPLGetLastErrorMsg for the messages above. */
int regio_geometry_import(regio_store *st, const regio_plan *plan, const char *file, const char *id_field,
                          double tolerance, size_t *saved, regio_error *err) {
    regio__gdal_init();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    int rc = geometry_import_quiet(st, plan, file, id_field, tolerance, saved, err);
    CPLPopErrorHandler();
    return rc;
}

/* growing text buffer */
typedef struct { char *p; size_t n, cap; int oom; } sbuf;
static void put(sbuf *b, const char *s, size_t n) {
    if (b->oom) return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (b->n + n + 1 > cap) cap *= 2;
        char *q = realloc(b->p, cap);
        if (!q) { b->oom = 1; return; }
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}
static void puts_(sbuf *b, const char *s) { put(b, s, strlen(s)); }
/* a JSON string (codes and names: escape quotes, backslashes and control characters) */
static void putq(sbuf *b, const char *s) {
    puts_(b, "\"");
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\') { char e[2] = {'\\', (char)ch}; put(b, e, 2); }
        else if (ch < 0x20) { char e[8]; snprintf(e, sizeof e, "\\u%04x", ch); puts_(b, e); }
        else put(b, s, 1);
    }
    puts_(b, "\"");
}

int regio_geometry_collection(regio_store *st, const regio_plan *plan, regio_level level, char **out, size_t *len,
                              regio_error *err) {
    *out = NULL;
    *len = 0;
    regio_stmt *s = NULL;
    int rc = regio_store_prepare(st, "SELECT g.geojson FROM region_geometry g WHERE g.region = ?", &s, err);
    if (rc) return rc;
    sbuf b = {0};
    puts_(&b, "{\"type\":\"FeatureCollection\",\"features\":[");
    int first = 1;
    for (size_t r = 0; r < plan->nregions && !rc; r++) {
        const regio_region *x = &plan->regions[r];
        if (x->level != level) continue;
        regio_stmt_reset(s);
        regio_stmt_bind_text(s, 1, x->code);
        int step = regio_stmt_step(s);
        if (step == REGIO_STMT_DONE) continue;
        if (step != REGIO_STMT_ROW) { rc = regio_store_sqlerr(st, err, "region_geometry"); break; }
        puts_(&b, first ? "{\"type\":\"Feature\",\"id\":" : ",{\"type\":\"Feature\",\"id\":");
        first = 0;
        putq(&b, x->code);
        puts_(&b, ",\"properties\":{\"code\":");
        putq(&b, x->code);
        puts_(&b, ",\"name\":");
        putq(&b, x->code);
        puts_(&b, ",\"name_zh\":");
        putq(&b, x->name_zh);
        puts_(&b, ",\"name_en\":");
        putq(&b, x->name_en);
        puts_(&b, ",\"parent\":");
        if (x->parent >= 0) putq(&b, plan->regions[x->parent].code); else puts_(&b, "null");
        puts_(&b, "},\"geometry\":");
        puts_(&b, regio_stmt_text(s, 0));
        puts_(&b, "}");
    }
    regio_stmt_finalize(s);
    puts_(&b, "]}");
    if (!rc && b.oom) rc = OOM(err);
    if (rc) { free(b.p); return rc; }
    *out = b.p;
    *len = b.n;
    return REGIO_OK;
}

int regio_store_load_geometries(regio_store *st, const char *const *regions, size_t n, char **geojson,
                                regio_error *err) {
    for (size_t i = 0; i < n; i++) geojson[i] = NULL;
    regio_stmt *s = NULL;
    int rc = regio_store_prepare(st, "SELECT geojson FROM region_geometry WHERE region = ?", &s, err);
    for (size_t i = 0; !rc && i < n; i++) {
        regio_stmt_reset(s);
        regio_stmt_bind_text(s, 1, regions[i]);
        int step = regio_stmt_step(s);
        if (step == REGIO_STMT_DONE) continue;
        if (step != REGIO_STMT_ROW) rc = regio_store_sqlerr(st, err, "region_geometry");
        else if (!(geojson[i] = regio_store_col_text(s, 0))) rc = OOM(err);
    }
    regio_stmt_finalize(s);
    if (rc)
        for (size_t i = 0; i < n; i++) { free(geojson[i]); geojson[i] = NULL; }
    return rc;
}

int regio_store_boundaries_file(regio_store *st, char **path, regio_error *err) {
    *path = NULL;
    regio_stmt *s = NULL;
    int rc = regio_store_prepare(st, "SELECT source FROM region_point WHERE source <> '' LIMIT 1", &s, err);
    if (rc) return rc;
    int step = regio_stmt_step(s);
    if (step == REGIO_STMT_ROW && regio_stmt_text(s, 0)) {
        if (!(*path = regio_store_col_text(s, 0))) rc = OOM(err);
    } else if (step != REGIO_STMT_ROW && step != REGIO_STMT_DONE) rc = regio_store_sqlerr(st, err, "region_point");
    regio_stmt_finalize(s);
    return rc;
}
