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
#include "regio/export.h"

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
REGIO_API int regio_graph_build(size_t nnodes, const regio_edge *edges, size_t nedges, const double *lon,
                                const double *lat, regio_graph **out, regio_error *err);
REGIO_API void regio_graph_free(regio_graph *g);

/* Great-circle distance in metres (haversine, mean Earth radius 6371008.8 m). */
REGIO_API double regio_haversine_m(double lon1, double lat1, double lon2, double lat2);

/* The node nearest to (lon, lat) by great-circle distance; *metres its distance. REGIO_EINVAL when the graph has
 * no positions or no node. Exact (the grid search widens until no closer node can exist). */
REGIO_API int regio_graph_snap(const regio_graph *g, double lon, double lat, size_t *node, double *metres,
                               regio_error *err);

/* ---- shortest travel times ----------------------------------------------------------------------------- */

/* Dijkstra from source: dist[v] = shortest minutes to every node (INFINITY where unreachable or beyond
 * max_minutes; max_minutes <= 0 or INFINITY = no limit). dist has nnodes entries. */
REGIO_API int regio_route_from(const regio_graph *g, size_t source, double max_minutes, double *dist, regio_error *err);

/* Many-to-many: out[i × ndest + j] = shortest minutes from node sources[i] to node dests[j] (INFINITY when
 * unreachable or beyond max_minutes). One Dijkstra per source, stopped as soon as every destination is settled or
 * the limit is passed; sources are shared among nthreads threads (0 = the number of processors). The result
 * does not depend on nthreads. */
REGIO_API int regio_route_matrix(const regio_graph *g, const size_t *sources, size_t nsources, const size_t *dests,
                                 size_t ndests, double max_minutes, unsigned nthreads, double *out, regio_error *err);

/* ---- accessibility measures on a cost matrix ---------------------------------------------------------------
 *
 * cost[i × ndest + j] is the travel cost (minutes) from origin i (where people live: demand) to destination j (a
 * facility: supply); INFINITY = no connection. Conventions follow pysal/access (access/fca.py): a pair counts when
 * its cost is <= max_cost (max_cost <= 0 or INFINITY: every finite pair). An origin with no facility in reach gets
 * 0 (pysal/access leaves it out, NaN: a mean over places would then overstate access); nearest gives NaN.
 * Errors: a NaN or negative cost, a negative or non-finite demand or supply. */

typedef enum regio_decay_kind {
    REGIO_DECAY_NONE = 0,  /* w = 1 */
    REGIO_DECAY_STEP,      /* w = weight of the first step whose upper bound >= c (steps sorted), 0 beyond the last */
    REGIO_DECAY_POWER,     /* w = (max(c, min_cost) / scale)^alpha (pysal/access weights.gravity; alpha < 0 decays;
                            * an infinite weight at cost 0 is an error: give min_cost > 0) */
    REGIO_DECAY_EXP,       /* w = exp(−beta · c) */
    REGIO_DECAY_GAUSS      /* w = exp(−c² / (2 sigma²)) (pysal/access weights.gaussian, w(0) = 1) */
} regio_decay_kind;

#define REGIO_DECAY_MAXSTEPS 16

typedef struct regio_decay {
    regio_decay_kind kind;
    double scale, alpha, min_cost; /* power */
    double beta;                   /* exponential */
    double sigma;                  /* Gaussian */
    size_t nsteps;                 /* step: upto[k] increasing, weight[k] >= 0 */
    double upto[REGIO_DECAY_MAXSTEPS], weight[REGIO_DECAY_MAXSTEPS];
} regio_decay;

/* Checks the parameters (scale > 0, beta >= 0, sigma > 0, steps increasing with weights >= 0). */
REGIO_API int regio_decay_check(const regio_decay *d, regio_error *err);
/* The weight at cost c (finite, >= 0); the decay must have passed regio_decay_check. */
REGIO_API double regio_decay_weight(const regio_decay *d, double c);
/* E2SFCA's usual steps (Luo & Qi 2009 as pysal/access's default): 0–10 → 1, 10–20 → 0.68, 20–30 → 0.22. */
REGIO_API void regio_decay_e2sfca_default(regio_decay *d);

/* Nearest facility: out[i] = min_j cost (NaN when none), which[i] its destination index (may be NULL; -1 when
 * none). Destinations with supply 0 are skipped when supply is given (NULL: every destination). */
REGIO_API int regio_access_nearest(const double *cost, size_t norig, size_t ndest, const double *supply, double *out,
                                   long *which, regio_error *err);

/* Cumulative opportunities: out[i] = Σ_j supply_j · w(c_ij) over pairs with c_ij <= max_cost (supply NULL: each
 * destination counts 1; decay NULL: w = 1, the count within max_cost minutes). This is pysal/access's
 * weighted_catchment; with a power, exponential or Gaussian decay it is the gravity (Hansen) potential. */
REGIO_API int regio_access_gravity(const double *cost, size_t norig, size_t ndest, const double *supply,
                                   const regio_decay *decay, double max_cost, double *out, regio_error *err);

/* Two-step floating catchment area (Luo & Wang 2003), pysal/access two_stage_fca:
 *   R_j = S_j / Σ_i D_i w(c_ij)      over i with c_ij <= max_cost
 *   A_i = Σ_j R_j w(c_ij)            over j with c_ij <= max_cost
 * decay NULL is the original 2SFCA (w = 1); a step decay is E2SFCA (Luo & Qi 2009). A facility whose weighted
 * demand is 0 adds nothing. ratio (ndest, may be NULL) receives R_j (NaN when undefined). */
REGIO_API int regio_access_2sfca(const double *cost, size_t norig, size_t ndest, const double *demand,
                                 const double *supply, const regio_decay *decay, double max_cost, double *out,
                                 double *ratio, regio_error *err);

#ifdef __cplusplus
}
#endif
#endif
