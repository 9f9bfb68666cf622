/* cli_analysis.h — what the analysis commands (disparity, convergence, markov, spatial) share: their common
 * options, turning them into a regio_xsection (from the plan and store, or from the user's own table with
 * --data), and building spatial weights (from the store, or from the user's --neighbours / --boundaries). */
#ifndef REGIO_CLI_ANALYSIS_H
#define REGIO_CLI_ANALYSIS_H

#include "cli/cli.h"
#include "regio/weights.h"
#include "regio/xsection.h"

typedef struct cli_analysis {
    const char *indicator;                      /* positional (plan mode) */
    const char *year, *years, *level, *weight, *partition;
    const char *data, *id, *value, *weight_col, *group_col, *name_col;
    const char *weights, *neighbours, *boundaries, *id_field, *layer;
    const char *vintage;                        /* latest | first (plan mode) */
    int across_breaks;                          /* --across-breaks: compute over a span that crosses a series break */
    int directed;                               /* --directed: keep a --neighbours file's links one-way as given */
    char wdesc_zh[320], wdesc_en[320];          /* set by cli_analysis_weights: what the weights are, for titles */
    char break_zh[768], break_en[768];          /* set by cli_analysis_load when the span crosses one: the note to print */
} cli_analysis;

/* --across-breaks, for the commands that use a span of years (disparity --years, convergence, markov). */
#define CLI_SPAN_OPTS(a)                                                                                            \
    {"--across-breaks", OPT_FLAG, &(a)->across_breaks, NULL, "年份跨越序列断点（breaks.csv，如经济普查修订）时仍然计算，并在结果旁注明", "compute even when the years cross a series break (breaks.csv, e.g. the economic-census revision), and say so next to the result"}

/* The common options, to splice into a command's option array. */
#define CLI_ANALYSIS_OPTS(a)                                                                                        \
    {"--year", OPT_STR, &(a)->year, "Y", "年份", "year"},                                                             \
    {"--years", OPT_STR, &(a)->years, "A:B", "年份范围（含两端），或逗号分隔的年份", "years A to B inclusive, or a comma list"}, \
    {"--level", OPT_STR, &(a)->level, "county|prefecture", "分析单元的层级（默认 county）", "level of the units (default county)"}, \
    {"--weight", OPT_STR, &(a)->weight, "IND|COL", "权重：指标（如 pop）或 --data 表中的列", "weight: an indicator (e.g. pop) or a --data column"}, \
    {"--partition", OPT_STR, &(a)->partition, "NAME", "分组：规划中的划分，或逗号分隔的组（不得重叠）", "grouping: a partition of the plan, or a comma list of groups (must not overlap)"}, \
    {"--data", OPT_STR, &(a)->data, "FILE", "不用规划，直接分析自己的表（CSV/XLSX）", "analyse your own table (CSV/XLSX) instead of the plan"}, \
    {"--id", OPT_STR, &(a)->id, "COL", "--data：单元标识列", "--data: the unit id column"},                           \
    {"--value", OPT_STR, &(a)->value, "COL[,COL…]", "--data：数值列（多年时逗号分隔）", "--data: value column(s), one per year"}, \
    {"--group", OPT_STR, &(a)->group_col, "COL", "--data：分组列", "--data: the group column"},                       \
    {"--name", OPT_STR, &(a)->name_col, "COL", "--data：名称列", "--data: the name column"},                         \
    {"--vintage", OPT_STR, &(a)->vintage, "latest|first", "修订过的数据用最新发布（默认）还是首次发布的版本（所有年份用同一种）", "for revised figures, the latest release (default) or the first (one choice for every year)"}

#define CLI_SPATIAL_OPTS(a)                                                                                         \
    {"--weights", OPT_STR, &(a)->weights, "queen|rook|knn:K|band:D", "空间权重（默认 queen；knn 与 band 用县的标注点，距离以公里计）", "spatial weights (default queen; knn and band use the counties' label points, distances in km)"}, \
    {"--neighbours", OPT_STR, &(a)->neighbours, "FILE", "--data：邻接文件（GAL 或 CSV 边表，按标识）", "--data: neighbours file (GAL, or CSV edge list by id)"}, \
    {"--boundaries", OPT_STR, &(a)->boundaries, "FILE", "--data：边界文件（GeoJSON/Shapefile/GeoPackage），按 --id 连接", "--data: boundaries (GeoJSON/Shapefile/GeoPackage) joined on --id"}, \
    {"--id-field", OPT_STR, &(a)->id_field, "FIELD", "--boundaries：标识字段（默认同 --id）", "--boundaries: the id field (default: the --id name)"}, \
    {"--layer", OPT_STR, &(a)->layer, "NAME", "--boundaries：图层（默认第一个）", "--boundaries: the layer (default: the first)"}, \
    {"--directed", OPT_FLAG, &(a)->directed, NULL, "--neighbours：按文件原样作为有向关系（默认把只列一个方向的关系补成双向，并说明）", "--neighbours: keep the links one-way as listed (by default a link listed in one direction only gets its reverse, with a message)"}

/* The years asked for (--year or --years), or the years of the value columns in --data mode; *n ≥ 1. */
int cli_analysis_years(cli *c, const cli_analysis *a, int need, int **years, size_t *n);

/* Loads the units. balanced = one section with every year (panel); otherwise years must be one.
 * Prints the units left out to stderr (a count, and which with --format table). In plan mode over more than
 * one year, refuses a span that crosses a series break of the indicator or the weight (regio_plan_span_check)
 * unless a->across_breaks, and then fills a->break_zh / break_en. */
int cli_analysis_load(cli *c, cli_analysis *a, const int *years, size_t nyears, regio_xsection **out);

/* Spatial weights for the units of xs, as built (not row-standardised). Reports islands on stderr, and fills
 * a->wdesc_zh / wdesc_en ("queen contiguity from FILE", "neighbours file FILE", …). A --neighbours file with links
 * listed in one direction only is symmetrised (with a message on stderr) unless a->directed. */
int cli_analysis_weights(cli *c, cli_analysis *a, const regio_xsection *xs, regio_weights **out);

/* The series-break check of a span (plan mode, more than one year; --data tables declare no breaks): CLI_OK,
 * with a->break_zh / break_en set when --across-breaks let the span cross one; else the error printed. */
int cli_analysis_span(cli *c, cli_analysis *a, const int *years, size_t nyears);

/* The series-break note of a span-based result: printed after a table (stderr for CSV, which has no room for
 * it), and as a JSON object {crossed, note} or null. */
void cli_analysis_break_note(cli *c, const cli_analysis *a);
struct json_t;
struct json_t *cli_analysis_break_json(const cli *c, const cli_analysis *a);

/* Whether the analysis runs on --data. */
static inline int cli_analysis_is_data(const cli_analysis *a) { return a->data != NULL; }

#endif
