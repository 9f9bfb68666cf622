/* svg.h — maps and charts drawn as SVG text, for the report and (later) the dashboard.
 *
 * Why regio draws its own: the report must be one self-contained file that prints the same anywhere, and the
 * dashboard must show the very same pictures. Everything here writes SVG into a growing text buffer
 * (regio_svg); nothing touches the database. Maps take polygons already projected to metres
 * (regio_map_shapes, built from lon/lat rings with an equal-area projection through GDAL/OSR — by default
 * the Albers projection centred on Yunnan), colour them by class (quantiles or Jenks natural breaks) or by
 * a caller-given fill, and add a legend, a scale bar, a north arrow and labels. Each shape is one
 * <path data-code="…"> so tests and scripts can count and find them.
 */
#ifndef REGIO_SVG_H
#define REGIO_SVG_H

#include <stddef.h>

#include "regio/error.h"
#include "regio/export.h"
#include "regio/weights_build.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- text buffer ---------------------------------------------------------------------------------- */

typedef struct regio_svg {
    char *buf;
    size_t len, cap;
    int failed;          /* an allocation failed: the text is incomplete */
} regio_svg;

REGIO_API regio_svg *regio_svg_new(void);
REGIO_API void regio_svg_free(regio_svg *s);
/* Appends formatted text. */
REGIO_API void regio_svg_printf(regio_svg *s, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Appends text with &, <, >, " escaped. */
REGIO_API void regio_svg_text(regio_svg *s, const char *text);

/* ---- projected shapes ------------------------------------------------------------------------------ */

/* The default projection: Albers equal-area on two standard parallels through Yunnan. */
#define REGIO_PROJ_YUNNAN "+proj=aea +lat_1=22 +lat_2=28 +lat_0=24 +lon_0=101.5 +datum=WGS84 +units=m +no_defs"

typedef struct regio_map_shapes {
    size_t n;            /* units */
    char **ids;          /* n unit ids */
    size_t nrings;
    size_t *ring_unit, *ring_start;
    double *x, *y;       /* projected vertices, metres */
    double *lx, *ly;     /* n label points (projected; NaN when unknown) */
    double xmin, xmax, ymin, ymax;
} regio_map_shapes;

/* Projects lon/lat rings (ids: rings->nunits unit ids; lon/lat label points may be NULL) with proj4 (NULL =
 * REGIO_PROJ_YUNNAN). REGIO_EINVAL for a projection GDAL refuses or a vertex it cannot project. */
REGIO_API int regio_map_shapes_project(const regio_rings *rings, const char *const *ids, const double *label_lon,
                                       const double *label_lat, const char *proj4, regio_map_shapes **out,
                                       regio_error *err);
REGIO_API void regio_map_shapes_free(regio_map_shapes *m);
/* The index of the unit with this id, or -1 (linear; maps are small). */
REGIO_API long regio_map_shapes_find(const regio_map_shapes *m, const char *id);

/* ---- classes -------------------------------------------------------------------------------------- */

typedef enum regio_class_method { REGIO_CLASS_QUANTILE = 0, REGIO_CLASS_JENKS } regio_class_method;

/* k classes of the finite values among x[0..n): breaks[0..k] (breaks[0] = min, breaks[k] = max). Quantile
 * breaks at type-7 quantiles; Jenks natural breaks by the exact Fisher–Jenks dynamic programme (O(k n²),
 * fine for a few hundred units). Fewer distinct values than k: k shrinks, *kout says how many. */
REGIO_API int regio_class_breaks(const double *x, size_t n, size_t k, regio_class_method method, double *breaks,
                                 size_t *kout, regio_error *err);
/* The class of v under breaks[0..k]: 0..k-1, or -1 for NaN. */
REGIO_API int regio_class_of(double v, const double *breaks, size_t k);

/* A sequential palette of k colours (k <= 7), light to dark ("#rrggbb"). */
REGIO_API const char *regio_palette_seq(size_t k, size_t i);

/* ---- maps ----------------------------------------------------------------------------------------- */

typedef struct regio_legend_item { const char *color; const char *label; int hatch; } regio_legend_item;

typedef struct regio_map_opts {
    double width, height;          /* pixels of the SVG viewport (default 640 × 520) */
    const char *title;
    const char *const *fill;       /* n fills (NULL entry = no data colour) */
    const int *hatch;              /* n: 1 draws a diagonal hatch over the fill (e.g. in two blocks); may be NULL */
    const char *const *tooltip;    /* n <title> texts; may be NULL */
    const char *const *label;      /* n text labels at the label points; may be NULL */
    const regio_legend_item *legend;
    size_t nlegend;
    const char *legend_title;
    const char *id_prefix;         /* unique prefix for pattern ids within one HTML page */
    regio_lang lang;
} regio_map_opts;

/* Draws the map: one <path data-code="id"> per unit that has rings, legend, scale bar, north arrow. */
REGIO_API int regio_svg_map(regio_svg *s, const regio_map_shapes *m, const regio_map_opts *o, regio_error *err);

/* A choropleth of values[0..m->n) (NaN = no data) in k classes: computes the breaks, fills, and legend
 * (labels with decimals and unit) and calls regio_svg_map. */
REGIO_API int regio_svg_choropleth(regio_svg *s, const regio_map_shapes *m, const double *values, size_t k,
                                   regio_class_method method, int decimals, const char *unit,
                                   const regio_map_opts *base, regio_error *err);

/* ---- charts --------------------------------------------------------------------------------------- */

typedef struct regio_chart_series { const char *name; const double *y; } regio_chart_series; /* y: npoints, NaN gaps */

/* A line chart of series over x[0..npoints) (years), with axes, ticks, and a legend. */
REGIO_API int regio_svg_line_chart(regio_svg *s, const char *title, const double *x, size_t npoints,
                                   const regio_chart_series *series, size_t nseries, const char *ylabel, double width,
                                   double height, regio_error *err);

/* A vertical marker on a line chart: a series break from year x on (drawn between x-1 and x), labelled at the
 * top with label (short) and carrying detail as its tooltip (<title>; may be NULL). */
typedef struct regio_chart_mark { double x; const char *label, *detail; } regio_chart_mark;

/* regio_svg_line_chart with markers (marks may be NULL when nmarks is 0); a mark outside the x range is skipped. */
REGIO_API int regio_svg_line_chart_marked(regio_svg *s, const char *title, const double *x, size_t npoints,
                                          const regio_chart_series *series, size_t nseries, const char *ylabel,
                                          double width, double height, const regio_chart_mark *marks, size_t nmarks,
                                          regio_error *err);

/* A horizontal bar chart (negative values to the left of zero). colors may be NULL. */
REGIO_API int regio_svg_bar_chart(regio_svg *s, const char *title, const char *const *labels, const double *values,
                                  const char *const *colors, size_t n, int decimals, const char *unit, double width,
                                  regio_error *err);

#ifdef __cplusplus
}
#endif
#endif
