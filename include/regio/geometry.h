/* geometry.h — region outlines kept in the store, simplified for drawing on a screen.
 *
 * The dashboard draws a choropleth of the plan's regions, and the server must not read the plan directory at
 * run time: `regio init` reads the polygon files named in the plan's boundaries/boundaries.csv, simplifies each
 * county (topology preserved) to a screen tolerance, unions the counties of each prefecture (and the province)
 * into its outline, and stores one GeoJSON geometry per region (table region_geometry). The server reads them
 * back as a FeatureCollection per level.
 */
#ifndef REGIO_GEOMETRY_H
#define REGIO_GEOMETRY_H

#include <stddef.h>

#include "regio/error.h"
#include "regio/export.h"
#include "regio/plan.h"
#include "regio/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Default simplification tolerance in degrees (about 500 m: well under a pixel of a province-wide map). */
#define REGIO_GEOMETRY_TOLERANCE 0.005

/* Reads the polygons of file (id_field = region code), keeps those of plan regions, simplifies them with
 * tolerance (in the file's units), unions the lowest level into every higher level, and replaces the stored
 * geometry of those regions. *saved = how many regions got an outline. */
REGIO_API int regio_geometry_import(regio_store *st, const regio_plan *plan, const char *file, const char *id_field,
                                    double tolerance, size_t *saved, regio_error *err);

/* The stored outlines of every region of a level as a GeoJSON FeatureCollection (malloc'd text, NUL-ended):
 * each feature has id = code and properties {code, name_zh, name_en, parent}. A level without stored outlines
 * gives an empty collection. */
REGIO_API int regio_geometry_collection(regio_store *st, const regio_plan *plan, regio_level level, char **out,
                                        size_t *len, regio_error *err);

#ifdef __cplusplus
}
#endif
#endif
