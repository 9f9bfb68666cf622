/* weights.h — spatial weights: who neighbours whom, and how much.
 *
 * Stored in compressed sparse rows (CSR): the neighbours of unit i are neighbours[offsets[i] ..
 * offsets[i+1]) with weights values[...], sorted by neighbour index. Construction from polygons (queen/rook
 * contiguity), points (k nearest neighbours, distance band), GAL files and CSV edge lists all end in this one
 * form, and every statistic (Moran, Geary, LISA, Gi*, spatial lag, spatial Markov) takes it. Units with no
 * neighbours (islands) are allowed and reported; the statistics define what they do with them.
 */
#ifndef REGIO_WEIGHTS_H
#define REGIO_WEIGHTS_H

#include <stddef.h>

#include "regio/error.h"
#include "regio/export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum regio_wtransform {
    REGIO_W_ORIGINAL = 0, /* as built: 1 for contiguity/knn/band, or the given weights of an edge list */
    REGIO_W_ROW           /* row-standardised: each non-island row sums to 1 */
} regio_wtransform;

typedef struct regio_weights {
    size_t n;
    size_t *offsets;        /* n + 1 */
    size_t *neighbours;     /* offsets[n], each row sorted ascending, no self-links, no repeats */
    double *values;         /* offsets[n] */
    regio_wtransform transform;
    char **ids;             /* unit ids (n), or NULL when units are only indexes */
} regio_weights;

/* Builds weights from a directed edge list (i → j with weight w; w may be NULL for all 1). Repeated edges
 * and self-links are REGIO_EINVAL naming the edge. Indexes must be < n. */
REGIO_API int regio_weights_from_edges(size_t n, const size_t *i, const size_t *j, const double *w, size_t nedges,
                                       regio_weights **out, regio_error *err);

REGIO_API void regio_weights_free(regio_weights *w);

/* A copy with the transform applied (islands keep empty rows). */
REGIO_API int regio_weights_transform(const regio_weights *w, regio_wtransform t, regio_weights **out,
                                      regio_error *err);

/* Number of units with no neighbours; if islands is not NULL it receives their indexes (caller allocates n). */
REGIO_API size_t regio_weights_islands(const regio_weights *w, size_t *islands);

/* 1 when every link i→j has j→i with the same weight. */
REGIO_API int regio_weights_symmetric(const regio_weights *w);

/* A copy where every link i→j without a reverse j→i gets one with the same weight (*added counts them); links
 * given both ways are kept as they are, even with different weights. The usual repair of an edge list written
 * one row per pair (a hand-written list, a spatial join): spdep and esda read such lists as symmetric
 * neighbours. Ids and the transform are copied. */
REGIO_API int regio_weights_symmetrise(const regio_weights *w, regio_weights **out, size_t *added, regio_error *err);

/* The weights among the units named by ids (in that order), from weights whose w->ids name its units: links
 * to units not listed are dropped; a listed id that w does not know becomes an island and is counted in
 * *unknown. O((n + m) log m). */
REGIO_API int regio_weights_select(const regio_weights *w, const char *const *ids, size_t n, regio_weights **out,
                                   size_t *unknown, regio_error *err);

/* Spatial lag: lag[i] = Σ_j w_ij x[j]. */
REGIO_API void regio_weights_lag(const regio_weights *w, const double *x, double *lag);

#ifdef __cplusplus
}
#endif
#endif
