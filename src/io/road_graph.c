/* road_graph.c — road networks into a routable graph: OpenStreetMap through GDAL's OSM driver, or any OGR line
 * layer with a speed or time attribute; and the speed table by road class.
 *
 * Why through GDAL: it already reads .osm XML and .osm.pbf (and every vector format) for the project; what is
 * left here is the routing semantics. Ways meet where they share a vertex: GDAL gives each way's geometry from
 * its OSM nodes' coordinates, so two ways sharing a node share a coordinate pair exactly, and a hash of the
 * coordinate bits joins them. Each segment becomes an edge timed by its great-circle length and the way's speed.
 * The default speeds are those of OSRM's classic car profile (docs/methods/access.md). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "core/util.h"
#include "io/gdal_internal.h"
#include "regio/access_io.h"
#include "regio/table.h"

/* ---- speeds ---------------------------------------------------------------------------------------------- */

/* OSRM car profile (Project-OSRM/osrm-backend, profiles/car.lua, speed_profile, as of v4/v5): km/h by highway */
static const regio_speed_row DEFAULT_SPEEDS[] = {
    {"motorway", 90},      {"motorway_link", 45}, {"trunk", 85},        {"trunk_link", 40},
    {"primary", 65},       {"primary_link", 30},  {"secondary", 55},    {"secondary_link", 25},
    {"tertiary", 40},      {"tertiary_link", 20}, {"unclassified", 25}, {"residential", 25},
    {"living_street", 10}, {"service", 15},       {"ferry", 5},
};

void regio_speed_free(regio_speed_table *t) {
    if (!t) return;
    free(t->rows);
    free(t);
}

int regio_speed_default(regio_speed_table **out, regio_error *err) {
    size_t n = sizeof DEFAULT_SPEEDS / sizeof DEFAULT_SPEEDS[0];
    regio_speed_table *t = calloc(1, sizeof *t);
    if (t) t->rows = malloc(n * sizeof *t->rows);
    if (!t || !t->rows) {
        regio_speed_free(t);
        return regio_error_set(err, REGIO_ENOMEM, "内存不足（速度表）", "out of memory (speed table)");
    }
    memcpy(t->rows, DEFAULT_SPEEDS, sizeof DEFAULT_SPEEDS);
    t->n = n;
    *out = t;
    return REGIO_OK;
}

double regio_speed_of(const regio_speed_table *t, const char *cls) {
    for (size_t i = 0; cls && i < t->n; i++)
        if (strcmp(t->rows[i].cls, cls) == 0) return t->rows[i].kmh;
    return 0;
}

int regio_speed_read(const char *path, regio_speed_table **out, regio_error *err) {
    *out = NULL;
    regio_speed_table *s = NULL;
    regio_table *t = NULL;
    int rc = regio_speed_default(&s, err);
    if (rc || (rc = regio_table_read(path, NULL, &t, err))) { regio_speed_free(s); return rc; }
    long cc = regio_table_col(t, "class"), ck = regio_table_col(t, "kmh");
    if (cc < 0 || ck < 0) {
        rc = regio_error_set(err, REGIO_EINVAL, "%s：缺少列 %s（需要 class、kmh）", "%s: missing column %s (needs class, kmh)", path,
                             cc < 0 ? "class" : "kmh");
        goto done;
    }
    for (size_t r = 0; r < t->nrows; r++) {
        const char *cls = regio_table_cell(t, r, (size_t)cc), *sv = regio_table_cell(t, r, (size_t)ck);
        double v;
        if (!*cls || strlen(cls) >= sizeof s->rows[0].cls) {
            rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行 class 字段：为空或过长", "%s line %ld, field class: empty or too long",
                                 path, t->line[r]);
            goto done;
        }
        if (regio_parse_number(sv, &v) || !isfinite(v) || v <= 0) {
            rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行 kmh 字段：“%s”不是正的速度（公里/小时）",
                                 "%s line %ld, field kmh: '%s' is not a positive speed (km/h)", path, t->line[r], sv);
            goto done;
        }
        size_t i = 0;
        while (i < s->n && strcmp(s->rows[i].cls, cls) != 0) i++;
        if (i == s->n) {
            regio_speed_row *p = realloc(s->rows, (s->n + 1) * sizeof *p);
            if (!p) { rc = regio_error_set(err, REGIO_ENOMEM, "内存不足（速度表）", "out of memory (speed table)"); goto done; }
            s->rows = p;
            snprintf(s->rows[s->n].cls, sizeof s->rows[0].cls, "%s", cls);
            s->n++;
        }
        s->rows[i].kmh = v;
    }
    *out = s;
    s = NULL;
done:
    regio_speed_free(s);
    regio_table_free(t);
    return rc;
}

/* ---- the graph under construction -------------------------------------------------------------------------- */

typedef struct builder {
    double *lon, *lat;
    size_t n, cap;
    int64_t *slot;  /* coordinate hash → node id, -1 empty */
    size_t nslot;
    regio_edge *e;
    size_t ne, ecap;
} builder;

static void builder_free(builder *b) { free(b->lon); free(b->lat); free(b->slot); free(b->e); }

static uint64_t hash_xy(double x, double y) {
    uint64_t a, c;
    memcpy(&a, &x, 8);
    memcpy(&c, &y, 8);
    uint64_t h = a * 0x9E3779B97F4A7C15ULL ^ (c + 0x632BE59BD9B4E019ULL + (a << 6) + (a >> 2));
    h ^= h >> 31;
    h *= 0xBF58476D1CE4E5B9ULL;
    return h ^ (h >> 29);
}

static int rehash(builder *b) {
    size_t ns = b->nslot ? b->nslot * 2 : 1024;
    int64_t *sl = malloc(ns * sizeof *sl);
    if (!sl) return -1;
    for (size_t i = 0; i < ns; i++) sl[i] = -1;
    for (size_t v = 0; v < b->n; v++) {
        size_t h = (size_t)(hash_xy(b->lon[v], b->lat[v]) & (ns - 1));
        while (sl[h] >= 0) h = (h + 1) & (ns - 1);
        sl[h] = (int64_t)v;
    }
    free(b->slot);
    b->slot = sl; b->nslot = ns;
    return 0;
}

/* the node at (x, y), created when new; -1 on out of memory */
static int64_t node_at(builder *b, double x, double y) {
    if (x == 0) x = 0; /* -0.0 and 0.0 are one place */
    if (y == 0) y = 0;
    if (2 * (b->n + 1) > b->nslot && rehash(b)) return -1;
    size_t h = (size_t)(hash_xy(x, y) & (b->nslot - 1));
    while (b->slot[h] >= 0) {
        int64_t v = b->slot[h];
        if (b->lon[v] == x && b->lat[v] == y) return v;
        h = (h + 1) & (b->nslot - 1);
    }
    if (b->n >= UINT32_MAX - 1) return -1;
    if (b->n == b->cap) {
        size_t nc = b->cap ? b->cap * 2 : 1024;
        double *a = realloc(b->lon, nc * sizeof *a);
        if (!a) return -1;
        b->lon = a;
        double *c = realloc(b->lat, nc * sizeof *c);
        if (!c) return -1;
        b->lat = c;
        b->cap = nc;
    }
    b->lon[b->n] = x; b->lat[b->n] = y;
    b->slot[h] = (int64_t)b->n;
    return (int64_t)b->n++;
}

static int add_edge(builder *b, int64_t u, int64_t v, double minutes) {
    if (b->ne == b->ecap) {
        size_t nc = b->ecap ? b->ecap * 2 : 4096;
        regio_edge *p = realloc(b->e, nc * sizeof *p);
        if (!p) return -1;
        b->e = p; b->ecap = nc;
    }
    b->e[b->ne++] = (regio_edge){(uint32_t)u, (uint32_t)v, minutes};
    return 0;
}

/* direction: 0 both ways, 1 along the line, -1 against it */
typedef struct way { int direction; double kmh; double minutes; /* > 0: a total time instead of kmh */ } way;

static double part_length(OGRGeometryH g) {
    double L = 0;
    int np = OGR_G_GetPointCount(g);
    for (int i = 1; i < np; i++) L += regio_haversine_m(OGR_G_GetX(g, i - 1), OGR_G_GetY(g, i - 1), OGR_G_GetX(g, i), OGR_G_GetY(g, i));
    return L;
}

static double geom_length(OGRGeometryH g) {
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t == wkbLineString) return part_length(g);
    double L = 0;
    if (t == wkbMultiLineString)
        for (int k = 0; k < OGR_G_GetGeometryCount(g); k++) L += part_length(OGR_G_GetGeometryRef(g, k));
    return L;
}

/* adds the segments of one line part; total_m is the feature's length (for a time spread by length) */
static int add_part(builder *b, OGRGeometryH g, const way *w, double total_m) {
    int np = OGR_G_GetPointCount(g);
    int64_t prev = -1;
    double px = 0, py = 0;
    for (int i = 0; i < np; i++) {
        double x = OGR_G_GetX(g, i), y = OGR_G_GetY(g, i);
        if (!(x >= -180 && x <= 180 && y >= -90 && y <= 90)) return -2;
        int64_t v = node_at(b, x, y);
        if (v < 0) return -1;
        if (prev >= 0 && v != prev) {
            double m = regio_haversine_m(px, py, x, y);
            double t = w->minutes > 0 ? w->minutes * (total_m > 0 ? m / total_m : 0) : m / 1000.0 / w->kmh * 60.0;
            if (w->direction >= 0 && add_edge(b, prev, v, t)) return -1;
            if (w->direction <= 0 && add_edge(b, v, prev, t)) return -1;
        }
        prev = v; px = x; py = y;
    }
    return 0;
}

static int add_geometry(builder *b, OGRGeometryH g, const way *w, double *km) {
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    double L = geom_length(g);
    int rc = 0;
    if (t == wkbLineString) rc = add_part(b, g, w, L);
    else if (t == wkbMultiLineString)
        for (int k = 0; !rc && k < OGR_G_GetGeometryCount(g); k++) rc = add_part(b, OGR_G_GetGeometryRef(g, k), w, L);
    else return 1; /* not a line */
    *km += L / 1000.0;
    return rc;
}

static int finish(builder *b, const char *path, regio_graph **out, regio_error *err) {
    if (b->ne == 0)
        return regio_error_set(err, REGIO_EINVAL, "%s：没有可通行的道路（检查道路类别、速度表或字段名）",
                               "%s: no routable road (check the road classes, the speed table or the field names)", path);
    return regio_graph_build(b->n, b->e, b->ne, b->lon, b->lat, out, err);
}

/* ---- OpenStreetMap ---------------------------------------------------------------------------------------- */

/* the value of key in GDAL's other_tags ("k"=>"v","k2"=>"v2"), copied into buf; 0 when absent */
static int other_tag(const char *tags, const char *key, char *buf, size_t cap) {
    if (!tags) return 0;
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\"=>\"", key);
    const char *p = strstr(tags, pat);
    if (!p) return 0;
    p += strlen(pat);
    size_t i = 0;
    while (*p && *p != '"' && i + 1 < cap) buf[i++] = *p++;
    buf[i] = 0;
    return 1;
}

static int road_read_osm_quiet(const char *path, const regio_road_opts *opts, regio_graph **out, regio_road_report *report,
                        regio_error *err) {
    *out = NULL;
    regio_road_report rep = {0};
    regio_speed_table *own = NULL;
    const regio_speed_table *sp = opts ? opts->speeds : NULL;
    int rc = REGIO_OK;
    if (!sp) {
        if ((rc = regio_speed_default(&own, err))) return rc;
        sp = own;
    }
    regio__gdal_init();
    const char *drivers[] = {"OSM", NULL};
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, NULL, NULL);
    if (!ds) {
        regio_speed_free(own);
        return regio_error_set(err, REGIO_EIO, "无法以 OpenStreetMap 格式读取 %s（.osm 或 .osm.pbf）",
                               "cannot read %s as OpenStreetMap (.osm or .osm.pbf)", path);
    }
    builder b = {0};
    OGRLayerH layer;
    OGRFeatureH f;
    while ((f = GDALDatasetGetNextFeature(ds, &layer, NULL, NULL, NULL))) {
        if (strcmp(OGR_L_GetName(layer), "lines") != 0) { OGR_F_Destroy(f); continue; }
        OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
        int ih = OGR_FD_GetFieldIndex(defn, "highway"), it = OGR_FD_GetFieldIndex(defn, "other_tags");
        const char *hw = ih >= 0 && OGR_F_IsFieldSetAndNotNull(f, ih) ? OGR_F_GetFieldAsString(f, ih) : NULL;
        const char *tags = it >= 0 && OGR_F_IsFieldSetAndNotNull(f, it) ? OGR_F_GetFieldAsString(f, it) : NULL;
        char v[64];
        int ferry = other_tag(tags, "route", v, sizeof v) && strcmp(v, "ferry") == 0;
        if (!hw && !ferry) { OGR_F_Destroy(f); continue; }
        rep.features++;
        way w = {0, 0, 0};
        if (ferry && !(hw && regio_speed_of(sp, hw) > 0)) {
            if (!(opts && opts->ferries)) { rep.ferries_off++; OGR_F_Destroy(f); continue; }
            w.kmh = regio_speed_of(sp, "ferry");
            if (w.kmh <= 0) { rep.no_class++; OGR_F_Destroy(f); continue; }
        } else {
            w.kmh = regio_speed_of(sp, hw);
            if (w.kmh <= 0) { rep.no_class++; OGR_F_Destroy(f); continue; }
            double ms;
            if (other_tag(tags, "maxspeed", v, sizeof v) && regio_parse_number(v, &ms) == 0 && ms > 0 && ms < w.kmh) w.kmh = ms;
            if (strcmp(hw, "motorway") == 0) w.direction = 1;
            if (other_tag(tags, "junction", v, sizeof v) && strcmp(v, "roundabout") == 0) w.direction = 1;
            if (other_tag(tags, "oneway", v, sizeof v)) {
                if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "1")) w.direction = 1;
                else if (!strcmp(v, "-1") || !strcmp(v, "reverse")) w.direction = -1;
                else if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "0")) w.direction = 0;
            }
        }
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        int ar = g ? add_geometry(&b, g, &w, &rep.km) : 1;
        OGR_F_Destroy(f);
        if (ar < 0) {
            rc = ar == -2 ? regio_error_set(err, REGIO_EINVAL, "%s：道路坐标超出经纬度范围", "%s: a road coordinate is not a longitude/latitude", path)
                          : regio_error_set(err, REGIO_ENOMEM, "内存不足（读取 %s）", "out of memory (reading %s)", path);
            break;
        }
        if (ar == 0) { rep.used++; rep.oneway += w.direction != 0; }
    }
    GDALClose(ds);
    if (!rc) rc = finish(&b, path, out, err);
    builder_free(&b);
    regio_speed_free(own);
    if (report) *report = rep;
    return rc;
}

/* GDAL's messages go to the caller's regio_error, never to stderr: a quiet handler is pushed around the whole read
 * (issue 13, item 9), and what GDAL said is in CPLGetLastErrorMsg for the messages above. */
int regio_road_read_osm(const char *path, const regio_road_opts *opts, regio_graph **out, regio_road_report *report,
                        regio_error *err) {
    regio__gdal_init();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    int rc = road_read_osm_quiet(path, opts, out, report, err);
    CPLPopErrorHandler();
    return rc;
}

/* ---- any line layer ------------------------------------------------------------------------------------------ */

static int field_index(OGRFeatureDefnH defn, const char *path, const char *name, regio_error *err, int *out) {
    *out = -1;
    if (!name) return REGIO_OK;
    *out = OGR_FD_GetFieldIndex(defn, name);
    if (*out < 0) return regio_error_set(err, REGIO_EINVAL, "%s：图层中没有字段 %s", "%s: the layer has no field %s", path, name);
    return REGIO_OK;
}

int regio_road_read_lines(const char *path, const regio_road_opts *opts, regio_graph **out, regio_road_report *report,
                          regio_error *err) {
    *out = NULL;
    regio_road_report rep = {0};
    if (!opts || (!opts->speed_field) == (!opts->time_field))
        return regio_error_set(err, REGIO_EINVAL, "%s：须给出速度字段或时间字段之一", "%s: give exactly one of a speed field and a time field",
                               path);
    regio__gdal_init();
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!ds) return regio_error_set(err, REGIO_EIO, "无法读取矢量文件 %s", "cannot read the vector file %s", path);
    OGRLayerH layer = opts->layer ? GDALDatasetGetLayerByName(ds, opts->layer) : GDALDatasetGetLayer(ds, 0);
    int rc = REGIO_OK;
    builder b = {0};
    OGRSpatialReferenceH wgs = NULL;
    OGRCoordinateTransformationH ct = NULL;
    if (!layer) {
        rc = regio_error_set(err, REGIO_ENOTFOUND, "%s：没有图层 %s", "%s: no layer %s", path, opts->layer ? opts->layer : "0");
        goto done;
    }
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    int is, itm, io;
    if ((rc = field_index(defn, path, opts->speed_field, err, &is)) || (rc = field_index(defn, path, opts->time_field, err, &itm)) ||
        (rc = field_index(defn, path, opts->oneway_field, err, &io)))
        goto done;
    OGRSpatialReferenceH src = OGR_L_GetSpatialRef(layer);
    if (src) {
        wgs = OSRNewSpatialReference(NULL);
        OSRSetWellKnownGeogCS(wgs, "WGS84");
        OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
        OGRSpatialReferenceH s2 = OSRClone(src);
        OSRSetAxisMappingStrategy(s2, OAMS_TRADITIONAL_GIS_ORDER);
        ct = OCTNewCoordinateTransformation(s2, wgs);
        OSRDestroySpatialReference(s2);
        if (!ct) {
            rc = regio_error_set(err, REGIO_EINVAL, "%s：无法把图层坐标转换为 WGS 84 经纬度", "%s: cannot transform the layer to WGS 84 longitude/latitude", path);
            goto done;
        }
    }
    OGR_L_ResetReading(layer);
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(layer))) {
        long fid = (long)OGR_F_GetFID(f);
        rep.features++;
        int fi = is >= 0 ? is : itm;
        const char *name = is >= 0 ? opts->speed_field : opts->time_field;
        double val;
        const char *sv = OGR_F_IsFieldSetAndNotNull(f, fi) ? OGR_F_GetFieldAsString(f, fi) : "";
        if (regio_parse_number(sv, &val) || !isfinite(val) || val <= 0) {
            rc = regio_error_set(err, REGIO_EINVAL, "%s 要素 %ld 字段 %s：“%s”不是正数", "%s feature %ld, field %s: '%s' is not a positive number",
                                 path, fid, name, sv);
            OGR_F_Destroy(f);
            break;
        }
        way w = {0, is >= 0 ? val : 0, itm >= 0 ? val : 0};
        if (io >= 0 && OGR_F_IsFieldSetAndNotNull(f, io)) {
            const char *o = OGR_F_GetFieldAsString(f, io);
            if (!strcasecmp(o, "yes") || !strcasecmp(o, "true") || !strcmp(o, "1")) w.direction = 1;
            else if (!strcmp(o, "-1")) w.direction = -1;
        }
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        int ar = 1;
        if (g) {
            OGRGeometryH gg = OGR_G_Clone(g);
            if (ct && OGR_G_Transform(gg, ct) != OGRERR_NONE) ar = -2;
            else ar = add_geometry(&b, gg, &w, &rep.km);
            OGR_G_DestroyGeometry(gg);
        }
        OGR_F_Destroy(f);
        if (ar < 0) {
            rc = ar == -2 ? regio_error_set(err, REGIO_EINVAL, "%s 要素 %ld：坐标无法转换为经纬度", "%s feature %ld: coordinates cannot be transformed to longitude/latitude", path, fid)
                          : regio_error_set(err, REGIO_ENOMEM, "内存不足（读取 %s）", "out of memory (reading %s)", path);
            break;
        }
        if (ar == 0) { rep.used++; rep.oneway += w.direction != 0; }
    }
    if (!rc) rc = finish(&b, path, out, err);
done:
    if (ct) OCTDestroyCoordinateTransformation(ct);
    if (wgs) OSRDestroySpatialReference(wgs);
    GDALClose(ds);
    builder_free(&b);
    if (report) *report = rep;
    return rc;
}
