/* access.h — travel times on a road graph and accessibility measures, on plain arrays.
 *
 * Why: the plan judges itself by travel-time yardsticks ("以昆明中心城区为中心形成1小时通勤的昆明都市圈",
 * "基础设施通达程度比较均衡") that no statistics office publishes; they have to be computed from a road network.
 * This module is the engine: a directed graph in compressed sparse rows with travel times in minutes,
 * nearest-node snapping, shortest travel times by Dijkstra's algorithm with a binary heap (one-to-many and
 * many-to-many, threaded), and the accessibility measures of the literature (nearest facility, cumulative
 * opportunities, gravity, 2SFCA, E2SFCA) on an origin × destination cost matrix. Readers that turn files into a
 * graph or a matrix (OpenStreetMap, any line layer, an OD matrix CSV) are in access_io.h. Like every engine it
 * never sees the database and keeps no state. Formulas and references: docs/methods/access.md.
 */
#ifndef REGIO_ACCESS_H
#define REGIO_ACCESS_H

#include <stddef.h>
#include <stdint.h>

#include "regio/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the graph --------------------------------------------------------------------------------------- */

/* One directed edge: from → to taking minutes (finite, >= 0). A two-way road is two edges. */
typedef struct regio_edge {
    uint32_t from, to;
    double minutes;
} regio_edge;

/* Compressed sparse rows: the edges leaving node v are first[v] .. first[v+1]−1, heading to head[e] in
 * minutes[e]. lon/lat (degrees, WGS 84) are NULL when the nodes have no position (then nothing can be snapped). */
typedef struct regio_graph {
    size_t nnodes, nedges;
    size_t *first;   /* nnodes + 1 */
    uint32_t *head;  /* nedges */
    double *minutes; /* nedges */
    double *lon, *lat;
    /* snapping index (built with the graph when it has positions): a uniform grid of cells over the
     * bounding box, the nodes of cell c are cell_node[cell_first[c] .. cell_first[c+1]) */
    size_t gx, gy;
    double x0, y0, cw, ch;
    size_t *cell_first;
    uint32_t *cell_node;
} regio_graph;

/* Builds a graph of nnodes nodes from edges (any order; parallel edges are kept, the fastest wins in routing).
 * lon/lat (nnodes each) may both be NULL. Errors: a node index >= nnodes, a negative, NaN or infinite time, more
 * than 2^32−1 nodes, a position out of range. */
int regio_graph_build(size_t nnodes, const regio_edge *edges, size_t nedges, const double *lon, const double *lat,
                      regio_graph **out, regio_error *err);
void regio_graph_free(regio_graph *g);

/* Great-circle distance in metres (haversine, mean Earth radius 6371008.8 m). */
double regio_haversine_m(double lon1, double lat1, double lon2, double lat2);

/* The node nearest to (lon, lat) by great-circle distance; *metres its distance. REGIO_EINVAL when the graph has
 * no positions or no node. Exact (the grid search widens until no closer node can exist). */
int regio_graph_snap(const regio_graph *g, double lon, double lat, size_t *node, double *metres, regio_error *err);

/* ---- shortest travel times ----------------------------------------------------------------------------- */

/* Dijkstra from source: dist[v] = shortest minutes to every node (INFINITY where unreachable or beyond
 * max_minutes; max_minutes <= 0 or INFINITY = no limit). dist has nnodes entries. */
int regio_route_from(const regio_graph *g, size_t source, double max_minutes, double *dist, regio_error *err);

/* Many-to-many: out[i × ndest + j] = shortest minutes from node sources[i] to node dests[j] (INFINITY when
 * unreachable or beyond max_minutes). One Dijkstra per source, stopped as soon as every destination is settled or
 * the limit is passed; sources are shared among nthreads threads (0 = the number of processors). The result
 * does not depend on nthreads. */
int regio_route_matrix(const regio_graph *g, const size_t *sources, size_t nsources, const size_t *dests,
                       size_t ndests, double max_minutes, unsigned nthreads, double *out, regio_error *err);

#ifdef __cplusplus
}
#endif
#endif
