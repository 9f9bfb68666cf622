/* svg_map.c — projected polygons and the map drawing: shapes fitted to the viewport, fills or classes, hatching
 * for units that belong to two groups, legend, scale bar, north arrow and labels. Projection goes through
 * GDAL/OSR (PROJ) so any equal-area projection can be asked for; the default is Albers centred on Yunnan. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ogr_srs_api.h>

#include "regio/svg.h"

void regio_map_shapes_free(regio_map_shapes *m) {
    if (!m) return;
    for (size_t i = 0; m->ids && i < m->n; i++) free(m->ids[i]);
    free(m->ids); free(m->ring_unit); free(m->ring_start); free(m->x); free(m->y); free(m->lx); free(m->ly);
    free(m);
}

long regio_map_shapes_find(const regio_map_shapes *m, const char *id) {
    for (size_t i = 0; m && i < m->n; i++)
        if (strcmp(m->ids[i], id) == 0) return (long)i;
    return -1;
}

int regio_map_shapes_project(const regio_rings *rings, const char *const *ids, const double *label_lon,
                             const double *label_lat, const char *proj4, regio_map_shapes **out, regio_error *err) {
    *out = NULL;
    OGRSpatialReferenceH src = OSRNewSpatialReference(NULL), dst = OSRNewSpatialReference(NULL);
    OGRCoordinateTransformationH ct = NULL;
    regio_map_shapes *m = calloc(1, sizeof *m);
    int rc = REGIO_OK;
    if (!src || !dst || !m) { rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); goto out; }
    OSRSetWellKnownGeogCS(src, "WGS84");
    OSRSetAxisMappingStrategy(src, OAMS_TRADITIONAL_GIS_ORDER);
    if (!proj4) proj4 = REGIO_PROJ_YUNNAN;
    if (OSRImportFromProj4(dst, proj4) != OGRERR_NONE) {
        rc = regio_error_set(err, REGIO_EINVAL, "无法识别投影 “%s”", "projection '%s' not understood", proj4);
        goto out;
    }
    OSRSetAxisMappingStrategy(dst, OAMS_TRADITIONAL_GIS_ORDER);
    if (!(ct = OCTNewCoordinateTransformation(src, dst))) {
        rc = regio_error_set(err, REGIO_EINVAL, "无法建立到 “%s” 的坐标变换", "no transformation to '%s'", proj4);
        goto out;
    }
    size_t n = rings->nunits, nv = rings->nrings ? rings->ring_start[rings->nrings] : 0;
    m->n = n;
    m->nrings = rings->nrings;
    m->ids = calloc(n ? n : 1, sizeof *m->ids);
    m->ring_unit = malloc(sizeof(size_t) * (rings->nrings + 1));
    m->ring_start = malloc(sizeof(size_t) * (rings->nrings + 1));
    m->x = malloc(sizeof(double) * (nv + 1));
    m->y = malloc(sizeof(double) * (nv + 1));
    m->lx = malloc(sizeof(double) * (n + 1));
    m->ly = malloc(sizeof(double) * (n + 1));
    if (!m->ids || !m->ring_unit || !m->ring_start || !m->x || !m->y || !m->lx || !m->ly) {
        rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        if (!(m->ids[i] = strdup(ids[i]))) { rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); goto out; }
    memcpy(m->ring_unit, rings->ring_unit, sizeof(size_t) * rings->nrings);
    memcpy(m->ring_start, rings->ring_start, sizeof(size_t) * (rings->nrings + 1));
    memcpy(m->x, rings->x, sizeof(double) * nv);
    memcpy(m->y, rings->y, sizeof(double) * nv);
    if (nv && !OCTTransform(ct, (int)nv, m->x, m->y, NULL)) {
        rc = regio_error_set(err, REGIO_EINVAL, "边界坐标无法投影到 “%s”", "boundary coordinates cannot be projected to '%s'", proj4);
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        m->lx[i] = label_lon ? label_lon[i] : NAN;
        m->ly[i] = label_lat ? label_lat[i] : NAN;
        if (isfinite(m->lx[i]) && isfinite(m->ly[i]) && !OCTTransform(ct, 1, &m->lx[i], &m->ly[i], NULL)) m->lx[i] = m->ly[i] = NAN;
    }
    /* units without a label point get the centroid of their largest ring */
    {
        double *best = calloc(n + 1, sizeof *best);
        double *cx = malloc(sizeof(double) * (n + 1)), *cy = malloc(sizeof(double) * (n + 1));
        for (size_t r = 0; best && cx && cy && r < m->nrings; r++) {
            size_t u = m->ring_unit[r];
            if (isfinite(m->lx[u])) continue;
            double a = 0, sx = 0, sy = 0;
            for (size_t k = m->ring_start[r]; k < m->ring_start[r + 1]; k++) {
                size_t k2 = k + 1 < m->ring_start[r + 1] ? k + 1 : m->ring_start[r];
                double c = m->x[k] * m->y[k2] - m->x[k2] * m->y[k];
                a += c;
                sx += (m->x[k] + m->x[k2]) * c;
                sy += (m->y[k] + m->y[k2]) * c;
            }
            if (fabs(a) > best[u]) { best[u] = fabs(a); cx[u] = sx / (3 * a); cy[u] = sy / (3 * a); }
        }
        for (size_t u = 0; best && cx && cy && u < n; u++)
            if (!isfinite(m->lx[u]) && best[u] > 0) { m->lx[u] = cx[u]; m->ly[u] = cy[u]; }
        free(best); free(cx); free(cy);
    }
    m->xmin = m->ymin = INFINITY;
    m->xmax = m->ymax = -INFINITY;
    for (size_t k = 0; k < nv; k++) {
        if (m->x[k] < m->xmin) m->xmin = m->x[k];
        if (m->x[k] > m->xmax) m->xmax = m->x[k];
        if (m->y[k] < m->ymin) m->ymin = m->y[k];
        if (m->y[k] > m->ymax) m->ymax = m->y[k];
    }
out:
    if (ct) OCTDestroyCoordinateTransformation(ct);
    if (src) OSRDestroySpatialReference(src);
    if (dst) OSRDestroySpatialReference(dst);
    if (rc) regio_map_shapes_free(m);
    else *out = m;
    return rc;
}

typedef struct fit { double scale, ox, oy, xmin, ymax; } fit;
static double fx(const fit *f, double x) { return f->ox + (x - f->xmin) * f->scale; }
static double fy(const fit *f, double y) { return f->oy + (f->ymax - y) * f->scale; }

static void unit_path(regio_svg *s, const regio_map_shapes *m, const fit *f, size_t u, const size_t *first,
                      const size_t *next) {
    for (size_t r = first[u]; r != (size_t)-1; r = next[r]) {
        for (size_t k = m->ring_start[r]; k < m->ring_start[r + 1]; k++)
            regio_svg_printf(s, "%c%.1f %.1f", k == m->ring_start[r] ? 'M' : 'L', fx(f, m->x[k]), fy(f, m->y[k]));
        regio_svg_printf(s, "Z");
    }
}

/* Is (x, y) inside unit u (even-odd over all its rings)? */
static int inside(const regio_map_shapes *m, size_t u, const size_t *first, const size_t *next, double x, double y) {
    int in = 0;
    for (size_t r = first[u]; r != (size_t)-1; r = next[r])
        for (size_t k = m->ring_start[r], j = m->ring_start[r + 1] - 1; k < m->ring_start[r + 1]; j = k++)
            if ((m->y[k] > y) != (m->y[j] > y) && x < (m->x[j] - m->x[k]) * (y - m->y[k]) / (m->y[j] - m->y[k]) + m->x[k]) in = !in;
    return in;
}

static int cmp_d(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* A label point inside unit u: its own label point when that lies inside, else the middle of the widest
 * interior run of a few horizontal scanlines across the unit (a centroid or a seat can fall outside a concave or
 * multi-part unit). Returns 0 when the unit has no interior run at all. */
static int label_point(const regio_map_shapes *m, size_t u, const size_t *first, const size_t *next, double *lx, double *ly) {
    if (isfinite(m->lx[u]) && inside(m, u, first, next, m->lx[u], m->ly[u])) { *lx = m->lx[u]; *ly = m->ly[u]; return 1; }
    double y0 = INFINITY, y1 = -INFINITY;
    size_t nv = 0;
    for (size_t r = first[u]; r != (size_t)-1; r = next[r])
        for (size_t k = m->ring_start[r]; k < m->ring_start[r + 1]; k++, nv++) {
            if (m->y[k] < y0) y0 = m->y[k];
            if (m->y[k] > y1) y1 = m->y[k];
        }
    double *xs = malloc(sizeof(double) * (nv + 1)), best = 0;
    int found = 0;
    const double at[] = {0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8};
    for (size_t t = 0; xs && t < sizeof at / sizeof at[0]; t++) {
        double y = y0 + at[t] * (y1 - y0);
        size_t n = 0;
        for (size_t r = first[u]; r != (size_t)-1; r = next[r])
            for (size_t k = m->ring_start[r], j = m->ring_start[r + 1] - 1; k < m->ring_start[r + 1]; j = k++)
                if ((m->y[k] > y) != (m->y[j] > y)) xs[n++] = (m->x[j] - m->x[k]) * (y - m->y[k]) / (m->y[j] - m->y[k]) + m->x[k];
        qsort(xs, n, sizeof *xs, cmp_d);
        for (size_t i = 0; i + 1 < n; i += 2)
            if (xs[i + 1] - xs[i] > best) { best = xs[i + 1] - xs[i]; *lx = (xs[i] + xs[i + 1]) / 2; *ly = y; found = 1; }
    }
    free(xs);
    return found;
}

static double nice_length(double target) {
    double p = pow(10, floor(log10(target)));
    double c[] = {1, 2, 5, 10};
    double best = p;
    for (size_t i = 0; i < 4; i++)
        if (c[i] * p <= target) best = c[i] * p;
    return best;
}

int regio_svg_map(regio_svg *s, const regio_map_shapes *m, const regio_map_opts *o, regio_error *err) {
    double W = o->width > 0 ? o->width : 640, H = o->height > 0 ? o->height : 520;
    const char *pre = o->id_prefix ? o->id_prefix : "map";
    double legend_w = o->nlegend ? 170 : 0, top = o->title ? 28 : 8;
    double aw = W - legend_w - 20, ah = H - top - 10;
    if (!(m->xmax > m->xmin) || !(m->ymax > m->ymin))
        return regio_error_set(err, REGIO_EINVAL, "地图没有可绘制的边界", "the map has no boundaries to draw");
    fit f;
    f.scale = fmin(aw / (m->xmax - m->xmin), ah / (m->ymax - m->ymin));
    f.xmin = m->xmin;
    f.ymax = m->ymax;
    f.ox = 10 + (aw - (m->xmax - m->xmin) * f.scale) / 2;
    f.oy = top + (ah - (m->ymax - m->ymin) * f.scale) / 2;
    size_t *first = malloc(sizeof(size_t) * (m->n + 1)), *next = malloc(sizeof(size_t) * (m->nrings + 1));
    if (!first || !next) { free(first); free(next); return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); }
    for (size_t u = 0; u < m->n; u++) first[u] = (size_t)-1;
    for (size_t r = m->nrings; r-- > 0;) { next[r] = first[m->ring_unit[r]]; first[m->ring_unit[r]] = r; }
    regio_svg_printf(s, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\">",
                     W, H, W, H);
    regio_svg_printf(s, "<defs><pattern id=\"%s-hatch\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" patternTransform=\"rotate(45)\">"
                        "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#333\" stroke-width=\"1.6\"/></pattern></defs>", pre);
    if (o->title) {
        regio_svg_printf(s, "<text x=\"10\" y=\"18\" class=\"map-title\" font-size=\"14\" font-weight=\"bold\">");
        regio_svg_text(s, o->title);
        regio_svg_printf(s, "</text>");
    }
    regio_svg_printf(s, "<g class=\"units\" stroke=\"#fff\" stroke-width=\"0.6\" fill-rule=\"evenodd\">");
    for (size_t u = 0; u < m->n; u++) {
        if (first[u] == (size_t)-1) continue;
        const char *fill = o->fill && o->fill[u] ? o->fill[u] : "#d9d9d9";
        regio_svg_printf(s, "<path data-code=\"");
        regio_svg_text(s, m->ids[u]);
        regio_svg_printf(s, "\" fill=\"%s\" d=\"", fill);
        unit_path(s, m, &f, u, first, next);
        regio_svg_printf(s, "\">");
        if (o->tooltip && o->tooltip[u]) {
            regio_svg_printf(s, "<title>");
            regio_svg_text(s, o->tooltip[u]);
            regio_svg_printf(s, "</title>");
        }
        regio_svg_printf(s, "</path>");
    }
    regio_svg_printf(s, "</g>");
    if (o->hatch) {
        regio_svg_printf(s, "<g class=\"hatch\" fill=\"url(#%s-hatch)\" stroke=\"none\" fill-rule=\"evenodd\">", pre);
        for (size_t u = 0; u < m->n; u++)
            if (o->hatch[u] && first[u] != (size_t)-1) {
                regio_svg_printf(s, "<path d=\"");
                unit_path(s, m, &f, u, first, next);
                regio_svg_printf(s, "\"/>");
            }
        regio_svg_printf(s, "</g>");
    }
    if (o->label) { /* inside the unit, dark text on a white halo: legible on the darkest class too */
        regio_svg_printf(s, "<g class=\"labels\" font-size=\"9\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#111\" stroke=\"#fff\" "
                            "stroke-width=\"2.4\" stroke-linejoin=\"round\" paint-order=\"stroke\">");
        for (size_t u = 0; u < m->n; u++) {
            double lx, ly;
            if (!o->label[u] || first[u] == (size_t)-1 || !label_point(m, u, first, next, &lx, &ly)) continue;
            regio_svg_printf(s, "<text data-code=\"");
            regio_svg_text(s, m->ids[u]);
            regio_svg_printf(s, "\" x=\"%.1f\" y=\"%.1f\" dy=\"3\">", fx(&f, lx), fy(&f, ly));
            regio_svg_text(s, o->label[u]);
            regio_svg_printf(s, "</text>");
        }
        regio_svg_printf(s, "</g>");
    }
    /* north arrow, top left of the map area */
    double nx = 30, ny = top + 10;
    regio_svg_printf(s, "<g class=\"north\"><path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fL%.1f %.1fZ\" fill=\"#222\"/>"
                        "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\">N</text></g>",
                     nx, ny + 8, nx - 7, ny + 30, nx, ny + 24, nx + 7, ny + 30, nx, ny + 6);
    /* scale bar, bottom left: about a fifth of the map width, a round number of km */
    double len_m = nice_length((aw / f.scale) / 5), len_px = len_m * f.scale;
    double sx = 15, sy = H - 18;
    regio_svg_printf(s, "<g class=\"scalebar\" font-size=\"9\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"4\" fill=\"#222\"/>"
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"4\" fill=\"#fff\" stroke=\"#222\" stroke-width=\"0.6\"/>"
                        "<text x=\"%.1f\" y=\"%.1f\">0</text><text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%.0f km</text></g>",
                     sx, sy, len_px / 2, sx + len_px / 2, sy, len_px / 2, sx - 3, sy - 3, sx + len_px, sy - 3, len_m / 1000);
    if (o->nlegend) {
        double lx = W - legend_w, ly = top + 10;
        regio_svg_printf(s, "<g class=\"legend\" font-size=\"10\">");
        if (o->legend_title) {
            regio_svg_printf(s, "<text x=\"%.1f\" y=\"%.1f\" font-weight=\"bold\">", lx, ly);
            regio_svg_text(s, o->legend_title);
            regio_svg_printf(s, "</text>");
            ly += 8;
        }
        for (size_t i = 0; i < o->nlegend; i++, ly += 18) {
            regio_svg_printf(s, "<rect x=\"%.1f\" y=\"%.1f\" width=\"16\" height=\"12\" fill=\"%s\" stroke=\"#666\" stroke-width=\"0.5\"/>", lx,
                             ly, o->legend[i].color);
            if (o->legend[i].hatch)
                regio_svg_printf(s, "<rect x=\"%.1f\" y=\"%.1f\" width=\"16\" height=\"12\" fill=\"url(#%s-hatch)\"/>", lx, ly, pre);
            regio_svg_printf(s, "<text x=\"%.1f\" y=\"%.1f\">", lx + 22, ly + 10);
            regio_svg_text(s, o->legend[i].label);
            regio_svg_printf(s, "</text>");
        }
        regio_svg_printf(s, "</g>");
    }
    regio_svg_printf(s, "</svg>");
    free(first);
    free(next);
    return s->failed ? regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory") : REGIO_OK;
}

int regio_svg_choropleth(regio_svg *s, const regio_map_shapes *m, const double *values, size_t k,
                         regio_class_method method, int decimals, const char *unit, const regio_map_opts *base,
                         regio_error *err) {
    double breaks[16];
    if (k > 7) k = 7;
    size_t kk = 0;
    int rc = regio_class_breaks(values, m->n, k, method, breaks, &kk, err);
    if (rc) return rc;
    const char **fill = calloc(m->n + 1, sizeof *fill);
    char labels[8][96];
    regio_legend_item items[9];
    if (!fill) return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
    int nodata = 0;
    for (size_t i = 0; i < m->n; i++) {
        int c = regio_class_of(values[i], breaks, kk);
        fill[i] = c < 0 ? NULL : regio_palette_seq(kk, (size_t)c);
        if (c < 0) nodata = 1;
    }
    size_t n = 0;
    for (size_t c = 0; c < kk; c++, n++) {
        snprintf(labels[c], sizeof labels[c], "%.*f – %.*f%s%s", decimals, breaks[c], decimals, breaks[c + 1], unit && *unit ? " " : "",
                 unit ? unit : "");
        items[n].color = regio_palette_seq(kk, c);
        items[n].label = labels[c];
        items[n].hatch = 0;
    }
    if (nodata) {
        items[n].color = "#d9d9d9";
        items[n].label = regio_tr(base->lang, "无数据", "no data");
        items[n++].hatch = 0;
    }
    regio_map_opts o = *base;
    o.fill = fill;
    o.legend = items;
    o.nlegend = n;
    rc = regio_svg_map(s, m, &o, err);
    free(fill);
    return rc;
}
