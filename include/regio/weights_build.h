/* weights_build.h — building spatial weights (include/regio/weights.h) from boundaries, points and files.
 *
 * Why one header: every builder ends in the same CSR struct, and users reach them from the same CLI options
 * (--boundaries, --neighbours, --weights queen|rook|knn:K). Definitions, tie rules and file formats are in
 * docs/methods/weights.md. Nothing here keeps state between calls.
 *
 *  - contiguity (contiguity.c): queen = the polygons share at least one vertex, rook = they share at least
 *    one edge (two consecutive common vertices). Vertices are matched exactly, or within a snapping
 *    tolerance; one sort of all vertices (O(V log V)), never a test of polygon against polygon.
 *  - points (knn.c): k nearest neighbours and distance band, Euclidean or great-circle, with a k-d tree.
 *  - files (weights_io.c): GAL (PySAL/GeoDa) and CSV edge lists, read and written.
 *  - aggregation (contiguity.c): units' contiguity lifted to groups (county → prefecture).
 */
#ifndef REGIO_WEIGHTS_BUILD_H
#define REGIO_WEIGHTS_BUILD_H

#include <stddef.h>

#include "regio/error.h"
#include "regio/export.h"
#include "regio/weights.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- polygons and contiguity */

typedef enum regio_contiguity {
    REGIO_CONTIG_QUEEN = 0, /* at least one common vertex */
    REGIO_CONTIG_ROOK       /* at least one common edge (segment between two consecutive common vertices) */
} regio_contiguity;

/* Polygons as plain arrays: ring r belongs to unit ring_unit[r] and has the vertices
 * (x[k], y[k]) for k in [ring_start[r], ring_start[r+1]). A unit may own any number of rings (the parts of a
 * multipolygon, their holes), including none (it is then an island). A ring may repeat its first vertex at
 * the end or not; the closing segment is taken either way. */
typedef struct regio_rings {
    size_t nunits;
    size_t nrings;
    const size_t *ring_unit;  /* nrings, each < nunits */
    const size_t *ring_start; /* nrings + 1, non-decreasing */
    const double *x, *y;      /* ring_start[nrings] vertices */
} regio_rings;

/* Contiguity of polygons given as rings. tolerance = 0 matches coordinates exactly; tolerance > 0 treats
 * vertices closer than or at tolerance (Euclidean, in the coordinates' units) as one, transitively. Binary
 * weights (1), symmetric, no ids. Non-finite coordinates are REGIO_EINVAL naming the vertex. */
REGIO_API int regio_weights_contiguity_rings(const regio_rings *p, regio_contiguity kind, double tolerance,
                                             regio_weights **out, regio_error *err);

/* Polygons read with GDAL/OGR, one unit per feature, in the layer's feature order. */
typedef struct regio_polygons {
    size_t n;            /* units (features) */
    char **ids;          /* n, the id field's text */
    double *cx, *cy;     /* n centroids (OGR_G_Centroid; NaN for an empty geometry) */
    double *lx, *ly;     /* n label points inside the polygon (OGR_G_PointOnSurface; NaN when empty) */
    size_t nrings;
    size_t *ring_unit;   /* nrings */
    size_t *ring_start;  /* nrings + 1 */
    double *x, *y;       /* ring_start[nrings] vertices */
    /* what was accepted but deserves a word, one line per feature (at most 20, then a count): a feature without
     * geometry (a unit without neighbours), a polygon that is not valid (crosses itself: its neighbours may be
     * wrong). NULL when there is nothing to say; the CLI prints them. */
    char *warn_zh, *warn_en;
} regio_polygons;

/* Reads every feature of a layer (NULL = the first) of anything OGR opens (GeoJSON, Shapefile, GeoPackage,
 * TopoJSON, …). Units are identified by id_field (its text form). Polygon, MultiPolygon, curved polygons
 * (linearised) and collections of them are accepted; a feature without geometry is a unit without rings.
 * REGIO_EIO when the file cannot be opened; REGIO_ENOTFOUND for an unknown layer or id field (the message
 * lists what there is); REGIO_EINVAL for an empty layer, an empty or repeated id (naming the ids and
 * their features), or a geometry that is not a polygon. */
REGIO_API int regio_polygons_read(const char *path, const char *layer, const char *id_field, regio_polygons **out,
                                  regio_error *err);
REGIO_API void regio_polygons_free(regio_polygons *p);

/* The rings of p as a regio_rings view (no copy; valid while p lives). */
REGIO_API regio_rings regio_polygons_rings(const regio_polygons *p);

/* regio_polygons_read + regio_weights_contiguity_rings; fills w->ids with the id field. */
REGIO_API int regio_weights_contiguity(const char *path, const char *layer, const char *id_field, regio_contiguity kind,
                                       double tolerance, regio_weights **out, regio_error *err);

/* ---------------------------------------------------------------- aggregation to groups */

/* Contiguity of groups: groups g ≠ h neighbour when some unit of g neighbours some unit of h (in either
 * direction). group[i] < ngroups is unit i's group. Binary, no ids. */
REGIO_API int regio_weights_aggregate(const regio_weights *w, const size_t *group, size_t ngroups, regio_weights **out,
                                      regio_error *err);

/* The same by ids: map_unit[k] belongs to map_group[k] (nmap pairs); w must have ids, and every unit of w
 * must be in the map exactly once (REGIO_EINVAL naming the first unit missing or repeated; map entries for
 * units not in w are ignored). The result's ids are the group ids in ascending byte order. */
REGIO_API int regio_weights_aggregate_map(const regio_weights *w, const char *const *map_unit,
                                          const char *const *map_group, size_t nmap, regio_weights **out,
                                          regio_error *err);

/* ---------------------------------------------------------------- points */

typedef enum regio_metric {
    REGIO_DIST_EUCLIDEAN = 0,  /* plane, in the coordinates' units */
    REGIO_DIST_GREAT_CIRCLE    /* x = longitude, y = latitude in degrees; haversine km on a sphere of
                                  REGIO_EARTH_RADIUS_KM */
} regio_metric;

#define REGIO_EARTH_RADIUS_KM 6371.0088 /* mean Earth radius (IUGG) */

/* k nearest neighbours of each point (excluding itself). Ties in distance are broken by the lower index
 * first, so the result is deterministic. Weight d^alpha (alpha = 0: binary 1; alpha = -1: inverse
 * distance; a zero distance with alpha < 0 is REGIO_EINVAL naming the pair). Not symmetric in general.
 * REGIO_EINVAL when k >= n, for non-finite coordinates, or latitudes outside [-90, 90]. O(n log n) build,
 * about O(k log n) per query. */
REGIO_API int regio_weights_knn(const double *x, const double *y, size_t n, size_t k, regio_metric metric, double alpha,
                                regio_weights **out, regio_error *err);

/* Distance band: j neighbours i when j ≠ i and distance(i, j) <= threshold (inclusive).
 * Weight d^alpha as for knn. Symmetric. Points with no one within the threshold are islands. */
REGIO_API int regio_weights_band(const double *x, const double *y, size_t n, double threshold, regio_metric metric,
                                 double alpha, regio_weights **out, regio_error *err);

/* The distance the builders use (for reports and tests). */
REGIO_API double regio_distance(regio_metric metric, double x1, double y1, double x2, double y2);

/* ---------------------------------------------------------------- files */

enum {
    REGIO_WREAD_SYMMETRIC = 1u /* refuse a list where some link i→j has no j→i (the message names it) */
};

/* GAL: a header "n" or "0 n [shapefile id-variable]", then per unit a line "id k" and a line of its k
 * neighbour ids (an empty line, or none, when k = 0). Units are indexed in order of appearance; ids are
 * kept as text. Weights 1. Errors name the file and line: bad numbers, a neighbour id with no record,
 * a repeated record or neighbour, a self-link, a neighbour line whose count differs from k, a number of
 * records different from the header's n. */
REGIO_API int regio_weights_read_gal(const char *path, unsigned flags, regio_weights **out, regio_error *err);

/* Writes the header "n" (the 1-field form, read by GeoDa, PySAL and R's spdep::read.gal, which rejects the
 * 2-field "0 n") then the records (ids when w has them, 0-based indexes otherwise). Only binary weights:
 * a weight other than 1 is REGIO_EINVAL (GAL has no place for it; write CSV). */
REGIO_API int regio_weights_write_gal(const regio_weights *w, const char *path, regio_error *err);

/* CSV edge list: a header line (names free), then "i,j" or "i,j,w" per directed link, read with
 * regio_table_read (UTF-8 or GB18030). With ids == NULL, i and j are 0-based indexes and n is the number
 * of units (0 = the largest index + 1, and then every index must be below REGIO_WEIGHTS_MAX_INFERRED); with ids (n of them, distinct), i and j are ids and w->ids is set.
 * Errors name the file and line: bad numbers, unknown ids, indexes ≥ n, repeated links, self-links,
 * rows with a different number of fields, a first line that looks like data (no header). */
#define REGIO_WEIGHTS_MAX_INFERRED 100000000u /* a hundred million units: ~2.4 GB of CSR before the first link */
REGIO_API int regio_weights_read_csv(const char *path, const char *const *ids, size_t n, unsigned flags,
                                     regio_weights **out, regio_error *err);

/* Writes "i,j,w" rows in row order; by ids when by_id and w has ids, else by 0-based index. */
REGIO_API int regio_weights_write_csv(const regio_weights *w, const char *path, int by_id, regio_error *err);

#ifdef __cplusplus
}
#endif
#endif
