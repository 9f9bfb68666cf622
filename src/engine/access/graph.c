/* graph.c — the routable graph in compressed sparse rows, and nearest-node snapping.
 *
 * Why CSR: routing touches each edge leaving a settled node once, so edges of a node must be contiguous; a
 * counting sort by tail builds that in O(n + m). Snapping uses a uniform grid over the nodes' bounding box
 * (about two nodes a cell) searched ring by ring, with a lower bound on the great-circle distance of each ring
 * so the answer is exactly the nearest node, not an approximation. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "regio/access.h"

#define EARTH_R 6371008.8
#define DEG 0.017453292519943295

double regio_haversine_m(double lon1, double lat1, double lon2, double lat2) {
    double p1 = lat1 * DEG, p2 = lat2 * DEG, dp = p2 - p1, dl = (lon2 - lon1) * DEG;
    double h = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);
    if (h > 1) h = 1;
    return 2 * EARTH_R * asin(sqrt(h));
}

void regio_graph_free(regio_graph *g) {
    if (!g) return;
    free(g->first); free(g->head); free(g->minutes); free(g->lon); free(g->lat);
    free(g->cell_first); free(g->cell_node);
    free(g);
}

static size_t cell_of(const regio_graph *g, double lon, double lat, long *cx, long *cy) {
    long x = (long)floor((lon - g->x0) / g->cw), y = (long)floor((lat - g->y0) / g->ch);
    if (x < 0) x = 0;
    if (y < 0) y = 0;
    if (x >= (long)g->gx) x = (long)g->gx - 1;
    if (y >= (long)g->gy) y = (long)g->gy - 1;
    *cx = x; *cy = y;
    return (size_t)y * g->gx + (size_t)x;
}

static int build_grid(regio_graph *g, regio_error *err) {
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    for (size_t v = 0; v < g->nnodes; v++) {
        if (g->lon[v] < x0) x0 = g->lon[v];
        if (g->lon[v] > x1) x1 = g->lon[v];
        if (g->lat[v] < y0) y0 = g->lat[v];
        if (g->lat[v] > y1) y1 = g->lat[v];
    }
    double w = x1 - x0, h = y1 - y0;
    if (w <= 0) w = 1e-6;
    if (h <= 0) h = 1e-6;
    double cells = (double)g->nnodes / 2.0 + 1, side = sqrt(w * h / cells);
    size_t gx = (size_t)ceil(w / side), gy = (size_t)ceil(h / side);
    if (gx < 1) gx = 1;
    if (gy < 1) gy = 1;
    if (gx > 4096) gx = 4096;
    if (gy > 4096) gy = 4096;
    g->gx = gx; g->gy = gy; g->x0 = x0; g->y0 = y0;
    g->cw = w / (double)gx * (1 + 1e-9); g->ch = h / (double)gy * (1 + 1e-9);
    size_t nc = gx * gy;
    g->cell_first = calloc(nc + 1, sizeof *g->cell_first);
    g->cell_node = malloc((g->nnodes ? g->nnodes : 1) * sizeof *g->cell_node);
    size_t *fill = malloc((nc + 1) * sizeof *fill);
    if (!g->cell_first || !g->cell_node || !fill) {
        free(fill);
        return regio_error_set(err, REGIO_ENOMEM, "内存不足（路网网格索引）", "out of memory (road graph grid index)");
    }
    long cx, cy;
    for (size_t v = 0; v < g->nnodes; v++) g->cell_first[cell_of(g, g->lon[v], g->lat[v], &cx, &cy) + 1]++;
    for (size_t c = 0; c < nc; c++) g->cell_first[c + 1] += g->cell_first[c];
    memcpy(fill, g->cell_first, (nc + 1) * sizeof *fill);
    for (size_t v = 0; v < g->nnodes; v++) g->cell_node[fill[cell_of(g, g->lon[v], g->lat[v], &cx, &cy)]++] = (uint32_t)v;
    free(fill);
    return REGIO_OK;
}

int regio_graph_build(size_t nnodes, const regio_edge *edges, size_t nedges, const double *lon, const double *lat,
                      regio_graph **out, regio_error *err) {
    *out = NULL;
    if (nnodes >= UINT32_MAX)
        return regio_error_set(err, REGIO_EINVAL, "路网节点过多：%zu（上限 %u）", "too many graph nodes: %zu (at most %u)",
                               nnodes, (unsigned)(UINT32_MAX - 1));
    if ((lon == NULL) != (lat == NULL))
        return regio_error_set(err, REGIO_EINVAL, "节点经纬度须同时给出", "node longitudes and latitudes go together");
    for (size_t e = 0; e < nedges; e++) {
        if (edges[e].from >= nnodes || edges[e].to >= nnodes)
            return regio_error_set(err, REGIO_EINVAL, "第 %zu 条边的端点超出节点数 %zu", "edge %zu: a node index is not below %zu",
                                   e, nnodes);
        if (!isfinite(edges[e].minutes) || edges[e].minutes < 0)
            return regio_error_set(err, REGIO_EINVAL, "第 %zu 条边的通行时间无效：%g 分钟", "edge %zu: invalid travel time %g minutes",
                                   e, edges[e].minutes);
    }
    for (size_t v = 0; lon && v < nnodes; v++)
        if (!(lon[v] >= -180 && lon[v] <= 180 && lat[v] >= -90 && lat[v] <= 90))
            return regio_error_set(err, REGIO_EINVAL, "节点 %zu 的经纬度无效：%g, %g", "node %zu: invalid position %g, %g", v,
                                   lon[v], lat[v]);
    regio_graph *g = calloc(1, sizeof *g);
    if (!g) return regio_error_set(err, REGIO_ENOMEM, "内存不足（路网）", "out of memory (road graph)");
    g->nnodes = nnodes; g->nedges = nedges;
    g->first = calloc(nnodes + 1, sizeof *g->first);
    g->head = malloc((nedges ? nedges : 1) * sizeof *g->head);
    g->minutes = malloc((nedges ? nedges : 1) * sizeof *g->minutes);
    size_t *fill = malloc((nnodes + 1) * sizeof *fill);
    if (!g->first || !g->head || !g->minutes || !fill) {
        free(fill);
        regio_graph_free(g);
        return regio_error_set(err, REGIO_ENOMEM, "内存不足（路网）", "out of memory (road graph)");
    }
    for (size_t e = 0; e < nedges; e++) g->first[edges[e].from + 1]++;
    for (size_t v = 0; v < nnodes; v++) g->first[v + 1] += g->first[v];
    memcpy(fill, g->first, (nnodes + 1) * sizeof *fill);
    for (size_t e = 0; e < nedges; e++) {
        size_t k = fill[edges[e].from]++;
        g->head[k] = edges[e].to;
        g->minutes[k] = edges[e].minutes;
    }
    free(fill);
    if (lon && nnodes) {
        g->lon = malloc(nnodes * sizeof *g->lon);
        g->lat = malloc(nnodes * sizeof *g->lat);
        if (!g->lon || !g->lat) {
            regio_graph_free(g);
            return regio_error_set(err, REGIO_ENOMEM, "内存不足（路网）", "out of memory (road graph)");
        }
        memcpy(g->lon, lon, nnodes * sizeof *lon);
        memcpy(g->lat, lat, nnodes * sizeof *lat);
        int rc = build_grid(g, err);
        if (rc) { regio_graph_free(g); return rc; }
    }
    *out = g;
    return REGIO_OK;
}

int regio_graph_snap(const regio_graph *g, double lon, double lat, size_t *node, double *metres, regio_error *err) {
    if (!g->lon || !g->nnodes)
        return regio_error_set(err, REGIO_EINVAL, "路网没有节点位置，无法将地点对应到路网",
                               "the graph has no node positions: places cannot be snapped to it");
    if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90))
        return regio_error_set(err, REGIO_EINVAL, "地点经纬度无效：%g, %g", "invalid place position %g, %g", lon, lat);
    long cx, cy;
    cell_of(g, lon, lat, &cx, &cy);
    /* a node in ring k (Chebyshev distance k in cells) differs by at least (k − 1) cells in longitude or
     * latitude; the great-circle distance is >= R·Δφ and >= (2/π)·R·cos φmax·Δλ (from the haversine formula) */
    double phimax = fmax(fabs(g->y0), fabs(g->y0 + g->ch * (double)g->gy));
    if (fabs(lat) > phimax) phimax = fabs(lat);
    if (phimax > 89.9) phimax = 89.9;
    double ring_m = EARTH_R * fmin(g->ch * DEG, 0.5 * cos(phimax * DEG) * g->cw * DEG);
    double best = INFINITY;
    size_t bestv = 0;
    long kmax = (long)(g->gx > g->gy ? g->gx : g->gy);
    for (long k = 0; k <= kmax; k++) {
        if (k >= 1 && (double)(k - 1) * ring_m > best) break;
        for (long y = cy - k; y <= cy + k; y++) {
            if (y < 0 || y >= (long)g->gy) continue;
            int edge_row = (y == cy - k || y == cy + k);
            for (long x = cx - k; x <= cx + k; x += (edge_row || k == 0) ? 1 : 2 * k) {
                if (x < 0 || x >= (long)g->gx) continue;
                size_t c = (size_t)y * g->gx + (size_t)x;
                for (size_t i = g->cell_first[c]; i < g->cell_first[c + 1]; i++) {
                    uint32_t v = g->cell_node[i];
                    double d = regio_haversine_m(lon, lat, g->lon[v], g->lat[v]);
                    if (d < best || (d == best && v < bestv)) { best = d; bestv = v; }
                }
            }
        }
    }
    *node = bestv;
    if (metres) *metres = best;
    return REGIO_OK;
}
