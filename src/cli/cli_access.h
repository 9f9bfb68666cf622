/* cli_access.h — what `regio access` and `regio groups derive` share: the road-network options and loading a
 * network (OpenStreetMap or a line layer) with its report on stderr, and snapping places to it. */
#ifndef REGIO_CLI_ACCESS_H
#define REGIO_CLI_ACCESS_H

#include "cli/cli.h"
#include "regio/access.h"
#include "regio/access_io.h"

typedef struct cli_net_opts {
    const char *network, *speeds, *layer, *speed_field, *time_field, *oneway_field, *threads;
    int ferries;
} cli_net_opts;

/* The option rows of cli_net_opts (for an option table); n is set to their count. */
#define CLI_NET_OPTS(o)                                                                                                 \
    {"--network", OPT_STR, &(o).network, "FILE", "路网：OpenStreetMap（.osm、.osm.pbf）或任意线图层（需 --speed-field 或 --time-field）", \
     "road network: OpenStreetMap (.osm, .osm.pbf) or any line layer (with --speed-field or --time-field)"},            \
    {"--speeds", OPT_STR, &(o).speeds, "FILE", "按道路类别的车速表 CSV（class,kmh），替换或补充默认表",                  \
     "speeds by road class, CSV (class,kmh), replacing or adding to the default table"},                               \
    {"--ferries", OPT_FLAG, &(o).ferries, NULL, "把轮渡航线计入路网（默认不计）", "route over ferries (off by default)"}, \
    {"--layer", OPT_STR, &(o).layer, "NAME", "线图层名（默认第一个图层）", "the line layer (default: the first)"},       \
    {"--speed-field", OPT_STR, &(o).speed_field, "FIELD", "线图层的车速字段（公里/小时）", "the line layer's speed field (km/h)"}, \
    {"--time-field", OPT_STR, &(o).time_field, "FIELD", "线图层的通行时间字段（分钟/要素）", "the line layer's time field (minutes per feature)"}, \
    {"--oneway-field", OPT_STR, &(o).oneway_field, "FIELD", "线图层的单行字段（yes/true/1 顺向，-1 逆向）",           \
     "the line layer's one-way field (yes/true/1 along the line, -1 against it)"},                                       \
    {"--threads", OPT_STR, &(o).threads, "N", "最短路计算的线程数（默认为处理器数）", "threads for the shortest paths (default: the processors)"}

/* Loads o->network (OSM by extension .osm/.pbf, else a line layer); prints what was read to stderr. */
int cli_network_load(const cli *c, const cli_net_opts *o, regio_graph **g);
/* --threads as a number (0 = the processors). */
int cli_threads(const cli *c, const cli_net_opts *o, unsigned *out);
/* Snaps every place to the graph; prints the largest snapping distance to stderr. */
int cli_snap_places(const cli *c, const regio_graph *g, const regio_places *p, size_t *node);

/* The travel-time matrix from the places of origins to those of dests (row-major, INFINITY = no connection):
 * routed on o->network, or read from the OD file od (whose codes must include every place id). Exactly one of
 * the two. What was used is written into method (e.g. "network net.osm (OSM, default speeds)"). */
int cli_cost_matrix(const cli *c, const cli_net_opts *o, const char *od, const regio_places *origins,
                    const regio_places *dests, double max_minutes, double **cost, char *method, size_t cap);

int cmd_access_measure(cli *c, const cli_net_opts *o, int argc, char **argv); /* cmd_access_measure.c */

#endif
