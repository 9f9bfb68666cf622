/* access_io.h — files into the access engine: road networks (OpenStreetMap .osm/.osm.pbf, any line layer with a
 * speed or time attribute) as a routable regio_graph, and origin–destination travel-time matrices (CSV).
 *
 * Why here and not in the engine: the engine takes arrays; reading a road network means GDAL/OGR, tag parsing
 * and a speed table, and reading a matrix means a table file with line numbers for errors. Both readers name the
 * file, line (or feature) and field of what is wrong, and state what they left out (ways without a known road
 * class, ferries). How speeds, one-way streets and ferries are read: docs/methods/access.md.
 */
#ifndef REGIO_ACCESS_IO_H
#define REGIO_ACCESS_IO_H

#include <stddef.h>

#include "regio/access.h"
#include "regio/error.h"
#include "regio/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- speeds by road class ------------------------------------------------------------------------------ */

typedef struct regio_speed_row {
    char cls[40];  /* the OSM highway value ("motorway", "primary_link", …) or "ferry" */
    double kmh;    /* > 0 */
} regio_speed_row;

typedef struct regio_speed_table {
    size_t n;
    regio_speed_row *rows;
} regio_speed_table;

/* The default car speeds (km/h) by OSM highway class: the speed table of OSRM's classic car profile
 * (docs/methods/access.md lists it). */
REGIO_API int regio_speed_default(regio_speed_table **out, regio_error *err);
/* The default table with the rows of a CSV file (columns class,kmh) replacing or adding classes. */
REGIO_API int regio_speed_read(const char *path, regio_speed_table **out, regio_error *err);
/* The speed of a class, or 0 when the class is not in the table (the way is not routable). */
REGIO_API double regio_speed_of(const regio_speed_table *t, const char *cls);
REGIO_API void regio_speed_free(regio_speed_table *t);

/* ---- road networks --------------------------------------------------------------------------------------- */

typedef struct regio_road_opts {
    const regio_speed_table *speeds; /* OSM: NULL = the default table */
    int ferries;                     /* OSM: 1 = route=ferry ways are routable at the "ferry" speed (default off) */
    /* a line layer other than OSM: */
    const char *layer;               /* NULL = the first layer */
    const char *speed_field;         /* km/h per feature, or */
    const char *time_field;          /* minutes per feature (spread over its segments by length) */
    const char *oneway_field;        /* optional: yes/true/1 = along the line only, -1 = against it */
} regio_road_opts;

typedef struct regio_road_report {
    size_t features;      /* line features read */
    size_t used;          /* features that became edges */
    size_t no_class;      /* OSM ways whose highway class is not in the speed table (not routable) */
    size_t ferries_off;   /* OSM ferry routes left out (opts.ferries = 0) */
    size_t oneway;        /* features routed in one direction only */
    double km;            /* total length of the features used */
} regio_road_report;

/* Reads an OpenStreetMap file (.osm XML or .osm.pbf, by GDAL's OSM driver): the ways of its "lines" layer with a
 * highway class in the speed table (and ferries when asked). Each vertex becomes a node (ways meet where they
 * share an OSM node, i.e. the same coordinates); each segment an edge timed length / speed, capped by a numeric
 * maxspeed below the class speed; oneway=yes/true/1, junction=roundabout and highway=motorway are one way
 * (oneway=-1 reversed, oneway=no two-way). report may be NULL. */
REGIO_API int regio_road_read_osm(const char *path, const regio_road_opts *opts, regio_graph **out,
                                  regio_road_report *report, regio_error *err);

/* Reads any OGR line layer (GeoPackage, Shapefile, GeoJSON, …) in any projection (transformed to WGS 84), timed
 * by opts.speed_field or opts.time_field (exactly one). A feature with an empty, non-numeric or non-positive
 * value is an error naming the feature and field. */
REGIO_API int regio_road_read_lines(const char *path, const regio_road_opts *opts, regio_graph **out,
                                    regio_road_report *report, regio_error *err);

/* ---- origin–destination matrices ------------------------------------------------------------------------- */

typedef struct regio_od {
    size_t norig, ndest;
    char **orig, **dest;  /* codes in the order first seen */
    double *minutes;      /* norig × ndest, row-major; INFINITY where the file has no pair */
    char *source;         /* the file */
} regio_od;

/* Reads a long CSV (or .xlsx) with columns origin, destination, minutes (other columns ignored): one row per
 * pair, minutes >= 0; a repeated pair, an empty code or a bad number is an error naming file, line and field. */
REGIO_API int regio_od_read(const char *path, regio_od **out, regio_error *err);
/* Index of a code among the origins / destinations, or -1. */
REGIO_API long regio_od_origin(const regio_od *od, const char *code);
REGIO_API long regio_od_dest(const regio_od *od, const char *code);
REGIO_API void regio_od_free(regio_od *od);

/* ---- places ---------------------------------------------------------------------------------------------- */

typedef struct regio_places {
    size_t n;
    char **id;
    double *lon, *lat;   /* degrees, WGS 84 */
    double *value;       /* the optional column value (population, beds, …); NULL when the file has none */
    char **region;       /* the optional column region (e.g. the county code a township belongs to); NULL when none */
} regio_places;

/* Reads a table with columns id, lon, lat and optionally value (>= 0) and region (not empty): e.g. county seats with their population,
 * hospitals with their beds. A repeated id, a position out of range or a bad number is an error naming file,
 * line and field. */
REGIO_API int regio_places_read(const char *path, regio_places **out, regio_error *err);
REGIO_API void regio_places_free(regio_places *p);

#ifdef __cplusplus
}
#endif
#endif
